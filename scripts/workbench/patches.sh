#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# patches.sh generate|check PRISTINE REPO WORK OUTDIR [SRC]
#
# generate: turn the repository (new files + patches/*.patch) into a
#   git format-patch series with a cover letter, split as patches/series
#   says, against the pristine tree. Author and Signed-off-by come from
#   PATCH_AUTHOR ("Name <email>"), else from the git identity of REPO
#   (user.name, user.email); a placeholder (no identity, "Your Name", an
#   example, .invalid, .test or local domain) is refused. With
#   WB_SERIES_LOCAL=1 the series is for local use only (patches-check,
#   make KSRC=), never mailed: without a real identity it is signed by
#   "Series Check <series-check@invalid>".
# check: git am the series onto the pristine tree, run checkpatch.pl
#   --strict --codespell on every patch, check that every file the series
#   adds has a maintainer (scripts/get_maintainer.pl), and prove that the
#   tree after the last patch is the tree the workbench builds and tests
#   (SRC). With BISECT=1, also build the tree after every patch (slow).
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"
mode=${1:?usage: patches.sh generate|check PRISTINE REPO WORK OUTDIR [SRC]}
pristine=$(realpath -m "$2") repo=$(realpath -m "$3") work=$(realpath -m "$4")
outdir=$(realpath -m "$5") src=${6:+$(realpath -m "$6")}
series=$repo/patches/series
[ -f "$series" ] || wb_die "no $series"

# placeholder AUTHOR: why AUTHOR is no one's identity, or nothing.
placeholder() {
	local name=${1% <*} domain=${1##*@}
	domain=${domain%>}
	domain=${domain,,}
	case $name in
	"Your Name" | Name | "Firstname Lastname") echo "'$name' is a placeholder name"; return ;;
	esac
	case $domain in
	example | example.com | example.org | example.net | *.example | *.example.com | *.example.org | \
	*.example.net | invalid | *.invalid | test | *.test | localhost | *.localhost | local | *.local | \
	localdomain | *.localdomain)
		echo "$domain is a reserved or local domain (RFC 2606, RFC 6761), not a mail address" ;;
	esac
}

local_author="Series Check <series-check@invalid>"
author=${PATCH_AUTHOR:-}
if [ -z "$author" ]; then
	name=$(git -C "$repo" config user.name || true)
	email=$(git -C "$repo" config user.email || true)
	[ -z "$name" ] || [ -z "$email" ] || author="$name <$email>"
fi
if [ "$mode" = generate ] && [ "${WB_SERIES_LOCAL:-0}" = 1 ]; then
	# Only a real identity replaces the local one.
	[ -n "$author" ] && [[ $author =~ ^[^\<]+\ \<[^\>]+@[^\>]+\>$ ]] &&
		[ -z "$(placeholder "$author")" ] || author=$local_author
elif [ "$mode" = generate ]; then
	how="set your git identity (git config user.name 'Your Real Name'; git config user.email you@your.domain) or PATCH_AUTHOR='Name <email>'"
	[ -n "$author" ] || wb_die "make patches signs the series with your identity, and there is none: $how"
	[[ $author =~ ^[^\<]+\ \<[^\>]+@[^\>]+\>$ ]] ||
		wb_die "PATCH_AUTHOR must look like 'Name <email>', got '$author'"
	why=$(placeholder "$author")
	[ -z "$why" ] || wb_die "make patches will not sign the series as '$author': $why; $how"
else
	# check: git am commits under a local identity; the patches keep theirs.
	author=$local_author
fi
[ -d "$pristine" ] || wb_die "no pristine tree $pristine: run 'make fetch'"

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
	# No automatic gc: git (or b4) would start it in the background, and
	# it removes loose objects while a clone of the tree copies them (the
	# KSRC self-test: "fatal: failed to copy file to .../objects/...").
	g config gc.auto 0
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

