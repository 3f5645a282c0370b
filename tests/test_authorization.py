"""Who gets what on every /manage and /admin route: role × URL × method → status.

A new route without a row here fails `test_every_route_has_a_row`. Roles: anonymous, a
stranger (organiser of another organisation), a member (owner of the event's organisation)
and a coordinator. An organiser of another organisation gets 403/404 whatever the URL.

Every route of one event (`/manage/events/<id>…`) also has a row for a co-organiser (owner of
an organisation the event names as co-organiser): co-organisers do not edit the event (the
policy), so they only see its registrations, export them and check people in at the door.
"""

import uuid
from datetime import date, timedelta

import pytest
from werkzeug.security import generate_password_hash

from stem_events.accounts.models import MemberRole, Membership, Role, User
from stem_events.date_time import now_utc
from stem_events.events.models import EventStatus
from stem_events.imports.models import ImportSource
from stem_events.initiatives.catalogue import new_initiative
from stem_events.initiatives.models import InitiativeStatus
from stem_events.reference.holiday_overrides import HolidayOverride
from stem_events.rolemodels.models import RoleModel

ROLES = ("anonymous", "stranger", "member", "coordinator")
L = 302  # anonymous: redirected to /login
ST = "allowed"  # reaches the view: any answer but 401/403 (and never a 5xx)

