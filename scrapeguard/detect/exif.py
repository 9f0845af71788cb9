"""Personal data in EXIF, XMP and C2PA metadata: GPS position, serial numbers, owner/author names.

Why: a photo's metadata can locate a person's home or link pictures to one camera (and so
one owner) even when no face is visible. Findings say WHAT is there without repeating it:
a GPS position is summarised to a 10-degree band (about 1000 km), serial numbers and names
are withheld (only their tag and length are given), so the audit log stores no new
personal data. Lightroom and phones write the same fields as XMP, beside or instead of
EXIF, and Content Credentials as C2PA assertions: those are read too
(`embedded_personal_data`), and so are the IPTC fields newsroom and stock-photo tools fill in
instead (`iptc_personal_data`: IIM By-line and Contact; XMP Iptc4xmpCore:CreatorContactInfo,
the photographer's e-mail, telephone and street address) and a PNG's own `Author` text
(`text_personal_data`). Camera makers write the body's serial number into their own maker
note (Nikon only there): Canon's, Nikon's, Fujifilm's, Panasonic's
and Olympus's are read too (`maker_note_serial`), and Canon's the owner's name (`maker_note_owner`).

Whose name counts: a field that names the photographer or the camera's owner (EXIF Artist,
CameraOwnerName, XPAuthor; XMP dc:creator, CameraOwnerName, aux:OwnerName) counts whatever
it says, as a person usually fills it in. A copyright notice (EXIF Copyright, XMP dc:rights)
names the rights holder, most often an agency or a company ("(c) 2024 ACME Corporation",
"Reuters"): it counts only when it reads as a person's name (`names.person_name`: a known
given name and a capitalised word, "(c) Jane Doe"), so an agency's notice is no owner.
"""

from __future__ import annotations

import io
import logging
import math
import re
import struct
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final

from PIL import Image, TiffImagePlugin

from scrapeguard.detect.base import PersonalData
from scrapeguard.detect.hidden_pictures import MAX_TRAILING_STARTS, picture_starts, unshown_pictures
from scrapeguard.detect.image_structure import MAX_JPEG_SEGMENTS, NotAllSearched

if TYPE_CHECKING:
    from scrapeguard.signals.embedded.xmp import NodeBudget

log = logging.getLogger("scrapeguard")

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
# tag -> name; IFD0 tags and Exif-IFD tags are looked up in both (writers misplace them).
SERIAL_TAGS: dict[int, str] = {0xA431: "BodySerialNumber", 0xA435: "LensSerialNumber", 0xC62F: "CameraSerialNumber"}
OWNER_TAGS: dict[int, str] = {0xA430: "CameraOwnerName", 0x013B: "Artist", 0x8298: "Copyright", 0x9C9D: "XPAuthor"}
# rights notices: a person's name only when they read as one (see the module docstring)
NOTICE_TAGS: frozenset[str] = frozenset({"Copyright", "rights", "CopyrightNotice"})
# IPTC IIM datasets (record 2, APP13 in a JPEG, tag 33723 in a TIFF) naming the photographer or
# giving their contact details; the copyright notice counts as EXIF Copyright does
IIM_OWNER_TAGS: dict[tuple[int, int], str] = {(2, 80): "By-line", (2, 118): "Contact", (2, 116): "CopyrightNotice"}
# a PNG's text keywords (PNG specification, 11.3.4) naming the picture's creator, or its rights holder
PNG_OWNER_KEYS: dict[str, str] = {"Author": "Author", "Copyright": "Copyright"}
_PLACEHOLDERS = {"", "unknown", "none", "n/a", "na", "-", "copyright", "(c)", "©", "all rights reserved", "0"}


def _text(value: Any) -> str:
    """An EXIF value as clean text (XP* tags are UTF-16LE byte strings)."""
    if isinstance(value, bytes):
        for codec in ("utf-16-le", "utf-8", "latin-1") if len(value) % 2 == 0 and b"\x00" in value else ("utf-8", "latin-1"):
            try:
                value = value.decode(codec)
                break
            except UnicodeDecodeError:
                continue
    if isinstance(value, (tuple, list)):
        if value and all(isinstance(v, int) for v in value):  # XP tags read as int tuples
            try:
                return _text(bytes(value))
            except ValueError:
                return ""
        return " ".join(_text(v) for v in value)
    return str(value).replace("\x00", "").strip()


def _degrees(value: Any) -> float | None:
    """(deg, min, sec) rationals to decimal degrees; None when unreadable."""
    try:
        parts = [float(v) for v in value]
        if not parts:
            return None
        parts += [0.0] * (3 - len(parts))
        result = parts[0] + parts[1] / 60.0 + parts[2] / 3600.0
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return result if math.isfinite(result) else None


