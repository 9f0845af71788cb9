"""Photographer and agency credits in captions and alt texts: the name there took the picture
(or made what it shows: "dipinto da Elisa Monti", "painted by").

"Photo by Jan Doe", "Foto: Boris Roessler/dpa", "David McNew—Getty Images", "(AP Photo/John Doe)",
"… (Tahir Della)" name who took or supplied a picture, not who is in it; the scoring reads a text
with them taken out (`strip_credits`), keeping a weaker cue for a name-shaped bracket that may be
the subject after all (`bracketed_name`). Every pattern is possessive or gated by literal
substrings, so a hostile caption costs linear time.
"""

from __future__ import annotations

import functools
import re
from typing import Final

from scrapeguard.detect import context_words as W

# Who made a painting, a drawing or a statue the picture shows, named as a credit names its
# photographer: "Il drappellone 2024, dipinto da Elisa Monti", "painted by", "gemalt von" (and, folded,
# the words beside which a name and an age are a young artist's: `score._DRAWN_BY`).
MAKER_WORDS: Final = ("painted", "drawn", "illustrated", "sculpted", "dipinto", "dipinta", "disegnato", "disegnata",
                       "illustrato", "illustrata", "scolpito", "scolpita", "gemalt", "gezeichnet", "illustriert",
                       "peint", "peinte", "dessiné", "dessinée", "illustré", "illustrée", "sculpté", "sculptée",
                       "pintado", "pintada", "dibujado", "dibujada", "ilustrado", "ilustrada", "esculpido", "esculpida")
# ... named as its maker: the maker word, then "by" in one of the five languages ("disegnato dalla zia Marta",
# "gemalt von Tante Inge", "peint par", "pintado por"; not "a horse-drawn carriage", "painted faces")
_MADE_BY: Final = re.compile(r"\b(?:" + "|".join(MAKER_WORDS) + r")\s++(?:by|von|vom|da|dal|dalla|dallo|dai|"
                             r"dalle|dagli|par|por|de|del)\b", re.I)


def made_by(text: str) -> bool:
    """Whether `text` names who drew, painted or sculpted what the picture shows (`_MADE_BY`)."""
    return _MADE_BY.search(text) is not None


_CREDIT_WORDS: Final = ("photo", "photos", "photograph", "image", "picture", "foto", "fotos", "bild", "bilder", "photographie",
                 "immagine", "imagen", "credit", "crédit", "crédito", "credito", "quelle", "fuente", "fonte", "shared",
                 "bildquelle", "credits", "crédits", "créditos", "crediti",  # (the source, the plural credits)
                 *MAKER_WORDS)
# The photographer named by role or by the work, a credit only with its colon or "by" ("Photographer: Jane
# Roe", "Fotografía de …", "Photography by …"): as a title, "Photographer Jane Roe" is her own headshot's alt
_WORK_WORDS: Final = ("photography", "fotografie", "fotografía", "fotografia")
_ROLE_WORDS: Final = ("photographer", "photographe", "fotograf", "fotografin", "fotógrafo", "fotógrafa", "fotografo",
                      *_WORK_WORDS)
_CREDIT_WORD: Final = r"(?i:\b(?:" + "|".join(_CREDIT_WORDS) + r")\b)"
_WORK_WORD: Final = r"(?i:\b(?:" + "|".join(_WORK_WORDS) + r")\b)"
# the photographer by role: with a colon, "by", "von" or "por" ("Fotógrafo de Madrid Juan Pérez" is a title)
_PERSON_ROLE_WORD: Final = r"(?i:\b(?:" + "|".join(w for w in _ROLE_WORDS if w not in _WORK_WORDS) + r")\b)"
# A credit's name words stop at the next credit word: "© COLOURBOX Foto: Volodymyr Horbovyy" is
# two credits, and the second name must go too.
_CREDIT: Final = re.compile(  # possessive: no backtracking into runs of spaces ("photo" + 1000 spaces + "x")
    r"(?:" + _CREDIT_WORD + r"\s*+(?i:by|von|par|por|di|da|de|del|:)?|" + _WORK_WORD
    + r"\s*+(?i:by|von|par|por|di|da|de|del|:)|" + _PERSON_ROLE_WORD + r"\s*+(?i:by|von|por|:)|©|\(c\))"
    r"\s*+:?\s*+(?:(?!" + _CREDIT_WORD + r")[A-ZÀ-Þ][\w'’./-]*+[^\S\n]*+(?:[/&|][^\S\n]*+)?){1,4}"  # "© ADAC/Markus Zahradnik", "Fotos: Elternrat / Anja K."
)
# DW-style credits close the caption in brackets: "… (Tahir Della)", "(picture-alliance/dpa/arkivi)",
# "(public domain)". Only a bracket that ends the text and holds a name-shaped credit, a path of
# agencies or a public-domain note; "Angela Merkel (CDU)" and "(left)" stay.
_TRAILING_BRACKET: Final = re.compile(r"\(([^()]{3,80})\)\s*$")
_PUBLIC_DOMAIN: Final = ("public domain", "gemeinfrei", "domaine public", "dominio público", "dominio publico", "pubblico dominio")
# `_CREDIT` needs one of its words (or ©/(c)): substrings of the case-folded text gate it.
_CREDIT_KEYS: Final = (*_CREDIT_WORDS, *_ROLE_WORDS, "©", "(c)")
# Agency credits name the photographer, not the subject: "David McNew—Getty Images",
# "Jane Roe/AFP", "(AP Photo/John Doe)", "REUTERS/Jane Roe", "EPA/JOHN DOE". Each agency is one
# literal spelling, or (a literal all its spellings contain, their regex): the literals gate the
# regexes, which then run only on the few texts that hold one.
_AGENCY_FORMS: Final[tuple[str | tuple[str, str], ...]] = (
    ("Getty", r"Getty(?:\s+Images)?"), "AFP", "Reuters", "REUTERS", ("AP", r"AP(?:\s+Photo)?"), ("EPA", r"EPA(?:-EFE)?"),
    "EFE", "dpa", "DPA", "Shutterstock", ("iStock", r"iStock(?:photo)?"), "Bloomberg", "Corbis", "Alamy", "Sipa", "SIPA",
    "ANSA", "Xinhua", "XINHUA", "Imago", "IMAGO", "Keystone", "KEYSTONE", ("icture", r"[Pp]icture [Aa]lliance"),
    "NurPhoto", ("ZUMA", r"ZUMA(?:\s+Press)?"), ("Zuma", r"Zuma(?:\s+Press)?"), "Anadolu", ("PA", r"PA(?:\s+Images)?"),
    "Kyodo", "Yonhap", "Europa Press", "LaPresse",
)
_AGENCIES: Final = "|".join(form if isinstance(form, str) else form[1] for form in _AGENCY_FORMS)
_AGENCY_KEYS: Final = tuple(form if isinstance(form, str) else form[0] for form in _AGENCY_FORMS)
# Matched from the separator (a quick scan for one of four characters), then the name
# before it is cut: one regex over the whole text tried a name at every position (~20 µs).
# The agency must end the credit (end of text, a closing bracket or punctuation, or "/Name"):
# "Jane Smith / AP Biology teacher" and "Anna Müller | Imago Dei Church pastor" are no credits.
_AGENCY_END: Final = r"(?=\s*(?:$|[)\],;.]|/\s*[A-ZÀ-Þ]|via\b))"
_AGENCY_TAIL: Final = re.compile(r"[—–/|]\s*(?:" + _AGENCIES + r")\b" + _AGENCY_END)
_NAME_AT_END: Final = re.compile(r"(?:[A-ZÀ-Þ][\w'’.-]*\s+){0,3}[A-ZÀ-Þ][\w'’.-]*\s*$")
_AGENCY_LEAD: Final = re.compile(r"\b(?:" + _AGENCIES + r")\s*+/\s*+(?:[A-ZÀ-Þ][\w'’.-]*+\s*+){1,4}")


