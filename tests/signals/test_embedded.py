"""Opt-outs inside image bytes: IPTC plus:DataMining in XMP (JPEG main + extended,
PNG iTXt / tEXt / zTXt / ImageMagick raw profile, WebP, TIFF, GIF, AVIF/HEIF, an SVG's
metadata) and C2PA / CAWG training-mining (PNG caBX, JPEG APP11, WebP C2PA, TIFF 0xCD41,
GIF C2PA_GIF, a store found in a BMFF file), bounded and safe on hostile input; a format
not read is said, never skipped in silence; a packet that is not well-formed is read by a
recovering parser, and one even that cannot read is an error for the policy's on_error."""

from __future__ import annotations

import base64
import io
import struct
import time
import zlib

import brotli
import pytest
from PIL import Image

from scrapeguard import Guard
from scrapeguard.resource import Headers
from scrapeguard.signals.base import ResponseView, Verdict
from scrapeguard.signals.embedded import (
    MAX_SEGMENTS,
    UNREADABLE,
    DataMiningReading,
    EmbeddedReader,
    data_mining_codes,
    extract,
    read_data_mining,
    training_assertions,
    xmp_text,
)
from scrapeguard.signals.embedded.common import MAX_XMP_BYTES
from scrapeguard.signals.embedded.scan import MAX_SCAN_FINDS
from signals.image_fixtures import (
    PLUS,
    VOCAB,
    _pixels,
    avif_with_xmp,
    box,
    cbor,
    gif_c2pa_extension,
    gif_with_extensions,
    gif_xmp_extension,
    heif_like,
    heif_with_xmp_item,
    ico_with,
    jpeg_with_c2pa,
    jpeg_with_extended_xmp,
    jpeg_with_segments,
    jpeg_with_xmp,
    jumd,
    manifest_store,
    metadata_store,
    png_chunk,
    png_with_c2pa,
    png_with_chunks,
    png_with_xmp,
    tiff_with_tags,
    webp_with_chunks,
    xmp_packet,
)
from sitekit import Site


def run(body: bytes, usage: str = "train-ai") -> list:  # noqa: ANN401
    v = ResponseView("http://h/img", 200, Headers(), "image", body)
    return EmbeddedReader().evaluate(v, "scrapeguard", usage)  # type: ignore[arg-type]


def codes(body: bytes, usage: str = "train-ai") -> dict[str, Verdict]:
    return {s.code: s.verdict for s in run(body, usage)}


@pytest.mark.parametrize(("code", "usage", "expected"), [
    ("DMI-PROHIBITED-AIMLTRAINING", "train-ai", Verdict.DENY),
    ("DMI-PROHIBITED-AIMLTRAINING", "ai-train", Verdict.DENY),
    ("DMI-PROHIBITED-AIMLTRAINING", "search", None),
    ("DMI-PROHIBITED-GENAIMLTRAINING", "train-ai", Verdict.DENY),
    ("DMI-PROHIBITED-GENAIMLTRAINING", "ai-train", None),  # discriminative training not covered
    ("DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING", "train-ai", Verdict.DENY),
    ("DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING", "search", Verdict.ALLOW),
    ("DMI-PROHIBITED", "search", Verdict.DENY),
    ("DMI-PROHIBITED-SEECONSTRAINT", "tdm", Verdict.DENY),
    ("DMI-ALLOWED", "train-ai", Verdict.ALLOW),
    ("DMI-UNSPECIFIED", "train-ai", None),
    ("dmi-prohibited", "train-ai", Verdict.DENY),
])
def test_iptc_codes(code: str, usage: str, expected: Verdict | None) -> None:
    got = [s.verdict for s in run(jpeg_with_xmp(xmp_packet(code)), usage)]
    assert got == ([expected] if expected else [])


@pytest.mark.parametrize("make", [
    lambda p: jpeg_with_xmp(p),
    lambda p: jpeg_with_extended_xmp(p, chunks=2),
    lambda p: jpeg_with_extended_xmp(p, chunks=5),
    lambda p: png_with_xmp(p),
    lambda p: png_with_xmp(p, compressed=True),
    lambda p: webp_with_chunks([(b"XMP ", p)]),
])
def test_every_container(make) -> None:  # noqa: ANN001
    body = make(xmp_packet("DMI-PROHIBITED", prefix="plusx", element=True, pad=20_000))
    assert codes(body) == {"xmp.data_mining.prohibited": Verdict.DENY}


def test_prefix_is_resolved_not_assumed() -> None:
    """A DataMining of another vocabulary is none of IPTC's: ignored (its value no DMI code)."""
    wrong_ns = xmp_packet("DMI-PROHIBITED").replace(b"http://ns.useplus.org/ldf/xmp/1.0/", b"http://example.org/other/")
    assert run(jpeg_with_xmp(wrong_ns.replace(VOCAB.encode() + b"DMI-PROHIBITED", b"open"))) == []


def test_bare_code_and_iptc_ext_property() -> None:
    packet = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              b'<rdf:Description xmlns:e="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">'
              b"<e:DataMining>DMI-PROHIBITED-AIMLTRAINING</e:DataMining></rdf:Description></rdf:RDF></x:xmpmeta>")
    assert data_mining_codes(packet) == ["DMI-PROHIBITED-AIMLTRAINING"]


def _listed(container: str, *codes: str, broken: bool = False) -> bytes:
    """A packet whose one DataMining property is written as an RDF list of `codes` (the property
    takes one value; writers that take it for a list write this); `broken`: with a raw "&"."""
    items = "".join(f'<rdf:li xml:lang="x-default">http://ns.useplus.org/ldf/vocab/{c}</rdf:li>' for c in codes)
    caption = "<dc:title>Smith & Sons</dc:title>" if broken else ""
    return ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"{caption}<plus:DataMining><rdf:{container}>{items}</rdf:{container}></plus:DataMining>"
            "</rdf:Description></rdf:RDF></x:xmpmeta>").encode()


@pytest.mark.parametrize("broken", [False, True])
@pytest.mark.parametrize("container", ["Bag", "Seq", "Alt"])
def test_a_data_mining_written_as_a_list_is_read_item_by_item(container: str, broken: bool) -> None:
    """Only the list's first item was read: `DMI-UNSPECIFIED, DMI-PROHIBITED` passed as unspecified,
    the image allowed without a word. Every item counts, as several values would (any DENY wins)."""
    body = jpeg_with_xmp(_listed(container, "DMI-UNSPECIFIED", "DMI-PROHIBITED-AIMLTRAINING", broken=broken))
    assert codes(body)["xmp.data_mining.prohibited"] == Verdict.DENY
    assert data_mining_codes(_listed(container, "DMI-ALLOWED", "DMI-PROHIBITED")) == ["DMI-ALLOWED", "DMI-PROHIBITED"]


def test_through_the_guard_an_image_whose_listed_data_mining_prohibits_is_blocked(site: Site) -> None:
    site.routes["/a.jpg"] = (200, {"Content-Type": "image/jpeg"},
                             jpeg_with_xmp(_listed("Bag", "DMI-UNSPECIFIED", "DMI-PROHIBITED")))
    with _strict_guard() as g:
        d = g.check_url(site.url("/a.jpg"))
    assert d.action == "block" and [f.code for f in d.findings] == ["xmp.data_mining.prohibited"]


_MALFORMED = b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta xmlns:x='adobe:ns:meta/'><a>Smith & Sons</a></x:xmpmeta>"


def test_many_packets_alike_are_said_once_and_counted() -> None:
    """4,000 malformed XMP packets gave 4,000 alike notes for one image; an opt-out among them still counts."""
    body = jpeg_with_segments([(0xE1, _MALFORMED)] * 4000 + [(0xE1, b"http://ns.adobe.com/xap/1.0/\x00"
                                                                      + xmp_packet("DMI-PROHIBITED"))] * 2)
    out = run(body)
    assert [(s.code, s.verdict) for s in out] == [("xmp.malformed", Verdict.UNKNOWN),
                                                   ("xmp.data_mining.prohibited", Verdict.DENY)]
    assert out[0].detail.endswith("(and 3999 more alike in this image)")


def test_notes_of_one_kind_that_differ_are_each_said() -> None:
    """Collapsing alike notes keeps those that say different things: a cut XMP chunk and a malformed one."""
    body = png_with_chunks([png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00"),
                            png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00")])
    details = [s.detail for s in run(body) if s.code == "embedded.container_truncated"]
    assert len(details) == 2 and "iTXt chunk truncated" in details[0] and "iTXt chunk malformed" in details[1]


def test_through_the_guard_4000_malformed_packets_are_one_note(site: Site, tmp_path) -> None:  # noqa: ANN001
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")
    site.routes["/a.jpg"] = (200, {"Content-Type": "image/jpeg"}, jpeg_with_segments([(0xE1, _MALFORMED)] * 4000))
    audit = tmp_path / "audit.sqlite"
    with Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=str(audit)) as g:
        d = g.check_url(site.url("/a.jpg"))
    assert d.action == "allow" and [n.code for n in d.notes if n.code.startswith("xmp")] == ["xmp.malformed"]
    assert audit.stat().st_size < 500_000


@pytest.mark.parametrize("packet", [
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><x DataMining="&b;"/>',
    b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><x>DataMining</x>',
    b"<x DataMining='1'><unclosed>",
])
def test_hostile_or_broken_xmp_is_unknown_with_a_warning(packet: bytes) -> None:
    """Refused by the strict parser, read by the recovering one: no PLUS DataMining in it
    (an unprefixed attribute or a text is none), and it is said how it was read."""
    [s] = run(jpeg_with_xmp(packet))
    assert (s.verdict, s.code, s.warning) == (Verdict.UNKNOWN, "xmp.malformed", True)


@pytest.mark.parametrize("first, second", [("DMI-ALLOWED", "DMI-PROHIBITED"), ("DMI-PROHIBITED", "DMI-ALLOWED")])
def test_a_data_mining_attribute_given_twice_is_unreadable_whichever_comes_first(first: str, second: str) -> None:
    """The recovering parser reads an attribute given twice as its first value twice: as many values as written,
    so the second was never read, and the outcome hung on the order (review). Which one the publisher meant
    cannot be told (as a key given twice in TDMRep or C2PA): the policy's on_error decides."""
    packet = xmp_packet(first).replace(b'DataMining="', f'DataMining="{VOCAB}{second}" p:DataMining="'.encode(), 1)
    assert packet.count(b"p:DataMining=") == 2
    assert "xmp.unreadable" in {s.code for s in run(jpeg_with_xmp(packet))}
    once = xmp_packet(first)
    assert "xmp.unreadable" not in {s.code for s in run(jpeg_with_xmp(once))}


def test_an_xmp_packet_without_any_xml_is_unreadable() -> None:
    [s] = run(jpeg_with_xmp(b"DataMining without any xml"))
    assert (s.verdict, s.code, s.warning) == (Verdict.UNKNOWN, "xmp.unreadable", True)
    assert s.code in UNREADABLE


@pytest.mark.parametrize("packet", [b"", b"\x00\x01 garbage", b"<x:xmpmeta"])
def test_an_empty_or_garbled_packet_that_names_no_data_mining_is_only_malformed(packet: bytes) -> None:
    """Nothing in it could be an opt-out: a note, not an error for on_error (an empty XMP
    segment is common in re-saved JPEGs)."""
    [s] = run(jpeg_with_xmp(packet))
    assert (s.verdict, s.code, s.warning) == (Verdict.UNKNOWN, "xmp.malformed", True)


def test_unknown_code_is_a_warning() -> None:
    [s] = run(jpeg_with_xmp(xmp_packet("DMI-SOMETHING-NEW")))
    assert (s.code, s.warning) == ("xmp.data_mining.unknown_code", True)


@pytest.mark.parametrize("usage", ["train-ai", "search", "ai-use", "tdm"])
def test_a_prohibition_no_iptc_code_names_is_unplaced_not_a_note(usage: str) -> None:
    """`DMI-PROHIBITED-AIGENAI` (a code some writers emit, not IPTC's) was an unknown-code note and
    the image was allowed: it prohibits something, whose reach cannot be told, so it is one of the
    unreadable opt-outs the policy's on_error decides."""
    [s] = run(jpeg_with_xmp(xmp_packet("DMI-PROHIBITED-AIGENAI")), usage)
    assert (s.verdict, s.code, s.warning) == (Verdict.UNKNOWN, "xmp.data_mining.unplaced", True)
    assert s.code in UNREADABLE and "DMI-PROHIBITED-AIGENAI" in s.detail


def test_a_prohibition_no_iptc_code_names_says_nothing_to_a_usage_no_code_can_deny() -> None:
    [s] = run(jpeg_with_xmp(xmp_packet("DMI-PROHIBITED-AIGENAI")), "archive")
    assert (s.code, s.code in UNREADABLE) == ("xmp.data_mining.unknown_code", False)


@pytest.mark.parametrize(("on_error", "action"), [("fail-closed", "block"), ("fail-open", "log")])
def test_through_the_guard_an_unplaced_prohibition_is_decided_by_on_error(site: Site, on_error: str,
                                                                          action: str) -> None:
    site.routes["/a.jpg"] = (200, {"Content-Type": "image/jpeg"}, jpeg_with_xmp(xmp_packet("DMI-PROHIBITED-AIGENAI")))
    with _strict_guard(on_error) as g:
        d = g.check_url(site.url("/a.jpg"))
    [f] = [f for f in d.findings if f.code == "xmp.data_mining.unplaced"]
    assert (f.kind, f.action, d.action) == ("error", action, action)


def test_no_metadata_means_nothing() -> None:
    assert run(jpeg_with_segments([])) == []
    assert run(png_with_chunks([])) == []


@pytest.mark.parametrize(("label", "entries", "usage", "denied"), [
    ("cawg.training-mining", {"cawg.ai_training": "constrained"}, "train-ai", True),
    ("cawg.training-mining", {"cawg.ai_training": "notAllowed"}, "ai-train", True),
    ("cawg.training-mining", {"cawg.ai_generative_training": "notAllowed"}, "ai-train", False),
    ("cawg.training-mining", {"cawg.ai_inference": "notAllowed"}, "ai-use", True),
    ("cawg.training-mining", {"cawg.data_mining": "notAllowed"}, "tdm", True),
    ("cawg.training-mining", {"cawg.ai_training": "allowed"}, "train-ai", False),
    ("c2pa.training-mining", {"c2pa.ai_generative_training": "notAllowed"}, "train-ai", True),
    ("c2pa.training-mining", {"c2pa.ai_training": "constrained"}, "train-ai", True),
])
def test_c2pa_entries(label: str, entries: dict[str, str], usage: str, denied: bool) -> None:
    got = codes(png_with_c2pa(manifest_store(label, entries)), usage)
    assert got == ({"c2pa.training.not_allowed": Verdict.DENY} if denied else {})


@pytest.mark.parametrize("entries", [{"cawg.ai_training": "NotAllowed"}, {"cawg.ai_training": "not_allowed"},
                                     {"cawg.AI_Training": "notAllowed"}, {"ai_training": "notAllowed"},
                                     {"C2PA.ai-training": "Constrained"}])
def test_a_refusal_written_in_another_case_or_spelling_is_honoured(entries: dict[str, str]) -> None:
    """Only a refusal is read, and read generously it only makes us stricter: `NotAllowed` or
    `not_allowed` was skipped without a word and the image let through for training."""
    assert codes(png_with_c2pa(manifest_store("cawg.training-mining", entries))) == {
        "c2pa.training.not_allowed": Verdict.DENY}


@pytest.mark.parametrize(("entries", "said"), [
    ({"custom.key": "notAllowed"}, '`custom.key="notAllowed"`'),
    ({"cawg.ai_training": "forbidden"}, '`cawg.ai_training="forbidden"`'),
])
def test_a_refusal_under_an_unknown_entry_or_an_unknown_use_is_noted_not_dropped(entries: dict[str, str],
                                                                                 said: str) -> None:
    [note] = run(png_with_c2pa(manifest_store("cawg.training-mining", entries)))
    assert (note.verdict, note.code, note.warning) == (Verdict.UNKNOWN, "c2pa.training.unknown_entry", True)
    assert said in note.detail


def test_an_unknown_entry_that_allows_gives_no_note() -> None:
    assert run(png_with_c2pa(manifest_store("cawg.training-mining", {"custom.key": "allowed"}))) == []


def _store_of_entries(entries: dict[str, object]) -> bytes:
    """A training-mining assertion whose `entries` are given as written, not each wrapped in `{"use": …}`."""
    assertion = box(b"jumb", jumd("cawg.training-mining") + box(b"cbor", cbor({"entries": entries})))
    assertions = box(b"jumb", jumd("c2pa.assertions") + assertion)
    return box(b"jumb", jumd("c2pa") + box(b"jumb", jumd("urn:uuid:0") + assertions))


def test_an_entry_written_as_its_use_alone_is_read_as_that_use() -> None:
    """`"cawg.ai_training": "notAllowed"`, the entry without its `{"use": …}` map, was skipped without
    a word and the image let through for training; read generously, a refusal only makes us stricter."""
    assert codes(png_with_c2pa(_store_of_entries({"cawg.ai_training": "notAllowed"}))) == {
        "c2pa.training.not_allowed": Verdict.DENY}
    assert run(png_with_c2pa(_store_of_entries({"cawg.ai_training": "allowed"}))) == []


@pytest.mark.parametrize("entry", [["notAllowed"], 0])
def test_an_entry_that_is_neither_a_map_nor_a_use_is_noted_not_dropped(entry: object) -> None:
    [note] = run(png_with_c2pa(_store_of_entries({"cawg.ai_training": entry})))
    assert (note.verdict, note.code, note.warning) == (Verdict.UNKNOWN, "c2pa.training.unknown_entry", True)
    assert "cawg.ai_training=" in note.detail


def test_through_the_guard_an_image_whose_c2pa_refusal_is_spelt_otherwise_is_blocked(site: Site) -> None:
    """A real image from a real server, fetched for training: `NotAllowed` binds as `notAllowed` does."""
    body = png_with_c2pa(manifest_store("cawg.training-mining", {"cawg.ai_generative_training": "NotAllowed"}))
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")
    site.routes["/photo.png"] = (200, {"Content-Type": "image/png"}, body)
    with Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False) as g:
        d = g.check_url(site.url("/photo.png"))
    assert d.action == "block" and "c2pa.training.not_allowed" in [f.code for f in d.findings]


