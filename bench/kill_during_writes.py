"""SIGKILL the server in the middle of writes, then check the database is whole.

    .venv/bin/python bench/kill_during_writes.py                 # SQLite, then PostgreSQL
    .venv/bin/python bench/kill_during_writes.py --backend sqlite --rounds 5

Each round: gunicorn (4 workers) serves a write load from several client threads --
coders applying with a freshly uploaded resume, saving their profile (a new resume, the
credentials replaced), withdrawing; the employer moving applications along the pipeline
and editing jobs (which takes them out of the search index) and the moderator approving
them again (back in). After a random 5-12 s (a fresh worker's first requests take
seconds: imports, templates, the ZIP-code table) the master and every worker get SIGKILL at
once. With nothing running, the checks (faultlib.storage_checks and consistency_checks):

- the engine's own: SQLite `PRAGMA integrity_check` = ok, `PRAGMA foreign_key_check`
  empty, FTS5 'integrity-check' of the search index; PostgreSQL pg_amcheck (heap and
  B-tree, with heapallindexed) over the whole database;
- no half-written rows: every application has its first history event (none -> new) and
  its status is its last event's; every application points to a resume row; every resume
  row has its file, with the recorded size and SHA-256; a profile's credentials all come
  from the same save as its headline (each save writes "rev N" and credential numbers N);
  each open job is in the search index exactly once, with its current text, and nothing
  else is; SQLite: one FTS document per index entry;
- nothing acknowledged is lost: every application, profile save and job edit the server
  answered 303 to is there (a request cut off by the kill may or may not be);
- then the server is started again: /healthz and /jobs answer 200 and a profile save (a
  write) succeeds before the next round.

Exit status 0 when every round passed. Results: bench/results/faults-kill-<backend>.json.
"""

from __future__ import annotations

import argparse
import http.client
import random
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import faultlib  # noqa: E402
from faultlib import log  # noqa: E402

PIPELINE = ["reviewed", "interview", "offer", "rejected", "hired"]
POSTING_FORM = {
    "zip_code": "80202", "city": "", "state": "CO", "arrangement": "remote",
    "employment_type": "full-time", "pay_min": "25.00", "pay_max": "32.00", "pay_unit": "hour",
    "credentials_required": ["ccs"], "specialties": ["inpatient-drg"],
    "settings": ["hospital-inpatient"], "code_sets": ["icd-10-cm"], "years_experience": "2",
    "key_codes": "", "apply_method": "on-site", "apply_url": "", "duration_days": "30",
}  # fmt: skip


def profile_form(rev: int) -> dict:
    return {
        "full_name": "Faults Coder", "headline": f"rev {rev}", "zip_code": "80202",
        "credentials-0-credential": "ccs", "credentials-0-number": str(rev),
        "credentials-1-credential": "cpc", "credentials-1-number": str(rev),
        "years_experience": "3", "specialties": ["inpatient-drg"],
        "settings": ["hospital-inpatient"], "code_sets": ["icd-10-cm"], "tools": ["epic"],
        "arrangements": ["remote"], "employment_types": ["full-time"],
        "desired_pay": "30", "desired_pay_unit": "hour",
    }  # fmt: skip


@dataclass
class Coder:
    email: str
    browser: faultlib.Browser
    attempted: set[int] = field(default_factory=set)
    rev: int = 0


