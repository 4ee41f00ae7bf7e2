#!/usr/bin/env python3
"""Mechanical package split of the rtrain tree, driven by mapping.txt (see README.md beside this file).

Applied to a checkout, it moves classes (main and test sources alike) into the sub-packages the mapping names,
with their resources, and rewrites every reference to them:

* package declarations of moved files;
* imports, normal and static, single-type and on-demand (.*);
* fully qualified names (org.rtrain.x.Y and org/rtrain/x/Y) anywhere in Java sources and in the other text files of
  the tree (docs, README, poms, the rtrain launcher, resources, META-INF/services file contents and names);
* imports for classes that were in the same package as a file before and are not after (code and Javadoc
  references), and removal of imports that now point into a file's own package;

then writes a package-info.java for every new package, copies overlay/ into the tree and applies the mapping's
follow-ups (visibility, edits).
It is idempotent: run twice, the second run finds nothing to move. Classes found in a split package that the
mapping does not name are reported and left where they are (their references to moved classes are still fixed).

Usage: split.py [--tree DIR] [--mapping FILE] [--dry-run] [--strict]
       split.py --suggest-visibility COMPILER_LOG   (public lines for javac's "is not public in ...; cannot be
                                                     accessed from outside package" errors, Maven's or javac's log)
"""

import argparse
import os
import re
import subprocess
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
# Results, the split's own files, and configurations saved before the split (they must keep the former names).
SKIP_TEXT_DIRS = ('results/', 'tools/package-split/', 'models/src/test/resources/org/rtrain/models/saved-69ff665/')
TEST_SUFFIXES = ('Test', 'Tests', 'IT', 'Fuzzer', 'Bench', 'Benchmark')
TYPE_KEYWORDS = r'(?:class|record|interface|enum|@interface)'
ACCESS = ('public', 'protected', 'private')


# ---------------------------------------------------------------------------------------------------- mapping

class Mapping:
    """The parsed mapping.txt."""

    def __init__(self):
        self.classes = {}          # (old package, simple name) -> new package
        self.split_packages = []   # old packages whose classes are distributed
        self.package_moves = []    # (old package, new package), whole packages with their sub-packages
        self.descriptions = {}     # package -> one-sentence Javadoc of its package-info
        self.resources = []        # (module, old path under a resources root, new path)
        self.edits = []            # (file, old text, new text)
        self.publics = []          # (FQN[#member], javadoc or None)
        self.line_of = {}


def parse_mapping(path):
    mapping = Mapping()
    source = None
    current = None
    with open(path, encoding='utf-8') as f:
        for number, raw in enumerate(f, 1):
            line = raw.rstrip('\n')
            if not line.strip() or line.lstrip().startswith('#'):
                continue
            where = f'{path}:{number}'
            indented = line[0].isspace()
            words = line.split()
            if not indented:
                current = None
                keyword = words[0]
                rest = line[len(keyword):].strip()
                if keyword == 'from':
                    source = rest
                    mapping.split_packages.append(source)
                elif keyword == 'describe':
                    package, text = (part.strip() for part in rest.split('::', 1))
                    mapping.descriptions[package] = text
                elif keyword == 'move-package':
                    old, new = (part.strip() for part in rest.split('->'))
                    mapping.package_moves.append((old, new))
                elif keyword == 'resource':
                    module, paths = rest.split(None, 1)
                    old, new = (part.strip() for part in paths.split('->'))
                    mapping.resources.append((module, old, new))
                elif keyword == 'edit':
                    parts = [part.strip() for part in rest.split('::')]
                    if len(parts) != 3:
                        sys.exit(f'{where}: edit <file> :: <old text> :: <new text>')
                    mapping.edits.append(tuple(part.replace('\\n', '\n') for part in parts))
                elif keyword == 'public':
                    target, _, doc = rest.partition('::')
                    mapping.publics.append((target.strip(), doc.strip() or None))
                else:
                    sys.exit(f'{where}: unknown keyword {keyword!r}')
                continue
            if source is None:
                sys.exit(f'{where}: class list outside a "from" block')
            if '::' in line:
                target, names = (part.strip() for part in line.split('::', 1))
                current = source if target == '.' else (target if target.startswith('org.') else f'{source}.{target}')
            elif current is None:
                sys.exit(f'{where}: continuation line without a target')
            else:
                names = line.strip()
            for name in names.split():
                key = (source, name)
                if key in mapping.classes and mapping.classes[key] != current:
                    sys.exit(f'{where}: {source}.{name} mapped twice ({mapping.line_of[key]})')
                mapping.classes[key] = current
                mapping.line_of[key] = where
    return mapping


# ---------------------------------------------------------------------------------------------------- the tree

JAVA_ROOT = re.compile(r'^(?P<module>(?:[^/]+/)*?[^/]+)/src/(?P<scope>[^/]+)/java/(?P<rel>.+)$')
RESOURCE_ROOT = re.compile(r'^(?P<module>(?:[^/]+/)*?[^/]+)/src/(?P<scope>[^/]+)/resources/(?P<rel>.+)$')


