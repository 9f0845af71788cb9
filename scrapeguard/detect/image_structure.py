"""An image file's structure, walked from its bytes without decoding a pixel.

Where a picture ends (a JPEG's end-of-image marker, a PNG's IEND chunk, a GIF's trailer, the
furthest data a TIFF's directories or an ICO's directory name, a BMP's, TGA's or AVIF's own
length), how many frames or pages it holds, whether a JPEG's segments and scans hold together,
and which of a PNG's or a WebP's chunks its decoders read (`png_layout`, `webp_chunks_read`).
Why: Pillow stops reading where the picture ends and walks hostile structures slowly in Python,
so the decoder (`detect.decode`), the embedded-rights reader and the search for pictures no
viewer shows (`detect.hidden_pictures`) bound their work and look past the end by these walks.
Every walk is bounded; none raises on malformed bytes but `png_layout`, which raises
`NotAllSearched` when it stops at its bound, for the caller to say so.
"""

from __future__ import annotations

import operator
import re
import struct
import zlib
from dataclasses import dataclass, field

# Frames are counted from the container's own structure, at most this many (Pillow's count
# walks a GIF to its end: 300,000 tiny frames in 11 MB took 16 s), and seeked through at most
# this many (each one is decoded on the way): a bound on the cost whatever the frames' size.
MAX_FRAME_COUNT = 10_000
MAX_FRAME_WALK = 1_000
# In a JPEG's entropy-coded (picture) data an FF byte is followed by 00 (a stuffed FF) or is a
# restart marker (D0-D7); anything else ends the scan. Found by one C-level search (a literal
# first byte): ~3 ms over the 4.8 MB of a 12-megapixel photo, against ~100 ms to decode it.
SCAN_END = re.compile(rb"\xff[^\x00\xd0-\xd7]")
RESTART = re.compile(rb"\xff[\xd0-\xd7]")
FILL = re.compile(rb"\xff*")  # fill bytes before a marker code (matched, in C, however many)
# What may follow a scan: the next scan's tables and header, comments and application data,
# a DNL, or the end of the image. Any other marker there is no part of a picture.
_AFTER_SCAN = frozenset({0xC4, 0xCC, 0xDA, 0xDB, 0xDC, 0xDD, 0xFE, *range(0xE0, 0xF0)})
# Bytes of padding (`JpegWalk.padding`) a JPEG's header may hold: Pillow reads them one at a time in
# Python (~0.7 us each: 5 MB of fill bytes took 3.7 s to open), libjpeg passes over them. A real
# file has none, or a few.
MAX_JPEG_PADDING = 65_536
# Segments and scan breaks walked at most (a progressive photo has about 30): a file of a
# million 4-byte comments would otherwise cost seconds of Python.
MAX_JPEG_SEGMENTS = 10_000


@dataclass(slots=True)
class JpegWalk:
    """What `walk_jpeg` found: why the structure is broken (None: it holds), where the last
    scan's picture data starts (0: no scan), the restart interval in force there (0: none) and
    where the end-of-image marker ends (0: none found); `padding`: the bytes before the first scan
    that belong to no segment (junk, fill bytes, the stuffed zeros and parameterless markers
    libjpeg passes over there); `scans`: the start-of-scan segments walked."""

    damage: str | None = None
    scan: int = 0
    restart: int = 0
    end: int = 0
    padding: int = 0
    scans: int = 0


def walk_jpeg(data: bytes, *, header_only: bool = False) -> JpegWalk:
    """Walk a JPEG's segments and scans to its end-of-image marker (see `jpeg_damage`), or
    (`header_only`) to its first scan."""
    walk = JpegWalk()
    end, pos, scanned, in_scan = len(data), 2, False, False
    code, mark = 0, 0  # the last marker read and where (said when bytes after its segment are no marker)
    for _ in range(MAX_JPEG_SEGMENTS):
        if in_scan:  # a scan's picture data, to the marker that ends it
            found = SCAN_END.search(data, pos)
            if found is None:
                return walk
            pos = found.start()
        elif pos >= end:
            return walk
        elif data[pos] != 0xFF:
            if scanned:
                walk.damage = f"bytes that are no marker at byte {pos}, after the FF {code:02X} segment at byte {mark}"
                return walk
            junk, pos = pos, data.find(b"\xff", pos)
            if pos < 0:
                return walk
            walk.padding += pos - junk
        fill = FILL.match(data, pos)
        assert fill is not None  # (\xff* always matches)
        mark = fill.end() - 1
        if not scanned:
            walk.padding += mark - pos
        if mark + 1 >= end:
            return walk
        code = data[mark + 1]
        if code == 0xD9:
            walk.end = mark + 2
            return walk
        passable = code == 0x00 or 0xD0 <= code <= 0xD7  # a stuffed FF after fill bytes, a restart
        if (in_scan and passable) or (not scanned and (passable or code == 0x01)):
            pos = mark + 2  # the picture data goes on; before a scan, libjpeg passes over these
            walk.padding += 0 if scanned else 2
            continue
        at = f"{'the picture data breaks off at ' if in_scan else ''}a marker FF {code:02X} at byte {mark}"
        length = int.from_bytes(data[mark + 2:mark + 4], "big") if mark + 4 <= end else -1
        if scanned and code not in _AFTER_SCAN:
            walk.damage = f"{at} that cannot follow picture data"
        elif length < 0 or mark + 2 + length > end:
            walk.damage = f"{at} whose segment runs past the end of the file (truncated)"
        elif length < 2 and scanned:
            walk.damage = f"{at} whose segment has an impossible length {length}"
        if walk.damage:
            return walk
        if code == 0xDD and length == 4:
            walk.restart = int.from_bytes(data[mark + 4:mark + 6], "big")
        pos = mark + 2 + max(2, length)  # (libjpeg reads on after a length under 2 in a header)
        in_scan = code == 0xDA
        if in_scan:
            scanned, walk.scan, walk.scans = True, pos, walk.scans + 1
            if header_only:
                return walk
    walk.damage = f"more than {MAX_JPEG_SEGMENTS} segments or breaks in its picture data"
    return walk