def _band(value: float, positive: str, negative: str, limit: float) -> str:
    """A 10-degree band such as 40–50°N: coarse enough not to locate anyone."""
    if abs(value) > limit:
        return "invalid"
    hemisphere = positive if value >= 0 else negative
    low = int(abs(value) // 10 * 10)
    return f"{low}–{min(low + 10, int(limit))}°{hemisphere}"


def gps_finding(gps: Mapping[int, Any]) -> PersonalData | None:
    """A GPS position, reported as present with a coarse band; never the coordinates: where the photo
    was taken (GPSLatitude/GPSLongitude), else the place it shows (GPSDestLatitude/GPSDestLongitude),
    else a place named in words (GPSAreaInformation), its text withheld.

    Why the others: a camera app or an editor may write only the destination (the point photographed,
    a subject's house) or a place's name, and the photo passed as allowed with it, unreported."""
    return (_position(gps, 1, "EXIF GPS position")
            or _position(gps, 19, "EXIF GPS destination (GPSDestLatitude/GPSDestLongitude: the place shown)")
            or _area(gps.get(28)))


def _position(gps: Mapping[int, Any], first: int, what: str) -> PersonalData | None:
    """The position in the GPS tags `first` to `first + 3` (latitude's reference, latitude, longitude's
    reference, longitude: 1-4, or the destination's 19-22) as `gps_finding` reports it; None without one."""
    lat, lon = _degrees(gps.get(first + 1)), _degrees(gps.get(first + 3))
    if lat is None or lon is None:
        if gps.get(first + 1) is not None or gps.get(first + 3) is not None:
            return PersonalData("exif.gps", f"{what} present (unreadable; value withheld)")
        return None
    if str(gps.get(first, "N")).strip().upper().startswith("S"):
        lat = -lat
    if str(gps.get(first + 2, "E")).strip().upper().startswith("W"):
        lon = -lon
    when = " with a timestamp" if gps.get(29) or gps.get(7) else ""
    return PersonalData(
        "exif.gps",
        f"{what} present{when} (roughly {_band(lat, 'N', 'S', 90)}, {_band(lon, 'E', 'W', 180)};"
        " exact coordinates withheld)")


# The character codes an EXIF text of type UNDEFINED (GPSAreaInformation, UserComment) starts with
_TEXT_CODES = (b"ASCII\x00\x00\x00", b"JIS\x00\x00\x00\x00\x00", b"UNICODE\x00", b"\x00" * 8)


def _area(value: Any) -> PersonalData | None:
    """GPSAreaInformation (a place's name) as `exif.gps`, its length only; None when it names nothing."""
    if isinstance(value, bytes):
        value = value[8:] if value.startswith(_TEXT_CODES) else value
    text = _text(value) if value is not None else ""
    if text.lower() in _PLACEHOLDERS:
        return None
    return PersonalData("exif.gps", f"EXIF GPSAreaInformation names a place ({len(text)} characters; value withheld)")


# the GPS tags read: latitude and longitude with their references, the time and date stamps, the
# destination's latitude and longitude with their references, the area's name
GPS_TAGS = (1, 2, 3, 4, 7, 19, 20, 21, 22, 28, 29)


def _single(value: Any) -> Any:
    """A one-item tuple as its item, as Pillow's own directory reading gives it."""
    return value[0] if isinstance(value, tuple) and len(value) == 1 else value


def ifd_values(exif: Image.Exif, offset: int | None, wanted: Iterable[int], group: int | None = None
               ) -> dict[int, Any]:
    """The `wanted` tags of the EXIF directory at `offset` (None: the one after IFD0, IFD1),
    each decoded alone; {} when the block has no such directory. Raises on a broken one.

    Why: Pillow's `get_ifd` and a walk of `items()` decode every tag of a directory, so one tag
    of 500,000 rationals (4 MB, a file's worth of `8` bytes each) cost 2 s of CPU on each
    picture, 11 s for 16 MB, whatever the tags looked for: only these are read here."""
    fp, head = getattr(exif, "fp", None), getattr(exif, "head", None)
    if fp is None or head is None:
        return {}
    if offset is None:
        first = getattr(exif, "_info", None)  # (IFD0, read as the block was loaded: where IFD1 starts)
        offset = getattr(first, "next", 0)
        if not offset:
            return {}
    directory = TiffImagePlugin.ImageFileDirectory_v2(head, group=group)
    fp.seek(offset)
    directory.load(fp)
    return {tag: _single(directory[tag]) for tag in wanted if tag in directory}


def gps_values(exif: Image.Exif) -> dict[int, Any]:
    """The GPS directory's position tags (`GPS_TAGS`), only those decoded; {} without one. Raises on a broken one."""
    return ifd_values(exif, exif.get(GPS_IFD), GPS_TAGS, GPS_IFD) if GPS_IFD in exif else {}


def personal_data(exif: Image.Exif | None) -> list[PersonalData]:
    """Every personal-data item in one EXIF block. Never raises on broken metadata."""
    if not exif:
        return []
    out: list[PersonalData] = []
    try:
        gps = gps_values(exif)
        finding = gps_finding(gps) if gps else None
        if finding:
            out.append(finding)
    except Exception as exc:  # noqa: BLE001 - a malformed GPS IFD is reported as present
        log.debug("scrapeguard: unreadable GPS IFD: %s", exc)
        if GPS_IFD in exif:
            out.append(PersonalData("exif.gps", "EXIF GPS block present (unreadable; value withheld)"))
    tags: dict[int, Any] = {}
    try:
        if EXIF_IFD in exif:
            tags.update(ifd_values(exif, exif.get(EXIF_IFD), (*SERIAL_TAGS, *OWNER_TAGS, MAKER_NOTE), EXIF_IFD))
    except Exception as exc:  # noqa: BLE001
        log.debug("scrapeguard: unreadable Exif IFD: %s", exc)
    for tag in (*SERIAL_TAGS, *OWNER_TAGS):  # (IFD0's own, each decoded alone: `ifd_values`)
        try:
            value = exif.get(tag)
        except Exception as exc:  # noqa: BLE001 - one broken tag is no reason to miss the others
            log.debug("scrapeguard: unreadable EXIF tag %#x: %s", tag, exc)
            continue
        if value is not None:
            tags[tag] = value
    for tag, name in SERIAL_TAGS.items():
        text = _text(tags.get(tag, ""))
        if text.lower() not in _PLACEHOLDERS and text.strip("0 ") != "":
            out.append(PersonalData("exif.serial", f"EXIF {name} present ({len(text)} characters; value withheld)"))
    if not any(p.code == "exif.serial" for p in out) and isinstance(tags.get(MAKER_NOTE), bytes):
        try:
            found = maker_note_serial(tags[MAKER_NOTE], exif)
        except Exception as exc:  # noqa: BLE001 - a broken maker note is no serial number
            log.debug("scrapeguard: unreadable maker note: %s", exc)
            found = None
        if found is not None:
            maker, name, text = found
            out.append(PersonalData("exif.serial", f"EXIF maker note ({maker}) {name} present ({len(text)} characters; "
                                                   "value withheld)"))
    for tag, name in OWNER_TAGS.items():
        text = _text(tags.get(tag, ""))
        if _names_owner(name, text):
            out.append(PersonalData(
                "exif.owner", f"EXIF {name} names a person or owner ({len(text)} characters; value withheld)"))
    if not any(p.code == "exif.owner" for p in out) and isinstance(tags.get(MAKER_NOTE), bytes):
        try:
            owner = maker_note_owner(tags[MAKER_NOTE], exif)
        except Exception as exc:  # noqa: BLE001 - a broken maker note names no one
            log.debug("scrapeguard: unreadable maker note: %s", exc)
            owner = None
        if owner is not None:
            maker, name, text = owner
            out.append(PersonalData("exif.owner", f"EXIF maker note ({maker}) {name} names a person or owner "
                                                  f"({len(text)} characters; value withheld)"))
    return out


# ------------------------------------------------------------------ maker notes
MAKER_NOTE = 0x927C
MAX_MAKER_ENTRIES = 1_000  # entries read of a maker note's directory (a camera's have 30-200)
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 7: 1, 9: 4, 13: 4}  # BYTE ASCII SHORT LONG UNDEFINED SLONG IFD


