"""Every image a page references, with what its context says about people — from ONE parse.

The page is parsed once with lexbor (selectolax): about 0.45x the time of a bare lxml parse
on real pages here, plus a fixed ~0.05-0.1 ms per document. One CSS query (one tree walk, in
C) picks every node needed (img/amp-img, SVG image, meta, link[hreflang], image preloads,
frames/embeds/objects, base, script, inline styles with url()); an <iframe srcdoc> document is
read as a page of its own (at most MAX_SRCDOCS a page); the Python work per image is bounded (at most seven ancestors, memoised per page,
and three siblings) and the lexicon lookups are per-token bitmasks from one index built at
import. Pure string -> cues functions (alt/caption text, class lists, file names and paths,
nearby text, URL -> photo key, resolved URLs) are memoised with bounded LRU caches, which carry
over between the pages of a crawl. This module and the ones it reads with (`score`, `credits`,
`context_words`, `social`, `page_source`, `css_refs`, `photo_keys`, `page_urls`, `page_refs`,
`page_jsonld`) are compiled with mypyc at install when possible (`hatch_build.py`, `detect/_native.py`).
Measured cost (benchmarks/bench_page.py; callgrind instruction counts agree with the wall
clock): on 27 real news pages (183 kB and ~28 image references per page) the analysis costs
~2.3-2.5x a bare lxml parse compiled (first sight of every string) and ~1.2x when the same page
is analysed again (parse, tree walk and bookkeeping only); on 169 German/English/French web pages
(105 kB, ~25 references) ~2.1-2.2x and ~1.1x; interpreted ~3.2x; on 954 formasaurus pages of
2014-16 ~2.5x; on documentation pages with few images ~0.75x. lexbor's parse is 0.45-0.6x of
lxml's; the rest is spread over tokenising, cue lookups and bookkeeping per reference, none
above ~10 %.

Cues are weighed in `detect.score`; the lexicon is in `detect.context_words`; social profile
URLs in `detect.social`; the page's bytes are made ready for the parser in `detect.page_source`,
the attributes naming pictures read in `detect.page_refs` and their URLs resolved in
`detect.page_urls`, JSON-LD read in `detect.page_jsonld`, CSS in `detect.css_refs`, renditions of
one photo told in `detect.photo_keys`.
`analyse_page` never raises: a failure becomes `PageAnalysis.error`, which the guard turns into
a visible finding rather than a silent allow. `data:`, `javascript:`, `about:` and `blob:`
references are not image URLs and are skipped.
"""

from __future__ import annotations

import codecs
import functools
import logging
import re
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapeguard.detect import context_words as W
from scrapeguard.detect import page_refs, page_urls
from scrapeguard.detect.base import HTTP_EQUIV, ImageKind, ImageRef, PageAnalysis, PageLabel
from scrapeguard.detect.credits import bracketed_name, name_shaped, strip_credits
from scrapeguard.detect.css_refs import MAX_STYLESHEET_CHARS, css_url, css_urls, stylesheet_srcs
from scrapeguard.detect.names import person_name
from scrapeguard.detect.page_jsonld import (
    MAX_JSONLD_SCRIPTS,
    NOT_JSON,
    NOT_PERSON_TYPES,
    PERSON_TYPES,
    PICTURE_TYPES,
    PROFILE_TYPES,
    TOO_DEEP,
    JsonLdReading,
    read_jsonld,
)
from scrapeguard.detect.page_refs import (
    IMAGE_ELEMENTS,
    IMAGE_TAGS,
    MAX_REFS,
    MAX_RENDITIONS,
    QUERY_BACKGROUNDS,
    RENDITION_DEPTH,
    background_srcs,
    element_srcs,
    embedded_image,
    full_size_anchor,
    full_size_links,
    names_image_file,
    picture_srcs,
    preloaded_images,
    refresh_target,
    remember,
    svg_image_as_img,
    wrapper_renditions,
)
from scrapeguard.detect.page_source import closed_as_xml, decode_page, open_templates, page_encoding, too_deep
from scrapeguard.detect.page_urls import MAX_URL_CHARS, SKIP_SCHEMES, absolute_url, document_base
from scrapeguard.detect.photo_keys import file_stem, photo_id, photo_key
from scrapeguard.detect.phrases import names_a_firm, names_a_place_or_model, shouted
from scrapeguard.detect.score import (
    THRESHOLD,
    Cues,
    Evidence,
    auto_alt_cues,
    echoes_a_camera_name,
    is_square_small,
    pixels_given,
    url_cues,
    without_attribution,
)
from scrapeguard.detect.social import on_social_network, social_profile
from scrapeguard.jurisdiction import PageHints
from scrapeguard.resource import _C0_AND_SPACE

log = logging.getLogger("scrapeguard")

MAX_ANCESTORS: Final = 7
MAX_STYLESHEETS: Final = 64  # <style> blocks read per page
# <iframe srcdoc> documents read per page, however deeply nested (each is one more parse)
MAX_SRCDOCS: Final = 16

