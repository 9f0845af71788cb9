"""image_findings: what the detectors found in and about pictures, as the findings a decision is
made of; and what a page's images come to on the page's own decision."""

from __future__ import annotations

import datetime as dt

import pytest

from scrapeguard.decision import Decision, Finding, ImageDecision
from scrapeguard.detect.base import Face, ImageAnalysis, PersonalData
from scrapeguard.detect.images import ImageReport
from scrapeguard.detect.inline import MAX_IMAGES, InlineImage
from scrapeguard.image_findings import (
    context_finding,
    erased_finding,
    image_findings,
    inline_findings,
    note_ignored_for_images,
    page_findings,
    picture_findings,
)
from scrapeguard.policy import load_policy
from scrapeguard.policy.evaluate import Scope
from scrapeguard.signals.base import Signal, Verdict

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def scope(policy_id: str = "gdpr-strict") -> Scope:
    policy = load_policy(policy_id)
    return Scope.of(policy, policy.purpose[0], "example.org", today=dt.date(2026, 12, 1))


def image(url: str, action: str, *findings: Finding, personal: bool = False, kind: str = "img") -> ImageDecision:
    return ImageDecision(url, url, kind, personal, 0.9 if personal else 0.1, [], action, list(findings))  # type: ignore[arg-type]


def page(*images: ImageDecision) -> Decision:
    return Decision("https://example.org/", "response", "allow", [], images=list(images))


class TestWhatAPictureShows:
    def test_faces_are_one_finding_with_the_thresholds_they_were_found_at(self) -> None:
        analysis = ImageAnalysis(faces=[Face((10, 10, 40, 40), 0.91), Face((80, 10, 30, 30), 0.62)],
                                 detector="yunet", detector_version="2023", min_px=24, min_score=0.6)
        [found] = image_findings(analysis, "https://example.org/a.jpg")
        assert (found.kind, found.code) == ("personal_image", "face.detected")
        assert found.evidence["faces"] == 2 and found.evidence["max_score"] == 0.91
        assert found.evidence["min_px"] == 24 and found.evidence["min_score"] == 0.6
        assert found.evidence["boxes"] == [[10, 10, 40, 40], [80, 10, 30, 30]]
        assert found.source == "detector yunet 2023"

    def test_metadata_and_a_picture_after_the_end_are_said_where_they_are(self) -> None:
        analysis = ImageAnalysis(personal_data=[PersonalData("exif.gps", "GPS position (DE)"),
                                                PersonalData("image.trailing_face", "a face after the picture")])
        got = {f.code: f.source for f in image_findings(analysis, "u")}
        assert got == {"exif.gps": "image metadata", "image.trailing_face": "image bytes"}

    def test_a_picture_not_checked_whole_is_an_error_never_a_silent_allow(self) -> None:
        analysis = ImageReport(error="truncated", frames_unchecked="8 frames analysed for faces: the rest past the budget")
        assert [(f.kind, f.code) for f in image_findings(analysis, "u")] == \
            [("error", "image.error"), ("error", "image.frames_unchecked")]

    def test_faces_the_policy_counts_out_of_the_detectors_reach_are_an_error_for_on_error(self) -> None:
        analysis = ImageReport(faces_unreached="faces narrower than about 129 px may be missed")
        [found] = image_findings(analysis, "u")
        assert (found.kind, found.code, found.source) == ("error", "face.min_size_unreached", "u")
        assert "about 129 px" in found.detail

    def test_a_face_free_picture_finds_nothing(self) -> None:
        assert image_findings(ImageAnalysis(width=64, height=64), "u") == []


class TestPicturesInsideAnotherAnswer:
    def test_an_unreadable_one_is_named_by_where_it_was_carried(self) -> None:
        [found] = picture_findings(ImageAnalysis(error="cannot identify"), "part 2", "part", "part 2's")
        assert (found.kind, found.code) == ("error", "part.unreadable") and "cannot identify" in found.detail

    def test_one_past_the_checked_ones_is_an_error_naming_the_bound(self) -> None:
        embedded = InlineImage(0, 10, "image/png", PNG)
        [found] = inline_findings(embedded, None, MAX_IMAGES + 1)
        assert (found.kind, found.code) == ("error", "inline.unchecked") and str(MAX_IMAGES) in found.detail
        nested = InlineImage(0, 10, "image/svg+xml", b"<svg/>", unchecked=True)
        assert "nested too deep" in inline_findings(nested, None, 1)[0].detail

    def test_a_checked_one_says_what_it_shows(self) -> None:
        embedded = InlineImage(0, 10, "image/png", PNG)
        analysis = ImageAnalysis(faces=[Face((0, 0, 30, 30), 0.8)], detector="yunet")
        assert [f.code for f in inline_findings(embedded, analysis, 1)] == ["face.detected"]


