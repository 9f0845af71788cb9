"""Every image a page references, with what its context says about people — from ONE parse.

The page is parsed once with lexbor (selectolax): about 0.45x the time of a bare lxml parse
on real pages here, plus a fixed ~0.05-0.1 ms per document. One CSS query (one tree walk, in
C) picks every node needed (img/amp-img, SVG image, meta, link[hreflang], image preloads,
frames/embeds/objects, base, script, inline styles with url()); an <iframe srcdoc> document is
read as a page of its own (at most MAX_SRCDOCS a page); the Python work per image is bounded (at most seven ancestors, memoised per page,
and three siblings) and the lexicon lookups are per-token bitmasks from one index built at
import. Pure string -> cues functions (alt/caption text, class lists, file names and paths,
nearby text, URL -> photo key, resolved URLs) are memoised with bounded LRU caches, which carry
over between the pages of a crawl. This module and the ones it reads with (`_native.COMPILED_MODULES`)
are compiled with mypyc at install when possible (`hatch_build.py`, `detect/_native.py`).
Measured cost (compiled, 2 shared cores, the real pages `benchmarks/real_pages.py` fetches):
on its 26 news pages (194 kB, ~30 image references a page) the analysis costs ~3.7x a bare
lxml parse on first sight of every string and ~1.9x when the same page is analysed again; on the
64 web pages (88 kB) ~3.0x and ~1.7x; over the 386 real pages saved here (123 kB) ~3.9x and
~2.5x (runs on these shared cores vary by a fifth). The cues added since its first measurement
made the first sight dearer: it was ~2.3-2.5x on the news pages. Where the time goes, warm (perf):
lexbor's parse ~0.4 ms and the one CSS query ~0.3 ms, together ~0.85x of lxml's parse before any
reference is read; then ~30 us of cue work per reference, spread over tokenising, lexicon lookups,
URL cues and bookkeeping, none above ~10 %. The issue's target (at most one lxml parse) is out of
reach of this design: the parse and the query alone nearly spend it.

Cues are weighed in `detect.score`; the lexicon is in `detect.context_words`; what an image
element's surroundings say (alt, classes, ancestors, captions, nearby text) is read in
`detect.page_context`; social profile URLs in `detect.social`; the page's bytes are made ready
for the parser in `detect.page_source`, the attributes naming pictures read in
`detect.page_refs` and their URLs resolved in `detect.page_urls`, JSON-LD read in
`detect.page_jsonld`, CSS in `detect.css_refs`, renditions of one photo told in
`detect.photo_keys`.
`analyse_page` never raises: a failure becomes `PageAnalysis.error`, which the guard turns into
a visible finding rather than a silent allow. `data:`, `javascript:`, `about:` and `blob:`
references are not image URLs and are skipped.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Sequence
from typing import Final
from urllib.parse import unquote

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapeguard.detect import context_words as W
from scrapeguard.detect import page_context, page_refs, page_urls
from scrapeguard.detect.base import HTTP_EQUIV, ImageKind, ImageRef, PageAnalysis, PageLabel
from scrapeguard.detect.credits import name_shaped, strip_credits
from scrapeguard.detect.css_refs import MAX_STYLESHEET_CHARS, css_url, css_urls, stylesheet_srcs
from scrapeguard.detect.inline import data_uri_digest, data_uri_payload
from scrapeguard.detect.names import person_name
from scrapeguard.detect.page_context import MAX_ANCESTORS, PageFacts, element_evidence, name_words
from scrapeguard.detect.page_jsonld import (
    MAX_JSONLD_SCRIPTS,
    MAX_PERSON_NAMES,
    NOT_JSON,
    PERSON_TYPES,
    PICTURE_TYPES,
    PROFILE_TYPES,
    TOO_DEEP,
    TOO_MANY_NAMES,
    JsonLdReading,
    link_pictures_by_id,
    read_jsonld,
)
from scrapeguard.detect.page_refs import (
    EMBEDDER_SOURCE,
    IMAGE_ELEMENTS,
    IMAGE_TAGS,
    MAX_REFS,
    MAX_RENDITIONS,
    QUERY_BACKGROUNDS,
    SVG_IMAGES,
    background_srcs,
    element_srcs,
    embedded_image,
    enlarging_link,
    names_image_file,
    picture_srcs,
    preloaded_images,
    refresh_target,
    svg_image_as_img,
)
from scrapeguard.detect.page_source import closed_as_xml, decode_page, open_templates, page_encoding, too_costly_to_parse
from scrapeguard.detect.page_urls import MAX_URL_CHARS, SKIP_SCHEMES, absolute_url, document_base
from scrapeguard.detect.photo_keys import file_stem, photo_id, photo_key
from scrapeguard.detect.score import THRESHOLD, Cues, Evidence, pixels_given, url_cues
from scrapeguard.detect.social import on_social_network, social_profile
from scrapeguard.jurisdiction import MAX_LINK_HREFLANGS, PageHints
from scrapeguard.resource import _C0_AND_SPACE

log = logging.getLogger("scrapeguard")

MAX_STYLESHEETS: Final = 64  # <style> blocks read per page
# <iframe srcdoc> and frames' data: documents read per page, however deeply nested (each is one more parse)
MAX_SRCDOCS: Final = 16
# The documents a frame's `data:` source is shown as (a browser renders them as a page of their own) and the most
# bytes of one read: past it, or undecodable, it is a limit (an incomplete reading), never passed unread
DOCUMENT_TYPES: Final = frozenset({"text/html", "application/xhtml+xml", "image/svg+xml"})
MAX_DATA_DOCUMENT: Final = 2 * 1024 * 1024
# The types a browser reads with its XML parser, not its HTML one (besides any `…/…+xml`)
_XML_TYPES: Final = frozenset({"application/xml", "text/xml"})

_TCF_HOSTS: Final = (
    "consensu.org", "cookielaw.org", "cookiebot.com", "privacy-mgmt.com", "privacy-center.org",
    "usercentrics.eu", "consentmanager.net", "iubenda.com", "cmp.inmobi.com", "quantcast.com/choice",
    "trustarc.com", "privacymanager.io", "didomi.io",
)
_PROFILE_PROPERTIES: Final = frozenset({"profile:first_name", "profile:last_name", "profile:username"})
_OG_IMAGE: Final = frozenset({
    "og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src",
    "twitter:image0", "twitter:image:url",
})
# The microdata properties a <meta> names a picture with (schema.org `image`, `thumbnailUrl`, `logo`).
_MICRODATA_PICTURES: Final = frozenset({"image", "thumbnailurl", "logo", "image_url"})  # (image_url: Blogger's posts)


# --------------------------------------------------------------------------- references
def _note_too_long(src: str, page: PageFacts) -> None:
    """Say once in the page's limits that a picture's reference was too long to read (an image
    element's, or the enlargement a link names)."""
    if len(src) > MAX_URL_CHARS and not page.long_reference and not src.lstrip()[:11].lower().startswith(SKIP_SCHEMES):
        page.long_reference = True
        page.limits.append(f"an image reference of {len(src)} characters (over {MAX_URL_CHARS}) was not read")


def _nearest_svg(node: LexborNode, known: dict[int, LexborNode | None]) -> LexborNode | None:
    """The nearest `<svg>` around an element, however deep (past four groups its name was lost: review);
    `known` keeps each ancestor's answer for the page, so each element is walked once however many images."""
    path: list[int] = []
    cur = node.parent
    found: LexborNode | None = None
    while cur is not None:
        if cur.tag == "svg":
            found = cur
            break
        ident = cur.mem_id
        if ident in known:
            found = known[ident]
            break
        path.append(ident)
        cur = cur.parent
    for ident in path:
        known[ident] = found
    return found


def _svg_image_attrs(node: LexborNode, attrs: dict[str, str | None], page: PageFacts) -> dict[str, str | None]:
    """An SVG `<image>` or `<feImage>` as the `<img>` it stands for, with the alt text and size of the nearest
    `<svg>` around it (Facebook draws every avatar as `<svg aria-label="Jane Doe" style=…><g>
    <image xlink:href=…>`)."""
    out = svg_image_as_img(attrs)
    svg = _nearest_svg(node, page.svg_around)
    if svg is None:
        return out
    memo = page.svgs
    key = svg.mem_id
    facts = memo.get(key)
    if facts is None:  # once per <svg>: a sprite sheet may hold thousands of images
        sa = svg.attributes
        label = sa.get("aria-label")
        if not label:
            for child in svg.iter():  # its own <title> names it (SVG's accessible name), not one deeper in
                if child.tag == "title":
                    label = child.text(deep=True, strip=True)[:300]
                    break
        facts = memo[key] = (label, sa.get("width"), sa.get("height"))
    label, width, height = facts
    if label and not out.get("alt"):
        out["alt"] = label
    for dim, value in (("width", width), ("height", height)):
        if pixels_given(out.get(dim)) is None and pixels_given(value) is not None:
            out[dim] = value
    return out


# --------------------------------------------------------------------------- the references gathered


class _Occurrence:
    """One absolute image URL of the page and the evidence merged from all its occurrences.
    (A plain class: mypyc makes it a native one, which a slotted dataclass is not.)"""

    __slots__ = ("src", "url", "kind", "ev", "prior", "key")

    def __init__(self, src: str, url: str, kind: ImageKind, ev: Evidence, prior: float, key: str | None) -> None:
        self.src = src
        self.url = url
        self.kind = kind
        self.ev = ev
        self.prior = prior
        self.key = key


class _Collector:
    """One entry per absolute URL; evidence from every occurrence is merged."""

    def __init__(self) -> None:
        self.items: dict[str, _Occurrence] = {}
        self._url_cues: dict[str, Cues] = {}
        self.refused = False  # a reference was left out at MAX_REFS
        # the evidence of elements whose pictures are all `data:` URIs, by the pictures' digests
        self.embedded: dict[str, Evidence] = {}

    def refuse(self, srcs: list[str], page: PageFacts) -> None:
        """At MAX_REFS: a further reference is left out, a new picture or another copy of a kept
        one (whose context would have been merged into it)."""
        if not self.refused:
            self.refused = any(absolute_url(page.base, src) is not None for src in srcs)

    def add(self, src: str, page: PageFacts, kind: ImageKind, ev: Evidence, prior: float) -> None:
        if len(self.items) >= MAX_REFS:
            self.refuse([src], page)
            return
        src = src.strip(_C0_AND_SPACE)
        url = absolute_url(page.base, src)
        if url is None:
            _note_too_long(src, page)
            return
        cur = self.items.get(url)
        key = photo_key(url)
        own = ev.copy()
        # srcset variants of one photo share their file-name cues: computed once per photo
        ck = key or url
        cues = self._url_cues.get(ck)
        if cues is None:
            cues = self._url_cues[ck] = url_cues(url)
        own.replay(cues)
        if (page.subject or page.person_names) and "subject" not in own.cues:
            name = url.rsplit("/", 1)[-1][:200]
            if page.subject and not page.subject.isdisjoint(W.tokens(unquote(name))):
                own.add("subject", 2.2, "file:page-subject")
            elif page.person_names and not name_words(page).isdisjoint(W.tokens(unquote(name.split("?", 1)[0]))):
                own.add("subject", 2.0, "file:known-person-name")  # `megan-sidebar-round.jpg` on Megan's blog
        if cur is None:
            self.items[url] = _Occurrence(src, url, kind, own, prior, key)
        else:
            cur.ev.merge(own)
            cur.prior = max(cur.prior, prior)


# --------------------------------------------------------------------------- limits
# Limits that leave no picture reference unread that a crawler would find: <style> blocks past
# a limit are decoration (a rule's banner); a JSON-LD block no JSON parser reads (invalid, or
# nested past the parser's recursion limit) hands no URL to the crawler's parser either, and
# redaction drops such a block whole when it names a removed picture. Broken JSON-LD is common
# on real pages: as an error, fail-closed would block each of them.
_NOTE_ONLY_LIMITS: Final = ("<style> blocks after", "a <style> block of")
_IN_A_SRCDOC: Final = "in an <iframe srcdoc> document: "  # (a frame's limits, as the page's own)
_NOTE_ONLY_JSONLD: Final = (NOT_JSON, TOO_DEEP)


def limits_leaving_images_unread(limits: list[str]) -> list[str]:
    """The limits that left image elements or readable JSON-LD unread: an incomplete reading of
    the page's pictures (the guard's `page.incomplete` error, decided by on_error)."""
    return [limit for limit in limits
            if not limit.removeprefix(_IN_A_SRCDOC).startswith(_NOTE_ONLY_LIMITS)
            and not any(s in limit for s in _NOTE_ONLY_JSONLD)]


def _add_renditions(out: _Collector, page: PageFacts, srcs: list[str], renditions: list[str], ev: Evidence) -> None:
    """The wrappers' renditions of this <img>'s own file (the `file_stem` of one of its
    sources), each taken once a page: a slide's thumbnail is its photo's, not the flag icon's or
    the logo's beside it, and a wrapper over thousands of images is read once."""
    own = {file_stem(url) for url in (absolute_url(page.base, src) for src in srcs[:MAX_RENDITIONS]) if url is not None}
    own.discard("")
    for src in renditions:
        if src in page.renditions_added:
            continue
        url = absolute_url(page.base, src)
        if url is not None and file_stem(url) in own:
            page.renditions_added.add(src)
            out.add(src, page, "img", ev, -1.6)


def read_as_xml(content_type: str | None) -> bool:
    """Whether a browser reads a document of this type with its XML parser (XHTML, SVG, `text/xml`, any `+xml`):
    only there are prefixed elements (`<h:img>`) XHTML's or SVG's; none (`find_images`) is HTML."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    return media_type in _XML_TYPES or media_type.endswith("+xml")


# --------------------------------------------------------------------------- the one parse
def analyse_page(html: str | bytes | bytearray | memoryview | None, base_url: str | None,
                 hints: bool = True, encoding: str | None = None, preloads: Sequence[str] = (),
                 content_type: str | None = None) -> PageAnalysis:
    """Images (scored), robots-style meta tags, locale hints, label and title of a page.
    `hints=False` skips the jurisdiction hints a caller without a guard does not read (the TCF
    check searches the whole page and every script's source): `hints.tcf_cmp` and
    `hints.hreflangs` then say nothing (False, empty). `encoding`: the HTTP charset, or the
    encoding `page_encoding` decided (the guard hands the same one to redaction); bytes are read
    in `page_encoding(html, encoding)`. `preloads`: the pictures the page's answer has a browser
    fetch with it (its `Link` and `Refresh` fields'), judged as its markup's preloads are. `content_type`: the
    answer's (`read_as_xml`: a page a browser reads as XML). Never raises: anything unexpected becomes `error`
    (the guard reports it)."""
    try:
        return _analyse(html, base_url or "", hints, encoding, preloads=preloads, xml=read_as_xml(content_type))
    except Exception as exc:  # noqa: BLE001 - hostile input must not crash the crawler
        log.warning("scrapeguard: page analysis failed for %s: %s: %s", str(base_url)[:200], type(exc).__name__, exc)
        return PageAnalysis(error=f"unparsable HTML: {type(exc).__name__}: {str(exc)[:200]}")


def find_images(html: str | bytes | bytearray | memoryview | None, base_url: str | None) -> list[ImageRef]:
    """Every image reference on a page with its personal-context score."""
    return analyse_page(html, base_url, hints=False).images


# `<meta http-equiv>` names whose content the signal readers take as the header of that name
# (`http-equiv="tdm-reservation"` was ignored: its TDM reservation lost)
_EQUIV_SIGNALS: Final = frozenset({"x-robots-tag", "tdm-reservation", "tdm-policy", "content-signal", "content-usage"})
# Every entry of the list is one more test of EVERY element in lexbor's walk, whatever it tests (a
# tag costs as much as an attribute): so few entries, each as wide as the Python side sorts cheaply
# (`link` rather than link[hreflang], link[itemprop], link[as] and link[rel~=image_src]; `[style]`
# rather than three tests of its value: ~0.1x a bare lxml parse less on padded pages, the few more
# elements handed over cost less than that). `title` rides along: a css_first() is a walk of its own.
_QUERY: Final = ", ".join((*IMAGE_ELEMENTS, *SVG_IMAGES)) + ', input[type=image i], meta, link, base, script, style, ' \
    'template, title, iframe, frame, embed, object'
# Elements a browser loads a picture into when their resource is one (HTML §4.8.5-4.8.7: an
# <embed> or <object> of an image type shows it as an image; a frame navigates to it)
_EMBEDDERS: Final = frozenset({"iframe", "frame", "embed", "object"})
# (every styled element: its style is read by `css_urls`, which also reads an escaped `\75 rl(`)
_QUERY_STYLE: Final = _QUERY + ', [style], ' + QUERY_BACKGROUNDS


def _microdata_picture(node: LexborNode, itemprop: str) -> bool:
    """Whether a `<meta>`'s or `<link>`'s microdata property names its item's picture: one of its
    names (space-separated, or schema.org URLs) is `image`, `thumbnailUrl` or `logo`, or it is
    the `url` or `contentUrl` of an ImageObject item (the nearest element with `itemscope`)."""
    names = {p.rsplit("/", 1)[-1].lower() for p in itemprop.split()}
    if not names.isdisjoint(_MICRODATA_PICTURES):
        return True
    if "url" not in names and "contenturl" not in names:
        return False
    item = node.parent
    hops = 0
    while item is not None and hops < MAX_ANCESTORS and "itemscope" not in item.attributes:
        item = item.parent
        hops += 1
    if item is None or "itemscope" not in item.attributes:
        return False
    return any(t.rsplit("/", 1)[-1] in PICTURE_TYPES for t in (item.attributes.get("itemtype") or "").split())


def _in_template(node: LexborNode, known: dict[int, bool]) -> bool:
    """Whether an element stands in a `<template>`'s content (opened by `open_templates`); `known`
    keeps each ancestor's answer for the page (20,000 `<base>`s 20,000 elements deep: a walk to the
    root each took 20 s)."""
    path: list[int] = []
    cur = node.parent
    found = False
    while cur is not None:
        seen = known.get(cur.mem_id)
        if seen is not None:
            found = seen
            break
        if cur.tag == "sg-template":
            found = True
            break
        path.append(cur.mem_id)
        cur = cur.parent
    for ident in path:
        known[ident] = found
    return found


def _tcf_present(scripts: list[LexborNode], has: _Has) -> bool:
    """An IAB TCF consent stub (`__tcfapi` in an inline script) or a known TCF CMP's script."""
    inline = has("__tcfapi")
    for node in scripts:
        src = node.attributes.get("src")
        if src:
            if any(h in src for h in _TCF_HOSTS):
                return True
        elif inline and "__tcfapi" in node.text(deep=True):
            return True
    return False


# A page whose microdata declares a Recipe (`itemtype="https://schema.org/Recipe"`), as JSON-LD's own
# item does (`PageFacts.recipe`): found by substring, the item's place in the page unread.
_MICRODATA_RECIPES: Final = ('schema.org/Recipe"', "schema.org/Recipe'")


# Pages that show a business's work or rooms (a joiner's references, an architect's projects, a
# hotel's rooms, a landscape photographer's landscapes), by their address's path or their title:
# their camera-named photos are the work, as a recipe's are its dishes (see Evidence.finish). On
# the blind pages 63 of 80 camera-named photos of such pages without another cue showed no one;
# not "portfolio" (a wedding photographer's shows couples) nor "room" alone (a venue's).
_SHOWCASE_WORDS: Final = frozenset({
    "referenzen", "referenz", "referenzprojekte", "projekte", "projects", "proyectos", "progetti",
    "realisations", "realizaciones", "realizzazioni", "rooms", "zimmer", "habitaciones", "chambres",
    "camere", "suites", "landscapes", "landschaften", "paysages", "paisajes", "paesaggi"})


def _showcase(base_url: str, title: str) -> bool:
    """Whether the page shows work or rooms (`_SHOWCASE_WORDS`) by its address's path or its own
    part of its title: the first, or the next where the first names the site (`Schreinerei Müller |
    Referenzen`); not the business's name (`About us | Smith Projects` on every page of its site)."""
    host, _, rest = base_url.split("//", 1)[-1].partition("/")
    if not _SHOWCASE_WORDS.isdisjoint(W.tokens(unquote(rest.partition("?")[0])[:400])):
        return True
    site = host.lower()
    parts = [W.tokens(part) for part in _TITLE_SPLIT.split(title[:300], 2)[:2]] if title else []
    for i, words in enumerate(parts):
        named = [w for w in words if len(w) >= 4 and w in site]
        if named and (not _SHOWCASE_WORDS.issuperset(named) or i + 1 == len(parts)
                      or not any(len(w) >= 4 and w in site for w in parts[i + 1])):
            # the site's name (`Zimmer | Unser Team` at zimmer.de); not a showcase word the next part's site
            # name holds too (`Rooms | Grand Rooms Hotel` at grandrooms.example: the page's own title)
            continue
        return not _SHOWCASE_WORDS.isdisjoint(words)
    return False


EVENT_GALLERY_WEIGHT: Final = 1.8
# What a page's own title names when it is a gallery of an event's people (its first part: the site's name after it
# says nothing)
# (not the words as often something else: a political or a third party, a Ford Fiesta, La Réunion, a "saggio"
# (essay), a game's tournament, a sale's anniversary, a company or a street named Festa or Fête: review)
_GALLERY_EVENTS: Final = frozenset(
    "marathon halbmarathon radmarathon maraton maratona half-marathon triathlon turnier torneo tournoi wedding "
    "weddings hochzeit mariage boda nozze graduation graduacion abschlussfeier abiball jubilaum jubilaeum "
    "rimpatriata".split())
# How many unnamed pictures of one folder make a gallery (a race's photos of a bib, a wedding's): one or two are
# the page's map, its QR code, an ad or a sponsor's logo (review)
MIN_GALLERY_PICTURES: Final = 4


def _event_gallery(title: str) -> str | None:
    """The event a page's title names first, where the page is its gallery: the event word of its first part."""
    if not title:
        return None
    toks = W.tokens(_TITLE_SPLIT.split(title[:300], 1)[0])
    return next((t for t in toks if t in _GALLERY_EVENTS), None)


def _named_by_no_word(url: str) -> bool:
    """Is a picture's file named by numbers and codes only, a camera's or a photographer's sequence (`LKH25_FIN_02214`,
    `CT_0288`, `DSC09530`, `p2519038476-4`) or a hash, not by words (`paella-gigante`, `vinedo-amanecer`)?"""
    parts = [t for t in _NAME_PARTS.split(file_stem(url)) if t]
    return bool(parts) and all(any(c.isdigit() for c in t) or len(t) <= 3 or t in W.SIZE_WORDS or t in _CAMERA_WORDS
                               for t in parts)


def _gallery_pictures(out: _Collector) -> set[str]:
    """The pictures of an event's gallery: those nothing describes, nothing calls a thing and no word names, of a
    folder holding at least `MIN_GALLERY_PICTURES` of them."""
    by_folder: dict[str, list[str]] = {}
    for occ in out.items.values():
        if occ.kind in ("img", "picture") and not occ.ev.described and all(w >= 0 for w, _ in occ.ev.cues.values()) \
                and _named_by_no_word(occ.url):
            by_folder.setdefault(occ.url.rsplit("/", 1)[0], []).append(occ.url)
    return {url for urls in by_folder.values() if len(set(urls)) >= MIN_GALLERY_PICTURES for url in urls}


_NAME_PARTS: Final = re.compile(r"[^a-z0-9]+")
_CAMERA_WORDS: Final = frozenset("img image dsc dscf dji gopr pxl mvimg photo foto thumb phoca".split())


class _Has:
    """Substring pre-checks on the page before attribute-scanning queries. On the raw UTF-8
    bytes when there are any (a bytes search is several times faster than on a wide str)."""

    __slots__ = ("data",)

    def __init__(self, data: str | bytes) -> None:
        self.data = data

    def __call__(self, *needles: str) -> bool:
        data = self.data
        if isinstance(data, bytes):
            return any(n.encode("ascii") in data for n in needles)
        return any(n in data for n in needles)


def clear_caches(vocabulary: bool = True) -> None:
    """Empty the caches. Page-specific ones (URLs, alt texts, file names, tokens) always; the
    vocabulary ones (word -> lexicon, class-list and directory cues, which a crawler re-meets
    on every page of a site) only with `vocabulary=True`. Benchmarks use both to report the
    cold figure and the steady-state one."""
    from scrapeguard.detect import score

    page_urls.clear_caches()
    W.clear_token_cache()
    score.text_cues.cache_clear()
    score._file_cues.cache_clear()
    score.url_cues.cache_clear()
    strip_credits.cache_clear()
    score.auto_alt_cues.cache_clear()
    photo_key.cache_clear()
    file_stem.cache_clear()
    page_context.clear_caches(vocabulary)
    social_profile.cache_clear()
    if vocabulary:
        page_refs.clear_caches()
        W.clear_lex_cache()
        score.class_cues.cache_clear()
        score._dir_cues.cache_clear()


def _parser_input(html: str | bytes, encoding: str | None) -> str | bytes | None:
    """The page as lexbor is to read it, or None when there is nothing to read: valid UTF-8
    bytes as they are (no decode/re-encode round trip), any other encoding decoded; NULs left
    out, and XHTML's self-closed raw-text elements closed (`closed_as_xml`). (NULs read as
    U+FFFD, as a browser reads them, hid `<i\\0mg src=…>` from the guard where a crawler's parser,
    lxml, drops them and reads an <img>: found in review. A browser shows no picture there.)"""
    source: str | bytes
    enc = page_encoding(html, encoding) if isinstance(html, bytes) else "utf-8"
    if isinstance(html, bytes) and enc == "utf-8" and not html.startswith(codecs.BOM_UTF8):
        source = html  # valid UTF-8 bytes go to lexbor as they are: no decode/re-encode round trip
        if b"\x00" in source:
            source = source.replace(b"\x00", b"")
    else:
        source = decode_page(html, enc) if isinstance(html, bytes) else html
        if "\x00" in source:
            source = source.replace("\x00", "")
    if not source or source.isspace():  # (not `strip()`: that copies most pages)
        return None
    return closed_as_xml(source)


class _PageNodes:
    """The nodes the one query picked, by what the analysis reads in them."""

    __slots__ = ("metas", "imgs", "styled", "scripts", "sheets", "srcdocs", "title")

    def __init__(self) -> None:
        self.metas: list[LexborNode] = []  # <meta> and <link>
        self.imgs: list[LexborNode] = []  # image elements and frames, embeds and objects showing a picture
        self.styled: list[LexborNode] = []  # elements whose style or lazy background may name a picture
        self.scripts: list[LexborNode] = []
        self.sheets: list[LexborNode] = []  # <style> blocks (at most MAX_STYLESHEETS)
        # frame documents: <iframe srcdoc>s (True: read with the page's base) and data: sources (False: none),
        # each with whether a browser reads it as XML (`read_as_xml`: a data: source of an XHTML or SVG type)
        self.srcdocs: list[tuple[str | bytes, bool, bool]] = []
        self.title = ""


def data_document(src: str | None) -> bytes | None:
    """The document (HTML, XHTML or SVG) a frame's `data:` source holds, or None when it holds none; raises
    ValueError when it holds one that cannot be read (undecodable base64, over MAX_DATA_DOCUMENT). Why: such a
    frame was never read, and a redacted page kept the removed portrait in `data:text/html,<img src=…>` (review)."""
    typed = typed_data_document(src)
    return typed[1] if typed is not None else None


def typed_data_document(src: str | None) -> tuple[str, bytes] | None:
    """`data_document`'s document with its declared type (`text/html`, `image/svg+xml`, …)."""
    if not src or "data:" not in src[:40].lower():
        return None
    read = data_uri_payload(src.strip(_C0_AND_SPACE))
    if read is None or read[0] not in DOCUMENT_TYPES:
        return None
    if read[1] is None:
        raise ValueError("its base64 could not be decoded")
    if len(read[1]) > MAX_DATA_DOCUMENT:
        raise ValueError(f"it holds {len(read[1])} bytes (over {MAX_DATA_DOCUMENT})")
    return read[0], read[1]


def _frame_document(node: LexborNode, tag: str, page: PageFacts,
                    srcdocs: list[tuple[str | bytes, bool, bool]]) -> None:
    """A frame's document, to be read as a page of its own: an <iframe srcdoc>'s (with the page's base, HTML
    §2.4.1) or else a `data:` source's (whose base is that data: URL, so only absolute URLs load)."""
    attrs = node.attributes
    if tag == "iframe" and attrs.get("srcdoc"):
        srcdocs.append((attrs.get("srcdoc") or "", True, False))
        return
    try:
        typed = typed_data_document(attrs.get(EMBEDDER_SOURCE[tag]))
    except ValueError as exc:
        page.limits.append(f"a frame's data: document was not read: {exc}")
        return
    if typed is not None:
        srcdocs.append((typed[1], False, read_as_xml(typed[0])))


def _pick_nodes(tree: LexborHTMLParser, page: PageFacts, templates_opened: bool) -> _PageNodes | None:
    """Every node the analysis reads, from ONE traversal (each extra query is another full tree
    walk); the page's `<base>` is taken on the way. None when the page has a `<template>` whose
    content is still apart from the tree: the page is then read again with it opened."""
    # (a substring pre-check of the page for an attribute costs more than the query's test of it)
    nodes = _PageNodes()
    metas, imgs, styled, scripts, sheets, srcdocs = (nodes.metas, nodes.imgs, nodes.styled, nodes.scripts,
                                                     nodes.sheets, nodes.srcdocs)
    page_url = page.base
    sheets_cut = False
    base_seen = False
    in_template: dict[int, bool] = {}  # (`_in_template`: each ancestor once a page)
    title_node: LexborNode | None = None
    for node in tree.css(_QUERY_STYLE):
        tag = node.tag
        if tag in IMAGE_TAGS:
            imgs.append(node)
        elif tag in _EMBEDDERS:
            _frame_document(node, tag, page, srcdocs)
            if embedded_image(tag, node.attributes):
                imgs.append(node)
            else:
                styled.append(node)  # (matched for its frame: its style or lazy background may name one)
        elif tag == "meta" or tag == "link":
            metas.append(node)
        elif tag == "script":
            scripts.append(node)
        elif tag == "style":
            if len(sheets) < MAX_STYLESHEETS:
                sheets.append(node)
            elif not sheets_cut:
                sheets_cut = True
                page.limits.append(f"<style> blocks after the first {MAX_STYLESHEETS} were not read")
            if node.attributes.get("style"):  # (a <style> with a style attribute: matched once)
                styled.append(node)
        elif tag == "template":  # (its content is apart from the tree: the page is read again with it opened)
            if not templates_opened:
                return None
            if node.attributes.get("style"):
                styled.append(node)
        elif tag == "title":
            if title_node is None:
                title_node = node
            if node.attributes.get("style"):
                styled.append(node)
        elif tag == "base":
            # (a styled <base> without href is matched too: it gives None; one in a template's
            # inert content, opened here to read its pictures, is none of the page's)
            if not base_seen and not (templates_opened and _in_template(node, in_template)):
                given = document_base(page_url, node)
                if given is not None:
                    base_seen = True
                    if len(given) <= MAX_URL_CHARS:
                        page.base = given
                    else:  # (a megabyte's base made every picture's URL a megabyte: seconds a page, gigabytes kept)
                        page.limits.append(f"a <base href> of {len(given)} characters (over {MAX_URL_CHARS}) was not "
                                           "followed: the pictures' URLs were not read as a browser reads them")
        else:
            styled.append(node)
    nodes.title = title_node.text(deep=True, strip=True)[:500] if title_node is not None else ""
    return nodes


class _Head:
    """What a page's <meta> and <link> elements say: its robots-style and http-equiv tags, and the
    pictures they name."""

    __slots__ = ("meta", "outside_head", "og_images", "microdata", "preloads")

    def __init__(self) -> None:
        self.meta: list[tuple[str, str]] = []  # (name lower-cased, content): see PageAnalysis.meta
        self.outside_head: set[int] = set()  # indices into `meta`: see PageAnalysis.meta_outside_head
        self.og_images: list[str] = []  # the page's social cards (og:image, twitter:image, image_src)
        self.microdata: list[tuple[LexborNode, str]] = []  # <meta itemprop="image" content=…>: a picture of its item
        self.preloads: list[str] = []  # pictures a <link rel=preload as=image> or a meta refresh fetches


def _read_head(metas: list[LexborNode], page: PageFacts, hints: PageHints, want_hints: bool,
               head_id: int) -> _Head:
    """Read the <meta> and <link> elements: tags and pictures into the result, what they say of
    the page (its author, a profile, SPIP) into `page`, its languages into `hints`. `head_id`: the
    `mem_id` of the page's <head>, whose children are the page's own tags (-1: none)."""
    out = _Head()
    meta, og_images, microdata, preloads = out.meta, out.og_images, out.microdata, out.preloads
    hreflangs: dict[str, str] = {}  # (lower-cased: as read)
    og_type = ""
    for node in metas:
        a = node.attributes
        itemprop = a.get("itemprop")
        if itemprop and _microdata_picture(node, itemprop):
            # (<link itemprop=image href>; only what the URL parser drops around it goes, as of a src)
            value = (a.get("href" if node.tag == "link" else "content") or "").strip(_C0_AND_SPACE)
            if value and " " not in value and ("/" in value or "." in value):  # (not `content="Acme GmbH"`)
                microdata.append((node, value))
        if node.tag == "link":
            preloads.extend(preloaded_images(a))
            if "image_src" in (a.get("rel") or "").lower().split():  # (the share picture before Open Graph)
                og_images.append(a.get("href") or "")
            hl = a.get("hreflang")
            if hl and want_hints and len(hreflangs) < MAX_LINK_HREFLANGS:
                # (one per distinct tag: 256 links for "en" hid the "de-AT" after them)
                hreflangs.setdefault(hl.strip()[:35].lower(), hl.strip()[:35])
            continue
        content = a.get("content") or ""
        name = a.get("name")
        kept = len(meta)
        if name and not (lname := name.strip().lower()).startswith(HTTP_EQUIV):  # (no name passes as an http-equiv)
            meta.append((lname, content))
            if lname in _OG_IMAGE:
                og_images.append(content)
            elif lname in ("author", "article:author") and 3 <= len(content) <= 80 and person_name(content):
                _add_person_names(page, [content.strip()])
            elif lname == "generator" and content.lstrip()[:4].lower() == "spip":
                page.spip = True
            elif lname == "og:type" and not og_type:  # (`name=` for `property=`, as og:image is read from it too)
                og_type = content.strip().lower()
            elif lname in _PROFILE_PROPERTIES:
                page.profile = page.profile or "og:profile"
        equiv = a.get("http-equiv")
        if equiv:  # a header's equivalent is read as the header: an opt-out there counts as one sent
            lequiv = equiv.strip().lower()
            if lequiv in _EQUIV_SIGNALS:
                meta.append((HTTP_EQUIV + lequiv, content))
            elif lequiv == "refresh":
                target = refresh_target(content)
                if target is not None and names_image_file(target):
                    preloads.append(target)  # (the page gives way to the picture: a browser shows it)
        if len(meta) > kept and not _child_of(node, head_id):  # (its entries by name and by http-equiv alike)
            out.outside_head.update(range(kept, len(meta)))
        prop = (a.get("property") or "").strip().lower()
        if prop:
            if prop in _OG_IMAGE:
                og_images.append(content)
            elif prop == "og:type":
                og_type = content.strip().lower()
            elif prop == "og:locale" and not hints.og_locale:
                hints.og_locale = content.strip()[:35] or None
            elif prop in ("og:image:alt", "twitter:image:alt"):
                page.og_alt = content
            elif prop in _PROFILE_PROPERTIES:
                page.profile = page.profile or "og:profile"
    if og_type == "profile":
        page.profile = "og:profile"
    hints.hreflangs.extend(hreflangs.values())
    return out


def _child_of(node: LexborNode, parent_id: int) -> bool:
    """Whether `node` is a child of the element whose `mem_id` is `parent_id`."""
    parent = node.parent
    return parent is not None and parent.mem_id == parent_id


def _add_person_names(page: PageFacts, names: list[str]) -> None:
    """The people the page names, up to `MAX_PERSON_NAMES` in the order given (each is compared with every
    picture's texts); the first one past it says so in the limits, once."""
    for name in names:
        if len(page.person_names) >= MAX_PERSON_NAMES and name not in page.person_names:
            if TOO_MANY_NAMES not in page.limits:
                page.limits.append(TOO_MANY_NAMES)
            return
        page.person_names.add(name)


def _read_jsonld_blocks(scripts: list[LexborNode], page: PageFacts) -> JsonLdReading:
    """Read the page's JSON-LD blocks (at most MAX_JSONLD_SCRIPTS) and merge what they say of the
    page into it; their pictures are the reading's `refs`."""
    ld = JsonLdReading()
    n = 0
    for node in scripts:
        stype = node.attributes.get("type")
        if stype and "ld+json" in stype.lower():
            text = node.text(deep=True)
            if n >= MAX_JSONLD_SCRIPTS:  # (only JSON-LD blocks count: news pages carry 100+ other scripts)
                if text.strip():
                    ld.limits.append(f"JSON-LD blocks after the first {MAX_JSONLD_SCRIPTS} were not read")
                    break
                continue
            n += 1
            read_jsonld(text, ld)
    link_pictures_by_id(ld)
    page.limits.extend(ld.limits)
    _add_person_names(page, sorted(ld.person_names))
    page.person_main = page.person_main or ld.person_main
    page.recipe = ld.recipe
    if ld.profile and not page.profile:
        page.profile = "schema:ProfilePage"
    return ld


def shown_score(score: float) -> float:
    """A score to 4 places, on the side of the threshold it is on (0.49996 shown as 0.5 beside `personal` False
    contradicted `personal` meaning `score >= 0.5`: API review). (`decision.rounded_score` does the same for a
    decision's record; the compiled page analysis imports no plain module it need not: `_native.DEPENDENCIES`.)"""
    shown = round(score, 4)
    return min(shown, 0.4999) if score < THRESHOLD else shown


def _add_social_cards(out: _Collector, page: PageFacts, head: _Head, page_ev: Evidence) -> None:
    """The share pictures (og:image, twitter:image, image_src) and the pictures microdata names."""
    if head.og_images:
        ev = Evidence()
        if page.profile:
            ev.add("page", 4.2, f"page:{page.profile}")
        elif page.person_main:
            ev.add("page", 2.6, "page:schema-Person")
        if page.og_alt:
            ev.text(page.og_alt, "alt")
        for src in head.og_images:
            out.add(src, page, "og", ev, -1.4)
    for node, src in head.microdata:  # read in its item's context, as an <img> there would be
        if len(out.items) >= MAX_REFS:  # full: no more context work (as for image elements, `_add_images`)
            out.refuse([src], page)
            continue
        ev = element_evidence(node, node.attributes, page)
        ev.merge(page_ev)
        out.add(src, page, "og", ev, -1.4)


def _add_images(out: _Collector, page: PageFacts, nodes: _PageNodes, page_ev: Evidence) -> list[tuple[str, str]]:
    """Every image element's pictures (and its <picture>'s sources) with its context; an image
    painted through its style joins the styled elements. Returns the (full-size, thumbnail)
    pairs that links around pictures name."""
    full_size: list[tuple[str, str]] = []
    styled = nodes.styled
    # per <picture> (mem_id): its sources' pictures, and how many of its images were read (a source is any of them's)
    picture_sources: dict[int, list[str]] = {}
    picture_images: dict[int, int] = {}
    for node in nodes.imgs:
        attrs = node.attributes
        low = (attrs.get("style") or "").lower()
        if "url(" in low or "image-set(" in low or "\\" in low:
            styled.append(node)
        if node.tag in SVG_IMAGES:
            attrs = _svg_image_attrs(node, attrs, page)
        elif node.tag in _EMBEDDERS:
            attrs = embedded_image(node.tag, attrs)
        srcs = picture_srcs(node, attrs)
        parent = node.parent
        sources: list[str] = []
        if parent is not None and parent.tag == "picture":
            # read once a <picture> (for each of 10,000 <img>s in one, 100 kB took 20 s), and taken with the
            # context of each of its first few images: a browser may show a source in any of them
            ident = parent.mem_id
            if ident not in picture_sources:
                picture_sources[ident] = [src for c in parent.iter() if c.tag == "source"
                                          for src in element_srcs(c.attributes)]
            picture_images[ident] = seen = picture_images.get(ident, 0) + 1
            sources = picture_sources[ident] if seen <= MAX_RENDITIONS else []
        if not srcs and not sources:
            continue
        if len(out.items) >= MAX_REFS:  # full: no more context work, only whether a new picture is left out
            out.refuse(srcs + sources, page)
            if out.refused:
                break
            continue
        renditions: list[str] = []
        ev = element_evidence(node, attrs, page, renditions, srcs + sources)
        ev.merge(page_ev)
        for src in srcs:
            out.add(src, page, "img", ev, -1.6)
        if _data_uri((srcs or sources)[0]) and all(map(_data_uri, srcs)) and all(map(_data_uri, sources)):
            # (a src and a srcset's 2x at most, and a <picture>'s first sources: more is no ordinary element's)
            _add_embedded(out, page, srcs[:2] + sources[:2], ev)
        if renditions:
            _add_renditions(out, page, srcs, renditions, ev)
        if srcs:
            _pair_enlargements(node, srcs[0], page, full_size)
        for src in sources:
            out.add(src, page, "picture", ev, -1.6)
    return full_size


# At most this many pictures embedded as `data:` URIs a page get what their elements say of them
# (`PageAnalysis.embedded`): a digest costs a decode of the picture (linear in the page's size). Far
# more than the guard analyses (`inline.MAX_IMAGES` and `MAX_SMALL_IMAGES` small ones), as icons it
# skips count here too: 320 icons before a portrait left its alt text unread (found in review). Past
# it, the page is incompletely read (`page.incomplete`, on_error decides)
MAX_EMBEDDED: Final = 4096


# a data: URI in a style attribute's url(), to its closing quote or parenthesis
_STYLE_DATA: Final = re.compile(r"""url\(\s*+["']?+(data:[^"')\s]++)""", re.I)


def _data_uri(src: str) -> bool:
    return src.lstrip(_C0_AND_SPACE)[:5].lower() == "data:"


def _add_embedded(out: _Collector, page: PageFacts, srcs: list[str], ev: Evidence) -> None:
    """What an element whose pictures are all embedded says of them, by each one's digest: merged
    with what another element said of the same picture, as a URL's occurrences are (the first one's
    empty alt hid the second's "Jane Doe, our CEO"; found in review)."""
    for src in srcs:
        digest = data_uri_digest(src)
        if digest is None:
            continue
        known = out.embedded.get(digest)
        if known is not None:
            known.merge(ev)
        elif len(out.embedded) < MAX_EMBEDDED:
            out.embedded[digest] = ev.copy()
        elif not page.embedded_cut:
            page.embedded_cut = True
            page.limits.append(f"pictures embedded as data: URIs past the first {MAX_EMBEDDED} had nothing their "
                               "elements say of them read")


def _pair_enlargements(node: LexborNode, shown: str, page: PageFacts, full_size: list[tuple[str, str]]) -> None:
    """(full-size copy, the picture shown) for each enlargement the link a click on the element opens
    names (`enlarging_link`): the guard judges a later request for the copy with what the page said
    of the picture shown."""
    anchor = enlarging_link(node, page.link_names)
    if anchor is None:
        return
    small = absolute_url(page.base, shown)
    bigs = page.enlarged.get(anchor.mem_id)
    if bigs is None:  # (resolved once a link)
        bigs = page.enlarged[anchor.mem_id] = []
        names = page.link_names[anchor.mem_id]
        if len(names) > MAX_RENDITIONS:
            _note_pairs_cut(page)
        for link in names[:MAX_RENDITIONS]:
            big = absolute_url(page.base, link)
            if big is None:
                _note_too_long(link, page)
            else:
                bigs.append(big)
    for big in bigs:
        if small is None or big == small:
            continue
        if len(full_size) >= MAX_REFS:
            _note_pairs_cut(page)
            return
        full_size.append((big, small))


def _note_pairs_cut(page: PageFacts) -> None:
    """Say once in the page's limits that full-size copies were left unpaired: their requests are judged
    without what the page said of the pictures they enlarge (an incomplete reading, not a silent allow)."""
    if not page.pairs_cut:
        page.pairs_cut = True
        page.limits.append(f"full-size copies named by links were left unpaired with the pictures they enlarge "
                           f"(over {MAX_RENDITIONS} a link or {MAX_REFS} a page): their requests are judged "
                           "without what the page says of them")


def _add_styled(out: _Collector, page: PageFacts, styled: list[LexborNode], page_ev: Evidence,
                full_size: list[tuple[str, str]]) -> None:
    """The pictures of inline styles, lazily painted backgrounds and video posters, each with its
    element's context and what the page says of itself (a profile's word counts for every picture).
    A tile in a lightbox's link (Elementor Pro's gallery: `<a href=big.jpg><div data-thumbnail=…>`)
    is paired with the enlargement, as an `<img>` in one is."""
    for node in styled:
        attrs = node.attributes
        # (css_urls finds url( and image-set( itself, in one linear pass: no lower() copy first; read whole,
        # as redaction reads it: a portrait's url() after 4000 characters of style went unread and unredacted)
        style = attrs.get("style") or ""
        urls = list(dict.fromkeys(u for u in map(css_url, css_urls(style)) if u))  # (each once)
        posters: list[str] = []
        if node.tag not in IMAGE_TAGS:  # (an image's lazy attributes were read with its sources)
            frame = node.tag in _EMBEDDERS  # (matched by its tag: a lazy frame's `data-src` is its page, no background)
            # (a link to an image file is an enlargement: its `data-original` is that picture again, no background)
            enlarging = node.tag == "a" and names_image_file(attrs.get("href"))
            for name, url in background_srcs(attrs):
                if not ((frame and (name.startswith("data-src") or name == "data-original"))
                        or (enlarging and name == "data-original")):
                    (posters if name in ("poster", "data-poster") else urls).append(url)
        # pictures embedded as data: URIs (a style's url() skips them unread, `css_urls`): what the element says of
        # them by their digest, as an <img>'s (a portrait as a poster or a background, titled "Portrait of Jane Doe",
        # was judged with nothing said of it: review)
        painted = _STYLE_DATA.findall(style)[:2] if "data:" in style else []
        if not urls and not posters and not painted:
            continue
        if len(out.items) >= MAX_REFS:
            out.refuse(urls + posters, page)
            if out.refused:
                break
            continue
        ev = element_evidence(node, attrs, page)
        ev.merge(page_ev)
        for src in posters:  # a video's first frame: no background
            out.add(src, page, "img", ev, -1.6)
        embedded = [p for p in posters if _data_uri(p)][:2]
        if embedded:
            _add_embedded(out, page, embedded, ev)
        if urls or painted:
            if node.tag != "img" and (attrs.get("role") or "").strip().lower() != "img":
                # (an <img> painted through its style, its src a spacer, or a `role="img"` tile: a picture, no backdrop)
                ev.add("css", -0.3, "css:background")
            for src in urls:
                out.add(src, page, "css", ev, -1.6)
        if painted:
            _add_embedded(out, page, painted, ev)  # (two at most, as an <img>'s src and srcset)
        if urls or posters:
            _pair_enlargements(node, (urls or posters)[0], page, full_size)


def _add_stylesheets(out: _Collector, page: PageFacts, sheets: list[LexborNode], page_ev: Evidence) -> None:
    """The pictures <style> blocks' rules paint: banners, textures and headers most often."""
    sheet_ev = Evidence()
    sheet_ev.add("css", -0.3, "css:stylesheet")  # a rule's picture: a banner, a texture, a header
    sheet_ev.merge(page_ev)
    for node in sheets:
        css = node.text(deep=False)  # (a style sheet is one text)
        if len(css) > MAX_STYLESHEET_CHARS:
            page.limits.append(f"a <style> block of {len(css)} characters was read to {MAX_STYLESHEET_CHARS}")
        for src in stylesheet_srcs(css):
            out.add(src, page, "css", sheet_ev, -1.6)


def _analyse(html: str | bytes | bytearray | memoryview | None, base_url: str, want_hints: bool,
             encoding: str | None = None, templates_opened: bool = False, frames: list[int] | None = None,
             preloads: Sequence[str] = (), xml: bool = False) -> PageAnalysis:
    """`frames`: how many more <iframe srcdoc> documents the page may have read (shared by the
    documents nested in it); `preloads`: `analyse_page`'s; `xml`: a browser reads the page as XML (`read_as_xml`)."""
    if frames is None:
        frames = [MAX_SRCDOCS]
    if html is None:
        return PageAnalysis()
    if not isinstance(html, (str, bytes)):
        html = bytes(html)
    source = _parser_input(html, encoding)
    if source is None:
        return PageAnalysis()
    costly = too_costly_to_parse(source)
    if costly is not None:
        log.warning("scrapeguard: page %s: HTML %s to analyse safely", base_url[:200], costly)
        return PageAnalysis(error=f"HTML {costly} to analyse (parser cost would be quadratic)")
    tree = LexborHTMLParser(source)
    root = tree.root
    hints = PageHints()
    page = PageFacts(base=base_url)
    if xml:
        _note_prefixed_elements(source, tree, page)
    if root is not None and root.tag == "html":
        ra = root.attributes
        lang = (ra.get("lang") or ra.get("xml:lang") or "").strip()
        hints.html_lang = lang[:35] or None
    nodes = _pick_nodes(tree, page, templates_opened)
    if nodes is None:
        return _analyse(open_templates(source), base_url, want_hints, "utf-8", True, frames, preloads, xml)
    head_element = tree.head
    head = _read_head(nodes.metas, page, hints, want_hints, head_element.mem_id if head_element is not None else -1)
    _page_subject(page, nodes.title)
    page.social_host = on_social_network(page.base)
    net = social_profile(base_url) if base_url else None
    if net and not page.profile:
        page.profile = f"social:{net}"
    if want_hints:
        # one substring pre-check (a TCF stub) instead of reading every inline script
        hints.tcf_cmp = _tcf_present(nodes.scripts, _Has(source))

    ld = _read_jsonld_blocks(nodes.scripts, page)
    if not page.profile and root is not None:
        for holder in (root, tree.body):
            it = holder.attributes.get("itemtype") if holder is not None else None
            if it and it.rsplit("/", 1)[-1].strip() in PROFILE_TYPES:
                page.profile = "microdata:ProfilePage"
            elif it and it.rsplit("/", 1)[-1].strip() in PERSON_TYPES:
                page.person_main = True

    out = _Collector()
    page_ev = Evidence()
    if page.profile:
        page_ev.add("page", 0.8, f"page:{page.profile}")
    elif page.person_main:
        page_ev.add("page", 0.4, "page:schema-Person")

    _add_social_cards(out, page, head, page_ev)
    full_size = _add_images(out, page, nodes, page_ev)
    _add_styled(out, page, nodes.styled, page_ev, full_size)
    if nodes.sheets:
        _add_stylesheets(out, page, nodes.sheets, page_ev)

    for src, ev, _key in ld.refs:
        ev.merge(page_ev)
        out.add(src, page, "jsonld", ev, -1.6)
        if _data_uri(src):  # (a Person's embedded portrait had nothing said of it: review)
            _add_embedded(out, page, [src], ev)

    # (the page's own picture, most often: its <img> holds its context); its answer's too, with what the page says
    # of itself (a Link or Refresh field's portrait on a profile page was judged with nothing said of it: review)
    for src in (*head.preloads, *preloads):
        out.add(src, page, "img", page_ev, -1.6)

    if out.refused:
        page.limits.append(f"only the first {MAX_REFS} image references were analysed: the image elements after "
                           f"them were not read")
    _merge_same_photo(out)
    _share_lead_photo(out)
    images: list[ImageRef] = []
    things: bool | None = page.recipe or None  # (searched for only when a camera-named photo asks)
    event = _event_gallery(nodes.title)
    gallery = _gallery_pictures(out) if event else set()
    for occ in out.items.values():
        if things is None and "file:camera" in occ.ev.cues:
            things = _Has(source)(*_MICRODATA_RECIPES) or _showcase(base_url, nodes.title)
        if occ.url in gallery and not things:
            # a gallery of an event (a race's photos by bib, a wedding's, a tournament's): a picture nothing
            # describes, nothing says is a thing, is of its people (blind set `ci`: 193 such missed, 0.44)
            occ.ev.add("page", EVENT_GALLERY_WEIGHT, f"page:event-{event}")
        score, reasons = occ.ev.finish(occ.prior, bool(things))
        images.append(ImageRef(occ.src, occ.url, occ.kind, score >= THRESHOLD, shown_score(score), reasons[:8]))
    embedded: dict[str, tuple[bool, float, list[str]]] = {}
    for digest, ev in out.embedded.items():
        score, reasons = ev.finish()
        embedded[digest] = (score >= THRESHOLD, shown_score(score), reasons[:8])
    frame_documents: list[bytes] = []
    if nodes.srcdocs:
        _read_srcdocs(nodes.srcdocs, page, frames, images, full_size, embedded, frame_documents)
    return PageAnalysis(images=images, meta=head.meta, meta_outside_head=frozenset(head.outside_head), hints=hints,
                        label=_label(images, page), title=nodes.title, limits=page.limits, full_size=full_size,
                        embedded=embedded, frame_documents=frame_documents)


# A prefix bound to the XHTML or SVG namespace (`xmlns:h="http://www.w3.org/1999/xhtml"`)
_FOREIGN_PREFIX: Final = re.compile(
    r"""xmlns:([A-Za-z_][\w.-]{0,63})\s*=\s*["']http://www\.w3\.org/(?:1999/xhtml|2000/svg)["']""")


# A start tag a prefix may name (`<h:img`): its qualified name
_PREFIXED_TAG: Final = re.compile(r"<([A-Za-z_][\w.-]{0,63}):([\w.-]{1,64})")
_MAX_PREFIXED_NAMES: Final = 64  # distinct prefixed names looked up in the tree (one query): past them, a limit


def _note_prefixed_elements(source: str | bytes, tree: LexborHTMLParser, page: PageFacts) -> None:
    """Say in the page's limits when a page a browser reads as XML has elements named with a prefix bound to
    XHTML's or SVG's namespace (`<h:img>`, `<svg:image>`): an XML parser reads them as images, the HTML parser
    read here as unknown elements, and they passed unjudged (review). An incomplete reading: on_error decides.
    Only elements the parse made count: a `<h:p` in a script's string or a comment is none (a text/html page with
    one was refused, as one with a decorative `<svg:svg>`, which no browser's HTML parser shows: review)."""
    if not _Has(source)("xmlns:"):
        return
    text = source if isinstance(source, str) else source.decode("latin-1")
    prefixes = {m.group(1) for m in _FOREIGN_PREFIX.finditer(text)}
    if not prefixes:
        return
    names = sorted({f"{m.group(1)}:{m.group(2)}".lower() for m in _PREFIXED_TAG.finditer(text)
                    if m.group(1) in prefixes})
    if len(names) > _MAX_PREFIXED_NAMES:
        used: str | None = names[0].split(":")[0]  # (too many to look up: taken as met, an incomplete reading)
    else:
        query = ", ".join(re.sub(r"([^\w-])", r"\\\1", name) for name in names)
        found = tree.css_first(query) if query else None
        used = (found.tag or "").split(":")[0] if found is not None else None
    if used is not None:
        page.limits.append(f"elements named with the prefix `{used[:64]}:` of the XHTML or SVG namespace were not "
                           "read (an XML parser shows them)")


def _read_srcdocs(srcdocs: list[tuple[str | bytes, bool, bool]], page: PageFacts, frames: list[int],
                  images: list[ImageRef], full_size: list[tuple[str, str]],
                  embedded: dict[str, tuple[bool, float, list[str]]], frame_documents: list[bytes]) -> None:
    """The pictures of each `<iframe srcdoc>` document, which a browser loads as the page's
    (its fallback base URL is the page's, HTML §2.4.1); a picture the page names too keeps the
    higher score. A frame's data: document has no base but its data: URL: only its absolute URLs count; its bytes,
    and its own frames' data: documents, go to `frame_documents` (the guard's search for embedded pictures).
    At most MAX_SRCDOCS documents a page, nested ones included: the others are a limit (each is one more parse)."""
    at = {ref.url: i for i, ref in enumerate(images)}
    for doc, based, xml in srcdocs:
        if frames[0] <= 0:
            page.limits.append(f"<iframe srcdoc> documents after the first {MAX_SRCDOCS} were not read")
            return
        frames[0] -= 1
        inner = _analyse(doc, page.base if based else "", False, None, False, frames, xml=xml)
        if inner.error:
            page.limits.append(f"an <iframe srcdoc> document was not read: {inner.error}")
        page.limits.extend(f"{_IN_A_SRCDOC}{limit}" for limit in inner.limits
                           if not limit.startswith("<iframe srcdoc> documents after"))
        if any(limit.startswith("<iframe srcdoc> documents after") for limit in inner.limits):
            page.limits.append(f"<iframe srcdoc> documents after the first {MAX_SRCDOCS} were not read")
        if not based:  # (a srcdoc's pictures are in the page's bytes; a data: document's, in its own only)
            frame_documents.append(doc if isinstance(doc, bytes) else doc.encode("utf-8"))
        frame_documents.extend(inner.frame_documents)
        for digest, said in inner.embedded.items():  # (joined with the pictures by their digest)
            known = embedded.get(digest)
            if known is None or said[1] > known[1]:
                embedded[digest] = said
        for ref in inner.images:
            if not based and _ABSOLUTE.match(ref.url) is None:
                continue  # (a relative reference of a data: document loads nothing)
            k = at.get(ref.url)
            if k is None:
                if len(images) >= MAX_REFS:
                    page.limits.append(f"only the first {MAX_REFS} image references were analysed: the image elements "
                                       f"after them were not read")
                    return
                at[ref.url] = len(images)
                images.append(ref)
            elif ref.score > images[k].score:
                images[k] = ref
        if len(full_size) + len(inner.full_size) > MAX_REFS:
            _note_pairs_cut(page)
        pairs = inner.full_size if based else [(big, small) for big, small in inner.full_size if _ABSOLUTE.match(big)]
        full_size.extend(pairs[: max(0, MAX_REFS - len(full_size))])


_ABSOLUTE: Final = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")  # a URL with its scheme


_TITLE_SPLIT: Final = re.compile(r"\s+[|–—•·:-]\s+|\s*[|•·]\s*|:\s+")
_HANDLE: Final = re.compile(r"\([^)]*\)|@\S+")


def _page_subject(page: PageFacts, title: str) -> None:
    """The person a page is about, from its title ("Lise Meitner – Wikipedia", "Maya Thornton
    (@maya) • Instagram"): only when it reads as a name whose first word is a known given
    name (of the packaged list too: a title's head is already shaped as a name, unlike a file
    name), or a Person the structured data names. Images naming that person then count."""
    if not title:
        return
    head = _HANDLE.sub(" ", _TITLE_SPLIT.split(title, 1)[0]).strip()
    if not head or len(head) > 60 or not name_shaped(head):
        return
    toks = W.tokens(head)
    if not toks:
        return
    first = toks[0] if toks[0] not in W.HONORIFICS or len(toks) < 2 else toks[1]
    if first in W.TEXT_GIVEN_NAMES or head in page.person_names:
        page.person_names.add(head)
        page.subject = frozenset(t for t in toks[1:] if len(t) >= 4 and t not in W.HONORIFICS)


def _merge_same_photo(out: _Collector) -> None:
    groups: dict[str, list[_Occurrence]] = {}
    for occ in out.items.values():
        if occ.key:
            groups.setdefault(occ.key, []).append(occ)
    for members in groups.values():
        if len(members) < 2:
            continue
        merged = Evidence()
        prior = max(m.prior for m in members)
        for m in members:
            merged.merge(m.ev)
        for m in members:
            m.ev = merged.copy()
            m.prior = prior


def _share_lead_photo(out: _Collector) -> None:
    """og:image and JSON-LD copies of the lead photo are often another rendition with another
    size suffix (`47985084_304.jpg` beside the body's `47985084_404.jpg`): when the photo id of
    the file name matches exactly one body photo, the copy inherits its context."""
    wanted: dict[str, list[_Occurrence]] = {}  # photo id of an og/JSON-LD copy -> its copies
    for occ in out.items.values():
        if occ.kind == "og" or occ.kind == "jsonld":
            pid = photo_id(occ.url)
            if pid:
                wanted.setdefault(pid, []).append(occ)
    if not wanted:
        return
    body: dict[str, list[_Occurrence]] = {}
    few = len(wanted) <= 8  # (with many ids the substring tests would cost ids x URLs)
    for occ in out.items.values():
        if occ.kind != "og" and occ.kind != "jsonld":
            if few:  # a substring test first: most body photos share no id
                low = (unquote(occ.url) if "%" in occ.url else occ.url).lower()
                if not any(pid in low for pid in wanted):
                    continue
            pid = photo_id(occ.url)
            if pid and pid in wanted:
                body.setdefault(pid, []).append(occ)
    for pid, copies in wanted.items():
        found = body.get(pid)
        if not found or len({b.key or b.url for b in found}) != 1:
            continue
        for occ in copies:
            merged = occ.ev.copy()
            merged.merge(found[0].ev)
            occ.ev = merged


def _label(images: list[ImageRef], page: PageFacts) -> PageLabel:
    """person-centric: a profile/person page, or people in at least half of the page's content
    images (site chrome such as logos, icons, sprites and pixels not counted); mixed: some."""
    personal = sum(1 for i in images if i.personal)
    if not personal:
        return "no-people"
    if page.profile or page.person_main:
        return "person-centric"
    content = sum(1 for i in images if not _CHROME.search(" ".join(i.reasons)))
    return "person-centric" if personal * 2 >= max(content, 1) else "mixed"


# reasons that mark site chrome (not content) for the page label
_CHROME: Final = re.compile(r"logo|icon|sprite|favicon|placeholder|pixel|file:\.ico")


__all__ = ["analyse_page", "clear_caches", "find_images"]
