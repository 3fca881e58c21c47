# SPDX-License-Identifier: GPL-2.0
"""Stand-in for tools/testing/kunit/kunit_parser.py: parse_run_tests() of a
KTAP run of suites of cases (one level of nesting), with the kernel's
names (Test, TestStatus), for report.py's tests on a machine without a
kernel tree. Not a KTAP parser: no plans, no diagnostics, no errors."""

import enum
import re

RESULT = re.compile(r'^(\s*)(not ok|ok) \d+ (\S+)(?:\s*#\s*(SKIP)\b.*)?$')
PREFIX = re.compile(r'^\[[ \d.]+\] ')


class TestStatus(enum.Enum):
    SUCCESS = enum.auto()
    FAILURE = enum.auto()
    SKIPPED = enum.auto()
    TEST_CRASHED = enum.auto()
    NO_TESTS = enum.auto()
    FAILURE_TO_PARSE_TESTS = enum.auto()


class Test:
    def __init__(self, name=''):
        self.name = name
        self.status = TestStatus.TEST_CRASHED
        self.subtests = []


def parse_run_tests(kernel_output, printer):  # pylint: disable=unused-argument
    """The top Test: a subtest per suite ("ok N SUITE" at the top level),
    the cases ("ok N CASE", indented) as its subtests."""
    top, cases = Test('main'), []
    for line in kernel_output:
        line = PREFIX.sub('', line.rstrip('\n'))
        m = RESULT.match(line)
        if not m:
            continue
        test = Test(m.group(3))
        test.status = (TestStatus.SKIPPED if m.group(4) else
                       TestStatus.SUCCESS if m.group(2) == 'ok' else
                       TestStatus.FAILURE)
        if m.group(1):
            cases.append(test)
        else:
            test.subtests, cases = cases, []
            top.subtests.append(test)
    top.status = TestStatus.SUCCESS
    return top
