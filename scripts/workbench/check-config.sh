#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-config.sh DOTCONFIG FRAGMENT... - fail, naming each option, if a
# fragment asks for something the final .config does not have (Kconfig
# drops options whose dependencies are unmet without saying so). As in
# merge_config.sh, a later fragment overrides an earlier one's value.
set -uo pipefail
config=${1:?usage: check-config.sh DOTCONFIG FRAGMENT...}
shift
[ -f "$config" ] || { echo "error: no such config: $config" >&2; exit 2; }
declare -A want from
order=()
for frag in "$@"; do
	[ -f "$frag" ] || { echo "error: no such fragment: $frag" >&2; exit 2; }
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*)
			opt=${line%%=*}
			val=${line#*=}
			;;
		"# CONFIG_"*" is not set")
			opt=${line#\# }
			opt=${opt%% *}
			val='<unset>'
			;;
		*) continue ;;
		esac
		[ -n "${from[$opt]+set}" ] || order+=("$opt")
		want[$opt]=$val
		from[$opt]=$(basename "$frag")
	done < "$frag"
done
bad=0
for opt in "${order[@]}"; do
	got=$(grep -m1 "^$opt=" "$config" | cut -d= -f2-)
	if [ "${want[$opt]}" = '<unset>' ]; then
		if [ -n "$got" ]; then
			echo "error: $opt unset by ${from[$opt]} but the final .config has $opt=$got" >&2
			bad=$((bad + 1))
		fi
	elif [ "$got" != "${want[$opt]}" ]; then
		echo "error: $opt=${want[$opt]} requested by ${from[$opt]} but the final .config has $([ -n "$got" ] && echo "$opt=$got" || echo "it unset")" >&2
		bad=$((bad + 1))
	fi
done
if [ $bad -ne 0 ]; then
	echo "error: $bad option(s) requested by the fragments are missing from $config" >&2
	exit 1
fi
echo "  all options of $# fragment(s) are set in $(basename "$config")"
