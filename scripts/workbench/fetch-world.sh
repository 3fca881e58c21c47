#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-world.sh CACHE ARCH - build the Debian root file system of
# "make world" with mmdebstrap, from Debian's packages through mmdebstrap's
# own apt configuration (the system's sources are not touched), and print
# its directory: CACHE/world-<suite>-<debarch>-<sum>/root. The root of
# another architecture than the host's is built through QEMU user mode
# (lib.sh: wb_binfmt).
#
# The release and the versions of the programs under test are pinned below;
# a pinned version that Debian no longer has is an error that names the
# versions it has. <sum> covers this script, so a changed package set is a
# new directory.
#
# Built in a *.tmp.* directory and renamed into place only when complete,
# with a .complete marker: an interrupted build is never reused.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"

WORLD_SUITE=trixie
# package=version: the programs make world tests, and the C library.
WORLD_PINS=${WORLD_PINS:-"libc6=2.41-12+deb13u5 systemd=257.13-1~deb13u1 criu=4.1.1-1 crun=1.21-1"}
# The rest of the system: PID 1 and what a booted Debian has (udev, D-Bus
# for logind, login for a shell on the console), and the programs the
# world tests use.
WORLD_PKGS="systemd-sysv udev dbus login passwd python3 procps iproute2 psmisc"

cache=${1:?usage: fetch-world.sh CACHE ARCH}
wb_arch "${2:?usage: fetch-world.sh CACHE ARCH}"
[ "$(id -u)" -eq 0 ] || wb_die "building the world root file system needs root (mmdebstrap, chroot)"
command -v mmdebstrap >/dev/null || wb_die "mmdebstrap not found: run 'make setup'"

sum=$( (cat "$0"; echo "$WORLD_PINS $WORLD_PKGS") | sha256sum | cut -c1-12)
dest=$cache/world-$WORLD_SUITE-$DEB_ARCH-$sum
if [ -f "$dest/.complete" ] && [ -d "$dest/root" ]; then
	echo "$dest/root"
	exit 0
fi

wb_debian_mirror
wb_debian_security_mirror
sources=("deb $DEBIAN_MIRROR $WORLD_SUITE main" "deb $DEBIAN_MIRROR $WORLD_SUITE-updates main"
	 "deb $DEBIAN_SECURITY_MIRROR $WORLD_SUITE-security main")

# The pins first, with a clear message, before a long build.
apt_dir=$cache/apt-world-$DEB_ARCH
wb_private_apt "$apt_dir" "$DEB_ARCH"
printf '%s\n' "${sources[@]}" | sed 's/^deb /deb [signed-by=\/usr\/share\/keyrings\/debian-archive-keyring.gpg] /' \
	> "$apt_dir/sources/world.list"
apt_opts+=(-o Dir::Etc::SourceParts=- -o Dir::Etc::SourceList="$apt_dir/sources/world.list")
wb_apt_update "world ($WORLD_SUITE, $DEB_ARCH)" "$DEBIAN_MIRROR and $DEBIAN_SECURITY_MIRROR"
for pin in $WORLD_PINS; do
	pkg=${pin%%=*} ver=${pin#*=}
	avail=$(apt-cache "${apt_opts[@]}" madison "$pkg" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}' | sort -uV | tr '\n' ' ')
	case " $avail " in
	*" $ver "*) ;;
	*) wb_die "$pkg $ver is not in Debian $WORLD_SUITE ($DEB_ARCH); available: ${avail:-none} (set WORLD_PINS)" ;;
	esac
done

# Another architecture's root: its programs run through QEMU user mode.
wb_binfmt "$2"
wb_workdir "$dest"
t0=$SECONDS
wb_info "world: mmdebstrap $WORLD_SUITE ($DEB_ARCH), log: $dest.log" >&2
# shellcheck disable=SC2086 # word splitting of the package lists is intended
SOURCE_DATE_EPOCH=0 wb_mmdebstrap "$work" "$dest" "the world root file system" "$WORLD_PINS" \
	--architectures="$DEB_ARCH" --include="$(echo $WORLD_PINS $WORLD_PKGS | tr ' ' ',')" \
	--customize-hook='echo world > "$1/etc/hostname"' \
	--customize-hook='chroot "$1" passwd -d root >/dev/null' \
	--customize-hook='rm -f "$1/etc/machine-id" "$1/var/lib/dbus/machine-id"; touch "$1/etc/machine-id"' \
	"$WORLD_SUITE" "$work/root" "${sources[@]}"
touch "$work/.complete"
rm -rf --one-file-system "$dest"
mv "$work" "$dest"
trap - EXIT
wb_info "world: root file system ready in $((SECONDS - t0))s ($(du -sh "$dest/root" | cut -f1)): $dest/root" >&2
echo "$dest/root"
