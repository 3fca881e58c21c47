#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vng.sh ARCH KERNEL CMD - run CMD under virtme-ng (vng) with KERNEL on
# the host's root file system (read-only, over 9p, with an overlay for
# what it writes), as root, and exit with CMD's status. virtme-ng is
# installed into WB_CACHE/tools/virtme-ng the first time (pip, pinned:
# VNG_PIN), and Debian's udev if the host has none. KVM where accel.py
# finds a standard one, TCG otherwise.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"
arch=$1 kernel=$2 cmd=$3
wb_arch "$arch"
[ -n "$cmd" ] || { echo "error: make vng needs a command: make vng VARIANT=c|rust CMD='...'" >&2; exit 2; }
[ -f "$kernel" ] || wb_die "no kernel image $kernel: run 'make vng' (it builds it)"
VNG_PIN=${VNG_PIN:-virtme-ng==1.42}
tools=${WB_CACHE:?WB_CACHE is not set}/tools/virtme-ng
if [ ! -x "$tools/bin/vng" ]; then
	wb_info "pip install $VNG_PIN into $tools"
	wb_workdir "$tools"
	python3 -m pip install -q --disable-pip-version-check --no-warn-script-location \
		--root-user-action=ignore --target "$work" "$VNG_PIN" ||
		wb_die "pip install $VNG_PIN failed"
	[ -x "$work/bin/vng" ] || wb_die "$VNG_PIN has no bin/vng"
	rm -rf "$tools"
	mv "$work" "$tools"
	trap - EXIT
fi
# The guest runs the host's udevd: without it, vng finds no virtio-serial
# ports for the command's input and output, loses both and exits 255.
if [ ! -x /lib/systemd/systemd-udevd ] && [ ! -x /usr/lib/systemd/systemd-udevd ]; then
	[ "$(id -u)" -eq 0 ] || wb_die "vng needs udev on the host (the guest runs its udevd): apt-get install udev"
	wb_info "apt-get install udev (the guest of vng runs the host's udevd)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends udev >/dev/null ||
		wb_die "apt-get install udev failed"
fi
accel=$(python3 "$here/accel.py" "$arch") || exit 2
opts=(--run "$kernel" --force-9p --memory "${MEM:-1G}" --cpus "${SMP:-2}" --user root)
[ "$arch" = x86_64 ] || opts+=(--arch "$KARCH")
if [ "${accel%% *}" = tcg ]; then
	opts+=(--disable-kvm)
fi
wb_info "vng ${opts[*]} (${accel%% *}: ${accel#* })" >&2
# Through a pipe: QEMU opens the standard output and error anew (chardevs on
# /proc/self/fd/N), which truncates a log file that they are redirected to.
PATH=$tools/bin:$PATH PYTHONPATH=$tools${PYTHONPATH:+:$PYTHONPATH} timeout --foreground -k 5 "${TIMEOUT:-900}" \
	"$tools/bin/vng" "${opts[@]}" --exec "$cmd" 2>&1 | cat
