"""Organisers' pages of their events under /manage (an event's sessions: `series/`, their
organisation: `accounts/manage_views.py`). Views are thin: parse the form, call one service,
render."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from flask import (
    Blueprint,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from stem_events.accounts import policies
from stem_events.accounts.models import Organisation
from stem_events.audiences import services as audiences
from stem_events.audit import services as audit
from stem_events.date_time import to_local, to_utc
from stem_events.errors import DomainError, FieldError
from stem_events.events import dashboard, signals, structured_data
from stem_events.events import management as services
from stem_events.events import services as public
from stem_events.events.forms import EventForm, NewEventForm
from stem_events.events.models import Event, EventStatus, PriceKind, RegistrationMode
from stem_events.events.notices import flash_saved
from stem_events.extensions import db
from stem_events.hooks import gather
from stem_events.markdown import to_html
from stem_events.reference.goals import operational_goal_choices
from stem_events.reference.lookup import find_municipality, municipality_names
from stem_events.reference.models import EventKind, Theme
from stem_events.series.schedule import from_form, series_plan, skipped_message
from stem_events.web.actions import button, confirm_delete
from stem_events.web.forms import (
    EmptyForm,
    ReasonForm,
    carry_out,
    save_change,
    seen_version,
    show_error,
)

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
    form.audiences.groups = audiences.grouped()  # the grouped checkboxes' sections
    # The goals' checkboxes are grouped under their strategic goal (the filter box narrows them).
    form.goals.choices, form.goals.groups = operational_goal_choices()
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
        "professional_development": bool(form.professional_development.data),
        "education_levels": form.education_levels.data,
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
    form.professional_development.data = event.professional_development
    form.education_levels.data = list(event.education_levels or [])
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


def _dashboard_filter(offered: list[Organisation]) -> tuple[dashboard.Filter, list[str]]:
    """The dashboard's filters from the query string; unknown values are named, not ignored."""
    args, chosen, errors = request.args, dashboard.Filter(), []
    status = args.get("status", "")
    if status:
        try:
            chosen.status = EventStatus(status)
        except ValueError:
            errors.append(_("Kies een status uit de lijst."))
    organisation = args.get("organisation", "")
    if organisation:
        if organisation.isdigit() and int(organisation) in {o.id for o in offered}:
            chosen.organisation_id = int(organisation)
        else:
            errors.append(_("Kies een organisatie uit de lijst."))
    chosen.q = args.get("q", "").strip()
    if len(chosen.q) > dashboard.MAX_QUERY:
        errors.append(_("Zoek met hoogstens %(n)s tekens.", n=dashboard.MAX_QUERY))
        chosen.q = ""
    sort = args.get("sort", "date")
    if sort.lstrip("-") in dashboard.SORTS:
        chosen.sort = sort
    else:
        errors.append(_("Deze sortering bestaat niet."))
    return chosen, errors


@bp.get("/")
def index():
    offered = dashboard.organisations_of(current_user)
    chosen, errors = _dashboard_filter(offered)
    upcoming, past = dashboard.rows_for(current_user, chosen) if not errors else ([], [])
    organisations = [m.organisation for m in current_user.memberships]
    return render_template("events/manage/index.html", upcoming=upcoming, past=past, chosen=chosen,
                           errors=errors, offered=offered, organisations=organisations,
                           statuses=list(EventStatus), sorts=dashboard.SORTS,
                           filtered=bool(chosen.status or chosen.organisation_id or chosen.q)
                           ), 400 if errors else 200


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
            schedule = from_form(form)
            event = services.create_event(current_user, organisation, _event_data(form),
                                          schedule, _image(form))
        except DomainError as error:
            show_error(form, error)
        else:
            flash(" ".join(filter(None, [_("De activiteit is bewaard als ontwerp."),
                                         skipped_message(series_plan(schedule)[1])])),
                  "success")
            return redirect(url_for("manage.event", event_id=event.id))
    status = 400 if form.errors else 200
    return render_template("events/manage/event_form.html", form=form, event=None, preview=preview,
                           municipalities=municipality_names()), status


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
def edit_event(event_id: int):
    event = services.get_event(current_user, event_id)
    locked = services.locked_fields(event)
    form = EventForm()
    _choices(form, event.organisation_id, event)
    if request.method == "GET":
        _fill(form, event)
    preview = to_html(form.description.data) if "preview" in request.form else None
    status = 200
    if preview is None and form.validate_on_submit():
        done, status = save_change(form, lambda: services.update_event(
            current_user, event, _event_data(form),  # the service leaves locked fields alone
            seen_version(form), _image(form)), lambda: _saved(event, _edited(event)))
        if done is not None:
            return done
    if form.errors:
        status = 400
    return render_template("events/manage/event_form.html", form=form, event=event, preview=preview,
                           municipalities=municipality_names(),
                           locked=locked, source=services.import_source(event.id) if locked
                           else None,
                           notices=services.notices_for(event)), status


