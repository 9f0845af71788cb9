"""Opt-outs inside the image bytes: IPTC `plus:DataMining` in XMP (and in the photo metadata
a C2PA manifest carries: `stds.iptc`, `c2pa.metadata`, `cawg.metadata`) and the C2PA / CAWG
training-and-data-mining assertion (consent-signals.md §8).

Read cheaply from the container structure, never by decoding pixels:
- JPEG: APP1 XMP (main packet, and extended XMP reassembled by GUID across segments),
  APP11 JUMBF (C2PA), stopping at SOS;
- PNG: `XML:com.adobe.xmp` in `iTXt` (zlib-compressed or not), `tEXt` or `zTXt`, ImageMagick's
  hex `Raw profile type xmp`, and `caBX` (C2PA), to IEND;
- WebP: RIFF chunks `XMP ` and `C2PA`;
- TIFF (both byte orders, BigTIFF too): IFD tag 700 (XMP) and tag 0xCD41 (C2PA), every
  IFD of the chain;
- GIF: the `XMP DataXMP` application extension (the raw packet before its 258-byte
  "magic trailer") and the `C2PA_GIF` one (the store over data sub-blocks);
- JPEG XL: its Brotli-compressed metadata boxes (`brob`: XMP, C2PA) undone, within the caps;
- AVIF / HEIF and other ISO BMFF images, JPEG XL and JPEG 2000 containers: a bounded
  scan for XMP packets (`<?xpacket begin` … `<?xpacket end`, or `<x:xmpmeta` …
  `</x:xmpmeta>`, the wrapper the XMP spec defines so packets can be found in unknown
  files), in UTF-8, UTF-16 or UTF-32 of either byte order, and for C2PA manifest stores
  (the JUMBF superbox labelled `c2pa`);
- BMP, ICO/CUR, Netpbm, QOI and bare JPEG XL / JPEG 2000 codestreams: no metadata
  container, nothing to read.
An image without an embedded manifest whose `Link` header announces a remote one (`rel="c2pa-manifest"`)
gets a `c2pa.manifest.remote` warning: it is not fetched (readers do no I/O), so its opt-out is unread.
An image in any other format gets the same scan and an `embedded.format_unsupported`
warning, so a decision never claims to have seen rights data it could not look for.
An SVG answer is read as one XML document (its `<metadata>`), only when it holds the
word `DataMining` at all.

XMP is parsed with defusedxml (no DTDs, no entity expansion); the prefix of the PLUS
namespace is resolved, not assumed; a DataMining property in another namespace (the PLUS one written
slightly off: `…/xmp/1.0` without its `/`, `https://`) counts only where its value is an IPTC code. A packet that parse refuses (one raw "&" in a
caption) is read again by lxml's recovering parser, which loads nothing and expands no
entity in text (`xmp.malformed`, a warning); a DataMining property even that does not
read is `xmp.unreadable`, one of `UNREADABLE`: an error finding the policy's on_error
decides. C2PA assertions are found by walking the JUMBF boxes and decoding the small
CBOR map with a bounded decoder (or the JSON of a `json` content box); a store that breaks off gives the assertions read whole
before the break. Honouring an opt-out needs no signature check (a forged opt-out only
makes us stricter); an `allowed` is not trusted without one, so it is never read as ALLOW.
A training-mining assertion that could not be read (its store broken before it is whole,
its entries unreadable) is `c2pa.manifest.unreadable` / `c2pa.assertion.malformed`, of
`UNREADABLE` too, when it could deny the usage. Anything else truncated, lying about its
length or unparsable is UNKNOWN with a warning, never a silent allow.
"""

from __future__ import annotations

import json
import logging
import re
import struct
import zlib
from dataclasses import dataclass, field
from collections.abc import Callable
from typing import Any

from defusedxml import ElementTree as SafeET
from lxml import etree

from scrapeguard.codings import decode as undo
from scrapeguard.signals.base import Family, ResponseView, Signal, Usage, Verdict
from scrapeguard.signals.usage import (C2PA_ASPECTS, C2PA_ENTRIES, IPTC_DATA_MINING, aspects_of, combine, describe,
                                       verdict_for)

log = logging.getLogger("scrapeguard")

MAX_XMP_BYTES = 4 * 1024 * 1024
MAX_STORE_BYTES = 8 * 1024 * 1024
MAX_SEGMENTS = 4096
MAX_DEPTH = 32
MAX_ITEMS = 20_000

PLUS_NS = "http://ns.useplus.org/ldf/xmp/1.0/"
IPTC_EXT_NS = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XMP_MAIN = b"http://ns.adobe.com/xap/1.0/\x00"
_XMP_EXT = b"http://ns.adobe.com/xmp/extension/\x00"
_ASSERTION_LABELS = ("cawg.training-mining", "c2pa.training-mining")


