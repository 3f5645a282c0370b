from tests.network.factories import make_edition_fixture, make_initiative_fixture  # noqa: F401
