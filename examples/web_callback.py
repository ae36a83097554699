"""A redirect (callback) handler that checks state and issuer, then explains errors.

    EXPECTED_ISSUER=https://as.example python examples/web_callback.py
    # then open http://127.0.0.1:8765/callback?error=access_denied&state=demo-state

Only listens on 127.0.0.1.
"""

from __future__ import annotations

import html
import os
from typing import Any

from werkzeug.serving import run_simple
from werkzeug.wrappers import Request, Response

from oauth_client_errors import _parse
from oauth_client_errors._errors import OAuthClientError

EXPECTED_STATE = "demo-state"  # in a real app: the value stored in the user's session


@Request.application  # type: ignore[misc]
def app(request: Request) -> Response:
    if request.path != "/callback":
        return Response("not found", status=404)
    try:
        err = _parse.parse_redirect(
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
        body = f"<h1>Sign-in did not complete</h1><p>{html.escape(err.hint)}</p>{link}"
        return Response(body, 400, mimetype="text/html")
    code = request.args.get("code")
    return Response(f"Got an authorization code ({'yes' if code else 'no'}); exchange it now.")


def main() -> Any:
    run_simple("127.0.0.1", 8765, app)


if __name__ == "__main__":
    main()
