"""The network moment form's error summary names each problem and links to its field (as the
other forms do), so a screen-reader or keyboard user can reach it; nothing is saved."""

from __future__ import annotations

import re

from stem_events.accounts.models import Role
from stem_events.network.models import NetworkMoment
from stem_events.reference.models import EventKind


def _summary(html: str) -> str:
    found = re.search(r'<div class="error-summary" role="alert".*?</div>', html, re.S)
    assert found, "no error summary"
    return found.group(0)


def test_summary_links_to_each_field_with_its_message(client, login, db, make_user, make_event):
    moment = make_event(title="Netwerkmoment Gent", kind=EventKind.NETWORK_MOMENT)
    login(make_user(role=Role.ADMIN))
    response = client.post(f"/admin/network/{moment.id}", data={
        "region": "R" * 121, "report": "Mijn verslag", "initiatives": "geen-getal",
        "pitches-0-title": "", "pitches-1-title": "P" * 201, "pitches-1-speaker_name": "S" * 121,
        "pitches-2-title": ""})
    assert response.status_code == 400
    summary = _summary(response.get_data(as_text=True))
    assert '<a href="#region">Regio: ' in summary
    # the pitch rows are a sub-form: their default messages must be Dutch too
    assert ('<a href="#pitches-1-title">Titel van de pitch: '
            "Veld mag niet langer zijn dan 200 karakters.") in summary
    assert ('<a href="#pitches-1-speaker_name">Spreker: '
            "Veld mag niet langer zijn dan 120 karakters.") in summary
    assert "pitches-0-title" not in summary
    assert '<a href="#initiatives">Voorgestelde initiatieven: ' in summary
    assert db.session.get(NetworkMoment, moment.id) is None