_CAPTION_TOKENS: Final = frozenset(
    "caption captions credit credits legend legende didascalia pie foto-text bildunterschrift bu wp caption-text".split()
)
# People nouns that name a group or a business relation rather than people in a picture: next
# to an image they say little ("Notre équipe", "Für Kunden", "Our clients").
_GROUP_NOUNS: Final = frozenset(
    "team teams equipe equipo squadra staff band chor choir coro chorale host hosts model models owner owners "
    "member members client clients kunde kunden customer customers cliente clienti clientes clientele".split()
)
_PHOTO_WORDS: Final = frozenset("photo photos pic picture foto fotos bild bilder image imagen immagine selfie".split())
_HOLDERS: Final = frozenset({"a", "picture", "span", "noscript", "i-amphtml-sizer", "div", "figure", "dt", "p", "h1", "h2", "h3", "h4", "h5", "h6"})
_HEADINGS: Final = "h1, h2, h3, h4, h5, h6"
_INVISIBLE: Final = frozenset({"noscript", "script", "style", "template", "link", "meta"})
# A <picture>'s own <source>s stand before its <img> and say nothing: the card's name sits beside
# the <picture>, one level up.
_SOURCES: Final = frozenset({"source", "track"})
_MAX_SOURCES: Final = 64  # (one per breakpoint and format: TYPO3 and newsrooms print 10-20)
_NEAR_TAGS: Final = frozenset("h1 h2 h3 h4 h5 h6 p span strong b em a div figcaption small cite address header footer dl dd dt".split())
_TCF_HOSTS: Final = (
    "consensu.org", "cookielaw.org", "cookiebot.com", "privacy-mgmt.com", "privacy-center.org",
    "usercentrics.eu", "consentmanager.net", "iubenda.com", "cmp.inmobi.com", "quantcast.com/choice",
    "trustarc.com", "privacymanager.io", "didomi.io",
)
_OG_IMAGE: Final = frozenset({
    "og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src",
    "twitter:image0", "twitter:image:url",
})
# The microdata properties a <meta> names a picture with (schema.org `image`, `thumbnailUrl`, `logo`).
_MICRODATA_PICTURES: Final = frozenset({"image", "thumbnailurl", "logo", "image_url"})  # (image_url: Blogger's posts)


# --------------------------------------------------------------------------- references
def _note_too_long(src: str, page: _Page) -> None:
    """Say once in the page's limits that a picture's reference was too long to read (an image
    element's, or the enlargement a link names)."""
    if len(src) > MAX_URL_CHARS and not page.long_reference and not src.lstrip()[:11].lower().startswith(SKIP_SCHEMES):
        page.long_reference = True
        page.limits.append(f"an image reference of {len(src)} characters (over {MAX_URL_CHARS}) was not read")


SvgFacts = tuple[str | None, str | None, str | None]  # an <svg>'s label, width, height


def _svg_image_attrs(node: LexborNode, attrs: dict[str, str | None], memo: dict[int, SvgFacts]) -> dict[str, str | None]:
    """An SVG `<image>` as the `<img>` it stands for, with the alt text and size of the nearest
    `<svg>` around it (Facebook draws every avatar as `<svg aria-label="Jane Doe" style=…><g>
    <image xlink:href=…>`)."""
    out = svg_image_as_img(attrs)
    svg = node.parent
    hops = 0
    while svg is not None and svg.tag != "svg" and hops < 4:
        svg = svg.parent
        hops += 1
    if svg is None or svg.tag != "svg":
        return out
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


# --------------------------------------------------------------------------- the page context
@dataclass(slots=True)
class _Page:
    """Page-level facts gathered before the images are judged."""

    base: str
    profile: str = ""  # why the page is a person's profile ("og:profile", "schema:ProfilePage", "social:x")
    person_main: bool = False  # JSON-LD/microdata Person is the page's subject
    person_names: set[str] = field(default_factory=set)
    og_alt: str = ""
    subject: frozenset[str] = frozenset()  # surname tokens of the person the page is about
    name_words: frozenset[str] | None = None  # the given names of person_names, once they are all known
    social_host: bool = False  # the page's own host is a social network (its relative links may be profiles)
    spip: bool = False  # made with SPIP (generator meta), whose "logo" of an article is its picture
    limits: list[str] = field(default_factory=list)  # see PageAnalysis.limits
    long_reference: bool = False  # an image reference over MAX_URL_CHARS was left unread (said once in limits)
    ancestors: dict[int, _Ancestor] = field(default_factory=dict)
    svgs: dict[int, SvgFacts] = field(default_factory=dict)  # per <svg>, for the images drawn in it
    renditions_added: set[str] = field(default_factory=set)  # wrappers' renditions taken by an <img>


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

    def refuse(self, srcs: list[str], page: _Page) -> None:
        """At MAX_REFS: a further reference is left out, a new picture or another copy of a kept
        one (whose context would have been merged into it)."""
        if not self.refused:
            self.refused = any(absolute_url(page.base, src) is not None for src in srcs)

    def add(self, src: str, page: _Page, kind: ImageKind, ev: Evidence, prior: float) -> None:
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
            elif page.person_names and not _name_words(page).isdisjoint(W.tokens(unquote(name.split("?", 1)[0]))):
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
_NOTE_ONLY_JSONLD: Final = (NOT_JSON, TOO_DEEP)


def limits_leaving_images_unread(limits: list[str]) -> list[str]:
    """The limits that left image elements or readable JSON-LD unread: an incomplete reading of
    the page's pictures (the guard's `page.incomplete` error, decided by on_error)."""
    return [limit for limit in limits
            if not limit.startswith(_NOTE_ONLY_LIMITS) and not any(s in limit for s in _NOTE_ONLY_JSONLD)]


# --------------------------------------------------------------------------- element context
_CLASS_TOKENS: Final[dict[str, tuple[str, ...]]] = {}  # "class#id" -> tokens: a site's class lists repeat on every page


# "portrait" as an orientation: a BEM modifier (`m-post-card--portrait`), Vinted's
# `web_ui__Image__portrait`, a breakpoint (`hide-for-portrait`, `for-tablet-portrait-up`);
# not a block's portrait element (`card__portrait`, `teaser__portrait`) nor `image-portrait`.
_ORIENTATION: Final = re.compile(r"--portrait|Image__portrait|(?:tablet|phone|mobile|for)[-_]portrait|portrait[-_](?:up|down|only)\b")


