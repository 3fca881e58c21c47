#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit tests of differential.py: reading the corpus and fault-injection
output of a console log, and comparing two kernels case by case.

tests/data/corpus.log carries corpus.txt (marker CORPUS) and faults.txt
(marker FAULTS) as the guest sends them (see tests/data/README)."""

import base64
import contextlib
import gzip
import hashlib
import io
import json
import os
import shutil
import sys
import tempfile
import unittest
import unittest.mock

HERE = os.path.dirname(os.path.abspath(__file__))
WB = os.path.dirname(HERE)
DATA = os.path.join(HERE, 'data')
sys.path.insert(0, WB)
import differential  # noqa: E402
from differential import Run  # noqa: E402

# What corpus.txt and faults.txt hold.
CORPUS = {'size-0000': 'EINVAL', 'size-0064': 'ok', 'size-0089': 'E2BIG',
          'flag-0001': 'ok', 'flag-0200': 'EINVAL'}
FAULTS = ['r-base/1 EFAULT,injected', 'r-base/2 ENOMEM,injected',
          'r-base/3 ok,none', 'r-st/1 EFAULT,injected', 'r-cg/1 ENOMEM,injected',
          'r-cg/2 ok,none']


def run_of(lines, rc=0, unstable=None):
    """A Run of output lines "<id> <result>"."""
    pairs = [l.split() for l in lines]
    return Run(dict(pairs), [k for k, _ in pairs], rc, unstable or {})


class DecodeTest(unittest.TestCase):
    TEXT = b'size-0000 EINVAL\n# corpus: 1 cases\n'

    def b64(self, data):
        s = base64.b64encode(gzip.compress(data)).decode()
        return [s[i:i + 40] for i in range(0, len(s), 40)]

    def test_decode(self):
        md5 = hashlib.md5(self.TEXT).hexdigest()
        self.assertEqual(differential.decode(self.b64(self.TEXT), md5),
                         self.TEXT.decode())
        self.assertEqual(differential.decode(self.b64(self.TEXT), None),
                         self.TEXT.decode())

    def test_md5_mismatch(self):
        with self.assertRaisesRegex(ValueError, '^fails its md5 check$'):
            differential.decode(self.b64(self.TEXT), '0' * 32)

    def test_corrupt(self):
        b64 = self.b64(self.TEXT)
        for bad in (b64[:-1], ['H4sA' + b64[0][4:]] + b64[1:], ['x']):
            with self.subTest(bad=bad), \
                    self.assertRaisesRegex(ValueError, '^is corrupt: '):
                differential.decode(bad, None)


class ParseOutputTest(unittest.TestCase):
    def test_faults_output(self):
        with open(os.path.join(DATA, 'faults.txt')) as f:
            run = differential.parse_output(f.read())
        self.assertEqual(run.order, [l.split()[0] for l in FAULTS])
        self.assertEqual(run.results, dict(l.split() for l in FAULTS))
        self.assertEqual(run.unstable, {'r-st': 1})
        self.assertIsNone(run.rc)

    def test_comments_blank_and_odd_lines(self):
        run = differential.parse_output('# corpus\n\n  \na ok\nb two words\nc E2BIG\n')
        self.assertEqual((run.results, run.order), ({'a': 'ok', 'c': 'E2BIG'},
                                                    ['a', 'c']))


class CorpusTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)
        with open(os.path.join(DATA, 'corpus.log')) as f:
            self.lines = f.read().splitlines()

    def write(self, lines):
        path = os.path.join(self.tmp, 'console.log')
        with open(path, 'w') as f:
            f.write('\n'.join(lines) + '\n')
        return path

    def corpus(self, path, marker):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            run = differential.corpus(path, marker)
        return run, out.getvalue()

    def test_corpus_run(self):
        run, out = self.corpus(os.path.join(DATA, 'corpus.log'), 'CORPUS')
        self.assertEqual(out, '')
        self.assertEqual(run, Run(CORPUS, list(CORPUS), 0, {}))

    def test_faults_run(self):
        run, _ = self.corpus(os.path.join(DATA, 'corpus.log'), 'FAULTS')
        self.assertEqual(run, Run(dict(l.split() for l in FAULTS),
                                  [l.split()[0] for l in FAULTS], 0, {'r-st': 1}))

    def test_no_run_of_the_marker(self):
        run, _ = self.corpus(os.path.join(DATA, 'corpus.log'), 'CORPUS32')
        self.assertEqual(run, Run({}, [], None, {}))

    def test_the_32_bit_run_after_the_64_bit_one(self):
        # The CORPUS32 markers contain neither CORPUS marker.
        lines = self.lines + [l.replace('@@WB-CORPUS-', '@@WB-CORPUS32-')
                              .replace('END rc=0', 'END rc=3') for l in self.lines]
        path = self.write(lines)
        self.assertEqual(self.corpus(path, 'CORPUS')[0].rc, 0)
        run32, _ = self.corpus(path, 'CORPUS32')
        self.assertEqual((run32.results, run32.rc), (CORPUS, 3))

    def test_a_run_that_did_not_end(self):
        lines = [l for l in self.lines if not l.startswith('@@WB-CORPUS-END')]
        run, _ = self.corpus(self.write(lines), 'CORPUS')
        self.assertIsNone(run.rc)

    def test_a_corrupted_transfer(self):
        i = self.lines.index('@@WB-CORPUS-BEGIN@@') + 1
        lines = list(self.lines)
        lines[i] = 'H4sA' + lines[i][4:]
        path = self.write(lines)
        run, out = self.corpus(path, 'CORPUS')
        self.assertIsNone(run.rc)
        self.assertTrue(out.startswith(f'  error: corpus output in {path} is corrupt: '),
                        out)

    def test_a_checksum_that_does_not_match(self):
        i = next(i for i, l in enumerate(self.lines) if '@@WB-CORPUS-MD5 ' in l)
        lines = list(self.lines)
        lines[i] = '@@WB-CORPUS-MD5 ' + '0' * 32 + '@@'
        path = self.write(lines)
        run, out = self.corpus(path, 'CORPUS')
        self.assertIsNone(run.rc)
        self.assertEqual(out, f'  error: corpus output in {path} fails its md5 check\n')


class CompareTest(unittest.TestCase):
    A = ['size-0000 EINVAL', 'size-0089 E2BIG', 'flag-01 ok']

    def test_equal(self):
        a = run_of(self.A)
        self.assertEqual(differential.compare(a, a, False), (3, None, [], []))

    def test_a_case_that_differs(self):
        b = run_of(['size-0000 EINVAL', 'size-0089 EFAULT', 'flag-01 ok'])
        self.assertEqual(differential.compare(run_of(self.A), b, False),
                         (3, None, ['size-0089'], []))

    def test_case_lists_that_differ(self):
        b = run_of(['size-0000 EINVAL', 'size-0089 EFAULT'])
        self.assertEqual(differential.compare(run_of(self.A), b, False), (
            3, None, ['size-0089'],
            ['the two kernels ran different case lists (3 and 2 cases)']))

    def test_min_cases(self):
        a = run_of(self.A)
        self.assertEqual(differential.compare(a, a, False, min_cases=3)[3], [])
        self.assertEqual(differential.compare(a, a, False, min_cases=4)[3],
                         ['only 3 cases, fewer than 4'])

    def test_a_run_that_did_not_complete(self):
        a, none = run_of(self.A), Run({}, [], None, {})
        self.assertEqual(differential.compare(a, none, False, ('a.log', 'b.log'))[3], [
            'the corpus did not complete on b.log',
            'the two kernels ran different case lists (3 and 0 cases)'])
        self.assertEqual(differential.compare(none, none, False, ('a.log', 'b.log'))[3], [
            'the corpus did not complete on a.log and b.log',
            'only 0 cases, fewer than 1'])

    def test_a_program_that_failed(self):
        self.assertEqual(differential.compare(run_of(self.A, rc=1), run_of(self.A),
                                              False)[3],
                         ['the corpus program failed (exit 1 and 0)'])

    FA = ['r-base/1 EFAULT,injected', 'r-base/2 ENOMEM,injected', 'r-base/3 ok,none',
          'r-st/1 EFAULT,injected', 'r-st/2 ok,none']
    FB = ['r-base/1 EFAULT,injected', 'r-base/2 ENOMEM,injected', 'r-base/3 ok,none',
          'r-st/1 EFAULT,injected', 'r-st/2 EFAULT,injected', 'r-st/3 ok,none']

    def test_faults_counts_cases_and_injection_points(self):
        a = run_of(self.FA)
        # 2 cases (r-base, r-st), 3 lines where a fault was injected
        self.assertEqual(differential.compare(a, a, True), (2, 3, [], []))

    def test_faults_compares_every_line(self):
        # r-st/2 differs, r-st/3 only the second kernel has
        self.assertEqual(differential.compare(run_of(self.FA), run_of(self.FB), True),
                         (2, 3, ['r-st/2', 'r-st/3'], []))

    def test_faults_min_cases(self):
        a = run_of(self.FA)
        self.assertEqual(differential.compare(a, a, True, min_cases=2)[3], [])
        self.assertEqual(differential.compare(a, a, True, min_cases=2000)[3],
                         ['only 2 cases, fewer than 2000'])

    def test_faults_case_lists(self):
        b = run_of(self.FA + ['r-cg/1 ok,none'])
        self.assertEqual(differential.compare(run_of(self.FA), b, True), (
            2, 3, ['r-cg/1'], ['the two kernels ran different case lists '
                               '(2 and 3 cases)']))

    def test_an_unstable_case_is_compared_on_the_lines_its_runs_agreed_on(self):
        a = run_of(self.FA[:4], unstable={'r-st': 1})
        self.assertEqual(differential.compare(a, run_of(self.FB), True),
                         (2, 3, [], []))
        # a difference in those lines is still one
        a = run_of(self.FA[:3] + ['r-st/1 ENOMEM,injected'], unstable={'r-st': 1})
        self.assertEqual(differential.compare(a, run_of(self.FB), True)[2], ['r-st/1'])

    def test_the_smaller_agreement_of_the_two_kernels_holds(self):
        a = run_of(self.FA, unstable={'r-st': 2})
        b = run_of(self.FB, unstable={'r-st': 1})
        self.assertEqual(differential.compare(a, b, True)[2], [])
        b = run_of(self.FB, unstable={'r-st': 2})
        self.assertEqual(differential.compare(a, b, True)[2], ['r-st/2'])


class SettingTest(unittest.TestCase):
    """--setting: the settings where permissions decide (plan.PERM_SETTINGS)."""

    def setUp(self):
        self.user = differential.plan.PERM_BY_MARKER['PERM_USER']

    def lines(self, **changed):
        """A run of the setting's expectations, its errors, and changes."""
        res = dict(self.user.expect)
        res.update({'x-eperm': 'EPERM', 'x-eacces': 'EACCES', 'x-einval': 'EINVAL'})
        res.update(changed)
        return [f'{k} {v}' for k, v in res.items()]

    def test_counts_the_errors_of_the_setting(self):
        a = b = run_of(self.lines())
        counts, problems = differential.setting_checks(self.user, a, b)
        # ns-net and settid-01-free give EPERM, cgroup-good and -foreign EACCES.
        self.assertEqual(counts, {'EPERM': 3, 'EACCES': 3})
        self.assertEqual(problems, [])

    def test_an_error_that_does_not_occur(self):
        a = b = run_of([l for l in self.lines() if 'EACCES' not in l])
        problems = differential.setting_checks(self.user, a, b)[1]
        self.assertIn('no EACCES in the setting, which is there for it', problems)

    def test_an_expectation_either_kernel_misses(self):
        # The hardening row: both kernels agree, and both are wrong.
        hard = differential.plan.PERM_BY_MARKER['PERM_NOUSERNS']
        a = run_of(['ns-user ok', 'ns-net-user EPERM', 'ns-net EPERM', 'cg EACCES'])
        problems = differential.setting_checks(hard, a, a, ('c.log', 'rust.log'))[1]
        self.assertEqual(problems, ['ns-user: ok on c.log, expected EPERM',
                                    'ns-user: ok on rust.log, expected EPERM'])
        b = run_of(['ns-net-user EPERM', 'ns-net EPERM', 'cg EACCES'])
        problems = differential.setting_checks(hard, b, b, ('c.log', 'rust.log'))[1]
        self.assertIn('ns-user: (absent) on c.log, expected EPERM', problems)

    def main(self, log_a, log_b, setting='PERM_USER'):
        out = io.StringIO()
        with tempfile.TemporaryDirectory() as d:
            j = os.path.join(d, 'r.json')
            argv = ['differential.py', '--arch', 'x86_64', '--json', j, '--setting', setting,
                    log_a, log_b]
            with contextlib.redirect_stdout(out), unittest.mock.patch.object(sys, 'argv', argv):
                rc = differential.main()
            with open(j) as f:
                result = json.load(f)
        return rc, out.getvalue(), result

    def log(self, d, name, text, marker='PERM_USER'):
        data = text.encode()
        b64 = base64.b64encode(gzip.compress(data)).decode()
        path = os.path.join(d, name)
        with open(path, 'w') as f:
            f.write(f'@@WB-{marker}-MD5 {hashlib.md5(data).hexdigest()}@@\n'
                    f'@@WB-{marker}-BEGIN@@\n{b64}\n@@WB-{marker}-END rc=0@@\n')
        return path

    def test_the_summary_line(self):
        with tempfile.TemporaryDirectory() as d:
            text = '\n'.join(self.lines()) + '\n'
            a, b = self.log(d, 'c.log', text), self.log(d, 'rust.log', text)
            rc, out, result = self.main(a, b)
        self.assertEqual(rc, 0)
        n = len(self.lines())
        self.assertEqual(out.splitlines()[-1],
                         f'differential x86_64 (uid 65534): {n} cases, 0 differences; EPERM 3, EACCES 3')
        self.assertEqual((result['pass'], result['fail']), (1, 0))

    def test_absent_on_both_kernels_is_a_skip_with_its_reason(self):
        with tempfile.TemporaryDirectory() as d:
            paths = []
            for name in ('c.log', 'rust.log'):
                paths.append(os.path.join(d, name))
                with open(paths[-1], 'w') as f:
                    f.write('@@WB-PERM_NOUSERNS32-ABSENT no sysctl here@@\n')
            rc, out, result = self.main(*paths, setting='PERM_NOUSERNS32')
        self.assertEqual(rc, 0)
        self.assertIn('SKIP: differential x86_64 (uid 65534, unprivileged_userns_clone=0): '
                      'no sysctl here', out)
        self.assertEqual((result['pass'], result['fail'], result['skip']), (0, 0, 1))

    def test_absent_on_one_kernel_fails(self):
        with tempfile.TemporaryDirectory() as d:
            a = os.path.join(d, 'c.log')
            with open(a, 'w') as f:
                f.write('@@WB-PERM_USER-ABSENT no sysctl here@@\n')
            b = self.log(d, 'rust.log', '\n'.join(self.lines()) + '\n')
            rc, out, result = self.main(a, b)
        self.assertEqual(rc, 1)
        self.assertIn('the corpus did not complete on', out)


    def test_a_missing_console_log_is_named(self):
        err = io.StringIO()
        with tempfile.TemporaryDirectory() as d:
            a = self.log(d, 'c.log', '\n'.join(self.lines()) + '\n')
            b = os.path.join(d, 'rust.log')
            argv = ['differential.py', '--arch', 'arm', '--json', os.path.join(d, 'r.json'), a, b]
            with contextlib.redirect_stderr(err), unittest.mock.patch.object(sys, 'argv', argv):
                rc = differential.main()
            self.assertFalse(os.path.exists(os.path.join(d, 'r.json')))
        self.assertEqual(rc, 2)
        self.assertIn(f'error: no console log {b}: boot that kernel first', err.getvalue())


if __name__ == '__main__':
    unittest.main()
