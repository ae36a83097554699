"""Hostile input: what an attacker or a broken server can send, and what the parsers do.

Each test names the incident or attack it stands for. The rule everywhere: nothing but
this package's own exceptions escapes (``OAuthClientError`` subclasses), a response is
classified by its status when its body cannot be read, and nothing costs more than linear
time or memory bounded by the caps (``MAX_BODY_BYTES``, ``MAX_URL_LENGTH``).
"""

from __future__ import annotations

import gc
import json
import threading
import time
import tracemalloc
import urllib.parse
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oauth_client_errors import (
    SKIP_STATE_CHECK,
    AccessDeniedError,
    Endpoint,
    HTTPStatusError,
    InsufficientScopeError,
    InvalidGrantError,
    InvalidRequestError,
    IssuerMismatchError,
    MalformedResponseError,
    OAuthClientError,
    OAuthError,
    Policy,
    StateMismatchError,
    UnknownOAuthError,
    lookup,
    parse_redirect,
    parse_response,
    parse_www_authenticate,
)
from oauth_client_errors._interpret import MAX_BODY_BYTES, MAX_URL_LENGTH

JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
HTML = {"Content-Type": "text/html; charset=utf-8"}
CB = "https://app.example/cb"

PROPERTY = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def bounded(fn: Callable[[], Any], seconds: float = 20.0) -> Any:
    """Run ``fn`` in a daemon thread; fail instead of hanging CI on a blow-up."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"did not finish within {seconds} s")
    if "error" in box:
        raise box["error"]
    return box.get("value")


def assert_readable(err: OAuthError | None) -> OAuthError:
    """An error came back, and everything about it can be shown and serialised."""
    assert isinstance(err, OAuthError)
    assert len(str(err)) < 2000
    repr(err)
    assert err.hint
    json.dumps(err.to_dict(), allow_nan=False)
    return err


# -- hostile bodies -----------------------------------------------------------------------


@pytest.mark.parametrize("depth", [1000, 100_000])
def test_deeply_nested_json_is_classified_by_status(depth: int) -> None:
    """Deep nesting (the json RecursionError DoS, CPython gh-89127 style): no crash."""
    for body in (b"[" * depth, b'{"error":"invalid_request","x":' + b"[" * depth + b"]" * depth):
        err = bounded(lambda body=body: parse_response(400, JSON, body))
        assert_readable(err)
        if body.startswith(b"["):
            assert isinstance(err, HTTPStatusError) and err.code == "400"


def test_deeply_nested_json_strict_is_malformed() -> None:
    with pytest.raises(MalformedResponseError):
        parse_response(400, JSON, b"[" * 100_000, strict=True)


def test_6000_digit_number_does_not_make_the_body_unreadable() -> None:
    """CVE-2020-10735 (int() of huge digit strings): the error code is still read."""
    body = b'{"error":"invalid_request","n":' + b"9" * 6000 + b',"m":-' + b"1" * 6000 + b"}"
    err = assert_readable(bounded(lambda: parse_response(400, JSON, body)))
    assert isinstance(err, InvalidRequestError)
    assert str(err.params["n"]).startswith("999")
    assert len(json.dumps(err.to_dict())) > 6000  # the raw digits kept for programs


def test_6000_digit_error_code_is_an_unknown_code_shown_capped() -> None:
    err = assert_readable(parse_response(400, JSON, b'{"error":' + b"7" * 6000 + b"}"))
    assert isinstance(err, OAuthError)
    assert err.code == "7" * 6000  # raw for programs
    assert len(str(err)) < 2000 and len(repr(err)) < 2000


def test_nan_and_infinity_are_kept_as_text_and_to_dict_stays_json() -> None:
    """NaN/Infinity are not JSON (RFC 8259 §6) but Python's json accepts them."""
    body = b'{"error":"invalid_request","error_description":NaN,"x":Infinity,"y":1e999}'
    err = assert_readable(parse_response(400, JSON, body))
    assert isinstance(err, InvalidRequestError)
    assert err.description == "NaN"
    text = json.dumps(err.to_dict(), allow_nan=False)  # strict JSON: no Infinity literal
    assert "Infinity" in text and "inf" in text


