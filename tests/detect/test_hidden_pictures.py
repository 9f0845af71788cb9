"""The pictures a file holds where no viewer looks (`detect/hidden_pictures.py`): after its end,
and inside it where no decoder reads (a private chunk, past a PNG's or an APNG frame's stream, a
palette or a frame none reads, a WebP chunk its decoder skips, a GIF's comment, a TIFF tag, past a
BMP's pixels); a start marker counts only where its format's header follows. Every search is
bounded and says when it stops at a bound."""
from __future__ import annotations

import io
import random
import struct
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from imagekit import (
    DAMAGE_SEEDS,
    FRAMES,
    RED,
    animated,
    damage,
    encode,
    frames_rgb,
    png_header,
    png_image_data_places,
    png_of,
    png_parts,
    webp_of,
    webp_parts,
)
from PIL import Image

from scrapeguard.detect import hidden_pictures
from scrapeguard.detect.hidden_pictures import (
    MAX_TRAILING_STARTS,
    describe_trailing,
    image_data_and_its_end,
    picture_start,
    trailing_picture,
    unshown_pictures,
)
from scrapeguard.detect.image_structure import NotAllSearched, png_chunk, png_frame_header


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
    from scrapeguard.detect.hidden_pictures import _jpeg_marker

    padded = b"\xff\xd8" + bytes(100) + b"\xff\x00\xff\xd0\xff\xff\xe0"
    budget = [200]
    assert _jpeg_marker(padded, 2, budget) == len(padded) - 1 and budget[0] < 200 - 100
    assert _jpeg_marker(padded, 2, [50]) == -1  # (past the bytes it may look at)
    assert _jpeg_marker(b"\xff\xd8" + bytes(100), 2, [500]) is None  # (no marker before the data's end)


def test_a_run_of_stuffed_zeros_ends_a_jpeg_walk() -> None:
    """Each stepped over cost a loop's turn for one byte: 20 MB of them, 31 s. Past
    `MAX_GATE_SEGMENTS` the walk stops, and what follows is taken for a picture."""
    from scrapeguard.detect.hidden_pictures import MAX_GATE_SEGMENTS, _jpeg_marker

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


def _png_with_image_data(png: bytes, *bodies: bytes) -> bytes:
    """`png` with its IDAT chunks replaced by one for each of `bodies`."""
    at, tail = png.index(b"IDAT") - 4, png.rindex(b"IEND") - 4
    return png[:at] + b"".join(png_chunk(b"IDAT", body) for body in bodies) + png[tail:]


def _stored_png(rows: bytes, width: int, height: int) -> bytes:
    """An RGB PNG whose image data is `rows` uncompressed (its pixels as they are, start markers and all)."""
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + png_chunk(b"IDAT", zlib.compress(rows, 0)) + png_chunk(b"IEND", b""))


