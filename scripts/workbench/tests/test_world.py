#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit tests of world.py: the results and the clone3 trace of a boot.

tests/data/world-rust.log: systemd, criu and crun ok, glibc FAILED; six
clone3 calls served by rust_clone3 (two of systemd into a cgroup, one of
criu with set_tid, one of crun into a cgroup, one of python3, one of a
command with spaces whose struct is too short for set_tid and cgroup)."""

import collections
import os
import re
import shutil
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
WB = os.path.dirname(HERE)
DATA = os.path.join(HERE, 'data')
sys.path.insert(0, WB)
import world  # noqa: E402

LOG = os.path.join(DATA, 'world-rust.log')


class GuestTest(unittest.TestCase):
    def test_the_guest_runs_the_programs_world_py_requires(self):
        with open(os.path.join(WB, 'guest', 'world'), encoding='utf-8') as f:
            text = f.read()
        loop = re.search(r'^\tfor t in ([a-z ]+); do$', text, re.M)
        self.assertIsNotNone(loop)
        self.assertEqual(tuple(loop.group(1).split()), world.PROGRAMS)
        for prog in world.PROGRAMS:
            self.assertIn(f't_{prog}() {{', text)


class FlagNamesTest(unittest.TestCase):
    def test_names(self):
        self.assertEqual(world.flag_names(0x200004100), 'VM|VFORK|INTO_CGROUP')
        self.assertEqual(world.flag_names(0x100004100), 'VM|VFORK|CLEAR_SIGHAND')
        self.assertEqual(world.flag_names(0x20000000 | 0x40000000), 'NEWPID|NEWNET')

    def test_the_exit_signal_as_a_number(self):
        self.assertEqual(world.flag_names(0x11), '0x11')
        self.assertEqual(world.flag_names(0x200000011), 'INTO_CGROUP|0x11')

    def test_no_flag(self):
        self.assertEqual(world.flag_names(0), '0')


class ParseTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)
        with open(LOG) as f:
            self.lines = f.read().splitlines()

    def edited(self, old, new):
        """world-rust.log with the line containing OLD replaced by NEW
        (None: deleted)."""
        lines = [l if old not in l else new for l in self.lines]
        self.assertNotEqual(lines, self.lines)
        path = os.path.join(self.tmp, 'world.log')
        with open(path, 'w') as f:
            f.write('\n'.join(l for l in lines if l is not None) + '\n')
        return path

    def test_results(self):
        results, _, problems = world.parse('rust', LOG)
        self.assertEqual(results, {
            'systemd': ('ok', '(12 units started)'),
            'criu': ('ok', '(dump and restore, PIDs kept)'),
            'crun': ('ok', ''),
            'glibc': ('FAILED', '(posix_spawn returned EINVAL)'),
            'seccomp': ('ok', '(filters)')})
        self.assertEqual(problems, [])

    def test_events(self):
        _, events, _ = world.parse('rust', LOG)
        self.assertEqual([(e['comm'], e['fn'], e['flags'], e['set_tid'],
                           e['into_cgroup']) for e in events], [
            ('systemd', 'rust_clone3', 0x200004100, False, True),
            ('systemd', 'rust_clone3', 0x200004100, False, True),
            ('criu', 'rust_clone3', 0x0, True, False),
            ('crun', 'rust_clone3', 0x200000000, False, True),
            ('python3', 'rust_clone3', 0x100004100, False, False),
            # size 64: the struct has neither set_tid nor cgroup
            ('thread pool  01', 'rust_clone3', 0x200000011, False, False)])

    def test_calls_served_by_the_other_function(self):
        _, _, problems = world.parse('c', LOG)
        self.assertEqual(problems, ['clone3 calls served by rust_clone3, not '
                                    'copy_clone_args_from_user'])
        self.assertEqual(world.parse('debug', LOG)[2], [])

    def test_a_program_that_did_not_report(self):
        results, _, _ = world.parse('rust', self.edited('@@WB-WORLD glibc', None))
        self.assertEqual(results['glibc'], ('FAILED', '(no result: the boot or the '
                                            'test stopped before it)'))

    def test_a_log_that_cannot_be_read(self):
        # Every program fails (main() reads each one), no crash.
        results, events, problems = world.parse('rust', '/nonexistent/world-console.log')
        self.assertEqual(set(results), set(world.PROGRAMS))
        self.assertEqual(set(results.values()), {('FAILED', '(no console log)')})
        self.assertEqual((events, problems), ([], ['cannot read /nonexistent/world-console.log: '
                                                   'No such file or directory']))

    def test_a_trace_that_lost_events(self):
        _, _, problems = world.parse('rust', self.edited(
            'overrun=0', '@@WB-WORLD-TRACE-END overrun=12@@'))
        self.assertEqual(problems, ['the trace lost events '
                                    '(@@WB-WORLD-TRACE-END overrun=12@@)'])
        _, _, problems = world.parse('rust', self.edited(
            'overrun=0', '@@WB-WORLD-TRACE-END@@'))
        self.assertEqual(problems, ['the trace lost events (@@WB-WORLD-TRACE-END@@)'])

    def test_no_trace(self):
        _, events, problems = world.parse('rust', self.edited('TRACE-END', None))
        self.assertEqual((events, problems), ([], ['no clone3 trace in the log']))


class EvidenceTest(unittest.TestCase):
    def test_evidence(self):
        _, events, _ = world.parse('rust', LOG)
        self.assertEqual(world.evidence(events), {'systemd CLONE_INTO_CGROUP': 2,
                                                  'criu set_tid': 1, 'crun': 1})

    def test_no_evidence(self):
        events = [{'comm': 'systemd', 'into_cgroup': False, 'set_tid': True},
                  {'comm': 'criu', 'into_cgroup': True, 'set_tid': False}]
        self.assertEqual(world.evidence(events), {'systemd CLONE_INTO_CGROUP': 0,
                                                  'criu set_tid': 0, 'crun': 0})


class PerCommandTest(unittest.TestCase):
    def test_calls_per_command_and_flags(self):
        _, events, _ = world.parse('rust', LOG)
        self.assertEqual(world.per_command(events), collections.Counter({
            ('systemd', 'VM|VFORK|INTO_CGROUP'): 2,
            ('criu', '0 set_tid'): 1,
            ('crun', 'INTO_CGROUP'): 1,
            ('python3', 'VM|VFORK|CLEAR_SIGHAND'): 1,
            ('thread pool  01', 'INTO_CGROUP|0x11'): 1}))


if __name__ == '__main__':
    unittest.main()