@dataclass(slots=True)
class Embedded:
    """What the container held: XMP packets and C2PA stores with where they came from,
    and what could not be read."""

    xmp: list[tuple[bytes, str]] = field(default_factory=list)
    c2pa: list[tuple[bytes, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    format: str = ""
    unsupported: str = ""  # why the container was not parsed (only scanned), if so


# ----------------------------------------------------------------------- containers
def extract(data: bytes) -> Embedded:
    """Find XMP packets and C2PA manifest stores in JPEG, PNG or WebP bytes."""
    if data.startswith(b"\xff\xd8"):
        return _jpeg(data)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _png(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp(data)
    if data[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return _tiff(data)
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return _gif(data)
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        name = "AVIF" if brand in (b"avif", b"avis") else "HEIF" if brand in _HEIF_BRANDS else \
            f"ISO BMFF ({brand.decode('latin-1')!r})"
        return _scan(data, Embedded(format=name))
    if data.startswith(b"\x00\x00\x00\x0cJXL \r\n\x87\n"):
        return _jxl_boxes(data, _scan(data, Embedded(format="JPEG XL")))
    if data.startswith(b"\x00\x00\x00\x0cjP  \r\n\x87\n"):
        return _scan(data, Embedded(format="JPEG 2000"))
    if data.startswith(_NO_METADATA):
        return Embedded(format="no metadata container")  # BMP, ICO, CUR, Netpbm, QOI, bare codestreams
    head = data[:8].hex(" ")
    return _scan(data, Embedded(format="unrecognised image",
                                unsupported=f"image format not recognised (first bytes {head})"))


def _jxl_boxes(data: bytes, out: Embedded) -> Embedded:
    """The Brotli-compressed metadata boxes (`brob`) of a JPEG XL container, undone: XMP (`xml `)
    and C2PA (`jumb`), bounded by the reading caps; the rest of the file is `_scan`ned already.

    Why: libjxl writes metadata boxes Brotli-compressed by default (`cjxl --compress_boxes`), and
    such an XMP's DMI-PROHIBITED was only noted as unread, the image allowed."""
    boxes, broken = _boxes(data, 0, len(data))  # (a cut box is kept up to the end: its start may decode)
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
            out.problems.append(f"JPEG XL: a Brotli-compressed {what} box (brob) could not be undone "
                                f"({type(exc).__name__}: {str(exc)[:120]})")
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
_NO_METADATA = (b"BM", b"\x00\x00\x01\x00", b"\x00\x00\x02\x00", b"\xff\x0a", b"qoif", b"\xff\x4f\xff\x51",
                *(b"P%d%s" % (n, space) for n in range(1, 7) for space in (b" ", b"\t", b"\n", b"\r")))


def _jpeg(data: bytes) -> Embedded:
    """The APPn segments up to SOS, and those a progressive JPEG carries between its scans. A
    segment length under 2 is skipped as libjpeg (and Pillow) skip it, at the next 0xFF; a walk
    that breaks off before SOS (no marker, a segment longer than the file) has the rest of the
    bytes scanned (`_scan`), so an XMP packet or a C2PA store a decoder still reads after a lying
    segment is not hidden by it."""
    out = Embedded(format="JPEG")
    ext: dict[bytes, tuple[bytearray, list[tuple[int, int]]]] = {}
    jumbf: dict[tuple[bytes, bytes], list[tuple[int, bytes]]] = {}

    def take(marker: int, payload: bytes) -> None:
        if marker == 0xE1 and payload.startswith(_XMP_MAIN):
            out.xmp.append((payload[len(_XMP_MAIN):], "XMP in JPEG APP1"))
        elif marker == 0xE1 and payload.startswith(_XMP_EXT):
            body = payload[len(_XMP_EXT):]
            if len(body) < 40:
                out.problems.append("JPEG: extended XMP segment too short")
                return
            guid = body[:32]
            full, offset = struct.unpack(">II", body[32:40])
            chunk = body[40:]
            if full > MAX_XMP_BYTES or offset + len(chunk) > full:
                out.problems.append(f"JPEG: extended XMP chunk out of bounds (length {full}, offset {offset})")
                return
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
            jumbf.setdefault(key, []).append((seq, box))
            if sum(len(b) for _, b in jumbf[key]) > MAX_STORE_BYTES:
                out.problems.append("JPEG: C2PA store larger than the reading cap")
                jumbf.pop(key)

    pos, n, count = 2, len(data), 0
    stopped = -1  # where the walk broke off before SOS or EOI, if it did
    scans = -1  # where the first scan starts, if the walk reached one
    while pos < n and count < MAX_SEGMENTS:
        count += 1
        if data[pos] != 0xFF:
            out.problems.append(f"JPEG: no marker at byte {pos}")
            stopped = pos
            break
        while pos < n and data[pos] == 0xFF:
            pos += 1  # fill bytes
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
    if scans != -1:
        _between_scans(data, scans, take, out)
    if stopped != -1:  # what a decoder may still find past the break: XMP packets and C2PA stores by their markers
        found = _scan(data[stopped:], Embedded(format="JPEG (past the broken segment)"))
        out.xmp += found.xmp
        out.c2pa += found.c2pa
        out.problems += found.problems
    for guid, (buf, covered) in ext.items():
        got = sum(length for _, length in covered)
        if got < len(buf):
            out.problems.append(f"JPEG: extended XMP {guid[:8].decode('latin-1')}… incomplete ({got}/{len(buf)} bytes)")
        out.xmp.append((bytes(buf), "extended XMP in JPEG APP1 segments"))
    for parts in jumbf.values():
        # every APP11 segment repeats the box header (LBox, TBox[, XLBox]); keep it once
        parts.sort(key=lambda p: p[0])
        first = parts[0][1]
        header_len = 16 if first[:4] == b"\x00\x00\x00\x01" else 8
        store = first + b"".join(box[header_len:] for _, box in parts[1:])
        out.c2pa.append((store, "C2PA manifest store in JPEG APP11 (JUMBF)"))
    return out


def _between_scans(data: bytes, start: int, take: Callable[[int, bytes], None], out: Embedded) -> None:
    """The XMP (APP1) and C2PA (APP11) segments among a JPEG's scans: a progressive JPEG may carry
    them between its scans (decoders read them there). Found by what opens their payload (the XMP
    namespaces, a JUMBF box) with literal searches in C — a search for the 2-byte marker crawls
    over entropy-coded data full of 0xFF — then checked to be a segment; at most MAX_SEGMENTS."""
    found = 0
    for needle, offset, marker in ((_XMP_MAIN, 4, 0xE1), (_XMP_EXT, 4, 0xE1), (b"jumb", 16, 0xEB)):
        pos = start + offset
        while True:
            at = data.find(needle, pos)
            if at == -1:
                break
            pos = at + len(needle)
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
    while pos < n and count < MAX_SEGMENTS:
        count += 1
        if pos + 8 > n:
            out.problems.append("PNG: truncated chunk header")
            break
        length, ctype = struct.unpack(">I", data[pos:pos + 4])[0], data[pos + 4:pos + 8]
        if pos + 12 + length > n:
            out.problems.append(f"PNG: chunk {ctype!r} claims {length} bytes, {n - pos - 12} left (truncated)")
            if ctype == b"caBX":
                out.c2pa.append((b"", "C2PA manifest in PNG caBX chunk (truncated)"))
            break
        start, pos = pos + 8, pos + 12 + length  # (a chunk's body is copied only when read: not the pixels')
        if ctype in _PNG_TEXT and data.startswith(_PNG_XMP_KEYWORDS, start):
            found = _png_xmp(ctype, data[start:start + length], out)
            if found is not None:
                out.xmp.append(found)
        elif ctype == b"caBX":
            out.c2pa.append((data[start:start + length], "C2PA manifest in PNG caBX chunk"))
        elif ctype == b"IEND":
            break
    return out


_PNG_TEXT = (b"iTXt", b"tEXt", b"zTXt")
_PNG_XMP_KEY, _PNG_RAW_XMP_KEY = b"XML:com.adobe.xmp", b"Raw profile type xmp"
# ImageMagick 6's copy of a JPEG's APP1 segment: EXIF, or XMP behind its namespace header
_PNG_RAW_APP1_KEY = b"Raw profile type APP1"
_PNG_XMP_KEYWORDS = (_PNG_XMP_KEY + b"\x00", _PNG_RAW_XMP_KEY + b"\x00", _PNG_RAW_APP1_KEY + b"\x00")


def _png_xmp(ctype: bytes, body: bytes, out: Embedded) -> tuple[bytes, str] | None:
    """The XMP packet of a PNG text chunk keyed `XML:com.adobe.xmp` (in iTXt as the XMP
    spec writes it, in tEXt or zlib-compressed zTXt as other writers do) or ImageMagick's
    hex `Raw profile type xmp`, with where it came from; None (and a problem) when the
    chunk cannot be read.

    Why: ExifTool, Pillow and Krita read all of these; only iTXt was read here, so the same
    opt-out in a tEXt or zTXt chunk passed without a word."""
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
        cap = 3 * MAX_XMP_BYTES if raw else MAX_XMP_BYTES  # hex: two digits a byte, and line breaks
        try:
            inflater = zlib.decompressobj()
            text = inflater.decompress(text, cap)
            if inflater.unconsumed_tail:
                out.problems.append("PNG: compressed XMP larger than the reading cap")
        except zlib.error as exc:
            out.problems.append(f"PNG: compressed XMP unreadable ({exc})")
            return None
    if not raw:
        return text, f"XMP in PNG {kind} chunk"
    packet = raw_profile(text, out)
    if packet is not None and keyword == _PNG_RAW_APP1_KEY:
        if not packet.startswith(_XMP_MAIN):  # (EXIF: the image half reads it)
            return None
        packet = packet[len(_XMP_MAIN):]
    return None if packet is None else (packet, f"XMP in PNG {kind} chunk ({keyword.decode('latin-1')})")


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
    return out


# TIFF field types and their sizes (TIFF 6.0 §2, BigTIFF's 16-18)
_TIFF_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8}
_TIFF_XMP, _TIFF_C2PA = 700, 0xCD41
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
            if tag not in (_TIFF_XMP, _TIFF_C2PA):
                continue
            what = "XMP in TIFF tag 700" if tag == _TIFF_XMP else "C2PA manifest in TIFF tag 0xCD41"
            items = struct.unpack(order + value_fmt, data[entry + 4:entry + 4 + value_len])[0]
            size = _TIFF_SIZES.get(ftype, 0) * items
            cap = MAX_XMP_BYTES if tag == _TIFF_XMP else MAX_STORE_BYTES
            field_at = entry + 4 + value_len
            if size <= value_len:
                where = field_at
            else:
                where = struct.unpack(order + value_fmt, data[field_at:field_at + value_len])[0]
            if not size or size > cap or where + size > n:
                out.problems.append(f"{'TIFF' if tag == _TIFF_XMP else 'TIFF C2PA'}: tag {tag} claims {size} bytes at "
                                    f"byte {where}, {max(n - where, 0)} left (truncated, or over the reading cap)")
                if tag == _TIFF_C2PA:
                    out.c2pa.append((b"", f"{what} (truncated)"))
                continue
            (out.xmp if tag == _TIFF_XMP else out.c2pa).append((data[where:where + size], what))
        next_at = start + count * entry_len
        if next_at + value_len > n:
            break  # no room for the next-IFD pointer: the chain ends here
        offset = struct.unpack(order + value_fmt, data[next_at:next_at + value_len])[0]
    return out


# The XMP spec's GIF embedding: the raw packet, then this "magic trailer" (0x01, 0xFF … 0x00)
# so that a decoder skipping data sub-blocks lands on the block terminator after it.
_GIF_XMP_MAGIC = b"\x01" + bytes(range(255, -1, -1))
MAX_GIF_STEPS = 1_000_000  # data sub-blocks walked before the rest is only scanned


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
            if steps > MAX_GIF_STEPS:
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
                out.problems.append(f"GIF: more than {MAX_GIF_STEPS} data sub-blocks; the rest was only scanned")
                _scan(data, out)
            else:
                out.problems.append("GIF: ends before its trailer (truncated)")
            break
        block = data[pos]
        if block == 0x3B:  # trailer
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
                    _scan(data[body:body + MAX_XMP_BYTES], out)
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
            _scan(data[pos:], out)
            break
    return out


# ----------------------------------------------------------------------- the scan
_OPEN_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,63}:)?x[am]pmeta[\s>/]")
_PACKET_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?x[am]pmeta\s*>")
_C2PA_JUMD = re.compile(rb"jumd.{16}[\x02\x03\x06\x07\x0a\x0b\x0e\x0f\x12\x13\x16\x17\x1a\x1b\x1e\x1f]c2pa\x00", re.DOTALL)
MAX_SCAN_FINDS = 16
MAX_FALSE_STARTS = 100_000


def _packet_start(data: bytes, pos: int) -> tuple[int, bool] | None:
    """The next `<?xpacket begin` (True) or `<prefix:xmpmeta` (False) at or after `pos`;
    `(-1, False)` after too many look-alikes. Literal searches first (C speed on any
    input), the tag pattern only where they hit."""
    wrapper = data.find(b"<?xpacket begin", pos)
    best = (wrapper, True) if wrapper != -1 else None
    nxt = {b"xmpmeta": data.find(b"xmpmeta", pos), b"xapmeta": data.find(b"xapmeta", pos)}
    for _ in range(MAX_FALSE_STARTS):
        live = [(i, word) for word, i in nxt.items() if i != -1]
        if not live:
            break
        i, word = min(live)
        if best is not None and i > best[0]:
            break
        lt = data.rfind(b"<", max(pos, i - 65), i)
        if lt != -1 and _OPEN_TAG.match(data, lt):
            return (lt, False) if best is None or lt < best[0] else best
        nxt[word] = data.find(word, i + 7)  # each word's hits are found once, left to right
    else:
        return (-1, False)  # gave up: too many look-alikes
    return best


# XMP may be written in UTF-16 or UTF-32 (XMP Part 1 §7.3), where none of the ASCII markers
# above occurs as bytes. A marker in either byte order is the same run of bytes one NUL
# apart ("<\0?\0x…" is UTF-16LE from its "<", UTF-16BE from the NUL before it): each
# width is searched for that run with the NULs at its ends left off, which starts with "<"
# (searched as a compiled literal: `bytes.find` of a pattern holding NULs crawled through
# zero-filled pixel data at a byte a step, 0.3 s a search over 64 MB; the regex engine's
# literal-prefix scan takes 0.05-0.2 s whatever the bytes).
_WIDE_UNITS = (2, 4)


def _wide(text: str, unit: int) -> re.Pattern[bytes]:
    """`text` (ASCII) in UTF-16/32 of `unit` bytes, without the NULs at its ends."""
    return re.compile(re.escape(text.encode("utf-16-le" if unit == 2 else "utf-32-le").rstrip(b"\x00")))


def _at(pattern: re.Pattern[bytes], data: bytes, pos: int, endpos: int | None = None) -> int:
    """Where `pattern` first occurs in `data[pos:endpos]`, or -1 (`bytes.find` by regex)."""
    m = pattern.search(data, pos) if endpos is None else pattern.search(data, pos, endpos)
    return m.start() if m else -1


def _last_byte(pattern: re.Pattern[bytes], data: bytes, pos: int, endpos: int) -> int:
    """The index of the last byte of `pattern`'s first occurrence in `data[pos:endpos]`, or -1."""
    m = pattern.search(data, pos, endpos)
    return m.end() - 1 if m else -1


# per code-unit width: packet begin, bare packet, packet trailer, "?>", bare packet end
_WIDE_MARKERS = {unit: tuple(_wide(text, unit) for text in (
    "<?xpacket begin", "<x:xmpmeta", "<?xpacket end", "?>", "</x:xmpmeta>")) for unit in _WIDE_UNITS}
# either packet start in one search (one pass over an image's bytes, not two)
_WIDE_STARTS = {unit: re.compile(markers[0].pattern + b"|" + markers[1].pattern) for unit, markers in _WIDE_MARKERS.items()}


def _wide_packet(data: bytes, first: int, last: int, unit: int) -> bytes:
    """The packet whose first "<" byte is at `first` and whose last ">" byte is at `last`,
    in the byte order that fits: little-endian ends a NUL after `last`, big-endian starts a
    NUL before `first`. Where both fit (ASCII reads the same either way), the order of the
    byte-order mark the packet wrapper's `begin` attribute holds (XMP Part 1 §7.3), else
    the reading with fewer characters past Latin-1 (the wrong one misaligns non-ASCII text
    into noise), else little-endian."""
    little = data[first:last + unit] if data[last + 1:last + unit] == b"\x00" * (unit - 1) else None
    big = data[first - unit + 1:last + 1] if first >= unit - 1 and data[first - unit + 1:first] == b"\x00" * (
        unit - 1) else None
    if little is None or big is None:
        return little if little is not None else big if big is not None else data[first:last + 1]
    le, be = ("utf-16-le", "utf-16-be") if unit == 2 else ("utf-32-le", "utf-32-be")
    for codec, packet in ((be, big), (le, little)):
        head = packet[:24 * unit].decode(codec, "replace")
        if head.startswith('<?xpacket begin="\ufeff"') or head.startswith("<?xpacket begin='\ufeff'"):
            return packet

    def noise(codec: str, packet: bytes) -> int:
        text = packet[:len(packet) - len(packet) % unit].decode(codec, "replace")
        return len(text) - len(text.encode("latin-1", "ignore"))

    return big if noise(be, big) < noise(le, little) else little


def _scan_wide(data: bytes, out: Embedded, fmt: str, unit: int) -> None:
    """XMP packets in UTF-16 (`unit` 2) or UTF-32 (4), either byte order, anywhere in
    `data`: from `<?xpacket begin` to the end of `<?xpacket end …?>`, or from `<x:xmpmeta`
    to `</x:xmpmeta>`, in that encoding; each sliced on its code units (`xmp_text` reads the
    encoding from where its NULs are). Literal searches only, at most `MAX_SCAN_FINDS`
    packets, each at most the reading cap."""
    begin, _bare, trailer, close, bare_end = _WIDE_MARKERS[unit]
    either = _WIDE_STARTS[unit]
    name = f"UTF-{8 * unit}"
    pos = 0
    for _ in range(MAX_SCAN_FINDS):
        start = _at(either, data, pos)
        if start == -1:
            return
        limit, last = start + MAX_XMP_BYTES, -1
        if begin.match(data, start):
            tail = _at(trailer, data, start, limit)
            if tail != -1:
                last = _last_byte(close, data, tail, tail + 256 * unit)
        if last == -1:
            last = _last_byte(bare_end, data, start, limit)
        if last == -1:
            out.problems.append(f"{fmt}: {name} XMP packet at byte {start} has no end within "
                                f"{MAX_XMP_BYTES} bytes (truncated)")
            return
        out.xmp.append((_wide_packet(data, start, last, unit), f"XMP packet in {fmt} (found by scan, {name})"))
        pos = last + 1
    if _at(either, data, pos) != -1:
        out.problems.append(f"{fmt}: more than {MAX_SCAN_FINDS} {name} XMP packets; the rest were not read")


def _scan(data: bytes, out: Embedded) -> Embedded:
    """XMP packets and C2PA stores anywhere in `data`, found by their own markers.

    Why a scan: an XMP packet is written to be found this way (the packet wrapper of
    XMP Part 1 §7.3), and a C2PA store is a JUMBF superbox whose description box is
    labelled `c2pa`, whatever holds it. Bounded: literal searches in C (a tag pattern
    only where they hit), at most 16 finds of each kind, each at most the reading cap.
    A packet in UTF-16 or UTF-32 is found by the same markers in its encoding (`_scan_wide`).
    """
    fmt = out.format or "image"
    pos = 0
    for _ in range(MAX_SCAN_FINDS):
        found = _packet_start(data, pos)
        if found is None:
            break
        start, wrapped = found
        if start == -1:
            out.problems.append(f"{fmt}: more than {MAX_FALSE_STARTS} false XMP packet starts; the scan stopped")
            break
        end, limit = -1, start + MAX_XMP_BYTES
        if wrapped:
            trailer = data.find(b"<?xpacket end", start, limit)
            if trailer != -1:
                close = data.find(b"?>", trailer, trailer + 256)
                end = close + 2 if close != -1 else -1
        if end == -1:
            close_tag = _PACKET_END.search(data, start, limit)
            end = close_tag.end() if close_tag else -1
        if end == -1:
            out.problems.append(f"{fmt}: XMP packet at byte {start} has no end within {MAX_XMP_BYTES} bytes (truncated)")
            break
        out.xmp.append((data[start:end], f"XMP packet in {fmt} (found by scan)"))
        pos = end
    else:
        if _packet_start(data, pos) is not None:
            out.problems.append(f"{fmt}: more than {MAX_SCAN_FINDS} XMP packets; the rest were not read")
    for unit in _WIDE_UNITS:
        _scan_wide(data, out, fmt, unit)
    pos = 0
    for _ in range(MAX_SCAN_FINDS):
        m = _C2PA_JUMD.search(data, pos)
        if m is None:
            break
        k = m.start()
        pos = m.end()
        if k >= 12 and data[k - 8:k - 4] == b"jumb":
            start, length = k - 12, struct.unpack(">I", data[k - 12:k - 8])[0]
        elif k >= 20 and data[k - 16:k - 12] == b"jumb" and struct.unpack(">I", data[k - 20:k - 16])[0] == 1:
            start, length = k - 20, struct.unpack(">Q", data[k - 12:k - 4])[0]
        else:
            continue  # a jumd box not opening a superbox: not a store
        if length == 0:
            length = len(data) - start
        what = f"C2PA manifest store in {fmt} (found by scan)"
        if length > MAX_STORE_BYTES or start + length > len(data):
            out.c2pa.append((b"", what + " (truncated, or over the reading cap)"))
            continue
        out.c2pa.append((data[start:start + length], what))
        pos = max(pos, start + length)
    return out


# ----------------------------------------------------------------------- XMP
# Byte-order marks an XMP packet may start with (XMP Part 1 §7.3: UTF-8, UTF-16 or UTF-32,
# either byte order), longest first: UTF-32LE's mark begins with UTF-16LE's.
_XMP_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _xmp_encoding(packet: bytes) -> tuple[str, int]:
    """The encoding of an XMP packet and where its text starts: a byte-order mark, else the
    NUL bytes around its first "<" (UTF-16/32 without a mark), else UTF-8."""
    for bom, codec in _XMP_BOMS:
        if packet.startswith(bom):
            return codec, len(bom)
    first = packet.find(b"<")
    if first == -1:
        return "utf-8", 0
    # ASCII markup reads the same in either byte order one byte apart: the code units are
    # counted from the packet's start, and "<" must come with the NULs of the character after
    # it (a tag name, "?"), so a stray NUL before a UTF-8 packet is no pattern
    zeros3, at = b"\x00\x00\x00", first % 4
    if at == 0 and packet[first + 1:first + 4] == zeros3 and packet[first + 5:first + 8] == zeros3:
        return "utf-32-le", first
    if at == 3 and packet[first - 3:first] == zeros3 and packet[first + 1:first + 4] == zeros3:
        return "utf-32-be", first - 3
    if first % 2 == 0 and packet[first + 1:first + 2] == b"\x00" and packet[first + 3:first + 4] == b"\x00":
        return "utf-16-le", first
    if first % 2 == 1 and packet[first - 1] == 0 and packet[first + 1:first + 2] == b"\x00":
        return "utf-16-be", first - 1
    return "utf-8", 0


def xmp_text(packet: bytes) -> str:
    """The XML of an XMP packet (from its first "<" to its last ">") as text, whatever
    encoding the packet is in: the one reading every XMP consumer uses.

    Why: a packet in UTF-16 or UTF-32 (which XMP allows) was cut inside its characters by a
    byte search for "<" and ">", and its DataMining and GPS went unread without a word.
    Raises ValueError when there is no XML in it."""
    codec, start = _xmp_encoding(packet)
    unit = 4 if codec.startswith("utf-32") else 2 if codec.startswith("utf-16") else 1
    body = packet[start:]
    text = body[:len(body) - len(body) % unit].decode(codec, "replace")
    first, last = text.find("<"), text.rfind(">")
    if first == -1 or last < first:
        raise ValueError("no XML in the XMP packet")
    return text[first:last + 1]


def data_mining_codes(packet: bytes) -> list[str]:
    """Every `DataMining` value (PLUS namespace, or IPTC Ext as written by some tools)
    as its upper-cased last path segment. Raises on malformed or hostile XML, whether or not
    it holds a DataMining (a packet that cannot be read is not one without an opt-out):
    `read_data_mining` reads such a packet with a recovering parser."""
    text = xmp_text(packet)
    return _codes(_whole_tree_values(SafeET.fromstring(text, forbid_dtd=True), text))


_DM_NAMES = frozenset({f"{{{PLUS_NS}}}DataMining", f"{{{IPTC_EXT_NS}}}DataMining"})
_RDF_RESOURCE = f"{{{RDF_NS}}}resource"
_RDF_LI = f"{{{RDF_NS}}}li"
_DM_ATTRIBUTE = re.compile(r"DataMining\s*=")  # what any attribute form must hold (`plus:DataMining="…"`)


def _element_values(elem: Any) -> list[str]:  # noqa: ANN401
    """The values of one DataMining element: `rdf:resource` or its text; else every item of an
    `rdf:Bag` / `rdf:Seq` / `rdf:Alt` in it; else the first text or resource inside it (an
    `rdf:Description` wrapper); [""] when it has none.

    Why every item: the property takes one value, but one written as a list was read by its first
    item only, so `DMI-UNSPECIFIED, DMI-PROHIBITED` passed as unspecified, the prohibition unseen."""
    value = elem.get(_RDF_RESOURCE) or (elem.text or "").strip()
    if value:
        return [value]
    items = [v for li in elem.iter(_RDF_LI) if (v := li.get(_RDF_RESOURCE) or (li.text or "").strip())]
    return items or [_inner_value(elem)]


def _inner_value(elem: Any) -> str:  # noqa: ANN401
    """The first text or resource inside a DataMining element; "" when it has none."""
    value = next(((e.text or "").strip() for e in elem.iter()  # (elements only: an unexpanded entity's text is no value)
                  if isinstance(e.tag, str) and (e.text or "").strip()), "")
    return value or next((e.get(_RDF_RESOURCE, "") for e in elem.iter() if e.get(_RDF_RESOURCE)), "")


def _whole_tree_values(root: Any, text: str) -> list[str]:  # noqa: ANN401
    """The raw `DataMining` values of a tree the strict parser built from `text`, looked up
    over the whole tree: elements by name (a search in C), attributes only when `text` can hold
    one at all.

    Why whole: the tree is already bounded by the packet (`MAX_XMP_BYTES`), and a DataMining
    after a long list (Photoshop's DocumentAncestors, 25,000 ids) is then read, not taken for
    an unreadable packet; walking it node by node up to `MAX_ITEMS` stopped short of it."""
    values: list[str] = []
    found = 0  # properties (not values: a Bag holds several) found under the PLUS / IPTC names
    if _DM_ATTRIBUTE.search(text):
        for elem in root.iter():
            attrib = elem.attrib
            if attrib and not _DM_NAMES.isdisjoint(attrib):
                hits = [value for key, value in attrib.items() if key in _DM_NAMES]
                values.extend(hits)
                found += len(hits)
    for name in sorted(_DM_NAMES):
        for elem in root.iter(name):
            values.extend(_element_values(elem))
            found += 1
    # one in a namespace misspelt (no trailing `/`, https): counted by properties, so a Bag of two values
    # under the right name does not hide a DMI-PROHIBITED under the wrong one
    if "DataMining" in text and found < len(_DATA_MINING_NAME.findall(text)):
        return _any_namespace_values(root)
    return values


def _property_values(name: str, values: list[str]) -> list[str]:
    """The values of a property named `name` that count as DataMining: all of them under the PLUS
    (or IPTC Ext) name; under a DataMining of any other namespace, those that are IPTC codes.

    Why the others: the PLUS namespace written slightly off (`http://ns.useplus.org/ldf/xmp/1.0`,
    no trailing `/`; `https://…`) put its DMI-PROHIBITED in another namespace, and the image was
    let through without a word. A DMI code says whose vocabulary it is; another value does not."""
    if name in _DM_NAMES:
        return values
    if name.rpartition("}")[2] != "DataMining":
        return []
    return [v for v in values if (codes := _codes([v])) and codes[0].startswith("DMI-")]


def _any_namespace_values(root: Any) -> list[str]:  # noqa: ANN401
    """The raw values of every DataMining property of a strict tree (`_property_values`), in any
    namespace: slower than the look-up by name, only for a packet holding one it did not find."""
    values: list[str] = []
    for elem in root.iter():
        for key, value in elem.attrib.items():
            values.extend(_property_values(key, [value]))
        if isinstance(elem.tag, str) and elem.tag.endswith("DataMining"):
            values.extend(_property_values(elem.tag, _element_values(elem)))
    return values


def _data_mining_values(root: Any) -> tuple[list[str], bool]:  # noqa: ANN401
    """The raw `DataMining` values in a tree a recovering parser built (lxml), one per
    property, empty ones too, walked node by node up to `MAX_ITEMS` (such a tree may be any
    shape junk gives it); and whether the walk ended before that (False: the rest unseen)."""
    values: list[str] = []
    for count, elem in enumerate(root.iter()):
        if count >= MAX_ITEMS:
            return values, False
        if not isinstance(elem.tag, str):  # an lxml comment, processing instruction or entity
            continue
        for key, value in elem.attrib.items():
            values.extend(_property_values(key, [value]))
        if elem.tag.endswith("DataMining"):
            values.extend(_property_values(elem.tag, _element_values(elem)))
    return values, True


def _codes(values: list[str]) -> list[str]:
    return [v.strip().rstrip("/").rsplit("/", 1)[-1].upper() for v in values if v.strip()]


@dataclass(frozen=True, slots=True)
class DataMiningReading:
    """What an XMP packet (or an SVG) says of data mining, and how well it could be read.

    `malformed`: why the strict parse refused it (it was then read by a recovering parser);
    `unread`: why a DataMining property in it may have gone unread (an opt-out may be there)."""

    codes: list[str]
    malformed: str = ""
    unread: str = ""


# A DataMining property as written (a prefixed attribute, an element with or without a
# prefix): each the recovering parse must have read, or the reading is incomplete.
_DATA_MINING_BYTES = tuple("DataMining".encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))
_DATA_MINING_NAME = re.compile(r"""<(?:[^\s<>/:="']+:)?DataMining[\s>/]|[\s"'][^\s<>/:="']+:DataMining\s*=""")


