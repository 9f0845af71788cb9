"""Shared fixtures; the server helpers live in `sitekit.py` (importable from tests)."""

from sitekit import Site, html, site, site_factory, start_site, text  # noqa: F401  (fixtures)
