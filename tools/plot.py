#!/usr/bin/python3
"""tools/plot.py: the headline figure of a peacesim run or ensemble folder, as PNG.

Usage: tools/plot.py FOLDER [--out FIGURE.png] [--dpi N]

FOLDER is the output folder of `peacesim run` (metrics.csv, summary.json) or of `peacesim
validate` / `compare` (series.csv: the ensemble mean with its 5-95% band, one colour per
scenario). The figure shows the three headline indices over calendar time, with the scripted
events of the scenario as dashed lines. Default output: FOLDER-headline.png beside the folder
(peacesim's output folders list the files they hold, so nothing is added to them).

Needs Debian's python3-matplotlib and python3-pandas (tools/setup installs them).
"""
import argparse
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

INDICES = [("stability", "stability"), ("order", "public order"), ("reconciliation", "reconciliation")]
# Okabe & Ito; the dashes keep lines apart in greyscale
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7"]
DASHES = ["-", "--", ":", "-."]


def die(msg):
    print(f"plot.py: error: {msg}", file=sys.stderr)
    sys.exit(2)


def layout_of(folder):
    for name, keys in (("summary.json", ["scenario"]), ("validation.json", ["scenario"]), ("compare.json", ["base"])):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            with open(path) as f:
                j = json.load(f)
            for k in keys:
                if isinstance(j.get(k), dict):
                    return j[k].get("layout", {}), j[k].get("title") or j[k].get("name", "")
    return {}, ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("--out")
    ap.add_argument("--dpi", type=int, default=150)
    a = ap.parse_args()
    folder = a.folder.rstrip("/")
    out = a.out or folder + "-headline.png"
    layout, title = layout_of(folder)

    fig, axes = plt.subplots(3, 1, figsize=(9, 7.5), sharex=True, constrained_layout=True)
    if os.path.exists(os.path.join(folder, "metrics.csv")):
        m = pd.read_csv(os.path.join(folder, "metrics.csv"), parse_dates=["date"])
        for ax, (col, name) in zip(axes, INDICES):
            ax.plot(m["date"], m[col], color=COLOURS[0], lw=1.4)
        kind = "one run"
    elif os.path.exists(os.path.join(folder, "series.csv")):
        s = pd.read_csv(os.path.join(folder, "series.csv"), parse_dates=["date"])
        for k, (label, part) in enumerate(s.groupby("scenario", sort=False)):
            for ax, (col, name) in zip(axes, INDICES):
                d = part[part["metric"] == col]
                ax.fill_between(d["date"], d["p05"], d["p95"], color=COLOURS[k % 6], alpha=0.2, lw=0)
                ax.plot(d["date"], d["mean"], color=COLOURS[k % 6], ls=DASHES[k % 4], lw=1.4, label=label)
        kind = f"ensemble of {int(s['replicates'].max())}: mean and 5-95% band"
        if s["scenario"].nunique() > 1:
            axes[0].legend(loc="lower right", frameon=False)
    else:
        die(f"{folder}: expected metrics.csv (peacesim run) or series.csv (peacesim validate or compare)")

    for ax, (col, name) in zip(axes, INDICES):
        ax.set_ylim(0, 1)
        ax.set_ylabel(f"{name}\n(index, 0 to 1)")
        ax.grid(True, color="#e4e4e4", lw=0.6)
        lo, hi = ax.get_xlim()
        for e in layout.get("events", []):
            x = mdates.date2num(pd.Timestamp(e["date"]))
            if lo <= x <= hi:
                ax.axvline(x, color="#777", lw=0.6, ls=(0, (3, 3)), zorder=0)
    axes[-1].set_xlabel("date (dashed: scripted events)")
    axes[-1].xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=10))
    axes[-1].xaxis.set_major_formatter(mdates.ConciseDateFormatter(axes[-1].xaxis.get_major_locator()))
    fig.suptitle(f"{title or os.path.basename(folder)} ({kind})", fontsize=11)
    fig.savefig(out, dpi=a.dpi)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