class JavaFile:
    def __init__(self, path, module, scope, package, name):
        self.path = path          # relative to the tree
        self.module = module
        self.scope = scope        # main, test, ...
        self.package = package
        self.name = name          # simple name of the top-level type (or package-info)
        self.new_package = package

    @property
    def fqn(self):
        return f'{self.package}.{self.name}'

    def new_path(self):
        return f'{self.module}/src/{self.scope}/java/{self.new_package.replace(".", "/")}/{self.name}.java'


def tree_files(tree):
    out = subprocess.run(['git', 'ls-files', '--cached', '--others', '--exclude-standard', '-z'], cwd=tree,
                         check=True, capture_output=True).stdout.decode('utf-8')
    return sorted(p for p in out.split('\0') if p and os.path.isfile(os.path.join(tree, p)))


def java_files(tree, files):
    result = []
    for path in files:
        if not path.endswith('.java'):
            continue
        match = JAVA_ROOT.match(path)
        if not match or '/target/' in f'/{path}' or path.startswith(SKIP_TEXT_DIRS):
            continue
        rel = match['rel']
        package = os.path.dirname(rel).replace('/', '.')
        name = os.path.basename(rel)[:-5]
        declared = re.search(r'^\s*package\s+([\w.]+)\s*;', mask(read(tree, path)), re.M)
        if declared and declared.group(1) != package:
            print(f'warning: {path} declares package {declared.group(1)}; using its directory ({package})')
        result.append(JavaFile(path, match['module'], match['scope'], package, name))
    return result


def read(tree, path):
    with open(os.path.join(tree, path), encoding='utf-8') as f:
        return f.read()


def write(tree, path, text):
    with open(os.path.join(tree, path), 'w', encoding='utf-8') as f:
        f.write(text)


def is_text(tree, path):
    with open(os.path.join(tree, path), 'rb') as f:
        chunk = f.read(8192)
    if b'\0' in chunk:
        return False
    try:
        chunk.decode('utf-8')
    except UnicodeDecodeError as e:
        return e.start > len(chunk) - 4  # a multi-byte character cut at the chunk's end
    return True


# ---------------------------------------------------------------------------------------------------- Java text

def mask(text, keep_comments=False):
    """The text with comments (unless keep_comments), string, text-block and char literals blanked, same offsets."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            out.append(text[i:j] if keep_comments else ' ' * (j - i))
            i = j
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(text[i:j] if keep_comments else re.sub(r'[^\n]', ' ', text[i:j]))
            i = j
        elif text.startswith('"""', i):
            j = text.find('"""', i + 3)
            j = n if j < 0 else j + 3
            out.append('"' + re.sub(r'[^\n]', ' ', text[i + 1:j - 1]) + '"')
            i = j
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            j = min(j + 1, n)
            out.append(c + ' ' * (j - i - 2) + c if j - i >= 2 else text[i:j])
            i = j
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def comments_only(text):
    """Only the comments of the text (everything else blanked), same offsets."""
    code = mask(text)
    with_comments = mask(text, keep_comments=True)
    return ''.join(w if c != w or w == '\n' else (' ' if w != '\n' else '\n')
                   for c, w in zip(code, with_comments))


IMPORT = re.compile(r'^import\s+(static\s+)?([\w.]+)(\.\*)?\s*;[ \t]*$', re.M)


def simple_names_used(code):
    """Capitalised identifiers used unqualified (not after a dot) in the given masked text."""
    return set(re.findall(r'(?<![\w.$])([A-Z][\w$]*)\b', code))


def declared_types(code):
    return set(re.findall(r'\b' + TYPE_KEYWORDS + r'\s+([A-Z][\w$]*)', code))


def javadoc_references(text):
    """Simple class names that Javadoc tags of the text refer to ({@link X}, {@link X#m}, @see X, @throws X, ...)."""
    comments = comments_only(text)
    return {m.group(2) for m in JAVADOC_TAG.finditer(comments)}


JAVADOC_TAG = re.compile(r'(\{@(?:link|linkplain|value)\s+|@see\s+|@throws\s+|@exception\s+)([A-Z][\w$]*)(?=[\s#}.(]|$)')


def qualify_javadoc(text, qualified):
    """Javadoc tags naming the given simple names rewritten to name them fully qualified."""
    comments = comments_only(text)
    edits = [(m.start(2), m.end(2), qualified[m.group(2)]) for m in JAVADOC_TAG.finditer(comments)
             if m.group(2) in qualified]
    for start, end, name in reversed(edits):
        text = text[:start] + name + text[end:]
    return text


BLOCK_START = ('@', '<p>', '<pre', '<ul', '<ol', '<li', '</', '<table', '<h')


