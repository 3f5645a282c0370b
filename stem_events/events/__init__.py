"""Events and their sessions: the public agenda and event pages, and the organisers'
management of their events under /manage."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.markdown import to_html

    from . import filter_form
    from .filters import BY_NAME
    from .forms import ACCESSIBILITY
    from .manage_views import bp as manage_bp
    from .presentation import age_label, education_levels_label, price_label
    from .views import bp

    app.register_blueprint(bp)
    app.add_template_global(BY_NAME, "agenda_filters")  # the filter table, for the filter forms
    app.add_template_global(filter_form.form, "agenda_filter_form")
    app.register_blueprint(manage_bp)
    app.add_template_global(age_label)
    app.add_template_global(price_label)
    app.add_template_global(education_levels_label)
    app.add_template_filter(to_html, "markdown")

    _name_logged_values()

    @app.template_filter("accessibility_label")
    def accessibility_label(code: str) -> str:
        return str(ACCESSIBILITY.get(code, code))


def _name_logged_values() -> None:
    """The audit log shows the Dutch labels of this domain's values (not `free`, `series`)."""
    from stem_events.audit.services import VALUE_LABELS
    from stem_events.reference.models import KIND_LABELS

    from .forms import ACCESSIBILITY, MODE_LABELS, PRICE_LABELS
    from .models import STATUS_LABELS

    for field, labels in (("kind", KIND_LABELS), ("status", STATUS_LABELS),
                          ("price_kind", PRICE_LABELS), ("registration_mode", MODE_LABELS),
                          ("accessibility", ACCESSIBILITY)):
        VALUE_LABELS[field] = {str(getattr(k, "value", k)): v for k, v in labels.items()}
