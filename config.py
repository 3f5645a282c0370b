"""Configuration classes, selected by STEM_EVENTS_ENV and read from the environment.

Development needs nothing: a SQLite file and a generated SECRET_KEY, both in `instance/`.
Production refuses to start without a real SECRET_KEY and a BASE_URL (see ConfigError).
"""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from dotenv import load_dotenv

ROOT = Path(__file__).resolve().parent
INSTANCE = Path(os.environ.get("STEM_EVENTS_INSTANCE", ROOT / "instance"))

load_dotenv(ROOT / ".env")


class ConfigError(RuntimeError):
    """A configuration problem, explained in one sentence to whoever starts the app."""


def database_url(url: str | None) -> str:
    """Normalise DATABASE_URL: `postgres://` and `postgresql://` pick the psycopg 3 driver."""
    if not url:
        return f"sqlite:///{INSTANCE / 'stem_events.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    if not url.startswith(("sqlite:", "postgresql+")):
        raise ConfigError(
            f"DATABASE_URL '{url.split(':', 1)[0]}:…' wordt niet ondersteund: "
            "gebruik sqlite:///pad of postgresql://gebruiker@host:poort/databank."
        )
    return url


def mail_sender(value: str) -> str:
    """MAIL_SENDER, the From of every mail ('' = the built-in default): one address, with or
    without a display name."""
    value = value.strip()
    if value and "@" not in parseaddr(value)[1]:
        raise ConfigError(
            f"MAIL_SENDER '{value}' is geen e-mailadres: gebruik bv. "
            "'STEM-agenda Vlaanderen <no-reply@stem-agenda.be>' of 'no-reply@stem-agenda.be'."
        )
    return value


def _instance_secret_key() -> str:
    """The development SECRET_KEY: generated once and kept in instance/."""
    path = INSTANCE / "secret_key"
    if not path.exists():
        INSTANCE.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _hop_count(value: str) -> int:
    """TRUSTED_PROXIES: how many reverse proxies in front of the app are trusted."""
    if not value.strip().isdigit() or int(value) > 10:
        raise ConfigError(
            f"TRUSTED_PROXIES='{value}' is geen geldig aantal: geef het aantal reverse proxies "
            "voor de app (0 zonder proxy, 1 achter één nginx)."
        )
    return int(value)


def _networks(value: str) -> str:
    """METRICS_ALLOW: comma-separated addresses or CIDR ranges."""
    for part in filter(None, (p.strip() for p in value.split(","))):
        try:
            ipaddress.ip_network(part, strict=False)
        except ValueError:
            raise ConfigError(
                f"METRICS_ALLOW bevat '{part}', geen adres of bereik: gebruik bv. "
                "10.0.0.0/8,192.168.1.5."
            ) from None
    return value


MEDIA_URL_PARAMETERS = {"endpoint", "region"}
BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


def media_url(value: str) -> str:
    """MEDIA_URL: empty (images in the database) or `s3://bucket[/prefix]?endpoint=…&region=…`
    for S3-compatible storage; the keys come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."""
    value = value.strip()
    if not value:
        return ""
    parts = urlsplit(value)
    query = parse_qs(parts.query, keep_blank_values=True)
    endpoint = urlsplit(query.get("endpoint", [""])[0])
    if (parts.scheme != "s3" or "@" in parts.netloc or not BUCKET_NAME.fullmatch(parts.netloc)
            or set(query) - MEDIA_URL_PARAMETERS or any(len(v) > 1 for v in query.values())
            or ("endpoint" in query and (endpoint.scheme not in {"http", "https"}
                                         or not endpoint.netloc))):
        raise ConfigError(
            f"MEDIA_URL '{parts.scheme or value[:10]}:…' is ongeldig: gebruik "
            "s3://bucket?endpoint=https://s3.voorbeeld.be (sleutels in AWS_ACCESS_KEY_ID en "
            "AWS_SECRET_ACCESS_KEY), of laat het leeg om afbeeldingen in de databank te bewaren."
        )
    return value


def env_port() -> int:
    """The development server's port (`PORT=8000 make run`), 5000 when unset or not a number."""
    value = os.environ.get("PORT", "").strip()
    return int(value) if value.isdigit() and 0 < int(value) < 65536 else 5000


