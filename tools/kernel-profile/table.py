#!/usr/bin/env python3
"""Per-step oneDNN kernel time of LeNet training from run.sh's verbose logs of 10 and 40 steps: (40 - 10) / 30.

Usage: table.py OUTDIR (the directory run.sh wrote)
"""
import collections, re, sys
out = sys.argv[1]
def cat(line):
    f = line.split(',')
    prim, prop, desc = f[3], f[5], f[-2]
    layer = 'conv1' if 'ic1oc20' in desc else 'conv2' if 'ic20oc50' in desc else ''
    if prim == 'convolution':
        return f'{layer} {prop}'
    if prim.startswith('pooling'):
        return f'max-pool {prop}'
    return 'reorders' if prim == 'reorder' else prim
def sums(path):
    s = collections.Counter(); n = collections.Counter()
    for line in open(path):
        if line.startswith('dnnl_verbose,exec,cpu,') or line.startswith('onednn_verbose,exec,cpu,'):
            k = cat(line); s[k] += float(line.rsplit(',', 1)[1]); n[k] += 1
    return s, n
rows = {}
for kind in ('dl4j', 'lean'):
    s10, n10 = sums(f'{out}/{kind}-10.log'); s40, n40 = sums(f'{out}/{kind}-40.log')
    rows[kind] = {k: ((s40[k] - s10[k]) / 30, (n40[k] - n10[k]) / 30) for k in set(s40) | set(s10)}
keys = sorted(set(rows['dl4j']) | set(rows['lean']))
print('| ms per step (calls) | DL4J ConvolutionLayer | LeanConvolution |')
print('|---|---:|---:|')
for k in keys:
    a = rows['dl4j'].get(k, (0, 0)); b = rows['lean'].get(k, (0, 0))
    print(f'| {k} | {a[0]:.2f} ({a[1]:.0f}) | {b[0]:.2f} ({b[1]:.0f}) |')
print(f"| sum of oneDNN kernels | {sum(v[0] for v in rows['dl4j'].values()):.2f} | {sum(v[0] for v in rows['lean'].values()):.2f} |")
