#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare the clone3 corpus results of two kernels, case by case.

Usage: differential.py --arch ARCH --json OUT [--min-cases N] [--name NAME]
                       [--marker MARKER] [--faults] [--setting MARKER] A_LOG B_LOG

Each console log holds the output of clone3_corpus between the
@@WB-CORPUS-BEGIN@@ and @@WB-CORPUS-END rc=N@@ markers: one line per case,
"<case-id> <ok|ERRNO>". Prints every case that differs and the line
"differential <arch>: <N> cases, <D> differences"; fails if D > 0, if the
corpus did not complete on either kernel, if the two kernels ran different
case lists, or if there are fewer than --min-cases cases.

With --faults the logs hold clone3_faults output (marker FAULTS): one line
per case and fail-nth value n, "<case-id>/<n> <ok|ERRNO>,<injected|none>".
Every (case, n) line is compared, a line that only one kernel printed (a
case with more injection points on one kernel) counts as a difference, and
the last line is "faults <arch>: <N> cases, <P> injection points, <D>
differences", N and P counted on the first kernel. clone3_faults prints a
case once two runs of it in a row agree; a case whose runs never did is
printed as "# unstable <case-id> <k>" and the k lines (n = 1..k) on which
all its runs agreed; such a case is compared on the lines both kernels
agreed on, and listed.