def _class_tokens(page: _Page, attrs: dict[str, str | None]) -> tuple[str, ...]:
    cls = attrs.get("class") or ""
    ident = attrs.get("id") or ""
    if not cls and not ident:
        return ()
    key = cls + "#" + ident if ident else cls
    toks = _CLASS_TOKENS.get(key)
    if toks is None:
        toks = W.tokens(key.replace("#", " "))
        if "portrait" in toks and _ORIENTATION.search(cls) is not None:
            toks = tuple(t for t in toks if t != "portrait")  # a box's or a screen's shape, not a portrait
        remember(_CLASS_TOKENS, key, toks, 20000, 256)
    if ("logo" in toks or "logos" in toks) and (page.spip or "spip" in key):
        toks = tuple(t for t in toks if t != "logo" and t != "logos")  # `spip_logo`, `item-logo`
    return toks


def _has_caption_class(toks: tuple[str, ...]) -> bool:
    return any(t in _CAPTION_TOKENS for t in toks)


def _near_text(ev: Evidence, text: str, page: _Page, direct: bool = True) -> None:
    """Text next to an image (a team card's name and role, a WordPress caption)."""
    if not text:
        return
    text = text[:300]
    if len(text) > 40 and text[-1:].isalpha():
        byline = _BYLINE_TAIL.search(text, len(text) - 60)
        if byline is not None:
            text = text[: byline.start() + 1]  # keep the digit, drop the author
    known = bool(page.person_names) and _names_known(text, page)
    ev.replay(_near_cues(text, direct, known))


# A teaser card read as one text glues its date or comment count to the author's byline
# ("…August 17, 2017/44John Maeda"): a name right after a digit, closing the text.
_BYLINE_TAIL: Final = re.compile(r"\d(?:[A-ZÀ-Þ](?:[^\W\d_]|['’.-])*+\s*+){1,3}$")


_CAPITALISED: Final = re.compile(r"[A-ZÀ-Þ][a-zß-ÿ]")

# Someone introducing themselves beside their picture (a blog's "about me" widget, a coach's
# card): "Welcome! I'm Megan", "Ich bin Jana", "Je m'appelle Léa", "Soy Lucía", "Ciao, sono
# Giulia" — a capitalised word after it that is a given name (`_introduces_self`).
_SELF_INTRODUCTION: Final = re.compile(
    r"(?i:\b(?:i['’]m|i am|my name is|ich bin|mein name ist|ich hei(?:ss|ß)e|je m['’]appelle|moi c['’]est"
    r"|me llamo|mi nombre es|soy|mi chiamo|il mio nome è|sono))\s+([A-ZÀ-Þ][\w'’-]*)"
)


# Each self-introduction holds one of these (a substring gate: the regex costs ~9 µs a text).
_SELF_INTRODUCTION_MARKERS: Final = ("i'm", "i’m", "i am", "my name", "ich bin", "mein name", "ich hei", "appelle",
                                     "moi c", "me llamo", "mi nombre", "soy", "mi chiamo", "mio nome", "sono")


def _introduces_self(text: str) -> bool:
    """A self-introduction names its speaker with a given name ("Soy Lucía", not "Soy Sauce",
    "Le borse sono Made in Italy" or "I'm With Stupid")."""
    low = text.lower()
    if not any(marker in low for marker in _SELF_INTRODUCTION_MARKERS):
        return False
    return any(W._fold(m.group(1)) in W.TEXT_GIVEN_NAMES for m in _SELF_INTRODUCTION.finditer(text))


@functools.lru_cache(maxsize=8192)
def _near_cues(text: str, direct: bool, known: bool) -> Cues:
    """The cues of one nearby text (memoised: "Read more", bylines and dates repeat on every
    page of a site). `known`: the text names a person the page's structured data names."""
    out: list[tuple[str, float, str]] = []
    toks = W.tokens(text)
    named = known or person_name(text)
    rbit = W.BIT_OF[id(W.ROLES)]
    role = next((t for t in toks if W.lex(t) & rbit), None)
    shaped = not named and len(text) <= 60 and name_shaped(text.split("\n")[0][:60])
    strongest = 0.0
    if (named or shaped) and role:
        out.append(("near", 3.0, f"near:person-name+{role}"))
        strongest = 3.0
    elif named:
        out.append(("near", 2.4, "near:person-name"))
        strongest = 2.4
    elif role:
        # (capitals inside a word count: a card's elements read as one text glue "#1 Ben" to
        # "Torwart" as "BenTorwart")
        caps = sum(len(_CAPITALISED.findall(w)) for w in text.split()[:6])
        if caps >= 2:
            out.append(("near", 1.6, f"near:{role}"))
            strongest = 1.6
    elif direct and _introduces_self(text):  # (not a page header's blurb beside its banner)
        out.append(("near", 2.4, "near:self-introduction"))
        strongest = 2.4
    elif shaped:
        out.append(("near", 1.0, "near:name-shaped"))
        strongest = 1.0
    if not out:
        nbit = W.BIT_OF[id(W.PERSON_NOUNS)]
        noun = next((t for t in toks if W.lex(t) & nbit and len(t) >= 3 and t not in _GROUP_NOUNS), None)
        if noun and len(noun) <= 4 and shouted(text, noun, model_code=True):
            noun = None  # "HLF 20 (MAN TGM)": a truck's maker, not a man
        elif noun and (names_a_place_or_model(text, noun) or names_a_firm(toks, noun, "&" in text)):
            noun = None  # "Our shop on Kings Road", "Schreinerei Hahn & Sohn"
        if noun:
            out.append(("near", 1.8, f"near:{noun}"))  # a teaser's headline: "Vigil held for man shot by police"
            strongest = 1.8
    if direct and strongest < 2.2:
        noun = next((t for t in toks if t in W.PERSON_NOUNS or t in W.PRONOUNS), None)
        if noun and any(t in _PHOTO_WORDS for t in toks):
            out.append(("near", 2.2, f"near:photo-of-{noun}"))
    return tuple(out)


