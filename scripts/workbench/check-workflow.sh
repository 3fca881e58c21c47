#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-workflow.sh OUTJSON REPO - actionlint (installed by setup.sh into
# WB_CACHE/tools) on every workflow of REPO/.github/workflows; the counts
# (one per workflow) go to OUTJSON for the check summary. That the
# workflow's job matrix is matrix.py's is a unit test (tests/test_matrix.py).
set -uo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/lib.sh"
out=${1:?usage: check-workflow.sh OUTJSON REPO}
repo=${2:?usage: check-workflow.sh OUTJSON REPO}
al=${WB_CACHE:?WB_CACHE is not set}/tools/actionlint/bin/actionlint
[ -x "$al" ] || wb_die "no actionlint at $al: run 'make setup'"
pass=0 fail=0 failed=()
for wf in "$repo"/.github/workflows/*.yml; do
	[ -f "$wf" ] || wb_die "no workflow in $repo/.github/workflows"
	name=${wf#"$repo"/}
	if (cd "$repo" && "$al" -no-color "$name"); then
		echo "ok: actionlint $name"
		pass=$((pass + 1))
	else
		echo "not ok: actionlint $name"
		fail=$((fail + 1))
		failed+=("actionlint $name")
	fi
done
echo "$pass passed, $fail failed"
wb_counts_json "$out" "CI workflows (actionlint $("$al" -version | head -1 | awk '{print $NF}'))" \
	"$pass" "$fail" "${failed[@]}"
[ "$fail" -eq 0 ]
