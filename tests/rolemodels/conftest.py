"""Role-model fixtures: `make_role_model(events=[...], photo=True, ...)` makes a profile as if
the person had consented (and a coordinator approved it, unless `status` says otherwise)."""

from io import BytesIO

import pytest
from PIL import Image


def jpeg_with_location(size=(1200, 900)) -> bytes:
    """A phone photo: camera make and GPS position in its EXIF."""
    image = Image.new("RGB", size, (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "Camera Maker"
    exif[0x8825] = {2: (50.0, 51.0, 0.0)}
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


@pytest.fixture
def make_role_model(db, make_organisation):
    import secrets

    from stem_events.date_time import now_utc
    from stem_events.media.storage import store_image
    from stem_events.rolemodels.models import (
        PHOTOS,
        ConsentGiver,
        ConsentSubject,
        RoleModel,
        RoleModelConsent,
        RoleModelStatus,
    )

    def make(events=(), photo=False, status=RoleModelStatus.APPROVED, **overrides):
        values = {"name": "Yasmina El Idrissi", "job": "Ingenieur windenergie",
                  "employer": "Windkracht Vlaanderen", "email": "yasmina@example.be",
                  "story": "Ik bouw windturbines.", "status": status,
                  "withdraw_nonce": secrets.token_urlsafe(16),
                  "confirm_nonce": secrets.token_urlsafe(16)}
        values.update(overrides)
        role_model = RoleModel(**values)
        role_model.events = list(events)
        if photo:
            role_model.photo = store_image(jpeg_with_location(), PHOTOS)
        if status != RoleModelStatus.PROPOSED:
            subjects = [ConsentSubject.PROFILE] + ([ConsentSubject.PHOTO] if photo else [])
            role_model.consents = [
                RoleModelConsent(subject=s, given_by=ConsentGiver.SELF,
                                 given_by_name=role_model.name, given_at=now_utc())
                for s in subjects]
        db.session.add(role_model)
        db.session.commit()
        return role_model

    return make
