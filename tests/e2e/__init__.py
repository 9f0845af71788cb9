"""End-to-end tests: real crawls through each integration against tests/e2e/site.py."""
