"""Image helpers the detection tests share (importable: `from imagekit import ...`)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from scrapeguard.detect.faces import get_backend
from scrapeguard.detect.images import DetectorUnavailable

IMAGES = Path(__file__).resolve().parent / "data" / "images"


def encode(img: Image.Image, fmt: str = "JPEG", **options: object) -> bytes:
    """The picture written in `fmt`, as bytes a server would send."""
    buffer = io.BytesIO()
    img.save(buffer, format=fmt, **options)
    return buffer.getvalue()


@pytest.fixture(scope="module", autouse=True)
def detector_installed() -> None:
    """Import into a test module to skip it where no face detector is installed."""
    try:
        get_backend()
    except DetectorUnavailable as exc:
        pytest.skip(f"no face detector installed: {exc}")
