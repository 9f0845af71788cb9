"""Weigh the context cues of one image reference into a personal-image score.

Each cue adds log-odds (positive: a person's photo; negative: a logo, icon, product, map …);
the score is the logistic of the sum. Only the strongest cue of each family counts, so a
page full of the word "team" cannot push an icon over the line. Reasons are short codes a
reviewer can read (`alt:person-name`, `class:avatar`, `schema:Person`, `size:pixel`).
"""

from __future__ import annotations

import math
import re
from urllib.parse import unquote, urlsplit

from scrapeguard.detect import context_words as W

PRIOR = -1.6  # most images on a page are not photos of people
THRESHOLD = 0.5

_WORD = re.compile(r"[^\W\d_][\w'’]*\.?")


def _pairs(toks: tuple[str, ...]) -> list[str]:
    """Tokens plus their hyphen-joined neighbours, so `author-avatar` and `profile-pic` match."""
    if len(toks) < 2:
        return list(toks)
    return list(toks) + [toks[i] + "-" + toks[i + 1] for i in range(len(toks) - 1)]


def _hit(words: list[str] | tuple[str, ...], lexicon: frozenset[str]) -> str | None:
    for w in words:
        if w in lexicon:
            return w
        s = W.stem(w)
        if s != w and s in lexicon:
            return w
    return None


def _german_compound(toks: tuple[str, ...]) -> str | None:
    for t in toks:
        if len(t) >= 9 and t.endswith(W.GERMAN_PERSON_SUFFIXES):
            return t
    return None


_AND = frozenset({"and", "und", "et", "y", "e", "&"})


def person_name(text: str) -> bool:
    """Does the text contain a person's name: a capitalised given name followed by a capitalised
    word ("Anna Müller", "Jean-Luc Mélenchon"), or an honorific and a capitalised word ("Dr. Wu")?"""
    if not text or len(text) > 600:
        text = text[:600] if text else ""
    words = _WORD.findall(text)
    for i in range(len(words) - 1):
        w, nxt = words[i], words[i + 1]
        if nxt.lower() in _AND and i + 2 < len(words) and w[:1].isupper() and words[i + 2][:1].isupper():
            if W._fold(w) in W.GIVEN_NAMES and W._fold(words[i + 2]) in W.GIVEN_NAMES:
                return True  # "Pauline et Julien", "Anna und Florian"
        if not nxt[:1].isupper():
            continue
        if w[:1].isupper():
            first = W._fold(w.rstrip("."))
            head = first.split("-")[0]
            initial = len(nxt) == 2 and nxt.endswith(".")
            if (first in W.GIVEN_NAMES or head in W.GIVEN_NAMES) and (initial or not nxt.isupper()) or (
                w.endswith(".") and first in W.HONORIFICS
            ):
                return True
    return False