def _entries(buf: bytes, at: int, order: str, base: int) -> dict[int, bytes | int]:
    """The entries of the TIFF-style directory at `at` in `buf`: tag -> its value's bytes (its
    number for one SHORT, LONG or IFD offset), values past 4 bytes found at `base` + their offset;
    entries whose value lies outside `buf` are left out."""
    count = struct.unpack_from(order + "H", buf, at)[0]
    out: dict[int, bytes | int] = {}
    for i in range(min(count, MAX_MAKER_ENTRIES)):
        entry = at + 2 + 12 * i
        if entry + 12 > len(buf):
            break
        tag, kind, n = struct.unpack_from(order + "HHI", buf, entry)
        size = _TYPE_SIZES.get(kind, 0) * n
        if not size:
            continue
        if size <= 4:
            raw = buf[entry + 8:entry + 8 + size]
        else:
            offset = base + struct.unpack_from(order + "I", buf, entry + 8)[0]
            if offset + size > len(buf):
                continue
            raw = buf[offset:offset + size]
        if n == 1 and kind in (3, 4, 9, 13):
            out[tag] = struct.unpack_from(order + ("H" if kind == 3 else "I"), raw)[0]
        else:
            out[tag] = raw
    return out


def _serial_text(value: bytes | int | None) -> str:
    """A serial number's text, "" for none, a placeholder or zeros."""
    if value is None:
        return ""
    text = str(value) if isinstance(value, int) else value.split(b"\x00", 1)[0].decode("latin-1").strip()
    return "" if text.lower() in _PLACEHOLDERS or not text.strip("0 ") else text


def maker_note_serial(note: bytes, exif: Image.Exif) -> tuple[str, str, str] | None:
    """(maker, tag name, text) of the camera's serial number in the EXIF maker note `note`
    (Canon, Nikon, Fujifilm, Panasonic, Olympus/OM), or None.

    Why: these makers write the body's serial number into their own maker note, Nikon only
    there, not as EXIF BodySerialNumber: a photo's camera, which owner registers and theft
    registers look cameras up by, passed unreported (ExifTool shows it as Serial Number)."""
    fp = getattr(exif, "fp", None)
    tiff = fp.getvalue() if isinstance(fp, io.BytesIO) else b""  # the EXIF block's bytes, offsets count from 0
    order = "<" if tiff[:2] == b"II" else ">"
    if note.startswith(b"Nikon\x00\x02"):  # type 3: a TIFF header of its own at byte 10, offsets from it
        inner = note[10:]
        inner_order = "<" if inner[:2] == b"II" else ">"
        entries = _entries(inner, struct.unpack_from(inner_order + "I", inner, 4)[0], inner_order, 0)
        return _named("Nikon", "SerialNumber", entries.get(0x001D))
    if note.startswith(b"FUJIFILM"):  # little-endian, offsets from the note's start
        entries = _entries(note, struct.unpack_from("<I", note, 8)[0], "<", 0)
        return _named("Fujifilm", "InternalSerialNumber", entries.get(0x0010))
    if note.startswith(b"OLYMPUS\x00") or note.startswith(b"OM SYSTEM\x00"):  # offsets from the note's start
        start = 12 if note.startswith(b"OLYMPUS") else 16
        inner_order = "<" if note[start - 4:start - 2] == b"II" else ">"
        equipment = _entries(note, start, inner_order, 0).get(0x2010)  # the Equipment directory
        if isinstance(equipment, int) and equipment + 2 <= len(note):
            return _named("Olympus", "SerialNumber", _entries(note, equipment, inner_order, 0).get(0x0101))
        return None
    if note.startswith(b"Panasonic\x00") and tiff:  # a directory at byte 12, offsets from the EXIF block's start
        at = tiff.find(note)
        return _named("Panasonic", "InternalSerialNumber",
                      _entries(tiff, at + 12, order, 0).get(0x0025)) if at >= 0 else None
    canon = _canon_entries(note, exif)
    if canon is not None:
        return _named("Canon", "SerialNumber", canon.get(0x000C)) or \
            _named("Canon", "InternalSerialNumber", canon.get(0x0096))
    return None


def _canon_entries(note: bytes, exif: Image.Exif) -> dict[int, bytes | int] | None:
    """The entries of a Canon maker note (a bare directory, offsets from the EXIF block's start), or
    None when the camera is no Canon or the note is not found in the block."""
    fp = getattr(exif, "fp", None)
    tiff = fp.getvalue() if isinstance(fp, io.BytesIO) else b""
    if not tiff or not _text(exif.get(0x010F) or "").lower().startswith("canon"):
        return None
    at = tiff.find(note)
    return _entries(tiff, at, "<" if tiff[:2] == b"II" else ">", 0) if at >= 0 else None


def maker_note_owner(note: bytes, exif: Image.Exif) -> tuple[str, str, str] | None:
    """(maker, tag name, text) of the owner's name in the EXIF maker note `note` (Canon's OwnerName,
    tag 0x0009 in ExifTool's Canon table), or None.

    Why: Canon bodies write the owner's name set in the camera there, not as EXIF CameraOwnerName,
    and a photo with it (and no serial number beside it) passed as allowed, unreported."""
    entries = _canon_entries(note, exif)
    value = entries.get(0x0009) if entries is not None else None
    text = value.split(b"\x00", 1)[0].decode("latin-1").strip() if isinstance(value, bytes) else ""
    return ("Canon", "OwnerName", text) if _names_owner("OwnerName", text) else None


