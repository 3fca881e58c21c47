# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the workbench scripts. Source, do not run.

wb_lib_dir=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")

wb_die() {
	echo "error: $*" >&2
	exit 1
}

# The compiler warnings of a kernel build log, C and Rust (clippy's too),
# but for upstream's own: with CONFIG_RUST_KERNEL_DOCTESTS, objtool reports
# "falls through to next function" for the Div and Rem of
# kernel::num::Bounded that the kernel crate's own doctests instantiate
# (LLVM 19 and rustc 1.95 on 7.2, seen 2026-12-05; the cause was not
# looked into). wb_upstream_warnings prints those.
WB_UPSTREAM_WARNINGS='^rust/doctests_kernel_generated\.o: warning: objtool: .*kernel3num7bounded.* falls through to next function'
wb_warnings() {
	grep -E 'warning:' "$1" | grep -v '^make' | grep -Ev "$WB_UPSTREAM_WARNINGS" || true
}
wb_upstream_warnings() {
	grep -E "$WB_UPSTREAM_WARNINGS" "$1" || true
}

wb_info() {
	echo "  $*"
}

# wb_arch ARCH: set the facts of ARCH (arches.py, one entry per
# architecture): KARCH, IMAGE, DEB_ARCH; QEMU (empty: not booted here, for
# the reason NOBOOT gives), QEMU_MACHINE, CONSOLE, and KVM_HOST,
# KVM_MODULES, QEMU_KVM_MACHINE; CROSS_COMPILE and CROSS_CC (the guest's
# programs), USERLAND_SUITE, USERLAND_LDFLAGS; CC32 and CC32_KHDR (the
# 32-bit corpus; empty: no compat differential); OBJDUMP, KPROBE_ARGS,
# WORLD, QEMU_USER, TRINITY_DEB, BENCH_CPU, ARCH_PACKAGES. An unknown ARCH exits 2.
wb_arch() {
	local facts
	facts=$(python3 "$wb_lib_dir/arches.py" sh "$1") || exit 2
	eval "$facts"
}

# wb_binfmt ARCH: make this host run the programs of ARCH (wb_arch ARCH), as
# mmdebstrap needs for a root file system of another architecture: QEMU's
# user-mode emulator (Debian's qemu-user-static, which setup.sh installs)
# registered with binfmt_misc from its binfmt.d entry, whose F flag opens
# the emulator once, so that it runs in a chroot too. Root only; a host that
# cannot register it gets a message that says why.
wb_binfmt() {
	local name=$1 host entry conf=/usr/lib/binfmt.d/qemu-$QEMU_USER.conf
	host=$(dpkg --print-architecture)
	[ "$DEB_ARCH" != "$host" ] || return 0
	[ -n "$QEMU_USER" ] || wb_die "ARCH=$name has no QEMU user-mode emulator in arches.py (qemu_user)"
	command -v arch-test >/dev/null && [ -f "$conf" ] ||
		wb_die "running $DEB_ARCH programs on $host needs qemu-user-static and arch-test: run 'make ARCH=$name setup'"
	arch-test "$DEB_ARCH" >/dev/null 2>&1 && return 0
	[ -f /proc/sys/fs/binfmt_misc/register ] ||
		mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null ||
		wb_die "binfmt_misc is not mounted at /proc/sys/fs/binfmt_misc and could not be (a container without it?): $DEB_ARCH programs cannot run on this $host host"
	entry=/proc/sys/fs/binfmt_misc/qemu-$QEMU_USER
	if [ ! -e "$entry" ]; then
		wb_info "binfmt_misc: registering $conf for $DEB_ARCH programs"
		grep -v '^#' "$conf" > /proc/sys/fs/binfmt_misc/register ||
			wb_die "could not register $conf with binfmt_misc"
	fi
	grep -qx enabled "$entry" || wb_die "binfmt_misc has $entry, disabled: enable it with 'echo 1 > $entry'"
	arch-test "$DEB_ARCH" >/dev/null 2>&1 ||
		wb_die "$DEB_ARCH programs do not run on this $host host, with $entry: $(arch-test "$DEB_ARCH" 2>&1 | tail -1)"
}

