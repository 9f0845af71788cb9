"""Detectors: images on a page with their context, faces and metadata in image bytes."""

from scrapeguard.detect.base import Face, ImageAnalysis, ImageRef, PageAnalysis
from scrapeguard.detect.images import analyse_image, blur_faces, detect_faces
from scrapeguard.detect.page import analyse_page, find_images, redact_html

__all__ = [
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
