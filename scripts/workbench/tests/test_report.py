#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit tests of report.py: TAP/KTAP parsing, counts, known failures,
KUnit, the probe check, our programs' runs, trinity and --combine.

The expected values come from the fixtures in tests/data (what was written
into them) and from the lines the tests write themselves."""

import contextlib
import glob
import io
import json
import os
import shutil
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
WB = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(WB))
DATA = os.path.join(HERE, 'data')
sys.path.insert(0, WB)
import report  # noqa: E402
import wblog  # noqa: E402


def lines_of(name):
    return report.read_log(os.path.join(DATA, name))


def kselftest(name):
    """The programs of the kselftest run of a fixture log."""
    sec, _ = wblog.section(lines_of(name), '@@WB-KSELFTEST-BEGIN@@',
                           '@@WB-KSELFTEST-END')
    return report.parse_kselftest(sec)


def replace(lines, old, new):
    """LINES with the line OLD replaced by NEW (a list of lines; none to
    delete it); OLD must be there."""
    assert old in lines, old
    i = lines.index(old)
    return lines[:i] + new + lines[i + 1:]


def kunit_dir():
    """The tools/testing/kunit of a kernel tree: $WB_UNIT_KSRC, the
    workbench's build/linux-*, or the pristine tree of its cache; None."""
    cache = os.environ.get('WB_CACHE') or os.path.expanduser('~/.cache/clone3-rust')
    trees = ([os.environ['WB_UNIT_KSRC']] if os.environ.get('WB_UNIT_KSRC') else []) \
        + sorted(glob.glob(os.path.join(REPO, 'build', 'linux-*'))) \
        + sorted(glob.glob(os.path.join(cache, 'linux-*', 'pristine')))
    for t in trees:
        d = os.path.join(t, 'tools', 'testing', 'kunit')
        if os.path.isfile(os.path.join(d, 'kunit_parser.py')):
            return d
    return None


class ClassifyTest(unittest.TestCase):
    def test_plain_results(self):
        self.assertEqual(report.classify('ok', ''), ('pass', ''))
        self.assertEqual(report.classify('not ok', ''), ('fail', ''))
        self.assertEqual(report.classify('not ok', ' # exit=139'), ('fail', ''))

    def test_skip_and_xfail_are_skips_with_their_reason(self):
        self.assertEqual(report.classify('ok', ' # SKIP needs a feature'),
                         ('skip', 'needs a feature'))
        self.assertEqual(report.classify('not ok', ' # skip lower case'),
                         ('skip', 'lower case'))
        self.assertEqual(report.classify('ok', ' # XFAIL known'), ('skip', 'known'))

    def test_timeout_is_a_failure(self):
        self.assertEqual(report.classify('not ok', ' # TIMEOUT 45 seconds'),
                         ('fail', 'timeout 45 seconds'))
        # even when the runner says ok
        self.assertEqual(report.classify('ok', ' # TIMEOUT'), ('fail', 'timeout '))

    def test_todo_keeps_the_result(self):
        self.assertEqual(report.classify('not ok', ' # TODO later'), ('fail', ''))
        self.assertEqual(report.classify('ok', ' # TODO later'), ('pass', ''))


class ParseKselftestTest(unittest.TestCase):
    def test_nested_cases_and_a_program_without_tap(self):
        progs = kselftest('kselftest-pass.log')
        self.assertEqual([(p['suite'], p['prog'], p['result']) for p in progs],
                         [('demo', 'alpha', 'pass'), ('demo', 'beta', 'pass'),
                          ('other', 'gamma', 'pass')])
        self.assertEqual(progs[0]['cases'], [
            {'id': 1, 'name': 'first case', 'result': 'pass', 'reason': ''},
            {'id': 2, 'name': 'second case', 'result': 'skip',
             'reason': 'needs a feature'},
            {'id': 3, 'name': 'third case', 'result': 'pass', 'reason': ''}])
        # beta printed no TAP of its own: one case, named after it
        self.assertEqual(progs[1]['cases'], [
            {'id': 1, 'name': 'beta', 'result': 'pass', 'reason': ''}])
        self.assertEqual([c['name'] for c in progs[2]['cases']], ['g1', 'g2'])

    def test_a_failed_case_and_a_crashed_program(self):
        alpha, crash = kselftest('kselftest-fail.log')
        self.assertEqual([c['result'] for c in alpha['cases']], ['pass', 'fail'])
        self.assertEqual(alpha['cases'][1]['name'], 'second case')
        # crash's only case passed, the program did not (exit=139): an
        # extra failed case says so
        self.assertEqual(crash['result'], 'fail')
        self.assertEqual(crash['cases'], [
            {'id': 1, 'name': 'only case', 'result': 'pass', 'reason': ''},
            {'id': 2, 'name': 'crash (exit)', 'result': 'fail', 'reason': ''}])

    def test_a_timeout(self):
        (slow,) = kselftest('kselftest-timeout.log')
        self.assertEqual(slow['cases'], [{'id': 1, 'name': 'slow', 'result': 'fail',
                                          'reason': 'timeout 45 seconds'}])

    def test_a_failed_program_whose_case_failed_gets_no_extra_case(self):
        (p,) = report.parse_kselftest(['# ok 1 a', '# not ok 2 b',
                                       'not ok 1 selftests: s: p'])
        self.assertEqual([(c['name'], c['result']) for c in p['cases']],
                         [('a', 'pass'), ('b', 'fail')])

    def test_cases_without_a_name(self):
        (p,) = report.parse_kselftest(['# ok 3', '# ok 4 # SKIP why',
                                       'ok 1 selftests: s: p'])
        self.assertEqual([(c['name'], c['result']) for c in p['cases']],
                         [('case 3', 'pass'), ('case 4', 'skip')])

    def test_a_truncated_run_has_no_program(self):
        self.assertEqual(kselftest('kselftest-truncated.log'), [])