def _named(maker: str, name: str, value: bytes | int | None) -> tuple[str, str, str] | None:
    text = _serial_text(value)
    return (maker, name, text) if text else None


def iptc_personal_data(iptc: Mapping[tuple[int, int], Any] | None,
                       already: list[PersonalData] | None = None) -> list[PersonalData]:
    """The photographer named, or their contact given, in an IPTC IIM block (as Pillow's
    `IptcImagePlugin.getiptcinfo` reads it), unless `already` (the EXIF findings) has an owner.

    Why: newsroom and stock-photo tools write the photographer's name as IIM By-line rather
    than EXIF Artist, so the same name that was stripped from one photo passed through in
    another, with the photographer's e-mail (Contact) beside it. Never raises."""
    return _owner_fields("IPTC", IIM_OWNER_TAGS, iptc, already)


def text_personal_data(text: Mapping[str, Any] | None, already: list[PersonalData] | None = None
                       ) -> list[PersonalData]:
    """The author named in a PNG's text chunks (the PNG specification's `Author` keyword, and a
    `Copyright` notice that reads as a person's name), unless `already` has an owner.

    Why: `Author` is PNG's own field for the picture's creator, as EXIF Artist is a photo's:
    the name was stripped from the redacted copy, but never reported, so it passed. Never raises."""
    return _owner_fields("PNG text", PNG_OWNER_KEYS, text, already)


def _owner_fields(where: str, fields: Mapping[Any, str], values: Mapping[Any, Any] | None,
                  already: list[PersonalData] | None) -> list[PersonalData]:
    """One `exif.owner` item for the first of `fields` (key -> name) in `values` that names
    someone (`_names_owner`; a value may be a list of repeats), none if `already` has one."""
    if not values or "exif.owner" in {p.code for p in already or []}:
        return []
    for key, name in fields.items():
        value = values.get(key)
        for item in value if isinstance(value, list) else [value] if value else []:
            text = _text(item)
            if _names_owner(name, text):
                return [PersonalData("exif.owner", f"{where} {name} names a person or owner ({len(text)} characters; "
                                                   "value withheld)")]
    return []


MAX_THUMBNAIL_BYTES = 1 << 20  # (one fits an APP1 segment's 64 kB; a TIFF's may be larger)


# IFD1's tags: a JPEG thumbnail's offset and length; an uncompressed one's width, height, compression, colour
# model, samples a pixel, strips' offsets and lengths
_THUMBNAIL_TAGS = (0x0201, 0x0202, 0x0100, 0x0101, 0x0103, 0x0106, 0x0115, 0x0111, 0x0117)
MAX_THUMBNAIL_SIDE = 1024


def exif_thumbnail(exif: Image.Exif | None) -> bytes | None:
    """The thumbnail an EXIF block carries (IFD1's JPEGInterchangeFormat, or its uncompressed RGB strips as a PNG),
    or None.

    Why: editors have kept the camera's thumbnail of a photo they cropped, so the thumbnail
    can show a face the picture no longer does; a copy handed over whole hands it over too. An
    uncompressed one (TIFF's compression 1, which ExifTool reads as ThumbnailTIFF) was not read (review).
    Never raises on broken metadata."""
    if not exif:
        return None
    try:
        ifd1 = ifd_values(exif, None, _THUMBNAIL_TAGS)  # (the directory of the EXIF thumbnail)
        offset, length = int(ifd1.get(0x0201, 0)), int(ifd1.get(0x0202, 0))
        source = getattr(exif, "fp", None)  # the EXIF (TIFF) bytes the offsets count in
        if source is None:
            return None
        if offset <= 0 and ifd1.get(0x0103) == 1:
            return _uncompressed_thumbnail(ifd1, source)
        if offset <= 0 or not 0 < length <= MAX_THUMBNAIL_BYTES:
            return None
        source.seek(offset)
        thumbnail: bytes = source.read(length)
    except Exception as exc:  # noqa: BLE001 - a broken IFD1 is no thumbnail
        log.debug("scrapeguard: unreadable EXIF thumbnail: %s", exc)
        return None
    return thumbnail if thumbnail.startswith(b"\xff\xd8") else None


def _uncompressed_thumbnail(ifd1: dict[int, Any], source: Any) -> bytes | None:
    """An uncompressed RGB thumbnail's strips, as a PNG; None for another colour model or a size out of bounds.
    Raises on broken offsets."""
    width, height = int(ifd1.get(0x0100, 0)), int(ifd1.get(0x0101, 0))
    if ifd1.get(0x0106, 2) != 2 or ifd1.get(0x0115, 3) != 3 or not (
            0 < width <= MAX_THUMBNAIL_SIDE and 0 < height <= MAX_THUMBNAIL_SIDE):
        return None
    offsets, lengths = ifd1.get(0x0111), ifd1.get(0x0117)
    offsets = offsets if isinstance(offsets, tuple) else (offsets,)
    lengths = lengths if isinstance(lengths, tuple) else (lengths,)
    need, pixels = width * height * 3, bytearray()
    for at, size in zip(offsets, lengths):
        if len(pixels) >= need:
            break
        source.seek(int(at))
        pixels += source.read(min(int(size), need - len(pixels)))
    if len(pixels) < need:
        return None
    out = io.BytesIO()
    Image.frombytes("RGB", (width, height), bytes(pixels)).save(out, "PNG", compress_level=1)
    return out.getvalue()


# Pictures in the metadata analysed at most (`images`: those that are not the picture itself),
# pictures gathered at most (starts that may not decode: a decode attempt each), and a JPEG's
# segments walked for them: as many as the decoder walks (a JPEG with more is refused as damaged)
MAX_METADATA_PICTURES = 4
MAX_METADATA_CANDIDATES = 64
MAX_METADATA_SEGMENTS = MAX_JPEG_SEGMENTS
# The next marker after a scan's coded data: an 0xFF (after any fill bytes) not followed by a stuffed 0 or a restart
# (the last fill byte is the one matched: `\xff+` backtracked, 73 ms over a 12 MB photo of noise against 5)
_NEXT_MARKER: Final = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


# What a thumbnail showing a face its picture does not is said to be: the picture was cut from it
CROPPED = "a photo cropped after it was taken?"


