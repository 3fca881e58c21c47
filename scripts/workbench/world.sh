#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# world.sh image ARCH CACHE WORK - the disk image of "make world": the Debian
#     root file system (fetch-world.sh, cached in CACHE) plus the world tests
#     (guest/world as wb-world.service, the container init wb-ctr-init),
#     as an ext4 image WORK/rootfs.ext4.
# world.sh boot ARCH VARIANT KERNEL IMAGE LOG - boot KERNEL with systemd as
#     PID 1 on IMAGE (a throw-away snapshot: the image is not changed), with
#     a kprobe event on the function that serves clone3 on VARIANT, and the
#     console in LOG. WORLD_SHELL=1: a root shell on the console instead of
#     the tests. WB_CMD (and WB_EXTRA, a directory): run that command in
#     the booted system instead of the tests, as root, in a copy of EXTRA;
#     its output is streamed and the exit status is the command's.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"

# The clone3 calls the world makes, as the kprobe event wb/clone3 sees
# them: the struct clone_args in user memory (flags, set_tid_size, cgroup)
# and its size, at the function that copies it in.
probe() {
	local fn=$1 uargs=$2 size=$3
	echo "kprobe_event=p:wb/clone3,$fn,flags=+u0($uargs):x64,set_tid_size=+u72($uargs):u64,cgroup=+u80($uargs):s64,size=$size"
}

cmd=${1:-}
shift || true
case "$cmd" in
image)
	arch=$1 cache=$2 work=$(realpath -m "$3")
	wb_arch "$arch"
	root=$("$here/fetch-world.sh" "$cache" "$arch") || exit 1
	[ -d "$root/usr/lib/systemd" ] || wb_die "no Debian root file system in $root"
	command -v mke2fs >/dev/null || wb_die "mke2fs not found: run 'make setup'"
	mkdir -p "$work"
	stage=$work/root
	rm -rf "$stage" "$work/rootfs.ext4"
	cp -a "$root" "$stage"
	install -D -m 755 "$here/guest/world" "$stage/usr/local/sbin/wb-world"
	mkdir -p "$stage/usr/local/lib/wb-world"
	$CROSS_CC -static -O2 -Wall -Werror -o "$stage/usr/local/lib/wb-world/wb-ctr-init" \
		"$here/guest/wb-ctr-init.c" || wb_die "could not build wb-ctr-init"
	# The system call numbers of the seccomp test, from the arch's C
	# library headers (they differ: clone is 56 on x86_64, 220 on arm64).
	printf '#include <sys/syscall.h>\nclone=SYS_clone clone3=SYS_clone3\n' |
		$CROSS_CC -E -P - | grep -E '^clone=[0-9]+ clone3=[0-9]+$' \
		> "$stage/usr/local/lib/wb-world/syscalls" ||
		wb_die "no SYS_clone and SYS_clone3 in the headers of $CROSS_CC"
	cat > "$stage/etc/systemd/system/wb-world.service" <<'UNIT'
[Unit]
Description=make world tests
After=multi-user.target

[Service]
Type=simple
ExecStart=/usr/local/sbin/wb-world

[Install]
WantedBy=multi-user.target
UNIT
	mkdir -p "$stage/etc/systemd/system/multi-user.target.wants"
	ln -sf ../wb-world.service "$stage/etc/systemd/system/multi-user.target.wants/wb-world.service"
	echo "/dev/vda / ext4 rw,relatime 0 1" > "$stage/etc/fstab"
	mke2fs -q -t ext4 -L world -d "$stage" "$work/rootfs.ext4.tmp" 2G >/dev/null ||
		wb_die "mke2fs -d failed"
	mv "$work/rootfs.ext4.tmp" "$work/rootfs.ext4"
	rm -rf "$stage"
	wb_info "world image: $work/rootfs.ext4"
	;;
boot)
	arch=$1 variant=$2 kernel=$3 image=$4 log=$5
	wb_arch "$arch"
	wb_variant "$variant"
	[ -f "$image" ] || wb_die "no world image $image: run 'make world-image'"
	# The variant's function that serves clone3, with the registers of
	# its arguments that hold the user's struct and its size.
	read -r -a regs <<<"$KPROBE_ARGS"
	read -r ua us <<<"$SERVED_ARGS"
	p=$(probe "$SERVED" "${regs[ua - 1]}" "${regs[us - 1]}")
	shell= mode= disks="-drive file=$image,if=virtio,format=raw,snapshot=on"
	if [ "${WORLD_SHELL:-0}" = 1 ]; then
		shell="wb.world_shell=1" mode=interactive
		wb_info "world shell: log in as root (no password); 'poweroff' or Ctrl-A X ends it"
	elif [ -n "${WB_CMD:-}" ]; then
		# make world-run: the command (and the files of EXTRA) on a
		# second disk, run by wb-world instead of the tests.
		work=$(mktemp -d)
		trap 'rm -rf "$work"' EXIT
		mkdir "$work/wb"
		printf '%s\n' "$WB_CMD" > "$work/wb/cmd"
		if [ -n "${WB_EXTRA:-}" ]; then
			[ -d "$WB_EXTRA" ] || wb_die "EXTRA=$WB_EXTRA is not a directory"
			cp -a "$WB_EXTRA" "$work/wb/extra"
		else
			mkdir "$work/wb/extra"
		fi
		mb=$(( $(du -sm "$work/wb" | cut -f1) * 2 + 16 ))
		mke2fs -q -t ext4 -L wb-cmd -d "$work/wb" "$work/cmd.ext4" "${mb}M" >/dev/null ||
			wb_die "mke2fs -d failed for the command's disk"
		disks="$disks -drive file=$work/cmd.ext4,if=virtio,format=raw,snapshot=on"
		shell="wb.world_cmd=1" mode=stream
	fi
	export QEMU_EXTRA="$disks ${QEMU_EXTRA:-}"
	export APPEND="root=/dev/vda rw rootfstype=ext4 systemd.firstboot=off $p trace_buf_size=4M $shell ${APPEND:-}"
	if [ "$mode" = stream ]; then
		rc=0
		"$here/boot.sh" "$arch" "$kernel" - "$log" $mode || rc=$?
		[ $rc -eq 0 ] || echo "world-run: the command exited with status $rc (console log: $log)" >&2
		exit $rc
	fi
	exec "$here/boot.sh" "$arch" "$kernel" - "$log" $mode
	;;
*)
	echo "usage: world.sh image ARCH CACHE WORK | boot ARCH VARIANT KERNEL IMAGE LOG" >&2
	exit 2
	;;
esac
