"""Faces and personal metadata in image bytes: the entry points the Guard calls.

Pipeline: `decode` (safe, first frame, EXIF orientation applied) -> a working copy with the
long side at most 640 px, small images upscaled to a short side of 128 px (detectors miss
faces in thumbnails otherwise) -> the configured face backend -> boxes mapped back.

Coordinates: every `Face.box` is (x, y, w, h) in ORIGINAL pixels AFTER the EXIF orientation
is applied, i.e. in the upright picture a browser shows (`ImageAnalysis.width/height` are
that picture's size). Detection finds faces; nothing here computes embeddings or templates.
CPU-bound: adapters run it off their event loop.
"""

from __future__ import annotations

import logging
import os

from scrapeguard.audit.phash import dhash_image
from scrapeguard.detect.base import Face, ImageAnalysis
from scrapeguard.detect.decode import (
    MAX_PIXELS,
    Decoded,
    DecodeError,
    NotRaster,
    decode,
    working_copy,
)
from scrapeguard.detect.exif import personal_data
from scrapeguard.detect.faces import configured_name, get_backend
from scrapeguard.detect.faces.base import DetectorUnavailable, FaceBackend
from scrapeguard.detect.redact import blur_faces

log = logging.getLogger("scrapeguard")

MAX_SIDE = 640  # the detector's working size (research: no gain from native size, 2-3x slower)
MAX_SIDE_ENV = "SCRAPEGUARD_FACE_MAX_SIDE"  # 320..2048: more finds tiny faces in big scenes, costs time
MIN_SIDE = 128  # thumbnails are upscaled to this short side
MIN_DETECTABLE = 8  # a picture smaller than this on its short side cannot show a face


def max_side() -> int:
    """The working size: MAX_SIDE unless the environment sets a bounded other value."""
    try:
        return min(2048, max(320, int(os.environ.get(MAX_SIDE_ENV, "") or MAX_SIDE)))
    except ValueError:
        return MAX_SIDE


def _faces_in(decoded: Decoded, backend: FaceBackend) -> list[Face]:
    """Run the backend on the working copy; boxes back in original (upright) pixels."""
    if min(decoded.width, decoded.height) < MIN_DETECTABLE:
        return []
    work, factor = working_copy(decoded.image, max_side=max_side(), min_side=MIN_SIDE)
    scale = factor * decoded.scale
    faces: list[Face] = []
    for face in backend.detect(work):
        x, y, w, h = face.box
        x0, y0 = min(decoded.width, round(x * scale)), min(decoded.height, round(y * scale))
        x1, y1 = min(decoded.width, round((x + w) * scale)), min(decoded.height, round((y + h) * scale))
        if x1 > x0 and y1 > y0:
            faces.append(Face(box=(x0, y0, x1 - x0, y1 - y0), score=face.score))
    faces.sort(key=lambda f: -f.score)
    return faces


def detect_faces(data: bytes, *, detector: str | None = None) -> list[Face]:
    """Faces in image bytes, best first: box (x, y, w, h) in original pixels after EXIF
    orientation, score 0..1, at the backend's calibrated threshold.

    Raises `DetectorUnavailable` (with an install hint) when no configured detector can
    run. Bytes that cannot be decoded, or an SVG, give `[]`: use `analyse_image` to tell
    "no face" from "could not look".
    """
    backend = get_backend(detector)
    try:
        decoded = decode(data, target=max_side())
    except (DecodeError, NotRaster) as exc:
        log.debug("scrapeguard: detect_faces on undecodable bytes: %s", exc)
        return []
    return _faces_in(decoded, backend)


def analyse_image(data: bytes, *, min_px: int = 24, min_score: float = 0.6, faces: bool = True,
                  detector: str | None = None, max_pixels: int = MAX_PIXELS) -> ImageAnalysis:
    """Everything the guard needs from image bytes. Never raises.

    `faces` keeps only boxes whose shorter side is at least `min_px` original pixels and
    whose score is at least `min_score` (the backend's own threshold applies first; both
    policy thresholds are recorded). Failures are reported, never hidden: undecodable bytes
    or a missing detector set `error`; an SVG sets `unknown`.
    """
    result = ImageAnalysis(min_px=min_px, min_score=min_score)
    try:
        decoded = decode(data, max_pixels=max_pixels, target=max_side() if faces else None)
    except NotRaster as exc:
        result.format = "SVG"
        result.unknown = str(exc)
        return result
    except DecodeError as exc:
        result.error = str(exc)
        return result
    except Exception as exc:  # noqa: BLE001 - last line of defence: a decoder bug is an error, not an allow
        log.warning("scrapeguard: image decoder failed: %s: %s", type(exc).__name__, exc)
        result.error = f"image decoder failed ({type(exc).__name__}: {exc})"
        return result
    result.width, result.height, result.format = decoded.width, decoded.height, decoded.format
    result.personal_data = personal_data(decoded.exif)
    try:
        result.phash = dhash_image(decoded.image)
    except Exception as exc:  # noqa: BLE001 - a hash is a convenience for look-ups, never a reason to fail
        log.debug("scrapeguard: no perceptual hash: %s", exc)
    if not faces:
        return result
    try:
        backend = get_backend(detector)
    except DetectorUnavailable as exc:
        result.detector = configured_name(detector)
        result.error = f"face detection impossible: {exc}"
        return result
    result.detector, result.detector_version = backend.name, backend.version
    try:
        found = _faces_in(decoded, backend)
    except Exception as exc:  # noqa: BLE001
        log.warning("scrapeguard: face detector %s failed: %s: %s", backend.name, type(exc).__name__, exc)
        result.error = f"face detector {backend.name} failed ({type(exc).__name__}: {exc})"
        return result
    result.faces = [f for f in found if min(f.box[2], f.box[3]) >= min_px and f.score >= min_score]
    return result


__all__ = ["DetectorUnavailable", "analyse_image", "blur_faces", "detect_faces"]
