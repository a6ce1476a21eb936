"""Code pages and code search under load, against the bare route /healthz of the same app
and server, measured in the same run.

    DATABASE_URL=... python bench/codes_load.py [--workers 2] [--connections 4] [--seconds 30]

The database needs the full ICD-10-CM (`flask --app careercenter codes import-icd10cm`) and
the demo CPT/HCPCS files; bench/prepare.py loads them. Pages are /codes/<system>/<code>
(e.g. /codes/icd-10-cm/E11.52), search is /codes/search?q=..., suggestions are
/api/v1/codes?q=...

--first-time measures code pages opened for the first time: every request is a distinct
ICD-10-CM code that no earlier request of the run asked for (the whole code set, shuffled and
cut into disjoint slices: one for the warm-up, one for each measured attempt), so that no
worker has the page, its jobs or anything else of it remembered; it runs next to a bare
/healthz run before and after, and records the load average of the (shared) machine.

Metering: wrk sends no cookies. For --first-time, every request also comes from a new guest
(a User-Agent of its own: bench/urls.lua GUESTS=1), whose first code page is shown in full
under the default metering, as a first-time visitor's is: each view is counted (one row
written), and no guest's count grows through the run. The other runs come from one guest,
so the server runs them with CODE_VIEWS_GUEST=1000000000 to measure the full page.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadlib  # noqa: E402

SEARCH_WORDS = [
    "diabetes", "diabetes mellitus", "type 2 diabetes", "diab", "hypertension", "fracture",
    "fracture femur", "pneumonia", "sepsis", "asthma", "depression", "depress",
    "chronic kidney disease", "heart failure", "osteoarthritis knee", "obesity", "migraine",
    "anemia", "low back pain", "screening", "encounter", "pregnancy", "neoplasm", "malignant",
    "sprain ankle", "dislocation", "amputation", "toe", "arthroplasty", "office visit",
    "influenza", "covid", "alcohol", "nicotine dependence", "atrial fibrillation", "stroke",
    "contusion", "burn", "laceration", "abrasion", "dermatitis", "glaucoma", "cataract",
    "hearing loss", "otitis media", "urinary tract infection", "kidney stone", "gout",
]  # fmt: skip
SEARCH_CODES = ["E11", "E11.5", "E115", "I50", "M17", "S72", "S72.0", "J44", "N18", "Z00",
                "C50", "F33", "282", "2882", "9921", "99", "J1", "E0", "O", "Z3"]  # fmt: skip
API_QUERIES = ["E11", "E11.", "e115", "diab", "diabet", "hyper", "fract", "2882", "9921",
               "M1", "I1", "pneum", "sepsi", "Z0", "asth", "G22", "J11"]  # fmt: skip


ICD_ADDRESSABLE = re.compile(r"^([A-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?|\d{1,2}|[A-Z]\d\d-[A-Z]\d\d)$")


def code_pages(database_url: str, count: int, rng: random.Random) -> list[tuple[str, str]]:
    """A sample of the loaded codes: mostly billable ICD-10-CM codes, some categories and
    chapters/blocks, and the CPT/HCPCS/modifier codes."""
    import sqlalchemy as sa

    engine = sa.create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT system, code, kind, billable FROM medical_codes")
        ).all()
    engine.dispose()
    # Codes the site cannot address (careercenter/codeformat.py refuses the QA0... codes
    # and the block ranges with a letter, e.g. J40-J4A: they answer 404) are left out.
    unreachable = [r for r in rows if r.system == "icd-10-cm" and not ICD_ADDRESSABLE.match(r.code)]
    if unreachable:
        print(f"  leaving out {len(unreachable)} ICD-10-CM codes the site answers 404 for, "
              f"e.g. {', '.join(r.code for r in unreachable[:4])}")  # fmt: skip
    rows = [r for r in rows if r not in unreachable]
    billable = [r for r in rows if r.system == "icd-10-cm" and r.billable]
    headings = [r for r in rows if r.system == "icd-10-cm" and r.kind in ("category", "subcategory")
                and not r.billable]  # fmt: skip
    top = [r for r in rows if r.system == "icd-10-cm" and r.kind in ("chapter", "block")]
    others = [r for r in rows if r.system != "icd-10-cm"]
    if len(billable) < 50_000:
        sys.exit(f"only {len(billable)} billable ICD-10-CM codes: import ICD-10-CM first")
    picked = (
        [("icd billable", r) for r in rng.sample(billable, int(count * 0.7))]
        + [("icd heading", r) for r in rng.sample(headings, int(count * 0.2))]
        + [("icd chapter/block", r) for r in rng.sample(top, min(len(top), int(count * 0.03)))]
        + [("cpt/hcpcs/modifier", r) for r in others]
    )
    rng.shuffle(picked)
    return [(kind, f"/codes/{r.system}/{quote(r.code)}") for kind, r in picked]


def searches(rng: random.Random) -> list[tuple[str, str]]:
    found = [("search words", f"/codes/search?{urlencode({'q': q})}") for q in SEARCH_WORDS]
    found += [("search code prefix", f"/codes/search?{urlencode({'q': q})}") for q in SEARCH_CODES]
    found += [("search page 2+", f"/codes/search?{urlencode({'q': q, 'page': rng.choice([2, 3, 5])})}")
              for q in ("diabetes", "fracture", "E11", "S72", "neoplasm")]  # fmt: skip
    rng.shuffle(found)
    return found


def suggestions() -> list[tuple[str, str]]:
    return [("api suggest", f"/api/v1/codes?{urlencode({'q': q})}") for q in API_QUERIES]


def all_icd_pages(database_url: str, rng: random.Random) -> list[str]:
    """Every ICD-10-CM entry's page, shuffled."""
    import sqlalchemy as sa

    engine = sa.create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        codes = (
            connection.execute(sa.text("SELECT code FROM medical_codes WHERE system = 'icd-10-cm'"))
            .scalars()
            .all()
        )
    engine.dispose()
    if len(codes) < 90_000:
        sys.exit(f"only {len(codes)} ICD-10-CM entries: import ICD-10-CM first")
    pages = [f"/codes/icd-10-cm/{quote(code)}" for code in codes]
    rng.shuffle(pages)
    return pages


