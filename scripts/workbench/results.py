#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# results.py --name NAME --out DIR (--stages TSV | --log LOG) [--summary FILE]
#            [--repo DIR] [--note TEXT]
#
# The result file of a run of a target: DIR/NAME.json and DIR/NAME.md, with
# the date, the commit, the machine, each stage's time and exit status, and
# the figures: the lines of the summary the target printed, and its count
# line "N passed, N failed, N skipped".
#
# The stages come from the file the stage script appends to (WB_STAGE_LOG:
# name, start, seconds, exit status), or are read back from a log of the
# run (its "==> [HH:MM:SS] NAME" and "<== NAME done in Ns" lines).
"""Result files of the workbench's targets."""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys

import accel
import arches

COUNTS = re.compile(r'^(?:\w+: )?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$')
DONE = re.compile(r'^<== (.*) (?:done in (\d+)s|FAILED \(exit (\d+)\) after (\d+)s)$')


def stages_from_tsv(text):
    stages = []
    for line in text.splitlines():
        parts = line.split('\t')
        if len(parts) != 4:
            continue
        name, start, secs, rc = parts
        stages.append({'name': name, 'start': int(start), 'seconds': int(secs), 'exit': int(rc)})
    return stages


def stages_from_log(text):
    """The stages of a log, in the order they ended (nested stages end
    before the stage around them)."""
    stages = []
    for line in text.splitlines():
        m = DONE.match(line.rstrip())
        if not m:
            continue
        if m.group(2) is not None:
            stages.append({'name': m.group(1), 'seconds': int(m.group(2)), 'exit': 0})
        else:
            stages.append({'name': m.group(1), 'seconds': int(m.group(4)),
                           'exit': int(m.group(3))})
    return stages


def counts(summary_lines):
    """(passed, failed, skipped) of the last count line, or None."""
    for line in reversed(summary_lines):
        m = COUNTS.match(line.strip())
        if m:
            return tuple(int(g or 0) for g in m.groups())
    return None


def machine():
    def read(path):
        try:
            with open(path, encoding='utf-8') as f:
                return f.read()
        except OSError:
            return ''
    mem = re.search(r'^MemTotal:\s+(\d+) kB', read('/proc/meminfo'), re.M)
    cpu = re.search(r'^model name\s*:\s*(.*)$', read('/proc/cpuinfo'), re.M)
    osr = re.search(r'^PRETTY_NAME="?([^"\n]*)', read('/etc/os-release'), re.M)
    host = arches.BY_NAME['x86_64']
    acc, why = accel.decide(host, platform.machine(), accel.kvm_opens(), accel.loaded_modules())
    return {'cores': os.cpu_count(), 'memory_gib': round(int(mem.group(1)) / 2**20) if mem else None,
            'cpu': cpu.group(1).strip() if cpu else platform.machine(),
            'os': osr.group(1) if osr else '', 'kernel': platform.release(),
            'accel_x86_64': f'{acc} ({why})'}


def commit(repo):
    try:
        return subprocess.run(['git', '-C', repo, 'describe', '--always', '--dirty'],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return 'unknown'


def result(name, stages, summary_lines, commit_id, mach, note='', now=None):
    now = now or datetime.datetime.now(datetime.timezone.utc)
    c = counts(summary_lines)
    r = {'target': name, 'date': now.strftime('%Y-%m-%d %H:%M UTC'), 'commit': commit_id,
         'machine': mach, 'note': note, 'stages': stages,
         'wall_seconds': None, 'figures': summary_lines,
         'passed': c[0] if c else None, 'failed': c[1] if c else None,
         'skipped': c[2] if c else None}
    starts = [s['start'] for s in stages if 'start' in s]
    if starts:
        r['wall_seconds'] = max(s['start'] + s['seconds'] for s in stages if 'start' in s) - min(starts)
    return r


def markdown(r):
    m = r['machine']
    lines = [f"# make {r['target']}", '',
             f"- date: {r['date']}", f"- commit: {r['commit']}",
             f"- machine: {m['cores']} cores, {m['memory_gib']} GiB, {m['cpu']}; {m['os']}; "
             f"host kernel {m['kernel']}; x86_64 guests: {m['accel_x86_64']}"]
    if r['wall_seconds'] is not None:
        lines.append(f"- wall time: {r['wall_seconds']} s")
    if r['passed'] is not None:
        lines.append(f"- result: {r['passed']} passed, {r['failed']} failed, {r['skipped']} skipped")
    if r['note']:
        lines.append(f"- note: {r['note']}")
    lines += ['', '## Stages', '', '| stage | seconds | exit |', '| --- | ---: | ---: |']
    lines += [f"| {s['name']} | {s['seconds']} | {s['exit']} |" for s in r['stages']]
    if r['figures']:
        lines += ['', '## Figures', '', '```'] + r['figures'] + ['```']
    return '\n'.join(lines) + '\n'


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--name', required=True)
    ap.add_argument('--out', required=True)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument('--stages')
    src.add_argument('--log')
    ap.add_argument('--summary')
    ap.add_argument('--repo', default='.')
    ap.add_argument('--note', default='')
    args = ap.parse_args(argv)
    try:
        with open(args.stages or args.log, encoding='utf-8', errors='replace') as f:
            text = f.read()
        summary = []
        if args.summary:
            with open(args.summary, encoding='utf-8', errors='replace') as f:
                summary = [line.rstrip('\n') for line in f if line.strip()]
    except OSError as e:
        print(f'error: {e}', file=sys.stderr)
        return 1
    stages = stages_from_tsv(text) if args.stages else stages_from_log(text)
    if not stages:
        print(f'error: no stages in {args.stages or args.log}', file=sys.stderr)
        return 1
    r = result(args.name, stages, summary, commit(args.repo), machine(), args.note)
    os.makedirs(args.out, exist_ok=True)
    base = os.path.join(args.out, args.name)
    with open(base + '.json', 'w', encoding='utf-8') as f:
        json.dump(r, f, indent=1)
    with open(base + '.md', 'w', encoding='utf-8') as f:
        f.write(markdown(r))
    print(f'results: {base}.md, {base}.json')
    return 0


if __name__ == '__main__':
    sys.exit(main())
