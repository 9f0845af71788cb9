"""The reference-completeness sets (tests/data/refsets): 28 pages written by reviewers who never
saw the detector, in the markup real libraries output (a: WordPress page builders, sliders,
galleries, shops, lazy-load plugins, Shopify, Squarespace, Wix, Webflow; b: news sites, AMP,
Next.js, Gatsby, Nuxt, Drupal, TYPO3, Joomla, Ghost, Blogger, Discourse, standalone loaders and
lightboxes), every picture URL labelled "shown" (a browser running the page's scripts shows it)
or "enlargement" (opened by a click). A picture the analysis does not find is a silent allow, so
the found counts may only grow. What is still not found (session 32): site icons (by design),
hydration JSON (`__NEXT_DATA__`, `__NUXT_DATA__`), Wix media ids, URL templates, JSON configs
of sliders and WooCommerce variations, and a few rarer loaders' attributes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scrapeguard.detect import analyse_page

SETS = Path(__file__).resolve().parent.parent / "data" / "refsets"


def _measure(name: str) -> dict[str, int]:
    labels = json.loads((SETS / name / "labels.json").read_text(encoding="utf-8"))
    counts = {"shown": 0, "shown_found": 0, "enlargement": 0, "enlargement_found": 0, "unlabelled": 0}
    for page, entry in labels.items():
        analysis = analyse_page((SETS / name / page).read_bytes(), entry["base_url"])
        found = {ref.url for ref in analysis.images}
        noted = {big for big, _small in analysis.full_size}
        for url, label in entry["images"].items():
            kind = label["kind"]
            counts[kind] += 1
            counts[kind + "_found"] += url in found or (kind == "enlargement" and url in noted)
        counts["unlabelled"] += len(found - set(entry["images"]))
    return counts


# (found when these floors were set, against 1,605 and 733 shown at a341d93 (b's one more, an echo.js
# background, was only found as a rendition of an <img> it is no photo of); unlabelled: a
# Squarespace folder URL, two AMP mustache templates, two Medium image ids read as relative paths)
@pytest.mark.parametrize(("name", "shown", "enlargements", "unlabelled"), [
    ("a", 1640, 149, 1), ("b", 766, 57, 4),
])
def test_the_pictures_found_may_only_grow(name: str, shown: int, enlargements: int, unlabelled: int) -> None:
    got = _measure(name)
    assert got["shown_found"] >= shown, got
    assert got["enlargement_found"] >= enlargements, got
    assert got["unlabelled"] <= unlabelled, got
