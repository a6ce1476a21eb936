"""Code search timings for a few queries, straight through services.search_codes (no
remembered answers). Needs a database with the full ICD-10-CM and the demo files loaded:

    DATABASE_URL=... flask --app careercenter db upgrade
    DATABASE_URL=... flask --app careercenter codes load-demo
    DATABASE_URL=... python bench/code_search_timing.py
"""

import statistics
import time

from careercenter import create_app
from careercenter.codes.services import search_codes

QUERIES = ["E11.9", "e119", "99213", "diabetes", "type 2 diabetes",
           "stage 4 pressure ulcer sacral", "covid 19", "covid", "obesity class 3", "RT",
           "fracture", "a"]  # fmt: skip
RUNS = 7

app = create_app()
with app.app_context():
    for query in QUERIES:
        search_codes(query)  # warm
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            result = search_codes(query)
            times.append((time.perf_counter() - started) * 1000)
        top = ", ".join(item.code for item in result.items[:3])
        print(
            f"{query!r:34} {statistics.median(times):8.1f} ms  total {result.total:6}  top: {top}"
        )
