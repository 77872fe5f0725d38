#!/usr/bin/env bash
# First loads side by side, on the same files and each into a fresh store with the same constraints
# (cypher/schema.cypher), alternating method by method in every round:
#   bulk           `ringscope load DIR` (validation, offline importer, constraints and indexes, migration)
#   transactional  `ringscope load --transactional DIR` with two writers (RINGSCOPE_LOAD_WRITERS as set, else 2)
#   transactional-1  the same with one writer (RINGSCOPE_LOAD_WRITERS=1, the default)
#   loadcsv        Neo4j's LOAD CSV ... CALL {} IN TRANSACTIONS OF 5000 ROWS with MERGE (cypher/bench/load-csv-merge)
#   loadcsv-conc   the same IN 2 CONCURRENT TRANSACTIONS (cypher/bench/load-csv-merge-concurrent)
#   bare           neo4j-admin database import full alone, on the files the bulk path would hand it (pre-cleaned)
# Prints rows/s (rows = data rows of the dataset's files) and the ratio to loadcsv, and peak RSS (/usr/bin/time:
# the largest of the process and its children, so the importer JVM's for bulk; the loader's own is in detail).
#
# Usage (after `npm ci` and `npx tsc -p tsconfig.json`):
#   bench/load-vs-neo4j.sh --accounts N [--seed 7] [--rounds R] [--methods "bulk transactional loadcsv ..."]
# The database start (JVM) is not counted for transactional and LOAD CSV (a holder keeps the database up, as in
# bench/load-bench.sh). For bulk it is: the command stops nothing (the store is new) but opens the database after
# the import to build the indexes, and that start is inside its wall time.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
accounts=100000
seed=7
rounds=1
methods="bulk transactional loadcsv loadcsv-conc bare"
while [ $# -gt 0 ]; do
  case "$1" in
    --accounts) accounts=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --methods) methods=$2; shift 2 ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 64 ;;
  esac
done
cd "$root"
data=/tmp/bench-data/load-$accounts-$seed
[ -d "$data" ] || node bin/ringscope.js generate --out "$data" --accounts "$accounts" --seed "$seed" >/dev/null
clean=/tmp/bench-data/import-$accounts-$seed
if [ ! -f "$clean/args.txt" ]; then
  rm -rf "$clean"
  mkdir -p "$clean"
  node dist/bench/prepare-import.js "$data" "$clean" >"$clean/summary.json"
