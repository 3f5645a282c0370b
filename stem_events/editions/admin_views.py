"""Coordinators' pages for State-of-the-STEM editions (`/admin/state-of-the-stem/…`): the
editions, their programme and market stands; the award section links to the edition's
award rounds (`stem_events/awards/admin_views.py`).

Coordinators only. Every form is a Flask-WTF
form; bad input re-shows the page with the input kept and the message in Dutch (400, or 409
when it clashes with what is stored); an id of another edition is a 404.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from stem_events.accounts import policies
from stem_events.audit import services as audit
from stem_events.date_time import to_local
from stem_events.editions import pages, programme, signals
from stem_events.editions import services as editions
from stem_events.editions.choices import taken_counts
from stem_events.editions.forms import (
    EditionForm,
    ProgrammeItemForm,
    StandForm,
    StandNumberForm,
    UmbrellaForm,
    VenueForm,
    market_form,
)
from stem_events.editions.models import Edition
from stem_events.errors import DomainError
from stem_events.extensions import db
from stem_events.hooks import gather
from stem_events.initiatives.models import Initiative, InitiativeStatus
from stem_events.series.schedule import session_times
from stem_events.web.forms import EmptyForm

bp = Blueprint("editions_admin", __name__, url_prefix="/admin")
bp.before_request(policies.coordinators_only)


def _show(form, error: DomainError) -> int:
    """Put a service's refusal next to its field (or in the summary); returns the status."""
    db.session.rollback()
    target = getattr(form, getattr(error, "field", "") or "", None)
    if target is not None and hasattr(target, "errors"):
        target.errors = [*(target.errors or []), error.message]
    else:
        form.form_errors.append(error.message)
    return error.status


def _flush(form) -> int | None:
    """Write the change now (the request commits it); a unique constraint lost to a concurrent
    writer is a 409 on the form."""
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        form.form_errors.append(_(
            "Iemand anders bewaarde net hetzelfde. Herlaad de pagina en probeer opnieuw."))
        return 409
    return None


def _done(message: str, year: int, page: str = "edition"):
    """After a saved change: it goes into the audit log under the umbrella event (who changed
    which edition when, in the words the coordinator saw), then back to the sub-page
    (`edition`, `programme` or `market`)."""
    edition = pages.get_edition(year)
    audit.record(current_user, "edition_changed", event=edition.event,
                 note=f"State-of-the-STEM {year}: {message}")
    flash(message, "success")
    return redirect(url_for(f"editions_admin.{page}", year=year))


def _buttons_valid() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


# ---------------------------------------------------------------------------- editions
def _event_choices(form: EditionForm | UmbrellaForm) -> None:
    form.event.choices = [("", _("— kies —"))] + [
        (str(e.id), f"{e.title} ({e.status.label}"
         + (f", {to_local(e.first_start):%d-%m-%Y}" if e.first_start else "") + ")")
        for e in editions.free_umbrella_events()]


@bp.route("/state-of-the-stem/", methods=["GET", "POST"])
def editions_index():
    form = EditionForm()
    _event_choices(form)
    status = 200
    if form.validate_on_submit():
        try:
            edition = editions.create_edition(form.year.data, form.event.data,
                                              form.venue.data or "")
        except DomainError as error:
            status = _show(form, error)
        else:
            status = _flush(form) or 0
            if not status:
                return _done(_("Editie %(year)s is aangemaakt.", year=edition.year),
                             edition.year)
            _event_choices(form)
    elif form.errors:
        status = 400
    return render_template("editions/admin_editions.html", form=form,
                           rows=editions.edition_rows()), status


def _stand_forms(edition: Edition, failed: tuple[int, StandNumberForm] | None = None) -> dict:
    forms = {s.id: StandNumberForm(prefix=f"stand-{s.id}", formdata=None,
                                   data={"stand_number": s.stand_number})
             for s in edition.stands}
    if failed:
        forms[failed[0]] = failed[1]
    return forms


def _edition_page(edition: Edition, error: str | None = None, status: int = 200, **forms):
    """The sub-page "Editie": the umbrella event, the venue, the award rounds."""
    umbrella_form = forms.pop("umbrella_form", None) or UmbrellaForm(prefix="umbrella",
                                                                      formdata=None)
    if edition.event is None:  # only then is the form shown
        _event_choices(umbrella_form)
    venue_form = forms.pop("venue_form", None) or VenueForm(
        prefix="venue", formdata=None, data={"venue": edition.venue})
    return render_template(
        "editions/admin_edition.html", edition=edition, error=error,
        umbrella_form=umbrella_form, venue_form=venue_form,
        days=programme.edition_days(edition), **gather(signals.edition_page, edition)), status


