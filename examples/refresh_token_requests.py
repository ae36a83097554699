"""A refresh token with requests, persisted to a file every time it rotates.

The token file is JSON: ``{"access_token": ..., "refresh_token": ..., "expires_at": ...}``.
``on_token`` is called exactly once per new token: that is where it is saved (the server
may rotate the refresh token, and the old one is then dead).

Run it as written: without settings it starts the local test authorization server
(``tests/servers.py``; needs the ``[test]`` extra), writes a token file with a token
that server has just revoked, and shows the SDK refreshing, rotating and saving it::

    python examples/refresh_token_requests.py

Against your own server, with a token file from an earlier sign-in::

    OAUTH_TOKEN_URL=https://as.example/token OAUTH_CLIENT_ID=app \\
    OAUTH_CLIENT_SECRET=... TOKEN_FILE=token.json API_URL=https://api.example/me \\
    python examples/refresh_token_requests.py
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import requests

from oauth_client_errors import OAuthError, Policy, RefreshTokenSource, Token
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


@contextlib.contextmanager
def settings() -> Iterator[dict[str, str]]:
    """The environment's settings, or the local test server's with a fresh token file."""
    if "OAUTH_TOKEN_URL" in os.environ:
        yield dict(os.environ)
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from servers import serve  # the local Authlib test server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    with serve() as live, tempfile.TemporaryDirectory() as tmp:
        record = live.store.issue("app", "profile")
        path = Path(tmp) / "token.json"
        save(
            path,
            Token(
                record.access_token,
                refresh_token=record.refresh_token,
                expires_at=time.time() + 3600,
                scope="profile",
            ),
        )
        live.store.revoke_access(record.access_token)  # the next request gets a 401
        print(f"(started the local test server on {live.url}; token file {path})")
        yield {
            "OAUTH_TOKEN_URL": live.token_url,
            "OAUTH_CLIENT_ID": "app",
            "OAUTH_CLIENT_SECRET": "app-secret-9876543210",
            "TOKEN_FILE": str(path),
            "API_URL": f"{live.url}/api/me",
        }


def main() -> int:
    logging.basicConfig(level=logging.DEBUG if os.environ.get("DEBUG") else logging.WARNING)
    with settings() as env:
        path = Path(env.get("TOKEN_FILE", "token.json"))
        before = load(path)
        saved: list[Token] = []

        def persist(token: Token) -> None:
            save(path, token)
            saved.append(token)

        source = RefreshTokenSource(
            env["OAUTH_TOKEN_URL"],
            env["OAUTH_CLIENT_ID"],
            before,
            client_secret=env.get("OAUTH_CLIENT_SECRET"),
            on_token=persist,
        )
        with requests.Session() as session:
            session.auth = OAuth2Auth(source)
            try:
                response = session.get(env["API_URL"], timeout=30)
            except OAuthError as err:
                if err.policy is Policy.REAUTHORIZE:
                    print("The saved grant is no longer valid; sign in again.", file=sys.stderr)
                print(f"{err.code}: {err.hint}", file=sys.stderr)
                return 1
        print(response.status_code, response.text.strip())
        if saved:
            rotated = load(path).refresh_token != before.refresh_token
            print(f"refreshed {len(saved)} time(s); refresh token rotated: {rotated}; saved")
    return 0


if __name__ == "__main__":
    sys.exit(main())
