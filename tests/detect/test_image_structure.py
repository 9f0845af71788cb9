"""An image file's structure walked from its bytes (`detect/image_structure.py`): where each
format's picture ends, how many frames it holds, whether a JPEG holds together and what follows
its end, and the pictures a file holds where no viewer looks. Bounded walks that never raise,
whatever the bytes; the searches for hidden pictures say when they stop at a bound."""
from __future__ import annotations

import io
import random
import struct
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from imagekit import encode, frames_rgb, png_of, png_parts
from PIL import Image

from scrapeguard.detect.image_structure import (
    MAX_TRAILING_STARTS,
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
    describe_trailing,
    gif_frames,
    gif_walk,
    ico_end,
    image_data_and_its_end,
    jpeg_damage,
    picture_start,
    png_chunk,
    png_end,
    png_frames,
    png_frame_header,
    png_image_data_size,
    png_layout,
    tga_end,
    tiff_end,
    tiff_frames,
    tiff_offsets,
    trailing_picture,
    unshown_pictures,
    walk_jpeg,
    webp_chunks_read,
    webp_frame_end,
)

RED = Image.new("RGB", (20, 10), (200, 10, 10))
FRAMES = [Image.new("RGB", (8, 8), (40 * k, 255 - 40 * k, 10)) for k in range(5)]


def _animated(fmt: str) -> bytes:
    return encode(FRAMES[0], fmt, save_all=True, append_images=FRAMES[1:])


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
    gif, apng, tiff = _animated("GIF"), _animated("PNG"), _animated("TIFF")
    assert gif_frames(gif, 10) == 5 and gif_frames(gif, 3) == 4  # (cap + 1: more than the cap)
    frames, _blocks, trailer_end, stray = gif_walk(gif, 10)
    assert (frames, trailer_end, stray) == (5, len(gif), 0)
    assert png_frames(apng, 10) == 5 and png_frames(encode(RED, "PNG"), 10) == 1 and png_frames(apng, 2) == 3
    assert tiff_frames(tiff, 10) == 5 and len(tiff_offsets(tiff, 10)) == 5


def test_what_follows_a_pictures_end_is_described_unless_it_is_padding() -> None:
    jpeg = encode(RED, "JPEG")
    said = describe_trailing(jpeg + jpeg, len(jpeg), "end-of-image marker")
    assert said == f"{len(jpeg)} bytes after the picture's end-of-image marker, another JPEG picture"
    assert describe_trailing(jpeg + b"\x00" * 10, len(jpeg), "end-of-image marker") == ""


def test_a_jpeg_start_is_followed_as_decoders_read_its_header() -> None:
    """libjpeg and Pillow step over a stuffed zero (FF 00), bytes that are no marker and restarts
    before a JPEG's first segment; a second start of image, or its end, begins no picture."""
    jpeg = encode(RED, "JPEG")
    stuffed = jpeg[:2] + b"\xff\x00" + jpeg[2:]
    with Image.open(io.BytesIO(stuffed)) as image:
        image.load()
    assert unshown_pictures(_png_with_chunk(b"prVt", stuffed), 4) == [stuffed]
    assert picture_start(b"\xff\xd8\xff\xd9" + jpeg[2:], 0, len(jpeg) + 2) is None
    from scrapeguard.detect.image_structure import _jpeg_marker

    padded = b"\xff\xd8" + bytes(100) + b"\xff\x00\xff\xd0\xff\xff\xe0"
    budget = [200]
    assert _jpeg_marker(padded, 2, budget) == len(padded) - 1 and budget[0] < 200 - 100
    assert _jpeg_marker(padded, 2, [50]) == -1  # (past the bytes it may look at)
    assert _jpeg_marker(b"\xff\xd8" + bytes(100), 2, [500]) is None  # (no marker before the data's end)


def test_an_apngs_frame_count_is_none_when_it_cannot_be_one() -> None:
    assert [apng_frame_count(struct.pack(">II", count, 0)) for count in (0, 3, 1 << 31, (1 << 31) + 1)] == [0, 3, 0, 0]


def test_a_run_of_stuffed_zeros_ends_a_jpeg_walk() -> None:
    """Each stepped over cost a loop's turn for one byte: 20 MB of them, 31 s. Past
    `MAX_GATE_SEGMENTS` the walk stops, and what follows is taken for a picture."""
    from scrapeguard.detect.image_structure import MAX_GATE_SEGMENTS, _jpeg_marker

    stuffed = b"\xff\xd8" + b"\xff\x00" * MAX_GATE_SEGMENTS + b"\xff\xe0"
    assert _jpeg_marker(stuffed, 2, [10_000]) == -1 and _jpeg_marker(stuffed[:-4] + b"\xff\xe0", 2, [10_000]) > 0
    assert picture_start(stuffed + bytes(100), 0, len(stuffed) + 100) == 0


