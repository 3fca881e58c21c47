#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# matrix.py - the cells of make matrix, one entry each: the one definition
# that matrix.sh (one machine, the cells one after the other) and the CI
# workflow (.github/workflows/matrix.yml, one job per cell) both read.
#
#   matrix.py names            the cells, one a line
#   matrix.py sh               bash assignments what[CELL]=... checks[CELL]=...
#   matrix.py ci-json [CELL...] the workflow's job matrix: [{"cell": ...}, ...]
#   matrix.py table DIR        the table of the results DIR/<cell>.result
#                              (written by matrix.sh: result, seconds, date,
#                              commit), also into DIR/table.md
#
# The commands of a cell are matrix.sh's run_<cell>; the unit tests check
# that both name the same cells.
"""The matrix cells, as data."""

import json
import os
import shlex
import sys
from dataclasses import dataclass

KVER73 = '7.3.4-1~bpo13+1'


@dataclass(frozen=True)
class Cell:
    name: str
    what: str     # the configuration
    checks: str   # what the cell proves
    minutes: int  # a time limit for a CI job of it (2 cores, cold caches)


BOOTED = 'c and rust built, booted: kselftests, KUnit, differential, served by'
CELLS = [
    Cell('toolchain-min', "x86_64, Debian trixie's rustc 1.85.1, bindgen 0.71.1 (the minimums), LLVM 19",
         f'{BOOTED}; rust checks (rustfmt, CLIPPY=1, rustdoc)', 240),
    Cell('toolchain-newest', "x86_64, Debian forky's newest rustc and bindgen, its LLVM",
         'rust built; rust checks (rustfmt, CLIPPY=1, rustdoc)', 180),
    Cell('linux-7.3', f'x86_64, Linux {KVER73} (patches/7.3 on top)',
         f'{BOOTED}; rust checks; the series with git am and checkpatch', 240),
    Cell('kunit-n', 'x86_64 rust, KUNIT=n', 'built', 180),
    Cell('legacy-n', 'x86_64 rust, RUST_CLONE_LEGACY=n', 'built', 180),
    Cell('compat-n', 'x86_64 rust, IA32_EMULATION=n (COMPAT=n)', 'built', 180),
    Cell('cgroups-n', 'x86_64, CGROUPS=n',
         'c and rust built, booted: KUnit, differential, fail-nth, served by '
         '(no kselftests; no load test: no pids controller)', 240),
    Cell('pidns-n', 'x86_64, PID_NS=n',
         'c and rust built, booted: KUnit, differential, served by '
         '(no kselftests; no fail-nth: no ns_last_pid)', 240),
    Cell('ckpt-n', 'x86_64, CHECKPOINT_RESTORE=n',
         'c and rust built, booted: KUnit, differential, served by '
         '(no kselftests; no fail-nth: no ns_last_pid)', 240),
    Cell('defconfig', 'x86_64_defconfig + RUST + RUST_CLONE3', 'built', 180),
] + [
    Cell(f'randconfig-{s}', f'x86_64 randconfig, KCONFIG_SEED={s}, RUST=y RUST_CLONE3=y forced',
         'built', 180) for s in (1, 2, 3)
] + [
    Cell('riscv64', "riscv64, QEMU's virt machine with Debian's OpenSBI",
         'c and rust built, booted: kselftests, KUnit, 100,000-case differential '
         '(no compat: Debian has no rv32 C library), served by', 240),
    Cell('arm', "32-bit arm (ARMv7), QEMU's virt machine, 100,000-case corpus",
         'c and rust built, booted: kselftests, KUnit, differential with the cases a 32-bit '
         'kernel narrows, served by', 300),
    Cell('loongarch64', 'loongarch64 rust (not booted: arches.py)', 'built', 180),
    Cell('um', 'um (x86_64 user-mode Linux) rust (not booted: arches.py)', 'built', 180),
    Cell('ksrc', "x86_64, make KSRC= on a git tree of Linux 7.2 (Debian's sources in git, "
         "as a user's checkout)",
         'the series applied with git am on a scratch branch of a worktree; '
         f'{BOOTED}', 240),
    Cell('vng', "x86_64 rust with virtme-ng's options (CONFIG_VARIANT=vng), virtme-ng 1.42",
         "built; under vng, on the host's root file system, the clone3 kselftest passes", 180),
    Cell('arm64', 'arm64 (make check-arm64), one vCPU, 100,000-case corpora',
         'c and rust built, booted: kselftests, KUnit, native, compat and fail-nth '
         'differentials, served by; which clone3 is linked', 240),
    Cell('world-arm64', 'arm64 make world: Debian trixie (systemd, CRIU, crun) built through '
         'QEMU user mode and booted on the c and rust kernels',
         'the same results on both, with the clone3 flag counts', 240),
    Cell('trinity', "x86_64 debug kernel (make trinity): Debian's trinity as nobody",
         '300 clone-family + 1,000,000 mixed syscalls, no kernel report', 300),
    Cell('trinity-arm64', "arm64 debug kernel (make trinity ARCH=arm64): Debian's trinity as "
         'nobody; its arm64 table has clone, not clone3, fork or vfork',
         '300 clone + 1,000,000 mixed syscalls, no kernel report', 300),
    Cell('bench', 'x86_64 c and rust (make bench), QEMU -icount',
         'instructions per call of the C and the Rust clone3 paths', 180),
    Cell('bench-nofault', 'x86_64 c and rust without fault injection, as distributions build them '
         '(make bench CONFIG_VARIANT=nofault), QEMU -icount',
         'instructions per call of the C and the Rust clone3 paths', 240),
]

