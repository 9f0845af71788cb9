"""Pictures embedded in a page or an SVG as `data:` URIs (base64 or percent-encoded).

A portrait can travel inside the page (`<img src="data:image/jpeg;base64,…">`, a CSS
`url(data:…)`, an SVG's `<image href="data:…">`, an avatar in a script's JSON): no request is
ever made for it, so the page's own bytes are the only place it can be judged. `find_images`
skips `data:` URIs (they are no fetchable URL); this finds them in the raw bytes, trying the
pattern only where `data:` starts, and decoding a payload only when its first bytes are a
picture's (an embedded font is not decoded). Measured on 378 real pages: 0.13 ms median,
0.37 ms mean, 18 ms for a 2.5 MB page.
A picture written as a bare base64 string (an API's `{"avatar": "/9j/4AAQ…"}`) is found by
its format's first base64 characters after a string's quote (`_bare_pictures`).

Payloads shorter than `MIN_PAYLOAD` characters are skipped unless their picture is at least
face_min_px on its short side (`_worth_a_look`: icons, spacers and blurred placeholders are
below any face the detector can find); the guard analyses the first `MAX_IMAGES` pictures and the
first `MAX_SMALL_IMAGES` small ones, and lets the policy's on_error decide the others. A body in an encoding that is
not ASCII-compatible (UTF-16, whose every character is two bytes) is searched as its text:
transcoded to UTF-8, its pictures' positions mapped back to its own bytes.
"""

from __future__ import annotations

import base64
import bisect
import binascii
import hashlib
import heapq
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Final
from urllib.parse import unquote_to_bytes

from scrapeguard.resource import BYTE_ORDER_MARK_CODECS, ascii_compatible, sniff_kind, text_codec

# Base64 characters (~750 bytes) from which a picture is looked at whatever its size; under them,
# only one at least the shipped policies' face_min_px on its short side (`_worth_a_look`), and none
# under SMALL_PAYLOAD (192 bytes). A face fits in fewer than MIN_PAYLOAD: the smallest measured that
# the detector counts, 56-px portraits, took 328 characters in lossy WebP, 496 in AVIF, 692 in a PNG
# of four grey levels (in JPEG, 1,044).
MIN_PAYLOAD = 1024
SMALL_PAYLOAD = 256
# Payload characters read at most, this many times the body's size and this many more: a payload
# ends where a picture's ends, so URIs read each other's only where one sits inside another's
# payload (character references and white space are base64's, for the forgiving reader); each one
# read the rest of the page again, quadratic time. Past it the search is refused (an error).
READ_FACTOR = 8
READ_SLACK = 1 << 20
# data: URIs whose long payloads were looked at (~10 us each to know they hold no picture) and places where one
# may start (`_starts`: ~1.5 us each where none does) looked at in one body, at most: past either the search is refused
# (an error, for on_error). Why: 8 MB of `data:,` (1.4 million URIs, each one's payload the rest of the body)
# took 40 s; real pages hold tens, a sprite sheet of icons thousands.
MAX_CANDIDATES = 50_000  # data: URIs whose long payloads were looked at (`_no_picture_ahead`)
MAX_STARTS = 8 * MAX_CANDIDATES
# ~15 ms each for a 300 px JPEG, ~50 ms for a 4000x3000 one (tiled while the answer's 24 tiles last: ~0.5 s for 12)
MAX_IMAGES = 64
# Pictures of under MIN_PAYLOAD characters (`is_small`: a small avatar, an icon; ~6 ms each) are
# checked apart, up to this many: icons a page or a style sheet carries by the dozen must not take
# the places of its photos, nor leave themselves unchecked (on_error: a page redacted, a sheet blocked)
MAX_SMALL_IMAGES = 256
# Decoded pixels of the pictures an answer carries checked in all (`PixelBudget`): 64 pictures of 50 Mpx
# (~0.6 s each) are tiny PNGs of one colour, 160 KB each, and a page of 32 of them took 17 s
MAX_ANSWER_PIXELS = 200_000_000


class PixelBudget:
    """What is left of an answer's `MAX_ANSWER_PIXELS`: a picture is checked only if the pixels its header
    declares fit in it (told before the costly decode), else it is left unchecked as one past `MAX_IMAGES`
    is (an error: the policy's on_error decides)."""

    __slots__ = ("left",)

    def __init__(self, pixels: int | None = None) -> None:
        self.left = MAX_ANSWER_PIXELS if pixels is None else pixels

    def take(self, data: bytes) -> bool:
        """Whether a picture's pixels fit in what is left (they are then taken from it). One whose header
        cannot be read costs nothing here: its analysis fails before any decode, and says so."""
        from scrapeguard.detect.decode import open_image
        from scrapeguard.detect.images import max_side

        try:
            with open_image(data) as img:
                # (a progressive one is entropy-decoded whole at any scale: 0.3 s for 7000x7000; found in review)
                width, height = img.width, img.height
                jpeg = img.format == "JPEG" and not (img.info.get("progressive") or img.info.get("progression"))
            # (one cut before its end marker is decoded again at half scale to be read whole: `complete_jpeg`)
            jpeg = jpeg and data[-64:].rstrip(b"\0\t\n\r ").endswith(b"\xff\xd9")
        except Exception:  # noqa: BLE001 - no raster header (an SVG, broken bytes): nothing to decode
            return True
        scale = 1
        while jpeg and scale < 8 and min(width, height) // (scale * 2) >= max_side():
            scale *= 2  # (a baseline JPEG is decoded at a reduced DCT scale, `decode`'s draft: 20 photos were refused)
        pixels = width * height // (scale * scale)
        if pixels > self.left:
            return False
        self.left -= pixels
        return True
