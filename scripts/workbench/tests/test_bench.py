#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit tests of bench.py: a benchmark run, the figures per path, and the
stack frames of the clone3 entry path.

tests/data/bench-x86_64.dis (a C kernel's entry path) and bench-arm64.dis
(a Rust one's) are made-up disassemblies whose frames are those of the
sub/stp instructions written in them; see the expected values below."""

import contextlib
import glob
import io
import os
import shutil
import stat
import sys
import tempfile
import unittest
import unittest.mock

HERE = os.path.dirname(os.path.abspath(__file__))
WB = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(WB))
DATA = os.path.join(HERE, 'data')
sys.path.insert(0, WB)
import bench  # noqa: E402

X86 = os.path.join(DATA, 'bench-x86_64.dis')
ARM = os.path.join(DATA, 'bench-arm64.dis')
NEW = '_RNvMNtCs1a2b3c_5clone5entryNtB2_15KernelCloneArgs3new'
CHECK = '_RNvNtCs1a2b3c_5clone4args10check_size'
TEST = '_RNvNtCs1a2b3c_5clone5tests9test_size'

# The call graphs from the root to kernel_clone(), and the frames: x86_64
# "sub $N,%rsp", arm64 "stp ..., [sp, #-N]!" and "sub sp, sp, #N".
X86_CALLS = {'__x64_sys_clone3': {'__do_sys_clone3'},
             '__do_sys_clone3': {'copy_clone_args_from_user', 'kernel_clone'},
             'copy_clone_args_from_user': {'_copy_from_user', 'check_zeroed_user'},
             '_copy_from_user': set(), 'check_zeroed_user': set(),
             'kernel_clone': set()}
X86_FRAMES = {'__x64_sys_clone3': 0x10, '__do_sys_clone3': 0x58,
              'copy_clone_args_from_user': 0x20, '_copy_from_user': 0,
              'check_zeroed_user': 0x8, 'kernel_clone': 0x100}
ARM_CALLS = {'__arm64_sys_clone3': {'__do_sys_clone3'},
             '__do_sys_clone3': {'rust_clone3', 'kernel_clone'},
             'rust_clone3': {NEW, CHECK}, NEW: set(), CHECK: set(),
             'kernel_clone': set()}
ARM_FRAMES = {'__arm64_sys_clone3': 32, '__do_sys_clone3': 64 + 0x50,
              'rust_clone3': 48, NEW: 0x20, CHECK: 0, 'kernel_clone': 96}


def read(path):
    with open(path) as f:
        return f.read()


def checkstack():
    """scripts/checkstack.pl of a kernel tree ($WB_UNIT_KSRC, the
    workbench's build/linux-*, its cache's pristine tree), or None."""
    cache = os.environ.get('WB_CACHE') or os.path.expanduser('~/.cache/clone3-rust')
    trees = ([os.environ['WB_UNIT_KSRC']] if os.environ.get('WB_UNIT_KSRC') else []) \
        + sorted(glob.glob(os.path.join(REPO, 'build', 'linux-*'))) \
        + sorted(glob.glob(os.path.join(cache, 'linux-*', 'pristine')))
    for t in trees:
        if os.path.isfile(os.path.join(t, 'scripts', 'checkstack.pl')):
            return t
    return None


class BenchRunTest(unittest.TestCase):
    def test_results_in_ns_per_call(self):
        # "bench-result PATH CALLS PICOSECONDS": a line with spaces
        # around it counts, a malformed one does not
        self.assertEqual(bench.bench_run(os.path.join(DATA, 'bench.log')), (
            {'floor-enosys': 100.0, 'size0-einval': 300.5, 'badflag-einval': 500.0},
            None))

    def test_a_failed_benchmark_names_its_errors(self):
        path = os.path.join(DATA, 'bench-failed.log')
        self.assertEqual(bench.bench_run(path), (
            None, f'clone3_bench failed (exit 1) in {path}: clone3_bench: unknown '
            'flag: returned 0 (no error); clone3_bench: size 0: returned 0 (no error)'))

    def test_no_run(self):
        path = os.path.join(DATA, 'kselftest-pass.log')
        self.assertEqual(bench.bench_run(path),
                         (None, f'no complete benchmark run in {path}'))

    def test_no_result(self):
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp)
        path = os.path.join(tmp, 'b.log')
        with open(path, 'w') as f:
            f.write('@@WB-BENCH-BEGIN@@\nclone3_bench: nothing\n@@WB-BENCH-END rc=0@@\n')
        self.assertEqual(bench.bench_run(path), (None, f'no bench-result line in {path}'))


class EntryFunctionsTest(unittest.TestCase):
    BASE = {'__se_sys_clone3', '__do_sys_clone3', 'check_zeroed_user',
            '_copy_from_user', 'kernel_clone'}

    def test_c(self):
        self.assertEqual(bench.entry_functions('x86_64', 'c', []),
                         ('__x64_sys_clone3', self.BASE | {'copy_clone_args_from_user'}))

    def test_rust_takes_the_clone_crates_functions_but_its_tests(self):
        funcs = bench.disassembly(read(ARM))
        self.assertEqual(bench.entry_functions('arm64', 'rust', funcs),
                         ('__arm64_sys_clone3', self.BASE | {'rust_clone3', NEW, CHECK}))

    def test_an_architecture_without_a_root(self):
        with self.assertRaises(KeyError):
            bench.entry_functions('riscv64', 'c', [])


class DisassemblyTest(unittest.TestCase):
    def test_functions_and_their_lines(self):
        blocks = bench.disassembly(read(X86))
        self.assertEqual(list(blocks), [
            '__x64_sys_clone3', '__do_sys_clone3', 'copy_clone_args_from_user',
            '_copy_from_user', 'check_zeroed_user', 'kernel_clone', 'memset',
            'copy_process', 'rust_clone3'])
        self.assertEqual(blocks['_copy_from_user'], [
            'ffffffff81000400 <_copy_from_user>:',
            'ffffffff81000400:\tmov    %rdx,%rcx',
            'ffffffff81000403:\tret'])


class CallGraphTest(unittest.TestCase):
    def test_x86_64_c(self):
        blocks = bench.disassembly(read(X86))
        root, allowed = bench.entry_functions('x86_64', 'c', blocks)
        # not memset (not on the list), not copy_process (after
        # kernel_clone), not the recursive call nor the local jump
        self.assertEqual(bench.call_graph(blocks, root, allowed), X86_CALLS)

    def test_arm64_rust(self):
        blocks = bench.disassembly(read(ARM))
        root, allowed = bench.entry_functions('arm64', 'rust', blocks)
        # bl and a tail call with b; not the crate's test, not memcpy
        self.assertEqual(bench.call_graph(blocks, root, allowed), ARM_CALLS)


class CheckstackTest(unittest.TestCase):
    def test_input_leaves_out_the_epilogues_that_free_a_frame(self):
        blocks = bench.disassembly(read(X86))
        text = bench.checkstack_input(blocks, X86_CALLS)
        self.assertTrue(text.endswith('\n'))
        lines = text.splitlines()
        # the five "add $N,%rsp" of the functions on the path are left out
        self.assertEqual(len(lines), sum(len(blocks[f]) for f in X86_CALLS) - 5)
        self.assertFalse([l for l in lines if '\tadd ' in l])
        self.assertIn('ffffffff81000600:\tsub    $0x100,%rsp', lines)
        self.assertNotIn('ffffffff81000700 <memset>:', lines)

    def test_frames_from_its_output(self):
        out = ('0xffffffff81000800 copy_process [vmlinux]:\t\t512\n'
               '0xffffffff81000600 kernel_clone [vmlinux]:\t\t256\n'
               '0xffff800080010300 ' + NEW + ' [vmlinux]:32\n'
               'not a line of checkstack.pl\n')
        self.assertEqual(bench.checkstack_frames(out, ['kernel_clone', NEW, 'other']),
                         {'kernel_clone': 256, NEW: 32, 'other': 0})


class PathDepthTest(unittest.TestCase):
    def test_deepest_chain_without_kernel_clone(self):
        # 16 + 88 + 32 + max(0, 8)
        self.assertEqual(bench.path_depth(X86_FRAMES, X86_CALLS, '__x64_sys_clone3'), 144)
        # 32 + 144 + 48 + max(32, 0)
        self.assertEqual(bench.path_depth(ARM_FRAMES, ARM_CALLS, '__arm64_sys_clone3'), 256)

    def test_a_cycle_ends(self):
        calls = {'a': {'b'}, 'b': {'a', 'c'}, 'c': set()}
        self.assertEqual(bench.path_depth({'a': 1, 'b': 10, 'c': 100}, calls, 'a'), 111)


class StackFramesTest(unittest.TestCase):
    """stack_frames() with an objdump that prints a fixture, and the
    kernel's scripts/checkstack.pl."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)
        self.objdump = os.path.join(self.tmp, 'objdump')
        with open(self.objdump, 'w') as f:
            f.write('#!/bin/sh\n# objdump -d --no-show-raw-insn VMLINUX\n'
                    'for a; do f=$a; done\nexec cat "$f"\n')
        os.chmod(self.objdump, stat.S_IRWXU)

    def test_a_root_that_is_not_there(self):
        with self.assertRaisesRegex(OSError, f'^__x64_sys_clone3 not found in {ARM}$'):
            bench.stack_frames('x86_64', 'c', ARM, self.objdump, self.tmp)

    def src(self):
        src = checkstack()
        if src is None or shutil.which('perl') is None:
            self.skipTest('no kernel tree with scripts/checkstack.pl (set '
                          'WB_UNIT_KSRC, or make fetch), or no perl')
        return src

    def test_x86_64_c(self):
        frames, calls, root = bench.stack_frames('x86_64', 'c', X86, self.objdump,
                                                 self.src())
        self.assertEqual((frames, calls, root), (X86_FRAMES, X86_CALLS,
                                                 '__x64_sys_clone3'))

    def test_arm64_rust(self):
        frames, calls, root = bench.stack_frames('arm64', 'rust', ARM, self.objdump,
                                                 self.src())
        self.assertEqual((frames, calls, root), (ARM_FRAMES, ARM_CALLS,
                                                 '__arm64_sys_clone3'))


def runs(*figures):
    """{path: ns} per boot, of the paths floor-enosys, size0-einval and
    badflag-einval."""
    paths = ('floor-enosys', 'size0-einval', 'badflag-einval')
    return [dict(zip(paths, f)) for f in figures]


class PathRowsTest(unittest.TestCase):
    C = runs((100.0, 300.0, 500.0), (100.0, 300.0, 500.0))

    def test_median_spread_ratio_and_wall(self):
        rust = runs((90.0, 250.0, 500.0), (90.0, 251.0, 500.0))
        wall = {'c': {'size0-einval': 3000.0}}
        rows, problems = bench.path_rows({'c': self.C, 'rust': rust}, wall, 2.0)
        self.assertEqual(problems, [])
        self.assertEqual([r['path'] for r in rows],
                         ['floor-enosys', 'size0-einval', 'badflag-einval'])
        size0 = rows[1]
        self.assertEqual((size0['c'], size0['rust']), (300.0, 250.5))
        self.assertEqual(size0['rust_runs'], [250.0, 251.0])
        self.assertAlmostEqual(size0['rust_spread'], 0.4)
        self.assertEqual(size0['c_spread'], 0.0)
        self.assertAlmostEqual(size0['ratio'], 250.5 / 300.0)
        self.assertEqual((size0['c_wall'], size0['rust_wall']), (3000.0, None))

    def test_a_spread_above_the_limit(self):
        rust = runs((90.0, 250.0, 500.0), (90.0, 260.0, 500.0))
        rows, problems = bench.path_rows({'c': self.C, 'rust': rust}, {}, 2.0)
        self.assertEqual(problems, ['size0-einval: the rust runs spread 4.00% > 2.0%: '
                                    '[250.0, 260.0]'])
        self.assertEqual(len(rows), 3)

    def test_a_path_missing_in_a_run(self):
        rust = runs((90.0, 250.0, 500.0), (90.0, 250.0))
        rows, problems = bench.path_rows({'c': self.C, 'rust': rust}, {}, 2.0)
        self.assertEqual(problems, ['path badflag-einval missing in a rust run'])
        self.assertEqual([r['path'] for r in rows], ['floor-enosys', 'size0-einval'])

    def test_no_run(self):
        self.assertEqual(bench.path_rows({'c': [], 'rust': []}, {}, 2.0), ([], []))


class AboveFloorTest(unittest.TestCase):
    @staticmethod
    def row(path, c, rust):
        return {'path': path, 'c': c, 'rust': rust}

    def test_above_floor(self):
        rows = [self.row('floor-enosys', 100.0, 90.0), self.row('size0-einval', 300.0, 250.0),
                self.row('same', 100.0, 95.0)]
        self.assertEqual(bench.above_floor(rows), [])
        self.assertEqual([(r['c_above'], r['rust_above'], r['ratio_above']) for r in rows],
                         [(None, None, None), (200.0, 160.0, 0.8), (0.0, 5.0, None)])

    def test_no_floor(self):
        rows = [self.row('size0-einval', 300.0, 250.0)]
        self.assertEqual(bench.above_floor(rows),
                         ['no floor-enosys row: the benchmark has no floor'])
        self.assertEqual(rows[0]['c_above'], None)
        self.assertEqual(bench.above_floor([]), [])


class MainTest(unittest.TestCase):
    def test_a_directory_without_runs_is_an_error_not_a_crash(self):
        argv = ['bench.py', '--arch', 'x86_64', '--dir', '/nonexistent/bench', '--src', '/tmp',
                '--objdump', 'objdump']
        err = io.StringIO()
        with unittest.mock.patch.object(sys, 'argv', argv), contextlib.redirect_stderr(err):
            self.assertEqual(bench.main(), 1)
        self.assertIn('error: no icount run of the c kernel in /nonexistent/bench', err.getvalue())


if __name__ == '__main__':
    unittest.main()
