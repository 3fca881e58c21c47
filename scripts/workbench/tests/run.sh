#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh OUTDIR pre|post - the workbench's own tests, as TAP.
#
# pre:  the fragment check, the summaries' command lines (their parsing
#       functions have unit tests: tests/unit.py), and the error paths that
#       need no kernel build (unknown ARCH and VARIANT, an unavailable kernel
#       version, a missing tool when not root, an interrupted fetch).
# post: the error paths that need a built kernel (a kernel that does not
#       boot, a failing guest command) and vm-run.
# Results go to OUTDIR/workbench-PHASE.json for the check summary.
set -uo pipefail
here=$(dirname "$(readlink -f "$0")")
wb=$(dirname "$here")
repo=$(dirname "$(dirname "$wb")")
. "$wb/lib.sh"
out=$(realpath -m "${1:?usage: run.sh OUTDIR pre|post}")
phase=${2:?usage: run.sh OUTDIR pre|post}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

n=0 pass=0 fail=0 skip=0
failed=()
# skip NAME REASON: a test that cannot run here, said as such (TAP SKIP)
# and counted, never silently left out.
skip() {
	n=$((n + 1))
	skip=$((skip + 1))
	echo "ok $n $1 # SKIP $2"
}
# expect NAME WANT_RC GREP_PATTERN CMD... : CMD exits WANT_RC ("nz" for any
# non-zero) and its output matches GREP_PATTERN (an ERE; "" for any).
expect() {
	local name=$1 want=$2 pat=$3 rc ok=1
	shift 3
	n=$((n + 1))
	"$@" >"$tmp/out" 2>&1
	rc=$?
	if [ "$want" = nz ]; then
		[ $rc -ne 0 ] || ok=0
	else
		[ $rc -eq "$want" ] || ok=0
	fi
	if [ -n "$pat" ] && ! grep -Eq -- "$pat" "$tmp/out"; then
		ok=0
	fi
	if [ $ok -eq 1 ]; then
		pass=$((pass + 1))
		echo "ok $n $name"
	else
		fail=$((fail + 1))
		failed+=("$name")
		echo "not ok $n $name (exit $rc, wanted $want${pat:+, output matching /$pat/})"
		sed 's/^/#   /' "$tmp/out" | tail -15
	fi
}

# expect_killed_build WHAT DIR PREFIX SECS CMD...: start CMD, a root file
# system build into DIR, and kill its process group 3 s after its work
# directory (DIR/PREFIX*.tmp.*) appears, or after SECS if none does; then
# expect that it was at work there and that it left nothing that looks
# complete (DIR/PREFIX*/.complete) and no mount. (A fixed delay is a race:
# on a fast machine the world root was complete in 25 s.)
expect_killed_build() {
	local what=$1 dir=$2 prefix=$3 secs=$4 pid i
	shift 4
	setsid "$@" >/dev/null 2>&1 &
	pid=$!
	for i in $(seq "$secs"); do
		! ls -d "$dir"/$prefix*.tmp.* >/dev/null 2>&1 || break
		sleep 1
	done
	sleep 3
	kill -KILL -- -"$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	expect "the $what build was killed while it ran" 0 "" \
		bash -c "ls -d '$dir'/$prefix*.tmp.* >/dev/null"
	expect "a killed $what build leaves nothing that looks complete, and no mount" 0 "" \
		bash -c "! ls -d '$dir'/$prefix*/.complete 2>/dev/null && ! grep -q '$dir' /proc/self/mountinfo"
}

d=$here/data
rp=$wb/report.py
cache=${WB_CACHE:-$HOME/.cache/clone3-rust}
kver=${KVER:-7.2.12-1}

