"""A page's bytes made ready for the one parse: the encoding it is read in, and the checks
that keep the parser from reading it otherwise than a crawler's parser does or at a quadratic cost.

Page analysis and redaction (`page_redact`) read a page through these same functions, so both
see the same text: the encoding a browser would decide (`page_encoding`), XHTML's self-closed
raw-text elements opened (`closed_as_xml`), a `<template>`'s content made visible
(`open_templates`), and a page nesting too deeply for lexbor, or with a <select> of over ten thousand
options, refused before parsing (`too_costly_to_parse`).

Deep nesting: lexbor's tree builder walks its stack of open elements for every block start tag and
every end tag, so thousands of elements left open, then thousands of tags, cost their product (10 000
nested <div>s parse in ~0.4 s, 20 000 <span>s then 20 000 `</x>` in ~1.5 s, the same in an <svg> in
~2 s). Real pages nest a few dozen deep (at most ~170 in the local corpus). `too_costly_to_parse`
bounds the work before parsing: a page with few start tags, or few end tags for them, cannot walk far;
any other page is read once by a model of the parser's stack (`tree_walks.stack_walks`: the elements
the rules close implicitly, scopes, formatting elements, foreign content) that counts the walks, and
above the limit the analysis is refused with `PageAnalysis.error` (the guard turns that into an `error`
finding that the policy's `on_error` decides: never a silent allow). The model reads each tag's text at
~4-8 us a tag, ten times lexbor's parse of an ordinary legacy page (a review: 0.49 s for a table of 5,000
rows leaving <font>s open, parsed in 0.04 s), so quick upper bounds on its count come first: from C where
every formatting element ends at once (`tree_walks.paired_walks`: 30,000 links), else from the tag names
alone (`tree_walks.quick_walks`, which hands the model what it cannot follow). Measured (mypyc-compiled,
then interpreted): the 600 kB table 0.09-0.14 s and 0.25 s, most of it the tag names' regex and the quick
bound, 5,000 `<p><b>`s 0.03 s and 0.06 s (parsed in 0.07 s), 30,000 links 0.10 s (parsed in 0.06 s).

Long selects: lexbor inserts each <option> of a <select> at a cost growing with the options before
it (7 000 in one select: 0.3-0.4 s, 10 000: 0.7-1.1 s, 20 000: 3.5 s; in eight selects ~30 ms). The
same pass counts them (`_option_work`) and refuses a page past about a second of it (12 000 options in
one select), half the fixed part of the analysis's limit of CPU time (`page_deadline`), which bounds
what costs less: refused past 0.15 s, a page of 7 000 options lexbor parsed in 0.32 s was an error
(found in review).

Crowded elements: lexbor tests each attribute of an element against those before it (one <p> of
100 000 attributes, 0.9 MB: ~14 s). Real elements carry a few dozen; the start tags still open 8 kB
on are read with the tokenizer's rules (`_crowded_element`: a '/' parts attributes as white space
does) and refused past the cost of one of 10 000 attributes (~0.15 s), their counts' squares summed;
so are the <body> and <html> start tags of more than 10 000 attributes in all, which the parser adds
to the one element (read with the formatting elements' start tags, below).

Tag names: lexbor's table of tag names grows at a quadratic cost (100 000 distinct names: 1.4 s), so
a page with more than 50 000 distinct tag tokens is refused; a real page has a few hundred.

Formatting elements (<a>, <b>, <font> …) cost more than a walk's step: lexbor compares each new one
with every entry of its list since the last marker, attribute by attribute (6 000 unlike <b>s of 13
attributes: 2.8 s), and re-creates the ones its stack dropped before each text, copying their
attributes (4 000 unlike <b>s a </p> drops, then 2 000 paragraphs, 71 kB: 9 s and 2.9 GB; 500 <b>s of
200 attributes, then 700 paragraphs, 0.46 MB: 34 s and 10 GB; 1 MB: killed for want of memory, the
crawler with it). Neither needs many '<', so every page's formatting start tags are read (one regex,
`tree_walks.FORMATTING_TAG_QUICK`) for a bound on that work (`formatting_work`: at most three alike in
the list, Noah's ark, and one <a>; each tag may drop every entry, each new element is compared with
every one; attributes parted as the tokenizer parts them, by a '/' too); where it comes near
`MAX_FORMATTING_BOUND` the tags are read again as the tokenizer reads them (`FORMATTING_TAG`), and a
page past it is read by the model, which counts both exactly. The cost, measured on the 446 local real
pages: the bound ~0.18x of an lxml parse (the regex 0.15x; 0.30x on pages of nothing but links), all
these checks ~0.40x (0.13x before), and find_images 2.65x -> 2.91x of an lxml parse side by side; a few
of the 1 823 local pages are read again, none past the bound, none refused.

Not caught: one tag's thousands of attributes on a page that also holds a '<' every 512 bytes, below
8 000 start tags (past 50 000 attributes, seconds); distinct attribute names, which lexbor keeps in a
table growing at a quadratic cost as it does tag names (100 000 of them in 100 tags of 0.7 MB: 1 s;
400 000 in 3-5.5 MB: 48-65 s; in start or end tags, in SVG too). Each needs every tag's attributes read
before the parse, which costs about a parse itself (measured on the local real pages over 100 kB,
reading them exactly and counting the names added 10-20 % to the page analysis). The guard bounds these
by a limit on the analysis itself (`page_deadline`: CPU time); their memory only the parse's end gives back.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from itertools import filterfalse, repeat
from operator import add, floordiv, methodcaller, mul, sub
from typing import Final, NamedTuple

from scrapeguard.detect.tree_walks import (
    FORMATTING_TAG,
    FORMATTING_TAG_QUICK,
    FORMATTING_TAG_QUICK_TEXT,
    FORMATTING_TAG_TEXT,
    RECREATE_STEPS,
    TAG,
    TAG_NAME,
    attribute_count,
    compare_steps,
    paired_walks,
    quick_walks,
    recreate_steps,
    stack_walks,
)
from scrapeguard.resource import BYTE_ORDER_MARK_CODECS, BYTE_ORDER_MARKS, WEB_CODEC_NAMES, ascii_compatible, text_codec

# --------------------------------------------------------------------------- deep nesting
# With at most this many start tags and as few end tags, the parser's stack walks are bounded (n^2/2
# steps, ~0.15 s at worst; a <select> of all of them as options, ~0.5 s). Counted as '<' minus '</':
# an upper bound on start tags whatever the markup hides.
MAX_OPENS_UNCHECKED: Final = 8_000
# Estimated stack-walk steps refused (`tree_walks.stack_walks`): ~4-5 ns per step measured, so about
# 0.15 s of parsing. Real pages here: at most ~36 000.
MAX_NESTING_WORK: Final = 30_000_000
# Options met before each of a <select>'s options, summed (`_option_work`): 13-20 ns each, so about a second (12,000
# options in one select); a real page's longest select (a list of countries, of years) holds a few hundred.
MAX_OPTION_WORK: Final = 75_000_000
# The bound on formatting elements' work (`formatting_work`) past which the model counts it: twice the model's own
# limit, so about 0.3 s at worst where the bound is all taken. A bound, far above the work: the local real pages
# nearest it (icon fonts' unlike `<i class>`s, 34-36 million) count 4 000-10 000 steps in the model, which a limit
# of 30 million ran for them at 2-3 times their parse
MAX_FORMATTING_BOUND: Final = 2 * MAX_NESTING_WORK
_ONE_TAG: Final = re.compile(TAG)
# An attribute's value as the tokenizer reads it: after the '=' that follows its name, quoted, or unquoted to white
# space or '>'. Not after a '=' that begins a name (`<p ="a b c">` holds four attributes, `="a` the first); nor after
# `a = ` (a value all the same: its words count, an upper bound)
_VALUE: Final = re.compile(rb"(?<=[^\t\n\f\r /=])=(?:\"[^\"]*+\"?|'[^']*+'?|[^\t\n\f\r >]*+)")
# Attributes of one element refused: ~0.15 s of lexbor's attribute tests
MAX_ATTRIBUTES: Final = 10_000
# Distinct tag names (start and end tags apart) refused: lexbor's table of names grows at a quadratic cost
# (20,000 names: 23 ms, 40,000: 0.11 s, 100,000: 1.4 s, 500,000: minutes); a real page has a few hundred
MAX_TAG_NAMES: Final = 50_000


def too_costly_to_parse(source: str | bytes) -> str | None:
    """What would make parsing this page quadratic in lexbor (see module doc): "nested too deeply", "with too
    many formatting elements to re-create or compare", "with too many options in one <select>", "with too many
    attributes on one element" or "with too many distinct tag names" (counted for a page of more than 8,000
    '<': 250,000 distinct end tags, no start tag, parsed in 16 s, found in review); None for a page that
    parses at its usual cost. (A redaction does not check again the page its analysis checked:
    `page_redact.redact_page(analysed=True)`.)"""
    opens = _count_opens(source)
    sparse = len(source) > 32_768 and len(source) > 512 * opens  # (few tags for its size: one may hold them all)
    # every start tag walks at most the depth (at most the start tags), and every end tag too; with at most
    # 8,000 '<' neither bound is passed (starts x closes is at most 4,000^2), so the end tags go uncounted
    many = False
    if opens > MAX_OPENS_UNCHECKED:
        closes = _count_closes(source)
        starts = opens - closes
        many = starts > MAX_OPENS_UNCHECKED or starts * closes > MAX_NESTING_WORK
    # (the quick bound first, the exact one where it comes near the limit: reading a tag further merges the tags it
    # holds, whose comparisons with each other may then weigh a little less than apart)
    formatting = _formatting_costs(source, 0 if many else opens)  # (past `many` its bound goes unused: no words read)
    if formatting.merged > MAX_ATTRIBUTES:
        # every <body> or <html> start tag adds its attributes to the one element (HTML §13.2.6.4.7), each tested
        # against those before it: 80,000 `<body a1>` tags of 1 MB, none long, took 9 s; 7,000 of 10 attributes, 19 s
        # (found in review: only tags were counted, past 10,000 of them)
        return "with too many attributes on one element"
    heavy = not many and formatting.bound(opens) > MAX_FORMATTING_BOUND * 9 // 10 \
        and formatting_work(source, opens, exact=True) > MAX_FORMATTING_BOUND  # (past `many`, the model reads both)
    if not (sparse or heavy or opens > MAX_OPENS_UNCHECKED):
        return None
    raw = source if isinstance(source, bytes) else source.encode("utf-8", "replace")
    if sparse and _crowded_element(raw):
        return "with too many attributes on one element"
    if not (many or heavy or opens > MAX_OPENS_UNCHECKED):
        return None
    parts = TAG_NAME.split(raw)  # (texts, and between them each tag's name: None for a comment, a raw-text element)
    if not sparse and len(parts) // 2 < opens // 2 and _crowded_element(raw):  # (a sparse page's were read above)
        return "with too many attributes on one element"  # ('<'s the tags do not account for: in quoted values?)
    names = list(map(bytes.lower, filter(None, parts[1::2])))
    if len(set(names)) > MAX_TAG_NAMES:  # (first: the model below keeps every name it meets; end tags' too)
        return "with too many distinct tag names"
    if (many or heavy) and not _quickly_shallow(raw, parts, names, formatting) \
            and stack_walks(raw, MAX_NESTING_WORK) > MAX_NESTING_WORK:
        return "nested too deeply" if many else "with too many formatting elements to re-create or compare"
    if _option_work(names) > MAX_OPTION_WORK:
        return "with too many options in one <select>"
    return None


def _quickly_shallow(raw: bytes, parts: list[bytes | None], names: list[bytes], formatting: _Formatting) -> bool:
    """Does a quick bound keep the model's count within its limit? For a page whose formatting elements each end
    at once, counted from C (`tree_walks.paired_walks`); else read from the tag names alone (`quick_walks`), each
    time the parser may re-create formatting elements re-creating every entry of a level; each new one compared
    with every entry (`formatting`). The model reads the page only where neither does (an ordinary legacy page of
    600 kB took it 0.49 s, lexbor 0.04 s to parse; found in review)."""
    walks = paired_walks(names)
    if walks is None or walks + formatting.compared > MAX_NESTING_WORK:
        quick = quick_walks(raw, parts, formatting.entries, MAX_NESTING_WORK)
        if quick is None:
            return False
        walks = quick[0] + quick[1] * formatting.recreated
    return walks + formatting.compared <= MAX_NESTING_WORK


def formatting_work(source: str | bytes, opens: int, exact: bool = False) -> int:
    """`_formatting_costs`'s bound on formatting elements' work."""
    return _formatting_costs(source, opens, exact).bound(opens)


class _Formatting(NamedTuple):
    """What a page's formatting start tags let lexbor's work on them come to (`_formatting_costs`)."""

    recreated: int  # the steps of re-creating every entry of a level's list once
    compared: int  # the steps of comparing each new element with every entry
    merged: int  # the attributes of every <body> and <html> start tag (an upper bound)
    entries: int  # how many entries a level's list holds at most

    def bound(self, opens: int) -> int:
        """The work, each of the page's `opens` tags dropping every entry for the next text to re-create."""
        return opens * self.recreated + self.compared


