"""Text from the web and from policies, made safe to print to an operator's terminal.

A page's `<meta robots>` or a robots.txt line can carry terminal control sequences (ESC [ 1A
moves the cursor up, ESC ] 0; sets the window title, colours); printed raw, a site rewrites
what the operator sees. They are shown as visible escapes instead, and rich markup in the text
(`[bold]`) is escaped so that rich prints it as written.
"""

from __future__ import annotations

# C0 controls but tab and line feed, DEL and the C1 controls (U+0080-U+009F; U+009B is a CSI on
# its own), and the bidirectional overrides that reorder what follows them on screen
_CONTROLS: dict[int, str] = {
    c: f"\\x{c:02x}" for c in (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0))
}
_CONTROLS.update({c: f"\\u{c:04x}" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
# one line per item (a record in a table): line breaks and tabs shown too
_ONE_LINE: dict[int, str] = {**_CONTROLS, 0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}


def printable(text: object, *, one_line: bool = False) -> str:
    """`text` with control characters shown as escapes (`\\x1b`); None as ''. `one_line`: line
    breaks and tabs as escapes too."""
    return "" if text is None else str(text).translate(_ONE_LINE if one_line else _CONTROLS)


def markup_safe(text: object, *, one_line: bool = False) -> str:
    """`printable(text)` with rich markup escaped: for text put into a rich markup string."""
    from rich.markup import escape

    return escape(printable(text, one_line=one_line))