# b4 ARGS...: the kernel's patch tool (setup.sh installs it into the cache),
# in the series tree, with the system python3 (checkpatch's spdxcheck needs
# python3-ply). For b4 send -o only, an SMTP server is named so that b4
# writes the mails rather than asking for its web endpoint; b4 prep --check
# runs checkpatch --strict --codespell.
b4() {
	local dir=${WB_CACHE:?WB_CACHE is not set}/tools/b4
	[ -f "$dir/bin/b4" ] || wb_die "no b4 in $dir: run 'make setup'"
	(cd "$work/tree" && PATH=/usr/bin:$PATH PYTHONPATH=$dir GIT_CONFIG_COUNT=2 \
		GIT_CONFIG_KEY_0=sendemail.smtpServer GIT_CONFIG_VALUE_0=/bin/false \
		GIT_CONFIG_KEY_1=b4.prep-perpatch-check-cmd \
		GIT_CONFIG_VALUE_1="./scripts/checkpatch.pl -q --terse --no-summary --mailback --showfile --strict --codespell --codespellfile ${dict:-/usr/share/codespell/dictionary.txt} --ignore FILE_PATH_CHANGES" \
		/usr/bin/python3 "$dir/bin/b4" "$@")
}

# codespell's dictionary for checkpatch --codespell, which turns the check
# off without a word when it finds none: find it here, or fail.
find_dict() {
	dict=/usr/share/codespell/dictionary.txt
	[ -f "$dict" ] || dict=$(PATH=/usr/bin:$PATH python3 -c 'import codespell_lib, os; print(os.path.join(os.path.dirname(codespell_lib.__file__), "data", "dictionary.txt"))' 2>/dev/null) || true
	[ -f "$dict" ] || wb_die "no codespell dictionary for checkpatch --codespell: install Debian's codespell (make setup)"
}

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
				# The file without some of its lines (series header).
				local path=${f%%@cut=*}
				[ -f "$repo/$path" ] || wb_die "series names $path, which does not exist"
				mkdir -p "$work/tree/$(dirname "$path")"
				python3 - "$repo/$path" "${f#*@cut=}" > "$work/tree/$path" <<'PY' ||
import re, sys
path, spec = sys.argv[1:]
lines = open(path).read().split('\n')
for cut in spec.split('@cut='):
    start, _, end = cut.partition('@to=')
    s = next((i for i, l in enumerate(lines) if re.search(start, l)), None)
    if s is None:
        sys.exit(f'{start} matches no line of {path}')
    keep = lines[:s]
    if not end:
        # Up to the end: without the blank and doc-comment lines before it.
        while keep and (not keep[-1].strip() or keep[-1].lstrip().startswith('///')):
            keep.pop()
        lines = keep
        continue
    e = next((i for i in range(s + 1, len(lines)) if re.search(end, lines[i])), None)
    if e is None:
        sys.exit(f'{end} matches no line of {path} after {start}')
    rest = lines[e:]
    # Without the doc comment of what goes, the empty //! line that
    # would end a module's documentation, and a blank line before a }.
    while keep and keep[-1].lstrip().startswith('///'):
        keep.pop()
    if not rest[0].lstrip().startswith('//!'):
        while keep and keep[-1].strip() == '//!':
            keep.pop()
    if rest[0].lstrip().startswith('}'):
        while keep and not keep[-1].strip():
            keep.pop()
    lines = keep + rest
while lines and not lines[-1]:
    lines.pop()
