"""Check the committed geometry and tables under assets/geo/ (run by regenerate.sh; runs
on its own too: `check.py` from the repository root, with shapely installed).

Asserts: 32 states with codes 01-32 once each; valid polygons; every arc used by one or
two states; wherever two states' outlines run together that stretch is the same arcs
in both (no border drawn twice, so no slivers) and no gaps or overlaps between states;
file size at most 300 KB; label points inside their states; the tile grid has 32 distinct
cells; the aliases resolve every spelling gathered from real exports, and no alias
names two states once normalised. With --source (the full-resolution GeoJSON that
extract.py writes) it also compares neighbours, areas and islands with the source.
"""

import argparse
import csv
import itertools
import os
import sys

import shapely

import aliases
import topo

MAX_BYTES = 300_000
CODES = [f"{i:02d}" for i in range(1, 33)]

# Spellings of the states in the files under shared/realdata/ (state-name columns,
# decoded correctly: Latin-1 read as Latin-1, the MacRoman mojibake of the SESNSP file
# undone), and in the project's own data/. Each must resolve to its code.
REAL_SPELLINGS = {
    "01": ["Aguascalientes", "AGUASCALIENTES", "AS"],
    "02": ["Baja California", "BAJA CALIFORNIA", "BC"],
    "03": ["Baja California Sur", "BAJA CALIFORNIA SUR", "BS"],
    "04": ["Campeche", "CAMPECHE", "CC"],
    "05": ["Coahuila de Zaragoza", "COAHUILA DE ZARAGOZA", "COAHUILA", "CL"],
    "06": ["Colima", "COLIMA", "CM"],
    "07": ["Chiapas", "CHIAPAS", "CS"],
    "08": ["Chihuahua", "CHIHUAHUA", "CH"],
    "09": ["Ciudad de México", "CIUDAD DE MÉXICO", "CIUDAD DE MEXICO", "Distrito Federal", "DF"],
    "10": ["Durango", "DURANGO", "DG"],
    "11": ["Guanajuato", "GUANAJUATO", "GT"],
    "12": ["Guerrero", "GUERRERO", "GR"],
    "13": ["Hidalgo", "HIDALGO", "HG"],
    "14": ["Jalisco", "JALISCO", "JC"],
    "15": ["México", "MÉXICO", "ESTADO DE MEXICO", "MC"],
    "16": ["Michoacán de Ocampo", "MICHOACÁN DE OCAMPO", "MICHOACAN", "Michoacán", "Michoacan", "MN"],
    "17": ["Morelos", "MORELOS", "MS"],
    "18": ["Nayarit", "NAYARIT", "NT"],
    "19": ["Nuevo León", "NUEVO LEÓN", "NUEVO LEON", "NL"],
    "20": ["Oaxaca", "OAXACA", "OC"],
    "21": ["Puebla", "PUEBLA", "PL"],
    "22": ["Querétaro", "QUERÉTARO", "QUERETARO", "QT"],
    "23": ["Quintana Roo", "QUINTANA ROO", "QR"],
    "24": ["San Luis Potosí", "SAN LUIS POTOSÍ", "SAN LUIS POTOSI", "SP"],
    "25": ["Sinaloa", "SINALOA", "SL"],
    "26": ["Sonora", "SONORA", "SR"],
    "27": ["Tabasco", "TABASCO", "TC"],
    "28": ["Tamaulipas", "TAMAULIPAS", "TS"],
    "29": ["Tlaxcala", "TLAXCALA", "TL"],
    "30": ["Veracruz de Ignacio de la Llave", "VERACRUZ DE IGNACIO DE LA LLAVE", "VERACRUZ",
           "Veracruz", "VZ"],
    "31": ["Yucatán", "YUCATÁN", "YUCATAN", "YN"],
    "32": ["Zacatecas", "ZACATECAS", "ZS"],
}
# Labels in those files that are not states: they must stay unmatched.
NOT_STATES = ["Total", "Extranjero", "No especificado", "ESTADOS UNIDOS MEXICANOS",
              "NO APLICA", "SE IGNORA", "NO ESPECIFICADO", "NA", "SI", "NE", "Other states",
              "Nacional"]

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
    return ok


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def check_topology(t):
    obj = t["objects"].get("states")
    if not check(obj is not None, "no object named 'states'"):
        return None
    geoms = obj["geometries"]
    codes = [g.get("properties", {}).get("code") for g in geoms]
    check(sorted(codes) == CODES, f"codes are not 01-32 once each: {sorted(codes)}")
    for g in geoms:
        p = g.get("properties", {})
        check(set(p) == {"code", "name"} and p["name"], f"properties of {p}: want code and name")
    check("transform" in t, "the TopoJSON is not quantized (no transform)")

    qarcs = topo.quantized_arcs(t)
    owners = {}
    for g in geoms:
        for i in topo.arc_indices(g):
            owners.setdefault(i, []).append(g["properties"]["code"])
    unused = [i for i in range(len(qarcs)) if i not in owners]
    check(not unused, f"{len(unused)} arcs are used by no state")
    over = {i: o for i, o in owners.items() if len(o) > 2}
    check(not over, f"arcs used more than twice: {over}")
    self_shared = [i for i, o in owners.items() if len(o) == 2 and o[0] == o[1]]
    shared = {i: tuple(sorted(o)) for i, o in owners.items() if len(o) == 2 and o[0] != o[1]}
    pairs = sorted(set(shared.values()))

    # Rings close on the integer grid: the arcs of a ring join end to start exactly.
    for g in geoms:
        for poly in topo.polygons_of(g):
            for ring in poly:
                pts = topo.ring_points(ring, qarcs)
                check(pts[0] == pts[-1] and len(pts) >= 4,
                      f"state {g['properties']['code']}: a ring does not close")

    states = {p["code"]: geom for p, geom in topo.states(t)}
    for code, geom in states.items():
        check(geom.is_valid, f"state {code}: invalid geometry ({shapely.is_valid_reason(geom)})")

    arcs = topo.decoded_arcs(t)
    shared_len = {}
    for i, pair in shared.items():
        shared_len[pair] = shared_len.get(pair, 0.0) + shapely.LineString(arcs[i]).length

    # Where two outlines run together, that stretch must be their shared arcs and
    # nothing else: a border drawn twice (two arcs along the same line) would count here
    # but not in shared_len.
    boundaries = {c: g.boundary for c, g in states.items()}
    tree_codes = list(states)
    tree = shapely.STRtree([states[c] for c in tree_codes])
    max_overlap = 0.0
    touching = 0
    for a in tree_codes:
        for j in tree.query(states[a]):
            b = tree_codes[j]
            if b <= a:
                continue
            common = boundaries[a].intersection(boundaries[b]).length
            want = shared_len.get((a, b), 0.0)
            check(abs(common - want) <= 1e-6 * max(want, 1.0),
                  f"{a}/{b}: outlines coincide for {common:.1f} m, shared arcs {want:.1f} m")
            if common > 0:
                touching += 1
            max_overlap = max(max_overlap, states[a].intersection(states[b]).area)
    check(max_overlap < 1.0, f"states overlap by up to {max_overlap:.1f} m2")

    # No gaps: every hole in the union of all states is a hole of one state (a lake).
    union = shapely.union_all(list(states.values()))
    state_holes = sorted(
        round(shapely.Polygon(r).area)
        for g in states.values()
        for p in getattr(g, "geoms", [g])
        for r in p.interiors
    )
    union_holes = sorted(
        round(shapely.Polygon(r).area) for p in getattr(union, "geoms", [union]) for r in p.interiors
    )
    gaps = len(union_holes) - len(state_holes)
    check(union_holes == state_holes, f"gaps between states: union holes {union_holes}, "
          f"state holes {state_holes}")

    print(f"states: {len(geoms)}, codes 01-32 once each: {sorted(codes) == CODES}")
    print(f"arcs: {len(qarcs)} ({sum(len(a) for a in qarcs)} points); shared by two states: "
          f"{len(shared)}; outer (coast or national border): "
          f"{sum(1 for o in owners.values() if len(o) == 1)}; used twice by one state: "
          f"{len(self_shared)}")
    print(f"neighbouring pairs: {len(pairs)} (each border = the same arcs in both states: "
          f"{touching} pairs of touching outlines checked); max overlap {max_overlap:.3f} m2; "
          f"gaps: {max(gaps, 0)}; holes (lakes) kept: {len(state_holes)}")
    return states, pairs