def reflow_javadoc(text, width=120):
    """Javadoc lines over width columns (after qualifying names) broken at their last space that fits outside an
    inline tag, the rest carried to the start of the next line of the same paragraph (or to a new line)."""
    lines = text.split('\n')
    comment_line = re.compile(r'^(\s*\*\s+)(\S.*)$')
    i = 0
    while i < len(lines):
        m = comment_line.match(lines[i])
        if len(lines[i]) <= width or not m:
            i += 1
            continue
        line, depth, breaks = lines[i], 0, []
        for at in range(len(m.group(1)), len(line)):
            depth += {'{': 1, '}': -1}.get(line[at], 0)
            if line[at] == ' ' and at <= width and not line[at + 1:].startswith('@'):
                breaks.append((depth == 0, at))
        outside = [at for free, at in breaks if free]
        if not breaks:
            i += 1
            continue
        at = outside[-1] if outside else breaks[-1][1]
        head, rest = line[:at].rstrip(), line[at:].strip()
        below = comment_line.match(lines[i + 1]) if i + 1 < len(lines) else None
        lines[i] = head
        if below and not below.group(2).startswith(BLOCK_START + ('*/',)):
            lines[i + 1] = below.group(1) + rest + ' ' + below.group(2)
        else:
            continuation = m.group(1)
            if m.group(2).startswith('@'):   # a block tag's text continues aligned after the tag and its name
                tag = re.match(r'@\w+\s+(?:\w+\s+)?', m.group(2))
                continuation = m.group(1) + ' ' * len(tag.group(0)) if tag else continuation
            lines.insert(i + 1, continuation + rest)
        i += 1
    return '\n'.join(lines)


def rebuild_imports(text, imports):
    """Replaces the import section of text by the given import statements, grouped and sorted as the project does:
    static, then java/javax, then the rest, separated by blank lines."""
    code = mask(text)
    matches = list(IMPORT.finditer(code))
    package = re.search(r'^\s*package\s+[\w.]+\s*;[^\n]*\n', code, re.M)
    order = lambda statement: statement.rstrip(';').rstrip()
    statics = sorted({i for i in imports if i.startswith('import static ')}, key=order)
    plain = sorted({i for i in imports if not i.startswith('import static ')}, key=order)
    java = [i for i in plain if re.match(r'import (java|javax)\.', i)]
    others = [i for i in plain if i not in java]
    groups = [g for g in (statics, java, others) if g]
    block = '\n\n'.join('\n'.join(g) for g in groups)
    if matches:
        start, end = matches[0].start(), matches[-1].end()
        between = code[start:end]
        if re.sub(r'^import[^\n]*;[ \t]*$', '', between, flags=re.M).strip():
            # Something other than imports between them (a comment): leave the layout, edit in place.
            return None
        head, tail = text[:start], text[end:]
        if not block:
            return head.rstrip('\n') + '\n\n' + tail.lstrip('\n')
        return head + block + tail
    if not block:
        return text
    at = package.end() if package else 0
    return text[:at] + '\n' + block + '\n' + ('\n' if not text[at:].startswith('\n') else '') + text[at:]


# ---------------------------------------------------------------------------------------------------- the split