print('\n'.join(lines))
PY
					wb_die "cannot cut $f" ;;
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
	local cl=$repo/patches/cover-letter
	[ -f "$cl" ] || wb_die "no $cl"
	if [ "${WB_SERIES_LOCAL:-0}" = 1 ]; then
		# For git am (patches-check, make KSRC=): git format-patch, the
		# cover letter's subject and blurb from patches/cover-letter.
		g format-patch -q --cover-letter --thread -o "$outdir" "$base..series"
		python3 - "$outdir/0000-cover-letter.patch" "$cl" <<'PY'
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
	# b4: the same commits on the branch b4/rust-clone3, enrolled with b4 prep:
	# the cover letter (patches/cover-letter) in its first, empty commit,
	# the revision (PATCH_REVISION), To and Cc from get_maintainer.pl.
	g config user.name "${author% <*}"
	g config user.email "$(sed 's/.*<\(.*\)>/\1/' <<<"$author")"
	g checkout -q -B b4/rust-clone3 series
	b4 prep -e "$base" >"$work/b4.log" 2>&1 || { cat "$work/b4.log" >&2; wb_die "b4 prep -e failed"; }
	EDITOR="cp $cl" b4 prep --edit-cover >>"$work/b4.log" 2>&1 ||
		{ cat "$work/b4.log" >&2; wb_die "b4 prep --edit-cover failed"; }
	if [ "${PATCH_REVISION:-1}" != 1 ]; then
		b4 prep --force-revision "$PATCH_REVISION" >>"$work/b4.log" 2>&1 ||
			{ cat "$work/b4.log" >&2; wb_die "b4 prep --force-revision $PATCH_REVISION failed"; }
	fi
	b4 prep --auto-to-cc >>"$work/b4.log" 2>&1 || { cat "$work/b4.log" >&2; wb_die "b4 prep --auto-to-cc failed"; }
	if [ "${WB_SERIES_LOCAL:-0}" != 1 ]; then
		# The mails, unsigned: b4 send signs (patatt) when you send.
		b4 send --no-sign -o "$outdir" >>"$work/b4.log" 2>&1 ||
			{ cat "$work/b4.log" >&2; wb_die "b4 send -o failed"; }
	fi
	g checkout -q series
	wb_info "$n patches and a cover letter in $outdir (b4 branch b4/rust-clone3 in $work/tree, log $work/b4.log)"
	ls "$outdir" | sed 's/^/    /'
}