class KselftestRunTest(unittest.TestCase):
    def test_complete_run(self):
        progs = report.kselftest_run(lines_of('kselftest-pass.log'), 'L', False)
        self.assertEqual(len(progs), 3)

    def test_incomplete_run_is_an_error(self):
        with self.assertRaisesRegex(report.LogError, '^no complete kselftest run in L$'):
            report.kselftest_run(lines_of('kselftest-truncated.log'), 'L', False)

    def test_a_run_without_tests_is_an_error(self):
        lines = ['@@WB-KSELFTEST-BEGIN@@', 'TAP version 13', '1..0',
                 '@@WB-KSELFTEST-END rc=0@@']
        with self.assertRaisesRegex(report.LogError, 'reported no test'):
            report.kselftest_run(lines, 'L', False)

    def test_no_kselftest_asked_for(self):
        self.assertEqual(report.kselftest_run(['@@WB-DONE@@'], 'L', True), [])


class CountTest(unittest.TestCase):
    def test_count_and_fmt(self):
        cases = [{'result': r} for r in ('pass', 'pass', 'fail', 'skip', 'known')]
        c = report.count(cases)
        self.assertEqual(c, {'pass': 2, 'fail': 1, 'skip': 1, 'known': 1})
        self.assertEqual(report.fmt(c), '2 passed, 1 failed, 1 skipped, '
                         '1 known upstream failures')
        self.assertEqual(report.fmt({'pass': 0, 'fail': 0, 'skip': 3, 'known': 0}),
                         '0 passed, 0 failed, 3 skipped')

    def test_compared_counts_listed_cases_by_number(self):
        cases = [{'result': 'pass'}, {'result': 'known', 'listed': True},
                 {'result': 'pass', 'listed': True}, {'result': 'skip'}]
        self.assertEqual(report.compared(cases), {'pass': 1, 'fail': 0, 'skip': 1,
                                                  'known': 0, 'listed': 2})


class KselftestLinesTest(unittest.TestCase):
    def test_counts_per_program_and_suite_and_skips_by_name(self):
        tally = report.Tally()
        out = report.kselftest_lines(kselftest('kselftest-pass.log'), [], tally)
        self.assertEqual(out, [
            f"  demo:{'alpha':<32} 2 passed, 0 failed, 1 skipped",
            f"  demo:{'beta':<32} 1 passed, 0 failed, 0 skipped",
            '  suite demo: 3 passed, 0 failed, 1 skipped',
            f"  other:{'gamma':<32} 2 passed, 0 failed, 0 skipped",
            '  suite other: 2 passed, 0 failed, 0 skipped',
            '  skipped: demo:alpha: second case (needs a feature)'])
        self.assertEqual(tally.total, {'pass': 5, 'fail': 0, 'skip': 1, 'known': 0})
        self.assertFalse(tally.failed)

    def test_failures_by_name_with_their_reason(self):
        tally = report.Tally()
        out = report.kselftest_lines(kselftest('kselftest-fail.log'), [], tally)
        self.assertIn('  suite demo: 2 passed, 2 failed, 0 skipped', out)
        self.assertEqual(out[-2:], ['  FAILED: demo:alpha: second case',
                                    '  FAILED: demo:crash: crash (exit)'])
        self.assertTrue(tally.failed)
        out = report.kselftest_lines(kselftest('kselftest-timeout.log'), [],
                                     report.Tally())
        self.assertEqual(out[-1], '  FAILED: demo:slow: slow (timeout 45 seconds)')

    def test_only_required_suites_fail_the_run(self):
        progs = kselftest('kselftest-fail.log')
        tally = report.Tally()
        report.kselftest_lines(progs, ['other'], tally)
        self.assertFalse(tally.failed)
        self.assertEqual(tally.total['fail'], 2)
        tally = report.Tally()
        report.kselftest_lines(progs, ['other', 'demo'], tally)
        self.assertTrue(tally.failed)

    def test_known_failures_are_listed_with_their_reason(self):
        progs = kselftest('kselftest-fail.log')
        progs[0]['cases'][1].update(result='known', reason='racy')
        tally = report.Tally()
        out = report.kselftest_lines(progs, [], tally)
        self.assertIn('  known upstream failure: demo:alpha: second case (racy)', out)
        self.assertIn('  suite demo: 2 passed, 1 failed, 0 skipped, '
                      '1 known upstream failures', out)
        self.assertEqual(tally.total['known'], 1)


class KnownFailuresTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)

    def write(self, text):
        path = os.path.join(self.tmp, 'known')
        with open(path, 'w') as f:
            f.write(text)
        return path

    def test_read_known(self):
        path = self.write('# a comment\n\nother:gamma:g2 | a racy test\n'
                          'riscv64@demo:*:second* | slow under TCG\n'
                          'arm64@demo:alpha:x|other arch\n')
        self.assertEqual(report.read_known(path, 'riscv64'),
                         [('other:gamma:g2', 'a racy test'),
                          ('demo:*:second*', 'slow under TCG')])
        self.assertEqual(report.read_known(path, 'x86_64'),
                         [('other:gamma:g2', 'a racy test')])

    def test_malformed_lines(self):
        for line in ('other:gamma:g2', 'other:gamma | two fields',
                     'other:gamma:g2 |  ', '@other:gamma:g2 | no arch'):
            with self.subTest(line=line):
                path = self.write(f'# first\n{line}\n')
                with self.assertRaisesRegex(ValueError, f'^{path}:2: expected '):
                    report.read_known(path, 'x86_64')

    def test_apply_known(self):
        lines = replace(lines_of('kselftest-pass.log'), '# ok 2 g2', ['# not ok 2 g2'])
        progs = report.parse_kselftest(lines)
        unseen = report.apply_known(progs, [('other:gamma:g2', 'racy'),
                                            ('demo:alpha:first*', 'passes here'),
                                            ('nope:*:*', 'never runs')])
        self.assertEqual(unseen, ['nope:*:*'])
        g1, g2 = progs[2]['cases']
        self.assertEqual((g2['result'], g2['reason'], g2['listed']),
                         ('known', 'racy', True))
        self.assertNotIn('listed', g1)
        first = progs[0]['cases'][0]
        # listed, but it passed: it stays a pass
        self.assertEqual((first['result'], first['listed']), ('pass', True))


class ParseKunitTest(unittest.TestCase):
    """parse_kunit() imports the kernel's kunit_parser from a directory."""

    EXPECTED = [{'suite': 'demo_suite', 'cases': [
        {'name': 'case_a', 'result': 'pass', 'reason': 'SUCCESS'},
        {'name': 'case_b', 'result': 'fail', 'reason': 'FAILURE'},
        {'name': 'case_c', 'result': 'skip', 'reason': 'SKIPPED'}]}]

    def parse(self, parser_dir):
        dmesg, end = wblog.section(lines_of('kunit.log'), '@@WB-DMESG-BEGIN@@',
                                   '@@WB-DMESG-END@@')
        self.assertIsNotNone(end)
        saved = list(sys.path)

        def forget():
            sys.path[:] = saved
            for m in ('kunit_parser', 'kunit_printer'):
                sys.modules.pop(m, None)
        forget()
        self.addCleanup(forget)
        return report.parse_kunit(dmesg, parser_dir)

    def test_with_a_stub_of_the_kernels_parser(self):
        self.assertEqual(self.parse(os.path.join(DATA, 'kunit-stub')), self.EXPECTED)

    def test_with_the_kernels_parser(self):
        d = kunit_dir()
        if d is None:
            self.skipTest('no kernel tree with tools/testing/kunit (set '
                          'WB_UNIT_KSRC, or make fetch); the stub test ran')
        self.assertEqual(self.parse(d), self.EXPECTED)


