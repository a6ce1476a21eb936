"""What the load scripts share: a gunicorn server of the app, a quiet machine, wrk runs,
a single-client latency profile, and result files.

Measuring on a shared 2-core machine (other people's test runs come and go):

- before each wrk run the script waits (at most BENCH_QUIET_WAIT seconds, default 120)
  until other processes leave the CPU alone;
- the server and wrk run at a higher CPU priority than the rest of the machine: the kernel
  schedules per session ("autogroup"), and the sessions of this script and of gunicorn get
  nice BENCH_PRIORITY (default -15), so that others' work barely takes CPU from the
  measurement; for a PostgreSQL database, so does the PostgreSQL server's session (all its
  backends, others' too) for the time of the measurement, and is put back afterwards;
- the CPU other processes used during each run is measured; a run where they used more than
  BENCH_MAX_FOREIGN (default 0.10) of a core is repeated, up to 4 times, and the least
  disturbed is kept. Each result records that share.

"Other" is every process that is not this script, the server it started, wrk, or the
PostgreSQL backends of the benchmark's own database.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess  # noqa: S404
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DATA_DIR = BENCH_DIR / ".data"
RESULTS_DIR = BENCH_DIR / "results"
VENV_BIN = ROOT / ".venv" / "bin"
# The application code measured: the working tree, or a copy of it (BENCH_APP_DIR) so that
# edits made while a long benchmark runs do not change what is measured halfway.
APP_DIR = Path(os.environ.get("BENCH_APP_DIR") or ROOT).resolve()
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8001"))
PRIORITY = int(os.environ.get("BENCH_PRIORITY", "-15"))
QUIET_WAIT = float(os.environ.get("BENCH_QUIET_WAIT", "120"))
MAX_FOREIGN = float(os.environ.get("BENCH_MAX_FOREIGN", "0.10"))


def set_session_priority(pid: int, nice: int) -> bool:
    """The scheduling priority of a process's session (its autogroup), if the kernel has
    autogroups and we may change it."""
    try:
        Path(f"/proc/{pid}/autogroup").write_text(str(nice))
        return True
    except OSError:
        return False


def session_priority(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/autogroup").read_text().split()[-1])
    except (OSError, ValueError):
        return None


def postmaster_pid() -> int | None:
    """The local PostgreSQL server's main process (its backends share its session)."""
    for pid, (ppid, title, _) in _process_table().items():
        if ppid == 1 and "postgres" in title.split()[0] and " -D " in title:
            return pid
    return None


def _terminate(signum, frame):
    raise SystemExit(128 + signum)  # run the `finally`s: stop the server, restore priority


signal.signal(signal.SIGTERM, _terminate)


# -- the machine -----------------------------------------------------------------------------


