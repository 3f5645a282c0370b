"""Organisers' pages of an event's sessions under /manage/events/<id>/sessions: add a series
of dates, move one session, cancel or restore it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from stem_events.date_time import to_local
from stem_events.errors import DomainError
from stem_events.events import management as events
from stem_events.events.notices import flash_saved
from stem_events.extensions import db
from stem_events.web.forms import EmptyForm, save_change, seen_version

from . import services
from .forms import SeriesForm, SessionForm, ShiftForm
from .schedule import from_form, series_plan, session_times, skipped_message

bp = Blueprint("series_manage", __name__, url_prefix="/manage/events/<int:event_id>/sessions")


@bp.before_request
@login_required
def _signed_in():
    """Every page needs a signed-in user; policies decide the rest."""


def _to_event(event):
    return redirect(url_for("manage.event", event_id=event.id))


@bp.route("/new", methods=["GET", "POST"])
def add_sessions(event_id: int):
    event = events.get_event(current_user, event_id)
    form = SeriesForm()
    if request.method == "GET":
        form.version.data = str(event.version)
    status = 200
    if form.validate_on_submit():
        added, skipped = [], []

        def add():
            schedule = from_form(form)
            added.extend(services.add_sessions(current_user, event, schedule,
                                               seen_version(form)))
            skipped.extend(series_plan(schedule)[1])

        done, status = save_change(form, add, lambda: flash_saved(event, " ".join(filter(None, [
            _("%(n)s sessies toegevoegd.", n=len(added)), skipped_message(skipped)])))
            or _to_event(event))
        if done is not None:
            return done
    return render_template("series/series_form.html", event=event, form=form), \
        400 if form.errors else status


@bp.route("/<int:session_id>/move", methods=["GET", "POST"])
def move_session(event_id: int, session_id: int):
    event = events.get_event(current_user, event_id)
    session = events.get_session(event, session_id)
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

        done, status = save_change(form, move, lambda: flash_saved(
            event, _("De sessie is verplaatst.")) or _to_event(event))
        if done is not None:
            return done
    return render_template("series/session_form.html", event=event, session=session,
                           form=form, notices=events.notices_for(event, session)), \
        400 if form.errors else status


@bp.post("/<int:session_id>/cancel")
def cancel_session(event_id: int, session_id: int):
    return _session_status(event_id, session_id, True, _("De sessie is geannuleerd."))


@bp.post("/<int:session_id>/restore")
def restore_session(event_id: int, session_id: int):
    return _session_status(event_id, session_id, False, _("De sessie gaat weer door."))


def _session_status(event_id: int, session_id: int, cancelled: bool, message: str):
    event = events.get_event(current_user, event_id)
    session = events.get_session(event, session_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.set_session_cancelled(current_user, event, session, cancelled)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash_saved(event, message)
    return _to_event(event)


@bp.route("/shift", methods=["GET", "POST"])
def shift_sessions(event_id: int):
    """Edit the series as a series (shift the time, change the weekday, add weeks):
    "Voorbeeld tonen" lists the resulting dates, "Opslaan" saves them in one change and says
    which dates were skipped and why."""
    event = events.get_event(current_user, event_id)
    form = ShiftForm()
    if request.method == "GET":
        form.version.data = str(event.version)
    status, plan = 200, None
    if form.validate_on_submit():
        edit = services.SeriesEdit(
            minutes=form.minutes.data or 0,
            weekday=int(form.weekday.data) if form.weekday.data else None,
            only_future=form.scope.data == "future", extra_weeks=form.extra_weeks.data or 0,
            skip_holidays=form.skip_holidays.data)
        if edit.changes_nothing:
            form.minutes.errors = [_("Kies een wijziging: een verschuiving verschillend van 0, "
                                     "een andere weekdag of extra weken.")]
        elif request.form.get("action") != "apply":
            plan = services.edit_plan(event, edit)
        else:
            done_plan = []

            def save():
                done_plan.append(services.edit_series(current_user, event, edit,
                                                      seen_version(form)))

            done, status = save_change(form, save, lambda: flash_saved(event, " ".join(filter(
                None, [_("%(n)s sessies verschoven, %(m)s toegevoegd.",
                         n=len(done_plan[0].moves), m=len(done_plan[0].added)),
                       skipped_message(done_plan[0].skipped)]))) or _to_event(event))
            if done is not None:
                return done
    return render_template("series/shift_form.html", event=event, form=form, plan=plan), \
        400 if form.errors else status
