#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# prepare.sh PRISTINE REPO SRC - make SRC the pristine tree plus our changes.
#
# New kernel files are copied from REPO at their kernel path; changes to
# upstream files are REPO/patches/*.patch, applied in order with patch -p1,
# then those of REPO/patches/$KVER_SERIES/ (the series refreshed for that
# kernel, on top).
# The result is staged first, then synced into SRC so that files whose
# content did not change keep their timestamps: builds stay incremental, and
# running this twice gives the same tree.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"

pristine=${1:?usage: prepare.sh PRISTINE REPO SRC}
repo=$(readlink -f "${2:?}")
src=${3:?}

[ -f "$pristine/Makefile" ] || wb_die "no pristine tree at $pristine (run the fetch stage)"

# Kernel top-level directories the repository may carry files for.
kdirs="arch block Documentation drivers fs include init kernel lib mm rust samples scripts security tools usr"

mkdir -p "$(dirname "$src")"
stage=$(mktemp -d "${src%/}.stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT

# 1. Our new files, listed relative to the repository.
overlay=()
for d in $kdirs; do
	[ -d "$repo/$d" ] || continue
	while IFS= read -r f; do
		overlay+=("${f#"$repo"/}")
	done < <(find "$repo/$d" -type f -not -path "$repo/scripts/workbench/*" | sort)
done

# 2. Upstream files our patches touch: patches/*.patch. For a kernel series
# the series is refreshed for (KVER_SERIES, e.g. 7.3), patches/KVER_SERIES/
# holds patches that replace those of the same name, and patches of the
# new files, applied on top.
patches=()
sdir=$repo/patches/${KVER_SERIES:-none}
if [ -d "$repo/patches" ]; then
	while IFS= read -r p; do
		[ -f "$sdir/$(basename "$p")" ] && p=$sdir/$(basename "$p")
		patches+=("$p")
	done < <(find "$repo/patches" -maxdepth 1 -name '*.patch' | sort)
	if [ -d "$sdir" ]; then
		while IFS= read -r p; do
			[ -f "$repo/patches/$(basename "$p")" ] || patches+=("$p")
		done < <(find "$sdir" -maxdepth 1 -name '*.patch' | sort)
	fi
fi
touched=()
for p in "${patches[@]}"; do
	while IFS= read -r f; do touched+=("$f"); done < <(sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$p")
done

for f in "${overlay[@]}"; do
	if [ -e "$pristine/$f" ]; then
		wb_die "$f exists upstream: change it with a patch in patches/, not as a file"
	fi
	mkdir -p "$stage/$(dirname "$f")"
	cp "$repo/$f" "$stage/$f"
done
for f in "${touched[@]}"; do
	[ -e "$stage/$f" ] && continue
	mkdir -p "$stage/$(dirname "$f")"
	if [ -e "$pristine/$f" ]; then
		cp "$pristine/$f" "$stage/$f"
		chmod u+w "$stage/$f"
	fi
done
for p in "${patches[@]}"; do
	wb_info "applying ${p#"$repo"/}"
	patch -s -p1 -d "$stage" --no-backup-if-mismatch -r - < "$p" ||
		wb_die "patch ${p#"$repo"/} does not apply to $pristine"
done

# 3. Sync: everything pristine except the staged files, then the staged
# files by content (no -t: an unchanged file keeps its mtime).
mkdir -p "$src"
list=$(mktemp)
(cd "$stage" && find . -type f | sed 's|^\./|/|') > "$list"
# (A directory of new files only, e.g. rust/kernel/uaccess/, is not in the
# pristine tree: rsync would like to delete it and says it cannot, as its
# files are excluded. That is what we want; keep it quiet.)
{ rsync -a --chmod=u+w --delete --exclude-from="$list" --exclude=/.wb-prepared "$pristine/" "$src/" 2>&1 ||
	wb_die "rsync of the pristine tree into $src failed"; } | { grep -v '^cannot delete non-empty directory: ' || true; }
rsync -r --checksum "$stage/" "$src/"
rm -f "$list"
# Overlay files removed from the repository would otherwise linger: the
# exclude list protects only files staged now, so a removed one was deleted
# by the first rsync above already.
echo "${#overlay[@]} files, ${#patches[@]} patches" > "$src/.wb-prepared"
wb_info "tree ready at $src (${#overlay[@]} new files, ${#patches[@]} patches)"
