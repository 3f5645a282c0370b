"""Coordinators rename and reorder a round's categories (and rename their criteria): the order
holds on the round admin, the public round page, the nomination links, the results and the
STEM-label badges."""

from __future__ import annotations

from stem_events.awards import results
from stem_events.awards.models import AwardCategory, AwardCriterion, Nomination
from stem_events.initiatives import labels
from tests.awards.factories import AFTER_JURY, IN_NOMINATIONS


def _three(db, award_round) -> list[AwardCategory]:
    """The round's categories: 'Beste praktijk', 'Meisjes in STEM', 'Duurzaamheid'."""
    for position, name in ((1, "Meisjes in STEM"), (2, "Duurzaamheid")):
        category = AwardCategory(name=name, position=position)
        category.criteria = [AwardCriterion(name="Algemene indruk", weight=1)]
        award_round.categories.append(category)
    db.session.commit()
    return list(award_round.categories)


def _order(text: str, names) -> list[str]:
    return sorted(names, key=text.index)


NAMES = ("Beste praktijk", "Meisjes in STEM", "Duurzaamheid")


def test_move_up_and_down_changes_the_order_everywhere(client, db, freeze_now, make_round,
                                                      as_coordinator):
    freeze_now(IN_NOMINATIONS)
    award_round = make_round()
    first, second, third = _three(db, award_round)
    as_coordinator()
    base = f"/admin/awards/{award_round.id}"
    moved = client.post(f"{base}/categories/{third.id}/move", data={"direction": "up"})
    assert moved.status_code == 302
    client.post(f"{base}/categories/{first.id}/move", data={"direction": "down"})
    expected = ["Duurzaamheid", "Beste praktijk", "Meisjes in STEM"]
    admin = client.get(base).text.split('id="categories-heading"')[1]
    assert _order(admin, NAMES) == expected
    public = client.get(f"/awards/{award_round.id}").text.split('id="categories-heading"')[1]
    assert _order(public, NAMES) == expected
    assert public.index(f"/categories/{third.id}/nominate") < public.index(
        f"/categories/{first.id}/nominate")
    # the first cannot go further up: nothing changes, no error page
    assert client.post(f"{base}/categories/{third.id}/move",
                       data={"direction": "up"}).status_code == 302
    assert _order(client.get(base).text.split('id="categories-heading"')[1], NAMES) == expected


def test_a_bad_move_is_a_dutch_400_and_changes_nothing(client, db, freeze_now, make_round,
                                                       as_coordinator):
    freeze_now(IN_NOMINATIONS)
    award_round = make_round()
    first, second, _third = _three(db, award_round)
    as_coordinator()
    response = client.post(f"/admin/awards/{award_round.id}/categories/{second.id}/move",
                           data={"direction": "zijwaarts"})
    assert response.status_code == 400 and "Kies omhoog of omlaag." in response.text
    db.session.expire_all()
    assert [c.name for c in award_round.categories] == list(NAMES)
    assert client.post(f"/admin/awards/{award_round.id}/categories/999999/move",
                       data={"direction": "up"}).status_code == 404


def test_edit_name_description_criteria_and_position(client, db, freeze_now, make_round,
                                                     as_coordinator):
    freeze_now(IN_NOMINATIONS)
    award_round = make_round()
    first, _second, third = _three(db, award_round)
    impact, reach = first.criteria
    as_coordinator()
    url = f"/admin/awards/{award_round.id}/categories/{first.id}"
    form = client.get(url)
    assert form.status_code == 200 and 'value="Beste praktijk"' in form.text
    assert 'value="Impact"' in form.text and 'name="position"' in form.text
    saved = client.post(url, data={
        "name": "Beste STEM-praktijk", "description": "Wat werkt en navolging verdient.",
        "position": "3", f"criterion-{impact.id}": "Impact op jongeren",
        f"criterion-{reach.id}": "Bereik"})
    assert saved.status_code == 302
    db.session.expire_all()
    assert [c.name for c in award_round.categories] == [
        "Meisjes in STEM", "Duurzaamheid", "Beste STEM-praktijk"]
    assert first.description == "Wat werkt en navolging verdient."
    assert [c.name for c in first.criteria] == ["Impact op jongeren", "Bereik"]
    assert [c.weight for c in first.criteria] == [3, 1]
    public = client.get(f"/awards/{award_round.id}").text
    assert "Impact op jongeren" in public and "Wat werkt en navolging verdient." in public


