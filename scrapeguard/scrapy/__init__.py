"""Scrapy integration.

    # settings.py
    ADDONS = {"scrapeguard.scrapy.Addon": 0}
    SCRAPEGUARD_POLICY = "policies/gdpr-strict.toml"
    SCRAPEGUARD_AUDIT = "decisions.sqlite"

or, without the add-on::

    DOWNLOADER_MIDDLEWARES = {"scrapeguard.scrapy.GuardMiddleware": 545}

See `GuardMiddleware` for the settings, meta keys and stats. The add-on also swaps Scrapy's
HttpCompressionMiddleware for `HttpCompressionMiddleware` here (a body it cannot decode is judged
by the guard, `body.encoded`, instead of failing unrecorded), Scrapy's RobotsTxtMiddleware for
`RobotsTxtMiddleware` here (every request queued while a host's robots.txt loads is checked, which
Scrapy 2.13+ lets through), and Scrapy's stock
ImagesPipeline and FilesPipeline for `ImagesPipeline` and `FilesPipeline` here, which record
where they stored each file in the audit log (for erasure requests); in their `item_completed`
results a file the guard refused fails as `RefusedMedia` (its `codes` and `decision_id`), and an emptied
`data:,` picture (what a redacted page keeps of one it removed) as `NothingToDownload`, without a request.
"""

import scrapy as _scrapy

# Older Scrapy lacks what the add-on and the pipelines use (settings' component-priority
# helpers, the media pipelines' hooks): say so here, not as an AttributeError mid-crawl.
MIN_SCRAPY = (2, 13)
if tuple(_scrapy.version_info[:2]) < MIN_SCRAPY:
    raise ImportError(
        f"scrapeguard's Scrapy integration needs Scrapy {'.'.join(map(str, MIN_SCRAPY))} or later; "
        f"this environment has Scrapy {_scrapy.__version__}: pip install 'scrapeguard[scrapy]'"
    )

from scrapeguard.scrapy._addon import Addon  # noqa: E402 - after the version check
from scrapeguard.scrapy._compression import HttpCompressionMiddleware
from scrapeguard.scrapy._middleware import (
    META_PURPOSE,
    META_RESULT,
    ORDER,
    GuardMiddleware,
    Refused,
    build_guard,
    guard_of,
)
from scrapeguard.scrapy._pipelines import (
    FilesPipeline,
    ImagesPipeline,
    NothingToDownload,
    RefusedMedia,
    StorageRefsMixin,
    emptied_data_uri,
)
from scrapeguard.scrapy._robotstxt import RobotsTxtMiddleware

GuardDownloaderMiddleware = GuardMiddleware  # the name used in the research notes

__all__ = [
    "META_PURPOSE",
    "META_RESULT",
    "ORDER",
    "Addon",
    "FilesPipeline",
    "GuardDownloaderMiddleware",
    "GuardMiddleware",
    "HttpCompressionMiddleware",
    "ImagesPipeline",
    "NothingToDownload",
    "Refused",
    "RefusedMedia",
    "RobotsTxtMiddleware",
    "StorageRefsMixin",
    "build_guard",
    "emptied_data_uri",
    "guard_of",
]
