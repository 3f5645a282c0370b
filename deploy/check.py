"""`make deploy-check`: the production recipe of deploy/, started and checked for real.

A fresh PostgreSQL database (127.0.0.1:5432, user postgres), Redis at 127.0.0.1:6379 (database
11, emptied before and after), two app hosts (gunicorn with deploy/gunicorn.conf.py, each with
its own instance folder, production settings, TRUSTED_PROXIES=1) behind nginx with
deploy/nginx/ and a self-signed certificate made now. Clients talk HTTPS to nginx from
several loopback addresses (127.0.0.N), so nginx sees different clients, as in production.

Prints one line per check and a table; exits 1 when a check failed. "pending" marks a check
whose feature is not on main yet (detected by capability); it fails once the feature is there.
Everything started is stopped and the database dropped at the end, also after a failure.
Options: --keep keeps the temporary folder (logs, nginx and gunicorn output).
"""

from __future__ import annotations

import argparse
import http.client
import re
import secrets
import signal
import ssl
import subprocess
import sys
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.burst import form_fields  # noqa: E402  (the registration form, filled as a person)
from deploy.stack import DEPLOY, NGINX, ROOT, SmtpSink, Stack, wait_for  # noqa: E402
from deploy.web import Browser, CheckError  # noqa: E402

PASSWORD = "Deploy-check-" + secrets.token_urlsafe(12)
ORGANISER = "deploy-check-organiser@example.org"
CAPACITY = 20  # seats of the burst event


@dataclass
class Result:
    name: str
    status: str  # ok | FAIL | pending | skipped
    detail: str

    @property
    def fatal(self) -> bool:
        return self.status == "FAIL"


class Pending(Exception):
    """The check ran, and what it needs is not on main yet."""


class Skipped(Exception):
    """The check cannot run on this machine (a tool is missing)."""


@dataclass
class Context:
    stack: Stack
    edit_event: int = 0
    organisation: int = 0
    rate_event: int = 0
    burst_event: int = 0
    smtp: SmtpSink | None = None

    @property
    def base(self) -> str:
        return self.stack.base_url

    @property
    def host_a(self) -> str:  # through nginx, always to host A
        return f"https://localhost:{self.stack.ports.pinned_a}"

    @property
    def host_b(self) -> str:
        return f"https://localhost:{self.stack.ports.pinned_b}"

    def browser(self, address: str) -> Browser:
        return Browser(address, str(self.stack.cert))


def progress(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:6.1f}s] {message}", flush=True)


STARTED = time.perf_counter()


# ====================================================================== set-up


def prepare(ctx: Context) -> None:
    stack = ctx.stack
    stack.create_database()
    stack.redis.flushdb()
    stack.flask("db", "upgrade")
    progress(f"database {stack.database}: migrated")
    # Demo content to work on; the CLI runs as development (demo data refuses production).
    stack.flask("demo-data", "--events", "80", "--seed", "14", STEM_EVENTS_ENV="development")
    ctx.edit_event, ctx.organisation = _future_event(stack, exclude=())
    ctx.rate_event = _registration_event(stack, capacity=500, exclude=(ctx.edit_event,))
    ctx.burst_event = _registration_event(stack, capacity=CAPACITY,
                                          exclude=(ctx.edit_event, ctx.rate_event))
    stack.flask("users", "create", "--email", ORGANISER, "--role", "organiser",
                "--organisation", str(ctx.organisation), stdin=f"{PASSWORD}\n{PASSWORD}\n")
    progress(f"demo data: edit event {ctx.edit_event}, registration events {ctx.rate_event} "
             f"and {ctx.burst_event} ({CAPACITY} seats)")


FUTURE_EVENTS = (
    "SELECT e.id, e.organisation_id FROM events e JOIN event_sessions s ON s.event_id = e.id "
    "WHERE e.status = 'published' AND s.starts_at > now() + interval '7 days' "
    "AND s.starts_at < now() + interval '300 days' AND NOT (e.id = ANY(%(exclude)s)) "
    "AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = e.id) "
    "GROUP BY e.id HAVING count(*) = 1 ORDER BY e.id LIMIT 1")


