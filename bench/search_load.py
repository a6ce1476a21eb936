"""Job search under load: /jobs and /api/v1/jobs with a realistic query mix, job pages, and
the bare route /healthz of the same app and server, measured in the same run.

    DATABASE_URL=... python bench/search_load.py [--workers 2] [--connections 4] [--seconds 30]

Starts gunicorn (production settings) on 127.0.0.1:8001, checks that every URL of the mix
answers 200, profiles each class of query with a single client, then runs wrk for each
route group. Results go to bench/results/search-<backend>-<database>.json and a Markdown
table to stdout.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadlib  # noqa: E402

# -- the query mix: (class, weight, maker of GET parameters) ---------------------------------

KEYWORDS = [
    "medical coder", "coder", "remote coder", "CPC", "E/M", "risk adjustment", "HCC",
    "inpatient coder", "orthopedic", "orthopaedic surgery", "cardiology coder", "pro-fee",
    "emergency department", "coding auditor", "99213", "E11.52", "CDI specialist", "denials",
    "oncology", "outpatient", "CPC-A", "ICD-10-CM", "apprentice", "anesthesia coder",
    "radiology", "senior coder", "coding specialist II", "lead coder", "home health", "IP DRG",
    "evaluation and management", "professional fee", "HIM coding", "surgical coder",
    "auditor remote", "CCS inpatient", "RHIT", "coding educator", "quality analyst",
    "behavioral health coder", "28820", "M17.11", "abstractor",
]  # fmt: skip
RARE_KEYWORDS = ["pediatric cardiology", "Epic", "3M encoder", "Spanish", "nights", "G2211"]
CREDENTIALS = ["cpc", "cpc", "cpc", "ccs", "rhit", "crc", "coc", "cic", "cpc-a", "ccs-p"]
ZIPS = ["77030", "10016", "60611", "90024", "85004", "19103", "30303", "98104", "80202",
        "02115", "37203", "48226", "55401", "63101", "73102", "84111", "59801", "04101",
        "82001", "99501", "57104", "05401", "58102"]  # fmt: skip
CITIES = ["Houston, TX", "Chicago, IL", "Phoenix, AZ", "Denver, CO", "Boise, ID", "Tampa, FL"]
STATES = ["TX", "Florida", "CA", "New York", "OH", "Georgia"]


def keyword(rng: random.Random) -> dict:
    return {"q": rng.choice(KEYWORDS if rng.random() < 0.9 else RARE_KEYWORDS)}


def browse(rng):
    return rng.choice([{}, {"sort": "newest"}, {"posted_within": rng.choice([1, 3, 7])}])


def credential(rng):
    args = {"credential": rng.choice(CREDENTIALS)}
    if rng.random() < 0.4:
        args |= keyword(rng)
    return args


def remote(rng):
    return rng.choice(
        [
            {"arrangement": "remote"},
            {"arrangement": "remote", **keyword(rng)},
            {"q": "remote " + rng.choice(["coder", "CPC", "auditor", "risk adjustment"])},
            {"arrangement": "remote", "location": rng.choice(STATES)},
        ]
    )


def near_zip(rng):
    args = {"location": rng.choice(ZIPS), "radius": rng.choice([10, 25, 25, 50, 100])}
    if rng.random() < 0.5:
        args |= keyword(rng)
    return args


def city_or_state(rng):
    args = {"location": rng.choice(CITIES + STATES)}
    if rng.random() < 0.5:
        args |= keyword(rng)
    return args


def pay_floor(rng):
    args = {"pay_min": rng.choice([22, 25, 30, 35, 55000, 65000, 80000, 100000])}
    if rng.random() < 0.5:
        args |= keyword(rng)
    return args


def sorted_search(rng):
    return {**keyword(rng), "sort": rng.choice(["newest", "pay", "pay", "relevance"])}


def deep_page(rng):
    args = rng.choice([{}, keyword(rng), {"credential": "cpc"}, {"arrangement": "remote"}])
    return {**args, "page": rng.choice([5, 10, 25, 50]),
            **({"sort": "pay"} if rng.random() < 0.3 else {})}  # fmt: skip


def combined(rng):
    args = {
        **keyword(rng),
        "credential": rng.choice(CREDENTIALS),
        "arrangement": rng.choice(["remote", "on-site", "hybrid"]),
        "pay_min": rng.choice([20, 25, 60000]),
        "posted_within": rng.choice([7, 14, 30]),
    }
    if args["arrangement"] != "remote":
        args["location"] = rng.choice(ZIPS)
    if rng.random() < 0.3:
        args["sort"] = "pay"
    if rng.random() < 0.3:
        args["type"] = "full-time"
    return args


MIX = [
    ("keyword", 30, keyword),
    ("browse", 5, browse),
    ("credential", 10, credential),
    ("remote", 10, remote),
    ("zip+radius", 15, near_zip),
    ("city/state", 5, city_or_state),
    ("pay floor", 8, pay_floor),
    ("sort", 7, sorted_search),
    ("deep page", 5, deep_page),
    ("combined", 5, combined),
]


def query_mix(rng: random.Random, count: int, path: str) -> list[tuple[str, str]]:
    kinds = rng.choices(MIX, [weight for _, weight, _ in MIX], k=count)
    return [(name, f"{path}?{urlencode(make(rng))}") for name, _, make in kinds]


def job_pages(database_url: str, count: int, rng: random.Random) -> list[tuple[str, str]]:
    """Open postings' canonical addresses, sampled from the database."""
    import sqlalchemy as sa

    engine = sa.create_engine(_sqlalchemy_url(database_url))
    with engine.connect() as connection:
        # Sampled by posting id: the index's seq is a publication time, not a dense count.
        top = connection.scalar(sa.text("SELECT max(posting_id) FROM posting_search")) or 0
        ids = sorted({rng.randint(1, top) for _ in range(count * 2)})[: count * 2]
        listed = ", ".join(str(int(i)) for i in ids)
        sql = f"SELECT p.id, p.slug FROM posting_search s JOIN postings p ON p.id = s.posting_id WHERE s.posting_id IN ({listed})"  # noqa: S608, E501 (integers)
        rows = connection.execute(sa.text(sql)).all()
    engine.dispose()
    rng.shuffle(rows)
    return [("job page", f"/jobs/{posting_id}-{slug}") for posting_id, slug in rows[:count]]


