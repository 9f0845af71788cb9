"""Guard pieces the adapter tests share (importable: `from guardkit import ...`)."""

from __future__ import annotations

from pathlib import Path

from scrapeguard.resource import FetchResult

FAST_POLICY = """\
schema_version = 1
id = "strict-fast"
version = "1.0.0"
title = "gdpr-strict with a one-second host-file timeout"
extends = "gdpr-strict"

[runtime]
timeout_seconds = 1.0
"""


def write_fast_policy(directory: Path) -> Path:
    """gdpr-strict, but a host that hangs is given up on after one second."""
    path = directory / "strict-fast.toml"
    path.write_text(FAST_POLICY)
    return path


SECOND_PURPOSE = """
[[purpose]]
id = "ai-training"
title = "a second purpose"
usage = "train-ai"
retention_days = 30
jurisdictions = ["EU", "EEA", "UK", "CH", "US", "CA", "AU", "OTHER"]

[purpose.basis]
art6 = "eu-gdpr:A6-1-f"
art6_evidence = "LIA-2026-02"

[purpose.on]
personal_image = "{second}"
"""


def write_two_purpose_policy(directory: Path, *, default: str, second: str) -> Path:
    """gdpr-strict, whose purpose (the default) acts `default` on a personal image, plus a second
    purpose "ai-training" acting `second` on one."""
    strict = (Path(__file__).resolve().parents[1] / "policies" / "gdpr-strict.toml").read_text()
    assert 'personal_image = "redact"' in strict
    path = directory / "two-purposes.toml"
    path.write_text(strict.replace('personal_image = "redact"', f'personal_image = "{default}"')
                    + SECOND_PURPOSE.format(second=second))
    return path


class BrokenReader:
    """A robots.txt reader that always fails: the guard itself failing."""

    families = ("robots_txt",)
    path = "/robots.txt"
    max_bytes = 1024

    def parse(self, result: FetchResult) -> object:
        raise RuntimeError("reader exploded")

    def evaluate(self, *args: object) -> list[object]:
        return []

    def ttl(self, result: FetchResult) -> float:
        return 60.0
