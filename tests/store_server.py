"""A strict authorization server and resource on 127.0.0.1 for the token store tests.

Standard library only (``http.server``, threaded, random port). It rotates refresh tokens
on every use, treats a second use of a refresh token as theft (RFC 9700 §4.14.2: the
whole token family is revoked, its access tokens too), and records every token request,
so the tests can count refreshes per expiry and reuse events exactly.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CLIENT_ID = "store-client"
CLIENT_SECRET = "store-secret-123"


@dataclass
class Issue:
    """One access token the server issued."""

    at: float  # when
    expires_at: float
    family: str | None  # refresh token family, None for client credentials
    generation: int
    previous_expires_at: float | None  # expiry of the newest token before this one
    digest: str = ""  # sha256 prefix of the access token (as the workers report it)


@dataclass
class State:
    lifetime: float = 2.0
    delay: float = 0.0  # seconds every token response waits
    lock: threading.Lock = field(default_factory=threading.Lock)
    refresh_tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    access_tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    revoked_families: set[str] = field(default_factory=set)
    issues: list[Issue] = field(default_factory=list)
    token_requests: int = 0
    refreshes: int = 0
    reuse_events: int = 0
    refused: int = 0
    resource_ok: int = 0
    resource_401: int = 0
    generations: dict[str, int] = field(default_factory=dict)


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # a hundred workers connect at once; 5 would drop SYNs
    daemon_threads = True


class StoreAuthServer:
    """The server; ``with StoreAuthServer() as server: ...`` runs it in a thread."""

    def __init__(self, lifetime: float = 2.0) -> None:
        self.state = State(lifetime=lifetime)
        self._httpd = _Server(("127.0.0.1", 0), _handler(self.state))
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        host, port = self._httpd.server_address[:2]
        self.url = f"http://{host}:{port}"
        self.token_endpoint = f"{self.url}/token"
        self.resource_url = f"{self.url}/resource"

    def __enter__(self) -> StoreAuthServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def sign_in(self) -> dict[str, Any]:
        """A fresh token response for a new refresh token family (as after a login)."""
        with self.state.lock:
            return _issue(self.state, family=secrets.token_hex(4), generation=0)

    # -- what the tests check ------------------------------------------------------------------

    def early_issues(self, skew: float, tolerance: float = 0.25) -> list[Issue]:
        """Tokens issued while the newest earlier token still had more than ``skew`` left."""
        return [
            i
            for i in self.state.issues
            if i.previous_expires_at is not None and i.previous_expires_at - i.at > skew + tolerance
        ]


def _issue(state: State, *, family: str | None, generation: int) -> dict[str, Any]:
    now = time.time()
    access = "at-" + secrets.token_urlsafe(12)
    previous = state.issues[-1].expires_at if state.issues else None
    state.access_tokens[access] = {"expires_at": now + state.lifetime, "family": family}
    digest = hashlib.sha256(access.encode()).hexdigest()[:16]
    state.issues.append(Issue(now, now + state.lifetime, family, generation, previous, digest))
    body: dict[str, Any] = {
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": state.lifetime,
    }
    if family is not None:
        refresh = "rt-" + secrets.token_urlsafe(12)
        state.refresh_tokens[refresh] = {"family": family, "used": False, "gen": generation}
        body["refresh_token"] = refresh
    return body


def _handler(state: State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(
            self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
        ) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _client_ok(self, form: dict[str, str]) -> bool:
            auth = self.headers.get("Authorization", "")
            if auth.startswith("Basic "):
                pair = base64.b64decode(auth[6:]).decode()
                cid, _, secret = pair.partition(":")
                return (urllib.parse.unquote_plus(cid), urllib.parse.unquote_plus(secret)) == (
                    CLIENT_ID,
                    CLIENT_SECRET,
                )
            return form.get("client_id") == CLIENT_ID

        def do_POST(self) -> None:
            if self.path != "/token":
                self._send(404, {"error": "not_found"})
                return
            length = int(self.headers.get("Content-Length", "0"))
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
            if state.delay:
                time.sleep(state.delay)
            with state.lock:
                state.token_requests += 1
                if not self._client_ok(form):
                    self._send(401, {"error": "invalid_client"})
                    return
                grant = form.get("grant_type")
                if grant == "client_credentials":
                    body = _issue(state, family=None, generation=0)
                elif grant == "refresh_token":
                    body = self._refresh(form.get("refresh_token", ""))
                    if body is None:
                        state.refused += 1
                        self._send(
                            400,
                            {
                                "error": "invalid_grant",
                                "error_description": "refresh token is not valid",
                            },
                        )
                        return
                else:
                    self._send(400, {"error": "unsupported_grant_type"})
                    return
            self._send(200, body)

        def _refresh(self, refresh: str) -> dict[str, Any] | None:
            entry = state.refresh_tokens.get(refresh)
            if entry is None:
                return None
            family = entry["family"]
            if entry["used"]:
                state.reuse_events += 1  # theft: revoke the whole family
                state.revoked_families.add(family)
                return None
            if family in state.revoked_families:
                return None
            entry["used"] = True
            state.refreshes += 1
            return _issue(state, family=family, generation=entry["gen"] + 1)

        def do_GET(self) -> None:
            if self.path != "/resource":
                self._send(404, {"error": "not_found"})
                return
            auth = self.headers.get("Authorization", "")
            access = auth[7:] if auth.startswith("Bearer ") else ""
            with state.lock:
                entry = state.access_tokens.get(access)
                good = (
                    entry is not None
                    and entry["expires_at"] > time.time()
                    and entry["family"] not in state.revoked_families
                )
                if good:
                    state.resource_ok += 1
                else:
                    state.resource_401 += 1
            if good:
                self._send(200, {"ok": True})
            else:
                self._send(
                    401,
                    {"error": "invalid_token"},
                    {"WWW-Authenticate": 'Bearer error="invalid_token"'},
                )

    return Handler
