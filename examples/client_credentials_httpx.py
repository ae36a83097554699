"""Client credentials with httpx: the SDK fetches, caches, refreshes and retries.

    OAUTH_TOKEN_URL=http://127.0.0.1:8000/token OAUTH_CLIENT_ID=svc \
    OAUTH_CLIENT_SECRET=... API_URL=http://127.0.0.1:8000/api/me \
    python examples/client_credentials_httpx.py
"""

from __future__ import annotations

import logging
import os
import sys

import httpx

from oauth_client_errors._errors import OAuthError
from oauth_client_errors._tokens import ClientCredentials
from oauth_client_errors.httpx import OAuth2Auth


def main() -> int:
    logging.basicConfig(level=logging.DEBUG if os.environ.get("DEBUG") else logging.INFO)
    source = ClientCredentials(
        os.environ["OAUTH_TOKEN_URL"],
        os.environ["OAUTH_CLIENT_ID"],
        os.environ["OAUTH_CLIENT_SECRET"],
        scope=os.environ.get("OAUTH_SCOPE"),
    )
    with httpx.Client(auth=OAuth2Auth(source)) as client:
        try:
            response = client.get(os.environ["API_URL"])
        except OAuthError as err:
            print(f"{err.code} (policy {err.policy}): {err.hint}", file=sys.stderr)
            return 1
    print(response.status_code, response.text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