@pytest.mark.parametrize("namespace", ["http://ns.useplus.org/ldf/xmp/1.0", "https://ns.useplus.org/ldf/xmp/1.0/",
                                       "http://ns.useplus.org/ldf/xmp/1.0/ "])
@pytest.mark.parametrize("element", [False, True])
def test_a_data_mining_property_in_a_misspelt_plus_namespace_is_still_read(namespace: str, element: bool) -> None:
    """The PLUS namespace without its trailing `/` (or as https) put DMI-PROHIBITED in another
    namespace: the image was let through for training without a word."""
    packet = xmp_packet("DMI-PROHIBITED-AIMLTRAINING", element=element).replace(
        b"http://ns.useplus.org/ldf/xmp/1.0/", namespace.encode())
    assert codes(jpeg_with_xmp(packet)) == {"xmp.data_mining.prohibited": Verdict.DENY}


def test_a_bag_of_values_under_the_plus_name_does_not_hide_a_refusal_in_a_misspelt_namespace() -> None:
    """The fall-back to any namespace ran only when fewer values than properties were found: a Bag of two
    values under the right name covered a second DataMining, DMI-PROHIBITED, in a misspelt one, unread."""
    from signals.image_fixtures import PLUS

    packet = (f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              f'<rdf:Description rdf:about="" xmlns:p="{PLUS}" xmlns:bad="http://ns.useplus.org/ldf/xmp/1.0">'
              f'<p:DataMining><rdf:Bag><rdf:li>{VOCAB}DMI-UNSPECIFIED</rdf:li><rdf:li>{VOCAB}DMI-ALLOWED</rdf:li>'
              f'</rdf:Bag></p:DataMining><bad:DataMining rdf:resource="{VOCAB}DMI-PROHIBITED"/>'
              f'</rdf:Description></rdf:RDF></x:xmpmeta>').encode()
    assert codes(jpeg_with_xmp(packet)).get("xmp.data_mining.prohibited") == Verdict.DENY


def test_an_iptc_code_under_a_data_mining_of_any_namespace_is_read() -> None:
    """A DMI code says whose vocabulary it is, whatever namespace its property was put in."""
    packet = xmp_packet("DMI-PROHIBITED").replace(b"http://ns.useplus.org/ldf/xmp/1.0/", b"http://example.org/other/")
    assert codes(jpeg_with_xmp(packet)) == {"xmp.data_mining.prohibited": Verdict.DENY}
    broken = packet.replace(b"</rdf:RDF>", b"<unclosed></rdf:RDF>")  # read by the recovering parser
    assert codes(jpeg_with_xmp(broken)) == {"xmp.data_mining.prohibited": Verdict.DENY, "xmp.malformed": Verdict.UNKNOWN}


LINK = '<https://cdn.example/manifests/a.c2pa>; rel="c2pa-manifest"'


@pytest.mark.parametrize("link", [LINK, '<https://cdn.example/m.c2pa>; REL="alternate C2PA-Manifest"',
                                  '<https://h/style.css>; rel=preload, <https://cdn.example/m.c2pa>; rel=c2pa-manifest'])
def test_a_remote_manifest_announced_by_a_link_header_is_said_to_be_unread(link: str) -> None:
    """C2PA lets the manifest live elsewhere: its training-mining opt-out is not fetched, and the
    decision says so instead of passing the image as if it had none."""
    v = ResponseView("http://h/img", 200, Headers([("Link", link)]), "image", jpeg_with_segments([]))
    [note] = EmbeddedReader().evaluate(v, "scrapeguard", "train-ai")
    assert (note.verdict, note.code, note.warning) == (Verdict.UNKNOWN, "c2pa.manifest.remote", True)
    assert "cdn.example/m" in note.detail


@pytest.mark.parametrize(("link", "body", "usage"), [
    ('<https://h/next>; rel="next"', jpeg_with_segments([]), "train-ai"),  # another relation
    (LINK, png_with_c2pa(manifest_store("cawg.training-mining", {"cawg.ai_training": "allowed"})), "train-ai"),
    (LINK, jpeg_with_segments([]), "search"),  # no C2PA entry speaks of indexing
])
def test_no_remote_manifest_note_where_it_could_not_matter(link: str, body: bytes, usage: str) -> None:
    v = ResponseView("http://h/img", 200, Headers([("Link", link)]), "image", body)
    assert "c2pa.manifest.remote" not in [s.code for s in EmbeddedReader().evaluate(v, "scrapeguard", usage)]


def test_through_the_guard_an_image_with_a_remote_manifest_is_noted(site: Site) -> None:
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")
    site.routes["/photo.jpg"] = (200, {"Content-Type": "image/jpeg", "Link": LINK}, jpeg_with_segments([]))
    with Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False) as g:
        d = g.check_url(site.url("/photo.jpg"))
    assert "c2pa.manifest.remote" in [n.code for n in d.notes]


def test_allowed_is_never_trusted_as_allow() -> None:
    assert all(s.verdict != Verdict.ALLOW for s in run(png_with_c2pa(manifest_store(
        "cawg.training-mining", {"cawg.ai_training": "allowed"}))))


@pytest.mark.parametrize("make", [
    lambda s: jpeg_with_c2pa(s),
    lambda s: jpeg_with_c2pa(s, segment_payload=40),  # split over many APP11 segments
    lambda s: webp_with_chunks([(b"C2PA", s)]),
])
def test_c2pa_containers(make) -> None:  # noqa: ANN001
    store = manifest_store("cawg.training-mining", {"cawg.ai_generative_training": "notAllowed"})
    assert codes(make(store)) == {"c2pa.training.not_allowed": Verdict.DENY}


def test_a_training_mining_assertion_its_broken_store_keeps_from_being_read_is_unreadable() -> None:
    """An opt-out that may be in it went unseen: one of UNREADABLE (the policy's on_error decides), as
    an unreadable XMP DataMining is; it was a note beside an allow. Where C2PA cannot deny the usage
    (search: no entry speaks of indexing), a note."""
    store = manifest_store("c2pa.training-mining", {"c2pa.ai_training": "notAllowed"}, cbor_length=4096)
    [s] = run(png_with_c2pa(store))
    assert (s.verdict, s.code, s.warning) == (Verdict.UNKNOWN, "c2pa.manifest.unreadable", True)
    assert "c2pa.manifest.unreadable" in UNREADABLE and "c2pa.assertion.malformed" in UNREADABLE
    assert codes(png_with_c2pa(store), "search") == {"c2pa.manifest.broken": Verdict.UNKNOWN}


def test_an_assertion_read_whole_before_its_store_breaks_off_is_honoured() -> None:
    """The store cut in its signature, after the assertion: the opt-out is read (it was lost with the store)."""
    cut = manifest_store("c2pa.training-mining", {"c2pa.ai_training": "notAllowed"})[:-20]
    found, broken = training_assertions(cut)
    assert found == [("c2pa.training-mining", {"entries": {"c2pa.ai_training": {"use": "notAllowed"}}})]
    assert broken.startswith("box b'cbor' claims") and broken.endswith("left")  # (the signature's)
    assert codes(png_with_c2pa(cut)) == {"c2pa.training.not_allowed": Verdict.DENY, "c2pa.manifest.broken": Verdict.UNKNOWN}


def _between_the_scans(segments: list[tuple[int, bytes]]) -> bytes:
    """A progressive JPEG with `segments` (marker, payload) before its second scan, where a
    decoder reads them too."""
    out = io.BytesIO()
    Image.effect_noise((64, 64), 60).convert("RGB").save(out, "JPEG", progressive=True)
    data = out.getvalue()
    second = data.index(b"\xff\xda", data.index(b"\xff\xda") + 2)
    extra = b"".join(b"\xff" + bytes([m]) + struct.pack(">H", len(p) + 2) + p for m, p in segments)
    return data[:second] + extra + data[second:]


def test_opt_outs_a_progressive_jpeg_carries_between_its_scans_are_read() -> None:
    xmp = _between_the_scans([(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + xmp_packet("DMI-PROHIBITED"))])
    Image.open(io.BytesIO(xmp)).load()  # (a decoder reads past it: a valid JPEG)
    assert codes(xmp) == {"xmp.data_mining.prohibited": Verdict.DENY}
    store = manifest_store("cawg.training-mining", {"cawg.ai_training": "notAllowed"})
    c2pa = _between_the_scans([(0xEB, b"JP\x00\x01" + struct.pack(">I", 1) + store)])
    assert codes(c2pa) == {"c2pa.training.not_allowed": Verdict.DENY}


@pytest.mark.parametrize("preamble", [b"XMP\x00://ns.adobe.com/xap/1.0/\x00", b"HTTP://NS.ADOBE.COM/XAP/1.0/\x00"])
def test_an_xmp_segment_with_a_non_standard_preamble_is_read(preamble: bytes) -> None:
    """`XMP\\0://ns.adobe.com/xap/1.0/\\0` (found in GettyImages photos) and the preamble in capitals, which
    XMP readers (metadata-extractor) accept: such an APP1 segment was taken for no XMP at all, and its
    DMI-PROHIBITED let the image through without a word, before the scans and between them alike."""
    assert codes(jpeg_with_segments([(0xE1, preamble + xmp_packet("DMI-PROHIBITED"))])) == {
        "xmp.data_mining.prohibited": Verdict.DENY}
    assert codes(_between_the_scans([(0xE1, preamble + xmp_packet("DMI-PROHIBITED"))])) == {
        "xmp.data_mining.prohibited": Verdict.DENY}


@pytest.mark.parametrize("header", [b"http://ns.adobe.com/xap/1.0/", b"http://ns.adobe.com/xap/1.0/ ",
                                    b"http://ns.adobe.com/xap/1.0"])
def test_an_xmp_segment_whose_namespace_header_is_miswritten_is_read(header: bytes) -> None:
    """ExifTool reads any APP1 segment opening with `http` as XMP: a header without its NUL (or a space for it)
    showed the publisher their refusal, and the guard passed the image without a word (review)."""
    body = jpeg_with_segments([(0xE1, header + xmp_packet("DMI-PROHIBITED"))])
    assert codes(body) == {"xmp.data_mining.prohibited": Verdict.DENY}
    [s] = run(body)
    assert "miswritten" in s.source


def test_bytes_among_the_scans_that_only_look_like_a_segment_are_not_read_as_one() -> None:
    fake = _between_the_scans([])
    fake = fake[:-2] + b"\xff\xe1\xff\xffhttp://ns.adobe.com/xap/1.0/\x00" + fake[-2:]  # a length past the end
    assert codes(fake) == {"embedded.container_truncated": Verdict.UNKNOWN}
    assert codes(_between_the_scans([])) == {}



def test_cut_segments_among_the_scans_count_against_the_segment_cap() -> None:
    """Each was a problem (a signal) of its own, past the cap: 30,000 of them gave 30,000 signals."""
    fake = _between_the_scans([])
    fake = fake[:-2] + b"\xff\xe1\x00\x00http://ns.adobe.com/xap/1.0/\x00" * 30_000 + fake[-2:]
    problems = extract(fake).problems
    assert len(problems) <= MAX_SEGMENTS + 1 and "the rest were not read" in problems[-1]

def test_fill_bytes_before_a_jpeg_segment_are_passed_over_at_once_and_what_follows_is_read() -> None:
    """libjpeg passes over any run of FF fill bytes before a marker; walked here one byte at a time
    in Python, 5 MB of them cost 0.8 s and 60 MB 4 s (the decoder refuses such a file: this reader
    runs whatever decoding decides)."""
    import time

    base = jpeg_with_xmp(xmp_packet("DMI-PROHIBITED"))
    body = base[:2] + b"\xff" * 32_000_000 + base[2:]
    start = time.perf_counter()
    assert codes(body) == {"xmp.data_mining.prohibited": Verdict.DENY}
    assert time.perf_counter() - start < 0.5


def test_picture_data_full_of_look_alikes_of_a_segment_is_searched_at_a_bounded_cost() -> None:
    """Each hit of `jumb` (an APP11 store's box type) in a scan's picture data was looked at in
    Python: 8 MB of them took 0.7 s, 64 MB about 6 s, in a JPEG that decodes. Past the cap the
    search stops, and says so."""
    import time

    fake = _between_the_scans([])
    fake = fake[:-2] + b"jumb" * 2_000_000 + fake[-2:]
    start = time.perf_counter()
    problems = extract(fake).problems
    assert time.perf_counter() - start < 0.6
    assert len(problems) == 1 and "look-alikes" in problems[0] and "the rest were not read" in problems[0]


def _tiff_of_pages(pages: int, xmp: bytes) -> bytes:
    """A little-endian TIFF of `pages` IFDs chained one after the other, the last holding `xmp` in tag 700."""
    out = bytearray(b"II*\x00" + struct.pack("<I", 8))
    for page in range(pages):
        last = page == pages - 1
        entries = [(256, 3, 1, 1)] + ([(700, 7, len(xmp), 0)] if last else [])
        ifd_size = 2 + 12 * len(entries) + 4
        data_at = len(out) + ifd_size
        out += struct.pack("<H", len(entries))
        for tag, ftype, count, value in entries:
            out += struct.pack("<HHII", tag, ftype, count, data_at if tag == 700 else value)
        out += struct.pack("<I", 0 if last else len(out) + 4)
    return bytes(out + xmp)


def _tiff_with_xmp_on_its_first_page(pages: int, xmp: bytes) -> bytes:
    """A little-endian TIFF of `pages` IFDs of one entry each, the first holding `xmp` in tag 700."""
    out = bytearray(b"II*\x00" + struct.pack("<I", 8))
    xmp_at = 8 + 18 * pages
    for page in range(pages):
        entry = struct.pack("<HHII", 700, 1, len(xmp), xmp_at) if page == 0 else struct.pack("<HHII", 256, 3, 1, 1)
        out += struct.pack("<H", 1) + entry + struct.pack("<I", 8 + 18 * (page + 1) if page + 1 < pages else 0)
    return bytes(out + xmp)


def test_a_packet_read_from_a_walked_ifd_is_not_found_again_by_the_scan_past_the_cap() -> None:
    """Past 64 IFDs the whole file was scanned from its start: the XMP of the first page, read from
    its tag, was read again and the one opt-out said to come from two places."""
    deny = [s for s in run(_tiff_with_xmp_on_its_first_page(70, xmp_packet("DMI-PROHIBITED")))
            if s.verdict == Verdict.DENY]
    assert [s.source.split(" of ")[0] for s in deny] == ["XMP in TIFF tag 700"]


_PAST_THE_CAP = {
    "TIFF": lambda code: _tiff_of_pages(70, xmp_packet(code)),
    "PNG": lambda code: png_with_chunks([png_chunk(b"tEXt", b"Comment\x00x")] * (MAX_SEGMENTS + 4)
                                        + [png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + xmp_packet(code))]),
    "JPEG": lambda code: jpeg_with_segments([(0xFE, b"x")] * (MAX_SEGMENTS + 4)
                                            + [(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + xmp_packet(code))]),
    "WebP": lambda code: webp_with_chunks([(b"ICCP", b"xx")] * (MAX_SEGMENTS + 4) + [(b"XMP ", xmp_packet(code))]),
}


@pytest.mark.parametrize("container", list(_PAST_THE_CAP))
def test_an_opt_out_past_the_chunk_cap_is_still_read_and_the_cap_is_said(container: str) -> None:
    """A walk stops after 4,096 chunks or segments: an XMP DataMining after them (a PNG of small IDAT
    chunks, padding put there) went unread, and nothing said so: the image was allowed. The rest is
    now scanned for packets, as past a broken JPEG segment, and the cap noted."""
    out = run(_PAST_THE_CAP[container]("DMI-PROHIBITED"))
    assert {s.code: s.verdict for s in out} == {"xmp.data_mining.prohibited": Verdict.DENY,
                                                "embedded.container_truncated": Verdict.UNKNOWN}
    [note] = [s for s in out if s.code == "embedded.container_truncated"]
    assert f"{container}: more than " in note.detail and "only scanned" in note.detail
    assert codes(_PAST_THE_CAP[container]("DMI-UNSPECIFIED")) == {
        "embedded.container_truncated": Verdict.UNKNOWN}  # (the scan reads what is there, no more)


