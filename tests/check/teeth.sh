#!/usr/bin/env bash
# Teeth for `peacesim check` (issue #9, ADR 0010): against the unperturbed Kosovo-1999 reference,
#  1. another base seed alone (independent replicates) must pass (exit 0), and
#  2. one parameter perturbed slightly (police deterrence, deterrence.arrest_k, +10%) must fail
#     (exit 1, not 2), with at least one quantity failing its Welch/Holm test (not just the digest).
# Both use seeds the reference did not use, so the failure comes from the shift, not from
# common random numbers. Usage: teeth.sh PEACESIM SOURCE_DIR OUT_DIR [REPLICATES]
set -u
peacesim=$1 src=$2 out=$3 n=${4:-8}
cd "$src" || exit 2
scenario=scenarios/kosovo-1999.json ref=tests/reference/kosovo-1999.json
default_k=$("$peacesim" params | awk '$1 == "deterrence.arrest_k" {print $2}')
[[ -n $default_k ]] || { echo "teeth: cannot read deterrence.arrest_k from 'peacesim params'"; exit 1; }
perturbed_k=$(python3 -c "print(repr($default_k * 1.1))")

"$peacesim" check "$scenario" --reference "$ref" -n "$n" -j 2 -q --seed 1001 --out "$out/other-seed" --force
rc=$?
[[ $rc -eq 0 ]] || { echo "teeth: FAIL: another base seed alone made check exit $rc (expected 0)"; exit 1; }

"$peacesim" check "$scenario" --reference "$ref" -n "$n" -j 2 -q --seed 1001 \
  --set "parameters.deterrence.arrest_k=$perturbed_k" --out "$out/perturbed" --force
rc=$?
[[ $rc -eq 1 ]] || { echo "teeth: FAIL: arrest_k $default_k -> $perturbed_k (+10%): check exited $rc (expected 1)"; exit 1; }
failed=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['failed'])" "$out/perturbed/check.json")
[[ $failed -ge 1 ]] || { echo "teeth: FAIL: the perturbed check failed, but no quantity did"; exit 1; }
echo "teeth: ok: another seed passes; arrest_k +10% fails $failed quantities"
