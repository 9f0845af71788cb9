"""Reading the metadata containers of image formats: where XMP packets and C2PA stores sit in
JPEG, PNG, WebP, TIFF, GIF, JPEG XL and an icon's PNG pictures, walked by their structure, never by decoding pixels."""

from __future__ import annotations

import binascii
import re
import struct
import zlib
from collections.abc import Callable

from scrapeguard.codings import decode as undo
from scrapeguard.detect.decode import MAX_ICON_PICTURES
from scrapeguard.detect.hidden_pictures import trailing_picture
from scrapeguard.detect.image_metadata import photoshop_resource
from scrapeguard.detect.image_structure import FILL, MAX_GIF_BLOCKS, bmp_end, ico_end, tiff_end
from scrapeguard.signals.embedded.c2pa import jumbf_boxes
from scrapeguard.signals.embedded.common import (
    MAX_SEGMENTS,
    MAX_STORE_BYTES,
    MAX_XMP_BYTES,
    XMP_EXT,
    XMP_MAIN,
    Embedded,
)
from scrapeguard.signals.embedded.scan import MAX_FALSE_STARTS, MAX_SCAN_FINDS, scan_packets
from scrapeguard.signals.embedded.xmp import names_data_mining

# Pictures after a picture's end read for their metadata, one after another (as `detect.images` looks
# at as many for faces); past them the file is only scanned, and said to be
MAX_APPENDED = 4


def extract(data: bytes) -> Embedded:
    """Find XMP packets and C2PA manifest stores in an image's bytes, and in each picture after its
    end (`detect.hidden_pictures.trailing_picture`: up to `MAX_APPENDED`, one after another).

    Why after the end: a picture there (an editor's, aCropalypse's) is analysed for faces and its
    EXIF read, and after a JPEG its XMP was, but after a PNG, GIF or WebP its DMI-PROHIBITED or C2PA
    opt-out went unread and the file passed as allowed without a word."""
    out = _container(data)
    picture, at, fmt = data, out.end, out.format
    for n in range(MAX_APPENDED + 1):
        following = trailing_picture(picture, at) if at else None
        if not following:
            if at and fmt != "JPEG" and picture[at:].strip(b"\x00\xff"):
                # no picture: scanned for packets and stores, as what follows a JPEG's first scan is searched
                rest = scan_packets(picture[at:], Embedded(format=f"{fmt} (after its end)"))
                out.xmp += rest.xmp
                out.c2pa += rest.c2pa
                out.problems += rest.problems
            break
        if n == MAX_APPENDED:
            out.problems.append(f"more than {MAX_APPENDED} pictures after the picture's end; the rest was only "
                                "scanned for XMP packets and C2PA stores")
            scan_packets(following, out)
            break
        found = _container(following)
        where = "the picture after the picture's end" if n == 0 else f"picture {n + 2} after the picture's end"
        # (a JPEG's segments after its first scan are read already, an appended JPEG's among them: each once)
        read = {packet for packet, _ in out.xmp} | {store for store, _ in out.c2pa}
        out.xmp.extend((packet, f"{source}, in {where}") for packet, source in found.xmp if packet not in read)
        out.c2pa.extend((store, f"{source}, in {where}") for store, source in found.c2pa if store not in read)
        out.problems.extend(f"{problem} (in {where})" for problem in found.problems)
        picture, at, fmt = following, found.end, found.format
    return out


def _container(data: bytes) -> Embedded:
    """The XMP packets and C2PA manifest stores of one picture's container, by its format, and where
    the picture ends: told by its walk, or for a format without an end marker (a TIFF, a bitmap, an
    icon) as `detect.decode` finds it to look at a picture after it."""
    found = _by_format(data)
    if not found.end:
        try:
            found.end = next((end(data) for marks, end in _ENDS_TOLD if data.startswith(marks)), 0)
        except Exception:  # noqa: BLE001 - an end that cannot be told is not known: nothing after it is read
            found.end = 0
    return found


