"""Blurring faces out of image bytes for the policy's `redact` action.

Why pixelate THEN blur: a Gaussian blur alone can be partly undone and leaves a face's
layout readable at small radii; pixelating to a few blocks across the face removes the
detail, and the blur hides the block edges. Each box grows by a margin so hair, ears and
chin go too.

Geometry: face boxes are in original pixels after EXIF orientation (as `detect_faces`
returns them); the output is the upright picture with its orientation tag gone.
Metadata is not carried over (no EXIF, so no GPS/serial/owner), except the ICC colour
profile. Animated images keep only the first frame.
When `faces` is empty the WHOLE picture is blurred: the guard calls that to redact an image
that the page's context marked as a person's photo although no face was detected.
"""

from __future__ import annotations

import io

from PIL import Image, ImageFilter

from scrapeguard.detect.base import Face
from scrapeguard.detect.decode import (
    ORIENTATION_TRANSPOSE,
    DecodeError,
    NotRaster,
    open_image,
)

MARGIN = 0.25  # of the box size, each side
BLOCKS = 8  # pixel blocks across a face after pixelation
_SAVE_AS = {"MPO": "JPEG", "ICO": "PNG", "TGA": "PNG", "PPM": "PNG"}


def _obscure(region: Image.Image, blocks: int = BLOCKS) -> Image.Image:
    """Pixelate to `blocks` across the short side, then blur the block edges away."""
    w, h = region.size
    step = max(1, min(w, h) // blocks)
    small = region.resize((max(1, w // step), max(1, h // step)), Image.Resampling.BOX)
    coarse = small.resize((w, h), Image.Resampling.NEAREST)
    return coarse.filter(ImageFilter.GaussianBlur(radius=max(1.0, step / 2)))


def _open_upright(data: bytes) -> tuple[Image.Image, str, dict[str, object]]:
    """The picture upright, as RGB or RGBA (alpha kept), with its format and ICC profile."""
    try:
        img = open_image(data)
    except NotRaster:
        raise DecodeError("cannot blur: SVG is not a raster image") from None
    try:
        fmt = img.format or "PNG"
        icc = img.info.get("icc_profile")
        try:
            orientation = int(img.getexif().get(0x0112, 1) or 1)
        except (TypeError, ValueError):  # a text or broken tag: read as decode.py reads it, upright
            orientation = 1
        img.seek(0)
        img.load()
        keep_alpha = img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info)
        work = img.convert("RGBA" if keep_alpha else "RGB")
        work.info.clear()  # no JPEG COM or GIF comment (names, addresses) is written back out
    except Exception as exc:  # noqa: BLE001
        raise DecodeError(f"cannot blur: undecodable image ({type(exc).__name__}: {str(exc)[:160]})") from None
    finally:
        img.close()
    if orientation in ORIENTATION_TRANSPOSE:
        work = work.transpose(ORIENTATION_TRANSPOSE[orientation])
    extra: dict[str, object] = {"icc_profile": icc} if icc else {}
    return work, fmt, extra


def blur_faces(data: bytes, faces: list[Face]) -> bytes:
    """The image with every face box (plus margin) obscured, re-encoded in its own format.

    Empty `faces`: the whole image is obscured (redaction of an image judged personal from
    its page context). Raises `DecodeError` when the bytes cannot be decoded: the caller must
    then withhold the image, never pass the original through.
    """
    img, fmt, extra = _open_upright(data)
    width, height = img.size
    if not faces:
        # a fixed few blocks across the whole picture: blocks of 32 px left a large face
        # recognisable (found again by the detector at 0.9997)
        img = _obscure(img, blocks=BLOCKS)
    for face in faces:
        x, y, w, h = face.box
        mx, my = int(w * MARGIN) + 1, int(h * MARGIN) + 1
        box = (max(0, x - mx), max(0, y - my), min(width, x + w + mx), min(height, y + h + my))
        if box[2] - box[0] < 1 or box[3] - box[1] < 1:
            continue
        img.paste(_obscure(img.crop(box)), box[:2])
    out_fmt = _SAVE_AS.get(fmt, fmt)
    if out_fmt not in Image.SAVE:
        out_fmt = "PNG"
    if out_fmt in ("JPEG", "BMP") and img.mode == "RGBA":
        background = Image.new("RGB", img.size, (255, 255, 255))
        background.paste(img, mask=img.getchannel("A"))
        img = background
    options: dict[str, object] = dict(extra)
    if out_fmt == "JPEG":
        options.update(quality=90, optimize=True)
    elif out_fmt == "WEBP":
        options.update(quality=90)
    buffer = io.BytesIO()
    img.save(buffer, format=out_fmt, **options)
    return buffer.getvalue()
