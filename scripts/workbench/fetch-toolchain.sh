#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-toolchain.sh CACHE NAME - build a Debian toolchain root for the
# kernel build with mmdebstrap, from Debian's packages through
# mmdebstrap's own apt configuration (the system's sources and its own
# toolchain are not touched), and print its directory:
# CACHE/toolchain-<name>-<sum>/root. build.sh and config.sh run the
# kernel's make inside it (WB_TOOLCHAIN, see lib.sh), through the link
# CACHE/toolchain-<name> to the newest complete one.
#
#   min     Debian trixie: rustc 1.85.1 and bindgen 0.71.1, the minimums
#           of Linux 7.2 (rustc 1.85.0, bindgen 0.71.1), rust-src and
#           clippy of the same release, LLVM 19. Pinned.
#   newest  Debian forky: the newest rustc and bindgen Debian has, with
#           its LLVM; the versions are whatever forky has today (printed,
#           and part of <sum>, so a newer forky is a new directory).
#
# TOOLCHAIN_PINS (package=version ...) replaces the pins of NAME; a version
# Debian does not have is an error that names the ones it has.
# Built in a *.tmp.* directory and renamed into place only when complete,
# with a .complete marker: an interrupted build is never reused.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"

cache=${1:?usage: fetch-toolchain.sh CACHE min|newest}
name=${2:?usage: fetch-toolchain.sh CACHE min|newest}
aptopts=()
case $name in
min)
	suite=trixie
	v=1.85.1+dfsg1-1+deb13u1
	pins=${TOOLCHAIN_PINS:-"rustc=$v rust-src=$v rust-clippy=$v rustfmt=$v bindgen=0.71.1-6"}
	;;
newest)
	suite=forky
	pins=${TOOLCHAIN_PINS:-}
	# A testing Release file is valid for a week; the mirror this was
	# written against served forky's a month after it expired. apt
	# still checks the signatures.
	aptopts=('Acquire::Check-Valid-Until "false"')
	;;
*)
	echo "error: unknown toolchain '$name'; known: min (Debian trixie: rustc 1.85, bindgen 0.71.1), newest (Debian forky)" >&2
	exit 2
	;;
esac
# The compilers and what the kernel build runs besides them (rsync:
# headers_install, for the guest's programs).
pkgs="rustc rust-src rust-clippy rustfmt bindgen clang lld llvm libclang-dev make gcc libc6-dev
	flex bison bc libelf-dev libssl-dev cpio kmod python3 perl ccache xz-utils rsync"

[ "$(id -u)" -eq 0 ] || wb_die "building a toolchain root needs root (mmdebstrap, chroot)"
command -v mmdebstrap >/dev/null || wb_die "mmdebstrap not found: run 'make setup'"

wb_debian_mirror
sources=("deb $DEBIAN_MIRROR $suite main")
if [ "$suite" = trixie ]; then
	wb_debian_security_mirror
	sources+=("deb $DEBIAN_MIRROR $suite-updates main" "deb $DEBIAN_SECURITY_MIRROR $suite-security main")
fi

# The versions first, with a clear message, before a long build.
apt_dir=$cache/apt-toolchain-$suite
wb_private_apt "$apt_dir" amd64
printf '%s\n' "${sources[@]}" | sed 's/^deb /deb [signed-by=\/usr\/share\/keyrings\/debian-archive-keyring.gpg] /' \
	> "$apt_dir/sources/toolchain.list"
apt_opts+=(-o Dir::Etc::SourceParts=- -o Dir::Etc::SourceList="$apt_dir/sources/toolchain.list")
for o in "${aptopts[@]}"; do
	apt_opts+=(-o "${o%% *}=$(sed 's/^[^ ]* "\(.*\)"$/\1/' <<<"$o")")
done
wb_apt_update "toolchain $name ($suite)" "$DEBIAN_MIRROR${DEBIAN_SECURITY_MIRROR:+ and $DEBIAN_SECURITY_MIRROR}"
versions() {
	apt-cache "${apt_opts[@]}" madison "$1" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}' | sort -uV
}
for pin in $pins; do
	pkg=${pin%%=*} ver=${pin#*=}
	avail=$(versions "$pkg" | paste -sd' ')
	case " $avail " in
	*" $ver "*) ;;
	*) wb_die "toolchain $name: $pkg $ver is not in Debian $suite; available: ${avail:-none} (set TOOLCHAIN_PINS)" ;;
	esac
done
# newest: pin what the suite has now.
if [ -z "$pins" ]; then
	for pkg in rustc rust-src rust-clippy rustfmt bindgen; do
		ver=$(versions "$pkg" | tail -n 1)
		[ -n "$ver" ] || wb_die "toolchain $name: Debian $suite has no $pkg"
		pins="$pins $pkg=$ver"
	done
	pins=${pins# }
fi

# <sum> covers what goes into the root (not this script: the compiler
# cache of a toolchain, CACHE/ccache-toolchain-<name>, outlives it anyway).
sum=$(echo "1 $suite $pins $pkgs ${aptopts[*]}" | sha256sum | cut -c1-12)
dest=$cache/toolchain-$name-$sum
# current: point CACHE/toolchain-<name> at $dest, atomically.
current() {
	ln -sfn "$(basename "$dest")" "$cache/toolchain-$name.tmp.link"
	mv -T "$cache/toolchain-$name.tmp.link" "$cache/toolchain-$name"
}
if [ -f "$dest/.complete" ] && [ -d "$dest/root" ]; then
	current
	wb_info "toolchain $name: $(paste -sd, "$dest/root/VERSIONS")" >&2
	echo "$dest/root"
	exit 0
fi
wb_workdir "$dest"
t0=$SECONDS
wb_info "toolchain $name: mmdebstrap $suite ($pins), log: $dest.log" >&2
# shellcheck disable=SC2086 # word splitting of the package lists is intended
wb_mmdebstrap "$work" "$dest" "toolchain $name" "$pins" --architectures=amd64 \
	--include="$(echo $pins $pkgs | tr ' ' ',')" "${aptopts[@]/#/--aptopt=}" \
	"$suite" "$work/root" "${sources[@]}"
{
	chroot "$work/root" rustc --version
	chroot "$work/root" bindgen --version
	chroot "$work/root" clang --version | head -n 1
} > "$work/root/VERSIONS" 2>&1 || { cat "$work/root/VERSIONS" >&2; wb_die "toolchain $name does not run"; }
touch "$work/.complete"
rm -rf --one-file-system "$dest"
mv "$work" "$dest"
trap - EXIT
current
# Older roots of this toolchain (another pin, or forky moved on).
for old in "$cache/toolchain-$name"-*; do
	[ "$old" = "$dest" ] || [ "$old" = "$dest.log" ] || rm -rf --one-file-system "$old"
done
wb_info "toolchain $name: ready in $((SECONDS - t0))s ($(du -sh "$dest/root" | cut -f1)): $(paste -sd, "$dest/root/VERSIONS")" >&2
echo "$dest/root"
