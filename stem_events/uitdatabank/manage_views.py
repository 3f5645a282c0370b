"""An organiser's UiTdatabank choice for one event (the panel on /manage/events/<id>)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from stem_events.accounts import policies
from stem_events.accounts.models import Organisation
from stem_events.errors import DomainError
from stem_events.events.management import get_event
from stem_events.extensions import db
from stem_events.web.forms import EmptyForm

from . import queue, services
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


@bp.route("/organisations/<int:organisation_id>/uitdatabank", methods=["GET", "POST"])
@login_required
def organisation(organisation_id: int):
    """An organisation admin's opt-in or opt-out for all its events (the CLI's
    `flask uitdatabank export --organisation ID`, as a button)."""
    found = db.session.get(Organisation, organisation_id)
    if found is None:
        abort(404)
    policies.require(policies.can_invite(current_user, found))
    form = EmptyForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        on = request.form.get("export") == "on"
        try:
            queued = services.set_organisation_export(current_user, found.id, on)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            flash(_("Je activiteiten worden voortaan ook in UiTdatabank gepubliceerd "
                    "(%(count)s in de wachtrij).", count=queued) if on else
                  _("Nieuwe activiteiten worden niet langer in UiTdatabank gepubliceerd."),
                  "success")
        return redirect(url_for(".organisation", organisation_id=found.id))
    return render_template("uitdatabank/organisation.html", organisation=found, form=form,
                           exports=services.organisation_exports(found.id),
                           connected=queue.enabled())
