#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# initramfs.sh ARCH SRC KOUT WORK - build the static kselftests of clone3,
# pidfd and the other suites that create tasks with clone3 against the
# patched tree's headers, add busybox, our init and /usr/bin/timeout,
# Debian's trinity where arches.py has it (fetch-trinity.sh), and pack
# WORK/initramfs.cpio with the kernel's usr/gen_init_cpio.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"
arch=$1
src=$(realpath -m "$2") kout=$(realpath -m "$3") work=$(realpath -m "$4")
wb_arch "$arch"
[ -n "$QEMU" ] || wb_die "ARCH=$arch is not booted here, so it has no initramfs"
mkdir -p "$work"
log=$work/initramfs.log
: > "$log"

gen=$kout/usr/gen_init_cpio
grep -qx 'CONFIG_BLK_DEV_INITRD=y' "$kout/.config" ||
	wb_die "$kout/.config has no CONFIG_BLK_DEV_INITRD: that kernel cannot boot an initramfs"
[ -x "$gen" ] || wb_die "no $gen: run the build stage first"
# The hostprogs of a build in a toolchain root (make TOOLCHAIN=) are linked
# against that root's C library, newer than the host's: the host builds
# its own gen_init_cpio from the same source.
if [ -n "$WB_TOOLROOT" ]; then
	gen=$work/gen_init_cpio
	cc -O2 -o "$gen" "$src/usr/gen_init_cpio.c" >>"$log" 2>&1 ||
		wb_die "building gen_init_cpio for the host failed, see $log"
fi

# 1. uapi headers of the patched tree.
hdr=$work/headers
wb_info "headers_install -> $hdr"
wb_kmake -s -C "$src" O="$kout" ARCH="$KARCH" INSTALL_HDR_PATH="$hdr" headers_install >>"$log" 2>&1 ||
	wb_die "headers_install failed, see $log"

# 2. The selftests, static, with the kselftest install layout and runner.
ksft=$work/kselftest
# The suites that create tasks with clone3: clone3 and pidfd, and those that
# exercise its flags through their own programs. Of cgroup, seccomp and
# namespaces only the programs named in WB_RUN are run (the others need
# bash, hugetlb, zswap..., are benchmarks, or create no task with clone3).
suites="clone3 pidfd core pid_namespace filesystems/empty_mntns cgroup seccomp namespaces"
WB_RUN="cgroup:test_core cgroup:test_kill cgroup:test_freezer cgroup:test_pids seccomp:seccomp_bpf
	namespaces:listns_efault_test namespaces:regression_pidfd_setns_test"
WB_RUN=$(echo $WB_RUN)
wb_info "building selftests $suites (static, $CROSS_CC) -> $ksft"
cross=()
cc="$CROSS_CC -static"
if [ -n "$CROSS_COMPILE" ]; then
	# busybox and libcap of a cross ARCH come from Debian's packages.
	ul=$("$here/fetch-userland.sh" "${WB_CACHE:?}" "$arch") || wb_die "could not fetch the $arch userland"
	cross=(CROSS_COMPILE="$CROSS_COMPILE")
	cc="$cc -idirafter $ul/usr/include -L$ul/usr/lib/${CROSS_COMPILE%-}"
	# (arches.py: why riscv64 has USERLAND_LDFLAGS)
	cc="$cc${USERLAND_LDFLAGS:+ $USERLAND_LDFLAGS}"
fi
rm -rf "$ksft"
if ! make -C "$src/tools/testing/selftests" ARCH="$KARCH" "${cross[@]}" \
	TARGETS="$suites" O="$work/kselftest-build" \
	KHDR_INCLUDES="-isystem $hdr/include" CC="$cc" \
	KSFT_INSTALL_PATH="$ksft" install >>"$log" 2>&1; then
	grep -E 'error|Error' "$log" | head -20 >&2
	wb_die "selftest build failed, see $log"
fi
[ -x "$ksft/run_kselftest.sh" ] || wb_die "no kselftest runner in $ksft"
# Keep only the chosen programs of cgroup and seccomp in the runner's list
# (and in the initramfs).
list=$ksft/kselftest-list.txt
keep=$(mktemp)
while IFS= read -r t; do
	case " cgroup seccomp namespaces " in
	*" ${t%%:*} "*)
		case " $WB_RUN " in
		*" $t "*) echo "$t" ;;
		*) rm -f "$ksft/${t%%:*}/${t#*:}" ;;
		esac ;;
	*) echo "$t" ;;
	esac
done < "$list" > "$keep"
mv "$keep" "$list"
for t in $WB_RUN; do
	grep -qx "$t" "$list" || wb_die "selftest $t was not built, see $log"
done
# Per-collection timeouts (the runner's default is 45 s) where TCG needs
# more: cgroup's test_cgcore_destroy reads 1 GB from /dev/urandom; pidfd_test
# forks until a PID is recycled, which took more than 45 s on arm64 with one
# vCPU on a loaded host.
echo "timeout=300" > "$ksft/cgroup/settings"
echo "timeout=180" > "$ksft/pidfd/settings"
for t in clone3/clone3 clone3/clone3_set_tid clone3/clone3_clear_sighand \
	 clone3/clone3_cap_checkpoint_restore clone3/clone3_corpus clone3/clone3_faults clone3/clone3_fuzz \
	 clone3/clone3_race clone3/clone3_load core/close_range_test core/unshare_test \
	 pid_namespace/pidns_init_via_setns filesystems/empty_mntns/clone3_empty_mntns_test \
	 cgroup/test_core cgroup/test_kill seccomp/seccomp_bpf; do
	[ -x "$ksft/$t" ] || wb_die "selftest $t was not built, see $log"
	file -b "$ksft/$t" 2>/dev/null | grep -q 'statically linked' || wb_die "$t is not static"