_MAX_DEPTH = 4  # an SVG in a data: URI holding a picture, itself in an SVG …; deeper: unchecked

# `data:[<type>][;param…][;base64],<payload>` as the WHATWG data: URL processor reads it: spaces
# around the type and before `base64`, any type or none (an <img> sniffs the picture from its
# bytes, so the declared type decides nothing: `sniff_kind` does). Inside an attribute the
# delimiters may be character references (`data&colon;`, `&#58;`, `base64&comma;`), the payload
# too (`&#43;` for `+`); inside a script's JSON a `/` is `\/`. The payload ends at a quote, `)`,
# `<` or white space after a percent-encoded one. Parsed step by step, each step one linear
# match: a single pattern with a type, a lazy header and two alternatives backtracked
# quadratically on `data:` followed by letters (100 kB of them took 22 s).
# The scheme as a browser reads it in an attribute: each character may be a character reference
# (`&#100;ata:`, `&#x64;`; numeric ones may lack their `;` where no digit follows) and the URL
# parser drops every tab, line feed and carriage return (`da<TAB>ta:`, `&Tab;`, `&#10;`). Sought
# (`_SCHEME.finditer`, ~8 ns a byte) only in a body that may hold one (`_starts`).


def _reference(char: str) -> bytes:
    """The ASCII letter `char` in either case, or a numeric character reference or a CSS escape
    (`_css_escape`) to it."""
    cases = (char.lower(), char.upper())
    return b"(?:" + b"|".join([*(c.encode() for c in cases),
                              *(rb"&#0*%d(?:;|(?![0-9]))|&#[xX]0*%x(?:;|(?![0-9a-fA-F]))" % (ord(c), ord(c))
                                for c in cases),
                              *(_css_escape(c) for c in cases)]) + b")"


def _css_escape(char: str) -> bytes:
    """A CSS escape (CSS Syntax 4.3.7) of the ASCII `char`: its code in up to 6 hex digits, ended by
    one white space (CR LF counting as one) or by what is no hex digit, or `\\` and the character
    itself when that is no hex digit. Why: a browser undoes them in a style sheet's url() before the
    URL is read, so `url(data\\:image/jpeg;base64,…)` showed a portrait passed over as no data: URI."""
    digits = f"{ord(char):x}"
    code = "".join(f"[{d}{d.upper()}]" if d.isalpha() else d for d in digits)
    end = r"(?:\r\n|[ \t\n\r\f])"
    hexed = rf"\\(?:0{{0,{5 - len(digits)}}}{code}(?:{end}|(?![0-9a-fA-F]))|0{{{6 - len(digits)}}}{code}{end}?)".encode()
    return hexed if char in "0123456789abcdefABCDEF" else hexed + rb"|\\" + re.escape(char.encode())


_DROPPED = rb"(?:[\t\n\r]|&Tab;|&NewLine;|&#0*(?:9|1[03])(?:;|(?![0-9]))|&#[xX]0*[9aAdD](?:;|(?![0-9a-fA-F])))*"
_COLON = rb"(?::|&colon;|&#0*58(?:;|(?![0-9]))|&#[xX]0*3[aA](?:;|(?![0-9a-fA-F]))|" + _css_escape(":") + b")"
_SCHEME = re.compile(_DROPPED.join([*(_reference(c) for c in "data"), _COLON]))
# a reference that may spell a letter of "data", a dropped character or the colon, and a CSS escape that
# may spell a letter of it, or the colon after an `a` or a dropped character (any other letter of "data"
# written otherwise sets one of them off itself), as Tailwind's `.md\:flex` never does (supersets; two
# patterns, each found by its first byte: fast)
_SCHEME_REFERENCE = re.compile(rb"&(?:#(?:[xX]0*(?:[46][14]|[57]4|3[aA]|[9aAdD])|0*(?:100|68|97|65|116|84|58|9|1[03]))"
                               rb"(?![0-9])|Tab;|NewLine;)")
_SCHEME_ESCAPE = re.compile(rb"\\(?:0*(?:[46][14]|[57]4)|[tT](?=[aA\\\t\n\r&])"  # (`\t` in a script: rarely "ta")
                            rb"|(?<=[aA\t\n\r]\\)(?:0*3[aA]|:))")
_COMMA = re.compile(rb"(?:,|&comma;|&#0*44(?:;|(?![0-9]))|&#[xX]0*2[cC](?:;|(?![0-9a-fA-F]))|"
                    + _css_escape(",") + b")")  # (as _COLON)
# a CSS escape, as `_css_escape` reads one (a line break after `\\` is none: left as it is)
_CSS_ESCAPE = re.compile(rb"\\(?:([0-9a-fA-F]{1,6})(?:\r\n|[ \t\n\r\f])?|([^\n\r\f0-9a-fA-F]))")


