"""200 coders apply to the same job at the same moment; some press the button twice.

    .venv/bin/python bench/apply_load.py                    # SQLite, then PostgreSQL
    .venv/bin/python bench/apply_load.py --backend sqlite --applicants 200 --double-every 5

What it does:
1. A fresh database (bench/.data/faults/apply-<backend>/ or the PostgreSQL database
   faults_apply), `flask db upgrade`, then in-process with the app's own services: one
   employer, one published on-site job, and N coders each with a profile and a PDF resume.
2. gunicorn (4 sync workers, production settings, login rate limit raised) on 127.0.0.1.
3. Each coder, in its own thread, logs in over HTTP (GET /login for the CSRF token, POST
   /login) and opens the application form (GET, for the form's token). Every
   `--double-every`-th coder has a twin thread with the same cookies: a double submit.
4. All threads wait at a barrier, then POST the application at once.
5. With the server stopped, the database is checked: exactly N applications for the job,
   one per coder, each with exactly one history event (new); no response was a 5xx;
   every coder got exactly one confirmation mail (the outbox) and the employer one mail
   per application; the server's log has no traceback.

Exit status 0 when every check passed. Figures go to bench/results/faults-apply-<backend>.json.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
import traceback
from collections import Counter
from email import message_from_bytes, policy
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import faultlib  # noqa: E402
from faultlib import log  # noqa: E402


def run(backend: str, applicants: int, double_every: int, workers: int, port: int) -> dict:
    name = f"apply-{backend}"
    folder = faultlib.run_dir(name)
    url = faultlib.fresh_database(backend, "faults_apply" if backend == "postgresql" else name,
                                  folder)  # fmt: skip
    log(f"{backend}: schema ({url})")
    faultlib.flask_command(url, "db", "upgrade")
    app = faultlib.make_app(url, folder)
    started = time.perf_counter()
    world = faultlib.seed_world(app, applicants=applicants, postings=1)
    log(f"{backend}: seeded {applicants} coders with profiles and resumes "
        f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
    posting_id = world.posting_ids[0]
    apply_path = f"/jobs/{posting_id}/apply/on-site"

    server = faultlib.Server(url, folder, port=port, workers=workers)
    server.start()
    busy_before = faultlib.wait_until_quiet()

    doubles = [i for i in range(applicants) if double_every and i % double_every == 0]
    parties = applicants + len(doubles)
    barrier = threading.Barrier(parties, timeout=600)
    tally = faultlib.Tally()
    login_seconds: list[float] = []
    apply_results: list[tuple[int, float, float, int, str | None]] = []  # who, t0, t1, status, loc
    errors: list[str] = []
    lock = threading.Lock()
    release = {"at": None}

    def submit(who: int, browser: faultlib.Browser) -> None:
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            return
        if release["at"] is None:
            release["at"] = time.perf_counter()
        t0 = time.perf_counter()
        try:
            status, location, _ = browser.post(
                apply_path, {"resume_choice": "profile", "cover_letter": f"Coder {who} applies."}
            )
        except Exception as exc:  # noqa: BLE001 (a refused connection is a result too)
            tally.add(type(exc).__name__)
            with lock:
                errors.append(f"apply {who}: {exc!r}")
            return
        t1 = time.perf_counter()
        tally.add(status)
        with lock:
            apply_results.append((who, t0, t1, status, location))

    def coder(who: int) -> None:
        browser = faultlib.Browser(port)
        try:
            t0 = time.perf_counter()
            browser.login(world.applicants[who])
            with lock:
                login_seconds.append(time.perf_counter() - t0)
            status, _, _ = browser.get(apply_path)
            if status != 200:
                raise RuntimeError(f"GET {apply_path} answered {status}")
        except Exception:  # noqa: BLE001
            with lock:
                errors.append(f"coder {who} setup: {traceback.format_exc(limit=2)}")
            barrier.abort()
            return
        if who in doubles:
            twin = threading.Thread(target=submit, args=(who, browser.clone()))
            twin.start()
            submit(who, browser)
            twin.join()
        else:
            submit(who, browser)

    log(
        f"{backend}: {applicants} coders log in and open the form; {len(doubles)} will double-submit"
    )
    setup_started = time.perf_counter()
    threads = [threading.Thread(target=coder, args=(i,)) for i in range(applicants)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    finished = max((r[2] for r in apply_results), default=time.perf_counter())
    server.stop()

    # -- checks, with the server stopped ----------------------------------------------------
    import sqlalchemy as sa

    from careercenter.extensions import db
    from careercenter.models import Application, ApplicationEvent

    checks: dict[str, bool] = {}
    with app.app_context():
        rows = db.session.execute(
            sa.select(Application.id, Application.applicant_id, Application.applicant_email)
            .where(Application.posting_id == posting_id)
        ).all()  # fmt: skip
        events = dict(
            db.session.execute(
                sa.select(ApplicationEvent.application_id, sa.func.count())
                .group_by(ApplicationEvent.application_id)
            ).all()
        )  # fmt: skip
        notified = db.session.scalar(
            sa.select(sa.func.count()).where(
                Application.posting_id == posting_id, Application.employer_notified_at.is_not(None)
            )
        )
        db.session.remove()
    per_applicant = Counter(r.applicant_id for r in rows)
    checks["exactly N applications"] = len(rows) == applicants
    checks["one application per coder"] = (
        len(per_applicant) == applicants and max(per_applicant.values(), default=0) == 1
    )
    checks["every coder applied"] = {r.applicant_email for r in rows} == set(world.applicants)
    checks["each application has exactly one history event"] = all(
        events.get(r.id) == 1 for r in rows
    )
    checks["employer notified of each"] = notified == applicants
    checks["no 5xx and no failed connection"] = tally.server_errors() == 0 and all(
        k.isdigit() for k in tally.counts
    )
    # Every coder's first submit lands on the dashboard; a twin lands on the job page.
    to_dashboard = Counter(r[0] for r in apply_results if r[3] == 303 and r[4] == "/me/")
    checks["one 'sent' answer per coder"] = len(to_dashboard) == applicants and set(
        to_dashboard.values()
    ) == {1}
    mails = [
        message_from_bytes(p.read_bytes(), policy=policy.default)
        for p in (folder / "outbox").glob("*.eml")
    ]
    title = world.posting_titles[posting_id]
    confirmations = Counter(m["To"] for m in mails if m["Subject"] == f"Your application: {title}")
    employer_mails = sum(1 for m in mails if m["To"] == world.employer_email)
    checks["one confirmation mail per coder"] = set(confirmations) == set(world.applicants) and set(
        confirmations.values()
    ) == {1}
    checks["one employer mail per application"] = employer_mails == applicants
    server_log = server.log_text()
    checks["no traceback in the server log"] = "Traceback" not in server_log
    checks["no setup error"] = not errors

    # How each twin was turned away: by the view's "already applied" check (302 to the job)
    # or by the unique constraint when both were past that check (303 to the job).
    second_answers = Counter(
        "pre-check (302)" if r[3] == 302 else "unique constraint (303)" if r[3] == 303 else r[3]
        for r in apply_results
        if r[4] != "/me/"
    )
    apply_latencies = [r[2] - r[1] for r in apply_results]
    window = finished - release["at"] if release["at"] else float("nan")
    result = {
        "backend": backend,
        "applicants": applicants,
        "double_submitters": len(doubles),
        "gunicorn_workers": workers,
        "machine_busy_before": round(busy_before, 2),
        "statuses": dict(sorted(tally.counts.items())),
        "applications_stored": len(rows),
        "double_submits_refused_by": dict(second_answers),
        "login": faultlib.latency_summary(login_seconds),
        "apply": faultlib.latency_summary(apply_latencies),
        "apply_window_seconds": round(window, 2),
        "applications_per_second": round(applicants / window, 1) if window else None,
        "requests_per_second": round(len(apply_results) / window, 1) if window else None,
        "setup_seconds": round(release["at"] - setup_started, 1) if release["at"] else None,
        "checks": checks,
        "errors": errors[:20],
    }
    if "Traceback" in server_log:
        result["server_log_excerpt"] = server_log[server_log.index("Traceback") :][:3000]
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--applicants", type=int, default=200)
    parser.add_argument("--double-every", type=int, default=5,
                        help="every k-th coder submits twice at once (0: nobody)")  # fmt: skip
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8111)
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    ok = True
    for backend in backends:
        result = run(backend, args.applicants, args.double_every, args.workers, args.port)
        path = faultlib.save_result(f"faults-apply-{backend}", result)
        a = result["apply"]
        log(
            f"{backend}: {result['applications_stored']} applications stored; statuses "
            f"{result['statuses']}; apply p50 {a['p50_ms']} ms, p95 {a['p95_ms']} ms, max "
            f"{a['max_ms']} ms; {result['applications_per_second']} applications/s "
            f"(login p50 {result['login']['p50_ms']} ms) -> {path.relative_to(faultlib.ROOT)}"
        )
        for check, passed in result["checks"].items():
            log(f"  {'ok  ' if passed else 'FAIL'} {check}")
            ok = ok and passed
        for error in result["errors"]:
            log(f"  error: {error}")
        if "server_log_excerpt" in result:
            log(result["server_log_excerpt"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
