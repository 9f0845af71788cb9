"""Where markup names a picture: the attributes a page's image elements, lazy loaders, sliders,
backgrounds, frames, preloads and links write image URLs in, read as written.

What a browser or a page's scripts would load is what the guard must judge: `src` and `srcset`,
the lazy-loading `data-` attributes of widely deployed loaders, Foundation Interchange lists,
JSON renditions, lazily painted backgrounds, an SVG `<image>`, an `<embed>` of a picture, a
`<link rel=preload as=image>`, a meta refresh to a picture, a link to the full-size file. The
page analysis judges what these name and the page redaction removes it, both reading here.
"""

from __future__ import annotations

import re
from typing import Final, TypeVar

from selectolax.lexbor import LexborNode

from scrapeguard.detect.css_refs import css_url, css_urls
from scrapeguard.resource import _C0_AND_SPACE

MAX_REFS: Final = 5000  # per page; beyond this a page is a gallery dump and the rest are skipped
# Candidates read from one srcset: one more than a page may hold, so that a longer one always
# reaches MAX_REFS, whose limit the page then reports (a silent cut left the later sizes of a
# captioned portrait without its context).
MAX_SRCSET_CANDIDATES: Final = MAX_REFS + 1

# A srcset is split at HTML's white space only (space, tab, LF, FF, CR): a no-break space or a
# vertical tab is part of a URL, where `\s` and str.split() cut it.
_SRCSET_URL: Final = re.compile(r"[ \t\n\f\r,]*([^ \t\n\f\r]+)")
_NOT_HTML_SPACE: Final = re.compile("[\x0b\x1c-\x1f]")  # (ASCII characters str.split() splits at, HTML does not)
_SRCSET_DESC: Final = re.compile(r"[^,(]*(?:\([^)]*\)?[^,(]*)*,?")
# (and single words of widely deployed loaders: Slider Revolution's and Flickity's `data-lazyload`,
# KISSY's `data-ks-lazyload`, echo.js's `data-echo`, Cloudflare Mirage's `data-cfsrc`, Ezoic's
# `data-ezsrc`/`data-ezsrcset`, Zhihu's `data-actualsrc`, aload.js's `data-aload`, retina.js's `data-at2x`;
# Mastodon's `data-static`, the still copy of an animated avatar it shows without motion, progressive
# loaders' `data-highres`, Blogger's `data-lateloadsrc`)
_LAZY_TOKENS: Final = frozenset(
    "src srcset original orig origin lazy delayed file image img hires highres retina full large medium zoom bg "
    "background thumb interchange lazyload lateloadsrc echo cfsrc ezsrc ezsrcset actualsrc aload at2x".split())
# Words that make a data- attribute a picture's only when its value names an image file: `data-url`
# (GitHub's `data-hovercard-url` is an API), Mastodon's `data-static`, Layzr's `data-normal`, Smart
# Slider 3.3's `data-desktop` / `data-tablet` / `data-mobile` (elsewhere flags and breakpoints), Envira's
# and Smart Slider's `data-thumbnail` on an <img> (elsewhere a focal point, `center.top`)
_LAZY_IF_FILE_TOKENS: Final = frozenset("url static normal desktop tablet mobile thumbnail".split())
# Attributes naming a page, not a picture: `data-jpibfi-post-url`, `data-pin-url`, `data-share-url`.
_PAGE_TOKENS: Final = frozenset("post page permalink link href share article target canonical pin".split())
# Foundation Interchange: data-interchange / data-lazy="[/a-small.jpg, (small)], [/a-large.jpg, (large)]"
# (Foundation 5; Foundation 6 writes the query bare: "[/a-small.jpg, small]")
_INTERCHANGE: Final = re.compile(r"\[\s*([^\s,\[\]\"']+)\s*,\s*\(?[\w-]")