def test_nan_as_error_code_lenient_and_strict() -> None:
    err = assert_readable(parse_response(400, JSON, b'{"error":NaN}'))
    assert isinstance(err, UnknownOAuthError)
    with pytest.raises(MalformedResponseError):
        parse_response(400, JSON, b'{"error":NaN}', strict=True)


@pytest.mark.parametrize(
    "body",
    [
        b'{"error":"invalid_grant","error_description":"caf\xe9 \xff\xfe"}',  # latin-1 server
        b"error=invalid_grant&error_description=caf\xe9",
        b'\xef\xbb\xbf{"error":"invalid_grant"}',  # UTF-8 BOM
        '{"error":"invalid_grant"}'.encode("utf-16"),  # UTF-16 with BOM
    ],
)
def test_non_utf8_bytes_still_give_the_error(body: bytes) -> None:
    headers = FORM if body.startswith(b"error=") else JSON
    err = assert_readable(parse_response(400, headers, body))
    assert isinstance(err, InvalidGrantError)


@pytest.mark.parametrize(
    "body",
    [
        '{"error":"invalid_grant","error_description":"\ud800 lone"}',  # str with a surrogate
        b'{"error":"invalid_grant","error_description":"\\ud800 lone \\udfff"}',  # JSON escape
        "error=invalid_grant&error_description=%ED%A0%80\udc80",
    ],
)
def test_lone_surrogates_never_crash_display_or_json(body: str | bytes) -> None:
    headers = FORM if (body[:6] in ("error=", b"error=")) else JSON
    err = assert_readable(parse_response(400, headers, body))
    assert isinstance(err, InvalidGrantError)
    assert "\ufffd" in (err.safe_description or "")
    str(err).encode("utf-8")  # printable: no lone surrogate left in what a person sees
    err.hint.encode("utf-8")


def test_lone_surrogate_in_the_error_code() -> None:
    err = assert_readable(parse_response(400, JSON, b'{"error":"invalid_grant\\ud800"}'))
    assert isinstance(err, UnknownOAuthError)
    assert err.code == "invalid_grant\ud800"  # raw for programs
    str(err).encode("utf-8")
    with pytest.raises(MalformedResponseError):
        parse_response(400, JSON, b'{"error":"invalid_grant\\ud800"}', strict=True)


WRONG_TYPES = ["5", "1.5", "[1, 2]", '{"a": 1}', "true", "false", "null"]


@pytest.mark.parametrize("value", WRONG_TYPES)
def test_wrong_json_type_for_error(value: str) -> None:
    body = f'{{"error": {value}, "error_description": "x"}}'.encode()
    err = assert_readable(parse_response(400, JSON, body))
    if value in ("false", "null"):  # "no error" values: the status decides
        assert isinstance(err, HTTPStatusError) and err.code == "400"
    else:
        assert isinstance(err.code, str)
    assert err.params["error"] == json.loads(value)  # the raw value stays for programs
    if value not in ("5", "false", "null"):
        with pytest.raises(MalformedResponseError):
            parse_response(400, JSON, body, strict=True)


@pytest.mark.parametrize("value", WRONG_TYPES)
def test_wrong_json_type_for_description_and_uri(value: str) -> None:
    body = f'{{"error": "invalid_grant", "error_description": {value}, "error_uri": {value}}}'
    err = assert_readable(parse_response(400, JSON, body.encode()))
    assert isinstance(err, InvalidGrantError)
    assert err.description is None or isinstance(err.description, str)
    assert err.uri is None or isinstance(err.uri, str)
    assert err.link is None
    if value != "null":
        with pytest.raises(MalformedResponseError):
            parse_response(400, JSON, body.encode(), strict=True)


def _traced_peak(fn: Callable[[], Any]) -> tuple[Any, int]:
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, peak


