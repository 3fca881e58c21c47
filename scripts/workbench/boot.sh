#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# boot.sh ARCH KERNEL INITRD LOG [stream|interactive] - boot in QEMU (KVM
# where the host has a standard one for ARCH, TCG otherwise: accel.py),
# with a timeout. INITRD "-": none (make world boots from a disk).
#
# The console goes to LOG. With "stream", the output of the guest command
# (between the @@WB-CMD-...@@ markers) is also shown live, and the exit
# status is the command's. Otherwise the exit status is 0 when the guest
# ran to its end (@@WB-DONE@@), non-zero for a panic, a hang or an early
# stop, and the message names LOG. With "interactive", the console is the
# terminal (Ctrl-A X quits QEMU), with no timeout and no checks.
#
# Environment: TIMEOUT (s, default 900), MEM (default 1G), SMP (default 2),
# APPEND (extra kernel command line), QEMU_EXTRA (extra QEMU arguments),
# ACCEL (kvm or tcg: forced; empty: accel.py chooses).
set -uo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"
arch=$1 kernel=$2 initrd=$3 log=$4 mode=${5:-}
wb_arch "$arch"
[ -n "$QEMU" ] || wb_die "ARCH=$arch has no QEMU that boots it here: $NOBOOT"
timeout=${TIMEOUT:-900}
[ -f "$kernel" ] || wb_die "no kernel image $kernel: run the build stage first"
[ "$initrd" = - ] || [ -f "$initrd" ] || wb_die "no initramfs $initrd: run the initramfs stage first"
command -v "$QEMU" >/dev/null || wb_die "$QEMU not found: run 'make setup ARCH=$arch'"

accel=$(python3 "$here/accel.py" "$arch") || exit 2
accel_why=${accel#* } accel=${accel%% *}
if [ "$accel" = kvm ]; then
	read -r -a machine <<<"$QEMU_KVM_MACHINE"
else
	read -r -a machine <<<"$QEMU_MACHINE"
fi
cmdline="console=$CONSOLE panic=-1 oops=panic ${APPEND:-}"
qemu=("$QEMU" "${machine[@]}" -m "${MEM:-1G}" -smp "${SMP:-2}" -display none
      -no-reboot -kernel "$kernel" -append "$cmdline" ${QEMU_EXTRA:-})
[ "$initrd" = - ] || qemu+=(-initrd "$initrd")
if [ "$mode" = interactive ]; then
	exec "${qemu[@]}" -serial mon:stdio -monitor none
fi
qemu+=(-serial stdio -monitor none)
mkdir -p "$(dirname "$log")"
echo "${qemu[*]}" > "$log.cmd"
[ "$mode" = stream ] || wb_info "booting $(basename "$kernel") in $QEMU (${accel^^}: $accel_why; timeout ${timeout}s), console: $log"

start=$(date +%s)
if [ "$mode" = stream ]; then
	timeout --foreground -k 5 "$timeout" "${qemu[@]}" </dev/null 2>&1 | sed -u 's/\r//g' | tee "$log" |
		awk '/@@WB-CMD-END/ {p=0} p {print; fflush()} /@@WB-CMD-BEGIN@@/ {p=1}'
	qrc=${PIPESTATUS[0]}
else
	timeout --foreground -k 5 "$timeout" "${qemu[@]}" </dev/null 2>&1 | sed -u 's/\r//g' > "$log"
	qrc=${PIPESTATUS[0]}
fi
secs=$(( $(date +%s) - start ))

if ! grep -q '@@WB-DONE@@' "$log"; then
	if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
		why="hung: no result after ${timeout}s (timeout)"
		[ "$accel" = tcg ] || why="hung: no result after ${timeout}s under KVM ($accel_why), which may not run this guest: try ACCEL=tcg"
	elif grep -q 'Kernel panic' "$log"; then
		why="panicked: $(grep -m1 'Kernel panic' "$log" | sed 's/^\[[^]]*\] //')"
	elif ! grep -q '@@WB-BOOTED' "$log"; then
		why="stopped before init ran (qemu exit $qrc)"
	else
		why="stopped before the guest finished (qemu exit $qrc)"
	fi
	echo "error: the kernel $why; console log: $log" >&2
	tail -15 "$log" | sed 's/^/    /' >&2
	exit 3
fi
# Any kernel report (kreports.py: what is one, and what is not) fails.
python3 "$here/kreports.py" "$log" || exit 3
if [ "$mode" = stream ]; then
	rc=$(sed -n 's/.*@@WB-CMD-END rc=\([0-9]*\)@@.*/\1/p' "$log" | head -1)
	[ -n "$rc" ] || { echo "error: the command's exit status is missing; console log: $log" >&2; exit 3; }
	exit "$rc"
fi
wb_info "guest finished in ${secs}s"
