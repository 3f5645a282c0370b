"""Nascholing (issue 19, item 2): the kind teacher_training, whether it counts as professional
development and for which education levels, shown on the event page."""

from tests.events.conftest import edit_form


def test_an_organiser_marks_a_nascholing_and_the_page_says_for_whom(
        client, db, login, organiser, make_event):
    user, organisation = organiser
    event = make_event(organisation=organisation)
    login(user)
    data = edit_form(event)
    data.update(kind="teacher_training", professional_development="y",
                education_levels=["basis", "secundair"])
    assert client.post(f"/manage/events/{event.id}/edit", data=data).status_code == 302
    page = client.get(f"/events/{event.id}", follow_redirects=True).text
    assert "nascholing" in page
    assert "Telt als nascholing (professionalisering) voor leerkrachten; voor basisonderwijs, " \
           "secundair onderwijs" in page
    import re

    form = client.get(f"/manage/events/{event.id}/edit").text
    checked = set(re.findall(r'<input checked[^>]*name="education_levels"[^>]*value="(\w+)"',
                             form))
    assert checked == {"basis", "secundair"}


def test_a_teacher_training_without_recognition_says_so(client, make_event):
    event = make_event(kind="teacher_training", education_levels=["volwassenen"])
    page = client.get(f"/events/{event.id}", follow_redirects=True).text
    assert "Telt niet als erkende nascholing; voor volwassenenonderwijs" in page


def test_the_new_kinds_filter_the_agenda_and_the_api(client, make_event):
    make_event(kind="teacher_training", title="Nascholing micro:bit")
    make_event(kind="teacher_club", title="STEM-club Gent")
    page = client.get("/agenda?kind=teacher_training").text
    assert "Nascholing micro:bit" in page and "STEM-club Gent" not in page
    kinds = {i["kind"] for i in client.get("/api/v1/events?kind=teacher_club").json["items"]}
    assert kinds == {"teacher_club"}