def read_data_mining(source: bytes, *, dtd: bool = False) -> DataMiningReading:
    """The `DataMining` codes of an XMP packet (or of a whole XML document such as an SVG,
    `dtd=True`, where a DTD is no fault): strict first, as `data_mining_codes`; only when
    that fails, a recovering parse that loads nothing (no DTD, no external entity, no
    network) and expands no entity in text. That reading counts only if every DataMining
    property written in the text was read; otherwise `unread` says why.

    Why: one unescaped "&" in a caption ("Smith & Sons") made the whole packet unreadable,
    and its DMI-PROHIBITED was not honoured (a note, and the image allowed)."""
    try:
        text = xmp_text(source)
    except ValueError as exc:  # (one that never names DataMining, in any of XMP's encodings, hides no opt-out)
        named = any(name in source for name in _DATA_MINING_BYTES)
        return DataMiningReading([], str(exc), "what it holds is unknown" if named else "")
    try:  # the strict tree is read whole (a document's metadata, a packet's DataMining, may come last)
        values = _whole_tree_values(SafeET.fromstring(text, forbid_dtd=not dtd), text)
    except Exception as exc:  # noqa: BLE001 - ParseError, DTDForbidden, EntitiesForbidden …
        malformed = f"{type(exc).__name__}: {str(exc)[:160]}"
    else:
        return DataMiningReading(_codes(values))
    parser = etree.XMLParser(recover=True, resolve_entities=False, load_dtd=False, no_network=True,
                             huge_tree=False, encoding="utf-8")
    root, failed = None, "no element"
    try:
        root = etree.fromstring(text.encode("utf-8", "replace"), parser)
    except etree.XMLSyntaxError as exc:
        failed = f"{type(exc).__name__}: {str(exc)[:160]}"
    if root is None:  # (an empty or garbled packet that never names DataMining hides no opt-out: malformed only)
        return DataMiningReading([], malformed, f"not even a recovering parser read it ({failed})" if "DataMining" in text else "")
    # (a recovering parse of a packet is walked only so far; a document's is read whole)
    values, whole = (_whole_tree_values(root, text), True) if dtd else _data_mining_values(root)
    return _checked(values, text, malformed, "by a recovering parser" if whole else
                    f"by a recovering parser whose walk stopped at {MAX_ITEMS} XML nodes")


