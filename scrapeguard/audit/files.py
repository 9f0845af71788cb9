"""Files an officer hands the audit commands (a key, kept checkpoints, a photo), read with a bound.

Why: read whole, `/dev/zero`, a disk image or a video given by mistake ended in a MemoryError
traceback (exit 1, which the commands give for 'tampered'). A regular file larger than the bound is
refused by its size before any of it is read; a device or a pipe is read no further than one byte past it.
"""

from __future__ import annotations

import errno
import os
import stat


def open_without_waiting(path: str | os.PathLike[str]) -> int:
    """A descriptor for reading `path` that does not wait for a FIFO's writer (`O_NONBLOCK`, where the system has
    it). OSError as `os.open` raises it."""
    return os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))


def read_at_most(path: str, cap: int) -> bytes | None:
    """The file's bytes, or None when it holds more than `cap` of them. OSError as `open` raises it.
    Opened without waiting for a writer: a FIFO no one writes to (`mkfifo`) reads as empty, where it
    waited for ever; one written to (`<(…)`, a pipe) is read as it comes."""
    fd = open_without_waiting(path)
    try:
        found = os.fstat(fd)
        if stat.S_ISDIR(found.st_mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", path)
        os.set_blocking(fd, True)
        fh = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with fh:
        if stat.S_ISREG(found.st_mode) and found.st_size > cap:
            return None
        data = fh.read(cap + 1)
    return data if len(data) <= cap else None
