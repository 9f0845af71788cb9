"""Files an officer hands the audit commands (a key, kept checkpoints, a photo), read with a bound.

Why: read whole, `/dev/zero`, a disk image or a video given by mistake ended in a MemoryError
traceback (exit 1, which the commands give for 'tampered'). A regular file larger than the bound is
refused by its size before any of it is read; a device or a pipe is read no further than one byte past it.
"""

from __future__ import annotations

import os
import stat


def read_at_most(path: str, cap: int) -> bytes | None:
    """The file's bytes, or None when it holds more than `cap` of them. OSError as `open` raises it."""
    with open(path, "rb") as fh:
        found = os.fstat(fh.fileno())
        if stat.S_ISREG(found.st_mode) and found.st_size > cap:
            return None
        data = fh.read(cap + 1)
    return data if len(data) <= cap else None