@pytest.mark.parametrize("kind", ["bytes", "str", "bytearray", "memoryview"])
def test_50_mb_body_is_not_read(kind: str) -> None:
    """A 50 MB error body (a hostile or broken server): not parsed, not copied."""
    raw = b'{"error":"invalid_grant","error_description":"' + b"a" * (50 << 20) + b'"}'
    body: Any = {
        "bytes": raw,
        "str": raw.decode(),
        "bytearray": bytearray(raw),
        "memoryview": memoryview(raw),
    }[kind]
    started = time.perf_counter()
    err, peak = _traced_peak(lambda: parse_response(400, JSON, body))
    elapsed = time.perf_counter() - started
    # Parsing it would allocate well over 50 MB (the decoded text, then the value).
    assert peak < 4 << 20, f"parse_response allocated {peak} bytes for a {len(raw)}-byte body"
    assert elapsed < 5.0  # generous: the real figure is a fraction of a millisecond
    assert isinstance(err, HTTPStatusError) and err.status_code == 400
    assert err.policy is Policy.FIX_CONFIG
    assert parse_response(200, JSON, body) is None
    with pytest.raises(MalformedResponseError, match="larger than"):
        parse_response(400, JSON, body, strict=True)


def test_body_cap_boundary() -> None:
    """Exactly MAX_BODY_BYTES is read; one byte more is not."""
    head = b'{"error":"invalid_grant","error_description":"'
    fill = MAX_BODY_BYTES - len(head) - 2
    at_cap = head + b"a" * fill + b'"}'
    assert len(at_cap) == MAX_BODY_BYTES
    assert isinstance(parse_response(400, JSON, at_cap), InvalidGrantError)
    over = head + b"a" * (fill + 1) + b'"}'
    assert isinstance(parse_response(400, JSON, over), HTTPStatusError)
    # str bodies are measured in UTF-8 bytes: 3 bytes per "€"
    text = '{"error":"invalid_grant","error_description":"' + "€" * (MAX_BODY_BYTES // 3) + '"}'
    assert isinstance(parse_response(400, JSON, text), HTTPStatusError)
    assert isinstance(parse_response(400, JSON, text[: MAX_BODY_BYTES // 4] + '"}'), OAuthError)


def test_small_and_empty_bodies() -> None:
    for body in (b"", "", b"   \r\n", b"{}", b"[]", b"null", b'""', b"0", b"{", b"}"):
        err = assert_readable(parse_response(400, JSON, body))
        assert isinstance(err, HTTPStatusError), body
        assert parse_response(200, JSON, body) is None


HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>Error</title><script>alert(1)</script></head>"
    b"<body><h1>Something went wrong</h1><p>error=invalid_grant</p></body></html>"
)


@pytest.mark.parametrize(
    ("status", "endpoint", "policy"),
    [
        (400, "token", Policy.FIX_CONFIG),
        (401, "token", Policy.FIX_CONFIG),
        (401, "resource", Policy.REFRESH),
        (429, "token", Policy.RETRY),
        (500, "token", Policy.RETRY),
        (502, "resource", Policy.RETRY),
        (503, "token", Policy.RETRY),
        (504, "token", Policy.RETRY),
    ],
)
def test_html_error_page_is_classified_by_status(
    status: int, endpoint: str, policy: Policy
) -> None:
    """A proxy or a framework's HTML error page instead of an OAuth error body."""
    for headers in (HTML, JSON, {}):  # also when it lies about being JSON
        err = assert_readable(parse_response(status, headers, HTML_PAGE, endpoint=endpoint))
        assert isinstance(err, HTTPStatusError)
        assert err.code == str(status) and err.policy is policy
        assert "<script>" not in str(err)
    assert parse_response(200, HTML, HTML_PAGE) is None


def test_html_page_with_json_content_type_is_malformed_when_strict() -> None:
    with pytest.raises(MalformedResponseError):
        parse_response(502, JSON, HTML_PAGE, strict=True)


def test_headers_as_mapping_pairs_and_bytes_agree() -> None:
    challenge = 'Bearer error="insufficient_scope", scope="read write"'
    shapes: list[Any] = [
        {"WWW-Authenticate": challenge, "Retry-After": "5"},
        {"www-authenticate": challenge, "retry-after": "5"},
        [("WWW-Authenticate", challenge), ("Retry-After", "5")],
        [(b"WWW-Authenticate", challenge.encode()), (b"Retry-After", b"5")],
        (("WWW-AUTHENTICATE", challenge), ("RETRY-AFTER", " 5 ")),
        {"WWW-Authenticate": [challenge], "Retry-After": ["5"]},
    ]
    for headers in shapes:
        err = parse_response(403, headers, None, endpoint="resource")
        assert isinstance(err, InsufficientScopeError), headers
        assert err.challenges[0].scope == ["read", "write"]
        assert err.retry_after == 5.0


def test_repeated_header_lines_in_pairs() -> None:
    pairs = [("WWW-Authenticate", 'Basic realm="x"'), ("www-authenticate", 'Bearer error="b"')]
    err = parse_response(401, pairs, None, endpoint="resource")
    assert err is not None and err.code == "b"
    assert [c.scheme for c in err.challenges] == ["Basic", "Bearer"]


@pytest.mark.parametrize(
    "headers",
    [[("only-a-name",)], [1, 2], ["ab"], [("a", "b", "c")], 5, "WWW-Authenticate: x"],
)
def test_malformed_header_containers_raise_our_error(headers: Any) -> None:
    """Each of these is refused; a two-character string is not a (name, value) pair."""
    with pytest.raises(MalformedResponseError, match="headers must be"):
        parse_response(401, headers, None)


def test_a_two_character_string_is_not_read_as_a_header() -> None:
    """``["ab"]`` once unpacked as the header ``a: b``; ``[("ab", "x")]`` is a header."""
    with pytest.raises(MalformedResponseError):
        parse_response(401, ["WW"], None)
    err = parse_response(401, [("WWW-Authenticate", 'Bearer error="invalid_token"')], None)
    assert err is not None and err.code == "invalid_token"


@pytest.mark.parametrize(
    "value", ["-5", "1e9", "NaN", "99999999999999999999", "Tue, 99 Foo 9999", "\x00", "5" * 70]
)
def test_garbage_retry_after_is_ignored_or_clamped(value: str) -> None:
    err = assert_readable(parse_response(503, {"Retry-After": value}, None))
    assert err.retry_after is None or 0 <= err.retry_after <= 86400


def test_oversized_www_authenticate_is_refused_clearly() -> None:
    with pytest.raises(MalformedResponseError, match="WWW-Authenticate"):
        parse_response(401, {"WWW-Authenticate": "Bearer realm=" + "a" * 200_000}, None)


# -- hostile redirects --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        CB + "?error=access_denied&error=server_error&state=s",  # repeated in the query
        CB + "?error=access_denied&state=s&state=t",  # repeated state: which one is true?
        CB + "?error=access_denied&state=s&state=s",  # even with the same value
        CB + "#error=access_denied&state=s&error=access_denied",  # repeated in the fragment
        CB + "?error=access_denied&%65rror=server_error",  # repeated once decoded
        CB + "?code=c&code=d&state=s",
    ],
)
def test_repeated_parameters_are_refused(url: str) -> None:
    """RFC 6749 §3.1: parameters MUST NOT be included more than once (HTTP parameter
    pollution: a proxy and the client may pick different copies)."""
    with pytest.raises(MalformedResponseError, match="more than once"):
        parse_redirect(url, expected_state="s")


@pytest.mark.parametrize(
    "query",
    [
        "error=%%%25%ZZ%u202e%E2%80%AE&state=%E0%80&error_description=%",
        "error=%&error_description=%%%%%%%%%%%%%",
        "error=%2&error_uri=%zz%",
        "error=access_denied&error_description=" + "%" * 5000,
        "error=access_denied&error_description=" + "%25" * 5000,
        "error=access_denied&error_description=" + "%E2%80%AE%1B%5B2J" * 500,
    ],
)
def test_percent_soup_never_crashes(query: str) -> None:
    err = assert_readable(parse_redirect(CB + "?" + query, expected_state=SKIP_STATE_CHECK))
    assert err.endpoint is Endpoint.AUTHORIZATION
    assert "\u202e" not in str(err) and "\x1b" not in str(err)


@pytest.mark.parametrize(
    "url", [CB + "?error=access%00_denied&error_description=a%00b", CB + "?error=access\x00_denied"]
)
def test_nul_bytes(url: str) -> None:
    """NUL bytes (C string truncation tricks): kept raw, never displayed, strict refuses."""
    err = assert_readable(parse_redirect(url, expected_state=SKIP_STATE_CHECK))
    assert isinstance(err, UnknownOAuthError)  # "access\0_denied" is not access_denied
    assert "\x00" in err.code
    assert "\x00" not in str(err) and "\x00" not in err.hint and "\x00" not in repr(err)
    with pytest.raises(MalformedResponseError):
        parse_redirect(url, strict=True, expected_state=SKIP_STATE_CHECK)


@pytest.mark.parametrize(
    "url",
    [
        CB + "?error=access_denied&state=s#error=server_error&state=s",
        CB + "?code=c&state=s#error=access_denied&state=s",
        CB + "?error=access_denied#code=c",
        CB + "?state=s#access_token=at",
    ],
)
def test_query_and_fragment_that_disagree_are_refused(url: str) -> None:
    with pytest.raises(MalformedResponseError, match="ambiguous"):
        parse_redirect(url, expected_state="s")


def test_unrelated_query_with_response_in_fragment_is_fine() -> None:
    err = parse_redirect(CB + "?tenant=1#error=access_denied&state=s", expected_state="s")
    assert isinstance(err, AccessDeniedError)


@pytest.mark.parametrize(
    "url",
    [
        CB + "?error=access_denied&state=forged",
        CB + "?error=access_denied&state=s-Xy",  # a prefix of the real one
        CB + "?error=access_denied&state=s-Xy9x",
        CB + "?error=access_denied&state=S-XY9",
        CB + "?error=access_denied",  # missing
        CB + "?error=access_denied&state=",
        CB + "#error=access_denied&state=%00s-Xy9",
        CB + "?code=stolen&state=forged",  # login CSRF with the attacker's code
    ],
)
def test_forged_state_is_refused_before_the_error_is_trusted(url: str) -> None:
    """RFC 6749 §10.12 CSRF: a forged redirect never yields an error to act on."""
    with pytest.raises(StateMismatchError) as info:
        parse_redirect(url, expected_state="s-Xy9")
    assert "forged" not in str(info.value) or "state" in str(info.value)
    assert "stolen" not in str(info.value)


def test_state_compared_after_decoding() -> None:
    state = "a b/c+d=é"
    url = CB + "?" + urllib.parse.urlencode({"error": "access_denied", "state": state})
    assert isinstance(parse_redirect(url, expected_state=state), AccessDeniedError)


@pytest.mark.parametrize(
    "iss",
    [
        "https://evil.example",  # another server's issuer: the mix-up attack
        "https://as.example/",  # RFC 9207: simple string comparison, no normalisation
        "https://AS.example",
        "https://as.example.evil.example",
        "http://as.example",
    ],
)
def test_rfc9207_mix_up_is_refused(iss: str) -> None:
    """RFC 9207 §2.4: an error (or a code) from another authorization server."""
    for result in ("error=access_denied", "code=c"):
        url = f"{CB}?{result}&state=s&iss={urllib.parse.quote(iss, safe='')}"
        with pytest.raises(IssuerMismatchError):
            parse_redirect(url, expected_state="s", expected_issuer="https://as.example")


def test_missing_iss_when_expected() -> None:
    with pytest.raises(IssuerMismatchError, match="no iss"):
        parse_redirect(
            CB + "?error=access_denied&state=s",
            expected_issuer="https://as.example",
            expected_state=SKIP_STATE_CHECK,
        )
    url = CB + "?error=access_denied&state=s&iss=https%3A%2F%2Fas.example"
    err = parse_redirect(url, expected_state="s", expected_issuer="https://as.example")
    assert isinstance(err, AccessDeniedError)


def test_state_is_checked_even_when_issuer_is_right() -> None:
    url = CB + "?error=access_denied&state=x&iss=https%3A%2F%2Fas.example"
    with pytest.raises(StateMismatchError):
        parse_redirect(url, expected_state="s", expected_issuer="https://as.example")


@pytest.mark.parametrize("where", ["?", "#"])
def test_jarm_response_needs_verification_first(where: str) -> None:
    """JARM: a signed ``response=`` JWT must be verified, never read as plain parameters."""
    url = CB + where + "response=eyJhbGciOiJFUzI1NiJ9.eyJlcnJvciI6ImFjY2Vzc19kZW5pZWQifQ.sig"
    with pytest.raises(MalformedResponseError, match="JWT"):
        parse_redirect(url, expected_state=SKIP_STATE_CHECK)


def test_very_long_url_is_capped() -> None:
    url = CB + "?error=access_denied&error_description="
    at_cap = url + "a" * (MAX_URL_LENGTH - len(url))
    err = assert_readable(parse_redirect(at_cap, expected_state=SKIP_STATE_CHECK))
    assert len(str(err)) < 2000  # description capped for display
    assert len(err.description or "") > 60_000  # kept raw for programs
    with pytest.raises(MalformedResponseError, match="longer than"):
        parse_redirect(at_cap + "a", expected_state=SKIP_STATE_CHECK)
    with pytest.raises(MalformedResponseError):
        parse_redirect(url + "a" * (10 << 20), expected_state=SKIP_STATE_CHECK)  # 10 MB


def test_thousands_of_parameters_are_refused() -> None:
    with pytest.raises(MalformedResponseError, match="parameters"):
        parse_redirect(CB + "?error=x" + "&a=1" * 5000, expected_state=SKIP_STATE_CHECK)


@pytest.mark.parametrize("url", [None, 5, 1.5, ["?error=x"], object()])
def test_wrong_types_for_the_url(url: Any) -> None:
    with pytest.raises(MalformedResponseError):
        parse_redirect(url, expected_state=SKIP_STATE_CHECK)


# -- properties ---------------------------------------------------------------------------

header_names = st.sampled_from(
    ["WWW-Authenticate", "Retry-After", "DPoP-Nonce", "Content-Type", "X-Other"]
)
header_values = st.one_of(st.text(max_size=300), st.binary(max_size=300))
header_lists = st.lists(st.tuples(header_names, header_values), max_size=4)


@PROPERTY
@given(
    status=st.one_of(st.sampled_from([200, 400, 401, 403, 429, 500, 503]), st.integers()),
    headers=st.one_of(header_lists, header_lists.map(dict)),
    body=st.one_of(st.none(), st.text(max_size=2000), st.binary(max_size=2000)),
    endpoint=st.sampled_from(list(Endpoint)),
    strict=st.booleans(),
)
def test_parse_response_only_raises_its_own_errors(
    status: int, headers: Any, body: Any, endpoint: Endpoint, strict: bool
) -> None:
    try:
        err = parse_response(status, headers, body, endpoint=endpoint, strict=strict)
    except OAuthClientError:
        return
    if err is not None:
        assert_readable(err)
        assert err.status_code == status
    else:
        assert status < 400


@PROPERTY
@given(
    status=st.one_of(
        st.text(max_size=6),
        st.binary(max_size=6),
        st.builds(
            lambda pad, digits, end: pad + digits + end,
            st.text(alphabet=" \t\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0", max_size=2),
            st.sampled_from(["400", "401", "503", "４０１", "40¹", "0", "999", "1000"]),
            st.text(alphabet=" \t\x1f\u2003", max_size=2),
        ),
        st.floats(),
        st.booleans(),
    )
)
def test_a_status_of_any_type_is_read_or_refused_cleanly(status: Any) -> None:
    try:
        err = parse_response(status, {}, b"")
    except OAuthClientError:
        return
    if err is not None:
        assert 400 <= err.status_code <= 999
        text = status.decode("latin-1") if isinstance(status, bytes) else str(status)
        assert text.strip() == str(err.status_code)


@PROPERTY
@given(
    prefix=st.sampled_from(["", CB + "?", CB + "#", "?", "#", "//x/?a=1#"]),
    tail=st.one_of(st.text(max_size=1000), st.binary(max_size=1000)),
    state=st.sampled_from([None, "s"]),
    issuer=st.sampled_from([None, "https://as.example"]),
    strict=st.booleans(),
)
def test_parse_redirect_only_raises_its_own_errors(
    prefix: str, tail: str | bytes, state: str | None, issuer: str | None, strict: bool
) -> None:
    url: str | bytes = prefix.encode() + tail if isinstance(tail, bytes) else prefix + tail
    try:
        err = parse_redirect(
            url,
            expected_state=SKIP_STATE_CHECK if state is None else state,
            expected_issuer=issuer,
            strict=strict,
        )
    except OAuthClientError:
        return
    if err is not None:
        assert_readable(err)
        assert err.endpoint is Endpoint.AUTHORIZATION
        if state is not None:
            assert err.params.get("state") == state


@PROPERTY
@given(st.one_of(st.text(max_size=1000), st.binary(max_size=1000), st.lists(st.text())))
def test_parse_www_authenticate_only_raises_its_own_errors(value: Any) -> None:
    try:
        challenges = parse_www_authenticate(value)
    except OAuthClientError:
        return
    for challenge in challenges:
        assert all(key == key.lower() for key in challenge.params)


# RFC 6749 §5.2: error and error_description use %x20-21 / %x23-5B / %x5D-7E; error_uri
# uses %x21 / %x23-5B / %x5D-7E.
_ERROR_CHARS = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) not in '"\\')
_URI_CHARS = _ERROR_CHARS.replace(" ", "")
codes = st.text(alphabet=_ERROR_CHARS, min_size=1, max_size=40).filter(
    lambda c: c == c.strip() and not c.isdigit()
)
descriptions = st.one_of(st.none(), st.text(alphabet=_ERROR_CHARS, max_size=200))
uris = st.one_of(st.none(), st.text(alphabet=_URI_CHARS, min_size=1, max_size=100))


