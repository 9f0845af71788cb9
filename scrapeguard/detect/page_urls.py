"""A page's image references resolved as a browser resolves them, before anything else reads them.

The URL a crawler will request, not the string the markup holds: WHATWG URL's reading of slashes
and backslashes under http-like schemes, a `<base>` element's URL, hosts' escapes decoded, and
the references that are no image URL at all (`data:`, `javascript:`, over-long ones) refused.
The page analysis and the page redaction resolve through these, so the picture one judged is
the picture the other removes.
"""

from __future__ import annotations

import functools
import re
from typing import Final
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborNode

from scrapeguard.resource import _C0_AND_SPACE, _key_host

# Longer image references are not read (nor remembered): the page says so in its limits, and the
# guard's on_error decides it as an incomplete reading (a 9000-character URL hid a portrait).
MAX_URL_CHARS: Final = 8192
# References that name no picture to fetch (inline data, scripts, blank pages, mail, the page itself)
SKIP_SCHEMES: Final = ("data:", "javascript:", "about:", "blob:", "mailto:", "tel:", "#")


def document_base(page_url: str, node: LexborNode) -> str | None:
    """The base URL a `<base>` element gives the page, or None when it has no `href` attribute
    or is no HTML element (an SVG or MathML `<base>`), and so gives none (the first HTML `<base>`
    with an href counts, HTML §4.2.3; an empty or unusable `href` leaves the page's own URL). Page
    analysis and redaction both read it here."""
    attrs = node.attributes
    if "href" not in attrs or not _html_void(node):
        return None
    href = (attrs.get("href") or "").strip(_C0_AND_SPACE)
    given = _resolve(page_url, href) if href else None
    # (a data: or javascript: base is none: the page's own URL stands, HTML's "set the frozen base URL"; so is
    # one no URL parser reads, `http://[::1`, against which every reference resolved to none and the page's
    # portrait passed unseen: API review)
    if given is None or given[:11].lower().startswith(("data:", "javascript:")) or not _parses(given):
        return page_url
    return given


def _parses(url: str) -> bool:
    """Does a URL parse, its host and port too (a base every reference is resolved against)?"""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is none
        return parts.scheme not in ("http", "https") or bool(parts.hostname)
    except ValueError:
        return False


def _html_void(node: LexborNode) -> bool:
    """Whether a void element's tag (`<base>`) is an HTML element, not a foreign one of that name
    (`<svg><base/>`), which a browser gives no HTML meaning. Lexbor does not tell the namespace, but
    its serialisation does: an HTML void element has no children and no end tag, a foreign one has."""
    return node.child is None and not (node.html or "").endswith(f"</{node.tag}>")


def absolute_url(base: str, src: str) -> str | None:
    """The absolute URL of a reference, or None for data:/javascript:/empty references (checked
    before the cache, which so keeps no inline data: images or over-long references). Only C0
    controls and spaces around it are dropped, as the URL parser drops them (a no-break space
    is part of the path)."""
    s = src.strip(_C0_AND_SPACE)
    if not s or len(s) > MAX_URL_CHARS or s[:11].lower().startswith(SKIP_SCHEMES):
        return None
    return _resolve(base, s)


@functools.lru_cache(maxsize=4096)  # keyed by page base: pays within a page, so kept small
def _resolve(base: str, s: str) -> str | None:
    url = _join(base, s)
    if url is not None and "%" in url and url.startswith(("https://", "http://")):
        return _decoded_host(url)
    return url


def _decoded_host(url: str) -> str | None:
    """`url` with its host's escapes decoded, as a browser decodes them (WHATWG URL's host parser:
    `https://%63dn.example/` is cdn.example, whose robots.txt and scope are the picture's), or
    None when the host decoded is none a client can request (`cdn%2Fexample`)."""
    start = url.index("://") + 3
    end = _authority_end(url, start)
    authority = url[start:end]
    at = authority.rfind("@") + 1
    name, colon, port = authority[at:].partition(":")
    if "%" not in name or name.startswith("["):
        return url
    host = _key_host(name)
    return None if host is None else url[:start] + authority[:at] + host + colon + port + url[end:]


