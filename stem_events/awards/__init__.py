"""Award rounds and the STEM-label: categories with weighted criteria, open nominations, an
independent jury, results and labels (`initiatives.labels` shows them everywhere)."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.awards import models as _models  # noqa: F401  (register tables)
    from stem_events.awards.admin_views import bp as admin_bp
    from stem_events.awards.manage_views import bp as manage_bp
    from stem_events.awards.views import bp

    app.register_blueprint(bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(admin_bp)
