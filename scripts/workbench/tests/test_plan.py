#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit tests of plan.py: the guest's test plan, the Makefile and the guest agree."""

import os
import re
import sys
import unittest

WB = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(os.path.dirname(WB))
sys.path.insert(0, WB)
import plan  # noqa: E402


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


VALUES = {'SEED': '1', 'FAULT_CASES': '4000', 'DEBUG_FAULT_CASES': '400', 'KSELFTEST': '1',
          'CORPUS_CASES': '20000', 'PERM_CASES': '5000', 'RACE_SECONDS': '20', 'FUZZ_CALLS': '50000',
          'LOAD_SECONDS': '10', 'TRINITY_CLONE_CALLS': '30', 'TRINITY_CALLS': '20000',
          'TRINITY_SECONDS': '1200', 'TRINITY_CHUNK': '0', 'FAULTS_HERE': '1',
          'TRINITY_HERE': '1', 'TRINITY_ONLY': ''}


def params(variant, **over):
    return plan.params(variant, dict(VALUES, **over)).split()


class AgreementTest(unittest.TestCase):
    def test_every_length_is_a_user_variable_of_the_makefile(self):
        makefile = read(os.path.join(REPO, 'Makefile'))
        assigned = set(re.findall(r'^(?:export )?([A-Z_][A-Z0-9_.]*) *\?=', makefile, re.M))
        self.assertEqual(set(plan.variables()) - assigned, set())

    def test_the_guest_reads_every_parameter_and_prints_every_marker(self):
        guest = ''.join(read(os.path.join(WB, 'guest', f)) for f in ('init', 'trinity'))
        for s in plan.STEPS:
            self.assertIn(f'param {s.param})', guest, s.name)
            for m in s.markers:
                # The settings where permissions decide: PERM_X and PERM_X32
                # in one loop over the programs, "PERM_X$w".
                self.assertTrue(f'@@WB-{m}-' in guest or f'corpus {m} ' in guest
                                or f'corpus "{m.removesuffix("32")}$w" ' in guest, m)


class ParamsTest(unittest.TestCase):
    def test_c_and_rust(self):
        for v in ('c', 'rust'):
            self.assertEqual(params(v), ['wb.seed=1', 'wb.faults=4000', 'wb.corpus=20000',
                                         'wb.perm=5000', 'wb.probe=1', 'wb.race=20',
                                         'wb.load=10'])

    def test_faults_only_on_fault_arches(self):
        self.assertIn('wb.faults=0', params('c', FAULTS_HERE='0'))
        # The debug kernel's fault injection (kmemleak) runs everywhere.
        self.assertIn('wb.faults=400', params('debug', FAULTS_HERE='0'))

    def test_kselftests_off_only_when_asked(self):
        self.assertIn('wb.kselftest=0', params('c', KSELFTEST='0'))
        self.assertFalse([p for p in params('c') if p.startswith('wb.kselftest')])
        self.assertIn('wb.kselftest=0', params('debug'))

    def test_debug(self):
        self.assertEqual(params('debug'), [
            'wb.seed=1', 'wb.faults=400', 'wb.kselftest=0', 'wb.race=20', 'wb.fuzz=50000',
            'wb.load=10', 'wb.kmemleak=1', 'wb.trinity=30:20000', 'wb.trinity_s=1200',
            'wb.trinity_chunk=0'])
        self.assertFalse([p for p in params('debug', TRINITY_HERE='0') if 'trinity' in p])

    def test_trinity_only(self):
        self.assertEqual(params('debug', TRINITY_ONLY='1'), [
            'kmemleak=off', 'wb.kselftest=0', 'wb.trinity=30:20000', 'wb.trinity_s=1200',
            'wb.trinity_chunk=0'])

    def test_unknown_variant(self):
        with open(os.devnull, 'w') as null:
            old, sys.stderr = sys.stderr, null
            try:
                with self.assertRaises(SystemExit):
                    plan.params('ada', VALUES)
                self.assertEqual(plan.main(['params', 'c', 'SEED=1']), 2)
            finally:
                sys.stderr = old


if __name__ == '__main__':
    unittest.main()