With --setting MARKER the logs hold the corpus of a setting where
permissions decide (plan.py's PERM_SETTINGS; MARKER32: its 32-bit run):
the summary names the setting and counts the errors it is there for,
"differential <arch> (<setting>): <N> cases, <D> differences; EPERM <n>,
EACCES <n>", and it fails if one of them does not occur, or if a case of
the setting's expectations gives another result on either kernel. A
kernel without the setting's switch says "@@WB-MARKER-ABSENT <why>@@"
instead; on both kernels, that is a skip, with its reason.
"""

import argparse
import base64
import collections
import gzip
import hashlib
import itertools
import json
import os
import re
import sys

import plan
from wblog import rc as end_rc, section

# A run's output: its results per case id (corpus) or per "case-id/n" line
# (faults), the ids in order, the program's exit status (None if the run
# did not complete or its transfer is corrupt), and the cases whose runs
# never agreed twice in a row (clone3_faults), with the number of lines
# (n = 1, 2, ...) on which all their runs agreed.
Run = collections.namedtuple('Run', 'results order rc unstable')


def incomplete():
    """The Run of a run that did not complete."""
    return Run({}, [], None, {})


def decode(b64, md5):
    """The corpus output that the guest sent gzip-compressed and
    base64-encoded, with its md5 sum; ValueError if it is corrupt."""
    try:
        text = gzip.decompress(base64.b64decode(''.join(b64)))
    except (ValueError, OSError, EOFError) as e:
        raise ValueError(f'is corrupt: {e}') from e
    if md5 and hashlib.md5(text).hexdigest() != md5:
        raise ValueError('fails its md5 check')
    return text.decode(errors='replace')


def parse_output(text):
    """Run of the output lines "<case-id> <result>" and "# unstable
    <case-id> <k>"; other lines starting with # are comments."""
    results, order, unstable = {}, [], {}
    for line in text.splitlines():
        if line.startswith('# unstable '):
            _, _, case, agreed = line.split()
            unstable[case] = int(agreed)
        if line.startswith('#') or not line.strip():
            continue
        parts = line.split()
        if len(parts) != 2:
            continue
        results[parts[0]] = parts[1]
        order.append(parts[0])
    return Run(results, order, None, unstable)


def corpus(path, marker):
    """The Run of the corpus output between the MARKER markers of a
    console log: the lines that look like base64 between
    "@@WB-MARKER-BEGIN@@" and "@@WB-MARKER-END rc=N@@", checked against
    the sum of "@@WB-MARKER-MD5 SUM@@" before them."""
    with open(path, errors='replace') as f:
        lines = [l.rstrip('\r\n') for l in f]
    begin = f'@@WB-{marker}-BEGIN@@'
    sec, end = section(lines, begin, f'@@WB-{marker}-END rc=')
    rc = end_rc(end)
    if rc is None:
        return incomplete()
    md5 = None
    for line in itertools.takewhile(lambda l: begin not in l, lines):
        m = re.search(rf'@@WB-{marker}-MD5 (\w+)@@', line)
        if m:
            md5 = m.group(1)
    try:
        text = decode([l for l in sec if re.fullmatch(r'[A-Za-z0-9+/=]+', l)],
                      md5)
    except ValueError as e:
        print(f'  error: corpus output in {path} {e}')
        return incomplete()
    return parse_output(text)._replace(rc=rc)


def absent(path, marker):
    """The reason of "@@WB-MARKER-ABSENT reason@@" in a log, or None."""
    with open(path, errors='replace') as f:
        for line in f:
            m = re.search(rf'@@WB-{marker}-ABSENT (.*)@@', line)
            if m:
                return m.group(1)
    return None


def setting_checks(setting, a, b, paths=('A', 'B')):
    """The counts of the setting's errors (on A) and its problems: an
    error that does not occur, an expected result that either kernel does
    not give."""
    counts = {e: sum(1 for r in a.results.values() if r == e) for e in setting.errnos}
    problems = [f'no {e} in the setting, which is there for it' for e, k in counts.items() if not k]
    for case, want in setting.expect:
        for path, r in zip(paths, (a, b)):
            got = r.results.get(case, '(absent)')
            if got != want:
                problems.append(f'{case}: {got} on {path}, expected {want}')
    return counts, problems


def compare(a, b, faults, paths=('A', 'B'), min_cases=1):
    """Compare the Runs A and B of two kernels. Return (the number of
    cases, of injection points (faults), the ids that differ, problems)."""
    problems = []
    if a.rc is None or b.rc is None:
        problems.append('the corpus did not complete on '
                        + ' and '.join(p for p, r in zip(paths, (a, b))
                                       if r.rc is None))
    elif a.rc or b.rc:
        problems.append(f'the corpus program failed (exit {a.rc} and {b.rc})')
    points = None
    if faults:
        # A case is its id without "/n"; its lines may differ in number.
        def cases(order):
            return list(dict.fromkeys(k.rsplit('/', 1)[0] for k in order))
        ca, cb = cases(a.order), cases(b.order)
        if ca != cb:
            problems.append('the two kernels ran different case lists '
                            f'({len(ca)} and {len(cb)} cases)')
        # An unstable case is compared on the lines all its runs agreed on.
        limit = {}
        for per_log in (a.unstable, b.unstable):
            for case, agreed in per_log.items():
                limit[case] = min(agreed, limit.get(case, agreed))

        def compared(k):
            case, n = k.rsplit('/', 1)
            return case not in limit or int(n) <= limit[case]
        keys = [k for k in dict.fromkeys(a.order + b.order) if compared(k)]
        diffs = [k for k in keys if a.results.get(k) != b.results.get(k)]
        n = len(ca)
        points = sum(1 for k in a.order if a.results[k].endswith(',injected'))
    else:
        if a.order != b.order:
            problems.append('the two kernels ran different case lists '
                            f'({len(a.order)} and {len(b.order)} cases)')
        diffs = [c for c in a.order
                 if c in b.results and a.results[c] != b.results[c]]
        n = len(a.order)
    if n < min_cases:
        problems.append(f'only {n} cases, fewer than {min_cases}')
    return n, points, diffs, problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--arch', required=True)
    ap.add_argument('--json', required=True)
    ap.add_argument('--name', default='differential')
    ap.add_argument('--marker', default='CORPUS')
    ap.add_argument('--min-cases', type=int, default=1)
    ap.add_argument('--faults', action='store_true')
    ap.add_argument('--setting', metavar='MARKER',
                    help='a setting of plan.PERM_SETTINGS (MARKER32: its 32-bit run)')
    ap.add_argument('a')
    ap.add_argument('b')
    args = ap.parse_args()
    for path in (args.a, args.b):
        if not os.path.isfile(path):
            print(f'error: no console log {path}: boot that kernel first '
                  '(make VARIANT=c|rust boot, or make)', file=sys.stderr)
            return 2

    if args.faults and args.marker == 'CORPUS':
        args.marker = 'FAULTS'
    setting, label = None, f'{args.name} {args.arch}'
    if args.setting:
        setting = plan.PERM_BY_MARKER.get(args.setting.removesuffix('32'))
        if not setting:
            print(f"error: unknown setting '{args.setting}'; known: "
                  + ' '.join(plan.PERM_BY_MARKER), file=sys.stderr)
            return 2
        args.marker = args.setting
        label = f'{label} ({setting.label})'
        why = [absent(p, args.marker) for p in (args.a, args.b)]
        if all(why):
            print(f'SKIP: {label}: {why[0]}')
            with open(args.json, 'w') as f:
                json.dump({'label': label, 'pass': 0, 'fail': 0, 'skip': 1,
                           'summary': f'{label}: skipped, {why[0]}', 'failed': []}, f)
            return 0
    a, b = corpus(args.a, args.marker), corpus(args.b, args.marker)
    n, points, diffs, problems = compare(a, b, args.faults, (args.a, args.b),
                                         args.min_cases)
    counts = {}
    if setting:
        counts, more = setting_checks(setting, a, b, (args.a, args.b))
        problems += more
    for c in diffs[:200]:
        print(f"  differs: {c}: {a.results.get(c, '(absent)')} vs "
              f"{b.results.get(c, '(absent)')}")
    if len(diffs) > 200:
        print(f'  ... and {len(diffs) - 200} more')
    for p in problems:
        print(f'  error: {p}')
    unstable = {path: r.unstable for path, r in ((args.a, a), (args.b, b))
                if r.unstable}
    for path, cases in unstable.items():
        print(f"  unstable in {path}, compared on the lines their runs agreed on: "
              f"{len(cases)} cases: "
              + ' '.join(f'{c} ({k})' for c, k in list(cases.items())[:20])
              + (' ...' if len(cases) > 20 else ''))
    if args.faults:
        summary = f'{label}: {n} cases, {points} injection points, {len(diffs)} differences'
    else:
        summary = f'{label}: {n} cases, {len(diffs)} differences'
    if counts:
        summary += '; ' + ', '.join(f'{e} {k}' for e, k in counts.items())
    print(summary)
    failed = bool(diffs or problems)
    with open(args.json, 'w') as f:
        json.dump({'label': label,
                   'pass': 0 if failed else 1, 'fail': 1 if failed else 0,
                   'skip': 0, 'summary': summary,
                   'failed': [f'{len(diffs)} differences'] + problems
                   if failed else []}, f)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