def _future_event(stack: Stack, exclude: tuple[int, ...]) -> tuple[int, int]:
    rows = stack.sql(FUTURE_EVENTS, {"exclude": list(exclude)})
    if not rows:
        raise RuntimeError("the demo data has no published one-off event still to come")
    return rows[0]


def _registration_event(stack: Stack, capacity: int, exclude: tuple[int, ...]) -> int:
    """A published one-off event made into open registration (no age limit, a waiting list),
    as the benchmark does."""
    event_id, _organisation = _future_event(stack, exclude)
    stack.sql("UPDATE events SET capacity = %(c)s, registration_mode = 'series', "
              "waitlist_enabled = true, registration_opens_at = NULL, "
              "registration_closes_at = NULL, age_min = NULL, age_max = NULL, booking_url = '' "
              "WHERE id = %(id)s", {"c": capacity, "id": event_id})
    return event_id


def start(ctx: Context) -> None:
    stack = ctx.stack
    stack.make_certificate()
    stack.start_hosts(workers=2)
    progress("two app hosts answer: " + ", ".join(h.url for h in stack.hosts))
    conf = stack.nginx_config()
    tested = stack.nginx_test(conf)
    if tested.returncode:
        raise RuntimeError(f"nginx -t: {tested.stderr.strip()}")
    stack.start_nginx(conf)
    progress(f"nginx answers on {stack.base_url}")


# ====================================================================== static checks