done

# 3. The corpus as a 32-bit program, for the compat syscall tables, by the
# arch's CC32: i386 by clang -m32 with the patched tree's headers
# (CC32_KHDR), arm by Debian's cross gcc with its own (the arm64 headers
# are not arm's).
c3src=$src/tools/testing/selftests/clone3/clone3_corpus.c
read -r -a cc32 <<<"$CC32"
[ -z "$CC32_KHDR" ] || cc32+=(-isystem "$hdr/include")
if [ ${#cc32[@]} -gt 0 ]; then
	wb_info "building clone3_corpus32 (${cc32[0]})"
	"${cc32[@]}" -static -O2 -Wall -o "$ksft/clone3/clone3_corpus32" "$c3src" -lpthread >>"$log" 2>&1 ||
		wb_die "32-bit corpus build failed, see $log"
	file -b "$ksft/clone3/clone3_corpus32" | grep -q '32-bit.*statically linked' ||
		wb_die "clone3_corpus32 is not a static 32-bit program"
else
	wb_info "no clone3_corpus32 on $arch (arches.py: no cc32, see its entry): no compat differential"
fi

# 4. The benchmark (make bench), with the selftests' raw clone3 wrappers.
wb_info "building clone3_bench"
$CROSS_CC -static -O2 -Wall -isystem "$hdr/include" -I "$src/tools/testing/selftests/clone3" \
	-o "$work/clone3_bench" "$here/bench/clone3_bench.c" -lpthread >>"$log" 2>&1 ||
	wb_die "clone3_bench build failed, see $log"

# 5. busybox.
bb=/bin/busybox
[ -z "$CROSS_COMPILE" ] || bb=$ul/bin/busybox
[ -x "$bb" ] || wb_die "no static busybox at $bb"

# 6. trinity (the arches.py entries with trinity): Debian's binary, its
# clone-family copy, and the C library it links against, at the paths that
# binary looks for: its program interpreter, and the C library in the
# interpreter's multiarch directory.
tr= tr_lib= tr_interp=
if [ -n "$TRINITY_DEB" ]; then
	tr=$("$here/fetch-trinity.sh" "${WB_CACHE:?}" "$arch") || wb_die "could not fetch trinity"
	tr_interp=$(readelf -l "$tr/usr/bin/trinity" | sed -n 's/.*program interpreter: \(.*\)\]$/\1/p')
	tr_lib=$(cd "$tr" && find usr/lib -name "${tr_interp##*/}" -path 'usr/lib/*-linux-gnu*/*' | head -n 1)
	[ -n "$tr_interp" ] && [ -n "$tr_lib" ] && [ -f "$tr/${tr_lib%/*}/libc.so.6" ] ||
		wb_die "trinity in $tr: no program interpreter (${tr_interp:-none}) or C library next to it"
fi

# 7. The cpio, listed for gen_init_cpio.
list=$work/initramfs.list
{
	echo "dir /dev 755 0 0"
	echo "nod /dev/console 600 0 0 c 5 1"
	echo "nod /dev/null 666 0 0 c 1 3"
	for d in /bin /sbin /usr /usr/bin /usr/sbin /proc /sys /tmp /root /wb; do
		echo "dir $d 755 0 0"
	done
	echo "file /bin/busybox $bb 755 0 0"
	echo "file /init $here/guest/init 755 0 0"
	# The kselftest runner applies its per-test timeout only through
	# /usr/bin/timeout, with coreutils' options: a busybox sh version.
	echo "file /usr/bin/timeout $here/guest/timeout 755 0 0"
	echo "file /bin/clone3_bench $work/clone3_bench 755 0 0"
	if [ -n "$tr" ]; then
		# usr/lib/<triplet>/ld-*.so* as /lib/<triplet>/...
		trdir=/lib/${tr_lib#usr/lib/}
		trdir=${trdir%/*}
		for d in /lib "$trdir" "${tr_interp%/*}"; do
			echo "dir $d 755 0 0"
		done | sort -u
		echo "file $trdir/libc.so.6 $tr/${tr_lib%/*}/libc.so.6 755 0 0"
		echo "file $tr_interp $tr/$tr_lib 755 0 0"
		echo "file /usr/bin/trinity-clone $tr/usr/bin/trinity-clone 755 0 0"
		echo "file /usr/bin/wb-trinity $here/guest/trinity 755 0 0"
	fi
	(cd "$ksft" && find . -mindepth 1 -type d | sort) | while read -r d; do
		echo "dir /kselftest/${d#./} 755 0 0"
	done | sed '1i dir /kselftest 755 0 0'
	(cd "$ksft" && find . -type f | sort) | while read -r f; do
		echo "file /kselftest/${f#./} $ksft/${f#./} $(stat -c %a "$ksft/$f") 0 0"
	done
} > "$list"
"$gen" "$list" > "$work/initramfs.cpio.tmp" 2>>"$log" || wb_die "gen_init_cpio failed, see $log"
mv "$work/initramfs.cpio.tmp" "$work/initramfs.cpio"
wb_info "initramfs: $work/initramfs.cpio ($(stat -c %s "$work/initramfs.cpio") bytes, $(grep -c '^file' "$list") files)"
