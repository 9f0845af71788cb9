"""How adapters enact a decision for a client that only speaks HTTP: a 451 response and
`X-Scrapeguard-*` headers, and what an answer whose body the guard replaced no longer says. Shared
by the httpx transport, the Scrapy middleware and the proxy, so a crawler sees the same explanation
whichever integration it goes through."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any, Final, Literal

from scrapeguard.decision import REDACT_INCOMPLETE, Decision
from scrapeguard.signals.robots import RETRY_SECONDS

log = logging.getLogger("scrapeguard")

STATUS_BLOCKED = 451  # RFC 7725 "Unavailable For Legal Reasons"
STATUS_UNAVAILABLE = 503  # "Service Unavailable": refused only until the site answers again (`refusal_status`)
# what refuses only for a while: the site's robots.txt unreachable (RFC 9309 §2.3.1.4), asked for again after
# `RETRY_SECONDS`; its fetch cut short by the request's own timeout (`error.cutshort`: plain httpx raises a
# timeout there); the audit log locked past its busy timeout by another process (`audit.write_failed`: the next
# write may pass); its host files dropped from a cache too small for the origins in flight (`error.hostfilesdropped`).
# Answered 451 (review, session 66), a crawler took each for an opt-out and never came back
PASSING_REASONS = frozenset({"robots.unreachable", "error.cutshort", "audit.write_failed", "error.hostfilesdropped",
                             "page.busy"})
_ERROR_NAMES = {STATUS_BLOCKED: "unavailable_for_legal_reasons", STATUS_UNAVAILABLE: "service_unavailable"}
ACTION_HEADER = "X-Scrapeguard-Action"
REASON_HEADER = "X-Scrapeguard-Reason"
DECISION_HEADER = "X-Scrapeguard-Decision-Id"
MODE_HEADER = "X-Scrapeguard-Mode"  # "audit" when the action was recorded but not enforced
TRUNCATED_HEADER = "X-Scrapeguard-Truncated"  # the decision was made on the first N bytes of the body
# Adapters drop upstream headers with this prefix: a site must not present its own verdict as the guard's.
MARK_PREFIX = "x-scrapeguard-"
# What describes the origin's bytes, not others an adapter hands over in their place (a redaction,
# or the part of a broken-off body that decoded): its range, validators and digests. Dropped from
# such an answer, so that no cache, resuming downloader or next range request takes those bytes for
# the origin's. Last-Modified among them: a validator (RFC 9110 §8.8), which a conditional or ranged
# request (`If-Modified-Since`, `If-Range`) holds the redacted copy to as the origin's (kept, review).
ORIGIN_BYTES_HEADERS = ("content-range", "accept-ranges", "etag", "last-modified", "content-md5", "digest",
                        "content-digest", "repr-digest")
# What the answer to a HEAD cannot promise when a GET's body would be redacted: the length and the origin's
# range, validators and digests describe bytes a GET does not hand over (RFC 9110 §9.3.2: a HEAD's fields
# are a GET's; its Content-Length may be left out). Kept, a HEAD said 30 567 bytes and the GET gave 32 185.
UNPROMISED_ON_HEAD = ("content-length", *ORIGIN_BYTES_HEADERS)


def head_unpromised(action: str | None, enforced: bool) -> tuple[str, ...]:
    """The headers (`UNPROMISED_ON_HEAD`) a HEAD's answer drops under a request-stage decision: all of
    them when a GET's body would be redacted, none otherwise (an audit-mode redaction hands it on unchanged)."""
    return UNPROMISED_ON_HEAD if enforced and action == "redact" else ()


# what the 451 of a redacted part of a range says (`must_withhold`)
RANGE_WITHHELD = ("only a part of this resource was requested (a range), and a redacted copy of a part cannot be "
                  "handed on as the resource's bytes: request all of it to receive its redacted copy")


class WebSocket(Exception):
    """A protocol switch (a WebSocket upgrade, a 101): what then passes over the connection is no
    HTTP answer the guard could judge, recorded as `error.websocket` (the class's name), which the
    policy's on_error decides, whichever adapter met it."""


class BodyBrokenOff(ConnectionError):
    """The origin's answer broke off after its headers (`error.bodybrokenoff`, the class's name): nothing judged
    it. The proxy answers its client with mitmproxy's 502, the httpx transports raise httpx's own error; both
    record this, so that one code finds such answers of either in the audit log."""