# (rule, method): (anonymous, stranger, member, coordinator)
ROWS = {
    ("/manage/", "GET"): (L, 200, 200, 200),
    ("/manage/events/new", "GET"): (L, 200, 200, 200),
    ("/manage/events/new", "POST"): (L, 400, 400, 400),
    ("/manage/events/<int:event_id>", "GET"): (L, 403, 200, 200),
    ("/manage/events/<int:event_id>/edit", "GET"): (L, 403, 200, 200),
    ("/manage/events/<int:event_id>/preview", "GET"): (L, 403, 200, 200),
    ("/manage/events/<int:event_id>/edit", "POST"): (L, 403, 400, 400),
    ("/manage/events/<int:event_id>/submit", "POST"): (L, 403, 302, 302),
    ("/manage/events/<int:event_id>/duplicate", "POST"): (L, 403, 302, 302),
    ("/manage/events/<int:event_id>/delete", "GET"): (L, 403, 200, 200),
    ("/manage/events/<int:event_id>/delete", "POST"): (L, 403, 302, 302),
    ("/manage/events/<int:event_id>/resume", "POST"): (L, 403, 302, 302),
    ("/manage/events/<int:event_id>/cancel", "GET"): (L, 403, 200, 200),
    ("/manage/events/<int:event_id>/cancel", "POST"): (L, 403, 400, 400),
    ("/manage/events/<int:event_id>/postpone", "GET"): (L, 403, 200, 200),
    ("/manage/events/<int:event_id>/postpone", "POST"): (L, 403, 400, 400),
    ("/manage/events/<int:event_id>/sessions/new", "GET"): (L, 403, 200, 200),
    ("/manage/events/<int:event_id>/sessions/new", "POST"): (L, 403, 400, 400),
    ("/manage/events/<int:event_id>/sessions/shift", "GET"): (L, 403, 200, 200),
    ("/manage/events/<int:event_id>/sessions/shift", "POST"): (L, 403, 400, 400),
    ("/manage/events/<int:event_id>/sessions/<int:session_id>/move", "GET"): (L, 403, 200, 200),
    ("/manage/events/<int:event_id>/sessions/<int:session_id>/move", "POST"):
        (L, 403, 400, 400),
    ("/manage/events/<int:event_id>/sessions/<int:session_id>/cancel", "POST"):
        (L, 403, 302, 302),
    ("/manage/events/<int:event_id>/sessions/<int:session_id>/restore", "POST"):
        (L, 403, 302, 302),
    ("/manage/organisations/<int:organisation_id>", "GET"): (L, 403, 200, 200),
    ("/manage/organisations/<int:organisation_id>", "POST"): (L, 403, 400, 400),
    ("/manage/organisations/<int:organisation_id>/edit", "GET"): (L, 403, 200, 200),
    ("/manage/organisations/<int:organisation_id>/edit", "POST"): (L, 403, 400, 400),
    ("/manage/organisations/<int:organisation_id>/members/<int:user_id>", "POST"):
        (L, 403, 400, 400),
    ("/manage/events/<int:event_id>/registrations", "GET"): (L, 403, 200, 200),
    ("/manage/events/<int:event_id>/participants", "GET"): (L, 403, 200, 200),
    # The table's event is a workshop: its organisers reach the view, which answers 404.
    ("/manage/events/<int:event_id>/network", "GET"): (L, 403, 404, 404),
    ("/manage/events/<int:event_id>/network", "POST"): (L, 403, 404, 404),
    ("/manage/events/<int:event_id>/registrations.csv", "GET"): (L, 403, 200, 200),
    ("/manage/events/<int:event_id>/registrations/attendance", "GET"): (L, 403, 200, 200),
    ("/manage/events/<int:event_id>/registrations/checkin", "GET"): (L, 403, 200, 200),
    ("/manage/events/<int:event_id>/registrations/checkin", "POST"): (L, 403, ST, ST),
    ("/manage/events/<int:event_id>/registrations/mail", "GET"): (L, 403, 200, 200),
    ("/manage/events/<int:event_id>/registrations/mail", "POST"): (L, 403, ST, ST),
    ("/manage/events/<int:event_id>/registrations/questions", "GET"): (L, 403, 200, 200),
    ("/manage/events/<int:event_id>/registrations/questions", "POST"): (L, 403, ST, ST),
    ("/manage/events/<int:event_id>/registrations/<int:registration_id>/cancel", "POST"):
        (L, 403, ST, ST),
    ("/manage/events/<int:event_id>/registrations/<int:registration_id>/promote", "POST"):
        (L, 403, ST, ST),
    ("/manage/events/<int:event_id>/registrations/<int:registration_id>/qr.svg", "GET"):
        (L, 403, ST, ST),
    ("/manage/events/<int:event_id>/registrations/groups", "GET"): (L, 403, 200, 200),
    ("/manage/events/<int:event_id>/registrations/groups", "POST"): (L, 403, ST, ST),
    ("/manage/events/<int:event_id>/registrations/<int:registration_id>/offer", "POST"):
        (L, 403, ST, ST),
    ("/admin/clubs", "GET"): (L, 403, 403, 200),
    ("/admin/clubs/new", "GET"): (L, 403, 403, 200),
    ("/admin/clubs/new", "POST"): (L, 403, 403, 400),
    ("/admin/clubs/<int:club_id>", "GET"): (L, 403, 403, ST),
    ("/admin/clubs/<int:club_id>", "POST"): (L, 403, 403, ST),
    ("/manage/initiatives", "GET"): (L, 200, 200, 200),
    ("/manage/initiatives/new", "GET"): (L, 200, 200, 200),
    ("/manage/initiatives/new", "POST"): (L, 400, 400, 400),
    ("/manage/initiatives/<int:initiative_id>", "GET"): (L, 403, 200, 200),
    ("/manage/initiatives/<int:initiative_id>/edit", "GET"): (L, 403, 200, 200),
    ("/manage/initiatives/<int:initiative_id>/edit", "POST"): (L, 403, 400, 400),
    ("/manage/initiatives/<int:initiative_id>/submit", "POST"): (L, 403, 302, 302),
    ("/manage/initiatives/<int:initiative_id>/withdraw", "POST"): (L, 403, 302, 302),
    ("/manage/initiatives/<int:initiative_id>/delete", "GET"): (L, 403, 200, 200),
    ("/manage/initiatives/<int:initiative_id>/delete", "POST"): (L, 403, 302, 302),
    ("/admin/", "GET"): (L, 403, 403, 200),
    ("/admin/initiatives/<int:initiative_id>", "GET"): (L, 403, 403, 200),
    ("/admin/initiatives/<int:initiative_id>", "POST"): (L, 403, 403, 400),
    ("/admin/network/", "GET"): (L, 403, 403, 200),
    ("/admin/network/<int:event_id>", "GET"): (L, 403, 403, ST),
    ("/admin/network/<int:event_id>", "POST"): (L, 403, 403, ST),
    ("/admin/report", "GET"): (L, 403, 403, 200),
    ("/admin/report/<name>.csv", "GET"): (L, 403, 403, 200),
    ("/admin/report/reach", "GET"): (L, 403, 403, 200),
    ("/admin/report/reach/<name>.csv", "GET"): (L, 403, 403, ST),
    ("/admin/audiences", "GET"): (L, 403, 403, 200),
    ("/admin/audiences", "POST"): (L, 403, 403, 400),
    ("/admin/audiences/<int:audience_id>", "POST"): (L, 403, 403, 400),
    ("/admin/state-of-the-stem/", "GET"): (L, 403, 403, 200),
    ("/admin/state-of-the-stem/", "POST"): (L, 403, 403, 400),
    ("/admin/state-of-the-stem/<int:year>", "GET"): (L, 403, 403, ST),
    ("/admin/state-of-the-stem/<int:year>/venue", "POST"): (L, 403, 403, ST),
    ("/admin/state-of-the-stem/<int:year>/event", "POST"): (L, 403, 403, ST),
    ("/admin/state-of-the-stem/<int:year>/programme", "GET"): (L, 403, 403, ST),
    ("/admin/state-of-the-stem/<int:year>/market", "GET"): (L, 403, 403, ST),
    ("/admin/state-of-the-stem/<int:year>/market", "POST"): (L, 403, 403, ST),
    ("/admin/state-of-the-stem/<int:year>/programme/new", "GET"): (L, 403, 403, ST),
    ("/admin/state-of-the-stem/<int:year>/programme/new", "POST"): (L, 403, 403, ST),
    ("/admin/state-of-the-stem/<int:year>/programme/<int:item_id>", "GET"): (L, 403, 403, ST),
    ("/admin/state-of-the-stem/<int:year>/programme/<int:item_id>", "POST"):
        (L, 403, 403, ST),
    ("/admin/state-of-the-stem/<int:year>/programme/<int:item_id>/cancel", "POST"):
        (L, 403, 403, ST),
    ("/admin/state-of-the-stem/<int:year>/programme/<int:item_id>/restore", "POST"):
        (L, 403, 403, ST),
    ("/admin/state-of-the-stem/<int:year>/programme/<int:item_id>/delete", "POST"):
        (L, 403, 403, ST),
    ("/admin/state-of-the-stem/<int:year>/stands", "POST"): (L, 403, 403, ST),
    ("/admin/state-of-the-stem/<int:year>/stands/<int:stand_id>", "POST"): (L, 403, 403, ST),
    ("/admin/state-of-the-stem/<int:year>/stands/<int:stand_id>/delete", "POST"):
        (L, 403, 403, ST),
    ("/admin/awards/", "GET"): (L, 403, 403, 200),
    ("/admin/awards/new", "GET"): (L, 403, 403, 200),
    ("/admin/awards/new", "POST"): (L, 403, 403, 400),
    ("/admin/awards/<int:round_id>", "GET"): (L, 403, 403, ST),
    ("/admin/awards/<int:round_id>", "POST"): (L, 403, 403, ST),
    ("/admin/awards/<int:round_id>/categories", "POST"): (L, 403, 403, ST),
    ("/admin/awards/<int:round_id>/categories/<int:category_id>", "GET"): (L, 403, 403, ST),
    ("/admin/awards/<int:round_id>/categories/<int:category_id>", "POST"): (L, 403, 403, ST),
    ("/admin/awards/<int:round_id>/categories/<int:category_id>/move", "POST"):
        (L, 403, 403, ST),
    ("/admin/awards/<int:round_id>/categories/<int:category_id>/delete", "POST"):
        (L, 403, 403, ST),
    ("/admin/awards/<int:round_id>/categories/<int:category_id>/criteria", "POST"):
        (L, 403, 403, ST),
    ("/admin/awards/<int:round_id>/categories/<int:category_id>/criteria/<int:criterion_id>"
     "/delete", "POST"): (L, 403, 403, ST),
    ("/admin/awards/<int:round_id>/categories/<int:category_id>/jurors", "POST"):
        (L, 403, 403, ST),
    ("/admin/awards/<int:round_id>/categories/<int:category_id>/marks", "POST"):
        (L, 403, 403, ST),
    ("/admin/awards/<int:round_id>/jurors/<int:juror_id>/delete", "POST"): (L, 403, 403, ST),
    ("/admin/awards/<int:round_id>/reminders", "POST"): (L, 403, 403, ST),
    ("/admin/awards/<int:round_id>/publish", "POST"): (L, 403, 403, ST),
    ("/admin/awards/<int:round_id>/withdraw", "POST"): (L, 403, 403, ST),
    ("/manage/awards/", "GET"): (L, 200, 200, 200),
    ("/manage/awards/nominations/<int:nomination_id>", "GET"): (L, 404, 404, 404),
    ("/manage/awards/nominations/<int:nomination_id>", "POST"): (L, 404, 404, 404),
    ("/manage/awards/jury/<int:juror_id>", "GET"): (L, 404, 404, 404),
    ("/manage/imports/", "GET"): (L, 200, 200, 200),
    ("/manage/imports/new", "GET"): (L, 200, 200, 200),
    ("/manage/imports/new", "POST"): (L, 400, 400, 400),
    ("/manage/imports/<int:source_id>", "GET"): (L, 403, 200, 200),
    ("/manage/imports/<int:source_id>/run", "POST"): (L, 403, 302, 302),
    ("/manage/imports/<int:source_id>/confirm", "POST"): (L, 403, 302, 302),
    ("/manage/imports/<int:source_id>/follow/<int:occurrence_id>", "POST"): (L, 403, 302, 302),
    ("/admin/imports/", "GET"): (L, 403, 403, 200),
    ("/admin/imports/<int:source_id>/pause", "POST"): (L, 403, 403, 302),
    ("/admin/imports/<int:source_id>/resume", "POST"): (L, 403, 403, 302),
    ("/admin/imports/<int:source_id>/trust", "POST"): (L, 403, 403, 302),
    ("/admin/imports/<int:source_id>/distrust", "POST"): (L, 403, 403, 302),
    ("/admin/imports/categories", "GET"): (L, 403, 403, 200),
    ("/admin/imports/categories", "POST"): (L, 403, 403, 400),
    ("/admin/imports/categories/<int:category_id>/delete", "POST"): (L, 403, 403, 302),
    ("/admin/events/<int:event_id>", "GET"): (L, 403, 403, 200),
    ("/admin/events/<int:event_id>", "POST"): (L, 403, 403, 400),
    ("/admin/organisations", "GET"): (L, 403, 403, 200),
    ("/admin/organisations/<int:organisation_id>", "GET"): (L, 403, 403, 200),
    ("/admin/organisations/<int:organisation_id>", "POST"): (L, 403, 403, 400),
    ("/admin/audit", "GET"): (L, 403, 403, 200),
    ("/admin/holidays", "GET"): (L, 403, 403, 200),
    ("/admin/holidays", "POST"): (L, 403, 403, 400),
    ("/admin/holidays/<int:override_id>/delete", "POST"): (L, 403, 403, 302),
    ("/manage/role-models/", "GET"): (L, 200, 200, 200),
    ("/manage/role-models/new", "GET"): (L, 200, 200, 200),
    ("/manage/role-models/new", "POST"): (L, 400, 400, 400),
    ("/manage/role-models/<int:role_model_id>", "GET"): (L, 403, 200, 200),
    ("/manage/role-models/<int:role_model_id>", "POST"): (L, 403, 302, 302),
    ("/admin/role-models/", "GET"): (L, 403, 403, 200),
    ("/admin/role-models/<int:role_model_id>", "GET"): (L, 403, 403, 200),
    ("/admin/role-models/<int:role_model_id>", "POST"): (L, 403, 403, ST),


    ("/manage/events/<int:event_id>/uitdatabank", "POST"): (L, 403, 302, 302),
    ("/manage/organisations/<int:organisation_id>/uitdatabank", "GET"): (L, 403, 200, 200),
    ("/manage/organisations/<int:organisation_id>/uitdatabank", "POST"): (L, 403, 302, 302),
    ("/admin/uitdatabank/", "GET"): (L, 403, 403, 200),
    ("/admin/uitdatabank/import/", "GET"): (L, 403, 403, 200),
    ("/admin/uitdatabank/import/", "POST"): (L, 403, 403, 400),
    ("/admin/uitdatabank/import/organizers", "POST"): (L, 403, 403, 302),
    # the table's source is an iCal feed, not a UiTdatabank import: not found here
    ("/admin/uitdatabank/import/sources/<int:source_id>/confirm", "POST"): (L, 403, 403, 404),
}


