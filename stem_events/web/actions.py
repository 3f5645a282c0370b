"""The buttons of an organiser's page of a row they manage (an event, an initiative): submit,
withdraw, resume, delete. One way for every kind of row: the action is carried out (CSRF
checked; a refusal rolled back and flashed), then the organiser goes back to the row's page,
or to their list once a deletion went through."""

from __future__ import annotations

from collections.abc import Callable

from flask import redirect, render_template, request
from flask_login import current_user

from .forms import EmptyForm, carry_out


def button(row, action: Callable, message: str, back: str, gone: str | None = None):
    """POST of a button: `action(current_user, row)`, then to `back` (or `gone` once done)."""
    done, _result = carry_out(lambda: action(current_user, row), message)
    return redirect(gone if done and gone else back)


def confirm_delete(row, delete: Callable, message: str, *, template: str, back: str,
                   gone: str, **context):
    """GET asks for confirmation (a deleted draft cannot come back); POST deletes."""
    if request.method == "GET":
        return render_template(template, form=EmptyForm(), **context)
    return button(row, delete, message, back, gone)
