"""The real-page labels ship with the benchmarks; the pages themselves are fetched by the user."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.real_pages import LABELS, evaluate


def test_every_label_says_personal_unsure_and_why() -> None:
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    refs = [label for page in labels.values() for label in page.values()]
    assert len(labels) >= 20 and len(refs) >= 700
    assert all(isinstance(r["personal"], bool) and isinstance(r["unsure"], bool) and r["why"] for r in refs)
    assert any(r["personal"] for r in refs) and not all(r["personal"] for r in refs)


def test_without_the_pages_there_is_no_figure(tmp_path: Path) -> None:
    (tmp_path / "unrelated.html").write_text("<img src=a.jpg>", encoding="utf-8")
    assert evaluate(tmp_path) is None
