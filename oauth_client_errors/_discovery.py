"""Authorization server metadata: RFC 8414, then OpenID Connect Discovery 1.0.

:func:`discover` reads the metadata document of an issuer and returns it as
:class:`ServerMetadata`, checked: the document must be a JSON object whose ``issuer`` is
exactly the issuer asked for (RFC 8414 §3.3, a defence against mix-up attacks), whose
endpoints are https URLs (plain http only on loopback), and whose fields have the types
RFC 8414 §2 gives them. Every failure is a typed error of this package with a ``hint``
attribute saying what to check:

* no document at either well-known location, or an answer that is not a JSON object, or a
  field of the wrong type: :class:`MalformedResponseError`;
* a document naming another issuer: :class:`UntrustedResponseError`;
* an http issuer or endpoint off loopback: :class:`InsecureTransportError`;
* the request failed, or the server answered 429/5xx: :class:`TransportError`.

The steps are sans-I/O (:func:`discovery_requests`, :func:`interpret_discovery`), so any
HTTP client can drive them; :func:`discover` and :func:`adiscover` drive them with a
transport (``urllib`` by default, or the adapters' ``token_transport``).
"""

from __future__ import annotations

import json
import logging
import urllib.parse
from collections.abc import Awaitable, Callable, Generator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ._ground.exceptions import (
    InsecureTransportError,
    MalformedResponseError,
    OAuthClientError,
    TransportError,
    UntrustedResponseError,
)
from ._tokens import (
    HTTPResult,
    TokenRequest,
    adrive,
    check_transport,
    drive,
    scrub_transport_error,
    urllib_transport,
)

__all__ = [
    "ServerMetadata",
    "adiscover",
    "discover",
    "discovery_requests",
    "discovery_steps",
    "interpret_discovery",
    "require_secure",
    "token_endpoint_of",
]

logger = logging.getLogger("oauth_client_errors")

#: RFC 8414 §3: inserted between the host and the issuer's path.
OAUTH_WELL_KNOWN = "/.well-known/oauth-authorization-server"
#: OpenID Connect Discovery 1.0 §4: appended to the issuer.
OIDC_WELL_KNOWN = "/.well-known/openid-configuration"

_MAX_DOCUMENT = 512 * 1024


def _with_hint(exc: OAuthClientError, hint: str) -> OAuthClientError:
    """Attach ``hint`` (what a developer should check) to an error that has none."""
    exc.hint = hint  # type: ignore[attr-defined]
    return exc


def require_secure(url: str, what: str, *, allow_insecure_http: bool = False) -> str:
    """Return ``url`` if it is https, or http on a loopback host; raise otherwise.

    The URL must be an absolute http(s) URL; whether plain http is refused is decided by
    the package's one plain-http check, ``_tokens.check_transport``, and the refusal
    gets a hint saying what to configure.

    Args:
        url: The URL to check.
        what: What it is, for the message (``"token endpoint"``).
        allow_insecure_http: Accept plain http to any host (explicit opt-out).

    Raises:
        InsecureTransportError: Plain http to a host that is not loopback.
        MalformedResponseError: Not an absolute http(s) URL.

    RFC:
        RFC 6749 §3.1.2.1 and §10.9 (TLS for every endpoint that carries credentials);
        RFC 8414 §2 (endpoints are https URLs).
    """
    fix = f"Configure the {what} as an absolute https URL (RFC 8414 §2, RFC 6749 §3.1)."
    if not isinstance(url, str):
        raise _with_hint(
            MalformedResponseError(f"the {what} must be a URL string, not {type(url).__name__}"),
            fix,
        )
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
    except ValueError:
        raise _with_hint(MalformedResponseError(f"the {what} is not a valid URL"), fix) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not host:
        raise _with_hint(
            MalformedResponseError(f"the {what} must be an absolute https URL, not {url!r}"), fix
        )
    try:
        check_transport(url, f"requests to the {what}", allow_insecure_http)
    except InsecureTransportError as exc:
        _with_hint(
            exc,
            "Use the https URL of the server (RFC 6749 §10.9); plain http is accepted "
            "only for 127.0.0.1, ::1 and localhost, or with allow_insecure_http=True.",
        )
        raise
    return url


# -- the metadata -----------------------------------------------------------------------------


_URL_FIELDS = (
    "authorization_endpoint",
    "token_endpoint",
    "jwks_uri",
    "registration_endpoint",
    "revocation_endpoint",
    "introspection_endpoint",
    "device_authorization_endpoint",
    "pushed_authorization_request_endpoint",
    "userinfo_endpoint",
    "end_session_endpoint",
)
_LIST_FIELDS = (
    "scopes_supported",
    "response_types_supported",
    "response_modes_supported",
    "grant_types_supported",
    "token_endpoint_auth_methods_supported",
    "code_challenge_methods_supported",
    "dpop_signing_alg_values_supported",
)
_BOOL_FIELDS = (
    "authorization_response_iss_parameter_supported",
    "require_pushed_authorization_requests",
)


