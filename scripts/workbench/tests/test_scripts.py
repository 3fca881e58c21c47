#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Every script of the workbench that starts with #! can be run as it is."""

import os
import unittest

WB = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class ScriptTest(unittest.TestCase):
    def test_scripts_are_executable(self):
        scripts = []
        # (guest/ files go into the initramfs with their modes given there)
        for d in (WB, os.path.join(WB, 'tests')):
            for name in sorted(os.listdir(d)):
                path = os.path.join(d, name)
                if not os.path.isfile(path) or name.startswith('test_'):
                    continue
                with open(path, 'rb') as f:
                    if f.read(2) == b'#!':
                        scripts.append(path)
        self.assertIn(os.path.join(WB, 'results.py'), scripts)
        self.assertEqual([p for p in scripts if not os.access(p, os.X_OK)], [])


if __name__ == '__main__':
    unittest.main()
