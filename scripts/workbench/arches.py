#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# arches.py - the architectures of the workbench, one entry each, and
# their facts for the shell scripts and the Makefile:
#
#   arches.py sh ARCH     shell assignments for ARCH (lib.sh's wb_arch)
#   arches.py make        make assignments for every ARCH (the Makefile)
#   arches.py list        the names
# (wbdata.py: what arches.py and variants.py share)
#
# An unknown ARCH exits 2 with a message naming the known ones. Adding an
# architecture is adding an entry to ARCHES below (and its config fragment,
# scripts/workbench/configs/<name>.config).
"""The architectures of the workbench, as data."""

import sys

import wbdata
from dataclasses import dataclass


@dataclass(frozen=True)
class Arch:
    """What the workbench needs to know to build, boot and test an ARCH."""
    name: str                 # the workbench's ARCH
    karch: str                # the kernel's ARCH
    image: str                # the image that boots, in the build directory
    deb_arch: str             # Debian's name of it
    # Booting: the QEMU binary and its machine under TCG; None: not booted
    # here, for the reason noboot gives.
    qemu: str = None
    machine: str = ''
    console: str = ''
    noboot: str = ''
    # KVM: the host (uname -m) whose KVM runs this guest, the modules of a
    # standard KVM there (any one of them; empty: built into kvm), and the
    # machine under KVM.
    kvm_host: str = ''
    kvm_modules: tuple = ()
    kvm_machine: str = ''
    # The guest's programs: their C compiler and the kernel's CROSS_COMPILE
    # (empty: the host's); a cross ARCH's busybox and libcap come from
    # Debian's packages of userland_suite (fetch-userland.sh), linked with
    # userland_ldflags.
    cross_compile: str = ''
    cross_cc: str = ''
    userland_suite: str = ''
    userland_ldflags: str = ''
    # The 32-bit corpus (compat differential): its compiler, and whether it
    # builds against the patched tree's uapi headers (1) or its own (0).
    cc32: str = ''
    cc32_khdr: bool = False
    objdump: str = 'objdump'
    # The registers of the first three arguments of a kprobe (make world).
    kprobe_args: tuple = ()
    # make world boots a Debian system on its c and rust kernels; its
    # root file system is built by running the guest's programs, through
    # QEMU's user-mode emulator of this name (binfmt_misc) on another host.
    world: bool = False
    qemu_user: str = ''
    # Its debug kernel runs Debian's trinity of deb_arch (make trinity; make
    # check's debug kernel is x86_64's).
    trinity: bool = False
    # make bench: the CPU model of its icount boots (empty: machine's).
    bench_cpu: str = ''
    # The Debian packages setup.sh installs for it.
    packages: tuple = ()

    @property
    def boots(self):
        return bool(self.qemu)

    @property
    def compat(self):
        return bool(self.cc32)