def _process_table() -> dict[int, tuple[int, str, float]]:
    """pid -> (parent pid, title, CPU seconds so far) of every user-space process."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except (OSError, UnicodeDecodeError):
            continue
        if not title:
            continue  # kernel threads
        fields = stat[stat.rindex(")") + 2 :].split()
        ppid, utime, stime = int(fields[1]), int(fields[11]), int(fields[12])
        table[int(entry.name)] = (ppid, title, (utime + stime) / CLOCK_TICKS)
    return table


def _system_busy() -> float:
    """CPU seconds the whole machine has spent in user and system mode (interrupts and
    steal left out: they are nobody's in particular)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system = (int(v) for v in fields[:3])
    return (user + nice + system) / CLOCK_TICKS


def _reaped_children(pid: int) -> float:
    """CPU seconds of a process's children that have exited (cutime + cstime)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[13]) + int(fields[14])) / CLOCK_TICKS


class Machine:
    """CPU used by processes that are not part of the measurement: the machine's total
    less ours (this script and everything it started, living or exited, and the
    PostgreSQL backends of our database; PostgreSQL backends that exited are counted as
    ours too). Short-lived processes of others are caught because the total is."""

    def __init__(self, own_database: str | None = None):
        self.own_database = own_database
        self.own_roots = {os.getpid()}

    def _ours(self, pid: int, table) -> bool:
        seen = 0
        while pid in table and seen < 50:
            if pid in self.own_roots:
                return True
            pid = table[pid][0]
            seen += 1
        return False

    def own_cpu(self) -> float:
        table = _process_table()
        total = _reaped_children(os.getpid())
        for pid, (ppid, title, cpu) in table.items():
            if self._ours(pid, table):
                total += cpu
            elif title.startswith("postgres:") and self.own_database:
                if f" {self.own_database} " in title:
                    total += cpu
            elif "postgres -D" in title or title.endswith("postgres") and ppid == 1:
                total += _reaped_children(pid)  # exited backends
        return total

    def foreign_cpu(self) -> float:
        return _system_busy() - self.own_cpu()

    def wait_until_quiet(self, threshold: float = 0.05, window: float = 3.0,
                         give_up_after: float = QUIET_WAIT) -> float:  # fmt: skip
        """Wait until other processes use less than `threshold` of one core for `window`
        seconds, or `give_up_after` seconds; returns the share they used last."""
        started = time.monotonic()
        announced = False
        while True:
            before = self.foreign_cpu()
            time.sleep(window)
            busy = (self.foreign_cpu() - before) / window
            if busy < threshold or time.monotonic() - started > give_up_after:
                return busy
            if not announced:
                print(f"    (waiting: other processes use {busy:.0%} of a core)", flush=True)
                announced = True


def machine_description() -> dict:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


# -- the server ------------------------------------------------------------------------------


def server_environment(database_url: str, extra: dict[str, str] | None = None) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "CAREERCENTER_ENV": "production",
            # A fixed key is fine for a benchmark on 127.0.0.1 (production needs 32+ chars).
            "SECRET_KEY": env.get("SECRET_KEY") or "bench-" + "k" * 40,
            # Production needs the public address; requests come to 127.0.0.1 (any port).
            "SITE_URL": env.get("SITE_URL") or "http://127.0.0.1",
            "REDIS_URL": env.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
            "PYTHONPATH": str(APP_DIR),
        }
    )
    env.update(extra or {})
    return env


@contextmanager
def gunicorn(database_url: str, workers: int, extra_env: dict[str, str] | None = None):
    """The app under gunicorn (sync workers) on HOST:PORT, production settings."""
    try:
        fetch("/healthz", timeout=2)
    except OSError:
        pass
    else:
        raise RuntimeError(f"something already answers on {HOST}:{PORT} (set BENCH_PORT)")
    command = [
        str(VENV_BIN / "gunicorn"),
        "--workers", str(workers),
        "--bind", f"{HOST}:{PORT}",
        "--log-level", "warning",
    ]  # fmt: skip
    if (APP_DIR / "careercenter" / "gunicorn_conf.py").exists():
        # The production settings (preload, reference data shared, GC freeze), when the
        # code measured has them.
        command += ["-c", "python:careercenter.gunicorn_conf"]
    command.append("careercenter:create_app()")
    server = subprocess.Popen(  # noqa: S603
        command,
        cwd=APP_DIR,
        env=server_environment(database_url, extra_env),
        start_new_session=True,
    )
    set_session_priority(server.pid, PRIORITY)
    set_session_priority(os.getpid(), PRIORITY)  # and wrk's, started from here
    postmaster = postmaster_pid() if database_url.startswith("postgres") else None
    postmaster_was = session_priority(postmaster) if postmaster else None
    if postmaster and postmaster_was is not None:
        set_session_priority(postmaster, PRIORITY)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, _ = fetch("/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.3)
        yield server
    finally:
        set_session_priority(os.getpid(), 0)
        if postmaster and postmaster_was is not None:
            set_session_priority(postmaster, postmaster_was)
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def fetch(path: str, timeout: float = 60) -> tuple[int, float, int]:
    """(status, seconds, body length) of one GET, on a new connection as wrk's are."""
    connection = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    try:
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        return response.status, time.perf_counter() - started, len(body)
    finally:
        connection.close()


# -- measuring -------------------------------------------------------------------------------


@dataclass
class Run:
    name: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p90_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float
    socket_errors: int
    statuses: dict[str, int]
    attempts: int = 1
    extra: dict = field(default_factory=dict)


def write_urls(name: str, paths: list[str]) -> Path:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") + ".urls")
    path.write_text("\n".join(paths) + "\n")
    return path


def wrk(name: str, paths: list[str], *, seconds: int, connections: int, machine: Machine,
        threads: int = 1, warmup: int = 3, attempts: int = 4, guests: bool = False) -> Run:  # fmt: skip
    """Requests/s and latency of `paths` under wrk at fixed concurrency (see the module's
    notes on sharing the machine). `guests`: each request from a new guest (urls.lua)."""
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install -y wrk)")
    urls = write_urls(name, paths)
    env = {**os.environ, "URLS": str(urls), **({"GUESTS": "1"} if guests else {})}
    base = ["wrk", f"-t{threads}", f"-c{connections}", "--timeout", "10s"]
    script = ["-s", str(BENCH_DIR / "urls.lua"), f"http://{HOST}:{PORT}"]
    best: Run | None = None
    for attempt in range(1, attempts + 1):
        machine.wait_until_quiet()
        if warmup:
            subprocess.run([*base, f"-d{warmup}s", *script], env=env, check=True,  # noqa: S603
                           capture_output=True)  # fmt: skip
        before = machine.foreign_cpu()
        output = subprocess.run(  # noqa: S603
            [*base, f"-d{seconds}s", *script], env=env, check=True, capture_output=True, text=True
        ).stdout
        foreign = (machine.foreign_cpu() - before) / seconds
        line = next(line for line in output.splitlines() if line.startswith("RESULT "))
        run = Run(name=name, attempts=attempt, **json.loads(line.removeprefix("RESULT ")))
        run.extra["other_processes_cpu_share"] = round(foreign, 3)
        if best is None or foreign < best.extra["other_processes_cpu_share"]:
            best = run
        if foreign <= MAX_FOREIGN:
            break
        print(f"    {name}: other processes used {foreign:.0%} of a core during the run"
              + ("; measuring again" if attempt < attempts else "; keeping the least disturbed"),
              flush=True)  # fmt: skip
    best.attempts = attempt
    return best


