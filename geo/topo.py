"""Decode the TopoJSON that mapshaper writes into shapely geometries (shared by the
label, check and preview scripts). Only what the committed file uses: one object of
Polygon / MultiPolygon geometries, quantized arcs with a transform."""

import json

import shapely


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def decoded_arcs(topo):
    """Arcs as lists of (x, y) in the data's units (EPSG:6372 metres)."""
    t = topo.get("transform")
    out = []
    for arc in topo["arcs"]:
        if t is None:
            out.append([tuple(p[:2]) for p in arc])
            continue
        (sx, sy), (tx, ty) = t["scale"], t["translate"]
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def quantized_arcs(topo):
    """Arcs as lists of integer grid points (exact, for comparing shared borders)."""
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x, y))
        out.append(pts)
    return out


def ring_points(arc_refs, arcs):
    pts = []
    for i in arc_refs:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a if not pts else a[1:])
    return pts


def polygons_of(geometry):
    """The geometry's polygons as lists of rings, each a list of arc indices."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    raise ValueError(f"unexpected geometry type {geometry['type']}")


def arc_indices(geometry):
    return [i if i >= 0 else ~i for poly in polygons_of(geometry) for ring in poly for i in ring]


def to_shapely(geometry, arcs):
    polys = []
    for poly in polygons_of(geometry):
        rings = [ring_points(r, arcs) for r in poly]
        polys.append(shapely.Polygon(rings[0], rings[1:]))
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def states(topo, object_name="states"):
    """[(properties, shapely geometry)] in file order."""
    arcs = decoded_arcs(topo)
    return [
        (g.get("properties", {}), to_shapely(g, arcs))
        for g in topo["objects"][object_name]["geometries"]
    ]
