"""Scrapy's media pipelines, recording where they stored what the guard let in.

`ImagesPipeline` and `FilesPipeline` here are Scrapy's, plus one thing: every file they
store (ImagesPipeline's re-encoded full/<sha1>.jpg and each thumbs/<size>/<sha1>.jpg) is
recorded in the guard's audit log against the decision that let the download in
(`audit.storage.attach_storage`: location and the stored bytes' SHA-256). An erasure
request then lists those files, which the fetched URL and its hash do not name. A file the
store holds already is downloaded and judged again, not handed to the item as Scrapy's
"uptodate" (FILES_EXPIRES / IMAGES_EXPIRES) unjudged; where the guard now refuses it, a WARNING
says that the earlier copy is still in the store. So is one this crawl downloaded already for an
earlier item, or is downloading still (its store writing), once a page has said more of it since (its
`noimageai`, a caption naming a person): Scrapy hands every later item that names it that download's result.
A copy this crawl stored of a picture it refused for another item is named in that WARNING too, whether it was
stored before the refusal or after (a slow store's write, S3's upload, under way when it was refused). A download
the guard refused (`Refused`) is logged as one INFO line with its reason codes, not as the ERROR
with a traceback Scrapy writes for every failed media download (kept for real failures). An emptied
`data:` URI (`data:,`, what a redacted page keeps of an inline picture it removed) is nothing to download:
no request is made, it fails as `NothingToDownload` (no file for the item) with a DEBUG line, not as
Scrapy's "empty-content" WARNING and ERROR with a traceback, and is counted (``scrapeguard/empty_data_uris``).

The add-on puts them in place of Scrapy's stock classes in ITEM_PIPELINES (``SCRAPEGUARD_STORAGE_REFS =
False`` turns the recording off, never the judging); a pipeline of your own derived
from Scrapy's can derive from these instead. Stats: ``scrapeguard/storage_refs`` (files
recorded), ``scrapeguard/storage_refs/unrecorded`` (stored with no record to tie them to, or
the write failed: logged as an error).
"""

from __future__ import annotations

import hashlib
import inspect
import logging
from contextvars import ContextVar
from pathlib import Path, PurePosixPath
from typing import Any

from scrapy import Request
from scrapy.http import Response
from scrapy.pipelines.files import FilesPipeline as _ScrapyFilesPipeline
from scrapy.pipelines.files import FSFilesStore, FTPFilesStore, GCSFilesStore, S3FilesStore

try:  # (Scrapy 2.19 moved it and warns at the old name on every crawl)
    from scrapy.pipelines.media import FileException  # type: ignore[attr-defined]  # (Scrapy < 2.19: below)
except ImportError:
    from scrapy.pipelines.files import FileException
from scrapy.pipelines.images import ImagesPipeline as _ScrapyImagesPipeline
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred, maybeDeferred
from twisted.python.failure import Failure

from scrapeguard.audit.storage import StorageRef, attach_storage
from scrapeguard.audit.store import AuditLog
from scrapeguard.cache import BoundedCache
from scrapeguard.image_context import ImageContext
from scrapeguard.scrapy._middleware import META_RESULT, Refused, guard_of, middleware_of


log = logging.getLogger("scrapeguard")

# the files one `file_downloaded` call stored, (path in the store, sha256 of the bytes): a context
# variable, as each media download runs in its own context while others are under way
_STORED: ContextVar[list[tuple[str, str]] | None] = ContextVar("scrapeguard_stored", default=None)
# a media request's meta: the path at which the store held the file before this download
_META_EARLIER_COPY = "scrapeguard_earlier_copy"
_COPIES_HERE = 16384  # pictures whose copies stored (or refusals) in this crawl are remembered (least recently used forgotten)


class RefusedMedia(FileException):
    """A media download the guard refused: a FileException, so the item's fields are Scrapy's for any
    failed download (a refused file is not listed), while `item_completed`'s results tell it apart and
    say why (`codes`, `decision_id`, as its `Refused`, the `__cause__`): told apart only in the log, a
    pipeline reporting refused images in the item had to dig the cause out of a private class."""

    def __init__(self, message: str = "", codes: list[str] | None = None, decision_id: str | None = None) -> None:
        super().__init__(message)
        self.codes, self.decision_id = list(codes or ()), decision_id


class NothingToDownload(FileException):
    """A media URL with nothing to download: a `data:` URI without a payload (`data:,`, what a page the guard
    redacted keeps of an inline picture). A FileException, so the item lists no file for it, as for any failed
    download; no request is made for it."""