def _by_format(data: bytes) -> Embedded:
    """`_container`'s reading, by the format the first bytes name."""
    if data.startswith(b"\xff\xd8"):
        return _jpeg(data)
    if data.startswith(_PNG_SIGNATURE):
        return _png(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp(data)
    if data[:4] in _TIFF_MARKS:
        return _tiff(data)
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return _gif(data)
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        name = "AVIF" if brand in (b"avif", b"avis") else "HEIF" if brand in _HEIF_BRANDS else \
            f"ISO BMFF ({brand.decode('latin-1')!r})"
        return _iso_compressed_items(data, scan_packets(data, Embedded(format=name)))
    if data.startswith(b"\x00\x00\x00\x0cJXL \r\n\x87\n"):
        return _jxl_boxes(data, scan_packets(data, Embedded(format="JPEG XL")))
    if data.startswith(b"\x00\x00\x00\x0cjP  \r\n\x87\n"):
        return scan_packets(data, Embedded(format="JPEG 2000"))
    if data.startswith(_ICONS):
        return _icon(data)
    if data.startswith(_NO_METADATA):
        return Embedded(format="no metadata container")  # BMP, Netpbm, QOI, bare codestreams
    head = data[:8].hex(" ")
    return scan_packets(data, Embedded(format="unrecognised image",
                                unsupported=f"image format not recognised (first bytes {head})"))


_MAX_ISO_ITEMS = 4096  # the items of an `iloc` read to find one (a HEIF photo has a few dozen: tiles, thumbnails)


def _child(boxes: list[tuple[bytes, int, int]], name: bytes) -> tuple[int, int] | None:
    """The (start, end) of the first of `boxes` named `name`."""
    return next(((start, end) for tbox, start, end in boxes if tbox == name), None)


def _cstring(data: bytes, pos: int, end: int) -> tuple[bytes, int]:
    """The NUL-terminated string at `pos` (to `end` when unterminated) and the position after it."""
    nul = data.find(b"\x00", pos, end)
    return (data[pos:end], end) if nul == -1 else (data[pos:nul], nul + 1)


def _uint(data: bytes, pos: int, size: int) -> int:
    return int.from_bytes(data[pos:pos + size], "big") if size else 0


def _iso_items(data: bytes, meta: list[tuple[bytes, int, int]]) -> dict[int, tuple[bytes, bytes]]:
    """item ID -> (content type, content encoding) of the `mime` items an ISO BMFF `meta` box (its
    `children`) lists (`iinf`/`infe` version 2 or 3, ISO/IEC 14496-12 §8.11.6)."""
    iinf = _child(meta, b"iinf")
    if iinf is None:
        return {}
    count_size = 2 if data[iinf[0]:iinf[0] + 1] == b"\x00" else 4
    items: dict[int, tuple[bytes, bytes]] = {}
    for tbox, start, end in jumbf_boxes(data, iinf[0] + 4 + count_size, iinf[1])[0]:
        version = data[start] if tbox == b"infe" and end - start > 4 else 0
        if version < 2:
            continue
        id_size = 2 if version == 2 else 4
        item_id, pos = _uint(data, start + 4, id_size), start + 4 + id_size + 2  # (and item_protection_index)
        item_type, pos = data[pos:pos + 4], pos + 4
        if item_type != b"mime":
            continue
        _name, pos = _cstring(data, pos, end)
        content_type, pos = _cstring(data, pos, end)
        encoding, _ = _cstring(data, pos, end) if pos < end else (b"", end)
        items[item_id] = (content_type, encoding)
    return items


class _TooManyPieces(ValueError):
    """An item in more `iloc` extents than are put together (`MAX_SCAN_FINDS`)."""


def _iso_item_bytes(data: bytes, meta: list[tuple[bytes, int, int]], item_id: int, cap: int) -> bytes | None:
    """The bytes of item `item_id` as the `meta` box's (its children's) `iloc` places them (§8.11.3; in
    the file or in its `idat` box), at most `cap`; None when it places them nowhere this reads. Raises
    `_TooManyPieces` for one in more pieces than are read (cut silently, its opt-out was unseen)."""
    iloc, idat = _child(meta, b"iloc"), _child(meta, b"idat")
    if iloc is None or iloc[1] - iloc[0] < 8:
        return None
    version, pos = data[iloc[0]], iloc[0] + 4
    offset_size, length_size = data[pos] >> 4, data[pos] & 15
    base_size, index_size = data[pos + 1] >> 4, (data[pos + 1] & 15) if version in (1, 2) else 0
    id_size = 4 if version == 2 else 2
    count, pos = _uint(data, pos + 2, id_size), pos + 2 + id_size
    for _ in range(min(count, _MAX_ISO_ITEMS)):
        if pos >= iloc[1]:
            return None
        this_id, pos = _uint(data, pos, id_size), pos + id_size
        method = 0
        if version in (1, 2):
            method, pos = _uint(data, pos, 2) & 15, pos + 2
        pos += 2  # data_reference_index
        base, pos = _uint(data, pos, base_size), pos + base_size
        extents, pos = _uint(data, pos, 2), pos + 2
        if this_id != item_id:  # (another item's extents are passed over unread: each may be the whole file)
            pos += extents * (index_size + offset_size + length_size)
            continue
        origin = 0 if method == 0 else idat[0] if method == 1 and idat is not None else None
        if origin is None:
            return None
        if extents > MAX_SCAN_FINDS:
            raise _TooManyPieces(f"item {item_id} lies in {extents} pieces, more than the {MAX_SCAN_FINDS} put together")
        parts: list[bytes] = []
        taken = 0
        for _ in range(extents):
            pos += index_size
            offset, pos = _uint(data, pos, offset_size), pos + offset_size
            length, pos = _uint(data, pos, length_size), pos + length_size
            where = origin + base + offset
            parts.append(data[where:where + min(length or len(data), cap - taken)])
            taken += len(parts[-1])
            if taken >= cap:
                break
        return b"".join(parts)
    return None


def _iso_compressed_items(data: bytes, out: Embedded) -> Embedded:
    """The XMP items of an AVIF/HEIF stored compressed (an `infe` `content_encoding`, `deflate`): the scan
    of the file's bytes cannot see into them, so each is undone and scanned; and those stored whole but
    in pieces (`iloc` extents not one run of the file's bytes), put together and scanned.

    Why: such an item's DMI-PROHIBITED came back with no signal and no note, the image allowed."""
    box = _child(jumbf_boxes(data, 0, len(data))[0], b"meta")
    if box is None:
        return out
    meta, _ = jumbf_boxes(data, box[0] + 4, box[1])  # (its children, read once: `meta` is a full box, version first)
    fmt = out.format or "ISO BMFF"
    # (the bound counts compressed XML items alone: 16 other items before one hid it, unread and unsaid)
    xml = [(item_id, encoding) for item_id, (content_type, encoding) in _iso_items(data, meta).items()
           if b"xml" in content_type.lower()]
    # an uncompressed one in several extents, out of order or apart, is put together too: the scan read it as
    # cut short or with another item's bytes inside, and its DMI-PROHIBITED passed with a note (review)
    for item_id, _encoding in [(i, e) for i, e in xml if not e][:MAX_SCAN_FINDS]:
        try:
            raw = _iso_item_bytes(data, meta, item_id, MAX_XMP_BYTES)
        except _TooManyPieces as exc:
            out.unread_xmp.append((f"its XMP {exc}", f"{fmt} XMP item"))
            continue
        if raw and raw not in data:
            found = scan_packets(raw, Embedded(format=f"{fmt} (XMP item {item_id} in several extents)"))
            out.xmp.extend(found.xmp)
            out.problems.extend(found.problems)
    compressed = [(item_id, encoding) for item_id, encoding in xml if encoding]
    if len(compressed) > MAX_SCAN_FINDS:
        out.problems.append(f"{fmt}: more than {MAX_SCAN_FINDS} compressed XMP items; the rest were not read")
    for item_id, encoding in compressed[:MAX_SCAN_FINDS]:
        coding = encoding.decode("latin-1").strip().lower()
        what = f"{fmt}: XMP item {item_id} stored {coding}-compressed"
        try:
            raw = _iso_item_bytes(data, meta, item_id, MAX_XMP_BYTES * 4)
        except _TooManyPieces as exc:
            out.unread_xmp.append((f"its compressed XMP {exc}", f"{fmt} XMP item"))
            continue
        if raw is None:
            out.problems.append(f"{what} lies where this reader does not look (iloc)")
            continue
        try:
            packet, _cut = undo(raw, coding, MAX_XMP_BYTES)
        except Exception:  # noqa: BLE001 - ValueError (a coding not known), httpx.DecodingError (corrupt)
            # an XMP packet not read: a DataMining in it unseen (the policy's on_error decides, review)
            out.unread_xmp.append(("it could not be undone", what))
            continue
        found = scan_packets(packet, Embedded(format=f"{fmt} ({coding} XMP item)"))
        if not found.xmp and not found.problems:
            out.problems.append(f"{what} holds no XMP packet once undone")
        out.xmp.extend(found.xmp)
        out.problems.extend(found.problems)
    return out


def _jxl_boxes(data: bytes, out: Embedded) -> Embedded:
    """The Brotli-compressed metadata boxes (`brob`) of a JPEG XL container, undone: XMP (`xml `)
    and C2PA (`jumb`), bounded by the reading caps; the rest of the file is `scan_packets`ned already.

    Why: libjxl writes metadata boxes Brotli-compressed by default (`cjxl --compress_boxes`), and
    such an XMP's DMI-PROHIBITED was only noted as unread, the image allowed."""
    boxes, broken = jumbf_boxes(data, 0, len(data))  # (a cut box is kept up to the end: its start may decode)
    undone = 0
    for tbox, start, end in boxes:
        inner = data[start:start + 4]
        if tbox != b"brob" or inner not in (b"xml ", b"jumb"):
            continue
        undone += 1
        if undone > MAX_SCAN_FINDS:  # (each may inflate to its cap: 20,000 of them would be 80 GB)
            out.problems.append(f"JPEG XL: more than {MAX_SCAN_FINDS} Brotli-compressed metadata boxes; "
                                "the rest were not read")
            break
        cap = MAX_XMP_BYTES if inner == b"xml " else MAX_STORE_BYTES
        what = "XMP" if inner == b"xml " else "C2PA manifest"
        try:
            payload, cut = undo(data[start + 4:end], "br", cap)  # (the bounded decoder bodies get)
        except Exception as exc:  # noqa: BLE001 - ValueError (no brotli here), httpx.DecodingError (corrupt)
            # an XMP packet not read: a DataMining in it unseen, the reading incomplete (the policy's on_error
            # decides, review); a C2PA store not read is noted, as one cut short before any assertion is
            why = f"could not be undone ({type(exc).__name__}: {str(exc)[:120]})"
            if inner == b"xml ":
                out.unread_xmp.append((f"it {why}", "JPEG XL: a Brotli-compressed XMP box (brob)"))
            else:
                out.problems.append(f"JPEG XL: a Brotli-compressed {what} box (brob) {why}")
            continue
        if cut:
            out.problems.append(f"JPEG XL: a Brotli-compressed {what} box (brob) is larger than the reading cap")
        if inner == b"xml ":
            out.xmp.append((payload, "XMP in JPEG XL brob box (Brotli)"))
        else:  # the jumb box's content: its header is put back, so the store reads as one written plainly
            out.c2pa.append((struct.pack(">I", 8 + len(payload)) + b"jumb" + payload,
                             "C2PA manifest store in JPEG XL brob box (Brotli)"))
    if broken and data.count(b"brobxml ") + data.count(b"brobjumb") > undone:  # (past where the walk stopped)
        out.problems.append(f"JPEG XL: the box structure breaks off ({broken}); a Brotli-compressed metadata "
                            "box (brob) after it was not read")
    return out


_HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"mif2", b"msf1"})
# Formats with no metadata container to look in: BMP, ICO, CUR, a bare JPEG XL codestream,
# Netpbm P1-P6 (magic then whitespace), QOI, a bare JPEG 2000 codestream (SOC then SIZ).
_ICONS = (b"\x00\x00\x01\x00", b"\x00\x00\x02\x00")  # ICO, CUR
_NO_METADATA = (b"BM", b"\xff\x0a", b"qoif", b"\xff\x4f\xff\x51",
                *(b"P%d%s" % (n, space) for n in range(1, 7) for space in (b" ", b"\t", b"\n", b"\r")))


