#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm-run.sh ARCH KERNEL INITRD CMD [EXTRA] - boot KERNEL with the workbench
# initramfs plus a second cpio holding CMD (as /wb/cmd) and the files of
# the directory EXTRA (as /wb/extra, the working directory, on PATH).
# The command's output is streamed; the exit status is the command's.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"
arch=$1 kernel=$2 initrd=$3 cmd=$4 extra=${5:-}
wb_arch "$arch"
[ -n "$cmd" ] || wb_die "vm-run needs a command: make vm-run CMD='...' [EXTRA=dir]"
[ -f "$kernel" ] || wb_die "no kernel image $kernel: run 'make ARCH=$arch' first"
[ -f "$initrd" ] || wb_die "no initramfs $initrd: run 'make ARCH=$arch' first"
gen=$(dirname "$(dirname "$(dirname "$(dirname "$kernel")")")")/usr/gen_init_cpio
[ -x "$gen" ] || wb_die "no $gen: run 'make ARCH=$arch' first"
if [ -n "$extra" ]; then
	[ -d "$extra" ] || wb_die "EXTRA=$extra is not a directory"
	extra=$(realpath "$extra")
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%s\n' "$cmd" > "$work/cmd"
{
	echo "dir /wb 755 0 0"
	echo "dir /wb/extra 755 0 0"
	echo "file /wb/cmd $work/cmd 644 0 0"
	if [ -n "$extra" ]; then
		(cd "$extra" && find . -mindepth 1 -type d | sort) | while read -r d; do
			echo "dir /wb/extra/${d#./} 755 0 0"
		done
		(cd "$extra" && find . -type f | sort) | while read -r f; do
			echo "file /wb/extra/${f#./} $extra/${f#./} $(stat -c %a "$extra/$f") 0 0"
		done
	fi
} > "$work/list"
"$gen" "$work/list" > "$work/extra.cpio" || wb_die "gen_init_cpio failed"
# The kernel unpacks concatenated cpio archives in order.
cat "$initrd" "$work/extra.cpio" > "$work/initrd.cpio"
log=$(dirname "$initrd")/vm-run.log
set +e
"$here/boot.sh" "$arch" "$kernel" "$work/initrd.cpio" "$log" stream
rc=$?
set -e
[ $rc -eq 0 ] || echo "vm-run: the command exited with status $rc (console log: $log)" >&2
exit $rc
