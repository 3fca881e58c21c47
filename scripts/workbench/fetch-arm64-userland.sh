#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-arm64-userland.sh CACHE - fetch Debian's arm64 busybox-static and
# libcap (for static selftests) through a private apt configuration, unpack
# them into CACHE/arm64-userland and print that directory.
# The system's apt configuration is not touched.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"
cache=${1:?usage: fetch-arm64-userland.sh CACHE}
dest=$cache/arm64-userland
if [ -f "$dest/.complete" ]; then
	echo "$dest"
	exit 0
fi
apt_dir=$cache/apt-arm64
wb_private_apt "$apt_dir" arm64
cat > "$apt_dir/sources/arm64.sources" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Architectures: arm64
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
apt-get -q "${apt_opts[@]}" update >"$apt_dir/update.log" 2>&1 ||
	{ echo "error: apt-get update (arm64) failed, see $apt_dir/update.log" >&2; exit 1; }
rm -rf "$dest".tmp.*
work=$(mktemp -d "$dest.tmp.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get -q "${apt_opts[@]}" download busybox-static:arm64 libcap-dev:arm64 libcap2:arm64) \
	>"$apt_dir/download.log" 2>&1 ||
	{ echo "error: downloading arm64 packages failed, see $apt_dir/download.log" >&2; exit 1; }
mkdir "$work/root"
for deb in "$work"/*.deb; do
	dpkg-deb -x "$deb" "$work/root"
done
[ -x "$work/root/bin/busybox" ] || { echo "error: no busybox in the arm64 package" >&2; exit 1; }
rm -rf "$dest"
touch "$work/root/.complete"
mv "$work/root" "$dest"
echo "$dest"
