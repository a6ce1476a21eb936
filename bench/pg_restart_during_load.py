"""Restart PostgreSQL under load: the app must recover without a restart of its own.

    .venv/bin/python bench/pg_restart_during_load.py                    # a private cluster
    .venv/bin/python bench/pg_restart_during_load.py --mode immediate    # crash-stop it instead
    .venv/bin/python bench/pg_restart_during_load.py --system            # the machine's cluster

By default the PostgreSQL that is restarted is a private one this script makes and removes
(initdb as the postgres user in a temporary folder, port 5441, trust auth): the same server
binaries, but restarting it cuts no one else's connections (a test run, another benchmark).
`--system` restarts the machine's own cluster instead, with `pg_ctlcluster
--skip-systemctl-redirect 15 main restart` (every client of it is cut off), in the database
faults_restart.

What happens:
1. A fresh database, `flask db upgrade`, a seeded world (coders with profiles, open jobs).
2. gunicorn (4 sync workers, production settings) on 127.0.0.1.
3. Client threads, each a signed-in coder, loop over reads (/healthz, /jobs?q=..., a job
   page, the dashboard) and writes (a profile save, an application) for --seconds.
4. At --restart-at seconds PostgreSQL is restarted (`pg_ctl restart -m fast`, what
   pg_ctlcluster does) or, with --mode immediate, stopped with `-m immediate` (no
   checkpoint, crash recovery at start) and started again.
5. Reported: the answers before, during and after the outage (5xx split into 503 and other),
   how long after PostgreSQL accepted connections again the app answered normally, whether
   gunicorn's workers are the same processes (no restart of the app), and after the run the
   consistency checks of kill_during_writes.py plus pg_amcheck.

Passes when: errors only during the outage window (plus a short grace), none after; every
5xx is a 503 (the branded "try again" page with Retry-After); the workers are the same
processes; the database is whole. The machine's PostgreSQL (pg_isready -h 127.0.0.1) is
checked at the end. Results: bench/results/faults-pg-restart[-immediate][-system].json.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import random
import shutil
import subprocess  # noqa: S404
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import faultlib  # noqa: E402
from faultlib import log  # noqa: E402
from kill_during_writes import profile_form  # noqa: E402

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PRIVATE_PORT = 5441
GRACE_SECONDS = 3.0  # after PostgreSQL answers again, how long the app may still fail


class PrivateCluster:
    """A throwaway PostgreSQL cluster owned by the postgres user, in a temporary folder."""

    def __init__(self, port: int = PRIVATE_PORT):
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="careercenter-faults-pg-"))
        self.data = self.dir / "data"

    def _as_postgres(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            ["/usr/sbin/runuser", "-u", "postgres", "--", *args], check=check, capture_output=True,
            text=True,
        )  # fmt: skip

    def create(self) -> None:
        shutil.chown(self.dir, "postgres", "postgres")
        self._as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
                          "--auth=trust", "--no-sync")  # fmt: skip
        self.start()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options,
                          "-l", str(self.dir / "server.log"), "-w", "start")  # fmt: skip

    def restart(self, mode: str) -> None:
        pg_ctl = str(PG_BIN / "pg_ctl")
        if mode == "fast":
            options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
            self._as_postgres(pg_ctl, "-D", str(self.data), "-m", "fast", "-o", options,
                              "-l", str(self.dir / "server.log"), "-w", "restart")  # fmt: skip
        else:
            self._as_postgres(pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop")
            self.start()

    def destroy(self) -> None:
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w",
                          "stop", check=False)  # fmt: skip
        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def server(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}"


class SystemCluster:
    """The machine's own cluster (pg_ctlcluster), for --system."""

    version = "15"

    def restart(self, mode: str) -> None:
        cmd = ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, "main"]
        if mode == "fast":
            subprocess.run([*cmd, "restart"], check=True, capture_output=True)  # noqa: S603
        else:
            subprocess.run([*cmd, "stop", "-m", "immediate"], check=True, capture_output=True)  # noqa: S603
            subprocess.run([*cmd, "start"], check=True, capture_output=True)  # noqa: S603

    server = faultlib.PG_SERVER


def pg_ready(server: str) -> bool:
    host_port = server.split("@", 1)[1]
    host, _, port = host_port.partition(":")
    done = subprocess.run(  # noqa: S603
        [shutil.which("pg_isready") or str(PG_BIN / "pg_isready"), "-h", host, "-p", port or "5432"],
        capture_output=True,
    )  # fmt: skip
    return done.returncode == 0


