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

import kreports
import wblog
from wblog import section

TOP = re.compile(r'^(not ok|ok) (\d+) selftests: ([^:]+): (\S+)(.*)$')
NESTED = re.compile(r'^# (not ok|ok) (\d+) ?(.*)$')
TRACE = re.compile(r'^\s*(.+)-\d+\s+\[\d+\]\s.*?\s(\w+):\s+\(')
PROBED = ('rust_clone3', 'copy_clone_args_from_user')
# A task's command as the trace shows it: the first TASK_COMM_LEN - 1 bytes.
COMM_LEN = 15
DIRECTIVE = re.compile(r'#\s*(SKIP|XFAIL|TIMEOUT|TODO)\b\s*(.*)$', re.I)


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
    sec, end = section(lines, '@@WB-PROBE-BEGIN@@', '@@WB-PROBE-END@@')
    if end is None:
        return False, 'no complete probe run in the log'
    state = dict(re.findall(r'^probe (\w+): (\w+)$', '\n'.join(sec), re.M))
    progs = re.findall(r'^program (\S+): exit (\d+)$', '\n'.join(sec), re.M)
    hits = {}
    for line in sec:
        m = TRACE.match(line)
        if m and m.group(2) in PROBED:
            key = (m.group(2), m.group(1).strip()[:COMM_LEN])
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
        n = hits.get((expected, prog[:COMM_LEN]), 0)
        other = sum(v for (f, c), v in hits.items()
                    if f != expected and c == prog[:COMM_LEN])
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
    """Mark the cases that the known upstream failures list as 'listed',
    and those of them that failed as 'known', with the list's reason.

    Return the patterns that matched no case (the test did not run here,
    or was renamed); a listed case that passed is not among them.
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


def emit(lines):
    for line in lines:
        print(line)


def run_text(name, summary):
    """The text of the summary line "# NAME: TEXT" of one of our programs
    (the race test, the fuzzer, the load test); '' if there was none."""
    return summary.removeprefix(f'# {name}: ')


def read_results(path):
    """One results file: report.py's --json, or a plain counts file."""
    with open(path) as f:
        return json.load(f)


def counts_lines(r, path):
    """The lines and the counts of a plain counts file (the workbench
    self-tests, differential.py, world.py, extra checks)."""
    c = {k: r.get(k, 0) for k in ('pass', 'fail', 'skip', 'known')}
    out = [f"{r.get('label', path)}: {fmt(c)}"]
    if 'summary' in r:
        out.append(f"  {r['summary']}")
    out += [f'  FAILED: {name}' for name in r.get('failed', [])]
    return out, c


def results_lines(r):
    """The lines and the counts of the results of one report.py run: its
    kselftest and KUnit cases, and one check per other run in its log."""
    ks = [c for p in r['kselftest'] for c in p['cases']]
    ku = [c for s in r.get('kunit', []) for c in s['cases']]
    c = count(ks + ku)
    out = [f"{r['label']}: kselftest {fmt(count(ks))}"
           + (f'; kunit {fmt(count(ku))}' if ku else '')]

    def check(ok):
        c['pass' if ok else 'fail'] += 1
    if 'served' in r:
        check(r['served']['ok'])
        out.append(f"  {r['served']['summary']}")
    for name in ('race', 'fuzz', 'load'):
        if name in r:
            check(r[name]['ok'])
            where = f" {r['label']}" if name == 'load' else ''
            out.append(f"  {name}{where}: {run_text(name, r[name]['summary'])}, "
                       f"{r[name]['reports']} kernel reports")
    if 'kmemleak' in r:
        check(r['kmemleak']['ok'])
        out.append(f"  kmemleak: {r['kmemleak']['leaks']} leaks")
    if 'trinity' in r:
        check(r['trinity']['ok'])
        out.append(f"  {r['trinity']['summary']}")
    for p in r['kselftest']:
        for case in p['cases']:
            if case.get('listed') and case['result'] == 'pass':
                out.append(f"  known upstream failure passed: "
                           f"{p['suite']}:{p['prog']}:{case['name']}")
    return out, c


def variant_group(label):
    """Variants are compared within one architecture and kernel: the label
    "ARCH/VARIANT" or "ARCH/VARIANT (Linux 7.3)" without its "/VARIANT"
    ("ARCH", "ARCH (Linux 7.3)"); labels without a variant form the group
    ''. Architectures may differ (arm64 has no fork system call), and so
    may kernels."""
    return re.sub(r'/\S*', '', label, count=1) if '/' in label else ''