# (rule, method): what a co-organiser of the table's event gets.
CO_ORGANISER_ROWS = {
    ("/manage/events/<int:event_id>", "GET"): 403,
    ("/manage/events/<int:event_id>/preview", "GET"): 403,
    ("/manage/events/<int:event_id>/edit", "GET"): 403,
    ("/manage/events/<int:event_id>/edit", "POST"): 403,
    ("/manage/events/<int:event_id>/submit", "POST"): 403,
    ("/manage/events/<int:event_id>/duplicate", "POST"): 403,
    ("/manage/events/<int:event_id>/delete", "GET"): 403,
    ("/manage/events/<int:event_id>/delete", "POST"): 403,
    ("/manage/events/<int:event_id>/resume", "POST"): 403,
    ("/manage/events/<int:event_id>/cancel", "GET"): 403,
    ("/manage/events/<int:event_id>/cancel", "POST"): 403,
    ("/manage/events/<int:event_id>/postpone", "GET"): 403,
    ("/manage/events/<int:event_id>/postpone", "POST"): 403,
    ("/manage/events/<int:event_id>/sessions/new", "GET"): 403,
    ("/manage/events/<int:event_id>/sessions/new", "POST"): 403,
    ("/manage/events/<int:event_id>/sessions/shift", "GET"): 403,
    ("/manage/events/<int:event_id>/sessions/shift", "POST"): 403,
    ("/manage/events/<int:event_id>/sessions/<int:session_id>/move", "GET"): 403,
    ("/manage/events/<int:event_id>/sessions/<int:session_id>/move", "POST"): 403,
    ("/manage/events/<int:event_id>/sessions/<int:session_id>/cancel", "POST"): 403,
    ("/manage/events/<int:event_id>/sessions/<int:session_id>/restore", "POST"): 403,
    ("/manage/events/<int:event_id>/network", "GET"): 403,
    ("/manage/events/<int:event_id>/network", "POST"): 403,
    # Seeing: the list, the export, the attendance list, check-in at the door, QR codes.
    ("/manage/events/<int:event_id>/registrations", "GET"): 200,
    ("/manage/events/<int:event_id>/participants", "GET"): 200,
    ("/manage/events/<int:event_id>/registrations.csv", "GET"): 200,
    ("/manage/events/<int:event_id>/registrations/attendance", "GET"): 200,
    ("/manage/events/<int:event_id>/registrations/checkin", "GET"): 200,
    ("/manage/events/<int:event_id>/registrations/checkin", "POST"): ST,
    ("/manage/events/<int:event_id>/registrations/<int:registration_id>/qr.svg", "GET"): ST,
    # Changing what participants get: only the organisation that edits the event.
    ("/manage/events/<int:event_id>/registrations/mail", "GET"): 403,
    ("/manage/events/<int:event_id>/registrations/mail", "POST"): 403,
    ("/manage/events/<int:event_id>/registrations/questions", "GET"): 403,
    ("/manage/events/<int:event_id>/registrations/questions", "POST"): 403,
    ("/manage/events/<int:event_id>/registrations/<int:registration_id>/cancel", "POST"): 403,
    ("/manage/events/<int:event_id>/registrations/<int:registration_id>/promote", "POST"):
        403,
    ("/manage/events/<int:event_id>/uitdatabank", "POST"): 403,


    ("/manage/events/<int:event_id>/registrations/groups", "GET"): 403,
    ("/manage/events/<int:event_id>/registrations/groups", "POST"): 403,
    ("/manage/events/<int:event_id>/registrations/<int:registration_id>/offer", "POST"): 403,
}


