#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise a workbench console log: kselftest TAP and KUnit KTAP.

Usage: report.py [--kunit-parser DIR] [--kunit-required SUITE,...] [--json OUT]
                 [--required SUITE,...]
                 [--label LABEL] LOG

The kselftest runner prints one top-level TAP line per test program and,
prefixed with "# ", the program's own TAP. Cases are counted per program
(a program without its own TAP counts as one case) and per suite. KUnit
KTAP is taken from the dmesg dump and parsed with the kernel's own
tools/testing/kunit/kunit_parser.py when --kunit-parser is given.

With --combine, the arguments are results files of earlier runs (and of
the workbench self-tests): their counts are added up, the kselftest counts
of the variants of one architecture (labels "ARCH/VARIANT") are compared
program by program, and one final line says "N passed, N failed".

Exit status: 0 if no required suite (default: all) failed, 1 otherwise,
2 if the log has no complete kselftest run.
"""

import argparse
import fnmatch
import json
import re
import sys

TOP = re.compile(r'^(not ok|ok) (\d+) selftests: ([^:]+): (\S+)(.*)$')
NESTED = re.compile(r'^# (not ok|ok) (\d+) ?(.*)$')
REPORT = re.compile(r'BUG:|WARNING:(?! The mand mount option has been deprecated)'
                    r'|KASAN|UBSAN|Oops|general protection')
TRACE = re.compile(r'^\s*(.+)-\d+\s+\[\d+\]\s.*?\s(\w+):\s+\(')
PROBED = ('rust_clone3', 'copy_clone_args_from_user')
DIRECTIVE = re.compile(r'#\s*(SKIP|XFAIL|TIMEOUT|TODO)\b\s*(.*)$', re.I)


def section(lines, begin, end):
    """Lines strictly between the first BEGIN marker and the END marker."""
    out, inside = [], False
    for line in lines:
        if not inside and begin in line:
            inside = True
            continue
        if inside and end in line:
            return out, True
        if inside:
            out.append(line)
    return out, False


def classify(result, rest):
    """Map a TAP result and its trailing text to pass/fail/skip."""
    d = DIRECTIVE.search(rest)
    if d and d.group(1).upper() in ('SKIP', 'XFAIL'):
        return 'skip', d.group(2).strip()
    if d and d.group(1).upper() == 'TIMEOUT':
        return 'fail', 'timeout ' + d.group(2).strip()
    return ('pass' if result == 'ok' else 'fail'), ''


def parse_kselftest(lines):
    """Return a list of programs: dict(suite, prog, result, cases)."""
    progs, pending = [], []
    for line in lines:
        m = NESTED.match(line)
        if m:
            res, why = classify(m.group(1), m.group(3))
            name = DIRECTIVE.split(m.group(3))[0].strip()
            name = name or f'case {m.group(2)}'
            pending.append({'id': int(m.group(2)), 'name': name,
                            'result': res, 'reason': why})
            continue
        m = TOP.match(line)
        if m:
            res, why = classify(m.group(1), m.group(5))
            cases = pending
            pending = []
            if not cases:
                cases = [{'id': 1, 'name': m.group(4), 'result': res,
                          'reason': why}]
            elif res == 'fail' and all(c['result'] != 'fail' for c in cases):
                # The program failed although its cases did not (a crash,
                # a timeout, a bad exit code): that is a failure too.
                cases.append({'id': len(cases) + 1,
                              'name': m.group(4) + ' (exit)',
                              'result': 'fail', 'reason': why})
            progs.append({'suite': m.group(3), 'prog': m.group(4),
                          'result': res, 'cases': cases})
    return progs


def parse_kunit(lines, parser_dir):
    """Parse KTAP with the kernel's kunit_parser; return suites or None."""
    sys.path.insert(0, parser_dir)
    import kunit_parser  # pylint: disable=import-outside-toplevel
    from kunit_printer import null_printer  # pylint: disable=import-outside-toplevel
    test = kunit_parser.parse_run_tests(iter(l + '\n' for l in lines),
                                        null_printer)
    suites = []
    for suite in test.subtests:
        cases = []
        for case in suite.subtests or [suite]:
            st = case.status.name
            res = {'SUCCESS': 'pass', 'SKIPPED': 'skip'}.get(st, 'fail')
            cases.append({'name': case.name, 'result': res, 'reason': st})
        suites.append({'suite': suite.name, 'cases': cases})
    return suites


