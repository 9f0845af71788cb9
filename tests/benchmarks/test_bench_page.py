"""The page benchmark's F1 figures on the real pages: a label set that is not here is no crash."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import real_pages  # noqa: E402
from benchmarks.bench_page import _real_f1, describe, explicit_markup_figure  # noqa: E402
from benchmarks.explicit_markup import LabelledPage, Verdict, nearest_pool  # noqa: E402


def test_the_real_page_figures_skip_a_label_set_whose_file_is_missing(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """With SCRAPEGUARD_BENCH_HTML_DIR set in an sdist (no benchmarks/data), reading the labels raised
    FileNotFoundError and the whole page benchmark became one error row."""
    (tmp_path / "p.html").write_text('<img src="/news/portrait.jpg" alt="Portrait of Jane">', encoding="utf-8")
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps({"p.html": {"https://www.example.com/news/portrait.jpg": {
        "personal": True, "unsure": False, "why": "portrait"}}}), encoding="utf-8")
    monkeypatch.setattr(real_pages, "LABEL_SETS", {"absent": tmp_path / "absent.json", "here": labels})
    monkeypatch.setenv("SCRAPEGUARD_BENCH_HTML_DIR", str(tmp_path))
    found = _real_f1()
    assert list(found) == ["here"] and found["here"]["pages"] == 1


def test_the_explicit_markup_estimate_is_printed_with_the_detectors_and_the_baselines_scores() -> None:
    """`python -m benchmarks.bench_page` crashed with KeyError 'precision' on this row, after all its measuring:
    its precision and recall are the detector's and the baseline's, not the row's."""
    both_right = Verdict(baseline=True, detector=True, gold=True)
    baseline_false_alarm = Verdict(baseline=True, detector=False, gold=False)
    baseline_miss = Verdict(baseline=False, detector=True, gold=True)
    pages = [LabelledPage("a", (both_right, baseline_false_alarm)), LabelledPage("b", (baseline_miss, both_right))]
    explicit = nearest_pool(pages)
    assert explicit is not None
    assert describe(explicit_markup_figure(explicit)) == [
        "page.personal_f1.explicit_markup: F1 1.0 P 1.0 R 1.0 (2 pages whose keyword baseline F1 is >= 0.3, "
        "4 references; baseline F1 0.6667)"]