_TIFF_MARKS = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")
_ENDS_TOLD: tuple[tuple[tuple[bytes, ...], Callable[[bytes], int]], ...] = (
    (_TIFF_MARKS, tiff_end), ((b"BM",), bmp_end), (_ICONS, ico_end))


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# An icon's PNG pictures walked, at most: as many as are analysed for faces (a Windows icon holds ten sizes at up
# to three colour depths; an ordinary one of 21 was noted as cut short at 16)
MAX_ICON_PNGS = MAX_ICON_PICTURES


def _icon(data: bytes) -> Embedded:
    """The XMP and C2PA of an icon's (or a cursor's) PNG pictures, each a whole PNG file read as one
    (`_png`); its DIB pictures hold none, and an icon of DIBs alone is a format without metadata. At
    most `MAX_ICON_PNGS` PNG pictures are walked, the icon scanned from the first of the rest
    (`scan_packets`); a picture the directory says runs past the end is read as far as it goes. Each
    is said to be.

    Why: an icon was taken for a format without metadata, and the DMI-PROHIBITED or C2PA opt-out of a
    favicon's PNG picture was never read: the picture let through without a word."""
    fmt = "ICO" if data[2] == 1 else "CUR"
    out = Embedded(format=fmt)
    count = struct.unpack("<H", data[4:6])[0] if len(data) >= 6 else 0
    pictures: dict[int, tuple[int, int]] = {}  # offset -> (size, position in the directory): each PNG once
    for i in range(count):
        at = 6 + 16 * i
        if at + 16 > len(data):
            out.problems.append(f"{fmt}: directory of {count} pictures cut after {i}")
            break
        size, offset = struct.unpack("<II", data[at + 8:at + 16])
        if data.startswith(_PNG_SIGNATURE, offset):
            pictures.setdefault(offset, (size, i + 1))
    if not pictures:
        return Embedded(format="no metadata container")
    walked = sorted(pictures.items(), key=lambda p: p[1][1])
    for offset, (size, n) in walked[:MAX_ICON_PNGS]:
        name = f"icon picture #{n}"
        if offset + size > len(data):
            out.problems.append(f"{fmt}: {name} claims {size} bytes at byte {offset}, {len(data) - offset} left "
                                "(truncated)")
        png = _png(data[offset:offset + size])
        out.xmp.extend((packet, f"{name}: {where}") for packet, where in png.xmp)
        out.c2pa.extend((store, f"{name}: {where}") for store, where in png.c2pa)
        out.problems.extend(f"{name}: {problem}" for problem in png.problems)
    if len(walked) > MAX_ICON_PNGS:
        rest = min(offset for offset, _ in walked[MAX_ICON_PNGS:])
        _scan_past_the_cap(f"{fmt}: more than {MAX_ICON_PNGS} PNG pictures", data, rest, out)
    return out