class Split:
    def __init__(self, tree, mapping, dry_run):
        self.tree = tree
        self.mapping = mapping
        self.dry_run = dry_run
        self.files = tree_files(tree)
        self.java = java_files(tree, self.files)
        self.notes = defaultdict(list)
        self.moves = {}                     # old FQN -> new FQN (top-level types)
        self.package_renames = []           # (old package, new package) of whole-package moves
        self.by_package = defaultdict(list)  # old package -> JavaFile (every module and scope)
        for f in self.java:
            self.by_package[f.package].append(f)

    # -- planning

    def plan(self):
        mapping = self.mapping
        for old, new in mapping.package_moves:
            moved = [f for f in self.java if f.package == old or f.package.startswith(old + '.')]
            if not moved:
                self.notes['package moves with nothing to move (already done, or gone)'].append(f'{old} -> {new}')
            for f in moved:
                f.new_package = new + f.package[len(old):]
            if moved:
                self.package_renames.append((old, new))
        mapped_names = defaultdict(set)
        for (package, name), target in mapping.classes.items():
            mapped_names[package].add(name)
        for package in mapping.split_packages:
            present = {f.name for f in self.by_package[package] if f.name != 'package-info'}
            for f in self.by_package[package]:
                if f.name == 'package-info':
                    continue
                target = mapping.classes.get((package, f.name))
                if target is None:
                    subject = next((f.name[:-len(s)] for s in TEST_SUFFIXES
                                    if f.name.endswith(s) and (package, f.name[:-len(s)]) in mapping.classes), None)
                    if subject:
                        target = mapping.classes[(package, subject)]
                        self.notes['not in the mapping, moved with the class they are named after'].append(
                            f'{f.path} -> {target} (with {subject})')
                    else:
                        self.notes['UNMAPPED: not in the mapping, left in place'].append(
                            f'{f.path}{self.suggestion(f)}')
                        continue
                f.new_package = target
            for name in sorted(mapped_names[package] - present):
                target = mapping.classes[(package, name)]
                if not any(f.name == name and f.package == target for f in self.java):
                    self.notes['in the mapping but not in the tree (renamed or removed?)'].append(f'{package}.{name}')
        for f in self.java:
            if f.new_package != f.package and f.name != 'package-info':
                self.moves[f.fqn] = f'{f.new_package}.{f.name}'
        self.classes_by_new_package = defaultdict(set)
        for f in self.java:
            if f.name != 'package-info':
                self.classes_by_new_package[f.new_package].add(f.name)
        self.plan_resources()

    def suggestion(self, f):
        """Where an unmapped class's same-package references mostly go: a hint for the mapping."""
        code = mask(read(self.tree, f.path))
        used = simple_names_used(code)
        votes = defaultdict(int)
        for other in self.by_package[f.package]:
            if other.name in used and other is not f:
                target = self.mapping.classes.get((f.package, other.name))
                if target:
                    votes[target] += 1
        if not votes:
            return ''
        ranked = sorted(votes.items(), key=lambda kv: -kv[1])
        return '  (its references: ' + ', '.join(f'{p} {n}' for p, n in ranked) + ')'

    # -- rewriting

    def rewrite_names(self, text):
        """Old fully qualified names of moved types, moved packages and moved resources replaced by the new ones,
        dotted (org.rtrain.x.Y) and as paths (org/rtrain/x/Y)."""
        def renamed(m):
            separator = '/' if '/' in m.group(0) else '.'
            new = self.moves.get(f'{m.group(1)}.{m.group(2)}'.replace('/', '.'))
            return new.replace('.', separator) if new else m.group(0)

        text = re.sub(r'(?<![\w.$])(org\.rtrain(?:\.[a-z_][\w]*)*)\.([A-Z][\w$]*)', renamed, text)
        text = re.sub(r'(?<![\w$])(org/rtrain(?:/[a-z_][\w]*)*)/([A-Z][\w$]*)', renamed, text)
        for old, new in self.resource_renames:
            text = re.sub(r'(?<![\w$])' + re.escape(old) + r'(?![\w$])', new, text)
        for old, new in self.package_renames:
            text = re.sub(r'(?<![\w.$])' + re.escape(old) + r'(?![\w$])', new, text)
            text = re.sub(r'(?<![\w$])' + re.escape(old.replace('.', '/')) + r'(?![\w$])', new.replace('.', '/'),
                          text)
        return text

    def rewrite_java(self, f):
        text = read(self.tree, f.path)
        original = text
        if f.new_package != f.package:
            text = re.sub(r'^(\s*package\s+)' + re.escape(f.package) + r'(\s*;)', r'\g<1>' + f.new_package + r'\g<2>',
                          text, count=1, flags=re.M)
        text = self.rewrite_names(text)
        if f.name == 'package-info':
            return text if text != original else None

        code = mask(text)
        imports = [m.group(0).strip() for m in IMPORT.finditer(code)]
        new_imports = []
        changed = False
        imported_simple = set()
        for statement in imports:
            m = re.match(r'import\s+(static\s+)?([\w.]+?)(\.\*)?\s*;', statement)
            static, target, wildcard = m.group(1), m.group(2), m.group(3)
            if wildcard and not static and target in self.mapping.split_packages:
                targets = sorted({p for (src, _), p in self.mapping.classes.items() if src == target}
                                 | ({target} if self.classes_by_new_package.get(target) else set()))
                new_imports.extend(f'import {p}.*;' for p in targets if p != f.new_package)
                changed = True
                continue
            if not static and not wildcard:
                package, _, simple = target.rpartition('.')
                if package == f.new_package and simple in self.classes_by_new_package[package]:
                    changed = True   # now in the file's own package
                    continue
                imported_simple.add(simple)
            new_imports.append(statement)

        # Classes that were in this file's package before and are not now: imported where the code uses them,
        # qualified in the Javadoc tags that are their only use (so documentation adds no import, no dependency).
        was_same_package = {o.name: o for o in self.by_package[f.package] if o.name != 'package-info'}
        blocked = declared_types(code) | imported_simple | {f.name}
        needed = set()
        code_names = simple_names_used(code)
        qualify = {}
        for name in code_names | javadoc_references(text):
            other = was_same_package.get(name)
            if other is None or name in blocked or other.new_package == f.new_package:
                continue
            if name in code_names:
                needed.add(f'import {other.new_package}.{name};')
            else:
                qualify[name] = f'{other.new_package}.{name}'
        if qualify:
            text = reflow_javadoc(qualify_javadoc(text, qualify))
            code = mask(text)
        needed -= set(new_imports)
        if needed:
            new_imports.extend(sorted(needed))
            changed = True
        if changed:
            rebuilt = rebuild_imports(text, new_imports)
            if rebuilt is None:
                self.notes['imports to fix by hand (comments inside the import block)'].append(
                    f'{f.path}: {sorted(set(new_imports) - set(imports))}')
            else:
                text = rebuilt
        old_lines = set(original.split('\n'))
        for number, line in enumerate(text.split('\n'), 1):
            if len(line) > 120 and line not in old_lines:
                self.notes['lines over 120 columns after the rewrite (reflow by hand)'].append(f'{f.path}:{number}')
        return text if text != original else None

    # -- applying

    def git(self, *args):
        if not self.dry_run:
            subprocess.run(['git', *args], cwd=self.tree, check=True, capture_output=True)

    def move(self, old, new):
        if self.dry_run:
            return
        os.makedirs(os.path.join(self.tree, os.path.dirname(new)), exist_ok=True)
        tracked = subprocess.run(['git', 'ls-files', '--error-unmatch', old], cwd=self.tree,
                                 capture_output=True).returncode == 0
        if tracked:
            self.git('mv', old, new)
        else:
            os.rename(os.path.join(self.tree, old), os.path.join(self.tree, new))
        self.prune(os.path.dirname(old))

    def prune(self, directory):
        while directory and os.path.isdir(os.path.join(self.tree, directory)) \
                and not os.listdir(os.path.join(self.tree, directory)):
            os.rmdir(os.path.join(self.tree, directory))
            directory = os.path.dirname(directory)

    def apply(self):
        rewritten, moved = 0, 0
        java_paths = {f.path for f in self.java}
        for f in self.java:
            text = self.rewrite_java(f)
            if text is not None:
                rewritten += 1
                if not self.dry_run:
                    write(self.tree, f.path, text)
        for path in self.files:
            if path in java_paths or path.startswith(SKIP_TEXT_DIRS) or '/target/' in f'/{path}' \
                    or not is_text(self.tree, path):
                continue
            text = read(self.tree, path)
            new = self.rewrite_names(text)
            if new != text:
                old_lines = set(text.split('\n'))
                for number, line in enumerate(new.split('\n'), 1):
                    if len(line) > 120 and line not in old_lines:
                        self.notes['lines over 120 columns after the rewrite (reflow by hand)'].append(
                            f'{path}:{number}')
                rewritten += 1
                self.notes['other text files rewritten'].append(path)
                if not self.dry_run:
                    write(self.tree, path, new)
        for f in self.java:
            if f.new_package != f.package:
                if 'getResource' in mask(read(self.tree, f.path)):
                    self.notes['moved classes that read resources relative to their package (check each has '
                               'a resource line or an edit)'].append(f'{f.path} -> {f.new_package}')
                self.move(f.path, f.new_path())
                moved += 1
        self.move_resources()
        self.rename_service_files()
        self.package_infos()
        self.overlay()
        self.edits()
        self.publics()
        return rewritten, moved

    def overlay(self):
        """Copies the files under overlay/ (new files the split needs) into the tree, at the same paths."""
        root = os.path.join(HERE, 'overlay')
        for directory, _, names in sorted(os.walk(root)):
            for name in sorted(names):
                source = os.path.join(directory, name)
                path = os.path.relpath(source, root)
                with open(source, encoding='utf-8') as f:
                    text = f.read()
                target = os.path.join(self.tree, path)
                if os.path.exists(target) and read(self.tree, path) == text:
                    continue
                self.notes['overlay files ' + ('replaced' if os.path.exists(target) else 'added')].append(path)
                if not self.dry_run:
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    write(self.tree, path, text)
                    self.git('add', path)

    def plan_resources(self):
        """Resource moves: the mapping's, and the <Class>Inputs/ corpora of moved fuzz tests (Jazzer keeps them
        beside the class); also the renames of their paths, for the text that names them."""
        resources = [p for p in self.files if RESOURCE_ROOT.match(p) and '/target/' not in f'/{p}']
        self.resource_moves, renames = [], []
        for module, old, new in self.mapping.resources:
            hits = [p for p in resources if p.startswith(f'{module}/src/') and
                    (RESOURCE_ROOT.match(p)['rel'] == old or RESOURCE_ROOT.match(p)['rel'].startswith(old + '/'))]
            if not hits:
                done = any(RESOURCE_ROOT.match(p)['rel'] == new or RESOURCE_ROOT.match(p)['rel'].startswith(new + '/')
                           for p in resources if p.startswith(f'{module}/src/'))
                if not done:
                    self.notes['resources in the mapping but not in the tree'].append(f'{module} {old}')
                continue
            renames.append((old, new))
            for p in hits:
                m = RESOURCE_ROOT.match(p)
                self.resource_moves.append((p, f'{m["module"]}/src/{m["scope"]}/resources/{new}{m["rel"][len(old):]}'))
        for f in self.java:
            if f.new_package == f.package:
                continue
            old_dir = f'{f.package.replace(".", "/")}/{f.name}Inputs'
            new_dir = f'{f.new_package.replace(".", "/")}/{f.name}Inputs'
            prefix = f'{f.module}/src/{f.scope}/resources/{old_dir}/'
            hits = [p for p in resources if p.startswith(prefix)]
            if hits:
                renames.append((old_dir, new_dir))
            for p in hits:
                self.resource_moves.append((p, f'{f.module}/src/{f.scope}/resources/{new_dir}/{p[len(prefix):]}'))
        self.resource_renames = renames

    def move_resources(self):
        for old, new in self.resource_moves:
            self.notes['resources moved'].append(f'{old} -> {new}')
            self.move(old, new)

    def rename_service_files(self):
        for path in self.files:
            m = re.match(r'^(.*/META-INF/services/)([\w.$]+)$', path)
            if m and m.group(2) in self.moves:
                new = m.group(1) + self.moves[m.group(2)]
                self.notes['service files renamed'].append(f'{path} -> {new}')
                self.move(path, new)

    def package_infos(self):
        """A package-info for every package that has main classes in a module after the split, none for one that
        has none left."""
        main_packages = defaultdict(set)    # (module, scope) -> packages with classes after the split
        infos = {}
        for f in self.java:
            if f.name == 'package-info':
                infos[(f.module, f.scope, f.new_package)] = f
            else:
                main_packages[(f.module, f.scope)].add(f.new_package)
        for (module, scope, package), f in sorted(infos.items()):
            if package not in main_packages[(module, scope)]:
                path = f.new_path() if f.new_package != f.package else f.path
                self.notes['package-info removed (package left empty)'].append(path)
                if not self.dry_run:
                    self.git('rm', '-q', path)
                    self.prune(os.path.dirname(path))
        touched = {f.new_package for f in self.java if f.new_package != f.package}
        for (module, scope), packages in sorted(main_packages.items()):
            if scope != 'main':
                continue
            for package in sorted(packages):
                description = self.mapping.descriptions.get(package)
                info = infos.get((module, scope, package))
                path = f'{module}/src/{scope}/java/{package.replace(".", "/")}/package-info.java'
                if description is None:
                    if package in touched and info is None:
                        self.notes['MISSING: no "describe" line for a new package (package-info not written)'].append(
                            package)
                    continue
                text = javadoc(description, '') + f'package {package};\n'
                if info is not None:
                    path = info.new_path() if info.new_package != info.package else info.path
                    if read(self.tree, path) == text:
                        continue
                self.notes['package-info written' if info is None else 'package-info rewritten'].append(path)
                if not self.dry_run:
                    os.makedirs(os.path.dirname(os.path.join(self.tree, path)), exist_ok=True)
                    write(self.tree, path, text)
                    self.git('add', path)

    def edits(self):
        if self.dry_run:
            return
        for path, old, new in self.mapping.edits:
            full = os.path.join(self.tree, path)
            if not os.path.exists(full):
                self.notes['EDIT FAILED: no such file'].append(path)
                continue
            text = read(self.tree, path)
            if new in text:
                continue   # applied already
            if old in text:
                write(self.tree, path, text.replace(old, new))
                self.notes['edits applied'].append(f'{path}: {old.strip().splitlines()[0]} ...')
            else:
                self.notes['EDIT FAILED: text not found'].append(f'{path}: {old}')

    def publics(self):
        if self.dry_run:
            return
        for target, doc in self.mapping.publics:
            fqn, _, member = target.partition('#')
            message = make_public(self.tree, self.java_index_after(), fqn, member or None, doc, self.dry_run)
            self.notes['visibility' if not message.startswith('FAILED') else 'VISIBILITY FAILED'].append(
                f'{target}: {message}')

    def java_index_after(self):
        return {f'{f.new_package}.{f.name}': (f.new_path() if f.new_package != f.package else f.path)
                for f in self.java if f.name != 'package-info'}