def metadata_pictures(data: bytes, places: list[str] | None = None) -> list[bytes]:
    """Every picture start (`hidden_pictures.picture_starts`) in a JPEG's application and comment
    segments (APP0-APP15, COM, before, between and after its scans), each to its segment's end: a JFXX
    thumbnail (APP0), the EXIF thumbnail and a maker note's preview (APP1), Photoshop's thumbnail
    (APP13), a portrait in a comment; then the pictures a file holds where no viewer looks (a
    PNG's or a WebP's other chunks, past a BMP's pixels: `hidden_pictures.unshown_pictures`) and,
    in any format, the thumbnails its XMP holds (`xmp_pictures`). `NotAllSearched` past
    `MAX_METADATA_CANDIDATES` of them, `MAX_METADATA_SEGMENTS` segments or
    `hidden_pictures.MAX_TRAILING_STARTS` start markers in all. `places`, when given, gets
    where each was found, said as a finding says it ("a JPEG's APP13 segment (a thumbnail…)").

    Why: only the EXIF thumbnail (IFD1) was looked at, and a thumbnail of the uncropped photo in
    another segment, which any metadata reader extracts, passed with the face it shows. Stray bytes
    and markers without a length between segments are stepped over, as decoders (and `decode`'s
    header walk) step over them: one junk byte before Photoshop's segment had hidden its thumbnail.
    Every start, not the first few: four decoy starts had filled the places of the pictures
    looked at, and a portrait after them passed. Past the first scan too: a portrait in a segment
    between a progressive JPEG's scans, or before its end marker, passed (review)."""
    out: list[bytes] = []
    budget = [MAX_TRAILING_STARTS]
    scanned = False
    pos = 2 if data.startswith(b"\xff\xd8") else len(data)
    for _ in range(MAX_METADATA_SEGMENTS):
        if pos + 4 > len(data):
            break
        if data[pos] != 0xFF:  # a stray byte between segments: stepped over, as decoders step over it
            pos = data.find(b"\xff", pos)
            if pos < 0:
                break
            continue
        marker = data[pos + 1]
        if marker == 0xFF:  # a fill byte
            pos += 1
            continue
        if marker == 0xD9:
            break
        if marker in (0x00, 0x01) or 0xD0 <= marker <= 0xD7:  # a marker without a length (RST, TEM, a stuffed 0)
            pos += 2
            continue
        end = min(len(data), pos + 2 + int.from_bytes(data[pos + 2:pos + 4], "big"))
        if marker == 0xDA:
            # a scan: its header, then its coded data up to the next marker (a stuffed 0 and a restart are the
            # scan's); the segments between and after the scans are looked in too
            found = _NEXT_MARKER.search(data, max(end, pos + 4))
            if found is None:
                break
            pos, scanned = found.start(), True
            continue
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            for at in picture_starts(data, pos + 4, end, budget):
                if len(out) >= MAX_METADATA_CANDIDATES:
                    raise NotAllSearched(f"more than {MAX_METADATA_CANDIDATES} pictures in the metadata")
                out.append(data[at:end])
                if places is not None:
                    segment = "a JPEG comment" if marker == 0xFE else f"a JPEG's APP{marker - 0xE0} segment"
                    places.append(f"{segment} after its first scan, where no viewer looks" if scanned else
                                  f"{segment}, where no viewer looks" if marker == 0xFE else
                                  f"{segment} (a thumbnail: {CROPPED})")
        pos = max(end, pos + 4)
    else:
        raise NotAllSearched(f"more than {MAX_METADATA_SEGMENTS} segments before the picture")
    hidden: list[str] = []
    out += unshown_pictures(data, MAX_METADATA_CANDIDATES - len(out), budget, hidden)
    thumbnails = xmp_pictures(data)
    if places is not None:
        places += [f"{place}, where no viewer looks" for place in hidden]
        places += [f"the XMP's thumbnail ({CROPPED})"] * len(thumbnails)
    return out + thumbnails


# The XMP property a thumbnail is written in (xmp:Thumbnails, each an xmpGImg:image in base64), and its namespace
_XMP_IMG = "http://ns.adobe.com/xap/1.0/g/img/"
_XMP_THUMBNAIL = f"{{{_XMP_IMG}}}image"


def xmp_pictures(data: bytes) -> list[bytes]:
    """The thumbnails the image's XMP packets hold (xmpGImg:image, base64-decoded), at most
    `MAX_METADATA_PICTURES`; a packet that is not well-formed is read by the recovering parser
    (`_xmp_tree`). `NotAllSearched` when such a packet names more thumbnails than that reading found
    (what it holds is then taken for a picture, which a redaction strips).

    Why: Adobe's applications write the picture's thumbnail into its XMP, where any metadata reader
    finds it, in a JPEG, PNG or WebP alike: only thumbnails held as bytes in a JPEG's segments were
    looked at, so a portrait there, of the photo before it was cropped, passed with the picture. Why
    recovered: one raw "&" in a caption made the packet unreadable, and its portrait passed with it."""
    import base64
    import binascii

    from scrapeguard.signals.embedded import extract, xmp_text

    if data.startswith(b"\xff\xd8") and _XMP_IMG.encode() not in data:
        return []  # (a JPEG's packets are written plain: its walk for them costs ~0.15 s a 6-MB photo)
    out: list[bytes] = []
    for packet, container in extract(data).xmp:
        try:
            text = xmp_text(packet)
        except ValueError:  # (no markup at all: no thumbnail in it; it raised out of the guard, review)
            continue
        if _XMP_IMG not in text:  # (most packets hold no thumbnail: not parsed again)
            continue
        root, malformed = _xmp_tree(text, container)
        found = list(root.iter(_XMP_THUMBNAIL)) if root is not None else []
        if malformed and len(found) < len(_XMP_IMAGE_NAME.findall(text)):
            raise NotAllSearched(f"an XMP packet that is not well-formed ({container}) names a thumbnail "
                                 "that could not be read")
        for elem in found:
            try:
                picture = base64.b64decode("".join(elem.itertext()))
            except (binascii.Error, ValueError):
                continue
            if picture:
                out.append(picture)
            if len(out) >= MAX_METADATA_PICTURES:
                return out
    return out


