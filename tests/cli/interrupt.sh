#!/usr/bin/env bash
# A real SIGTERM and SIGINT sent to `peacesim validate` and `peacesim compare` while their ensembles
# run: each must stop at a run boundary, write the finished replicates marked "incomplete", say so
# on stderr and exit 130 (docs/cli.md). Usage: interrupt.sh PEACESIM_BINARY SOURCE_DIR
set -euo pipefail
bin="$1"; src="$2"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/peacesim-interrupt.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "interrupt test: FAILED: $*" >&2; exit 1; }
cat > "$tmp/patterns.json" <<'JSON'
{"name": "interrupt test", "patterns": [{"id": "returns", "what": "some returns", "metric": "returns_cumulative",
  "window": {"from": "2001-12-31", "to": "2001-12-31"}, "min": 0, "source": "test"}]}
JSON
scenario="$src/scenarios/examples/two-towns.json"

# interrupt PID: wait until the command has been running for a while, then send the signal
check() {  # check NAME SIGNAL OUT_JSON COMMAND...
  local name="$1" sig="$2" json="$3"; shift 3
  "$@" 2>"$tmp/$name.err" >"$tmp/$name.out" &
  local pid=$!
  # the signal must come while the ensemble runs: wait for its staging folder (made after the
  # signal handlers are in place), however slow the build (the asan preset under load took > 3 s
  # to get there), then let some replicates finish
  local waited=0
  until ls -a "$tmp" | grep -q 'partial-'; do
    kill -0 "$pid" 2>/dev/null || fail "$name finished or died before its ensemble started"
    (( waited++ < 600 )) || fail "$name: no staging folder after 60 s"
    sleep 0.1
  done
  sleep 3
  kill -0 "$pid" 2>/dev/null || fail "$name finished before the signal (make the ensemble longer)"
  kill "-$sig" "$pid"
  local rc=0
  wait "$pid" || rc=$?
  [[ $rc -eq 130 ]] || { cat "$tmp/$name.err" >&2; fail "$name: exit $rc after SIG$sig, expected 130"; }
  grep -q "interrupted by SIG$sig" "$tmp/$name.err" || { cat "$tmp/$name.err" >&2; fail "$name: no word of the signal on stderr"; }
  grep -q "incomplete" "$tmp/$name.err" || fail "$name: stderr does not say incomplete"
  [[ -f "$json" ]] || fail "$name: $json not written"
  python3 - "$json" "$name" <<'PY' || fail "$name: $json is not marked incomplete with some finished replicates"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["status"] == "incomplete", j["status"]
assert 1 <= j["replicates"] < j["replicates_requested"], (j["replicates"], j["replicates_requested"])
print(f"interrupt test: {sys.argv[2]}: {j['replicates']} of {j['replicates_requested']} replicates kept")
PY
  local marker; marker="$(dirname "$json")/.peacesim-output.json"
  grep -q '"status": "incomplete"' "$marker" || fail "$name: the folder's marker is not incomplete"
  ls -a "$(dirname "$(dirname "$json")")" | grep -q 'partial-' && fail "$name: a staging folder was left behind"
  return 0
}
check validate TERM "$tmp/v/validation.json" \
  "$bin" validate "$scenario" --patterns "$tmp/patterns.json" -n 1000000 -j 2 -q --out "$tmp/v"
check compare INT "$tmp/c/compare.json" \
  "$bin" compare "$scenario" "$scenario" -n 1000000 -j 2 -q --at 2001-12-31 --out "$tmp/c"
echo "interrupt test: passed"
