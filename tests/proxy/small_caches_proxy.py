"""`python small_caches_proxy.py HOST_FILES WORDS ARGS...`: the real `scrapeguard proxy ARGS...`, whose guard
keeps HOST_FILES host files (`host_cache_size`) and what pages said of WORDS pictures (`context_cache_size`):
what a broad crawl's many sites and pages do to the guard's bounded memory, done with a few."""

from __future__ import annotations

import functools
import sys

from scrapeguard.cli import main
from scrapeguard.guard import Guard

if __name__ == "__main__":
    host_files, words, *args = sys.argv[1:]
    Guard.__init__ = functools.partialmethod(  # type: ignore[method-assign]
        Guard.__init__, host_cache_size=int(host_files), context_cache_size=int(words))
    raise SystemExit(main(["proxy", *args]))
