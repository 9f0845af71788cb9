"""An image file's structure walked from its bytes (`detect/image_structure.py`): where each
format's picture ends, how many frames it holds, whether a JPEG holds together, and which of a
PNG's and a WebP's chunks its decoders read. Bounded walks that never raise, whatever the bytes."""
from __future__ import annotations

import io
import struct
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from imagekit import (
    DAMAGE_SEEDS,
    RED,
    animated,
    damage,
    encode,
    png_header,
    png_image_data_places,
    png_of,
    png_parts,
)
from PIL import Image

from scrapeguard.detect.image_structure import (
    PNG_ANIMATION,
    PNG_END,
    PNG_FRAME_CONTROL,
    PNG_FRAME_DATA,
    PNG_HEADER,
    PNG_IMAGE_DATA,
    PNG_OTHER,
    PNG_PALETTE,
    PNG_UNREAD_PALETTE,
    NotAllSearched,
    apng_frame_count,
    bmff_end,
    bmp_end,
    gif_frames,
    gif_walk,
    ico_end,
    jpeg_damage,
    png_chunk,
    png_end,
    png_frames,
    png_image_data_size,
    png_layout,
    tga_end,
    tiff_end,
    tiff_frames,
    tiff_offsets,
    walk_jpeg,
    webp_chunks_read,
    webp_frame_end,
)


@pytest.mark.parametrize("fmt, end", [("BMP", bmp_end), ("PNG", png_end), ("TIFF", tiff_end), ("ICO", ico_end),
                                      ("TGA", tga_end)])
def test_each_format_ends_where_its_own_structure_says(fmt: str, end: object) -> None:
    picture = encode(RED, fmt)
    assert end(picture) == len(picture)  # type: ignore[operator]
    assert end(picture + b"appended bytes") == len(picture)  # type: ignore[operator]


def test_a_jpeg_walk_finds_its_scan_and_end_and_names_a_truncation() -> None:
    jpeg = encode(RED, "JPEG")
    walk = walk_jpeg(jpeg)
    assert walk.damage is None and walk.end == len(jpeg) and walk.scans == 1 and 0 < walk.scan < len(jpeg)
    assert jpeg_damage(jpeg) is None
    assert "truncated" in (jpeg_damage(jpeg[: len(jpeg) // 2]) or "")


def test_a_png_cut_before_its_iend_has_no_end() -> None:
    png = encode(RED, "PNG")
    assert png_end(png[:-6]) == 0


@pytest.mark.parametrize("claimed", [16, 0x7FFFFFF0])
def test_an_iend_chunk_ends_its_picture_whatever_length_it_claims(claimed: int) -> None:
    """IEND's data is empty (PNG 11.2.5): bytes it claims (those of a picture appended after it,
    or more than the file holds) are after the picture, not hidden in it."""
    png = encode(RED, "PNG")
    at = png.rindex(b"IEND") - 4
    claiming = png[:at] + claimed.to_bytes(4, "big") + png[at + 4:] + b"\x00" * 16
    assert png_end(claiming) == len(png)


def test_a_bmp_whose_size_does_not_hold_its_pixels_has_no_known_end() -> None:
    assert bmp_end(encode(RED, "BMP")[:-10]) == 0


def test_frames_are_counted_from_the_container_up_to_a_cap() -> None:
    gif, apng, tiff = animated("GIF"), animated("PNG"), animated("TIFF")
    assert gif_frames(gif, 10) == 5 and gif_frames(gif, 3) == 4  # (cap + 1: more than the cap)
    frames, _blocks, trailer_end, stray = gif_walk(gif, 10)
    assert (frames, trailer_end, stray) == (5, len(gif), 0)
    assert png_frames(apng, 10) == 5 and png_frames(encode(RED, "PNG"), 10) == 1 and png_frames(apng, 2) == 3
    assert tiff_frames(tiff, 10) == 5 and len(tiff_offsets(tiff, 10)) == 5


def test_an_apngs_frame_count_is_none_when_it_cannot_be_one() -> None:
    assert [apng_frame_count(struct.pack(">II", count, 0)) for count in (0, 3, 1 << 31, (1 << 31) + 1)] == [0, 3, 0, 0]


@pytest.mark.parametrize(("header", "size"), [
    ((300, 200, 8, 2, 0), 200 * (1 + 900)),  # (RGB: a filter byte and 3 bytes a pixel each row)
    ((10, 3, 1, 0, 0), 3 * (1 + 2)),  # (1-bit grey: 10 pixels in 2 bytes)
    ((5, 5, 16, 6, 0), 5 * (1 + 40)),
    ((8, 8, 8, 0, 1), 1 * 2 + 1 * 2 + 1 * 3 + 2 * 3 + 2 * 5 + 4 * 5 + 4 * 9),  # (Adam7: seven passes)
    ((1, 1, 8, 0, 1), 2),  # (interlaced, one pixel: the first pass alone)
    ((10, 10, 8, 5, 0), None),  # (no such colour type)
    ((10, 10, 8, 2, 2), None),  # (no such interlace method)
])
def test_the_bytes_a_pngs_image_data_inflates_to_follow_from_its_header(
        header: tuple[int, int, int, int, int], size: int | None) -> None:
    width, height, depth, colour, interlace = header
    assert png_image_data_size(struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, interlace)) == size
    assert png_image_data_size(b"short") is None


def test_the_size_a_header_gives_is_what_a_pngs_image_data_inflates_to() -> None:
    for image in (Image.new("RGB", (301, 199)), Image.new("LA", (17, 5)), Image.new("1", (13, 7))):
        png = encode(image, "PNG")
        inflated = zlib.decompress(b"".join(png[start:end] for start, end in png_image_data_places(png)))
        assert png_image_data_size(png_header(png)) == len(inflated)
    header = struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 1)  # (8x8 grey, interlaced: Pillow writes none)
    size = png_image_data_size(header)
    assert size is not None
    for length, whole in ((size, True), (size - 1, False)):
        interlaced = (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(bytes(length)))
                      + png_chunk(b"IEND", b""))
        with Image.open(io.BytesIO(interlaced)) as image:
            try:
                image.load()
                loaded = True
            except OSError:
                loaded = False
        assert loaded is whole


