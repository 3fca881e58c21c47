#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# kreports.py LOG - the kernel reports of a console log: the one definition
# of what a report is, for boot.sh (any report fails a boot) and report.py
# (their count). Prints nothing and exits 0 when LOG has none; else names
# the first kind found, with the first three reports of it and the five
# lines after each, and exits 3.
"""Kernel reports (BUG, WARNING, Oops, KASAN, UBSAN, ...) in a console log."""

import re
import sys

# What a report starts with or contains, in the order they are looked for.
PATTERNS = ('BUG:', 'WARNING:', 'Oops', 'KASAN', 'UBSAN', 'general protection fault',
            'Call Trace:')
# Not a report: a pr_warn() banner that fs/namespace.c prints for the
# "mand" mount option (trinity's mount() calls set it).
BENIGN = 'WARNING: The mand mount option has been deprecated'
# Nor are the out-of-memory kills in trinity's cgroups, which their
# memory.max makes on purpose (guest/trinity): the OOM killer prints the
# stack of the task that hit the limit. Of each report, from "invoked
# oom-killer" to "Memory cgroup out of memory: Killed process", that names
# oom_memcg=/trinity-, the "Call Trace:" line (the OOM killer's) is left
# out; the rest of it, and any other report, is scanned.
OOM_START = ' invoked oom-killer: '
OOM_END = 'Memory cgroup out of memory: Killed process'
OOM_OURS = 'oom_memcg=/trinity-'
# Nor is what the OOM reaper prints when it cannot reap such a killed task
# (mm/oom_kill.c: "oom_reaper: unable to reap pid:N", the task's state and
# stack, and lockdep's "Showing all locks held in the system" up to its line
# of '='), seen once with the victim in fork's dup_mmap(): its "Call Trace:"
# line is left out too, the rest scanned.
REAP_START = re.compile(r'oom_reaper: unable to reap pid:(\d+) ')
REAP_END = re.compile(r'={20,}\s*$')
KILLED = re.compile(r'Killed process (\d+) ')
# Nor is the base64 that the guest prints its programs' outputs in (the
# corpus and fault-injection sections): a line of it can hold "Oops" or
# "KASAN" by chance (an "Oops" was seen in a 100,000-case corpus). A report
# line has spaces or a colon, which base64 has not, so a report that the
# console interleaves with such a line is still scanned.
BASE64 = re.compile(r'[A-Za-z0-9+/]{40,}={0,2}')


def scanned(lines):
    """The lines of the log that are scanned for reports."""
    out, oom, ours, killed, reap = [], None, False, set(), False
    for line in lines:
        if BENIGN in line or BASE64.fullmatch(line):
            continue
        if OOM_START in line:
            # (a report that never ended is flushed as it is)
            out += oom or []
            oom, ours = [], False
        if oom is not None:
            oom.append(line)
            ours = ours or OOM_OURS in line
            if OOM_END in line:
                out += [l for l in oom if not ours or 'Call Trace:' not in l]
                m = KILLED.search(line)
                if ours and m:
                    killed.add(m.group(1))
                oom = None
            continue
        m = REAP_START.search(line)
        if m:
            reap = m.group(1) in killed
        elif reap and REAP_END.search(line):
            reap = False
        if reap and 'Call Trace:' in line:
            continue
        out.append(line)
    return out + (oom or [])


def trinity_ooms(lines):
    """How many out-of-memory kills were in trinity's cgroups."""
    return sum(1 for line in lines if OOM_OURS in line)


def count(lines):
    """The number of scanned lines that are, or belong to, a report."""
    return sum(1 for line in scanned(lines) if any(p in line for p in PATTERNS))


def first(lines):
    """(pattern, excerpt) of the first kind of report found, or None."""
    s = scanned(lines)
    for p in PATTERNS:
        hits = [i for i, line in enumerate(s) if p in line]
        if hits:
            excerpt, last = [], -1
            for i in hits[:3]:
                if excerpt and i > last + 1:
                    excerpt.append('--')
                for j in range(max(i, last + 1), min(i + 6, len(s))):
                    excerpt.append(s[j])
                last = min(i + 5, len(s) - 1)
            return p, excerpt
    return None


def main(argv):
    if len(argv) != 1:
        sys.stderr.write('usage: kreports.py LOG\n')
        return 2
    try:
        with open(argv[0], encoding='utf-8', errors='replace') as f:
            lines = f.read().splitlines()
    except OSError as e:
        sys.stderr.write(f'error: {e}\n')
        return 2
    ooms = trinity_ooms(lines)
    if ooms:
        print(f"  {ooms} out-of-memory kills in trinity's cgroups (their memory.max; "
              'not a kernel report)')
    found = first(lines)
    if found:
        pattern, excerpt = found
        sys.stderr.write(f"error: the kernel log contains '{pattern}'; console log: {argv[0]}\n")
        sys.stderr.write(''.join(f'    {line}\n' for line in excerpt))
        return 3
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
