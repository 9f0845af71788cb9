"""Art. 15 access and Art. 17 erasure, answered from the log without face recognition."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scrapeguard.audit import AuditLog
from scrapeguard.audit.canonical import normalise_url
from scrapeguard.audit.dsr import OTHER_SITE, SCRAPY_SPELLING, RequestError, Subject, access, erase
from scrapeguard.audit.phash import dhash, hamming
from scrapeguard.audit.record import DSR_SCHEMA, event_record, event_summary
from scrapeguard.audit.storage import StorageRef, attach_storage


def _picture(seed: int, size: tuple[int, int] = (320, 240), fmt: str = "PNG") -> bytes:
    img = Image.new("RGB", (320, 240), (240, 240, 240))
    draw = ImageDraw.Draw(img)
    for k in range(6):
        x = (seed * 37 + k * 53) % 280
        y = (seed * 91 + k * 29) % 200
        draw.ellipse((x, y, x + 40 + k * 5, y + 30 + k * 3), fill=((seed * 50 + k * 40) % 255, 80, 160))
    img = img.resize(size)
    out = io.BytesIO()
    img.save(out, fmt, quality=80) if fmt == "JPEG" else img.save(out, fmt)
    return out.getvalue()


def test_dhash_matches_resized_recompressed_copies_only():
    original = _picture(1)
    copy = _picture(1, (200, 150), "JPEG")
    other = _picture(7)
    a, b, c = (int(dhash(x), 16) for x in (original, copy, other))
    assert hamming(a, b) <= 6 < hamming(a, c)
    assert dhash(b"not an image") is None


def test_access_finds_records_by_url_domain_and_image(log_path, decision):
    photo = _picture(3)
    sha = hashlib.sha256(photo).hexdigest()
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url="https://example.fr/people/ana.jpg", image_sha256=sha), image=photo)
        log.append(decision(1, action="block", url="https://example.fr/people/ana-blocked.jpg"))
        log.append(decision(2, action="allow", url="https://other.example.com/x.html"))
        by_url = access(log, Subject(urls=["HTTPS://EXAMPLE.FR/people/ana.jpg#top"]), request_id="r1")
        by_blocked = access(log, Subject(urls=["https://example.fr/people/ana-blocked.jpg"]), record=False)
        by_domain = access(log, Subject(domain="example.fr"), record=False)
        by_other_host = access(log, Subject(domain="www.example.fr"), record=False)
        by_exact = access(log, Subject(image=photo), record=False)
        by_copy = access(log, Subject(image=_picture(3, (160, 120), "JPEG")), record=False)
        by_stranger = access(log, Subject(image=_picture(9)), record=False)
        dsr = log.get("r1")
        assert log.verify().ok
    assert [i["seq"] for i in by_url["items"]] == [0]
    item = by_url["items"][0]
    assert item["source_url"] == "https://example.fr/people/ana.jpg" and item["page_url"].endswith("/people/")
    assert item["legal_basis"]["art6"] == "eu-gdpr:A6-1-f" and item["retention_until"]
    assert item["automated_decision_with_legal_effect"] is False
    assert [i["seq"] for i in by_blocked["items"]] == [1] and by_blocked["items"][0]["source_url"] is None
    assert {i["seq"] for i in by_domain["items"]} == {0, 1}
    assert by_other_host["count"] == 0  # www.example.fr is not example.fr: never widened
    assert [i["seq"] for i in by_exact["items"]] == [0] and "image sha256 (exact)" in by_exact["items"][0]["matched_by"]
    assert [i["seq"] for i in by_copy["items"]] == [0] and "perceptual" in by_copy["items"][0]["matched_by"][0]
    assert by_stranger["count"] == 0
    assert "does not use facial recognition" in by_url["statement"]
    # the request is in the chain, with keyed search keys only
    assert dsr.record["schema"] == "scrapeguard.dsr/1" and dsr.record["kind"] == "access"
    assert dsr.record["dpv"] == {"hasRight": "eu-gdpr:A15"}
    assert "ana.jpg" not in str(dsr.record) and dsr.record["search_keys"][0].startswith("hmac-sha256:")


def _bo_and_another(log: AuditLog, decision, url: str):  # noqa: ANN001, ANN202 - the conftest factory
    """Bo's photo at `url` (its bytes kept for the perceptual hash) as seq 0 and an unrelated
    record as seq 1: the decision and the photo's sha256."""
    photo = _picture(4)
    sha = hashlib.sha256(photo).hexdigest()
    d = decision(0, action="allow", url=url, image_sha256=sha)
    log.append(d, image=photo)
    log.append(decision(1, action="allow", url="https://example.fr/people/keep.jpg"))
    return d, sha


def test_erasure_manifest_erases_sidecar_suppresses_and_keeps_the_chain_valid(log_path, decision):
    url = "https://example.fr/people/bo.jpg"
    with AuditLog.open(log_path) as log:
        d, sha = _bo_and_another(log, decision, url)
        dry = erase(log, Subject(urls=[url]), dry_run=True)
        assert log.count() == 2 and log.get(0).personal is not None  # dry run changes nothing
        manifest = erase(log, Subject(urls=[url]), request_id="dsr-bo", verification="token on page")
        assert log.get(0).personal is None and log.get(1).personal is not None
        assert log.verify().ok
        assert log.is_suppressed(url) == "dsr-bo"
        assert log.is_suppressed("https://elsewhere.example/copy.jpg", sha) == "dsr-bo"  # same bytes elsewhere
        assert log.is_suppressed_image(_picture(4, (100, 75), "JPEG")) == "dsr-bo"
        assert log.is_suppressed("https://example.fr/people/keep.jpg") is None
        record = log.get("dsr-bo").record
        again = access(log, Subject(urls=[url]), record=False)
    assert dry["items"] == manifest["items"] and dry["dry_run"] is True
    assert manifest["items"][0]["decision_id"] == d.decision_id and manifest["items"][0]["url"] == url
    assert url in manifest["delete_from_content_store"] and f"sha256:{sha}" in manifest["delete_from_content_store"]
    assert manifest["sidecar_rows_erased"] == 1
    assert record["kind"] == "erasure" and record["dpv"] == {"hasRight": "eu-gdpr:A17"}
    assert record["items_found"] == [d.decision_id] and record["verification"] == "token on page"
    assert {s["kind"] for s in record["actions"]["suppressed"]} == {"url", "sha256", "phash"}
    assert url not in str(record)
    assert again["count"] == 0  # nothing links the person to the record any more


def test_erasure_by_image_also_erases_the_other_records_of_its_url(log_path, decision):
    """The request-stage record of the image's URL (logged before the bytes were seen) holds the
    URL too: an erasure by image must not leave it on record."""
    photo = _picture(5)
    sha = hashlib.sha256(photo).hexdigest()
    url = "https://example.fr/photos/eileen.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=url))                                 # the request
        log.append(decision(1, action="redact", url=url, image_sha256=sha), image=photo)  # the response
        log.append(decision(2, action="allow", url="https://example.fr/photos/other.jpg"))
        report = access(log, Subject(image=photo), record=False)
        manifest = erase(log, Subject(image=photo), request_id="dsr-eileen")
        again = access(log, Subject(urls=[url]), record=False)
        assert log.get(0).personal is None and log.get(1).personal is None and log.get(2).personal is not None
        assert log.verify().ok
    assert [i["seq"] for i in report["items"]] == [0, 1] and report["items"][0]["matched_by"][0].startswith("url of the image")
    assert manifest["sidecar_rows_erased"] == 2 and again["count"] == 0


def test_domain_erasure_suppresses_the_whole_site(log_path, decision):
    with AuditLog.open(log_path) as log:
        for i in range(3):
            log.append(decision(i, action="allow", url=f"https://jane-doe.fr/p/{i}"))
        manifest = erase(log, Subject(domain="jane-doe.fr"))
        assert len(manifest["items"]) == 3
        assert log.is_suppressed("https://blog.jane-doe.fr/new-post") == manifest["request_id"]
        assert log.verify().ok


@pytest.mark.parametrize(
    "subject, message",
    [
        (Subject(), "at least one"),
        (Subject(urls=["example.fr/no-scheme"]), "absolute URL"),
        (Subject(domain="http://x/"), "not a domain"),
        # erased, a public suffix would suppress every owner's site under it, for good
        (Subject(domain="github.io"), "github.io is a public suffix"),
        (Subject(domain="CO.UK."), "co.uk is a public suffix"),
        (Subject(image=b""), "the image file is empty"),  # given, but empty: said so, not "give one"
    ],
)
def test_bad_requests_are_refused(log_path, subject, message):
    with AuditLog.open(log_path) as log, pytest.raises(RequestError, match=message):
        access(log, subject)


def test_a_domain_with_a_port_is_refused_pointing_to_the_ports_url_prefix(log_path, decision):
    """(Review) `erase --domain 10.0.0.5:9090` dropped the port: it erased the records of every port of the host
    (alice's at :8080 with bob's) and suppressed the whole host for good. Refused, naming `--url-prefix`, which
    takes that port's records alone."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url="http://10.0.0.5:8080/alice/cv.html"))
        log.append(decision(1, action="allow", url="http://10.0.0.5:9090/bob/cv.html"))
        for given in ("10.0.0.5:9090", "[::1]:8080", "Jane.Example.org:443"):
            with pytest.raises(RequestError, match=r"names a port.*--url-prefix http://"):
                erase(log, Subject(domain=given), dry_run=True)
            with pytest.raises(RequestError, match="names a port"):
                access(log, Subject(domain=given), record=False)
        bob = erase(log, Subject(url_prefixes=["http://10.0.0.5:9090/"]), dry_run=True)
        assert [item["url"] for item in bob["items"]] == ["http://10.0.0.5:9090/bob/cv.html"]
        assert access(log, Subject(domain="10.0.0.5"), record=False)["count"] == 2  # the host without one: all


def test_a_host_is_searched_and_erased_as_given_never_widened(log_path, decision):
    """`jane.example.org` covers that host and its subdomains, not bob's or the whole site."""
    urls = [f"https://{h}/index.html" for h in ("jane.example.org", "cv.jane.example.org", "bob.example.org", "example.org")]
    with AuditLog.open(log_path) as log:
        for i, url in enumerate(urls):
            log.append(decision(i, action="allow", url=url))
        found = access(log, Subject(domain="Jane.Example.org."), record=False)
        manifest = erase(log, Subject(domain="jane.example.org"), request_id="dsr-jane")
        assert log.is_suppressed("https://jane.example.org/new") == "dsr-jane"
        assert log.is_suppressed("https://www.example.org/about.html") is None
        assert log.is_suppressed("https://bob.example.org/index.html") is None
        assert log.get(2).personal is not None and log.get(3).personal is not None
        assert log.verify().ok
    assert [i["seq"] for i in found["items"]] == [0, 1] and found["searched"]["domain"] == "jane.example.org"
    assert [i["url"] for i in manifest["items"]] == urls[:2]
    kinds = [s["kind"] for s in manifest["suppression"]]
    assert kinds.count("url") == 2 and kinds.count("domain") == 1


def test_erasing_an_image_leaves_the_pages_that_showed_it_for_review(log_path, decision):
    """The team page that embedded one person's photo is the team's record: erasing the photo must
    not erase, list for deletion or suppress the page (it would stay blocked for ever)."""
    photo = _picture(6)
    sha = hashlib.sha256(photo).hexdigest()
    image_url = "https://example.fr/photos/eileen.jpg"
    page = "https://example.fr/team.html"
    with AuditLog.open(log_path) as log:
        log.append({"url": page, "decision_id": "page", "action": "redact", "redacted": True, "body_sha256": "ee" * 32,
                    "images": [{"url": image_url, "personal": True}]})
        log.append(decision(1, action="allow", url=image_url))                                   # the request
        log.append(decision(2, action="redact", url=image_url, image_sha256=sha), image=photo)   # the response
        report = access(log, Subject(image=photo), record=False)
        manifest = erase(log, Subject(image=photo), request_id="dsr-eileen")
        assert log.get(0).personal is not None  # the page's record keeps its URL
        assert log.get(1).personal is None and log.get(2).personal is None
        assert log.is_suppressed(page, "ee" * 32) is None
        assert log.is_suppressed(image_url) == "dsr-eileen" and log.is_suppressed("https://x.example/c.jpg", sha)
        assert log.verify().ok
    assert [(i["seq"], i["relation"]) for i in report["items"]] == [
        (0, "page showing the image"), (1, "subject"), (2, "subject")]
    assert [i["seq"] for i in manifest["items"]] == [1, 2]
    assert manifest["references_to_review"] == [
        {"seq": 0, "decision_id": "page", "relation": "page showing the image", "page_url": page,
         "image_sha256": "ee" * 32, "redacted_sha256": None, "storage_refs": [], "kept": True,
         "personal_fields_erased": False}]
    assert page not in manifest["delete_from_content_store"] and f"sha256:{'ee' * 32}" not in manifest["delete_from_content_store"]
    assert manifest["sidecar_rows_erased"] == 2


def test_a_request_by_a_profile_page_lists_the_portrait_it_showed_for_review(log_path, decision):
    """The page's record names its personal image only by keyed hash; a request by the page's URL
    must still bring up the image's own records (and its kept, redacted copy), for review."""
    photo = _picture(9)
    sha = hashlib.sha256(photo).hexdigest()
    page, portrait, logo = "https://example.fr/people/eileen.html", "https://example.fr/photos/eileen.jpg", "https://example.fr/logo.png"
    with AuditLog.open(log_path) as log:
        log.append({"url": page, "decision_id": "page", "action": "allow",
                    "images": [{"url": portrait, "personal": True}, {"url": logo, "personal": False}]})
        log.append(decision(1, action="allow", url=portrait))                                  # the request
        redacted = decision(2, action="redact", url=portrait, image_sha256=sha).to_dict()      # the kept redacted copy
        redacted["storage_refs"] = ["s3://crawl/eileen-redacted.jpg"]
        log.append(redacted, image=photo)
        log.append(decision(3, action="allow", url=logo))
        report = access(log, Subject(urls=[page]), record=False)
        manifest = erase(log, Subject(urls=[page]), request_id="dsr-page")
        assert log.get(1).personal is not None and log.get(2).personal is not None  # reviewed, not erased
        assert log.verify().ok
    assert [(i["seq"], i["relation"]) for i in report["items"]] == [
        (0, "subject"), (1, "personal image shown on the subject's page"), (2, "personal image shown on the subject's page")]
    assert [i["seq"] for i in manifest["items"]] == [0]
    review = {r["seq"]: r for r in manifest["references_to_review"]}
    assert sorted(review) == [1, 2] and review[2]["url"] == portrait and review[2]["image_sha256"] == sha
    assert review[2]["storage_refs"] == ["s3://crawl/eileen-redacted.jpg"]


