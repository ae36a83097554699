"""The fast paths of recognition and parsing give what the straightforward way gives.

``recognise`` skips envelope readers that cannot read a body (an ``error`` string for the
readers of an ``error`` object, no Entra member), attributes a plain RFC 6749 body through
a per-code index without normalising a description no row can match, and a dialect's hint
is rendered on first access. ``_body_payload`` decodes a UTF-8 JSON body once. Each is
checked here against a reference written the slow, obvious way.
"""

from __future__ import annotations

import copy
import gc
import json
import pickle
import urllib.parse
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from oauth_client_errors import (
    HTTPStatusError,
    InvalidGrantError,
    MalformedResponseError,
    OAuthError,
    Policy,
    UnknownOAuthError,
    parse_redirect,
    parse_response,
)
from oauth_client_errors._dialects import (
    _ENVELOPES,
    Dialect,
    DialectCode,
    DialectMatch,
    _applies,
    _distinctive,
    _state,
    build_error,
    recognise,
    unwrap_list,
)
from oauth_client_errors._errors import (
    _COMMON_NAMES,
    SECRET_PARAMS,
    _split_secrets,
    init_error,
)
from oauth_client_errors._parse import (
    _DECODER,
    _OTHER_HEADERS,
    _STRICT_DECODER,
    _body_payload,
    _component,
    _header_fields,
    _json,
    _only_content_type,
    _percent_decode,
)
from oauth_client_errors._types import Endpoint

# -- a reference recogniser: every envelope read, every row tried -------------------------


def _slow_find(
    dialect: Dialect, keys: tuple[str, ...], description: str | None, where: Endpoint
) -> DialectCode | None:
    for key in (*keys, ""):
        rows = [r for r in dialect.codes if r.code == key]
        rows.sort(key=lambda r: (r.description is None, not r.endpoints))
        for row in rows:
            if row.matches(description, where):
                return row
    return None


def _slow_distinct(
    envelope: str, keys: tuple[str, ...], description: str | None, where: Endpoint
) -> tuple[Dialect, DialectCode] | None:
    dialects = _state().dialects
    for key in (*keys, ""):
        rows = [
            (d, r)
            for d in dialects
            if envelope in d.envelopes
            for r in d.codes
            if r.code == key and _distinctive(r)
        ]
        # Rows narrowed by a long prefix, then by a short one, then the others.
        rows.sort(key=lambda p: 2 if p[1].matcher is None else int(len(p[1].matcher) < 6))
        for dialect, row in rows:
            if row.matches(description, where):
                return dialect, row
    return None


def _reference(payload: dict[str, Any], status: int | None, where: Endpoint) -> DialectMatch | None:
    state = _state()
    for envelope in state.envelopes:
        if not _applies(envelope, payload, status):
            continue
        reading = envelope.read(payload)
        if reading is None:
            continue
        if envelope.sure:
            dialect = state.owner[envelope.name]
            row = _slow_find(dialect, reading.keys, reading.description, where)
            return DialectMatch(dialect, reading, row, "body")
        hit = _slow_distinct(envelope.name, reading.keys, reading.description, where)
        if hit is not None:
            return DialectMatch(hit[0], reading, hit[1], "body")
    return None


_ROWS = [row for dialect in _state().dialects for row in dialect.codes]
_CODES = sorted({row.code for row in _ROWS if row.code} | {"invalid_grant", "", "Invalid_Grant"})
_PREFIXES = sorted({row.description for row in _ROWS if row.description})


@st.composite
def _descriptions(draw: st.DrawFn) -> str:
    """A provider's description, bent the ways normalisation forgives (and some it does not)."""
    text = draw(st.sampled_from(_PREFIXES))
    bend = draw(
        st.sampled_from(["as is", "upper", "spaces", "period", "cut", "tail", "ß", "folds"])
    )
    if bend == "upper":
        text = text.upper()
    elif bend == "spaces":
        text = "  \t" + text.replace(" ", " \n  ")
    elif bend == "period":
        text = text.rstrip(".") + "..."
    elif bend == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    elif bend == "tail":
        text += draw(st.text(max_size=20))
    elif bend == "folds":
        # Characters outside ASCII whose casefold is ASCII: the normalised form matches.
        text = text.replace("s", "ſ", 1).replace("k", "\u212a", 1).replace(" ", "\u2003", 1)
    else:
        text = "ß" + text
    return text


