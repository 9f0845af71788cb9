"""The picture references CSS text names: `url(...)` values and `image-set(...)` strings, with
CSS escapes undone, in inline styles and `<style>` blocks.

One linear pass per text whatever its shape (nested or unclosed functions, megabytes of base64
data: URIs); page analysis and redaction (`page_redact`) read CSS through the same functions, so
a picture the analysis judged is the picture redaction removes.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from typing import Final

MAX_STYLESHEET_CHARS: Final = 500_000  # read per <style> block

# url("a"), url('a') or url(a), spaces around the value left out. Possessive throughout, so one
# attempt costs at most the distance to its end: the unquoted value is runs of non-space and of
# spaces not followed by ")" (the same value the lazy `[^)]*?` took, without its retry of
# `\s*\)` at every character). `css_urls` keeps a run of attempts linear. A backslash escapes the
# next character, a quote or a parenthesis too (`url(/p/IMG_7\(1\).jpg)`); in a URL, not a line
# break (CSS Syntax §4.3.6-4.3.7).
_IN_DQ: Final = r"""(?:[^"\\]++|\\[\s\S])*+"""  # a string's text to its closing quote, escapes read whole
_IN_SQ: Final = r"""(?:[^'\\]++|\\[\s\S])*+"""
_URL_ESCAPE: Final = r"\\[^\n\r\f]"


def _name_char(c: str) -> str:
    """One character of a CSS name as a pattern: as written (in either case), escaped as itself
    (`\\r`, not for a hex digit), or as a hex escape with its one white space after (CSS Syntax §4.3.7)."""
    hexes = "|".join(f"{ord(x):02x}" for x in dict.fromkeys((c.lower(), c.upper())))
    own = "" if c.lower() in "0123456789abcdef" else rf"|\\{c}"
    return rf"(?:{c}{own}|\\(?:0000(?:{hexes})|0{{0,3}}(?:{hexes})(?![0-9a-f]))(?:\r\n|[ \t\n\r\f])?)"


# `url(` as CSS reads a name (§4.3.4: `\75 rl(` and `u\72l(` are url tokens too), under re.I
_URL_NAME: Final = "".join(map(_name_char, "url")) + r"\("
_URL_NAME_AT: Final = re.compile(_URL_NAME, re.I)
_ESCAPED_URL_CHAR: Final = frozenset("04567uUrRlL")  # what follows a backslash in `_URL_NAME`
# `image-set(` as CSS reads a name: `\\69 mage-set(` is one too (it was read only as written: review)
IMAGE_SET_NAME: Final = "".join(map(_name_char, "image-set")) + r"\("
_IMAGE_SET_AT: Final = re.compile(IMAGE_SET_NAME, re.I)
# A bad URL's remnants, up to its closing ")" (CSS Syntax §4.3.14)
_BAD_URL_REMNANTS: Final = re.compile(r"(?:[^)\\]++|\\[\s\S])*+")
_CSS_URL: Final = re.compile(
    rf"""{_URL_NAME}\s*+(?:"({_IN_DQ})"|'({_IN_SQ})'|((?:[^)'"\s\\]|{_URL_ESCAPE})(?:[^)\s\\]++|{_URL_ESCAPE}|\s++(?!\)))*+))\s*+\)""",
    re.I)


def css_urls(css: str, end: int | None = None) -> Iterator[re.Match[str]]:
    """Each picture reference of CSS text (up to `end`), in order: `url(...)` but data: URIs, and
    the quoted URLs of `image-set(...)` / `-webkit-image-set(...)`; one linear pass. `url(` in
    any case is found with bytes.find in an ASCII-lowered copy of the same length (a case-blind
    regex search costs ~8x more, str.lower() on text with one non-ASCII character ~3x) and the
    regex matched only there, never past the last ")" (without that bound every `url(` of
    `url(url(url(…` scanned to the end of the text, a quadratic cost), then once for one the
    text ends in (`_closed_by_the_end`), a data: URI (often a whole base64 font) skipped unread.
    Page analysis and redaction read CSS through it."""
    stop = css.rfind(")", 0, len(css) if end is None else end) + 1
    if stop > 0:
        lowered = css[:stop].encode("ascii", "replace").lower()  # (one byte a character: positions agree)
        if _image_set_at(css, lowered, 0, 0, stop)[0] >= 0:
            yield from heapq.merge(_url_functions(css, lowered, stop), _image_set_strings(css, lowered, stop),
                                   key=lambda m: m.start())
        else:
            yield from _url_functions(css, lowered, stop)
    if end is None or end >= len(css):
        yield from _closed_by_the_end(css, stop)


# A url() the text ends in, its ")" (and its closing quote) left out ("(" makes an unquoted one a bad URL)
_CSS_URL_AT_END: Final = re.compile(
    rf"""{_URL_NAME}\s*+(?:"({_IN_DQ})"?|'({_IN_SQ})'?|((?:[^()'"\s\\]++|{_URL_ESCAPE})++))\s*+\Z""", re.I)
# A CSS string: to its closing quote, else to the line's end (a bad string) or the text's (kept).
# It always matches where a quote is, in time linear in its length, so each is read once.
_CSS_STRING: Final = re.compile(r""""((?:[^"\\\n]++|\\[\s\S])*+)"?|'((?:[^'\\\n]++|\\[\s\S])*+)'?""")


def _closed_by_the_end(css: str, stop: int) -> Iterator[re.Match[str]]:
    """A url() or image-set() the text ends inside, after its last ")": CSS closes an open
    function, string or URL at the end of the text (a parse error that keeps the value, CSS
    Syntax §4.3.5-4.3.6, §5.4.9), so `style="background:url(/p/jane.jpg"` loads the picture."""
    tail = css[stop:].encode("ascii", "replace").lower()
    url_at = _next_url(css, tail, stop, stop, len(css), css.find("\\", stop) >= 0, None)[0]
    url_at = url_at - stop if url_at >= 0 else -1
    set_at, opened = _image_set_at(css, tail, stop, stop, len(css))
    set_at = set_at - stop if set_at >= 0 else -1
    if set_at >= 0 and (url_at < 0 or set_at < url_at):
        to = stop + url_at if url_at >= 0 else len(css)
        for m in _CSS_STRING.finditer(css, opened, to):
            if (m.group(1) or m.group(2) or "")[:5].lower() not in ("", "data:"):
                yield m
    if url_at >= 0:
        last = _CSS_URL_AT_END.match(css, stop + url_at)
        if last is not None and next((g for g in last.groups() if g), "").lstrip()[:5].lower() != "data:":
            yield last


def _url_functions(css: str, lowered: bytes, stop: int) -> Iterator[re.Match[str]]:
    """The `url(...)` matches of `css_urls`."""
    escaped = css.find("\\", 0, stop) >= 0
    at, opened, plain = _next_url(css, lowered, 0, 0, stop, escaped, None)
    while at >= 0:
        value = css[opened : opened + 28].lstrip(" \t\n\r\f")
        if value[:1] in ("'", '"') and value[1:].lstrip(" \t\n\r\f")[:5].lower() == "data:":
            close = css.find(value[0], css.find(value[0], opened) + 1, stop)  # to the closing quote
            after = close + 1 if close >= 0 else stop
        elif value[:5].lower() == "data:":
            after = css.find(")", at, stop) + 1
        else:
            m = _CSS_URL.match(css, at, stop)
            if m is not None:
                yield m
                after = m.end()
            elif value[:1] in ("'", '"'):
                after = opened  # (`url("a" b)`: a function of a string, the text after it read on)
            else:  # a bad URL: its remnants, to a ")" no backslash escapes, name nothing (and are read once)
                remnants = _BAD_URL_REMNANTS.match(css, opened, stop)
                after = remnants.end() + 1 if remnants is not None else stop
        at, opened, plain = _next_url(css, lowered, 0, after, stop, escaped, plain) if after > 0 else (-1, 0, -1)


def _next_url(css: str, lowered: bytes, offset: int, start: int, stop: int, escaped: bool,
              plain: int | None) -> tuple[int, int, int]:
    """Where the next `url(` of `css[start:stop]` starts and where its value does, or (-1, 0), and
    where the next plain one is (-1: none); `lowered` is the ASCII-lowered `css[offset:stop]`.
    Written plainly it is found with bytes.find, once: `plain` (from the call before; None at
    first) is searched again only when `start` is past it (found anew after every escaped one,
    50,000 `\\75 rl(a)` read the text to its end 50,000 times). A name with an escape in it
    (`\\75 rl(`, `u\\72l(`, a url token all the same, CSS Syntax §4.3.4) is looked for only when
    the text holds a backslash, at each backslash before the plain one found (so each backslash
    is looked at once however many `url(` there are)."""
    if plain is None or 0 <= plain < start:
        found = lowered.find(b"url(", start - offset)
        plain = found + offset if found >= 0 else -1
    at = plain
    if escaped:
        b = css.find("\\", start, at if at >= 0 else stop)
        while b >= 0:
            if css[b + 1 : b + 2] in _ESCAPED_URL_CHAR:  # (an icon font's `"\\f101"` is passed at once)
                for s in range(max(start, b - 2), b + 1):  # (a name's first backslash is at most its third character)
                    m = _URL_NAME_AT.match(css, s, stop)
                    if m is not None:
                        return s, m.end(), plain
            b = css.find("\\", b + 1, at if at >= 0 else stop)
    return at, at + 4, plain


def _image_set_strings(css: str, lowered: bytes, stop: int) -> Iterator[re.Match[str]]:
    """The quoted URLs directly inside each `image-set(` (a `url()` inside it is `_url_functions'`):
    its arguments read up to their closing parenthesis, each string whole however long (a
    5000-character data: placeholder before the picture's own URL hid it), the next image-set
    looked for after them (so nested or unclosed ones cost linear time)."""
    at, i = _image_set_at(css, lowered, 0, 0, stop)
    while at >= 0:
        depth = 1
        while i < stop and depth:
            c = css[i]
            if c == '"' or c == "'":
                m = _CSS_STRING.match(css, i, stop)
                assert m is not None  # (at a quote it always matches)
                closed = m.end() > m.end(m.lastindex or 1)  # (its closing quote, not an escaped one; a bad string names nothing)
                if closed and depth == 1 and (m.group(1) or m.group(2) or "")[:5].lower() not in ("", "data:"):
                    yield m
                i = m.end()
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            i += 1
        at, i = _image_set_at(css, lowered, 0, i, stop)


def _image_set_at(css: str, lowered: bytes, offset: int, start: int, stop: int) -> tuple[int, int]:
    """Where the next `image-set(` of `css[start:stop]` starts and where its arguments do, or (-1, 0);
    `lowered` is the ASCII-lowered `css[offset:stop]`. Written plainly it is found with bytes.find; a
    name with an escape in it only when the text holds a backslash (one regex search, from `start`)."""
    found = lowered.find(b"image-set(", start - offset, stop - offset)
    at = found + offset if found >= 0 else -1
    if css.find("\\", start, at if at >= 0 else stop) >= 0:
        m = _IMAGE_SET_AT.search(css, start, at + 10 if at >= 0 else stop)
        if m is not None:
            return m.start(), m.end()
    return at, at + 10 if at >= 0 else 0


def css_url(m: re.Match[str]) -> str:
    """The value of one `css_urls` match (a url() or an image-set() string), its CSS escapes undone
    as a browser undoes them (`url(data\\:image/jpeg…)` is a data: URI, `\\2f ` a slash)."""
    value = next((g for g in m.groups() if g), "")
    return _CSS_ESCAPE.sub(_css_unescaped, value) if "\\" in value else value


# A CSS escape (CSS Syntax 4.3.7): up to six hex digits and one white space after them, or any
# other character but a line break, which in a string continues the line (dropped).
_CSS_ESCAPE: Final = re.compile(r"\\(?:([0-9a-fA-F]{1,6})(?:\r\n|[ \t\n\r\f])?|(\r\n|[\n\r\f])|(.))", re.S)


def _css_unescaped(m: re.Match[str]) -> str:
    if m.group(3) is not None:
        return m.group(3)
    if m.group(2) is not None:
        return ""
    code = int(m.group(1), 16)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


# What a style sheet's url() names besides pictures: fonts, cursors, imported sheets, SVG filters.
_NOT_PICTURES: Final = (".woff2", ".woff", ".ttf", ".otf", ".eot", ".css", ".cur", ".htc")


def stylesheet_srcs(css: str) -> list[str]:
    """The pictures a <style> block's url() values name (read up to MAX_STYLESHEET_CHARS)."""
    out: list[str] = []
    for m in css_urls(css, MAX_STYLESHEET_CHARS):
        url = css_url(m)
        if url and not url.split("?", 1)[0].split("#", 1)[0].lower().endswith(_NOT_PICTURES):
            out.append(url)
    return out