def jpeg_damage(data: bytes) -> str | None:
    """Why a JPEG's structure is broken before its end-of-image marker, or None when it holds
    (a file that only stops short, inside picture data or between segments, is None too:
    whether its last scan is whole is `complete_jpeg`'s question).

    Why: a stray marker inside a scan's data (FF FE, FF C0 … where a byte was changed or lost)
    makes libjpeg end the scan there, quietly: the rest of the picture is filled grey and Pillow
    raises nothing, so a portrait below the break was judged as a blank picture; and once EOI
    is appended the padding test of `complete_jpeg` cannot see the loss (the decoder stopped
    before the padding). A scan may only end at a marker that can follow it (`_AFTER_SCAN` or
    EOI), whose segment fits in the file and is followed directly by the next marker. Before
    the first scan the header is walked as libjpeg walks it (junk between segments skipped):
    its own checks refuse a broken header.
    """
    return walk_jpeg(data).damage


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    """A PNG chunk of `kind` holding `payload`, its checksum computed."""
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def bmp_end(data: bytes) -> int:
    """Where a BMP ends by the file size its header gives, when that holds its pixels (an
    uncompressed one's rows, from where its header says they start); 0 otherwise (a writer's
    wrong size: its end is not known). Why: Pillow reads a BMP's pixels and never looks past them,
    so a portrait appended to a face-free bitmap passed as allowed without a word."""
    size, pixels_end, _raw = bmp_layout(data)
    return size if pixels_end <= size <= len(data) else 0


def bmp_layout(data: bytes) -> tuple[int, int, bool]:
    """A BMP's file size as its header gives it, where its pixels end (an uncompressed one's
    rows, from where its header says they start; an RLE one's start: its own length), and
    whether they are uncompressed; (0, 1, False) for a header too short or of no known kind."""
    if len(data) < 30:
        return 0, 1, False
    size, start, header = struct.unpack_from("<I4xII", data, 2)
    if header == 12:  # (OS/2 1.x: 16-bit sizes, no compression)
        (width, height), bits, compression = struct.unpack_from("<HH", data, 18), data[24], 0
    elif header >= 40 and len(data) >= 34:
        width, height, _planes, bits, compression = struct.unpack_from("<iiHHI", data, 18)
    else:
        return 0, 1, False
    stride = (abs(width) * bits + 31) // 32 * 4
    raw = compression in (0, 3, 6)
    return size, start + stride * abs(height) if raw else start, raw


class NotAllSearched(ValueError):
    """A search for hidden pictures stopped at one of its bounds (start markers tried, chunks
    walked, pictures found): what lies past it was not looked at."""


_WEBP_IMAGES = (b"VP8 ", b"VP8L")
_WEBP_ANIMATION = 0x02  # the extended header's animation flag


def riff_chunks(data: bytes, pos: int, end: int) -> list[tuple[bytes, int, int, int]] | None:
    """(kind, where its data starts, where it ends, where the next chunk starts) of each RIFF chunk
    from `pos` to `end` (chunks are padded to an even size, the padding cut at `end`); None when
    one runs past `end`. The one walk of a WebP's chunks for what its redaction keeps
    (`redact.strip_metadata`) and what its metadata readers read (`image_metadata.further_exif`)."""
    chunks: list[tuple[bytes, int, int, int]] = []
    while pos + 8 <= end:
        kind, size = data[pos:pos + 4], struct.unpack_from("<I", data, pos + 4)[0]
        if pos + 8 + size > end:
            return None
        chunks.append((kind, pos + 8, pos + 8 + size, min(end, pos + 8 + size + (size & 1))))
        pos += 8 + size + (size & 1)
    return chunks


def riff_file_chunks(data: bytes) -> list[tuple[bytes, int, int, int]] | None:
    """`riff_chunks` of a whole RIFF file (a WebP's: its chunks after the 12-byte header, up to the
    size the header gives or the data's end)."""
    if len(data) < 12:
        return None
    return riff_chunks(data, 12, min(len(data), 8 + struct.unpack_from("<I", data, 4)[0]))


def webp_flags(data: bytes, kind: bytes, start: int, end: int) -> int:
    """The extended header's flags when a WebP's first chunk (`kind`, its data from `start` to
    `end`) is one (VP8X), else 0: what `webp_chunks_read` reads the animation flag from."""
    return data[start] if kind == b"VP8X" and end > start else 0


