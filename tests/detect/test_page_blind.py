"""The blind page sets (tests/data/blind): written and labelled by reviewers who never saw the
detector. F1 stays above floors set just under what was measured at commit time; each set's
first, clean measurement is in `blindset.FIRST_MEASURED`."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from benchmarks.common import load_module

BLIND = Path(__file__).resolve().parent.parent / "data" / "blind"


@functools.cache
def blindset():  # type: ignore[no-untyped-def]
    return load_module(BLIND / "blindset.py")


def test_every_set_has_a_floor() -> None:
    assert set(blindset().available()) == {name for name, _, _ in FLOORS}


# `h` labels a third of its references unsure (streamers' and forum avatars that may be
# logos or art, paintings, stream thumbnails): its precision floor is lower. `al`'s fell from 0.857 to
# 0.846 when a background named by a camera counted as content (a mountain guide's route photos, labelled
# unsure, four references), for 26 fixed and 6 broken sure labels over the blind sets.
# `ap`'s F1 fell from 0.869 to 0.859 when German festival compounds in file names (`Sommerfest_2025_21`) counted
# as gatherings (a garden club's festival gallery: lanterns, raffle prizes, its set-up), for 30 fixed and 24
# broken references over the blind sets.
FLOORS = [
    ("a", 0.85, 0.72), ("b", 0.84, 0.72), ("c", 0.78, 0.72), ("d", 0.80, 0.72), ("e", 0.82, 0.72), ("f", 0.86, 0.72),
    ("g", 0.86, 0.72), ("h", 0.78, 0.69), ("i", 0.76, 0.72), ("j", 0.78, 0.72), ("k", 0.79, 0.72),
    ("l", 0.79, 0.76), ("m", 0.68, 0.68), ("n", 0.65, 0.66), ("o", 0.74, 0.66), ("r", 0.72, 0.73),
    ("s", 0.72, 0.82), ("p", 0.77, 0.78), ("q", 0.76, 0.84), ("t", 0.85, 0.83), ("u", 0.87, 0.86), ("v", 0.80, 0.79), ("w", 0.83, 0.79),
    ("x", 0.85, 0.86), ("y", 0.76, 0.69), ("z", 0.79, 0.78), ("aa", 0.80, 0.78), ("ab", 0.72, 0.73), ("ac", 0.84, 0.81), ("ad", 0.83, 0.76), ("ae", 0.86, 0.85), ("af", 0.90, 0.90),
    ("ag", 0.72, 0.77), ("ah", 0.76, 0.72), ("ai", 0.80, 0.82), ("aj", 0.80, 0.81),
    ("ak", 0.76, 0.75), ("al", 0.83, 0.84), ("am", 0.72, 0.73), ("an", 0.83, 0.90), ("ao", 0.82, 0.78), ("ap", 0.85, 0.84), ("aq", 0.84, 0.83), ("ar", 0.86, 0.87), ("as", 0.82, 0.78),
    ("at", 0.79, 0.82), ("au", 0.77, 0.79), ("av", 0.80, 0.86), ("aw", 0.75, 0.83),
    ("ax", 0.80, 0.85), ("ay", 0.82, 0.87), ("az", 0.75, 0.80), ("ba", 0.72, 0.75), ("bb", 0.83, 0.87), ("bc", 0.68, 0.72),
    ("bd", 0.77, 0.88), ("be", 0.71, 0.72), ("bf", 0.84, 0.87), ("bg", 0.84, 0.82), ("bh", 0.87, 0.83),
    ("bi", 0.80, 0.76), ("bj", 0.76, 0.86), ("bk", 0.80, 0.83), ("bl", 0.82, 0.85), ("bm", 0.67, 0.78),
    ("bn", 0.72, 0.71), ("bo", 0.69, 0.62), ("bp", 0.83, 0.80), ("bq", 0.61, 0.56), ("br", 0.83, 0.87), ("bs", 0.67, 0.60), ("bt", 0.83, 0.88), ("bu", 0.50, 0.40), ("bv", 0.61, 0.50),
    ("bw", 0.80, 0.80), ("bx", 0.66, 0.68), ("by", 0.77, 0.78), ("bz", 0.80, 0.75),
    ("ca", 0.85, 0.85), ("cb", 0.86, 0.87), ("cc", 0.79, 0.76), ("cd", 0.76, 0.74), ("ce", 0.74, 0.73), ("cf", 0.85, 0.89),
    ("cg", 0.64, 0.66), ("ch", 0.76, 0.73), ("ci", 0.51, 0.62), ("cj", 0.76, 0.75), ("ck", 0.80, 0.74), ("cl", 0.45, 0.72), ("cm", 0.79, 0.81),
    ("cn", 0.70, 0.77), ("co", 0.76, 0.81), ("cp", 0.73, 0.77), ("cq", 0.70, 0.75), ("cr", 0.77, 0.76),
    ("cs", 0.77, 0.81), ("ct", 0.63, 0.69), ("cu", 0.69, 0.77), ("cv", 0.71, 0.76),
    ("cw", 0.80, 0.79), ("cx", 0.89, 0.91), ("cy", 0.80, 0.78),
    ("cz", 0.73, 0.76), ("da", 0.73, 0.70), ("db", 0.68, 0.72),
    ("dc", 0.69, 0.70), ("dd", 0.80, 0.84), ("de", 0.75, 0.76),
    ("df", 0.69, 0.72), ("dg", 0.67, 0.74), ("dh", 0.67, 0.68),
    ("di", 0.68, 0.71), ("dj", 0.65, 0.84), ("dk", 0.66, 0.72),
    ("dl", 0.61, 0.62), ("dm", 0.76, 0.90), ("dn", 0.66, 0.77),
    ("do", 0.80, 0.83), ("dp", 0.78, 0.82), ("dq", 0.72, 0.87),
    ("dr", 0.76, 0.74), ("ds", 0.65, 0.76), ("dt", 0.81, 0.81), ("dv", 0.84, 0.89),
    ("du", 0.84, 0.94),
]


@pytest.mark.parametrize(("name", "floor", "precision"), FLOORS)
def test_f1_floor(name: str, floor: float, precision: float) -> None:
    """(Each set evaluated once: its references all found, its scores above the floors.)"""
    result = blindset().evaluate(name)
    assert result["missing"] == 0, result
    assert result["references"] >= 400 and result["pages"] >= 12
    assert result["f1"] >= floor, result
    assert result["precision"] >= precision, result
