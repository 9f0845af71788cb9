"""Safe decoding: every hostile or odd input ends in a picture or a clear error."""

from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from imagekit import encode, gif_with_a_frame_past_its_screen, png_parts
from PIL import Image, PngImagePlugin

from scrapeguard.detect.decode import (
    DecodeError,
    NotRaster,
    complete_jpeg,
    count_frames,
    decode,
    decode_metadata,
    ico_sizes,
    is_svg,
    png_without_still_frames,
    to_rgb,
    working_copy,
)
from scrapeguard.detect.image_structure import MAX_FRAME_COUNT, MAX_FRAME_WALK, jpeg_damage

IMAGES = Path(__file__).resolve().parents[1] / "data" / "images"



def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a huge size: the classic decompression-bomb header."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(b"\x00" * 4096))
            + png_chunk(b"IEND", b""))


def with_bloated_text(png: bytes, where: str) -> bytes:
    """The PNG with a zTXt chunk as ImageMagick writes a Photoshop file's XMP bloated by the
    document's history (hex-encoded, 2 MB once decompressed), before or after the image data."""
    profile = b"\nxmp\n 1000000\n" + b"3c" * 1_000_000
    text = png_chunk(b"zTXt", b"Raw profile type xmp\x00\x00" + zlib.compress(profile, 9))
    at = png.index(b"IDAT" if where == "before" else b"IEND") - 4
    return png[:at] + text + png[at:]


@pytest.fixture(scope="module")
def photo() -> Image.Image:
    with Image.open(IMAGES / "faces" / "astronaut.jpg") as img:
        return img.convert("RGB")


@pytest.mark.parametrize("data", [b"", b"\x00", b"garbage bytes, not an image", b"\xff\xd8\xff", b"GIF89a", b"%PDF-1.7"])
def test_junk_is_a_decode_error(data: bytes) -> None:
    with pytest.raises(DecodeError):
        decode(data)


def test_non_bytes_is_a_decode_error() -> None:
    with pytest.raises(DecodeError, match="expected bytes"):
        decode("not bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize("data", [
    b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>',
    b'\xef\xbb\xbf  \n<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
])
def test_svg_is_not_rasterised(data: bytes) -> None:
    assert is_svg(data)
    with pytest.raises(NotRaster, match="not rasterised"):
        decode(data)


def test_decompression_bomb_header_is_refused_before_decoding() -> None:
    with pytest.raises(DecodeError, match="(pixel cap|decompression bomb)"):
        decode(png_header_only(100_000, 100_000))


def test_a_picture_with_a_side_past_what_web_formats_can_declare_is_refused_before_decoding() -> None:
    # a 2 x 25,000,000 PNG is within the pixel cap, but Pillow's work grows with its rows too: a
    # file of 200 kB took 6-9 s and 1.5 GB to judge (the same pixels square, ~2.5 s)
    with pytest.raises(DecodeError, match="side"):
        decode(png_header_only(2, 25_000_000))
    with pytest.raises(DecodeError, match="side"):
        decode(png_header_only(25_000_000, 2))
    with pytest.raises(DecodeError, match="side"):  # (an icon's picture, which Pillow decodes as it opens the icon)
        decode(ico_holding(png_header_only(2, 25_000_000)))
    assert decode(encode(Image.new("RGB", (2, 65_535), "white"), "PNG")).height == 65_535


def test_pixel_cap_is_configurable(photo: Image.Image) -> None:
    with pytest.raises(DecodeError, match="pixel cap"):
        decode(encode(photo, "PNG"), max_pixels=1000)


