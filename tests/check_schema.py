#!/usr/bin/env python3
"""Checks every shipped scenario against `peacesim schema` with Python's jsonschema (an independent
validator), following `extends` the way peacesim does only for the base files themselves: overlay
files are checked after merging by peacesim's own tests, so here only complete scenarios count."""
import json, pathlib, subprocess, sys

import jsonschema

binary, folder = sys.argv[1], pathlib.Path(sys.argv[2])
schema = json.loads(subprocess.run([binary, "schema"], check=True, capture_output=True, text=True).stdout)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
checked = failed = 0
for path in sorted(folder.rglob("*.json")):
    doc = json.loads(path.read_text())
    if "extends" in doc or "time" not in doc or path.name.startswith("patterns"):
        continue  # overlays are validated after merging, by peacesim itself
    checked += 1
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    for e in errors[:5]:
        print(f"{path}: /{'/'.join(map(str, e.path))}: {e.message}")
    failed += bool(errors)
print(f"{checked - failed} passed, {failed} failed")
sys.exit(1 if failed or checked == 0 else 0)
