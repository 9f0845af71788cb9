"""The held-out estimate pools the pages whose markup says as much as the held-out set's: each
page is kept or left whole by its own keyword-baseline F1, and the cut is the one whose pool the
baseline scores nearest 0.67."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.explicit_markup import CUTS, LabelledPage, Verdict, judge_page, nearest_pool, pool  # noqa: E402

BASE = "https://www.example.org/about/"


def _label(personal: bool) -> dict[str, object]:
    return {"personal": personal, "unsure": False, "why": "test"}


def _page(name: str, *verdicts: tuple[bool, bool, bool]) -> LabelledPage:
    return LabelledPage(name, tuple(Verdict(*v) for v in verdicts))


def test_each_reference_gets_the_baselines_and_the_detectors_verdict() -> None:
    html = (b'<html><body><img src="/img/team-photo.jpg" alt="Our team"><img src="/img/logo.png" alt="Acme">'
            b'<figure><img src="/img/jane-doe.jpg" alt="Jane Doe at the summit"></figure></body></html>')
    labels = {"https://www.example.org/img/team-photo.jpg": _label(True),
              "https://www.example.org/img/logo.png": _label(False),
              "https://www.example.org/img/jane-doe.jpg": _label(True),
              "https://www.example.org/img/not-on-the-page.jpg": _label(True)}
    page = judge_page("p", html, BASE, labels)
    verdicts = dict(zip(labels, page.verdicts))
    assert verdicts["https://www.example.org/img/team-photo.jpg"] == Verdict(True, True, True)
    assert verdicts["https://www.example.org/img/logo.png"] == Verdict(False, False, False)
    # the baseline knows no names: only the detector reads it as a person's photo
    assert verdicts["https://www.example.org/img/jane-doe.jpg"] == Verdict(False, True, True)
    # a labelled reference the detector does not report is its "not personal"
    assert verdicts["https://www.example.org/img/not-on-the-page.jpg"] == Verdict(False, False, True)


def test_a_page_is_pooled_whole_when_its_own_baseline_f1_reaches_the_cut() -> None:
    said = _page("said", (True, True, True), (False, False, False))  # baseline F1 1.0 here
    half = _page("half", (True, True, True), (False, True, True))  # 0.667
    silent = _page("silent", (False, True, True), (False, False, True))  # 0.0
    assert [p.baseline_f1 for p in (said, half, silent)] == [1.0, 0.6667, 0.0]
    high = pool([said, half, silent], 0.7)
    assert (high["pages"], high["references"]) == (1, 2) and high["detector"]["f1"] == 1.0
    low = pool([said, half, silent], 0.5)
    assert (low["pages"], low["references"]) == (2, 4)
    assert low["baseline"] == {"precision": 1.0, "recall": 0.6667, "f1": 0.8}
    assert low["detector"]["f1"] == 1.0


def test_the_cut_chosen_brings_the_pools_baseline_nearest_the_held_out_sets() -> None:
    pages = [_page("said", (True, True, True)),  # baseline F1 1.0
             _page("part", (True, True, True), (False, True, True), (False, True, True)),  # 0.5
             _page("more", (True, False, True), (True, True, True), (False, False, True))]  # 0.8
    chosen = nearest_pool(pages, 0.67)
    assert chosen is not None
    assert chosen["cut"] in CUTS and chosen["cut"] <= 0.5 and chosen["pages"] == 3
    assert chosen["baseline"]["f1"] == 0.7273  # 4 of 7 found, all right: nearer 0.67 than 0.8 or 1.0
    highest = nearest_pool(pages, 0.95)
    assert highest is not None and highest["pages"] == 2 and highest["baseline"]["f1"] == 0.8571  # "said", "more"


def test_no_page_the_baseline_reads_at_all_is_no_estimate() -> None:
    assert nearest_pool([_page("silent", (False, True, True))]) is None
    assert nearest_pool([]) is None


def test_the_real_pages_of_a_label_set_whose_file_is_missing_are_skipped(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """From an sdist (benchmarks/data left out) reading the label sets raised FileNotFoundError."""
    from benchmarks import explicit_markup, real_pages

    (tmp_path / "p.html").write_text('<img src="/news/team.jpg" alt="Our team">', encoding="utf-8")
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps({"p.html": {"https://www.example.com/news/team.jpg": _label(True)}}),
                      encoding="utf-8")
    monkeypatch.setattr(real_pages, "LABEL_SETS", {"not-shipped": tmp_path / "missing.json", "here": labels})
    pages = list(explicit_markup.real_pages(tmp_path))
    assert [p.name for p in pages] == ["real/here/p.html"] and pages[0].verdicts[0].gold
