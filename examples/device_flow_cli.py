"""The device authorization grant on the command line (RFC 8628).

Against your own server::

    python device_flow_cli.py DEVICE_AUTHORIZATION_URL TOKEN_URL CLIENT_ID \\
        [--client-secret SECRET] [--scope SCOPE]

``--client-secret`` (or ``OAUTH_CLIENT_SECRET`` in the environment, which keeps it out of
the shell history and the process list) makes it a confidential client, authenticated
with ``client_secret_basic``; without one it is a public client.

Against a demo authorization server it starts on 127.0.0.1 (nothing leaves the machine;
its user approves on the second poll)::

    python device_flow_cli.py --demo

Polling honours ``interval``, adds 5 seconds on ``slow_down``, keeps going on
``authorization_pending`` and stops with the typed error and its hint on
``access_denied`` and ``expired_token`` (or when ``expires_in`` has elapsed).

Install: ``pip install 'oauth-client-errors[examples]'``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys

from oauth_client_errors import DeviceAuthorization, DeviceFlow, OAuthError


def prompt(auth: DeviceAuthorization) -> None:
    # The display_* accessors: server text without escape sequences (an OSC 8 hyperlink
    # would show one address and link to another), bidi overrides or control characters.
    print(f"Open {auth.display_verification_uri}")
    print(f"and enter the code: {auth.display_user_code}")
    if auth.display_verification_uri_complete:
        print(f"(or open {auth.display_verification_uri_complete})")
    print(f"Waiting; polling every {auth.interval:.0f} s.")


def sign_in(
    device_url: str, token_url: str, client_id: str, secret: str | None, scope: str | None
) -> int:
    flow = DeviceFlow(device_url, token_url, client_id, client_secret=secret, scope=scope)
    try:
        token = flow.run(prompt)
    except OAuthError as err:
        print(f"{err.code}: {err.hint}", file=sys.stderr)
        return 1
    expires = "unknown"
    if token.expires_at is not None:
        expires = datetime.datetime.fromtimestamp(token.expires_at).isoformat(timespec="seconds")
    print(f"Signed in; the access token expires at {expires} (scope: {token.scope})")
    return 0


def demo(scope: str | None) -> int:
    from oauth_client_errors.testing import OAuthTestServer

    with OAuthTestServer() as server:
        print(f"Mode: demo - a local authorization server this example started at {server.issuer}")
        return sign_in(
            server.device_authorization_endpoint,
            server.token_endpoint,
            server.client_id,
            server.client_secret,
            scope,
        )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description="Sign in with the device flow (RFC 8628).",
        epilog="Without --client-secret, OAUTH_CLIENT_SECRET is used when set.",
    )
    parser.add_argument("device_authorization_url", nargs="?")
    parser.add_argument("token_url", nargs="?")
    parser.add_argument("client_id", nargs="?")
    parser.add_argument("--client-secret", help="the client secret of a confidential client")
    parser.add_argument("--scope")
    parser.add_argument("--demo", action="store_true", help="use a local demo server")
    args = parser.parse_args(argv)
    if args.demo:
        return demo(args.scope)
    if not (args.device_authorization_url and args.token_url and args.client_id):
        parser.print_usage(sys.stderr)
        print("Give the two endpoints and the client id, or run with --demo.", file=sys.stderr)
        return 2
    secret = args.client_secret or os.environ.get("OAUTH_CLIENT_SECRET") or None
    print(f"Mode: real endpoints from the command line - {args.device_authorization_url}")
    return sign_in(
        args.device_authorization_url, args.token_url, args.client_id, secret, args.scope
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
