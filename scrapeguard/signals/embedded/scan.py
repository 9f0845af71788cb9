"""A bounded scan for XMP packets and C2PA stores in formats whose containers are not parsed
(AVIF/HEIF and other ISO BMFF images, JPEG 2000), in any of XMP's encodings."""

from __future__ import annotations

import re
import struct

from scrapeguard.signals.embedded.common import MAX_STORE_BYTES, MAX_XMP_BYTES, Embedded

# A packet opens with its wrapper, its `x:xmpmeta` element or, bare, its `rdf:RDF` element: XMP
# Part 1 §7.3.3 recommends the `x:xmpmeta` element, and writers of ISO BMFF items leave it out.
_OPEN_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,63}:)?(x[am]pmeta|RDF)[\s>/]")
_PACKET_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?x[am]pmeta\s*>")
_RDF_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?RDF\s*>")
_C2PA_JUMD = re.compile(rb"jumd.{16}[\x02\x03\x06\x07\x0a\x0b\x0e\x0f\x12\x13\x16\x17\x1a\x1b\x1e\x1f]c2pa\x00", re.DOTALL)
MAX_SCAN_FINDS = 16
MAX_FALSE_STARTS = 100_000


def _packet_start(data: bytes, pos: int) -> tuple[int, re.Pattern[bytes] | None] | None:
    """The next packet start at or after `pos`: `<?xpacket begin` (None: it ends at its
    trailer), `<prefix:xmpmeta` or a bare `<prefix:RDF`, each with the pattern of the tag that
    closes it; `(-1, None)` after too many look-alikes. Literal searches first (C speed on any
    input), the tag pattern only where they hit."""
    wrapper = data.find(b"<?xpacket begin", pos)
    best: tuple[int, re.Pattern[bytes] | None] | None = (wrapper, None) if wrapper != -1 else None
    nxt = {word: data.find(word, pos) for word in (b"xmpmeta", b"xapmeta", b"RDF")}
    for _ in range(MAX_FALSE_STARTS):
        live = [(i, word) for word, i in nxt.items() if i != -1]
        if not live:
            break
        i, word = min(live)
        if best is not None and i > best[0]:
            break
        lt = data.rfind(b"<", max(pos, i - 65), i)
        tag = _OPEN_TAG.match(data, lt) if lt != -1 else None
        if tag is not None and tag.end(1) == i + len(word):
            start = (lt, _RDF_END if word == b"RDF" else _PACKET_END)
            return start if best is None or lt < best[0] else best
        nxt[word] = data.find(word, i + len(word))  # each word's hits are found once, left to right
    else:
        return (-1, None)  # gave up: too many look-alikes
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


# per code-unit width: packet begin, bare packet, packet trailer, "?>", bare packet end, bare RDF
# element and its end
_WIDE_MARKERS = {unit: tuple(_wide(text, unit) for text in (
    "<?xpacket begin", "<x:xmpmeta", "<?xpacket end", "?>", "</x:xmpmeta>", "<rdf:RDF", "</rdf:RDF>"))
    for unit in _WIDE_UNITS}
# any packet start in one search (one pass over an image's bytes, not three)
_WIDE_STARTS = {unit: re.compile(b"|".join(markers[i].pattern for i in (0, 1, 5))) for unit, markers in _WIDE_MARKERS.items()}


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
    `data`: from `<?xpacket begin` to the end of `<?xpacket end …?>`, from `<x:xmpmeta` to
    `</x:xmpmeta>`, or from a bare `<rdf:RDF` to `</rdf:RDF>`, in that encoding; each sliced on
    its code units (`xmp_text` reads the encoding from where its NULs are). Literal searches
    only, at most `MAX_SCAN_FINDS` packets, each at most the reading cap."""
    begin, _bare, trailer, close, bare_end, rdf, rdf_end = _WIDE_MARKERS[unit]
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
            last = _last_byte(rdf_end if rdf.match(data, start) else bare_end, data, start, limit)
        if last == -1:
            out.problems.append(f"{fmt}: {name} XMP packet at byte {start} has no end within "
                                f"{MAX_XMP_BYTES} bytes (truncated)")
            return
        out.xmp.append((_wide_packet(data, start, last, unit), f"XMP packet in {fmt} (found by scan, {name})"))
        pos = last + 1
    if _at(either, data, pos) != -1:
        out.problems.append(f"{fmt}: more than {MAX_SCAN_FINDS} {name} XMP packets; the rest were not read")


def scan_packets(data: bytes, out: Embedded) -> Embedded:
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
        start, closing = found
        if start == -1:
            out.problems.append(f"{fmt}: more than {MAX_FALSE_STARTS} false XMP packet starts; the scan stopped")
            break
        end, limit = -1, start + MAX_XMP_BYTES
        if closing is None:
            trailer = data.find(b"<?xpacket end", start, limit)
            if trailer != -1:
                close = data.find(b"?>", trailer, trailer + 256)
                end = close + 2 if close != -1 else -1
        if end == -1:
            close_tag = (closing or _PACKET_END).search(data, start, limit)
            end = close_tag.end() if close_tag else -1
        if closing is _RDF_END:  # a bare element that another packet starts inside before it ends: a stray
            following = _packet_start(data, start + 1)  # tag (a broken one), not a packet that holds the next
            if following is not None and following[0] != -1 and (end == -1 or following[0] < end):
                pos = following[0]
                continue
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
