#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# matrix.sh REPO OUTDIR [CELL...] - make matrix: build, and where a cell
# says so boot and test, each configuration below, each through the
# workbench's own make targets, with its log in OUTDIR/<cell>.log and its
# outcome in OUTDIR/<cell>.result (result, seconds, date, commit). Prints
# a table, one row per cell (also OUTDIR/table.md), and fails if any cell
# failed, naming the cell and its log. Without CELLs, all of them. The
# table also shows the last outcome of the cells not run this time (the
# whole matrix takes longer than a working day here), or "not run".
#
# MATRIX_KVER73 is the Linux 7.3 version; MATRIX_MAKEFLAGS is passed to
# every make (e.g. CORPUS_CASES=...).
set -uo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"
repo=$(realpath -m "${1:?usage: matrix.sh REPO OUTDIR [CELL...]}")
outdir=$(realpath -m "${2:?usage: matrix.sh REPO OUTDIR [CELL...]}")
shift 2
kver73=${MATRIX_KVER73:-7.3.4-1~bpo13+1}
read -r -a mflags <<<"${MATRIX_MAKEFLAGS:-}"

# The cells, what each is and what it checks: matrix.py, the one
# definition (the CI workflow reads it too). The commands are run_<cell>.
mapfile -t all_cells < <(python3 "$here/matrix.py" names)
declare -A what checks
eval "$(python3 "$here/matrix.py" sh)"