# The toolchain of the kernel's make: the host's (rustup's rustc, cargo's
# bindgen, LLVM 19), or with WB_TOOLCHAIN=NAME a Debian toolchain root of
# fetch-toolchain.sh (CACHE/toolchain-NAME), with that root's own LLVM.
if [ -n "${WB_TOOLCHAIN:-}" ]; then
	WB_TOOLROOT=${WB_CACHE:?WB_CACHE is not set}/toolchain-$WB_TOOLCHAIN/root
	WB_LLVM=1
else
	WB_TOOLROOT=
	WB_LLVM=-19
fi

# wb_toolchain CMD ARG...: run CMD with the toolchain. In a toolchain root,
# CMD runs chrooted in a mount namespace of its own, with the directories
# of WB_BIND_DIRS (the build directory) bind-mounted at their own paths, the
# current directory kept, and the root's ccache in front of its compilers,
# with a cache of its own (CACHE/ccache-toolchain-NAME).
wb_toolchain() {
	if [ -z "$WB_TOOLROOT" ]; then
		"$@"
		return
	fi
	[ -f "$WB_TOOLROOT/../.complete" ] ||
		wb_die "toolchain $WB_TOOLCHAIN is not there ($WB_TOOLROOT): run 'make TOOLCHAIN=$WB_TOOLCHAIN setup'"
	unshare --mount --propagation private -- bash -c '
		set -e
		root=$1 dir=$2
		shift 2
		for d in ${WB_BIND_DIRS:-}; do
			mkdir -p "$root$d"
			mount --bind "$d" "$root$d"
		done
		mount -t proc proc "$root/proc"
		mount --bind /dev "$root/dev"
		mkdir -p "$WB_CACHE/ccache-toolchain-$WB_TOOLCHAIN" "$root/var/cache/wb-ccache"
		mount --bind "$WB_CACHE/ccache-toolchain-$WB_TOOLCHAIN" "$root/var/cache/wb-ccache"
		exec chroot "$root" /usr/bin/env -u LIBCLANG_PATH -u RUSTC -u BINDGEN \
			PATH=/usr/lib/ccache:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
			CCACHE_DIR=/var/cache/wb-ccache \
			sh -c '\''cd "$0" 2>/dev/null || cd /; exec "$@"'\'' "$dir" "$@"
	' wb-toolchain "$WB_TOOLROOT" "$PWD" "$@"
}

# wb_kmake ARG...: the kernel's make, with the toolchain's LLVM.
wb_kmake() {
	wb_toolchain make LLVM="$WB_LLVM" "$@"
}

# wb_variant VARIANT: set the facts of VARIANT (variants.py): FRAGMENTS,
# KUNIT, SERVED, SERVED_ARGS, WORLD_VARIANT. An unknown VARIANT exits 2.
wb_variant() {
	local facts
	facts=$(python3 "$wb_lib_dir/variants.py" sh "$1") || exit 2
	eval "$facts"
}

# wb_private_apt DIR ARCH: set apt_opts to an apt configuration that lives
# in DIR (sources in DIR/sources, lists and cache below DIR) and leaves the
# system's apt configuration and state untouched.
wb_private_apt() {
	local dir=$1 arch=$2
	mkdir -p "$dir/sources" "$dir/lists/partial" "$dir/cache/archives/partial"
	apt_opts=(-o Dir::Etc::SourceList=/dev/null
		  -o Dir::Etc::SourceParts="$dir/sources"
		  -o Dir::State::Lists="$dir/lists"
		  -o Dir::Cache="$dir/cache"
		  -o Dir::State::status=/dev/null
		  -o APT::Architectures::="$arch"
		  -o APT::Architecture="$arch"
		  -o Debug::NoLocking=1
		  -o Acquire::Languages=none
		  -o APT::Sandbox::User=root)
}

# The Debian mirror of every fetch: DEBIAN_MIRROR, or the one this
# machine's apt is configured with (aptsources.py); likewise
# DEBIAN_SECURITY_MIRROR for the security archive. Nothing else names one.
wb_debian_mirror() {
	DEBIAN_MIRROR=$(python3 "$wb_lib_dir/aptsources.py" mirror) || exit 1
}
wb_debian_security_mirror() {
	DEBIAN_SECURITY_MIRROR=$(python3 "$wb_lib_dir/aptsources.py" security) || exit 1
}

