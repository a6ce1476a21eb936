"""Company logos: checked by content, not by name, and re-encoded so that what we serve
is an image we made, never the bytes that were uploaded."""

from __future__ import annotations

import hashlib
import io

from PIL import Image, UnidentifiedImageError

ACCEPTED_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
MAX_SOURCE_PIXELS = 25_000_000  # refuse decompression bombs before decoding
LOGO_BOX = (400, 400)


class LogoError(ValueError):
    pass


def reencode_logo(data: bytes) -> tuple[bytes, str]:
    """A PNG of the logo, at most 400 × 400, and a short version hash for its URL."""
    if not data:
        raise LogoError("The file is empty.")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise LogoError("The logo must be a PNG, JPEG, GIF or WebP image.")
            width, height = probe.size
            if width * height > MAX_SOURCE_PIXELS:
                raise LogoError("The image is too large in pixels; use one under 5000 × 5000.")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.seek(0)
            image = image.convert("RGBA")
            image.thumbnail(LOGO_BOX)
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)
    except LogoError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise LogoError(
            "This file is not an image we can read. Upload a PNG, JPEG, GIF or WebP."
        ) from exc
    png = out.getvalue()
    return png, hashlib.sha256(png).hexdigest()[:12]
