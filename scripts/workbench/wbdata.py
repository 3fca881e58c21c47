# SPDX-License-Identifier: GPL-2.0
"""What the data definitions (arches.py, variants.py) share: the look-up
by name, and their output for the shell and for make."""

import shlex
import sys


def lookup(by_name, kind, name):
    """by_name[name], or SystemExit(2) with a message naming the known ones."""
    if name not in by_name:
        sys.stderr.write(f"error: unknown {kind} '{name}'; supported: {' '.join(by_name)}\n")
        raise SystemExit(2)
    return by_name[name]


def shell(values):
    """NAME=value lines that bash can eval, values quoted."""
    return ''.join(f'{k}={shlex.quote(v)}\n' for k, v in values.items())


def main(argv, kind, by_name, shell_of, make):
    """The command line of a definition: sh NAME | make | list. make's
    assignments are joined by a marker that the Makefile turns back into
    newlines ($(shell) would make them spaces)."""
    if argv[:1] == ['sh'] and len(argv) == 2:
        sys.stdout.write(shell(shell_of(lookup(by_name, kind, argv[1]))))
    elif argv == ['make']:
        sys.stdout.write(make().replace('\n', '@@NL@@'))
    elif argv == ['list']:
        print(' '.join(by_name))
    else:
        sys.stderr.write(f'usage: {sys.argv[0]} sh {kind} | make | list\n')
        return 2
    return 0