# wb_apt_sources FILE ARCH SUITE...: a deb822 sources file of the Debian
# mirror (wb_debian_mirror) for the suites, main only, of ARCH.
wb_apt_sources() {
	local file=$1 arch=$2
	shift 2
	[ -n "${DEBIAN_MIRROR:-}" ] || wb_debian_mirror
	cat > "$file" <<SRC
Types: deb
URIs: $DEBIAN_MIRROR
Suites: $*
Components: main
Architectures: $arch
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
}

# wb_apt_update WHAT MIRROR: apt-get update with apt_opts into the private
# configuration apt_dir, its log in apt_dir/update.log. apt-get exits 0
# when an index could not be fetched (a warning): any "Failed to fetch" is
# a failure too, and the message names the mirror.
wb_apt_update() {
	local what=$1 mirror=$2 log=$apt_dir/update.log
	wb_info "$what: apt-get update from $mirror" >&2
	if ! apt-get -q "${apt_opts[@]}" update >"$log" 2>&1 || grep -q 'Failed to fetch' "$log"; then
		grep -m3 'Failed to fetch\|^E:' "$log" | sed 's/^/    /' >&2
		wb_die "$what: apt-get update from the Debian mirror $mirror failed, see $log" \
			"(does $mirror answer? set DEBIAN_MIRROR= and DEBIAN_SECURITY_MIRROR= to another)"
	fi
}

# wb_workdir DEST: set work to a new directory DEST.tmp.XXXXXX, to be renamed
# into place when what is built in it is complete, after removing what an
# interrupted build left; an exit before that removes it (not through
# mounts: --one-file-system).
wb_workdir() {
	mkdir -p "$(dirname "$1")"
	rm -rf --one-file-system "$1".tmp.*
	work=$(mktemp -d "$1.tmp.XXXXXX")
	trap 'rm -rf --one-file-system "$work"' EXIT
}

# wb_counts_json PATH LABEL PASS FAIL [FAILED-NAME...]: write the counts
# file that "report.py --combine" adds up (WB_SKIPPED: the skipped ones).
wb_counts_json() {
	python3 - "$@" <<'PY'
import json, os, sys
path, label, p, f, *names = sys.argv[1:]
with open(path, 'w') as out:
    json.dump({'label': label, 'pass': int(p), 'fail': int(f),
               'skip': int(os.environ.get('WB_SKIPPED') or 0), 'failed': names}, out)
PY
}

# wb_mmdebstrap WORK DEST WHAT PINS ARG...: build the root file system
# WORK/root with mmdebstrap (minbase, without documentation, manuals and
# locales; ARG... are further options, the suite, WORK/root and the
# sources), its log in DEST.log, then check that each PKG=VERSION of PINS
# is what got installed. WHAT names the root in messages. Runs in a mount
# namespace of its own: the file systems mmdebstrap mounts in the root
# (proc, sys, dev) go away with it, even when it is killed, so a leftover
# directory never holds a mount of the host's.
wb_mmdebstrap() {
	local work=$1 dest=$2 what=$3 pins=$4 pin pkg ver got
	shift 4
	if ! unshare --mount --propagation private mmdebstrap --mode=root --variant=minbase \
		--aptopt='Acquire::Languages "none"' --dpkgopt='path-exclude=/usr/share/doc/*' \
		--dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
		"$@" >"$work/mmdebstrap.log" 2>&1; then
		cp "$work/mmdebstrap.log" "$dest.log"
		tail -15 "$dest.log" >&2
		wb_die "mmdebstrap failed, see $dest.log"
	fi
	cp "$work/mmdebstrap.log" "$dest.log"
	for pin in $pins; do
		pkg=${pin%%=*} ver=${pin#*=}
		got=$(chroot "$work/root" dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) || got=none
		[ "$got" = "$ver" ] || wb_die "$what has $pkg $got, not the pinned $ver"
	done
}
