"""Coordinators' review of events under /admin: the queue and the decision."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.moderation.admin_views import bp
    from stem_events.web.admin_nav import admin_nav

    app.register_blueprint(bp)
    app.add_template_global(admin_nav)  # the admin bar of every coordinator page
