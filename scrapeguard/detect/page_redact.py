"""Remove chosen image references from a page's HTML (the `redact` action for pages).

Kept apart from `detect.page` (the per-page analysis, which is compiled when a compiler is
available): redaction runs only on the pages a policy redacts, and stays plain Python.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from collections.abc import Callable, Collection, Iterator
from html import escape, unescape
from typing import Final
from urllib.parse import unquote, unquote_plus, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapeguard.detect.css_refs import _URL_NAME, IMAGE_SET_NAME, css_url, css_urls
from scrapeguard.detect.inline import MAX_ESCAPE_LEVELS, find_inline_images
from scrapeguard.detect.page import MAX_SRCDOCS, analyse_page, data_document
from scrapeguard.detect.page_jsonld import parse_jsonld
from scrapeguard.detect.page_refs import (
    BACKGROUND_ATTRS,
    EMBEDDER_SOURCE,
    IMAGE_ELEMENTS,
    SVG_IMAGES,
    background_srcs,
    element_srcs,
    enlargement_attrs,
    enlarging_link,
    json_urls,
    names_image_file,
    parse_srcset,
    refresh_target,
    svg_image_as_img,
)
from scrapeguard.detect.page_source import (
    _CHARSET,
    byte_order_mark,
    closed_as_xml,
    decode_page,
    page_encoding,
    page_errors,
    too_costly_to_parse,
)
from scrapeguard.detect.page_urls import absolute_url, document_base
from scrapeguard.detect.same_picture import path_original, resized, sized_copy, spelled_elsewhere, wordpress_original
from scrapeguard.pieces import rarest, runs
from scrapeguard.resource import ascii_compatible, resource_key

log = logging.getLogger("scrapeguard")


def redact_html(html: bytes, remove_urls: set[str], base_url: str, charset: str | None = None, *,
                content_type: str | None = None) -> bytes:
    """The page without references to `remove_urls` (absolute URLs as `find_images` reports
    them): <img>/<amp-img> (a matching candidate removes the element, and the href of a link
    around it to the full-size image file), SVG <image> and <feImage>, <picture> sources,
    any <meta> whose content is one (og/twitter images by name or property, itemprop=image),
    <link>s that load one (preload as=image, image_src), <object>/<embed>, the picture of an
    <input type=image>, links to the file itself, JSON-LD image entries, url(...) in style
    attributes and <style> blocks, lazy-loaded backgrounds (`data-bg` …) and video posters;
    then any other attribute that names one (an <iframe>'s src, a table's background, a
    lightbox's `data-zoom-image`, an SVG link's `xlink:href`, a refresh), the string literals of
    other scripts that do (a page's JSON state), comments and processing instructions that do, and
    the URLs naming one in a text (a raw-text element's markup, `<noembed><img src=…>`, a <title>,
    a <pre>); <template>s, <iframe srcdoc>s and <noscript>s that do are redacted as pages of their
    own (a <noscript>'s markup is otherwise handed on as it came); links to a removed WordPress
    rendition's original upload lose their href. A reference matches in any spelling a client
    requests as the same URL (`resource.resource_key`: with a fragment, percent-encoded or not, a
    default port, dot segments), and as another size of the same image file (`jane.jpg?w=2000`);
    in an attribute, a JSON `\\/` is read as `/`.

    `charset`: the HTTP Content-Type's (as `resource.body_charset` gives it) or the encoding
    `page.page_encoding` decided for the analysis; the page is read in `page_encoding(html,
    charset)` — the analysis's one decision — and written back in it (with its byte-order
    mark, if it had one), so the body handed on matches the header that goes with it; with its
    own doctype, and a page opening with an XML declaration (XHTML), or served as XML
    (`content_type`: application/xhtml+xml, application/xml, text/xml), as XML. Where the page's
    charset label (`content_type`'s, else its <meta>'s) is one Python's codecs do not know, Scrapy's
    w3lib reads the page in another: the copy's non-ASCII characters are written as references. A
    <meta> the page's encoding was read from goes first in the copy's <head>.

    Never raises. If the page cannot be processed, the fallback removes EVERY image
    reference with a regex pass, and every URL-shaped word naming a removed picture's file;
    if that fails, or its copy still names one (read as the analysis reads a page, or as text:
    a JSON state's `"\\u002Fjane.jpg"`), the result is an empty body (`redact_page` says which
    happened)."""
    return redact_page(html, remove_urls, base_url, charset, content_type=content_type)[0]


def redact_page(html: bytes, remove_urls: set[str], base_url: str, charset: str | None = None, *,
                content_type: str | None = None, analysed: bool = False) -> tuple[bytes, str | None]:
    """`redact_html`'s copy, and why it is not the page less those pictures when it is not
    (redaction failed: every image stripped, or nothing left), for the decision to say so.
    `analysed`: the page's analysis read this page and did not refuse it, so the checks of its
    parse's cost before the parse are not made again (they were a third of a redaction's time)."""
    if not remove_urls:
        return (html if isinstance(html, bytes) else str(html).encode("utf-8", "replace")), None
    try:
        out = _redact(html, remove_urls, base_url or "", charset, content_type=content_type, analysed=analysed)
        _still_named(out, remove_urls, base_url or "", charset)
        return out, None
    except Exception as exc:  # noqa: BLE001
        log.warning("scrapeguard: redaction failed for %s (%s); stripping all images", str(base_url)[:200], exc)
        why = f"{type(exc).__name__}: {str(exc)[:160]}"
        try:
            names = _expanded(remove_urls)[2]
            stripped = _strip_all_images(html, charset, names)
            _still_named(stripped, remove_urls, base_url or "", charset)  # (one it cannot read again: handed on empty)
            left = _names_left(stripped, names, charset)
            if left is not None:
                raise ValueError(f"the copy still names {left[:120]}")
            return stripped, f"redaction failed ({why}): every image reference was stripped"
        except Exception as again:  # noqa: BLE001
            # (its patterns miss what the passes read: a JSON state's escaped URL, a word in a text;
            # a copy never checked handed them on, found in review)
            return b"", (f"redaction failed ({why}) and so did stripping every image "
                         f"({type(again).__name__}: {str(again)[:160]}): the page is handed on empty")


def _still_named(out: bytes, remove: set[str], base_url: str, charset: str | None) -> None:
    """Raises if the copy, read as the analysis reads a page, still names a removed picture.

    Why: the copy is written by a serialiser, not by us; where it writes a text back otherwise
    than it was read (an SVG <style>'s `&lt;img src=…&gt;` came back as a live <img>, found in
    review), the removed picture was referenced again. Then the fallback strips every picture."""
    keys = {resource_key(u) for u in remove}
    analysis = analyse_page(out, base_url, hints=False, encoding=charset)
    if analysis.error is not None:
        raise ValueError(f"the copy could not be read again ({analysis.error})")
    left = next((r.url for r in analysis.images if r.url in remove or resource_key(r.url) in keys), None)
    if left is not None:
        raise ValueError(f"the copy still names {left[:120]}")


# The tags the fallback looks at, each read once to its ">" (or to the end: an unclosed tag is dropped
# there by a browser too), a script with its text; `_dropped_tag` decides. (`<meta\b[^>]*?og:image`
# scanned to the end of the page from every `<meta` of one without ">": 100,000 of them took minutes.)
# (dropped whenever they name a removed picture: the image elements the analysis reads, sources,
# SVG images, embeds; a <meta>, <link> or <input> only when it is a picture's, `_PICTURE_TAG`)
_ALWAYS = frozenset({*(name.lower().encode() for name in (*IMAGE_ELEMENTS, *SVG_IMAGES)), b"source", b"object",
                     b"embed"})
_PICTURE_TAG_NAMES = rb"<(" + b"|".join(sorted(_ALWAYS | {b"meta", b"link", b"input"})) + rb")\b([^>]*+)>?"
_TAGS = re.compile(rb"<(script)\b([^>]*+)(?:>((?:[^<]++|<(?!/script))*+)(?:</script\s*+>)?)?|"
                   + _PICTURE_TAG_NAMES, re.I)
# the same tags in a script's text (a `document.write('<img …>')`, a client-side template)
_TAGS_IN_SCRIPT = re.compile(_PICTURE_TAG_NAMES, re.I)
# what makes a <meta>, <link> or <input> a picture's (microdata's properties by name or as a schema.org URL)
_PICTURE_PROPS = rb"""itemprop\s*=\s*["']?(?:[^"'>\s]*/)?(?:image_url|image|thumbnailurl|logo|url|contenturl)\b"""
_PICTURE_TAG = {
    b"meta": re.compile(rb"og:image|twitter:image|" + _PICTURE_PROPS, re.I),
    b"link": re.compile(rb"""image_src|imagesrcset|as\s*=\s*["']?image|""" + _PICTURE_PROPS, re.I),
    b"input": re.compile(rb"""type\s*=\s*["']?image""", re.I),
    b"script": re.compile(rb"ld\+json", re.I),
}
# CSS pictures (`\75 rl(` too: `css_refs`), to their ")" or the end of their line or tag; lazy
# backgrounds and posters, whatever they hold
_IMG_VALUES = re.compile(
    rb"(?:" + _URL_NAME.encode() + rb"|" + IMAGE_SET_NAME.encode() + rb")[^)>\n]*+\)?"
    rb"""|\s(?:data-bg|data-bgset|data-background-images?|data-img-url|data-thumbnail|data-src|data-srcset|poster"""
    rb"""|data-poster|background)\s*=\s*"""
    rb"""(?:"[^"]*+"|'[^']*+'|[^\s>]++)""",
    re.I,
)
# Any other attribute naming an image file (a link to the full-size file, an <iframe src>, a
# refresh to a picture, a lightbox's `data-zoom-image`): dropped when its value names one
_IMAGE_ATTRS = re.compile(rb"""\s[\w:.-]+\s*=\s*(?:"([^"]*+)"|'([^']*+)'|([^\s"'>]++))""")


def _strip_matches(html: bytes, names: Collection[str] = ()) -> bytes:
    """`html` without its picture tags, CSS pictures and lazy backgrounds, then without any
    attribute naming an image file or, among its words, a file of `names` (a lazy srcset's), then
    without the other URL-shaped words naming one (a script's; of `src=URL`, the `src=` stays):
    one linear pass each."""
    tags_out = _IMG_VALUES.sub(b"", _TAGS.sub(_dropped_tag, html))
    names = {name for name in names if name}  # (a removed URL without a file name: no word is told by its name)
    if not names:
        return _IMAGE_ATTRS.sub(_without_image_file, tags_out)

    def names_one(word: bytes) -> bool:
        # (a name without an extension, `/photos/2024`, only as a path's last segment: not the year in a text;
        # in curly quotes, or before a full stop, as `_names_left` reads words)
        name = _file_name(word.decode("utf-8", "replace").strip(_QUOTES).rstrip(_TRAILING))
        return name in names and ("." in name or b"/" in word or b"\\" in word)

    def named(word: bytes) -> bool:
        _, eq, rest = word.partition(b"=")
        return names_one(word) or (bool(eq) and names_one(rest))

    def attribute(m: re.Match[bytes]) -> bytes:
        value = next((g for g in m.groups() if g is not None), b"")
        return b"" if any(named(w) for w in _URL_WORD_BYTES.findall(value)) else _without_image_file(m)

    def word(m: re.Match[bytes]) -> bytes:
        found = m.group(0)
        if not named(found):
            return found
        name, eq, _ = found.partition(b"=")
        return name + eq if eq else b""

    return _URL_WORD_BYTES.sub(word, _IMAGE_ATTRS.sub(attribute, tags_out))


_URL_WORD_BYTES: Final = re.compile(rb"[^\s,;'\"`()\[\]<>|]+")  # (`_URL_WORD`, in bytes)


def _names_left(out: bytes, names: Collection[str], charset: str | None) -> str | None:
    """The first of `names` (removed pictures' file names) the copy still holds anywhere as text, in
    any case, as a character reference, percent-encoded or after a JavaScript `\\u002F`: as a whole
    name (not `joanna.jpg` for `anna.jpg`), and one without an extension as a path's last segment
    (not the year of "Founded in 2024" for `/photos/2024`); None when it holds none (the empty name
    of a URL without one is no text search's). One pass over the text's words, whatever the number
    of names."""
    found = {name for name in names if name}
    if not found:
        return None
    text = decode_page(out, page_encoding(out, charset)).lower()
    if "&" in text:  # (a reference, `anna&#46;jpg`, is the name to an HTML parser)
        text += "\n" + unescape(text)
    if "%" in text:
        text += "\n" + unquote(text)
    decoded = _escapes_read(text).lower()  # (a script's `\\u002F`, `\\x2F`, `\\u002E`, `\\u00C9`)
    if decoded != text:
        text += "\n" + decoded
    for m in _NAME_WORD.finditer(text):
        word = m.group(0).rstrip(".")  # (a name at a sentence's end)
        if word in found and ("." in word or text[m.start() - 1:m.start()] in ("/", "\\")):
            return word
    # (a name holding other characters, `photo (1).jpg` once percent-decoded: looked for as it is)
    return next((name for name in sorted(found) if _NAME_WORD.fullmatch(name) is None and name in text), None)


_NAME_WORD: Final = re.compile(r"[\w.-]+")


def _dropped_tag(m: re.Match[bytes]) -> bytes:
    """The tag `_TAGS` or `_TAGS_IN_SCRIPT` found, or nothing if it is a picture's; a script
    other than JSON-LD is kept with the picture tags of its text removed."""
    script = m.re is _TAGS and m.group(1) is not None
    tag, attrs = (m.group(1), m.group(2)) if m.group(1) is not None else (m.group(4), m.group(5))
    tag = tag.lower()
    if tag in _ALWAYS or _PICTURE_TAG[tag].search(attrs) is not None:
        return b""
    if script and m.group(3):
        whole, at = m.group(0), m.start()
        return whole[: m.start(3) - at] + _TAGS_IN_SCRIPT.sub(_dropped_tag, m.group(3)) + whole[m.end(3) - at :]
    return m.group(0)


def _without_image_file(m: re.Match[bytes]) -> bytes:
    value = next((g for g in m.groups() if g is not None), b"").decode("latin-1")
    return b"" if _names_picture(unescape(value) if "&" in value else value) else m.group(0)


def _strip_all_images(html: bytes | str, charset: str | None = None, names: Collection[str] = ()) -> bytes:
    """Every image reference out, by pattern, and every URL-shaped word naming a file of `names`:
    the fallback when redaction fails. A page whose markup is not ASCII bytes (UTF-16, UTF-32,
    EBCDIC) is stripped in its text and written back in its encoding (its bytes hold no `<img`
    the pattern could see); one that cannot be decoded at all raises (the caller then hands on
    nothing)."""
    if not isinstance(html, bytes):
        return _strip_matches(str(html).replace("\x00", "").encode("utf-8", "replace"), names)
    enc = page_encoding(html, charset)
    if ascii_compatible(enc):  # (NULs left out, as the analysis reads the page: `<i\0mg` is an <img> to lxml)
        return _strip_matches(html.replace(b"\x00", b""), names)
    text = decode_page(html, enc).replace("\x00", "").encode("utf-8", "surrogatepass")
    return byte_order_mark(html, enc) + _strip_matches(text, names).decode("utf-8", "surrogatepass").encode(
        enc, "replace")


def _redact(html: bytes | str, remove: set[str], base_url: str, charset: str | None = None,
            fragments: list[int] | None = None, content_type: str | None = None, analysed: bool = False) -> bytes:
    if isinstance(html, str):
        text, enc, bom = html, "utf-8", b""
    else:
        data = bytes(html)
        enc = page_encoding(data, charset)  # the analysis's decision (the guard hands both the same)
        bom = byte_order_mark(data, enc)
        text = decode_page(data, enc)
    # NULs left out, as the analysis and a crawler's parser read the page: the copy handed on holds none either
    text = text.replace("\x00", "")
    source = closed_as_xml(text)
    costly = None if analysed else too_costly_to_parse(source)  # (an analysis checked the page it read)
    if costly is not None:  # (parsed anyway, a fail-open policy's redaction took seconds the analysis refused)
        raise ValueError(f"HTML {costly} to parse at a bounded cost")
    declared = _XML_DECLARATION.match(text, 0, 1024)
    as_xml = declared is not None or _served_as_xml(content_type)
    noscripts: list[str] = []
    # the marks left where markup is set aside carry a token of this call: a page cannot spell them
    # (one spelled as a fixed mark was replaced by the markup again and again: 135 kB became 100 MB)
    nonce = secrets.token_hex(8)
    if not as_xml and isinstance(source, str):  # (text in, text out: `closed_as_xml` keeps its type)
        source, noscripts = _noscripts_aside(source, nonce)
    tree = LexborHTMLParser(source)
    base = base_url
    for node in tree.css("base"):  # (not `base[href]`: lexbor matches a foreign `xlink:href` there)
        given = document_base(base_url, node)
        if given is not None:
            base = given
            break

    remove, keys, file_names = _expanded(remove)
    hit = _matcher(remove, base)  # (the expanded set, known by identity: expanded once)

    def clean_css(css: str) -> str:
        """`css` with each url() or image-set() URL naming a removed picture (or carrying one in its query) as
        `none` (one linear pass; an image-set() holding `none` is dropped by the browser, its picture with it)."""
        parts: list[str] = []
        at = 0
        for m in css_urls(css):
            # (an image proxy's URL carrying the picture, `wsrv.nl/?url=…/anna.jpg&w=800`, paints it too)
            if m.start() >= at and (hit(url := css_url(m)) or ("=" in url and _names_in_query(url, hit))):
                parts += [css[at:m.start()], "none"]
                at = m.end()
        return "".join(parts) + css[at:] if parts else css

    named: dict[int, list[str]] = {}  # (`_drop_enlargement`)
    for node in tree.css(", ".join(IMAGE_ELEMENTS)):
        srcs = element_srcs(node.attributes)
        parent = node.parent
        if any(hit(s) for s in srcs):
            _drop_enlargement(node, named)
            if parent is not None and parent.tag == "picture":
                parent.decompose()
            else:
                node.decompose()
    for node in tree.css(", ".join(SVG_IMAGES)):  # SVG's (the parser has made HTML's `<image>` an `<img>`)
        if any(hit(s) for s in element_srcs(svg_image_as_img(node.attributes))):
            node.decompose()
    for node in tree.css("picture source, source[srcset]"):
        if any(hit(s) for s in element_srcs(node.attributes)):
            node.decompose()
    for node in tree.css("meta[content]"):  # og/twitter images, by name or property (the analysis reads
        content = node.attributes.get("content") or ""  # both), and microdata's itemprop=image: any meta
        target = refresh_target(content) if "refresh" in (node.attributes.get("http-equiv") or "").lower() else None
        if hit(content) or (target is not None and hit(target)):  # whose content is a removed picture says
            node.decompose()  # nothing else; a refresh to one, read as the analysis reads it (`refresh_target`)
    for node in tree.css("link[href], link[imagesrcset]"):  # preload as=image, image_src: only fetch it
        a = node.attributes
        if hit(a.get("href") or "") or any(hit(s) for s in parse_srcset(a.get("imagesrcset") or "")):
            node.decompose()
    for node in tree.css("object[data], embed[src]"):
        a = node.attributes
        if hit(a.get("data") or a.get("src") or ""):
            node.decompose()
    _drop_data_documents(tree, hit, remove)
    for node in tree.css("input[src]"):  # <input type=image>: the control stays, without the picture
        if hit(node.attributes.get("src") or ""):
            del node.attrs["src"]
    for node in tree.css("a[href]"):  # a link to the file itself (a download, an enlargement)
        if hit(node.attributes.get("href") or ""):
            del node.attrs["href"]
    for node in tree.css('[style*="url(" i], [style*="image-set(" i], [style*="\\\\"]'):  # (`\75 rl(`: `css_urls`)
        style = node.attributes.get("style") or ""
        new = clean_css(style)
        if new != style:
            node.attrs["style"] = new
            _drop_enlargement(node, named)
    for node in tree.css(", ".join(f"[{name}]" for name in BACKGROUND_ATTRS)):
        if node.tag in IMAGE_ELEMENTS or node.tag in SVG_IMAGES:
            continue  # (read, and removed whole, with their sources above)
        names = {name for name, url in background_srcs(node.attributes) if hit(url)}
        if names & {"data-src", "data-srcset"}:
            names |= {n for n in ("data-src", "data-srcset") if n in node.attributes}  # one picture's renditions
        for name in names:
            del node.attrs[name]
        if names:  # (a gallery's tile: Elementor Pro's `<a href=big.jpg><div data-thumbnail=…>`)
            _drop_enlargement(node, named)
    for node in tree.css("style"):
        # the sheet as the analysis reads it: all of the element's text (an SVG <style> is foreign
        # content, where comments may split it into several texts); cleaned, it is one text again
        css = node.text(deep=False)
        new = clean_css(css)
        if new != css:
            _replace_text(node, new)
    def documents_naming(docs: list[str], most: int) -> set[int]:
        """Which of `docs` (`<template>`s, `<iframe srcdoc>`s: documents the analysis reads on
        their own) name a removed picture, read as the analysis reads them (their own `<base>`,
        a URL with a space in it)? The words of their markup alone missed those. Read together,
        `most` at a time and about `_TAGS_READ_TOGETHER` tags (under the analysis's limits), a
        half read again only where a removed picture is named or a limit on a count met (one
        analysis each: 8,000 templates took seconds)."""
        named: set[int] = set()

        def read(lo: int, hi: int) -> None:
            analysis = analyse_page("".join(docs[lo:hi]), base, hints=False)
            hits = any(r.url in remove or resource_key(r.url) in keys for r in analysis.images)
            if hi - lo == 1:
                if hits:
                    named.add(lo)
            elif hits or any("the first " in limit for limit in analysis.limits):  # (a count met: read apart)
                read(lo, (lo + hi) // 2)
                read((lo + hi) // 2, hi)

        lo, tags = 0, 0
        for i, doc in enumerate(docs):
            if i > lo and (i - lo >= most or tags + doc.count("<") > _TAGS_READ_TOGETHER):
                read(lo, i)
                lo, tags = i, 0
            tags += doc.count("<")
        if docs:
            read(lo, len(docs))
        return named

    left = [MAX_FRAGMENTS] if fragments is None else fragments  # (one count for the page, its fragments' own too)

    def fragment(markup: str) -> str:
        left[0] -= 1
        if left[0] < 0:  # (the fallback strips the page's every picture instead, in one linear pass)
            raise ValueError(f"more than {MAX_FRAGMENTS} <noscript>s, <template>s or srcdoc documents name a removed "
                             "picture (each is redacted as a page of its own)")
        return _redacted_fragment(markup, remove, base, left)

    templates = _sweep(tree, hit, file_names, documents_naming, fragment,
                       "" if as_xml else f"\ue000template-{nonce}-")
    spellings = _Spellings(remove)
    for node in tree.css('script[type*="ld+json" i]'):
        raw = node.text(deep=True)
        cleaned = _redact_jsonld(raw, hit, spellings)
        if cleaned is not None:
            repl = LexborHTMLParser(f'<script type="application/ld+json">{cleaned}</script>').css_first("script")
            if repl is not None:
                node.replace_with(repl)
            else:
                node.decompose()
    for node in tree.css("pre, textarea, listing"):
        # HTML's serialisation writes a newline after the start tag of these, which the parser drops:
        # lexbor does not, so a text starting with a newline lost it to every client reading the copy
        first = node.child
        if first is not None and first.tag == "-text" and (first.text_content or "").startswith("\n"):
            first.replace_with("\n" + (first.text_content or ""))
    if isinstance(html, bytes) and not bom:
        _charset_meta_first(tree, data, enc)
    if as_xml and tree.root is not None:  # XHTML: written back as XML, as it came
        doctype = _DOCTYPE.match(text, 0 if declared is None else declared.end(), 4096)
        parts = [] if declared is None else [declared.group(1), "\n"]
        parts.append(doctype.group(1) + "\n" if doctype is not None else "")
        _as_xml(tree.root, parts)
        out = "".join(parts)
    else:
        out = _with_doctype(tree.html or "", text)
    if templates:
        out = _put_back(out, re.compile(f"\ue000template-{nonce}-(\\d+)\ue000"), templates)
    if noscripts:
        names_a_file = _FileNames(file_names)
        redacted = [fragment(markup) if names_a_file(markup) else markup for markup in noscripts]
        out = _put_back(out, re.compile(f"<!--\ue000noscript-{nonce}-(\\d+)\ue000-->"), redacted)
    if "&nbsp;" in out and "\xa0" in text and "&nbsp" not in text.lower():
        # the serialiser writes every no-break space as `&nbsp;`; where the page wrote none so, each was a
        # raw byte, and goes back as one: a UTF-8 page read as windows-1252 had the 0xA0 of its "à" (C3 A0)
        # turned into `C3 &nbsp;`, which no reader can undo (found in review)
        out = out.replace("&nbsp;", "\xa0")
    written = _WRITTEN_AS.get(enc)
    if written in _AS_REFERENCES:
        out = out.translate(_AS_REFERENCES[written])
    try:
        return bom + out.encode(written or enc, page_errors(enc, encode=True))
    except LookupError:
        return out.encode("utf-8", "xmlcharrefreplace")


# The codec a redacted copy is written in where the page's own is read more widely than every reader reads: an
# EUC-JP page is read as a browser does (`resource.text_codec`: JIS X 0213's superset, NEC's ① too) but written
# in the JIS X 0208 and 0212 every reader shares (Scrapy's w3lib reads EUC-JP with Python's `euc_jp`), the rest
# as character references: 0213 wrote "é" as A9 DF, which neither w3lib nor a browser reads (Scrapy review). An
# ISO-2022-JP page likewise in JIS X 0208: the browser's codec, `iso2022_jp_ext`, wrote "é" and "丂" as JIS X 0212
# (ESC $ ( D), which neither a browser nor w3lib reads, and "ｱ" after ESC ( I, which w3lib does not (review)
_WRITTEN_AS: Final = {"euc_jis_2004": "euc_jp", "iso2022_jp_ext": "iso2022_jp"}
# ... but for the two characters Python's `euc_jp` writes as ASCII bytes every reader reads as `\` and `~` (JIS X
# 0201's yen sign and overline): references, as they were (a shop's "¥1,000" became "\1,000"; review of the change)
_AS_REFERENCES: Final = {"euc_jp": {0xA5: "&#165;", 0x203E: "&#8254;"}}
# The media types of a document in XML syntax, whose copy is written as XML (`_as_xml`)
_XML_TYPES: Final = frozenset({"application/xhtml+xml", "application/xml", "text/xml"})


def _served_as_xml(content_type: str | None) -> bool:
    """Whether the answer's type says it is read as XML: an XHTML page so served without an XML declaration was
    written back as HTML (`<br>`, `&nbsp;`), an XML parse error for the browser showing it (found in review)."""
    return (content_type or "").split(";")[0].strip().lower() in _XML_TYPES


def _charset_meta_first(tree: LexborHTMLParser, data: bytes, enc: str) -> None:
    """The <meta> the page's encoding was read from (`page_encoding`, no header saying it) moved to the start of
    its <head>: readers look for it in the first 4 kB (w3lib; a browser's prescan, 1 kB), and the serialiser,
    writing each `&` of the links before it as `&amp;`, pushed one at byte 4,026 to 4,506: the copy was read as
    windows-1252 (found in review)."""
    found = _CHARSET.search(data, 0, 4096)
    head = tree.head
    if found is None or head is None or page_encoding(data) != enc:
        return
    label = found.group(1).lower()
    meta = next((node for node in tree.css("meta") if (said := _CHARSET.search((node.html or "").encode(
        "utf-8", "replace"))) is not None and said.group(1).lower() == label), None)
    first = next(head.iter(), None)  # (its first element)
    if meta is None or (first is not None and first.mem_id == meta.mem_id):
        return
    if head.child is None:
        head.insert_child(meta)
    else:
        head.child.insert_before(meta)
    meta.decompose()  # (inserted as a copy)


def _matcher(remove: set[str], base: str) -> Callable[[str], bool]:
    """Does a reference (as written, read against `base`) name a removed picture, in any spelling a
    client requests as the same (`_expanded`: another size, the original upload, the site's other
    address)? Each reference resolved once, and only when its file name is a removed one's."""
    remove, keys, file_names = _expanded(remove)
    every = "" in file_names  # (a removed URL without a file name: no reference is ruled out by its name)
    resolved: dict[str, bool] = {}  # (a word is read several ways: as a whole, as `name=URL`, in a query)

    def hit(src: str) -> bool:
        if not every and _file_name(src) not in file_names:
            return False  # (resolving every URL-shaped word of a page costs seconds; its name, microseconds)
        known = resolved.get(src)
        if known is None:
            if len(resolved) > _RESOLVED_KEPT:
                resolved.clear()
            known = resolved[src] = hits(src)
        return known

    def removed(url: str | None) -> bool:
        return url is not None and (url in remove or resource_key(url) in keys)

    def hits(src: str) -> bool:
        u = absolute_url(base, src)
        if u is None:
            return False
        # another size of the same file (`jane.jpg?w=2000` beside the removed `jane.jpg`: a link to the
        # full-size copy, found in review); a query that asks for more than a size may name another picture.
        # A resized copy of a removed original (`/cdn-cgi/image/w=2000/…`), and an image proxy's copy of one in
        # a size the page did not list (`/_next/image?url=…&w=3840` in a Link preload: found in review)
        bare = sized_copy(u)
        return removed(u) or removed(bare) or removed(path_original(bare or u)) or (
            "?" in u and any(removed(inner) for inner in resized(u)))

    return hit


# One link of an HTTP Link field (RFC 8288 §3): its target and parameters, a quoted string's commas its own
_LINK_VALUE: Final = re.compile(r'\s*+<[^>]*+>(?:[^,"]++|"(?:[^"\\]++|\\.?)*+"?)*+')


def links_without(field: str, remove_urls: set[str], base_url: str) -> str:
    """An HTTP Link field's value without the links that name a removed picture, by their target or a
    parameter (a `rel=preload; as=image` of the page's portrait, Next.js's `imagesrcset`: a crawler
    reads or preloads it; a redacted page's answer kept them, found in review); "" when none is left.
    A value not read as links (no `<…>` where one begins) goes whole if it names one anywhere."""
    hit = _matcher(remove_urls, base_url)
    kept: list[str] = []
    at = 0
    while at < len(field):
        m = _LINK_VALUE.match(field, at)
        if m is None:
            return "" if _names_removed(field, hit) else field
        if not _names_removed(m.group(0), hit):
            kept.append(m.group(0).strip())
        at = m.end()
        while at < len(field) and field[at] in ", \t":
            at += 1
    return ", ".join(kept)


def refresh_without(field: str, remove_urls: set[str], base_url: str) -> str:
    """An HTTP Refresh field's value, or "" when it sends the browser on to a removed picture (read as the same
    `<meta http-equiv=refresh>` is, `refresh_target`: a redacted page's answer kept it, found in review)."""
    target = refresh_target(field)
    return "" if target is not None and _matcher(remove_urls, base_url)(target) else field


# A start tag's attributes to its end, read as the tokenizer reads them: a `>` or a `<noscript>` inside a
# quoted value is the value's (one there took the rest of a page into a comment mark: the copy was empty).
# It cannot fail once a tag has begun (a name may start with `=`, a value be empty or unquoted, a tag run
# to the end of the text): a pattern that could fail retried the rest of the page from every unclosed
# `<a x='y'`, and 8,000 of them (72 kB) took 3.4 s
_TAG_END = r"(?:\s*+[^\s/>][^\s/>=]*+(?:\s*+=\s*+(?:\"[^\"]*+\"|'[^']*+'|[^\s>]*+))?|\s*+/(?!>))*+\s*+(?:/?>|\Z)"
# A <noscript>, read as a browser running scripts reads it (its text, raw, to the first end tag), where
# what could hide one does not: comments, CDATA, raw-text elements and other tags' attributes.
_NOSCRIPT = re.compile(
    r"<!--(?:-?>|.*?(?:--!?>|\Z))|<!\[CDATA\[.*?(?:\]\]>|\Z)"  # (`<!-->` and `--!>` end one, as the tokenizer reads)
    r"|<(script|style|textarea|title|xmp|iframe|noembed|noframes)\b" + _TAG_END + r".*?(?:</\1\s*>|\Z)"
    r"|(<noscript\b" + _TAG_END + r")(.*?)(?=</noscript\s*>|\Z)"
    r"|<[a-z][^\s/>]*+" + _TAG_END, re.IGNORECASE | re.DOTALL)


def _noscripts_aside(source: str, nonce: str) -> tuple[str, list[str]]:
    """The page with each <noscript>'s markup set aside behind a comment, and that markup.

    Why: parsed as a browser without scripts parses it, a <noscript> in the head ends the head
    at its first <img> (a tracking pixel's fallback): the copy had the page's title, description,
    canonical link and stylesheets moved into the body (found in review). A comment is allowed
    there; the markup goes back after the copy is written (`_put_back`), as it came unless it
    names a removed picture."""
    kept: list[str] = []

    def aside(m: re.Match[str]) -> str:
        if m.group(2) is None:
            return m.group(0)
        kept.append(m.group(3))
        return f"{m.group(2)}<!--\ue000noscript-{nonce}-{len(kept) - 1}\ue000-->"

    return _NOSCRIPT.sub(aside, source), kept


# The characters of a removed picture's file name it is indexed under (`_FileNames`)
_PIECE = 4


class _FileNames:
    """Does set-aside markup hold a removed picture's file name, in any spelling (then it is
    redacted as a page of its own: its links, lightbox attributes and comments too, not only its
    pictures; a noscript's link to the portrait stayed where only pictures were looked for)?
    As a part of the markup, whatever stands around it (`<!--…/jane.jpg-->`, `“…jane.jpg”`): each name
    is indexed under its rarest `_PIECE` characters, and only the names whose piece the markup holds are
    looked for. Why: each noscript tested against each name, 50,000 noscripts and 5,000 removed pictures
    took 20 s; looked up as whole words instead, a name beside a comment's dashes, Unicode punctuation or
    an underscore was missed, and the portrait's URL stayed in the redacted page (both found in review)."""

    def __init__(self, file_names: set[str]) -> None:
        self.every = "" in file_names
        names = [name for name in file_names if name]  # (a name shorter than `_PIECE`: under itself)
        self.by_piece: dict[str, list[str]] = {}
        for name, key in zip(names, rarest([runs(name, min(_PIECE, len(name))) for name in names])):
            self.by_piece.setdefault(key, []).append(name)
        self.sizes = {len(piece) for piece in self.by_piece}

    def __call__(self, markup: str) -> bool:
        if self.every:
            return True
        plain = _as_names_read(markup)
        texts = [plain]
        if "\n" in plain or "\t" in plain or "\r" in plain:  # (a browser drops them from a URL: `_file_name`)
            texts.append(plain.replace("\n", "").replace("\t", "").replace("\r", ""))
        for text in texts:
            held: set[str] = set()
            for size in self.sizes:
                held |= runs(text, size)
            # (the smaller side walked: `set.intersection(dict)` walks the dict whatever its size, each of
            # 40,000 noscripts walked 2,000 names' pieces, 2 of a redaction's 3 s)
            keys = [piece for piece in held if piece in self.by_piece] if len(held) < len(self.by_piece) else \
                [piece for piece in self.by_piece if piece in held]
            if any(name in text for piece in keys for name in self.by_piece[piece]):
                return True
        return False


def _as_names_read(markup: str) -> str:
    """Markup with its references and escapes undone, lower case: as `_file_name` reads a name, so
    a removed picture's name is found in it in any spelling."""
    plain = unescape(markup) if "&" in markup else markup
    low = (unquote(plain) if "%" in plain else plain).lower()
    return _escapes_read(low).lower()  # (a script's `anna\\u002Ejpg`, `\\u00C9`)


def _put_back(out: str, mark: re.Pattern[str], markups: list[str]) -> str:
    """`out` with each mark replaced by its markup, once (a mark met again is dropped)."""
    used: set[int] = set()

    def back(m: re.Match[str]) -> str:
        at = int(m.group(1))
        if at >= len(markups) or at in used:
            return ""
        used.add(at)
        return markups[at]

    return mark.sub(back, out)


def _expanded(remove: set[str]) -> tuple[set[str], set[str], set[str]]:
    """The removed URLs with their other renditions' and originals' (`resized`, `_originals`), their
    resource keys and their file names; the last set's kept for the next call, a page's fragments
    (each <noscript> copy of a lazy gallery's portraits, each <template>) being redacted with the
    same set: worked out again for each, 1,500 portraits' copies took 3.5 s (review). A fragment is
    redacted with the page's expanded set: known by identity, it is its own expansion (frozen for each
    fragment instead, 6,000 URLs' spellings doubled that gallery's time)."""
    global _LAST_EXPANDED
    last = _LAST_EXPANDED
    if last is not None and remove is last[1][0]:
        return last[1]
    given = frozenset(remove)
    if last is not None and last[0] == given:
        return last[1]
    every = set(remove) | {inner for u in remove if "?" in u for inner in resized(u)} | _originals(remove) \
        | _unsized(remove)
    every |= {original for u in every if (original := path_original(u)) is not None}
    every |= spelled_elsewhere(every)
    found = (every, {resource_key(u) for u in every}, {_file_name(u) for u in every})
    _LAST_EXPANDED = (given, found)  # (one tuple, swapped whole: threads see the old or the new)
    return found


_LAST_EXPANDED: tuple[frozenset[str], tuple[set[str], set[str], set[str]]] | None = None


# The <noscript>s, <template>s and srcdoc documents naming a removed picture a page's redaction redacts, each as a
# page of its own, theirs within them counted too (a parse and a pass each, ~0.3 ms: 80,000 noscripts naming one took
# 25 s of CPU, review; a gallery of 300 lazy photos has a noscript each); past them, the redaction fails, and the
# fallback strips every picture of the page
MAX_FRAGMENTS: Final = 4096


def _redacted_fragment(markup: str, remove: set[str], base: str, fragments: list[int]) -> str:
    """A fragment of a page (a <noscript>'s, a <template>'s or a srcdoc's markup) redacted as a page of
    its own: what its head and body then hold."""
    tree = LexborHTMLParser(_redact(markup, remove, base, fragments=fragments).decode("utf-8"))
    return "".join(part.inner_html or "" for part in (tree.head, tree.body) if part is not None)


# The page's own doctype, after white space and comments: lexbor writes every one as `<!DOCTYPE html>`
_DOCTYPE = re.compile(r"\ufeff?(?:\s++|<!--.*?-->)*+(<!doctype\b[^>]*+>)", re.IGNORECASE | re.DOTALL)
_OUR_DOCTYPE = re.compile(r"(?:<!--.*?-->)*+(<!DOCTYPE html>)", re.DOTALL)


def _with_doctype(out: str, source: str) -> str:
    """The serialised copy with the source's doctype as written: its public and system identifiers
    put a browser (a rendering crawler) in quirks or limited-quirks mode, which `<!DOCTYPE html>`
    turned to standards mode, laying the page out otherwise."""
    given = _DOCTYPE.match(source, 0, 4096)
    if given is None or given.group(1) == "<!DOCTYPE html>":
        return out
    ours = _OUR_DOCTYPE.match(out, 0, 4096)
    return out if ours is None else out[:ours.start(1)] + given.group(1) + out[ours.end(1):]


# A page in XML syntax (XHTML, as `application/xhtml+xml` serves it): its declaration opens it
_XML_DECLARATION = re.compile(r"\ufeff?\s*+(<\?xml\b[^>]*+>)", re.IGNORECASE)
_VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_XML_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def _as_xml(root: LexborNode, parts: list[str]) -> None:
    """`root` written as XML: HTML's serialisation (`<br>`, an unescaped `<` in an attribute,
    `&nbsp;`, the declaration as a comment) is no well-formed XML, so an XHTML page's copy was an
    XML parsing error for the browser or the crawler that reads it as XML. Script and style text
    goes back as it came (its CDATA sections or escapes are the page's own); one loop, no recursion."""
    stack: list[LexborNode | str] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        tag = item.tag or ""
        if tag == "-text":
            parts.append((item.text_content or "").translate(_XML_TEXT))
            continue
        if tag == "-comment" or item.tag is None:  # (None: a processing instruction, written as it came)
            parts.append(_as_cdata(item.html or ""))
            continue
        if tag.startswith("-"):
            continue
        attrs = "".join(f' {name}="{(name if value is None else value).translate(_XML_ATTRIBUTE)}"' for name, value in item.attributes.items())
        children = list(item.iter(include_text=True))
        if not children:  # (`<div/>` would open a div to a client reading the page as HTML)
            parts.append(f"<{tag}{attrs}/>" if tag in _VOID else f"<{tag}{attrs}></{tag}>")
            continue
        parts.append(f"<{tag}{attrs}>")
        if tag in ("script", "style"):
            parts.append("".join(c.text_content or "" for c in children) + f"</{tag}>")
            continue
        stack.append(f"</{tag}>")
        stack.extend(reversed(children))


def _as_cdata(markup: str) -> str:
    """A comment as written back in XML: a CDATA section, which the HTML parser reads outside SVG and MathML as
    the comment `<!--[CDATA[…]]-->`, as the section it was (its text was lost to an XML reader, found in
    review); any other comment, or processing instruction, as it came."""
    if markup.startswith("<!--[CDATA[") and markup.endswith("]]-->") and "]]>" not in markup[11:-5]:
        return f"<![CDATA[{markup[11:-5]}]]>"
    return markup


def _originals(remove: set[str]) -> set[str]:
    """The original uploads of removed WordPress renditions: a page's "Download high-res photo"
    link to `jane-doe.jpg` stayed beside the removed `jane-doe-300x200.jpg` (found in review)."""
    return {original for url in remove if (original := wordpress_original(url)) is not None}


def _unsized(remove: set[str]) -> set[str]:
    """The image files of removed URLs that ask only for a size in their query (`jane.jpg?w=300`:
    imgix, Shopify, Photon): the file itself, which a "download" link names, is the same portrait,
    and so is any other size of it (`_redact`'s `hit`; found in review)."""
    return {bare for url in remove if (bare := sized_copy(url)) is not None}


def _file_name(url: str) -> str:
    """The last path segment of a reference, decoded and in lower case: the same in every spelling
    `resource_key` joins (a fragment, a query, escapes, `\\` for `/`, dot segments before it), so a
    reference whose name is no removed picture's is none of them, without being resolved."""
    if "?" in url or "#" in url:
        url = url.split("#", 1)[0].split("?", 1)[0]
    name = url[url.rfind("/") + 1:]
    if "\\" in name:
        name = name[name.rfind("\\") + 1:]
    if "%" in name:
        name = unquote(name)
    if "\n" in name or "\t" in name or "\r" in name:  # (a browser drops them from a URL)
        name = name.replace("\n", "").replace("\t", "").replace("\r", "")
    return name.strip().rstrip(";").lower()  # (`x.jpg;` is `x.jpg` to urljoin and to the key)


def _names_picture(value: str | None) -> bool:
    """Whether an attribute's value names an image file, as a URL or among a JSON value's (Smash
    Balloon's `data-img-src-set`): the fallback strip drops it."""
    return names_image_file(value) or (value is not None and value.lstrip()[:1] == "{" and bool(json_urls(value)))


def _drop_enlargement(node: LexborNode, named: dict[int, list[str]]) -> None:
    """The attributes by which the link a click on a removed picture opens names its enlargement
    (`enlarging_link`: the href, a lightbox's `data-pswp-src`, `data-full`…): the full-size copy goes too.
    `named`: the links read so far (a link is read and stripped once, however many removed pictures it
    wraps: each read all of a hostile link's thousands of attributes again)."""
    fresh = len(named)
    anchor = enlarging_link(node, named)
    if anchor is not None and len(named) > fresh:  # (read just now: not stripped yet)
        for name, _url in enlargement_attrs(anchor.attributes):
            del anchor.attrs[name]


def _replace_text(node: LexborNode, text: str) -> None:
    """`node`'s text (all its text children, which comments may split) as one `text` (called for
    a text that changed, so there is one)."""
    children = list(node.iter(include_text=True))
    for child in children[1:]:
        child.decompose()
    if children:
        children[0].replace_with(text)


# Where a URL ends inside an attribute or a text: white space, quotes, brackets, list separators
# and markup (`srcset="a.jpg 1x, b.jpg 2x"`, `[a.jpg, (large)]`, `0; url=a.jpg`, `<img src=a.jpg>`),
# bLazy's retina pair (`a.jpg|a@2x.jpg`), curly quotes and guillemets (a text's, never a URL's); a URL-shaped
# word is what lies between them (a backtick: a template literal's)
_QUOTES: Final = "\u201c\u201d\u2018\u2019\u00ab\u00bb"
_URL_WORD = re.compile(r"[^\s,;'\"`()\[\]<>|" + _QUOTES + "]+")
# The same words read across commas and parentheses, which a resizing CDN writes in its URLs (Cloudinary's
# `/upload/w_400,c_fill/anna.jpg`, Cloudflare's `/cdn-cgi/image/width=400,quality=75/…`, Thumbor's
# `filters:quality(80)`): cut there, no word was the removed URL, which stayed in scripts, comments and texts
# (found in review). Only the words holding one are read again (`_wide_word_without`); possessive, as a pattern
# requiring one inside (`[^…]*[,()][^…]*`) read a long word without one again from each of its characters
_WIDE_URL_WORD = re.compile(r"[^\s;'\"`\[\]<>|" + _QUOTES + "]++")
_HTML_SPACE = re.compile(r"[ \t\n\f\r]")
# A declaration's colon right before a path (`--photo:/p/anna.jpg`, not `https://`): its value parted from its name
_DECLARED_PATH = re.compile(r":(?=/(?!/))")
# A JavaScript or JSON string literal in a script's text, in one linear pass: its closing quote is
# optional, so an unclosed one (a quote in a regex literal, a comment) ends at the line's end and the
# scan goes on from there (required, every escaped quote after it began a new scan to the end: 20,000
# `\\"` took 38 s). A template literal (backticks) may span lines: an unclosed one runs to the text's end,
# and what it hid is swept for removed URLs after (review: `` `/p/jane.jpg` `` was never read)
_JS_STRING = re.compile(r'"(?:[^"\\\n]++|\\.?)*+(")?|\'(?:[^\'\\\n]++|\\.?)*+(\')?|`(?:[^`\\]++|\\.?)*+(`)?', re.S)


def _names_removed(value: str, hit: Callable[[str], bool], depth: int = 0) -> bool:
    """Does an attribute's value or a text name a removed picture: as a whole, as one of its
    srcset candidates, or as one of the URL-shaped words it is made of (`name=URL` too)? Its escapes
    are read up to `MAX_ESCAPE_LEVELS` deep (JSON in JSON: `\\\\\\/`); each read took one backslash of a
    run of thousands (`\\\\…\\/`), and ran out of stack."""
    decoded = _escapes_read(value) if depth < MAX_ESCAPE_LEVELS else value
    if decoded != value and _names_removed(decoded, hit, depth + 1):
        # (JSON in an attribute: `\/p\/jane.jpg` is `/p/jane.jpg` to a JSON parser, `//p/jane.jpg` to a URL's;
        # decoded first: `\u002Fp\u002Fjane\u002Ejpg` holds no `/` or `.` of its own)
        return True
    if "/" not in value and "." not in value:
        return False  # (a word or a number is no picture's URL)
    if hit(value):
        return True
    if any(_word_without(word, hit) != word for word in _URL_WORD.findall(value) if "/" in word or "." in word):
        return True
    if any(_wide_word_without(word, hit) != word for word in _WIDE_URL_WORD.findall(value)):
        return True
    # (a srcset of one candidate too, `/u/Jane\u00a0Doe.jpg 2x`: the words above are cut at a no-break space, HTML's srcset is not)
    return ("," in value or _HTML_SPACE.search(value) is not None) and any(hit(u) for u in parse_srcset(value))


def _sweep(tree: LexborHTMLParser, hit: Callable[[str], bool], file_names: set[str],
           documents_naming: Callable[[list[str], int], set[int]], redact_fragment: Callable[[str], str],
           template_mark: str) -> list[str]:
    """What the passes by element and attribute name leave: any other attribute naming a removed
    picture is dropped (a browser loads an <iframe src>, a <td background>, an SVG <feImage>; a
    lightbox script its `data-zoom-image`; a crawler follows an <area href>); a script's string
    literal naming one is emptied (a page's JSON state, `img.src = "…"`: the script stays valid);
    a comment naming one goes; a <template> or an <iframe srcdoc> naming one is redacted as a page of its own (a
    declarative shadow root is shown: emptied whole, its bio and links went with the picture, found
    in review), or emptied where that fails (it stays, with its attributes). Such a template is
    left as a mark in the tree (a tree holds no second document's template content): the marks'
    markup, returned, goes in after the copy is written (`template_mark` and its index; written as
    XML, where no HTML can go in after, "" empties it instead).
    A style attribute loses only the URLs naming one (its other declarations stay). Only the texts holding a
    removed picture's file name are looked at, when the pictures are few enough to search for."""
    templates: list[str] = []
    left: re.Pattern[str] | None = None  # the removed file names still in the page (None: not searched for)
    if "" not in file_names and len(file_names) <= _NAMES_SEARCHED:
        page = _as_names_read(tree.html or "")  # (the serialisation writes `&` `<` `>` `"` and U+00A0 as references)
        names = [name for name in file_names if name in page]
        if not names:
            return templates  # (the common case: the passes above took every reference)
        left = re.compile("|".join(map(re.escape, names)))

    def may(text: str) -> bool:
        if left is None:
            return True
        low = text.lower()
        low = unquote(low) if "%" in low else low
        return left.search(_escapes_read(low).lower()) is not None

    comments: list[LexborNode] = []
    texts: list[LexborNode] = []
    named = {name for name in file_names if name}
    # (a removed URL without a file name: a text's words are resolved only when they name another removed
    # file, every word of every text resolved took seconds; that one URL is left to the passes by element)
    text_hit = hit if "" not in file_names else (lambda src: _file_name(src) in named and hit(src))
    srcdocs: list[LexborNode] = []  # (read together, after)
    for node in _document_nodes(tree):
        tag = node.tag
        if tag == "-comment" or tag is None:  # (None: a processing instruction, `<?php … ?>`, as lexbor keeps one)
            comments.append(node)
            continue
        if tag == "-text":
            # a text naming one (a raw-text element's markup, `<noembed><img src=…>`, a <title>, a <pre>):
            # a crawler's URL pattern finds it there (found in review). Scripts' and sheets' are read below
            parent = node.parent
            if named and (parent is None or parent.tag not in ("script", "style")):
                texts.append(node)
            continue
        if tag.startswith("-"):
            continue
        attrs = node.attributes
        for name in [n for n, v in attrs.items() if v and may(v)]:
            if name == "style":  # (its url()s are the CSS pass's; a custom property's quoted URL, `--bg: '…'`,
                style = _DECLARED_PATH.sub(": ", attrs[name] or "")  # goes, the other declarations stay: found in
                kept = _without_urls(style, hit)  # review; `--x:/p/a.jpg` too)
                if kept != style:
                    node.attrs[name] = kept
            elif name == "srcdoc" and _names_removed(attrs[name] or "", hit):
                _redact_srcdoc(node, hit, redact_fragment)
            elif name == "srcdoc":  # (a document: whether its own <base> makes it name one, read below)
                srcdocs.append(node)
            elif _names_removed(attrs[name] or "", hit):
                del node.attrs[name]
    # (the first MAX_SRCDOCS, as the analysis reads them: it reads no more, and says so)
    for i in documents_naming([f'<iframe srcdoc="{escape(node.attributes.get("srcdoc") or "")}"></iframe>'
                               for node in srcdocs[:MAX_SRCDOCS]], MAX_SRCDOCS):
        _redact_srcdoc(srcdocs[i], hit, redact_fragment)
    for node in comments:
        text = node.html or ""
        text = text[4:-3] if node.tag == "-comment" else text
        if may(text) and _names_removed(text, hit):
            # (replaced, not decomposed: decomposing one of 40,000 comments before <html> walked its siblings,
            # 9 s for a 1 MB page; found in review)
            node.replace_with("")
    for node in texts:
        text = node.text_content or ""
        if may(text) and _names_removed(text, text_hit):
            node.replace_with(_without_urls(text, text_hit))
    for node in tree.css("style"):  # (a comment's URL, a `content:` string's: the url()s were the CSS pass's)
        css = node.text(deep=False)
        if may(css) and _names_removed(css, hit):
            _replace_text(node, _without_urls(css, hit))
    for node in tree.css("script"):
        if "ld+json" in (node.attributes.get("type") or "").lower():
            continue  # (JSON-LD: cleaned entry by entry, below)
        code = node.text(deep=True)
        if not may(code):
            continue
        cleaned = _JS_STRING.sub(lambda m: _emptied(m, hit, file_names), code)
        if may(cleaned) and _names_removed(cleaned, hit):  # (a quote in a regex literal paired strings wrongly)
            cleaned = _without_urls(cleaned, hit)
        if cleaned != code:
            _replace_text(node, cleaned)
    naming: list[LexborNode] = []
    unsure: list[tuple[LexborNode, str]] = []
    for node in tree.css("template"):  # (its content is no part of the tree the passes above walk)
        markup = node.html or ""
        if may(markup):
            if _names_removed(markup, hit):
                naming.append(node)
            else:
                unsure.append((node, markup))
    naming += [unsure[i][0] for i in documents_naming([markup for _, markup in unsure], len(unsure))]
    for node in naming:
        markup = node.html or ""  # (`<template …>content</template>`: its attributes' `>` written `&gt;`)
        start, end = markup.find(">") + 1, markup.rfind("</template")
        try:
            content = redact_fragment(markup[start:end]) if 0 < start <= end else ""
        except Exception as exc:  # noqa: BLE001 - emptied instead: nothing of it is kept
            log.debug("scrapeguard: template not redacted (%s); emptied", exc)
            content = ""
        if template_mark:
            templates.append(markup[:start] + content + "</template>" if start > 0 else "")
            node.replace_with(f"{template_mark}{len(templates) - 1}\ue000")
            continue
        empty = LexborHTMLParser("<template></template>").css_first("template")
        if empty is None:
            node.decompose()
            continue
        for name, value in node.attributes.items():
            empty.attrs[name] = value or ""
        node.replace_with(empty)
    return templates


def _drop_data_documents(tree: LexborHTMLParser, hit: Callable[[str], bool], remove: set[str]) -> None:
    """A frame's `data:` document naming a removed picture, or embedding one (a removed `data:` name's sha256, as
    the guard's `inline_name` gives it), loses its source, as an <iframe srcdoc> would (its portrait was kept in
    `data:text/html;base64,…`, the words of the page hold no name of it: review): read as the analysis reads it
    (without a base: only its absolute URLs load), the first MAX_SRCDOCS as it does. One that cannot be read is
    left to the analysis's limit (an incomplete reading: on_error decides). The digests are gathered at the first
    such document only: gathered for every <noscript> fragment redacted, 1,500 portraits cost time squared (CI)."""
    read = 0
    removed_digests: set[str] | None = None
    for node in tree.css("iframe[src], frame[src], object[data], embed[src]"):
        source = EMBEDDER_SOURCE.get(node.tag or "", "src")
        if node.tag == "iframe" and node.attributes.get("srcdoc"):
            continue  # (its srcdoc is shown: `_sweep`'s)
        try:
            doc = data_document(node.attributes.get(source))
        except ValueError:
            continue
        if doc is None:
            continue
        if read >= MAX_SRCDOCS:
            return
        read += 1
        if removed_digests is None:
            removed_digests = {name.rpartition(";sha256=")[2] for name in remove
                               if name.startswith("data:") and ";sha256=" in name}
        analysis = analyse_page(doc, "", hints=False)
        if analysis.error is not None or any(hit(ref.url) for ref in analysis.images) or (
                removed_digests and _embeds_removed([doc, *analysis.frame_documents], removed_digests)):
            del node.attrs[source]


def _embeds_removed(documents: list[bytes], removed_digests: set[str]) -> bool:
    """Whether these documents embed a removed picture, searched as the guard searched them (`find_inline_images`);
    one that cannot be searched counts as embedding one (the guard could not have judged its pictures either)."""
    for document in documents:
        try:
            if any(found.digest in removed_digests
                   for found in find_inline_images(document, encoding=page_encoding(document))):
                return True
        except ValueError:
            return True
    return False


def _document_nodes(tree: LexborHTMLParser) -> Iterator[LexborNode]:
    """Every node of the document: the <html> element's tree, and the comments and processing
    instructions the parser puts beside it (before the doctype, after `</html>`: a cache plugin's
    `<!-- lazy: /p/anna.jpg -->` there was handed on, found in review)."""
    root = tree.root
    if root is None:
        return
    before: list[LexborNode] = []
    node = root.prev
    while node is not None:
        before.append(node)
        node = node.prev
    yield from reversed(before)
    yield from root.traverse(include_text=True)
    node = root.next
    while node is not None:
        yield node
        node = node.next


def _redact_srcdoc(node: LexborNode, hit: Callable[[str], bool], redact_fragment: Callable[[str], str]) -> None:
    """An <iframe srcdoc> naming a removed picture: its document redacted as a page of its own, or the
    attribute dropped where that fails or still names one."""
    try:
        redacted = redact_fragment(node.attributes.get("srcdoc") or "")
    except Exception as exc:  # noqa: BLE001
        log.debug("scrapeguard: srcdoc not redacted (%s); dropped", exc)
        redacted = None
    if redacted is None or _names_removed(unescape(redacted) if "&" in redacted else redacted, hit):
        del node.attrs["srcdoc"]
    else:
        node.attrs["srcdoc"] = redacted


def _names_in_query(token: str, hit: Callable[[str], bool]) -> bool:
    """Does a URL's query carry a removed picture's URL, percent-encoded or not (a share button's
    `pinterest.com/pin/create/button/?url=…&media=https%3A%2F%2Fx.org%2Fp%2Fanna.jpg`: a crawler
    decoding its links finds the portrait; found in review)?"""
    if "%" in token or "+" in token:
        token = unquote_plus(token)
    # (an absolute URL among a value's words: `next=/p/jane.jpg`, a login's return path, fetches no picture)
    return any(hit(word) for part in _QUERY_PARTS.split(token) if "=" in part
               for word in _URL_WORD.findall(part.split("=", 1)[1]) if word.startswith(("http://", "https://", "//")))


_QUERY_PARTS: Final = re.compile(r"[?&;#]")
_TRAILING: Final = ".:!?\u2026"  # (what ends a sentence after a URL, which a linkifier leaves out of it)
_JS_ESCAPED: Final = re.compile(r"\\/|\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}")


def _escapes_read(value: str) -> str:
    """JSON's and JavaScript's escaped characters as a parser reads them (`\\/`, `\\u002F`, `\\x2E`, and a
    name's letters: Python's and PHP's encoders write `zo\\u00eb-m\\u00fcller.jpg`, which was never looked
    at, found in review); the value itself when it holds none."""
    if "\\" not in value:
        return value
    return _JS_ESCAPED.sub(lambda m: "/" if m.group(0) == "\\/" else chr(int(m.group(0)[2:], 16)), value)


def _without_urls(text: str, hit: Callable[[str], bool]) -> str:
    """`text` without its URL-shaped words that name a removed picture (`_word_without`): the rest of
    a script, or of a JSON-LD description holding markup, is kept."""
    text = _WIDE_URL_WORD.sub(lambda m: _wide_word_without(m.group(0), hit), text)
    return _URL_WORD.sub(lambda m: _word_without(m.group(0), hit), text)


def _wide_word_without(word: str, hit: Callable[[str], bool]) -> str:
    """A word read across commas and parentheses (`_WIDE_URL_WORD`) as `_word_without` leaves it,
    the parentheses, commas and stops of the text around a URL (`(see URL).`) kept out of it; one
    holding none of them is read by `_URL_WORD` as it is."""
    if "," not in word and "(" not in word and ")" not in word:
        return word
    core = word.lstrip("(").rstrip("),;" + _TRAILING)
    if "/" not in core and "." not in core:
        return word
    at = word.index(core) if core else 0
    kept = _word_without(core, hit, queries=False)
    return word if kept == core else word[:at] + kept + word[at + len(core):]


def _word_without(word: str, hit: Callable[[str], bool], queries: bool = True) -> str:
    """A URL-shaped word (`_URL_WORD`) as it stays: as it is when it names no removed picture, else
    without what names one (of `src=URL` and `0; url=URL` the `src=` stays; before a full stop, the
    full stop: a linkifier leaves it out; JSON's `\\/` read as `/`; one carrying one in its query, a
    share button's link, goes whole unless `queries` is false: a word read across commas and parentheses
    may run over several rules of a sheet, `url(/share?media=…)}.x{…}`, which went with it, found in review;
    a query's `?next=/p/jane.jpg` fetches no picture and stays)."""
    decoded = _escapes_read(word)
    if hit(word) or (decoded != word and hit(decoded)):
        return ""
    trimmed = word.rstrip(_TRAILING)
    if trimmed != word and hit(trimmed):
        return word[len(trimmed):]
    name, eq, rest = word.partition("=")
    if eq and "?" not in name and hit(rest):
        return name + eq
    return "" if queries and eq and _names_in_query(word, hit) else word


def _emptied(m: re.Match[str], hit: Callable[[str], bool], file_names: Collection[str] = ()) -> str:
    """A script's string literal (a `_JS_STRING` match), emptied (its quotes kept) when it names a
    removed picture, or is a removed picture's file name alone (`dir + "jane-doe.jpg"`, a gallery's
    `{"base": "/p/", "files": [...]}`: its folder elsewhere, a review found it kept); an unclosed one
    stays as it is."""
    literal = m.group(0)
    if m.group(1) is None and m.group(2) is None and m.group(3) is None:
        return literal
    value = _unescape(literal[1:-1])
    alone = "/" not in value and "." in value and value.strip().lower() in file_names
    return literal[0] * 2 if alone or _names_removed(value, hit) else literal


_RESOLVED_KEPT = 100_000  # words resolved remembered in one redaction (each a few hundred bytes)
_NAMES_SEARCHED = 64  # removed pictures whose file names are searched for in the page before the sweep
_TAGS_READ_TOGETHER = 1000  # tags of templates or srcdocs analysed together (well under page.MAX_REFS)


def _redact_jsonld(raw: str, hit: Callable[[str], bool], spellings: _Spellings) -> str | None:
    """The JSON-LD text without the removed image URLs, or None when nothing changed. Read as
    the analysis reads it (`parse_jsonld`); a block not even that reads, which names a removed
    URL in any spelling, is dropped whole (returns "{}")."""
    try:
        data = parse_jsonld(raw)
    except (ValueError, RecursionError):
        return None if not _mentions(raw, hit, spellings) else "{}"
    changed = [False]

    def clean(v: object, depth: int = 0) -> object:
        if depth > 40:  # (deeper, read as text: walked no further, a removed URL in it handed on, found in review)
            if _mentions(json.dumps(v), hit, spellings):
                changed[0] = True
                return None
            return v
        if isinstance(v, str):
            if hit(v):
                changed[0] = True
                return None
            if ("/" in v or "." in v) and _names_removed(v, hit):  # (a description's markup, a caption's link)
                changed[0] = True
                return _without_urls(v, hit)
            return v
        if isinstance(v, list):
            items = [clean(x, depth + 1) for x in v]
            return [x for x in items if x is not None]
        if isinstance(v, dict):
            if any(isinstance(v.get(k), str) and hit(v[k]) for k in ("url", "contentUrl")):
                changed[0] = True
                return None
            out = {}
            for k, x in v.items():
                c = clean(x, depth + 1)
                if c is not None:
                    out[k] = c
            return out
        return v

    result = clean(data)
    if not changed[0]:
        return None
    # (escaped: written back in a legacy encoding, a character it cannot hold became `&#321;`, which a
    # script's text does not decode: "\u0141ukasz" came back as "&#321;ukasz", found in review)
    return json.dumps(result, ensure_ascii=True).replace("</", "<\\/")


# A JSON string, or an unclosed one to the end of the text (group 2 empty): read whole, so each quote is read once
# (tried again at every escaped quote inside an unclosed one, 80 kB of `\\"` took 24 s to redact)
_JSON_STRING = re.compile(r'"((?:[^"\\]++|\\.)*+)("?)', re.S)
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\(.)", re.S)


def _unescape(text: str) -> str:
    """JSON and JavaScript string escapes undone (`\\/`, `\\u002F` and `\\x2F` as `/`), leniently."""
    if "\\" not in text:
        return text
    return _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if m.group(1) or m.group(2)
                            else m.group(3), text)


class _Spellings:
    """The removed URLs' paths and file names (at least 4 characters), worked out once per page
    and only when an unparsable JSON-LD block needs them."""

    def __init__(self, remove: set[str]) -> None:
        self._remove = remove
        self._sets: tuple[frozenset[str], frozenset[str]] | None = None

    def sets(self) -> tuple[frozenset[str], frozenset[str]]:
        if self._sets is None:
            paths: set[str] = set()
            names: set[str] = set()
            for url in self._remove:
                path = urlsplit(url).path
                if len(path) > 1:
                    paths.update((path, unquote(path)))
                name = unquote(path.rsplit("/", 1)[-1])
                if len(name) >= 4:
                    names.add(name)
            self._sets = frozenset(paths), frozenset(names)
        return self._sets


# A run of characters no URL of an unparsable block is cut at (quotes, brackets, separators),
# holding a "/" or a "." as a path or a file name does (the regex passes over words and numbers).
_TOKEN = re.compile(r"[^\s\"'<>\\,;(){}\[\]/.]*+[/.][^\s\"'<>\\,;(){}\[\]]*+")


def _mentions(raw: str, hit: Callable[[str], bool], spellings: _Spellings) -> bool:
    """Does unparsable JSON-LD name a removed URL, in any spelling: a string (its JSON escapes
    undone, `\\/` as `/`) that resolves to one, relative or absolute, or a token of the text
    ending in a removed URL's path or being its file name? (Tokens looked up in sets: one pass
    over the block, however many pictures are removed; a substring search per removed URL took
    15 s over 40 blocks and 2000 pictures.)"""
    for m in _JSON_STRING.finditer(raw):
        value = m.group(1)
        # (a word is no picture's URL; an unclosed string none a reader takes)
        if m.group(2) and ("/" in value or "." in value) and hit(_unescape(value).strip()):
            return True
    paths, names = spellings.sets()
    longest = max(map(len, paths), default=0)
    for token in _TOKEN.findall(_unescape(raw)):
        bare = token.split("?", 1)[0].split("#", 1)[0]
        if bare.rsplit("/", 1)[-1] in names:
            return True
        # (only the ends as long as a removed path at most: every slash's end of a 200 kB token of slashes took 6 s)
        slash = bare.find("/", max(0, len(bare) - longest))
        while slash >= 0:
            if bare[slash:] in paths:
                return True
            slash = bare.find("/", slash + 1)
    return False


__all__ = ["redact_html"]
