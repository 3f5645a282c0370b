"""Public pages: the registration form, its neutral confirmation, and the signed manage link."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from stem_events import rate_limits as limits
from stem_events.date_time import now_utc
from stem_events.errors import DomainError, error_response
from stem_events.events.services import get_public_event, next_or_first_session
from stem_events.events.structured_data import address_line, calendar_links
from stem_events.extensions import db, limiter
from stem_events.hooks import gather
from stem_events.reach import services as reach
from stem_events.registrations import form_page, forms, groups, outcome, services, signals
from stem_events.registrations.locking import RegistrationBusy
from stem_events.registrations.models import RegistrationStatus
from stem_events.registrations.services import InvalidRegistration

bp = Blueprint("registrations", __name__)


def _attach(form, error: InvalidRegistration) -> bool:
    """Put a service's field error next to its field; False when the field is unknown."""
    try:
        field = form[error.field] if "-" not in error.field else _subfield(form, error.field)
    except (KeyError, IndexError):
        return False
    field.errors = [*field.errors, error.message]
    return True


def _subfield(form, name: str):
    _children, index, sub = name.split("-", 2)
    return form.children.entries[int(index)].form[sub]


def _adding_a_child() -> bool:
    """The "Nog een kind toevoegen" button (no JavaScript): it registers nothing, so it is no
    submission for the rate limits."""
    return forms.ADD_CHILD in request.form


def _render_form(event, state, form, problem=None, status=200):
    return render_template(
        "registrations/form.html", event=event, state=state, form=form, problem=problem,
        error_links=forms.error_links, session=next_or_first_session(event),
        address=address_line(event),
        alternatives=services.alternatives(event) if state.kind == "full" else []), status


def _first_page(version, event, state, questions):
    """The empty form, as every visitor first sees it (stored: registrations/form_page.py)."""
    def render() -> str:
        form = forms.form_for(event, questions,
                              lambda session: services.seats_left(event, session), state.groups)
        return _render_form(event, state, form)[0]

    return form_page.page(version, event, state, questions, state.groups,
                          next_or_first_session(event), address_line(event), render)


def _rule_problems(form, event, questions) -> str | None:
    """The rules' problems (age, consent, questions …) next to their fields, in the same pass
    as the form's own checks; the text of one that has no field."""
    unplaced = None
    for error in services.problems(event, forms.submission(form, event), questions=questions):
        if not _attach(form, error):
            unplaced = unplaced or error.message
    return unplaced


@bp.route("/events/<int:event_id>/register", methods=["GET", "POST"])
@limiter.limit(limits.REGISTER_PER_CLIENT, methods=["POST"], exempt_when=_adding_a_child)
@limiter.limit(limits.REGISTER_PER_EMAIL_AND_CLIENT, methods=["POST"],
               key_func=limits.registration_email_and_client_key, exempt_when=_adding_a_child)
def register(event_id: int):
    # The data version a stored page is kept under is read before the event: a change that
    # commits in between then makes a newer key, never an older one.
    version = form_page.data_version() if request.method == "GET" else None
    busy = None
    try:  # a form that may register is read and checked under the lock it registers in
        event = services.form_event(event_id, lock=request.method == "POST" and
                                    not _adding_a_child())
    except RegistrationBusy as error:  # no lock: the form is checked and shown again, filled in
        db.session.rollback()
        event, busy = services.form_event(event_id), error
    state = services.registration_state(event)
    if state.kind in ("not_needed", "closed"):
        return render_template("registrations/form.html", event=event, state=state,
                               form=None), 200 if request.method == "GET" else 409
    questions = services.questions_of(event.id)
    if request.method == "GET":
        return _first_page(version, event, state, questions)
    form = forms.form_for(event, questions, lambda session: services.seats_left(event, session),
                          state.groups)
    if request.method == "POST" and _adding_a_child():
        forms.add_child_row(form)
        return _render_form(event, state, form)
    problem, status = None, 200
    valid = form.validate_on_submit()
    if request.method == "POST":
        problem = _rule_problems(form, event, questions)
        if problem or any(form.errors.values()):
            valid, status = False, 400
    if valid:
        if form.website.data:  # the honeypot: answer as if all went well, keep nothing
            return redirect(url_for(".received", event_id=event.id))
        try:
            if busy is not None:
                raise busy
            result = services.register(event_id, forms.submission(form, event), questions)
            # Ids and event_id as kept before the commit: the committed rows are expired,
            # and reading them again would reload them (the event with its collections).
            shown = {"outcome": outcome.token(event_id, result.new_ids)} if result.new else {}
            return redirect(url_for(".received", event_id=event_id, **shown))
        except InvalidRegistration as error:
            if not _attach(form, error):
                problem = error.message
            status = 400
        except DomainError as error:
            problem, status = error.message, error.status
        db.session.rollback()
    return _render_form(event, state, form, problem, status)


RATE_LIMITED = _l("Er kwamen te veel inschrijvingen na elkaar van dit adres. Wat je invulde "
                  "staat er nog: wacht een minuut en verstuur het formulier dan opnieuw.")


