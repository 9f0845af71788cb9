"""The README is the way in and docs/ the reference: their links lead somewhere, and what both show
(the Scrapy settings, the command-line synopsis, the smallest policy of one's own) is the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", ROOT / "examples" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\[[^\]]+\]\(([^)\s]+)\)")


def _anchors(markdown: str) -> set[str]:
    """GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as hyphens."""
    headings = re.findall(r"^#+ (.+)$", markdown, re.M)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


def _code_block(markdown: str, opening: str) -> str:
    found = re.search(re.escape(opening) + r".*?```", markdown, re.S)
    assert found, opening
    return found.group(0)


def test_the_readme_links_every_page_of_the_docs() -> None:
    readme = (ROOT / "README.md").read_text()
    assert {path.name for path in (ROOT / "docs").glob("*.md")} <= set(re.findall(r"\(docs/([\w-]+\.md)", readme))


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_relative_link_leads_to_a_file_and_heading_that_exist(document: Path) -> None:
    for target in LINK.findall(document.read_text()):
        if re.match(r"[a-z]+:", target):
            continue  # an absolute URL: not checked offline
        path, _, anchor = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        assert linked.exists(), f"{document.name}: {target}"
        if anchor:
            assert anchor in _anchors(linked.read_text()), f"{document.name}: {target}"


@pytest.mark.parametrize(("page", "opening"), [
    ("scrapy.md", "**Scrapy** (2.13 or later) — in `settings.py`, in place of the `ADDONS = {}`"),
    ("command-line.md", "```text\nscrapeguard demo"),
    ("policies.md", "```toml\n# my-policy.toml"),
])
def test_what_the_readme_and_the_docs_both_show_is_the_same(page: str, opening: str) -> None:
    readme = (ROOT / "README.md").read_text()
    assert _code_block(readme, opening) == _code_block((ROOT / "docs" / page).read_text(), opening)


def test_the_policies_page_names_every_key_of_the_schema() -> None:
    """The README sent a new user to docs/policies.md for "every key", which listed none of them: each
    table's keys are in its "Every key" section, so a key added to the schema must be documented there."""
    from pydantic import BaseModel

    from scrapeguard.policy import model

    section = (ROOT / "docs" / "policies.md").read_text().split("## Every key", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`\[{0,2}(?:basis\.|on\.)?([a-z_0-9]+)\]{0,2}`", section))
    tables = [model.Policy, model.Controller, model.Runtime, model.JurisdictionConfig, model.Signals, model.Purpose,
              model.Basis, model.OnFindings, model.Override, model.Audit]
    missing = {f"{table.__name__}.{name}" for table in tables for name in table.model_fields
               if issubclass(table, BaseModel) and name not in named}
    assert missing == set()


def test_the_policies_page_marks_a_key_required_only_where_the_schema_requires_it() -> None:
    """(Review) docs/policies.md says "Keys without a default are required", yet showed `notice_url`, `[audit]
    sink`, an override's `evidence` and the other keys that may be left out with the same "—" as `name`: a new
    user took them for required. Each row's keys are "—" exactly where the schema has no default."""
    from scrapeguard.policy import model

    section = (ROOT / "docs" / "policies.md").read_text().split("## Every key", 1)[1].split("\n## ", 1)[0]
    tables = {"Top level": [model.Policy], "[controller]": [model.Controller], "[[purpose]]": [model.Purpose,
              model.Basis], "[[override]]": [model.Override], "[audit]": [model.Audit]}
    checked = 0
    for part in section.split("\n**")[1:]:
        schema = next((t for title, t in tables.items() if part.startswith(f"`{title}`**") or part.startswith(title)),
                      None)
        for row in (line for line in part.splitlines() if line.startswith("| `") and schema is not None):
            cells = [c.strip() for c in row.strip("|").split("|")]
            keys = re.findall(r"`(?:basis\.)?([a-z_0-9]+)`", cells[0])
            required = cells[1].startswith("—")  # (`—, ""`: the first key required, the second not)
            defaults = [d.strip() for d in cells[1].split(",")] if required else [cells[1]] * len(keys)
            for key, default in zip(keys, defaults):
                field = next(t.model_fields[key] for t in schema if key in t.model_fields)
                assert (default == "—") == field.is_required(), (key, default)
                checked += 1
    assert checked > 30