def compare_variants(per_variant):
    """Compare the per-program kselftest counts of the variants of each
    group with those of its first variant. Return (lines, passed, failed)
    with a pass or a failure per variant compared."""
    groups = {}
    for label in per_variant:
        groups.setdefault(variant_group(label), []).append(label)
    out, passed, failed = [], 0, 0
    for labels in groups.values():
        for other in labels[1:]:
            a, b = per_variant[labels[0]], per_variant[other]
            diff = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            if diff:
                failed += 1
                out.append(f'kselftest counts differ between {labels[0]} and '
                           f'{other}:')
                out += [f'  {k}: {a.get(k)} vs {b.get(k)}' for k in diff]
            else:
                passed += 1
                out.append(f'kselftest counts of {other} equal those of '
                           f'{labels[0]} ({len(a)} programs)')
    return out, passed, failed


def combine(files):
    """Add up results files; compare kselftest counts across variants."""
    total = {'pass': 0, 'fail': 0, 'skip': 0, 'known': 0}
    per_variant = {}
    failed = False
    for path in files:
        try:
            r = read_results(path)
        except (OSError, ValueError) as e:
            print(f'error: cannot read results {path}: {e}', file=sys.stderr)
            return 1
        if 'kselftest' not in r:
            out, c = counts_lines(r, path)
        else:
            out, c = results_lines(r)
            if r['kselftest']:
                per_variant[r['label']] = {
                    f"{p['suite']}:{p['prog']}": compared(p['cases'])
                    for p in r['kselftest']}
        emit(out)
        if c['fail']:
            failed = True
        for k in total:
            total[k] += c[k]
    out, passed, differ = compare_variants(per_variant)
    emit(out)
    total['pass'] += passed
    total['fail'] += differ
    failed = failed or bool(differ)
    if total['known']:
        print(f"known upstream failures: {total['known']} (not counted as failed; "
              "scripts/workbench/known-failures)")
    print(f"{total['pass']} passed, {total['fail']} failed, "
          f"{total['skip']} skipped")
    return 1 if failed else 0


class LogError(Exception):
    """The log lacks what the report needs (exit status 2)."""


class Tally:
    """The counts of one report, and whether a check that counts failed."""

    def __init__(self):
        self.total = {'pass': 0, 'fail': 0, 'skip': 0, 'known': 0}
        self.failed = False

    def add(self, counts, fails):
        """Add the counts of a suite; FAILS: its failures fail the run."""
        for k in self.total:
            self.total[k] += counts[k]
        if counts['fail'] and fails:
            self.failed = True

    def check(self, good):
        """One check that passes or fails the run."""
        self.total['pass' if good else 'fail'] += 1
        if not good:
            self.failed = True


def parse_args(argv=None):
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
    return ap.parse_args(argv)


def read_log(path):
    with open(path, errors='replace') as f:
        return [l.rstrip('\r\n') for l in f]


def kselftest_run(lines, log, no_kselftest):
    """The programs of the log's kselftest run; LogError if the log has
    none although the guest was to run them."""
    ks_lines, end = section(lines, '@@WB-KSELFTEST-BEGIN@@',
                            '@@WB-KSELFTEST-END')
    if end is None and not no_kselftest:
        raise LogError(f'no complete kselftest run in {log}')
    progs = parse_kselftest(ks_lines)
    if not progs and not no_kselftest:
        raise LogError(f'the kselftest run in {log} reported no test')
    return progs


def case_line(p, c):
    """The line that names a case that did not pass, or None."""
    why = f" ({c['reason']})" if c['reason'] else ''
    if c['result'] == 'skip':
        return f"  skipped: {p['suite']}:{p['prog']}: {c['name']}{why}"
    if c['result'] == 'fail':
        return f"  FAILED: {p['suite']}:{p['prog']}: {c['name']}{why}"
    if c['result'] == 'known':
        return (f"  known upstream failure: {p['suite']}:{p['prog']}: "
                f"{c['name']} ({c['reason']})")
    return None


def kselftest_lines(progs, required, tally):
    """The counts per program and suite, then the cases that did not
    pass, by name. A failure fails the run if its suite is required
    (every suite when REQUIRED is empty)."""
    suites = list(dict.fromkeys(p['suite'] for p in progs))
    out = []
    for s in suites:
        ps = [p for p in progs if p['suite'] == s]
        for p in ps:
            out.append(f"  {s}:{p['prog']:<32} {fmt(count(p['cases']))}")
        c = count(cp for p in ps for cp in p['cases'])
        out.append(f'  suite {s}: {fmt(c)}')
        tally.add(c, not required or s in required)
    for p in progs:
        for c in p['cases']:
            line = case_line(p, c)
            if line is not None:
                out.append(line)
    return out


