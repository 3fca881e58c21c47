#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh ARCH ADIR SRC ROUNDS [SUFFIX] - boot the C and the Rust kernel
# of ADIR (ADIR/c$SUFFIX, ADIR/rust$SUFFIX: a config variant) alternately, ROUNDS times each, under QEMU's -icount shift=0,sleep=off
# (guest time = instructions), then once each in plain TCG (wall clock),
# with the guest running clone3_bench only. bench.py makes the table.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"
arch=$1 adir=$(realpath -m "$2") src=$(realpath -m "$3") rounds=$4 sfx=${5:-}
wb_arch "$arch"
case "$rounds" in
'' | *[!0-9]* | 0 | 1) wb_die "BENCH_ROUNDS must be a number >= 2, not '$rounds'" ;;
esac
out=$adir/bench$sfx
initrd=$adir/initramfs.cpio
for v in c rust; do
	[ -f "$adir/$v$sfx/$IMAGE" ] || wb_die "no $v kernel in $adir/$v$sfx: build it first (make VARIANT=$v config build)"
done
[ -f "$initrd" ] || wb_die "no $initrd: run the initramfs stage first"

# Same config but for the options of the Rust clone3 and its KUnit test.
differ=$(diff <(grep -v 'RUST_CLONE' "$adir/c$sfx/.config") <(grep -v 'RUST_CLONE' "$adir/rust$sfx/.config") |
	grep '^[<>]' | grep -v '^[<>] #' || true)
[ -z "$differ" ] || wb_die "the c and rust configs differ beyond CONFIG_RUST_CLONE*: $differ"
wb_info "configs equal but for: $(diff "$adir/c$sfx/.config" "$adir/rust$sfx/.config" | grep -o 'CONFIG_RUST_CLONE[A-Z0-9_]*' | sort -u | tr '\n' ' ')"

mkdir -p "$out"
rm -f "$out"/*.log "$out"/*.cmd
# -icount needs TCG, whatever the host's KVM.
export SMP=1 TIMEOUT=${TIMEOUT:-900} ACCEL=tcg
# The CPU model of the arch's entry (arches.py: bench_cpu), if any.
cpu=$BENCH_CPU
bootone() { # VARIANT LOG QEMU_EXTRA BENCH-MODE
	local t0=$SECONDS
	APPEND="wb.kselftest=0 wb.bench=$4 norandmaps kunit.enable=0" QEMU_EXTRA="$3" \
		"$here/boot.sh" "$arch" "$adir/$1$sfx/$IMAGE" "$initrd" "$2" >/dev/null ||
		wb_die "the $1 kernel did not finish the benchmark; console log: $2"
	grep -q '@@WB-BENCH-END rc=0@@' "$2" ||
		wb_die "clone3_bench failed on the $1 kernel: $(grep -m1 'clone3_bench:' "$2" || echo 'no result'); console log: $2"
	wb_info "$(basename "$2" .log): $((SECONDS - t0)) s"
}
for r in $(seq "$rounds"); do
	for v in c rust; do
		bootone "$v" "$out/$v-icount-$r.log" "-icount shift=0,sleep=off $cpu" 1
	done
done
for v in c rust; do
	bootone "$v" "$out/$v-wall.log" "$cpu" wall
done
