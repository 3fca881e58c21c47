#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise make bench: instructions per call of the C and the Rust clone3.

Usage: bench.py --arch ARCH --dir DIR --src SRC --objdump OBJDUMP
                [--c-vmlinux F --rust-vmlinux F] [--max-spread PCT]

DIR holds the console logs of the boots: {c,rust}-icount-<round>.log (QEMU
-icount shift=0,sleep=off: one guest nanosecond per instruction) and
{c,rust}-wall.log (plain TCG). Every log must hold a complete clone3_bench
run. Per path, the figure of a variant is the median over its boots; the
spread is (max - min) / min over the boots, and a spread above
--max-spread percent (default 2) fails the run, as does any failed or
missing benchmark. Single boots of the same kernel agree within 0.1% on
x86_64; on arm64 they vary by up to about 1.2% on the paths that create a
task, hence the median and a tolerance of 2% for one boot.

The stack frames of the entry paths are measured by the kernel's
scripts/checkstack.pl on the disassembly of the vmlinux files given, for
the functions between the system call and kernel_clone().

Writes DIR/bench.md (the table), DIR/bench.json, and prints the table and
one line per path, "bench <path>: c=<x> rust=<y> ratio=<r>", and one of
the stack depths, which it also writes to DIR/summary.txt.
"""

import argparse
import glob
import json
import os
import re
import statistics
import subprocess
import sys

RESULT = re.compile(r'^bench-result (\S+) (\d+) (\d+)$')


# The cheapest system call round trip, which the other paths are read above.
FLOOR = 'floor-enosys'


def bench_run(path):
    """Return {path name: ns per call} of one console log, or an error."""
    with open(path, errors='replace') as f:
        text = f.read()
    m = re.search(r'@@WB-BENCH-BEGIN@@\n(.*?)@@WB-BENCH-END rc=(\d+)@@',
                  text, re.S)
    if not m:
        return None, f'no complete benchmark run in {path}'
    if m.group(2) != '0':
        err = [l for l in m.group(1).splitlines() if 'clone3_bench:' in l]
        return None, f'clone3_bench failed (exit {m.group(2)}) in {path}: ' \
            + '; '.join(err)
    res = {}
    for line in m.group(1).splitlines():
        r = RESULT.match(line.strip())
        if r:
            res[r.group(1)] = int(r.group(3)) / 1000.0
    if not res:
        return None, f'no bench-result line in {path}'
    return res, None


def demangle(names):
    """Rust v0 symbols to paths, with LLVM's demangler."""
    try:
        out = subprocess.run(['llvm-cxxfilt-19'], input='\n'.join(names),
                             capture_output=True, text=True, check=True)
        return dict(zip(names, out.stdout.splitlines()))
    except (OSError, subprocess.CalledProcessError):
        return {n: n for n in names}


def entry_functions(arch, variant, funcs):
    """The root, and the functions the entry path may run before
    kernel_clone(): ours (C: fork.c's clone3 functions; Rust: the clone
    crate's, not its KUnit tests) and the uaccess helpers they call."""
    root = {'x86_64': '__x64_sys_clone3', 'arm64': '__arm64_sys_clone3'}[arch]
    names = {'__se_sys_clone3', '__do_sys_clone3', 'check_zeroed_user',
             '_copy_from_user',
             'kernel_clone'}
    if variant == 'c':
        names |= {'copy_clone_args_from_user'}
    else:
        names |= {'rust_clone3'}
        h = {m.group(1) for f in funcs
             for m in [re.search(r'Cs(\w+?)_5clone\w*15KernelCloneArgs', f)]
             if m}
        names |= {f for f in funcs for c in h
                  if f'Cs{c}_5clone' in f and '5tests' not in f}
    return root, names


def disassembly(dis):
    """The functions of objdump -d output: {symbol: its lines, the first
    the "ADDRESS <symbol>:" line}, blank lines left out."""
    blocks, cur = {}, None
    for line in dis.splitlines():
        m = re.match(r'^[0-9a-f]+ <(.+)>:$', line)
        if m:
            cur = m.group(1)
            blocks[cur] = [line]
        elif cur and line.strip():
            blocks[cur].append(line)
    return blocks


def call_graph(blocks, root, allowed):
    """{function: the ALLOWED functions it calls}, read from the calls and
    branches in the disassembly from ROOT on, stopping at kernel_clone()."""
    calls, todo, seen = {}, [root], {root}
    while todo:
        f = todo.pop()
        calls[f] = set()
        if f == 'kernel_clone':
            continue
        for line in blocks.get(f, []):
            m = re.search(r'\s(?:call|bl|b|jmp)\s+[0-9a-f]+ <([^>+]+)>', line)
            if m and m.group(1) != f and m.group(1) in allowed:
                calls[f].add(m.group(1))
                if m.group(1) not in seen:
                    seen.add(m.group(1))
                    todo.append(m.group(1))
    return calls


