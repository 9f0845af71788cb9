"""A download handler that follows redirects itself, as a browser does (scrapy-playwright, impersonating
clients): Scrapy's middlewares never see the hops, and the response names the URL it landed on."""

from __future__ import annotations

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.http import Response


class FollowingHandler(HTTP11DownloadHandler):
    async def download_request(self, request: Request) -> Response:  # type: ignore[override]
        for _ in range(5):
            response = await super().download_request(request)
            location = response.headers.get(b"Location")
            if response.status not in (301, 302, 303, 307, 308) or not location:
                break
            request = request.replace(url=response.urljoin(location.decode("latin-1")))
        return response
