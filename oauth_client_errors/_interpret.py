"""Interpretation: an HTTP response or a redirect in, a typed :class:`OAuthError` out.

The only place an error is built, in four steps (DESIGN §4, "Interpretation from
evidence"):

1. **read** (``_wire``): the status, the header fields, the challenges, the body;
2. **recognise** (``_dialects``): the provider and the row of its table, if any;
3. **classify**: the endpoint (explicit, else inferred from the evidence), the registered
   code, and the :class:`~oauth_client_errors.Situation` (the registry's or the
   dialect's word, else rule 7 from the status, endpoint and challenge); the policy
   follows from the situation (``_rules``);
4. **build**: the error class's private constructor (:func:`decide` gives its fields),
   at once, or on the first read of a field when the code alone fixed the class.

Nothing here performs I/O or imports anything outside the standard library.

RFC 6749 §5.2 (token endpoint error response)::

    The authorization server responds with an HTTP 400 (Bad Request) status code (unless
    specified otherwise) and includes the following parameters with the response:
    error  REQUIRED. ... Values for the "error" parameter MUST NOT include characters
           outside the set %x20-21 / %x23-5B / %x5D-7E.
    error_description  OPTIONAL. ... (same character set)
    error_uri  OPTIONAL. A URI identifying a human-readable web page ... MUST conform to
           the URI-reference syntax and thus MUST NOT include characters outside the set
           %x21 / %x23-5B / %x5D-7E.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from . import _dialects
from ._dialects import VENDOR_TRIGGERS
from ._errors import OAuthError, classify, error_class, refine
from ._ground.exceptions import MalformedResponseError, OAuthClientError
from ._registry import NO_USER_HINTS, lead_for, lookup, status_of
from ._rules import grant_type, place, policy_for, user_present
from ._types import Endpoint, Policy, Situation
from ._wire.bodies import (
    MAX_BODY_BYTES,
    as_code,
    as_text,
    body_message,
    body_params,
    interval,
)
from ._wire.challenge import Challenge, parse_www_authenticate, select_challenge
from ._wire.headers import (
    MAX_RETRY_AFTER,
    Headers,
    content_type,
    dpop_nonce,
    first,
    header_fields,
    retry_after,
    status_code,
)
from ._wire.redirects import (
    MAX_URL_LENGTH,
    SKIP_STATE_CHECK,
    SUCCESS_KEYS,
    check_issuer,
    check_state,
    redirect_params,
)

__all__ = [
    "MAX_BODY_BYTES",
    "MAX_RETRY_AFTER",
    "MAX_URL_LENGTH",
    "SKIP_STATE_CHECK",
    "Headers",
    "infer_endpoint",
    "parse_redirect",
    "parse_response",
]

# RFC 6749 §5.2 character sets (see the module docstring).
# (Patterns, compiled by ``re`` on first use: only ``strict=True`` reads them.)
_ERROR_CHARS = r"[\x20\x21\x23-\x5b\x5d-\x7e]*"
_URI_CHARS = r"[\x21\x23-\x5b\x5d-\x7e]*"


def _drop_frames(exc: OAuthClientError) -> None:
    """Remove the traceback of ``exc`` and those of the exceptions chained inside it.

    The input of a parser holds secrets (the authorization code in a redirect, tokens a
    server echoes in a body), and error reporters that record every frame's locals
    (``traceback`` with ``capture_locals=True``, Sentry) would keep them: the public
    parsers re-raise their own errors after this and after deleting their arguments, so
    the traceback starts at the caller. The messages never quote the input.
    """
    seen = 0
    inner: BaseException | None = exc
    while inner is not None and seen < 8:
        inner.__traceback__ = None
        inner = inner.__cause__ or inner.__context__
        seen += 1


# -- evidence: where did the response come from? -------------------------------------------

# Request URL paths that name an OAuth endpoint (RFC 8414 §2 metadata names and the
# paths providers use: /oauth2/v2.0/token, /login/oauth/access_token, /protocol/
# openid-connect/token, /oauth/device/code, /bc-authorize, /as/par...).
# Compiled on first use (only a caller that passes a request URL needs them).
_PATH_PATTERNS: tuple[tuple[str, Endpoint], ...] = (
    (r"bc-authori[sz]e|backchannel", Endpoint.BACKCHANNEL),
    (r"device(?:[/_-]?code|[/_-]authori[sz]ation|$|/)", Endpoint.DEVICE_AUTHORIZATION),
    (r"revoke|revocation", Endpoint.REVOCATION),
    (r"introspect", Endpoint.INTROSPECTION),
    (r"/par(?:$|/)|pushed", Endpoint.PAR),
    (r"/token(?:$|/)|access_token|/token\.oauth2", Endpoint.TOKEN),
    (r"authori[sz]e", Endpoint.AUTHORIZATION),
    (r"/register(?:$|/)|/registration|/clients?(?:$|/)", Endpoint.REGISTRATION),
)
_path_endpoints: tuple[tuple[re.Pattern[str], Endpoint], ...] | None = None
# Members of a successful device authorization response (RFC 8628 §3.2).
_DEVICE_MEMBERS = frozenset({"device_code", "user_code", "verification_uri"})


def _endpoint_from_url(provider: str | None) -> Endpoint | None:
    if not provider or "://" not in provider:
        return None
    try:
        import urllib.parse  # loaded on first use, not with the package

        path = urllib.parse.urlsplit(provider.strip()[:2048]).path.lower()
    except ValueError:
        return None
    global _path_endpoints
    table = _path_endpoints
    if table is None:
        table = _path_endpoints = tuple((re.compile(p), e) for p, e in _PATH_PATTERNS)
    for pattern, where in table:
        if pattern.search(path):
            return where
    return None


def infer_endpoint(
    status: int | None,
    challenges: list[Challenge],
    payload: Mapping[str, Any] | None,
    provider: str | None = None,
) -> Endpoint:
    """Decide where a response came from, by the evidence (DESIGN §4).

    In order: a request URL naming an OAuth endpoint; a Bearer or DPoP challenge (RFC
    6750 §3, RFC 9449 §7.1: a resource); device authorization members (RFC 8628 §3.2); an
    RFC 6749 §5.1/§5.2-shaped body, a string ``error`` (the token endpoint, or a
    resource for the codes only resources send, RFC 6750 §3.1); an API error envelope
    (an ``error`` object, Slack's ``ok``, a ``message`` and the like: a resource); any
    other challenge (a resource); and with no evidence at all, 401 and 403 point to a
    resource (token endpoints answer with an RFC 6749 body), anything else to the
    token endpoint.
    """
    if provider:
        from_url = _endpoint_from_url(provider)
        if from_url is not None:
            return from_url
    if challenges and any(c.is_oauth for c in challenges):
        return Endpoint.RESOURCE
    if payload:
        if not _DEVICE_MEMBERS.isdisjoint(payload):
            return Endpoint.DEVICE_AUTHORIZATION
        error = payload.get("error")
        if (type(error) is str or type(error) is int) and "ok" not in payload:
            return _CODE_ENDPOINTS.get(error) or _code_endpoint(error)
        return Endpoint.RESOURCE
    if challenges or status in (401, 403):
        return Endpoint.RESOURCE
    return Endpoint.TOKEN


def _code_endpoint(error: str | int) -> Endpoint:
    """Where an RFC 6749-shaped body with this ``error`` comes from (remembered, bounded).

    The token endpoint, or a resource for the codes only resources send (RFC 6750 §3.1).
    """
    info = lookup(error) if type(error) is str else None
    where = (
        Endpoint.RESOURCE
        if info is not None
        and Endpoint.TOKEN not in info.endpoints
        and Endpoint.RESOURCE in info.endpoints
        else Endpoint.TOKEN
    )
    if type(error) is str and len(error) <= 128:
        if len(_CODE_ENDPOINTS) >= 4096:
            _CODE_ENDPOINTS.clear()
        _CODE_ENDPOINTS[error] = where
    return where


# A code as spelled -> where an RFC 6749-shaped body carrying it comes from.
_CODE_ENDPOINTS: dict[str | int, Endpoint] = {}


# -- responses ----------------------------------------------------------------------------

# An endpoint's value -> the member: one lookup.
_ENDPOINTS: dict[str, Endpoint] = {e.value: e for e in Endpoint}


def parse_response(
    status: int,
    headers: Headers | None = None,
    body: bytes | str | None = None,
    *,
    endpoint: Endpoint | str | None = None,
    strict: bool = False,
    provider: str | None = None,
    token_sent: bool | None = None,
    grant: str | None = None,
) -> OAuthError | None:
    """Return the error an HTTP response reports, or None if it reports none.

    Looks first at the ``WWW-Authenticate`` challenges, then at the body (a JSON object, or
    a form-encoded body as some providers send, even with status 200), then at the status
    alone (429, 5xx, 401/403 without a code). When a challenge and the body both carry an
    error, the challenge's fields win; every parameter received is kept in ``params``.

    Args:
        status: The HTTP status code.
        headers: A mapping, or (name, value) pairs in which a name may repeat (several
            ``WWW-Authenticate`` lines). Names are case-insensitive; bytes are latin-1.
        body: The response body, or None.
        endpoint: Where the response came from (an :class:`Endpoint` or its value); None
            infers it from the evidence (see :func:`infer_endpoint`). An explicit endpoint
            always wins; ``err.endpoint`` says what was decided.
        strict: Raise :class:`MalformedResponseError` for what RFC 6749 §5.2 forbids
            instead of keeping the raw values.
        provider: Who sent the response, if known: the request URL, the issuer, a host
            name or a dialect name (``"github"``). It selects the provider dialect (see
            ``docs/dialects.md``), and a request URL helps infer the endpoint. A dialect
            never turns a success into an error.
        token_sent: Whether the request carried an access token (the adapters know):
            a refused token is ``refresh`` only if one was sent (rule 2); None: not known.
        grant: The grant type behind the token sent or asked for (the token sources and
            the adapters know: ``"client_credentials"``, ``"refresh_token"``,
            ``"authorization_code"``, a URN or a short name such as ``"token_exchange"``);
            None: not known. With no user behind it (``_rules.GRANTS``), a situation that
            needs a person gets ``fix_config`` and a hint saying what to configure
            (``err.grant``, ``err.user_present``).

    Returns:
        The typed error, or None for a success.

    Raises:
        MalformedResponseError: A header is over a size cap, the headers are not a
            mapping nor (name, value) pairs, or (``strict=True``) the response breaks the
            protocol.
        ValueError: ``endpoint`` names no endpoint (a programming error).

    RFC:
        RFC 6749 §5.2 (token errors), RFC 6750 §3 (resource challenges), RFC 9110 §10.2.3
        (``Retry-After``), RFC 9449 §8 (``DPoP-Nonce``), draft-ietf-oauth-v2-16 §5.2
        (numeric error values).
    """
    where: Endpoint | None = None
    if endpoint is not None:
        if type(endpoint) is Endpoint:
            where = endpoint
        elif type(endpoint) is str:
            where = _ENDPOINTS.get(endpoint)
        if where is None:
            where = Endpoint.coerce(endpoint)
    try:
        return _response(status, headers, body, where, strict, provider, token_sent, grant)
    except OAuthClientError as exc:
        del headers, body  # the input stays out of this frame too
        _drop_frames(exc)
        raise exc  # the same exception, without the parser's frames


def _response(
    status: object,
    headers: Headers | None,
    body: bytes | str | None,
    endpoint: Endpoint | None,
    strict: bool,
    provider: str | None,
    token_sent: bool | None,
    grant: str | None = None,
) -> OAuthError | None:
    """What :func:`parse_response` does, its errors re-raised there without this frame."""
    code_status = status if type(status) is int and 0 <= status <= 999 else status_code(status)
    challenges: list[Challenge] = []
    delay = nonce = None
    media = ""
    fields = header_fields(headers) if headers is not None else None
    if fields:  # each field is read only when the response has it
        if "content-type" in fields:
            media = content_type(fields)
        raw_challenges = fields.get("www-authenticate")
        if raw_challenges:
            challenges = parse_www_authenticate(raw_challenges)
        if "retry-after" in fields:
            delay = retry_after(first(fields, "retry-after"))
        if "dpop-nonce" in fields:
            nonce = dpop_nonce(first(fields, "dpop-nonce"))
    payload = body_params(body, media, code_status, strict=strict) if body is not None else None

    # An ``error`` of null or false in a body reports no error.
    error = payload.get("error") if payload is not None else None
    chosen = None
    if challenges:
        chosen = select_challenge(challenges)
        if chosen is not None and chosen.error is None:
            chosen = None
    elif not strict and type(error) is str:
        known = known_class(error, payload)  # type: ignore[arg-type]
        if known is not None:
            return known._later(
                _decide_response,
                (
                    payload,
                    (),
                    None,
                    code_status,
                    endpoint,
                    provider,
                    delay,
                    nonce,
                    False,
                    token_sent,
                    grant,
                ),
            )
    if chosen is None and (error is None or error is False) and code_status < 400:
        return None
    cls, *decided = _decide_response(
        payload,
        tuple(challenges),
        chosen,
        code_status,
        endpoint,
        provider,
        delay,
        nonce,
        strict,
        token_sent,
        grant,
    )
    return cls._create(*decided)  # type: ignore[no-any-return]


def known_class(error: object, params: Mapping[str, Any]) -> type[OAuthError] | None:
    """The class of an error told by a registered code alone, before anything else is read.

    A registered ``error`` string read as an RFC 6749 code decides the class whatever the
    endpoint, the status, the provider and its table row say (they decide the situation,
    the policy and the hint): so whenever no envelope that reads a vendor's own code
    applies (:data:`~oauth_client_errors._dialects.VENDOR_TRIGGERS`).
    """
    if type(error) is not str or not VENDOR_TRIGGERS.isdisjoint(params):
        return None
    known = _KNOWN_CLASSES.get(error, _UNKNOWN)
    if known is _UNKNOWN:
        found = classify(error.strip(), Endpoint.TOKEN)  # the class is the same everywhere
        known = found[1] if found is not None else None
        if len(error) <= 128:
            if len(_KNOWN_CLASSES) >= 4096:
                _KNOWN_CLASSES.clear()
            _KNOWN_CLASSES[error] = known
    return known  # type: ignore[return-value]


# An ``error`` string as received -> the class its registered code fixes, or None.
_KNOWN_CLASSES: dict[str, type[OAuthError] | None] = {}
_UNKNOWN = object()


def _decide_response(
    payload: dict[str, Any] | None,
    challenges: tuple[Challenge, ...],
    chosen: Challenge | None,
    status: int,
    endpoint: Endpoint | None,
    provider: str | None,
    delay: float | None,
    nonce: str | None,
    strict: bool,
    token_sent: bool | None,
    grant: str | None,
) -> tuple[Any, ...]:
    """Recognise and classify a response read by :func:`_response` (see :func:`decide`)."""
    where = endpoint or infer_endpoint(status, list(challenges), payload, provider)
    match = _dialects.recognise(payload, status, where, provider=provider, challenge=chosen)
    # The payload is this call's own dict: it becomes the parameters without a copy.
    params: dict[str, Any] = payload if payload is not None else {}
    code: Any
    if chosen is not None:
        params = {**params, **chosen.params}
        code = chosen.error
        description: Any = chosen.error_description
        if description is None and payload is not None:
            description = payload.get("error_description")
        uri: Any = chosen.error_uri
        if uri is None and payload is not None:
            uri = payload.get("error_uri")
    else:
        if challenges:
            bearer = select_challenge(challenges)
            if bearer is not None:
                params = {**bearer.params, **params}
        error = payload.get("error") if payload is not None else None
        if error is not None and error is not False:
            assert payload is not None
            code = error
            description = payload.get("error_description")
            uri = payload.get("error_uri")
        else:
            code = None
            description, uri = _status_text(payload)
    return decide(
        code,
        description,
        uri,
        where,
        status,
        params,
        challenges,
        delay,
        nonce,
        strict,
        match,
        token_sent,
        grant,
    )


def _status_text(payload: Mapping[str, Any] | None) -> tuple[str | None, str | None]:
    """The description and link of an error reported by its status alone, from its body.

    RFC 9457 §3.1: ``type`` is "a URI reference that identifies the problem type"; only an
    absolute https one is kept (``about:blank`` says nothing), and shown only if safe.
    """
    if not payload:
        return None, None
    description = payload.get("error_description")
    if not isinstance(description, str) or not description.strip():
        description = body_message(payload)
    kind = payload.get("type")
    uri = kind if isinstance(kind, str) and kind.startswith("https://") else None
    return description, uri


# -- classify and build: the one builder ----------------------------------------------------

# What an error object says in words (JSON:API, Graph-like and ad hoc APIs).
_INNER_TEXT_MEMBERS = ("message", "error_description", "description", "detail")


def _error_object(error: Mapping[str, Any]) -> tuple[str, str | None]:
    """The code and message of an ``error`` object that no provider dialect read.

    ``{"error": {"code": "InvalidAuthenticationToken", "message": "..."}}``: its string
    ``code`` (a number there is a vendor's, not an HTTP status: left out) and its text.
    """
    inner_code = error.get("code")
    code = inner_code.strip() if isinstance(inner_code, str) else ""
    for name in _INNER_TEXT_MEMBERS:
        value = error.get(name)
        if isinstance(value, str) and value.strip():
            return code, value
    return code, None


def _check_strict(code: Any, description: Any, uri: Any) -> None:
    """RFC 6749 §5.2: refuse values outside the allowed character sets."""
    if not isinstance(code, str) or not code:
        raise MalformedResponseError("the error parameter is missing, empty or not a string")
    checks = (
        ("error", code, _ERROR_CHARS, "%x20-21 / %x23-5B / %x5D-7E"),
        ("error_description", description, _ERROR_CHARS, "%x20-21 / %x23-5B / %x5D-7E"),
        ("error_uri", uri, _URI_CHARS, "%x21 / %x23-5B / %x5D-7E"),
    )
    for name, value, allowed, charset in checks:
        if value is None:
            continue
        if not isinstance(value, str):
            raise MalformedResponseError(f"{name} is not a string")
        if not re.fullmatch(allowed, value) or (name == "error_uri" and not value):
            raise MalformedResponseError(f"{name} has characters outside {charset}")


def decide(
    code: Any,
    description: Any,
    uri: Any,
    endpoint: Endpoint,
    status: int | None,
    params: dict[str, Any],
    challenges: tuple[Challenge, ...],
    retry_after: float | None,
    dpop_nonce: str | None,
    strict: bool,
    match: _dialects.DialectMatch | None,
    token_sent: bool | None = None,
    grant: str | None = None,
) -> tuple[Any, ...]:
    """Classify what was read and recognised: the class and the fields of the typed error.

    Returns ``(cls, *fields)``, the fields in the order of ``OAuthError._create``.

    Args:
        code: The ``error`` value read (a challenge's or the body's; None: no code).
        description: Its ``error_description``.
        uri: Its ``error_uri``.
        endpoint: Where the response came from (decided).
        status: The HTTP status, or None for a redirect.
        params: Every parameter received.
        challenges: The ``WWW-Authenticate`` challenges.
        retry_after: ``Retry-After`` in seconds, if any.
        dpop_nonce: The ``DPoP-Nonce``, if any.
        strict: Check RFC 6749 §5.2's character sets.
        match: What the dialects recognised, if anything.
        token_sent: Whether the request carried an access token, if known.
        grant: The grant type behind the token, if known.
    """
    if strict and code is not None:
        _check_strict(code, description, uri)
    reading = row = dialect = None
    if match is not None:
        reading, row, dialect = match.reading, match.row, match.dialect
        if match.source != "body":
            reading = None  # what the dialect read of a challenge is the challenge's
    if reading is not None:
        vendor: str | None = reading.code
        text: str | None = reading.description
        link: str | None = reading.uri
        oauth = reading.oauth
    else:
        if isinstance(code, dict):
            code, inner_text = _error_object(code)
            if description is None:
                description = inner_text
        vendor = code if type(code) is str else as_code(code) if code is not None else None
        text = description if description is None or type(description) is str else None
        if text is None and description is not None:
            text = as_text(description)
        link = uri if uri is None or type(uri) is str else as_text(uri)
        oauth = True
    if text is None and code is not None and len(params) > 1:
        text = body_message(params)  # {"error": 401, "message": "Unauthorized"}
    if vendor is not None:
        vendor = vendor.strip()

    # Classify: a pure function of the evidence below, memoised while no challenge refines
    # it (a dialect row and its dialect stand for themselves: the verdict keeps them alive).
    verdict: _Verdict | None = None
    key: tuple[Any, ...] | None = None
    if not challenges and (vendor is None or len(vendor) <= _MAX_KEYED):
        key = (vendor, oauth, endpoint, status, token_sent, grant)
        if match is not None:
            key += (id(row), id(dialect))
        verdict = _VERDICTS.get(key)
    if verdict is None:
        verdict = _classify(
            vendor, oauth, endpoint, status, row, dialect, challenges, token_sent, grant
        )
        if key is not None:
            if len(_VERDICTS) >= _MAX_VERDICTS:
                _VERDICTS.clear()
            _VERDICTS[key] = verdict

    if retry_after is None and reading is not None:
        retry_after = reading.retry_after
    canonical = verdict.code
    if retry_after is None and canonical == "slow_down":
        retry_after = interval(params)

    hint: _dialects.DialectHint | None = None
    if verdict.template is not None and dialect is not None:
        # Only the raw values the hint may mention are kept; it is rendered when read.
        get = params.get
        hint = _dialects.DialectHint(
            verdict.template,
            dialect,
            vendor,
            endpoint,
            status,
            link,
            (get("scope"), get("acr_values"), get("max_age"), get("interval")),
            challenges,
            retry_after,
            reading.scope if reading is not None else None,
            verdict.lead,
        )
    return (
        verdict.cls,
        canonical,
        vendor,  # as received: None when the body names no code
        text,
        link,
        endpoint,
        status,
        params,
        challenges,
        retry_after,
        dpop_nonce,
        verdict.situation,
        verdict.policy,
        hint,
        dialect.name if dialect is not None else None,
        (row.code if row is not None and row.code else vendor) if match is not None else None,
        verdict.grant,
    )


class _Verdict:
    """What a code means where it was received (immutable once built).

    The classification, shared by every response with the same evidence.
    """

    __slots__ = (
        "cls",
        "code",
        "dialect",
        "grant",
        "lead",
        "policy",
        "row",
        "situation",
        "template",
    )

    def __init__(
        self,
        code: str,
        cls: type[OAuthError],
        situation: Situation,
        policy: Policy,
        grant: str | None,
        template: tuple[str, ...] | None,
        lead: str | None,
        row: _dialects.DialectCode | None,
        dialect: _dialects.Dialect | None,
    ) -> None:
        self.code = code
        self.cls = cls
        self.situation = situation
        self.policy = policy
        self.grant = grant
        self.template = template
        self.lead = lead
        # Kept alive while their id() is part of a cache key (no other object gets it).
        self.row = row
        self.dialect = dialect


# Verdicts by evidence: (code, oauth, endpoint, status, row, dialect, token_sent, grant).
_VERDICTS: dict[tuple[Any, ...], _Verdict] = {}
_MAX_VERDICTS = 4096
_MAX_KEYED = 128  # a longer code is classified without being kept


def _classify(
    vendor: str | None,
    oauth: bool,
    endpoint: Endpoint,
    status: int | None,
    row: _dialects.DialectCode | None,
    dialect: _dialects.Dialect | None,
    challenges: tuple[Challenge, ...],
    token_sent: bool | None,
    grant: str | None,
) -> _Verdict:
    """The registered code, the class, the situation and the policy (DESIGN §4 rules 1-7)."""
    bare = bool(challenges) and all(c.error is None for c in challenges)
    known = classify(vendor, endpoint) if vendor else None
    situation: Situation | None = row.situation if row is not None else None
    cls: type[OAuthError]
    if known is not None and (oauth or known[0] == vendor):
        canonical, cls, registered = known
        situation = situation or registered
    elif row is not None and row.canonical is not None:
        mapped = classify(row.canonical, endpoint)
        assert mapped is not None  # DialectCode checks its canonical code
        canonical, cls, registered = mapped
        situation = situation or registered
    elif vendor is None:  # told by the status alone
        canonical = str(status) if status is not None else ""
        cls = error_class(canonical)
        situation = situation or place(
            status, endpoint, coded=False, bare_challenge=bare, token_sent=token_sent
        )
    else:  # a code nobody maps: rule 7
        numeric = status_of(vendor) if oauth else None
        canonical = vendor
        cls = error_class(vendor) if oauth else error_class(None)
        situation = situation or place(
            numeric or status,
            endpoint,
            coded=numeric is None and bool(vendor),
            bare_challenge=bare,
            token_sent=token_sent,
        )
    # Rule 4: what a challenge asks for refines the situation, whatever code carries it.
    if challenges or status == 429:
        situation = refine(situation, challenges, status)

    grant = grant_type(grant) if grant is not None else None
    present = user_present(grant) if grant is not None else None
    template: tuple[str, ...] | None = None
    if dialect is not None:
        # With no user behind the token, a situation that needs a person has the no-user
        # hint, the same for every provider (the dialect lends what it read: the scope).
        no_user = NO_USER_HINTS.get(situation) if present is False else None
        chosen = no_user.hint if no_user is not None else row.hint if row is not None else None
        if chosen is None and cls is error_class(None) and vendor:
            chosen = dialect.hint_fallback
        if chosen is not None:
            template = chosen if isinstance(chosen, tuple) else (chosen,)
    return _Verdict(
        canonical,
        cls,
        situation,
        policy_for(situation, token_sent=token_sent, user_present=present),
        grant,
        template,
        lead_for(situation, present) if template is not None else None,
        row,
        dialect,
    )


# -- redirects ----------------------------------------------------------------------------


def parse_redirect(
    url: str | bytes,
    *,
    expected_state: str | object,
    expected_issuer: str | None = None,
    strict: bool = False,
    provider: str | None = None,
) -> OAuthError | None:
    """Return the error an authorization redirect reports, or None for a success.

    The response parameters are read from the query (code flow) or the fragment (implicit,
    ``response_mode=fragment``); a bare query string is accepted too. ``state`` and ``iss``
    are checked **before** anything else in the response is trusted, success or error.

    Args:
        url: The URL the browser was sent back to (or its query string).
        expected_state: The ``state`` sent in the authorization request, compared in
            constant time; required. ``SKIP_STATE_CHECK`` skips the check explicitly.
        expected_issuer: The authorization server's issuer identifier; when given, ``iss``
            must be present and equal (RFC 9207). None skips the check.
        strict: Raise :class:`MalformedResponseError` for what RFC 6749 §4.1.2.1 forbids
            (illegal characters, an empty ``error``, a response with no result at all).
        provider: The authorization server, if known (issuer, URL, host or dialect name),
            to select its dialect; defaults to ``expected_issuer``.

    Returns:
        The typed error (endpoint ``authorization``), or None for a success redirect.

    Raises:
        StateMismatchError: ``state`` is missing or differs from ``expected_state``.
        IssuerMismatchError: ``iss`` is missing or differs from ``expected_issuer``.
        MalformedResponseError: A parameter is repeated, query and fragment both carry
            response parameters, the URL is over the size cap, or the response is
            JWT-secured (``response=``) and must be verified first.
        TypeError: ``expected_state`` is neither a string nor ``SKIP_STATE_CHECK``.

    RFC:
        RFC 6749 §3.1 ("Request and response parameters MUST NOT be included more than
        once"), §4.1.2.1, §4.2.2.1, §10.12 (CSRF and ``state``); RFC 9207 §2.4 ("Clients
        MUST then compare the value of the iss parameter with the issuer identifier ...
        using simple string comparison"); OIDC Core §3.1.2.6; JARM §2.
    """
    if expected_state is not SKIP_STATE_CHECK and not isinstance(expected_state, str):
        raise TypeError(
            "expected_state must be the state sent (a str), or SKIP_STATE_CHECK to skip the check"
        )
    try:
        return _redirect(url, expected_state, expected_issuer, strict, provider)
    except OAuthClientError as exc:
        del url, expected_state  # the input stays out of this frame too
        _drop_frames(exc)
        raise exc  # the same exception, without the parser's frames


def _redirect(
    url: str | bytes,
    expected_state: str | object,
    expected_issuer: str | None,
    strict: bool,
    provider: str | None,
) -> OAuthError | None:
    """What :func:`parse_redirect` does, its errors re-raised there without this frame."""
    params = redirect_params(url)
    if "response" in params:
        raise MalformedResponseError(
            "this is a JWT-secured authorization response (JARM): verify the signature of "
            "the 'response' JWT with the server's keys first, then check its claims"
        )
    check_state(params, expected_state)
    check_issuer(params, expected_issuer)
    if "error" not in params:
        if strict and not (SUCCESS_KEYS & params.keys()):
            raise MalformedResponseError("the redirect carries neither a result nor an error")
        return None
    provider = provider or expected_issuer
    if not strict:
        known = known_class(params["error"], params)
        if known is not None:
            return known._later(_decide_redirect, (params, provider, strict))
    cls, *decided = _decide_redirect(params, provider, strict)
    return cls._create(*decided)  # type: ignore[no-any-return]


def _decide_redirect(params: dict[str, str], provider: str | None, strict: bool) -> tuple[Any, ...]:
    """Recognise and classify an error redirect read by :func:`_redirect`."""
    where = Endpoint.AUTHORIZATION
    match = _dialects.recognise(params, None, where, provider=provider)
    # ``params`` is this call's own dict: it becomes the parameters without a copy.
    return decide(
        params["error"],
        params.get("error_description"),
        params.get("error_uri"),
        where,
        None,
        params,
        (),
        None,
        None,
        strict,
        match,
    )