BY_NAME = {c.name: c for c in CELLS}


def sh():
    """bash assignments of the associative arrays what and checks."""
    return ''.join(f'what[{c.name}]={shlex.quote(c.what)}\n'
                   f'checks[{c.name}]={shlex.quote(c.checks)}\n' for c in CELLS)


def ci_json(names=()):
    """The job matrix of the cells called names (all when empty)."""
    unknown = [n for n in names if n not in BY_NAME]
    if unknown:
        raise ValueError(f"unknown matrix cell '{unknown[0]}'; known: {' '.join(BY_NAME)}")
    return json.dumps([{'cell': c.name, 'minutes': c.minutes}
                       for c in CELLS if not names or c.name in names])


def read_result(path):
    """(result, seconds, date, commit) of a .result file, or None."""
    try:
        with open(path, encoding='utf-8') as f:
            words = f.read().split()
    except OSError:
        return None
    if len(words) != 4:
        return None
    return tuple(words)


def table(directory):
    rows = ['| cell | configuration | checks | result | time | date | commit |',
            '| --- | --- | --- | --- | --- | --- | --- |']
    for c in CELLS:
        r = read_result(os.path.join(directory, f'{c.name}.result'))
        if r:
            rows.append(f'| {c.name} | {c.what} | {c.checks} | {r[0]} | {r[1]} s | {r[2]} | {r[3]} |')
        else:
            rows.append(f'| {c.name} | {c.what} | {c.checks} | not run | | | |')
    return '\n'.join(rows) + '\n'


def main(argv):
    if argv == ['names']:
        print('\n'.join(BY_NAME))
    elif argv == ['sh']:
        sys.stdout.write(sh())
    elif argv[:1] == ['ci-json']:
        try:
            print(ci_json(argv[1:]))
        except ValueError as e:
            sys.stderr.write(f'error: {e}\n')
            return 2
    elif argv[:1] == ['table'] and len(argv) == 2:
        text = table(argv[1])
        with open(os.path.join(argv[1], 'table.md'), 'w', encoding='utf-8') as f:
            f.write(text)
        sys.stdout.write(text)
    else:
        sys.stderr.write('usage: matrix.py names | sh | ci-json | table DIR\n')
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
