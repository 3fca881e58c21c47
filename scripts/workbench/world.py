#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise the "make world" boots of the C and the Rust kernel.

Usage: world.py --arch ARCH [--json OUT] VARIANT=LOG...

Each LOG is the console of one boot of the Debian system (world.sh boot).
Per kernel and program the guest printed "@@WB-WORLD <program> ok|FAILED
(<detail>)@@"; this prints

    world <arch>/<variant>: <program> ok|FAILED (<detail>)

and the clone3 calls of the boot, as the kprobe event wb/clone3 on the
function that served them saw them, counted per command and flag
combination. It fails when a program failed or did not report, when the
trace lost events, when the calls were served by another function than the
variant's, when the calls that show real programs reaching that function
are missing (CLONE_INTO_CGROUP from systemd, set_tid from criu, a clone3
call from crun), or when the kernels' sets of results differ.
"""

import argparse
import collections
import json
import re
import sys

from wblog import section

PROGRAMS = ('systemd', 'criu', 'crun', 'glibc', 'seccomp')
SERVED = {'c': 'copy_clone_args_from_user', 'rust': 'rust_clone3',
          'debug': 'rust_clone3'}
RESULT = re.compile(r'@@WB-WORLD (\S+) (ok|FAILED) ?(.*?)@@')
EVENT = re.compile(r'^\s*(.+?)-(\d+)\s+\[\d+\]\s+\S+\s+[\d.]+: clone3: '
                   r'\((\w+)\+0x0/0x[0-9a-f]+\) flags=(0x[0-9a-f]+) '
                   r'set_tid_size=(\d+) cgroup=(-?\d+) size=(0x[0-9a-f]+|\d+)')
FLAGS = [(0x100, 'VM'), (0x200, 'FS'), (0x400, 'FILES'), (0x800, 'SIGHAND'),
         (0x1000, 'PIDFD'), (0x2000, 'PTRACE'), (0x4000, 'VFORK'),
         (0x8000, 'PARENT'), (0x10000, 'THREAD'), (0x20000, 'NEWNS'),
         (0x40000, 'SYSVSEM'), (0x80000, 'SETTLS'),
         (0x100000, 'PARENT_SETTID'), (0x200000, 'CHILD_CLEARTID'),
         (0x800000, 'UNTRACED'), (0x1000000, 'CHILD_SETTID'),
         (0x2000000, 'NEWCGROUP'), (0x4000000, 'NEWUTS'),
         (0x8000000, 'NEWIPC'), (0x10000000, 'NEWUSER'),
         (0x20000000, 'NEWPID'), (0x40000000, 'NEWNET'),
         (0x80000000, 'IO'), (0x100000000, 'CLEAR_SIGHAND'),
         (0x200000000, 'INTO_CGROUP')]
CLONE_INTO_CGROUP = 0x200000000
# The size of struct clone_args with set_tid (VER1) and cgroup (VER2).
SIZE_VER1, SIZE_VER2 = 80, 88


def flag_names(flags):
    """CLONE_* names of a flags value, the exit signal as a number."""
    names = [n for bit, n in FLAGS if flags & bit]
    rest = flags & ~sum(bit for bit, _ in FLAGS)
    if rest:
        names.append(hex(rest))
    return '|'.join(names) or '0'


def parse(variant, path):
    """The results, the clone3 events and the problems of one boot."""
    problems = []
    try:
        with open(path, errors='replace') as f:
            lines = f.read().splitlines()
    except OSError as e:
        return ({prog: ('FAILED', '(no console log)') for prog in PROGRAMS}, [],
                [f'cannot read {path}: {e.strerror}'])
    results = {}
    for line in lines:
        m = RESULT.search(line)
        if m and m.group(1) in PROGRAMS:
            results[m.group(1)] = (m.group(2), m.group(3))
    for prog in PROGRAMS:
        if prog not in results:
            results[prog] = ('FAILED', '(no result: the boot or the test '
                             'stopped before it)')
    trace, end = section(lines, '@@WB-WORLD-TRACE-BEGIN@@',
                         '@@WB-WORLD-TRACE-END')
    events = []
    if end is None:
        problems.append('no clone3 trace in the log')
    else:
        m = re.search(r'overrun=(\d+)', end)
        if not m or int(m.group(1)):
            problems.append(f'the trace lost events ({end.strip()})')
        for line in trace:
            m = EVENT.match(line)
            if not m:
                continue
            comm, _, fn, flags, st, cg, size = m.groups()
            size = int(size, 0)
            flags = int(flags, 16)
            events.append({
                'comm': comm.strip(), 'fn': fn, 'flags': flags,
                'set_tid': size >= SIZE_VER1 and int(st) > 0,
                'into_cgroup': bool(flags & CLONE_INTO_CGROUP)
                               and size >= SIZE_VER2})
        others = sorted({e['fn'] for e in events} - {SERVED[variant]})
        if others:
            problems.append(f'clone3 calls served by {", ".join(others)}, '
                            f'not {SERVED[variant]}')
    return results, events, problems


def per_command(events):
    """The number of calls per (command, flag names [+ " set_tid"])."""
    return collections.Counter(
        (e['comm'], flag_names(e['flags']) + (' set_tid' if e['set_tid']
                                             else ''))
        for e in events)


def evidence(events):
    """The calls that show real programs reaching the served function."""
    def n(pred):
        return sum(1 for e in events if pred(e))
    return {
        'systemd CLONE_INTO_CGROUP': n(lambda e: e['comm'] == 'systemd'
                                       and e['into_cgroup']),
        'criu set_tid': n(lambda e: e['comm'] == 'criu' and e['set_tid']),
        'crun': n(lambda e: e['comm'] == 'crun'),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--arch', required=True)
    ap.add_argument('--json')
    ap.add_argument('boots', nargs='+', metavar='VARIANT=LOG')
    args = ap.parse_args()
    passed = failed = 0
    failures, summary, sets = [], [], {}
    for boot in args.boots:
        variant, _, path = boot.partition('=')
        if variant not in SERVED or not path:
            print(f'error: expected VARIANT=LOG with VARIANT one of '
                  f'{", ".join(SERVED)}, got {boot!r}', file=sys.stderr)
            return 2
        label = f'world {args.arch}/{variant}'
        results, events, problems = parse(variant, path)
        sets[variant] = {p: r[0] for p, r in results.items()}
        for prog in PROGRAMS:
            state, detail = results[prog]
            line = f'{label}: {prog} {state} {detail}'.rstrip()
            print(line)
            summary.append(line)
            if state == 'ok':
                passed += 1
            else:
                failed += 1
                failures.append(f'{label}: {prog}')
        combos = per_command(events)
        print(f'{label}: {len(events)} clone3 calls served by '
              f'{SERVED[variant]}, per command and flags:')
        for (comm, names), k in sorted(combos.items()):
            print(f'  {k:6d}  {comm:16s} {names}')
        ev = evidence(events)
        line = (f'{label}: clone3 served by {SERVED[variant]}: '
                + ', '.join(f'{k} {v}' for k, v in ev.items()))
        print(line)
        summary.append(line)
        for what, k in ev.items():
            if not k:
                problems.append(f'no clone3 call of {what}')
        for p in problems:
            print(f'error: {label}: {p} ({path})')
            failures.append(f'{label}: {p}')
            failed += 1
        if not problems:
            passed += 1
    variants = list(sets)
    for other in variants[1:]:
        if sets[other] != sets[variants[0]]:
            line = (f'world {args.arch}: the results of {variants[0]} and '
                    f'{other} differ: {sets[variants[0]]} vs {sets[other]}')
            failures.append(line)
            failed += 1
        else:
            line = (f'world {args.arch}: {other} gives the same results as '
                    f'{variants[0]}')
            passed += 1
        print(line)
        summary.append(line)
    if args.json:
        with open(args.json, 'w') as f:
            json.dump({'label': f'world {args.arch}', 'pass': passed,
                       'fail': failed, 'skip': 0, 'failed': failures,
                       'summary': '\n  '.join(summary)}, f)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
