"""What a picture's metadata says, read as the file holds it.

The orientation a browser shows it in (the EXIF tag, never XMP's), the EXIF, IPTC and (of a PNG)
text of an opened picture, with what Pillow leaves unread: a TIFF's own directories after it is
closed, the EXIF of an MPO's further pictures and of a TIFF's further pages, and the EXIF and IPTC
ImageMagick writes into a PNG's hex text chunks. `detect.decode` reads them with the picture;
`detect.exif` tells the personal data in them (GPS positions, serial numbers, owners).
"""

from __future__ import annotations

import io
import logging

from PIL import Image, IptcImagePlugin

from scrapeguard.detect.image_structure import (
    MAX_FRAME_WALK,
    TIFF_LAYOUTS,
    NotAllSearched,
    png_layout,
    riff_file_chunks,
    tiff_offsets,
)

log = logging.getLogger("scrapeguard")

# Where Pillow keeps an XMP packet it read (a JPEG's, a PNG's; a WebP's, a TIFF's, an AVIF's)
_XMP_INFO = ("XML:com.adobe.xmp", "xmp")
# Header segments of a JPEG looked through for its EXIF block, at most (it is the first or second)
MAX_EXIF_SEGMENTS = 64
# Bytes of EXIF read from an MPO's further pictures together, at most: Pillow reads a block's entries
# one by one in Python, ~40 ms for a hostile 64-kB one, and an MPO's index may list a thousand
# pictures; a real block is 10-30 kB, a real MPO holds two or three pictures
MAX_FURTHER_EXIF_BYTES = 1 << 20


def exif_orientation(img: Image.Image, exif: Image.Exif | None = None) -> int:
    """The orientation a browser shows `img` in: its EXIF tag's (2-8 turn or flip it), else 1.
    `exif`: `img.getexif()`, when the caller has it already. Raises what `getexif` raises.

    Why: Pillow's `getexif()` takes XMP's `tiff:Orientation` for the EXIF tag when the EXIF has
    none, and browsers never turn a picture by its XMP: a photo whose only orientation was an
    XMP 6 was judged turned, and its metadata-only redaction was handed on with an EXIF
    orientation the original never had, so every browser showed it on its side. So too a PNG's
    orientation read from ImageMagick's `Raw profile type exif` text chunk: browsers turn a PNG by
    its eXIf chunk alone, and the redacted copy of a picture shown upright got one saying 6."""
    if exif is None:
        exif = img.getexif()
    try:
        value = int(exif.get(0x0112, 1) or 1) if exif else 1
    except (TypeError, ValueError):
        return 1  # a nonsense orientation value: the pixels as stored
    if value != 1 and img.format == "PNG" and "exif" not in img.info:
        return 1  # (no eXIf chunk: Pillow's value is a text chunk's or XMP's, which no browser turns by)
    if value == 1 or not any(key in img.info for key in _XMP_INFO):
        return value
    raw = img.info.get("exif")
    if isinstance(raw, (bytes, bytearray)):  # (the EXIF block as the file holds it, without Pillow's XMP fill-in)
        own = Image.Exif()
        own.load(bytes(raw))
        return value if 0x0112 in own else 1
    tags = getattr(img, "tag_v2", None)  # a TIFF's own directory
    return value if tags is not None and 0x0112 in tags else 1


def file_exif(img: Image.Image, data: bytes, exif: Image.Exif) -> Image.Exif:
    """The EXIF block to read personal data from after `img` is closed: a TIFF's own directories
    loaded again from `data` (Pillow reads them from the image's file, closed with it, and
    reads them ahead only for a one-page TIFF: of a two-page scan the GPS position was
    'unreadable' and the camera's serial number never reported); `exif` for other formats."""
    if img.format != "TIFF" or data[:4] not in (b"II*\x00", b"MM\x00*"):
        return exif  # (a BigTIFF's header is not the 8 bytes `Exif.load` reads)
    own = Image.Exif()
    own.load(data)
    return own


def read_metadata(
    img: Image.Image,
) -> tuple[Image.Exif | None, dict[tuple[int, int], bytes | list[bytes]] | None, dict[str, str]]:
    """The EXIF, IPTC and (of a PNG) text of an opened picture, each None or empty when unreadable."""
    try:
        exif = img.getexif() or _png_app1_exif(img)
    except Exception as exc:  # noqa: BLE001 - a broken EXIF block must not stop decoding
        log.debug("scrapeguard: unreadable EXIF: %s", exc)
        exif = None
    try:  # (read with the header: a JPEG's APP13, a TIFF's IPTC tag; a PNG's ImageMagick text chunk)
        iptc = IptcImagePlugin.getiptcinfo(img) or _png_iptc(img)  # type: ignore[arg-type]
    except Exception as exc:  # noqa: BLE001 - a broken IIM block must not stop decoding either
        log.debug("scrapeguard: unreadable IPTC: %s", exc)
        iptc = None
    # (from `info`, where Pillow puts them: its `text` walks an APNG to its last frame first)
    text = {k: v for k, v in img.info.items() if isinstance(k, str) and isinstance(v, str)} \
        if img.format == "PNG" else {}
    return exif, iptc, text