def _checked(values: list[str], text: str, malformed: str, how: str) -> DataMiningReading:
    """A reading of `values` that says so when they are fewer than the DataMining properties
    written in `text` (an empty value, or one an unexpanded entity holds, counts as unread)."""
    codes = _codes(values)
    written = len(_DATA_MINING_NAME.findall(text))
    missing = written - len(codes)
    unread = f"{missing} of its {written} DataMining properties not read ({how})" if missing > 0 else ""
    return DataMiningReading(codes, malformed, unread)


# ----------------------------------------------------------------------- SVG
def svg_mentions_data_mining(body: bytes) -> bool:
    """Whether an SVG's text holds the word `DataMining` at all: one byte search for an
    ASCII-compatible body, its text for a UTF-16 / UTF-32 one. Only then is it parsed."""
    codec, start = _xmp_encoding(body)
    if codec == "utf-8":
        return b"DataMining" in body
    unit = 4 if codec.startswith("utf-32") else 2
    rest = body[start:]
    return "DataMining" in rest[:len(rest) - len(rest) % unit].decode(codec, "replace")


# ----------------------------------------------------------------------- JUMBF + CBOR
class Truncated(ValueError):
    """A box or CBOR item claims more bytes than there are."""


def _boxes(buf: bytes, start: int, end: int) -> tuple[list[tuple[bytes, int, int]], str]:
    """The boxes between `start` and `end`, and where they break off ("" nowhere). A box that
    claims more bytes than there are is kept up to `end`: its start may hold whole what a
    reader needs (the assertions of a store whose last APP11 segment was lost)."""
    out: list[tuple[bytes, int, int]] = []
    pos = start
    while pos < end:
        if pos + 8 > end:
            return out, f"box header cut at byte {pos}"
        lbox, tbox = struct.unpack(">I", buf[pos:pos + 4])[0], buf[pos + 4:pos + 8]
        header = 8
        if lbox == 1:
            if pos + 16 > end:
                return out, "XLBox cut"
            lbox, header = struct.unpack(">Q", buf[pos + 8:pos + 16])[0], 16
        elif lbox == 0:
            lbox = end - pos
        if lbox < header:
            return out, f"box {tbox!r} claims {lbox} bytes, under its own header"
        if len(out) >= MAX_ITEMS:
            return out, "too many boxes"
        if pos + lbox > end:
            out.append((tbox, pos + header, end))
            return out, f"box {tbox!r} claims {lbox} bytes, {end - pos} left"
        out.append((tbox, pos + header, pos + lbox))
        pos += lbox
    return out, ""