check() {
	[ -d "$outdir" ] && ls "$outdir"/0001-*.patch >/dev/null 2>&1 || wb_die "no series in $outdir: run 'make patches'"
	find_dict
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
		# FILE_PATH_CHANGES asks whether MAINTAINERS needs updating for
		# an added file; get_maintainer.pl answers it below, per file.
		if (cd "$work/tree" && PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict -q \
			--codespell --codespellfile "$dict" --ignore FILE_PATH_CHANGES "$p") > "$work/checkpatch.log" 2>&1 &&
			! grep -q Traceback "$work/checkpatch.log"; then
			echo "  ok: checkpatch --strict --codespell $(basename "$p")"
		else
			echo "  FAILED: checkpatch --strict --codespell $(basename "$p")"
			sed 's/^/    /' "$work/checkpatch.log"
			fail=1
		fi
	done
	# Every file the series adds has a maintainer or supporter in
	# MAINTAINERS (a file pattern, not only a keyword), after the series.
	local added nomaint=0 f
	added=$(g diff --name-only --diff-filter=A "$base" am)
	for f in $added; do
		if (cd "$work/tree" && perl scripts/get_maintainer.pl --no-git --no-git-fallback --no-keywords \
			--no-rolestats --no-l --no-r -f "$f" 2>/dev/null) | grep -q .; then
			:
		else
			echo "  FAILED: no maintainer in MAINTAINERS for $f"
			nomaint=$((nomaint + 1))
		fi
	done
	if [ $nomaint -eq 0 ]; then
		echo "  ok: every file the series adds has a maintainer ($(wc -w <<<"$added") files)"
	else
		fail=1
	fi
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
	# b4 prep --check on the b4 branch: checkpatch as b4 runs it before
	# sending. b4 exits 0 whatever it found: its summary line decides.
	g checkout -q b4/rust-clone3 2>/dev/null || wb_die "no branch b4/rust-clone3 in $work/tree: run make patches-check"
	local summary
	b4 prep --check 2>&1 | sed 's/\x1b\[[0-9;]*m//g' > "$work/b4-check.log" || true
	summary=$(grep -E '^Success: [0-9]+, Warning: [0-9]+, Error: [0-9]+$' "$work/b4-check.log" | tail -1)
	if [[ $summary =~ ^Success:\ [0-9]+,\ Warning:\ 0,\ Error:\ 0$ ]]; then
		echo "  ok: b4 prep --check ($summary)"
	else
		echo "  FAILED: b4 prep --check (${summary:-no summary}), log $work/b4-check.log"
		grep -E 'checkpatch|CRITICAL|ERROR' "$work/b4-check.log" | head -20 | sed 's/^/    /'
		fail=1
	fi
	g checkout -q am
	# Every Rust file as each patch leaves it (FILE@cut= makes some of
	# them grow patch by patch) is formatted as rustfmtcheck wants.
	local c f bad=0
	for c in $(g rev-list --reverse "$base..am"); do
		for f in $(g diff-tree --no-commit-id --name-only -r --diff-filter=AM "$c" -- '*.rs'); do
			# From stdin, so that out-of-line modules are not followed;
			# rustfmt --check exits 0 on stdin, so compare its output.
			g show "$c:$f" >"$work/rustfmt.in"
			rustfmt --edition 2021 --config-path "$work/tree/.rustfmt.toml" --emit stdout <"$work/rustfmt.in" 2>&1 |
				diff -u "$work/rustfmt.in" - >"$work/rustfmt.log" 2>&1 ||
				{ echo "  FAILED: rustfmt --check of $f after '$(g log -1 --format=%s "$c")':"; sed 's/^/    /' "$work/rustfmt.log" | head -20; bad=1; }
		done
	done
	if [ $bad -eq 0 ]; then
		echo "  ok: rustfmt --check of every Rust file after every patch"
	else
		fail=1
	fi
	local what="git am, checkpatch --strict --codespell, maintainers, same tree, rustfmt per patch, b4 prep --check"
	if [ "${BISECT:-0}" = 1 ]; then
		# Every patch built as 0-day builds it, with CLIPPY=1 and no
		# warning allowed, for ARCH with the rust kernel's config.
		wb_arch "${ARCH:-x86_64}"
		local i=0 bout="$work/bisect-$ARCH" blog t0
		mkdir -p "$bout"
		for c in $(g rev-list --reverse "$base..am"); do
			i=$((i + 1))
			g checkout -q "$c"
			t0=$(date +%s)
			blog="$work/bisect-$ARCH-$i.log"
			cp "${BISECT_CONFIG:?BISECT=1 needs BISECT_CONFIG}" "$bout/.config"
			if wb_kmake -s -C "$work/tree" O="$bout" ARCH="$KARCH" olddefconfig >"$blog" 2>&1 &&
				wb_kmake -s -C "$work/tree" O="$bout" ARCH="$KARCH" CLIPPY=1 -j"${JOBS:-2}" \
					"$(basename "$IMAGE")" >>"$blog" 2>&1 &&
				[ -z "$(wb_warnings "$blog")" ]; then
				echo "  ok: $ARCH build with CLIPPY=1 after patch $i, $(g log -1 --format=%s) ($(($(date +%s) - t0))s)"
			else
				echo "  FAILED: $ARCH build with CLIPPY=1 after patch $i, $(g log -1 --format=%s), see $blog"
				{ wb_warnings "$blog"; grep -E -A6 '^error(\[|:)' "$blog"; } | head -30 | sed 's/^/    /'
				fail=1
			fi
		done
		g checkout -q am
		what="$what, $ARCH built with CLIPPY=1 after each patch"
	fi
	if [ -n "${WB_JSON:-}" ]; then
		local n
		n=$(ls "$outdir" | grep -vc cover-letter)
		wb_counts_json "$WB_JSON" "patch series ($n patches: $what)" \
			$((1 - fail)) "$fail" $([ $fail -eq 0 ] || echo patches-check)
	fi
	[ $fail -eq 0 ]
}

case $mode in
generate) generate ;;
check) check ;;
*) wb_die "unknown mode $mode" ;;
esac