def _formatting_costs(source: str | bytes, opens: int, exact: bool = False) -> _Formatting:
    """An upper bound on the steps lexbor's work on formatting elements takes (weighed as `tree_walks`
    weighs them), from their start tags alone (`FORMATTING_TAG`): the list holds at most three alike of
    each (Noah's ark) and one <a> (a new one takes the one before out); each of the page's `opens` tags
    may drop every entry, and each new element is compared with every entry. A tag read past a quote may
    hold others (in a comment, `<b title="`): each '<' in it counts one more element. The tags read as the
    tokenizer reads them when `exact`, else as far or further (`FORMATTING_TAG_QUICK`: sooner read, and a
    looser bound but where it merges tags). Read in the same pass: the attributes of every <body> and <html>
    start tag, which the parser adds to the one element, each tested against those before it (an upper
    bound on their count). `entries`: three for each tag read, and for each tag one holds; one <a>
    (`tree_walks.quick_walks` reads no page where more stay in the list)."""
    counted: Counter[bytes]  # (each distinct tag once: most are alike)
    if isinstance(source, bytes):
        counted = Counter((FORMATTING_TAG if exact else FORMATTING_TAG_QUICK).findall(source))
    else:
        read = FORMATTING_TAG_TEXT if exact else FORMATTING_TAG_QUICK_TEXT
        counted = Counter(map(str.encode, read.findall(source), repeat("utf-8"), repeat("replace")))
    listed = entries = compared = merged = held = 0
    for tag in filterfalse(_IS_ANCHOR, counted):  # (a page's links are many, and mostly unlike: read from C below)
        count = counted[tag]
        if tag[1:5].lower() in (b"body", b"html") and (len(tag) == 5 or tag[5] in b"\t\n\f\r />"):
            merged += count * attribute_count(tag)
            continue
        attributes = attribute_count(tag)
        inside = tag.count(b"<", 1)
        weight = recreate_steps(tag, attributes) + RECREATE_STEPS * inside
        compared += count * compare_steps(attributes)
        listed += min(count, 3) * weight
        entries += min(count, 3)
        held += count * inside
    anchors = list(filter(_IS_ANCHOR, counted))
    if anchors:
        # one entry at most, compared with the others by name only (lexbor takes the <a> before out first: 3,000
        # <a>s of 60 attributes after 3,000 <b>s, 0.06 s)
        uses = list(map(counted.__getitem__, anchors))
        compared += sum(uses) * compare_steps(0)
        listed += _heaviest_anchor(anchors, opens)
        held += sum(map(mul, uses, map(bytes.count, anchors, repeat(b"<"), repeat(1))))
    return _Formatting(listed, (entries + 1) * compared, merged, entries + 1 + 3 * held)


