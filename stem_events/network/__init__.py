"""Network moments: region, invited helix pillars, pitches, presented initiatives, report and
the participant list."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.network import models as _models  # noqa: F401  (register tables)
    from stem_events.network.admin_views import bp as admin_bp
    from stem_events.network.manage_views import bp as manage_bp
    from stem_events.network.views import bp

    app.register_blueprint(bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(admin_bp)
