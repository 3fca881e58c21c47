#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit tests of wblog.py: the markers of a console log."""

import os
import sys
import unittest

WB = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, WB)
import wblog  # noqa: E402


class SectionTest(unittest.TestCase):
    def test_lines_between_the_markers_and_the_end_line(self):
        lines = ['boot', '@@WB-X-BEGIN@@', 'one', 'two', '@@WB-X-END rc=0@@',
                 'after']
        self.assertEqual(wblog.section(lines, '@@WB-X-BEGIN@@', '@@WB-X-END'),
                         (['one', 'two'], '@@WB-X-END rc=0@@'))

    def test_empty_run(self):
        lines = ['@@WB-X-BEGIN@@', '@@WB-X-END@@']
        self.assertEqual(wblog.section(lines, '@@WB-X-BEGIN@@', '@@WB-X-END'),
                         ([], '@@WB-X-END@@'))

    def test_a_run_that_did_not_end_has_the_lines_after_begin(self):
        lines = ['@@WB-X-BEGIN@@', 'one', 'Kernel panic']
        self.assertEqual(wblog.section(lines, '@@WB-X-BEGIN@@', '@@WB-X-END'),
                         (['one', 'Kernel panic'], None))

    def test_no_begin_marker(self):
        lines = ['one', '@@WB-X-END rc=0@@']
        self.assertEqual(wblog.section(lines, '@@WB-X-BEGIN@@', '@@WB-X-END'),
                         ([], None))

    def test_an_end_marker_before_begin_does_not_end_the_run(self):
        lines = ['@@WB-X-END rc=5@@', '@@WB-X-BEGIN@@', 'one', '@@WB-X-END rc=0@@']
        self.assertEqual(wblog.section(lines, '@@WB-X-BEGIN@@', '@@WB-X-END'),
                         (['one'], '@@WB-X-END rc=0@@'))

    def test_the_first_run_only(self):
        lines = ['@@WB-X-BEGIN@@', 'one', '@@WB-X-END@@',
                 '@@WB-X-BEGIN@@', 'two', '@@WB-X-END@@']
        self.assertEqual(wblog.section(lines, '@@WB-X-BEGIN@@', '@@WB-X-END')[0],
                         ['one'])

    def test_markers_are_found_inside_a_line(self):
        # The console interleaves kernel messages with the guest's output.
        lines = ['[ 1.0] x@@WB-X-BEGIN@@', 'one', 'y@@WB-X-END rc=3@@z']
        self.assertEqual(wblog.section(lines, '@@WB-X-BEGIN@@', '@@WB-X-END'),
                         (['one'], 'y@@WB-X-END rc=3@@z'))

    def test_another_marker_with_the_same_prefix_is_not_the_end(self):
        lines = ['@@WB-CORPUS-BEGIN@@', '@@WB-CORPUS32-END rc=1@@', 'more',
                 '@@WB-CORPUS-END rc=0@@']
        self.assertEqual(wblog.section(lines, '@@WB-CORPUS-BEGIN@@',
                                       '@@WB-CORPUS-END'),
                         (['@@WB-CORPUS32-END rc=1@@', 'more'],
                          '@@WB-CORPUS-END rc=0@@'))

    def test_the_begin_line_is_not_in_the_run(self):
        lines = ['@@WB-TRINITY-clone-BEGIN 500@@', 'x', '@@WB-TRINITY-clone-END rc=0@@']
        self.assertEqual(wblog.section(lines, '@@WB-TRINITY-clone-BEGIN',
                                       '@@WB-TRINITY-clone-END')[0], ['x'])


class RcTest(unittest.TestCase):
    def test_status_of_the_end_line(self):
        self.assertEqual(wblog.rc('@@WB-LOAD-END rc=0@@'), 0)
        self.assertEqual(wblog.rc('@@WB-LOAD-END rc=137@@'), 137)

    def test_no_status(self):
        self.assertIsNone(wblog.rc('@@WB-DMESG-END@@'))
        self.assertIsNone(wblog.rc('@@WB-LOAD-END rc=x@@'))

    def test_no_end_line(self):
        self.assertIsNone(wblog.rc(None))


if __name__ == '__main__':
    unittest.main()
