#!/usr/bin/env bash
# Builds the Debian package of this build (cpack -G DEB), checks its control fields and contents,
# unpacks it into a scratch folder (dpkg-deb -x: nothing is installed on the system) and runs the
# unpacked /usr/bin/peacesim on a shipped scenario by name. ADR 0015.
# Usage: deb.sh BUILD_DIR
set -euo pipefail
build="$(cd "$1" && pwd)"
fail() { printf 'deb test: FAILED: %s\n' "$*" >&2; exit 1; }
say() { printf 'deb test: %s\n' "$*"; }
command -v dpkg-deb >/dev/null || fail "dpkg-deb not found"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/peacesim-deb-test.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
unset PEACESIM_DATA_DIR
(cd "$scratch" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$scratch/pkg" >"$scratch/cpack.log" 2>&1) ||
  { tail -n 30 "$scratch/cpack.log" >&2; fail "cpack -G DEB"; }
debs=("$scratch"/pkg/peacesim_*.deb)
[[ -f "${debs[0]}" ]] || fail "cpack made no peacesim_*.deb: $(ls "$scratch/pkg")"
deb="${debs[0]}"
say "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

dpkg-deb --field "$deb" Package | grep -qx peacesim || fail "Package is not peacesim"
depends="$(dpkg-deb --field "$deb" Depends)"
[[ "$depends" == *libc6* ]] || fail "Depends lacks libc6 (dpkg-shlibdeps did not run?): $depends"
say "Depends: $depends"
contents="$(dpkg-deb -c "$deb")"
for f in ./usr/bin/peacesim ./usr/share/peacesim/scenarios/kosovo-1999.json ./usr/share/peacesim/schema/scenario.schema.json \
         ./usr/share/peacesim/slurm/sweep-array.sbatch ./usr/share/peacesim/docs/cluster.md ./usr/share/doc/peacesim/copyright; do
  grep -q " $f\$" <<<"$contents" || fail "the package lacks $f"
done

dpkg-deb -x "$deb" "$scratch/root"
mkdir -p "$scratch/work"
cd "$scratch/work"
"$scratch/root/usr/bin/peacesim" run kosovo-1999 --days 5 --quiet --out k5 || fail "the packaged peacesim could not run kosovo-1999"
file="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["scenario"]["file"])' k5/summary.json)"
[[ "$file" == "$scratch/root/usr/share/peacesim/scenarios/kosovo-1999.json" ]] || fail "the packaged binary read $file"
say "the unpacked /usr/bin/peacesim ran kosovo-1999 from its own /usr/share/peacesim: ok"
