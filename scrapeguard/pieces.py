"""Strings indexed by their rarest piece: a text is tried only with the strings whose piece it holds.

Why: a page's pictures were each tried with every person name the page gives, its noscripts with every
removed picture's file name, and a host file's URLs with every `*` rule: quadratic, seconds to minutes on
hostile pages (found in review). A string that stands in a text has each of its pieces there too, so the
piece fewest strings share narrows the candidates without missing one. No I/O.
"""

from __future__ import annotations


def runs(text: str, size: int) -> set[str]:
    """The substrings of `text` `size` characters long (none for a size of 0)."""
    if size <= 0:
        return set()
    return {text[at:at + size] for at in range(len(text) - size + 1)}


def rarest(pieces: list[set[str]]) -> list[str]:
    """For each string's pieces, the one fewest of the strings hold (of those, the first in order); "" for
    a string with none, which is then to be tried on every text."""
    shared: dict[str, int] = {}
    for held in pieces:
        for piece in held:
            shared[piece] = shared.get(piece, 0) + 1
    out: list[str] = []
    for held in pieces:
        key = ""
        for piece in held:
            if not key or (shared[piece], piece) < (shared[key], key):
                key = piece
        out.append(key)
    return out
