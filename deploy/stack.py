"""What `make deploy-check` starts: a PostgreSQL database, two app hosts (gunicorn with
deploy/gunicorn.conf.py), nginx with deploy/nginx/ and a self-signed certificate, an SMTP sink.

Everything lives in one temporary folder and is stopped and dropped by `Stack.close()`, also
when a check fails or the run is interrupted.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import redis
import requests

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
VENV_BIN = Path(sys.executable).parent
PG_ADMIN = os.environ.get("DEPLOY_CHECK_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("DEPLOY_CHECK_REDIS", "redis://127.0.0.1:6379/11")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# Settings of the caller's shell that would change what the hosts do: never passed on.
APP_SETTINGS = ("STEM_EVENTS_", "FLASK_", "GUNICORN_", "DATABASE_URL", "MAIL_", "CACHE_URL",
                "BASE_URL", "SECRET_KEY", "TRUSTED_PROXIES", "IMPORT_", "UITDATABANK_",
                "RATELIMIT_", "PAGE_CACHE_", "MEDIA_URL", "METRICS_ALLOW", "PROMETHEUS_",
                "FORWARDED_ALLOW_IPS", "LOG_JSON")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(what: str, test, seconds: float = 60, process: subprocess.Popen | None = None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what}: the process stopped (exit {process.returncode})")
        try:
            if test():
                return
        except (OSError, requests.RequestException):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what}: not ready within {seconds:.0f} s")


def kill_group(process: subprocess.Popen, sig: int = signal.SIGTERM, wait: float = 15) -> None:
    """Stop a process started in its own session, with everything it started."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
        process.wait(timeout=wait)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=wait)


