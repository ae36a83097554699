"""A web application's sign-in callback (Flask): check state and issuer, then explain errors.

``parse_redirect`` checks ``state`` (CSRF) and ``iss`` (RFC 9207 mix-up defence) *before*
it trusts anything in the redirect; with a token endpoint the code is then redeemed with
PKCE (RFC 7636). The end user is shown ``err.user_message`` (plain
words, no protocol terms); the developer's ``err.hint`` goes to the log.

Against your own authorization server (settings from the environment; serves on
http://127.0.0.1:8765, register http://127.0.0.1:8765/callback as a redirect URI)::

    OAUTH_AUTHORIZATION_URL=https://as.example/authorize OAUTH_CLIENT_ID=web \\
    [OAUTH_TOKEN_URL=https://as.example/token OAUTH_CLIENT_SECRET=...] \\
    [OAUTH_ISSUER=https://as.example] [OAUTH_SCOPE=openid] python web_callback.py

then open http://127.0.0.1:8765/login.

Against a demo authorization server it starts on 127.0.0.1 (nothing leaves the machine);
it signs in four times (denied, login required, success, a forged callback) and prints
what the user sees and what the log says::

    python web_callback.py --demo

Install: ``pip install 'oauth-client-errors[examples]'``.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import html
import logging
import os
import re
import secrets
import sys
import threading
import urllib.parse
from dataclasses import dataclass

import httpx
from flask import Flask, redirect, request, session
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from oauth_client_errors import (
    OAuthClientError,
    OAuthError,
    UntrustedResponseError,
    parse_redirect,
)
from oauth_client_errors.httpx import raise_for_oauth_error

log = logging.getLogger("web_callback")
PORT = 8765


@dataclass
class Settings:
    authorization_endpoint: str
    client_id: str
    redirect_uri: str
    issuer: str | None = None
    scope: str | None = None
    token_endpoint: str | None = None  # set: the code is exchanged for a token
    client_secret: str | None = None


def pkce_pair() -> tuple[str, str]:
    """A PKCE code verifier and its S256 challenge (RFC 7636 §4.1-4.2)."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def exchange(settings: Settings, code: str, verifier: str) -> None:
    """Redeem the authorization code at the token endpoint; raise its typed error if any."""
    assert settings.token_endpoint is not None
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": settings.redirect_uri,
        "code_verifier": verifier,
    }
    auth = (settings.client_id, settings.client_secret) if settings.client_secret else None
    if auth is None:
        form["client_id"] = settings.client_id
    response = httpx.post(settings.token_endpoint, data=form, auth=auth, timeout=30)
    raise_for_oauth_error(response, endpoint="token")
    # A real application keeps response.json() (the tokens) server-side now.


def page(title: str, text: str, status: int = 200) -> Response:
    body = f"<!doctype html><title>{html.escape(title)}</title><h1>{html.escape(title)}</h1>"
    return Response(body + f"<p>{html.escape(text)}</p>", status, mimetype="text/html")


