#!/usr/bin/python3
"""Renders peacesim reports in headless Chromium and checks them from the DOM (issue #10).

Usage: browser_test.py CASE PEACESIM_BINARY SOURCE_DIR WORK_DIR

For CASE it writes the outputs and the report into WORK_DIR/CASE/, opens the report from disk in
Debian's chromium (no network), and fails if

  * the page reaches anything outside itself (a src= or href= to another host),
  * any console error or uncaught exception occurs (the page records them, and Chromium's log of
    console messages is read too),
  * a chart drew no data (no point with finite canvas coordinates, or a blank canvas),
  * an ensemble chart drew no 5-95% band,
  * a map has not exactly one drawn shape per location of its scenario;
  * for a sweep folder (cases sweep-*): a scatter plot of an output against a factor does not draw
    exactly one dot per run that finished with a value (counted here from runs.csv), a chart of
    sensitivity indices does not draw a mark per factor, an analysed output has no chart, or a recorded
    series has no chart with a mean at every reporting tick.

It keeps WORK_DIR/CASE/report.png, a screenshot of the top of the page, as the test's artefact.
"""
import csv
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

CASES = ("kosovo", "one-tick", "zero-metric", "thirty-years", "different-locations", "ensemble", "compare",
         "sweep-lhs", "sweep-sobol", "sweep-morris")
SWEEP_DESIGNS = {"sweep-lhs": {"kind": "latin_hypercube", "points": 24, "seed": 3},
                 "sweep-sobol": {"kind": "sobol", "base_samples": 16},
                 "sweep-morris": {"kind": "morris", "trajectories": 6, "levels": 4, "seed": 2}}


def fail(msg):
    print(f"browser test: FAILED: {msg}", file=sys.stderr)
    sys.exit(1)


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        fail(f"{' '.join(cmd)} exited {r.returncode}:\n{r.stdout}\n{r.stderr}")
    return r


def chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    fail("chromium not found: install Debian's chromium (tools/setup does)")