def webp_chunks_read(kinds: list[bytes], flags: int) -> list[bool]:
    """Which of a WebP's chunks (`kinds`, in file order) its decoder reads for the picture: a
    simple file's first (VP8 or VP8L) alone; an extended one's header (VP8X, whose `flags` say
    whether it is animated) with its first ANIM and its ANMF chunks when animated, else its first
    VP8 or VP8L chunk and, before a VP8 one, its ALPH when it holds one alone (of two, dwebp
    reads the last and Pillow refuses the file: both searched). Metadata chunks (ICCP, EXIF,
    XMP) are read as metadata, not here.

    Why: the chunks of those kinds a file holds besides (a second VP8 chunk or ANIM, an ALPH
    after a simple file's picture, an ANMF in a still picture) no viewer shows, and a portrait
    in one passed with a face-free picture as allowed, without a note."""
    read = [False] * len(kinds)
    if not kinds or kinds[0] not in (*_WEBP_IMAGES, b"VP8X"):
        return read
    read[0] = True
    if kinds[0] != b"VP8X":
        return read
    if flags & _WEBP_ANIMATION:
        first_anim = kinds.index(b"ANIM") if b"ANIM" in kinds else -1
        return [index in (0, first_anim) or kind == b"ANMF" for index, kind in enumerate(kinds)]
    image = next((index for index, kind in enumerate(kinds) if kind in _WEBP_IMAGES), None)
    if image is not None:
        read[image] = True
        alphas = [index for index, kind in enumerate(kinds[:image]) if kind == b"ALPH"]
        if len(alphas) == 1 and kinds[image] == b"VP8 ":
            read[alphas[0]] = True
    return read


# The bytes of a WebP's extended header and of its animation's parameters a decoder reads: what
# such a chunk holds past them no viewer shows
WEBP_HEADER_SIZES = {b"VP8X": 10, b"ANIM": 6}


def webp_frame_end(data: bytes, start: int, end: int) -> int:
    """Where what an animation frame's decoder reads ends in an ANMF chunk's data (from `start`
    to `end` of `data`): its 16-byte header, then its alpha (ALPH) and its picture (VP8 or VP8L)
    chunks, each once; libwebp's demuxer skips an unknown chunk after them, where a portrait
    passed unseen (a second ALPH or picture there makes it refuse the file: searched too)."""
    pos, seen = start + 16, set()
    while pos + 8 <= end:
        kind, size = data[pos:pos + 4], struct.unpack_from("<I", data, pos + 4)[0]
        role = b"ALPH" if kind == b"ALPH" else b"VP8" if kind in _WEBP_IMAGES else b""
        if not role or role in seen or pos + 8 + size > end:
            break
        seen.add(role)
        pos += 8 + size + (size & 1)
    return min(pos, end)


_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # by colour type: grey, RGB, palette, grey+alpha, RGBA
# Adam7's passes: (first column, first row, column step, row step)
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


# The bytes of a palette (PLTE) its decoder reads: 256 colours of 3 bytes (libpng refuses a
# longer one in a palette picture and ignores it in another)
MAX_PALETTE = 768


def apng_frame_count(animation_control: bytes) -> int:
    """The frames an APNG's acTL data says it holds; 0 (none read: Pillow shows a still, libpng
    refuses the file) for a count of 0 or past 2^31 - 1."""
    count = int.from_bytes(animation_control[:4], "big")
    return count if 0 < count < 1 << 31 else 0


def png_frame_header(header: bytes, frame_control: bytes) -> bytes:
    """The header (IHDR's data) an APNG frame's data is read by: the width and height its frame
    control chunk's data (`frame_control`, fcTL's: after its sequence number) gives, and the
    depth, colour type and interlace method of the picture's `header`."""
    return frame_control[4:12] + header[8:13]


