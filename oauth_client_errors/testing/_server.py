"""A real OAuth 2.0 authorization server and protected resource on 127.0.0.1, for tests and demos.

Standard library only (``http.server``, threaded). It implements just enough of the
specifications for a client to run every flow end to end, and answers any request with a
provider's real error on demand (:meth:`OAuthTestServer.fail_next_token` and friends).

Specifications followed: RFC 6749 (client credentials, refresh, authorization code, client
authentication §2.3.1), RFC 7636 (PKCE, S256 only), RFC 8628 (device authorization grant),
RFC 6750 (Bearer resource and its challenges), RFC 8414 (metadata), RFC 9126 (pushed
authorization requests), RFC 9207 (``iss`` in the authorization response).

Not a production server: it keeps everything in memory, approves every user at once, and
listens on loopback only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.parse
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from oauth_client_errors import Endpoint, Token

from ._samples import SampleResponse, sample

__all__ = ["OAuthTestServer"]

_HOST = "127.0.0.1"
_DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
_REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:"
_MAX_BODY = 64 * 1024


class _OAuthFailure(Exception):
    """An RFC 6749 §5.2 error the token endpoint answers with."""

    def __init__(self, code: str, description: str, status: int = 400) -> None:
        super().__init__(code)
        self.code = code
        self.description = description
        self.status = status


@dataclass
class _Access:
    client_id: str
    scope: str | None
    expires_at: float


@dataclass
class _Refresh:
    client_id: str
    scope: str | None
    used: bool = False


@dataclass
class _Code:
    client_id: str
    redirect_uri: str
    challenge: str
    scope: str | None
    used: bool = False


@dataclass
class _Device:
    client_id: str
    scope: str | None
    polls: int = 0
    done: bool = False


@dataclass(frozen=True)
class _Reply:
    status: int
    headers: Mapping[str, str]
    body: bytes = b""


def _json_reply(status: int, payload: Any, headers: Mapping[str, str] | None = None) -> _Reply:
    return _Reply(
        status,
        {
            "Content-Type": "application/json",
            "Cache-Control": "no-store",
            **(headers or {}),
        },
        json.dumps(payload).encode("utf-8"),
    )


def _sample_reply(response: SampleResponse) -> _Reply:
    return _Reply(response.status, dict(response.headers), response.body)


class OAuthTestServer:
    """An authorization server and a protected resource on ``127.0.0.1`` (a random port).

    Use it as a context manager, or :meth:`start` and :meth:`stop` it::

        with OAuthTestServer() as server:
            source = ClientCredentials(server.token_endpoint, server.client_id,
                                       server.client_secret)
            server.fail_next_token("google", "invalid_grant")

    Grants (token endpoint, client authentication ``client_secret_basic``,
    ``client_secret_post``, or none for a public client outside ``client_credentials``):

    * ``client_credentials``: an access token, no refresh token.
    * ``refresh_token``: a new access token; with :attr:`rotate_refresh_tokens` a new refresh
      token too, and a refresh token that was rotated away is refused (``invalid_grant``).
    * ``urn:ietf:params:oauth:grant-type:device_code``: the first poll answers
      ``authorization_pending``; the device is approved by the second.
    * ``authorization_code`` with PKCE S256: the authorization endpoint approves at once and
      redirects to ``redirect_uri`` with ``code``, ``state`` and ``iss``; the exchange checks
      the client, the ``redirect_uri`` and the ``code_verifier``, and a code works once.

    The protected resource at :attr:`resource_url` checks the Bearer token: none -> 401 with
    a bare ``Bearer`` challenge; unknown or expired -> 401 ``error="invalid_token"``;
    ``?scope=NAME`` not granted -> 403 ``error="insufficient_scope"``; otherwise 200 JSON.

    Attributes:
        client_id: The one registered client's id.
        client_secret: Its secret (random unless given; never shown in ``repr``).
        rotate_refresh_tokens: Whether a refresh issues a new refresh token (settable).
        access_token_lifetime: Seconds an access token lives (settable).
    """

    def __init__(
        self,
        *,
        rotate_refresh_tokens: bool = False,
        access_token_lifetime: int = 3600,
        client_id: str = "test-client",
        client_secret: str | None = None,
        device_poll_interval: int = 1,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret if client_secret else secrets.token_urlsafe(24)
        self.rotate_refresh_tokens = rotate_refresh_tokens
        self.access_token_lifetime = access_token_lifetime
        self.device_poll_interval = device_poll_interval
        self._initial = (rotate_refresh_tokens, access_token_lifetime)
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._issuer = ""
        self._reset_state()

    # -- lifecycle ------------------------------------------------------------------------

    def start(self) -> OAuthTestServer:
        """Listen on 127.0.0.1 (a free port) in a background thread; return the server.

        Raises:
            RuntimeError: It is already running.
        """
        if self._httpd is not None:
            raise RuntimeError("the OAuthTestServer is already running")
        httpd = ThreadingHTTPServer((_HOST, 0), _handler_for(self))
        httpd.daemon_threads = True
        self._httpd = httpd
        self._issuer = f"http://{_HOST}:{httpd.server_address[1]}"
        self._thread = threading.Thread(
            target=httpd.serve_forever, name="OAuthTestServer", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening and wait for the background thread (does nothing if not running)."""
        httpd, thread = self._httpd, self._thread
        self._httpd = self._thread = None
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        if thread is not None:
            thread.join(timeout=10)

    def __enter__(self) -> OAuthTestServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self._issuer or "not running"
        return f"<OAuthTestServer {where} client_id={self.client_id!r}>"

    # -- addresses --------------------------------------------------------------------------

    @property
    def issuer(self) -> str:
        """The issuer identifier (``http://127.0.0.1:PORT``); RFC 8414 metadata is below it.

        Raises:
            RuntimeError: The server has not been started.
        """
        if not self._issuer:
            raise RuntimeError("start the OAuthTestServer first")
        return self._issuer

    @property
    def authorization_endpoint(self) -> str:
        """The authorization endpoint (GET, auto-approves)."""
        return self.issuer + "/authorize"

    @property
    def token_endpoint(self) -> str:
        """The token endpoint."""
        return self.issuer + "/token"

    @property
    def device_authorization_endpoint(self) -> str:
        """The RFC 8628 device authorization endpoint."""
        return self.issuer + "/device_authorization"

    @property
    def par_endpoint(self) -> str:
        """The RFC 9126 pushed authorization request endpoint."""
        return self.issuer + "/par"

    @property
    def resource_url(self) -> str:
        """The protected resource (accepts any method)."""
        return self.issuer + "/resource"

    @property
    def metadata(self) -> dict[str, Any]:
        """The RFC 8414 authorization server metadata it serves."""
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.authorization_endpoint,
            "token_endpoint": self.token_endpoint,
            "device_authorization_endpoint": self.device_authorization_endpoint,
            "pushed_authorization_request_endpoint": self.par_endpoint,
            "grant_types_supported": [
                "authorization_code",
                "client_credentials",
                "refresh_token",
                _DEVICE_GRANT,
            ],
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": [
                "client_secret_basic",
                "client_secret_post",
                "none",
            ],
            "authorization_response_iss_parameter_supported": True,
        }

    # -- programming it -------------------------------------------------------------------

    @property
    def token_requests(self) -> int:
        """How many requests the token endpoint received since the last :meth:`reset`."""
        with self._lock:
            return self._token_requests

    def fail_next_token(
        self, provider: str | SampleResponse, code: str | None = None
    ) -> SampleResponse:
        """Answer the next token request with ``provider``'s response for ``code``.

        Args:
            provider: ``"rfc"`` or a dialect name (see :func:`sample`), or a
                :class:`SampleResponse` to serve as it is (then leave ``code`` out).
            code: The error code (registered or the provider's own).

        Returns:
            The sample that will be served.
        """
        chosen = _sample_at(provider, code, Endpoint.TOKEN)
        with self._lock:
            self._fail_token.append(chosen)
        return chosen

    def fail_next_resource(
        self, provider: str | SampleResponse, code: str | None = None
    ) -> SampleResponse:
        """Answer the next request to :attr:`resource_url` with that provider's response.

        Returns:
            The sample that will be served.
        """
        chosen = _sample_at(provider, code, Endpoint.RESOURCE)
        with self._lock:
            self._fail_resource.append(chosen)
        return chosen

    def fail_next_authorization(
        self, provider: str | SampleResponse, code: str | None = None
    ) -> SampleResponse:
        """Make the next authorization redirect carry ``provider``'s error ``code``.

        The redirect goes to the request's ``redirect_uri`` with the sample's ``error``,
        ``error_description`` (and ``error_uri``), and the request's ``state`` and ``iss``.

        Returns:
            The sample whose parameters will be sent.

        Raises:
            LookupError: That provider sends ``code`` in no redirect.
        """
        chosen = _sample_at(provider, code, Endpoint.AUTHORIZATION)
        if chosen.url is None:
            raise LookupError(f"{provider} sends {code!r} in no authorization redirect")
        with self._lock:
            self._fail_authorization.append(chosen)
        return chosen

    def issue_token(self, scope: str | None = None) -> Token:
        """Return a token with a refresh token, as if a user had signed in just now.

        Args:
            scope: The granted scope (space-delimited), or None.
        """
        with self._lock:
            access, refresh, expires_in = self._mint(self.client_id, scope, refresh=True)
        return Token(
            access,
            refresh_token=refresh,
            expires_at=time.time() + expires_in,
            scope=scope,
        )

    def expire_access_tokens(self) -> None:
        """Make every access token issued so far expired (the resource answers 401)."""
        with self._lock:
            for access in self._access.values():
                access.expires_at = 0.0

    def reset(self) -> None:
        """Forget every token, code and queued failure; restore the constructor's settings.

        The counters go back to zero, ``rotate_refresh_tokens`` and
        ``access_token_lifetime`` to what the constructor was given.
        """
        with self._lock:
            self._reset_state()
            self.rotate_refresh_tokens, self.access_token_lifetime = self._initial

    def _reset_state(self) -> None:
        self._token_requests = 0
        self._access: dict[str, _Access] = {}
        self._refresh: dict[str, _Refresh] = {}
        self._codes: dict[str, _Code] = {}
        self._devices: dict[str, _Device] = {}
        self._pushed: dict[str, dict[str, str]] = {}
        self._fail_token: deque[SampleResponse] = deque()
        self._fail_resource: deque[SampleResponse] = deque()
        self._fail_authorization: deque[SampleResponse] = deque()

    # -- the endpoints (called from the handler threads) ---------------------------------

    def _mint(self, client_id: str, scope: str | None, *, refresh: bool) -> tuple[str, str, int]:
        access = "at-" + secrets.token_urlsafe(24)
        lifetime = self.access_token_lifetime
        self._access[access] = _Access(client_id, scope, time.time() + lifetime)
        refresh_token = ""
        if refresh:
            refresh_token = "rt-" + secrets.token_urlsafe(24)
            self._refresh[refresh_token] = _Refresh(client_id, scope)
        return access, refresh_token, lifetime

    def _token_reply(self, client_id: str, scope: str | None, refresh: str | None) -> _Reply:
        access, _, lifetime = self._mint(client_id, scope, refresh=False)
        payload: dict[str, Any] = {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": lifetime,
        }
        if refresh:
            payload["refresh_token"] = refresh
        if scope:
            payload["scope"] = scope
        return _json_reply(200, payload)

    def _client(self, headers: Mapping[str, str], form: Mapping[str, str]) -> tuple[str, bool]:
        """RFC 6749 §2.3.1: return (client_id, authenticated) or raise invalid_client."""
        header = headers.get("authorization", "")
        client_id = secret = None
        if header[:6].lower() == "basic ":
            try:
                decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
                raw_id, _, raw_secret = decoded.partition(":")
            except ValueError:
                raise _OAuthFailure(
                    "invalid_client", "The Basic credentials are malformed.", 401
                ) from None
            client_id = urllib.parse.unquote_plus(raw_id)
            secret = urllib.parse.unquote_plus(raw_secret)
        elif "client_secret" in form:
            client_id, secret = form.get("client_id", ""), form["client_secret"]
        else:
            client_id = form.get("client_id")
        if not client_id or not secrets.compare_digest(
            client_id.encode("utf-8"), self.client_id.encode("utf-8")
        ):
            raise _OAuthFailure("invalid_client", "Unknown client.", 401)
        if secret is None:
            return client_id, False
        if not secrets.compare_digest(secret.encode("utf-8"), self.client_secret.encode("utf-8")):
            raise _OAuthFailure("invalid_client", "Client authentication failed.", 401)
        return client_id, True

    def _token(self, headers: Mapping[str, str], form: Mapping[str, str]) -> _Reply:
        with self._lock:
            self._token_requests += 1
            if self._fail_token:
                return _sample_reply(self._fail_token.popleft())
            try:
                return self._grant(headers, form)
            except _OAuthFailure as failure:
                extra = {"WWW-Authenticate": 'Basic realm="oauth"'} if failure.status == 401 else {}
                return _json_reply(
                    failure.status,
                    {"error": failure.code, "error_description": failure.description},
                    extra,
                )

    def _grant(self, headers: Mapping[str, str], form: Mapping[str, str]) -> _Reply:
        client_id, authenticated = self._client(headers, form)
        grant = form.get("grant_type", "")
        if grant == "client_credentials":
            if not authenticated:
                raise _OAuthFailure("invalid_client", "Client authentication required.", 401)
            return self._token_reply(client_id, form.get("scope") or None, None)
        if grant == "refresh_token":
            return self._refresh_grant(client_id, form)
        if grant == _DEVICE_GRANT:
            return self._device_grant(client_id, form)
        if grant == "authorization_code":
            return self._code_grant(client_id, form)
        if not grant:
            raise _OAuthFailure("invalid_request", "The grant_type parameter is missing.")
        raise _OAuthFailure("unsupported_grant_type", "This grant type is not supported.")

    def _refresh_grant(self, client_id: str, form: Mapping[str, str]) -> _Reply:
        presented = form.get("refresh_token", "")
        record = self._refresh.get(presented)
        if record is None or record.client_id != client_id:
            raise _OAuthFailure("invalid_grant", "The refresh token is invalid.")
        if record.used:
            raise _OAuthFailure(
                "invalid_grant", "The refresh token was already used (it was rotated)."
            )
        scope = form.get("scope") or record.scope
        if (
            scope
            and record.scope is not None
            and not set(scope.split()) <= set(record.scope.split())
        ):
            raise _OAuthFailure("invalid_scope", "The scope exceeds the scope granted.")
        new_refresh = None
        if self.rotate_refresh_tokens:
            record.used = True
            new_refresh = "rt-" + secrets.token_urlsafe(24)
            self._refresh[new_refresh] = _Refresh(client_id, record.scope)
        return self._token_reply(client_id, scope, new_refresh)

    def _device_grant(self, client_id: str, form: Mapping[str, str]) -> _Reply:
        device = self._devices.get(form.get("device_code", ""))
        if device is None or device.client_id != client_id or device.done:
            raise _OAuthFailure("invalid_grant", "The device_code is invalid or was used.")
        device.polls += 1
        if device.polls < 2:
            raise _OAuthFailure("authorization_pending", "The user has not yet approved.")
        device.done = True
        refresh = "rt-" + secrets.token_urlsafe(24)
        self._refresh[refresh] = _Refresh(client_id, device.scope)
        return self._token_reply(client_id, device.scope, refresh)

    def _code_grant(self, client_id: str, form: Mapping[str, str]) -> _Reply:
        record = self._codes.get(form.get("code", ""))
        if record is None or record.client_id != client_id:
            raise _OAuthFailure("invalid_grant", "The authorization code is invalid.")
        if record.used:
            raise _OAuthFailure("invalid_grant", "The authorization code was already used.")
        record.used = True
        if form.get("redirect_uri") != record.redirect_uri:
            raise _OAuthFailure(
                "invalid_grant", "The redirect_uri does not match the authorization request."
            )
        verifier = form.get("code_verifier", "")
        digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
        computed = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
        if not verifier or not secrets.compare_digest(computed, record.challenge):
            raise _OAuthFailure("invalid_grant", "The code_verifier does not match (PKCE).")
        refresh = "rt-" + secrets.token_urlsafe(24)
        self._refresh[refresh] = _Refresh(client_id, record.scope)
        return self._token_reply(client_id, record.scope, refresh)

    def _device_authorization(self, headers: Mapping[str, str], form: Mapping[str, str]) -> _Reply:
        with self._lock:
            try:
                client_id, _ = self._client(headers, form)
            except _OAuthFailure as failure:
                return _json_reply(
                    failure.status,
                    {"error": failure.code, "error_description": failure.description},
                )
            device_code = "dc-" + secrets.token_urlsafe(24)
            user_code = secrets.token_hex(4).upper()
            self._devices[device_code] = _Device(client_id, form.get("scope") or None)
        verification = self.issuer + "/device"
        return _json_reply(
            200,
            {
                "device_code": device_code,
                "user_code": user_code,
                "verification_uri": verification,
                "verification_uri_complete": f"{verification}?user_code={user_code}",
                "expires_in": 600,
                "interval": self.device_poll_interval,
            },
        )

    def _par(self, headers: Mapping[str, str], form: Mapping[str, str]) -> _Reply:
        with self._lock:
            try:
                client_id, _ = self._client(headers, form)
            except _OAuthFailure as failure:
                return _json_reply(
                    failure.status,
                    {"error": failure.code, "error_description": failure.description},
                )
            if "request_uri" in form:
                return _json_reply(
                    400,
                    {"error": "invalid_request", "error_description": "request_uri not allowed."},
                )
            request_uri = _REQUEST_URI_PREFIX + secrets.token_urlsafe(16)
            params = {k: v for k, v in form.items() if k != "client_secret"}
            params["client_id"] = client_id
            self._pushed[request_uri] = params
        return _json_reply(201, {"request_uri": request_uri, "expires_in": 60})

    def _authorize(self, query: Mapping[str, str]) -> _Reply:
        with self._lock:
            params = dict(query)
            if "request_uri" in params:
                pushed = self._pushed.pop(params["request_uri"], None)
                if pushed is None or pushed.get("client_id") != params.get("client_id"):
                    return _page(400, "Unknown or expired request_uri.")
                params = pushed
            if params.get("client_id") != self.client_id:
                return _page(400, "Unknown client_id.")
            redirect_uri = params.get("redirect_uri", "")
            if not redirect_uri.startswith(("http://", "https://")):
                return _page(400, "A redirect_uri (http or https) is required.")
            answer: dict[str, str]
            if self._fail_authorization:
                chosen = self._fail_authorization.popleft()
                carried = urllib.parse.parse_qs(urllib.parse.urlsplit(chosen.url or "").query)
                answer = {
                    name: carried[name][0]
                    for name in ("error", "error_description", "error_uri")
                    if name in carried
                }
            elif params.get("response_type") != "code":
                answer = {
                    "error": "unsupported_response_type",
                    "error_description": "Only response_type=code is supported.",
                }
            elif not params.get("code_challenge") or params.get("code_challenge_method") != "S256":
                answer = {
                    "error": "invalid_request",
                    "error_description": "PKCE with code_challenge_method=S256 is required.",
                }
            else:
                code = "ac-" + secrets.token_urlsafe(24)
                self._codes[code] = _Code(
                    self.client_id,
                    redirect_uri,
                    params["code_challenge"],
                    params.get("scope") or None,
                )
                answer = {"code": code}
        if "state" in params:
            answer["state"] = params["state"]
        answer["iss"] = self.issuer
        separator = "&" if urllib.parse.urlsplit(redirect_uri).query else "?"
        location = redirect_uri + separator + urllib.parse.urlencode(answer)
        return _Reply(302, {"Location": location, "Cache-Control": "no-store"})

    def _resource(self, headers: Mapping[str, str], query: Mapping[str, str]) -> _Reply:
        with self._lock:
            if self._fail_resource:
                return _sample_reply(self._fail_resource.popleft())
            header = headers.get("authorization", "")
            if header[:7].lower() != "bearer ":
                return _Reply(401, {"WWW-Authenticate": 'Bearer realm="test"'})
            record = self._access.get(header[7:].strip())
            if record is None:
                return _challenge_reply(401, "invalid_token", "The access token is invalid.")
            if record.expires_at <= time.time():
                return _challenge_reply(401, "invalid_token", "The access token expired.")
            needed = query.get("scope")
            granted = set((record.scope or "").split())
            if needed and not set(needed.split()) <= granted:
                return _challenge_reply(
                    403, "insufficient_scope", "More scope is needed.", scope=needed
                )
            return _json_reply(
                200, {"ok": True, "client_id": record.client_id, "scope": record.scope}
            )

    def _respond(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> _Reply:
        split = urllib.parse.urlsplit(path)
        query = dict(urllib.parse.parse_qsl(split.query))
        route = split.path
        if route in (
            "/.well-known/oauth-authorization-server",
            "/.well-known/openid-configuration",
        ):
            return _json_reply(200, self.metadata)
        if route == "/authorize" and method == "GET":
            return self._authorize(query)
        if route == "/resource":
            return self._resource(headers, query)
        if method == "POST" and route in ("/token", "/device_authorization", "/par"):
            form = dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace")))
            if route == "/token":
                return self._token(headers, form)
            if route == "/device_authorization":
                return self._device_authorization(headers, form)
            return self._par(headers, form)
        return _page(404, "Not found.")


def _sample_at(
    provider: str | SampleResponse, code: str | None, endpoint: Endpoint
) -> SampleResponse:
    """The sample for ``code`` at ``endpoint``, else where the provider documents it."""
    if isinstance(provider, SampleResponse):
        return provider
    if code is None:
        raise TypeError("give a provider and a code, or a SampleResponse")
    try:
        return sample(provider, code, endpoint=endpoint)
    except LookupError:
        if endpoint is Endpoint.AUTHORIZATION:
            raise
        return sample(provider, code)


def _challenge_reply(status: int, code: str, description: str, **extra: str) -> _Reply:
    params = {"realm": "test", "error": code, "error_description": description, **extra}
    value = "Bearer " + ", ".join(f'{name}="{text}"' for name, text in params.items())
    return _Reply(status, {"WWW-Authenticate": value})


def _page(status: int, text: str) -> _Reply:
    return _Reply(status, {"Content-Type": "text/plain; charset=utf-8"}, text.encode("utf-8"))


def _handler_for(server: OAuthTestServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "OAuthTestServer/1"

        def _handle(self, method: str) -> None:
            headers = {name.lower(): value for name, value in self.headers.items()}
            try:
                length = int(headers.get("content-length") or 0)
                body = self.rfile.read(min(length, _MAX_BODY)) if length > 0 else b""
                reply = server._respond(method, self.path, headers, body)
            except Exception:  # a bug in the test server must not hang the client
                reply = _page(500, "OAuthTestServer failed.")
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(reply.body)

        def do_GET(self) -> None:
            self._handle("GET")

        def do_POST(self) -> None:
            self._handle("POST")

        def do_PUT(self) -> None:
            self._handle("PUT")

        def do_DELETE(self) -> None:
            self._handle("DELETE")

        def do_HEAD(self) -> None:
            self._handle("HEAD")

        def log_message(self, format: str, *args: Any) -> None:
            """Keep test output quiet."""

    return Handler
