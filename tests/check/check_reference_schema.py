#!/usr/bin/env python3
"""Checks every reference file under tests/reference/ against `peacesim schema --reference` with
Python's jsonschema (an independent validator), and that each one's results follow its record:
one entry per metric x checkpoint, then one per window, in that order (what `check` requires)."""
import json, pathlib, re, subprocess, sys

import jsonschema

binary, folder = sys.argv[1], pathlib.Path(sys.argv[2])
schema = json.loads(subprocess.run([binary, "schema", "--reference"], check=True, capture_output=True, text=True).stdout)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
checked = failed = 0
for path in sorted(folder.rglob("*.json")):
    doc = json.loads(path.read_text())
    checked += 1
    problems = [f"/{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(doc)]
    record = doc.get("record", {})
    snake = lambda s: re.sub(r"[^a-z0-9]", "_", s.lower())
    expected = [snake(m) + "_" + snake(d) for m in record.get("metrics", []) for d in record.get("at", [])]
    expected += [w["name"] for w in record.get("windows", [])]
    names = [r["name"] for r in doc.get("results", [])]
    if names != expected:
        problems.append(f"/results: names {names[:3]}... do not follow the record {expected[:3]}...")
    if not (pathlib.Path(doc["scenario"]["path"]).exists()):
        problems.append(f"/scenario/path: {doc['scenario']['path']} does not exist (run from the source root)")
    for p in problems[:5]:
        print(f"{path}: {p}")
    failed += bool(problems)
print(f"{checked - failed} passed, {failed} failed")
sys.exit(1 if failed or checked == 0 else 0)
