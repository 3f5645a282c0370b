"""Against bots and forged posts: CSRF tokens and a rate limit on the registration form."""

import re

import sqlalchemy as sa

from stem_events.extensions import limiter
from stem_events.registrations.models import Registration
from tests.registrations.helpers import adult_form, app_for


def test_csrf_token_is_required_and_rendered(app, db, make_open_event):
    event = make_open_event()
    protected = app_for(app.config["SQLALCHEMY_DATABASE_URI"], app.config["OUTBOX_DIR"],
                        WTF_CSRF_ENABLED=True)
    client = protected.test_client()
    with protected.app_context():
        forged = client.post(f"/events/{event.id}/register", data=adult_form())
        assert forged.status_code == 400
        form = client.get(f"/events/{event.id}/register").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
        ok = client.post(f"/events/{event.id}/register",
                         data={**adult_form(), "csrf_token": token})
        assert ok.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 1


def _limited_posts(app, event, forms, **environ):
    limited = app_for(app.config["SQLALCHEMY_DATABASE_URI"], app.config["OUTBOX_DIR"],
                      RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    client = limited.test_client()
    try:
        with limited.app_context():
            responses = [client.post(f"/events/{event.id}/register", data=form,
                                     environ_base=environ) for form in forms]
            assert client.get(f"/events/{event.id}/register").status_code == 200  # GET: free
    finally:
        limiter.init_app(app)  # the limiter is one object: switch it off again for the suite
    assert not limiter.enabled
    return responses


def test_registration_posts_are_rate_limited_per_address(app, db, make_open_event):
    event = make_open_event(capacity=100)
    forms = [adult_form(f"bot{index}@example.be") for index in range(32)]
    responses = _limited_posts(app, event, forms)
    statuses = [r.status_code for r in responses]
    assert statuses[:30] == [302] * 30 and statuses[30:] == [429, 429]
    page = responses[-1].get_data(as_text=True)
    # the form comes back with what was typed and a Dutch sentence (issue 16)
    assert "Er kwamen te veel inschrijvingen na elkaar van dit adres." in page
    assert 'value="bot31@example.be"' in page and 'value="An Peeters"' in page
    assert int(responses[-1].headers["Retry-After"]) > 0


def test_one_address_repeating_one_email_is_limited_sooner(app, db, make_open_event):
    event = make_open_event(capacity=100)
    responses = _limited_posts(app, event, [adult_form("an@example.be")] * 12)
    assert [r.status_code for r in responses] == [302] * 10 + [429, 429]
