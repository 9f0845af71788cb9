"""`python held_pictures_proxy.py RELEASE ARGS...`: the real `scrapeguard proxy ARGS...`, whose guard starts each
picture's analysis only once the file RELEASE exists (a minute at most): pictures in analysis for as long as a test
needs them to be, as a crawl's portraits keep a slower machine's guard busy, without timing anything."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from scrapeguard.cli import main
from scrapeguard.guard import Guard

HOLD_AT_MOST = 60.0  # (seconds: a test that failed before releasing them does not leave the proxy hanging for ever)


def _held_until(release: Path) -> Any:
    analyse = Guard._analyse_image

    def held(self: Guard, *args: Any, **kwargs: Any) -> Any:
        given_up = time.monotonic() + HOLD_AT_MOST
        while not release.exists() and time.monotonic() < given_up:
            time.sleep(0.05)
        return analyse(self, *args, **kwargs)

    return held


if __name__ == "__main__":
    release, *args = sys.argv[1:]
    Guard._analyse_image = _held_until(Path(release))  # type: ignore[method-assign]
    raise SystemExit(main(["proxy", *args]))