# An <a>'s start tag as `FORMATTING_TAG` reads it (of the names it reads, only <a> begins with an "a")
_IS_ANCHOR: Final = methodcaller("startswith", (b"<a", b"<A"))


def _heaviest_anchor(anchors: list[bytes], opens: int) -> int:
    """The steps of re-creating the heaviest <a> of these start tags, weighed by its length (an attribute takes
    two bytes at least), its words counted only where that weighs on `opens` tags' bound; from C, as the links
    of a page are many and mostly unlike (counting each one's words in a loop cost half a parse)."""
    longest = max(map(len, anchors))
    weight = RECREATE_STEPS + 25 * (longest // 2 + 1) + longest // 2  # (`recreate_steps`)
    if opens * weight <= MAX_FORMATTING_BOUND // 8:
        return weight
    words = map(len, map(bytes.split, map(bytes.replace, anchors, repeat(b"/"), repeat(b" "))))
    quotes = map(add, map(bytes.count, anchors, repeat(b'"')), map(bytes.count, anchors, repeat(b"'")))
    attributes = map(add, map(sub, words, repeat(1)), map(floordiv, quotes, repeat(2)))  # (`attribute_count`)
    return RECREATE_STEPS + max(map(add, map(mul, attributes, repeat(25)), map(floordiv, map(len, anchors), repeat(2))))


def _crowded_element(raw: bytes) -> bool:
    """Do start tags carry more attributes than lexbor tests at a fair price: each tested against those
    before it in its element, so the squares of the elements' counts, summed, past `MAX_ATTRIBUTES`
    squared (one of 10,000; 25 elements of 9,990 each parsed in 2.3 s and passed, each checked alone:
    found in review). A count is its words and '='s outside quoted values, a '/' parting words too (an
    upper bound: `a="1"b="2"` has no space between; `<p/a/b/…>` none at all), of every tag running on for
    8 kB as the tokenizer reads it (a pattern finding such tags first, 8 kB without a '<' or a '>', missed
    a quoted '<>' now and then, or a name of more than 16 letters: found in review). Linear: each byte is
    read in one tag at most (reading each '<' inside a tag to the page's end cost O(n^2): an 8 MB page of a
    '<' every 4 kB and no '>', 22 s), and the sum answers as soon as it is past the limit."""
    squares = 0
    for start, end in ((tag.start(), tag.end()) for tag in _ONE_TAG.finditer(raw)):
        if end - start > 8192:
            squares += _attributes_at_most(raw[start:end]) ** 2
            if squares > MAX_ATTRIBUTES ** 2:
                return True
    return False


def _attributes_at_most(tag: bytes) -> int:
    """The words (parted by white space or a '/', as between attributes) or '='s outside values, whichever
    are more; past `MAX_ATTRIBUTES`, one more (the words split at most that often). A value's '/' is its own
    (`a1=/b/1.jpg`: one attribute)."""
    bare = _VALUE.sub(b"= ", tag).replace(b"/", b" ")
    return min(max(bare.count(b"="), len(bare.split(None, MAX_ATTRIBUTES))), MAX_ATTRIBUTES + 1)


def _count_opens(source: str | bytes) -> int:
    """How many '<' (C-level: deleting the byte and comparing lengths is ~40 % faster than `count`
    on bytes, whose loop checks a limit at every byte; not for str, where `replace` is slower)."""
    if isinstance(source, bytes):
        return len(source) - len(source.replace(b"<", b""))
    return source.count("<")


def _count_closes(source: str | bytes) -> int:
    return source.count(b"</") if isinstance(source, bytes) else source.count("</")


def _option_work(names: list[bytes]) -> int:
    """lexbor inserts the k-th <option> of a <select> at a cost growing with k (1 000 options in one
    select parse in ~7 ms, 10 000 in 0.7-1.1 s, where 8 000 in eight selects take ~30 ms and 8 000 <li>s
    ~2 ms, 8 000 in a <datalist> ~4 ms): the sum of k over every select's options, a new select (or its
    end) starting again. `names`: the tag tokens lower-cased."""
    options = names.count(b"option")
    if options * (options + 1) // 2 <= MAX_OPTION_WORK:  # (all in one select, at most: counted from C)
        return options * (options + 1) // 2
    work = run = 0
    inside = False  # (options outside a select, in a <datalist> or astray, parse at a constant cost)
    for name in names:
        if name == b"option":
            if inside:
                run += 1
                work += run
        elif name == b"select" or name == b"/select":
            inside, run = name == b"select", 0
    return work


# --------------------------------------------------------------------------- XHTML
# XHTML written as XML closes a raw-text element in its start tag (<script src="x.js"/>). XML
# parsers, and libxml2's HTML parser (lxml: Scrapy's selectors and link extractors), read it as
# closed; an HTML parser (lexbor, a browser reading text/html) reads the rest of the page as the
# script's text. The crawler would then collect the page's pictures unseen by the guard.
# (the names factored by their first letters, which a look-ahead tests first: most tags fail
# there, and the search costs half what nine alternatives at every '<' cost, ~0.08 ms a page)
_RAW_SELF_CLOSED: Final = (
    r"<(?=[stinx])(s(?:cript|tyle)|t(?:itle|extarea)|iframe|no(?:embed|frames|script)|xmp)\b"
    r"((?:[^>\"'/<]++|/(?!\s*>)|\"[^\"]*+\"|'[^']*+')*+)/\s*>"  # (not past a '<': linear)
)
_RAW_SELF_CLOSED_TEXT: Final = re.compile(_RAW_SELF_CLOSED, re.I)
_RAW_SELF_CLOSED_BYTES: Final = re.compile(_RAW_SELF_CLOSED.encode(), re.I)


def closed_as_xml(source: str | bytes) -> str | bytes:
    """`source` with each self-closed raw-text element written open and closed (`<script
    src="x.js"></script>`), on a page that says it is XML or XHTML in its first 2 kB; any other
    page as it is. The analysis and redaction both parse this, so both see what lxml sees."""
    if isinstance(source, bytes):
        head_b = source[:2048]
        if b"<?xml" in head_b or b"xhtml" in head_b or b"XHTML" in head_b:
            return _RAW_SELF_CLOSED_BYTES.sub(rb"<\1\2></\1>", source)
        return source
    head = source[:2048]
    if "<?xml" in head or "xhtml" in head or "XHTML" in head:
        return _RAW_SELF_CLOSED_TEXT.sub(r"<\1\2></\1>", source)
    return source


# A <template>'s content is no part of the document for an HTML parser (lexbor keeps it apart,
# out of reach of the query), but lxml reads it as any element's: a crawler's link extractor
# collects the pictures in it, and a declarative shadow root (<template shadowrootmode>) shows
# them. The analysis reads them as an element's children (redaction empties a template that
# still names a removed picture).
_TEMPLATE_TAG_TEXT: Final = re.compile(r"<(/?)template(?=[\s/>])", re.I)
_TEMPLATE_TAG_BYTES: Final = re.compile(rb"<(/?)template(?=[\s/>])", re.I)


def open_templates(source: str | bytes) -> str | bytes:
    """Read only for a page the query found a <template> in (about 1 in 100 real pages)."""
    if isinstance(source, bytes):
        return _TEMPLATE_TAG_BYTES.sub(rb"<\1sg-template", source)
    return _TEMPLATE_TAG_TEXT.sub(r"<\1sg-template", source)


# --------------------------------------------------------------------------- decoding
_CHARSET: Final = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]{1,40})""", re.I)


def page_encoding(data: bytes, charset: str | None = None) -> str:
    """The one encoding a page is read in, by the analysis and by redaction alike (which writes
    its copy back in it), decided as a browser decides (HTML's encoding sniffing): a byte-order
    mark (UTF-32's too, as the crawler's library reads it), then the HTTP charset (`charset`: a
    label, or a codec as `resource.body_charset` gives it), then a <meta charset> in the first
    4 kB (one saying UTF-16, UTF-32 or EBCDIC, found in ASCII bytes, is UTF-8), then UTF-8 when
    the bytes are valid UTF-8, else windows-1252. Labels are read as WHATWG Encoding's, and
    those no browser knows as Python's codecs (`resource.text_codec`). Deciding twice gives the
    same answer: `page_encoding(data, page_encoding(data, c)) == page_encoding(data, c)`."""
    if data.startswith(BYTE_ORDER_MARKS):
        for bom, name in BYTE_ORDER_MARK_CODECS:
            if data.startswith(bom):
                return name
    codec = charset if charset in WEB_CODEC_NAMES else text_codec(charset)
    if codec:
        return codec
    m = _CHARSET.search(data, 0, 4096)
    meta = text_codec(m.group(1)) if m else None
    if meta:
        return meta if ascii_compatible(meta) else "utf-8"  # (a meta found in ASCII bytes is no UTF-16 or EBCDIC one)
    return "utf-8" if _valid_utf8(data) else "cp1252"


def byte_order_mark(data: bytes, encoding: str) -> bytes:
    """The byte-order mark `data` starts with when it is `encoding`'s, else b""."""
    for bom, name in BYTE_ORDER_MARK_CODECS:
        if name == encoding and data.startswith(bom):
            return bom
    return b""


# The windows-125x and windows-874 bytes Python's codecs leave undefined (0x81, 0x8D, 0x8F, 0x90,
# 0x9D in windows-1252) are the C1 controls of the same number in a browser (WHATWG's indexes):
# a UTF-8 page labelled iso-8859-1 ("Á" is C3 81) keeps them through a redacted copy.
_C1_HOLES: Final = frozenset({"cp874", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256",
                              "cp1257", "cp1258"})
C1_ERRORS: Final = "scrapeguard-c1"  # the error handler for both directions


def _c1_errors(exc: UnicodeError) -> tuple[str | bytes, int]:
    """Decoding: a byte 0x80-0x9F as the C1 control of that number, else U+FFFD; encoding: a C1
    control as its byte, else a character reference (as "xmlcharrefreplace")."""
    if isinstance(exc, UnicodeDecodeError):
        byte = exc.object[exc.start]
        return (chr(byte) if 0x80 <= byte <= 0x9F else "\ufffd"), exc.start + 1
    if isinstance(exc, UnicodeEncodeError):
        out = bytearray()
        for ch in exc.object[exc.start:exc.end]:
            code = ord(ch)
            out += bytes([code]) if 0x80 <= code <= 0x9F else f"&#{code};".encode("ascii")
        return bytes(out), exc.end
    raise exc


codecs.register_error(C1_ERRORS, _c1_errors)


def page_errors(encoding: str, encode: bool = False) -> str:
    """The error handler to read (or write back) a page in `encoding` with."""
    if encoding in _C1_HOLES:
        return C1_ERRORS
    return "xmlcharrefreplace" if encode else "replace"


def decode_page(data: bytes, encoding: str) -> str:
    """`data` as text in `encoding` (its byte-order mark left out), undecodable bytes replaced.
    Raises (LookupError, UnicodeError) when it cannot be read in `encoding` at all, rather than
    reading it in another: the analysis makes that a `page.unparsable` error, never an allow."""
    bom = byte_order_mark(data, encoding)
    return data[len(bom):].decode(encoding, page_errors(encoding))


_UTF8_CHUNK: Final = 16_384  # (at least 4, the longest character: a chunk must hold a whole one)


def _valid_utf8(data: bytes) -> bool:
    """Strict UTF-8 validity, chunk by chunk: ASCII chunks are skipped at memory speed, and no
    page-sized string is built. Decoding a 2.5 MB page whole costs more than lxml's parse of it
    (one astral character widens the whole result to 4 bytes per character); in 16 kB chunks it
    costs a fifteenth. A chunk that ends inside a character leaves its last bytes to the next."""
    if data.isascii():
        return True
    decode = codecs.utf_8_decode
    n = len(data)
    i = 0
    while i < n:
        chunk = data[i:i + _UTF8_CHUNK]
        if chunk.isascii():
            i += len(chunk)
            continue
        try:
            used = decode(chunk, "strict", False)[1]
        except UnicodeDecodeError:
            return False
        if used == 0:  # only the first bytes of a character, and nothing after them
            return False
        i += used
    return True
