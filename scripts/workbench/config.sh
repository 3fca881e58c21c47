#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# config.sh ARCH VARIANT SRC OUT REPO - tinyconfig + fragments, verified.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"
arch=$1 variant=$2
src=$(realpath -m "$3") out=$(realpath -m "$4") repo=$(realpath -m "$5")
wb_arch "$arch"
wb_variant "$variant"

frags=("$repo/.config.fragment" "$here/configs/$arch.config" "$here/configs/$variant.config")
[ "$variant" = debug ] && frags=("${frags[@]:0:2}" "$here/configs/rust.config" "$here/configs/debug.config")
# The c and rust kernels also boot make world's Debian system (systemd,
# CRIU, crun): one kernel serves the busybox lab and the world.
[ "$variant" = debug ] || frags+=("$here/configs/world.config" "$here/configs/world-$arch.config")
# A rust build that has none of its own starts as a copy of the c build
# of the same ARCH: the configs differ only in CONFIG_RUST_CLONE*, so
# Kbuild then rebuilds only what depends on those (and the Rust crates,
# which see every option).
seed=$(dirname "$out")/$(basename "$out" | sed 's/^rust/c/')
if [ "$variant" = rust ] && [ ! -f "$out/vmlinux" ] && [ -f "$seed/vmlinux" ] &&
   [ "$(cat "$seed/.wb-built" 2>/dev/null)" = "$(cat "$seed/.wb-config-sum" 2>/dev/null)" ]; then
	wb_info "starting from a copy of the c build ($seed)"
	rm -rf "$out"
	cp -a "$seed" "$out"
	rm -f "$out"/console.log* "$out"/results.json "$out"/build.log "$out"/.wb-built
	# A few commands name the output directory (objtool's build, rustc's
	# dep-info): name the new one, so that they do not rebuild.
	grep -rlZ --include='*.cmd' --include='*.d' "$seed/" "$out" |
		xargs -0 -r sed -i "s#$seed/#$out/#g"
fi
mkdir -p "$out"
kmake=(make -s -C "$src" O="$out" ARCH="$KARCH" LLVM=-19)

if ! "${kmake[@]}" rustavailable >"$out/rustavailable.log" 2>&1; then
	cat "$out/rustavailable.log" >&2
	wb_die "Rust is not available to the kernel build (see above); run 'make setup'"
fi

# Regenerate only when an input changed, so the build stays incremental.
sum=$(cat "${frags[@]}" "$src/.wb-prepared" | sha256sum | cut -c1-16)
if [ -f "$out/.config" ] && [ "$(cat "$out/.wb-config-sum" 2>/dev/null)" = "$sum" ]; then
	wb_info "config unchanged ($out/.config)"
else
	"${kmake[@]}" tinyconfig >"$out/config.log" 2>&1 || { tail -20 "$out/config.log" >&2; wb_die "make tinyconfig failed"; }
	(cd "$out" && "$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "${frags[@]}") >>"$out/config.log" 2>&1 ||
		{ tail -20 "$out/config.log" >&2; wb_die "merge_config.sh failed"; }
	"${kmake[@]}" olddefconfig >>"$out/config.log" 2>&1 || { tail -20 "$out/config.log" >&2; wb_die "make olddefconfig failed"; }
	echo "$sum" > "$out/.wb-config-sum"
fi
"$here/check-config.sh" "$out/.config" "${frags[@]}" || {
	rm -f "$out/.wb-config-sum"
	exit 1
}