def _expected_code(code: str) -> str:
    info = lookup(code)
    return info.code if info is not None else code  # aliases become the canonical code


def _check_round_trip(err: OAuthError | None, code: str, description: Any, uri: Any) -> None:
    assert isinstance(err, OAuthError)
    assert err.params["error"] == code
    if err.dialect is None:  # a provider dialect may map a vendor code
        assert err.code == _expected_code(code)
    assert err.description == description
    assert err.uri == uri


@PROPERTY
@given(code=codes, description=descriptions, uri=uris, strict=st.booleans())
def test_rfc6749_error_bodies_round_trip_json(
    code: str, description: str | None, uri: str | None, strict: bool
) -> None:
    params = {"error": code, "error_description": description, "error_uri": uri}
    body = json.dumps({k: v for k, v in params.items() if v is not None}).encode()
    err = parse_response(400, JSON, body, strict=strict)
    _check_round_trip(err, code, description, uri)


@PROPERTY
@given(code=codes, description=descriptions, uri=uris, strict=st.booleans())
def test_rfc6749_error_bodies_round_trip_form(
    code: str, description: str | None, uri: str | None, strict: bool
) -> None:
    params = {"error": code, "error_description": description, "error_uri": uri}
    body = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
    err = parse_response(400, FORM, body.encode(), strict=strict)
    _check_round_trip(err, code, description, uri)


