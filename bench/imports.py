"""Import benchmark (issue 15): importing a feed of 2,000 occurrences against expanding the same
file with recurring-ical-events alone, measured in one run; and what an unchanged feed costs
(requests to the feed server). `python -m bench.imports`, also part of `make bench`."""

from __future__ import annotations

import hashlib
import http.server
import statistics
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

OCCURRENCES = 2000
SERIES = 40  # 40 weekly series of 50 sessions


def build_feed(first: date) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN"]
    per_series = OCCURRENCES // SERIES
    for number in range(SERIES):
        day = (first + timedelta(days=number % 7)).strftime("%Y%m%d")
        lines += ["BEGIN:VEVENT", f"UID:bench-{number}@bench", f"SUMMARY:Reeks {number}",
                  f"DTSTART;TZID=Europe/Brussels:{day}T140000",
                  f"DTEND;TZID=Europe/Brussels:{day}T160000",
                  f"RRULE:FREQ=WEEKLY;COUNT={per_series}",
                  "LOCATION:Bibliotheek\\, Kerkstraat 1\\, 9000 Gent", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


class FeedServer(http.server.ThreadingHTTPServer):
    body = b""
    requests = 0


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        self.server.requests += 1
        etag = '"' + hashlib.sha256(self.server.body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)

    def log_message(self, *args):
        pass


def _expand_only(body: bytes, window) -> int:
    import icalendar
    import recurring_ical_events

    calendar = icalendar.Calendar.from_ical(body)
    return len(recurring_ical_events.of(calendar).between(*window))


def _best(function, repeat: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def measure_imports() -> dict:
    from flask_migrate import upgrade

    from config import TestingConfig
    from stem_events import create_app
    from stem_events.accounts.models import Organisation
    from stem_events.date_time import feed_window, today_local
    from stem_events.extensions import db
    from stem_events.imports import run
    from stem_events.imports.models import ImportSource
    from stem_events.reference.models import HelixPillar

    folder = Path(tempfile.mkdtemp(prefix="bench-imports-"))
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'bench.sqlite3'}"
    config.OUTBOX_DIR = str(folder / "outbox")
    config.IMPORT_ALLOWED_HOSTS = ("127.0.0.1",)
    app = create_app(config)
    server = FeedServer(("127.0.0.1", 0), Handler)
    server.body = build_feed(today_local() + timedelta(days=7))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/agenda.ics"
    with app.app_context():
        upgrade()
        organisation = Organisation(name="Bench", helix=HelixPillar.CITIZEN,
                                    municipality_nis="44021", approved=True, trusted=True)
        db.session.add(organisation)
        db.session.commit()
        expand_s, count = _best(lambda: _expand_only(server.body, feed_window()))

        def import_once():
            source = ImportSource(organisation_id=organisation.id, url=url, name="bench",
                                  defaults={"municipality_nis": "44021"})
            db.session.add(source)
            db.session.commit()
            return source.id, run.run_source(source.id)

        import_s, (source_id, result) = _best(import_once)
        before = server.requests
        unchanged = run.run_source(source_id)
        figures = {"occurrences": count, "created_events": result.created,
                   "expand_s": round(expand_s, 3), "import_s": round(import_s, 3),
                   "import_over_expand": round(import_s / expand_s, 2),
                   "unchanged_outcome": unchanged.outcome.value,
                   "unchanged_requests": server.requests - before}
    server.shutdown()
    return figures


def describe(figures: dict) -> str:
    return (f"imports: {figures['occurrences']} occurrences — expanding alone "
            f"{figures['expand_s']:.2f} s, full import {figures['import_s']:.2f} s "
            f"({figures['import_over_expand']:.1f}×); unchanged feed: "
            f"{figures['unchanged_requests']} request ({figures['unchanged_outcome']})")


if __name__ == "__main__":
    print(describe(measure_imports()))
