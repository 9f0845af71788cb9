"""Policy errors that name the file, the key path and the reason."""

from __future__ import annotations


class PolicyError(Exception):
    """A policy file that cannot be used. The crawler must not start with it.

    `problems` holds `(key_path, reason)` pairs; `str()` gives one line per problem,
    each prefixed with the file (and the line, when it is known).
    """

    def __init__(self, path: str, problems: list[tuple[str, str]], line: int | None = None) -> None:
        self.path = path
        self.problems = problems
        self.line = line
        super().__init__(self._format())

    def _format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        lines = []
        for key, reason in self.problems:
            lines.append(f"{where}: {key}: {reason}" if key else f"{where}: {reason}")
        return "\n".join(lines) or f"{where}: invalid policy"
