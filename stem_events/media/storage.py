"""Images: checked by their content (Pillow), size-limited, resized, stripped of metadata
(EXIF, GPS) and stored under a random name in the media store (`stores.py`: the database, or
S3-compatible storage with MEDIA_URL), served with a long cache lifetime.

Files follow the database transaction that uses them, so none is left behind: an upload whose
transaction does not commit (a refused save) is gone when that transaction ends, and an image
given up by a committed change (replaced, or its draft deleted) is deleted with the commit. In
the database store that is the transaction itself; in S3 the hooks below do it."""

from __future__ import annotations

import re
import secrets
from io import BytesIO

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, SessionTransaction

from stem_events.errors import FieldError
from stem_events.extensions import db
from stem_events.media.stores import MediaStore, StorageUnavailable, StoredFile, store

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_SIDE = 1600
# Decompression bombs (a 64 KB WebP of 6000 × 6000 pixels decodes to ~100 MB and more): the
# header is read first (`Image.open` decodes nothing), and nothing larger than this is decoded.
MAX_DECODED_PIXELS = 4096 * 4096
# A JPEG is decoded at 1/2, 1/4 or 1/8 of its size (`Image.draft`), so a phone photo of up to
# 64 megapixels is accepted as long as its reduced size stays within MAX_DECODED_PIXELS.
MAX_JPEG_PIXELS = 8192 * 8192


EVENTS = "events"  # the kind (key prefix) of event images
CARDS = "events-card"  # an event image cut to the agenda card's size, made when first asked
CARD_SIZE = (480, 320)
SAFE_NAME = re.compile(r"[A-Za-z0-9_-]{1,100}\.[a-z0-9]{1,5}")
SAFE_KIND = re.compile(r"[a-z][a-z0-9_-]{0,30}")


def media_key(kind: str, name: str) -> str | None:
    """The store's key of a file, or None for a name that no upload can have."""
    if not SAFE_KIND.fullmatch(kind) or not SAFE_NAME.fullmatch(name or ""):
        return None
    return f"{kind}/{name}"


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


def store_image(data: bytes, kind: str = EVENTS) -> str:
    """Check, resize and re-encode an upload and store it; returns its name (without kind)."""
    clean = _checked_image(data)
    buffer = BytesIO()
    clean.save(buffer, "JPEG", quality=85, optimize=True)
    try:
        return put_file(kind, buffer.getvalue(), "image/jpeg", ".jpg")
    except StorageUnavailable as error:
        raise FieldError("image", error.message) from None


def _checked_image(data: bytes) -> Image.Image:
    if len(data) > current_app.config.get("MAX_IMAGE_BYTES", 5 * 1024 * 1024):
        raise FieldError("image", _("De afbeelding is te groot: hoogstens 5 MB."))
    try:
        with _open_within_limits(data) as probe:
            probe.verify()
        with _open_within_limits(data) as image:
            return _clean_copy(image)
    except Image.DecompressionBombError:  # Pillow's own limit, far above ours
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise FieldError("image", _("Dit bestand is geen (leesbare) afbeelding.")) from None


# --- files follow the transaction ------------------------------------------------------------

STORED = "media.stored"  # written in this transaction: deleted unless it commits
RELEASED = "media.released"  # given up in this transaction: deleted once it commits


def _files_of_this_transaction(kind: str) -> set[tuple[MediaStore, str]]:
    return db.session.info.setdefault(kind, set())


def put_file(kind: str, data: bytes, content_type: str, suffix: str) -> str:
    """Store `data` under a new random name of `kind`, kept only if this transaction commits."""
    name = f"{secrets.token_hex(16)}{suffix}"
    key = f"{kind}/{name}"
    backend = store()
    backend.put(key, data, content_type)
    if not backend.transactional:
        _files_of_this_transaction(STORED).add((backend, key))
    return name


def release_file(kind: str, name: str) -> None:
    """`name` is no longer shown (replaced, or its event deleted): it goes when this
    transaction commits; a rollback keeps it."""
    key = media_key(kind, name)
    if key is None:
        return
    backend = store()
    if backend.transactional:
        backend.delete(key)
    else:
        _files_of_this_transaction(RELEASED).add((backend, key))


def release_image(name: str) -> None:
    release_file(EVENTS, name)
    release_file(CARDS, name)


def card_image(name: str) -> StoredFile | None:
    """The card-sized copy of an event image (480 × 320, cut to fit): stored under the same
    name the first time it is asked for, so list pages never send a 1600-pixel photo."""
    key, original_key = media_key(CARDS, name), media_key(EVENTS, name)
    if key is None or original_key is None:
        return None
    backend = store()
    found = backend.get(key)
    if found is not None:
        return found
    original = backend.get(original_key)
    if original is None:
        return None
    with Image.open(BytesIO(original.data)) as image:  # our own re-encoded JPEG (store_image)
        card = ImageOps.fit(image.convert("RGB"), CARD_SIZE)
    buffer = BytesIO()
    card.save(buffer, "JPEG", quality=80, optimize=True)
    data = buffer.getvalue()
    try:
        with db.session.begin_nested():  # another request may have stored it just now
            backend.put(key, data, "image/jpeg")
    except IntegrityError:
        pass
    return StoredFile(data, "image/jpeg")


def _delete(files: set[tuple[MediaStore, str]]) -> None:
    for backend, key in files:
        try:
            backend.delete(key)
        except StorageUnavailable:  # logged by the store; an orphan, not a failed request
            pass


def files_after_commit(session: Session) -> None:
    session.info.pop(STORED, None)  # kept: the change that uses them is saved
    _delete(session.info.pop(RELEASED, set()))


def files_after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    """A transaction that ended without a commit (rolled back, or the session closed)."""
    if transaction.parent is None:
        session.info.pop(RELEASED, None)
        _delete(session.info.pop(STORED, set()))