def _jpeg(data: bytes) -> Embedded:
    """The APPn segments up to SOS, and those a progressive JPEG carries between its scans. A
    segment length under 2 is skipped as libjpeg (and Pillow) skip it, at the next 0xFF; a walk
    that breaks off before SOS (no marker, a segment longer than the file) has the rest of the
    bytes scanned (`scan_packets`), so an XMP packet or a C2PA store a decoder still reads after a lying
    segment is not hidden by it."""
    out = Embedded(format="JPEG")
    ext: dict[bytes, tuple[bytearray, list[tuple[int, int]]]] = {}
    jumbf: dict[tuple[bytes, bytes], list[tuple[int, bytes]]] = {}
    stored: dict[tuple[bytes, bytes], int] = {}  # the bytes of each store's segments so far

    claimed = 0  # the bytes of every extended XMP packet allocated so far
    over_cap: set[bytes] = set()  # extended XMP packets not read, over the cap (said once each)
    unread_named: set[bytes] = set()  # ... of them, those a chunk of which names DataMining
    exif_read = False  # (the first EXIF segment walked)
    photoshop: list[bytes] = []  # the APP13 segments' Photoshop resources, joined after the walk
    capped: set[tuple[bytes, bytes]] = set()  # C2PA stores read up to the cap, their further segments not

    def take(marker: int, payload: bytes) -> None:
        nonlocal claimed, exif_read
        if marker == 0xE1 and _xmp_preamble(payload):
            out.xmp.append((payload[len(XMP_MAIN):], "XMP in JPEG APP1"))
        elif marker == 0xE1 and payload[:4].lower() == b"http" and not payload.startswith(XMP_EXT) \
                and (at := payload.find(b"<", 0, 128)) > 0:
            # a namespace header miswritten (no NUL, a space for it): ExifTool reads any APP1 opening with
            # `http` as XMP, so its publisher saw the refusal the guard passed without a word (review)
            out.xmp.append((payload[at:], "XMP in JPEG APP1 (its namespace header miswritten)"))
        elif marker == 0xE1 and payload.startswith(b"Exif\x00\x00") and not exif_read \
                and any(tag in payload for tag in _EXIF_TAGS_READ):
            # the EXIF's own TIFF tags 700 (XMP) and 34377 (Photoshop's resources), as ExifTool reads
            # them, in the first EXIF (a decoder reads no other), walked only when its bytes can name
            # them (300 hostile EXIF segments of 64 IFDs each took 29 s); its other faults are the
            # EXIF readers' to report (a camera's odd IFD is no opt-out)
            exif_read = True
            found = _tiff(payload[6:])
            said = ", in the JPEG's EXIF (APP1)"
            out.xmp.extend((packet, where + said) for packet, where in found.xmp)
            out.c2pa.extend((store, where + said) for store, where in found.c2pa)
            out.unread_xmp.extend((why, where + said) for why, where in found.unread_xmp)
        elif marker == 0xED and payload.startswith(_PHOTOSHOP):
            photoshop.append(payload[len(_PHOTOSHOP):])  # (its resources may run on over several segments)
        elif marker == 0xE1 and payload.startswith(XMP_EXT):
            body = payload[len(XMP_EXT):]
            if len(body) < 40:
                out.problems.append("JPEG: extended XMP segment too short")
                return
            guid = body[:32]
            full, offset = struct.unpack(">II", body[32:40])
            chunk = body[40:]
            if full > MAX_XMP_BYTES or (guid not in ext and claimed + full > MAX_XMP_BYTES):
                # (each is allocated at its full length: 300 GUIDs claiming 4 MB each, one byte given, took 1.2 GB)
                # A packet over the cap is unread: noted, and unreadable (the policy's on_error) where a chunk of
                # it names DataMining (a phone's depth map, Photoshop's document history, hold megabytes and none)
                why = (f"an extended XMP packet of {full} bytes, over the {MAX_XMP_BYTES}-byte reading cap" if
                       full > MAX_XMP_BYTES else f"extended XMP packets claiming more than the reading cap together "
                       f"({MAX_XMP_BYTES} bytes): one of {full} bytes")
                if guid not in over_cap:
                    over_cap.add(guid)
                    out.problems.append(f"JPEG: {why} was not read")
                if guid not in unread_named and names_data_mining(chunk):
                    unread_named.add(guid)
                    out.unread_xmp.append((f"{why}, naming DataMining, was not read",
                                           "extended XMP in JPEG APP1 segments"))
                return
            if offset + len(chunk) > full:
                out.problems.append(f"JPEG: extended XMP chunk out of bounds (length {full}, offset {offset})")
                return
            if guid not in ext:
                claimed += full
            buf, covered = ext.setdefault(guid, (bytearray(full), []))
            if len(buf) != full:
                out.problems.append("JPEG: extended XMP chunks disagree on the full length")
                return
            buf[offset:offset + len(chunk)] = chunk
            covered.append((offset, len(chunk)))
        elif marker == 0xEB and payload[:2] == b"JP" and len(payload) >= 8:
            instance = payload[2:4]
            seq = struct.unpack(">I", payload[4:8])[0]
            box = payload[8:]
            key = (instance, box[4:8])
            if key in capped:
                return
            jumbf.setdefault(key, []).append((seq, box))
            stored[key] = stored.get(key, 0) + len(box)  # (summed again at each segment, 4,000 took 0.8 s)
            if stored[key] > MAX_STORE_BYTES:
                # its segments up to the cap are read (an assertion whole in them is honoured; one cut is
                # unreadable, `training_assertions`): dropped whole, a store of 9 MB with its refusal first
                # let the picture through
                out.problems.append("JPEG: C2PA store larger than the reading cap; read up to it")
                capped.add(key)
                jumbf[key].pop()

    pos, n, count = 2, len(data), 0
    stopped = -1  # where the walk broke off before SOS or EOI, if it did
    scans = -1  # where the first scan starts, if the walk reached one
    while pos < n and count < MAX_SEGMENTS:
        count += 1
        if data[pos] != 0xFF:
            out.problems.append(f"JPEG: no marker at byte {pos}")
            stopped = pos
            break
        fill = FILL.match(data, pos)  # (fill bytes, passed over in C: a byte at a time, 60 MB of them took 4 s)
        assert fill is not None  # (\xff* always matches)
        pos = fill.end()
        if pos >= n:
            break
        marker = data[pos]
        pos += 1
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            continue
        if marker in (0xD9, 0xDA):  # EOI, SOS: the scans (and whatever a progressive file puts between them)
            scans = pos if marker == 0xDA else -1
            break
        if pos + 2 > n:
            out.problems.append("JPEG: truncated segment header")
            break
        length = struct.unpack(">H", data[pos:pos + 2])[0]
        if length < 2:  # no payload to skip: decoders go on at the next marker
            out.problems.append(f"JPEG: segment 0x{marker:02X} claims {length} bytes (under its own 2-byte length); "
                                "read on from the next marker")
            following = data.find(b"\xff", pos + 2)
            if following == -1:
                break
            pos = following
            continue
        if pos + length > n:
            out.problems.append(f"JPEG: segment 0x{marker:02X} claims {length} bytes, {n - pos} left (truncated)")
            stopped = pos
            break
        take(marker, data[pos + 2:pos + length])
        pos += length
    else:
        if pos < n:  # the segment cap before the first scan: the rest is scanned as past a broken segment
            out.problems.append(f"JPEG: more than {MAX_SEGMENTS} segments before the first scan; the rest was only "
                                "scanned for XMP packets and C2PA stores")
            stopped = pos
    if scans != -1:
        _between_scans(data, scans, take, out)
        eoi = _EOI.search(data, scans)  # (in coded data 0xFF is stuffed: the first FF D9 there is its end)
        out.end = eoi.end() if eoi is not None else 0
    if stopped != -1:  # what a decoder may still find past the break: XMP packets and C2PA stores by their markers
        found = scan_packets(data[stopped:], Embedded(format="JPEG (past the broken segment)"))
        out.xmp += found.xmp
        out.c2pa += found.c2pa
        out.problems += found.problems
    for guid, (buf, covered) in ext.items():
        got = sum(length for _, length in covered)
        if got < len(buf):
            out.problems.append(f"JPEG: extended XMP {guid[:8].decode('latin-1')}… incomplete ({got}/{len(buf)} bytes)")
        out.xmp.append((bytes(buf), "extended XMP in JPEG APP1 segments"))
    if photoshop:  # (Photoshop splits its resources over consecutive APP13 segments, as ExifTool joins them)
        _photoshop_xmp(b"".join(photoshop), "XMP in a Photoshop resource (JPEG APP13)", out)
    for parts in jumbf.values():
        # every APP11 segment repeats the box header (LBox, TBox[, XLBox]); keep it once
        parts.sort(key=lambda p: p[0])
        first = parts[0][1]
        header_len = 16 if first[:4] == b"\x00\x00\x00\x01" else 8
        store = first + b"".join(box[header_len:] for _, box in parts[1:])
        out.c2pa.append((store, "C2PA manifest store in JPEG APP11 (JUMBF)"))
    return out


