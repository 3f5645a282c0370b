"""Public pages of the network domain: initiatives, municipalities, State-of-the-STEM."""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.http import is_resource_modified

from stem_events.editions import choices as choice_services
from stem_events.editions.ical import programme_calendar, programme_last_modified
from stem_events.errors import DomainError
from stem_events.events import filter_form
from stem_events.events import services as event_services
from stem_events.events.filters import AgendaFilter, InvalidFilter
from stem_events.events.views import _page_number
from stem_events.extensions import db
from stem_events.feeds.views import CONTENT_TYPE, caching_headers
from stem_events.network import participants, services
from stem_events.reference.models import EventKind

bp = Blueprint("network", __name__)


@bp.get("/initiatives")
def initiatives():
    try:
        f = services.parse_initiative_filters(request.args)
        page = services.published_initiatives(f, _page_number(),
                                              current_app.config["AGENDA_PER_PAGE"])
    except InvalidFilter as error:
        return render_template("network/initiatives.html", error=error, args=request.args,
                               choices=filter_form.choices(), page=None, f=None), 400
    return render_template(
        "network/initiatives.html", page=page, f=f, args=request.args,
        choices=filter_form.choices(), chips=filter_form.chips(f), query=urlencode(f.params()),
        error=None,
    )


@bp.get("/initiatives/<int:initiative_id>")
@bp.get("/initiatives/<int:initiative_id>-<slug>")
def initiative(initiative_id: int, slug: str | None = None):
    found = services.get_public_initiative(initiative_id)
    if slug != found.slug:
        return redirect(url_for("network.initiative", initiative_id=found.id,
                                slug=found.slug), 301)
    return render_template("network/initiative.html", initiative=found,
                           events=services.events_presenting(found.id))


@bp.get("/municipalities")
def municipalities():
    return render_template("network/municipalities.html",
                           provinces=services.municipalities_by_province())


@bp.get("/municipalities/<nis>")
def municipality(nis: str):
    found = services.get_municipality(nis)
    f = AgendaFilter(municipality=found.nis)
    return render_template(
        "network/municipality.html", municipality=found,
        upcoming=event_services.upcoming_events(f, _page_number(),
                                                current_app.config["AGENDA_PER_PAGE"]),
        query="",
        academy=services.academy_status(found.nis),
        initiatives=services.initiatives_serving(found.nis),
    )


@bp.get("/state-of-the-stem/<int:year>")
def edition(year: int):
    found = services.get_public_edition(year)
    return render_template("network/edition.html", view=services.edition_page(found))


@bp.get("/state-of-the-stem/<int:year>.ics")
def edition_ics(year: int):
    """The programme feed, with the HTTP caching of the other public feeds. Only the ETag
    (a hash of the bytes) decides a 304: deleting an item nobody chose changes the feed
    without making any remaining item newer than If-Modified-Since."""
    found = services.get_public_edition(year)
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
        "network/choices.html", edition=edition, registration=registration, signed=signed,
        view=services.edition_page(edition), selected=selected,
        left=choice_services.seats_left(edition), problem=problem,
        feed_url=_feed_url(registration)), status


def _feed_url(registration) -> str:
    from stem_events.feeds.services import token_for

    return url_for("feeds.personal", token=token_for(registration.contact_email),
                   _external=True)


@bp.get("/registrations/<signed>/participants")
def participant_list(signed: str):
    """A network moment's participant list, for a participant who opted in."""
    event, people = participants.for_participant(signed)
    return render_template("network/participants.html", event=event, people=people,
                           signed=signed)


manage_bp = Blueprint("network_manage", __name__, url_prefix="/manage/events/<int:event_id>")


@manage_bp.get("/participants")
@login_required
def manage_participants(event_id: int):
    """The same list for the event's organisers and coordinators (403 for anyone else)."""
    from stem_events.registrations.manage_views import managed_event

    event = managed_event(event_id)
    return render_template("network/participants.html", event=event,
                           people=participants.participant_list(event), signed=None)


@manage_bp.route("/network", methods=["GET", "POST"])
@login_required
def manage_moment(event_id: int):
    """The event's organisers record the programme, the initiatives presented and a short
    report of their network moment (coordinators do the same under /admin/network/<id>)."""
    from flask_login import current_user

    from stem_events.events.management import get_event
    from stem_events.network.admin_views import moment_form_page

    event = get_event(current_user, event_id)  # 404 / 403 first, as on every /manage page
    if event.kind != EventKind.NETWORK_MOMENT:
        raise services.NotANetworkMoment()
    return moment_form_page(event, "network_manage.manage_moment",
                            back=(url_for("manage.event", event_id=event.id), event.title))
