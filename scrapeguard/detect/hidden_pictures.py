"""Pictures a file holds that no viewer shows: after the picture's end and where no decoder looks inside it.

After its end: another picture, a phone's motion-photo clip or the uncropped screenshot an
aCropalypse tool left (`describe_trailing`, `trailing_picture`). Inside it: a portrait in a
private or text chunk, past a PNG's or an APNG frame's zlib stream, in a palette or an APNG frame
no decoder reads, in a WebP chunk its decoder skips, in a GIF's comment, a TIFF tag's value or past
a BMP's pixels (`unshown_pictures`). Why: any tool that looks for a picture's start marker (a
carver) finds a portrait there, and one passed with a face-free picture as allowed, without a
note. A start marker counts only where its format's header goes on as its decoders read it
(`picture_starts`); every search is bounded and says so (`NotAllSearched`). The file's structure
(where chunks, frames and streams are, what each decoder reads) comes from `image_structure`.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator

from scrapeguard.detect.image_structure import (
    FILL,
    GIF_BLOCK,
    MAX_GIF_BLOCKS,
    MAX_GIF_STRAY_BYTES,
    MAX_JPEG_PADDING,
    PNG_END,
    PNG_FRAME_DATA,
    PNG_HEADER,
    PNG_HEADER_SIZE,
    PNG_IMAGE_DATA,
    PNG_PALETTE,
    PNG_UNREAD_PALETTE,
    TIFF_LAYOUTS,
    WEBP_HEADER_SIZES,
    NotAllSearched,
    bmp_layout,
    gif_colour_table,
    gif_walk,
    png_image_data_size,
    png_layout,
    tiff_layout,
    webp_chunks_read,
    webp_flags,
    webp_frame_end,
)
from scrapeguard.resource import PICTURE_STARTS, SNIFF_BYTES, _avif_compatible, sniff_kind

# After a JPEG's end-of-image marker, this many bytes or fewer, or fill bytes only, are padding
TRAILING_PADDING = 64


def describe_trailing(data: bytes, end: int, marker: str) -> str:
    """What follows a picture's end (`end`: past its JPEG end-of-image marker, PNG IEND chunk, GIF
    trailer or WebP RIFF chunk, the `marker` named), described for the audit, or "" for nothing
    but padding (or no end found). A phone's motion photo appends an MP4 clip there, an editor another picture, and
    the cropping tools of aCropalypse (CVE-2023-21036, CVE-2023-28303) left the uncropped
    screenshot's data: nothing a viewer shows or the analysis decodes. (An MPO's own further
    pictures are read as its frames.)"""
    rest = len(data) - end if end else 0
    if rest <= TRAILING_PADDING or not data[end:].strip(b"\x00\xff"):
        return ""
    start, kind = _after_padding(data, end)
    head = data[start:start + 16]
    what = ("an MP4/QuickTime video (a phone's motion photo?)" if b"ftyp" in head and kind not in ("AVIF", "HEIF") else
            f"another {kind} picture" if kind else "data of unknown kind")
    # (where it starts past padding: the bytes right after the end are zeros a reader finds nothing in)
    where = f" (from byte {start}, past {start - end} bytes of padding)" if start > end else ""
    return f"{rest} bytes after the picture's {marker}, {what}{where}"


def _trailing_kind(head: bytes) -> str:
    """The format of the picture that starts `head`, or "". GIF and WebP as JPEG and PNG: a portrait appended in either passed unlooked at;
    the other raster formats by the magic numbers `sniff_kind` trusts (`_raster_after`)."""
    if head.startswith(b"\xff\xd8"):
        return "JPEG"
    if head.startswith(b"\x89PNG"):
        return "PNG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head[:4] in TIFF_LAYOUTS:
        return "TIFF"
    if sniff_kind(None, head) != "image":
        return ""
    if head[4:8] == b"ftyp":  # (an ISO BMFF picture: an AVIF by its brands, else an iPhone's HEIC and kin)
        return "AVIF" if head[8:12] in (b"avif", b"avis") or _avif_compatible(head) else "HEIF"
    return "BMP" if head[:2] == b"BM" else "PPM" if head[:1] == b"P" else "ICO" if head[:4] == b"\x00\x00\x01\x00" \
        else "JPEG XL" if head[:2] == b"\xff\x0a" or head[4:8] == b"JXL " else "raster"


# Where a JPEG, PNG, GIF or WebP picture starts (the pattern multipart looks for among unsplit bytes too)
_PICTURE_START = re.compile(PICTURE_STARTS)


# Picture start markers tried at most in one search (after a picture's end, or where no viewer
# looks: `unshown_pictures`, `exif.metadata_pictures`), ~1 us each: 20 million of them fit in
# `decode.MAX_BYTES`
MAX_TRAILING_STARTS = 10_000


def picture_starts(data: bytes, start: int, end: int, budget: list[int]) -> Iterator[int]:
    """Where each JPEG, PNG, GIF or WebP picture between `start` and `end` of `data` starts that
    goes on as its format's header does (`_begins_picture`). `budget`: the start markers still to
    try, shared by a caller's searches; `NotAllSearched` once they are spent (thousands of markers
    that start nothing cost a second each 10 MB: a hostile file's way to hide a portrait)."""
    for at in _start_markers(data, start, end):
        if budget[0] <= 0:
            raise NotAllSearched(f"more than {MAX_TRAILING_STARTS} picture start markers")
        budget[0] -= 1
        if _begins_picture(data, at):
            yield at


