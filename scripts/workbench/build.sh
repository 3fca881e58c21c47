#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh ARCH SRC OUT - incremental kernel build (LLVM=-19) into OUT.
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
wb_info "make -j$jobs ARCH=$KARCH LLVM=-19 $target (log: $log)"
if ! make -C "$src" O="$out" ARCH="$KARCH" LLVM=-19 -j"$jobs" "$target" >"$log" 2>&1; then
	grep -E 'error|Error' "$log" | head -30 >&2
	wb_die "kernel build failed, full log: $log"
fi
grep -E 'warning:' "$log" | grep -v '^make' | head -20 || true
[ -f "$out/$IMAGE" ] || wb_die "build finished without $out/$IMAGE"
[ -x "$out/usr/gen_init_cpio" ] || make -C "$src" O="$out" ARCH="$KARCH" LLVM=-19 usr/gen_init_cpio >>"$log" 2>&1 ||
	wb_die "could not build usr/gen_init_cpio, see $log"
# The config this build is complete for (config.sh seeds from it).
cp "$out/.wb-config-sum" "$out/.wb-built" 2>/dev/null || true
wb_info "kernel: $out/$IMAGE ($(stat -c %s "$out/$IMAGE") bytes)"
