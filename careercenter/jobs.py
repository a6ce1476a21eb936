"""Background jobs: through Redis and RQ when REDIS_URL is set, in-process otherwise.

    from careercenter import jobs
    jobs.enqueue("careercenter.applications.notifications:notify_employer", application.id)

A job is named by "module:function" and gets plain arguments (ids, not objects), so it can
run in a worker process later. `flask --app careercenter worker` runs the worker.
"""

from __future__ import annotations

import importlib
import logging

from flask import Flask, current_app

log = logging.getLogger(__name__)
_worker_app: Flask | None = None


def _resolve(target: str):
    module_name, _, function_name = target.partition(":")
    return getattr(importlib.import_module(module_name), function_name)


def enqueue(target: str, *args, **kwargs) -> None:
    """Run `target(*args, **kwargs)` in the background (or now, without Redis)."""
    _resolve(target)  # fail fast on a typo, in the request that asked for it
    redis_url = current_app.config.get("REDIS_URL")
    if not redis_url:
        _resolve(target)(*args, **kwargs)
        return
    from redis import Redis
    from rq import Queue

    queue = Queue(current_app.config["JOBS_QUEUE"], connection=Redis.from_url(redis_url))
    queue.enqueue(run_job, target, *args, **kwargs, job_timeout=600, result_ttl=3600)


def run_job(target: str, *args, **kwargs):
    """What the worker runs: the job inside an application context."""
    global _worker_app
    if _worker_app is None:
        # The one import inside a function: the app this builds imports this module (its
        # services enqueue jobs), so a top-level import would be a cycle.
        from careercenter import create_app

        _worker_app = create_app()
    with _worker_app.test_request_context(base_url=_worker_app.config["SITE_URL"]):
        return _resolve(target)(*args, **kwargs)


def run_worker(app: Flask, burst: bool = False) -> None:
    from redis import Redis
    from rq import Queue, SimpleWorker

    redis_url = app.config.get("REDIS_URL")
    if not redis_url:
        raise RuntimeError("Set REDIS_URL to run a worker; without it jobs run in-process.")
    global _worker_app
    _worker_app = app
    connection = Redis.from_url(redis_url)
    # SimpleWorker runs each job in this process: no fork, so no database connection is
    # ever shared between a parent and a child. Our jobs are short (a mail, a query).
    queue = Queue(app.config["JOBS_QUEUE"], connection=connection)
    SimpleWorker([queue], connection=connection).work(burst=burst)
