"""Small real images carrying opt-outs, built byte by byte the way writers store them:
XMP in JPEG APP1 (main and extended), PNG iTXt, WebP `XMP `, TIFF tag 700, the GIF
`XMP DataXMP` extension, an AVIF XMP item; C2PA JUMBF in PNG `caBX`, JPEG APP11, WebP
`C2PA`, TIFF tag 0xCD41 and the GIF `C2PA_GIF` extension. Pillow makes (or reads back)
the pixels, so every image also decodes."""

from __future__ import annotations

import io
import json
import struct
import zlib

from PIL import Image

PLUS = "http://ns.useplus.org/ldf/xmp/1.0/"
VOCAB = "http://ns.useplus.org/ldf/vocab/"


def xmp_packet(code: str, *, prefix: str = "p", element: bool = False, pad: int = 0) -> bytes:
    """An XMP packet whose DataMining is `VOCAB + code`, with the PLUS namespace bound to
    `prefix` (attribute form, or element form with rdf:resource)."""
    value = VOCAB + code
    if element:
        desc = (f'<rdf:Description rdf:about="" xmlns:{prefix}="{PLUS}">'
                f'<{prefix}:DataMining rdf:resource="{value}"/></rdf:Description>')
    else:
        desc = f'<rdf:Description rdf:about="" xmlns:{prefix}="{PLUS}" {prefix}:DataMining="{value}"/>'
    filler = f'<!-- {"x" * pad} -->' if pad else ""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f"{desc}{filler}</rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode("utf-8")


def _pixels(fmt: str, size: tuple[int, int] = (8, 8)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (120, 140, 160)).save(buf, fmt)
    return buf.getvalue()


def jpeg_with_segments(segments: list[tuple[int, bytes]]) -> bytes:
    """A JPEG with extra APPn segments `(marker, payload)` right after SOI."""
    base = _pixels("JPEG")
    extra = b"".join(b"\xff" + bytes([m]) + struct.pack(">H", len(p) + 2) + p for m, p in segments)
    return base[:2] + extra + base[2:]


def jpeg_with_xmp(packet: bytes) -> bytes:
    return jpeg_with_segments([(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + packet)])


def jpeg_with_extended_xmp(packet: bytes, chunks: int = 2) -> bytes:
    """A main packet pointing at an extended packet split over `chunks` APP1 segments."""
    guid = b"0123456789ABCDEF0123456789ABCDEF"
    main = xmp_main_stub(guid.decode())
    segs = [(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + main)]
    step = -(-len(packet) // chunks)
    for off in range(0, len(packet), step):
        part = packet[off:off + step]
        segs.append((0xE1, b"http://ns.adobe.com/xmp/extension/\x00" + guid + struct.pack(">II", len(packet), off) + part))
    return jpeg_with_segments(segs)


def xmp_main_stub(guid: str) -> bytes:
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:xmpNote="http://ns.adobe.com/xmp/note/" '
        f'xmpNote:HasExtendedXMP="{guid}"/></rdf:RDF></x:xmpmeta>'
    ).encode()


def png_chunk(ctype: bytes, data: bytes, *, length: int | None = None) -> bytes:
    size = len(data) if length is None else length
    return struct.pack(">I", size) + ctype + data + struct.pack(">I", zlib.crc32(ctype + data) & 0xFFFFFFFF)


def png_with_chunks(chunks: list[bytes]) -> bytes:
    """A PNG with extra chunks inserted before IEND."""
    base = _pixels("PNG")
    iend = base.rindex(b"IEND") - 4
    return base[:iend] + b"".join(chunks) + base[iend:]


def png_with_xmp(packet: bytes, *, compressed: bool = False) -> bytes:
    text = zlib.compress(packet) if compressed else packet
    data = b"XML:com.adobe.xmp\x00" + bytes([1 if compressed else 0, 0]) + b"\x00\x00" + text
    return png_with_chunks([png_chunk(b"iTXt", data)])


def webp_with_chunks(chunks: list[tuple[bytes, bytes]]) -> bytes:
    base = _pixels("WEBP")
    body = base[12:] + b"".join(c + struct.pack("<I", len(d)) + d + (b"\x00" if len(d) % 2 else b"") for c, d in chunks)
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body


# --------------------------------------------------------------------- C2PA / JUMBF
def cbor(value: object) -> bytes:
    """A tiny CBOR encoder (maps, text, ints, bools) for assertion payloads."""
    def head(major: int, n: int) -> bytes:
        if n < 24:
            return bytes([major << 5 | n])
        if n < 256:
            return bytes([major << 5 | 24, n])
        return bytes([major << 5 | 25]) + struct.pack(">H", n)

    if isinstance(value, bool):
        return b"\xf5" if value else b"\xf4"
    if isinstance(value, int):
        return head(0, value)
    if isinstance(value, str):
        raw = value.encode()
        return head(3, len(raw)) + raw
    if isinstance(value, dict):
        return head(5, len(value)) + b"".join(cbor(k) + cbor(v) for k, v in value.items())
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(cbor(v) for v in value)
    raise TypeError(type(value))


