"""C2PA / CAWG training-and-data-mining assertions: JUMBF boxes walked and the small CBOR (or
JSON) content decoded with bounds; remote manifests announced by `Link` headers."""

from __future__ import annotations

import bisect
import itertools
import json
import re
import struct
from collections.abc import Callable
from typing import Any, Final

from scrapeguard.link_field import links as link_values
from scrapeguard.link_field import relations
from scrapeguard.signals.base import Verdict
from scrapeguard.signals.embedded.common import (
    ASSERTION_LABELS,
    IPTC_EXT_NS,
    MAX_DEPTH,
    MAX_ITEMS,
    MAX_XMP_BYTES,
    PLUS_NS,
    base64_store,
)
from scrapeguard.signals.embedded.xmp import DM_NAMES
from scrapeguard.signals.usage import C2PA_ENTRIES, combine


class Truncated(ValueError):
    """A box or CBOR item claims more bytes than there are."""


def jumbf_boxes(buf: bytes, start: int, end: int) -> tuple[list[tuple[bytes, int, int]], str]:
    """The boxes between `start` and `end`, and where they break off ("" nowhere). A box that
    claims more bytes than there are is kept up to `end`: its start may hold whole what a
    reader needs (the assertions of a store whose last APP11 segment was lost)."""
    out: list[tuple[bytes, int, int]] = []
    pos = start
    while pos < end:
        if pos + 8 > end:
            return out, f"box header cut at byte {pos}"
        lbox, tbox = struct.unpack(">I", buf[pos:pos + 4])[0], buf[pos + 4:pos + 8]
        header = 8
        if lbox == 1:
            if pos + 16 > end:
                return out, "XLBox cut"
            lbox, header = struct.unpack(">Q", buf[pos + 8:pos + 16])[0], 16
        elif lbox == 0:
            lbox = end - pos
        if lbox < header:
            return out, f"box {tbox!r} claims {lbox} bytes, under its own header"
        if len(out) >= MAX_ITEMS:
            return out, "too many boxes"
        if pos + lbox > end:
            out.append((tbox, pos + header, end))
            return out, f"box {tbox!r} claims {lbox} bytes, {end - pos} left"
        out.append((tbox, pos + header, pos + lbox))
        pos += lbox
    return out, ""


def _label(buf: bytes, start: int, end: int) -> str:
    """The label of a `jumd` description box (UUID, toggles, NUL-terminated label)."""
    if end - start < 17:
        return ""
    toggles = buf[start + 16]
    if not toggles & 0x02:
        return ""
    label_end = buf.find(b"\x00", start + 17, end)
    return buf[start + 17:label_end if label_end != -1 else end].decode("utf-8", "replace")


