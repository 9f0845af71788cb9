"""The Scrapy add-on: `ADDONS = {"scrapeguard.scrapy.Addon": 0}` in settings.py."""

from __future__ import annotations

from scrapy.settings import BaseSettings

from scrapeguard.scrapy._middleware import ORDER, GuardMiddleware


class Addon:
    """Adds `GuardMiddleware` to DOWNLOADER_MIDDLEWARES at order 545 unless the project
    already placed it (then its own order is kept)."""

    def update_settings(self, settings: BaseSettings) -> None:
        settings.setdefault_in_component_priority_dict("DOWNLOADER_MIDDLEWARES", GuardMiddleware, ORDER)
