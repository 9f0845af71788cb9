"""An HTTP `Link` field's link-values (RFC 8288 §3): each target with its parameters.

One reading for every use of the field: a page's alternates' `hreflang` (jurisdiction), an image's remote
C2PA manifest (`rel="c2pa-manifest"`), and the pictures a page preloads through it (`rel=preload; as=image`,
which a browser and a crawler fetch as the page's own images)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

# (RFC 9110 §5.6.4: `\"` inside a quoted string is a quote)
_QUOTED: Final = r'"(?:[^"\\]|\\.)*"'
# (`<` excluded from a target: a field of `<`s is scanned to its end once, not from each). A parameter is read
# to the next `;` or `,` outside a quoted string, whatever it holds: an empty one (`;;`), one without a name
# (`; =x`) or with words after its value (`foo="a" bar`) does not end the link-value before a `rel` after it
_LINK_VALUE: Final = re.compile(r'<([^<>]*)>((?:\s*;(?:' + _QUOTED + r'|[^;,"])*)*)')
_LINK_PARAM: Final = re.compile(r';((?:' + _QUOTED + r'|[^;,"])*)')
MAX_FIELDS: Final = 64  # Link fields read of one answer
MAX_FIELD_CHARS: Final = 65_536  # characters read of each


def unquoted(value: str) -> str:
    """A parameter's value as meant: a quoted string's content, its escapes undone."""
    value = (value or "").strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = re.sub(r"\\(.)", r"\1", value[1:-1])
    return value.strip()


Params = list[tuple[str, str]]


def links(values: list[str]) -> Iterator[tuple[str, Params]]:
    """Each link-value's target (as written) and parameters in order (names lower-cased, values unquoted),
    of the first `MAX_FIELDS` fields, `MAX_FIELD_CHARS` of each."""
    for value in values[:MAX_FIELDS]:
        for match in _LINK_VALUE.finditer(value[:MAX_FIELD_CHARS]):
            params: Params = []
            for part in _LINK_PARAM.findall(match.group(2)):
                key, _, raw = part.partition("=")
                if key.strip():
                    params.append((key.strip().lower(), unquoted(raw)))
            yield match.group(1).strip(), params


def param(params: Params, name: str) -> str:
    """A parameter's value, "" when absent: the first occurrence counts (RFC 8288 §3.3, `rel` and the others
    that may appear once; `hreflang`, which may appear more, is read whole by its reader)."""
    return next((value for key, value in params if key == name), "")


def relations(params: Params) -> list[str]:
    """A link's relation types: `rel` is a space-separated list, matched without regard to case."""
    return param(params, "rel").lower().split()


def preloaded_images(values: list[str]) -> list[str]:
    """The pictures a page's answer has fetched with it (`rel=preload` or `prefetch`, `as=image`; a `prefetch`
    with no `as` that names an image file, fetched whatever it is): each target and `imagesrcset` candidate, as
    written (relative to the page). A crawler or a browser reads these as the page's own images: what the page
    says of its images (`noimageai`) holds for them as for its markup's `<link rel=preload as=image>` (review,
    session 60: one sent in the field alone was allowed)."""
    from scrapeguard.detect.page_refs import fetches_a_picture, parse_srcset

    out: dict[str, None] = {}
    for target, params in links(values):
        if not fetches_a_picture(param(params, "as").lower(), relations(params), target):
            continue
        if target:
            out[target] = None
        for candidate in parse_srcset(param(params, "imagesrcset"))[:64]:
            out[candidate] = None
    return list(out)