# A thumbnail as an XMP packet writes it (`<xmpGImg:image>`, whatever the prefix): what a packet that
# is not well-formed must have given the recovering parser's tree, or the reading is incomplete
_XMP_IMAGE_NAME = re.compile(r"""<[^\s<>/:="'!?]+:image[\s>/]""")


def _xmp_tree(text: str, container: str) -> tuple[Any, bool]:
    """The element tree of an XMP packet's text and whether it is not well-formed: strict
    (defusedxml: no DTD, no entity) first; a packet that refuses read again by the recovering
    parser the rights reader uses (`signals.embedded.recovered_xml`: it loads nothing and expands
    no entity). The tree is None when even that reads no element.

    Why: one raw "&" in a caption ("Tom & Jerry") made the whole packet unreadable, and the GPS
    position, serial number and owner in it passed unreported, with only the rights reader's note."""
    from defusedxml import ElementTree as SafeET
    from lxml import etree

    from scrapeguard.signals.embedded import recovered_xml

    try:
        return SafeET.fromstring(text, forbid_dtd=True), False
    except Exception as exc:  # noqa: BLE001 - defusedxml refusals and parse errors alike
        log.debug("scrapeguard: XMP in %s not well-formed, read by a recovering parser: %s", container, exc)
    try:
        return recovered_xml(text), True
    except etree.XMLSyntaxError as exc:
        log.debug("scrapeguard: unreadable XMP in %s: %s", container, exc)
        return None, True


# A word in capitals (two letters or more), as a camera's menu or an agency's caption writes a notice
_CAPITALS_WORD: Final = re.compile(r"[^\W\d_]{2,}")


def _names_owner(field_name: str, text: str) -> bool:
    """Does an owner or author field name someone? A placeholder does not; a rights notice
    only when it reads as a person's name (see the module docstring), its words in capitals read
    as capitalised ones.

    Why: `person_name` takes a word in capitals for an acronym, as a page's text would be, so
    "(c) JOHN SMITH", as photographers type it into a camera, named no one, and the photo passed as
    allowed with the name in it, where "(c) John Smith" was stripped."""
    if text.lower().strip(" .") in _PLACEHOLDERS:
        return False
    if field_name in NOTICE_TAGS:
        from scrapeguard.detect.names import person_name

        if person_name(text):
            return True
        spelled = _CAPITALS_WORD.sub(lambda m: m.group().title() if m.group().isupper() else m.group(), text)
        return spelled != text and person_name(spelled)
    return True


# ----------------------------------------------------------------------- XMP
XMP_NS = {
    "exif": "http://ns.adobe.com/exif/1.0/",
    "aux": "http://ns.adobe.com/exif/1.0/aux/",
    "exifEX": "http://cipa.jp/exif/1.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
    "tiff": "http://ns.adobe.com/tiff/1.0/",
}
_XMP_SERIALS: dict[str, str] = {
    f"{{{XMP_NS['aux']}}}SerialNumber": "aux:SerialNumber",
    f"{{{XMP_NS['aux']}}}LensSerialNumber": "aux:LensSerialNumber",
    f"{{{XMP_NS['exifEX']}}}BodySerialNumber": "exifEX:BodySerialNumber",
    f"{{{XMP_NS['exifEX']}}}LensSerialNumber": "exifEX:LensSerialNumber",
}
_XMP_OWNERS: dict[str, str] = {
    f"{{{XMP_NS['dc']}}}creator": "creator",
    f"{{{XMP_NS['exifEX']}}}CameraOwnerName": "CameraOwnerName",
    f"{{{XMP_NS['aux']}}}OwnerName": "OwnerName",
    f"{{{XMP_NS['tiff']}}}Artist": "Artist",  # (EXIF Artist as XMP writes it: passed where EXIF's was found, review)
    f"{{{XMP_NS['dc']}}}rights": "rights",
    # the photographer's contact details (IPTC Core CreatorContactInfo): personal whatever they say
    **{f"{{{XMP_NS['Iptc4xmpCore']}}}{field}": f"CreatorContactInfo {field}"
       for field in ("CiEmailWork", "CiTelWork", "CiAdrExtadr")},
}
_XMP_GPS = (f"{{{XMP_NS['exif']}}}GPSLatitude", f"{{{XMP_NS['exif']}}}GPSLongitude")
# where the photo was taken, else the place it shows, else a place named in words, as in EXIF (`gps_finding`):
# a packet holding only the destination or the area's name passed unreported (found in review)
_GPS_NAMES = (("GPSLatitude", "GPSLongitude", "GPS position"),
              ("GPSDestLatitude", "GPSDestLongitude", "GPS destination (the place shown)"))
_XMP_GPS_ALL = tuple(f"{{{XMP_NS['exif']}}}{name}" for lat, lon, _ in _GPS_NAMES for name in (lat, lon)) + (
    f"{{{XMP_NS['exif']}}}GPSAreaInformation",)
_XMP_COORD = re.compile(r"^\s*(\d{1,3}(?:\.\d+)?)(?:,(\d{1,2}(?:\.\d+)?))?(?:,(\d{1,2}(?:\.\d+)?))?\s*([NSEW])\s*$",
                        re.IGNORECASE)
_XMP_SIGNED = re.compile(r"^\s*([-+]?\d{1,3}(?:\.\d+)?)\s*$")  # (what some exporters write: `-0.1278`)
_XMP_WANTED = frozenset({*_XMP_SERIALS, *_XMP_OWNERS, *_XMP_GPS_ALL})  # (the properties read)


def _xmp_degrees(value: str) -> float | None:
    """XMP's GPSCoordinate ("DDD,MM,SSk" or "DDD,MM.mmk", and as exporters write it, "DD.dddk" or a signed
    "-DD.ddd") to signed decimal degrees; None for what is none (minutes or seconds of 60 or more, past 180)."""
    signed = _XMP_SIGNED.match(value or "")
    m = None if signed else _XMP_COORD.match(value or "")
    if signed:
        result = float(signed.group(1))
    elif m is None or float(m.group(2) or 0) >= 60 or float(m.group(3) or 0) >= 60 or (
            m.group(2) and "." in m.group(1)):
        return None
    else:
        result = float(m.group(1)) + float(m.group(2) or 0) / 60.0 + float(m.group(3) or 0) / 3600.0
        result = -result if m.group(4).upper() in ("S", "W") else result
    return result if abs(result) <= 180 else None


