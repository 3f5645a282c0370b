"""Decisions on role models are in the audit log, in Dutch: a coordinator's approval,
rejection, taking a profile offline and links; the person's consents and withdrawal. The log
names the role model as the coordinator sees it and nothing more personal: no story,
self-description, photo, e-mail address, birth date or guardian. A withdrawal also takes the
name out of the log."""

from datetime import date

import pytest

from stem_events.accounts.models import Role
from stem_events.rolemodels import consent
from stem_events.rolemodels.models import RoleModelStatus
from tests.network.factories import make_initiative_fixture  # noqa: F401

PRIVATE = ("Ik bouw windturbines", "opgegroeid in Genk", "yasmina@example.be",
           "Fatima El Idrissi", "2012", "/media/role-models", ".webp")


def _log(client) -> str:
    page = client.get("/admin/audit").text
    return page.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in page else ""


@pytest.fixture
def coordinator(client, db, login, make_user):
    user = make_user(role=Role.ADMIN)
    user.display_name = "Coördinator Els"
    db.session.commit()
    login(user)
    return user


def test_approval_and_rejection_are_logged_with_dutch_labels(client, db, coordinator,
                                                            make_role_model):
    waiting = make_role_model(status=RoleModelStatus.CONFIRMED, photo=True,
                              self_description="Ingenieur, opgegroeid in Genk.")
    refused = make_role_model(name="Pieter Claes", status=RoleModelStatus.CONFIRMED)
    assert client.post(f"/admin/role-models/{waiting.id}",
                       data={"decision": "approve"}).status_code == 302
    assert client.post(f"/admin/role-models/{refused.id}", data={
        "decision": "reject", "reason": "Geen STEM-beroep."}).status_code == 302
    log = _log(client)
    approved_row = log.split("Yasmina El Idrissi", 1)[1].split("</tr>", 1)[0]
    assert "rolmodel goedgekeurd" in approved_row
    rejected_row = log.split("Pieter Claes", 1)[1].split("</tr>", 1)[0]
    assert "rolmodel afgewezen" in rejected_row
    assert "Coördinator Els" in log
    for private in PRIVATE:
        assert private not in log, private


def test_taking_a_published_profile_offline_and_changing_links_are_logged(
        client, db, coordinator, make_role_model, make_initiative):
    initiative = make_initiative(name="Codeerclub Genk")
    role_model = make_role_model()
    assert client.post(f"/admin/role-models/{role_model.id}", data={
        "action": "links", "links-initiatives": [str(initiative.id)]}).status_code == 302
    assert client.post(f"/admin/role-models/{role_model.id}", data={
        "decision": "reject", "reason": "Verkeerd profiel."}).status_code == 302
    log = _log(client)
    assert "rolmodel offline gehaald" in log
    links_row = log.split("koppelingen van het rolmodel gewijzigd", 1)[1].split("</tr>", 1)[0]
    assert "Codeerclub Genk" in links_row and "initiatieven" in links_row


def test_the_persons_consent_is_logged_without_the_guardian_or_birth_date(
        client, db, coordinator, make_role_model):
    role_model = make_role_model(status=RoleModelStatus.PROPOSED, photo=True)
    answer = client.post(f"/role-models/confirm/{consent.confirm_token(role_model)}", data={
        "story": "Ik bouw windturbines.", "self_description": "", "photo_consent": "y",
        "birth_date": date(2012, 1, 5).isoformat(), "profile_consent": "y",
        "guardian_name": "Fatima El Idrissi", "guardian_consent": "y"})
    assert answer.status_code == 200, answer.text
    log = _log(client)
    row = log.split("Yasmina El Idrissi", 1)[1].split("</tr>", 1)[0]
    assert "toestemming gegeven" in row
    assert "profiel" in row and "foto" in row
    for private in PRIVATE:
        assert private not in log, private


def test_a_withdrawal_is_logged_and_takes_the_name_out_of_the_log(client, db, coordinator,
                                                                 make_role_model):
    role_model = make_role_model(status=RoleModelStatus.CONFIRMED)
    client.post(f"/admin/role-models/{role_model.id}", data={"decision": "approve"})
    assert "Yasmina El Idrissi" in _log(client)
    assert client.post(
        f"/role-models/withdraw/{consent.withdraw_token(role_model)}").status_code == 200
    log = _log(client)
    assert "toestemming ingetrokken door de persoon" in log
    assert "rolmodel goedgekeurd" in log  # the decision stays, without the name
    assert f"rolmodel {role_model.id}" in log
    assert "Yasmina" not in log and "El Idrissi" not in log