def test_through_the_guard_a_png_whose_opt_out_follows_4100_chunks_is_blocked(site: Site) -> None:
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")
    site.routes["/a.png"] = (200, {"Content-Type": "image/png"}, _PAST_THE_CAP["PNG"]("DMI-PROHIBITED"))
    with Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False) as g:
        d = g.check_url(site.url("/a.png"))
    assert d.action == "block" and [f.code for f in d.findings] == ["xmp.data_mining.prohibited"]


def test_a_jpeg_store_whose_last_app11_segment_was_lost_gives_the_assertion_in_the_first() -> None:
    store = manifest_store("cawg.training-mining", {"cawg.ai_training": "notAllowed"})
    header, content = store[:8], store[8:]
    first = content[:store.index(b"c2pa.signature") + 40 - 8]  # the assertion whole, the signature cut
    jpeg = jpeg_with_segments([(0xEB, b"JP\x00\x01" + struct.pack(">I", 1) + header + first)])
    assert codes(jpeg) == {"c2pa.training.not_allowed": Verdict.DENY, "c2pa.manifest.broken": Verdict.UNKNOWN}


@pytest.mark.parametrize("cut", [1, 6, 12])
def test_an_assertion_whose_cbor_is_cut_short_is_unreadable(cut: int) -> None:
    payload = cbor({"entries": {"cawg.ai_training": {"use": "notAllowed"}}})[:-cut]
    assertion = box(b"jumb", jumd("cawg.training-mining") + box(b"cbor", payload))
    store = box(b"jumb", jumd("c2pa") + box(b"jumb", jumd("urn:x") + box(b"jumb", jumd("c2pa.assertions") + assertion)))
    assert codes(png_with_c2pa(store)) == {"c2pa.manifest.unreadable": Verdict.UNKNOWN}


def test_an_assertion_without_entries_is_malformed_and_unreadable_where_it_could_deny() -> None:
    assertion = box(b"jumb", jumd("cawg.training-mining") + box(b"cbor", cbor({"other": 1})))
    store = box(b"jumb", jumd("c2pa") + box(b"jumb", jumd("urn:x") + assertion))
    assert codes(png_with_c2pa(store)) == {"c2pa.assertion.malformed": Verdict.UNKNOWN}
    assert codes(png_with_c2pa(store), "search") == {"c2pa.assertion.unread": Verdict.UNKNOWN}


def test_a_broken_store_without_a_training_mining_assertion_is_only_noted() -> None:
    other = box(b"jumb", jumd("c2pa.actions") + box(b"cbor", cbor({"actions": 1}), length=4096))
    store = box(b"jumb", jumd("c2pa") + box(b"jumb", jumd("urn:x") + other))
    assert codes(png_with_c2pa(store)) == {"c2pa.manifest.broken": Verdict.UNKNOWN}


def test_lying_chunk_lengths() -> None:
    body = png_with_chunks([png_chunk(b"caBX", b"jumb", length=10_000_000)])
    found = {s.code for s in run(body)}
    assert "c2pa.manifest.broken" in found and "embedded.container_truncated" in found
    jpeg = b"\xff\xd8\xff\xe1\xff\xff" + b"http://ns.adobe.com/xap/1.0/\x00"
    assert {s.code for s in run(jpeg)} == {"embedded.container_truncated"}


@pytest.mark.parametrize("content", [b"", box(b"uuid", b"\x00" * 16)])
def test_an_assertion_without_a_cbor_or_json_box_is_unreadable(content: bytes) -> None:
    assertion = box(b"jumb", jumd("cawg.training-mining") + content)
    store = box(b"jumb", jumd("c2pa") + box(b"jumb", jumd("urn:x") + assertion))
    [s] = run(png_with_c2pa(store))
    assert s.code == "c2pa.manifest.unreadable" and "no CBOR or JSON content box" in s.detail


def test_an_opt_out_written_as_json_is_honoured_as_the_cbor_one_is() -> None:
    """JUMBF carries an assertion in a `json` content box as well as in a `cbor` one."""
    body = b'{"entries": {"cawg.ai_generative_training": {"use": "notAllowed"}}}'
    assertion = box(b"jumb", jumd("cawg.training-mining") + box(b"json", body))
    store = box(b"jumb", jumd("c2pa") + box(b"jumb", jumd("urn:x") + box(b"jumb", jumd("c2pa.assertions") + assertion)))
    assert codes(png_with_c2pa(store)) == {"c2pa.training.not_allowed": Verdict.DENY}
    allowed = body.replace(b"notAllowed", b"allowed")
    assertion = box(b"jumb", jumd("cawg.training-mining") + box(b"json", allowed))
    store = box(b"jumb", jumd("c2pa") + box(b"jumb", jumd("urn:x") + assertion))
    assert codes(png_with_c2pa(store)) == {}  # ("allowed" is never trusted unsigned: no ALLOW either)


PLUS_CONTEXT = {"plus": "http://ns.useplus.org/ldf/xmp/1.0/", "dc": "http://purl.org/dc/elements/1.1/"}


@pytest.mark.parametrize("as_json", [False, True])
@pytest.mark.parametrize("label", ["stds.iptc", "stds.iptc.photo-metadata", "c2pa.metadata", "cawg.metadata"])
@pytest.mark.parametrize("data", [
    {"@context": PLUS_CONTEXT, "dc:creator": ["Julie Smith"], "plus:DataMining": VOCAB + "DMI-PROHIBITED"},
    {"@context": {"p": "http://ns.useplus.org/ldf/xmp/1.0/"}, "p:DataMining": {"@id": VOCAB + "DMI-PROHIBITED"}},
    {"http://ns.useplus.org/ldf/xmp/1.0/DataMining": [VOCAB + "DMI-UNSPECIFIED", VOCAB + "DMI-PROHIBITED"]},
    {"plus:DataMining": "DMI-PROHIBITED"},  # the prefix XMP writers use, left unbound
])
def test_a_data_mining_in_a_c2pa_metadata_assertion_is_honoured_as_in_xmp(label: str, data: dict, as_json: bool) -> None:
    """C2PA carries IPTC photo metadata as JSON-LD in its metadata assertions (C2PA's own `stds.iptc`
    example binds `plus`): an image whose only DMI-PROHIBITED was there, with no XMP, was allowed."""
    body = png_with_c2pa(metadata_store(label, data, as_json=as_json))
    assert codes(body) == {"xmp.data_mining.prohibited": Verdict.DENY}
    [s] = run(body)
    assert f"assertion {label}" in s.source


def test_a_data_mining_of_another_namespace_in_a_metadata_assertion_is_no_iptc_code() -> None:
    other = {"@context": {"plus": "http://example.org/other/"}, "plus:DataMining": VOCAB + "DMI-PROHIBITED"}
    assert run(png_with_c2pa(metadata_store("stds.iptc", other))) == []
    assert run(png_with_c2pa(metadata_store("c2pa.actions", {"plus:DataMining": "DMI-PROHIBITED"}))) == []


@pytest.mark.parametrize(("usage", "code"), [("train-ai", "xmp.unreadable"), ("archive", None)])
def test_a_metadata_assertion_naming_data_mining_that_cannot_be_decoded_is_unreadable(usage: str,
                                                                                     code: str | None) -> None:
    assertion = box(b"jumb", jumd("stds.iptc") + box(b"json", b'{"plus:DataMining": "DMI-PROH'))
    store = box(b"jumb", jumd("c2pa") + box(b"jumb", jumd("urn:x") + assertion))
    assert [s.code for s in run(png_with_c2pa(store), usage)] == ([code] if code else [])


def test_through_the_guard_an_image_whose_manifest_metadata_prohibits_mining_is_blocked(site: Site) -> None:
    data = {"@context": PLUS_CONTEXT, "plus:DataMining": VOCAB + "DMI-PROHIBITED-AIMLTRAINING"}
    site.routes["/a.png"] = (200, {"Content-Type": "image/png"}, png_with_c2pa(metadata_store("stds.iptc", data)))
    with _strict_guard() as g:
        d = g.check_url(site.url("/a.png"))
    assert d.action == "block" and [f.code for f in d.findings] == ["xmp.data_mining.prohibited"]


@pytest.mark.parametrize("body", [b'{"entries": {"cawg.ai_training": ', b"\xff\xfe{}", b"[" * 100_000 + b"]" * 100_000])
def test_a_json_assertion_that_does_not_parse_is_unreadable_where_it_could_deny(body: bytes) -> None:
    assertion = box(b"jumb", jumd("cawg.training-mining") + box(b"json", body))
    store = box(b"jumb", jumd("c2pa") + box(b"jumb", jumd("urn:x") + assertion))
    [s] = run(png_with_c2pa(store))
    assert s.code == "c2pa.manifest.unreadable" and "JSON content box unreadable" in s.detail


def test_an_entry_given_twice_is_unreadable_not_its_last_value() -> None:
    """`notAllowed` then `allowed` for one entry: read as the last value it was no opt-out, yet
    which the publisher meant cannot be told. Unreadable (on_error decides), in JSON and CBOR."""
    entry = '"cawg.ai_generative_training": {"use": "%s"}'
    body = ('{"entries": {' + entry % "notAllowed" + ", " + entry % "allowed" + "}}").encode()
    as_json = box(b"jumb", jumd("cawg.training-mining") + box(b"json", body))
    # {"entries": {E: notAllowed, E: allowed}}: a map header, then each pair as a one-pair map holds it
    pairs = [cbor({"cawg.ai_generative_training": {"use": use}})[1:] for use in ("notAllowed", "allowed")]
    twice = b"\xa1" + cbor({"entries": {}})[1:-1] + b"\xa2" + b"".join(pairs)
    as_cbor = box(b"jumb", jumd("cawg.training-mining") + box(b"cbor", twice))
    for assertion in (as_json, as_cbor):
        store = box(b"jumb", jumd("c2pa") + box(b"jumb", jumd("urn:x") + assertion))
        [s] = run(png_with_c2pa(store))
        assert s.code == "c2pa.manifest.unreadable" and "twice" in s.detail


def test_nested_boxes_are_bounded() -> None:
    inner = box(b"jumb", jumd("c2pa.training-mining") + box(b"cbor", b"\xbf" * 5000))
    for _ in range(50):
        inner = box(b"jumb", jumd("x") + inner)
    assert training_assertions(inner) == ([], "JUMBF nested too deeply")
    assert {s.code for s in run(png_with_c2pa(inner))} == {"c2pa.manifest.unreadable"}


def test_the_items_of_an_assertion_s_cbor_are_bounded_in_all_not_per_container() -> None:
    """Each CBOR array or map was held to 20,000 items, but not what they hold together: 400
    arrays of 20,000 ints (an 8 MB store, the JPEG cap) took 4 s to decode, and a PNG's caBX
    chunk has no cap. Past the bound the assertion is unreadable (the policy's on_error
    decides), as one cut short is."""
    import time

    items = b"\x99\x4e\x20" + b"\x01" * 20_000  # an array of 20,000 times 1
    payload = b"\xa1\x67entries\x99" + struct.pack(">H", 400) + items * 400
    assertion = box(b"jumb", jumd("cawg.training-mining") + box(b"cbor", payload))
    store = box(b"jumb", jumd("c2pa") + box(b"jumb", jumd("c2pa.assertions") + assertion))
    start = time.perf_counter()
    assert training_assertions(store) == ([], "CBOR content of more than 20000 items")
    assert time.perf_counter() - start < 0.5
    assert {s.code for s in run(png_with_c2pa(store))} == {"c2pa.manifest.unreadable"}


def test_the_boxes_of_a_store_are_bounded_in_all_not_per_superbox() -> None:
    """Each superbox was held to 20,000 boxes, but not the walk: 20,000 superboxes of 40 boxes
    each (a 7 MB store; a PNG's caBX chunk has no cap) took 1.3 s. Past the bound the store is
    broken there, as one cut short is: its training-mining assertion unread is unreadable. (The bound
    is told by where the walk stopped, not by a clock: a timed bound failed on a loaded machine.)"""
    filler = box(b"jumb", jumd("x") + box(b"free", b"") * 40)
    assertion = box(b"jumb", jumd("cawg.training-mining") + box(b"cbor", cbor({"entries": {}})))
    store = box(b"jumb", jumd("c2pa") + filler * 19_990 + assertion)
    assertions, broken = training_assertions(store)
    assert assertions == [] and broken == "JUMBF store of more than 20000 boxes"
    assert {s.code for s in run(png_with_c2pa(store))} == {"c2pa.manifest.unreadable"}


def test_compressed_xmp_chunks_are_undone_a_bounded_number_of_times() -> None:
    """Each zTXt (or compressed iTXt) XMP chunk was inflated to the 4 MB cap however many there
    were: 100 chunks of 4 KB, a 400 KB PNG, held 400 MB of packets, and 4,096 of them would hold
    16 GB. As for JPEG XL's Brotli boxes, at most MAX_SCAN_FINDS are undone, and the rest is
    said to be unread."""
    bomb = zlib.compress(b" " * (4 * 1024 * 1024), 9)
    chunk = png_chunk(b"zTXt", b"XML:com.adobe.xmp\x00\x00" + bomb)
    found = extract(png_with_chunks([chunk] * 100))
    assert len(found.xmp) == MAX_SCAN_FINDS
    assert any("compressed" in problem and "not read" in problem for problem in found.problems)


