"""Event images: checked by their content (Pillow), size-limited, resized, stripped of
metadata (EXIF, GPS) and stored under a random name, served with a long cache lifetime.

Files follow the database transaction that uses them, so none is left behind: an upload whose
transaction does not commit (a refused save) is deleted when that transaction ends, and an
image given up by a committed change (replaced, or its draft deleted) is deleted after the
commit."""

from __future__ import annotations

import secrets
from io import BytesIO
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy.orm import Session, SessionTransaction

from stem_events.errors import FieldError
from stem_events.extensions import db

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_SIDE = 1600
# Decompression bombs (a 64 KB WebP of 6000 × 6000 pixels decodes to ~100 MB and more): the
# header is read first (`Image.open` decodes nothing), and nothing larger than this is decoded.
MAX_DECODED_PIXELS = 4096 * 4096
# A JPEG is decoded at 1/2, 1/4 or 1/8 of its size (`Image.draft`), so a phone photo of up to
# 64 megapixels is accepted as long as its reduced size stays within MAX_DECODED_PIXELS.
MAX_JPEG_PIXELS = 8192 * 8192


def upload_dir() -> Path:
    path = Path(current_app.config["UPLOAD_DIR"]) / "events"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _too_many_pixels() -> FieldError:
    return FieldError("image", _(
        "De afbeelding heeft te veel pixels: hoogstens 16 megapixel (bv. 4096 × 4096), of 64 "
        "megapixel voor een JPEG-foto. Verklein ze en probeer opnieuw."))


def _open_within_limits(data: bytes) -> Image.Image:
    """Open from the header alone, check format and size, and set a reduced decoding scale
    where the format allows it; no pixel is decoded yet."""
    image = Image.open(BytesIO(data))
    if image.format not in ALLOWED_FORMATS:
        raise FieldError("image", _("Dit bestandstype kennen we niet: kies JPEG, PNG of WebP."))
    limit = MAX_JPEG_PIXELS if image.format == "JPEG" else MAX_DECODED_PIXELS
    if image.width * image.height > limit:
        raise _too_many_pixels()
    if image.format == "JPEG":
        image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # at least MAX_SIDE on both sides
    if image.width * image.height > MAX_DECODED_PIXELS:
        raise _too_many_pixels()
    return image


def _clean_copy(image: Image.Image) -> Image.Image:
    """Scaled down first (the decoded image is the only large one), turned upright, on white,
    as a fresh RGB image without metadata."""
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    image = ImageOps.exif_transpose(image)
    clean = Image.new("RGB", image.size, "white")
    rgba = image.convert("RGBA")
    clean.paste(rgba, mask=rgba.getchannel("A"))
    return clean


def store_image(data: bytes) -> str:
    """Check, resize and re-encode an upload; returns the stored file name."""
    if len(data) > current_app.config.get("MAX_IMAGE_BYTES", 5 * 1024 * 1024):
        raise FieldError("image", _("De afbeelding is te groot: hoogstens 5 MB."))
    try:
        with _open_within_limits(data) as probe:
            probe.verify()
        with _open_within_limits(data) as image:
            clean = _clean_copy(image)
    except Image.DecompressionBombError:  # Pillow's own limit, far above ours
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise FieldError("image", _("Dit bestand is geen (leesbare) afbeelding.")) from None
    name = f"{secrets.token_hex(16)}.jpg"
    clean.save(upload_dir() / name, "JPEG", quality=85, optimize=True)
    _files_of_this_transaction(STORED).add(upload_dir() / name)
    return name


def image_path(name: str) -> Path | None:
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    path = upload_dir() / name
    return path if path.is_file() else None


# --- files follow the transaction ------------------------------------------------------------

STORED = "images.stored"  # written in this transaction: deleted unless it commits
RELEASED = "images.released"  # given up in this transaction: deleted once it commits


def _files_of_this_transaction(kind: str) -> set[Path]:
    return db.session.info.setdefault(kind, set())


def release_image(name: str) -> None:
    """`name` is no longer shown (replaced, or its event deleted): delete the file once this
    transaction commits; a rollback keeps it."""
    path = image_path(name)
    if path is not None:
        _files_of_this_transaction(RELEASED).add(path)


def _delete(paths: set[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


@sa.event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    session.info.pop(STORED, None)  # kept: the change that uses them is saved
    _delete(session.info.pop(RELEASED, set()))


@sa.event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    """A transaction that ended without a commit (rolled back, or the session closed)."""
    if transaction.parent is None:
        session.info.pop(RELEASED, None)
        _delete(session.info.pop(STORED, set()))
