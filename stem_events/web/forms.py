"""Form pieces and form handling shared by the views of every domain: multi-choice fields,
optional numbers and ids, the empty (CSRF-only) and reason forms, and carrying out an action
with its flash message."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash
from flask_babel import lazy_gettext as _l
from wtforms import (
    IntegerField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from stem_events.database import MAX_ID
from stem_events.errors import DomainError
from stem_events.extensions import db
from stem_events.forms import Form
from stem_events.workflow import StaleForm


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def optional_int_field(label, low=0, high=None, message=None):
    return IntegerField(label, validators=[
        Optional(), NumberRange(min=low, max=high, message=message or _l("Ongeldig getal."))])


class ReasonForm(Form):
    reason = TextAreaField(_l("Reden"), validators=[
        DataRequired(_l("Geef een reden.")), Length(max=2000)])


class RejectionForm(Form):
    """A review decision: the reason is needed to reject only, and the form says so."""

    reason = TextAreaField(_l("Reden van afwijzing (verplicht om af te wijzen)"), validators=[
        DataRequired(_l("Geef een reden.")), Length(max=2000)],
        description=_l("Wordt naar de organisator gemaild. Goedkeuren vraagt geen reden."))


class EmptyForm(Form):
    """Buttons that only need the CSRF token."""


def carry_out(action: Callable[[], object], message: str | None) -> tuple[bool, object]:
    """A button's POST (CSRF checked, else 400): run the action; on a DomainError roll back and
    flash it, else flash `message` (the request's unit of work commits). Returns (done, the
    action's result)."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        result = action()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return False, None
    if message:  # None: the caller says what happened, knowing the result
        flash(message, "success")
    return True, result


def save_change(form, change: Callable[[], object], saved: Callable[[], object]):
    """Carry out an organiser's change of a versioned row (an event, its sessions, an
    initiative): (what `saved()` returns, typically the redirect, 200) when it went through;
    (None, 409) for a stale form, the input kept and the reason flashed; (None, 200) when a
    rule refused it, shown next to its field (the caller answers 400 for form errors)."""
    try:
        change()
    except StaleForm as error:
        db.session.rollback()
        flash(error.message, "error")
        return None, 409
    except DomainError as error:
        show_error(form, error)
        return None, 200
    return saved(), 200


def show_error(form, error) -> None:
    """After a refused change: roll back, and show the DomainError next to its field (a
    FieldError naming a field of this form) or else as a flash message."""
    db.session.rollback()
    name = getattr(error, "field", None)
    target = getattr(form, name, None) if name else None
    if target is not None:
        target.errors = [*(target.errors or []), error.message]
    else:
        flash(error.message, "error")


def seen_version(form) -> int | None:
    """The version a form's hidden field carries (None when missing or not a number)."""
    raw = form.version.data
    if not (raw and str(raw).isdigit()):
        return None
    return int(raw) if int(raw) <= MAX_ID else -1  # 32-bit like ids; no row has it: stale
def optional_int(value):
    """An optional id: None when empty, -1 (refused by the service) when it is no id the
    database can hold."""
    if value in (None, "", "None"):
        return None
    return int(value) if str(value).isdigit() and int(value) <= MAX_ID else -1


def database_id(value) -> int:
    """A required id; anything else is a field error (ValueError)."""
    number = optional_int(value)
    if number is None or number < 1:
        raise ValueError(value)
    return number


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


# ------------------------------------------------------------------ State-of-the-STEM editions
def text_field(label, length: int, required: str | None = None, area: bool = False,
          description: str = ""):
    validators = [DataRequired(required)] if required else [Optional()]
    field = TextAreaField if area else StringField
    return field(label, description=description, validators=[*validators, Length(
        max=length, message=_l("Hoogstens %(max)d tekens.", max=length))])