def test_truncated_file_is_a_decode_error(photo: Image.Image) -> None:
    data = encode(photo, "PNG")
    with pytest.raises(DecodeError, match="(truncated|corrupt|readable)"):
        decode(data[: len(data) // 2])


def test_eps_is_not_opened_so_no_ghostscript_runs() -> None:
    with pytest.raises(DecodeError):
        decode(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n")


@pytest.mark.parametrize("mode", ["CMYK", "L", "1", "P", "RGBA", "LA", "I;16", "I", "F"])
def test_every_mode_becomes_rgb(photo: Image.Image, mode: str) -> None:
    img = photo.convert(mode) if mode not in ("I;16", "I", "F") else photo.convert("L").convert(mode)
    fmt = {"CMYK": "JPEG", "I": "TIFF", "F": "TIFF"}.get(mode, "PNG")
    decoded = decode(encode(img, fmt))
    assert decoded.image.mode == "RGB"
    assert (decoded.width, decoded.height) == photo.size


def test_sixteen_bit_grey_keeps_its_contrast() -> None:
    ramp = Image.linear_gradient("L").resize((64, 64)).convert("I")
    ramp = ramp.point(lambda v: v * 64).convert("I;16")  # 0..16320: would clip to white if cast naively
    decoded = decode(encode(ramp, "PNG"))
    lo, hi = decoded.image.convert("L").getextrema()
    assert lo < 20 and hi > 235


@pytest.mark.parametrize("outlier", [65535.0, 1e30, float("inf"), float("nan")])
def test_one_outlying_pixel_does_not_flatten_a_wide_grey_picture(outlier: float) -> None:
    """(An adversarial review: the stretch ran from the darkest to the brightest pixel, so one pixel
    at 65535 among values up to 255, or an infinity in a float TIFF, left the rest one shade and a
    face in it unseen.)"""
    ramp = Image.linear_gradient("L").resize((64, 64)).convert("F")
    ramp.putpixel((0, 0), outlier)
    lo, hi = decode(encode(ramp, "TIFF")).image.convert("L").getextrema()
    assert lo < 20 and hi > 235


def test_a_large_grey_pictures_range_is_read_from_a_sample_in_little_memory() -> None:
    """The percentiles were read from every pixel in float64 copies: a flat 7000x7000 16-bit PNG of 111 KB
    took 1.5 GB and 4 s to decode (found in review). Read from an even sample of a million pixels, they
    still set the stretch of a wide ramp, outlier and all; numpy's allocations stay a few MB."""
    import tracemalloc

    from scrapeguard.detect.decode import _grey_range

    ramp = Image.linear_gradient("L").resize((3000, 3000)).convert("F").point(lambda v: v * 200.0)
    ramp.putpixel((0, 0), float("inf"))
    tracemalloc.start()
    try:
        lo, hi = _grey_range(ramp)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert lo < 0.01 * 51_000 and hi > 0.98 * 51_000
    assert peak < 40_000_000  # (every pixel read: 9 million float64s, 72 MB, copied twice)


def test_a_detail_repeating_at_the_samples_step_still_spans_the_range() -> None:
    """An even pick of pixels can miss a detail repeating at its step whole (every third column bright in a
    3000x3000 picture: the range read as 50 to 50, the picture one shade; found in review). The averages of
    each step's square are read beside the pick: the bright columns count."""
    import numpy as np

    from scrapeguard.detect.decode import _grey_range

    columns = np.full((3000, 3000), 50.0, dtype=np.float32)
    columns[:, 0::3] = 3000.0
    lo, hi = _grey_range(Image.fromarray(columns, "F"))
    assert lo == 50.0 and hi > 500.0


def test_transparent_palette_and_alpha_are_put_on_white() -> None:
    clear = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    assert decode(encode(clear, "PNG")).image.getpixel((5, 5)) == (255, 255, 255)
    assert decode(encode(clear.convert("P"), "GIF", transparency=0)).image.getpixel((5, 5)) == (255, 255, 255)


def test_animated_image_is_the_first_frame() -> None:
    frames = [Image.new("RGB", (40, 30), colour) for colour in ((255, 0, 0), (0, 0, 255), (0, 255, 0))]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=50)
    decoded = decode(buffer.getvalue())
    assert decoded.animated
    r, g, b = decoded.image.getpixel((10, 10))
    assert r > 200 and g < 50 and b < 50


def test_exif_orientation_is_applied_and_size_is_the_upright_one(photo: Image.Image) -> None:
    upright = photo.crop((0, 0, 400, 200))  # landscape
    exif = Image.Exif()
    exif[0x0112] = 6  # stored rotated: the viewer turns it 90° clockwise
    data = encode(upright.transpose(Image.Transpose.ROTATE_90), "JPEG", quality=95, exif=exif.tobytes())
    decoded = decode(data)
    assert (decoded.width, decoded.height) == (400, 200)
    assert decoded.image.size == (400, 200)
    # the top-left corner of the upright picture (the flag) is where it should be
    diff = sum(abs(a - b) for a, b in zip(decoded.image.getpixel((20, 20)), upright.getpixel((20, 20))))
    assert diff < 60


def test_large_jpeg_is_decoded_at_reduced_scale_with_original_geometry(photo: Image.Image) -> None:
    big = photo.resize((2400, 2400))
    decoded = decode(encode(big, "JPEG", quality=80), target=640)
    assert (decoded.width, decoded.height) == (2400, 2400)
    assert decoded.image.width < 2400 and decoded.image.width >= 640
    assert decoded.scale == pytest.approx(2400 / decoded.image.width)


def test_working_copy_downscales_to_640() -> None:
    copy, factor = working_copy(Image.new("RGB", (1920, 1080)))
    assert max(copy.size) == 640 and factor == pytest.approx(3.0)


def test_working_copy_upscales_thumbnails_to_128() -> None:
    copy, factor = working_copy(Image.new("RGB", (64, 48)))
    assert min(copy.size) == 128 and factor == pytest.approx(48 / 128, rel=0.01)


def test_working_copy_caps_upscaled_banners() -> None:
    copy, _ = working_copy(Image.new("RGB", (2000, 40)))
    assert max(copy.size) <= 1280


def test_working_copy_leaves_mid_sized_images_alone() -> None:
    img = Image.new("RGB", (500, 300))
    copy, factor = working_copy(img)
    assert copy is img and factor == 1.0


def test_nonsense_orientation_value_is_ignored(photo: Image.Image) -> None:
    exif = Image.Exif()
    exif[0x0112] = 99
    decoded = decode(encode(photo, "JPEG", exif=exif.tobytes()))
    assert decoded.image.size == photo.size


# ------------------------------------------------------------------ to_rgb: the one conversion
def test_to_rgb_keeps_alpha_only_when_asked() -> None:
    clear = Image.new("RGBA", (8, 8), (10, 20, 30, 0))
    assert to_rgb(clear).getpixel((1, 1)) == (255, 255, 255)
    kept = to_rgb(clear, keep_alpha=True)
    assert kept.mode == "RGBA" and kept.getpixel((1, 1))[3] == 0
    assert to_rgb(Image.new("I;16", (4, 4)), keep_alpha=True).mode == "RGB"  # no alpha to keep


def keyed_png(mode: str, values: list[int], key: int) -> bytes:
    """A one-row PNG of `values` in `mode` (grey levels; RGB: each level in all three bands) whose tRNS
    chunk keys `key` transparent."""
    picture = Image.new("L" if mode == "RGB" else mode, (len(values), 1))
    picture.putdata(values)
    if mode == "RGB":
        return encode(Image.merge("RGB", [picture] * 3), "PNG", transparency=(key, key, key))
    return encode(picture, "PNG", transparency=key)


@pytest.mark.parametrize(("mode", "values", "key", "shown"), [
    ("L", [128, 129], 128, [(255, 255, 255), (129, 129, 129)]),
    ("RGB", [128, 129], 128, [(255, 255, 255), (129, 129, 129)]),
    ("1", [0, 255], 0, [(255, 255, 255), (255, 255, 255)]),  # (black keyed: a blank bitmap on white)
    ("I;16", [1000, 300, 40000], 1000, [(255, 255, 255), (0, 0, 0), (255, 255, 255)]),  # (stretched, the key white)
])
def test_a_colour_key_s_pixels_are_shown_on_white_as_a_browser_shows_them(
        mode: str, values: list[int], key: int, shown: list[tuple[int, int, int]]) -> None:
    # (review) a portrait stored as flat grey 128/129 with 128 keyed transparent is a full-contrast face in a
    # browser; Pillow's RGB conversion ignores the key, and the detector saw a blank grey picture
    decoded = decode(keyed_png(mode, values, key)).image
    assert [decoded.getpixel((x, 0)) for x in range(len(values))] == shown


def test_a_colour_keyed_picture_keeps_its_transparency_when_asked() -> None:
    with Image.open(io.BytesIO(keyed_png("L", [128, 129], 128))) as img:
        kept = to_rgb(img, keep_alpha=True)
    assert kept.mode == "RGBA" and [kept.getpixel((x, 0))[3] for x in range(2)] == [0, 255]


def test_a_colour_keyed_picture_is_also_seen_as_a_dark_page_shows_it() -> None:
    # every other pixel keyed transparent, the rest a gradient: half opaque to a glance, a picture over black
    from scrapeguard.detect.decode import hidden_colour, shown_on_dark

    grid = Image.new("L", (600, 600))
    grid.putdata([0 if (x + y) % 2 == 0 else 40 + y // 3 for y in range(600) for x in range(600)])
    with Image.open(io.BytesIO(encode(grid, "PNG", transparency=0))) as img:
        img.load()
        dark = shown_on_dark(img)
        assert hidden_colour(img) is None  # (under a key lies the key: a flat fill)
    assert dark is not None and dark.getpixel((0, 0)) == (0, 0, 0) and dark.getpixel((1, 0)) == (40, 40, 40)


def test_a_decode_takes_its_pixels_from_a_shared_budget_and_refuses_a_picture_past_it() -> None:
    from scrapeguard.detect.decode import OverBudget

    budget = [6_000]
    decode(encode(Image.new("RGB", (100, 50)), "PNG"), budget=budget)
    assert budget == [1_000]
    with pytest.raises(OverBudget, match="past the 1000 pixels left"):
        decode(encode(Image.new("RGB", (100, 50)), "PNG"), budget=budget)
    assert budget == [1_000]
    budget = [1_000_000]  # (a large JPEG at its decoding scale: 1/4 of each side)
    decode(encode(Image.new("RGB", (4000, 3000)), "JPEG"), target=640, budget=budget)
    assert budget == [1_000_000 - 1000 * 750]


# ------------------------------------------------------------------ animations: a sample of frames
def gif(frames: list[Image.Image]) -> bytes:
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=50)
    return buffer.getvalue()


def test_further_frames_are_sampled_when_asked() -> None:
    colours = ((255, 0, 0), (0, 0, 255), (0, 255, 0))
    decoded = decode(gif([Image.new("RGB", (40, 30), c) for c in colours]), frames=8)
    assert decoded.n_frames == 3 and decoded.frames_limit is None
    seen = [f.getpixel((10, 10)) for f in decoded.frames]
    assert len(seen) == 2 and seen[0][2] > 200 and seen[1][1] > 200  # blue, then green
    assert decode(gif([Image.new("RGB", (40, 30), c) for c in colours])).frames == []  # not asked: first only


def test_a_long_animation_is_sampled_evenly_up_to_its_last_frame() -> None:
    frames = [Image.new("L", (20, 20), k * 6).convert("RGB") for k in range(40)]
    decoded = decode(gif(frames), frames=8)
    assert decoded.n_frames == 40 and len(decoded.frames) == 8
    levels = [f.getpixel((5, 5))[0] for f in decoded.frames]
    assert levels == sorted(levels) and levels[-1] == 39 * 6  # spread over it, the last frame included


@pytest.mark.parametrize("fmt", ["GIF", "WEBP", "AVIF"])
def test_a_frame_between_the_sampled_ones_that_shows_a_new_scene_is_read_in_every_animation_a_browser_plays(
        fmt: str) -> None:
    """Every browser plays an animated AVIF as it plays a GIF or a WebP, but an AVIF was sought straight to
    its sampled frames, so a frame between them unlike every frame read (a portrait shown in frame 18 of 40)
    was never glanced at: the animation passed as "9 of 40 frames analysed" (review). Its frames are
    stepped through and glanced at, as a GIF's are (each costs what the seek to it did)."""
    frames = [Image.new("RGB", (64, 64), (120, 160, (k * 7) % 256)) for k in range(40)]
    frames[17] = frames[17].copy()
    frames[17].paste((255, 255, 255), (16, 16, 48, 48))  # (the new scene: a white square)
    decoded = decode(encode(frames[0], fmt, save_all=True, append_images=frames[1:], duration=80), frames=8)
    assert decoded.n_frames == 40 and len(decoded.frames) == 9
    assert any(frame.getpixel((32, 32))[0] > 200 for frame in decoded.frames)  # (frame 18 among those read)


def test_frames_past_the_decoding_budget_are_not_reached_and_that_is_said(monkeypatch: pytest.MonkeyPatch) -> None:
    import scrapeguard.detect.decode as decode_mod

    monkeypatch.setattr(decode_mod, "FRAME_PIXEL_BUDGET", 20 * 20 * 5)
    decoded = decode(gif([Image.new("L", (20, 20), k * 6).convert("RGB") for k in range(40)]), frames=8)
    assert decoded.n_frames == 40 and 1 <= len(decoded.frames) <= 4
    assert decoded.frames_limit and "frames after 5" in decoded.frames_limit


def test_a_broken_later_frame_ends_the_sample_without_failing_the_image() -> None:
    frames = [Image.new("RGB", (40, 30), (k * 60, 0, 0)) for k in range(4)]
    data = gif(frames)
    cut = data[: len(data) - 60]  # the last frame's data is cut off
    decoded = decode(cut, frames=8)
    assert decoded.image.getpixel((5, 5))[0] == 0 and decoded.n_frames == 4
    assert [f.getpixel((5, 5))[0] for f in decoded.frames] == [60, 120]  # the frames before the broken one
    assert decoded.frames_limit == "frame 4 could not be decoded (OSError); the frames after it were not read"


# ------------------------------------------------------------------ ICO: the pixel cap before decoding
def ico_holding(picture: bytes) -> bytes:
    return struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", 0, 0, 0, 0, 1, 32, len(picture), 22) + picture


def test_an_icon_holding_a_huge_png_is_refused_before_it_is_decoded() -> None:
    import resource
    import time

    side = 9000  # 81 Mpx of zeros: ~240 MB once decoded
    row = b"\x00" * (side * 3 + 1)
    co = zlib.compressobj(9)
    idat = b"".join(co.compress(row) for _ in range(side)) + co.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    with pytest.raises(DecodeError, match="ICO holds a 9000x9000"):
        decode(ico_holding(png))
    assert time.perf_counter() - start < 0.5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB: nothing was decoded


def test_an_icon_holding_a_huge_bitmap_is_refused_too() -> None:
    dib = struct.pack("<IiiHHIIiiII", 40, 10000, 2 * 10000, 1, 32, 0, 0, 0, 0, 0, 0)
    with pytest.raises(DecodeError, match="pixel cap"):
        decode(ico_holding(dib + b"\x00" * 64))


def test_an_ordinary_icon_decodes(photo: Image.Image) -> None:
    decoded = decode(encode(photo, "ICO", sizes=[(64, 64), (32, 32)]))
    assert decoded.format == "ICO" and (decoded.width, decoded.height) == (64, 64)
    assert ico_sizes(encode(photo, "ICO", sizes=[(48, 48)])) == [(48, 48)]


def test_an_icons_pictures_too_small_to_show_a_face_of_min_px_are_not_read(photo: Image.Image) -> None:
    """A favicon holds seven sizes; each picture besides the largest was a face-detector run (78 ms where the
    256-px picture alone took 27). One narrower than the policy's face_min_px cannot show a face it counts:
    left out, and said so (not an incomplete judgement); the largest is read whatever its size."""
    sizes = [(256, 256), (128, 128), (64, 64), (48, 48), (32, 32), (24, 24), (16, 16)]
    favicon = encode(photo, "ICO", sizes=sizes)
    decoded = decode(favicon, frames=8, min_px=32)
    assert decoded.frame_sizes == [(128, 128), (64, 64), (48, 48), (32, 32)] and decoded.n_frames == 7
    assert decoded.frames_limit == "its 24x24 and 16x16 pictures, narrower than 32 px, cannot show a face that wide"
    assert not decoded.frames_unread
    assert decode(favicon, frames=8).frame_sizes == sizes[1:]  # (no min_px: every picture)
    small = decode(encode(photo, "ICO", sizes=[(16, 16)]), frames=8, min_px=32)
    assert (small.width, small.n_frames, small.frames_limit) == (16, 1, None)


@pytest.mark.parametrize("data", [b"\x00\x00\x01\x00", b"\x00\x00\x01\x00\x05\x00" + b"\xff" * 20,
                                  ico_holding(b"\x89PNG\r\n\x1a\n")])
def test_a_broken_icon_is_a_decode_error(data: bytes) -> None:
    with pytest.raises(DecodeError):
        decode(data)


# ------------------------------------------------------------------ JPEG without its end marker
@pytest.mark.parametrize("progressive", [False, True])
def test_a_jpeg_missing_only_its_end_marker_is_decoded_whole(photo: Image.Image, progressive: bool) -> None:
    data = encode(photo, "JPEG", progressive=progressive)
    assert data.endswith(b"\xff\xd9")
    decoded = decode(data[:-2])
    assert decoded.image.tobytes() == decode(data).image.tobytes()
    assert complete_jpeg(data[:-2]) == data and complete_jpeg(data) is None


@pytest.mark.parametrize("progressive", [False, True])
@pytest.mark.parametrize("cut", [100, 3000])
def test_a_jpeg_cut_inside_its_picture_data_stays_an_error(photo: Image.Image, progressive: bool, cut: int) -> None:
    data = encode(photo, "JPEG", progressive=progressive)[:-cut]
    assert complete_jpeg(data) is None
    with pytest.raises(DecodeError, match="truncated"):
        decode(data)


def test_coffee_without_its_end_marker_is_read() -> None:
    data = (IMAGES / "no_faces" / "coffee.jpg").read_bytes()
    assert decode(data[:-2]).width == decode(data).width


# ------------------------------------------------------------------ JPEG picture data that breaks off
def portrait_below_a_blank(photo: Image.Image) -> bytes:
    """A JPEG whose upper half is blank and whose lower half is a portrait (what a break in
    the picture data above the face hides)."""
    canvas = Image.new("RGB", (photo.width, photo.height * 2), "white")
    canvas.paste(photo, (0, photo.height))
    return encode(canvas, "JPEG", quality=90)


def picture_data_at(data: bytes, fraction: float) -> int:
    """The byte `fraction` of the way through the scan's picture data."""
    start = data.index(b"\xff\xda")
    return start + int((len(data) - start) * fraction)


@pytest.mark.parametrize("code", [0xFE, 0xE1, 0xC0, 0x01])
@pytest.mark.parametrize("rest", ["kept, cut at 60%", "lost"])
def test_picture_data_broken_off_at_a_stray_marker_is_damaged_not_a_grey_picture(
        photo: Image.Image, code: int, rest: str) -> None:
    """libjpeg ends the scan at the stray marker quietly and fills the rest grey, so Pillow
    reads such a file without an error and the portrait below the break went unseen."""
    data = portrait_below_a_blank(photo)
    at, cut = picture_data_at(data, 0.3), picture_data_at(data, 0.6)
    damaged = data[:at] + bytes((0xFF, code)) + (data[at:cut] if rest.startswith("kept") else b"")
    assert jpeg_damage(damaged) and complete_jpeg(damaged) is None
    broken_off = f"damaged JPEG image: the picture data breaks off at a marker FF {code:02X} at byte {at}"
    with pytest.raises(DecodeError, match=broken_off):
        decode(damaged)


def test_a_marker_that_may_follow_picture_data_must_be_followed_by_the_next_marker(photo: Image.Image) -> None:
    """A stray comment marker whose 'length' fits in the file still ends among picture bytes."""
    data = portrait_below_a_blank(photo)
    at = picture_data_at(data, 0.3)
    damaged = data[:at] + b"\xff\xfe\x00\x10" + data[at:]
    assert jpeg_damage(damaged) == f"bytes that are no marker at byte {at + 18}, after the FF FE segment at byte {at}"
    with pytest.raises(DecodeError, match="damaged JPEG image"):
        decode(damaged)


@pytest.mark.parametrize("options", [
    {}, {"progressive": True}, {"optimize": True, "quality": 100, "subsampling": 0}, {"restart_marker_blocks": 1},
    {"restart_marker_rows": 2, "progressive": True}, {"comment": b"\xff\xd9\xff\xda in a comment"},
], ids=str)
@pytest.mark.parametrize("mode", ["RGB", "L", "CMYK"])
def test_well_formed_jpegs_are_not_damaged(photo: Image.Image, options: dict, mode: str) -> None:
    data = encode(photo.convert(mode), "JPEG", **options)
    assert jpeg_damage(data) is None and jpeg_damage(data[:-2]) is None
    assert decode(data).width == photo.width and complete_jpeg(data[:-2]) == data


def test_thumbnails_and_header_quirks_libjpeg_accepts_are_not_damage(photo: Image.Image) -> None:
    """A JPEG thumbnail inside EXIF (its own markers, in a segment) and a header segment whose
    length says under 2 (libjpeg reads on) decode as they always did."""
    exif = Image.Exif()
    exif[0x0112] = 6
    with_thumbnail = encode(photo, "JPEG", exif=exif.tobytes() + encode(photo.resize((64, 64)), "JPEG"))
    lying = b"\xff\xd8\xff\xef\x00\x01" + encode(photo, "JPEG")[2:]
    mpo = encode(photo, "MPO", save_all=True, append_images=[photo.rotate(90)])
    for data in (with_thumbnail, lying, mpo):
        assert jpeg_damage(data) is None
        decode(data)


def test_the_picture_data_is_searched_at_the_speed_of_a_bytes_search() -> None:
    """One C-level search per scan, not a Python step per byte: 8 MB of picture data (more than
    a 12-megapixel photo holds), a stuffed FF in every 4 bytes, in ~5 ms (0.5 s allowed on a loaded machine)."""
    import time

    data = b"\xff\xd8\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + b"\x12\x34\xff\x00" * 2_000_000 + b"\xff\xd9"
    start = time.perf_counter()
    assert jpeg_damage(data) is None
    assert time.perf_counter() - start < 0.5  # (~5 ms; a step per byte took seconds)


def test_a_damaged_jpeg_cut_in_half_is_not_taken_for_one_missing_only_its_end_marker() -> None:
    """Two changed bytes in the picture data, then cut at half (a fuzzer's find): padded with
    64 bytes, the padding filled only the cut block's high frequencies, which the half-scale
    comparison does not see, so the grey lower half was judged as a whole picture."""
    with Image.open(IMAGES / "faces" / "luispedro.jpg") as img:
        data = bytearray(encode(img.convert("RGB").resize((200, 251)), "JPEG")[:4310])
    data[802], data[933] = 191, 133
    assert complete_jpeg(bytes(data)) is None
    with pytest.raises(DecodeError, match="truncated"):
        decode(bytes(data))


@pytest.mark.parametrize("where", ["before a restart marker", "inside a restart marker", "after an FF byte"])
def test_a_jpeg_cut_where_the_padding_test_was_blind_stays_an_error(photo: Image.Image, where: str) -> None:
    """Cut where a restart interval ends, the padding was skipped as junk before the next
    marker; cut after an FF, padding and FF read as a marker that stopped the decoder."""
    data = encode(photo, "JPEG", restart_marker_blocks=4)
    middle = picture_data_at(data, 0.5)
    if where == "after an FF byte":
        cut = data.index(b"\xff\x00", middle) + 1
    else:
        restart = re.compile(rb"\xff[\xd0-\xd7]").search(data, middle)
        assert restart is not None
        cut = restart.start() + (where == "inside a restart marker")
    assert complete_jpeg(data[:cut]) is None
    with pytest.raises(DecodeError, match="truncated"):
        decode(data[:cut])


# ------------------------------------------------------------------ animations: a bounded cost
def many_frame_gif(count: int) -> bytes:
    """A GIF of `count` 4x4 frames, alternating black and white (written block by block:
    Pillow's writer would take minutes)."""
    black, white = Image.new("P", (4, 4), 0), Image.new("P", (4, 4), 1)
    for img in (black, white):
        img.putpalette([0, 0, 0, 255, 255, 255] + [0] * 762)
    three = encode(black, "GIF", save_all=True, append_images=[white, black], duration=10)
    first = three.index(b"\x21\xf9")
    return three[:first] + three[first:-1] * (count // 3) + b"\x3b"


def test_a_gif_of_a_hundred_thousand_frames_is_counted_and_sampled_quickly() -> None:
    import time

    data = many_frame_gif(99_999)  # 3.8 MB; Pillow's own count and seek took 6 s on this
    start = time.perf_counter()
    decoded = decode(data, frames=8)
    assert time.perf_counter() - start < 1.5
    # 8 spread over the frames reached (a plain white frame after a black one is the same scene lit: it
    # shows nothing a face could be in)
    assert decoded.n_frames == MAX_FRAME_COUNT + 1 and len(decoded.frames) == 8
    assert decoded.frames_limit == f"frames after {MAX_FRAME_WALK} were not reached (at most {MAX_FRAME_WALK} frames are decoded)"


def test_frames_are_counted_from_the_file_s_own_structure() -> None:
    assert count_frames(Image.open(io.BytesIO(many_frame_gif(300))), many_frame_gif(300)) == 300
    frames = [Image.new("RGB", (8, 8), (k * 40, 0, 0)) for k in range(5)]
    for fmt in ("PNG", "TIFF", "WEBP"):
        data = encode(frames[0], fmt, save_all=True, append_images=frames[1:])
        with Image.open(io.BytesIO(data)) as img:
            assert count_frames(img, data) == 5, fmt


def test_a_multi_page_bigtiff_is_counted_and_sampled_like_a_tiff() -> None:
    """A BigTIFF's directories have 8-byte offsets: left uncounted, its later pages were never
    looked at and the picture was an incomplete judgement (blocked under fail-closed)."""
    pages = [Image.new("RGB", (8, 8), (k * 40, 0, 0)) for k in range(5)]
    data = encode(pages[0], "TIFF", save_all=True, append_images=pages[1:], big_tiff=True)
    assert data[:4] == b"II+\x00"
    with Image.open(io.BytesIO(data)) as img:
        assert count_frames(img, data) == 5
    decoded = decode(data, frames=8)
    assert decoded.n_frames == 5 and len(decoded.frames) == 4 and not decoded.frames_unread


def test_an_apng_s_still_fallback_counts_as_the_frame_pillow_numbers_it() -> None:
    """A fallback image outside the animation (IDAT before the first fcTL) is Pillow's frame 0,
    so the frames are one more than the fcTL chunks and the sample reaches the last one."""
    fallback = Image.new("RGB", (8, 8), (0, 0, 0))
    animation = [Image.new("RGB", (8, 8), (0, 0, 40 * k)) for k in (1, 2, 3)]
    data = encode(fallback, "PNG", save_all=True, append_images=animation, default_image=True)
    assert data.count(b"fcTL") == 3 and data.index(b"IDAT") < data.index(b"fcTL")
    with Image.open(io.BytesIO(data)) as img:
        assert count_frames(img, data) == 4 == img.n_frames
    decoded = decode(data, frames=8)
    assert decoded.n_frames == 4 and [f.getpixel((2, 2)) for f in decoded.frames] == [(0, 0, 40), (0, 0, 80), (0, 0, 120)]


def test_an_apng_claiming_a_million_frames_still_has_its_second_frame_read() -> None:
    face_free, second = Image.new("RGB", (40, 30), (200, 200, 200)), Image.new("RGB", (40, 30), (0, 0, 255))
    data = bytearray(encode(face_free, "PNG", save_all=True, append_images=[second]))
    actl = data.index(b"acTL")
    struct.pack_into(">I", data, actl + 4, 1_000_000)
    struct.pack_into(">I", data, actl + 12, zlib.crc32(bytes(data[actl:actl + 12])))
    decoded = decode(bytes(data), frames=8)
    assert decoded.n_frames == 2 and [f.getpixel((5, 5)) for f in decoded.frames] == [(0, 0, 255)]


def test_a_png_broken_near_its_end_is_an_error_not_a_half_picture() -> None:
    with Image.open(IMAGES / "faces" / "grace_hopper.jpg") as img:
        data = bytearray(encode(img.convert("RGB"), "PNG"))
    data[data.index(b"IEND") - 400] ^= 0xFF  # (getexif() used to swallow the failed load)
    with pytest.raises(OSError), Image.open(io.BytesIO(bytes(data))) as broken:
        broken.load()  # Pillow itself cannot read it
    with pytest.raises(DecodeError, match="corrupt or truncated PNG"):
        decode(bytes(data))


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_png_with_a_text_chunk_pillow_refuses_is_decoded_without_it(photo: Image.Image, where: str) -> None:
    """Pillow refuses a whole PNG over a text chunk past its 1 MB limit (at open, or as the
    pixels load when it follows them); browsers show the picture, which is judged."""
    png = encode(photo, "PNG")
    data = with_bloated_text(png, where)
    with pytest.raises(ValueError, match="MAX_TEXT_CHUNK"), Image.open(io.BytesIO(data)) as img:
        img.load()
    assert decode(data).image.tobytes() == decode(png).image.tobytes()


def test_what_follows_a_png_read_without_its_refused_text_chunk_is_still_found(photo: Image.Image) -> None:
    """(Review: the copy without the chunk is what was decoded, and what followed the original's IEND, an
    appended picture, went unsearched: a portrait after it was allowed.)"""
    appended = encode(photo, "JPEG")
    data = with_bloated_text(encode(photo, "PNG"), "after") + appended
    decoded = decode(data)
    assert decoded.trailing and decoded.trailing_at == len(data) - len(appended)


def with_gamma(png: bytes, gamma: float, *, srgb: bool = False) -> bytes:
    """`png` with a gAMA chunk of `gamma` and a cHRM of the sRGB primaries (and an sRGB chunk) after its header."""
    chrm = struct.pack(">8I", 31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000)
    extra = png_chunk(b"gAMA", struct.pack(">I", round(gamma * 100_000))) + png_chunk(b"cHRM", chrm)
    return png[:33] + extra + (png_chunk(b"sRGB", b"\x00") if srgb else b"") + png[33:]


def test_a_png_is_shown_through_its_gamma_where_that_changes_what_a_viewer_sees(photo: Image.Image) -> None:
    """A viewer applies a PNG's gAMA (Firefox; Chromium with its cHRM): levels 0-3 under a file gamma
    of 8 show as 0-198, and the detector saw them as stored, black (review). As with an ICC profile,
    the managed view is kept only where it changes the picture; a gamma of 1/2.2 (what most PNGs
    that have one say), and a PNG whose sRGB chunk rules instead, make none."""
    stored = photo.convert("L").point(lambda v: round(3 * v / 255))
    managed = decode(with_gamma(encode(stored, "PNG"), 8.0), target=640, hidden=True).managed
    assert managed is not None and managed.getextrema()[0][1] >= 190
    assert decode(with_gamma(encode(photo, "PNG"), 1 / 2.2), target=640, hidden=True).managed is None
    assert decode(with_gamma(encode(stored, "PNG"), 8.0, srgb=True), target=640, hidden=True).managed is None
    # (a gamma of 0.5 moves a level by 9 at most: no copy made)
    assert decode(with_gamma(encode(photo, "PNG"), 0.5), target=640, hidden=True).managed is None


def test_a_png_with_an_icc_profile_pillow_refuses_is_decoded_without_it(photo: Image.Image) -> None:
    """Pillow refuses a whole PNG over an ICC profile that decompresses past 1 MB (a large
    LUT-based print or calibration profile) as over a text chunk: the portrait was an error,
    blocked under fail-closed, though browsers show it. Its redaction reads it the same way."""
    from scrapeguard.detect.redact import blur_faces

    png = encode(photo, "PNG")
    profile = b"\x00" * 16 + b"RGB " + bytes(1_500_000)
    body = b"big lut profile\x00\x00" + zlib.compress(profile, 9)
    at = png.index(b"IDAT") - 4
    data = png[:at] + png_chunk(b"iCCP", body) + png[at:]
    with pytest.raises(ValueError, match="MAX_TEXT_CHUNK"), Image.open(io.BytesIO(data)):
        pass
    assert decode(data).image.tobytes() == decode(png).image.tobytes()
    assert Image.open(io.BytesIO(blur_faces(data, []))).size == photo.size


def test_a_png_with_a_wrong_ancillary_checksum_is_decoded_without_that_chunk(photo: Image.Image) -> None:
    """Pillow refuses a whole PNG over one ancillary chunk's wrong checksum (a text edited by a
    naive tool), where libpng, and so a browser, drops the chunk and shows the picture: it was
    'not a recognised raster image', blocked under fail-closed. A critical chunk's stays an error."""
    png = encode(photo, "PNG")
    at = png.index(b"IDAT") - 4
    text = png_chunk(b"tEXt", b"Comment\x00hello")
    data = png[:at] + text[:-4] + bytes(b ^ 0xFF for b in text[-4:]) + png[at:]
    assert decode(data).image.tobytes() == decode(png).image.tobytes()
    broken = bytearray(png)
    broken[png.index(b"IHDR") + 4 + 13] ^= 0xFF  # the header's own checksum
    with pytest.raises(DecodeError, match="not a recognised raster image"):
        decode(bytes(broken))


@pytest.mark.parametrize("before", ["a frame control of 1x1", "a blank frame's data"])
def test_a_still_png_is_decoded_as_libpng_shows_it_without_its_frame_chunks(photo: Image.Image, before: str) -> None:
    """A PNG without an acTL is no animation: libpng and browsers show its image data whole and
    skip its frame chunks. Pillow took a frame control before the image data as the picture's
    frame (one of 1x1 showed one pixel of it) and frame data there as the picture itself (a blank
    frame before a portrait): faces were looked for in what no viewer shows."""
    png = encode(photo, "PNG")
    at = png.index(b"IDAT") - 4
    width, height = (1, 1) if before.startswith("a frame control") else photo.size
    control = png_chunk(b"fcTL", struct.pack(">IIIIIHHBB", 0, width, height, 0, 0, 1, 10, 0, 0))
    blank = b"".join(b"\x00" + bytes(3 * photo.width) for _ in range(photo.height))
    frame = png_chunk(b"fdAT", struct.pack(">I", 1) + zlib.compress(blank)) if before.endswith("data") else b""
    data = png[:at] + control + frame + png[at:]
    with Image.open(io.BytesIO(data)) as shown:  # (what Pillow makes of it alone)
        assert shown.convert("RGB").tobytes() != photo.convert("RGB").tobytes()
    decoded = decode(data)
    assert decoded.image.size == photo.size and decoded.image.tobytes() == decode(png).image.tobytes()
    assert png_without_still_frames(png) is None and png_without_still_frames(data) == png
    animated = encode(photo, "PNG", save_all=True, append_images=[photo.rotate(90)])
    assert png_without_still_frames(animated) is None  # (an APNG's frames are its own)


@pytest.mark.parametrize("where", ["an acTL after the image data", "an acTL of no frames", "a chunk walk at its bound"])
def test_a_png_that_is_no_animation_is_decoded_without_its_frame_chunks_however_it_says_so(
        photo: Image.Image, where: str) -> None:
    """libpng reads an acTL before the image data alone, and Pillow takes one of no frames for no
    animation: a 1x1 frame control before the image data is no frame there either. And the walk
    that finds the frame chunks goes as far as the one that bounds a PNG's chunks: a stub after
    the most whole chunks a PNG may hold made it stop short, and Pillow was handed them again."""
    from scrapeguard.detect.image_structure import MAX_PNG_CHUNKS, png_end

    png = encode(photo, "PNG")
    at = png.index(b"IDAT") - 4
    tail = png.rindex(b"IEND") - 4
    control = png_chunk(b"fcTL", struct.pack(">IIIIIHHBB", 0, 1, 1, 0, 0, 1, 10, 0, 0))
    if where == "an acTL after the image data":
        data = png[:at] + control + png[at:tail] + png_chunk(b"acTL", struct.pack(">II", 1, 0)) + png[tail:]
    elif where == "an acTL of no frames":
        data = png[:at] + png_chunk(b"acTL", struct.pack(">II", 0, 0)) + control + png[at:]
    else:  # (one whole chunk fewer than a PNG may hold, then a stub of 8 bytes: no IEND)
        data = png[:at] + control + png[at:tail]
        data += png_chunk(b"tEXt", b"") * (MAX_PNG_CHUNKS - 1 - len(png_parts(data))) + b"\x00\x00\x00\x00tEXt"
        assert len(png_parts(data)) == MAX_PNG_CHUNKS - 1 and png_end(data) == 0  # (the file ends first)
    with Image.open(io.BytesIO(data)) as shown:
        assert shown.convert("RGB").tobytes() != photo.convert("RGB").tobytes()
    assert decode(data).image.tobytes() == decode(png).image.tobytes()


def test_text_chunks_past_pillows_text_memory_are_dropped_without_being_inflated(
        photo: Image.Image, monkeypatch: pytest.MonkeyPatch) -> None:
    """Thousands of small zTXt chunks that each inflate to almost 1 MB cost seconds of CPU per
    picture when each was weighed; past Pillow's MAX_TEXT_MEMORY the rest are dropped unread."""
    import scrapeguard.detect.decode as decode_mod
    from PIL import PngImagePlugin

    inflated = []
    weigh = decode_mod._png_text_size
    monkeypatch.setattr(decode_mod, "_png_text_size", lambda kind, body: inflated.append(1) or weigh(kind, body))
    size = PngImagePlugin.MAX_TEXT_CHUNK - 1024
    chunk = png_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"a" * size, 9))
    png = encode(photo.resize((64, 64)), "PNG")
    at = png.index(b"IDAT") - 4
    data = png[:at] + chunk * 200 + png[at:]
    assert decode(data).image.size == (64, 64)
    assert 0 < len(inflated) <= PngImagePlugin.MAX_TEXT_MEMORY // size + 2


def test_the_second_frame_is_reached_even_when_one_frame_uses_up_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """A large two-frame animation showed its face in frame 2 unjudged: the budget ran out on frame 1."""
    import scrapeguard.detect.decode as decode_mod

    monkeypatch.setattr(decode_mod, "FRAME_PIXEL_BUDGET", 20 * 20 - 1)  # less than one frame
    two = gif([Image.new("RGB", (20, 20), (255, 0, 0)), Image.new("RGB", (20, 20), (0, 0, 255))])
    decoded = decode(two, frames=8)
    assert len(decoded.frames) == 1 and decoded.frames[0].getpixel((5, 5))[2] > 200 and decoded.frames_limit is None
    three = gif([Image.new("RGB", (20, 20), (k * 100, 0, 0)) for k in range(3)])
    assert decode(three, frames=8).frames_limit == (
        "frames after 2 were not reached within the 399-pixel decoding budget (each frame is 20x20)")


def test_sampled_frames_are_shrunk_to_the_side_the_caller_uses() -> None:
    """Eight full-size frames of a large animation were held in memory for a detector that reads 640 px."""
    frames = [Image.new("RGB", (800, 400), (k * 80, 0, 0)) for k in range(3)]
    decoded = decode(gif(frames), frames=8, target=200)
    assert [f.size for f in decoded.frames] == [(200, 100), (200, 100)]
    assert (decoded.width, decoded.height) == (800, 400)
    assert [f.size for f in decode(gif(frames), frames=8).frames] == [(800, 400), (800, 400)]  # no target: full size


# ------------------------------------------------------------------ frames of their own size
def test_a_later_frame_over_the_pixel_cap_is_not_decoded_and_the_sample_says_so() -> None:
    """A 60 KB GIF with a 16x16 first frame and a 9000x9000 second one took 1.1 GB: the pixel cap
    was checked against the first frame only. A later page of a TIFF is checked the same way."""
    small, large = Image.new("RGB", (16, 16), (255, 0, 0)), Image.new("RGB", (400, 300), (0, 0, 255))
    tiff = io.BytesIO()
    small.save(tiff, format="TIFF", save_all=True, append_images=[large])
    for data in (gif_with_a_frame_past_its_screen(small, large), tiff.getvalue()):
        decoded = decode(data, frames=8, max_pixels=100_000)
        assert decoded.frames == [] and decoded.frames_unread
        assert decoded.frames_limit == ("frame 2 is 400x300 = 120000 pixels, over the 100000-pixel cap (decompression "
                                        "bomb guard); it and the frames after it were not read")
        assert len(decode(data, frames=8).frames) == 1  # under the cap: read


def test_a_later_frame_with_a_side_past_what_web_formats_declare_is_not_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    """As the first frame is refused, a later one is not read: its rows cost seconds whatever its pixels."""
    import scrapeguard.detect.decode as decode_module

    monkeypatch.setattr(decode_module, "MAX_SIDE_PX", 300)
    small, long = Image.new("RGB", (16, 16), (255, 0, 0)), Image.new("RGB", (400, 2), (0, 0, 255))
    tiff = io.BytesIO()
    small.save(tiff, format="TIFF", save_all=True, append_images=[long])
    for data in (gif_with_a_frame_past_its_screen(small, long), tiff.getvalue()):
        decoded = decode(data, frames=8)
        assert decoded.frames == [] and decoded.frames_unread
        assert decoded.frames_limit is not None and decoded.frames_limit.startswith("frame 2 is 400x")
        assert "a side past 300" in decoded.frames_limit


def test_frames_larger_than_the_first_are_counted_at_their_own_size_against_the_budget(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The budget was divided by the first frame's size: a tiny first frame let every later, large
    one be decoded (a thousand frames under the cap each, minutes of decoding)."""
    import scrapeguard.detect.decode as decode_mod

    monkeypatch.setattr(decode_mod, "FRAME_PIXEL_BUDGET", 50_000)
    monkeypatch.setattr(decode_mod, "PAGE_PIXEL_BUDGET", 50_000)
    pages = [Image.new("RGB", (10, 10))] + [Image.new("RGB", (200, 100), (k * 60, 0, 0)) for k in range(1, 4)]
    buffer = io.BytesIO()
    pages[0].save(buffer, format="TIFF", save_all=True, append_images=pages[1:])
    decoded = decode(buffer.getvalue(), frames=8)
    # pages 2 and 3: 40,100 pixels with the first; a document's page left unread is an incomplete judgement
    assert len(decoded.frames) == 2 and decoded.frames_unread
    assert decoded.frames_limit == ("pages larger than the first (10x10; page 4 is 200x100) used up the 50000-pixel "
                                    "decoding budget: page 4 and those after it were not reached")


def test_each_sampled_frame_carries_its_own_upright_size() -> None:
    """A face on a TIFF's larger second page was mapped back by the first page's width: shrunk
    under the policy's face_min_px and dropped. Each frame's own size is what its boxes map to."""
    pages = [Image.new("RGB", (100, 100)), Image.new("RGB", (1000, 800)), Image.new("RGB", (300, 600))]
    buffer = io.BytesIO()
    pages[0].save(buffer, format="TIFF", save_all=True, append_images=pages[1:])
    decoded = decode(buffer.getvalue(), frames=8, target=640)
    assert (decoded.width, decoded.height) == (100, 100)
    assert decoded.frame_sizes == [(1000, 800), (300, 600)]
    assert [f.size for f in decoded.frames] == [(640, 512), (300, 600)]


# ------------------------------------------------------------------ the colour under transparency
def anti_aliased_logo() -> Image.Image:
    """A rounded badge with soft edges in straight alpha, as editors export it: the faint edge
    pixels (alpha 1..15) keep the badge's colour, the fully transparent ones are black."""
    from PIL import ImageDraw, ImageFilter

    shape = Image.new("L", (480, 160), 0)
    ImageDraw.Draw(shape).rounded_rectangle((20, 20, 460, 140), radius=40, fill=255)
    alpha = shape.filter(ImageFilter.GaussianBlur(2))
    colour = alpha.point(lambda a: 255 if a > 0 else 0)
    return Image.merge("RGBA", (colour, colour, colour, alpha))


def cut_out(size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A photo-like subject in an ellipse on a flat transparent fill (0, 0, 0, 0)."""
    from PIL import ImageDraw

    picture = Image.new("RGBA", size, (0, 0, 0, 0))
    mask = Image.new("L", size, 0)
    w, h = size
    ImageDraw.Draw(mask).ellipse((w // 4, h // 6, 3 * w // 4, 5 * h // 6), fill=255)
    picture.paste(Image.effect_noise((w // 8, h // 8), 60).resize(size).convert("RGB"), (0, 0), mask)
    return picture


def reopened(picture: Image.Image, fmt: str, **options: object) -> Image.Image:
    img = Image.open(io.BytesIO(encode(picture, fmt, **options)))
    img.load()
    return img


def test_soft_edges_and_lossy_smoothing_at_the_edge_of_transparency_are_no_hidden_picture() -> None:
    """An anti-aliased logo (its faint edge pixels keep their colour) and a cut-out saved as lossy
    WebP (libwebp smooths the colour under alpha 0 near the subject's edge) were taken for a
    picture hidden under the transparency: a second detector run and a false audit note. Only
    the colour well inside the transparent area tells a hidden picture from a transparent fill."""
    from scrapeguard.detect.decode import hidden_colour

    assert hidden_colour(reopened(anti_aliased_logo(), "PNG")) is None
    assert hidden_colour(reopened(cut_out(), "WEBP", quality=80)) is None
    assert hidden_colour(reopened(cut_out((2000, 1500)), "WEBP", quality=75)) is None


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_a_photo_kept_under_transparent_pixels_is_the_hidden_colour(photo: Image.Image, fmt: str) -> None:
    from scrapeguard.detect.decode import hidden_colour

    hidden = photo.convert("RGBA")
    hidden.putalpha(0)
    options = {"lossless": True, "exact": True} if fmt == "WEBP" else {}
    found = hidden_colour(reopened(hidden, fmt, **options))
    assert found is not None and found.mode == "RGB" and found.tobytes() == photo.tobytes()
    cut = hidden.copy()  # a visible badge in a corner: the rest of the photo still under alpha 0
    cut.alpha_composite(Image.new("RGBA", (60, 60), (200, 30, 30, 255)))
    assert hidden_colour(reopened(cut, fmt, **options)) is not None


def test_the_colour_under_transparency_is_kept_only_when_asked_and_at_the_target_size(
        photo: Image.Image, monkeypatch: pytest.MonkeyPatch) -> None:
    """It was computed at full size in every decoding of a picture with alpha (0.6-1 s and 170 MB
    for a 42-Mpx cut-out), the perceptual hash's and the tile pass's too, which never look there:
    only a face analysis asks for it (`hidden=True`), and gets it no larger than its target side."""
    import scrapeguard.detect.decode as decode_mod
    from scrapeguard.audit.phash import dhash

    hidden = photo.resize((1600, 1200)).convert("RGBA")
    hidden.putalpha(0)
    data = encode(hidden, "PNG")
    assert decode(data, target=640).hidden is None
    kept = decode(data, target=640, hidden=True).hidden
    assert kept is not None and kept.mode == "RGB" and kept.size == (640, 480)
    calls: list[tuple[int, int]] = []
    real = decode_mod.hidden_colour
    monkeypatch.setattr(decode_mod, "hidden_colour", lambda img, **kw: calls.append(img.size) or real(img, **kw))
    dhash(data)  # (of the picture as shown: white)
    assert calls == []


@pytest.mark.parametrize("alpha", [255, 0])
def test_an_opaque_or_flat_transparent_picture_is_judged_without_a_full_size_copy(
        alpha: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """An opaque RGBA (a screenshot, an export) or a flat transparent fill was converted whole,
    twice, to find nothing: it is judged on a copy of at most HIDDEN_CHECK_SIDE pixels."""
    from scrapeguard.detect.decode import HIDDEN_CHECK_SIDE, hidden_colour

    picture = Image.new("RGBA", (3000, 2000), (20, 40, 60, alpha))
    copies: list[tuple[int, int]] = []
    for name in ("convert", "getchannel", "copy", "split"):
        real = getattr(Image.Image, name)
        monkeypatch.setattr(Image.Image, name, lambda self, *a, _real=real, **kw: copies.append(self.size) or
                            _real(self, *a, **kw))
    assert hidden_colour(picture) is None
    assert copies and max(max(size) for size in copies) <= HIDDEN_CHECK_SIDE, copies


def test_a_multi_page_tiff_is_sought_straight_to_its_sampled_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stepping through every page (f007567) made a 1,000-page TIFF of small pages 4-7x slower
    to decode: a TIFF finds a page by its offset and decodes only that one, so only the sampled
    pages are sought and checked; a GIF, which draws every frame on the way, is still stepped.
    Every page is a picture of its own: up to 33 are analysed (a photo on a page between the eight
    sampled passed unseen, allowed: review); fewer than half of them, an incomplete judgement."""
    from PIL import GifImagePlugin, TiffImagePlugin

    sought: list[int] = []
    for plugin in (TiffImagePlugin.TiffImageFile, GifImagePlugin.GifImageFile):
        real = plugin.seek
        monkeypatch.setattr(plugin, "seek", lambda self, frame, _real=real: sought.append(frame) or _real(self, frame))
    pages = [Image.new("RGB", (16, 16), (k, 0, 0)) for k in range(100)]
    buffer = io.BytesIO()
    pages[0].save(buffer, format="TIFF", save_all=True, append_images=pages[1:])
    decoded = decode(buffer.getvalue(), frames=8)
    assert len(decoded.frames) == 32 and decoded.frames_unread
    assert decoded.frames_limit == "pages after 33 were not analysed (at most 33 are)"
    sampled = list(range(1, 33))  # (the first 33 pages: none skipped between those analysed, as the note says)
    assert sorted(set(sought) - {0}) == sampled, sought
    assert [f.getpixel((0, 0))[0] for f in decoded.frames] == sampled
    sought.clear()
    decode(gif(pages[:20]), frames=8)
    assert sorted(set(sought) - {0}) == list(range(1, 20))


def test_a_sampled_tiff_page_over_the_pixel_cap_is_not_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sought straight to, a page is still checked against the pixel cap before it is loaded."""
    from PIL import TiffImagePlugin

    loaded: list[tuple[int, int]] = []
    real = TiffImagePlugin.TiffImageFile.load
    monkeypatch.setattr(TiffImagePlugin.TiffImageFile, "load", lambda self: loaded.append(self.size) or real(self))
    pages = [Image.new("RGB", (16, 16))] * 19 + [Image.new("RGB", (400, 300), (0, 0, 255))]
    buffer = io.BytesIO()
    pages[0].save(buffer, format="TIFF", save_all=True, append_images=pages[1:])
    decoded = decode(buffer.getvalue(), frames=8, max_pixels=100_000)
    assert decoded.frames_unread and len(decoded.frames) == 18 and (400, 300) not in loaded  # (every page before)
    assert decoded.frames_limit == ("frame 20 is 400x300 = 120000 pixels, over the 100000-pixel cap (decompression "
                                    "bomb guard); it and the frames after it were not read")


@pytest.mark.parametrize("padding", [b"\xff", b"\x00"], ids=["fill bytes", "junk"])
def test_a_jpeg_header_padded_with_megabytes_between_its_segments_is_refused_at_once(
        photo: Image.Image, padding: bytes) -> None:
    """libjpeg skips fill bytes and junk between header segments, and so does Pillow, one byte at
    a time in Python: 5 MB of them took 3.7 s to open (64 MB, the byte cap: most of a minute),
    every time the picture was opened (its analysis, its redaction). A few stay readable."""
    import time

    data = encode(photo, "JPEG")
    at = data.index(b"\xff\xdb")  # (before the quantisation tables)
    assert decode(data[:at] + padding * 100 + data[at:]).image.tobytes() == decode(data).image.tobytes()
    start = time.perf_counter()
    with pytest.raises(DecodeError, match="bytes of fill or junk between its header segments"):
        decode(data[:at] + padding * 5_000_000 + data[at:])
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("where", ["before the picture data", "in it", "after it"])
def test_a_png_of_more_chunks_than_are_walked_is_refused_at_once(where: str) -> None:
    """Pillow reads a PNG chunk by chunk in Python (~9 us each, its checksum checked): a million
    empty chunks, 12 MB, took 8-9 s to analyse wherever they stood (64 MB, the byte cap: most
    of a minute), and as long again to redact."""
    import time

    from scrapeguard.detect.image_structure import MAX_PNG_CHUNKS

    png = encode(Image.new("RGB", (64, 64), (20, 40, 60)), "PNG")
    at = png.index(b"IEND" if where == "after it" else b"IDAT") - 4
    filler = png_chunk(b"IDAT" if where == "in it" else b"abCd", b"")
    assert decode(png[:at] + filler * 1000 + png[at:]).image.tobytes() == decode(png).image.tobytes()
    start = time.perf_counter()
    with pytest.raises(DecodeError, match=f"more than {MAX_PNG_CHUNKS} chunks"):
        decode(png[:at] + filler * 1_000_000 + png[at:])
    assert time.perf_counter() - start < 1.0


def test_a_gif_of_millions_of_one_byte_blocks_is_refused_at_once() -> None:
    """Pillow reads a GIF's extension blocks one data block at a time in Python: a comment in
    3 million one-byte blocks, 6 MB, took 2 s to analyse (64 MB, the byte cap: ~20 s)."""
    import time

    gif = encode(Image.new("P", (64, 64), 1), "GIF")
    at = gif.index(b"\x2c")  # (the image descriptor)
    comment = b"\x21\xfe" + b"\x01x" * 1000 + b"\x00"
    assert decode(gif[:at] + comment + gif[at:]).image.tobytes() == decode(gif).image.tobytes()
    comment = b"\x21\xfe" + b"\x01x" * 3_000_000 + b"\x00"
    start = time.perf_counter()
    with pytest.raises(DecodeError, match="data blocks"):
        decode(gif[:at] + comment + gif[at:])
    assert time.perf_counter() - start < 1.0


def test_the_frames_after_stray_bytes_between_a_gifs_blocks_are_counted_and_sampled() -> None:
    """Pillow passes over bytes that start no block (nor does it stop there, as a browser does): a
    stray byte before the second frame ended the guard's count at one frame, so the frame after
    it, which Pillow (and any pipeline reading frames with it) shows, was never sampled, and the
    note said "1 of 1 frames analysed"."""
    data = gif([Image.new("RGB", (40, 30), (255, 0, 0)), Image.new("RGB", (40, 30), (0, 0, 255))])
    second = data.index(b"\x21\xf9", data.index(b"\x2c"))  # (the second frame's graphic control extension)
    decoded = decode(data[:second] + b"\x00\x07" + data[second:], frames=8)
    assert decoded.n_frames == 2 and [f.getpixel((5, 5))[2] > 200 for f in decoded.frames] == [True]


def test_a_gif_with_a_long_run_of_stray_bytes_is_refused_at_once() -> None:
    """Pillow reads the bytes between a GIF's blocks one at a time in Python: 4 MB of them took
    0.5 s to decode (64 MB, the byte cap: ~8 s), for each reading of the picture."""
    import time

    gif = encode(Image.new("P", (64, 64), 1), "GIF")
    at = gif.index(b"\x2c")  # (the image descriptor)
    assert decode(gif[:at] + b"\x00" * 1000 + gif[at:]).image.tobytes() == decode(gif).image.tobytes()
    start = time.perf_counter()
    with pytest.raises(DecodeError, match="stray bytes"):
        decode(gif[:at] + b"\x00" * 4_000_000 + gif[at:])
    assert time.perf_counter() - start < 0.2


def test_a_jpeg_header_of_more_segments_than_are_walked_is_refused_before_pillow_reads_them() -> None:
    """Pillow reads a JPEG's header segment by segment in Python, before the walk that refuses
    more than MAX_JPEG_SEGMENTS: 2 million empty comments, 8 MB, took 5.4 s to be refused."""
    import time

    data = encode(Image.new("RGB", (64, 64), (1, 2, 3)), "JPEG")
    at = data.index(b"\xff\xdb")
    start = time.perf_counter()
    with pytest.raises(DecodeError, match="more than 10000 segments"):
        decode(data[:at] + b"\xff\xfe\x00\x02" * 2_000_000 + data[at:])
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("data", [
    b"P6\n#" + b"x" * 5_000_000 + b"\n64 64\n255\n" + bytes(64 * 64 * 3),
    b"P5\n64 64" + b" " * 5_000_000 + b"255\n" + bytes(64 * 64),
    b"P3\n1000 1000\n255\n" + b"255 0 0 " * 1_000_000,
], ids=["a header's comment", "a header's white space", "a plain-text pixmap"])
def test_a_netpbm_file_pillow_reads_character_by_character_is_refused_at_once(data: bytes) -> None:
    """Pillow reads a Netpbm header, and a plain (ASCII) raster, one character at a time in Python:
    5 MB of comment or white space took 2.4-3.5 s, an 8 MB plain pixmap 6.3 s (64 MB: most of a
    minute)."""
    import time

    start = time.perf_counter()
    with pytest.raises(DecodeError, match="Netpbm"):
        decode(data)
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("data", [
    b"P6\n# a comment\n64 64\n255\n" + bytes(64 * 64 * 3),
    b"P4 64 64 " + bytes(8 * 64),
    b"P3\n# small\n2 1\n255\n255 0 0 0 0 255\n",
    b"P1\n2 2\n1 0\n0 1\n",
], ids=["a raw pixmap with a comment", "a raw bitmap", "a plain pixmap", "a plain bitmap"])
def test_ordinary_netpbm_files_are_read(data: bytes) -> None:
    assert decode(data).format == "PPM"


def tiff_of_bloated_pages(pages: int, extra: int) -> bytes:
    """A TIFF of `pages` 1x1 grey pages, each directory holding `extra` meaningless entries."""
    out = bytearray(b"II*\x00" + struct.pack("<I", 8))
    for page in range(pages):
        at = len(out)
        size = 2 + 12 * (9 + extra)
        entries = [(256, 3, 1, 1), (257, 3, 1, 1), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
                   (273, 4, 1, at + size + 4), (277, 3, 1, 1), (278, 3, 1, 1), (279, 4, 1, 1)]
        entries += [(40000 + i, 3, 1, 0) for i in range(extra)]
        following = at + size + 4 + 1 if page < pages - 1 else 0
        out += struct.pack("<H", len(entries)) + b"".join(struct.pack("<HHII", *e) for e in entries)
        out += struct.pack("<I", following) + b"\x80"
    return bytes(out)


def test_a_tiff_ends_at_the_furthest_data_its_directories_name_exif_included() -> None:
    """A TIFF has no end marker: its end is the furthest byte its directories, those they point to
    (an EXIF directory, whose maker note here lies last) and their strips reach. Nothing past it
    is data of its own: bytes appended are (`Decoded.trailing`), the directories' are not."""
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif.get_ifd(0x8769)[0x927C] = b"maker note " * 40
    data = encode(Image.new("RGB", (32, 32), (1, 2, 3)), "TIFF", exif=exif.tobytes())
    assert data.rindex(b"maker note") > data.index(b"Canon") and decode(data).trailing == ""
    appended = decode(data + b"\x07" * 100)
    assert appended.trailing == "100 bytes after the picture's furthest data its directories name, data of unknown kind"
    assert appended.trailing_at == len(data)
    big = encode(Image.new("RGB", (8, 8)), "TIFF", save_all=True, append_images=[Image.new("RGB", (8, 8))] * 2,
                 big_tiff=True)
    # (Pillow pads each BigTIFF page to 16 bytes: the last page's padding is said with what follows it)
    assert decode(big).trailing == "" and len(big) - 16 < decode(big + b"\x07" * 100).trailing_at <= len(big)


@pytest.mark.parametrize("padding", [b"\x00", b"\xff"], ids=["zeros", "fill bytes"])
@pytest.mark.parametrize("appended", ["PNG", "JPEG", "TIFF", "BMP"])
def test_what_follows_padding_after_a_picture_s_end_is_named_and_placed(padding: bytes, appended: str) -> None:
    """The note on what follows a picture's end named only the bytes right after it: past 64 bytes of
    padding another picture was called "data of unknown kind", and nothing said where the data starts
    (a compliance officer looking for it found zeros). It names what follows the padding, and where."""
    shown = encode(Image.new("RGB", (32, 32), (60, 140, 200)), "PNG")
    other = encode(Image.new("RGB", (16, 16), (9, 9, 9)), appended)
    decoded = decode(shown + padding * 100 + other)
    assert decoded.trailing == (f"{100 + len(other)} bytes after the picture's IEND chunk, another {appended} picture "
                                f"(from byte {len(shown) + 100}, past 100 bytes of padding)")
    assert decoded.trailing_at == len(shown)
    junk = decode(shown + padding * 100 + b"\x07" * 100).trailing
    assert junk == f"200 bytes after the picture's IEND chunk, data of unknown kind (from byte {len(shown) + 100}, past " \
                   "100 bytes of padding)"


@pytest.mark.parametrize("appended, kind", [
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "HEIF"),
    (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf", "AVIF"),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "JPEG XL"),
    (b"\xff\x0a\xfa\x7f\x01\x90\x08", "JPEG XL"),
], ids=["heic", "avif", "jpeg-xl-container", "jpeg-xl-codestream"])
def test_a_picture_after_the_end_in_a_format_not_decoded_is_named_as_what_it_is(appended: bytes, kind: str) -> None:
    """An iPhone's HEIC picture after a picture's end was called "another AVIF picture" (any ISO
    BMFF image was), a JPEG XL one "another raster picture": the note a compliance officer reads
    named a format the file does not hold, or none."""
    shown = encode(Image.new("RGB", (32, 32), (60, 140, 200)), "JPEG")
    assert decode(shown + appended + b"\x01" * 200).trailing.endswith(f", another {kind} picture")


@pytest.mark.parametrize("picture", [
    Image.new("1", (13, 7), 1), Image.new("L", (13, 7), 9), Image.new("I;16", (13, 7), 900), Image.new("RGB", (13, 7)),
    Image.new("F", (13, 7)),
], ids=["P4", "P5", "P5-16-bit", "P6", "PFM"])
def test_a_raw_netpbm_picture_ends_after_its_rows(picture: Image.Image) -> None:
    """A raw Netpbm picture has no end marker: it ends after its header and its rows (a bitmap's
    packed eight pixels a byte, a 16-bit or float one's wider samples); what follows is noted."""
    data = encode(picture, "PPM")
    assert decode(data).trailing == "" and decode(data + b"\x07" * 100).trailing_at == len(data)


def tga_with_an_extension_area(between: bytes = b"") -> bytes:
    """A 16x16 TGA 2.0 as GIMP writes one: pixels, a 495-byte extension area, the footer naming it;
    `between`: bytes put between the pixels and the extension area."""
    pixels = encode(Image.new("RGB", (16, 16), (60, 140, 200)), "TGA")[:-26]
    extension = struct.pack("<H", 495) + b"\x00" * 493
    return pixels + between + extension + struct.pack("<II", len(pixels) + len(between), 0) + b"TRUEVISION-XFILE.\x00"


def test_a_tga_ends_after_its_footer_when_its_areas_fill_what_lies_before_it() -> None:
    """A TGA has no end marker: it ends after its pixels, or after a TGA 2.0 footer when the areas
    it names fill the bytes up to it. A picture put before the footer is not hidden by it."""
    whole = tga_with_an_extension_area()
    assert decode(whole).format == "TGA" and decode(whole).trailing == ""
    assert decode(whole + b"\x07" * 100).trailing == ("100 bytes after the picture's pixel data and footer, data of "
                                                     "unknown kind")
    hidden = tga_with_an_extension_area(between=encode(Image.new("RGB", (64, 64)), "JPEG"))
    assert decode(hidden).trailing_at == 18 + 16 * 16 * 3 and "another JPEG picture" in decode(hidden).trailing


def test_the_end_of_a_run_length_tga_of_one_pixel_packets_is_looked_for_in_bounded_time() -> None:
    """A run-length TGA's pixels end where its packets cover them, walked one by one: past
    MAX_TGA_PACKETS its end is not known (no trailing data said), not walked for seconds."""
    import time

    side = 2000  # (4,000,000 one-pixel grey packets, 8 MB)
    data = struct.pack("<BBBHHBHHHHBB", 0, 0, 11, 0, 0, 0, 0, 0, side, side, 8, 0) + b"\x00\x80" * side * side
    start = time.perf_counter()
    assert decode(data).trailing == ""
    assert time.perf_counter() - start < 2.0


def test_a_tiff_whose_pages_hold_too_many_directory_entries_is_refused_at_once() -> None:
    """Pillow loads every directory on the way to a page it seeks, entry by entry in Python
    (~6 us each): 1,000 pages of 5,000 entries each, 60 MB, took 35 s to analyse."""
    import time

    assert decode(tiff_of_bloated_pages(40, 10), frames=8).n_frames == 40
    start = time.perf_counter()
    with pytest.raises(DecodeError, match="directory entries"):
        decode(tiff_of_bloated_pages(40, 5000), frames=8)
    assert time.perf_counter() - start < 1.0


def test_a_progressive_jpeg_of_more_scans_than_its_pixels_allow_is_refused_at_once() -> None:
    """libjpeg goes over every coefficient of the picture once a scan: a 125 kB progressive JPEG of
    4000x4000 whose last scan was repeated 1,000 times took 17 s to decode and 50 s to judge. A real
    one has about 10 scans; past MAX_JPEG_SCAN_PIXELS (scans times pixels) it is refused unread."""
    import time

    from scrapeguard.detect.decode import MAX_JPEG_SCAN_PIXELS

    progressive = encode(Image.new("RGB", (2000, 2000), (120, 130, 140)), "JPEG", progressive=True)
    scans = [m.start() for m in re.finditer(rb"\xff\xda", progressive)]
    end = progressive.rindex(b"\xff\xd9")
    repeated = MAX_JPEG_SCAN_PIXELS // (2000 * 2000) + 1 - len(scans)
    hostile = progressive[:end] + progressive[scans[-1]:end] * repeated + b"\xff\xd9"
    start = time.perf_counter()
    with pytest.raises(DecodeError, match="scans"):
        decode(hostile, target=640)
    assert time.perf_counter() - start < 1.0
    assert decode(progressive, target=640).width == 2000  # (its own 10 scans)


def test_an_mpo_picture_of_more_scans_than_its_pixels_allow_is_not_decoded_and_the_sample_says_so() -> None:
    """An MPO's further pictures are its frames, each a JPEG decoded when sampled: a 220 kB MPO whose
    second 4000x4000 picture repeated its last scan 1,000 times took 30 s to judge."""
    import time

    from scrapeguard.detect.decode import MAX_JPEG_SCAN_PIXELS

    picture = Image.new("RGB", (2000, 2000), (10, 20, 30))
    buffer = io.BytesIO()
    picture.save(buffer, "MPO", save_all=True, append_images=[picture], progressive=True)
    mpo = buffer.getvalue()
    scans = [m.start() for m in re.finditer(rb"\xff\xda", mpo)]
    end = mpo.rindex(b"\xff\xd9")
    hostile = mpo[:end] + mpo[scans[-1]:end] * (MAX_JPEG_SCAN_PIXELS // (2000 * 2000)) + b"\xff\xd9"
    start = time.perf_counter()
    decoded = decode(hostile, target=640, frames=8)
    assert time.perf_counter() - start < 1.5
    assert decoded.frames == [] and decoded.frames_unread
    assert decoded.frames_limit is not None and decoded.frames_limit.startswith("frame 2 is 2000x2000 pixels in ")
    assert len(decode(mpo, target=640, frames=8).frames) == 1  # (its own 10 scans)



@pytest.mark.parametrize(("mode", "fmt", "options"), [
    ("RGB", "PNG", {}), ("P", "PNG", {}), ("L", "PNG", {"bits": 1}), ("I;16", "PNG", {}), ("LA", "PNG", {}),
    ("RGBA", "PNG", {"interlace": 1}), ("RGB", "PNG", {"save_all": True, "append_images": [Image.new("RGB", (64, 48))]}),
    ("RGB", "JPEG", {}), ("RGB", "WEBP", {}), ("P", "GIF", {}), ("RGB", "TIFF", {}),
], ids=["rgb", "palette", "1-bit grey", "16-bit grey", "grey alpha", "interlaced", "APNG", "JPEG", "WebP", "GIF",
        "TIFF"])
def test_decode_metadata_tells_what_decode_tells_of_the_metadata_and_the_end_its_pixels_unread(
        mode: str, fmt: str, options: dict[str, object]) -> None:
    """A picture's metadata (EXIF, IPTC, a PNG's text) and what follows its end, read from its header
    (a PNG's chunks after its picture data from a one-pixel copy): the same as a decode reads them,
    at the cost of its header (the metadata of a picture after another's end is read so)."""
    exif = Image.Exif()
    exif.get_ifd(0x8769).update({0xA431: "123456789", 0xA430: "Jane Doe"})
    extra: dict[str, object] = {"exif": exif.tobytes()} if fmt != "GIF" else {}
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Author", "Jane Doe")
        info.add_text("Comment", "x" * 3000, zip=True)
        extra["pnginfo"] = info
    out = io.BytesIO()
    Image.new(mode, (64, 48)).save(out, fmt, **extra, **options)
    data = out.getvalue() + encode(Image.new("RGB", (80, 60), (200, 30, 30)), "JPEG")
    full, header = decode(data), decode_metadata(data)
    assert (header.format, header.width, header.height) == (full.format, full.width, full.height)
    assert dict(header.exif or {}) == dict(full.exif or {}) and header.iptc == full.iptc and header.text == full.text
    assert (header.trailing, header.trailing_at) == (full.trailing, full.trailing_at) and full.trailing_at > 0
