#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit tests of accel.py: KVM where the host has a standard one, TCG otherwise."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import accel  # noqa: E402
import arches  # noqa: E402

X86, ARM64, LOONG = arches.BY_NAME['x86_64'], arches.BY_NAME['arm64'], arches.BY_NAME['loongarch64']


class DecideTest(unittest.TestCase):
    def test_standard_kvm_on_x86_64(self):
        for module in ('kvm_intel', 'kvm_amd'):
            got, why = accel.decide(X86, 'x86_64', True, {'kvm', module})
            self.assertEqual(got, 'kvm', why)

    def test_kvm_pvm_is_not_standard(self):
        # This workplace's hosts: /dev/kvm opens, served by kvm_pvm.
        got, why = accel.decide(X86, 'x86_64', True, {'kvm', 'kvm_pvm'})
        self.assertEqual(got, 'tcg')
        self.assertIn('kvm_pvm', why)
        # Even beside a standard module.
        got, _ = accel.decide(X86, 'x86_64', True, {'kvm', 'kvm_intel', 'kvm_pvm'})
        self.assertEqual(got, 'tcg')

    def test_x86_64_needs_a_vendor_module(self):
        got, why = accel.decide(X86, 'x86_64', True, {'kvm'})
        self.assertEqual(got, 'tcg')
        self.assertIn('kvm_intel', why)

    def test_no_device(self):
        got, why = accel.decide(X86, 'x86_64', False, {'kvm', 'kvm_intel'})
        self.assertEqual(got, 'tcg')
        self.assertIn('/dev/kvm', why)

    def test_other_host_architecture(self):
        got, why = accel.decide(ARM64, 'x86_64', True, {'kvm', 'kvm_intel'})
        self.assertEqual(got, 'tcg')
        self.assertIn('aarch64', why)
        # arm64's KVM is built into the kvm module.
        got, _ = accel.decide(ARM64, 'aarch64', True, {'kvm'})
        self.assertEqual(got, 'kvm')

    def test_arch_without_kvm(self):
        self.assertEqual(accel.decide(LOONG, 'x86_64', True, {'kvm', 'kvm_intel'})[0], 'tcg')

    def test_forced(self):
        self.assertEqual(accel.decide(X86, 'x86_64', True, {'kvm', 'kvm_intel'}, 'tcg')[0], 'tcg')
        # Forced KVM is tried even where it is not standard ...
        self.assertEqual(accel.decide(X86, 'x86_64', True, {'kvm', 'kvm_pvm'}, 'kvm')[0], 'kvm')
        # ... but not without a device.
        with self.assertRaisesRegex(ValueError, 'ACCEL=kvm.*/dev/kvm'):
            accel.decide(X86, 'x86_64', False, set(), 'kvm')
        with self.assertRaisesRegex(ValueError, "unknown ACCEL 'xen'"):
            accel.decide(X86, 'x86_64', True, set(), 'xen')


class ArchMachineTest(unittest.TestCase):
    def test_every_booted_arch_has_both_machines(self):
        for a in arches.ARCHES:
            if a.boots:
                self.assertTrue(a.machine and a.console, a.name)
                if a.kvm_host:
                    self.assertIn('-accel kvm', a.kvm_machine, a.name)
                self.assertNotIn('kvm', a.machine, a.name)
            else:
                self.assertTrue(a.noboot, a.name)


if __name__ == '__main__':
    unittest.main()
