"""Faces and personal metadata in image bytes. (First cut: the detection issue adds the
packaged face detector.)"""

from __future__ import annotations

import io

from PIL import Image

from scrapeguard.detect.base import Face, ImageAnalysis

MAX_PIXELS = 50_000_000


class DetectorUnavailable(RuntimeError):
    """The configured face detector is not installed: never a silent allow."""


def analyse_image(data: bytes, *, min_px: int = 24, min_score: float = 0.6, faces: bool = True) -> ImageAnalysis:
    try:
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size
            if width * height > MAX_PIXELS:
                return ImageAnalysis(error=f"image of {width}x{height} exceeds the pixel cap")
            img.load()
            fmt = img.format or ""
    except Exception as exc:  # noqa: BLE001
        return ImageAnalysis(error=f"undecodable image: {exc}")
    result = ImageAnalysis(width=width, height=height, format=fmt, min_px=min_px, min_score=min_score)
    if faces:
        result.error = "no face detector installed"
    return result


def detect_faces(data: bytes) -> list[Face]:
    raise DetectorUnavailable("no face detector installed")


def blur_faces(data: bytes, faces: list[Face]) -> bytes:
    return data
