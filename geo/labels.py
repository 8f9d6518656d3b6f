"""Write assets/geo/states.csv: each state's code, abbreviation, short Spanish and English
names, and a label point inside it, computed from the committed (simplified) geometry.

The label point is the pole of inaccessibility (shapely's polylabel) of the state's
largest polygon: the interior point farthest from the outline, where a label or a
proportional circle sits best. Centroids can fall outside (Veracruz, Baja California Sur)
or in the sea.

Usage: labels.py TOPO.json OUT.csv
"""

import csv
import sys

import shapely
from shapely.ops import polylabel

import topo

# code, abbreviation, name_es, name_en.
# Abbreviations: INEGI's NOM_ABR (Catálogo Único de Claves AGEEML: "Ags.", "BC",
# "Tamps.", "Q. Roo", ...) upper-cased without dots or spaces; "MEX" for México.
# name_es: the short name the press and the report use (INEGI's NOMGEO is in the
# TopoJSON's `name`); name_en: English where usage differs, else the same as name_es.
STATES = [
    ("01", "AGS", "Aguascalientes", "Aguascalientes"),
    ("02", "BC", "Baja California", "Baja California"),
    ("03", "BCS", "Baja California Sur", "Baja California Sur"),
    ("04", "CAMP", "Campeche", "Campeche"),
    ("05", "COAH", "Coahuila", "Coahuila"),
    ("06", "COL", "Colima", "Colima"),
    ("07", "CHIS", "Chiapas", "Chiapas"),
    ("08", "CHIH", "Chihuahua", "Chihuahua"),
    ("09", "CDMX", "Ciudad de México", "Mexico City"),
    ("10", "DGO", "Durango", "Durango"),
    ("11", "GTO", "Guanajuato", "Guanajuato"),
    ("12", "GRO", "Guerrero", "Guerrero"),
    ("13", "HGO", "Hidalgo", "Hidalgo"),
    ("14", "JAL", "Jalisco", "Jalisco"),
    ("15", "MEX", "México", "State of Mexico"),
    ("16", "MICH", "Michoacán", "Michoacán"),
    ("17", "MOR", "Morelos", "Morelos"),
    ("18", "NAY", "Nayarit", "Nayarit"),
    ("19", "NL", "Nuevo León", "Nuevo León"),
    ("20", "OAX", "Oaxaca", "Oaxaca"),
    ("21", "PUE", "Puebla", "Puebla"),
    ("22", "QRO", "Querétaro", "Querétaro"),
    ("23", "QROO", "Quintana Roo", "Quintana Roo"),
    ("24", "SLP", "San Luis Potosí", "San Luis Potosí"),
    ("25", "SIN", "Sinaloa", "Sinaloa"),
    ("26", "SON", "Sonora", "Sonora"),
    ("27", "TAB", "Tabasco", "Tabasco"),
    ("28", "TAMPS", "Tamaulipas", "Tamaulipas"),
    ("29", "TLAX", "Tlaxcala", "Tlaxcala"),
    ("30", "VER", "Veracruz", "Veracruz"),
    ("31", "YUC", "Yucatán", "Yucatán"),
    ("32", "ZAC", "Zacatecas", "Zacatecas"),
]

# 100 m: far below a pixel at any map size the charts use (1600 px ~ 2 km/px).
TOLERANCE_M = 100.0


def label_point(geom):
    largest = max(getattr(geom, "geoms", [geom]), key=lambda p: (p.area, p.bounds))
    p = polylabel(largest, tolerance=TOLERANCE_M)
    x, y = round(p.x), round(p.y)
    if not largest.contains(shapely.Point(x, y)):
        sys.exit(f"labels.py: rounded label point {x},{y} falls outside its state")
    return x, y


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    by_code = {props["code"]: geom for props, geom in topo.states(topo.load(sys.argv[1]))}
    if sorted(by_code) != [s[0] for s in STATES]:
        sys.exit("labels.py: the TopoJSON's codes differ from the table's")
    with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "abbreviation", "name_es", "name_en", "label_x", "label_y"])
        for code, abbr, es, en in STATES:
            x, y = label_point(by_code[code])
            w.writerow([code, abbr, es, en, x, y])


if __name__ == "__main__":
    main()