def _css_unescaped(m: re.Match[bytes]) -> bytes:
    return m.group(2) if m.group(2) is not None else _ascii(m.group(1))


def _ascii(digits: bytes) -> bytes:
    """The character a CSS escape's hex `digits` name, or `?` past ASCII: no header of a picture's
    URI, nor base64, is spelt past it (anything else spoils them, as it would)."""
    code = int(digits, 16)
    return bytes([code]) if 0 < code < 0x80 else b"?"
_HEADER_MAX = 260  # characters between the colon and the comma: a type and its parameters
_BASE64_END = re.compile(rb";[ \t\n\r\f]*base64[ \t\n\r\f]*$", re.IGNORECASE)
_BASE64_PAYLOAD = re.compile(rb"[a-z0-9+/=%\s\\&#;]*", re.IGNORECASE)
_PERCENT_PAYLOAD = re.compile(rb"[^\"'<>()\s]*")  # `;` and `,` are data after the first comma
# a srcset candidate's descriptor after a base64 payload (white space is part of one, so it ran on
# into the descriptor, decoded as a stray byte: the picture named by the wrong digest); the payload
# pattern stops at the "." of `1.5x`, leaving its digits
# (each starts only where a run of white space starts: tried from every space of a long run, a
# search was quadratic, 13 s for 40,000 spaces)
_DESCRIPTOR = re.compile(rb"(?<![ \t\n\r\f])[ \t\n\r\f]+[0-9]+[wxh]?$", re.IGNORECASE)
# the next attribute of an unquoted one (`name=value` after white space): base64 has "=" only as
# padding at its end, never before another character, so the payload ends before it
_NEXT_ATTRIBUTE = re.compile(rb"(?<![ \t\n\r\f])[ \t\n\r\f]+[A-Za-z_:][-A-Za-z0-9_:.]*=(?=[^= \t\n\r\f])")
_WHITE_SPACE = re.compile(rb"[ \t\n\r\f]")
_NOT_HEADER = re.compile(rb"[<>()]")  # (quotes may be a parameter's: name="me.jpg")


@dataclass(frozen=True, slots=True)
class InlineImage:
    """One embedded picture: where its URI is in the body, its declared type and its bytes."""

    start: int
    end: int
    media_type: str
    data: bytes
    # an SVG nested deeper than `_MAX_DEPTH`: not searched, so not checked (on_error decides)
    unchecked: bool = False
    # found in a page's frame's data: document (`PageAnalysis.frame_documents`): `start` and `end` are places in
    # that document, not in the body (the frame is dropped from a redacted copy instead: `page_redact`)
    framed: bool = False

    @property
    def name(self) -> str:
        return inline_name(self.media_type, self.data)

    @property
    def digest(self) -> str:
        """The sha256 (hex) of its bytes: what `data_uri_digest` gives for its element's URI."""
        return hashlib.sha256(self.data).hexdigest()

    @property
    def small(self) -> bool:
        """Written in fewer than MIN_PAYLOAD base64 characters (checked within MAX_SMALL_IMAGES)."""
        return len(self.data) * 4 < MIN_PAYLOAD * 3


def inline_name(media_type: str, data: bytes) -> str:
    """`data:<type>;sha256=<digest of the decoded bytes>`: the audit names an inline picture by
    what it is, not by its base64 (which can be megabytes)."""
    return f"data:{media_type or 'text/plain'};sha256={hashlib.sha256(data).hexdigest()}"


# The types a page declares for the pictures it embeds, as `inline_name` keeps them (`image/*`: a payload declared
# otherwise, or not at all, that its bytes showed to be a picture)
_DECLARED_PICTURE_TYPES: Final = (
    "image/jpeg", "image/jpg", "image/pjpeg", "image/png", "image/apng", "image/gif", "image/webp", "image/avif",
    "image/svg+xml", "image/bmp", "image/x-icon", "image/vnd.microsoft.icon", "image/tiff", "image/heic",
    "image/heif", "image/jxl", "image/*")
# Legacy and vendor names of those types, which records made before any other image type was named `image/*` kept
# as declared: looked for too, so an access request by the picture still finds those pages
_LEGACY_PICTURE_TYPES: Final = (
    "image/x-png", "image/x-citrix-png", "image/x-citrix-jpeg", "image/x-citrix-gif", "image/x-ms-bmp",
    "image/x-bmp", "image/x-windows-bmp", "image/x-tiff")


def inline_names(data: bytes) -> list[str]:
    """Every `inline_name` a page's embedded copy of these bytes may have been recorded by, one per type a
    page declares pictures as (any other image type is named `image/*`, `_media_type`), and the legacy names
    older records kept: what an access request by a copy of the picture looks for among the pictures pages
    embedded."""
    digest = hashlib.sha256(data).hexdigest()
    return [f"data:{media_type};sha256={digest}" for media_type in (*_DECLARED_PICTURE_TYPES, *_LEGACY_PICTURE_TYPES)]


