"""What every form of the platform shares: single-line fields refuse control characters.

A browser never puts a line break or another control character in a one-line input; only a
crafted request does, and such a title would end up in a mail header or a file name. Every
form inherits `SingleLineMeta` (through `Form` or `SubForm`), which adds one
check to each single-line text field when the form is built, so a new field cannot forget it.
"""

from __future__ import annotations

from functools import cache

import wtforms
from babel import support
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf import i18n as flask_wtf_i18n
from wtforms import PasswordField, SelectChoice, StringField, TextAreaField
from wtforms.i18n import messages_path
from wtforms.validators import StopValidation

from stem_events.single_line import has_control_characters

CONTROL_MESSAGE = _l("Dit veld mag geen regeleinden, tabs of andere stuurtekens bevatten.")


def options(pairs) -> list[SelectChoice]:
    """The `choices=` of a select, radio or checkbox field from (value, label) pairs: WTForms
    3.3 deprecates tuples there (removed in 3.4)."""
    return [SelectChoice(value, label) for value, label in pairs]


def refuse_control_characters(form, field) -> None:
    """Runs first and stops the chain, so `Optional()` cannot wave a lone line break through."""
    if isinstance(field.data, str) and has_control_characters(field.data):
        raise StopValidation(str(CONTROL_MESSAGE))


def is_single_line(field) -> bool:
    return (isinstance(field, StringField)
            and not isinstance(field, TextAreaField | PasswordField))


@cache
def _wtforms_catalog(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class _WTFormsMessages:
    """WTForms' own messages ("Not a valid date value.") in the page's language, from a
    catalogue read once per process and language: Flask-WTF's `translations` reads and parses
    the `.mo` file again in every request that checks a form (a registration rush posts
    hundreds a minute)."""

    def gettext(self, string: str) -> str:
        return _wtforms_catalog(str(get_locale())).ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _wtforms_catalog(str(get_locale())).ungettext(singular, plural, n)


WTFORMS_MESSAGES = _WTFormsMessages()


class SingleLineMeta:
    """A WTForms `Meta` mixin: each bound single-line text field gets the check first, and
    WTForms' messages come translated as Flask-WTF would give them, read once."""

    def bind_field(self, form, unbound_field, options):
        field = super().bind_field(form, unbound_field, options)
        if is_single_line(field):
            field.validators = [refuse_control_characters, *field.validators]
        return field

    def get_translations(self, form):
        found = FlaskForm.Meta.get_translations(self, form)
        return WTFORMS_MESSAGES if found is flask_wtf_i18n.translations else found


class Form(FlaskForm):
    """The base of every page form (CSRF from Flask-WTF, the single-line check from here)."""

    Meta = SingleLineMeta


class SubForm(wtforms.Form):
    """A form inside a FieldList/FormField. A plain WTForms form does not get Flask-WTF's
    translated default messages ("Not a valid date value." on a Dutch page); this one does."""

    class Meta(SingleLineMeta):
        pass
