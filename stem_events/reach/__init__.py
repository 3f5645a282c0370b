"""Reach (bereik): the optional questions at registration and their storage apart from the
identity. Only aggregates leave this package (stem_events.reports); see docs/dpia-reach.md."""
