#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# config.sh ARCH VARIANT SRC OUT REPO - tinyconfig + fragments, verified
# (or a config variant of make matrix: WB_CONFIG_VARIANT, below).
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"
arch=$1 variant=$2
src=$(realpath -m "$3") out=$(realpath -m "$4") repo=$(realpath -m "$5")
wb_arch "$arch"
wb_variant "$variant"

frags=("$repo/.config.fragment" "$here/configs/$arch.config")
for f in $FRAGMENTS; do
	frags+=("$here/configs/$f")
done
# The c and rust kernels also boot make world's Debian system (systemd,
# CRIU, crun): one kernel serves the busybox lab and the world.
# Options whose name changed between kernel series are in
# world-<series>.config (KVER_SERIES, 7.2 by default).
series=${KVER_SERIES:-7.2}
# make matrix: a config variant, WB_CONFIG_VARIANT=NAME, is the fragment
# configs/matrix/NAME.config (randconfig-SEED: configs/matrix/randconfig.config),
# put last, so that it overrides the fragments before it: the variant is
# the kernel make boots with one thing taken away. Its line "# base:
# TARGET" names the config it starts from instead of tinyconfig (then it
# is the only fragment); randconfig is seeded with KCONFIG_SEED=SEED, with
# the fragment forced in through KCONFIG_ALLCONFIG.
cv=${WB_CONFIG_VARIANT:-}
base=tinyconfig
mfrag=
if [ -n "$cv" ]; then
	mfrag=$here/configs/matrix/${cv%%-[0-9]*}.config
	[ "${cv#randconfig-}" = "$cv" ] || mfrag=$here/configs/matrix/randconfig.config
	[ -f "$mfrag" ] || wb_die "unknown config variant '$cv': no $mfrag (known: $(cd "$here/configs/matrix" && ls | sed 's/\.config$//' | paste -sd' '))"
	base=$(sed -n 's/^# base: *//p' "$mfrag")
	base=${base:-tinyconfig}
fi
if [ "$base" = tinyconfig ] && [ "$variant" != debug ] && [ -f "$here/configs/world-$arch.config" ]; then
	# (make world boots x86_64 and arm64, which have world-ARCH.config.)
	[ -f "$here/configs/world-$series.config" ] ||
		wb_die "no configs/world-$series.config: the world options of Linux $series are not known here (known: $(cd "$here/configs" && ls world-[0-9]*.config | sed 's/world-\(.*\)\.config/\1/' | paste -sd' '))"
	frags+=("$here/configs/world.config" "$here/configs/world-$arch.config" "$here/configs/world-$series.config")
fi
if [ "$base" != tinyconfig ]; then
	frags=("$mfrag")
elif [ -n "$mfrag" ]; then
	frags+=("$mfrag")
fi
# A rust build that has none of its own starts as a copy of the c build
# of the same ARCH: the configs differ only in CONFIG_RUST_CLONE*, so
# Kbuild then rebuilds only what depends on those (and the Rust crates,
# which see every option).
# A config variant on tinyconfig starts as a copy of the c build of the
# same variant if there is one (rust), else of the plain build of its
# VARIANT, for the same reason: Kbuild rebuilds what depends on the
# options the variant changes.
complete() {
	[ -f "$1/vmlinux" ] && [ "$(cat "$1/.wb-built" 2>/dev/null)" = "$(cat "$1/.wb-config-sum" 2>/dev/null)" ]
}
seed=$(dirname "$out")/$(basename "$out" | sed 's/^rust/c/')
[ -n "$cv" ] && ! complete "$seed" && seed=$(dirname "$out")/$variant
if { [ "$variant" = rust ] || [ -n "$cv" ]; } && [ "$base" = tinyconfig ] &&
   [ ! -f "$out/vmlinux" ] && [ "$seed" != "$out" ] && complete "$seed"; then
	wb_info "starting from a copy of the build in $seed"
	# Copied beside it and renamed into place when complete: an
	# interrupted copy (a cut file newer than its sources) is never built
	# on, and the next run removes it.
	rm -rf "$out" "$out".copy.*
	copy=$out.copy.$$
	cp -a "$seed" "$copy"
	rm -f "$copy"/console.log* "$copy"/results.json "$copy"/build.log "$copy"/.wb-built
	# A few commands name the output directory (objtool's build, rustc's
	# dep-info): name the new one, so that they do not rebuild.
	grep -rlZ --include='*.cmd' --include='*.d' "$seed/" "$copy" |
		xargs -0 -r sed -i "s#$seed/#$out/#g"
	mv -T "$copy" "$out"
fi
mkdir -p "$out"
kmake=(wb_kmake -s -C "$src" O="$out" ARCH="$KARCH")

if ! "${kmake[@]}" rustavailable >"$out/rustavailable.log" 2>&1; then
	cat "$out/rustavailable.log" >&2
	wb_die "Rust is not available to the kernel build (see above); run 'make setup'"
fi

# Regenerate only when an input changed, so the build stays incremental.
sum=$( (cat "${frags[@]}" "$src/.wb-prepared"; echo "$base $cv ${RANDCONFIG_PROBABILITY:-10}") | sha256sum | cut -c1-16)
if [ -f "$out/.config" ] && [ "$(cat "$out/.wb-config-sum" 2>/dev/null)" = "$sum" ]; then
	wb_info "config unchanged ($out/.config)"
else
	if [ "$base" = randconfig ]; then
		rseed=${cv#randconfig-}
		cat "${frags[@]}" > "$out/allconfig.config"
		# KCONFIG_PROBABILITY: the share of options randconfig turns on
		# (README: a lower one than Kconfig's 50 keeps a build within
		# this machine's means).
		KCONFIG_SEED=$rseed KCONFIG_ALLCONFIG=$out/allconfig.config \
			KCONFIG_PROBABILITY=${RANDCONFIG_PROBABILITY:-10} \
			"${kmake[@]}" randconfig >"$out/config.log" 2>&1 ||
			{ tail -20 "$out/config.log" >&2; wb_die "make randconfig (KCONFIG_SEED=$rseed) failed"; }
	else
		"${kmake[@]}" "$base" >"$out/config.log" 2>&1 || { tail -20 "$out/config.log" >&2; wb_die "make $base failed"; }
		(cd "$out" && "$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "${frags[@]}") >>"$out/config.log" 2>&1 ||
			{ tail -20 "$out/config.log" >&2; wb_die "merge_config.sh failed"; }
	fi
	"${kmake[@]}" olddefconfig >>"$out/config.log" 2>&1 || { tail -20 "$out/config.log" >&2; wb_die "make olddefconfig failed"; }
	echo "$sum" > "$out/.wb-config-sum"
fi
"$here/check-config.sh" "$out/.config" "${frags[@]}" || {
	rm -f "$out/.wb-config-sum"
	exit 1
}