def parse_srcset(value: str) -> list[str]:
    """Every candidate URL of a srcset (HTML §4.8.4.3.11: URLs may contain commas, e.g.
    Cloudinary `w_300,h_200`; descriptors may contain parentheses; split at HTML's white space)."""
    if "(" in value or len(value) > 4096 or not value.isascii() or _NOT_HTML_SPACE.search(value) is not None:
        return _parse_srcset_general(value)  # (a huge value: the general parser stops at MAX_SRCSET_CANDIDATES)
    # Without parentheses a descriptor ends at its first comma: whitespace-separated tokens
    # give the same candidates as the general parser (a property test holds them equal) at a
    # fraction of the cost of two regex matches per candidate.
    out: list[str] = []
    want_url = True
    for tok in value.split():
        if not want_url:
            comma = tok.find(",")
            if comma < 0:
                continue  # a descriptor ("300w", "2x")
            tok = tok[comma + 1 :]  # "300w,next.jpg": the descriptor ends, a URL may follow
            want_url = True
        tok = tok.lstrip(",")
        if not tok:
            continue
        if tok.endswith(","):
            tok = tok.rstrip(",")  # a URL closed by commas has no descriptor
        else:
            want_url = False
        out.append(tok)
        if len(out) >= MAX_SRCSET_CANDIDATES:
            break
    return out


def _parse_srcset_general(value: str) -> list[str]:
    out: list[str] = []
    pos, n = 0, len(value)
    while pos < n and len(out) < MAX_SRCSET_CANDIDATES:
        m = _SRCSET_URL.match(value, pos)
        if not m:
            break
        url = m.group(1)
        pos = m.end()
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            d = _SRCSET_DESC.match(value, pos)
            pos = d.end() if d and d.end() > pos else pos + 1
        if url:
            out.append(url)
    return out


_NOT_A_PATH: Final = re.compile(r"[\d\s.,:;x×%+-]*")  # numbers, coordinates and dimensions only


# Attributes without a `data-` prefix where a script keeps the picture it swaps in: the BBC's
# responsive `datasrc` (at the width drawn), and lazy loaders of the 2010s: CNET's `lazySrc`,
# jQuery Lazy Load 1.x's `original`, HuffPost's `longdesc` beside a `trans.gif` (there only when
# its path names an image file: a long description is otherwise a page)
_UNPREFIXED_LAZY: Final = frozenset({"datasrc", "lazysrc", "lazy-src", "original", "longdesc"})
_NOT_LAZY: Final = 0
_LAZY: Final = 1
_LAZY_IF_IMAGE_FILE: Final = 2
# A URL among a lazy attribute's JSON values ("https:\/\/…", "//…", "/…"): the renditions a script picks from.
_JSON_URL: Final = re.compile(r'"((?:https?:)?\\?/(?:[^"\s\\]|\\/)*+)\\?"')


def _lazy_kind(name: str) -> int:
    """Does a data- attribute hold an image? One whose only such words are `_LAZY_IF_FILE_TOKENS`
    is as often a page, an API or a flag: its value must name an image file."""
    if not name.startswith("data-") or name in ("data-srcset-sizes",):
        return _NOT_LAZY
    if name == "data-pin-media":  # the picture Pinterest's button pins
        return _LAZY
    parts = name[5:].replace("_", "-").split("-")
    said = [p for p in parts if p in _LAZY_TOKENS]
    if_file = [p for p in parts if p in _LAZY_IF_FILE_TOKENS]
    if not (said or if_file) or any(p in _PAGE_TOKENS for p in parts):
        return _NOT_LAZY
    return _LAZY if said else _LAZY_IF_IMAGE_FILE


