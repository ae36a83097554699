"""A redirect (callback) handler that checks state and issuer, then explains errors.

``parse_redirect`` checks ``state`` (CSRF) and ``iss`` (RFC 9207 mix-up defence) *before*
it trusts the error in the redirect; the user is shown the display-safe ``hint``, and a
link only when ``error_uri`` is an absolute https URL.

Run it as written, then open one of the URLs it prints (only listens on 127.0.0.1)::

    python examples/web_callback.py            # serves http://127.0.0.1:8765/callback
    python examples/web_callback.py --demo     # requests a few redirects itself, exits

``EXPECTED_ISSUER=https://as.example`` turns on the issuer check.
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
import sys
import threading
import urllib.error
import urllib.request

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from oauth_client_errors import OAuthClientError, parse_redirect

EXPECTED_STATE = "demo-state"  # in a real app: the value stored in the user's session
PORT = 8765

TRY = [
    "/callback?error=access_denied&error_description=The+user+said+no&state=demo-state",
    "/callback?error=consent_required&state=demo-state"
    "&error_uri=https%3A%2F%2Fas.example%2Fdocs%2Fconsent",
    "/callback?error=access_denied&state=forged",
    "/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=demo-state",
]


@Request.application  # type: ignore[misc]
def app(request: Request) -> Response:
    if request.path != "/callback":
        return Response("not found", status=404)
    try:
        err = parse_redirect(
            request.url,
            expected_state=EXPECTED_STATE,
            expected_issuer=os.environ.get("EXPECTED_ISSUER"),
        )
    except OAuthClientError as exc:  # state or issuer mismatch, malformed: trust nothing
        return Response(
            f"<p>Sign-in failed: {html.escape(str(exc))}</p>", 400, mimetype="text/html"
        )
    if err is not None:
        link = f'<p><a href="{html.escape(err.link)}">More</a></p>' if err.link else ""
        body = (
            f"<h1>Sign-in did not complete</h1><p>{html.escape(err.hint)}</p>{link}"
            f"<p><small>{html.escape(err.code)}, policy {err.policy}</small></p>"
        )
        return Response(body, 400, mimetype="text/html")
    code = request.args.get("code")
    return Response(f"Got an authorization code ({'yes' if code else 'no'}); exchange it now.")


def demo() -> int:
    """Serve on a free port, request each example redirect, print what the user sees."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        for path in TRY:
            try:
                with urllib.request.urlopen(base + path) as resp:
                    status, text = resp.status, resp.read().decode()
            except urllib.error.HTTPError as exc:
                status, text = exc.code, exc.read().decode()
            print(f"{path}\n  -> {status}: {text}\n")
    finally:
        server.shutdown()
    return 0


def main(argv: list[str]) -> int:
    if "--demo" in argv:
        return demo()
    server = make_server("127.0.0.1", PORT, app)
    print(f"listening on http://127.0.0.1:{PORT}; try:")
    for path in TRY:
        print(f"  http://127.0.0.1:{PORT}{path}")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
