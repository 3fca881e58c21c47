#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-userland.sh CACHE ARCH - fetch Debian's busybox-static and libcap
# (for static selftests) of ARCH (arm64, riscv64) through a private apt
# configuration, unpack them into CACHE/ARCH-userland and print that
# directory, whose bin/busybox is the busybox, from the arch's
# USERLAND_SUITE (arches.py): arm64's is bookworm, as the host's cross C
# library is; riscv64's trixie.
# The system's apt configuration is not touched.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"
cache=${1:?usage: fetch-userland.sh CACHE ARCH}
arch=${2:?usage: fetch-userland.sh CACHE ARCH}
wb_arch "$arch"
suite=$USERLAND_SUITE
[ -n "$suite" ] || wb_die "no Debian userland is fetched for ARCH=$arch (arches.py: userland_suite)"
dest=$cache/$arch-userland
if [ -f "$dest/.complete" ]; then
	echo "$dest"
	exit 0
fi
apt_dir=$cache/apt-$arch
wb_private_apt "$apt_dir" "$DEB_ARCH"
wb_apt_sources "$apt_dir/sources/$arch.sources" "$DEB_ARCH" "$suite" "$suite-updates"
wb_apt_update "userland ($arch, $suite)" "$DEBIAN_MIRROR"
wb_workdir "$dest"
(cd "$work" && apt-get -q "${apt_opts[@]}" download busybox-static:"$DEB_ARCH" libcap-dev:"$DEB_ARCH" \
	libcap2:"$DEB_ARCH") >"$apt_dir/download.log" 2>&1 ||
	wb_die "downloading $arch packages failed, see $apt_dir/download.log"
mkdir "$work/root"
for deb in "$work"/*.deb; do
	dpkg-deb -x "$deb" "$work/root"
done
# trixie's packages put busybox in /usr/bin.
if [ ! -e "$work/root/bin/busybox" ] && [ -x "$work/root/usr/bin/busybox" ]; then
	mkdir -p "$work/root/bin"
	ln "$work/root/usr/bin/busybox" "$work/root/bin/busybox"
fi
[ -x "$work/root/bin/busybox" ] || wb_die "no busybox in the $arch package"
rm -rf "$dest"
touch "$work/root/.complete"
mv "$work/root" "$dest"
echo "$dest"
