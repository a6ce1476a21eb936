"""Time the ICD-10-CM import on each database, on a quiet machine.

    python bench/icd_import.py [--backend sqlite --backend postgresql] [--repeat 2]

For each backend: a new scratch database (bench/.data/bench_icd.sqlite3, or PostgreSQL
database bench_icd), `flask --app careercenter db upgrade`, then the command a site runs,
`flask --app careercenter codes import-icd10cm`, timed on the wall clock (Python start-up
included): into empty tables (`--repeat` times, each on a new database), then once more on
the loaded tables (the idempotent re-run, which updates every row). Results go to
bench/results/icd-import.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadlib  # noqa: E402
from prepare import create_database, flask, timed_flask  # noqa: E402

NAME = "bench_icd"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", action="append", choices=["sqlite", "postgresql"])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    # The import and the PostgreSQL server get the measurement's priority (see loadlib).
    loadlib.set_session_priority(os.getpid(), loadlib.PRIORITY)
    postmaster = loadlib.postmaster_pid()
    postmaster_was = loadlib.session_priority(postmaster) if postmaster else None
    if postmaster_was is not None:
        loadlib.set_session_priority(postmaster, loadlib.PRIORITY)
    results = {}
    for backend in args.backend or ["sqlite", "postgresql"]:
        machine = loadlib.Machine(own_database=NAME if backend == "postgresql" else None)
        fresh = []
        for _ in range(args.repeat):
            database_url = create_database(backend, NAME)
            flask(database_url, "db", "upgrade")
            run = timed_flask(database_url, machine, "codes", "import-icd10cm")
            print(f"{backend}: into empty tables {run['wall_seconds']} s ({run['output']}; "
                  f"other processes {run['other_processes_cpu_share']:.0%} of a core)", flush=True)  # fmt: skip
            fresh.append(run)
        again = timed_flask(database_url, machine, "codes", "import-icd10cm")
        print(f"{backend}: again {again['wall_seconds']} s ({again['output']})", flush=True)
        results[backend] = {
            "empty_tables": fresh,
            "empty_tables_median_seconds": statistics.median(r["wall_seconds"] for r in fresh),
            "again": again,
        }
        create_database(backend, NAME)  # leave an empty scratch database behind
    loadlib.set_session_priority(os.getpid(), 0)
    if postmaster_was is not None:
        loadlib.set_session_priority(postmaster, postmaster_was)
    path = loadlib.save("icd-import", None, {"results": results})
    print(json.dumps({b: r["empty_tables_median_seconds"] for b, r in results.items()}))
    print(f"saved {path}")


if __name__ == "__main__":
    main()
