"""Organisers' pages under /manage: their events, sessions and series, and their organisation.
Views are thin: parse the form, call one service, render."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from stem_events.accounts import policies
from stem_events.accounts import services as account_services
from stem_events.accounts.forms import InviteForm, OrganisationForm
from stem_events.accounts.models import MemberRole, Organisation
from stem_events.audiences import services as audiences
from stem_events.audit import services as audit
from stem_events.date_time import to_local, to_utc
from stem_events.errors import DomainError, FieldError
from stem_events.events import management as services
from stem_events.events.forms import EventForm, NewEventForm, SeriesForm, SessionForm
from stem_events.events.models import Event, PriceKind, RegistrationMode
from stem_events.extensions import db
from stem_events.markdown import to_html
from stem_events.reference.lookup import find_municipality, municipality_names
from stem_events.reference.models import EventKind, Goal, GoalLevel, Theme
from stem_events.series.schedule import Schedule, parse_dates, session_times
from stem_events.web.forms import EmptyForm, ReasonForm, carry_out, seen_version, show_error
from stem_events.workflow import StaleForm

bp = Blueprint("manage", __name__, url_prefix="/manage")


@bp.before_request
@login_required
def _signed_in():
    """Every /manage page needs a signed-in user; policies decide the rest."""


def _choices(form: EventForm, organisation_id: int | None, event: Event | None = None,
             offered: list[Organisation] = ()) -> None:
    form.themes.choices = [(t.id, t.name) for t in db.session.scalars(
        sa.select(Theme).order_by(Theme.position))]
    form.audiences.choices = [(a.id, a.name) for a in audiences.all_audiences()]
    form.goals.choices = [(g.code, f"{g.label} {g.title[:80]}") for g in db.session.scalars(
        sa.select(Goal).where(Goal.level == GoalLevel.OPERATIONAL).order_by(Goal.position))]
    form.co_organisations.choices = [(o.id, o.name) for o in db.session.scalars(
        sa.select(Organisation).where(Organisation.approved.is_(True),
                                      Organisation.id != (organisation_id or 0))
        .order_by(Organisation.name))]
    # A new event offers the initiatives of every organisation it may be created for.
    owners = {organisation_id} if event else {o.id for o in offered}
    form.initiatives.choices = [(i.id, i.name) for i in services.linkable_initiatives(
        current_user, owners, event)]


def _event_data(form: EventForm) -> dict:
    """Form → service values; FieldError for a municipality we cannot find."""
    municipality_nis = None
    if form.municipality.data.strip() or form.postcode.data.strip():
        try:
            municipality_nis = find_municipality(form.municipality.data,
                                                 form.postcode.data).nis
        except DomainError as error:
            raise FieldError("municipality", error.message) from None
    price = form.price.data
    return {
        "kind": EventKind(form.kind.data), "title": form.title.data.strip(),
        "summary": form.summary.data.strip(), "description": form.description.data,
        "venue_name": form.venue_name.data.strip(), "street": form.street.data.strip(),
        "postcode": form.postcode.data.strip(), "municipality_nis": municipality_nis,
        "online_url": form.online_url.data or "", "accessibility": form.accessibility.data,
        "age_min": form.age_min.data, "age_max": form.age_max.data,
        "price_kind": PriceKind(form.price_kind.data),
        "price_cents": int(price * 100) if price is not None else None,
        "capacity": form.capacity.data,
        "registration_mode": RegistrationMode(form.registration_mode.data),
        "waitlist_enabled": form.waitlist_enabled.data,
        "registration_opens_at": _utc(form.registration_opens_at.data),
        "registration_closes_at": _utc(form.registration_closes_at.data),
        "booking_url": form.booking_url.data or "", "edition_year": form.edition_year.data,
        "contact_email": form.contact_email.data or "",
        "contact_phone": form.contact_phone.data or "",
        "themes": form.themes.data, "goals": form.goals.data,
        "audiences": form.audiences.data, "price_reduced": form.price_reduced.data,
        "co_organisations": form.co_organisations.data,
        "initiatives": form.initiatives.data,
    }


def _utc(value: datetime | None) -> datetime | None:
    return to_utc(value) if value else None  # a naive form value is Brussels time


def _schedule(form) -> Schedule:
    return Schedule(first_day=form.first_day.data, start_time=form.start_time.data,
                    end_time=form.end_time.data, repeat=form.repeat.data,
                    until=form.until.data, skip_dates=parse_dates(form.skip_dates.data),
                    skip_holidays=form.skip_holidays.data)


def _fill(form: EventForm, event: Event) -> None:
    for name in ("kind", "title", "summary", "description", "venue_name", "street",
                 "postcode", "online_url", "age_min", "age_max", "capacity", "booking_url",
                 "waitlist_enabled", "edition_year", "contact_email", "contact_phone"):
        getattr(form, name).data = getattr(event, name)
    form.kind.data, form.price_kind.data = event.kind.value, event.price_kind.value
    form.registration_mode.data = event.registration_mode.value
    form.municipality.data = event.municipality.name if event.municipality else ""
    form.price.data = Decimal(event.price_cents) / 100 if event.price_cents else None
    form.accessibility.data = list(event.accessibility or [])
    for name in ("registration_opens_at", "registration_closes_at"):
        value = getattr(event, name)
        getattr(form, name).data = to_local(value).replace(tzinfo=None) if value else None
    form.themes.data = [t.id for t in event.themes]
    form.audiences.data = [a.id for a in event.audiences]
    form.price_reduced.data = event.price_reduced
    form.goals.data = [g.code for g in event.goals]
    form.co_organisations.data = [o.id for o in event.co_organisations]
    form.initiatives.data = [i.id for i in event.initiatives]
    form.version.data = str(event.version)


def _image(form: EventForm) -> bytes | None:
    upload = form.image.data
    if upload and getattr(upload, "filename", ""):
        return upload.read()
    return None


@bp.get("/")
def index():
    grouped = services.events_for(current_user)
    organisations = [m.organisation for m in current_user.memberships]
    return render_template("manage/index.html", grouped=grouped, organisations=organisations)


@bp.route("/events/new", methods=["GET", "POST"])
def new_event():
    organisations = policies.creatable_organisations(current_user)
    if policies.is_coordinator(current_user):
        organisations = list(db.session.scalars(sa.select(Organisation).order_by(
            Organisation.name)))
    if not organisations:
        flash(_("Je organisatie moet eerst goedgekeurd worden."), "error")
        return redirect(url_for("manage.index"))
    form = NewEventForm()
    form.organisation_id.choices = [(o.id, o.name) for o in organisations]
    chosen = form.organisation_id.data  # only an offered id reaches a query
    _choices(form, chosen if chosen in {o.id for o in organisations} else None,
             offered=organisations)
    preview = to_html(form.description.data) if "preview" in request.form else None
    if preview is None and form.validate_on_submit():
        organisation = db.session.get(Organisation, form.organisation_id.data)
        try:
            event = services.create_event(current_user, organisation, _event_data(form),
                                          _schedule(form), _image(form))
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("De activiteit is bewaard als ontwerp."), "success")
            return redirect(url_for("manage.event", event_id=event.id))
    status = 400 if form.errors else 200
    return render_template("manage/event_form.html", form=form, event=None, preview=preview,
                           municipalities=municipality_names()), status


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
def edit_event(event_id: int):
    event = services.get_event(current_user, event_id)
    form = EventForm()
    _choices(form, event.organisation_id, event)
    if request.method == "GET":
        _fill(form, event)
    preview = to_html(form.description.data) if "preview" in request.form else None
    status = 200
    if preview is None and form.validate_on_submit():
        done, status = _save_change(form, event, lambda: services.update_event(
            current_user, event, _event_data(form),  # the service leaves locked fields alone
            seen_version(form), _image(form)), _("De wijzigingen zijn bewaard."))
        if done is not None:
            return done
    if form.errors:
        status = 400
    return render_template("manage/event_form.html", form=form, event=event, preview=preview,
                           municipalities=municipality_names(),
                           locked=services.locked_fields(event),
                           notices=services.notices_for(event)), status


@bp.get("/events/<int:event_id>")
def event(event_id: int):
    event = services.get_event(current_user, event_id)
    return render_template("manage/event.html", event=event, form=EmptyForm(),
                           registrations=services.registration_counts(event.id),
                           entries=audit.entries(event.id), labels=audit.ACTION_LABELS,
                           field_labels=audit.FIELD_LABELS)


def _action(event_id: int, action, message: str, **kwargs):
    event = services.get_event(current_user, event_id)
    done, result = carry_out(lambda: action(current_user, event, **kwargs), message)
    if done and action is services.delete_event:
        return redirect(url_for("manage.index"))
    target = result.id if isinstance(result, Event) else event_id
    return redirect(url_for("manage.event", event_id=target))


def _save_change(form, event, change, message: str):
    """Carry out an organiser's change of `event`: (the redirect to the event, 200) when saved;
    (None, 409) for a stale form (the input kept, the reason flashed); (None, 200) when a rule
    refused it (shown next to its field; the caller answers 400 for form errors)."""
    try:
        change()
    except StaleForm as error:
        db.session.rollback()
        flash(error.message, "error")
        return None, 409
    except DomainError as error:
        show_error(form, error)
        return None, 200
    _saved(event, message)
    return redirect(url_for("manage.event", event_id=event.id)), 200


def _saved(event: Event, message: str) -> None:
    """The success message, and how many registrants are mailed the change (before_commit
    writes those mails in this request's transaction, so the number is what was queued)."""
    sent = services.notices_queued(event)
    if sent:
        message += " " + ngettext(
            "Er gaat %(num)s e-mail met de wijziging naar de ingeschrevenen.",
            "Er gaan %(num)s e-mails met de wijziging naar de ingeschrevenen.", sent)
    flash(message, "success")


@bp.post("/events/<int:event_id>/submit")
def submit(event_id: int):
    return _action(event_id, services.submit_for_review,
                   _("De activiteit is ingediend (of meteen gepubliceerd als je organisatie "
                     "vertrouwd is)."))


@bp.post("/events/<int:event_id>/duplicate")
def duplicate(event_id: int):
    return _action(event_id, services.duplicate_event,
                   _("Een kopie is gemaakt als ontwerp; controleer de data."))


@bp.route("/events/<int:event_id>/delete", methods=["GET", "POST"])
def delete(event_id: int):
    """GET asks for confirmation (a deleted draft cannot come back); POST deletes."""
    if request.method == "GET":
        event = services.get_event(current_user, event_id)
        return render_template("manage/delete.html", event=event, form=EmptyForm())
    return _action(event_id, services.delete_event, _("Het ontwerp is verwijderd."))


@bp.post("/events/<int:event_id>/resume")
def resume(event_id: int):
    return _action(event_id, services.resume_event, _("De activiteit is opnieuw gepland."))


def _reason_page(event_id: int, action, title: str, done: str):
    event = services.get_event(current_user, event_id)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            action(current_user, event, form.reason.data)
        except DomainError as error:
            show_error(form, error)
        else:
            _saved(event, done)
            return redirect(url_for("manage.event", event_id=event.id))
    return render_template("manage/reason.html", event=event, form=form, title=title,
                           notices=services.notices_for(event)), 400 if form.errors else 200


@bp.route("/events/<int:event_id>/cancel", methods=["GET", "POST"])
def cancel(event_id: int):
    return _reason_page(event_id, services.cancel_event, _("Activiteit annuleren"),
                        _("De activiteit is geannuleerd."))


@bp.route("/events/<int:event_id>/postpone", methods=["GET", "POST"])
def postpone(event_id: int):
    return _reason_page(event_id, services.postpone_event, _("Activiteit uitstellen"),
                        _("De activiteit is uitgesteld."))


@bp.route("/events/<int:event_id>/sessions/new", methods=["GET", "POST"])
def add_sessions(event_id: int):
    event = services.get_event(current_user, event_id)
    form = SeriesForm()
    if request.method == "GET":
        form.version.data = str(event.version)
    status = 200
    if form.validate_on_submit():
        try:
            new = services.add_sessions(current_user, event, _schedule(form), seen_version(form))
        except StaleForm as error:
            db.session.rollback()
            flash(error.message, "error")
            status = 409
        except DomainError as error:
            show_error(form, error)
        else:
            _saved(event, _("%(n)s sessies toegevoegd.", n=len(new)))
            return redirect(url_for("manage.event", event_id=event.id))
    return render_template("manage/series_form.html", event=event, form=form), \
        400 if form.errors else status


@bp.route("/events/<int:event_id>/sessions/<int:session_id>/move", methods=["GET", "POST"])
def move_session(event_id: int, session_id: int):
    event = services.get_event(current_user, event_id)
    session = services.get_session(event, session_id)
    form = SessionForm()
    if request.method == "GET":
        start, end = to_local(session.starts_at), to_local(session.ends_at)
        form.day.data, form.start_time.data, form.end_time.data = \
            start.date(), start.time(), end.time()
        form.version.data = str(event.version)
        form.capacity.data = session.capacity
    status = 200
    if form.validate_on_submit():
        def move():
            start, end = session_times(form.day.data, form.start_time.data, form.end_time.data)
            services.move_session(current_user, event, session, start, end, seen_version(form),
                                  form.capacity.data)
        done, status = _save_change(form, event, move, _("De sessie is verplaatst."))
        if done is not None:
            return done
    return render_template("manage/session_form.html", event=event, session=session,
                           form=form, notices=services.notices_for(event, session)), \
        400 if form.errors else status


@bp.post("/events/<int:event_id>/sessions/<int:session_id>/cancel")
def cancel_session(event_id: int, session_id: int):
    return _session_status(event_id, session_id, True, _("De sessie is geannuleerd."))


@bp.post("/events/<int:event_id>/sessions/<int:session_id>/restore")
def restore_session(event_id: int, session_id: int):
    return _session_status(event_id, session_id, False, _("De sessie gaat weer door."))


def _session_status(event_id: int, session_id: int, cancelled: bool, message: str):
    event = services.get_event(current_user, event_id)
    session = services.get_session(event, session_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.set_session_cancelled(current_user, event, session, cancelled)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        _saved(event, message)
    return redirect(url_for("manage.event", event_id=event.id))


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
def organisation(organisation_id: int):
    organisation = account_services.get_organisation(organisation_id)
    policies.require(policies.can_manage_organisation(current_user, organisation))
    form = InviteForm()
    if request.method == "POST":
        policies.require(policies.can_invite(current_user, organisation))
        if form.validate_on_submit():
            account_services.invite(current_user, organisation, form.email.data,
                                    MemberRole(form.role.data))
            audit.record(current_user, "invited", organisation=organisation,
                         note=form.email.data)
            flash(_("De uitnodiging is verstuurd naar %(email)s.", email=form.email.data),
                  "success")
            return redirect(url_for("manage.organisation", organisation_id=organisation.id))
    return render_template("manage/organisation.html", organisation=organisation, form=form,
                           can_invite=policies.can_invite(current_user, organisation),
                           button_form=EmptyForm()), \
        400 if form.errors else 200


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
def edit_organisation(organisation_id: int):
    organisation = account_services.get_organisation(organisation_id)
    policies.require(policies.can_invite(current_user, organisation))
    form = OrganisationForm()
    if request.method == "GET":
        for name in ("name", "website", "description", "contact_name", "contact_email",
                     "contact_phone", "public_email", "public_phone"):
            getattr(form, name).data = getattr(organisation, name)
        form.municipality.data = organisation.municipality.name if organisation.municipality \
            else ""
    if form.validate_on_submit():
        try:
            data = {k: (v.strip() if isinstance(v, str) else v) for k, v in form.data.items()}
            try:
                data["municipality_nis"] = find_municipality(form.municipality.data).nis
            except DomainError as error:
                raise FieldError("municipality", error.message) from None
            changes = account_services.update_organisation(current_user, organisation, data)
        except DomainError as error:
            show_error(form, error)
        else:
            if changes:
                audit.record(current_user, "organisation_edited", organisation=organisation,
                             changes=changes)
            flash(_("De gegevens van de organisatie zijn bewaard."), "success")
            return redirect(url_for("manage.organisation", organisation_id=organisation.id))
    return render_template("manage/organisation_form.html", organisation=organisation,
                           form=form, municipalities=municipality_names()), \
        400 if form.errors else 200


@bp.post("/organisations/<int:organisation_id>/members/<int:user_id>")
def member(organisation_id: int, user_id: int):
    """Change a member's role (`role=owner|editor`) or remove them (`action=remove`)."""
    organisation = account_services.get_organisation(organisation_id)
    policies.require(policies.can_invite(current_user, organisation))
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        if request.form.get("action") == "remove":
            account_services.remove_member(current_user, organisation, user_id)
            action, note = "member_removed", str(user_id)
        elif request.form.get("role") in {r.value for r in MemberRole}:
            role = MemberRole(request.form["role"])
            account_services.set_member_role(current_user, organisation, user_id, role)
            action, note = "member_role", f"{user_id}: {role.value}"
        else:
            abort(400)
    except DomainError as error:
        db.session.rollback()
        if error.status == 404:
            raise
        flash(error.message, "error")
    else:
        audit.record(current_user, action, organisation=organisation, note=note)
        flash(_("Bewaard."), "success")
    return redirect(url_for("manage.organisation", organisation_id=organisation.id))

