"""The pictures a page's JSON-LD names and what their place says (`detect.page_jsonld`): read as
forgivingly as crawlers' extractors read it, within bounds that are said when they cut."""

from __future__ import annotations

import json

import pytest

from scrapeguard.detect.page_jsonld import MAX_JSONLD_CHARS, MAX_JSONLD_DEPTH, JsonLdReading, parse_jsonld, read_jsonld


def reading(*blocks: object) -> JsonLdReading:
    out = JsonLdReading()
    for block in blocks:
        read_jsonld(block if isinstance(block, str) else json.dumps(block), out)
    return out


def reasons(r: JsonLdReading) -> dict[str, list[str]]:
    return {url: [reason for _, (_, reason) in ev.cues.items()] for url, ev, _key in r.refs}


def test_jsonld_is_read_forgivingly_by_one_shared_parse() -> None:
    """One reading for the analysis and the redaction: CMSs' trailing commas and raw newlines,
    and the comments and CDATA marks extractors drop."""
    assert parse_jsonld('{"a": [1, 2,], "b": "x\ny",}') == {"a": [1, 2], "b": "x\ny"}
    assert parse_jsonld('//<![CDATA[\n{"image": "//cdn.example/a.jpg"} /* x */\n//]]>') == {"image": "//cdn.example/a.jpg"}
    with pytest.raises(ValueError):
        parse_jsonld("{nonsense")


def test_a_persons_image_an_organisations_logo_and_a_products_photo() -> None:
    r = reading({"@graph": [{"@type": "Person", "name": "Jane Doe", "image": "/jane.jpg"},
                            {"@type": "Organization", "logo": {"@type": "ImageObject", "url": "/logo.png"}},
                            {"@type": "Product", "image": ["/p1.jpg", "/p2.jpg"]}]})
    got = reasons(r)
    assert got["/jane.jpg"] == ["schema:Person"] and got["/logo.png"] == ["schema:logo"]
    assert got["/p1.jpg"] == got["/p2.jpg"] == ["schema:Product"]
    assert r.person_names == {"Jane Doe"} and not r.person_main and not r.profile


def test_what_the_data_says_of_the_page() -> None:
    assert reading({"@type": "Person", "name": "Jane Doe"}).person_main  # the block's subject
    assert reading({"@type": "ProfilePage", "mainEntity": {"@type": "Person", "image": "/a.jpg"}}).profile
    untyped_author = reading({"@type": "Article", "author": {"name": "Max Muster", "image": "/max.jpg"}})
    assert reasons(untyped_author)["/max.jpg"] == ["schema:Person"] and not untyped_author.person_main


def test_unreadable_blocks_are_limits_not_errors() -> None:
    r = reading("{nonsense", '{"image": "/a.jpg", "x": "' + "x" * MAX_JSONLD_CHARS + '"}', "   ")
    assert r.refs == [] and len(r.limits) == 2
    assert "is not valid JSON" in r.limits[0] and str(MAX_JSONLD_CHARS) in r.limits[1]


def test_depth_past_the_bound_is_cut_and_said() -> None:
    deep: object = {"image": "/deep.jpg"}
    for _ in range(MAX_JSONLD_DEPTH + 2):
        deep = {"x": deep}
    r = reading({"image": "/top.jpg", "nested": deep})
    assert [url for url, _, _ in r.refs] == ["/top.jpg"]
    assert len(r.limits) == 1 and f"deeper than {MAX_JSONLD_DEPTH} levels" in r.limits[0]