m() {
	echo "+ make $*"
	make -C "$repo" --no-print-directory "${mflags[@]}" "$@"
}
run_toolchain-min() { m TOOLCHAIN=min all && m TOOLCHAIN=min rust-checks; }
run_toolchain-newest() {
	m TOOLCHAIN=newest VARIANT=rust setup fetch prepare config build && m TOOLCHAIN=newest rust-checks
}
run_linux-7.3() {
	m KVER="$kver73" all && m KVER="$kver73" rust-checks && m KVER="$kver73" patches-check
}
# A config variant on tinyconfig starts as a copy of a build (config.sh):
# its c kernel of the plain c one, its rust kernel of its own c kernel,
# or of the plain rust one when it has none. So that build comes first:
# Kbuild then rebuilds only what depends on the options the variant
# changes. Once built, it serves every later variant.
plain() {
	local v
	for v in "$@"; do
		m VARIANT="$v" setup fetch prepare config build || return
	done
}
# (defconfig and randconfig start from their own base, not from a copy.)
rust_build() { m CONFIG_VARIANT="$1" VARIANT=rust setup fetch prepare config build; }
built() { plain rust && rust_build "$1"; }
booted() {
	local cv=$1
	shift
	plain c && m CONFIG_VARIANT="$cv" KSELFTEST=0 "$@" all
}
run_kunit-n() { built kunit-n; }
run_legacy-n() { built legacy-n; }
run_compat-n() { built compat-n; }
# The load test fills a cgroup up to its pids.max; without CGROUPS there
# is no pids controller to reach. Without cgroups or PID namespaces,
# clone3_corpus --as cannot set up its settings where permissions decide
# (a delegated cgroup; a nested PID namespace): no PERM_CASES.
run_cgroups-n() { booted cgroups-n LOAD_SECONDS=0 PERM_CASES=0; }
# The fail-nth differential repeats each case at the same PIDs through
# /proc/sys/kernel/ns_last_pid, which kernel/pid_namespace.c has only with
# PID_NS and CHECKPOINT_RESTORE: pidns-n and ckpt-n run without it.
run_pidns-n() { booted pidns-n FAULT_ARCHES= PERM_CASES=0; }
run_ckpt-n() { booted ckpt-n FAULT_ARCHES=; }
run_defconfig() { rust_build defconfig; }
run_randconfig-1() { rust_build randconfig-1; }
run_randconfig-2() { rust_build randconfig-2; }
run_randconfig-3() { rust_build randconfig-3; }
run_riscv64() { m ARCH=riscv64 CORPUS_CASES=100000 TIMEOUT=1800 all; }
run_arm() { m ARCH=arm CORPUS_CASES=100000 TIMEOUT=1800 all; }
run_loongarch64() { m ARCH=loongarch64 VARIANT=rust setup fetch prepare config build; }
# um built by clang warns in upstream code: 382 times
# -Wnull-pointer-arithmetic in asm-generic/io.h (um has no PCI I/O space),
# and of an RWX segment at the link (2026-12-03). The cell fails on a
# warning in a file of the series instead.
run_um() {
	m ARCH=um VARIANT=rust NO_WARNINGS=0 setup fetch prepare config build &&
		series_warnings "$(dirname "$outdir")/um/rust/build.log"
}
# series_warnings LOG: fail, listing them, on the compiler warnings of LOG
# (C and Rust) that name a file the series adds or changes.
series_warnings() {
	local files w
	files=$( { sed -n 's/^Files: //p' "$repo/patches/series" | tr ' ' '\n' |
		grep -v '^patches/' | sed 's/@cut=.*//'
		sed -n 's|^diff --git a/\([^ ]*\) .*|\1|p' "$repo"/patches/*.patch; } | sort -u)
	# (rustc names the file on a line after its "warning:")
	w=$(grep -A4 'warning:' "$1" | grep -F "$files")
	[ -z "$w" ] || { echo "error: warnings in files of the series:"; echo "$w"; return 1; }
	echo "no warning in the $(wc -l <<<"$files") files of the series ($(grep -c 'warning:' "$1") elsewhere)"
}
# The user's tree: a clone of the series check's git tree of Debian's
# sources (branch pristine), made by make patches.
# virtme-ng: the rust kernel with vng's options runs the clone3 kselftest
# that the initramfs stage built, from the host's root file system.
run_vng() {
	plain c rust && m initramfs &&
		m VARIANT=rust vng CMD="uname -r && $(dirname "$outdir")/x86_64/kselftest/clone3/clone3"
}
# The jobs of their own, as cells.
run_arm64() { m CORPUS_CASES=100000 check-arm64; }
run_world-arm64() { m ARCH=arm64 world; }
run_trinity() { m trinity; }
run_trinity-arm64() { m ARCH=arm64 trinity; }
run_bench() { m bench; }
run_bench-nofault() { m CONFIG_VARIANT=nofault bench; }
run_ksrc() {
	local build=$(dirname "$outdir") tree=$outdir/ksrc-tree
	m patches && rm -rf "$tree" && git clone -q -b pristine "$build/series/tree" "$tree" &&
		m KSRC="$tree" all
}

cells=("$@")
[ ${#cells[@]} -gt 0 ] || cells=("${all_cells[@]}")
for c in "${cells[@]}"; do
	[ -n "${what[$c]+set}" ] || wb_die "unknown matrix cell '$c'; known: ${all_cells[*]}"
done

mkdir -p "$outdir"
commit=$(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown)
failed=()
for c in "${cells[@]}"; do
	log=$outdir/$c.log
	echo "==> [$(date +%T)] matrix $c: ${what[$c]} (log: $log)"
	rm -f "$outdir/$c.result"
	t0=$SECONDS
	if "run_$c" >"$log" 2>&1; then
		r=passed
	else
		r=FAILED
		failed+=("$c")
		grep -E '^error|FAILED|Error [0-9]' "$log" | head -8 | sed 's/^/    /'
	fi
	echo "$r $((SECONDS - t0)) $(date -u +%F) $commit" > "$outdir/$c.result"
	echo "<== matrix $c $r in $((SECONDS - t0))s"
done

echo
echo "matrix ($(date -u +%F)):"
python3 "$here/matrix.py" table "$outdir"
echo "matrix: $(( ${#cells[@]} - ${#failed[@]} )) passed, ${#failed[@]} failed of the ${#cells[@]} cells run now;" \
	"$(grep -l '^passed' "$outdir"/*.result 2>/dev/null | wc -l) of ${#all_cells[@]} passed when last run"
for c in "${failed[@]}"; do
	echo "error: matrix cell $c failed, log: $outdir/$c.log" >&2
done
[ ${#failed[@]} -eq 0 ]