class Evidence:
    """The cues gathered for one reference: family -> (log-odds, reason), strongest kept."""

    __slots__ = ("cues",)

    def __init__(self) -> None:
        self.cues: dict[str, tuple[float, str]] = {}

    def add(self, family: str, weight: float, reason: str) -> None:
        cur = self.cues.get(family)
        if cur is None or abs(weight) > abs(cur[0]):
            self.cues[family] = (weight, reason)

    def merge(self, other: Evidence) -> None:
        for fam, (w, r) in other.cues.items():
            self.add(fam, w, r)

    def copy(self) -> Evidence:
        e = Evidence()
        e.cues = dict(self.cues)
        return e

    # -------------------------------------------------------------- text cues
    def text(self, text: str, where: str, scale: float = 1.0) -> None:
        """alt / title / caption text: portrait words, names, people nouns and verbs, or things."""
        if not text:
            return
        text = strip_credits(text)
        toks = W.tokens(text)
        if not toks:
            return
        words = _pairs(toks)
        w = _hit(words, W.PORTRAIT)
        if w:
            self.add(where + ":portrait", 4.0 * scale, f"{where}:{w}")
        named = person_name(text)
        if named:
            self.add(where + ":name", 2.6 * scale, f"{where}:person-name")
        noun = _hit(toks, W.PERSON_NOUNS) or _german_compound(toks)
        if noun:
            possessive = re.search(re.escape(noun) + r"['’]s\b", text, re.I) is not None
            self.add(where + ":noun", (1.2 if possessive else 3.4) * scale, f"{where}:{noun}")
        verb = _hit(toks, W.PERSON_VERBS)
        if verb:
            self.add(where + ":verb", 2.0 * scale, f"{where}:{verb}")
        pron = next((t for t in toks if t in W.PRONOUNS), None)
        if pron:
            self.add(where + ":pronoun", 1.8 * scale, f"{where}:{pron}")
        event = _hit(words, W.EVENT_WORDS)
        if event and not noun:
            self.add(where + ":event", 1.8 * scale, f"{where}:{event}")
        role = next((t for t in toks if t in W.ROLES), None) if where == "caption" else None
        if role and not named and sum(1 for x in text.split()[:8] if x[:1].isupper()) >= 2:
            self.add(where + ":name", 1.8 * scale, f"{where}:{role}")
        if len(toks) == 1 and toks[0] in W.GIVEN_NAMES and len(toks[0]) >= 4:
            self.add(where + ":name", 1.6 * scale, f"{where}:given-name")
        neg = _hit(words, W.NOT_PERSON)
        if neg and not (named and neg in ("social", "share")):
            self.add(where + ":not", -3.0 * scale, f"{where}:{neg}")
        if not (noun or named or w or pron or verb or event):
            thing = _hit(toks, W.THINGS)
            if thing:
                self.add(where + ":thing", -1.4 * scale, f"{where}:{thing}")
            elif where == "alt" and all(t in W.CREDIT_WORDS for t in toks):
                pass  # "Foto: dpa" says nothing
            elif where == "alt":
                self.add("alt:plain", -0.4, "alt:no-person-cue")

    def classes(self, toks: tuple[str, ...], depth: int) -> None:
        """class/id tokens of the element (depth 0) or an ancestor (depth >= 1)."""
        if not toks:
            return
        words = _pairs(toks)
        decay = 1.0 if depth == 0 else (0.8 if depth <= 2 else 0.55)
        strong = _hit(words, W.STRONG_CONTAINERS)
        if strong:
            self.add("class:person", 4.0 * decay, f"class:{strong}")
        else:
            w = _hit(words, W.PERSON_CONTAINERS)
            if w:
                self.add("class:person", 2.4 * decay, f"class:{w}")
        if _hit(words, W.PLACEHOLDER):
            self.add("placeholder", -6.0, f"class:{_hit(words, W.PLACEHOLDER)}")
        neg = _hit(words, W.NOT_PERSON) if depth == 0 else _hit(words, W.NOT_PERSON_CONTAINERS)
        if neg:
            strong_neg = neg.startswith("logo") or neg.endswith("logo") or neg in ("brand", "sprite", "icon", "icons")
            weight = -4.5 if strong_neg and depth <= 3 else (-3.2 if depth == 0 else -1.6 * decay)
            self.add("class:not", weight, f"class:{neg}")

    def url(self, url: str) -> None:
        """File name and path: `jane-doe-headshot.jpg`, `/avatars/`, `/logos/`, `.svg`, gravatar."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return
        host = (parts.hostname or "").lower()
        path = unquote(parts.path)
        if host.endswith("gravatar.com") or "/profile_images/" in path or "/avatar" in path.lower():
            if host.endswith("gravatar.com") or "profile_images" in path or _hit(W.tokens(path), W.PORTRAIT):
                self.add("url:avatar", 4.0, "url:avatar")
                return
        slash = path.rfind("/")
        name, dirs = path[slash + 1 :], path[:slash]
        dot = name.rfind(".")
        ext = name[dot + 1 :].lower() if dot > 0 else ""
        stemname = name[:dot] if dot > 0 else name
        if ext in ("svg", "ico", "cur"):
            self.add("file:vector", -2.6 if ext == "svg" else -5.0, f"file:.{ext}")
        ftoks = W.tokens(stemname)
        words = _pairs(ftoks)
        hit = _hit(words, W.FILE_PERSON) or _hit(words, W.PORTRAIT)
        if hit:
            self.add("file:person", 2.4, f"file:{hit}")
        ph = _hit(words, W.PLACEHOLDER)
        if ph:
            self.add("placeholder", -6.0, f"file:{ph}")
        neg = _hit(words, W.NOT_PERSON) or _hit(words, W.FILE_NOT)
        if neg:
            self.add("file:not", -2.8, f"file:{neg}")
        elif not hit and len(ftoks) >= 2 and ftoks[0] in W.GIVEN_NAMES and ftoks[1] not in W.THINGS:
            self.add("file:name", 1.4, "file:person-name")
        elif not hit and len(ftoks) == 1 and ftoks[0] in W.GIVEN_NAMES and len(ftoks[0]) >= 4:
            self.add("file:name", 1.2, "file:given-name")
        elif not hit and _hit(ftoks, W.THINGS):
            self.add("file:thing", -1.0, f"file:{_hit(ftoks, W.THINGS)}")
        dtoks = W.tokens(dirs[-120:])
        dhit = _hit(dtoks, W.FILE_PERSON) or _hit(dtoks, W.PERSON_CONTAINERS)
        if dhit:
            self.add("dir:person", 1.6, f"dir:{dhit}")
        dneg = _hit(_pairs(dtoks), W.NOT_PERSON)
        if dneg and dneg not in ("social",):
            self.add("dir:not", -0.8, f"dir:{dneg}")
        if _hit(dtoks, W.PLACEHOLDER):
            self.add("placeholder", -4.0, f"dir:{_hit(dtoks, W.PLACEHOLDER)}")

    def size(self, width: str | None, height: str | None) -> None:
        """Width/height attributes: 1x1 tracking pixels and tiny icons are not photos."""
        w, h = _px(width), _px(height)
        if w is not None and h is not None:
            if w <= 3 and h <= 3:
                self.add("size", -8.0, "size:pixel")
            elif w <= 24 and h <= 24:
                self.add("size", -2.4, "size:icon")
        elif (w is not None and w <= 3) or (h is not None and h <= 3):
            self.add("size", -6.0, "size:pixel")

    def finish(self, prior: float = PRIOR) -> tuple[float, list[str]]:
        total = prior + sum(w for w, _ in self.cues.values())
        score = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))
        ranked = sorted(self.cues.values(), key=lambda c: -abs(c[0]))
        return score, [r for w, r in ranked if w > 0] + [r for w, r in ranked if w <= 0]


_CREDIT = re.compile(
    r"(?:(?i:\b(?:photo|photos|photograph|image|picture|foto|fotos|bild|bilder|photographie|immagine|imagen|"
    r"credit|crédit|crédito|credito|quelle|fuente|fonte|shared)\b\s*(?:by|von|par|di|da|de|del|:))|©|\(c\))"
    r"\s*:?\s*(?:[A-ZÀ-Þ][\w'’.-]*\s*){1,4}"
)


def strip_credits(text: str) -> str:
    """Drop photographer credits ("Photo by Jan Doe", "Foto: Boris Roessler/dpa"): the name
    there is who took the picture, not who is in it."""
    if "©" not in text and "(c)" not in text and not any(
        k in text.lower() for k in ("by", "von", "par", "di ", "da ", "de ", ":")
    ):
        return text
    return _CREDIT.sub(" ", text)


def name_shaped(text: str) -> bool:
    """Short text that looks like a person's name: 2-4 capitalised words, no digits
    ("Aylin Yılmaz", "Dr. Pablo Ruiz"), none of them a known thing or UI word."""
    words = text.replace(",", " ").split()
    if not 2 <= len(words) <= 4 or any(c.isdigit() for c in text):
        return False
    caps = 0
    for w in words:
        if w[:1].isupper() and not w.isupper():
            caps += 1
        elif w.lower() not in ("von", "van", "de", "del", "della", "di", "da", "le", "la", "der", "den", "y", "e"):
            return False
        f = W._fold(w.strip(".'’"))
        if f in W.THINGS or f in W.NOT_PERSON or f in W.CREDIT_WORDS:
            return False
    return caps >= 2


def _px(value: str | None) -> int | None:
    if not value:
        return None
    v = value.strip().lower().removesuffix("px")
    return int(v) if v.isdigit() and len(v) < 7 else None


def is_square_small(width: str | None, height: str | None) -> bool:
    """Avatar-sized (24..200 px, roughly square): in a comment or author box that is a face."""
    w, h = _px(width), _px(height)
    return w is not None and h is not None and 24 <= w <= 200 and 24 <= h <= 200 and abs(w - h) <= max(w, h) * 0.25