class TestWhatAPageSaidAndErasures:
    def test_a_pages_context_keeps_its_strongest_reasons_and_score(self) -> None:
        reasons = [f"r{i}" for i in range(12)]
        found = context_finding(reasons, 0.87654, "https://example.org/team")
        assert (found.kind, found.code, found.source) == ("personal_image", "context.personal", "https://example.org/team")
        assert found.evidence == {"score": 0.877, "reasons": reasons[:8]} and "r0, r1, r2, r3)" in found.detail

    def test_an_erasure_is_a_suppression_whatever_the_policy_says(self) -> None:
        found = erased_finding("dsr-17")
        assert (found.kind, found.code) == ("suppressed", "suppressed.erasure") and "dsr-17" in found.detail


class TestAPagesOwnDecision:
    def test_a_page_with_personal_images_is_redacted_for_them_never_blocked(self) -> None:
        decision = page(image("https://example.org/anna.jpg", "redact", personal=True),
                        image("https://example.org/logo.png", "allow"))
        page_findings(decision, scope())
        [found] = decision.findings
        assert (found.code, found.action, found.evidence) == ("page.personal_images", "redact", {"count": 1})

    def test_a_policy_that_blocks_personal_images_blocks_each_image_and_redacts_the_page(self) -> None:
        policy = load_policy("gdpr-strict")
        purpose = policy.purpose[0].model_copy(update={"on": policy.purpose[0].on.model_copy(
            update={"personal_image": "block"})})
        decision = page(image("https://example.org/anna.jpg", "block", personal=True))
        page_findings(decision, Scope.of(policy, purpose, "example.org", today=dt.date(2026, 12, 1)))
        [found] = decision.findings
        assert found.action == "redact" and "the page is redacted" in found.rule

    def test_a_page_without_personal_images_finds_nothing(self) -> None:
        decision = page(image("https://example.org/logo.png", "allow"))
        page_findings(decision, scope())
        assert decision.findings == []

    def test_an_erased_image_is_removed_whatever_the_policy_says(self) -> None:
        decision = page(image("https://example.org/anna.jpg", "block", erased_finding("dsr-1")))
        page_findings(decision, scope("log-only"))
        assert [f.code for f in decision.findings] == ["page.erased_images"]
        assert decision.findings[0].action == "redact"

    @pytest.mark.parametrize(("finding", "code"), [
        (Finding("error", "inline.unreadable", "broken", "data:image/png"), "inline.unchecked"),
        (Finding("opt_out", "xrobots.noimageai", "noimageai", "header"), "inline.opted_out"),
        (Finding("missing_basis", "basis.art9", "no Art. 9 condition", "rules"), "inline.withheld"),
    ])
    def test_an_embedded_picture_its_own_decision_withholds_is_removed_from_the_page(
            self, finding: Finding, code: str) -> None:
        finding.action = "block"
        decision = page(image("data:image/png;sha256=ab", "block", finding, kind="inline"))
        page_findings(decision, scope())
        assert [(f.code, f.action) for f in decision.findings] == [(code, "redact")]

    def test_embedded_pictures_kept_unchecked_by_a_fail_open_policy_are_said_on_the_page(self) -> None:
        logged = Finding("error", "inline.unreadable", "broken", "data:image/png;sha256=ab", action="log")
        allowed = Finding("error", "inline.unchecked", "past the bound", "data:image/png;sha256=cd", action="allow")
        decision = page(image("data:image/png;sha256=ab", "log", logged, kind="inline"),
                        image("data:image/png;sha256=cd", "allow", allowed, kind="inline"))
        page_findings(decision, scope())
        [found] = decision.findings
        assert found.code == "inline.unchecked" and "2 embedded picture(s)" in found.detail and "kept" in found.detail
        assert found.action == "log"  # (the strictest of theirs)

    def test_an_image_its_own_findings_show_a_person_counts_though_its_context_did_not(self) -> None:
        face = Finding("personal_image", "face.detected", "1 face(s)", "detector", action="redact")
        decision = page(image("data:image/png;sha256=ab", "allow", face, kind="inline"))
        page_findings(decision, scope())
        assert [(f.code, f.evidence) for f in decision.findings] == [("page.personal_images", {"count": 1})]


class TestIgnoredOptOutsForImages:
    def test_a_pages_opt_out_for_its_images_the_policy_ignores_is_noted_on_the_page_once(self) -> None:
        policy = load_policy("gdpr-strict")
        ignoring = policy.model_copy(update={"signals": policy.signals.model_copy(update={"x_robots_tag": "ignore"})})
        ignored = Scope.of(ignoring, ignoring.purpose[0], "example.org", today=dt.date(2026, 12, 1))
        noimageai = Signal("x_robots_tag", Verdict.DENY, "xrobots.noimageai", "`noimageai`", "header",
                           applies_to="images")
        own = Signal("x_robots_tag", Verdict.DENY, "xrobots.noai", "`noai`", "header")  # (the page's own: its findings')
        decision = page()
        note_ignored_for_images(decision, ignored, [noimageai, noimageai, own])
        assert [(n.code, n.source) for n in decision.notes] == [("signal.ignored", "header")]
        assert "present for the page's images, not obeyed" in decision.notes[0].detail
        obeyed = page()
        note_ignored_for_images(obeyed, scope(), [noimageai])
        assert obeyed.notes == []
