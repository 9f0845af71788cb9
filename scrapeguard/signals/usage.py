"""Purpose mapping: the policy's `usage` against each signal vocabulary.

Signals speak about finer purposes ("aspects") than the policy does: IPTC and CAWG tell
generative training from any-model training, robots meta tells search from AI use. A
policy usage covers one or more aspects; a signal answers DENY for the usage when it
denies any aspect the usage covers (the operator did not say the model is not
generative, so a generative-only reservation still binds a `train-ai` purpose), ALLOW
when it allows one and denies none, otherwise UNKNOWN. The tables follow
consent-signals.md (§1, §3.3, §6, §7, §8) and legal-policy-model.md §3.3.

No signal is ever read as consent for personal or biometric data: an ALLOW here only
means "this opt-out does not object", never a legal basis.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from scrapeguard.signals.base import Verdict

# Aspects (consent-signals.md §1): access, index, ai-train-gen, ai-train (any model,
# incl. discriminative), ai-input (RAG / inference), tdm (EU CDSM TDM), archive.
ASPECTS: tuple[str, ...] = ("access", "index", "ai-train-gen", "ai-train", "ai-input", "tdm", "archive")
TRAINING: tuple[str, ...] = ("ai-train-gen", "ai-train")
AI_ALL: tuple[str, ...] = ("ai-train-gen", "ai-train", "ai-input")

USAGE_ASPECTS: dict[str, tuple[str, ...]] = {
    "search": ("index",),
    "train-ai": TRAINING,
    "ai-use": ("ai-input",),
    "tdm": ("tdm",),
    "archive": ("archive",),
}


def aspects_of(usage: str) -> tuple[str, ...]:
    """The aspects a policy usage covers; an aspect name stands for itself (lets tests
    and callers ask the finer question, e.g. discriminative training only)."""
    if usage in USAGE_ASPECTS:
        return USAGE_ASPECTS[usage]
    if usage in ASPECTS:
        return (usage,)
    return ()


def verdict_for(usage: str, per_aspect: Mapping[str, Verdict]) -> Verdict:
    """Any DENY among the usage's aspects wins; otherwise any ALLOW; otherwise UNKNOWN."""
    got = [per_aspect.get(a, Verdict.UNKNOWN) for a in aspects_of(usage)]
    return combine(got)


def combine(verdicts: Iterable[Verdict]) -> Verdict:
    """consent-signals.md §1: any DENY wins; otherwise any ALLOW; otherwise UNKNOWN."""
    seen = set(verdicts)
    if Verdict.DENY in seen:
        return Verdict.DENY
    if Verdict.ALLOW in seen:
        return Verdict.ALLOW
    return Verdict.UNKNOWN


def deny(aspects: Iterable[str]) -> dict[str, Verdict]:
    return {a: Verdict.DENY for a in aspects}


def allow(aspects: Iterable[str]) -> dict[str, Verdict]:
    return {a: Verdict.ALLOW for a in aspects}


def describe(per_aspect: Mapping[str, Verdict]) -> str:
    """`deny: ai-train-gen, ai-train; allow: index` for a finding's detail."""
    parts = []
    for v in (Verdict.DENY, Verdict.ALLOW):
        names = [a for a in ASPECTS if per_aspect.get(a) == v]
        if names:
            parts.append(f"{v}: {', '.join(names)}")
    return "; ".join(parts) or "no preference"


# --- X-Robots-Tag / robots meta (§3.3) -------------------------------------------------
# rule -> (aspects denied, what a page's rule governs: self | images | both)
XROBOTS_RULES: dict[str, tuple[tuple[str, ...], str]] = {
    "noindex": (("index",), "self"),
    "none": (("index",), "self"),  # = noindex, nofollow
    "noimageindex": (("index",), "images"),
    "noai": (AI_ALL, "both"),  # DeviantArt: not for AI datasets
    "noimageai": (AI_ALL, "images"),
    "noml": (AI_ALL, "both"),  # Mojeek proposal
    "noarchive": (("archive", "ai-train-gen"), "self"),  # Bing: no generative training
    "nocache": (("archive", "ai-input"), "self"),  # Bing: restricted in chat answers
    # Google: no direct input to AI Overviews / AI Mode (max-snippet:0 the same); unmapped, it was never read
    "nosnippet": (("ai-input",), "self"),
    "max-snippet:0": (("ai-input",), "self"),
    "max-image-preview:none": (("index",), "images"),  # our reading: no image previews
    "disallowaitraining": (TRAINING, "both"),  # draft-canel-robots-ai-control-00 (written in robots meta)
    "unavailable_after": (("index",), "self"),  # only once the date has passed
}