def _name_words(page: _Page) -> frozenset[str]:
    """The given names of the people the page's structured data and meta tags name, computed once
    the walk starts: a file named after one (`megan-sidebar-round.jpg` on Megan's blog) shows
    them. Given names only, from the known list: a surname is too often a word ("Jenny Rice",
    `egg-fried-rice.jpg`; "Marco Rossi", `peperoni-rossi.jpg`)."""
    if page.name_words is None:
        host = urlsplit(page.base).hostname or ""  # a site signing as its own author ("Wunderweib")
        given: set[str] = set()
        for name in page.person_names:
            toks = W.tokens(name)
            if toks and not any(c.isdigit() for c in name):  # ("Wunderweib1": an account)
                first = toks[1] if toks[0] in W.HONORIFICS and len(toks) > 1 else toks[0]
                if len(first) >= 3 and first in W.TEXT_GIVEN_NAMES and first not in host:
                    given.add(first)
        page.name_words = frozenset(given)
    return page.name_words


def _names_known(text: str, page: _Page) -> bool:
    if not page.person_names:
        return False
    low = text.lower()
    return any(n.lower() in low for n in page.person_names)


def _add_renditions(out: _Collector, page: _Page, srcs: list[str], renditions: list[str], ev: Evidence) -> None:
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


def _element_evidence(node: LexborNode, attrs: dict[str, str | None], page: _Page,
                      renditions: list[str] | None = None) -> Evidence:
    """The cues of an image element and its ancestors; `renditions` (when given) receives the
    renditions of its picture its wrappers name (`wrapper_renditions`)."""
    ev = Evidence()
    alt = attrs.get("alt")
    auto = auto_alt_cues(alt[:600]) if alt else None
    if auto is not None:
        ev.replay(auto)
    elif alt:
        read = without_attribution(alt[:600])  # (600: as `Evidence.text` reads it)
        ev.text(read, "alt")
        ev.described = bool(W.tokens(read)) and not echoes_a_camera_name(read)
        bare = strip_credits(read)
        bracketed = bracketed_name(read)  # "Beim Empfang (Lea Hoffmann)" on Lea Hoffmann's page
        if _names_known(bare, page) or (bracketed is not None and _names_known(bracketed, page)):
            ev.add("alt:known", 3.0, "alt:known-person-name")
        elif page.subject and not page.subject.isdisjoint(W.tokens(bare)):
            ev.add("alt:known", 2.4, "alt:page-subject")
    title = attrs.get("title") or attrs.get("aria-label")
    if title and (not alt or title.strip() != alt.strip()):  # a title repeating the alt says nothing more
        ev.text(title, "title", 0.8)
    ev.size(attrs.get("width"), attrs.get("height"))
    ev.classes(_class_tokens(page, attrs), 0)
    prop = attrs.get("itemprop")
    if prop and "logo" in prop:
        ev.add("schema", -6.0, "microdata:logo")
    small_square = is_square_small(attrs.get("width"), attrs.get("height"))
    captioned = False
    itemtyped = False
    cur = node.parent
    depth = 1
    memo = page.ancestors
    while cur is not None and depth <= MAX_ANCESTORS:
        mid = cur.mem_id
        info = memo.get(mid)
        if info is None:
            info = memo[mid] = _ancestor_info(cur, page)
        if info.stop:
            break
        if info.toks:
            ev.classes(info.toks, depth)
        if not itemtyped and info.itemtype is not None:
            itemtyped = True
            if info.itemtype:
                ev.add(*info.itemtype)
        for cue in info.link:
            ev.add(*cue)
        if info.caption is not None and not captioned:
            captioned = True
            ev.text(info.caption, "caption", 0.9)
        if info.section and depth <= 4:
            ev.add("section", -1.0, f"section:{info.section}")
        if info.renditions and renditions is not None and depth <= RENDITION_DEPTH:
            renditions.extend(info.renditions)
        cur = info.parent
        depth += 1
    if small_square and ("class:person" in ev.cues or "shape" in ev.cues):
        ev.add("size:avatar", 1.0, "size:avatar")
    if not captioned and -4.0 < sum(w for w, _ in ev.cues.values()) < 3.5:
        _scan_siblings(node, ev, page)  # only when the element's own context is not decisive
    return ev


class _Ancestor:
    """What one ancestor element says, computed once per page however many images it holds.
    (A plain class: mypyc makes it a native one; a slotted dataclass cost ~1 600 instructions
    per instance through `__init__` dispatch.)"""

    __slots__ = ("stop", "parent", "toks", "itemtype", "link", "caption", "section", "renditions")

    def __init__(self, stop: bool, parent: LexborNode | None = None, toks: tuple[str, ...] = ()) -> None:
        self.stop = stop
        self.parent = parent
        self.toks = toks
        # None: no itemtype; (): not a known one
        self.itemtype: tuple[str, float, str] | tuple[()] | None = None
        self.link: tuple[tuple[str, float, str], ...] = ()
        self.caption: str | None = None
        self.section = ""
        self.renditions: tuple[str, ...] = ()  # (`wrapper_renditions`)


