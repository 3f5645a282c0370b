"""Rate limits and CSRF, with the protections that TestingConfig switches off turned on."""

import pytest

from stem_events import create_app
from stem_events.extensions import limiter


@pytest.fixture
def cheap_user(db, make_user):
    """A user whose hash is cheap to check: these tests try dozens of passwords."""
    from werkzeug.security import generate_password_hash

    user = make_user()
    user.password_hash = generate_password_hash("correct horse 42", method="pbkdf2:sha256:1000")
    db.session.commit()
    return user


@pytest.fixture
def strict_app(app, database_url):
    """A second app on the same database with CSRF and rate limiting enabled."""
    from config import TestingConfig

    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = database_url
    config.RATELIMIT_ENABLED = True
    config.WTF_CSRF_ENABLED = True
    config.RATELIMIT_STORAGE_URI = "memory://"
    strict = create_app(config)
    yield strict
    limiter.reset()
    limiter.enabled = False  # the shared Limiter object goes back to the suite's setting


def test_login_is_rate_limited(strict_app, cheap_user):
    strict_app.config["WTF_CSRF_ENABLED"] = False  # count the limit, not missing tokens
    user = cheap_user
    client = strict_app.test_client()
    statuses = [client.post("/login", data={"email": user.email, "password": "fout" * 3}
                            ).status_code for _ in range(12)]
    assert statuses[:10] == [400] * 10  # the wrong password, said each time
    assert statuses[10:] == [429, 429]
    page = client.post("/login", data={"email": user.email, "password": "x"})
    assert "Je deed te veel aanvragen na elkaar" in page.text


def test_one_account_is_limited_whatever_the_address(strict_app, cheap_user):
    strict_app.config["WTF_CSRF_ENABLED"] = False
    user = cheap_user
    client = strict_app.test_client()
    statuses = [client.post("/login", data={"email": user.email, "password": "fout" * 3},
                            environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}).status_code
                for n in range(31)]
    assert statuses[:30] == [400] * 30 and statuses[30] == 429
    other = client.post("/login", data={"email": "iemand@anders.be", "password": "x" * 12},
                        environ_base={"REMOTE_ADDR": "10.0.1.1"})
    assert other.status_code == 400  # another account is not blocked


def test_post_without_csrf_token_is_refused(strict_app, make_user):
    user = make_user()
    client = strict_app.test_client()
    response = client.post("/login", data={"email": user.email,
                                           "password": "correct horse 42"})
    assert response.status_code == 400
    assert client.get("/manage/").status_code == 302  # not signed in
    page = client.get("/login").text
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/login", data={"email": user.email, "password": "correct horse 42",
                                           "csrf_token": token})
    assert response.status_code == 302
    assert client.post("/manage/events/1/submit").status_code == 400  # no token


def _strangers_try(client, email, attempts=31):
    return [client.post("/login", data={"email": email, "password": "fout" * 3},
                        environ_base={"REMOTE_ADDR": f"10.9.0.{n}"}).status_code
            for n in range(attempts)]


def test_strangers_cannot_lock_the_owner_out_of_a_device_used_before(strict_app, cheap_user):
    strict_app.config["WTF_CSRF_ENABLED"] = False
    owner = strict_app.test_client()
    login = {"email": cheap_user.email, "password": "correct horse 42"}
    assert owner.post("/login", data=login).status_code == 302  # the owner's laptop
    owner.post("/logout")
    assert _strangers_try(strict_app.test_client(), cheap_user.email)[-1] == 429
    assert owner.post("/login", data=login).status_code == 302  # before: 429 for an hour


def test_a_password_reset_lets_the_owner_in_again(strict_app, cheap_user):
    from stem_events.accounts import tokens

    strict_app.config["WTF_CSRF_ENABLED"] = False
    assert _strangers_try(strict_app.test_client(), cheap_user.email)[-1] == 429
    new_phone = strict_app.test_client()
    login = {"email": cheap_user.email, "password": "correct horse 42"}
    assert new_phone.post("/login", data=login).status_code == 429  # a device never seen
    with strict_app.test_request_context():
        token = tokens.make_token("reset", {"u": cheap_user.id, "n": cheap_user.token_nonce})
    reset = new_phone.post(f"/password/reset/{token}",
                           data={"password": "nieuw paard 4321", "confirm": "nieuw paard 4321"})
    assert reset.status_code == 302
    again = new_phone.post("/login", data={"email": cheap_user.email,
                                           "password": "nieuw paard 4321"})
    assert again.status_code == 302  # before: still 429 after the reset


def test_a_refused_login_says_when_to_retry(strict_app, cheap_user):
    """429 with Retry-After: the worker never sleeps to slow an attacker down."""
    strict_app.config["WTF_CSRF_ENABLED"] = False
    client = strict_app.test_client()
    responses = [client.post("/login", data={"email": cheap_user.email, "password": "fout"})
                 for _ in range(11)]
    assert responses[-1].status_code == 429
    assert 0 < int(responses[-1].headers["Retry-After"]) <= 60


def test_a_forged_known_device_cookie_is_ignored(strict_app, cheap_user):
    strict_app.config["WTF_CSRF_ENABLED"] = False
    assert _strangers_try(strict_app.test_client(), cheap_user.email)[-1] == 429
    forger = strict_app.test_client()
    forger.set_cookie("known_device", "W10.forged.signature")
    login = {"email": cheap_user.email, "password": "correct horse 42"}
    assert forger.post("/login", data=login).status_code == 429
