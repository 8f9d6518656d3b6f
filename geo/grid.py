"""Write assets/geo/grid.csv (code,row,col): the tile-grid cartogram, one equal square per
state, row 0 at the top (north) and col 0 at the left (west).

Designed by hand for cifras from the label points in states.csv and the neighbour graph of
the TopoJSON (check.py prints how many neighbouring states share a tile side or corner).
It was compared with the three published Mexico grids of the geofacet R package
(mx_state_grid1-3, hafen/grid-designer): it keeps more neighbours touching by a side or
a corner (57 of 67 pairs against 50, 51 and 54), puts no neighbouring pair in reversed
order (north/south, west/east; grid2 and grid3 have one each), and keeps Mexico City
between the State of Mexico and Tlaxcala with Morelos and Puebla below. It fits a 2:1 box (5 rows x 10 cols), which suits the slide and report presets.

Usage: grid.py STATES.csv OUT.csv
"""

import csv
import sys

LAYOUT = """
BC   SON  CHIH COAH NL    .     .    .    .    .
BCS  SIN  DGO  ZAC  SLP   TAMPS .    .    .    .
.    NAY  AGS  GTO  QRO   HGO   VER  .    .    .
.    .    JAL  MICH MEX   CDMX  TLAX TAB  CAMP YUC
.    .    COL  GRO  MOR   PUE   OAX  CHIS .    QROO
"""


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8", newline="") as f:
        code_of = {r["abbreviation"]: r["code"] for r in csv.DictReader(f)}
    cells = {}
    for row, line in enumerate(LAYOUT.strip("\n").splitlines()):
        for col, abbr in enumerate(line.split()):
            if abbr != ".":
                if code_of[abbr] in cells:
                    sys.exit(f"grid.py: {abbr} placed twice")
                cells[code_of[abbr]] = (row, col)
    if sorted(cells) != sorted(code_of.values()):
        sys.exit("grid.py: the layout does not place every state once")
    with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "row", "col"])
        for code in sorted(cells):
            w.writerow([code, *cells[code]])


if __name__ == "__main__":
    main()
