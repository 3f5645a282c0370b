"""Award rounds and the STEM-label: categories with weighted criteria, open nominations, an
independent jury, results and labels (`initiatives.labels` shows them everywhere)."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.awards import models as _models  # noqa: F401  (register tables)
    from stem_events.awards.admin_views import bp as admin_bp
    from stem_events.awards.manage_views import bp as manage_bp
    from stem_events.awards.services import rounds_of_edition
    from stem_events.awards.views import bp

    app.register_blueprint(bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(admin_bp)
    # The edition's pages (editions sits below awards) list the edition's rounds.
    app.jinja_env.globals["award_rounds_of_edition"] = rounds_of_edition