def further_exif(img: Image.Image, data: bytes) -> list[tuple[int, Image.Exif]]:
    """The EXIF blocks of a JPEG's or MPO's pictures (from its index) but the first picture's first
    block (`Decoded.exif`), of each of a TIFF's pages after the first (its directory, read as an
    EXIF block's first), at most `MAX_FRAME_WALK` pictures or pages, by index, those that have one;
    and (index 0) of a PNG's eXIf or a WebP's EXIF chunks Pillow did not read (`_skipped_exif`);
    read from `data`, so they outlive `img`.

    Why: only the first picture's first EXIF block was read, so a GPS position or an owner's name in
    a stereo camera's second picture, on a scan's second page, or in a second EXIF segment a tool
    added without taking out the old passed unreported in the file handed on."""
    out: list[tuple[int, Image.Exif]] = []
    if img.format in ("PNG", "WEBP"):
        return [(0, exif) for exif in _skipped_exif(img, data)]
    if img.format in ("JPEG", "MPO"):
        budget = MAX_FURTHER_EXIF_BYTES
        pictures = mpo_offsets(img) if img.format == "MPO" else [0]
        for index, offset in enumerate(pictures[:MAX_FRAME_WALK + 1]):
            for block in _jpeg_exif_blocks(data, offset)[0 if index else 1:]:  # (the first's first: `exif`)
                budget -= len(block)
                if budget < 0:
                    log.debug("scrapeguard: EXIF blocks past %d bytes not read", MAX_FURTHER_EXIF_BYTES)
                    return out
                exif = Image.Exif()
                try:
                    exif.load(block)
                except Exception:  # noqa: BLE001 - a hostile block: the others are still read
                    log.debug("scrapeguard: an EXIF block of picture %d could not be read", index)
                    continue
                if exif:
                    out.append((index, exif))
        return out
    layout = TIFF_LAYOUTS.get(data[:4])
    if layout is None or layout[1] != "I":  # (a BigTIFF's directories are no EXIF block `Exif.load` reads)
        return out
    file = io.BytesIO(data)  # (one for all: each read seeks first; no copy of the bytes)
    for index, offset in enumerate(tiff_offsets(data, MAX_FRAME_WALK + 1)[1:], start=1):
        exif = Image.Exif()
        exif.endian = layout[0]
        exif.load_from_fp(file, offset)
        if exif:
            out.append((index, exif))
    return out


def _skipped_exif(img: Image.Image, data: bytes) -> list[Image.Exif]:
    """The EXIF blocks of a PNG's eXIf chunks (`png_layout`) or a WebP's EXIF chunks (`riff_chunks`)
    but the one Pillow read (`img.info["exif"]`), within `MAX_FURTHER_EXIF_BYTES`: what chunk-walking
    metadata readers (ExifTool, exiv2) read, and a redaction strips with the other metadata.

    Why: Pillow reads a WebP's EXIF chunk only when the extended header's EXIF flag says there is one
    (not with the flag cleared, nor in a simple VP8 file), and reads a PNG whose eXIf chunk before the
    image data has a wrong checksum from a copy without it (`decode.png_without_oversized_text`): the
    GPS position and owner's name in them passed unreported, and the file was handed on with them."""
    if (b"eXIf" if img.format == "PNG" else b"EXIF") not in data:
        return []  # (most pictures: their chunks not walked for it)
    own = img.info.get("exif")
    own = own.removeprefix(b"Exif\x00\x00") if isinstance(own, bytes) else b""
    if img.format == "PNG":
        try:
            blocks = [data[c.start:c.end] for c in png_layout(data).chunks if c.kind == b"eXIf"]
        except NotAllSearched:  # (`decode` refuses such a file before it gets here)
            return []
    else:
        chunks = riff_file_chunks(data) or []
        blocks = [data[start:end] for kind, start, end, _following in chunks if kind == b"EXIF"]
    out: list[Image.Exif] = []
    budget = MAX_FURTHER_EXIF_BYTES
    for block in blocks:
        if block.removeprefix(b"Exif\x00\x00") == own:
            own = b""  # (the one Pillow read, once: a copy of it after it is another block)
            continue
        budget -= len(block)
        if budget < 0:
            log.debug("scrapeguard: EXIF chunks past %d bytes not read", MAX_FURTHER_EXIF_BYTES)
            break
        exif = Image.Exif()
        try:
            exif.load(block)
        except Exception:  # noqa: BLE001 - a hostile block: the others are still read
            log.debug("scrapeguard: an EXIF chunk could not be read")
            continue
        if exif:
            out.append(exif)
    return out


def mpo_offsets(img: Image.Image) -> list[int]:
    """Where each picture an MPO's index lists starts: where Pillow seeks its frames (the index's
    offsets, counted from its MPF header, which `info` lost); none for another Pillow's layout."""
    try:
        return [int(offset) for offset in getattr(img, "_MpoImageFile__mpoffsets")]
    except Exception:  # noqa: BLE001 - another Pillow's layout: none known
        return []


