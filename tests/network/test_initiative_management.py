"""Organisations maintain their own initiatives under /manage/initiatives, moderated like events
by the coordinators under /admin (issue 8)."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from stem_events.accounts.models import MemberRole, Membership, Role
from stem_events.audit.models import AuditEntry
from stem_events.awards.models import AwardCategory, AwardRound, Nomination
from stem_events.editions.models import Edition, MarketStand
from stem_events.events.models import EventStatus
from stem_events.initiatives.models import Initiative, InitiativeStatus
from stem_events.reference.models import Theme
from tests.conftest import utc
from tests.mailbox import read_mail


@pytest.fixture
def owner(db, make_user, make_organisation):
    """An owner of an approved, not trusted organisation: (user, organisation)."""
    organisation = make_organisation(name="STEM-academie Gent", contact_email="info@academie.be")
    user = make_user(email="org@academie.be")
    db.session.add(Membership(user=user, organisation=organisation, role=MemberRole.OWNER))
    db.session.commit()
    return user, organisation


@pytest.fixture
def coordinator(make_user):
    return make_user(role=Role.ADMIN, email="coordinator@vlaio.be")


def theme_id(db, slug="robotica") -> int:
    return db.session.scalar(sa.select(Theme.id).where(Theme.slug == slug))


def form(organisation_id, /, **overrides) -> dict:
    data = {
        "organisation_id": str(organisation_id), "name": "Codeerclub Gent",
        "summary": "Elke woensdag programmeren.", "description": "Met **Scratch** en Python.",
        "audience": "kinderen, meisjes in het bijzonder", "age_min": "8", "age_max": "12",
        "goals": ["OD1.2.1", "OD1.2.2"], "municipalities": ["44021", "44084"],
        "website": "https://codeerclub.example", "contact_email": "info@codeerclub.example",
        "contact_phone": "09 123 45 67",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def edit_form(initiative, organisation_id, **overrides) -> dict:
    data = form(organisation_id, version=str(initiative.version))
    data.update(overrides)
    return data


def only_initiative(db) -> Initiative:
    db.session.expire_all()
    return db.session.scalars(sa.select(Initiative)).one()


def count(db, model=Initiative) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def actions(db) -> list[str]:
    return db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()


def new_mails(app, before) -> list[str]:
    return [read_mail(p) for p in set(Path(app.config["OUTBOX_DIR"]).glob("*.eml")) - before]


def outbox(app) -> set:
    return set(Path(app.config["OUTBOX_DIR"]).glob("*.eml"))


# --- creating and editing --------------------------------------------------------------------

def test_an_organiser_creates_a_draft_with_every_field(client, db, login, owner,
                                                       make_organisation):
    user, organisation = owner
    partner = make_organisation(name="Bibliotheek Gent")
    login(user)
    page = client.get("/manage/initiatives/new")
    assert page.status_code == 200
    assert page.text.count('name="municipalities"') == 304  # every municipality, by province
    assert "Provincie" not in page.text.split("<summary>")[1][:40]  # short province names
    response = client.post("/manage/initiatives/new", data=form(
        organisation.id, co_organisations=[str(partner.id)], themes=[str(theme_id(db))]))
    assert response.status_code == 302, response.text
    initiative = only_initiative(db)
    assert response.headers["Location"].endswith(f"/manage/initiatives/{initiative.id}")
    assert initiative.status == InitiativeStatus.DRAFT
    assert initiative.slug == "codeerclub-gent" and initiative.version == 1
    assert [o.name for o in initiative.organisations] == ["Bibliotheek Gent",
                                                          "STEM-academie Gent"]
    assert [t.slug for t in initiative.themes] == ["robotica"]
    assert sorted(g.code for g in initiative.goals) == ["OD1.2.1", "OD1.2.2"]
    assert sorted(m.nis for m in initiative.municipalities) == ["44021", "44084"]
    assert (initiative.age_min, initiative.age_max) == (8, 12)
    assert initiative.contact_phone == "09 123 45 67"
    assert "codeerclub" in initiative.search_text
    assert actions(db) == ["created"]
    detail = client.get(f"/manage/initiatives/{initiative.id}").text
    assert "ontwerp" in detail and "aangemaakt" in detail
    assert client.get(f"/initiatives/{initiative.id}").status_code == 404  # not public
    listing = client.get("/manage/initiatives").text
    assert "Codeerclub Gent" in listing and "Ontwerp (1)" in listing


def test_a_description_preview_saves_nothing(client, db, login, owner):
    user, organisation = owner
    login(user)
    response = client.post("/manage/initiatives/new",
                           data=form(organisation.id, preview="1"))
    assert response.status_code == 200
    assert "<strong>Scratch</strong>" in response.text
    assert count(db) == 0


LONG = "x" * 401
BAD_INPUT = [
    ({"name": ""}, "Vul de naam van het initiatief in."),
    ({"name": "n" * 201}, "Hoogstens 200 tekens."),
    ({"summary": LONG}, "Hoogstens 400 tekens."),
    ({"description": "d" * 20001}, "Hoogstens 20 000 tekens."),
    ({"audience": LONG}, "Hoogstens 400 tekens."),
    ({"age_min": "-1"}, "Een leeftijd tussen 0 en 120 jaar."),
    ({"age_max": "121"}, "Een leeftijd tussen 0 en 120 jaar."),
    ({"age_min": "acht"}, "age_min"),
    ({"age_min": "14", "age_max": "12"}, "De maximumleeftijd is lager dan de minimumleeftijd."),
    ({"themes": ["987654"]}, "Kies thema&#39;s uit de lijst."),
    ({"themes": ["abc"]}, "Kies thema&#39;s uit de lijst."),
    ({"goals": ["SD1"]}, "Kies operationele doelen (OD) uit de lijst."),
    ({"goals": ["OD9.9.9"]}, "Kies operationele doelen (OD) uit de lijst."),
    ({"municipalities": ["99999"]}, "Kies gemeenten uit de lijst."),
    ({"municipalities": ["Gent"]}, "Kies gemeenten uit de lijst."),
    ({"website": "geen adres"}, "Dit is geen geldig webadres"),
    ({"website": "ftp://codeerclub.example"}, "Dit is geen geldig webadres"),
    ({"website": "https://codeerclub.example/" + "a" * 300}, "Hoogstens 300 tekens."),
    ({"contact_email": "info-at-codeerclub"}, "Dit is geen geldig e-mailadres."),
    ({"contact_phone": "123"}, "Dit is geen geldig telefoonnummer"),
    ({"contact_phone": "bel me"}, "Dit is geen geldig telefoonnummer"),
    ({"contact_phone": "0" * 41}, "Hoogstens 40 tekens."),
    ({"organisation_id": "abc"}, "Kies een van je eigen organisaties."),
    ({"organisation_id": "987654"}, "Kies een van je eigen organisaties."),
    ({"co_organisations": ["987654"]}, "Kies organisaties uit de lijst."),
    ({"co_organisations": ["x"]}, "Kies organisaties uit de lijst."),
]


@pytest.mark.parametrize("overrides,message", BAD_INPUT)
def test_bad_input_is_explained_and_kept_and_nothing_is_saved(client, db, login, owner,
                                                              overrides, message):
    user, organisation = owner
    login(user)
    response = client.post("/manage/initiatives/new",
                           data=form(organisation.id,
                                     **{"summary": "Mijn getypte tekst", **overrides}))
    assert response.status_code == 400
    assert message in response.text
    assert 'role="alert"' in response.text
    if "summary" not in overrides:
        assert "Mijn getypte tekst" in response.text  # the input is kept
    assert count(db) == 0 and actions(db) == []


def test_the_service_checks_what_a_form_may_not(db, owner, make_organisation):
    """Callers other than the form (or a form that changes) cannot slip past the rules."""
    from stem_events.errors import FieldError
    from stem_events.initiatives import services as initiatives

    user, organisation = owner
    other = make_organisation(name="Andere vzw")
    good = initiatives.InitiativeInput(name="Codeerclub", organisation_id=organisation.id)
    for change, field in (({"website": "ftp://codeerclub.example"}, "website"),
                          ({"name": "  "}, "name"),
                          ({"organisation_id": other.id}, "organisation_id"),
                          ({"age_min": 12, "age_max": 8}, "age_max")):
        data = initiatives.InitiativeInput(**{**good.__dict__, **change})
        with pytest.raises(FieldError) as error:
            initiatives.create_initiative(user, data)
        assert error.value.field == field
    db.session.rollback()
    assert count(db) == 0


def test_another_organisations_id_and_an_unapproved_partner_are_refused(
        client, db, login, owner, make_organisation):
    user, organisation = owner
    other = make_organisation(name="Andere vzw")
    pending = make_organisation(name="Nieuwe vzw", approved=False)
    login(user)
    response = client.post("/manage/initiatives/new", data=form(other.id))
    assert response.status_code == 400 and "Kies een van je eigen organisaties." in response.text
    response = client.post("/manage/initiatives/new",
                           data=form(organisation.id, co_organisations=[str(pending.id)]))
    assert response.status_code == 400 and "Kies organisaties uit de lijst." in response.text
    assert count(db) == 0


def test_an_unapproved_organisation_cannot_create_initiatives(client, db, login, make_user,
                                                               make_organisation):
    organisation = make_organisation(name="Nieuwe vzw", approved=False)
    user = make_user()
    db.session.add(Membership(user=user, organisation=organisation, role=MemberRole.OWNER))
    db.session.commit()
    login(user)
    response = client.get("/manage/initiatives/new")
    assert response.status_code == 302
    assert "goedgekeurd" in client.get(response.headers["Location"]).text
    assert client.post("/manage/initiatives/new", data=form(organisation.id)).status_code == 302
    assert count(db) == 0


def test_edit_saves_every_field_and_logs_the_diff(client, db, login, owner):
    user, organisation = owner
    login(user)
    client.post("/manage/initiatives/new", data=form(organisation.id))
    initiative = only_initiative(db)
    page = client.get(f"/manage/initiatives/{initiative.id}/edit")
    assert page.status_code == 200 and 'value="Codeerclub Gent"' in page.text
    assert 'id="municipality-44021" value="44021" checked' in page.text
    response = client.post(f"/manage/initiatives/{initiative.id}/edit", data=edit_form(
        initiative, organisation.id, name="Codeerclub Gent-Zuid", age_max="",
        municipalities=["44021"], goals=["OD1.2.1"], website="http://zuid.example",
        contact_phone="+32 470 12 34 56", themes=[str(theme_id(db, "ai"))]))
    assert response.status_code == 302, response.text
    initiative = only_initiative(db)
    assert initiative.name == "Codeerclub Gent-Zuid" and initiative.slug == "codeerclub-gent-zuid"
    assert initiative.age_max is None and initiative.version == 2
    assert [m.nis for m in initiative.municipalities] == ["44021"]
    assert [t.slug for t in initiative.themes] == ["ai"]
    edited = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "edited")).one()
    assert edited.initiative_id == initiative.id and edited.organisation_id == organisation.id
    assert edited.changes["name"] == ["Codeerclub Gent", "Codeerclub Gent-Zuid"]
    assert edited.changes["municipalities"] == [["Aalter", "Gent"], ["Gent"]]


def test_a_stale_form_is_refused_with_the_input_kept(client, db, login, owner):
    user, organisation = owner
    login(user)
    client.post("/manage/initiatives/new", data=form(organisation.id))
    initiative = only_initiative(db)
    stale = edit_form(initiative, organisation.id, name="Mijn versie")
    client.post(f"/manage/initiatives/{initiative.id}/edit",
                data=edit_form(initiative, organisation.id, name="Jouw versie"))
    response = client.post(f"/manage/initiatives/{initiative.id}/edit", data=stale)
    assert response.status_code == 409
    assert "Iemand anders wijzigde dit initiatief" in response.text
    assert 'value="Mijn versie"' in response.text
    assert only_initiative(db).name == "Jouw versie"


def test_a_co_owning_organisations_member_edits_and_keeps_their_own_organisation(
        client, db, login, owner, make_user, make_organisation):
    user, organisation = owner
    partner = make_organisation(name="Bibliotheek Gent")
    colleague = make_user()
    db.session.add(Membership(user=colleague, organisation=partner, role=MemberRole.EDITOR))
    db.session.commit()
    login(user)
    client.post("/manage/initiatives/new",
                data=form(organisation.id, co_organisations=[str(partner.id)]))
    initiative = only_initiative(db)
    client.post("/logout")
    login(colleague)
    page = client.get(f"/manage/initiatives/{initiative.id}/edit")
    assert page.status_code == 200
    # the colleague's own organisation is preselected; the academy is a co-owner
    assert f'<option selected value="{partner.id}">' in page.text
    assert "Codeerclub Gent" in client.get("/manage/initiatives").text


# --- the workflow ----------------------------------------------------------------------------

def test_submit_approve_publishes_and_mails(client, db, login, owner, coordinator, app):
    user, organisation = owner
    login(user)
    client.post("/manage/initiatives/new", data=form(organisation.id))
    initiative = only_initiative(db)
    assert client.post(f"/manage/initiatives/{initiative.id}/submit").status_code == 302
    initiative = only_initiative(db)
    assert initiative.status == InitiativeStatus.IN_REVIEW
    assert client.get(f"/initiatives/{initiative.id}").status_code == 404
    assert "Codeerclub Gent" not in client.get("/api/v1/initiatives").text
    client.post("/logout")

    login(coordinator)
    index = client.get("/admin/").text
    assert "Initiatieven ter goedkeuring (1)" in index and "Codeerclub Gent" in index
    review = client.get(f"/admin/initiatives/{initiative.id}")
    assert review.status_code == 200 and "Nog nooit goedgekeurd." in review.text
    before = outbox(app)
    response = client.post(f"/admin/initiatives/{initiative.id}", data={"decision": "approve"})
    assert response.status_code == 302
    initiative = only_initiative(db)
    assert initiative.status == InitiativeStatus.PUBLISHED
    mails = new_mails(app, before)
    assert any("Goedgekeurd: Codeerclub Gent" in m and "To: org@academie.be" in m
               and f"/initiatives/{initiative.id}-codeerclub-gent" in m for m in mails)
    assert client.get(f"/initiatives/{initiative.id}-{initiative.slug}").status_code == 200
    assert "Codeerclub Gent" in client.get("/api/v1/initiatives").text
    assert actions(db) == ["created", "submitted", "approved"]
    assert "Initiatieven ter goedkeuring (0)" in client.get("/admin/").text


def test_reject_needs_a_reason_mails_it_and_the_organiser_can_resubmit(
        client, db, login, owner, coordinator, app, make_initiative):
    user, organisation = owner
    initiative = make_initiative(organisations=[organisation], status=InitiativeStatus.IN_REVIEW)
    login(coordinator)
    response = client.post(f"/admin/initiatives/{initiative.id}",
                           data={"decision": "reject", "reason": "  "})
    assert response.status_code == 400 and "Geef een reden" in response.text
    assert only_initiative(db).status == InitiativeStatus.IN_REVIEW
    before = outbox(app)
    client.post(f"/admin/initiatives/{initiative.id}",
                data={"decision": "reject", "reason": "Geen STEM-inhoud."})
    initiative = only_initiative(db)
    assert initiative.status == InitiativeStatus.REJECTED
    assert initiative.status_reason == "Geen STEM-inhoud."
    assert any("Niet goedgekeurd: Codeerclub Gent" in m and "Geen STEM-inhoud." in m
               and "To: org@academie.be" in m
               and f"/manage/initiatives/{initiative.id}" in m for m in new_mails(app, before))
    client.post("/logout")
    login(user)
    detail = client.get(f"/manage/initiatives/{initiative.id}").text
    assert "Reden van de afwijzing" in detail and "Geen STEM-inhoud." in detail
    client.post(f"/manage/initiatives/{initiative.id}/submit")
    assert only_initiative(db).status == InitiativeStatus.IN_REVIEW


def test_approving_twice_or_a_draft_is_refused(client, db, login, owner, coordinator,
                                               make_initiative):
    initiative = make_initiative(organisations=[owner[1]], status=InitiativeStatus.DRAFT)
    login(coordinator)
    response = client.post(f"/admin/initiatives/{initiative.id}", data={"decision": "approve"})
    assert response.status_code == 409
    assert "Dit initiatief wacht niet op goedkeuring." in response.text
    assert only_initiative(db).status == InitiativeStatus.DRAFT and actions(db) == []


@pytest.mark.parametrize("who", ["trusted member", "coordinator"])
def test_a_trusted_organisation_and_a_coordinator_publish_directly(
        client, db, login, owner, coordinator, make_initiative, who):
    user, organisation = owner
    organisation.trusted = who == "trusted member"
    db.session.commit()
    initiative = make_initiative(organisations=[organisation], status=InitiativeStatus.DRAFT)
    login(user if who == "trusted member" else coordinator)
    client.post(f"/manage/initiatives/{initiative.id}/submit")
    assert only_initiative(db).status == InitiativeStatus.PUBLISHED
    assert actions(db) == ["published"]


def test_submitting_twice_is_refused_with_a_message(client, db, login, owner, make_initiative):
    initiative = make_initiative(organisations=[owner[1]], status=InitiativeStatus.IN_REVIEW)
    login(owner[0])
    response = client.post(f"/manage/initiatives/{initiative.id}/submit", follow_redirects=True)
    assert "Alleen een ontwerp of een afgewezen initiatief kan ingediend worden." in response.text
    assert actions(db) == []


def test_an_edit_after_approval_stays_published_and_is_listed_for_coordinators(
        client, db, login, owner, coordinator):
    user, organisation = owner
    login(user)
    client.post("/manage/initiatives/new", data=form(organisation.id))
    initiative = only_initiative(db)
    client.post(f"/manage/initiatives/{initiative.id}/submit")
    client.post("/logout")
    login(coordinator)
    client.post(f"/admin/initiatives/{initiative.id}", data={"decision": "approve"})
    assert "Initiatieven gewijzigd na goedkeuring (0)" in client.get("/admin/").text
    client.post("/logout")
    login(user)
    initiative = only_initiative(db)
    response = client.post(f"/manage/initiatives/{initiative.id}/edit",
                           data=edit_form(initiative, organisation.id, name="Codeerclub XL"))
    assert response.status_code == 302
    assert only_initiative(db).status == InitiativeStatus.PUBLISHED
    assert client.get(f"/initiatives/{initiative.id}-codeerclub-xl").status_code == 200
    client.post("/logout")
    login(coordinator)
    index = client.get("/admin/").text
    assert "Initiatieven gewijzigd na goedkeuring (1)" in index
    assert "<ins>Codeerclub XL</ins>" in index
    review = client.get(f"/admin/initiatives/{initiative.id}").text
    assert "<del>Codeerclub Gent</del>" in review
    audit_log = client.get("/admin/audit").text
    assert f'href="/admin/initiatives/{initiative.id}"' in audit_log


def test_withdraw_takes_a_published_initiative_offline(client, db, login, owner,
                                                       make_initiative):
    initiative = make_initiative(organisations=[owner[1]])
    assert client.get(f"/initiatives/{initiative.id}-{initiative.slug}").status_code == 200
    login(owner[0])
    assert client.post(f"/manage/initiatives/{initiative.id}/withdraw").status_code == 302
    assert only_initiative(db).status == InitiativeStatus.DRAFT
    assert client.get(f"/initiatives/{initiative.id}-{initiative.slug}").status_code == 404
    assert actions(db) == ["withdrawn"]
    response = client.post(f"/manage/initiatives/{initiative.id}/withdraw",
                           follow_redirects=True)
    assert "kan teruggetrokken worden" in response.text
    assert actions(db) == ["withdrawn"]


def test_a_draft_is_deleted_and_the_log_remembers_it(client, db, login, owner):
    user, organisation = owner
    login(user)
    client.post("/manage/initiatives/new", data=form(organisation.id))
    initiative = only_initiative(db)
    assert client.get(f"/manage/initiatives/{initiative.id}/delete").status_code == 200
    response = client.post(f"/manage/initiatives/{initiative.id}/delete")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/manage/initiatives")
    assert count(db) == 0
    deleted = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "deleted")
                                 ).one()
    assert deleted.subject == "Codeerclub Gent" and deleted.organisation_id == organisation.id


def test_a_published_initiative_is_not_deleted(client, db, login, owner, make_initiative):
    initiative = make_initiative(organisations=[owner[1]])
    login(owner[0])
    response = client.post(f"/manage/initiatives/{initiative.id}/delete", follow_redirects=True)
    assert "Alleen een ontwerp kan verwijderd worden" in response.text
    assert count(db) == 1


@pytest.mark.parametrize("link", ["event", "stand", "nomination"])
def test_a_draft_that_is_referred_to_is_not_deleted(client, db, login, owner, make_initiative,
                                                   make_event, make_edition, link):
    event = make_event(status=EventStatus.PUBLISHED)
    initiative = make_initiative(organisations=[owner[1]], status=InitiativeStatus.DRAFT,
                                 events=[event] if link == "event" else ())
    if link != "event":
        edition = make_edition(2028)
        if link == "stand":
            edition.stands.append(MarketStand(initiative=initiative, stand_number="M01"))
        else:
            award_round = AwardRound(title="STEM-awards 2028", year=2028, edition=edition,
                                     nominations_open=utc(2028, 1, 1),
                                     nominations_close=utc(2028, 2, 1),
                                     jury_close=utc(2028, 3, 1))
            category = AwardCategory(name="Beste STEM-academie")
            category.nominations.append(Nomination(initiative=initiative))
            award_round.categories.append(category)
            db.session.add(award_round)
        db.session.commit()
    login(owner[0])
    confirm = client.get(f"/manage/initiatives/{initiative.id}/delete").text
    assert "kan niet verwijderd worden" in confirm and "Definitief verwijderen" not in confirm
    response = client.post(f"/manage/initiatives/{initiative.id}/delete", follow_redirects=True)
    assert "kan niet verwijderd worden" in response.text
    expected = {"event": "voorgesteld op 1 activiteit", "stand": "stand(en) op de markt",
                "nomination": "genomineerd"}[link]
    assert expected in response.text
    assert count(db) == 1 and count(db, Edition) == (0 if link == "event" else 1)
    assert actions(db) == []


# --- who may ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["", "/edit", "/delete"])
def test_another_organisations_initiative_is_403(client, db, login, owner, make_initiative,
                                                 make_organisation, path):
    initiative = make_initiative(organisations=[make_organisation(name="Andere vzw")])
    login(owner[0])
    assert client.get(f"/manage/initiatives/{initiative.id}{path}").status_code == 403
    for action in ("submit", "withdraw", "delete", "edit"):
        assert client.post(f"/manage/initiatives/{initiative.id}/{action}",
                           data=form(owner[1].id)).status_code == 403
    assert only_initiative(db).status == InitiativeStatus.PUBLISHED and actions(db) == []
    assert "Codeerclub Gent" not in client.get("/manage/initiatives").text


@pytest.mark.parametrize("path", [
    "/manage/initiatives/0", "/manage/initiatives/987654", "/manage/initiatives/2147483648",
    "/manage/initiatives/99999999999999999999", "/manage/initiatives/abc",
    "/manage/initiatives/-1/edit", "/manage/initiatives/1.5", "/admin/initiatives/0",
    "/admin/initiatives/2147483648", "/admin/initiatives/abc",
])
def test_ids_out_of_range_or_not_numeric_are_404(client, login, coordinator, path):
    login(coordinator)
    assert client.get(path).status_code == 404


def test_coordinators_see_every_initiative_organisers_only_theirs(
        client, db, login, owner, coordinator, make_initiative, make_organisation):
    make_initiative("Eigen initiatief", organisations=[owner[1]], status=InitiativeStatus.DRAFT)
    make_initiative("Ander initiatief", organisations=[make_organisation(name="Andere vzw")],
                    status=InitiativeStatus.IN_REVIEW)
    login(owner[0])
    mine = client.get("/manage/initiatives").text
    assert "Eigen initiatief" in mine and "Ander initiatief" not in mine
    client.post("/logout")
    login(coordinator)
    every = client.get("/manage/initiatives").text
    assert "Ontwerp (1)" in every and "Ter goedkeuring (1)" in every


def test_pages_link_to_the_initiatives(client, login, owner):
    login(owner[0])
    assert 'href="/manage/initiatives"' in client.get("/manage/").text
    assert 'href="/manage/initiatives"' in client.get(
        f"/manage/organisations/{owner[1].id}").text


def test_network_moment_form_offers_published_initiatives_only(
        client, login, coordinator, make_event, make_initiative):
    from stem_events.reference.models import EventKind

    make_initiative("Gepubliceerd initiatief")
    make_initiative("Ontwerp-initiatief", status=InitiativeStatus.DRAFT)
    event = make_event(kind=EventKind.NETWORK_MOMENT)
    login(coordinator)
    page = client.get(f"/admin/network/{event.id}").text
    assert "Gepubliceerd initiatief" in page and "Ontwerp-initiatief" not in page