@bp.get("/events/<int:event_id>")
def event(event_id: int):
    event = services.get_event(current_user, event_id)
    return render_template("events/manage/event.html", event=event, form=EmptyForm(),
                           registrations=services.registration_counts(event.id),
                           entries=audit.entries(event.id), labels=audit.ACTION_LABELS,
                           field_labels=audit.FIELD_LABELS,
                           **gather(signals.manage_page, event))  # UiTdatabank panel


@bp.get("/events/<int:event_id>/preview")
def preview(event_id: int):
    """The public page of a draft or an event in review, with a banner; for the organisation's
    members and coordinators only (get_event), never stored or indexed, never page-cached (the
    page cache serves only the agenda, and only to visitors who are not signed in)."""
    event = services.get_event(current_user, event_id)
    if event.is_public:
        return redirect(url_for("events.detail", event_id=event.id, slug=event.slug))
    session = public.next_or_first_session(event)
    response = make_response(render_template(
        "events/detail.html", event=event, next_session=session, preview=True,
        json_ld=None, calendar_links=structured_data.calendar_links(event, session),
        map_url=structured_data.map_url(event), address=structured_data.address_line(event),
        **gather(signals.event_page, event, preview=True)))
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _edited(event: Event) -> str:
    """Whether the saved change is public (flash_saved adds how many are mailed)."""
    if event.is_public:
        return _("De wijzigingen staan meteen op de openbare pagina.")
    if event.status == EventStatus.IN_REVIEW:
        return _("De wijzigingen zijn bewaard; de activiteit wacht nog op goedkeuring.")
    return _("De wijzigingen zijn bewaard; het ontwerp is nog niet openbaar.")


def _saved(event: Event, message: str):
    flash_saved(event, message)
    return redirect(url_for("manage.event", event_id=event.id))


def _action(event_id: int, action, message: str):
    event = services.get_event(current_user, event_id)
    return button(event, action, message, url_for("manage.event", event_id=event.id))


@bp.post("/events/<int:event_id>/submit")
def submit(event_id: int):
    event = services.get_event(current_user, event_id)
    done, _result = carry_out(lambda: services.submit_for_review(current_user, event), None)
    if done and event.status == EventStatus.PUBLISHED:
        flash(_("De activiteit is gepubliceerd en staat nu in de agenda."), "success")
    elif done:
        flash(_("De activiteit is ingediend ter goedkeuring. Een coördinator bekijkt ze; "
                "tot dan is ze nog niet openbaar. Je krijgt een e-mail zodra ze beoordeeld "
                "is."), "success")
    return redirect(url_for("manage.event", event_id=event.id))


@bp.post("/events/<int:event_id>/duplicate")
def duplicate(event_id: int):
    event = services.get_event(current_user, event_id)
    done, copy = carry_out(lambda: services.duplicate_event(current_user, event),
                           _("Een kopie is gemaakt als ontwerp; controleer de data."))
    return redirect(url_for("manage.event", event_id=copy.id if done else event.id))


@bp.route("/events/<int:event_id>/delete", methods=["GET", "POST"])
def delete(event_id: int):
    event = services.get_event(current_user, event_id)
    return confirm_delete(event, services.delete_event, _("Het ontwerp is verwijderd."),
                          template="events/manage/delete.html", event=event,
                          back=url_for("manage.event", event_id=event.id),
                          gone=url_for("manage.index"))


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
            return _saved(event, done)
    return render_template("events/manage/reason.html", event=event, form=form, title=title,
                           notices=services.notices_for(event)), 400 if form.errors else 200


@bp.route("/events/<int:event_id>/cancel", methods=["GET", "POST"])
def cancel(event_id: int):
    return _reason_page(event_id, services.cancel_event, _("Activiteit annuleren"),
                        _("De activiteit is geannuleerd."))


@bp.route("/events/<int:event_id>/postpone", methods=["GET", "POST"])
def postpone(event_id: int):
    return _reason_page(event_id, services.postpone_event, _("Activiteit uitstellen"),
                        _("De activiteit is uitgesteld."))
