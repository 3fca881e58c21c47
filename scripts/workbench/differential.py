#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare the clone3 corpus results of two kernels, case by case.

Usage: differential.py --arch ARCH --json OUT [--min-cases N] [--name NAME]
                       [--marker MARKER] [--faults] A_LOG B_LOG

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
"""

import argparse
import base64
import gzip
import hashlib
import json
import re
import sys

END = re.compile(r'@@WB-(\w+)-END rc=(\d+)@@')
# clone3_faults: per log, the cases whose runs never agreed twice in a row,
# with the number of lines (n = 1, 2, ...) on which all their runs agreed
UNSTABLE = {}


def corpus(path, marker):
    """Return (dict case -> result, ordered case ids, rc) from a console log.

    The guest sends the corpus output gzip-compressed and base64-encoded,
    with its md5 sum, between the markers.
    """
    b64, inside, rc, md5 = [], False, None, None
    with open(path, errors='replace') as f:
        for line in f:
            line = line.rstrip('\r\n')
            m = re.search(rf'@@WB-{marker}-MD5 (\w+)@@', line)
            if m:
                md5 = m.group(1)
            if f'@@WB-{marker}-BEGIN@@' in line:
                inside = True
                continue
            m = END.search(line)
            if inside and m and m.group(1) == marker:
                rc = int(m.group(2))
                break
            if inside and re.fullmatch(r'[A-Za-z0-9+/=]+', line):
                b64.append(line)
    if rc is None:
        return {}, [], None
    try:
        text = gzip.decompress(base64.b64decode(''.join(b64)))
    except (ValueError, OSError, EOFError) as e:
        print(f'  error: corpus output in {path} is corrupt: {e}')
        return {}, [], None
    if md5 and hashlib.md5(text).hexdigest() != md5:
        print(f'  error: corpus output in {path} fails its md5 check')
        return {}, [], None
    results, order = {}, []
    for line in text.decode(errors='replace').splitlines():
        if line.startswith('# unstable '):
            _, _, case, agreed = line.split()
            UNSTABLE.setdefault(path, {})[case] = int(agreed)
        if line.startswith('#') or not line.strip():
            continue
        parts = line.split()
        if len(parts) != 2:
            continue
        results[parts[0]] = parts[1]
        order.append(parts[0])
    return results, order, rc


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--arch', required=True)
    ap.add_argument('--json', required=True)
    ap.add_argument('--name', default='differential')
    ap.add_argument('--marker', default='CORPUS')
    ap.add_argument('--min-cases', type=int, default=1)
    ap.add_argument('--faults', action='store_true')
    ap.add_argument('a')
    ap.add_argument('b')
    args = ap.parse_args()

    if args.faults and args.marker == 'CORPUS':
        args.marker = 'FAULTS'
    ra, oa, rca = corpus(args.a, args.marker)
    rb, ob, rcb = corpus(args.b, args.marker)
    problems = []
    if rca is None or rcb is None:
        problems.append('the corpus did not complete on '
                        + ' and '.join(p for p, rc in ((args.a, rca), (args.b, rcb))
                                       if rc is None))
    elif rca or rcb:
        problems.append(f'the corpus program failed (exit {rca} and {rcb})')
    if args.faults:
        # A case is its id without "/n"; its lines may differ in number.
        def cases(order):
            return list(dict.fromkeys(k.rsplit('/', 1)[0] for k in order))
        ca, cb = cases(oa), cases(ob)
        if ca != cb:
            problems.append('the two kernels ran different case lists '
                            f'({len(ca)} and {len(cb)} cases)')
        # An unstable case is compared on the lines all its runs agreed on.
        limit = {}
        for per_log in (UNSTABLE.get(args.a, {}), UNSTABLE.get(args.b, {})):
            for case, agreed in per_log.items():
                limit[case] = min(agreed, limit.get(case, agreed))

        def compared(k):
            case, n = k.rsplit('/', 1)
            return case not in limit or int(n) <= limit[case]
        keys = [k for k in dict.fromkeys(oa + ob) if compared(k)]
        diffs = [k for k in keys if ra.get(k) != rb.get(k)]
        n = len(ca)
        points = sum(1 for k in oa if ra[k].endswith(',injected'))
    else:
        if oa != ob:
            problems.append('the two kernels ran different case lists '
                            f'({len(oa)} and {len(ob)} cases)')
        diffs = [c for c in oa if c in rb and ra[c] != rb[c]]
        n = len(oa)
    if n < args.min_cases:
        problems.append(f'only {n} cases, fewer than {args.min_cases}')
    for c in diffs[:200]:
        print(f"  differs: {c}: {ra.get(c, '(absent)')} vs {rb.get(c, '(absent)')}")
    if len(diffs) > 200:
        print(f'  ... and {len(diffs) - 200} more')
    for p in problems:
        print(f'  error: {p}')
    for path, cases in UNSTABLE.items():
        print(f"  unstable in {path}, compared on the lines their runs agreed on: "
              f"{len(cases)} cases: "
              + ' '.join(f'{c} ({n})' for c, n in list(cases.items())[:20])
              + (' ...' if len(cases) > 20 else ''))
    if args.faults:
        summary = (f'{args.name} {args.arch}: {n} cases, {points} injection points, '
                   f'{len(diffs)} differences')
    else:
        summary = f'{args.name} {args.arch}: {n} cases, {len(diffs)} differences'
    print(summary)
    failed = bool(diffs or problems)
    with open(args.json, 'w') as f:
        json.dump({'label': f'{args.name} {args.arch}',
                   'pass': 0 if failed else 1, 'fail': 1 if failed else 0,
                   'skip': 0, 'summary': summary,
                   'failed': [f'{len(diffs)} differences'] + problems
                   if failed else []}, f)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
