"""What kind of answer a response is, and how much of it an adapter must hold to have it judged.

One test for every adapter (the httpx transports, the proxy, `Guard.check_response` itself), so
that they tell pages, pictures, event streams and downloads apart alike."""

from __future__ import annotations

import re

from scrapeguard.codings import plain_text
from scrapeguard.detect.multipart import is_multipart
from scrapeguard.resource import (
    TEXT_TYPE,
    ContentKind,
    Headers,
    content_type_of,
    names_a_medium,
    sniff_kind,
    tells_no_kind,
)

# kinds whose bytes the decision reads: cut at the cap, they were judged in part only
JUDGED_BY_CONTENT = frozenset({"html", "image", "svg"})  # an SVG: its embedded pictures
# (JSON Lines too, `x-ndjson`, `jsonl`: an API's stream of records, each may hold a base64 avatar; YAML, TOML;
# S3's `binary/octet-stream` for an object stored without a type, as application/octet-stream)
_TEXT_TYPES = re.compile(TEXT_TYPE.pattern + r"|binary/octet-stream\b|application/(?:x-)?octet-stream\b", re.IGNORECASE)


def is_text(content_type: str | None) -> bool:
    """A textual answer that may carry a `data:` picture (JSON, JSON Lines, YAML, CSS, a script, plain text);
    no type at all counts too. Binary types (archives, video) are not searched."""
    return not content_type or _TEXT_TYPES.match(content_type.strip()) is not None


# Structured text whose records or rules carry pictures as data: URIs (an API's avatars, a style
# sheet's backgrounds, a script's bundled images).
_PICTURE_CARRYING_TEXT = re.compile(r"(?:application|text)/(?:[\w.+-]*\+)?(?:x-)?(?:nd)?(?:json(?:l|lines)?|javascript"
                                    r"|ecmascript|css|yaml|toml)\s*(?:;|$)", re.IGNORECASE)


def declares_text(content_type: str | None) -> bool:
    """A type that says the answer is structured text that carries pictures (JSON, CSS, a script,
    YAML, TOML): one cut at the cap may hide a data: picture past it. Not plain text, CSV or an
    untyped or octet-stream answer (any download: searched, but not held to be whole) nor an
    event stream (never whole: judged on its headers)."""
    return content_type is not None and _PICTURE_CARRYING_TEXT.match(content_type.strip()) is not None


def answer_kind(status: int | None, content_type: str | None, location: str | None, body: bytes) -> ContentKind:
    """What `check_response` takes an answer for (`resource.sniff_kind`): by its type and its
    bytes, a redirect's by its bytes alone (its type may name what it points to: a PHP avatar
    script's image/jpeg on "Moved"); a 304 or an empty body is "other"."""
    if not body or status == 304:
        return "other"
    redirect = status is not None and 300 <= status < 400 and bool(location)
    return body_kind(None if redirect else content_type, body)


def body_kind(content_type: str | None, body: bytes) -> ContentKind:
    """What a body is (`resource.sniff_kind`), and a picture in a raster format the magic numbers do not list (a
    PSD, a DDS, an ICNS, an SGI …) where its type leaves that to its bytes (`tells_no_kind`) or names a video, a
    sound, a font or an archive (`names_a_medium`, as a weak magic number is trusted over one): an image pipeline
    opens the bytes as Pillow reads them, and stored a portrait served as application/octet-stream (review,
    session 60) or as video/mp4 (review, session 66). For an answer and for each part of a multipart one alike."""
    kind = sniff_kind(content_type, body)
    if kind == "other" and (tells_no_kind(content_type) or names_a_medium(content_type) or (
            TEXT_TYPE.match((content_type or "").strip()) is not None and not plain_text(body[:4096]))):
        # (under a text's type only bytes no text holds: a raw PPM, PCX or SGI portrait served as text/plain passed
        # as text to every adapter, and Pillow opened it; "P1 2 3 race results", text, stays text. Review, session 66)
        from scrapeguard.detect.decode import pillow_picture_format

        if pillow_picture_format(body[:4096]) is not None:
            return "image"
    return kind


def judged_by_content(kind: str, content_type: str | None) -> bool:
    """Whether `check_response` reads the bytes of an answer of this kind (a page, a picture, an
    SVG, text that may carry a data: picture, a multipart answer), so that an adapter must hand
    it over whole up to the cap; any other is judged on its headers and first bytes."""
    return (kind in JUDGED_BY_CONTENT or is_multipart(content_type)
            or (kind == "other" and is_text(content_type)))


def read_whole(status: int, headers: Headers, head: bytes) -> bool:
    """Whether an adapter must hold this answer's body whole (up to the cap) for `check_response`,
    told from its status, its header fields (the last Content-Type, as the guard reads it) and its
    first decoded bytes (`head`: a JPEG served as audio is a picture); any other is judged on its
    headers and `head` and then streams as it comes. One test for every adapter, so the httpx
    transports and the proxy tell answers apart alike."""
    content_type = content_type_of(headers)
    return judged_by_content(answer_kind(status, content_type, headers.get("location"), head), content_type)


EVENT_STREAM = "text/event-stream"


# The least body an adapter may be told to hold, as a policy's `runtime.max_body_bytes` allows.
MIN_BODY_CAP = 1024


def body_cap(requested: int | None, default: int) -> int:
    """An adapter's `max_body_bytes`: the policy's unless given. A cap below `MIN_BODY_CAP` (a
    negative or zero one) would make every answer `body.too_large`, so it is refused at once."""
    if requested is None:
        return default
    if isinstance(requested, bool) or not isinstance(requested, int) or requested < MIN_BODY_CAP:
        raise ValueError(f"max_body_bytes must be a whole number of bytes >= {MIN_BODY_CAP}, not {requested!r}")
    return requested


def asked_event_stream(accept: str | None, headers: Headers) -> bool:
    """Whether the answer is an event stream (Server-Sent Events) the client asked for (`Accept:
    text/event-stream`, as EventSource and httpx-sse send): text that never ends, each event sent
    when something happens, so an adapter judges it on its headers alone. Why apart: read as text
    the guard reads (up to the cap), or even up to its first `SNIFF_HEAD`, `client.stream()` on
    one waited for ever. Why asked for: a picture or page merely labelled so would pass unread."""
    return _accepts(accept or "", EVENT_STREAM) and \
        (content_type_of(headers) or "").split(";")[0].strip().lower() == EVENT_STREAM


def _accepts(accept: str, media_type: str) -> bool:
    """Whether an Accept field names `media_type` itself with a weight above 0 (RFC 9110 12.5.1:
    `text/event-stream;q=0` says "not this")."""
    for member in accept.lower().split(","):
        name, *params = member.split(";")
        if name.strip() != media_type:
            continue
        weight = next((p.split("=", 1)[1].strip() for p in params if p.strip().startswith("q=")), "1")
        try:
            if float(weight) > 0:
                return True
        except ValueError:
            return True  # an unreadable weight is the default one
    return False
