#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit tests of makehelp.py: make help lists every user variable."""

import os
import re
import sys
import unittest

WB = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(os.path.dirname(WB))
sys.path.insert(0, WB)
import makehelp  # noqa: E402


class MakefileTest(unittest.TestCase):
    def setUp(self):
        with open(os.path.join(REPO, 'Makefile'), encoding='utf-8') as f:
            self.text = f.read()

    def test_every_user_variable_is_documented(self):
        _, variables, undocumented = makehelp.parse(self.text)
        self.assertEqual(undocumented, [])
        assigned = set(re.findall(r'^(?:export )?([A-Z_][A-Z0-9_.]*) *\?=', self.text, re.M))
        self.assertEqual({n for n, _ in variables}, assigned)

    def test_every_documented_target_has_a_rule_and_is_phony(self):
        targets, _, _ = makehelp.parse(self.text)
        phony = set(re.search(r'^\.PHONY:((?:.*\\\n)*.*)$', self.text, re.M).group(1)
                    .replace('\\\n', ' ').split())
        names = {n for n, _ in targets}
        self.assertIn('check', names)
        self.assertEqual(names - phony, set())
        # And the converse: no .PHONY without a rule.
        rules = set(re.findall(r'^([a-z][a-z0-9-]*):', self.text, re.M))
        self.assertEqual(phony - rules, set())

    def test_render_shows_values_and_choices(self):
        targets, variables, _ = makehelp.parse(self.text)
        out = makehelp.render(targets, variables, {'ARCH': 'arm64'})
        self.assertIn('  ARCH=arm64\n', out)
        self.assertRegex(out, r'one of: x86_64 arm64 riscv64 ')


class ParseTest(unittest.TestCase):
    def test_undocumented_variable(self):
        text = '#: documented\nA ?= 1\n# a plain comment\nB ?= 2\n#: t\nt: A\n'
        targets, variables, undocumented = makehelp.parse(text)
        self.assertEqual(variables, [('A', 'documented')])
        self.assertEqual(undocumented, ['B'])
        self.assertEqual(targets, [('t', 't')])

    def test_a_doc_line_belongs_to_the_next_line_only(self):
        text = '#: for A\nA ?= 1\nB ?= 2\n'
        _, variables, undocumented = makehelp.parse(text)
        self.assertEqual(variables, [('A', 'for A')])
        self.assertEqual(undocumented, ['B'])


if __name__ == '__main__':
    unittest.main()
