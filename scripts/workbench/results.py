#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# results.py --name NAME --out DIR (--stages TSV | --log LOG) [--summary FILE]
#            [--attach MD] [--command CMD] [--repo DIR] [--note TEXT]
# results.py --index DIR
#
# The result file of a run of a target: DIR/NAME.json and DIR/NAME.md, with
# the command, the date, the commit, the machine, each stage's time and exit
# status, and the figures: the lines of the summary the target printed, its
# count line "N passed, N failed, N skipped", and a markdown file of its own
# (--attach: make bench's table).
#
# --index DIR writes DIR/README.md, a table of the result files in DIR
# (the latest results, committed in results/).
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


def result(name, stages, summary_lines, commit_id, mach, note='', now=None, command=None,
           attachment=''):
    now = now or datetime.datetime.now(datetime.timezone.utc)
    c = counts(summary_lines)
    r = {'target': name, 'command': command or f'make {name}',
         'date': now.strftime('%Y-%m-%d %H:%M UTC'), 'commit': commit_id,
         'machine': mach, 'note': note, 'stages': stages,
         'wall_seconds': None, 'figures': summary_lines, 'attachment': attachment,
         'passed': c[0] if c else None, 'failed': c[1] if c else None,
         'skipped': c[2] if c else None}
    starts = [s['start'] for s in stages if 'start' in s]
    if starts:
        r['wall_seconds'] = max(s['start'] + s['seconds'] for s in stages if 'start' in s) - min(starts)
    return r


def markdown(r):
    m = r['machine']
    lines = [f"# {r['target']}", '', f"- command: `{r.get('command') or 'make ' + r['target']}`",
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
    if r.get('attachment'):
        lines += ['', r['attachment'].strip()]
    return '\n'.join(lines) + '\n'


def index(directory):
    """The table of the result files (NAME.json) in directory."""
    rows = ['# Latest results', '',
            'Written by the targets (`scripts/workbench/results.py`), copied here from',
            '`build/results/`; each file names its command, date, commit and machine.', '',
            '| result | command | date | commit | wall time | result |',
            '| --- | --- | --- | --- | ---: | --- |']
    for name in sorted(os.listdir(directory)):
        if not name.endswith('.json'):
            continue
        try:
            with open(os.path.join(directory, name), encoding='utf-8') as f:
                r = json.load(f)
            target, date = r['target'], r['date']
        except (OSError, ValueError, KeyError, TypeError):
            continue
        base = name[:-len('.json')]
        wall = f"{r['wall_seconds']} s" if r.get('wall_seconds') is not None else ''
        if r.get('passed') is not None:
            res = f"{r['passed']} passed, {r['failed']} failed, {r['skipped']} skipped"
        else:
            res = 'passed' if all(s.get('exit') == 0 for s in r.get('stages', [])) else 'failed'
        rows.append(f"| [{target}]({base}.md) | `{r.get('command') or 'make ' + target}` | {date} "
                    f"| {r.get('commit', '')} | {wall} | {res} |")
    return '\n'.join(rows) + '\n'


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--index', metavar='DIR', help='write DIR/README.md, the table of its results')
    ap.add_argument('--name')
    ap.add_argument('--out')
    src = ap.add_mutually_exclusive_group()
    src.add_argument('--stages')
    src.add_argument('--log')
    ap.add_argument('--summary')
    ap.add_argument('--attach', help='a markdown file to append (a table of figures)')
    ap.add_argument('--command', help="the command that ran (default: 'make NAME')")
    ap.add_argument('--repo', default='.')
    ap.add_argument('--note', default='')
    args = ap.parse_args(argv)
    if args.index:
        try:
            text = index(args.index)
            with open(os.path.join(args.index, 'README.md'), 'w', encoding='utf-8') as f:
                f.write(text)
        except OSError as e:
            print(f'error: {e}', file=sys.stderr)
            return 1
        print(f'results: {os.path.join(args.index, "README.md")}')
        return 0
    if not (args.name and args.out and (args.stages or args.log)):
        ap.error('--name, --out and one of --stages or --log are required (or --index DIR)')
    try:
        with open(args.stages or args.log, encoding='utf-8', errors='replace') as f:
            text = f.read()
        summary = []
        if args.summary:
            with open(args.summary, encoding='utf-8', errors='replace') as f:
                summary = [line.rstrip('\n') for line in f if line.strip()]
        attachment = ''
        if args.attach:
            with open(args.attach, encoding='utf-8', errors='replace') as f:
                attachment = f.read()
    except OSError as e:
        print(f'error: {e}', file=sys.stderr)
        return 1
    stages = stages_from_tsv(text) if args.stages else stages_from_log(text)
    if not stages:
        print(f'error: no stages in {args.stages or args.log}', file=sys.stderr)
        return 1
    r = result(args.name, stages, summary, commit(args.repo), machine(), args.note,
               command=args.command, attachment=attachment)
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