_LINK_WORDS: Final = frozenset(
    "author autor auteur autore authors autoren profile profil users user members member people team staff".split()
)
# Every link word contains one of these: a link without any cannot hold a link word.
_LINK_HINTS: Final = ("aut", "prof", "user", "memb", "peop", "team", "staff")
_LINK_HINT: Final = re.compile("|".join(_LINK_HINTS), re.I)


def _link_word(href: str) -> str | None:
    """The first link word among the href's tokens ("/team/anna", "/autoren/x")."""
    if href.isascii():  # the common case: plain substring tests, no regex engine
        low = href.lower()
        if not any(hint in low for hint in _LINK_HINTS):
            return None
    elif _LINK_HINT.search(href) is None:
        return None
    return next((t for t in W.tokens(href) if t in _LINK_WORDS), None)


def _ancestor_info(cur: LexborNode, page: _Page) -> _Ancestor:
    tag = cur.tag
    if tag in ("body", "html", "#document", None):
        return _Ancestor(stop=True)
    a = cur.attributes
    info = _Ancestor(stop=False, parent=cur.parent, toks=_class_tokens(page, a))
    it = a.get("itemtype")
    if it:
        t = it.rsplit("/", 1)[-1].strip()
        if t in PERSON_TYPES:
            info.itemtype = ("schema", 4.2, "microdata:Person")
        elif t in PROFILE_TYPES:
            info.itemtype = ("schema", 3.2, "microdata:ProfilePage")
        elif t in NOT_PERSON_TYPES:
            info.itemtype = ("class:not", -1.6, f"microdata:{t}")
        else:
            info.itemtype = ()
    if tag == "a":
        link: list[tuple[str, float, str]] = []
        if "author" in (a.get("rel") or "").lower().split():
            link.append(("link", 3.0, "rel:author"))
        href = a.get("href") or ""
        if href:
            hit = _link_word(href[:200])
            if hit:
                link.append(("link", 1.4, f"link:{hit}"))
            elif "//" in href or (href.startswith("/") and page.social_host):
                try:
                    if social_profile(href if "//" in href else urljoin(page.base, href)):
                        link.append(("link", 1.2, "link:social-profile"))
                except ValueError:
                    pass
        info.link = tuple(link)
    elif tag == "figure":
        for child in cur.iter():
            if child.tag == "figcaption":
                info.caption = _caption_text(child)[:400]
                break
    elif tag in ("nav", "header", "footer"):
        info.section = tag
    if tag != "a" and tag != "picture":  # (a link's pictures are its enlargements; a <picture>'s, its sources)
        info.renditions = tuple(wrapper_renditions(a))
    return info


def _short_text(node: LexborNode, limit: int) -> str | None:
    """`node.text(deep=True, strip=True)` when it is at most `limit` characters, else None.
    (Read whole: a walk proving a long text long cost more, over real pages, than the few long
    texts it spared; each text is read by at most the few images right before it.)"""
    text = node.text(deep=True, strip=True)
    return text if len(text) <= limit else None


def _caption_text(node: LexborNode) -> str:
    """A caption's text with its elements' boundaries kept as line breaks: a credit in its own
    `<span>` ("© Idg") then stays apart from the name in the next one ("Ola Bini, developer")
    instead of reading as one credit "© Idg Ola Bini". A part the caption's markup calls its
    credit or source (`<div class="figure__credits">Screenshot aus dem Archiv</div>`) says where
    the picture comes from, not what it shows: left out."""
    child = node.child
    while child is not None:
        if child.is_element_node and _CREDIT_CLASS.search(child.attributes.get("class") or "") is not None:
            break
        child = child.next
    else:
        return node.text(deep=True, separator="\n", strip=True)
    parts: list[str] = []
    child = node.child
    while child is not None:
        if child.is_text_node:
            parts.append(child.text_content or "")
        elif child.is_element_node and _CREDIT_CLASS.search(child.attributes.get("class") or "") is None:
            parts.append(child.text(deep=True, separator="\n", strip=True))
        child = child.next
    return "\n".join(p.strip() for p in parts if p.strip())


# A caption part holding the picture's credit or source (`credit`, `figure__credits`, `image-source`,
# `copyright`, `bildquelle`, `fonte`, `fuente`), as a class word.
_CREDIT_CLASS: Final = re.compile(r"(?i)(?:\b|_|-)(?:credits?|copyright|source|quelle|bildquelle|fonte|fuente)(?:\b|_|-)")


