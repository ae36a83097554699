"""Client credentials with httpx: the SDK fetches, caches, refreshes and retries the token.

Run it as written: without settings it starts the local test authorization server
(``tests/servers.py``: Authlib on 127.0.0.1; needs the ``[test]`` extra) and uses its
demo client::

    python examples/client_credentials_httpx.py

Against your own server::

    OAUTH_TOKEN_URL=https://as.example/token OAUTH_CLIENT_ID=svc \\
    OAUTH_CLIENT_SECRET=... API_URL=https://api.example/me \\
    python examples/client_credentials_httpx.py

``DEBUG=1`` shows every decision the SDK takes (refresh, retry, give up) at DEBUG level,
with secrets redacted.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx

from oauth_client_errors import ClientCredentials, OAuthError
from oauth_client_errors.httpx import OAuth2Auth


@contextlib.contextmanager
def settings() -> Iterator[dict[str, str]]:
    """The environment's settings, or the local test server's."""
    if "OAUTH_TOKEN_URL" in os.environ:
        yield dict(os.environ)
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from servers import serve  # the local Authlib test server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    with serve() as live:
        print(f"(started the local test server on {live.url})")
        yield {
            "OAUTH_TOKEN_URL": live.token_url,
            "OAUTH_CLIENT_ID": "svc",
            "OAUTH_CLIENT_SECRET": "svc-secret-0123456789",
            "OAUTH_SCOPE": "profile",
            "API_URL": f"{live.url}/api/me",
        }


def main() -> int:
    logging.basicConfig(level=logging.DEBUG if os.environ.get("DEBUG") else logging.WARNING)
    with settings() as env:
        source = ClientCredentials(
            env["OAUTH_TOKEN_URL"],
            env["OAUTH_CLIENT_ID"],
            env["OAUTH_CLIENT_SECRET"],
            scope=env.get("OAUTH_SCOPE"),
        )
        with httpx.Client(auth=OAuth2Auth(source)) as client:
            try:
                response = client.get(env["API_URL"])
            except OAuthError as err:
                print(f"{err.code} (policy {err.policy}): {err.hint}", file=sys.stderr)
                return 1
        print(response.status_code, response.text.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