class KunitLinesTest(unittest.TestCase):
    def test_suites_cases_and_a_required_suite_that_did_not_run(self):
        tally = report.Tally()
        out = report.kunit_lines(ParseKunitTest.EXPECTED, ['demo_suite', 'missing'],
                                 tally)
        self.assertEqual(out, ['  suite demo_suite: 1 passed, 1 failed, 1 skipped',
                               '  FAIL: demo_suite: case_b (FAILURE)',
                               '  SKIP: demo_suite: case_c (SKIPPED)',
                               '  FAILED: KUnit suite missing did not run'])
        self.assertEqual(tally.total, {'pass': 1, 'fail': 2, 'skip': 1, 'known': 0})
        self.assertTrue(tally.failed)

    def test_passing_suite(self):
        tally = report.Tally()
        suites = [{'suite': 's', 'cases': [{'name': 'a', 'result': 'pass',
                                            'reason': 'SUCCESS'}]}]
        self.assertEqual(report.kunit_lines(suites, ['s'], tally),
                         ['  suite s: 1 passed, 0 failed, 0 skipped'])
        self.assertFalse(tally.failed)


class ServedByTest(unittest.TestCase):
    HIT32 = (' clone3_corpus32-43      [001] d....     1.600000: rust_clone3: '
             '(rust_clone3+0x0/0x1d0)')

    def test_both_programs_hit_the_rust_entry(self):
        self.assertEqual(report.served_by(lines_of('probe-rust.log'), 'rust_clone3'),
                         (True, 'clone3 served by rust_clone3: clone3_corpus 2 hits, '
                          'clone3_corpus32 1 hits'))

    def test_the_32_bit_program_did_not_hit_it(self):
        lines = replace(lines_of('probe-rust.log'), self.HIT32, [])
        self.assertEqual(report.served_by(lines, 'rust_clone3'),
                         (False, 'clone3 served by rust_clone3: clone3_corpus 2 hits, '
                          'clone3_corpus32 0 hits; clone3_corpus32: exit 0, '
                          '0 hits of rust_clone3, 0 of the other'))

    def test_a_kernel_served_by_the_other_function(self):
        ok, summary = report.served_by(lines_of('probe-rust.log'),
                                       'copy_clone_args_from_user')
        self.assertFalse(ok)
        self.assertEqual(summary.split('; '), [
            'clone3 served by copy_clone_args_from_user: clone3_corpus 0 hits, '
            'clone3_corpus32 0 hits',
            'rust_clone3 is armed, expected absent',
            'copy_clone_args_from_user is absent, expected armed',
            'clone3_corpus: exit 0, 0 hits of copy_clone_args_from_user, 2 of the other',
            'clone3_corpus32: exit 0, 0 hits of copy_clone_args_from_user, '
            '1 of the other'])

    def test_a_program_that_failed(self):
        lines = replace(lines_of('probe-rust.log'), 'program clone3_corpus: exit 0',
                        ['program clone3_corpus: exit 1'])
        ok, summary = report.served_by(lines, 'rust_clone3')
        self.assertFalse(ok)
        self.assertTrue(summary.endswith('; clone3_corpus: exit 1, 2 hits of '
                                         'rust_clone3, 0 of the other'), summary)

    def test_the_trace_shows_15_characters_of_a_command(self):
        lines = ['@@WB-PROBE-BEGIN@@', 'probe rust_clone3: armed',
                 'probe copy_clone_args_from_user: absent',
                 'program clone3_corpus_compat: exit 0',
                 '  clone3_corpus_c-7  [000] d....  1.5: rust_clone3: (rust_clone3+0x0/0x1d0)',
                 '@@WB-PROBE-END@@']
        self.assertEqual(report.served_by(lines, 'rust_clone3'),
                         (True, 'clone3 served by rust_clone3: '
                          'clone3_corpus_compat 1 hits'))

    def test_no_program_ran_or_no_probe_run(self):
        lines = [l for l in lines_of('probe-rust.log') if not l.startswith('program ')]
        self.assertEqual(report.served_by(lines, 'rust_clone3'),
                         (False, 'clone3 served by rust_clone3: none; no program ran'))
        lines = replace(lines_of('probe-rust.log'), '@@WB-PROBE-END@@', [])
        self.assertEqual(report.served_by(lines, 'rust_clone3'),
                         (False, 'no complete probe run in the log'))