def test_an_erasure_erases_and_suppresses_a_match_whose_record_is_damaged(log_path, decision, tamper, not_utf8):
    """A reader skips a record it cannot read, but its sidecar row is intact and matched: an
    erasure that erased only the readable items left the subject's clear URL (and hashes, and
    stored copies) on record and said nothing. The row is erased and suppressed like an item's,
    the manifest names the seq under `damaged`, and the request record vouches for the row, so
    the log verifies again once the record is restored from a backup."""
    url = "https://example.fr/people/bo.jpg"
    with AuditLog.open(log_path) as log:
        d, sha = _bo_and_another(log, decision, url)
        attach_storage(log, d.decision_id, [StorageRef("s3://crawl/full/bo.jpg", "ab" * 32)])  # seq 2
    conn = tamper(log_path)
    original = conn.execute("SELECT record FROM chain WHERE seq = 0").fetchone()[0]
    not_utf8(conn, "chain", "record", 0)
    with AuditLog.open(log_path) as log:
        manifest = erase(log, Subject(urls=[url]), request_id="dsr-bo")
        assert log.damaged == {0}
        assert [s for (s,) in log.conn.execute("SELECT seq FROM sidecar ORDER BY seq")] == [1]  # its row, its copy's
        assert log.is_suppressed(url) == "dsr-bo"
        assert log.is_suppressed("https://elsewhere.example/copy.jpg", sha) == "dsr-bo"  # its hash, read from its row
        assert log.is_suppressed_image(_picture(4, (100, 75), "JPEG")) == "dsr-bo"
        record = log.get("dsr-bo").record
    assert manifest["items"] == [] and manifest["sidecar_rows_erased"] == 2
    [damaged] = manifest["damaged"]
    assert (damaged["seq"], damaged["decision_id"], damaged["kind"], damaged["url"], damaged["image_sha256"]) == (
        0, d.decision_id, "decision", url, sha)
    assert damaged["erase"] is True and damaged["relation"] == "subject" and "damaged" in damaged["problem"]
    assert [r["location"] for r in damaged["storage_refs"]] == ["s3://crawl/full/bo.jpg"]
    # whether it was kept is in the unreadable record: everything it names is listed for deletion
    assert {url, f"sha256:{sha}", "s3://crawl/full/bo.jpg", f"sha256:{'ab' * 32}"} <= set(manifest["delete_from_content_store"])
    assert record["items_found"] == [d.decision_id] and record["actions"]["damaged_records"] == [0]
    tamper(log_path).execute("UPDATE chain SET record = ? WHERE seq = 0", (original,))  # restored from a backup
    with AuditLog.open(log_path) as log:
        assert log.verify().ok


def test_an_access_request_names_a_match_whose_record_is_damaged(log_path, decision, tamper, not_utf8):
    """Art. 15: a matched record the reader cannot read was left out of the answer, with no field
    saying so. It is listed under `damaged` (not in `count`) with what its sidecar row holds."""
    url = "https://example.fr/photos/eileen.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=url))   # the request
        log.append(decision(1, action="redact", url=url))  # the response
        clean = access(log, Subject(urls=[url]), record=False)
    not_utf8(tamper(log_path), "chain", "record", 0)
    with AuditLog.open(log_path) as log:
        report = access(log, Subject(urls=[url]), request_id="r1")
        record = log.get("r1").record
    assert clean["damaged"] == []
    assert report["count"] == 1 and [i["seq"] for i in report["items"]] == [1]
    [damaged] = report["damaged"]
    assert (damaged["seq"], damaged["kind"], damaged["source_url"], damaged["matched_by"], damaged["relation"]) == (
        0, "decision", url, ["url"], "subject")
    assert damaged["page_url"] == "https://example.fr/people/" and damaged["ts"]
    assert record["actions"] == {"answered_items": 1, "damaged_records": [0]}


def test_a_damaged_portrait_record_matched_through_the_subject_s_page_is_left_for_review(
        log_path, decision, tamper, not_utf8):
    """A damaged record matched only as a personal image the subject's page showed is reviewed,
    as a readable one is: named under `damaged` with erase false, its row and URL left alone."""
    page, portrait = "https://example.fr/people/eileen.html", "https://example.fr/photos/eileen.jpg"
    with AuditLog.open(log_path) as log:
        log.append({"url": page, "decision_id": "page", "action": "allow", "images": [{"url": portrait, "personal": True}]})
        log.append(decision(1, action="allow", url=portrait))
    not_utf8(tamper(log_path), "chain", "record", 1)
    with AuditLog.open(log_path) as log:
        manifest = erase(log, Subject(urls=[page]), request_id="dsr-page")
        assert log.conn.execute("SELECT url FROM sidecar WHERE seq = 1").fetchone() == (portrait,)
        assert log.is_suppressed(portrait) is None
    assert [i["seq"] for i in manifest["items"]] == [0] and manifest["sidecar_rows_erased"] == 1
    assert [(d["seq"], d["relation"], d["erase"], d["url"]) for d in manifest["damaged"]] == [
        (1, "personal image shown on the subject's page", False, portrait)]
    assert portrait not in manifest["delete_from_content_store"]


HUMAN = "https://bücher.example.de/fotos/jürgen.jpg"
WIRE = "https://xn--bcher-kva.example.de/fotos/j%c3%bcrgen.jpg"  # as a crawler may meet it


def test_a_url_is_found_erased_and_suppressed_whatever_its_spelling(log_path, decision):
    """The person gives the URL as a browser shows it; the crawler met the IDNA, %-encoded form."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=WIRE))
        found = access(log, Subject(urls=[HUMAN]), record=False)
        by_host = access(log, Subject(domain="Bücher.example.de"), record=False)
        manifest = erase(log, Subject(urls=[HUMAN]), request_id="dsr-j")
        assert log.is_suppressed(WIRE) == "dsr-j"
        assert log.is_suppressed(WIRE.replace("%c3%bc", "%C3%BC")) == "dsr-j"
        assert log.is_suppressed(HUMAN) == "dsr-j"
        assert log.verify().ok
    assert found["count"] == 1 and by_host["count"] == 1
    assert [i["seq"] for i in manifest["items"]] == [0] and manifest["sidecar_rows_erased"] == 1


def test_records_and_suppressions_written_before_url_normalisation_still_verify_and_match(
    log_path, decision, monkeypatch
):
    """Logs written when the URL was hashed as given (lower-case escapes, Unicode host)."""
    import scrapeguard.audit.record as record_module
    from scrapeguard.audit.canonical import keyed_hash, legacy_normalise_url

    with AuditLog.open(log_path) as log:
        with monkeypatch.context() as m:
            m.setattr(record_module, "normalise_url", legacy_normalise_url)  # the old writer
            log.append(decision(0, action="allow", url=WIRE))
            log.append(decision(1, action="block", url="https://example.de/b%c3%bc.jpg"))  # keyed hash only
        old_key = keyed_hash(log.key, "url:" + legacy_normalise_url("https://example.de/x%c3%a9.jpg"))
        with log.transaction() as conn:  # an old erasure's entry, keyed over the old spelling, and its record
            conn.execute(
                "INSERT INTO suppression(kind, value, request_id, added) VALUES ('url', ?, 'old', '2026-01-01')",
                (old_key,),
            )
            log._dirty = True  # (written by hand on the log's own connection: `add_suppression` says so)
            body = {"kind": "erasure", "request_id": "old", "items_found": [], "actions": {"suppressed": [{"kind": "url", "value": old_key}]}}
            log.append_prepared(conn, event_record(DSR_SCHEMA, body, "old", "erasure"))
        assert log.verify().ok  # the commitment and keyed hash of seq 0 are over the old spelling
        assert access(log, Subject(urls=[HUMAN]), record=False)["count"] == 1
        assert access(log, Subject(urls=["https://example.de/bü.jpg"]), record=False)["count"] == 1
        assert log.is_suppressed("https://example.de/x%c3%a9.jpg") == "old"  # the spelling it was made from


# ---------------------------------------------------------------- one hash for the guard and the subject
FACES = Path(__file__).resolve().parents[1] / "data" / "images" / "faces"


def _encoded(img: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt, **options)
    return out.getvalue()


def _portrait() -> Image.Image:
    with Image.open(FACES / "luispedro.jpg") as img:
        return img.convert("RGB")


def _variants() -> dict[str, bytes]:
    face = _portrait()
    cutout = face.convert("RGBA")
    alpha = Image.new("L", face.size, 0)
    alpha.paste(255, (40, 40, face.width - 60, face.height - 40))
    cutout.putalpha(alpha)
    grey16 = Image.fromarray(np.asarray(face.convert("L"), dtype=np.uint16) * 257)
    exif = Image.Exif()
    exif[0x0112] = 6
    return {
        "jpeg": _encoded(face, "JPEG"),
        "jpeg, 3000 px (reduced-scale decoding)": _encoded(face.resize((2400, 3000)), "JPEG"),
        "jpeg, EXIF orientation 6": _encoded(face.transpose(Image.Transpose.ROTATE_90), "JPEG", exif=exif),
        "cmyk jpeg": _encoded(face.convert("CMYK"), "JPEG"),
        "transparent cut-out png": _encoded(cutout, "PNG"),
        "palette gif with transparency": _encoded(face.convert("P"), "GIF", transparency=0),
        "16-bit greyscale png": _encoded(grey16, "PNG"),
        "grey + alpha png": _encoded(face.convert("LA"), "PNG"),
    }


@pytest.mark.parametrize("name", list(_variants()))
def test_the_subject_s_photo_hashes_as_the_guard_hashed_it(name: str) -> None:
    """`audit erase --image FILE` hashes FILE with dhash(bytes); the guard hashes the copy it
    decoded for face detection. The two must agree bit for bit, or an erasure misses."""
    from scrapeguard.detect.images import analyse_image

    data = _variants()[name]
    by_guard = analyse_image(data, faces=False).phash
    assert by_guard is not None and dhash(data) == by_guard


def test_a_sixteen_bit_portrait_does_not_hash_to_a_blank() -> None:
    grey16 = Image.fromarray(np.asarray(_portrait().convert("L"), dtype=np.uint16) * 257)
    value = dhash(_encoded(grey16, "PNG"))
    assert value is not None and value != "0" * 16
    assert hamming(int(value, 16), int(dhash(_encoded(_portrait().convert("L"), "PNG")), 16)) <= 4


@pytest.mark.parametrize("colour", ["white", "black", (120, 130, 110)])
def test_a_flat_picture_has_no_hash_so_it_matches_nothing(colour: object) -> None:
    assert dhash(_encoded(Image.new("RGB", (300, 200), colour), "PNG")) is None  # type: ignore[arg-type]


def test_erasing_a_cut_out_portrait_suppresses_its_resized_copy(log_path, decision):
    cutout = _portrait().convert("RGBA")
    alpha = Image.new("L", cutout.size, 0)
    alpha.paste(255, (30, 40, 240, 330))
    cutout.putalpha(alpha)
    with AuditLog.open(log_path) as log:
        erase(log, Subject(image=_encoded(cutout, "PNG")), request_id="dsr-cut")
        copy = _encoded(cutout.resize((cutout.width // 2, cutout.height // 2)), "PNG")
        from scrapeguard.detect.images import analyse_image

        assert log.is_suppressed_phash(analyse_image(copy, faces=False).phash) == "dsr-cut"
        assert log.is_suppressed_image(copy) == "dsr-cut"


def test_erasing_a_sixteen_bit_portrait_leaves_blank_pictures_alone(log_path):
    grey16 = Image.fromarray(np.asarray(_portrait().convert("L"), dtype=np.uint16) * 257)
    with AuditLog.open(log_path) as log:
        erase(log, Subject(image=_encoded(grey16, "PNG")), request_id="dsr-16")
        assert log.is_suppressed_image(_encoded(Image.new("RGB", (300, 200), "white"), "PNG")) is None
        assert log.is_suppressed_image(_encoded(_portrait().convert("L").resize((150, 188)), "JPEG")) == "dsr-16"


def test_scrapys_and_httpx_spellings_of_one_url_find_and_suppress_each_other(log_path, decision):
    """Scrapy (w3lib) sends `foto%5B1%5D.jpg` where httpx and browsers send `foto[1].jpg`."""
    scrapy_form = "https://example.fr/fotos/ana%5B1%5D.jpg?s=%7Cbig%7C"
    httpx_form = "https://example.fr/fotos/ana[1].jpg?s=|big|"
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=scrapy_form))
        log.append(decision(1, action="allow", url=httpx_form))
        found = access(log, Subject(urls=[httpx_form]), record=False)
        found_too = access(log, Subject(urls=[scrapy_form]), record=False)
        erase(log, Subject(urls=[httpx_form]), request_id="dsr-brackets")
        assert log.is_suppressed(scrapy_form) == "dsr-brackets" and log.is_suppressed(httpx_form) == "dsr-brackets"
        assert log.is_suppressed("https://example.fr/fotos/ana[2].jpg?s=|big|") is None
        assert log.verify().ok
    assert found["count"] == 2 and found_too["count"] == 2


# ---------------------------------------------------------------- what the chain vouches for
def test_the_erasure_record_keeps_only_a_keyed_hash_of_the_image_s_perceptual_hash(log_path, decision):
    from scrapeguard.audit.canonical import phash_hmac

    photo = _picture(8)
    sha = hashlib.sha256(photo).hexdigest()
    url = "https://example.fr/people/pat.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=url, image_sha256=sha), image=photo)
        erase(log, Subject(image=photo), request_id="dsr-pat")
        record = log.get("dsr-pat").record
        later = access(log, Subject(image=photo), request_id="dsr-pat-2")
        assert log.is_suppressed_image(_picture(8, (160, 120), "JPEG")) == "dsr-pat"  # the list still matches copies
        assert log.verify().ok
        key = log.key
    stored = [s["value"] for s in record["actions"]["suppressed"] if s["kind"] == "phash"]
    assert stored == [phash_hmac(key, dhash(photo))] and dhash(photo) not in json.dumps(record)
    assert [i["seq"] for i in later["items"]] == [0]  # a later request by the same image still finds the record


def test_a_deleted_suppression_entry_fails_verify(log_path, decision, tamper):
    url = "https://example.fr/people/bo.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=url))
        erase(log, Subject(urls=[url]), request_id="dsr-bo")
        assert log.verify().ok
        event_seq = log.get("dsr-bo").seq
    tamper(log_path).execute("DELETE FROM suppression WHERE kind = 'url'")
    with AuditLog.open(log_path) as log:
        assert log.is_suppressed(url) is None  # what the tamperer wanted: the URL crawlable again
        result = log.verify()
    assert not result.ok and result.first_bad_seq == event_seq
    assert "missing from the suppression list" in result.reason and "dsr-bo" in result.reason


def test_a_suppression_entry_added_by_hand_under_a_real_request_is_placed_at_that_requests_record(
        log_path, decision, tamper):
    """(review) An entry forged under the id of a request that did erase something was said to name a request
    "which has no erasure record", at a seq past the log's end: it is none of the entries that request added,
    and verify points at that request's record."""
    url = "https://example.fr/people/bo.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=url))
        erase(log, Subject(urls=[url]), request_id="dsr-bo")
        event_seq = log.get("dsr-bo").seq
    tamper(log_path).execute("INSERT INTO suppression (kind, value, request_id, added) SELECT kind, "
                             "'hmac-sha256:' || hex(randomblob(32)), request_id, added FROM suppression LIMIT 1")
    with AuditLog.open(log_path) as log:
        result = log.verify()
    assert not result.ok and result.first_bad_seq == event_seq
    assert "is none of those erasure request 'dsr-bo' added: it was added by hand or altered" in result.reason


def test_a_suppression_entry_whose_erasure_record_was_cut_off_fails_verify(log_path, decision, tamper):
    url = "https://example.fr/people/bo.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=url))
        erase(log, Subject(urls=[url]), request_id="dsr-bo")
        event_seq = log.get("dsr-bo").seq
    conn = tamper(log_path)  # the erasure record and its checkpoint removed: the chain itself is intact
    conn.execute("DELETE FROM chain WHERE seq >= ?", (event_seq,))
    conn.execute("DELETE FROM checkpoints WHERE tree_size > ?", (event_seq,))
    with AuditLog.open(log_path) as log:
        result = log.verify()
    reasons = [p.reason for p in result.problems]
    assert not result.ok and any("names request 'dsr-bo', which has no erasure record" in r for r in reasons)
    assert any("deleted without an erasure" in r for r in reasons)  # the erased row no longer has its erasure either