@dataclass
class Host:
    """One app host: gunicorn with its own instance folder, bound to a loopback port."""

    name: str
    port: int
    instance: Path
    env: dict[str, str]
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        log = open(self.instance.parent / f"gunicorn-{self.name}.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py")],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        log.close()
        workers = int(self.env["GUNICORN_WORKERS"])
        wait_for(f"host {self.name}", lambda: self._ready(workers), process=self.process)

    def _ready(self, workers: int) -> bool:
        answer = requests.get(self.url + "/readyz", timeout=5)
        return answer.status_code == 200 and len(self.worker_pids()) >= workers

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(p) for p in path.read_text().split()]
        except (FileNotFoundError, ValueError):
            return []

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once: a host that dies."""
        if self.process is not None:
            kill_group(self.process, signal.SIGKILL)

    def stop(self) -> None:
        if self.process is not None:
            kill_group(self.process, signal.SIGTERM, wait=40)

    def log_tail(self, lines: int = 30) -> str:
        path = self.instance.parent / f"gunicorn-{self.name}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


@dataclass
class Ports:
    http: int = field(default_factory=free_port)
    https: int = field(default_factory=free_port)
    pinned_a: int = field(default_factory=free_port)  # nginx → host A only
    pinned_b: int = field(default_factory=free_port)  # nginx → host B only
    smtp: int = field(default_factory=free_port)


class Stack:
    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="stem-deploy-check-"))
        self.tmp.chmod(0o755)  # nginx's workers (nobody) write request bodies below it
        self.ports = Ports()
        self.database = f"stem_deploy_check_{secrets.token_hex(4)}"
        self.secret_key = secrets.token_urlsafe(48)
        self.hosts: list[Host] = []
        self.nginx: subprocess.Popen | None = None
        self.processes: list[subprocess.Popen] = []
        self.redis = redis.Redis.from_url(REDIS_URL, socket_timeout=5)
        self.cert = self.tmp / "tls" / "fullchain.pem"

    @property
    def base_url(self) -> str:
        return f"https://localhost:{self.ports.https}"

    @property
    def database_url(self) -> str:
        return PG_ADMIN.rsplit("/", 1)[0] + "/" + self.database

    # ------------------------------------------------------------ environment

    def env(self, instance: Path, **extra: str) -> dict[str, str]:
        """The production settings of README "Running in production", for one host."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(APP_SETTINGS)}
        env.update(
            STEM_EVENTS_ENV="production", STEM_EVENTS_INSTANCE=str(instance),
            SECRET_KEY=self.secret_key, BASE_URL=self.base_url, DATABASE_URL=self.database_url,
            CACHE_URL=REDIS_URL, TRUSTED_PROXIES="1", LOG_JSON="true",
            MAIL_URL=f"smtp://127.0.0.1:{self.ports.smtp}?timeout=3",
            MAIL_SENDER="STEM-agenda deploy-check <no-reply@deploy-check.example>",
            PROMETHEUS_MULTIPROC_DIR=str(instance / "prometheus"), FLASK_APP="wsgi.py",
            PYTHONUNBUFFERED="1")
        env.update(extra)
        return env

    def flask(self, *args: str, stdin: str | None = None, instance: str = "cli",
              check: bool = True, timeout: float = 300,
              **extra: str) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [str(VENV_BIN / "flask"), *args], cwd=ROOT, input=stdin, capture_output=True,
            text=True, timeout=timeout, check=False,
            env=self.env(self.tmp / f"instance-{instance}", **extra))
        if check and done.returncode:
            raise RuntimeError(f"flask {' '.join(args)}: {(done.stderr or done.stdout)[-1500:]}")
        return done

    # ------------------------------------------------------------ database and cache

    def create_database(self) -> None:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f"CREATE DATABASE {self.database}")

    def drop_database(self) -> None:
        try:
            with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
        except psycopg.OperationalError as error:
            print(f"could not drop {self.database}: {error}", file=sys.stderr)

    def sql(self, statement: str, params: dict | None = None) -> list[tuple]:
        with psycopg.connect(self.database_url, autocommit=True, connect_timeout=5) as conn:
            cursor = conn.execute(statement, params or {})
            return cursor.fetchall() if cursor.description else []

    def has_column(self, table: str, column: str) -> bool:
        return bool(self.sql(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %(t)s "
            "AND column_name = %(c)s", {"t": table, "c": column}))

    # ------------------------------------------------------------ app hosts

    def start_hosts(self, workers: int = 2) -> None:
        for name in ("a", "b"):
            instance = self.tmp / f"instance-{name}"
            instance.mkdir()
            port = free_port()
            host = Host(name, port, instance, self.env(
                instance, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS=str(workers)))
            self.hosts.append(host)
            host.start()

    # ------------------------------------------------------------ TLS and nginx

    def make_certificate(self) -> None:
        (self.tmp / "tls").mkdir(mode=0o700)
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
             "-keyout", str(self.tmp / "tls" / "privkey.pem"), "-out", str(self.cert)],
            check=True, capture_output=True)

    def site_config(self) -> str:
        """deploy/nginx/stem-events.conf with this machine's addresses, ports and paths.
        Every replacement must apply: when the site file changes shape, the check says so."""
        text = (DEPLOY / "nginx" / "stem-events.conf").read_text()
        a, b = self.hosts
        replacements = [
            (r"server 10\.0\.0\.11:8000", f"server 127.0.0.1:{a.port}"),
            (r"server 10\.0\.0\.12:8000", f"server 127.0.0.1:{b.port}"),
            (r"\n\s*listen \[::\]:\d+[^;]*;", ""),
            (r"listen 80\b", f"listen 127.0.0.1:{self.ports.http}"),
            (r"listen 443\b", f"listen 127.0.0.1:{self.ports.https}"),
            (r"server_name stem\.example;", "server_name localhost;"),
            (r"/etc/letsencrypt/live/stem\.example/", f"{self.tmp}/tls/"),
            (r"/etc/nginx/snippets/", f"{DEPLOY}/nginx/snippets/"),
            (r"/var/www/letsencrypt", f"{self.tmp}/acme"),
            (r"/srv/stem-events/app/", f"{ROOT}/"),
        ]
        for pattern, replacement in replacements:
            text, count = re.subn(pattern, replacement, text)
            if not count:
                raise RuntimeError(f"deploy/nginx/stem-events.conf: '{pattern}' not found; "
                                   "update deploy/stack.py together with the site")
        return text

    def nginx_config(self) -> Path:
        """A main nginx.conf around the site, plus two check-only servers that each reach one
        host (to sign in on one host and use the session on the other)."""
        (self.tmp / "nginx").mkdir()
        site = self.tmp / "nginx" / "stem-events.conf"
        site.write_text(self.site_config())
        pinned = "\n".join(self._pinned_server(port, host) for port, host in
                           ((self.ports.pinned_a, self.hosts[0]),
                            (self.ports.pinned_b, self.hosts[1])))
        temp = "\n".join(f"  {kind}_temp_path {self.tmp}/nginx/{kind};"
                         for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        conf = self.tmp / "nginx" / "nginx.conf"
        conf.write_text(f"""worker_processes 2;
pid {self.tmp}/nginx/nginx.pid;
error_log {self.tmp}/nginx/error.log warn;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  sendfile on;
  access_log {self.tmp}/nginx/access.log;
{temp}
  include {site};
{pinned}
}}
""")
        return conf

    def _pinned_server(self, port: int, host: Host) -> str:
        return f"""  server {{
    listen 127.0.0.1:{port} ssl http2;
    server_name localhost;
    ssl_certificate {self.cert};
    ssl_certificate_key {self.tmp}/tls/privkey.pem;
    client_max_body_size 9m;
    location / {{
      include {DEPLOY}/nginx/snippets/stem-events-proxy.conf;
      proxy_pass {host.url};
    }}
  }}"""

    def nginx_test(self, conf: Path) -> subprocess.CompletedProcess:
        return subprocess.run([NGINX, "-t", "-c", str(conf), "-e", str(conf.parent / "t.log")],
                              capture_output=True, text=True, check=False)

    def start_nginx(self, conf: Path) -> None:
        self.nginx = subprocess.Popen(
            [NGINX, "-c", str(conf), "-e", str(conf.parent / "error.log"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
        wait_for("nginx", lambda: requests.get(self.base_url + "/healthz", verify=str(self.cert),
                                               timeout=5).status_code == 200, process=self.nginx)

    # ------------------------------------------------------------ other processes

    def spawn(self, args: list[str], env: dict[str, str], log: str) -> subprocess.Popen:
        with open(self.tmp / log, "ab") as out:
            process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        return process

    def close(self, keep: bool = False) -> None:
        for process in self.processes:
            kill_group(process)
        if self.nginx is not None:
            kill_group(self.nginx, signal.SIGQUIT)
        for host in self.hosts:
            host.stop()
        self.drop_database()
        try:
            self.redis.flushdb()
        except redis.RedisError:
            pass
        if keep:
            print(f"kept: {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)


class SmtpSink:
    """An SMTP server that keeps every message it is given (aiosmtpd), started on demand:
    before `start()` the port refuses connections — an SMTP outage."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.messages: list[tuple[str, str, bytes]] = []  # (recipient, Message-ID, raw)
        self.lock = threading.Lock()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        raw = envelope.original_content or envelope.content
        found = re.search(rb"^Message-ID:\s*(\S+)", raw, re.MULTILINE | re.IGNORECASE)
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.messages.append((recipient.lower(), (found.group(1) if found else b"")
                                      .decode(errors="replace"), raw))
        return "250 OK"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def received_by(self) -> dict[str, int]:
        with self.lock:
            counts: dict[str, int] = {}
            for recipient, _id, _raw in self.messages:
                counts[recipient] = counts.get(recipient, 0) + 1
            return counts
