#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit tests of results.py: the result files of the targets, and their index."""

import json
import os
import re
import sys
import tempfile
import unittest

WB = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(os.path.dirname(WB))
sys.path.insert(0, WB)
import results  # noqa: E402

MACHINE = {'cores': 2, 'memory_gib': 24, 'cpu': 'CPU', 'os': 'Debian', 'kernel': '6.1',
           'accel_x86_64': 'tcg (test)'}
TSV = 'setup\t100\t5\t0\nbench x86_64\t105\t60\t0\n'
SUMMARY = ['bench floor-enosys: c=141.1 rust=141.1 ratio=1.0000',
           'bench stack to kernel_clone(): c=376 rust=312 bytes']


class ResultTest(unittest.TestCase):
    def test_stages_and_wall_time(self):
        r = results.result('bench-x86_64', results.stages_from_tsv(TSV), SUMMARY, 'abc1234', MACHINE,
                           command='make bench')
        self.assertEqual([s['name'] for s in r['stages']], ['setup', 'bench x86_64'])
        self.assertEqual(r['wall_seconds'], 65)
        self.assertIsNone(r['passed'])

    def test_counts_of_the_last_count_line(self):
        r = results.result('check', [], ['a: 1 passed, 2 failed', '10 passed, 0 failed, 3 skipped'],
                           'x', MACHINE)
        self.assertEqual((r['passed'], r['failed'], r['skipped']), (10, 0, 3))
        self.assertEqual(r['command'], 'make check')

    def test_markdown_names_the_command_and_attaches(self):
        r = results.result('bench-arm64-nofault', results.stages_from_tsv(TSV), SUMMARY, 'abc1234',
                           MACHINE, command='make bench ARCH=arm64 CONFIG_VARIANT=nofault',
                           attachment='| path | C insns |\n')
        md = results.markdown(r)
        self.assertTrue(md.startswith('# bench-arm64-nofault\n'))
        self.assertIn('- command: `make bench ARCH=arm64 CONFIG_VARIANT=nofault`', md)
        self.assertIn('| bench x86_64 | 60 | 0 |', md)
        self.assertIn(SUMMARY[1], md)
        self.assertTrue(md.endswith('| path | C insns |\n'))

    def test_index(self):
        with tempfile.TemporaryDirectory() as d:
            for name, summary, exit_ in (('check', ['5 passed, 1 failed, 0 skipped'], 0),
                                         ('bench-x86_64', SUMMARY, 0),
                                         ('world-x86_64', [], 2)):
                stages = [{'name': 's', 'start': 1, 'seconds': 2, 'exit': exit_}]
                with open(os.path.join(d, name + '.json'), 'w', encoding='utf-8') as f:
                    json.dump(results.result(name, stages, summary, 'c0ffee', MACHINE), f)
            with open(os.path.join(d, 'junk.json'), 'w', encoding='utf-8') as f:
                f.write('[]')
            self.assertEqual(results.main(['--index', d]), 0)
            with open(os.path.join(d, 'README.md'), encoding='utf-8') as f:
                text = f.read()
        rows = [line for line in text.splitlines() if line.startswith('| [')]
        self.assertEqual([r.split(']')[0] for r in rows], ['| [bench-x86_64', '| [check', '| [world-x86_64'])
        self.assertIn('(check.md) | `make check` |', rows[1])
        self.assertTrue(rows[1].endswith('| 5 passed, 1 failed, 0 skipped |'))
        self.assertTrue(rows[0].endswith('| passed |'))
        self.assertTrue(rows[2].endswith('| failed |'))

    def test_main_needs_a_name_or_an_index(self):
        with self.assertRaises(SystemExit) as e, open(os.devnull, 'w') as null:
            err, sys.stderr = sys.stderr, null
            try:
                results.main(['--out', '/nonexistent'])
            finally:
                sys.stderr = err
        self.assertEqual(e.exception.code, 2)


class MakefileTest(unittest.TestCase):
    """Every goal of RESULT_GOALS ends by writing its result file."""

    def test_each_result_goal_writes_its_result(self):
        with open(os.path.join(REPO, 'Makefile'), encoding='utf-8') as f:
            text = f.read()
        goals = re.search(r'^RESULT_GOALS := (.*)$', text, re.M).group(1).split()
        self.assertIn('check', goals)
        for g in goals:
            with self.subTest(goal=g):
                recipe = re.search(rf'^{re.escape(g)}:.*\n((?:(?:\t|ifn?eq|else|endif).*\n)+)', text, re.M)
                self.assertIsNotNone(recipe, f'no recipe of {g}')
                last = recipe.group(1).rstrip('\n').split('\n')[-1]
                self.assertRegex(last, r'^\t\$\(call write_result,')


if __name__ == '__main__':
    unittest.main()