def javadoc(sentence, indent):
    line = f'{indent}/** {sentence} */\n'
    if len(line) <= 121:
        return line
    words, lines, current = sentence.split(), [], ''
    for word in words:
        if current and len(indent) + 3 + len(current) + 1 + len(word) > 120:
            lines.append(current)
            current = word
        else:
            current = f'{current} {word}' if current else word
    lines.append(current)
    return f'{indent}/**\n' + ''.join(f'{indent} * {l}\n' for l in lines) + f'{indent} */\n'


# ---------------------------------------------------------------------------------------------------- visibility

def type_body(code, start_index):
    """(open, close) offsets of the braces of the type body whose declaration starts at start_index."""
    open_brace = code.index('{', start_index)
    depth = 0
    for i in range(open_brace, len(code)):
        if code[i] == '{':
            depth += 1
        elif code[i] == '}':
            depth -= 1
            if depth == 0:
                return open_brace, i
    raise ValueError('unbalanced braces')


def find_type(code, names, span=None):
    """Offset of the declaration keyword line of the (nested) type names[-1] inside names[:-1]."""
    lo, hi = span if span else (0, len(code))
    depth_at = depth_map(code)
    base = depth_at[lo] + (1 if span else 0)
    for m in re.finditer(r'\b' + TYPE_KEYWORDS + r'\s+' + re.escape(names[0]) + r'\b', code[lo:hi]):
        at = lo + m.start()
        if depth_at[at] == base:
            if len(names) == 1:
                return at
            return find_type(code, names[1:], type_body(code, at))
    return None