def png_image_data_size(header: bytes) -> int | None:
    """The bytes a PNG's image data inflates to by its IHDR chunk's data `header`: each row's
    filter byte and pixels, pass by pass when interlaced; None when the header says no picture."""
    if len(header) < 13:
        return None
    width, height, depth, colour, _compression, _filter, interlace = struct.unpack_from(">IIBBBBB", header)
    channels = _PNG_CHANNELS.get(colour)
    if channels is None or interlace > 1:
        return None
    bits = depth * channels
    total = 0
    for column, row, column_step, row_step in _ADAM7 if interlace else ((0, 0, 1, 1),):
        columns = max(0, width - column + column_step - 1) // column_step
        rows = max(0, height - row + row_step - 1) // row_step
        if columns and rows:
            total += rows * (1 + (columns * bits + 7) // 8)
    return total


# Chunks a PNG may hold (a bound on the cost of a hostile file: Pillow reads each one in Python,
# ~9 us, so a million empty ones, 12 MB, took 8-9 s to open and load); a large real picture
# written in libpng's 8 KB chunks holds ~8,000 in 64 MB
MAX_PNG_CHUNKS = 100_000


# An APNG frame control chunk's fields (fcTL: 26 bytes); libpng skips one of another length, Pillow
# refuses a shorter one and reads a longer one's first 26
FRAME_CONTROL_SIZE = 26

# What a PNG's chunk is to its decoders (`PngChunk.role`)
PNG_HEADER = "header"  # an IHDR before the image data (Pillow reads each, the last counts; libpng refuses two)
PNG_PALETTE = "palette"  # a palette picture's last PLTE before its image data: the one Pillow reads
PNG_UNREAD_PALETTE = "unread palette"  # any other PLTE (a truecolour or grey picture's, an earlier one, one after the image data)
PNG_IMAGE_DATA = "image data"  # IDAT
PNG_ANIMATION = "animation"  # the first acTL before the image data: an APNG
PNG_FRAME_CONTROL = "frame control"  # an fcTL that begins a frame: an APNG's, or one before a still PNG's image data
PNG_FRAME_DATA = "frame data"  # an fdAT after a frame control of an APNG (`PngStream.header` says whether one reads it)
PNG_END = "end"  # IEND
PNG_OTHER = "other"  # any other: ancillary, private, a still PNG's frame data, a second acTL, a short fcTL, an IHDR after the image data
# The fields of a PNG's header (IHDR: width, height, depth, colour type, compression, filter,
# interlace); decoders read no more of it
PNG_HEADER_SIZE = 13


@dataclass(slots=True)
class PngChunk:
    """One chunk of a PNG, with what its decoders make of it (`png_layout`)."""

    kind: bytes
    at: int  # where the chunk starts (its length)
    start: int  # where its data starts
    end: int  # where its data ends (the file's end, for a chunk the file cuts)
    role: str  # PNG_HEADER, PNG_PALETTE, ... PNG_OTHER
    stream: int = -1  # the `PngLayout.streams` an IDAT or fdAT carries or an fcTL begins; -1 for none


@dataclass(slots=True)
class PngStream:
    """One zlib stream of a PNG: the image data's, or an APNG frame's."""

    header: bytes  # the IHDR data it is read by (a frame's: `png_frame_header`); b"" for a frame no decoder reads
    data: list[tuple[int, int]] = field(default_factory=list)  # its compressed data, chunk by chunk (an fdAT's after its sequence number)
    chunks: list[int] = field(default_factory=list)  # the chunks holding it (indices in `PngLayout.chunks`)


@dataclass(slots=True)
class PngLayout:
    """A PNG's chunks and zlib streams as libpng and Pillow read them (`png_layout`)."""

    chunks: list[PngChunk]
    streams: list[PngStream]  # the image data's first, then each frame's in the file's order
    whole: bool  # the walk reached an IEND chunk, every chunk before it within the file
    animation_frames: int = 0  # the frames the acTL read says it shows (`apng_frame_count`); 0: a still


def png_layout(data: bytes, max_chunks: int = MAX_PNG_CHUNKS, *, to_image_data: bool = False) -> PngLayout:
    """The chunks of a PNG (`data`, its signature first: not checked) and what each is to its decoders,
    walked as libpng and Pillow walk them: an APNG is one with an acTL before its image data (the
    first acTL alone: libpng reads no other) and shows as many frames as it says (`apng_frame_count`:
    a frame control past them, or in a still PNG after its image data, begins no frame); a frame
    control before the image data makes that frame the picture's, shown as the picture (one more
    before it takes its place: libpng reads neither one's frame data before the image data, Pillow
    may show it as the picture); a palette is read in a palette picture before its image data
    only, the last of them (`MAX_PALETTE` bytes of it), and a header before the image data only
    (`PNG_HEADER_SIZE` bytes of it: its image data is as long as the last one says). `NotAllSearched` past
    `max_chunks` chunks (`MAX_PNG_CHUNKS`: a bound on a hostile file's cost). `to_image_data`: the
    walk stops at the first IDAT chunk (what comes before the picture, without walking the rest).

    Why one walk: the search for pictures no decoder shows (`hidden_pictures.unshown_pictures`) and the redaction
    that cuts them (`redact.strip_metadata`) each walked the chunks with these rules, and the two
    had drifted apart: a frame control shorter than its fields began a frame for one and not the
    other, a second IHDR made the redaction forget the image data before it (kept, not cut), and
    the frame data of a frame control another replaced was searched by neither."""
    chunks: list[PngChunk] = []
    streams = [PngStream(b"")]
    image_data = streams[0]
    pos, animated, frame_count, frames = 8, False, 0, 0
    palette: PngChunk | None = None  # (the palette read so far)
    size = len(data)
    for index in range(max_chunks):
        if pos + 8 > size:
            return PngLayout(chunks, streams, False, frame_count)
        length, kind = struct.unpack_from(">I4s", data, pos)
        start = pos + 8
        end = min(size, start + length)
        if kind == b"IDAT":  # (the common case first: a large picture is thousands of them)
            if not image_data.chunks and len(streams) > 1:
                streams[-1].header = b""  # (a frame control before the image data: its frame is the picture's)
            image_data.data.append((start, end))
            image_data.chunks.append(index)
            chunks.append(PngChunk(kind, pos, start, end, PNG_IMAGE_DATA, 0))
            if to_image_data:
                return PngLayout(chunks, streams, False, frame_count)
        elif kind == b"fdAT" and animated and len(streams) > 1:
            streams[-1].data.append((start + 4, end))
            streams[-1].chunks.append(index)
            chunks.append(PngChunk(kind, pos, start, end, PNG_FRAME_DATA, len(streams) - 1))
        elif kind == b"IEND":
            chunks.append(PngChunk(kind, pos, start, end, PNG_END))
            return PngLayout(chunks, streams, pos + 12 <= size, frame_count)
        elif kind == b"fcTL" and (animated or not image_data.chunks) and length >= FRAME_CONTROL_SIZE:
            read = frames < frame_count or not image_data.chunks
            if len(streams) > 1 and not image_data.chunks:
                streams[-1].header = b""  # (one more before the image data: the picture's frame still, not the first's)
            else:
                frames += 1
            streams.append(PngStream(png_frame_header(image_data.header, data[start:end]) if read else b""))
            chunks.append(PngChunk(kind, pos, start, end, PNG_FRAME_CONTROL, len(streams) - 1))
        else:
            if kind == b"IHDR" and not image_data.chunks:  # (one after the image data: Pillow has stopped, libpng refuses it)
                role = PNG_HEADER
                image_data.header = data[start:end]
            elif kind == b"acTL" and not image_data.chunks and not animated:
                role, animated, frame_count = PNG_ANIMATION, True, apng_frame_count(data[start:end])
            elif kind == b"PLTE":
                role = PNG_PALETTE if image_data.header[9:10] == b"\x03" and not image_data.chunks else PNG_UNREAD_PALETTE
            else:
                role = PNG_OTHER
            chunks.append(PngChunk(kind, pos, start, end, role))
            if role == PNG_PALETTE:
                if palette is not None:
                    palette.role = PNG_UNREAD_PALETTE  # (one more: Pillow reads the last)
                palette = chunks[-1]
        pos = start + length + 4
    raise NotAllSearched(f"more than {max_chunks} chunks")


# A GIF's block introducers: an extension, an image descriptor, the trailer
GIF_BLOCK = re.compile(rb"[!,;]")


def png_end(data: bytes) -> int | None:
    """Where a PNG's IEND chunk ends, walked chunk by chunk (the four letters may occur inside
    the compressed picture data); 0 when the file ends first, None when more than
    `MAX_PNG_CHUNKS` chunks come before it.

    An IEND chunk's data is empty (PNG 11.2.5), and no decoder reads what one claims: whatever
    length it gives, the picture ends 12 bytes after it starts. Its length was trusted, so an
    IEND claiming the bytes of a portrait appended after it (or more bytes than the file holds)
    hid the portrait from the look past the end: allowed without a note."""
    pos = 8
    for _ in range(MAX_PNG_CHUNKS):
        if pos + 12 > len(data):
            return 0
        if data[pos + 4:pos + 8] == b"IEND":
            return pos + 12
        pos += 12 + struct.unpack_from(">I", data, pos)[0]
    return None


# Data blocks (1-255 bytes each) a GIF may hold: Pillow reads an extension's one at a time in
# Python, so a comment of 3 million one-byte blocks (6 MB) took 2 s to open; a real 64 MB GIF,
# in 255-byte blocks, holds ~260,000
MAX_GIF_BLOCKS = 1_000_000


def gif_frames(data: bytes, cap: int) -> int:
    """Image descriptors in a GIF, counted by walking its blocks as Pillow reads them (no pixel is
    decoded); `cap + 1` once past `cap`. A broken structure ends the count where it breaks, as it
    ends Pillow's reading."""
    return gif_walk(data, cap)[0]


# Stray bytes between a GIF's blocks walked over, at most: Pillow passes over them one at a time in
# Python (~0.12 us each: 4 MB took 0.5 s to decode, each time the picture is read); a writer's stray
# padding is a few bytes
MAX_GIF_STRAY_BYTES = 65_536


def gif_colour_table(flags: int) -> int:
    """The bytes of the colour table a GIF's screen or image descriptor announces in its packed
    `flags` (GIF89a 18 and 20: one when bit 7 is set, of 2 ** (size + 1) RGB entries)."""
    return 3 << ((flags & 7) + 1) if flags & 0x80 else 0


# GIF extensions whose data no viewer shows but a reader may take a picture from: plain text, comment, application
_GIF_TEXT_LABELS = frozenset({0x01, 0xFE, 0xFF})


def gif_walk(data: bytes, cap: int, texts: list[bytes] | None = None) -> tuple[int, int, int, int]:
    """`gif_frames`, the data blocks walked to count them (`MAX_GIF_BLOCKS + 1`: more, where the
    walk stopped), where its trailer ends (0: the walk stopped before one) and the stray bytes
    between its blocks (`MAX_GIF_STRAY_BYTES + 1`: more, where the walk stopped); into `texts`,
    when given, the data of each comment, application and plain-text extension walked, its
    sub-blocks joined (a picture in one is split by their lengths every 255 bytes).

    Stray bytes (none that starts a block) are passed over to the next block, as Pillow passes
    over them (a browser ends the picture there): the walk ended at one, so a second frame after a
    stray byte, which Pillow shows, was never counted, nor sampled for faces."""
    if len(data) < 13:
        return 1, 0, 0, 0
    flags = data[10]
    pos = 13 + gif_colour_table(flags)
    count, end, blocks, stray = 0, len(data), 0, 0
    while pos < end:
        block = data[pos]
        parts: list[bytes] | None = None
        if block == 0x21:  # extension: label, then sub-blocks
            if texts is not None and pos + 1 < end and data[pos + 1] in _GIF_TEXT_LABELS:
                parts = []
            pos += 2
        elif block == 0x2C:  # image: descriptor, local colour table, LZW code size, then sub-blocks
            count += 1
            if count > cap:
                return cap + 1, blocks, 0, stray
            if pos + 10 > end:
                break
            local = data[pos + 9]
            pos += 11 + gif_colour_table(local)
        elif block == 0x3B:  # the trailer
            return max(1, count), blocks, pos + 1, stray
        else:  # bytes that are no block, to the next that is one
            following = GIF_BLOCK.search(data, pos)
            stray += (following.start() if following else end) - pos
            if following is None or stray > MAX_GIF_STRAY_BYTES:
                return max(1, count), blocks, 0, min(stray, MAX_GIF_STRAY_BYTES + 1)
            pos = following.start()
            continue
        while pos < end:
            size = data[pos]
            if parts is not None and size:
                parts.append(data[pos + 1:pos + 1 + size])
            pos += 1 + size
            if size == 0:
                break
            blocks += 1
            if blocks > MAX_GIF_BLOCKS:
                return max(1, count), blocks, 0, stray
        if parts and texts is not None:
            texts.append(b"".join(parts))
    return max(1, count), blocks, 0, stray


def png_frames(data: bytes, cap: int) -> int:
    """Frames in an APNG as Pillow numbers them, counted by walking its chunks: one a frame
    control (fcTL), and one more for a still fallback image (IDAT before the first fcTL: not
    part of the animation, yet Pillow's frame 0). The frame count its acTL chunk claims is not
    trusted (a claim of a million frames spread the sample past the real ones, leaving the
    second frame unread), nor is the fallback left out (counting fcTL alone ended the sample
    one frame short, so the animation's last frame was never analysed while the note said
    every frame was). `cap + 1` once past `cap` chunks or frames."""
    pos, count, chunks = 8, 0, 0
    while pos + 8 <= len(data):
        length = struct.unpack_from(">I", data, pos)[0]
        kind = data[pos + 4:pos + 8]
        if kind == b"fcTL":
            count += 1
        elif kind == b"IDAT" and count == 0:
            count = 1  # the fallback image; the fcTL chunks that follow are frames 1, 2, ...
        elif kind == b"IEND":
            break
        chunks += 1
        if count > cap or chunks > 20 * cap:
            return cap + 1
        pos += 12 + length
    return max(1, count)


# TIFF layouts: (byte order, offset, entry count and entry formats, entry size) by magic. A BigTIFF
# has 8-byte offsets and counts (a multi-page one was left uncounted, so image.frames_unchecked
# and blocked under fail-closed, its later pages never looked at).
TIFF_LAYOUTS: dict[bytes, tuple[str, str, str, int]] = {
    b"II*\x00": ("<", "I", "H", 12), b"MM\x00*": (">", "I", "H", 12),
    b"II+\x00": ("<", "Q", "Q", 20), b"MM\x00+": (">", "Q", "Q", 20),
}
# Directory entries the pages a TIFF may be sought through hold together (its first
# MAX_FRAME_WALK + 1 directories): Pillow loads every directory on the way to a page, entry by
# entry in Python (~6 us each), so 1,000 pages of 5,000 entries (60 MB) took 35 s; a real page
# has a few dozen
MAX_TIFF_ENTRIES = 100_000


def tiff_frames(data: bytes, cap: int) -> int:
    """Image file directories in a TIFF or BigTIFF, counted along their chain (a loop ends
    it); `cap + 1` once past `cap`; 0 (uncounted) when it is neither."""
    return tiff_walk(data, cap)[0]


def tiff_offsets(data: bytes, cap: int) -> list[int]:
    """Where a TIFF's first `cap` image file directories start, along their chain (a loop ends it)."""
    offsets: list[int] = []
    tiff_walk(data, cap, offsets)
    return offsets[:cap]


def tiff_walk(data: bytes, cap: int, offsets: list[int] | None = None) -> tuple[int, int]:
    """`tiff_frames`, and the entries of the first `MAX_FRAME_WALK + 1` directories (`offsets`:
    where each directory walked starts is added to it)."""
    layout = TIFF_LAYOUTS.get(data[:4])
    if layout is None:
        return 0, 0
    order, pointer, counter, entry = layout
    width, count_width = struct.calcsize(pointer), struct.calcsize(counter)
    first = 8 if width == 8 else 4  # where the first directory's offset is (BigTIFF: after 4 more bytes)
    if len(data) < first + width:
        return 0, 0
    offset = struct.unpack_from(order + pointer, data, first)[0]
    seen: set[int] = set()
    walked = 0
    while offset and offset not in seen and offset + count_width <= len(data):
        seen.add(offset)
        if len(seen) > cap:
            return cap + 1, walked
        entries = struct.unpack_from(order + counter, data, offset)[0]
        following = offset + count_width + entry * entries
        if following + width > len(data):
            break
        if offsets is not None:
            offsets.append(offset)
        walked += entries if len(seen) <= MAX_FRAME_WALK + 1 else 0
        offset = struct.unpack_from(order + pointer, data, following)[0]
    return max(1, len(seen)), walked


# The bytes of one value of each TIFF field type (TIFF 6.0 section 2, BigTIFF's LONG8, SLONG8, IFD8);
# a type not listed is one a reader skips
_TIFF_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4,
                    16: 8, 17: 8, 18: 8}
