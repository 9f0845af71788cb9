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

import collections
import hashlib
import io
import logging
import math
import re
import struct
import threading
import zlib
from dataclasses import dataclass, field
from typing import Final

from PIL import Image, ImageChops, ImageCms, ImageFilter, ImageStat, PngImagePlugin, UnidentifiedImageError

from scrapeguard.detect.hidden_pictures import describe_trailing
from scrapeguard.detect.image_metadata import exif_orientation, file_exif, further_exif, mpo_offsets, read_metadata
from scrapeguard.detect.image_structure import (
    MAX_FRAME_COUNT,
    MAX_FRAME_WALK,
    MAX_GIF_BLOCKS,
    MAX_GIF_STRAY_BYTES,
    MAX_JPEG_PADDING,
    MAX_PNG_CHUNKS,
    MAX_TIFF_ENTRIES,
    RESTART,
    TIFF_LAYOUTS,
    JpegWalk,
    NotAllSearched,
    bmff_end,
    bmp_end,
    gif_frames,
    gif_walk,
    ico_end,
    png_chunk,
    png_end,
    png_frames,
    png_layout,
    tga_end,
    tiff_end,
    tiff_frames,
    tiff_walk,
    walk_jpeg,
)
from scrapeguard.resource import sniff_kind

log = logging.getLogger("scrapeguard")

MAX_PIXELS = 50_000_000  # ~7000x7000: beyond this the bytes are treated as a decompression bomb
# Nor a side past this, the most a JPEG, GIF or ICO can declare (a WebP: 16,383): Pillow's work grows
# with a picture's rows as well as its pixels (a pointer each, and work a row in the decoder and each
# conversion), so a 200 kB PNG of 2 x 25,000,000 pixels, within the cap, took 6-9 s and 1.5 GB to
# judge (the same pixels square: ~2.5 s). No picture a page shows is that long.
MAX_SIDE_PX = 65_535
MAX_BYTES = 64 * 1024 * 1024
# Raster formats Pillow decodes in-process. No EPS/PS (Ghostscript subprocess), no PDF, no
# exotic scientific formats: a web image that is none of these is reported, not guessed at.
SAFE_FORMATS: tuple[str, ...] = ("JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF", "ICO", "MPO", "AVIF", "PPM", "TGA")
# Animations: at most this many frames are analysed, spread over the animation, and no frame
# past what this many decoded pixels reach, but for the second one (GIF, APNG and WebP decode
# frame by frame from the start, so seeking to frame k costs k frames: 16 Mpx is ~0.4 s of GIF
# decoding, measured). Frames not reached are reported as not analysed (`Decoded.frames_limit`).
MAX_FRAMES = 8
FRAME_PIXEL_BUDGET = 16_000_000
# Between the sampled frames of a GIF, APNG, WebP or AVIF (which are decoded on the way), a frame unlike
# every one analysed (a new scene: SCENE_CELLS_CHANGED of its 32x32 grey cells off by more than
# SCENE_CELL_CHANGE of 255) is analysed too, up to this many; new scenes past them are noted.
# Cells of 1/32 of a side: the narrowest face the detector finds is about 1/27 of a frame's long
# side (MIN_FACE_WORK_PX in the working copy), and appears as a few cells changed. With 8x8 cells
# a 50-px face on a 320-px frame, on a background of its own mean grey, changed none (review); and a
# change of 40 of 255 a cell missed such a face at 0.6 of its contrast, which 16 finds from 32 px.
MAX_SCENE_FRAMES = 8
# ... and a new scene that is a slide (a cut from the frame before it, or a frame shown HELD_MS or longer: a
# slideshow's picture, not a frame of motion) is analysed while the slides' working copies, each counted as at least
# MIN_RUN_PIXELS (a detector run costs by them: ~18 ms one of 300x225, ~85 ms one of 640x640), stay within
# SLIDE_RUN_PIXELS: 48 slides of 640x640 (~4 s), 120 of 400x300, a banner's hundreds. A slide past it is an incomplete
# judgement, which on_error decides: capped at 24 and past them noted, a slideshow GIF of 120 photos showed its
# portrait on frame 97 unseen, allowed under fail-closed (review). A budget rather than a count: a scrolling banner's
# frames cut, a countdown's are held, and a count past which they were incomplete blocked both (review).
SLIDE_RUN_PIXELS = 48 * 640 * 640
MIN_RUN_PIXELS = 128 * 128  # (the least a working copy is: images.MIN_SIDE on its short side)
# ... and at most MAX_SLIDES of them, past which a slide is unjudged as past the budget: charged MIN_RUN_PIXELS each,
# ~1,200 tiny noise slides fit the budget, and a 2-MB GIF of 1,000 took 70-90 s a check (review)
MAX_SLIDES = 120
# A frame glanced at is compared with the last SCENES_COMPARED scenes kept, the latest first: with every one, a GIF of
# 1,000 noise frames made ~500,000 comparisons (review). An older scene met again is only analysed again, within the
# caps above
SCENES_COMPARED = 16
# The pixels a TIFF's or an MPO's pages may take to decode (each is sought straight to): 7 A4 pages scanned at
# 300 dpi, 17 faxes; at the animations' budget, two scanned pages were read of three.
PAGE_PIXEL_BUDGET = 4 * FRAME_PIXEL_BUDGET
MAX_PAGES = 32  # (pages after the first analysed at most: 33 a document)
HELD_MS = 300
SCENE_CUT_CELLS = 256  # (of the 32 x 32 cells of a glance: a quarter)
GLANCE_SIDE = 32
SCENE_CELL_CHANGE = 16
SCENE_CELLS_CHANGED = 4
_CELL_CHANGED = [255 if v > SCENE_CELL_CHANGE else 0 for v in range(256)]
# The formats whose decoder draws every frame up to the one sought (each frame over the last; a
# WebP's when it is loaded; an AVIF's from its last key frame, most often the first, so a step costs
# what the seek did: measured the same), or that a browser plays as an animation: their frames are
# stepped through one by one, each checked, counted and glanced at before it is drawn. An animated
# AVIF sought straight to its sampled frames showed a portrait in a frame between them unseen, allowed,
# where the same animation as a GIF or WebP was redacted (review). The others (a TIFF's or an MPO's
# pages, found by their offsets: a browser shows the first alone) seek straight to a sampled frame:
# only that one is decoded.
STEPPED_FORMATS = frozenset({"GIF", "PNG", "WEBP", "AVIF"})
# Pixels at most this opaque (of 255) show nothing to speak of in a browser; the colour under them
# varying more than this (standard deviation, per channel) is a picture, not a transparent fill.
HIDDEN_ALPHA = 16
HIDDEN_SPREAD = 6.0
# A picture whose embedded colour profile changes it by more than this in sRGB (the mean of its
# grey levels' differences, of 255, in the working copy) is looked at as a colour-managed page
# (every browser's) shows it too; one whose profile cannot be read or applied, as stored.
# (24: Photoshop's "Dot Gain 20%" grey profile changes photos by 13-18, wide-gamut monitor profiles
# by 3-8, neither hiding a face; a portrait's levels stretched from a few stored ones, by ~100)
ICC_CHANGE = 24.0
# ... or that spreads its grey levels this much wider (standard deviation): levels 0-3 stretched over the
# range on a black ground moved the mean of a 900-px frame by 6 (review); no real profile above does this
ICC_CONTRAST_GAIN = 1.5
# ... judged only this many original pixels or more inside the transparent area: at its edge an
# anti-aliased logo's faint pixels keep their colour, and lossy WebP smooths the colour under
# alpha 0 into the subject's (both were taken for a hidden picture: a second detector run, a
# false note). Judged on a copy at most HIDDEN_CHECK_SIDE on its long side (nearest pixels: a
# filter would mix in the visible colour), ~1 ms whatever the picture's size.
HIDDEN_MARGIN = 5
HIDDEN_CHECK_SIDE = 256


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


class OverBudget(DecodeError):
    """The picture's pixels are more than what is left of the decoding budget a caller shares between its
    decodes (`decode`'s `budget`): not decoded."""


@dataclass(slots=True)
class Decoded:
    """One decoded picture. `image` is RGB; `scale` = original pixels per `image` pixel."""

    image: Image.Image
    width: int
    height: int
    format: str
    animated: bool  # more than one frame: see `frames` / `n_frames` for what was sampled
    scale: float
    exif: Image.Exif | None
    # the IPTC IIM datasets ((record, dataset) -> value(s)) of a JPEG or TIFF (or a PNG's, as ImageMagick
    # writes them: `image_metadata.read_metadata`), None when it has none
    iptc: dict[tuple[int, int], bytes | list[bytes]] | None = None
    # a PNG's text chunks (keyword -> text, as Pillow reads them into `info`), empty for other formats
    text: dict[str, str] = field(default_factory=dict)
    # further frames of an animation sampled for analysis (RGB, upright; no larger than the
    # `target` side decode was given, else full size; the first frame is `image`), how many
    # frames the file holds (0: could not be counted; MAX_FRAME_COUNT + 1: more than that) and
    # why the sample stopped short of spreading over all of them, if it did; `frames_unread`:
    # it stopped because a frame could not be decoded or the frames not be counted, so what
    # follows is unknown — an incomplete judgement; so is a budget that reached less than half of
    # them. (A sample spread over the frames the budget reaches is the design, as sampling at all
    # is: short of that, the limit is only noted.)
    frames: list[Image.Image] = field(default_factory=list)
    # each sampled frame's own upright size in original pixels (a TIFF's or an MPO's pages, and a
    # GIF frame drawn past the logical screen, differ from the first): what its boxes map back to
    frame_sizes: list[tuple[int, int]] = field(default_factory=list)
    # the colour under the first frame's transparent pixels, upright, no larger than the `target`
    # side, when it is more than a flat fill (`hidden_colour`) and decode was asked for it
    # (`hidden`); None otherwise
    hidden: Image.Image | None = None
    # the first frame as a dark page shows it, when its opacity draws a picture of its own
    # (`shown_on_dark`), as `hidden` (upright, no larger than `target`, when asked for)
    dark: Image.Image | None = None
    # the first frame as a colour-managed page shows it, when its ICC profile changes it
    # (`colour_managed`), as `hidden` (upright, no larger than `target`, when asked for)
    managed: Image.Image | None = None
    # the same of each sampled frame in `frames` its profile changes, with its upright size (as `frame_sizes`)
    managed_frames: list[tuple[Image.Image, tuple[int, int]]] = field(default_factory=list)
    # both (`hidden_pictures`) of each sampled frame in `frames` that hides a picture, with that
    # frame's upright size in original pixels (as `frame_sizes`)
    hidden_frames: list[tuple[Image.Image, tuple[int, int]]] = field(default_factory=list)
    # what follows a JPEG's end-of-image marker, a PNG's IEND chunk, a GIF's trailer, a WebP's RIFF
    # chunk, a BMP's, TIFF's or TGA's end (`bmp_end`, `tiff_end`, `tga_end`), unread (`describe_trailing`), or ""
    # when nothing does; `trailing_at`: where it starts in the bytes (0: nothing follows)
    trailing: str = ""
    trailing_at: int = 0
    n_frames: int = 1
    frames_limit: str | None = None
    frames_unread: bool = False
    orientation: int = 1  # the EXIF orientation `image` was turned by (1: none; see ORIENTATION_TRANSPOSE)
    # the EXIF blocks of a JPEG's or MPO's pictures but the first one's first (`exif`), of a TIFF's pages
    # after the first, and of a PNG's or WebP's EXIF chunks Pillow skips, by the picture's or page's index
    # (0: the first), those that have one (`further_exif`)
    further_exif: list[tuple[int, Image.Exif]] = field(default_factory=list)


