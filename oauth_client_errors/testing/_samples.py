"""Build sample error responses from the dialect table, the registry and :mod:`._data`.

The builder reads the package's data only through public names (``all_dialects()``,
``all_codes()``, ``lookup()``, :class:`~oauth_client_errors.Dialect` and
:class:`~oauth_client_errors.DialectCode` attributes), so it follows the tables wherever
they live. Each sample carries what the data promises a client will see when it parses the
response: the exception class, ``err.code`` and the policy.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from oauth_client_errors import (
    CodeInfo,
    Dialect,
    DialectCode,
    Endpoint,
    HTTPStatusError,
    OAuthError,
    Policy,
    UnknownOAuthError,
    all_codes,
    all_dialects,
    lookup,
    lookup_dialect,
    parse_redirect,
    parse_response,
)

from . import _data

__all__ = ["REDIRECT_URI", "RFC", "SampleResponse", "sample", "samples"]

#: The provider name of the standard (RFC) shapes.
RFC = "rfc"
#: Where redirect samples send the browser back to.
REDIRECT_URI = "https://client.example.org/callback"
_STATE = "af0ifjsldkj"  # RFC 6749 §4.1.2.1's example state

_JSON = "application/json"
_OAUTH_FAMILY = frozenset({"oauth", "entra", "google_oauth", "zoom_oauth"})
#: Codes that only a resource sends, in a WWW-Authenticate challenge.
_CHALLENGE_STATUS = {
    "invalid_request": 400,
    "invalid_token": 401,
    "insufficient_scope": 403,
    "insufficient_user_authentication": 401,
    "insufficient_claims": 401,
    "invalid_dpop_proof": 401,
    "use_dpop_nonce": 401,
    "expired_token": 401,
}
_JSON_STATUS = {
    "invalid_client": 401,
    "server_error": 500,
    "temporarily_unavailable": 503,
    "use_dpop_nonce": 400,
}
_GRPC_FOR_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    503: "UNAVAILABLE",
}


@dataclass(frozen=True)
class SampleResponse:
    """An error response a real server sends, and what a client must make of it.

    Attributes:
        provider: ``"rfc"`` for the standard shapes, otherwise a dialect name (``"github"``).
        code: The code the sample was asked for: a registered code or the provider's own
            (``"bad_verification_code"``, ``"AADSTS50076"``, ``"190/463"``).
        endpoint: Where the response comes from.
        status: The HTTP status (302 for an authorization redirect).
        headers: The response headers.
        body: The response body (empty for a redirect or a bare challenge).
        source: Where the payload or the shape it was built from is published. A sample
            built from the documented envelope shape, not copied from a published payload,
            says so here.
        url: For an authorization redirect, the URL the browser is sent back to (also in
            the ``Location`` header); None otherwise.
        description: The description the provider's row is told apart by, if any.
        error_class: The exception class a client gets for it.
        error_code: What ``err.code`` holds: the registered code the error stands for
            (``invalid_grant`` for GitHub's ``bad_verification_code``), or the code as
            received when it maps to none.
        received_code: What ``err.received_code`` holds: the code exactly as the server
            sent it, or None when the response carries none.
        policy: What a client should do about it.
        published: True when the body is a payload the provider published verbatim.
    """

    provider: str
    code: str
    endpoint: Endpoint
    status: int
    headers: Mapping[str, str] = field(hash=False)
    body: bytes
    source: str
    error_class: type[OAuthError]
    error_code: str
    policy: Policy
    received_code: str | None = None
    url: str | None = None
    description: str | None = None
    published: bool = False

    @property
    def text(self) -> str:
        """The body as text."""
        return self.body.decode("utf-8")

    def json(self) -> Any:
        """Return the body decoded from JSON.

        Raises:
            ValueError: The body is not JSON (a redirect or a bare challenge has none).
        """
        return json.loads(self.body)

    @property
    def is_redirect(self) -> bool:
        """True when the error arrives in an authorization redirect (see :attr:`url`)."""
        return self.url is not None

    @property
    def state(self) -> str:
        """The ``state`` a redirect sample carries (pass it as ``expected_state``)."""
        return _STATE

    @property
    def parse_provider(self) -> str | None:
        """The ``provider=`` to hand the parsers: the dialect name, or None for ``rfc``."""
        return None if self.provider == RFC else self.provider

    def parse(self) -> OAuthError | None:
        """Parse the sample as a client would, with ``parse_response`` or ``parse_redirect``.

        Returns:
            The typed error the sample stands for.
        """
        if self.url is not None:
            return parse_redirect(self.url, expected_state=self.state, provider=self.parse_provider)
        return parse_response(
            self.status,
            dict(self.headers),
            self.body,
            endpoint=self.endpoint,
            provider=self.parse_provider,
        )

    def __repr__(self) -> str:
        where = f", {self.description!r}" if self.description else ""
        return (
            f"<SampleResponse {self.provider}:{self.code}{where} at {self.endpoint.value}: "
            f"{self.status} -> {self.error_class.__name__} ({self.policy.value})>"
        )


# -- lookups through public names ---------------------------------------------------------


def _info(code: str | None) -> CodeInfo | None:
    return lookup(code) if code else None


def _class_for(code: str | None) -> type[OAuthError]:
    info = _info(code)
    klass = info.error_class if info is not None else UnknownOAuthError
    return klass if issubclass(klass, OAuthError) else UnknownOAuthError


#: Stand-in until every dialect row says a Situation (DESIGN §4 rules 1-7): the policy each
#: situation gets. Isolated here so the switch to ``err.situation`` is one place.
_POLICY_OF_SITUATION = {
    "rate_limited": Policy.RETRY,
    "unavailable": Policy.RETRY,
    "nonce_required": Policy.RETRY,
    "pending": Policy.POLL,
    "slow_down": Policy.SLOW_DOWN,
    "token_rejected": Policy.REFRESH,
    "grant_invalid": Policy.REAUTHORIZE,
    "interaction_required": Policy.REAUTHORIZE,
    "scope_required": Policy.STEP_UP,
    "authentication_required": Policy.STEP_UP,
    "claims_required": Policy.STEP_UP,
    "client_misconfigured": Policy.FIX_CONFIG,
    "request_invalid": Policy.FIX_CONFIG,
    "denied": Policy.FAIL,
    "forbidden": Policy.FAIL,
    "unknown": Policy.FAIL,
}


def _row_policy(row: DialectCode) -> Policy | None:
    """The policy a dialect row states (directly, or through the situation it names)."""
    situation = getattr(row, "situation", None)
    if situation is not None:
        return _POLICY_OF_SITUATION.get(str(situation))
    policy = getattr(row, "policy", None)
    return Policy(policy) if policy is not None else None


def _registry_policy(code: str | None, endpoint: Endpoint) -> Policy:
    info = _info(code)
    return info.policy_at(endpoint) if info is not None else Policy.FAIL


def _registered_code(code: str | None) -> str | None:
    """The registered code ``code`` stands for (an alias reads as its code), or None."""
    info = _info(code)
    return info.code if info is not None else None


def _registered(code: str) -> bool:
    info = _info(code)
    return info is not None and info.code == code


# -- shapes -------------------------------------------------------------------------------


def _json(payload: Any, content_type: str = _JSON) -> tuple[dict[str, str], bytes]:
    return {"Content-Type": content_type}, json.dumps(payload).encode("utf-8")


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _challenge(code: str, description: str, extra: Mapping[str, str]) -> dict[str, str]:
    scheme = "DPoP" if code in ("use_dpop_nonce", "invalid_dpop_proof") else "Bearer"
    params = {"realm": "example", "error": code, "error_description": description, **extra}
    headers = {
        "WWW-Authenticate": f"{scheme} "
        + ", ".join(f"{name}={_quote(value)}" for name, value in params.items())
    }
    if code == "use_dpop_nonce":
        headers["DPoP-Nonce"] = "eyJ7S_zG.eyJH0-Z.HX4w-7v"  # RFC 9449 §8's example
    return headers


def _redirect_url(params: Mapping[str, str]) -> str:
    query = urllib.parse.urlencode({**params, "state": _STATE})
    return f"{REDIRECT_URI}?{query}"


def _redirect(params: Mapping[str, str]) -> tuple[int, dict[str, str], bytes, str]:
    url = _redirect_url(params)
    return 302, {"Location": url}, b"", url


@dataclass(frozen=True)
class _Built:
    status: int
    headers: dict[str, str]
    body: bytes
    error_code: str
    url: str | None = None


def _oauth_response(
    code: str, description: str, endpoint: Endpoint, extra: Mapping[str, Any] | None = None
) -> _Built:
    """RFC 6749 §4.1.2.1 redirect, §5.2 JSON body, or RFC 6750 §3 challenge for ``code``."""
    extra = dict(extra or {})
    received = code
    if endpoint is Endpoint.AUTHORIZATION:
        status, headers, body, url = _redirect(
            {"error": code, "error_description": description, **extra}
        )
        return _Built(status, headers, body, received, url)
    if endpoint is Endpoint.RESOURCE and code in _CHALLENGE_STATUS:
        params = {**_data.RFC_CHALLENGE_PARAMS.get(code, {}), **extra}
        headers = _challenge(code, description, params)
        return _Built(_CHALLENGE_STATUS[code], headers, b"", received)
    headers, body = _json({"error": code, "error_description": description, **extra})
    status = _JSON_STATUS.get(code, 400)
    if code == "invalid_client":
        headers["WWW-Authenticate"] = 'Basic realm="oauth"'
    if code == "use_dpop_nonce":
        headers["DPoP-Nonce"] = "eyJ7S_zG.eyJH0-Z.HX4w-7v"
    if status in (429, 503):
        headers["Retry-After"] = "30"
    return _Built(status, headers, body, received)


# -- the RFC shapes ------------------------------------------------------------------------


def _rfc_source(info: CodeInfo, endpoint: Endpoint) -> str:
    code = info.code
    if code in ("authorization_pending", "slow_down", "expired_token") and (
        endpoint is Endpoint.TOKEN
    ):
        url = _data.RFC_SECTIONS["device_flow"]
    elif code in ("use_dpop_nonce", "invalid_dpop_proof"):
        url = _data.RFC_SECTIONS["dpop_resource" if endpoint is Endpoint.RESOURCE else "dpop"]
    elif code == "insufficient_user_authentication":
        url = _data.RFC_SECTIONS["step_up"]
    elif code == "insufficient_claims":
        url = _data.RFC_SECTIONS["claims"]
    else:
        url = _data.RFC_SECTIONS.get(endpoint.value, _data.RFC_SECTIONS["token"])
    specs = ", ".join(info.specs)
    return f"{url} ({specs}); built from the specification's error response shape"


def _rfc_samples(info: CodeInfo) -> Iterator[SampleResponse]:
    for endpoint in info.endpoints:
        built = _oauth_response(info.code, info.title, endpoint)
        yield SampleResponse(
            provider=RFC,
            code=info.code,
            endpoint=endpoint,
            status=built.status,
            headers=built.headers,
            body=built.body,
            source=_rfc_source(info, endpoint),
            error_class=_class_for(info.code),
            error_code=info.code,
            received_code=info.code,
            policy=info.policy_at(endpoint),
            url=built.url,
        )


# -- provider shapes -----------------------------------------------------------------------


def _fits(envelope: str, dialect: Dialect, row: DialectCode) -> bool:
    code = row.code
    if envelope in ("slack", "facebook"):
        return True
    if envelope == "oauth":
        return code != ""
    if envelope == "entra":
        return code.startswith(("AADSTS", "AADB2C", "suberror:"))
    if envelope == "google_oauth":
        return (dialect.name, code) in _data.OAUTH_ERROR
    if envelope == "zoom_oauth":
        return row.description is not None and not code.isdigit()
    if envelope in ("linkedin_api", "code_message", "spotify_api"):
        return code.isdigit()
    if envelope == "okta_api":
        return code[:1] == "E" and code[1:].isdigit()
    if envelope == "aws_json":
        return code.endswith("Exception")
    if envelope == "salesforce_api":
        return code.isupper()
    if envelope == "github_api":
        return code == ""
    # google_api, ms_graph, dropbox_api: a vendor code that is not a registered one.
    return bool(code) and not _registered(code)


def _envelope(dialect: Dialect, row: DialectCode, endpoint: Endpoint | None) -> str:
    for envelope in dialect.envelopes:
        if endpoint is Endpoint.AUTHORIZATION and envelope not in _OAUTH_FAMILY:
            continue
        if _fits(envelope, dialect, row):
            return envelope
    return dialect.envelopes[0]


def _class_code(dialect: Dialect, row: DialectCode) -> str | None:
    """The registry code whose class the row is raised with."""
    if row.canonical:
        return row.canonical
    sent = _data.OAUTH_ERROR.get((dialect.name, row.code))
    if sent is not None:
        return sent
    return row.code if _info(row.code) is not None else None


def _default_endpoint(dialect: Dialect, row: DialectCode, envelope: str) -> Endpoint:
    if row.endpoints:
        return row.endpoints[0]
    named = _data.ENDPOINT.get((dialect.name, row.code))
    if named is not None:
        return Endpoint.coerce(named)
    info = _info(_class_code(dialect, row))
    if envelope in _OAUTH_FAMILY:
        if info is None or Endpoint.TOKEN in info.endpoints:
            return Endpoint.TOKEN
        return info.endpoints[0]
    if info is not None and Endpoint.RESOURCE not in info.endpoints:
        return Endpoint.TOKEN
    return Endpoint.RESOURCE


def _api_status(dialect: Dialect, row: DialectCode, envelope: str, policy: Policy) -> int:
    named = _data.STATUS.get((dialect.name, row.code))
    if named is not None:
        return named
    if envelope == "slack":
        return 429 if policy is Policy.RETRY else 200
    if envelope in ("facebook", "aws_json"):
        return 400
    if envelope == "spotify_api":
        return int(row.code)
    klass = _class_code(dialect, row)
    by_code = {
        "invalid_token": 401,
        "insufficient_scope": 403,
        "invalid_client": 401,
        "access_denied": 403,
    }
    if klass in by_code:
        return by_code[klass]
    if klass is not None:
        return 400
    if policy is Policy.RETRY:
        return 429
    return 403 if policy in (Policy.FIX_CONFIG, Policy.FAIL) else 400


def _text(row: DialectCode) -> str:
    return row.description if row.description else row.meaning


def _api_body(
    dialect: Dialect, row: DialectCode, envelope: str, status: int
) -> tuple[dict[str, str], bytes, str | None]:
    """Headers, body and the ``err.code`` the envelope's reader yields (None: no code)."""
    code, text = row.code, _text(row)
    if envelope == "slack":
        payload: Any = {"ok": False, "error": code}
        if code == "missing_scope":
            payload.update(needed="chat:write", provided="channels:read")
        headers, body = _json(payload, "application/json; charset=utf-8")
        if status == 429:
            headers["Retry-After"] = "30"
        return headers, body, code
    if envelope == "facebook":
        number, _, subcode = code.partition("/")
        number = number.split("-", 1)[0]
        error: dict[str, Any] = {"message": text, "type": "OAuthException", "code": int(number)}
        if subcode:
            error["error_subcode"] = int(subcode)
        error["fbtrace_id"] = "AbCdEfGh123"
        headers, body = _json({"error": error})
        return headers, body, code if subcode else number
    if envelope == "google_api":
        grpc = code if code in _data.GRPC_STATUSES else _GRPC_FOR_STATUS.get(status, "UNKNOWN")
        error = {"code": status, "message": text, "status": grpc}
        if code not in _data.GRPC_STATUSES:
            if code.isupper():
                error["details"] = [
                    {
                        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                        "reason": code,
                        "domain": "googleapis.com",
                        "metadata": {"service": "example.googleapis.com"},
                    }
                ]
            else:
                error["errors"] = [{"message": text, "domain": "global", "reason": code}]
        headers, body = _json({"error": error}, "application/json; charset=UTF-8")
        if status == 429:
            headers["Retry-After"] = "30"
        return headers, body, grpc
    if envelope == "ms_graph":
        inner = {"date": "2024-05-01T10:00:00", "request-id": "b7a9d5a8-4c8a-4b0e-9f3e-2f7a"}
        headers, body = _json({"error": {"code": code, "message": text, "innerError": inner}})
        return headers, body, code
    if envelope == "dropbox_api":
        if code.startswith("too_many"):
            error = {"reason": {".tag": code}, "retry_after": 30}
        else:
            error = {".tag": code}
            if code == "missing_scope":
                error["required_scope"] = "files.content.read"
        headers, body = _json({"error_summary": f"{code}/..", "error": error})
        return headers, body, code
    if envelope == "okta_api":
        headers, body = _json(
            {
                "errorCode": code,
                "errorSummary": text,
                "errorLink": code,
                "errorId": "oaeV3ZDdwdQSwWwzq2Mqia8Fw",
                "errorCauses": [],
            }
        )
        if status == 429:
            headers["Retry-After"] = "30"
        return headers, body, code
    if envelope == "aws_json":
        headers, body = _json({"__type": code, "message": text}, "application/x-amz-json-1.1")
        return headers, body, code
    if envelope == "salesforce_api":
        headers, body = _json([{"message": text, "errorCode": code}])
        return headers, body, code
    if envelope == "linkedin_api":
        payload = {"serviceErrorCode": int(code), "message": text, "status": status}
        headers, body = _json(payload)
        return headers, body, code
    if envelope == "code_message":
        headers, body = _json({"code": int(code), "message": text})
        return headers, body, code
    if envelope == "spotify_api":
        headers, body = _json({"error": {"status": int(code), "message": text}})
        if status == 429:
            headers["Retry-After"] = "30"
        return headers, body, None
    if envelope == "github_api":
        headers, body = _json(
            {"message": text, "documentation_url": "https://docs.github.com/rest"},
            "application/json; charset=utf-8",
        )
        if row.description and "rate limit" in row.description:
            headers.update({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1700000000"})
        return headers, body, None
    raise AssertionError(f"no builder for envelope {envelope!r}")  # pragma: no cover


def _oauth_family(dialect: Dialect, row: DialectCode, envelope: str, endpoint: Endpoint) -> _Built:
    sent = _data.OAUTH_ERROR.get((dialect.name, row.code)) or row.code
    text = _text(row)
    if envelope == "entra":
        if row.code.startswith("suberror:"):
            extra: dict[str, Any] = {
                "suberror": row.code.split(":", 1)[1],
                "trace_id": "5c3bd525-61b3-44d4-a70a-fb93e9ddc500",
                "correlation_id": "d66bc564-8e3b-45d1-8909-988927d3ec8e",
            }
            description = text
        else:
            description = f"{row.code}: {text}"
            number = row.code[len("AADSTS") :]
            extra = {}
            if endpoint is not Endpoint.AUTHORIZATION:
                extra = {
                    "trace_id": "5c3bd525-61b3-44d4-a70a-fb93e9ddc500",
                    "correlation_id": "d66bc564-8e3b-45d1-8909-988927d3ec8e",
                    "timestamp": "2024-05-01 10:00:00Z",
                }
                if row.code.startswith("AADSTS") and number.isdigit():
                    extra["error_codes"] = [int(number)]
                    extra["error_uri"] = f"https://login.microsoftonline.com/error?code={number}"
        return _oauth_response(sent, description, endpoint, extra)
    if envelope == "google_oauth":
        return _oauth_response(sent, text, endpoint, {"error_subtype": row.code})
    if envelope == "zoom_oauth" and endpoint is not Endpoint.AUTHORIZATION:
        headers, body = _json({"reason": text, "error": sent})
        return _Built(_JSON_STATUS.get(sent, 400), headers, body, sent)
    return _oauth_response(sent, text, endpoint)


def _row_sample(
    dialect: Dialect, row: DialectCode, endpoint: Endpoint | None = None
) -> SampleResponse:
    envelope = _envelope(dialect, row, endpoint)
    where = endpoint or _default_endpoint(dialect, row, envelope)
    klass_code = _class_code(dialect, row)
    sent: str | None
    published = _data.PUBLISHED.get((dialect.name, row.code, row.description))
    verbatim = published is not None and (endpoint is None or endpoint.value == published[3])
    if published is not None and verbatim:
        status, headers, payload, at, source = published
        where = Endpoint.coerce(at)
        sent = _published_code(payload, envelope)
        built = _Built(status, dict(headers), json.dumps(payload).encode("utf-8"), sent or "")
    elif envelope in _OAUTH_FAMILY or where is Endpoint.AUTHORIZATION:
        built = _oauth_family(dialect, row, envelope, where)
        sent = built.error_code
        shape = "RFC 6749 redirect" if built.url else f"{envelope!r} envelope"
        source = f"{row.source} (no published payload: built from the documented {shape} shape)"
    else:
        status = _api_status(dialect, row, envelope, _policy(row, klass_code, where))
        headers, body, sent = _api_body(dialect, row, envelope, status)
        built = _Built(status, headers, body, sent or "")
        source = (
            f"{row.source} (no published payload: built from the documented {envelope!r} "
            "envelope shape)"
        )
    error_class = _class_for(klass_code)
    if sent is None and klass_code is None:
        error_class = HTTPStatusError  # no code at all: placed by its status
    return SampleResponse(
        provider=dialect.name,
        code=row.code,
        endpoint=where,
        status=built.status,
        headers=built.headers,
        body=built.body,
        source=source,
        error_class=error_class,
        error_code=_registered_code(klass_code) or sent or str(built.status),
        received_code=sent,
        policy=_policy(row, klass_code, where),
        url=built.url,
        description=row.description,
        published=verbatim,
    )


def _policy(row: DialectCode, klass_code: str | None, where: Endpoint) -> Policy:
    """What the row promises: its own policy (or situation), else its class's at ``where``."""
    return _row_policy(row) or _registry_policy(klass_code, where)


def _published_code(payload: Any, envelope: str) -> str | None:
    if not isinstance(payload, dict):
        return None
    if envelope == "facebook":
        inner = payload["error"]
        sub = inner.get("error_subcode")
        return f"{inner['code']}/{sub}" if sub is not None else str(inner["code"])
    if envelope == "ms_graph":
        return str(payload["error"]["code"])
    if envelope == "okta_api":
        return str(payload["errorCode"])
    error = payload.get("error")
    return error if isinstance(error, str) else None


# -- public --------------------------------------------------------------------------------


def samples() -> list[SampleResponse]:
    """Return every sample: the RFC shapes of every registered code, then every provider row.

    Returns:
        One :class:`SampleResponse` per registered code and endpoint it is defined at
        (``provider="rfc"``), and one per row of every registered dialect's table.
    """
    found: list[SampleResponse] = []
    for info in all_codes():
        found.extend(_rfc_samples(info))
    for dialect in all_dialects():
        found.extend(_row_sample(dialect, row) for row in dialect.codes)
    return found


def sample(
    provider: str,
    code: str,
    *,
    endpoint: Endpoint | str | None = None,
    description: str | None = None,
) -> SampleResponse:
    """Return a response ``provider`` sends for ``code``, with the source it is taken from.

    Args:
        provider: ``"rfc"`` for the standard shapes (RFC 6749, 6750, 8628, 9449, 9470...),
            or a dialect name (``"github"``, ``"google"``, ``"microsoft"``...; see
            ``docs/dialects.md``).
        code: A registered code (``"invalid_grant"``) or the provider's own code as its
            table lists it (``"bad_verification_code"``, ``"AADSTS50076"``, ``"190/463"``).
            For a provider, a registered code with no row of its own gives the provider's
            first row raised with that class (GitHub's ``bad_verification_code`` for
            ``"invalid_grant"``).
        endpoint: Where the response should come from (``"token"``, ``"authorization"`` for
            a redirect, ``"resource"``...). None: where the provider documents it.
        description: For a provider code with several rows told apart by the description
            (Keycloak's ``invalid_grant``), the start of that description.

    Returns:
        The sample, with what a client's parser makes of it.

    Raises:
        LookupError: No such provider, code, or code at that endpoint.
    """
    where = Endpoint.coerce(endpoint) if endpoint is not None else None
    if provider == RFC:
        info = lookup(code)
        if info is None:
            raise LookupError(f"{code!r} is not a registered error code")
        for candidate in _rfc_samples(info):
            if where is None or candidate.endpoint is where:
                return candidate
        if where is not None:
            built = _oauth_response(info.code, info.title, where)
            return SampleResponse(
                provider=RFC,
                code=info.code,
                endpoint=where,
                status=built.status,
                headers=built.headers,
                body=built.body,
                source=_rfc_source(info, where),
                error_class=_class_for(info.code),
                error_code=info.code,
                received_code=info.code,
                policy=info.policy_at(where),
                url=built.url,
            )
        raise LookupError(f"{code!r} is not defined at any endpoint")  # pragma: no cover
    dialect = lookup_dialect(provider)
    if dialect is None:
        names = ", ".join(sorted(d.name for d in all_dialects()))
        raise LookupError(f"unknown provider {provider!r}; known: rfc, {names}")
    rows = [r for r in dialect.codes if r.code == code] or [
        r for r in dialect.codes if r.canonical == code or _class_code(dialect, r) == code
    ]
    if description is not None:
        wanted = description.casefold()
        rows = [r for r in rows if (r.description or "").casefold().startswith(wanted)]
    if where is not None:
        rows = [r for r in rows if not r.endpoints or where in r.endpoints]
    if where is Endpoint.AUTHORIZATION and not _OAUTH_FAMILY & set(dialect.envelopes):
        rows = []  # its errors never travel in a redirect
    if not rows:
        at = f" at the {where.value} endpoint" if where is not None else ""
        raise LookupError(f"{dialect.title} has no sample for {code!r}{at}")
    # The general row (no description) first, else the first listed.
    rows.sort(key=lambda r: r.description is not None)
    return _row_sample(dialect, rows[0], where)
