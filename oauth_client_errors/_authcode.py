"""The authorization code flow (RFC 6749 §4.1) with PKCE, state, nonce, ``iss`` and PAR.

:class:`AuthorizationCodeFlow` does the client's part of a sign-in::

    flow = AuthorizationCodeFlow.from_issuer(issuer, client_id, redirect_uri,
                                             client_secret=secret, scope="openid profile")
    request = flow.start()                    # redirect the browser to request.url
    session["oauth"] = request.to_dict()      # keep it for this browser only
    ...
    request = AuthorizationRequest.from_dict(session.pop("oauth"))
    token = flow.finish(callback_url, request)  # checks state and iss, exchanges the code

PKCE (RFC 7636) with ``S256`` is always used; ``state`` and ``nonce`` are fresh random
values from :mod:`secrets`. The steps that need no network are public and sans-I/O
(:meth:`~AuthorizationCodeFlow.check_callback`,
:meth:`~AuthorizationCodeFlow.build_token_request`, :meth:`~AuthorizationCodeFlow.interpret`,
:meth:`~AuthorizationCodeFlow.build_par_request`, :meth:`~AuthorizationCodeFlow.interpret_par`),
so any HTTP client can drive the flow.

Every way the flow fails is raised as a typed error whose ``hint`` is specific to the
failure and the step it happened at (:data:`FLOW_HINTS`): a redirect URI the server does
not accept, a code used twice or expired, a verifier that does not match, PKCE refused, a
missing or wrong ``iss``, a state that does not match, the user declining. The failure's
name is kept in the error's ``flow_failure`` attribute.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import secrets
import time
import urllib.parse
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from ._discovery import ServerMetadata, adiscover, discover, require_secure
from ._errors import (
    IssuerMismatchError,
    MalformedResponseError,
    OAuthClientError,
    OAuthError,
    StateMismatchError,
    TransportError,
)
from ._interpret import parse_redirect, parse_response
from ._tokens import (
    HTTPResult,
    Token,
    TokenRequest,
    json_object,
    scrub_transport_error,
    urllib_transport,
)
from ._types import Policy, Situation

__all__ = [
    "FLOW_HINTS",
    "AuthorizationCodeFlow",
    "AuthorizationRequest",
    "FlowHint",
    "code_challenge",
]

logger = logging.getLogger("oauth_client_errors")

_AUTH_METHODS = ("client_secret_basic", "client_secret_post", "none")
#: RFC 7636 §4.1: code_verifier = 43*128unreserved.
_VERIFIER = re.compile(r"[A-Za-z0-9\-._~]{43,128}")
#: Parameters the flow sets itself; ``start(**extra_params)`` may not override them.
_RESERVED = frozenset(
    {
        "response_type",
        "client_id",
        "redirect_uri",
        "state",
        "nonce",
        "code_challenge",
        "code_challenge_method",
        "request_uri",
    }
)
_MAX_VALUE = 2048  # a state, nonce or URL kept in a session: bounded

SyncTransport = Callable[[TokenRequest], HTTPResult]
AsyncTransport = Callable[[TokenRequest], Awaitable[HTTPResult]]


# -- the hints --------------------------------------------------------------------------------


class FlowHint(NamedTuple):
    """What to do about one failure of the flow at one step.

    Attributes:
        text: One or two sentences for the developer or operator.
        spec: The specification section the behaviour comes from.
        policy: The policy the error gets in this flow, or None to keep the parser's.
    """

    text: str
    spec: str
    policy: Policy | None = None

    def render(self) -> str:
        """The hint as shown: its text followed by its specification section."""
        return f"{self.text} ({self.spec})"


_REDIRECT_AT_AUTHORIZATION = FlowHint(
    "The server does not accept this redirect_uri for the client: register it exactly "
    "(scheme, host, port, path and trailing slash all count) in the client's settings at "
    "the authorization server, or configure the flow with the registered one.",
    "RFC 6749 §3.1.2.2, §4.1.2.1",
    Policy.FIX_CONFIG,
)
_PKCE_REFUSED = FlowHint(
    "The server refused PKCE with S256: enable PKCE (method S256) for this client in the "
    "server's settings; this library always sends S256 and never falls back to 'plain'.",
    "RFC 7636 §4.3, §4.4.1",
    Policy.FIX_CONFIG,
)

#: The flow's hints, keyed by (failure, step). Steps: ``authorization`` (the callback),
#: ``par`` (the pushed authorization request) and ``token`` (the code exchange).
FLOW_HINTS: Mapping[tuple[str, str], FlowHint] = {
    ("redirect_uri_mismatch", "authorization"): _REDIRECT_AT_AUTHORIZATION,
    ("redirect_uri_mismatch", "par"): _REDIRECT_AT_AUTHORIZATION._replace(
        spec="RFC 9126 §2.1, RFC 6749 §3.1.2.2"
    ),
    ("redirect_uri_mismatch", "token"): FlowHint(
        "The redirect_uri sent with the code differs from the one of the authorization "
        "request: finish() must get the AuthorizationRequest that start() returned for "
        "this sign-in, and every worker must configure the flow with the same redirect_uri.",
        "RFC 6749 §4.1.3",
        Policy.FIX_CONFIG,
    ),
    ("code_reused_or_expired", "token"): FlowHint(
        "The authorization code was already used, has expired (codes live about a minute) "
        "or was issued to another client. A code is single-use: do not call finish() twice "
        "for one callback (a page reload, a double submit, a retry); send the user "
        "through start() again.",
        "RFC 6749 §4.1.2, §10.5",
        Policy.REAUTHORIZE,
    ),
    ("verifier_mismatch", "token"): FlowHint(
        "The code_verifier does not match the code_challenge of the authorization request: "
        "the AuthorizationRequest given to finish() is not the one start() created for this "
        "callback. Keep it per browser session (not per application or per worker) and "
        "send the user through start() again.",
        "RFC 7636 §4.6",
        Policy.REAUTHORIZE,
    ),
    ("pkce_refused", "authorization"): _PKCE_REFUSED,
    ("pkce_refused", "par"): _PKCE_REFUSED,
    ("pkce_refused", "token"): _PKCE_REFUSED,
    ("issuer_missing", "authorization"): FlowHint(
        "The callback has no iss parameter although the server advertises it (or the flow "
        "was given an issuer): the response may come from another server and was not "
        "trusted. If this server really does not send iss, create the flow with "
        "require_iss=False.",
        "RFC 9207 §2.4",
    ),
    ("issuer_mismatch", "authorization"): FlowHint(
        "The callback's iss names a different authorization server than the one this "
        "request was sent to (a possible mix-up attack). With several servers, keep which "
        "one each sign-in went to and finish it with that server's flow.",
        "RFC 9207 §2.4",
    ),
    ("state_mismatch", "authorization"): FlowHint(
        "The callback's state does not match the request kept for this browser: the "
        "session was lost or mixed up (check that the session cookie comes back on the "
        "redirect: SameSite=Lax, same host name), the callback was opened twice or in "
        "another browser, or it was forged. Send the user through start() again.",
        "RFC 6749 §10.12",
    ),
    ("consent_declined", "authorization"): FlowHint(
        "The user declined to grant access (or an administrator's policy did). Tell them "
        "they can sign in again; do not retry automatically.",
        "RFC 6749 §4.1.2.1",
        Policy.FAIL,
    ),
    ("no_code", "authorization"): FlowHint(
        "The callback carries neither a code nor an error: check that this URL is the "
        "redirect of an authorization request with response_type=code, and that the whole "
        "URL (with its query) reaches finish().",
        "RFC 6749 §4.1.2",
    ),
    ("no_request_uri", "par"): FlowHint(
        "The pushed authorization request endpoint answered without a request_uri: check "
        "the PAR endpoint URL in the server's metadata.",
        "RFC 9126 §2.2",
    ),
    ("no_token", "token"): FlowHint(
        "The token endpoint answered without a usable token: check the token endpoint URL.",
        "RFC 6749 §5.1",
    ),
}


#: The grant of this flow: a user is behind its tokens (evidence for the errors).
_GRANT = "authorization_code"
#: The situations of a client or request to fix (rule 5).
_FIXABLE = frozenset({Situation.CLIENT_MISCONFIGURED, Situation.REQUEST_INVALID})
#: The situations a failed code exchange can be one of the flow's failures in.
_EXCHANGE = frozenset({Situation.GRANT_INVALID, Situation.REQUEST_INVALID})


def _classify(err: OAuthError, step: str) -> str | None:
    """Which failure of the flow ``err`` is, or None if it is none of them.

    ``err.situation`` says what kind of failure it is, whatever code or vendor code the
    server spelled it with (a dead grant, a request to fix, a refusal); within one kind,
    the code and the wording servers use (Authlib, Keycloak, Okta, Auth0, Google, Entra)
    tell the flow's failures apart.
    """
    situation = err.situation
    text = f"{err.description or ''} {err.vendor_code or ''}".lower()
    if step in ("authorization", "par"):
        if situation in (Situation.DENIED, Situation.FORBIDDEN):
            return "consent_declined"
        if situation not in _FIXABLE:
            return None
        if err.code == "invalid_redirect_uri" or "redirect" in text:
            return "redirect_uri_mismatch"
        if "code_challenge" in text or "pkce" in text:
            return "pkce_refused"
        return None
    if situation not in _EXCHANGE:
        return None
    if "redirect" in text:
        return "redirect_uri_mismatch"
    if "code_challenge_method" in text:
        return "pkce_refused"
    if "verifier" in text or "pkce" in text or "challenge" in text:
        return "verifier_mismatch"
    return "code_reused_or_expired" if situation is Situation.GRANT_INVALID else None


def _explained(err: OAuthError, step: str) -> OAuthError:
    """``err`` with the flow's hint (and policy) for its failure, if it is one of them.

    The error is rebuilt through the public constructor, so nothing private of the error
    classes is relied on; attributes set on the original (``response``...) are kept.
    """
    failure = _classify(err, step)
    found = FLOW_HINTS.get((failure, step)) if failure is not None else None
    if found is None:
        return err
    dup = type(err)(
        err.code,
        err.description,
        err.uri,
        endpoint=err.endpoint,
        status_code=err.status_code,
        params=err.params,
        challenges=err.challenges,
        retry_after=err.retry_after,
        dpop_nonce=err.dpop_nonce,
        situation=err.situation,
        policy=found.policy or err.policy,
        hint=found.render(),
        dialect=err.dialect,
        vendor_code=err.vendor_code,
        received_code=err.received_code,
        grant=err.grant,
    )
    for name, value in vars(err).items():
        if name not in vars(dup):
            setattr(dup, name, value)
    dup.flow_failure = failure  # type: ignore[attr-defined]
    return dup


def _untrusted(exc: OAuthClientError, failure: str, step: str) -> OAuthClientError:
    """A fresh error of the same class, message and the flow's hint (no parser frames)."""
    found = FLOW_HINTS[(failure, step)]
    dup = type(exc)(f"{exc} — {found.text}")
    dup.hint = found.render()  # type: ignore[attr-defined]
    dup.flow_failure = failure  # type: ignore[attr-defined]
    return dup


