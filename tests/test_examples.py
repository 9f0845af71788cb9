"""The examples do what examples/README.md says they do, against the local demo site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from scrapeguard.demo.site import DemoSite, start_demo_site

pytestmark = pytest.mark.slow  # (a real Scrapy crawl, in a subprocess)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def demo_site() -> Iterator[DemoSite]:
    site = start_demo_site()
    yield site
    site.close()


def test_the_scrapy_example_logs_a_refused_image_as_one_info_line_not_an_error(demo_site: DemoSite,
                                                                              tmp_path: Path) -> None:
    """examples/README.md said ImagesPipeline logs an image the guard refused as an ERROR with a
    traceback; the add-on's own ImagesPipeline (in place of the stock one settings.py names) logs
    it as one INFO line on the 'scrapeguard' logger, and the crawl logs no ERROR at all."""
    project = shutil.copytree(EXAMPLES / "scrapy_project", tmp_path / "scrapy_project")  # (images, feed, audit)
    env = {**os.environ, "SCRAPEGUARD_PURE_PYTHON": "1"}
    run = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"base={demo_site.base}"],
                         cwd=project, env=env, capture_output=True, text=True, timeout=180)
    log = run.stdout + run.stderr
    assert run.returncode == 0, log[-2000:]
    assert "<class 'scrapeguard.scrapy._pipelines.ImagesPipeline'>" in log
    refusals = [line for line in log.splitlines() if "image not downloaded:" in line]
    assert refusals and all("[scrapeguard] INFO: scrapeguard: image not downloaded: " in line
                            and "refused by the guard (" in line and "; decision " in line for line in refusals)
    assert " ERROR" not in log and "Traceback" not in log
    assert any((project / "images" / "full").iterdir())  # the images the policy allows are stored
