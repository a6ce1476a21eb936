"""What the load-and-fault scripts share (apply_load.py, kill_during_writes.py,
pg_restart_during_load.py): throwaway databases, a seeded world, a gunicorn server that can
be killed, a small HTTP client with a cookie jar, and the consistency checks run after a
fault.

Everything a run makes lives under bench/.data/faults/ (ignored by git): SQLite files,
resume files, the mail outbox, gunicorn logs. PostgreSQL databases are named faults_* on
postgresql://postgres@127.0.0.1:5432 (FAULTS_PG to change the server); the database
`test` is never touched.

The server runs as in production (CAREERCENTER_ENV=production, a random SECRET_KEY, no
REDIS_URL so rate limits are per worker and background jobs run in the request), with the
login rate limit raised for the run: every simulated coder comes from 127.0.0.1.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import http.client
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess  # noqa: S404
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DATA_DIR = BENCH_DIR / ".data" / "faults"
RESULTS_DIR = BENCH_DIR / "results"
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
PG_SERVER = os.environ.get("FAULTS_PG", "postgresql://postgres@127.0.0.1:5432")
PASSWORD = "faults-bench-password-2026"  # noqa: S105 (throwaway accounts on 127.0.0.1)

# Limits for the run (Flask-Limiter notation), passed to the server by environment.
RATE_LIMITS = {
    "RATELIMIT_LOGIN": "100000 per minute",
    "RATELIMIT_LOGIN_PER_EMAIL": "1000 per minute",
    "RATELIMIT_REGISTER": "100000 per minute",
    "RATELIMIT_RESET": "100000 per minute",
}

sys.path.insert(0, str(ROOT))


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# -- databases -------------------------------------------------------------------------------


def run_dir(name: str, fresh: bool = True) -> Path:
    """bench/.data/faults/<name>/ with resumes/ and outbox/, emptied when fresh."""
    folder = DATA_DIR / name
    if fresh and folder.exists():
        shutil.rmtree(folder)
    for sub in ("resumes", "outbox", "logs"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return folder


def pg_admin_execute(sql: str, server: str = PG_SERVER) -> None:
    import psycopg

    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        conn.execute(sql)


def fresh_database(backend: str, name: str, folder: Path, server: str = PG_SERVER) -> str:
    """An empty database for this run; returns its SQLAlchemy URL."""
    if backend == "sqlite":
        path = folder / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return f"sqlite:///{path}"
    if backend == "postgresql":
        if not name.startswith("faults_"):
            raise ValueError("PostgreSQL databases of these scripts are named faults_*")
        pg_admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', server)
        pg_admin_execute(f'CREATE DATABASE "{name}"', server)
        return f"postgresql+psycopg://{server.split('://', 1)[1]}/{name}"
    raise ValueError(backend)


def flask_command(database_url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("CAREERCENTER_ENV", None)
    done = subprocess.run(  # noqa: S603
        [str(VENV_BIN / "flask"), "--app", "careercenter", *args],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return done.stdout + done.stderr


def app_config(folder: Path) -> dict:
    """Settings the server and the in-process app share (passed to create_app)."""
    return {
        "MAIL_OUTBOX_DIR": str(folder / "outbox"),
        "RESUME_DIR": str(folder / "resumes"),
    }


def make_app(database_url: str, folder: Path):
    """The app in this process, for seeding and for the checks."""
    os.environ.pop("CAREERCENTER_ENV", None)
    from careercenter import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "REDIS_URL": None,
            "MAIL_SERVER": None,
            "RATELIMIT_STORAGE_URI": "memory://",
            **app_config(folder),
        }
    )


# -- the world -------------------------------------------------------------------------------


def pdf_bytes(label: str, size: int = 20_000) -> bytes:
    """A PDF the resume checker accepts, about `size` bytes, unique to `label`."""
    filler = hashlib.sha256(label.encode()).hexdigest() * (size // 64 + 1)
    return b"%PDF-1.4\n% " + label.encode() + b"\n% " + filler[:size].encode() + b"\n%%EOF\n"


@dataclass
class World:
    employer_email: str
    moderator_email: str
    posting_ids: list[int]
    posting_titles: dict[int, str]
    applicants: list[str]  # emails
    tag: str = ""


def seed_world(
    app, *, applicants: int, postings: int, tag: str | None = None, headline_rev: bool = False
) -> World:
    """An employer with a verified company and `postings` published on-site jobs, a
    moderator, and `applicants` coders each with a profile and a PDF resume. Built with
    the app's own services and models (no HTTP), one commit per coder."""
    from decimal import Decimal

    from careercenter import geo
    from careercenter.applicants import resumes
    from careercenter.auth.services import create_user
    from careercenter.extensions import db
    from careercenter.models import (
        ApplicantProfile,
        Company,
        HeldCredential,
        Role,
        User,
        utcnow,
    )
    from careercenter.models.posting import ApplyMethod
    from careercenter.moderation import review
    from careercenter.postings import services as posting_services

    tag = tag or secrets.token_hex(3)
    with app.app_context():
        employer = create_user(
            email=f"employer-{tag}@faults.example", name="Faults Employer",
            password=PASSWORD, role=Role.EMPLOYER, verified=True,
        )  # fmt: skip
        moderator = create_user(
            email=f"moderator-{tag}@faults.example", name="Faults Moderator",
            password=PASSWORD, role=Role.MODERATOR, verified=True,
        )  # fmt: skip
        db.session.commit()
        company = Company(
            owner=employer, name=f"Faults Health {tag}", slug=f"faults-health-{tag}",
            website="https://faults.example", org_type="hospital", size="201-1000",
            hq_city="Denver", hq_state="CO", about_md="We code.", about_html="<p>We code.</p>",
            notify_mode="each", verified_at=utcnow(),
        )  # fmt: skip
        db.session.add(company)
        db.session.commit()
        place = geo.place_for_zip("80202")
        ids, titles = [], {}
        for n in range(postings):
            title = f"Inpatient Coder {tag} {n}"
            posting = posting_services.create_posting(
                company,
                {
                    "title": title, "description_md": f"Code inpatient charts. revision zqrev0 {n}",
                    "zip_code": place.zip_code, "city": place.city, "state": place.state,
                    "latitude": place.latitude, "longitude": place.longitude,
                    "arrangement": "remote", "remote_states": [], "employment_type": "full-time",
                    "pay_min": Decimal("25.00"), "pay_max": Decimal("32.00"), "pay_unit": "hour",
                    "credentials_required": ["ccs"], "credentials_preferred": [],
                    "apprentice_friendly": False, "specialties": ["inpatient-drg"],
                    "settings": ["hospital-inpatient"], "code_sets": ["icd-10-cm"],
                    "years_experience": 2, "key_codes": [], "apply_method": ApplyMethod.ON_SITE,
                    "apply_url": None, "duration_days": 30,
                },
                submit=True,
            )  # fmt: skip
            review.approve(posting, moderator)
            ids.append(posting.id)
            titles[posting.id] = title
        # One scrypt hash for every coder: hashing 200 passwords would take most of a minute.
        first = create_user(
            email=f"coder-{tag}-0@faults.example", name="Coder 0", password=PASSWORD,
            role=Role.APPLICANT, verified=True,
        )  # fmt: skip
        password_hash = first.password_hash
        db.session.commit()
        emails = []
        for n in range(applicants):
            email = f"coder-{tag}-{n}@faults.example"
            user = first if n == 0 else None
            if user is None:
                user = User(
                    email=email, name=f"Coder {n}", role=Role.APPLICANT,
                    password_hash=password_hash, email_verified_at=utcnow(),
                )  # fmt: skip
                db.session.add(user)
                db.session.flush()
            resume = resumes.store(user, pdf_bytes(f"{tag}-{n}-seed", 4000), "resume.pdf")
            db.session.add(resume)
            db.session.flush()
            profile = ApplicantProfile(
                user_id=user.id, full_name=f"Coder {n}",
                headline="rev 0" if headline_rev else "CCS, inpatient",
                zip_code=place.zip_code, city=place.city, state=place.state,
                latitude=place.latitude, longitude=place.longitude, years_experience=3,
                specialties=["inpatient-drg"], settings=["hospital-inpatient"],
                code_sets=["icd-10-cm"], tools=["epic"], arrangements=["remote"],
                employment_types=["full-time"], resume_id=resume.id,
                credentials=[HeldCredential(credential="ccs", number="0"),
                             HeldCredential(credential="cpc", number="0")],
            )  # fmt: skip
            db.session.add(profile)
            db.session.commit()
            emails.append(email)
        db.session.remove()
        return World(
            employer_email=f"employer-{tag}@faults.example",
            moderator_email=f"moderator-{tag}@faults.example",
            posting_ids=ids, posting_titles=titles, applicants=emails, tag=tag,
        )  # fmt: skip


