#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# variants.py - the kernel variants of the workbench, one entry each:
#
#   variants.py sh VARIANT   shell assignments for VARIANT (wb_variant)
#   variants.py make         make assignments for every VARIANT
#   variants.py list         the names
#
# An unknown VARIANT exits 2 with a message naming the known ones.
"""The kernel variants of the workbench, as data."""

import sys

import wbdata
from dataclasses import dataclass


@dataclass(frozen=True)
class Variant:
    """A kernel the workbench builds from the same tree."""
    name: str
    # The fragments of scripts/workbench/configs/, after .config.fragment
    # and configs/<ARCH>.config (config.sh).
    fragments: tuple
    # The KUnit suites its boot must run (report.py: one that did not run
    # is a failure).
    kunit: tuple
    # The function that serves clone3 on it (the "served by" kprobes and
    # make world's), and the positions (1-based) of its arguments that hold
    # the user's struct clone_args and its size. Empty: not probed.
    served: str = ''
    served_args: tuple = ()
    # make world boots it (its config has the world options).
    world: bool = False


# The suites of the Rust abstractions, and the doctests of the kernel crate
# (CONFIG_RUST_KERNEL_DOCTESTS), whose examples include the abstractions'.
KUNIT_ABSTRACTIONS = ('rust_kernel_uaccess', 'rust_kernel_clone', 'rust_doctests_kernel')

VARIANTS = [
    # copy_clone_args_from_user(kargs, uargs, usize)
    Variant(name='c', fragments=('c.config',), kunit=KUNIT_ABSTRACTIONS,
            served='copy_clone_args_from_user', served_args=(2, 3), world=True),
    # rust_clone3(uargs, size)
    Variant(name='rust', fragments=('rust.config',), kunit=KUNIT_ABSTRACTIONS + ('rust_clone3',),
            served='rust_clone3', served_args=(1, 2), world=True),
    # The soaks, kmemleak and trinity on the Rust kernel with KASAN, UBSAN,
    # lockdep and fault injection.
    Variant(name='debug', fragments=('rust.config', 'debug.config'),
            kunit=KUNIT_ABSTRACTIONS + ('rust_clone3',)),
]

BY_NAME = {v.name: v for v in VARIANTS}


def get(name):
    """The entry called name, or SystemExit(2) with a message."""
    return wbdata.lookup(BY_NAME, 'VARIANT', name)


def values(v):
    """v's facts by the names lib.sh's wb_variant documents."""
    return {'FRAGMENTS': ' '.join(v.fragments), 'KUNIT': ','.join(v.kunit),
              'SERVED': v.served, 'SERVED_ARGS': ' '.join(map(str, v.served_args)),
              'WORLD_VARIANT': '1' if v.world else ''}


def make():
    lines = [f"KNOWN_VARIANTS := {' '.join(BY_NAME)}"]
    for v in VARIANTS:
        lines.append(f"KUNIT_{v.name} := {','.join(v.kunit)}")
        lines.append(f'SERVED_{v.name} := {v.served}')
    return ''.join(line + '\n' for line in lines)


def main(argv):
    return wbdata.main(argv, 'VARIANT', BY_NAME, values, make)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
