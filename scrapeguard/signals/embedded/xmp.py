"""IPTC Data Mining in XMP packets (and SVG metadata), parsed safely and generously: the
PLUS prefix resolved, not assumed; a malformed packet read again by a recovering parser."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from defusedxml import ElementTree as SafeET
from lxml import etree

from scrapeguard.signals.embedded.common import IPTC_EXT_NS, MAX_ITEMS, PLUS_NS, RDF_NS, base64_store

# Byte-order marks an XMP packet may start with (XMP Part 1 §7.3: UTF-8, UTF-16 or UTF-32,
# either byte order), longest first: UTF-32LE's mark begins with UTF-16LE's.
_XMP_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _xmp_encoding(packet: bytes) -> tuple[str, int]:
    """The encoding of an XMP packet and where its text starts: a byte-order mark, else the
    NUL bytes around its first "<" (UTF-16/32 without a mark), else UTF-8."""
    for bom, codec in _XMP_BOMS:
        if packet.startswith(bom):
            return codec, len(bom)
    first = packet.find(b"<")
    if first == -1:
        return "utf-8", 0
    # ASCII markup reads the same in either byte order one byte apart: the code units are
    # counted from the packet's start, and "<" must come with the NULs of the character after
    # it (a tag name, "?"), so a stray NUL before a UTF-8 packet is no pattern
    zeros3, at = b"\x00\x00\x00", first % 4
    if at == 0 and packet[first + 1:first + 4] == zeros3 and packet[first + 5:first + 8] == zeros3:
        return "utf-32-le", first
    if at == 3 and packet[first - 3:first] == zeros3 and packet[first + 1:first + 4] == zeros3:
        return "utf-32-be", first - 3
    if first % 2 == 0 and packet[first + 1:first + 2] == b"\x00" and packet[first + 3:first + 4] == b"\x00":
        return "utf-16-le", first
    if first % 2 == 1 and packet[first - 1] == 0 and packet[first + 1:first + 2] == b"\x00":
        return "utf-16-be", first - 1
    return "utf-8", 0


def xmp_text(packet: bytes) -> str:
    """The XML of an XMP packet (from its first "<" to its last ">") as text, whatever
    encoding the packet is in: the one reading every XMP consumer uses.

    Why: a packet in UTF-16 or UTF-32 (which XMP allows) was cut inside its characters by a
    byte search for "<" and ">", and its DataMining and GPS went unread without a word.
    Raises ValueError when there is no XML in it."""
    codec, start = _xmp_encoding(packet)
    unit = 4 if codec.startswith("utf-32") else 2 if codec.startswith("utf-16") else 1
    body = packet[start:]
    text = body[:len(body) - len(body) % unit].decode(codec, "replace")
    first, last = text.find("<"), text.rfind(">")
    if first == -1 or last < first:
        raise ValueError("no XML in the XMP packet")
    return text[first:last + 1]


def data_mining_codes(packet: bytes) -> list[str]:
    """Every `DataMining` value (PLUS namespace, or IPTC Ext as written by some tools)
    as its upper-cased last path segment. Raises on malformed or hostile XML, whether or not
    it holds a DataMining (a packet that cannot be read is not one without an opt-out):
    `read_data_mining` reads such a packet with a recovering parser."""
    text = xmp_text(packet)
    return codes_of(_whole_tree_values(SafeET.fromstring(text, forbid_dtd=True), text))


DM_NAMES = frozenset({f"{{{PLUS_NS}}}DataMining", f"{{{IPTC_EXT_NS}}}DataMining"})
_RDF_RESOURCE = f"{{{RDF_NS}}}resource"
_RDF_VALUE = f"{{{RDF_NS}}}value"
_RDF_LI = f"{{{RDF_NS}}}li"
_DM_ATTRIBUTE = re.compile(r"DataMining\s*=")  # what any attribute form must hold (`plus:DataMining="…"`)


class NodesSpent(ValueError):
    """The walks inside one packet's properties ran past their `NodeBudget`; `values`: those read before."""

    def __init__(self, values: list[str] | None = None) -> None:
        super().__init__(f"reading its properties took more than {MAX_ITEMS} XML nodes (a property nested in itself?)")
        self.values = values or []


