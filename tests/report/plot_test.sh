#!/usr/bin/env bash
# tools/plot.py draws the headline figure of a run folder and of an ensemble folder as PNG, and
# refuses a folder that is neither. Usage: plot_test.sh PEACESIM_BINARY SOURCE_DIR
set -euo pipefail
bin="$1"; src="$2"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/peacesim-plot.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "plot test: FAILED: $*" >&2; exit 1; }
towns="$src/scenarios/examples/two-towns.json"
"$bin" run "$towns" --days 200 -q --out "$tmp/run"
"$bin" compare "$towns" "$towns" -n 3 -j 2 --at 2000-06-01 -q --out "$tmp/cmp" >/dev/null
for f in run cmp; do
  "$src/tools/plot.py" "$tmp/$f" >/dev/null || fail "plot.py $f exited $?"
  png="$tmp/$f-headline.png"
  [[ -s "$png" ]] || fail "no $png"
  [[ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" == "89504e470d0a1a0a" ]] || fail "$png is not a PNG"
  (( $(stat -c %s "$png") > 20000 )) || fail "$png is suspiciously small"
done
mkdir "$tmp/empty"
rc=0; "$src/tools/plot.py" "$tmp/empty" 2>/dev/null || rc=$?
[[ $rc -eq 2 ]] || fail "plot.py on a folder without outputs exited $rc, expected 2"
echo "plot test: passed"
