"""Network moments, State-of-the-STEM editions, the initiatives registry, "STEM in jouw
gemeente" and the monitoring report (issue 8)."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.network import models as _models  # noqa: F401  (register tables)
    from stem_events.network import search as _search  # noqa: F401  (keep search text current)
    from stem_events.network.admin_views import bp as admin_bp
    from stem_events.network.views import bp

    app.register_blueprint(bp)
    app.register_blueprint(admin_bp)
    app.jinja_env.globals["network_moment_context"] = _network_moment_context


def _network_moment_context(event):
    from stem_events.network.services import network_moment_view

    return network_moment_view(event)