def emptied_data_uri(url: str) -> bool:
    """Whether `url` is a `data:` URI without a payload (`data:,`, `data:image/png;base64,`): what a page the guard
    redacted keeps of an inline picture it removed, which these pipelines take for nothing to download. Public for a
    spider whose pipelines are Scrapy's own (a crawl through `scrapeguard proxy`), which must leave such URIs out."""
    scheme, _, rest = url.partition(":")
    return scheme.strip().lower() == "data" and not rest.partition(",")[2].strip()


class _RefusalsLoggedByUs(logging.Filter):
    """On Scrapy's media pipeline logger: drops the ERROR with a traceback it writes for every
    failed media download when the failure is the guard's refusal (`RefusedMedia`), which the
    pipeline has logged already as what it is, or an emptied `data:` URI (`NothingToDownload`).
    Every other failure keeps Scrapy's own logging."""

    def filter(self, record: logging.LogRecord) -> bool:
        failed = [record.exc_info[1] if record.exc_info else None]
        if isinstance(record.msg, Failure):  # (Scrapy logs the Failure itself: `logger.exception(failure)`)
            failed.append(record.msg.value)
        return not any(isinstance(exc, RefusedMedia | NothingToDownload) for exc in failed)


_REFUSALS_FILTER = _RefusalsLoggedByUs()


class _JudgedDownloads(dict[bytes, Any]):
    """A media pipeline's `SpiderInfo.downloaded`: Scrapy's cache of each media request's result in this crawl,
    handed to every later item naming the same URL without a request. An emptied `data:` URI's failure is not
    kept, so each one is counted."""

    def __contains__(self, fp: object) -> bool:
        if not super().__contains__(fp):
            return False
        if isinstance(self[fp], Failure) and isinstance(self[fp].value, NothingToDownload):  # type: ignore[index]
            del self[fp]  # type: ignore[arg-type]  # (not cached: each is counted)
            return False
        return True


class _FingerprintWithWord:
    """A media pipeline's request fingerprinter: Scrapy's fingerprint of a media request, with what the pages
    had said of its picture when an item named it, and the purposes it is judged for then. Scrapy keys both its
    cache of results and the downloads under way by it, and hands a download's result to every item with its key.
    Why: once a page said more of a picture after it was judged (a `noimageai`, a caption that makes it personal),
    an item naming it later was handed the copy judged without that word, where the guard refuses (or redacts) it
    "for the rest of the crawl": from the cache, or, while the download was still being stored (S3), from the
    download itself; so was the item of a page read for a purpose that refuses it, the copy judged for another's.
    With both in the key, such an item gets a download of its own, judged with what the pages said, and for each
    purpose they were read for."""

    def __init__(self, inner: Any, pipeline: Any) -> None:
        self.inner, self.pipeline = inner, pipeline

    def fingerprint(self, request: Request) -> bytes:
        fp: bytes = self.inner.fingerprint(request)
        middleware = middleware_of(self.pipeline.crawler)
        if middleware is None:
            return fp
        said = _said(middleware.guard.image_contexts.get(request.url))
        purposes = middleware.purposes_of(request)
        return hashlib.sha1(fp + repr((said, purposes)).encode()).digest() if said or purposes != (None,) else fp

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def _said(word: ImageContext | None) -> tuple[object, ...]:
    """What the pages' word about a picture says that its decision turns on: personal or not, their opt-outs,
    their jurisdictions and domains. Not which page said it last (a logo on every page of a site would be
    downloaded again for each item), nor that page's score and reasons."""
    if word is None:
        return ()
    # (sorted: pages of two sites taking turns must not read as a change of word each time)
    return (word.personal, tuple(sorted(map(repr, set(word.rules.rules)))), word.rules.cut is not None,
            tuple(sorted({bloc for bloc, _ in word.jurisdictions})), tuple(sorted(set(word.page_domains))))


