#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch.sh - fetch Debian's linux-source package, pinned, into the cache,
# through a private apt configuration (the system's sources are untouched),
# and extract a pristine, read-only kernel tree.
#
# Usage: fetch.sh CACHE_DIR KVER
#   KVER: Debian version of linux-source-<series>, e.g. 7.2.12-1, or
#   7.3.4-1~bpo13+1 (the series, 7.3, is its first two numbers)
#
# Result: CACHE_DIR/linux-KVER/pristine (read-only), CACHE_DIR/linux-KVER/.complete
# Everything is built in *.tmp.* directories and renamed into place only when
# complete, so an interrupted run never leaves something that looks usable.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"

cache=${1:?usage: fetch.sh CACHE_DIR KVER}
kver=${2:?usage: fetch.sh CACHE_DIR KVER}

if ! [[ $kver =~ ^([0-9]+\.[0-9]+)\.[0-9A-Za-z.+~-]*$ ]]; then
	echo "fetch: invalid KVER '$kver' (expected a Debian version such as 7.2.12-1)" >&2
	exit 2
fi
pkg=linux-source-${BASH_REMATCH[1]}

dest=$cache/linux-$kver
if [ -f "$dest/.complete" ] && [ -d "$dest/pristine" ]; then
	echo "fetch: $pkg=$kver already in $dest/pristine"
	exit 0
fi

mkdir -p "$cache"
apt_dir=$cache/apt
wb_private_apt "$apt_dir" amd64
wb_apt_sources "$apt_dir/sources/workbench.sources" amd64 forky sid trixie-backports

deb=$cache/debs/${pkg}_${kver}_all.deb
if [ ! -f "$deb" ]; then
	wb_apt_update "fetch: private apt lists in $apt_dir" "$DEBIAN_MIRROR"
	avail=$(apt-cache "${apt_opts[@]}" madison "$pkg" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}' | sort -uV)
	if ! grep -qxF "$kver" <<<"$avail"; then
		echo "fetch: $pkg version '$kver' is not available from Debian." >&2
		if [ -n "$avail" ]; then
			echo "fetch: available versions: $(echo $avail)" >&2
			echo "fetch: pick one with KVER=<version>" >&2
		else
			echo "fetch: no version of $pkg is available at all" >&2
		fi
		exit 1
	fi
	tmpd=$(mktemp -d "$cache/download.tmp.XXXXXX")
	trap 'rm -rf "$tmpd"' EXIT
	echo "fetch: downloading $pkg=$kver (about 165 MB, signature-checked by apt)"
	(cd "$tmpd" && apt-get -q "${apt_opts[@]}" download "$pkg=$kver") >"$apt_dir/download.log" 2>&1 || {
		echo "fetch: download failed, see $apt_dir/download.log" >&2
		exit 1
	}
	f=$(ls "$tmpd"/*.deb)
	dpkg-deb --info "$f" >/dev/null || { echo "fetch: downloaded file is not a valid .deb" >&2; exit 1; }
	mkdir -p "$cache/debs"
	mv "$f" "$deb.tmp" && mv "$deb.tmp" "$deb"
	rm -rf "$tmpd"
	trap - EXIT
fi

# Extract. Remove leftovers of an interrupted extraction first.
rm -rf "$dest".tmp.*
work=$(mktemp -d "$dest.tmp.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
echo "fetch: extracting $deb"
dpkg-deb -x "$deb" "$work/deb"
tarball=$(ls "$work"/deb/usr/src/linux-source-*.tar.xz)
mkdir "$work/tree"
tar -xJf "$tarball" -C "$work/tree" --strip-components=1
rm -rf "$work/deb"
mv "$work/tree" "$work/pristine"
chmod -R a-w "$work/pristine"
if [ -d "$dest" ]; then
	chmod -R u+w "$dest"
	rm -rf "$dest"
fi
touch "$work/.complete"
mv "$work" "$dest"
trap - EXIT
echo "fetch: pristine tree ready in $dest/pristine"
