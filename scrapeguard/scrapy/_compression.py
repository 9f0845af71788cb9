"""Scrapy's HttpCompressionMiddleware, with a body it cannot decode judged by the guard.

Scrapy's own fails the request with the decoder's error (a corrupt gzip body: `zlib.error`)
before `GuardMiddleware` (545) sees the response, so the guard recorded nothing for it, while
the httpx transport and the proxy record such a body as `body.encoded` (on_error decides). This
one passes it on still in its coding, with the error kept in `meta`: the guard judges and records
it as it came, and where the guard lets it through, `GuardMiddleware` raises the kept error, so
the spider's errback gets what Scrapy alone would have given it.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware as ScrapyHttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from scrapeguard.scrapy._middleware import META_HOST_FILE, META_UNDECODED

log = logging.getLogger("scrapeguard")


class HttpCompressionMiddleware(ScrapyHttpCompressionMiddleware):
    """Scrapy's, except that a response whose Content-Encoding cannot be undone (corrupt data)
    goes on to `GuardMiddleware` still coded, instead of failing unrecorded (see module doc).
    DOWNLOAD_MAXSIZE (IgnoreRequest) and the guard's host files (read as "unreachable" on such
    an error) are handled as Scrapy handles them."""

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Request | Response:
        try:
            if spider is None:  # (Scrapy >= 2.14 deprecates passing it; 2.13 requires it)
                return super().process_response(request, response)
            return super().process_response(request, response, spider)
        except IgnoreRequest:
            raise
        except Exception as exc:  # noqa: BLE001 - every decoder's error (zlib, brotli, zstd, OSError, EOFError)
            if request.meta.get(META_HOST_FILE):
                raise
            log.debug("scrapeguard: %s could not be decoded (%s: %s); handed to the guard still coded",
                      response.url, type(exc).__name__, exc)
            request.meta[META_UNDECODED] = exc
            return response
