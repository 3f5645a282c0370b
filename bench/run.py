"""`make bench` / `make bench-quick`: the benchmark harness of issue 9.

Builds a demo database on SQLite and on PostgreSQL, serves the app with gunicorn on loopback
with 1 and 2 workers, drives load with wrk from a separate process, and reports every figure as
a ratio against a baseline measured in the same run on the same machine. Prints a table and
writes bench/results.json.
"""

from __future__ import annotations

import argparse
import json
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

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
TMP = BENCH / "tmp"
VENV_BIN = Path(sys.executable).parent
STATIC_DIR = ROOT / "static" / "bench-tmp"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "stem_bench"

HELLO = "/healthz"
AGENDA = [
    "/agenda",
    "/agenda?province=10000&age=10",
    "/agenda?kind=workshop&when=next30",
    "/agenda?q=robotica",
    "/api/v1/events?per_page=25",
]
FEEDS = ["/agenda.ics", "/agenda.ics?kind=workshop"]
NEW_FILTER_AGES = range(4, 100)

# figure: (target text, test)
TARGETS = {
    "agenda_cold_p95_vs_hello": ("≤ 10", lambda v: v <= 10),
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
    "registration_p95_ms": ("< 250", lambda v: v < 250),
    "workers_2_vs_1": ("≥ 1.5", lambda v: v >= 1.5),
}
FEED_FIGURES = ("feed_warm_vs_static", "feed_new_filter_speedup", "feed_after_edit_speedup",
                "feed_cold_fill_vs_straightforward", "feed_peak_rss_delta_mb")
REGISTRATION_FIGURES = ("registration_confirmed", "registration_overbooked",
                        "registration_lost", "registration_5xx", "registration_p95_ms")
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

STARTED = time.perf_counter()
BURST_ATTEMPTS = 500  # 100 in bench-quick
_NEW_AGES = iter(NEW_FILTER_AGES)


def progress(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:6.1f}s] {message}", flush=True)


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


class Server:
    """gunicorn on a free loopback port, in its own process group (stopped as a whole)."""

    def __init__(self, database: Database, workers: int, extra_env: dict | None = None):
        self.port = free_port(BASE_PORT)
        self.base = f"http://127.0.0.1:{self.port}"
        self.instance = TMP / f"instance-{database.name}-{workers}-{self.port}"
        env = flask_env(database, self.instance, STEM_EVENTS_ENV="production",
                        SECRET_KEY=secrets.token_urlsafe(36), BASE_URL=BASE_URL,
                        RATELIMIT_ENABLED="false", **(extra_env or {}))
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
        return requests.get(self.base + path, timeout=300, **kw)

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


def wrk(server: Server, paths: list[str], seconds: float, connections: int) -> dict:
    env = dict(os.environ, BENCH_PATHS="|".join(paths))
    done = subprocess.run(
        [*NICE, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s",
         "-s", str(BENCH / "load.lua"), server.base],
        capture_output=True, text=True, env=env, check=False)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCHJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    data = json.loads(line.removeprefix("BENCHJSON "))
    seconds_run = data["duration_us"] / 1e6
    errors = sum(v for k, v in data.items() if k.startswith("errors_"))
    return {"p50_ms": data["p50_us"] / 1000, "p95_ms": data["p95_us"] / 1000,
            "rps": data["requests"] / seconds_run, "requests": data["requests"],
            "errors": errors}


def interleaved(loads: list[tuple[Server, list[str]]], seconds: float,
                connections: int | None = None) -> list[dict]:
    """Short wrk windows over each (server, paths) in turn, a few rounds: the machine is
    shared and noisy, so a baseline and its figure are measured side by side and each is the
    median over the rounds."""
    rounds = 3 if seconds >= 6 else 2 if seconds >= 4 else 1
    window = max(1, round(seconds / rounds))
    samples: list[list[dict]] = [[] for _ in loads]
    for _ in range(rounds):
        for number, (server, paths) in enumerate(loads):
            samples[number].append(wrk(server, paths, window, connections or server.workers))
    return [{"p50_ms": statistics.median(m["p50_ms"] for m in ms),
             "p95_ms": statistics.median(m["p95_ms"] for m in ms),
             "rps": statistics.median(m["rps"] for m in ms),
             "requests": sum(m["requests"] for m in ms),
             "errors": sum(m["errors"] for m in ms),
             "rounds": [{"p95_ms": m["p95_ms"], "rps": m["rps"]} for m in ms]}
            for ms in samples]


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


def build_sqlite(events: int) -> Database:
    path = TMP / "bench.sqlite3"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    database = Database("sqlite", f"sqlite:///{path}")
    _fill(database, events)
    return database


def build_postgresql(events: int) -> Database | None:
    import psycopg

    try:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DB}")
    except psycopg.OperationalError as error:
        progress(f"PostgreSQL not reachable on 127.0.0.1:5432, skipped: {error}")
        return None
    database = Database("postgresql", f"postgresql://postgres@127.0.0.1:5432/{PG_DB}")
    _fill(database, events)
    return database


def drop_postgresql() -> None:
    import psycopg

    try:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
    except psycopg.OperationalError:
        pass


def _fill(database: Database, events: int) -> None:
    started = time.perf_counter()
    flask(database, "db", "upgrade")
    flask(database, "demo-data", "--events", str(events))
    database.event_id = _registration_event(database)
    progress(f"{database.name}: database with {events} events built in "
             f"{time.perf_counter() - started:.1f} s (registration event "
             f"{database.event_id}, 50 seats)")


def _engine(database: Database):
    import sqlalchemy as sa

    sys.path.insert(0, str(ROOT))
    from config import database_url

    return sa.create_engine(database_url(database.url))