def data_uri_digest(uri: str) -> str | None:
    """The sha256 (hex) of the bytes a `data:` URI holds, as an attribute's value gives it (its
    references already read): the digest `inline_name` names the picture by when the guard finds
    it in the page's bytes, so what the page says of the element is joined with the picture.
    None for anything else, or a payload that cannot be decoded."""
    read = data_uri_payload(uri)
    data = read[1] if read is not None else None
    return hashlib.sha256(data).hexdigest() if data is not None else None


def data_uri_payload(uri: str) -> tuple[str, bytes | None] | None:
    """(declared type, bytes) of a `data:` URI as an attribute's value gives it, the bytes None when
    its base64 cannot be decoded; None when it is no data: URI."""
    raw = uri.strip().encode("utf-8", "replace")
    header = _header(raw, 0)
    if header is None:
        return None
    declared, encoded, payload_start = header
    payload = raw[payload_start:]
    return declared, _decode(payload) if encoded else unquote_to_bytes(payload.strip())


def data_uri_name(url: str, data: bytes) -> str:
    """The `inline_name` of a `data:` URI whose decoded bytes are `data` (an images pipeline's
    request for an embedded picture: named as the page's copy of it is; a name already given
    comes back the same). Anything but a picture keeps its declared type."""
    declared = _media_type_of(url[5:].split(",", 1)[0].split(";", 1)[0])
    picture = declared.startswith("image/") or sniff_kind(None, data) == "image"
    return inline_name(_media_type(declared) if picture else declared, data)


# a media type as the WHATWG MIME type parser accepts one (tokens each side of the slash), at most
# 127 characters a side (RFC 6838 4.2): anything else is no type (a 10 KB one named the picture)
_MEDIA_TYPE = re.compile(r"[-!#$%&'*+.^_`|~0-9a-z]{1,127}/[-!#$%&'*+.^_`|~0-9a-z]{1,127}")


def _media_type_of(text: str) -> str:
    """The declared type of a data: URI's header (its part before any `;`), lower-cased; "" when
    it is none."""
    declared = text.strip().lower()
    return declared if _MEDIA_TYPE.fullmatch(declared) else ""


def _media_type(declared: str) -> str:
    """What an embedded picture is named as: its declared type where it is one of the picture types
    `inline_names` looks for, else `image/*` (an untyped or mistyped payload the bytes showed to be a
    picture, or one declared as another image type). Why: kept as declared, `image/x-citrix-jpeg` named
    the picture by a type no access or erasure request by its bytes looked for."""
    return declared if declared in _DECLARED_PICTURE_TYPES else "image/*"


def _searched_as_text(body: bytes, encoding: str | None) -> tuple[str, int] | None:
    """(codec, length of its byte order mark) of a body in which "data:" and base64 are not
    their ASCII bytes (UTF-16, UTF-32, EBCDIC: the BOM says so, else the guard's `encoding`);
    None for every other body, searched as its bytes."""
    for bom, codec in BYTE_ORDER_MARK_CODECS:
        if body.startswith(bom):
            return None if codec == "utf-8" else (codec, len(bom))
    if not encoding or encoding == "utf-8" or ascii_compatible(encoding):
        return None
    return text_codec(encoding) or encoding, 0


def find_inline_images(body: bytes, *, encoding: str | None = None, min_payload: int = MIN_PAYLOAD,
                       _depth: int = 0) -> list[InlineImage]:
    """Every embedded raster picture worth a look (decoding base64 is cheap; analysing them
    is not: the caller checks the first `MAX_IMAGES` and lets on_error decide the rest).
    `encoding`: the body's (the guard's one decision); a UTF-16, UTF-32 or EBCDIC body is
    searched as its text, the positions given in its own bytes (so `blank_inline(body, spans,
    encoding)` empties them). Raises ValueError for URIs past `READ_FACTOR` inside one another, or for more
    than `MAX_CANDIDATES` URIs or `MAX_STARTS` places one may start."""
    as_text = _searched_as_text(body, encoding)
    if as_text is not None:
        return _find_in_wide(body, *as_text, min_payload)
    found: list[InlineImage] = []
    end, read, budget = 0, 0, READ_FACTOR * len(body) + READ_SLACK
    starts, candidates = 0, 0
    for start in _starts(body):  # (the pattern is tried only there)
        if start < end:
            continue  # inside the previous picture's payload
        starts += 1
        header = _header(body, start) if starts <= MAX_STARTS else None
        if starts > MAX_STARTS or candidates > MAX_CANDIDATES:
            raise ValueError(f"more than {MAX_CANDIDATES} data: URIs with long payloads or {MAX_STARTS} places where "
                             "one may start: the search stopped")
        if header is None:
            continue
        declared, encoded, payload_start = header
        if _no_picture_ahead(body, payload_start, declared, encoded):
            # (a long payload that is no picture: not read to its end, but looked at: what the cap bounds; a
            # script's `{data:e[1],type:t}` costs no look, and 60,000 of them were refused; found in review)
            candidates += 1
            continue
        payload, run = _payload(body, start, payload_start, encoded)
        read += run
        if read > budget:
            raise ValueError(f"data: URIs whose payloads overlap (a data: inside another's payload): more than {budget} "
                             "characters of payload read, the search stopped")
        if len(payload) < min(min_payload, SMALL_PAYLOAD):
            continue
        kind = _kind(declared, encoded, payload.lstrip())
        if kind not in ("image", "svg"):
            continue  # not a picture (text, an embedded font): known from its first bytes
        data = _decode(payload) if encoded else unquote_to_bytes(payload)
        if data is None or (kind == "image" and not _worth_a_look(len(payload), data, min_payload)):
            continue  # not base64: nothing shows a picture from it; or a picture too small to show a face
        end = span_end = payload_start + len(payload.rstrip())
        if kind == "svg":  # an SVG drawn from a data: URI may hold a raster picture of its own
            # (the outer URI goes whole; what lies inside it was searched as the SVG a browser draws: each
            # URI inside read again as one of the page's, a page of empty SVGs cost quadratic time)
            if _depth >= _MAX_DEPTH:
                found.append(InlineImage(start, span_end, "image/svg+xml", data, unchecked=True))
            else:
                inner = find_inline_images(data, min_payload=min_payload, _depth=_depth + 1)
                found += [InlineImage(start, span_end, i.media_type, i.data, i.unchecked) for i in inner]
            continue
        found.append(InlineImage(start, span_end, _media_type(declared), data))
    bare = _bare_pictures(body, [(f.start, f.end) for f in found], min_payload)
    return sorted(found + bare, key=lambda f: f.start) if bare else found