def test_the_xmp_read_from_one_image_is_bounded_and_what_is_left_unread_is_unreadable(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every packet was parsed, strictly then by the recovering parser: 900 malformed packets of
    64 KB (a 58 MB JPEG the decoder reads) took 6 s. Past twice the packet cap in one image (a
    main packet and its extended one fit) the rest is not parsed; as it may hold an opt-out, the
    policy's on_error decides (`xmp.unreadable`)."""
    import scrapeguard.signals.embedded.reader as reader_mod

    parsed: list[int] = []
    real = reader_mod.read_data_mining
    monkeypatch.setattr(reader_mod, "read_data_mining", lambda packet: parsed.append(len(packet)) or real(packet))
    packet = xmp_packet("DMI-PROHIBITED", pad=60_000)
    found = run(jpeg_with_segments([(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + packet)] * 200))
    assert sum(parsed) <= 2 * MAX_XMP_BYTES
    assert {s.code: s.verdict for s in found} == {"xmp.data_mining.prohibited": Verdict.DENY,
                                                  "xmp.unreadable": Verdict.UNKNOWN}
    assert codes(jpeg_with_extended_xmp(xmp_packet("DMI-PROHIBITED", pad=3_000_000), chunks=64)) == {
        "xmp.data_mining.prohibited": Verdict.DENY}


def test_a_json_content_box_past_the_reading_cap_is_unreadable_not_parsed() -> None:
    """A CBOR content box is held to MAX_ITEMS items; a JSON one was parsed whole: 24 MB of it
    took 1.5 s and 350 MB (a PNG's caBX chunk has no cap). Past the XMP reading cap it is
    unreadable, as CBOR past its bound is."""
    import time

    payload = b'{"entries": [' + b"[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]," * 100_000 + b"0]}"
    assert len(payload) > MAX_XMP_BYTES
    assertion = box(b"jumb", jumd("cawg.training-mining") + box(b"json", payload))
    store = box(b"jumb", jumd("c2pa") + box(b"jumb", jumd("c2pa.assertions") + assertion))
    start = time.perf_counter()
    assert training_assertions(store) == ([], f"JSON content box of {len(payload)} bytes, over {MAX_XMP_BYTES}")
    assert time.perf_counter() - start < 0.3
    assert {s.code for s in run(png_with_c2pa(store))} == {"c2pa.manifest.unreadable"}


def test_the_c2pa_stores_read_from_one_image_are_bounded_and_an_opt_out_past_them_is_unreadable(monkeypatch) -> None:
    """Every store was walked, each to its own bound of boxes: 100 caBX chunks of 19,000 boxes
    (14 MB) took 1.75 s, 64 MB would take 8 s. Past MAX_SCAN_FINDS stores the rest is only
    searched for what could deny the usage: a training-mining assertion there is unreadable
    (the policy's on_error decides), stores without one say nothing. (The bound is counted, not
    timed: a wall-clock limit failed on a loaded machine.)"""
    from scrapeguard.signals.embedded.reader import EmbeddedReader

    walked: list[int] = []
    walk = EmbeddedReader._c2pa

    def counted(self: EmbeddedReader, store: bytes, source: str, usage: object) -> object:
        walked.append(len(store))
        return walk(self, store, source, usage)  # type: ignore[arg-type]

    monkeypatch.setattr(EmbeddedReader, "_c2pa", counted)
    filler = box(b"jumb", jumd("c2pa") + box(b"free", b"") * 19_000)
    refusal = manifest_store("cawg.training-mining", NOT_ALLOWED)
    assert codes(png_with_chunks([png_chunk(b"caBX", filler)] * 100)) == {"c2pa.manifest.broken": Verdict.UNKNOWN}
    assert len(walked) == MAX_SCAN_FINDS
    past = png_with_chunks([png_chunk(b"caBX", manifest_store("cawg.training-mining", {}))] * MAX_SCAN_FINDS
                           + [png_chunk(b"caBX", refusal)])
    assert codes(past)["c2pa.manifest.unreadable"] == Verdict.UNKNOWN
    assert codes(png_with_c2pa(refusal))["c2pa.training.not_allowed"] == Verdict.DENY


def test_decompression_is_bounded() -> None:
    bomb = zlib.compress(b"<x>" + b" " * (6 * 1024 * 1024) + b"</x>", 9)
    data = b"XML:com.adobe.xmp\x00\x01\x00\x00\x00" + bomb
    found = extract(png_with_chunks([png_chunk(b"iTXt", data)]))
    assert len(found.xmp[0][0]) <= 4 * 1024 * 1024 and found.problems


def test_not_an_image_or_empty() -> None:
    assert run(b"") == []
    # a GIF is read now: one that is only a header and zeros is broken, and said so
    assert [(s.code, s.verdict, s.warning) for s in run(b"GIF89a" + b"\x00" * 10)] == [
        ("embedded.container_truncated", Verdict.UNKNOWN, True)]
    v = ResponseView("http://h/img", 200, Headers(), "html", jpeg_with_xmp(xmp_packet("DMI-PROHIBITED")))
    assert EmbeddedReader().evaluate(v, "x", "train-ai") == []


def test_extended_xmp_out_of_bounds_chunk() -> None:
    guid = b"F" * 32
    seg = b"http://ns.adobe.com/xmp/extension/\x00" + guid + struct.pack(">II", 10, 8) + b"0123456789"
    found = extract(jpeg_with_segments([(0xE1, seg)]))
    assert found.problems and not found.xmp


def test_extended_xmp_packets_claiming_more_than_the_reading_cap_together_are_not_allocated() -> None:
    """Each GUID's extended packet was allocated at the full length its first chunk claims (up to
    4 MB): 300 one-byte chunks of as many GUIDs, a 24 KB JPEG, took 1.2 GB and 12 s, and 4,096 of
    them would take 16 GB. Together they are held to the cap; the rest is said to be unread, and
    the packet the picture's own main XMP points to is still read."""
    import time

    grab = [(0xE1, b"http://ns.adobe.com/xmp/extension/\x00" + b"%032d" % i + struct.pack(">II", 4 * 1024 * 1024, 0)
             + b"x") for i in range(300)]
    start = time.perf_counter()
    found = extract(jpeg_with_segments(grab))
    assert time.perf_counter() - start < 1.0
    assert sum(len(packet) for packet, _ in found.xmp) <= MAX_XMP_BYTES
    assert any("reading cap" in problem for problem in found.problems)
    assert found.unread_xmp == []  # (none of them names DataMining: a note, not an unreadable opt-out)
    real = jpeg_with_extended_xmp(xmp_packet("DMI-PROHIBITED", pad=70_000))
    assert codes(real) == {"xmp.data_mining.prohibited": Verdict.DENY}


def test_a_c2pa_store_over_thousands_of_app11_segments_is_gathered_in_linear_time() -> None:
    """The size of a store's segments so far was summed again at each segment: 4,000 of them (a
    58 KB JPEG the decoder reads) took 0.8 s."""
    import time

    segments = [(0xEB, b"JP\x00\x01" + struct.pack(">I", i) + struct.pack(">I", 8) + b"jumb" + b"x" * 10)
                for i in range(MAX_SEGMENTS - 96)]
    start = time.perf_counter()
    found = extract(jpeg_with_segments(segments))
    assert time.perf_counter() - start < 0.6
    assert len(found.c2pa) == 1


# --- TIFF, GIF, AVIF/HEIF: read, not silently skipped (the reviewer's repro: both came back allow)
NOT_ALLOWED = {"c2pa.ai_training": "notAllowed"}


@pytest.mark.parametrize(("order", "big"), [("<", False), (">", False), ("<", True), (">", True)])
def test_tiff_xmp_and_c2pa_in_both_byte_orders(order: str, big: bool) -> None:
    packet = xmp_packet("DMI-PROHIBITED", element=True, pad=2000)
    assert codes(tiff_with_tags({700: packet}, order=order, big=big)) == {"xmp.data_mining.prohibited": Verdict.DENY}
    store = manifest_store("c2pa.training-mining", NOT_ALLOWED)
    assert codes(tiff_with_tags({0xCD41: store}, order=order, big=big)) == {"c2pa.training.not_allowed": Verdict.DENY}
    assert run(tiff_with_tags({}, order=order, big=big)) == []  # no rights data: nothing to say


def test_tiff_written_by_pillow() -> None:
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (30, 120, 200)).save(buf, "TIFF", tiffinfo={700: xmp_packet("DMI-PROHIBITED")})
    assert codes(buf.getvalue()) == {"xmp.data_mining.prohibited": Verdict.DENY}


@pytest.mark.parametrize("broken", [
    lambda t: t[:12],  # the IFD cut off
    lambda t: t[:4] + struct.pack("<I", 10_000_000) + t[8:],  # IFD0 past the end
])
def test_broken_tiff_is_unknown_with_a_warning(broken) -> None:  # noqa: ANN001
    body = broken(tiff_with_tags({700: xmp_packet("DMI-PROHIBITED", pad=500)}))
    out = run(body)
    assert out and all(s.verdict == Verdict.UNKNOWN and s.warning for s in out)
    assert "embedded.container_truncated" in {s.code for s in out}


def test_a_tiff_whose_xmp_value_is_cut_off_has_what_is_left_read_and_is_unreadable() -> None:
    """(its DMI-PROHIBITED, whole in what is left, honoured; the rest unread, for on_error)"""
    found = codes(tiff_with_tags({700: xmp_packet("DMI-PROHIBITED", pad=500)})[:-200])
    assert found["xmp.data_mining.prohibited"] == Verdict.DENY and found["xmp.unreadable"] == Verdict.UNKNOWN
    assert "embedded.container_truncated" in found


def test_tiff_ifd_loop_ends() -> None:
    t = bytearray(tiff_with_tags({}))
    count = struct.unpack("<H", t[8:10])[0]
    t[10 + count * 12:14 + count * 12] = struct.pack("<I", 8)  # next IFD = IFD0 again
    assert {s.code for s in run(bytes(t))} == {"embedded.container_truncated"}


def test_gif_xmp_application_extension() -> None:
    body = gif_with_extensions([gif_xmp_extension(xmp_packet("DMI-PROHIBITED", element=True))])
    Image.open(io.BytesIO(body)).load()  # still a valid GIF: the magic trailer keeps decoders in step
    assert codes(body) == {"xmp.data_mining.prohibited": Verdict.DENY}
    found = extract(body)
    assert found.format == "GIF" and not found.problems and found.xmp[0][1] == "XMP in GIF application extension"


def test_gif_c2pa_extension_over_sub_blocks() -> None:
    store = manifest_store("cawg.training-mining", {"cawg.ai_generative_training": "notAllowed"})
    assert len(store) > 255  # spans several sub-blocks
    body = gif_with_extensions([gif_c2pa_extension(store)])
    assert codes(body) == {"c2pa.training.not_allowed": Verdict.DENY}


def test_animated_gif_with_xmp_after_the_frames() -> None:
    frames = [Image.new("P", (8, 8), i) for i in range(30)]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:])
    body = buf.getvalue()[:-1] + gif_xmp_extension(xmp_packet("DMI-PROHIBITED")) + b";"
    assert codes(body) == {"xmp.data_mining.prohibited": Verdict.DENY}


def test_truncated_gif_extension_is_unknown_with_a_warning() -> None:
    body = gif_with_extensions([gif_xmp_extension(xmp_packet("DMI-PROHIBITED"))])
    cut = body[:body.index(b"XMP DataXMP") + 200]
    assert {s.code for s in run(cut)} == {"embedded.container_truncated"}
    plain = gif_with_extensions([])
    assert run(plain) == [] and run(plain[:-1]) != []  # no trailer: cut


def test_avif_xmp_item() -> None:
    body = avif_with_xmp(xmp_packet("DMI-PROHIBITED", element=True))
    assert body[4:12] == b"ftypavif"
    assert codes(body) == {"xmp.data_mining.prohibited": Verdict.DENY}
    assert codes(avif_with_xmp(xmp_packet("DMI-ALLOWED"))) == {"xmp.data_mining.allowed": Verdict.ALLOW}
    assert run(avif_with_xmp(xmp_packet("DMI-UNSPECIFIED"))) == []


def test_heif_xmp_and_c2pa_found_by_scan() -> None:
    packet = xmp_packet("DMI-PROHIBITED")
    assert codes(heif_like(b"\x00" * 100 + packet + b"\x00" * 100)) == {"xmp.data_mining.prohibited": Verdict.DENY}
    store = manifest_store("c2pa.training-mining", NOT_ALLOWED)
    assert codes(heif_like(b"\x00" * 50 + store)) == {"c2pa.training.not_allowed": Verdict.DENY}
    bare = packet[packet.index(b"<x:xmpmeta"):packet.index(b"<?xpacket end")]  # no xpacket wrapper
    assert codes(heif_like(bare)) == {"xmp.data_mining.prohibited": Verdict.DENY}
    assert extract(heif_like(b"")).format == "HEIF" and run(heif_like(b"")) == []


@pytest.mark.parametrize("element", [False, True])
def test_a_bare_rdf_packet_in_an_avif_is_read(element: bool) -> None:
    """XMP Part 1 only recommends the `x:xmpmeta` element around `rdf:RDF`: an AVIF whose XMP
    item was the `rdf:RDF` element alone, DataMining prohibited, came back with no signal and
    no note, and the guard let it through as an image with no rights data."""
    body = avif_with_xmp(_bare_rdf(xmp_packet("DMI-PROHIBITED", element=element)))
    assert Image.open(io.BytesIO(body)).size == (8, 8)
    assert codes(body) == {"xmp.data_mining.prohibited": Verdict.DENY}
    assert codes(heif_like(b"\x00" * 64 + _bare_rdf(xmp_packet("DMI-ALLOWED")))) == {
        "xmp.data_mining.allowed": Verdict.ALLOW}
    with Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False) as guard:
        decision = guard.check_response("http://example.fr/a.avif", 200, {"Content-Type": "image/avif"}, body)
    assert decision.action == "block" and "xmp.data_mining.prohibited" in {f.code for f in decision.findings}


@pytest.mark.parametrize("in_idat", [False, True])
@pytest.mark.parametrize("bare", [False, True])
def test_a_deflated_xmp_item_of_an_avif_is_undone_and_read(in_idat: bool, bare: bool) -> None:
    """HEIF lets an item be stored compressed (`infe` content_encoding): the scan of the file's bytes
    cannot see into it, and a deflated XMP item's DMI-PROHIBITED came back with no signal and no note."""
    packet = xmp_packet("DMI-PROHIBITED")
    stored = zlib.compress(_bare_rdf(packet) if bare else packet)
    body = heif_with_xmp_item(stored, in_idat=in_idat)
    assert b"DataMining" not in body
    assert codes(body) == {"xmp.data_mining.prohibited": Verdict.DENY}
    allowed = heif_with_xmp_item(zlib.compress(xmp_packet("DMI-ALLOWED")))
    assert codes(allowed) == {"xmp.data_mining.allowed": Verdict.ALLOW}


@pytest.mark.parametrize(("stored", "encoding", "said", "code"), [
    # an XMP packet that cannot be undone is unread: its opt-out unseen, the policy's on_error decides (review: a
    # note, and the image allowed)
    (b"\x78\x9c not deflate at all", b"deflate", "could not be undone", "xmp.unreadable"),
    (zlib.compress(b"<p>no xmp here</p>"), b"deflate", "holds no XMP packet once undone", "embedded.container_truncated"),
    (b"whatever", b"x-unknown", "could not be undone", "xmp.unreadable"),
])
def test_a_compressed_xmp_item_that_cannot_be_read_is_said_so(stored: bytes, encoding: bytes, said: str,
                                                              code: str) -> None:
    [signal] = run(heif_with_xmp_item(stored, encoding))
    assert signal.code == code and signal.verdict == Verdict.UNKNOWN and said in signal.detail


def test_a_damaged_avif_item_table_never_raises() -> None:
    import random

    whole = heif_with_xmp_item(zlib.compress(xmp_packet("DMI-PROHIBITED")))
    rng = random.Random(7)
    for _ in range(1500):
        body = bytearray(whole)
        for _ in range(rng.randint(1, 6)):
            body[rng.randrange(len(body))] = rng.randrange(256)
        extract(bytes(body[:rng.randint(12, len(body))]))


def test_another_item_s_extents_are_not_read_to_find_the_xmp_item() -> None:
    """An iloc of 1,024 entries of 16 extents sized 0 ("to the end of the file") copied the whole file
    for each extent of each entry before looking at whose it was: 30 s for a 17 MiB AVIF (reviewer's
    repro). Only the XMP item's own extents are read."""
    infe = box(b"infe", b"\x02\x00\x00\x00" + struct.pack(">HH", 60000, 0) + b"mime" + b"XMP\x00"
               + b"application/rdf+xml\x00deflate\x00")
    iinf = box(b"iinf", b"\x00\x00\x00\x00" + struct.pack(">H", 1) + infe)
    entry = struct.pack(">HHH", 1, 0, 16)  # item 1: no offset or length bytes, 16 extents
    iloc = box(b"iloc", b"\x00\x00\x00\x00" + bytes([0x00, 0x00]) + struct.pack(">H", 1024) + entry * 1024)
    meta = box(b"meta", b"\x00\x00\x00\x00" + box(b"hdlr", b"\x00" * 8 + b"pict" + b"\x00" * 13) + iinf + iloc)
    body = box(b"ftyp", b"avif\x00\x00\x00\x00avifmif1") + meta + box(b"mdat", b"\x00" * (4 << 20))
    started = time.perf_counter()
    found = extract(body)
    assert time.perf_counter() - started < 2.0  # (before: about 7 s for this 4 MiB file)
    assert found.problems == ["AVIF: XMP item 60000 stored deflate-compressed lies where this reader does not look (iloc)"]


def test_a_compressed_xmp_item_listed_after_many_other_items_is_read() -> None:
    """The bound on compressed items counted every item: 16 others listed first hid the XMP item,
    unread and unsaid."""
    body = heif_with_xmp_item(zlib.compress(xmp_packet("DMI-PROHIBITED")), others=20)
    assert codes(body) == {"xmp.data_mining.prohibited": Verdict.DENY}


def test_a_compressed_item_of_another_type_is_not_read_as_xmp() -> None:
    assert run(heif_with_xmp_item(zlib.compress(b"{}"), content_type=b"application/json")) == []


def test_the_rdf_element_inside_a_packet_is_read_with_it_once() -> None:
    packet = xmp_packet("DMI-PROHIBITED")
    for body in (heif_like(packet), heif_like(packet[packet.index(b"<x:xmpmeta"):packet.index(b"<?xpacket end")])):
        assert len(extract(body).xmp) == 1
    two = heif_like(_bare_rdf(packet) + b"\x00" * 10 + _bare_rdf(xmp_packet("DMI-ALLOWED")))
    assert len(extract(two).xmp) == 2
    cut = _bare_rdf(packet)[:-10]  # no end tag: truncated, said so
    assert {s.code for s in run(heif_like(cut))} == {"embedded.container_truncated"}


def test_a_stray_rdf_tag_before_a_packet_does_not_swallow_it() -> None:
    """A broken `<rdf:RDF` with no end before a real packet was read from there to the packet's end:
    one malformed packet (a warning) instead of the packet alone."""
    packet = xmp_packet("DMI-PROHIBITED")
    body = heif_like(b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' + b"\x00" * 200 + packet)
    assert [p for p, _ in extract(body).xmp] == [packet]
    assert codes(body) == {"xmp.data_mining.prohibited": Verdict.DENY}


def test_scan_of_an_unended_packet_is_a_warning() -> None:
    cut = xmp_packet("DMI-PROHIBITED")[:120]
    assert {s.code for s in run(heif_like(cut))} == {"embedded.container_truncated"}


def test_an_unrecognised_image_format_is_noted() -> None:
    out = run(b"\x00\x01\x02\x03 not a format we know " * 10)
    assert [(s.code, s.verdict, s.warning) for s in out] == [("embedded.format_unsupported", Verdict.UNKNOWN, True)]
    assert "not recognised" in out[0].detail and "not seen" in out[0].detail
    # ... and the scan still honours an opt-out found in it
    found = codes(b"\x00\x01\x02\x03" + xmp_packet("DMI-PROHIBITED"))
    assert found == {"embedded.format_unsupported": Verdict.UNKNOWN, "xmp.data_mining.prohibited": Verdict.DENY}


def test_formats_without_a_metadata_container_say_nothing() -> None:
    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, "BMP")
    assert run(buf.getvalue()) == []


@pytest.mark.parametrize("body", [
    b"II*\x00" + b"\xff" * 100,
    b"MM\x00+" + b"\x00\x08\x00\x00" + b"\xff" * 8,
    b"GIF89a" + b"\xff" * 50,
    b"GIF89a\x01\x00\x01\x00\x00\x00\x00" + b"\x21\xff\x0bXMP DataXMP" + b"<x:xmpmeta" * 1000,
    b"\x00\x00\x00\x18ftypheic" + b"jumd" * 5000 + b"<?xpacket begin" * 1000,
    b"\x00\x00\x00\x18ftypavif" + (b"\x00\x00\x00\x10jumb\x00\x00\x00\x08jumd" + b"\x00" * 16 + b"\x03c2pa\x00") * 50,
])
def test_hostile_new_containers_never_raise(body: bytes) -> None:
    out = run(body)
    assert all(s.verdict in (Verdict.UNKNOWN, Verdict.DENY) for s in out)
    assert all(s.code != "embedded.unreadable" for s in out)  # handled, not caught as a crash