def _label(buf: bytes, start: int, end: int) -> str:
    """The label of a `jumd` description box (UUID, toggles, NUL-terminated label)."""
    if end - start < 17:
        return ""
    toggles = buf[start + 16]
    if not toggles & 0x02:
        return ""
    label_end = buf.find(b"\x00", start + 17, end)
    return buf[start + 17:label_end if label_end != -1 else end].decode("utf-8", "replace")


def _walk_assertions(store: bytes, take: Callable[[str, list[tuple[bytes, int, int]], str], bool]) -> str:
    """Walk the labelled superboxes of every manifest in a store, in order: `take(label, children,
    cut)` reads one (True) or lets the walk go into it (False), and may raise `Truncated` to stop
    the walk there. Returns where the walk stopped ("" nowhere: the store was read whole)."""

    def walk(start: int, end: int, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise Truncated("JUMBF nested too deeply")
        boxes, broken = _boxes(store, start, end)
        for tbox, s, e in boxes:
            if tbox != b"jumb":
                continue
            children, cut = _boxes(store, s, e)
            if not children or children[0][0] != b"jumd":
                continue
            if not take(_label(store, children[0][1], children[0][2]), children, cut):
                walk(s, e, depth + 1)
        if broken:
            raise Truncated(broken)

    try:
        walk(0, len(store), 0)
    except Truncated as exc:
        return str(exc)
    return ""


def _content_box(children: list[tuple[bytes, int, int]]) -> tuple[bytes, int, int] | None:
    """An assertion's CBOR or JSON content box (after its description box), if it has one."""
    return next(((t, cs, ce) for t, cs, ce in children[1:] if t in (b"cbor", b"json")), None)


def _decoded(store: bytes, content: tuple[bytes, int, int]) -> Any:  # noqa: ANN401 - CBOR's or JSON's own types
    kind, cs, ce = content
    return _cbor(store, cs, ce, 0)[0] if kind == b"cbor" else _json(store, cs, ce)


def training_assertions(store: bytes) -> tuple[list[tuple[str, Any]], str]:
    """`(label, decoded CBOR or JSON)` of every training-mining assertion in a manifest store,
    in every manifest (conservative: ingredients' opt-outs count too), and where the store
    breaks off ("" nowhere: it was read whole).

    A store that breaks off (a box lying about its length, CBOR cut short, a lost APP11
    segment) gives the assertions decoded whole before the break. Why: an opt-out read whole
    is one the publisher wrote, and it was lost with the rest of a store broken after it."""
    found: list[tuple[str, Any]] = []

    def take(label: str, children: list[tuple[bytes, int, int]], cut: str) -> bool:
        if not label.startswith(_ASSERTION_LABELS):
            return False
        content = _content_box(children)
        if cut or content is None:  # (an assertion box that breaks off is not read as whole)
            raise Truncated(f"assertion {label}: {cut or 'no CBOR or JSON content box'}")
        found.append((label, _decoded(store, content)))
        return True

    return found, _walk_assertions(store, take)


# The assertions that carry IPTC photo metadata (JSON-LD with XMP property names): C2PA's `stds.iptc`
# (and its earlier `stds.iptc.photo-metadata`), `c2pa.metadata` and CAWG's `cawg.metadata`.
_METADATA_LABELS = ("stds.iptc", "c2pa.metadata", "cawg.metadata")


def metadata_assertions(store: bytes) -> list[tuple[str, Any]]:
    """`(label, decoded CBOR or JSON, or the `Truncated` that stopped its reading)` of every
    metadata assertion of a store whose content names `DataMining` at all (a byte search: the
    others are not decoded). A store broken before one is `training_assertions`' to say.

    Why: IPTC's plus:DataMining is one of the photo metadata these assertions carry (C2PA's
    own example binds the `plus` prefix there), and an image whose only DMI-PROHIBITED was in
    its manifest was allowed, the XMP that usually carries it being the only place looked at."""
    found: list[tuple[str, Any]] = []

    def take(label: str, children: list[tuple[bytes, int, int]], cut: str) -> bool:
        if not label.startswith(_METADATA_LABELS):
            return False
        content = _content_box(children)
        if content is not None and store.find(b"DataMining", content[1], content[2]) != -1:
            try:
                if cut:
                    raise Truncated(f"assertion {label}: {cut}")
                found.append((label, _decoded(store, content)))
            except Truncated as exc:
                found.append((label, exc))
        return True

    _walk_assertions(store, take)
    return found


_DM_IRIS = frozenset(name[1:].replace("}", "") for name in _DM_NAMES)  # the two properties' full IRIs
_CONVENTIONAL = (("plus", PLUS_NS), ("Iptc4xmpExt", IPTC_EXT_NS))


def jsonld_data_mining(value: Any) -> list[str]:  # noqa: ANN401 - CBOR's or JSON's own types
    """The DataMining values of a metadata assertion's JSON-LD object ("" for one that is no text):
    its keys naming the PLUS or IPTC Ext property by a prefix its `@context` binds, by the full
    IRI, or by the prefix XMP writers use (`plus:`, `Iptc4xmpExt:`) where the context binds it to
    nothing else."""
    if not isinstance(value, dict):
        return []
    context = value.get("@context")
    bound: dict[Any, Any] = context if isinstance(context, dict) else {}
    names = set(_DM_IRIS) | {f"{prefix}:DataMining" for prefix, ns in _CONVENTIONAL if bound.get(prefix, ns) == ns}
    names |= {f"{prefix}:DataMining" for prefix, ns in bound.items() if ns in (PLUS_NS, IPTC_EXT_NS)}
    return [text for key, given in value.items() if key in names for text in _jsonld_texts(given)]


def _jsonld_texts(given: Any) -> list[str]:  # noqa: ANN401
    """A JSON-LD value as texts: a string, an `@id` / `@value` object, or a list of them (the first 64)."""
    if isinstance(given, str):
        return [given]
    if isinstance(given, dict):
        inner = given.get("@id", given.get("@value"))
        return [inner] if isinstance(inner, str) else [""]
    if isinstance(given, list):
        return [text for item in given[:64] for text in (_jsonld_texts(item) if not isinstance(item, list) else [""])]
    return [""]


def _json(buf: bytes, start: int, end: int) -> Any:  # noqa: ANN401 - JSON's own types
    """A JSON content box's value: JUMBF carries an assertion as JSON as well as CBOR, and an
    opt-out written either way is the publisher's. Raises `Truncated` when it is not JSON."""
    try:
        return json.loads(buf[start:end].decode("utf-8"), object_pairs_hook=lambda pairs: _unique_map(pairs, "JSON"))
    except Truncated:
        raise
    except (ValueError, RecursionError) as exc:  # (UnicodeDecodeError is a ValueError)
        raise Truncated(f"JSON content box unreadable: {type(exc).__name__}") from None


# the description box (`jumd`: 16-byte UUID, toggles, label) of a training-mining assertion
_ASSERTION_DESCRIPTION = re.compile(rb"jumd[\x00-\xff]{17}(?:cawg|c2pa)\.training-mining")


def _assertions_written(store: bytes) -> int:
    """How many training-mining assertion boxes a store's bytes hold, read or not (a claim
    naming one in its assertion list is no box of it)."""
    return len(_ASSERTION_DESCRIPTION.findall(store))


def _cbor(buf: bytes, pos: int, end: int, depth: int) -> tuple[Any, int]:
    """A bounded decoder for the CBOR subset assertions use. Raises `Truncated`."""
    if depth > MAX_DEPTH:
        raise Truncated("CBOR nested too deeply")
    if pos >= end:
        raise Truncated("CBOR item cut")
    initial = buf[pos]
    major, info = initial >> 5, initial & 0x1F
    pos += 1
    if info < 24:
        arg = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        if pos + size > end:
            raise Truncated("CBOR argument cut")
        arg = int.from_bytes(buf[pos:pos + size], "big")
        pos += size
    elif info == 31 and major in (2, 3, 4, 5):
        arg = -1  # indefinite length
    else:
        raise Truncated(f"CBOR additional info {info} not supported")
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major in (2, 3):
        if arg == -1:
            chunks = []
            while True:
                if pos >= end:
                    raise Truncated("indefinite CBOR string cut")
                if buf[pos] == 0xFF:
                    pos += 1
                    break
                chunk, pos = _cbor(buf, pos, end, depth + 1)
                chunks.append(chunk)
            joined = b"".join(c if isinstance(c, bytes) else str(c).encode() for c in chunks)
            return (joined if major == 2 else joined.decode("utf-8", "replace")), pos
        if pos + arg > end:
            raise Truncated("CBOR string cut")
        raw = buf[pos:pos + arg]
        return (raw if major == 2 else raw.decode("utf-8", "replace")), pos + arg
    if major in (4, 5):
        items: list[Any] = []
        count = 0
        while arg == -1 or count < arg * (2 if major == 5 else 1):
            if arg == -1:
                if pos >= end:
                    raise Truncated("indefinite CBOR container cut")
                if buf[pos] == 0xFF:
                    pos += 1
                    break
            if count > MAX_ITEMS:
                raise Truncated("CBOR container too large")
            item, pos = _cbor(buf, pos, end, depth + 1)
            items.append(item)
            count += 1
        if major == 4:
            return items, pos
        if len(items) % 2:
            raise Truncated("CBOR map with an odd number of items")
        return _unique_map([(_hashable(k), v) for k, v in zip(items[::2], items[1::2], strict=True)], "CBOR"), pos
    if major == 6:
        return _cbor(buf, pos, end, depth + 1)
    # major 7: simple values and floats
    if info == 20:
        return False, pos
    if info == 21:
        return True, pos
    if info in (22, 23):
        return None, pos
    if info == 25:
        return struct.unpack(">e", arg.to_bytes(2, "big"))[0], pos
    if info == 26:
        return struct.unpack(">f", arg.to_bytes(4, "big"))[0], pos
    if info == 27:
        return struct.unpack(">d", arg.to_bytes(8, "big"))[0], pos
    return arg, pos


def _unique_map(pairs: list[tuple[Any, Any]], how: str) -> dict[Any, Any]:
    """A map whose keys are each given once. Raises `Truncated` for a key given twice: read as
    the last value, an entry's `notAllowed` followed by its `allowed` was no opt-out at all, and
    which one the publisher meant cannot be told (unreadable: the policy's on_error decides)."""
    out = dict(pairs)
    if len(out) < len(pairs):
        raise Truncated(f"{how} map gives a key twice")
    return out


def _hashable(key: Any) -> Any:
    return key if isinstance(key, str | int | bytes | bool | float) or key is None else repr(key)


def entries_verdicts(value: Any) -> tuple[dict[str, Verdict], list[str], list[str]]:
    """Per-aspect verdicts of one assertion's `entries`, the entries read, and the entries that
    refuse (or say what is no `use` value) under a name that is none of the four (`custom.key`).

    Names and `use` values are matched without regard to case, `_`, `-` or a missing `cawg.` /
    `c2pa.` prefix (`NotAllowed`, `not_allowed`, `AI_Training`): only a refusal is ever honoured,
    and a refusal read generously only makes us stricter (as a forged one does). Why: written so,
    the opt-out was skipped without a word and the image let through for training."""
    out: dict[str, Verdict] = {}
    read: list[str] = []
    unplaced: list[str] = []
    entries = value.get("entries") if isinstance(value, dict) else None
    if not isinstance(entries, dict):
        raise Truncated("assertion without an `entries` map")
    for key, entry in entries.items():
        if not isinstance(key, str) or not isinstance(entry, dict):
            continue
        name = _loose(key.split(".", 1)[1] if key.lower().startswith(("cawg.", "c2pa.")) else key)
        use = entry.get("use")
        said = _loose(use) if isinstance(use, str) else ""
        if said == "allowed":
            continue  # "allowed" is not trusted without a validated signature
        if name not in _C2PA_NAMES or said not in ("notallowed", "constrained"):
            # a refusal under another name, or a `use` that is no value of the three (skipkeys: a CBOR map
            # with a bytes key raised TypeError, and the valid refusal beside it was lost as unreadable)
            unplaced.append(f"{key[:60]}={json.dumps(use, default=str, skipkeys=True)[:40]}")
            continue
        verdict = Verdict.DENY  # CAWG 1.1: constrained = notAllowed
        read.append(f"{key}={use}")
        for aspect in C2PA_ENTRIES[_C2PA_NAMES[name]]:
            out[aspect] = combine([out.get(aspect, Verdict.UNKNOWN), verdict])
    return out, read, unplaced


def _loose(text: str) -> str:
    """A name or value as compared generously: lower case, without `_`, `-` or white space."""
    return re.sub(r"[\s_-]+", "", text).lower()


_C2PA_NAMES = {_loose(name): name for name in C2PA_ENTRIES}


_LINK_VALUE = re.compile(r"<([^>]*)>((?:\s*;[^,;]*)*)")
_REL = re.compile(r";\s*rel\s*=\s*(?:\"([^\"]*)\"|([^\s;,]*))", re.IGNORECASE)


def remote_manifests(links: list[str]) -> list[str]:
    """The targets of `Link: <url>; rel="c2pa-manifest"` (RFC 8288; rel a space-separated list of
    relation types, matched without regard to case) among a response's Link fields.

    Why: C2PA lets an image's manifest live elsewhere, announced this way; its training-mining
    opt-out was never read, and nothing said so (`c2pa.manifest.remote` now does)."""
    out: list[str] = []
    for field_value in links[:64]:
        for target, params in _LINK_VALUE.findall(field_value[:16 * 1024]):
            rel = _REL.search(params)
            if rel and "c2pa-manifest" in (rel.group(1) or rel.group(2) or "").lower().split():
                out.append(target.strip())
    return out


# ----------------------------------------------------------------------- the reader
# Signals saying an opt-out may be present and could not be read: each is an error finding
# (the guard's, as `headers.dropped`), decided by the policy's `runtime.on_error`, never a
# note beside a silent allow. Every reader's, not only this one's: `xrobots.unreadable` is the
# X-Robots-Tag reader failing (every rule of the response, a `noai` among them, unread);
# `xmp.data_mining.unplaced` a `DMI-PROHIBITED-…` code IPTC does not have (its reach unknown).
UNREADABLE: frozenset[str] = frozenset({"xmp.unreadable", "embedded.unreadable", "c2pa.assertion.malformed",
                                        "c2pa.manifest.unreadable", "xrobots.unreadable", "xmp.data_mining.unplaced"})


class EmbeddedReader:
    """Reads IPTC Data Mining and C2PA / CAWG training-mining from image bytes (and IPTC
    Data Mining from SVG documents)."""

    families: tuple[Family, ...] = ("iptc_data_mining", "c2pa_training_mining")

    def evaluate(self, response: ResponseView, product_token: str, usage: Usage) -> list[Signal]:
        if response.kind not in ("image", "svg") or not response.body:
            return []
        try:
            if response.kind == "svg":
                return self._svg(response.body, response.url[:300], usage)
            return self._evaluate(response.body, response.url, usage, response.headers.get_all("link"))
        except Exception as exc:  # noqa: BLE001 - hostile bytes never escape as an exception
            log.warning("scrapeguard: embedded-metadata reader failed on %s: %s", response.url[:200], exc)
            return [Signal("iptc_data_mining", Verdict.UNKNOWN, "embedded.unreadable",
                           f"image metadata could not be read ({type(exc).__name__})", response.url[:300], True)]

    def _svg(self, body: bytes, where: str, usage: Usage) -> list[Signal]:
        """IPTC DataMining in an SVG (its `<metadata>` holds XMP, or bare RDF whose namespaces
        the `<svg>` element may declare): the whole document is read, only when its text holds
        the word at all (one byte search for most SVGs).

        Why: SVG answers were not read, and an SVG's DMI-PROHIBITED let it through."""
        if not svg_mentions_data_mining(body):
            return []
        return self._data_mining(read_data_mining(body, dtd=True), f"SVG document {where}", usage, "SVG")

    def _data_mining(self, reading: DataMiningReading, source: str, usage: Usage, what: str) -> list[Signal]:
        """The signals of one reading: its codes, and whether it was malformed or incomplete
        (`xmp.unreadable`, one of `UNREADABLE`, only when a code could deny this usage)."""
        out: list[Signal] = []
        deniable = any(verdict_for(usage, t) == Verdict.DENY for t in IPTC_DATA_MINING.values())
        if reading.unread and deniable:
            why = "; ".join(w for w in (reading.malformed, reading.unread) if w)
            out.append(Signal("iptc_data_mining", Verdict.UNKNOWN, "xmp.unreadable",
                              f"{what} unreadable ({why}): a Data Mining opt-out in it would go unseen", source, True))
        elif reading.malformed:
            read = f"{reading.unread}; no IPTC code can deny {usage}" if reading.unread else \
                "read by a recovering parser that loads nothing; no DataMining property in it went unread"
            out.append(Signal("iptc_data_mining", Verdict.UNKNOWN, "xmp.malformed",
                              f"{what} refused by the strict parser ({reading.malformed}): {read}", source, True))
        for code in reading.codes:
            table = IPTC_DATA_MINING.get(code)
            if table is None and code.startswith("DMI-PROHIBITED") and deniable:
                # (`DMI-PROHIBITED-AIGENAI`, as some writers spell a code IPTC does not have): a
                # prohibition whose reach cannot be placed, so the policy's on_error decides, not a note
                out.append(Signal("iptc_data_mining", Verdict.UNKNOWN, "xmp.data_mining.unplaced",
                                  f"plus:DataMining value {code[:80]!r} prohibits data mining in words no IPTC code "
                                  f"uses: what it reserves cannot be placed, and it may reserve {usage}", source, True))
                continue
            if table is None:
                out.append(Signal("iptc_data_mining", Verdict.UNKNOWN, "xmp.data_mining.unknown_code",
                                  f"plus:DataMining value {code[:80]!r} is not an IPTC code", source, True))
                continue
            verdict = verdict_for(usage, table)
            if verdict == Verdict.UNKNOWN:
                continue
            suffix = "prohibited" if verdict == Verdict.DENY else "allowed"
            out.append(Signal("iptc_data_mining", verdict, f"xmp.data_mining.{suffix}",
                              f"IPTC plus:DataMining {code} ({describe(table)})", source))
        return out

    def _evaluate(self, body: bytes, url: str, usage: Usage, links: list[str] | None = None) -> list[Signal]:
        found = extract(body)
        out: list[Signal] = []
        where = url[:300]
        for packet, container in found.xmp:
            out.extend(self._data_mining(read_data_mining(packet), f"{container} of {where}", usage, "XMP packet"))
        for store, container in found.c2pa:
            out.extend(self._c2pa(store, f"{container} of {where}", usage))
        remote = remote_manifests(links or []) if not found.c2pa else []
        if remote and C2PA_ASPECTS & set(aspects_of(usage)):
            out.append(Signal("c2pa_training_mining", Verdict.UNKNOWN, "c2pa.manifest.remote",
                              f"the image's C2PA manifest is remote ({remote[0][:200]}), announced by its Link header, "
                              "and was not fetched: a training-mining opt-out in it was not read", where, True))
        if found.unsupported:
            out.append(Signal("iptc_data_mining", Verdict.UNKNOWN, "embedded.format_unsupported",
                              f"{found.unsupported}: its container was not parsed, only scanned for XMP packets "
                              "and C2PA stores; an opt-out stored otherwise was not seen", where, True))
        for problem in found.problems:
            family: Family = "c2pa_training_mining" if "C2PA" in problem else "iptc_data_mining"
            out.append(Signal(family, Verdict.UNKNOWN, "embedded.container_truncated",
                              f"{problem}: embedded opt-outs may be missing", f"{found.format} container of {where}", True))
        return out

    def _metadata(self, label: str, value: Any, where: str, usage: Usage) -> list[Signal]:  # noqa: ANN401
        """IPTC DataMining in a C2PA metadata assertion (`metadata_assertions`), read as in XMP: a
        value that could not be read is `xmp.unreadable` where some code could deny the usage."""
        if isinstance(value, Truncated):
            reading = DataMiningReading([], "", f"its content could not be decoded ({value})")
        else:
            texts = jsonld_data_mining(value)
            blank = sum(1 for t in texts if not t.strip())
            reading = DataMiningReading(_codes(texts), "", f"{blank} DataMining value(s) hold no text" if blank else "")
        return self._data_mining(reading, where, usage, f"C2PA {label} assertion")

    def _c2pa(self, store: bytes, source: str, usage: Usage) -> list[Signal]:
        """The signals of one manifest store. An assertion that may deny this usage and could not
        be read (the store breaks off before it is whole, its entries unreadable) is one of
        `UNREADABLE`, as an unreadable XMP DataMining is; where none can deny it, a note.

        Why: a CBOR opt-out cut short or one in a lost APP11 segment let the image
        through with a note, while the same opt-out unreadable in XMP blocked it."""
        out: list[Signal] = []
        assertions, broken = training_assertions(store) if store else ([], "manifest store cut short")
        deniable = bool(C2PA_ASPECTS & set(aspects_of(usage)))
        if broken:
            unread = _assertions_written(store) > len(assertions)
            if unread and deniable:
                out.append(Signal("c2pa_training_mining", Verdict.UNKNOWN, "c2pa.manifest.unreadable",
                                  f"C2PA manifest truncated or malformed ({broken}) where it holds a training-mining "
                                  "assertion: an opt-out in it would go unseen", source, True))
            else:
                what = f"a training-mining assertion in it went unread, and none can deny {usage}" if unread else \
                    f"{len(assertions)} training-mining assertion(s) read whole before the break" if assertions else \
                    "no training-mining assertion in it"
                out.append(Signal("c2pa_training_mining", Verdict.UNKNOWN, "c2pa.manifest.broken",
                                  f"C2PA manifest truncated or malformed ({broken}): {what}", source, True))
        for label, value in metadata_assertions(store) if b"DataMining" in store else []:  # (the walk, only if any can say it)
            out.extend(self._metadata(label, value, f"{source}, assertion {label}", usage))
        for label, value in assertions:
            where = f"{source}, assertion {label}"
            try:
                table, read, unplaced = entries_verdicts(value)
            except Truncated as exc:
                code = "c2pa.assertion.malformed" if deniable else "c2pa.assertion.unread"
                why = "an opt-out in it would go unseen" if deniable else f"none of its entries can deny {usage}"
                out.append(Signal("c2pa_training_mining", Verdict.UNKNOWN, code, f"{label} unreadable ({exc}): {why}",
                                  where, True))
                continue
            if verdict_for(usage, table) == Verdict.DENY:
                out.append(Signal("c2pa_training_mining", Verdict.DENY, "c2pa.training.not_allowed",
                                  f"{label}: {', '.join(read)} ({describe(table)}; signature not needed to honour "
                                  "an opt-out)", where))
            if unplaced:
                shown = ", ".join(f"`{u}`" for u in unplaced[:8]) + (" …" if len(unplaced) > 8 else "")
                out.append(Signal("c2pa_training_mining", Verdict.UNKNOWN, "c2pa.training.unknown_entry",
                                  f"{label}: {shown}: an entry this reader does not know, or a `use` that is neither "
                                  "allowed, notAllowed nor constrained; what it reserves cannot be placed, left unknown",
                                  where, True))
        return out
