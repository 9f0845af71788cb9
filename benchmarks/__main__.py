"""`python -m benchmarks [--quick] [--only NAME]`: see `benchmarks.run`."""

import sys

from benchmarks.run import main

sys.exit(main())
