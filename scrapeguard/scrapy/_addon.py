"""The Scrapy add-on: `ADDONS = {"scrapeguard.scrapy.Addon": 0}` in settings.py."""

from __future__ import annotations

import contextlib
import logging

from scrapy.settings import BaseSettings
from scrapy.utils.misc import load_object

from scrapeguard.scrapy._middleware import ORDER, GuardMiddleware, bool_setting

log = logging.getLogger("scrapeguard")


class Addon:
    """Adds `GuardMiddleware` to DOWNLOADER_MIDDLEWARES at order 545 unless the project
    already placed it (then its own order is kept); puts scrapeguard's HttpCompressionMiddleware
    in place of Scrapy's, so a body that cannot be decoded is judged and recorded by the guard
    instead of failing unrecorded; and puts scrapeguard's ImagesPipeline and FilesPipeline in
    place of Scrapy's stock ones in ITEM_PIPELINES, so that the files they store are recorded
    against their decisions for erasure requests, and so that a file already stored is judged again
    (``SCRAPEGUARD_STORAGE_REFS = False`` turns the recording off: it kept the stock classes, which
    hand a stored file to the item as 'uptodate' unjudged, so a picture refused since came back)."""

    def update_settings(self, settings: BaseSettings) -> None:
        settings.setdefault_in_component_priority_dict("DOWNLOADER_MIDDLEWARES", GuardMiddleware, ORDER)
        try:
            enabled = bool_setting(settings, "SCRAPEGUARD_ENABLED")
        except ValueError as exc:
            log.error("scrapeguard: cannot start, so the crawl stops: %s", exc)
            raise
        if not enabled:
            return
        _say_if_turned_off(settings)
        replace_compression(settings)
        replace_robotstxt(settings)
        replace_media_pipelines(settings)


def _say_if_turned_off(settings: BaseSettings) -> None:
    """One ERROR where the project sets GuardMiddleware to None (by its class or its path) and no subclass of it
    in its place: the add-on keeps the project's own setting, so the crawl ran unguarded and unrecorded without a
    word, though SCRAPEGUARD_ENABLED said the guard was on (review, session 71). Not a refusal to start: as the media
    pipelines' own ERROR for that crawl (docs/scrapy.md), it says how to set it right, and they refuse what they
    would store unjudged."""
    orders = [order for entry, order in settings.getdict("DOWNLOADER_MIDDLEWARES").items()
              if isinstance(cls := _loaded(entry), type) and issubclass(cls, GuardMiddleware)]
    if orders and all(order is None for order in orders):
        log.error("scrapeguard: DOWNLOADER_MIDDLEWARES sets GuardMiddleware to None, so the guard is off: nothing "
                  "this crawl downloads is judged or recorded. Remove that entry to guard the crawl, or set "
                  "SCRAPEGUARD_ENABLED = False to turn the guard off (the media pipelines then run as Scrapy's)")


def replace_compression(settings: BaseSettings) -> None:
    """Scrapy's HttpCompressionMiddleware becomes scrapeguard's (same order), in the project's
    DOWNLOADER_MIDDLEWARES where it names it and in the base list; one the project turned off
    (None) stays off (GuardMiddleware then undoes the codings itself). A subclass of the project's
    is left alone, with a warning: a body it cannot decode fails before the guard sees it."""
    from scrapeguard.scrapy._compression import HttpCompressionMiddleware, ScrapyHttpCompressionMiddleware

    _warn_own_compression(settings)
    for name in ("DOWNLOADER_MIDDLEWARES", "DOWNLOADER_MIDDLEWARES_BASE"):
        orders = [order for entry, order in settings.getdict(name).items()
                  if _loaded(entry) is ScrapyHttpCompressionMiddleware]
        if None in orders:
            return
        if orders:
            settings.replace_in_component_priority_dict(name, ScrapyHttpCompressionMiddleware,
                                                        HttpCompressionMiddleware)


def replace_robotstxt(settings: BaseSettings) -> None:
    """Scrapy's RobotsTxtMiddleware becomes scrapeguard's (same order), which checks every request queued while
    a host's robots.txt loads (`_robotstxt`), where Scrapy's has that flaw; one the project turned off (None),
    or its own subclass, is left alone."""
    from scrapeguard.scrapy._robotstxt import MENDS_SCRAPY, RobotsTxtMiddleware, ScrapyRobotsTxtMiddleware

    if not MENDS_SCRAPY:
        return
    for name in ("DOWNLOADER_MIDDLEWARES", "DOWNLOADER_MIDDLEWARES_BASE"):
        orders = [order for entry, order in settings.getdict(name).items()
                  if _loaded(entry) is ScrapyRobotsTxtMiddleware]
        if None in orders:
            return
        if orders:
            settings.replace_in_component_priority_dict(name, ScrapyRobotsTxtMiddleware, RobotsTxtMiddleware)


def _warn_own_compression(settings: BaseSettings) -> None:
    """A project's own subclass of Scrapy's HttpCompressionMiddleware, which nothing replaces."""
    from scrapeguard.scrapy._compression import HttpCompressionMiddleware, ScrapyHttpCompressionMiddleware

    for cls in _own_subclasses(settings, "DOWNLOADER_MIDDLEWARES", ScrapyHttpCompressionMiddleware,
                               HttpCompressionMiddleware):
        log.warning("scrapeguard: %s.%s fails a body it cannot decode (a corrupt gzip) before the guard sees it, so "
                    "the audit log does not record it: derive it from scrapeguard.scrapy.HttpCompressionMiddleware "
                    "instead of Scrapy's (a process_response of its own must be async and await super()'s)",
                    cls.__module__, cls.__qualname__)