_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 1000),
    st.text(max_size=12),
    st.sampled_from(["AADSTS50076", "x", "UNAUTHENTICATED", "invalid_rapt"]),
    st.lists(st.integers(0, 100000), max_size=3),
    st.dictionaries(st.sampled_from(["code", "message", "status", "type"]), st.text(max_size=5)),
)
_PAYLOADS = st.fixed_dictionaries(
    {},
    optional={
        "error": st.one_of(st.sampled_from(_CODES), _VALUES),
        "error_description": st.one_of(_descriptions(), st.text(max_size=40), _VALUES),
        "error_uri": st.one_of(st.just("/docs/x"), _VALUES),
        "state": st.text(max_size=5),
        "error_codes": st.lists(st.integers(0, 10**8), max_size=3),
        "trace_id": st.text(max_size=5),
        "correlation_id": st.text(max_size=5),
        "suberror": st.text(max_size=12),
        "error_subtype": st.text(max_size=12),
        "reason": st.text(max_size=12),
        "ok": st.booleans(),
        "code": _VALUES,
        "message": st.text(max_size=12),
    },
)


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    payload=_PAYLOADS,
    status=st.sampled_from([None, 200, 400, 401, 500]),
    where=st.sampled_from(list(Endpoint)),
)
@example(
    {"error": "invalid_grant", "error_description": "The refresh token is invalid or expired."},
    400,
    Endpoint.TOKEN,
)
@example(
    {"error": "invalid_grant", "error_description": "The refresh token has expired"},
    400,
    Endpoint.TOKEN,
)
@example(
    {"error": "invalid_request", "error_description": "Bad credentials"}, 401, Endpoint.RESOURCE
)
@example({"error": "x", "error_description": "   "}, 400, Endpoint.TOKEN)
@example({"error": "x", "error_description": "AADSTS50076: MFA"}, 400, Endpoint.TOKEN)
@example({"error": "", "error_description": "Bad credentials"}, 400, Endpoint.TOKEN)
@example({"error": 401, "error_description": "x"}, 400, Endpoint.RESOURCE)
@example(
    {"error": "invalid_grant", "error_description": "The refreſh token is invalid or expired"},
    400,
    Endpoint.TOKEN,
)
def test_recognition_agrees_with_the_reference(
    payload: dict[str, Any], status: int | None, where: Endpoint
) -> None:
    assert recognise(payload, status, where) == _reference(payload, status, where)


def test_the_okta_description_is_recognised_and_a_near_miss_is_not() -> None:
    body = {
        "error": "invalid_grant",
        "error_description": "The refresh token is invalid or expired.",
    }
    match = recognise(body, 400, Endpoint.TOKEN)
    assert match is not None and match.dialect.name == "okta"
    body["error_description"] = "The refresh token has expired"
    assert recognise(body, 400, Endpoint.TOKEN) is None
    assert recognise({"error": "invalid_request"}, 400, Endpoint.TOKEN) is None


# -- dialect hints are rendered lazily ----------------------------------------------------

_GITHUB = json.dumps(
    {
        "error": "bad_verification_code",
        "error_description": "The code passed is incorrect or expired.",
        "error_uri": "/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request"
        "-errors/#bad-verification-code",
        "extra": "only-in-params-7c1f",
    }
)


def _github() -> Any:
    err = parse_response(400, {"Content-Type": "application/json"}, _GITHUB)
    assert err is not None and err.dialect == "github"
    return err


def test_a_dialect_hint_is_rendered_on_first_access_only() -> None:
    err = _github()
    pending = err._hint
    assert callable(pending) and not isinstance(pending, str)
    # The pending hint keeps only the values it may mention, not the parameters.
    strings = [o for o in gc.get_referents(pending) if isinstance(o, str)]
    assert "only-in-params-7c1f" not in strings
    assert not any(isinstance(o, dict) for o in gc.get_referents(pending))
    hint = err.hint
    assert isinstance(err._hint, str) and err.hint == hint
    assert hint.startswith("GitHub refused the authorization code")
    assert err.uri.startswith("/apps/")  # err.uri stays as received


