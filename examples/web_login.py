"""Sign users in with the authorization code flow (PKCE, state, iss) in a small Flask app.

The whole flow: ``/login`` starts it (``AuthorizationCodeFlow.start``) and sends the browser
to the authorization server; ``/callback`` checks the answer and exchanges the code
(``finish``). On failure the end user sees ``err.user_message_in(...)`` (plain words, no protocol
terms, in the browser's language) and the developer's log gets ``err.hint`` (what to
change).

Against a real server (register ``http://127.0.0.1:8766/callback`` as a redirect URI)::

    OAUTH_ISSUER=https://login.example.com OAUTH_CLIENT_ID=... OAUTH_CLIENT_SECRET=... \\
        python examples/web_login.py            # then open http://127.0.0.1:8766/

Options: ``--issuer``, ``--client-id``, ``--client-secret`` (none: a public client),
``--scope`` (default ``openid profile``), ``--port``, ``--par`` (pushed authorization
requests, RFC 9126). The environment variables ``OAUTH_ISSUER``, ``OAUTH_CLIENT_ID``,
``OAUTH_CLIENT_SECRET`` and ``OAUTH_SCOPE`` give the defaults.

``--demo`` starts a local authorization server (``oauth_client_errors.testing``), signs in
through it with a scripted browser, then shows a declined consent and a tampered
callback, and exits.

Needs Flask (``pip install flask``). Listens on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import http.cookiejar
import logging
import os
import secrets
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

from flask import Flask, redirect, request, session
from werkzeug.serving import make_server

from oauth_client_errors import (
    AuthorizationCodeFlow,
    AuthorizationRequest,
    OAuthClientError,
    Token,
)

log = logging.getLogger("web_login")

#: Sign-ins in progress, by a random id kept in the session cookie. The request holds the
#: PKCE verifier: keep it on the server (or in an encrypted session), not in a readable cookie.
PENDING: dict[str, dict[str, Any]] = {}
PENDING_LOCK = threading.Lock()


def message_for(err: OAuthClientError) -> str:
    """What to show the end user, in their language (``Accept-Language``).

    Every error of the package has ``err.user_message`` (English) and
    ``err.user_message_in(locale)``, which takes an ``Accept-Language`` value: plain words,
    no protocol terms, nothing the server wrote.
    """
    return err.user_message_in(request.headers.get("Accept-Language"))


def create_app(flow: AuthorizationCodeFlow, *, use_par: bool = False) -> Flask:
    """The web application: ``/``, ``/login``, ``/callback``."""
    app = Flask("web_login")
    app.secret_key = secrets.token_bytes(32)
    app.config.update(SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_HTTPONLY=True)

    @app.get("/")
    def index() -> str:
        who = session.get("user")
        if who:
            return f"<p>Signed in ({html.escape(who)}).</p><p><a href='/login'>Again</a></p>"
        return "<p><a href='/login'>Sign in</a></p>"

    @app.get("/login")
    def login() -> Any:
        try:
            started = flow.start(use_par=use_par)
        except OAuthClientError as err:  # PAR refused, server unreachable
            return failure(err)
        sid = secrets.token_urlsafe(16)
        with PENDING_LOCK:
            PENDING[sid] = started.to_dict()
        session["sid"] = sid
        return redirect(started.url)

    @app.get("/callback")
    def callback() -> Any:
        with PENDING_LOCK:
            kept = PENDING.pop(session.pop("sid", ""), None)
        try:
            if kept is None:
                raise OAuthClientError("no sign-in in progress for this browser")
            token = flow.finish(request.url, AuthorizationRequest.from_dict(kept))
        except OAuthClientError as err:
            return failure(err)
        session["user"] = describe(token)
        return redirect("/")

    return app


def failure(err: OAuthClientError) -> tuple[str, int]:
    """Log what a developer needs, show the user what they need."""
    log.warning("sign-in failed (%s): %s", type(err).__name__, getattr(err, "hint", err))
    return f"<h1>Sign-in failed</h1><p>{html.escape(message_for(err))}</p>", 400


def describe(token: Token) -> str:
    """A short, secret-free description of the token for the page."""
    parts = [f"scope: {token.scope or '-'}"]
    if token.id_token:
        parts.append("with an ID token (verify it with a JOSE library before use)")
    return ", ".join(parts)


@contextlib.contextmanager
def serve(app: Flask, port: int) -> Iterator[str]:
    """Run the app on 127.0.0.1 in a thread; yields its base URL."""
    httpd = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Do not follow redirects (the scripted browser stops at the authorization URL)."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def browse(opener: urllib.request.OpenerDirector, url: str) -> tuple[int, str, str]:
    """Open ``url`` following redirects; return the status, final URL and page text."""
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.url, response.read().decode()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.url, exc.read().decode()


def free_port() -> int:
    """A port free on 127.0.0.1 now (the demo's redirect URI must name it in advance)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def demo() -> int:
    """Sign in against a local server with a scripted browser; then two failures."""
    from oauth_client_errors.testing import OAuthTestServer

    port = free_port()
    with OAuthTestServer() as server:
        print(f"Mode: demo - a local authorization server this example started at {server.issuer}")
        flow = AuthorizationCodeFlow.from_issuer(
            server.issuer,
            server.client_id,
            f"http://127.0.0.1:{port}/callback",
            client_secret=server.client_secret,
            scope="openid profile",
        )
        app = create_app(flow)
        with serve(app, port) as base:
            opener = urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
            )
            status, where, page = browse(opener, f"{base}/login")
            print(f"sign-in: HTTP {status} at {urllib.parse.urlsplit(where).path}")
            print(f"  page: {strip(page)}")
            ok = status == 200 and "Signed in" in page

            server.fail_next_authorization("rfc", "access_denied")
            status, _, page = browse(opener, f"{base}/login")
            print(f"declined consent: HTTP {status}")
            print(f"  page: {strip(page)}")
            ok = ok and status == 400

            # A sign-in started in this browser, then a callback whose state does not match
            # (a forged link): the browser does not follow the redirect to the server.
            jar = http.cookiejar.CookieJar()
            stay = urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(jar), NoRedirect()
            )
            status, _, _ = browse(stay, f"{base}/login")
            ok = ok and status == 302
            follow = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            status, _, page = browse(follow, f"{base}/callback?code=stolen&state=forged")
            print(f"forged callback: HTTP {status}")
            print(f"  page: {strip(page)}")
            ok = ok and status == 400
    if not ok:
        print("Demo did NOT behave as expected")
    return 0 if ok else 1


