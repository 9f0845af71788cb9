"""Sound and video files written byte by byte, with or without cover art, for the tests that serve or read them
(importable: `from mediakit import ...`): an MP3 with an ID3v2 tag, a FLAC, an Ogg Opus, an M4A."""

from __future__ import annotations

import base64
from pathlib import Path

PORTRAIT = (Path(__file__).resolve().parent / "data" / "images" / "faces" / "grace_hopper.jpg").read_bytes()
MPEG_FRAME = b"\xff\xfb\x90\x64" + bytes(413)  # one MPEG-1 Layer III frame's header, then silence
TITLE = b"\x00Jane Doe, interview"


def _syncsafe(size: int) -> bytes:
    return bytes((size >> shift) & 0x7F for shift in (21, 14, 7, 0))


def id3(frames: list[tuple[bytes, bytes]], version: int = 3) -> bytes:
    """An ID3v2 tag of `frames` (name, content) in `version` (2, 3 or 4), 64 bytes of padding after them."""
    body = b""
    for name, content in frames:
        if version == 2:
            body += name + len(content).to_bytes(3, "big") + content
        else:
            size = _syncsafe(len(content)) if version == 4 else len(content).to_bytes(4, "big")
            body += name + size + b"\x00\x00" + content
    body += bytes(64)
    return b"ID3" + bytes((version, 0, 0)) + _syncsafe(len(body)) + body


def apic(picture: bytes = PORTRAIT) -> bytes:
    """An APIC frame's content: the front cover, a JPEG."""
    return b"\x00image/jpeg\x00\x03Jane Doe\x00" + picture


def mp3(picture: bytes | None = PORTRAIT, version: int = 3) -> bytes:
    """An MP3 whose ID3v2 tag has a title, and `picture` as its cover art unless None."""
    names = (b"TT2", b"PIC") if version == 2 else (b"TIT2", b"APIC")
    frames = [(names[0], TITLE)]
    if picture is not None:
        content = b"\x00JPG\x03Jane Doe\x00" + picture if version == 2 else apic(picture)
        frames.append((names[1], content))
    return id3(frames, version) + MPEG_FRAME * 4


def vorbis_comment(fields: list[bytes]) -> bytes:
    """A Vorbis comment (Vorbis, Opus, FLAC): its vendor string, then `fields`, little-endian lengths first."""
    vendor = b"scrapeguard tests"
    out = len(vendor).to_bytes(4, "little") + vendor + len(fields).to_bytes(4, "little")
    return out + b"".join(len(f).to_bytes(4, "little") + f for f in fields)


def picture_field(picture: bytes = PORTRAIT) -> bytes:
    """A METADATA_BLOCK_PICTURE comment field: a FLAC PICTURE block, base64."""
    block = (3).to_bytes(4, "big") + (10).to_bytes(4, "big") + b"image/jpeg" + bytes(20) \
        + len(picture).to_bytes(4, "big") + picture
    return b"METADATA_BLOCK_PICTURE=" + base64.b64encode(block)


def flac(picture: bytes | None = PORTRAIT, *, in_comment: bool = False) -> bytes:
    """A FLAC file's metadata (STREAMINFO, a comment) and `picture` as a PICTURE block, or as a comment field."""
    fields = [b"TITLE=Jane Doe, interview"] + ([picture_field(picture)] if picture is not None and in_comment else [])
    blocks = [(0, bytes(34)), (4, vorbis_comment(fields))]
    if picture is not None and not in_comment:
        blocks.append((6, (3).to_bytes(4, "big") + bytes(28) + len(picture).to_bytes(4, "big") + picture))
    out = b"fLaC"
    for i, (kind, data) in enumerate(blocks):
        out += bytes((kind | (0x80 if i == len(blocks) - 1 else 0),)) + len(data).to_bytes(3, "big") + data
    return out + b"\xff\xf8" + bytes(200)  # (a frame's sync code, then its data)


def ogg_page(payload: bytes, sequence: int, kind: int = 0) -> bytes:
    """An Ogg page of `payload` (its CRC left zero: no reader here checks it)."""
    lacing = bytes([255] * (len(payload) // 255) + [len(payload) % 255])
    assert len(lacing) <= 255, "one page holds at most 65,024 bytes"
    return (b"OggS\x00" + bytes((kind,)) + bytes(8) + b"\x01\x00\x00\x00" + sequence.to_bytes(4, "little")
            + bytes(4) + bytes((len(lacing),)) + lacing + payload)


def opus(picture: bytes | None = PORTRAIT) -> bytes:
    """An Ogg Opus file: its identification header, its comment header (`picture` as METADATA_BLOCK_PICTURE
    unless None; one comment over several pages), then an audio page."""
    fields = [b"TITLE=Jane Doe, interview"] + ([picture_field(picture)] if picture is not None else [])
    tags = b"OpusTags" + vorbis_comment(fields)
    pages = [ogg_page(b"OpusHead\x01\x01" + bytes(9), 0, kind=2)]
    for n, start in enumerate(range(0, len(tags), 60_000)):
        pages.append(ogg_page(tags[start:start + 60_000], 1 + n, kind=1 if start else 0))
    return b"".join(pages) + ogg_page(bytes(300), len(pages))


def box(name: bytes, payload: bytes) -> bytes:
    """An ISO BMFF box."""
    return (8 + len(payload)).to_bytes(4, "big") + name + payload


def m4a(picture: bytes | None = PORTRAIT, *, moov_last: bool = False, in_user_data: bool = True) -> bytes:
    """An M4A: `ftyp`, `moov` (a title, and `picture` as cover art, `covr`, unless None) and `mdat`, the movie
    box last where a writer did not move it to the front; the metadata in the movie's user data (`udta`), or in
    its own `meta` as QuickTime writes them."""
    items = box(b"\xa9nam", box(b"data", b"\x00\x00\x00\x01" + bytes(4) + b"Jane Doe, interview"))
    if picture is not None:
        items += box(b"covr", box(b"data", b"\x00\x00\x00\x0d" + bytes(4) + picture))
    meta = box(b"meta", bytes(4) + box(b"hdlr", bytes(8) + b"mdirappl" + bytes(9)) + box(b"ilst", items))
    moov = box(b"moov", box(b"mvhd", bytes(100)) + box(b"trak", box(b"tkhd", bytes(84)))
               + (box(b"udta", meta) if in_user_data else meta))
    ftyp, mdat = box(b"ftyp", b"M4A \x00\x00\x02\x00M4A isomiso2"), box(b"mdat", bytes(4000))
    return ftyp + (mdat + moov if moov_last else moov + mdat)
