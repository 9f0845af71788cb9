"""Fixtures for the httpx adapter tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from guardkit import write_fast_policy



@pytest.fixture
def fast_policy(tmp_path: Path) -> str:
    """gdpr-strict, but a host that hangs is given up on after one second."""
    return str(write_fast_policy(tmp_path))