def kunit_lines(ksuites, kunit_required, tally):
    """The counts per KUnit suite, the cases that did not pass, and the
    required suites that did not run (not built in, or the boot stopped
    before them): these must not pass unnoticed."""
    out = []
    for s in ksuites:
        c = count(s['cases'])
        out.append(f"  suite {s['suite']}: {fmt(c)}")
        for case in s['cases']:
            if case['result'] != 'pass':
                out.append(f"  {case['result'].upper()}: {s['suite']}: "
                           f"{case['name']} ({case['reason']})")
        tally.add(c, True)
    names = {s['suite'] for s in ksuites}
    for want in kunit_required:
        if want not in names:
            out.append(f'  FAILED: KUnit suite {want} did not run')
            tally.check(False)
    return out


def kernel_reports(lines):
    """The number of kernel report lines (BUG, WARNING, KASAN, ...) in the
    log, as kreports.py (boot.sh's check) defines them."""
    return kreports.count(lines)


def program_run(lines, marker, name, arch, label):
    """The run of one of our programs (race, fuzz, load) between its
    markers: (lines to print, result), or None if it did not run. It
    passes if it completed with exit 0, printed its summary line
    "# NAME: ..." and the log has no kernel report."""
    sec, end = section(lines, f'@@WB-{marker}-BEGIN@@', f'@@WB-{marker}-END')
    if not sec and end is None:
        return None
    ok = end is not None
    summary = [l for l in sec if l.startswith(f'# {name}:')]
    reports = kernel_reports(lines)
    good = ok and wblog.rc(end) == 0 and summary and reports == 0
    late = '' if ok else ' (did not complete)'
    if name == 'fuzz':
        m = re.search(r'(\d+) calls', summary[-1]) if summary else None
        out = [f"fuzz {arch}: {m.group(1) if m else 0} calls, {reports} reports"]
    elif name == 'load':
        out = [f"load {label or arch}: "
               f"{run_text(name, summary[-1]) if summary else 'no summary'}{late}"]
        out += [f"  {l.removeprefix('# ')}" for l in sec
                if l.startswith('# load:') and l != summary[-1]]
    else:
        out = [f"{name} {arch}: "
               f"{summary[-1].removeprefix('# ') if summary else 'no summary'}{late}"]
    return out, {'ok': bool(good), 'summary': summary[-1] if summary else '',
                 'reports': reports}


def kmemleak(lines):
    """The kmemleak scan after the soaks: (lines to print, result), or
    None if there was none. Every suspect is a leak; the count is the one
    the guest made ("kmemleak: N suspects", the listing may be cut), else
    the number of objects listed."""
    sec, end = section(lines, '@@WB-KMEMLEAK-BEGIN@@', '@@WB-KMEMLEAK-END')
    if not sec and end is None:
        return None
    done = end is not None and wblog.rc(end) == 0
    counted = [int(m.group(1)) for m in
               (re.match(r'kmemleak: (\d+) suspects$', l) for l in sec) if m]
    leaks = counted[-1] if counted else sum(
        1 for l in sec if l.startswith('unreferenced object'))
    out = [f"kmemleak: {leaks} leaks"
           f"{'' if done else ' (the scan did not complete)'}"]
    if leaks:
        out += [f'  {l}' for l in sec if not l.startswith('kmemleak: ')]
    return out, {'ok': done and leaks == 0, 'leaks': leaks}


def trinity_problem(name, want, sec, end):
    """What is wrong with one trinity run, '' if nothing; and its syscalls.
    The guest starts trinity again after a stop on a taint that the kernel
    does not have: the run's syscalls are those of all its "Ran N
    syscalls" lines, and its line "trinity NAME: ..." the last one."""
    rc = wblog.rc(end)
    calls = sum(int(m.group(1)) for m in
                (re.search(r'Ran (\d+) syscalls', l) for l in sec) if m)
    took = [l for l in sec if l.startswith(f'trinity {name}: ')]
    taint = [m.groups() for m in
             (re.search(r'tainted: (\d+) -> (\d+)', l) for l in took) if m]
    if end is None:
        problem = 'did not complete'
    elif rc != 0:
        problem = f'exit {rc}'
    elif taint and taint[-1][0] != taint[-1][1]:
        problem = f'the kernel became tainted ({taint[-1][0]} -> {taint[-1][1]})'
    elif calls < int(want):
        problem = f'fewer than the {want} syscalls asked for'
    elif took and ' 0 tasks left' not in took[-1]:
        problem = 'tasks left behind'
    else:
        problem = ''
    return problem, calls, took[-1].split(': ', 1)[1] if took else None


