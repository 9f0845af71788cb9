"""The memory benchmark's long crawl judges pages as the other benchmarks' crawls do."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_memory import child, main  # noqa: E402
from benchmarks.common import write_policies  # noqa: E402


def test_the_long_crawl_allows_and_redacts_pages_not_only_refuses_them(tmp_path: Path) -> None:
    """Under plain gdpr-strict the site's robots.txt refusal of GPTBot refused every page unread
    (page_actions {"block": 800}): the memory measured held no page analysis."""
    result = child((10, 20, 40), str(write_policies(tmp_path)["off"]))
    actions = result["page_actions"]
    assert sum(actions.values()) == 40 and actions.get("redact", 0) > 0
    assert actions.get("block", 0) < 20 and [r["pages"] for r in result["readings"]] == [0, 10, 20, 40]


def test_the_child_crawl_refuses_to_run_without_its_policy(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--child", "10,20,40"])
    assert exit_.value.code == 2 and "--child needs --policy" in capsys.readouterr().err
