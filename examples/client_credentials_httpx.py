"""Client credentials with httpx: the SDK fetches, caches, refreshes and retries the token.

Against your own server (settings from the environment)::

    OAUTH_TOKEN_URL=https://as.example/token OAUTH_CLIENT_ID=svc \\
    OAUTH_CLIENT_SECRET=... API_URL=https://api.example/me [OAUTH_SCOPE=read] \\
    python client_credentials_httpx.py

Against a demo authorization server it starts on 127.0.0.1 (nothing leaves the machine)::

    python client_credentials_httpx.py --demo

The demo makes three calls: a plain one; one the resource server refuses with
``invalid_token`` (the SDK gets a new token and replays the request once); and one whose
token request is refused with ``invalid_client`` (raised as ``InvalidClientError``, policy
``fix_config``). ``DEBUG=1`` shows each decision the SDK takes (logger
``oauth_client_errors``), with secrets redacted.

Install: ``pip install 'oauth-client-errors[examples]'``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from oauth_client_errors import ClientCredentials, InvalidClientError, OAuthError
from oauth_client_errors.httpx import client


def call(token_url: str, client_id: str, secret: str, api_url: str, scope: str | None) -> int:
    """GET ``api_url`` with a client-credentials token; print the outcome; 0 on success."""
    source = ClientCredentials(token_url, client_id, secret, scope=scope)
    # client(): an httpx.Client with the OAuth2Auth and its redirect hook (no token or DPoP
    # proof follows a redirect to another origin)
    with client(source, follow_redirects=True) as api:
        try:
            response = api.get(api_url)
        except OAuthError as err:  # refresh and retries already happened
            print(f"  {type(err).__name__}: {err.code} (policy {err.policy})")
            print(f"  hint for the developer: {err.hint}")
            return 1
    print(f"  HTTP {response.status_code}: {response.text.strip()[:200]}")
    return 0 if response.is_success else 1


def demo() -> int:
    from oauth_client_errors.testing import OAuthTestServer

    with OAuthTestServer() as server:
        print(f"Mode: demo - a local authorization server this example started at {server.issuer}")
        secret = server.client_secret
        print("1. A plain call:")
        plain = call(server.token_endpoint, server.client_id, secret, server.resource_url, None)
        print("2. The resource server says invalid_token: a new token, one replay:")
        before = server.token_requests
        server.fail_next_resource("rfc", "invalid_token")
        replayed = call(server.token_endpoint, server.client_id, secret, server.resource_url, None)
        print(f"  token requests during this call: {server.token_requests - before}")
        print("3. The token endpoint says invalid_client:")
        server.fail_next_token("rfc", "invalid_client")
        source = ClientCredentials(server.token_endpoint, server.client_id, secret)
        with client(source) as api:
            try:
                api.get(server.resource_url)
                refused = False
            except InvalidClientError as err:
                print(f"  {type(err).__name__} (policy {err.policy}): {err.hint}")
                refused = True
    ok = plain == 0 and replayed == 0 and refused
    print("Demo finished as expected." if ok else "Demo did NOT behave as expected.")
    return 0 if ok else 1


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--demo", action="store_true", help="use a local demo server")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if os.environ.get("DEBUG") else logging.WARNING)
    if args.demo:
        return demo()
    needed = ("OAUTH_TOKEN_URL", "OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET", "API_URL")
    missing = [name for name in needed if not os.environ.get(name)]
    if missing:
        print(f"Set {', '.join(missing)} (or run with --demo).", file=sys.stderr)
        return 2
    env = os.environ
    print(f"Mode: real endpoints from the environment - token endpoint {env['OAUTH_TOKEN_URL']}")
    return call(
        env["OAUTH_TOKEN_URL"],
        env["OAUTH_CLIENT_ID"],
        env["OAUTH_CLIENT_SECRET"],
        env["API_URL"],
        env.get("OAUTH_SCOPE"),
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