# A picture as a bare base64 string (an API's `{"avatar": "/9j/4AAQ…"}`, a script's state): no data:
# prefix says it is one, so it is known by a JPEG's, PNG's, GIF's or WebP's first base64 characters
# right after a string's quote (`/` perhaps written `\/`, as PHP's json_encode does, or `_`, in the
# URL-safe alphabet), and read to the same quote (`_QUOTES`: JSON inside a script's string quotes
# with `\"`, inside an attribute with `&quot;`), as base64 with JSON's escapes (MIME lines as `\n`).
# Each looked for by `bytes.find` (a pattern of a quote and the five took 20 ms for 2 MB, quotes
# being everywhere): the head the spellings share once (`9j` of `/9j/`, `\/9j\/` and `_9j_`, `R0lGOD` of GIF87a's and
# GIF89a's: four searches, not seven), each spelling checked where it is found (`_BARE`: what comes
# before the head and after it). JSON inside JSON (an API's `payload` holding a JSON text, as PHP writes it:
# `{"payload":"{\\"photo\\":\\"\\\\\\/9j\\\\\\/…\\"}"}`) escapes each escape again: a `/` as any run of
# backslashes before it, a quote too (`_escaped`); found in review, a portrait so written twice passed.
_BARE: dict[bytes, tuple[tuple[bytes, bytes], ...]] = {
    b"9j": ((b"/", b"/"), (b"\\/", b"\\/"), (b"_", b"_")), b"iVBORw0KGgo": ((b"", b""),),
    b"R0lGOD": ((b"", b"lh"), (b"", b"dh")), b"UklGR": ((b"", b""),)}
_QUOTES = (b'\\"', b"\\'", b'"', b"'", b"&quot;", b"&#34;", b"&#x22;", b"&#39;", b"&#x27;", b"&apos;")
_BARE_PAYLOAD = re.compile(rb"(?:[A-Za-z0-9+/=_-]++|\\++(?:[/nr]|u00[0-9a-fA-F]{2}))*+")
# Escaped again at most this often (JSON in JSON in JSON: 7 backslashes before a `/`)
MAX_ESCAPE_LEVELS: Final = 4
_URL_SAFE = bytes.maketrans(b"-_", b"+/")
_BARE_TYPE = {ord("/"): "image/jpeg", ord("\\"): "image/jpeg", ord("_"): "image/jpeg", ord("i"): "image/png",
              ord("R"): "image/gif", ord("U"): "image/webp"}


def _bare_pictures(body: bytes, spans: list[tuple[int, int]], min_payload: int) -> list[InlineImage]:
    """The pictures written as bare base64 strings in `body` (`_BARE`), outside the data: URIs at
    `spans`, each spanning the string's text (emptied to `data:,` as a URI is, which no reader
    takes for a picture). Why: a JSON answer carrying a portrait so passed unlooked at."""
    found: list[InlineImage] = []
    starts = [s for s, _e in spans]  # (in order, apart from one another: an SVG's pictures share its span)
    for start, quote in sorted(_bare_starts(body)):
        inside = bisect.bisect_right(starts, start) - 1  # (the URI it may be in: one look, not one a URI)
        if inside >= 0 and start < spans[inside][1]:
            continue  # (inside a data: URI's payload: found as that one, or as none)
        run = _BARE_PAYLOAD.match(body, start)
        assert run is not None  # (it matches the empty string)
        if run.end() - start < min(min_payload, SMALL_PAYLOAD) or not body.startswith(quote, run.end()):
            continue  # too short to show a face, or not a whole string of base64 (prose, a URL path)
        text = run.group().translate(_URL_SAFE)  # (base64url: `-` and `_` for `+` and `/`)
        if _kind("", True, text) != "image":
            continue
        data = _decode(text)
        if data is not None and _worth_a_look(len(text), data, min_payload):
            found.append(InlineImage(start, run.end(), _BARE_TYPE[body[start]], data))
    return found


