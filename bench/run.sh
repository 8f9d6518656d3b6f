#!/usr/bin/env bash
# cifras on the peer benchmark's three workloads (../shared/bench/README.md), same inputs,
# timed the same way: one process per run under /usr/bin/time -v, median wall seconds and
# median peak RSS over R runs, printed beside the peers' figures of peers-raw.tsv.
#
# usage: bench/run.sh [--reps R] [--workloads "w1 w2 w3"] [--data DIR] [--work DIR]
# env:   CIFRAS (default: target/release/cifras, built with `cargo build --release`),
#        SHARED (default: ../shared/bench beside the repository), PY (python3 with numpy and
#        polars, only to generate missing inputs with gen_data.py).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared/bench}
[ -d "$SHARED" ] || SHARED=$ROOT/../../shared/bench
CIFRAS=${CIFRAS:-${CARGO_TARGET_DIR:-$ROOT/target}/release/cifras}
DATA=/tmp/benchdata
WORK=/tmp/cifras-bench
REPS=3
WORKLOADS="w1 w2 w3"
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) REPS=$2; shift 2 ;;
    --workloads) WORKLOADS=$2; shift 2 ;;
    --data) DATA=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -x "$CIFRAS" ] || { echo "no cifras binary at $CIFRAS (cargo build --release, or set CIFRAS)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing (apt-get install -y time)" >&2; exit 1; }

# --- inputs: the peers' own generator, same seed, same rows ---
if [ ! -f "$DATA/incidents.csv" ] || [ "$(cat "$DATA/.rows" 2>/dev/null)" != 5000000 ]; then
  PY=${PY:-/tmp/peervenv/bin/python}
  "$PY" "$SHARED/gen_data.py" "$DATA" --rows 5000000
  echo 5000000 > "$DATA/.rows"
fi

# --- projects: templates + data (hard links: the data room refuses symlinks out of data/) ---
link() { ln -f "$1" "$2" 2>/dev/null || cp "$1" "$2"; }
rm -rf "$WORK"; mkdir -p "$WORK"
for w in w1 w2 w3; do
  cp -r "$HERE/projects/$w" "$WORK/$w"
  mkdir -p "$WORK/$w/charts" "$WORK/$w/data"   # git keeps no empty folder
  cp "$HERE/projects/cifras.toml" "$WORK/$w/"
  cp "$HERE/projects/theme.toml" "$WORK/$w/charts/"
  cp "$HERE/projects/sources.toml" "$WORK/$w/data/"
done
link "$DATA/by_state.csv" "$WORK/w1/data/by_state.csv"
link "$DATA/by_year.csv" "$WORK/w1/data/by_year.csv"
link "$DATA/points.csv" "$WORK/w2/data/points.csv"
link "$DATA/incidents.csv" "$WORK/w3/data/incidents.csv"
for i in $(seq -w 1 30); do
  cat > "$WORK/w1/charts/bar_$i.toml" <<TOML
kind = "bar"
data = "by_state"
x = "units"
y = "state"
sort = "descending"
title = "Units by state, chart $i"
subtitle = "32 Mexican states, sorted descending"
TOML
  cat > "$WORK/w1/charts/line_$i.toml" <<TOML
kind = "line"
data = "by_year"
x = "year"
y = "value"
series = "series"
title = "Homicides in Mexico 2006-2019, chart $i"
subtitle = "All homicides vs. firearm homicides"
TOML
done

# --- runs (warm page cache first, as the peers' harness does) ---
cat "$DATA"/*.csv > /dev/null
RAW=$WORK/raw.tsv
printf 'rep\tworkload\trc\twall_s\tmaxrss_kb\n' > "$RAW"
for rep in $(seq 1 "$REPS"); do
  for w in $WORKLOADS; do
    rm -rf "$WORK/$w/out"
    tf=$WORK/$w-$rep.time
    rc=0
    /usr/bin/time -v -o "$tf" "$CIFRAS" build --project "$WORK/$w" -q > "$WORK/$w-$rep.log" 2>&1 || rc=$?
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$tf")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf")
    printf '%s\t%s\t%s\t%s\t%s\n' "$rep" "$w" "$rc" "$wall" "$rss" >> "$RAW"
    printf 'rep %s  cifras %s  rc=%s  wall=%ss  maxrss=%sKB\n' "$rep" "$w" "$rc" "$wall" "$rss"
    [ $rc = 0 ] || { cat "$WORK/$w-$rep.log" >&2; exit 1; }
  done
done

# --- outputs checked with the peers' checker (file count, SVG parses, PNG 1600x900) ---
CHECK=$WORK/check
rm -rf "$CHECK"
for w in $WORKLOADS; do
  mkdir -p "$CHECK/cifras/$w"
  cp "$WORK/$w/out/bench/en/"*.svg "$WORK/$w/out/bench/en/"*.png "$CHECK/cifras/$w/"
done
python3 "$SHARED/check_outputs.py" "$CHECK"
if [ -f "$WORK/w2/out/bench/en/walk.svg" ]; then
  echo "W2 SVG: $(stat -c %s "$WORK/w2/out/bench/en/walk.svg") bytes"
fi

python3 "$HERE/summarize.py" "$RAW" "$SHARED/peers-raw.tsv"
