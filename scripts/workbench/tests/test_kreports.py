#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit tests of kreports.py: what a kernel report is, for boot.sh and report.py."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import kreports  # noqa: E402
import report  # noqa: E402


def oom(memcg, task='trinity-c1'):
    return [f'[ 2.0] {task} invoked oom-killer: gfp_mask=0xcc0, order=0',
            '[ 2.0] Call Trace:',
            '[ 2.0]  <TASK>',
            '[ 2.0]  dump_stack_lvl+0x5d/0x80',
            f'[ 2.0] oom-kill:constraint=CONSTRAINT_MEMCG,oom_memcg={memcg},task={task}',
            f'[ 2.0] Memory cgroup out of memory: Killed process 99 ({task})']


class ReportTest(unittest.TestCase):
    def test_clean(self):
        self.assertIsNone(kreports.first(['boot', '@@WB-DONE@@']))
        self.assertEqual(kreports.count(['boot']), 0)

    def test_each_pattern_is_a_report(self):
        for p in kreports.PATTERNS:
            found = kreports.first(['a', f'[ 1.0] {p} something', 'b'])
            self.assertEqual(found[0], p)

    def test_the_mand_banner_is_not(self):
        self.assertIsNone(kreports.first(
            ['[ 3.0] WARNING: The mand mount option has been deprecated and']))

    def test_base64_is_not(self):
        # A line of the corpus's base64 output, as seen in a console log.
        line = 'Z41wjd4lXnTjdBOnmzgFNXqXfHDa6eacEabRu8Qr7knd7YD3kKjHcnq8Oops9C7dTw5s9C6RSchG'
        self.assertIsNone(kreports.first(['@@WB-CORPUS-BEGIN@@', line, line[:40] + 'KASAN==']))
        self.assertEqual(kreports.count([line]), 0)
        # Shorter than a line of base64, or with a report interleaved: scanned.
        self.assertEqual(kreports.first(['[ 1.0] Oops'])[0], 'Oops')
        self.assertEqual(kreports.first([line[:30] + 'Oops'])[0], 'Oops')
        self.assertEqual(kreports.first([line + 'Oops: 0000 [#1] SMP'])[0], 'Oops')

    def test_trinity_oom_call_trace_is_not(self):
        lines = ['x'] + oom('/trinity-1') + ['y']
        self.assertIsNone(kreports.first(lines))
        self.assertEqual(kreports.trinity_ooms(lines), 1)

    def test_the_reapers_dump_of_a_trinity_oom_victim_is_not(self):
        # As seen in a make check: the victim of oom() (pid 99) was in fork.
        reap = ['[ 3.0] oom_reaper: unable to reap pid:99 (trinity-c1)',
                '[ 3.0] task:trinity-c1      state:R  running task     stack:0     pid:99',
                '[ 3.0] Call Trace:',
                '[ 3.0]  <TASK>',
                '[ 3.0]  dup_mmap+0xaeb/0xf50',
                '[ 3.0]  </TASK>',
                '[ 3.0] Showing all locks held in the system:',
                '[ 3.0] 2 locks held by trinity-c2/100:',
                '[ 3.0] =============================================',
                '[ 3.0] Call Trace:']
        lines = oom('/trinity-1') + reap[:-1]
        self.assertIsNone(kreports.first(lines))
        # After its line of '=', and for a task no trinity OOM killed: scanned.
        self.assertEqual(kreports.count(oom('/trinity-1') + reap), 1)
        other = [l for l in oom('/other', 'foo') if 'Call Trace:' not in l]
        self.assertEqual(kreports.first(other + reap[:-1])[0], 'Call Trace:')
        self.assertEqual(kreports.first([reap[0].replace('pid:99', 'pid:98')] + reap[1:-1])[0],
                         'Call Trace:')
        # A report inside it is still one.
        self.assertEqual(kreports.first(oom('/trinity-1') + reap[:4]
                                        + ['[ 3.0] BUG: KASAN: use-after-free'] + reap[4:-1])[0],
                         'BUG:')

    def test_other_oom_call_trace_is(self):
        self.assertEqual(kreports.first(oom('/other', 'foo'))[0], 'Call Trace:')

    def test_a_report_inside_a_trinity_oom_is_still_one(self):
        lines = oom('/trinity-1')
        lines.insert(3, '[ 2.0] WARNING: CPU: 0 PID: 9 at mm/x.c:1 f')
        self.assertEqual(kreports.first(lines)[0], 'WARNING:')

    def test_an_unfinished_oom_is_scanned(self):
        self.assertEqual(kreports.first(oom('/trinity-1')[:3])[0], 'Call Trace:')
        # A second OOM before the first ended: the first is scanned whole.
        lines = oom('/trinity-1')[:2] + oom('/trinity-2')
        self.assertEqual(kreports.first(lines)[0], 'Call Trace:')

    def test_excerpt_is_three_reports_with_context(self):
        lines = [f'[ {i}] BUG: bad {i}' for i in range(5)]
        pattern, excerpt = kreports.first(lines)
        self.assertEqual(pattern, 'BUG:')
        self.assertEqual(excerpt, lines)  # 3 hits, 5 lines after each: all 5

    def test_report_py_counts_the_same_reports(self):
        lines = ['a', '[ 1] BUG: KASAN: use-after-free', '[ 1] Call Trace:'] + oom('/trinity-1')
        self.assertEqual(report.kernel_reports(lines), 2)


class CommandLineTest(unittest.TestCase):
    def test_exit_status(self):
        import tempfile
        with tempfile.NamedTemporaryFile('w', suffix='.log') as f:
            f.write('[ 1] Oops: 0000 [#1]\n')
            f.flush()
            with open(os.devnull, 'w') as null:
                old, sys.stderr = sys.stderr, null
                try:
                    self.assertEqual(kreports.main([f.name]), 3)
                    self.assertEqual(kreports.main(['/nonexistent/log']), 2)
                finally:
                    sys.stderr = old


if __name__ == '__main__':
    unittest.main()