def check_against_source(states, pairs, source_path):
    src = {}
    for f in topo.load(source_path)["features"]:
        src[f["properties"]["code"]] = shapely.geometry.shape(f["geometry"])
    # INEGI's full-resolution borders do not share vertices exactly (sub-metre offsets);
    # a border is a stretch where the outlines stay within 5 m of each other.
    codes = sorted(src)
    tree = shapely.STRtree([src[c] for c in codes])
    src_pairs = []
    for a in codes:
        near = src[a].boundary.buffer(5)
        for j in tree.query(src[a]):
            b = codes[j]
            if b > a and src[b].boundary.intersection(near).length > 500:
                src_pairs.append((a, b))
    check(sorted(src_pairs) == pairs,
          f"neighbours differ from the source: only in source {sorted(set(src_pairs) - set(pairs))}, "
          f"only here {sorted(set(pairs) - set(src_pairs))}")
    worst = max(abs(states[c].area / src[c].area - 1) for c in codes)
    check(worst < 0.01, f"a state's area differs from the source by {worst:.2%}")
    lost = []
    for c in codes:
        for p in getattr(src[c], "geoms", [src[c]]):
            if p.area >= 20e6 and states[c].distance(p.representative_point()) > 1000:
                lost.append((c, round(p.area / 1e6)))
    check(not lost, f"islands of 20 km2 or more lost: {lost}")
    kept = sum(len(getattr(g, "geoms", [g])) for g in states.values())
    total = sum(len(getattr(g, "geoms", [g])) for g in src.values())
    print(f"source: neighbours equal: {sorted(src_pairs) == pairs}; max area change "
          f"{worst:.3%}; polygons kept {kept} of {total} (every one of 20 km2 or more kept)")