class MisdirectedHost(Exception):
    """A request whose Host names another host than the one judged (a site pinned to an address: `GET
    http://192.0.2.1/p` with `Host: a.example`, or such a request in a proxy's CONNECT tunnel): a
    virtual-host server answers as the host named, so the guard cannot judge what comes
    (`error.misdirectedhost`, the class's name), which the policy's on_error decides, whichever adapter met it."""


def websocket_asked(headers: Any) -> WebSocket | None:
    """Why a request cannot be judged when it asks for a WebSocket handshake (RFC 6455 §4.1, however
    the client spells its Upgrade header): its messages would pass no check. `headers`: httpx's or
    mitmproxy's (case-insensitive, `get` and `in`). One reading for the proxy and the httpx transports,
    which refuse it before asking the site where the policy refuses what it cannot judge."""
    upgrade = {t.strip().lower() for t in (headers.get("upgrade") or "").split(",")}
    if "websocket" in upgrade or "sec-websocket-key" in headers or "sec-websocket-version" in headers:
        return WebSocket("WebSocket messages cannot be judged by the guard: the upgrade is relayed only where the "
                         "policy lets what cannot be judged pass (fail-open)")
    return None


def misdirected(url: str, named: str | bytes | None) -> MisdirectedHost | None:
    """Why a request for `url` cannot be judged as its URL's when its Host header (`named`) names another
    host (compared as httpx reads a URL: case, a default port, an IDN's xn-- form and a fully-qualified name's
    trailing dot aside: `a.example.` was refused, review); None when it names the URL's, or there is none (bytes:
    Scrapy's header). One reading for the httpx transport and the Scrapy middleware."""
    if named is None:
        return None
    if isinstance(named, bytes):  # (Scrapy's headers)
        named = named.decode("latin-1")
    import httpx

    try:
        target = httpx.URL(url)
        host = httpx.URL(f"{target.scheme}://{named}/")
        same = not any(c in named for c in "@/?#\\") and (_compared_host(host.raw_host), host.port) == (
            _compared_host(target.raw_host), target.port)
    except (httpx.InvalidURL, UnicodeError, ValueError):
        same = False
    if same:
        return None
    return MisdirectedHost(f"the request names the host {named[:200]!r}, not the host its URL goes to "
                           f"({url[:200]}), so the site that answers is not the one judged")


def _compared_host(raw_host: bytes) -> bytes:
    """A host as `misdirected` compares it: lower case, one trailing dot (`a.example.`, its fully-qualified
    form, the same host to DNS and to virtual hosts) dropped."""
    return raw_host.lower().removesuffix(b".")


_RANGE_START = re.compile(r"\s*bytes\s+([0-9]{1,18})\s*-", re.IGNORECASE)
_WHOLE_RANGE = re.compile(r"\s*bytes\s+0-([0-9]{1,18})\s*/\s*([0-9]{1,18})\s*", re.IGNORECASE)  # (int() refuses 4,300+ digits)


def reason_codes(decision: Decision) -> list[str]:
    """The codes of the findings that set the decision's action (deduplicated, in order): `Decision.reasons`."""
    return decision.reasons


def decision_headers(decision: Decision) -> list[tuple[str, str]]:
    """Headers naming the action, the deciding reason codes and the audit record id."""
    codes = ",".join(reason_codes(decision))
    # Header values must stay latin-1 and single-line; codes are dotted ASCII.
    codes = codes.encode("ascii", "replace").decode("ascii").replace("\r", " ").replace("\n", " ")[:1024]
    headers = [(ACTION_HEADER, decision.action), (REASON_HEADER, codes or "none"), (DECISION_HEADER, decision.decision_id)]
    if audit_only(decision):
        headers.append((MODE_HEADER, "audit"))
    return headers


def audit_only(decision: Decision) -> bool:
    """Whether the decision is only recorded, the answer let through as it came (an audit-mode
    policy): what every adapter says as its mode. A block audit mode enforces all the same (an
    erased item's) is no would-be one."""
    return not decision.enforced and not must_withhold(decision)


# The page's pictures a 451's body lists at most (each with its reasons): a page of thousands made a refusal of
# megabytes, which crawlers log and store; the decision's audit record, found by its id, holds them all
MAX_BODY_IMAGES = 50


