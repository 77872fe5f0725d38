#!/usr/bin/env bash
# Load throughput and peak loader memory: generate a dataset, load it into a fresh embedded Neo4j,
# load it again (idempotent re-load), and print rows/s and the loader's peak RSS.
# Usage: bench/load-bench.sh ACCOUNTS [SEED]    (run from the repository root after `npm ci`)
set -euo pipefail
accounts=${1:?accounts}
seed=${2:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
data="$root/bench/data/load-$accounts"
home=$(mktemp -d /tmp/ringscope-bench-XXXXXX)
export RINGSCOPE_HOME="$home" RINGSCOPE_NEO4J_HEAP=${RINGSCOPE_NEO4J_HEAP:-6g} RINGSCOPE_NEO4J_PAGECACHE=${RINGSCOPE_NEO4J_PAGECACHE:-4g}
cd "$root"
[ -d "$data" ] || node bin/ringscope.js generate --out "$data" --accounts "$accounts" --seed "$seed"
rows=$(cat "$data"/*.csv | wc -l)
echo "dataset: $data ($(du -sh "$data" | cut -f1), $rows lines incl. headers and ground truth)"
# Keep the database up across both loads so the JVM start is not counted as loading.
node -e "
const { loadConfig } = require('./dist/src/config');
const { openDatabase } = require('./dist/src/db/database');
openDatabase(loadConfig()).then(() => { console.log('db up'); setInterval(() => {}, 1 << 30); });
" &
holder=$!
trap 'kill $holder 2>/dev/null; sleep 5; rm -rf "$home"' EXIT
until [ -f "$home/neo4j.json" ]; do sleep 1; done
sleep 2
for pass in first reload; do
  /usr/bin/time -f "$pass: wall %e s, loader peak RSS %M KiB" node bin/ringscope.js load "$data" --report-dir "$home/report-$pass" | tail -n +1
done
