"""Approved role models (with the person's consent, never withdrawn) are shown where they take
part, not only on their own profile: on the State-of-the-STEM programme (the speakers who are
role models, linked to their profile) and on an initiative's page (role models of the
initiative or of the events presenting it). A withdrawal removes them there at once."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from stem_events.editions.models import ProgrammeItem
from stem_events.rolemodels import consent
from stem_events.rolemodels.models import ConsentSubject, RoleModelConsent, RoleModelStatus
from tests.conftest import utc
from tests.network.factories import make_edition_fixture, make_initiative_fixture  # noqa: F401


@pytest.fixture
def programme(db, make_edition):
    edition = make_edition(year=2030)
    start = utc(2030, 5, 18, 9)
    item = ProgrammeItem(edition_id=edition.id, title="Meisjes in STEM", starts_at=start,
                         ends_at=start + timedelta(hours=1), speakers="Panel met sprekers")
    db.session.add(item)
    db.session.commit()
    return edition, item


def _profile_link(role_model) -> str:
    return f'href="/role-models/{role_model.id}"'


def test_the_programme_links_the_role_models_among_its_speakers(
        client, db, programme, make_role_model):
    _edition, item = programme
    shown = make_role_model(programme_items=[item])
    waiting = make_role_model(name="Lore Martens", status=RoleModelStatus.CONFIRMED,
                              programme_items=[item])
    rejected = make_role_model(name="Pieter Claes", status=RoleModelStatus.REJECTED,
                               programme_items=[item])
    page = client.get("/state-of-the-stem/2030").text
    slot = page.split("Meisjes in STEM", 1)[1].split("</li>", 1)[0]
    assert _profile_link(shown) in slot and "Yasmina El Idrissi" in slot
    assert "Ingenieur windenergie" in slot
    for hidden in (waiting, rejected):
        assert _profile_link(hidden) not in page and hidden.name not in page


def test_an_initiative_page_shows_its_role_models_and_those_of_its_events(
        client, db, make_event, make_role_model, make_initiative):
    event = make_event(title="Codeerkamp")
    initiative = make_initiative(name="Codeerclub Genk", events=[event])
    own = make_role_model(initiatives=[initiative])
    at_event = make_role_model(name="Amira Haddad", job="Data-analist", events=[event])
    elsewhere = make_role_model(name="Jonas Vermeulen", events=[make_event(title="Ander")])
    page = client.get(f"/initiatives/{initiative.id}-{initiative.slug}").text
    section = page.split('id="role-models-heading"', 1)[1].split("</section>", 1)[0]
    assert _profile_link(own) in section and "Yasmina El Idrissi" in section
    assert _profile_link(at_event) in section and "Data-analist" in section
    assert "Codeerkamp" in section  # where the role model takes part
    assert _profile_link(elsewhere) not in page


def test_an_approved_profile_without_the_persons_consent_is_not_shown(
        client, db, programme, make_role_model, make_initiative):
    _edition, item = programme
    initiative = make_initiative(name="Codeerclub Genk")
    role_model = make_role_model(programme_items=[item], initiatives=[initiative])
    db.session.execute(sa.delete(RoleModelConsent).where(
        RoleModelConsent.role_model_id == role_model.id,
        RoleModelConsent.subject == ConsentSubject.PROFILE))
    db.session.commit()
    assert _profile_link(role_model) not in client.get("/state-of-the-stem/2030").text
    assert _profile_link(role_model) not in client.get(
        f"/initiatives/{initiative.id}-{initiative.slug}").text
    assert client.get(f"/role-models/{role_model.id}").status_code == 404


def test_a_withdrawn_role_model_disappears_from_the_programme_and_initiative_at_once(
        client, db, programme, make_event, make_role_model, make_initiative):
    _edition, item = programme
    event = make_event(title="Codeerkamp")
    initiative = make_initiative(name="Codeerclub Genk", events=[event])
    role_model = make_role_model(programme_items=[item], initiatives=[initiative],
                                 events=[event])
    pages = ("/state-of-the-stem/2030", f"/initiatives/{initiative.id}-{initiative.slug}")
    for path in pages:
        assert "Yasmina El Idrissi" in client.get(path).text, path
    assert client.post(
        f"/role-models/withdraw/{consent.withdraw_token(role_model)}").status_code == 200
    for path in pages:
        page = client.get(path).text
        assert "Yasmina El Idrissi" not in page and _profile_link(role_model) not in page, path


def test_a_programme_speaker_takes_part_in_the_state_of_the_stem_event(
        client, db, programme, make_role_model):
    """The umbrella event of the edition counts as an event with a role model: the filter
    `role_model=1`, its page and its JSON-LD performer, the API; not after withdrawal."""
    edition, item = programme
    event = edition.event
    role_model = make_role_model(programme_items=[item])

    def seen() -> dict:
        page = client.get(f"/events/{event.id}-{event.slug}").text
        return {"filter": client.get("/api/v1/events?role_model=1").get_json()["total"],
                "api": [r["name"] for r in client.get(f"/api/v1/events/{event.id}")
                        .get_json()["role_models"]],
                "page": _profile_link(role_model) in page,
                "performer": '"performer"' in page}

    assert seen() == {"filter": 1, "api": ["Yasmina El Idrissi"], "page": True,
                      "performer": True}
    client.post(f"/role-models/withdraw/{consent.withdraw_token(role_model)}")
    assert seen() == {"filter": 0, "api": [], "page": False, "performer": False}


def test_a_cancelled_programme_item_does_not_count(client, db, programme, make_role_model):
    edition, item = programme
    item.cancelled = True
    db.session.commit()
    make_role_model(programme_items=[item])
    assert client.get("/api/v1/events?role_model=1").get_json()["total"] == 0
    assert client.get(f"/api/v1/events/{edition.event.id}").get_json()["role_models"] == []


def test_cancelling_a_speakers_programme_item_leaves_cached_lists_at_once(
        client, db, programme, make_role_model):
    """Programme items bump the data version (migration 0029), so the cached API list and
    agenda for `role_model=1` change with the commit that cancels the speaker's item."""
    edition, item = programme
    make_role_model(programme_items=[item])
    assert client.get("/api/v1/events?role_model=1").get_json()["total"] == 1
    assert client.get("/api/v1/events?role_model=1").get_json()["total"] == 1  # cached

    item.cancelled = True
    db.session.commit()

    assert client.get("/api/v1/events?role_model=1").get_json()["total"] == 0


def test_an_edition_moved_to_another_event_shows_at_once(app, client, db, programme,
                                                         make_role_model, make_event):
    """Its speakers take part in the new umbrella event, also when another connection (psql)
    moves it: the cached pages and the agenda's index follow the data version."""
    edition, item = programme
    before = edition.event
    make_role_model(programme_items=[item])
    other = make_event(title="Tweede umbrella", kind="state_of_the_stem")
    titles = lambda: [i["title"] for i in  # noqa: E731
                      client.get("/api/v1/events?role_model=1&kind=state_of_the_stem")
                      .get_json()["items"]]
    assert titles() == [before.title]
    engine = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE editions SET event_id = :e WHERE id = :id"),
                         {"e": other.id, "id": edition.id})
    finally:
        engine.dispose()
    assert titles() == ["Tweede umbrella"]