def browse(html, *extra):
    """Runs headless Chromium on the file with a fresh profile; returns (stdout, stderr)."""
    profile = tempfile.mkdtemp(prefix="peacesim-chromium-")
    try:
        cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-extensions", "--hide-scrollbars", f"--user-data-dir={profile}",
               "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000", *extra,
               "file://" + os.path.abspath(html)]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
        if r.returncode != 0:
            fail(f"chromium exited {r.returncode}: {r.stderr[-2000:]}")
        return r.stdout, r.stderr
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def make_outputs(case, bin_, src, work):
    """Writes the folders of CASE; returns (report path, expected maps: [locations], ensemble?)."""
    out = os.path.join(work, case)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    kosovo = os.path.join(src, "scenarios", "kosovo-1999.json")
    towns = os.path.join(src, "scenarios", "examples", "two-towns.json")
    variant = os.path.join(src, "scenarios", "kosovo-1999", "variants", "no-coordination.json")
    report = os.path.join(out, "report.html")
    q = ["-q"]
    with open(kosovo) as f:
        n_kosovo = len(json.load(f)["locations"])  # municipalities and enclaves
    if case == "kosovo":  # the whole reference run, report written by run --report
        run([bin_, "run", kosovo, "--out", os.path.join(out, "run"), "--report"] + q)
        return os.path.join(out, "run", "report.html"), [n_kosovo], False
    if case == "one-tick":
        run([bin_, "run", towns, "--days", "1", "--out", os.path.join(out, "run")] + q)
        run([bin_, "report", os.path.join(out, "run"), "--out", report])
        return report, [2], False
    if case == "zero-metric":  # no incidents at all: incident charts and the map are zero throughout
        run([bin_, "run", towns, "--days", "120", "--out", os.path.join(out, "run"),
             "--set", "parameters.violence.attack_rate=0", "--set", "parameters.unrest.incident_rate=0",
             "--set", "parameters.crime.homicide_rate=0"] + q)
        with open(os.path.join(out, "run", "metrics.csv")) as f:
            header = f.readline().strip().split(",")
            col = header.index("incidents")
            if any(float(line.split(",")[col]) != 0 for line in f):
                fail("zero-metric: the run has incidents; the case needs a metric at zero throughout")
        run([bin_, "report", os.path.join(out, "run"), "--out", report])
        return report, [2], False
    if case == "thirty-years":
        run([bin_, "run", towns, "--set", "time.end=2029-12-31", "--out", os.path.join(out, "run")] + q)
        run([bin_, "report", os.path.join(out, "run"), "--out", report])
        return report, [2], False
    if case == "different-locations":  # Kosovo (33 locations, from 1999) beside two towns (2, from 2000)
        run([bin_, "run", kosovo, "--until", "2001-06-10", "--out", os.path.join(out, "kosovo")] + q)
        run([bin_, "run", towns, "--out", os.path.join(out, "towns")] + q)
        run([bin_, "report", os.path.join(out, "kosovo"), "--compare", os.path.join(out, "towns"), "--out", report])
        return report, [n_kosovo, 2], False
    if case == "ensemble":  # validate: mean and band
        patterns = os.path.join(out, "patterns.json")
        with open(patterns, "w") as f:
            json.dump({"name": "browser test", "patterns": [
                {"id": "returns", "what": "some returns", "metric": "returns_cumulative",
                 "window": {"from": "2001-06-30", "to": "2001-06-30"}, "min": 1, "source": "test"}]}, f)
        run([bin_, "validate", towns, "--patterns", patterns, "-n", "6", "-j", "2", "--out",
             os.path.join(out, "validate")] + q)
        run([bin_, "report", os.path.join(out, "validate"), "--out", report])
        return report, [2], True
    if case == "compare":  # Kosovo and a variant, paired ensembles, both with bands
        run([bin_, "compare", kosovo, variant, "-n", "4", "-j", "2", "--at", "2000-06-10", "--out",
             os.path.join(out, "compare")] + q)
        run([bin_, "report", os.path.join(out, "compare"), "--out", report])
        return report, [n_kosovo, n_kosovo], True
    if case in SWEEP_DESIGNS:  # a sweep of two towns, analysed by its design's own method, then reported
        patterns = os.path.join(out, "patterns.json")
        with open(patterns, "w") as f:
            json.dump({"name": "browser test", "patterns": [
                {"id": "red-stays", "what": "most reds at home", "metric": "remaining:red",
                 "window": {"from": "2000-06-30", "to": "2000-06-30"}, "min": 0.5, "max": 1.0, "source": "test"}]}, f)
        experiment = os.path.join(out, "experiment.json")
        with open(experiment, "w") as f:
            json.dump({"name": case, "scenario": towns, "until": "2000-06-30",
                       "factors": [
                           {"name": "battalion_scale", "scale": "contingents.battalion.schedule.*.strength", "range": [0.5, 1.5]},
                           {"name": "threshold", "parameter": "unrest.threshold", "range": [0.05, 0.3]},
                           {"name": "police_arrival", "set": "contingents.intl_police.arrival",
                            "range": ["2000-01-15", "2000-05-01"]}],
                       "design": SWEEP_DESIGNS[case], "replicates": 2 if case == "sweep-lhs" else 1,
                       "record": {"metrics": ["stability", "remaining:red"], "at": ["2000-03-01", "2000-06-30"],
                                  "windows": [{"name": "incidents_spring", "metric": "incidents", "from": "2000-03-01",
                                               "to": "2000-05-31", "statistic": "sum"}],
                                  "patterns": patterns,
                                  **({"series": {"metrics": ["stability", "order"], "every_days": 14}}
                                     if case == "sweep-lhs" else {})}}, f)
        sweep = os.path.join(out, "sweep")
        run([bin_, "sweep", experiment, "--out", sweep, "-j", "2", "--quiet"])
        run([bin_, "analyze", sweep, "--bootstrap", "50"])
        run([bin_, "report", sweep, "--out", report])
        return report, sweep, None
    fail(f"unknown case {case} (cases: {', '.join(CASES)})")