def depth_map(code):
    depths, depth = [], 0
    for c in code:
        depths.append(depth)
        if c == '{':
            depth += 1
        elif c == '}':
            depth -= 1
    depths.append(depth)
    return depths


def has_javadoc(text, line_start):
    before = text[:line_start].rstrip()
    # Skip annotations on the lines above.
    while True:
        last_line_start = before.rfind('\n') + 1
        last = before[last_line_start:].strip()
        if last.startswith('@'):
            before = before[:last_line_start].rstrip()
            continue
        return last.endswith('*/') and before[before.rfind('/*'):].startswith('/**')


def add_public(text, line_start, line_end):
    """The text with 'public' added to the declaration on the given line (and the continuation lines of its
    parameter list, when they were aligned after its parenthesis, shifted to stay aligned), or (None, modifier)
    when it already has an access modifier."""
    line = text[line_start:line_end]
    m = re.match(r'^(\s*)((?:@[\w.]+(?:\([^)]*\))?\s+)*)(.*)$', line, re.S)
    indent, annotations, rest = m.groups()
    words = mask(rest).split('(')[0].split()
    modifier = next((w for w in words if w in ACCESS), None)
    if modifier:
        return None, modifier
    new_line = indent + annotations + 'public ' + rest
    lines = text[line_end + 1:].split('\n') if line_end >= 0 else []
    masked = mask(line)
    if masked.count('(') > masked.count(')'):
        aligned = masked.index('(') + 1
        depth = masked.count('(') - masked.count(')')
        for k, following in enumerate(lines):
            if depth <= 0:
                break
            if len(following) - len(following.lstrip(' ')) == aligned:
                lines[k] = ' ' * len('public ') + following
            depth += mask(following).count('(') - mask(following).count(')')
    return text[:line_start] + new_line + ('\n' + '\n'.join(lines) if line_end >= 0 else ''), None


