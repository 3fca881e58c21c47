#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# accel.py ARCH - which QEMU accelerator boots ARCH here: prints "kvm" or
# "tcg", a space, and the reason in one line. ACCEL=kvm or ACCEL=tcg in the
# environment forces one (ACCEL=kvm where /dev/kvm cannot be opened exits
# 2). Otherwise KVM when the host has a standard KVM for the guest:
#
# - the host (uname -m) is the guest's architecture (arches.py: kvm_host);
# - /dev/kvm opens for reading and writing;
# - the KVM module is a standard one: kvm_intel or kvm_amd on x86_64
#   (arches.py: kvm_modules), and no kvm_pvm is loaded. kvm_pvm (a
#   paravirtualized KVM of some cloud hosts) serves /dev/kvm too, but a
#   standard guest hangs on it at "Booting from ROM".
"""The choice between KVM and TCG."""

import os
import platform
import sys

import arches

# KVM modules that serve /dev/kvm but do not run a standard guest.
NONSTANDARD = ('kvm_pvm',)


def decide(arch, host, kvm_opens, modules, forced=''):
    """(accel, reason) for an Arch on a host (uname -m) where /dev/kvm
    opens or not and these kernel modules are loaded; forced is ACCEL."""
    if forced == 'tcg':
        return 'tcg', 'ACCEL=tcg'
    if forced == 'kvm':
        if not kvm_opens:
            raise ValueError('ACCEL=kvm, but /dev/kvm cannot be opened for reading and '
                             'writing here (no KVM, or no permission): use ACCEL=tcg')
        return 'kvm', 'ACCEL=kvm'
    if forced:
        raise ValueError(f"unknown ACCEL '{forced}'; supported: kvm, tcg, or empty to choose")
    if not arch.kvm_host:
        return 'tcg', f'no KVM is known to run {arch.name} guests'
    if host != arch.kvm_host:
        return 'tcg', f'the host is {host}, KVM runs {arch.name} guests on {arch.kvm_host} only'
    if not kvm_opens:
        return 'tcg', 'no usable /dev/kvm (absent, or no permission)'
    odd = [m for m in NONSTANDARD if m in modules]
    if odd:
        return 'tcg', (f'/dev/kvm is served by {odd[0]}, not a standard KVM: '
                       'a standard guest hangs on it (ACCEL=kvm to try)')
    if arch.kvm_modules and not any(m in modules for m in arch.kvm_modules):
        return 'tcg', (f"/dev/kvm has none of the modules {', '.join(arch.kvm_modules)} "
                       'loaded (ACCEL=kvm to try)')
    return 'kvm', f'/dev/kvm is a standard KVM for {arch.name}'


def kvm_opens(path='/dev/kvm'):
    try:
        os.close(os.open(path, os.O_RDWR))
        return True
    except OSError:
        return False


def loaded_modules(sysfs='/sys/module'):
    try:
        return set(os.listdir(sysfs))
    except OSError:
        return set()


def main(argv):
    if len(argv) != 1:
        sys.stderr.write('usage: accel.py ARCH\n')
        return 2
    arch = arches.get(argv[0])
    try:
        accel, why = decide(arch, platform.machine(), kvm_opens(), loaded_modules(),
                            os.environ.get('ACCEL', ''))
    except ValueError as e:
        sys.stderr.write(f'error: {e}\n')
        return 2
    print(accel, why)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
