"""Safe decoding of untrusted image bytes into one RGB picture a detector can read.

Why a module of its own: image bytes come from anywhere on the web. A decompression bomb,
a truncated file, a 16-bit TIFF, a CMYK JPEG, a palette GIF with transparency, an animated
WebP or an SVG must each end in a clear outcome (`DecodeError`, `NotRaster`) or a picture,
never a crash, a hang on gigapixels, or a subprocess (Pillow's EPS plugin runs Ghostscript,
so only an allowlist of raster formats is opened).

Geometry: `Decoded.width/height` are the ORIGINAL pixel size AFTER the EXIF orientation is
applied (what a browser shows). `Decoded.image` may be smaller than that when a large JPEG
is decoded at a reduced DCT scale (`draft`); `Decoded.scale` maps its pixels back.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from scrapeguard.resource import sniff_kind

log = logging.getLogger("scrapeguard")

MAX_PIXELS = 50_000_000  # ~7000x7000: beyond this the bytes are treated as a decompression bomb
MAX_BYTES = 64 * 1024 * 1024
# Raster formats Pillow decodes in-process. No EPS/PS (Ghostscript subprocess), no PDF, no
# exotic scientific formats: a web image that is none of these is reported, not guessed at.
SAFE_FORMATS: tuple[str, ...] = ("JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF", "ICO", "MPO", "AVIF", "PPM", "TGA")


# EXIF orientation -> the transpose that shows the picture upright (as ImageOps.exif_transpose).
ORIENTATION_TRANSPOSE: dict[int, Image.Transpose] = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


class DecodeError(ValueError):
    """The bytes are not a raster image we can read safely (the message says why)."""


class NotRaster(ValueError):
    """The bytes are a vector image (SVG): not rasterised, so faces cannot be assessed."""


@dataclass(slots=True)
class Decoded:
    """One decoded picture. `image` is RGB; `scale` = original pixels per `image` pixel."""

    image: Image.Image
    width: int
    height: int
    format: str
    animated: bool  # more than one frame: only the first is analysed
    scale: float
    exif: Image.Exif | None


def _available_formats() -> list[str]:
    Image.init()
    return [f for f in SAFE_FORMATS if f in Image.OPEN]


def _to_rgb(img: Image.Image) -> Image.Image:
    """Any Pillow mode to 8-bit RGB; transparent areas become white (as on most pages)."""
    mode = img.mode
    if mode == "RGB":
        return img
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        # 16/32-bit greyscale: stretch the actual range to 8 bits instead of clipping.
        gray = img.convert("F") if mode != "F" else img
        extrema = gray.getextrema()
        lo, hi = float(extrema[0]), float(extrema[1])  # type: ignore[arg-type]
        span = (hi - lo) or 1.0
        gray = gray.point(lambda v: (v - lo) * 255.0 / span).convert("L")
        return gray.convert("RGB")
    if mode == "P":
        img = img.convert("RGBA") if "transparency" in img.info else img.convert("RGB")
        mode = img.mode
    if mode == "PA":
        img = img.convert("RGBA")
        mode = img.mode
    if mode in ("RGBA", "LA", "RGBa", "La"):
        rgba = img.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return img.convert("RGB")  # L, 1, CMYK, YCbCr, LAB, HSV, RGBX


def is_svg(data: bytes) -> bool:
    """SVG is XML: sniffed by its start, whatever the Content-Type said."""
    return sniff_kind(None, data[:1024]) == "svg"


def open_image(data: bytes, *, max_pixels: int = MAX_PIXELS) -> Image.Image:
    """Open untrusted bytes lazily (header only) with every guard applied: byte and pixel
    caps, SVG refused, only `SAFE_FORMATS`. The caller loads and closes the image.
    Raises `DecodeError` / `NotRaster`."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise DecodeError(f"expected bytes, got {type(data).__name__}")
    data = bytes(data)
    if not data:
        raise DecodeError("empty body: no image bytes")
    if len(data) > MAX_BYTES:
        raise DecodeError(f"image of {len(data)} bytes exceeds the {MAX_BYTES}-byte cap")
    if is_svg(data):
        raise NotRaster("SVG is a vector image: not rasterised, faces cannot be assessed")
    try:
        img = Image.open(io.BytesIO(data), formats=_available_formats())
    except Image.DecompressionBombError as exc:
        raise DecodeError(f"decompression bomb refused: {exc}") from None
    except UnidentifiedImageError:
        raise DecodeError(f"not a recognised raster image ({len(data)} bytes starting {data[:8]!r}; "
                          f"formats read: {', '.join(_available_formats())})") from None
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types on hostile input
        raise DecodeError(f"not a readable raster image ({type(exc).__name__}: {str(exc)[:160]})") from None
    width, height = img.size
    if width <= 0 or height <= 0 or width * height > max_pixels:
        img.close()
        if width <= 0 or height <= 0:
            raise DecodeError(f"{img.format} image with an empty size {width}x{height}")
        raise DecodeError(
            f"{img.format} image of {width}x{height} = {width * height} pixels exceeds the {max_pixels}-pixel cap"
            " (decompression bomb guard)")
    return img


