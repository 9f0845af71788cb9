"""Pictures embedded in a page or an SVG as base64 `data:` URIs.

A portrait can travel inside the page (`<img src="data:image/jpeg;base64,…">`, a CSS
`url(data:…)`, an SVG's `<image href="data:…">`): no request is ever made for it, so the
page's own bytes are the only place it can be judged. `find_images` skips `data:` URIs
(they are no fetchable URL); this finds them in the raw bytes, with one regex pass and only
when the body holds `;base64,` at all, so a page without any costs one search (~0.5 µs/kB).

Payloads shorter than `MIN_PAYLOAD` characters are skipped (icons, spacers and blurred
placeholders far below any face the detector can find); the guard analyses the first
`MAX_IMAGES` and lets the policy's on_error decide the others. Bytes in an ASCII-compatible
encoding only (a UTF-16 page interleaves NULs and is not searched: noted by the caller).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from scrapeguard.resource import sniff_kind

MIN_PAYLOAD = 1024  # base64 characters (~750 bytes): below this no findable face fits
MAX_IMAGES = 64  # ~15 ms each for a 300 px JPEG: about a second at most per page

# `data:[<type>][;param…];base64,<payload>` as the WHATWG data: URL processor reads it: spaces
# around the type and before `base64`, any type or none (an <img> sniffs the picture from its
# bytes, so the declared type decides nothing: `sniff_kind` does); the payload ends at a quote,
# `)` or `<`, and may hold character references (`&#43;` for `+`) inside an attribute
_INLINE = re.compile(
    rb"data:[ \t\n\r\f]*([a-z0-9!#$&^_.+-]{0,60}/?[a-z0-9!#$&^_.+-]{0,60})[^,<>()]{0,200}?;[ ]*base64,"
    rb"((?:[a-z0-9+/=%\s]|&#?[a-z0-9]{1,8};)*)",
    re.IGNORECASE,
)
_BASE64_MARK = re.compile(rb";[ ]*base64,", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class InlineImage:
    """One embedded picture: where its URI is in the body, its declared type and its bytes."""

    start: int
    end: int
    media_type: str
    data: bytes

    @property
    def name(self) -> str:
        return inline_name(self.media_type, self.data)


def inline_name(media_type: str, data: bytes) -> str:
    """`data:<type>;sha256=<digest of the decoded bytes>`: the audit names an inline picture by
    what it is, not by its base64 (which can be megabytes)."""
    return f"data:{media_type or 'text/plain'};sha256={hashlib.sha256(data).hexdigest()}"


def find_inline_images(body: bytes, *, min_payload: int = MIN_PAYLOAD) -> list[InlineImage]:
    """Every embedded raster picture worth a look (decoding base64 is cheap; analysing them
    is not: the caller checks the first `MAX_IMAGES` and lets on_error decide the rest)."""
    if _BASE64_MARK.search(body) is None:  # as fast as a plain substring search, in any case
        return []
    found: list[InlineImage] = []
    for m in _INLINE.finditer(body):
        declared = m.group(1).decode("ascii").lower()
        payload = m.group(2)
        if len(payload) < min_payload:
            continue
        data = _decode(payload)
        if data is None or sniff_kind(declared, data) != "image":
            continue  # not base64, not a raster picture (SVG, text, a font): nothing shows a face
        media_type = declared if declared.startswith("image/") else "image/*"
        found.append(InlineImage(m.start(), m.start(2) + len(payload.rstrip()), media_type, data))
    return found


def _decode(payload: bytes) -> bytes | None:
    text = payload.strip()
    if b"&" in text:  # character references inside an attribute (`&#43;`)
        text = html.unescape(text.decode("ascii", "replace")).encode("ascii", "replace")
    if b"%" in text:  # percent-encoded inside a URL (`%2B`, `%3D`)
        text = unquote_to_bytes(text)
    text = re.sub(rb"\s+", b"", text)
    try:
        return base64.b64decode(text + b"=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None


def blank_inline(body: bytes, spans: Iterable[tuple[int, int]]) -> bytes:
    """`body` with each `(start, end)` data URI replaced by an empty one (`data:,`): the
    element stays, its picture is gone. Spans must not overlap (`find_inline_images`'s don't)."""
    out: list[bytes] = []
    at = 0
    for start, end in sorted(spans):
        out += [body[at:start], b"data:,"]
        at = end
    out.append(body[at:])
    return b"".join(out)
