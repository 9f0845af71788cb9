"""`python -m scrapeguard.proxy` = `scrapeguard proxy`."""

import sys

from scrapeguard.proxy.cli import main

sys.exit(main())
