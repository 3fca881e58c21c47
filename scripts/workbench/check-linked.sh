#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-linked.sh JSON ARCH BUILD_ARCH_DIR VARIANT... - prove which clone3
# implementation each vmlinux links: "rust" must have the Rust entry point
# rust_clone3 and no C copy_clone_args_from_user; "c" the other way round.
set -uo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"
json=$1 arch=$2 adir=$3
shift 3
pass=0 fail=0
failed=()
check() {
	local name=$1
	shift
	if "$@"; then
		pass=$((pass + 1))
		echo "  ok: $name"
	else
		fail=$((fail + 1))
		failed+=("$name")
		echo "  FAILED: $name"
	fi
}
has() { grep -qE " [tT] $2\$" "$1"; }
for v in "$@"; do
	vml=$adir/$v/vmlinux
	syms=$(mktemp)
	if ! llvm-nm-19 "$vml" > "$syms" 2>/dev/null; then
		check "$arch/$v: vmlinux readable" false
		continue
	fi
	case $v in
	rust|debug)
		check "$arch/$v: vmlinux has the Rust rust_clone3" has "$syms" rust_clone3
		check "$arch/$v: vmlinux has no C copy_clone_args_from_user" \
			bash -c "! grep -qE ' [tT] copy_clone_args_from_user\$' '$syms'"
		;;
	c)
		check "$arch/$v: vmlinux has the C copy_clone_args_from_user" has "$syms" copy_clone_args_from_user
		check "$arch/$v: vmlinux has no Rust rust_clone3" \
			bash -c "! grep -qE ' [tT] rust_clone3\$' '$syms'"
		;;
	esac
	rm -f "$syms"
done
wb_counts_json "$json" "linked implementation ($arch)" "$pass" "$fail" "${failed[@]}"
[ $fail -eq 0 ]
