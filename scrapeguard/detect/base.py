"""Value types shared by the detectors: image references on a page, faces in bytes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal, Protocol

from scrapeguard.jurisdiction import PageHints

ImageKind = Literal["img", "picture", "og", "jsonld", "css"]
PageLabel = Literal["person-centric", "mixed", "no-people"]


@dataclass(slots=True)
class ImageRef:
    """One image a page references, with what its context says about people.

    `src` is exactly as written (entity-decoded); `url` is absolute. `score` is 0..1 and
    `personal` is `score >= threshold`; `reasons` are short codes a reviewer can read
    (`alt:person-name`, `schema:Person`, `class:avatar`).
    """

    src: str
    url: str
    kind: ImageKind
    personal: bool = False
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)

# what marks a `<meta http-equiv>` entry of PageAnalysis.meta (`http-equiv:content-usage`): given as a
# `<meta name>` is, a finding called the page's http-equiv tag a `name=` one (signals.base.meta_tag reads it)
HTTP_EQUIV: Final = "http-equiv:"


@dataclass(slots=True)
class PageAnalysis:
    """Everything the guard needs from one parse of an HTML page."""

    images: list[ImageRef] = field(default_factory=list)
    # robots-style meta tags: (name lower-cased, content), e.g. ("robots", "noimageai"),
    # ("scrapeguard", "noai"), ("tdm-reservation", "1"), ("tdm-policy", "https://…"); an http-equiv
    # one marked so, as the readers word it: ("http-equiv:x-robots-tag", "noai")
    meta: list[tuple[str, str]] = field(default_factory=list)
    # the indices into `meta` of the tags that were no children of the page's <head> (as the parser placed
    # them): a user's comment, an inline SVG, a template's content in the body; none of them the publisher's
    # TDMRep statement, which such a `tdm-reservation: 0` lifted (review)
    meta_outside_head: frozenset[int] = frozenset()
    hints: PageHints = field(default_factory=PageHints)
    label: PageLabel = "no-people"
    title: str = ""
    error: str | None = None
    # the page was not analysed because the analyses of others held the workers (`page_deadline`): its `error`
    # says so, and the guard's refusal is a transient one (`page.busy`), nothing being wrong with the page
    busy: bool = False
    # what the analysis left unread because a page exceeded a limit (the images it names are
    # then judged on their bytes alone); the guard records each as a note
    limits: list[str] = field(default_factory=list)
    # (link URL, picture URL): an `<a href>` to an image file around a picture, the full-size
    # copy a lightbox opens. Not a reference of its own: the guard judges it, when it is
    # requested, with what the page said about the picture it enlarges
    full_size: list[tuple[str, str]] = field(default_factory=list)
    # what the page says of its pictures embedded as `data:` URIs (an element naming no other
    # picture), by the sha256 of the picture's bytes (`inline.data_uri_digest`): (personal, score,
    # reasons). Not references: the guard judges the embedded picture with it, as a fetched one
    # with its ImageRef
    embedded: dict[str, tuple[bool, float, list[str]]] = field(default_factory=dict)
    # the decoded documents of its frames' `data:` sources (nested ones too): the pictures they embed are in no
    # bytes of the page's own, where the guard looks for them, and a portrait there passed unseen (review)
    frame_documents: list[bytes] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Face:
    """A detected face: box (x, y, w, h) in original pixels, and the detector's score.
    Never an embedding or a template."""

    box: tuple[int, int, int, int]
    score: float


@dataclass(slots=True)
class PersonalData:
    """Personal data found in image metadata (EXIF GPS, serial numbers, owner names).
    `detail` never carries the raw value of a location: a country-level summary only."""

    code: str
    detail: str


@dataclass(slots=True)
class ImageAnalysis:
    """What the bytes of one image showed."""

    width: int = 0
    height: int = 0
    format: str = ""
    faces: list[Face] = field(default_factory=list)
    personal_data: list[PersonalData] = field(default_factory=list)
    detector: str = ""
    detector_version: str = ""
    min_px: int = 0
    min_score: float = 0.0
    unknown: str | None = None  # e.g. "svg not rasterised": cannot tell, treat as unknown
    error: str | None = None  # decoding or detector failure: goes to runtime.on_error
    # perceptual hash of the whole picture (dHash), for finding copies of an erased image and
    # answering access requests by a copy; it says nothing about who is shown (no face template)
    phash: str | None = None


class FaceDetector(Protocol):
    """A face detector backend. A second backend is a new module with this shape."""

    name: str
    version: str

    def detect(self, image: object) -> list[Face]:
        """Faces in a PIL image (RGB), boxes in that image's pixels."""
        ...
