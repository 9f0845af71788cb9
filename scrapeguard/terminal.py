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


def printable(text: object) -> str:
    """`text` with control characters shown as escapes (`\\x1b`); None as ''."""
    return "" if text is None else str(text).translate(_CONTROLS)


def markup_safe(text: object) -> str:
    """`printable(text)` with rich markup escaped: for text put into a rich markup string."""
    from rich.markup import escape

    return escape(printable(text))
