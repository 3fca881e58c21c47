#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-trinity.sh CACHE ARCH - fetch Debian's trinity syscall fuzzer
# (version pinned below) and the C library it links against, from Debian
# trixie through a private apt configuration, unpack them into
# CACHE/trinity-<version>-<debarch> and print that directory. The system's
# apt configuration is not touched.
#
# The directory holds usr/bin/trinity as Debian ships it, and
# usr/bin/trinity-clone: the same binary with AVOID_SYSCALL cleared in the
# syscall table entries of clone, clone3, fork and vfork, so that
# "trinity-clone -c clone3 -c clone -c fork -c vfork" calls them. Upstream
# trinity (and so Debian) marks them AVOID because a child created by a
# fuzzed call runs on in the fuzzer's own code; the guest runs trinity in a
# cgroup with a pids limit and kills the cgroup afterwards. Each entry is
# found by its exact bytes (struct syscallentry: name[80], num_args,
# flags == AVOID_SYSCALL), exactly once, or the fetch fails.
#
# Built in a *.tmp.* directory and renamed into place only when complete:
# an interrupted fetch is never reused.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"

TRINITY_VERSION=${TRINITY_VERSION:-1.9+git20241022.ba2360ed84a8-1}
TRINITY_SUITE=trixie

cache=${1:?usage: fetch-trinity.sh CACHE ARCH}
wb_arch "${2:?usage: fetch-trinity.sh CACHE ARCH}"
dest=$cache/trinity-$TRINITY_VERSION-$DEB_ARCH
if [ -f "$dest/.complete" ]; then
	echo "$dest"
	exit 0
fi
t0=$SECONDS
apt_dir=$cache/apt-trinity-$DEB_ARCH
wb_private_apt "$apt_dir" "$DEB_ARCH"
wb_apt_sources "$apt_dir/sources/trinity.sources" "$DEB_ARCH" "$TRINITY_SUITE" "$TRINITY_SUITE-updates"
wb_apt_update "trinity ($TRINITY_SUITE, $DEB_ARCH)" "$DEBIAN_MIRROR"
avail=$(apt-cache "${apt_opts[@]}" madison trinity 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}' | sort -uV | tr '\n' ' ')
case " $avail " in
*" $TRINITY_VERSION "*) ;;
*) wb_die "trinity $TRINITY_VERSION is not in Debian $TRINITY_SUITE ($DEB_ARCH); available: ${avail:-none}" ;;
esac
wb_workdir "$dest"
wb_info "trinity: downloading trinity=$TRINITY_VERSION and libc6 ($TRINITY_SUITE)" >&2
(cd "$work" && apt-get -q "${apt_opts[@]}" download "trinity=$TRINITY_VERSION" libc6) \
	>"$apt_dir/download.log" 2>&1 ||
	wb_die "downloading trinity $TRINITY_VERSION failed, see $apt_dir/download.log"
mkdir "$work/root"
for deb in "$work"/*.deb; do
	dpkg-deb -x "$deb" "$work/root"
done
bin=$work/root/usr/bin/trinity
[ -x "$bin" ] || wb_die "no usr/bin/trinity in the trinity package"
python3 - "$bin" "$bin-clone" <<'PY' || wb_die "could not enable the clone family in trinity"
import struct, sys
src, dst = sys.argv[1:]
data = bytearray(open(src, 'rb').read())
AVOID_SYSCALL = 1 << 0
for name in ('clone', 'clone3', 'fork', 'vfork'):
    # struct syscallentry: ... char name[80]; unsigned int num_args, flags;
    pat = name.encode().ljust(80, b'\0')
    hits = []
    at = data.find(pat)
    while at >= 0:
        flags = struct.unpack_from('<I', data, at + 84)[0]
        if flags == AVOID_SYSCALL:
            hits.append(at)
        at = data.find(pat, at + 1)
    if len(hits) != 1:
        sys.exit(f'{name}: {len(hits)} entries marked AVOID_SYSCALL, expected 1')
    struct.pack_into('<I', data, hits[0] + 84, 0)
    print(f'  trinity-clone: {name}: AVOID_SYSCALL cleared at file offset {hits[0] + 84:#x}',
          file=sys.stderr)
open(dst, 'wb').write(data)
PY
chmod 755 "$bin-clone"
echo "$TRINITY_VERSION" > "$work/root/VERSION"
dpkg-deb -f "$work"/libc6_*.deb Version >> "$work/root/VERSION"
rm -rf "$dest"
touch "$work/root/.complete"
mv "$work/root" "$dest"
wb_info "trinity: $dest ($((SECONDS - t0)) s)" >&2
echo "$dest"
