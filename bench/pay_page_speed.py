"""A job page's speed with and without its pay comparison (issue 16: within 10%).

    DATABASE_URL=... python bench/pay_page_speed.py [--rounds 10] [--per-round 20] [--path /jobs/1-...]

In-process (Flask's test client), warm caches, the two variants interleaved round by round
so that the load of a shared machine falls on both alike. "Without" removes the pay
template helpers, so the page's pay partial renders nothing; "with" is the page as served.
Prints the median time per request of each and the difference.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, os.environ.get("BENCH_APP_DIR") or str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402

from careercenter import create_app  # noqa: E402
from careercenter.extensions import db  # noqa: E402
from careercenter.models import PayPoint, Posting  # noqa: E402
from careercenter.pay.routes import pay_helpers  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--per-round", type=int, default=20)
    parser.add_argument("--path")
    args = parser.parse_args()
    app = create_app()
    path = args.path
    if not path:
        with app.app_context():
            posting = db.session.scalar(
                sa.select(Posting).join(PayPoint, PayPoint.posting_id == Posting.id)
                .where(Posting.status == "published").order_by(Posting.id)
            )  # fmt: skip
            path = f"/jobs/{posting.id}-{posting.slug}"
    client = app.test_client()
    processors = app.template_context_processors[None]

    def run(with_pay: bool) -> list[float]:
        if not with_pay and pay_helpers in processors:
            processors.remove(pay_helpers)
        elif with_pay and pay_helpers not in processors:
            processors.append(pay_helpers)
        times = []
        for _ in range(args.per_round):
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200
            assert (b"How the pay compares" in response.data) == with_pay
        return times

    run(True), run(False)  # warm both
    with_pay, without = [], []
    for _ in range(args.rounds):
        with_pay += run(True)
        without += run(False)
    a, b = statistics.median(with_pay), statistics.median(without)
    print(f"page: {path}")
    print(f"requests: {len(with_pay)} each, interleaved in {args.rounds} rounds")
    print(f"median with pay figures:    {a * 1000:.2f} ms")
    print(f"median without pay figures: {b * 1000:.2f} ms")
    print(f"difference: {(a - b) / b:+.1%}")


if __name__ == "__main__":
    main()
