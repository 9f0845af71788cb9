"""Policy errors that name the file, the key path and the reason."""

from __future__ import annotations


class PolicyError(Exception):
    """A policy file that cannot be used. The crawler must not start with it.

    `problems` holds `(key_path, reason)` pairs; `str()` gives one line per problem,
    each prefixed with the file (and the line, when it is known). `sources`, one per problem
    when given, names the file of an `extends` chain that holds the key at fault when it is
    not `path` itself: the line reads `corp-base.toml (extended by team.toml): ...`, so the
    user edits the file where the typo is. `lines`, one per problem when given, is the line of the
    key at fault (or of its table, for a key that is missing) in the file that holds it (its
    `sources` entry, else `path`), said after the reason:
    `p.toml: purpose[a].usage: Input should be ... (line 12)`.
    """

    def __init__(self, path: str, problems: list[tuple[str, str]], line: int | None = None,
                 sources: list[str | None] | None = None, lines: list[int | None] | None = None) -> None:
        self.path = path
        self.problems = problems
        self.line = line
        self.sources: list[str | None] = list(sources) if sources is not None else [None] * len(problems)
        self.lines: list[int | None] = list(lines) if lines is not None else [None] * len(problems)
        super().__init__(self._format())

    def _format(self) -> str:
        own = f"{self.path}:{self.line}" if self.line else self.path
        out = []
        for (key, reason), source, line in zip(self.problems, self.sources, self.lines, strict=True):
            where = f"{source} (extended by {own})" if source and source != self.path else own
            at = f" (line {line})" if line else ""
            out.append(f"{where}: {key}: {reason}{at}" if key else f"{where}: {reason}{at}")
        return "\n".join(out) or f"{own}: invalid policy"