def _xmp_values(elem: Any, budget: NodeBudget) -> list[str]:  # noqa: ANN401
    """An XMP property's text: its own, or its rdf:Seq/Bag/Alt items' (elements only: a recovering
    parser's tree holds comments and entities too), walked on the packet's `budget` (NodesSpent past it)."""
    own = (elem.text or "").strip()
    if own:
        return [own]
    return [(e.text or "").strip() for e in budget.walk(elem)
            if e is not elem and isinstance(e.tag, str) and (e.text or "").strip()]


# The wanted properties (`_XMP_WANTED`) as a packet writes them, by local name (an element, or a
# prefixed attribute), each with its finding's code: what a packet that is not well-formed must have
# given the recovering parser's tree (`_xmp_props`)
_XMP_NAMED: dict[str, str] = {
    **dict.fromkeys((name.rpartition("}")[2] for name in _XMP_GPS_ALL), "exif.gps"),
    **dict.fromkeys(("SerialNumber", "LensSerialNumber", "BodySerialNumber"), "exif.serial"),
    # (CreatorContactInfo by the fields of it that count: `_XMP_OWNERS`)
    **dict.fromkeys(("creator", "CameraOwnerName", "OwnerName", "Artist", "CiEmailWork", "CiTelWork", "CiAdrExtadr"),
                    "exif.owner"),
}
_XMP_NAMES = "|".join(_XMP_NAMED)
_XMP_NAME = re.compile(rf"""<(?:[^\s<>/:="'!?]+:)?({_XMP_NAMES})[\s>/]|[\s"'][^\s<>/:="']+:({_XMP_NAMES})\s*=""")
_XMP_READ_AS = {code: {key for key in _XMP_WANTED if _XMP_NAMED.get(key.rpartition("}")[2]) == code}
                for code in set(_XMP_NAMED.values())}  # (the properties that give each code)


def _xmp_props(packets: list[tuple[bytes, str]]) -> Iterator[tuple[dict[str, list[str]], dict[str, str], str]]:
    """The wanted properties (`_XMP_WANTED`) of each XMP packet of an image (`extract(data).xmp`), by
    name; what a packet that is not well-formed names but the recovering parser's reading of it
    (`_xmp_tree`) did not give: finding code -> the property's name (for a finding of what is present
    but unreadable); and why it went unread. A packet whose properties' walks pass one `NodeBudget` is
    read so far, the rest unread (a property nested in itself 12,000 deep was walked once per level:
    300 KB took 8 s)."""
    from scrapeguard.signals.embedded import xmp_text
    from scrapeguard.signals.embedded.xmp import NodeBudget, NodesSpent

    for packet, container in packets:
        try:  # in the packet's own encoding (UTF-16 and UTF-32 too)
            text = xmp_text(packet)
        except ValueError as exc:  # (no markup at all: nothing named)
            log.debug("scrapeguard: unreadable XMP in %s: %s", container, exc)
            continue
        root, malformed = _xmp_tree(text, container)
        props: dict[str, list[str]] = {}
        budget, spent = NodeBudget(), False
        # every element (the first 20,000 were: a Photoshop history of 30,000 entries hid the exif:
        # properties written after it); the packet was parsed whole, each look is cheap
        for elem in root.iter() if root is not None else ():
            for key in _XMP_WANTED.intersection(elem.attrib) if elem.attrib else ():
                props.setdefault(key, []).append(str(elem.attrib[key]).strip())
            if isinstance(elem.tag, str) and elem.tag in _XMP_WANTED:
                try:
                    props.setdefault(elem.tag, []).extend(_xmp_values(elem, budget))
                except NodesSpent:
                    spent = True
                    break
        unread: dict[str, str] = {}
        for match in _XMP_NAME.finditer(text) if malformed or spent else ():
            name = match.group(1) or match.group(2)
            code = _XMP_NAMED[name]
            if code not in unread and not any(props.get(key) for key in _XMP_READ_AS[code]):
                unread[code] = name
        yield props, unread, "whose properties nest too deep to read" if spent else "that is not well-formed"


def xmp_gps_position(data: bytes) -> tuple[float, float] | None:
    """The first readable XMP GPS position of an image (decimal degrees), for the `exif-gps` detector where
    EXIF holds none: found as personal data there, it placed the photo in no country. Never raises."""
    from scrapeguard.signals.embedded import extract

    try:
        for props, _unread, _why in _xmp_props(extract(data).xmp):
            lat = _xmp_degrees(next((v for v in props.get(_XMP_GPS[0], []) if v), ""))
            lon = _xmp_degrees(next((v for v in props.get(_XMP_GPS[1], []) if v), ""))
            if lat is not None and lon is not None:
                return lat, lon
    except Exception:  # noqa: BLE001 - broken metadata is no position
        return None
    return None


def _named_gps(first: Callable[[str], str | None], where: str) -> PersonalData | None:
    """The GPS finding of metadata whose properties `first` gives by name (XMP's, a C2PA assertion's), as
    `gps_finding` reads EXIF's: the position, else the destination, else the area's name; None without."""
    for lat_name, lon_name, what in _GPS_NAMES:
        lat, lon = first(lat_name), first(lon_name)
        if lat or lon:
            la, lo = _xmp_degrees(lat or ""), _xmp_degrees(lon or "")
            if la is None or lo is None:
                return PersonalData("exif.gps", f"{where} {what} present (unreadable; value withheld)")
            return PersonalData("exif.gps", f"{where} {what} present (roughly {_band(la, 'N', 'S', 90)}, "
                                            f"{_band(lo, 'E', 'W', 180)}; exact coordinates withheld)")
    area = (first("GPSAreaInformation") or "").strip()
    if area.lower() in _PLACEHOLDERS:
        return None
    return PersonalData("exif.gps",
                        f"{where} GPSAreaInformation names a place ({len(area)} characters; value withheld)")