def _sqlalchemy_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--seconds", type=int, default=30, help="each wrk run")
    parser.add_argument("--urls", type=int, default=500, help="distinct searches in the mix")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--label", default="", help="e.g. 100k, 1M (shown in the results)")
    parser.add_argument("--no-profile", action="store_true", help="skip the single-client profile")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL") or sys.exit("set DATABASE_URL")
    rng = random.Random(args.seed)  # noqa: S311 (test data)
    searches = query_mix(rng, args.urls, "/jobs")
    api = query_mix(random.Random(args.seed + 1), args.urls, "/api/v1/jobs")  # noqa: S311 (test data)
    jobs = job_pages(database_url, 300, random.Random(args.seed + 2))  # noqa: S311
    backend, database = loadlib.database_label(database_url)
    machine = loadlib.Machine(own_database=database if backend == "postgresql" else None)
    measure = dict(seconds=args.seconds, connections=args.connections, machine=machine)

    print(f"{backend} {database} {args.label}: gunicorn -w {args.workers}, "
          f"wrk -c{args.connections} -d{args.seconds}s", flush=True)  # fmt: skip
    with loadlib.gunicorn(database_url, args.workers) as server:
        machine.own_roots.add(server.pid)
        print("  checking every URL answers 200...", flush=True)
        loadlib.check_statuses(searches + api + jobs)
        single = {}
        if not args.no_profile:
            print("  single-client profile...", flush=True)
            machine.wait_until_quiet()
            single = loadlib.profile(
                searches + [(f"api {kind}", path) for kind, path in api] + jobs[:100]
            )
        runs = []
        for name, paths in (
            ("bare /healthz", ["/healthz"]),
            ("/jobs search mix", [p for _, p in searches]),
            ("/api/v1/jobs mix", [p for _, p in api]),
            ("job pages", [p for _, p in jobs]),
            ("bare /healthz (again)", ["/healthz"]),
        ):
            run = loadlib.wrk(name, paths, **measure)
            print(f"  {name}: {run.rps:,.0f} req/s, p50 {run.p50_ms:.1f} ms, "
                  f"p95 {run.p95_ms:.1f} ms, p99 {run.p99_ms:.1f} ms", flush=True)  # fmt: skip
            runs.append(run)

    bare_rps = (runs[0].rps + runs[-1].rps) / 2  # the bare runs before and after, averaged
    path = loadlib.save(
        "search",
        database_url,
        {
            "label": args.label,
            "server": f"gunicorn --workers {args.workers} (sync)",
            "load": f"wrk -t1 -c{args.connections} -d{args.seconds}s (after a 3 s warm-up)",
            "bare_rps": bare_rps,
            "runs": runs,
            "single_client": single,
        },
    )
    print(loadlib.table(runs[1:-1], bare_rps).replace("| route |", f"| {backend} {args.label} |"))
    print(f"bare route: {bare_rps:,.0f} req/s (mean of before and after)")
    print("single client, per class (median / p95 / worst ms):")
    for kind, stats in single.items():
        print(f"  {kind:>22}: {stats['median_ms']:7.1f} {stats['p95_ms']:7.1f} "
              f"{stats['worst_ms']:7.1f}  {stats['worst_path']}")  # fmt: skip
    print(f"saved {path}")


if __name__ == "__main__":
    main()
