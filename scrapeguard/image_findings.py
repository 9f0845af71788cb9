"""What the detectors found in and about pictures, as the findings a decision is made of.

What a referring page said of an image (`context_finding`), what an image's bytes show (faces,
GPS, serial numbers, owners, a picture after its end: `image_findings`), a picture carried inside
another answer (`inline_findings`, `picture_findings`), an erasure request that covers one
(`erased_finding`), and what a page's images come to on the page's own decision
(`page_findings`: a page is redacted for its personal images, never blocked for them, and for
the embedded pictures their own decisions withhold; `note_ignored_for_images`: a note of the
page's opt-outs for its images that the policy ignores). The guard (`scrapeguard.guard`) gathers
these with the opt-outs and the basis gaps and lets the policy assign each its action (but the
page's own, which `page_findings` sets). No I/O.
"""

from __future__ import annotations

from scrapeguard.decision import Decision, Finding, ImageDecision, Note, strictest
from scrapeguard.detect.base import ImageAnalysis
from scrapeguard.detect.inline import MAX_IMAGES as MAX_INLINE_IMAGES
from scrapeguard.detect.inline import MAX_ANSWER_PIXELS
from scrapeguard.detect.inline import MAX_SMALL_IMAGES as MAX_SMALL_INLINE_IMAGES
from scrapeguard.detect.inline import InlineImage
from scrapeguard.policy.evaluate import ON_ERROR_RULE, Scope
from scrapeguard.signals.base import Signal, Verdict


def context_finding(reasons: list[str], score: float, source: str) -> Finding:
    """What a page said about an image, as the finding that image is judged with."""
    return Finding("personal_image", "context.personal",
                   f"the referring page presents this image as a person's photo ({', '.join(reasons[:4])})",
                   source, {"score": round(score, 3), "reasons": reasons[:8]})


def image_findings(image: ImageAnalysis, url: str) -> list[Finding]:
    """What a picture's own bytes show: its faces (with the thresholds they were found at, for
    the record), the personal data in its metadata or after its end, and why it could not be
    checked whole (an error finding, which the policy's on_error decides: never a silent allow)."""
    out: list[Finding] = []
    if image.error:
        out.append(Finding("error", "image.error", image.error, url))
    unchecked = getattr(image, "frames_unchecked", "")
    if unchecked:  # a face in a frame never analysed passed unseen: incomplete, for on_error
        out.append(Finding("error", "image.frames_unchecked", unchecked, url))
    unreached = getattr(image, "faces_unreached", "")
    if unreached:  # faces the policy counts, too small for the detector at this picture's size: incomplete, as above
        out.append(Finding("error", "face.min_size_unreached", unreached, url))
    if image.faces:
        best = max(f.score for f in image.faces)
        out.append(Finding(
            "personal_image", "face.detected",
            f"{len(image.faces)} face(s) detected (best score {best:.2f})",
            f"detector {image.detector} {image.detector_version}",
            {"faces": len(image.faces), "max_score": round(best, 3), "min_px": image.min_px,
             "min_score": image.min_score, "score_floor": getattr(image, "score_floor", 0.0),
             "boxes": [list(f.box) for f in image.faces[:32]]},
        ))
    for item in image.personal_data:  # (a picture after the end of this one is in its bytes, not its metadata)
        source = "image bytes" if item.code == "image.trailing_face" else "image metadata"
        out.append(Finding("personal_image", item.code, item.detail, source))
    return out


def picture_findings(analysis: ImageAnalysis, name: str, origin: str, what: str) -> list[Finding]:
    """A picture carried inside another answer: what it shows, or an error finding
    (`<origin>.unreadable`, for on_error) when it could not be read."""
    if analysis.error:
        return [Finding("error", f"{origin}.unreadable", f"{what} picture could not be checked: {analysis.error}",
                        name)]
    return image_findings(analysis, name)


def inline_findings(embedded: InlineImage, analysis: ImageAnalysis | None, count: int) -> list[Finding]:
    """What one embedded picture shows, or why it could not be checked (an error finding:
    the policy's on_error decides, as for a fetched image that cannot be read)."""
    if analysis is None:
        why = ("an SVG nested too deep in data: URIs to be searched" if embedded.unchecked else
               f"one of {count} embedded pictures: only the first {MAX_INLINE_IMAGES} the answer carries "
               f"(and {MAX_SMALL_INLINE_IMAGES} small ones), {MAX_ANSWER_PIXELS // 1_000_000} Mpx in all, are checked")
        return [Finding("error", "inline.unchecked", why, embedded.name)]
    return picture_findings(analysis, embedded.name, "inline", f"an embedded {embedded.media_type}")


def erased_finding(reason: str) -> Finding:
    """A data subject's erasure request (`reason`) that covers the resource: it stands whatever
    the policy says (kind `suppressed`)."""
    return Finding("suppressed", "suppressed.erasure", f"on the suppression list ({reason})", "audit suppression list")


