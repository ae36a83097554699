"""``python -m oauth_client_errors``: the command line (see ``oauth-client-errors --help``)."""

from ._cli import run

run()