def test_a_pending_hint_resolves_the_link_when_rendered() -> None:
    dialect = Dialect(
        name="acme-fast",
        title="ACME",
        docs="https://id.acme.example/docs",
        docs_base="https://id.acme.example/",
        codes=(
            DialectCode(
                "token_dead",
                "The refresh token was revoked",
                "https://id.acme.example/docs#token_dead",
                canonical="invalid_grant",
                hint="{provider} ({code}) at the {endpoint} endpoint, HTTP {status}: see {link}",
            ),
        ),
    )
    payload = {"error": "token_dead", "error_uri": "/errors/token_dead", "scope": "a b"}
    reading = _ENVELOPES["oauth"].read(payload)
    assert reading is not None
    match = DialectMatch(dialect, reading, dialect.codes[0], "body")
    err = build_error(
        match,
        code="token_dead",
        description=None,
        uri="/errors/token_dead",
        endpoint=Endpoint.TOKEN,
        status_code=400,
        params=payload,
        challenges=[],
        retry_after=None,
        dpop_nonce=None,
    )
    assert callable(err._hint)
    assert err.hint == (
        "ACME (token_dead) at the token endpoint, HTTP 400: see "
        "https://id.acme.example/errors/token_dead"
    )
    assert err.uri == "/errors/token_dead" and err.code == "token_dead"
    assert type(err).__name__ == "InvalidGrantError"


def test_a_pending_hint_pickles_and_copies_as_text() -> None:
    expected = _github().hint
    for again in (pickle.loads(pickle.dumps(_github())), copy.copy(_github())):
        assert type(again).__name__ == "InvalidGrantError"
        assert isinstance(again._hint, str) and again.hint == expected
        assert again.dialect == "github" and again.vendor_code == "bad_verification_code"
    assert copy.deepcopy(_github()).hint == expected
    assert str(_github()).endswith(expected)


def test_a_secret_in_the_body_is_scrubbed_from_a_dialect_hint() -> None:
    body = {"ok": False, "error": "missing_scope", "needed": "tok-123", "access_token": "tok-123"}
    err = parse_response(200, {"Content-Type": "application/json"}, json.dumps(body))
    assert err is not None and err.dialect == "slack"
    assert "tok-123" not in err.hint


# -- JSON bodies: decoded once ------------------------------------------------------------


def _reference_payload(body: bytes, status: int) -> dict[str, Any] | None:
    try:
        value = _DECODER.decode(body.decode(json.detect_encoding(body), "replace"))
    except (ValueError, RecursionError, TypeError, LookupError):
        return None
    if isinstance(value, dict):
        return value
    if isinstance(value, list) and status >= 400:
        return unwrap_list(value)
    return None


_JSON_TEXTS = st.one_of(
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3).map(json.dumps),
    st.text(max_size=30),
    st.sampled_from(['{"error":"x"}', '[{"errorCode":"A","message":"m"}]', "{}", "[1]"]),
)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    text=_JSON_TEXTS,
    pad=st.sampled_from(["", " ", "\n\t", "\x0c", "\u00a0", "\ufeff"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]),
    status=st.sampled_from([200, 400]),
)
def test_a_json_body_reads_as_json_detect_encoding_reads_it(
    text: str, pad: str, encoding: str, status: int
) -> None:
    try:
        body = (pad + text + pad).encode(encoding)
    except UnicodeEncodeError:
        return
    if not body.strip():
        return
    assert _body_payload(body, "application/json", status, False) == _reference_payload(
        body, status
    )


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    text=st.one_of(_JSON_TEXTS, st.sampled_from(["NaN", '{"a": Infinity}', '{"a":1} x'])),
    strict=st.booleans(),
)
def test_the_bare_scanner_decodes_like_decode(text: str, strict: bool) -> None:
    decoder = _STRICT_DECODER if strict else _DECODER
    try:
        expected = decoder.decode(text)
    except (ValueError, RecursionError):
        expected = None
    assert _json(text, strict, bare=text.strip() is text and bool(text)) == expected or (
        expected != expected  # NaN
    )