# checkstack.pl's x86 pattern also counts "add $N,%rsp", the epilogue
# that frees a frame, as growth: those lines are left out of its input.
FREE = re.compile(r'\sadd\s+\$0x[0-7]?[0-9a-f]{1,7},%[er]sp$')


def checkstack_input(blocks, calls):
    """The disassembly of the functions of CALLS, for checkstack.pl."""
    return '\n'.join(l for f in calls for l in blocks[f]
                     if not FREE.search(l)) + '\n'


def checkstack_frames(out, calls):
    """{function of CALLS: its frame in bytes} from checkstack.pl's output
    ("0xADDRESS symbol [vmlinux]: BYTES"); 0 for a function not listed."""
    frames = {f: 0 for f in calls}
    for line in out.splitlines():
        m = re.match(r'^0x[0-9a-f]+ (.+) \[.*\]:\s*(\d+)$', line)
        if m and m.group(1) in frames:
            frames[m.group(1)] = int(m.group(2))
    return frames


def stack_frames(arch, variant, vmlinux, objdump, src):
    """checkstack.pl frames of the functions the entry path reaches.

    Return ({symbol: bytes}, call graph, root); the graph is read from
    the calls in the disassembly and stops at kernel_clone()."""
    dis = subprocess.run([objdump, '-d', '--no-show-raw-insn', vmlinux],
                         capture_output=True, text=True, check=True).stdout
    blocks = disassembly(dis)
    root, allowed = entry_functions(arch, variant, blocks)
    if root not in blocks:
        raise OSError(f'{root} not found in {vmlinux}')
    calls = call_graph(blocks, root, allowed)
    cs = subprocess.run(['perl', os.path.join(src, 'scripts/checkstack.pl'),
                         'aarch64' if arch == 'arm64' else arch, '0'],
                        input=checkstack_input(blocks, calls),
                        capture_output=True, text=True, check=True).stdout
    return checkstack_frames(cs, calls), calls, root


def path_depth(frames, calls, root):
    """Largest sum of frames on a call chain from root to kernel_clone()
    (exclusive), or to a leaf that returns before it."""
    def depth(f, seen):
        sub = [depth(c, seen | {c}) for c in calls.get(f, ())
               if c in frames and c not in seen and c != 'kernel_clone']
        return frames.get(f, 0) + max(sub, default=0)
    return depth(root, {root})


def path_rows(runs, wall, max_spread):
    """One row per path of the first C run, in its order: per variant
    (runs: {variant: [{path: ns per call} per boot]}) the median over the
    boots, the boots' figures, their spread in percent and the wall figure
    (wall: {variant: {path: ns per call}}); and the Rust/C ratio. A path
    missing in a run has no row. Return (rows, problems)."""
    problems, rows = [], []
    order = list(runs['c'][0]) if runs['c'] else []
    for p in order:
        row = {'path': p}
        for v in runs:
            vals = [r.get(p) for r in runs[v]]
            if not vals or None in vals:
                problems.append(f'path {p} missing in a {v} run')
                break
            row[v] = statistics.median(vals)
            row[f'{v}_runs'] = vals
            row[f'{v}_spread'] = (max(vals) - min(vals)) / min(vals) * 100
            if row[f'{v}_spread'] > max_spread:
                problems.append(f'{p}: the {v} runs spread '
                                f'{row[f"{v}_spread"]:.2f}% > '
                                f'{max_spread}%: {vals}')
            row[f'{v}_wall'] = wall.get(v, {}).get(p)
        else:
            row['ratio'] = row['rust'] / row['c']
            rows.append(row)
    return rows, problems