def test_huge_gif_of_tiny_sub_blocks_is_bounded() -> None:
    import time

    body = b"GIF89a\x01\x00\x01\x00\x00\x00\x00" + b"\x2c" + b"\x00" * 9 + b"\x02" + b"\x01\x00" * 3_000_000
    start = time.perf_counter()
    out = run(body + gif_xmp_extension(xmp_packet("DMI-PROHIBITED")) + b";")
    assert time.perf_counter() - start < 5
    found = {s.code for s in out}
    assert "embedded.container_truncated" in found and "xmp.data_mining.prohibited" in found  # scanned past the cap


@pytest.mark.parametrize("lie", [b"\xff\xef\x00\x01", b"\xff\xef\x00\x00"])
def test_a_segment_length_under_two_does_not_hide_the_xmp_after_it(lie: bytes) -> None:
    """libjpeg and Pillow go on at the next marker after such a segment, and read the XMP there."""
    good = jpeg_with_xmp(xmp_packet("DMI-PROHIBITED"))
    found = codes(good[:2] + lie + good[2:])
    assert found["xmp.data_mining.prohibited"] == Verdict.DENY and "embedded.container_truncated" in found
    problems = [s.detail for s in run(good[:2] + lie + good[2:]) if s.code == "embedded.container_truncated"]
    assert problems == [f"JPEG: segment 0xEF claims {lie[-1]} bytes (under its own 2-byte length); read on from the "
                        "next marker: embedded opt-outs may be missing"]


def test_xmp_and_c2pa_past_a_segment_walk_that_breaks_off_are_found_by_their_markers() -> None:
    """A segment whose length lands between markers (or past the end) ends the walk; what follows
    is still scanned for XMP packets and C2PA stores."""
    good = jpeg_with_xmp(xmp_packet("DMI-PROHIBITED"))
    off_the_marker = good[:2] + b"\xff\xef\x00\x05junk" + good[2:]  # 3 bytes of payload for 4 of junk
    assert codes(off_the_marker)["xmp.data_mining.prohibited"] == Verdict.DENY
    store = manifest_store("c2pa.training-mining", {"c2pa.ai_training": "notAllowed"})
    c2pa = jpeg_with_c2pa(store)
    assert codes(c2pa[:2] + b"\xff\xef\x00\x03ab" + c2pa[2:])["c2pa.training.not_allowed"] == Verdict.DENY


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be"])
def test_an_xmp_packet_in_utf16_or_utf32_is_read(encoding: str) -> None:
    """XMP may be written in UTF-16 or UTF-32 (with or without a byte-order mark): a byte
    search for "<" cut such a packet inside its characters and its opt-out went unread, silently."""
    packet = xmp_packet("DMI-PROHIBITED").decode().encode(encoding)
    assert data_mining_codes(packet) == ["DMI-PROHIBITED"]
    assert codes(jpeg_with_xmp(packet)) == {"xmp.data_mining.prohibited": Verdict.DENY}
    assert codes(webp_with_chunks([(b"XMP ", packet)])) == {"xmp.data_mining.prohibited": Verdict.DENY}


def test_a_utf8_packet_after_a_stray_nul_is_still_utf8() -> None:
    assert data_mining_codes(b"\x00" + xmp_packet("DMI-PROHIBITED")) == ["DMI-PROHIBITED"]


def test_a_malformed_packet_is_a_warning_even_without_a_data_mining_in_its_bytes() -> None:
    """Not well-formed, a packet is read by a recovering parser, and said to be: never silent."""
    [s] = run(jpeg_with_xmp(b"<x:xmpmeta><unclosed>"))
    assert (s.verdict, s.code, s.warning) == (Verdict.UNKNOWN, "xmp.malformed", True)


WIDE = ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]


def _bare_rdf(packet: bytes) -> bytes:
    """The packet's `rdf:RDF` element alone: no xpacket wrapper, no `x:xmpmeta` element."""
    return packet[packet.index(b"<rdf:RDF"):packet.index(b"</rdf:RDF>") + len(b"</rdf:RDF>")]


@pytest.mark.parametrize("encoding", WIDE)
@pytest.mark.parametrize("bare", ["wrapped", "xmpmeta", "rdf"])
def test_a_utf16_or_utf32_packet_is_found_by_the_scan_once(encoding: str, bare: str) -> None:
    """The containers read by a scan for XMP markers (AVIF/HEIF, JPEG XL, JPEG 2000, an unknown
    format, the rest of a JPEG after a broken segment walk) looked for the ASCII markers only:
    a packet in UTF-16 or UTF-32 (which XMP allows) was passed over without a word."""
    text = xmp_packet("DMI-PROHIBITED").decode()
    if bare == "xmpmeta":  # no xpacket wrapper
        text = text[text.index("<x:xmpmeta"):text.index("<?xpacket end")]
    elif bare == "rdf":  # no wrapper, no x:xmpmeta element
        text = _bare_rdf(text.encode()).decode()
    packet = text.encode(encoding)
    good = jpeg_with_xmp(xmp_packet("DMI-ALLOWED"))
    for body in (heif_like(b"\x00" * 101 + packet + b"\x00" * 7),
                 b"\x00\x00\x00\x0cJXL \r\n\x87\n" + b"\x00" * 9 + packet,
                 b"\x00\x00\x00\x0cjP  \r\n\x87\n" + packet,
                 b"\x00\x01\x02\x03" + packet,
                 good[:2] + b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00junk" + packet):
        found = extract(body)
        assert len(found.xmp) == 1 and encoding[:6].upper() in found.xmp[0][1]  # one packet, not one per byte order
        assert data_mining_codes(found.xmp[0][0]) == ["DMI-PROHIBITED"]
        assert codes(body)["xmp.data_mining.prohibited"] == Verdict.DENY


def _jxl(*boxes: bytes) -> bytes:
    """A JPEG XL container: its signature box, `ftyp`, the given boxes, then a codestream box."""
    return (b"\x00\x00\x00\x0cJXL \r\n\x87\n" + box(b"ftyp", b"jxl \x00\x00\x00\x00jxl ") + b"".join(boxes)
            + box(b"jxlc", b"\xff\x0a" + b"\x00" * 16))


def test_a_jpeg_xl_xmp_box_compressed_with_brotli_is_read() -> None:
    """libjxl writes metadata boxes Brotli-compressed (`brob`) by default: such an XMP's
    DMI-PROHIBITED was only noted as unread, and the image allowed."""
    body = _jxl(box(b"brob", b"xml " + brotli.compress(xmp_packet("DMI-PROHIBITED-AIMLTRAINING"))))
    assert codes(body) == {"xmp.data_mining.prohibited": Verdict.DENY}
    [s] = run(body)
    assert "JPEG XL brob box" in s.source


def test_a_jpeg_xl_c2pa_box_compressed_with_brotli_is_read() -> None:
    store = manifest_store("cawg.training-mining", {"cawg.ai_generative_training": "notAllowed"})
    body = _jxl(box(b"brob", b"jumb" + brotli.compress(store[8:])))  # (the jumb box's content, as brob holds it)
    assert codes(body) == {"c2pa.training.not_allowed": Verdict.DENY}


def test_jpeg_xl_brob_boxes_are_undone_a_bounded_number_of_times() -> None:
    packed = box(b"brob", b"xml " + brotli.compress(xmp_packet("DMI-UNSPECIFIED")))
    found = extract(_jxl(*[packed] * 40))
    assert len(found.xmp) == 16 and any("the rest were not read" in p for p in found.problems)


def test_a_jpeg_xl_brob_box_that_does_not_undo_is_unread() -> None:
    """An XMP box that cannot be undone may hold a refusal: the reading is incomplete, which the policy's
    on_error decides (it was a note, and the image allowed: review). A C2PA store's stays a note, as a store cut
    short before any assertion is."""
    [s] = run(_jxl(box(b"brob", b"xml " + b"not brotli at all" * 4)))
    assert (s.code, s.warning) == ("xmp.unreadable", True) and "could not be undone" in s.detail
    [s] = run(_jxl(box(b"brob", b"jumb" + b"not brotli" * 4)))
    assert s.code == "embedded.container_truncated" and "could not be undone" in s.detail



def test_a_jpeg_xl_brob_box_past_a_broken_box_is_said_to_be_unread() -> None:
    """The box walk stops at a malformed box: a compressed XMP after it was skipped without a word."""
    body = _jxl(b"\x00\x00\x00\x05junk", box(b"brob", b"xml " + brotli.compress(xmp_packet("DMI-PROHIBITED"))))
    [s] = run(body)
    assert (s.code, s.warning) == ("embedded.container_truncated", True) and "breaks off" in s.detail

@pytest.mark.parametrize("encoding", WIDE)
def test_an_unended_wide_packet_is_a_warning_and_many_are_bounded(encoding: str) -> None:
    cut = xmp_packet("DMI-PROHIBITED").decode()[:120].encode(encoding)
    assert {s.code for s in run(heif_like(cut))} == {"embedded.container_truncated"}
    many = heif_like(xmp_packet("DMI-PROHIBITED").decode().encode(encoding) * 20)
    found = extract(many)
    assert len(found.xmp) == 16 and any("the rest were not read" in p for p in found.problems)


@pytest.mark.parametrize("body", [
    b"P1\n2 2\n0 1 1 0\n", b"P2 2 1 255 0 255", b"P3\t1 1\t255 1 2 3", b"P4\n8 1\n\x80",
    b"P5\r1 1 255\n\x00", b"P6\n1 1\n255\n\x01\x02\x03",
    b"qoif\x00\x00\x00\x01\x00\x00\x00\x01\x03\x00" + b"\x00" * 8,
    b"\xff\x4f\xff\x51\x00\x29" + b"\x00" * 40,
])
def test_netpbm_qoi_and_a_bare_jpeg2000_codestream_have_no_metadata_container(body: bytes) -> None:
    """They hold no place for metadata: a decision about one said "format not recognised …
    an opt-out stored otherwise was not seen" for every such image."""
    assert extract(body).format == "no metadata container" and run(body) == []


def test_a_text_starting_with_p1_is_not_taken_for_a_bitmap() -> None:
    assert extract(b"P1ease read " * 10).format == "unrecognised image"


@pytest.mark.parametrize("encoding", WIDE)
def test_a_wide_packet_between_nuls_is_read_in_its_own_byte_order(encoding: str) -> None:
    """Between NULs, ASCII markup reads the same in both byte orders one byte apart: the order
    that does not turn the rest of the text into noise is the one read."""
    text = xmp_packet("DMI-PROHIBITED").decode().replace("<rdf:Description", "<!-- 山田太郎 --><rdf:Description", 1)
    [(packet, _)] = extract(heif_like(b"\x00" * 64 + text.encode(encoding) + b"\x00" * 64)).xmp
    assert "山田太郎" in xmp_text(packet) and data_mining_codes(packet) == ["DMI-PROHIBITED"]


def test_the_wide_scan_of_zero_filled_pixels_stays_fast() -> None:
    """A search for a marker holding NULs crawled through zeros a byte at a time (0.3 s per
    search over 64 MB, one search per marker and byte order)."""
    import time

    body = heif_like(b"\x00" * 32_000_000 + xmp_packet("DMI-PROHIBITED").decode().encode("utf-16-be"))
    start = time.perf_counter()
    assert codes(body) == {"xmp.data_mining.prohibited": Verdict.DENY}
    assert time.perf_counter() - start < 1.0


# --- an XMP packet that is not well-formed XML (the reviewer's D2): read by a recovering parser
# after the strict one fails; a DataMining even that cannot read is `xmp.unreadable`, for on_error
PLUS_NS = "http://ns.useplus.org/ldf/xmp/1.0/"
CAPTION = (b'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
           b"<dc:title>Smith & Sons</dc:title></rdf:Description>")


def with_raw_ampersand(packet: bytes) -> bytes:
    """`packet` with a caption holding one unescaped "&" before its DataMining."""
    return packet.replace(b'syntax-ns#">', b'syntax-ns#">' + CAPTION, 1)


def test_the_reviewers_packet_with_an_unescaped_ampersand_is_honoured() -> None:
    """One raw "&" in a caption ("Smith & Sons") made the strict parse fail and the
    DMI-PROHIBITED beside it went unread: the image was allowed under fail-closed, with a note."""
    packet = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
              '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              f'<rdf:Description rdf:about="" xmlns:plus="{PLUS_NS}" xmlns:dc="http://purl.org/dc/elements/1.1/"'
              ' plus:DataMining="http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED">'
              '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Smith & Sons</rdf:li></rdf:Alt></dc:description>'
              '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>').encode()
    out = {s.code: s for s in run(jpeg_with_xmp(packet))}
    assert {code: s.verdict for code, s in out.items()} == {
        "xmp.data_mining.prohibited": Verdict.DENY, "xmp.malformed": Verdict.UNKNOWN}
    assert "recovering parser" in out["xmp.malformed"].detail and out["xmp.malformed"].warning


@pytest.mark.parametrize("make", [
    lambda: jpeg_with_xmp(with_raw_ampersand(xmp_packet("DMI-PROHIBITED"))),
    lambda: jpeg_with_xmp(with_raw_ampersand(xmp_packet("DMI-PROHIBITED", element=True))),
    lambda: jpeg_with_xmp(with_raw_ampersand(xmp_packet("DMI-PROHIBITED")).decode().encode("utf-16")),
    lambda: png_with_xmp(with_raw_ampersand(xmp_packet("DMI-PROHIBITED", element=True)), compressed=True),
    lambda: heif_like(with_raw_ampersand(xmp_packet("DMI-PROHIBITED"))),
], ids=["jpeg", "jpeg-element", "jpeg-utf16", "png-itxt-zlib", "heif-scan"])
def test_an_opt_out_in_a_packet_that_is_not_well_formed_is_read(make) -> None:  # noqa: ANN001
    assert codes(make()) == {"xmp.data_mining.prohibited": Verdict.DENY, "xmp.malformed": Verdict.UNKNOWN}


def test_a_well_formed_packet_never_reaches_the_recovering_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """The recovering parse is the fallback of a failed strict one, not a second pass."""
    import scrapeguard.signals.embedded.xmp as xmp

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("recovering parser used on a well-formed packet")

    monkeypatch.setattr(xmp.etree, "XMLParser", refuse)
    assert read_data_mining(xmp_packet("DMI-PROHIBITED")) == DataMiningReading(["DMI-PROHIBITED"])
    assert codes(jpeg_with_xmp(xmp_packet("DMI-PROHIBITED"))) == {"xmp.data_mining.prohibited": Verdict.DENY}


UNBOUND = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           b'<rdf:Description rdf:about=""><plus:DataMining>DMI-PROHIBITED</plus:DataMining>'
           b"</rdf:Description></rdf:RDF></x:xmpmeta>")  # the plus: prefix never declared


@pytest.mark.parametrize("packet", [
    UNBOUND,
    with_raw_ampersand(UNBOUND),
    # an internal entity in the DataMining: expanded by no one (a DTD in XMP is forbidden)
    b'<!DOCTYPE x [<!ENTITY v "DMI-PROHIBITED">]>' + xmp_packet("DMI-PROHIBITED", element=True).replace(
        b'rdf:resource="http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED"/>', b">&v;</p:DataMining>"),
], ids=["unbound-prefix", "unbound-prefix-and-ampersand", "entity-value"])
def test_a_data_mining_not_even_the_recovering_parser_reads_is_unreadable(packet: bytes) -> None:
    """Such a packet may hold an opt-out: a note beside an allow was a silent allow. It is
    `xmp.unreadable`, a signal the guard makes an error finding (the policy's on_error decides)."""
    [s] = run(jpeg_with_xmp(packet))
    assert (s.verdict, s.code, s.warning) == (Verdict.UNKNOWN, "xmp.unreadable", True)
    assert s.code in UNREADABLE and "DataMining properties not read" in s.detail
    # no IPTC code can deny an archive: for such a purpose it is only a note
    assert codes(jpeg_with_xmp(packet), "archive") == {"xmp.malformed": Verdict.UNKNOWN}


def test_an_external_entity_is_never_loaded(tmp_path) -> None:  # noqa: ANN001
    target = tmp_path / "dm.txt"
    target.write_text("DMI-ALLOWED")
    packet = (f'<!DOCTYPE x [<!ENTITY e SYSTEM "{target.as_uri()}">]>'.encode()
              + xmp_packet("DMI-PROHIBITED", element=True).replace(
                  b'rdf:resource="http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED"/>', b">&e;</p:DataMining>"))
    assert codes(jpeg_with_xmp(packet)) == {"xmp.unreadable": Verdict.UNKNOWN}


def test_a_well_formed_packet_is_read_whole_whatever_comes_before_its_data_mining() -> None:
    """A well-formed packet bloated with photoshop:DocumentAncestors (25,000 ids, more than
    MAX_ITEMS nodes) is read whole: a DataMining before or after the list is read, element or
    attribute, an opt-out and a permission alike, never taken for an unreadable packet."""
    bloat = b"<rdf:Bag>" + b"<rdf:li>x</rdf:li>" * 25_000 + b"</rdf:Bag>"
    early = xmp_packet("DMI-PROHIBITED").replace(
        b"</rdf:RDF>", b"<rdf:Description>" + bloat + b"</rdf:Description></rdf:RDF>")
    assert codes(png_with_xmp(early)) == {"xmp.data_mining.prohibited": Verdict.DENY}
    for code, expected in (("DMI-PROHIBITED", {"xmp.data_mining.prohibited": Verdict.DENY}),
                           ("DMI-ALLOWED", {"xmp.data_mining.allowed": Verdict.ALLOW}), ("DMI-UNSPECIFIED", {})):
        for element in (True, False):
            late = xmp_packet(code, element=element).replace(
                b'syntax-ns#">', b'syntax-ns#"><rdf:Description>' + bloat + b"</rdf:Description>", 1)
            assert codes(png_with_xmp(late)) == expected
            assert read_data_mining(late) == DataMiningReading([code])
            assert data_mining_codes(late) == [code]