@dataclass(frozen=True)
class ServerMetadata:
    """An authorization server's metadata document, checked (RFC 8414 §2, OIDC Discovery §3).

    Attributes:
        issuer: The issuer identifier, equal to the one asked for.
        authorization_endpoint: The authorization endpoint, or None.
        token_endpoint: The token endpoint, or None.
        pushed_authorization_request_endpoint: The PAR endpoint (RFC 9126 §5), or None.
        require_pushed_authorization_requests: The server accepts only pushed requests.
        authorization_response_iss_parameter_supported: The server sends ``iss`` in every
            authorization response (RFC 9207 §3), so a response without one is refused.
        code_challenge_methods_supported: PKCE methods (RFC 7636), or None if not said.
        token_endpoint_auth_methods_supported: Client authentication methods, or None.
        scopes_supported: Scopes, or None.
        jwks_uri: Where the server's signing keys are (for ID token verification), or None.
        userinfo_endpoint: The OIDC UserInfo endpoint, or None.
        source: The URL the document was read from.
        raw: The whole document as received (read-only).
    """

    issuer: str
    authorization_endpoint: str | None = None
    token_endpoint: str | None = None
    pushed_authorization_request_endpoint: str | None = None
    require_pushed_authorization_requests: bool = False
    authorization_response_iss_parameter_supported: bool = False
    code_challenge_methods_supported: tuple[str, ...] | None = None
    token_endpoint_auth_methods_supported: tuple[str, ...] | None = None
    scopes_supported: tuple[str, ...] | None = None
    jwks_uri: str | None = None
    userinfo_endpoint: str | None = None
    source: str | None = None
    raw: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), repr=False)

    @classmethod
    def from_document(
        cls,
        document: Any,
        issuer: str,
        *,
        source: str | None = None,
        allow_insecure_http: bool = False,
    ) -> ServerMetadata:
        """Check a decoded metadata document against the issuer asked for.

        Args:
            document: The decoded JSON.
            issuer: The issuer the client asked for (the metadata's ``issuer`` must equal it).
            source: The URL it came from, for messages.
            allow_insecure_http: Accept plain-http endpoints off loopback.

        Raises:
            MalformedResponseError: Not a JSON object, no ``issuer``, or a field of the wrong
                type.
            UntrustedResponseError: ``issuer`` differs from the one asked for.
            InsecureTransportError: An endpoint uses plain http off loopback.

        RFC:
            RFC 8414 §3.3 ("The issuer value returned MUST be identical to the
            authorization server's issuer identifier value into which the well-known URI
            string was inserted ... If these values are not identical, the data contained
            in the response MUST NOT be used").
        """
        where = source or "the metadata document"
        if not isinstance(document, dict):
            raise _with_hint(
                MalformedResponseError(f"{where} is not a JSON object"),
                "Check the issuer URL: the document at the well-known location must be a "
                "JSON object (RFC 8414 §3.2).",
            )
        found = document.get("issuer")
        if not isinstance(found, str) or not found:
            raise _with_hint(
                MalformedResponseError(f"{where} has no issuer string"),
                "The server's metadata lacks the required 'issuer' member (RFC 8414 §2); "
                "configure the endpoints by hand instead of using discovery.",
            )
        if found != issuer:
            near = found.rstrip("/") == issuer.rstrip("/")
            raise _with_hint(
                UntrustedResponseError(
                    f"{where} names the issuer {found!r}, not {issuer!r} as asked; the document "
                    "was not used (RFC 8414 §3.3 mix-up defence)"
                ),
                (
                    "The issuers differ only by a trailing slash: pass exactly the issuer the "
                    "server names (the comparison is a simple string comparison, RFC 8414 §3.3)."
                    if near
                    else "Use the issuer identifier the server itself publishes; if this one is "
                    "right, the document may come from a different server (RFC 8414 §3.3)."
                ),
            )
        values: dict[str, Any] = {}
        for name in _URL_FIELDS:
            value = document.get(name)
            if value is None:
                continue
            if not isinstance(value, str):
                raise _wrong_type(where, name, "a URL string")
            values[name] = require_secure(value, name, allow_insecure_http=allow_insecure_http)
        for name in _LIST_FIELDS:
            value = document.get(name)
            if value is None:
                continue
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise _wrong_type(where, name, "a JSON array of strings")
            values[name] = tuple(value)
        for name in _BOOL_FIELDS:
            value = document.get(name)
            if value is None:
                continue
            if not isinstance(value, bool):
                raise _wrong_type(where, name, "a JSON boolean")
            values[name] = value
        known = {f for f in cls.__dataclass_fields__ if f not in ("source", "raw", "issuer")}
        return cls(
            issuer=found,
            source=source,
            raw=MappingProxyType(dict(document)),
            **{k: v for k, v in values.items() if k in known},
        )

    def endpoint(self, name: str) -> str | None:
        """Any endpoint of the document by its metadata name (``revocation_endpoint``...)."""
        value = self.raw.get(name)
        return value if isinstance(value, str) else None

    def client_auth_method(self, has_secret: bool) -> str:
        """The client authentication to use at the token endpoint.

        ``none`` without a secret; with one, ``client_secret_basic`` unless the server
        lists only ``client_secret_post`` of the two (RFC 8414 §2: the default is
        ``client_secret_basic``).
        """
        if not has_secret:
            return "none"
        methods = self.token_endpoint_auth_methods_supported
        if methods and "client_secret_basic" not in methods and "client_secret_post" in methods:
            return "client_secret_post"
        return "client_secret_basic"


