"""Network moments, State-of-the-STEM editions, the initiatives registry, "STEM in jouw
gemeente" and the monitoring report (issue 8)."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.initiatives import search as _search  # noqa: F401  (keep search text current)
    from stem_events.initiatives.manage_views import bp as initiatives_bp
    from stem_events.network import models as _models  # noqa: F401  (register tables)
    from stem_events.network.admin_views import bp as admin_bp
    from stem_events.network.views import bp, manage_bp

    app.register_blueprint(bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(initiatives_bp)
    app.register_blueprint(admin_bp)
    app.jinja_env.globals["network_moment_context"] = _network_moment_context
    app.jinja_env.globals["edition_choices_url"] = _edition_choices_url

    from stem_events.editions.ical import chosen_fragments
    from stem_events.feeds.services import register_fragment_source

    register_fragment_source(chosen_fragments)  # chosen sessions in the personal feed

    from stem_events.editions import programme

    programme.register()  # the umbrella event's status is in every item's VEVENT


def _network_moment_context(event):
    from stem_events.network.services import network_moment_view

    return network_moment_view(event)


def _edition_choices_url(event, signed: str) -> str | None:
    """On a registration's page: where a State-of-the-STEM participant chooses sessions."""
    from flask import url_for

    from stem_events.editions.choices import edition_of_event

    if edition_of_event(event.id) is None:
        return None
    return url_for("network.choices", signed=signed)
