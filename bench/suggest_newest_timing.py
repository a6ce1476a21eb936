"""Time /api/v1/suggest (per keystroke, and the table built once per index generation) and
/jobs sorted newest, in-process through Flask's test client, on the database at
DATABASE_URL (fill it with bench/generate_postings.py first).

    DATABASE_URL=... python bench/suggest_newest_timing.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, os.environ.get("BENCH_APP_DIR") or str(Path(__file__).resolve().parent.parent))

from careercenter import create_app  # noqa: E402
from careercenter.extensions import db  # noqa: E402
from careercenter.search import engine, suggest  # noqa: E402

WORDS = ["outpatient", "inpatient", "coder", "auditor", "oncology", "cardiology", "houston",
         "texas", "cpc", "remote", "professional", "denials", "surgery", "radiology", "risk"]  # fmt: skip
NEWEST = ["", "coder", "remote cpc", "inpatient coder", "oncology", "e11.52", "auditor texas",
          "outpatient coder cpc", "risk adjustment", "denials", "radiology coder", "cdi"]  # fmt: skip


def timed(client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    return elapsed * 1000


def report(name: str, samples: list[float]) -> None:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    print(f"{name}: n={len(samples)} median {statistics.median(samples):.1f} ms, "
          f"p95 {p95:.1f} ms, max {samples[-1]:.1f} ms")  # fmt: skip


def main() -> None:
    app = create_app({"CACHE_MAX_BYTES": 0})
    client = app.test_client()
    with app.app_context():
        size = db.session.execute(db.text("SELECT count(*) FROM posting_search")).scalar()
        print(f"{db.engine.url.get_backend_name()}, {size:,} postings in the index")
        start = time.perf_counter()
        table = suggest.current_table(engine.current_generation())
        build = (time.perf_counter() - start) * 1000
        print(f"suggestion table: {len(table.entries):,} entries, built in {build:.0f} ms")
    keystrokes = [word[:n] for word in WORDS for n in range(2, len(word) + 1)]
    report("suggest per keystroke", [timed(client, f"/api/v1/suggest?q={k}") for k in keystrokes])
    report("/jobs?sort=newest", [timed(client, f"/jobs?sort=newest&q={q}") for q in NEWEST])
    report(
        "/jobs?sort=newest page 3",
        [timed(client, f"/jobs?sort=newest&page=3&q={q}") for q in NEWEST],
    )
    report(
        "/api/v1/jobs?sort=newest",
        [timed(client, f"/api/v1/jobs?sort=newest&q={q}") for q in NEWEST],
    )


if __name__ == "__main__":
    main()
