"""Organisers' import pages under /manage/imports: list, add (with a preview that saves
nothing), one source with its runs and the sessions changed here, run now, confirm a held run,
take the feed's version of a session back. Coordinators' actions are in admin_views.py."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from stem_events.accounts import policies
from stem_events.accounts.models import Organisation
from stem_events.audiences import services as audiences
from stem_events.errors import DomainError, FieldError
from stem_events.extensions import db
from stem_events.reference.lookup import find_municipality
from stem_events.reference.models import Theme
from stem_events.web.forms import EmptyForm, carry_out, show_error

from . import run, sources
from .forms import SourceForm
from .models import RunOutcome

bp = Blueprint("imports", __name__, url_prefix="/manage/imports")

OUTCOME_LABELS = {RunOutcome.OK: _l("gelukt"), RunOutcome.NOT_MODIFIED: _l("niet gewijzigd"),
                  RunOutcome.FAILED: _l("mislukt"), RunOutcome.HELD: _l("wacht op bevestiging")}


@bp.before_request
@login_required
def _signed_in():
    """Every import page needs a signed-in user; policies decide the rest."""


def _organisations() -> list[Organisation]:
    query = sa.select(Organisation).order_by(Organisation.name)
    if not policies.is_coordinator(current_user):
        query = query.where(Organisation.id.in_(
            [m.organisation_id for m in current_user.memberships]), Organisation.approved)
    return list(db.session.scalars(query))


@bp.get("/")
def index():
    return render_template("imports/index.html", sources=sources.sources_for(current_user),
                           form=EmptyForm(), coordinator=policies.is_coordinator(current_user))


def _form() -> SourceForm:
    form = SourceForm()
    form.organisation_id.choices = [(o.id, o.name) for o in _organisations()]
    form.themes.choices = [(t.slug, t.name) for t in db.session.scalars(
        sa.select(Theme).order_by(Theme.position))]
    form.audiences.choices = [(a.slug, a.name) for a in audiences.all_audiences()]
    return form


def _municipality_nis(form: SourceForm) -> str | None:
    if not form.municipality.data.strip():
        return None
    try:
        return find_municipality(form.municipality.data).nis
    except DomainError as error:
        raise FieldError("municipality", error.message) from None


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = _form()
    if not form.organisation_id.choices:
        abort(403)
    preview = None
    if form.validate_on_submit():
        try:
            organisation = db.session.get(Organisation, form.organisation_id.data)
            defaults = form.defaults(_municipality_nis(form))
            if "preview" in request.form:
                preview = sources.preview(current_user, organisation, form.url.data, defaults)
            else:
                source = sources.add_source(current_user, organisation, form.url.data,
                                            form.name.data, defaults)
                flash(_("Bron toegevoegd. De eerste import loopt binnen het kwartier; met "
                        "'Nu ophalen' start ze meteen."), "success")
                return redirect(url_for("imports.source", source_id=source.id))
        except DomainError as error:
            show_error(form, error)
    return render_template("imports/new.html", form=form, preview=preview), \
        400 if form.errors else 200


@bp.get("/<int:source_id>")
def source(source_id: int):
    found = sources.get_source(current_user, source_id)
    return render_template("imports/source.html", source=found, form=EmptyForm(),
                           runs=sources.recent_runs(found), labels=OUTCOME_LABELS,
                           differences=sources.local_differences(found),
                           coordinator=policies.is_coordinator(current_user))


@bp.post("/<int:source_id>/run")
def run_now(source_id: int):
    found = sources.get_source(current_user, source_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    result = run.run_source(found.id)
    if result is None:
        flash(_("Deze bron wordt op dit moment al opgehaald."), "error")
    elif result.outcome in (RunOutcome.FAILED, RunOutcome.HELD):
        flash(result.error, "error")
    else:
        flash(_("Opgehaald: %(created)s nieuw, %(updated)s gewijzigd, %(cancelled)s sessies "
                "geannuleerd, %(unchanged)s ongewijzigd, %(skipped)s overgeslagen.",
                created=result.created, updated=result.updated, cancelled=result.cancelled,
                unchanged=result.unchanged, skipped=result.skipped), "success")
    return redirect(url_for("imports.source", source_id=source_id))


@bp.post("/<int:source_id>/confirm")
def confirm(source_id: int):
    found = sources.get_source(current_user, source_id)
    carry_out(lambda: sources.confirm_cancellations(current_user, found),
              _("Bevestigd: de volgende ophaalbeurt voert de annuleringen uit."))
    return redirect(url_for("imports.source", source_id=source_id))


@bp.post("/<int:source_id>/follow/<int:occurrence_id>")
def follow(source_id: int, occurrence_id: int):
    found = sources.get_source(current_user, source_id)
    carry_out(lambda: sources.follow_feed(current_user, found, occurrence_id),
              _("De sessie volgt weer de feed."))
    return redirect(url_for("imports.source", source_id=source_id))