ARCHES = [
    Arch(name='x86_64', karch='x86_64', image='arch/x86/boot/bzImage', deb_arch='amd64',
         qemu='qemu-system-x86_64', machine='-M pc -cpu max', console='ttyS0',
         kvm_host='x86_64', kvm_modules=('kvm_intel', 'kvm_amd'),
         kvm_machine='-M pc -accel kvm -cpu host',
         cross_cc='gcc',
         # gcc-multilib conflicts with the cross compilers: i386 by clang.
         cc32='clang-19 -m32', cc32_khdr=True,
         kprobe_args=('%di', '%si', '%dx'), world=True, qemu_user='x86_64', trinity=True,
         packages=('qemu-system-x86', 'libc6-dev-i386', 'lib32gcc-12-dev')),
    Arch(name='arm64', karch='arm64', image='arch/arm64/boot/Image', deb_arch='arm64',
         qemu='qemu-system-aarch64', machine='-M virt -cpu max', console='ttyAMA0',
         kvm_host='aarch64', kvm_machine='-M virt,gic-version=host -accel kvm -cpu host',
         cross_compile='aarch64-linux-gnu-', cross_cc='aarch64-linux-gnu-gcc',
         userland_suite='bookworm',
         cc32='arm-linux-gnueabihf-gcc', objdump='aarch64-linux-gnu-objdump',
         kprobe_args=('%x0', '%x1', '%x2'), world=True, qemu_user='aarch64', trinity=True,
         # A fixed CPU model, whose features (and so the instructions the
         # kernel runs) do not change with the QEMU version, as max's do.
         bench_cpu='-cpu cortex-a57',
         packages=('qemu-system-arm', 'gcc-aarch64-linux-gnu', 'libc6-dev-arm64-cross',
                   'gcc-arm-linux-gnueabihf', 'libc6-dev-armhf-cross')),
    Arch(name='riscv64', karch='riscv', image='arch/riscv/boot/Image', deb_arch='riscv64',
         qemu='qemu-system-riscv64', console='ttyS0',
         # OpenSBI from Debian's opensbi package as the machine's firmware.
         machine='-M virt -cpu rv64 -bios /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin',
         kvm_host='riscv64',
         kvm_machine='-M virt -accel kvm -cpu host '
                     '-bios /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin',
         cross_compile='riscv64-linux-gnu-', cross_cc='riscv64-linux-gnu-gcc',
         # riscv64's first release as an official Debian architecture.
         # trixie's libcap.a calls the C23 strtoul of glibc 2.38, which
         # bookworm's cross C library (2.36) lacks; the two differ only in
         # taking a "0b" prefix, which no capability text of the selftests
         # has.
         userland_suite='trixie', userland_ldflags='-Wl,--defsym=__isoc23_strtoul=strtoul',
         objdump='riscv64-linux-gnu-objdump', kprobe_args=('%a0', '%a1', '%a2'),
         packages=('qemu-system-misc', 'opensbi', 'gcc-riscv64-linux-gnu',
                   'libc6-dev-riscv64-cross')),
    # 32-bit ARM: ARMv7, little endian, the one 32-bit architecture that
    # builds Rust; Debian's armhf programs. No compat corpus: the native
    # one is 32-bit (it also runs the cases that only a 32-bit kernel
    # narrows, the upper halves of pointers and lengths).
    Arch(name='arm', karch='arm', image='arch/arm/boot/zImage', deb_arch='armhf',
         qemu='qemu-system-arm', machine='-M virt -cpu cortex-a15', console='ttyAMA0',
         cross_compile='arm-linux-gnueabihf-', cross_cc='arm-linux-gnueabihf-gcc',
         userland_suite='bookworm', objdump='arm-linux-gnueabihf-objdump',
         kprobe_args=('%r0', '%r1', '%r2'),
         packages=('qemu-system-arm', 'gcc-arm-linux-gnueabihf', 'libc6-dev-armhf-cross')),
    Arch(name='loongarch64', karch='loongarch', image='vmlinux', deb_arch='loong64',
         noboot='Debian bookworm has no loongarch64 C compiler or C library for the '
                "guest's programs, nor firmware for QEMU's virt machine"),
    Arch(name='um', karch='um', image='vmlinux', deb_arch='amd64',
         noboot='user-mode Linux is a program of the host, not a machine that QEMU boots'),
]

BY_NAME = {a.name: a for a in ARCHES}


def get(name):
    """The entry called name, or SystemExit(2) with a message."""
    return wbdata.lookup(BY_NAME, 'ARCH', name)


def values(arch):
    """arch's facts by the names lib.sh's wb_arch documents."""
    return {
        'KARCH': arch.karch, 'IMAGE': arch.image, 'DEB_ARCH': arch.deb_arch,
        'QEMU': arch.qemu or '', 'QEMU_MACHINE': arch.machine, 'CONSOLE': arch.console,
        'NOBOOT': arch.noboot, 'KVM_HOST': arch.kvm_host,
        'KVM_MODULES': ' '.join(arch.kvm_modules), 'QEMU_KVM_MACHINE': arch.kvm_machine,
        'CROSS_COMPILE': arch.cross_compile, 'CROSS_CC': arch.cross_cc,
        'USERLAND_SUITE': arch.userland_suite, 'USERLAND_LDFLAGS': arch.userland_ldflags,
        'CC32': arch.cc32, 'CC32_KHDR': '1' if arch.cc32_khdr else '',
        'OBJDUMP': arch.objdump, 'KPROBE_ARGS': ' '.join(arch.kprobe_args),
        'WORLD': '1' if arch.world else '', 'QEMU_USER': arch.qemu_user,
        'TRINITY_DEB': '1' if arch.trinity else '',
        'BENCH_CPU': arch.bench_cpu,
        'ARCH_PACKAGES': ' '.join(arch.packages),
    }


def make():
    """Make assignments: the lists of ARCHes, and per ARCH its image,
    objdump and why it is not booted."""
    def names(pred):
        return ' '.join(a.name for a in ARCHES if pred(a))
    lines = [f'ARCHES := {names(lambda a: True)}',
             f'BOOT_ARCHES := {names(lambda a: a.boots)}',
             f'COMPAT_ARCHES := {names(lambda a: a.compat)}',
             f'WORLD_ARCHES := {names(lambda a: a.world)}',
             f'TRINITY_ARCHES := {names(lambda a: a.trinity)}']
    for a in ARCHES:
        lines.append(f'IMAGE_{a.name} := {a.image}')
        lines.append(f'OBJDUMP_{a.name} := {a.objdump}')
        if a.noboot:
            lines.append(f'NOBOOT_{a.name} := {a.noboot}')
    return ''.join(line.replace('$', '$$') + '\n' for line in lines)


def main(argv):
    return wbdata.main(argv, 'ARCH', BY_NAME, values, make)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
