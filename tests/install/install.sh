#!/usr/bin/env bash
# Installs this build into a scratch prefix (cmake --install BUILD --prefix TMP) and runs peacesim
# from there, in a folder that holds no scenarios, with PEACESIM_DATA_DIR unset: a shipped scenario
# by name, the error for an unknown name, the installed schemas, Slurm templates and modulefile, a
# moved install, PEACESIM_DATA_DIR, and (when the binary has `sweep`) a small sweep. ADR 0015.
#
# Usage: install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build="$(cd "$1" && pwd)"
src="$(cd "$2" && pwd)"

fail() { printf 'install test: FAILED: %s\n' "$*" >&2; exit 1; }
say() { printf 'install test: %s\n' "$*"; }

scratch="$(mktemp -d "${TMPDIR:-/tmp}/peacesim-install-test.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
prefix="$scratch/prefix"
unset PEACESIM_DATA_DIR

cmake --install "$build" --prefix "$prefix" >"$scratch/install.log" 2>&1 || { cat "$scratch/install.log" >&2; fail "cmake --install"; }
bin="$prefix/bin/peacesim"
data="$prefix/share/peacesim"
for f in "$bin" "$data/scenarios/kosovo-1999.json" "$data/scenarios/kosovo-1999/patterns.json" \
         "$data/schema/scenario.schema.json" "$data/schema/patterns.schema.json" "$data/docs/cluster.md" \
         "$data/docs/README.md" "$data/slurm/sweep-array.sbatch" "$data/slurm/sweep-mpi.sbatch" \
         "$data/slurm/selftest" "$data/slurm/tiny-experiment" "$prefix/share/doc/peacesim/copyright"; do
  [[ -e "$f" ]] || fail "not installed: ${f#"$prefix"/}"
done
[[ -x "$data/slurm/selftest" ]] || fail "share/peacesim/slurm/selftest is not executable"
modulefile=("$data"/modulefiles/peacesim/*.lua)
[[ -f "${modulefile[0]}" ]] || fail "no modulefile under share/peacesim/modulefiles/peacesim/"
grep -q 'prepend_path("PATH", pathJoin(prefix, "bin"))' "${modulefile[0]}" || fail "the modulefile does not put bin on PATH"
# the installed schemas are what the binary prints (parameters included)
"$bin" schema | cmp -s - "$data/schema/scenario.schema.json" || fail "share/peacesim/schema/scenario.schema.json differs from 'peacesim schema'"
"$bin" schema --patterns | cmp -s - "$data/schema/patterns.schema.json" || fail "patterns.schema.json differs from 'peacesim schema --patterns'"
say "installed: bin/peacesim, share/peacesim/{scenarios,schema,docs,slurm,modulefiles}"

# the modulefile, with Lmod when it is installed (tools/setup --slurm installs it)
if [[ -f /usr/share/lmod/lmod/init/bash ]]; then
  loaded="$(bash -c 'source /usr/share/lmod/lmod/init/bash && module use "$1/share/peacesim/modulefiles" &&
                     module load peacesim && command -v peacesim && echo "$PEACESIM_DATA_DIR"' _ "$prefix" 2>&1)" ||
    fail "module load peacesim: $loaded"
  [[ "$loaded" == "$bin"$'\n'"$data" ]] || fail "module load peacesim gave PATH/PEACESIM_DATA_DIR: $loaded"
  say "module load peacesim (Lmod): $bin"
fi

# a shipped scenario by name, from a folder with no scenarios in it
work="$scratch/work"
mkdir -p "$work"
cd "$work"
"$bin" run kosovo-1999 --days 30 --quiet --out k30 || fail "peacesim run kosovo-1999 --days 30 from the install (exit $?)"
rows=$(($(wc -l <k30/metrics.csv) - 1))
[[ $rows -eq 30 ]] || fail "k30/metrics.csv has $rows rows, expected 30 (one per day)"
file="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["scenario"]["file"])' k30/summary.json)"
[[ "$file" == "$data/scenarios/kosovo-1999.json" ]] || fail "the run read $file, expected the installed $data/scenarios/kosovo-1999.json"
say "peacesim run kosovo-1999 --days 30: read $file"

# a companion file by name too
"$bin" inspect kosovo-1999/variants/police-early >/dev/null || fail "peacesim inspect kosovo-1999/variants/police-early"

# an unknown name: exit 2, naming where it looked and what is shipped
rc=0
"$bin" run kosovo-2099 --days 1 --quiet --out bad 2>err.txt || rc=$?
[[ $rc -eq 2 ]] || fail "peacesim run kosovo-2099 exited $rc, expected 2"
grep -q "$data/scenarios/kosovo-2099\[.json\] (install)" err.txt || fail "the error does not name the install's scenarios folder: $(cat err.txt)"
grep -q "shipped scenarios: .*kosovo-1999" err.txt || fail "the error does not list the shipped scenarios: $(cat err.txt)"
[[ ! -e bad ]] || fail "a failed run left an output folder"
# the installed binary never falls back to the source tree
grep -q "source tree" err.txt && fail "an installed binary searched the source tree: $(cat err.txt)"

# a moved install still finds its data (relocatable: found from /proc/self/exe)
mv "$prefix" "$scratch/moved"
"$scratch/moved/bin/peacesim" run kosovo-1999 --days 2 --quiet --out moved || fail "a moved install could not run kosovo-1999"
file="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["scenario"]["file"])' moved/summary.json)"
[[ "$file" == "$scratch/moved/share/peacesim/scenarios/kosovo-1999.json" ]] || fail "the moved install read $file"
mv "$scratch/moved" "$prefix"

# PEACESIM_DATA_DIR comes first
mkdir -p "$scratch/site/scenarios"
cp "$src/scenarios/examples/two-towns.json" "$scratch/site/scenarios/kosovo-1999.json"
PEACESIM_DATA_DIR="$scratch/site" "$bin" run kosovo-1999 --days 2 --quiet --out site || fail "run with PEACESIM_DATA_DIR"
name="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["scenario"]["name"])' site/summary.json)"
[[ "$name" != "kosovo-1999" ]] || fail "PEACESIM_DATA_DIR did not shadow the install"
say "moved install and PEACESIM_DATA_DIR: ok"

# a small sweep from the install, once the binary has `sweep`
if "$bin" sweep --help >/dev/null 2>&1; then
  bash "$data/slurm/tiny-experiment" "$data/scenarios/kosovo-1999.json" >tiny.json
  "$bin" sweep tiny.json --out sweep --jobs 2 --quiet || fail "peacesim sweep from the install (exit $?)"
  grep -q '"status": *"complete"' sweep/manifest.json || fail "sweep/manifest.json is not complete"
  runs=$(($(wc -l <sweep/runs.csv) - 1))
  [[ $runs -ge 4 ]] || fail "sweep/runs.csv has $runs runs"
  say "peacesim sweep from the install: $runs runs, complete"
else
  say "this peacesim has no sweep command: the sweep step is skipped"
fi
say "ok"
