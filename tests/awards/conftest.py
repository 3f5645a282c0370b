from tests.awards.factories import make_round_fixture  # noqa: F401
from tests.network.factories import (  # noqa: F401
    as_coordinator_fixture,
    mailbox_fixture,
    make_edition_fixture,
    make_initiative_fixture,
)
