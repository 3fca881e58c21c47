# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the workbench scripts. Source, do not run.

wb_die() {
	echo "error: $*" >&2
	exit 1
}

wb_info() {
	echo "  $*"
}

# Map the workbench ARCH (x86_64, arm64) to kernel and tool names.
# Sets KARCH, IMAGE, QEMU, CROSS_CC, CONSOLE.
wb_arch() {
	case "$1" in
	x86_64)
		KARCH=x86_64
		IMAGE=arch/x86/boot/bzImage
		QEMU=qemu-system-x86_64
		CROSS_CC=gcc
		CONSOLE=ttyS0
		DEB_ARCH=amd64
		;;
	arm64)
		KARCH=arm64
		IMAGE=arch/arm64/boot/Image
		QEMU=qemu-system-aarch64
		CROSS_CC=aarch64-linux-gnu-gcc
		CONSOLE=ttyAMA0
		DEB_ARCH=arm64
		;;
	*)
		echo "error: unknown ARCH '$1'; supported: x86_64 arm64" >&2
		exit 2
		;;
	esac
}

wb_variant() {
	case "$1" in
	c|rust|debug) ;;
	*)
		echo "error: unknown VARIANT '$1'; supported: c rust debug" >&2
		exit 2
		;;
	esac
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

# wb_counts_json PATH LABEL PASS FAIL [FAILED-NAME...]: write the counts
# file that "report.py --combine" adds up.
wb_counts_json() {
	python3 - "$@" <<'PY'
import json, sys
path, label, p, f, *names = sys.argv[1:]
with open(path, 'w') as out:
    json.dump({'label': label, 'pass': int(p), 'fail': int(f), 'skip': 0,
               'failed': names}, out)
PY
}
