"""Personal-image F1 on the labelled pages whose markup says about as much as the held-out set's.

The issue's held-out page set gives the keyword baseline (`real_pages.BASELINE_WORDS`: a person
word in an image's alt, title, class or file name) F1 0.67. Our blind sets give it 0.26 pooled and
the real sets 0.09-0.47: their markup says far less outright, so their F1 is no direct estimate of
the held-out figure. Here each labelled page (the blind sets always, the real sets when
$SCRAPEGUARD_BENCH_HTML_DIR holds their pages) gets the baseline's F1 on its own references; the
pages where it reaches a cut are pooled, the cut (one of `CUTS`) chosen so that the pool's baseline
F1 is nearest the held-out set's. The detector's F1 on that pool is an estimate for pages that
resemble the held-out set in how much their markup says, not a measurement on that set: the
pool's pages are, by the choice, the ones where words alone go furthest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.common import load_module
from benchmarks.real_pages import BASE, baseline_guesses, label_sets

BLIND = Path(__file__).resolve().parent.parent / "tests" / "data" / "blind"
HELD_OUT_BASELINE = 0.67  # the keyword baseline's F1 on the held-out pages
CUTS = tuple(round(0.3 + 0.05 * i, 2) for i in range(11))  # a page's own baseline F1: 0.3 … 0.8


@dataclass(frozen=True)
class Verdict:
    """One labelled reference: the baseline's guess, the detector's, and the label."""

    baseline: bool
    detector: bool
    gold: bool


@dataclass(frozen=True)
class LabelledPage:
    name: str
    verdicts: tuple[Verdict, ...]

    @property
    def baseline_f1(self) -> float:
        return _f1(self.verdicts, "baseline")["f1"]


def _f1(verdicts: Iterable[Verdict], who: str) -> dict[str, float]:
    tp = fp = fn = 0
    for v in verdicts:
        guess = v.baseline if who == "baseline" else v.detector
        tp += guess and v.gold
        fp += guess and not v.gold
        fn += v.gold and not guess
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def judge_page(name: str, html: bytes, base_url: str, labels: Mapping[str, Mapping[str, Any]]) -> LabelledPage:
    """The baseline's and the detector's verdict on each labelled reference of one page (a
    reference the detector does not report is its "not personal"; its first report counts)."""
    from scrapeguard.detect import find_images

    found: dict[str, bool] = {}
    for ref in find_images(html, base_url):
        found.setdefault(ref.url, ref.personal)
    guesses = baseline_guesses(html, base_url, labels)
    return LabelledPage(name, tuple(Verdict(guesses[url], found.get(url, False), bool(label["personal"]))
                                    for url, label in labels.items()))


def blind_pages() -> Iterator[LabelledPage]:
    blindset = load_module(BLIND / "blindset.py")
    for set_name in blindset.available():
        for page, entry in sorted(blindset.load(set_name).items()):
            html = (BLIND / set_name / page).read_bytes()
            yield judge_page(f"blind/{set_name}/{page}", html, entry["base_url"], entry["images"])


def real_pages(folder: Path) -> Iterator[LabelledPage]:
    """The labelled real pages `folder` holds, of the label sets that are here (`label_sets`)."""
    for set_name, path in label_sets().items():
        labels: dict[str, dict[str, dict[str, Any]]] = json.loads(path.read_text(encoding="utf-8"))
        for page, refs in sorted(labels.items()):
            if (folder / page).is_file():
                yield judge_page(f"real/{set_name}/{page}", (folder / page).read_bytes(), BASE, refs)


def pool(pages: Iterable[LabelledPage], cut: float) -> dict[str, Any]:
    """The baseline's and the detector's scores over the pages whose own baseline F1 is >= cut."""
    chosen = [p for p in pages if p.baseline_f1 >= cut]
    verdicts = [v for p in chosen for v in p.verdicts]
    return {"cut": cut, "pages": len(chosen), "references": len(verdicts),
            "baseline": _f1(verdicts, "baseline"), "detector": _f1(verdicts, "detector")}


def nearest_pool(pages: Iterable[LabelledPage], target: float = HELD_OUT_BASELINE) -> dict[str, Any] | None:
    """The pool (over `CUTS`) whose baseline F1 is nearest `target`; None when no page qualifies."""
    listed = list(pages)
    pools = [p for p in (pool(listed, cut) for cut in CUTS) if p["pages"]]
    if not pools:
        return None
    return min(pools, key=lambda p: (abs(p["baseline"]["f1"] - target), -p["references"]))


def evaluate(folder: Path | None) -> dict[str, Any] | None:
    """The estimate over the blind pages and, when `folder` holds them, the real pages."""
    pages = list(blind_pages())
    if folder is not None and folder.is_dir():
        pages.extend(real_pages(folder))
    found = nearest_pool(pages)
    if found is None:
        return None
    return {**found, "held_out_baseline": HELD_OUT_BASELINE, "pages_read": len(pages),
            "real_pages": sum(p.name.startswith("real/") for p in pages)}
