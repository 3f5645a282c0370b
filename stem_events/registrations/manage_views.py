"""Organiser pages for the registrations of one event, under /manage/events/<id>/registrations.

Coordinators and members of the event's organisation see and change everything; members of a
co-organising organisation see the lists and check people in, but do not cancel, promote, mail
or change the questions (`policies.can_view_registrations`, `can_change_registrations`); anyone
else gets 403, whatever the URL.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import segno
from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from stem_events.errors import DomainError, Forbidden, NotFound
from stem_events.events.models import Event, slugify
from stem_events.extensions import db
from stem_events.registrations import groups, mails, organiser, services
from stem_events.registrations.models import Registration
from stem_events.registrations.policies import can_change_registrations, can_view_registrations
from stem_events.security import camera_allowed

bp = Blueprint("registrations_manage", __name__, url_prefix="/manage/events/<int:event_id>")


def managed_event(event_id: int, change: bool = False) -> Event:
    """The event whose registrations the user may see (`change`: may also change)."""
    event = db.session.get(Event, event_id)
    if event is None:
        raise NotFound(_("Deze activiteit bestaat niet."))
    if not can_view_registrations(current_user, event):
        raise Forbidden(_("Je beheert deze activiteit niet."))
    if change and not can_change_registrations(current_user, event):
        raise Forbidden(_("Als co-organisator bekijk je de inschrijvingen en meld je mensen aan "
                          "aan de deur; wijzigen doet de organisatie die de activiteit beheert."))
    return event


def _session_arg() -> int | None:
    raw = request.values.get("session", "")
    return int(raw) if raw.isdigit() else None


@bp.get("/registrations")
@login_required
def index(event_id: int):
    event = managed_event(event_id)
    scopes = organiser.overview(event)
    return render_template("registrations/manage/index.html", event=event, scopes=scopes,
                           position=services.waitlist_position,
                           can_change=can_change_registrations(current_user, event))


@bp.post("/registrations/<int:registration_id>/cancel")
@login_required
def cancel(event_id: int, registration_id: int):
    managed_event(event_id, change=True)
    if services.cancel(event_id, [registration_id]):
        flash(_("De inschrijving is geannuleerd; wie op de wachtlijst stond, schuift door."),
              "success")
    return redirect(url_for(".index", event_id=event_id))


@bp.post("/registrations/<int:registration_id>/promote")
@login_required
def promote(event_id: int, registration_id: int):
    managed_event(event_id, change=True)
    try:
        services.promote_by_hand(event_id, registration_id)
        flash(_("De inschrijving is bevestigd en de deelnemer krijgt een e-mail."), "success")
    except DomainError as error:
        flash(error.message, "error")
    return redirect(url_for(".index", event_id=event_id))


@bp.post("/registrations/<int:registration_id>/offer")
@login_required
def offer(event_id: int, registration_id: int):
    """Offer a waiting class fewer seats, held for 48 hours (registrations/groups.py)."""
    managed_event(event_id, change=True)
    raw = request.form.get("seats", "").strip()
    try:
        groups.offer(event_id, registration_id, int(raw) if raw.isdigit() and len(raw) < 6
                     else 0)
        flash(_("Het aanbod is verstuurd; de plaatsen worden 48 uur vastgehouden."), "success")
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(url_for(".index", event_id=event_id))


@bp.route("/registrations/groups", methods=["GET", "POST"])
@login_required
def group_settings(event_id: int):
    """Whether classes may book this event, and how (the "scholenaanbod")."""
    event = managed_event(event_id, change=True)
    current = services.group_settings(event.id)
    values = request.form if request.method == "POST" else {
        "enabled": "1" if current else "", "min_size": current.min_size if current else 10,
        "max_size": current.max_size if current else 30,
        "adults_take_seats": "1" if current and current.adults_take_seats else "",
        "individuals_allowed": "1" if current is None or current.individuals_allowed else ""}
    problem = None
    if request.method == "POST":
        def number(name):
            raw = request.form.get(name, "").strip()
            return int(raw) if raw.isdigit() and len(raw) < 6 else None
        try:
            groups.save_settings(event, request.form.get("enabled") == "1", number("min_size"),
                                 number("max_size"), request.form.get("adults_take_seats") == "1",
                                 request.form.get("individuals_allowed") == "1")
            flash(_("De instellingen voor klassen zijn bewaard."), "success")
            return redirect(url_for(".index", event_id=event.id))
        except DomainError as error:
            db.session.rollback()
            problem = error.message
    return render_template("registrations/manage/groups.html", event=event, values=values,
                           problem=problem), 400 if problem else 200


@bp.get("/registrations.csv")
@login_required
def export(event_id: int):
    event = managed_event(event_id)
    filename = f"inschrijvingen-{event.id}-{slugify(event.title, 40)}.csv"
    return Response(organiser.csv_export(event), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "private, no-store"})


@bp.get("/registrations/attendance")
@login_required
def attendance(event_id: int):
    event = managed_event(event_id)
    session = organiser.session_of(event, _session_arg())
    return render_template("registrations/manage/attendance.html", event=event,
                           session=session, rows=organiser.expected(event, session),
                           present=organiser.present_ids(session),
                           counts=organiser.present_counts(session))


@bp.route("/registrations/checkin", methods=["GET", "POST"])
@login_required
@camera_allowed
def checkin(event_id: int):
    event = managed_event(event_id)
    session = organiser.session_of(event, _session_arg())
    if request.method == "POST":
        registration_id = request.form.get("registration_id", type=int) or 0
        present = request.form.get("present") == "1"
        number = request.form.get("number", "").strip()
        try:
            registration = organiser.set_attendance(
                event, session, registration_id, present,
                int(number) if number.isdigit() and len(number) < 6 else None)
        except DomainError as error:
            flash(error.message, "error")
            return redirect(url_for(".checkin", event_id=event.id, session=session.id,
                                    q=request.form.get("q", "")))
        flash(_("%(name)s is aangemeld.", name=registration.participant_name) if present
              else _("%(name)s is afgemeld.", name=registration.participant_name), "success")
        return redirect(url_for(".checkin", event_id=event.id, session=session.id,
                                q=request.form.get("q", "")))
    query, code = request.args.get("q", ""), _typed_code(request.args.get("code", ""))
    present = organiser.present_ids(session)
    counts = organiser.present_counts(session)
    expected = organiser.expected(event, session)
    return render_template("registrations/manage/checkin.html", event=event, session=session,
                           rows=organiser.search(event, session, query, code), query=query,
                           code=code, present=present, counts=counts,
                           present_people=organiser.present_people(expected, present, counts),
                           expected_people=sum(r.seats if r.is_group else 1 for r in expected))


def _typed_code(text: str) -> str:
    """The code typed or pasted at the door: the code itself, or the whole scanned link."""
    text = text.strip()
    if "code=" in text:
        text = parse_qs(urlsplit(text).query).get("code", [""])[0]
    return text


@bp.get("/registrations/<int:registration_id>/qr.svg")
@login_required
def qr(event_id: int, registration_id: int):
    managed_event(event_id)
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event_id:
        raise NotFound(_("Deze inschrijving bestaat niet."))
    svg = segno.make(mails.checkin_url(registration), error="m").svg_inline(scale=4)
    return Response(svg, mimetype="image/svg+xml")


@bp.route("/registrations/mail", methods=["GET", "POST"])
@login_required
def mail_all(event_id: int):
    event = managed_event(event_id, change=True)
    subject = request.form.get("subject", "")
    body = request.form.get("body", "")
    problem = None
    if request.method == "POST":
        try:
            count = organiser.mail_registrants(event.id, subject, body, _session_arg())
            flash(ngettext("Je bericht gaat naar %(num)s e-mailadres (de wachtlijst "
                           "inbegrepen).", "Je bericht gaat naar %(num)s e-mailadressen (de "
                           "wachtlijst inbegrepen).", count), "success")
            return redirect(url_for(".index", event_id=event.id))
        except DomainError as error:
            problem = error.message
    return render_template("registrations/manage/mail.html", event=event, subject=subject,
                           body=body, problem=problem,
                           reach=organiser.mail_reach(event.id)), 400 if problem else 200


@bp.route("/registrations/questions", methods=["GET", "POST"])
@login_required
def questions(event_id: int):
    event = managed_event(event_id, change=True)
    problem = None
    if request.method == "POST":
        try:
            if request.form.get("delete", "").isdigit():
                organiser.delete_question(event, int(request.form["delete"]))
                flash(_("De vraag is verwijderd."), "success")
            else:
                organiser.add_question(event, request.form.get("text", ""),
                                       request.form.get("kind", ""),
                                       request.form.get("choices", ""),
                                       request.form.get("required") == "1")
                flash(_("De vraag is toegevoegd aan het inschrijvingsformulier."), "success")
            return redirect(url_for(".questions", event_id=event.id))
        except DomainError as error:
            problem = error.message
    return render_template("registrations/manage/questions.html", event=event,
                           questions=services.questions_of(event.id), problem=problem,
                           values=request.form), 400 if problem else 200
