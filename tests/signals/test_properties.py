"""Property tests: random bytes and text into every reader. No exception ever escapes,
every answer is a well-formed Signal, and hostile image bytes never produce an ALLOW."""

from __future__ import annotations

import struct

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrapeguard.detect.base import PageAnalysis
from scrapeguard.resource import FetchResult, Headers
from scrapeguard.signals import host_file_readers, response_readers
from scrapeguard.signals.base import ResponseView, Signal, Verdict
from scrapeguard.signals.embedded import EmbeddedReader
from scrapeguard.signals.robots import RobotsTxt, canonical, path_of
from signals.image_fixtures import (
    gif_c2pa_extension,
    gif_with_extensions,
    gif_xmp_extension,
    heif_like,
    jpeg_with_xmp,
    manifest_store,
    png_with_c2pa,
    tiff_with_tags,
    xmp_packet,
)

USAGES = st.sampled_from(["search", "train-ai", "ai-use", "tdm", "archive"])
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ROBOTS_WORDS = st.sampled_from([
    "User-agent:", "user-agent: *", "Allow:", "Disallow:", "Disallow: /", "Content-Usage:", "Content-Signal:",
    "*", "$", "/", "%", "%2F", "%3F", "%E3%83%84", "?", "#", "\n", "\r\n", "\r", " ", "\t", "foo", "FooBot",
    "\ufeff", "ツ", "\x00", ":", "=", "train-ai=n", "/a*b$",
])
ROBOTS_TEXT = st.lists(ROBOTS_WORDS, max_size=60).map("".join)
URLS = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(["http://h", "/", "a", "%", "%2f", "?", "#", "*", "$", "ツ", ";", "//", "%zz", "x"]),
             max_size=20).map("".join),
)


def _well_formed(signals: list[Signal]) -> None:
    assert isinstance(signals, list)
    for s in signals:
        assert isinstance(s, Signal)
        assert s.verdict in (Verdict.ALLOW, Verdict.DENY, Verdict.UNKNOWN)
        assert s.code and "." in s.code
        assert s.applies_to in ("self", "images", "both")


ANY_CHARS = st.text(alphabet=st.characters(blacklist_categories=()), max_size=300)


@FAST
@given(data=st.one_of(st.binary(max_size=2000), st.text(max_size=2000), ROBOTS_TEXT,
                      st.lists(st.one_of(ROBOTS_WORDS, ANY_CHARS), max_size=20).map("".join)),
       url=st.one_of(URLS, ANY_CHARS), agent=st.one_of(st.text(max_size=40), ANY_CHARS))
def test_robots_txt_never_raises(data: str | bytes, url: str, agent: str) -> None:
    parsed = RobotsTxt.parse(data)
    assert isinstance(parsed.allows(url, agent), bool)
    decision = parsed.decide(url, agent)
    assert decision.allowed == parsed.allows(url, agent)


@FAST
@given(data=ROBOTS_TEXT, url=URLS)
def test_decide_rule_agrees_with_the_verdict(data: str, url: str) -> None:
    decision = RobotsTxt.parse(data).decide(url, "foobot")
    if decision.rule is not None:
        assert decision.rule.allow == decision.allowed
    if not decision.allowed:
        assert decision.rule is not None  # a refusal always names its line


@FAST
@given(value=st.text(max_size=200), pattern=st.booleans())
def test_canonical_is_idempotent_on_decoded_forms(value: str, pattern: bool) -> None:
    once = canonical(value, pattern=pattern)
    assert isinstance(once, str) and once.isascii()
    assert path_of(value).startswith("/")


@FAST
@given(status=st.one_of(st.none(), st.integers(min_value=0, max_value=999)), body=st.binary(max_size=3000),
       url=URLS, usage=USAGES)
def test_host_file_readers_never_raise(status: int | None, body: bytes, url: str, usage: str) -> None:
    for reader in host_file_readers():
        result = FetchResult("http://h" + reader.path, status, Headers(), body, error=None if status else "boom")
        state = reader.parse(result)
        assert reader.ttl(result) > 0
        _well_formed(reader.evaluate(state, "http://h/" + url, "scrapeguard", usage))  # type: ignore[arg-type]


HEADER_NAMES = st.sampled_from(["X-Robots-Tag", "Robots-Tag", "tdm-reservation", "tdm-policy", "Content-Usage",
                                "Content-Signal", "crawler-price", "Content-Type"])