@pytest.mark.parametrize(
    "body",
    [b'\xef\xbb\xbf{"error":"invalid_grant"}', '{"error":"invalid_grant"}'.encode("utf-16")],
)
def test_bom_and_utf16_bodies_still_parse(body: bytes) -> None:
    err = parse_response(400, {"Content-Type": "application/json"}, body)
    assert err is not None and err.code == "invalid_grant"


def test_parameters_are_the_body_and_the_challenge() -> None:
    err = parse_response(
        401,
        {"WWW-Authenticate": 'Bearer error="invalid_token", scope="a"'},
        b'{"error":"invalid_grant","error_description":"d","x":1}',
        endpoint="resource",
    )
    assert err is not None and err.code == "invalid_token" and err.description == "d"
    assert dict(err.params) == {
        "error": "invalid_token",
        "error_description": "d",
        "x": 1,
        "scope": "a",
    }


def test_redirect_fast_path_keeps_the_checks() -> None:
    err = parse_redirect(
        "https://app.example/cb?error=access_denied&error_description=The+user+denied&state=s",
        expected_state="s",
    )
    assert err is not None and err.code == "access_denied" and err.dialect is None
    assert err.description == "The user denied"


# -- percent-decoding ---------------------------------------------------------------------

_ESCAPES = st.one_of(
    st.integers(0, 255).map(lambda b: f"%{b:02x}"),
    st.integers(0, 255).map(lambda b: f"%{b:02X}"),
    st.sampled_from(["%", "%4", "%zz", "%%", "%4g", "%C3%A9", "%E2%80%AE", "%ff%fe", "+"]),
    st.text(max_size=4),
)


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(_ESCAPES, max_size=12).map("".join))
@example("https%3A%2F%2Fas.example")
@example("%253A%3A%2%3A%%2F%20%C3%A9%3")
@example("%4a%4A%aF%Af")
@example("é%41\udc80%41")
def test_percent_decoding_is_unquote(text: str) -> None:
    assert _percent_decode(text) == urllib.parse.unquote(text, errors="replace")


# -- building an error --------------------------------------------------------------------

_PARAM_NAMES = st.one_of(
    st.sampled_from(
        ["error", "error_description", "code", "Access_Token", "REFRESH_TOKEN", "id_token"]
    ),
    st.sampled_from(sorted(SECRET_PARAMS)),
    st.sampled_from(sorted(_COMMON_NAMES)),
    st.text(max_size=8),
)
_PARAM_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=12)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(_PARAM_NAMES, inner, max_size=3)
    ),
    max_leaves=8,
)


def _parser_built(
    params: dict[str, Any], where: Endpoint, description: str | None = None
) -> OAuthError:
    """An error built the way the parsers build it, from a copy of ``params``."""
    return init_error(
        InvalidGrantError.__new__(InvalidGrantError),
        "invalid_grant",
        description,
        None,
        where,
        400,
        copy.deepcopy(params),
        (),
        None,
        None,
        Policy.REAUTHORIZE,
    )


@settings(max_examples=1000, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    params=st.dictionaries(_PARAM_NAMES, _PARAM_VALUES, max_size=5),
    where=st.sampled_from(list(Endpoint)),
)
@example({"error": "x", "access_token": "sekrit-token"}, Endpoint.TOKEN)
@example({"error": "x", "Access_Token": "sekrit-token"}, Endpoint.TOKEN)
@example({"error": "x", "code": "sekrit-code"}, Endpoint.AUTHORIZATION)
@example({"error": "x", "inner": {"refresh_token": "sekrit-token"}}, Endpoint.TOKEN)
def test_the_fast_constructor_builds_what_the_constructor_builds(
    params: dict[str, Any], where: Endpoint
) -> None:
    description = "echo " + " ".join(v for v in params.values() if isinstance(v, str))
    expected = InvalidGrantError(
        "invalid_grant",
        description,
        None,
        endpoint=where,
        status_code=400,
        params=params,
        policy=Policy.REAUTHORIZE,
    )
    fast = _parser_built(params, where, description)
    for name in OAuthError.__slots__:
        if name == "secret_params":
            assert dict(getattr(fast, name)) == dict(getattr(expected, name))
        elif name == "params":
            assert dict(fast.params) == dict(expected.params)
        else:
            assert getattr(fast, name) == getattr(expected, name), name
    assert (fast.args, str(fast), repr(fast)) == (expected.args, str(expected), repr(expected))
    assert fast.to_dict() == expected.to_dict()
    assert fast.response is None and vars(fast) == {}


