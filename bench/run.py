"""`make bench` / `make bench-quick` / `make bench-scale`: the benchmark harness (issues 9, 22).

Builds a demo database on SQLite and on PostgreSQL (once per code version and day: later runs
copy a template), serves the app with gunicorn on loopback with 1 and 2 workers as in
production (mail queued for `flask worker`, which delivers to a local SMTP sink), drives load
with wrk from a separate process, and reports every figure as a ratio of medians over rounds
against a baseline measured in the same run on the same machine. Prints a table and writes
bench/results.json (with the raw numbers and the time every phase took). `--scale` (make
bench-scale) compares 10,000 upcoming events with the same plus 90,000 past ones instead.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import math
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bench import burst
from bench.imports import describe as describe_imports
from bench.imports import measure_imports
from bench.mailsink import MailSink

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
TMP = BENCH / "tmp"
VENV_BIN = Path(sys.executable).parent
STATIC_DIR = ROOT / "static" / "bench-tmp"
RESULTS = BENCH / "results.json"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "stem_bench"

HELLO = "/healthz"
READ_SIZE = 1 << 20  # how much of a body the harness's client reads at a time
AGENDA = [
    "/agenda",
    "/agenda?province=10000&age=10",
    "/agenda?kind=workshop&when=next30",
    "/agenda?q=robotica",
    "/api/v1/events?per_page=25",
]
FEEDS = ["/agenda.ics", "/agenda.ics?kind=workshop"]
NEW_FILTER_AGES = range(4, 100)

# figure: (target text, test) — the table of issue 22, in its order.
TARGETS = {
    "agenda_cold_p50_vs_hello": ("≤ 10", lambda v: v <= 10),
    "agenda_cold_p95_vs_hello": ("≤ 20", lambda v: v <= 20),
    "api_cold_p50_vs_hello": ("≤ 10", lambda v: v <= 10),
    "agenda_warm_p95_vs_hello": ("≤ 3", lambda v: v <= 3),
    "feed_warm_vs_static": ("≤ 1.2", lambda v: v <= 1.2),
    "feed_new_filter_speedup": ("≥ 50", lambda v: v >= 50),
    "feed_after_edit_speedup": ("≥ 50", lambda v: v >= 50),
    "feed_cold_fill_vs_straightforward": ("≤ 1.5", lambda v: v <= 1.5),
    "feed_peak_rss_delta_mb": ("< 40", lambda v: v < 40),
    "registration_confirmed": ("= 50", lambda v: v == 50),
    "registration_overbooked": ("= 0", lambda v: v == 0),
    "registration_lost": ("= 0", lambda v: v == 0),
    "registration_5xx": ("= 0", lambda v: v == 0),
    "registration_post_p50_vs_hello": ("≤ 20", lambda v: v <= 20),
    "registration_p95_ms": ("< 1000", lambda v: v < 1000),
    "registration_mail_delay_s": ("≤ 10", lambda v: v <= 10),
    "workers_2_vs_1": ("≥ 1.5", lambda v: v >= 1.5),
    "scale_agenda_cold_100k_vs_10k": ("≤ 1.5", lambda v: v <= 1.5),
    "scale_filter_feed_after_edit_100k_vs_10k": ("≤ 1.5", lambda v: v <= 1.5),
    "scale_registration_100k_vs_10k": ("≤ 1.5", lambda v: v <= 1.5),
}
SCALE_FIGURES = ("scale_agenda_cold_100k_vs_10k", "scale_filter_feed_after_edit_100k_vs_10k",
                 "scale_registration_100k_vs_10k")
FEED_FIGURES = ("feed_warm_vs_static", "feed_new_filter_speedup", "feed_after_edit_speedup",
                "feed_cold_fill_vs_straightforward", "feed_peak_rss_delta_mb")
REGISTRATION_FIGURES = ("registration_confirmed", "registration_overbooked",
                        "registration_lost", "registration_5xx", "registration_p95_ms",
                        "registration_mail_delay_s")
RATE_LIMITS = ("disabled for the run: RATELIMIT_ENABLED=false in the server environment "
               "(Flask-Limiter's own setting, read by config.py); every request comes from "
               "127.0.0.1, so the per-address registration limit would otherwise refuse the "
               "burst after a few posts")
PAGE_CACHE_OFF = {"PAGE_CACHE_ENABLED": "false"}
# Latency is measured with one connection per worker (no queueing in front of the workers);
# throughput (workers_2_vs_1) with more connections than workers.
THROUGHPUT_CONNECTIONS = 4
# The machine is shared: as root, the servers and wrk run at a slightly higher priority, so
# that other people's jobs weigh less on the tails (the baselines get the same treatment).
NICE = ["nice", "-n", "-5"] if os.geteuid() == 0 else []
# The mail sender runs 10 steps below the web servers, as deploy/systemd sets it (Nice=10):
# mail is deferred work (`registration_mail_delay_s` keeps measuring what that costs it).
WORKER_NICE = ["nice", "-n", "5" if os.geteuid() == 0 else "10"]

STARTED = time.perf_counter()
BURST_ATTEMPTS = 500  # 100 in bench-quick
_NEW_AGES = iter(NEW_FILTER_AGES)


def progress(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:6.1f}s] {message}", flush=True)


PHASES: list[dict] = []  # what each phase of the run took (results.json "phases")


@contextlib.contextmanager
def phase(name: str):
    started = time.perf_counter()
    try:
        yield
    finally:
        PHASES.append({"phase": name, "seconds": round(time.perf_counter() - started, 1)})


# Cold selections (load.lua, BENCH_COLD): province × age × kind, then later `from` days. One
# counter for the whole run, so that no selection is asked twice.
COLD_PROVINCES = ("10000", "20001", "30000", "40000", "70000", "04000")
COLD_KINDS = ("workshop", "academy_activity", "lecture", "company_visit", "roadshow",
              "info_session", "other", "network_moment")
_cold_offset = 0


# ---------------------------------------------------------------- processes we start


_servers: list[subprocess.Popen] = []


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGQUIT)  # gunicorn: quick shutdown
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def stop_all() -> None:
    while _servers:
        _stop(_servers.pop())
    while _workers:
        _workers[-1].stop()


def _on_signal(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


def free_port(preferred: int = 0) -> int:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn does
        try:
            sock.bind(("127.0.0.1", preferred))
        except OSError:
            sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# One public address for every server of the run: BASE_URL is part of the feeds' render key,
# so a server on another address would find every stored fragment outdated. The servers take
# this port one after the other (only the extra servers of workers_2_vs_1 take another).
BASE_PORT = free_port()
BASE_URL = f"http://127.0.0.1:{BASE_PORT}"


@dataclass
class Database:
    name: str  # sqlite | postgresql
    url: str
    event_id: int | None = None  # the registration event (50 seats)
    latency_event_id: int | None = None  # one POST at a time (room for every attempt)
    fragments_warm: bool = False
    history_build_s: float | None = None
    straightforward: dict | None = None


def flask_env(database: Database, instance: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(FLASK_APP="wsgi.py", DATABASE_URL=database.url,
               STEM_EVENTS_INSTANCE=str(instance), PYTHONPATH=str(ROOT))
    env.pop("CACHE_URL", None)
    env.update(extra)
    return env


def flask(database: Database, *args: str) -> str:
    done = subprocess.run([str(VENV_BIN / "flask"), *args], cwd=ROOT, capture_output=True,
                          text=True, env=flask_env(database, TMP / "instance-cli"), check=False)
    if done.returncode:
        raise RuntimeError(f"flask {' '.join(args)} ({database.name}): {done.stderr[-2000:]}")
    return done.stdout


SINK: MailSink | None = None  # the SMTP server of the run (MAIL_URL of servers and worker)
RUN_SECRET = secrets.token_urlsafe(36)


def production_env(database: Database, instance: Path, **extra: str) -> dict[str, str]:
    """As in production: mail goes to a mail server (MAIL_URL: the run's SMTP sink), so a
    request only queues it and `flask worker` composes and sends it."""
    env = flask_env(database, instance, STEM_EVENTS_ENV="production", SECRET_KEY=RUN_SECRET,
                    BASE_URL=BASE_URL, RATELIMIT_ENABLED="false")
    if SINK is not None:
        env["MAIL_URL"] = SINK.url
    env.update(extra)
    return env


class MailWorker:
    """`flask worker`, the long-running sender, on a database (stopped with SIGTERM)."""

    def __init__(self, database: Database):
        self.instance = TMP / f"instance-worker-{database.name}"
        self.log = open(TMP / f"worker-{database.name}.log", "w")
        self.process = subprocess.Popen(
            [*WORKER_NICE, str(VENV_BIN / "flask"), "worker"], cwd=ROOT,
            env=production_env(database, self.instance), stdout=self.log,
            stderr=subprocess.STDOUT, start_new_session=True)
        _workers.append(self)

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if self in _workers:
            _workers.remove(self)
        self.log.close()
        shutil.rmtree(self.instance, ignore_errors=True)


_workers: list[MailWorker] = []


class Server:
    """gunicorn on a free loopback port, in its own process group (stopped as a whole)."""

    def __init__(self, database: Database, workers: int, extra_env: dict | None = None):
        self.port = free_port(BASE_PORT)
        self.base = f"http://127.0.0.1:{self.port}"
        self.instance = TMP / f"instance-{database.name}-{workers}-{self.port}"
        env = production_env(database, self.instance, **(extra_env or {}))
        self.log = open(TMP / f"gunicorn-{database.name}-{workers}-{self.port}.log", "w")
        self.process = subprocess.Popen(
            [*NICE, str(VENV_BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{self.port}",
             "--timeout", "300", "wsgi:app"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)
        _servers.append(self.process)
        self.workers = workers
        try:
            self._wait()
        except BaseException:
            self.stop()
            raise

    def _wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: see {self.log.name}")
            try:
                if requests.get(self.base + HELLO, timeout=2).status_code == 200 and \
                        len(self.worker_pids()) == self.workers:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer within 60 s: see {self.log.name}")

    def worker_pids(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(p) for p in path.read_text().split()]
        except (FileNotFoundError, ValueError):
            return []

    def stop(self) -> None:
        _stop(self.process)
        if self.process in _servers:
            _servers.remove(self.process)
        self.log.close()
        shutil.rmtree(self.instance, ignore_errors=True)

    def get(self, path: str, **kw) -> requests.Response:
        """The whole answer, read 1 MB at a time: `requests` reads a body 10 KB at a time by
        default, ~55 ms of this process's CPU for a 17 MB feed on the two cores the server
        runs on (curl: ~16 ms with its own start), which timed the client, not the server."""
        response = requests.get(self.base + path, timeout=300, stream=True, **kw)
        with response:
            body = b"".join(response.iter_content(READ_SIZE))
        response._content, response._content_consumed = body, True  # as `.content` keeps it
        return response

    def timed(self, path: str) -> tuple[float, requests.Response]:
        started = time.perf_counter()
        response = self.get(path)
        return time.perf_counter() - started, response


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


class RssSampler(threading.Thread):
    """Polls the VmRSS of the workers every few milliseconds and keeps each one's peak."""

    def __init__(self, pids: list[int]):
        super().__init__(daemon=True)
        self.idle = {pid: rss_kb(pid) for pid in pids}
        self.peak = dict(self.idle)
        self.running = True

    def run(self) -> None:
        while self.running:
            for pid in self.peak:
                self.peak[pid] = max(self.peak[pid], rss_kb(pid))
            time.sleep(0.005)

    def delta_mb(self) -> float:
        self.running = False
        self.join()
        return max(self.peak[p] - self.idle[p] for p in self.idle) / 1024


# ---------------------------------------------------------------- load


def _today():
    """Today in Brussels, as the demo data and the agenda see it."""
    sys.path.insert(0, str(ROOT))
    from stem_events.date_time import today_local

    return today_local()


def cold_env(base_path: str) -> dict[str, str]:
    from datetime import timedelta

    days = [(_today() + timedelta(days=n)).isoformat() for n in range(1, 120)]
    return {"BENCH_COLD": base_path, "BENCH_OFFSET": str(_cold_offset),
            "BENCH_PROVINCES": "|".join(COLD_PROVINCES), "BENCH_KINDS": "|".join(COLD_KINDS),
            "BENCH_DAYS": "|".join(days)}


def cold(base_path: str) -> list[str]:
    """The paths argument of `wrk`/`interleaved` for selections never asked before."""
    return [f"COLD:{base_path}"]


def wrk(server: Server, paths: list[str], seconds: float, connections: int) -> dict:
    global _cold_offset
    env = dict(os.environ, BENCH_PATHS="|".join(paths))
    if len(paths) == 1 and paths[0].startswith("COLD:"):
        env.update(cold_env(paths[0].removeprefix("COLD:")))
    done = subprocess.run(
        [*NICE, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s",
         "-s", str(BENCH / "load.lua"), server.base],
        capture_output=True, text=True, env=env, check=False)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCHJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    data = json.loads(line.removeprefix("BENCHJSON "))
    if "BENCH_COLD" in env:  # wrk may have asked a few more than it counted as done
        _cold_offset += data["requests"] + connections * 4 + 16
    seconds_run = data["duration_us"] / 1e6
    errors = sum(v for k, v in data.items() if k.startswith("errors_"))
    return {"p50_ms": data["p50_us"] / 1000, "p95_ms": data["p95_us"] / 1000,
            "rps": data["requests"] / seconds_run, "requests": data["requests"],
            "errors": errors}


def interleaved(loads: list[tuple[Server, list[str]]], seconds: float,
                connections: int | None = None) -> list[dict]:
    """Short wrk windows over each (server, paths) in turn, a few rounds: the machine is
    shared and noisy, so a baseline and its figure are measured side by side and each is the
    median over the rounds. Three rounds (of `seconds` / 2 each), not two: the median of two
    is their mean, so one window stalled by the shared machine decided a p95 (a PostgreSQL ×1
    `agenda_warm_p95_vs_hello` of 3.48 from windows of 1.34 and 3.84 ms, the next run 1.96)."""
    rounds = 3 if seconds >= 4 else 1
    window = max(1, round(seconds / 2 if rounds > 1 else seconds))
    samples: list[list[dict]] = [[] for _ in loads]
    for _ in range(rounds):
        for number, (server, paths) in enumerate(loads):
            for _attempt in range(3):  # a window without one answer (a stall of the shared
                measured = wrk(server, paths, window, connections or server.workers)
                if measured["requests"]:  # machine) is measured again, not averaged in
                    break
            samples[number].append(measured)
    return [{"p50_ms": statistics.median(m["p50_ms"] for m in ms),
             "p95_ms": statistics.median(m["p95_ms"] for m in ms),
             "rps": statistics.median(m["rps"] for m in ms),
             "requests": sum(m["requests"] for m in ms),
             "errors": sum(m["errors"] for m in ms),
             "rounds": [{"p50_ms": m["p50_ms"], "p95_ms": m["p95_ms"], "rps": m["rps"]}
                        for m in ms]}
            for ms in samples]


def ratio(value: float, baseline: float) -> float | None:
    """value / baseline; None when the baseline got no measurement (reported n/a)."""
    return value / baseline if baseline else None


def describe(name: str, m: dict) -> str:
    return (f"{name}: p50 {m['p50_ms']:.1f} ms, p95 {m['p95_ms']:.1f} ms, "
            f"{m['rps']:.0f} req/s, {m['requests']} requests, {m['errors']} errors")


def warm_up(server: Server) -> None:
    """Every page once per worker (imports, connections, templates), checking it answers."""
    for _ in range(server.workers):
        check_pages(server, [HELLO, *AGENDA])


def check_pages(server: Server, paths: list[str]) -> None:
    for path in paths:
        status = server.get(path).status_code
        if status != 200:
            raise RuntimeError(f"{path} answered {status} on {server.base}")


# ---------------------------------------------------------------- databases


def template_key(events: int) -> str:
    """What a built demo database depends on: the code (models, migrations, demo builders),
    the number of events and today (the demo is laid out around today)."""
    digest = hashlib.sha256(f"{events}|{_today().isoformat()}".encode())
    for folder in ("stem_events", "migrations"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def _remove_sqlite(path: Path) -> None:
    for suffix in SQLITE_SUFFIXES:
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def build_sqlite(events: int, name: str = "bench") -> Database:
    """The demo database as a file: built once per template key (bench/tmp/template-*),
    then copied for each run (a second instead of a minute and a half at 10,000 events)."""
    path = TMP / f"{name}.sqlite3"
    _remove_sqlite(path)
    database = Database("sqlite", f"sqlite:///{path}")
    template = TMP / f"template-{events}-{template_key(events)}.sqlite3"
    if not template.exists():
        for old in TMP.glob(f"template-{events}-*.sqlite3"):
            _remove_sqlite(old)
        started = time.perf_counter()
        building = Database("sqlite", f"sqlite:///{template}.part")
        _remove_sqlite(Path(f"{template}.part"))
        _fill(building, events)
        Path(f"{template}.part").rename(template)
        progress(f"sqlite: template with {events} events built in "
                 f"{time.perf_counter() - started:.1f} s")
    shutil.copyfile(template, path)
    database.event_id, database.latency_event_id = _registration_events(database)
    return database


def _pg_exec(*statements: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
        for statement in statements:
            conn.execute(statement)


def _pg_databases() -> set[str]:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
        return {r[0] for r in conn.execute("SELECT datname FROM pg_database")}


def build_postgresql(events: int, name: str = PG_DB) -> Database | None:
    """As build_sqlite: a template database (`stem_bench_tpl_<events>_<key>`, kept between
    runs, older ones dropped) copied with CREATE DATABASE … TEMPLATE."""
    import psycopg

    template = f"stem_bench_tpl_{events}_{template_key(events)}"
    try:
        existing = _pg_databases()
    except psycopg.OperationalError as error:
        progress(f"PostgreSQL not reachable on 127.0.0.1:5432, skipped: {error}")
        return None
    if template not in existing:
        for old in existing:
            if old.startswith(f"stem_bench_tpl_{events}_"):
                _pg_exec(f"DROP DATABASE IF EXISTS {old} WITH (FORCE)")
        started = time.perf_counter()
        _pg_exec(f"DROP DATABASE IF EXISTS {template}_part WITH (FORCE)",
                 f"CREATE DATABASE {template}_part")
        _fill(Database("postgresql", f"postgresql://postgres@127.0.0.1:5432/{template}_part"),
              events)
        _pg_exec(f"ALTER DATABASE {template}_part RENAME TO {template}")
        progress(f"postgresql: template with {events} events built in "
                 f"{time.perf_counter() - started:.1f} s")
    _pg_exec(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
             f"CREATE DATABASE {name} TEMPLATE {template}")
    database = Database("postgresql", f"postgresql://postgres@127.0.0.1:5432/{name}")
    database.event_id, database.latency_event_id = _registration_events(database)
    return database


def copy_database(database: Database, name: str) -> Database:
    """A copy of a database (bench-scale: the 10,000-event one, before history is added)."""
    if database.name == "sqlite":
        source = Path(database.url.removeprefix("sqlite:///"))
        target = TMP / f"{name}.sqlite3"
        _remove_sqlite(target)
        shutil.copyfile(source, target)
        copy = Database("sqlite", f"sqlite:///{target}")
    else:
        source_name = database.url.rsplit("/", 1)[1]
        _pg_exec(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
                 f"CREATE DATABASE {name} TEMPLATE {source_name}")
        copy = Database("postgresql", f"postgresql://postgres@127.0.0.1:5432/{name}")
    copy.event_id, copy.latency_event_id = database.event_id, database.latency_event_id
    return copy


def drop_postgresql(*names: str) -> None:
    import psycopg

    try:
        _pg_exec(*(f"DROP DATABASE IF EXISTS {n} WITH (FORCE)" for n in names or (PG_DB,)))
    except psycopg.OperationalError:
        pass


def _fill(database: Database, events: int) -> None:
    started = time.perf_counter()
    flask(database, "db", "upgrade")
    flask(database, "demo-data", "--events", str(events))
    progress(f"{database.name}: database with {events} events built in "
             f"{time.perf_counter() - started:.1f} s")


def _engine(database: Database):
    import sqlalchemy as sa

    sys.path.insert(0, str(ROOT))
    from config import database_url

    return sa.create_engine(database_url(database.url))


def _registration_events(database: Database) -> tuple[int | None, int | None]:
    """The burst's event (50 seats) and the event of the one-at-a-time POSTs (room for all)."""
    burst_event = _registration_event(database, 50, 0)
    latency_event = _registration_event(database, 1_000_000, burst_event or 0)
    return burst_event, latency_event


def _registration_event(database: Database, capacity: int, exclude: int) -> int | None:
    """A published one-off event still to come without registrations (the demo data has
    some: they would take seats and rows the burst then counts), made into a `capacity`-seat
    event with a waitlist, open registration and no age limit or questions."""
    import sqlalchemy as sa

    engine = _engine(database)
    with engine.begin() as conn:
        row = conn.execute(sa.text(
            "SELECT e.id FROM events e JOIN event_sessions s ON s.event_id = e.id "
            "WHERE e.status = 'published' AND s.starts_at > :soon "
            "AND e.kind IN ('workshop', 'academy_activity', 'lecture') "
            "AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = e.id) "
            "AND e.id <> :exclude "
            "GROUP BY e.id HAVING count(*) = 1 ORDER BY e.id LIMIT 1"),
            {"soon": _utc_in_days(7), "exclude": exclude}).first()
        if row is None:
            return None
        conn.execute(sa.text(
            "UPDATE events SET capacity = :capacity, registration_mode = 'series', "
            "waitlist_enabled = :yes, registration_opens_at = NULL, "
            "registration_closes_at = NULL, age_min = NULL, age_max = NULL, booking_url = '' "
            "WHERE id = :id"), {"id": row.id, "yes": True, "capacity": capacity})
        if sa.inspect(conn).has_table("event_group_settings"):  # classes book too (burst.py)
            conn.execute(sa.text(
                "INSERT INTO event_group_settings (event_id, min_size, max_size, "
                "adults_take_seats, individuals_allowed) VALUES (:id, 5, 20, :no, :yes)"),
                {"id": row.id, "yes": True, "no": False})
    engine.dispose()
    return row.id


def _utc_in_days(days: int):
    from datetime import UTC, datetime, timedelta

    return datetime.fromtimestamp(time.time(), UTC) + timedelta(days=days)


def edit_one_event(database: Database, number: int) -> None:
    """An organiser edits one public event in the feed window (its title and updated_at)."""
    import sqlalchemy as sa

    engine = _engine(database)
    with engine.begin() as conn:
        event_id = conn.execute(sa.text(
            "SELECT e.id FROM events e JOIN event_sessions s ON s.event_id = e.id "
            "WHERE e.status = 'published' AND s.starts_at > :soon ORDER BY e.id "
            "LIMIT 1 OFFSET :n"), {"soon": _utc_in_days(2), "n": 10 + number}).scalar_one()
        conn.execute(sa.text(
            "UPDATE events SET title = :title, updated_at = :now WHERE id = :id"),
            {"title": f"Bewerkte activiteit {number}", "now": _utc_in_days(0),
             "id": event_id})
    engine.dispose()


def empty_feed_cache(database: Database) -> None:
    """Forget the stored feed fragments (a cache of rendered VEVENTs), so that the first
    feed request of the server is the one-time fill of an empty cache."""
    import sqlalchemy as sa

    engine = _engine(database)
    with engine.begin() as conn:
        if sa.inspect(conn).has_table("feed_fragments"):
            conn.execute(sa.text("DELETE FROM feed_fragments"))
    engine.dispose()


def registration_counts(database: Database) -> dict | None:
    """Registrations stored for the burst event, by status; None without the table."""
    import sqlalchemy as sa

    engine = _engine(database)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("registrations"):
                return None
            columns = {c["name"] for c in sa.inspect(conn).get_columns("registrations")}
            seats = "sum(seats)" if "seats" in columns else "count(*)"
            rows = conn.execute(sa.text(
                f"SELECT status, count(*), {seats} FROM registrations "  # noqa: S608
                "WHERE event_id = :id GROUP BY status"), {"id": database.event_id}).all()
    finally:
        engine.dispose()
    return {str(status): {"rows": n, "seats": int(s or 0)} for status, n, s in rows}


def straightforward(database: Database) -> dict:
    """The straightforward icalendar build, in its own process (once per database: it takes
    tens of seconds at 10,000 events)."""
    runs = []
    for _ in range(1):
        done = subprocess.run(
            [sys.executable, "-m", "bench.straightforward"], cwd=ROOT, capture_output=True,
            text=True, env=flask_env(database, TMP / "instance-cli"), check=False)
        if done.returncode:
            raise RuntimeError(f"straightforward build failed: {done.stderr[-2000:]}")
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    best = min(runs, key=lambda r: r["seconds"])
    best["rss_delta_mb"] = max(r["rss_delta_mb"] for r in runs)
    return best


# ---------------------------------------------------------------- one run (db, workers)


@dataclass
class Run:
    db: str
    workers: int
    figures: dict = field(default_factory=dict)
    notes: dict = field(default_factory=dict)
    measurements: dict = field(default_factory=dict)

    def unavailable(self, names, reason: str) -> None:
        for name in names:
            self.figures[name] = None
            self.notes[name] = reason


def measure_run(database: Database, workers: int, seconds: float) -> Run:
    run = Run(database.name, workers)
    label = f"{database.name}, {workers} worker{'s' if workers > 1 else ''}"

    # The app as configured in production; the first server on a database starts with an
    # empty feed cache (the one-time fill takes half a minute at 10,000 events, so only once).
    if workers == 1:
        empty_feed_cache(database)
    progress(f"{label}: starting gunicorn as in production")
    server = Server(database, workers)
    try:
        with phase(f"{label}: warm-up"):
            warm_up(server)
            if not database.fragments_warm:
                warm_fragments(server, label)
                database.fragments_warm = True
        with phase(f"{label}: feeds"):
            measure_feeds(server, database, run, seconds, label)
        with phase(f"{label}: agenda and API"):
            measure_agenda(server, run, seconds, label)
        with phase(f"{label}: registrations"):
            mail_worker = MailWorker(database)
            try:
                if workers == 1:
                    measure_registration_post(server, database, run, label, seconds)
                else:
                    measure_registrations(server, database, run, label)
            finally:
                mail_worker.stop()
    finally:
        server.stop()

    if workers == 2 and database.name == "postgresql":
        with phase(f"{label}: workers_2_vs_1"):
            measure_workers(database, run, seconds, label)
    return run


def measure_agenda(server: Server, run: Run, seconds: float, label: str) -> None:
    """Hello, the agenda set with the page cache filled (warm), and selections never asked
    before (cold: the page cache is on but every URL is new; the fragments are warm), for
    the agenda page and the API list, in alternating rounds."""
    wrk(server, AGENDA, 1, 4)  # fill the page cache
    hello, warm, agenda_cold, api_cold = interleaved(
        [(server, [HELLO]), (server, AGENDA), (server, cold("/agenda")),
         (server, cold("/api/v1/events"))], seconds)
    for name, measured in (("hello", hello), ("agenda warm", warm),
                           ("agenda cold", agenda_cold), ("API cold", api_cold)):
        progress(f"{label}: " + describe(name, measured))
    run.measurements.update(hello=hello, agenda_warm=warm, agenda_cold=agenda_cold,
                            api_cold=api_cold)
    run.figures["agenda_cold_p50_vs_hello"] = ratio(agenda_cold["p50_ms"], hello["p50_ms"])
    run.figures["agenda_cold_p95_vs_hello"] = ratio(agenda_cold["p95_ms"], hello["p95_ms"])
    run.figures["api_cold_p50_vs_hello"] = ratio(api_cold["p50_ms"], hello["p50_ms"])
    run.figures["agenda_warm_p95_vs_hello"] = ratio(warm["p95_ms"], hello["p95_ms"])
    errors = agenda_cold["errors"] + api_cold["errors"]
    if errors:
        raise RuntimeError(f"{errors} cold selections did not answer 200 on {server.base}")


def warm_fragments(server: Server, label: str) -> None:
    """Every page of the unfiltered agenda and of the API once, so that the stored card
    fragments and API items of every upcoming event exist ("fragments warm"; once per
    database: they are stored there)."""
    started = time.perf_counter()
    total = server.get("/api/v1/events?per_page=1").json()["total"]
    pages = max(1, math.ceil(total / 25))
    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = list(pool.map(lambda n: server.get(f"/agenda?page={n}").status_code,
                                 range(1, pages + 1)))
        # The API's stored items likewise (`api/fragments.py`), 100 events a page.
        statuses += list(pool.map(
            lambda n: server.get(f"/api/v1/events?per_page=100&page={n}").status_code,
            range(1, math.ceil(total / 100) + 1)))
    if any(status != 200 for status in statuses):
        raise RuntimeError(f"/agenda or /api/v1/events?page=… answered {set(statuses)}")
    progress(f"{label}: every agenda page and API page asked once (cards and API items warm) in "
             f"{time.perf_counter() - started:.1f} s")


def registration_posts(server: Server, event_id: int, count: int,
                       browser: requests.Session, numbers) -> list[float]:
    """`count` registrations one after the other; the POSTs' times in ms (GETs untimed)."""
    times = []
    for _ in range(count):
        number = next(numbers)
        attempt = burst.attempt(server.base, event_id, number, browser)
        if attempt.outcome != "accepted":
            raise RuntimeError(f"registration {number} on {server.base}: {attempt.outcome} "
                               f"({attempt.status}, {attempt.detail})")
        times.append(attempt.post_ms)
    return times


def hello_gets(server: Server, count: int, browser: requests.Session) -> list[float]:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        browser.get(server.base + HELLO, timeout=30)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _individual_numbers():
    """Attempt numbers that register one person (burst.py books a class every GROUP_EVERYth)."""
    return (n for n in range(1, 10**9) if n % burst.GROUP_EVERY)


def measure_registration_post(server: Server, database: Database, run: Run, label: str,
                              seconds: float) -> None:
    """One registration POST at a time (no queue in front of the worker) against hello
    through the same client and connection, in alternating rounds: its p50 vs hello's p50."""
    if database.latency_event_id is None:
        run.unavailable(("registration_post_p50_vs_hello",), "no event to register for")
        return
    rounds, posts = (3, 8) if seconds < 2 else (3, 20)
    numbers = _individual_numbers()
    hello_rounds, post_rounds = [], []
    with requests.Session() as browser:
        registration_posts(server, database.latency_event_id, 2, browser, numbers)  # warm
        for _ in range(rounds):
            hello_rounds.append(statistics.median(hello_gets(server, posts * 3, browser)))
            post_rounds.append(statistics.median(
                registration_posts(server, database.latency_event_id, posts, browser,
                                   numbers)))
    hello_ms, post_ms = statistics.median(hello_rounds), statistics.median(post_rounds)
    run.figures["registration_post_p50_vs_hello"] = post_ms / hello_ms
    run.measurements["registration_post"] = {
        "post_p50_ms_rounds": post_rounds, "hello_p50_ms_rounds": hello_rounds,
        "posts_per_round": posts, "client": "python requests, one kept-alive connection",
    }
    progress(f"{label}: registration POST one at a time p50 {post_ms:.1f} ms, hello "
             f"{hello_ms:.2f} ms through the same client: {post_ms / hello_ms:.1f}×")


def measure_workers(database: Database, run: Run, seconds: float, label: str) -> None:
    """Agenda throughput with 2 workers vs 1: both servers up at once (page cache off), load
    on one at a time, in alternating rounds."""
    progress(f"{label}: agenda throughput, 1 worker and 2 workers in alternating rounds")
    one = Server(database, 1, PAGE_CACHE_OFF)
    try:
        two = Server(database, 2, PAGE_CACHE_OFF)
        try:
            for server in (one, two):
                wrk(server, AGENDA, 1, THROUGHPUT_CONNECTIONS)
            # At least 2-second windows: 4 connections queue on uncached pages, and a
            # 1-second window of a loaded machine may end before the first answer.
            single, double = interleaved([(one, AGENDA), (two, AGENDA)], max(seconds, 2),
                                         THROUGHPUT_CONNECTIONS)
        finally:
            two.stop()
    finally:
        one.stop()
    ratio_ = ratio(double["rps"], single["rps"])
    run.figures["workers_2_vs_1"] = ratio_
    run.measurements.update(agenda_1_worker=single, agenda_2_workers=double)
    progress(f"{label}: agenda {single['rps']:.1f} req/s with 1 worker, {double['rps']:.1f} "
             f"with 2: {fmt(ratio_)}")


def _page_cache_exists() -> bool:
    text = "\n".join(p.read_text() for p in (ROOT / "stem_events").rglob("*.py"))
    return "PAGE_CACHE_ENABLED" in text


def measure_feeds(server: Server, database: Database, run: Run, seconds: float,
                  label: str) -> None:
    # Whether the route exists, without building a feed: a bad filter value is a 400.
    if server.get("/agenda.ics?age=x").status_code == 404:
        run.unavailable(FEED_FIGURES, "/agenda.ics answers 404: the feeds are not in main yet")
        progress(f"{label}: feeds not available (/agenda.ics 404)")
        return
    if database.straightforward is None:
        progress(f"{label}: straightforward icalendar build of the same events …")
        database.straightforward = straightforward(database)
        progress(f"{label}: straightforward build {database.straightforward['seconds']:.2f} s, "
                 f"{database.straightforward['bytes'] / 1e6:.1f} MB, "
                 f"{database.straightforward['vevents']} VEVENTs, "
                 f"+{database.straightforward['rss_delta_mb']:.0f} MB RSS")
    base_seconds = database.straightforward["seconds"]
    run.measurements["straightforward"] = database.straightforward

    sampler = RssSampler(server.worker_pids())
    sampler.start()
    try:
        # The one-time fill of an empty cache (only the first server on this database
        # sees an empty cache when the fragments are stored in the database).
        cold_s, response = server.timed(FEEDS[0])
        if response.status_code != 200:
            raise RuntimeError(f"{FEEDS[0]} answered {response.status_code}")
        if run.workers == 1:
            run.figures["feed_cold_fill_vs_straightforward"] = cold_s / base_seconds
            progress(f"{label}: cold fill of /agenda.ics {cold_s:.2f} s "
                     f"({len(response.content) / 1e6:.1f} MB)")
        else:
            run.figures["feed_cold_fill_vs_straightforward"] = None
            run.notes["feed_cold_fill_vs_straightforward"] = (
                "measured once per database, in the 1-worker run (the stored fragments stay)")
        run.measurements["feed_first_request_s"] = cold_s

        # Warm feeds vs the same bytes as static files through the same server.
        STATIC_DIR.mkdir(parents=True, exist_ok=True)
        static_paths = []
        for number, path in enumerate(FEEDS):
            body = server.get(path).content
            server.get(path)
            (STATIC_DIR / f"feed-{number}.ics").write_bytes(body)
            static_paths.append(f"/static/bench-tmp/feed-{number}.ics")
        check_pages(server, static_paths)
        static, feeds = interleaved([(server, static_paths), (server, FEEDS)], seconds)
        progress(f"{label}: " + describe("static feed bytes", static))
        progress(f"{label}: " + describe("warm feeds", feeds))
        run.measurements.update(feed_static=static, feed_warm=feeds)
        run.figures["feed_warm_vs_static"] = ratio(feeds["p95_ms"], static["p95_ms"])

        # A filter combination never requested before (a new age on every server).
        times = []
        for _ in range(3):
            age = next(_NEW_AGES)
            elapsed, response = server.timed(f"/agenda.ics?age={age}")
            if response.status_code != 200:
                raise RuntimeError(f"/agenda.ics?age={age} answered {response.status_code}")
            times.append(elapsed)
        new_s = statistics.median(times)
        run.measurements["feed_new_filter_s"] = times
        run.figures["feed_new_filter_speedup"] = base_seconds / new_s

        # The first request after one event was edited.
        times = []
        for number in range(3):
            edit_one_event(database, number + 3 * run.workers)
            elapsed, _response = server.timed(FEEDS[0])
            times.append(elapsed)
        edit_s = statistics.median(times)
        run.measurements["feed_after_edit_s"] = times
        run.figures["feed_after_edit_speedup"] = base_seconds / edit_s
        progress(f"{label}: new filter {new_s * 1000:.0f} ms, after an edit "
                 f"{edit_s * 1000:.0f} ms, straightforward {base_seconds * 1000:.0f} ms")
    finally:
        run.figures["feed_peak_rss_delta_mb"] = sampler.delta_mb()
        shutil.rmtree(STATIC_DIR, ignore_errors=True)
    run.measurements["worker_idle_rss_mb"] = {str(k): v / 1024 for k, v in sampler.idle.items()}


def measure_registrations(server: Server, database: Database, run: Run, label: str) -> None:
    if database.event_id is None:
        run.unavailable(REGISTRATION_FIGURES, "no event to register for in the demo data")
        return
    page = server.get(f"/events/{database.event_id}/register")
    if page.status_code == 404:
        run.unavailable(REGISTRATION_FIGURES,
                        "/events/<id>/register answers 404: registrations are not in main yet")
        progress(f"{label}: registrations not available (/events/<id>/register 404)")
        return
    progress(f"{label}: registration burst, {BURST_ATTEMPTS} attempts from 50 clients on a "
             "50-seat event "
             f"(rate limits {RATE_LIMITS.split(':')[0]})")
    result = burst.burst(server.base, database.event_id, attempts=BURST_ATTEMPTS)
    attempts = result.attempts
    outcomes = {k: sum(1 for a in attempts if a.outcome == k)
                for k in ("accepted", "refused", "5xx", "lost")}
    counts = registration_counts(database) or {}
    confirmed = sum(v["seats"] for k, v in counts.items() if k.lower() in (
        "confirmed", "registered", "bevestigd"))
    stored = sum(v["rows"] for v in counts.values())
    posts = sorted(a.post_ms for a in attempts if a.post_ms is not None)
    gets = sorted(a.get_ms for a in attempts if a.get_ms is not None)
    run.figures.update(
        registration_confirmed=confirmed,
        registration_overbooked=max(0, confirmed - 50),
        registration_lost=outcomes["lost"] + max(0, outcomes["accepted"] - stored),
        registration_5xx=outcomes["5xx"],
        registration_p95_ms=_percentile(posts, 95) if posts else None,
    )
    run.measurements["registration"] = {
        "seconds": result.seconds, "outcomes": outcomes, "stored": counts,
        "post_p50_ms": _percentile(posts, 50) if posts else None,
        "get_p95_ms": _percentile(gets, 95) if gets else None,
        "lost_examples": [a.detail for a in attempts if a.outcome == "lost"][:5],
        "rate_limits": RATE_LIMITS,
    }
    progress(f"{label}: burst done in {result.seconds:.1f} s: {outcomes}, stored {counts}")
    measure_mail_delay(attempts, run, label)


def measure_mail_delay(attempts: list, run: Run, label: str, wait_s: float = 120) -> None:
    """From each accepted registration's answer to its first mail at the SMTP sink, sent by
    `flask worker`; p95. Mails still missing after `wait_s` count as `wait_s` late."""
    accepted = [a for a in attempts if a.outcome == "accepted" and a.email and a.done_at]
    if SINK is None or not accepted:
        run.unavailable(("registration_mail_delay_s",), "no SMTP sink or no registration")
        return
    deadline = time.time() + wait_s
    while time.time() < deadline and any(SINK.first_arrival(a.email) is None
                                         for a in accepted):
        time.sleep(0.2)
    # On PostgreSQL the worker, woken by NOTIFY at the commit, may deliver before the answer
    # has reached the client: such a mail counts as 0 s late.
    delays = sorted(
        max(0.0, arrival - a.done_at) if (arrival := SINK.first_arrival(a.email)) is not None
        else wait_s for a in accepted)
    missing = sum(1 for a in accepted if SINK.first_arrival(a.email) is None)
    run.figures["registration_mail_delay_s"] = _percentile(delays, 95)
    run.measurements["registration_mail"] = {
        "mails": len(accepted), "missing_after_wait": missing, "wait_s": wait_s,
        "delay_p50_s": _percentile(delays, 50), "delay_p95_s": _percentile(delays, 95),
        "delay_max_s": delays[-1]}
    if missing:
        run.notes["registration_mail_delay_s"] = f"{missing} mails not delivered in {wait_s} s"
    progress(f"{label}: mails of {len(accepted)} registrations delivered by flask worker: "
             f"p50 {_percentile(delays, 50):.1f} s, p95 {_percentile(delays, 95):.1f} s after "
             f"the answer, {missing} missing")


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


# ---------------------------------------------------------------- report


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        mem_kb = 0
    return (f"{platform.node()}: {os.cpu_count()} × {cpu}, {mem_kb / 1024 / 1024:.0f} GB RAM, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}")


def fmt(value) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, int):
        return str(value)
    return f"{value:.2f}"


def table(runs: list[Run]) -> str:
    lines = [f"{'run':<18} {'figure':<36} {'value':>9}  {'target':<7} result",
             "-" * 86]
    for run in runs:
        name = f"{run.db} ×{run.workers}"
        for figure, value in run.figures.items():
            target, test = TARGETS[figure]
            if value is None:
                verdict = "not available: " + run.notes.get(figure, "")
            else:
                verdict = "pass" if test(value) else "FAIL"
                if figure in run.notes:
                    verdict += f" ({run.notes[figure]})"
            lines.append(f"{name:<18} {figure:<36} {fmt(value):>9}  {target:<7} {verdict}")
    return "\n".join(lines)


# ---------------------------------------------------------------- bench-scale

SCALE_HISTORY = 90_000
SCALE_FILTER = "/agenda?province=10000&age=10"
SCALE_FEED = "/agenda.ics?province=10000&age=10"


def _big_name(small: Database) -> str:
    return "bench-100k" if small.name == "sqlite" else f"{PG_DB}_100k"


def with_history(small: Database) -> Database:
    """A copy of the 10,000-event database with 90,000 past events added."""
    started = time.perf_counter()
    big = copy_database(small, _big_name(small))
    flask(big, "demo-data", "--history", str(SCALE_HISTORY))
    big.history_build_s = round(time.perf_counter() - started, 1)
    progress(f"{small.name}: copy with {SCALE_HISTORY} past events added in "
             f"{big.history_build_s} s")
    return big


def measure_scale(small: Database, big: Database, seconds: float) -> Run:
    """10,000 upcoming events against the same plus 90,000 past ones (a copy of the same
    database with `flask demo-data --history`), one server each with the page cache off (every
    agenda request cold), in alternating rounds: the unfiltered agenda, the fixed filter, that
    filter's feed after an edit, a registration POST, and the workers' memory."""
    run = Run(f"{small.name} 100k vs 10k", 1)
    label = f"{small.name}, scale"
    big_name = _big_name(small)
    run.measurements["history_build_s"] = big.history_build_s
    databases = {"10k": small, "100k": big}
    servers: dict[str, Server] = {}
    try:
        with phase(f"{label}: servers and warm-up"):
            for key, database in databases.items():
                servers[key] = Server(database, 1, PAGE_CACHE_OFF)
                # The measured pages are fixed, so asking them once warms their cards'
                # fragments (no crawl of every page: at 100,000 events a page takes seconds
                # on a loaded machine) and fills the filter's feed cache.
                warm_up(servers[key])
                check_pages(servers[key], ["/agenda", SCALE_FILTER, SCALE_FEED])
        sampler = RssSampler([pid for server in servers.values()
                              for pid in server.worker_pids()])
        sampler.start()
        pids = {key: server.worker_pids()[0] for key, server in servers.items()}
        with phase(f"{label}: agenda"):
            agenda = interleaved([(servers["10k"], ["/agenda"]), (servers["100k"], ["/agenda"]),
                                  (servers["10k"], [SCALE_FILTER]),
                                  (servers["100k"], [SCALE_FILTER])], seconds)
            run.measurements.update(agenda_10k=agenda[0], agenda_100k=agenda[1],
                                    filter_10k=agenda[2], filter_100k=agenda[3])
            run.figures["scale_agenda_cold_100k_vs_10k"] = ratio(agenda[1]["p50_ms"],
                                                                 agenda[0]["p50_ms"])
            run.measurements["scale_filter_cold_100k_vs_10k"] = (
                ratio(agenda[3]["p50_ms"], agenda[2]["p50_ms"]))
            for name, measured in zip(("agenda 10k", "agenda 100k", "filter 10k", "filter 100k"),
                                      agenda, strict=True):
                progress(f"{label}: " + describe(name, measured))
        with phase(f"{label}: filter feed after an edit"):
            times: dict[str, list[float]] = {"10k": [], "100k": []}
            for number in range(5):
                for key, database in databases.items():
                    edit_one_event(database, 40 + number)
                    elapsed, response = servers[key].timed(SCALE_FEED)
                    if response.status_code != 200:
                        raise RuntimeError(f"{SCALE_FEED} answered {response.status_code}")
                    times[key].append(elapsed * 1000)
            run.measurements["filter_feed_after_edit_ms"] = times
            run.figures["scale_filter_feed_after_edit_100k_vs_10k"] = (
                statistics.median(times["100k"]) / statistics.median(times["10k"]))
            progress(f"{label}: {SCALE_FEED} after an edit, median "
                     f"{statistics.median(times['10k']):.0f} ms (10k), "
                     f"{statistics.median(times['100k']):.0f} ms (100k)")
        with phase(f"{label}: registration POST"):
            numbers = _individual_numbers()
            posts: dict[str, list[float]] = {"10k": [], "100k": []}
            with requests.Session() as browser:
                for _ in range(3):
                    for key, database in databases.items():
                        posts[key].append(statistics.median(registration_posts(
                            servers[key], database.latency_event_id, 10, browser, numbers)))
            run.measurements["registration_post_p50_ms_rounds"] = posts
            run.figures["scale_registration_100k_vs_10k"] = (
                statistics.median(posts["100k"]) / statistics.median(posts["10k"]))
            progress(f"{label}: registration POST p50 {statistics.median(posts['10k']):.1f} ms "
                     f"(10k), {statistics.median(posts['100k']):.1f} ms (100k)")
        sampler.delta_mb()
        run.measurements["worker_rss_mb"] = {
            key: {"idle_after_warm_up": sampler.idle[pid] / 1024,
                  "peak": sampler.peak[pid] / 1024, "end": rss_kb(pid) / 1024}
            for key, pid in pids.items()}
        progress(f"{label}: worker RSS (MB) {run.measurements['worker_rss_mb']}")
    finally:
        for server in servers.values():
            server.stop()
        if big.name == "postgresql":
            drop_postgresql(big_name)
        else:
            _remove_sqlite(TMP / f"{big_name}.sqlite3")
    return run


def write_scale(runs: list[Run], events: int, seconds: float) -> None:
    """The scale runs into bench/results.json, beside what `make bench` wrote there."""
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    previous["scale"] = {"machine": machine(), "events": f"{events} + {SCALE_HISTORY} past",
                         "seconds_per_measurement": seconds,
                         "duration_s": round(time.perf_counter() - STARTED, 1),
                         "phases": PHASES, "runs": [_run_json(r) for r in runs]}
    previous.setdefault("runs", [])
    RESULTS.write_text(json.dumps(previous, indent=2) + "\n")


def _run_json(run: Run) -> dict:
    return {"db": run.db, "workers": run.workers, "figures": run.figures, "notes": run.notes,
            "measurements": run.measurements}


def scale_section(previous: dict | None) -> dict:
    """The bench-scale runs kept in results.json by `make bench` runs (and the other way
    round): every key of the table is there, the scale ones from the last bench-scale run."""
    if previous and previous.get("runs"):
        return previous
    return {"runs": [{"db": "100k vs 10k", "workers": 1,
                      "figures": dict.fromkeys(SCALE_FIGURES),
                      "notes": dict.fromkeys(SCALE_FIGURES, "not measured yet: make bench-scale"),
                      "measurements": {}}]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="1,500 events, 1-second measurements, 100 registration attempts "
                             "(under two minutes)")
    parser.add_argument("--scale", action="store_true",
                        help="bench-scale: 10,000 events against 10,000 + 90,000 past ones")
    parser.add_argument("--db", choices=("sqlite", "postgresql"), action="append",
                        help="only these databases (default: both)")
    args = parser.parse_args()
    events, seconds = (1500, 1) if args.quick else (10_000, 4)
    global SINK
    global BURST_ATTEMPTS
    BURST_ATTEMPTS = 100 if args.quick else 500
    signal.signal(signal.SIGTERM, _on_signal)
    if shutil.which("wrk") is None:
        print("wrk ontbreekt: installeer het pakket 'wrk' (apt-get install wrk).")
        return 2
    TMP.mkdir(parents=True, exist_ok=True)
    progress(f"benchmark ({'quick' if args.quick else 'full'}): {events} events, "
             f"{seconds} s per measurement{', servers and wrk at nice -5' if NICE else ''}; "
             f"rate limits {RATE_LIMITS}")
    runs: list[Run] = []
    imports = None
    SINK = MailSink(free_port()).start()
    try:
        if not args.scale and not args.quick:  # issue 15's figure; 30 s, the full run only
            progress("imports: a feed of 2,000 occurrences against expanding it alone")
            with phase("imports"):
                imports = measure_imports()
        names = args.db or ["sqlite", "postgresql"]
        progress(f"the {' and '.join(names)} databases (in parallel; built once per "
                 "template key, then copied)")
        with phase("databases"), ThreadPoolExecutor(max_workers=2) as pool:
            builds = [pool.submit(build_sqlite if n == "sqlite" else build_postgresql, events)
                      for n in names]
            databases = [b.result() for b in builds]
        databases = [d for d in databases if d is not None]
        if args.scale:
            with phase("copies + history (in parallel)"), ThreadPoolExecutor(2) as pool:
                bigs = list(pool.map(with_history, databases))
            for small, big in zip(databases, bigs, strict=True):
                runs.append(measure_scale(small, big, seconds))
                write_scale(runs, events, seconds)  # kept even if a later database fails
        for database in databases if not args.scale else ():
            runs.append(measure_run(database, 1, seconds))
            runs.append(measure_run(database, 2, seconds))
    finally:
        stop_all()
        SINK.stop()
        shutil.rmtree(STATIC_DIR, ignore_errors=True)
        if not args.db or "postgresql" in args.db:
            drop_postgresql(PG_DB, f"{PG_DB}_100k")
        _remove_sqlite(TMP / "bench-100k.sqlite3")
    duration = round(time.perf_counter() - STARTED, 1)
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    if args.scale:
        write_scale(runs, events, seconds)
        print(table(runs))
        print(f"\nWritten the scale runs into bench/results.json in {duration:.0f} s.")
        return 0
    results = {
        "machine": machine(),
        "mode": "quick" if args.quick else "full",
        "events": events,
        "seconds_per_measurement": seconds,
        "registration_attempts": BURST_ATTEMPTS,
        "duration_s": duration,
        "phases": PHASES,
        "rate_limits": RATE_LIMITS,
        "imports": imports,
        "runs": [_run_json(r) for r in runs],
        "scale": scale_section(previous.get("scale")),
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(f"Machine: {results['machine']}")
    print(f"Rate limits: {RATE_LIMITS}.")
    print(table(runs))
    if imports is not None:
        print(describe_imports(imports))
    print(f"\nWritten bench/results.json in {results['duration_s']:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
