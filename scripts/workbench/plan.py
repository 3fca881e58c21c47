#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# plan.py - the guest's test plan, one entry per step, in the order the
# guest (guest/init) runs them:
#
#   plan.py params VARIANT NAME=VALUE...
#       the kernel command line that asks a boot of VARIANT for its
#       steps, from the make variables of their lengths (NAME=VALUE: the
#       Makefile passes them, and FAULTS_HERE, TRINITY_HERE, TRINITY_ONLY)
#   plan.py list
#       the steps: name, parameter, markers, program, variants, lengths
#   plan.py settings
#       the markers of the corpus settings where permissions decide
#       (PERM_SETTINGS; the differential compares each, differential.py
#       --setting)
#
# Adding a guest test is adding an entry here, its code in guest/init,
# and, if it reports figures, their parsing in report.py.
"""The guest's test plan, as data."""

import argparse
import sys
from dataclasses import dataclass, field

import variants


@dataclass(frozen=True)
class Step:
    name: str
    # wb.<param>=<value> on the kernel command line asks for it.
    param: str
    # The guest frames its output with @@WB-<marker>-BEGIN@@ and -END
    # (trinity: @@WB-TRINITY-<run>-BEGIN@@, a run each).
    markers: tuple
    # What the guest runs.
    program: str
    # The variants whose boots run it, each with the make variable of its
    # length (or a fixed value, "=VALUE").
    length: dict = field(default_factory=dict)
    # make check's length variable, where it has its own.
    check: str = ''
    # Only where the Makefile's condition of this name holds (1), else the
    # step is asked for with 0 (FAULTS_HERE: FAULT_ARCHES has ARCH), or not
    # at all (TRINITY_HERE: x86_64 with TRINITY).
    when: str = ''
    # The variants the condition applies to (empty: all).
    when_for: tuple = ()
    # The parameter is given only when its value is this one (the default
    # of the guest is to run the step).
    only_if: str = ''


STEPS = [
    Step('seed', 'seed', (), 'clone3_corpus, clone3_faults and clone3_fuzz (their --seed)',
         {'c': 'SEED', 'rust': 'SEED', 'debug': 'SEED'}),
    Step('fail-nth differential', 'faults', ('FAULTS',), 'clone3_faults',
         {'c': 'FAULT_CASES', 'rust': 'FAULT_CASES', 'debug': 'DEBUG_FAULT_CASES'},
         check='CHECK_FAULT_CASES', when='FAULTS_HERE', when_for=('c', 'rust')),
    Step('kselftests', 'kselftest', ('KSELFTEST',), 'run_kselftest.sh',
         {'c': 'KSELFTEST', 'rust': 'KSELFTEST', 'debug': '=0'}, only_if='0'),
    Step('corpus (native and 32-bit)', 'corpus', ('CORPUS', 'CORPUS32'),
         'clone3_corpus, clone3_corpus32', {'c': 'CORPUS_CASES', 'rust': 'CORPUS_CASES'},
         check='CHECK_CORPUS_CASES'),
    Step('corpus where permissions decide', 'perm',
         tuple(m + w for w in ('', '32') for m in ('PERM_USER', 'PERM_NOUSERNS', 'PERM_USERNS')),
         'clone3_corpus --as user|userns, clone3_corpus32', {'c': 'PERM_CASES', 'rust': 'PERM_CASES'},
         check='CHECK_PERM_CASES'),
    Step('served by (kprobes)', 'probe', ('PROBE',), 'clone3_corpus, clone3_corpus32',
         {'c': '=1', 'rust': '=1'}),
    Step('race', 'race', ('RACE',), 'clone3_race',
         {'c': 'RACE_SECONDS', 'rust': 'RACE_SECONDS', 'debug': 'RACE_SECONDS'}),
    Step('fuzz soak', 'fuzz', ('FUZZ',), 'clone3_fuzz', {'debug': 'FUZZ_CALLS'},
         check='CHECK_FUZZ_CALLS'),
    Step('load', 'load', ('LOAD',), 'clone3_load',
         {'c': 'LOAD_SECONDS', 'rust': 'LOAD_SECONDS', 'debug': 'LOAD_SECONDS'}),
    Step('kmemleak', 'kmemleak', ('KMEMLEAK',), '/sys/kernel/debug/kmemleak', {'debug': '=1'}),
    Step('trinity', 'trinity', ('TRINITY',), 'wb-trinity (Debian trinity)',
         {'debug': 'TRINITY_CLONE_CALLS:TRINITY_CALLS'},
         check='CHECK_TRINITY_CLONE_CALLS:CHECK_TRINITY_CALLS', when='TRINITY_HERE'),
    Step('trinity time limit', 'trinity_s', (), 'wb-trinity', {'debug': 'TRINITY_SECONDS'},
         when='TRINITY_HERE'),
    Step('trinity chunk', 'trinity_chunk', (), 'wb-trinity', {'debug': 'TRINITY_CHUNK'},
         when='TRINITY_HERE'),
]



