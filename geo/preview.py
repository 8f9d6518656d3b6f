"""Draw assets/geo/ for a look (not committed): the whole country at 1600 x 900 px with
the label points and abbreviations, central Mexico (Estado de México, Ciudad de México,
Morelos, Tlaxcala, ...) zoomed to 1600 x 900, and the tile grid.

Usage: preview.py ASSETS_DIR OUT_PREFIX  ->  OUT_PREFIX.png, OUT_PREFIX-central.png,
OUT_PREFIX-grid.png
"""

import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import PathPatch, Rectangle  # noqa: E402
from matplotlib.path import Path  # noqa: E402

import topo  # noqa: E402

PALETTE = ["#c6dbef", "#fdd0a2", "#c7e9c0", "#dadaeb", "#fcbba1"]


def colouring(t):
    """Neighbouring states in different colours (greedy, in code order)."""
    owners = {}
    for g in t["objects"]["states"]["geometries"]:
        for i in set(topo.arc_indices(g)):
            owners.setdefault(i, set()).add(g["properties"]["code"])
    nb = {}
    for o in owners.values():
        if len(o) == 2:
            a, b = sorted(o)
            nb.setdefault(a, set()).add(b)
            nb.setdefault(b, set()).add(a)
    colour = {}
    for code in sorted({c for o in owners.values() for c in o}):
        used = {colour.get(n) for n in nb.get(code, ())}
        colour[code] = next(c for c in PALETTE if c not in used)
    return colour


def patch(geom, colour):
    verts, codes = [], []
    for poly in getattr(geom, "geoms", [geom]):
        for ring in [poly.exterior, *poly.interiors]:
            xy = list(ring.coords)
            verts.extend(xy)
            codes.extend([Path.MOVETO] + [Path.LINETO] * (len(xy) - 2) + [Path.CLOSEPOLY])
    return PathPatch(Path(verts, codes), facecolor=colour, edgecolor="#333333", linewidth=0.4)


def draw_map(shapes, colour, labels, abbrev, bounds, out):
    w, h = 1600, 900
    fig = plt.figure(figsize=(w / 100, h / 100), dpi=100)
    ax = fig.add_axes([0, 0, 1, 1])
    for props, geom in shapes:
        ax.add_patch(patch(geom, colour[props["code"]]))
    x0, y0, x1, y1 = bounds
    for code, (x, y) in labels.items():
        ax.plot([x], [y], "o", color="#b2182b", markersize=2.5)
        ax.annotate(abbrev[code], (x, y), xytext=(3, 3), textcoords="offset points", fontsize=8)
    # Same scale on both axes, centred, 2 % margin.
    scale = max((x1 - x0) / w, (y1 - y0) / h) * 1.04
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    ax.set_xlim(cx - scale * w / 2, cx + scale * w / 2)
    ax.set_ylim(cy - scale * h / 2, cy + scale * h / 2)
    ax.set_axis_off()
    fig.savefig(out, dpi=100)
    plt.close(fig)


def draw_grid(cells, abbrev, out):
    n_rows = max(r for r, _ in cells.values()) + 1
    n_cols = max(c for _, c in cells.values()) + 1
    fig = plt.figure(figsize=(n_cols * 0.9, n_rows * 0.9), dpi=100)
    ax = fig.add_axes([0, 0, 1, 1])
    for code, (r, c) in cells.items():
        y = n_rows - 1 - r
        ax.add_patch(Rectangle((c + 0.04, y + 0.04), 0.92, 0.92, color="#9ecae1"))
        ax.text(c + 0.5, y + 0.5, abbrev[code], ha="center", va="center", fontsize=9)
    ax.set_xlim(0, n_cols)
    ax.set_ylim(0, n_rows)
    ax.set_axis_off()
    fig.savefig(out, dpi=100)
    plt.close(fig)


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    assets, prefix = sys.argv[1], sys.argv[2]
    t = topo.load(os.path.join(assets, "mx-states.topo.json"))
    shapes = topo.states(t)
    colour = colouring(t)
    rows = read_csv(os.path.join(assets, "states.csv"))
    labels = {r["code"]: (float(r["label_x"]), float(r["label_y"])) for r in rows}
    abbrev = {r["code"]: r["abbreviation"] for r in rows}
    xs = [b for _, g in shapes for b in g.bounds[0::2]]
    ys = [b for _, g in shapes for b in g.bounds[1::2]]
    draw_map(shapes, colour, labels, abbrev, (min(xs), min(ys), max(xs), max(ys)), prefix + ".png")
    by_code = {p["code"]: g for p, g in shapes}
    central = by_code["15"].union(by_code["29"]).union(by_code["17"]).bounds
    draw_map(shapes, colour, labels, abbrev, central, prefix + "-central.png")
    cells = {r["code"]: (int(r["row"]), int(r["col"])) for r in read_csv(os.path.join(assets, "grid.csv"))}
    draw_grid(cells, abbrev, prefix + "-grid.png")


if __name__ == "__main__":
    main()