_TIFF_UNSIGNED = {3: "H", 4: "I", 13: "I", 16: "Q", 18: "Q"}  # the types an offset, a count or a pointer is given in
# Fields naming where data lies (its offsets) and its byte counts: strips, tiles, free space, an old-style JPEG
_TIFF_DATA_FIELDS = {273: 279, 324: 325, 288: 289, 513: 514}
# Fields pointing at further directories (SubIFDs, EXIF, GPS, interoperability), besides the IFD types
_TIFF_IFD_FIELDS = frozenset({330, 34665, 34853, 40965})
# Offsets and byte counts read to find where a TIFF ends, at most (a real 64 MB TIFF in strips of a
# row names ~10,000); past that its end is not looked for
MAX_TIFF_DATA_VALUES = 1_000_000


def tiff_end(data: bytes) -> int:
    """Where a TIFF or BigTIFF ends: the furthest byte its directories (the chain of pages, and those
    they point to: SubIFDs, EXIF, GPS) and the values and strips or tiles they name reach; 0 when
    that is not known (a directory or its data past the file's end, more than `MAX_TIFF_ENTRIES`
    entries or `MAX_TIFF_DATA_VALUES` offsets). Why: a TIFF has no end marker, so a portrait
    appended to a face-free one passed as allowed without a word, where after a JPEG's end it is found."""
    return tiff_layout(data, [])


