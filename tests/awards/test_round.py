"""A whole award round through HTTP: open nominations (refusals included), declining, a jury
that declares conflicts and scores independently, the ranking by weighted average with its
spread, shortlist, winners, publishing, and the STEM-label on pages and in the API until it
expires."""

from __future__ import annotations

import re

import sqlalchemy as sa

from stem_events.accounts.models import MemberRole, Membership, Role
from stem_events.awards.models import Nomination, Score
from stem_events.initiatives.models import InitiativeLabel
from tests.awards.factories import AFTER_JURY, IN_JURY, IN_NOMINATIONS


def _as(app, user):
    """A client of its own, signed in as `user`."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def _member(db, make_user, organisation, email):
    user = make_user(email=email)
    db.session.add(Membership(user=user, organisation=organisation, role=MemberRole.OWNER))
    db.session.commit()
    return user


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _nominate(client, award_round, initiative, organisation, impact="Veel jongeren bereikt.",
              reach="Ook meisjes."):
    category = award_round.categories[0]
    impact_id, reach_id = (c.id for c in category.criteria)
    return client.post(
        f"/awards/{award_round.id}/categories/{category.id}/nominate",
        data={"organisation": str(organisation.id), "initiative": str(initiative.id),
              f"motivation-{impact_id}": impact, f"motivation-{reach_id}": reach})


def _score(client, link, nomination, category, impact, reach, comment=""):
    impact_id, reach_id = (c.id for c in category.criteria)
    prefix = f"n{nomination.id}-"
    return client.post(f"{link}/nominations/{nomination.id}", data={
        prefix + f"score-{impact_id}": impact, prefix + f"score-{reach_id}": reach,
        prefix + f"comment-{impact_id}": comment, prefix + f"comment-{reach_id}": ""})


def test_the_whole_round(app, client, db, freeze_now, make_round, make_organisation,
                         make_user, make_initiative, make_event, mailbox):
    freeze_now(IN_NOMINATIONS)
    award_round = make_round()
    category = award_round.categories[0]
    nominator_org = make_organisation(name="Stad Gent")
    owner_org = make_organisation(name="Robotclub vzw")
    jury_org = make_organisation(name="Codeer Academie")
    nominator = _member(db, make_user, nominator_org, "nomineerder@gent.be")
    owner = _member(db, make_user, owner_org, "bestuur@robotclub.be")
    robotlab = make_initiative("Robotlab Gent", organisations=[owner_org])
    codeclub = make_initiative("Codeerclub Gent", organisations=[jury_org])
    reluctant = make_initiative("Sterrenkijkers", organisations=[owner_org])
    presenting = make_event(title="Netwerkmoment robotica", organisation=owner_org)
    db.session.execute(sa.text("INSERT INTO event_initiatives (event_id, initiative_id) "
                               "VALUES (:e, :i)"), {"e": presenting.id, "i": robotlab.id})
    db.session.commit()
    organiser = _as(app, nominator)

    # --- open nominations: any organisation nominates another's initiative
    assert _nominate(organiser, award_round, robotlab, nominator_org).status_code == 302
    told = mailbox("bestuur@robotclub.be")
    assert told and "Robotlab Gent" in told[-1][0] and "/manage/awards/nominations/" in told[-1][0]
    assert mailbox("nomineerder@gent.be"), "the nominator gets a confirmation"
    # the same initiative twice in one category: a Dutch message at the field, nothing saved
    again = _nominate(organiser, award_round, robotlab, nominator_org, impact="Nog eens")
    assert again.status_code == 400 and "al genomineerd" in again.text
    assert "Nog eens" in again.text  # the input is kept
    # a motivation left out is refused at its field
    missing = _nominate(organiser, award_round, codeclub, nominator_org, reach="")
    assert missing.status_code == 400 and _count(db, Nomination) == 1
    assert _nominate(organiser, award_round, codeclub, nominator_org).status_code == 302
    assert _nominate(organiser, award_round, reluctant, nominator_org).status_code == 302

    # --- the nominated organisation declines one
    declined = db.session.scalar(sa.select(Nomination).where(
        Nomination.initiative_id == reluctant.id))
    stranger = _as(app, nominator)
    assert stranger.post(f"/manage/awards/nominations/{declined.id}",
                         data={"reason": "x"}).status_code == 403
    answer = _as(app, owner).post(f"/manage/awards/nominations/{declined.id}",
                                  data={"reason": "Wij doen niet mee."})
    assert answer.status_code == 302
    assert any("weigerde de nominatie" in text for text, _ in mailbox("nomineerder@gent.be"))

    # --- the jury: one member from the codeclub's organisation (a conflict), one without
    coordinator = _as(app, make_user(role=Role.ADMIN))
    for email, organisation in (("jurylid1@example.be", jury_org), ("jurylid2@example.be", None)):
        response = coordinator.post(
            f"/admin/awards/{award_round.id}/categories/{category.id}/jurors",
            data={f"juror-{category.id}-email": email, f"juror-{category.id}-name": "Jury",
                  f"juror-{category.id}-organisation": str(organisation.id if organisation
                                                            else "")})
        assert response.status_code == 302, response.text
    links = {}
    for email in ("jurylid1@example.be", "jurylid2@example.be"):
        text = mailbox(email)[-1][0]
        links[email] = re.search(r"https?://\S+/awards/jury/\S+", text).group(0).split(
            "localhost", 1)[-1]
        links[email] = re.sub(r"^https?://[^/]+", "", links[email])

    # --- after the deadline: no nomination, nothing saved
    freeze_now(IN_JURY)
    late = _nominate(organiser, award_round, make_initiative("Laatkomer"), nominator_org)
    assert late.status_code == 409 and "liepen tot en met" in late.text
    assert _count(db, Nomination) == 3

    one, two = client, app.test_client()
    first, second = links["jurylid1@example.be"], links["jurylid2@example.be"]
    assert one.get(first).status_code == 200
    assert one.post(f"{first}/declaration", data={"confirm": "y"}).status_code == 302
    assert two.post(f"{second}/declaration", data={"confirm": "y"}).status_code == 302
    robot = db.session.scalar(sa.select(Nomination).where(Nomination.initiative_id == robotlab.id))
    code = db.session.scalar(sa.select(Nomination).where(Nomination.initiative_id == codeclub.id))
    # a conflicted nomination cannot be scored; a score outside 1–5 is refused at its field
    refused = _score(one, first, code, category, "5", "5")
    assert refused.status_code == 403 and "belangenconflict" in refused.text
    bad = _score(one, first, robot, category, "6", "2", comment="Te hoog")
    assert bad.status_code == 400 and "een score van 1 tot 5" in bad.text
    assert _count(db, Score) == 0
    assert _score(one, first, robot, category, "4", "2", comment="eerste-oordeel").status_code \
        == 302
    assert _score(two, second, robot, category, "5", "5", comment="tweede-oordeel").status_code \
        == 302
    assert _score(two, second, code, category, "3", "1").status_code == 302
    # independent: nobody reads another's scores before the jury period closes
    assert "tweede-oordeel" not in one.get(first).text
    assert "eerste-oordeel" in one.get(first).text
    before = coordinator.get(f"/admin/awards/{award_round.id}")
    assert "tweede-oordeel" not in before.text and "4.25" not in before.text
    assert "1 / 1" in before.text  # progress: juror 1 scored its one nomination

    # --- the jury period closes: links expire, the ranking appears
    freeze_now(AFTER_JURY)
    assert one.get(first).status_code == 410
    assert _score(one, first, robot, category, "1", "1").status_code == 410
    page = coordinator.get(f"/admin/awards/{award_round.id}").text
    ranking = page.split('id="results-heading"')[1]
    # robotlab: (4·3+2·1)/4 = 3.5 and 5.0 → 4.25, spread 1.50; codeclub: (3·3+1)/4 = 2.50
    assert "4.25" in ranking and "1.50" in ranking and "2.50" in ranking
    assert ranking.index("Robotlab Gent") < ranking.index("Codeerclub Gent")
    assert "Sterrenkijkers" not in ranking  # declined

    assert coordinator.post(f"/admin/awards/{award_round.id}/categories/{category.id}/marks",
                            data={"shortlisted": [str(robot.id), str(code.id)],
                                  "winners": [str(robot.id)]}).status_code == 302
    assert coordinator.post(f"/admin/awards/{award_round.id}/publish").status_code == 302
    assert any("STEM-label" in text for text, _ in mailbox("bestuur@robotclub.be"))

    # --- the label, everywhere the initiative appears
    label = "STEM-label 2026 · Beste praktijk"
    assert label in client.get(f"/initiatives/{robotlab.id}", follow_redirects=True).text
    cards = client.get("/initiatives?label=1").text
    assert "Robotlab Gent" in cards and label in cards and "Codeerclub Gent" not in cards
    assert label in client.get(f"/organisations/{owner_org.id}").text
    assert label in client.get(f"/events/{presenting.id}", follow_redirects=True).text
    api = client.get("/api/v1/initiatives?label=1").get_json()
    assert [i["name"] for i in api["items"]] == ["Robotlab Gent"]
    assert api["items"][0]["labels"] == [
        {"year": 2026, "category": "Beste praktijk", "valid_until": "2028-05-01"}]
    assert client.get(f"/awards/{award_round.id}").text.count("Winnaar") == 1

    # --- two years later the label has expired
    freeze_now(AFTER_JURY.replace(year=2028, month=5, day=3))
    assert client.get("/api/v1/initiatives?label=1").get_json()["items"] == []
    assert label not in client.get(f"/initiatives/{robotlab.id}", follow_redirects=True).text
    assert _count(db, InitiativeLabel) == 1