class ProgramRunTest(unittest.TestCase):
    RACE = '# race: 1200 rounds, 0 mismatches'
    LOAD = '# load: 2000/s, 20000 calls, 19000 children, EAGAIN 1000, 0 lost'

    def test_race(self):
        self.assertEqual(report.program_run(lines_of('soak.log'), 'RACE', 'race',
                                            'x86_64', 'x86_64/debug'),
                         (['race x86_64: race: 1200 rounds, 0 mismatches'],
                          {'ok': True, 'summary': self.RACE, 'reports': 0}))

    def test_fuzz(self):
        out, res = report.program_run(lines_of('soak.log'), 'FUZZ', 'fuzz',
                                      'arm64', 'arm64/rust')
        self.assertEqual(out, ['fuzz arm64: 5000 calls, 0 reports'])
        self.assertTrue(res['ok'])

    def test_load_names_the_label_and_prints_its_other_lines(self):
        self.assertEqual(report.program_run(lines_of('soak.log'), 'LOAD', 'load',
                                            'x86_64', 'x86_64/debug'),
                         (['load x86_64/debug: 2000/s, 20000 calls, 19000 children, '
                           'EAGAIN 1000, 0 lost', '  load: warm-up, 64 threads'],
                          {'ok': True, 'summary': self.LOAD, 'reports': 0}))
        out, _ = report.program_run(lines_of('soak.log'), 'LOAD', 'load', 'guest', '')
        self.assertTrue(out[0].startswith('load guest: 2000/s'), out)

    def test_not_run(self):
        self.assertIsNone(report.program_run(lines_of('kselftest-pass.log'), 'RACE',
                                             'race', 'x86_64', ''))

    def test_a_failed_program(self):
        lines = replace(lines_of('soak.log'), '@@WB-RACE-END rc=0@@',
                        ['@@WB-RACE-END rc=1@@'])
        out, res = report.program_run(lines, 'RACE', 'race', 'x86_64', '')
        self.assertEqual(out, ['race x86_64: race: 1200 rounds, 0 mismatches'])
        self.assertFalse(res['ok'])

    def test_a_load_run_with_an_unexpected_errno(self):
        # clone3_load exits 1 when a call failed with an errno it does not
        # expect, and names it in its summary
        lines = replace(lines_of('soak.log'), self.LOAD,
                        [self.LOAD.replace('0 lost', 'EINTR 3, 0 lost')])
        lines = replace(lines, '@@WB-LOAD-END rc=0@@', ['@@WB-LOAD-END rc=1@@'])
        out, res = report.program_run(lines, 'LOAD', 'load', 'x86_64', 'x86_64/debug')
        self.assertEqual(out[0], 'load x86_64/debug: 2000/s, 20000 calls, '
                         '19000 children, EAGAIN 1000, EINTR 3, 0 lost')
        self.assertFalse(res['ok'])

    def test_a_run_that_did_not_complete(self):
        lines = replace(lines_of('soak.log'), '@@WB-RACE-END rc=0@@', [])
        out, res = report.program_run(lines, 'RACE', 'race', 'x86_64', '')
        self.assertEqual(out, ['race x86_64: race: 1200 rounds, 0 mismatches '
                               '(did not complete)'])
        self.assertFalse(res['ok'])

    def test_no_summary(self):
        lines = replace(lines_of('soak.log'), self.RACE, [])
        self.assertEqual(report.program_run(lines, 'RACE', 'race', 'x86_64', ''),
                         (['race x86_64: no summary'],
                          {'ok': False, 'summary': '', 'reports': 0}))

    def test_a_kernel_report_anywhere_fails_it(self):
        lines = lines_of('soak.log') + ['[ 9.0] BUG: KASAN: use-after-free in x']
        out, res = report.program_run(lines, 'FUZZ', 'fuzz', 'x86_64', '')
        self.assertEqual(out, ['fuzz x86_64: 5000 calls, 1 reports'])
        self.assertEqual((res['ok'], res['reports']), (False, 1))

    def test_kernel_reports(self):
        self.assertEqual(report.kernel_reports([
            'WARNING: CPU: 1 PID: 77 at kernel/clone.rs:120',
            'WARNING: The mand mount option has been deprecated and',
            'general protection fault', 'Oops: 0000', 'UBSAN: shift-out-of-bounds',
            'nothing', 'KASAN']), 5)

    def test_run_text(self):
        self.assertEqual(report.run_text('race', self.RACE), '1200 rounds, 0 mismatches')
        self.assertEqual(report.run_text('load', ''), '')


class KmemleakTest(unittest.TestCase):
    LEAK = ['unreferenced object 0xffff888004b1c000 (size 64):',
            '  backtrace (crc 0):', '    rust_clone3+0x1c/0x90']

    def test_no_leak(self):
        self.assertEqual(report.kmemleak(lines_of('soak.log')),
                         (['kmemleak: 0 leaks'], {'ok': True, 'leaks': 0}))

    def test_a_leak_without_the_guests_count(self):
        lines = replace(lines_of('soak.log'), 'kmemleak: 0 suspects', self.LEAK)
        self.assertEqual(report.kmemleak(lines),
                         (['kmemleak: 1 leaks'] + [f'  {l}' for l in self.LEAK],
                          {'ok': False, 'leaks': 1}))

    def test_the_guests_count_when_the_listing_is_cut(self):
        lines = replace(lines_of('soak.log'), 'kmemleak: 0 suspects',
                        ['kmemleak: 4000 suspects'] + self.LEAK)
        out, res = report.kmemleak(lines)
        self.assertEqual(out[0], 'kmemleak: 4000 leaks')
        self.assertEqual(out[1:], [f'  {l}' for l in self.LEAK])
        self.assertEqual(res, {'ok': False, 'leaks': 4000})

    def test_a_scan_that_did_not_complete(self):
        lines = replace(lines_of('soak.log'), '@@WB-KMEMLEAK-END rc=0@@',
                        ['@@WB-KMEMLEAK-END rc=1@@'])
        self.assertEqual(report.kmemleak(lines),
                         (['kmemleak: 0 leaks (the scan did not complete)'],
                          {'ok': False, 'leaks': 0}))

    def test_not_run(self):
        self.assertIsNone(report.kmemleak(lines_of('trinity.log')))