def profile(classified: list[tuple[str, str]], repeat: int = 3) -> dict[str, dict]:
    """Single-client latency per class of request (no concurrency): each path `repeat`
    times, its median kept; per class the median and worst of those, and the statuses."""
    by_class: dict[str, list[tuple[float, str]]] = {}
    statuses: dict[str, dict[int, int]] = {}
    for kind, path in classified:
        times = []
        for _ in range(repeat):
            status, seconds, _ = fetch(path)
            times.append(seconds)
            statuses.setdefault(kind, {}).setdefault(status, 0)
            statuses[kind][status] += 1
        by_class.setdefault(kind, []).append((statistics.median(times), path))
    report = {}
    for kind, items in by_class.items():
        values = sorted(t for t, _ in items)
        worst = max(items)
        report[kind] = {
            "paths": len(items),
            "median_ms": round(statistics.median(values) * 1000, 2),
            "p95_ms": round(values[min(len(values) - 1, int(0.95 * len(values)))] * 1000, 2),
            "worst_ms": round(worst[0] * 1000, 2),
            "worst_path": worst[1],
            "statuses": {str(k): v for k, v in statuses[kind].items()},
        }
    return report


def check_statuses(classified: list[tuple[str, str]], allowed=(200,)) -> None:
    """Every path answers as expected before anything is measured."""
    bad = []
    for kind, path in classified:
        status, _, _ = fetch(path)
        if status not in allowed:
            bad.append(f"{status} {kind} {path}")
    if bad:
        raise SystemExit("unexpected answers:\n  " + "\n  ".join(bad[:20]))


# -- reporting -------------------------------------------------------------------------------


def database_label(database_url: str) -> tuple[str, str]:
    """('sqlite' or 'postgresql', the database's name) for a DATABASE_URL."""
    parts = urlsplit(database_url)
    if parts.scheme.startswith("sqlite"):
        return "sqlite", Path(parts.path).stem
    return "postgresql", parts.path.lstrip("/")


def save(kind: str, database_url: str | None, payload: dict) -> Path:
    backend, name = database_label(database_url) if database_url else (None, None)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    if os.environ.get("CACHE_MAX_BYTES") == "0":  # the server inherits it: nothing remembered
        kind += "-cache-off"
    path = RESULTS_DIR / (f"{kind}-{backend}-{name}.json" if database_url else f"{kind}.json")
    payload = {
        "kind": kind,
        "search_cache": "off" if kind.endswith("-cache-off") else "on",
        "backend": backend,
        "database": name,
        "app_dir": str(APP_DIR),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_description(),
        **payload,
    }
    path.write_text(json.dumps(payload, indent=2, default=lambda o: o.__dict__) + "\n")
    return path


def table(runs: list[Run], bare_rps: float) -> str:
    lines = [
        "| route | req/s | vs bare | p50 ms | p95 ms | p99 ms | statuses | others' CPU |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for run in runs:
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(run.statuses.items()))
        lines.append(
            f"| {run.name} | {run.rps:,.0f} | {run.rps / bare_rps:.0%} | {run.p50_ms:.1f} | "
            f"{run.p95_ms:.1f} | {run.p99_ms:.1f} | {statuses} | "
            f"{run.extra.get('other_processes_cpu_share', 0):.0%} |"
        )
    return "\n".join(lines)