def warn_without_addon(settings: BaseSettings) -> None:
    """What the add-on puts in place that a project enabling GuardMiddleware by hand (the
    "manual form") leaves as Scrapy's, said at startup: Scrapy's media pipelines hand a file
    already stored to the item as 'uptodate' with no request, so the guard never judges it (an
    erased portrait kept reaching items), and record nothing for an erasure manifest; Scrapy's
    HttpCompressionMiddleware fails a body it cannot decode before the guard records it."""
    from scrapy.utils.conf import build_component_list

    from scrapeguard.scrapy import _pipelines
    from scrapeguard.scrapy._compression import ScrapyHttpCompressionMiddleware

    enabled = {_loaded(entry) for entry in build_component_list(settings.getwithbase("DOWNLOADER_MIDDLEWARES"))}
    if ScrapyHttpCompressionMiddleware in enabled and settings.getbool("COMPRESSION_ENABLED", True):
        log.warning("scrapeguard: Scrapy's HttpCompressionMiddleware fails a body it cannot decode (a corrupt gzip) "
                    "before the guard sees it, so the audit log does not record it: enable scrapeguard with its "
                    "add-on, ADDONS = {\"scrapeguard.scrapy.Addon\": 0}, or put "
                    "scrapeguard.scrapy.HttpCompressionMiddleware at 590 in its place")
    _warn_own_compression(settings)
    from scrapeguard.scrapy._robotstxt import MENDS_SCRAPY, ScrapyRobotsTxtMiddleware

    if MENDS_SCRAPY and ScrapyRobotsTxtMiddleware in enabled and settings.getbool("ROBOTSTXT_OBEY"):
        log.warning("scrapeguard: Scrapy's RobotsTxtMiddleware lets the requests queued while a host's robots.txt "
                    "loads through unchecked, all but one (scrapy#6802): enable scrapeguard with its add-on, ADDONS "
                    "= {\"scrapeguard.scrapy.Addon\": 0}, or put scrapeguard.scrapy.RobotsTxtMiddleware at 100 in "
                    "its place")
    pipelines = {_loaded(entry) for entry in build_component_list(settings.getwithbase("ITEM_PIPELINES"))}
    for stock, ours in ((_pipelines._ScrapyFilesPipeline, "FilesPipeline"),
                        (_pipelines._ScrapyImagesPipeline, "ImagesPipeline")):
        if stock in pipelines:
            log.warning("scrapeguard: Scrapy's %s hands a file already stored to the item as 'uptodate' without a "
                        "request, so the guard never judges it (an erased picture keeps reaching items), and records "
                        "nothing of what it stores for an erasure manifest: enable scrapeguard with its add-on, "
                        "ADDONS = {\"scrapeguard.scrapy.Addon\": 0}, or use scrapeguard.scrapy.%s in its place",
                        ours, ours)
    _warn_own_pipelines(settings)


def _loaded(entry: object) -> object:
    """A component priority dict's key as the class it names (None when it cannot be loaded:
    Scrapy itself reports that)."""
    try:
        return load_object(entry) if isinstance(entry, str) else entry
    except Exception:  # noqa: BLE001
        return None


def _own_subclasses(settings: BaseSettings, name: str, stock: type, ours: type) -> list[type]:
    """The components setting `name` enables that derive from Scrapy's `stock` class but not from
    scrapeguard's `ours`: a project's own, which the add-on does not replace."""
    found = []
    for entry, order in settings.getdict(name).items():
        cls = _loaded(entry)
        if order is not None and isinstance(cls, type) and issubclass(cls, stock) and cls is not stock \
                and not issubclass(cls, ours):
            found.append(cls)
    return found


def replace_media_pipelines(settings: BaseSettings) -> None:
    """Scrapy's stock media pipelines in ITEM_PIPELINES become scrapeguard's (same order);
    subclasses of them, which may store elsewhere, are left as they are — with a warning when
    they do not record what they store, as an erasure manifest would then miss those files."""
    from scrapeguard.scrapy import _pipelines

    pairs: list[tuple[type, type]] = [(_pipelines._ScrapyFilesPipeline, _pipelines.FilesPipeline),
                                      (_pipelines._ScrapyImagesPipeline, _pipelines.ImagesPipeline)]
    for old, new in pairs:
        with contextlib.suppress(KeyError):  # not in use
            settings.replace_in_component_priority_dict("ITEM_PIPELINES", old, new)
    _warn_own_pipelines(settings)


def _warn_own_pipelines(settings: BaseSettings) -> None:
    """A project's own subclass of Scrapy's media pipelines, which nothing replaces."""
    from scrapeguard.scrapy import _pipelines

    for cls in _own_subclasses(settings, "ITEM_PIPELINES", _pipelines._ScrapyFilesPipeline,
                               _pipelines.StorageRefsMixin):
        if cls is _pipelines._ScrapyImagesPipeline:  # (Scrapy's own, a FilesPipeline too: said of as stock already)
            continue
        base = "ImagesPipeline" if issubclass(cls, _pipelines._ScrapyImagesPipeline) else "FilesPipeline"
        log.warning("scrapeguard: %s.%s stores files that are not recorded in the audit log, so an erasure "
                    "manifest will not list them, and hands a file already stored to the item as 'uptodate' "
                    "without the guard judging it: derive it from scrapeguard.scrapy.%s instead of Scrapy's",
                    cls.__module__, cls.__qualname__, base)
