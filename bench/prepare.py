"""Make a benchmark database from nothing: schema, code sets (timing the ICD-10-CM import),
and N generated postings.

    python bench/prepare.py --backend sqlite --name bench_100k --count 100000
    python bench/prepare.py --backend postgresql --name bench_1m --count 1000000

SQLite databases are files in bench/.data/; PostgreSQL ones are created (dropped first if
they exist) on postgresql://postgres@127.0.0.1:5432 (BENCH_PG, without a database name).
Prints the DATABASE_URL to use; timings go to bench/results/prepare-<backend>-<name>.json.

The ICD-10-CM import is timed here too, with the share of the CPU other processes used
meanwhile, for information; bench/icd_import.py measures it on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess  # noqa: S404
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadlib  # noqa: E402

PG_SERVER = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432")


def flask(database_url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(loadlib.APP_DIR)}
    env.pop("CAREERCENTER_ENV", None)
    completed = subprocess.run(  # noqa: S603
        [str(loadlib.VENV_BIN / "flask"), "--app", "careercenter", *args],
        cwd=loadlib.APP_DIR, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return completed.stdout + completed.stderr


def timed_flask(database_url: str, machine: loadlib.Machine, *args: str, quiet=True) -> dict:
    """Run a flask command, timed; with `quiet`, first wait until the machine is quiet."""
    if quiet:
        machine.wait_until_quiet()
    before = machine.foreign_cpu()
    started = time.perf_counter()
    output = flask(database_url, *args)
    seconds = time.perf_counter() - started
    foreign = (machine.foreign_cpu() - before) / seconds
    reported = re.search(r"in ([\d.]+) s", output)
    return {
        "command": "flask --app careercenter " + " ".join(args),
        "wall_seconds": round(seconds, 2),
        "reported_seconds": float(reported.group(1)) if reported else None,
        "output": output.strip().splitlines()[-1] if output.strip() else "",
        "other_processes_cpu_share": round(foreign, 3),
    }


def create_database(backend: str, name: str) -> str:
    if backend == "sqlite":
        loadlib.DATA_DIR.mkdir(parents=True, exist_ok=True)
        path = loadlib.DATA_DIR / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    if name in {"test", "postgres", "template0", "template1"}:
        sys.exit(f"refusing to drop database {name!r}")
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_SERVER}/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], required=True)
    parser.add_argument("--name", required=True, help="database name, e.g. bench_100k")
    parser.add_argument("--count", type=int, required=True, help="postings to generate")
    parser.add_argument("--skip-codes", action="store_true",
                        help="no code sets (enough for the search benchmarks; saves 1-20 min)")  # fmt: skip
    args = parser.parse_args()

    database_url = create_database(args.backend, args.name)
    machine = loadlib.Machine(own_database=args.name if args.backend == "postgresql" else None)
    print(f"DATABASE_URL={database_url}", flush=True)
    flask(database_url, "db", "upgrade")

    icd_first = icd_again = None
    if not args.skip_codes:
        # Timed for information only (no waiting for a quiet machine here): bench/icd_import.py
        # measures the import properly.
        icd_first = timed_flask(database_url, machine, "codes", "import-icd10cm", quiet=False)
        print(f"  ICD-10-CM import, empty tables: {icd_first['wall_seconds']} s "
              f"({icd_first['output']})", flush=True)  # fmt: skip
        icd_again = timed_flask(database_url, machine, "codes", "import-icd10cm", quiet=False)
        print(f"  ICD-10-CM import, again: {icd_again['wall_seconds']} s "
              f"({icd_again['output']})", flush=True)  # fmt: skip
        demo = loadlib.APP_DIR / "data" / "codes"
        for command, file in (
            ("import-cpt", "cpt_demo.csv"),
            ("import-hcpcs", "hcpcs_demo.csv"),
            ("import-modifiers", "modifiers.csv"),
            ("import-relations", "relations_demo.csv"),
        ):
            flask(database_url, "codes", command, str(demo / file))

    started = time.perf_counter()
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(loadlib.APP_DIR)}
    generated = subprocess.run(  # noqa: S603
        [str(loadlib.VENV_BIN / "python"), str(loadlib.BENCH_DIR / "generate_postings.py"),
         "--count", str(args.count)],
        env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    generation_seconds = time.perf_counter() - started
    print("  " + "\n  ".join(line.split("\r")[-1] for line in generated.strip().splitlines()))

    size = None
    if args.backend == "sqlite":
        size = sum(
            Path(f"{database_url.removeprefix('sqlite:///')}{s}").stat().st_size
            for s in ("", "-wal")
            if Path(f"{database_url.removeprefix('sqlite:///')}{s}").exists()
        )
    else:
        import psycopg

        # As autovacuum leaves a production database (it may be off on a test machine): the
        # import run twice left a dead copy of every code row, which each look-up would read.
        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")
            size = connection.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    path = loadlib.save(
        "prepare",
        database_url,
        {
            "postings": args.count,
            "icd10cm_import_first": icd_first,
            "icd10cm_import_again": icd_again,
            "generate_seconds": round(generation_seconds, 1),
            "generate_output": generated.strip().splitlines()[-1],
            "database_bytes": size,
        },
    )
    print(f"  database size: {size / 1e6:,.0f} MB; saved {path}")


if __name__ == "__main__":
    main()