def check_gunicorn_config(ctx: Context) -> str:
    env = ctx.stack.env(ctx.stack.tmp / "instance-cli", GUNICORN_BIND="127.0.0.1:1")
    done = subprocess.run([str(Path(sys.executable).parent / "gunicorn"), "-c",
                           str(DEPLOY / "gunicorn.conf.py"), "--print-config"], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise CheckError(done.stderr.strip()[-500:])
    settings = dict(re.findall(r"^(\w+)\s+= (.*)$", done.stdout, re.MULTILINE))
    want = {"accesslog": "None", "control_socket_disable": "True",
            "forwarded_allow_ips": "['*']", "wsgi_app": "wsgi:app"}
    wrong = {k: settings.get(k) for k, v in want.items() if settings.get(k) != v}
    if wrong:
        raise CheckError(f"unexpected settings: {wrong}")
    return (f"workers {settings['workers']}, timeout {settings['timeout']} s, graceful "
            f"{settings['graceful_timeout']} s, max_requests {settings['max_requests']} "
            f"± {settings['max_requests_jitter']}")


def check_systemd_units(ctx: Context) -> str:
    """systemd-analyze verify, with the paths of this checkout instead of /srv/stem-events."""
    tool = subprocess.run(["which", "systemd-analyze"], capture_output=True, check=False)
    if tool.returncode:
        raise Skipped("systemd-analyze is not installed")
    folder = ctx.stack.tmp / "systemd"
    folder.mkdir()
    units = sorted((DEPLOY / "systemd").glob("*.service"))
    for unit in units:
        text = unit.read_text().replace("/srv/stem-events/app", str(ROOT))
        (folder / unit.name).write_text(text)
    done = subprocess.run(["systemd-analyze", "verify", *map(str, folder.iterdir())],
                          capture_output=True, text=True, check=False)
    output = (done.stdout + done.stderr).strip()
    if done.returncode or output:
        raise CheckError(output[-800:] or f"exit {done.returncode}")
    return "systemd-analyze verify: " + ", ".join(u.name for u in units)


# the README's "Scheduled commands": command → cron schedule
SCHEDULE = {
    "send-mails": "* * * * *",
    "send-reminders": "*/15 * * * *",
    "imports run": "*/15 * * * *",
    "uitdatabank sync": "*/5 * * * *",
    "uitdatabank import": "daily",
    "purge-personal-data": "daily",
}


def cron_lines() -> dict[str, str]:
    """flask command → its five schedule fields, from deploy/cron/stem-events."""
    found = {}
    for line in (DEPLOY / "cron" / "stem-events").read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#") or "=" in line.split()[0]:
            continue
        fields = line.split(None, 6)
        command = re.search(r"flask ([a-z][a-z -]*?)(?: 2>| \||$)", fields[6])
        if command:
            found[command.group(1).strip()] = " ".join(fields[:5])
    return found


def check_cron(ctx: Context) -> str:
    """Every scheduled command is in the cron file at its time and runs (production settings)."""
    lines = cron_lines()
    for command, schedule in SCHEDULE.items():
        got = lines.get(command)
        daily = got and re.fullmatch(r"\d+ \d+ \* \* \*", got)
        if got is None or (got != schedule and not (schedule == "daily" and daily)):
            raise CheckError(f"flask {command}: cron has {got!r}, README says {schedule}")
    ran, pending = [], []
    for command in lines:
        if ctx.stack.flask(*command.split()[:1], "--help", check=False).returncode:
            pending.append(command)
            continue
        ctx.stack.flask(*command.split(), timeout=120)
        ran.append(command)
    detail = f"{len(lines)} lines; ran: {', '.join(ran)}"
    if pending:
        raise Pending(f"{detail}; not yet a command: flask {', flask '.join(pending)}")
    return detail


# ====================================================================== through nginx


def check_proxy(ctx: Context) -> str:
    """TLS with HTTP/2, HTTP → HTTPS, static files from nginx, /metrics closed, body cap."""
    curl = subprocess.run(
        ["curl", "-s", "--http2", "--cacert", str(ctx.stack.cert), "-o", "/dev/null",
         "-w", "%{http_version}", ctx.base + "/healthz"], capture_output=True, text=True,
        check=False)
    if curl.stdout.strip() != "2":
        raise CheckError(f"HTTP version over TLS: {curl.stdout.strip() or curl.stderr}")
    client = ctx.browser("127.0.0.1")
    plain = client.get(f"http://localhost:{ctx.stack.ports.http}/agenda?x=1")
    if plain.status_code != 301 or not plain.headers.get("Location", "").startswith(
            "https://localhost") or not plain.headers["Location"].endswith("/agenda?x=1"):
        raise CheckError(f"http:// → {plain.status_code} {plain.headers.get('Location')}")
    static = client.get(ctx.base + "/static/css/app.css")
    if static.status_code != 200 or "max-age=86400" not in static.headers.get(
            "Cache-Control", "") or "Content-Security-Policy" in static.headers:
        raise CheckError(f"/static/: {static.status_code} {dict(static.headers)}")
    versioned = client.get(ctx.base + "/static/css/app.css?v=1").headers.get("Cache-Control")
    if "immutable" not in (versioned or ""):
        raise CheckError(f"/static/…?v=: Cache-Control {versioned}")
    return _proxy_rest(ctx, client)


def _proxy_rest(ctx: Context, client: Browser) -> str:
    metrics = [client.get(ctx.base + path).status_code for path in ("/metrics", "/%6Detrics")]
    if metrics != [403, 403]:
        raise CheckError(f"/metrics through nginx: {metrics}")
    big = _announced_body(ctx, 10 * 1024 * 1024)
    if big != 413:
        raise CheckError(f"a 10 MB body: {big}")
    page = client.get(ctx.base + "/agenda")
    hsts = page.headers.get("Strict-Transport-Security", "")
    if page.status_code != 200 or not hsts:
        raise CheckError(f"/agenda: {page.status_code}, HSTS {hsts!r} (the app must see https)")
    try:
        stranger = client.get(ctx.base + "/agenda", headers={"Host": "evil.example"})
        raise CheckError(f"Host evil.example: {stranger.status_code}, expected no answer")
    except requests.ConnectionError:
        pass
    return ("HTTP/2 over TLS; http:// → 301 https://; /static/ from nginx (a day, a year when "
            "versioned); /metrics 403; 10 MB body 413; HSTS; unknown Host refused")


def _announced_body(ctx: Context, size: int) -> int:
    """The status nginx gives a POST that announces `size` bytes, before any is sent."""
    context = ssl.create_default_context(cafile=str(ctx.stack.cert))
    connection = http.client.HTTPSConnection("localhost", ctx.stack.ports.https,
                                             context=context, timeout=30)
    try:
        connection.putrequest("POST", "/login")
        connection.putheader("Content-Length", str(size))
        connection.putheader("Content-Type", "application/x-www-form-urlencoded")
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


# ---------------------------------------------------------------------- (a) rate limits


def register(ctx: Context, address: str, event_id: int, number: int,
             base: str | None = None) -> tuple[int | None, str]:
    """One person registering from `address`: GET the form, POST it. (status, e-mail)."""
    client = ctx.browser(address)
    url = f"{base or ctx.base}/events/{event_id}/register"
    try:
        page = client.get(url)
        fields = form_fields(page.text, number)
        email = f"deploy-{number}-{secrets.token_hex(4)}@example.org"
        fields = [(n, email if "email" in n.lower() and "parent" not in n.lower() else v)
                  for n, v in fields]
        answer = client.post(url, fields)
        return answer.status_code, email
    except requests.RequestException:
        return None, ""
    finally:
        client.close()


def check_rate_limits(ctx: Context) -> str:
    """29 parents register at once from 29 addresses: none is refused. One client posting again
    and again is limited, another is not, and a forged X-Forwarded-For does not help."""
    addresses = [f"127.0.0.{n}" for n in range(2, 31)]
    with ThreadPoolExecutor(len(addresses)) as pool:
        answers = list(pool.map(lambda a: register(ctx, a, ctx.rate_event, int(a.split(".")[3])),
                                addresses))
    statuses = [status for status, _email in answers]
    if statuses.count(302) != len(addresses):
        raise CheckError(f"{len(addresses)} parents from {len(addresses)} addresses: "
                         f"{_counts(statuses)} (expected all 302)")
    url = f"{ctx.base}/events/{ctx.rate_event}/register"
    limited_after = _posts_until_limited(ctx, "127.0.0.2", url)
    if limited_after is None:
        raise CheckError("127.0.0.2 posted 80 times without a 429")
    other = _post_empty(ctx.browser("127.0.0.3"), url)
    if other.status_code == 429:
        raise CheckError("127.0.0.3 got 429 because 127.0.0.2 was limited")
    forged = _posts_until_limited(ctx, "127.0.0.4", url, forge=True)
    if forged is None:
        raise CheckError("a new X-Forwarded-For on every post escaped the limit")
    return (f"{len(addresses)} parents at once: all 302; one client limited after "
            f"{limited_after} more posts, the next client not; forged X-Forwarded-For "
            f"limited after {forged}")


def _post_empty(client: Browser, url: str, headers: dict | None = None) -> requests.Response:
    """A registration post with only its CSRF token: refused (400), counted by the limiter."""
    form = client.form(url, "csrf_token")
    return client.post(url, [("csrf_token", form.value("csrf_token"))], headers=headers or {})


def _posts_until_limited(ctx: Context, address: str, url: str, forge: bool = False):
    client = ctx.browser(address)
    for number in range(1, 81):
        headers = {"X-Forwarded-For": f"10.{number}.{number}.1"} if forge else {}
        if _post_empty(client, url, headers).status_code == 429:
            return number
    return None


def _counts(values) -> str:
    seen: dict = {}
    for value in values:
        seen[value] = seen.get(value, 0) + 1
    return ", ".join(f"{k}×{v}" for k, v in sorted(seen.items(), key=str))


# ---------------------------------------------------------------------- (b) and (c)


def login(ctx: Context, client: Browser, base: str) -> None:
    form = client.form(f"{base}/login", "password")
    form.set("email", ORGANISER)
    form.set("password", PASSWORD)
    answer = client.post(form.action, form.fields)
    if answer.status_code != 302 or "/login" in answer.headers.get("Location", ""):
        raise CheckError(f"login on {base}: {answer.status_code}")


def check_login_both_hosts(ctx: Context) -> str:
    client = ctx.browser("127.0.0.40")
    login(ctx, client, ctx.host_a)
    statuses = {name: client.get(f"{base}/manage/").status_code
                for name, base in (("A", ctx.host_a), ("B", ctx.host_b), ("nginx", ctx.base))}
    if set(statuses.values()) != {200}:
        raise CheckError(f"/manage/ after signing in on host A: {statuses}")
    return "signed in on host A; /manage/ answers 200 on host B and through the balancer"


def _unfold(feed: str) -> str:
    return feed.replace("\r\n ", "").replace("\r\n\t", "")


def check_edit_visible(ctx: Context) -> str:
    """An organiser edits on host A; host B shows it at once on pages and feeds, although B
    had the old versions cached."""
    event = ctx.edit_event
    anon = ctx.browser("127.0.0.41")
    title = f"Deploycheck {secrets.token_hex(4)} bewerkte activiteit"
    word = title.split()[1]
    paths = [f"/events/{event}", "/agenda.ics", f"/events/{event}.ics", f"/agenda?q={word}",
             "/api/v1/events?per_page=100", f"/api/v1/events/{event}"]
    for path in paths:  # warm host B's caches
        anon.get(ctx.host_b + path, allow_redirects=True)
    organiser = ctx.browser("127.0.0.42")
    login(ctx, organiser, ctx.host_a)
    form = organiser.form(f"{ctx.host_a}/manage/events/{event}/edit", "title")
    form.set("title", title)
    saved = organiser.post(form.action, form.fields)
    if saved.status_code != 302:
        raise CheckError(f"saving the edit on host A: {saved.status_code} {_problem(saved)}")
    stale = [path for path in paths
             if title not in _unfold(anon.get(ctx.host_b + path, allow_redirects=True).text)]
    if stale:
        raise CheckError(f"host B still shows the old title on {stale}")
    return f"edit on A, at once on B: {', '.join(p.split('?')[0] for p in paths)}"


def _problem(answer: requests.Response) -> str:
    found = re.findall(r'class="(?:field-error|flash[^"]*)"[^>]*>([^<]{0,200})', answer.text)
    return "; ".join(f.strip() for f in found)[:300]


# ---------------------------------------------------------------------- (e) images


def _png() -> bytes:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def images_shared_capability() -> bool:
    """Images in the database or S3 (issue 14, item 17) come with the MEDIA_URL setting."""
    sources = [ROOT / "config.py", *(ROOT / "stem_events").rglob("*.py")]
    return any("MEDIA_URL" in path.read_text(errors="ignore") for path in sources)


def check_image_shared(ctx: Context) -> str:
    organiser = ctx.browser("127.0.0.43")
    login(ctx, organiser, ctx.host_a)
    form = organiser.form(f"{ctx.host_a}/manage/events/{ctx.edit_event}/edit", "title")
    saved = organiser.post(form.action, form.fields,
                           files={"image": ("deploy-check.png", _png(), "image/png")})
    if saved.status_code != 302:
        raise CheckError(f"upload on host A: {saved.status_code} {_problem(saved)}")
    page = organiser.get(f"{ctx.host_a}/events/{ctx.edit_event}", allow_redirects=True).text
    uploaded = [src for src in re.findall(r'<img[^>]*\ssrc="([^"]+)"', page)
                if "/static/" not in src and not src.startswith("data:")]
    if not uploaded:
        raise CheckError("the event page on host A shows no uploaded image")
    path = re.sub(r"^https?://[^/]+", "", uploaded[0])
    statuses = {name: organiser.get(base + path).status_code
                for name, base in (("A", ctx.host_a), ("B", ctx.host_b))}
    detail = f"{path}: host A {statuses['A']}, host B {statuses['B']}"
    if statuses == {"A": 200, "B": 200}:
        return detail
    if not images_shared_capability():
        raise Pending(f"feature not yet on main (images on one host's disk): {detail}")
    raise CheckError(detail)


# ---------------------------------------------------------------------- (f) mail


def worker_capability(ctx: Context) -> bool:
    return ctx.stack.flask("worker", "--help", check=False).returncode == 0


def check_mail_exactly_once(ctx: Context) -> str:
    """Registrations during an SMTP outage queue their mails; once SMTP is back, two senders
    (`flask worker` on each host; before it exists, two `flask send-mails` at once) deliver
    each exactly once."""
    stack = ctx.stack
    queued = [register(ctx, f"127.0.0.{50 + n}", ctx.rate_event, 500 + n) for n in range(8)]
    emails = [email for status, email in queued if status == 302]
    if len(emails) != len(queued):
        raise CheckError(f"registrations during the outage: {[s for s, _e in queued]}")
    ctx.smtp = SmtpSink(stack.ports.smtp)
    ctx.smtp.start()
    _make_due(stack)
    has_worker = worker_capability(ctx)
    senders = _start_workers(ctx) if has_worker else None
    try:
        wait_for("delivery", lambda: _delivered(ctx, emails, has_worker), seconds=90)
        time.sleep(3)  # a second delivery would arrive now
    except RuntimeError:
        pass
    finally:
        for process in senders or []:
            process.send_signal(signal.SIGTERM)
    return _mail_verdict(ctx, emails, has_worker)


def _make_due(stack: Stack) -> None:
    """The outage made each mail wait a backoff minute: make them due now (time passing)."""
    if stack.has_column("outbox_messages", "next_attempt_at"):
        stack.sql("UPDATE outbox_messages SET next_attempt_at = now() "
                  "WHERE status IN ('pending', 'sending')")


def _start_workers(ctx: Context) -> list[subprocess.Popen]:
    return [ctx.stack.spawn([str(Path(sys.executable).parent / "flask"), "worker"], host.env,
                            f"worker-{host.name}.log") for host in ctx.stack.hosts]


def _delivered(ctx: Context, emails: list[str], has_worker: bool) -> bool:
    if not has_worker:  # two cron runs at the same moment
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda name: ctx.stack.flask("send-mails", instance=name, check=False),
                          ("a", "b")))
    received = ctx.smtp.received_by()
    return all(received.get(email) for email in emails)