def test_a_decoy_start_of_image_right_before_a_pictures_does_not_hide_it() -> None:
    """FF D8 then the picture's FF D8 FF: the markers overlap, and the picture's is the one that begins one."""
    jpeg = encode(RED, "JPEG")
    assert picture_start(b"junk\xff\xd8" + jpeg, 0, len(jpeg) + 6) == 6
    assert unshown_pictures(_png_with_chunk(b"prVt", b"\xff\xd8" + jpeg), 4) == [jpeg]


def test_a_picture_after_the_end_is_found_past_padding_and_a_bare_marker_is_none() -> None:
    jpeg, png = encode(RED, "JPEG"), encode(RED, "PNG")
    assert trailing_picture(jpeg + b"\x00" * 100 + png, len(jpeg)) == png
    assert trailing_picture(jpeg + b"GIF89a in a text", len(jpeg)) is None  # (no header follows the marker)


def _png_with_chunk(kind: bytes, body: bytes) -> bytes:
    png = encode(RED, "PNG")
    at = png.rindex(b"IEND") - 4
    return png[:at] + struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body)) + png[at:]


def _webp_with_chunk(kind: bytes, body: bytes) -> bytes:
    chunks = encode(RED, "WEBP")[12:] + kind + struct.pack("<I", len(body)) + body + b"\x00" * (len(body) & 1)
    return b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WEBP" + chunks


@pytest.mark.parametrize("kind", [b"prVt", b"bKGD", b"tEXt"])
def test_a_picture_in_a_pngs_private_or_display_chunk_is_found(kind: bytes) -> None:
    """No viewer shows it; any tool looking for a start marker finds it."""
    hidden = encode(RED, "JPEG")
    assert unshown_pictures(_png_with_chunk(kind, b"junk" + hidden), 4) == [hidden]


def _idat_bodies(png: bytes) -> list[tuple[int, int]]:
    out, pos = [], 8
    while pos + 12 <= len(png):
        length, kind = struct.unpack_from(">I4s", png, pos)
        if kind == b"IDAT":
            out.append((pos + 8, pos + 8 + length))
        pos += 12 + length
    return out


def _ihdr(png: bytes) -> bytes:
    return png[16:29]


def _png_with_image_data(png: bytes, *bodies: bytes) -> bytes:
    """`png` with its IDAT chunks replaced by one for each of `bodies`."""
    at, tail = png.index(b"IDAT") - 4, png.rindex(b"IEND") - 4
    return png[:at] + b"".join(png_chunk(b"IDAT", body) for body in bodies) + png[tail:]


def _stored_png(rows: bytes, width: int, height: int) -> bytes:
    """An RGB PNG whose image data is `rows` uncompressed (its pixels as they are, start markers and all)."""
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + png_chunk(b"IDAT", zlib.compress(rows, 0)) + png_chunk(b"IEND", b""))


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
        inflated = zlib.decompress(b"".join(png[start:end] for start, end in _idat_bodies(png)))
        assert png_image_data_size(_ihdr(png)) == len(inflated)
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