def _first_serial(values: Iterable[str]) -> str | None:
    """The first of a metadata field's values that is a serial number: not a placeholder, nor zeros."""
    return next((v for v in values if v.lower() not in _PLACEHOLDERS and v.strip("0 ")), None)


def embedded_personal_data(data: bytes, already: list[PersonalData] | None = None) -> list[PersonalData]:
    """Personal data in the image's XMP packets and C2PA manifests (GPS, serial numbers, creator/owner),
    each kind once and not again when `already` (the EXIF findings) holds it. A packet that is not
    well-formed is read by the recovering parser; what it names that even that did not read is
    reported as present, unreadable, its value withheld (a redaction strips it with the packet).
    Malformed XMP raises nothing here: the embedded-rights reader notes it."""
    from scrapeguard.signals.embedded import extract

    embedded = extract(data)
    have = {p.code for p in already or []}
    return _xmp_personal_data(embedded.xmp, have) + _c2pa_personal_data(embedded.c2pa, have)


def _xmp_personal_data(packets: list[tuple[bytes, str]], have: set[str]) -> list[PersonalData]:
    """`embedded_personal_data` of XMP packets; the codes found are added to `have`."""
    out: list[PersonalData] = []
    exif_ns = f"{{{XMP_NS['exif']}}}"
    for props, unread, why in _xmp_props(packets):
        gps = _named_gps(lambda name: next((v for v in props.get(exif_ns + name, []) if v), None), "XMP")
        if gps is not None and "exif.gps" not in have:
            out.append(gps)
            have.add("exif.gps")
        for key, name in _XMP_SERIALS.items():
            text = _first_serial(props.get(key, []))
            if text and "exif.serial" not in have:
                out.append(PersonalData("exif.serial", f"XMP {name} present ({len(text)} characters; value withheld)"))
                have.add("exif.serial")
        for key, name in _XMP_OWNERS.items():
            text = next((v for v in props.get(key, []) if _names_owner(name, v)), None)
            if text and "exif.owner" not in have:
                out.append(PersonalData(
                    "exif.owner", f"XMP {name} names a person or owner ({len(text)} characters; value withheld)"))
                have.add("exif.owner")
        for code, name in unread.items():
            if code not in have:
                out.append(PersonalData(code, f"XMP {name} present in a packet {why} "
                                              "(unreadable; value withheld)"))
                have.add(code)
    return out


# C2PA's metadata assertions (`signals.embedded.c2pa.personal_assertions`) name the same properties as XMP
# does, as JSON-LD keys (`exif:GPSLatitude`, `dc:creator`), and schema.org's CreativeWork its `author`
_C2PA_SERIALS: Final = ("SerialNumber", "BodySerialNumber", "LensSerialNumber")
_C2PA_OWNERS: Final = ("CameraOwnerName", "OwnerName", "creator", "author", "rights", "CiEmailWork", "CiTelWork",
                       "CiAdrExtadr")
_JSONLD_VALUES_READ: Final = 5_000  # (values walked in one assertion: a decoded store is bounded already)


def _c2pa_personal_data(stores: list[tuple[bytes, str]], have: set[str]) -> list[PersonalData]:
    """`embedded_personal_data` of C2PA manifest stores. Why: Content Credentials carry the EXIF and IPTC
    fields as assertions (C2PA's own `stds.exif` example holds a GPS position); a photo whose only position,
    serial number or author was there passed as allowed with them (found in review). An assertion that breaks
    off is not read here (the rights reader says the store does)."""
    from scrapeguard.signals.embedded.c2pa import personal_assertions

    out: list[PersonalData] = []
    for store, _container in stores:
        for label, value in personal_assertions(store):
            if isinstance(value, Exception):
                continue
            named = _jsonld_named(value)
            where = f"C2PA {label} assertion"
            gps = _named_gps(lambda name: next(iter(named.get(name, ())), None), where)
            if gps is not None and "exif.gps" not in have:
                out.append(gps)
                have.add("exif.gps")
            for name in _C2PA_SERIALS:
                text = _first_serial(named.get(name, ()))
                if text and "exif.serial" not in have:
                    out.append(PersonalData("exif.serial", f"{where}: {name} present ({len(text)} characters; "
                                                           "value withheld)"))
                    have.add("exif.serial")
            for name in _C2PA_OWNERS:
                text = next((v for v in named.get(name, ()) if _names_owner(name, v)), None)
                if text and "exif.owner" not in have:
                    out.append(PersonalData("exif.owner", f"{where}: {name} names a person or owner ({len(text)} "
                                                          "characters; value withheld)"))
                    have.add("exif.owner")
    return out


def _jsonld_named(value: Any) -> dict[str, list[str]]:  # noqa: ANN401 - CBOR's or JSON's own types
    """A JSON-LD object's text values by their keys' local names (`exif:GPSLatitude` -> GPSLatitude), nested
    objects' too (a CreatorContactInfo's e-mail); a schema.org `author` or `creator` object's `name` as a
    creator, unless its `@type` says it is no Person (an Organization's)."""
    named: dict[str, list[str]] = {}
    stack: deque[tuple[str, Any, int]] = deque([("", value, 0)])  # (breadth first: the top keys before the deep)
    walked = 0
    while stack and walked < _JSONLD_VALUES_READ:
        key, item, depth = stack.popleft()
        walked += 1
        if isinstance(item, dict):
            if key in ("author", "creator"):
                kind = item.get("@type", "Person")  # (`Person`, `schema:Person`, `http://schema.org/Person`)
                kinds = [re.split(r"[:#/]", str(k))[-1] for k in (kind if isinstance(kind, list) else [kind])]
                if "Person" not in kinds:
                    continue
                stack.append(("creator", item.get("name"), depth + 1))
            if "@value" in item:
                stack.append((key, item["@value"], depth + 1))
            stack.extend((re.split(r"[:#/]", k)[-1], v, depth + 1) for k, v in item.items()
                         if isinstance(k, str) and not k.startswith("@") and depth < 16)
        elif isinstance(item, list) and depth < 16:
            stack.extend((key, v, depth + 1) for v in item)
        elif isinstance(item, (str, int, float)) and not isinstance(item, bool) and key:
            named.setdefault(key, []).append(str(item).strip())
    return named