def _start_markers(data: bytes, start: int, end: int) -> Iterator[int]:
    """Where each picture start marker begins between `start` and `end` of `data`, overlapping
    ones too. Why: a decoy FF D8 right before a portrait's FF D8 FF E0 took the match, the
    portrait's own start went unseen, and the picture carved from the decoy (two start-of-image
    markers) decodes in no decoder."""
    found = _PICTURE_START.search(data, start, end)
    while found is not None:
        yield found.start()
        found = _PICTURE_START.search(data, found.start() + 1, end)


def picture_start(data: bytes, start: int, end: int) -> int | None:
    """The first of `picture_starts` (`MAX_TRAILING_STARTS` markers tried), or None."""
    return next(picture_starts(data, start, end, [MAX_TRAILING_STARTS]), None)


def trailing_picture(data: bytes, at: int) -> bytes | None:
    """The bytes from the first JPEG, PNG, GIF or WebP picture start after a picture's end at `at`
    (right after it, as `describe_trailing` calls it another picture, or past padding or other data) that
    goes on as its format's header does (`_begins_picture`), or None; b"" (nothing that decodes)
    when none is among the first `MAX_TRAILING_STARTS` start markers.

    Why: only one right after the end was looked at, then only the first start marker: `GIF89a`
    in a text or a stray JPEG marker before a portrait hid it, which any tool that looks for a
    start marker (a carver) finds. The check reads a few bytes (Pillow opening each start read
    all the bytes after it: a GIF's junk byte by byte, 0.5 s for 2 MB)."""
    if not at:
        return None
    if raster := _raster_after(data, at):
        return data[raster:]
    try:
        found = picture_start(data, at, len(data))
    except NotAllSearched:
        return b""
    return None if found is None else data[found:]