# --- IETF AIPREF Content-Usage (vocab-07 and the editor's copy after it; §6.1) -------
CONTENT_USAGE_LABELS: dict[str, tuple[str, ...]] = {
    "train-ai": ("ai-train-gen",),  # "models used to generate synthetic content"
    # "AI Use": an asset as input to a generative model (not supplied by the user): the
    # aspect Content-Signal `ai-input` and the policy usage `ai-use` name
    "ai-use": ("ai-input",),
    "search": ("index",),
}
# Labels of earlier drafts (§6.1 history): their `n` is a refusal (files written against them are still
# served); their `y` is applied only by a reader built strict.
CONTENT_USAGE_LEGACY: dict[str, tuple[str, ...]] = {
    "train-genai": ("ai-train-gen",),
    "genai": ("ai-train-gen",),
    "ai": AI_ALL,
    "inference": ("ai-input",),
    "ai-output": ("ai-input",),
    "tdm": ("tdm",) + AI_ALL,
    "bots": ASPECTS[1:],
    "all": ASPECTS[1:],
}

# --- Cloudflare Content Signals (§7) -------------------------------------------------
CONTENT_SIGNAL_KEYS: dict[str, tuple[str, ...]] = {
    "ai-train": TRAINING,
    "ai-input": ("ai-input",),
    "search": ("index",),
}

# --- IPTC plus:DataMining (§8.1): code -> per-aspect verdicts --------------------------
_MINING = ("ai-train-gen", "ai-train", "ai-input", "tdm")
_D, _A = Verdict.DENY, Verdict.ALLOW
IPTC_DATA_MINING: dict[str, dict[str, Verdict]] = {
    "DMI-UNSPECIFIED": {},
    "DMI-ALLOWED": {a: _A for a in ("index",) + _MINING},
    "DMI-PROHIBITED-AIMLTRAINING": {"ai-train-gen": _D, "ai-train": _D},
    "DMI-PROHIBITED-GENAIMLTRAINING": {"ai-train-gen": _D},
    "DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING": {**{a: _D for a in _MINING}, "index": _A},
    "DMI-PROHIBITED": {a: _D for a in ("index",) + _MINING},
    "DMI-PROHIBITED-SEECONSTRAINT": {a: _D for a in ("index",) + _MINING},
    "DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR": {a: _D for a in ("index",) + _MINING},
    "DMI-PROHIBITED-SEELINKEDRIGHTSEXPR": {a: _D for a in ("index",) + _MINING},
    # 2023 public-draft spellings (legacy aliases)
    "DMI-ALLOWED-NOAITRAINING": {"ai-train-gen": _D, "ai-train": _D},
    "DMI-SEE-CONSTRAINT": {a: _D for a in ("index",) + _MINING},
}

# --- C2PA / CAWG training-and-data-mining entries (§8.2) ------------------------------
C2PA_ENTRIES: dict[str, tuple[str, ...]] = {
    "ai_generative_training": ("ai-train-gen",),
    "ai_training": ("ai-train",),  # non-generative: classification, face recognition …
    "ai_inference": ("ai-input",),
    "data_mining": ("tdm",),
}
# every aspect a C2PA / CAWG entry speaks for: a usage outside them no assertion can deny
C2PA_ASPECTS: frozenset[str] = frozenset(a for aspects in C2PA_ENTRIES.values() for a in aspects)

# --- TDMRep (legal-policy-model §3.3: tdm, train-ai) ---------------------------------
TDMREP_ASPECTS: tuple[str, ...] = ("tdm",) + TRAINING

# --- Spawning ai.txt (§5.1): "do not use this file type/path to train AI" -------------
AITXT_ASPECTS: tuple[str, ...] = TRAINING