# -- the server ------------------------------------------------------------------------------


_SERVERS: list[Server] = []


@atexit.register
def _stop_servers() -> None:
    """Never leave a server behind, whatever ended the script."""
    for server in _SERVERS:
        if server.process is not None and server.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.process.pid, signal.SIGKILL)


class Server:
    """gunicorn serving the app in its own process group, so that the master and all its
    workers can be SIGKILLed at once."""

    def __init__(self, database_url: str, folder: Path, *, port: int, workers: int = 4,
                 extra_env: dict[str, str] | None = None, timeout: int = 60):  # fmt: skip
        self.database_url, self.folder, self.port = database_url, folder, port
        self.workers, self.timeout = workers, timeout
        self.extra_env = extra_env or {}
        self.process: subprocess.Popen | None = None
        self.secret_key = secrets.token_urlsafe(48)
        self.starts = 0
        _SERVERS.append(self)

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("RATELIMIT_", "MAIL_"))}
        env.pop("REDIS_URL", None)
        env.update(
            DATABASE_URL=self.database_url,
            CAREERCENTER_ENV="production",
            SECRET_KEY=self.secret_key,  # the same across restarts: cookies stay valid
            SITE_URL=os.environ.get("SITE_URL") or "http://127.0.0.1",  # production needs it
            **RATE_LIMITS,
            **self.extra_env,
        )
        return env

    def start(self, wait: float = 60) -> None:
        self.starts += 1
        logs = self.folder / "logs"
        app_spec = f"careercenter:create_app({app_config(self.folder)!r})"
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(VENV_BIN / "gunicorn"), "-w", str(self.workers),
                "-b", f"{HOST}:{self.port}", "--timeout", str(self.timeout),
                "--backlog", "2048", "--graceful-timeout", "5",
                # gunicorn 27's control socket has one default path for every server on the
                # machine: not ours to take.
                "--no-control-socket",
                "--error-logfile", str(logs / f"gunicorn-{self.starts}.log"),
                app_spec,
            ],
            cwd=ROOT, env=self.env(), start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {logs}")
            try:
                status, _, _ = request("GET", self.port, "/healthz", timeout=5)
                if status == 200 and len(self.worker_pids()) == self.workers:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz in time")

    def worker_pids(self) -> set[int]:
        if self.process is None:
            return set()
        children = set()
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat[stat.rindex(")") + 2 :].split()[1]) == self.process.pid:
                    children.add(int(entry.name))
        return children

    def kill(self) -> None:
        """SIGKILL the master and every worker (the whole process group)."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        # Workers are in the same group; wait until none is left.
        for _ in range(100):
            if not _group_alive(self.process.pid):
                break
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def log_text(self) -> str:
        return "".join(
            p.read_text(errors="replace") for p in sorted((self.folder / "logs").glob("*.log"))
        )


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


# -- HTTP ------------------------------------------------------------------------------------

# WTForms writes name, type, value; the layout's log-out form writes type, name, value.
_CSRF_RE = re.compile(r'<input[^>]*\bname="csrf_token"[^>]*\bvalue="([^"]+)"')


def request(method: str, port: int, path: str, *, body: bytes | None = None,
            headers: dict[str, str] | None = None, timeout: float = 120):  # fmt: skip
    """One request on a new connection (gunicorn's sync workers close after each)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, response.getheaders(), data
    finally:
        conn.close()


class Browser:
    """A client with a cookie jar that ignores cookie attributes: the server runs in
    production mode (Secure __Host- cookies) but the test talks plain HTTP on loopback."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.csrf: str | None = None
        self.lock = threading.Lock()

    def clone(self) -> Browser:
        twin = Browser(self.port)
        twin.cookies, twin.csrf = dict(self.cookies), self.csrf
        return twin

    def _send(self, method, path, body=None, content_type=None, timeout=120):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        status, response_headers, data = request(
            method, self.port, path, body=body, headers=headers, timeout=timeout
        )
        location = None
        for name, value in response_headers:
            lower = name.lower()
            if lower == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, val = pair.partition("=")
                if "max-age=0" in value.lower() or "expires=thu, 01 jan 1970" in value.lower():
                    self.cookies.pop(key.strip(), None)
                else:
                    self.cookies[key.strip()] = val.strip()
            elif lower == "location":
                location = urlsplit(value).path
        return status, location, data

    def get(self, path: str, timeout: float = 120):
        status, location, data = self._send("GET", path, timeout=timeout)
        match = _CSRF_RE.search(data.decode("utf-8", "replace"))
        if match:
            self.csrf = match.group(1)
        return status, location, data

    def post(self, path: str, fields: dict, files: dict | None = None, timeout: float = 120):
        """A form post with the session's CSRF token; `files` maps a field to
        (filename, bytes, content type) and makes it multipart."""
        fields = {"csrf_token": self.csrf or "", **fields}
        if files:
            boundary = uuid.uuid4().hex
            body = _multipart(fields, files, boundary)
            content_type = f"multipart/form-data; boundary={boundary}"
        else:
            body = urlencode(fields, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        return self._send("POST", path, body, content_type, timeout=timeout)

    def login(self, email: str, password: str = PASSWORD) -> None:
        status, _, _ = self.get("/login")
        if status != 200:
            raise RuntimeError(f"GET /login answered {status}")
        status, location, data = self.post("/login", {"email": email, "password": password})
        if status != 303:
            raise RuntimeError(f"login of {email} answered {status}: {data[:300]!r}")


def _multipart(fields: dict, files: dict, boundary: str) -> bytes:
    out = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            out.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{item}\r\n".encode()
            )
    for name, (filename, data, content_type) in files.items():
        out.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out)


# -- figures ---------------------------------------------------------------------------------


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def latency_summary(seconds: list[float]) -> dict:
    return {
        "count": len(seconds),
        "p50_ms": round(percentile(seconds, 50) * 1000, 1),
        "p95_ms": round(percentile(seconds, 95) * 1000, 1),
        "max_ms": round(max(seconds) * 1000, 1) if seconds else None,
        "mean_ms": round(statistics.fmean(seconds) * 1000, 1) if seconds else None,
    }


def cpu_busy_share(window: float = 2.0) -> float:
    """Share of the machine's CPU in use over `window` seconds (0..1)."""

    def read():
        parts = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = parts[3] + parts[4]
        return sum(parts), idle

    total0, idle0 = read()
    time.sleep(window)
    total1, idle1 = read()
    return 1 - (idle1 - idle0) / max(total1 - total0, 1)


def wait_until_quiet(threshold: float = 0.25, give_up_after: float | None = None) -> float:
    """Wait (up to give_up_after seconds, FAULTS_QUIET_WAIT, 60 by default) until the
    machine is mostly idle: another benchmark or a test run skews the figures. Returns the
    busy share seen last, which the results record: a busy machine gives slower figures,
    not wrong checks."""
    if give_up_after is None:
        give_up_after = float(os.environ.get("FAULTS_QUIET_WAIT", "60"))
    started = time.monotonic()
    busy = cpu_busy_share()
    while busy > threshold and time.monotonic() - started < give_up_after:
        log(f"  machine busy ({busy:.0%} of its CPU in use), waiting")
        time.sleep(5)
        busy = cpu_busy_share()
    return busy


def save_result(name: str, payload: dict) -> Path:
    import json

    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    payload = {"measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "cores": os.cpu_count(),
               **payload}  # fmt: skip
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    return path


@dataclass
class Tally:
    """Responses by status (or exception name), thread-safe."""

    counts: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, key) -> None:
        with self.lock:
            self.counts[str(key)] = self.counts.get(str(key), 0) + 1

    def server_errors(self) -> int:
        return sum(n for k, n in self.counts.items() if k.isdigit() and int(k) >= 500)