HEADER_VALUES = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(["noai", "noimageai", "noindex", ":", ",", "bot:", "unavailable_after:", "Friday",
                              "max-image-preview:none", "1", "0", "train-ai=n", "=", ";", '"', "*;noindex", " "]),
             max_size=30).map("".join),
)
META = st.lists(st.tuples(st.sampled_from(["robots", "scrapeguard", "tdm-reservation", "tdm-policy", "x"]),
                          st.text(max_size=100)), max_size=8)


@FAST
@given(headers=st.lists(st.tuples(HEADER_NAMES, HEADER_VALUES), max_size=12), meta=META,
       status=st.one_of(st.none(), st.integers(min_value=100, max_value=599)),
       kind=st.sampled_from(["html", "image", "svg", "other"]), body=st.binary(max_size=500), usage=USAGES)
def test_response_readers_never_raise(headers: list[tuple[str, str]], meta: list[tuple[str, str]], status: int | None,
                                      kind: str, body: bytes, usage: str) -> None:
    view = ResponseView("http://h/a", status, Headers(headers), kind, body,  # type: ignore[arg-type]
                        PageAnalysis(meta=meta) if kind == "html" else None)
    for reader in response_readers():
        _well_formed(reader.evaluate(view, "scrapeguard", usage))  # type: ignore[arg-type]


MAGIC = st.sampled_from([b"\xff\xd8", b"\xff\xd8\xff\xe1", b"\xff\xd8\xff\xeb", b"\x89PNG\r\n\x1a\n",
                         b"RIFF\x00\x00\x00\x00WEBP", b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+",
                         b"GIF89a", b"\x00\x00\x00\x18ftypavif", b"\x00\x00\x00\x0cJXL \r\n\x87\n", b""])


@FAST
@given(prefix=MAGIC, rest=st.binary(max_size=4000), usage=USAGES)
def test_random_image_bytes_never_raise_and_never_allow(prefix: bytes, rest: bytes, usage: str) -> None:
    view = ResponseView("http://h/i", 200, Headers(), "image", prefix + rest)
    out = EmbeddedReader().evaluate(view, "scrapeguard", usage)  # type: ignore[arg-type]
    _well_formed(out)
    assert all(s.verdict != Verdict.ALLOW for s in out)


SAMPLES = [
    jpeg_with_xmp(xmp_packet("DMI-PROHIBITED")),
    png_with_c2pa(manifest_store("cawg.training-mining", {"cawg.ai_training": "notAllowed"})),
    tiff_with_tags({700: xmp_packet("DMI-PROHIBITED"), 0xCD41: manifest_store("c2pa.training-mining", {})}),
    tiff_with_tags({700: xmp_packet("DMI-PROHIBITED")}, order=">", big=True),
    gif_with_extensions([gif_xmp_extension(xmp_packet("DMI-PROHIBITED")),
                         gif_c2pa_extension(manifest_store("c2pa.training-mining", {"c2pa.ai_training": "notAllowed"}))]),
    heif_like(xmp_packet("DMI-PROHIBITED") + manifest_store("c2pa.training-mining", {"c2pa.ai_training": "notAllowed"})),
]


@FAST
@given(sample=st.sampled_from(SAMPLES), cut=st.integers(min_value=0, max_value=4000),
       flips=st.lists(st.tuples(st.integers(min_value=0, max_value=4000), st.integers(min_value=0, max_value=255)),
                      max_size=8), usage=USAGES)
def test_mutated_real_images_never_raise(sample: bytes, cut: int, flips: list[tuple[int, int]], usage: str) -> None:
    data = bytearray(sample[:max(cut, 2)] if cut < len(sample) else sample)
    for pos, value in flips:
        if pos < len(data):
            data[pos] = value
    view = ResponseView("http://h/i", 200, Headers(), "image", bytes(data))
    _well_formed(EmbeddedReader().evaluate(view, "scrapeguard", usage))  # type: ignore[arg-type]


@FAST
@given(length=st.integers(min_value=0, max_value=2**32 - 1), payload=st.binary(max_size=64))
def test_lying_png_lengths(length: int, payload: bytes) -> None:
    body = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", length) + b"caBX" + payload
    view = ResponseView("http://h/i", 200, Headers(), "image", body)
    out = EmbeddedReader().evaluate(view, "scrapeguard", "train-ai")
    _well_formed(out)
    assert all(s.verdict != Verdict.ALLOW for s in out)
