"""Where a page's time goes: SQL versus Python (view, template), per class of request, and
the plans of the slowest statements. In-process (Flask's test client), one request at a
time, no server.

    DATABASE_URL=... python bench/explain_search.py [--what search|codes] [--plans 5]

For each class of the same mixes the load scripts use: median page time, median SQL time
(summed over the page's statements, measured around the driver's execute) and the number of
statements. Then the slowest statements seen, each with its plan (EXPLAIN QUERY PLAN on
SQLite, EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadlib  # noqa: E402

sys.path.insert(0, str(loadlib.APP_DIR))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--what", choices=["search", "codes"], default="search")
    parser.add_argument("--per-class", type=int, default=25, help="requests per class")
    parser.add_argument("--plans", type=int, default=6, help="slowest statements to explain")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or sys.exit("set DATABASE_URL")
    os.environ.setdefault("CODE_VIEWS_GUEST", "1000000000")

    import sqlalchemy as sa

    from careercenter import create_app
    from careercenter.extensions import db

    if args.what == "search":
        import search_load

        classified = search_load.query_mix(random.Random(7), 500, "/jobs")  # noqa: S311
        classified += [
            (f"api {k}", p)
            for k, p in search_load.query_mix(random.Random(8), 300, "/api/v1/jobs")  # noqa: S311
        ]
        classified += search_load.job_pages(database_url, 50, random.Random(9))  # noqa: S311
    else:
        import codes_load

        rng = random.Random(11)  # noqa: S311
        classified = codes_load.code_pages(database_url, 150, rng)
        classified += codes_load.searches(rng) + codes_load.suggestions()

    loadlib.set_session_priority(os.getpid(), loadlib.PRIORITY)
    app = create_app()
    statements: list[tuple[float, str, object, str]] = []
    current: dict = {"sql": 0.0, "count": 0, "path": "", "recording": False}

    with app.app_context():
        engine = db.engine

    @sa.event.listens_for(engine, "before_cursor_execute")
    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["started"] = time.perf_counter()

    @sa.event.listens_for(engine, "after_cursor_execute")
    def after(conn, cursor, statement, parameters, context, executemany):
        spent = time.perf_counter() - conn.info.pop("started")
        if not current["recording"]:
            return
        current["sql"] += spent
        current["count"] += 1
        statements.append((spent, statement, parameters, current["path"]))

    client = app.test_client()
    by_class: dict[str, list[tuple[float, float, int]]] = {}
    seen: dict[str, int] = {}
    for kind, path in classified:
        if seen.get(kind, 0) >= args.per_class:
            continue
        seen[kind] = seen.get(kind, 0) + 1
        client.get(path)  # warm
        current.update(sql=0.0, count=0, path=path, recording=True)
        started = time.perf_counter()
        response = client.get(path)
        total = time.perf_counter() - started
        current["recording"] = False
        if response.status_code != 200:
            print(f"  {response.status_code} {path}")
        by_class.setdefault(kind, []).append((total, current["sql"], current["count"]))

    print(f"{'class':>22}  {'page ms':>8}  {'SQL ms':>7}  {'other ms':>8}  statements")
    for kind, rows in sorted(by_class.items()):
        total = statistics.median(r[0] for r in rows) * 1000
        sql = statistics.median(r[1] for r in rows) * 1000
        count = statistics.median(r[2] for r in rows)
        print(f"{kind:>22}  {total:8.1f}  {sql:7.1f}  {total - sql:8.1f}  {count:.0f}")

    slowest = sorted(statements, key=lambda s: -s[0])
    shown: set[str] = set()
    printed = 0
    with app.app_context():
        dialect = db.engine.dialect.name
        for spent, statement, parameters, path in slowest:
            key = statement[:200]
            if (
                key in shown
                or printed >= args.plans
                or statement.lstrip().upper().startswith("EXPLAIN")
            ):
                continue
            shown.add(key)
            printed += 1
            print(
                f"\n-- {spent * 1000:.1f} ms, from {path}\n{statement}\n-- parameters: {parameters}"
            )
            prefix = "EXPLAIN QUERY PLAN " if dialect == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
            with db.engine.connect() as connection:
                raw = connection.connection.driver_connection
                cursor = raw.cursor()
                cursor.execute(prefix + statement, parameters)
                for row in cursor.fetchall():
                    print("   ", " | ".join(str(v) for v in row))


if __name__ == "__main__":
    main()
