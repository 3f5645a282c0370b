"""Fuzz the API from its OpenAPI document (schemathesis): no 500, every response matches the
schema. Driven through hypothesis directly, 25 examples per operation, to keep the suite fast."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

# Schema-valid values can still name things that do not exist (a municipality code of five
# digits that is not a municipality): those are a documented 400, not a failure.
EXCLUDED = [positive_data_acceptance]


def operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.slow
def test_api_never_fails_and_matches_its_schema(app, make_event):
    make_event(title="Geëngageerde robotica 🚀")
    found = operations(app)
    assert len(found) == 9
    for operation in found:
        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def fuzz(case):
            response = case.call()
            assert response.status_code < 500, (case.path, case.query, response.text[:300])
            case.validate_response(response, excluded_checks=EXCLUDED)

        fuzz()