def served_by(lines, expected):
    """Check the kprobe hits of the guest's probe run (guest/init).

    Every program that ran must have hit @expected, and the other probed
    function must not exist in the kernel. Return (ok, summary line).
    """
    sec, ok = section(lines, '@@WB-PROBE-BEGIN@@', '@@WB-PROBE-END@@')
    if not ok:
        return False, 'no complete probe run in the log'
    state = dict(re.findall(r'^probe (\w+): (\w+)$', '\n'.join(sec), re.M))
    progs = re.findall(r'^program (\S+): exit (\d+)$', '\n'.join(sec), re.M)
    hits = {}
    for line in sec:
        m = TRACE.match(line)
        if m and m.group(2) in PROBED:
            key = (m.group(2), m.group(1).strip()[:15])
            hits[key] = hits.get(key, 0) + 1
    problems = []
    for f in PROBED:
        want = 'armed' if f == expected else 'absent'
        if state.get(f) != want:
            problems.append(f'{f} is {state.get(f, "not reported")}, '
                            f'expected {want}')
    if not progs:
        problems.append('no program ran')
    parts = []
    for prog, rc in progs:
        n = hits.get((expected, prog[:15]), 0)
        other = sum(v for (f, c), v in hits.items()
                    if f != expected and c == prog[:15])
        parts.append(f'{prog} {n} hits')
        if rc != '0' or n == 0 or other:
            problems.append(f'{prog}: exit {rc}, {n} hits of {expected}, '
                            f'{other} of the other')
    summary = f"clone3 served by {expected}: {', '.join(parts) or 'none'}"
    return not problems, summary + ''.join(f'; {p}' for p in problems)


def count(cases):
    c = {'pass': 0, 'fail': 0, 'skip': 0, 'known': 0}
    for case in cases:
        c[case['result']] += 1
    return c


def compared(cases):
    """Counts of a program that variants must share: the cases listed in
    the known failures count by number only, whatever their outcome."""
    c = count(x for x in cases if not x.get('listed'))
    c['listed'] = sum(1 for x in cases if x.get('listed'))
    return c


def fmt(c):
    known = f", {c['known']} known upstream failures" if c.get('known') else ''
    return f"{c['pass']} passed, {c['fail']} failed, {c['skip']} skipped{known}"


def read_known(path, arch=None):
    """Known upstream failures: "[ARCH@]SUITE:PROGRAM:CASE | reason" lines,
    SUITE:PROGRAM:CASE a shell pattern; lines starting with # are comments.
    An entry with ARCH@ applies only to that architecture (of the label).
    Return the (pattern, reason) pairs that apply to arch."""
    known = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            pattern, sep, reason = line.partition('|')
            scope, at, rest = pattern.partition('@')
            if at:
                pattern = rest
            if (not sep or pattern.count(':') < 2 or not reason.strip()
                    or (at and not scope.strip())):
                raise ValueError(f'{path}:{n}: expected "[ARCH@]SUITE:PROGRAM:CASE | reason"')
            if at and scope.strip() != arch:
                continue
            known.append((pattern.strip(), reason.strip()))
    return known


def apply_known(progs, known):
    """Mark the failed cases that are known upstream failures as 'known'.

    Return the known failures that did not fail (they may have been fixed).
    """
    seen = set()
    for p in progs:
        for c in p['cases']:
            key = f"{p['suite']}:{p['prog']}:{c['name']}"
            for pattern, reason in known:
                if fnmatch.fnmatchcase(key, pattern):
                    seen.add(pattern)
                    # Listed: its outcome is the test's, not the kernel's
                    # (a racy test may pass), so variants do not compare it.
                    c['listed'] = True
                    if c['result'] == 'fail':
                        c['result'] = 'known'
                        c['reason'] = reason
    return [p for p, _ in known if p not in seen]


