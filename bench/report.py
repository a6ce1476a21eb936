"""The Markdown tables of the last measured results (bench/results/*.json), for README.md.

python bench/report.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadlib  # noqa: E402

ORDER = [("sqlite", "bench_100k"), ("postgresql", "bench_100k"),
         ("sqlite", "bench_1m"), ("postgresql", "bench_1m")]  # fmt: skip
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
SIZES = {"bench_100k": "100k", "bench_1m": "1M"}


def load(kind: str, backend: str, database: str) -> dict | None:
    path = loadlib.RESULTS_DIR / f"{kind}-{backend}-{database}.json"
    return json.loads(path.read_text()) if path.exists() else None


def runs_by_name(result: dict) -> dict[str, dict]:
    return {run["name"]: run for run in result["runs"]}


def row(label: str, run: dict, bare_rps: float) -> str:
    return (
        f"| {label} | {run['rps']:,.0f} | {run['rps'] / bare_rps:.0%} | {run['p50_ms']:.1f} | "
        f"{run['p95_ms']:.1f} | {run['p99_ms']:.1f} |"
    )


HEADER = [
    "| database, postings | route | req/s | vs bare | p50 ms | p95 ms | p99 ms |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
]


def table(kind: str, routes: list[str]) -> list[str]:
    lines = list(HEADER)
    for backend, database in ORDER:
        for variant, note in (("", ""), ("-cache-off", ", nothing remembered")):
            result = load(kind + variant, backend, database)
            if result is not None:
                lines += _rows(result, f"{NAMES[backend]}, {SIZES[database]}{note}", routes)
    return lines


def _rows(result: dict, where: str, routes: list[str]) -> list[str]:
    runs = runs_by_name(result)
    bare = result["bare_rps"]
    lines = [f"| {where} | bare `/healthz` | {bare:,.0f} | 100% | "
             f"{runs['bare /healthz']['p50_ms']:.1f} | {runs['bare /healthz']['p95_ms']:.1f} | "
             f"{runs['bare /healthz']['p99_ms']:.1f} |"]  # fmt: skip
    lines += [row(f"{where} | {route}", runs[route], bare) for route in routes]
    return lines


def main() -> None:
    out = ["### Job search (`/jobs`, `/api/v1/jobs`) and job pages", ""]
    out += table("search", ["/jobs search mix", "/api/v1/jobs mix", "job pages"])
    out += ["", "### Code pages and code search (full ICD-10-CM loaded)", ""]
    out += table("codes", ["code pages", "code search", "code suggestions API"])

    icd = loadlib.RESULTS_DIR / "icd-import.json"
    if icd.exists():
        results = json.loads(icd.read_text())["results"]
        out += ["", "### ICD-10-CM import (`flask --app careercenter codes import-icd10cm`)", ""]
        out += ["| database | into empty tables (median) | again (updates every row) |",
                "| --- | ---: | ---: |"]  # fmt: skip
        for backend, result in results.items():
            out.append(f"| {NAMES[backend]} | {result['empty_tables_median_seconds']:.1f} s | "
                       f"{result['again']['wall_seconds']:.1f} s |")  # fmt: skip

    out += ["", "### Generating the data (`bench/prepare.py`)", ""]
    out += ["| database, postings | postings + index | database size |", "| --- | ---: | ---: |"]
    for backend, database in ORDER:
        result = load("prepare", backend, database)
        if result:
            out.append(f"| {NAMES[backend]}, {SIZES[database]} | {result['generate_seconds']:.0f} s "
                       f"({result['generate_output'].removeprefix('seconds: ')}) | "
                       f"{result['database_bytes'] / 1e9:.1f} GB |")  # fmt: skip
    print("\n".join(out))


if __name__ == "__main__":
    main()