class TestImageDataAndItsEnd:
    def test_image_data_without_a_picture_start_is_not_inflated(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The common case costs a search, no inflating (which would stop at the bound set here)."""
        monkeypatch.setattr(hidden_pictures, "MAX_INFLATED", 1)
        png = encode(Image.new("RGB", (300, 200), (60, 140, 200)), "PNG")
        assert image_data_and_its_end(png, png_image_data_places(png), png_header(png)) is None

    def test_bytes_after_the_stream_are_past_its_end_however_the_chunks_split_them(self) -> None:
        png, hidden = encode(Image.new("RGB", (300, 200), (60, 140, 200)), "PNG"), encode(RED, "JPEG")
        [(start, end)] = png_image_data_places(png)
        stream = png[start:end]
        for bodies in ([stream + hidden], [stream, hidden[:300], hidden[300:]], [stream + hidden[:1], hidden[1:]],
                       [stream, *[hidden[k:k + 1] for k in range(12)], hidden[12:]]):
            data = _png_with_image_data(png, *bodies)
            found = image_data_and_its_end(data, png_image_data_places(data), png_header(data))
            assert found is not None and found[1] == len(stream) - 4  # (the deflate data's end: its checksum follows)
            assert unshown_pictures(data, 4) == [hidden]

    def test_a_stream_longer_than_what_is_inflated_at_once_ends_where_it_ends(self) -> None:
        """Image data is inflated a MiB at a time: a stream's end is found in the MiB it ends in,
        whichever, with more after it."""
        noise = Image.frombytes("RGB", (700, 600), random.Random(7).randbytes(700 * 600 * 3))
        png, hidden = encode(noise, "PNG"), encode(RED, "JPEG") + bytes(1 << 20)
        stream = b"".join(png[start:end] for start, end in png_image_data_places(png))
        assert len(stream) > 1 << 20
        data = _png_with_image_data(png, stream + hidden)
        found = image_data_and_its_end(data, png_image_data_places(data), png_header(data))
        assert found is not None and found[1] == len(stream) - 4
        assert unshown_pictures(data, 4) == [hidden]

    def test_a_picture_where_the_checksum_goes_none_written_is_found(self) -> None:
        """Pillow and libpng show the picture without its stream's checksum: what follows the
        deflate data is searched from its first byte."""
        png, hidden = encode(Image.new("RGB", (300, 200), (60, 140, 200)), "PNG"), encode(RED, "JPEG")
        [(start, end)] = png_image_data_places(png)
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
        data = _png_with_image_data(png, b"".join(png[start:end] for start, end in png_image_data_places(png)) + hidden)
        assert unshown_pictures(data, 4) == [hidden]

    def test_a_wrong_checksum_does_not_hide_what_follows_the_stream(self) -> None:
        """libpng warns of a wrong Adler-32 and shows the picture, as Pillow does (which stops reading
        at the last row: the checksum in a chunk of its own is never read)."""
        png, hidden = encode(Image.new("RGB", (300, 200), (60, 140, 200)), "PNG"), encode(RED, "JPEG")
        [(start, end)] = png_image_data_places(png)
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
        monkeypatch.setattr(hidden_pictures, "MAX_INFLATED", 1)
        chance = b"\x00" + b"\xff\xd8\xff\xe0\x00\x05abc\xff\x02" + bytes(4)  # (a row: its filter byte, 5 pixels)
        png = _stored_png(chance, 5, 1)
        assert image_data_and_its_end(png, png_image_data_places(png), png_header(png)) is None
        with pytest.raises(NotAllSearched, match="inflates past"):  # (a redaction inflates whatever it holds)
            image_data_and_its_end(png, png_image_data_places(png), png_header(png), whatever_it_holds=True)
        begins = b"\x00" + b"\xff\xd8\xff\xe0\x00\x05abc\x00\xff\xda" + bytes(3)
        png = _stored_png(begins, 5, 1)
        with pytest.raises(NotAllSearched, match="inflates past the 1 bytes searched at most"):
            image_data_and_its_end(png, png_image_data_places(png), png_header(png))
        monkeypatch.setattr(hidden_pictures, "MAX_TRAILING_STARTS", 3)
        many = b"\x00" + b"\xff\xd8\xff\x02" * 3 + bytes(3)
        png = _stored_png(many, 5, 1)
        assert image_data_and_its_end(png, png_image_data_places(png), png_header(png)) is None
        png = _stored_png(b"\x00" + b"\xff\xd8\xff\x02" * 3 + b"\xff\xd8\xff", 5, 1)  # (a fourth)
        with pytest.raises(NotAllSearched, match="inflates past"):
            image_data_and_its_end(png, png_image_data_places(png), png_header(png))

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
        assert image_data_and_its_end(png, png_image_data_places(png), png_header(png), budget=budget) is not None
        assert budget == [20 - 16]
        with pytest.raises(NotAllSearched, match="searched at most"):
            image_data_and_its_end(png, png_image_data_places(png), png_header(png), budget=budget)

    def test_a_cut_stream_has_nothing_past_it(self) -> None:
        png = _stored_png(b"\x00" + b"\xff\xd8\xff\xe0\x00\x05abc\xff" + bytes(4), 5, 1)
        [(start, end)] = png_image_data_places(png)
        assert image_data_and_its_end(png, [(start, end - 6)], png_header(png)) is None  # (its checksum and a row)

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
    assert unshown_pictures(animated("PNG"), 4) == []


def test_a_picture_in_the_frame_data_of_a_frame_control_another_replaced_is_found() -> None:
    """Two frame controls before the image data: the second one's frame is the picture's, and the
    first one's frame data (before the second) libpng does not read (Pillow shows it as the
    picture, no further than its stream's end). It was counted as the first frame's, then dropped
    with it when the second replaced it: searched by neither walk."""
    hidden, parts = encode(RED, "JPEG"), png_parts(animated("PNG"))
    blue = Image.new("RGB", FRAMES[0].size, (0, 0, 255))
    rows = b"".join(b"\x00" + blue.tobytes()[y * 24:(y + 1) * 24] for y in range(8))
    data = png_of(parts[:3] + [(b"fdAT", bytes(4) + zlib.compress(rows) + hidden), parts[2]] + parts[3:])
    with Image.open(io.BytesIO(data)) as image:  # (its later frames Pillow refuses)
        assert image.convert("RGB").tobytes() == blue.tobytes()
    found = unshown_pictures(data, 4)
    assert len(found) == 1 and found[0].startswith(hidden)


@pytest.mark.parametrize("where", ["past its fields", "after the image data"])
def test_a_picture_in_a_header_is_found(where: str) -> None:
    """Decoders read a header's 13 bytes of fields, and none one after the image data: a portrait
    in either passed unlooked at."""
    hidden, parts = encode(RED, "JPEG"), png_parts(encode(RED, "PNG"))
    long_header = [(b"IHDR", parts[0][1] + hidden)]
    data = png_of(long_header + parts[1:] if where == "past its fields" else parts[:-1] + long_header + parts[-1:])
    assert frames_rgb(data) == [RED.tobytes()]
    assert unshown_pictures(data, 4) == [hidden]


def test_a_header_after_the_image_data_does_not_say_how_long_it_is() -> None:
    """The rows a picture's image data holds are the header's before it (Pillow has stopped
    reading, libpng refuses one after): a larger one after it hid a portrait stored in the
    stream past the rows decoders show."""
    rows = b"".join(b"\x00" + bytes([70, 90, 200]) * 8 for _ in range(8))
    parts = [(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)),
             (b"IDAT", zlib.compress(rows + encode(RED, "JPEG"), 0)),
             (b"IHDR", struct.pack(">IIBBBBB", 1000, 1000, 8, 2, 0, 0, 0)), (b"IEND", b"")]
    with pytest.raises(NotAllSearched, match="inflates past the 200 bytes its header gives"):
        unshown_pictures(png_of(parts), 4)


@pytest.mark.parametrize("where", ["a frame past the count acTL gives", "frame data after the picture's own",
                                   "a frame past the first acTL's count", "a frame past the count, one control before acTL"])
def test_a_picture_in_an_apng_frame_no_decoder_reads_is_found(where: str) -> None:
    """acTL says how many frames an APNG holds (a frame control past them starts a frame none
    reads), and a frame control before the image data makes the picture its frame: frame data
    after that picture's, before the next frame control, is no frame's."""
    hidden, parts = encode(RED, "JPEG"), png_parts(animated("PNG"))
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
    hidden, parts = encode(RED, "JPEG"), png_parts(animated("PNG"))
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


def test_a_picture_where_a_webp_animation_s_decoder_stops_reading_is_found() -> None:
    """Past an animation's parameters (6 bytes of ANIM), past an extended header's 10 bytes, in a
    second ANIM, in a frame after its picture's chunks: no decoder reads there."""
    frames = [Image.new("RGB", (30, 20), (60 * k, 140, 200)) for k in range(2)]
    animation = webp_parts(encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], lossless=True))
    assert [kind for kind, _ in animation] == [b"VP8X", b"ANIM", b"ANMF", b"ANMF"]
    hidden = encode(RED, "JPEG")
    hidden += b"\x00" * (len(hidden) & 1)  # (an even size: a chunk's padding is no part of it)
    (_, vp8x), (_, anim), (_, first), (_, second) = animation
    junk = b"JUNK" + struct.pack("<I", len(hidden)) + hidden
    for chunks in ([(b"VP8X", vp8x), (b"ANIM", anim + hidden), (b"ANMF", first), (b"ANMF", second)],
                   [(b"VP8X", vp8x), (b"ANIM", anim), (b"ANIM", hidden), (b"ANMF", first), (b"ANMF", second)],
                   [(b"VP8X", vp8x), (b"ANIM", anim), (b"ANMF", first + junk), (b"ANMF", second)],
                   [(b"VP8X", vp8x + hidden), (b"ANIM", anim), (b"ANMF", first), (b"ANMF", second)]):
        data = webp_of(*chunks)
        if chunks[0][1] == vp8x:
            with Image.open(io.BytesIO(data)) as image:
                assert image.n_frames == 2  # (shown as it was; Pillow refuses a longer VP8X)
        assert unshown_pictures(data, 4) == [hidden]
    assert unshown_pictures(webp_of(*animation), 4) == []


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
    assert unshown_pictures(animated("GIF"), 4) == []


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


SEEDS = [encode(RED, fmt) for fmt in DAMAGE_SEEDS]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SEEDS), st.integers(0, 2**32 - 1))
def test_no_search_raises_on_a_damaged_file(seed: bytes, salt: int) -> None:
    """Bytes changed, cut, appended and fill bytes inserted, as hostile and broken files come: each
    search answers or says it stopped at a bound."""
    damaged = damage(seed, salt)
    assert isinstance(describe_trailing(damaged, len(damaged) // 3, "end"), str)
    found = trailing_picture(damaged, len(damaged) // 2)
    assert found is None or damaged.endswith(found)
    try:
        hidden = unshown_pictures(damaged, 64)
    except NotAllSearched:  # (a bound reached: said, not raised as anything else)
        hidden = []
    assert all(len(picture) <= len(damaged) for picture in hidden)
