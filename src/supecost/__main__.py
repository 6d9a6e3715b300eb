"""``python -m supecost``: the command line."""

import sys

from supecost.cli import main

sys.exit(main())