@PROPERTY
@given(code=codes, description=descriptions, uri=uris, fragment=st.booleans())
def test_rfc6749_error_redirects_round_trip(
    code: str, description: str | None, uri: str | None, fragment: bool
) -> None:
    params = {"error": code, "error_description": description, "error_uri": uri, "state": "s"}
    query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
    err = parse_redirect(CB + ("#" if fragment else "?") + query, expected_state="s", strict=True)
    _check_round_trip(err, code, description, uri)


# -- no super-linear blow-up --------------------------------------------------------------


def _best_time(fn: Callable[[], Any], *, min_total: float = 0.02, repeats: int = 5) -> float:
    """Best per-call time over ``repeats`` rounds, each long enough to measure."""
    number = 1
    while True:
        started = time.perf_counter()
        for _ in range(number):
            fn()
        if time.perf_counter() - started >= min_total / 5 or number >= 1 << 16:
            break
        number *= 2
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - started) / number)
    return best


def growth(make: Callable[[int], Callable[[], Any]]) -> float:
    """Time at 32 KiB over time at 8 KiB, with a 1 ms floor under the 8 KiB time.

    Linear code gives about 4; quadratic about 16; the bound used is 10. The floor keeps
    timer noise on tiny figures from counting as growth, and CPU noise from other jobs on
    the machine makes both sides slower together.
    """
    small = _best_time(make(8 * 1024))
    large = _best_time(make(32 * 1024))
    return large / max(small, 0.001)