class Load:
    """The write load of one round; stops at the kill (or when told)."""

    def __init__(self, port, coders, employer, moderator, world, acked, rng):
        self.port, self.coders, self.employer, self.moderator = port, coders, employer, moderator
        self.world, self.acked, self.rng = world, acked, rng
        self.stop = threading.Event()
        self.tally = faultlib.Tally()
        self.in_flight = 0
        self.odd: list[str] = []
        self.lock = threading.Lock()
        self.apply_ids = world.posting_ids[: len(world.posting_ids) * 2 // 3]
        self.edit_ids = world.posting_ids[len(world.posting_ids) * 2 // 3 :]

    def _call(self, fn, *args, **kwargs):
        with self.lock:
            self.in_flight += 1
        try:
            status, location, data = fn(*args, timeout=30, **kwargs)
        finally:
            with self.lock:
                self.in_flight -= 1
        self.tally.add(status)
        if status == 422 or status >= 500:
            with self.lock:
                self.odd.append(f"{status} {getattr(fn, '__name__', fn)} {args[0]}")
        return status, location, data

    # -- a coder's writes --
    def apply(self, coder: Coder) -> None:
        choices = [p for p in self.apply_ids if p not in coder.attempted]
        if not choices:
            return self.withdraw(coder)
        posting_id = self.rng.choice(choices)
        coder.attempted.add(posting_id)
        pdf = faultlib.pdf_bytes(f"{coder.email}-{posting_id}-{time.time_ns()}")
        status, location, _ = self._call(
            coder.browser.post, f"/jobs/{posting_id}/apply/on-site",
            {"resume_choice": "upload", "cover_letter": "Applying under fire."},
            files={"resume": ("resume.pdf", pdf, "application/pdf")},
        )  # fmt: skip
        if status == 303 and location == "/me/":
            with self.acked.lock:
                self.acked.applications.add((coder.email, posting_id))

    def save_profile(self, coder: Coder) -> None:
        coder.rev += 1
        rev = coder.rev
        with self.acked.lock:
            self.acked.sent_revs[coder.email] = rev
        pdf = faultlib.pdf_bytes(f"{coder.email}-rev{rev}-{time.time_ns()}")
        status, location, _ = self._call(
            coder.browser.post, "/me/profile", profile_form(rev),
            files={"resume_file": ("resume.pdf", pdf, "application/pdf")},
        )  # fmt: skip
        if status == 303:
            with self.acked.lock:
                self.acked.profile_revs[coder.email] = rev

    def withdraw(self, coder: Coder) -> None:
        status, _, page = self._call(coder.browser.get, "/me/")
        ids = re.findall(rb"/me/applications/(\d+)/withdraw", page)
        if ids:
            self._call(
                coder.browser.post, f"/me/applications/{int(self.rng.choice(ids))}/withdraw", {}
            )

    # -- the employer's and the moderator's --
    def move_along(self) -> None:
        posting_id = self.rng.choice(self.apply_ids)
        _, _, page = self._call(self.employer.get, f"/employer/postings/{posting_id}/applicants")
        ids = sorted(set(re.findall(rb"/employer/applications/(\d+)", page)))
        if ids:
            application_id = int(self.rng.choice(ids))
            self._call(
                self.employer.post, f"/employer/applications/{application_id}/status",
                {"status": self.rng.choice(PIPELINE), "mail_applicant": "y"},
            )  # fmt: skip

    def edit_and_approve(self) -> None:
        posting_id = self.rng.choice(self.edit_ids)
        with self.acked.lock:
            rev = self.acked.sent_posting_revs.get(posting_id, 0) + 1
            self.acked.sent_posting_revs[posting_id] = rev
        title = self.world.posting_titles[posting_id]
        form = {**POSTING_FORM, "title": title, "submit_for_review": "y",
                "description": "Code inpatient charts for a teaching hospital: DRG assignment, "
                f"CC/MCC capture, query writing. revision zqrev{rev} {posting_id}"}  # fmt: skip
        status, _, _ = self._call(self.employer.post, f"/employer/postings/{posting_id}/edit", form)
        if status == 303:
            with self.acked.lock:
                self.acked.posting_revs[posting_id] = rev
        self._call(self.moderator.post, f"/admin/postings/{posting_id}/approve", {})

    def coder_loop(self, coders: list[Coder]) -> None:
        actions = [(self.apply, 5), (self.save_profile, 4), (self.withdraw, 1)]
        while not self.stop.is_set():
            coder = self.rng.choice(coders)
            action = self.rng.choices([a for a, _ in actions], [w for _, w in actions])[0]
            try:
                action(coder)
            except (OSError, http.client.HTTPException) as exc:  # the kill: refused, reset, cut off
                self.tally.add(type(exc).__name__)
                return

    def staff_loop(self) -> None:
        while not self.stop.is_set():
            try:
                if self.rng.random() < 0.6:
                    self.move_along()
                else:
                    self.edit_and_approve()
            except (OSError, http.client.HTTPException) as exc:
                self.tally.add(type(exc).__name__)
                return


def run(backend: str, rounds: int, clients: int, coders_n: int, workers: int, port: int,
        seed: int) -> dict:  # fmt: skip
    rng = random.Random(seed)  # noqa: S311 (a repeatable load, not a secret)
    name = f"kill-{backend}"
    folder = faultlib.run_dir(name)
    url = faultlib.fresh_database(backend, "faults_kill" if backend == "postgresql" else name,
                                  folder)  # fmt: skip
    log(f"{backend}: schema ({url})")
    faultlib.flask_command(url, "db", "upgrade")
    app = faultlib.make_app(url, folder)
    world = faultlib.seed_world(app, applicants=coders_n, postings=30, headline_rev=True)
    server = faultlib.Server(url, folder, port=port, workers=workers)
    server.start()

    coders = [Coder(email, faultlib.Browser(port)) for email in world.applicants]
    employer, moderator = faultlib.Browser(port), faultlib.Browser(port)

    def sign_in(browser, email):
        browser.login(email)
        browser.get("/me/" if email.startswith("coder") else "/")

    threads = [threading.Thread(target=sign_in, args=(c.browser, c.email)) for c in coders]
    threads += [threading.Thread(target=sign_in, args=(employer, world.employer_email)),
                threading.Thread(target=sign_in, args=(moderator, world.moderator_email))]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    log(f"{backend}: {len(coders)} coders, the employer and the moderator are signed in")

    acked = faultlib.Acked()
    report = []
    ok = True
    for round_no in range(1, rounds + 1):
        load = Load(port, coders, employer, moderator, world, acked, rng)
        groups = [coders[i::clients] for i in range(clients)]
        workers_before = server.worker_pids()
        threads = [threading.Thread(target=load.coder_loop, args=(g,)) for g in groups if g]
        threads.append(threading.Thread(target=load.staff_loop))
        for t in threads:
            t.start()
        wait = rng.uniform(5, 12)
        time.sleep(wait)
        in_flight = load.in_flight
        server.kill()
        killed_at = time.strftime("%H:%M:%S")
        load.stop.set()
        for t in threads:
            t.join(timeout=60)

        checks = faultlib.storage_checks(url)
        checks.update(faultlib.consistency_checks(app, folder, acked))
        # Start again: it must serve, and take a write.
        server.start()
        status_health, _, _ = faultlib.request("GET", port, "/healthz")
        status_jobs, _, _ = faultlib.request("GET", port, "/jobs")
        probe = coders[0]
        probe.rev += 1
        acked.sent_revs[probe.email] = probe.rev
        status_write, _, _ = probe.browser.post(
            "/me/profile", profile_form(probe.rev),
            files={"resume_file": ("resume.pdf", faultlib.pdf_bytes(f"probe{round_no}"), "application/pdf")},
        )  # fmt: skip
        if status_write == 303:
            acked.profile_revs[probe.email] = probe.rev
        checks["restarted: /healthz 200, /jobs 200, a profile save 303"] = (
            (status_health, status_jobs, status_write) == (200, 200, 303),
            f"{status_health}, {status_jobs}, {status_write}",
        )
        server_errors = load.tally.server_errors()
        checks["no 5xx before the kill"] = (server_errors == 0, f"{server_errors}")
        passed = all(p for p, _ in checks.values())
        ok = ok and passed
        writes = sum(n for k, n in load.tally.counts.items() if k.isdigit())
        log(f"{backend} round {round_no}: killed at {killed_at} after {wait:.1f} s, "
            f"{writes} responses, {in_flight} requests in flight at the kill, workers "
            f"{len(workers_before)} -> {'PASS' if passed else 'FAIL'}")  # fmt: skip
        for check, (passed_one, detail) in checks.items():
            if not passed_one or check == "counts" or "harmless" in check or "WAL" in check:
                log(f"    {'ok  ' if passed_one else 'FAIL'} {check}: {detail}")
        report.append({
            "round": round_no, "killed_after_seconds": round(wait, 2),
            "responses": dict(sorted(load.tally.counts.items())),
            "requests_in_flight_at_kill": in_flight, "passed": passed,
            "unexpected_answers": load.odd[:20],
            "checks": {k: {"passed": p, "detail": d} for k, (p, d) in checks.items()},
        })  # fmt: skip
    server.stop()
    return {
        "backend": backend, "rounds": rounds, "client_threads": clients + 1,
        "coders": coders_n, "gunicorn_workers": workers, "seed": seed, "passed": ok,
        "acknowledged": {"applications": len(acked.applications),
                         "profile_saves": sum(acked.profile_revs.values()),
                         "posting_edits": sum(acked.posting_revs.values())},
        "rounds_detail": report,
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--clients", type=int, default=8, help="coder threads (plus one for staff)")
    parser.add_argument("--coders", type=int, default=24)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8112)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    ok = True
    for backend in backends:
        result = run(backend, args.rounds, args.clients, args.coders, args.workers, args.port,
                     args.seed)  # fmt: skip
        path = faultlib.save_result(f"faults-kill-{backend}", result)
        passed_rounds = sum(r["passed"] for r in result["rounds_detail"])
        log(f"{backend}: {passed_rounds}/{args.rounds} rounds passed; acknowledged "
            f"{result['acknowledged']} -> {path.relative_to(faultlib.ROOT)}")  # fmt: skip
        ok = ok and result["passed"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