class NodeBudget:
    """The XML nodes left to the walks inside the properties of one packet: `MAX_ITEMS`, shared by all of them.

    Why: each property (and each rdf:li in it) was read by a walk of its whole subtree, so a DataMining nested
    in itself 16,000 deep (560 KB of XMP) was walked 16,000 times: 24 s; dc:creator so, the same."""

    __slots__ = ("left",)

    def __init__(self) -> None:
        self.left = MAX_ITEMS

    def walk(self, elem: Any, tag: str | None = None) -> Iterator[Any]:  # noqa: ANN401
        """`elem.iter(tag)`, each node passed charged; raises NodesSpent once the budget is spent."""
        for node in elem.iter():
            self.left -= 1
            if self.left < 0:
                raise NodesSpent
            if tag is None or node.tag == tag:
                yield node


def _element_values(elem: Any, budget: NodeBudget) -> list[str]:  # noqa: ANN401
    """The values of one DataMining element: `rdf:resource`, `rdf:value` or its text; else every
    item of an `rdf:Bag` / `rdf:Seq` / `rdf:Alt` in it, each read so (a qualified item, its value
    inside it: `_inner_value`); else the first text or resource inside it (an `rdf:Description`
    wrapper); [""] when it has none.

    Why every item: the property takes one value, but one written as a list was read by its first
    item only, so `DMI-UNSPECIFIED, DMI-PROHIBITED` passed as unspecified, the prohibition unseen.
    Why `rdf:value`: the empty property element `<plus:DataMining rdf:value="…"/>` is a simple
    value in RDF/XML (Adobe's XMP toolkit reads it so), and was read as none (review)."""
    value = _own_value(elem)
    if value:
        return [value]
    items = [v for li in budget.walk(elem, _RDF_LI) if (v := _own_value(li) or _inner_value(li, budget))]
    return items or [_inner_value(elem, budget)]


def _own_value(elem: Any) -> str:  # noqa: ANN401
    """An element's own value: its `rdf:resource`, its `rdf:value` attribute, or its text."""
    return elem.get(_RDF_RESOURCE) or elem.get(_RDF_VALUE) or (elem.text or "").strip()


def _inner_value(elem: Any, budget: NodeBudget) -> str:  # noqa: ANN401
    """The value inside a DataMining element: its `rdf:value` (a qualified value, whose qualifiers may
    come first: the first text was a qualifier's, `AGENCY`, read as the code), else the first text or
    resource inside it; "" when it has none."""
    qualified = next((e for e in budget.walk(elem, _RDF_VALUE) if _own_value(e)), None)
    if qualified is not None:
        return _own_value(qualified)
    value = next(((e.text or "").strip() for e in budget.walk(elem)  # (elements only: an unexpanded entity's text
                  if isinstance(e.tag, str) and (e.text or "").strip()), "")  # is no value)
    return value or next((e.get(_RDF_RESOURCE, "") for e in budget.walk(elem) if e.get(_RDF_RESOURCE)), "")


def _whole_tree_values(root: Any, text: str) -> list[str]:  # noqa: ANN401
    """The raw `DataMining` values of a tree the strict parser built from `text`, looked up
    over the whole tree: elements by name (a search in C), attributes only when `text` can hold
    one at all. Raises NodesSpent when reading its properties walks more than `MAX_ITEMS` nodes.

    Why whole: the tree is already bounded by the packet (`MAX_XMP_BYTES`), and a DataMining
    after a long list (Photoshop's DocumentAncestors, 25,000 ids) is then read, not taken for
    an unreadable packet; walking it node by node up to `MAX_ITEMS` stopped short of it."""
    values: list[str] = []
    found = 0  # properties (not values: a Bag holds several) found under the PLUS / IPTC names
    if _DM_ATTRIBUTE.search(text):
        for elem in root.iter():
            attrib = elem.attrib
            if attrib and not DM_NAMES.isdisjoint(attrib):
                hits = [value for key, value in attrib.items() if key in DM_NAMES]
                values.extend(hits)
                found += len(hits)
    budget = NodeBudget()
    try:
        for name in sorted(DM_NAMES):
            for elem in root.iter(name):
                values.extend(_element_values(elem, budget))
                found += 1
    except NodesSpent:
        raise NodesSpent(values) from None
    # one in a namespace misspelt (no trailing `/`, https): counted by properties, so a Bag of two values
    # under the right name does not hide a DMI-PROHIBITED under the wrong one
    if "DataMining" in text and found < len(_DATA_MINING_NAME.findall(text)):
        return _any_namespace_values(root, budget)
    return values