def blocked_body(decision: Decision) -> bytes:
    """The JSON body of a 451: the human explanation plus the decision record (its first `MAX_BODY_IMAGES`
    pictures, and how many more the audit record holds).

    Never raises: it is what every adapter answers with when it withholds, and a failure here
    lost the 451 (mitmproxy sent a 502 instead, Scrapy logged an error). A lone surrogate (a header
    mitmproxy read with surrogateescape) is written as a JSON escape; a decision JSON cannot hold
    (evidence keyed by a tuple) gives the explanation, reasons and decision id alone."""
    try:
        payload: dict[str, object] = {
            "error": _ERROR_NAMES[refusal_status(decision)],
            "explanation": decision.explain(),
            "reasons": reason_codes(decision),
            "decision": _listing_some_images(decision.to_dict()),
        }
        text = json.dumps(payload, ensure_ascii=False, default=str)
    except Exception:  # noqa: BLE001
        text = json.dumps({
            "error": _safely(lambda d: _ERROR_NAMES[refusal_status(d)], decision) or "unavailable_for_legal_reasons",
            "explanation": _safely(Decision.explain, decision),
            "reasons": _safely(reason_codes, decision),
            "decision_id": decision.decision_id,
        }, default=repr)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # (lone surrogates: escaped, the body stays valid UTF-8 and JSON)
        return json.dumps(json.loads(text), default=str).encode("ascii")


def _listing_some_images(record: dict[str, Any]) -> dict[str, Any]:
    """`record` (a decision's fresh `to_dict`, changed in place) with its first `MAX_BODY_IMAGES` pictures
    listed, those the guard acted on (not `allow`) first, in page order: the ones that say why it refused."""
    images = record.get("images")
    if isinstance(images, list) and len(images) > MAX_BODY_IMAGES:  # (a stable sort keeps the page's order)
        record["images"] = sorted(images, key=lambda image: image["action"] == "allow")[:MAX_BODY_IMAGES]
        record["images_not_listed"] = len(images) - MAX_BODY_IMAGES  # (in the decision's audit record, if kept)
    return record


def _safely(get: Callable[[Decision], object], decision: Decision) -> object:
    """`get(decision)`, or None where the decision cannot give it (for `blocked_body`'s last resort)."""
    try:
        return get(decision)
    except Exception:  # noqa: BLE001
        return None


def refusal_status(decision: Decision) -> int:
    """The status a refusal is answered with: 451, or 503 where every reason it was refused for passes with
    time (`PASSING_REASONS`). Why: a site down for a minute was answered 451, for each request until its
    robots.txt was asked for again, and crawlers retry a 503, never a 451: the site read as opted out for good."""
    codes = reason_codes(decision)
    return STATUS_UNAVAILABLE if codes and PASSING_REASONS.issuperset(codes) else STATUS_BLOCKED