def _worth_a_look(written: int, data: bytes, min_payload: int) -> bool:
    """Whether the picture `data`, written in `written` characters, is looked at: from `min_payload`
    characters on, always; under them, when its header opens (`decode.open_image`) and gives it at
    least the shipped policies' face_min_px (`images.DEFAULT_MIN_PX`) on its short side, as no
    icon, spacer or bullet has. Why: every picture under 1,024 characters was taken to be too small
    to show a face, and a 56-px portrait in lossy WebP (328 characters) passed unlooked at."""
    if written >= min_payload:
        return True
    from scrapeguard.detect.decode import open_image
    from scrapeguard.detect.images import DEFAULT_MIN_PX

    try:
        img = open_image(data)
    except Exception:  # noqa: BLE001 - a few hundred bytes that do not open: nothing shows a face from them
        return False
    try:
        return min(img.size) >= DEFAULT_MIN_PX
    finally:
        img.close()


def _opening_quote(body: bytes, start: int) -> bytes | None:
    """The quote (`_QUOTES`) a string starting at `start` opens with, None when none is there; an
    escaped one with all its backslashes (`\\\\\\"` in JSON inside JSON: the string ends with the same)."""
    before = body[max(0, start - 6):start]
    quote = next((quote for quote in _QUOTES if before.endswith(quote)), None)
    if quote is None or quote[:1] != b"\\":
        return quote
    return _escaped(body, start - 1, quote[1:])


def _escaped(body: bytes, at: int, char: bytes) -> bytes | None:
    """`char` (a `/` or a quote at `at`) with the run of backslashes before it, when the run is at most
    `MAX_ESCAPE_LEVELS` deep. Odd or even: inside a string quoted `\\"`, PHP's `\\/` escaped again by an
    encoder that leaves `/` alone (Python's, JavaScript's, Go's) is `\\\\/`, a `/` all the same (found in
    review); where the run only escapes itself, the string is read for a picture all the same, no harm."""
    run = 0
    while run < 2 ** MAX_ESCAPE_LEVELS and at - run - 1 >= 0 and body[at - run - 1] == 0x5C:
        run += 1
    return b"\\" * run + char if run < 2 ** MAX_ESCAPE_LEVELS else None


def _bare_starts(body: bytes) -> Iterator[tuple[int, bytes]]:
    """Where a bare base64 picture may start in `body`, and the quote before it: each spelling of
    `_BARE` right after a quote."""
    for head, spellings in _BARE.items():
        for at in _finds(body, head):
            tried = spellings
            if head == b"9j" and at >= 2 and body[at - 2] == 0x5C and body[at - 1] == 0x2F:
                escaped = _escaped(body, at - 1, b"/")  # (`\\\\\\/9j\\\\\\/`: JSON escaped again, each `/` alike)
                tried = ((escaped, escaped),) if escaped is not None else ()  # (this start's: not the next one's)
            for before, after in tried:
                start = at - len(before)  # (`\/9j\/`: the string starts at the backslash)
                if start >= 0 and body.startswith(before, start) and body.startswith(after, at + len(head)) and \
                        (quote := _opening_quote(body, start)) is not None:
                    yield start, quote


def may_hold_inline(body: bytes, encoding: str | None = None) -> bool:
    """Whether `find_inline_images` could find a picture in `body`, known from where its search
    starts (a `data:` URI's scheme, a bare base64 picture's first characters) without reading a
    payload. Why: bytes left unsearched (a multipart part past the pictures checked, parts never
    split) were said to hold none unless they held `data:image/`, so a bare base64 portrait, or
    one behind `data&#58;`, passed there with no finding; each `data:` counts only when it may be
    a picture (`_may_be_picture`)."""
    as_text = _searched_as_text(body, encoding)
    if as_text is not None:
        body = _wide_text(body, *as_text)
    return any(_may_be_picture(body, start) for start in _starts(body)) or next(_bare_starts(body), None) is not None


def _may_be_picture(body: bytes, start: int) -> bool:
    """Whether the `data:` at `start` may be a URI the search takes for a picture: its header
    reads as one's (`_header`) and declares an image (SVG too), or its payload's first bytes are a
    picture's. Why: any `data:` or `data&` counted (`?fields=metadata&page=2`, `{data: x}`), so a
    batch's every part past the pictures checked was unchecked."""
    header = _header(body, start)
    if header is None:
        return False
    declared, encoded, payload_start = header
    if declared.startswith("image/"):
        return True
    # (its head is enough; read up to a bound, not a copy of the body before it: quadratic over many)
    payload, _run = _payload(body, start, payload_start, encoded, stop=payload_start + _AHEAD)
    return _kind(declared, encoded, payload.lstrip()) in ("image", "svg")


def _finds(body: bytes, text: bytes) -> Iterator[int]:
    """Where `text` occurs in `body`, each time."""
    at = body.find(text)
    while at >= 0:
        yield at
        at = body.find(text, at + 1)