def _programme_page(edition: Edition, error: str | None = None, status: int = 200):
    return render_template("editions/admin_programme.html", edition=edition, error=error,
                           taken=taken_counts(edition.id)), status


def _market_page(edition: Edition, error: str | None = None, status: int = 200, **forms):
    """The sub-page "Markt": every stand number in one form with one save, and a stand added."""
    published = db.session.scalars(
        sa.select(Initiative).where(Initiative.status == InitiativeStatus.PUBLISHED)
        .order_by(Initiative.name)).all()
    stand_form = forms.pop("stand_form", None) or StandForm(prefix="stand", formdata=None)
    stand_form.initiative.choices = [("", _("— kies —"))] + [
        (str(i.id), i.name) for i in published]
    numbers_form = forms.pop("numbers_form", None) or market_form(edition.stands, submitted=False)
    failed = forms.pop("failed_stand", None)
    if failed:  # the old one-row form: its error is shown at that row
        numbers_form[f"number-{failed[0]}"].errors = failed[1].stand_number.errors
        numbers_form[f"number-{failed[0]}"].data = failed[1].stand_number.data
    return render_template("editions/admin_market.html", edition=edition, error=error,
                           stand_form=stand_form, numbers_form=numbers_form), status


@bp.get("/state-of-the-stem/<int:year>")
def edition(year: int):
    return _edition_page(pages.get_edition(year))


@bp.get("/state-of-the-stem/<int:year>/programme")
def programme_page(year: int):
    return _programme_page(pages.get_edition(year))


@bp.route("/state-of-the-stem/<int:year>/market", methods=["GET", "POST"])
def market(year: int):
    """Every stand number (and which stands go) saved with one button."""
    edition = pages.get_edition(year)
    form = market_form(edition.stands)
    if request.method == "GET":
        return _market_page(edition)
    status = 400
    if form.validate_on_submit():
        numbers = {s.id: form[f"number-{s.id}"].data or "" for s in edition.stands}
        removed = {s.id for s in edition.stands if form[f"remove-{s.id}"].data}
        try:
            changed = editions.renumber_stands(edition, numbers, removed)
        except DomainError as error:
            status = _show(form, error)
        else:
            status = _flush(form)
            if status is None:
                return _done(_("De markt is bewaard (%(n)s stands gewijzigd).", n=changed),
                             year, "market")
    return _market_page(pages.get_edition(year), None, status, numbers_form=form)


@bp.post("/state-of-the-stem/<int:year>/event")
def edition_event(year: int):
    """Link an umbrella event to an edition that lost its own (a deleted draft)."""
    edition = pages.get_edition(year)
    form = UmbrellaForm(prefix="umbrella")
    _event_choices(form)
    status = 400
    if form.validate_on_submit():
        try:
            editions.link_umbrella_event(edition, form.event.data)
        except DomainError as error:
            status = _show(form, error)
        else:
            status = _flush(form)
            if status is None:
                return _done(_("De editie hoort nu bij ‘%(title)s’.", title=edition.event.title),
                             year)
    return _edition_page(pages.get_edition(year), None, status, umbrella_form=form)


@bp.post("/state-of-the-stem/<int:year>/venue")
def edition_venue(year: int):
    edition = pages.get_edition(year)
    form = VenueForm(prefix="venue")
    if not form.validate_on_submit():
        return _edition_page(edition, None, 400, venue_form=form)
    sent = programme.set_venue(edition, form.venue.data or "")
    message = _("De locatie is bewaard.")
    if sent:
        message += " " + _("%(n)s deelnemers kregen een bericht met hun bijgewerkte sessies.",
                           n=sent)
    return _done(message, year)


# ------------------------------------------------------------------------- programme
def _item_input(form: ProgrammeItemForm) -> programme.ItemInput:
    start, end = session_times(form.day.data, form.start_time.data, form.end_time.data)
    return programme.ItemInput(
        title=form.title.data or "", description=form.description.data or "",
        track=form.track.data or "", room=form.room.data or "",
        speakers=form.speakers.data or "", starts_at=start, ends_at=end,
        capacity=form.capacity.data)


def _item_page(edition: Edition, form: ProgrammeItemForm, item=None, status: int = 200):
    if status == 200 and form.errors:
        status = 400
    return render_template("editions/admin_programme_item.html", edition=edition, form=form,
                           item=item, days=programme.edition_days(edition),
                           taken=taken_counts(edition.id).get(item.id, 0) if item else 0), status


