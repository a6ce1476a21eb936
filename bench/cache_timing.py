"""How long a remembered answer takes to read: from this process's cache (careercenter/cache.py)
against a shared Redis on the same machine (GET + unpickle), for an answer the size of a
rendered /jobs results list. A tiny in-process timing, not a load test: it decides whether
answers are kept per process or shared (README, "Where answers are kept").

    python bench/cache_timing.py            # starts a throw-away redis-server if one is installed
    REDIS_URL=redis://host:6379/15 python bench/cache_timing.py   # or uses this one (db emptied of its key only)
"""

from __future__ import annotations

import os
import pickle
import shutil
import socket
import statistics
import subprocess
import tempfile
import time

from markupsafe import Markup

from careercenter import create_app
from careercenter.extensions import cache

ROUNDS = 2000


def answer() -> tuple[Markup, int]:
    """About 20 KB of rendered cards, as a /jobs page's list is."""
    card = '<li class="job-card"><a href="/jobs/{i}/coder">Remote Outpatient Coder {i}</a> ...</li>'
    html = Markup("".join(card.format(i=i) + " " * 900 for i in range(20)))  # noqa: S704
    return html, len(html)


def timed(read) -> tuple[float, float]:
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        read()
        samples.append((time.perf_counter() - start) * 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    value = answer()
    app = create_app({"CACHE_MIN_ASKS": 1, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():
        cache.remembered("timing", lambda: value)
        median, p95 = timed(lambda: cache.remembered("timing", lambda: value))
    print(f"in-process hit: median {median:.1f} us, p95 {p95:.1f} us ({value[1]:,} chars)")

    import redis

    server = None
    url = os.environ.get("REDIS_URL")
    if not url:
        if not shutil.which("redis-server"):
            print("no REDIS_URL and no redis-server: Redis not measured")
            return
        port = free_port()
        folder = tempfile.mkdtemp()
        server = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [shutil.which("redis-server"), "--port", str(port), "--save", "", "--appendonly", "no",
             "--dir", folder],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        url = f"redis://127.0.0.1:{port}/0"
        time.sleep(0.5)
    try:
        client = redis.Redis.from_url(url)
        client.set("cache-timing", pickle.dumps(value))
        # The value this script stored a line above: what a shared cache would read back.
        median, p95 = timed(lambda: pickle.loads(client.get("cache-timing")))  # noqa: S301
        print(f"Redis GET + unpickle (localhost): median {median:.1f} us, p95 {p95:.1f} us")
        client.delete("cache-timing")
    finally:
        if server is not None:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
