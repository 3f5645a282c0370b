"""Public pages of State-of-the-STEM: an edition, its programme feed, and a participant's
choice of sessions."""

from __future__ import annotations

import hashlib

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.http import is_resource_modified

from stem_events.editions import choices as choice_services
from stem_events.editions import pages, signals
from stem_events.editions.choices import edition_of_event
from stem_events.editions.ical import programme_calendar, programme_last_modified
from stem_events.errors import DomainError
from stem_events.extensions import db
from stem_events.feeds.services import token_for
from stem_events.feeds.views import CONTENT_TYPE, caching_headers
from stem_events.hooks import gather

bp = Blueprint("editions", __name__)


@bp.get("/state-of-the-stem/")
def editions_index():
    return render_template("editions/index.html", editions=pages.public_editions())


@bp.get("/state-of-the-stem/<int:year>")
def edition(year: int):
    found = pages.get_public_edition(year)
    return render_template("editions/edition.html", view=pages.edition_page(found),
                           **gather(signals.edition_page, found))  # award rounds, role models


@bp.get("/state-of-the-stem/<int:year>.ics")
def edition_ics(year: int):
    """The programme feed, with the HTTP caching of the other public feeds. Only the ETag
    (a hash of the bytes) decides a 304: deleting an item nobody chose changes the feed
    without making any remaining item newer than If-Modified-Since."""
    found = pages.get_public_edition(year)
    body = programme_calendar(found)
    etag = hashlib.sha256(body).hexdigest()[:32]
    headers = caching_headers(etag, programme_last_modified(found),
                              f"state-of-the-stem-{year}.ics", private=False)
    if not is_resource_modified(request.environ, etag=etag):
        return Response(status=304, headers=headers)
    response = Response(body, headers=headers)
    response.headers["Content-Type"] = CONTENT_TYPE
    return response


@bp.route("/registrations/<signed>/sessions", methods=["GET", "POST"])
def choices(signed: str):
    """A registered participant chooses the sessions of a State-of-the-STEM edition."""
    registration, edition = choice_services.registration_for_link(signed)
    selected = choice_services.chosen_ids(registration.id)
    problem, status = None, 200
    if request.method == "POST":
        # CSRF: checked for every POST by the app-wide CSRFProtect.
        # A value that is no id stays in the list as -1: refused, not silently dropped (which
        # would save fewer choices than were sent).
        wanted = [int(v) if v.isdigit() and len(v) < 10 else -1
                  for v in request.form.getlist("item")]
        try:
            choice_services.choose(registration.id, wanted)
            flash(_("Je keuze is bewaard. De sessies staan in je persoonlijke kalender."),
                  "success")
            return redirect(url_for(".choices", signed=signed))
        except DomainError as error:
            db.session.rollback()
            problem, status, selected = error.message, error.status, set(wanted)
    return render_template(
        "editions/choices.html", edition=edition, registration=registration, signed=signed,
        view=pages.edition_page(edition), selected=selected,
        left=choice_services.seats_left(edition), problem=problem,
        feed_url=_feed_url(registration)), status


def _feed_url(registration) -> str:
    return url_for("feeds.personal", token=token_for(registration.contact_email),
                   _external=True)


def choices_url(event, signed: str) -> str | None:
    """On a registration's page: where a State-of-the-STEM participant chooses sessions."""
    if edition_of_event(event.id) is None:
        return None
    return url_for("editions.choices", signed=signed)
