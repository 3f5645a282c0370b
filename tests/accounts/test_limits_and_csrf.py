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
