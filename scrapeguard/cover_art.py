"""Pictures a sound or video file carries in its metadata (cover art), told from its bytes: an ID3v2 tag's
picture frame (MP3), a FLAC PICTURE block, an MP4's, M4A's or QuickTime file's `covr` atom, an Ogg (Vorbis, Opus)
or FLAC comment's METADATA_BLOCK_PICTURE.

Why a module of its own: a portrait as an MP3's cover art passed as allowed with no note, where a zip holding the
same portrait was said to hold pictures the guard does not read (`body.container`; review, session 69). Each
reader walks a bounded number of structures, by their declared sizes, and never raises: a truncated tag or an
absurd size ends the walk, with no picture told.
"""

from __future__ import annotations

import re
from typing import Final

from scrapeguard.signals.embedded.c2pa import jumbf_boxes

MAX_WALKED: Final = 1024  # frames, blocks, comment fields or Ogg pages walked at most (a real file has a few dozen)
_OGG_HEAD: Final = 256 * 1024  # the bytes of an Ogg file's first pages read for its comment header
_ID3_PICTURE: Final = {2: b"PIC", 3: b"APIC", 4: b"APIC"}  # the picture frame's name in each ID3v2 version
_FRAME_ID: Final = re.compile(rb"[A-Z0-9]{3,4}")
_COMMENT_PICTURE: Final = re.compile(rb"(?:METADATA_BLOCK_PICTURE|COVERART)=", re.IGNORECASE)
_FLAC_PICTURE, _FLAC_COMMENT = 6, 4  # metadata block types
_MP4_STARTS: Final = (b"ftyp", b"moov", b"wide", b"mdat", b"free")  # a QuickTime file may have no `ftyp`
# where iTunes-style metadata keep cover art: under the movie's user data, or its own `meta` (QuickTime's, review)
_COVER_PATHS: Final = ((b"moov", b"udta", b"meta", b"ilst", b"covr"), (b"moov", b"meta", b"ilst", b"covr"))
_FLAC: Final = "a FLAC file with a picture in its metadata (cover art)"


def cover_art(body: bytes) -> str | None:
    """What sound or video file `body` is, said as `resource.container_kind` says it, when its metadata hold a
    picture; None for any other body (a file with no cover art, or none of these formats)."""
    if body.startswith(b"ID3"):
        if _id3_picture(body):
            return "a sound file with a picture in its ID3v2 tag (cover art)"
        return _FLAC if _flac_picture(body, _id3_end(body)) else None  # (a FLAC file may begin with an ID3v2 tag)
    if body.startswith(b"fLaC"):
        return _FLAC if _flac_picture(body, 0) else None
    if body.startswith(b"OggS"):
        return "an Ogg file with a picture in its comments (cover art)" if _ogg_picture(body) else None
    if body[4:8] in _MP4_STARTS and _mp4_picture(body):
        return "an MP4 or QuickTime file with a picture in its metadata (cover art)"
    return None


def _syncsafe(data: bytes) -> int:
    """An ID3v2 size: 7 bits a byte."""
    value = 0
    for byte in data:
        value = value << 7 | byte & 0x7F
    return value


def _id3_end(body: bytes) -> int:
    """Where an ID3v2 tag at the start of `body` ends, 0 when its header is no tag's."""
    if len(body) < 10 or body[3] not in _ID3_PICTURE or any(byte & 0x80 for byte in body[6:10]):
        return 0
    return 10 + _syncsafe(body[6:10]) + (10 if body[3] == 4 and body[5] & 0x10 else 0)  # (v2.4: a footer)