# A JPEG's end-of-image marker, searched for by the regular expression engine: `bytes.find` of a
# two-byte needle steps through entropy-coded data a byte at a time at twice the cost (6 ms of a
# 6.9 MB photo, half of `extract`, which runs two or three times an image; this: 2 ms)
_EOI = re.compile(rb"\xff\xd9")


_XMP_TAIL = XMP_MAIN[4:]  # `://ns.adobe.com/xap/1.0/\0`
_XMP_HEADS = (b"http", b"xmp\x00")


def _xmp_preamble(payload: bytes) -> bool:
    """Whether an APP1 payload opens with the main XMP preamble: `http://ns.adobe.com/xap/1.0/\0` in any
    case, or `XMP\0://ns.adobe.com/xap/1.0/\0`, the packet at the same offset, as XMP readers
    (metadata-extractor) accept them. Why: written so (GettyImages' photos carry the `XMP\0` one), the
    segment was taken for no XMP at all, and its DMI-PROHIBITED let the image through without a word."""
    head = payload[:len(XMP_MAIN)].lower()
    return head[4:] == _XMP_TAIL and head[:4] in _XMP_HEADS


def _between_scans(data: bytes, start: int, take: Callable[[int, bytes], None], out: Embedded) -> None:
    """The XMP (APP1) and C2PA (APP11) segments among a JPEG's scans: a progressive JPEG may carry
    them between its scans (decoders read them there). Found by what opens their payload (the XMP
    namespaces, a JUMBF box) with literal searches in C — a search for the 2-byte marker crawls
    over entropy-coded data full of 0xFF — then checked to be a segment; at most MAX_SEGMENTS, and
    at most MAX_FALSE_STARTS hits looked at (picture data of `jumb` repeated, 8 MB, took 0.7 s)."""
    found = looked = 0
    # (the main XMP by its preamble's tail, whatever its head: `http`, `HTTP`, `XMP\0`; in either case)
    for needle, offset, marker in ((_XMP_TAIL, 8, 0xE1), (_XMP_TAIL.upper(), 8, 0xE1), (XMP_EXT, 4, 0xE1),
                                   (b"jumb", 16, 0xEB)):
        pos = start + offset
        while True:
            at = data.find(needle, pos)
            if at == -1:
                break
            pos = at + len(needle)
            looked += 1
            if looked > MAX_FALSE_STARTS:
                out.problems.append(f"JPEG: more than {MAX_FALSE_STARTS} look-alikes of XMP or C2PA segments after "
                                    "the first scan; the rest were not read")
                return
            seg = at - offset  # (APP11: FF EB, length, "JP", instance, sequence, LBox, then "jumb")
            if seg < start or data[seg] != 0xFF or data[seg + 1] != marker \
                    or (marker == 0xEB and data[seg + 4:seg + 6] != b"JP"):
                continue
            found += 1  # (a cut one counts too: each is a problem, and so a signal, of its own)
            if found > MAX_SEGMENTS:
                out.problems.append(f"JPEG: more than {MAX_SEGMENTS} segments after the first scan; the rest were "
                                    "not read")
                return
            length = struct.unpack(">H", data[seg + 2:seg + 4])[0]
            if length < 2 or seg + 2 + length > len(data):
                out.problems.append(f"JPEG: segment 0x{marker:02X} after the first scan claims {length} bytes, "
                                    f"{len(data) - seg - 2} left (truncated)")
                continue
            take(marker, data[seg + 4:seg + 2 + length])
            pos = max(pos, seg + 2 + length)


def _png(data: bytes) -> Embedded:
    out = Embedded(format="PNG")
    pos, n, count = 8, len(data), 0
    inflations = [MAX_SCAN_FINDS]  # compressed XMP chunks still to undo (each may inflate to the cap)
    while pos < n and count < MAX_SEGMENTS:
        count += 1
        if pos + 8 > n:
            out.problems.append("PNG: truncated chunk header")
            break
        length, ctype = struct.unpack(">I", data[pos:pos + 4])[0], data[pos + 4:pos + 8]
        if ctype == b"IEND" and pos + 12 <= n:  # (empty whatever length it claims: the rest follows the picture, `png_end`)
            out.end = pos + 12
            break
        if pos + 12 + length > n:
            out.problems.append(f"PNG: chunk {ctype!r} claims {length} bytes, {n - pos - 12} left (truncated)")
            if ctype == b"caBX":
                out.c2pa.append((b"", "C2PA manifest in PNG caBX chunk (truncated)"))
            break
        start, pos = pos + 8, pos + 12 + length  # (a chunk's body is copied only when read: not the pixels')
        if ctype in _PNG_TEXT and data.startswith(_PNG_XMP_KEYWORDS, start):
            found = _png_xmp(ctype, data[start:start + length], out, inflations)
            if found is not None:
                out.xmp.append(found)
        elif ctype == b"caBX":
            out.c2pa.append((data[start:start + length], "C2PA manifest in PNG caBX chunk"))
    else:
        _scan_past_the_cap(f"PNG: more than {MAX_SEGMENTS} chunks", data, pos, out)
    return out


