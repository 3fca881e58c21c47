#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit tests of arches.py and variants.py: the facts reach the shell and make."""

import os
import subprocess
import sys
import tempfile
import unittest

WB = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, WB)
import arches  # noqa: E402
import variants  # noqa: E402


def run(*args, **kw):
    return subprocess.run(args, capture_output=True, text=True, check=False, **kw)


class ShellTest(unittest.TestCase):
    def test_wb_arch_sets_every_fact(self):
        for a in arches.ARCHES:
            p = run('bash', '-c', f'. {WB}/lib.sh; wb_arch {a.name}; '
                    'printf "%s|" "$KARCH" "$IMAGE" "$QEMU_MACHINE" "$NOBOOT" "$KPROBE_ARGS" "$CC32"')
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(p.stdout.split('|')[:6],
                             [a.karch, a.image, a.machine, a.noboot, ' '.join(a.kprobe_args), a.cc32])

    def test_world_arches_have_a_qemu_user_mode(self):
        # make world builds their root through QEMU user mode on another host.
        for a in arches.ARCHES:
            if a.world:
                self.assertTrue(a.qemu_user, a.name)

    def test_trinity_arches_boot(self):
        # trinity runs in the guest of their debug kernel.
        for a in arches.ARCHES:
            if a.trinity:
                self.assertTrue(a.boots, a.name)

    def binfmt(self, host, deb_arch, qemu_user, runs):
        """wb_binfmt with dpkg saying host and arch-test saying runs."""
        return run('bash', '-c', f'. {WB}/lib.sh; dpkg() {{ echo {host}; }}; '
                   f'arch-test() {{ [ {int(runs)} = 1 ]; }}; '
                   f'DEB_ARCH={deb_arch} QEMU_USER={qemu_user}; wb_binfmt name; echo done')

    def test_binfmt_is_not_needed_on_the_same_architecture(self):
        p = self.binfmt('amd64', 'amd64', '', False)
        self.assertEqual((p.returncode, p.stdout), (0, 'done\n'), p.stderr)

    def test_binfmt_already_registered(self):
        p = self.binfmt('amd64', 'arm64', 'aarch64', True)
        if not os.path.exists('/usr/lib/binfmt.d/qemu-aarch64.conf'):
            self.assertEqual(p.returncode, 1)
            self.assertIn('needs qemu-user-static and arch-test', p.stderr)
        else:
            self.assertEqual((p.returncode, p.stdout), (0, 'done\n'), p.stderr)

    def test_binfmt_without_an_emulator_says_why(self):
        p = self.binfmt('amd64', 'arm64', '', True)
        self.assertEqual(p.returncode, 1)
        self.assertIn('ARCH=name has no QEMU user-mode emulator', p.stderr)
        p = self.binfmt('amd64', 'sparc64', 'nosuch', True)
        self.assertEqual(p.returncode, 1)
        self.assertIn("running sparc64 programs on amd64 needs qemu-user-static and arch-test: "
                      "run 'make ARCH=name setup'", p.stderr)
        self.assertNotIn('done', p.stdout)

    def test_unknown_arch_and_variant_exit_2(self):
        p = run('bash', '-c', f'. {WB}/lib.sh; wb_arch sparc; echo not reached')
        self.assertEqual(p.returncode, 2)
        self.assertIn("unknown ARCH 'sparc'; supported: x86_64", p.stderr)
        self.assertNotIn('not reached', p.stdout)
        p = run('bash', '-c', f'. {WB}/lib.sh; wb_variant asm; echo not reached')
        self.assertEqual(p.returncode, 2)
        self.assertIn("unknown VARIANT 'asm'; supported: c rust debug", p.stderr)

    def test_wb_variant(self):
        for v in variants.VARIANTS:
            p = run('bash', '-c', f'. {WB}/lib.sh; wb_variant {v.name}; '
                    'printf "%s|" "$FRAGMENTS" "$KUNIT" "$SERVED" "$SERVED_ARGS"')
            self.assertEqual(p.stdout.split('|')[:4],
                             [' '.join(v.fragments), ','.join(v.kunit), v.served,
                              ' '.join(map(str, v.served_args))])


class MakeTest(unittest.TestCase):
    def eval_in_make(self, script, names):
        mk = ('define NL\n\n\nendef\n'
              f'$(eval $(subst @@NL@@,$(NL),$(shell python3 {WB}/{script} make)))\n'
              'all:\n' + ''.join(f'\t@echo "{n}=[$({n})]"\n' for n in names))
        with tempfile.NamedTemporaryFile('w', suffix='.mk') as f:
            f.write(mk)
            f.flush()
            p = run('make', '-s', '-f', f.name)
        self.assertEqual(p.returncode, 0, p.stderr)
        return dict(line.split('=', 1) for line in p.stdout.splitlines())

    def test_arch_lists_and_values(self):
        names = ['ARCHES', 'BOOT_ARCHES', 'COMPAT_ARCHES', 'WORLD_ARCHES', 'TRINITY_ARCHES']
        names += [f'IMAGE_{a.name}' for a in arches.ARCHES]
        names += [f'NOBOOT_{a.name}' for a in arches.ARCHES]
        got = self.eval_in_make('arches.py', names)
        self.assertEqual(got['ARCHES'], f"[{' '.join(a.name for a in arches.ARCHES)}]")
        self.assertEqual(got['BOOT_ARCHES'], f"[{' '.join(a.name for a in arches.ARCHES if a.qemu)}]")
        self.assertEqual(got['COMPAT_ARCHES'], f"[{' '.join(a.name for a in arches.ARCHES if a.cc32)}]")
        self.assertEqual(got['WORLD_ARCHES'], f"[{' '.join(a.name for a in arches.ARCHES if a.world)}]")
        self.assertEqual(got['TRINITY_ARCHES'], f"[{' '.join(a.name for a in arches.ARCHES if a.trinity)}]")
        for a in arches.ARCHES:
            self.assertEqual(got[f'IMAGE_{a.name}'], f'[{a.image}]')
            self.assertEqual(got[f'NOBOOT_{a.name}'], f'[{a.noboot}]')

    def test_variant_values(self):
        names = ['KNOWN_VARIANTS'] + [f'KUNIT_{v.name}' for v in variants.VARIANTS]
        names += [f'SERVED_{v.name}' for v in variants.VARIANTS]
        got = self.eval_in_make('variants.py', names)
        self.assertEqual(got['KNOWN_VARIANTS'], '[c rust debug]')
        for v in variants.VARIANTS:
            self.assertEqual(got[f'KUNIT_{v.name}'], f"[{','.join(v.kunit)}]")
            self.assertEqual(got[f'SERVED_{v.name}'], f'[{v.served}]')


class DataTest(unittest.TestCase):
    def test_fragments_exist(self):
        for a in arches.ARCHES:
            self.assertTrue(os.path.isfile(f'{WB}/configs/{a.name}.config'), a.name)
        for v in variants.VARIANTS:
            for f in v.fragments:
                self.assertTrue(os.path.isfile(f'{WB}/configs/{f}'), f)

    def test_the_rust_kernels_run_the_abstractions_suites_too(self):
        c = variants.BY_NAME['c']
        for v in variants.VARIANTS:
            self.assertTrue(set(c.kunit) <= set(v.kunit), v.name)
        self.assertIn('rust_clone3', variants.BY_NAME['rust'].kunit)


if __name__ == '__main__':
    unittest.main()
