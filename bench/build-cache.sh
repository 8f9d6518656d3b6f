#!/usr/bin/env bash
# Build-cache benchmark: full build, full build on one thread, no-op build, and a build
# after editing one CSV, of the shipped report (a copy in a temporary folder).
# Needs hyperfine (Debian: `apt-get install hyperfine`). Usage: bench/build-cache.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
bin="$(realpath "${CARGO_TARGET_DIR:-target}/release/cifras")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp -r charts data cifras.toml "$tmp/"
csv="$tmp/data/small_arms_by_state.csv"
cp "$csv" "$tmp/csv.orig"
echo "$(nproc) cores; $(ls "$tmp"/charts/*.toml | grep -vc theme.toml) charts"
hyperfine --warmup 1 --runs 5 --prepare "rm -rf '$tmp/out'" \
    -n "full build" "'$bin' --project '$tmp' build -q" \
    -n "full build, --jobs 1" "'$bin' --project '$tmp' build -q --jobs 1"
"$bin" --project "$tmp" build -q
hyperfine --warmup 3 --runs 30 -N -n "no-op build" "'$bin' --project '$tmp' build -q"
hyperfine --warmup 3 --runs 30 -N -n "build --check" "'$bin' --project '$tmp' build --check -q"
# One CSV edited (one figure changed; the original restored and built before each run):
# only the charts that read it are rebuilt.
hyperfine --warmup 1 --runs 10 \
    --prepare "cp '$tmp/csv.orig' '$csv'; '$bin' --project '$tmp' build -q; sed -i 's/Guerrero,2039/Guerrero,2040/' '$csv'" \
    -n "one CSV edited" "'$bin' --project '$tmp' build -q"