class Config:
    ENV_NAME = "base"
    # Absolute links (url_for(..., _external=True)) from BASE_URL, never from the Host header.
    EXTERNAL_URLS_FROM_BASE_URL = False
    # Development only: links follow the request's host and port (set when BASE_URL is not).
    BASE_URL_FOLLOWS_REQUEST = False
    # hide_parameters: a database error never quotes the values (personal data) in the log.
    # No pool_pre_ping (a round trip per request): a connection the server closed is replaced
    # at checkout by looking at its socket (database.py), and pool_recycle replaces, after 30
    # minutes, those a firewall may have dropped silently.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_recycle": 1800, "hide_parameters": True}
    SQLALCHEMY_RECORD_QUERIES = False
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Brussels"
    LANGUAGES = ("nl", "en")
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = 14 * 24 * 3600  # "aangemeld blijven": two weeks
    RATELIMIT_HEADERS_ENABLED = True
    MAX_IMAGE_BYTES = 5 * 1024 * 1024
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    AGENDA_PER_PAGE = 25
    # The agenda's in-process facet index (stem_events/events/agenda_index.py); off: every
    # selection is answered by SQL (the tests of the SQL path turn it off).
    AGENDA_INDEX = True
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105  (a method name; see accounts/passwords.py)
    DEMO_ADMIN_EMAIL = "coordinator@stem-events.example"
    DEMO_ORGANISER_EMAIL = "organisator@stem-events.example"

    def __init__(self) -> None:
        env = os.environ
        self.SQLALCHEMY_DATABASE_URI = database_url(env.get("DATABASE_URL"))
        self.MAIL_URL = env.get("MAIL_URL", "")
        self.MAIL_SENDER = mail_sender(env.get("MAIL_SENDER", ""))
        self.CACHE_URL = env.get("CACHE_URL", "")
        self.BASE_URL = env.get("BASE_URL", "").rstrip("/")
        self.SECRET_KEY = env.get("SECRET_KEY", "")
        self.TRUSTED_PROXIES = _hop_count(env.get("TRUSTED_PROXIES", "0") or "0")
        self.METRICS_ALLOW = _networks(env.get("METRICS_ALLOW", ""))
        self.LOG_JSON = env.get("LOG_JSON", "").strip().lower() in {"1", "true", "yes", "on"}
        self.OUTBOX_DIR = str(INSTANCE / "outbox")
        # Where images were kept on one host's disk; `flask media import-files` moves them.
        self.UPLOAD_DIR = str(INSTANCE / "uploads")
        self.MEDIA_URL = media_url(env.get("MEDIA_URL", ""))
        # Hosts that import sources may reach although they resolve to private or loopback
        # addresses (CONTRACT.md; tests and intranets).
        self.IMPORT_ALLOWED_HOSTS = tuple(
            h.strip().lower() for h in env.get("IMPORT_ALLOWED_HOSTS", "").split(",") if h.strip())
        # The UiTdatabank connection (CONTRACT.md); any of them unset: the exchange is off.
        for name in ("UITDATABANK_ENTRY_URL", "UITDATABANK_SEARCH_URL", "UITDATABANK_TOKEN_URL",
                     "UITDATABANK_CLIENT_ID", "UITDATABANK_CLIENT_SECRET"):
            setattr(self, name, env.get(name, "").strip())
        # A PEM file of CAs that import sources' certificates are checked against instead of
        # the public ones (an intranet's own CA; the tests' self-signed one). Default: public.
        self.IMPORT_CA_BUNDLE = env.get("IMPORT_CA_BUNDLE", "").strip()
        # Switches the benchmark (bench/run.py) sets from the environment: Flask-Limiter's
        # RATELIMIT_ENABLED and the page cache's PAGE_CACHE_ENABLED (both on by default).
        for name in ("RATELIMIT_ENABLED", "PAGE_CACHE_ENABLED"):
            if name in env:
                setattr(self, name, env[name].strip().lower() not in {"0", "false", "no", "off"})


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    DEBUG = False

    def __init__(self) -> None:
        super().__init__()
        self.SECRET_KEY = self.SECRET_KEY or _instance_secret_key()
        # Links follow the served host and port (`PORT=8000 make run`) unless BASE_URL is set;
        # outside a request (a CLI command) they use this default (stem_events/links.py).
        self.BASE_URL_FOLLOWS_REQUEST = not self.BASE_URL
        self.BASE_URL = self.BASE_URL or f"http://127.0.0.1:{env_port()}"


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    # One PBKDF2 round instead of scrypt: the suite signs in hundreds of times. Never outside
    # tests (CONTRACT/QUALITY: passwords get a slow hash).
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"  # noqa: S105

    def __init__(self) -> None:
        super().__init__()
        self.SECRET_KEY = self.SECRET_KEY or "testing-secret-key-not-for-production"
        self.BASE_URL = self.BASE_URL or "http://localhost"


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    EXTERNAL_URLS_FROM_BASE_URL = True

    def __init__(self) -> None:
        super().__init__()
        self.LOG_JSON = os.environ.get("LOG_JSON", "true").strip().lower() not in {
            "0", "false", "no", "off"}
        if len(self.SECRET_KEY) < 32 or self.SECRET_KEY.lower() in {"changeme", "secret"}:
            raise ConfigError(
                "SECRET_KEY ontbreekt of is te kort: zet in productie een willekeurige sleutel "
                "van minstens 32 tekens (bv. python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))')."
            )
        if not self.BASE_URL.startswith(("https://", "http://")):
            raise ConfigError(
                "BASE_URL ontbreekt: zet in productie het publieke adres, bv. "
                "https://stem-agenda.vlaanderen.be, voor links in mails en feeds."
            )


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> Config:
    name = os.environ.get("STEM_EVENTS_ENV", "development").strip().lower() or "development"
    if name not in CONFIGS:
        raise ConfigError(
            f"STEM_EVENTS_ENV='{name}' is onbekend: kies development, production of testing."
        )
    return CONFIGS[name]()
