"""How many steps lexbor's tree builder will walk its stack of open elements for a page, counted from
the page's tags before it is parsed (`stack_walks`), so that a page costing seconds is refused first.

The parser walks the stack for each block start tag ("close a p element", HTML §13.2.6.4.7), for some
others (a select, ruby or body in scope? measured on lexbor), for each end tag (down to the element it
closes, or to the first special one), and re-creates the formatting elements it dropped before each
text: thousands of elements left open, then thousands of tags, cost their product (20 000 open <span>s
then 20 000 `</x>`: 1.5 s; in an <svg>, where every start tag nests, 2 s). A page leaving thousands of
`<p>`, `<li>` or `<td>` contents open stays shallow: each such start tag closes the one before. So the
count keeps a model of the stack as the tree-construction rules keep it: the elements a start tag
closes implicitly, end tags popping to their element where the rules do, the scopes that stop them,
the list of active formatting elements (Noah's ark keeps three alike, each new one compared with all
since the last marker; the adoption agency), tables, forms, and foreign (SVG, MathML) content, where
start tags nest, end tags close by name only foreign elements, a breakout start tag pops them, and the
tokenizer reads <style> or <title> as tags and a CDATA section as text. Lexbor 1.0.2's own ways were
measured where they differ from the spec (a <select>'s content is read as a body's; <dialog> is no
special element). Where the model is unsure it keeps an element open, so its depth is never below the
parser's and the count is an upper bound:
- a formatting element (<b>, <font> …) popped with an element around it stays counted (dropped): the
  parser re-creates it at the next text until its end tag, a new <a>, or the end of its cell drops it;
- formatting elements are alike only when written alike;
- the elements the adoption agency removes, `</form>` and quirks mode close nothing.
Some steps weigh more than a walk's: re-creating a dropped element (`RECREATE_STEPS`, and more for its
attributes and bytes), comparing a new formatting element with those in the list (attribute by attribute).
Linear: each element is pushed and popped once, and each scope test reads the last position of a name
and of a barrier kind, kept as stacks of positions. On a 4 MB page of 660 000 tags (mypyc-compiled):
~0.6-1.5 s, ~4-7x lexbor's parse (the regex reading each tag's text is half of it); the pages of the
local corpus past the cheap bounds of `page_source.too_costly_to_parse` (2 of 1 851): ~5x. Two quicker
upper bounds come first, read from the tag names alone (`paired_walks`, `quick_walks`: see the end).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from itertools import compress, islice
from operator import eq
from typing import Final, Iterator

# --------------------------------------------------------------------------- kinds of element
# Barriers, each a stack of positions: which elements stop which walk (HTML §13.2.4.2)
SPECIAL: Final = 0  # "any other end tag" stops at one
SCOPE: Final = 1  # "has an element in scope"
BUTTON: Final = 2  # ... in button scope (a <p>'s)
LIST: Final = 3  # ... in list item scope (an `</li>`'s)
TABLE: Final = 4  # ... in table scope (cells, rows, tables)
LIST_ITEM: Final = 5  # an <li>, <dd> or <dt> start tag's walk stops at special elements but address, div, p
FOREIGN: Final = 6  # an SVG or MathML element (an end tag in foreign content closes only those above HTML ones)
MARKER: Final = 7  # a marker in the list of active formatting elements: formatting left open inside is dropped
TEMPLATE: Final = 8
SELECT: Final = 9
_BARRIERS: Final = 10
_BARRIER_BITS: Final = (1 << _BARRIERS) - 1
# Other facts of an element, as bits above the barriers'
FORMATTING: Final = 1 << 10
WALKER: Final = 1 << 11  # walks the whole stack as it starts (closes a <p> in button scope)
VOID: Final = 1 << 12  # never pushed
IGNORED: Final = 1 << 13  # <html>, <body>, <head>, <frameset> in a body: never pushed
BREAKOUT: Final = 1 << 14  # leaves foreign content
INTEGRATION: Final = 1 << 15  # (foreign) its content is HTML again
MATH: Final = 1 << 16  # (foreign) in MathML, not SVG
DEAD: Final = 1 << 17  # a formatting element the adoption agency took out of the stack: an empty slot
HTML: Final = 1 << 18  # an HTML element

# (the spec's special elements as lexbor 1.0.2 has them: <dialog> is none there, measured)
_SPECIAL_NAMES: Final = frozenset(
    "address applet area article aside base basefont bgsound blockquote body br button caption center col colgroup "
    "dd details dir div dl dt embed fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 "
    "head header hgroup hr html iframe img input keygen li link listing main marquee menu meta nav noembed noframes "
    "noscript object ol p param plaintext pre script search section select source style summary table tbody td "
    "template textarea tfoot th thead title tr track ul wbr xmp".split()
)
_SCOPE_NAMES: Final = frozenset("applet caption html table td th marquee object template".split())
_FORMATTING_NAMES: Final = frozenset("a b big code em font i nobr s small strike strong tt u".split())
_MARKER_NAMES: Final = frozenset("applet caption marquee object template td th".split())
_WALKER_NAMES: Final = frozenset(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer header "
    "hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 h5 h6 pre listing form li dd dt plaintext hr "
    "xmp table".split()
)
_VOID_NAMES: Final = frozenset(
    "area base basefont bgsound br col embed frame hr image img input keygen link meta param source track wbr".split()
)
_BREAKOUT_NAMES: Final = frozenset(
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img li listing menu meta "
    "nobr ol p pre ruby s small span strong strike sub sup table tt u ul var".split()
)
# (<table> walks the stack, but closes a <p> only outside quirks mode: here it closes none)
_P_CLOSERS: Final = frozenset(n.encode() for n in _WALKER_NAMES if n != "table")
# Start tags lexbor walks the stack for though they close no <p> (a select, ruby or body in scope? measured)
_OTHER_WALKERS: Final = frozenset(
    "option optgroup rb rp rt rtc select input keygen textarea template body html button".split()
)
# End tags closing their element when it is in scope ("in body"), and those of table parts (table scope)
_SCOPE_CLOSED: Final = frozenset(
    n.encode() for n in "address article aside blockquote button center details dialog dir div dl fieldset "
    "figcaption figure footer header hgroup listing main menu nav ol pre search section summary ul dd dt applet "
    "marquee object select".split()
)
_TABLE_CLOSED: Final = frozenset(n.encode() for n in "td th tr tbody thead tfoot table caption".split())
# Names closed together: a <td> start tag closes an open <th> too, `</h2>` an open <h3>
_GROUPS: Final = {
    **{n: b"#cell" for n in (b"td", b"th")},
    **{n: b"#term" for n in (b"dd", b"dt")},
    **{f"h{i}".encode(): b"#heading" for i in range(1, 7)},
    **{n: b"#section" for n in (b"tbody", b"thead", b"tfoot")},
}
_HEADINGS: Final = frozenset(f"h{i}".encode() for i in range(1, 7))
# Foreign elements that are barriers as special ones, and whose content is HTML again (integration points)
_FOREIGN_BARRIER: Final = 1 << SPECIAL | 1 << SCOPE | 1 << BUTTON | 1 << LIST | 1 << LIST_ITEM
_SVG_FLAGS: Final = {n: INTEGRATION | _FOREIGN_BARRIER for n in (b"foreignobject", b"desc", b"title")}
_MATH_FLAGS: Final = {**{n: MATH | INTEGRATION | _FOREIGN_BARRIER for n in (b"mi", b"mo", b"mn", b"ms", b"mtext")},
                      b"annotation-xml": MATH | _FOREIGN_BARRIER}
_ANY_FOREIGN: Final = 1 << FOREIGN
_FOREIGN_NAME: Final = b"\0"  # (prefixed to a foreign element's name on the stack)
_MATH_TEXT: Final = frozenset(_FOREIGN_NAME + n for n in (b"mi", b"mo", b"mn", b"ms", b"mtext"))
_ANNOTATION_XML: Final = _FOREIGN_NAME + b"annotation-xml"
_HTML_ENCODINGS: Final = (b"text/html", b"application/xhtml+xml")  # (a MathML annotation-xml's, holding HTML)


def _html_flags(name: str) -> int:
    flags = HTML
    if name in _SPECIAL_NAMES:
        flags |= 1 << SPECIAL | (1 << LIST_ITEM) * (name not in ("address", "div", "p"))
    if name in _SCOPE_NAMES:
        flags |= 1 << SCOPE | 1 << BUTTON | 1 << LIST
    flags |= (1 << BUTTON) * (name == "button") | (1 << LIST) * (name in ("ol", "ul"))
    flags |= (1 << TABLE) * (name in ("html", "table", "template"))
    flags |= (1 << MARKER) * (name in _MARKER_NAMES) | (1 << TEMPLATE) * (name == "template")
    flags |= (1 << SELECT) * (name == "select")
    flags |= FORMATTING * (name in _FORMATTING_NAMES) | WALKER * (name in _WALKER_NAMES or name in _OTHER_WALKERS)
    flags |= VOID * (name in _VOID_NAMES) | IGNORED * (name in ("html", "body", "head", "frameset"))
    return flags | BREAKOUT * (name in _BREAKOUT_NAMES)


# What a start tag does beyond being pushed (HTML §13.2.6.4.7), and how an end tag closes (its rule)
_PUSHED, _FOREIGN_ROOT, _CLOSES_P, _TABLE, _TABLE_PART, _SELECT, _BUTTON, _ADOPTS, _OPTION = range(9)
_ANY_OTHER, _IN_SCOPE, _P_END, _LI_END, _TABLE_END, _HEADING_END, _TEMPLATE_END, _BODY_END, _BR_END = range(9)
_TABLE_PARTS: Final = frozenset((b"td", b"th", b"tr", b"tbody", b"thead", b"tfoot", b"caption", b"colgroup"))


_START_RULES: Final = {b"select": _SELECT, b"button": _BUTTON, b"a": _ADOPTS, b"nobr": _ADOPTS, b"option": _OPTION,
                       b"optgroup": _OPTION}
_END_RULES: Final = {b"p": _P_END, b"li": _LI_END, b"template": _TEMPLATE_END, b"body": _BODY_END,
                     b"html": _BODY_END, b"form": _BODY_END, b"br": _BR_END}


def _start_rule(name: bytes) -> int:
    if name in (b"svg", b"math"):
        return _FOREIGN_ROOT
    if name in _P_CLOSERS:
        return _CLOSES_P
    if name == b"table":
        return _TABLE
    if name in _TABLE_PARTS:
        return _TABLE_PART
    return _START_RULES.get(name, _PUSHED)


def _end_rule(name: bytes) -> int:
    if name in _SCOPE_CLOSED:
        return _IN_SCOPE
    if name in _TABLE_CLOSED:
        return _TABLE_END
    if name in _HEADINGS:
        return _HEADING_END
    return _END_RULES.get(name, _ANY_OTHER)


class _Kinds(dict):  # type: ignore[type-arg]
    """tag token (b"DIV", b"/div") -> (is an end tag, lower-cased name, its group, HTML flags, its rule);
    looked up for every tag, so only an unseen spelling costs more than a dict lookup."""

    def __missing__(self, token: bytes) -> tuple[bool, bytes, bytes, int, int]:
        end = token[:1] == b"/"
        name = token[1:].lower() if end else token.lower()
        rule = _end_rule(name) if end else _start_rule(name)
        kind = (end, name, _GROUPS.get(name, b""), _html_flags(name.decode("latin-1")), rule)
        if len(self) < 4096:
            self[token] = kind
        return kind


_KINDS: Final = _Kinds()
# The barriers set in a flags value
_BARRIERS_OF: Final = tuple(tuple(b for b in range(_BARRIERS) if f >> b & 1) for f in range(1 << _BARRIERS))

# --------------------------------------------------------------------------- a start tag's attributes
# The parts of a start tag after its name as the tokenizer reads them (HTML §13.2.5.32-42): white space,
# a '/', or an attribute (its name, and its value quoted or not: a '/' ending an unquoted value is the
# value's, `<g x=/>` is open)
_ATTRIBUTE_NAME: Final = rb"[^\t\n\f\r />][^\t\n\f\r />=]*+"
_ATTRIBUTE_VALUE: Final = rb"\"[^\"]*+\"?|'[^']*+'?|[^\t\n\f\r >\"'][^\t\n\f\r >]*+"
_ATTRIBUTE: Final = rb"(" + _ATTRIBUTE_NAME + rb")(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(" + _ATTRIBUTE_VALUE + rb")?)?"
_BARE_ATTRIBUTE: Final = _ATTRIBUTE_NAME + rb"(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:" + _ATTRIBUTE_VALUE + rb")?)?"
_TAG_START: Final = re.compile(rb"<[a-zA-Z][^\t\n\f\r />]*+")
_TAG_PART: Final = re.compile(rb"[\t\n\f\r ]++|/|" + _ATTRIBUTE)
# A whole start tag whose last part is a '/' of its own (parts read possessively, so a '/' ending an
# unquoted value stays the value's)
_SELF_CLOSED: Final = re.compile(rb"<[a-zA-Z][^\t\n\f\r />]*+(?:[\t\n\f\r ]++|/(?!\Z)|" + _ATTRIBUTE + rb")*+/")


def _tag_parts(tag: bytes) -> Iterator[re.Match[bytes]]:
    start = _TAG_START.match(tag)
    return _TAG_PART.finditer(tag, start.end() if start is not None else len(tag))


def closes_itself(tag: bytes) -> bool:
    """A start tag whose last part is a '/' of its own (only foreign elements honour it)."""
    return tag.endswith(b"/") and _SELF_CLOSED.fullmatch(tag) is not None


def _attribute(tag: bytes, wanted: tuple[bytes, ...]) -> bytes | None:
    """The value of the first of the `wanted` attributes (lower-case names) the tag holds, b"" when it has
    none; None when it holds none of them."""
    for part in _tag_parts(tag):
        name = part.group(1)
        if name is not None and name.lower() in wanted:
            value = _value(part.group(2))
            if b"&" in value:  # (the tokenizer decodes character references: `text&sol;html` is text/html)
                value = html.unescape(value.decode("latin-1")).encode("utf-8", "replace")
            return value.lower()
    return None


def _value(quoted: bytes | None) -> bytes:
    if not quoted:
        return b""
    if quoted[:1] in (b'"', b"'"):
        return quoted[1:-1] if len(quoted) > 1 and quoted[-1:] == quoted[:1] else quoted[1:]
    return quoted


def formatting_key(tag: bytes) -> bytes:
    """What makes two formatting elements alike for Noah's ark, taken strictly: the start tag as written
    (the parser compares names and attributes: any two tags it takes as alike are written alike here or
    kept apart, so the model keeps more alike elements than the parser, never fewer)."""
    return tag


def attribute_count(tag: bytes) -> int:
    """An upper bound on a start tag's attributes as the tokenizer parts them (HTML §13.2.5.32-36): its
    words after the name, white space or a '/' between them (`<b/x/y>` holds two), and one more for each
    pair of quotes (a value's closing quote may be followed by a name at once: `a="1"b="2"`). (White space
    alone counted `<b/a/b/…>` as no attributes: 100 <b>s of 1,000 so written, compared with each other,
    parsed in 6 s and passed; found in review.) Counted from C: a pattern reading each byte took 15 µs
    a link."""
    return len(tag.replace(b"/", b" ").split()) - 1 + (tag.count(b'"') + tag.count(b"'")) // 2


def recreate_steps(tag: bytes, attributes: int) -> int:
    """The steps of re-creating a formatting element from its start tag `tag` of `attributes` (copied)."""
    return RECREATE_STEPS + 25 * attributes + len(tag) // 2


def compare_steps(attributes: int) -> int:
    """The steps of comparing a new formatting element of `attributes` with one entry of the list (Noah's
    ark: lexbor compares each attribute with each of the other's)."""
    return 2 + attributes * attributes // 2 + attributes


# --------------------------------------------------------------------------- the stack
_DROPPED: Final = -1  # an entry of the list whose element was popped: the parser re-creates it at the next text
_GONE: Final = -2  # an entry removed from the list


class _Level:
    """The list of active formatting elements since one marker: its entries by key and by name."""

    def __init__(self) -> None:
        self.alike: dict[bytes, list[int]] = {}  # (at most three per key: Noah's ark)
        self.by_name: dict[bytes, list[int]] = {}  # (entries removed from the middle are dropped at the end)
        self.dropped = 0
        self.size = 0  # (entries in the list: the parser compares a new one with each)
        self.order: list[int] = []  # (the entries in the list's order; removed ones dropped when met)


class _ActiveFormatting:
    """The list of active formatting elements (HTML §13.2.4.3): each entry's element on the stack, or popped
    (`_DROPPED`: still counted in the depth, since the parser re-creates it), or removed; per marker level."""

    def __init__(self) -> None:
        self.keys: list[bytes] = []
        self.names: list[bytes] = []
        self.where: list[int] = []  # a stack position, _DROPPED or _GONE
        self.entry_levels: list[int] = []
        self.levels: list[_Level] = [_Level()]
        self.dropped_total = 0

    def add(self, name: bytes, key: bytes, pos: int) -> int:
        """A formatting element pushed at `pos`: its entry, after the earliest of three alike is removed."""
        level = self.levels[-1]
        alike = level.alike.setdefault(key, [])
        if len(alike) >= 3:
            self.remove(alike[0])
        entry = len(self.keys)
        level.size += 1
        self.keys.append(key)
        self.names.append(name)
        self.where.append(pos)
        self.entry_levels.append(len(self.levels) - 1)
        alike.append(entry)
        level.by_name.setdefault(name, []).append(entry)
        level.order.append(entry)
        return entry

    def to_recreate(self) -> list[int]:
        """The entries "reconstruct the active formatting elements" re-creates: those popped after the last
        one still on the stack (or the marker), in the list's order. Each removed entry met is dropped from
        `order`, each popped one re-created: linear overall."""
        level = self.levels[-1]
        if not level.dropped:
            return []
        order = level.order
        run: list[int] = []
        while order and self.where[order[-1]] < 0:
            entry = order.pop()
            if self.where[entry] == _DROPPED:
                run.append(entry)
        run.reverse()
        order.extend(run)
        return run

    def recreated(self, entry: int, pos: int) -> None:
        self.where[entry] = pos
        self.levels[self.entry_levels[entry]].dropped -= 1
        self.dropped_total -= 1

    def drop(self, entry: int) -> None:
        if self.where[entry] >= 0:
            self.where[entry] = _DROPPED
            self.levels[self.entry_levels[entry]].dropped += 1
            self.dropped_total += 1

    def remove(self, entry: int) -> None:
        level = self.levels[self.entry_levels[entry]]
        level.size -= 1
        if self.where[entry] == _DROPPED:
            level.dropped -= 1
            self.dropped_total -= 1
        self.where[entry] = _GONE
        level.alike[self.keys[entry]].remove(entry)

    def last_of(self, name: bytes) -> int:
        """The last entry named `name` since the last marker, or -1."""
        entries = self.levels[-1].by_name.get(name)
        while entries and self.where[entries[-1]] == _GONE:
            entries.pop()
        return entries[-1] if entries else -1

    def open_level(self) -> None:
        self.levels.append(_Level())

    def close_level(self) -> None:
        """A marker's element popped: the entries since it leave the list."""
        self.dropped_total -= self.levels.pop().dropped


class _Stack:
    """The parser's stack of open elements, modelled: names, kinds and list entries, with the positions
    of each name and each barrier kind for O(1) scope tests."""

    def __init__(self) -> None:
        self.names: list[bytes] = []
        self.flags: list[int] = []
        self.entries: list[int] = []  # (a formatting element's entry in `active`, else -1)
        self.positions: dict[bytes, list[int]] = {}
        self.barriers: list[list[int]] = [[] for _ in range(_BARRIERS)]
        self.active = _ActiveFormatting()
        self.dead = 0  # (slots of elements taken out below others: emptied, not moved, to keep positions)
        self.form_open = False  # (the parser's form element pointer: a <form> start tag in one is ignored)
        self.text_only = False  # (after a <plaintext> start tag the rest of the page is its text)
        self.push(b"html", _KINDS[b"html"][3] & ~IGNORED)
        self.push(b"body", _KINDS[b"body"][3] & ~IGNORED)

    def depth(self) -> int:
        return len(self.names) - self.dead + self.active.dropped_total

    def last(self, name: bytes) -> int:
        at = self.positions.get(name)
        while at and self.flags[at[-1]] & DEAD:
            at.pop()
        return at[-1] if at else -1

    def last_barrier(self, kind: int) -> int:
        at = self.barriers[kind]
        return at[-1] if at else -1

    def top(self) -> int:
        return self.flags[-1]

    def all_foreign_from(self, pos: int) -> bool:
        """Are the element at `pos` and all above it foreign? (Counted, not walked: O(log n).)"""
        foreign = self.barriers[FOREIGN]
        return len(foreign) - bisect_left(foreign, pos) == len(self.names) - pos

    def reconstruct(self) -> int:
        """Re-create the formatting elements popped since the last marker (before a text or a start tag in
        a body): pushed again; their cost, `RECREATE_STEPS` each."""
        work = 0
        for entry in self.active.to_recreate():
            name = self.active.names[entry]
            self.push(name, _KINDS[name][3], entry=entry)
            tag = self.active.keys[entry]  # (the start tag's text)
            work += recreate_steps(tag, attribute_count(tag))
        return work

    def leave_foreign(self) -> int:
        """A breakout from foreign content: pop until an HTML element or an integration point is on top.
        The elements popped (each once)."""
        popped = 0
        while not self.flags[-1] & (HTML | INTEGRATION):
            self.pop_to(len(self.names) - 1)
            popped += 1
        return popped

    def last_html(self) -> int:
        """The last HTML element's position, below the run of foreign ones on top (O(log n))."""
        foreign = self.barriers[FOREIGN]
        top = len(self.names) - 1
        # (positions rise by at least one: foreign[j] + (len - 1 - j) never falls, and equals `top` exactly
        # over the run on top; the first j where it does, found by halving)
        low, high = 0, len(foreign)
        while low < high:
            middle = (low + high) // 2
            if foreign[middle] + (len(foreign) - 1 - middle) < top:
                low = middle + 1
            else:
                high = middle
        return top - (len(foreign) - low)

    def blocked(self, kind: int) -> int:
        """Where a pop for a scope of `kind` stops: its barriers, or a <select> (lexbor nests a <p> in one;
        not a stop of the walk counted, which goes on below it where the spec's scopes do not stop)."""
        return max(self.last_barrier(kind), self.last_barrier(SELECT))

    def push(self, name: bytes, flags: int, key: bytes = b"", entry: int = -1) -> None:
        pos = len(self.names)
        self.names.append(name)
        self.flags.append(flags)
        self.positions.setdefault(name, []).append(pos)
        group = _GROUPS.get(name)  # (a foreign element's name, marked, is in none)
        if group is not None:
            self.positions.setdefault(group, []).append(pos)
        for kind in _BARRIERS_OF[flags & _BARRIER_BITS]:
            self.barriers[kind].append(pos)
        if entry >= 0:
            self.active.recreated(entry, pos)
        elif flags & FORMATTING:
            entry = self.active.add(name, key, pos)
        self.entries.append(entry)
        if flags >> MARKER & 1:
            self.active.open_level()

    def pop_to(self, pos: int) -> None:
        """Pop the element at `pos` and all above it. Formatting elements popped stay in the list of active
        formatting elements (dropped) unless a marker popped with them clears it."""
        while len(self.names) > pos or (self.names and self.flags[-1] & DEAD):
            name = self.names.pop()
            flags = self.flags.pop()
            entry = self.entries.pop()
            at = self.positions[name]
            if at and at[-1] == len(self.names):  # (an empty slot's may be gone already: `last`)
                at.pop()
            if flags & DEAD:
                self.dead -= 1
                continue
            group = _GROUPS.get(name)
            if group is not None:
                self.positions[group].pop()
            for kind in _BARRIERS_OF[flags & _BARRIER_BITS]:
                self.barriers[kind].pop()
            if flags >> MARKER & 1:
                self.active.close_level()
            elif entry >= 0:
                self.active.drop(entry)

    def _take_out(self, pos: int) -> None:
        """Empty the slot of a formatting element (not a barrier, in no group) below others."""
        self.flags[pos] |= DEAD
        self.entries[pos] = -1
        self.dead += 1

    def close_formatting(self, name: bytes, end_tag: bool) -> int:
        """The adoption agency for `name` (an end tag, or a new <a> or <nobr>): the last entry of its name
        since the last marker leaves the list, and its element, with no special element above it, is popped
        (with one above the parser restructures: `_adopt`). With no entry, an end tag is "any other end
        tag": it pops its element unless a special one stands above. Its walk's steps."""
        depth = len(self.names)
        searched = self.active.levels[-1].size  # (the list is searched back to its marker first)
        entry = self.active.last_of(name)
        if entry < 0:
            at = self.last(name)
            special = self.last_barrier(SPECIAL)
            if end_tag and at >= 0 and at > special:
                self.pop_to(at)
            return searched + depth - max(at, special, 0)
        at = self.active.where[entry]
        if at == _DROPPED:
            self.active.remove(entry)
            return searched
        if at > self.last_barrier(SPECIAL):
            self.active.remove(entry)
            self.pop_to(at)
        elif at > self.last_barrier(SCOPE):
            self._adopt(entry, at)
        return searched + depth - at

    def _adopt(self, entry: int, at: int) -> None:
        """The adoption agency with a furthest block (the first special element above the formatting one):
        the element leaves the stack, a copy of it is put right above that block; counted here as dropped,
        not inserted, and the elements between kept (the parser removes those the list does not hold). Its
        next round pops the copy and all above it, when no special element stands above the block."""
        specials = self.barriers[SPECIAL]
        furthest = specials[bisect_right(specials, at)]
        self._take_out(at)
        self.active.drop(entry)
        if specials[-1] == furthest:
            self.active.remove(entry)
            self.pop_to(furthest + 1)


# --------------------------------------------------------------------------- tokens
_RAW_TEXT: Final = "script style textarea title xmp iframe noembed noframes".split()
# A tag as the tokenizer reads it: its name, then its parts (`_ATTRIBUTE`) to its '>', quoted values consumed
# whole; a value is quoted only when a quote follows its '=' (`x=="a>"` is the unquoted `="a`, ending at the
# '>'), and a '=' where a name may start begins a name (`<div ="x>`: an attribute `="x`, no value)
_TAG_REST: Final = rb"(?:[\t\n\f\r ]++|/|" + _BARE_ATTRIBUTE + rb")*+"
TAG: Final = rb"<(/?[a-zA-Z][^\t\n\f\r />]*+)" + _TAG_REST
# A formatting element's start tag (in any case) as the tokenizer reads it (`_TAG_REST`: a quote opens a value only
# after a '='), and also where the tokenizer reads no tag (in a comment, a script): what
# `page_source.formatting_work` bounds lexbor's work from. (The names' first letters, tested first, turn most tags
# away at once: ~0.18x of an lxml parse over the local real pages, 0.25x without.) `FORMATTING_TAG_QUICK` reads a
# quote after any '=' as a value's (the tokenizer: after an attribute's name and its '='; `<b ="x>` begins a name),
# so a tag as far as the tokenizer reads it or further: a looser bound, read first. (Read after any quote, a tag
# could end sooner than the tokenizer's, at a '>' inside `x'y=" '>"`: 300 such tags counted as one, 4.5 GB; found
# in review.)
# (and <body> and <html>, whose start tags' attributes the parser adds to the one element: `page_source` sums them)
_MERGING_NAMES: Final = frozenset({"body", "html"})
_READ_NAMES: Final = sorted(_FORMATTING_NAMES | _MERGING_NAMES)
_FORMATTING_START: Final = (rb"<(?=[" + "".join(sorted({name[0] for name in _READ_NAMES})).encode() + rb"])(?:"
                            + "|".join(_READ_NAMES).encode() + rb")(?=[\t\n\f\r />])")
FORMATTING_TAG: Final = re.compile(_FORMATTING_START + _TAG_REST, re.I)
FORMATTING_TAG_TEXT: Final = re.compile(FORMATTING_TAG.pattern.decode("latin-1"), re.I)
FORMATTING_TAG_QUICK: Final = re.compile(
    _FORMATTING_START + rb"(?:[^>=]++|=[\t\n\f\r ]*+(?:\"[^\"]*+\"?|'[^']*+'?)?)*+", re.I)
FORMATTING_TAG_QUICK_TEXT: Final = re.compile(FORMATTING_TAG_QUICK.pattern.decode("latin-1"), re.I)
# Comments and bogus comments (`<?…>`, `<!x…>`, `</1…>`), as the tokenizer ends them: a comment at `-->` or
# `--!>`, and at once when written `<!-->` or `<!--->`
_COMMENTS: Final = rb"<!--(?:-?>|(?:[^-]++|-(?!-!?>))*+(?:--!?>)?)|<(?:\?|!(?!--)|/(?![a-zA-Z]))[^>]*+"


_NAME_END: Final = rb"(?=[\t\n\f\r />])"
# A double-escaped part of a script's text, from its `<script` (HTML §13.2.5.27-31): to a `</script`, which
# ends the part, not the script, or to a `-->`, which ends the escape too
_DOUBLE_ESCAPED: Final = rb"<script" + _NAME_END + rb"(?:[^<-]++|-(?!-++>)|<(?!/script" + _NAME_END + rb"))*+"
# An escaped part of a script's text, from its `<!--`: to a `-->` (two dashes or more, or one after the `<!--`),
# its double-escaped parts ended by their `</script` read whole, or to the script's `</script`
_ESCAPED: Final = (
    rb"<!--(?:-*+>|(?:[^<-]++|-(?!-++>)|<(?!/?script" + _NAME_END + rb")|" + _DOUBLE_ESCAPED + rb"</script"
    + _NAME_END + rb")*+(?:-++>|" + _DOUBLE_ESCAPED + rb"(?:-++>)?)?)"
)
# A <script>'s text, after its start tag's '>' (HTML §13.2.5.4, 15-31): to its first `</script` outside an
# escaped part (`<!--<script></script>` is all text)
_SCRIPT_TEXT: Final = rb"(?:[^<]++|<(?!/script" + _NAME_END + rb"|!--)|" + _ESCAPED + rb")*+"


def _raw_text_element(name: str) -> bytes:
    """A raw-text element from its `<`: its start tag read as any tag is, then its text to its end tag."""
    text = _SCRIPT_TEXT if name == "script" else rb"[^<]*+(?:<(?!/" + name.encode() + _NAME_END + rb")[^<]*+)*+"
    return rb"<" + name.encode() + _NAME_END + _TAG_REST + rb"(?:>" + text + rb")?"


def _tag_names(raw_text: list[str]) -> re.Pattern[bytes]:
    """One token per tag as the HTML tokenizer sees it (HTML §13.2.5): comments, the raw-text elements
    `raw_text` (whose "</b>" is text) and quoted attribute values (title="</b>") are consumed whole (each
    yields no name), so fake tags there cannot cancel or hide real ones; a tag's name ends at white space,
    `/` or `>` (`<script-x>` is no script); a quote only after `=` opens a value (`<p x">` has none); a
    raw-text element's start tag is read as any tag is, so an end tag in its quoted value
    (`<script a="</script>">`) does not end the element, and a script's text as the tokenizer reads it
    (`_SCRIPT_TEXT`). Unrolled loops with possessive quantifiers: ~1 ms per 100 kB."""
    return re.compile(
        _COMMENTS
        + b"".join(rb"|" + _raw_text_element(n) for n in raw_text)
        + rb"|" + TAG,
        re.I,
    )


TAG_NAME: Final = _tag_names(_RAW_TEXT)
# In foreign content no element is raw text (<style> or <title> there holds tags); under any foreign element,
# an integration point too (whose start tags are read by the HTML rules), a CDATA section is text to its `]]>`
_CDATA: Final = rb"<!\[(?-i:CDATA)\[(?:[^\]]++|\](?!\]>))*+(?:\]\]>)?|"  # (`[CDATA[` in capitals only)
_FOREIGN_TAG_NAME: Final = re.compile(_CDATA + _tag_names([]).pattern, re.I)
_INTEGRATION_TAG_NAME: Final = re.compile(_CDATA + TAG_NAME.pattern, re.I)
_READ_IN_HTML, _READ_IN_FOREIGN, _READ_AT_INTEGRATION = range(3)
_READERS: Final = (TAG_NAME, _FOREIGN_TAG_NAME, _INTEGRATION_TAG_NAME)


# Lexbor re-creates a formatting element (a new element, its attributes copied) in ~0.27 us: ~50 steps of
# a walk (125,000 paragraphs each leaving a <b> open, three re-created in each: 0.10 s; more as its memory
# grows: 2,000 unlike <b>s re-created in each of 5,000 paragraphs, 9 s), and ~25 more an attribute and one
# every two bytes of its tag (a review measured ~0.12 us an attribute, ~2.5 ns a byte)
RECREATE_STEPS: Final = 50
# A stack deeper than this is counted as past any limit: no real page nests a thousandth as deep, and the
# model's memory, like lexbor's, grows with it (~270 bytes an element)
MAX_DEPTH: Final = 100_000


def stack_walks(raw: bytes, limit: int) -> int:
    """The steps the parser's stack walks take for this page (see module doc), counted until past `limit`
    (or a stack past `MAX_DEPTH`)."""
    stack = _Stack()
    work = 0
    pos = 0
    reading = _READ_IN_HTML  # (how the next tag is read: the tokenizer's rules follow the tree's)
    while work <= limit:
        for match in _READERS[reading].finditer(raw, pos):
            token = match.group(1)
            start = match.start()
            # text between the last match and this one (a tag's match stops before its '>', a comment's after it)
            closing = 1 if pos and raw[pos - 1] != 62 and raw[pos] == 62 else 0
            if start > pos + closing and reading != _READ_IN_FOREIGN:
                work += stack.reconstruct()
            pos = match.end()
            if token is None:
                if raw[start + 1:start + 4].lower() == b"xmp":  # (raw text, but its start tag closes a <p> too)
                    work += _start_tag(stack, b"xmp", b"", _KINDS[b"xmp"][3], _CLOSES_P, b"<xmp")
                continue
            end, name, group, flags, rule = _KINDS[token]
            if end:
                work += _end_tag(stack, name, group, flags, rule)
            elif reading != _READ_IN_FOREIGN:
                work += _start_tag(stack, name, group, flags, rule, match.group())
            elif name == b"svg" and stack.names[-1] == _ANNOTATION_XML:
                work += _start_tag(stack, name, group, flags, rule, match.group())  # (an SVG root: HTML rules)
            elif flags & BREAKOUT or _breaks_out(name, match.group()):
                work += stack.leave_foreign() + _start_tag(stack, name, group, flags, rule, match.group())
            else:
                _push_foreign(stack, name, match.group())
            if stack.text_only:
                return work
            if len(stack.names) + stack.active.dropped_total > MAX_DEPTH:
                return max(work, limit + 1)
            now = _reading(stack)
            if now != reading or work > limit:
                reading = now
                break
        else:
            break
    return work


def _reading(stack: _Stack) -> int:
    """How the next tag is read: under an HTML element, or in foreign content (start tags nest; no raw text),
    or at an integration point (start tags read by the HTML rules; CDATA as under any foreign element; a
    MathML text integration point's <mglyph> or <malignmark> is foreign all the same: `_start_tag`)."""
    top = stack.top()
    if top & HTML:
        return _READ_IN_HTML
    return _READ_AT_INTEGRATION if top & INTEGRATION else _READ_IN_FOREIGN


def _breaks_out(name: bytes, tag: bytes) -> bool:
    """A <font> with a color, face or size leaves foreign content as the breakout elements do."""
    return name == b"font" and _attribute(tag, (b"color", b"face", b"size")) is not None


def _push_foreign(stack: _Stack, name: bytes, tag: bytes, math: bool | None = None) -> None:
    """A start tag in foreign content: an element of its parent's language (or `math`'s), nested unless it
    closes itself. Kept under its name marked foreign (`_FOREIGN_NAME`): no HTML rule finds it."""
    if closes_itself(tag):
        return
    if math is None:
        math = bool(stack.top() & MATH)
    flags = (_MATH_FLAGS.get(name, 0) | MATH if math else _SVG_FLAGS.get(name, 0)) | _ANY_FOREIGN
    if name == b"annotation-xml" and math and _attribute(tag, (b"encoding",)) in _HTML_ENCODINGS:
        flags |= INTEGRATION
    stack.push(_FOREIGN_NAME + name, flags)


def _start_tag(stack: _Stack, name: bytes, group: bytes, flags: int, rule: int, tag: bytes) -> int:
    """A start tag read by the HTML rules: the elements it closes, then it pushed; its walk's steps (or
    else, before it or its text, the re-creation of the formatting elements dropped)."""
    work = stack.depth() if flags & WALKER and rule != _CLOSES_P else 0  # (those count their walks below)
    if not stack.top() & HTML and stack.names[-1] in _MATH_TEXT and name in (b"mglyph", b"malignmark"):
        _push_foreign(stack, name, tag)
        return work
    if flags & IGNORED:
        return work
    if rule == _PUSHED:
        pass
    elif rule == _CLOSES_P:
        # its walks, to the element it closes or to where the spec's scope stops them (a <select> stops the
        # pops only: lexbor nests a <p> in one)
        depth = len(stack.names)
        if name == b"form" and stack.form_open:
            if stack.last_barrier(TEMPLATE) < 0:
                return stack.depth()
        elif name == b"li" or group == b"#term":
            item = stack.last(b"li" if name == b"li" else group)
            work += depth - max(item, stack.last_barrier(LIST_ITEM), 0) + stack.active.dropped_total
            if item >= 0 and item >= stack.blocked(LIST_ITEM):
                stack.pop_to(item)
        paragraph = stack.last(b"p")
        work += len(stack.names) - max(paragraph, stack.last_barrier(BUTTON), 0) + stack.active.dropped_total
        if paragraph >= 0 and paragraph > stack.blocked(BUTTON):
            stack.pop_to(paragraph)
        if group == b"#heading" and stack.names[-1] in _HEADINGS:
            stack.pop_to(len(stack.names) - 1)
        stack.form_open |= name == b"form" and stack.last_barrier(TEMPLATE) < 0
        stack.text_only = name == b"plaintext"
        if name == b"xmp":
            work += stack.reconstruct()
    elif rule == _FOREIGN_ROOT:
        work += stack.reconstruct()
        _push_foreign(stack, name, tag, math=name == b"math")
        return work
    elif rule == _TABLE:
        table = stack.last_barrier(TABLE)  # (a table in a table, not in a cell or caption of it, ends it)
        if table > 0 and stack.names[table] == b"table" and max(stack.last(b"#cell"), stack.last(b"caption")) < table:
            stack.pop_to(table)
    elif rule == _TABLE_PART:
        if not _table_part(stack, name, group):
            return work
    elif rule == _SELECT:
        select = stack.last(b"select")
        if select >= 0 and select >= stack.blocked(SCOPE):
            stack.pop_to(select)  # (a <select> in one ends it, and is not inserted)
            return work
    elif rule == _BUTTON:
        button = stack.last(b"button")
        if button >= 0 and button > stack.blocked(SCOPE):
            stack.pop_to(button)
    elif rule == _ADOPTS:
        if stack.active.last_of(name) >= 0:
            work = stack.depth()  # (lexbor's adoption agency looks for the element on the whole stack: measured)
        stack.close_formatting(name, end_tag=False)
    elif rule == _OPTION and stack.names[-1] == b"option":
        stack.pop_to(len(stack.names) - 1)
    if rule != _CLOSES_P and rule != _TABLE and rule != _TABLE_PART:
        work += stack.reconstruct()  # (before most start tags in a body)
    if flags & FORMATTING:
        # (Noah's ark: lexbor compares the new element with every entry since the last marker, each attribute
        # with each of the other's: 6,000 unlike <b>s of 13 attributes took 2.8 s)
        work += stack.active.levels[-1].size * compare_steps(attribute_count(tag))
        stack.push(name, flags, formatting_key(tag))
    elif not flags & VOID:
        stack.push(name, flags)
    return work


def _table_part(stack: _Stack, name: bytes, group: bytes) -> bool:
    """A cell, row or section start tag: ignored outside a table or template (False); in one, it ends an
    open one of its kind (a row ends a cell too), and a table's row or cell is given the row and the
    section the parser inserts (`<table><td>` nests table, tbody, tr, td)."""
    context = stack.last_barrier(TABLE)
    if context <= 0:
        return False
    part = stack.last(group or name)
    if part > stack.blocked(TABLE) and name not in (b"caption", b"colgroup"):
        stack.pop_to(part)
    if stack.names[context] == b"table" and (group == b"#cell" or name == b"tr"):
        if stack.last(b"#section") < context:
            stack.push(b"tbody", _KINDS[b"tbody"][3])
        if group == b"#cell" and stack.last(b"tr") < context:
            stack.push(b"tr", _KINDS[b"tr"][3])
    return True


# The barrier an end tag's walk down the stack stops at, by its rule (`_ANY_OTHER` to `_TEMPLATE_END`): "any other end
# tag" at a special element, `</p>` outside button scope, `</li>` outside list item scope, a table part's outside
# table scope, a heading's and the rest outside scope, `</template>` at none (-1: any template open)
_RULE_BARRIERS: Final = (SPECIAL, SCOPE, BUTTON, LIST, TABLE, SCOPE, -1)


def _reach(name: bytes, group: bytes, rule: int) -> tuple[bytes, int]:
    """What an end tag walks the stack to (its element; a heading's, any heading) and the barrier it stops at, for
    the model (`_end_tag`) and the quick bound (`_quick_end_tag`) alike."""
    return (group if rule == _HEADING_END else name), _RULE_BARRIERS[rule]


def _end_tag(stack: _Stack, name: bytes, group: bytes, flags: int, rule: int) -> int:
    """An end tag: the elements it pops; its walk's steps (to the element, or to where the walk stops)."""
    depth = len(stack.names)  # (slots: empty ones make a walk's length an upper bound still)
    extra = stack.active.dropped_total
    if not stack.top() & HTML:  # (foreign content's rules)
        if rule == _P_END or rule == _BR_END:
            extra += stack.leave_foreign()  # (as a breakout)
        else:
            at = stack.last(_FOREIGN_NAME + name)
            if at >= 0 and stack.all_foreign_from(at):
                stack.pop_to(at)
                return depth - at + extra
            extra += depth - stack.last_html()  # (the walk down the foreign elements, then the HTML rules')
    if flags & FORMATTING:
        return stack.close_formatting(name, end_tag=True) + extra
    if rule == _BODY_END:
        stack.form_open &= name != b"form" or stack.last_barrier(TEMPLATE) >= 0
        return stack.depth()  # (a walk to find it in scope; nothing popped: an upper bound for `</form>`)
    if rule == _BR_END:  # `</br>`, read as <br>
        return extra
    target, barrier = _reach(name, group, rule)
    at = stack.last(target)
    stop = stack.last_barrier(barrier) if barrier >= 0 else -1
    if at >= 0 and at >= (stack.blocked(barrier) if barrier >= 0 else -1):  # (the element itself may be one)
        stack.pop_to(at)
        return depth - at + extra
    return depth - max(at, stop, 0) + extra


# --------------------------------------------------------------------------- the quick bound
# `stack_walks` reads each tag's text and keeps the list of formatting elements entry by entry: ~4-8 us a tag, ten
# times lexbor's parse of a legacy page of 600 kB (a review: unclosed <font>s in 5,000 table rows checked in 0.49 s,
# parsed in 0.04 s). `quick_walks` reads the tag names and where text stands between them, and keeps the model's
# stack (the same rules, tables and positions) without the list: its entries counted by level, where the page
# keeps to what it can follow exactly (no foreign content, no <xmp>, no formatting element adopted across a block,
# no end tag whose entry in the list may be dropped or pushed out); any other page the model reads.

class _QuickLevel:
    """The formatting elements of one marker's level, counted rather than listed: `ghosts` popped by another
    element's end (dropped entries, re-created at the next text), `recreated` re-created (`_Quick.recreate`),
    `live` on the stack, and the names of those `unsure`: dropped, or alike past Noah's ark, so that which entry
    an end tag of theirs finds is not known."""

    __slots__ = ("ghosts", "recreated", "live", "unsure")

    def __init__(self) -> None:
        self.ghosts = 0
        self.recreated = 0
        self.live = 0
        self.unsure: set[bytes] = set()


class _Unsure(Exception):
    """The page does something `quick_walks` does not follow: the model reads it."""


class _Quick:
    """The model's stack of open elements (`_Stack`) without the list of formatting elements: its entries are
    counted by level (`_QuickLevel`), those dropped at most `listed` a level (Noah's ark: three alike), and
    those re-created stand on the stack as one slot of their number, where the parser re-creates them (all of a
    level's dropped entries: the parser keeps those behind one still open dropped; a slot is no element a rule
    looks for). Counted so, the stack is never shallower than the model's."""

    def __init__(self, listed: int) -> None:
        self.listed = listed
        self.names: list[bytes] = []  # (b"" for a slot of re-created elements)
        self.flags: list[int] = []
        self.weights: list[int] = []  # (1 an element; a slot of re-created ones, their number)
        self.positions: dict[bytes, list[int]] = {}
        self.barriers: list[list[int]] = [[] for _ in range(_BARRIERS)]
        self.levels = [_QuickLevel()]
        self.depth = 0  # (the elements on the stack and the dropped entries, as `_Stack.depth` counts them)
        self.pops = 0  # (pops after which the parser may re-create formatting elements)
        self.form_open = False
        self.push(b"html", _KINDS[b"html"][3] & ~IGNORED)
        self.push(b"body", _KINDS[b"body"][3] & ~IGNORED)

    def last(self, name: bytes) -> int:
        at = self.positions.get(name)
        return at[-1] if at else -1

    def last_barrier(self, kind: int) -> int:
        at = self.barriers[kind]
        return at[-1] if at else -1

    def blocked(self, kind: int) -> int:
        at, select = self.barriers[kind], self.barriers[SELECT]
        return max(at[-1] if at else -1, select[-1] if select else -1)

    def load(self) -> int:
        """An upper bound on the entries of the list since the last marker (`_Level.size`)."""
        level = self.levels[-1]
        return level.live + level.ghosts + level.recreated

    def push(self, name: bytes, flags: int) -> None:
        names = self.names
        pos = len(names)
        names.append(name)
        self.flags.append(flags)
        self.weights.append(1)
        self.depth += 1
        positions = self.positions
        at = positions.get(name)
        if at is None:
            positions[name] = [pos]
        else:
            at.append(pos)
        group = _GROUPS.get(name)
        if group is not None:
            positions.setdefault(group, []).append(pos)
        if flags & _BARRIER_BITS:
            for kind in _BARRIERS_OF[flags & _BARRIER_BITS]:
                self.barriers[kind].append(pos)
            if flags >> MARKER & 1:
                self.levels.append(_QuickLevel())
        elif flags & FORMATTING:
            level = self.levels[-1]
            level.live += 1
            if at is not None and len(at) > 3 and at[-4] > self.last_barrier(MARKER):
                level.unsure.add(name)  # (a fourth alike may push an entry of one still open out of the list)

    def recreate(self) -> None:
        """The current level's dropped entries re-created (before a text, and before most start tags): one slot."""
        level = self.levels[-1]
        count = level.ghosts
        if count:
            level.ghosts = 0
            level.recreated += count
            self.names.append(b"")
            self.flags.append(0)
            self.weights.append(count)

    def pop_to(self, pos: int, own: bool = False) -> None:
        """Pop the element at `pos` and all above it, as `_Stack.pop_to` does; `own`: its end tag's (or a new <a>'s)
        adoption takes that formatting element out of the list. The formatting elements popped with another are
        dropped (their names unsure, their level's count at most `listed`); a marker ends its level."""
        names, flags, weights, positions, barriers = self.names, self.flags, self.weights, self.positions, self.barriers
        self.depth -= sum(weights[pos:])
        for at in range(len(names) - 1, pos - 1, -1):
            name, kind, weight = names[at], flags[at], weights[at]
            if name:
                positions[name].pop()
                if name in _GROUPS:
                    positions[_GROUPS[name]].pop()
            if kind & _BARRIER_BITS:
                for barrier in _BARRIERS_OF[kind & _BARRIER_BITS]:
                    barriers[barrier].pop()
                if kind >> MARKER & 1:
                    self.depth -= self.levels.pop().ghosts  # (the list is cleared to the marker)
            elif kind & FORMATTING or not name:
                self._drop(name, weight, own and at == pos)
        del names[pos:], flags[pos:], weights[pos:]
        level = self.levels[-1]
        if level.ghosts or level.recreated:  # (the next text or start tag may re-create them)
            self.pops += 1

    def _drop(self, name: bytes, weight: int, own: bool) -> None:
        """A formatting element (or a slot of them, `name` b"") popped: dropped, but for one its own end tag pops."""
        level = self.levels[-1]
        if name:
            level.live -= 1
            if own:
                return
            level.unsure.add(name)
        else:
            level.recreated -= weight
        dropped = min(level.ghosts + weight, self.listed)
        self.depth += dropped - level.ghosts
        level.ghosts = dropped

    def top_is(self, wanted: frozenset[bytes]) -> bool:
        """Is the current node one of `wanted`? Unknown (`_Unsure`) where a slot stands above it: the parser
        re-creates only the entries after the last one still open."""
        names = self.names
        top = len(names) - 1
        while not names[top]:
            top -= 1
        if names[top] not in wanted:
            return False
        if top < len(names) - 1:
            raise _Unsure
        return True

    def close_formatting(self, name: bytes, start: bool = False) -> None:
        """The adoption agency where the list holds the element: the last element of that name since the last
        marker leaves it, popped unless a special element stands above it (adopted then: `_Unsure`); `start`:
        for a new <a> or <nobr>, which a scope above the one before would leave beside it (`_Unsure` too)."""
        if name in self.levels[-1].unsure:
            raise _Unsure
        at = self.positions.get(name)
        if not at or at[-1] <= self.last_barrier(MARKER):  # (no entry: an end tag then finds no element to pop)
            return
        if at[-1] > self.barriers[SPECIAL][-1]:  # (<html> is special, and a barrier of every scope)
            self.pop_to(at[-1], own=True)
        elif start or at[-1] > self.barriers[SCOPE][-1]:
            raise _Unsure


def paired_walks(names: list[bytes]) -> int | None:
    """An upper bound on `stack_walks`'s count, from C, for a page whose formatting elements each end at once
    (`<a href=…>…</a>`, no tag between): none is ever dropped, re-created or adopted, and any other element stays
    open but one so ended (a `</form>` ends none); each tag walks the stack twice at most and searches the list
    once. `names`: the page's tag names as `TAG_NAME` reads them, lower-cased. None for a page holding foreign
    content (read otherwise), or a formatting element left open."""
    ended = Counter(compress(names, map(eq, map(b"/".__add__, names), islice(names, 1, None))))
    depth = 4  # (<html>, <body>, an element ended at once, a raw-text element while it is read)
    for token, count in Counter(names).items():
        end, name, _group, flags, rule = _KINDS[token]
        if end or flags & (VOID | IGNORED):
            continue
        if rule == _FOREIGN_ROOT:
            return None
        closed = ended[token] if _END_RULES.get(name) != _BODY_END else 0
        if flags & FORMATTING and closed < count:
            return None
        depth += count - closed + (2 * count if rule == _TABLE else 0)  # (a table's section and row, inserted)
    return 3 * depth * len(names)


_QUICK_OPTION: Final = frozenset((b"option",))
_XMP: Final = re.compile(rb"<xmp", re.I)


def quick_walks(raw: bytes, parts: list[bytes | None], listed: int, limit: int) -> tuple[int, int] | None:
    """An upper bound on the stack walks `stack_walks` counts for this page, less the work of its formatting
    elements, and how many times the parser may re-create them (each time, every entry of one level at most);
    from `parts`, the page split by `TAG_NAME` (its texts, and between them the tags' tokens, None for a
    comment or a raw-text element), and `listed`, the entries one level of the list holds at most. None where
    the page does what it does not follow (see above) or the walks pass `limit`: the model reads it then. Each
    tag walks as far as the model counts it at most (`_start_walks`; an end tag, the whole stack, the elements on
    it and the entries dropped; a formatting element's searches the list too)."""
    if _XMP.search(raw) is not None:
        return None
    quick = _Quick(listed)
    levels = quick.levels
    work = 0
    after_tag = False  # (a tag's match stops before its '>', no text)
    try:
        for at in range(1, len(parts), 2):
            text, token = parts[at - 1], parts[at]
            if text and levels[-1].ghosts:
                if text == b">" and at > 1 and not after_tag:
                    raise _Unsure  # (after a comment, text; after a bogus comment, its end)
                if not after_tag or text != b">":
                    quick.recreate()  # (as the parser does before a text)
            after_tag = token is not None
            if not token:  # (a comment, a raw-text element)
                continue
            end, name, group, flags, rule = _KINDS[token]
            if not end:
                work += quick.depth * _start_walks(flags, rule)
                if _quick_start_tag(quick, name, group, flags, rule):
                    return work, quick.pops
            elif flags & FORMATTING:
                work += quick.depth + quick.load()
                quick.close_formatting(name)
            else:
                work += quick.depth
                _quick_end_tag(quick, name, group, rule)
            if work > limit:
                return None
    except _Unsure:
        return None
    return work, quick.pops


def _start_walks(flags: int, rule: int) -> int:
    """How many times a start tag walks the whole stack at most (`_start_tag`): one closing a <p> twice (an <li>'s
    item, then the <p>), any other walking one once (a new <a> looking for the one before too), most none."""
    if rule == _CLOSES_P:
        return 2
    return 1 if flags & WALKER or rule == _ADOPTS else 0


def _quick_start_tag(quick: _Quick, name: bytes, group: bytes, flags: int, rule: int) -> bool:
    """`_start_tag` on the quick stack. True after a <plaintext>, whose start tag makes the rest of the page text."""
    if rule == _PUSHED:
        if flags & IGNORED:
            return False
    elif rule == _CLOSES_P:
        return _quick_closes_p(quick, name, group, flags)
    elif rule == _TABLE_PART:
        _quick_table_part(quick, name, group, flags)
        return False
    elif rule == _TABLE:
        table = quick.last_barrier(TABLE)
        if table > 0 and quick.names[table] == b"table" and max(quick.last(b"#cell"), quick.last(b"caption")) < table:
            quick.pop_to(table)
        quick.push(name, flags)
        return False
    elif rule == _FOREIGN_ROOT:
        raise _Unsure
    elif rule == _SELECT:
        select = quick.last(b"select")
        if select >= 0 and select >= quick.blocked(SCOPE):
            quick.pop_to(select)
            return False
    elif rule == _BUTTON:
        button = quick.last(b"button")
        if button >= 0 and button > quick.blocked(SCOPE):
            quick.pop_to(button)
    elif rule == _ADOPTS:
        quick.close_formatting(name, start=True)
    elif rule == _OPTION and quick.top_is(_QUICK_OPTION):
        quick.pop_to(len(quick.names) - 1)
    quick.recreate()
    if not flags & VOID:
        quick.push(name, flags)
    return False


def _quick_closes_p(quick: _Quick, name: bytes, group: bytes, flags: int) -> bool:
    """A start tag closing a <p> (`_CLOSES_P`), which re-creates no formatting element. True for a <plaintext>."""
    if name == b"form" and quick.form_open and quick.last_barrier(TEMPLATE) < 0:
        return False
    if name == b"li" or group == b"#term":
        item = quick.last(b"li" if name == b"li" else group)
        if item >= 0 and item >= quick.blocked(LIST_ITEM):
            quick.pop_to(item)
    paragraph = quick.last(b"p")
    if paragraph >= 0 and paragraph > quick.blocked(BUTTON):
        quick.pop_to(paragraph)
    if group == b"#heading" and quick.top_is(_HEADINGS):
        quick.pop_to(len(quick.names) - 1)
    quick.form_open |= name == b"form" and quick.last_barrier(TEMPLATE) < 0
    if not flags & VOID:  # (an <hr>)
        quick.push(name, flags)
    return name == b"plaintext"


def _quick_table_part(quick: _Quick, name: bytes, group: bytes, flags: int) -> None:
    """`_table_part`: ignored outside a table; ends an open one of its kind; a cell or row given its row and section."""
    context = quick.last_barrier(TABLE)
    if context <= 0:
        return
    part = quick.last(group or name)
    if part > quick.blocked(TABLE) and name not in (b"caption", b"colgroup"):
        quick.pop_to(part)
    if quick.names[context] == b"table" and (group == b"#cell" or name == b"tr"):
        if quick.last(b"#section") < context:
            quick.push(b"tbody", _KINDS[b"tbody"][3])
        if group == b"#cell" and quick.last(b"tr") < context:
            quick.push(b"tr", _KINDS[b"tr"][3])
    quick.push(name, flags)


def _quick_end_tag(quick: _Quick, name: bytes, group: bytes, rule: int) -> None:
    """`_end_tag` on the quick stack, for an end tag other than a formatting element's."""
    if rule == _BODY_END:
        quick.form_open &= name != b"form" or quick.last_barrier(TEMPLATE) >= 0
        return
    if rule == _BR_END:  # `</br>`, read as <br>
        return
    target, barrier = _reach(name, group, rule)
    at = quick.last(target)
    if at >= 0 and at >= (quick.blocked(barrier) if barrier >= 0 else -1):
        quick.pop_to(at)
