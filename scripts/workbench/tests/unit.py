#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""unit.py OUTJSON - the workbench's unit tests (tests/test_*.py).

Runs unittest's discovery of the test_*.py files beside this one, prints a
line per test (PASS, FAIL, ERROR, or SKIP with its reason), the traceback
of each failure, and last the line "N passed, N failed, N skipped" (an
error counts as a failure). Writes OUTJSON for the check summary
(report.py --combine): {"label": "workbench unit tests", "pass": P,
"fail": F, "skip": S, "failed": [names]}. Exits 1 if a test failed or
none ran, 2 on a usage error. Python 3.11, no packages beyond its own.
"""

import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
LABEL = 'workbench unit tests'


class Result(unittest.TestResult):
    """Prints a line per test as it ends; a test with a failed subtest
    fails once."""

    def __init__(self, stream=None, descriptions=None, verbosity=None):
        super().__init__(stream, descriptions, verbosity)
        self.outcome = {}   # test id -> 'pass', 'fail' or 'skip'
        self.problems = []  # (test id, kind, traceback)

    def _fail(self, test, kind, err):
        name = test.id()
        self.problems.append((name, kind, self._exc_info_to_string(err, test)))
        self.outcome[name] = 'fail'
        if not isinstance(test, unittest.TestCase):
            # A class or module fixture (setUpClass, setUpModule) that
            # failed: no test of it runs, and stopTest() does not come.
            print(f'FAIL  {name} ({kind})', flush=True)

    def addSuccess(self, test):
        super().addSuccess(test)
        self.outcome.setdefault(test.id(), 'pass')

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._fail(test, 'FAIL', err)

    def addError(self, test, err):
        super().addError(test, err)
        self._fail(test, 'ERROR', err)

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            kind = 'FAIL' if issubclass(err[0], test.failureException) else 'ERROR'
            self._fail(test, f'{kind} {subtest._subDescription()}', err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.outcome[test.id()] = 'skip'
        print(f'SKIP  {test.id()}: {reason}', flush=True)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self.outcome[test.id()] = 'pass'

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self.problems.append((test.id(), 'FAIL', 'unexpected success\n'))
        self.outcome[test.id()] = 'fail'

    def stopTest(self, test):
        super().stopTest(test)
        state = self.outcome.get(test.id())
        if state == 'pass':
            print(f'PASS  {test.id()}', flush=True)
        elif state == 'fail':
            kinds = sorted({k for n, k, _ in self.problems if n == test.id()})
            print(f"FAIL  {test.id()} ({', '.join(kinds)})", flush=True)


def run(start=HERE):
    """Discover and run the tests; return the Result."""
    suite = unittest.TestLoader().discover(start, pattern='test_*.py',
                                           top_level_dir=start)
    result = Result()
    suite.run(result)
    return result


def main(argv):
    if len(argv) != 2:
        print('usage: unit.py OUTJSON', file=sys.stderr)
        return 2
    out = argv[1]
    result = run()
    for name, kind, trace in result.problems:
        print(f'\n{kind}: {name}\n{trace.rstrip()}')
    passed = sorted(n for n, s in result.outcome.items() if s == 'pass')
    failed = sorted(n for n, s in result.outcome.items() if s == 'fail')
    skipped = sorted(n for n, s in result.outcome.items() if s == 'skip')
    if not result.outcome:
        print('error: no test ran', file=sys.stderr)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, 'w') as f:
        json.dump({'label': LABEL, 'pass': len(passed), 'fail': len(failed),
                   'skip': len(skipped), 'failed': failed}, f)
    print(f'{len(passed)} passed, {len(failed)} failed, {len(skipped)} skipped')
    return 1 if failed or not result.outcome else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