def _id3_picture(body: bytes) -> bool:
    """Whether the ID3v2 tag at the start of `body` holds a picture frame (APIC; PIC in v2.2)."""
    end = min(_id3_end(body), len(body))
    if not end:
        return False
    version, flags = body[3], body[5]
    picture = _ID3_PICTURE[version]
    if flags & 0x80:  # unsynchronised: its frames' sizes may hold bytes put in; their names stay whole
        return body.find(picture, 10, end) != -1
    pos = 10
    if flags & 0x40 and version >= 3:  # an extended header (v2.3: its size does not count its own 4 bytes)
        size = int.from_bytes(body[10:14], "big")
        pos += size + 4 if version == 3 else _syncsafe(body[10:14])
    name_size, header = (3, 6) if version == 2 else (4, 10)
    for _ in range(MAX_WALKED):
        if pos + header > end or not _FRAME_ID.fullmatch(name := body[pos:pos + name_size]):
            return False  # (its padding, or the tag broke off)
        if name == picture:
            return True
        size_bytes = body[pos + name_size:pos + 2 * name_size]
        # (v2.4's sizes are syncsafe; some writers put plain ones: a byte with its top bit set says so)
        syncsafe = version == 4 and not any(byte & 0x80 for byte in size_bytes)
        pos += header + (_syncsafe(size_bytes) if syncsafe else int.from_bytes(size_bytes, "big"))
    return False


def _flac_picture(body: bytes, start: int) -> bool:
    """Whether the FLAC stream at `start` has a PICTURE metadata block, or a comment block naming one."""
    if body[start:start + 4] != b"fLaC":
        return False
    pos = start + 4
    for _ in range(MAX_WALKED):
        if pos + 4 > len(body):
            return False
        kind, size = body[pos] & 0x7F, int.from_bytes(body[pos + 1:pos + 4], "big")
        if kind == _FLAC_PICTURE or kind == _FLAC_COMMENT and _comment_picture(body, pos + 4, pos + 4 + size):
            return True
        if body[pos] & 0x80:  # the last metadata block
            return False
        pos += 4 + size
    return False


def _comment_picture(data: bytes, pos: int, end: int) -> bool:
    """Whether the Vorbis comment at `pos` (its vendor string, then its fields, little-endian lengths before
    each) has a METADATA_BLOCK_PICTURE field (or the older COVERART)."""
    end = min(end, len(data))
    pos += 4 + int.from_bytes(data[pos:pos + 4], "little")  # (its vendor string)
    count = int.from_bytes(data[pos:pos + 4], "little")
    pos += 4
    for _ in range(min(count, MAX_WALKED)):
        if pos + 4 > end:
            return False
        size = int.from_bytes(data[pos:pos + 4], "little")
        if _COMMENT_PICTURE.match(data, pos + 4, min(pos + 4 + size, end)):
            return True
        pos += 4 + size
    return False


def _ogg_picture(body: bytes) -> bool:
    """Whether an Ogg file's comment header (Vorbis's, Opus's), in its first pages, names a picture."""
    payload = bytearray()
    pos = 0
    for _ in range(MAX_WALKED):
        if body[pos:pos + 4] != b"OggS" or pos + 27 > len(body) or len(payload) >= _OGG_HEAD:
            break
        segments = body[pos + 27:pos + 27 + body[pos + 26]]
        start = pos + 27 + len(segments)
        pos = start + sum(segments)
        payload += body[start:pos]
    data = bytes(payload)
    for marker in (b"\x03vorbis", b"OpusTags"):
        found = data.find(marker)
        if found != -1 and _comment_picture(data, found + len(marker), len(data)):
            return True
    return False


def _mp4_picture(body: bytes) -> bool:
    """Whether an ISO BMFF file (MP4, M4A, QuickTime) has a `covr` atom in its moov/udta/meta/ilst or moov/meta/ilst."""
    return any(_mp4_path(body, path) for path in _COVER_PATHS)


def _mp4_path(body: bytes, path: tuple[bytes, ...]) -> bool:
    """Whether the boxes of `path` are there, each inside the one before."""
    start, end = 0, len(body)
    for name in path:
        box = next(((first, last) for kind, first, last in jumbf_boxes(body, start, end)[0] if kind == name), None)
        if box is None:
            return False
        start, end = box
        if name == b"meta" and body[start:start + 4] == bytes(4):  # (a full box: its version and flags first)
            start += 4
    return True
