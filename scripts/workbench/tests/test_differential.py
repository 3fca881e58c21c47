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
import os
import shutil
import sys
import tempfile
import unittest

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


if __name__ == '__main__':
    unittest.main()
