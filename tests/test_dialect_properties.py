"""Property tests: a dialect never turns a success into an error and never crashes.

Every dialect's recognisers (its envelopes, its hosts) get arbitrary JSON values and
strings as bodies with statuses 200/400/401/500; only this package's exceptions may escape,
and a body without error indicators at 2xx stays None.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oauth_client_errors import (
    SKIP_STATE_CHECK,
    OAuthClientError,
    all_dialects,
    parse_redirect,
    parse_response,
)
from oauth_client_errors._dialects import recognise
from oauth_client_errors._dialects.envelopes import ENVELOPE_LIST as _ENVELOPE_LIST
from oauth_client_errors._types import Endpoint

PROVIDERS = [None, *(d.name for d in all_dialects()), "https://login.microsoftonline.com/x"]
STATUSES = [200, 400, 401, 500]
KEYS = sorted(
    {e.trigger for e in _ENVELOPE_LIST}
    | {
        "error_description", "error_uri", "error_codes", "trace_id", "correlation_id",
        "suberror", "needed", "message", "errorSummary", "status", "type", "error_subcode",
        "fbtrace_id", "details", "errors", "innerError", ".tag", "required_scope",
        "retry_after", "claims", "mfa_token", "ok",
    }
)  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(["invalid_grant", "AADSTS50076", "UNAUTHENTICATED", "190", "authError"]),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), children, max_size=5
        ),
    ),
    max_leaves=20,
)
objects = st.dictionaries(st.sampled_from(KEYS), json_values, max_size=6)
bodies = st.one_of(
    objects.map(json.dumps),
    json_values.map(json.dumps),
    st.text(max_size=200),
    st.binary(max_size=200),
)


def _has_error_indicator(body: Any) -> bool:
    try:
        value = json.loads(body)
    except (ValueError, TypeError, RecursionError):
        return True  # not JSON: a form body may carry error=
    return isinstance(value, dict) and _error_member(value)


def _error_member(value: dict[str, Any]) -> bool:
    member = value.get("error")
    return member is not None and member is not False


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(body=bodies, status=st.sampled_from(STATUSES), provider=st.sampled_from(PROVIDERS))
def test_only_own_exceptions_escape(body: str | bytes, status: int, provider: str | None) -> None:
    for endpoint in ("token", "resource"):
        try:
            err = parse_response(
                status,
                {"Content-Type": "application/json"},
                body,
                endpoint=endpoint,
                provider=provider,
            )
        except OAuthClientError:
            continue
        if err is not None:
            assert err.hint  # rendering the hint never fails
            err.to_dict()
            err.next_authorization_params("openid")
            assert status >= 400 or err.dialect is None or _has_error_indicator(body)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(body=objects, provider=st.sampled_from(PROVIDERS))
def test_a_success_stays_a_success(body: dict[str, Any], provider: str | None) -> None:
    body.pop("error", None)
    body.pop("error_subtype", None)
    for status in (200, 201, 204):
        err = parse_response(
            status, {"Content-Type": "application/json"}, json.dumps(body), provider=provider
        )
        assert err is None


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(body=objects, status=st.sampled_from(STATUSES), provider=st.sampled_from(PROVIDERS))
def test_a_dialect_never_changes_whether_there_is_an_error(
    body: dict[str, Any], status: int, provider: str | None
) -> None:
    """Recognition only refines: the answer is None exactly when the core says None."""
    text = json.dumps(body)
    with_dialect = parse_response(status, {}, text, provider=provider)
    core_says_error = status >= 400 or _error_member(body)
    assert (with_dialect is not None) == core_says_error


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(payload=st.dictionaries(st.sampled_from(KEYS), json_values, max_size=6))
def test_every_reader_reads_any_object(payload: dict[str, Any]) -> None:
    """Any object is read into a well-formed Reading, or refused; recognition is consistent."""
    for envelope in _ENVELOPE_LIST:
        reading = envelope.read(payload)
        if reading is None:
            continue
        # A reader reads only a body that has its identifying member.
        assert envelope.trigger in payload
        assert isinstance(reading.keys, tuple)
        assert all(isinstance(key, str) and 0 < len(key) <= 200 for key in reading.keys)
        assert len(set(reading.keys)) == len(reading.keys)
        for text in (reading.code, reading.description, reading.uri, reading.scope):
            assert text is None or isinstance(text, str)
        if reading.code:
            # The code as read is one of the lookup keys, unless it is a status-like
            # number the reader keys by range (Facebook 200-299) or by code/subcode.
            assert reading.code[:200] in reading.keys or "/" in reading.code
        assert reading.retry_after is None or reading.retry_after >= 0
    dialects = {d.name: d for d in all_dialects()}
    for status in (None, 200, 401):
        for endpoint in (Endpoint.TOKEN, Endpoint.RESOURCE, Endpoint.AUTHORIZATION):
            match = recognise(payload, status, endpoint)
            if match is None:
                continue
            assert dialects.get(match.dialect.name) is match.dialect
            assert match.source == "body" and match.reading is not None
            if match.row is not None:
                assert match.row in match.dialect.codes
                assert not match.row.endpoints or endpoint in match.row.endpoints


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    query=st.dictionaries(st.sampled_from(KEYS), st.text(max_size=20), max_size=5),
    provider=st.sampled_from(PROVIDERS),
)
def test_redirects_with_any_provider(query: dict[str, str], provider: str | None) -> None:
    from urllib.parse import urlencode

    try:
        err = parse_redirect(
            "https://app.example/cb?" + urlencode(query),
            provider=provider,
            expected_state=SKIP_STATE_CHECK,
        )
    except OAuthClientError:
        return
    assert (err is None) == ("error" not in query)


@pytest.mark.parametrize("provider", [None, "microsoft", "google", "facebook"])
def test_recognition_is_linear_on_large_bodies(provider: str | None) -> None:
    """A 900 kB description or a 50,000-element list costs about what a small body costs."""

    def cost(size: int) -> float:
        body = json.dumps(
            {
                "error": {"code": 190, "type": "OAuthException", "message": "x" * size},
                "error_codes": list(range(size // 20)),
                "error_description": "AADSTS" + "9" * size,
                "errors": [{"reason": "r"}] * (size // 20),
            }
        )
        start = time.perf_counter()
        for _ in range(3):
            parse_response(400, {"Content-Type": "application/json"}, body, provider=provider)
        return (time.perf_counter() - start) / 3

    small, large = cost(9_000), cost(900_000)
    # JSON decoding is linear; the dialect step must not add more than linear work.
    assert large < max(small, 1e-4) * 300