def _registration_event(database: Database) -> int | None:
    """A published one-off event still to come without registrations (the demo data has
    some: they would take seats and rows the burst then counts), made into a 50-seat event
    with a waitlist, open registration and no age limit or questions."""
    import sqlalchemy as sa

    engine = _engine(database)
    with engine.begin() as conn:
        row = conn.execute(sa.text(
            "SELECT e.id FROM events e JOIN event_sessions s ON s.event_id = e.id "
            "WHERE e.status = 'published' AND s.starts_at > :soon "
            "AND e.kind IN ('workshop', 'academy_activity', 'lecture') "
            "AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = e.id) "
            "GROUP BY e.id HAVING count(*) = 1 ORDER BY e.id LIMIT 1"),
            {"soon": _utc_in_days(7)}).first()
        if row is None:
            return None
        conn.execute(sa.text(
            "UPDATE events SET capacity = 50, registration_mode = 'series', "
            "waitlist_enabled = :yes, registration_opens_at = NULL, "
            "registration_closes_at = NULL, age_min = NULL, age_max = NULL, booking_url = '' "
            "WHERE id = :id"), {"id": row.id, "yes": True})
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

    # Cold: the page cache (when the app has one) switched off.
    progress(f"{label}: starting gunicorn with the page cache off")
    server = Server(database, workers, PAGE_CACHE_OFF)
    try:
        warm_up(server)
        hello, cold = interleaved([(server, [HELLO]), (server, AGENDA)], seconds)
        progress(f"{label}: " + describe("hello (cold server)", hello))
        progress(f"{label}: " + describe("agenda cold", cold))
    finally:
        server.stop()
    run.measurements.update(hello_cold_server=hello, agenda_cold=cold)
    run.figures["agenda_cold_p95_vs_hello"] = cold["p95_ms"] / hello["p95_ms"]

    # Warm: the app as configured in production; the first server on a database starts with
    # an empty feed cache (the one-time fill takes a minute at 10,000 events, so only once).
    if workers == 1:
        empty_feed_cache(database)
    progress(f"{label}: starting gunicorn as in production")
    server = Server(database, workers)
    try:
        warm_up(server)
        measure_feeds(server, database, run, seconds, label)
        wrk(server, AGENDA, 1, 4)  # fill the page cache, if any
        hello, warm = interleaved([(server, [HELLO]), (server, AGENDA)], seconds)
        progress(f"{label}: " + describe("hello", hello))
        progress(f"{label}: " + describe("agenda warm", warm))
        run.measurements.update(hello=hello, agenda_warm=warm)
        run.figures["agenda_warm_p95_vs_hello"] = warm["p95_ms"] / hello["p95_ms"]
        if not _page_cache_exists():
            run.notes["agenda_warm_p95_vs_hello"] = (
                "the app has no page cache yet: measured like the cold figure")
        if workers == 2:
            measure_registrations(server, database, run, label)
    finally:
        server.stop()

    if workers == 2 and database.name == "postgresql":
        measure_workers(database, run, seconds, label)
    return run


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
            single, double = interleaved([(one, AGENDA), (two, AGENDA)], seconds,
                                         THROUGHPUT_CONNECTIONS)
        finally:
            two.stop()
    finally:
        one.stop()
    ratio = double["rps"] / single["rps"]
    run.figures["workers_2_vs_1"] = ratio
    run.measurements.update(agenda_1_worker=single, agenda_2_workers=double)
    progress(f"{label}: agenda {single['rps']:.1f} req/s with 1 worker, {double['rps']:.1f} "
             f"with 2: {ratio:.2f}")


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
        run.figures["feed_warm_vs_static"] = feeds["p95_ms"] / static["p95_ms"]

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="1,500 events, 1-second measurements, 100 registration attempts "
                             "(under two minutes)")
    parser.add_argument("--db", choices=("sqlite", "postgresql"), action="append",
                        help="only these databases (default: both)")
    args = parser.parse_args()
    events, seconds = (1500, 1) if args.quick else (10_000, 4)
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
    progress("imports: a feed of 2,000 occurrences against expanding it alone")
    imports = measure_imports()
    try:
        names = args.db or ["sqlite", "postgresql"]
        progress(f"building the {' and '.join(names)} databases (in parallel)")
        with ThreadPoolExecutor(max_workers=2) as pool:
            builds = [pool.submit(build_sqlite if n == "sqlite" else build_postgresql, events)
                      for n in names]
            databases = [b.result() for b in builds]
        for database in databases:
            if database is None:
                continue
            runs.append(measure_run(database, 1, seconds))
            runs.append(measure_run(database, 2, seconds))
    finally:
        stop_all()
        shutil.rmtree(STATIC_DIR, ignore_errors=True)
        if not args.db or "postgresql" in args.db:
            drop_postgresql()
    results = {
        "machine": machine(),
        "mode": "quick" if args.quick else "full",
        "events": events,
        "seconds_per_measurement": seconds,
        "registration_attempts": BURST_ATTEMPTS,
        "duration_s": round(time.perf_counter() - STARTED, 1),
        "rate_limits": RATE_LIMITS,
        "imports": imports,
        "runs": [{"db": r.db, "workers": r.workers, "figures": r.figures, "notes": r.notes,
                  "measurements": r.measurements} for r in runs],
    }
    (BENCH / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(f"Machine: {results['machine']}")
    print(f"Rate limits: {RATE_LIMITS}.")
    print(table(runs))
    print(describe_imports(imports))
    print(f"\nWritten bench/results.json in {results['duration_s']:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
