#!/usr/bin/env bash
# Runs its arguments only when PEACESIM_LONG=1 (set by `ctest --preset long`, or by hand:
# PEACESIM_LONG=1 ctest --test-dir build/dev -L long); otherwise exits 77, which ctest reports as
# "Skipped" (SKIP_RETURN_CODE), so the default suite stays fast and says what it left out.
if [[ ${PEACESIM_LONG:-0} != 1 ]]; then
  echo "skipped: a long test; run it with PEACESIM_LONG=1 (ctest --preset long, docs/regression.md)"
  exit 77
fi
exec "$@"