_IMAGE_FILE: Final = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?|jfif|heic)(?:[?#]|$)", re.I)


_V = TypeVar("_V")
# attribute name -> its `_lazy_kind` (a site's few names repeat on every image)
_LAZY_ATTR: Final[dict[str, int]] = {}


def remember(cache: dict[str, _V], key: str, value: _V, max_entries: int, max_key: int) -> None:
    """Keep `value` in a page-crossing memo: never a key longer than `max_key` (a hostile page's
    megabyte attributes), and the memo starts over when it holds `max_entries`."""
    if len(key) <= max_key:
        if len(cache) >= max_entries:
            cache.clear()
        cache[key] = value


def _spaced_file(value: str) -> bool:
    """Whether a value holding a space is an image file's URL all the same (`/p/jane doe.jpg`, which a loader
    copies to `src` and a browser requests as `jane%20doe.jpg`; left unread, a lazy portrait so named passed
    unjudged): a path ending in an image file's name, with no comma (a srcset's `a.jpg 1x, b.jpg 2x`; a lone
    `a.jpg 2x` ends in none). Not a path, it is a text: Jetpack's `data-image-title="Buffet beim
    Sommerfest.jpg"` was read as a picture, and a redacted page lost the real one that attribute is on."""
    return "/" in value and _IMAGE_FILE.search(value) is not None and "," not in value


def json_urls(value: str) -> list[str]:
    """The image files a lazy attribute's JSON names, each once, its escaped slashes undone (plain
    JSON escapes them; Magento's Page Builder escapes the quotes too)."""
    return list(dict.fromkeys(u for u in (m.replace("\\/", "/") for m in _JSON_URL.findall(value))
                              if _IMAGE_FILE.search(u) is not None))


def _retina_pair(value: str) -> list[str]:
    """bLazy's `a.jpg|a@2x.jpg`: its parts when each names an image file, else the value whole (a
    static map's `markers=color:red|label:A`, a chart's `chl=Hello|World` are one URL)."""
    parts = value.split("|")
    return parts if all(_IMAGE_FILE.search(p) is not None for p in parts) else [value]


def element_srcs(attrs: dict[str, str | None]) -> list[str]:
    """src, srcset candidates and lazy-loading attributes of an <img>/<amp-img>/<source>."""
    out: list[str] = []
    for name, value in attrs.items():
        if not value:
            continue
        if name == "src":
            out.append(value)
        elif name in _UNPREFIXED_LAZY:
            v = value.strip(_C0_AND_SPACE)
            if not v or (" " in v and not _spaced_file(v)) or ("/" not in v and "." not in v) \
                    or _NOT_A_PATH.fullmatch(v):
                continue  # (as a data- attribute: `original="true"`, `datasrc="300x200"` name no picture)
            if name != "longdesc" or names_image_file(v.split("#", 1)[0].split("?", 1)[0]):
                out.append(v)
        elif name == "srcset" or name == "imagesrcset":
            out.extend(parse_srcset(value))
        elif name.startswith("data-"):
            lazy = _LAZY_ATTR.get(name)
            if lazy is None:
                lazy = _lazy_kind(name)
                remember(_LAZY_ATTR, name, lazy, 4096, 64)  # (Vue's `data-v-<hash>` names come and go)
            if not lazy:
                continue
            v = value.strip(_C0_AND_SPACE)  # (a loader copies it to src as it is: the URL parser drops these alone)
            if lazy == _LAZY_IF_IMAGE_FILE and _IMAGE_FILE.search(v) is None:
                continue
            if v[:1] == "[" and "," in v and _INTERCHANGE.match(v) is not None:
                # (read whole, each once; a path or an image file only: `data-image-size="[800, 600]"`
                # or `[small, large]` is no list of pictures)
                out.extend(u for u in dict.fromkeys(_INTERCHANGE.findall(v)) if "/" in u or _IMAGE_FILE.search(u) is not None)
                continue
            if v[:1] == "{":  # Smash Balloon's Instagram feed: `data-img-src-set='{"d":"https:\/\/…_n.jpg","320":…}'`
                out.extend(json_urls(v))
                continue
            if not v or v[0] in "{[" or ("/" not in v and "." not in v) or _NOT_A_PATH.fullmatch(v):
                continue  # `data-image-focal-point="0.5,0.5"`, `data-image-dimensions="800x600"`
            if "srcset" in name or (", " in v and " " in v.split(",")[0].strip()):
                out.extend(parse_srcset(v))
            elif " " not in v or _spaced_file(v):
                out.extend(_retina_pair(v) if "|" in v else (v,))
    return out


# Smash Balloon's Instagram feed (before its 2020 versions) paints each photo as the background of
# the link around a placeholder <img> (`…/plugins/instagram-feed/img/placeholder.png`), from the
# link's `data-full-res` and `data-img-src-set`: the <img>'s pictures are the link's.
_FEED_PLACEHOLDER: Final = "/instagram-feed/img/placeholder"
_FEED_LINK_ATTRS: Final = ("data-full-res", "data-img-src-set")


def picture_srcs(node: LexborNode, attrs: dict[str, str | None]) -> list[str]:
    """An <img>'s sources (`element_srcs`), and those of the link that paints it when it is a
    feed's placeholder (`_FEED_PLACEHOLDER`). (Redaction's sweep drops the link's attributes
    naming a removed one.)"""
    srcs = element_srcs(attrs)
    if _FEED_PLACEHOLDER in (attrs.get("src") or ""):
        link = node.parent
        if link is not None and link.tag == "a":
            la = link.attributes
            srcs += element_srcs({name: la.get(name) for name in _FEED_LINK_ATTRS})
    return srcs


# How far above an <img> a wrapper's data- attributes may name renditions of its picture
# (CNN: `div.image[data-url]` > div > picture > img), and how many one wrapper's count
RENDITION_DEPTH: Final = 3
MAX_RENDITIONS: Final = 8


def wrapper_renditions(attrs: dict[str, str | None]) -> list[str]:
    """The renditions of a picture that an element around it names in lazy-loading data-
    attributes naming image files (at most MAX_RENDITIONS): the thumbnail WooCommerce's and
    FlexSlider's galleries show from `data-thumb`/`data-thumb-srcset` on the slide, CNN's
    original in `data-url` on the image's box. A lazy background's own attributes are its own
    references (`background_srcs`). Only those of the <img>'s own photo are its (`page._add_renditions`)."""
    out: list[str] = []
    for name, value in attrs.items():
        if value and "." in value and name.startswith("data-") and name not in BACKGROUND_ATTRS:
            out.extend(url for url in element_srcs({name: value}) if _IMAGE_FILE.search(url) is not None)
            if len(out) >= MAX_RENDITIONS:
                return out[:MAX_RENDITIONS]
    return out


# The HTML elements analysed (and redacted) as images, with their sources; the analysis reads SVG's
# `<image>` (HTML's becomes `img` in the parser) and `<input type=image>` as images too.
IMAGE_ELEMENTS: Final = ("img", "amp-img", "amp-anim")
# SVG's elements that paint the picture their `href` names, as the parser names them: `<image>`, and a filter's
# `<feImage>` (left out, a portrait a profile page painted through a filter passed unread: review, session 70)
SVG_IMAGES: Final = ("image", "feImage")
IMAGE_TAGS: Final = frozenset({*IMAGE_ELEMENTS, *SVG_IMAGES, "input"})


# Backgrounds a script loads lazily onto any element: lazysizes, WP Rocket and vanilla-lazyload
# `data-bg`, lazysizes' bgset plugin `data-bgset` (srcsets between `|`, each with an optional
# `[media query]`), lozad `data-background-image`, the Newspaper theme's `data-img-url`, Elementor
# Pro's gallery tiles (`<div class="e-gallery-image" data-thumbnail=… role="img">`, painted by
# its script), Magento Page Builder's rows (`data-background-images`, JSON); and a video's poster
# frame (lazysizes' unveilhooks `data-poster` too); jQuery Lazy Load's `data-original`, which it paints
# as the background of any element that is no <img> (`<a class="thumbnail__image lazy" data-original=…>`);
# Swiper's lazy slides' and countless themes' `data-background`, WPBakery's parallax rows' `data-vc-parallax-image`.
# (An <img>'s own lazy attributes are `element_srcs`'.)
# (Each attribute is one more test of every element in the one query, ~0.02-0.04 ms a news page:
# the widely deployed ones only.)
BACKGROUND_ATTRS: Final = ("data-bg", "data-bgset", "data-background-image", "data-background-images", "data-img-url",
                           "data-thumbnail", "data-background", "data-vc-parallax-image", "background", "data-src",
                           "data-original", "poster", "data-poster")
# (attributes whose bare value counts only when it names an image file: they hold pages, widgets'
# ids and videos too)
_NAMES_FILES_ONLY: Final = frozenset({"data-src", "data-original", "data-background"})
_MEDIA_QUERY: Final = re.compile(r"\[[^[\]]*+\]")  # (no "[" inside: each try stops at the next one, linear)
# `data-src` and `data-original` on an element that is no image, frame or media source: a lazy
# background (UIkit's `<div data-src=… uk-img>`, bLazy's, jQuery Lazy Load's), read when it names
# an image file (a lightbox's `#modal` or a lazy video's embed URL is none). Not on images: their
# own sources read them (matching them here would hand every lazy <img> to the analysis twice);
# nor `data-src` on links: a lightbox's `<a data-src=big.jpg>` around a thumbnail is its
# enlargement (`enlargements`), while Lazy Load paints its `data-original` on the link itself.
# (Elementor's tiles, Magento's and WPBakery's rows are <div>s: a type before the attribute halves what the test costs)
_DIV_BACKGROUNDS: Final = frozenset({"data-thumbnail", "data-background-images", "data-vc-parallax-image"})
_NOT_MEDIA: Final = ", ".join((*IMAGE_ELEMENTS, *SVG_IMAGES)) + ", picture, source, iframe, frame, script, video, " \
    "audio, track, embed, object, input"
QUERY_BACKGROUNDS: Final = ", ".join(f"div[{name}]" if name in _DIV_BACKGROUNDS else f"[{name}]"
                                      for name in BACKGROUND_ATTRS
                                      if name not in ("data-src", "data-original", "poster", "data-poster")) \
    + f", video[poster], video[data-poster], [data-src]:not({_NOT_MEDIA}, a), [data-original]:not({_NOT_MEDIA})"


def background_srcs(attrs: dict[str, str | None]) -> list[tuple[str, str]]:
    """(attribute, URL) of each picture an element's lazy background or poster names: a bare
    URL or CSS `url(...)` values; a colour or a word (`data-bg="dark"`) is none."""
    out: list[tuple[str, str]] = []
    for name in BACKGROUND_ATTRS:
        value = attrs.get(name)
        if not value:
            continue
        value = value.strip(_C0_AND_SPACE)
        low = value.lower()
        if value[:1] == "{":  # Magento's Page Builder rows: `data-background-images='{\"desktop_image\":\"https://…\"}'`
            out.extend((name, url) for url in json_urls(value))
        elif name == "data-bgset":
            for candidates in _MEDIA_QUERY.sub(" ", value).split("|"):  # (a word, "dark", is none)
                out.extend((name, url) for url in parse_srcset(candidates)
                           if "/" in url or _IMAGE_FILE.search(url) is not None)
        elif "url(" in low or "image-set(" in low or ("\\" in low and any(css_urls(value))):  # (`\75 rl(`)
            out.extend((name, url) for url in map(css_url, css_urls(value)) if url)
        elif (" " not in value or _spaced_file(value)) \
                and (("/" in value and name not in _NAMES_FILES_ONLY) or _IMAGE_FILE.search(value) is not None):
            out.append((name, value))
            if name == "data-src":  # (UIkit's renditions of that background: `data-srcset`)
                out.extend(("data-srcset", url) for url in parse_srcset(attrs.get("data-srcset") or ""))
    return out


def svg_image_as_img(attrs: dict[str, str | None]) -> dict[str, str | None]:
    """An SVG `<image>`'s (or `<feImage>`'s) attributes as those of the `<img>` it stands for: its `href` (or SVG
    1.1's `xlink:href`) as `src`; lazy-loading attributes stay as they are. Page analysis and
    redaction read its references through this one mapping."""
    out: dict[str, str | None] = {k: v for k, v in attrs.items() if k != "href" and k != "xlink:href"}
    href = attrs.get("href") or attrs.get("xlink:href")
    if href:
        out["src"] = href
    return out


def fetches_a_picture(kind: str, rel: list[str], target: str | None) -> bool:
    """Whether a link of these (lower-cased) `as` and `rel` values, in markup or a Link field, has the browser fetch
    a picture: a preload or a prefetch as an image, or a prefetch with no `as` whose target names an image file."""
    if kind == "image":
        return "preload" in rel or "prefetch" in rel
    return not kind and "prefetch" in rel and names_image_file(target)


def preloaded_images(attrs: dict[str, str | None]) -> list[str]:
    """The pictures a `<link rel=preload as=image>` (or `rel=prefetch`, as in a Link field; a prefetch with no
    `as` whose `href` names an image file, which a browser fetches whatever it is) has the browser fetch, as
    written: its `imagesrcset` candidates and its `href` (the fallback of a browser without imagesrcset)."""
    if not fetches_a_picture((attrs.get("as") or "").strip().lower(), (attrs.get("rel") or "").lower().split(),
                             attrs.get("href")):
        return []
    out = parse_srcset(attrs.get("imagesrcset") or "")
    href = attrs.get("href")
    if href:
        out.append(href)
    return out


_REFRESH: Final = re.compile(r"""[\t\n\f\r ]*[\d.]+(?=[\t\n\f\r ;,])[\t\n\f\r ]*[;,]?[\t\n\f\r ]*(?:url[\t\n\f\r ]*=[\t\n\f\r ]*)?(['"]?)""", re.I)


def refresh_target(content: str) -> str | None:
    """The URL a `<meta http-equiv=refresh>` sends the browser to, as written, or None (HTML's
    shared declarative refresh steps: a time, then `;` or `,`, then `url=` optionally, the URL
    quoted or not)."""
    m = _REFRESH.match(content)
    if m is None or m.end() == len(content):
        return None
    url = content[m.end():]
    quote = m.group(1)
    if quote:
        end = url.find(quote)
        url = url[:end] if end >= 0 else url
    return url.strip(_C0_AND_SPACE) or None  # (what the URL parser drops: a no-break space is the URL's)


EMBEDDER_SOURCE: Final = {"iframe": "src", "frame": "src", "embed": "src", "object": "data"}


def embedded_image(tag: str, attrs: dict[str, str | None]) -> dict[str, str | None]:
    """An `<iframe>`, `<frame>`, `<embed>` or `<object>` showing a picture as the `<img>` it
    amounts to (its resource as `src`, its title, size and classes kept), or {} when its
    resource is no picture: an image type (`type="image/jpeg"`), an image file's name or an embedded
    picture's (`data:image/…`) says it is; a video player's or a page's frame is none."""
    src = (attrs.get(EMBEDDER_SOURCE[tag]) or "").strip(_C0_AND_SPACE)
    if not src:
        return {}
    kind = (attrs.get("type") or "").strip().lower()
    if not kind.startswith("image/") and _IMAGE_FILE.search(src) is None and src[:11].lower() != "data:image/":
        return {}
    out: dict[str, str | None] = {k: attrs.get(k) for k in ("title", "aria-label", "width", "height", "class", "id")
                                  if attrs.get(k)}
    out["src"] = src
    return out


LINK_DEPTH: Final = 4  # elements between a picture and the link around it (`<a><span class="frame"><img>`)


def enlarging_link(node: LexborNode, named: dict[int, list[str]] | None = None) -> LexborNode | None:
    """The link a click on a picture opens its enlargement by: the element itself when it is an
    `<a>` (a tile painted on the link), else the nearest `<a>` around it (through `<picture>` and up
    to `LINK_DEPTH` wrappers), when one of its attributes names an image file (`enlargements`); an
    article's link is none. The analysis pairs the full-size copy with the picture shown, and
    redaction drops it with the picture: one reading of the link for both. `named` keeps each link's
    `enlargements` (by `mem_id`) for the page: read for each of 4,000 pictures in one link of 4,000
    attributes, they took 13 s."""
    cur: LexborNode | None = node
    for _ in range(LINK_DEPTH + 1):
        if cur is None or cur.tag in ("body", "html"):
            return None
        if cur.tag == "a":
            if named is None:
                return cur if enlargements(cur.attributes) else None
            names = named.get(cur.mem_id)
            if names is None:
                names = named[cur.mem_id] = enlargements(cur.attributes)
            return cur if names else None
        cur = cur.parent
    return None


def enlargement_attrs(attrs: dict[str, str | None]) -> list[tuple[str, str]]:
    """(attribute, URL as written) for each of a link's attributes that names a full-size copy: its
    href (WordPress's "link to media file"), a lightbox's data-src (fancybox, lightGallery) beside an
    href of "#" or a page, PhotoSwipe 5's data-pswp-src, Smash Balloon's data-full-res (its href is
    the post's page), any other attribute naming an image file, or holding one as a `data:image/` URI
    (a full-size portrait embedded in the link stayed beside its removed thumbnail, found in review).
    Redaction drops these attributes."""
    out: list[tuple[str, str]] = []
    for name, value in attrs.items():
        v = (value or "").strip(_C0_AND_SPACE)
        if v[:11].lower() == "data:image/" or names_image_file(v):
            out.append((name, v))
    return out


def enlargements(attrs: dict[str, str | None]) -> list[str]:
    """The full-size copies' URLs, as written, that a link's attributes name (`enlargement_attrs`), each once."""
    return list(dict.fromkeys(v for _, v in enlargement_attrs(attrs)))


def names_image_file(value: str | None) -> bool:
    """Whether a link's or a query's value names an image file (by its extension)."""
    return bool(value) and _IMAGE_FILE.search(value.strip()) is not None  # type: ignore[union-attr]


def clear_caches() -> None:
    """Forget the attribute names' kinds (`page.clear_caches`: a site's names are its vocabulary)."""
    _LAZY_ATTR.clear()
