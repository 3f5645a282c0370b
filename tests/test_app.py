"""App-wide behaviour: errors, security headers, languages."""

import pytest


def test_security_headers(client):
    response = client.get("/agenda")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_only_embed_pages_may_be_framed(client):
    response = client.get("/embed/agenda")
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers


def test_friendly_dutch_404(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Pagina niet gevonden" in html and 'lang="nl-BE"' in html
    assert "Traceback" not in html


def test_api_errors_are_json(client):
    response = client.get("/api/v1/bestaat-niet")
    assert response.status_code == 404
    assert response.get_json() == {
        "error": {"code": "not_found", "message": response.get_json()["error"]["message"]}
    }
    assert response.get_json()["error"]["message"]


def test_method_not_allowed_is_friendly(client):
    response = client.post("/agenda")
    assert response.status_code == 405
    assert "Methode niet toegestaan" in response.get_data(as_text=True)


def test_layout_has_landmarks_and_a_skip_link(client):
    html = client.get("/agenda").get_data(as_text=True)
    for landmark in ('<header', '<nav aria-label="Hoofdmenu"', '<main id="main"', '<footer'):
        assert landmark in html
    assert 'href="#main"' in html and "Naar de inhoud" in html


def test_language_switch_to_english_and_back(client):
    response = client.get("/lang/en?next=/agenda")
    assert response.status_code == 302 and response.headers["Location"].endswith("/agenda")
    html = client.get("/agenda").get_data(as_text=True)
    assert 'lang="en"' in html and "Skip to content" in html
    client.get("/lang/nl")
    assert "Naar de inhoud" in client.get("/agenda").get_data(as_text=True)


def test_browser_language_is_respected(client):
    html = client.get("/agenda", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(
        as_text=True)
    assert 'lang="en"' in html
    html = client.get("/agenda", headers={"Accept-Language": "fr-BE"}).get_data(as_text=True)
    assert 'lang="nl-BE"' in html  # Dutch is the default


def test_unknown_locale_is_explained(client):
    response = client.get("/lang/xx")
    assert response.status_code == 404
    assert "Deze taal bestaat niet" in response.get_data(as_text=True)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "javascript:x"])
def test_language_switch_only_redirects_locally(client, target):
    response = client.get("/lang/en", query_string={"next": target})
    assert response.headers["Location"] in ("/", "http://localhost/")


@pytest.mark.parametrize("path", ["/privacy", "/accessibility"])
def test_privacy_and_accessibility_statements(client, path):
    assert client.get(path).status_code == 200


def test_health_endpoints(client):
    assert client.get("/healthz").get_data(as_text=True) == "ok\n"
    assert client.get("/readyz").status_code == 200


@pytest.mark.parametrize("url, english", [
    ("/events/999999", "This activity does not exist or is not public (any more)."),
    ("/organisations/999999", "This organisation does not exist or is not public (yet)."),
    ("/feeds/no-such-token.ics", "This personal calendar does not exist (any more)."),
])
def test_not_found_messages_follow_the_chosen_language(client, url, english):
    client.get("/lang/en?next=/agenda")
    response = client.get(url)
    assert response.status_code == 404
    assert english in response.get_data(as_text=True)


def test_result_rows_come_from_sqlalchemys_python_code():
    """SQLAlchemy 2.1.9's compiled result module corrupted the heap on SQLite (tests/demo ended
    in a segmentation fault in the garbage collector; with the Python module it passes): every
    entry point (wsgi, the flask command, pytest) loads the Python module instead."""
    from sqlalchemy.engine import _result_cy

    assert not _result_cy._is_compiled()


def test_the_served_app_is_left_out_of_full_garbage_collections(tmp_path):
    """`wsgi:app` (what gunicorn serves) freezes the objects of the built app, so the
    collector's full passes walk only what requests made."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, STEM_EVENTS_INSTANCE=str(tmp_path), STEM_EVENTS_ENV="development",
               DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", PYTHONPATH=str(root))
    done = subprocess.run(
        [sys.executable, "-c", "import gc, wsgi; print(gc.get_freeze_count())"],
        cwd=root, env=env, capture_output=True, text=True, check=True)
    assert int(done.stdout.strip().splitlines()[-1]) > 10_000
