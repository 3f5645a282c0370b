"""Item 6 of issue 17: check-in scans the QR code with the phone's camera in the page (a
vendored QR reader from static/, BarcodeDetector where the browser has it); the camera is
allowed on that page only, and the typed code keeps working without camera or JavaScript."""

import re

import sqlalchemy as sa

from stem_events.registrations.models import Registration
from tests.registrations.test_organiser_tools import setup  # noqa: F401 (fixture)


def test_the_camera_is_allowed_on_the_check_in_page_only(client, setup):  # noqa: F811
    base = f"/manage/events/{setup.id}/registrations"
    checkin = client.get(f"{base}/checkin")
    assert "camera=(self)" in checkin.headers["Permissions-Policy"]
    assert "microphone=()" in checkin.headers["Permissions-Policy"]
    for other in (base, f"/events/{setup.id}", "/manage/"):
        assert "camera=()" in client.get(other).headers["Permissions-Policy"], other


def test_the_page_loads_the_vendored_reader_and_offers_a_typed_code(client, db,
                                                                    setup):  # noqa: F811
    page = client.get(f"/manage/events/{setup.id}/registrations/checkin").text
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert "/static/vendor/jsqr/jsQR.js" in scripts and "/static/js/checkin-scan.js" in scripts
    for path in scripts:
        assert client.get(path).status_code == 200
    assert client.get("/static/vendor/jsqr/LICENSE").status_code == 200
    assert re.search(r'<label for="code">[^<]+</label>\s*<input id="code" name="code"', page)
    assert "data-qr-scan" in page  # the camera controls, shown by the script
    an = db.session.scalars(sa.select(Registration).where(
        Registration.contact_email == "an@example.be")).one()
    typed = client.get(f"/manage/events/{setup.id}/registrations/checkin",
                       query_string={"code": an.own_token}).text
    assert "An " in typed and "Lotte" not in typed
    link = f"http://localhost/manage/events/{setup.id}/registrations/checkin?code={an.own_token}"
    pasted = client.get(f"/manage/events/{setup.id}/registrations/checkin",
                        query_string={"code": link}).text
    assert "An " in pasted and "Lotte" not in pasted  # the whole scanned link, pasted
