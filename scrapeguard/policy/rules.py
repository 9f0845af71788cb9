"""What each jurisdiction requires before a personal or biometric image is collected.

This is the versioned rule set (research: legal-policy-model §1.13). Policies state what
the controller has; these rules state what each regime needs. A gap is a
`missing_basis` finding with a stable code (`basis.missing.notice_url`).
"""

from __future__ import annotations

from scrapeguard.policy.model import Override, Policy, Purpose, gdpr_letter

RULES_VERSION = "2026.12.2"  # (a change in what the rules require is a new version: records name the one they ran)

_EEA_BLOCS = {"EU", "EEA"}
# face biometrics need per-person consent (research §1.13 (b)); OTHER's personal images are judged as the EU's
_CONSENT_LIKE = {"US", "US-IL", "US-TX", "US-WA", "CA", "AU", "OTHER"}
# the gaps of a biometric finding that the purpose's Art. 9(2) conditions leave (`Policy` warns of them at load)
ART9_GAPS = frozenset({"basis.consent.unverified", "basis.missing.made_public_by_subject", "basis.missing.art9_condition"})
# consent (Art. 6(1)(a), Art. 9(2)(a)) holds per item, by a hit in the consent registry, which no rule here can query
CONSENT_UNVERIFIED = ("{jurisdiction}: {article} consent must be verified per item in the consent registry; "
                      "scrapeguard cannot query a registry, so no item is covered")


def _established_in(policy: Policy, blocs: set[str]) -> bool:
    from scrapeguard.jurisdiction import country_bloc

    return any(country_bloc(c) in blocs for c in policy.controller.establishment)


# The usages Art. 9(2)(j) (archiving in the public interest, scientific or historical research, statistics)
# can cover: text and data mining, an archive, training a model for research; not a search index or an AI
# system's use of what it fetches, which serve no research of themselves.
RESEARCH_USAGES = frozenset({"tdm", "archive", "train-ai"})


def basis_gaps(
    policy: Policy,
    purpose: Purpose,
    jurisdiction: str,
    kind: str,
    overrides: list[Override],
) -> list[tuple[str, str]]:
    """`(code, reason)` for each requirement of `jurisdiction` that the purpose lacks for a
    finding of `kind` (`personal_image` or `biometric`)."""
    c = policy.controller
    b = purpose.basis
    gaps: list[tuple[str, str]] = []
    strict_eu = jurisdiction in _EEA_BLOCS or jurisdiction == "OTHER" or jurisdiction == "UK"

    def need(cond: bool, code: str, reason: str) -> None:
        if not cond:
            gaps.append((code, f"{jurisdiction}: {reason}"))

    if kind == "personal_image":
        if strict_eu:
            need(bool(b.art6), "basis.missing.art6", "an Art. 6 basis is required for a personal image")
            if gdpr_letter(b.art6) == "a":  # research §4.3: consent is checked per item, no registry hit: no basis
                gaps.append(("basis.consent.unverified", CONSENT_UNVERIFIED.format(jurisdiction=jurisdiction,
                                                                                  article="Art. 6(1)(a)")))
            need(bool(c.notice_url), "basis.missing.notice_url", "a public Art. 14 notice (controller.notice_url)")
            need(bool(c.ropa_ref), "basis.missing.ropa_ref", "an Art. 30 record (controller.ropa_ref)")
        if jurisdiction in _EEA_BLOCS | {"OTHER"}:
            need(_established_in(policy, _EEA_BLOCS) or bool(c.eu_representative),
                 "basis.missing.eu_representative", "an Art. 27 EU representative (not established in the EEA)")
        if jurisdiction == "UK":
            need(_established_in(policy, {"UK"}) or bool(c.uk_representative),
                 "basis.missing.uk_representative", "a UK representative (not established in the UK)")
        if jurisdiction in {"CH", "AU", "CA"}:
            need(bool(c.notice_url), "basis.missing.notice_url", "a public notice (controller.notice_url)")
        return gaps

    # biometric: everything a personal image needs, plus an Art. 9 condition.
    gaps.extend(basis_gaps(policy, purpose, jurisdiction, "personal_image", overrides))
    letters = {gdpr_letter(t) for t in b.art9}
    if strict_eu and jurisdiction not in _CONSENT_LIKE:
        need(bool(b.art9), "basis.missing.art9", "face biometrics need an Art. 9(2) condition")
        need(bool(b.art9_evidence and b.art9_evidence.dpia), "basis.missing.dpia", "a DPIA (Art. 35)")
        # each declared condition is judged on its own: two that fail alone do not pass together
        usable = {x for x in letters if (x == "e" and made_public(overrides))
                  or (x == "j" and purpose.usage in RESEARCH_USAGES)
                  or (x == "g" and bool(b.art9_evidence and b.art9_evidence.law))}
        if letters and not usable:
            if letters <= {"a"}:
                gaps.append(("basis.consent.unverified",
                             CONSENT_UNVERIFIED.format(jurisdiction=jurisdiction, article="Art. 9(2)(a)")))
            elif "e" in letters:
                gaps.append(("basis.missing.made_public_by_subject", f"{jurisdiction}: Art. 9(2)(e) holds only for a "
                             "source where the subject manifestly made the images public"))
            elif letters == {"j"}:
                gaps.append(("basis.missing.art9_condition", f"{jurisdiction}: Art. 9(2)(j) covers archiving, "
                             f"research and statistics, not a '{purpose.usage}' purpose"))
            else:
                named = ", ".join(f"({x})" for x in sorted(letters))
                gaps.append(("basis.missing.art9_condition", f"{jurisdiction}: Art. 9(2){named} does not cover "
                             "crawling faces ((g) needs the law named in art9_evidence.law, (j) a research, "
                             "archiving or statistical purpose)"))
        if jurisdiction == "UK" and letters & {"b", "g", "h", "i", "j"}:
            need(bool(b.uk_schedule1), "basis.missing.uk_schedule1", "a DPA 2018 Sch. 1 condition")
    elif jurisdiction == "CH":
        need(bool(b.art9_evidence and b.art9_evidence.dpia), "basis.missing.dpia", "a DPIA for biometric data")
        gaps.append(("basis.consent.unverified", "CH: express consent must be verified per item"))
    elif jurisdiction in _CONSENT_LIKE or jurisdiction == "US-CA":
        if jurisdiction == "US-CA":
            need(bool(c.notice_url), "basis.missing.notice_url", "a notice at collection")
        gaps.append(("basis.consent.unverified",
                     f"{jurisdiction}: face biometrics need a written release or opt-in consent per person, "
                     "which scrapeguard cannot verify"))
    return gaps


def made_public(overrides: list[Override]) -> bool:
    """Whether the subjects manifestly made a source's images public (Art. 9(2)(e)), as the narrowest of its
    overrides that says so or not says (`overrides`: one domain's, the narrowest last, as `Scope` holds
    them). Why the narrowest: a per-purpose override's `false` was outvoted by a wider one's `true`, and faces
    were collected for the purpose whose operator had said the subjects did not (found in review)."""
    said = [o.made_public_by_subject for o in overrides if o.made_public_by_subject is not None]
    return bool(said) and said[-1]