def box(tbox: bytes, payload: bytes, *, length: int | None = None) -> bytes:
    return struct.pack(">I", (8 + len(payload)) if length is None else length) + tbox + payload


def jumd(label: str) -> bytes:
    return box(b"jumd", b"\x00" * 16 + b"\x03" + label.encode() + b"\x00")


def manifest_store(label: str, entries: dict[str, str], *, cbor_length: int | None = None) -> bytes:
    """A C2PA manifest store with one training-mining assertion `label`."""
    payload = cbor({"entries": {k: {"use": v} for k, v in entries.items()}})
    assertion = box(b"jumb", jumd(label) + box(b"cbor", payload, length=cbor_length))
    assertions = box(b"jumb", jumd("c2pa.assertions") + assertion)
    signature = box(b"jumb", jumd("c2pa.signature") + box(b"cbor", cbor({"sig": "not-a-valid-signature"})))
    manifest = box(b"jumb", jumd("urn:uuid:00000000-0000-0000-0000-000000000000") + assertions + signature)
    return box(b"jumb", jumd("c2pa") + manifest)


def metadata_store(label: str, data: dict[str, object], *, as_json: bool = False) -> bytes:
    """A C2PA manifest store with one metadata assertion `label` (`stds.iptc`, `cawg.metadata` …)
    holding `data`, JSON-LD as C2PA writes it, in a CBOR (or JSON) content box."""
    content = box(b"json", json.dumps(data).encode()) if as_json else box(b"cbor", cbor(data))
    assertions = box(b"jumb", jumd("c2pa.assertions") + box(b"jumb", jumd(label) + content))
    manifest = box(b"jumb", jumd("urn:uuid:00000000-0000-0000-0000-000000000000") + assertions)
    return box(b"jumb", jumd("c2pa") + manifest)


def png_with_c2pa(store: bytes) -> bytes:
    return png_with_chunks([png_chunk(b"caBX", store)])


def jpeg_with_c2pa(store: bytes, *, segment_payload: int = 60000) -> bytes:
    """The store split over APP11 JPEG-XT segments, each repeating the box header."""
    header, content = store[:8], store[8:]
    segs = []
    seq = 1
    for off in range(0, len(content), segment_payload):
        segs.append((0xEB, b"JP" + b"\x00\x01" + struct.pack(">I", seq) + header + content[off:off + segment_payload]))
        seq += 1
    return jpeg_with_segments(segs)


# --------------------------------------------------------------------- TIFF, GIF, AVIF/HEIF
def tiff_with_tags(extra: dict[int, bytes], *, order: str = "<", big: bool = False) -> bytes:
    """A 2x2 grayscale TIFF (classic or BigTIFF, either byte order) with `extra` tags
    (type 7, UNDEFINED) in IFD0, values after the pixels. (Pillow 13 decodes all but the
    big-endian BigTIFF: it looks for the version 43 in the wrong byte of that header.)"""
    pixels = bytes([0, 80, 160, 255])
    tags: dict[int, tuple[int, int, int | bytes]] = {  # tag: (type, count, value)
        256: (3, 1, 2), 257: (3, 1, 2), 258: (3, 1, 8), 259: (3, 1, 1), 262: (3, 1, 1),
        273: (4, 1, 0), 277: (3, 1, 1), 278: (3, 1, 2), 279: (4, 1, len(pixels)),
    }
    for tag, value in extra.items():
        tags[tag] = (7, len(value), value)
    head_len, count_fmt, entry_len, value_fmt, value_len = (16, "Q", 20, "Q", 8) if big else (8, "H", 12, "I", 4)
    ifd_at = head_len
    ifd_len = struct.calcsize(order + count_fmt) + len(tags) * entry_len + value_len
    data_at = ifd_at + ifd_len
    blobs = bytearray(pixels)
    entries = b""
    for tag in sorted(tags):
        ftype, count, value = tags[tag]
        if tag == 273:
            value = data_at
        if isinstance(value, bytes) and len(value) > value_len:
            field = struct.pack(order + value_fmt, data_at + len(blobs))
            blobs += value
        elif isinstance(value, bytes):
            field = value.ljust(value_len, b"\x00")
        elif ftype == 3:
            field = struct.pack(order + "H", value).ljust(value_len, b"\x00")
        else:
            field = struct.pack(order + "I", value).ljust(value_len, b"\x00")
        entries += struct.pack(order + "HH" + value_fmt, tag, ftype, count) + field
    ifd = struct.pack(order + count_fmt, len(tags)) + entries + b"\x00" * value_len
    mark = b"II" if order == "<" else b"MM"
    if big:
        header = mark + struct.pack(order + "HHHQ", 43, 8, 0, ifd_at)
    else:
        header = mark + struct.pack(order + "HI", 42, ifd_at)
    return header + ifd + bytes(blobs)