def _routes(app) -> set[tuple[str, str]]:
    return {(rule.rule, method) for rule in app.url_map.iter_rules()
            if rule.rule.startswith(("/manage", "/admin"))
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def test_every_route_has_a_row(app):
    routes = _routes(app)
    assert routes - set(ROWS) == set(), "routes without a row in the authorization table"
    assert set(ROWS) - routes == set(), "rows for routes that no longer exist"
    of_one_event = {(rule, method) for rule, method in routes
                    if rule.startswith("/manage/events/<int:event_id>")}
    assert of_one_event == set(CO_ORGANISER_ROWS), "routes of one event without a co-organiser row"


def _fast_user(db, role=Role.ORGANISER) -> User:
    """A user with a cheap hash: this table signs in hundreds of times."""
    user = User(email=f"{uuid.uuid4().hex[:8]}@example.be", display_name="Test", role=role,
                password_hash=generate_password_hash("correct horse 42",
                                                     method="pbkdf2:sha256:1000"))
    db.session.add(user)
    return user


@pytest.fixture
def world(db, make_organisation, make_event):
    victim = make_organisation(name="Organisatie A")
    other = make_organisation(name="Organisatie B")
    partner = make_organisation(name="Organisatie C")
    member, stranger, co_organiser = _fast_user(db), _fast_user(db), _fast_user(db)
    db.session.add_all([
        Membership(user=member, organisation=victim, role=MemberRole.OWNER),
        Membership(user=stranger, organisation=other, role=MemberRole.OWNER),
        Membership(user=co_organiser, organisation=partner, role=MemberRole.OWNER)])
    start = now_utc() + timedelta(days=5)
    event = make_event(organisation=victim, status=EventStatus.DRAFT, co_organisations=[partner],
                       sessions=[(start, start + timedelta(hours=2)),
                                 (start + timedelta(days=7), start + timedelta(days=7, hours=2))])
    override = HolidayOverride(year=2030, key="extra", name="Brugdag",
                               first_day=date(2030, 5, 31), last_day=date(2030, 5, 31))
    initiative = new_initiative("Codeerclub", status=InitiativeStatus.IN_REVIEW)
    initiative.organisations = [victim]
    # An import source whose feed address is refused at once (no network needed).
    source = ImportSource(organisation_id=victim.id, name="Agenda", url="http://127.0.0.1:9/a")
    role_model = RoleModel(name="Yasmina", job="Ingenieur", organisation_id=victim.id)
    db.session.add_all([override, initiative, source, role_model])
    db.session.commit()
    users = {"anonymous": None, "stranger": stranger, "member": member,
             "coordinator": _fast_user(db, Role.ADMIN), "co-organiser": co_organiser}
    db.session.commit()
    ids = {"event_id": event.id, "session_id": event.sessions[0].id,
           "organisation_id": victim.id, "override_id": override.id,
           "other_organisation_id": other.id, "user_id": member.id,
           "registration_id": 987654, "year": 2026, "nomination_id": 987654,
           "item_id": 987654, "stand_id": 987654, "category_id": 987654,
           "initiative_id": initiative.id, "source_id": source.id,
           "role_model_id": role_model.id, "club_id": 987654, "round_id": 987654,
           "juror_id": 987654, "criterion_id": 987654,
           "occurrence_id": 987654, "audience_id": 1}
    return users, ids


def _answer(client, login, world, role, rule, method):
    users, ids = world
    if users[role] is not None:
        login(users[role])
    url = rule
    for name in ("event_id", "session_id", "organisation_id", "override_id", "user_id",
                 "registration_id", "year", "nomination_id", "item_id", "stand_id",
                 "category_id", "initiative_id", "source_id", "role_model_id", "club_id",
                 "round_id", "juror_id", "criterion_id", "occurrence_id",
                 "audience_id"):
        url = url.replace(f"<int:{name}>", str(ids[name]))
    url = url.replace("<name>", "goals")
    data = {}
    if rule in ("/manage/events/new", "/manage/initiatives/new",
                "/manage/imports/new", "/manage/role-models/new") and method == "POST":
        data = {"organisation_id": str(ids["organisation_id"])}  # a hidden id of someone else
    return url, client.open(url, method=method, data=data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rule,method", sorted(ROWS))
def test_authorization_table(client, login, world, role, rule, method):
    url, response = _answer(client, login, world, role, rule, method)
    expected = ROWS[(rule, method)][ROLES.index(role)]
    if expected == ST:
        assert response.status_code not in (401, 403) and response.status_code < 500, (
            role, method, url, response.status_code)
        return
    assert response.status_code == expected, (role, method, url, response.text[:500])
    if expected == L and role == "anonymous":
        assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("rule,method", sorted(CO_ORGANISER_ROWS))
def test_co_organisers_see_registrations_but_do_not_change_them(
        client, login, world, rule, method):
    url, response = _answer(client, login, world, "co-organiser", rule, method)
    expected = CO_ORGANISER_ROWS[(rule, method)]
    if expected == ST:
        assert response.status_code not in (401, 403) and response.status_code < 500, (
            method, url, response.status_code)
        return
    assert response.status_code == expected, (method, url, response.text[:500])


def test_a_hidden_organisation_id_cannot_create_for_another_organisation(
        client, db, login, world):
    import sqlalchemy as sa

    from stem_events.events.models import Event

    users, ids = world
    login(users["stranger"])
    client.post("/manage/events/new", data={
        "organisation_id": str(ids["organisation_id"]), "kind": "workshop", "title": "Kaping",
        "municipality": "Gent", "first_day": "2030-01-09", "start_time": "10:00",
        "end_time": "12:00", "repeat": "none", "price_kind": "free",
        "registration_mode": "none"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)
                             .where(Event.title == "Kaping")) == 0


def test_a_hidden_organisation_id_cannot_create_an_initiative_for_another_organisation(
        client, db, login, world):
    import sqlalchemy as sa

    from stem_events.initiatives.models import Initiative

    users, ids = world
    login(users["stranger"])
    response = client.post("/manage/initiatives/new", data={
        "organisation_id": str(ids["organisation_id"]), "name": "Kaping"})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Initiative)
                             .where(Initiative.name == "Kaping")) == 0


def test_a_missing_event_is_404(client, login, world):
    users, _ = world
    login(users["coordinator"])
    assert client.get("/manage/events/999999").status_code == 404
