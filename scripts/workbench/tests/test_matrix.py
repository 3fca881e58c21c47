#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit tests of matrix.py: make matrix and the CI workflow run the same cells."""

import json
import os
import re
import sys
import tempfile
import unittest

WB = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(os.path.dirname(WB))
sys.path.insert(0, WB)
import matrix  # noqa: E402


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


class DefinitionTest(unittest.TestCase):
    def test_matrix_sh_runs_exactly_the_cells(self):
        runs = set(re.findall(r'^run_([A-Za-z0-9._-]+)\(\)', read(f'{WB}/matrix.sh'), re.M))
        self.assertEqual(runs, set(matrix.BY_NAME))

    def test_names_are_unique(self):
        self.assertEqual(len(matrix.CELLS), len(matrix.BY_NAME))

    def test_ci_json(self):
        jobs = json.loads(matrix.ci_json())
        self.assertEqual([j['cell'] for j in jobs], [c.name for c in matrix.CELLS])
        self.assertEqual(json.loads(matrix.ci_json(['um']))[0]['cell'], 'um')
        with self.assertRaisesRegex(ValueError, "unknown matrix cell 'nope'"):
            matrix.ci_json(['nope'])


class WorkflowTest(unittest.TestCase):
    def setUp(self):
        self.wf = read(f'{REPO}/.github/workflows/matrix.yml')

    def test_the_job_matrix_is_the_definition(self):
        # The plan job prints matrix.py's job matrix, the cell job takes
        # it as its matrix, and each job runs its cell through make matrix.
        self.assertRegex(self.wf, r'cells=\$\(python3 scripts/workbench/matrix\.py ci-json ')
        self.assertRegex(self.wf, r'include: \$\{\{ fromJSON\(needs\.plan\.outputs\.cells\) \}\}')
        self.assertIn('run: make matrix MATRIX_CELLS=${{ matrix.cell }}', self.wf)
        # No cell is named in the workflow itself.
        for c in matrix.CELLS:
            self.assertNotRegex(self.wf, rf'\b{re.escape(c.name)}\b(?!-)', c.name)


class TableTest(unittest.TestCase):
    def test_rows(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, 'um.result'), 'w') as f:
                f.write('passed 508 2026-12-03 abcdef0\n')
            with open(os.path.join(d, 'bench.result'), 'w') as f:
                f.write('garbage\n')
            rows = {r.split(' | ')[0].lstrip('| '): r for r in matrix.table(d).splitlines()[2:]}
        self.assertEqual(len(rows), len(matrix.CELLS))
        self.assertTrue(rows['um'].endswith('| passed | 508 s | 2026-12-03 | abcdef0 |'))
        self.assertIn('| not run |', rows['bench'])
        self.assertIn('| not run |', rows['riscv64'])


if __name__ == '__main__':
    unittest.main()
