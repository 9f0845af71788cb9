"""What the container readers share: the limits that bound them and what they found."""

from __future__ import annotations

import base64
import binascii
import logging
from dataclasses import dataclass, field

log = logging.getLogger("scrapeguard")

MAX_XMP_BYTES = 4 * 1024 * 1024
MAX_STORE_BYTES = 8 * 1024 * 1024
MAX_SEGMENTS = 4096
MAX_DEPTH = 32
MAX_ITEMS = 20_000

PLUS_NS = "http://ns.useplus.org/ldf/xmp/1.0/"
IPTC_EXT_NS = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XMP_MAIN = b"http://ns.adobe.com/xap/1.0/\x00"
XMP_EXT = b"http://ns.adobe.com/xmp/extension/\x00"
ASSERTION_LABELS = ("cawg.training-mining", "c2pa.training-mining")


@dataclass(slots=True)
class Embedded:
    """What the container held: XMP packets and C2PA stores with where they came from,
    and what could not be read."""

    xmp: list[tuple[bytes, str]] = field(default_factory=list)
    c2pa: list[tuple[bytes, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # XMP packets (or their ends) not read, each with why and where: a DataMining in them is unseen,
    # so the reading is incomplete (`xmp.unreadable`, the policy's on_error), not a note
    unread_xmp: list[tuple[str, str]] = field(default_factory=list)
    format: str = ""
    unsupported: str = ""  # why the container was not parsed (only scanned), if so
    end: int = 0  # where the picture ends (past a PNG's IEND, a GIF's trailer, a WebP's RIFF chunk); 0 not told


def base64_store(text: str | bytes) -> bytes:
    """A C2PA manifest store written in base64 (an SVG's `c2pa:manifest`, a page's `application/c2pa`
    script), its white space and line breaks dropped; b"" for one that is no base64 or is over the
    reading cap (read as a store cut short)."""
    try:
        store = base64.b64decode(b"".join(text.split()) if isinstance(text, bytes) else "".join(text.split()),
                                 validate=True)
    except (binascii.Error, ValueError):
        return b""
    return store if len(store) <= MAX_STORE_BYTES else b""