def with_doc(text, line_start, doc, results):
    if has_javadoc(text, line_start):
        return text
    if doc:
        indent = re.match(r'[ \t]*', text[line_start:]).group(0)
        return text[:line_start] + javadoc(doc, indent) + text[line_start:]
    results.append('WARNING: no Javadoc')
    return text


MEMBER_PREFIX = (r'^[ \t]*(?:@[\w.]+(?:\([^)]*\))?\s+)*(?:(?:static|final|abstract|synchronized|default|native|'
                 r'transient|volatile|strictfp|public|protected|private)\s+)*')


def make_public(tree, index, fqn, member, doc, dry_run):
    """Adds 'public' to a package-private class (with a record's compact constructor, which must follow it) or to
    the members of a class named member: 'name()' methods (all overloads), 'Class()' constructors, 'name' fields."""
    outer = fqn
    nested = []
    while outer not in index and '.' in outer:
        outer, _, last = outer.rpartition('.')
        nested.insert(0, last)
    if outer not in index:
        return 'FAILED: no such class in the tree'
    path = index[outer]
    text = read(tree, path)
    names = [outer.rpartition('.')[2]] + nested
    at = find_type(mask(text), names)
    if at is None:
        return f'FAILED: declaration of {".".join(names)} not found in {path}'
    results = []
    simple = names[-1]
    if member is None:
        line_start = text.rfind('\n', 0, at) + 1
        new, modifier = add_public(text, line_start, text.find('\n', at))
        if new is None:
            return f'already {modifier}' if modifier == 'public' else f'FAILED: declared {modifier}'
        text = with_doc(new, line_start, doc, results)
        results.insert(0, 'made public')
        is_record = re.match(r'\s*record\b', mask(text)[find_type(mask(text), names):])
        targets = [(r'\s*\{', 'its compact constructor')] if is_record else []
    else:
        name = member[:-2] if member.endswith('()') else member
        targets = [(r'\s*\(' if member.endswith('()') else r'\s*(?:=|;|,)', member)]
        if name == simple:   # a constructor: also a record's compact one
            targets.append((r'\s*\{', member))
    found = 0
    for tail, what in targets:
        name = simple if what == 'its compact constructor' else what.rstrip('()')
        typed = '' if name == simple else r'(?:<[^>]*>\s+)?[\w.$]+(?:<.*?>)?(?:\[\])*\s+'
        pattern = re.compile(MEMBER_PREFIX + typed + re.escape(name) + tail, re.M)
        position = 0
        while True:
            code = mask(text)
            open_brace, close = type_body(code, find_type(code, names))
            depth_at = depth_map(code)
            m = pattern.search(code, max(position, open_brace), close)
            if not m:
                break
            position = m.end()
            if depth_at[m.start()] != depth_at[open_brace] + 1 or \
                    re.match(r'\s*(return|new|throw|else|case)\b', code[m.start():m.end()]):
                continue
            found += 1
            new, modifier = add_public(text, m.start(), text.find('\n', m.start()))
            if new is None:
                results.append(f'one already {modifier}')
                continue
            text = new if what == 'its compact constructor' else with_doc(new, m.start(), doc if member else None,
                                                                          results)
            results.append('made public' if member else 'made its compact constructor public')
            position = m.end() + len('public ')
    if member is not None and found == 0:
        return f'FAILED: member {member} of {".".join(names)} not found in {path}'
    if not dry_run:
        write(tree, path, text)
    return ', '.join(dict.fromkeys(results))


