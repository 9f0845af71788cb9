"""Image helpers the detection tests share (importable: `from imagekit import ...`)."""

from __future__ import annotations

import io
import random
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from scrapeguard.detect.faces import get_backend
from scrapeguard.detect.images import DetectorUnavailable

IMAGES = Path(__file__).resolve().parent / "data" / "images"


def encode(img: Image.Image, fmt: str = "JPEG", **options: object) -> bytes:
    """The picture written in `fmt`, as bytes a server would send."""
    buffer = io.BytesIO()
    img.save(buffer, format=fmt, **options)
    return buffer.getvalue()


# a small picture, and five frames that differ, for the structure and hidden-picture tests
RED = Image.new("RGB", (20, 10), (200, 10, 10))
FRAMES = [Image.new("RGB", (8, 8), (40 * k, 255 - 40 * k, 10)) for k in range(5)]


def animated(fmt: str) -> bytes:
    """`FRAMES` as an animation in `fmt` (GIF, PNG, WebP)."""
    return encode(FRAMES[0], fmt, save_all=True, append_images=FRAMES[1:])


@pytest.fixture(scope="module", autouse=True)
def detector_installed() -> None:
    """Import into a test module to skip it where no face detector is installed."""
    try:
        get_backend()
    except DetectorUnavailable as exc:
        pytest.skip(f"no face detector installed: {exc}")


def gif_with_a_frame_past_its_screen(first: Image.Image, later: Image.Image) -> bytes:
    """A two-frame GIF whose logical screen is `first`'s size and whose second frame is `later`,
    drawn from (0, 0) past the screen's edge: Pillow grows the canvas to hold it."""
    def frames_of(img: Image.Image) -> tuple[bytes, bytes]:
        data = encode(img.convert("P"), "GIF")
        flags = data[10]
        pos = 13 + (3 * (2 << (flags & 7)) if flags & 0x80 else 0)
        while data[pos] == 0x21:  # extensions before the image descriptor
            pos += 2
            while data[pos]:
                pos += 1 + data[pos]
            pos += 1
        return data[:pos], data[pos:-1]  # (header and colour table, descriptor and picture data)

    head, frame = frames_of(first)
    later_head, later_frame = frames_of(later)
    flags = later_head[10]
    table = later_head[13:13 + (3 * (2 << (flags & 7)) if flags & 0x80 else 0)]
    # the later frame with its own (local) colour table, as the global one is `first`'s
    local = bytearray(later_frame[:10])
    local[9] = (local[9] & 0x40) | (0x80 | (flags & 7) if table else 0)  # (its interlace flag kept)
    return head + frame + b"\x21\xf9\x04\x00\x0a\x00\x00\x00" + bytes(local) + table + later_frame[10:] + b"\x3b"


def png_parts(png: bytes) -> list[tuple[bytes, bytes]]:
    """A PNG's chunks as (kind, data), in file order."""
    out, pos = [], 8
    while pos + 12 <= len(png):
        length, kind = struct.unpack_from(">I4s", png, pos)
        out.append((kind, png[pos + 8:pos + 8 + length]))
        pos += 12 + length
    return out


def png_of(parts: list[tuple[bytes, bytes]]) -> bytes:
    """The PNG of `parts` (kind, data), an APNG's frame chunks numbered in turn (Pillow refuses a gap)."""
    sequence = iter(range(len(parts)))
    parts = [(kind, struct.pack(">I", next(sequence)) + body[4:] if kind in (b"fcTL", b"fdAT") else body)
             for kind, body in parts]
    return b"\x89PNG\r\n\x1a\n" + b"".join(
        struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body)) for kind, body in parts)


def frames_rgb(data: bytes) -> list[bytes]:
    """Each frame of a picture, as RGB pixels."""
    with Image.open(io.BytesIO(data)) as image:
        out = []
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            out.append(image.convert("RGB").tobytes())
        return out


def png_image_data_places(png: bytes) -> list[tuple[int, int]]:
    """Where each IDAT chunk's data is in a PNG, in file order."""
    out, pos = [], 8
    while pos + 12 <= len(png):
        length, kind = struct.unpack_from(">I4s", png, pos)
        if kind == b"IDAT":
            out.append((pos + 8, pos + 8 + length))
        pos += 12 + length
    return out


def png_header(png: bytes) -> bytes:
    """The IHDR chunk's data of a PNG that starts with it, as encoders write it."""
    return png[16:29]


def webp_of(*chunks: tuple[bytes, bytes]) -> bytes:
    """A WebP file of `chunks` (kind, data), each padded to an even size."""
    body = b"".join(kind + struct.pack("<I", len(data)) + data + b"\x00" * (len(data) & 1) for kind, data in chunks)
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


def webp_parts(data: bytes, pos: int = 12) -> list[tuple[bytes, bytes]]:
    """A WebP's chunks as (kind, data), in file order."""
    out = []
    while pos + 8 <= len(data):
        size = struct.unpack_from("<I", data, pos + 4)[0]
        out.append((data[pos:pos + 4], data[pos + 8:pos + 8 + size]))
        pos += 8 + size + (size & 1)
    return out


# Formats whose pictures the damage tests start from
DAMAGE_SEEDS = ("JPEG", "PNG", "GIF", "BMP", "TIFF", "ICO", "TGA", "WEBP")


def damage(data: bytes, salt: int) -> bytes:
    """`data` with bytes changed, cut, appended and fill bytes inserted (as `salt` draws them), as
    hostile and broken files come."""
    rnd = random.Random(salt)
    out = bytearray(data)
    for _ in range(rnd.randint(1, 8)):
        op = rnd.random()
        if op < 0.4 and out:
            out[rnd.randrange(len(out))] = rnd.randrange(256)
        elif op < 0.6:
            del out[rnd.randrange(len(out) + 1):]
        elif op < 0.8:
            out += bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 40)))
        else:
            at = rnd.randrange(len(out) + 1)
            out[at:at] = b"\xff" * rnd.randint(1, 10)
    return bytes(out)


def grey_icc_profile(tone: list[int]) -> bytes:
    """A minimal ICC v2 monitor profile for greyscale pixels whose tone curve (kTRC, 256 entries of
    0..65535) maps each stored level to the one a colour-managed page shows."""
    def s15(value: float) -> bytes:
        return struct.pack(">i", round(value * 65536))

    d50 = s15(0.9642) + s15(1.0) + s15(0.8249)
    name = b"test grey\0"
    tags = [
        (b"desc", b"desc\0\0\0\0" + struct.pack(">I", len(name)) + name + bytes(4 + 4 + 2 + 1 + 67)),
        (b"wtpt", b"XYZ \0\0\0\0" + d50),
        (b"kTRC", b"curv\0\0\0\0" + struct.pack(">I", len(tone)) + b"".join(struct.pack(">H", v) for v in tone)),
        (b"cprt", b"text\0\0\0\0none\0"),
    ]
    table, data = b"", b""
    start = 128 + 4 + 12 * len(tags)
    for signature, tag in tags:
        data += bytes(-len(data) % 4)
        table += signature + struct.pack(">II", start + len(data), len(tag))
        data += tag
    body = struct.pack(">I", len(tags)) + table + data
    header = (struct.pack(">I", 128 + len(body)) + b"lcms" + struct.pack(">I", 0x02100000) + b"mntrGRAYXYZ "
              + bytes(12) + b"acspAPPL" + bytes(4 + 4 + 4 + 8 + 4) + d50 + b"lcms" + bytes(16 + 28))
    assert len(header) == 128
    return header + body
