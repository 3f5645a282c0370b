"""Audiences (doelgroepen): whom an event or initiative is for, beside its age range."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.audiences.admin_views import bp
    from stem_events.audiences.services import grouped

    app.register_blueprint(bp)
    app.add_template_global(grouped, "audience_groups")