def _property_values(name: str, values: list[str]) -> list[str]:
    """The values of a property named `name` that count as DataMining: all of them under the PLUS
    (or IPTC Ext) name; under a DataMining of any other namespace, those that are IPTC codes.

    Why the others: the PLUS namespace written slightly off (`http://ns.useplus.org/ldf/xmp/1.0`,
    no trailing `/`; `https://…`) put its DMI-PROHIBITED in another namespace, and the image was
    let through without a word. A DMI code says whose vocabulary it is; another value does not."""
    if name in DM_NAMES:
        return values
    if name.rpartition("}")[2] != "DataMining":
        return []
    return [v for v in values if (codes := codes_of([v])) and codes[0].startswith("DMI-")]


def _any_namespace_values(root: Any, budget: NodeBudget) -> list[str]:  # noqa: ANN401
    """The raw values of every DataMining property of a strict tree (`_property_values`), in any
    namespace: slower than the look-up by name, only for a packet holding one it did not find."""
    values: list[str] = []
    try:
        for elem in root.iter():
            for key, value in elem.attrib.items():
                values.extend(_property_values(key, [value]))
            if isinstance(elem.tag, str) and elem.tag.endswith("DataMining"):
                values.extend(_property_values(elem.tag, _element_values(elem, budget)))
    except NodesSpent:
        raise NodesSpent(values) from None
    return values


def _data_mining_values(root: Any) -> tuple[list[str], bool]:  # noqa: ANN401
    """The raw `DataMining` values in a tree a recovering parser built (lxml), one per
    property, empty ones too, walked node by node up to `MAX_ITEMS` (such a tree may be any
    shape junk gives it); and whether the walk ended before that (False: the rest unseen). Raises
    NodesSpent when reading the properties walks more than `MAX_ITEMS` nodes besides."""
    values: list[str] = []
    budget = NodeBudget()
    for count, elem in enumerate(root.iter()):
        if count >= MAX_ITEMS:
            return values, False
        if not isinstance(elem.tag, str):  # an lxml comment, processing instruction or entity
            continue
        for key, value in elem.attrib.items():
            values.extend(_property_values(key, [value]))
        if elem.tag.endswith("DataMining"):
            try:
                values.extend(_property_values(elem.tag, _element_values(elem, budget)))
            except NodesSpent:
                raise NodesSpent(values) from None
    return values, True


# The IPTC Data Mining vocabulary's labels (its "name" of each code, as ExifTool and photo tools
# show and some write them in place of the code), lower-cased: read as their codes
_DMI_LABELS: dict[str, str] = {
    "unspecified - no prohibition defined": "DMI-UNSPECIFIED",
    "unspecified": "DMI-UNSPECIFIED",
    "allowed": "DMI-ALLOWED",
    "prohibited for ai/ml training": "DMI-PROHIBITED-AIMLTRAINING",
    "prohibited for generative ai/ml training": "DMI-PROHIBITED-GENAIMLTRAINING",
    "prohibited except for search engine indexing": "DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING",
    "prohibited": "DMI-PROHIBITED",
    "prohibited, see plus:otherconstraints": "DMI-PROHIBITED-SEECONSTRAINT",
    "prohibited, see embedded rights expression": "DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR",
    "prohibited, see linked rights expression": "DMI-PROHIBITED-SEELINKEDRIGHTSEXPR",
    "prohibited, see iptcext:embdencrightsexpr": "DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR",
    "prohibited, see iptcext:linkedencrightsexpr": "DMI-PROHIBITED-SEELINKEDRIGHTSEXPR",
}


def codes_of(values: list[str]) -> list[str]:
    """Each value as its code: a vocabulary URI's last path segment, or a bare code, upper-cased; a
    label of the vocabulary as its code (`_DMI_LABELS`). Why labels: `plus:DataMining="Prohibited"`
    (what a tool shows, written back) was an unknown code, a note, and the image let through (review);
    cut at its last `/`, "Prohibited for AI/ML training" read as "ML TRAINING"."""
    out = []
    for value in values:
        text = value.strip()
        if not text:
            continue
        label = _DMI_LABELS.get(" ".join(text.lower().split()))
        last = text.rstrip("/").rsplit("/", 1)[-1]
        out.append(label if label is not None else
                   (last if "://" in text or last.upper().startswith("DMI-") else text).upper())
    return out


