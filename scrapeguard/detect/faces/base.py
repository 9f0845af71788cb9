"""The small contract every face-detector backend meets, and its failure type.

Why: the detector is the part most likely to change (a better model, a platform without
AVX2). A backend is one module with `name`, `version`, `threshold` and
`detect(rgb_image) -> list[Face]`; nothing else in scrapeguard knows which one runs.
Backends find faces (boxes, scores). They never compute embeddings or templates.
"""

from __future__ import annotations

from typing import Protocol

from PIL import Image

from scrapeguard.detect.base import Face


class DetectorUnavailable(RuntimeError):
    """The configured face detector is not installed or cannot run here: never a silent allow."""


class FaceBackend(Protocol):
    """A face detector. `detect` takes a PIL RGB image and returns boxes in ITS pixels,
    with scores in 0..1, keeping only faces scoring at least `threshold` (the backend's
    calibrated floor), or `min_score` when given (to see what a lower threshold finds)."""

    name: str
    version: str
    threshold: float

    def detect(self, image: Image.Image, min_score: float | None = None) -> list[Face]:
        ...


def clip_box(x: float, y: float, w: float, h: float, width: int, height: int) -> tuple[int, int, int, int] | None:
    """A detector box clipped to the picture, as integers; None when nothing is left."""
    x0, y0 = max(0.0, x), max(0.0, y)
    x1, y1 = min(float(width), x + w), min(float(height), y + h)
    if x1 - x0 < 1 or y1 - y0 < 1:
        return None
    return int(round(x0)), int(round(y0)), int(round(x1 - x0)), int(round(y1 - y0))
