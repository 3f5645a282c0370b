"""gunicorn settings for production: `gunicorn -c deploy/gunicorn.conf.py` (README, "Running in
production"). Every value can be changed from the environment or the project's `.env` file
(read here too, as the app reads it), so the systemd unit, `make deploy-check` and a shell all
start the same file.

| variable | default | meaning |
|---|---|---|
| `GUNICORN_BIND` | `127.0.0.1:8000` | address(es) to listen on, comma-separated |
| `GUNICORN_WORKERS` | 2 × CPUs + 1 | worker processes |
| `GUNICORN_THREADS` | 1 | threads per worker (more than 1 selects the gthread worker) |
| `GUNICORN_TIMEOUT` | 60 | seconds a worker may be silent before it is killed and replaced |
| `GUNICORN_GRACEFUL_TIMEOUT` | 30 | seconds running requests get to finish on restart or stop |
| `GUNICORN_MAX_REQUESTS` | 2000 | a worker is replaced after this many requests (0: never) |
| `GUNICORN_CONTROL_SOCKET` | none | gunicorn's control socket (`gunicornc`); off by default |
| `FORWARDED_ALLOW_IPS` | from `TRUSTED_PROXIES` | peers whose X-Forwarded-Proto gunicorn believes |
| `PROMETHEUS_MULTIPROC_DIR` | none | prometheus-client's directory for the workers' metrics |
"""

from __future__ import annotations

import os
from pathlib import Path

from dotenv import load_dotenv

ROOT = Path(__file__).resolve().parent.parent
load_dotenv(ROOT / ".env")  # the environment wins over the file, as in config.py


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise SystemExit(f"{name}={value!r} is geen geheel getal.") from None


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process may use (containers)
    except AttributeError:
        return os.cpu_count() or 1


wsgi_app = "wsgi:app"
chdir = str(ROOT)
proc_name = "stem-events"
bind = [b.strip() for b in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
        if b.strip()]

# Sync workers: every request holds one process; the database does the waiting.
workers = _int("GUNICORN_WORKERS", 2 * _cpus() + 1)
threads = _int("GUNICORN_THREADS", 1)

# Timeouts. nginx's proxy_read_timeout (deploy/nginx) is a little longer than `timeout`, so a
# slow request ends in gunicorn's log, not as an unexplained 504.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5

# Graceful restart: `kill -HUP <master>` (systemctl reload) starts new workers with the new code
# and lets the old ones finish their requests; each worker is also replaced after a number of
# requests (jittered, so they do not all restart at once) to bound slow memory growth.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max(max_requests // 10, 0)

# Limits on what a client may send before the app sees it (the app caps bodies at 8 MB).
limit_request_line = 8190
limit_request_fields = 100

# Logging: errors to stderr (journald under systemd). No access log: with LOG_JSON=true the app
# writes one JSON line per request itself, with its duration and status and no personal data.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")

# The heartbeat file on a memory file system, so a slow disk never makes a worker look dead.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# gunicorn 25+ opens a control socket in $HOME by default: two instances on one machine would
# share it. Off unless a path is given.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET") or None
control_socket_disable = control_socket is None

# Forwarded headers. The app reads X-Forwarded-For/-Proto/-Host itself, trusting exactly
# TRUSTED_PROXIES hops (CONTRACT.md). gunicorn believes X-Forwarded-Proto only from peers in
# forwarded_allow_ips: no peer when the app trusts no proxy, any peer when it does (the app
# port must then be reachable only from the proxy, README). FORWARDED_ALLOW_IPS overrides.
TRUSTED_PROXIES = _int("TRUSTED_PROXIES", 0)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or (
    "*" if TRUSTED_PROXIES > 0 else "")


def _multiproc_dir() -> Path | None:
    value = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip()
    return Path(value) if value else None


def on_starting(server) -> None:
    """Metrics of a previous run would be added to this run's: start from an empty directory."""
    directory = _multiproc_dir()
    if directory is None:
        return
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()


def child_exit(server, worker) -> None:
    """A worker that stopped leaves its files behind: mark it dead, so its gauges go."""
    if _multiproc_dir() is None:
        return
    try:
        from prometheus_client import multiprocess
    except ImportError:  # metrics not installed: nothing to clean up
        return
    multiprocess.mark_process_dead(worker.pid)
