"""`python -m scrapeguard` is the `scrapeguard` command."""

from scrapeguard.cli import main

raise SystemExit(main())
