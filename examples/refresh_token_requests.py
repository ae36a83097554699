"""A refresh token with requests, saved to a file every time it rotates.

The token file is JSON: ``{"access_token": ..., "refresh_token": ..., "expires_at": ...}``.
``on_token`` is called exactly once per new token: that is where it is saved (the server
may rotate the refresh token, and the old one is then dead).

Against your own server, with a token file from an earlier sign-in (settings from the
environment)::

    OAUTH_TOKEN_URL=https://as.example/token OAUTH_CLIENT_ID=app \\
    OAUTH_CLIENT_SECRET=... TOKEN_FILE=token.json API_URL=https://api.example/me \\
    python refresh_token_requests.py

Against a demo authorization server it starts on 127.0.0.1 (nothing leaves the machine),
which rotates refresh tokens; the resource server refuses the first call with
``invalid_token``, so the SDK refreshes, the rotated token is saved, and the call is
replayed::

    python refresh_token_requests.py --demo

Install: ``pip install 'oauth-client-errors[examples]'``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
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


def call(token_url: str, client_id: str, secret: str | None, path: Path, api_url: str) -> int:
    """GET ``api_url`` with the saved token, refreshing (and saving) it when needed."""
    before = load(path)
    saved: list[Token] = []

    def persist(token: Token) -> None:
        save(path, token)
        saved.append(token)

    source = RefreshTokenSource(
        token_url, client_id, before, client_secret=secret, on_token=persist
    )
    with requests.Session() as session:
        session.auth = OAuth2Auth(source)
        try:
            response = session.get(api_url, timeout=30)
        except OAuthError as err:
            if err.policy is Policy.REAUTHORIZE:
                print("The saved grant is no longer valid; sign in again.", file=sys.stderr)
            print(f"{err.code}: {err.hint}", file=sys.stderr)
            return 1
    print(f"HTTP {response.status_code}: {response.text.strip()[:200]}")
    if saved:
        rotated = load(path).refresh_token != before.refresh_token
        print(f"Refreshed {len(saved)} time(s); refresh token rotated: {rotated}; saved.")
    return 0 if response.ok else 1


def demo() -> int:
    from oauth_client_errors.testing import OAuthTestServer

    with (
        OAuthTestServer(rotate_refresh_tokens=True) as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        print(f"Mode: demo - a local authorization server this example started at {server.issuer}")
        path = Path(tmp) / "token.json"
        first = server.issue_token()  # as if a user had just signed in
        save(path, first)
        server.fail_next_resource("rfc", "invalid_token")
        status = call(
            server.token_endpoint,
            server.client_id,
            server.client_secret,
            path,
            server.resource_url,
        )
        rotated = load(path).refresh_token != first.refresh_token
    ok = status == 0 and rotated
    print("Demo finished as expected." if ok else "Demo did NOT behave as expected.")
    return 0 if ok else 1


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Refresh and save a token with requests.")
    parser.add_argument("--demo", action="store_true", help="use a local demo server")
    args = parser.parse_args(argv)
    if args.demo:
        return demo()
    needed = ("OAUTH_TOKEN_URL", "OAUTH_CLIENT_ID", "TOKEN_FILE", "API_URL")
    missing = [name for name in needed if not os.environ.get(name)]
    if missing:
        print(f"Set {', '.join(missing)} (or run with --demo).", file=sys.stderr)
        return 2
    env = os.environ
    print(f"Mode: real endpoints from the environment - token endpoint {env['OAUTH_TOKEN_URL']}")
    return call(
        env["OAUTH_TOKEN_URL"],
        env["OAUTH_CLIENT_ID"],
        env.get("OAUTH_CLIENT_SECRET") or None,
        Path(env["TOKEN_FILE"]),
        env["API_URL"],
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
