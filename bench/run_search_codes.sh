#!/usr/bin/env bash
# The whole search and code-reference benchmark, as measured for README.md ("## Measured"):
# four databases (100k and 1M postings, SQLite and PostgreSQL), then the load runs on each,
# then the ICD-10-CM import timing. About 1.5 hours on 2 cores when the machine is quiet
# (the load scripts wait for other processes to stop using the CPU before each run).
#
#   bench/run_search_codes.sh            # everything
#   SKIP_PREPARE=1 bench/run_search_codes.sh   # the databases exist already
#
# To measure a fixed copy of the code while others edit the tree, copy it first and point
# BENCH_APP_DIR at the copy (see bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PG=${BENCH_PG:-postgresql://postgres@127.0.0.1:5432}
SQLITE_DIR=$(pwd)/bench/.data

if [ -z "${SKIP_PREPARE:-}" ]; then
  $PY bench/prepare.py --backend sqlite --name bench_100k --count 100000
  $PY bench/prepare.py --backend postgresql --name bench_100k --count 100000
  $PY bench/prepare.py --backend sqlite --name bench_1m --count 1000000
  $PY bench/prepare.py --backend postgresql --name bench_1m --count 1000000
fi

for size in 100k 1m; do
  label=$([ "$size" = 1m ] && echo 1M || echo 100k)
  for url in "sqlite:///$SQLITE_DIR/bench_$size.sqlite3" "$PG/bench_$size"; do
    DATABASE_URL=$url $PY bench/search_load.py --label "$label"
    DATABASE_URL=$url $PY bench/codes_load.py --label "$label postings"
  done
done

$PY bench/icd_import.py
$PY bench/report.py
