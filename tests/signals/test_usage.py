"""The purpose mapping: any DENY among a usage's aspects wins, then ALLOW, else UNKNOWN."""

from __future__ import annotations

from scrapeguard.signals.base import Verdict
from scrapeguard.signals.usage import USAGE_ASPECTS, aspects_of, combine, describe, verdict_for

D, A, U = Verdict.DENY, Verdict.ALLOW, Verdict.UNKNOWN


def test_every_policy_usage_is_mapped() -> None:
    assert set(USAGE_ASPECTS) == {"search", "train-ai", "ai-use", "tdm", "archive"}
    assert aspects_of("train-ai") == ("ai-train-gen", "ai-train")
    assert aspects_of("ai-train") == ("ai-train",)  # an aspect stands for itself
    assert aspects_of("nonsense") == ()


def test_combine() -> None:
    assert combine([A, D, U]) == D
    assert combine([A, U]) == A
    assert combine([]) == U


def test_generative_only_reservation_binds_train_ai_but_not_discriminative() -> None:
    table = {"ai-train-gen": D}
    assert verdict_for("train-ai", table) == D
    assert verdict_for("ai-train", table) == U
    assert verdict_for("search", table) == U


def test_describe() -> None:
    assert describe({"ai-train": D, "index": A}) == "deny: ai-train; allow: index"
    assert describe({}) == "no preference"