@bp.errorhandler(429)
def rate_limited(error):
    """A rate limit on the form (rate_limits.py): the form comes back with what was typed and
    a Dutch sentence (429), instead of a bare error page."""
    event_id = (request.view_args or {}).get("event_id")
    if request.endpoint != "registrations.register" or event_id is None:
        return error_response(429, None)
    event = services.form_event(event_id)
    form = forms.form_for(event, services.questions_of(event.id),
                          lambda session: services.seats_left(event, session),
                          services.group_settings(event.id))
    return _render_form(event, services.registration_state(event), form, str(RATE_LIMITED), 429)


@bp.get("/events/<int:event_id>/register/received")
def received(event_id: int):
    """A new registration sees its outcome (registrations/outcome.py); a repeated one, or
    anyone else, the neutral page that tells nobody who is in."""
    event = get_public_event(event_id)
    new = outcome.read(event.id, request.args.get("outcome"))
    if not new:
        return render_template("registrations/received.html", event=event)
    confirmed = any(r.status == RegistrationStatus.CONFIRMED for r in new)
    session = next_or_first_session(event)
    page = render_template(
        "registrations/outcome.html", event=event,
        people=[(r, services.waitlist_position(r)) for r in new],
        calendar_links=calendar_links(event, session) if confirmed else None,
        own_url=_own_url(new))
    return page, 200, {"Cache-Control": "no-store"}  # names of children: never stored


def _own_url(new: list) -> str | None:
    """The link to the participant's own registration page, unless it would show
    registrations this form did not make (someone else's, registered earlier with the same
    address): those go by mail only."""
    household = services.household(new[0])
    if {r.id for r in household} != {r.id for r in new}:
        return None
    return url_for(".own", signed=services.signed_token(new[0]))


@bp.get("/registrations/<signed>")
def own(signed: str):
    """The participant's own registration page (the link in every mail, no account): see,
    cancel or forget the registrations of one household."""
    registration = services.by_signed_token(signed)
    household = services.household(registration)
    people = [(r, services.waitlist_position(r)) for r in household]
    answers = reach.own_answers([r.id for r in household])
    return render_template("registrations/own.html", registration=registration,
                           event=registration.event, people=people, signed=signed, now=now_utc(),
                           reach_answers={i: reach.labels(a) for i, a in answers.items()},
                           **{"choices_url": None,
                              **gather(signals.own_page, registration, signed=signed)})
@bp.post("/registrations/<signed>/offer/<any(accept, decline):answer>")
def answer_offer(signed: str, answer: str):
    """A teacher answers the organiser's offer of fewer seats for a waiting class."""
    registration = services.by_signed_token(signed)
    chosen = request.form.get("registration_id", type=int)
    household = {r.id: r for r in services.household(registration)}
    target = household.get(chosen) if chosen else registration
    if target is None:
        return redirect(url_for(".own", signed=signed))
    try:
        if answer == "accept":
            groups.accept(target)
            flash(_("Je klas is ingeschreven met de aangeboden plaatsen. Je krijgt een "
                    "bevestiging per e-mail."), "success")
        else:
            groups.decline(target)
            flash(_("Je weigerde het aanbod; je klas blijft op de wachtlijst staan."), "info")
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(url_for(".own", signed=signed))


@bp.get("/registrations/<signed>/data.json")
def my_data(signed: str):
    """The person's own data, reach answers included (GDPR Art. 15 and 20)."""
    registration = services.by_signed_token(signed)
    body = json.dumps(services.own_data(registration), ensure_ascii=False, indent=2)
    return current_app.response_class(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="mijn-inschrijving.json"',
        "Cache-Control": "no-store"})


@bp.post("/registrations/<signed>/reach/erase")
def erase_reach(signed: str):
    """The person erases their optional answers (also from the counts)."""
    registration = services.by_signed_token(signed)
    reach.erase([r.id for r in services.household(registration)])
    flash(_("Je antwoorden op de vrije vragen zijn gewist."), "success")
    return redirect(url_for(".own", signed=signed))


@bp.post("/registrations/<signed>/cancel")
def cancel(signed: str):
    registration = services.by_signed_token(signed)
    own = {r.id for r in services.household(registration)}
    chosen = request.form.getlist("registration_id", type=int)
    ids = [i for i in chosen if i in own] if chosen else sorted(own)
    count = services.cancel(registration.event_id, ids)
    if count:
        flash(_("De inschrijving is geannuleerd. Je krijgt een bevestiging per e-mail."),
              "success")
    else:
        flash(_("Er was niets meer te annuleren."), "info")
    return redirect(url_for(".own", signed=signed))


@bp.post("/registrations/<signed>/forget")
def forget(signed: str):
    """Delete my data: the registrations are cancelled and anonymised; the link dies."""
    registration = services.by_signed_token(signed)
    event = registration.event
    services.forget(registration)
    flash(_("Je inschrijving is geannuleerd en je gegevens zijn gewist."), "success")
    return redirect(url_for("events.detail", event_id=event.id, slug=event.slug))
