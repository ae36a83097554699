"""A real authorization server (Authlib) and a protected resource, on 127.0.0.1.

Used by the integration, concurrency and adapter tests. Authlib is an independent
implementation: its token endpoint, its RFC 8628 device authorization endpoint and
device_code grant (``DeviceAuthorizationEndpoint`` / ``DeviceCodeGrant``), and its resource
protector produce the error responses (401 challenges, ``invalid_grant``,
``authorization_pending``...) that the SDK must understand.

The user's side of the device flow (approving or denying at the verification URI) is
scripted: ``Store.device_plan`` says what the user has done by each poll.

The authorization code flow (``/authorize``, Authlib's ``AuthorizationCodeGrant`` with its
RFC 7636 ``CodeChallenge``) auto-approves, or denies per ``Store.authorization_plan``; it
adds ``iss`` to its redirects (RFC 9207; ``Store.iss_mode``), publishes RFC 8414 metadata
(``Store.as_metadata_override``) and accepts pushed authorization requests at ``/par``
(RFC 9126, written here: Authlib has no PAR endpoint). Clients ``web`` (confidential) and
``spa`` (public) may use it, with redirect URI :data:`REDIRECT_URI`.

Run it by hand for the examples (prints its URL and the demo clients)::

    python tests/servers.py [PORT]
"""

from __future__ import annotations

import os
import secrets
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from authlib.common.urls import add_params_to_uri
from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector, current_token
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import AuthorizationCodeMixin, ClientMixin, TokenMixin, grants
from authlib.oauth2.rfc6750 import BearerTokenValidator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc8628 import (
    DEVICE_CODE_GRANT_TYPE,
    DeviceAuthorizationEndpoint,
    DeviceCodeGrant,
    DeviceCredentialDict,
)
from flask import Flask, Response, jsonify, request
from werkzeug.serving import make_server

# Authlib refuses plain http unless told otherwise; these servers only listen on loopback.
os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"

HOST = "127.0.0.1"
#: The redirect URI registered for the authorization code clients (nothing listens there:
#: tests read the ``Location`` of the authorization endpoint's redirect).
REDIRECT_URI = "http://127.0.0.1:9/callback"


