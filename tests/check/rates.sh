#!/usr/bin/env bash
# The long test of tools/check-rates (ADR 0010): over 20 base seeds with 8 replicates each against
# tests/reference/kosovo-1999.json, an unchanged model fails at most 3 times (alpha is 1%: 3 of 20
# would already be far above it, and points to a test that is not what it claims), and police
# deterrence +10% (deterrence.arrest_k) is caught at least 18 times. Usage: rates.sh PEACESIM SOURCE_DIR
set -u
peacesim=$1 src=$2
cd "$src" || exit 2
default_k=$("$peacesim" params | awk '$1 == "deterrence.arrest_k" {print $2}')
perturbed_k=$(python3 -c "print(repr($default_k * 1.1))")
count() { awk '/^(false-alarm rate|detection power):/ {print $3}'; }
alarms=$(tools/check-rates --peacesim "$peacesim" -n 8 --seeds 20 -j 2 | tee /dev/stderr | count)
detected=$(tools/check-rates --peacesim "$peacesim" -n 8 --seeds 20 -j 2 --set "parameters.deterrence.arrest_k=$perturbed_k" |
           tee /dev/stderr | count)
echo "false alarms: $alarms of 20; detections of arrest_k +10%: $detected of 20"
[[ -n $alarms && -n $detected ]] || { echo "rates: FAIL: could not read the counts"; exit 1; }
[[ $alarms -le 3 ]] || { echo "rates: FAIL: $alarms false alarms of 20"; exit 1; }
[[ $detected -ge 18 ]] || { echo "rates: FAIL: only $detected detections of 20"; exit 1; }
