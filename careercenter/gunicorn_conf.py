"""gunicorn settings for the site (they are in the package, so an installed wheel has them):

    gunicorn -c python:careercenter.gunicorn_conf --workers 4 --bind 127.0.0.1:8000 \
        "careercenter:create_app()"

- The app is loaded once, in the master, before the workers fork (`preload_app`), with the
  reference data every worker needs (ZIP codes and city centers, careercenter.geo.warm):
  the workers share one copy instead of building their own on their first place search
  (35 + 115 MB each before), and no search waits for it.
- Then everything loaded so far is moved out of the garbage collector's reach
  (`gc.freeze()`): a full collection in a worker no longer walks the app's and the reference
  data's objects (full collections of that heap took about 300 ms, the p99 spikes of the
  search benchmark), and the shared pages stay shared.
- Each worker drops the database connections it inherited (`post_fork`): a connection
  must not be used by two processes. Redis clients reconnect by themselves after a fork.

`--no-preload` on the command line still works (each worker then loads the app itself;
the reference data is still loaded by the master and shared).
"""

import gc

from careercenter import geo
from careercenter.extensions import db
from careercenter.search import suggest

preload_app = True


def when_ready(server):
    """In the master, before the first fork."""
    geo.warm()
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    """In each new worker: no connection of the master's pool is used by a worker."""
    app = _loaded_app(server)
    if app is not None:
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose(close=False)


def post_worker_init(worker):
    """In each worker, once its app is loaded (when it was not preloaded): keep what it
    loaded out of the collector's way too; count the search suggestions' table."""
    gc.collect()
    gc.freeze()
    application = getattr(worker.app, "callable", None) or getattr(worker, "wsgi", None)
    if hasattr(application, "app_context"):
        suggest.warm_in_background(application)


def _loaded_app(server):
    """The Flask app the master preloaded, if it did."""
    application = getattr(server.app, "callable", None)
    return application if hasattr(application, "app_context") else None