def _scan_siblings(node: LexborNode, ev: Evidence, page: _Page) -> None:
    """Caption or name/role text beside the image (a team card's name and role, a WordPress
    caption, a forum post's "photo of my husband:"), climbing at most two wrappers. The text
    of up to three following siblings is read together, so "Camille Renaud" + "Directrice
    artistique" counts as name and role."""
    holder = node
    sources = 0
    for _level in range(3):
        found = False
        near: list[str] = []
        sib = holder.next
        seen = 0
        skipped = 0
        while sib is not None and seen < 3:
            if sib.is_element_node:
                tag = sib.tag
                if tag in _SOURCES and sources < _MAX_SOURCES:
                    sources += 1
                    sib = sib.next
                    continue
                if tag in _INVISIBLE and skipped < 8:  # a lazy image's `<noscript>` copy hides no caption
                    skipped += 1
                    sib = sib.next
                    continue
                seen += 1
                found = True
                if tag in IMAGE_ELEMENTS or tag in ("picture", "figure", "section", "article", "ul", "ol", "table"):
                    break
                if tag in _NEAR_TAGS:
                    text = _short_text(sib, 400)
                    if text:
                        stoks = _class_tokens(page, sib.attributes)
                        if tag == "figcaption" or _has_caption_class(stoks):
                            ev.text(_caption_text(sib), "caption", 0.9)
                        else:
                            near.append(text)
                    elif tag == "div" or tag == "header":
                        # a teaser card's body, too long to read whole: its title ("What did we
                        # learn from Louis van Gaal's first match?") is what the picture shows
                        heading = sib.css_first(_HEADINGS)
                        if heading is not None:
                            title = _short_text(heading, 300)
                            if title:
                                near.append(title)
            elif sib.is_text_node:
                text = (sib.text_content or "").strip()
                if len(text) > 2:
                    seen += 1
                    found = True
                    near.append(text[:300])
            sib = sib.next
        prev = holder.prev
        hops = 0
        while prev is not None and hops < 3:
            if prev.is_element_node and prev.tag in _SOURCES and sources < _MAX_SOURCES:
                sources += 1
                prev = prev.prev
                continue
            hops += 1
            if prev.is_element_node:
                found = True
                ptag = prev.tag
                if ptag in ("h1", "h2", "h3", "h4", "h5", "h6", "figcaption"):
                    _near_text(ev, prev.text(deep=True, strip=True), page)
                elif ptag == "p" and prev.last_child is None:
                    # (`<p><div class="lightbox">`: the parser closes the <p> before the <div>, an empty <p>
                    # between the picture and the heading before it)
                    prev = prev.prev
                    continue
                if ptag != "br":
                    break
            elif prev.is_text_node:
                text = (prev.text_content or "").strip()
                if len(text) > 2:
                    found = True
                    _near_text(ev, text[-300:], page)
                    break
            prev = prev.prev
        if near:
            _near_text(ev, near[0], page, _level == 0)
            if len(near) > 1:
                _near_text(ev, "\n".join(near)[:400], page, _level == 0)
        if found:
            return
        parent = holder.parent
        if parent is None:
            return
        ptag = parent.tag
        if ptag not in _HOLDERS and (ptag is None or "-" not in ptag):  # custom elements wrap too: Wix's `<wow-image>`
            return
        holder = parent


# --------------------------------------------------------------------------- the one parse
def analyse_page(html: str | bytes | bytearray | memoryview | None, base_url: str | None,
                 hints: bool = True, encoding: str | None = None) -> PageAnalysis:
    """Images (scored), robots-style meta tags, locale hints, label and title of a page.
    `hints=False` skips the jurisdiction hints a caller without a guard does not read (the TCF
    check searches the whole page and every script's source): `hints.tcf_cmp` and
    `hints.hreflangs` then say nothing (False, empty). `encoding`: the HTTP charset, or the
    encoding `page_encoding` decided (the guard hands the same one to redaction); bytes are read
    in `page_encoding(html, encoding)`. Never raises: anything unexpected becomes
    `error` (the guard reports it)."""
    try:
        return _analyse(html, base_url or "", hints, encoding)
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
_QUERY: Final = ", ".join(IMAGE_ELEMENTS) + ', image, input[type=image i], meta, link, base, script, style, template, title, ' \
    'iframe, frame, embed, object'
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


def _in_template(node: LexborNode) -> bool:
    """Whether an element stands in a `<template>`'s content (opened by `open_templates`)."""
    cur = node.parent
    while cur is not None:
        if cur.tag == "sg-template":
            return True
        cur = cur.parent
    return False


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
    _near_cues.cache_clear()
    social_profile.cache_clear()
    if vocabulary:
        _CLASS_TOKENS.clear()
        page_refs.clear_caches()
        W.clear_lex_cache()
        score.class_cues.cache_clear()
        score._dir_cues.cache_clear()


def _parser_input(html: str | bytes, encoding: str | None) -> str | bytes | None:
    """The page as lexbor is to read it, or None when there is nothing to read: valid UTF-8
    bytes as they are (no decode/re-encode round trip), any other encoding decoded; NULs as
    U+FFFD, and XHTML's self-closed raw-text elements closed (`closed_as_xml`)."""
    source: str | bytes
    enc = page_encoding(html, encoding) if isinstance(html, bytes) else "utf-8"
    if isinstance(html, bytes) and enc == "utf-8" and not html.startswith(codecs.BOM_UTF8):
        source = html  # valid UTF-8 bytes go to lexbor as they are: no decode/re-encode round trip
        if not html or html.isspace():  # (not `strip()`: that copies most pages)
            return None
        if b"\x00" in source:
            source = source.replace(b"\x00", "\ufffd".encode())
    else:
        source = decode_page(html, enc) if isinstance(html, bytes) else html
        if not source or source.isspace():
            return None
        if "\x00" in source:
            source = source.replace("\x00", "\ufffd")
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
        self.srcdocs: list[str] = []  # <iframe srcdoc> documents
        self.title = ""


def _pick_nodes(tree: LexborHTMLParser, page: _Page, templates_opened: bool) -> _PageNodes | None:
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
    title_node: LexborNode | None = None
    for node in tree.css(_QUERY_STYLE):
        tag = node.tag
        if tag in IMAGE_TAGS:
            imgs.append(node)
        elif tag in _EMBEDDERS:
            if tag == "iframe" and node.attributes.get("srcdoc"):
                srcdocs.append(node.attributes.get("srcdoc") or "")
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
            if not base_seen and not (templates_opened and _in_template(node)):
                given = document_base(page_url, node)
                if given is not None:
                    base_seen = True
                    page.base = given
        else:
            styled.append(node)
    nodes.title = title_node.text(deep=True, strip=True)[:500] if title_node is not None else ""
    return nodes


