"""image_metadata: what a picture's metadata says, read as the file holds it (and where Pillow
leaves it unread)."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from imagekit import encode
from PIL import Image, PngImagePlugin, UnidentifiedImageError

from scrapeguard.detect.decode import png_without_oversized_text
from scrapeguard.detect.image_metadata import (
    MAX_FURTHER_EXIF_BYTES,
    exif_orientation,
    file_exif,
    further_exif,
    mpo_offsets,
    read_metadata,
)

XMP_TURNED = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              '<rdf:Description xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Orientation="6"/></rdf:RDF></x:xmpmeta>')


def exif_of(**tags: object) -> Image.Exif:
    exif = Image.Exif()
    for name, value in tags.items():
        exif[{"orientation": 0x0112, "owner": 0x013B, "make": 0x010F}[name]] = value
    return exif


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def app1(exif: Image.Exif) -> bytes:
    body = b"Exif\x00\x00" + exif.tobytes()
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


class TestOrientation:
    def test_the_exif_tag_turns_the_picture(self) -> None:
        with opened(encode(Image.new("RGB", (8, 4)), "JPEG", exif=exif_of(orientation=6).tobytes())) as img:
            assert exif_orientation(img) == 6

    def test_an_orientation_only_xmp_gives_is_not_one_a_browser_turns_by(self) -> None:
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", XMP_TURNED)
        with opened(encode(Image.new("RGB", (8, 4)), "PNG", pnginfo=info)) as img:
            assert img.getexif().get(0x0112) == 6  # (Pillow's reading)
            assert exif_orientation(img) == 1

    def test_a_png_orientation_in_imagemagick_s_text_chunk_alone_is_not_one_a_browser_turns_by(self) -> None:
        raw = exif_of(orientation=6).tobytes().hex()
        info = PngImagePlugin.PngInfo()
        info.add_text("Raw profile type exif", f"\nexif\n{len(raw) // 2:8d}\n{raw}\n", zip=True)
        with opened(encode(Image.new("RGB", (8, 4)), "PNG", pnginfo=info)) as img:
            assert img.getexif().get(0x0112) == 6  # (Pillow's reading)
            assert exif_orientation(img) == 1

    def test_a_png_s_exif_chunk_turns_the_picture(self) -> None:
        with opened(encode(Image.new("RGB", (8, 4)), "PNG", exif=exif_of(orientation=6).tobytes())) as img:
            assert exif_orientation(img) == 6

    def test_a_nonsense_value_leaves_the_pixels_as_stored(self) -> None:
        with opened(encode(Image.new("RGB", (8, 4)), "JPEG")) as img:
            assert exif_orientation(img, exif_of(orientation="sideways")) == 1
            assert exif_orientation(img, exif_of(orientation=3)) == 3  # (the block given is the one read)


class TestMetadataOfAnOpenedPicture:
    def test_exif_iptc_and_a_pngs_text(self) -> None:
        info = PngImagePlugin.PngInfo()
        info.add_text("Author", "Jane Doe")
        with opened(encode(Image.new("RGB", (8, 4)), "PNG", pnginfo=info, exif=exif_of(owner="Jane Doe"))) as img:
            exif, iptc, text = read_metadata(img)
        assert exif is not None and exif[0x013B] == "Jane Doe" and iptc is None and text == {"Author": "Jane Doe"}

    def test_imagemagicks_hex_iptc_chunk_of_a_png_is_read(self) -> None:
        block = b"\x1c\x02\x50" + struct.pack(">H", 8) + b"Jane Doe"  # IIM By-line
        digits = block.hex()
        info = PngImagePlugin.PngInfo()
        info.add_text("Raw profile type iptc", f"\niptc\n{len(block):8d}\n{digits}\n", zip=True)
        with opened(encode(Image.new("RGB", (8, 4)), "PNG", pnginfo=info)) as img:
            _, iptc, _ = read_metadata(img)
        assert iptc == {(2, 80): b"Jane Doe"}

    def test_an_exif_or_iptc_block_pillow_fails_on_is_none_not_an_error(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from PIL import IptcImagePlugin

        def fails(*_args: object) -> None:
            raise SyntaxError("not an EXIF block")

        with opened(encode(Image.new("RGB", (8, 4)), "JPEG", exif=exif_of(owner="Jane Doe").tobytes())) as img:
            monkeypatch.setattr(img, "getexif", fails)
            monkeypatch.setattr(IptcImagePlugin, "getiptcinfo", fails)
            assert read_metadata(img) == (None, None, {})


class TestWhatPillowLeavesUnread:
    def test_a_second_exif_segment_a_tool_added(self) -> None:
        jpeg = encode(Image.new("RGB", (8, 4)), "JPEG", exif=exif_of(make="Canon").tobytes())
        at = jpeg.index(b"\xff\xdb")  # (before the quantisation tables: among the header segments)
        data = jpeg[:at] + app1(exif_of(owner="Jane Doe")) + jpeg[at:]
        with opened(data) as img:
            assert img.getexif()[0x010F] == "Canon"
            [(index, exif)] = further_exif(img, data)
        assert index == 0 and exif[0x013B] == "Jane Doe"

    def test_the_exif_of_an_mpos_second_picture(self) -> None:
        second = Image.new("RGB", (8, 4))
        second.encoderinfo = {"exif": exif_of(owner="Jane Doe").tobytes()}
        data = encode(Image.new("RGB", (8, 4)), "MPO", save_all=True, append_images=[second])
        with opened(data) as img:
            offsets = mpo_offsets(img)
            assert offsets[0] == 0 and len(offsets) == 2 and data.startswith(b"\xff\xd8", offsets[1])
            assert [(i, e[0x013B]) for i, e in further_exif(img, data)] == [(1, "Jane Doe")]
        with opened(encode(Image.new("RGB", (8, 4)), "JPEG")) as img:
            assert mpo_offsets(img) == []

    @pytest.mark.parametrize("layout", ["webp-flag-cleared", "simple-webp", "png-wrong-checksum"])
    def test_an_exif_chunk_pillow_skips_is_read_as_chunk_walking_readers_read_it(self, layout: str) -> None:
        """A WebP's EXIF chunk its extended header's flag does not announce, or one after a simple
        (VP8) WebP's picture, and a PNG's eXIf chunk with a wrong checksum (read from a copy without
        it): Pillow gives none of them, ExifTool and exiv2 read each, and the owner in them passed."""
        block = exif_of(owner="Jane Doe").tobytes()[6:]  # (a chunk holds the TIFF block alone)
        if layout == "png-wrong-checksum":
            png = encode(Image.new("RGB", (8, 4)), "PNG")
            crc = (zlib.crc32(b"eXIf" + block) ^ 1).to_bytes(4, "big")
            data = png[:33] + struct.pack(">I", len(block)) + b"eXIf" + block + crc + png[33:]
            with pytest.raises(UnidentifiedImageError):  # (Pillow refuses it; `decode` reads a copy without the chunk)
                Image.open(io.BytesIO(data))
            with opened(png_without_oversized_text(data) or b"") as img:
                assert not img.getexif() and [e[0x013B] for _i, e in further_exif(img, data)] == ["Jane Doe"]
            return
        if layout == "webp-flag-cleared":
            webp = bytearray(encode(Image.new("RGB", (8, 4)), "WEBP", exif=exif_of(owner="Jane Doe").tobytes()))
            webp[webp.index(b"VP8X") + 8] &= ~0x08 & 0xFF  # (the EXIF flag)
        else:
            chunk = b"EXIF" + struct.pack("<I", len(block)) + block + b"\x00" * (len(block) & 1)
            webp = bytearray(encode(Image.new("RGB", (8, 4)), "WEBP") + chunk)
            webp[4:8] = struct.pack("<I", len(webp) - 8)
        with opened(bytes(webp)) as img:
            assert "exif" not in img.info
            assert [(i, e[0x013B]) for i, e in further_exif(img, bytes(webp))] == [(0, "Jane Doe")]

    def test_the_exif_chunk_pillow_reads_is_not_read_again(self) -> None:
        for fmt in ("PNG", "WEBP"):
            data = encode(Image.new("RGB", (8, 4)), fmt, exif=exif_of(owner="Jane Doe").tobytes())
            with opened(data) as img:
                img.load()
                assert img.getexif()[0x013B] == "Jane Doe" and further_exif(img, data) == [], fmt

    def test_further_exif_past_the_byte_budget_is_not_read(self) -> None:
        filler = exif_of(make="x" * 60_000)
        jpeg = encode(Image.new("RGB", (8, 4)), "JPEG", exif=exif_of(make="Canon").tobytes())
        count = MAX_FURTHER_EXIF_BYTES // 60_000 + 3
        data = jpeg[:2] + app1(exif_of(make="Canon")) + app1(filler) * count + jpeg[2:]
        with opened(data) as img:
            assert 0 < len(further_exif(img, data)) < count

    def test_a_tiffs_later_pages_and_its_own_directory_after_it_is_closed(self) -> None:
        buffer = io.BytesIO()
        first = Image.new("RGB", (8, 4))
        second = Image.new("RGB", (8, 4))
        second.encoderinfo = {"exif": exif_of(owner="Jane Doe")}
        first.save(buffer, "TIFF", save_all=True, append_images=[second], exif=exif_of(make="Canon"))
        data = buffer.getvalue()
        img = opened(data)
        exif, _, _ = read_metadata(img)
        assert exif is not None
        own = file_exif(img, data, exif)
        pages = further_exif(img, data)
        img.close()
        assert own[0x010F] == "Canon"
        assert [(i, e.get(0x013B)) for i, e in pages] == [(1, "Jane Doe")]

    @pytest.mark.parametrize("data", [b"", b"II*\x00" + b"\xff" * 8, b"II*\x00\x08\x00\x00\x00\x01\x00",
                                      b"\xff\xd8\xff\xe1\x00"])
    def test_broken_files_give_nothing_more(self, data: bytes) -> None:
        tiff = io.BytesIO()
        Image.new("RGB", (8, 4)).save(tiff, "TIFF")
        for fmt in ("JPEG", "TIFF"):
            with opened(encode(Image.new("RGB", (8, 4)), "JPEG") if fmt == "JPEG" else tiff.getvalue()) as img:
                assert img.format == fmt and further_exif(img, data) == []
