#!/usr/bin/env bash
# The headline search benchmark (issue 12): thousands of distinct searches that never repeat,
# /jobs and /api/v1/jobs, cache on and off, next to the bare route; the repeated mix and the
# suggestions API as secondary rows; worker memory after the runs. One database per call:
#
#   bench/run_distinct.sh sqlite 100k
#   bench/run_distinct.sh postgresql 1m
#
# The database (bench/.data/<name>.sqlite3, or <name> on $BENCH_PG) is made by
# bench/prepare.py --skip-codes when it does not exist (2-4 min at 100k, 8-12 min at 1M, on a
# quiet machine); REPREPARE=1
# makes it again (after a change to the search index's format). Its name is bench_<size>
# unless BENCH_DB_NAME says otherwise. Writes bench/results/distinct-<backend>-<name>.json
# and prints the Markdown table. Extra arguments go to bench/distinct_load.py
# (e.g. --cache on, --seconds 20).
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:?usage: bench/run_distinct.sh sqlite|postgresql 100k|1m [options]}
size=${2:?usage: bench/run_distinct.sh sqlite|postgresql 100k|1m [options]}
shift 2
case "$size" in
  100k) count=100000; label=100k ;;
  1m|1M) size=1m; count=1000000; label=1M ;;
  *) echo "size: 100k or 1m" >&2; exit 2 ;;
esac
PY=.venv/bin/python
PG=${BENCH_PG:-postgresql://postgres@127.0.0.1:5432}
name=${BENCH_DB_NAME:-bench_$size}
case "$backend" in
  sqlite)
    url="sqlite:///$(pwd)/bench/.data/$name.sqlite3"
    exists=$([ -f "bench/.data/$name.sqlite3" ] && echo 1 || echo "") ;;
  postgresql)
    url="$PG/$name"
    exists=$(psql "$PG/postgres" -Atc "select 1 from pg_database where datname = '$name'") ;;
  *) echo "backend: sqlite or postgresql" >&2; exit 2 ;;
esac
if [ -z "$exists" ] || [ -n "${REPREPARE:-}" ]; then
  $PY bench/prepare.py --backend "$backend" --name "$name" --count "$count" --skip-codes
else
  # The schema of the code measured (a no-op when it is current).
  DATABASE_URL=$url PYTHONPATH=${BENCH_APP_DIR:-.} .venv/bin/flask --app careercenter db upgrade
fi
DATABASE_URL=$url $PY bench/distinct_load.py --label "$label" "$@"
