"""An organiser's UiTdatabank choice for one event (the panel on /manage/events/<id>)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from stem_events.errors import DomainError
from stem_events.events.management import get_event
from stem_events.extensions import db

from . import services
from .forms import ExportForm

bp = Blueprint("uitdatabank_manage", __name__, url_prefix="/manage")


@bp.post("/events/<int:event_id>/uitdatabank")
@login_required
def choose(event_id: int):
    event = get_event(current_user, event_id)
    form = ExportForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash(_("Kies een van de mogelijkheden."), "error")
        return redirect(url_for("manage.event", event_id=event.id) + "#uitdatabank")
    try:
        services.set_choice(current_user, event, form.choice.data, form.eventtype.data or "")
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(_("Keuze voor UiTdatabank bewaard."), "success")
    return redirect(url_for("manage.event", event_id=event.id) + "#uitdatabank")