class TestPngLayout:
    """One walk says what each chunk of a PNG is to libpng and Pillow, for the search of what no
    viewer shows and the redaction that cuts it alike."""

    def test_an_apng_s_chunks_and_streams(self) -> None:
        data = animated("PNG")  # (Pillow's: a frame control before the image data, the picture its first frame)
        layout = png_layout(data)
        assert [(chunk.kind, chunk.role) for chunk in layout.chunks[:5]] == [
            (b"IHDR", PNG_HEADER), (b"acTL", PNG_ANIMATION), (b"fcTL", PNG_FRAME_CONTROL), (b"IDAT", PNG_IMAGE_DATA),
            (b"fcTL", PNG_FRAME_CONTROL)]
        assert layout.chunks[5].role == PNG_FRAME_DATA and layout.chunks[-1].role == PNG_END and layout.whole
        header = layout.chunks[0]
        assert layout.streams[0].header == data[header.start:header.end]
        assert layout.streams[1].header == b""  # (the picture's frame: read as the image data)
        assert [len(stream.header) for stream in layout.streams[2:]] == [13] * 4  # (each frame's size, the picture's depth)
        first = layout.chunks[5]
        assert layout.streams[first.stream].data[0] == (first.start + 4, first.end)  # (after its sequence number)
        assert layout.streams[first.stream].chunks[0] == 5
        head = png_layout(data, to_image_data=True)  # (what comes before the picture: its first IDAT the last)
        assert [chunk.kind for chunk in head.chunks] == [b"IHDR", b"acTL", b"fcTL", b"IDAT"] and not head.whole
        assert head.animation_frames == layout.animation_frames == 5

    def test_a_cut_file_is_not_whole_and_a_hostile_one_is_walked_to_a_bound(self) -> None:
        data = encode(RED, "PNG")
        assert not png_layout(data[:-6]).whole and not png_layout(data[:-12]).whole
        many = data[:33] + png_chunk(b"tEXt", b"a\x00b") * 50 + data[33:]
        assert len(png_layout(many).chunks) == 53  # (its header, image data and end with them)
        with pytest.raises(NotAllSearched, match="more than 20 chunks"):
            png_layout(many, max_chunks=20)

    def test_palettes_and_chunks_that_begin_no_frame(self) -> None:
        """A palette is read in a palette picture before its image data alone; a frame control
        shorter than its 26 bytes of fields begins no frame (libpng skips it, Pillow refuses the
        file), nor does one after a still PNG's image data; frame data without an acTL is no frame's."""
        parts = png_parts(encode(RED, "PNG"))
        control = struct.pack(">IIIIIHHBB", 0, 20, 10, 0, 0, 1, 10, 0, 0)
        data = png_of(parts[:1] + [(b"PLTE", bytes(6)), (b"fcTL", control[:20])] + parts[1:-1]
                      + [(b"fcTL", control), (b"fdAT", bytes(8)), (b"PLTE", bytes(6))] + parts[-1:])
        roles = [chunk.role for chunk in png_layout(data).chunks]
        assert roles == [PNG_HEADER, PNG_UNREAD_PALETTE, PNG_OTHER, PNG_IMAGE_DATA, PNG_OTHER, PNG_OTHER,
                         PNG_UNREAD_PALETTE, PNG_END]
        palette = Image.new("P", (4, 4), 1)
        assert [chunk.role for chunk in png_layout(encode(palette, "PNG")).chunks][:2] == [PNG_HEADER, PNG_PALETTE]

    def test_the_last_palette_and_headers_before_the_image_data_are_read(self) -> None:
        """Pillow reads every header and palette before the image data, the last of each counting
        (libpng refuses a second); after the image data it has stopped reading, and libpng refuses
        a header there: one there no longer sets how long the image data is."""
        parts = png_parts(encode(Image.new("P", (4, 4), 1), "PNG"))
        assert [kind for kind, _ in parts] == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
        larger = struct.pack(">IIBBBBB", 1000, 1000, 8, 2, 0, 0, 0)
        data = png_of(parts[:1] + [(b"PLTE", bytes(30))] + parts[1:3] + [(b"IHDR", larger)] + parts[3:])
        layout = png_layout(data)
        assert [chunk.role for chunk in layout.chunks] == [PNG_HEADER, PNG_UNREAD_PALETTE, PNG_PALETTE, PNG_IMAGE_DATA,
                                                           PNG_OTHER, PNG_END]
        assert layout.streams[0].header == parts[0][1]


