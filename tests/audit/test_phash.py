"""The perceptual-hash comparison every search and suppression check shares (`phash.near`)."""

from __future__ import annotations

import pytest

from scrapeguard.audit.phash import PHASH_MAX_DISTANCE, near


def test_two_hashes_a_few_bits_apart_are_one_picture_and_say_how_far() -> None:
    assert near("00000000000000ff", "00000000000000ff") == 0
    assert near("00000000000000ff", "000000000000003f") == 2
    assert near("0000000000000000", "%016x" % ((1 << PHASH_MAX_DISTANCE) - 1)) == PHASH_MAX_DISTANCE


def test_hashes_further_apart_are_other_pictures() -> None:
    assert near("0000000000000000", "%016x" % ((1 << (PHASH_MAX_DISTANCE + 1)) - 1)) is None


@pytest.mark.parametrize("bad", ["", "not hex", None, 7, "0x"])
def test_an_unreadable_hash_matches_nothing(bad: object) -> None:
    """A hash tampered into anything else (a log's column, a journal line) is never a match, nor a crash."""
    assert near("00000000000000ff", bad) is None and near(bad, "00000000000000ff") is None