@dataclass(frozen=True, slots=True)
class DataMiningReading:
    """What an XMP packet (or an SVG) says of data mining, and how well it could be read.

    `malformed`: why the strict parse refused it (it was then read by a recovering parser);
    `unread`: why a DataMining property in it may have gone unread (an opt-out may be there)."""

    codes: list[str]
    malformed: str = ""
    unread: str = ""


# A DataMining property as written (a prefixed attribute, an element with or without a
# prefix): each the recovering parse must have read, or the reading is incomplete.
_DATA_MINING_BYTES = tuple("DataMining".encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))


_DATA_MINING_NAME = re.compile(r"""<(?:[^\s<>/:="']+:)?DataMining[\s>/]|[\s"'][^\s<>/:="']+:DataMining\s*=""")


def names_data_mining(data: bytes) -> bool:
    """Whether bytes of XMP (a part of a packet) name a DataMining property, in any of XMP's encodings."""
    return any(name in data for name in _DATA_MINING_BYTES)


def read_data_mining(source: bytes, *, dtd: bool = False) -> DataMiningReading:
    """The `DataMining` codes of an XMP packet (or of a whole XML document such as an SVG,
    `dtd=True`, where a DTD is no fault): strict first, as `data_mining_codes`; only when
    that fails, a recovering parse that loads nothing (no DTD, no external entity, no
    network) and expands no entity in text. That reading counts only if every DataMining
    property written in the text was read; otherwise `unread` says why.

    Why: one unescaped "&" in a caption ("Smith & Sons") made the whole packet unreadable,
    and its DMI-PROHIBITED was not honoured (a note, and the image allowed)."""
    try:
        text = xmp_text(source)
    except ValueError as exc:  # (one that never names DataMining, in any of XMP's encodings, hides no opt-out)
        named = names_data_mining(source)
        return DataMiningReading([], str(exc), "what it holds is unknown" if named else "")
    try:  # the strict tree is read whole (a document's metadata, a packet's DataMining, may come last)
        tree = SafeET.fromstring(text, forbid_dtd=not dtd)
        values = _whole_tree_values(tree, text)
    except NodesSpent as spent:  # (well-formed, its properties past the walks' budget: unread, as a walk cut short)
        return DataMiningReading(codes_of(spent.values), "", str(spent))
    except Exception as exc:  # noqa: BLE001 - ParseError, DTDForbidden, EntitiesForbidden …
        malformed = f"{type(exc).__name__}: {str(exc)[:160]}"
    else:
        if not dtd:
            return DataMiningReading(codes_of(values))
        inner = _text_packets(tree)  # a document: the XMP packets it holds as text read too
        unread = "; ".join(reading.unread for reading in inner if reading.unread)
        return DataMiningReading(codes_of(values) + [code for reading in inner for code in reading.codes], "",
                                 f"an XMP packet written as its text: {unread}" if unread else "")
    root, failed = None, "no element"
    try:
        root = recovered_xml(text)
    except etree.XMLSyntaxError as exc:
        failed = f"{type(exc).__name__}: {str(exc)[:160]}"
    if root is None:  # (an empty or garbled packet that never names DataMining hides no opt-out: malformed only)
        return DataMiningReading([], malformed, f"not even a recovering parser read it ({failed})" if "DataMining" in text else "")
    # (a recovering parse of a packet is walked only so far; a document's is read whole, with its text packets)
    try:
        values, whole = (_whole_tree_values(root, text) + [c for r in _text_packets(root) for c in r.codes], True) \
            if dtd else _data_mining_values(root)
    except NodesSpent as spent:
        return DataMiningReading(codes_of(spent.values), malformed, f"{spent} (by a recovering parser)")
    return _checked(values, text, malformed, "by a recovering parser" if whole else
                    f"by a recovering parser whose walk stopped at {MAX_ITEMS} XML nodes")


MAX_TEXT_PACKETS = 64  # texts of a document read as XMP packets (`_text_packets`)