def _wrong_type(where: str, name: str, expected: str) -> MalformedResponseError:
    exc = MalformedResponseError(f"{where}: {name} must be {expected}")
    _with_hint(
        exc,
        f"The server's metadata breaks RFC 8414 §2 ({name}); report it to the server's "
        "operator, or configure the endpoints by hand.",
    )
    return exc


# -- sans-I/O steps --------------------------------------------------------------------------


def _check_issuer(issuer: str, allow_insecure_http: bool) -> None:
    require_secure(issuer, "issuer", allow_insecure_http=allow_insecure_http)
    parts = urllib.parse.urlsplit(issuer)
    if parts.query or parts.fragment:
        raise _with_hint(
            MalformedResponseError("an issuer identifier has no query or fragment (RFC 8414 §2)"),
            "Pass the issuer identifier alone, e.g. https://login.example.com/tenant.",
        )


def discovery_requests(
    issuer: str, *, timeout: float | None = 30.0, allow_insecure_http: bool = False
) -> list[TokenRequest]:
    """The GET requests to try, in order: RFC 8414 §3.1, then OpenID Connect Discovery §4.

    Raises:
        InsecureTransportError: The issuer is plain http off loopback.
        MalformedResponseError: The issuer is not an https URL without query or fragment.
    """
    _check_issuer(issuer, allow_insecure_http)
    parts = urllib.parse.urlsplit(issuer)
    path = parts.path.rstrip("/")
    oauth = urllib.parse.urlunsplit((parts.scheme, parts.netloc, OAUTH_WELL_KNOWN + path, "", ""))
    oidc = urllib.parse.urlunsplit((parts.scheme, parts.netloc, path + OIDC_WELL_KNOWN, "", ""))
    headers = {"Accept": "application/json"}
    return [TokenRequest(url, headers, b"", timeout=timeout, method="GET") for url in (oauth, oidc)]


def interpret_discovery(
    issuer: str,
    request: TokenRequest,
    result: HTTPResult,
    *,
    allow_insecure_http: bool = False,
) -> ServerMetadata | None:
    """Read one answer: the metadata, or None when there is no document there (try the next).

    Raises:
        MalformedResponseError: The answer is not a JSON object, or a field is wrong.
        UntrustedResponseError: The document names another issuer.
        TransportError: The server answered 429 or 5xx.
    """
    status = result.status
    if 400 <= status < 500 and status != 429:  # 404, 410, and servers that say 400/403
        logger.debug("no metadata at %s (HTTP %s)", request.url, status)
        return None
    if status == 429 or status >= 500:
        raise _with_hint(
            TransportError(f"the metadata request to {request.url} failed with HTTP {status}"),
            "The authorization server is unavailable or rate limiting; try again later.",
        )
    if 300 <= status < 400:
        raise _with_hint(
            MalformedResponseError(
                f"{request.url} answered with a redirect (HTTP {status}); metadata is read "
                "only where RFC 8414 puts it"
            ),
            "Pass the issuer identifier the server publishes (the redirect's target host "
            "and path, without the well-known suffix).",
        )
    if status != 200:
        raise _with_hint(
            MalformedResponseError(f"{request.url} answered HTTP {status}, not 200"),
            "RFC 8414 §3.2 expects HTTP 200 with the JSON document.",
        )
    try:
        document = json.loads(result.body[:_MAX_DOCUMENT])
    except (ValueError, UnicodeDecodeError):
        raise _with_hint(
            MalformedResponseError(f"{request.url} did not answer with JSON"),
            "The URL answered, but not with a metadata document: check the issuer URL "
            "(an HTML login page here usually means a wrong path) (RFC 8414 §3.2).",
        ) from None
    return ServerMetadata.from_document(
        document, issuer, source=request.url, allow_insecure_http=allow_insecure_http
    )