if [ "$phase" = pre ]; then
	echo "TAP version 13"
	# The fragment check.
	expect "check-config accepts a config that has every option" 0 "all options" \
		"$wb/check-config.sh" "$d/good.config" "$d/frag.config"
	expect "check-config names a dropped option" 1 "CONFIG_FOO=y requested" \
		"$wb/check-config.sh" "$d/bad.config" "$d/frag.config"
	expect "check-config names a value that changed" 1 'CONFIG_BAR="text" requested' \
		"$wb/check-config.sh" "$d/bad.config" "$d/frag.config"
	expect "check-config names an option that should be unset" 1 "CONFIG_BAZ unset" \
		"$wb/check-config.sh" "$d/bad.config" "$d/frag.config"
	expect "check-config lets a later fragment override an earlier one" 0 "all options of 2 fragment" \
		"$wb/check-config.sh" "$d/bad.config" "$d/frag.config" "$d/frag-override.config"
	expect "check-config checks the overriding value" 1 "CONFIG_BAR=\"other\" requested by frag-override.config" \
		"$wb/check-config.sh" "$d/good.config" "$d/frag.config" "$d/frag-override.config"
	# make patches signs with the user's identity, never a placeholder (the
	# identity is checked before the pristine tree is looked at).
	printf '[user]\n\tname = Seed maintainers\n\temail = maintainers@users.noreply.h-seed.example\n' > "$tmp/gitconfig-seed"
	: > "$tmp/gitconfig-none"
	expect "make patches refuses the old placeholder author" nz \
		"will not sign the series as 'Your Name <your.name@example.org>': 'Your Name' is a placeholder name" \
		env PATCH_AUTHOR='Your Name <your.name@example.org>' "$wb/patches.sh" generate "$tmp/none" "$repo" "$tmp/series" "$tmp/patches"
	expect "make patches refuses a git identity at a reserved domain" nz \
		"h-seed\.example is a reserved or local domain" \
		env -u PATCH_AUTHOR GIT_CONFIG_GLOBAL="$tmp/gitconfig-seed" GIT_CONFIG_NOSYSTEM=1 \
		"$wb/patches.sh" generate "$tmp/none" "$repo" "$tmp/series" "$tmp/patches"
	expect "make patches says how to set an identity when there is none" nz \
		"there is none: set your git identity \(git config user.name" \
		env -u PATCH_AUTHOR GIT_CONFIG_GLOBAL="$tmp/gitconfig-none" GIT_CONFIG_NOSYSTEM=1 \
		"$wb/patches.sh" generate "$tmp/none" "$repo" "$tmp/series" "$tmp/patches"
	expect "make patches takes a real identity (and then needs the pristine tree)" nz \
		"no pristine tree $tmp/none: run .make fetch." \
		env PATCH_AUTHOR='Ada Lovelace <ada@kernel.org>' "$wb/patches.sh" generate "$tmp/none" "$repo" "$tmp/series" "$tmp/patches"
	# The TAP/KTAP summary.
	expect "report ends with the total line" 0 \
		"^5 passed, 0 failed, 1 skipped$" "$rp" "$d/kselftest-pass.log"
	expect "report fails on a failed case" 1 "FAILED: demo:alpha: second case" \
		"$rp" "$d/kselftest-fail.log"
	expect "report rejects an incomplete run" 2 "no complete kselftest run" \
		"$rp" "$d/kselftest-truncated.log"
	expect "report ignores failures outside required suites" 0 \
		"suite demo: 2 passed, 2 failed" \
		"$rp" --required other "$d/kselftest-fail.log"
	if [ -f "$repo/build/linux-$kver/tools/testing/kunit/kunit_parser.py" ]; then
		expect "report parses KUnit KTAP with kunit_parser" 1 \
			"suite demo_suite: 1 passed, 1 failed, 1 skipped" \
			"$rp" --kunit-parser "$repo/build/linux-$kver/tools/testing/kunit" "$d/kunit.log"
	else
		skip "report parses KUnit KTAP with kunit_parser" "no prepared tree build/linux-$kver"
	fi
	"$rp" --json "$tmp/a.json" --label A "$d/kselftest-pass.log" >/dev/null
	"$rp" --json "$tmp/c.json" --label C "$d/kselftest-pass.log" >/dev/null
	"$rp" --json "$tmp/b.json" --label B --required none "$d/kselftest-fail.log" >/dev/null
	expect "combine reports variants whose counts differ" 1 "counts differ between A and B" \
		"$rp" --combine "$tmp/a.json" "$tmp/b.json"
	expect "combine accepts equal variants" 0 "^11 passed, 0 failed, 2 skipped$" \
		"$rp" --combine "$tmp/a.json" "$tmp/c.json"
	"$rp" --json "$tmp/xa.json" --label x86_64/c "$d/kselftest-pass.log" >/dev/null
	"$rp" --json "$tmp/xb.json" --label x86_64/rust --required none "$d/kselftest-fail.log" >/dev/null
	expect "combine compares the variants of one architecture" 1 \
		"counts differ between x86_64/c and x86_64/rust" \
		"$rp" --combine "$tmp/xa.json" "$tmp/xb.json"
	# Known upstream failures: a listed case that fails does not fail the
	# run, and variants compare listed cases by number, whatever their
	# outcome (a racy upstream test may pass on one kernel only).
	printf '# demo\nother:gamma:g2 | a racy upstream test\n' > "$tmp/known"
	sed 's/^# ok 2 g2$/# not ok 2 g2/' "$d/kselftest-pass.log" > "$tmp/known.log"
	expect "report counts a listed failure as known" 0 \
		"^4 passed, 0 failed, 1 skipped$" \
		"$rp" --known-failures "$tmp/known" --json "$tmp/ka.json" \
		--label x86_64/c "$tmp/known.log"
	"$rp" --known-failures "$tmp/known" --json "$tmp/kb.json" \
		--label x86_64/rust "$d/kselftest-pass.log" >/dev/null
	expect "combine compares a listed case by number, not outcome" 0 \
		"known upstream failure passed: other:gamma:g2" \
		"$rp" --combine "$tmp/ka.json" "$tmp/kb.json"
	printf 'riscv64@other:gamma:g2 | slow under TCG there\n' > "$tmp/known-rv"
	expect "an entry for one architecture holds there" 0 \
		"^4 passed, 0 failed, 1 skipped$" \
		"$rp" --known-failures "$tmp/known-rv" --label riscv64/c "$tmp/known.log"
	expect "and not on another" 1 "FAILED: other:gamma: g2" \
		"$rp" --known-failures "$tmp/known-rv" --label x86_64/c "$tmp/known.log"
	expect "report still fails on an unlisted failure" 1 \
		"FAILED: demo:alpha: second case" \
		"$rp" --known-failures "$tmp/known" "$d/kselftest-fail.log"
	# The differential comparison of two corpus outputs.
	mkcorpus() { # FILE LINES... : a console log carrying a corpus run
		local f=$1
		shift
		printf '%s\n' "$@" > "$tmp/corpus.txt"
		{
			echo "@@WB-CORPUS-MD5 $(md5sum < "$tmp/corpus.txt" | cut -d' ' -f1)@@"
			echo "@@WB-CORPUS-BEGIN@@"
			gzip -c "$tmp/corpus.txt" | base64
			echo "@@WB-CORPUS-END rc=0@@"
		} > "$f"
	}
	mkcorpus "$tmp/ca.log" "size-0000 EINVAL" "size-0089 E2BIG" "flag-01 ok" "# corpus: 3 cases"
	mkcorpus "$tmp/cb.log" "size-0000 EINVAL" "size-0089 EFAULT" "flag-01 ok" "# corpus: 3 cases"
	expect "differential passes on equal corpora" 0 "^differential demo: 3 cases, 0 differences$" \
		"$wb/differential.py" --arch demo --json "$tmp/d.json" "$tmp/ca.log" "$tmp/ca.log"
	expect "differential names the case that differs" 1 "differs: size-0089: E2BIG vs EFAULT" \
		"$wb/differential.py" --arch demo --json "$tmp/d.json" "$tmp/ca.log" "$tmp/cb.log"
	expect "differential counts the differences" 1 "^differential demo: 3 cases, 1 differences$" \
		"$wb/differential.py" --arch demo --json "$tmp/d.json" "$tmp/ca.log" "$tmp/cb.log"
	# The load test and kmemleak in the console log.
	printf '%s\n' "@@WB-LOAD-BEGIN@@" "# load: 2000/s, 20000 calls, 19000 children, EAGAIN 1000, 0 lost" \
		"@@WB-LOAD-END rc=0@@" "@@WB-KMEMLEAK-BEGIN@@" "@@WB-KMEMLEAK-END rc=0@@" > "$tmp/load.log"
	expect "report prints the load line and a clean kmemleak" 0 \
		"load x86_64/debug: 2000/s, 20000 calls, 19000 children, EAGAIN 1000, 0 lost" \
		"$rp" --no-kselftest --label x86_64/debug "$tmp/load.log"
	sed '/@@WB-KMEMLEAK-BEGIN@@/a unreferenced object 0xffff888004b1c000 (size 64):\n  backtrace (crc 0):\n    rust_clone3+0x1c/0x90' \
		"$tmp/load.log" > "$tmp/leak.log"
	expect "report fails on a leak and prints its backtrace" 1 "rust_clone3\+0x1c" \
		"$rp" --no-kselftest --label x86_64/debug "$tmp/leak.log"
	# trinity: syscalls counted per run, reports from the whole log.
	printf '%s\n' "@@WB-TRINITY-clone-BEGIN 500@@" "[main] Ran 512 syscalls. Successes: 40  Failures: 472" \
		"trinity clone: 90 s, 0 tasks left, pids.events: max 0" "@@WB-TRINITY-clone-END rc=0@@" \
		"@@WB-TRINITY-mixed-BEGIN 1000@@" "[main] Ran 1004 syscalls. Successes: 300  Failures: 704" \
		"trinity mixed: 30 s, 0 tasks left, pids.events: max 0" "@@WB-TRINITY-mixed-END rc=0@@" \
		> "$tmp/trinity.log"
	expect "report adds up the trinity runs" 0 "^trinity x86_64: 1516 syscalls, 0 reports$" \
		"$rp" --no-kselftest --label x86_64/debug "$tmp/trinity.log"
	sed '/@@WB-TRINITY-mixed-END/a WARNING: CPU: 1 PID: 77 at kernel/clone.rs:120 rust_clone3+0x40/0x90' \
		"$tmp/trinity.log" > "$tmp/trinity-warn.log"
	expect "report fails trinity on a kernel report" 1 "^trinity x86_64: 1516 syscalls, 1 reports$" \
		"$rp" --no-kselftest --label x86_64/debug "$tmp/trinity-warn.log"
	# boot.sh's scan of the console, with a QEMU that prints a log: the
	# OOM kills that trinity's memory.max makes are not reports, others are.
	mkdir -p "$tmp/fakeqemu"
	printf '#!/bin/sh\ncat "$FAKE_CONSOLE"\n' > "$tmp/fakeqemu/qemu-system-x86_64"
	chmod +x "$tmp/fakeqemu/qemu-system-x86_64"
	printf '%s\n' "@@WB-BOOTED 7.2.12@@" "trinity-c0 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0" \
		"Call Trace:" " <TASK>" " dump_stack_lvl+0x3c/0x60" " </TASK>" \
		"oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),oom_memcg=/trinity-mixed,task=trinity-c3" \
		"Memory cgroup out of memory: Killed process 314 (trinity-c3)" "@@WB-DONE@@" > "$tmp/oom.log"
	expect "boot.sh does not take trinity's OOM kills for kernel reports" 0 "1 out-of-memory kills in trinity" \
		env PATH="$tmp/fakeqemu:$PATH" FAKE_CONSOLE="$tmp/oom.log" "$wb/boot.sh" x86_64 "$tmp/oom.log" - "$tmp/oom-console.log"
	sed 's#oom_memcg=/trinity-mixed#oom_memcg=/kselftest#' "$tmp/oom.log" > "$tmp/oom-other.log"
	expect "boot.sh fails on an OOM kill outside trinity's cgroups" 3 "the kernel log contains 'Call Trace:'" \
		env PATH="$tmp/fakeqemu:$PATH" FAKE_CONSOLE="$tmp/oom-other.log" "$wb/boot.sh" x86_64 "$tmp/oom.log" - "$tmp/oom-console.log"
	sed 's#^ </TASK>#WARNING: CPU: 1 PID: 77 at kernel/clone.rs:120 rust_clone3+0x40/0x90#' "$tmp/oom.log" > "$tmp/oom-warn.log"
	expect "boot.sh fails on a report inside trinity's OOM kill" nz "" \
		env PATH="$tmp/fakeqemu:$PATH" FAKE_CONSOLE="$tmp/oom-warn.log" "$wb/boot.sh" x86_64 "$tmp/oom.log" - "$tmp/oom-console.log"
	# make world: the results per program and the clone3 calls per kernel.
	wp=$wb/world.py
	mkworld() { # FILE FUNCTION
		{
			for t in $(cd "$wb" && python3 -c 'import world; print(*world.PROGRAMS)'); do
				echo "@@WB-WORLD $t ok (fine)@@"
			done
			echo "@@WB-WORLD-TRACE-BEGIN@@"
			echo "         systemd-1       [000] .....    12.500000: clone3: ($2+0x0/0x1a0) flags=0x200004100 set_tid_size=0 cgroup=7 size=0x58"
			echo "            criu-300     [001] .....    80.100000: clone3: ($2+0x0/0x1a0) flags=0x0 set_tid_size=1 cgroup=0 size=0x58"
			echo "            crun-400     [001] .....    90.100000: clone3: ($2+0x0/0x1a0) flags=0x200000000 set_tid_size=0 cgroup=9 size=0x58"
			echo "         python3-500     [000] .....    95.000000: clone3: ($2+0x0/0x1a0) flags=0x100004100 set_tid_size=0 cgroup=0 size=0x58"
			echo "@@WB-WORLD-TRACE-END overrun=0@@"
		} > "$1"
	}
	mkworld "$tmp/world-c.log" copy_clone_args_from_user
	mkworld "$tmp/world-rust.log" rust_clone3
	expect "world counts the clone3 calls that show the programs at work" 0 \
		"^world x86_64/rust: clone3 served by rust_clone3: systemd CLONE_INTO_CGROUP 1, criu set_tid 1, crun 1$" \
		"$wp" --arch x86_64 c="$tmp/world-c.log" rust="$tmp/world-rust.log"
	sed 's/@@WB-WORLD criu ok (fine)@@/@@WB-WORLD criu FAILED (restored PIDs differ)@@/' "$tmp/world-rust.log" > "$tmp/world-fail.log"
	expect "world fails a failed program, and the kernels' results differ" 1 \
		"world x86_64/rust: criu FAILED \(restored PIDs differ\).*|results of c and rust differ" \
		"$wp" --arch x86_64 c="$tmp/world-c.log" rust="$tmp/world-fail.log"
	sed '/criu-300/d' "$tmp/world-rust.log" > "$tmp/world-nosettid.log"
	expect "world fails when no set_tid call of criu reached the kernel" 1 "no clone3 call of criu set_tid" \
		"$wp" --arch x86_64 rust="$tmp/world-nosettid.log"
	# The fault-injection differential (clone3_faults output, marker FAULTS).
	mkfaults() { # FILE LINES...
		local f=$1
		shift
		mkcorpus "$f" "$@"
		sed -i 's/@@WB-CORPUS-/@@WB-FAULTS-/' "$f"
	}
	mkfaults "$tmp/fa.log" "r-base/1 EFAULT,injected" "r-base/2 ENOMEM,injected" "r-base/3 ok,none" \
		"r-st/1 EFAULT,injected" "r-st/2 ok,none" "# faults: 2 cases, 3 injection points"
	mkfaults "$tmp/fb.log" "r-base/1 EFAULT,injected" "r-base/2 ENOMEM,injected" "r-base/3 ok,none" \
		"r-st/1 EFAULT,injected" "r-st/2 EFAULT,injected" "r-st/3 ok,none" \
		"# faults: 2 cases, 4 injection points"
	expect "faults passes on equal runs and counts cases and points" 0 \
		"^faults demo: 2 cases, 3 injection points, 0 differences$" \
		"$wb/differential.py" --faults --name faults --arch demo --json "$tmp/d.json" "$tmp/fa.log" "$tmp/fa.log"
	expect "faults names an injection point only one kernel has" 1 \
		"differs: r-st/3: \(absent\) vs ok,none" \
		"$wb/differential.py" --faults --name faults --arch demo --json "$tmp/d.json" "$tmp/fa.log" "$tmp/fb.log"
	mkfaults "$tmp/fu.log" "r-base/1 EFAULT,injected" "r-base/2 ENOMEM,injected" \
		"r-base/3 ok,none" "# unstable r-st 1" "r-st/1 EFAULT,injected" \
		"# faults: 2 cases, 2 injection points, 1 unstable"
	expect "faults compares an unstable case on the lines its runs agreed on" 0 \
		"unstable in .*fu.log, compared on the lines their runs agreed on: 1 cases: r-st \(1\)$" \
		"$wb/differential.py" --faults --name faults --arch demo --json "$tmp/d.json" "$tmp/fu.log" "$tmp/fb.log"
	"$wb/differential.py" --faults --name faults --arch demo --json "$tmp/fd.json" "$tmp/fa.log" "$tmp/fa.log" >/dev/null
	expect "the check summary repeats the faults line" 0 \
		"^  faults demo: 2 cases, 3 injection points, 0 differences$" \
		"$rp" --combine "$tmp/fd.json"
	# The kprobe check of which function serves clone3 (guest/init).
	mkprobe() { # FILE ARMED ABSENT HITS... : a console log of a probe run
		{
			echo "@@WB-PROBE-BEGIN@@"
			echo "probe $2: armed"
			echo "probe $3: absent"
			echo "program clone3_corpus: exit 0"
			echo "program clone3_corpus32: exit 0"
			shift 3
			for h in "$@"; do
				echo "  ${h%%:*}-42  [000] d....  1.5: ${h#*:}: (${h#*:}+0x0/0x1d0)"
			done
			echo "@@WB-PROBE-END@@"
		} > "$1"
	}
	mkprobe "$tmp/p1.log" rust_clone3 copy_clone_args_from_user \
		clone3_corpus:rust_clone3 clone3_corpus32:rust_clone3
	mkprobe "$tmp/p3.log" copy_clone_args_from_user rust_clone3 \
		clone3_corpus:copy_clone_args_from_user clone3_corpus32:copy_clone_args_from_user
	expect "served-by passes when both programs hit the Rust entry" 0 \
		"served by rust_clone3: clone3_corpus 1 hits, clone3_corpus32 1 hits$" \
		"$rp" --no-kselftest --served-by rust_clone3 "$tmp/p1.log"
	expect "served-by fails on a kernel served by the C copy" 1 \
		"rust_clone3 is absent, expected armed" \
		"$rp" --no-kselftest --served-by rust_clone3 "$tmp/p3.log"
	# The benchmark summary.
	mkbench() { # FILE RC NS... : a console log of a clone3_bench run
		local f=$1 rc=$2 p
		shift 2
		{
			echo "@@WB-BENCH-BEGIN@@"
			for p in floor-enosys size0-einval badflag-einval; do
				echo "bench-result $p 100 ${1:-1000}"
				shift || true
			done
			[ "$rc" = 0 ] || echo "clone3_bench: unknown flag: returned 0 (no error)"
			echo "@@WB-BENCH-END rc=$rc@@"
		} > "$f"
	}
	mkdir -p "$tmp/b1" "$tmp/b3"
	for r in 1 2; do
		mkbench "$tmp/b1/c-icount-$r.log" 0 100000 300000 500000
		mkbench "$tmp/b1/rust-icount-$r.log" 0 90000 250000 500000
	done
	cp "$tmp"/b1/*.log "$tmp/b3/"
	mkbench "$tmp/b3/rust-icount-2.log" 1 90000 250000
	bp=("$wb/bench.py" --arch demo --src "$tmp" --objdump false)
	expect "bench reports instructions per call and the ratio" 0 \
		"^bench size0-einval: c=300.0 rust=250.0 ratio=0.8333 above-floor c=200.0 rust=160.0$" \
		"${bp[@]}" --dir "$tmp/b1"
	expect "bench fails when the benchmark program failed" 1 \
		"clone3_bench failed \(exit 1\).*unknown flag" "${bp[@]}" --dir "$tmp/b3"
	expect "make bench rejects a single round" nz "BENCH_ROUNDS must be a number >= 2" \
		"$wb/bench.sh" x86_64 "$tmp/none" "$tmp" 1
	# Error paths of the Makefile and the stages.
	expect "make rejects an unknown ARCH" nz "unknown ARCH 'sparc'" \
		make -C "$repo" --no-print-directory ARCH=sparc help
	expect "make refuses to boot an architecture without a QEMU, and says how to build it" 2 \
		"ARCH=loongarch64 has no QEMU that boots it here \(Debian bookworm has no loongarch64 C compiler.*make ARCH=loongarch64 VARIANT=rust setup fetch prepare config build" \
		make -C "$repo" --no-print-directory ARCH=loongarch64
	expect "make builds an architecture without a QEMU" 0 "stage.*build um/rust" \
		make -C "$repo" --no-print-directory -n ARCH=um VARIANT=rust config build
	expect "boot refuses an architecture without a QEMU" 1 "ARCH=um has no QEMU that boots it here" \
		"$wb/boot.sh" um "$tmp/vmlinux" - "$tmp/um.log"
	# QEMU's accelerator: an unknown ACCEL, before anything boots.
	touch "$tmp/bzImage" "$tmp/initrd"
	expect "boot rejects an unknown ACCEL" 2 "unknown ACCEL 'xen'; supported: kvm, tcg" \
		env ACCEL=xen "$wb/boot.sh" x86_64 "$tmp/bzImage" "$tmp/initrd" "$tmp/accel.log"
	expect "make rejects an unknown VARIANT" nz "unknown VARIANT 'pascal'" \
		make -C "$repo" --no-print-directory VARIANT=pascal help
	expect "make help lists targets and variables" 0 "^  vm-run +boot the built kernel" \
		make -C "$repo" --no-print-directory help
	# make matrix: toolchains, config variants, kernel series, cells.
	expect "make rejects an unknown TOOLCHAIN" nz "unknown TOOLCHAIN 'gcc2'; supported: min" \
		make -C "$repo" --no-print-directory TOOLCHAIN=gcc2 help
	expect "fetch-toolchain rejects an unknown toolchain" 2 "unknown toolchain 'oldest'" \
		"$wb/fetch-toolchain.sh" "$tmp/tccache" oldest
	expect "fetch-toolchain names the versions it can get" 1 "rustc 0\.0-1 is not in Debian trixie; available: .*1\.85\." \
		env TOOLCHAIN_PINS="rustc=0.0-1" "$wb/fetch-toolchain.sh" "$tmp/tccache" min
	expect_killed_build "toolchain root" "$tmp/tccache" toolchain-min 15 \
		"$wb/fetch-toolchain.sh" "$tmp/tccache" min
	expect "a build with a toolchain that was not fetched says how to fetch it" 1 \
		"toolchain min is not there .*make TOOLCHAIN=min setup" \
		env WB_CACHE="$tmp/tccache" WB_TOOLCHAIN=min bash -c ". '$wb/lib.sh' && wb_kmake --version"
	expect "config rejects an unknown config variant" 1 "unknown config variant 'cgroups-m'" \
		env WB_CONFIG_VARIANT=cgroups-m "$wb/config.sh" x86_64 rust "$tmp/nosrc" "$tmp/noout" "$repo"
	expect "config rejects a kernel series whose world options it does not know" 1 \
		"no configs/world-7\.9\.config" \
		env KVER_SERIES=7.9 "$wb/config.sh" x86_64 rust "$tmp/nosrc" "$tmp/noout" "$repo"
	expect "make matrix names an unknown cell" 1 "unknown matrix cell 'arm32'; known: toolchain-min" \
		"$wb/matrix.sh" "$repo" "$tmp/matrix" arm32
	# A make started by make (check -> all -> variant) gets KCFLAGS from
	# its parent: the workbench's flag must not be added again, or ccache
	# hashes every compile differently from a direct make.
	kcf="-fmacro-prefix-map=../../linux-$kver/="
	expect "a nested make passes KCFLAGS on unchanged" 0 "^KCFLAGS=-O2 $kcf\$" \
		env KCFLAGS="-O2 $kcf" make -C "$repo" --no-print-directory \
		--eval 'kcflags: ; @echo "KCFLAGS=$$KCFLAGS"' kcflags
	expect "make world refuses an architecture without the world options" 2 \
		"make world runs on x86_64 arm64: the kernels of ARCH=riscv64 have no world options" \
		make -C "$repo" --no-print-directory ARCH=riscv64 world
	expect "make world refuses the debug kernel" nz "make world runs on the c and rust kernels" \
		make -C "$repo" --no-print-directory VARIANT=debug world-boot
	expect "make world-run needs a command" 2 "world-run needs a command: make world-run CMD=" \
		make -C "$repo" --no-print-directory CMD= world-run
	expect "make world-run rejects an EXTRA that is not a directory" nz "EXTRA=/nonexistent is not a directory" \
		env WB_CMD=true WB_EXTRA=/nonexistent "$wb/world.sh" boot x86_64 c /bin/true /bin/true "$tmp/wr.log"
	expect "fetch names the versions it can get" 1 "available versions: .*7\.2\." \
		"$wb/fetch.sh" "$cache" 7.2.0-99
	expect "fetch rejects a malformed version" 2 "invalid KVER" \
		"$wb/fetch.sh" "$cache" '../x'
	# trinity: a version Debian does not have, and an interrupted fetch.
	# A Debian mirror that does not answer is named (apt-get update itself
	# exits 0 then).
	expect "a fetch names the Debian mirror that does not answer" 1 \
		"apt-get update from the Debian mirror http://127\.0\.0\.1:9/debian failed.*DEBIAN_MIRROR=" \
		env DEBIAN_MIRROR=http://127.0.0.1:9/debian "$wb/fetch-userland.sh" "$tmp/mcache" riscv64
	expect "fetch-trinity names the versions it can get" 1 "0\.0-1 is not in Debian trixie.*available: 1\.9" \
		env TRINITY_VERSION=0.0-1 "$wb/fetch-trinity.sh" "$tmp/tcache" x86_64
	# What a killed fetch leaves: a work directory, and a result without
	# its .complete marker (killed between the two renames).
	tv=$(sed -n 's/^TRINITY_VERSION=.*:-\(.*\)}$/\1/p' "$wb/fetch-trinity.sh")
	mkdir -p "$tmp/tcache/trinity-$tv-amd64.tmp.XXXX/usr/bin" "$tmp/tcache/trinity-$tv-amd64/usr/bin"
	echo half > "$tmp/tcache/trinity-$tv-amd64/usr/bin/trinity-clone"
	expect "a trinity fetch after an interrupted one starts afresh, clone family enabled" 0 \
		"clone3: AVOID_SYSCALL cleared" "$wb/fetch-trinity.sh" "$tmp/tcache" x86_64
	expect "and replaces what the interrupted one left" 0 "" \
		test -f "$tmp/tcache/trinity-$tv-amd64/.complete" -a \
		-s "$tmp/tcache/trinity-$tv-amd64/usr/lib/x86_64-linux-gnu/libc.so.6"
	expect "no leftovers after the trinity fetch" 0 "" \
		bash -c "! ls -d '$tmp'/tcache/trinity-*.tmp.* 2>/dev/null"
	# make world's root file system: a version Debian does not have, and a
	# killed build that leaves nothing usable.
	expect "fetch-world names the versions it can get" 1 "crun 0\.0-1 is not in Debian trixie.*available: 1\." \
		env WORLD_PINS="crun=0.0-1" "$wb/fetch-world.sh" "$tmp/wcache" x86_64
	expect_killed_build "root file system" "$tmp/wcache" world- 25 \
		"$wb/fetch-world.sh" "$tmp/wcache" x86_64
	expect "the cached pristine tree is still complete" 0 "" \
		test -f "$cache/linux-$kver/.complete" -a -f "$cache/linux-$kver/pristine/Makefile"
	# A missing tool when not root: an unprivileged user without ~/.cargo.
	if command -v setpriv >/dev/null && [ "$(id -u)" -eq 0 ]; then
		mkdir -p "$tmp/nobody" && chmod 777 "$tmp/nobody" && chmod 755 "$tmp"
		expect "setup as non-root names what is missing and how to install it" 1 \
			"missing bindgen.*cargo install bindgen-cli" \
			setpriv --reuid=65534 --regid=65534 --clear-groups \
			env -i HOME="$tmp/nobody" PATH=/usr/bin:/bin "$wb/setup.sh" x86_64
	else
		skip "setup as non-root names what is missing and how to install it" "needs root and setpriv"
	fi
	# An interrupted fetch: the cache never holds a half-extracted tree.
	deb=$cache/debs/linux-source-7.2_${kver}_all.deb
	if [ -f "$deb" ]; then
		c2=$tmp/cache
		mkdir -p "$c2/debs"
		ln "$deb" "$c2/debs/" 2>/dev/null || cp "$deb" "$c2/debs/"
		setsid "$wb/fetch.sh" "$c2" "$kver" >/dev/null 2>&1 &
		pid=$!
		sleep 4
		kill -KILL -- -"$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		expect "a killed extraction leaves no usable tree" 0 "" \
			test ! -e "$c2/linux-$kver/.complete" -a ! -e "$c2/linux-$kver/pristine"
		expect "the next fetch discards the leftovers and completes" 0 "pristine tree ready" \
			"$wb/fetch.sh" "$c2" "$kver"
		expect "no leftovers after the fetch" 0 "" \
			bash -c "! ls -d '$c2'/linux-$kver.tmp.* 2>/dev/null"
		echo "garbage" > "$c2/debs/bad.deb"
		chmod -R u+w "$c2/linux-$kver" && rm -rf "$c2/linux-$kver"
		mv "$c2/debs/bad.deb" "$c2/debs/linux-source-7.2_${kver}_all.deb"
		expect "a corrupted package is refused, not extracted" nz "" \
			"$wb/fetch.sh" "$c2" "$kver"
		expect "... and leaves no tree" 0 "" test ! -e "$c2/linux-$kver"
	else
		skip "an interrupted or corrupted fetch leaves no usable tree" "no fetched $deb"
	fi
	echo "1..$n"
else
	echo "TAP version 13"
	arch=${ARCH:-x86_64}
	expect "a kernel without init is reported, with its console log" nz \
		"kernel panicked.*console log: " \
		make -C "$repo" --no-print-directory ARCH="$arch" VARIANT=c APPEND="rdinit=/nonexistent" TIMEOUT=120 LOG="$tmp/noinit.log" boot
	expect "a kernel given too little memory is reported" nz "error: the kernel .*console log: " \
		make -C "$repo" --no-print-directory ARCH="$arch" VARIANT=c MEM=24M TIMEOUT=120 LOG="$tmp/mem.log" boot
	expect "a hung kernel is reported as a timeout" nz "hung: no result after 3s.*console log: " \
		make -C "$repo" --no-print-directory ARCH="$arch" VARIANT=c TIMEOUT=3 LOG="$tmp/hung.log" boot
	expect "vm-run streams the output of the command" 0 "^hello from the guest$" \
		make -C "$repo" --no-print-directory -s ARCH="$arch" VARIANT=c CMD='echo hello from the guest; uname -r' vm-run
	expect "make vm-run fails and names the command's status" nz "command exited with status 7" \
		make -C "$repo" --no-print-directory -s ARCH="$arch" VARIANT=c CMD='exit 7' vm-run
	kout=$repo/build/$arch/c
	case $arch in x86_64) img=$kout/arch/x86/boot/bzImage ;; *) img=$kout/arch/arm64/boot/Image ;; esac
	expect "vm-run.sh exits with the command's status" 7 "" \
		"$wb/vm-run.sh" "$arch" "$img" "$repo/build/$arch/initramfs.cpio" 'exit 7'
	expect "a failing guest command's output is still streamed" nz "^before failing$" \
		make -C "$repo" --no-print-directory -s ARCH="$arch" VARIANT=c CMD='echo before failing; false' vm-run
	mkdir -p "$tmp/extra"
	printf '#!/bin/sh\necho extra says $1\n' > "$tmp/extra/hello.sh"
	chmod +x "$tmp/extra/hello.sh"
	expect "vm-run carries EXTRA into the guest" 0 "^extra says hi$" \
		make -C "$repo" --no-print-directory -s ARCH="$arch" VARIANT=c CMD='hello.sh hi' EXTRA="$tmp/extra" vm-run
	expect "vm-run without CMD says how to use it" nz "vm-run needs a command" \
		make -C "$repo" --no-print-directory -s ARCH="$arch" VARIANT=c vm-run
	# The kselftest runner's per-test timeout (/usr/bin/timeout in the guest):
	# a hanging test is cut off at its limit and reported as a timeout.
	expect "a hanging kselftest is cut off at its timeout" 0 \
		"^not ok 1 selftests: hang: hang.sh # TIMEOUT 5 seconds$" \
		make -C "$repo" --no-print-directory -s ARCH="$arch" VARIANT=c CMD='run.sh' \
		EXTRA="$d/ksft-timeout" vm-run
	cp "$tmp/out" "$tmp/ksft-timeout.out"
	expect "... its leftovers are killed, the next test runs, within the limits" 0 \
		"^runner took ([0-9]|1[0-9]) s$" \
		bash -c 'grep -q "^ok 2 selftests: hang: leftover.sh$" "$1" && grep "^runner took" "$1"' \
		_ "$tmp/ksft-timeout.out"
	{
		echo "@@WB-KSELFTEST-BEGIN@@"
		cat "$tmp/ksft-timeout.out"
		echo "@@WB-KSELFTEST-END rc=1@@"
	} > "$tmp/ksft-timeout.log"
	expect "... and the report counts the timeout as a failure, not a pass" 1 \
		"FAILED: hang:hang.sh: hang.sh \(timeout 5 seconds\)" \
		"$rp" --label t "$tmp/ksft-timeout.log"
	# make KSRC=: a tree that is no kernel, too old, not git, and one the
	# series does not apply to (from the series check's git tree of the
	# pristine sources, with a line that the clone3 patch needs taken out).
	mkdir -p "$tmp/ksrc-old" "$tmp/ksrc-nogit/kernel" "$tmp/ksrc-nogit/rust/kernel"
	printf 'VERSION = 6\nPATCHLEVEL = 12\n' > "$tmp/ksrc-old/Makefile"
	printf 'VERSION = 7\nPATCHLEVEL = 2\n' > "$tmp/ksrc-nogit/Makefile"
	touch "$tmp/ksrc-nogit/kernel/fork.c"
	expect "make KSRC= rejects a directory that is no kernel tree" nz \
		"KSRC=$tmp/nothing is not a Linux tree of 7.2 or later" \
		make -C "$repo" --no-print-directory KSRC="$tmp/nothing" help
	expect "make KSRC= rejects a kernel older than 7.2" nz "gives version '6\.12'" \
		make -C "$repo" --no-print-directory KSRC="$tmp/ksrc-old" help
	expect "make KSRC= rejects a tree that is not a git work tree" 2 "is not a git work tree" \
		make -C "$repo" --no-print-directory KSRC="$tmp/ksrc-nogit" prepare
	if [ -d "$repo/build/series/tree/.git" ]; then
		git clone -q -b pristine "$repo/build/series/tree" "$tmp/ksrc-user"
		sed -i '/^#include <linux\/rseq.h>$/d' "$tmp/ksrc-user/kernel/fork.c"
		git -C "$tmp/ksrc-user" -c user.name=t -c user.email=t@t commit -q -am "fork: a change of the user's"
		uhead=$(git -C "$tmp/ksrc-user" rev-parse HEAD)
		expect "make KSRC= names the first patch that does not apply" nz \
			"does not apply to KSRC .*first failing patch 0007-fork-handle-clone3" \
			make -C "$repo" --no-print-directory KSRC="$tmp/ksrc-user" BUILD="$repo/build/ksrc" prepare
		expect "... and leaves the user's branch and work tree as they were" 0 "^pristine $uhead$" \
			bash -c 'echo "$(git -C "$1" rev-parse --abbrev-ref HEAD) $(git -C "$1" rev-parse HEAD)";
				git -C "$1" diff --quiet HEAD' _ "$tmp/ksrc-user"
		git -C "$tmp/ksrc-user" worktree remove -f "$repo/build/ksrc/linux-ksrc" 2>/dev/null
	else
		skip "make KSRC= names the first patch that does not apply" "no series tree build/series/tree (make patches)"
	fi
	echo "1..$n"
fi
WB_SKIPPED=$skip wb_counts_json "$out/workbench-$phase.json" "workbench self-tests ($phase)" \
	"$pass" "$fail" "${failed[@]}"
echo "# workbench self-tests ($phase): $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