def _starts(body: bytes) -> Iterator[int]:
    """Where a `data:` URI may start in `body`, in order: each `data:` (or `data&`, a reference to the colon)
    in any case, found in a lower-cased copy by a pattern with a literal head (~0.2 ms for 136 kB; a
    case-blind regex scan took 1-2 ms), positions being the same in both; and, only in a body that
    may hold one, each spelt otherwise (`_SCHEME`): where a reference may spell part of it, or
    where more `data:` show once tabs and line breaks are dropped (by `bytes.replace`, 3 times
    faster than `bytes.translate`). Together about as fast as two `bytes.find` of `data:`/`data&`.
    Found as they are read (a caller stops at `MAX_CANDIDATES`: 1.4 million gathered and sorted took 1 s)."""
    lowered = body.lower()
    squeezed = lowered.replace(b"\n", b"").replace(b"\r", b"").replace(b"\t", b"")
    plain = (m.start() for m in _DATA.finditer(lowered))
    if _SCHEME_REFERENCE.search(body) or _SCHEME_ESCAPE.search(body) or _data_count(squeezed) > _data_count(lowered):
        return _unique(heapq.merge(plain, (m.start() for m in _SCHEME.finditer(body))))
    return plain


def _data_count(lowered: bytes) -> int:
    """How many times `_DATA` matches (its matches cannot overlap), without a match object each."""
    return lowered.count(b"data:") + lowered.count(b"data&")


def _unique(ordered: Iterator[int]) -> Iterator[int]:
    """`ordered` without repeats."""
    last = -1
    for at in ordered:
        if at != last:
            yield at
            last = at


_DATA = re.compile(rb"data[:&]")


def _find_in_wide(body: bytes, encoding: str, bom: int, min_payload: int) -> list[InlineImage]:
    """`find_inline_images` of a body searched as text: in its UTF-8 transcoding, each picture's
    span mapped back to the body's bytes (one pass over the spans in order)."""
    wide = _wide_text(body, encoding, bom)
    found = find_inline_images(wide, min_payload=min_payload)
    where: dict[int, int] = {}
    at, mapped = 0, bom
    for offset in sorted({p for f in found for p in (f.start, f.end)}):
        # ("replace": a byte the codec has no character for was read as U+FFFD, one byte again)
        mapped += len(wide[at:offset].decode("utf-8", "surrogatepass").encode(encoding, "replace"))
        at = offset
        where[offset] = mapped
    return [InlineImage(where[f.start], where[f.end], f.media_type, f.data, f.unchecked) for f in found]


def _wide_text(body: bytes, encoding: str, bom: int) -> bytes:
    """The UTF-8 transcoding of a body searched as text (`_searched_as_text`): its text after its
    byte order mark (a lone surrogate becomes U+FFFD, two bytes as it was; an odd last byte ends it)."""
    return body[bom:].decode(encoding, "replace").encode("utf-8", "surrogatepass")


def _header(body: bytes, start: int) -> tuple[str, bool, int] | None:
    """(declared type, base64?, payload offset) of the data: URI at `start`, or None.
    (Its common spelling and its comma's are looked for first: the patterns that read every
    spelling cost ~7 us a candidate, and a page may hold thousands of `data:` that are no URI.)"""
    if body[start:start + 5].lower() == b"data:":
        colon = start + 5
    elif (scheme := _SCHEME.match(body, start)) is not None:
        colon = scheme.end()
    else:
        return None
    comma = body.find(b",", colon, colon + _HEADER_MAX)  # (a reference or an escape counts only before it)
    bound = comma if comma >= 0 else colon + _HEADER_MAX
    first = [at for at in (comma, body.find(b"&", colon, bound), body.find(b"\\", colon, bound)) if at >= 0]
    found = _COMMA.search(body, min(first), colon + _HEADER_MAX) if first else None  # (every comma starts so)
    if found is None:
        return None
    header = body[colon:found.start()]
    if _NOT_HEADER.search(header):
        return None  # the comma is past the end of this URI
    if b"&" in header:  # (`image&#47;jpeg&#59;base64`: references, read as the browser reads them)
        header = html.unescape(header.decode("latin-1")).encode("latin-1", "replace")
    if b"\\" in header:  # (`image/jpeg\;\62 ase64`: a style sheet's escapes; `image\/jpeg` in JSON too)
        header = _CSS_ESCAPE.sub(_css_unescaped, header)
    header = header.translate(None, b"\t\n\r")  # (`;base<LF>64`: dropped by the URL parser)
    encoded = b"64" in header and _BASE64_END.search(header) is not None
    declared = _media_type_of(header.split(b";", 1)[0].replace(b"\\", b"").decode("latin-1"))
    return declared, encoded, found.end()


# Characters of a payload whose bytes say what it is (base64, percent-encoded): `sniff_kind` reads 72 bytes
_HEAD = {True: 96, False: 288}
# A payload longer than this is known to be no picture from its head alone (`_no_picture_ahead`)
_AHEAD = 512
_SPACE = re.compile(rb"[ \t\n\r\x0b\x0c]")  # (what `bytes.strip` strips: every cut of a payload starts at one)


def _kind(declared: str, encoded: bool, content: bytes) -> str:
    """`sniff_kind` of a payload (its leading white space stripped) from its first bytes."""
    head = _decode(content[:_HEAD[encoded]], head=True) if encoded else unquote_to_bytes(content[:_HEAD[encoded]])
    return sniff_kind(declared, head) if head is not None else "other"