def test_bad_edits_keep_the_input_and_change_nothing(client, db, freeze_now, make_round,
                                                     as_coordinator):
    freeze_now(IN_NOMINATIONS)
    award_round = make_round()
    first, second, _third = _three(db, award_round)
    impact, reach = first.criteria
    as_coordinator()
    url = f"/admin/awards/{award_round.id}/categories/{first.id}"
    good = {"name": "Nieuwe naam", "description": "Nieuwe tekst", "position": "1",
            f"criterion-{impact.id}": "Impact", f"criterion-{reach.id}": "Bereik"}
    for change, status, message in (
            ({"name": "  "}, 400, "Geef een naam."),
            ({"name": "meisjes in stem"}, 409, "Deze ronde heeft al een categorie"),
            ({"position": "0"}, 400, "Een plaats van 1 tot 3."),
            ({"position": "twee"}, 400, "Een plaats van 1 tot 3."),
            ({"position": "²"}, 400, "Een plaats van 1 tot 3."),
            ({f"criterion-{reach.id}": "impact"}, 409, "Deze categorie heeft al een criterium"),
            ({f"criterion-{reach.id}": ""}, 400, "Geef het criterium een naam.")):
        response = client.post(url, data={**good, **change})
        assert response.status_code == status, change
        assert message in response.text, change
        assert "Nieuwe tekst</textarea>" in response.text  # the input is kept
    db.session.expire_all()
    assert [c.name for c in award_round.categories] == list(NAMES)
    assert first.description == "" and [c.name for c in first.criteria] == ["Impact", "Bereik"]


def test_results_and_badges_follow_the_order_and_the_new_name(app, client, db, freeze_now,
                                                              make_round, make_initiative,
                                                              as_coordinator):
    freeze_now(AFTER_JURY)
    award_round = make_round()
    first, second, _third = _three(db, award_round)
    club = make_initiative("Codeerclub Gent")
    for category in (first, second):
        category.nominations.append(Nomination(initiative=club, shortlisted=True, winner=True))
    db.session.commit()
    with app.test_request_context():
        results.publish(award_round)
    db.session.commit()
    assert [x.category for x in labels.labels_of(club)] == ["Beste praktijk", "Meisjes in STEM"]
    as_coordinator()
    base = f"/admin/awards/{award_round.id}"
    assert client.post(f"{base}/categories/{second.id}/move",
                       data={"direction": "up"}).status_code == 302
    assert client.post(f"{base}/categories/{first.id}", data={
        "name": "Beste STEM-praktijk", "description": "", "position": "2",
        **{f"criterion-{c.id}": c.name for c in first.criteria}}).status_code == 302
    assert [x.category for x in labels.labels_of(club)] == [
        "Meisjes in STEM", "Beste STEM-praktijk"]
    page = client.get(f"/initiatives/{club.id}", follow_redirects=True).text
    assert page.index("Meisjes in STEM") < page.index("Beste STEM-praktijk")
    results_page = client.get(f"/awards/{award_round.id}").text
    assert results_page.index("Meisjes in STEM") < results_page.index("Beste STEM-praktijk")
    api = client.get("/api/v1/initiatives").get_json()["items"]
    assert [x["category"] for x in next(i for i in api if i["id"] == club.id)["labels"]] == [
        "Meisjes in STEM", "Beste STEM-praktijk"]