class _RecordingStore:
    """The pipeline's files store, noting each file `persist_file` writes during a download: a file store's
    (synchronous) write once it is done, as one that failed stored nothing; a write that goes on after the call
    (S3, GCS, FTP: a Deferred, which a Scrapy storing synchronously does not wait for) at once."""

    def __init__(self, store: Any) -> None:
        self.inner = store

    def persist_file(self, path: Any, buf: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        """The store's, called as the pipeline called it: FilesPipeline gives no `meta` or `headers`, and a
        project's own store written to that call takes none (passed always, each download failed)."""
        stored = _STORED.get()
        written = (str(path), hashlib.sha256(buf.getvalue()).hexdigest())  # (before the store reads `buf`)
        result = self.inner.persist_file(path, buf, info, *args, **kwargs)
        if stored is not None:
            stored.append(written)
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def store_location(store: Any, path: str) -> str:
    """Where a store put `path`: an absolute file path, or the object's URI (s3://, gs://, ftp://)."""
    if isinstance(store, FSFilesStore):
        return str(Path(store.basedir, path).absolute())
    if isinstance(store, S3FilesStore):
        return f"s3://{store.bucket}/{store.prefix}{path}"
    if isinstance(store, GCSFilesStore):
        return f"gs://{getattr(store.bucket, 'name', store.bucket)}/{store.prefix}{path}"
    if isinstance(store, FTPFilesStore):
        return f"ftp://{store.host}:{store.port}{store.basedir}/{path}"
    return f"{type(store).__name__.lower()}:///{path}"  # a custom store: its class names it


class StorageRefsMixin:
    """Records the files a Scrapy media pipeline stores, and logs a download the guard refused as
    that (see module doc). Put it before the Scrapy pipeline class in the bases."""

    crawler: Any
    store: Any
    MEDIA_NAME: str

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.store = _RecordingStore(self.store)
        self._warned = False
        self._rejudging_said = False
        self._unguarded_said = False
        # by the picture's URL, for the WARNING that names a copy this crawl stored of a picture the guard refused
        # for another item: where it stored one, and the refusals of one it had not stored (yet)
        self._copies_here: BoundedCache[str, tuple[str, bool]] = BoundedCache(_COPIES_HERE)
        self._refused_here: BoundedCache[str, tuple[str, list[str]]] = BoundedCache(_COPIES_HERE)
        media_logger = logging.getLogger("scrapy.pipelines.media")
        if _REFUSALS_FILTER not in media_logger.filters:
            media_logger.addFilter(_REFUSALS_FILTER)

    def open_spider(self, *args: Any, **kwargs: Any) -> None:
        """Keys the pipeline's downloads by the pages' word here, not in __init__: Scrapy 2.13's deprecated route
        (a project pipeline whose __init__ takes no crawler) sets `crawler` and `_fingerprinter` only after it."""
        super().open_spider(*args, **kwargs)  # type: ignore[misc]
        inner = getattr(self, "_fingerprinter", None)  # (Scrapy's MediaPipeline: the key of its results and downloads)
        crawler = getattr(self, "crawler", None)
        if inner is not None:
            if not isinstance(inner, _FingerprintWithWord):
                setattr(self, "_fingerprinter", _FingerprintWithWord(inner, self))  # (untyped to mypy)
        elif crawler is None or crawler.settings.getbool("SCRAPEGUARD_ENABLED", True):  # (private: may be dropped)
            log.warning("scrapeguard: %s: this Scrapy's media pipelines have no _fingerprinter to key their downloads "
                        "by what the pages said of a picture, so an item naming a picture a page opted out of (or "
                        "named a person in) after an earlier item's download is handed that download, judged "
                        "without the page's word", type(self).__name__)
        self.spiderinfo.downloaded = _JudgedDownloads()  # type: ignore[attr-defined]

    def media_to_download(self, request: Request, info: Any, *, item: Any = None) -> Any:
        """None (download it) for a file the store holds already, where a guard is enabled. Scrapy hands
        such a file to the item as "uptodate" without a request (younger than FILES_EXPIRES, 90 days), so
        the guard never judged it under this crawl's policy: a portrait stored unredacted in a log-only
        roll-out, or an image stored before robots.txt or its page said no, was listed as collected with
        no decision on record. Where the store holds it, the request notes its path (`media_failed`).
        An emptied `data:` URI fails here as `NothingToDownload`, without a request (see module doc)."""
        if emptied_data_uri(request.url):
            self._inc("empty_data_uris", 1)
            log.debug("scrapeguard: %s %s has nothing to download (a picture removed from its page)", self.MEDIA_NAME,
                      request.url[:100])
            raise NothingToDownload(f"scrapeguard: {request.url[:100]} has nothing to download")
        guard = guard_of(self.crawler)
        if guard is None:
            if self._unguarded():
                self._inc("unguarded_refused", 1)
                raise RefusedMedia(f"scrapeguard: {type(self).__name__} refused {request.url[:100]}: no "
                                   "GuardMiddleware judges this crawl's downloads", ["error.no_guard"])
            return super().media_to_download(request, info, item=item)  # type: ignore[misc]
        path = self.file_path(request, info=info, item=item)  # type: ignore[attr-defined]

        def noted(found: Any) -> None:
            if found:
                request.meta[_META_EARLIER_COPY] = path
                if not self._rejudging_said:
                    self._rejudging_said = True
                    log.info("scrapeguard: %s: files the store holds already are downloaded and judged again, not "
                             "taken as up to date (%s_EXPIRES): an item lists only what the guard let in for this "
                             "crawl", type(self).__name__, self.MEDIA_NAME.upper() + "S")
            return None

        return maybeDeferred(self.store.stat_file, path, info).addCallbacks(noted, lambda _: None)

    def _unguarded(self) -> bool:
        """Whether scrapeguard's pipeline runs in a crawl where the guard is meant to be on (SCRAPEGUARD_ENABLED,
        the default) but no GuardMiddleware is (the pipeline set by hand without the add-on, or the add-on with
        the middleware set to None): its downloads would be stored unjudged, portraits and opted-out pictures
        alike (review, session 60), and the one WARNING said only that their storage went unrecorded. Refused,
        fail-closed, with one ERROR that says how to set it right."""
        crawler = getattr(self, "crawler", None)
        if crawler is None or not crawler.settings.getbool("SCRAPEGUARD_ENABLED", True):
            return False
        if not self._unguarded_said:
            self._unguarded_said = True
            log.error("scrapeguard: %s runs without GuardMiddleware, so no download of it would be judged: each is "
                      "refused. Enable the add-on (ADDONS = {\"scrapeguard.scrapy.Addon\": 0}) or GuardMiddleware in "
                      "DOWNLOADER_MIDDLEWARES, or set SCRAPEGUARD_ENABLED = False to run unguarded",
                      type(self).__name__)
        return True

    def media_failed(self, failure: Failure, request: Request, info: Any) -> Any:
        """A download the guard refused is logged at INFO on the 'scrapeguard' logger with its
        reason codes, and fails as `RefusedMedia`, whose ERROR with a traceback Scrapy then does not
        write: a guarded crawl's refusals are its policy at work, not errors. Any other failure is
        left to Scrapy (its warning, and the ERROR)."""
        refused = failure.value
        if isinstance(refused, NotJudgedAsPicture):  # (refused by ImagesPipeline itself: said as the guard's are)
            log.info("scrapeguard: %s not stored: %s", self.MEDIA_NAME, refused)
            if earlier_copy := request.meta.get(_META_EARLIER_COPY):
                self._warn_still_stored(request.url, refused.codes, str(earlier_copy),
                                        bool(getattr(self, "thumbs", None)))
            raise refused.with_traceback(None)
        if not isinstance(refused, Refused):
            return super().media_failed(failure, request, info)  # type: ignore[misc]
        named = refused.url or request.url  # (as the audit log records it: a data: URI not as its base64)
        log.info("scrapeguard: %s not downloaded: %s refused by the guard (%s; decision %s)", self.MEDIA_NAME,
                 named, ", ".join(refused.codes) or "no reason code", refused.decision_id or "not recorded")
        earlier = request.meta.get(_META_EARLIER_COPY)
        here = self._copies_here.get(request.url)
        if earlier:  # the item does not list it, but the store still holds what the guard now refuses
            self._warn_still_stored(named, refused.codes, str(earlier), bool(getattr(self, "thumbs", None)))
        elif here is not None:  # (stored for an earlier item after this request found nothing in the store)
            self._warn_still_stored(named, refused.codes, *here)
        else:  # a copy judged before this refusal may still be on its way to the store (`_stored_here`)
            self._refused_here.set(request.url, (named, refused.codes))
        # kept as the cause, without its traceback: Scrapy keeps the failure for the rest of the crawl (its media
        # cache) and strips only the outer one's, so the check's frames held the refused picture's whole response
        raise RefusedMedia(str(refused), refused.codes, refused.decision_id) from refused.with_traceback(None)

    def _warn_still_stored(self, named: str, codes: list[str], path: str, thumbnails: bool) -> None:
        log.warning("scrapeguard: %s %s is refused by the guard now (%s), but a copy stored for another item (by an "
                    "earlier crawl, or this one) is still at %s%s: delete it if it must not be kept",
                    self.MEDIA_NAME, named, ", ".join(codes) or "no reason code",
                    store_location(self._inner_store(), path), " (and its thumbnails)" if thumbnails else "")

    def _stored_here(self, request: Request, stored: list[tuple[str, str]]) -> None:
        """Remember where this download's copy went; where the guard has refused the picture for another item
        meanwhile, a WARNING names the copy. Why: a refusal finding a copy in the store says where it is
        (`media_failed`), but one made while this copy was being judged or stored (a slow store's write, S3's
        upload) found none, and the copy, judged without the later page's word (its `noimageai`), went unsaid."""
        if not stored:
            return
        path, thumbnails = stored[0][0], len(stored) > 1  # (ImagesPipeline writes the full image first)
        self._copies_here.set(request.url, (path, thumbnails))
        refused = self._refused_here.pop(request.url)
        if refused is not None:
            self._warn_still_stored(*refused, path, thumbnails)

    def file_downloaded(self, response: Response, request: Request, info: Any, *, item: Any = None) -> Any:
        stored: list[tuple[str, str]] = []
        # the request the response answers holds the decision that judged these bytes: with MEDIA_ALLOW_REDIRECTS
        # the last hop RedirectMiddleware made, while the pipeline's own request holds its first hop's request
        # stage (an erasure or access request for the image's hash or final URL then missed the stored copies)
        judged = response.request if response.request is not None else request
        token = _STORED.set(stored)
        try:
            result = super().file_downloaded(response, request, info, item=item)  # type: ignore[misc]
        except Exception:  # (a Scrapy whose pipelines store synchronously: what was written is recorded)
            self._stored_here(request, stored)
            self._inc(*self._record(judged, stored))
            raise
        finally:
            _STORED.reset(token)
        if inspect.isawaitable(result) or isinstance(result, Deferred):
            return self._stored_then_recorded(result, judged, stored, request)
        self._stored_here(request, stored)
        self._inc(*self._record(judged, stored))  # a Scrapy whose pipelines store synchronously
        return result

    async def _stored_then_recorded(self, result: Any, request: Request, stored: list[tuple[str, str]],
                                    asked: Request) -> Any:
        """Awaits the storing, then records what it stored: also when it failed part way (a thumbnail's write,
        after the full image's), as what was written stays in the store. (`asked`: the pipeline's own request.)"""
        token = _STORED.set(stored)
        try:
            checksum = await (maybe_deferred_to_future(result) if isinstance(result, Deferred) else result)
        finally:
            _STORED.reset(token)
            self._stored_here(asked, stored)
            # off the reactor thread, as the middleware's own writes: the durable write must not stall the crawl
            middleware = middleware_of(self.crawler)  # (none: nothing to write, `_record` says so at once)
            self._inc(*(await middleware.threads.call(self._record, request, stored) if middleware is not None
                        else self._record(request, stored)))
        return checksum

    def _role(self, path: str) -> str:
        """What a stored file is, in the pipelines' own words (`full`, `thumbs/<thumbnail id>`), "" for a
        layout of one's own: the role is hash-chained for good, and a `file_path` filing pictures by
        person (`people/Jane Doe/…`) put the name in the chain, beyond any erasure (review). The
        location itself goes to the erasable sidecar."""
        parts = PurePosixPath(path).parts
        if len(parts) == 2 and parts[0] == "full":
            return "full"
        if len(parts) == 3 and parts[0] == "thumbs" and parts[1] in (getattr(self, "thumbs", None) or {}):
            return f"thumbs/{parts[1]}"
        return ""

    def _record(self, request: Request, stored: list[tuple[str, str]]) -> tuple[str, int]:
        """Write the storage events; (the stat to count, how many files). Runs in a worker thread.
        Not with ``SCRAPEGUARD_STORAGE_REFS = False``: that turns the recording off, not the judging."""
        if not stored or not self.crawler.settings.getbool("SCRAPEGUARD_STORAGE_REFS", True):
            return "storage_refs", 0
        guard = guard_of(self.crawler)
        if guard is None or not isinstance(guard.audit, AuditLog):
            if not self._warned:
                self._warned = True
                log.warning("scrapeguard: %s stores files but no guard with an SQLite audit log is enabled: "
                            "where they went is not recorded", type(self).__name__)
            return "storage_refs/unrecorded", len(stored)
        decision_id = (request.meta.get(META_RESULT) or {}).get("decision_id")
        store = self._inner_store()
        refs = [StorageRef(store_location(store, path), sha, self._role(path)) for path, sha in stored]
        try:
            if not decision_id:
                raise ValueError("the download has no recorded decision")
            attach_storage(guard, str(decision_id), refs)
        except Exception as exc:  # noqa: BLE001 - the file is stored: say loudly that it is not on record
            log.error("scrapeguard: stored %s from %s but could not record it in the audit log: %s",
                      ", ".join(r.location for r in refs), request.url, exc)
            return "storage_refs/unrecorded", len(refs)
        return "storage_refs", len(refs)

    def _inner_store(self) -> Any:
        """The pipeline's own files store (not the recording wrapper), which names where a file is."""
        return self.store.inner if isinstance(self.store, _RecordingStore) else self.store

    def media_downloaded(self, response: Response, request: Request, info: Any, *, item: Any = None) -> Any:
        """Scrapy's file info; for a copy the guard redacted (a blurred portrait, a placeholder) with
        `"scrapeguard": {"action": "redact", "decision_id": …}` too, counted (``scrapeguard/media_redacted``).
        Why: Scrapy's `status` knows only "downloaded" and "cached", so a blurred copy read as the picture."""
        result = super().media_downloaded(response, request, info, item=item)  # type: ignore[misc]
        if "scrapeguard-redacted" not in response.flags:
            return result
        judged = response.request if response.request is not None else request  # (the last hop)
        if inspect.isawaitable(result):  # (Scrapy 2.14 on: a coroutine)
            async def marked() -> Any:
                return self._marked_redacted(await result, judged)
            return marked()
        if isinstance(result, Deferred):
            return result.addCallback(self._marked_redacted, judged)
        return self._marked_redacted(result, judged)

    def _marked_redacted(self, file_info: Any, request: Request) -> Any:
        """`file_info` (Scrapy's dict of a stored file) saying it is the guard's redacted copy, and its decision;
        counted once it is stored."""
        if isinstance(file_info, dict):
            file_info["scrapeguard"] = {"action": "redact",
                                        "decision_id": (request.meta.get(META_RESULT) or {}).get("decision_id")}
            self._inc("media_redacted", 1)
        return file_info

    def _inc(self, key: str, n: int) -> None:
        stats = getattr(self.crawler, "stats", None)
        if stats is not None and n:
            stats.inc_value(f"scrapeguard/{key}", n)


class FilesPipeline(StorageRefsMixin, _ScrapyFilesPipeline):
    """Scrapy's FilesPipeline; the files it stores are recorded in the audit log."""


class NotJudgedAsPicture(RefusedMedia):
    """An image download whose bytes are a picture the guard judged as something else (its type said text, and its
    bytes could be one's): not stored, as its faces were never looked for."""


class ImagesPipeline(StorageRefsMixin, _ScrapyImagesPipeline):
    """Scrapy's ImagesPipeline; the images and thumbnails it stores are recorded in the audit log."""

    def media_downloaded(self, response: Response, request: Request, info: Any, *, item: Any = None) -> Any:
        """Scrapy's, but not for an answer the guard judged, without error, as no picture whose bytes Pillow opens
        as one: refused as the guard's refusals are (`NotJudgedAsPicture`, INFO; in audit mode stored, with a
        WARNING). Why: Scrapy opens every download with Pillow, whatever its type, and a portrait in a rare format
        served as text (an XBM, C source Pillow reads) would be stored unjudged (review, session 66)."""
        judged = response.request if response.request is not None else request
        result = judged.meta.get(META_RESULT) or {}
        if result.get("stage") == "response" and not result.get("picture") and response.body and not any(
                str(code).startswith("error.") for code in result.get("reasons") or ()):  # (fail-open: as recorded)
            from scrapeguard.detect.decode import pillow_picture_format

            found = pillow_picture_format(response.body[:4096])
            if found is not None:
                served = (response.headers.get(b"Content-Type") or b"no type").decode("latin-1")[:60]
                said = (f"served as {served}, its bytes are a {found} picture the guard did not judge as one "
                        f"(decision {result.get('decision_id') or 'not recorded'})")
                if result.get("mode") != "audit":
                    self._inc("media_not_judged", 1)
                    raise NotJudgedAsPicture(f"{request.url}: {said}: not stored", ["media.not_judged"],
                                             result.get("decision_id"))
                log.warning("scrapeguard: %s: %s: stored, as the guard only records in audit mode", request.url, said)
        return super().media_downloaded(response, request, info, item=item)
