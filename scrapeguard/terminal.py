"""Text from the web and from policies, made safe to print to an operator's terminal.

A page's `<meta robots>` or a robots.txt line can carry terminal control sequences (ESC [ 1A
moves the cursor up, ESC ] 0; sets the window title, colours); printed raw, a site rewrites
what the operator sees. They are shown as visible escapes instead, and rich markup in the text
(`[bold]`) is escaped so that rich prints it as written.

Also the one console and closed-pipe handling every command shares: a reader that closes
the pipe (`| head -1`) must not change a command's exit status (1 blocked or tampered,
2 bad input).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import signal
import sys
from collections.abc import Iterator
from typing import Any

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


# ------------------------------------------------------------------ output to a pipe
class PipeClosed(BrokenPipeError):
    """The reader of stdout went away after the command's exit status was known (`| head -1`
    after `verify` or `policy check`): `scrapeguard.cli.main` exits with `exit_status`, so a
    closed pipe never turns a tampered log's or a bad policy's status into another."""

    def __init__(self, exit_status: int) -> None:
        super().__init__(errno.EPIPE, "the reader of the output closed the pipe")
        self.exit_status = exit_status


def console(stderr: bool = False, *, soft_wrap: bool = False, piped_width: int | None = None) -> Any:
    """A rich console that raises BrokenPipeError when the reader closes the pipe (rich itself
    exits 1, which means "blocked" or "tampered"), and prints `:smile:` as written (rich's emoji
    codes made a file `:smile:.html` read `😄.html`, a name no file has). `piped_width`: the width
    when the stream is not a terminal (None: rich's default)."""
    from rich.console import Console

    class PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, "the reader of the output closed the pipe")

    stream = sys.stderr if stderr else sys.stdout
    width = None if piped_width is None or stream.isatty() else piped_width
    return PipeConsole(stderr=stderr, soft_wrap=soft_wrap, highlight=False, emoji=False, width=width)


@contextlib.contextmanager
def output_of(status: int) -> Iterator[None]:
    """Write a command's output once its exit status is known: a closed pipe ends it with
    that status (`PipeClosed`), the output flushed inside so the failure shows here."""
    try:
        yield
        sys.stdout.flush()
    except PipeClosed:
        raise
    except BrokenPipeError:
        raise PipeClosed(status) from None


def closed_pipe_status(exc: BrokenPipeError, status: int | None) -> int:
    """The exit status when the reader of stdout closed the pipe (`| head -1`): the command's
    own when it was known before (carried by `PipeClosed.exit_status`, or returned), else
    128 + SIGPIPE as a Unix tool killed by it; never 0 for a command cut short. Stdout goes
    to /dev/null so the interpreter's final flush stays quiet."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    known = getattr(exc, "exit_status", status)
    return int(known) if known is not None else 128 + int(getattr(signal, "SIGPIPE", 13))


# ------------------------------------------------------------------ output in any encoding
def safe_output() -> None:
    """Output that cannot fail on its encoding: a latin-1 terminal gets `\\u2026` for `…`. An
    output problem must never end a command with exit 1 (which `check` gives a blocked URL and
    `audit verify` a tampered log)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (getattr(stream, "errors", None) or "strict") == "strict":
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def stdout_is_utf8() -> bool:
    """Whether stdout writes any text as it is (else JSON on it must be written with `\\u00eb`
    escapes: the stream's own replacement would write `\\xeb`, which no JSON reader takes)."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("_", "-")
    return encoding.startswith("utf")


def json_line(record: object) -> str:
    """One JSON Lines line for stdout, valid JSON whatever stdout's encoding (`stdout_is_utf8`).
    A lone surrogate (a file name in no UTF-8, as Python reads one) is written as a `\\udce9`
    escape: a stdout with surrogateescape (a C.UTF-8 locale's) wrote its raw byte, no UTF-8."""
    from scrapeguard.resource import _utf8

    line = json.dumps(record, ensure_ascii=not stdout_is_utf8())
    if not _utf8(line):
        line = json.dumps(record, ensure_ascii=True)
    return line + "\n"


def given(text: str) -> str:
    """An option's value, which must say something (an argparse `type`): an empty one (a script's
    unset variable, `check --audit "$LOG"`) was read as the option left out, so check recorded
    nothing and honoured no log's erasures, and `--policy ""` ran the default policy. White space
    alone says nothing either (`--audit " "` made a log named " ")."""
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty: give a value, or leave the option out")
    return text