def test_every_request_and_read_gets_a_checkpoint_in_its_own_transaction(log_path, decision, cli):
    url = "https://example.fr/people/bo.jpg"
    with AuditLog.open(log_path, checkpoint_every=1000) as log:
        log.append(decision(0, action="allow", url=url))
        access(log, Subject(urls=[url]), request_id="dsr-a")
        erase(log, Subject(urls=[url]), request_id="dsr-e")
        log.append(decision(1, action="allow"))
    assert cli("list", "--log", str(log_path), "--show-urls")[0] == 0  # a recorded read
    with AuditLog.open(log_path) as log:
        events = [e.seq for e in log.iter_entries("c.kind != 'decision'")]
        sizes = {size for size, _, _ in log.checkpoints()}
    assert len(events) == 3 and all(seq + 1 in sizes for seq in events)


@pytest.mark.parametrize(("given", "host"), [("127.0.0.1:8080", "127.0.0.1"), ("[::1]:8080", "::1"), ("[::1]", "::1"),
                                             ("Example.ORG:8080", "example.org"), ("bücher.example.de", "xn--bcher-kva.example.de")])
def test_a_subjects_host_is_read_as_audit_list_reads_it(given: str, host: str) -> None:
    """`subject`/`erase --domain 127.0.0.1:8080` was refused while `list --domain` took it: the
    port is dropped here too, and an IPv6 address can be given at all."""
    from scrapeguard.audit.query import host_name

    assert host_name(given) == host


@pytest.mark.parametrize("given", ["example.org:http", "a/b", "", "[::1", "-", "jane.-.example.org"])
def test_a_host_that_is_none_is_refused(given: str) -> None:
    from scrapeguard.audit.query import FilterError, host_name

    with pytest.raises(FilterError):
        host_name(given)


def test_a_stored_copys_location_with_a_byte_that_is_not_utf8_fails_no_request(log_path, decision, tamper, not_utf8) -> None:
    """The stored copies were read as text: one such byte in a copy's location failed access and
    erasure, reported as 'disk or database full' because the location's path said /full/."""
    url = "https://example.fr/people/bo.jpg"
    with AuditLog.open(log_path) as log:
        d = decision(0, action="allow", url=url)
        log.append(d)
        attach_storage(log, d.decision_id, [StorageRef("s3://crawl/full/bo.jpg", "ab" * 32)])  # seq 1
    not_utf8(tamper(log_path), "sidecar", "url", 1)
    with AuditLog.open(log_path) as log:
        report = access(log, Subject(urls=[url]), record=False)
        manifest = erase(log, Subject(urls=[url]), request_id="dsr-y")
    assert [i["seq"] for i in report["items"]] == [0] and manifest["sidecar_rows_erased"] >= 1


def test_a_log_written_before_unlisted_tlds_took_the_default_rule_is_still_searched_by_domain(
    log_path, decision, monkeypatch, cli
):
    """Under a TLD the suffix list does not name, such logs hold each host as its own domain
    (`www.staff.internal`); the site and the host are both still found, and nothing else."""
    import scrapeguard.audit.record as record

    with monkeypatch.context() as patch, AuditLog.open(log_path) as log:
        patch.setattr(record, "registrable_domain", lambda host: host)  # what such hosts were before
        log.append(decision(0, action="allow", url="https://www.staff.internal/jane.jpg"))
        log.append(decision(1, action="allow", url="https://photos.staff.internal/bo.jpg"))
        log.append(decision(2, action="allow", url="https://wstaff.internal/other.jpg"))
    with AuditLog.open(log_path) as log:
        log.append(decision(3, action="allow", url="https://cdn.staff.internal/ann.jpg"))  # written today
        site = access(log, Subject(domain="staff.internal"), record=False)
        host = access(log, Subject(domain="www.staff.internal"), record=False)
    assert sorted(i["seq"] for i in site["items"]) == [0, 1, 3]
    assert [i["seq"] for i in host["items"]] == [0]
    code, out, _ = cli("list", "--log", str(log_path), "--json", "--domain", "staff.internal")
    assert code == 0 and sorted(json.loads(line)["seq"] for line in out.splitlines()) == [0, 1, 3]


def test_a_one_label_site_covers_its_hosts_as_a_dotted_site_does(log_path, decision, cli):
    """`--domain intranet` (a site with no dot, which erase accepts and suppresses) is the site
    with its hosts, as `--domain staff.internal` is: `www.intranet` is its page, `wintranet` and
    `intranet.example.org` are not."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url="http://intranet/staff/jane.jpg"))
        log.append(decision(1, action="allow", url="http://www.intranet/staff/jane.jpg"))
        log.append(decision(2, action="allow", url="http://a.b.intranet/bo.jpg"))
        log.append(decision(3, action="allow", url="http://wintranet/other.jpg"))
        log.append(decision(4, action="allow", url="https://intranet.example.org/other.jpg"))
        found = access(log, Subject(domain="intranet"), record=False)
        manifest = erase(log, Subject(domain="intranet"), request_id="dsr-intra")
    assert sorted(i["seq"] for i in found["items"]) == [0, 1, 2]
    assert len(manifest["items"]) == 3 and _clear_rows(log_path, "http://www.intranet/staff/jane.jpg") == []
    code, out, _ = cli("list", "--log", str(log_path), "--json", "--domain", "intranet", "--kind", "decision")
    assert code == 0 and sorted(json.loads(line)["seq"] for line in out.splitlines()) == [0, 1, 2]


def test_an_erasure_names_the_set_aside_journals_that_still_hold_urls_in_clear(log_path, decision, cli, tmp_path):
    """A journal of unwritten decisions with a line not written with the log's key is set aside as
    `.rejected`, whole: its good lines keep their clear URLs there for good, beyond the log's reach.
    An erasure cannot read them as the log's; its manifest and summary name them for deletion."""
    from scrapeguard.audit.unwritten import rejected_journals, waiting_journals

    with AuditLog.open(log_path) as log:
        log.keep_unwritten(decision(0, action="allow", url=JANE))  # its write failed; the process ends
    [journal] = waiting_journals(str(log_path))
    with journal.open("a") as fh:
        fh.write('{"v": 1, "mac": "hmac-sha256:00", "entry": "{}"}\n')  # a line not of this log's key
    with AuditLog.open(log_path) as log:  # the next writer adds the good line and sets the file aside
        assert log.count() == 1
    [rejected] = rejected_journals(str(log_path))
    assert JANE in rejected.read_text()
    with AuditLog.open(log_path) as log:
        manifest = erase(log, Subject(urls=[JANE]), request_id="dsr-jane")
    assert manifest["unwritten_rejected"] == [str(rejected)] and "unwritten_rejected" in manifest["note"]
    code, _, err = cli("subject", "--log", str(log_path), "--url", JANE, "--no-record")  # (Art. 15: its line said)
    assert code == 0 and str(rejected) in err and "1 line(s) in them hold the subject's" in err, err
    code, _, err = cli("erase", "--log", str(log_path), "--url", JANE, "--manifest", str(tmp_path / "m.json"))
    assert code == 0 and str(rejected) in err and "in clear" in err and "1 line(s) in them hold" in err, err


@pytest.mark.parametrize("given", [{"received": ""}, {"received": "  "}, {"request_id": ""}])
def test_an_empty_received_or_request_id_is_refused_not_replaced(log_path, decision, given):
    """`--received "$TICKET_DATE"` with the variable unset recorded the request as received now:
    its one-month deadline, and whether it was answered late, then ran from the wrong day."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=JANE))
        for request in (access, erase):
            with pytest.raises(RequestError, match="empty"):
                request(log, Subject(urls=[JANE]), **given)
        assert log.count() == 1


@pytest.mark.parametrize("domain", ["*.jane.example.org", "jane.example.%6frg", "jane\x00.example.org"])
def test_a_domain_no_host_can_have_is_refused_not_answered_nothing_held(log_path, decision, domain):
    """`--domain '*.jane.example.org'` (a wildcard, as DNS and certificates write one) was searched for
    as it was written: the request was answered, and recorded, as "nothing held", and the erasure
    suppressed a name no page has, while jane.example.org's records stayed."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=JANE))
        with pytest.raises(RequestError, match="not a domain"):
            erase(log, Subject(domain=domain))
        assert log.count() == 1 and not log.suppression_list()


JANE = "https://jane.example.org/me.jpg"


def _clear_rows(path: Path, url: str) -> list[int]:
    """Sidecar rows that hold this URL in clear, read as a plain SQLite reader would."""
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT seq FROM sidecar WHERE url = ?", (url,))]
    finally:
        conn.close()


def test_a_decision_written_after_the_erasure_of_its_url_does_not_bring_the_url_back(log_path, decision, caplog):
    """A crawler decided before the erasure and writes after it (its write waited for the erasure's
    lock, or failed and was kept): the record is written as the erasure left the others, without
    its URL, and an erasure record of the same request vouches for the missing row."""
    with AuditLog.open(log_path) as crawler:
        crawler.append(decision(1, action="allow", url=JANE))
        decided_before = decision(2, action="allow", url=JANE)
        with AuditLog.open(log_path) as operator:  # another process: `scrapeguard audit erase`
            manifest = erase(operator, Subject(urls=[JANE]), request_id="dsr-jane")
        assert [i["seq"] for i in manifest["items"]] == [0]
        with caplog.at_level("WARNING", logger="scrapeguard"):
            seq = crawler.append(decided_before)
        assert decided_before.decision_id in caplog.text and "delete any copy" in caplog.text  # (it was allowed)
        assert crawler.erased_on_write(decided_before.decision_id) == "dsr-jane"
        assert _clear_rows(log_path, JANE) == []
        assert access(crawler, Subject(urls=[JANE]), record=False)["count"] == 0
        note = crawler.get(seq + 1)
        assert note is not None and note.record["kind"] == "erasure" and note.record["request_id"] == "dsr-jane"
        assert note.record["items_found"] == [decided_before.decision_id]
        assert crawler.verify().ok
        other = crawler.append(decision(3, action="allow", url="https://example.org/other"))
        assert crawler.get(other).personal is not None  # (what no erasure covers keeps its row)


def test_a_request_is_shown_by_its_id_before_the_follow_ups_that_share_it(log_path, decision, monkeypatch):
    """(Audit review) Decisions a crawl writes while an erasure runs are vouched for by a follow-up record under
    the request's id, which can come before the request's own: `audit show ER-7` showed the follow-up ("151
    found, 0 suppression entries") for the request (1,754 found, 2 entries)."""
    import scrapeguard.audit.dsr as dsr
    from scrapeguard.audit.record import DSR_SCHEMA, event_record

    searched = dsr.find

    def find_then_follow_up(*args, **kwargs):  # a crawl's follow-up lands while the erasure runs
        found = list(searched(*args, **kwargs))
        follow_up = {"request_id": "ER-7", "kind": "erasure", "verification": "follows the erasure request",
                     "items_found": ["x"], "actions": {"written_after_erasure": True}}
        with AuditLog.open(log_path) as crawler:
            crawler.append_events([event_record(DSR_SCHEMA, follow_up, "ER-7", "erasure")])
        return iter(found)

    monkeypatch.setattr(dsr, "find", find_then_follow_up)
    with AuditLog.open(log_path) as log:
        log.append(decision(1, action="allow", url=JANE))
        erase(log, Subject(urls=[JANE]), request_id="ER-7")
        assert [e.seq for e in log.iter_entries("c.decision_id = 'ER-7'")] == [1, 2]  # (the follow-up first)
        shown = log.get("ER-7")
        assert shown is not None and not shown.record["actions"].get("written_after_erasure")
        assert shown.record["actions"]["suppressed"]


@pytest.mark.parametrize("reused", ["T-100", "decision", "decision in capitals"])
def test_a_request_id_that_already_names_a_record_is_refused(log_path, decision, reused: str) -> None:
    """(Audit review) A second erasure under T-100, or a request under a decision's id: `audit show` found the
    first record by it, never the later request. So is a decision's id in capitals, which `show` finds it by."""
    with AuditLog.open(log_path) as log:
        seq = log.append(decision(1, action="allow", url=JANE))
        erase(log, Subject(urls=["https://example.org/other"]), request_id="T-100")
        decision_id = log.get(seq).record["decision_id"]
        taken = {"T-100": "T-100", "decision": decision_id}.get(reused, decision_id.upper())
        with pytest.raises(RequestError, match="already names a record of this log"):
            erase(log, Subject(urls=[JANE]), request_id=taken)
        assert _clear_rows(log_path, JANE)  # (nothing erased)


def test_one_reference_for_an_access_request_and_an_erasure_and_for_a_search_recorded_nowhere(log_path, decision):
    """(Review of the change) A combined request, an access then an erasure under one ticket (DSR-2026-014), is
    one reference; a search made with `record=False` (`subject --no-record`) records nothing under it."""
    with AuditLog.open(log_path) as log:
        log.append(decision(1, action="allow", url=JANE))
        access(log, Subject(urls=[JANE]), request_id="DSR-2026-014")
        access(log, Subject(urls=[JANE]), request_id="DSR-2026-014", record=False)
        erase(log, Subject(urls=[JANE]), request_id="DSR-2026-014")
        assert [e.record["kind"] for e in log.iter_entries("c.decision_id = 'DSR-2026-014'")] == ["access", "erasure"]
        with pytest.raises(RequestError, match="already names a record of this log"):
            access(log, Subject(urls=[JANE]), request_id="DSR-2026-014")
        with pytest.raises(RequestError, match="already names a record of this log"):  # (after the access: review)
            erase(log, Subject(urls=[JANE]), request_id="DSR-2026-014")


def test_a_decision_kept_unwritten_across_an_erasure_is_written_without_its_url(log_path, decision):
    """The unwritten-decision journal replays it after the erasure: the same."""
    with AuditLog.open(log_path) as crawler:
        crawler.append(decision(1, action="allow", url=JANE))
        kept = decision(2, action="allow", url=JANE)
        crawler.keep_unwritten(kept)
        with AuditLog.open(log_path) as operator:
            erase(operator, Subject(urls=[JANE]), request_id="dsr-jane")
    with AuditLog.open(log_path) as reopened:  # the next writer chains what was left beside the log
        assert reopened.has_decision(kept.decision_id)
        assert _clear_rows(log_path, JANE) == []
        assert access(reopened, Subject(urls=[JANE]), record=False)["count"] == 0
        assert reopened.verify().ok