def combine(files):
    """Add up results files; compare kselftest counts across variants."""
    total = {'pass': 0, 'fail': 0, 'skip': 0, 'known': 0}
    per_variant = {}
    failed = False
    for path in files:
        try:
            with open(path) as f:
                r = json.load(f)
        except (OSError, ValueError) as e:
            print(f'error: cannot read results {path}: {e}', file=sys.stderr)
            return 1
        if 'kselftest' not in r:
            # A plain counts file (workbench self-tests, extra checks).
            c = {k: r.get(k, 0) for k in total}
            print(f"{r.get('label', path)}: {fmt(c)}")
            if 'summary' in r:
                print(f"  {r['summary']}")
            for name in r.get('failed', []):
                print(f'  FAILED: {name}')
        else:
            ks = [c for p in r['kselftest'] for c in p['cases']]
            ku = [c for s in r.get('kunit', []) for c in s['cases']]
            c = count(ks + ku)
            print(f"{r['label']}: kselftest {fmt(count(ks))}"
                  + (f'; kunit {fmt(count(ku))}' if ku else ''))
            if 'served' in r:
                c['pass' if r['served']['ok'] else 'fail'] += 1
                print(f"  {r['served']['summary']}")
            for name in ('race', 'fuzz', 'load'):
                if name in r:
                    c['pass' if r[name]['ok'] else 'fail'] += 1
                    text = r[name]['summary'][len(name) + 4:]
                    where = f" {r['label']}" if name == 'load' else ''
                    print(f"  {name}{where}: {text}, "
                          f"{r[name]['reports']} kernel reports")
            if 'kmemleak' in r:
                c['pass' if r['kmemleak']['ok'] else 'fail'] += 1
                print(f"  kmemleak: {r['kmemleak']['leaks']} leaks")
            if 'trinity' in r:
                c['pass' if r['trinity']['ok'] else 'fail'] += 1
                print(f"  {r['trinity']['summary']}")
            if r['kselftest']:
                per_variant[r['label']] = {
                    f"{p['suite']}:{p['prog']}": compared(p['cases'])
                    for p in r['kselftest']}
                for p in r['kselftest']:
                    for case in p['cases']:
                        if case.get('listed') and case['result'] == 'pass':
                            print(f"  known upstream failure passed: "
                                  f"{p['suite']}:{p['prog']}:{case['name']}")
        if c['fail']:
            failed = True
        for k in total:
            total[k] += c[k]
    # Variants are compared within one architecture and kernel
    # ("ARCH/VARIANT", "ARCH/VARIANT (Linux 7.3)"): architectures may differ
    # (arm64 has no fork system call), and so may kernels.
    groups = {}
    for label in per_variant:
        groups.setdefault(re.sub(r'/\S*', '', label, count=1) if '/' in label else '',
                          []).append(label)
    for labels in groups.values():
        for other in labels[1:]:
            a, b = per_variant[labels[0]], per_variant[other]
            diff = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            if diff:
                failed = True
                total['fail'] += 1
                print(f'kselftest counts differ between {labels[0]} and '
                      f'{other}:')
                for k in diff:
                    print(f'  {k}: {a.get(k)} vs {b.get(k)}')
            else:
                total['pass'] += 1
                print(f'kselftest counts of {other} equal those of '
                      f'{labels[0]} ({len(a)} programs)')
    if total['known']:
        print(f"known upstream failures: {total['known']} (not counted as failed; "
              "scripts/workbench/known-failures)")
    print(f"{total['pass']} passed, {total['fail']} failed, "
          f"{total['skip']} skipped")
    return 1 if failed else 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == '--combine':
        return combine(sys.argv[2:])
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('log')
    ap.add_argument('--label', default='')
    ap.add_argument('--json')
    ap.add_argument('--kunit-parser')
    ap.add_argument('--no-kselftest', action='store_true',
                    help='the guest was told not to run the kselftests')
    ap.add_argument('--served-by', choices=PROBED,
                    help='the function the probe run must show serving clone3')
    ap.add_argument('--known-failures',
                    help='file of known upstream failures (not counted as failed)')
    ap.add_argument('--kunit-required', default='',
                    help='KUnit suites that must have run, comma-separated')
    ap.add_argument('--required', default='',
                    help='comma-separated suites whose failures fail the run')
    args = ap.parse_args()

    with open(args.log, errors='replace') as f:
        lines = [l.rstrip('\r\n') for l in f]
    label = f' {args.label}' if args.label else ''

    ks_lines, complete = section(lines, '@@WB-KSELFTEST-BEGIN@@',
                                 '@@WB-KSELFTEST-END')
    if not complete and not args.no_kselftest:
        print(f'error: no complete kselftest run in {args.log}',
              file=sys.stderr)
        return 2
    progs = parse_kselftest(ks_lines)
    if not progs and not args.no_kselftest:
        print(f'error: the kselftest run in {args.log} reported no test',
              file=sys.stderr)
        return 2

    if args.known_failures and progs:
        try:
            known = read_known(args.known_failures,
                               (args.label or '').split('/')[0])
        except (OSError, ValueError) as e:
            print(f'error: {e}', file=sys.stderr)
            return 2
        for pattern in apply_known(progs, known):
            print(f'  note: known failure {pattern} did not fail here')

    result = {'label': args.label, 'kselftest': progs, 'kunit': []}
    required = [s for s in args.required.split(',') if s]
    failed_required = False
    total = {'pass': 0, 'fail': 0, 'skip': 0, 'known': 0}

    print(f'kselftest{label}:')
    suites = []
    for p in progs:
        if p['suite'] not in suites:
            suites.append(p['suite'])
    for s in suites:
        ps = [p for p in progs if p['suite'] == s]
        for p in ps:
            print(f"  {s}:{p['prog']:<32} {fmt(count(p['cases']))}")
        cases = [c for p in ps for c in p['cases']]
        c = count(cases)
        print(f'  suite {s}: {fmt(c)}')
        for k in total:
            total[k] += c[k]
        if c['fail'] and (not required or s in required):
            failed_required = True
    for p in progs:
        for c in p['cases']:
            if c['result'] == 'skip':
                print(f"  skipped: {p['suite']}:{p['prog']}: {c['name']}"
                      f"{' (' + c['reason'] + ')' if c['reason'] else ''}")
            elif c['result'] == 'fail':
                print(f"  FAILED: {p['suite']}:{p['prog']}: {c['name']}"
                      f"{' (' + c['reason'] + ')' if c['reason'] else ''}")
            elif c['result'] == 'known':
                print(f"  known upstream failure: {p['suite']}:{p['prog']}: "
                      f"{c['name']} ({c['reason']})")

    if args.kunit_parser:
        dmesg, ok = section(lines, '@@WB-DMESG-BEGIN@@', '@@WB-DMESG-END@@')
        if not ok:
            print(f'error: no dmesg dump in {args.log}', file=sys.stderr)
            return 2
        ksuites = parse_kunit(dmesg, args.kunit_parser)
        result['kunit'] = ksuites
        if not ksuites:
            print(f'error: no KUnit results in {args.log}', file=sys.stderr)
            return 2
        print(f'kunit{label}:')
        for s in ksuites:
            c = count(s['cases'])
            print(f"  suite {s['suite']}: {fmt(c)}")
            for case in s['cases']:
                if case['result'] != 'pass':
                    print(f"  {case['result'].upper()}: {s['suite']}: "
                          f"{case['name']} ({case['reason']})")
            for k in total:
                total[k] += c[k]
            if c['fail']:
                failed_required = True
        # A suite that did not run at all (not built in, or the boot
        # stopped before it) must not pass unnoticed.
        names = {s['suite'] for s in ksuites}
        for want in [s for s in args.kunit_required.split(',') if s]:
            if want not in names:
                print(f'  FAILED: KUnit suite {want} did not run')
                total['fail'] += 1
                failed_required = True

    # Our own programs: the race test and the fuzzer, when they ran.
    arch = args.label.split('/')[0] or 'guest'
    for marker, name in (('RACE', 'race'), ('FUZZ', 'fuzz'), ('LOAD', 'load')):
        sec, ok = section(lines, f'@@WB-{marker}-BEGIN@@', f'@@WB-{marker}-END')
        if not sec and not ok:
            continue
        endline = [l for l in lines if f'@@WB-{marker}-END' in l]
        rc = re.search(r'rc=(\d+)', endline[0]).group(1) if endline else None
        summary = [l for l in sec if l.startswith(f'# {name}:')]
        reports = sum(1 for l in lines if REPORT.search(l))
        good = ok and rc == '0' and summary and reports == 0
        if name == 'fuzz':
            m = re.search(r'(\d+) calls', summary[-1]) if summary else None
            print(f"fuzz {arch}: {m.group(1) if m else 0} calls, {reports} reports")
        elif name == 'load':
            print(f"load {args.label or arch}: "
                  f"{summary[-1][8:] if summary else 'no summary'}"
                  f"{'' if ok else ' (did not complete)'}")
            for l in sec:
                if l.startswith('# load:') and l != summary[-1]:
                    print(f'  {l[2:]}')
        else:
            print(f"race {arch}: {summary[-1][2:] if summary else 'no summary'}"
                  f"{'' if ok else ' (did not complete)'}")
        result[name] = {'ok': bool(good), 'summary': summary[-1] if summary
                        else '', 'reports': reports}
        total['pass' if good else 'fail'] += 1
        if not good:
            failed_required = True

    # kmemleak after the soaks: every suspect is a leak.
    sec, ok = section(lines, '@@WB-KMEMLEAK-BEGIN@@', '@@WB-KMEMLEAK-END')
    if sec or ok:
        endline = [l for l in lines if '@@WB-KMEMLEAK-END' in l]
        rc = re.search(r'rc=(\d+)', endline[0]).group(1) if endline else None
        counted = [int(m.group(1)) for m in
                   (re.match(r'kmemleak: (\d+) suspects$', l) for l in sec) if m]
        leaks = counted[-1] if counted else sum(
            1 for l in sec if l.startswith('unreferenced object'))
        good = ok and rc == '0' and leaks == 0
        print(f"kmemleak: {leaks} leaks"
              f"{'' if ok and rc == '0' else ' (the scan did not complete)'}")
        for l in sec if leaks else []:
            if not l.startswith('kmemleak: '):
                print(f'  {l}')
        result['kmemleak'] = {'ok': bool(good), 'leaks': leaks}
        total['pass' if good else 'fail'] += 1
        if not good:
            failed_required = True

    # trinity: each run's syscalls, and kernel reports anywhere in the log.
    runs = [m.groups() for m in
            (re.search(r'@@WB-TRINITY-(\w+)-BEGIN (\d+)@@', l) for l in lines) if m]
    if runs:
        reports = sum(1 for l in lines if REPORT.search(l))
        total_calls, good, detail = 0, reports == 0, []
        for name, want in runs:
            sec, ok = section(lines, f'@@WB-TRINITY-{name}-BEGIN',
                              f'@@WB-TRINITY-{name}-END')
            endline = [l for l in lines if f'@@WB-TRINITY-{name}-END' in l]
            rc = re.search(r'rc=(\d+)', endline[0]).group(1) if endline else None
            ran = [int(m.group(1)) for m in
                   (re.search(r'Ran (\d+) syscalls', l) for l in sec) if m]
            took = [l for l in sec if l.startswith(f'trinity {name}: ')]
            # One line per trinity run: the guest starts it again after a
            # stop on a taint that the kernel does not have.
            calls = sum(ran)
            total_calls += calls
            taint = [m.groups() for m in
                     (re.search(r'tainted: (\d+) -> (\d+)', l) for l in took) if m]
            problem = ('did not complete' if not ok else
                       f'exit {rc}' if rc != '0' else
                       f'the kernel became tainted ({taint[-1][0]} -> {taint[-1][1]})'
                       if taint and taint[-1][0] != taint[-1][1] else
                       f'fewer than the {want} syscalls asked for' if calls < int(want) else
                       'tasks left behind' if took and ' 0 tasks left' not in took[-1] else '')
            detail.append(f"  {name}: {calls} syscalls"
                          f"{' (' + took[-1].split(': ', 1)[1] + ')' if took else ''}"
                          f"{'; FAILED: ' + problem if problem else ''}")
            if problem:
                good = False
                for l in sec[-30:]:
                    detail.append(f'    {l}')
        summary = f'trinity {arch}: {total_calls} syscalls, {reports} reports'
        print(summary)
        print('\n'.join(detail))
        result['trinity'] = {'ok': good, 'summary': summary}
        total['pass' if good else 'fail'] += 1
        if not good:
            failed_required = True

    if args.served_by:
        good, summary = served_by(lines, args.served_by)
        print(f'{arch}: {summary}')
        result['served'] = {'ok': good, 'summary': summary}
        total['pass' if good else 'fail'] += 1
        if not good:
            failed_required = True

    if args.json:
        with open(args.json, 'w') as f:
            json.dump(result, f, indent=1)
    if total['known']:
        print(f"known upstream failures: {total['known']} (not counted as failed)")
    print(f"{total['pass']} passed, {total['fail']} failed, "
          f"{total['skip']} skipped")
    return 1 if failed_required else 0


if __name__ == '__main__':
    sys.exit(main())