def _join(base: str, s: str) -> str | None:
    """`s` resolved against `base` (WHATWG URL's reading of slashes, urljoin for the rest)."""
    if "\n" in s or "\t" in s or "\r" in s:
        s = s.replace("\n", "").replace("\t", "").replace("\r", "")
        if s[:11].lower().startswith(SKIP_SCHEMES):
            return None  # `da\tta:…`: a data: URI all the same, as a browser reads it (WHATWG URL strips them)
    if "\\" in s or s.startswith("///") or (":" in s[:6] and _ODD_SPECIAL.match(s) is not None):
        s = _special_slashes(base, s)
        if _hostless(base, s):
            return None
    elif s[:2] == "//" and _hostless(base, s):
        return None  # (`//`, `//?x`: a special URL without a host is no URL; urljoin gave the page's)
    if "/." not in s and "\\" not in s:  # no dot segments to resolve: the common cases without urljoin
        if s.startswith(("https://", "http://")):
            return s
        if base.startswith(("https://", "http://")) and "#" not in s and ";" not in s and "[" not in s \
                and "]" not in s and not s.endswith("?"):  # urljoin drops empty ?, # and ;params, checks IPv6
            if s.startswith("//"):
                # a host follows; non-ASCII hosts go through urljoin, which refuses NFKC-confusable
                # ones ("example.com／evil.jpg", CVE-2019-9636)
                if len(s) > 2 and s[2] not in "/?" and s.isascii():
                    return base[: base.index(":") + 1] + s
            elif s.startswith("/"):
                return _origin(base) + s
    try:
        return urljoin(base, s) if base else s
    except ValueError:
        return None


def _hostless(base: str, s: str) -> bool:
    """Whether a reference that starts a special URL's host names none (`//`, `//?x`, `https://`,
    `//user@/a.jpg`, `//:80/a.jpg`): no browser requests it."""
    m = _SPECIAL_SCHEME.match(s)
    if m is not None:
        s = s[m.end():]
    elif _SPECIAL_SCHEME.match(base) is None:
        return False
    if s[:2] != "//":
        return False
    end = len(s)
    for ch in "/?#":
        k = s.find(ch, 2)
        if 0 <= k < end:
            end = k
    host = s[2:end].rsplit("@", 1)[-1]
    return not host or host[0] == ":"


# The WHATWG URL standard's special schemes but file: (a page's references are read for http(s) pages)
_SPECIAL_SCHEME: Final = re.compile(r"(https?|wss?|ftp):", re.I)
_SCHEME: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# One not followed by the usual "//host": `http:x.org/a.jpg`, `https:///x.org/a.jpg`, `https:a.jpg`
_ODD_SPECIAL: Final = re.compile(r"(?:https?|wss?|ftp):(?!//[^/\\])", re.I)


def _special_slashes(base: str, s: str) -> str:
    """A reference as a browser reads it under a special (http-like) scheme, which urljoin does
    not do: a backslash before the query is a slash (`\\\\cdn.example\\a.jpg` names the host
    cdn.example, not a path on the page's host), any run of two or more slashes or backslashes
    starts the host (`///cdn.example/a.jpg`), and `http:cdn.example/a.jpg` on an https page names
    the host cdn.example (WHATWG URL, "special authority ignore slashes state")."""
    m = _SCHEME.match(s)
    if m is not None:
        scheme = m.group()[:-1].lower()
        if _SPECIAL_SCHEME.fullmatch(m.group()) is None:
            return s  # (another scheme's URL keeps its backslashes)
        rest = s[m.end():]
        if scheme != base[: max(base.find(":"), 0)].lower():  # another scheme: what follows is its host, whatever the slashes
            return scheme + "://" + _slashed(rest.lstrip("/\\"))
        s = rest  # the page's own scheme: relative to the page
    elif _SPECIAL_SCHEME.match(base) is None:
        return s
    lead = len(s) - len(s.lstrip("/\\"))
    if lead >= 2:
        return "//" + _slashed(s[lead:])
    return _slashed(s)


def _slashed(s: str) -> str:
    """`s` with its backslashes before the query or fragment made slashes (theirs stay)."""
    end = len(s)
    for ch in "?#":
        k = s.find(ch)
        if 0 <= k < end:
            end = k
    return s[:end].replace("\\", "/") + s[end:]


@functools.lru_cache(maxsize=64)
def _origin(base: str) -> str:
    """"https://host[:port]" of an http(s) URL: what a root-relative reference is joined to."""
    return base[: _authority_end(base, base.index("://") + 3)]


def _authority_end(url: str, start: int) -> int:
    """Where the authority that starts at `start` ends: at the first "/", "?" or "#" after it."""
    end = len(url)
    for ch in "/?#":
        k = url.find(ch, start, end)
        if k >= 0:
            end = k
    return end


def clear_caches() -> None:
    """Empty the resolved-URL caches (`page.clear_caches`: benchmarks measure first sight)."""
    _resolve.cache_clear()
    _origin.cache_clear()