def _scan_past_the_cap(cap: str, data: bytes, pos: int, out: Embedded) -> None:
    """Where a walk stopped at its cap (`cap` says which) before the end (`pos`): the rest scanned for
    XMP packets and C2PA stores (`scan_packets`), and said to be (a `problems` entry).

    Why: a PNG or WebP whose XMP or C2PA comes after 4,096 other chunks (small IDAT chunks, padding
    put there), or a TIFF's past its 64th IFD, was walked no further: its DMI-PROHIBITED went unread,
    and nothing said so."""
    if pos < len(data):
        out.problems.append(f"{cap}; the rest was only scanned for XMP packets and C2PA stores")
        scan_packets(data[pos:], out)


_PNG_TEXT = (b"iTXt", b"tEXt", b"zTXt")
_PNG_XMP_KEY, _PNG_RAW_XMP_KEY = b"XML:com.adobe.xmp", b"Raw profile type xmp"
# ImageMagick 6's copy of a JPEG's APP1 segment: EXIF, or XMP behind its namespace header
_PNG_RAW_APP1_KEY = b"Raw profile type APP1"
_PNG_XMP_KEYWORDS = (_PNG_XMP_KEY + b"\x00", _PNG_RAW_XMP_KEY + b"\x00", _PNG_RAW_APP1_KEY + b"\x00")


def _inflated_before_damage(stream: bytes, cap: int) -> bytes:
    """What a damaged zlib stream inflates to before the damage, up to `cap` bytes (fed in pieces: inflated in one
    call, all of it was lost to the error)."""
    inflater = zlib.decompressobj()
    got: list[bytes] = []
    size = 0
    for at in range(0, len(stream), 4096):
        before = inflater.copy()
        try:
            piece = inflater.decompress(stream[at:at + 4096], cap - size)
        except zlib.error:  # (the piece's output is lost with it: it is fed again a byte at a time, up to the damage)
            inflater = before
            for byte in range(at, min(at + 4096, len(stream))):
                try:
                    got.append(inflater.decompress(stream[byte:byte + 1], max(cap - size, 1)))
                except zlib.error:
                    break
                size += len(got[-1])
            break
        got.append(piece)
        size += len(piece)
        if size >= cap or inflater.unconsumed_tail or inflater.eof:
            break
    return b"".join(got)[:cap]


def _png_xmp(ctype: bytes, body: bytes, out: Embedded, inflations: list[int]) -> tuple[bytes, str] | None:
    """The XMP packet of a PNG text chunk keyed `XML:com.adobe.xmp` (in iTXt as the XMP
    spec writes it, in tEXt or zlib-compressed zTXt as other writers do) or ImageMagick's
    hex `Raw profile type xmp`, with where it came from; None (and a problem) when the
    chunk cannot be read.

    Why: ExifTool, Pillow and Krita read all of these; only iTXt was read here, so the same
    opt-out in a tEXt or zTXt chunk passed without a word. A compressed one is undone only while
    `inflations[0]` allows (each may inflate to the cap: 100 chunks of 4 KB held 400 MB)."""
    keyword, _, rest = body.partition(b"\x00")
    kind = ctype.decode("latin-1")
    if ctype == b"tEXt":
        compressed, text = False, rest
    elif ctype == b"zTXt":  # compression method (0, zlib: the only one), then the stream
        compressed, text = True, rest[1:]
    else:  # iTXt: compression flag and method, language tag, translated keyword, text
        if len(rest) < 2:
            out.problems.append(f"PNG: {kind} chunk truncated")
            return None
        parts = rest[2:].split(b"\x00", 2)
        if len(parts) < 3:
            out.problems.append(f"PNG: {kind} chunk malformed")
            return None
        compressed, text = bool(rest[0]), parts[2]
    raw = keyword != _PNG_XMP_KEY
    if compressed:
        inflations[0] -= 1
        if inflations[0] < 0:
            if inflations[0] == -1:
                out.problems.append(f"PNG: more than {MAX_SCAN_FINDS} compressed XMP chunks; the rest were not read")
            return None
        cap = 3 * MAX_XMP_BYTES if raw else MAX_XMP_BYTES  # hex: two digits a byte, and line breaks
        # (a stream that breaks off or is corrupt leaves the packet's rest unread: a DataMining in it unseen,
        # the reading incomplete, which the policy's on_error decides; its start is still read, review)
        where = f"XMP in PNG {kind} chunk (compressed)"
        if not text.strip():  # (nothing in it: no opt-out either)
            out.problems.append(f"PNG: {kind} XMP chunk flagged compressed holds nothing")
            return None
        damage = ""
        inflater = zlib.decompressobj()
        try:
            text = inflater.decompress(stream := text, cap)
        except zlib.error as exc:
            text = _inflated_before_damage(stream, cap)
            if not text and stream.lstrip()[:1] == b"<":  # a writer's slip: flagged compressed, stored as text
                out.problems.append(f"PNG: {kind} XMP flagged compressed is stored as plain text")
                text = stream
            else:  # (a wrong checksum too: in a stored stream it alone tells a changed byte, review)
                damage = f"its compressed stream is corrupt ({exc})"
        else:
            if inflater.unconsumed_tail:
                out.problems.append("PNG: compressed XMP larger than the reading cap")
            elif not inflater.eof and not raw and (b"</x:xmpmeta>" in text or b"<?xpacket end" in text):
                out.problems.append("PNG: compressed XMP inflated to its end, its stream's checksum missing")
            elif not inflater.eof:
                damage = "its compressed stream breaks off before its end"
        if damage:
            head = _raw_profile_head(text) if keyword == _PNG_RAW_APP1_KEY else b""
            if len(head) >= len(XMP_MAIN) and not _xmp_preamble(head):
                # (an APP1 profile holds EXIF as often: its start says which; EXIF is the image half's to read)
                out.problems.append(f"PNG: {kind} raw APP1 profile: {damage}")
            else:
                out.unread_xmp.append((damage, where))
            if not text:
                return None
    if not raw:
        return text, f"XMP in PNG {kind} chunk"
    packet = raw_profile(text, out)
    if packet is not None and keyword == _PNG_RAW_APP1_KEY:
        if not _xmp_preamble(packet):  # (EXIF: the image half reads it)
            return None
        packet = packet[len(XMP_MAIN):]
    return None if packet is None else (packet, f"XMP in PNG {kind} chunk ({keyword.decode('latin-1')})")


