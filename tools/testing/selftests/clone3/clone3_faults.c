// SPDX-License-Identifier: GPL-2.0
/*
 * clone3_faults - the clone3_corpus cases under fail-nth fault injection
 *
 * Usage: clone3_faults [--seed N] [--count N] [--compat32-safe]
 *
 * Needs CONFIG_FAULT_INJECTION with FAILSLAB and FAULT_INJECTION_USERCOPY,
 * and failslab set up so that allocations that may sleep can fail
 * (debugfs failslab/ignore-gfp-wait = N; verbose = 0 keeps it quiet).
 *
 * Takes the deterministic cases of clone3_corpus (every generator but the
 * seeded random mixtures: the rules alone, in pairs and triples, sizes,
 * tails, edges, pointers, flags, exit signals, set_tid, CLONE_INTO_CGROUP,
 * stacks, the legacy clone(), fork() and vfork()). For each case and each
 * n = 1, 2, ... it writes n to /proc/thread-self/fail-nth, which makes the
 * n-th injectable operation of the next system call fail, makes the call,
 * and reads back whether the fault was injected; it stops at the first n
 * that the call no longer reaches. One line per case and n:
 *
 *	<case-id>/<n> <ok|ERRNONAME>,<injected|none>
 *
 * then "# faults: <cases> cases, <points> injection points, <U> unstable".
 * Two kernels whose argument handling makes the same fallible operations
 * in the same order, and maps each failure to the same errno, print the
 * same lines. A case is printed once two runs of it in a row agree; one
 * whose runs never do is printed after "# unstable <case-id> <k>", up to
 * the k-th line, the last on which all its runs agreed.
 *
 * Left out: cases whose child has the exit signal SIGKILL, since the
 * child's exit kills the caller before it can read fail-nth back, and
 * CLONE_NEWNET cases, whose allocations vary from call to call (see
 * fault_seq in clone3_corpus.c).
 */

#define C3_FAULTS	1
#define PROG		"clone3_faults"
#include "clone3_corpus.c"