def trinity(lines, arch):
    """trinity's runs ("@@WB-TRINITY-NAME-BEGIN CALLS@@" ... END): each
    run's syscalls, and kernel reports anywhere in the log. Return (lines
    to print, result), or None if trinity did not run and the kernel
    command line did not ask for it (wb.trinity=CLONE:MIXED)."""
    runs = [m.groups() for m in
            (re.search(r'@@WB-TRINITY-(\w+)-BEGIN (\d+)@@', l) for l in lines) if m]
    if not runs:
        # Asked for on the kernel command line (guest/init), and no run.
        asked = [m.group(0) for m in
                 (re.search(r'\bwb\.trinity=(?!0\b)\S+', l) for l in lines
                  if 'Kernel command line:' in l) if m]
        if not asked:
            return None
        summary = f'trinity {arch}: did not run ({asked[0]} on the kernel command line)'
        return [summary], {'ok': False, 'summary': summary}
    reports = kernel_reports(lines)
    total_calls, good, detail = 0, reports == 0, []
    for name, want in runs:
        sec, end = section(lines, f'@@WB-TRINITY-{name}-BEGIN',
                           f'@@WB-TRINITY-{name}-END')
        problem, calls, took = trinity_problem(name, want, sec, end)
        total_calls += calls
        detail.append(f"  {name}: {calls} syscalls"
                      f"{' (' + took + ')' if took is not None else ''}"
                      f"{'; FAILED: ' + problem if problem else ''}")
        if problem:
            good = False
            detail += [f'    {l}' for l in sec[-30:]]
    summary = f'trinity {arch}: {total_calls} syscalls, {reports} reports'
    return [summary] + detail, {'ok': good, 'summary': summary}


def report(args):
    """Print the report of one console log; return the exit status."""
    lines = read_log(args.log)
    label = f' {args.label}' if args.label else ''
    # The architecture of the label "ARCH/VARIANT".
    arch = args.label.split('/')[0] or 'guest'

    progs = kselftest_run(lines, args.log, args.no_kselftest)
    if args.known_failures and progs:
        try:
            known = read_known(args.known_failures, args.label.split('/')[0])
        except (OSError, ValueError) as e:
            raise LogError(e) from e
        for pattern in apply_known(progs, known):
            print(f'  note: known failure {pattern} did not fail here')

    result = {'label': args.label, 'kselftest': progs, 'kunit': []}
    required = [s for s in args.required.split(',') if s]
    tally = Tally()
    print(f'kselftest{label}:')
    emit(kselftest_lines(progs, required, tally))

    if args.kunit_parser:
        dmesg, end = section(lines, '@@WB-DMESG-BEGIN@@', '@@WB-DMESG-END@@')
        if end is None:
            raise LogError(f'no dmesg dump in {args.log}')
        result['kunit'] = parse_kunit(dmesg, args.kunit_parser)
        if not result['kunit']:
            raise LogError(f'no KUnit results in {args.log}')
        print(f'kunit{label}:')
        emit(kunit_lines(
            result['kunit'], [s for s in args.kunit_required.split(',') if s],
            tally))

    # Our own programs, when they ran: the race test, the fuzzer, the load
    # test; kmemleak after the soaks; trinity.
    checks = [(name, program_run(lines, marker, name, arch, args.label))
              for marker, name in (('RACE', 'race'), ('FUZZ', 'fuzz'),
                                   ('LOAD', 'load'))]
    checks.append(('kmemleak', kmemleak(lines)))
    checks.append(('trinity', trinity(lines, arch)))
    for name, check in checks:
        if check is not None:
            out, result[name] = check
            emit(out)
            tally.check(result[name]['ok'])

    if args.served_by:
        good, summary = served_by(lines, args.served_by)
        print(f'{arch}: {summary}')
        result['served'] = {'ok': good, 'summary': summary}
        tally.check(good)

    if args.json:
        with open(args.json, 'w') as f:
            json.dump(result, f, indent=1)
    total = tally.total
    if total['known']:
        print(f"known upstream failures: {total['known']} (not counted as failed)")
    print(f"{total['pass']} passed, {total['fail']} failed, "
          f"{total['skip']} skipped")
    return 1 if tally.failed else 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ['--combine']:
        return combine(argv[1:])
    try:
        return report(parse_args(argv))
    except LogError as e:
        print(f'error: {e}', file=sys.stderr)
        return 2


if __name__ == '__main__':
    sys.exit(main())
