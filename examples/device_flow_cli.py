"""The device authorization grant on the command line (RFC 8628).

Run it as written: without arguments it starts the local test authorization server
(``tests/servers.py``; needs the ``[test]`` extra) whose scripted user approves after
two polls, with a 1-second polling interval::

    python examples/device_flow_cli.py

Against your own server::

    python examples/device_flow_cli.py DEVICE_AUTHORIZATION_URL TOKEN_URL CLIENT_ID [SCOPE]

Polling honours ``interval``, adds 5 seconds on ``slow_down``, keeps going on
``authorization_pending`` and stops with the typed error and its hint on
``access_denied`` and ``expired_token`` (or when ``expires_in`` has elapsed).
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

from oauth_client_errors import DeviceAuthorization, DeviceFlow, OAuthError


def prompt(auth: DeviceAuthorization) -> None:
    print(f"Open {auth.verification_uri_complete or auth.verification_uri}")
    print(f"and enter the code: {auth.user_code}")
    print(f"(waiting; polling every {auth.interval:.0f} s)")


@contextlib.contextmanager
def settings(argv: list[str]) -> Iterator[list[str]]:
    """The command line's endpoints, or the local test server's."""
    if argv:
        yield argv
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from servers import serve  # the local Authlib test server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    def fast(store: object) -> None:
        store.device_interval = 1  # type: ignore[attr-defined]

    with serve(configure=fast) as live:
        live.store.device_plan = ["pending", "pending", "approve"]
        print(f"(started the local test server on {live.url})")
        yield [f"{live.url}/device_authorization", live.token_url, "device", "profile"]


def main(argv: list[str]) -> int:
    if argv and len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with settings(argv) as args:
        flow = DeviceFlow(args[0], args[1], args[2], scope=args[3] if len(args) > 3 else None)
        try:
            token = flow.run(prompt)
        except OAuthError as err:
            print(f"{err.code}: {err.hint}", file=sys.stderr)
            return 1
    print(f"Signed in; token expires at {token.expires_at:.0f} (scope: {token.scope})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