def tiff_layout(data: bytes, values: list[tuple[int, int]]) -> int:
    """`tiff_end`, and (into `values`) where each value its directories hold outside their entries
    lies (start, end), but the pointers to strips, tiles and directories: a private tag's bytes,
    a maker note, Photoshop's resources (`hidden_pictures.unshown_pictures` searches them)."""
    layout = TIFF_LAYOUTS.get(data[:4])
    if layout is None:
        return 0
    order, pointer, counter, entry = layout
    width, count_width = struct.calcsize(pointer), struct.calcsize(counter)
    inline = width  # (a value of this many bytes or fewer is held in the entry itself)
    first = 8 if width == 8 else 4
    if len(data) < first + width:
        return 0
    end = first + width
    todo, seen, entries_read, values_read = [struct.unpack_from(order + pointer, data, first)[0]], set(), 0, 0
    while todo:
        offset = todo.pop()
        if not offset or offset in seen:
            continue
        seen.add(offset)
        if offset + count_width > len(data):
            return 0
        entries = struct.unpack_from(order + counter, data, offset)[0]
        entries_read += entries
        following = offset + count_width + entry * entries
        if following + width > len(data) or entries_read > MAX_TIFF_ENTRIES or len(seen) > MAX_FRAME_COUNT:
            return 0
        end = max(end, following + width)
        todo.append(struct.unpack_from(order + pointer, data, following)[0])
        fields: dict[int, tuple[int, ...]] = {}
        for at in range(offset + count_width, following, entry):
            tag, kind, count = struct.unpack_from(order + "HH" + pointer, data, at)  # (a value count: an offset's width)
            size = _TIFF_TYPE_SIZES.get(kind, 0) * count
            if not size:
                continue
            where = at + 4 + width
            if size > inline:
                where = struct.unpack_from(order + pointer, data, where)[0]
                if where + size > len(data):
                    return 0
                end = max(end, where + size)
            if kind in _TIFF_UNSIGNED and (tag in _TIFF_DATA_FIELDS or tag in _TIFF_DATA_FIELDS.values()
                                           or tag in _TIFF_IFD_FIELDS or kind in (13, 18)):
                values_read += count
                if values_read > MAX_TIFF_DATA_VALUES:
                    return 0
                fields[tag] = struct.unpack_from(f"{order}{count}{_TIFF_UNSIGNED[kind]}", data, where)
                if tag in _TIFF_IFD_FIELDS or kind in (13, 18):
                    todo.extend(fields[tag])
            elif size > inline:
                values.append((where, where + size))
        for starts, lengths in _TIFF_DATA_FIELDS.items():
            if (starts in fields) != (lengths in fields):
                return 0  # (data whose length is not given: where it ends is not known)
            if starts in fields:
                reach = max(map(operator.add, fields[starts], fields[lengths]), default=0)
                if reach > len(data):
                    return 0
                end = max(end, reach)
    return end