def test_a_recovering_parse_past_the_walk_cap_says_its_data_mining_was_not_read() -> None:
    """Only the recovering parse (a packet that is not well-formed) is walked node by node up to
    MAX_ITEMS: a DataMining after that is said unread, an error for on_error, never skipped."""
    bloat = b"<rdf:Bag>" + b"<rdf:li>A & B</rdf:li>" * 25_000 + b"</rdf:Bag>"
    late = xmp_packet("DMI-PROHIBITED").replace(
        b'syntax-ns#">', b'syntax-ns#"><rdf:Description>' + bloat + b"</rdf:Description>", 1)
    assert codes(png_with_xmp(late)) == {"xmp.unreadable": Verdict.UNKNOWN}
    assert "stopped at" in read_data_mining(late).unread



@pytest.mark.parametrize("caption", [b"", b"<dc:description>Tom & Jerry</dc:description>"])  # (strict, recovering)
def test_a_data_mining_nested_in_itself_is_read_within_one_node_budget_then_said_unread(caption: bytes) -> None:
    """Each DataMining (and each rdf:li in it) was read by a walk of its whole subtree, so one nested in
    itself 16,000 deep (560 KB) took 24 s. All walks inside a packet's properties share MAX_ITEMS nodes:
    past them the packet is unread (an error for on_error, never an allow), what was read before kept."""
    nested = b"<p:DataMining>" * 3_000 + b"</p:DataMining>" * 3_000
    packet = xmp_packet("DMI-PROHIBITED", element=True).replace(
        b"</rdf:Description>", caption + nested + b"</rdf:Description>", 1)
    started = time.perf_counter()
    reading = read_data_mining(packet)
    assert time.perf_counter() - started < 2
    assert reading.codes == ["DMI-PROHIBITED"] and "more than 20000 XML nodes" in reading.unread
    assert codes(png_with_xmp(packet)) == {"xmp.data_mining.prohibited": Verdict.DENY,
                                           "xmp.unreadable": Verdict.UNKNOWN}
    alone = packet.replace(b'<p:DataMining rdf:resource="' + (VOCAB + "DMI-PROHIBITED").encode() + b'"/>', b"")
    assert codes(png_with_xmp(alone)) == {"xmp.unreadable": Verdict.UNKNOWN}


def test_a_data_mining_nested_once_or_listed_reads_as_before() -> None:
    """The budget is for hostile packets: a wrapper, a Bag, a qualified value read whole as ever."""
    for inner in (b"<rdf:Description><rdf:value>DMI-PROHIBITED</rdf:value></rdf:Description>",
                  b"<rdf:Bag><rdf:li>DMI-UNSPECIFIED</rdf:li><rdf:li>DMI-PROHIBITED</rdf:li></rdf:Bag>"):
        packet = xmp_packet("DMI-ALLOWED", element=True).replace(
            b'<p:DataMining rdf:resource="' + (VOCAB + "DMI-ALLOWED").encode() + b'"/>',
            b"<p:DataMining>" + inner + b"</p:DataMining>", 1)
        assert read_data_mining(packet).codes[-1] == "DMI-PROHIBITED" and not read_data_mining(packet).unread

# --- PNG: XMP in tEXt / zTXt as well as iTXt, and ImageMagick's hex raw profile (the reviewer's D3)
XMP = xmp_packet("DMI-PROHIBITED").decode().replace("\ufeff", "")  # Latin-1: Pillow writes it to tEXt as asked


def png_by_pillow(kind: str) -> bytes:
    """A PNG as Pillow writes it with the packet in a text chunk of `kind`."""
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    raw_profile = "\nxmp\n%8d\n" % len(XMP.encode()) + "\n".join(
        XMP.encode().hex()[i:i + 72] for i in range(0, 2 * len(XMP.encode()), 72)) + "\n"
    if kind == "iTXt":
        info.add_itxt("XML:com.adobe.xmp", XMP)
    elif kind == "iTXt zlib":
        info.add_itxt("XML:com.adobe.xmp", XMP, zip=True)
    elif kind == "tEXt":
        info.add_text("XML:com.adobe.xmp", XMP)
    elif kind == "zTXt":
        info.add_text("XML:com.adobe.xmp", XMP, zip=True)
    elif kind == "raw tEXt":
        info.add_text("Raw profile type xmp", raw_profile)
    elif kind == "raw zTXt":
        info.add_text("Raw profile type xmp", raw_profile, zip=True)
    elif kind == "raw APP1":  # ImageMagick 6's copy of a JPEG's XMP APP1 segment: namespace header first
        app1 = b"http://ns.adobe.com/xap/1.0/\x00" + XMP.encode()
        info.add_text("Raw profile type APP1", "\nAPP1\n%8d\n" % len(app1) + "\n".join(
            app1.hex()[i:i + 72] for i in range(0, 2 * len(app1), 72)) + "\n", zip=True)
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 200, 30)).save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


@pytest.mark.parametrize(("kind", "container"), [
    ("iTXt", "XMP in PNG iTXt chunk"),
    ("iTXt zlib", "XMP in PNG iTXt chunk"),
    ("tEXt", "XMP in PNG tEXt chunk"),
    ("zTXt", "XMP in PNG zTXt chunk"),
    ("raw tEXt", "XMP in PNG tEXt chunk (Raw profile type xmp)"),
    ("raw zTXt", "XMP in PNG zTXt chunk (Raw profile type xmp)"),
    ("raw APP1", "XMP in PNG zTXt chunk (Raw profile type APP1)"),
])
def test_png_xmp_in_every_text_chunk_that_readers_read(kind: str, container: str) -> None:
    """ExifTool, Pillow and Krita read the packet in tEXt and zTXt chunks keyed
    XML:com.adobe.xmp, and ImageMagick's hex "Raw profile type xmp": only iTXt was read, and
    the same opt-out elsewhere let the image through without a word."""
    body = png_by_pillow(kind)
    found = extract(body)
    assert [c for _, c in found.xmp] == [container] and not found.problems
    assert codes(body) == {"xmp.data_mining.prohibited": Verdict.DENY}


def test_png_text_chunks_under_other_keywords_are_not_read() -> None:
    packet = zlib.compress(xmp_packet("DMI-PROHIBITED"))
    body = png_with_chunks([png_chunk(b"tEXt", b"Comment\x00" + xmp_packet("DMI-PROHIBITED")),
                            png_chunk(b"zTXt", b"Raw profile type exif\x00\x00" + packet),
                            # an APP1 profile holding EXIF, not XMP: the image half reads it
                            png_chunk(b"tEXt", b"Raw profile type APP1\x00\nAPP1\n       8\n457869660000aabb\n"),
                            png_chunk(b"tEXt", b"XML:com.adobe.xmpX\x00" + xmp_packet("DMI-PROHIBITED"))])
    assert extract(body).xmp == [] and run(body) == []


@pytest.mark.parametrize(("chunk", "problem"), [
    (png_chunk(b"tEXt", b"Raw profile type xmp\x00\nxmp\n   12\nnot hex at all\n"), "not hex"),
    (png_chunk(b"tEXt", b"Raw profile type xmp\x00\nxmp\n"), "malformed"),
    (png_chunk(b"tEXt", b"Raw profile type xmp\x00\nxmp\n 9999\n" + xmp_packet("DMI-PROHIBITED").hex().encode()),
     "truncated"),
    # a length of 5,000 digits: int() refuses past 4,300, and the ValueError escaped the reader
    (png_chunk(b"tEXt", b"Raw profile type xmp\x00\nxmp\n" + b"9" * 5000 + b"\n00\n"), "malformed"),
], ids=["not-hex", "no-length", "short", "huge-length"])
def test_a_broken_png_text_chunk_is_a_warning(chunk: bytes, problem: str) -> None:
    out = run(png_with_chunks([chunk]))
    broken = [s for s in out if s.code == "embedded.container_truncated"]
    assert broken and problem in broken[0].detail and all(s.verdict != Verdict.ALLOW for s in out)


PADDED = xmp_packet("DMI-PROHIBITED").replace(b"<rdf:Description", b"<!-- " + b"x" * 3000 + b" --><rdf:Description", 1)


@pytest.mark.parametrize("kind", ["zTXt", "iTXt"])
@pytest.mark.parametrize("damage", ["cut", "flipped", "not zlib"])
def test_a_compressed_png_xmp_that_does_not_inflate_whole_is_unread(kind: str, damage: str) -> None:
    """A zTXt (or compressed iTXt) stream cut short or corrupt left the packet's end, with its DMI-PROHIBITED,
    uninflated: the image was allowed with a note that nothing went unread (review). It is `xmp.unreadable`
    now, which the policy's on_error decides, as a TIFF tag cut short is."""
    stream = zlib.compress(PADDED)
    if damage == "cut":
        stream = stream[: len(stream) * 6 // 10]
    elif damage == "flipped":
        stream = stream[:40] + bytes([stream[40] ^ 0xFF]) + stream[41:]
    else:
        stream = b"not zlib"
    head = b"XML:com.adobe.xmp\x00" + (b"\x00" if kind == "zTXt" else b"\x01\x00\x00\x00")
    out = run(png_with_chunks([png_chunk(kind.encode(), head + stream)]))
    assert "xmp.unreadable" in {s.code for s in out} and all(s.verdict != Verdict.ALLOW for s in out), out


RAW_EXIF = b"Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x00" + b"\x00" * 40


@pytest.mark.parametrize("chunk", [
    # an ImageMagick APP1 profile holding EXIF, its checksum lost: no XMP in it to be unread
    png_chunk(b"zTXt", b"Raw profile type APP1\x00\x00" + zlib.compress(
        b"\nAPP1\n" + str(len(RAW_EXIF)).rjust(8).encode() + b"\n" + RAW_EXIF.hex().encode() + b"\n")[:-4]),
    # a whole packet whose checksum is missing (a wrong one is a changed byte: unreadable, below)
    png_chunk(b"zTXt", b"XML:com.adobe.xmp\x00\x00" + zlib.compress(xmp_packet("DMI-UNSPECIFIED"))[:-4]),
    # flagged compressed, holding nothing, or the packet as plain text (a writer's slip)
    png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x01\x00\x00\x00"),
    png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x01\x00\x00\x00" + xmp_packet("DMI-UNSPECIFIED")),
], ids=["exif-profile", "no-checksum", "empty", "stored-plain"])
def test_a_compressed_png_text_chunk_that_hides_no_xmp_is_a_note_not_unreadable(chunk: bytes) -> None:
    """(Review of the change) Each blocked a plain picture under fail-closed as `xmp.unreadable`, where nothing
    of an XMP packet went unread; the empty one raised out of the guard (`error.valueerror`)."""
    out = run(png_with_chunks([chunk]))
    assert "xmp.unreadable" not in {s.code for s in out} and all(s.verdict != Verdict.DENY for s in out), out
    with Guard("gdpr-strict", user_agent="ExampleBot/1.0", audit=False) as g:
        d = g.check_response("http://127.0.0.1:9/i/pic.png", 200, {"Content-Type": "image/png"},
                             png_with_chunks([chunk]))
    assert d.allowed, d.codes


def test_a_changed_byte_only_the_checksum_tells_and_an_app1_profile_cut_before_its_start_are_unreadable() -> None:
    """(Review of the mends) In a stored (level 0) stream only the checksum tells a changed byte ("DMI-PROHIBITED"
    altered); an APP1 raw profile cut before its first bytes inflate cannot be told from XMP: both unreadable."""
    stream = bytearray(zlib.compress(xmp_packet("DMI-PROHIBITED"), 0))
    at = stream.index(b"PROHIBITED")
    stream[at] ^= 0x01
    assert "xmp.unreadable" in {s.code for s in run(png_with_chunks([png_chunk(
        b"zTXt", b"XML:com.adobe.xmp\x00\x00" + bytes(stream))]))}
    app1 = b"http://ns.adobe.com/xap/1.0/\x00" + xmp_packet("DMI-PROHIBITED")
    profile = b"\nAPP1\n" + str(len(app1)).rjust(8).encode() + b"\n" + app1.hex().encode() + b"\n"
    cut = png_chunk(b"zTXt", b"Raw profile type APP1\x00\x00" + zlib.compress(profile)[:12])
    assert "xmp.unreadable" in {s.code for s in run(png_with_chunks([cut]))}


def test_a_compressed_png_xmp_stored_plain_is_read() -> None:
    chunk = png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x01\x00\x00\x00" + xmp_packet("DMI-PROHIBITED"))
    assert codes(png_with_chunks([chunk]))["xmp.data_mining.prohibited"] == Verdict.DENY


def test_a_refusal_before_the_damage_in_a_compressed_png_xmp_is_read() -> None:
    """What inflates before a stream breaks is read: a refusal whole in it is honoured."""
    packet = xmp_packet("DMI-PROHIBITED", pad=100_000)  # (the refusal, then a comment, then the packet's end)
    stream = zlib.compress(packet, 0)[:60_000]  # (cut inside the comment)
    out = run(png_with_chunks([png_chunk(b"zTXt", b"XML:com.adobe.xmp\x00\x00" + stream)]))
    assert {s.code for s in out} >= {"xmp.data_mining.prohibited", "xmp.unreadable"}


@pytest.mark.parametrize("names_it", [False, True])
def test_xmp_past_what_one_image_is_read_for_is_unreadable_only_where_it_names_data_mining(names_it: bool) -> None:
    """An 11 MB packet (a document's history) in a PNG iTXt or WebP chunk was past the bytes read from one image
    and blocked whole under fail-closed, where the same packet in JPEG or TIFF passed: unread XMP is unreadable
    where it names DataMining, as in every container, and a note otherwise (review)."""
    history = b"<stEvt:action>saved</stEvt:action>" * (MAX_XMP_BYTES * 2 // 34 + 1000)
    packet = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              + history + b"</rdf:RDF></x:xmpmeta>")
    if names_it:
        packet = packet.replace(b"</rdf:RDF>", f'<rdf:Description xmlns:p="{PLUS}" p:DataMining="{VOCAB}DMI-PROHIBITED"/>'
                                .encode() + b"</rdf:RDF>")
    out = run(png_with_chunks([png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + packet)]))
    assert ("xmp.unreadable" in {s.code for s in out}) is names_it, out
    assert "embedded.container_truncated" in {s.code for s in out} or names_it


# --- SVG: IPTC DataMining in its <metadata> (the reviewer's D3: SVG answers were not read)
SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'


def svg_run(body: bytes, usage: str = "train-ai") -> dict[str, Verdict]:
    v = ResponseView("http://h/logo.svg", 200, Headers(), "svg", body)
    return {s.code: s.verdict for s in EmbeddedReader().evaluate(v, "scrapeguard", usage)}  # type: ignore[arg-type]


@pytest.mark.parametrize("body", [
    # an XMP packet in <metadata>
    f"<svg {SVG_NS}><metadata>{XMP}</metadata><rect/></svg>".encode(),
    # bare RDF whose namespaces the <svg> element declares (how Inkscape-like tools write metadata)
    (f'<svg {SVG_NS} xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:plus="{PLUS_NS}">'
     '<metadata><rdf:RDF><rdf:Description plus:DataMining="http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED"/>'
     "</rdf:RDF></metadata><rect/></svg>").encode(),
    # Illustrator's DOCTYPE, a namespace declared through an entity, the metadata after the drawing
    (f'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
     f'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [<!ENTITY ns_plus "{PLUS_NS}">]>'
     f'<svg {SVG_NS} xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:plus="&ns_plus;">'
     + "<rect/>" * 30_000 + '<metadata><rdf:RDF><rdf:Description plus:DataMining="DMI-PROHIBITED"/>'
     "</rdf:RDF></metadata></svg>").encode(),
    # in UTF-16
    f"<svg {SVG_NS}><metadata>{XMP}</metadata></svg>".encode("utf-16"),
], ids=["xmp-packet", "bare-rdf", "illustrator-doctype", "utf-16"])
def test_an_svg_opt_out_is_read(body: bytes) -> None:
    assert svg_run(body)["xmp.data_mining.prohibited"] == Verdict.DENY
    assert not {c for c in svg_run(body) if c in UNREADABLE}


