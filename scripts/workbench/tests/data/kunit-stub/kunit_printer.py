# SPDX-License-Identifier: GPL-2.0
"""Stand-in for tools/testing/kunit/kunit_printer.py: what report.py uses."""


class Printer:
    def __init__(self, print=True):  # pylint: disable=redefined-builtin
        self._print = print


null_printer = Printer(print=False)
