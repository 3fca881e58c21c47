#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# makehelp.py MAKEFILE - make help: the targets and the user variables of
# MAKEFILE, each with the "#: " line above its rule or its "?=" line, and
# the variables' current values from the environment (the help recipe
# passes them). makehelp.py --names MAKEFILE prints the variables' names.
# A "?=" variable without a "#: " line is an error (tests/test_makehelp.py),
# so the help lists every user variable.
"""make help, generated from the Makefile's own definitions."""

import os
import re
import sys

import arches
import matrix
import variants

VAR = re.compile(r'^(?:export )?([A-Z_][A-Z0-9_.]*) *\?=')
TARGET = re.compile(r'^([a-z][a-z0-9-]*):(?!=)')


def parse(text):
    """([(target, doc)], [(variable, doc)], [undocumented variables]), in
    the order of the Makefile, each name once."""
    targets, variables, undocumented = [], [], []
    seen = set()
    doc = None
    for line in text.splitlines():
        if line.startswith('#: '):
            doc = line[3:].strip()
            continue
        m = VAR.match(line)
        t = TARGET.match(line)
        if m and m.group(1) not in seen:
            seen.add(m.group(1))
            if doc:
                variables.append((m.group(1), doc))
            else:
                undocumented.append(m.group(1))
        elif t and doc and t.group(1) not in seen:
            seen.add(t.group(1))
            targets.append((t.group(1), doc))
        if not line.startswith('#'):
            doc = None
    return targets, variables, undocumented


# What the data definitions add to a variable's line.
CHOICES = {
    'ARCH': lambda: ' '.join(a.name + ('' if a.boots else ' (built only)') for a in arches.ARCHES),
    'VARIANT': lambda: ' '.join(variants.BY_NAME),
    'MATRIX_CELLS': lambda: ' '.join(matrix.BY_NAME),
}


def render(targets, variables, environ):
    width = max(len(n) for n, _ in targets) + 2
    lines = ['Targets:']
    lines += [f'  {n.ljust(width)}{d}' for n, d in targets]
    lines.append('Variables (current value), on the command line or in the environment:')
    for name, doc in variables:
        lines.append(f'  {name}={environ.get(name, "")}')
        lines.append(f'      {doc}')
        if name in CHOICES:
            lines.append(f'      one of: {CHOICES[name]()}')
    lines.append('Logs and results: $(BUILD)/$(ARCH)/$(VARIANT)/ and $(BUILD)/check/; '
                 'the documents: README.md and docs/')
    return '\n'.join(lines) + '\n'


def main(argv):
    names = argv[:1] == ['--names']
    if names:
        argv = argv[1:]
    if len(argv) != 1:
        sys.stderr.write('usage: makehelp.py [--names] MAKEFILE\n')
        return 2
    with open(argv[0], encoding='utf-8') as f:
        targets, variables, undocumented = parse(f.read())
    if undocumented:
        sys.stderr.write(f'error: {argv[0]}: no "#: " line above {", ".join(undocumented)}\n')
        return 1
    if names:
        print(' '.join(n for n, _ in variables))
    else:
        sys.stdout.write(render(targets, variables, os.environ))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