@pytest.mark.parametrize(("kinds", "flags", "read"), [
    ([b"VP8 ", b"ALPH", b"VP8 ", b"ANMF"], 0, [True, False, False, False]),  # a simple file: its first chunk
    ([b"VP8L", b"EXIF"], 0, [True, False]),  # (metadata is read as metadata)
    ([b"VP8X", b"ICCP", b"ALPH", b"VP8 ", b"ALPH", b"VP8 "], 0x10, [True, False, True, True, False, False]),
    ([b"VP8X", b"ALPH", b"VP8L"], 0x10, [True, False, True]),  # (a lossless picture holds its own alpha)
    ([b"VP8X", b"ANMF", b"VP8 "], 0, [True, False, True]),  # (a still file's frames)
    ([b"VP8X", b"ANIM", b"ANMF", b"ANMF", b"VP8 "], 0x02, [True, True, True, True, False]),
    ([b"VP8X", b"ANIM", b"ANIM", b"ANMF"], 0x02, [True, True, False, True]),  # (the first ANIM is read)
    ([b"VP8X", b"ALPH", b"ALPH", b"VP8 "], 0x10, [True, False, False, True]),  # (decoders differ on which)
    ([b"JUNK", b"VP8 "], 0, [False, False]),
], ids=["simple", "simple with metadata", "extended still with alpha", "extended lossless", "extended still",
        "animated", "animated with a second ANIM", "extended still with two ALPH", "no picture first"])
def test_which_webp_chunks_its_decoder_reads(kinds: list[bytes], flags: int, read: list[bool]) -> None:
    assert webp_chunks_read(kinds, flags) == read


def test_an_animation_frame_is_read_to_its_alpha_and_picture_chunks() -> None:
    """libwebp's demuxer reads a frame's header, its ALPH and its VP8 or VP8L once each, and skips what follows."""
    header = bytes(16)
    alpha, picture, junk = b"ALPH\x02\x00\x00\x00ab", b"VP8 \x03\x00\x00\x00abc\x00", b"JUNK\x01\x00\x00\x00x\x00"
    for frame, read in ((header + alpha + picture, 16 + 10 + 12), (header + alpha + picture + junk, 16 + 10 + 12),
                        (header + picture + picture, 16 + 12), (header + junk + picture, 16), (b"short", 5)):
        data = b"pad" + frame
        assert webp_frame_end(data, 3, len(data)) == 3 + read


def test_a_png_chunk_carries_its_checksum() -> None:
    assert png_chunk(b"tEXt", b"a=b") == b"\x00\x00\x00\x03tEXta=b\xb6\xa1\xea\x85"


@pytest.mark.parametrize("data", [b"", b"\x00", b"GIF89a", b"\xff\xd8", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"BM"])
def test_empty_and_bare_headers_have_no_end_and_at_most_one_frame(data: bytes) -> None:
    assert bmp_end(data) == png_end(data) == tiff_end(data) == ico_end(data) == tga_end(data) == bmff_end(data) == 0
    assert gif_frames(data, 10) <= 1 and png_frames(data, 10) <= 1 and tiff_frames(data, 10) <= 1


SEEDS = [encode(RED, fmt) for fmt in DAMAGE_SEEDS]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SEEDS), st.integers(0, 2**32 - 1))
def test_no_walk_raises_on_a_damaged_file(seed: bytes, salt: int) -> None:
    """Bytes changed, cut, appended and fill bytes inserted, as hostile and broken files come."""
    damaged = damage(seed, salt)
    for end in (bmp_end, png_end, tiff_end, ico_end, tga_end, bmff_end):
        assert (end(damaged) or 0) <= len(damaged)
    for count in (gif_frames, png_frames, tiff_frames):
        assert 0 <= count(damaged, 100) <= 101
    assert walk_jpeg(damaged).end <= len(damaged)
