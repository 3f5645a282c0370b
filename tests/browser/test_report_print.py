"""The monitoring report prints to A4 (#17 item 12): Chromium's own PDF output of the whole
report, with the collapsed tables printed open, no admin bar or filters, nothing wider than
the page — and axe on the page as coordinators use it."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from stem_events.accounts.models import Role
from stem_events.reference.models import EventKind, Goal, HelixPillar
from tests.browser.test_manage_journey import _login
from tests.conftest import utc


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_the_report_prints_to_a4(page, live_server, db, make_user, make_organisation,
                                 make_event, axe_check, freeze_now):
    freeze_now(utc(2026, 6, 30, 12))
    gov = make_organisation(name="Stad Gent", helix=HelixPillar.GOVERNMENT)
    company = make_organisation(name="Chemiepark Gent met een heel lange naam die niet past",
                                helix=HelixPillar.COMPANY)
    goal = db.session.scalar(sa.select(Goal).where(Goal.code == "OD1.2.1"))
    for n in range(12):
        start = utc(2025, 3, 1 + n, 9)
        make_event(title=f"Workshop {n} met een titel die lang genoeg is om te plooien",
                   organisation=company, goals=[goal], municipality_nis="44021",
                   sessions=[(start, start + timedelta(hours=2))])
    start = utc(2025, 5, 10, 14)
    make_event(title="Netwerkmoment Gent", kind=EventKind.NETWORK_MOMENT, organisation=gov,
               co_organisations=[company], sessions=[(start, start + timedelta(hours=2))])
    make_user(role=Role.ADMIN, email="coordinator@vlaio.be")
    _login(page, live_server, "coordinator@vlaio.be")

    page.goto(f"{live_server}/admin/report?from=2025-01-01&to=2026-06-30")
    axe_check(page)

    page.set_viewport_size({"width": 718, "height": 1000})  # A4 minus 15 mm margins, 96 dpi
    page.emulate_media(media="print")
    assert not page.locator(".admin-bar").is_visible()
    assert not page.locator("form.filters").is_visible()
    # the collapsed tables (all actions, all connections) are printed open
    assert page.locator("#table-actions").is_visible()
    assert page.locator("#table-connections").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 718
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    assert 2 <= _pages(pdf) <= 30