def page_findings(decision: Decision, scope: Scope) -> None:
    """A page that references personal images is redacted (those images removed),
    never blocked for them: the page's text is not the photo.

    Every embedded (data: URI) picture whose own decision is block or redact is removed, and
    the page is redacted for it, whatever `on.personal_image` says: an embedded picture has
    no request of its own where it could be withheld, so one blocked for a missing basis, an
    opt-out or an unmet Art. 9 condition was otherwise handed over inside a page kept as it is."""
    embedded = [(i, _deciding_kinds(i)) for i in decision.images if i.kind == "inline" and i.action in
                ("redact", "block") and not any(f.kind == "suppressed" for f in i.findings)]  # (erased: below)
    unchecked = [i for i, kinds in embedded if "error" in kinds]
    if unchecked:  # embedded pictures the guard could not check, withheld by on_error: removed, the page kept
        decision.findings.append(Finding(
            "error", "inline.unchecked", f"{len(unchecked)} embedded picture(s) could not be checked and are "
            "removed", "inline data: pictures", {"count": len(unchecked)}, "redact",
            f"{ON_ERROR_RULE}{decision.on_error} (the pictures are removed; the page is redacted)"))
    kept_unchecked = [f for i in decision.images if i.kind == "inline" and i.action not in ("redact", "block")
                      for f in i.findings if f.kind == "error"]
    if kept_unchecked:  # let through by a fail-open on_error: the page's own record says so (error.fail_open)
        count = len({f.source for f in kept_unchecked})
        decision.findings.append(Finding(
            "error", "inline.unchecked", f"{count} embedded picture(s) could not be checked and are kept "
            f"({', '.join(sorted({f.code for f in kept_unchecked}))})", "inline data: pictures", {"count": count},
            strictest([f.action for f in kept_unchecked]),
            f"{ON_ERROR_RULE}{decision.on_error} (the pictures are kept unchecked)"))
    reserved = [i for i, kinds in embedded if "error" not in kinds and "opt_out" in kinds]
    if reserved:  # the page's own opt-out for its images covers the pictures it carries inside it
        codes = sorted({f.code for i in reserved for f in i.findings if f.kind == "opt_out"})
        decision.findings.append(Finding(
            "opt_out", "inline.opted_out", f"{len(reserved)} embedded picture(s) the page's signals reserve "
            f"({', '.join(codes)}) are removed", "inline data: pictures", {"count": len(reserved), "codes": codes},
            "redact", "the page's signals for its images (the pictures are removed; the page is redacted)"))
    personal = [i for i in decision.images if _shows_a_person(i)]
    action, rule = scope.action("personal_image")
    if action == "block":
        action, rule = "redact", f"{rule} (block applies to each image; the page is redacted)"
    # a person's picture its own decision withholds (no basis, Art. 9, an unassessed law ...) while
    # the page itself would be kept for its personal images (on.personal_image = allow or log)
    withheld = [i for i, kinds in embedded if "error" not in kinds and "opt_out" not in kinds
                and not (action == "redact" and _shows_a_person(i))]
    if withheld:
        deciding = [f for i in withheld for f in _deciding(i)]
        codes = sorted({f.code for f in deciding})
        rules = sorted({f.rule for f in deciding if f.rule})
        decision.findings.append(Finding(
            "personal_image", "inline.withheld", f"{len(withheld)} embedded picture(s) whose own decision withholds "
            f"them ({', '.join(codes)}) are removed: an embedded picture has no request of its own to be "
            "withheld at", "inline data: pictures", {"count": len(withheld), "codes": codes}, "redact",
            f"{'; '.join(rules)} (the pictures are removed; the page is redacted)"))
    erased = [i for i in decision.images if any(f.kind == "suppressed" for f in i.findings)]
    if erased:  # a data subject's erasure request stands whatever the policy says of personal images
        # (kind personal_image: a "suppressed" finding on the page would block the page itself)
        decision.findings.append(Finding(
            "personal_image", "page.erased_images", f"the page references {len(erased)} image(s) on the suppression "
            "list; they are removed", "audit suppression list", {"count": len(erased)}, "redact",
            "suppression-list (the images are removed; the page is redacted)"))
    carried = sum(i.kind == "inline" for i in erased)
    if carried and not decision.enforced:  # audit mode hands a page over as it came: with the erased bytes in it
        decision.findings.append(Finding(
            "suppressed", "suppressed.erasure", f"the page carries {carried} picture(s) on the suppression list "
            "inside it (data: URIs); in audit mode it is not redacted, so it is withheld", "audit suppression list",
            {"count": carried}, "block", "suppression-list (binds in audit mode too)"))
    if not personal:
        return
    decision.findings.append(Finding(
        "personal_image", "page.personal_images",
        f"the page references {len(personal)} personal image(s)", "page context",
        {"count": len(personal)}, action, rule))  # type: ignore[arg-type]  # URLs stay in .images (erasable)


def note_ignored_for_images(decision: Decision, scope: Scope, signals: list[Signal]) -> None:
    """A page's opt-out for its images (`noimageai`) that the policy ignores is written on the
    page's decision too: the images' own decisions carry no notes, and may never be requested."""
    seen: set[tuple[str, str]] = set()
    for s in signals:
        if s.applies_to != "images" or s.verdict != Verdict.DENY or (s.code, s.detail) in seen:
            continue
        seen.add((s.code, s.detail))  # (one note however often it was sent)
        mode, rule = scope.signal_rule(s.family)
        if mode == "ignore":
            decision.notes.append(Note("signal.ignored", f"{s.code}: {s.detail} — present for the page's images, "
                                       f"not obeyed ({rule})", s.source))


def _deciding(image: ImageDecision) -> list[Finding]:
    """The findings that gave an image its action (those as strict as it)."""
    return [f for f in image.findings if f.action == image.action]


def _deciding_kinds(image: ImageDecision) -> set[str]:
    return {f.kind for f in _deciding(image)}


def _shows_a_person(image: ImageDecision) -> bool:
    """A page's image its context or its own findings make personal (`page.personal_images`)."""
    return image.personal or any(f.kind == "personal_image" for f in image.findings)