def _mail_verdict(ctx: Context, emails: list[str], has_worker: bool) -> str:
    received = ctx.smtp.received_by()
    counts = [received.get(email, 0) for email in emails]
    ids = [mid for _r, mid, _raw in ctx.smtp.messages if mid]
    twice = len(ids) - len(set(ids))
    detail = (f"{len(emails)} mails queued in the outage: delivered {_counts(counts)} "
              f"(times per mail); {len(ctx.smtp.messages)} mails in all, {twice} twice")
    if counts != [1] * len(emails) or twice:
        raise CheckError(detail)
    if not has_worker:
        raise Pending("feature not yet on main (`flask worker` missing); two concurrent "
                      f"`flask send-mails` instead: {detail}")
    return detail + " (two `flask worker`)"


# ---------------------------------------------------------------------- graceful reload


def check_graceful_reload(ctx: Context) -> str:
    """HUP to host B's master while requests flow: every request answered, workers renewed."""
    host = ctx.stack.hosts[1]
    before = set(host.worker_pids())
    statuses: list[int | None] = []
    stop = threading.Event()

    def load() -> None:
        client = ctx.browser("127.0.0.60")
        while not stop.is_set():
            try:
                statuses.append(client.get(f"{ctx.host_b}/events/{ctx.edit_event}",
                                           allow_redirects=True).status_code)
            except requests.RequestException:
                statuses.append(None)

    threads = [threading.Thread(target=load) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(1)
    host.process.send_signal(signal.SIGHUP)
    wait_for("new workers", lambda: len(set(host.worker_pids()) - before) >= 2, seconds=60)
    time.sleep(1)
    stop.set()
    for thread in threads:
        thread.join()
    if set(statuses) != {200}:
        raise CheckError(f"during the reload: {_counts(statuses)}")
    return f"{len(statuses)} requests during the reload, all 200; workers replaced"


# ---------------------------------------------------------------------- observability


def check_observability(ctx: Context) -> str:
    """Each host's /metrics (read on the host itself, loopback) sums its workers through
    PROMETHEUS_MULTIPROC_DIR; the log has the app's JSON request lines and no access log."""
    details = []
    for host in ctx.stack.hosts:
        metrics = requests.get(host.url + "/metrics", timeout=30)
        if metrics.status_code != 200 or "stem_request_duration_seconds" not in metrics.text:
            raise CheckError(f"host {host.name} /metrics: {metrics.status_code}")
        files = list((host.instance / "prometheus").glob("*.db"))
        if not files:
            raise CheckError(f"host {host.name}: no files in PROMETHEUS_MULTIPROC_DIR")
        log = host.log_tail(2000)
        json_lines = log.count('"message": "request"')
        access = re.findall(r'^\S+ - - \[', log, re.MULTILINE)
        if not json_lines or access:
            raise CheckError(f"host {host.name} log: {json_lines} JSON request lines, "
                             f"{len(access)} access-log lines")
        details.append(f"{host.name}: {len(files)} metric files, {json_lines} JSON lines")
    return "/metrics 200 on each host; " + "; ".join(details) + "; no access log"


# ---------------------------------------------------------------------- (d) a host dies


def check_host_killed(ctx: Context) -> str:
    """120 registrations for 20 seats through nginx from 120 addresses; host A is killed
    (SIGKILL, master and workers) when a third have been answered."""
    attempts = 120
    answered: list[tuple[int | None, str]] = []
    killed = threading.Event()

    def one(number: int) -> tuple[int | None, str]:
        result = register(ctx, f"127.0.1.{number + 1}", ctx.burst_event, 1000 + number)
        answered.append(result)
        if len(answered) >= attempts // 3 and not killed.is_set():
            killed.set()
            ctx.stack.hosts[0].kill()
        return result

    with ThreadPoolExecutor(24) as pool:
        results = list(pool.map(one, range(attempts)))
    detail = _burst_verdict(ctx, results)
    ctx.stack.hosts[1].stop()  # now no app host answers the site
    dead = ctx.browser("127.0.0.61").get(f"{ctx.base}/agenda")
    if dead.status_code != 502 or "niet bereikbaar" not in dead.text:
        raise CheckError(f"{detail}; no host: {dead.status_code} without the Dutch page")
    return detail + "; no host left: 502 with the Dutch page"


def _burst_verdict(ctx: Context, results: list[tuple[int | None, str]]) -> str:
    rows = ctx.stack.sql("SELECT contact_email, status, id FROM registrations "
                         "WHERE event_id = %(id)s", {"id": ctx.burst_event})
    by_email: dict[str, list] = {}
    for email, status, row_id in rows:
        by_email.setdefault(email, []).append((status, row_id))
    problems = []
    for status, email in results:
        stored = len(by_email.get(email, []))
        if status is None:
            problems.append(f"no answer for {email or 'an attempt'}")
        elif status == 302 and stored != 1:
            problems.append(f"302 for {email} but {stored} rows")
        elif status is not None and 500 <= status and status not in (502, 503, 504):
            problems.append(f"{status} for {email}")
        elif status not in (302, 502, 503, 504) and stored:
            problems.append(f"{status} for {email} but {stored} rows")
    problems += [f"{e}: {len(v)} rows" for e, v in by_email.items() if len(v) > 1]
    problems += _incomplete(ctx, [row_id for v in by_email.values() for _s, row_id in v])
    confirmed = sum(1 for v in by_email.values() for s, _id in v if s == "confirmed")
    if len(rows) <= CAPACITY:
        problems.append(f"only {len(rows)} stored: the burst did not fill the {CAPACITY} seats")
    if confirmed != min(CAPACITY, len(rows)):
        problems.append(f"{confirmed} confirmed for {CAPACITY} seats and {len(rows)} rows")
    detail = (f"{len(results)} attempts, answers {_counts(s for s, _e in results)}; "
              f"{len(rows)} stored, {confirmed} confirmed of {CAPACITY}")
    if problems:
        raise CheckError(detail + "; " + "; ".join(problems[:5]))
    return detail


def _incomplete(ctx: Context, ids: list[int]) -> list[str]:
    """A stored registration is complete when its mail was queued in the same transaction."""
    if not ids or not ctx.stack.has_column("outbox_messages", "registration_id"):
        return []
    with_mail = {row[0] for row in ctx.stack.sql(
        "SELECT DISTINCT registration_id FROM outbox_messages "
        "WHERE registration_id = ANY(%(ids)s)", {"ids": ids})}
    missing = sorted(set(ids) - with_mail)
    return [f"registrations without their mail: {missing[:5]}"] if missing else []


# ====================================================================== the run


CHECKS = [
    ("gunicorn configuration", check_gunicorn_config),
    ("systemd units", check_systemd_units),
    ("TLS proxy (nginx)", check_proxy),
    ("(a) rate limits per real client", check_rate_limits),
    ("(b) login valid on both hosts", check_login_both_hosts),
    ("(c) edit on A visible on B at once", check_edit_visible),
    ("(e) image from A served by B", check_image_shared),
    ("(f) SMTP outage: mails exactly once", check_mail_exactly_once),
    ("scheduled commands (cron)", check_cron),
    ("graceful reload (HUP)", check_graceful_reload),
    ("metrics and JSON request log", check_observability),
    ("(d) host killed during a burst", check_host_killed),
]


def run_check(ctx: Context, name: str, check) -> Result:
    progress(f"{name} …")
    try:
        result = Result(name, "ok", check(ctx))
    except Pending as note:
        result = Result(name, "pending", str(note))
    except Skipped as note:
        result = Result(name, "skipped", str(note))
    except Exception as error:  # any surprise is this check's failure; the others still run
        if not isinstance(error, CheckError):
            traceback.print_exc()
        result = Result(name, "FAIL", f"{type(error).__name__}: {error}")
    progress(f"{name}: {result.status} — {result.detail}")
    return result


def table(results: list[Result]) -> str:
    width = max(len(r.name) for r in results)
    lines = [f"| {'check':<{width}} | result  | detail", f"|{'-' * (width + 2)}|---------|-------"]
    lines += [f"| {r.name:<{width}} | {r.status:<7} | {r.detail}" for r in results]
    return "\n".join(lines)


def _interrupted(*_args) -> None:
    raise KeyboardInterrupt("SIGTERM")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    if not Path(NGINX).exists():
        print("nginx ontbreekt: `make deploy-check` installeert het (als root).")
        return 1
    signal.signal(signal.SIGTERM, _interrupted)
    stack = Stack()
    ctx = Context(stack)
    results: list[Result] = []
    try:
        prepare(ctx)
        start(ctx)
        results = [run_check(ctx, name, check) for name, check in CHECKS]
    except (RuntimeError, subprocess.SubprocessError, OSError, KeyboardInterrupt) as error:
        traceback.print_exc()
        stage = "interrupted" if isinstance(error, KeyboardInterrupt) else "set-up"
        results.append(Result(stage, "FAIL", f"{type(error).__name__}: {error}"))
        for host in stack.hosts:
            print(f"--- gunicorn host {host.name} (last lines)\n{host.log_tail()}")
    finally:
        if ctx.smtp is not None:
            ctx.smtp.stop()
        stack.close(keep=args.keep)
    print("\n" + table(results))
    failed = [r.name for r in results if r.fatal]
    print(f"\n{'FAILED: ' + ', '.join(failed) if failed else 'deploy-check passed'} "
          f"({time.perf_counter() - STARTED:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