def first_time(args, database_url: str) -> None:
    """Code pages nobody opened before in the run, against the bare route."""
    rng = random.Random(args.seed)  # noqa: S311 (test data)
    pages = all_icd_pages(database_url, rng)
    backend, database = loadlib.database_label(database_url)
    machine = loadlib.Machine(own_database=database if backend == "postgresql" else None)
    check, pages = pages[:200], pages[200:]
    # A short slice for the warm-up (3 s), the rest in three for the measured attempts.
    warm_up, pages = pages[:5_000], pages[5_000:]
    slice_size = len(pages) // 3
    slices = [pages[i : i + slice_size] for i in range(0, 3 * slice_size, slice_size)]
    measure = dict(seconds=args.seconds, connections=args.connections, machine=machine)

    def load() -> str:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())

    print(f"{backend} {database} {args.label}: first-time code pages, gunicorn -w "
          f"{args.workers}, wrk -c{args.connections} -d{args.seconds}s", flush=True)  # fmt: skip
    runs = []
    with loadlib.gunicorn(database_url, args.workers, {}) as server:
        machine.own_roots.add(server.pid)
        loadlib.check_statuses([("check", p) for p in check])  # pages not measured later
        bare = loadlib.wrk("bare /healthz", ["/healthz"], **measure)
        bare.extra["load_average"] = load()
        runs.append(bare)
        # Warm-up on a slice of its own, then each attempt on a fresh slice.
        loadlib.wrk("warm-up", warm_up, **{**measure, "seconds": 3}, warmup=0, attempts=1,
                    guests=True)  # fmt: skip
        best = None
        for attempt in range(1, 4):
            if not slices:
                break
            before = load()
            run = loadlib.wrk("first-time code pages", slices.pop(), **measure, warmup=0,
                              attempts=1, guests=True)  # fmt: skip
            run.extra["load_average"] = f"{before} -> {load()}"
            run.extra["distinct_paths_available"] = slice_size
            if run.requests >= slice_size:
                sys.exit(
                    f"a run asked for more pages than its slice holds ({run.rps:,.0f} req/s, "
                    f"statuses {run.statuses}): lower --seconds"
                )
            print(f"  attempt {attempt}: {run.rps:,.0f} req/s, p50 {run.p50_ms:.1f} ms, "
                  f"load {run.extra['load_average']}", flush=True)  # fmt: skip
            share = run.extra["other_processes_cpu_share"]
            if best is None or share < best.extra["other_processes_cpu_share"]:
                best = run
        runs.append(best)
        again = loadlib.wrk("bare /healthz (again)", ["/healthz"], **measure)
        again.extra["load_average"] = load()
        runs.append(again)
    bare_rps = (runs[0].rps + runs[-1].rps) / 2
    path = loadlib.save(
        "codes-first-time",
        database_url,
        {
            "label": args.label,
            "server": f"gunicorn --workers {args.workers} (sync), default metering",
            "load": f"wrk -t1 -c{args.connections} -d{args.seconds}s, distinct ICD-10-CM pages, "
            "each from a new guest",
            "bare_rps": bare_rps,
            "runs": runs,
        },
    )
    print(loadlib.table(runs[1:-1], bare_rps).replace("| route |", f"| {backend} {args.label} |"))
    for run in runs:
        print(f"  {run.name}: load average {run.extra['load_average']}")
    print(f"bare route: {bare_rps:,.0f} req/s (mean of before and after); saved {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--seconds", type=int, default=30, help="each wrk run")
    parser.add_argument("--pages", type=int, default=500, help="distinct code pages")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--label", default="", help="e.g. 100k postings (shown in results)")
    parser.add_argument("--no-profile", action="store_true", help="skip the single-client profile")
    parser.add_argument("--first-time", action="store_true",
                        help="distinct code pages never repeated in the run (see above)")  # fmt: skip
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL") or sys.exit("set DATABASE_URL")
    if args.first_time:
        first_time(args, database_url)
        return
    rng = random.Random(args.seed)  # noqa: S311 (test data)
    pages = code_pages(database_url, args.pages, rng)
    search = searches(rng)
    api = suggestions()
    backend, database = loadlib.database_label(database_url)
    machine = loadlib.Machine(own_database=database if backend == "postgresql" else None)
    measure = dict(seconds=args.seconds, connections=args.connections, machine=machine)

    print(f"{backend} {database} {args.label}: gunicorn -w {args.workers}, "
          f"wrk -c{args.connections} -d{args.seconds}s", flush=True)  # fmt: skip
    with loadlib.gunicorn(database_url, args.workers, {"CODE_VIEWS_GUEST": "1000000000"}) as server:
        machine.own_roots.add(server.pid)
        print("  checking every URL answers 200...", flush=True)
        loadlib.check_statuses(pages + search + api)
        single = {}
        if not args.no_profile:
            print("  single-client profile...", flush=True)
            machine.wait_until_quiet()
            single = loadlib.profile(pages[:200] + search + api)
        runs = []
        for name, paths in (
            ("bare /healthz", ["/healthz"]),
            ("code pages", [p for _, p in pages]),
            ("code search", [p for _, p in search]),
            ("code suggestions API", [p for _, p in api]),
            ("bare /healthz (again)", ["/healthz"]),
        ):
            run = loadlib.wrk(name, paths, **measure)
            print(f"  {name}: {run.rps:,.0f} req/s, p50 {run.p50_ms:.1f} ms, "
                  f"p95 {run.p95_ms:.1f} ms, p99 {run.p99_ms:.1f} ms", flush=True)  # fmt: skip
            runs.append(run)

    bare_rps = (runs[0].rps + runs[-1].rps) / 2  # the bare runs before and after, averaged
    path = loadlib.save(
        "codes",
        database_url,
        {
            "label": args.label,
            "server": f"gunicorn --workers {args.workers} (sync), CODE_VIEWS_GUEST=1000000000",
            "load": f"wrk -t1 -c{args.connections} -d{args.seconds}s (after a 3 s warm-up)",
            "bare_rps": bare_rps,
            "runs": runs,
            "single_client": single,
        },
    )
    print(loadlib.table(runs[1:-1], bare_rps).replace("| route |", f"| {backend} {args.label} |"))
    print(f"bare route: {bare_rps:,.0f} req/s (mean of before and after)")
    if single:
        print("single client, per class (median / p95 / worst ms):")
        for kind, stats in single.items():
            print(f"  {kind:>22}: {stats['median_ms']:7.1f} {stats['p95_ms']:7.1f} "
                  f"{stats['worst_ms']:7.1f}  {stats['worst_path']}")  # fmt: skip
    print(f"saved {path}")


if __name__ == "__main__":
    main()