def test_a_request_names_the_subjects_decisions_still_waiting_in_a_running_crawlers_journal(log_path, decision, cli,
                                                                                            tmp_path):
    """A crawler whose write failed (the log locked past its busy timeout) keeps the decision in its journal
    and hands the page over: an erasure searched the log and the set-aside journals only, so its manifest
    listed nothing and the access answer said nothing held (found in review). The live journal's lines about
    the subject are answered (`unwritten_waiting_matches`, with what they handed over), what they handed over
    is listed for deletion, and the suppression still has the crawler write them without their URL."""
    photo = b"the photo of jane"
    sha = hashlib.sha256(photo).hexdigest()
    page_url = "https://jane.example.org/me.html"
    with AuditLog.open(log_path) as crawler:
        crawler.append(decision(0, action="allow", url="https://bo.example.org/bo.jpg"))
        picture = decision(1, action="allow", url=JANE, image_sha256=sha)
        page = decision(2, action="allow", url=page_url)
        picture.picture, page.picture = True, False
        page.page_url = None
        for waiting in (picture, page):
            crawler.keep_unwritten(waiting)  # (its write failed: it waits in this live process's journal)
        with AuditLog.open(log_path) as operator:
            answer = access(operator, Subject(urls=[JANE, page_url]), record=False)
            code, _, err = cli("subject", "--log", str(log_path), "--url", JANE, "--no-record")
            manifest = erase(operator, Subject(urls=[JANE, page_url]), request_id="dsr-jane")
    assert answer["count"] == 0 and manifest["items"] == []
    for held in (answer["unwritten_waiting_matches"], manifest["unwritten_waiting_matches"]):
        assert [(m["decision_id"], m["url"], m["kept"], m["picture"], m["in_log"]) for m in held] == [
            (picture.decision_id, JANE, True, True, False), (page.decision_id, page_url, True, False, False)]
    assert answer["unwritten_waiting"] == manifest["unwritten_waiting"] == [held[0]["journal"]]
    assert code == 0 and "1 decision(s) about the subject still wait in the journal" in err, err
    assert {JANE, page_url, f"sha256:{sha}"} <= set(manifest["delete_from_content_store"])
    assert "unwritten_waiting_matches" in manifest["note"]
    # (a picture's bytes are suppressed wherever met again, a page's not)
    assert [e["kind"] for e in manifest["suppression"]].count("sha256") == 1
    with AuditLog.open(log_path) as reopened:  # the crawler's decisions reach the log, without their URLs
        assert reopened.has_decision(picture.decision_id) and reopened.has_decision(page.decision_id)
        assert _clear_rows(log_path, JANE) == [] and _clear_rows(log_path, page_url) == []
        assert reopened.verify().ok


def test_a_request_with_no_waiting_decision_of_the_subject_names_none(log_path, decision):
    """The live journal's other lines are no match (another person's page), and a log with no journal beside it
    answers an empty list."""
    with AuditLog.open(log_path) as crawler:
        crawler.append(decision(0, action="allow", url=JANE))
        with AuditLog.open(log_path) as operator:
            assert access(operator, Subject(urls=[JANE]), record=False)["unwritten_waiting"] == []
        crawler.keep_unwritten(decision(1, action="allow", url="https://bo.example.org/bo.jpg"))
        with AuditLog.open(log_path) as operator:
            answer = access(operator, Subject(urls=[JANE]), record=False)
            manifest = erase(operator, Subject(urls=[JANE]), request_id="dsr-jane", dry_run=True)
    assert answer["count"] == 1 and len(answer["unwritten_waiting"]) == 1
    assert answer["unwritten_waiting_matches"] == manifest["unwritten_waiting_matches"] == []
    assert "unwritten_waiting_matches" not in manifest["note"]


def test_a_decision_committed_between_the_erasures_search_and_its_commit_is_erased_too(
    log_path, decision, monkeypatch
):
    """`erase` searches before it takes the write lock (a long search must not stop crawlers): a record
    of the URL committed in between is erased with the others, under the same request."""
    import scrapeguard.audit.dsr as dsr

    searched = dsr.find

    def find_then_crawl(*args, **kwargs):  # a crawler's write lands right after the search
        found = list(searched(*args, **kwargs))  # (a generator: searched only when read)
        with AuditLog.open(log_path) as crawler:
            crawler.append(decision(2, action="allow", url=JANE))
        return iter(found)

    with AuditLog.open(log_path) as log:
        log.append(decision(1, action="allow", url=JANE))
        monkeypatch.setattr(dsr, "find", find_then_crawl)
        erase(log, Subject(urls=[JANE]), request_id="dsr-jane")
        assert _clear_rows(log_path, JANE) == []
        assert access(log, Subject(urls=[JANE]), record=False)["count"] == 0
        assert log.verify().ok


@pytest.mark.parametrize("by", ["domain", "image"])
def test_a_decision_committed_between_the_search_and_the_commit_of_a_domain_or_image_erasure_is_erased_too(
    log_path, decision, monkeypatch, by
):
    """As for a --url: a record of the erased site (a page the crawl reached meanwhile) or image
    committed between the search and the erasure's commit kept its clear URL, named by no manifest,
    though the item it let through was the person's."""
    import scrapeguard.audit.dsr as dsr

    searched = dsr.find
    other = "https://jane.example.org/new.jpg"
    sha = "ab" * 32

    def find_then_crawl(*args, **kwargs):
        found = list(searched(*args, **kwargs))  # (a generator: searched only when read)
        with AuditLog.open(log_path) as crawler:
            crawler.append(decision(2, action="allow", url=other, image_sha256=sha))
        return iter(found)

    with AuditLog.open(log_path) as log:
        log.append(decision(1, action="allow", url=JANE, image_sha256=sha))
        log.append(decision(3, action="allow", url="https://bob.example.org/bob.jpg"))
        monkeypatch.setattr(dsr, "find", find_then_crawl)
        subject = Subject(domain="jane.example.org") if by == "domain" else Subject(image=b"\xff" * 10)
        if by == "image":
            monkeypatch.setattr(Subject, "image_sha256", property(lambda self: sha))
            monkeypatch.setattr(Subject, "image_phash", property(lambda self: None))
        erase(log, subject, request_id="dsr-jane")
        assert _clear_rows(log_path, other) == [] and _clear_rows(log_path, JANE) == []
        assert _clear_rows(log_path, "https://bob.example.org/bob.jpg") == [1]
        assert log.verify().ok


def test_a_page_below_an_erased_url_prefix_committed_between_the_search_and_the_commit_is_erased_too(
    log_path, decision, monkeypatch
):
    """`erase --url-prefix` suppresses, and so erases under its lock, the URLs its search found below
    the prefix: a page of the profile the crawl committed in between kept its clear URL, named by
    no manifest, and the next crawl of it was let through again. It is erased and suppressed as
    the pages found are; a page of someone else on the site is left alone."""
    import scrapeguard.audit.dsr as dsr

    searched = dsr.find
    late, other = "https://uni.example.edu/~jdoe/new.jpg", "https://uni.example.edu/~jdoe2/cv.html"

    def find_then_crawl(*args, **kwargs):
        found = list(searched(*args, **kwargs))  # (a generator: searched only when read)
        with AuditLog.open(log_path) as crawler:
            crawler.append(decision(2, action="allow", url=late))
            crawler.append(decision(3, action="allow", url=other))
        return iter(found)

    with AuditLog.open(log_path) as log:
        log.append(decision(1, action="allow", url="https://uni.example.edu/~jdoe/cv.html"))
        monkeypatch.setattr(dsr, "find", find_then_crawl)
        manifest = erase(log, Subject(url_prefixes=["https://uni.example.edu/~jdoe/"]), request_id="dsr-jdoe")
        assert _clear_rows(log_path, late) == [] and _clear_rows(log_path, other) == [2]
        assert log.is_suppressed(late) == "dsr-jdoe" and log.is_suppressed(other) is None
        assert len(manifest["suppression"]) == len(log.suppression_list())
        assert log.verify().ok


def test_a_page_of_an_erased_one_label_site_committed_between_the_search_and_the_commit_is_erased_too(
    log_path, decision, monkeypatch
):
    """`erase --domain intranet` looked again, under its lock, only for records whose domain column
    is `intranet`: one of `www.intranet` (its own domain) committed meanwhile kept its clear URL."""
    import scrapeguard.audit.dsr as dsr

    searched = dsr.find
    late = "http://www.intranet/staff/jane-2.jpg"

    def find_then_crawl(*args, **kwargs):
        found = list(searched(*args, **kwargs))
        with AuditLog.open(log_path) as crawler:
            crawler.append(decision(2, action="allow", url=late))
        return iter(found)

    with AuditLog.open(log_path) as log:
        log.append(decision(1, action="allow", url="http://www.intranet/staff/jane.jpg"))
        monkeypatch.setattr(dsr, "find", find_then_crawl)
        erase(log, Subject(domain="intranet"), request_id="dsr-intra")
        assert _clear_rows(log_path, late) == [] and log.verify().ok


@pytest.mark.parametrize(
    "received, due",
    [
        ("2026-02-15", "2026-03-15T23:59:59.999Z"),  # February: 30 days would be 17 March, two days late
        ("2026-01-31T09:30:00Z", "2026-02-28T23:59:59.999Z"),  # no 31 February: that month's last day
        ("2024-01-30", "2024-02-29T23:59:59.999Z"),  # a leap year's
        ("2026-03-31", "2026-04-30T23:59:59.999Z"),
        ("2025-12-15T23:00:00+01:00", "2026-01-15T23:59:59.999+01:00"),  # across the year, in its own offset
    ],
)
def test_a_request_is_due_one_calendar_month_after_it_was_received(log_path, decision, received, due):
    """GDPR Art. 12(3): answered "within one month of receipt", as the access and the erasure
    records and the erasure manifest say (never a later date than the law's), to the end of that day
    (Regulation 1182/71 Art. 3(2)(c); the receipt's own hour made an answer later that day look late)."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url="https://example.fr/people/ana.jpg"))
        subject = Subject(urls=["https://example.fr/people/ana.jpg"])
        asked = access(log, subject, received=received)
        manifest = erase(log, subject, received=received)
        assert asked["due"] == manifest["due"] == due  # (the access report gives it to the one answering)
        for seq in (asked["dsr_seq"], manifest["dsr_seq"]):
            assert log.get(seq).record["due"] == due


@pytest.mark.parametrize(
    "received, kept, due",
    [
        # 31 January in New York is 1 February in UTC: due 1 March there, a day past the law's 28 February
        ("2026-01-31T20:00:00-05:00", "2026-01-31T20:00:00.000-05:00", "2026-02-28T23:59:59.999-05:00"),
        # 1 March in Berlin is 28 February in UTC: due 28 March there, four days short of 1 April
        ("2026-03-01T00:30:00+01:00", "2026-03-01T00:30:00.000+01:00", "2026-04-01T23:59:59.999+01:00"),
        ("2026-03-01T00:30:00Z", "2026-03-01T00:30:00.000Z", "2026-04-01T23:59:59.999Z"),
    ],
)
def test_a_request_keeps_the_offset_it_was_received_in_and_its_month_is_counted_there(
        log_path, decision, received, kept, due):
    """`--received` with a UTC offset was kept converted to UTC, the offset dropped: the day of receipt,
    from which Art. 12(3)'s month runs, became the next or the day before, and the due date with it.
    The time is kept as given (to the millisecond), and the month counted in its offset."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url="https://example.fr/people/ana.jpg"))
        subject = Subject(urls=["https://example.fr/people/ana.jpg"])
        asked = access(log, subject, received=received)
        manifest = erase(log, subject, received=received)
        assert (asked["received"], asked["due"]) == (manifest["received"], manifest["due"]) == (kept, due)
        for seq in (asked["dsr_seq"], manifest["dsr_seq"]):
            assert (log.get(seq).record["received"], log.get(seq).record["due"]) == (kept, due)


@pytest.mark.parametrize("received", [
    "0001-01-01T00:00+01:00",  # before year 1 in UTC: no report or retention could read it back
    "2026-03-01T00:30:00+05:30:15",  # an offset to the second: not RFC 3339 (time-numoffset is hh:mm)
    "2026-03-01T00:30:00+05:30:15.5",
])
def test_a_received_time_out_of_range_in_utc_or_with_an_offset_to_the_second_is_refused(
        log_path, decision, received):
    """Kept in its own offset, `--received` skipped the UTC range check: a time before year 1 in UTC
    was recorded (reading it back in UTC fails), and an offset with seconds, which RFC 3339 has no
    place for, was stored as given. Both are refused before anything is written."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url="https://example.fr/people/ana.jpg"))
        for request in (access, erase):
            with pytest.raises(RequestError, match="--received"):
                request(log, Subject(urls=["https://example.fr/people/ana.jpg"]), received=received)
        assert log.count() == 1


@pytest.mark.parametrize(
    "url, message",
    [
        ("htps://example.fr/people/ana.jpg", "not a URL a crawler fetches"),  # a typo of the scheme
        ("mailto://ana@example.fr", "is an e-mail address"),  # (said as what it is: `_by_e_mail`)
        ("http://[example.fr/people/ana.jpg", "not a URL"),  # cannot be parsed
        ("http://example.fr:99999/people/ana.jpg", "not a URL"),  # a port that is none
        ("http:///people/ana.jpg", "names no host"),
        ("https://xn--.fr/", "is no host name"),  # an A-label with no Punycode: httpx refuses to request it
        ("https://a..b.fr/", "is no host name"),
        ("https://-.fr/", "is no host name"),
        ("https://jane.example.fr/caf\udce9.jpg", "not UTF-8 text"),  # Latin-1 bytes a terminal passed through
    ],
)
def test_a_url_no_crawler_could_fetch_is_refused_not_answered_as_nothing_held(log_path, decision, url, message):
    """A mistyped URL matches nothing: searched as given, the person would be told, and the log
    would record, that nothing is held about them. It is refused before anything is written."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url="https://example.fr/people/ana.jpg"))
        for request in (access, erase):
            with pytest.raises(RequestError, match=message):
                request(log, Subject(urls=[url]))
        assert log.count() == 1 and log.is_suppressed(url) is None


@pytest.mark.parametrize("given", [
    ["--url", "https://ana@example.fr"],  # an e-mail address written as a URL
    ["--url", "https://crawler:s3cret@example.fr/"],
    ["--url-prefix", "https://ana%40mail.example@example.fr/"],
])
def test_a_url_with_a_user_name_or_address_before_its_host_is_refused_not_read_as_the_site(
    log_path, decision, given
):
    """The log keeps URLs without `user:password@` (the guard drops them), and so did a request's
    look-up: `https://ana@example.fr` (an e-mail address given as a URL) was searched as
    `https://example.fr/`, the site's home page, whose records were answered as hers, and an erasure
    erased and suppressed that page for good (a --url-prefix: every page of the site). It is refused,
    naming the URL to give instead, without the password."""
    option, url = given
    subject = Subject(urls=[url]) if option == "--url" else Subject(url_prefixes=[url])
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url="https://example.fr/"))
        for request in (access, erase):
            with pytest.raises(RequestError, match="before '@'") as refused:
                request(log, subject)
            assert "s3cret" not in str(refused.value) and "https://example.fr/" in str(refused.value)
        assert log.count() == 1 and log.is_suppressed("https://example.fr/") is None


def test_a_url_prefix_answers_for_a_profile_section_and_nobody_else_on_the_site(log_path, decision):
    """GDPR Art. 15 for a profile (`/~jdoe/`): every page and picture below it, where --url finds
    only the pages the person can list and --domain answers with all the site's people. A prefix
    ends at a path segment: `/~jdoe` is not `/~jdoe2/`."""
    mine = ["https://uni.example.edu/~jdoe/", "https://uni.example.edu/~jdoe/cv.html?lang=fr",
            "https://uni.example.edu/~jdoe/photo.jpg", "https://uni.example.edu/~jdoe",
            "https://uni.example.edu/~jdoe?tab=cv", "http://uni.example.edu/~jdoe/portrait.jpg"]
    others = ["https://uni.example.edu/~jdoe2/index.html", "https://uni.example.edu/~asmith/",
              "https://uni.example.edu/jdoe.html"]
    with AuditLog.open(log_path) as log:
        for i, url in enumerate(mine + others):
            log.append(decision(i, action="allow", url=url))
        for prefix in ("https://uni.example.edu/~jdoe", "https://UNI.example.edu/%7Ejdoe/"):
            report = access(log, Subject(url_prefixes=[prefix]), record=False)
            assert sorted(i["source_url"] for i in report["items"]) == sorted(mine)
            assert {tuple(i["matched_by"]) for i in report["items"]} == {("url prefix",)}
        manifest = erase(log, Subject(url_prefixes=["https://uni.example.edu/~jdoe/"]), request_id="dsr-jdoe")
        assert sorted(i["url"] for i in manifest["items"]) == sorted(mine)
        assert all(log.is_suppressed(u) == "dsr-jdoe" for u in mine)
        assert not any(log.is_suppressed(u) for u in others)
        assert "https://uni.example.edu/~jdoe/" not in json.dumps(log.get(manifest["dsr_seq"]).record)  # keyed only
        assert log.verify().ok