def _text_packets(root: Any) -> list[DataMiningReading]:  # noqa: ANN401
    """The readings of the XMP packets a document holds as text, not elements (an element's text or
    tail naming DataMining in markup: a packet in a CDATA section, or escaped), each read as a packet
    (`read_data_mining`); the first `MAX_TEXT_PACKETS`. Words about the property in a caption (no
    markup) are no packet.

    Why: a template pasting an XMP packet's text into an SVG's <metadata> as CDATA put no element in
    the tree, and its DMI-PROHIBITED let the SVG through without a word."""
    texts = (text for node in root.iter() for text in ((node.text if isinstance(node.tag, str) else None), node.tail)
             if text and "DataMining" in text and "<" in text)
    return [read_data_mining(text.encode("utf-8", "surrogatepass")) for text in itertools.islice(texts, MAX_TEXT_PACKETS)]


def _checked(values: list[str], text: str, malformed: str, how: str) -> DataMiningReading:
    """A reading of `values` that says so when they are fewer than the DataMining properties
    written in `text` (an empty value, or one an unexpanded entity holds, counts as unread)."""
    codes = codes_of(values)
    written = len(_DATA_MINING_NAME.findall(text))
    missing = written - len(codes)
    unread = f"{missing} of its {written} DataMining properties not read ({how})" if missing > 0 else ""
    if not unread and ":DataMining" in text:
        # an attribute given twice on one element is read once, its first value twice (lxml): as many values as
        # written, one of them never read (`DMI-ALLOWED` then `DMI-PROHIBITED` was allowed: review)
        read = set(codes)
        lost = sum(1 for quoted in _DATA_MINING_ATTRIBUTE.findall(text)
                   if not read.issuperset(codes_of([quoted[0] or quoted[1]])))
        if lost:
            unread = f"{lost} DataMining value(s) written as an attribute not read ({how}: an attribute given twice?)"
    return DataMiningReading(codes, malformed, unread)


# A DataMining property written as an attribute, with its value (`plus:DataMining="…"`).
_DATA_MINING_ATTRIBUTE = re.compile(r"""[\s"'][^\s<>/:="']+:DataMining\s*=\s*(?:"([^"<]*)"|'([^'<]*)')""")


def recovered_xml(text: str) -> Any:  # noqa: ANN401 - lxml's element (None for no element)
    """`text` parsed by a recovering parser that loads nothing (no DTD, no external entity, no network)
    and expands no entity in text. Raises etree.XMLSyntaxError. The one reading of a packet the strict
    parser refused: the rights here, the personal data and thumbnails (`detect.exif`) alike."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, load_dtd=False, no_network=True,
                             huge_tree=False, encoding="utf-8")
    return etree.fromstring(text.encode("utf-8", "replace"), parser)


# ----------------------------------------------------------------------- SVG
C2PA_SVG_NS = "http://c2pa.org/manifest"
_SVG_MANIFEST = f"{{{C2PA_SVG_NS}}}manifest"


def svg_mentions(body: bytes, word: str) -> bool:
    """Whether an SVG's text holds `word` (`DataMining`, the C2PA namespace) at all: one byte search
    for an ASCII-compatible body, its text for a UTF-16 / UTF-32 one. Only then is it parsed."""
    codec, start = _xmp_encoding(body)
    if codec == "utf-8":
        return word.encode() in body
    unit = 4 if codec.startswith("utf-32") else 2
    rest = body[start:]
    return word in rest[:len(rest) - len(rest) % unit].decode(codec, "replace")


def svg_manifests(body: bytes) -> list[bytes]:
    """The C2PA manifest stores an SVG embeds, decoded: each `manifest` element of the namespace
    `C2PA_SVG_NS` (whatever its prefix) holds one in base64, in the SVG's <metadata>, as the C2PA
    specification embeds it in SVG (Adobe Illustrator's exports carry one). Parsed as its DataMining
    is (strict, else by the recovering parser); b"" for one that is no base64 or is over the
    reading cap, which reads as a store cut short.

    Why: only an SVG's DataMining was read, and the training-mining refusal of its manifest let it
    through without a word."""
    try:
        text = xmp_text(body)
        try:
            root = SafeET.fromstring(text, forbid_dtd=False)
        except Exception:  # noqa: BLE001 - ParseError, EntitiesForbidden …: read as a broken document is
            root = recovered_xml(text)
    except (ValueError, etree.XMLSyntaxError):
        return []
    if root is None:
        return []
    return [base64_store("".join(element.itertext())) for element in root.iter(_SVG_MANIFEST)]