def create_app(settings: Settings) -> Flask:
    app = Flask(__name__)
    app.secret_key = secrets.token_bytes(32)

    @app.get("/login")
    def login() -> Response:
        state = secrets.token_urlsafe(24)
        verifier, challenge = pkce_pair()
        session["oauth_state"] = state  # in a signed cookie; compared on the callback
        session["oauth_verifier"] = verifier
        params = {
            "response_type": "code",
            "client_id": settings.client_id,
            "redirect_uri": settings.redirect_uri,
            "state": state,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
        if settings.scope:
            params["scope"] = settings.scope
        query = urllib.parse.urlencode(params)
        return redirect(f"{settings.authorization_endpoint}?{query}")  # type: ignore[return-value]

    @app.get("/callback")
    def callback() -> Response:
        expected_state = session.pop("oauth_state", None)
        verifier = session.pop("oauth_verifier", "")
        if expected_state is None:
            return page("Sign-in expired", "Please start signing in again.", 400)
        try:
            err = parse_redirect(
                request.url, expected_state=expected_state, expected_issuer=settings.issuer
            )
        except UntrustedResponseError as exc:  # forged or mixed up: trust nothing in it
            log.warning("untrusted sign-in response (%s): %s", type(exc).__name__, exc)
            return page("Sign-in could not be verified", exc.user_message, 400)
        except OAuthClientError as exc:  # malformed
            log.warning("unreadable sign-in response (%s): %s", type(exc).__name__, exc)
            return page("Sign-in failed", exc.user_message, 400)
        if err is not None:
            log.warning("sign-in error %s (policy %s): %s", err.code, err.policy, err.hint)
            return page("Sign-in did not complete", err.user_message, 400)
        if settings.token_endpoint is not None:
            try:
                exchange(settings, request.args.get("code", ""), verifier)
            except OAuthError as exc:
                log.warning("code exchange: %s (policy %s): %s", exc.code, exc.policy, exc.hint)
                return page("Sign-in did not complete", exc.user_message, 400)
        return page("Signed in", "You are signed in.")

    return app


def serve(app: Flask, port: int) -> tuple[object, str]:
    server = make_server("127.0.0.1", port, app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def demo() -> int:
    from oauth_client_errors.testing import OAuthTestServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    captured = _Lines()
    log.addHandler(captured)
    log.setLevel(logging.INFO)
    with OAuthTestServer() as server:
        print(f"Mode: demo - a local authorization server this example started at {server.issuer}")
        settings = Settings(
            server.authorization_endpoint,
            server.client_id,
            "",
            issuer=server.issuer,
            token_endpoint=server.token_endpoint,
            client_secret=server.client_secret,
        )
        app = create_app(settings)
        web, base = serve(app, 0)
        settings.redirect_uri = f"{base}/callback"
        seen: dict[str, str] = {}
        try:
            with httpx.Client(follow_redirects=True, timeout=30) as browser:
                for label, failure in [
                    ("denied", ("rfc", "access_denied")),
                    ("login required", ("rfc", "login_required")),
                    ("success", None),
                ]:
                    if failure is not None:
                        server.fail_next_authorization(*failure)
                    before = len(captured.lines)
                    response = browser.get(f"{base}/login")
                    seen[label] = response.text
                    show(label, response, captured.lines[before:])
                browser.get(f"{base}/login", follow_redirects=False)  # a sign-in in progress
                before = len(captured.lines)
                forged = browser.get(f"{base}/callback?error=access_denied&state=forged")
                seen["forged"] = forged.text
                show("forged callback", forged, captured.lines[before:])
        finally:
            web.shutdown()  # type: ignore[attr-defined]
    ok = (
        "Sign-in did not complete" in seen["denied"]
        and "Sign-in did not complete" in seen["login required"]
        and "Signed in" in seen["success"]
        and "could not be verified" in seen["forged"]
        and not any("prompt=none" in text or "OAuth" in text for text in seen.values())
    )
    print("Demo finished as expected." if ok else "Demo did NOT behave as expected.")
    return 0 if ok else 1


def show(label: str, response: httpx.Response, logged: list[str]) -> None:
    title = re.search(r"<h1>(.*?)</h1>", response.text)
    text = re.search(r"<p>(.*?)</p>", response.text)
    seen = [html.unescape(m.group(1)) for m in (title, text) if m is not None]
    print(f"{label}: HTTP {response.status_code}")
    print(f"  the user sees: {' - '.join(seen)}")
    for line in logged:
        print(f"  the log says:  {line}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="A sign-in callback that explains errors.")
    parser.add_argument("--demo", action="store_true", help="use a local demo server")
    args = parser.parse_args(argv)
    if args.demo:
        return demo()
    needed = ("OAUTH_AUTHORIZATION_URL", "OAUTH_CLIENT_ID")
    missing = [name for name in needed if not os.environ.get(name)]
    if missing:
        print(f"Set {', '.join(missing)} (or run with --demo).", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO)
    env = os.environ
    settings = Settings(
        env["OAUTH_AUTHORIZATION_URL"],
        env["OAUTH_CLIENT_ID"],
        f"http://127.0.0.1:{PORT}/callback",
        issuer=env.get("OAUTH_ISSUER") or None,
        scope=env.get("OAUTH_SCOPE") or None,
        token_endpoint=env.get("OAUTH_TOKEN_URL") or None,
        client_secret=env.get("OAUTH_CLIENT_SECRET") or None,
    )
    print(f"Mode: real endpoints from the environment - {settings.authorization_endpoint}")
    print(f"Open http://127.0.0.1:{PORT}/login (Ctrl-C stops)")
    server = make_server("127.0.0.1", PORT, create_app(settings))
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
