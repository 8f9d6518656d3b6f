#!/usr/bin/env python3
"""cifras' benchmark runs beside the peers': median wall seconds and median peak RSS.

usage: summarize.py OURS_RAW_TSV PEERS_RAW_TSV   (standard library only)
"""
import csv
import statistics
import sys

TARGETS = {"w1": "≤ 1.0 s", "w2": "≤ 0.4 s, SVG < 0.5 MB", "w3": "≤ 1.2 s, ≤ 400 MiB"}
NAMES = {"matplotlib": "matplotlib", "matplotlib_polars": "matplotlib + polars", "plotnine": "plotnine",
         "altair": "altair + vl-convert", "ggplot2": "R ggplot2"}


def medians(path, key):
    runs = {}
    with open(path) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["rc"] != "0":
                continue
            runs.setdefault(key(row), []).append((float(row["wall_s"]), int(row["maxrss_kb"]) / 1024))
    return {k: (statistics.median(w for w, _ in v), statistics.median(m for _, m in v), len(v))
            for k, v in runs.items()}


ours = medians(sys.argv[1], lambda r: r["workload"])
peers = medians(sys.argv[2], lambda r: (r["peer"], r["workload"]))
print()
print("| workload | cifras wall s | cifras peak MiB | runs | target | best peer | peer wall s | peer peak MiB | speed-up |")
print("|---|---:|---:|---:|---|---|---:|---:|---:|")
for w in ("w1", "w2", "w3"):
    if w not in ours:
        continue
    wall, rss, n = ours[w]
    cands = [(v[0], v[1], p) for (p, pw), v in peers.items() if pw == w]
    if cands:
        pw, pm, p = min(cands)
        print(f"| {w.upper()} | {wall:.2f} | {rss:.0f} | {n} | {TARGETS[w]} | {NAMES.get(p, p)} | {pw:.2f} | {pm:.0f} | {pw / wall:.1f}× |")
    else:
        print(f"| {w.upper()} | {wall:.2f} | {rss:.0f} | {n} | {TARGETS[w]} | — | — | — | — |")
print()
print("Every peer (median wall s / peak MiB):")
for (p, w), (pw, pm, _) in sorted(peers.items(), key=lambda kv: (kv[0][1], kv[1][0])):
    print(f"  {w.upper()} {NAMES.get(p, p):22s} {pw:6.2f} s {pm:6.0f} MiB")