def blocked_headers(decision: Decision, body: bytes) -> list[tuple[str, str]]:
    return [
        ("Content-Type", "application/json; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("Cache-Control", "no-store"),
        *decision_headers(decision),
        *((("Retry-After", str(round(RETRY_SECONDS))),) if refusal_status(decision) == STATUS_UNAVAILABLE else ()),
    ]


def replaced_status(status: int) -> int:
    """The status of an answer whose body an adapter replaced: a 206 becomes a 200, since the body
    handed over is whole in itself, not the range of the origin's bytes its Content-Range named.
    A redaction becomes one only of a range covering all of the resource (`must_withhold` refuses
    a redacted part of one)."""
    return 200 if status == 206 else status


def whole_range(content_range: str | None) -> bool:
    """Whether a 206's Content-Range covers the whole representation, `bytes 0-(N-1)/N`: its body
    is then all of the resource, which a redacted copy may stand for. A part of it (`bytes 100-359/360`,
    an unknown length `*`, a multipart/byteranges answer without the header) is not."""
    match = _WHOLE_RANGE.fullmatch(content_range or "")
    return match is not None and int(match[1]) + 1 == int(match[2])


def _range_start(content_range: str | None) -> int | None:
    """The first byte a 206's Content-Range says its part begins at; None where it says none that can be read."""
    match = _RANGE_START.match(content_range or "")
    return int(match[1]) if match is not None else None


def starts_past_first_byte(content_range: str | None) -> bool:
    """Whether a 206's Content-Range says its part begins past the representation's first byte (`bytes
    100-…`): a picture's middle, which is no picture to its bytes. Whatever it does not say so of (no
    Content-Range, `bytes 0-…`, `bytes 00 - 99`, an unreadable one) is decoded as far as it goes."""
    return (_range_start(content_range) or 0) > 0


def starts_at_first_byte(content_range: str | None) -> bool:
    """Whether a 206's Content-Range says its part begins at the representation's first byte (`bytes 0-…`);
    not one that says nothing or cannot be read, whose part may begin anywhere."""
    return _range_start(content_range) == 0


_RANGE_TOTAL = re.compile(r"\s*bytes\s+[0-9]{1,18}\s*-\s*[0-9]{1,18}\s*/\s*([0-9]{1,18})\s*", re.IGNORECASE)


def range_total(content_range: str | None) -> int | None:
    """The representation's length a 206's Content-Range gives (`bytes 0-99/5000` -> 5000); None where it gives
    none (`/*`) or cannot be read."""
    match = _RANGE_TOTAL.fullmatch(content_range or "")
    return int(match[1]) if match is not None else None


def must_withhold(decision: Decision) -> bool:
    """True when the crawler may not have the resource as fetched: a block, or a redact
    for which the core produced no redacted form (never hand over the original) — among them
    a redacted part of a range, of which the guard makes no copy (`redact.range_part`): handed
    over as a 200 it posed as the whole resource, and as a 206 its bytes are not the origin's
    range. A redirect or a 304 delivers no content to redact: it passes, and the page's
    word about the image goes with it to the next hop (`Guard.carry_context`), where the image
    itself is judged; unless its own body held something to redact (a face, or the very picture
    the page spoke of: a redacted copy of it is handed over), and, cut at the cap, no copy was made."""
    if not decision.allowed:
        return True
    if not (decision.enforced and decision.action == "redact") or decision.redacted_body is not None:
        return False
    if decision.status is not None and 300 <= decision.status < 400:
        # a redirect's own body, cut at the cap with something to redact in it, is still content
        return any(n.code == REDACT_INCOMPLETE for n in decision.notes)
    return True


def links_kept(values: list[str], decision: Decision) -> list[str]:
    """The Link field values an answer keeps: as they came, but for a page the guard redacted, whose
    links to a picture it took out go (`page_redact.links_without`: a `rel=preload; as=image` of the
    portrait was handed on beside the copy without it, found in review); an emptied value goes whole."""
    return _values_kept("Link", values, decision)


def refresh_kept(values: list[str], decision: Decision) -> list[str]:
    """The Refresh field values an answer keeps: as they came, but for a page the guard redacted, none that sends
    the browser on to a picture it took out (`page_redact.refresh_without`, as its `<meta http-equiv=refresh>` to
    one goes: found in review, session 70)."""
    return _values_kept("Refresh", values, decision)


def _values_kept(field: Literal["Link", "Refresh"], values: list[str], decision: Decision) -> list[str]:
    if not (decision.enforced and decision.action == "redact" and decision.redacted_body is not None) or not values:
        return values
    removed = decision.pictures_taken_out()
    if not removed:
        return values
    from scrapeguard.detect import page_redact

    without = page_redact.links_without if field == "Link" else page_redact.refresh_without
    try:
        kept = [without(value, removed, decision.url) for value in values]
    except Exception as exc:  # noqa: BLE001 - none is handed on unread
        log.warning("scrapeguard: the %s fields of %s could not be read (%s); dropped", field, decision.url[:200], exc)
        return []
    return [value for value in kept if value]


# The fields a redacted page's answer keeps only in part (`fields_kept`): those naming the pictures it took out go
KEPT_IN_PART: Final[dict[str, Callable[[list[str], Decision], list[str]]]] = {"link": links_kept,
                                                                             "refresh": refresh_kept}


def fields_kept(name: str, raw: list[bytes], decision: Decision) -> list[bytes]:
    """`KEPT_IN_PART[name]` of that field's values as bytes: read as UTF-8 where they are (a picture's name in it,
    `</img/zoë.jpg>`, read as Latin-1 was kept: found in review), else as Latin-1, and written back so."""
    keep = KEPT_IN_PART[name.lower()]
    kept: list[bytes] = []
    for value in raw:
        try:
            text, codec = value.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, codec = value.decode("latin-1"), "latin-1"
        kept += [field.encode(codec) for field in keep([text], decision)]
    return kept


def has_error(decision: Decision) -> bool:
    return any(f.kind == "error" for f in decision.findings)