# Packets of a run-length encoded TGA walked to find where its pixels end, at most (~0.4 us each; a
# real 64 MB one in 128-pixel packets holds ~500,000); past that its end is not looked for
MAX_TGA_PACKETS = 1_000_000
_TGA_FOOTER = b"TRUEVISION-XFILE.\x00"  # (TGA 2.0: after the extension and developer areas' offsets)
# Bytes between a TGA's areas a writer's alignment may leave, at most (no picture fits in so few)
_TGA_GAP = 16


def tga_end(data: bytes) -> int:
    """Where a TGA ends: its header, image id, colour map and pixels (a run-length encoded one's
    packets walked), then a TGA 2.0 footer, with the extension and developer areas it names, when
    they and nothing else fill the bytes up to it; 0 when that is not known (the pixels past the
    file's end, more than `MAX_TGA_PACKETS` packets). Why: a TGA has no end marker, so a portrait
    appended to a face-free one passed as allowed without a word, where after a JPEG's end it is found."""
    if len(data) < 18:
        return 0
    id_length, map_type, kind = data[0], data[1], data[2]
    map_length, map_depth = struct.unpack_from("<H", data, 5)[0], data[7]
    width, height, depth = *struct.unpack_from("<HH", data, 12), data[16]
    pixel = (depth + 7) // 8
    pos = 18 + id_length + (map_length * ((map_depth + 7) // 8) if map_type == 1 else 0)
    if kind & 8:  # run-length encoded: packets of a header byte, then one pixel repeated or n pixels
        left = width * height
        for _ in range(MAX_TGA_PACKETS):
            if left <= 0 or pos >= len(data):
                break
            head = data[pos]
            pos += 1 + (pixel if head & 0x80 else ((head & 0x7F) + 1) * pixel)
            left -= (head & 0x7F) + 1
        else:
            return 0
        if left > 0:
            return 0
    else:
        pos += width * height * pixel
    return 0 if pos > len(data) else _tga_footer_end(data, pos)


def _tga_footer_end(data: bytes, pos: int) -> int:
    """Where a TGA whose pixels end at `pos` ends: past its footer when the extension area, the
    tables it names and the developer area fill what lies between (a picture appended before a
    footer is not hidden by it), else `pos`."""
    footer = data.find(_TGA_FOOTER, pos + 8)  # (the whole rest: `decode` reads no file past MAX_BYTES)
    if footer < 0:
        return pos
    extension, developer = struct.unpack_from("<II", data, footer - 8)
    areas: list[tuple[int, int]] = []
    if extension and extension + 482 <= len(data):
        areas.append((extension, extension + struct.unpack_from("<H", data, extension)[0]))
        colours, stamp, lines = struct.unpack_from("<III", data, extension + 470)
        if colours:
            areas.append((colours, colours + 2048))
        if stamp and stamp + 2 <= len(data):
            areas.append((stamp, stamp + 2 + data[stamp] * data[stamp + 1] * ((data[16] + 7) // 8)))
        if lines:
            areas.append((lines, lines + 4 * struct.unpack_from("<H", data, 14)[0]))
    elif extension:
        return pos
    if developer and developer + 2 <= len(data):
        fields = struct.unpack_from("<H", data, developer)[0]
        areas.append((developer, developer + 2 + 10 * fields))
        if developer + 2 + 10 * fields > len(data):
            return pos
        for at in range(developer + 2, developer + 2 + 10 * fields, 10):
            start, size = struct.unpack_from("<II", data, at + 2)
            areas.append((start, start + size))
    elif developer:
        return pos
    reached = pos
    for start, end in sorted(areas):
        if not pos <= start <= reached + _TGA_GAP or end > footer - 8:
            return pos
        reached = max(reached, end)
    return footer + len(_TGA_FOOTER) if reached + _TGA_GAP >= footer - 8 else pos


def ico_end(data: bytes) -> int:
    """Where an icon ends: past its directory and the furthest picture it lists; 0 when one lies
    past the file's end (not known). Why: as `tga_end`."""
    count = struct.unpack_from("<H", data, 4)[0] if len(data) >= 6 else 0
    end = 6 + 16 * count
    for entry in range(6, end, 16):
        if entry + 16 > len(data):
            return 0
        size, offset = struct.unpack_from("<II", data, entry + 8)
        end = max(end, offset + size)
    return end if end <= len(data) else 0


# Top-level ISO BMFF boxes of an AVIF walked to find where it ends, at most (a real one has a few)
MAX_BMFF_BOXES = 10_000
_BOX_TYPE = re.compile(rb"[ -~]{4}")


def bmff_end(data: bytes) -> int:
    """Where an ISO BMFF file (an AVIF) ends: past its last top-level box, the first bytes that are
    no box's header (no printable type) ending them; 0 when a box runs past the file's end or
    there are more than `MAX_BMFF_BOXES` (not known). Why: as `tga_end`."""
    pos = 0
    for _ in range(MAX_BMFF_BOXES):
        if pos + 8 > len(data) or not _BOX_TYPE.fullmatch(data, pos + 4, pos + 8):
            return pos
        size = struct.unpack_from(">I", data, pos)[0]
        if size == 1 and pos + 16 <= len(data):
            size = struct.unpack_from(">Q", data, pos + 8)[0]
        if size == 0:  # (the last box, to the file's end)
            return len(data)
        if size < 8 or pos + size > len(data):
            return 0
        pos += size
    return 0
