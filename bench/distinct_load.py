"""Job search under load with searches nobody asked before: thousands of distinct realistic
searches, none repeated within a run, for /jobs and /api/v1/jobs, each next to the bare route
/healthz of the same server in the same run, with the answer cache on (the default) and off
(CACHE_MAX_BYTES=0); the old repeated mix of 500 searches and the suggestions API as
secondary rows; and each gunicorn worker's memory after the runs.

    DATABASE_URL=... python bench/distinct_load.py --label 100k [--seconds 30]

Or `bench/run_distinct.sh sqlite 100k` (it prepares the database if it is missing).
Results go to bench/results/distinct-<backend>-<database>.json and a Markdown table to stdout.

What "distinct" means here: the searches are generated (coders' words with sloppy variants
-- capitals, plurals, stems, one-letter typos, short forms --, ZIP codes with a radius,
cities, states, filters, sort orders, pages 1-5) and de-duplicated on a key coarser than the
site's own cache key (lower case, single spaces, default values left out), so no two can be
answered from one remembered answer. wrk walks the list once (bench/urls.lua with ONCE=1, one thread)
and stops when it is used up, so nothing is requested twice; the warm-up uses a separate
list. The server is started afresh for each cache setting, so neither run sees the other's
answers.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess  # noqa: S404
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadlib  # noqa: E402
import search_load  # noqa: E402

# -- the words coders type -------------------------------------------------------------------

ROLES = ["coder", "medical coder", "coding specialist", "coding", "medical coding", "coders",
         "coding analyst", "abstractor", "auditor", "coding auditor", "coding jobs",
         "coding educator", "coding supervisor", "coding manager", "cdi specialist"]  # fmt: skip
FIELDS = ["emergency department", "ED", "ER", "inpatient", "IP", "outpatient", "OP",
          "inpatient DRG", "DRG", "oncology", "chemo", "hematology oncology", "risk adjustment",
          "HCC", "RA", "CDI", "CDS", "denials", "appeals", "ortho", "orthopedic",
          "orthopaedic surgery", "cardiology", "cardiac", "cardiac cath", "interventional",
          "radiology", "radiologic", "interventional radiology", "anesthesia", "surgical",
          "surgery", "general surgery", "behavioral health", "psych", "pathology", "lab",
          "home health", "OASIS", "ASC", "surgery center", "telehealth", "E/M", "E&M",
          "evaluation and management", "pro-fee", "profee", "professional fee", "facility",
          "HIM", "neuro", "pediatric", "multi-specialty", "SNF", "PCS", "ICD-10-PCS",
          "remote", "work from home", "hybrid", "part time", "contract", "per diem",
          "entry level", "apprentice", "CPC-A", "certified", "Epic", "3M encoder"]  # fmt: skip
LEVELS = ["", "", "", "", "senior", "lead", "junior", "II", "III", "level 2", "sr"]
CREDENTIAL_WORDS = ["CPC", "CCS", "RHIT", "RHIA", "CRC", "COC", "CIC", "CCS-P", "CPC-A",
                    "CDIP", "CPMA", "CEMC"]  # fmt: skip
CODES = ["99213", "99214", "G2211", "E11.52", "E11.9", "I10", "28820", "M17.11", "C50.911",
         "J18.9", "A41.9", "99284", "I48.91", "N18.3"]  # fmt: skip
STATE_WORDS = ["texas", "TX", "florida", "california", "new york", "ohio", "georgia", "AZ",
               "colorado", "illinois", "WA", "michigan", "north carolina", "tennessee"]  # fmt: skip
CREDENTIALS = ["cpc", "cpc", "cpc", "ccs", "rhit", "crc", "coc", "cic", "cpc-a", "ccs-p",
               "rhia", "cpma", "cdip"]  # fmt: skip
SPECIALTIES = ["evaluation-management", "orthopaedics", "cardiology", "radiology",
               "anesthesia", "general-surgery", "emergency-department", "oncology",
               "pathology-lab", "behavioral-health", "home-health", "risk-adjustment",
               "inpatient-drg", "cdi", "auditing", "denials-appeals"]  # fmt: skip
SETTINGS = ["physician-practice", "hospital-inpatient", "hospital-outpatient", "asc", "payer",
            "coding-vendor", "telehealth"]  # fmt: skip
TYPES = ["full-time", "full-time", "part-time", "contract", "per-diem", "temp-to-hire"]
RADII = [5, 10, 25, 25, 50, 50, 100, 200]
PAY = [18, 20, 22, 25, 28, 30, 35, 40, 45000, 50000, 55000, 60000, 65000, 70000, 80000, 90000]


def sloppy(rng: random.Random, text: str) -> str:
    """The way people type it: capitals or not, a plural, a one-letter typo in a long word."""
    words = text.split()
    out = []
    for word in words:
        roll = rng.random()
        if len(word) >= 6 and roll < 0.12:  # a typo: a letter dropped, doubled or swapped
            i = rng.randrange(1, len(word) - 1)
            kind = rng.randrange(3)
            if kind == 0:
                word = word[:i] + word[i + 1 :]
            elif kind == 1:
                word = word[:i] + word[i] + word[i:]
            else:
                word = word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
        elif roll < 0.30:
            word = word.capitalize()
        elif roll < 0.36 and word.isalpha() and not word.endswith("s"):
            word += "s"
        out.append(word)
    return " ".join(out)


def words(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.45:
        parts = [rng.choice(LEVELS), rng.choice(FIELDS), rng.choice(ROLES)]
    elif shape < 0.60:
        parts = [rng.choice(FIELDS), rng.choice(FIELDS)]
    elif shape < 0.72:
        parts = [rng.choice(CREDENTIAL_WORDS), rng.choice(["", rng.choice(FIELDS)]),
                 rng.choice(["", rng.choice(ROLES)])]  # fmt: skip
    elif shape < 0.82:
        parts = [rng.choice(ROLES), rng.choice(STATE_WORDS + [c.split(",")[0] for c in CITIES])]
    elif shape < 0.90:
        parts = [rng.choice(CODES), rng.choice(["", "coder", "coding"])]
    else:
        parts = [rng.choice(FIELDS), rng.choice(ROLES), rng.choice(["remote", "", "jobs"])]
    return sloppy(rng, " ".join(p for p in parts if p))


CITIES = ["Houston, TX", "Chicago, IL", "Phoenix, AZ", "Denver, CO", "Boise, ID", "Tampa, FL",
          "Seattle, WA", "Atlanta, GA", "Dallas, TX", "Nashville, TN", "Detroit, MI",
          "Minneapolis, MN", "Saint Louis, MO", "Columbus, OH", "Charlotte, NC",
          "Pittsburgh, PA", "Salt Lake City, UT", "Omaha, NE", "Richmond, VA",
          "Baltimore, MD", "Milwaukee, WI", "Albuquerque, NM", "Tucson, AZ", "Fresno, CA",
          "Sacramento, CA", "Kansas City, MO", "Miami, FL", "Austin, TX", "San Antonio, TX",
          "Portland, OR", "Las Vegas, NV", "Memphis, TN", "Louisville, KY", "New Orleans, LA",
          "Birmingham, AL", "Little Rock, AR", "Columbia, SC", "Des Moines, IA",
          "Hartford, CT", "Buffalo, NY", "Raleigh, NC", "Cleveland, OH", "Cincinnati, OH",
          "Indianapolis, IN", "Jacksonville, FL", "Fort Worth, TX", "San Diego, CA",
          "Philadelphia, PA", "Boston, MA", "Oklahoma City, OK"]  # fmt: skip
STATES = ["TX", "FL", "CA", "NY", "OH", "GA", "Texas", "Florida", "California", "Arizona",
          "Colorado", "Illinois", "WA", "MI", "North Carolina", "Tennessee", "PA", "MN"]  # fmt: skip


def search_args(rng: random.Random, zips: list[str]) -> dict:
    """One realistic search: words and/or a place and/or filters, a sort order, a page."""
    args: dict = {}
    if rng.random() < 0.75:
        args["q"] = words(rng)
    place = rng.random()
    if place < 0.30:
        args["location"] = rng.choice(zips)
        if rng.random() < 0.7:
            args["radius"] = rng.choice(RADII)
    elif place < 0.42:
        args["location"] = rng.choice(CITIES)
        if rng.random() < 0.5:
            args["radius"] = rng.choice(RADII)
    elif place < 0.50:
        args["location"] = rng.choice(STATES)
    filters = [
        ("credential", 0.18, lambda: rng.choice(CREDENTIALS)),
        ("arrangement", 0.22, lambda: rng.choice(["remote", "remote", "on-site", "hybrid"])),
        ("type", 0.10, lambda: rng.choice(TYPES)),
        ("specialty", 0.10, lambda: rng.choice(SPECIALTIES)),
        ("setting", 0.07, lambda: rng.choice(SETTINGS)),
        ("pay_min", 0.12, lambda: rng.choice(PAY)),
        ("posted_within", 0.12, lambda: rng.choice([1, 3, 7, 14, 30])),
        ("apprentice", 0.03, lambda: "1"),
    ]
    for name, share, value in filters:
        if rng.random() < share:
            args[name] = value()
    if not args:
        args["arrangement"] = "remote"
    sort = rng.random()
    if sort < 0.18:
        args["sort"] = "newest"
    elif sort < 0.30:
        args["sort"] = "pay"
    page = rng.choices([1, 2, 3, 4, 5], [60, 16, 10, 8, 6])[0]
    if page > 1:
        args["page"] = page
    return args


def dedupe_key(args: dict) -> tuple:
    """Coarser than the site's cache key: two searches equal here may be one answer there;
    two searches different here are always two answers there."""
    key = {k: " ".join(str(v).casefold().split()) for k, v in args.items()}
    if key.get("page") == "1":
        del key["page"]
    if key.get("sort") == "relevance":
        del key["sort"]
    if key.get("radius") == "25" or "location" not in key:
        key.pop("radius", None)
    return tuple(sorted(key.items()))


def distinct_searches(rng: random.Random, count: int, zips: list[str], seen: set) -> list[dict]:
    """`count` searches, none equal (dedupe_key) to another or to one in `seen` (updated)."""
    found: list[dict] = []
    tries = 0
    while len(found) < count:
        tries += 1
        if tries > count * 50:
            raise SystemExit(f"only {len(found)} distinct searches could be made")
        args = search_args(rng, zips)
        key = dedupe_key(args)
        if key in seen:
            continue
        seen.add(key)
        found.append(args)
    return found


def zip_codes(rng: random.Random, count: int = 400) -> list[str]:
    """Metro ZIP codes (where most generated jobs are) and others from the ZIP data."""
    import zipcodes
    from generate_postings import METRO_ZIPS

    others = [
        z["zip_code"]
        for z in zipcodes.filter_by(zip_code_type="STANDARD")
        if z.get("lat") and z.get("long")
    ]
    rng.shuffle(others)
    return METRO_ZIPS * 4 + others[: count - len(METRO_ZIPS)]


PREFIXES = ["c", "co", "cod", "code", "coder", "codi", "coding", "med", "medi", "medical",
            "rad", "radi", "radio", "card", "cardi", "cardio", "onc", "onco", "ris", "risk",
            "inp", "inpa", "out", "outp", "rem", "hou", "houst", "chi", "chic", "tex", "texa",
            "flo", "cp", "cpc", "cc", "ccs", "rh", "rhi", "au", "aud", "audi", "den", "deni",
            "ane", "anes", "ort", "orth", "hcc", "e/m", "em", "cdi", "pat", "path", "beh",
            "home", "hom", "sur", "surg", "emer", "emerg", "ed", "ph", "pho", "den", "denv",
            "sea", "seat", "atl", "dal", "nas", "se", "sen", "seni", "lea", "lead", "ana",
            "anal", "spe", "spec", "abs", "abst", "ed f", "ed p", "inpatient d", "risk a",
            "medical c", "coding s", "coding a", "oasis", "tele", "profee", "pro-", "new y",
            "new", "cal", "cali", "ari", "ariz", "ohi", "geo", "geor"]  # fmt: skip


# -- running ---------------------------------------------------------------------------------


def load_average() -> list[float]:
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


def walk(name: str, paths: list[str], *, seconds: int, connections: int,
         machine: loadlib.Machine, warmup: list[str] | None = None,
         once: bool = True) -> loadlib.Run:  # fmt: skip
    """wrk through `paths` once (`once`) or round and round (bench/urls.lua), after a 3 s
    warm-up on `warmup` (other paths). One attempt: a repeat would be remembered."""
    base = ["wrk", "-t1", f"-c{connections}", "--timeout", "10s"]
    script = str(loadlib.BENCH_DIR / "urls.lua")
    target = f"http://{loadlib.HOST}:{loadlib.PORT}"
    machine.wait_until_quiet(give_up_after=float(os.environ.get("BENCH_QUIET_WAIT", "10")))
    if warmup:
        env = {**os.environ, "URLS": str(loadlib.write_urls(name + " warmup", warmup)),
               "ONCE": "1" if once else ""}  # fmt: skip
        subprocess.run(  # noqa: S603
            [*base, "-d3s", "-s", script, target],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
    env = {**os.environ, "URLS": str(loadlib.write_urls(name, paths)), "ONCE": "1" if once else ""}
    load_before = load_average()
    before = machine.foreign_cpu()
    started = time.monotonic()
    output = subprocess.run(  # noqa: S603
        [*base, f"-d{seconds}s", "-s", script, target],
        env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    elapsed = max(time.monotonic() - started, 0.001)
    foreign = (machine.foreign_cpu() - before) / elapsed
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    run = loadlib.Run(name=name, **json.loads(line.removeprefix("RESULT ")))
    run.extra["other_processes_cpu_share"] = round(foreign, 3)
    run.extra["load_average_before"] = load_before
    run.extra["load_average_after"] = load_average()
    run.extra["paths_in_list"] = len(paths)
    return run


def worker_memory(server_pid: int) -> list[dict]:
    """RSS and PSS (shared pages divided among the processes sharing them) of each worker."""
    workers = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat[stat.rindex(")") + 2 :].split()[1]) != server_pid:
            continue
        status = (entry / "status").read_text()
        rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        try:
            rollup = (entry / "smaps_rollup").read_text()
            pss = int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1))
        except (OSError, AttributeError):
            pss = None
        workers.append({"pid": int(entry.name), "rss_mb": round(rss / 1024, 1),
                        "pss_mb": round(pss / 1024, 1) if pss else None})  # fmt: skip
    return sorted(workers, key=lambda w: w["pid"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--seconds", type=int, default=150, help="longest distinct run")
    parser.add_argument("--searches", type=int, default=3200,
                        help="distinct searches per route (a run stops when they are used up)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--label", default="", help="e.g. 100k, 1M (shown in the results)")
    parser.add_argument("--tag", default="", help="in the results file's name, e.g. before")
    parser.add_argument("--cache", choices=["both", "on", "off"], default="both")
    parser.add_argument("--report", action="store_true",
                        help="print the table of every results/distinct-*.json and stop")  # fmt: skip
    args = parser.parse_args()
    if args.report:
        for path in sorted(loadlib.RESULTS_DIR.glob("distinct-*.json")):
            saved = json.loads(path.read_text())
            print(f"\n{path.name}: measured {saved['measured_at']}, {saved['app_dir']}")
            print(markdown(saved["backend"], saved["label"], saved["results"]))
        return

    database_url = os.environ.get("DATABASE_URL") or sys.exit("set DATABASE_URL")
    rng = random.Random(args.seed)  # noqa: S311 (test data)
    zips = zip_codes(rng)
    seen: set = set()
    jobs = [f"/jobs?{urlencode(a)}" for a in distinct_searches(rng, args.searches, zips, seen)]
    api = [
        f"/api/v1/jobs?{urlencode(a)}" for a in distinct_searches(rng, args.searches, zips, seen)
    ]
    warm_jobs = [f"/jobs?{urlencode(a)}" for a in distinct_searches(rng, 600, zips, seen)]
    warm_api = [f"/api/v1/jobs?{urlencode(a)}" for a in distinct_searches(rng, 600, zips, seen)]
    mix_rng = random.Random(7)  # noqa: S311 (the old benchmark's mix, its seed)
    repeated = [p for _, p in search_load.query_mix(mix_rng, 500, "/jobs")]
    suggest = [f"/api/v1/suggest?{urlencode({'q': p})}" for p in PREFIXES]
    backend, database = loadlib.database_label(database_url)
    machine = loadlib.Machine(own_database=database if backend == "postgresql" else None)

    modes = {"on": {}, "off": {"CACHE_MAX_BYTES": "0"}}
    if args.cache != "both":
        modes = {args.cache: modes[args.cache]}
    print(f"{backend} {database} {args.label}: gunicorn -w {args.workers}, "
          f"wrk -t1 -c{args.connections}, {len(jobs):,} + {len(api):,} distinct searches",
          flush=True)  # fmt: skip
    results = {}
    for mode, extra_env in modes.items():
        runs = []
        with loadlib.gunicorn(database_url, args.workers, extra_env) as server:
            machine.own_roots.add(server.pid)
            memory_idle = worker_memory(server.pid)
            for name, paths, warmup, once, seconds in (
                ("bare /healthz", ["/healthz"], ["/healthz"], False, 10),
                ("/jobs distinct searches", jobs, warm_jobs, True, args.seconds),
                ("/api/v1/jobs distinct searches", api, warm_api, True, args.seconds),
                ("/jobs repeated mix (500)", repeated, repeated, False, 20),
                ("/api/v1/suggest", suggest, suggest, False, 15),
                ("bare /healthz (again)", ["/healthz"], ["/healthz"], False, 10),
            ):
                run = walk(name, paths, seconds=seconds, connections=args.connections,
                           machine=machine, warmup=warmup, once=once)  # fmt: skip
                print(f"  cache {mode}: {name}: {run.requests:,} requests, {run.rps:,.0f} req/s, "
                      f"p50 {run.p50_ms:.1f} p95 {run.p95_ms:.1f} p99 {run.p99_ms:.1f} ms, "
                      f"{run.statuses}, load {run.extra['load_average_before'][0]:.1f}",
                      flush=True)  # fmt: skip
                runs.append(run)
            memory = worker_memory(server.pid)
        bare = (runs[0].rps + runs[-1].rps) / 2
        results[mode] = {"bare_rps": bare, "runs": runs, "workers_idle": memory_idle,
                         "workers_after": memory}  # fmt: skip
        print(f"  cache {mode}: workers after the runs: "
              + ", ".join(f"RSS {w['rss_mb']:.0f} MB (PSS {w['pss_mb']:.0f})" for w in memory),
              flush=True)  # fmt: skip

    path = loadlib.save(
        "distinct" + (f"-{args.tag}" if args.tag else ""),
        database_url,
        {
            "label": args.label,
            "server": f"gunicorn --workers {args.workers} (sync)",
            "load": f"wrk -t1 -c{args.connections}, each distinct list walked once "
            f"(at most {args.seconds} s), after a 3 s warm-up on other searches",
            "distinct_searches_per_route": args.searches,
            "results": results,
        },
    )
    print(markdown(backend, args.label, results))
    print(f"saved {path}")


def markdown(backend: str, label: str, results: dict) -> str:
    name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(backend, backend)
    lines = [
        "| database, postings | cache | route | requests | req/s | vs bare | p50 ms | p95 ms "
        "| p99 ms | worker RSS MB | load avg |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for mode, result in results.items():
        rss = " / ".join(f"{w['rss_mb']:.0f}" for w in result["workers_after"])
        for run in result["runs"][:-1]:
            if isinstance(run, dict):
                run = loadlib.Run(**run)  # noqa: PLW2901 (read back from a results file)
            lines.append(
                f"| {name}, {label} | {mode} | {run.name} | {run.requests:,} | {run.rps:,.0f} | "
                f"{run.rps / result['bare_rps']:.0%} | {run.p50_ms:.1f} | {run.p95_ms:.1f} | "
                f"{run.p99_ms:.1f} | {rss} | {run.extra['load_average_before'][0]:.1f} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