def test_an_svg_without_the_word_is_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Most SVGs: one byte search, no parse."""
    import scrapeguard.signals.embedded.reader as reader

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(reader, "read_data_mining", refuse)
    assert svg_run(f"<svg {SVG_NS}><metadata>{XMP.replace('DataMining', 'Other')}</metadata></svg>".encode()) == {}
    assert svg_run(f"<svg {SVG_NS}><text>DataMining</text></svg>".encode("utf-16")) != {}  # (the word: parsed)


def test_an_svg_naming_data_mining_only_in_its_text_says_nothing() -> None:
    assert svg_run(f"<svg {SVG_NS}><text>DataMining &amp; more</text></svg>".encode()) == {}
    broken = f"<svg {SVG_NS}><metadata>{XMP}</metadata><text>A & B</text></svg>".encode()
    assert svg_run(broken) == {"xmp.data_mining.prohibited": Verdict.DENY, "xmp.malformed": Verdict.UNKNOWN}
    assert svg_run(f"<svg {SVG_NS}><metadata>{XMP.replace('DMI-PROHIBITED', 'DMI-ALLOWED')}</metadata></svg>"
                   .encode()) == {"xmp.data_mining.allowed": Verdict.ALLOW}


@pytest.mark.parametrize("wrapped", [f"<![CDATA[{XMP}]]>", XMP.replace("&", "&amp;").replace("<", "&lt;")],
                         ids=["cdata", "escaped"])
def test_an_svg_whose_metadata_holds_its_xmp_packet_as_text_is_read(wrapped: str) -> None:
    """A packet put in <metadata> as a CDATA section (a template pasting the packet's text), or escaped,
    is the element's text, not elements: the strict parse found no DataMining in it, and its
    DMI-PROHIBITED let the SVG through without a word."""
    body = f"<svg {SVG_NS}><metadata>{wrapped}</metadata><rect/></svg>".encode()
    assert svg_run(body) == {"xmp.data_mining.prohibited": Verdict.DENY}


def test_an_svg_xmp_packet_written_as_text_that_cannot_be_read_is_unreadable() -> None:
    unreadable = XMP.replace('p:DataMining="', "p:DataMining=")  # (its value unquoted: not even recovered)
    body = f"<svg {SVG_NS}><metadata><![CDATA[{unreadable}]]></metadata><rect/></svg>".encode()
    assert svg_run(body) == {"xmp.unreadable": Verdict.UNKNOWN}


def test_an_svg_whose_words_name_the_property_holds_no_packet() -> None:
    """A diagram explaining IPTC's fields is no metadata; nor is a packet commented out."""
    assert svg_run(f'<svg {SVG_NS}><text>Write plus:DataMining="DMI-PROHIBITED" to opt out</text></svg>'.encode()) == {}
    assert svg_run(f"<svg {SVG_NS}><!-- {XMP} --><rect/></svg>".encode()) == {}


C2PA_SVG_NS = 'xmlns:c2pa="http://c2pa.org/manifest"'
REFUSING_STORE = manifest_store("cawg.training-mining", {"cawg.ai_training": "notAllowed"})


def svg_with_manifest(store: bytes, prefix: str = "c2pa") -> str:
    """An SVG carrying a C2PA manifest store as C2PA embeds one (Adobe Illustrator's exports): base64 in a
    `manifest` element of the namespace http://c2pa.org/manifest, in its <metadata>."""
    encoded = base64.b64encode(store).decode()
    wrapped = "\n".join(encoded[i:i + 76] for i in range(0, len(encoded), 76))  # (line-wrapped, as some write it)
    return (f'<svg {SVG_NS} xmlns:{prefix}="http://c2pa.org/manifest"><metadata><{prefix}:manifest>{wrapped}'
            f"</{prefix}:manifest></metadata><rect/></svg>")


@pytest.mark.parametrize(("prefix", "codec"), [("c2pa", "utf-8"), ("ns1", "utf-8"), ("c2pa", "utf-16")])
def test_an_svg_c2pa_manifest_in_its_metadata_is_read(prefix: str, codec: str) -> None:
    """Only the SVG's DataMining was read: the training-mining refusal of the manifest an SVG carries
    (its <c2pa:manifest>, by its namespace whatever its prefix) let it through without a word."""
    body = svg_with_manifest(REFUSING_STORE, prefix).encode(codec)
    assert svg_run(body) == {"c2pa.training.not_allowed": Verdict.DENY}
    assert svg_run(body, "search") == {}  # (no C2PA entry speaks of indexing)


def test_an_svg_c2pa_manifest_that_is_no_base64_is_said_to_be_unreadable() -> None:
    body = f'<svg {SVG_NS} {C2PA_SVG_NS}><metadata><c2pa:manifest>**not base64**</c2pa:manifest></metadata></svg>'
    assert svg_run(body.encode()) == {"c2pa.manifest.broken": Verdict.UNKNOWN}


def test_an_svg_with_a_remote_manifest_is_said_to_be_unread() -> None:
    v = ResponseView("http://h/logo.svg", 200, Headers([("Link", LINK)]), "svg", f"<svg {SVG_NS}><rect/></svg>".encode())
    assert [s.code for s in EmbeddedReader().evaluate(v, "scrapeguard", "train-ai")] == ["c2pa.manifest.remote"]


def test_through_the_guard_an_svg_c2pa_refusal_blocks() -> None:
    with _strict_guard() as g:
        d = g.check_response("http://site.example/logo.svg", 200, [("Content-Type", "image/svg+xml")],
                             svg_with_manifest(REFUSING_STORE).encode())
    assert not d.allowed and [f.code for f in d.findings] == ["c2pa.training.not_allowed"]


def page_run(page: str, links: tuple[str, ...] = (), usage: str = "train-ai") -> dict[str, Verdict]:
    v = ResponseView("http://h/article", 200, Headers([("Link", link) for link in links]), "html", page.encode())
    return {s.code: s.verdict for s in EmbeddedReader().evaluate(v, "scrapeguard", usage)}  # type: ignore[arg-type]


@pytest.mark.parametrize("script", ['<script type="application/c2pa">{}</script>',
                                    "<SCRIPT TYPE='application/c2pa' id=m>\n{}\n</SCRIPT>"])
def test_a_page_c2pa_manifest_in_its_script_is_read(script: str) -> None:
    """C2PA embeds an HTML document's manifest store as base64 in a <script type="application/c2pa"> of
    its head: only images' and SVGs' manifests were read, and a page's training-mining refusal let it
    through without a word."""
    page = f"<html><head>{script.format(base64.b64encode(REFUSING_STORE).decode())}</head><body>text</body></html>"
    assert page_run(page) == {"c2pa.training.not_allowed": Verdict.DENY}
    assert page_run(page, usage="search") == {}


@pytest.mark.parametrize(("page", "links"), [
    ('<html><head><link rel="c2pa-manifest" href="https://cdn.example/m.c2pa"></head><body>x</body></html>', ()),
    ("<html><head></head><body>x</body></html>", (LINK,)),
])
def test_a_page_with_a_remote_manifest_is_said_to_be_unread(page: str, links: tuple[str, ...]) -> None:
    assert page_run(page, links) == {"c2pa.manifest.remote": Verdict.UNKNOWN}


def test_a_page_without_a_manifest_says_nothing() -> None:
    assert page_run("<html><head><script>var c2pa = 1;</script></head><body>C2PA explained</body></html>") == {}


@pytest.mark.parametrize("page", [b"c2pa " + b"<link rel=x " * 50_000, b"c2pa " + b"<script type=application/c2pa " * 50_000,
                                  b"c2pa " + b"<link rel=c2pa-manifest " * 50_000])
def test_a_page_of_unclosed_tags_is_searched_in_linear_time(page: bytes) -> None:
    """A pattern from each `<link` to the page's end took minutes on 600 KB of unclosed tags."""
    from scrapeguard.signals.embedded.c2pa import html_manifests

    started = time.perf_counter()
    assert html_manifests(page) == ([], [])
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("unit", [b"<script " + b"application/c2pa " * 236,
                                  b"<script " + b"type=application/c2pa " * 180,
                                  b"<link " + b"c2pa-manifest " * 290, b'<link rel="' + b"c2pa-manifest " * 290])
def test_a_page_repeating_the_manifest_words_costs_what_its_size_does(unit: bytes) -> None:
    """Each word's tag was matched over the 4 kB before it: a page repeating `application/c2pa` after one
    `<script ` every 4 kB took 9.5 s for 8 MB. Each tag is read once, the words outside a value skipped."""
    from scrapeguard.signals.embedded.c2pa import html_manifests

    page = b"<p>" + (unit + b"\n") * 500  # (2 MB)
    started = time.perf_counter()
    assert html_manifests(page) == ([], [])
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize(("page", "found"), [
    (b"<script type = ' application/c2pa'>QUJD</script>", ([b""], [])),
    (b"<SCRIPT\ttype=application/C2PA>QUJD</SCRIPT>", ([b""], [])),
    (b"<script data-type=application/c2pa>QUJD</script>"
     b"<script x type='text/plain application/c2pa'></script>", ([], [])),
    (b"<link REL = 'preload c2pa-manifest' href=/m.c2pa><link rel=c2pa-manifest href='/n'>", ([], ["/m.c2pa", "/n"])),
    (b'<link title="c2pa-manifest" href=/a><link rel="x" title="c2pa-manifest" href=/b>'
     b"<linker rel=c2pa-manifest href=/c>", ([], [])),
    (b'<link rel="alternate c2pa-manifest c2pa-manifest" href="/m">', ([], ["/m", "/m"])),
])
def test_the_manifest_tags_a_page_names(page: bytes, found: tuple[list[bytes], list[str]]) -> None:
    """The script's type is the word (spaces and a quote around it allowed), the link's rel holds it; a word
    in another attribute or tag is none."""
    from scrapeguard.signals.embedded.c2pa import html_manifests

    stores, remote = html_manifests(page)
    assert (len(stores), remote) == (len(found[0]), found[1])


def test_through_the_guard_a_page_c2pa_refusal_blocks() -> None:
    page = f'<html><head><script type="application/c2pa">{base64.b64encode(REFUSING_STORE).decode()}</script></head>' \
           "<body><p>article text</p></body></html>"
    with _strict_guard() as g:
        d = g.check_response("http://site.example/article", 200, [("Content-Type", "text/html")], page.encode())
    assert not d.allowed and [f.code for f in d.findings] == ["c2pa.training.not_allowed"]


def _strict_guard(on_error: str = "fail-closed"):  # noqa: ANN202
    from scrapeguard import Guard, load_policy
    from scrapeguard.policy.model import Policy
    from scrapeguard.resource import FetchResult

    data = load_policy("gdpr-strict").model_dump()
    data["runtime"]["face_detection"] = False
    data["runtime"]["on_error"] = on_error
    data["audit"]["sink"] = None
    g = Guard(Policy.model_validate(data), user_agent="ExampleBot/1.0", audit=False)
    for f in g.host_files_needed("http://site.example/"):
        g.store_host_file(f, FetchResult(f, 404, None, b""))
    return g


def test_through_the_guard_an_svg_opt_out_blocks() -> None:
    svg = f"<svg {SVG_NS} width='10' height='10'><metadata>{XMP}</metadata><rect/></svg>".encode()
    with _strict_guard() as g:
        d = g.check_response("http://site.example/logo.svg", 200, [("Content-Type", "image/svg+xml")], svg)
    assert not d.allowed and [f.code for f in d.findings] == ["xmp.data_mining.prohibited"]


@pytest.mark.parametrize(("on_error", "action"), [("fail-closed", "block"), ("fail-open", "log")])
def test_through_the_guard_an_unreadable_packet_is_decided_by_on_error(on_error: str, action: str) -> None:
    with _strict_guard(on_error) as g:
        d = g.check_response("http://site.example/a.jpg", 200, [("Content-Type", "image/jpeg")],
                             jpeg_with_xmp(with_raw_ampersand(UNBOUND)))
    [f] = [f for f in d.findings if f.code == "xmp.unreadable"]
    assert (f.kind, f.action, d.action) == ("error", action, action)


def test_an_odd_entry_beside_a_training_refusal_does_not_hide_it() -> None:
    """A `use` given as a CBOR map with a bytes key raised TypeError while being quoted: the whole
    assertion became unreadable (an error on_error decides) and the valid refusal beside it was lost."""
    from scrapeguard.signals.embedded import entries_verdicts

    verdicts, read, unplaced = entries_verdicts({"entries": {"cawg.ai_training": {"use": "notAllowed"},
                                                             "x": {"use": {b"k": 1}}}})
    assert Verdict.DENY in verdicts.values() and read == ["cawg.ai_training=notAllowed"]
    assert unplaced == ["x={}"]


@pytest.mark.parametrize("compressed", [False, True])
@pytest.mark.parametrize("kind", [1, 2])
def test_an_icon_or_cursor_reads_the_metadata_of_its_png_pictures(kind: int, compressed: bool) -> None:
    """An icon (or a cursor) holds its pictures as DIBs or whole PNG files, and a PNG keeps its XMP: a
    favicon's DMI-PROHIBITED was not read at all (an icon was taken for a format without metadata) and
    the picture let through without a word."""
    dib = b"\x28\x00\x00\x00" + b"\x00" * 36
    body = ico_with([dib, png_with_xmp(xmp_packet("DMI-PROHIBITED"), compressed=compressed)], kind=kind)
    assert codes(body) == {"xmp.data_mining.prohibited": Verdict.DENY}
    assert [where for _, where in extract(body).xmp] == ["icon picture #2: XMP in PNG iTXt chunk"]


def test_an_icon_reads_the_c2pa_of_its_png_pictures() -> None:
    body = ico_with([png_with_c2pa(manifest_store("cawg.training-mining", {"cawg.ai_training": "notAllowed"}))])
    assert codes(body) == {"c2pa.training.not_allowed": Verdict.DENY}


def test_an_icon_of_dibs_alone_still_has_no_metadata_container() -> None:
    dib = b"\x28\x00\x00\x00" + b"\x00" * 36
    assert extract(ico_with([dib, dib])).format == "no metadata container" and run(ico_with([dib])) == []


def test_an_icon_picture_cut_short_is_said_and_read_as_far_as_it_goes() -> None:
    png = png_with_xmp(xmp_packet("DMI-PROHIBITED"))
    body = ico_with([png], size=len(png) + 100)
    got = codes(body)
    assert got["xmp.data_mining.prohibited"] == Verdict.DENY and "embedded.container_truncated" in got


def test_an_icon_listing_more_png_pictures_than_are_read_scans_the_rest() -> None:
    """Each PNG picture is walked, up to a bound; past it the icon is scanned for packets, and said to be."""
    from scrapeguard.signals.embedded.containers import MAX_ICON_PNGS

    pngs = [png_with_xmp(xmp_packet("DMI-UNSPECIFIED"))] * MAX_ICON_PNGS + [png_with_xmp(xmp_packet("DMI-PROHIBITED"))]
    got = codes(ico_with(pngs))
    assert got["xmp.data_mining.prohibited"] == Verdict.DENY and "embedded.container_truncated" in got
    # (an ordinary Windows icon, 7 sizes at 3 depths, is read whole: it was said to be cut short at 16)
    assert "embedded.container_truncated" not in codes(ico_with([png_with_xmp(xmp_packet("DMI-UNSPECIFIED"))] * 21))


def _prohibiting(kind: str) -> bytes:
    """A picture of `kind` whose XMP says DMI-PROHIBITED (a PNG's compressed, as libpng may write it)."""
    packet = xmp_packet("DMI-PROHIBITED")
    return {"JPEG": jpeg_with_xmp(packet), "PNG": png_with_xmp(packet, compressed=True),
            "GIF": gif_with_extensions([gif_xmp_extension(packet)]),
            "WEBP": webp_with_chunks([(b"XMP ", packet)])}[kind]


@pytest.mark.parametrize("first", ["JPEG", "PNG", "GIF", "WEBP"])
@pytest.mark.parametrize("appended", ["JPEG", "PNG", "GIF", "WEBP"])
def test_the_opt_out_of_a_picture_after_a_pictures_end_is_read(first: str, appended: str) -> None:
    """A picture after a picture's end (an editor's, aCropalypse's, a carver finds it) is analysed for faces
    and its EXIF read, as after a JPEG its XMP is: after a PNG, GIF or WebP its DMI-PROHIBITED went unread
    and the file passed as allowed without a word."""
    signals = run(_pixels(first) + _prohibiting(appended))
    assert [s.code for s in signals if s.verdict == Verdict.DENY] == ["xmp.data_mining.prohibited"]


def test_the_opt_out_of_a_picture_an_iend_chunk_claims_as_its_data_is_read() -> None:
    """An IEND chunk is empty: one whose length claims the appended picture's bytes ended the PNG
    after them, so that picture's DMI-PROHIBITED went unread."""
    plain, appended = _pixels("PNG"), _prohibiting("JPEG")
    at = plain.rindex(b"IEND") - 4
    claiming = plain[:at] + struct.pack(">I", len(appended)) + plain[at + 4:]
    assert codes(claiming + appended) == {"xmp.data_mining.prohibited": Verdict.DENY}


def test_the_c2pa_opt_out_of_a_picture_after_a_pngs_end_is_read() -> None:
    store = manifest_store("cawg.training-mining", {"cawg.ai_training": "notAllowed"})
    assert codes(_pixels("PNG") + png_with_c2pa(store)) == {"c2pa.training.not_allowed": Verdict.DENY}


def test_pictures_after_the_end_are_read_one_after_another_up_to_a_bound() -> None:
    plain = _pixels("PNG")
    assert codes(plain * 3 + _prohibiting("PNG")).get("xmp.data_mining.prohibited") == Verdict.DENY
    found = extract(plain * 12 + _prohibiting("PNG"))
    assert any("after the picture's end" in problem for problem in found.problems)


@pytest.mark.parametrize("first", ["PNG", "GIF", "WEBP"])
def test_an_xmp_packet_after_a_pictures_end_that_is_no_picture_is_still_read(first: str) -> None:
    """A WebP chunk past the size its RIFF header gives (a writer's slip) was walked as the WebP's own; now
    that the walk stops there, what follows is scanned for packets, as after any picture's end."""
    chunk = b"XMP " + struct.pack("<I", len(xmp_packet("DMI-PROHIBITED"))) + xmp_packet("DMI-PROHIBITED")
    assert codes(_pixels(first) + chunk).get("xmp.data_mining.prohibited") == Verdict.DENY


@pytest.mark.parametrize("first", ["TIFF", "BMP", "ICO"])
def test_the_opt_out_of_a_picture_after_the_end_of_a_picture_without_an_end_marker_is_read(first: str) -> None:
    """A TIFF, bitmap or icon ends where its directories, header or directory say (as `detect.decode` finds
    it, to analyse the picture after it for faces): the DMI-PROHIBITED of a PNG there went unread."""
    dib = b"\x28\x00\x00\x00" + b"\x00" * 36
    picture = ico_with([dib]) if first == "ICO" else _pixels(first)
    signals = run(picture + _prohibiting("PNG"))
    assert [s.code for s in signals if s.verdict == Verdict.DENY] == ["xmp.data_mining.prohibited"]


def test_through_the_guard_an_svg_carried_as_a_multipart_part_has_its_refusal_read() -> None:
    """An SVG part of a multipart answer (an MHTML archive's drawing) had its own rights data left
    unread, only a fetched SVG's was: its training-mining notAllowed passed without a word."""
    body = (b"--XX\r\nContent-Type: image/svg+xml\r\n\r\n" + svg_with_manifest(REFUSING_STORE).encode()
            + b"\r\n--XX--\r\n")
    with _strict_guard() as g:
        d = g.check_response("http://site.example/archive", 200, [("Content-Type", "multipart/mixed; boundary=XX")], body)
    assert not d.allowed and "c2pa.training.not_allowed" in [f.code for f in d.findings]


# ------------------------------------------------------------ found in review (session 46: rights in files)
_DM = VOCAB + "DMI-PROHIBITED"


def _in_packet(description: str) -> bytes:
    return ('<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            f'{description}</rdf:RDF></x:xmpmeta><?xpacket end="w"?>').encode()


@pytest.mark.parametrize("description", [
    f'<rdf:Description xmlns:p="{PLUS}"><p:DataMining rdf:value="{_DM}"/></rdf:Description>',
    f'<rdf:Description xmlns:p="{PLUS}"><p:DataMining><rdf:Bag><rdf:li>{VOCAB}DMI-UNSPECIFIED</rdf:li>'
    f'<rdf:li rdf:parseType="Resource"><rdf:value>{_DM}</rdf:value></rdf:li></rdf:Bag></p:DataMining></rdf:Description>',
    f'<rdf:Description xmlns:p="{PLUS}"><p:DataMining><rdf:Bag><rdf:li rdf:value="{_DM}"/></rdf:Bag>'
    '</p:DataMining></rdf:Description>',
])
def test_a_data_mining_value_given_by_rdf_value_is_read(description: str) -> None:
    """(review) The empty property element with an `rdf:value` attribute is a simple value in RDF/XML, and a
    list item may carry its value qualified: both were read as no value, the image allowed with no signal."""
    assert codes(jpeg_with_xmp(_in_packet(description))).get("xmp.data_mining.prohibited") == Verdict.DENY


@pytest.mark.parametrize(("label", "usage", "expected"), [
    ("Prohibited", "train-ai", ("xmp.data_mining.prohibited", Verdict.DENY)),
    ("Prohibited for AI/ML training", "ai-train", ("xmp.data_mining.prohibited", Verdict.DENY)),
    ("prohibited  except for search engine indexing", "search", ("xmp.data_mining.allowed", Verdict.ALLOW)),
    ("Allowed", "train-ai", ("xmp.data_mining.allowed", Verdict.ALLOW)),
    ("Prohibited for robots", "train-ai", ("xmp.data_mining.unplaced", Verdict.UNKNOWN)),
])
def test_a_data_mining_written_as_the_vocabularys_label_is_read_as_its_code(label: str, usage: str,
                                                                          expected: tuple[str, Verdict]) -> None:
    """(review) `plus:DataMining="Prohibited"`, the label a tool shows written back, was an unknown code (a
    note) and the image allowed; "Prohibited for AI/ML training" was cut at its `/` into "ML TRAINING"."""
    packet = _in_packet(f'<rdf:Description xmlns:p="{PLUS}" p:DataMining="{label}"/>')
    found = codes(jpeg_with_xmp(packet), usage)
    assert found.get(expected[0]) == expected[1], found


def test_an_xmp_packet_over_the_reading_cap_in_a_tiff_tag_is_read_up_to_it_and_is_unreadable() -> None:
    """(review) Over the 4 MB cap in TIFF tag 700 the packet was dropped with a note, its DMI-PROHIBITED
    at its start unread, the image allowed (the same packet in a PNG is read). Its first bytes are read,
    and the rest's DataMining may be anywhere: the reading is incomplete, for on_error."""
    packet = xmp_packet("DMI-PROHIBITED", pad=MAX_XMP_BYTES + 1000)
    found = codes(tiff_with_tags({700: packet}))
    assert found["xmp.data_mining.prohibited"] == Verdict.DENY
    assert "xmp.unreadable" not in found  # (the rest names no DataMining: a document's history, megabytes of it)
    late = _in_packet(f'<rdf:Description xmlns:p="{PLUS}"><!-- {"x" * (MAX_XMP_BYTES + 1000)} -->'
                      f'<p:DataMining rdf:resource="{_DM}"/></rdf:Description>')
    assert codes(tiff_with_tags({700: late})).get("xmp.unreadable") == Verdict.UNKNOWN


def test_an_extended_xmp_packet_over_the_reading_cap_is_unreadable_where_it_names_data_mining() -> None:
    """(and only there: a phone's depth map or Photoshop's document history fill megabytes of extended XMP
    beside a main packet's DMI-ALLOWED, which a second review found blocked)"""
    big = xmp_packet("DMI-UNSPECIFIED", pad=MAX_XMP_BYTES + 1000)
    assert codes(jpeg_with_extended_xmp(big, chunks=80)).get("xmp.unreadable") == Verdict.UNKNOWN
    bulky = _in_packet(f'<rdf:Description><!-- {"x" * (MAX_XMP_BYTES + 1000)} --></rdf:Description>')
    assert "xmp.unreadable" not in codes(jpeg_with_extended_xmp(bulky, chunks=80))


@pytest.mark.parametrize("container", ["JPEG", "TIFF"])
def test_a_c2pa_store_over_the_reading_cap_is_read_up_to_it(container: str) -> None:
    """(review) A 9 MB store (a large thumbnail after its assertion) was dropped whole in JPEG APP11 and read
    as empty in TIFF tag 0xCD41, its `cawg.ai_training: notAllowed` unseen: the same store in PNG is read."""
    assertion = box(b"jumb", jumd("cawg.training-mining")
                    + box(b"cbor", cbor({"entries": {"cawg.ai_training": {"use": "notAllowed"}}})))
    thumbnail = box(b"jumb", jumd("c2pa.thumbnail.claim.jpeg") + box(b"bidb", bytes(9 * 1024 * 1024)))
    manifest = box(b"jumb", jumd("urn:uuid:0") + box(b"jumb", jumd("c2pa.assertions") + assertion + thumbnail))
    store = box(b"jumb", jumd("c2pa") + manifest)
    image = jpeg_with_c2pa(store, segment_payload=65000) if container == "JPEG" else tiff_with_tags({0xCD41: store})
    assert codes(image).get("c2pa.training.not_allowed") == Verdict.DENY


def _photoshop_resources(xmp: bytes) -> bytes:
    """Photoshop's image resources holding an XMP packet as resource 0x0424 (after an IPTC one, 0x0404)."""
    def resource(ident: int, data: bytes) -> bytes:
        return b"8BIM" + struct.pack(">H", ident) + b"\x00\x00" + struct.pack(">I", len(data)) + data \
            + b"\x00" * (len(data) % 2)
    return resource(0x0404, b"\x1c\x02\x00\x00\x02\x00\x04") + resource(0x0424, xmp)


@pytest.mark.parametrize("where", ["JPEG APP13", "TIFF tag 34377", "JPEG EXIF tag 700"])
def test_xmp_where_photoshop_and_exif_keep_it_is_read(where: str) -> None:
    """(review) XMP as Photoshop's resource 0x0424 (JPEG APP13 "Photoshop 3.0", TIFF tag 34377), or as
    tag 700 of a JPEG's own EXIF, is read by ExifTool; its DMI-PROHIBITED passed here with no signal."""
    packet = xmp_packet("DMI-PROHIBITED")
    if where == "JPEG APP13":
        image = jpeg_with_segments([(0xED, b"Photoshop 3.0\x00" + _photoshop_resources(packet))])
    elif where == "TIFF tag 34377":
        image = tiff_with_tags({34377: _photoshop_resources(packet)})
    else:
        exif = tiff_with_tags({700: packet})
        image = jpeg_with_segments([(0xE1, b"Exif\x00\x00" + exif)])
    assert codes(image).get("xmp.data_mining.prohibited") == Verdict.DENY


def test_a_jpegs_ordinary_exif_adds_no_signal() -> None:
    """(the EXIF read for its tags 700 and 34377 only: a camera's EXIF is no container to report on)"""
    img = Image.new("RGB", (8, 8))
    exif = img.getexif()
    exif[0x010F], exif[0x0110] = "Canon", "EOS"
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    assert run(out.getvalue()) == []


def _heif_with_xmp_in_two_extents(packet: bytes, *, gap: bytes = b"") -> bytes:
    """An ISO BMFF file whose uncompressed XMP item lies in two `iloc` extents: its second half first in
    `mdat`, then (after `gap`) its first half."""
    half = len(packet) // 2
    first, second = packet[:half], packet[half:]
    ftyp = box(b"ftyp", b"avif\x00\x00\x00\x00avifmif1")
    infe = box(b"infe", b"\x02\x00\x00\x00" + struct.pack(">HH", 1, 0) + b"mime" + b"XMP\x00"
               + b"application/rdf+xml\x00")
    iinf = box(b"iinf", b"\x00\x00\x00\x00" + struct.pack(">H", 1) + infe)

    def meta(mdat_data: int) -> bytes:  # (iloc version 1: 4-byte offsets and lengths, two extents)
        at_first = mdat_data + len(second) + len(gap)
        iloc = box(b"iloc", b"\x01\x00\x00\x00" + bytes([0x44, 0x00]) + struct.pack(">HHHHH", 1, 1, 0, 0, 2)
                   + struct.pack(">IIII", at_first, len(first), mdat_data, len(second)))
        return box(b"meta", b"\x00\x00\x00\x00" + box(b"hdlr", b"\x00" * 8 + b"pict" + b"\x00" * 13) + iinf + iloc)

    head = len(ftyp) + len(meta(0)) + 8
    return ftyp + meta(head) + box(b"mdat", second + gap + first)


@pytest.mark.parametrize("gap", [b"", b"<other item's bytes>"])
def test_an_xmp_item_stored_in_pieces_is_put_together(gap: bytes) -> None:
    """(review) An AVIF/HEIF XMP item in two extents, out of order (or apart), was read by the byte scan as
    a packet cut short (a note) or with another item's bytes in it: its DMI-PROHIBITED passed."""
    assert codes(_heif_with_xmp_in_two_extents(xmp_packet("DMI-PROHIBITED"), gap=gap)).get(
        "xmp.data_mining.prohibited") == Verdict.DENY


def test_photoshop_resources_split_over_app13_segments_or_signed_otherwise_are_read() -> None:
    """(second review) Photoshop splits resources past 64 KB over consecutive APP13 segments, as a
    preview before the XMP resource makes them; and ExifTool reads resources signed MeSa, PHUT, AgHg and
    DCSR as 8BIM. Both hid a DMI-PROHIBITED."""
    resources = _photoshop_resources(xmp_packet("DMI-PROHIBITED"))
    preview = b"8BIM" + struct.pack(">H", 0x040C) + b"\x00\x00" + struct.pack(">I", 100_000) + bytes(100_000)
    whole = preview + resources
    split = [(0xED, b"Photoshop 3.0\x00" + whole[i:i + 60_000]) for i in range(0, len(whole), 60_000)]
    assert codes(jpeg_with_segments(split)).get("xmp.data_mining.prohibited") == Verdict.DENY
    signed = b"MeSa" + resources[4:]
    assert codes(jpeg_with_segments([(0xED, b"Photoshop 3.0\x00" + signed)])).get(
        "xmp.data_mining.prohibited") == Verdict.DENY


@pytest.mark.parametrize("description", [
    f'<rdf:Description xmlns:p="{PLUS}" xmlns:q="http://q.example/"><p:DataMining rdf:parseType="Resource">'
    f'<q:source>AGENCY</q:source><rdf:value rdf:resource="{_DM}"/></p:DataMining></rdf:Description>',
    f'<rdf:Description xmlns:p="{PLUS}" xmlns:q="http://q.example/"><p:DataMining><rdf:Bag>'
    f'<rdf:li rdf:parseType="Resource"><q:source>AGENCY</q:source><rdf:value>{_DM}</rdf:value></rdf:li>'
    '</rdf:Bag></p:DataMining></rdf:Description>',
])
def test_a_qualified_value_is_read_whatever_comes_before_it(description: str) -> None:
    """(second review) The first text inside the property was read as its value: a qualifier's, `AGENCY`."""
    assert codes(jpeg_with_xmp(_in_packet(description))).get("xmp.data_mining.prohibited") == Verdict.DENY


@pytest.mark.parametrize("label", ["Prohibited, see iptcExt:EmbdEncRightsExpr",
                                   "Prohibited, see iptcExt:LinkedEncRightsExpr"])
def test_exiftools_labels_for_the_rights_expression_codes_are_read(label: str) -> None:
    packet = _in_packet(f'<rdf:Description xmlns:p="{PLUS}" p:DataMining="{label}"/>')
    assert codes(jpeg_with_xmp(packet)).get("xmp.data_mining.prohibited") == Verdict.DENY


def test_an_xmp_item_in_more_pieces_than_are_put_together_is_unreadable() -> None:
    """(second review) Past 16 `iloc` extents the item was cut without a word."""
    packet = xmp_packet("DMI-PROHIBITED")
    step = -(-len(packet) // 20)
    pieces = [packet[i:i + step] for i in range(0, len(packet), step)]
    ftyp = box(b"ftyp", b"avif\x00\x00\x00\x00avifmif1")
    infe = box(b"infe", b"\x02\x00\x00\x00" + struct.pack(">HH", 1, 0) + b"mime" + b"XMP\x00application/rdf+xml\x00")
    iinf = box(b"iinf", b"\x00\x00\x00\x00" + struct.pack(">H", 1) + infe)

    def meta(at: int) -> bytes:  # (the pieces stored last first)
        spans, offsets = [], {}
        pos = at
        for index in reversed(range(len(pieces))):
            offsets[index] = pos
            pos += len(pieces[index])
        for index, piece in enumerate(pieces):
            spans.append(struct.pack(">II", offsets[index], len(piece)))
        iloc = box(b"iloc", b"\x01\x00\x00\x00" + bytes([0x44, 0x00]) + struct.pack(">HHHHH", 1, 1, 0, 0, len(pieces))
                   + b"".join(spans))
        return box(b"meta", b"\x00\x00\x00\x00" + box(b"hdlr", b"\x00" * 8 + b"pict" + b"\x00" * 13) + iinf + iloc)

    head = len(ftyp) + len(meta(0)) + 8
    image = ftyp + meta(head) + box(b"mdat", b"".join(reversed(pieces)))
    assert codes(image).get("xmp.unreadable") == Verdict.UNKNOWN


def test_a_c2pa_store_past_the_cap_hands_on_no_more_than_the_cap() -> None:
    """(second review) Segments after the one that crossed the cap were still appended."""
    store = box(b"jumb", jumd("c2pa") + box(b"bidb", bytes(12 * 1024 * 1024)))
    [(kept, _)] = extract(jpeg_with_c2pa(store, segment_payload=65000)).c2pa
    assert len(kept) <= 8 * 1024 * 1024


def test_many_exif_segments_are_not_each_walked() -> None:
    """(second review) Every `Exif` APP1 was walked as a TIFF: 300 segments of 64 overlapping IFDs of 4,096
    entries each (a 19.5 MB JPEG) took 29 s. Only the first is, and only when it can name tag 700 or 34377."""
    import time

    size, ifds = 65000, 64
    count = 4096  # (the most entries an IFD is read with)
    tiff = bytearray(size)
    tiff[0:8] = b"II*\x00" + struct.pack("<I", 8)
    for k in range(ifds):  # (each IFD 4 bytes after the last, its entries overlapping theirs)
        at = 8 + 4 * k
        struct.pack_into("<H", tiff, at, count)
        struct.pack_into("<I", tiff, at + 2 + 12 * count, 8 + 4 * (k + 1) if k < ifds - 1 else 0)
    tiff[-2:] = b"\xbc\x02"  # (bytes that could be tag 700's: the first segment is walked)
    image = jpeg_with_segments([(0xE1, b"Exif\x00\x00" + bytes(tiff))] * 100)
    start = time.perf_counter()
    extract(image)
    assert time.perf_counter() - start < 1.0
