# SPDX-License-Identifier: GPL-2.0
"""The markers of a workbench console log, for report.py, differential.py
and world.py.

The guest (guest/init, guest/world, guest/trinity) frames the output of
each of its runs with a line "@@WB-NAME-BEGIN@@" and a line
"@@WB-NAME-END ...@@", the end line of most runs carrying the exit status
of the program as "rc=N".
"""

import re

RC = re.compile(r'rc=(\d+)')


def section(lines, begin, end):
    """The lines of a run: those strictly between the first line that
    contains BEGIN and the next line that contains END.

    Return (lines, end line); the end line is None when the run did not
    end (no line after BEGIN contains END): the lines are then all those
    after BEGIN, none if no line contains BEGIN.
    """
    out, inside = [], False
    for line in lines:
        if not inside:
            inside = begin in line
        elif end in line:
            return out, line
        else:
            out.append(line)
    return out, None


def rc(end_line):
    """The exit status "rc=N" of an end line as an int, or None (no end
    line, or one without a status)."""
    m = RC.search(end_line) if end_line is not None else None
    return int(m.group(1)) if m else None