def _no_picture_ahead(body: bytes, payload_start: int, declared: str, encoded: bool) -> bool:
    """Is the payload at `payload_start` known to be no picture without reading it to its end?
    True when it runs on past `_AHEAD` characters, nothing cuts it (`_payload`: every cut starts
    at white space) or leads it before its head, and its head is no picture's: as `_payload`
    then `_kind` would say, for a fraction of the cost. Why: the payload of each `data:` inside
    another's was read to that one's end again (240 kB of `data:,` took 56 s)."""
    pattern = _BASE64_PAYLOAD if encoded else _PERCENT_PAYLOAD
    run = pattern.match(body, payload_start, payload_start + _AHEAD)
    head = _HEAD[encoded]
    if run is None or run.end() < payload_start + _AHEAD or _SPACE.search(body, payload_start, payload_start + head + 1):
        return False
    return _kind(declared, encoded, body[payload_start:payload_start + head]) not in ("image", "svg")


def _payload(body: bytes, start: int, payload_start: int, encoded: bool, stop: int | None = None) -> tuple[bytes, int]:
    """The payload of the data: URI at `start` whose header `_header` read, as far as it goes (or to
    `stop`), and how many characters were read to find its end."""
    pattern = _BASE64_PAYLOAD if encoded else _PERCENT_PAYLOAD
    payload = pattern.match(body, payload_start, len(body) if stop is None else stop)
    assert payload is not None  # both match the empty string
    text = payload.group(0)
    if start and body[start - 1:start] == b"=":  # an unquoted attribute value ends at white space, as a browser
        end = _WHITE_SPACE.search(text)  # ends it (`src=data:…Z hidden>`, `src=data:…Z />`)
        if end is not None:
            text = text[: end.start()]
    if encoded and b"=" in text:
        attribute = _NEXT_ATTRIBUTE.search(text)  # (`<img src=data:…;base64,…Z alt=Jane>`, as minifiers write it)
        if attribute is not None:
            text = text[: attribute.start()]
    if encoded and text[-1:].lower() in b"wxh0123456789":
        descriptor = _DESCRIPTOR.search(text)  # (`srcset="data:…;base64,… 1x, …"`: the 1x is not the picture's)
        if descriptor is not None:
            text = text[: descriptor.start()]
    return text, payload.end() - payload_start


# A JSON string's escapes (a script's state: PHP's json_encode writes `\/`, MIME-wrapped base64 has
# `\n` or `\r\n` every 76 characters): `\uXXXX` as its character, `\n` `\r` `\t` `\b` `\f` as white
# space (dropped as the browser's forgiving base64 drops it), any other `\x` as `x`.
# A style sheet's CSS escapes too (`\2f ` for `/`, `_css_escape`): those JSON has none of (`\2`, `\a`;
# `\b` and `\f` followed by hex digits), as their character.
_JSON_ESCAPE = re.compile(rb"\\(?:u00([0-9a-fA-F]{2})|([0-9a-eA-E][0-9a-fA-F]{0,5}|[bfBF][0-9a-fA-F]{1,5})"
                          rb"(?:\r\n|[ \t\n\r\f])?|([nrtbf])|(.))", re.DOTALL)


def _json_unescaped(m: re.Match[bytes]) -> bytes:
    if m.group(2):
        return _ascii(m.group(2))
    return bytes.fromhex(m.group(1).decode()) if m.group(1) else b" " if m.group(3) else m.group(4)


def _decode(payload: bytes, head: bool = False) -> bytes | None:
    """The bytes of a base64 payload as written in a page. `head`: only its first characters, cut
    at the last whole 4-character group (escapes undone, its length is no multiple of 4: padded,
    a `\\/` too many made it undecodable, and the picture was taken for no picture)."""
    text = payload.strip()
    for _level in range(MAX_ESCAPE_LEVELS):  # JSON inside a script: `\/` and `\u002F` for `/`, `\n` between MIME lines
        if b"\\" not in text:  # (and inside JSON again: each escape escaped, `\\\/`, `\\n`)
            break
        text = _JSON_ESCAPE.sub(_json_unescaped, text)
    if b"&" in text:  # character references inside an attribute (`&#43;`)
        text = html.unescape(text.decode("ascii", "replace")).encode("ascii", "replace")
    if b"%" in text:  # percent-encoded inside a URL (`%2B`, `%3D`)
        text = unquote_to_bytes(text)
    text = re.sub(rb"\s+", b"", text)
    if head:
        text = text[: len(text) - len(text) % 4]
    try:
        return base64.b64decode(text + b"=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None


def blank_inline(body: bytes, spans: Iterable[tuple[int, int]], encoding: str | None = None) -> bytes:
    """`body` with each `(start, end)` data URI replaced by an empty one (`data:,`, in the
    body's `encoding`: a UTF-16 page's is two bytes a character, an EBCDIC page's other bytes):
    the element stays, its picture is gone. A span repeated or inside an earlier one is skipped."""
    as_text = _searched_as_text(body, encoding)
    empty = "data:,".encode(as_text[0]) if as_text is not None else b"data:,"
    out: list[bytes] = []
    at = 0
    for start, end in sorted(set(spans)):
        if start < at:
            continue  # one URI holding several pictures (an SVG's): emptied once
        out += [body[at:start], empty]
        at = end
    out.append(body[at:])
    return b"".join(out)