def _raw_profile_head(text: bytes) -> bytes:
    """The first bytes an ImageMagick raw profile's hex holds (of what inflated: its start tells XMP from EXIF)."""
    parts = text.split(None, 2)
    if len(parts) < 3:
        return b""
    digits = b"".join(parts[2][:400].split())[:160]
    try:
        return binascii.unhexlify(digits[: len(digits) // 2 * 2])
    except (binascii.Error, ValueError):
        return b""


def raw_profile(text: bytes, out: Embedded) -> bytes | None:
    """The bytes of an ImageMagick raw profile: a line with its name, one with its length,
    then the bytes in hex over lines of 72 digits; None (and a problem) if unreadable."""
    parts = text.split(None, 2)
    if len(parts) < 3 or not parts[1].isdigit() or len(parts[1]) > 18:  # (int() refuses 4,300+ digits)
        out.problems.append("PNG: raw profile malformed (no name, length and hex data)")
        return None
    declared = int(parts[1])
    if declared > MAX_XMP_BYTES:
        out.problems.append(f"PNG: raw profile of {declared} bytes, over the reading cap")
    try:
        packet = bytes.fromhex(b"".join(parts[2].split()).decode("ascii"))
    except (UnicodeDecodeError, ValueError) as exc:
        out.problems.append(f"PNG: raw profile is not hex ({exc})")
        return None
    if len(packet) < declared:
        out.problems.append(f"PNG: raw profile holds {len(packet)} of its {declared} bytes (truncated)")
    return packet[:min(declared, MAX_XMP_BYTES)]


def _webp(data: bytes) -> Embedded:
    out = Embedded(format="WebP")
    pos, n, count = 12, len(data), 0
    riff = 8 + struct.unpack("<I", data[4:8])[0]
    out.end = riff + (riff & 1) if 12 <= riff < n else 0  # (a RIFF chunk is padded to an even size)
    n = out.end or n  # (what follows the RIFF chunk is no chunk of it: a picture after the end is read as one)
    while pos + 8 <= n and count < MAX_SEGMENTS:
        count += 1
        fourcc = data[pos:pos + 4]
        size = struct.unpack("<I", data[pos + 4:pos + 8])[0]
        if pos + 8 + size > n:
            out.problems.append(f"WebP: chunk {fourcc!r} claims {size} bytes, {n - pos - 8} left (truncated)")
            if fourcc == b"C2PA":
                out.c2pa.append((b"", "C2PA manifest in WebP C2PA chunk (truncated)"))
            break
        body = data[pos + 8:pos + 8 + size]
        pos += 8 + size + (size & 1)
        if fourcc == b"XMP ":
            out.xmp.append((body, "XMP in WebP XMP chunk"))
        elif fourcc == b"C2PA":
            out.c2pa.append((body, "C2PA manifest in WebP C2PA chunk"))
    else:
        if pos + 8 <= n:
            _scan_past_the_cap(f"WebP: more than {MAX_SEGMENTS} chunks", data, pos, out)
    return out


# TIFF field types and their sizes (TIFF 6.0 §2, BigTIFF's 16-18)
_TIFF_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8}
_TIFF_XMP, _TIFF_C2PA, _TIFF_PHOTOSHOP = 700, 0xCD41, 34377
# Photoshop's image resources (JPEG APP13 after this signature; TIFF tag 34377), resource 0x0424 of
# which is an XMP packet (Photoshop File Formats; ExifTool reads it so in every resource block).
# Why: a DMI-PROHIBITED written there, as Photoshop does, was read nowhere (review)
_PHOTOSHOP, _PHOTOSHOP_XMP = b"Photoshop 3.0\x00", 0x0424
# the bytes an EXIF's entry for tag 700 or 34377 starts with, in either byte order
_EXIF_TAGS_READ = (b"\xbc\x02", b"\x02\xbc", b"\x49\x86", b"\x86\x49")
MAX_IFDS = 64


def _tiff(data: bytes) -> Embedded:
    out = Embedded(format="TIFF")
    order = "<" if data[:2] == b"II" else ">"
    n = len(data)
    big = data[2:4] in (b"+\x00", b"\x00+")
    if n < (16 if big else 8):
        out.problems.append("TIFF: header truncated")
        return out
    if big:  # BigTIFF: 8-byte counts and offsets, 20-byte entries
        offset = struct.unpack(order + "Q", data[8:16])[0]
        count_fmt, count_len, entry_len, value_fmt, value_len = "Q", 8, 20, "Q", 8
    else:
        offset = struct.unpack(order + "I", data[4:8])[0]
        count_fmt, count_len, entry_len, value_fmt, value_len = "H", 2, 12, "I", 4
    seen: set[int] = set()
    taken: list[tuple[int, int]] = []  # the packets read from tags: not found again by a scan past the cap
    while offset and len(seen) < MAX_IFDS:
        if offset in seen:
            out.problems.append(f"TIFF: IFD chain loops back to byte {offset}")
            break
        seen.add(offset)
        if offset + count_len > n:
            out.problems.append(f"TIFF: IFD at byte {offset} lies past the end ({n} bytes; truncated)")
            break
        count = struct.unpack(order + count_fmt, data[offset:offset + count_len])[0]
        start = offset + count_len
        if count > MAX_SEGMENTS or start + count * entry_len > n:
            out.problems.append(f"TIFF: IFD at byte {offset} claims {count} entries, {n - start} bytes left (truncated)")
            break
        for i in range(count):
            entry = start + i * entry_len
            tag, ftype = struct.unpack(order + "HH", data[entry:entry + 4])
            if tag not in (_TIFF_XMP, _TIFF_C2PA, _TIFF_PHOTOSHOP):
                continue
            items = struct.unpack(order + value_fmt, data[entry + 4:entry + 4 + value_len])[0]
            size = _TIFF_SIZES.get(ftype, 0) * items
            field_at = entry + 4 + value_len
            if size <= value_len:
                where = field_at
            else:
                where = struct.unpack(order + value_fmt, data[field_at:field_at + value_len])[0]
            if tag == _TIFF_PHOTOSHOP:  # (its XMP resource, when it holds one)
                if size and where < n:
                    _photoshop_xmp(data[where:where + size], "XMP in a Photoshop resource (TIFF tag 34377)", out)
                continue
            what = "XMP in TIFF tag 700" if tag == _TIFF_XMP else "C2PA manifest in TIFF tag 0xCD41"
            cap = MAX_XMP_BYTES if tag == _TIFF_XMP else MAX_STORE_BYTES
            if not size or size > cap or where + size > n:
                out.problems.append(f"{'TIFF' if tag == _TIFF_XMP else 'TIFF C2PA'}: tag {tag} claims {size} bytes at "
                                    f"byte {where}, {max(n - where, 0)} left (truncated, or over the reading cap)")
                # what of it there is, up to the cap, is read (a refusal whole in it is honoured), and the
                # reading is incomplete: an XMP packet's rest unread (`unread_xmp`), a store cut short
                part = data[where:where + min(size, cap)] if where < n else b""
                if tag == _TIFF_C2PA:
                    out.c2pa.append((part, f"{what} (truncated)"))
                elif size:  # (an empty tag holds no packet)
                    if part:
                        out.xmp.append((part, f"{what} (its first {len(part)} bytes)"))
                    # unreadable where what is not read may name DataMining: cut short (unknown), or past the cap
                    # naming it (a document's history holds megabytes and none)
                    if where + size > n or names_data_mining(data[where + len(part):where + size]):
                        out.unread_xmp.append((f"tag {tag} claims {size} bytes, {len(part)} of them read (truncated, "
                                               f"or over the {cap}-byte reading cap)", what))
                if part:
                    taken.append((where, where + len(part)))
                continue
            (out.xmp if tag == _TIFF_XMP else out.c2pa).append((data[where:where + size], what))
            taken.append((where, where + size))
        next_at = start + count * entry_len
        if next_at + value_len > n:
            break  # no room for the next-IFD pointer: the chain ends here
        offset = struct.unpack(order + value_fmt, data[next_at:next_at + value_len])[0]
    else:
        if offset:  # more IFDs (pages) than are walked: the XMP or C2PA of a later one is found by a scan
            rest = bytearray(data)  # (of what the walked IFDs' tags did not hold: one packet, one source)
            for start_at, end_at in taken:
                rest[start_at:end_at] = bytes(end_at - start_at)
            _scan_past_the_cap(f"TIFF: more than {MAX_IFDS} IFDs", bytes(rest), 0, out)
    return out


def _photoshop_xmp(resources: bytes, what: str, out: Embedded) -> None:
    """The XMP packet of Photoshop's image resources (`photoshop_resource`), as a packet of `out`; its
    part within the cap when it runs past it or past the bytes there are, the rest unread (the
    policy's on_error), as an XMP packet cut so is; a resource past the cap that may hold one, unread."""
    found = photoshop_resource(resources[:MAX_STORE_BYTES], _PHOTOSHOP_XMP)
    if found is None:
        if len(resources) > MAX_STORE_BYTES and _PHOTOSHOP_XMP.to_bytes(2, "big") in resources[MAX_STORE_BYTES:]:
            out.unread_xmp.append((f"Photoshop's resources run past the {MAX_STORE_BYTES}-byte reading cap: an "
                                   "XMP resource after it was not read", what))
        return
    packet, claimed = found
    if packet:
        out.xmp.append((packet[:MAX_XMP_BYTES], what))
    if claimed > min(len(packet), MAX_XMP_BYTES):
        out.unread_xmp.append((f"its XMP resource claims {claimed} bytes, {min(len(packet), MAX_XMP_BYTES)} of them "
                               "read (cut short, or over the reading cap)", what))


# The XMP spec's GIF embedding: the raw packet, then this "magic trailer" (0x01, 0xFF … 0x00)
# so that a decoder skipping data sub-blocks lands on the block terminator after it.
_GIF_XMP_MAGIC = b"\x01" + bytes(range(255, -1, -1))


def _gif(data: bytes) -> Embedded:
    out = Embedded(format="GIF")
    n = len(data)
    if n < 13:
        out.problems.append("GIF: header truncated")
        return out
    steps = 0

    def sub_blocks(pos: int, keep: bytearray | None = None) -> int:
        """Position after a run of data sub-blocks (and its terminator); -1 if cut."""
        nonlocal steps
        while pos < n:
            steps += 1
            if steps > MAX_GIF_BLOCKS:  # (the decoder refuses a GIF of more: the rest is only scanned)
                return -2
            size = data[pos]
            if size == 0:
                return pos + 1
            if keep is not None and len(keep) <= MAX_STORE_BYTES:
                keep += data[pos + 1:pos + 1 + size]
            pos += 1 + size
        return -1

    flags = data[10]
    pos = 13 + (3 * (2 << (flags & 7)) if flags & 0x80 else 0)
    while True:
        if pos < 0 or pos >= n:
            if pos == -2:
                out.problems.append(f"GIF: more than {MAX_GIF_BLOCKS} data sub-blocks; the rest was only scanned")
                scan_packets(data, out)
            else:
                out.problems.append("GIF: ends before its trailer (truncated)")
            break
        block = data[pos]
        if block == 0x3B:  # trailer
            out.end = pos + 1
            break
        if block == 0x2C:  # image descriptor, local colour table, LZW code size, image data
            if pos + 11 > n:
                pos = -1
                continue
            local = data[pos + 9]
            pos += 10 + (3 * (2 << (local & 7)) if local & 0x80 else 0) + 1
            pos = sub_blocks(pos)
        elif block == 0x21:  # extension: introducer, label, sub-blocks
            if pos + 3 > n:
                pos = -1
                continue
            label, pos = data[pos + 1], pos + 2
            app = data[pos + 1:pos + 1 + data[pos]] if label == 0xFF else b""
            if app == b"XMP DataXMP":
                body = pos + 1 + len(app)
                end = data.find(_GIF_XMP_MAGIC, body, body + MAX_XMP_BYTES + len(_GIF_XMP_MAGIC))
                if end == -1:
                    out.problems.append("GIF: XMP application extension without its magic trailer (truncated)")
                    scan_packets(data[body:body + MAX_XMP_BYTES], out)
                    break
                out.xmp.append((data[body:end], "XMP in GIF application extension"))
                pos = sub_blocks(end + len(_GIF_XMP_MAGIC))
            elif app == b"C2PA_GIF\x01\x00\x00":
                store = bytearray()
                pos = sub_blocks(pos + 1 + len(app), store)
                if pos == -1 or len(store) > MAX_STORE_BYTES:
                    out.c2pa.append((b"", "C2PA manifest in GIF application extension (truncated)"))
                else:
                    out.c2pa.append((bytes(store), "C2PA manifest in GIF application extension"))
            else:
                pos = sub_blocks(pos)
        else:
            out.problems.append(f"GIF: unknown block 0x{block:02X} at byte {pos}; the rest was only scanned")
            scan_packets(data[pos:], out)
            break
    return out