def _missing(issuer: str, tried: list[str]) -> MalformedResponseError:
    exc = MalformedResponseError(
        f"no authorization server metadata for {issuer!r} (tried {', '.join(tried)})"
    )
    _with_hint(
        exc,
        "Check the issuer URL (it is the server's identifier, often shown in its admin "
        "console); a server without RFC 8414 or OpenID Connect discovery needs its endpoints "
        "configured by hand.",
    )
    return exc


# -- driving them ------------------------------------------------------------------------------


def discovery_steps(
    issuer: str, *, timeout: float | None = 30.0, allow_insecure_http: bool = False
) -> Generator[TokenRequest, HTTPResult, ServerMetadata]:
    """The discovery as steps: yields each GET request, is sent its answer (sans-I/O).

    :func:`discover` and :func:`adiscover` drive it with a transport; any other driver
    may (``drive`` / ``adrive`` of :mod:`oauth_client_errors._tokens`).

    Raises:
        What :func:`discovery_requests` and :func:`interpret_discovery` raise, and
        :class:`MalformedResponseError` when neither location holds a document.
    """
    tried = []
    for request in discovery_requests(
        issuer, timeout=timeout, allow_insecure_http=allow_insecure_http
    ):
        result = yield request
        found = interpret_discovery(
            issuer, request, result, allow_insecure_http=allow_insecure_http
        )
        if found is not None:
            return found
        tried.append(f"{request.url} (HTTP {result.status})")
    raise _missing(issuer, tried)


def _failed(exc: Exception, url: str) -> TransportError:
    """The ``TransportError`` for a failed metadata request (the original scrubbed)."""
    scrub_transport_error(exc)
    err = TransportError(f"the metadata request to {url} failed ({type(exc).__name__})")
    _with_hint(err, "Check that the issuer URL is right and the server is reachable.")
    return err


def discover(
    issuer: str,
    *,
    transport: Callable[[TokenRequest], HTTPResult] | None = None,
    timeout: float | None = 30.0,
    allow_insecure_http: bool = False,
) -> ServerMetadata:
    """Read and check an issuer's metadata (RFC 8414, then OpenID Connect Discovery).

    Args:
        issuer: The issuer identifier, exactly as the server publishes it.
        transport: Sends the GET requests (default: the urllib transport); the adapters'
            ``token_transport(client)`` sends them through your own HTTP client.
        timeout: Seconds to wait for each answer.
        allow_insecure_http: Accept plain http off loopback (never in production).

    Returns:
        The checked metadata.

    Raises:
        MalformedResponseError: No document at either location, or a malformed one.
        UntrustedResponseError: The document names another issuer (RFC 8414 §3.3).
        InsecureTransportError: Plain http off loopback.
        TransportError: The request failed, or the server answered 429/5xx.
    """
    send = transport or urllib_transport

    def handle(request: TokenRequest) -> HTTPResult:
        try:
            return send(request)
        except OAuthClientError:
            raise
        except Exception as exc:
            raise _failed(exc, request.url) from exc

    steps = discovery_steps(issuer, timeout=timeout, allow_insecure_http=allow_insecure_http)
    return drive(steps, handle)


async def adiscover(
    issuer: str,
    *,
    transport: Callable[[TokenRequest], Awaitable[HTTPResult]] | None = None,
    timeout: float | None = 30.0,
    allow_insecure_http: bool = False,
) -> ServerMetadata:
    """Async form of :func:`discover` (without ``transport``, the urllib one in a thread)."""
    if transport is None:
        import asyncio

        return await asyncio.to_thread(
            discover, issuer, timeout=timeout, allow_insecure_http=allow_insecure_http
        )
    send = transport

    async def handle(request: TokenRequest) -> HTTPResult:
        try:
            return await send(request)
        except OAuthClientError:
            raise
        except Exception as exc:
            raise _failed(exc, request.url) from exc

    steps = discovery_steps(issuer, timeout=timeout, allow_insecure_http=allow_insecure_http)
    return await adrive(steps, handle)


def token_endpoint_of(metadata: ServerMetadata) -> str:
    """The metadata's token endpoint.

    Raises:
        MalformedResponseError: The metadata names none.
    """
    if metadata.token_endpoint is None:
        raise _with_hint(
            MalformedResponseError(f"the metadata of {metadata.issuer!r} names no token_endpoint"),
            "This server's metadata offers no token endpoint (RFC 8414 §2); check the issuer, "
            "or pass the token endpoint by hand.",
        )
    return metadata.token_endpoint
