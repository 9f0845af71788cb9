"""Shared fixtures; the server helpers live in `sitekit.py` (importable from tests).

Property tests run the same examples on every run (`derandomize`): a CI run must not fail on
an input no earlier run tried. `HYPOTHESIS_PROFILE=explore` draws new ones, to hunt for bugs."""

import os

from hypothesis import settings

from sitekit import Site, html, site, site_factory, start_site, text  # noqa: F401  (fixtures)

settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