def test_an_erased_url_prefix_suppresses_the_pages_below_it_first_met_after_the_erasure(log_path, decision):
    """legal-policy-model §5.8: an erasure or objection covering a profile or site section suppresses
    the section itself. Only the URLs found below it were suppressed: a page of the profile first
    published (or first crawled) after the erasure was collected again, its URL kept in clear.
    It is blocked, whatever the scheme or client spelling, and written without its URL; a page
    beside the section is not."""
    from w3lib.url import safe_url_string

    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url="https://uni.example.edu/~jdoe/cv.html"))
        erase(log, Subject(url_prefixes=["https://uni.example.edu/~jdoe/"]), request_id="dsr-jdoe")
        new = ["https://uni.example.edu/~jdoe/2027/new.jpg", "http://uni.example.edu/~jdoe?tab=talks",
               "https://UNI.example.edu/%7Ejdoe/p[1].jpg", safe_url_string("https://uni.example.edu/~jdoe/p[1].jpg")]
        assert [log.is_suppressed(u) for u in new] == ["dsr-jdoe"] * len(new)
        assert [log.is_suppressed(u) for u in ("https://uni.example.edu/~jdoe2/", "https://uni.example.edu/")] \
            == [None, None]
        log.append(decision(1, action="allow", url=new[0]))  # (a guard that decided before the erasure was read)
        assert _clear_rows(log_path, new[0]) == []
        assert log.verify().ok


@pytest.mark.parametrize("prefix", ["https://uni.example.edu/" + "a" * 2100, "https://uni.example.edu" + "/a" * 70])
def test_a_url_prefix_deeper_or_longer_than_the_guard_looks_up_is_refused(log_path, decision, prefix):
    """The guard looks a URL up by a bounded number of short sections (`canonical.sections_above`):
    a longer or deeper prefix would be put on the suppression list and never match, an erasure
    answered as done that blocks nothing. It is refused, before anything is erased."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=prefix + "/me.jpg"))
        with pytest.raises(RequestError, match="at most"):
            erase(log, Subject(url_prefixes=[prefix]))
        assert log.count() == 1 and log.suppression_list() == []


def test_an_erasure_by_a_public_suffix_is_refused_and_suppresses_nothing(log_path):
    """`erase --domain github.io` (meant: jane.github.io) put every *.github.io site on the
    append-only suppression list, so the crawler blocked them all from then on."""
    with AuditLog.open(log_path) as log:
        with pytest.raises(RequestError, match="public suffix"):
            erase(log, Subject(domain="github.io"))
        assert log.is_suppressed("https://bob.github.io/") is None and log.count() == 0
        erase(log, Subject(domain="jane.github.io"))
        assert log.is_suppressed("https://jane.github.io/cv.html") and not log.is_suppressed("https://bob.github.io/")


def test_a_url_given_with_the_other_scheme_finds_and_erases_the_records_of_the_url(log_path, decision):
    """A person gives the URL her browser shows (https://, the site upgraded); the crawler met it as
    http:// (or the other way round). --url-prefix compared URLs without their scheme (http and
    https serve the same pages), --url did not: the access answer said nothing was held, and the
    erasure left the kept record and suppressed only the spelling nobody crawled."""
    crawled = "http://jane.example.org/me.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(1, action="allow", url=crawled))
        log.append(decision(2, action="block", url=crawled))  # kept by keyed hash only
        given = Subject(urls=["https://jane.example.org/me.jpg"])
        assert [i["seq"] for i in access(log, given, record=False)["items"]] == [0, 1]
        manifest = erase(log, given)
        assert [i["seq"] for i in manifest["items"]] == [0, 1] and crawled in manifest["delete_from_content_store"]
        assert log.get(0).personal is None
        assert log.is_suppressed(crawled) and log.is_suppressed("https://jane.example.org/me.jpg")
        assert not log.is_suppressed("http://jane.example.org/other.jpg")
        assert log.verify().ok


def test_the_erasure_manifest_names_the_recorded_reads_that_copied_the_subjects_fields(log_path, decision, cli, tmp_path):
    """An `export --personal` (or `list --show-urls`, `show`) made before the erasure put the person's
    URL into a file outside the log: a copy the erasure must reach too. The read was recorded with
    the records it showed, but the manifest, the operator's list of what to delete, said nothing
    of it. It names those reads (command, operator, time); a read of other records is left out."""
    url = "https://jane.example.org/me.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(1, action="allow", url=url))
        log.append(decision(2, action="allow", url="https://bob.example.net/bob.jpg"))
    assert cli("export", "--log", str(log_path), "--personal", "-o", str(tmp_path / "pack.jsonl"))[0] == 0
    assert cli("show", "--log", str(log_path), "1")[0] == 0  # Bob's record only
    with AuditLog.open(log_path) as log:
        manifest = erase(log, Subject(urls=[url]))
    reads = manifest["personal_reads_to_review"]
    assert [r["command"] for r in reads] == ["export --personal"] and reads[0]["operator"] and reads[0]["ts"]
    assert "personal_reads_to_review" in manifest["note"]
    with AuditLog.open(log_path) as log:
        assert erase(log, Subject(urls=["https://nobody.example.com/x.jpg"]), dry_run=True)["personal_reads_to_review"] == []


def test_a_request_id_that_is_a_number_is_refused_as_show_would_read_it_as_a_seq(log_path, decision, cli):
    """`audit show ID` reads a number as a seq: a request recorded under a ticket number (48213)
    could not be shown by its id, and `show 3` showed another record (a person's, its read
    recorded) in its place. A number is refused before anything is recorded, naming a form to use."""
    with AuditLog.open(log_path) as log:
        for i in range(5):
            log.append(decision(i, action="allow"))
        for ask in (access, erase):
            with pytest.raises(RequestError, match="DSR-3"):
                ask(log, Subject(urls=["https://example.fr/people/0.jpg"]), request_id="3")
        assert log.count() == 5
        access(log, Subject(urls=["https://example.fr/people/0.jpg"]), request_id="DSR-3")
    code, out, _ = cli("show", "--log", str(log_path), "DSR-3", "--json")
    assert code == 0 and json.loads(out)["request_id"] == "DSR-3"


@pytest.mark.parametrize("asked", ["straße.de", "xn--strae-oqa.de", "jane.straße.de", "jane.xn--strae-oqa.de"])
def test_a_domain_is_searched_in_the_spelling_the_log_keeps_its_hosts_in(log_path, decision, monkeypatch, asked):
    """The log keeps a host as browsers resolve it (IDNA UTS #46: `straße.de` is `xn--strae-oqa.de`),
    but a --domain, and the hosts of the sidecar's URLs, were read with IDNA 2003 (`strasse.de`, another
    site): `subject`/`erase --domain straße.de` answered "nothing held" for the person's records, and
    so did `jane.xn--strae-oqa.de`. The erasure's second look under its lock, and the suppression
    list's check of a URL, read them alike."""
    import scrapeguard.audit.dsr as dsr

    jane, late = "https://jane.straße.de/jane.jpg", "https://jane.straße.de/jane-2.jpg"
    searched = dsr.find

    def find_then_crawl(*args, **kwargs):
        found = list(searched(*args, **kwargs))
        with AuditLog.open(log_path) as crawler:
            crawler.append(decision(2, action="allow", url=late))
        return iter(found)

    with AuditLog.open(log_path) as log:
        log.append(decision(1, action="allow", url=jane))
        log.append(decision(3, action="allow", url="https://strasse.de/other.jpg"))  # (another site: DENIC)
        assert [i["source_url"] for i in access(log, Subject(domain=asked), record=False)["items"]] == [jane]
        monkeypatch.setattr(dsr, "find", find_then_crawl)
        erase(log, Subject(domain=asked), request_id="dsr-jane")
        assert _clear_rows(log_path, jane) == [] and _clear_rows(log_path, late) == []
        assert _clear_rows(log_path, "https://strasse.de/other.jpg") == [1]
        assert log.is_suppressed("https://jane.straße.de/again.jpg") == "dsr-jane"
        assert log.is_suppressed("https://jane.xn--strae-oqa.de/again.jpg") == "dsr-jane"
        assert log.is_suppressed("https://strasse.de/other.jpg") is None
        assert log.is_suppressed("https://jane.strasse.de/other.jpg") is None
        assert log.verify().ok


@pytest.mark.parametrize("asked", ["jane.straße.de", "jane.xn--strae-oqa.de"])
def test_a_domains_idna_2003_spelling_is_another_site_whose_records_are_listed_for_review(log_path, decision, asked):
    """Where IDNA 2003 and UTS #46 differ (ß, final ς, a joiner), `straße.de` and `strasse.de` are two
    domains with their own owners (DENIC has registered ß names since 2010), though Scrapy (w3lib before
    2.6) requested a link to `jane.straße.de` as `jane.strasse.de`. `erase --domain jane.straße.de` erased
    and suppressed all of `jane.strasse.de`, and `subject` listed its records in the person's answer: they
    are listed for review instead (`other_site_to_review`, the manifest's `references_to_review`),
    neither answered, erased nor suppressed."""
    import httpx
    from w3lib.url import safe_url_string

    # (as Scrapy requested it with w3lib before 2.6, in a log kept across the upgrade; or another owner's site)
    via_scrapy = "https://jane.strasse.de/jane.jpg"
    via_httpx = str(httpx.URL("https://jane.straße.de/me.jpg"))
    installed = normalise_url(safe_url_string("https://jane.straße.de/me.jpg"))  # (2.6 spells it as httpx)
    assert installed in (normalise_url(via_httpx), normalise_url(via_scrapy.replace("jane.jpg", "me.jpg")))
    with AuditLog.open(log_path) as log:
        log.append(decision(1, action="allow", url=via_scrapy))
        log.append(decision(2, action="allow", url=via_httpx))
        answer = access(log, Subject(domain=asked), record=False)
        assert [(i["source_url"], i["matched_by"]) for i in answer["items"]] == [(via_httpx, ["domain"])]
        assert answer["count"] == 1
        assert [(r["url"], r["matched_by"]) for r in answer["other_site_to_review"]] == [(via_scrapy, [SCRAPY_SPELLING])]
        manifest = erase(log, Subject(domain=asked), request_id="dsr-jane")
        assert [i["url"] for i in manifest["items"]] == [via_httpx]
        assert [(r["url"], r["relation"]) for r in manifest["references_to_review"]] == [(via_scrapy, OTHER_SITE)]
        # (the manifest shows that record's clear URL: a read of its sidecar, recorded with the erasure)
        reads = [e.record for e in log.iter_entries("c.action = 'read' AND c.kind = 'read'")]
        assert [(r["command"], r["seqs"]) for r in reads] == [("erase", [0])]
        assert _clear_rows(log_path, via_httpx) == [] and _clear_rows(log_path, via_scrapy) == [0]
        assert log.is_suppressed(str(httpx.URL("https://jane.straße.de/again.jpg"))) == "dsr-jane"
        assert log.is_suppressed(via_scrapy) is None
        assert log.verify().ok


def test_an_erasure_of_a_domain_spelt_with_ss_leaves_the_one_spelt_with_eszett_alone(log_path, decision):
    """The reverse: `erase --domain strasse.de` erases and answers for strasse.de's records alone, not
    those of `xn--strae-oqa.de`, another owner's site; and it suppresses strasse.de alone. Its entry is
    spelt as an older release spelt a `straße.de` erasure (IDNA 2003), which the suppression check
    still takes to cover the ß site (test_store's legacy-entry test): it blocked that other owner's
    site for good too. The erasure notes that its entry was made from the spelling it holds
    (`domain-exact`), so the check leaves the ß site alone; an older entry of the same spelling still
    covers it, as before."""
    with AuditLog.open(log_path) as log:
        log.append(decision(1, action="allow", url="https://xn--strae-oqa.de/a.jpg"))
        log.append(decision(2, action="allow", url="https://strasse.de/b.jpg"))
        assert [i["seq"] for i in access(log, Subject(domain="strasse.de"), record=False)["items"]] == [1]
        manifest = erase(log, Subject(domain="strasse.de"), request_id="dsr-ss")
        assert _clear_rows(log_path, "https://xn--strae-oqa.de/a.jpg") == [0]
        assert log.is_suppressed("https://strasse.de/c.jpg") == "dsr-ss"
        assert log.is_suppressed("https://www.strasse.de/c.jpg") == "dsr-ss"
        assert log.is_suppressed("https://xn--strae-oqa.de/c.jpg") is None
        assert log.is_suppressed("https://www.straße.de/c.jpg") is None
        assert log.verify().ok
        # (the note is no entry of its own to the reader: the record's summary counts what the manifest listed)
        summary = event_summary(log.get("dsr-ss").record)
        assert summary is not None and f"{len(manifest['suppression'])} suppression entr" in summary[1]
        with log.transaction() as conn:  # an older release's erasure of straße.de, kept as strasse.de
            log.add_suppression(conn, "domain", "strasse.de", "dsr-old")
        assert log.is_suppressed("https://xn--strae-oqa.de/c.jpg") == "dsr-old"


@pytest.mark.parametrize(("url", "idna2003"), [("https://jane.straße.de/fotos/jane.jpg",
                                                  "https://jane.strasse.de/fotos/jane.jpg"),
                                                 ("https://ς.gr/jane.jpg", "https://xn--4xa.gr/jane.jpg")])
def test_a_url_is_searched_and_suppressed_in_the_spelling_scrapy_requests_it_by_too(log_path, decision, url, idna2003):
    """A --url (or --url-prefix) on such a host found only the httpx record of it, never the one
    Scrapy made of the same link with w3lib before 2.6 (`jane.strasse.de`, `xn--4xa.gr`: IDNA 2003), and
    suppressed only the httpx spelling: Scrapy fetched the erased picture again. The installed Scrapy's
    spelling is one of the two (w3lib 2.6 spells it as httpx), and a log kept across the upgrade holds both."""
    import httpx
    from w3lib.url import safe_url_string

    via_scrapy, via_httpx = safe_url_string(url), str(httpx.URL(url))
    assert normalise_url(via_scrapy) in (normalise_url(idna2003), normalise_url(via_httpx))
    prefix = url.rsplit("/", 1)[0] + "/"
    with AuditLog.open(log_path) as log:
        log.append(decision(1, action="allow", url=idna2003))
        log.append(decision(2, action="allow", url=via_httpx))
        log.append(decision(3, action="allow", url=via_scrapy))
        for asked in (Subject(urls=[url]), Subject(urls=[via_httpx]), Subject(url_prefixes=[prefix])):
            assert sorted(i["seq"] for i in access(log, asked, record=False)["items"]) == [0, 1, 2], asked
        erase(log, Subject(urls=[url]), request_id="dsr-jane")
        assert [_clear_rows(log_path, spelt) for spelt in (idna2003, via_httpx, via_scrapy)] == [[], [], []]
        assert log.is_suppressed(idna2003) == log.is_suppressed(via_httpx) == log.is_suppressed(via_scrapy) \
            == "dsr-jane"
        assert log.verify().ok



