"""The awards' rules one by one: the registry's label filter, renewal of a label, the jury's
links and account seats, the coordinators' forms, and the edition's pages."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from stem_events.accounts.models import Role
from stem_events.awards import jury, results
from stem_events.awards.models import (
    AwardCategory,
    AwardRound,
    Juror,
    Nomination,
    Score,
)
from stem_events.initiatives import labels
from tests.awards.factories import AFTER_JURY, IN_JURY, IN_NOMINATIONS


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _won(db, award_round, initiative) -> Nomination:
    nomination = Nomination(initiative=initiative, shortlisted=True, winner=True)
    award_round.categories[0].nominations.append(nomination)
    db.session.commit()
    return nomination


def test_a_bad_label_filter_is_a_dutch_400(client):
    page = client.get("/initiatives?label=ja")
    assert page.status_code == 400 and "‘label’ moet 1 zijn." in page.text
    api = client.get("/api/v1/initiatives?label=2")
    assert api.status_code == 400 and api.get_json()["error"]["message"] == "‘label’ moet 1 zijn."


def test_winning_again_renews_the_label(app, db, freeze_now, make_round, make_initiative):
    club = make_initiative("Codeerclub Gent")
    freeze_now(AFTER_JURY)
    first = make_round()
    _won(db, first, club)
    with app.test_request_context():
        results.publish(first)
    db.session.commit()
    assert [(x.year, x.valid_until) for x in labels.labels_of(club)] == [
        (2026, date(2028, 5, 1))]
    freeze_now(AFTER_JURY.replace(year=2027))
    later = make_round(title="STEM-awards 2027", year=2027,
                       nominations_open=first.nominations_open.replace(year=2027),
                       nominations_close=first.nominations_close.replace(year=2027),
                       jury_close=first.jury_close.replace(year=2027))
    _won(db, later, club)
    with app.test_request_context():
        results.publish(later)
    db.session.commit()
    assert [(x.year, x.valid_until) for x in labels.labels_of(club)] == [
        (2027, date(2029, 5, 1))]  # one label per category: the newest
    freeze_now(AFTER_JURY.replace(year=2028, day=10))
    assert labels.labels_of(club)[0].year == 2027  # still labelled after the first expired


def test_jury_links_forged_revoked_and_the_account_seat(app, db, client, freeze_now, make_round,
                                                       make_initiative, make_user):
    freeze_now(IN_JURY)
    award_round = make_round()
    category = award_round.categories[0]
    nomination = Nomination(initiative=make_initiative())
    category.nominations.append(nomination)
    member = make_user(email="jurylid@example.be")
    mine, other = Juror(email="jurylid@example.be", user=member), Juror(email="ander@example.be")
    category.jurors += [mine, other]
    db.session.commit()
    with app.test_request_context():
        link = jury.link(mine).split("/awards/", 1)[1]
        other_link = jury.link(other).split("/awards/", 1)[1]
    assert client.get(f"/awards/{link}").status_code == 200
    assert client.get(f"/awards/{link}x").status_code == 404  # forged
    with client.session_transaction() as session:
        session["_user_id"] = member.get_id()
    seat = client.get(f"/manage/awards/jury/{mine.id}")
    assert seat.status_code == 302 and "/awards/jury/" in seat.headers["Location"]
    assert client.get(f"/manage/awards/jury/{other.id}").status_code == 404  # not theirs
    # scores of the other juror, then the period closes: the account sees them all
    for criterion in category.criteria:
        db.session.add(Score(juror_id=other.id, nomination_id=nomination.id,
                             criterion_id=criterion.id, value=4))
    db.session.commit()
    assert "4.00" not in client.get(f"/awards/{link}").text
    freeze_now(AFTER_JURY)
    assert "4.00" in client.get(f"/manage/awards/jury/{mine.id}").text
    assert client.get(f"/awards/{other_link}").status_code == 410
    db.session.delete(db.session.get(Juror, other.id))
    db.session.commit()
    assert client.get(f"/awards/{other_link}").status_code == 404  # revoked


def test_round_form_refuses_periods_in_the_wrong_order(client, db, as_coordinator):
    as_coordinator()
    response = client.post("/admin/awards/new", data={
        "title": "STEM-awards 2027", "year": "2027", "validity_years": "2",
        "nominations_open": "2027-03-01", "nominations_close": "2027-02-01",
        "jury_close": "2027-04-01"})
    assert response.status_code == 400
    assert "De nominaties sluiten na de opening van de nominaties." in response.text
    assert 'value="STEM-awards 2027"' in response.text
    assert _count(db, AwardRound) == 0
    response = client.post("/admin/awards/new", data={
        "title": "STEM-awards 2027", "year": "2027", "validity_years": "2",
        "nominations_open": "2027-03-01", "nominations_close": "2027-03-31",
        "jury_close": "2027-04-30"})
    assert response.status_code == 302 and _count(db, AwardRound) == 1


def test_categories_and_criteria_before_the_nominations_close(client, db, freeze_now,
                                                              make_round, make_initiative,
                                                              as_coordinator):
    freeze_now(IN_NOMINATIONS)
    award_round = make_round()
    as_coordinator()
    base = f"/admin/awards/{award_round.id}"
    response = client.post(f"{base}/categories", data={"category-name": "beste praktijk",
                                                       "category-description": "Dubbel"})
    assert response.status_code == 409 and "al een categorie" in response.text
    assert "Dubbel</textarea>" in response.text
    category = award_round.categories[0]
    bad = client.post(f"{base}/categories/{category.id}/criteria",
                      data={f"criterion-{category.id}-name": "Duurzaamheid",
                            f"criterion-{category.id}-weight": "11"})
    assert bad.status_code == 400 and "Een gewicht van 1 tot 10." in bad.text
    db.session.add(Nomination(category_id=category.id, initiative=make_initiative()))
    db.session.commit()
    refused = client.post(f"{base}/categories/{category.id}/delete")
    assert refused.status_code == 409 and "heeft 1 nominatie(s)" in refused.text
    assert client.post(f"{base}/categories/{category.id}/delete",
                       data={f"delete-{category.id}-confirm": "y"}).status_code == 302
    assert _count(db, AwardCategory) == 0 and _count(db, Nomination) == 0


def test_the_edition_shows_its_round_and_its_results_once_published(
        client, db, freeze_now, make_edition, make_initiative, make_user):
    freeze_now(AFTER_JURY)
    edition = make_edition(year=2028)
    award_round = AwardRound(title="STEM-awards State-of-the-STEM 2028", year=2028,
                             edition=edition, ceremony=edition.event,
                             nominations_open=IN_NOMINATIONS, nominations_close=IN_JURY,
                             jury_close=AFTER_JURY.replace(hour=0))
    category = AwardCategory(name="Meisjes in STEM")
    for name, listed, won in (("Robotlab", True, True), ("Codeerclub", True, False),
                              ("Enkel genomineerd", False, False)):
        category.nominations.append(Nomination(initiative=make_initiative(name),
                                               shortlisted=listed, winner=won))
    award_round.categories.append(category)
    db.session.add(award_round)
    db.session.commit()
    page = client.get("/state-of-the-stem/2028").text.split('id="awards-heading"')[1]
    assert "STEM-awards State-of-the-STEM 2028" in page and "Robotlab" not in page
    award_round.published_at = AFTER_JURY
    db.session.commit()
    page = client.get("/state-of-the-stem/2028").text.split('id="awards-heading"')[1].split(
        "road-heading")[0]
    assert page.index("Winnaar") < page.index("Robotlab") < page.index("Codeerclub")
    assert "Enkel genomineerd" not in page
    with client.session_transaction() as session:
        session["_user_id"] = make_user(role=Role.ADMIN).get_id()
    admin = client.get("/admin/state-of-the-stem/2028").text
    assert f'href="/admin/awards/{award_round.id}"' in admin
    assert "/admin/state-of-the-stem/2028/nominations" not in admin  # the old award UI is gone


def test_reminders_go_to_jurors_who_have_not_finished(client, db, freeze_now, make_round,
                                                     make_initiative, as_coordinator, mailbox):
    freeze_now(IN_JURY)
    award_round = make_round()
    category = award_round.categories[0]
    initiative = make_initiative()
    db.session.add_all([Nomination(category_id=category.id, initiative=initiative),
                        Juror(category_id=category.id, email="traag@example.be", name="Traag")])
    db.session.commit()
    as_coordinator()
    assert client.post(f"/admin/awards/{award_round.id}/reminders").status_code == 302
    reminder = mailbox("traag@example.be")[-1][0]
    assert "Herinnering" in reminder and "0 van de 1 nominaties" in reminder
    assert "/awards/jury/" in reminder
    freeze_now(AFTER_JURY)  # after the jury period: no reminders, nothing sent
    sent = len(mailbox())
    client.post(f"/admin/awards/{award_round.id}/reminders")
    assert len(mailbox()) == sent


def test_a_members_seats_are_listed_by_round_newest_first_then_in_the_rounds_order(
        db, make_round, make_user):
    from datetime import timedelta

    from stem_events.awards.models import AwardCategory, AwardCriterion

    member = make_user(email="jurylid@example.be")
    older = make_round(title="STEM-awards 2025", year=2025)
    newer = make_round(title="STEM-awards 2026", year=2026,
                       jury_close=older.jury_close + timedelta(days=365))
    second = AwardCategory(name="Meisjes in STEM", position=1,
                           criteria=[AwardCriterion(name="Impact", weight=1, position=0)])
    newer.categories.append(second)
    db.session.flush()
    # appointed in another order than the rounds' and categories' order
    for category in (second, older.categories[0], newer.categories[0]):
        category.jurors.append(Juror(email="jurylid@example.be", user=member))
    db.session.commit()
    assert [(s.category.round.year, s.category.name) for s in jury.jurors_of(member)] == [
        (2026, "Beste praktijk"), (2026, "Meisjes in STEM"), (2025, "Beste praktijk")]
