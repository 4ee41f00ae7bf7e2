#!/usr/bin/env python3
"""Compares a rerun's result.json with the committed one: every field but wall-clock times, provenance
and the schema version (a rerun at a later commit may write a newer one).

Usage: tools/rerun-check.py COMMITTED_RESULT.json RERUN_RESULT.json (exit status 1 when a field differs)
"""
import json, sys
committed, rerun = (json.load(open(p)) for p in sys.argv[1:3])
def strip(r):
    r = dict(r)
    for k in ("trainSeconds", "imagesPerSecond", "provenance", "schemaVersion"):
        r.pop(k, None)
    r["trainingCurve"] = [{k: v for k, v in e.items() if k != "seconds"} for e in r.get("trainingCurve", [])]
    return r
a, b = strip(committed), strip(rerun)
diffs = []
def walk(path, x, y):
    if isinstance(x, dict) and isinstance(y, dict):
        for k in sorted(set(x) | set(y)):
            walk(path + "/" + k, x.get(k, "<absent>"), y.get(k, "<absent>"))
    elif isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
        for i, (p, q) in enumerate(zip(x, y)):
            walk(f"{path}/{i}", p, q)
    elif x != y:
        diffs.append(f"{path}: {x!r} != {y!r}")
walk("", a, b)
if diffs:
    print("\n".join(diffs[:30]))
print(f"compared clean, {len(a.get('disturbances', []))} disturbances, {len(a.get('attacks', []))} attack points, "
      f"{len(a.get('trainingCurve', []))} epochs of training loss: " + ("identical" if not diffs else f"{len(diffs)} differences"))
print("provenance commits:", committed["provenance"].get("git.commit"), "->", rerun["provenance"].get("git.commit"),
      "| schema", committed.get("schemaVersion"), "->", rerun.get("schemaVersion"), "| threads", committed["provenance"].get("env.OMP_NUM_THREADS"), "->", rerun["provenance"].get("env.OMP_NUM_THREADS"))
sys.exit(1 if diffs else 0)