# Pillow's formats an answer's first bytes are not probed for (`pillow_picture_format`): those whose magic numbers
# already tell them whole (`resource.sniff_kind`: JPEG, PNG, GIF, WebP), a video's, a vector or a document that
# Pillow hands to a program it runs or cannot draw at all (MPEG, EPS, WMF), data it only names (HDF5, GRIB, BUFR)
# and IPTC's bare records: an untyped download of these is no picture a crawler's image pipeline makes of it.
# (BMP, DIB, TIFF, PPM, PCX, ICO, CUR … are probed too: their variants the magic numbers miss, a headerless
# BMP, a BigTIFF, a PFM, stored a face; review of the change)
_NOT_PROBED: Final = frozenset({"JPEG", "PNG", "GIF", "WEBP", "MPEG", "EPS", "WMF", "HDF5", "GRIB", "BUFR", "IPTC"})
# ... and those whose test of the first bytes is weak (two to four bytes, `#define` for XBM, none at all): their
# header is read as well
_HEADER_READ: Final = frozenset({"XBM", "SGI", "GBR", "MCIDAS", "BMP", "DIB", "PCX", "PPM", "ICO", "CUR", "IMT",
                                 "PCD", "SPIDER", "TGA"})
# IM's header (`Key: value` lines to a `\x1a`): told here, since its reader, deprecated, warns each time it runs
_IM_HEADER: Final = re.compile(rb"\A(?:[A-Za-z][\w ()*]{0,40}:[^\r\n\x1a]{0,100}\r?\n){1,100}?[\x00\r\n ]*\x1a")


def _tga_header(head: bytes) -> bool:
    """A TGA's header as a writer leaves it, which Pillow's reader does not ask for: no colour map, then its
    fields all zero (a UTF-16 JSON passed Pillow's own test, and was taken for a TGA; review of the change)."""
    return len(head) >= 18 and head[1] in (0, 1) and (head[1] == 1 or head[3:8] == bytes(5))


def pillow_picture_format(head: bytes) -> str | None:
    """The raster format Pillow (every plugin, as Scrapy's ImagesPipeline opens a download) takes an answer's
    first bytes for, or None. Why: a portrait in PSD, DDS, ICNS, IM, MSP or SPIDER served as
    application/octet-stream read as no picture (allowed, unjudged), and ImagesPipeline decoded it and stored the
    face (review, session 60). Taken for a picture (where its type leaves that to its bytes,
    `answers.body_kind`), it is judged as one: one the guard does not decode (`SAFE_FORMATS`) is an
    `image.error`, which on_error decides. Never raises."""
    if len(head) < 4:
        return None
    Image.init()
    for name, (factory, accept) in list(Image.OPEN.items()):
        if name in _NOT_PROBED:
            continue
        if name == "IM":
            if _IM_HEADER.match(head[:4096]) is not None and b"Image type:" in head[:4096]:
                return name
            continue
        if name == "TGA" and not _tga_header(head):
            continue
        try:
            if accept is not None:
                said = accept(head[:16])
                if not said or isinstance(said, str):  # (a string: "not this", and why)
                    continue
            if accept is None or name in _HEADER_READ:
                factory(io.BytesIO(head), "")  # (its header: raises where these bytes are not one)
            return name
        except Exception:  # noqa: BLE001 - any failure: not this format
            continue
    return None


def _available_formats() -> list[str]:
    Image.init()
    return [f for f in SAFE_FORMATS if f in Image.OPEN]


def to_rgb(img: Image.Image, *, keep_alpha: bool = False) -> Image.Image:
    """Any Pillow mode to 8-bit RGB; transparent areas become white (as on most pages).

    The ONE conversion every consumer of decoded pixels uses (face detection, the perceptual
    hash an erasure request is matched by, redaction): Pillow's own `convert("RGB")` clips
    16-bit greyscale to white and keeps the colour under transparent pixels, so two paths
    that convert differently disagree about the same picture. `keep_alpha`: an image with
    transparency comes back RGBA (redaction writes the transparency back out).
    """
    if colour_keyed(img):  # (a PNG's tRNS: `convert("RGB")` showed the key's pixels, not the page behind them)
        img = _keyed_rgba(img)
    mode = img.mode
    if mode == "RGB":
        return img
    if mode in _WIDE_GREY:
        return _stretched_grey(img).convert("RGB")
    if mode == "P":
        img = img.convert("RGBA") if "transparency" in img.info else img.convert("RGB")
        mode = img.mode
    if mode == "PA":
        img = img.convert("RGBA")
        mode = img.mode
    if mode in ("RGBA", "LA", "RGBa", "La"):
        rgba = img.convert("RGBA")
        if keep_alpha:
            return rgba
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return img.convert("RGB")  # L, 1, CMYK, YCbCr, LAB, HSV, RGBX


_to_rgb = to_rgb  # the name callers used before it was public

_WIDE_GREY: Final = ("I;16", "I;16B", "I;16L", "I;16N", "I", "F")  # 16/32-bit and float greyscale
# The modes whose transparency is a colour key (a PNG's tRNS chunk: the one grey level or colour shown transparent)
_KEYED_MODES: Final = frozenset({"1", "L", "RGB", "I", "I;16", "I;16B", "I;16L", "I;16N"})


def colour_keyed(img: Image.Image) -> bool:
    """Whether a picture without an alpha channel shows its pixels of one grey level or colour as
    transparent (a PNG's tRNS chunk, which Pillow keeps in `info` and its RGB conversion ignores)."""
    key = img.info.get("transparency")
    return img.mode in _KEYED_MODES and (isinstance(key, int) or (
        isinstance(key, tuple) and len(key) == 3 and all(isinstance(v, int) for v in key)))


def _keyed_rgba(img: Image.Image) -> Image.Image:
    """A colour-keyed picture (`colour_keyed`) as RGBA, its key's pixels transparent. Why: a portrait
    stored as flat grey 128/129 with 128 keyed transparent is a full-contrast face in a browser, and was
    a blank picture to the detector. 16-bit grey is stretched as `to_rgb` stretches it, its mask made
    here: Pillow's own conversion clips it to white and loses the key."""
    if img.mode not in _WIDE_GREY:
        return img.convert("RGBA")
    key = int(img.info["transparency"])
    wide = img.convert("I")
    # |v - key| times 255, clipped to 8 bits by each side: 0 only at the key, 255 elsewhere
    above, below = (wide.point(lambda v, sign=sign: sign * (v - key) * 255).convert("L") for sign in (1, -1))
    grey = _stretched_grey(img)
    return Image.merge("RGBA", (grey, grey, grey, ImageChops.lighter(above, below)))


def _stretched_grey(img: Image.Image) -> Image.Image:
    """16/32-bit or float greyscale as 8-bit grey: the range its pixels span stretched instead of clipped."""
    gray = img.convert("F") if img.mode != "F" else img
    lo, hi = _grey_range(gray)
    span = (hi - lo) or 1.0
    return gray.point(lambda v: (v - lo) * 255.0 / span).convert("L")


# Pixels the percentiles of a 16/32-bit greyscale picture are read from (`_grey_range`): an even sample of
# a larger one. Read from all of them, a flat 7000x7000 16-bit PNG of 111 KB took 1.5 GB (float64 copies,
# the finite mask, the sort) and 4 s to decode (found in review); a sample of a million, a few MB
_GREY_RANGE_SAMPLE = 1_000_000