@bp.route("/state-of-the-stem/<int:year>/programme/new", methods=["GET", "POST"])
def new_item(year: int):
    edition = pages.get_edition(year)
    form = ProgrammeItemForm()
    if request.method == "GET":
        days = programme.edition_days(edition)
        form.day.data = days[0] if days else None
    status = 200
    if form.validate_on_submit():
        try:
            item = programme.add_item(edition, _item_input(form))
        except DomainError as error:
            status = _show(form, error)
        else:
            return _done(_("‘%(title)s’ staat in het programma.", title=item.title), year,
                         "programme_page")
    return _item_page(edition, form, None, status)


@bp.route("/state-of-the-stem/<int:year>/programme/<int:item_id>", methods=["GET", "POST"])
def edit_item(year: int, item_id: int):
    edition = pages.get_edition(year)
    item = programme.get_item(edition, item_id)
    form = ProgrammeItemForm(obj=item)
    if request.method == "GET":
        start, end = to_local(item.starts_at), to_local(item.ends_at)
        form.day.data, form.start_time.data, form.end_time.data = \
            start.date(), start.time(), end.time()
    status = 200
    if form.validate_on_submit():
        try:
            sent = programme.update_item(edition, item.id, _item_input(form))
        except DomainError as error:
            status = _show(form, error)
            item = programme.get_item(edition, item_id)
        else:
            message = _("Het programmaonderdeel is bewaard.")
            if sent:
                message += " " + _("%(n)s deelnemers kregen een bericht met de wijziging.",
                                   n=sent)
            return _done(message, year, "programme_page")
    return _item_page(edition, form, item, status)


def _item_status(year: int, item_id: int, cancelled: bool):
    edition = pages.get_edition(year)
    item = programme.get_item(edition, item_id)
    _buttons_valid()
    sent = programme.set_cancelled(edition, item.id, cancelled)
    message = (_("‘%(title)s’ is geannuleerd.", title=item.title) if cancelled
               else _("‘%(title)s’ gaat weer door.", title=item.title))
    if sent:
        message += " " + _("%(n)s deelnemers kregen een bericht met de wijziging.", n=sent)
    return _done(message, year, "programme_page")


@bp.post("/state-of-the-stem/<int:year>/programme/<int:item_id>/cancel")
def cancel_item(year: int, item_id: int):
    return _item_status(year, item_id, True)


@bp.post("/state-of-the-stem/<int:year>/programme/<int:item_id>/restore")
def restore_item(year: int, item_id: int):
    return _item_status(year, item_id, False)


@bp.post("/state-of-the-stem/<int:year>/programme/<int:item_id>/delete")
def delete_item(year: int, item_id: int):
    edition = pages.get_edition(year)
    item = programme.get_item(edition, item_id)
    title = item.title
    _buttons_valid()
    try:
        programme.delete_item(edition, item.id)
    except DomainError as error:
        return _programme_page(edition, error.message, error.status)
    return _done(_("‘%(title)s’ is uit het programma verwijderd.", title=title), year,
                 "programme_page")


# ----------------------------------------------------------------------------- stands
@bp.post("/state-of-the-stem/<int:year>/stands")
def add_stand(year: int):
    edition = pages.get_edition(year)
    form = StandForm(prefix="stand")
    status = 400
    if form.validate_on_submit():
        try:
            stand = editions.add_stand(edition, form.initiative.data, form.stand_number.data)
            name = stand.initiative.name
        except DomainError as error:
            status = _show(form, error)
        else:
            status = _flush(form)
            if status is None:
                return _done(_("‘%(name)s’ heeft nu een stand.", name=name), year,
                             "market")
    return _market_page(edition, None, status, stand_form=form)


@bp.post("/state-of-the-stem/<int:year>/stands/<int:stand_id>")
def renumber_stand(year: int, stand_id: int):
    edition = pages.get_edition(year)
    stand = editions.get_stand(edition, stand_id)
    form = StandNumberForm(prefix=f"stand-{stand.id}")
    status = 400
    if form.validate_on_submit():
        try:
            editions.renumber_stand(edition, stand, form.stand_number.data)
        except DomainError as error:
            status = _show(form, error)
        else:
            status = _flush(form)
            if status is None:
                return _done(_("Het standnummer is bewaard."), year, "market")
    return _market_page(edition, None, status, failed_stand=(stand_id, form))


@bp.post("/state-of-the-stem/<int:year>/stands/<int:stand_id>/delete")
def remove_stand(year: int, stand_id: int):
    edition = pages.get_edition(year)
    stand = editions.get_stand(edition, stand_id)
    _buttons_valid()
    name = stand.initiative.name
    editions.remove_stand(edition, stand)
    return _done(_("De stand van ‘%(name)s’ is weg.", name=name), year, "market")
