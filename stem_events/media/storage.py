"""Event images: checked by their content (Pillow), size-limited, resized, stripped of
metadata (EXIF, GPS) and stored under a random name, served with a long cache lifetime."""

from __future__ import annotations

import secrets
from io import BytesIO
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from stem_events.errors import FieldError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_SIDE = 1600
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding


def upload_dir() -> Path:
    path = Path(current_app.config["UPLOAD_DIR"]) / "events"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_image(data: bytes) -> str:
    """Check, resize and re-encode an upload; returns the stored file name."""
    if len(data) > current_app.config.get("MAX_IMAGE_BYTES", 5 * 1024 * 1024):
        raise FieldError("image", _("De afbeelding is te groot: hoogstens 5 MB."))
    try:
        with Image.open(BytesIO(data)) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise FieldError("image", _("Dit bestandstype kennen we niet: kies JPEG, PNG "
                                            "of WebP."))
            if probe.width * probe.height > MAX_PIXELS:
                raise FieldError("image", _("De afbeelding heeft te veel pixels."))
            probe.verify()
        with Image.open(BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            clean = Image.new("RGB", image.size, "white")  # a fresh image: no metadata
            rgba = image.convert("RGBA")
            clean.paste(rgba, mask=rgba.getchannel("A"))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise FieldError("image", _("Dit bestand is geen (leesbare) afbeelding.")) from None
    name = f"{secrets.token_hex(16)}.jpg"
    clean.save(upload_dir() / name, "JPEG", quality=85, optimize=True)
    return name


def image_path(name: str) -> Path | None:
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    path = upload_dir() / name
    return path if path.is_file() else None