class TrinityTest(unittest.TestCase):
    CLONE = 'trinity clone: 90 s, 0 tasks left, pids.events: max 0'
    MIXED = 'trinity mixed: 30 s, 0 tasks left, pids.events: max 0'

    def test_runs_added_up_and_a_run_started_again(self):
        # mixed ran 404 + 600 syscalls (it was started again)
        self.assertEqual(report.trinity(lines_of('trinity.log'), 'x86_64'), (
            ['trinity x86_64: 1516 syscalls, 0 reports',
             '  clone: 512 syscalls (90 s, 0 tasks left, pids.events: max 0)',
             '  mixed: 1004 syscalls (30 s, 0 tasks left, pids.events: max 0)'],
            {'ok': True, 'summary': 'trinity x86_64: 1516 syscalls, 0 reports'}))

    def test_a_kernel_report_fails_it_and_the_mand_banner_does_not(self):
        lines = lines_of('trinity.log')
        out, res = report.trinity(
            lines + ['WARNING: CPU: 1 PID: 77 at kernel/clone.rs:120 rust_clone3+0x40/0x90'],
            'x86_64')
        self.assertEqual((out[0], res['ok']),
                         ('trinity x86_64: 1516 syscalls, 1 reports', False))
        out, res = report.trinity(
            lines + ['WARNING: The mand mount option has been deprecated and'], 'x86_64')
        self.assertEqual((out[0], res['ok']),
                         ('trinity x86_64: 1516 syscalls, 0 reports', True))

    def test_asked_for_and_not_run(self):
        cmdline = ['[    0.000000] Kernel command line: console=ttyS0 wb.trinity=30:20000 wb.trinity_s=1200']
        self.assertEqual(report.trinity(cmdline + ['@@WB-DONE@@'], 'arm64'), (
            ['trinity arm64: did not run (wb.trinity=30:20000 on the kernel command line)'],
            {'ok': False,
             'summary': 'trinity arm64: did not run (wb.trinity=30:20000 on the kernel command line)'}))
        # not asked for: nothing to check
        self.assertIsNone(report.trinity(['[    0.000000] Kernel command line: console=ttyS0 '
                                          'wb.trinity=0 wb.kmemleak=1'], 'arm64'))
        self.assertIsNone(report.trinity(['[    0.000000] Kernel command line: console=ttyS0'],
                                         'arm64'))

    def test_problems_of_a_run(self):
        sec = ['[main] Ran 512 syscalls. Successes: 40  Failures: 472', self.CLONE]
        end = '@@WB-TRINITY-clone-END rc=0@@'
        took = '90 s, 0 tasks left, pids.events: max 0'
        self.assertEqual(report.trinity_problem('clone', '500', sec, end),
                         ('', 512, took))
        self.assertEqual(report.trinity_problem('clone', '500', sec, None),
                         ('did not complete', 512, took))
        self.assertEqual(report.trinity_problem('clone', '500', sec,
                                                '@@WB-TRINITY-clone-END rc=2@@'),
                         ('exit 2', 512, took))
        self.assertEqual(report.trinity_problem('clone', '1000', sec, end)[0],
                         'fewer than the 1000 syscalls asked for')
        tainted = [sec[0], self.CLONE + ', tainted: 0 -> 512']
        self.assertEqual(report.trinity_problem('clone', '500', tainted, end)[0],
                         'the kernel became tainted (0 -> 512)')
        # a taint the kernel had before is not the run's
        tainted = [sec[0], self.CLONE + ', tainted: 512 -> 512']
        self.assertEqual(report.trinity_problem('clone', '500', tainted, end)[0], '')
        left = [sec[0], 'trinity clone: 90 s, 3 tasks left, pids.events: max 0']
        self.assertEqual(report.trinity_problem('clone', '500', left, end)[0],
                         'tasks left behind')
        self.assertEqual(report.trinity_problem('clone', '500', sec[:1], end),
                         ('', 512, None))

    def test_a_failed_run_prints_its_last_lines(self):
        lines = replace(lines_of('trinity.log'), '@@WB-TRINITY-clone-END rc=0@@',
                        ['@@WB-TRINITY-clone-END rc=1@@'])
        out, res = report.trinity(lines, 'arm64')
        self.assertEqual(out, [
            'trinity arm64: 1516 syscalls, 0 reports',
            '  clone: 512 syscalls (90 s, 0 tasks left, pids.events: max 0); '
            'FAILED: exit 1',
            '    [main] Ran 512 syscalls. Successes: 40  Failures: 472',
            f'    {self.CLONE}',
            '  mixed: 1004 syscalls (30 s, 0 tasks left, pids.events: max 0)'])
        self.assertFalse(res['ok'])

    def test_not_run(self):
        self.assertIsNone(report.trinity(lines_of('soak.log'), 'x86_64'))


class CombineTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)

    @staticmethod
    def results(label, progs, **more):
        return dict({'label': label, 'kselftest': progs, 'kunit': []}, **more)

    def write(self, name, r):
        path = os.path.join(self.tmp, name)
        with open(path, 'w') as f:
            json.dump(r, f)
        return path

    def combine(self, *files):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            rc = report.combine(list(files))
        return rc, out.getvalue().splitlines()

    def test_counts_file(self):
        r = {'label': 'workbench self-tests (pre)', 'pass': 7, 'fail': 1, 'skip': 2,
             'failed': ['a check'], 'summary': 'faults demo: 2 cases'}
        self.assertEqual(report.counts_lines(r, 'f.json'), (
            ['workbench self-tests (pre): 7 passed, 1 failed, 2 skipped',
             '  faults demo: 2 cases', '  FAILED: a check'],
            {'pass': 7, 'fail': 1, 'skip': 2, 'known': 0}))
        self.assertEqual(report.counts_lines({'pass': 1}, 'f.json')[0],
                         ['f.json: 1 passed, 0 failed, 0 skipped'])

    def test_results_of_a_report(self):
        progs = kselftest('kselftest-pass.log')
        progs[2]['cases'][1]['listed'] = True
        r = self.results(
            'x86_64/debug', progs,
            kunit=ParseKunitTest.EXPECTED,
            served={'ok': True, 'summary': 'clone3 served by rust_clone3: x 1 hits'},
            race={'ok': True, 'summary': '# race: 1200 rounds', 'reports': 0},
            load={'ok': False, 'summary': '# load: 10/s, EINTR 3', 'reports': 0},
            kmemleak={'ok': True, 'leaks': 0},
            trinity={'ok': True, 'summary': 'trinity x86_64: 1516 syscalls, 0 reports'})
        out, c = report.results_lines(r)
        self.assertEqual(out, [
            'x86_64/debug: kselftest 5 passed, 0 failed, 1 skipped; '
            'kunit 1 passed, 1 failed, 1 skipped',
            '  clone3 served by rust_clone3: x 1 hits',
            '  race: 1200 rounds, 0 kernel reports',
            '  load x86_64/debug: 10/s, EINTR 3, 0 kernel reports',
            '  kmemleak: 0 leaks',
            '  trinity x86_64: 1516 syscalls, 0 reports',
            '  known upstream failure passed: other:gamma:g2'])
        # cases 6 + 1 + 1 + 1, checks: served, race, kmemleak, trinity pass; load fails
        self.assertEqual(c, {'pass': 6 + 4, 'fail': 1 + 1, 'skip': 2, 'known': 0})

    def test_variant_group(self):
        self.assertEqual(report.variant_group('x86_64/c'), 'x86_64')
        self.assertEqual(report.variant_group('x86_64/rust-kasan'), 'x86_64')
        self.assertEqual(report.variant_group('x86_64/c (Linux 7.3)'),
                         'x86_64 (Linux 7.3)')
        self.assertEqual(report.variant_group('A'), '')

    def test_compare_variants(self):
        same = {'demo:alpha': {'pass': 2}}
        other = {'demo:alpha': {'pass': 1}, 'demo:beta': {'pass': 1}}
        out, passed, failed = report.compare_variants({
            'x86_64/c': same, 'arm64/c': other, 'x86_64/rust': same,
            'arm64/rust': same, 'x86_64/c (Linux 7.3)': other})
        self.assertEqual(out, [
            'kselftest counts of x86_64/rust equal those of x86_64/c (1 programs)',
            'kselftest counts differ between arm64/c and arm64/rust:',
            "  demo:alpha: {'pass': 1} vs {'pass': 2}",
            "  demo:beta: {'pass': 1} vs None"])
        self.assertEqual((passed, failed), (1, 1))

    def test_combine_adds_up_and_compares(self):
        pass_progs = kselftest('kselftest-pass.log')
        fail_progs = kselftest('kselftest-fail.log')
        a = self.write('a.json', self.results('x86_64/c', pass_progs))
        b = self.write('b.json', self.results('x86_64/rust', fail_progs))
        c = self.write('c.json', self.results('arm64/c', pass_progs))
        s = self.write('s.json', {'label': 'self', 'pass': 3, 'fail': 0})
        rc, out = self.combine(a, c, s)
        self.assertEqual(rc, 0)
        self.assertEqual(out, [
            'x86_64/c: kselftest 5 passed, 0 failed, 1 skipped',
            'arm64/c: kselftest 5 passed, 0 failed, 1 skipped',
            'self: 3 passed, 0 failed, 0 skipped',
            '13 passed, 0 failed, 2 skipped'])
        rc, out = self.combine(a, b)
        self.assertEqual(rc, 1)
        self.assertEqual(out[2], 'kselftest counts differ between x86_64/c and '
                         'x86_64/rust:')
        # 5 + 2 cases passed, 2 failed; the comparison failed
        self.assertEqual(out[-1], '7 passed, 3 failed, 1 skipped')

    def test_a_listed_case_compares_by_number(self):
        lines = replace(lines_of('kselftest-pass.log'), '# ok 2 g2', ['# not ok 2 g2'])
        progs_a = report.parse_kselftest(lines)
        progs_b = kselftest('kselftest-pass.log')
        for progs in (progs_a, progs_b):
            report.apply_known(progs, [('other:gamma:g2', 'racy')])
        a = self.write('a.json', self.results('x86_64/c', progs_a))
        b = self.write('b.json', self.results('x86_64/rust', progs_b))
        rc, out = self.combine(a, b)
        self.assertEqual(rc, 0)
        self.assertIn('  known upstream failure passed: other:gamma:g2', out)
        self.assertIn('kselftest counts of x86_64/rust equal those of x86_64/c '
                      '(3 programs)', out)
        self.assertEqual(out[-2:], [
            'known upstream failures: 1 (not counted as failed; '
            'scripts/workbench/known-failures)',
            '10 passed, 0 failed, 2 skipped'])

    def test_an_unreadable_results_file(self):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            rc, out = self.combine(os.path.join(self.tmp, 'none.json'))
        self.assertEqual((rc, out), (1, []))
        self.assertIn('error: cannot read results ', err.getvalue())