def test_an_erasure_names_the_redacted_copy_the_crawler_kept_beside_the_original(log_path, decision, tamper):
    """httpx, the proxy and Scrapy's pipelines keep a redacted item's redacted copy (`redacted_body`),
    not the original: the manifest listed only the original's SHA-256, so a store searched by the
    manifest's hashes missed the blurred copy it holds. The redacted copy's hash is recorded with the
    decision (in the erasable sidecar, bound to the chain by a keyed hash) and listed beside it."""
    import hashlib

    url = "https://example.fr/people/ana.jpg"
    original, blurred = "ab" * 32, hashlib.sha256(b"the blurred copy").hexdigest()
    with AuditLog.open(log_path) as log:
        d = decision(1, action="redact", url=url, image_sha256=original)
        d.redacted_body = b"the blurred copy"  # (as the guard sets it)
        log.append(d)
        assert log.verify().ok
        [item] = access(log, Subject(urls=[url]), record=False)["items"]
        assert item["image_sha256"] == original and item["redacted_sha256"] == blurred
        manifest = erase(log, Subject(urls=[url]), request_id="dsr-ana")
        assert manifest["items"][0]["redacted_sha256"] == blurred
        assert {f"sha256:{original}", f"sha256:{blurred}"} <= set(manifest["delete_from_content_store"])
        assert log.verify().ok
    with AuditLog.open(log_path) as log:  # a sidecar whose redacted copy's hash was edited is caught
        other = decision(3, action="redact", url="https://example.fr/people/cy.jpg")
        other.redacted_body = b"another blurred copy"
        log.append(other)
    conn = tamper(log_path)
    conn.execute(f"UPDATE sidecar SET redacted_sha256 = '{'00' * 32}' WHERE redacted_sha256 IS NOT NULL")
    conn.close()
    with AuditLog.open(log_path) as log:
        assert "redacted copy's hash does not match" in " ".join(p.reason for p in log.verify().problems)


def test_a_log_written_before_the_redacted_copys_hash_is_read_and_upgraded(log_path, decision):
    """A log whose sidecar has no column for the redacted copy's hash is read as it is (the hash
    absent), and a writer adds the column, after which a redacted copy's hash is recorded."""
    url = "https://example.fr/people/ana.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(1, action="allow", url=url))
    conn = sqlite3.connect(log_path, isolation_level=None)
    conn.execute("ALTER TABLE sidecar DROP COLUMN redacted_sha256")
    conn.close()
    with AuditLog.open(log_path, read_only=True) as log:
        [item] = access(log, Subject(urls=[url]), record=False)["items"]
        assert item["source_url"] == url and item["redacted_sha256"] is None
        assert log.verify().ok
    with AuditLog.open(log_path) as log:
        d = decision(2, action="redact", url=url)
        d.redacted_body = b"blurred"
        log.append(d)
        assert [i["redacted_sha256"] for i in access(log, Subject(urls=[url]), record=False)["items"]] == [
            None, hashlib.sha256(b"blurred").hexdigest()]
        assert log.verify().ok


def test_a_request_by_the_redacted_copy_of_an_image_finds_its_decision(log_path, decision):
    """What a person finds in a dataset is the copy the crawler kept: the blurred photo. A request
    with it answered "nothing held" (only the original's hash was searched), and one made after the
    row was erased by the keyed hash the record keeps of it is answered too."""
    url = "https://example.fr/people/ana.jpg"
    blurred = b"the blurred copy"
    with AuditLog.open(log_path) as log:
        d = decision(1, action="redact", url=url)
        d.redacted_body = blurred
        log.append(d)
        log.append(decision(2, action="allow", url="https://example.fr/people/bo.jpg"))
        [item] = access(log, Subject(image=blurred), record=False)["items"]
        assert item["source_url"] == url and item["matched_by"] == ["redacted copy sha256 (exact)"]
        manifest = erase(log, Subject(image=blurred), request_id="dsr-ana")
        assert [i["seq"] for i in manifest["items"]] == [0]
        assert [i["seq"] for i in access(log, Subject(image=blurred), record=False)["items"]] == [0]
        assert log.verify().ok


@pytest.mark.parametrize("ask", [access, erase])
def test_a_request_is_answered_from_one_snapshot_of_the_log(log_path, decision, monkeypatch, ask):
    """A request reads the log in several queries (the match, the records, their stored copies):
    a prune committed between them by another process removed records the match had found, and
    the answer listed them as damaged ("no record in the chain: run verify"), a log that verifies.
    The request reads the log as it was at one moment, as `export` does."""
    import scrapeguard.audit.dsr as dsr
    from scrapeguard.audit.retention import prune
    from scrapeguard.policy import load_policy

    with AuditLog.open(log_path, checkpoint_every=2) as log:
        for i in range(3):
            log.append(decision(i, action="block", url=f"https://example.fr/people/{i}.jpg", days_ago=200))
        log.append(decision(3, action="allow", url="https://example.fr/people/3.jpg"))
    images = dsr._page_images

    def prune_meanwhile(*args, **kwargs):
        with AuditLog.open(log_path) as other:
            assert prune(other, load_policy("gdpr-strict"))["removed_records"] == 3
        return images(*args, **kwargs)

    monkeypatch.setattr(dsr, "_page_images", prune_meanwhile)
    with AuditLog.open(log_path) as log:
        answer = ask(log, Subject(domain="example.fr"), request_id="dsr-fr")
        assert answer["damaged"] == []
        assert len(answer["items"]) == 4
        assert log.verify().ok


def _journal_moved_beside(log_path: Path, tmp_path: Path, decision: Any, *unwritten: Any) -> Path:
    """Another log's journal of `unwritten` decisions, copied beside the log at `log_path`, which holds one record:
    the next writer sets it aside (a line not of its key). The journal copied."""
    import shutil

    from scrapeguard.audit.unwritten import journal_dir, waiting_journals

    other_path = tmp_path / "other.sqlite"
    with AuditLog.open(other_path) as other:
        for entry in unwritten:
            other.keep_unwritten(entry)
        [journal] = waiting_journals(str(other_path))
        with AuditLog.open(log_path) as log:
            log.append(decision(2, action="allow", url="https://example.fr/x.jpg"))
        journal_dir(str(log_path)).mkdir(exist_ok=True)
        shutil.copy(journal, journal_dir(str(log_path)) / journal.name)
    return journal


def test_a_request_searches_the_set_aside_journals_and_says_what_they_hold_about_the_subject(log_path, decision, cli,
                                                                                            tmp_path):
    """A journal of unwritten decisions set aside as `.rejected` (a line not of the log's key: the
    file of another log, say) keeps its decisions' URLs and image hashes in clear beside the log. A
    request named the files but never looked in them: an access answer said "nothing held" of a
    person whose URL such a file holds. Each line is searched as a record is, and the answer, and
    the erasure's manifest, say which lines hold what about the subject (and whether the log holds
    that decision too); the erasure suppresses their URLs."""
    from scrapeguard.audit.unwritten import rejected_journals

    photo = b"the photo of jane"
    _journal_moved_beside(log_path, tmp_path, decision,
                          decision(0, action="allow", url=JANE, image_sha256=hashlib.sha256(photo).hexdigest()),
                          decision(1, action="allow", url="https://bo.example.org/bo.jpg"))
    with AuditLog.open(log_path) as log:  # the next writer sets it aside, adding nothing
        assert log.count() == 1
        [rejected] = rejected_journals(str(log_path))
        for asked in (Subject(urls=[JANE]), Subject(domain="jane.example.org"), Subject(image=photo),
                      Subject(url_prefixes=["https://jane.example.org/"])):
            answer = access(log, asked, record=False)
            held = answer["unwritten_rejected_matches"]
            assert answer["count"] == 0 and [m["url"] for m in held] == [JANE], asked
            assert held[0]["journal"] == str(rejected) and held[0]["line"] == 1
            assert held[0]["image_sha256"] == hashlib.sha256(photo).hexdigest()
            assert held[0]["written_with_log_key"] is False and held[0]["in_log"] is False
        assert access(log, Subject(image=b"another picture"), record=False)["unwritten_rejected_matches"] == []
        manifest = erase(log, Subject(image=photo), request_id="dsr-jane")
        assert [m["url"] for m in manifest["unwritten_rejected_matches"]] == [JANE]
        assert log.is_suppressed(JANE) == "dsr-jane"  # (the URL only that file holds)
    code, _, err = cli("subject", "--log", str(log_path), "--url", JANE, "--no-record")
    assert code == 0 and str(rejected) in err and "1 line(s) in them" in err, err


def test_credentials_a_set_aside_journal_kept_in_its_urls_are_never_shown(log_path, decision, tmp_path, monkeypatch):
    """A set-aside journal an older release wrote keeps a URL's `user:password@` as it was given: the
    access answer's and the erasure manifest's `unwritten_rejected_matches` printed the password
    (readers of the log drop them). They name the URLs without them."""
    import scrapeguard.audit.record as record

    monkeypatch.setattr(record, "without_userinfo", lambda u: u)  # as the older release wrote it
    d = decision(0, action="allow", url="https://bob:s3cret@jane.example.org/me.jpg")
    d.page_url = "https://bob:s3cret@jane.example.org/"
    journal = _journal_moved_beside(log_path, tmp_path, decision, d)
    monkeypatch.undo()
    assert "s3cret" in journal.read_text()
    with AuditLog.open(log_path) as log:  # the next writer sets it aside
        answer = access(log, Subject(domain="jane.example.org"), record=False)
        manifest = erase(log, Subject(domain="jane.example.org"), request_id="dsr-jane")
    for held in (answer["unwritten_rejected_matches"], manifest["unwritten_rejected_matches"]):
        assert [(m["url"], m["page_url"]) for m in held] == [(JANE, "https://jane.example.org/")]
    assert "s3cret" not in json.dumps(answer) + json.dumps(manifest)


def test_a_near_copy_of_the_image_committed_during_an_erasures_search_is_erased_too(log_path, decision, monkeypatch):
    """An erasure searches before it takes the write lock; what a crawl committed in between is
    erased under the lock by the URL, image hash or host it suppresses (`_erase_missed`), but not by
    the perceptual hash: a resized copy of the photo, met at another URL while the search ran, kept
    its URL and hashes in the log, in no manifest (the copy stored), with no warning."""
    import scrapeguard.audit.dsr as dsr

    photo, copy = _picture(3), _picture(3, (160, 120), "JPEG")
    elsewhere = "https://mirror.example.net/pics/resized.jpg"
    searched = dsr.find

    def find_then_crawl(*args, **kwargs):
        found = list(searched(*args, **kwargs))
        with AuditLog.open(log_path) as crawler:
            crawler.append(decision(2, action="allow", url=elsewhere, image_sha256=hashlib.sha256(copy).hexdigest()),
                           image=copy)
        return iter(found)

    with AuditLog.open(log_path) as log:
        log.append(decision(1, action="allow", url="https://example.fr/people/ana.jpg",
                            image_sha256=hashlib.sha256(photo).hexdigest()), image=photo)
        monkeypatch.setattr(dsr, "find", find_then_crawl)
        erase(log, Subject(image=photo), request_id="dsr-ana")
        assert _clear_rows(log_path, elsewhere) == []
        assert log.verify().ok


@pytest.mark.parametrize(("asked", "fetched"), [
    ("https://ex.fr/team/img//jane.jpg", "https://ex.fr/team/img/jane.jpg"),
    ("https://ex.fr/team/jane.jpg;", "https://ex.fr/team/jane.jpg"),
])
def test_a_url_with_an_empty_segment_or_a_trailing_semicolon_finds_and_erases_what_scrapy_fetched(
    log_path, decision, asked, fetched
):
    """A page's `<img src="img//jane.jpg">` (or `jane.jpg;`) is requested so by browsers and httpx,
    and by Scrapy's urljoin as `img/jane.jpg` (`jane.jpg`): the person gives the URL her browser
    shows, and a Scrapy crawl's record of the picture, its stored copy and its later fetches were
    "nothing held", neither erased nor suppressed. Each is one resource to the guard
    (`resource_key`), and to a request."""
    from scrapy.http import HtmlResponse

    page = HtmlResponse("https://ex.fr/team/", body=b"", encoding="utf-8")
    assert page.urljoin(asked.removeprefix("https://ex.fr/team/")) == fetched  # (as Scrapy requests it)
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=fetched))
        log.append({"url": "https://ex.fr/team/", "decision_id": "page", "action": "allow",
                    "images": [{"url": asked, "personal": True}]})
        found = access(log, Subject(urls=[asked]), record=False)["items"]
        assert [(i["seq"], i["relation"]) for i in found] == [(0, "subject"), (1, "page showing the image")]
        found = access(log, Subject(urls=["https://ex.fr/team/"]), record=False)["items"]
        assert [(i["seq"], i["relation"]) for i in found] == [(0, "personal image shown on the subject's page"),
                                                             (1, "subject")]
        erase(log, Subject(urls=[asked]), request_id="dsr-jane")
        assert _clear_rows(log_path, fetched) == []
        assert log.is_suppressed(fetched) == log.is_suppressed(asked) == "dsr-jane"
        assert log.verify().ok


@pytest.mark.parametrize("image", ["https://ex.fr/p/jane[1].jpg", "https://jane.straße.de/p.jpg"])
def test_a_personal_image_on_the_subjects_page_is_found_as_scrapy_fetched_it(log_path, decision, image):
    """A page's record names the pictures it showed by the keyed hash of their URL as the page
    wrote it (httpx's spelling), but Scrapy fetches `jane[1].jpg` as `jane%5B1%5D.jpg` and
    `jane.straße.de` as `jane.strasse.de`: a request by the page's URL never listed the portrait a
    Scrapy crawl fetched from it. The page's record keys each picture under every client's spelling."""
    from w3lib.url import safe_url_string

    page = "https://ex.fr/team/jane.html"
    with AuditLog.open(log_path) as log:
        log.append({"url": page, "decision_id": "page", "action": "allow", "images": [{"url": image, "personal": True}]})
        log.append(decision(1, action="allow", url=safe_url_string(image)))
        found = access(log, Subject(urls=[page]), record=False)["items"]
        assert {i["seq"]: i["matched_by"] for i in found} == {0: ["url"], 1: ["personal image on the subject's page"]}
        assert log.verify().ok


def test_an_erasure_suppresses_the_perceptual_hash_of_an_image_only_a_set_aside_journal_holds(log_path, decision,
                                                                                              tmp_path):
    """A line of a set-aside journal that holds the subject's picture is erased as a record is: its URL
    and SHA-256 were suppressed, but not its perceptual hash, so a resized copy of the picture, met at
    another URL, was collected again after the erasure."""
    photo, resized = _picture(5), _picture(5, (160, 120), "JPEG")
    _journal_moved_beside(log_path, tmp_path, decision,
                          {**decision(0, action="allow", url=JANE).to_dict(), "phash": dhash(photo)})
    with AuditLog.open(log_path) as log:  # the next writer sets it aside
        manifest = erase(log, Subject(urls=[JANE]), request_id="dsr-jane")
        assert [m["url"] for m in manifest["unwritten_rejected_matches"]] == [JANE]
        assert log.is_suppressed(JANE) == "dsr-jane"
        assert log.is_suppressed_image(resized) == "dsr-jane"