def run(args) -> dict:
    rng = random.Random(args.seed)  # noqa: S311 (a repeatable load, not a secret)
    label = "pg-restart" + ("-immediate" if args.mode == "immediate" else "") + (
        "-system" if args.system else "")  # fmt: skip
    folder = faultlib.run_dir(label)
    cluster = SystemCluster() if args.system else PrivateCluster()
    if not args.system:
        log(f"private PostgreSQL cluster in {cluster.dir} on port {cluster.port}")
        cluster.create()
    try:
        url = faultlib.fresh_database("postgresql", "faults_restart", folder, cluster.server)
        faultlib.flask_command(url, "db", "upgrade")
        app = faultlib.make_app(url, folder)
        world = faultlib.seed_world(app, applicants=args.clients * 2, postings=40,
                                    headline_rev=True)  # fmt: skip
        server = faultlib.Server(url, folder, port=args.port, workers=args.workers)
        server.start()
        return load_and_restart(args, rng, app, world, server, cluster, url, folder)
    finally:
        if not args.system:
            cluster.destroy()


def load_and_restart(args, rng, app, world, server, cluster, url, folder) -> dict:
    browsers = []
    for email in world.applicants[: args.clients]:
        browser = faultlib.Browser(args.port)
        browser.login(email)
        browser.get("/me/")
        browsers.append((email, browser))
    # Warm the workers up: a fresh worker's first requests import and compile for seconds.
    for _ in range(3):
        threads = [threading.Thread(target=b.get, args=("/jobs?q=coder",)) for _, b in browsers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    acked = faultlib.Acked()
    records: list[tuple[float, float, str, str]] = []  # start, end, kind, status/exception
    lock = threading.Lock()
    stop = threading.Event()
    t_zero = time.monotonic()
    revs: dict[str, int] = {}

    def client(email: str, browser: faultlib.Browser) -> None:
        attempted: set[int] = set()
        while not stop.is_set():
            kind = rng.choices(["healthz", "search", "job", "dashboard", "profile", "apply"],
                               [2, 3, 2, 2, 2, 2])[0]  # fmt: skip
            start = time.monotonic() - t_zero
            try:
                if kind == "healthz":
                    status, _, _ = browser.get("/healthz", timeout=30)
                elif kind == "search":
                    status, _, _ = browser.get("/jobs?q=inpatient+coder", timeout=30)
                elif kind == "job":
                    status, _, _ = browser.get(f"/jobs/{rng.choice(world.posting_ids)}", timeout=30)
                    status = 200 if status == 301 else status  # to its canonical address
                elif kind == "dashboard":
                    status, _, _ = browser.get("/me/", timeout=30)
                elif kind == "profile":
                    rev = revs.get(email, 0) + 1
                    revs[email] = rev
                    with acked.lock:
                        acked.sent_revs[email] = rev
                    status, _, _ = browser.post("/me/profile", profile_form(rev), timeout=30)
                    if status == 303:
                        with acked.lock:
                            acked.profile_revs[email] = rev
                else:
                    choices = [p for p in world.posting_ids if p not in attempted]
                    if not choices:
                        continue
                    posting_id = rng.choice(choices)
                    attempted.add(posting_id)
                    status, location, _ = browser.post(
                        f"/jobs/{posting_id}/apply/on-site",
                        {"resume_choice": "profile", "cover_letter": "Restart-proof."}, timeout=30,
                    )  # fmt: skip
                    if status == 303 and location == "/me/":
                        with acked.lock:
                            acked.applications.add((email, posting_id))
                result = str(status)
            except (OSError, http.client.HTTPException) as exc:
                result = type(exc).__name__
                time.sleep(0.05)
            with lock:
                records.append((start, time.monotonic() - t_zero, kind, result))
            if result.isdigit() and int(result) >= 500:
                time.sleep(0.05)  # a person would not hammer a 503 either

    workers_before = server.worker_pids()
    threads = [threading.Thread(target=client, args=pair) for pair in browsers]
    for t in threads:
        t.start()
    time.sleep(args.restart_at)
    restart_began = time.monotonic() - t_zero
    log(f"restarting PostgreSQL ({args.mode}) at t={restart_began:.1f} s")
    cluster.restart(args.mode)
    restart_done = time.monotonic() - t_zero
    log(f"PostgreSQL accepts connections again at t={restart_done:.1f} s")
    time.sleep(max(0.0, args.seconds - (time.monotonic() - t_zero)))
    stop.set()
    for t in threads:
        t.join(timeout=60)
    workers_after = server.worker_pids()
    # Is the app answering normally now, without having been restarted?
    health, _, _ = faultlib.request("GET", args.port, "/healthz")
    server.stop()

    def ok(result: str) -> bool:
        return result.isdigit() and int(result) < 500

    before = [r for r in records if r[1] < restart_began]
    during = [r for r in records if r[0] <= restart_done + GRACE_SECONDS and r[1] >= restart_began]
    after = [r for r in records if r[0] > restart_done + GRACE_SECONDS]
    failures = [r for r in records if not ok(r[3])]
    last_failure_end = max((r[1] for r in failures), default=None)
    first_success_after = min(
        (r[1] for r in records if ok(r[3]) and r[0] >= (last_failure_end or restart_done)),
        default=None,
    )

    def by_status(rows):
        counts: dict[str, int] = {}
        for row in rows:
            counts[row[3]] = counts.get(row[3], 0) + 1
        return dict(sorted(counts.items()))

    per_second: dict[int, dict[str, int]] = {}
    for start, _end, _kind, result in records:
        bucket = per_second.setdefault(int(start), {"ok": 0, "503": 0, "other_error": 0})
        bucket["ok" if ok(result) else "503" if result == "503" else "other_error"] += 1

    checks = faultlib.storage_checks(url)
    with app.app_context():
        from careercenter.extensions import db

        db.engine.dispose()  # the seeding connections died with the restart
    checks.update(faultlib.consistency_checks(app, folder, acked))
    failed_outside = [
        r for r in failures if r[0] > restart_done + GRACE_SECONDS or r[1] < restart_began
    ]
    non_503 = [r for r in failures if r[3] != "503"]
    checks["errors only during the outage (+ grace)"] = (
        not failed_outside, f"{len(failed_outside)} outside: {failed_outside[:3]}")  # fmt: skip
    checks["every failed answer is a 503"] = (not non_503, f"{by_status(non_503)}")
    checks["no traceback of an unexpected error in the server log"] = (
        "unhandled error" not in server.log_text(), "")  # fmt: skip
    checks["same gunicorn workers before and after (no app restart)"] = (
        workers_before == workers_after and bool(workers_before),
        f"{sorted(workers_before)} -> {sorted(workers_after)}",
    )
    checks["/healthz 200 at the end"] = (health == 200, str(health))
    checks["requests succeed after the outage"] = (
        bool(after) and all(ok(r[3]) for r in after), f"{len(after)} requests after")  # fmt: skip

    return {
        "postgresql": "system cluster (pg_ctlcluster)" if args.system else "private cluster",
        "mode": args.mode, "client_threads": args.clients, "gunicorn_workers": args.workers,
        "restart_began_s": round(restart_began, 2), "restart_done_s": round(restart_done, 2),
        "restart_took_s": round(restart_done - restart_began, 2),
        "app_failing_from_s": round(min((r[1] for r in failures), default=float("nan")), 2),
        "last_failure_s": round(last_failure_end, 2) if last_failure_end else None,
        "app_failing_for_s": round(last_failure_end - min(r[0] for r in failures), 2)
        if failures else 0.0,
        "first_success_after_outage_s": round(first_success_after, 2) if first_success_after else None,
        "app_recovered_after_pg_back_s": round(first_success_after - restart_done, 2)
        if first_success_after else None,
        "answers_before": by_status(before), "answers_during": by_status(during),
        "answers_after": by_status(after), "per_second": per_second,
        "acknowledged": {"applications": len(acked.applications),
                         "profile_saves": sum(acked.profile_revs.values())},
        "checks": {k: {"passed": p, "detail": d} for k, (p, d) in checks.items()},
        "passed": all(p for p, _ in checks.values()),
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mode", choices=["fast", "immediate"], default="fast")
    parser.add_argument("--system", action="store_true",
                        help="restart the machine's cluster (cuts every client of it)")  # fmt: skip
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--restart-at", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8113)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if os.geteuid() != 0 and not args.system:
        parser.error("the private cluster is made with runuser: run as root, or use --system")
    try:
        result = run(args)
    finally:
        with contextlib.suppress(Exception):
            ready = pg_ready(faultlib.PG_SERVER)
            log(f"the machine's PostgreSQL: {'accepting connections' if ready else 'NOT READY'}")
    name = "faults-pg-restart" + ("-immediate" if args.mode == "immediate" else "") + (
        "-system" if args.system else "")  # fmt: skip
    path = faultlib.save_result(name, result)
    log(f"PostgreSQL restart took {result['restart_took_s']} s; the app failed requests for "
        f"{result['app_failing_for_s']} s (t={result['app_failing_from_s']} to "
        f"{result['last_failure_s']} s); first normal answer "
        f"{result['app_recovered_after_pg_back_s']} s after pg_ctl returned")  # fmt: skip
    log(f"  before {result['answers_before']}")
    log(f"  during {result['answers_during']}")
    log(f"  after  {result['answers_after']}")
    for check, outcome in result["checks"].items():
        log(f"  {'ok  ' if outcome['passed'] else 'FAIL'} {check}: {outcome['detail']}")
    log(f"-> {path.relative_to(faultlib.ROOT)}")
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