def read_runs(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def check_sweep(case, sweep, status):
    """The sweep page's own checks: a dot per finished run, a mark per factor, a chart per analysed output."""
    with open(os.path.join(sweep, "manifest.json")) as f:
        manifest = json.load(f)
    runs = read_runs(os.path.join(sweep, "runs.csv"))
    outputs = [o for o in manifest["outputs"] if not o.endswith("_ok")]
    factors = manifest["factors"]
    scatters = [c for c in status["charts"] if c["kind"] == "scatter"]
    if len(scatters) != len(outputs) * len(factors):
        fail(f"{case}: {len(scatters)} scatter plots for {len(outputs)} outputs x {len(factors)} factors")
    for c in scatters:
        def finite(x):
            try:
                return math.isfinite(float(x))
            except ValueError:
                return False
        want = sum(1 for r in runs if r["status"] == "ok" and finite(r[c["output"]]) and r[c["factor"]] != "")
        if not (c["points"] == c["finite_points"] == c["drawn"] == want) or want == 0:
            fail(f"{case}: scatter {c['id']} ({c['output']} against {c['factor']}) drew {c['drawn']} dots, "
                 f"{c['finite_points']} finite, for {want} runs with a value: {c}")
    method = {"latin_hypercube": "prcc", "sobol": "sobol", "morris": "morris"}[manifest["design_kind"]]
    with open(os.path.join(sweep, f"analysis-{method}.csv"), newline="") as f:
        analysed = sorted({r["output"] for r in csv.DictReader(f) if not r["output"].endswith("_ok")})
    marks = [c for c in status["charts"] if c["kind"] in ("bars", "morris")]
    if len(marks) != len(analysed):
        fail(f"{case}: {len(marks)} charts of {method} indices for {len(analysed)} analysed outputs")
    per_factor = 2 if method == "sobol" else 1  # S1 and ST
    for c in marks:  # an output that does not vary has no finite index, and its chart says so instead
        if c["items"] != per_factor * len(factors) or c["drawn"] != c["finite_points"]:
            fail(f"{case}: chart {c['id']} drew {c['drawn']} marks of {c['items']} for {len(factors)} factors: {c}")
    if not any(c["drawn"] > 0 for c in marks):
        fail(f"{case}: no chart of {method} indices drew a mark")
    series = [c for c in status["charts"] if c["kind"] == "series"]
    if len(series) != len(manifest["series"]):
        fail(f"{case}: {len(series)} series charts for the recorded series {manifest['series']}")
    for c in series:  # a mean at every reporting tick, and single runs beside the band
        if c["points"] < 2 or c["finite_points"] != c["points"] or c["runs"] < 1:
            fail(f"{case}: series chart {c['id']} ({c['metric']}) drew {c['finite_points']} of {c['points']} points: {c}")
    return f"{len(scatters)} scatter plots, {len(marks)} {method} charts, {len(series)} series charts"


def main():
    if len(sys.argv) != 5:
        fail(__doc__)
    case, bin_, src, work = sys.argv[1:]
    t0 = time.monotonic()
    report, maps_expected, ensemble = make_outputs(case, bin_, src, work)
    sweep = maps_expected if case in SWEEP_DESIGNS else None
    with open(report, encoding="utf-8") as f:
        html = f.read()
    # nothing outside the file: no src/href to another host (the inlined libraries' comments may name URLs)
    outside = re.findall(r"""<(?:script|link|img|iframe)[^>]+(?:src|href)\s*=\s*["']?(?:https?:)?//""", html, re.I)
    if outside:
        fail(f"{case}: the page loads something from outside itself: {outside[:3]}")
    t1 = time.monotonic()
    dom, log = browse(report, "--dump-dom")
    console = [line for line in log.splitlines() if ":CONSOLE" in line]
    m = re.search(r'<pre id="peacesim-test"[^>]*>(.*?)</pre>', dom, re.S)
    if not m or not m.group(1).strip():
        fail(f"{case}: the page's script did not finish (no test status); console:\n" + "\n".join(console))
    status = json.loads(m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&"))
    errors = status["errors"] + [c for c in console if "Uncaught" in c or "rror" in c]
    if errors:
        fail(f"{case}: console errors:\n" + "\n".join(errors))
    if not status["charts"]:
        fail(f"{case}: no chart drawn")
    if sweep:
        if status.get("command") != "sweep":
            fail(f"{case}: the page did not draw a sweep: {status.get('command')}")
        what = check_sweep(case, sweep, status)
        png = os.path.join(work, case, "report.png")
        browse(report, f"--screenshot={png}", "--window-size=1240,2000")
        if not os.path.exists(png) or os.path.getsize(png) < 10000:
            fail(f"{case}: no screenshot written to {png}")
        print(f"browser test: {case}: {what}, no console error; screenshot {png}; {time.monotonic() - t0:.1f} s")
        return
    for c in status["charts"]:
        if c["series"] < 1 or c["rows"] < 1 or c["finite_points"] < c["series"] or c["ink"] <= 0:
            fail(f"{case}: chart {c['id']} drew no data: {c}")
        # the indices vary between replicates (strengths on a schedule may not)
        if ensemble and c["id"].startswith("headline") and c["band_points"] < 1:
            fail(f"{case}: ensemble chart {c['id']} drew no 5-95% band: {c}")
    maps = status["maps"]
    if [mp["locations"] for mp in maps] != maps_expected:
        fail(f"{case}: expected maps of {maps_expected} locations, got {maps}")
    for mp in maps:
        if not (mp["shapes"] == mp["drawn"] == mp["locations"]):
            fail(f"{case}: the map of {mp['scenario']} has {mp['shapes']} shapes ({mp['drawn']} drawn) "
                 f"for {mp['locations']} locations")
    t2 = time.monotonic()
    png = os.path.join(work, case, "report.png")
    browse(report, f"--screenshot={png}", "--window-size=1240,2000")
    if not os.path.exists(png) or os.path.getsize(png) < 10000:
        fail(f"{case}: no screenshot written to {png}")
    t3 = time.monotonic()
    print(f"browser test: {case}: {len(status['charts'])} charts, maps {[mp['shapes'] for mp in maps]} shapes, "
          f"{status['events']} events, no console error; screenshot {png}; "
          f"outputs {t1 - t0:.1f} s, DOM check {t2 - t1:.1f} s, screenshot {t3 - t2:.1f} s")


if __name__ == "__main__":
    main()
