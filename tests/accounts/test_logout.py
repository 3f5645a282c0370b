"""Logging out ends the session and the remember-me cookie for real: a copy of either, taken
before, no longer signs anybody in (issue 14)."""

import pytest


@pytest.mark.parametrize("cookie", ["remember_token", "session"])
def test_a_copied_cookie_stops_working_after_logout(app, client, make_user, login, cookie):
    user = make_user()
    login(user, remember=True)
    copied = client.get_cookie(cookie).value
    thief = app.test_client()
    thief.set_cookie(cookie, copied)
    assert thief.get("/manage/").status_code == 200  # the copy works while signed in
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie(cookie, copied)
    response = thief.get("/manage/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_signing_in_again_after_logout_works_and_mailed_links_survive_a_logout(
        client, db, make_user, login):
    from stem_events.accounts.tokens import make_token

    user = make_user(email="an@school.be")
    link = "/password/reset/" + make_token("reset", {"u": user.id, "n": user.token_nonce})
    login(user, remember=True)
    client.post("/logout")
    login(user)
    assert client.get("/manage/").status_code == 200
    assert client.get(link).status_code == 200  # a mailed link is not a session
