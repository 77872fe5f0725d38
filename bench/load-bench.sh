#!/usr/bin/env bash
# Load throughput and peak loader memory: load a dataset into a fresh embedded Neo4j, load it again
# (idempotent re-load), and print rows, wall seconds, rows/s and the loader's peak RSS for each pass.
#
# Usage (from anywhere, after `npm ci` and `npx tsc -p tsconfig.json`):
#   bench/load-bench.sh DATASET_DIR                 # e.g. seeds/demo or /tmp/bench-data/100k
#   bench/load-bench.sh --accounts N [--seed S]     # generates /tmp/bench-data/load-N-S first
# Environment:
#   BENCH_HOME       RINGSCOPE_HOME to use (default: a new /tmp/bench-home-XXXXXX); must not hold a store
#                    another process is using. Never the project's ./.ringscope.
#   KEEP_HOME=1      keep the loaded store afterwards (to run `ringscope detect` or the API bench on it)
#   PASSES           which passes to run (default "first reload")
#   RINGSCOPE_NEO4J_HEAP, RINGSCOPE_NEO4J_PAGECACHE, RINGSCOPE_BATCH_SIZE   passed through (defaults 4g, 2g, 5000)
#
# The database is started once by a holder process and kept up across the passes, so the ~20 s JVM
# start is not counted as loading; each `ringscope load` reuses it (see src/db/embedded.ts).
# "wall" is the whole `ringscope load` process (Node start, connect, schema check, load, summary);
# "loader s" is the loader's own time from summary.json.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
data=''
accounts=''
seed=1
while [ $# -gt 0 ]; do
  case "$1" in
    --accounts) accounts=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) data=$1; shift ;;
  esac
done
cd "$root"
if [ -n "$accounts" ]; then
  data=${data:-/tmp/bench-data/load-$accounts-$seed}
  [ -d "$data" ] || node bin/ringscope.js generate --out "$data" --accounts "$accounts" --seed "$seed"
fi
[ -n "$data" ] && [ -d "$data" ] || { echo "usage: $0 DATASET_DIR | --accounts N [--seed S]" >&2; exit 64; }
data=$(cd "$data" && pwd)

home=${BENCH_HOME:-$(mktemp -d /tmp/bench-home-XXXXXX)}
case "$home" in /tmp/*) ;; *) echo "BENCH_HOME must be under /tmp (got $home)" >&2; exit 64 ;; esac
if [ -d "$home/neo4j" ]; then echo "$home already holds a store; use a fresh BENCH_HOME" >&2; exit 64; fi
mkdir -p "$home"
export RINGSCOPE_HOME="$home" LOG_LEVEL=${LOG_LEVEL:-warn}
export RINGSCOPE_NEO4J_HEAP=${RINGSCOPE_NEO4J_HEAP:-4g} RINGSCOPE_NEO4J_PAGECACHE=${RINGSCOPE_NEO4J_PAGECACHE:-2g}

echo "date:     $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine:  $(nproc) cpus, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, node $(node --version), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "dataset:  $data ($(du -sh "$data" | cut -f1))"
echo "home:     $home (heap $RINGSCOPE_NEO4J_HEAP, page cache $RINGSCOPE_NEO4J_PAGECACHE, batch ${RINGSCOPE_BATCH_SIZE:-5000})"

# Hold the database up across the passes.
node -e "
const { loadConfig } = require('./dist/src/config');
const { openDatabase } = require('./dist/src/db/database');
openDatabase(loadConfig()).then(() => { console.log('db up'); setInterval(() => {}, 1 << 30); },
  (e) => { console.error(e); process.exit(1); });
" &
holder=$!
stop_db() {
  local jvm
  jvm=$(node -p "try { require('$home/neo4j.json').pid } catch { '' }" 2>/dev/null || true)
  kill "$holder" 2>/dev/null || true
  # The JVM shuts down when its parent's stdin closes; wait for it before touching the store.
  if [ -n "$jvm" ]; then
    for _ in $(seq 1 120); do kill -0 "$jvm" 2>/dev/null || break; sleep 1; done
  fi
  rm -f "$home/neo4j.json" # the holder was killed, so nobody removed the state file
  if [ "${KEEP_HOME:-0}" = 1 ]; then echo "store kept in $home"; else rm -rf "$home"; fi
}
trap stop_db EXIT
started=$(date +%s)
until [ -f "$home/neo4j.json" ]; do
  kill -0 "$holder" 2>/dev/null || { echo "the database did not start; see $home/neo4j.log" >&2; exit 1; }
  sleep 1
done
echo "db start: $(($(date +%s) - started)) s (not counted)"
sleep 2

printf '\n| pass | rows | stored | rejected | wall s | loader s | rows/s (wall) | rows/s (loader) | loader peak RSS MiB | load avg before | load avg after |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n'
for pass in ${PASSES:-first reload}; do
  before=$(cut -d' ' -f1-3 /proc/loadavg)
  set +e
  /usr/bin/time -o "$home/time-$pass" -f '%e %M' \
    node bin/ringscope.js load "$data" --report-dir "$home/report-$pass" >"$home/load-$pass.out" 2>&1
  rc=$?
  set -e
  after=$(cut -d' ' -f1-3 /proc/loadavg)
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then
    cat "$home/load-$pass.out" >&2
    echo "load failed (exit $rc)" >&2
    exit 1
  fi
  read -r wall rss <"$home/time-$pass"
  node -e "
const s = require('$home/report-$pass/summary.json');
const [wall, rss] = [Number('$wall'), Number('$rss')];
console.log('| $pass | ' + [s.rows, s.stored, s.rejected, wall.toFixed(1), s.seconds.toFixed(1),
  Math.round(s.rows / wall), Math.round(s.rows / s.seconds), (rss / 1024).toFixed(0), '$before', '$after'].join(' | ') + ' |');
"
done
for pass in ${PASSES:-first reload}; do
  printf '\n%s pass, per file (from the loader summary):\n' "$pass"
  sed -n '/^  file/,/^summary/p' "$home/load-$pass.out"
done