class TestImageDataAndItsEnd:
    def test_image_data_without_a_picture_start_is_not_inflated(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The common case costs a search, no inflating (which would stop at the bound set here)."""
        from scrapeguard.detect import image_structure

        monkeypatch.setattr(image_structure, "MAX_INFLATED", 1)
        png = encode(Image.new("RGB", (300, 200), (60, 140, 200)), "PNG")
        assert image_data_and_its_end(png, _idat_bodies(png), _ihdr(png)) is None

    def test_bytes_after_the_stream_are_past_its_end_however_the_chunks_split_them(self) -> None:
        png, hidden = encode(Image.new("RGB", (300, 200), (60, 140, 200)), "PNG"), encode(RED, "JPEG")
        [(start, end)] = _idat_bodies(png)
        stream = png[start:end]
        for bodies in ([stream + hidden], [stream, hidden[:300], hidden[300:]], [stream + hidden[:1], hidden[1:]],
                       [stream, *[hidden[k:k + 1] for k in range(12)], hidden[12:]]):
            data = _png_with_image_data(png, *bodies)
            found = image_data_and_its_end(data, _idat_bodies(data), _ihdr(data))
            assert found is not None and found[1] == len(stream) - 4  # (the deflate data's end: its checksum follows)
            assert unshown_pictures(data, 4) == [hidden]

    def test_a_stream_longer_than_what_is_inflated_at_once_ends_where_it_ends(self) -> None:
        """Image data is inflated a MiB at a time: a stream's end is found in the MiB it ends in,
        whichever, with more after it."""
        noise = Image.frombytes("RGB", (700, 600), random.Random(7).randbytes(700 * 600 * 3))
        png, hidden = encode(noise, "PNG"), encode(RED, "JPEG") + bytes(1 << 20)
        stream = b"".join(png[start:end] for start, end in _idat_bodies(png))
        assert len(stream) > 1 << 20
        data = _png_with_image_data(png, stream + hidden)
        found = image_data_and_its_end(data, _idat_bodies(data), _ihdr(data))
        assert found is not None and found[1] == len(stream) - 4
        assert unshown_pictures(data, 4) == [hidden]

    def test_a_picture_where_the_checksum_goes_none_written_is_found(self) -> None:
        """Pillow and libpng show the picture without its stream's checksum: what follows the
        deflate data is searched from its first byte."""
        png, hidden = encode(Image.new("RGB", (300, 200), (60, 140, 200)), "PNG"), encode(RED, "JPEG")
        [(start, end)] = _idat_bodies(png)
        data = _png_with_image_data(png, png[start:end - 4], hidden)
        with Image.open(io.BytesIO(data)) as image:
            image.load()
        assert unshown_pictures(data, 4) == [hidden]

    def test_a_jpeg_with_a_byte_between_its_segments_is_found(self) -> None:
        """libjpeg and Pillow step over bytes that are no marker between a header's segments."""
        png, jpeg = encode(Image.new("RGB", (300, 200), (60, 140, 200)), "PNG"), encode(RED, "JPEG")
        first = 4 + int.from_bytes(jpeg[4:6], "big")  # (where its first segment, APP0, ends)
        hidden = jpeg[:first] + b"\x00" + jpeg[first:]
        with Image.open(io.BytesIO(hidden)) as image:
            image.load()
        data = _png_with_image_data(png, b"".join(png[start:end] for start, end in _idat_bodies(png)) + hidden)
        assert unshown_pictures(data, 4) == [hidden]

    def test_a_wrong_checksum_does_not_hide_what_follows_the_stream(self) -> None:
        """libpng warns of a wrong Adler-32 and shows the picture, as Pillow does (which stops reading
        at the last row: the checksum in a chunk of its own is never read)."""
        png, hidden = encode(Image.new("RGB", (300, 200), (60, 140, 200)), "PNG"), encode(RED, "JPEG")
        [(start, end)] = _idat_bodies(png)
        data = _png_with_image_data(png, png[start:end - 4], bytes(4), hidden)
        with Image.open(io.BytesIO(data)) as image:
            image.load()
        assert unshown_pictures(data, 4) == [hidden]

    def test_a_chance_jpeg_start_in_compressed_pixels_is_not_inflated_for(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A start marker whose header goes on with a segment of a kind no header holds begins no
        picture (a photo's compressed pixels hold such a one in 16 MB); one whose segments reach a
        scan (past a byte that is no marker, as decoders step over it) may, and so may one among
        more markers than are tried: the stream is inflated (here past the bound set) to see where
        it ends."""
        from scrapeguard.detect import image_structure

        monkeypatch.setattr(image_structure, "MAX_INFLATED", 1)
        chance = b"\x00" + b"\xff\xd8\xff\xe0\x00\x05abc\xff\x02" + bytes(4)  # (a row: its filter byte, 5 pixels)
        png = _stored_png(chance, 5, 1)
        assert image_data_and_its_end(png, _idat_bodies(png), _ihdr(png)) is None
        with pytest.raises(NotAllSearched, match="inflates past"):  # (a redaction inflates whatever it holds)
            image_data_and_its_end(png, _idat_bodies(png), _ihdr(png), whatever_it_holds=True)
        begins = b"\x00" + b"\xff\xd8\xff\xe0\x00\x05abc\x00\xff\xda" + bytes(3)
        png = _stored_png(begins, 5, 1)
        with pytest.raises(NotAllSearched, match="inflates past the 1 bytes searched at most"):
            image_data_and_its_end(png, _idat_bodies(png), _ihdr(png))
        monkeypatch.setattr(image_structure, "MAX_TRAILING_STARTS", 3)
        many = b"\x00" + b"\xff\xd8\xff\x02" * 3 + bytes(3)
        png = _stored_png(many, 5, 1)
        assert image_data_and_its_end(png, _idat_bodies(png), _ihdr(png)) is None
        png = _stored_png(b"\x00" + b"\xff\xd8\xff\x02" * 3 + b"\xff\xd8\xff", 5, 1)  # (a fourth)
        with pytest.raises(NotAllSearched, match="inflates past"):
            image_data_and_its_end(png, _idat_bodies(png), _ihdr(png))

    def test_a_picture_inflated_past_the_rows_its_header_gives_is_not_searched(self) -> None:
        """A decoder reads the rows its header gives (libpng warns of too much image data): a
        portrait stored after them in the same stream is shown by none."""
        hidden = encode(RED, "JPEG")
        png = _stored_png(b"\x00" + bytes(15) + hidden, 5, 1)
        with pytest.raises(NotAllSearched, match="inflates past the 16 bytes its header gives"):
            unshown_pictures(png, 4)

    def test_the_bytes_inflated_are_shared_by_a_callers_streams(self) -> None:
        """An APNG's 1,350 frames of 4000x4000, each bounded alone, inflated 65 GB."""
        png = _stored_png(b"\x00" + b"\xff\xd8\xff\xe0\x00\x05abc\x00\xff\xda" + bytes(3), 5, 1)
        budget = [20]
        assert image_data_and_its_end(png, _idat_bodies(png), _ihdr(png), budget=budget) is not None
        assert budget == [20 - 16]
        with pytest.raises(NotAllSearched, match="searched at most"):
            image_data_and_its_end(png, _idat_bodies(png), _ihdr(png), budget=budget)

    def test_a_cut_stream_has_nothing_past_it(self) -> None:
        png = _stored_png(b"\x00" + b"\xff\xd8\xff\xe0\x00\x05abc\xff" + bytes(4), 5, 1)
        [(start, end)] = _idat_bodies(png)
        assert image_data_and_its_end(png, [(start, end - 6)], _ihdr(png)) is None  # (its checksum and a row)

    def test_image_data_that_does_not_inflate_is_not_searched(self) -> None:
        hidden = encode(RED, "JPEG")
        png = encode(RED, "PNG")
        for body in (b"\x00\x01garbage" + hidden, b"\x78\x9c\xff\xff" + hidden):
            data = _png_with_image_data(png, body)
            with pytest.raises(NotAllSearched, match="holds no zlib stream|does not inflate"):
                unshown_pictures(data, 4)


def test_a_picture_in_a_still_pngs_frame_data_or_before_an_apngs_first_frame_is_found() -> None:
    """A still PNG's fdAT chunks are shown by no viewer, nor an APNG's before its first frame
    control chunk (fcTL); an APNG's others (an acTL before its image data) are its frames."""
    hidden = encode(RED, "JPEG")
    still = _png_with_chunk(b"fdAT", struct.pack(">I", 1) + hidden)
    assert unshown_pictures(still, 4) == [hidden]
    at = still.index(b"IDAT") - 4
    no_frame_yet = still[:at] + png_chunk(b"acTL", struct.pack(">II", 2, 0)) + still[at:]
    assert unshown_pictures(no_frame_yet, 4) == [hidden]
    assert unshown_pictures(_animated("PNG"), 4) == []


class TestPngLayout:
    """One walk says what each chunk of a PNG is to libpng and Pillow, for the search of what no
    viewer shows and the redaction that cuts it alike."""

    def test_an_apng_s_chunks_and_streams(self) -> None:
        data = _animated("PNG")  # (Pillow's: a frame control before the image data, the picture its first frame)
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


def test_a_picture_in_the_frame_data_of_a_frame_control_another_replaced_is_found() -> None:
    """Two frame controls before the image data: the second one's frame is the picture's, and the
    first one's frame data (before the second) is read by none. It was counted as the first
    frame's, then dropped with it when the second replaced it: searched by neither walk."""
    hidden, parts = encode(RED, "JPEG"), png_parts(_animated("PNG"))
    stored = zlib.compress(hidden, 0)
    data = png_of(parts[:3] + [(b"fdAT", bytes(4) + stored), parts[2]] + parts[3:])
    found = unshown_pictures(data, 4)
    assert len(found) == 1 and found[0].startswith(hidden)


@pytest.mark.parametrize("where", ["a frame past the count acTL gives", "frame data after the picture's own",
                                   "a frame past the first acTL's count", "a frame past the count, one control before acTL"])
def test_a_picture_in_an_apng_frame_no_decoder_reads_is_found(where: str) -> None:
    """acTL says how many frames an APNG holds (a frame control past them starts a frame none
    reads), and a frame control before the image data makes the picture its frame: frame data
    after that picture's, before the next frame control, is no frame's."""
    hidden, parts = encode(RED, "JPEG"), png_parts(_animated("PNG"))
    assert [kind for kind, _ in parts][:4] == [b"IHDR", b"acTL", b"fcTL", b"IDAT"]
    stored = zlib.compress(hidden, 0)  # (its bytes as they are, in a stream that inflates)
    if where.startswith("a frame past"):  # (libpng reads the first acTL alone, and counts a control before it)
        extra = [(b"fcTL", parts[2][1]), (b"fdAT", bytes(4) + stored)]
        if where == "a frame past the first acTL's count":
            parts = parts[:2] + [(b"acTL", struct.pack(">II", 6, 0))] + parts[2:]
        elif where.endswith("before acTL"):
            parts = [parts[0], parts[2], parts[1], *parts[3:]]
        data = png_of(parts[:-1] + extra + parts[-1:])
    else:
        data = png_of(parts[:4] + [(b"fdAT", bytes(4) + stored)] + parts[4:])
    assert len(frames_rgb(data)) == (1 if where == "a frame past the first acTL's count" else 5)  # (Pillow: a still)
    found = unshown_pictures(data, 4)
    assert len(found) == 1 and found[0].startswith(hidden)
    assert png_frame_header(parts[0][1], parts[2][1]) == parts[2][1][4:12] + parts[0][1][8:13]


@pytest.mark.parametrize("where", ["its last chunk", "one more chunk"])
def test_a_picture_past_an_apng_frames_stream_is_found(where: str) -> None:
    """Each frame's data (its fdAT chunks, after their sequence numbers) is a zlib stream of the
    size its fcTL gives; what follows its end, or one more fdAT after the last frame's, no viewer shows."""
    hidden, parts = encode(RED, "JPEG"), png_parts(_animated("PNG"))
    last = max(index for index, (kind, _) in enumerate(parts) if kind == b"fdAT")
    if where == "its last chunk":
        parts[last] = (b"fdAT", parts[last][1] + hidden)
    else:
        parts.insert(last + 1, (b"fdAT", struct.pack(">I", 99) + hidden))
    data = png_of(parts)
    with Image.open(io.BytesIO(data)) as image:
        image.seek(4)
        assert image.convert("RGB").getpixel((0, 0)) == FRAMES[4].getpixel((0, 0))  # (shown as it was)
    assert unshown_pictures(data, 4) == [hidden]


def test_a_picture_in_a_palette_is_found() -> None:
    """A palette holds 256 colours at most (libpng refuses a longer one in a palette picture and
    ignores it in another, as Pillow does) and comes before the image data (after it, libpng
    ignores it): a portrait in one, at its start or past its colours, is shown by none."""
    hidden = encode(RED, "JPEG")
    parts = png_parts(encode(RED, "PNG"))
    after = parts[:-1] + [(b"PLTE", hidden)] + parts[-1:]
    longer = parts[:1] + [(b"PLTE", bytes(768) + hidden)] + parts[1:]
    first = parts[:1] + [(b"PLTE", hidden)] + parts[1:]
    for data in (after, longer, first):
        assert unshown_pictures(png_of(data), 4) == [hidden]
    palette = Image.new("P", (30, 20), 3)
    palette.putpalette(list(range(256)) * 3)
    assert unshown_pictures(encode(palette, "PNG"), 4) == []


def test_a_picture_in_one_more_idat_chunk_after_the_stream_is_found() -> None:
    hidden = encode(RED, "GIF")
    assert unshown_pictures(_png_with_chunk(b"IDAT", b"junk" + hidden), 4) == [hidden]


def test_start_markers_in_a_stored_pngs_pixels_are_no_hidden_picture() -> None:
    """A PNG written without compression holds its pixels as they are: a pink (#FFD8FF) one is
    thousands of JPEG start markers, all inside its image data's stream."""
    width, height = 600, 400
    rows = (b"\x00" + b"\xff\xd8\xff" * width) * height  # (each row unfiltered: its pixels as they are)
    stored = (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
              + png_chunk(b"IDAT", zlib.compress(rows, 0)) + png_chunk(b"IEND", b""))
    assert stored.count(b"\xff\xd8\xff") > MAX_TRAILING_STARTS and Image.open(io.BytesIO(stored)).getpixel((9, 9)) == \
        (255, 216, 255)
    assert unshown_pictures(stored, 4) == []


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


def test_a_picture_in_a_webp_chunk_its_decoder_does_not_read_is_found() -> None:
    hidden = encode(RED, "JPEG")
    assert unshown_pictures(_webp_with_chunk(b"VP8 ", b"junk" + hidden), 4) == [hidden]
    assert unshown_pictures(_webp_with_chunk(b"ALPH", b"junk" + hidden), 4) == [hidden]


def test_a_webp_chunk_named_as_a_png_s_end_does_not_end_the_walk() -> None:
    """A WebP's chunks were walked with a PNG's: one named IEND ended the walk, and a portrait in a
    chunk after it was not looked at."""
    hidden = encode(RED, "JPEG")
    webp = encode(RED, "WEBP")
    chunks = webp[12:] + b"IEND" + bytes(4) + b"prVt" + struct.pack("<I", len(hidden)) + hidden + b"\x00" * (len(hidden) & 1)
    data = b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WEBP" + chunks
    assert unshown_pictures(data, 4) == [hidden]


def _riff(*chunks: tuple[bytes, bytes]) -> bytes:
    body = b"".join(kind + struct.pack("<I", len(data)) + data + b"\x00" * (len(data) & 1) for kind, data in chunks)
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


def _webp_chunks(data: bytes, pos: int = 12) -> list[tuple[bytes, bytes]]:
    out = []
    while pos + 8 <= len(data):
        size = struct.unpack_from("<I", data, pos + 4)[0]
        out.append((data[pos:pos + 4], data[pos + 8:pos + 8 + size]))
        pos += 8 + size + (size & 1)
    return out


def test_an_animation_frame_is_read_to_its_alpha_and_picture_chunks() -> None:
    """libwebp's demuxer reads a frame's header, its ALPH and its VP8 or VP8L once each, and skips what follows."""
    header = bytes(16)
    alpha, picture, junk = b"ALPH\x02\x00\x00\x00ab", b"VP8 \x03\x00\x00\x00abc\x00", b"JUNK\x01\x00\x00\x00x\x00"
    for frame, read in ((header + alpha + picture, 16 + 10 + 12), (header + alpha + picture + junk, 16 + 10 + 12),
                        (header + picture + picture, 16 + 12), (header + junk + picture, 16), (b"short", 5)):
        data = b"pad" + frame
        assert webp_frame_end(data, 3, len(data)) == 3 + read


def test_a_picture_where_a_webp_animation_s_decoder_stops_reading_is_found() -> None:
    """Past an animation's parameters (6 bytes of ANIM), past an extended header's 10 bytes, in a
    second ANIM, in a frame after its picture's chunks: no decoder reads there."""
    frames = [Image.new("RGB", (30, 20), (60 * k, 140, 200)) for k in range(2)]
    animation = _webp_chunks(encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], lossless=True))
    assert [kind for kind, _ in animation] == [b"VP8X", b"ANIM", b"ANMF", b"ANMF"]
    hidden = encode(RED, "JPEG")
    hidden += b"\x00" * (len(hidden) & 1)  # (an even size: a chunk's padding is no part of it)
    (_, vp8x), (_, anim), (_, first), (_, second) = animation
    junk = b"JUNK" + struct.pack("<I", len(hidden)) + hidden
    for chunks in ([(b"VP8X", vp8x), (b"ANIM", anim + hidden), (b"ANMF", first), (b"ANMF", second)],
                   [(b"VP8X", vp8x), (b"ANIM", anim), (b"ANIM", hidden), (b"ANMF", first), (b"ANMF", second)],
                   [(b"VP8X", vp8x), (b"ANIM", anim), (b"ANMF", first + junk), (b"ANMF", second)],
                   [(b"VP8X", vp8x + hidden), (b"ANIM", anim), (b"ANMF", first), (b"ANMF", second)]):
        data = _riff(*chunks)
        if chunks[0][1] == vp8x:
            with Image.open(io.BytesIO(data)) as image:
                assert image.n_frames == 2  # (shown as it was; Pillow refuses a longer VP8X)
        assert unshown_pictures(data, 4) == [hidden]
    assert unshown_pictures(_riff(*animation), 4) == []


@pytest.mark.parametrize("kind", [b"JUNK", b"EXIF", b"XMP ", b"IDAT"])  # (a PNG's chunk's name: nothing to a WebP)
def test_a_picture_in_a_webps_unknown_or_metadata_chunk_is_found(kind: bytes) -> None:
    hidden = encode(RED, "PNG")
    assert unshown_pictures(_webp_with_chunk(kind, b"junk" + hidden), 4) == [hidden]


def _sub_blocks(data: bytes) -> bytes:
    return b"".join(bytes([len(data[i:i + 255])]) + data[i:i + 255] for i in range(0, len(data), 255)) + b"\x00"


@pytest.mark.parametrize("extension", [b"\xfe", b"\xff\x0bMYAPP001.00"])
def test_a_picture_in_a_gifs_comment_or_application_extension_is_found_its_sub_blocks_joined(extension: bytes) -> None:
    gif, hidden = encode(RED, "GIF"), encode(RED, "JPEG")
    label, head = extension[:1], extension[1:]  # (an application extension's first sub-block: its name)
    found = unshown_pictures(gif[:-1] + b"\x21" + label + head + _sub_blocks(hidden) + gif[-1:], 4)
    assert found == [hidden]
    assert unshown_pictures(_animated("GIF"), 4) == []


def test_a_picture_in_a_tiffs_private_tag_is_found_and_its_strips_are_not_searched() -> None:
    from PIL import TiffImagePlugin

    hidden = encode(RED, "JPEG")
    tags = TiffImagePlugin.ImageFileDirectory_v2()
    tags[65000] = hidden
    tags.tagtype[65000] = 7  # (UNDEFINED: bytes)
    assert unshown_pictures(encode(RED, "TIFF", tiffinfo=tags), 4) == [hidden]
    striped = Image.frombytes("RGB", (4, 1), b"\xff\xd8\xff\xdb\x00\x43" + bytes(6))  # (pixels that read as a start)
    assert unshown_pictures(encode(striped, "TIFF"), 4) == []


def test_values_of_a_tiff_that_overlap_are_searched_once() -> None:
    """A thousand tags naming one region: searched once (each a search of the region cost as much
    as the whole file), its picture found once."""
    hidden = encode(RED, "JPEG")
    entries, region = 1000, 8 + 2 + 1000 * 12 + 4
    ifd = struct.pack("<H", entries) + b"".join(struct.pack("<HHII", 40000 + i, 7, len(hidden), region)
                                               for i in range(entries)) + struct.pack("<I", 0)
    tiff = b"II*\x00" + struct.pack("<I", 8) + ifd + hidden
    assert unshown_pictures(tiff, 4) == [hidden]


def test_the_bytes_of_the_pictures_gathered_are_bounded() -> None:
    """Each start is a copy to its chunk's end: starts at the head of a large chunk would hold
    gigabytes; past `MAX_UNSHOWN_BYTES` the search says so instead."""
    body = b"\xff\xd8\xff\xdb" * 30 + bytes(3_000_000)
    with pytest.raises(NotAllSearched, match="bytes of them"):
        unshown_pictures(_png_with_chunk(b"prVt", body), 64)


def test_a_picture_past_a_bmps_pixels_within_the_size_its_header_gives_is_found() -> None:
    bmp, hidden = encode(RED, "BMP"), encode(RED, "JPEG")
    claimed = bytearray(bmp + b"\x00" * 6 + hidden)
    struct.pack_into("<I", claimed, 2, len(claimed))
    assert unshown_pictures(bytes(claimed), 4) == [hidden]
    assert unshown_pictures(bmp + hidden, 4) == []  # (past the size it gives: a picture after its end, read as such)


def test_plain_files_hold_no_unshown_pictures_and_more_than_the_limit_says_so() -> None:
    for fmt in ("PNG", "WEBP", "JPEG", "GIF", "BMP"):
        assert unshown_pictures(encode(RED, fmt), 4) == []
    many = _png_with_chunk(b"prVa", encode(RED, "JPEG"))
    for _ in range(5):
        at = many.rindex(b"IEND") - 4
        many = many[:at] + _png_with_chunk(b"prVb", encode(RED, "GIF"))[33:-12] + many[at:]
    assert len(unshown_pictures(many, 6)) == 6
    with pytest.raises(NotAllSearched, match="more than 4 pictures"):
        unshown_pictures(many, 4)


def test_every_start_in_a_chunk_is_taken_not_only_the_first() -> None:
    """A decoy start (a JPEG header that decodes to nothing) before a portrait hid it."""
    decoy, hidden = b"\xff\xd8\xff\xc0\x00\x11\x08\xff\xff", encode(RED, "JPEG")
    found = unshown_pictures(_png_with_chunk(b"prVt", decoy + hidden), 4)
    assert found == [decoy + hidden, hidden]


def test_a_webp_of_more_chunks_than_are_walked_says_so() -> None:
    webp = _webp_with_chunk(b"JNK0", b"")
    chunks = webp[12:] + b"JNK0\x00\x00\x00\x00" * 100_001
    with pytest.raises(NotAllSearched, match="chunks"):
        unshown_pictures(b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WEBP" + chunks, 4)


def test_an_rle_bitmaps_pixels_are_not_searched() -> None:
    """An RLE bitmap's pixels end where its codes say: its own pixel data is no place past them."""
    rle = bytearray(encode(RED.convert("P"), "BMP"))
    struct.pack_into("<I", rle, 30, 1)  # (compression: RLE8, so where its pixels end is not known)
    rle += encode(RED, "JPEG")
    struct.pack_into("<I", rle, 2, len(rle))
    assert unshown_pictures(bytes(rle), 4) == []


def test_the_start_markers_tried_are_bounded_across_all_chunks() -> None:
    """Markers that start nothing, spread over many chunks, cost a Python step each: past the
    bound the search stops and says so (a portrait may be behind them)."""
    junk = b"\xff\xd8\xff\x01" * 250
    few = _png_with_chunk(b"prVt", junk)
    assert unshown_pictures(few, 4) == []
    many = few
    for _ in range(MAX_TRAILING_STARTS // 250):
        at = many.rindex(b"IEND") - 4
        many = many[:at] + few[33:-12] + many[at:]
    with pytest.raises(NotAllSearched):
        unshown_pictures(many, 4)


def test_a_start_marker_counts_only_when_its_header_follows() -> None:
    jpeg = encode(RED, "JPEG")
    assert picture_start(b"GIF89a in a text then " + jpeg, 0, 10_000) == len(b"GIF89a in a text then ")
    assert picture_start(b"GIF89a in a text", 0, 100) is None


def test_a_png_chunk_carries_its_checksum() -> None:
    assert png_chunk(b"tEXt", b"a=b") == b"\x00\x00\x00\x03tEXta=b\xb6\xa1\xea\x85"


@pytest.mark.parametrize("data", [b"", b"\x00", b"GIF89a", b"\xff\xd8", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"BM"])
def test_empty_and_bare_headers_have_no_end_and_at_most_one_frame(data: bytes) -> None:
    assert bmp_end(data) == png_end(data) == tiff_end(data) == ico_end(data) == tga_end(data) == bmff_end(data) == 0
    assert gif_frames(data, 10) <= 1 and png_frames(data, 10) <= 1 and tiff_frames(data, 10) <= 1


SEEDS = [encode(RED, fmt) for fmt in ("JPEG", "PNG", "GIF", "BMP", "TIFF", "ICO", "TGA", "WEBP")]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SEEDS), st.integers(0, 2**32 - 1))
def test_no_walk_raises_on_a_damaged_file(seed: bytes, salt: int) -> None:
    """Bytes changed, cut, appended and fill bytes inserted, as hostile and broken files come."""
    rnd = random.Random(salt)
    data = bytearray(seed)
    for _ in range(rnd.randint(1, 8)):
        op = rnd.random()
        if op < 0.4 and data:
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        elif op < 0.6:
            del data[rnd.randrange(len(data) + 1):]
        elif op < 0.8:
            data += bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 40)))
        else:
            at = rnd.randrange(len(data) + 1)
            data[at:at] = b"\xff" * rnd.randint(1, 10)
    damaged = bytes(data)
    for end in (bmp_end, png_end, tiff_end, ico_end, tga_end, bmff_end):
        assert (end(damaged) or 0) <= len(damaged)
    for count in (gif_frames, png_frames, tiff_frames):
        assert 0 <= count(damaged, 100) <= 101
    assert walk_jpeg(damaged).end <= len(damaged)
    assert isinstance(describe_trailing(damaged, len(damaged) // 3, "end"), str)
    found = trailing_picture(damaged, len(damaged) // 2)
    assert found is None or damaged.endswith(found)
    try:
        hidden = unshown_pictures(damaged, 64)
    except NotAllSearched:  # (a bound reached: said, not raised as anything else)
        hidden = []
    assert all(len(picture) <= len(damaged) for picture in hidden)
