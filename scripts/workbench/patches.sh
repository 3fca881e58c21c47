#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# patches.sh generate|check PRISTINE REPO WORK OUTDIR [SRC]
#
# generate: turn the repository (new files + patches/*.patch) into a
#   git format-patch series with a cover letter, split as patches/series
#   says, against the pristine tree. Author and Signed-off-by come from
#   PATCH_AUTHOR ("Name <email>"; a placeholder by default).
# check: git am the series onto the pristine tree, run checkpatch.pl
#   --strict on every patch, and prove that the tree after the last patch
#   is the tree the workbench builds and tests (SRC). With BISECT=1, also
#   build the tree after every patch (slow).
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"
mode=${1:?usage: patches.sh generate|check PRISTINE REPO WORK OUTDIR [SRC]}
pristine=$(realpath -m "$2") repo=$(realpath -m "$3") work=$(realpath -m "$4")
outdir=$(realpath -m "$5") src=${6:+$(realpath -m "$6")}
author=${PATCH_AUTHOR:-Your Name <your.name@example.org>}
series=$repo/patches/series
[ -f "$series" ] || wb_die "no $series"
[[ $author =~ ^[^\<]+\ \<[^\>]+@[^\>]+\>$ ]] ||
	wb_die "PATCH_AUTHOR must look like 'Name <email>', got '$author'"

git_id=(-c user.name="${author% <*}" -c user.email="$(sed 's/.*<\(.*\)>/\1/' <<<"$author")"
	-c commit.gpgsign=false -c core.autocrlf=false)
g() { git -C "$work/tree" "${git_id[@]}" "$@"; }

# A git repository of the pristine tree, made once (about a minute).
base_repo() {
	if [ ! -f "$work/tree/.git/wb-base" ]; then
		rm -rf "$work/tree"
		mkdir -p "$work"
		wb_info "making a git repository of the pristine tree in $work/tree (once)"
		cp -a "$pristine" "$work/tree"
		chmod -R u+w "$work/tree"
		g init -q -b pristine
		# Debian's tree carries upstream's .gitignore; the base must hold
		# every file, so add with -f.
		g add -A -f .
		g commit -q -m "Linux $(make -s -C "$work/tree" kernelversion 2>/dev/null) (pristine Debian source)"
		g rev-parse HEAD > "$work/tree/.git/wb-base"
	fi
	base=$(cat "$work/tree/.git/wb-base")
	g checkout -q -f "$base"
	g clean -q -f -d -x
}

