"""The workflow: an organiser proposes, the person confirms through a signed link (separate
consents for profile, photo and self-description; 16 or older, or with a guardian), and a
coordinator approves. Nothing is public before that."""

import re
from datetime import date
from io import BytesIO

import pytest
import sqlalchemy as sa
from PIL import Image

from stem_events.accounts.models import Role
from stem_events.rolemodels.models import (
    ConsentGiver,
    ConsentSubject,
    RoleModel,
    RoleModelStatus,
)
from tests.rolemodels.conftest import jpeg_with_location


def _propose(client, organisation, event, **overrides):
    data = {"organisation_id": str(organisation.id), "name": "Yasmina El Idrissi",
            "job": "Ingenieur windenergie", "employer": "Windkracht Vlaanderen",
            "email": "yasmina@example.be", "story": "Ik bouw windturbines.",
            "events": [str(event.id)], "employer_organisation_id": "",
            "photo": (BytesIO(jpeg_with_location()), "yasmina.jpg")}
    data.update(overrides)
    return client.post("/manage/role-models/new", data=data,
                       content_type="multipart/form-data")


def _link(text: str, kind: str) -> str:
    return re.search(rf"https?://[^\s]+/role-models/{kind}/[^\s]+", text).group(0) \
        .split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def _consent(**overrides):
    data = {"story": "Ik bouw windturbines <b>op zee</b>.", "self_description": "",
            "birth_date": "1990-04-02", "profile_consent": "y", "photo_consent": "y"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _mail_to(db, recipient: str) -> str:
    """The text of the one mail queued for `recipient` (delivered or not)."""
    from stem_events.mail.models import OutboxMessage

    (payload,) = db.session.scalars(sa.select(OutboxMessage.payload)
                                    .where(OutboxMessage.recipient == recipient)).all()
    return payload["data"]["text"]


@pytest.fixture
def proposed(client, db, login, organiser, make_event):
    """An organiser proposed a role model: (role model, its confirmation path, withdrawal
    path), read from the mail the person got."""
    user, organisation = organiser
    event = make_event(title="Windturbines bouwen", organisation=organisation)
    login(user)
    response = _propose(client, organisation, event)
    assert response.status_code == 302, response.text
    client.post("/logout")
    mail = _mail_to(db, "yasmina@example.be")
    role_model = db.session.scalars(sa.select(RoleModel)).one()
    return role_model, _link(mail, "confirm"), _link(mail, "withdraw"), event


def test_a_proposal_is_not_public_and_its_photo_is_stripped(client, db, proposed):
    role_model, _confirm, _withdraw, event = proposed
    assert role_model.status == RoleModelStatus.PROPOSED
    assert client.get(f"/role-models/{role_model.id}").status_code == 404
    assert "Yasmina" not in client.get("/role-models").text
    assert client.get(f"/api/v1/events/{event.id}").get_json()["role_models"] == []
    photo = client.get(f"/media/role-models/{role_model.photo}")
    image = Image.open(BytesIO(photo.data))
    assert image.format == "JPEG" and not image.getexif()  # no camera, no GPS position


def test_the_person_consents_and_a_coordinator_approves(client, db, proposed, login,
                                                       make_user):
    role_model, confirm, _withdraw, event = proposed
    page = client.get(confirm)
    assert page.status_code == 200
    assert "geen gezondheid, godsdienst of afkomst" in page.text  # the warning
    assert page.headers["Cache-Control"] == "no-store"
    answer = client.post(confirm, data=_consent(
        self_description="Opgegroeid in Genk, eerste in de familie die studeerde.",
        self_description_consent="y"))
    assert answer.status_code == 200, answer.text
    db.session.expire_all()
    role_model = db.session.get(RoleModel, role_model.id)
    assert role_model.status == RoleModelStatus.CONFIRMED
    consents = {c.subject: c for c in role_model.consents}
    assert set(consents) == set(ConsentSubject)
    assert all(c.given_by == ConsentGiver.SELF and c.given_by_name == "Yasmina El Idrissi"
               and c.given_at for c in consents.values())
    assert client.get(f"/role-models/{role_model.id}").status_code == 404  # not yet approved

    login(make_user(role=Role.ADMIN))
    assert client.post(f"/admin/role-models/{role_model.id}",
                       data={"decision": "approve"}).status_code == 302
    client.post("/logout")
    profile = client.get(f"/role-models/{role_model.id}")
    assert profile.status_code == 200
    assert "eerste in de familie die studeerde" in profile.text
    assert "&lt;b&gt;op zee&lt;/b&gt;" in profile.text  # plain text, never HTML
    assert f"/media/role-models/{role_model.photo}" in profile.text
    assert "Windturbines bouwen" in profile.text
    assert "Yasmina El Idrissi" in client.get("/role-models").text


def test_photo_and_self_description_need_their_own_consent(client, db, proposed, login,
                                                           make_user):
    role_model, confirm, _withdraw, _event = proposed
    photo = role_model.photo
    refused = client.post(confirm, data=_consent(self_description="Opgegroeid in Genk.",
                                                 photo_consent=None))
    assert refused.status_code == 400
    assert "Geef toestemming om te tonen hoe je jezelf beschrijft" in refused.text
    assert "Opgegroeid in Genk." in refused.text  # what was typed is kept
    assert client.post(confirm, data=_consent(photo_consent=None)).status_code == 200
    db.session.expire_all()
    role_model = db.session.get(RoleModel, role_model.id)
    assert [c.subject for c in role_model.consents] == [ConsentSubject.PROFILE]
    assert role_model.photo == ""
    assert client.get(f"/media/role-models/{photo}").status_code == 404  # not kept


def test_without_consent_for_the_profile_nothing_changes(client, db, proposed):
    role_model, confirm, _withdraw, _event = proposed
    answer = client.post(confirm, data=_consent(profile_consent=None))
    assert answer.status_code == 400
    assert "Zonder toestemming voor je profiel" in answer.text
    db.session.expire_all()
    assert db.session.get(RoleModel, role_model.id).status == RoleModelStatus.PROPOSED


def test_under_16_needs_a_guardian(client, db, proposed, freeze_now):
    from datetime import UTC, datetime
    freeze_now(datetime(2026, 5, 1, 10, tzinfo=UTC))
    role_model, confirm, _withdraw, _event = proposed
    fifteen = _consent(birth_date="2010-05-02")  # 16 tomorrow
    answer = client.post(confirm, data=fifteen)
    assert answer.status_code == 400
    assert "vul de naam in van je ouder of voogd" in answer.text
    without_consent = client.post(confirm, data={**fifteen, "guardian_name": "Fatima"})
    assert without_consent.status_code == 400
    assert "je ouder of voogd moet mee toestemming geven" in without_consent.text
    db.session.expire_all()
    assert db.session.get(RoleModel, role_model.id).consents == []
    answer = client.post(confirm, data={**fifteen, "guardian_name": "Fatima El Idrissi",
                                        "guardian_consent": "y"})
    assert answer.status_code == 200
    db.session.expire_all()
    consent = db.session.get(RoleModel, role_model.id).consents[0]
    assert (consent.given_by, consent.given_by_name) == (ConsentGiver.GUARDIAN,
                                                        "Fatima El Idrissi")


def test_sixteen_today_consents_alone(client, db, proposed, freeze_now):
    from datetime import UTC, datetime
    freeze_now(datetime(2026, 5, 1, 10, tzinfo=UTC))
    _role_model, confirm, _withdraw, _event = proposed
    assert client.post(confirm, data=_consent(birth_date="2010-05-01")).status_code == 200


def test_a_birth_date_is_needed_and_not_stored(client, db, proposed):
    role_model, confirm, _withdraw, _event = proposed
    answer = client.post(confirm, data=_consent(birth_date=""))
    assert answer.status_code == 400
    assert "Vul je geboortedatum in." in answer.text
    assert "birth" not in {c.name for c in RoleModel.__table__.columns}
    assert date(1990, 4, 2).isoformat() not in str(
        db.session.execute(sa.select(RoleModel.__table__)).all())


def test_the_confirmation_link_works_once_and_cannot_be_forged(client, db, proposed):
    _role_model, confirm, _withdraw, _event = proposed
    assert client.post(confirm, data=_consent()).status_code == 200
    again = client.get(confirm)
    assert again.status_code == 410
    assert "niet (meer) geldig" in again.text
    token = confirm.rsplit("/", 1)[1]
    assert client.get(f"/role-models/confirm/{token[:-2]}xx").status_code == 410


def test_the_organiser_only_links_their_own_events(client, db, login, organiser, make_event,
                                                   make_organisation):
    user, organisation = organiser
    other = make_event(title="Van een ander", organisation=make_organisation(name="Ander"))
    login(user)
    answer = _propose(client, organisation, other)
    assert answer.status_code == 400
    assert "Kies activiteiten van je eigen organisatie" in answer.text
    assert "Yasmina El Idrissi" in answer.text  # the form keeps what was typed
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RoleModel)) == 0


def test_a_file_that_is_not_an_image_is_refused_at_the_photo(client, db, login, organiser,
                                                             make_event):
    user, organisation = organiser
    event = make_event(organisation=organisation)
    login(user)
    answer = _propose(client, organisation, event, photo=(BytesIO(b"<?php ?>"), "x.jpg"))
    assert answer.status_code == 400
    assert "geen (leesbare) afbeelding" in answer.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RoleModel)) == 0


@pytest.mark.parametrize("role, path, expected", [
    (None, "/manage/role-models/", 302),
    (None, "/admin/role-models/", 302),
    ("organiser", "/admin/role-models/", 403),
    ("organiser", "/manage/role-models/new", 200),
    ("admin", "/admin/role-models/", 200),
])
def test_who_may_open_the_pages(client, login, make_user, role, path, expected):
    if role:
        login(make_user(role=Role.ADMIN if role == "admin" else Role.ORGANISER))
    assert client.get(path).status_code == expected