def strip(page: str) -> str:
    import re

    return re.sub(r"<[^>]+>", " ", page).split("Again")[0].strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", action="store_true", help="run against a local server")
    parser.add_argument("--issuer", default=os.environ.get("OAUTH_ISSUER"))
    parser.add_argument("--client-id", default=os.environ.get("OAUTH_CLIENT_ID"))
    parser.add_argument("--client-secret", default=os.environ.get("OAUTH_CLIENT_SECRET"))
    parser.add_argument("--scope", default=os.environ.get("OAUTH_SCOPE", "openid profile"))
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--par", action="store_true", help="use pushed authorization requests")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    if args.demo:
        return demo()
    if not args.issuer or not args.client_id:
        parser.error("give --issuer and --client-id (or OAUTH_ISSUER / OAUTH_CLIENT_ID), or --demo")
    print(f"Mode: real endpoints from the command line or environment - issuer {args.issuer}")
    try:
        flow = AuthorizationCodeFlow.from_issuer(
            args.issuer,
            args.client_id,
            f"http://127.0.0.1:{args.port}/callback",
            client_secret=args.client_secret or None,
            scope=args.scope,
        )
    except OAuthClientError as err:
        print(f"discovery failed: {err}\nhint: {getattr(err, 'hint', '-')}", file=sys.stderr)
        return 2
    with serve(create_app(flow, use_par=args.par), args.port) as base:
        print(f"open {base}/ (Ctrl-C to stop)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
