"""Cover art a sound or video file's metadata hold (`cover_art`), told from its bytes: bounded, never raising."""

from __future__ import annotations

import time

import pytest
from mediakit import MPEG_FRAME, PORTRAIT, TITLE, box, flac, id3, m4a, mp3, ogg_page, opus, vorbis_comment

from scrapeguard.cover_art import cover_art
from scrapeguard.resource import container_kind

WITH_COVER_ART = {
    "mp3 (ID3v2.3)": mp3(), "mp3 (ID3v2.4)": mp3(version=4), "mp3 (ID3v2.2)": mp3(version=2),
    "flac": flac(), "flac (picture in its comment)": flac(in_comment=True), "flac after an ID3v2 tag": id3([]) + flac(),
    "opus": opus(), "opus (a picture over several pages)": opus(PORTRAIT * 3),
    "m4a": m4a(), "m4a (moov last)": m4a(moov_last=True),
    "mov (metadata in the movie's own meta, as QuickTime writes them)": m4a(in_user_data=False),
}
WITHOUT = {"mp3": mp3(None), "mp3 (ID3v2.4)": mp3(None, version=4), "flac": flac(None), "opus": opus(None),
           "m4a": m4a(None), "mov": m4a(None, in_user_data=False), "mpeg frames alone": MPEG_FRAME * 8}


@pytest.mark.parametrize("name", list(WITH_COVER_ART))
def test_a_sound_or_video_file_with_cover_art_holds_a_picture_the_guard_does_not_read(name: str) -> None:
    """(Review, session 69) A portrait as an MP3's cover art passed as allowed with no note, where a zip of it was
    said to hold pictures the guard does not read: `container_kind` says so of each, whatever the type says."""
    body = WITH_COVER_ART[name]
    said = cover_art(body)
    assert said is not None and "cover art" in said
    assert container_kind("audio/mpeg", body) == container_kind(None, body) == said


@pytest.mark.parametrize("name", list(WITHOUT))
def test_a_sound_or_video_file_without_cover_art_is_no_container(name: str) -> None:
    assert cover_art(WITHOUT[name]) is None and container_kind("audio/mpeg", WITHOUT[name]) is None


def test_a_tag_whose_frames_are_unsynchronised_is_searched_for_its_picture_frame() -> None:
    """Unsynchronisation puts bytes into a frame's size: the frames cannot be walked, their names are still read."""
    tag = bytearray(mp3())
    tag[5] |= 0x80
    assert cover_art(bytes(tag)) is not None
    untagged = bytearray(mp3(None))
    untagged[5] |= 0x80
    assert cover_art(bytes(untagged)) is None


@pytest.mark.parametrize("name", list(WITH_COVER_ART))
def test_every_cut_of_a_file_is_told_without_raising(name: str) -> None:
    """A body cut anywhere (a truncated tag, a box past the end) ends the walk, never in an exception."""
    body = WITH_COVER_ART[name]
    for end in [*range(0, 200), *range(200, len(body), 97)]:
        cover_art(body[:end])


@pytest.mark.parametrize("body", [
    b"ID3\x03\x00\x00\x7f\x7f\x7f\x7f" + b"TIT2\xff\xff\xff\xff\x00\x00" + TITLE,  # a frame of 4 GiB
    b"ID3\x04\x00\x40\x00\x00\x01\x00" + b"\xff\xff\xff\xff" + bytes(100),  # an extended header past the tag
    b"ID3\x03\x00\x00\x00\x00\x00\x0a" + b"TIT2" + bytes(6),  # a frame of no bytes, then the tag's end
    b"ID3\x09\x00\x00\x00\x00\x00\x0a" + bytes(10),  # no ID3v2 version
    b"fLaC" + b"\x00\xff\xff\xff" + bytes(34),  # a block of 16 MiB
    b"fLaC" + b"\x04\x00\x00\x10" + b"\xff\xff\xff\xff" + bytes(12),  # a comment whose vendor string is 4 GiB
    b"fLaC" + (b"\x01\x00\x00\x00" * 5000),  # more blocks than any file has, none the last
    b"OggS" + bytes(22) + b"\xff" + b"\xff" * 10,  # a page whose segments are missing
    ogg_page(b"OpusTags" + (5).to_bytes(4, "little") + b"abcde" + b"\xff\xff\xff\xff" + bytes(100), 0),  # 2^32 fields
    box(b"ftyp", b"M4A \x00\x00\x02\x00") + (1).to_bytes(4, "big") + b"moov" + (2 ** 63).to_bytes(8, "big"),
    box(b"ftyp", b"M4A \x00\x00\x02\x00") + bytes(4) + b"moov" + box(b"udta", bytes(3)),  # a box to the end
    box(b"ftyp", b"M4A \x00\x00\x02\x00") + (3).to_bytes(4, "big") + b"moov",  # a box under its own header
    box(b"ftyp", b"isom") + box(b"free", bytes(8)) * 30_000,  # more boxes than the walk reads
])
def test_absurd_sizes_and_counts_are_told_at_once_without_raising(body: bytes) -> None:
    started = time.perf_counter()
    assert cover_art(body) is None
    assert time.perf_counter() - started < 2  # (a walk bounded by sizes and counts: some 40 ms at most)


def test_a_comment_field_that_only_mentions_a_picture_is_no_picture() -> None:
    """The field's name is read, not its value: a lyric quoting `METADATA_BLOCK_PICTURE=` holds none."""
    body = ogg_page(b"OpusHead\x01\x01" + bytes(9), 0) + ogg_page(
        b"OpusTags" + vorbis_comment([b"LYRICS=see METADATA_BLOCK_PICTURE=x"]), 1)
    assert cover_art(body) is None