# -- after a fault: is the database whole? ---------------------------------------------------


@dataclass
class Acked:
    """Writes the server acknowledged (answered 303 to), which must all be in the database."""

    applications: set[tuple[str, int]] = field(default_factory=set)  # (email, posting id)
    profile_revs: dict[str, int] = field(default_factory=dict)  # email -> highest acked rev
    sent_revs: dict[str, int] = field(default_factory=dict)  # email -> highest rev sent
    posting_revs: dict[int, int] = field(default_factory=dict)  # posting id -> acked rev
    sent_posting_revs: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def storage_checks(database_url: str) -> dict[str, tuple[bool, str]]:
    """The database engine's own checks. SQLite: integrity_check, foreign_key_check and
    the FTS5 index's integrity-check. PostgreSQL: pg_amcheck over every table and B-tree
    index of the database (heap and index structure, index entries for every heap tuple)."""
    results: dict[str, tuple[bool, str]] = {}
    if database_url.startswith("sqlite"):
        import sqlite3

        path = database_url.split("sqlite:///", 1)[1]
        wal = Path(path + "-wal")
        # The write-ahead log the kill left (its file size, not only unreplayed frames):
        # the first connection replays its committed transactions.
        results["WAL file size after the kill (bytes)"] = (
            True,
            str(wal.stat().st_size if wal.exists() else 0),
        )
        conn = sqlite3.connect(path, timeout=30)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            results["sqlite integrity_check"] = (rows == [("ok",)], str(rows[:5]))
            rows = conn.execute("PRAGMA foreign_key_check").fetchall()
            results["sqlite foreign_key_check"] = (rows == [], str(rows[:5]) or "empty")
            try:
                for index in ("posting_fts", "posting_title_fts"):
                    conn.execute(f"INSERT INTO {index}({index}) VALUES ('integrity-check')")  # noqa: S608 (two names)
                conn.commit()
                results["FTS5 integrity-check"] = (True, "ok")
            except sqlite3.DatabaseError as exc:
                results["FTS5 integrity-check"] = (False, str(exc))
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            results["journal_mode is wal"] = (mode == "wal", mode)
        finally:
            conn.close()
    else:
        parts = urlsplit(database_url.replace("postgresql+psycopg", "postgresql"))
        binary = shutil.which("pg_amcheck") or "/usr/lib/postgresql/15/bin/pg_amcheck"
        done = subprocess.run(  # noqa: S603
            [binary, "-h", parts.hostname or HOST, "-p", str(parts.port or 5432),
             "-U", parts.username or "postgres", "--install-missing", "--heapallindexed",
             "--parent-check", "-d", parts.path.lstrip("/")],
            capture_output=True, text=True,
        )  # fmt: skip
        lines = [
            line for line in (done.stdout + done.stderr).splitlines()
            if line.strip() and not line.startswith("NOTICE:")  # "amcheck already exists"
        ]  # fmt: skip
        results["pg_amcheck (heap, B-tree, heapallindexed)"] = (
            done.returncode == 0 and not lines,
            "\n".join(lines)[:500] or "no corruption reported",
        )
    return results