@dataclass(frozen=True)
class Setting:
    """A setting of the corpus where permissions decide (the step perm)."""
    # The guest's marker; the 32-bit program's is MARKER32.
    marker: str
    # How the differential's summary line names it.
    label: str
    # The errors it is there to reach: each must occur on both kernels.
    errnos: tuple
    # (case, result) that both kernels must give, from the kernel's rules.
    expect: tuple


PERM_SETTINGS = [
    Setting('PERM_USER', 'uid 65534', ('EPERM', 'EACCES'), (
        ('ns-user', 'ok'),              # unprivileged_userns_clone=1
        ('ns-net', 'EPERM'),            # no CAP_SYS_ADMIN
        ('ns-net-user', 'ok'),          # which CLONE_NEWUSER grants
        ('settid-01-free', 'EPERM'),    # no CAP_CHECKPOINT_RESTORE
        ('cgroup-deleg-88', 'ok'),      # into its delegated subtree
        ('cgroup-good-88', 'EACCES'),   # into root's cgroup
        ('cgroup-foreign-88', 'EACCES'),  # into another user's subtree
    )),
    Setting('PERM_NOUSERNS', 'uid 65534, unprivileged_userns_clone=0', ('EPERM', 'EACCES'), (
        ('ns-user', 'EPERM'),           # Debian's hardening in copy_process()
        ('ns-net-user', 'EPERM'),
        ('ns-net', 'EPERM'),
    )),
    Setting('PERM_USERNS', 'userns', ('EPERM', 'EACCES'), (
        ('ns-net', 'ok'),               # CAP_SYS_ADMIN in its user namespace
        ('settid-01-free', 'ok'),       # CAP_CHECKPOINT_RESTORE there, one level
        ('settid-02-one', 'EPERM'),     # but not in the parent PID namespace's
        ('cgroup-deleg-88', 'ok'),
        ('cgroup-good-88', 'EACCES'),
    )),
]
PERM_BY_MARKER = {s.marker: s for s in PERM_SETTINGS}

# make trinity: only trinity, and without kmemleak (kmemleak=off), which
# makes the debug kernel slower and which this boot does not scan.
TRINITY_ONLY = ('kselftest', 'trinity', 'trinity_s', 'trinity_chunk')


def value(spec, values):
    """The value of a length spec: "=V" is V; NAME:NAME joins two."""
    if spec.startswith('='):
        return spec[1:]
    return ':'.join(values[name] for name in spec.split(':'))


def params(variant, values):
    """The wb.* parameters of a boot of variant, in the plan's order."""
    variants.get(variant)
    trinity_only = values.get('TRINITY_ONLY') == '1'
    out = ['kmemleak=off'] if trinity_only else []
    for s in STEPS:
        if variant not in s.length or (trinity_only and s.param not in TRINITY_ONLY):
            continue
        v = value(s.length[variant], values)
        holds = (not s.when or values.get(s.when) == '1'
                 or (s.when_for and variant not in s.when_for))
        if not holds and s.when == 'FAULTS_HERE':
            v = '0'
        elif not holds:
            continue
        if s.only_if and v != s.only_if:
            continue
        out.append(f'wb.{s.param}={v}')
    return ' '.join(out)


def variables():
    """Every make variable the plan reads."""
    names = set()
    for s in STEPS:
        for spec in list(s.length.values()) + [s.check]:
            if spec and not spec.startswith('='):
                names.update(spec.split(':'))
    return sorted(names)


def describe():
    """One line per step."""
    return ''.join(f"{s.name}: wb.{s.param}, markers {' '.join(s.markers) or '-'}, {s.program}; "
                   + ', '.join(f'{v}: {spec}' for v, spec in s.length.items())
                   + (f'; make check: {s.check}' if s.check else '') + '\n' for s in STEPS)


def main(argv):
    ap = argparse.ArgumentParser(prog='plan.py', description=__doc__)
    sub = ap.add_subparsers(dest='cmd', required=True)
    p = sub.add_parser('params', help='the wb.* parameters of a boot')
    p.add_argument('variant')
    p.add_argument('values', nargs='*', metavar='NAME=VALUE')
    sub.add_parser('variables', help='the make variables the plan reads')
    sub.add_parser('settings', help='the markers of the corpus settings where permissions decide')
    sub.add_parser('list', help='the steps')
    args = ap.parse_args(argv)
    if args.cmd == 'settings':
        print(' '.join(s.marker for s in PERM_SETTINGS))
        return 0
    if args.cmd == 'variables':
        print(' '.join(variables()))
        return 0
    if args.cmd == 'list':
        sys.stdout.write(describe())
        return 0
    values = dict(a.split('=', 1) for a in args.values)
    missing = [n for n in variables() if n not in values and not n.startswith('CHECK_')]
    if missing:
        sys.stderr.write(f"error: plan.py params: no value for {', '.join(missing)}\n")
        return 2
    print(params(args.variant, values))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