def test_an_erasure_by_domain_is_carried_out_though_another_host_of_the_site_has_a_damaged_row(
        log_path, decision, tamper, not_utf8):
    """Under its write lock an erasure looks again at the records of the registrable domain (what a
    crawl committed while it searched), but read their URLs as text: one byte that is not UTF-8 in
    any row of the site (a bad sector; here another person's host) failed the whole erasure ("Could
    not decode to UTF-8"), though its search had read that row as bytes. It is read as bytes there too."""
    jane, bo = "https://jane.example.org/a.jpg", "https://bo.example.org/b.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(1, action="allow", url=jane))
        log.append(decision(2, action="allow", url=bo))
    not_utf8(tamper(log_path), "sidecar", "url", 1)
    with AuditLog.open(log_path) as log:
        manifest = erase(log, Subject(domain="jane.example.org"), request_id="dsr-jane")
        assert [i["url"] for i in manifest["items"]] == [jane] and _clear_rows(log_path, jane) == []
        assert [s for (s,) in log.conn.execute("SELECT seq FROM sidecar WHERE url IS NOT NULL")] == [1]
        assert log.is_suppressed("https://jane.example.org/again.jpg") == "dsr-jane"


def test_a_request_by_a_host_below_its_site_says_which_records_it_could_not_compare(log_path, decision, cli):
    """A blocked item's URL is kept as a keyed hash only: a --domain below its site (a personal site,
    jane.example.fr) cannot tell whether such a record is the host's, and the answer was "2 records
    found" without a word about the site's blocked items, whose rows keep their images' hashes (the
    person's portraits, most likely, blocked for their faces). Access and erasure answers count them
    and say how to look at them; they are neither given nor erased as the subject's."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url="https://jane.example.fr/about.html"))
        log.append(decision(1, action="block", url="https://jane.example.fr/portrait.jpg"))
        log.append(decision(2, action="block", url="https://shop.example.fr/logo.png"))
        log.append(decision(3, action="block", url="https://example.org/other.jpg"))
        asked = access(log, Subject(domain="jane.example.fr"), record=False)
        whole = access(log, Subject(domain="example.fr"), record=False)
        manifest = erase(log, Subject(domain="jane.example.fr"), dry_run=True)
    assert [i["seq"] for i in asked["items"]] == [0]
    expected = {"site": "example.fr", "count": 2}
    assert {k: asked["not_compared"][k] for k in expected} == expected
    assert {k: manifest["not_compared"][k] for k in expected} == expected
    assert "audit list --domain example.fr --action block" in asked["not_compared"]["note"]
    assert whole["not_compared"] is None and whole["count"] == 3  # (the whole site: every record compared)
    code, out, err = cli("subject", "--log", str(log_path), "--domain", "jane.example.fr", "--no-record")
    assert code == 0 and "2 more of example.fr" in " ".join(out.split()), out
    with AuditLog.open(log_path) as log:  # the request's record says so too
        asked = access(log, Subject(domain="jane.example.fr"))
        done = erase(log, Subject(domain="jane.example.fr"))
        assert [log.get(r["dsr_seq"]).record["actions"]["not_compared"] for r in (asked, done)] == [2, 2]
    code, _, err = cli("erase", "--log", str(log_path), "--domain", "jane.example.fr", "--dry-run")
    assert code == 0 and "2 more of example.fr" in " ".join(err.split()), err


@pytest.mark.parametrize("recorded", ["https://example.fr/fotos/./ana%5B1%5D.jpg", "https://example.fr/fotos/ana[1].jpg"])
def test_an_access_request_given_a_dotted_url_finds_the_records_under_either_spelling(log_path, decision, recorded):
    """Scrapy sends `/fotos/./ana[1].jpg` as `/fotos/./ana%5B1%5D.jpg`, httpx as `/fotos/ana[1].jpg`: a request
    given the dotted URL found only the resolved spellings once they were added (48a45dc), losing what Scrapy
    recorded."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=recorded))
        assert access(log, Subject(urls=["https://example.fr/fotos/./ana[1].jpg"]), record=False)["count"] == 1


def test_an_access_request_by_a_whole_site_holds_each_record_only_while_making_its_item(log_path, decision):
    """A request by a site answers with most of a large log: the items are what it must hold, not
    the records they are made from. Every record read was held until the stored copies were looked
    up (660 MB for a site of 50,000 records, 13 KB each; about 3 KB each now)."""
    import tracemalloc

    with AuditLog.open(log_path) as log:
        for i in range(2000):
            log.append(decision(i, action="allow", url=f"https://ex.fr/people/{i}.jpg"))
        tracemalloc.start()
        try:
            report = access(log, Subject(domain="ex.fr"), record=False)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert report["count"] == 2000
        assert peak / 2000 < 8 * 1024


@pytest.mark.parametrize("subject", [Subject(urls=["mailto:jane.doe@example.org"]), Subject(urls=["jane.doe@example.org"]),
                                     Subject(url_prefixes=["MAILTO:jane.doe@example.org"]),
                                     Subject(domain="jane.doe@example.org")])
def test_a_request_by_an_e_mail_address_is_told_what_the_log_can_be_searched_by(log_path, subject):
    """A requester's e-mail address, given as the URL or domain to search by, was refused as 'not an
    absolute URL' (a mailto: URL is one) or 'not a domain': the officer was not told that the log holds
    no e-mail addresses or names at all, nor what finds the person's records instead."""
    with AuditLog.open(log_path) as log, pytest.raises(RequestError) as refused:
        access(log, subject)
    said = str(refused.value)
    assert "e-mail address" in said and "--url-prefix" in said, said
    # and not that the log keeps none: a URL the crawler fetched may hold one (review, session 66), found so
    assert "keeps no" not in said and "list --show-urls" in said and "%40" in said, said


def _typed(decision, i: int, url: str, sha: str, content_type: str):  # noqa: ANN001, ANN202 - the conftest factory
    made = decision(i, action="allow", url=url, image_sha256=sha)
    made.content_type = content_type
    return made


def test_erasing_a_page_by_its_url_leaves_the_same_bytes_on_other_sites_alone(log_path, decision):
    """A page's body is the same on many sites (a soft 404, a template): its hash names no one. An
    erasure of Jane's page put it on the suppression list, erased another site's record of the same
    bytes, which its manifest did not list, and withheld every later page with them."""
    body_sha = hashlib.sha256(b"<html><body><p>Page not found</p></body></html>").hexdigest()
    jane, other, later = ("http://jane.example.org/about.html", "http://other.example.net/missing.html",
                          "http://unrelated.example.com/news.html")
    with AuditLog.open(log_path) as log:
        log.append(_typed(decision, 0, jane, body_sha, "text/html; charset=utf-8"))
        log.append(_typed(decision, 1, other, body_sha, "text/html"))
        manifest = erase(log, Subject(urls=[jane]), request_id="dsr-jane")
        written = _typed(decision, 2, later, body_sha, "text/html")
        log.append(written)
        assert log.erased_on_write(written.decision_id) is None
        assert [i["seq"] for i in manifest["items"]] == [0]
        assert {e["kind"] for e in log.suppression_list()} == {"url"}
        assert [i["seq"] for i in access(log, Subject(urls=[other]), record=False)["items"]] == [1]
        assert log.verify().ok
    assert _clear_rows(log_path, other) == [1] and _clear_rows(log_path, later) == [3]


def test_an_erased_pictures_bytes_stay_suppressed_and_its_earlier_copies_keep_their_own_records(log_path, decision):
    """A photo's bytes are the person's wherever they are met again: a later fetch of them at another
    URL is written without it. A copy recorded before the erasure, at a URL the request did not name,
    is not erased behind the manifest's back: a request by the picture finds it."""
    photo = _picture(5)
    sha = hashlib.sha256(photo).hexdigest()
    mirror, jane, later = ("https://mirror.example.net/a.jpg", "https://example.fr/people/jane.jpg",
                           "https://cdn.example.com/b.jpg")
    with AuditLog.open(log_path) as log:
        log.append(_typed(decision, 0, mirror, sha, "image/jpeg"))
        log.append(_typed(decision, 1, jane, sha, "image/jpeg"))
        manifest = erase(log, Subject(urls=[jane]), request_id="dsr-jane")
        copy = _typed(decision, 2, later, sha, "application/octet-stream")
        log.append(copy)
        assert log.erased_on_write(copy.decision_id) == "dsr-jane"
        assert [i["seq"] for i in manifest["items"]] == [1]
        assert "sha256" in {e["kind"] for e in log.suppression_list()}
        by_picture = {i["seq"]: i["source_url"] for i in access(log, Subject(image=photo), record=False)["items"]}
        assert by_picture[0] == mirror and by_picture[1] is None
        assert log.verify().ok
    assert _clear_rows(log_path, mirror) == [0] and _clear_rows(log_path, later) == []


def test_a_pages_hash_an_older_erasure_suppressed_withholds_no_page(log_path, decision):
    """Logs erased before erasures kept to pictures hold pages' hashes on their list: a page with the
    same bytes is written with its URL (the guard looks pictures up by their bytes only)."""
    body_sha = hashlib.sha256(b"<html>template</html>").hexdigest()
    with AuditLog.open(log_path) as log:
        with log.transaction() as conn:
            log.add_suppression(conn, "sha256", body_sha, "dsr-old")
        page = _typed(decision, 0, "https://site.example.com/", body_sha, "text/html")
        log.append(page)
        assert log.erased_on_write(page.decision_id) is None
    assert _clear_rows(log_path, "https://site.example.com/") == [0]


def test_a_request_by_a_page_lists_the_faces_fetched_from_it_and_where_its_pictures_redirected(log_path, site):
    """Jane's page says nothing of its photo, which face detection found when it was fetched; the
    team page's avatar redirects to a CDN file. The records of both pictures name the page they
    were on, but a request by the page's URL followed only the page record's personal references:
    the access answer and the erasure's review list left out the photo and the redirect's target."""
    from scrapeguard import Guard, load_policy
    from sitekit import html, text

    import scrapeguard

    portrait = (Path(scrapeguard.__file__).parent / "demo" / "assets" / "portrait.jpg").read_bytes()
    jpeg = {"Content-Type": "image/jpeg"}
    site.routes.update({
        "/robots.txt": text("User-agent: *\nAllow: /\n"),
        "/u/jane.html": html("<h1>Jane Doe</h1><p>Research interests: optics.</p><img src='/media/123.jpg'>"),
        "/team.html": html("<img src='/avatar/jane' alt='Portrait of Jane Doe, CEO'>"),
        "/avatar/jane": (302, {"Location": "/cdn/9f8e.jpg"}, b""),
        "/media/123.jpg": (200, jpeg, portrait), "/cdn/9f8e.jpg": (200, jpeg, portrait),
    })
    with Guard(load_policy("gdpr-strict", warn=False), user_agent="T/1.0", audit=str(log_path)) as guard:
        for page in ("/u/jane.html", "/team.html"):
            for image in guard.check_url(site.url(page)).images:
                guard.check_url(image.url)
    with AuditLog.open(log_path) as log:
        shown = {page: {i["source_url"] for i in access(log, Subject(urls=[site.url(page)]), record=False)["items"]
                        if i["relation"] == "personal image shown on the subject's page"}
                 for page in ("/u/jane.html", "/team.html")}
        manifest = erase(log, Subject(urls=[site.url("/team.html")]), request_id="dsr-team", dry_run=True)
    assert shown["/u/jane.html"] == {site.url("/media/123.jpg")}
    with AuditLog.open(log_path) as log:  # the picture's request too, which holds its URL and judged it unseen
        stages = {i["seq"] for i in access(log, Subject(urls=[site.url("/u/jane.html")]), record=False)["items"]
                  if i["source_url"] == site.url("/media/123.jpg")}
    assert len(stages) == 2
    assert shown["/team.html"] == {site.url("/avatar/jane"), site.url("/cdn/9f8e.jpg")}
    assert site.url("/cdn/9f8e.jpg") in {r.get("url") for r in manifest["references_to_review"]}


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" cy="20" r="9"/></svg>'
SOFT_404 = b"<html><body><p>Page not found</p></body></html>"


@pytest.mark.parametrize(("body", "content_type", "suppressed"), [
    (SVG, "text/xml", True), (SVG, "text/plain", True), (SOFT_404, None, False),
    (SOFT_404, "application/octet-stream", False), (SOFT_404, "text/html", False),
])
def test_an_erasure_suppresses_the_bytes_of_what_the_guard_took_for_a_picture_whatever_its_type_said(
        log_path, body: bytes, content_type: str | None, suppressed: bool) -> None:
    """Told by the type it was recorded with, an SVG avatar sent as text/xml was no picture (the same
    bytes at a mirror passed after its erasure) and a soft 404 sent without a type was one (every
    other site's was withheld). The record says what the guard told by the bytes."""
    from scrapeguard import Guard, load_policy

    headers = {"content-type": content_type} if content_type else {}
    with Guard(load_policy("gdpr-strict", warn=False), user_agent="T/1.0", audit=str(log_path)) as guard:
        guard.check_response("https://a.example.org/avatar.php", status=200, headers=headers, body=body)
        with AuditLog.open(log_path) as log:
            erase(log, Subject(urls=["https://a.example.org/avatar.php"]), request_id="dsr-1")
            kinds = {e["kind"] for e in log.suppression_list()}
        again = guard.check_response("https://mirror.example.net/copy", status=200, headers=headers, body=body)
    assert ("sha256" in kinds) is suppressed
    assert ("suppressed.erasure" in [f.code for f in again.findings]) is suppressed


def test_a_page_that_embedded_the_picture_as_data_is_found_by_a_copy_of_it(log_path, decision):
    """(review, as a DPO) A page embedding Jane's photo as a `data:` URI is recorded with the picture named by
    its bytes' digest (`data:image/jpeg;sha256=…`): `audit subject --image` and `audit erase --image` of that
    very picture found nothing, and the page was not listed for review as a page showing an <img> of it is."""
    from scrapeguard.detect.inline import inline_name

    photo = _picture(7, (160, 120), "JPEG")
    page = "https://example.fr/people/jane.html"
    with AuditLog.open(log_path) as log:
        log.append({"url": page, "decision_id": "page", "action": "redact", "redacted": True, "body_sha256": "ee" * 32,
                    "images": [{"url": inline_name("image/jpg", photo), "kind": "inline", "personal": True}]})
        log.append({"url": "https://example.fr/other.html", "decision_id": "other", "action": "allow",
                    "images": [{"url": inline_name("image/jpeg", _picture(8, (160, 120), "JPEG")), "kind": "inline"}]})
        report = access(log, Subject(image=photo), record=False)
        manifest = erase(log, Subject(image=photo), request_id="dsr-jane")
    assert [(i["seq"], i["relation"]) for i in report["items"]] == [(0, "page showing the image")]
    assert [r["seq"] for r in manifest["references_to_review"]] == [0] and manifest["items"] == []


