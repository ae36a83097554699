"""What the registry and the policy rules answer, stated one behaviour per test.

Each test here pins down a behaviour that a mutation run found untested (issue 17), through
the public names (``lookup``, ``error_class``, ``parse_response``, ``OAuthError.hint`` and
``OAuthError.policy``), so that they survive the core's move into layered packages.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any

import pytest

from oauth_client_errors import (
    Endpoint,
    HTTPStatusError,
    InvalidGrantError,
    OAuthError,
    Policy,
    Situation,
    UnknownOAuthError,
    UnsupportedResponseTypeError,
    all_codes,
    error_class,
    lookup,
    parse_response,
)

JSON = {"Content-Type": "application/json"}


def error(
    status: int, body: dict[str, Any], *, endpoint: str = "token", **headers: str
) -> OAuthError:
    err = parse_response(status, {**JSON, **headers}, json.dumps(body), endpoint=endpoint)
    assert err is not None
    return err


# -- lookup and error_class on anything ----------------------------------------------------


@pytest.mark.parametrize("code", [None, 42, b"invalid_grant", ["invalid_grant"], 3.5])
def test_lookup_of_something_that_is_no_string_is_none(code: Any) -> None:
    assert lookup(code) is None


@pytest.mark.parametrize("code", [None, 42, b"invalid_grant", ["invalid_grant"]])
def test_error_class_of_something_that_is_no_string_is_unknown(code: Any) -> None:
    assert error_class(code) is UnknownOAuthError


@pytest.mark.parametrize("code", ["", " ", "\t\n", "not_a_code", "invalid grant"])
def test_lookup_of_an_unregistered_code_is_none(code: str) -> None:
    assert lookup(code) is None
    assert error_class(code) is UnknownOAuthError


@pytest.mark.parametrize(
    "code",
    ["invalid_grant", " invalid_grant", "invalid_grant\t", "Invalid_Grant", " INVALID_GRANT "],
)
def test_lookup_strips_white_space_and_accepts_other_case(code: str) -> None:
    info = lookup(code)
    assert info is not None and info.code == "invalid_grant"
    assert error_class(code) is InvalidGrantError


def test_lookup_of_a_str_subclass_finds_the_entry() -> None:
    class Code(str):
        pass

    info = lookup(Code("invalid_grant"))
    assert info is not None and info.code == "invalid_grant"
    assert error_class(Code(" Invalid_Grant ")) is InvalidGrantError


def test_an_alias_finds_its_codes_entry() -> None:
    info = lookup("unsupported_responce_type")
    assert info is not None and info.code == "unsupported_response_type"
    assert error_class("unsupported_responce_type") is UnsupportedResponseTypeError


@pytest.mark.parametrize("code", ["503", " 429 ", "100", "599"])
def test_a_numeric_code_is_an_http_status_error(code: str) -> None:
    assert lookup(code) is None
    assert error_class(code) is HTTPStatusError


@pytest.mark.parametrize("code", ["600", "099", "5033", "50", "5O3"])
def test_a_number_that_is_no_http_status_is_unknown(code: str) -> None:
    assert error_class(code) is UnknownOAuthError


# -- empty codes: the status decides, and hint and policy agree ----------------------------

STATUSES = [400, 401, 403, 404, 418, 429, 500, 502, 503, 504]


@pytest.mark.parametrize("code", ["", "  "], ids=["empty", "blank"])
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("endpoint", list(Endpoint), ids=lambda e: e.value)
@pytest.mark.parametrize("challenged", [False, True], ids=["plain", "challenged"])
def test_an_empty_code_gets_the_hint_of_its_policy(
    code: str, status: int, endpoint: Endpoint, challenged: bool
) -> None:
    headers = {"WWW-Authenticate": 'Bearer realm="api"'} if challenged else {}
    err = error(status, {"error": code}, endpoint=endpoint.value, **headers)
    hint = err.hint
    # An empty code is no code at all: never called a non-standard one.
    assert "not a standard OAuth" not in hint
    # It names the status (except the bare RFC 6750 §3.1 challenge, which explains itself).
    assert f"HTTP {status}" in hint or (err.policy is Policy.REAUTHORIZE and challenged)
    retry = err.policy is Policy.RETRY
    assert retry == (status == 429 or status >= 500)
    # A retry hint says to wait and send again; no other hint says to wait.
    assert ("Wait" in hint) == retry
    if retry:
        assert "send the request again" in hint
        assert "endpoint URL" not in hint
    if err.policy is Policy.FIX_CONFIG:
        assert "Check" in hint


def test_empty_code_at_500_is_retried_and_says_so() -> None:
    err = error(500, {"error": ""})
    assert err.policy is Policy.RETRY
    assert err.hint == (
        "The token endpoint failed or is unavailable (HTTP 500). Wait a little (with "
        "exponential back-off), then send the request again."
    )


def test_empty_code_at_400_is_a_malformed_request_not_an_unknown_code() -> None:
    err = error(400, {"error": ""})
    assert err.policy is Policy.FIX_CONFIG
    assert err.hint == (
        "The token endpoint rejected the request as malformed (HTTP 400). Check the request "
        "parameters and the client configuration."
    )


def test_empty_code_with_retry_after_names_the_delay() -> None:
    err = error(503, {"error": ""}, **{"Retry-After": "7"})
    assert err.policy is Policy.RETRY
    assert "Wait 7 seconds" in err.hint


@pytest.mark.parametrize("status", [403, 404, 418])
def test_empty_code_at_another_status_fails_and_points_at_the_url(status: int) -> None:
    err = error(status, {"error": ""})
    assert err.policy is Policy.FAIL
    assert err.hint == (
        f"The token endpoint answered HTTP {status} without a usable OAuth error. Check the "
        "endpoint URL and the provider's documentation or status page."
    )


def test_empty_code_at_a_resource_401_depends_on_the_challenge() -> None:
    plain = error(401, {"error": ""}, endpoint="resource")
    challenged = error(
        401, {"error": ""}, endpoint="resource", **{"WWW-Authenticate": 'Bearer realm="api"'}
    )
    assert plain.policy is Policy.REFRESH
    assert challenged.policy is Policy.REAUTHORIZE
    assert "Get a new access token" in plain.hint
    assert "Authorize" in challenged.hint


# -- unknown codes -------------------------------------------------------------------------


def test_an_unknown_code_is_named_in_its_hint() -> None:
    err = error(400, {"error": "weird_code"})
    assert err.policy is Policy.FAIL
    assert err.hint == (
        'The server sent "weird_code", which is not a standard OAuth error code. Check the '
        "provider's documentation for what it means and what to do."
    )


def test_an_unknown_code_with_a_safe_link_points_at_it() -> None:
    err = error(400, {"error": "weird_code", "error_uri": "https://as.example/e/1"})
    assert err.hint.startswith(
        'The server sent "weird_code", which is not a standard OAuth error code. See '
        "https://as.example/e/1 or the provider's documentation"
    )


def test_an_unknown_code_with_a_long_link_does_not_repeat_it() -> None:
    uri = "https://as.example/" + "e" * 182
    assert len(uri) == 201  # a link, too long for a hint
    err = error(400, {"error": "weird_code", "error_uri": uri})
    assert err.link == uri
    assert uri not in err.hint
    assert "Check the provider's documentation" in err.hint


@pytest.mark.parametrize(
    "code", ["weird code", "x" * 65, 'quote"d', "<b>"], ids=["space", "long", "quote", "markup"]
)
def test_an_unknown_code_that_is_no_plain_token_is_not_quoted(code: str) -> None:
    err = error(400, {"error": code})
    assert err.hint.startswith("The server sent an error code that is not a standard OAuth code.")


def test_a_64_character_code_is_still_quoted() -> None:
    code = "x" * 64
    assert f'"{code}"' in error(400, {"error": code}).hint


@pytest.mark.parametrize("status", [429, 500, 503, 599])
def test_an_unknown_code_at_a_temporary_status_is_retried(status: int) -> None:
    err = error(status, {"error": "weird_code"})
    assert err.policy is Policy.RETRY
    assert err.hint == (
        f'The server sent "weird_code", which is not a standard OAuth error code, with HTTP '
        f"{status}, a temporary failure. Wait a little (with exponential back-off), then send "
        "the request again."
    )


def test_an_unknown_code_at_a_temporary_status_names_the_delay() -> None:
    err = error(503, {"error": "weird_code"}, **{"Retry-After": "12"})
    assert "Wait 12 seconds, then send the request again." in err.hint


@pytest.mark.parametrize("status", [400, 401, 404, 428, 600])
def test_an_unknown_code_at_another_status_is_not_retried(status: int) -> None:
    err = parse_response(status, JSON, json.dumps({"error": "weird_code"}))
    if err is None:  # 600 is no HTTP status: not an error response at all
        assert status == 600
        return
    assert err.policy is not Policy.RETRY
    assert "Wait" not in err.hint


# -- the code table, read as data ----------------------------------------------------------

CONTINUE = {Policy.RETRY, Policy.POLL, Policy.SLOW_DOWN}


def test_every_registered_hint_agrees_with_its_policy() -> None:
    # Module-level tables are not mutated by the mutation tool: this reads them instead.
    checked = 0
    for info in all_codes():
        for endpoint in info.all_endpoints:
            policy, hint = info.policy_at(endpoint), info.hint_at(endpoint)
            assert hint.endswith("."), (info.code, endpoint)
            assert "{" not in hint and "}" not in hint, (info.code, endpoint)
            if policy in CONTINUE:  # say to go on: send again, keep polling, ask again
                assert "again" in hint or "Keep polling" in hint, (info.code, endpoint)
            else:  # never tell a person to wait for something that will not come
                assert "Wait" not in hint and "Keep polling" not in hint, (info.code, endpoint)
            checked += 1
    assert checked >= 100


def test_every_registered_code_raises_its_own_class() -> None:
    for info in all_codes():
        assert lookup(info.code) is info
        assert error_class(info.code) is info.error_class
        assert info.error_class.error_code == info.code
        err = error(400, {"error": info.code})
        assert type(err) is info.error_class
        assert err.policy is info.policy_at(Endpoint.TOKEN)


# -- hints filled in with what the server sent ----------------------------------------------

PENDING_GENERIC = (
    "The user has not finished authorizing yet. Keep polling at the current interval (5 "
    "seconds if the server gave none) until the code expires."
)


@pytest.mark.parametrize(
    ("interval", "shown"),
    [
        pytest.param(7, "7", id="int"),
        pytest.param("7", "7", id="digits"),
        pytest.param(" 12 ", "12", id="digits-with-space"),
        pytest.param(7.6, "8", id="float-rounded"),
        pytest.param(0, "0", id="zero"),
        pytest.param("999999999", "999999999", id="nine-digits"),
        pytest.param(999999999.4, "999999999", id="just-under-1e9"),
    ],
)
def test_the_polling_hint_names_the_servers_interval(interval: Any, shown: str) -> None:
    err = error(400, {"error": "authorization_pending", "interval": interval})
    assert err.hint == (
        f"The user has not finished authorizing yet. Keep polling every {shown} seconds until "
        "the code expires."
    )


@pytest.mark.parametrize(
    "interval",
    [
        pytest.param(True, id="bool"),
        pytest.param(-1, id="negative"),
        pytest.param("-1", id="negative-text"),
        pytest.param("1234567890", id="ten-digits"),
        pytest.param(1e9, id="1e9"),
        pytest.param("7s", id="not-a-number"),
        pytest.param("", id="empty"),
        pytest.param("٣", id="non-ascii-digit"),
        pytest.param([7], id="list"),
        pytest.param(None, id="null"),
    ],
)
def test_a_nonsense_interval_gives_the_generic_polling_hint(interval: Any) -> None:
    err = error(400, {"error": "authorization_pending", "interval": interval})
    assert err.hint == PENDING_GENERIC


def test_the_slow_down_hint_names_the_new_interval() -> None:
    err = error(400, {"error": "slow_down", "interval": 10})
    assert err.policy is Policy.SLOW_DOWN
    assert err.hint == (
        "The client is polling too fast. Keep polling, waiting 10 seconds between requests "
        "from now on."
    )


def test_a_retry_after_delay_is_named_as_the_server_asked() -> None:
    err = error(503, {"error": "temporarily_unavailable"}, **{"Retry-After": "30"})
    assert err.hint == (
        "The provider is overloaded or under maintenance. Wait 30 seconds, as the server "
        "asked, then send the request again."
    )


def resource_error(challenge: str, body: dict[str, Any] | None = None) -> OAuthError:
    err = parse_response(
        403 if "scope" in challenge else 401,
        {**JSON, "WWW-Authenticate": challenge},
        None if body is None else json.dumps(body),
        endpoint="resource",
    )
    assert err is not None
    return err


def test_the_step_up_hint_names_the_missing_scope() -> None:
    err = resource_error('Bearer error="insufficient_scope", scope="read write"')
    assert err.hint == (
        "The access token lacks the scope this request needs. Authorize again asking for the "
        'scope "read write", then retry with the new token.'
    )


def test_the_scope_comes_from_the_body_when_the_challenge_has_none() -> None:
    err = resource_error('Bearer error="insufficient_scope"', {"scope": "x y"})
    assert 'asking for the scope "x y"' in err.hint


def test_the_scope_of_the_challenge_that_carries_the_error_is_used() -> None:
    err = resource_error(
        'Basic realm="r", scope="basic", Bearer realm="a", scope="other", '
        'Bearer error="insufficient_scope", scope="wanted"'
    )
    assert 'asking for the scope "wanted"' in err.hint


@pytest.mark.parametrize(
    ("params", "hint"),
    [
        pytest.param(
            'acr_values="mfa phr", max_age="300"',
            "The user's authentication is not strong or recent enough for this request. "
            'Authorize again with acr_values="mfa phr" and max_age=300, then retry with the new '
            "token.",
            id="both",
        ),
        pytest.param(
            'acr_values="mfa"',
            "The user's authentication is not strong enough for this request. Authorize again "
            'with acr_values="mfa", then retry with the new token.',
            id="acr-only",
        ),
        pytest.param(
            'max_age="0"',
            "The user signed in too long ago for this request. Authorize again with max_age=0 "
            "so that the user signs in again, then retry with the new token.",
            id="max-age-only",
        ),
    ],
)
def test_the_step_up_hint_names_acr_values_and_max_age(params: str, hint: str) -> None:
    err = resource_error(f'Bearer error="insufficient_user_authentication", {params}')
    assert err.policy is Policy.STEP_UP
    assert err.hint == hint


def test_a_hostile_scope_is_neutralised_and_capped_in_the_hint() -> None:
    scope = "read\x1b[31m " + "s" * 400
    err = resource_error(f'Bearer error="insufficient_scope", scope="{scope}"')
    shown = err.hint.split('"')[1]
    assert shown == "read " + "s" * 194 + "…"
    assert len(shown) == 200


def test_the_endpoint_is_named_in_words() -> None:
    err = error(503, {"error": ""}, endpoint="device_authorization")
    assert err.hint.startswith(
        "The device authorization endpoint failed or is unavailable (HTTP 503)."
    )


def test_a_scope_sent_as_a_list_shows_its_first_50_items() -> None:
    scope = [f"s{i:02d}" for i in range(60)]
    err = resource_error('Bearer error="insufficient_scope"', {"scope": scope})
    shown = " ".join(scope[:50])  # 199 characters: within the 200 a scope may take
    assert f'asking for the scope "{shown}"' in err.hint


def test_the_oauth_challenge_is_preferred_when_none_carries_the_error() -> None:
    err = parse_response(
        403,
        {**JSON, "WWW-Authenticate": 'Basic realm="r", scope="basic", Bearer scope="wanted"'},
        json.dumps({"error": "insufficient_scope"}),
        endpoint="resource",
    )
    assert err is not None
    assert 'asking for the scope "wanted"' in err.hint


def test_acr_values_are_capped_at_100_characters_in_the_hint() -> None:
    acr = "a" * 150
    err = resource_error(f'Bearer error="insufficient_user_authentication", acr_values="{acr}"')
    assert f'acr_values="{"a" * 99}…"' in err.hint


def test_an_unknown_codes_link_of_200_characters_is_named() -> None:
    uri = "https://as.example/" + "e" * 181
    assert len(uri) == 200
    err = error(400, {"error": "weird_code", "error_uri": uri})
    assert f"See {uri} or the provider's documentation" in err.hint


def test_codes_and_aliases_are_lower_case_and_distinct() -> None:
    # lookup's case-insensitive step relies on this: every spelling is lower-case already.
    spellings = [name for info in all_codes() for name in (info.code, *info.aliases)]
    assert all(name == name.lower() == name.strip() for name in spellings)
    assert len(spellings) == len(set(spellings))


def test_code_info_freezes_its_mappings() -> None:
    # Every mapping a CodeInfo is built with is copied and read-only: changing the caller's
    # dict afterwards, or the entry's, cannot change the registry.
    base = lookup("invalid_grant")
    assert base is not None
    mappings = [
        f.name for f in dataclasses.fields(base) if isinstance(getattr(base, f.name), Mapping)
    ]
    assert "hints" in mappings and len(mappings) >= 2
    for name in mappings:
        given = dict(getattr(base, name))
        info = dataclasses.replace(base, **{name: given})
        given[Endpoint.BACKCHANNEL] = "changed"
        frozen = getattr(info, name)
        assert Endpoint.BACKCHANNEL not in frozen, name
        assert dict(frozen) == dict(getattr(base, name)), name
        with pytest.raises(TypeError):
            frozen[Endpoint.BACKCHANNEL] = "changed"
    hints = {Endpoint.TOKEN: "Try the {endpoint} endpoint again."}
    info = dataclasses.replace(base, hints=hints)
    hints.clear()
    assert info.hint_at("token") == "Try the token endpoint again."
    assert info.hint_at(Endpoint.AUTHORIZATION) == base.hint_at(Endpoint.AUTHORIZATION)


# -- unknown codes placed by their status (rule 7) -------------------------------------------


def test_an_unknown_code_placed_by_its_status_is_named_before_the_status_hint() -> None:
    err = error(401, {"error": "weird_code"})
    assert err.policy is Policy.FIX_CONFIG
    assert err.hint == (
        'The server sent "weird_code", which is not a standard OAuth error code. Client '
        "authentication failed at the token endpoint (HTTP 401). Check the client_id, the "
        "client secret or key, and the authentication method."
    )


def test_an_unknown_code_unsafe_to_quote_placed_by_its_status_reads_as_a_sentence() -> None:
    err = error(401, {"error": "weird code"})
    assert err.policy is Policy.FIX_CONFIG
    assert err.hint == (
        "The server sent an error code that is not a standard OAuth code. Client "
        "authentication failed at the token endpoint (HTTP 401). Check the client_id, the "
        "client secret or key, and the authentication method."
    )


def test_an_unknown_code_in_a_situation_no_status_tells_gets_the_unknown_hint() -> None:
    err = UnknownOAuthError(
        "weird_code", endpoint="token", status_code=409, situation=Situation.GRANT_INVALID
    )
    assert err.policy is Policy.REAUTHORIZE
    assert err.hint == (
        'The server sent "weird_code", which is not a standard OAuth error code. Check the '
        "provider's documentation for what it means and what to do."
    )


# -- grant types (the policy rules' view of who is present) ---------------------------------


def test_an_unregistered_grant_type_keeps_its_spelling() -> None:
    from oauth_client_errors._rules import grant_type

    assert grant_type("  urn:Example:Custom-Grant ") == "urn:Example:Custom-Grant"
    assert grant_type("Authorization_Code") == "authorization_code"  # registered: lower-cased
