#!/usr/bin/env python3
"""Package dependencies and package cycles within each module of the tree.

Two readings, both by default:

* classes: jdeps -verbose:package on each module's compiled classes (target/classes; build first), the dependencies
  the JVM sees (compile-time constants inlined by javac are invisible to it);
* sources: the imports and fully qualified names in each module's Java sources (Javadoc-only imports included).

Prints, per module, each package with the packages of the same module it depends on, then the cycles (strongly
connected packages) or "no cycle". Exit status 1 when a module has a cycle.

Usage: check_cycles.py [--tree DIR] [--tests] [--classes-only | --sources-only]
"""

import argparse
import glob
import os
import re
import subprocess
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
from split import IMPORT, mask  # noqa: E402  (same directory)


def modules(tree):
    return sorted(os.path.dirname(p) for p in glob.glob(os.path.join(tree, '*', 'pom.xml')))


def class_edges(module, scopes):
    edges = defaultdict(set)
    for scope in scopes:
        classes = os.path.join(module, 'target', 'classes' if scope == 'main' else 'test-classes')
        if not os.path.isdir(classes):
            return None
        out = subprocess.run(['jdeps', '-verbose:package', '-filter:none', classes], capture_output=True,
                             text=True).stdout
        for line in out.splitlines():
            m = re.match(r'^\s+([\w.$]+)\s+->\s+([\w.$]+)\s+(\S+)', line)
            if m:
                targets = edges[m.group(1)]
                if m.group(3) in ('classes', 'test-classes'):   # a package of the same module
                    targets.add(m.group(2))
    return edges


def package_of(name):
    parts = name.split('.')
    for i, part in enumerate(parts):
        if part[:1].isupper():
            return '.'.join(parts[:i])
    return '.'.join(parts[:-1])


def source_edges(module, scopes):
    edges = defaultdict(set)
    for scope in scopes:
        for path in glob.glob(os.path.join(module, 'src', scope, 'java', '**', '*.java'), recursive=True):
            text = open(path, encoding='utf-8').read()
            code = mask(text)
            m = re.search(r'^\s*package\s+([\w.]+)\s*;', code, re.M)
            if not m:
                continue
            package = m.group(1)
            edges[package]
            for imported in IMPORT.finditer(code):
                name = imported.group(2) + ('.*' if imported.group(3) else '')
                target = imported.group(2) if imported.group(3) and not imported.group(1) else package_of(name)
                edges[package].add(target)
            body = IMPORT.sub('', code)
            for fqn in re.findall(r'(?<![\w.$])((?:[a-z_]\w*\.)+[A-Z][\w$]*)', body):
                edges[package].add(package_of(fqn))
    return edges


def cycles(nodes, edges):
    """Strongly connected components with more than one package (Tarjan)."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in nodes:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return result


def report(name, edges):
    nodes = {p for p in edges}
    own = {p: sorted(t for t in targets if t in nodes and t != p) for p, targets in edges.items()}
    root = os.path.commonprefix(sorted(nodes)).rstrip('.') if nodes else ''
    short = lambda p: p[len(root) + 1:] if p.startswith(root + '.') else ('(root)' if p == root else p)
    print(f'== {name}')
    for package in sorted(nodes):
        print(f'  {short(package):28} -> {", ".join(short(t) for t in own[package]) or "-"}')
    found = cycles(nodes, {p: set(t) for p, t in own.items()})
    for component in found:
        print(f'  CYCLE: {" <-> ".join(short(p) for p in component)}')
    if not found:
        print('  no cycle')
    return bool(found)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--tree', default=os.path.abspath(os.path.join(HERE, '..', '..')))
    parser.add_argument('--tests', action='store_true', help='include test sources and classes')
    group = parser.add_mutually_exclusive_group()
    group.add_argument('--classes-only', action='store_true')
    group.add_argument('--sources-only', action='store_true')
    args = parser.parse_args()
    scopes = ['main', 'test'] if args.tests else ['main']
    found = False
    for module in modules(args.tree):
        label = os.path.basename(module)
        if not args.sources_only:
            edges = class_edges(module, scopes)
            if edges is None:
                print(f'== {label} (classes): not compiled, skipped')
            elif edges:
                found |= report(f'{label} (classes, {"+".join(scopes)})', edges)
        if not args.classes_only:
            edges = source_edges(module, scopes)
            if edges:
                found |= report(f'{label} (sources, {"+".join(scopes)})', edges)
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())
