"""Role models (rolmodellen): profiles of people working in STEM, shown only with their own
recorded consent and a coordinator's approval, linked to where they take part."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.rolemodels import models as _models  # noqa: F401  (register tables)
    from stem_events.rolemodels.admin_views import bp as admin_bp
    from stem_events.rolemodels.audit_log import register_labels
    from stem_events.rolemodels.manage_views import bp as manage_bp
    from stem_events.rolemodels.views import bp

    app.register_blueprint(bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(admin_bp)
    register_labels()
