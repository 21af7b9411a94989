#!/usr/bin/env python3
"""Summarise a JFR recording's CPU samples (jdk.ExecutionSample): the top frames, and for each sample the innermost
mcpauth frame (dev.mcpauth.*) that led to it, so that library time (BouncyCastle, Nimbus, Netty) is charged to the
mcpauth code that called it.  Usage: frames.py recording.jfr [top-n]"""
import collections
import re
import subprocess
import sys

recording = sys.argv[1]
top_n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
text = subprocess.run(['jfr', 'print', '--events', 'jdk.ExecutionSample', '--stack-depth', '96', recording],
                      capture_output=True, text=True, check=True).stdout
frame = re.compile(r'^\s+([\w$.<>]+)\(.*\)(\s+line:.*)?$')
samples = []
for block in text.split('jdk.ExecutionSample')[1:]:
    frames = [m.group(1) for m in (frame.match(line) for line in block.splitlines()) if m]
    if frames:
        samples.append(frames)
total = len(samples)
print(f'{total} CPU samples in {recording}\n')

def table(title, counter):
    print(title)
    for name, count in counter.most_common(top_n):
        print(f'  {100.0 * count / total:5.1f}%  {count:6d}  {name}')
    print()

table('Top frames (self time):', collections.Counter(s[0] for s in samples))
table('Innermost mcpauth frame on the stack (inclusive):',
      collections.Counter(next((f for f in s if f.startswith('dev.mcpauth.')), '(no mcpauth frame: ' +
                                 ('GC/JIT/netty/other' if not s else s[-1].rsplit('.', 1)[0]) + ')') for s in samples))
inclusive = collections.Counter()
for s in samples:
    for f in set(s):
        if f.startswith('dev.mcpauth.'):
            inclusive[f] += 1
table('Every mcpauth method on the stack (inclusive, a sample counts once per method):', inclusive)
packages = collections.Counter()
for s in samples:
    top = s[0]
    parts = top.split('.')
    packages['.'.join(parts[:3])] += 1
table('Self time by package:', packages)