def check_states_csv(rows, states):
    check([r["code"] for r in rows] == CODES, "states.csv: codes are not 01-32 in order")
    abbrs = [r["abbreviation"] for r in rows]
    check(len(set(abbrs)) == 32 and all(2 <= len(a) <= 5 for a in abbrs),
          f"states.csv: abbreviations not distinct or not 2-5 letters: {abbrs}")
    for r in rows:
        pt = shapely.Point(float(r["label_x"]), float(r["label_y"]))
        check(states[r["code"]].contains(pt), f"states.csv: label point of {r['code']} outside")
    print("states.csv: 32 rows, label points inside their states")


def check_grid(rows, pairs):
    codes = [r["code"] for r in rows]
    check(sorted(codes) == CODES, "grid.csv: codes are not 01-32 once each")
    cell = {r["code"]: (int(r["row"]), int(r["col"])) for r in rows}
    check(len(set(cell.values())) == len(cell), "grid.csv: two states in one cell")

    def dist(a, b):
        return abs(cell[a][0] - cell[b][0]), abs(cell[a][1] - cell[b][1])

    side = sum(1 for a, b in pairs if sum(dist(a, b)) == 1)
    corner = sum(1 for a, b in pairs if dist(a, b) == (1, 1))
    nb = set(pairs)
    false_side = [(a, b) for a, b in itertools.combinations(sorted(cell), 2)
                  if sum(dist(a, b)) == 1 and (a, b) not in nb]
    rows_n = max(r for r, _ in cell.values()) + 1
    cols_n = max(c for _, c in cell.values()) + 1
    print(f"grid.csv: {rows_n} rows x {cols_n} cols; of {len(pairs)} neighbouring pairs "
          f"{side} share a tile side and {corner} a corner; {len(false_side)} side-by-side "
          f"tiles are not neighbours")


def check_aliases(rows, names):
    table = {}
    clash = []
    for r in rows:
        key = aliases.normalise(r["alias"])
        check(key and not key.isdigit(), f"aliases.csv: alias {r['alias']!r} is empty or a number")
        check(r["code"] in CODES, f"aliases.csv: {r['alias']!r} has code {r['code']!r}")
        if table.setdefault(key, r["code"]) != r["code"]:
            clash.append((r["alias"], table[key], r["code"]))
    check(not clash, f"aliases.csv: aliases naming two states once normalised: {clash}")
    check(sorted(set(table.values())) == CODES, "aliases.csv: a state has no alias")
    wanted = dict(REAL_SPELLINGS)
    for code, spellings in names.items():
        wanted[code] = wanted.get(code, []) + spellings
    missing = [(s, c) for c, ss in wanted.items() for s in ss
               if table.get(aliases.normalise(s)) != c]
    check(not missing, f"aliases.csv: spellings that do not resolve: {missing}")
    stray = [s for s in NOT_STATES if aliases.normalise(s) in table]
    check(not stray, f"aliases.csv: non-state labels would match a state: {stray}")
    n = sum(len(v) for v in wanted.values())
    print(f"aliases.csv: {len(rows)} aliases, {len(table)} distinct once normalised, none "
          f"naming two states; {n} spellings (real exports, INEGI, states.csv) resolve")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    assets = os.path.join(here, "..", "assets", "geo")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--assets", default=assets)
    ap.add_argument("--source", help="full-resolution GeoJSON written by extract.py")
    args = ap.parse_args()

    path = os.path.join(args.assets, "mx-states.topo.json")
    size = os.path.getsize(path)
    check(size <= MAX_BYTES, f"mx-states.topo.json is {size} bytes, over {MAX_BYTES}")
    print(f"mx-states.topo.json: {size} bytes (limit {MAX_BYTES})")
    t = topo.load(path)
    result = check_topology(t)
    if result is not None:
        states, pairs = result
        if args.source:
            check_against_source(states, pairs, args.source)
        srows = read_csv(os.path.join(args.assets, "states.csv"))
        check_states_csv(srows, states)
        check_grid(read_csv(os.path.join(args.assets, "grid.csv")), pairs)
        names = {}
        for g in t["objects"]["states"]["geometries"]:
            names.setdefault(g["properties"]["code"], []).append(g["properties"]["name"])
        for r in srows:
            names[r["code"]] += [r["name_es"], r["name_en"], r["abbreviation"]]
        check_aliases(read_csv(os.path.join(args.assets, "aliases.csv")), names)
    if failures:
        for f in failures:
            print("FAIL:", f, file=sys.stderr)
        print(f"check.py: {len(failures)} failed")
        sys.exit(1)
    print("check.py: all checks passed")


if __name__ == "__main__":
    main()
