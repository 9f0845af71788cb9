"""The labelled page set (tests/data/pages): precision / recall / F1 of `personal` stay above
floors set just under what was measured (all 0.95, tune 0.96, holdout 0.93, fresh 0.95 at
commit time; the fresh split measured 0.81 the one time it was clean, see devset.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.common import load_module

PAGES = Path(__file__).resolve().parent.parent / "data" / "pages"


def devset():  # type: ignore[no-untyped-def]
    return load_module(PAGES / "devset.py")


def test_the_set_is_what_the_brief_asks_for() -> None:
    labels = devset().load()
    langs = {page.split("_", 1)[0] for page in labels}
    assert langs == {"en", "de", "fr", "es", "it"}
    assert len(labels) >= 40
    n = sum(len(e["images"]) for e in labels.values())
    pos = sum(sum(e["images"].values()) for e in labels.values())
    assert n >= 400 and 0.2 < pos / n < 0.6
    assert {e["split"] for e in labels.values()} == {"tune", "holdout", "fresh"}
    for page in labels:
        assert (PAGES / page).is_file()


def test_labels_cover_every_reference_the_pages_make() -> None:
    from scrapeguard.detect import find_images

    for page, entry in devset().load().items():
        got = {r.url for r in find_images((PAGES / page).read_bytes(), entry["url"])}
        assert got == set(entry["images"]), page


@pytest.mark.parametrize(("split", "floor"), [("all", 0.92), ("tune", 0.92), ("holdout", 0.88), ("fresh", 0.88)])
def test_f1_floor(split: str, floor: float) -> None:
    result = devset().evaluate(split)
    assert result["f1"] >= floor, result
    assert result["precision"] >= 0.85, result
