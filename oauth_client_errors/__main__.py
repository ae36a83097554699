"""``python -m oauth_client_errors``: the command line (see :mod:`oauth_client_errors.cli`)."""

import sys

from .cli import main

sys.exit(main())
