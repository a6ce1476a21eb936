"""Where an uncached search's time goes, in process: N distinct /jobs searches (words, places,
filters, sorts, pages 1-5; none asked twice), the answer cache off, one at a time, no
server. Prints p50/p95 of the whole request and of its phases:

- sql: every statement the request runs (measured around the driver's execute);
- python: the rest (reading the query string, the filter form, rendering the page).

    DATABASE_URL=... python bench/profile_search.py [--count 400] [--seed 3] [--json out]

Use a database made by bench/prepare.py (see bench/README.md). The first 20 searches warm
the process and are not counted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadlib  # noqa: E402
import search_load  # noqa: E402

sys.path.insert(0, str(loadlib.APP_DIR))

WARM_UP = 20
PLACE_WORDS = ["houston", "dallas tx", "texas", "chicago", "florida", "phoenix", "ohio"]


def distinct_searches(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(class, path) of `count` distinct /jobs searches: the load mix's kinds, with words
    typed with a place now and then, a sort and a page of 1-5."""
    seen: set[str] = set()
    found: list[tuple[str, str]] = []
    while len(found) < count:
        kind, make = rng.choices(
            [(name, maker) for name, _, maker in search_load.MIX],
            [weight for _, weight, _ in search_load.MIX],
        )[0]
        args = make(rng)
        if "q" in args and rng.random() < 0.25:
            args["q"] = f"{args['q']} {rng.choice(PLACE_WORDS)}"
            kind += "+place"
        if rng.random() < 0.4:
            args["sort"] = rng.choice(["relevance", "newest", "pay"])
        if "page" not in args:
            args["page"] = rng.choices([1, 2, 3, 4, 5], [60, 15, 10, 8, 7])[0]
        path = f"/jobs?{urlencode(args)}"
        if path not in seen:
            seen.add(path)
            found.append((kind, path))
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=400, help="distinct searches timed")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or sys.exit("set DATABASE_URL")
    os.environ["CACHE_MAX_BYTES"] = "0"
    os.environ.pop("REDIS_URL", None)

    import sqlalchemy as sa

    from careercenter import create_app
    from careercenter.extensions import db

    app = create_app({"CACHE_MAX_BYTES": 0, "RATELIMIT_ENABLED": False})
    current = {"sql": 0.0, "statements": 0}
    with app.app_context():
        engine = db.engine

    @sa.event.listens_for(engine, "before_cursor_execute")
    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["started"] = time.perf_counter()

    @sa.event.listens_for(engine, "after_cursor_execute")
    def after(conn, cursor, statement, parameters, context, executemany):
        current["sql"] += time.perf_counter() - conn.info.pop("started")
        current["statements"] += 1

    searches = distinct_searches(random.Random(args.seed), args.count + WARM_UP)  # noqa: S311
    client = app.test_client()
    rows = []
    for n, (kind, path) in enumerate(searches):
        current.update(sql=0.0, statements=0)
        started = time.perf_counter()
        response = client.get(path)
        total = time.perf_counter() - started
        if response.status_code != 200:
            sys.exit(f"{path}: {response.status_code}")
        if n >= WARM_UP:
            rows.append((kind, total, current["sql"], current["statements"]))

    def figures(selected) -> dict:
        totals = [r[1] * 1000 for r in selected]
        sql = [r[2] * 1000 for r in selected]
        python = [(r[1] - r[2]) * 1000 for r in selected]
        return {
            "requests": len(selected),
            "total_p50": statistics.median(totals),
            "total_p95": percentile(totals, 0.95),
            "sql_p50": statistics.median(sql),
            "sql_p95": percentile(sql, 0.95),
            "python_p50": statistics.median(python),
            "python_p95": percentile(python, 0.95),
            "statements_p50": statistics.median(r[3] for r in selected),
        }

    backend, database = loadlib.database_label(database_url)
    result = {"backend": backend, "database": database, "all": figures(rows), "classes": {}}
    print(f"{backend} {database}: {len(rows)} distinct uncached /jobs searches, in process (ms)")
    print(f"{'class':<18}{'n':>5}{'total p50':>11}{'p95':>8}{'sql p50':>9}{'p95':>8}"
          f"{'python p50':>12}{'p95':>8}{'stmts':>7}")  # fmt: skip
    for kind in ["all", *sorted({r[0] for r in rows})]:
        f = result["all"] if kind == "all" else figures([r for r in rows if r[0] == kind])
        if kind != "all":
            result["classes"][kind] = f
        print(f"{kind:<18}{f['requests']:>5}{f['total_p50']:>11.1f}{f['total_p95']:>8.1f}"
              f"{f['sql_p50']:>9.1f}{f['sql_p95']:>8.1f}{f['python_p50']:>12.1f}"
              f"{f['python_p95']:>8.1f}{f['statements_p50']:>7.0f}")  # fmt: skip
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
