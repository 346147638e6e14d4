"""`python -m relmanager` is the same as the `relmanager` command."""

import sys

from relmanager.cli import main

if __name__ == "__main__":
    sys.exit(main())