@settings(max_examples=1000, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    params=st.dictionaries(_PARAM_NAMES, _PARAM_VALUES, max_size=5),
    where=st.sampled_from(list(Endpoint)),
)
def test_the_secret_screen_agrees_with_the_split(params: dict[str, Any], where: Endpoint) -> None:
    """``init_error`` keeps the parser's dict when its screen finds no secret: what it keeps
    must be what the full split (the reference) gives, whichever way it went."""
    err = _parser_built(params, where)
    received, secrets = _split_secrets(params, where)
    assert dict(err.secret_params) == secrets
    if not secrets:  # else the echoed secrets are scrubbed from the rest too (_redact)
        assert dict(err.params) == received


def test_no_error_class_has_its_own_constructor() -> None:
    """Parsers build errors with ``init_error`` on ``cls.__new__``, skipping ``__init__``.

    That is only right while no class overrides it.
    """
    from oauth_client_errors._registry import all_codes

    classes = {info.error_class for info in all_codes()} | {HTTPStatusError, UnknownOAuthError}
    assert len(classes) > 50
    for cls in classes:
        assert cls.__init__ is OAuthError.__init__, cls


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    text=st.one_of(
        _JSON_TEXTS.map(lambda t: "{" + t),
        st.sampled_from(['{"error":"x"} ', '{"a": NaN}', '{"a":1}{', "{\x00}", '{"e":"\\ud800"}']),
    ),
    kind=st.sampled_from(
        ["application/json", "text/html", None, "application/x-www-form-urlencoded"]
    ),
    strict=st.booleans(),
)
def test_a_body_starting_with_a_brace_reads_as_before(
    text: str, kind: str | None, strict: bool
) -> None:
    """The ``{`` fast path of ``_body_payload`` against the general path it skips."""
    body = text.encode("utf-8", "surrogatepass")
    try:
        fast: Any = _body_payload(body, kind, 400, strict)
    except MalformedResponseError:
        fast = MalformedResponseError
    try:
        slow: Any = _body_payload(b" " + body, kind, 400, strict)  # no fast path
    except MalformedResponseError:
        slow = MalformedResponseError
    assert fast == slow


_QUERY_PIECES = st.one_of(
    _ESCAPES,
    st.sampled_from(["&", "=", "+", "%26", "%3D", "%2B", "%3A", "%2F", "%20", "%253A", "a", "é"]),
)


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(_QUERY_PIECES, max_size=16).map("".join))
@example("iss=https%3A%2F%2Fas.example&x=%253A&y=a%3Ab%2Fc+d%2B%26")
@example("a%3D%3A=%%3A&b=%2%3A")
def test_a_redirect_component_is_parse_qsl(text: str) -> None:
    """The redirect's own query splitting and decoding against the standard library's."""
    pairs = urllib.parse.parse_qsl(text, keep_blank_values=True, errors="replace")
    names = [name for name, _ in pairs]
    if len(set(names)) < len(names):
        with pytest.raises(MalformedResponseError):
            _component(text, "query")
    else:
        assert _component(text, "query") == dict(pairs)


# -- headers --------------------------------------------------------------------------------

_HEADER_NAMES = st.one_of(
    st.sampled_from(
        ["Content-Type", "content-type", "CONTENT-TYPE", " Content-Type", "WWW-Authenticate",
         "Retry-After", "dpop-nonce ", "Date", "Server", b"Content-Type", 7]
    ),
    st.text(max_size=6),
)  # fmt: skip
_HEADER_VALUES = st.one_of(
    st.text(max_size=8), st.binary(max_size=4), st.lists(st.text(max_size=3), max_size=2)
)


@settings(max_examples=1000, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.dictionaries(_HEADER_NAMES, _HEADER_VALUES, max_size=5))
def test_the_content_type_only_pass_reads_what_the_general_one_reads(
    headers: dict[Any, Any],
) -> None:
    fast = _only_content_type(headers)
    if fast is _OTHER_HEADERS:
        return  # the general reading takes over
    fields = _header_fields(headers)
    assert set(fields) <= {"content-type"}
    assert fast == (fields["content-type"][0] if fields else None)
