"""No personal data in the logs: a filter on the app's log handlers that redacts it.

Every record is rendered once (message and traceback) and then cleaned of e-mail addresses,
phone numbers and, during a request, every value the visitor submitted in a form (names,
birth dates, answers, passwords), whether it appears in the message, in an exception's text
(a database error quotes the statement's parameters) or in a traceback that shows local
variables. The engine also hides statement parameters (`hide_parameters` in config.py); this
filter is the net behind it for everything else.

`install(app)` puts the filter on the handlers that exist when the app is created: the app's
logger, Flask's default handler (the server's error stream), the root logger's handlers and
Python's last-resort handler. A handler configured later (a logging config file) adds it by
name: `{"()": "stem_events.log_redaction.PersonalDataFilter"}`.
"""

from __future__ import annotations

import logging
import re

from flask import Flask, has_request_context, request
from flask.logging import default_handler

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# A phone number starts with +, 00 or 0 (Belgian national form) and has 8 to 15 digits,
# optionally grouped by spaces, dots, slashes, dashes or brackets: 0470 12 34 56,
# +32 (0)9 123 45 67; no country or area code starts with 0. Dates and times do not start
# with 0 or +.
PHONE = re.compile(r"(?<![\w+])(?:\+|00|0)[1-9](?:[ ./()-]{0,2}\d){6,13}(?![\w])")
# Form fields whose values are choices of the form itself, not something a person typed.
NOT_PERSONAL = frozenset({"csrf_token", "who", "session_id", "lang"})
NOT_PERSONAL_VALUES = frozenset({"y", "on", "yes", "true", "false", "1", "0"})
MIN_VALUE_LENGTH = 2

_formatter = logging.Formatter()


def _submitted_values() -> list[str]:
    """What the visitor typed into this request's form, longest first."""
    if not has_request_context() or request.method not in ("POST", "PUT", "PATCH"):
        return []
    try:
        items = request.form.items(multi=True)
        values = {value.strip() for name, value in items if name not in NOT_PERSONAL}
    except Exception:  # noqa: BLE001 - an unreadable body has nothing to redact
        return []
    return sorted((v for v in values if len(v) >= MIN_VALUE_LENGTH
                   and v.lower() not in NOT_PERSONAL_VALUES), key=len, reverse=True)


def redact(text: str, values: list[str] = ()) -> str:
    """`text` without e-mail addresses, phone numbers or any of `values`."""
    for value in values:
        text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", "[redacted]", text,
                      flags=re.IGNORECASE)
    text = EMAIL.sub("[e-mail]", text)
    return PHONE.sub("[phone]", text)


class PersonalDataFilter(logging.Filter):
    """Replaces a record's message and traceback by their redacted text (once per record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "personal_data_redacted", False):
            return True
        values = _submitted_values()
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit: keep the template only
            message = str(record.msg)
        record.msg, record.args = redact(message, values), None
        if record.exc_info:
            record.exc_text = record.exc_text or _formatter.formatException(record.exc_info)
            record.exc_info = None  # no later formatter renders the raw exception again
        if record.exc_text:
            record.exc_text = redact(record.exc_text, values)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, values)
        record.personal_data_redacted = True
        return True


def _add_filter(handler: logging.Handler) -> None:
    if not any(isinstance(f, PersonalDataFilter) for f in handler.filters):
        handler.addFilter(PersonalDataFilter())


def install(app: Flask) -> None:
    handlers = [*app.logger.handlers, default_handler, *logging.getLogger().handlers]
    if logging.lastResort is not None:
        handlers.append(logging.lastResort)
    for handler in handlers:
        _add_filter(handler)
