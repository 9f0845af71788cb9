"""Policy errors that name the file, the key path and the reason."""

from __future__ import annotations


class PolicyError(Exception):
    """A policy file that cannot be used. The crawler must not start with it.

    `problems` holds `(key_path, reason)` pairs; `str()` gives one line per problem,
    each prefixed with the file (and the line, when it is known). `sources`, one per problem
    when given, names the file of an `extends` chain that holds the key at fault when it is
    not `path` itself: the line reads `corp-base.toml (extended by team.toml): ...`, so the
    user edits the file where the typo is.
    """

    def __init__(self, path: str, problems: list[tuple[str, str]], line: int | None = None,
                 sources: list[str | None] | None = None) -> None:
        self.path = path
        self.problems = problems
        self.line = line
        self.sources: list[str | None] = list(sources) if sources is not None else [None] * len(problems)
        super().__init__(self._format())

    def _format(self) -> str:
        own = f"{self.path}:{self.line}" if self.line else self.path
        lines = []
        for (key, reason), source in zip(self.problems, self.sources, strict=True):
            where = f"{source} (extended by {own})" if source and source != self.path else own
            lines.append(f"{where}: {key}: {reason}" if key else f"{where}: {reason}")
        return "\n".join(lines) or f"{own}: invalid policy"
