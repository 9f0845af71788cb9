"""Every image a page references, with its context — from one parse of the page.

(First cut: the detection issue extends the context scoring.)
"""

from __future__ import annotations

from urllib.parse import urljoin

import lxml.html

from scrapeguard.detect.base import ImageRef, PageAnalysis
from scrapeguard.jurisdiction import PageHints


def analyse_page(html: str | bytes, base_url: str) -> PageAnalysis:
    if isinstance(html, str):
        html = html.encode("utf-8", errors="replace")
    if not html.strip():
        return PageAnalysis()
    try:
        root = lxml.html.document_fromstring(html)
    except Exception as exc:  # noqa: BLE001 - lxml on hostile input
        return PageAnalysis(error=f"unparsable HTML: {exc}")
    hints = PageHints(html_lang=root.get("lang"))
    meta: list[tuple[str, str]] = []
    images: list[ImageRef] = []
    for el in root.iter("meta", "img", "link"):
        if el.tag == "meta":
            name = (el.get("name") or "").strip().lower()
            if name:
                meta.append((name, el.get("content") or ""))
        elif el.tag == "link" and el.get("hreflang"):
            hints.hreflangs.append(el.get("hreflang") or "")
        elif el.tag == "img" and el.get("src"):
            src = el.get("src") or ""
            alt = (el.get("alt") or "").lower()
            personal = any(w in alt.split() for w in ("portrait", "photo", "profile"))
            images.append(ImageRef(src=src, url=urljoin(base_url, src), kind="img", personal=personal,
                                   score=0.9 if personal else 0.1, reasons=["alt:person"] if personal else []))
    label = "person-centric" if any(i.personal for i in images) else "no-people"
    return PageAnalysis(images=images, meta=meta, hints=hints, label=label)


def find_images(html: str | bytes, base_url: str) -> list[ImageRef]:
    """Every image reference on a page with its personal-context score."""
    return analyse_page(html, base_url).images


def redact_html(html: bytes, remove_urls: set[str], base_url: str) -> bytes:
    """The page without the references to `remove_urls` (personal images)."""
    root = lxml.html.document_fromstring(html)
    for el in list(root.iter("img")):
        if urljoin(base_url, el.get("src") or "") in remove_urls:
            el.drop_tree()
    return lxml.html.tostring(root, encoding="utf-8", doctype="<!DOCTYPE html>")
