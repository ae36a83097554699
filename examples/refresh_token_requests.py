"""A refresh token with requests, persisted to a file every time it rotates.

The token file is JSON: {"access_token": ..., "refresh_token": ..., "expires_at": ...}.

    OAUTH_TOKEN_URL=http://127.0.0.1:8000/token OAUTH_CLIENT_ID=app \
    OAUTH_CLIENT_SECRET=... TOKEN_FILE=token.json API_URL=http://127.0.0.1:8000/api/me \
    python examples/refresh_token_requests.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import requests

from oauth_client_errors._errors import OAuthError
from oauth_client_errors._tokens import RefreshTokenSource, Token
from oauth_client_errors._types import Policy
from oauth_client_errors.requests import OAuth2Auth


def load(path: Path) -> Token:
    data = json.loads(path.read_text())
    return Token(
        data["access_token"],
        refresh_token=data.get("refresh_token"),
        expires_at=data.get("expires_at"),
        scope=data.get("scope"),
    )


def save(path: Path, token: Token) -> None:
    """Write atomically, readable by the owner only: the rotated refresh token is in it."""
    data = {
        "access_token": token.access_token,
        "refresh_token": token.refresh_token,
        "expires_at": token.expires_at,
        "scope": token.scope,
    }
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".token-")
    with os.fdopen(fd, "w") as f:
        json.dump(data, f)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def main() -> int:
    path = Path(os.environ.get("TOKEN_FILE", "token.json"))
    source = RefreshTokenSource(
        os.environ["OAUTH_TOKEN_URL"],
        os.environ["OAUTH_CLIENT_ID"],
        load(path),
        client_secret=os.environ.get("OAUTH_CLIENT_SECRET"),
        on_token=lambda token: save(path, token),
    )
    with requests.Session() as session:
        session.auth = OAuth2Auth(source)
        try:
            response = session.get(os.environ["API_URL"], timeout=30)
        except OAuthError as err:
            if err.policy is Policy.REAUTHORIZE:
                print("The saved grant is no longer valid; sign in again.", file=sys.stderr)
            print(f"{err.code}: {err.hint}", file=sys.stderr)
            return 1
    print(response.status_code, response.text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