def _jpeg_exif_blocks(data: bytes, at: int) -> list[bytes]:
    """The EXIF blocks (APP1 segments holding one; Pillow reads the first) of the JPEG picture at
    `at` in `data`, among its first `MAX_EXIF_SEGMENTS` header segments. Found in place: the bytes
    from each of an MPO's pictures on are not copied."""
    out: list[bytes] = []
    pos = at + 2 if data.startswith(b"\xff\xd8", at) else len(data)
    for _ in range(MAX_EXIF_SEGMENTS):
        if pos + 4 > len(data) or data[pos] != 0xFF or data[pos + 1] in (0xDA, 0xD9):
            break
        if data[pos + 1] == 0xFF:  # a fill byte
            pos += 1
            continue
        end = pos + 2 + int.from_bytes(data[pos + 2:pos + 4], "big")
        if data[pos + 1] == 0xE1 and data.startswith(b"Exif\x00\x00", pos + 4):
            out.append(data[pos + 4:end])
        pos = end
    return out


def _png_app1_exif(img: Image.Image) -> Image.Exif | None:
    """The EXIF block a PNG carries as ImageMagick 6 wrote it, a hex `Raw profile type APP1` text
    chunk holding the JPEG's APP1 segment, or None.

    Why: Pillow reads the `Raw profile type exif` chunk only, so the GPS position and owner
    name of a photo converted to PNG by ImageMagick 6 passed unreported (ExifTool reads both)."""
    from scrapeguard.signals.embedded import Embedded, raw_profile

    text = img.info.get("Raw profile type APP1") if img.format == "PNG" else None
    if not isinstance(text, str):
        return None
    raw = raw_profile(text.encode("latin-1", "replace"), Embedded())  # (its problems: the rights reader's to say)
    if raw is None or not raw.startswith(b"Exif\x00\x00"):
        return None  # (an XMP packet in APP1 form: the embedded-rights reader's)
    exif = Image.Exif()
    exif.load(raw)
    exif.pop(0x0112, None)  # read for its personal data only: the picture is turned as Pillow turns it (redact.py too)
    return exif


def _png_iptc(img: Image.Image) -> dict[tuple[int, int], bytes | list[bytes]] | None:
    """The IPTC IIM datasets a PNG carries as ImageMagick writes them, a hex `Raw profile type
    iptc` text chunk (the datasets, or the Photoshop resource block holding them as resource
    0x0404) or `Raw profile type 8bim` (that block), as `IptcImagePlugin.getiptcinfo` gives a
    JPEG's; None without any.

    Why: Pillow reads a JPEG's and a TIFF's IPTC only, so the photographer's name (By-line) of a
    photo converted to PNG by ImageMagick passed unreported (ExifTool reads it)."""
    from scrapeguard.signals.embedded import Embedded, raw_profile

    if img.format != "PNG":
        return None
    text = img.info.get("Raw profile type iptc") or img.info.get("Raw profile type 8bim")
    if not isinstance(text, str):
        return None
    block = raw_profile(text.encode("latin-1", "replace"), Embedded())  # (its problems: the rights reader's to say)
    if block is not None and block.startswith(b"8BIM"):
        found = photoshop_resource(block, 0x0404)
        block = found[0] if found is not None else None
    if not block:
        return None
    datasets: dict[tuple[int, int], bytes | list[bytes]] = {}
    pos = 0
    while pos + 5 <= len(block) and block[pos] == 0x1C:  # tag marker, record, dataset, length
        key, size, pos = (block[pos + 1], block[pos + 2]), int.from_bytes(block[pos + 3:pos + 5], "big"), pos + 5
        if size & 0x8000:  # an extended dataset: its length in the next (size & 0x7FFF) bytes
            size, pos = int.from_bytes(block[pos:pos + (size & 0x7FFF)], "big"), pos + (size & 0x7FFF)
        value, pos = block[pos:pos + size], pos + size
        known = datasets.get(key)
        datasets[key] = value if known is None else [*known, value] if isinstance(known, list) else [known, value]
    return datasets or None


def photoshop_resource(block: bytes, wanted: int) -> tuple[bytes, int] | None:
    """The data of resource `wanted` in a Photoshop image resource block (a signature, "8BIM" or one of
    the others ExifTool reads, its id, its name as a Pascal string padded to an even length, its size,
    its data padded so), with the size it claims (the data may be cut short by the block's end); None."""
    pos = 0
    while pos + 12 <= len(block) and block[pos:pos + 4] in _RESOURCE_SIGNATURES:
        ident, name = int.from_bytes(block[pos + 4:pos + 6], "big"), block[pos + 6]
        pos += 6 + name + 1 + (name + 1) % 2
        size, pos = int.from_bytes(block[pos:pos + 4], "big"), pos + 4
        if ident == wanted:
            return block[pos:pos + size], size
        pos += size + size % 2
    return None


# Photoshop's resource signature, and those of the formats that borrowed its layout (as ExifTool reads them)
_RESOURCE_SIGNATURES = frozenset({b"8BIM", b"MeSa", b"PHUT", b"AgHg", b"DCSR"})