fi
# Data rows of the load-format files, as ringscope counts them (a line break inside a quoted field is one row).
rows=$(node -p "require('$clean/summary.json').rows")
jar=$root/neo4j/target/ringscope-neo4j.jar
java=${RINGSCOPE_JAVA:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
export LOG_LEVEL=${LOG_LEVEL:-warn}
export RINGSCOPE_NEO4J_HEAP=${RINGSCOPE_NEO4J_HEAP:-4g} RINGSCOPE_NEO4J_PAGECACHE=${RINGSCOPE_NEO4J_PAGECACHE:-2g}
out=$(mktemp -d /tmp/bench-lvn-XXXXXX)

echo "date:     $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine:  $(nproc) cpus, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, node $(node --version), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "dataset:  $data ($(du -sh "$data" | cut -f1), $rows rows); pre-cleaned importer files in $clean"
echo "command:  bench/load-vs-neo4j.sh --accounts $accounts --seed $seed --rounds $rounds --methods \"$methods\""
echo "database: heap $RINGSCOPE_NEO4J_HEAP, page cache $RINGSCOPE_NEO4J_PAGECACHE"

holder=''
hold() {
  "$root/bench/hold-db.sh" >"$RINGSCOPE_HOME/holder.out" 2>&1 &
  holder=$!
  until grep -q 'db up' "$RINGSCOPE_HOME/holder.out" 2>/dev/null; do
    kill -0 "$holder" 2>/dev/null || { cat "$RINGSCOPE_HOME/holder.out" >&2; exit 1; }
    sleep 1
  done
}
release() {
  [ -n "$holder" ] || return 0
  local jvm
  jvm=$(node -p "try { require('$RINGSCOPE_HOME/neo4j.json').pid } catch { '' }" 2>/dev/null || true)
  kill "$holder" 2>/dev/null || true
  holder=''
  if [ -n "$jvm" ]; then for _ in $(seq 1 120); do kill -0 "$jvm" 2>/dev/null || break; sleep 1; done; fi
}
fresh() {
  export RINGSCOPE_HOME=$out/home-$1
  rm -rf "$RINGSCOPE_HOME"
  mkdir -p "$RINGSCOPE_HOME"
}
trap 'release; rm -rf "$out"' EXIT

failed=''
timed() { # name, command...: runs it under /usr/bin/time, leaves "wall rss_kib" in $out/$name.time
  local name=$1
  shift
  failed=''
  /usr/bin/time -o "$out/$name.time" -f '%e %M' "$@" >"$out/$name.out" 2>&1 || {
    local rc=$?
    # ringscope load exits 2 when rows were rejected (the generator's dataset has none); any other failure is a
    # result too (LOAD CSV IN CONCURRENT TRANSACTIONS with MERGE can deadlock): recorded, and the bench goes on.
    if [ "$rc" -ne 2 ]; then
      failed="FAILED (exit $rc): $(grep -m1 -oE '(Neo4jError|DeadlockDetected|ringscope)[^.]*' "$out/$name.out" || tail -1 "$out/$name.out")"
      tail -5 "$out/$name.out" >&2
    fi
  }
  tail -1 "$out/$name.time" >"$out/$name.time.last"
  mv "$out/$name.time.last" "$out/$name.time"
}

results=$out/results.txt
: >"$results"
for round in $(seq 1 "$rounds"); do
  for method in $methods; do
    run=$method-$round
    fresh "$run"
    before=$(cut -d' ' -f1-3 /proc/loadavg)
    case "$method" in
      bulk)
        timed "$run" node bin/ringscope.js load "$data" --report-dir "$RINGSCOPE_HOME/report"
        detail=$(node -e "
const s = require('$RINGSCOPE_HOME/report/summary.json');
console.log(s.path + ': ' + s.phases.map((p) => p.phase + ' ' + p.seconds.toFixed(1) + ' s').join(', ') +
  '; loader (node) peak RSS ' + s.loaderPeakRssMiB + ' MiB');")
        ;;
      transactional | transactional-1)
        hold
        writers=${RINGSCOPE_LOAD_WRITERS:-2}
        [ "$method" = transactional-1 ] && writers=1
        timed "$run" env RINGSCOPE_LOAD_WRITERS="$writers" node bin/ringscope.js load --transactional "$data" \
          --report-dir "$RINGSCOPE_HOME/report"
        release
        detail=$(node -p "const s = require('$RINGSCOPE_HOME/report/summary.json');
s.path + ', $writers writer(s); loader (node) peak RSS ' + s.loaderPeakRssMiB + ' MiB'")
        ;;
      loadcsv | loadcsv-conc)
        hold
        variant=load-csv-merge
        [ "$method" = loadcsv-conc ] && variant=load-csv-merge-concurrent
        # The embedded database sets no import folder, so LOAD CSV reads absolute file URLs.
        timed "$run" node dist/bench/load-csv.js "$variant" "file://$data/"
        release
        detail=$variant
        ;;
      bare)
        mkdir -p "$RINGSCOPE_HOME/conf"
        mapfile -t args <"$clean/args.txt"
        timed "$run" env NEO4J_HOME="$RINGSCOPE_HOME" NEO4J_CONF="$RINGSCOPE_HOME/conf" "$java" -Xmx1g -cp "$jar" \
          org.neo4j.cli.AdminTool database import full neo4j --overwrite-destination=true --bad-tolerance=0 \
          --max-off-heap-memory=2g --report-file="$RINGSCOPE_HOME/import.report" "${args[@]}"
        detail=$(grep -E '^IMPORT DONE' "$out/$run.out" || true)
        ;;
      *) echo "unknown method $method" >&2; exit 64 ;;
    esac
    read -r wall rss <"$out/$run.time"
    [ -z "$failed" ] || detail="$failed"
    echo "$method $round $wall $rss $before|$detail" >>"$results"
    echo "  $run: $wall s, peak RSS $((rss / 1024)) MiB ($detail)" >&2
    rm -rf "$RINGSCOPE_HOME"
  done
done

printf '\n| method | round | wall s | rows/s | × LOAD CSV | peak RSS MiB | load avg before | detail |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |\n'
node -e "
const lines = require('fs').readFileSync('$results', 'utf8').trim().split('\n');
const runs = lines.map((l) => {
  const [head, detail] = l.split('|');
  const [method, round, wall, rss, ...avg] = head.trim().split(' ');
  return { method, round, wall: Number(wall), rss: Number(rss), avg: avg.join(' '), detail };
});
const base = {};
for (const r of runs) if (r.method === 'loadcsv') base[r.round] = r.wall;
for (const r of runs) {
  const ratio = base[r.round] ? (base[r.round] / r.wall).toFixed(2) : '-';
  console.log('| ' + [r.method, r.round, r.wall.toFixed(1), Math.round($rows / r.wall), ratio,
    (r.rss / 1024).toFixed(0), r.avg, r.detail].join(' | ') + ' |');
}"