class _Head:
    """What a page's <meta> and <link> elements say: its robots-style and http-equiv tags, and the
    pictures they name."""

    __slots__ = ("meta", "og_images", "microdata", "preloads")

    def __init__(self) -> None:
        self.meta: list[tuple[str, str]] = []  # (name lower-cased, content): see PageAnalysis.meta
        self.og_images: list[str] = []  # the page's social cards (og:image, twitter:image, image_src)
        self.microdata: list[tuple[LexborNode, str]] = []  # <meta itemprop="image" content=…>: a picture of its item
        self.preloads: list[str] = []  # pictures a <link rel=preload as=image> or a meta refresh fetches


def _read_head(metas: list[LexborNode], page: _Page, hints: PageHints, want_hints: bool) -> _Head:
    """Read the <meta> and <link> elements: tags and pictures into the result, what they say of
    the page (its author, a profile, SPIP) into `page`, its languages into `hints`."""
    out = _Head()
    meta, og_images, microdata, preloads = out.meta, out.og_images, out.microdata, out.preloads
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
            if hl and want_hints and len(hints.hreflangs) < 256:
                hints.hreflangs.append(hl.strip()[:35])
            continue
        content = a.get("content") or ""
        name = a.get("name")
        if name and not (lname := name.strip().lower()).startswith(HTTP_EQUIV):  # (no name passes as an http-equiv)
            meta.append((lname, content))
            if lname in _OG_IMAGE:
                og_images.append(content)
            elif lname in ("author", "article:author") and 3 <= len(content) <= 80 and person_name(content):
                page.person_names.add(content.strip())
            elif lname == "generator" and content.lstrip()[:4].lower() == "spip":
                page.spip = True
        equiv = a.get("http-equiv")
        if equiv:  # a header's equivalent is read as the header: an opt-out there counts as one sent
            lequiv = equiv.strip().lower()
            if lequiv in _EQUIV_SIGNALS:
                meta.append((HTTP_EQUIV + lequiv, content))
            elif lequiv == "refresh":
                target = refresh_target(content)
                if target is not None and names_image_file(target):
                    preloads.append(target)  # (the page gives way to the picture: a browser shows it)
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
            elif prop in ("profile:first_name", "profile:last_name", "profile:username"):
                page.profile = page.profile or "og:profile"
    if og_type == "profile":
        page.profile = "og:profile"
    return out


def _read_jsonld_blocks(scripts: list[LexborNode], page: _Page) -> JsonLdReading:
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
    page.limits.extend(ld.limits)
    page.person_names.update(ld.person_names)
    page.person_main = page.person_main or ld.person_main
    if ld.profile and not page.profile:
        page.profile = "schema:ProfilePage"
    return ld


def _add_social_cards(out: _Collector, page: _Page, head: _Head, page_ev: Evidence) -> None:
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
        ev = _element_evidence(node, node.attributes, page)
        ev.merge(page_ev)
        out.add(src, page, "og", ev, -1.4)


def _add_images(out: _Collector, page: _Page, nodes: _PageNodes, page_ev: Evidence) -> list[tuple[str, str]]:
    """Every image element's pictures (and its <picture>'s sources) with its context; an image
    painted through its style joins the styled elements. Returns the (full-size, thumbnail)
    pairs that links around pictures name."""
    full_size: list[tuple[str, str]] = []
    styled = nodes.styled
    for node in nodes.imgs:
        attrs = node.attributes
        low = (attrs.get("style") or "").lower()
        if "url(" in low or "image-set(" in low or "\\" in low:
            styled.append(node)
        if node.tag == "image":
            attrs = _svg_image_attrs(node, attrs, page.svgs)
        elif node.tag in _EMBEDDERS:
            attrs = embedded_image(node.tag, attrs)
        srcs = picture_srcs(node, attrs)
        parent = node.parent
        sources: list[LexborNode] = []
        if parent is not None and parent.tag == "picture":
            sources = [c for c in parent.iter() if c.tag == "source"]
        if not srcs and not sources:
            continue
        if len(out.items) >= MAX_REFS:  # full: no more context work, only whether a new picture is left out
            out.refuse(srcs + [src for s in sources for src in element_srcs(s.attributes)], page)
            if out.refused:
                break
            continue
        renditions: list[str] = []
        ev = _element_evidence(node, attrs, page, renditions)
        ev.merge(page_ev)
        for src in srcs:
            out.add(src, page, "img", ev, -1.6)
        if renditions:
            _add_renditions(out, page, srcs, renditions, ev)
        anchor = full_size_anchor(node) if srcs else None
        if anchor is not None:
            small = absolute_url(page.base, srcs[0])
            for link in full_size_links(anchor.attributes):
                big = absolute_url(page.base, link)
                if big is None:
                    _note_too_long(link, page)
                if big is not None and small is not None and big != small and len(full_size) < MAX_REFS:
                    full_size.append((big, small))
        for s in sources:
            sa = s.attributes
            for src in element_srcs(sa):
                out.add(src, page, "picture", ev, -1.6)
    return full_size