def _grey_range(gray: Image.Image) -> tuple[float, float]:
    """The values a 16/32-bit greyscale picture is stretched between: its 0.5th and 99.5th
    percentiles, so that one outlying pixel (65535 among values up to 255, an infinity or NaN in
    a float TIFF) cannot flatten the rest to one shade and hide a face (found in an adversarial
    review), read from at most `_GREY_RANGE_SAMPLE` pixels picked evenly over it. Its extremes where
    numpy (the faces extra) is not installed."""
    extrema = gray.getextrema()
    lo, hi = float(extrema[0]), float(extrema[1])  # type: ignore[arg-type]
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - the test environment has the faces extra
        return (lo, hi) if math.isfinite(lo) and math.isfinite(hi) else (0.0, 255.0)
    width, height = gray.size
    if width * height > _GREY_RANGE_SAMPLE:
        step = math.sqrt(width * height / (_GREY_RANGE_SAMPLE // 2))  # (two samples of half as many)
        size = (max(1, int(width / step)), max(1, int(height / step)))
        # pixels as they are, one every step, and every pixel's share in the averages of its step's square: a
        # detail repeating at the step (every third column bright), which the pick may miss whole and so flatten
        # the picture to one shade (found in review), still spans the averages
        picked, averaged = (np.asarray(gray.resize(size, way), dtype=np.float64).ravel()
                            for way in (Image.Resampling.NEAREST, Image.Resampling.BOX))
        pixels = np.concatenate((picked, averaged))
    else:
        pixels = np.asarray(gray, dtype=np.float64)
    finite = pixels[np.isfinite(pixels)]
    if finite.size == 0:
        return 0.0, 1.0
    low, high = np.percentile(finite, (0.5, 99.5))
    return float(low), float(high)


def is_svg(data: bytes) -> bool:
    """SVG is XML: sniffed by its start, whatever the Content-Type said."""
    return sniff_kind(None, data[:1024]) == "svg"


def ico_sizes(data: bytes) -> list[tuple[int, int]]:
    """The real pixel size of every picture in an .ico file, read from the embedded PNG's
    IHDR or the BMP header, not from the directory (whose one-byte sizes say at most 256).

    Why: Pillow's ICO plugin decodes the largest entry inside `Image.open`, before any size
    can be checked, so a 500 KB icon holding a 13300x13300 PNG cost 0.8 GB before the pixel
    cap refused it. Entries that point outside the file are skipped (Pillow fails on them).
    """
    if len(data) < 6:
        return []
    count = struct.unpack_from("<H", data, 4)[0]
    sizes: list[tuple[int, int]] = []
    for i in range(count):
        entry = 6 + 16 * i
        if entry + 16 > len(data):
            break
        offset = struct.unpack_from("<I", data, entry + 12)[0]
        head = data[offset:offset + 24]
        if head.startswith(b"\x89PNG\r\n\x1a\n") and len(head) >= 24:
            width, height = struct.unpack_from(">II", head, 16)
        elif len(head) >= 12:
            width, height = struct.unpack_from("<ii", head, 4)
            width, height = abs(width), abs(height) // 2  # a DIB's height counts its AND mask too
        else:
            continue
        sizes.append((width, height))
    return sizes


def open_image(data: bytes, *, max_pixels: int = MAX_PIXELS) -> Image.Image:
    """Open untrusted bytes lazily (header only) with every guard applied: byte and pixel
    caps, SVG refused, only `SAFE_FORMATS`, and refused before Pillow walks them item by item
    in Python: a JPEG header that is broken or padded past `MAX_JPEG_PADDING`, a PNG of more
    than `MAX_PNG_CHUNKS` chunks, a GIF of more than `MAX_GIF_BLOCKS` data blocks or
    `MAX_GIF_STRAY_BYTES` stray bytes, a TIFF whose pages hold more than `MAX_TIFF_ENTRIES`
    directory entries, a Netpbm file with a header or a plain-text raster past its bound (`_netpbm_cost`). The caller
    loads and closes the image. Raises `DecodeError` / `NotRaster`."""
    return _open(data, max_pixels=max_pixels)[0]


@dataclass(slots=True)
class _Shape:
    """What `_open`'s structure walks found, kept for `decode` (which walked them all again):
    a JPEG's walk (to its end when asked for, else to its first scan), where a PNG's IEND chunk,
    a GIF's trailer, a WebP's RIFF chunk, a BMP, a TIFF or a TGA ends (0: none found), a GIF's or TIFF's frames
    (`gif_frames`, `tiff_frames`; 0: not counted)."""

    jpeg: JpegWalk = field(default_factory=lambda: JpegWalk())
    end: int = 0
    frames: int = 0


def _open(data: bytes, *, max_pixels: int = MAX_PIXELS, whole_jpeg: bool = False) -> tuple[Image.Image, _Shape]:
    """`open_image`, and the shape its walks found (`whole_jpeg`: a JPEG walked to its end, which
    `decode` needs, not only to its first scan: the scans' data costs a C search, ~3 ms a 12-Mpx photo;
    and the end of a TIFF, TGA, ICO, raw PPM or AVIF looked for, which only `decode` reads: a 4 MB
    run-length TGA's walk takes ~0.2 s)."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise DecodeError(f"expected bytes, got {type(data).__name__}")
    data = bytes(data)
    shape = _Shape()
    if not data:
        raise DecodeError("empty body: no image bytes")
    if len(data) > MAX_BYTES:
        raise DecodeError(f"image of {len(data)} bytes exceeds the {MAX_BYTES}-byte cap")
    if is_svg(data):
        raise NotRaster("SVG is a vector image: not rasterised, faces cannot be assessed")
    # (Pillow reads a JPEG's header segment by segment, and the bytes between them one by one, in Python)
    if data.startswith(b"\xff\xd8"):
        head = shape.jpeg = walk_jpeg(data, header_only=not whole_jpeg)
        if head.damage and not head.scan:  # (damage in a scan's data is `decode`'s to refuse, once the format is known)
            raise DecodeError(f"damaged JPEG image: {head.damage}")
        if head.padding > MAX_JPEG_PADDING:
            raise DecodeError(f"JPEG image with {head.padding} bytes of fill or junk between its header segments, over "
                              f"{MAX_JPEG_PADDING} (refused before decoding: they cost seconds to read)")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        iend = png_end(data)
        if iend is None:
            raise DecodeError(f"PNG image of more than {MAX_PNG_CHUNKS} chunks (refused before decoding: they cost "
                              "seconds to read)")
        shape.end = iend
        if (still := png_without_still_frames(data)) is not None:  # (shown as libpng shows it)
            return _open(still, max_pixels=max_pixels, whole_jpeg=whole_jpeg)[0], shape
    if data[:4] == b"RIFF" and len(data) >= 8:
        size = 8 + struct.unpack_from("<I", data, 4)[0]
        shape.end = size + (size & 1) if size <= len(data) else 0
    if data[:2] == b"BM":
        shape.end = bmp_end(data)
    if data[:6] in (b"GIF87a", b"GIF89a"):
        shape.frames, blocks, shape.end, stray = gif_walk(data, MAX_FRAME_COUNT)
        if blocks > MAX_GIF_BLOCKS:
            raise DecodeError(f"GIF image of more than {MAX_GIF_BLOCKS} data blocks (refused before decoding: they "
                              "cost seconds to read)")
        if stray > MAX_GIF_STRAY_BYTES:
            raise DecodeError(f"GIF image with more than {MAX_GIF_STRAY_BYTES} stray bytes between its blocks "
                              "(refused before decoding: they cost seconds to read)")
    if data[:4] in TIFF_LAYOUTS:
        shape.frames, entries = tiff_walk(data, MAX_FRAME_COUNT)
        if entries > MAX_TIFF_ENTRIES:
            raise DecodeError(f"TIFF image whose pages hold {entries} directory entries, over {MAX_TIFF_ENTRIES} "
                              "(refused before decoding: they cost seconds to read)")
        shape.end = tiff_end(data) if whole_jpeg else 0
    if data[:1] == b"P" and (costly := _netpbm_cost(data)):
        raise DecodeError(f"{costly} (refused before decoding: Pillow reads it character by character)")
    if data.startswith(b"\x00\x00\x01\x00"):  # ICO: Pillow decodes a picture while opening
        for width, height in ico_sizes(data):
            if width * height > max_pixels:
                raise DecodeError(f"ICO holds a {width}x{height} = {width * height}-pixel picture, over the "
                                  f"{max_pixels}-pixel cap (decompression bomb guard; refused before decoding)")
            if max(width, height) > MAX_SIDE_PX:
                raise DecodeError(f"ICO holds a {width}x{height}-pixel picture, a side past {MAX_SIDE_PX} (refused "
                                  "before decoding: its rows cost seconds to read)")
    try:
        img = Image.open(io.BytesIO(data), formats=_available_formats())
    except Image.DecompressionBombError as exc:
        raise DecodeError(f"decompression bomb refused: {exc}") from None
    except ValueError as exc:
        readable = png_without_oversized_text(data) if _PNG_TEXT_REFUSED in str(exc) else None
        if readable is None:
            raise DecodeError(f"not a readable raster image (ValueError: {str(exc)[:160]})") from None
        return _open(readable, max_pixels=max_pixels)[0], shape  # (the shape of `data`, which the caller reads)
    except UnidentifiedImageError:
        readable = png_without_oversized_text(data)  # (a PNG refused over an ancillary chunk's checksum)
        if readable is not None:
            return _open(readable, max_pixels=max_pixels)[0], shape
        raise DecodeError(f"not a recognised raster image ({len(data)} bytes starting {data[:8]!r}; "
                          f"formats read: {', '.join(_available_formats())})") from None
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types on hostile input
        raise DecodeError(f"not a readable raster image ({type(exc).__name__}: {str(exc)[:160]})") from None
    # (no end marker; a TGA has no magic number either: known once Pillow reads its header)
    ends = {"TGA": tga_end, "ICO": ico_end, "PPM": lambda data: _ppm_end(img), "AVIF": bmff_end}
    if whole_jpeg and img.format in ends:
        try:
            shape.end = ends[img.format](data)
        except Exception as exc:  # noqa: BLE001 - a header Pillow read another way: its end is not known
            log.debug("scrapeguard: end of %s not found: %s", img.format, exc)
    width, height = img.size
    if width <= 0 or height <= 0 or width * height > max_pixels or max(width, height) > MAX_SIDE_PX:
        img.close()
        if width <= 0 or height <= 0:
            raise DecodeError(f"{img.format} image with an empty size {width}x{height}")
        if max(width, height) > MAX_SIDE_PX:
            raise DecodeError(f"{img.format} image of {width}x{height} pixels: a side past {MAX_SIDE_PX} (refused "
                              "before decoding: its rows cost seconds to read)")
        raise DecodeError(
            f"{img.format} image of {width}x{height} = {width * height} pixels exceeds the {max_pixels}-pixel cap"
            " (decompression bomb guard)")
    return img, shape


# Netpbm: Pillow reads the header, and a plain-text raster (P1-P3), one character at a time in
# Python (0.5-0.8 us each: 5 MB of a header's comment took 2.4 s, an 8 MB plain pixmap 6.3 s). A
# header is a few dozen bytes; a plain raster of 1 MB holds a picture of ~300x300 at most.
MAX_NETPBM_HEADER = 4096
MAX_PLAIN_NETPBM = 1 << 20
_NETPBM_MAGIC = re.compile(rb"P[0-6fy][A-Z]*")  # (the prefixes Pillow's plugin accepts)
_NETPBM_TOKEN = re.compile(rb"(?:\s++|#[^\r\n]*+)*+[^\s#]++")  # white space and comments, then a token


def _netpbm_cost(data: bytes) -> str | None:
    """Why Pillow would spend seconds reading these Netpbm bytes, or None: a plain-text raster
    past `MAX_PLAIN_NETPBM` bytes, or a header whose size tokens are not all in the first
    `MAX_NETPBM_HEADER` bytes (a short file without them is Pillow's to refuse)."""
    magic = _NETPBM_MAGIC.match(data)
    if magic is None:
        return None
    if magic.group() in (b"P1", b"P2", b"P3") and len(data) > MAX_PLAIN_NETPBM:
        return f"plain-text Netpbm raster of {len(data)} bytes, over {MAX_PLAIN_NETPBM}"
    pos = magic.end()
    for _ in range(2 if magic.group() in (b"P1", b"P4") else 3):  # width, height (and the maximum value)
        token = _NETPBM_TOKEN.match(data, pos, MAX_NETPBM_HEADER)
        if token is None:
            return f"Netpbm header longer than {MAX_NETPBM_HEADER} bytes" if len(data) > MAX_NETPBM_HEADER else None
        pos = token.end()
    return None


# Pillow refuses a whole PNG over one text chunk that decompresses past MAX_TEXT_CHUNK (1 MB), or
# text chunks past MAX_TEXT_MEMORY together; its messages name the limit.
_PNG_TEXT_REFUSED = "MAX_TEXT_"
_PNG_TEXT = frozenset({b"tEXt", b"zTXt", b"iTXt"})


def _png_text_size(kind: bytes, payload: bytes) -> int:
    """What a PNG text chunk costs Pillow once read: its text decompressed (counted no further
    than past `MAX_TEXT_CHUNK`, as Pillow decompresses it), else its length."""
    keyword, _, rest = payload.partition(b"\x00")
    if kind == b"zTXt":
        compressed = rest[1:]
    elif kind == b"iTXt" and rest[:1] == b"\x01":
        compressed = rest[2:].split(b"\x00", 2)[-1]
    else:
        return len(payload)
    inflater = zlib.decompressobj()
    try:
        size = len(inflater.decompress(compressed, PngImagePlugin.MAX_TEXT_CHUNK))
    except zlib.error:
        return 0  # (Pillow reads a broken one as empty)
    return size + 1 if inflater.unconsumed_tail else size


def png_without_oversized_text(data: bytes) -> bytes | None:
    """The PNG without the text chunks Pillow refuses to read (one that decompresses past its
    `MAX_TEXT_CHUNK`, or those past `MAX_TEXT_MEMORY` together), and without an ICC profile
    past `MAX_TEXT_CHUNK` (which Pillow refuses the same way: a portrait with a large print
    profile was never looked at) or an ancillary chunk whose checksum is wrong (which Pillow
    refuses the whole file over, where libpng, and so a browser, drops the chunk and shows the
    picture); None when it has none (or is no PNG).

    Why: Pillow then refuses the whole picture, which browsers show, so a portrait converted
    by ImageMagick from a Photoshop file (its XMP, bloated by the document's history, written
    hex-encoded into a zTXt chunk) was never looked at for faces: an error, blocked under
    fail-closed. The pixels do not depend on text chunks; the metadata readers read the bytes
    themselves."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return None
    out, pos, memory, dropped = bytearray(data[:8]), 8, 0, False
    while pos + 12 <= len(data):
        length = struct.unpack_from(">I", data, pos)[0]
        kind, end = data[pos + 4:pos + 8], pos + 12 + length
        if kind[:1].islower() and end <= len(data) and zlib.crc32(data[pos + 4:end - 4]) != \
                struct.unpack_from(">I", data, end - 4)[0]:
            pos, dropped = end, True  # an ancillary chunk with a wrong checksum: libpng drops it
            continue
        if kind == b"iCCP" and _png_text_size(b"zTXt", data[pos + 8:min(end, len(data)) - 4]) > \
                PngImagePlugin.MAX_TEXT_CHUNK:
            # an ICC profile past Pillow's limit (a large LUT-based one) is refused as a text is
            # (its layout is a zTXt's): the pixels do not depend on it either
            pos, dropped = end, True
            continue
        if kind in _PNG_TEXT:
            # past the memory budget every further text chunk is dropped: not inflated first (8,000
            # chunks of 1 MB each cost 9 s of CPU to weigh one by one)
            size = 0 if memory > PngImagePlugin.MAX_TEXT_MEMORY else \
                _png_text_size(kind, data[pos + 8:min(end, len(data)) - 4])
            memory += size
            if size > PngImagePlugin.MAX_TEXT_CHUNK or memory > PngImagePlugin.MAX_TEXT_MEMORY:
                pos, dropped = end, True
                continue
        out += data[pos:end]
        pos = end
        if kind == b"IEND":
            break
    out += data[pos:]
    return bytes(out) if dropped else None


_FRAME_CHUNKS = (b"fcTL", b"fdAT")  # an APNG's frame control and frame data


def png_without_still_frames(data: bytes) -> bytes | None:
    """A still PNG (no acTL before its image data: `png_layout`) that has frame chunks (fcTL,
    fdAT) before its image data, without any of its frame chunks (with one gone, Pillow refused the
    sequence numbers of those after the image data); None when it has none before its image data,
    is an APNG (an acTL of some frames before its image data) or is walked past its bound.

    Why: libpng and browsers show a PNG without an acTL as its image data, whole, and skip its
    frame chunks as the ancillary chunks they are; Pillow takes a frame control there as the
    picture's frame (one of 1x1 showed a portrait's first pixel) and frame data before the image
    data as the picture (a blank frame before a portrait): the faces were looked for in what no
    viewer shows, and a portrait passed as allowed."""
    try:  # (`png_end` let through as many whole chunks, and a stub it does not count: one more here)
        head = png_layout(data, MAX_PNG_CHUNKS + 1, to_image_data=True)  # (the common case: a few chunks)
        if head.animation_frames or not any(chunk.kind in _FRAME_CHUNKS for chunk in head.chunks):
            return None  # (an acTL of no frames makes no animation: Pillow shows a still)
        layout = png_layout(data, MAX_PNG_CHUNKS + 1)
    except NotAllSearched:
        return None
    dropped = [chunk for chunk in layout.chunks if chunk.kind in _FRAME_CHUNKS]
    pieces, copied = [], 0
    for chunk in dropped:
        pieces.append(data[copied:chunk.at])
        copied = chunk.end + 4
    return b"".join(pieces) + data[copied:]


def readable_copy(data: bytes, fmt: str | None, *, max_pixels: int = MAX_PIXELS) -> bytes | None:
    """The bytes of a picture whose pixels failed to load, made readable where what failed is
    known not to touch the picture: a JPEG missing only its end-of-image marker
    (`complete_jpeg`), a PNG with a text chunk Pillow refuses (`png_without_oversized_text`;
    one after the image data is read, and refused, only as the pixels load). None otherwise."""
    if fmt in ("JPEG", "MPO"):
        return complete_jpeg(data, max_pixels=max_pixels)
    if fmt == "PNG":
        return png_without_oversized_text(data)
    return None


# Scans times pixels a JPEG may ask libjpeg to go over (~1 s): it passes over every coefficient
# of the picture once a scan, however few bytes the scan is, whatever the DCT scale it is decoded
# at, so a 125 kB progressive 4000x4000 whose last scan was repeated 1,000 times took 17 s to decode
# (50 s to judge: decoded three times). A real progressive JPEG has about 10 scans, a baseline one
# one a component at most: the bound leaves a 50-Mpx picture 12 scans, a 12-Mpx one 50.
MAX_JPEG_SCAN_PIXELS = 600_000_000


# Bytes of each padding `complete_jpeg` inserts: at 4 to 8 bits a coefficient, ~1 KB decodes
# into several whole 8x8 blocks after the cut, whose DC a half-scale picture shows (a JPEG cut
# in half, padded with 64 bytes, passed as complete: 256 bytes were the least that showed it).
_PADDING = 2048


def complete_jpeg(data: bytes, *, max_pixels: int = MAX_PIXELS) -> bytes | None:
    """The JPEG with its missing end-of-image marker (FF D9) appended, when its last scan is
    complete; None when data is really missing (or it is no JPEG, or it has its marker).

    Why: browsers and libjpeg show a JPEG that lacks only its EOI marker whole, while Pillow
    calls it truncated. A really truncated file stays an error (its lost part is not judged).
    How it tells the two apart: once EOI is appended, libjpeg fills what a scan lacks with
    zero bits; bytes written before the marker change a scan that is unfinished, and are
    skipped after one that is complete. So the picture is compared with two different
    paddings inserted; identical pixels mean nothing was missing. What could fool that is
    ruled out: a file whose scan broke off at a stray marker (`jpeg_damage`) is never repaired
    (its decoder stopped there, before any padding); each padding decodes into whole blocks
    after the cut (`_PADDING`: 64 bytes filled only the rest of the cut block, high
    frequencies a half-scale picture does not show, so a JPEG cut in half passed); a trailing
    FF is left out of the test (an FF then padding reads as a marker that stops the decoder);
    and with restart intervals the second padding opens with the restart marker due (a file
    cut where an interval ends otherwise skips the padding as junk before the next marker).
    """
    if not data.startswith(b"\xff\xd8") or data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        return None
    repaired = data + b"\xff\xd9"
    walk = walk_jpeg(repaired)
    if walk.damage:
        log.debug("scrapeguard: JPEG without EOI not repaired: %s", walk.damage)
        return None
    body = data.rstrip(b"\xff")  # (FF FF D9 is fill before EOI: `repaired` is the same picture)
    restart = b""
    if walk.restart and walk.scan:
        restarts = RESTART.findall(body, walk.scan)
        restart = bytes((0xFF, 0xD0 + ((restarts[-1][1] - 0xD0 + 1) & 7 if restarts else 0)))

    def pixels(candidate: bytes) -> bytes:
        """A digest of the picture decoded at half scale: an unfinished scan that reads the
        padding as data changes whole runs of blocks, which half scale still shows, at a
        quarter of the pixels (and a digest holds no buffer)."""
        img = open_image(candidate, max_pixels=max_pixels)
        try:
            img.draft(img.mode, (max(1, img.width // 2), max(1, img.height // 2)))
            img.load()
            return hashlib.sha256(img.tobytes()).digest()
        finally:
            img.close()

    try:
        plain = pixels(repaired)
        if all(pixels(body + pad + b"\xff\xd9") == plain for pad in (b"\x55" * _PADDING, restart + b"\x33" * _PADDING)):
            return repaired
    except Exception as exc:  # noqa: BLE001 - a file that does not decode even so stays an error
        log.debug("scrapeguard: JPEG without EOI not repaired: %s", exc)
    return None


def decode(data: bytes, *, max_pixels: int = MAX_PIXELS, target: int | None = None, frames: int = 0,
           hidden: bool = False, min_px: int = 0, budget: list[int] | None = None) -> Decoded:
    """Decode untrusted bytes into RGB (first frame, EXIF orientation applied).

    `target`: the largest side the caller will use; large JPEGs are then decoded at a
    reduced DCT scale (much faster, far less memory). `frames`: of an animation, sample up
    to this many further frames, spread over it, within `FRAME_PIXEL_BUDGET` (0: the first
    frame only); of an icon, when not 0, its other pictures (`_icon_pictures`) but those narrower than
    `min_px` on their short side (the policy's face_min_px: they cannot show a face it counts). `hidden`:
    also keep what the transparency hides from a white page (`Decoded.hidden`, `Decoded.dark`,
    `hidden_pictures`), for a face analysis; the perceptual hash does not look there, and does not
    pay for it. `budget`: the pixels a caller's decodes may still take together, which the first frame's
    (at its decoding scale) are taken from; `OverBudget` when they are more. Raises `DecodeError` / `NotRaster`.
    """
    img, shape = _open(data, max_pixels=max_pixels, whole_jpeg=True)
    fmt = img.format
    # before the pixels: libjpeg ends a scan at a stray marker quietly, filling the rest grey
    walk = shape.jpeg if fmt in ("JPEG", "MPO") else JpegWalk()
    if walk.damage:
        img.close()
        raise DecodeError(f"damaged JPEG image: {walk.damage}; the picture after it is lost")
    if walk.scans * img.width * img.height > MAX_JPEG_SCAN_PIXELS:
        img.close()
        raise DecodeError(f"JPEG image of {img.width}x{img.height} pixels in {walk.scans} scans, over "
                          f"{MAX_JPEG_SCAN_PIXELS} scanned pixels (refused before decoding: each scan goes over "
                          "every pixel, they cost seconds to read)")
    counted = shape.frames if fmt in ("GIF", "TIFF") else 0  # (as the walk counted them: the repaired copy's too)
    try:
        decoded = _decode_open(img, data, target=target, frames=frames, max_pixels=max_pixels, look_under=hidden,
                               counted=counted, min_px=min_px, budget=budget)
        decoded.trailing, decoded.trailing_at = _what_follows(img, data, shape)
        return decoded
    except OverBudget:
        raise
    except DecodeError:
        repaired = readable_copy(data, fmt, max_pixels=max_pixels)
        if repaired is None:
            raise
        # (what follows the picture's end, as the file holds it: a PNG whose text chunk Pillow refused lost its
        # search for an appended portrait with the repair, review)
        following = _what_follows(img, data, shape)
    finally:
        img.close()
    img = open_image(repaired, max_pixels=max_pixels)  # only its end-of-image marker, or a text chunk, was in the way
    try:
        decoded = _decode_open(img, repaired, target=target, frames=frames, max_pixels=max_pixels,
                               look_under=hidden, counted=counted, min_px=min_px, budget=budget)
        decoded.trailing, decoded.trailing_at = following
        return decoded
    finally:
        img.close()


def decode_metadata(data: bytes, *, max_pixels: int = MAX_PIXELS) -> Decoded:
    """`decode`'s reading of a picture's metadata (its EXIF, IPTC and a PNG's text) and of what
    follows its end, its pixels not decoded: `image` is a one-pixel stand-in, `width` and `height`
    the picture's as stored, `orientation` 1. Raises `DecodeError` / `NotRaster` for bytes whose
    header does not read.

    Why: the metadata of each picture after a picture's end is read whether or not faces are looked
    for, and decoding a 3000x3000 PNG there for it took 0.15 s. Pillow reads a header lazily; a PNG's
    text and eXIf chunks after its picture data are read from a copy whose picture is one pixel
    (`_one_pixel_png`; an APNG, whose frames name their places, is decoded)."""
    img, shape = _open(data, max_pixels=max_pixels, whole_jpeg=True)
    try:
        if (img.format in ("JPEG", "MPO")) and shape.jpeg.damage:
            raise DecodeError(f"damaged JPEG image: {shape.jpeg.damage}; the picture after it is lost")
        trailing, trailing_at = _what_follows(img, data, shape)
        fmt, (width, height) = img.format or "", img.size
        header = _one_pixel_header(data) if fmt == "PNG" else None
        header = header or img
        try:
            if fmt == "PNG":
                header.load()  # (its chunks after the picture data: one pixel, or the picture when no copy reads)
            exif, iptc, text = read_metadata(header)
        except Exception as exc:  # noqa: BLE001 - Pillow raises many types on hostile input
            raise DecodeError(f"corrupt or truncated {fmt} image ({type(exc).__name__}: {str(exc)[:160]})") from None
        finally:
            if header is not img:
                header.close()
        try:
            exif = file_exif(img, data, exif) if exif else exif
        except Exception as exc:  # noqa: BLE001
            log.debug("scrapeguard: TIFF directories not read again: %s", exc)
    finally:
        img.close()
    return Decoded(image=Image.new("RGB", (1, 1)), width=width, height=height, format=fmt, animated=False, scale=1.0,
                   exif=exif, iptc=iptc, text=text, trailing=trailing, trailing_at=trailing_at)


def _one_pixel_header(data: bytes) -> Image.Image | None:
    """`_one_pixel_png` of a PNG opened and its pixel read, None when there is none or it does not
    read (an APNG; a text chunk Pillow refuses, which `_open` read from `png_without_oversized_text`)."""
    copy = _one_pixel_png(data)
    if copy is None:
        return None
    try:
        header = Image.open(io.BytesIO(copy), formats=["PNG"])
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types on hostile input: the picture is read
        log.debug("scrapeguard: one-pixel copy of a PNG not opened: %s", exc)
        return None
    try:
        header.load()
    except Exception as exc:  # noqa: BLE001 - as above
        log.debug("scrapeguard: one-pixel copy of a PNG not read: %s", exc)
        header.close()
        return None
    return header


def _one_pixel_png(data: bytes) -> bytes | None:
    """A copy of a PNG whose header says one pixel, not interlaced, its image data that pixel's,
    every other chunk as the file holds it; None for an APNG (`acTL`) or a chunk walk that breaks off."""
    out, pos, pixel, idat = [data[:8]], 8, b"", False
    for _ in range(MAX_PNG_CHUNKS):
        if pos + 12 > len(data):
            return None
        length, kind = struct.unpack_from(">I4s", data, pos)
        chunk = data[pos:pos + 12 + length]
        if kind == b"acTL" or (kind == b"IDAT" and not pixel):
            return None
        if kind == b"IHDR" and length == 13 and pos + 25 <= len(data):  # (a file cut inside it: its walk breaks off)
            depth, colour = data[pos + 16], data[pos + 17]  # (after its width and height)
            channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(colour, 4)
            chunk = png_chunk(b"IHDR", struct.pack(">IIBB", 1, 1, depth, colour) + b"\x00\x00\x00")
            pixel = zlib.compress(b"\x00" * (1 + (channels * depth + 7) // 8))  # (a filter byte, the pixel)
        elif kind == b"IDAT":
            chunk, idat = (b"" if idat else png_chunk(b"IDAT", pixel)), True
        out.append(chunk)
        pos += 12 + length
        if kind == b"IEND":
            return b"".join(out) if idat else None
    return None


def _what_follows(img: Image.Image, data: bytes, shape: _Shape) -> tuple[str, int]:
    """What follows the end of the picture `img` opened from `data` (`describe_trailing`), and where it
    starts (0: nothing does), by the end its format's walk found (`shape`)."""
    fmt = img.format or ""
    end, marker = (shape.jpeg.end, "end-of-image marker") if fmt == "JPEG" else \
        (_mpo_end(img, data), "last end-of-image marker") if fmt == "MPO" else \
        (shape.end, _END_MARKERS[fmt]) if fmt in _END_MARKERS else (0, "")
    trailing = describe_trailing(data, end, marker) if end else ""
    return trailing, end if trailing else 0


def _mpo_end(img: Image.Image, data: bytes) -> int:
    """Where the last of the pictures an MPO's index lists ends (past its end-of-image marker), 0
    when that is not found. Why: its pictures after the first are its frames, so nothing after
    the first one's end was looked at, and a portrait appended after the last passed unseen."""
    last = max(mpo_offsets(img), default=0)
    if not 0 < last < len(data) or not data.startswith(b"\xff\xd8", last):
        return 0
    end = walk_jpeg(data[last:]).end
    return last + end if end else 0


# What ends each format's picture, as `describe_trailing` names it (a JPEG's end is its walk's)
_END_MARKERS = {"PNG": "IEND chunk", "GIF": "trailer", "WEBP": "RIFF chunk", "BMP": "file size its header gives",
                "TIFF": "furthest data its directories name", "TGA": "pixel data and footer",
                "ICO": "furthest picture its directory lists", "PPM": "pixel data", "AVIF": "last box"}


def _ppm_end(img: Image.Image) -> int:
    """Where a raw Netpbm picture (P4-P6, PFM) ends: where Pillow reads its pixels from, and their
    rows; 0 for a plain-text one (its numbers have no fixed length: not known). Why: as `tga_end`."""
    tiles = getattr(img, "tile", [])  # (an opened file's: where and how its pixels are read)
    if len(tiles) != 1 or tiles[0].codec_name != "raw":
        return 0
    args = tiles[0].args
    raw = str(args[0] if isinstance(args, tuple) else args)
    width, height = img.size
    sample = 4 if "32" in raw else 2 if "16" in raw else 1
    row = (width + 7) // 8 if raw.startswith("1") else width * len(img.getbands()) * sample
    return int(tiles[0].offset) + row * height


def count_frames(img: Image.Image, data: bytes, cap: int = MAX_FRAME_COUNT) -> int:
    """How many frames an animated image holds, at a bounded cost: GIF, APNG and TIFF from
    their own structure (`cap + 1`: more than `cap`), the others (WebP, AVIF, MPO) from the
    count their decoder reads from the container's index. 0 when it cannot be told."""
    fmt = img.format
    if fmt == "GIF":
        return gif_frames(data, cap)
    if fmt == "PNG":
        return png_frames(data, cap)
    if fmt == "TIFF":
        return tiff_frames(data, cap)
    return max(0, int(getattr(img, "n_frames", 1)))


def _sample_frames(img: Image.Image, total: int, limit: int, orientation: int, target: int | None = None,
                   max_pixels: int = MAX_PIXELS, data: bytes = b"",
                   hidden: list[tuple[Image.Image, tuple[int, int]]] | None = None,
                   managed: list[tuple[Image.Image, tuple[int, int]]] | None = None,
                   ) -> tuple[list[Image.Image], list[tuple[int, int]], str | None, bool]:
    """Up to `limit` frames after the first, spread evenly over the frames that
    `FRAME_PIXEL_BUDGET` reaches, as RGB upright copies shrunk to `target` on their long side
    (what a detector sees; eight full-size 50-Mpx frames held 1.2 GB); each one's own upright
    size in original pixels; what stopped the sample short of the whole animation, if anything;
    and whether that was a frame that could not be (or may not be) decoded, which the caller
    must treat as frames NOT judged.

    Why: a face shown from the second frame on passed unseen when only the first was read.
    The second frame is always reached, whatever the budget (it costs at most one more frame
    under the `MAX_PIXELS` cap): a large two-frame animation showed its face there unjudged.
    A frame that cannot be decoded ends the sample instead of failing the image: the frames
    before it were read, but those after it were not, and the caller says so.

    Frames are not all the first one's size: a TIFF's or an MPO's pages each have their own, and
    a GIF frame drawn past the logical screen grows the canvas. So each frame decoded (of a GIF,
    an APNG, a WebP or an AVIF every one on the way, `STEPPED_FORMATS`; elsewhere only the sampled
    ones) has its size checked against `max_pixels` and added to the pixels decoded before it is
    loaded: a 60 KB GIF with a 16x16
    first frame and a 9000x9000 second one took 1.1 GB past the pixel cap, and a face on a
    TIFF's larger second page was mapped back by the first page's width, shrunk under the
    policy's face_min_px and dropped. A frame over the cap is one not read (as an undecodable
    one); frames the budget does not reach are noted, as they are when all frames are large. An
    MPO's picture (a JPEG of its own, in `data`) is read only within `MAX_JPEG_SCAN_PIXELS`, as the
    first is (a second picture of 1,000 scans took 30 s).

    `hidden`, when given, gets what each sampled frame's transparency hides from a white page
    (`hidden_pictures`), with its size: a portrait under an APNG's or animated WebP's second
    frame's transparent pixels passed unlooked at, where under the first frame's it is found.
    """
    width, height = img.size
    # Only where a seek decodes every frame on the way (`STEPPED_FORMATS`) is every frame's size
    # checked and counted; elsewhere (a TIFF's or an MPO's pages) the seek goes straight to a
    # sampled frame, which alone is checked, counted and decoded: stepping through the pages of
    # a 1,000-page TIFF cost 4-7x its decoding. Such pages are each a picture of their own (a scanned
    # document's page with an ID photo): every one is analysed, up to as many as an animation's frames
    # and slides may be, within `PAGE_PIXEL_BUDGET` on the pages decoded (sampled, a photo on a page
    # between passed unseen, allowed, review)
    stepped = img.format in STEPPED_FORMATS
    budget = FRAME_PIXEL_BUDGET if stepped else PAGE_PIXEL_BUDGET
    by_pixels = budget // max(1, width * height)
    reachable = max(min(total, 2), min(total, by_pixels, MAX_FRAME_WALK))
    what = "frames" if stepped else "pages"
    if not stepped:
        limit = max(limit, MAX_PAGES)
    limit_note = None
    if reachable < total:
        limit_note = (f"{what} after {reachable} were not reached within the {budget}-pixel decoding budget"
                      f" (each {what[:-1]} is {width}x{height})" if by_pixels < min(total, MAX_FRAME_WALK) else
                      f"{what} after {reachable} were not reached (at most {MAX_FRAME_WALK} {what} are decoded)")
    count = min(limit + 1, reachable)
    if not stepped and count < reachable:
        limit_note = f"pages after {count} were not analysed (at most {MAX_PAGES + 1} are)"
    if count <= 1:
        return [], [], limit_note, False
    # an animation's sample spreads over its frames, the glances between catching a new scene; a document's pages
    # are read from the first, none skipped between those analysed (a portrait on page 2 of 50, between the sampled
    # pages 1 and 3, passed unseen where the note said the pages after 33 were the ones left: review)
    indices = sorted({round(i * (reachable - 1) / (count - 1)) for i in range(count)} - {0}) if stepped else \
        list(range(1, count))
    out: list[Image.Image] = []
    sizes: list[tuple[int, int]] = []
    position, walked, allowance = img.tell(), width * height, budget
    # Frames stepped through between the sampled ones are glanced at (decoded on the way anyway): one
    # unlike every frame analysed so far is analysed too, up to MAX_SCENE_FRAMES such frames of motion and
    # slides within SLIDE_RUN_PIXELS. A portrait shown as frame 201 of 400, between two sampled frames, passed
    # unseen (review)
    extra, slides, slide_pixels, unlike, unseen_slide = 0, 0, 0, "", ""
    try:
        scenes = [_glance(img)] if stepped else []
    except Exception as exc:  # noqa: BLE001 - a mode no grey copy is made of: the sample alone, as before
        log.debug("scrapeguard: frames not glanced at: %s", exc)
        scenes, stepped_glance = [], False
    else:
        stepped_glance = stepped
    last_look = scenes[0] if scenes else None
    for index in indices:
        try:
            while position < index:
                position = position + 1 if stepped else index
                img.seek(position)
                w, h = img.size
                if w * h > max_pixels or max(w, h) > MAX_SIDE_PX:
                    over = f"{w * h} pixels, over the {max_pixels}-pixel cap (decompression bomb guard)" \
                        if w * h > max_pixels else f"{w * h} pixels, a side past {MAX_SIDE_PX}"
                    why = f"frame {position + 1} is {w}x{h} = {over}; it and the frames after it were not read"
                    return out, sizes, why, True
                scans = _mpo_scans(img, data, position) if img.format == "MPO" else 0
                if scans * w * h > MAX_JPEG_SCAN_PIXELS:
                    why = (f"frame {position + 1} is {w}x{h} pixels in {scans} scans, over {MAX_JPEG_SCAN_PIXELS} "
                           "scanned pixels; it and the frames after it were not read")
                    return out, sizes, why, True
                walked += w * h
                if position == indices[0]:  # (the second frame decoded is reached whatever the budget)
                    allowance = max(budget, walked)
                if walked > allowance:  # (noted, as frames past the budget are: unread only past half of them)
                    why = (f"{what} larger than the first ({width}x{height}; {what[:-1]} {position + 1} is {w}x{h}) "
                           f"used up the {budget}-pixel decoding budget: {what[:-1]} {position + 1} and those after "
                           "it were not reached")
                    return out, sizes, why, _mostly_unreached(position, total) or not stepped
                if stepped_glance and position < index:
                    look = _glance(img)
                    before, last_look = last_look, look
                    slide = _cut(look, before) or _shown_ms(img) >= HELD_MS
                    if (not slide and unlike) or (slide and unseen_slide) or not _new_scene(look, scenes):
                        continue  # (past its cap, motion is noted, a slide unjudged already: not compared again)
                    if slide:
                        if slide_pixels >= SLIDE_RUN_PIXELS or slides == MAX_SLIDES:
                            unseen_slide = (
                                f"frame {position + 1}, a new picture (a cut, or shown {HELD_MS} ms or more), and any "
                                f"like it after it were not analysed: past the {SLIDE_RUN_PIXELS}-pixel detection "
                                f"budget of the slides analysed, or their {MAX_SLIDES}")
                            continue
                        slide_pixels, slides = slide_pixels + _run_pixels(img, target), slides + 1
                    elif extra == MAX_SCENE_FRAMES:
                        # noted, as the sample is: an animation in motion (a banner's sliding text, a clip) has a
                        # new scene every few frames, and fail-closed would block them all. Such a frame is no new
                        # picture (no cut, not held): it changes less than a quarter of the frame before it, one
                        # step of a scene whose frames on the way were glanced at, and analysed where they cut
                        unlike = unlike or (f"frame {position + 1} and others between the sampled frames show what no "
                                            f"frame analysed shows, past the {MAX_SCENE_FRAMES} such frames of motion "
                                            "analysed")
                        continue
                    else:
                        extra += 1
                    scenes.append(look)
                    _capture(img, target, orientation, out, sizes, hidden, managed)
            if stepped_glance:
                last_look = _glance(img)
                scenes.append(last_look)
            _capture(img, target, orientation, out, sizes, hidden, managed)
        except Exception as exc:  # noqa: BLE001 - hostile or broken later frames in many guises
            log.debug("scrapeguard: frame %d unreadable: %s", position, exc)
            return (out, sizes, f"frame {position + 1} could not be decoded ({type(exc).__name__}); the frames after it "
                    "were not read", True)
    said = "; ".join(note for note in (unseen_slide, unlike, limit_note) if note) or None
    # (a document's page not analysed, however many were, may be the one with the ID photo: an incomplete judgement,
    # which on_error decides; read from the first, a portrait on page 40 of 50 passed as "pages after 33 were not
    # analysed", review of the change; so is a slide not analysed, a new picture as such a page is)
    return out, sizes, said, (_mostly_unreached(reachable, total) or bool(unseen_slide)) if stepped else count < total


def _run_pixels(img: Image.Image, target: int | None) -> int:
    """The pixels of the working copy a detector run on the current frame reads (shrunk to `target` on its long
    side, at least `MIN_RUN_PIXELS`): what a slide analysed costs."""
    width, height = img.size
    shrink = min(1.0, target / max(width, height, 1)) if target else 1.0
    return max(MIN_RUN_PIXELS, round(width * shrink) * round(height * shrink))


def _shown_ms(img: Image.Image) -> float:
    """How long the current frame is shown, in ms (0 when its file does not say)."""
    try:
        return float(img.info.get("duration") or 0)
    except (TypeError, ValueError):
        return 0.0


def _mostly_unreached(reached: int, total: int) -> bool:
    """Whether the frames the decoding budget did not reach are most of an animation's: past half, its sample
    is no judgement of it (an incomplete one, which on_error decides), where short of half it is the design,
    noted. Why: a face shown in the last 50 of 300 frames of 341x400, 117 of them reached, passed as "9 of 300
    frames analysed", allowed (image review); an ordinary 150-frame reaction GIF reaches 123."""
    return reached * 2 < total


def _capture(img: Image.Image, target: int | None, orientation: int, out: list[Image.Image],
             sizes: list[tuple[int, int]], hidden: list[tuple[Image.Image, tuple[int, int]]] | None,
             managed: list[tuple[Image.Image, tuple[int, int]]] | None = None) -> None:
    """Adds the current frame to `out` (RGB, upright, shrunk to `target`), its upright size in
    original pixels to `sizes`, what its transparency hides from a white page to `hidden`
    (when asked: `hidden_pictures`), and the frame as a colour-managed page shows it to
    `managed` (when asked and its profile changes it: `colour_managed`; an APNG's one profile
    is every frame's)."""
    img.load()
    w, h = img.size
    frame = to_rgb(img)
    if target:  # (shrunk first: a full-size copy only to be shrunk cost ~50 MB a 4k frame)
        frame = working_copy(frame, max_side=target, min_side=1)[0]
    if frame is img:  # (the next seek would change it under us)
        frame = img.copy()
    views = hidden_pictures(img, max_side=target) if hidden is not None else []
    shown = colour_managed(img, max_side=target) if managed is not None else None
    if orientation in ORIENTATION_TRANSPOSE:
        frame = frame.transpose(ORIENTATION_TRANSPOSE[orientation])
        views = [view.transpose(ORIENTATION_TRANSPOSE[orientation]) for view in views]
        shown = shown.transpose(ORIENTATION_TRANSPOSE[orientation]) if shown is not None else None
    out.append(frame)
    sizes.append((h, w) if orientation in (5, 6, 7, 8) else (w, h))
    if hidden is not None:
        hidden += [(view, sizes[-1]) for view in views]
    if managed is not None and shown is not None:
        managed.append((shown, sizes[-1]))


def hidden_pictures(img: Image.Image, *, max_side: int | None = None) -> list[Image.Image]:
    """What a picture's transparency hides from a white page, as RGB: the colour under its
    transparent pixels (`hidden_colour`) and the picture on a dark page (`shown_on_dark`), each
    when it holds a picture."""
    return [view for view in (hidden_colour(img, max_side=max_side), shown_on_dark(img, max_side=max_side))
            if view is not None]


def _glance(img: Image.Image) -> Image.Image:
    """The current frame as 32x32 grey cells: enough to tell a new scene, or a face come into
    it, from the same one moving a little. (Not `phash.dhash_image`: a gradient hash has none
    for a flat frame, and costs a Lanczos resize.)"""
    img.load()
    return img.convert("L").resize((GLANCE_SIDE, GLANCE_SIDE), Image.Resampling.BOX)


def _new_scene(look: Image.Image, scenes: list[Image.Image]) -> bool:
    """Whether a frame's glance is unlike the last `SCENES_COMPARED` glances kept (the latest, most often the
    match, first): cells differing by more than SCENE_CELL_CHANGE over SCENE_CELLS_CHANGED of them or more, once
    the two are as bright overall (a fade or a flash lights every cell alike: no new scene)."""
    return all(_cells_changed(look, seen) >= SCENE_CELLS_CHANGED for seen in reversed(scenes[-SCENES_COMPARED:]))


def _cut(look: Image.Image, before: Image.Image | None) -> bool:
    """Whether a frame's glance changes `SCENE_CUT_CELLS` or more of its cells from the frame before it: a
    slideshow's next picture, where motion changes a few (a pan of 2-5 px a frame of 400: 13-73 cells of
    1,024; a zoom, up to 99; twelve photos one after another, 471-1,020)."""
    return before is not None and _cells_changed(look, before) >= SCENE_CUT_CELLS


def _cells_changed(look: Image.Image, seen: Image.Image) -> int:
    """How many cells of two glances differ by more than SCENE_CELL_CHANGE, once they are as bright overall."""
    shift = round(ImageStat.Stat(look).mean[0] - ImageStat.Stat(seen).mean[0])
    base = ImageChops.add(seen, _NO_LIGHT, 1.0, shift) if shift else seen  # (clipped at 0 and 255)
    return int(ImageChops.difference(look, base).point(_CELL_CHANGED).histogram()[255])


_NO_LIGHT = Image.new("L", (GLANCE_SIDE, GLANCE_SIDE), 0)


def _mpo_scans(img: Image.Image, data: bytes, position: int) -> int:
    """The scans of the MPO picture at `position` (0: where it starts is not known)."""
    offsets = mpo_offsets(img)
    at = offsets[position] if position < len(offsets) else 0
    return walk_jpeg(data[at:]).scans if 0 < at < len(data) else 0


# An icon's pictures analysed, at most: a Windows icon holds ten sizes at up to three colour depths (4, 8 and 32
# bits), each a detector run on a small picture
MAX_ICON_PICTURES = 48


def _icon_pictures(img: Image.Image, limit: int, target: int | None, min_px: int = 0,
                   hidden: list[tuple[Image.Image, tuple[int, int]]] | None = None,
                   ) -> tuple[list[Image.Image], list[tuple[int, int]], int, str | None, bool]:
    """An icon's pictures besides the one Pillow reads as the image, largest first (by what its directory
    says), up to `limit` and within `FRAME_PIXEL_BUDGET` (as RGB, shrunk to `target`), their own sizes, how many
    pictures it holds, and what was not read (the pictures not reached; and whether that was one
    that could not be decoded), as `_sample_frames` gives an animation's frames. Those narrower than
    `min_px` on their short side (as the picture itself is, not its directory entry) are left out (said so,
    not unread): a face in one, no wider than it, is not counted, and each one is a detector run. `hidden`:
    as `_sample_frames`'s.

    Why: an icon holds a picture per size, and a browser shows the one that fits where it is drawn:
    only the largest was analysed, so a portrait as the 128-px picture behind a blank 256-px one
    passed unseen; and one of each size, its lowest colour depth, where browsers show the deepest: a
    32-bit portrait beside an 8-bit blank of its size passed so too (review)."""
    icon = getattr(img, "ico", None)
    # (Pillow reads its first entry, sorted largest first and a size's lowest depth first, as the image: the
    # directory's size, not the picture's, picks it; `img.size` is the picture's once loaded)
    entries = sorted(((i, (e.width, e.height)) for i, e in enumerate(icon.entry) if i), key=lambda entry:
                     -entry[1][0] * entry[1][1]) if icon else []
    out: list[Image.Image] = []
    sizes: list[tuple[int, int]] = []
    narrow: list[str] = []
    walked = img.width * img.height
    unread = False
    for place, (index, listed) in enumerate(entries):
        if len(out) == limit:
            unread = True
            break
        try:
            picture = icon.frame(index)  # type: ignore[union-attr]
            if min(picture.size) < min_px:
                narrow.append(f"{picture.width}x{picture.height}")
                continue
            picture.load()
        except Exception as exc:  # noqa: BLE001 - a broken entry in many guises
            log.debug("scrapeguard: icon picture %s unreadable: %s", listed, exc)
            return (out, sizes, 1 + len(entries), f"its {listed[0]}x{listed[1]} picture could not be decoded "
                    f"({type(exc).__name__}); those after it were not read", True)
        walked += picture.width * picture.height
        out.append(working_copy(to_rgb(picture), max_side=target, min_side=1)[0] if target else to_rgb(picture))
        sizes.append(picture.size)
        if hidden is not None:
            hidden += [(view, picture.size) for view in hidden_pictures(picture, max_side=target)]
        if walked > FRAME_PIXEL_BUDGET and place + 1 < len(entries):
            return (out, sizes, 1 + len(entries), f"pictures after {1 + len(out)} were not reached within the "
                    f"{FRAME_PIXEL_BUDGET}-pixel decoding budget", True)
    said = [f"pictures after the {limit + 1} largest were not read"] if unread else []
    if narrow:
        distinct = list(dict.fromkeys(narrow))  # (a size at three depths named once)
        named = distinct[0] if len(distinct) == 1 else ", ".join(distinct[:-1]) + " and " + distinct[-1]
        said.append(f"its {named} picture{'s' if len(narrow) > 1 else ''}, narrower than {min_px} px, "
                    "cannot show a face that wide")
    return out, sizes, 1 + len(entries), "; ".join(said) or None, unread


def _well_inside(area: Image.Image, factor: float) -> Image.Image:
    """The mask (255) of the pixels of `area` (a mask of a copy `factor` times smaller than the
    picture) that lie at least `HIDDEN_MARGIN` original pixels inside it (and one copy pixel
    more when it is reduced: a copy's pixel stands for a block of the picture).

    An erosion: a box blur of the transparent mask is 255 only where its whole (2r+1)-square
    window is, exactly so while that window is under 510 pixels wide (each 0 takes at least 255/n
    off a mean of n values). A MinFilter does the same at 20-90x the cost."""
    radius = math.ceil(HIDDEN_MARGIN / factor) + (1 if factor > 1 else 0)
    return area.filter(ImageFilter.BoxBlur(radius)).point(lambda v: 255 if v == 255 else 0)


def hidden_colour(img: Image.Image, *, max_side: int | None = None) -> Image.Image | None:
    """The colour under a picture's transparent pixels, as RGB (what Pillow's `convert("RGB")`
    shows, and so a pipeline that drops the transparency keeps), when it is more than a flat
    fill, shrunk to `max_side` on its long side if given; None for a picture without
    transparency or with nothing under it.

    Why: faces were looked for in the picture as a page shows it, on white, so a portrait made
    transparent (alpha 0 over every pixel), or a cut-out that kept the whole photo under its
    transparent background, passed with the faces any `convert("RGB")` shows again. Only the
    colour well inside the transparent area is judged (`HIDDEN_MARGIN`): the soft edge of any
    logo or lossy cut-out varies without hiding anything.

    Cost: judged on a nearest copy of at most `HIDDEN_CHECK_SIDE` (an opaque alpha ends there,
    by its extrema), the full picture touched only for one that does hide a picture, and then
    band by band into the `max_side` copy (a converted full-size copy of a 42-Mpx cut-out cost
    0.6-1 s and 170 MB on every decoding). A transparent area too narrow for the nearest copy
    to sample is too narrow for a face the detector could find at the working size anyway."""
    if not _transparent(img):
        return None
    factor = max(1.0, max(img.size) / HIDDEN_CHECK_SIDE)
    check = img if factor == 1.0 else img.resize(
        (max(1, round(img.width / factor)), max(1, round(img.height / factor))), Image.Resampling.NEAREST)
    check = _rgba(check)  # (a palette's transparency, a colour key, a premultiplied mode: as Pillow shows them)
    alpha = check.getchannel("A")
    if alpha.getextrema()[0] >= HIDDEN_ALPHA:  # type: ignore[index, operator]
        return None  # (opaque: the common RGBA screenshot or export)
    under = _well_inside(alpha.point(lambda a: 255 if a < HIDDEN_ALPHA else 0), factor)
    if not under.getbbox():
        return None  # (nothing transparent, or only a soft edge)
    if max(ImageStat.Stat(check.convert("RGB"), mask=under).stddev) <= HIDDEN_SPREAD:
        return None
    source = img if img.mode in ("RGBA", "LA") else _rgba(img)
    size = working_size(source.width, source.height, max_side=max_side, min_side=1) if max_side else source.size
    if size == source.size:
        return source.convert("RGB")
    # each colour band shrunk on its own: resizing RGBA or LA weighs the colour by its alpha,
    # which is what hides it (alpha 0: black)
    bands = [source.getchannel(band).resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
             for band in source.getbands()[:-1]]
    return Image.merge("RGB", bands if len(bands) == 3 else bands * 3)


def shown_on_dark(img: Image.Image, *, max_side: int | None = None) -> Image.Image | None:
    """The picture as a page with a dark background shows it (over black), shrunk to `max_side`
    on its long side if given, when its opacity draws a picture of its own: partly opaque
    (between HIDDEN_ALPHA and 255 - HIDDEN_ALPHA) well inside an area (`HIDDEN_MARGIN`), and
    varying there over black (`HIDDEN_SPREAD`); None otherwise.

    Why: faces are looked for in the picture on white (`to_rgb`), as most pages show it, and a
    portrait drawn in the opacity alone (white pixels, as opaque as the face is light) was a
    blank white picture there, whole on a dark page (a dark theme, a dark banner). The soft edge
    of a logo or a cut-out is too narrow to count, and a flat veil of one colour shows nothing.

    Cost: judged on a box-reduced copy of the opacity of at most `HIDDEN_CHECK_SIDE` (a dithered
    opacity averages to partial there), the picture composed over black only when it counts."""
    if not _transparent(img):
        return None
    source = img if img.mode in ("RGBA", "LA") else _rgba(img)
    factor = max(1.0, max(source.size) / HIDDEN_CHECK_SIDE)
    small = source if factor == 1.0 else source.resize(
        (max(1, round(source.width / factor)), max(1, round(source.height / factor))), Image.Resampling.BOX)
    alpha = small.getchannel("A")
    low, high = alpha.getextrema()  # (of one band: two numbers)
    if high < HIDDEN_ALPHA or low > 255 - HIDDEN_ALPHA:  # type: ignore[operator]
        return None  # (opaque, or wholly transparent: what is under it is `hidden_colour`'s)
    partial = _well_inside(alpha.point(lambda a: 255 if HIDDEN_ALPHA <= a <= 255 - HIDDEN_ALPHA else 0), factor)
    if not partial.getbbox():
        return None
    if max(ImageStat.Stat(_over_black(small), mask=partial).stddev) <= HIDDEN_SPREAD:
        return None
    size = working_size(source.width, source.height, max_side=max_side, min_side=1) if max_side else source.size
    return _over_black(source if size == source.size else source.resize(size, Image.Resampling.BILINEAR,
                                                                         reducing_gap=2.0))


def _transparent(img: Image.Image) -> bool:
    """Whether a picture has transparency: an alpha channel, a palette's transparent entries or a colour key."""
    return img.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (img.mode == "P" and "transparency" in img.info) or \
        colour_keyed(img)


def _rgba(img: Image.Image) -> Image.Image:
    """A picture with transparency (`_transparent`) as RGBA, as Pillow shows it (a colour key: `_keyed_rgba`)."""
    return _keyed_rgba(img) if colour_keyed(img) else img.convert("RGBA")


def _over_black(img: Image.Image) -> Image.Image:
    """An RGBA or LA picture composed over black, as RGB."""
    rgba = img.convert("RGBA")
    dark = Image.new("RGB", rgba.size, (0, 0, 0))
    dark.paste(rgba, mask=rgba.getchannel("A"))
    return dark


def colour_managed(img: Image.Image, *, max_side: int | None = None) -> Image.Image | None:
    """The picture as a colour-managed page shows it, its embedded ICC profile applied (to sRGB),
    as RGB no larger than `max_side` on its long side, when that is not what `to_rgb` shows
    (`ICC_CHANGE`, `ICC_CONTRAST_GAIN`); None otherwise, or when the profile cannot be read or
    applied, or is for a colour space the picture is not in (a CMYK profile on RGB pixels).

    Why: faces are looked for in the pixels as stored, and a browser shows them through the
    profile: a grey portrait stored in levels 0-3 under a profile whose tone curve stretches
    them over the whole range is a black picture to the detector, the portrait on a page
    (review). Only the working copy is transformed, and the transform of a profile is kept. A PNG
    without a profile (nor an sRGB chunk) is shown through its gAMA chunk's gamma (`_gamma_shown`)."""
    profile = img.info.get("icc_profile")
    if not isinstance(profile, bytes) or not profile:
        return _gamma_shown(img, max_side=max_side)
    # the pixels in the colour space the profile is for (its header's data colour space): a grey
    # profile on a grey picture with transparency (LA) made no RGB transform, and was not applied
    mode = {b"GRAY": "L", b"RGB ": "RGB", b"CMYK": "CMYK"}.get(profile[16:20])
    if mode is None or (mode == "CMYK" and img.mode != "CMYK"):
        return None
    transform = _to_srgb(profile, mode)  # (None too for an sRGB-like profile: most photos', at no cost here)
    if transform is None:
        return None
    source = img if img.mode == mode else to_rgb(img).convert(mode)
    size = working_size(source.width, source.height, max_side=max_side, min_side=1) if max_side else source.size
    small = source if size == source.size else source.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
    try:
        managed = ImageCms.applyTransform(small, transform)
    except Exception as exc:  # noqa: BLE001 - a profile littlecms reads but cannot apply to these pixels
        log.debug("scrapeguard: ICC profile not applied: %s", exc)
        return None
    if managed is None:
        return None
    return _if_it_changes(managed, to_rgb(small))


def _if_it_changes(managed: Image.Image, stored: Image.Image) -> Image.Image | None:
    """`managed` (the working copy as a colour-managed page shows it) when it is not what `stored` (the
    same copy as `to_rgb` shows it) is: its grey levels moved by more than `ICC_CHANGE` on average, or
    spread `ICC_CONTRAST_GAIN` times wider; else None (no second detector run for it)."""
    shown, plain = managed.convert("L"), stored.convert("L")
    change = ImageStat.Stat(ImageChops.difference(shown, plain)).mean[0]
    # (or its contrast: a portrait in a few dark levels on black, stretched, changes the frame's mean little)
    gain = ImageStat.Stat(shown).stddev[0] > ICC_CONTRAST_GAIN * ImageStat.Stat(plain).stddev[0] + 4
    return managed if change > ICC_CHANGE or gain else None


# The display gamma a PNG's gAMA chunk is undone against (PNG specification, 13.13: a PC's, sRGB's ~2.2)
DISPLAY_GAMMA = 2.2


def _gamma_shown(img: Image.Image, *, max_side: int | None = None) -> Image.Image | None:
    """A PNG without an ICC profile or an sRGB chunk as a viewer that applies its gAMA chunk shows it
    (each sample s as 255·(s/255)^(1/(γ·2.2)), γ the file's gamma), as RGB no larger than `max_side`,
    when that is not what `to_rgb` shows (`_if_it_changes`); None otherwise, for a gamma that moves no
    level by more than `ICC_CHANGE` (1/2.2, which most PNGs that have one say, and those near it: no
    copy made), or for none.

    Why: Firefox applies a PNG's gAMA, Chromium its gAMA with a cHRM as the picture's colour space: a
    grey portrait stored in levels 0-3 under a file gamma of 8 shows in full contrast there, and was a
    black picture to the detector, allowed (review), where the same levels under an ICC profile with
    that tone curve were found."""
    gamma = img.info.get("gamma") if img.format == "PNG" and "srgb" not in img.info else None
    if not isinstance(gamma, (int, float)) or not 0 < gamma < 1e5:  # (a gAMA of 0 is none: the spec's)
        return None
    exponent = 1.0 / (gamma * DISPLAY_GAMMA)
    table = [min(255, round(255 * (level / 255) ** exponent)) for level in range(256)]
    if max(abs(shown - level) for level, shown in enumerate(table)) <= ICC_CHANGE:
        return None
    stored = to_rgb(img)
    size = working_size(stored.width, stored.height, max_side=max_side, min_side=1) if max_side else stored.size
    small = stored if size == stored.size else stored.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
    return _if_it_changes(small.point(table * 3), small)


def _to_srgb(profile: bytes, mode: str) -> ImageCms.ImageCmsTransform | None:
    """The transform from an embedded profile to sRGB for pixels of `mode`; None for a profile
    littlecms cannot read, that does not fit `mode`, or that moves no grey or colour level by more
    than 2 of 255 (`_changes_nothing`: an sRGB profile, which most web photos carry, cost each a
    transformed copy and its statistics, 14 ms of a 25 ms decoding). The last `MAX_TRANSFORMS` are
    kept, by their profile's digest (a site's pictures share a few profiles; kept by their bytes, 32
    profiles of 16 MB held half a gigabyte for the process's life)."""
    key = (hashlib.sha256(profile).digest(), mode)
    with _TRANSFORMS_LOCK:  # (the guard's checks run in worker threads)
        if key in _TRANSFORMS:
            _TRANSFORMS.move_to_end(key)
            return _TRANSFORMS[key]
    try:
        built = ImageCms.buildTransform(ImageCms.ImageCmsProfile(io.BytesIO(profile)), _SRGB, mode, "RGB")
        transform: ImageCms.ImageCmsTransform | None = None if _changes_nothing(built, mode) else built
    except Exception as exc:  # noqa: BLE001 - hostile or broken profiles in many guises
        log.debug("scrapeguard: unusable ICC profile: %s", exc)
        transform = None
    with _TRANSFORMS_LOCK:
        _TRANSFORMS[key] = transform
        if len(_TRANSFORMS) > MAX_TRANSFORMS:
            _TRANSFORMS.popitem(last=False)
    return transform


def _changes_nothing(transform: ImageCms.ImageCmsTransform, mode: str) -> bool:
    """Whether a transform leaves every level of `mode` as `to_rgb` shows it, within 2 of 255: all
    256 greys, or a 16-step cube of colours (CMYK: never, Pillow's own conversion is naive)."""
    if mode == "L":
        probe = Image.frombytes("L", (256, 1), bytes(range(256)))
    elif mode == "RGB":
        steps = range(0, 256, 17)
        probe = Image.frombytes("RGB", (16, 256), bytes(v for r in steps for g in steps for b in steps for v in (r, g, b)))
    else:
        return False
    shown = ImageCms.applyTransform(probe, transform)
    if shown is None:
        return False
    extrema = ImageChops.difference(shown.convert("RGB"), to_rgb(probe)).getextrema()
    return max(high for _low, high in extrema) <= 2  # type: ignore[misc]


MAX_TRANSFORMS = 32
_TRANSFORMS: collections.OrderedDict[tuple[bytes, str], ImageCms.ImageCmsTransform | None] = collections.OrderedDict()
_TRANSFORMS_LOCK = threading.Lock()


_SRGB = ImageCms.createProfile("sRGB")


def _decode_open(img: Image.Image, data: bytes, *, target: int | None, frames: int = 0,
                 max_pixels: int = MAX_PIXELS, look_under: bool = False, counted: int = 0, min_px: int = 0,
                 budget: list[int] | None = None) -> Decoded:
    """`decode` of the opened `img` (of `data`); `counted`: its frames as `count_frames` counts
    them, when `_open`'s walk did (0: counted here, if it is animated); `budget`: as `decode`'s."""
    fmt = img.format or ""
    width, height = img.size
    try:
        # `is_animated` looks one frame ahead; `n_frames` would walk a hostile file to its end.
        animated = bool(getattr(img, "is_animated", False))
    except Exception as exc:  # noqa: BLE001 - a broken second frame: read the first one
        log.debug("scrapeguard: unreadable frame list: %s", exc)
        animated = True
    try:
        if animated:
            img.seek(0)
        if fmt == "JPEG" and target and img.mode in ("RGB", "L", "CMYK", "YCbCr"):
            img.draft(img.mode if img.mode != "YCbCr" else "RGB", (target, target))
        _take_from(budget, img)
        img.load()
    except OverBudget:
        raise
    except Image.DecompressionBombError as exc:
        raise DecodeError(f"decompression bomb refused: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - truncated/corrupt data in many guises
        raise DecodeError(f"corrupt or truncated {fmt} image ({type(exc).__name__}: {str(exc)[:160]})") from None
    # after the pixels: a PNG's getexif() loads them to find an eXIf chunk past the image data,
    # and a failure there (swallowed as unreadable EXIF) left a half-decoded picture judged whole
    exif, iptc, text = read_metadata(img)
    try:
        orientation = exif_orientation(img, exif) if exif else 1
    except Exception as exc:  # noqa: BLE001 - a broken EXIF block must not stop decoding: the pixels as stored
        log.debug("scrapeguard: unreadable EXIF orientation: %s", exc)
        orientation = 1
    try:  # (after the orientation: Pillow turned a one-page TIFF already, and took the tag off)
        exif = file_exif(img, data, exif) if exif else exif
    except Exception as exc:  # noqa: BLE001
        log.debug("scrapeguard: TIFF directories not read again: %s", exc)
    try:
        rgb = to_rgb(img)
        if rgb is img:
            rgb = img.copy()  # the caller closes the file-backed original
        hidden = hidden_colour(img, max_side=target) if look_under else None
        dark = shown_on_dark(img, max_side=target) if look_under else None
        managed = colour_managed(img, max_side=target) if look_under else None
        if orientation in ORIENTATION_TRANSPOSE:
            rgb = rgb.transpose(ORIENTATION_TRANSPOSE[orientation])
            hidden = hidden.transpose(ORIENTATION_TRANSPOSE[orientation]) if hidden is not None else None
            dark = dark.transpose(ORIENTATION_TRANSPOSE[orientation]) if dark is not None else None
            managed = managed.transpose(ORIENTATION_TRANSPOSE[orientation]) if managed is not None else None
    except Exception as exc:  # noqa: BLE001
        raise DecodeError(f"cannot convert {fmt} image in mode {img.mode} ({type(exc).__name__}: {exc})") from None
    try:
        further = further_exif(img, data) if fmt in ("JPEG", "MPO", "PNG", "WEBP") or (animated and fmt == "TIFF") \
            else []
    except Exception as exc:  # noqa: BLE001 - a broken directory must not stop decoding
        log.debug("scrapeguard: EXIF of further pictures not read: %s", exc)
        further = []
    sampled: list[Image.Image] = []
    sizes: list[tuple[int, int]] = []
    hidden_frames: list[tuple[Image.Image, tuple[int, int]]] = []
    managed_frames: list[tuple[Image.Image, tuple[int, int]]] = []
    n_frames, frames_limit, frames_unread = 1, None, False
    if animated:
        try:
            n_frames = counted or count_frames(img, data)
        except Exception as exc:  # noqa: BLE001
            log.debug("scrapeguard: frames not counted: %s", exc)
            n_frames = 0
        if n_frames == 0:
            frames_limit, frames_unread = "the frames could not be counted: only the first frame was read", True
        elif frames > 0 and n_frames > 1:
            sampled, sizes, frames_limit, frames_unread = _sample_frames(
                img, n_frames, frames, orientation, target, max_pixels, data, hidden_frames if look_under else None,
                managed_frames if look_under else None)
    elif fmt == "ICO" and frames > 0:  # (each of its pictures, up to MAX_ICON_PICTURES, whatever `frames` says)
        sampled, sizes, n_frames, frames_limit, frames_unread = _icon_pictures(
            img, MAX_ICON_PICTURES - 1, target, min_px, hidden_frames if look_under else None)
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    scale = width / rgb.width if rgb.width else 1.0
    return Decoded(image=rgb, width=width, height=height, format=fmt, animated=animated, scale=scale, exif=exif,
                   iptc=iptc, text=text, frames=sampled, frame_sizes=sizes, hidden=hidden, dark=dark, managed=managed,
                   managed_frames=managed_frames, hidden_frames=hidden_frames, n_frames=n_frames,
                   frames_limit=frames_limit, frames_unread=frames_unread, orientation=orientation,
                   further_exif=further)


def _take_from(budget: list[int] | None, img: Image.Image) -> None:
    """Takes the pixels of `img` (at its decoding scale) from `budget`, or raises `OverBudget` when they are more."""
    if budget is None:
        return
    pixels = img.width * img.height
    if pixels > budget[0]:
        raise OverBudget(f"{img.format} picture of {img.width}x{img.height} pixels, past the {budget[0]} pixels left "
                         "of the decoding budget")
    budget[0] -= pixels


def working_size(width: int, height: int, *, max_side: int = 640, min_side: int = 128,
                 max_upscaled: int = 1280) -> tuple[int, int]:
    """The size of `working_copy`'s picture for a `width` x `height` one (see there)."""
    long_side, short_side = max(width, height), min(width, height)
    if long_side > max_side:
        factor = long_side / max_side
    elif short_side < min_side:
        factor = max(short_side / min_side, long_side / max_upscaled)
    else:
        return width, height
    return max(1, round(width / factor)), max(1, round(height / factor))


def working_copy(img: Image.Image, *, max_side: int = 640, min_side: int = 128, max_upscaled: int = 1280
                 ) -> tuple[Image.Image, float]:
    """The picture a detector sees: downscaled so the long side is at most `max_side`, or
    upscaled so a small avatar's short side reaches `min_side` (detectors miss faces in
    thumbnails otherwise). Returns the copy and `factor` = source pixels per copy pixel."""
    w, h = img.size
    size = working_size(w, h, max_side=max_side, min_side=min_side, max_upscaled=max_upscaled)
    if size == (w, h):
        return img, 1.0
    if max(size) < max(w, h):  # down
        out = img.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
    else:
        out = img.resize(size, Image.Resampling.BICUBIC)
    return out, w / size[0]