def test_an_erasure_by_a_page_erases_the_page_from_every_record_that_names_it(log_path, decision):
    """(Review of the data-subject flows, session 61) The records of the other pictures on the subject's page (a
    coffee cup, a logo) keep the page as where they were (`page_url`): an erasure by the page's URL left it there in
    clear, once per picture, and neither `subject` nor the manifest named those records."""
    page = "https://jane-doe.fr/"
    coffee, portrait = "https://cdn.example.net/u/123/coffee.jpg", "https://cdn.example.net/u/123/jane.jpg"
    with AuditLog.open(log_path) as log:
        log.append({"url": page, "decision_id": "page", "action": "allow",
                    "images": [{"url": portrait, "personal": True}, {"url": coffee, "personal": False}]})
        for i, url in ((1, coffee), (2, portrait)):
            record = decision(i, action="allow", url=url).to_dict()
            record["page_url"] = page
            log.append(record)
        report = access(log, Subject(domain="jane-doe.fr"), record=False)
        manifest = erase(log, Subject(domain="jane-doe.fr"), request_id="dsr-jane")
        rows = log.conn.execute("SELECT seq FROM sidecar "
                                "WHERE page_url IS NOT NULL OR url LIKE '%jane-doe%'").fetchall()
        assert rows == [(2,)] and log.verify().ok  # (the portrait: reviewed whole, perhaps a colleague's record)
        assert log.is_suppressed(coffee) is None  # (the coffee cup is not hers)
    assert [(i["seq"], i["relation"]) for i in report["items"]] == [
        (0, "subject"), (1, "image on the subject's page"), (2, "personal image shown on the subject's page")]
    review = {r["seq"]: r["personal_fields_erased"] for r in manifest["references_to_review"]}
    assert review == {1: True, 2: False} and manifest["sidecar_rows_erased"] == 2


def test_an_erasure_by_a_shared_page_leaves_a_colleagues_portrait_on_it_to_the_colleague(log_path, decision):
    """(Review of the change, session 61) Erasing Jane's record by a shared team page erased the whole row of Bob's
    portrait on it: Bob's own access request by his portrait's URL then found nothing held in clear."""
    page, bob = "https://example.fr/team.html", "https://example.fr/team/bob.jpg"
    with AuditLog.open(log_path) as log:
        log.append({"url": page, "decision_id": "page", "action": "allow", "images": [{"url": bob, "personal": True}]})
        record = decision(1, action="redact", url=bob, code="context.personal").to_dict()
        record["page_url"] = page
        log.append(record)
        erase(log, Subject(urls=[page]), request_id="dsr-jane")
        [item] = [i for i in access(log, Subject(urls=[bob]), record=False)["items"] if i["seq"] == 1]
        assert item["source_url"] == bob and item["relation"] == "subject" and log.verify().ok


def test_a_page_met_under_dot_segments_or_doubled_slashes_is_found_by_its_url_and_its_section(log_path, decision):
    """(Review, session 61) The server served `/people/jane/./index.html`, `/%2E/` and `//` spellings as Jane's page,
    the crawler kept them, and the suppression after an erasure refused them as her page: `subject` and `erase` by
    `--url` or `--url-prefix` left them in clear."""
    base = "https://example.fr/people/jane/index.html"
    spellings = [base, "https://example.fr/people/jane/./index.html", "https://example.fr/people/jane/%2E/index.html",
                 "https://example.fr/people/jane//index.html", "https://example.fr//people/jane/index.html",
                 "https://example.fr/./people/jane/index.html"]
    with AuditLog.open(log_path) as log:
        for i, url in enumerate(spellings):
            log.append(decision(i, action="allow", url=url))
        log.append(decision(9, action="allow", url="https://example.fr/people/janet/index.html"))
        by_url = access(log, Subject(urls=[base]), record=False)
        by_section = access(log, Subject(url_prefixes=["https://example.fr/people/jane/"]), record=False)
        manifest = erase(log, Subject(urls=[base]), request_id="dsr-jane")
        left = [u for (u,) in log.conn.execute("SELECT url FROM sidecar WHERE url IS NOT NULL")]
        assert log.verify().ok
    assert [i["seq"] for i in by_url["items"]] == [0, 1, 2, 3, 4, 5]
    assert [i["seq"] for i in by_section["items"]] == [0, 1, 2, 3, 4, 5]
    assert manifest["sidecar_rows_erased"] == 6 and left == ["https://example.fr/people/janet/index.html"]


@pytest.mark.parametrize(("option", "value"), [("request_id", "Jane Doe <jane.doe@example.com>"),
                                               ("request_id", "ticket jane.doe@example.com"),
                                               ("verification", "reply from jane.doe@example.com")])
def test_an_e_mail_address_is_never_what_a_request_is_recorded_under(log_path, decision, option, value):
    """(Review of the data-subject flows, session 61) A ticket reference is often the requester's address: kept as
    the request id, it was hash-chained for good, copied into the suppression list and named on every later refusal
    of the erased item. Refused, as a --url or --domain that is an address is; nothing is erased or recorded."""
    url = "https://example.fr/people/jane.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=url))
        for request in (access, erase):
            with pytest.raises(RequestError, match="e-mail address.*kept for good"):
                request(log, Subject(urls=[url]), **{option: value})  # type: ignore[operator]
        assert log.get(0).personal is not None and log.is_suppressed(url) is None
        assert log.conn.execute("SELECT count(*) FROM chain").fetchone()[0] == 1


def test_a_host_in_full_width_letters_is_the_host_clients_request(log_path, decision):
    """(Review, session 61) `https://ｊａｎｅ.example.fr/…` pasted from a CJK page is requested by Scrapy, httpx and
    browsers as `jane.example.fr` (UTS #46), yet a request by it answered "nothing held"; a record met under the
    full-width spelling (a urllib crawler through the library) was missed by the ASCII URL, found by --domain."""
    ascii_url, wide_url = "https://jane.example.fr/img/a.jpg", "https://ｊａｎｅ.example.fr/img/e.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=ascii_url))
        log.append(decision(1, action="allow", url=wide_url))
        by_wide = access(log, Subject(urls=["https://ｊａｎｅ.example.fr/img/a.jpg"]), record=False)
        by_ascii = access(log, Subject(urls=["https://jane.example.fr/img/e.jpg"]), record=False)
    assert [i["seq"] for i in by_wide["items"]] == [0] and [i["seq"] for i in by_ascii["items"]] == [1]


def test_an_erasure_names_the_access_answers_given_of_what_it_erases(log_path, decision):
    """(Review, session 61) The answer to an access request (`subject`: URLs, page, hashes, stored copies' paths)
    is the fullest copy of the subject's data outside the log, yet a later erasure named only `read` events to
    review; the recorded access request is named too."""
    url = "https://example.fr/people/jane.jpg"
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url=url))
        log.append(decision(1, action="allow", url="https://example.fr/other.jpg"))
        answer = access(log, Subject(urls=[url]), request_id="dsr-access-1")
        elsewhere = access(log, Subject(urls=["https://example.fr/other.jpg"]), request_id="dsr-access-2")
        manifest = erase(log, Subject(urls=[url]), request_id="dsr-erase-1")
    reviewed = manifest["personal_reads_to_review"]
    assert [r["seq"] for r in reviewed] == [answer["dsr_seq"]] != [elsewhere["dsr_seq"]]
    assert "dsr-access-1" in reviewed[0]["command"]


@pytest.mark.parametrize("received", ["0026-12-01", "1999-12-31"])
def test_a_request_received_before_any_log_could_be_written_is_a_typing_error(log_path, received):
    """(Review, session 61) `--received 0026-12-01` (for 2026) was chained for good, and `stats` said the request was
    answered 730,490 days late."""
    with AuditLog.open(log_path) as log:
        with pytest.raises(RequestError, match="before 2000: a typing error"):
            access(log, Subject(domain="example.fr"), received=received)


@pytest.mark.parametrize(("request_id", "refused"), [("jane＠example.com", True), ("jane%40example.com", True),
                                                     ("DSR-14@2026", False), ("ticket 48213 (DPO desk)", False)])
def test_an_address_however_written_is_refused_and_an_at_sign_alone_is_not(log_path, decision, request_id, refused):
    """(Review of the change) A full-width or percent-encoded address passed, and `DSR-14@2026` was refused."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url="https://example.fr/people/jane.jpg"))
        if refused:
            with pytest.raises(RequestError, match="e-mail address"):
                access(log, Subject(domain="example.fr"), request_id=request_id)
        else:
            assert access(log, Subject(domain="example.fr"), request_id=request_id)["count"] == 1


def test_a_section_is_compared_by_the_path_the_server_serves(log_path, decision):
    """(Review of the change) `/people/jane/%2E%2E/bob/` is Bob's page: its raw prefix named Jane's section."""
    with AuditLog.open(log_path) as log:
        log.append(decision(0, action="allow", url="https://example.fr/people/jane/%2E%2E/bob/index.html"))
        log.append(decision(1, action="allow", url="https://example.fr/people/jane/index.html"))
        found = access(log, Subject(url_prefixes=["https://example.fr/people/jane/"]), record=False)
    assert [i["seq"] for i in found["items"]] == [1]


def test_a_page_met_with_path_parameters_is_found_erased_and_suppressed_by_its_url_and_section(log_path, decision):
    """(Review) A servlet container (Tomcat) serves `/people/jdoe.html;jsessionid=ABC123` as `/people/jdoe.html`,
    and a crawler without cookies meets the session id on every link: `subject --url` of the page found 0 records,
    `erase` erased none, and the next session's spelling was collected again; `--url-prefix /~jdoe/` left
    `/~jdoe;v=1/x.jpg`. Each segment's parameters removed, they are the subject's; the records keep their URL as met."""
    page = "https://uni.example.edu/people/jdoe.html"
    met = [page + ";jsessionid=ABC123", "https://uni.example.edu/people;v=2/jdoe.html"]
    with AuditLog.open(log_path) as log:
        for i, url in enumerate([*met, "https://uni.example.edu/~jdoe;v=1/x.jpg",
                                 "https://uni.example.edu/people/jdoe2.html;jsessionid=ABC123"]):
            log.append(decision(i, action="allow", url=url))
        by_url = access(log, Subject(urls=[page]), record=False)
        by_section = access(log, Subject(url_prefixes=["https://uni.example.edu/~jdoe/"]), record=False)
        assert [log.get(i).personal["url"] for i in (0, 1)] == met  # (as met: what `verify` holds them to)
        manifest = erase(log, Subject(urls=[page]), request_id="dsr-jdoe")
        left = [u for (u,) in log.conn.execute("SELECT url FROM sidecar WHERE url IS NOT NULL ORDER BY seq")]
        next_session = log.is_suppressed(page + ";jsessionid=XYZ789")
        assert log.verify().ok
    assert [i["seq"] for i in by_url["items"]] == [0, 1]
    assert [i["seq"] for i in by_section["items"]] == [2]
    assert [i["url"] for i in manifest["items"]] == met and next_session == "dsr-jdoe"
    assert left == ["https://uni.example.edu/~jdoe;v=1/x.jpg",
                    "https://uni.example.edu/people/jdoe2.html;jsessionid=ABC123"]


def test_a_page_that_embedded_the_picture_under_a_legacy_image_type_is_found_by_a_copy_of_it(log_path, decision):
    """(Review) Eight pages embedded one portrait under different declared types: `subject --image` found 7 of 8,
    missing `data:image/x-citrix-jpeg;base64,…`, recorded under that type. Named `image/*` now, it is found; a
    record an older release named by such a legacy type is found too."""
    import base64

    from scrapeguard.detect.inline import find_inline_images, inline_name

    photo = _picture(7, (160, 120), "JPEG")
    [embedded] = find_inline_images(b'<img src="data:image/x-citrix-jpeg;base64,' + base64.b64encode(photo) + b'">')
    with AuditLog.open(log_path) as log:
        for i, name in enumerate((embedded.name, inline_name("image/x-ms-bmp", photo))):
            log.append({"url": f"https://example.fr/people/jane-{i}.html", "decision_id": f"page-{i}",
                        "action": "allow", "images": [{"url": name, "kind": "inline", "personal": True}]})
        report = access(log, Subject(image=photo), record=False)
    assert [(i["seq"], i["relation"]) for i in report["items"]] == [(0, "page showing the image"),
                                                                    (1, "page showing the image")]


@pytest.mark.parametrize("domain", ["jane-doe.fr", "jane-doe.github.io"])
def test_the_erasure_manifest_names_the_personal_site_the_chain_keeps(log_path, decision, domain):
    """(Review) Erasing a personal site leaves its name in every chain record (its registrable domain, the log's
    index by site: `stats`, `export` and the report go on showing it), and the manifest did not say so. It names
    each domain the erased records keep there, how many and until when, and why; the chain stays verifiable."""
    with AuditLog.open(log_path) as log:
        for i in range(2):
            log.append(decision(i, action="allow", url=f"https://{domain}/photos/{i}.jpg"))
        log.append(decision(2, action="allow", url="https://example.fr/people/keep.jpg"))
        until = log.get(1).record["retention"]["until"]
        dry = erase(log, Subject(domain=domain), dry_run=True)
        manifest = erase(log, Subject(domain=domain), request_id="dsr-jane")
        assert [c for (c,) in log.conn.execute("SELECT domain FROM chain WHERE seq < 2")] == [domain, domain]
        assert log.verify().ok
    [kept] = manifest["kept_in_chain"]
    assert (kept["registrable_domain"], kept["records"], kept["until"]) == (domain, 2, until)
    assert "registrable domain" in kept["reason"] and dry["kept_in_chain"] == manifest["kept_in_chain"]
    with AuditLog.open(log_path) as log:
        assert erase(log, Subject(domain="nobody.example"), dry_run=True)["kept_in_chain"] == []


def test_a_page_met_with_tracking_parameters_is_found_erased_and_suppressed_by_its_url(log_path, decision):
    """(Review) A crawler that followed a newsletter's link met `eileen.html?utm_source=newsletter`: `subject --url
    …/eileen.html` found 0 records, and after `erase --url …/eileen.html` the page asked for with `?utm_source=x`
    was collected again. Their tracking removed, they are the subject's page and refused; a page with another
    query is not; the records keep their URL as met."""
    page = "http://127.0.0.1:8000/people/eileen.html"
    met = [page + "?utm_source=newsletter", page + ";jsessionid=AB?fbclid=IwAR1"]
    with AuditLog.open(log_path) as log:
        for i, url in enumerate([*met, page + "?id=2", "http://127.0.0.1:8000/people/eileen2.html?utm_source=x"]):
            log.append(decision(i, action="allow", url=url))
        by_url = access(log, Subject(urls=[page]), record=False)
        by_tracked = access(log, Subject(urls=[page + "?utm_medium=mail"]), record=False)
        assert [log.get(i).personal["url"] for i in (0, 1)] == met
        manifest = erase(log, Subject(urls=[page]), request_id="dsr-eileen")
        again = log.is_suppressed(page + "?utm_source=x")
        assert log.verify().ok
    assert [i["seq"] for i in by_url["items"]] == [0, 1] and [i["seq"] for i in by_tracked["items"]] == [0, 1]
    assert [i["url"] for i in manifest["items"]] == met and again == "dsr-eileen"


def test_a_set_aside_journal_s_line_of_a_tracked_spelling_is_found_by_the_page_s_url(log_path, decision, tmp_path):
    """(Review) A set-aside journal's line for `eileen.html?utm_source=newsletter` is the page `eileen.html`, as the
    log's records of it are (`canonical.tracking_removed`): an access request by the page's URL names the line;
    one by another page's does not."""
    page = "http://127.0.0.1:8000/people/eileen.html"
    _journal_moved_beside(log_path, tmp_path, decision,
                          decision(0, action="allow", url=page + "?utm_source=newsletter"))
    with AuditLog.open(log_path) as log:  # the next writer sets it aside
        held = access(log, Subject(urls=[page]), record=False)["unwritten_rejected_matches"]
        none = access(log, Subject(urls=[page + "?id=2"]), record=False)["unwritten_rejected_matches"]
    assert [(m["url"], m["matched_by"]) for m in held] == [(page + "?utm_source=newsletter", ["url"])] and none == []