@dataclass
class Client(ClientMixin):  # type: ignore[misc]
    client_id: str
    client_secret: str
    scope: str = "profile admin"
    grant_types: tuple[str, ...] = ("client_credentials", "refresh_token", DEVICE_CODE_GRANT_TYPE)
    auth_methods: tuple[str, ...] = ("client_secret_basic", "client_secret_post", "none")
    redirect_uris: tuple[str, ...] = ()  # authorization code clients only

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0] if self.redirect_uris else "http://127.0.0.1/cb"

    def get_allowed_scope(self, scope: str) -> str:
        if not scope:
            return ""
        allowed = set(self.scope.split())
        return " ".join(s for s in scope.split() if s in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in self.auth_methods

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code" and bool(self.redirect_uris)

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in self.grant_types


@dataclass
class TokenRecord(TokenMixin):  # type: ignore[misc]
    client_id: str
    access_token: str
    refresh_token: str | None
    scope: str
    expires_in: int
    issued_at: float = field(default_factory=time.time)
    revoked: bool = False
    refresh_revoked: bool = False
    user: str | None = "alice"

    def check_client(self, client: Client) -> bool:
        return client.client_id == self.client_id

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return self.expires_in

    def is_expired(self) -> bool:
        return time.time() >= self.issued_at + self.expires_in

    def is_revoked(self) -> bool:
        return self.revoked


@dataclass
class AuthorizationCode(AuthorizationCodeMixin):  # type: ignore[misc]
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    expires_at: float
    user: str = "alice"

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope


class Store:
    """Clients, tokens and counters, shared by the server threads and the test."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.clients: dict[str, Client] = {}
        self.tokens: list[TokenRecord] = []
        self.token_requests = 0
        self.token_grants: list[str] = []
        self.resource_requests = 0
        self.unauthenticated = 0
        self.token_delay = 0.0
        self.flaky_left = 0
        self.retry_after = "0"
        self.echo_bodies: list[bytes] = []
        self.expires_in = 3600
        # device flow (RFC 8628)
        self.devices: dict[str, DeviceCredentialDict] = {}
        self.device_plan: list[str] = []  # per poll: pending, slow_down, approve, deny
        self.device_polls: list[str] = []  # what each poll was answered with
        self.device_interval = 5
        self.device_expires_in = 1800
        # extra WWW-Authenticate parameters of the resource's challenges (RFC 9728 §5.1)
        self.challenge_extra: dict[str, str] = {}
        # protected resource metadata override (RFC 9728), None: the right document
        self.metadata_override: dict[str, Any] | None = None
        self.metadata_requests: list[str | None] = []  # the Authorization header of each
        # authorization code flow
        self.codes: dict[str, AuthorizationCode] = {}
        self.code_lifetime = 60.0
        self.authorization_plan: list[str] = []  # per authorization: approve (default), deny
        self.authorizations: list[dict[str, str]] = []  # the parameters of each, as received
        self.iss_mode = "send"  # send, omit, or wrong (RFC 9207)
        self.pkce_methods: tuple[str, ...] = ("S256",)  # what the server accepts
        self.id_tokens: list[str] = []  # the ID tokens issued (scope openid)
        # RFC 8414 metadata: fields replaced (or removed when None), or a status instead
        self.as_metadata_override: dict[str, Any] = {}
        self.as_metadata_status = 200
        self.as_metadata_requests: list[str] = []  # the paths asked for
        # pushed authorization requests (RFC 9126)
        self.par_requests: dict[str, dict[str, str]] = {}
        self.par_error: tuple[int, dict[str, str]] | None = None  # the next PAR answer
        self.require_par = False

    def add_client(self, client_id: str, client_secret: str, **kw: Any) -> Client:
        client = Client(client_id, client_secret, **kw)
        self.clients[client_id] = client
        return client

    def get_client(self, client_id: str) -> Client | None:
        return self.clients.get(client_id)

    def save_token(self, token: dict[str, Any], req: Any) -> None:
        with self.lock:
            self.tokens.append(
                TokenRecord(
                    client_id=req.client.client_id,
                    access_token=token["access_token"],
                    refresh_token=token.get("refresh_token"),
                    scope=token.get("scope", ""),
                    expires_in=int(token.get("expires_in", 3600)),
                    user=getattr(req, "user", None) or "service",
                )
            )

    def issue(
        self, client_id: str, scope: str = "profile", *, expires_in: int = 3600
    ) -> TokenRecord:
        """Seed a token as if the user had gone through authorization earlier."""
        record = TokenRecord(
            client_id=client_id,
            access_token=secrets.token_urlsafe(24),
            refresh_token=secrets.token_urlsafe(32),
            scope=scope,
            expires_in=expires_in,
        )
        with self.lock:
            self.tokens.append(record)
        return record

    def by_access(self, value: str) -> TokenRecord | None:
        with self.lock:
            return next((t for t in self.tokens if t.access_token == value), None)

    def by_refresh(self, value: str) -> TokenRecord | None:
        with self.lock:
            return next((t for t in self.tokens if t.refresh_token == value), None)

    def revoke_access(self, value: str) -> None:
        record = self.by_access(value)
        assert record is not None
        record.revoked = True

    def revoke_refresh(self, value: str) -> None:
        record = self.by_refresh(value)
        assert record is not None
        record.refresh_revoked = True


class ClientCredentialsGrant(grants.ClientCredentialsGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]  # noqa: RUF012


def _refresh_grant(store: Store) -> type[grants.RefreshTokenGrant]:
    class RotatingRefreshTokenGrant(grants.RefreshTokenGrant):  # type: ignore[misc]
        TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]  # noqa: RUF012
        INCLUDE_NEW_REFRESH_TOKEN = True  # rotation

        def authenticate_refresh_token(self, refresh_token: str) -> TokenRecord | None:
            record = store.by_refresh(refresh_token)
            if record is not None and not record.refresh_revoked:
                return record
            return None

        def authenticate_user(self, refresh_token: TokenRecord) -> str | None:
            return refresh_token.user

        def revoke_old_credential(self, refresh_token: TokenRecord) -> None:
            refresh_token.refresh_revoked = True
            refresh_token.revoked = True

    return RotatingRefreshTokenGrant


def _code_classes(store: Store) -> tuple[type[grants.AuthorizationCodeGrant], CodeChallenge]:
    class CodeGrant(grants.AuthorizationCodeGrant):  # type: ignore[misc]
        TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]  # noqa: RUF012

        def save_authorization_code(self, code: str, req: Any) -> None:
            data = req.payload.data
            record = AuthorizationCode(
                code=code,
                client_id=req.client.client_id,
                redirect_uri=req.payload.redirect_uri,
                scope=req.payload.scope or "",
                nonce=data.get("nonce"),
                code_challenge=data.get("code_challenge"),
                code_challenge_method=data.get("code_challenge_method"),
                expires_at=time.time() + store.code_lifetime,
            )
            with store.lock:
                store.codes[code] = record

        def query_authorization_code(self, code: str, client: Client) -> Any:
            with store.lock:
                record = store.codes.get(code)
            if record is None or record.client_id != client.client_id:
                return None
            if time.time() >= record.expires_at:
                return None
            return record

        def delete_authorization_code(self, authorization_code: AuthorizationCode) -> None:
            with store.lock:
                store.codes.pop(authorization_code.code, None)

        def authenticate_user(self, authorization_code: AuthorizationCode) -> str:
            return authorization_code.user

    class Challenge(CodeChallenge):  # type: ignore[misc]
        SUPPORTED_CODE_CHALLENGE_METHOD = list(store.pkce_methods)  # noqa: RUF012

    return CodeGrant, Challenge(required=True)


def _fake_id_token(issuer: str, client_id: str, nonce: str | None) -> str:
    """A JWT-shaped ID token (not signed: verifying it is a JOSE library's job)."""
    import base64
    import json

    def part(value: dict[str, Any]) -> str:
        raw = json.dumps(value, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    now = int(time.time())
    claims = {"iss": issuer, "sub": "alice", "aud": client_id, "iat": now, "exp": now + 300}
    if nonce:
        claims["nonce"] = nonce
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def _device_classes(
    store: Store,
) -> tuple[type[DeviceAuthorizationEndpoint], type[DeviceCodeGrant]]:
    class DeviceEndpoint(DeviceAuthorizationEndpoint):  # type: ignore[misc]
        INTERVAL = store.device_interval
        EXPIRES_IN = store.device_expires_in

        def get_verification_uri(self) -> str:
            return f"{request.host_url}device"

        def save_device_credential(self, client_id: str, scope: str, data: dict[str, Any]) -> None:
            credential = DeviceCredentialDict(
                client_id=client_id,
                scope=scope,
                expires_at=time.time() + data["expires_in"],
                **data,
            )
            with store.lock:
                store.devices[data["device_code"]] = credential

    class DeviceGrant(DeviceCodeGrant):  # type: ignore[misc]
        def query_device_credential(self, device_code: str) -> DeviceCredentialDict | None:
            with store.lock:
                credential = store.devices.get(device_code)
                if credential is not None:
                    action = store.device_plan.pop(0) if store.device_plan else "pending"
                    credential["action"] = action
            return credential

        def query_user_grant(self, user_code: str) -> tuple[str, bool] | None:
            with store.lock:
                credential = next(
                    (c for c in store.devices.values() if c["user_code"] == user_code), None
                )
            action = credential.get("action") if credential is not None else None
            if action in ("approve", "deny"):
                return "alice", action == "approve"
            return None

        def should_slow_down(self, credential: DeviceCredentialDict) -> bool:
            return bool(credential.get("action") == "slow_down")

        def validate_device_credential(self, credential: DeviceCredentialDict) -> Any:
            try:
                user = super().validate_device_credential(credential)
            except Exception as exc:
                with store.lock:
                    store.device_polls.append(getattr(exc, "error", type(exc).__name__))
                raise
            with store.lock:
                store.device_polls.append("approved")
            return user

    return DeviceEndpoint, DeviceGrant


def create_app(store: Store) -> Flask:
    """The Flask app: ``/token``, ``/device_authorization`` (Authlib), resources in ``/api``."""
    app = Flask("oauth_test_server")
    app.config["OAUTH2_REFRESH_TOKEN_GENERATOR"] = True
    app.config["OAUTH2_TOKEN_EXPIRES_IN"] = {
        "client_credentials": store.expires_in,
        "refresh_token": store.expires_in,
    }
    server = AuthorizationServer(app, query_client=store.get_client, save_token=store.save_token)
    server.register_grant(ClientCredentialsGrant)
    server.register_grant(_refresh_grant(store))
    device_endpoint, device_grant = _device_classes(store)
    server.register_grant(device_grant)
    server.register_endpoint(device_endpoint)
    code_grant, challenge = _code_classes(store)
    server.register_grant(code_grant, [challenge])
    app.config["OAUTH2_TOKEN_EXPIRES_IN"]["authorization_code"] = store.expires_in

    def issuer() -> str:
        return request.host_url.rstrip("/")

    def metadata() -> dict[str, Any]:
        base = issuer()
        doc: dict[str, Any] = {
            "issuer": base,
            "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token",
            "device_authorization_endpoint": f"{base}/device_authorization",
            "pushed_authorization_request_endpoint": f"{base}/par",
            "require_pushed_authorization_requests": store.require_par,
            "authorization_response_iss_parameter_supported": True,
            "response_types_supported": ["code"],
            "grant_types_supported": [
                "authorization_code",
                "refresh_token",
                "client_credentials",
                DEVICE_CODE_GRANT_TYPE,
            ],
            "code_challenge_methods_supported": list(store.pkce_methods),
            "token_endpoint_auth_methods_supported": [
                "client_secret_basic",
                "client_secret_post",
                "none",
            ],
            "scopes_supported": ["openid", "profile", "admin"],
        }
        for key, value in store.as_metadata_override.items():
            if value is None:
                doc.pop(key, None)
            else:
                doc[key] = value
        return doc

    class Validator(BearerTokenValidator):  # type: ignore[misc]
        def authenticate_token(self, token_string: str) -> TokenRecord | None:
            return store.by_access(token_string)

    validator = Validator(realm="api")
    validator.extra_attributes = store.challenge_extra  # shared: tests add parameters
    require_oauth = ResourceProtector()
    require_oauth.register_token_validator(validator)

    @app.before_request
    def count() -> None:
        if request.path.startswith("/api"):
            with store.lock:
                store.resource_requests += 1
                if "Authorization" not in request.headers:
                    store.unauthenticated += 1

    @app.post("/token")
    def token() -> Any:
        with store.lock:
            store.token_requests += 1
            store.token_grants.append(request.form.get("grant_type", ""))
        if store.token_delay:
            time.sleep(store.token_delay)
        code = (
            request.form.get("code")
            if request.form.get("grant_type") == "authorization_code"
            else None
        )
        with store.lock:
            record = store.codes.get(code) if code else None
        response = server.create_token_response()
        if record is not None and response.status_code == 200 and "openid" in record.scope.split():
            body = response.get_json()
            body["id_token"] = _fake_id_token(issuer(), record.client_id, record.nonce)
            with store.lock:
                store.id_tokens.append(body["id_token"])
            response.set_data(jsonify(body).get_data())
        return response

    def authorize_here() -> Any:
        """Authlib's authorization endpoint; the user approves or denies at once."""
        with store.lock:
            store.authorizations.append(dict(request.args))
            action = store.authorization_plan.pop(0) if store.authorization_plan else "approve"
        try:
            grant = server.get_consent_grant(end_user="alice")
        except OAuth2Error as error:
            response = server.handle_error_response(None, error)
        else:
            user = "alice" if action == "approve" else None
            response = server.create_authorization_response(grant=grant, grant_user=user)
        location = response.headers.get("Location")
        if location and store.iss_mode != "omit":
            iss = issuer() if store.iss_mode == "send" else "https://attacker.example"
            response.headers["Location"] = add_params_to_uri(location, {"iss": iss})
        return response

    @app.get("/authorize")
    def authorize() -> Any:
        request_uri = request.args.get("request_uri")
        if request_uri is None:
            if store.require_par:
                return jsonify(
                    error="invalid_request", error_description="pushed authorization required"
                ), 400
            return authorize_here()
        with store.lock:
            pushed = store.par_requests.pop(request_uri, None)
        if pushed is None or pushed.get("client_id") != request.args.get("client_id"):
            return jsonify(
                error="invalid_request_uri", error_description="unknown or used request_uri"
            ), 400
        with app.test_request_context("/authorize", base_url=request.host_url, query_string=pushed):
            return authorize_here()

    @app.post("/par")
    def par() -> Any:
        with store.lock:
            forced, store.par_error = store.par_error, None
        if forced is not None:
            return jsonify(forced[1]), forced[0]
        oauth_request = server.create_oauth2_request(None)
        # The method the client used, only (a wrong secret must not pass as "none").
        if "Authorization" in request.headers:
            methods = ["client_secret_basic"]
        elif "client_secret" in request.form:
            methods = ["client_secret_post"]
        else:
            methods = ["none"]
        try:
            client = server.authenticate_client(oauth_request, methods, "par")
        except OAuth2Error as error:
            return server.handle_error_response(oauth_request, error)
        params = {k: v for k, v in request.form.items() if k != "client_secret"}
        params["client_id"] = client.client_id
        if params.get("redirect_uri") not in client.redirect_uris:
            return jsonify(
                error="invalid_request",
                error_description=f"Redirect URI {params.get('redirect_uri')} is not supported "
                "by client.",
            ), 400
        if params.get("code_challenge_method") not in store.pkce_methods:
            return jsonify(
                error="invalid_request", error_description="Unsupported 'code_challenge_method'"
            ), 400
        request_uri = f"urn:ietf:params:oauth:request_uri:{secrets.token_urlsafe(16)}"
        with store.lock:
            store.par_requests[request_uri] = params
        return jsonify(request_uri=request_uri, expires_in=60), 201

    @app.get("/.well-known/oauth-authorization-server")
    @app.get("/.well-known/openid-configuration")
    def as_metadata() -> Any:
        with store.lock:
            store.as_metadata_requests.append(request.path)
        if store.as_metadata_status != 200:
            return jsonify(error="not_found"), store.as_metadata_status
        return jsonify(metadata())

    @app.post("/device_authorization")
    def device_authorization() -> Any:
        return server.create_endpoint_response("device_authorization")

    @app.get("/.well-known/oauth-protected-resource")
    @app.get("/.well-known/oauth-protected-resource/<path:rest>")
    def resource_metadata(rest: str = "") -> Any:
        with store.lock:
            store.metadata_requests.append(request.headers.get("Authorization"))
        if store.metadata_override is not None:
            return jsonify(store.metadata_override)
        base = request.host_url.rstrip("/")
        return jsonify(
            resource=f"{base}/{rest}" if rest else base,
            authorization_servers=[base],
            scopes_supported=["profile", "admin"],
            bearer_methods_supported=["header"],
        )

    @app.get("/api/me")
    @require_oauth("profile")
    def me() -> Any:
        return jsonify(client=current_token.client_id, user=current_token.user)

    @app.get("/api/admin")
    @require_oauth("admin")
    def admin() -> Any:
        return jsonify(ok=True)

    @app.route("/api/echo", methods=["POST", "PUT"])
    @require_oauth("profile")
    def echo() -> Any:
        body = request.get_data()
        with store.lock:
            store.echo_bodies.append(body)
        return Response(body, content_type="application/octet-stream")

    @app.get("/api/flaky")
    @require_oauth("profile")
    def flaky() -> Any:
        with store.lock:
            fail = store.flaky_left > 0
            if fail:
                store.flaky_left -= 1
        if fail:
            return Response(
                '{"error": "temporarily_unavailable"}',
                status=503,
                headers={"Retry-After": store.retry_after},
                content_type="application/json",
            )
        return jsonify(ok=True)

    return app


@dataclass
class LiveServer:
    """A running server: its base URL and its store."""

    url: str
    store: Store

    @property
    def token_url(self) -> str:
        return f"{self.url}/token"


@contextmanager
def serve(
    app_factory: Callable[[Store], Flask] = create_app,
    *,
    port: int = 0,
    configure: Callable[[Store], None] | None = None,
) -> Iterator[LiveServer]:
    """Run the app on 127.0.0.1, on a free port (or ``port``), in a thread.

    ``configure`` may change the store before the app is built (device interval...).
    """
    store = Store()
    store.add_client("svc", "svc-secret-0123456789")
    store.add_client("app", "app-secret-9876543210")
    store.add_client("public", "unused-secret-for-public", auth_methods=("none",))
    store.add_client("device", "unused-secret-for-device", auth_methods=("none",))
    code_grants = ("authorization_code", "refresh_token")
    store.add_client(
        "web", "web-secret-0123456789", grant_types=code_grants, redirect_uris=(REDIRECT_URI,)
    )
    store.add_client(
        "spa",
        "unused-secret-for-spa",
        grant_types=code_grants,
        auth_methods=("none",),
        redirect_uris=(REDIRECT_URI,),
    )
    if configure is not None:
        configure(store)
    httpd = make_server(HOST, port, app_factory(store), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://{HOST}:{httpd.server_port}", store)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@contextmanager
def serve_wsgi(
    app: Any, *, host: str = HOST, port: int = 0, ssl_context: ssl.SSLContext | None = None
) -> Iterator[str]:
    """Run any WSGI app on loopback in a thread; yields its base URL.

    ``host`` may be any 127/8 address, ``port`` a fixed one (0: a free one); with
    ``ssl_context`` it speaks https.
    """
    httpd = make_server(host, port, app, threaded=True, ssl_context=ssl_context)
    # a short poll: shutdown() waits for it, and tests start and stop many of these
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        scheme = "http" if ssl_context is None else "https"
        yield f"{scheme}://{host}:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def main(argv: list[str]) -> None:
    """Serve until interrupted, for the examples (``python tests/servers.py [PORT]``)."""
    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    port = int(argv[0]) if argv else 8000
    with serve(port=port) as live:
        record = live.store.issue("app", "profile")
        print(f"authorization server and resource on {live.url}", flush=True)
        print(f"  token endpoint:  {live.token_url}", flush=True)
        print(f"  device endpoint: {live.url}/device_authorization", flush=True)
        print(f"  resource:        {live.url}/api/me", flush=True)
        print(f"  authorization:   {live.url}/authorize (auto-approves)", flush=True)
        print("  clients: svc / svc-secret-0123456789 (client credentials)", flush=True)
        print("           app / app-secret-9876543210 (refresh token)", flush=True)
        print(
            "           device (public, device flow; the user approves at the 3rd poll)", flush=True
        )
        print(f"           web / web-secret-0123456789 (code flow, {REDIRECT_URI})", flush=True)
        print(f"  a refresh token for 'app': {record.refresh_token}", flush=True)
        live.store.device_plan = ["pending", "pending", "approve"]
        with suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