@functools.lru_cache(maxsize=16384)
def strip_credits(text: str) -> str:
    """Drop photographer credits ("Photo by Jan Doe", "Foto: Boris Roessler/dpa"): the name
    there is who took the picture, not who is in it."""
    if ("/" in text or "—" in text or "–" in text or "|" in text) and any(k in text for k in _AGENCY_KEYS):
        text = _strip_agency_credits(text)
    text = _strip_trailing_credit(text)
    low = text.casefold()
    if not any(k in low for k in _CREDIT_KEYS):
        return text
    return _CREDIT.sub(" ", text)


def _closing_bracket(text: str) -> tuple[int, str] | None:
    """Where the bracket that closes a caption starts, and what it holds; None without one, or
    when the bracket is the whole caption ("(Anna Schmidt/Max Weber)")."""
    if len(text) > 600 or not text.rstrip().endswith(")"):
        return None
    m = _TRAILING_BRACKET.search(text)
    if m is None or not text[: m.start()].strip():
        return None
    return m.start(), m.group(1).strip()


def _strip_trailing_credit(text: str) -> str:
    found = _closing_bracket(text)
    if found is None:
        return text
    start, inner = found
    if inner.casefold() in _PUBLIC_DOMAIN or name_shaped(inner) or ("/" in inner and _credit_path(inner)):
        return text[:start].rstrip()
    return text


_ARCHIVE_WORDS: Final = ("museum", "archiv", "collection", "sammlung", "library", "bibliothe", "images")


def _credit_path(inner: str) -> bool:
    """"picture-alliance/dpa/arkivi", "Deutsches Historisches Museum/T. Bruns": an agency, a
    credit word or an archive names the source; "Hoffmann/Weber" are two people. Whole words:
    "Fontes" holds "fonte", "Bildt" holds "bild"."""
    toks = W.tokens(inner)
    return any(t in W.CREDIT_WORDS or t.startswith(_ARCHIVE_WORDS) for t in toks) or "©" in inner


def bracketed_name(text: str) -> str | None:
    """The name-shaped bracket that closes a caption ("Das Brautpaar (Lea Hoffmann)"): a credit
    on news sites, the subject elsewhere. `strip_credits` drops it; the caller keeps a weaker
    name cue so a subject named only there is not lost."""
    found = _closing_bracket(text)
    if found is None:
        return None
    inner = found[1]
    return inner if name_shaped(inner) and "/" not in inner and not _credit_path(inner) else None


def _strip_agency_credits(text: str) -> str:
    """"Jane Roe/AFP", "David McNew—Getty Images" and "REUTERS/Jane Roe" out of a caption."""
    parts: list[str] = []
    pos = 0
    for m in _AGENCY_TAIL.finditer(text):
        head = text[pos : m.start()].rstrip()
        window = head[-80:]
        name = _NAME_AT_END.search(window)
        if name is not None:
            head = head[: len(head) - len(window) + name.start()]
        parts.append(head)
        parts.append(" ")
        pos = m.end()
    parts.append(text[pos:])
    return _AGENCY_LEAD.sub(" ", "".join(parts)) if "/" in text else "".join(parts)


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
