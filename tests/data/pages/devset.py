"""The labelled page set: build `labels.json`, and score `find_images` against it.

The pages here are hand-written in the markup styles of real CMSs (WordPress, TYPO3,
Shopify, Shopware, PrestaShop, Magento, MediaWiki, Medium, XenForo, Squarespace, Elementor,
AMP, Instagram/X/LinkedIn/Facebook/TikTok profile pages) in English, German, French,
Spanish and Italian. `manifest.txt` lines read `page base_url | fragment …`: an image URL is
*personal* (shows a person, identifiable) when it contains one of the page's fragments; every
other image URL the page references is not. The labels were decided by reading each page,
never from the scorer's output.

`labels.json` freezes the URL -> label mapping (regenerate with `python devset.py build` only
after editing pages or the manifest; it refuses to build when a fragment matches nothing).
Splits: `tune` (two thirds of the first 47 pages), `holdout` (every third of those, sorted;
its errors were read once after the first measurement, so it is no longer clean), `fresh`
(12 pages marked `!` in the manifest, written after all tuning and measured once).

    python tests/data/pages/devset.py build   # write labels.json
    python tests/data/pages/devset.py eval    # P/R/F1 on tuning, held-out and all pages
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = HERE / "labels.json"


def manifest() -> list[tuple[str, str, list[str], bool]]:
    """(page, base URL, personal fragments, fresh): `!page` marks the second, fresh held-out set."""
    rows = []
    for line in (HERE / "manifest.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        head, _, frags = line.partition("|")
        page, url = head.split()
        fresh = page.startswith("!")
        rows.append((page.lstrip("!"), url, frags.split(), fresh))
    return sorted(rows)


def build() -> dict:
    from scrapeguard.detect import find_images

    out: dict[str, dict] = {}
    i = -1
    for page, url, frags, fresh in manifest():
        i += 0 if fresh else 1
        refs = find_images((HERE / page).read_bytes(), url)
        images = {r.url: any(f in r.url for f in frags) for r in refs}
        unmatched = [f for f in frags if not any(f in u for u in images)]
        if unmatched:
            raise SystemExit(f"{page}: fragments match no image URL: {unmatched}")
        split = "fresh" if fresh else ("holdout" if i % 3 == 2 else "tune")
        out[page] = {"url": url, "split": split, "holdout": split != "tune", "images": images}
    LABELS.write_text(json.dumps(out, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    return out


def load() -> dict:
    return json.loads(LABELS.read_text(encoding="utf-8"))


def evaluate(split: str = "all", verbose: bool = False) -> dict[str, float]:
    """Precision / recall / F1 of `personal` over the labelled URLs of one split
    ("all", "tune", "holdout", "fresh"). A labelled URL the page no longer yields counts as a miss
    (false negative when personal)."""
    from scrapeguard.detect import find_images

    tp = fp = fn = tn = 0
    for page, entry in load().items():
        if split != "all" and entry["split"] != split:
            continue
        got = {r.url: r for r in find_images((HERE / page).read_bytes(), entry["url"])}
        for url, truth in entry["images"].items():
            ref = got.get(url)
            pred = bool(ref and ref.personal)
            if pred and truth:
                tp += 1
            elif pred:
                fp += 1
                if verbose:
                    print(f"FP {page} {url[-70:]} {ref.score if ref else None} {ref.reasons if ref else None}")
            elif truth:
                fn += 1
                if verbose:
                    print(f"FN {page} {url[-70:]} {ref.score if ref else None} {ref.reasons if ref else None}")
            else:
                tn += 1
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4),
            "tp": tp, "fp": fp, "fn": fn, "tn": tn, "n": tp + fp + fn + tn}


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "eval"
    if cmd == "build":
        data = build()
        n = sum(len(e["images"]) for e in data.values())
        pos = sum(sum(e["images"].values()) for e in data.values())
        print(f"{len(data)} pages, {n} image URLs, {pos} personal")
    else:
        verbose = "-v" in sys.argv
        want = next((a for a in sys.argv[2:] if a != "-v"), "tune")
        for split in ("tune", "holdout", "fresh", "all"):
            print(split, evaluate(split, verbose=verbose and split == want))
