#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh ARCH SRC OUT - incremental kernel build (LLVM) into OUT, with the
# host's toolchain or WB_TOOLCHAIN's (lib.sh).
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"
arch=$1
src=$(realpath -m "$2") out=$(realpath -m "$3")
wb_arch "$arch"
[ -f "$out/.config" ] || wb_die "no $out/.config: run the config stage first"
jobs=${JOBS:-$(nproc)}
log=$out/build.log
target=$(basename "$IMAGE")
wb_info "make -j$jobs ARCH=$KARCH LLVM=$WB_LLVM $target${WB_TOOLCHAIN:+ (toolchain $WB_TOOLCHAIN: $(paste -sd, "$WB_TOOLROOT/VERSIONS"))} (log: $log)"
if ! wb_kmake -C "$src" O="$out" ARCH="$KARCH" -j"$jobs" "$target" >"$log" 2>&1; then
	grep -E 'error|Error' "$log" | head -30 >&2
	wb_die "kernel build failed, full log: $log"
fi
wb_upstream_warnings "$log" | sed 's/^/  upstream, not counted: /' | cut -c1-200 || true
warnings=$(wb_warnings "$log")
if [ -n "$warnings" ]; then
	head -20 <<<"$warnings"
	# make matrix: a compiler warning fails the build, as it fails the
	# robots' builds.
	[ "${WB_NO_WARNINGS:-0}" != 1 ] ||
		wb_die "$(wc -l <<<"$warnings") compiler warning(s) (NO_WARNINGS=1), full log: $log"
fi
[ -f "$out/$IMAGE" ] || wb_die "build finished without $out/$IMAGE"
# The initramfs tool, for the stages that boot. Kbuild builds usr/ only
# with CONFIG_BLK_DEV_INITRD, which a randconfig may leave out.
if grep -qx 'CONFIG_BLK_DEV_INITRD=y' "$out/.config"; then
	[ -x "$out/usr/gen_init_cpio" ] || wb_kmake -C "$src" O="$out" ARCH="$KARCH" usr/gen_init_cpio >>"$log" 2>&1 ||
		wb_die "could not build usr/gen_init_cpio, see $log"
fi
# The config this build is complete for (config.sh seeds from it).
cp "$out/.wb-config-sum" "$out/.wb-built" 2>/dev/null || true
wb_info "kernel: $out/$IMAGE ($(stat -c %s "$out/$IMAGE") bytes)"
