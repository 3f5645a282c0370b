"""Bad input of the issue's list that the whole-round test does not reach: odd digits in a
score, and a second nomination of one initiative lost to a concurrent writer."""

from __future__ import annotations

import sqlalchemy as sa

from stem_events.accounts.models import Role
from stem_events.awards.models import Juror, Motivation, Nomination, Score
from tests.awards.factories import IN_JURY, IN_NOMINATIONS


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_score_in_other_digits_is_a_dutch_400(app, client, db, freeze_now, make_round,
                                                make_initiative):
    from stem_events.awards import jury

    freeze_now(IN_JURY)
    award_round = make_round()
    category = award_round.categories[0]
    nomination = Nomination(initiative=make_initiative())
    category.nominations.append(nomination)
    juror = Juror(email="jury@example.be", declared_at=IN_JURY)
    category.jurors.append(juror)
    db.session.commit()
    with app.test_request_context():
        link = "/awards/" + jury.link(juror).split("/awards/", 1)[1]
    impact, reach = (c.id for c in category.criteria)
    for odd in ("²", "٣", "-1", "3.5"):
        response = client.post(f"{link}/nominations/{nomination.id}", data={
            f"n{nomination.id}-score-{impact}": odd, f"n{nomination.id}-score-{reach}": "4"})
        assert response.status_code == 400, odd
        assert "een score van 1 tot 5" in response.text
    assert _count(db, Score) == 0


def test_a_nomination_lost_to_a_concurrent_writer_is_a_dutch_message(
        app, db, freeze_now, make_round, make_initiative, make_user):
    """Both requests passed the check; the second one's insert meets the unique index."""
    freeze_now(IN_NOMINATIONS)
    award_round = make_round()
    category = award_round.categories[0]
    initiative = make_initiative("Robotlab")
    coordinator = make_user(role=Role.ADMIN)
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = coordinator.get_id()
    impact, reach = (c.id for c in category.criteria)
    written = []

    def other_writer(session, _context, _instances):
        if not written and any(isinstance(o, Nomination) for o in session.new):
            written.append(True)
            session.connection().execute(sa.insert(Nomination.__table__).values(
                category_id=category.id, initiative_id=initiative.id, created_at=IN_NOMINATIONS,
                decline_reason="", shortlisted=False, winner=False))

    sa.event.listen(db.session, "before_flush", other_writer)
    try:
        response = client.post(
            f"/awards/{award_round.id}/categories/{category.id}/nominate",
            data={"organisation": "", "initiative": str(initiative.id),
                  f"motivation-{impact}": "Veel jongeren.", f"motivation-{reach}": "Bereik"})
    finally:
        sa.event.remove(db.session, "before_flush", other_writer)
    assert written
    assert response.status_code == 400
    assert "‘Robotlab’ is al genomineerd" in response.text
    assert "Veel jongeren." in response.text
    assert _count(db, Motivation) == 0


def _racing(db, table, **values):
    """A before_flush hook that writes `values` into `table` once, as a concurrent request
    that committed between our check and our insert."""
    written = []

    def hook(session, _context, _instances):
        if not written and session.new:
            written.append(True)
            session.connection().execute(sa.insert(table).values(**values))

    return hook, written


def test_a_juror_or_category_lost_to_a_concurrent_writer_is_a_dutch_409(
        client, db, freeze_now, make_round, as_coordinator):
    from stem_events.awards.models import AwardCategory

    freeze_now(IN_NOMINATIONS)
    award_round = make_round()
    category = award_round.categories[0]
    as_coordinator()
    base = f"/admin/awards/{award_round.id}"
    cases = (
        (Juror.__table__, {"category_id": category.id, "email": "jury@example.be", "name": "",
                           "nonce": "x", "invited_at": IN_NOMINATIONS},
         f"{base}/categories/{category.id}/jurors",
         {f"juror-{category.id}-email": "jury@example.be", f"juror-{category.id}-name": "Jo",
          f"juror-{category.id}-organisation": ""}, "zit al in de jury", Juror),
        (AwardCategory.__table__, {"round_id": award_round.id, "name": "Meisjes in STEM",
                                   "description": "", "position": 5},
         f"{base}/categories", {"category-name": "Meisjes in STEM",
                                "category-description": "Tekst die blijft"},
         "Deze ronde heeft al een categorie", AwardCategory),
    )
    for table, values, url, data, message, model in cases:
        before = _count(db, model)
        hook, written = _racing(db, table, **values)
        sa.event.listen(db.session, "before_flush", hook)
        try:
            response = client.post(url, data=data)
        finally:
            sa.event.remove(db.session, "before_flush", hook)
        assert written and response.status_code == 409, url
        assert message in response.text
        assert _count(db, model) == before


def test_a_rename_lost_to_a_concurrent_writer_is_a_dutch_409(
        client, db, freeze_now, make_round, as_coordinator):
    """Two coordinators give two categories the same name at once: the one whose UPDATE meets
    the unique constraint gets a Dutch message at the name, the typed input back, no 500."""
    from stem_events.awards.models import AwardCategory

    freeze_now(IN_NOMINATIONS)
    award_round = make_round()
    category = award_round.categories[0]
    as_coordinator()
    written = []

    def other_writer(session, _context, _instances):
        if not written and any(isinstance(o, AwardCategory) for o in session.dirty):
            written.append(True)
            session.connection().execute(sa.insert(AwardCategory.__table__).values(
                round_id=award_round.id, name="Meisjes in STEM", description="",
                position=9))

    sa.event.listen(db.session, "before_flush", other_writer)
    try:
        response = client.post(
            f"/admin/awards/{award_round.id}/categories/{category.id}",
            data={"name": "Meisjes in STEM", "description": "Tekst die blijft",
                  "position": "1", **{f"criterion-{c.id}": c.name for c in category.criteria}})
    finally:
        sa.event.remove(db.session, "before_flush", other_writer)
    assert written and response.status_code == 409
    assert "Deze ronde heeft al een categorie" in response.text
    assert "Tekst die blijft" in response.text
    db.session.expire_all()
    assert _count(db, AwardCategory) == len(award_round.categories)
    assert "Meisjes in STEM" not in [c.name for c in award_round.categories]
