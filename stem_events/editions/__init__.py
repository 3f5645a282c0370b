"""State-of-the-STEM editions: programme, participants' choices, market stands, awards."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.editions import models as _models  # noqa: F401  (register tables)
    from stem_events.editions.admin_views import bp as admin_bp
    from stem_events.editions.views import bp

    app.register_blueprint(bp)
    app.register_blueprint(admin_bp)
