#!/usr/bin/env bash
# Starts the embedded Neo4j of RINGSCOPE_HOME and keeps it up until this script is killed (or its stdin
# closes), so that later commands with the same RINGSCOPE_HOME reuse it and the ~20 s JVM start is not timed.
# Usage: RINGSCOPE_HOME=/tmp/bench-home-100k bench/hold-db.sh &   ...   kill %1
# Prints "db up" once the database answers. The JVM exits when this process exits (see src/db/embedded.ts).
set -euo pipefail
: "${RINGSCOPE_HOME:?set RINGSCOPE_HOME (never the default ./.ringscope for a benchmark)}"
cd "$(dirname "$0")/.."
exec node -e "
const { loadConfig } = require('./dist/src/config');
const { openDatabase } = require('./dist/src/db/database');
openDatabase(loadConfig()).then(() => { console.log('db up'); setInterval(() => {}, 1 << 30); },
  (e) => { console.error(e); process.exit(1); });
"
