"""Public pages: /clubs, /clubs/<id>, and joining a club through a mailed link."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from stem_events import rate_limits as limits
from stem_events.clubs import services
from stem_events.clubs.forms import JoinForm
from stem_events.errors import DomainError
from stem_events.extensions import db, limiter
from stem_events.registrations.services import signed_token
from stem_events.web.forms import EmptyForm

bp = Blueprint("clubs", __name__)


@bp.get("/clubs")
def index():
    return render_template("clubs/index.html",
                           provinces=services.by_province(services.public_clubs()))


def _page(club, form, problem=None, status=200):
    return render_template("clubs/detail.html", club=club, form=form, problem=problem,
                           series=services.current_series(club)), status


@bp.get("/clubs/<int:club_id>")
def detail(club_id: int):
    return _page(services.get_club(club_id), JoinForm())


@bp.post("/clubs/<int:club_id>/join")
@limiter.limit(limits.REGISTER_PER_CLIENT)
def join(club_id: int):
    club = services.get_club(club_id)
    form = JoinForm()
    if not form.validate_on_submit():
        return _page(club, form, status=400)
    if not form.website.data:
        try:
            services.request_join(club, form.contact_name.data, form.contact_email.data)
        except DomainError as error:
            db.session.rollback()
            return _page(club, form, error.message, 409)
    return render_template("clubs/join_sent.html", club=club)


@bp.route("/clubs/<int:club_id>/join/<token>", methods=["GET", "POST"])
def confirm(club_id: int, token: str):
    """GET shows a button (mail scanners that open links do not join anyone); POST joins."""
    join_request = services.read_join(club_id, token)
    form = EmptyForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            outcome = services.confirm_join(join_request)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
            return redirect(url_for(".detail", club_id=club_id))
        flash(_("Welkom bij de club! Je bent ingeschreven voor de bijeenkomsten; de "
                "bevestiging met je persoonlijke agenda-link staat in je mailbox."), "success")
        return redirect(url_for("registrations.own",
                                signed=signed_token(outcome.registrations[0])))
    return render_template("clubs/confirm.html", join=join_request, form=form)
