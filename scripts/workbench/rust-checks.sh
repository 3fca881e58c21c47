#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rust-checks.sh JSON ARCH SRC OUT REPO - the review checks of the Rust code
# on a configured and built Rust kernel in OUT:
#
#   - make rustfmtcheck;
#   - make CLIPPY=1: no warning (the kernel's lint set, with
#     undocumented_unsafe_blocks, so every unsafe block has its SAFETY);
#   - make rustdoc, and rustdoc of kernel/clone.rs with its private items:
#     no warning, no broken link;
#   - kernel/clone.rs and its tests name no C binding, and unsafe appears in
#     kernel/clone.rs only in the #[export] entry points (one block each).
#
# The Rust objects are built again without CLIPPY afterwards, so OUT is
# left as a normal build.
set -uo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"
json=$1 arch=$2
src=$(realpath -m "$3") out=$(realpath -m "$4") repo=$(realpath -m "$5")
wb_arch "$arch"
[ -f "$out/.config" ] && [ -f "$out/vmlinux" ] || wb_die "no built kernel in $out"
jobs=${JOBS:-$(nproc)}
target=$(basename "$IMAGE")
k=(wb_kmake -C "$src" O="$out" ARCH="$KARCH" -j"$jobs")
pass=0 fail=0 failed=()
check() { # NAME LOG COMMAND...: passes if COMMAND succeeds and LOG has no warning
	local name=$1 log=$2
	shift 2
	if "$@" >"$log" 2>&1 && ! grep -qE '^(warning|error)(\[|:)' "$log"; then
		pass=$((pass + 1))
		echo "  ok: $name"
	else
		fail=$((fail + 1))
		failed+=("$name")
		echo "  FAILED: $name (log: $log)"
		grep -E -A6 '^(warning|error)(\[|:)' "$log" | head -40 | sed 's/^/    /'
	fi
}

check "rustfmtcheck" "$out/rustfmtcheck.log" "${k[@]}" rustfmtcheck
check "CLIPPY=1, no warning" "$out/clippy.log" "${k[@]}" CLIPPY=1 "$target"
# Back to rustc-built objects for the stages that follow.
"${k[@]}" "$target" >"$out/build-after-clippy.log" 2>&1 ||
	wb_die "rebuild after clippy failed, see $out/build-after-clippy.log"
check "rustdoc, no warning" "$out/rustdoc.log" "${k[@]}" rustdoc

# The leaf is documented as Kbuild compiles it: with the tree's features
# (rust_allowed_features) and the lints that the tree's rust_common_flags
# allow for all Rust code (stable_features, unused_features: one feature
# list serves every supported rustc; rustc 1.89 warns that
# generic_arg_infer is stable).
leafdoc() {
	local features allowed rtarget
	# The target of the kernel's own rustc command for kernel/clone.o
	# (x86_64's generated target.json, arm64's and arm's built-in ones).
	rtarget=$(grep -o -m1 -- '--target=[^ ]*' "$out/kernel/.clone.o.cmd" | head -1)
	[ -n "$rtarget" ] || { echo "error: no --target in $out/kernel/.clone.o.cmd"; return 1; }
	features=$(sed -n 's/^rust_allowed_features := //p' "$src/scripts/Makefile.build")
	allowed=$(sed -n '/^export rust_common_flags/,/[^\\]$/p' "$src/Makefile" |
		grep -o -- ' -A[A-Za-z_:]*')
	[ -n "$features" ] && [ -n "$allowed" ] ||
		{ echo "error: no rust_allowed_features or rust_common_flags in $src"; return 1; }
	echo "features: $features; allowed:" $allowed
	cd "$out" &&
	# shellcheck disable=SC2086 # $allowed: one word per flag
	RUSTC_BOOTSTRAP=1 OBJTREE=$out wb_toolchain rustdoc --edition=2021 -Dwarnings -Wmissing_docs \
		$allowed \
		-Wrustdoc::missing_crate_level_docs -Wrustdoc::unescaped_backticks \
		-Drustdoc::broken_intra_doc_links --document-private-items \
		"$rtarget" @./include/generated/rustc_cfg \
		-Zallow-features="$features" \
		-Zcrate-attr=no_std \
		-Zcrate-attr="feature($features)" \
		-Zunstable-options --extern pin_init --extern kernel --extern zerocopy \
		--extern zerocopy_derive --crate-type rlib --crate-name clone -L ./rust/ \
		--sysroot=/dev/null -o "$out/leafdoc" "$src/kernel/clone.rs"
}
check "rustdoc of kernel/clone.rs with private items, no warning" "$out/leafdoc.log" leafdoc

no_bindings() {
	local f n rc=0
	for f in kernel/clone.rs kernel/clone_kunit.rs; do
		n=$(grep -c 'bindings::' "$repo/$f")
		echo "$f: $n uses of bindings::"
		[ "$n" = 0 ] || rc=1
	done
	return $rc
}
check "no C bindings in kernel/clone.rs and its tests" "$out/no-bindings.log" no_bindings

unsafe_only_in_entry_points() {
	# One `unsafe {` block per #[export] entry point, none in the tests.
	local exports blocks tests
	exports=$(grep -c '^#\[export\]' "$repo/kernel/clone.rs")
	blocks=$(grep -c 'unsafe {' "$repo/kernel/clone.rs")
	tests=$(grep -c 'unsafe' "$repo/kernel/clone_kunit.rs")
	echo "kernel/clone.rs: $exports #[export] entry points, $blocks unsafe blocks;" \
		"kernel/clone_kunit.rs: $tests unsafe"
	[ "$exports" -gt 0 ] && [ "$blocks" = "$exports" ] && [ "$tests" = 0 ] &&
		awk '/^#\[export\]/ {e = 1} /^}/ {e = 0} /unsafe \{/ && !e {bad = 1} END {exit bad}' \
			"$repo/kernel/clone.rs"
}
check "unsafe only in the #[export] entry points of kernel/clone.rs" "$out/unsafe.log" \
	unsafe_only_in_entry_points

wb_counts_json "$json" "Rust checks (${WB_LABEL:-$arch}: rustfmt, clippy, rustdoc, no bindings in the leaf)" \
	"$pass" "$fail" "${failed[@]}"
echo "rust checks ${WB_LABEL:-$arch}: $pass passed, $fail failed"
[ "$fail" = 0 ]
