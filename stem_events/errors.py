"""Domain errors and the one place that turns errors into friendly pages or JSON."""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from stem_events.extensions import db
from stem_events.single_line import contains_nul

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A business rule said no. `status` is the HTTP answer, `message` is for people (Dutch)."""

    status = 409
    code = "conflict"

    def __init__(self, message: str | None = None):
        super().__init__(message or self.__doc__ or "")
        self.message = message or (self.__doc__ or "").strip()


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class InvalidInput(DomainError):
    status = 400
    code = "bad_request"


class FieldError(InvalidInput):
    """Bad input that belongs to one form field: a form shows it next to that field."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name


TITLES = {
    400: (_l("Ongeldige aanvraag"), "bad_request"),
    403: (_l("Geen toegang"), "forbidden"),
    404: (_l("Pagina niet gevonden"), "not_found"),
    405: (_l("Methode niet toegestaan"), "method_not_allowed"),
    409: (_l("Conflict"), "conflict"),
    413: (_l("Bestand te groot"), "too_large"),
    429: (_l("Te veel aanvragen"), "too_many_requests"),
    500: (_l("Er ging iets mis"), "server_error"),
    503: (_l("Tijdelijk niet beschikbaar"), "unavailable"),
}

DEFAULT_MESSAGES = {
    400: _l("De aanvraag bevat ongeldige gegevens."),
    403: _l("Je hebt geen toegang tot deze pagina."),
    404: _l("Deze pagina bestaat niet (meer). Misschien is het adres verkeerd getypt?"),
    405: _l("Deze pagina kan niet op deze manier worden opgevraagd."),
    413: _l("Wat je verstuurde is te groot."),
    429: _l("Je deed te veel aanvragen na elkaar. Wacht even en probeer opnieuw."),
    500: _l("Er ging bij ons iets mis. Probeer het later opnieuw; wij bekijken het probleem."),
    503: _l("De website is even niet bereikbaar. Probeer het binnen enkele minuten opnieuw."),
}


# Flask-WTF's CSRF refusals are English sentences; people read these instead.
_RELOAD = _l("Laad de pagina opnieuw en probeer nog eens.")
CSRF_MESSAGES = {
    "The CSRF session token is missing.": _l(
        "Je sessie is verlopen of je browser weigert cookies. Sta cookies toe voor deze "
        "website. %(reload)s"),
    "The referrer header is missing.": _l(
        "Je browser stuurde niet mee van welke pagina het formulier kwam (de 'Referer'). Sta "
        "dat toe voor deze website. %(reload)s"),
    "The referrer does not match the host.": _l(
        "Het formulier kwam niet van deze website. %(reload)s"),
}
CSRF_DEFAULT = _l("Het formulier is verlopen of ongeldig. %(reload)s")

# A status without a text of its own (416, 415, …) gets the general one of its class.
GENERIC_CLIENT_ERROR = (_l("Ongeldige aanvraag"),
                        _l("De aanvraag kon niet worden uitgevoerd. Controleer het adres of "
                           "probeer opnieuw."))


def csrf_message(reason: str) -> str:
    return str(CSRF_MESSAGES.get(reason, CSRF_DEFAULT)) % {"reload": _RELOAD}


def wants_json() -> bool:
    return request.path.startswith("/api/")


RETRY_AFTER_SECONDS = 30  # a 503 (database down) tells clients and proxies when to retry


def error_response(status: int, message: str | None = None, code: str | None = None):
    title, default_code = TITLES.get(status, TITLES[500])
    default_message = DEFAULT_MESSAGES.get(status, DEFAULT_MESSAGES[500])
    if status not in TITLES and 400 <= status < 500:
        title, default_code = GENERIC_CLIENT_ERROR[0], "client_error"
        default_message = GENERIC_CLIENT_ERROR[1]
    text = message or str(default_message)
    if wants_json():
        response = make_response(jsonify({"error": {"code": code or default_code,
                                                    "message": text}}), status)
    elif request.path.endswith(".ics"):
        response = make_response(text + "\n", status,
                                 {"Content-Type": "text/plain; charset=utf-8"})
    else:
        response = make_response(render_template("errors/error.html", status=status,
                                                 title=str(title), message=text), status)
    if status == 503:
        response.headers.setdefault("Retry-After", str(RETRY_AFTER_SECONDS))
    return response


NUL_MESSAGE = _l("Wat je verstuurde bevat een ongeldig teken (NUL). Verwijder het en probeer "
                 "opnieuw.")


DATA_ERROR_MESSAGE = _l("Een waarde in je aanvraag is ongeldig of te groot. Er werd niets "
                        "gewijzigd.")


def register(app: Flask) -> None:
    @app.before_request
    def refuse_nul_characters():
        """No text anyone types contains NUL, and PostgreSQL refuses it in text columns: one
        check for every form, instead of a 500 from whichever insert meets it first."""
        if request.method in ("POST", "PUT", "PATCH") and contains_nul(
                value for _name, values in request.form.lists() for value in values):
            return error_response(400, str(NUL_MESSAGE), "invalid_character")
        return None

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return error_response(error.status, error.message, error.code)

    @app.errorhandler(CSRFError)
    def csrf_refused(error: CSRFError):
        return error_response(400, csrf_message(error.description), "csrf")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        description = error.description if error.description != type(error).description else None
        response = error_response(status, description)
        if status == 405 and getattr(error, "valid_methods", None):
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(DataError)
    def data_error(error: DataError):
        """A value the database refuses (a number beyond its range, an impossible date) that
        no check caught before: the request's input was bad, so a 400, not a 500."""
        log.warning("value refused by the database: %s", error.orig)
        db.session.rollback()
        return error_response(400, str(DATA_ERROR_MESSAGE), "invalid_value")

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(error: Exception):
        log.error("database unavailable: %s", error.__class__.__name__, exc_info=error)
        g.database_unavailable = True  # the page renders without loading the signed-in user

        try:
            db.session.rollback()
        except (OperationalError, InterfaceError):
            db.session.close()
        return error_response(503)

    @app.errorhandler(InternalServerError)
    def internal_error(error: InternalServerError):
        db.session.rollback()
        return error_response(500)