def _walk_assertions(store: bytes, take: Callable[[str, list[tuple[bytes, int, int]], str], bool]) -> str:
    """Walk the labelled superboxes of every manifest in a store, in order: `take(label, children,
    cut)` reads one (True) or lets the walk go into it (False), and may raise `Truncated` to stop
    the walk there. Returns where the walk stopped ("" nowhere: the store was read whole). At most
    `MAX_ITEMS` boxes are read in all (each superbox's own bound let 20,000 superboxes of 40
    boxes, 7 MB, take 1.3 s)."""
    read = 0

    def boxes_in(start: int, end: int) -> tuple[list[tuple[bytes, int, int]], str]:
        nonlocal read
        boxes, broken = jumbf_boxes(store, start, end)
        read += len(boxes)
        if read > MAX_ITEMS:
            raise Truncated(f"JUMBF store of more than {MAX_ITEMS} boxes")
        return boxes, broken

    def walk(start: int, end: int, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise Truncated("JUMBF nested too deeply")
        boxes, broken = boxes_in(start, end)
        for tbox, s, e in boxes:
            if tbox != b"jumb":
                continue
            children, cut = boxes_in(s, e)
            if not children or children[0][0] != b"jumd":
                continue
            if not take(_label(store, children[0][1], children[0][2]), children, cut):
                walk(s, e, depth + 1)
        if broken:
            raise Truncated(broken)

    try:
        walk(0, len(store), 0)
    except Truncated as exc:
        return str(exc)
    return ""


def _content_box(children: list[tuple[bytes, int, int]]) -> tuple[bytes, int, int] | None:
    """An assertion's CBOR or JSON content box (after its description box), if it has one."""
    return next(((t, cs, ce) for t, cs, ce in children[1:] if t in (b"cbor", b"json")), None)


def _decoded(store: bytes, content: tuple[bytes, int, int]) -> Any:  # noqa: ANN401 - CBOR's or JSON's own types
    kind, cs, ce = content
    return _cbor(store, cs, ce, 0, [MAX_ITEMS])[0] if kind == b"cbor" else _json(store, cs, ce)


def training_assertions(store: bytes) -> tuple[list[tuple[str, Any]], str]:
    """`(label, decoded CBOR or JSON)` of every training-mining assertion in a manifest store,
    in every manifest (conservative: ingredients' opt-outs count too), and where the store
    breaks off ("" nowhere: it was read whole).

    A store that breaks off (a box lying about its length, CBOR cut short, a lost APP11
    segment) gives the assertions decoded whole before the break. Why: an opt-out read whole
    is one the publisher wrote, and it was lost with the rest of a store broken after it."""
    found: list[tuple[str, Any]] = []

    def take(label: str, children: list[tuple[bytes, int, int]], cut: str) -> bool:
        if not label.startswith(ASSERTION_LABELS):
            return False
        content = _content_box(children)
        if cut or content is None:  # (an assertion box that breaks off is not read as whole)
            raise Truncated(f"assertion {label}: {cut or 'no CBOR or JSON content box'}")
        found.append((label, _decoded(store, content)))
        return True

    return found, _walk_assertions(store, take)


# The assertions that carry IPTC photo metadata (JSON-LD with XMP property names): C2PA's `stds.iptc`
# (and its earlier `stds.iptc.photo-metadata`), `c2pa.metadata` and CAWG's `cawg.metadata`.
_METADATA_LABELS = ("stds.iptc", "c2pa.metadata", "cawg.metadata")


def metadata_assertions(store: bytes) -> list[tuple[str, Any]]:
    """`(label, decoded CBOR or JSON, or the `Truncated` that stopped its reading)` of every
    metadata assertion of a store whose content names `DataMining` at all (a byte search: the
    others are not decoded). A store broken before one is `training_assertions`' to say.

    Why: IPTC's plus:DataMining is one of the photo metadata these assertions carry (C2PA's
    own example binds the `plus` prefix there), and an image whose only DMI-PROHIBITED was in
    its manifest was allowed, the XMP that usually carries it being the only place looked at."""
    return _assertions_naming(store, _METADATA_LABELS, (b"DataMining",))


# The assertions that may carry personal metadata: the IPTC and C2PA metadata ones, C2PA's EXIF
# assertion (`stds.exif`, whose own example holds a GPS position) and schema.org's (`stds.schema-org.
# CreativeWork`, whose `author` Content Credentials writers fill in); and the words they name it by
_PERSONAL_LABELS: Final = (*_METADATA_LABELS, "stds.exif", "stds.schema-org.")
_PERSONAL_WORDS: Final = (b"GPS", b"Serial", b"Owner", b"creator", b"Creator", b"author", b"CiEmail", b"CiTel",
                          b"CiAdr", b"rights")


def personal_assertions(store: bytes) -> list[tuple[str, Any]]:
    """As `metadata_assertions`, for the assertions whose content names a GPS position, a serial
    number, an owner, an author or a creator (`_PERSONAL_WORDS`): read for personal data
    (`detect.exif.embedded_personal_data`), as the same fields are in XMP."""
    return _assertions_naming(store, _PERSONAL_LABELS, _PERSONAL_WORDS)


def _assertions_naming(store: bytes, labels: tuple[str, ...], words: tuple[bytes, ...]) -> list[tuple[str, Any]]:
    """`(label, decoded CBOR or JSON, or the `Truncated` that stopped its reading)` of every assertion
    whose label begins with one of `labels` and whose content holds one of `words` (a byte search: the
    others are not decoded)."""
    found: list[tuple[str, Any]] = []

    def take(label: str, children: list[tuple[bytes, int, int]], cut: str) -> bool:
        if not label.startswith(labels):
            return False
        content = _content_box(children)
        if content is not None and any(store.find(word, content[1], content[2]) != -1 for word in words):
            try:
                if cut:
                    raise Truncated(f"assertion {label}: {cut}")
                found.append((label, _decoded(store, content)))
            except Truncated as exc:
                found.append((label, exc))
        return True

    _walk_assertions(store, take)
    return found


_DM_IRIS = frozenset(name[1:].replace("}", "") for name in DM_NAMES)  # the two properties' full IRIs
_CONVENTIONAL = (("plus", PLUS_NS), ("Iptc4xmpExt", IPTC_EXT_NS))


def jsonld_data_mining(value: Any) -> list[str]:  # noqa: ANN401 - CBOR's or JSON's own types
    """The DataMining values of a metadata assertion's JSON-LD object ("" for one that is no text):
    its keys naming the PLUS or IPTC Ext property by a prefix its `@context` binds, by the full
    IRI, or by the prefix XMP writers use (`plus:`, `Iptc4xmpExt:`) where the context binds it to
    nothing else."""
    if not isinstance(value, dict):
        return []
    context = value.get("@context")
    bound: dict[Any, Any] = context if isinstance(context, dict) else {}
    names = set(_DM_IRIS) | {f"{prefix}:DataMining" for prefix, ns in _CONVENTIONAL if bound.get(prefix, ns) == ns}
    names |= {f"{prefix}:DataMining" for prefix, ns in bound.items() if ns in (PLUS_NS, IPTC_EXT_NS)}
    return [text for key, given in value.items() if key in names for text in _jsonld_texts(given)]


def _jsonld_texts(given: Any) -> list[str]:  # noqa: ANN401
    """A JSON-LD value as texts: a string, an `@id` / `@value` object, or a list of them (the first 64)."""
    if isinstance(given, str):
        return [given]
    if isinstance(given, dict):
        inner = given.get("@id", given.get("@value"))
        return [inner] if isinstance(inner, str) else [""]
    if isinstance(given, list):
        return [text for item in given[:64] for text in (_jsonld_texts(item) if not isinstance(item, list) else [""])]
    return [""]


def _json(buf: bytes, start: int, end: int) -> Any:  # noqa: ANN401 - JSON's own types
    """A JSON content box's value: JUMBF carries an assertion as JSON as well as CBOR, and an
    opt-out written either way is the publisher's. Raises `Truncated` when it is not JSON, or
    is larger than the XMP reading cap (parsed whole, 24 MB took 1.5 s and 350 MB)."""
    if end - start > MAX_XMP_BYTES:
        raise Truncated(f"JSON content box of {end - start} bytes, over {MAX_XMP_BYTES}")
    try:
        return json.loads(buf[start:end].decode("utf-8"), object_pairs_hook=lambda pairs: _unique_map(pairs, "JSON"))
    except Truncated:
        raise
    except (ValueError, RecursionError) as exc:  # (UnicodeDecodeError is a ValueError)
        raise Truncated(f"JSON content box unreadable: {type(exc).__name__}") from None


# the description box (`jumd`: 16-byte UUID, toggles, label) of a training-mining assertion
_ASSERTION_DESCRIPTION = re.compile(rb"jumd[\x00-\xff]{17}(?:cawg|c2pa)\.training-mining")


def assertions_written(store: bytes) -> int:
    """How many training-mining assertion boxes a store's bytes hold, read or not (a claim
    naming one in its assertion list is no box of it)."""
    return len(_ASSERTION_DESCRIPTION.findall(store))


def _cbor(buf: bytes, pos: int, end: int, depth: int, budget: list[int]) -> tuple[Any, int]:
    """A bounded decoder for the CBOR subset assertions use: at most `MAX_DEPTH` deep, and at most
    `budget[0]` items in all (each container's own bound let 400 arrays of 20,000 items, 8 MB,
    take 4 s). Raises `Truncated`."""
    if depth > MAX_DEPTH:
        raise Truncated("CBOR nested too deeply")
    budget[0] -= 1
    if budget[0] < 0:
        raise Truncated(f"CBOR content of more than {MAX_ITEMS} items")
    if pos >= end:
        raise Truncated("CBOR item cut")
    initial = buf[pos]
    major, info = initial >> 5, initial & 0x1F
    pos += 1
    if info < 24:
        arg = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        if pos + size > end:
            raise Truncated("CBOR argument cut")
        arg = int.from_bytes(buf[pos:pos + size], "big")
        pos += size
    elif info == 31 and major in (2, 3, 4, 5):
        arg = -1  # indefinite length
    else:
        raise Truncated(f"CBOR additional info {info} not supported")
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major in (2, 3):
        if arg == -1:
            chunks = []
            while True:
                if pos >= end:
                    raise Truncated("indefinite CBOR string cut")
                if buf[pos] == 0xFF:
                    pos += 1
                    break
                chunk, pos = _cbor(buf, pos, end, depth + 1, budget)
                chunks.append(chunk)
            joined = b"".join(c if isinstance(c, bytes) else str(c).encode() for c in chunks)
            return (joined if major == 2 else joined.decode("utf-8", "replace")), pos
        if pos + arg > end:
            raise Truncated("CBOR string cut")
        raw = buf[pos:pos + arg]
        return (raw if major == 2 else raw.decode("utf-8", "replace")), pos + arg
    if major in (4, 5):
        items: list[Any] = []
        count = 0
        while arg == -1 or count < arg * (2 if major == 5 else 1):
            if arg == -1:
                if pos >= end:
                    raise Truncated("indefinite CBOR container cut")
                if buf[pos] == 0xFF:
                    pos += 1
                    break
            if count > MAX_ITEMS:
                raise Truncated("CBOR container too large")
            item, pos = _cbor(buf, pos, end, depth + 1, budget)
            items.append(item)
            count += 1
        if major == 4:
            return items, pos
        if len(items) % 2:
            raise Truncated("CBOR map with an odd number of items")
        return _unique_map([(_hashable(k), v) for k, v in zip(items[::2], items[1::2], strict=True)], "CBOR"), pos
    if major == 6:
        return _cbor(buf, pos, end, depth + 1, budget)
    # major 7: simple values and floats
    if info == 20:
        return False, pos
    if info == 21:
        return True, pos
    if info in (22, 23):
        return None, pos
    if info == 25:
        return struct.unpack(">e", arg.to_bytes(2, "big"))[0], pos
    if info == 26:
        return struct.unpack(">f", arg.to_bytes(4, "big"))[0], pos
    if info == 27:
        return struct.unpack(">d", arg.to_bytes(8, "big"))[0], pos
    return arg, pos


def _unique_map(pairs: list[tuple[Any, Any]], how: str) -> dict[Any, Any]:
    """A map whose keys are each given once. Raises `Truncated` for a key given twice: read as
    the last value, an entry's `notAllowed` followed by its `allowed` was no opt-out at all, and
    which one the publisher meant cannot be told (unreadable: the policy's on_error decides)."""
    out = dict(pairs)
    if len(out) < len(pairs):
        raise Truncated(f"{how} map gives a key twice")
    return out


def _hashable(key: Any) -> Any:
    return key if isinstance(key, str | int | bytes | bool | float) or key is None else repr(key)


def entries_verdicts(value: Any) -> tuple[dict[str, Verdict], list[str], list[str]]:
    """Per-aspect verdicts of one assertion's `entries`, the entries read, and the entries that
    refuse (or say what is no `use` value) under a name that is none of the four (`custom.key`).

    Names and `use` values are matched without regard to case, `_`, `-` or a missing `cawg.` /
    `c2pa.` prefix (`NotAllowed`, `not_allowed`, `AI_Training`): only a refusal is ever honoured,
    and a refusal read generously only makes us stricter (as a forged one does). Why: written so,
    the opt-out was skipped without a word and the image let through for training. So is an entry
    written as its `use` alone (`"cawg.ai_training": "notAllowed"`, no map around it); one that is
    neither a map nor a text (a list, a number), or under a name that is no text, is noted: skipped,
    its refusal let the image through unremarked."""
    out: dict[str, Verdict] = {}
    read: list[str] = []
    unplaced: list[str] = []
    entries = value.get("entries") if isinstance(value, dict) else None
    if not isinstance(entries, dict):
        raise Truncated("assertion without an `entries` map")
    for raw_key, entry in entries.items():
        key = raw_key if isinstance(raw_key, str) else repr(raw_key)  # (no name: noted below, never placed)
        name = _loose(key.split(".", 1)[1] if key.lower().startswith(("cawg.", "c2pa.")) else key)
        use = entry.get("use") if isinstance(entry, dict) else entry
        said = _loose(use) if isinstance(use, str) else ""
        if said == "allowed":
            continue  # "allowed" is not trusted without a validated signature
        if name not in _C2PA_NAMES or said not in ("notallowed", "constrained"):
            # a refusal under another name, or a `use` that is no value of the three (skipkeys: a CBOR map
            # with a bytes key raised TypeError, and the valid refusal beside it was lost as unreadable)
            unplaced.append(f"{key[:60]}={json.dumps(use, default=str, skipkeys=True)[:40]}")
            continue
        verdict = Verdict.DENY  # CAWG 1.1: constrained = notAllowed
        read.append(f"{key}={use}")
        for aspect in C2PA_ENTRIES[_C2PA_NAMES[name]]:
            out[aspect] = combine([out.get(aspect, Verdict.UNKNOWN), verdict])
    return out, read, unplaced


def _loose(text: str) -> str:
    """A name or value as compared generously: lower case, without `_`, `-` or white space."""
    return re.sub(r"[\s_-]+", "", text).lower()


_C2PA_NAMES = {_loose(name): name for name in C2PA_ENTRIES}


# A page's manifest association (C2PA's HTML embedding, in its head): the store in base64 in a script of type
# application/c2pa, or a remote one named by a link of relation c2pa-manifest. Each is found by the word it
# must hold (a literal search), its tag read within `_MAX_TAG` bytes around it: a pattern over the page
# (`<link[^>]*?rel=…`) tried every tag start to the page's end, 600 KB of unclosed `<link` took minutes.
_MAX_TAG = 4096
_SCRIPT_TYPE = re.compile(rb"application/c2pa\b", re.I)
_SCRIPT_END = re.compile(rb"</script", re.I)
_LINK_REL = re.compile(rb"c2pa-manifest\b", re.I)
_HTML_HREF = re.compile(rb"\shref\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I)
# Where, in a tag, a value of its type / rel attribute may start: `\stype\s*=\s*["']?\s*` and `\srel\s*=\s*`
# (then perhaps a quote, whose value runs to the next), each found where it begins, overlapping ones too
_SCRIPT_VALUE = re.compile(rb"(?=(\stype\s*=\s*[\"']?\s*))", re.I)
_LINK_VALUE_AT = re.compile(rb"(?=(\srel\s*=\s*))", re.I)
_NAME_CHAR = re.compile(rb"\w")


class _Tags:
    r"""The words of a page (`word`) that stand as the value of the attribute of their tag, as `<script type=…>`
    and `<link rel="… c2pa-manifest">` hold theirs: the tag whose `<` is the last before the word, no more than
    `_MAX_TAG` bytes back, that `<` followed by `element`, its attribute (`value`) before any `>`, and the word
    the value (`<script\b[^>]*\stype\s*=\s*["']?\s*$`) or in it (`<link\b[^>]*\srel\s*=\s*(?:"[^"]*|'[^']*|)$`).

    Why so: each word's tag was matched by such a pattern over up to `_MAX_TAG` bytes, so a page repeating the
    word after one `<script ` every 4 kB cost 4,096 steps for every 17 bytes (8 MB: 9.5 s). Each tag is now
    read once, where the values in it may start (`_read`), and the words outside them skipped."""

    def __init__(self, body: bytes, word: re.Pattern[bytes], element: bytes, value: re.Pattern[bytes]) -> None:
        self.body, self.word, self.element, self.value = body, word, element, value
        self._lt, self._starts, self._reach = -1, [0], [0]  # the last tag read, and its values (`_read`)
        self._gt = (0, -1)  # (searched from, the first `>` from there; len(body): none)

    def _next_gt(self, pos: int) -> int:
        """The first `>` at or after `pos` (len(body): none), asked in increasing order: searched once."""
        since, found = self._gt
        if not since <= pos <= found:
            at = self.body.find(b">", pos)
            found = len(self.body) if at == -1 else at
            self._gt = (pos, found)
        return found

    def _read(self, lt: int) -> tuple[list[int], list[int]]:
        """Where a value may start in the tag opened at `lt` (none when the tag is not `element`): within
        `_MAX_TAG` bytes of it, before the next `<`, its attribute before the first `>`; as the starts of the
        spans [start, end) a word may start in, sorted, and the furthest end of those up to each."""
        body, floor = self.body, lt + 1 + len(self.element)
        if body[lt + 1:floor].lower() != self.element or _NAME_CHAR.match(body, floor) is not None:
            return [], []
        limit = body.find(b"<", floor, lt + _MAX_TAG + 1)
        limit = lt + _MAX_TAG + 1 if limit == -1 else limit
        end = limit if (gt := body.find(b">", floor, limit)) == -1 else gt
        spans: list[tuple[int, int]] = []
        for found in self.value.finditer(body, floor, end) if body.find(b"=", floor, end) != -1 else ():
            at = found.end(1)
            spans.append((at, at + 1))
            if self.element == b"link" and body[at:at + 1] in (b'"', b"'"):  # (a quoted rel: any word in it)
                close = body.find(body[at:at + 1], at + 1, limit)
                spans.append((at + 1, limit if close == -1 else close))
        spans.sort()
        return [start for start, _ in spans], list(itertools.accumulate((end for _, end in spans), max))

    def find(self, pos: int) -> tuple[int, tuple[int, int]] | None:
        """(its end, (start, end) of its tag) for the first word at or after `pos` that is its tag's value, that
        tag's `>` within `_MAX_TAG` bytes after the word; None when there is none."""
        body = self.body
        while (word := self.word.search(body, pos)) is not None:
            at, pos = word.start(), word.end()
            lt = body.rfind(b"<", max(0, at - _MAX_TAG), at)
            if lt == -1:  # (no tag here: none until the next `<`)
                pos = body.find(b"<", at)
                if pos == -1:
                    return None
                continue
            if lt != self._lt:
                self._lt, (self._starts, self._reach) = lt, self._read(lt)
            index = bisect.bisect_right(self._starts, at)
            if index == 0 or self._reach[index - 1] <= at:
                # (no value of this tag holds it: the next word that may be one is at a later value or tag)
                pos = self._starts[index] if index < len(self._starts) else body.find(b"<", at)
                if pos == -1:
                    return None
                continue
            gt = self._next_gt(at)
            if gt == len(body):
                return None  # (no `>` after it: no word after it is in a tag either)
            if gt - at >= _MAX_TAG:  # (its tag runs on too far: so for every word up to 4 kB before the `>`)
                pos = max(pos, gt - _MAX_TAG + 1)
                continue
            return word.end(), (lt, gt + 1)
        return None


def html_manifests(body: bytes) -> tuple[list[bytes], list[str]]:
    """The C2PA manifest stores a page embeds (`base64_store` of each `<script type="application/c2pa">`), and
    the targets of its `<link rel="c2pa-manifest" href>`: as C2PA associates a manifest with an HTML document.
    Read wherever they are in the page (a refusal read outside the head only makes us stricter); the first
    `MAX_ITEMS` of each. A page that names `c2pa` nowhere is not searched (one byte search each case).

    Why: only pictures' and SVGs' manifests were read, and a page's training-mining refusal let it through
    without a word."""
    if b"c2pa" not in body and b"C2PA" not in body:
        return [], []
    stores: list[bytes] = []
    pos, scripts = 0, _Tags(body, _SCRIPT_TYPE, b"script", _SCRIPT_VALUE)
    while len(stores) < MAX_ITEMS and (found := scripts.find(pos)) is not None:
        pos, tag = found
        closing = _SCRIPT_END.search(body, tag[1])
        if closing is None:
            break  # (no script closes after it: none further does either)
        stores.append(base64_store(body[tag[1]:closing.start()]))
        pos = closing.end()
    remote: list[str] = []
    pos, links = 0, _Tags(body, _LINK_REL, b"link", _LINK_VALUE_AT)
    hrefs: dict[tuple[int, int], str | None] = {}  # (a tag naming the relation again is not searched again)
    while len(remote) < MAX_ITEMS and (found := links.find(pos)) is not None:
        pos, tag = found
        if tag not in hrefs:
            href = _HTML_HREF.search(body, tag[0], tag[1])
            hrefs[tag] = None if href is None else \
                next(g for g in href.groups() if g is not None).decode("latin-1").strip()
        if (target := hrefs[tag]) is not None:
            remote.append(target)
    return stores, remote


def remote_manifests(links: list[str]) -> list[str]:
    """The targets of `Link: <url>; rel="c2pa-manifest"` (RFC 8288; rel a space-separated list of
    relation types, matched without regard to case) among a response's Link fields.

    Why: C2PA lets an image's manifest live elsewhere, announced this way; its training-mining
    opt-out was never read, and nothing said so (`c2pa.manifest.remote` now does)."""
    return [target for target, params in link_values(links) if "c2pa-manifest" in relations(params)]
