"""Browser tests: Debian's Chromium driven by Playwright against a live server on a free
loopback port, serving the same app and database as the rest of the suite."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium ontbreekt op {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-BE", timezone_id="Europe/Brussels")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def axe_check():
    """Run axe-core on the page: no serious or critical WCAG 2.1 AA violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page) -> list[dict]:
        results = axe.run(page, options=WCAG_AA)
        bad = [v for v in results.response["violations"]
               if v.get("impact") in ("serious", "critical")]
        assert not bad, results.generate_report()
        return results.response["violations"]

    return check


@pytest.fixture
def smtp(app):
    """A mail server and, as in production, a mail worker that delivers what pages queue."""
    from stem_events.mail import worker
    from tests.registrations.helpers import SmtpServer

    server = SmtpServer().start()
    previous = app.config.get("MAIL_URL")
    app.config["MAIL_URL"] = server.url
    stop = threading.Event()

    def work() -> None:
        with app.app_context():
            worker.run(stop, poll=0.2)

    thread = threading.Thread(target=work)
    thread.start()
    yield server
    stop.set()
    thread.join(timeout=30)
    server.stop()
    app.config["MAIL_URL"] = previous