def _add_styled(out: _Collector, page: _Page, styled: list[LexborNode], page_ev: Evidence) -> None:
    """The pictures of inline styles, lazily painted backgrounds and video posters, each with its
    element's context and what the page says of itself (a profile's word counts for every picture)."""
    for node in styled:
        attrs = node.attributes
        # (css_urls finds url( and image-set( itself, in one linear pass: no lower() copy first; read whole,
        # as redaction reads it: a portrait's url() after 4000 characters of style went unread and unredacted)
        urls = list(dict.fromkeys(u for u in map(css_url, css_urls(attrs.get("style") or "")) if u))  # (each once)
        posters: list[str] = []
        if node.tag not in IMAGE_TAGS:  # (an image's lazy attributes were read with its sources)
            frame = node.tag in _EMBEDDERS  # (matched by its tag: a lazy frame's `data-src` is its page, no background)
            # (a link to an image file is an enlargement: its `data-original` is that picture again, no background)
            enlarging = node.tag == "a" and names_image_file(attrs.get("href"))
            for name, url in background_srcs(attrs):
                if not ((frame and (name.startswith("data-src") or name == "data-original"))
                        or (enlarging and name == "data-original")):
                    (posters if name == "poster" else urls).append(url)
        if not urls and not posters:
            continue
        if len(out.items) >= MAX_REFS:
            out.refuse(urls + posters, page)
            if out.refused:
                break
            continue
        ev = _element_evidence(node, attrs, page)
        ev.merge(page_ev)
        for src in posters:  # a video's first frame: no background
            out.add(src, page, "img", ev, -1.6)
        if urls:
            if node.tag != "img" and (attrs.get("role") or "").strip().lower() != "img":
                # (an <img> painted through its style, its src a spacer, or a `role="img"` tile: a picture, no backdrop)
                ev.add("css", -0.3, "css:background")
            for src in urls:
                out.add(src, page, "css", ev, -1.6)


def _add_stylesheets(out: _Collector, page: _Page, sheets: list[LexborNode], page_ev: Evidence) -> None:
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
             encoding: str | None = None, templates_opened: bool = False, frames: list[int] | None = None) -> PageAnalysis:
    """`frames`: how many more <iframe srcdoc> documents the page may have read (shared by the
    documents nested in it)."""
    if frames is None:
        frames = [MAX_SRCDOCS]
    if html is None:
        return PageAnalysis()
    if not isinstance(html, (str, bytes)):
        html = bytes(html)
    source = _parser_input(html, encoding)
    if source is None:
        return PageAnalysis()
    if too_deep(source):
        log.warning("scrapeguard: page %s nests elements too deeply to analyse safely", base_url[:200])
        return PageAnalysis(error="HTML nested too deeply to analyse (parser cost would be quadratic)")
    tree = LexborHTMLParser(source)
    root = tree.root
    hints = PageHints()
    if root is not None and root.tag == "html":
        ra = root.attributes
        lang = (ra.get("lang") or ra.get("xml:lang") or "").strip()
        hints.html_lang = lang[:35] or None
    page = _Page(base=base_url)
    nodes = _pick_nodes(tree, page, templates_opened)
    if nodes is None:
        return _analyse(open_templates(source), base_url, want_hints, "utf-8", True, frames)
    head = _read_head(nodes.metas, page, hints, want_hints)
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
    _add_styled(out, page, nodes.styled, page_ev)
    if nodes.sheets:
        _add_stylesheets(out, page, nodes.sheets, page_ev)

    for src, ev, _key in ld.refs:
        ev.merge(page_ev)
        out.add(src, page, "jsonld", ev, -1.6)

    if head.preloads:
        for src in head.preloads:  # (the page's own picture, most often: its <img> holds its context)
            out.add(src, page, "img", page_ev, -1.6)

    if out.refused:
        page.limits.append(f"only the first {MAX_REFS} image references were analysed: the image elements after "
                           f"them were not read")
    _merge_same_photo(out)
    _share_lead_photo(out)
    images: list[ImageRef] = []
    for occ in out.items.values():
        score, reasons = occ.ev.finish(occ.prior)
        images.append(ImageRef(occ.src, occ.url, occ.kind, score >= THRESHOLD, round(score, 4), reasons[:8]))
    if nodes.srcdocs:
        _read_srcdocs(nodes.srcdocs, page, frames, images, full_size)
    return PageAnalysis(images=images, meta=head.meta, hints=hints, label=_label(images, page), title=nodes.title,
                        limits=page.limits, full_size=full_size)


def _read_srcdocs(srcdocs: list[str], page: _Page, frames: list[int], images: list[ImageRef],
                  full_size: list[tuple[str, str]]) -> None:
    """The pictures of each `<iframe srcdoc>` document, which a browser loads as the page's
    (its fallback base URL is the page's, HTML §2.4.1); a picture the page names too keeps the
    higher score. At most MAX_SRCDOCS documents a page, nested ones included: the others are a
    limit (each is one more parse)."""
    at = {ref.url: i for i, ref in enumerate(images)}
    for doc in srcdocs:
        if frames[0] <= 0:
            page.limits.append(f"<iframe srcdoc> documents after the first {MAX_SRCDOCS} were not read")
            return
        frames[0] -= 1
        inner = _analyse(doc, page.base, False, None, False, frames)
        if inner.error:
            page.limits.append(f"an <iframe srcdoc> document was not read: {inner.error}")
        page.limits.extend(f"in an <iframe srcdoc> document: {limit}" for limit in inner.limits
                           if not limit.startswith("<iframe srcdoc> documents after"))
        if any(limit.startswith("<iframe srcdoc> documents after") for limit in inner.limits):
            page.limits.append(f"<iframe srcdoc> documents after the first {MAX_SRCDOCS} were not read")
        for ref in inner.images:
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
        full_size.extend(inner.full_size[: max(0, MAX_REFS - len(full_size))])


_TITLE_SPLIT: Final = re.compile(r"\s+[|–—•·:-]\s+|\s*[|•·]\s*|:\s+")
_HANDLE: Final = re.compile(r"\([^)]*\)|@\S+")


def _page_subject(page: _Page, title: str) -> None:
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


def _label(images: list[ImageRef], page: _Page) -> PageLabel:
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