class ReportTest(unittest.TestCase):
    """report.main() on a whole log: what it prints, its status, its JSON."""

    def run_main(self, *argv):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = report.main(list(argv))
        return rc, out.getvalue().splitlines(), err.getvalue()

    def test_exit_status(self):
        self.assertEqual(self.run_main(os.path.join(DATA, 'kselftest-pass.log'))[0], 0)
        self.assertEqual(self.run_main(os.path.join(DATA, 'kselftest-fail.log'))[0], 1)
        rc, _, err = self.run_main(os.path.join(DATA, 'kselftest-truncated.log'))
        self.assertEqual(rc, 2)
        self.assertIn('error: no complete kselftest run in ', err)

    def test_everything_in_one_log(self):
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp)
        log = os.path.join(tmp, 'all.log')
        with open(log, 'w') as f:
            for name in ('kselftest-pass.log', 'probe-rust.log', 'soak.log',
                         'trinity.log'):
                f.write('\n'.join(lines_of(name)) + '\n')
        js = os.path.join(tmp, 'r.json')
        rc, out, err = self.run_main('--label', 'x86_64/rust', '--json', js,
                                     '--served-by', 'rust_clone3', log)
        self.assertEqual((rc, err), (0, ''))
        self.assertEqual(out[0], 'kselftest x86_64/rust:')
        self.assertEqual(out[-10:], [
            'race x86_64: race: 1200 rounds, 0 mismatches',
            'fuzz x86_64: 5000 calls, 0 reports',
            'load x86_64/rust: 2000/s, 20000 calls, 19000 children, EAGAIN 1000, 0 lost',
            '  load: warm-up, 64 threads',
            'kmemleak: 0 leaks',
            'trinity x86_64: 1516 syscalls, 0 reports',
            '  clone: 512 syscalls (90 s, 0 tasks left, pids.events: max 0)',
            '  mixed: 1004 syscalls (30 s, 0 tasks left, pids.events: max 0)',
            'x86_64: clone3 served by rust_clone3: clone3_corpus 2 hits, '
            'clone3_corpus32 1 hits',
            '11 passed, 0 failed, 1 skipped'])
        with open(js) as f:
            r = json.load(f)
        self.assertEqual(list(r), ['label', 'kselftest', 'kunit', 'race', 'fuzz',
                                   'load', 'kmemleak', 'trinity', 'served'])
        self.assertEqual(r['label'], 'x86_64/rust')
        self.assertEqual(len(r['kselftest']), 3)


if __name__ == '__main__':
    unittest.main()
