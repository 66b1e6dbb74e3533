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
  * a map has not exactly one drawn shape per location of its scenario.

It keeps WORK_DIR/CASE/report.png, a screenshot of the top of the page, as the test's artefact.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

CASES = ("kosovo", "one-tick", "zero-metric", "thirty-years", "different-locations", "ensemble", "compare")


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
    fail(f"unknown case {case} (cases: {', '.join(CASES)})")


def main():
    if len(sys.argv) != 5:
        fail(__doc__)
    case, bin_, src, work = sys.argv[1:]
    t0 = time.monotonic()
    report, maps_expected, ensemble = make_outputs(case, bin_, src, work)
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
