"""A perceptual hash (dHash) for finding copies of an image a data subject supplies.

It compares brightness gradients of a 9x8 grey thumbnail, so re-encoded, resized or
slightly recompressed copies land within a few bits. It says nothing about who is in
the picture: it is not a face template and cannot find other photos of a person.

One path: `dhash(bytes)` (what `audit subject/erase --image FILE` and the store compute)
decodes with the guard's own safe decoder and hashes through `dhash_image`, the function
the guard applies to the copy it decoded for face detection. Both see the same RGB picture
(`detect.decode.to_rgb`: transparency on white, 16-bit greyscale stretched, EXIF
orientation applied), so an erasure request given the photo finds the copies the guard met.
"""

from __future__ import annotations

import logging

from PIL import Image

log = logging.getLogger("scrapeguard")

# The size the guard decodes at for face detection (images.MAX_SIDE): a large JPEG is decoded
# at a reduced DCT scale there, and the same scale here keeps the two hashes bit for bit equal.
DECODE_TARGET = 640
# A subject's original may be larger than any copy the guard met (which refuses over 50 Mpx):
# it is still hashed up to this size (a large JPEG is decoded at a reduced scale anyway).
MAX_PIXELS = 64_000_000
# A thumbnail whose grey levels span no more than this is flat: its hash (all zero bits) would
# match every blank placeholder and spacer, so a flat picture gets no hash at all.
FLAT_SPAN = 2
# Two hashes this few bits apart are one picture (re-encoded, resized): the erasure match, and
# how the guard tells an EXIF thumbnail of its own picture from another one.
PHASH_MAX_DISTANCE = 6


def _decoded(data: bytes) -> Image.Image | str:
    """The picture as the guard decodes it, or why it cannot be."""
    from scrapeguard.detect.decode import (  # (detect imports this module)
        DecodeError,
        NotRaster,
        decode,
    )

    try:
        # (not the colour under a transparency, `hidden`: the hash is of the picture as shown)
        return decode(data, max_pixels=MAX_PIXELS, target=DECODE_TARGET, hidden=False).image
    except (DecodeError, NotRaster) as exc:
        return str(exc)


def dhash(data: bytes) -> str | None:
    """64-bit difference hash as 16 hex digits; None for bytes that are not a raster image
    the guard could decode, or a picture with no structure (a flat colour)."""
    decoded = _decoded(data)
    if isinstance(decoded, str):
        log.debug("scrapeguard: no perceptual hash: %s", decoded)
        return None
    return dhash_image(decoded)


def unhashed_because(data: bytes) -> str:
    """Why `dhash` gives these bytes no hash, told to whoever gave them: a flat picture is a
    picture (another format would not help), undecodable bytes are not one the guard reads."""
    decoded = _decoded(data)
    if isinstance(decoded, str):
        return f"no picture scrapeguard can decode ({decoded[:200]}); give the image as JPEG, PNG, GIF or WebP"
    return "a picture of one flat colour, with no structure to hash perceptually (its hash would match every blank placeholder)"


def dhash_image(img: Image.Image) -> str | None:
    """The same hash of an image already decoded (upright, as EXIF orientation shows it): the
    guard computes it from the copy it decoded for face detection, without decoding again.
    None for a flat picture (see FLAT_SPAN)."""
    from scrapeguard.detect.decode import to_rgb

    # made RGB as the decoder makes it (an RGB image is used as it is), shrunk first, in steps
    # (reducing_gap), then made grey: 1.7 ms for a 1600x1067 photo instead of 7.4 ms
    grey = to_rgb(img).resize((9, 8), Image.Resampling.LANCZOS, reducing_gap=2.0).convert("L")
    pixels = grey.tobytes()  # mode L: one byte per pixel, row by row
    if max(pixels) - min(pixels) <= FLAT_SPAN:
        return None
    bits = 0
    for row in range(8):
        for col in range(8):
            left = pixels[row * 9 + col]
            right = pixels[row * 9 + col + 1]
            bits = (bits << 1) | (1 if left > right else 0)
    return f"{bits:016x}"


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def near(a: object, b: object) -> int | None:
    """How many bits two hashes (hex, as `dhash` writes them) differ by when they are one picture
    (at most PHASH_MAX_DISTANCE); None otherwise, or when either is unreadable (a column or journal
    line tampered into anything else matches nothing). What an erasure's search compares by."""
    try:
        distance = hamming(int(a, 16), int(b, 16))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    return distance if distance <= PHASH_MAX_DISTANCE else None