def consistency_checks(
    app, folder: Path, acked: Acked | None = None
) -> dict[str, tuple[bool, str]]:
    """What the application means by whole, checked row by row after a fault."""
    import sqlalchemy as sa

    from careercenter.extensions import db
    from careercenter.models import Posting

    results: dict[str, tuple[bool, str]] = {}
    with app.app_context():
        q = lambda sql, **kw: db.session.execute(sa.text(sql), kw).all()  # noqa: E731
        sqlite = db.engine.dialect.name == "sqlite"

        n_apps = q("SELECT count(*) FROM applications")[0][0]
        n_events = q("SELECT count(*) FROM application_events")[0][0]
        results["counts"] = (True, f"{n_apps} applications, {n_events} history events")
        rows = q("""SELECT a.id FROM applications a WHERE NOT EXISTS
                    (SELECT 1 FROM application_events e WHERE e.application_id = a.id)""")
        results["every application has a history event"] = (not rows, f"{len(rows)} without")
        rows = q("""SELECT a.id FROM applications a JOIN application_events e
                    ON e.id = (SELECT min(id) FROM application_events WHERE application_id = a.id)
                    WHERE e.from_status IS NOT NULL OR e.to_status <> 'new'""")
        results["every application's first event is (none -> new)"] = (
            not rows,
            f"{len(rows)} wrong",
        )
        rows = q("""SELECT a.id FROM applications a JOIN application_events e
                    ON e.id = (SELECT max(id) FROM application_events WHERE application_id = a.id)
                    WHERE e.to_status <> a.status""")
        results["every application's status is its last event's"] = (
            not rows,
            f"{len(rows)} differ",
        )
        rows = q("""SELECT a.id FROM applications a LEFT JOIN resumes r ON r.id = a.resume_id
                    WHERE r.id IS NULL""")
        results["every application has its resume row"] = (not rows, f"{len(rows)} without")

        resume_rows = q("SELECT id, storage_name, size, sha256 FROM resumes")
        missing, wrong = [], []
        for rid, storage_name, size, digest in resume_rows:
            path = folder / "resumes" / storage_name
            if not path.exists():
                missing.append(rid)
                continue
            data = path.read_bytes()
            if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
                wrong.append(rid)
        results["every resume row has its file"] = (
            not missing,
            f"{len(missing)} missing of {len(resume_rows)}",
        )
        results["every resume file matches its row (size, sha256)"] = (
            not wrong,
            f"{len(wrong)} differ",
        )
        known = {r[1] for r in resume_rows}
        orphans = [p.name for p in (folder / "resumes").iterdir() if p.name not in known]
        # A resume file is written before its row commits: a kill between the two leaves a
        # file nobody points to. Harmless (never served), so reported, not failed.
        results["resume files without a row (left by a kill; harmless)"] = (True, str(len(orphans)))

        profiles = q("""SELECT p.id, u.email, p.headline FROM applicant_profiles p
                        JOIN users u ON u.id = p.user_id""")
        creds: dict[int, list[str | None]] = {}
        for profile_id, number in q("SELECT profile_id, number FROM held_credentials"):
            creds.setdefault(profile_id, []).append(number)
        torn, behind, ahead = [], [], []
        for profile_id, email, headline in profiles:
            match = re.fullmatch(r"rev (\d+)", headline or "")
            if not match:
                continue  # not a profile these scripts write
            rev = match.group(1)
            if sorted(creds.get(profile_id, [])) != [rev, rev]:
                torn.append(profile_id)
            if acked is not None:
                if int(rev) < acked.profile_revs.get(email, 0):
                    behind.append(email)
                if int(rev) > acked.sent_revs.get(email, 0):
                    ahead.append(email)
        results["every profile's credentials are of its own save (no torn save)"] = (
            not torn, f"{len(torn)} torn of {len(profiles)}")  # fmt: skip
        if acked is not None:
            results["every acknowledged profile save is stored"] = (
                not behind,
                f"{len(behind)} lost",
            )
            results["no profile holds a save that was never sent"] = (not ahead, f"{len(ahead)}")
            stored = {
                (email, posting_id)
                for email, posting_id in q("""SELECT u.email, a.posting_id FROM applications a
                                              JOIN users u ON u.id = a.applicant_id""")
            }
            lost = acked.applications - stored
            results["every acknowledged application is stored"] = (
                not lost, f"{len(lost)} lost of {len(acked.applications)} acknowledged")  # fmt: skip
        rows = q("""SELECT posting_id, applicant_id, count(*) FROM applications
                    GROUP BY posting_id, applicant_id HAVING count(*) > 1""")
        results["no duplicate application"] = (not rows, f"{len(rows)} duplicated")

        # The search index is written in the same transaction as the posting.
        postings = db.session.scalars(sa.select(Posting)).all()
        should = {p.id for p in postings if p.is_open() and not p.company.owner.is_suspended}
        indexed = q("SELECT posting_id, count(*) FROM posting_search GROUP BY posting_id")
        doubled = [pid for pid, n in indexed if n > 1]
        indexed_ids = {pid for pid, _ in indexed}
        results["each open posting indexed once, nothing else"] = (
            not doubled and indexed_ids == should,
            f"{len(should)} open, {len(indexed_ids)} indexed, {len(doubled)} twice, "
            f"{len(should - indexed_ids)} missing, {len(indexed_ids - should)} extra",
        )
        stale = []
        for p in postings:
            match = re.search(r"zqrev(\d+)", p.description_md or "")
            if p.id not in indexed_ids or not match:
                continue
            token = f"zqrev{match.group(1)}"
            if sqlite:
                found = q(
                    """SELECT count(*) FROM posting_search s JOIN posting_search_doc d
                             ON d.seq = s.seq WHERE s.posting_id = :pid
                             AND instr(d.body, :token) > 0""",
                    pid=p.id,
                    token=token,
                )[0][0]
            else:
                found = q(
                    """SELECT count(*) FROM posting_search WHERE posting_id = :pid
                             AND tsv @@ to_tsquery('simple', :token)""",
                    pid=p.id,
                    token=token,
                )[0][0]
            if not found:
                stale.append(p.id)
        results["each indexed posting's document is its current text"] = (
            not stale, f"{len(stale)} stale")  # fmt: skip
        if acked is not None:
            behind = [
                pid for pid, rev in acked.posting_revs.items()
                if int(re.search(r"zqrev(\d+)", db.session.get(Posting, pid).description_md).group(1)) < rev
            ]  # fmt: skip
            results["every acknowledged posting edit is stored"] = (
                not behind,
                f"{len(behind)} lost",
            )
        if sqlite:
            docs = q("SELECT count(*) FROM posting_search_doc")[0][0]
            entries = q("SELECT count(*) FROM posting_search")[0][0]
            results["posting_search_doc rows = posting_search rows"] = (
                docs == entries, f"{docs} documents, {entries} entries")  # fmt: skip
        db.session.remove()
    return results