# refresh FILE: for a kernel series the series is refreshed for
# (patches/$KVER_SERIES/, see prepare.sh), apply those of its patches that
# change FILE, a file the series adds, so that the patch adding FILE adds
# it as the workbench builds it.
refresh() {
	local p
	[ -n "${KVER_SERIES:-}" ] && [ -d "$repo/patches/$KVER_SERIES" ] || return 0
	for p in "$repo/patches/$KVER_SERIES"/*.patch; do
		# Replacements of patches/*.patch are applied in their place.
		[ -f "$repo/patches/$(basename "$p")" ] && continue
		grep -qxF "+++ b/$1" "$p" || continue
		g apply --whitespace=nowarn "$p" || wb_die "${p#"$repo"/} does not apply to $1"
		wb_info "${p#"$repo"/} folded into the patch that adds $1"
		folded[$p]=1
	done
}
declare -A folded

generate() {
	base_repo
	g checkout -q -B series "$base"
	local n=0 subject files body
	# Entries: "Subject: ..." / "Files: ..." / blank / body / "---".
	while IFS= read -r -d $'\x1e' entry; do
		subject=$(sed -n 's/^Subject: //p' <<<"$entry" | head -1)
		files=$(sed -n 's/^Files: //p' <<<"$entry" | head -1)
		[ -n "$subject" ] || continue
		body=$(awk 'f; /^$/ && !f {f=1}' <<<"$entry")
		for f in $files; do
			case $f in
			patches/*.patch)
				# Refreshed for this kernel series (prepare.sh)?
				[ -f "$repo/patches/${KVER_SERIES:-none}/${f#patches/}" ] &&
					f=patches/$KVER_SERIES/${f#patches/}
				g apply --whitespace=nowarn "$repo/$f" || wb_die "$f does not apply in series order" ;;
			*@cut=*)
				# The file up to the first line matching the regex,
				# without the blank and doc-comment lines before it.
				local path=${f%%@cut=*} re=${f#*@cut=}
				[ -f "$repo/$path" ] || wb_die "series names $path, which does not exist"
				grep -qE -- "$re" "$repo/$path" || wb_die "$re matches no line of $path"
				mkdir -p "$work/tree/$(dirname "$path")"
				python3 - "$repo/$path" "$re" > "$work/tree/$path" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().split('\n')
cut = next(i for i, l in enumerate(lines) if re.search(sys.argv[2], l))
keep = lines[:cut]
while keep and (not keep[-1].strip() or keep[-1].lstrip().startswith('///')):
    keep.pop()
print('\n'.join(keep))
PY
				;;
			*)
				[ -f "$repo/$f" ] || wb_die "series names $f, which does not exist"
				mkdir -p "$work/tree/$(dirname "$f")"
				cp "$repo/$f" "$work/tree/$f"
				refresh "$f" ;;
			esac
		done
		g add -A -f .
		printf '%s\n\n%s\n\nSigned-off-by: %s\n' "$subject" "$body" "$author" > "$work/msg"
		g commit -q -F "$work/msg" || wb_die "patch '$subject' is empty"
		n=$((n + 1))
	done < <(awk '/^#/ && !started {next} {started=1} /^---$/ {printf "\x1e"; next} {print}' "$series")
	local p
	if [ -n "${KVER_SERIES:-}" ] && [ -d "$repo/patches/$KVER_SERIES" ]; then
		for p in "$repo/patches/$KVER_SERIES"/*.patch; do
			[ -f "$repo/patches/$(basename "$p")" ] || [ -n "${folded[$p]:-}" ] ||
				wb_die "${p#"$repo"/} changes no file that the series adds (a refresh of an upstream file goes into patches/*.patch)"
		done
	fi
	rm -rf "$outdir"
	mkdir -p "$outdir"
	g format-patch -q --cover-letter --thread -o "$outdir" "$base..series"
	# The cover letter's subject and blurb come from patches/cover-letter.
	local cover=$outdir/0000-cover-letter.patch cl=$repo/patches/cover-letter
	if [ -f "$cl" ]; then
		python3 - "$cover" "$cl" <<'PY'
import sys
path, cl = sys.argv[1:]
text = open(path).read()
lines = open(cl).read().split('\n', 2)
subject, blurb = lines[0], lines[2] if len(lines) > 2 else ''
text = text.replace('*** SUBJECT HERE ***', subject)
text = text.replace('*** BLURB HERE ***', blurb.rstrip('\n'))
open(path, 'w').write(text)
PY
	fi
	wb_info "$n patches and a cover letter in $outdir"
	ls "$outdir" | sed 's/^/    /'
}

check() {
	[ -d "$outdir" ] && ls "$outdir"/0001-*.patch >/dev/null 2>&1 || wb_die "no series in $outdir: run 'make patches'"
	base_repo
	g checkout -q -B am "$base"
	local p fail=0
	for p in "$outdir"/[0-9][0-9][0-9][0-9]-*.patch; do
		[ "$(basename "$p")" = 0000-cover-letter.patch ] && continue
		g am -q --keep-cr "$p" >/dev/null 2>&1 || { g am --abort 2>/dev/null; wb_die "git am: $(basename "$p") does not apply"; }
		echo "  ok: git am $(basename "$p")"
	done
	for p in "$outdir"/[0-9][0-9][0-9][0-9]-*.patch; do
		[ "$(basename "$p")" = 0000-cover-letter.patch ] && continue
		# A checker that crashed (spdxcheck.py without python3-git, say)
		# checked nothing: that is a failure too.
		if (cd "$work/tree" && PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict -q "$p") > "$work/checkpatch.log" 2>&1 &&
			! grep -q Traceback "$work/checkpatch.log"; then
			echo "  ok: checkpatch --strict $(basename "$p")"
		else
			echo "  FAILED: checkpatch --strict $(basename "$p")"
			sed 's/^/    /' "$work/checkpatch.log"
			fail=1
		fi
	done
	if [ -n "$src" ]; then
		# The tree after the last patch must be the tree we build and test.
		local changed f diffs=0
		changed=$(g diff --name-only "$base" am)
		for f in $changed; do
			if ! cmp -s "$work/tree/$f" "$src/$f"; then
				echo "  differs from the tested tree: $f"
				diffs=$((diffs + 1))
			fi
		done
		if [ $diffs -eq 0 ]; then
			echo "  ok: the tree after the last patch equals $src ($(wc -w <<<"$changed") files changed)"
		else
			fail=1
		fi
	fi
	if [ "${BISECT:-0}" = 1 ]; then
		local i=0 c
		for c in $(g rev-list --reverse "$base..am"); do
			i=$((i + 1))
			g checkout -q "$c"
			wb_info "bisect build $i: $(g log -1 --format=%s)"
			mkdir -p "$work/bisect"
			cp "${BISECT_CONFIG:?BISECT=1 needs BISECT_CONFIG}" "$work/bisect/.config"
			make -s -C "$work/tree" O="$work/bisect" LLVM=-19 olddefconfig >/dev/null &&
			make -s -C "$work/tree" O="$work/bisect" LLVM=-19 -j"${JOBS:-2}" >"$work/bisect-$i.log" 2>&1 ||
				{ echo "  FAILED: build after patch $i, see $work/bisect-$i.log"; fail=1; }
		done
	fi
	if [ -n "${WB_JSON:-}" ]; then
		local n
		n=$(ls "$outdir" | grep -vc cover-letter)
		wb_counts_json "$WB_JSON" "patch series ($n patches: git am, checkpatch --strict, same tree)" \
			$((1 - fail)) "$fail" $([ $fail -eq 0 ] || echo patches-check)
	fi
	[ $fail -eq 0 ]
}

case $mode in
generate) generate ;;
check) check ;;
*) wb_die "unknown mode $mode" ;;
esac
