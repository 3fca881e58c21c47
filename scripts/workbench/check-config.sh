#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-config.sh DOTCONFIG FRAGMENT... - fail, naming each option, if a
# fragment asks for something the final .config does not have (Kconfig
# drops options whose dependencies are unmet without saying so).
set -uo pipefail
config=${1:?usage: check-config.sh DOTCONFIG FRAGMENT...}
shift
[ -f "$config" ] || { echo "error: no such config: $config" >&2; exit 2; }
bad=0
for frag in "$@"; do
	[ -f "$frag" ] || { echo "error: no such fragment: $frag" >&2; exit 2; }
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*)
			opt=${line%%=*}
			want=${line#*=}
			got=$(grep -m1 "^$opt=" "$config" | cut -d= -f2-)
			if [ "$got" != "$want" ]; then
				echo "error: $opt=$want requested by $(basename "$frag") but the final .config has ${got:+$opt=$got}${got:-it unset}" >&2
				bad=$((bad + 1))
			fi
			;;
		"# CONFIG_"*" is not set")
			opt=${line#\# }
			opt=${opt%% *}
			if grep -q "^$opt=" "$config"; then
				echo "error: $opt unset by $(basename "$frag") but the final .config has $(grep -m1 "^$opt=" "$config")" >&2
				bad=$((bad + 1))
			fi
			;;
		esac
	done < "$frag"
done
if [ $bad -ne 0 ]; then
	echo "error: $bad option(s) requested by the fragments are missing from $config" >&2
	exit 1
fi
echo "  all options of $# fragment(s) are set in $(basename "$config")"
