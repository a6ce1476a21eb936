"""Code pages and code search under load, against the bare route /healthz of the same app
and server, measured in the same run.

    DATABASE_URL=... python bench/codes_load.py [--workers 2] [--connections 4] [--seconds 30]

The database needs the full ICD-10-CM (`flask --app careercenter codes import-icd10cm`) and
the demo CPT/HCPCS files; bench/prepare.py loads them. Pages are /codes/<system>/<code>
(e.g. /codes/icd-10-cm/E11.52), search is /codes/search?q=..., suggestions are
/api/v1/codes?q=...

Metering: wrk sends no cookies, so every request is a new guest, whose first code page is
shown in full; the server also runs with CODE_VIEWS_GUEST=1000000000 so that nothing but the
full page is ever measured.
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
    # Codes the site cannot address (careercenter/codes/normalise.py refuses the QA0... codes
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--seconds", type=int, default=30, help="each wrk run")
    parser.add_argument("--pages", type=int, default=500, help="distinct code pages")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--label", default="", help="e.g. 100k postings (shown in results)")
    parser.add_argument("--no-profile", action="store_true", help="skip the single-client profile")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL") or sys.exit("set DATABASE_URL")
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