# Chunks that hold a WebP's picture itself: its coded pixels (searched, 3 ms a MB, they would cost
# more than the rest of a face-free picture's analysis), frames and header
_WEBP_PICTURE_CHUNKS = frozenset({b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF"})


# Chunks walked at most in a WebP (a real one has a few, an animation one a frame)
MAX_WEBP_CHUNKS = 100_000


# Bytes of the pictures found where no viewer looks held at most (each a copy from its start to
# its chunk's end: 64 starts in one 60-MB chunk would hold 3.8 GB); `decode.MAX_BYTES`
MAX_UNSHOWN_BYTES = 64 * 1024 * 1024


def unshown_pictures(data: bytes, limit: int, budget: list[int] | None = None,
                     places: list[str] | None = None) -> list[bytes]:
    """The pictures a file holds where no viewer looks: every start (`picture_starts`) in a PNG's
    or a WebP's chunks that are not the picture itself (a private or unknown chunk, a text or
    a display chunk), each to its chunk's end, or that are but which its decoder does not read
    (a PNG's image data or an APNG frame's past its stream's end: `image_data_and_its_end`, a
    palette past its colours or after the image data; a WebP's: `webp_chunks_read`,
    `webp_frame_end`, `WEBP_HEADER_SIZES`), in a GIF's comment, application and plain-text
    extensions (`gif_walk`'s texts), in the values a TIFF's directories hold (a private tag, a maker
    note: `tiff_layout`), and past an uncompressed BMP's pixels within the file size its header
    gives; `NotAllSearched` past `limit` of them, past the chunks or blocks walked
    (`MAX_PNG_CHUNKS`, `MAX_WEBP_CHUNKS`) or past the start markers `budget` allows
    (`MAX_TRAILING_STARTS` when not shared). `places`, when given, gets where each was found
    ("a PNG's prVt chunk"), for a finding to say.

    Why: any tool looking for a picture's start marker finds a portrait there, and one passed
    with a face-free picture as allowed, without a note (nor was it after the BMP's end: its
    header said the file went on). Every start, not a chunk's first: a decoy start before a
    portrait hid it; a bound reached says so, as a hostile file reaches it to hide one."""
    out: list[bytes] = []
    left = budget if budget is not None else [MAX_TRAILING_STARTS]
    held = [0]  # (the bytes of the pictures gathered: each a copy, to its chunk's end)

    def keep(picture: bytes, place: str) -> None:
        held[0] += len(picture)
        if len(out) >= limit or held[0] > MAX_UNSHOWN_BYTES:
            raise NotAllSearched(f"more than {limit} pictures or {MAX_UNSHOWN_BYTES} bytes of them where no viewer looks")
        out.append(picture)
        if places is not None:
            places.append(place)

    def take(start: int, end: int, place: str) -> None:
        for at in picture_starts(data, start, end, left):
            keep(data[at:end], place)

    if data[:2] == b"BM":
        size, pixels_end, raw = bmp_layout(data)
        if raw and 14 < pixels_end < size:  # (an RLE bitmap's pixels end where its codes say: not known here)
            take(pixels_end, min(size, len(data)), "the bytes past a BMP's pixels")
        return out
    if data[:4] in TIFF_LAYOUTS:
        values: list[tuple[int, int]] = []
        tiff_layout(data, values)  # (a layout that breaks off: the values read before it)
        reached = 0
        for start, end in sorted(values):  # (each byte searched once: values may overlap, or all name one)
            if end > reached:
                take(max(start, reached), end, "a TIFF tag's value")
                reached = end
        return out
    if data[:6] in (b"GIF87a", b"GIF89a"):
        texts: list[bytes] = []
        frames, blocks, _trailer, stray = gif_walk(data, MAX_GIF_BLOCKS, texts)
        if frames > MAX_GIF_BLOCKS or blocks > MAX_GIF_BLOCKS or stray > MAX_GIF_STRAY_BYTES:
            raise NotAllSearched(f"more than {MAX_GIF_BLOCKS} GIF blocks or {MAX_GIF_STRAY_BYTES} stray bytes walked")
        for text in texts:
            for at in picture_starts(text, 0, len(text), left):
                keep(text[at:], "a GIF's comment or application data")
        return out
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        layout = png_layout(data)
        for chunk in layout.chunks:  # (a palette in another picture, one past its colours or after the image data: ignored)
            if chunk.role in (PNG_PALETTE, PNG_UNREAD_PALETTE):
                take(chunk.start, chunk.end, "a PNG's palette")
            elif chunk.role == PNG_HEADER:
                take(min(chunk.end, chunk.start + PNG_HEADER_SIZE), chunk.end, "a PNG's IHDR chunk past its fields")
            elif chunk.role not in (PNG_IMAGE_DATA, PNG_FRAME_DATA, PNG_END) or (
                    chunk.role == PNG_FRAME_DATA and not layout.streams[chunk.stream].header):
                take(chunk.start, chunk.end, f"a PNG's {_chunk_name(chunk.kind)} chunk")  # (a still PNG's frame data, or no frame's)
        inflating = [MAX_INFLATED]  # (bytes all the streams may inflate to)
        for index, stream in enumerate(layout.streams):
            found = image_data_and_its_end(data, stream.data, stream.header, budget=inflating) \
                if stream.data and (stream.header or not index) else None
            if found is not None:
                image_data, stream_end = found
                for at in picture_starts(image_data, stream_end, len(image_data), left):
                    keep(image_data[at:], f"{'an APNG frame' if index else 'a PNG'}'s image data past its stream's end")
        return out
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return out
    webp: list[tuple[bytes, int, int]] = []  # (its chunks: which its decoder reads is told once all are known)
    pos = 12
    for _ in range(MAX_WEBP_CHUNKS):
        if pos + 8 > len(data):
            break
        kind, size = data[pos:pos + 4], struct.unpack_from("<I", data, pos + 4)[0]
        start = pos + 8
        end = min(len(data), start + size)
        webp.append((kind, start, end))
        pos = end + (end & 1)  # (the body padded to an even size)
    else:
        raise NotAllSearched(f"more than {MAX_WEBP_CHUNKS} chunks")
    if webp:
        kinds = [kind for kind, _, _ in webp]
        for (kind, start, end), read in zip(webp, webp_chunks_read(kinds, webp_flags(data, *webp[0]))):
            if kind not in _WEBP_PICTURE_CHUNKS or not read:
                take(start, end, f"a WebP's {_chunk_name(kind)} chunk")
            elif kind == b"ANMF":
                take(webp_frame_end(data, start, end), end, "a WebP animation frame past its picture")
            elif kind in WEBP_HEADER_SIZES:
                take(min(end, start + WEBP_HEADER_SIZES[kind]), end, f"a WebP's {_chunk_name(kind)} chunk past its data")
    return out


def _chunk_name(kind: bytes) -> str:
    """A chunk's four letters as a finding may say them (any other byte a question mark)."""
    return "".join(chr(byte) if 0x20 <= byte < 0x7F and chr(byte) not in '<>&"\'' else "?" for byte in kind).strip() \
        or "unnamed"


# Bytes a PNG's image data is inflated to at most to find where its zlib stream ends (8 bytes
# a pixel of `decode.MAX_PIXELS`, and more): past them the search says so
MAX_INFLATED = 512 * 1024 * 1024


def image_data_and_its_end(data: bytes, idats: list[tuple[int, int]], header: bytes, *, whatever_it_holds: bool = False,
                           budget: list[int] | None = None) -> tuple[bytes, int] | None:
    """A PNG's image data (`idats`: its IDAT chunks' bodies, in order, joined) and where the
    deflate data of the zlib stream it holds ends, past which no decoder reads but the stream's
    4-byte checksum (libpng warns of extra compressed data and shows the picture); None when no
    picture may start in it (`_may_start_a_picture`: the common case, nothing inflated, unless
    `whatever_it_holds`) or its stream does not end in it (a cut picture: its decoder says so).
    The checksum is not checked (libpng warns of a wrong one, or of none, and shows the picture,
    as Pillow does). Found by inflating the stream, the output thrown away; `NotAllSearched` for
    a stream that does not inflate, or inflates past the bytes its `header` (IHDR's data) gives
    (what follows its rows no decoder shows: `png_image_data_size`) or past the bytes `budget`
    allows (shared by a caller's streams: an APNG's 1,350 frames of 4000x4000 inflated 65 GB;
    `MAX_INFLATED` when not given), which it takes them from.

    Why: a portrait appended as more IDAT chunks passed with the face-free picture before it as
    allowed, without a note, and a redaction kept it. The data is joined: a portrait split over
    several chunks, or its start marker over two, is one picture to a tool that reads them. The
    search starts where the deflate data ends: a portrait put where the checksum goes, none
    written, hid its start from one that skipped four bytes."""
    image_data = b"".join(data[start:end] for start, end in idats)  # (1 ms a MB)
    if not whatever_it_holds and not _may_start_a_picture(image_data):
        return None
    expected = png_image_data_size(header)
    left = budget if budget is not None else [MAX_INFLATED]
    bound = left[0] if expected is None else min(expected, left[0])
    flags = image_data[0] << 8 | image_data[1] if len(image_data) >= 2 else 0
    if flags >> 8 & 0x0F != 8 or flags % 31 or flags & 0x20:  # (deflate; the header's check; no preset dictionary)
        raise NotAllSearched("a PNG's image data holds no zlib stream")
    inflater = zlib.decompressobj(-15)  # (the deflate data alone: its checksum is not checked)
    inflated = 0
    for pos in range(2, len(image_data), 1 << 20):
        piece = image_data[pos:pos + (1 << 20)]
        stop = pos + len(piece)
        try:
            while piece and not inflater.eof:
                inflated += len(inflater.decompress(piece, 1 << 22))
                if inflated > bound:
                    raise NotAllSearched(f"a PNG's image data inflates past the {bound} bytes its header gives"
                                         if bound == expected else f"a PNG's image data (its frames' with it) "
                                         f"inflates past the {MAX_INFLATED} bytes searched at most")
                piece = inflater.unconsumed_tail
        except zlib.error as exc:
            raise NotAllSearched(f"a PNG's image data does not inflate ({exc})") from None
        if inflater.eof:
            left[0] -= inflated
            return image_data, stop - len(inflater.unused_data)
    left[0] -= inflated
    return None


# JPEG segments a start marker in compressed pixels is followed through at most to tell whether a
# picture may start there (a real one reaches its first scan in a few: a photo's has about 10)
MAX_GATE_SEGMENTS = 32


def _may_start_a_picture(data: bytes) -> bool:
    """Whether a picture may start anywhere in `data`: a start marker that begins one
    (`_begins_picture`), a JPEG's with its segments reaching a scan (`_may_begin_a_jpeg`), or
    more than `MAX_TRAILING_STARTS` markers, or more bytes looked at for them than four times the
    data's (then taken to: a hostile file's markers whose segments all lead into one long run cost
    53 s). Why: a photo's compressed pixels hold chance JPEG start markers (one in 16 MB), a quarter
    of which go on as a JPEG's header does; inflating a 20-MB photo PNG to see where its stream
    ends cost 180 ms."""
    budget = [4 * len(data) + MAX_JPEG_PADDING]  # (bytes the JPEG walks may look at, all told)
    for count, at in enumerate(_start_markers(data, 0, len(data))):
        if count >= MAX_TRAILING_STARTS:
            return True
        if _begins_picture(data, at) and (data[at + 1] != 0xD8 or _may_begin_a_jpeg(data, at, budget)):
            return True
    return False


def _may_begin_a_jpeg(data: bytes, at: int, budget: list[int]) -> bool:
    """Whether the JPEG start marker at `at` is followed, as libjpeg and Pillow read a header
    (`_jpeg_marker`), by segments of a header's kinds up to a scan, the data's end or
    `MAX_GATE_SEGMENTS` of them, or by more than the bytes `budget` still allows (shared by the
    caller's walks). A chance marker's random bytes name such a segment one time in five."""
    pos = at + 2
    for _ in range(MAX_GATE_SEGMENTS):
        code = _jpeg_marker(data, pos, budget)
        if code is None or code < 0:
            return True  # (a picture going on past the data, or past the bytes looked at: taken for one)
        if data[code] == 0xDA:
            return True
        if not 0xC0 <= data[code] <= 0xFE or data[code] in (0xD8, 0xD9):
            return False
        pos = code + 1 + max(2, int.from_bytes(data[code + 1:code + 3], "big"))
        if pos >= len(data):
            return True
    return True


def _jpeg_marker(data: bytes, pos: int, budget: list[int]) -> int | None:
    """Where the code of the next JPEG marker from `pos` is, as libjpeg and Pillow find one
    before a scan: past bytes that are no marker, fill bytes, stuffed zeros (FF 00) and markers
    without a length (FF 01, restarts); None past the data's end, -1 past the bytes `budget`
    allows looking at or past `MAX_GATE_SEGMENTS` markers stepped over (the bytes looked at taken
    from it: a hostile run of stuffed zeros cost 31 s when each was a loop's turn for one byte)."""
    for _ in range(MAX_GATE_SEGMENTS):
        if budget[0] <= 0:
            return -1
        window = pos + budget[0]  # (where the bytes allowed end)
        mark = data.find(b"\xff", pos, window)
        if mark < 0:
            budget[0] -= min(len(data), window) - pos
            return None if window >= len(data) else -1
        fill = FILL.match(data, mark, window)
        assert fill is not None  # (\xff* always matches)
        budget[0] -= fill.end() + 1 - pos
        if fill.end() >= len(data):
            return None
        if budget[0] < 0:
            return -1
        code = data[fill.end()]
        if code not in (0x00, 0x01) and not 0xD0 <= code <= 0xD7:
            return fill.end()
        pos = fill.end() + 1
    return -1


_FILL_OR_ZEROS = re.compile(rb"[\x00\xff]*+")


def _raster_after(data: bytes, at: int) -> int:
    """Where a picture in a raster format other than JPEG, PNG, GIF and WebP (whose start markers
    are looked for anywhere) starts right after a picture's end at `at`, past padding zeros or
    fill bytes, as `sniff_kind` tells one by its magic number; 0 for none. Why: a TIFF, BMP or PPM
    portrait appended there passed as data of unknown kind, not analysed."""
    start, kind = _after_padding(data, at)
    return start if kind not in ("", "JPEG", "PNG", "GIF", "WebP") else 0


def _after_padding(data: bytes, at: int) -> tuple[int, str]:
    """Where what follows a picture's end at `at` starts, past padding zeros or fill bytes, and the
    format of the picture it starts (`_trailing_kind`; "" for none). An icon's magic number
    (`00 00 01 00`), an AVIF's or a video's first box size and a JPEG's start marker (`FF D8`)
    begin with bytes the padding swallows: the last few positions before its end are tried too."""
    padding = _FILL_OR_ZEROS.match(data, at)
    assert padding is not None  # (it always matches: padding may be none)
    end = padding.end()
    for start in dict.fromkeys((at, *range(max(at, end - 3), end + 1))):
        if kind := _trailing_kind(data[start:start + SNIFF_BYTES]):
            return start, kind
        if data[start + 4:start + 8] == b"ftyp":  # (an MP4 or QuickTime video's first box: no picture)
            return start, ""
    return end, ""


# Stray bytes between a GIF's colour table and its first block skipped, at most: Pillow skips
# any number, but a writer's stray padding is a byte or a few; further on, each `GIF89a` in a
# text would find a `,` or `!` in the picture after it and cost one of its few decodes
MAX_GIF_STRAY = 16


def _begins_picture(data: bytes, at: int) -> bool:
    """Whether the start marker at `at` is followed by what its format's header needs next: a
    JPEG's first segment marker (`_jpeg_marker`: past fill bytes, ITU T.81 B.1.1.2, and what
    libjpeg and Pillow step over, up to `MAX_JPEG_PADDING` bytes), a PNG's IHDR
    chunk, a GIF's first block (after its colour table and up to `MAX_GIF_STRAY` stray bytes,
    which Pillow skips), a WebP's VP8 chunk."""
    head = data[at:at + 16]
    if head.startswith(b"\xff\xd8\xff"):  # (not a second start of image, nor its end: decoders refuse both)
        code = _jpeg_marker(data, at + 2, [MAX_JPEG_PADDING])
        return code == -1 or (code is not None and 0 <= code < len(data) and 0xC0 <= data[code] <= 0xFE
                              and data[code] not in (0xD8, 0xD9))  # (-1: past what is looked at, taken for one)
    if head.startswith(b"\x89PNG"):
        return head[12:16] == b"IHDR"
    if head.startswith(b"GIF"):
        flags = head[10] if len(head) > 10 else 0
        table = at + 13 + gif_colour_table(flags)
        block = GIF_BLOCK.search(data, table, table + MAX_GIF_STRAY + 1)
        return block is not None and block.group() != b";"  # (a trailer first: no picture)
    return head[12:16] in (b"VP8 ", b"VP8L", b"VP8X")