# ---------------------------------------------------------------------------------------------------- javac help

def suggest_visibility(log_path, tree):
    """public lines for the mapping from javac's access errors in a Maven log."""
    seen = []
    with open(log_path, encoding='utf-8', errors='replace') as f:
        log = f.read()
    at = r'(\S+\.java)(?::\[(\d+),\d+\]|:(\d+):)(?: error:)? '   # Maven's or javac's location of an error
    for m in re.finditer(at + r'(.+?) is not public in ([\w.$]+); cannot be accessed from outside package', log):
        what, owner = m.group(4).strip(), m.group(5)
        method = what.endswith(')')
        what = re.sub(r'\(.*\)$', '', what).strip()
        if '.' not in owner:
            owner = resolve_owner(m.group(1), owner, tree)
        if owner.rpartition('.')[2][:1].islower():       # owner is a package: what is a class
            line = f'public {what}' if '.' in what else f'public {owner}.{what}'
        elif '.' in what:                                 # a nested class
            line = f'public {what}'
        elif re.match(r'[A-Z]\w*[a-z]', what) and what != owner.rpartition('.')[2] and not method:
            line = f'public {owner}.{what}'               # a nested class named by its simple name
        else:                                             # a member (a constructor is named as its class)
            line = f'public {owner}#{what}' + ('()' if method else '')
        if line not in seen:
            seen.append(line)
    for m in re.finditer(at + r'(\S+?)(?:\(.*?\))? has (protected|private) access in ([\w.$]+)', log):
        line = f'# {m.group(5)}: {m.group(6)}#{m.group(4)} used from {m.group(1)}:{m.group(2) or m.group(3)}'
        if line not in seen:
            seen.append(line)
    for m in re.finditer(at + r'(no suitable method found for \w+|method \w+ in [\w. ]+ cannot be applied to given '
                              r'types)', log):
        line = f'# check (a package-private overload?): {m.group(4)} at {m.group(1)}:{m.group(2) or m.group(3)}'
        if line not in seen:
            seen.append(line)
    print('\n'.join(seen))


def resolve_owner(java_path, simple, tree):
    try:
        text = open(java_path, encoding='utf-8').read()
    except OSError:
        return simple
    m = re.search(r'^import\s+([\w.]+\.' + re.escape(simple) + r')\s*;', text, re.M)
    if m:
        return m.group(1)
    package = re.search(r'^package\s+([\w.]+)\s*;', text, re.M)
    return f'{package.group(1)}.{simple}' if package else simple


# ---------------------------------------------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--tree', default=os.path.abspath(os.path.join(HERE, '..', '..')))
    parser.add_argument('--mapping', default=os.path.join(HERE, 'mapping.txt'))
    parser.add_argument('--dry-run', action='store_true', help='plan and report; change nothing')
    parser.add_argument('--strict', action='store_true', help='exit 1 when a class of a split package is unmapped')
    parser.add_argument('--suggest-visibility', metavar='COMPILER_LOG')
    args = parser.parse_args()
    if args.suggest_visibility:
        suggest_visibility(args.suggest_visibility, args.tree)
        return 0
    mapping = parse_mapping(args.mapping)
    split = Split(args.tree, mapping, args.dry_run)
    split.plan()
    rewritten, moved = split.apply()
    print(f'{"would move" if args.dry_run else "moved"} {moved} Java files; '
          f'{"would rewrite" if args.dry_run else "rewrote"} {rewritten} files')
    failed = False
    for title, lines in split.notes.items():
        print(f'\n{title} ({len(lines)}):')
        for line in lines:
            print(f'  {line}')
        failed |= title.startswith(('EDIT FAILED', 'VISIBILITY FAILED', 'MISSING'))
        failed |= args.strict and title.startswith('UNMAPPED')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
