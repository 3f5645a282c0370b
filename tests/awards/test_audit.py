"""Every change a coordinator makes to a round lands in the audit log, named in Dutch."""

from __future__ import annotations

import sqlalchemy as sa

from stem_events.audit.models import AuditEntry
from stem_events.awards.models import Nomination
from tests.awards.factories import AFTER_JURY, IN_NOMINATIONS


def _entries(db) -> list[AuditEntry]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)))


def _actions(db) -> list[str]:
    return [e.action for e in _entries(db)]


def test_every_change_to_a_round_is_logged_in_dutch(client, db, freeze_now, make_round,
                                                    make_initiative, as_coordinator, mailbox):
    freeze_now(IN_NOMINATIONS)
    coordinator = as_coordinator()
    created = client.post("/admin/awards/new", data={
        "title": "STEM-awards 2027", "year": "2027", "validity_years": "2",
        "nominations_open": "2027-03-01", "nominations_close": "2027-03-31",
        "jury_close": "2027-04-30"})
    assert created.status_code == 302
    entry = _entries(db)[-1]
    assert entry.action == "award_round_created" and entry.subject == "STEM-awards 2027"
    assert entry.user_id == coordinator.id

    award_round = make_round()
    base = f"/admin/awards/{award_round.id}"
    assert client.post(base, data={
        "title": "STEM-awards 2026", "year": "2026", "validity_years": "3",
        "nominations_open": "2026-03-01", "nominations_close": "2026-04-15",
        "jury_close": "2026-05-01"}).status_code == 302
    edited = _entries(db)[-1]
    assert edited.action == "award_round_edited" and edited.subject == "STEM-awards 2026"
    assert edited.changes["validity_years"] == [2, 3]
    assert set(edited.changes) == {"validity_years", "nominations_close"}

    assert client.post(f"{base}/categories", data={"category-name": "Meisjes in STEM",
                                                   "category-description": ""}
                       ).status_code == 302
    category = award_round.categories[0]
    second = award_round.categories[1]
    assert client.post(f"{base}/categories/{second.id}/move",
                       data={"direction": "up"}).status_code == 302
    assert client.post(f"{base}/categories/{category.id}", data={
        "name": "Beste STEM-praktijk", "description": "", "position": "2",
        **{f"criterion-{c.id}": c.name for c in category.criteria}}).status_code == 302
    assert client.post(f"{base}/categories/{category.id}/criteria", data={
        f"criterion-{category.id}-name": "Duurzaamheid",
        f"criterion-{category.id}-weight": "2"}).status_code == 302
    criterion = category.criteria[-1]
    assert client.post(f"{base}/categories/{category.id}/criteria/{criterion.id}/delete"
                       ).status_code == 302
    assert client.post(f"{base}/categories/{category.id}/jurors", data={
        f"juror-{category.id}-email": "jury@example.be", f"juror-{category.id}-name": "Jo",
        f"juror-{category.id}-organisation": ""}).status_code == 302
    juror = category.jurors[0]
    assert client.post(f"{base}/jurors/{juror.id}/delete").status_code == 302
    assert client.post(f"{base}/categories/{second.id}/delete").status_code == 302
    assert _actions(db)[2:] == [
        "award_category_added", "award_category_moved", "award_category_edited",
        "award_criterion_added", "award_criterion_removed", "award_juror_appointed",
        "award_juror_removed", "award_category_deleted"]
    renamed = next(e for e in _entries(db) if e.action == "award_category_edited")
    assert renamed.changes["name"] == ["Beste praktijk", "Beste STEM-praktijk"]

    freeze_now(AFTER_JURY)
    nomination = Nomination(initiative=make_initiative("Robotlab"))
    category.nominations.append(nomination)
    db.session.commit()
    assert client.post(f"{base}/categories/{category.id}/marks", data={
        "shortlisted": [str(nomination.id)], "winners": [str(nomination.id)]}
        ).status_code == 302
    marked = _entries(db)[-1]
    assert marked.action == "award_marks" and "Robotlab" in str(marked.changes)
    assert client.post(f"{base}/publish").status_code == 302
    assert client.post(f"{base}/withdraw").status_code == 302
    assert _actions(db)[-2:] == ["award_results_published", "award_results_withdrawn"]
    assert all(e.subject == "STEM-awards 2026" for e in _entries(db)[1:])

    log = client.get("/admin/audit").text
    for label in ("awardronde aangemaakt", "awardronde gewijzigd", "awardcategorie toegevoegd",
                  "volgorde van de awardcategorieën gewijzigd", "awardcategorie gewijzigd",
                  "awardcategorie verwijderd", "jurycriterium toegevoegd",
                  "jurycriterium verwijderd", "jurylid aangesteld", "jurylid verwijderd",
                  "shortlist en winnaars aangeduid", "awardresultaten gepubliceerd",
                  "awardresultaten teruggenomen", "geldigheid van het label (jaren)"):
        assert label in log, label
    for action in ("award_round_created", "award_category_moved", "award_marks"):
        assert f">{action}" not in log


def test_a_refused_change_is_not_logged(client, db, freeze_now, make_round, as_coordinator):
    freeze_now(IN_NOMINATIONS)
    award_round = make_round()
    as_coordinator()
    response = client.post(f"/admin/awards/{award_round.id}/categories", data={
        "category-name": "beste praktijk", "category-description": ""})
    assert response.status_code == 409
    assert _actions(db) == []
