#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ksrc.sh KSRC PRISTINE REPO WORK SRC - make SRC the user's kernel tree KSRC
# (a git checkout of Linux 7.2 or later) with the series applied by git am,
# for make KSRC=...: the prepare stage for a tree of the user's own.
#
# The series is made by patches.sh against PRISTINE, Debian's tree of the
# same kernel series (KVER_SERIES), into WORK/patches. SRC is a git
# worktree of KSRC on the scratch branch clone3-rust-workbench, started at
# KSRC's HEAD (what is committed; local changes are not taken): the user's
# branches and work tree are not touched. A patch that does not apply is
# named, and git am is aborted. Run again on the same HEAD and series,
# SRC is left as it is, so builds stay incremental.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"
usage="usage: ksrc.sh KSRC PRISTINE REPO WORK SRC"
ksrc=${1:?$usage} pristine=${2:?$usage} repo=$(realpath -m "${3:?$usage}")
work=$(realpath -m "${4:?$usage}") src=$(realpath -m "${5:?$usage}")
branch=clone3-rust-workbench

top=$(git -C "$ksrc" rev-parse --show-toplevel 2>/dev/null) ||
	wb_die "KSRC=$ksrc is not a git work tree (make KSRC= needs a git checkout of Linux 7.2 or later)"
[ -f "$top/Makefile" ] && [ -f "$top/kernel/fork.c" ] && [ -d "$top/rust/kernel" ] ||
	wb_die "KSRC=$ksrc is a git tree but not a Linux tree with Rust (no Makefile, kernel/fork.c or rust/kernel/)"
head=$(git -C "$top" rev-parse --verify HEAD 2>/dev/null) || wb_die "KSRC=$ksrc has no commit"
wb_info "KSRC: $top at $(git -C "$top" log -1 --format='%h %s' HEAD)"
[ -z "$(git -C "$top" status --porcelain --untracked-files=no)" ] ||
	wb_info "KSRC has uncommitted changes: they are not taken, only HEAD is"

# The series, against Debian's tree of the same kernel series.
WB_SERIES_LOCAL=1 "$here/patches.sh" generate "$pristine" "$repo" "$work/series" "$work/patches" >/dev/null
# The tree the series ends in (format-patch dates differ from run to run).
stamp="$head $(git -C "$work/series/tree" rev-parse series^{tree})"
if [ -f "$src/.wb-ksrc" ] && [ "$(cat "$src/.wb-ksrc")" = "$stamp" ] &&
   [ "$(git -C "$src" rev-parse --abbrev-ref HEAD 2>/dev/null)" = "$branch" ]; then
	wb_info "tree ready at $src (series already applied on $(git -C "$top" rev-parse --short HEAD))"
	exit 0
fi

# The worktree, on the scratch branch at KSRC's HEAD.
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1 &&
   [ "$(git -C "$src" rev-parse --git-common-dir)" -ef "$(git -C "$top" rev-parse --git-common-dir)" ]; then
	git -C "$src" am --abort >/dev/null 2>&1 || true
	git -C "$src" checkout -q -f -B "$branch" "$head"
	git -C "$src" clean -q -f -d
else
	[ ! -e "$src" ] || rm -rf "$src"
	git -C "$top" worktree prune
	mkdir -p "$(dirname "$src")"
	git -C "$top" worktree add -q -f -B "$branch" "$src" "$head" ||
		wb_die "could not add a worktree of $top at $src"
fi
rm -f "$src/.wb-ksrc"
for p in "$work"/patches/[0-9][0-9][0-9][0-9]-*.patch; do
	[ "$(basename "$p")" = 0000-cover-letter.patch ] && continue
	if ! git -C "$src" -c user.name=workbench -c user.email=workbench@localhost \
		am -q --keep-cr "$p" >"$work/am.log" 2>&1; then
		sed 's/^/    /' "$work/am.log" | head -12 >&2
		git -C "$src" am --abort >/dev/null 2>&1 || true
		wb_die "the series does not apply to KSRC ($top at $(git -C "$top" rev-parse --short HEAD)): first failing patch $(basename "$p")"
	fi
	wb_info "git am $(basename "$p")"
done
echo "$stamp" > "$src/.wb-ksrc"
# What the stages read of a prepared tree (config.sh sums it).
echo "ksrc $stamp" > "$src/.wb-prepared"
wb_info "tree ready at $src (branch $branch of $top)"
