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


# ------------------------------------------------------------ found in review (session 49)
def _page_with(*blocks: object) -> bytes:
    scripts = "".join(f'<script type="application/ld+json">{json.dumps(b)}</script>' for b in blocks)
    return f"<html><head>{scripts}</head><body><p>About us</p></body></html>".encode()


def _judged(html: bytes) -> dict[str, tuple[bool, list[str]]]:
    from scrapeguard.detect import find_images
    return {ref.url: (ref.personal, list(ref.reasons)) for ref in find_images(html, "https://ex.org/about/")}


def test_a_persons_picture_named_by_its_id_in_the_graph_is_a_persons() -> None:
    """(review) `"image": {"@id": "/#/schema/person/image"}`, the ImageObject node of that @id elsewhere in
    the @graph: the usual form of SEO plugins' data. The reference was dropped (an @id with a fragment is no
    file), so Jane Doe's photo had no cue at all and, its face unseen, was collected without a basis."""
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "Person", "name": "Jane Doe", "jobTitle": "CEO", "image": {"@id": "/#/schema/person/image"}},
        {"@type": "ImageObject", "@id": "/#/schema/person/image", "contentUrl": "/uploads/2023/01/photo-1.jpg"}]}
    personal, why = _judged(_page_with(graph))["https://ex.org/uploads/2023/01/photo-1.jpg"]
    assert personal and "schema:Person" in why
    # the node in another block, and before the reference, alike
    node, person = graph["@graph"][1], {"@context": "https://schema.org", **graph["@graph"][0]}
    personal, why = _judged(_page_with(node, person))["https://ex.org/uploads/2023/01/photo-1.jpg"]
    assert personal and "schema:Person" in why


def test_a_profile_pages_primary_image_named_by_its_id_is_its_subjects() -> None:
    data = {"@graph": [{"@type": "ProfilePage", "mainEntity": {"@type": "Person", "name": "Jane Doe"},
                        "primaryImageOfPage": {"@id": "https://ex.org/#primaryimage"}},
                       {"@type": "ImageObject", "@id": "https://ex.org/#primaryimage", "url": "/img/header-9.jpg"}]}
    assert "schema:ProfilePage" in _judged(_page_with(data))["https://ex.org/img/header-9.jpg"][1]


def test_a_site_run_by_a_person_or_an_organisation_gives_its_picture_no_cue_either_way() -> None:
    """Yoast types the site's owner ["Person", "Organization"] with one picture as both its `logo` and its
    `image`: a parish's logo as often as a blogger's photo. Neither the Person's +4.6 nor the logo's -6.0:
    the picture's own words decide (the parish's `logo-parrocchia.png` stays a logo)."""
    owner = {"@graph": [{"@type": ["Person", "Organization"], "name": "Parrocchia S. Maria Assunta",
                         "logo": {"@type": "ImageObject", "@id": "https://ex.org/#logo",
                                  "url": "/up/logo-parrocchia.png"},
                         "image": {"@id": "https://ex.org/#logo"}}]}
    personal, why = _judged(_page_with(owner))["https://ex.org/up/logo-parrocchia.png"]
    assert not personal and "schema:Person" not in why and "schema:logo" not in why


def test_references_by_id_link_a_bounded_number_of_files_and_say_when_they_stop() -> None:
    """(review) Each reference added every file of its picture again: 4,800 references to one picture of 400
    files made two million references of an 84 KiB page (12 s, 1.1 GiB). A place is linked once however
    often written, MAX_JSONLD_IDS files in all; past that the reading says it is incomplete."""
    from scrapeguard.detect.page_jsonld import MAX_JSONLD_IDS, link_pictures_by_id

    files = [f"/p/{i}.jpg" for i in range(200)]  # (MAX_JSONLD_IMAGES: read of a list)
    picture = {"@type": "ImageObject", "@id": "#a", "url": files}
    same = {"@graph": [picture, *[{"@type": "Person", "name": "Jane Doe", "image": [{"@id": "#a"}] * 200}] * 24]}
    r = reading(same)
    link_pictures_by_id(r)
    assert len(r.refs) == 2 * len(files) and not r.limits  # (one place, written 4,800 times: linked once)
    # (second review) counted once too: 6,000 comments naming the site's one default avatar left the page
    # incompletely read (page.incomplete, which fail-closed policies block)
    avatar = {"@type": "ImageObject", "@id": "#avatar", "url": "/default-avatar.png"}
    comments = [{"@type": "Comment", "author": {"@type": "Person", "name": "Anonymous", "image": {"@id": "#avatar"}}}
                for i in range(6000)]
    r = reading(avatar, *[{"@graph": comments[i:i + 1000]} for i in range(0, 6000, 1000)])
    link_pictures_by_id(r)
    assert not r.limits and len(r.wanted_ids) == 1
    varied = {"@graph": [picture, *[{"@type": ["Person", f"T{i}"], "name": "Jane Doe", "image": {"@id": "#a"}}
                                    for i in range(60)]]}
    r = reading(varied)
    link_pictures_by_id(r)
    assert len(r.refs) <= len(files) + MAX_JSONLD_IDS
    assert any("not linked" in limit for limit in r.limits)


def test_a_gallerys_long_list_of_images_is_read_whole() -> None:
    """(review) A product or gallery page listing more than 200 images in one JSON-LD array was incompletely read
    (page.incomplete: fail-closed refused it); past the cap, the limit says it was a list of images."""
    from scrapeguard.detect.page_jsonld import MAX_JSONLD_IMAGES

    gallery = reading({"@type": "ImageGallery", "image": [f"/g/{i}.jpg" for i in range(1000)]})
    assert len(gallery.refs) == 1000 and not gallery.limits
    past = reading({"@type": "Product", "image": [f"/g/{i}.jpg" for i in range(MAX_JSONLD_IMAGES + 1)]})
    assert past.limits == [f"a JSON-LD block has a list of more than {MAX_JSONLD_IMAGES} images: the rest of the "
                           "list was not read"]
