import pytest

import config
from stem_events import create_app


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setenv("STEM_EVENTS_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("BASE_URL", "https://stem.example")
    with pytest.raises(config.ConfigError, match="SECRET_KEY"):
        config.config_from_env()


def test_production_refuses_to_start_without_base_url(monkeypatch):
    monkeypatch.setenv("STEM_EVENTS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.delenv("BASE_URL", raising=False)
    with pytest.raises(config.ConfigError, match="BASE_URL"):
        config.config_from_env()


def test_production_starts_with_real_settings(monkeypatch):
    monkeypatch.setenv("STEM_EVENTS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("BASE_URL", "https://stem.example")
    settings = config.config_from_env()
    assert settings.SESSION_COOKIE_SECURE is True


def test_unknown_environment_is_one_clear_sentence(monkeypatch):
    monkeypatch.setenv("STEM_EVENTS_ENV", "staging")
    with pytest.raises(config.ConfigError, match="onbekend"):
        config.config_from_env()


def test_development_needs_no_configuration(monkeypatch, tmp_path):
    for name in ("STEM_EVENTS_ENV", "SECRET_KEY", "DATABASE_URL", "BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(config, "INSTANCE", tmp_path)
    first = config.config_from_env()
    second = config.config_from_env()
    assert first.SECRET_KEY and first.SECRET_KEY == second.SECRET_KEY  # kept in instance/
    assert (tmp_path / "secret_key").exists()
    assert first.SQLALCHEMY_DATABASE_URI.startswith("sqlite:///")


@pytest.mark.parametrize("given, expected", [
    ("postgresql://postgres@127.0.0.1:5432/db", "postgresql+psycopg://postgres@127.0.0.1:5432/db"),
    ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
    ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
])
def test_database_url_picks_the_driver(given, expected):
    assert config.database_url(given) == expected


def test_unsupported_database_url_is_explained():
    with pytest.raises(config.ConfigError, match="niet ondersteund"):
        config.database_url("mysql://root@localhost/x")


def test_factory_accepts_a_dict(monkeypatch):
    monkeypatch.setenv("STEM_EVENTS_ENV", "testing")
    app = create_app({"AGENDA_PER_PAGE": 7, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["AGENDA_PER_PAGE"] == 7 and app.config["TESTING"]


@pytest.mark.parametrize("env", ["development", "production"])
def test_passwords_get_scrypt_outside_the_tests(app, monkeypatch, env):
    """Only the `testing` config trades the slow hash for speed."""
    from stem_events.accounts.models import User

    monkeypatch.setenv("STEM_EVENTS_ENV", env)
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("BASE_URL", "https://stem.example")
    settings = config.config_from_env()
    assert settings.PASSWORD_HASH_METHOD == "scrypt"
    assert app.config["PASSWORD_HASH_METHOD"].startswith("pbkdf2:")
    user = User(email="a@example.be")
    with app.app_context():
        monkeypatch.setitem(app.config, "PASSWORD_HASH_METHOD", settings.PASSWORD_HASH_METHOD)
        user.set_password("correct horse 42")
        assert user.password_hash.startswith("scrypt:")
        assert user.check_password("correct horse 42")
