"""Fixtures for the httpx adapter tests."""

from __future__ import annotations

from pathlib import Path

import pytest

FAST_POLICY = """\
schema_version = 1
id = "strict-fast"
version = "1.0.0"
title = "gdpr-strict with a one-second host-file timeout"
extends = "gdpr-strict"

[runtime]
timeout_seconds = 1.0
"""


@pytest.fixture
def fast_policy(tmp_path: Path) -> str:
    """gdpr-strict, but a host that hangs is given up on after one second."""
    path = tmp_path / "strict-fast.toml"
    path.write_text(FAST_POLICY)
    return str(path)
