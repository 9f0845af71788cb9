"""Detectors: images on a page with their context, faces and metadata in image bytes."""

from scrapeguard.detect import _native

# "mypyc" or "python": chosen before the page-analysis modules are first imported (see _native)
IMPLEMENTATION: str = _native.activate()

from scrapeguard.detect.base import Face, ImageAnalysis, ImageRef, PageAnalysis  # noqa: E402
from scrapeguard.detect.images import analyse_image, blur_faces, detect_faces  # noqa: E402
from scrapeguard.detect.page import analyse_page, find_images  # noqa: E402
from scrapeguard.detect.page_redact import redact_html  # noqa: E402

__all__ = [
    "IMPLEMENTATION",
    "Face",
    "ImageAnalysis",
    "ImageRef",
    "PageAnalysis",
    "analyse_image",
    "analyse_page",
    "blur_faces",
    "detect_faces",
    "find_images",
    "redact_html",
]