def above_floor(rows):
    """Add to each row what its path costs above the cheapest system call
    round trip (the FLOOR row): c_above, rust_above and ratio_above, None
    for the floor itself, or when there is no floor. Return the problems."""
    floor = next((r for r in rows if r['path'] == FLOOR), None)
    problems = []
    if rows and floor is None:
        problems.append(f'no {FLOOR} row: the benchmark has no floor')
    for r in rows:
        if floor is None or r is floor:
            r['c_above'] = r['rust_above'] = r['ratio_above'] = None
            continue
        r['c_above'] = r['c'] - floor['c']
        r['rust_above'] = r['rust'] - floor['rust']
        r['ratio_above'] = (r['rust_above'] / r['c_above']
                            if r['c_above'] > 0 else None)
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--arch', required=True)
    ap.add_argument('--dir', required=True)
    ap.add_argument('--src', required=True)
    ap.add_argument('--objdump', required=True)
    ap.add_argument('--c-vmlinux')
    ap.add_argument('--rust-vmlinux')
    ap.add_argument('--max-spread', type=float, default=2.0)
    ap.add_argument('--command', default='make bench')
    args = ap.parse_args()

    problems, runs, wall = [], {'c': [], 'rust': []}, {}
    for v in runs:
        logs = sorted(glob.glob(os.path.join(args.dir, f'{v}-icount-*.log')))
        if not logs:
            problems.append(f'no icount run of the {v} kernel in {args.dir}')
        for log in logs:
            r, err = bench_run(log)
            if err:
                problems.append(err)
            else:
                runs[v].append(r)
        w = os.path.join(args.dir, f'{v}-wall.log')
        if os.path.exists(w):
            r, err = bench_run(w)
            if err:
                problems.append(err)
            else:
                wall[v] = r
    rows, more = path_rows(runs, wall, args.max_spread)
    problems += more
    problems += above_floor(rows)
    if not rows:
        # Nothing to write a table of (and maybe no DIR to write it in).
        for p in problems or [f'no benchmark result in {args.dir}']:
            print(f'error: {p}', file=sys.stderr)
        return 1

    stack = {}
    for v, vml in (('c', args.c_vmlinux), ('rust', args.rust_vmlinux)):
        if vml is None:
            continue
        try:
            frames, calls, root = stack_frames(args.arch, v, vml,
                                               args.objdump, args.src)
        except (OSError, subprocess.CalledProcessError) as e:
            problems.append(f'stack usage of the {v} kernel: {e}')
            continue
        stack[v] = {'frames': frames, 'root': root,
                    'depth': path_depth(frames, calls, root)}
    if 'c' in stack and 'rust' in stack and \
            stack['rust']['depth'] > stack['c']['depth']:
        problems.append(f"the Rust clone3 path uses more stack than C: "
                        f"{stack['rust']['depth']} > {stack['c']['depth']} bytes")

    nrounds = min(len(runs['c']), len(runs['rust']))
    md = [f'`{args.command}` ({args.arch}; {nrounds} boots of each kernel '
          'under `-icount shift=0,sleep=off`, alternating; figures are '
          'guest instructions per call, the median over the boots; wall '
          'figures from one plain-TCG boot each)', '',
          '| path | C insns | Rust insns | Rust/C | C above floor '
          '| Rust above floor | Rust/C above floor | spread C / Rust '
          '| C wall ns | Rust wall ns |',
          '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|']

    def num(x, f='.1f'):
        return '-' if x is None else format(x, f)
    for r in rows:
        md.append(f"| {r['path']} | {r['c']:.1f} | {r['rust']:.1f} | "
                  f"{r['ratio']:.4f} | {num(r['c_above'])} | "
                  f"{num(r['rust_above'])} | {num(r['ratio_above'], '.4f')} | "
                  f"{r['c_spread']:.2f}% / {r['rust_spread']:.2f}% | "
                  f"{num(r['c_wall'], '.0f')} | {num(r['rust_wall'], '.0f')} |")
    if stack:
        md += ['', 'Stack frames of the clone3 entry path '
               '(scripts/checkstack.pl, bytes; the depth is the deepest chain '
               f'of these frames from the system call to kernel_clone()):', '']
        for v, s in stack.items():
            dm = demangle(list(s['frames']))
            parts = ', '.join(f'`{dm[n]}` {b}' for n, b in s['frames'].items()
                              if n != 'kernel_clone')
            md.append(f"- {v}: depth {s['depth']} bytes; {parts}")
    text = '\n'.join(md) + '\n'
    with open(os.path.join(args.dir, 'bench.md'), 'w') as f:
        f.write(text)
    with open(os.path.join(args.dir, 'bench.json'), 'w') as f:
        json.dump({'arch': args.arch, 'rounds': nrounds, 'paths': rows,
                   'stack': stack, 'problems': problems}, f, indent=1)
    print(text)
    lines = []
    for r in rows:
        above = '' if r['c_above'] is None else \
            f" above-floor c={r['c_above']:.1f} rust={r['rust_above']:.1f}"
        lines.append(f"bench {r['path']}: c={r['c']:.1f} rust={r['rust']:.1f} "
                     f"ratio={r['ratio']:.4f}{above}")
    if stack:
        lines.append('bench stack to kernel_clone(): ' +
                     ' '.join(f"{v}={s['depth']}" for v, s in stack.items()) + ' bytes')
    print('\n'.join(lines))
    with open(os.path.join(args.dir, 'summary.txt'), 'w') as f:
        f.write(''.join(line + '\n' for line in lines))
    for p in problems:
        print(f'error: {p}', file=sys.stderr)
    return 1 if problems or not rows else 0


if __name__ == '__main__':
    sys.exit(main())