def decode(data: bytes, *, max_pixels: int = MAX_PIXELS, target: int | None = None) -> Decoded:
    """Decode untrusted bytes into RGB (first frame, EXIF orientation applied).

    `target`: the largest side the caller will use; large JPEGs are then decoded at a
    reduced DCT scale (much faster, far less memory). Raises `DecodeError` / `NotRaster`.
    """
    img = open_image(data, max_pixels=max_pixels)
    try:
        return _decode_open(img, target=target)
    finally:
        img.close()


def _decode_open(img: Image.Image, *, target: int | None) -> Decoded:
    fmt = img.format or ""
    width, height = img.size
    try:
        # `is_animated` looks one frame ahead; `n_frames` would walk a hostile file to its end.
        animated = bool(getattr(img, "is_animated", False))
    except Exception as exc:  # noqa: BLE001 - a broken second frame: read the first one
        log.debug("scrapeguard: unreadable frame list: %s", exc)
        animated = True
    try:
        exif = img.getexif()
    except Exception as exc:  # noqa: BLE001 - a broken EXIF block must not stop decoding
        log.debug("scrapeguard: unreadable EXIF: %s", exc)
        exif = None
    try:
        orientation = int(exif.get(0x0112, 1)) if exif else 1
    except (TypeError, ValueError):
        orientation = 1  # a nonsense orientation value: show the pixels as stored
    try:
        if animated:
            img.seek(0)
        if fmt == "JPEG" and target and img.mode in ("RGB", "L", "CMYK", "YCbCr"):
            img.draft(img.mode if img.mode != "YCbCr" else "RGB", (target, target))
        img.load()
    except Image.DecompressionBombError as exc:
        raise DecodeError(f"decompression bomb refused: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - truncated/corrupt data in many guises
        raise DecodeError(f"corrupt or truncated {fmt} image ({type(exc).__name__}: {str(exc)[:160]})") from None
    try:
        rgb = _to_rgb(img)
        if rgb is img:
            rgb = img.copy()  # the caller closes the file-backed original
        if orientation in ORIENTATION_TRANSPOSE:
            rgb = rgb.transpose(ORIENTATION_TRANSPOSE[orientation])
    except Exception as exc:  # noqa: BLE001
        raise DecodeError(f"cannot convert {fmt} image in mode {img.mode} ({type(exc).__name__}: {exc})") from None
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    scale = width / rgb.width if rgb.width else 1.0
    return Decoded(image=rgb, width=width, height=height, format=fmt, animated=animated, scale=scale, exif=exif)


def working_copy(img: Image.Image, *, max_side: int = 640, min_side: int = 128, max_upscaled: int = 1280
                 ) -> tuple[Image.Image, float]:
    """The picture a detector sees: downscaled so the long side is at most `max_side`, or
    upscaled so a small avatar's short side reaches `min_side` (detectors miss faces in
    thumbnails otherwise). Returns the copy and `factor` = source pixels per copy pixel."""
    w, h = img.size
    long_side, short_side = max(w, h), min(w, h)
    if long_side > max_side:
        factor = long_side / max_side
    elif short_side < min_side:
        factor = max(short_side / min_side, long_side / max_upscaled)
    else:
        return img, 1.0
    size = (max(1, round(w / factor)), max(1, round(h / factor)))
    if size == (w, h):
        return img, 1.0
    if factor > 1:
        out = img.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
    else:
        out = img.resize(size, Image.Resampling.BICUBIC)
    return out, w / size[0]
