"""Messages of the libraries we use reach people in Dutch (English for English visitors), never
in the library's English: CSRF refusals, and HTTP errors the app has no own text for."""

import pytest

LIBRARY_ENGLISH = ("CSRF", "referrer", "The browser (or proxy)", "Er ging bij ons iets mis")


@pytest.fixture
def csrf_client(database_url):
    """A client of an app with CSRF checks on, as in production (the suite turns them off)."""
    from config import TestingConfig
    from stem_events import create_app

    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = database_url
    config.WTF_CSRF_ENABLED = True
    return create_app(config).test_client()


def _token(client, **kwargs) -> str:
    page = client.get("/login", **kwargs).text
    return page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]


def _refused(response, dutch: str) -> None:
    assert response.status_code == 400
    assert dutch in response.text, response.text
    assert not [text for text in LIBRARY_ENGLISH if text in response.text]


LOGIN = {"email": "an@school.be", "password": "correct horse 42"}
HTTPS = {"base_url": "https://localhost"}


def test_a_missing_or_foreign_csrf_token_is_explained_in_dutch(csrf_client, database_url):
    _refused(csrf_client.post("/login", data=LOGIN), "Laad de pagina opnieuw")
    token = _token(csrf_client)
    _refused(csrf_client.post("/login", data={**LOGIN, "csrf_token": token + "x"}),
             "Laad de pagina opnieuw")
    from config import TestingConfig  # a token from another browser's session
    from stem_events import create_app

    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = database_url
    config.WTF_CSRF_ENABLED = True
    other = create_app(config).test_client()
    _refused(other.post("/login", data={**LOGIN, "csrf_token": token}), "cookies")


def test_a_missing_or_foreign_referrer_over_https_is_explained_in_dutch(csrf_client):
    token = _token(csrf_client, **HTTPS)
    _refused(csrf_client.post("/login", data={**LOGIN, "csrf_token": token}, **HTTPS),
             "van welke pagina")
    _refused(csrf_client.post("/login", data={**LOGIN, "csrf_token": token}, **HTTPS,
                              headers={"Referer": "https://elders.example/login"}),
             "niet van deze website")


def test_an_english_visitor_reads_the_csrf_refusal_in_english(csrf_client):
    csrf_client.get("/lang/en")
    response = csrf_client.post("/login", data=LOGIN)
    assert response.status_code == 400 and "Reload the page" in response.text


def test_an_http_error_without_a_text_of_its_own_is_not_called_our_fault(client):
    response = client.get("/static/css/app.css", headers={"Range": "bytes=99999999-"})
    assert response.status_code == 416
    assert "Er ging bij ons iets mis" not in response.text
    assert "De aanvraag kon niet worden uitgevoerd" in response.text


@pytest.mark.parametrize("language, message", [
    ("nl", "Meld je aan om deze pagina te bekijken."),
    ("en", "Sign in to view this page."),
])
def test_flask_logins_request_to_sign_in_speaks_the_visitors_language(client, language,
                                                                      message):
    client.get(f"/lang/{language}")
    page = client.get("/manage/", follow_redirects=True)
    assert message in page.text