GIF_XMP_MAGIC = bytes([1] + list(range(255, -1, -1)) + [0])  # the XMP spec's trailer + block terminator


def gif_with_extensions(extensions: list[bytes]) -> bytes:
    """A Pillow GIF with extension blocks inserted before the trailer."""
    base = _pixels("GIF")
    return base[:-1] + b"".join(extensions) + b";"


def gif_xmp_extension(packet: bytes) -> bytes:
    return b"\x21\xff\x0bXMP DataXMP" + packet + GIF_XMP_MAGIC


def gif_c2pa_extension(store: bytes) -> bytes:
    blocks = b"".join(bytes([len(store[i:i + 255])]) + store[i:i + 255] for i in range(0, len(store), 255))
    return b"\x21\xff\x0bC2PA_GIF\x01\x00\x00" + blocks + b"\x00"


def avif_with_xmp(packet: bytes) -> bytes:
    """An AVIF whose XMP item is `packet` (Pillow writes it as a `mime` item)."""
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (120, 140, 160)).save(buf, "AVIF", xmp=packet)
    return buf.getvalue()


def heif_with_xmp_item(stored: bytes, encoding: bytes = b"deflate", *, in_idat: bool = False,
                       content_type: bytes = b"application/rdf+xml", others: int = 0) -> bytes:
    """An ISO BMFF file (AVIF brand) whose `meta` box lists one `mime` item of `content_type` stored as
    `stored` with that `content_encoding` (ISO/IEC 14496-12 §8.11.6), placed by `iloc` in `mdat`, or
    in the `meta` box's own `idat` (construction method 1), listed after `others` uncompressed JSON items."""
    ftyp = box(b"ftyp", b"avif\x00\x00\x00\x00avifmif1")
    infe = box(b"infe", b"\x02\x00\x00\x00" + struct.pack(">HH", 1, 0) + b"mime" + b"XMP\x00" + content_type
               + b"\x00" + encoding + b"\x00")
    other = b"".join(box(b"infe", b"\x02\x00\x00\x00" + struct.pack(">HH", 100 + k, 0) + b"mime" + b"j\x00"
                         + b"application/json\x00") for k in range(others))
    iinf = box(b"iinf", b"\x00\x00\x00\x00" + struct.pack(">H", 1 + others) + other + infe)

    def iloc(offset: int) -> bytes:  # version 1: offsets and lengths of 4 bytes, a construction method
        return box(b"iloc", b"\x01\x00\x00\x00" + bytes([0x44, 0x00]) + struct.pack(">H", 1) + struct.pack(">H", 1)
                   + struct.pack(">H", 1 if in_idat else 0) + struct.pack(">H", 0) + struct.pack(">H", 1)
                   + struct.pack(">II", offset, len(stored)))

    def meta(offset: int) -> bytes:
        idat = box(b"idat", stored) if in_idat else b""
        return box(b"meta", b"\x00\x00\x00\x00" + box(b"hdlr", b"\x00" * 8 + b"pict" + b"\x00" * 13) + iinf
                   + iloc(offset) + idat)

    if in_idat:
        return ftyp + meta(0) + box(b"mdat", b"\x00" * 16)
    head = ftyp + meta(0)
    return ftyp + meta(len(head) + 8) + box(b"mdat", stored)


def heif_like(payload: bytes, brand: bytes = b"heic") -> bytes:
    """An ISO BMFF file of `brand` whose `mdat` holds `payload` (pixels not needed: the
    reader never decodes them)."""
    return box(b"ftyp", brand + b"\x00\x00\x00\x00" + brand + b"mif1") + box(b"meta", b"\x00" * 4) + box(b"mdat", payload)


def ico_with(images: list[bytes], *, kind: int = 1, size: int | None = None) -> bytes:
    """An icon (`kind` 1) or cursor (2) whose directory lists `images` (PNG or DIB bytes) in order;
    `size`: the byte count every entry claims, instead of its own."""
    offset = 6 + 16 * len(images)
    directory, data = b"", b""
    for image in images:
        directory += struct.pack("<BBBBHHII", 16, 16, 0, 0, 1, 32, len(image) if size is None else size,
                                 offset + len(data))
        data += image
    return struct.pack("<HHH", 0, kind, len(images)) + directory + data