# -- PKCE ---------------------------------------------------------------------------------------


def code_challenge(verifier: str) -> str:
    """The S256 code challenge of ``verifier``: BASE64URL(SHA256(ASCII(verifier))).

    RFC:
        RFC 7636 §4.2 (and the example of Appendix B).
    """
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


# -- the request kept between start and finish ------------------------------------------------


@dataclass(frozen=True, repr=False)
class AuthorizationRequest:
    """One authorization request, to keep (per browser session) until its callback.

    Attributes:
        url: Where to send the browser.
        state: The anti-CSRF value sent (RFC 6749 §10.12).
        nonce: The OpenID Connect nonce sent; compare it with the ID token's ``nonce``.
        code_verifier: The PKCE verifier (secret until the code is exchanged).
        redirect_uri: The redirect URI sent; the code exchange repeats it.

    Its ``repr`` and ``str`` show none of the values: state and nonce are anti-forgery
    values, the verifier a secret.
    """

    url: str
    state: str
    nonce: str
    code_verifier: str
    redirect_uri: str

    def __repr__(self) -> str:
        endpoint = self.url.split("?", 1)[0]
        return (
            f"AuthorizationRequest(endpoint={endpoint!r}, redirect_uri={self.redirect_uri!r}, "
            "state='***', nonce='***', code_verifier='***')"
        )

    __str__ = __repr__

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, to keep in a server-side or encrypted session."""
        return {
            "v": 1,
            "url": self.url,
            "state": self.state,
            "nonce": self.nonce,
            "code_verifier": self.code_verifier,
            "redirect_uri": self.redirect_uri,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AuthorizationRequest:
        """Rebuild a request from :meth:`to_dict`'s output, checked.

        Raises:
            MalformedResponseError: Not a mapping, a field missing or of the wrong type, a
                verifier that RFC 7636 §4.1 forbids, or an unknown version. The message
                names the field, never its value.
        """
        if not isinstance(data, Mapping):
            raise MalformedResponseError(
                f"an authorization request must be a mapping, not {type(data).__name__}"
            )
        if data.get("v", 1) != 1:
            raise MalformedResponseError("unknown version of a stored authorization request")
        values: dict[str, str] = {}
        for name in ("url", "state", "nonce", "code_verifier", "redirect_uri"):
            value = data.get(name)
            if not isinstance(value, str) or not value or len(value) > _MAX_VALUE:
                raise MalformedResponseError(
                    f"stored authorization request: {name} is missing or not a usable string"
                )
            values[name] = value
        if not _VERIFIER.fullmatch(values["code_verifier"]):
            raise MalformedResponseError(
                "stored authorization request: code_verifier is not 43-128 unreserved "
                "characters (RFC 7636 §4.1)"
            )
        for name in ("url", "redirect_uri"):
            if urllib.parse.urlsplit(values[name]).scheme.lower() not in ("http", "https"):
                if name == "redirect_uri" and ":" in values[name]:
                    continue  # a native app's private-use scheme (RFC 8252 §7.1)
                raise MalformedResponseError(f"stored authorization request: {name} is no URL")
        return cls(**values)


# -- the flow -----------------------------------------------------------------------------------


class AuthorizationCodeFlow:
    """The authorization code grant with PKCE for a web or native application.

    Args:
        authorization_endpoint: Where the browser goes to sign in.
        token_endpoint: Where the code is exchanged.
        client_id: The client identifier.
        redirect_uri: The callback URL, exactly as registered at the server.
        client_secret: The secret of a confidential client, or None for a public client.
        scope: Scope to request (a string or a list), or None.
        issuer: The server's issuer identifier; when set, the callback's ``iss`` is
            required and must equal it (RFC 9207), unless ``require_iss=False``.
        auth_method: ``client_secret_basic`` (the default with a secret),
            ``client_secret_post``, or ``none`` (the default without one).
        require_iss: Require ``iss`` in the callback (default: when ``issuer`` is set). An
            ``iss`` that is present is always compared with ``issuer``.
        par_endpoint: The pushed authorization request endpoint (RFC 9126), or None.
        use_par: Push the authorization parameters by default (needs ``par_endpoint``).
        transport: Sends the token and PAR requests (default: the urllib transport).
        async_transport: Sends them from async code (default: ``transport`` in a thread).
        timeout: Seconds to wait for the server.
        allow_insecure_http: Accept plain-http endpoints off loopback (never in production).
        metadata: The server metadata the flow was built from, if any.
        clock: Current time in epoch seconds (for tests).
    """

    #: The flow's hints by (failure, step): :data:`FLOW_HINTS`.
    HINTS: Mapping[tuple[str, str], FlowHint] = FLOW_HINTS

    def __init__(
        self,
        authorization_endpoint: str,
        token_endpoint: str,
        client_id: str,
        redirect_uri: str,
        *,
        client_secret: str | None = None,
        scope: str | Sequence[str] | None = None,
        issuer: str | None = None,
        auth_method: str | None = None,
        require_iss: bool | None = None,
        par_endpoint: str | None = None,
        use_par: bool = False,
        transport: SyncTransport | None = None,
        async_transport: AsyncTransport | None = None,
        timeout: float | None = 30.0,
        allow_insecure_http: bool = False,
        metadata: ServerMetadata | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if auth_method is None:
            auth_method = "client_secret_basic" if client_secret else "none"
        if auth_method not in _AUTH_METHODS:
            raise ValueError(
                f"auth_method must be one of {', '.join(_AUTH_METHODS)}, not {auth_method!r}"
            )
        if auth_method != "none" and not client_secret:
            raise ValueError(f"auth_method {auth_method!r} needs a client_secret")
        if not isinstance(client_id, str) or not client_id:
            raise ValueError("client_id must be a non-empty string")
        insecure = allow_insecure_http
        self.authorization_endpoint = require_secure(
            authorization_endpoint, "authorization endpoint", allow_insecure_http=insecure
        )
        self.token_endpoint = require_secure(
            token_endpoint, "token endpoint", allow_insecure_http=insecure
        )
        if par_endpoint is not None:
            require_secure(par_endpoint, "PAR endpoint", allow_insecure_http=insecure)
        if use_par and par_endpoint is None:
            raise ValueError("use_par=True needs a par_endpoint (or metadata that names one)")
        if not isinstance(redirect_uri, str) or "#" in redirect_uri or ":" not in redirect_uri:
            raise ValueError(
                "redirect_uri must be an absolute URI without a fragment (RFC 6749 §3.1.2)"
            )
        self.client_id = client_id
        self.redirect_uri = redirect_uri
        self._client_secret = client_secret
        self.auth_method = auth_method
        self.scope = scope if scope is None or isinstance(scope, str) else " ".join(scope)
        self.issuer = issuer
        self.require_iss = bool(issuer) if require_iss is None else require_iss
        if self.require_iss and not issuer:
            raise ValueError("require_iss=True needs the issuer")
        self.par_endpoint = par_endpoint
        self.use_par = use_par
        self.transport = transport
        self.async_transport = async_transport
        self.timeout = timeout
        self.metadata = metadata
        self._clock = clock

    def __repr__(self) -> str:
        return (
            f"AuthorizationCodeFlow(authorization_endpoint={self.authorization_endpoint!r}, "
            f"client_id={self.client_id!r}, auth_method={self.auth_method!r})"
        )

    # -- construction from metadata ---------------------------------------------------------

    @classmethod
    def from_metadata(
        cls,
        metadata: ServerMetadata,
        client_id: str,
        redirect_uri: str,
        **kwargs: Any,
    ) -> AuthorizationCodeFlow:
        """Build the flow from checked server metadata.

        ``issuer`` comes from the metadata; ``iss`` is required in the callback when the
        metadata says ``authorization_response_iss_parameter_supported`` (RFC 9207 §3);
        PAR is used when the server requires it (RFC 9126 §5); the client authentication
        defaults to what the server supports. Keyword arguments override these.

        Raises:
            MalformedResponseError: The metadata names no authorization or token endpoint.
        """
        for name in ("authorization_endpoint", "token_endpoint"):
            if getattr(metadata, name) is None:
                exc = MalformedResponseError(
                    f"the metadata of {metadata.issuer!r} names no {name}; the authorization "
                    "code flow cannot be used with this server"
                )
                exc.hint = (  # type: ignore[attr-defined]
                    "This server's metadata does not offer the authorization code flow "
                    "(RFC 8414 §2); check the issuer, or pass the endpoints by hand."
                )
                raise exc
        assert metadata.authorization_endpoint is not None and metadata.token_endpoint
        kwargs.setdefault("issuer", metadata.issuer)
        kwargs.setdefault("require_iss", metadata.authorization_response_iss_parameter_supported)
        kwargs.setdefault("par_endpoint", metadata.pushed_authorization_request_endpoint)
        kwargs.setdefault(
            "use_par",
            metadata.require_pushed_authorization_requests
            and metadata.pushed_authorization_request_endpoint is not None,
        )
        if kwargs.get("auth_method") is None:
            kwargs["auth_method"] = metadata.client_auth_method(bool(kwargs.get("client_secret")))
        methods = metadata.code_challenge_methods_supported
        if methods is not None and "S256" not in methods:
            logger.warning(
                "%s does not list S256 in code_challenge_methods_supported; the server may "
                "refuse the authorization request",
                metadata.issuer,
            )
        kwargs.setdefault("metadata", metadata)
        return cls(
            metadata.authorization_endpoint,
            metadata.token_endpoint,
            client_id,
            redirect_uri,
            **kwargs,
        )

    @classmethod
    def from_issuer(
        cls,
        issuer: str,
        client_id: str,
        redirect_uri: str,
        *,
        transport: SyncTransport | None = None,
        **kwargs: Any,
    ) -> AuthorizationCodeFlow:
        """Discover the server's metadata (RFC 8414, then OIDC Discovery) and build the flow.

        Args:
            issuer: The issuer identifier, exactly as the server publishes it.
            client_id: The client identifier.
            redirect_uri: The callback URL, as registered.
            transport: Sends the metadata request and, later, the flow's requests.
            **kwargs: As for the constructor (``client_secret``, ``scope``, ``use_par``...).

        Raises:
            MalformedResponseError: No metadata, or malformed metadata.
            UntrustedResponseError: The metadata names another issuer (RFC 8414 §3.3).
            InsecureTransportError: Plain http off loopback.
            TransportError: The metadata request failed.
        """
        metadata = discover(
            issuer,
            transport=transport,
            timeout=kwargs.get("timeout", 30.0),
            allow_insecure_http=kwargs.get("allow_insecure_http", False),
        )
        return cls.from_metadata(metadata, client_id, redirect_uri, transport=transport, **kwargs)

    @classmethod
    async def afrom_issuer(
        cls,
        issuer: str,
        client_id: str,
        redirect_uri: str,
        *,
        async_transport: AsyncTransport | None = None,
        **kwargs: Any,
    ) -> AuthorizationCodeFlow:
        """Async form of :meth:`from_issuer` (the metadata read with ``async_transport``)."""
        metadata = await adiscover(
            issuer,
            transport=async_transport,
            timeout=kwargs.get("timeout", 30.0),
            allow_insecure_http=kwargs.get("allow_insecure_http", False),
        )
        return cls.from_metadata(
            metadata, client_id, redirect_uri, async_transport=async_transport, **kwargs
        )

    # -- start ------------------------------------------------------------------------------

    def _new(self, extra_params: Mapping[str, Any]) -> tuple[dict[str, str], str, str, str]:
        """The authorization parameters, with fresh state, nonce and verifier."""
        clash = _RESERVED & extra_params.keys()
        if clash:
            raise ValueError(
                f"start() sets {', '.join(sorted(clash))} itself; configure the flow instead"
            )
        state = secrets.token_urlsafe(32)
        nonce = secrets.token_urlsafe(32)
        verifier = secrets.token_urlsafe(48)  # 64 characters of RFC 7636 §4.1's set
        params = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
        }
        if self.scope:
            params["scope"] = self.scope
        params.update(
            state=state,
            nonce=nonce,
            code_challenge=code_challenge(verifier),
            code_challenge_method="S256",
        )
        for name, value in extra_params.items():
            if value is None:
                params.pop(name, None)
            elif isinstance(value, str):
                params[name] = value
            elif isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
                params[name] = " ".join(value)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                params[name] = str(value)
            else:
                raise TypeError(f"start(): {name} must be a string, not {type(value).__name__}")
        return params, state, nonce, verifier

    def _url(self, params: Mapping[str, str]) -> str:
        # RFC 6749 §3.1: a query already in the endpoint URL is kept.
        sep = "&" if "?" in self.authorization_endpoint else "?"
        return f"{self.authorization_endpoint}{sep}{urllib.parse.urlencode(params)}"

    def _want_par(self, use_par: bool | None) -> bool:
        wanted = self.use_par if use_par is None else use_par
        if wanted and self.par_endpoint is None:
            raise ValueError("use_par=True needs a par_endpoint (or metadata that names one)")
        return wanted

    def start(
        self,
        *,
        use_par: bool | None = None,
        transport: SyncTransport | None = None,
        **extra_params: Any,
    ) -> AuthorizationRequest:
        """Begin a sign-in: fresh state, nonce and PKCE verifier, and the URL to send to.

        Args:
            use_par: Push the parameters to the PAR endpoint first and send the browser
                with ``client_id`` and ``request_uri`` only (RFC 9126); default: the
                flow's ``use_par``.
            transport: Sends the PAR request (default: the flow's transport).
            **extra_params: More authorization parameters (``prompt``, ``login_hint``,
                ``scope`` to override the flow's, ``acr_values``...); None removes one.

        Returns:
            The request: redirect the browser to ``.url``, keep the request (``to_dict()``)
            in this browser's session until the callback.

        Raises:
            OAuthError: The PAR endpoint refused (endpoint ``par``), with the flow's hint.
            TransportError: The PAR request failed.
        """
        params, state, nonce, verifier = self._new(extra_params)
        if self._want_par(use_par):
            par = self.build_par_request(params)
            try:
                request_uri = self.interpret_par(self._send(par, transport), par)
            except OAuthClientError as exc:
                verifier = ""  # out of this frame, which the traceback keeps
                _drop_frames(exc)
                raise exc
            params = {"client_id": self.client_id, "request_uri": request_uri}
        return AuthorizationRequest(self._url(params), state, nonce, verifier, self.redirect_uri)

    async def astart(
        self,
        *,
        use_par: bool | None = None,
        async_transport: AsyncTransport | None = None,
        **extra_params: Any,
    ) -> AuthorizationRequest:
        """Async form of :meth:`start` (only PAR does I/O)."""
        params, state, nonce, verifier = self._new(extra_params)
        if self._want_par(use_par):
            par = self.build_par_request(params)
            try:
                request_uri = self.interpret_par(await self._asend(par, async_transport), par)
            except OAuthClientError as exc:
                verifier = ""  # out of this frame, which the traceback keeps
                _drop_frames(exc)
                raise exc
            params = {"client_id": self.client_id, "request_uri": request_uri}
        return AuthorizationRequest(self._url(params), state, nonce, verifier, self.redirect_uri)

    # -- PAR (sans-I/O) -----------------------------------------------------------------------

    def build_par_request(self, params: Mapping[str, str]) -> TokenRequest:
        """The pushed authorization request carrying ``params`` (RFC 9126 §2.1)."""
        if self.par_endpoint is None:
            raise ValueError("this flow has no par_endpoint")
        return self._post(self.par_endpoint, dict(params))

    def _raise_if_refused(
        self, result: HTTPResult, request: TokenRequest | None, step: str, url: str | None
    ) -> None:
        """Raise the error ``result`` carries from ``step`` (``par`` or ``token``), explained.

        Secrets the server echoes from ``request`` are removed from the error first.
        """
        err = parse_response(
            result.status,
            result.headers,
            result.body,
            endpoint=step,
            provider=self.issuer or url,
            grant=_GRANT,
        )
        if err is not None:
            if request is not None:
                err._redact(request.secrets)
            logger.debug("the %s endpoint refused: %s", step, type(err).__name__)
            raise _explained(err, step)

    def interpret_par(self, result: HTTPResult, request: TokenRequest | None = None) -> str:
        """The ``request_uri`` of a PAR answer, or raise its typed error (endpoint ``par``).

        Raises:
            OAuthError: The PAR endpoint refused; the hint is the flow's where it applies.
            MalformedResponseError: A success without a ``request_uri``.

        RFC:
            RFC 9126 §2.2 (201 with ``request_uri`` and ``expires_in``), §2.3 (errors).
        """
        self._raise_if_refused(result, request, "par", self.par_endpoint)
        data = json_object(result.body)
        request_uri = data.get("request_uri") if data is not None else None
        if not isinstance(request_uri, str) or not request_uri:
            raise _flow_error(
                MalformedResponseError(
                    f"the PAR endpoint answered HTTP {result.status} without a request_uri"
                ),
                "no_request_uri",
                "par",
            )
        return request_uri

    # -- finish -----------------------------------------------------------------------------

    def check_callback(self, callback_url: str | bytes, request: AuthorizationRequest) -> str:
        """Check the callback against ``request`` and return its authorization code (sans-I/O).

        ``state`` is always checked; ``iss`` when the flow requires it or the callback
        carries one and the issuer is known (RFC 9207 §2.4). Nothing in the callback is
        trusted before these checks.

        Raises:
            StateMismatchError: ``state`` is missing or differs.
            IssuerMismatchError: ``iss`` is missing (where required) or differs.
            OAuthError: The server redirected with an error (``access_denied``...).
            MalformedResponseError: No code and no error, or a malformed callback.
        """
        try:
            return self._check_callback(callback_url, request)
        except OAuthClientError as exc:
            del callback_url  # holds the code: out of this frame, which the traceback keeps
            _drop_frames(exc)
            raise exc

    def _check_callback(self, callback_url: str | bytes, request: AuthorizationRequest) -> str:
        if not isinstance(request, AuthorizationRequest):
            raise TypeError("request must be the AuthorizationRequest start() returned")
        params = _callback_params(callback_url)
        expected_issuer = None
        if self.issuer is not None and (self.require_iss or "iss" in params):
            expected_issuer = self.issuer
        try:
            err = parse_redirect(
                callback_url,
                expected_state=request.state,
                expected_issuer=expected_issuer,
                provider=self.issuer or self.authorization_endpoint,
            )
        except StateMismatchError as exc:
            raise _untrusted(exc, "state_mismatch", "authorization") from None
        except IssuerMismatchError as exc:
            failure = "issuer_mismatch" if "iss" in params else "issuer_missing"
            raise _untrusted(exc, failure, "authorization") from None
        if err is not None:
            logger.debug("authorization refused: %s", type(err).__name__)
            raise _explained(err, "authorization")
        code = params.get("code")
        if not code:
            raise _flow_error(
                MalformedResponseError("the callback carries no authorization code"),
                "no_code",
                "authorization",
            )
        return code

    def build_token_request(self, code: str, request: AuthorizationRequest) -> TokenRequest:
        """The code exchange: ``authorization_code`` grant with the PKCE verifier (sans-I/O).

        RFC:
            RFC 6749 §4.1.3; RFC 7636 §4.5.
        """
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": request.redirect_uri,
            "code_verifier": request.code_verifier,
        }
        return self._post(self.token_endpoint, form, [code, request.code_verifier])

    def interpret(self, result: HTTPResult, request: TokenRequest | None = None) -> Token:
        """The token of the code exchange's answer, or its typed error (sans-I/O).

        Args:
            result: The token endpoint's answer.
            request: The request sent; the secrets in it are removed from any error.

        Returns:
            The token, with the ID token kept raw in ``id_token``.

        Raises:
            OAuthError: The token endpoint refused, with the flow's hint
                (``InvalidGrantError`` for a code used twice, expired, or a verifier
                that does not match...).
            MalformedResponseError: A success without a usable token.
        """
        self._raise_if_refused(result, request, "token", self.token_endpoint)
        data = json_object(result.body)
        if data is None:
            raise _flow_error(
                MalformedResponseError(
                    f"the token endpoint answered HTTP {result.status} without a JSON object"
                ),
                "no_token",
                "token",
            )
        try:
            return Token.from_response(data, now=self._clock())
        except MalformedResponseError as exc:
            data = None  # the response holds secrets: out of the locals
            raise _flow_error(exc, "no_token", "token") from None

    def finish(
        self,
        callback_url: str | bytes,
        request: AuthorizationRequest,
        *,
        transport: SyncTransport | None = None,
    ) -> Token:
        """Check the callback, exchange its code and return the token.

        Args:
            callback_url: The full URL the browser came back to (or its query string).
            request: The :class:`AuthorizationRequest` :meth:`start` returned for this
                browser.
            transport: Sends the token request (default: the flow's transport).

        Raises:
            StateMismatchError, IssuerMismatchError: The callback failed a security check.
            OAuthError: The server refused (at the callback or the token endpoint), with
                a hint specific to the failure.
            MalformedResponseError: A malformed callback or token response.
            TransportError: The token request failed.
        """
        try:
            code = self._check_callback(callback_url, request)
            token_request = self.build_token_request(code, request)
            return self.interpret(self._send(token_request, transport), token_request)
        except OAuthClientError as exc:
            del callback_url  # the code and the request's secrets: out of this frame
            code = ""
            _drop_frames(exc)
            raise exc

    async def afinish(
        self,
        callback_url: str | bytes,
        request: AuthorizationRequest,
        *,
        transport: AsyncTransport | None = None,
    ) -> Token:
        """Async form of :meth:`finish`.

        ``transport`` (or the flow's ``async_transport``) is an async transport; without
        one the sync transport runs in a worker thread.
        """
        try:
            code = self._check_callback(callback_url, request)
            token_request = self.build_token_request(code, request)
            result = await self._asend(token_request, transport)
            return self.interpret(result, token_request)
        except OAuthClientError as exc:
            del callback_url
            code = ""
            _drop_frames(exc)
            raise exc

    # -- HTTP ---------------------------------------------------------------------------------

    def _post(self, url: str, form: dict[str, str], found: list[str] | None = None) -> TokenRequest:
        """A form POST to ``url`` with this client's authentication (RFC 6749 §2.3.1)."""
        hidden = list(found or [])
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        }
        secret = self._client_secret
        if self.auth_method == "client_secret_basic" and secret is not None:
            pair = f"{urllib.parse.quote_plus(self.client_id)}:{urllib.parse.quote_plus(secret)}"
            basic = base64.b64encode(pair.encode()).decode("ascii")
            headers["Authorization"] = f"Basic {basic}"
            hidden.extend([secret, basic])
        else:
            form["client_id"] = self.client_id
            if self.auth_method == "client_secret_post" and secret is not None:
                form["client_secret"] = secret
                hidden.append(secret)
        body = urllib.parse.urlencode(form).encode("ascii")
        return TokenRequest(url, headers, body, secrets=tuple(hidden), timeout=self.timeout)

    def _send(self, request: TokenRequest, transport: SyncTransport | None) -> HTTPResult:
        send = transport or self.transport
        if send is None:
            send = urllib_transport
        try:
            return send(request)
        except OAuthClientError:
            raise
        except Exception as exc:
            raise _transport_failed(exc, request) from exc

    async def _asend(self, request: TokenRequest, transport: AsyncTransport | None) -> HTTPResult:
        send = transport or self.async_transport
        try:
            if send is None:
                import asyncio

                return await asyncio.to_thread(self._send, request, None)
            return await send(request)
        except OAuthClientError:
            raise
        except Exception as exc:
            raise _transport_failed(exc, request) from exc


def _drop_frames(exc: BaseException) -> None:
    """Drop the tracebacks of ``exc`` and what it chains: their frames hold the secrets.

    Error reporters that record every frame's locals (``capture_locals=True``, Sentry)
    would keep the code, the verifier and the client secret; the public methods re-raise
    their errors after this, so the traceback starts at the caller.
    """
    seen: set[int] = set()
    inner: BaseException | None = exc
    while inner is not None and id(inner) not in seen:
        seen.add(id(inner))
        inner.__traceback__ = None
        inner = inner.__cause__ or inner.__context__


def _transport_failed(exc: Exception, request: TokenRequest) -> TransportError:
    scrub_transport_error(exc, request.secrets)
    err = TransportError(f"the request to {request.url} failed ({type(exc).__name__})")
    err.hint = (  # type: ignore[attr-defined]
        "Check that the server is reachable from here (URL, proxy, TLS); the request was "
        "not completed, so the code may still be unused."
    )
    return err


def _flow_error(exc: OAuthClientError, failure: str, step: str) -> OAuthClientError:
    found = FLOW_HINTS[(failure, step)]
    exc.hint = found.render()  # type: ignore[attr-defined]
    exc.flow_failure = failure  # type: ignore[attr-defined]
    return exc


def _callback_params(url: str | bytes) -> dict[str, str]:
    """The callback's response parameters (first of each), read only to find code and iss.

    :func:`parse_redirect` does the checks (repeats, size, state, iss) on the same URL;
    this reading is used only once those have passed, or to tell a missing ``iss`` from a
    wrong one.
    """
    if isinstance(url, (bytes, bytearray)):
        url = bytes(url).decode("utf-8", "replace")
    if not isinstance(url, str):
        return {}
    text = url.strip()
    before, _, fragment = text.partition("#")
    if "?" in before:
        query = before.split("?", 1)[1]
    elif "=" in before and "://" not in before:
        query = before  # a bare query string
    else:
        query = ""
    found: dict[str, str] = {}
    for part in (query, fragment):
        pairs = urllib.parse.parse_qsl(part, keep_blank_values=True)
        if any(k in ("code", "error", "state") for k, _ in pairs):
            for key, value in pairs:
                found.setdefault(key, value)
            break
    return found
