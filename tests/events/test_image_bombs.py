"""Decompression bombs: a small file that decodes to a huge image is refused from its header,
before a pixel is decoded, and a big phone photo (JPEG) is decoded at a reduced scale. Memory is
measured in a separate process (its peak resident size), as a worker would feel it."""

import subprocess
import sys
import textwrap
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from stem_events.events.models import Event
from tests.events.conftest import edit_form

ROOT = Path(__file__).resolve().parents[2]

# Stores one image in a fresh process and prints the outcome and the extra peak memory (MB):
# the peak resident size (VmHWM, reset to the current size first) minus the size before.
MEASURE = textwrap.dedent("""
    import sys
    from config import TestingConfig
    from stem_events import create_app
    from stem_events.errors import FieldError
    from stem_events.extensions import db
    from stem_events.media import storage as images
    from stem_events.media.models import MediaBlob
    from stem_events.media.stores import store

    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = "sqlite://"
    app = create_app(config)
    data = open(sys.argv[1], "rb").read()
    with app.app_context():
        MediaBlob.__table__.create(db.engine)

    def status(key):
        with open("/proc/self/status") as lines:
            return next(int(line.split()[1]) for line in lines if line.startswith(key))

    with app.app_context():
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")  # the peak starts again from the current size
        before = status("VmRSS:")
        try:
            name = images.store_image(data)
            outcome = "stored"
        except FieldError as error:
            outcome = error.message
        after = status("VmHWM:")
        kept = db.session.scalars(db.select(MediaBlob.key)).all()
        if kept:
            open(sys.argv[2], "wb").write(store().get(kept[0]).data)
    print(outcome)
    print(",".join(kept))
    print((after - before) // 1024)
""")


def _encoded(size, fmt: str, **options) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, fmt, **options)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    made = {"webp-6000": _encoded((6000, 6000), "WEBP", quality=10),
            "jpeg-24mp": _encoded((6000, 4000), "JPEG", quality=80)}
    for name, data in made.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in made}


def _measure(path: Path, stored: Path) -> tuple[str, list[str], int]:
    """Outcome, keys left in the store, extra megabytes; the stored image is written to
    `stored`."""
    result = subprocess.run([sys.executable, "-c", MEASURE, str(path), str(stored)],  # noqa: S603
                            cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    outcome, keys, megabytes = result.stdout.strip("\n").splitlines()[-3:]
    return outcome, list(filter(None, keys.split(","))), int(megabytes)


def test_a_small_webp_of_6000_by_6000_pixels_is_refused_in_dutch_with_the_form_kept(
        client, db, login, organiser, make_event, files):
    assert files["webp-6000"].stat().st_size < 200_000  # small on disk, 36 megapixels decoded
    user, organisation = organiser
    event = make_event(organisation=organisation)
    login(user)
    data = edit_form(event)
    data["image"] = (BytesIO(files["webp-6000"].read_bytes()), "foto.webp")
    response = client.post(f"/manage/events/{event.id}/edit", data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert "te veel pixels" in response.text
    assert 'value="Robotica voor 8-12-jarigen"' in response.text  # typed values kept
    db.session.expire_all()
    stored = db.session.get(Event, event.id)
    assert (stored.image_path or "", stored.title) == ("", "Workshop robotica")


def test_the_bomb_is_refused_from_its_header_without_decoding(files, tmp_path):
    outcome, keys, megabytes = _measure(files["webp-6000"], tmp_path / "stored.jpg")
    assert "te veel pixels" in outcome
    assert megabytes < 30, f"refusing the image cost {megabytes} MB"
    assert keys == []


def test_a_24_megapixel_phone_photo_is_decoded_at_a_reduced_scale(files, tmp_path):
    outcome, keys, megabytes = _measure(files["jpeg-24mp"], tmp_path / "stored.jpg")
    assert outcome == "stored"
    assert megabytes < 60, f"storing the photo cost {megabytes} MB"  # full size: 72 MB and up
    assert len(keys) == 1 and keys[0].startswith("events/")
    assert Image.open(tmp_path / "stored.jpg").size == (1600, 1067)
