"""Remove chosen image references from a page's HTML (the `redact` action for pages).

Kept apart from `detect.page` (the per-page analysis, which is compiled when a compiler is
available): redaction runs only on the pages a policy redacts, and stays plain Python.
"""

from __future__ import annotations

import json
import logging
import re

from selectolax.lexbor import LexborHTMLParser

from scrapeguard.detect.page import (
    _CSS_URL,
    _OG_IMAGE,
    BACKGROUND_ATTRS,
    _absolute,
    _decode,
    _element_srcs,
    background_srcs,
    document_base,
    full_size_anchor,
    svg_image_as_img,
)
from scrapeguard.resource import BYTE_ORDER_MARKS, text_codec

log = logging.getLogger("scrapeguard")


def redact_html(html: bytes, remove_urls: set[str], base_url: str, charset: str | None = None) -> bytes:
    """The page without references to `remove_urls` (absolute URLs as `find_images` reports
    them): <img>/<amp-img> (a matching candidate removes the element, and the href of a link
    around it to the full-size image file), SVG <image>, <picture> sources,
    og/twitter image metas, JSON-LD image entries, url(...) in style attributes and <style>
    blocks, lazy-loaded backgrounds (`data-bg` …) and video posters.

    `charset`: the one the HTTP Content-Type declares, which the page is read in and written
    back in (a byte-order mark still wins, as in a browser), so the body handed on matches
    the header that goes with it.

    Never raises. If the page cannot be processed, the fallback removes EVERY image
    reference with a regex pass (safe: nothing personal slips through), and if even that
    fails the result is an empty body."""
    if not remove_urls:
        return html if isinstance(html, bytes) else str(html).encode("utf-8", "replace")
    try:
        return _redact(html, remove_urls, base_url or "", charset)
    except Exception as exc:  # noqa: BLE001
        log.warning("scrapeguard: redaction failed for %s (%s); stripping all images", str(base_url)[:200], exc)
        try:
            return _strip_all_images(html)
        except Exception:  # noqa: BLE001
            return b""


_IMG_TAGS = re.compile(
    rb"<(?:img|amp-img|source|image)\b[^>]*>|<meta\b[^>]*(?:og:image|twitter:image)[^>]*>"
    rb"|<script\b[^>]*ld\+json[^>]*>.*?</script>|url\([^)]*\)"
    rb"""|\s(?:data-bg|data-bg-src|data-background-image|data-background|data-img-url|poster)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""",
    re.I | re.S,
)


def _strip_all_images(html: bytes | str) -> bytes:
    data = html if isinstance(html, bytes) else str(html).encode("utf-8", "replace")
    return _IMG_TAGS.sub(b"", data)


def _redact(html: bytes | str, remove: set[str], base_url: str, charset: str | None = None) -> bytes:
    declared = text_codec(charset)
    if declared and isinstance(html, (bytes, bytearray)) and not html.startswith(BYTE_ORDER_MARKS):
        text, enc = bytes(html).decode(declared, "replace"), declared
    else:
        text, enc = _decode(html if isinstance(html, (bytes, str)) else bytes(html))
    tree = LexborHTMLParser(text.replace("\x00", "\ufffd"))
    base = base_url
    for node in tree.css("base"):  # (not `base[href]`: lexbor matches a foreign `xlink:href` there)
        given = document_base(base_url, node.attributes)
        if given is not None:
            base = given
            break

    def hit(src: str) -> bool:
        u = _absolute(base, src)
        return u is not None and u in remove

    for node in tree.css("img, amp-img"):
        srcs = _element_srcs(node.attributes)
        parent = node.parent
        if any(hit(s) for s in srcs):
            anchor = full_size_anchor(node)  # the enlargement a click on it would open
            if anchor is not None:
                del anchor.attrs["href"]
            if parent is not None and parent.tag == "picture":
                parent.decompose()
            else:
                node.decompose()
    for node in tree.css("image"):  # SVG's (the parser has made HTML's `<image>` an `<img>`)
        if any(hit(s) for s in _element_srcs(svg_image_as_img(node.attributes))):
            node.decompose()
    for node in tree.css("picture source, source[srcset]"):
        if any(hit(s) for s in _element_srcs(node.attributes)):
            node.decompose()
    for node in tree.css("meta"):
        a = node.attributes
        key = (a.get("property") or a.get("name") or "").strip().lower()
        if key in _OG_IMAGE and hit(a.get("content") or ""):
            node.decompose()
    for node in tree.css('[style*="url(" i]'):
        style = node.attributes.get("style") or ""
        new = _CSS_URL.sub(lambda m: "none" if hit(m.group(1) or m.group(2) or m.group(3) or "") else m.group(0), style)
        if new != style:
            node.attrs["style"] = new
    for node in tree.css(", ".join(f"[{name}]" for name in BACKGROUND_ATTRS)):
        if node.tag in ("img", "amp-img", "image"):
            continue  # (read, and removed whole, with their sources above)
        for name in {name for name, url in background_srcs(node.attributes) if hit(url)}:
            del node.attrs[name]
    for node in tree.css("style"):
        sheet = node.child
        if sheet is None or not sheet.is_text_node:
            continue
        css = sheet.text_content or ""
        new = _CSS_URL.sub(lambda m: "none" if hit(m.group(1) or m.group(2) or m.group(3) or "") else m.group(0), css)
        if new != css:
            sheet.replace_with(new)
    for node in tree.css('script[type*="ld+json" i]'):
        raw = node.text(deep=True)
        cleaned = _redact_jsonld(raw, hit)
        if cleaned is not None:
            repl = LexborHTMLParser(f'<script type="application/ld+json">{cleaned}</script>').css_first("script")
            if repl is not None:
                node.replace_with(repl)
            else:
                node.decompose()
    out = tree.html or ""
    if enc.startswith("utf-16") and not declared:
        enc = "utf-16"  # with a byte-order mark, so a page known by its BOM stays known by it
    try:
        return out.encode(enc, "xmlcharrefreplace")
    except LookupError:
        return out.encode("utf-8", "xmlcharrefreplace")



def _redact_jsonld(raw: str, hit: object) -> str | None:
    """The JSON-LD text without the removed image URLs, or None when nothing changed.
    Unparsable JSON-LD that mentions a removed URL is dropped whole (returns "{}")."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None if not _mentions(raw, hit) else "{}"
    changed = [False]

    def clean(v: object, depth: int = 0) -> object:
        if depth > 40:
            return v
        if isinstance(v, str):
            if hit(v):  # type: ignore[operator]
                changed[0] = True
                return None
            return v
        if isinstance(v, list):
            items = [clean(x, depth + 1) for x in v]
            return [x for x in items if x is not None]
        if isinstance(v, dict):
            if any(isinstance(v.get(k), str) and hit(v[k]) for k in ("url", "contentUrl")):  # type: ignore[operator]
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
    return json.dumps(result, ensure_ascii=False).replace("</", "<\\/")


def _mentions(raw: str, hit: object) -> bool:
    return any(hit(m) for m in re.findall(r'"(https?://[^"\s]+|/[^"\s]+)"', raw))  # type: ignore[operator]


__all__ = ["redact_html"]