def _response_inputs() -> dict[str, Callable[[int], bytes]]:
    return {
        "long description": lambda n: json.dumps(
            {"error": "invalid_grant", "error_description": "a" * n}
        ).encode(),
        "many members": lambda n: json.dumps(
            {"error": "invalid_grant", **{f"k{i}": i for i in range(n // 12)}}
        ).encode(),
        "form soup": lambda n: b"error=invalid_grant&d=" + b"%" * n,
        "escapes": lambda n: (
            b'{"error":"invalid_grant","error_description":"' + b"\\u202e\\\\" * (n // 8) + b'"}'
        ),
        "html": lambda n: b"<html>" + b"<div>" * (n // 5) + b"</html>",
    }


@pytest.mark.parametrize("shape", list(_response_inputs()))
def test_parse_response_grows_linearly(shape: str) -> None:
    make_body = _response_inputs()[shape]

    def make(n: int) -> Callable[[], Any]:
        body = make_body(n)
        return lambda: str(parse_response(400, JSON, body))

    ratio = growth(make)
    assert ratio < 10, f"{shape}: 4x the input took {ratio:.1f}x the time"


def _redirect_inputs() -> dict[str, Callable[[int], str]]:
    return {
        "long description": lambda n: f"{CB}?error=access_denied&error_description={'a' * n}",
        "many parameters": lambda n: (
            f"{CB}?error=access_denied" + "".join(f"&p{i}=v" for i in range(min(n // 8, 990)))
        ),
        "percent soup": lambda n: f"{CB}?error=access_denied&error_description={'%' * n}",
        "encoded bidi": lambda n: f"{CB}#error=x&error_description={'%E2%80%AE' * (n // 9)}",
        "ampersands": lambda n: f"{CB}?error=access_denied&x={'=' * n}",
    }


@pytest.mark.parametrize("shape", list(_redirect_inputs()))
def test_parse_redirect_grows_linearly(shape: str) -> None:
    make_url = _redirect_inputs()[shape]

    def make(n: int) -> Callable[[], Any]:
        url = make_url(n)
        return lambda: str(parse_redirect(url, expected_state=SKIP_STATE_CHECK))

    ratio = growth(make)
    assert ratio < 10, f"{shape}: 4x the input took {ratio:.1f}x the time"


def test_growth_check_can_fail() -> None:
    """The bound catches a quadratic function (so the tests above can fail)."""

    def make(n: int) -> Callable[[], Any]:
        m = n // 16
        return lambda: sum(1 for i in range(m) for _ in range(i))  # quadratic in n

    assert growth(make) > 10
