"""The device authorization grant on the command line (RFC 8628).

python examples/device_flow_cli.py DEVICE_AUTHORIZATION_URL TOKEN_URL CLIENT_ID [SCOPE]
"""

from __future__ import annotations

import sys

from oauth_client_errors._device import DeviceAuthorization, DeviceFlow
from oauth_client_errors._errors import OAuthError


def prompt(auth: DeviceAuthorization) -> None:
    print(f"Open {auth.verification_uri_complete or auth.verification_uri}")
    print(f"and enter the code: {auth.user_code}")


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    flow = DeviceFlow(argv[0], argv[1], argv[2], scope=argv[3] if len(argv) > 3 else None)
    try:
        token = flow.run(prompt)
    except OAuthError as err:
        print(f"{err.code}: {err.hint}", file=sys.stderr)
        return 1
    print(f"Signed in; token expires at {token.expires_at} (scope: {token.scope})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
