"""The registry: every registered code has a class, a policy and a hint per endpoint."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oauth_client_errors import _errors
from oauth_client_errors._errors import HTTPStatusError, OAuthError, UnknownOAuthError
from oauth_client_errors._registry import (
    HINT_FIELDS,
    CodeInfo,
    all_codes,
    error_class,
    lookup,
)
from oauth_client_errors._types import Endpoint, Policy
from oauth_client_errors._wire.challenge import Challenge


def policy_for(
    code: str, endpoint: Endpoint | str, *, status_code: int | None = None, challenged: bool = False
) -> Policy:
    """The policy an error with these fields gets when built (the rules, through the class)."""
    challenges = [Challenge("Bearer", {"realm": "api"})] if challenged else []
    err = error_class(code)(code, endpoint=endpoint, status_code=status_code, challenges=challenges)
    return err.policy


def hint_for(err: OAuthError) -> str:
    return err.hint


A, T, R = Endpoint.AUTHORIZATION, Endpoint.TOKEN, Endpoint.RESOURCE
HOSTILE = ("\x1b[2J", "\u202e", "\x1b]8;;https://evil.example\x07", "\r\n", "\x00")

# -- the list of codes, from the shared table -----------------------------------------------

CODES_MD = Path(
    os.environ.get(
        "OAUTH_ERROR_CODES_MD",
        # A copy of ../shared/oauth-error-codes.md, so that the test runs on a bare clone.
        Path(__file__).resolve().parent / "data" / "oauth-error-codes.md",
    )
)
EXTRA_CODES = ("insufficient_claims", "invalid_operation")


def _table() -> dict[str, str]:
    """Return {code: "received at"} from the Markdown table in oauth-error-codes.md."""
    if not CODES_MD.exists():  # pragma: no cover - only outside the project workspace
        pytest.skip(f"{CODES_MD} not found (set OAUTH_ERROR_CODES_MD)")
    rows = {}
    for line in CODES_MD.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*`([^`]+)`\s*\|([^|]*)\|", line)
        if match:
            rows[match.group(1)] = match.group(2).strip()
    assert len(rows) >= 50, "the table in oauth-error-codes.md was not parsed"
    return rows


def _documented_codes() -> list[str]:
    try:
        return [*_table(), *EXTRA_CODES]
    except pytest.skip.Exception:  # pragma: no cover
        return list(EXTRA_CODES)


def _class_name(code: str) -> str:
    return "".join("DPoP" if p == "dpop" else p.capitalize() for p in code.split("_")) + "Error"


@pytest.mark.parametrize("code", _documented_codes())
def test_every_documented_code_is_registered(code: str) -> None:
    info = lookup(code)
    assert info is not None, f"{code} is not in the registry"
    assert info.code == code
    cls = error_class(code)
    assert cls is info.error_class
    assert issubclass(cls, OAuthError) and cls not in (OAuthError, UnknownOAuthError)
    assert cls.error_code == code
    assert cls.__name__ == _class_name(code)
    assert cls.__name__ in _errors.__all__
    assert getattr(_errors, cls.__name__) is cls
    assert cls.__doc__ and cls.__doc__.strip()
    assert info.title and info.meaning and info.specs and info.endpoints


def test_received_at_matches_endpoints() -> None:
    for code, received in _table().items():
        info = lookup(code)
        assert info is not None, code
        endpoints = set(info.endpoints)
        if "authorization" in received:
            assert A in endpoints, code
        if "WWW-Authenticate" in received:
            assert endpoints & {R, T}, code
        # OpenID4VP's "body" is the authorization response itself, sent by direct_post.
        if "endpoint body" in received and not info.specs[0].startswith("OpenID4VP"):
            assert endpoints - {A}, code


def test_registry_has_no_strays() -> None:
    documented = set(_documented_codes())
    registered = {info.code for info in all_codes()}
    assert registered == documented
    assert len(registered) == len(all_codes())


@pytest.mark.parametrize("info", all_codes(), ids=lambda info: info.code)
def test_policy_and_hint_at_every_endpoint(info: CodeInfo) -> None:
    assert isinstance(info.default_policy, Policy)
    for endpoint in info.all_endpoints:
        assert isinstance(info.policy_at(endpoint), Policy)
        generic = info.hint_at(endpoint)
        assert len(generic) > 20 and "{" not in generic and "}" not in generic
        assert generic.endswith("."), (info.code, endpoint)
        err = info.error_class(description="x", endpoint=endpoint, status_code=400)
        assert err.code == info.code
        assert err.policy is info.policy_at(endpoint)
        assert err.hint == generic


@pytest.mark.parametrize("info", all_codes(), ids=lambda info: info.code)
def test_hint_templates_are_well_formed(info: CodeInfo) -> None:
    """Alternatives name only known values, and the fallback needs nothing but {endpoint}."""
    for endpoint in Endpoint:
        alternatives = info.hint_template_at(endpoint)
        for template in alternatives:
            names = set(re.findall(r"\{(\w+)\}", template))
            assert names <= HINT_FIELDS, (info.code, template)
        assert set(re.findall(r"\{(\w+)\}", alternatives[-1])) <= {"endpoint"}, info.code


def test_entries_are_read_only() -> None:
    info = lookup("invalid_token")
    assert info is not None
    with pytest.raises(TypeError):
        info.policies[A] = Policy.FAIL  # type: ignore[index]
    with pytest.raises(AttributeError):
        info.code = "x"  # type: ignore[misc]


def test_every_error_class_is_exported() -> None:
    classes = {
        name
        for name, value in vars(_errors).items()
        if isinstance(value, type) and issubclass(value, Exception) and not name.startswith("_")
    }
    assert classes <= set(_errors.__all__)
    assert {"HTTPStatusError", "UnknownOAuthError"} <= set(_errors.__all__)


# -- policies -------------------------------------------------------------------------------

POLICIES = [
    # code, endpoint, status, challenged, expected
    ("invalid_token", "resource", 401, True, Policy.REFRESH),
    ("invalid_token", "resource", 401, False, Policy.REFRESH),
    ("invalid_token", "token", 400, False, Policy.REAUTHORIZE),
    ("invalid_token", "revocation", 401, True, Policy.FIX_CONFIG),
    ("invalid_token", "introspection", 401, True, Policy.FIX_CONFIG),
    ("invalid_token", "registration", 401, True, Policy.FIX_CONFIG),
    ("invalid_grant", "token", 400, False, Policy.REAUTHORIZE),
    ("expired_token", "token", 400, False, Policy.REAUTHORIZE),
    ("expired_token", "resource", 401, True, Policy.REFRESH),
    ("login_required", "authorization", None, False, Policy.REAUTHORIZE),
    ("consent_required", "authorization", None, False, Policy.REAUTHORIZE),
    ("interaction_required", "authorization", None, False, Policy.REAUTHORIZE),
    ("account_selection_required", "authorization", None, False, Policy.REAUTHORIZE),
    ("unmet_authentication_requirements", "authorization", None, False, Policy.REAUTHORIZE),
    ("insufficient_scope", "resource", 403, True, Policy.STEP_UP),
    ("insufficient_user_authentication", "resource", 401, True, Policy.STEP_UP),
    ("insufficient_claims", "resource", 401, True, Policy.STEP_UP),
    ("server_error", "token", 500, False, Policy.RETRY),
    ("server_error", "authorization", None, False, Policy.RETRY),
    ("temporarily_unavailable", "token", 503, False, Policy.RETRY),
    ("temporarily_unavailable", "authorization", None, False, Policy.RETRY),
    ("use_dpop_nonce", "token", 400, False, Policy.RETRY),
    ("use_dpop_nonce", "resource", 401, True, Policy.RETRY),
    ("authorization_pending", "token", 400, False, Policy.POLL),
    ("slow_down", "token", 400, False, Policy.SLOW_DOWN),
    ("invalid_request", "token", 400, False, Policy.FIX_CONFIG),
    ("invalid_request", "authorization", None, False, Policy.FIX_CONFIG),
    ("invalid_request", "resource", 400, True, Policy.FIX_CONFIG),
    ("invalid_client", "token", 401, True, Policy.FIX_CONFIG),
    ("invalid_client", "token", 400, False, Policy.FIX_CONFIG),
    ("unauthorized_client", "token", 400, False, Policy.FIX_CONFIG),
    ("unsupported_grant_type", "token", 400, False, Policy.FIX_CONFIG),
    ("unsupported_response_type", "authorization", None, False, Policy.FIX_CONFIG),
    ("invalid_scope", "authorization", None, False, Policy.FIX_CONFIG),
    ("invalid_scope", "token", 400, False, Policy.FIX_CONFIG),
    ("invalid_target", "token", 400, False, Policy.FIX_CONFIG),
    ("invalid_dpop_proof", "resource", 401, True, Policy.FIX_CONFIG),
    ("invalid_authorization_details", "authorization", None, False, Policy.FIX_CONFIG),
    ("invalid_request_object", "par", 400, False, Policy.FIX_CONFIG),
    ("invalid_request_uri", "authorization", None, False, Policy.FIX_CONFIG),
    ("request_not_supported", "authorization", None, False, Policy.FIX_CONFIG),
    ("request_uri_not_supported", "authorization", None, False, Policy.FIX_CONFIG),
    ("registration_not_supported", "authorization", None, False, Policy.FIX_CONFIG),
    ("invalid_redirect_uri", "registration", 400, False, Policy.FIX_CONFIG),
    ("invalid_client_metadata", "registration", 400, False, Policy.FIX_CONFIG),
    ("invalid_software_statement", "registration", 400, False, Policy.FIX_CONFIG),
    ("unapproved_software_statement", "registration", 400, False, Policy.FIX_CONFIG),
    ("unsupported_token_type", "revocation", 400, False, Policy.FIX_CONFIG),
    ("invalid_trust_chain", "registration", 400, False, Policy.FIX_CONFIG),
    ("not_found", "registration", 404, False, Policy.FIX_CONFIG),
    ("invalid_operation", "token", 400, False, Policy.FIX_CONFIG),
    ("access_denied", "authorization", None, False, Policy.FAIL),
    ("access_denied", "token", 400, False, Policy.FAIL),
    ("request_submitted", "token", 403, False, Policy.POLL),
    ("need_info", "token", 403, False, Policy.STEP_UP),
    ("request_denied", "token", 403, False, Policy.FAIL),
    ("transaction_failed", "token", 400, False, Policy.FAIL),
    ("expired_login_hint_token", "backchannel", 400, False, Policy.REAUTHORIZE),
    ("unknown_user_id", "backchannel", 400, False, Policy.FAIL),
    ("invalid_user_code", "backchannel", 400, False, Policy.FAIL),
    ("missing_user_code", "backchannel", 400, False, Policy.FIX_CONFIG),
    ("wallet_unavailable", "authorization", None, False, Policy.FAIL),
    # numeric codes and HTTP status alone
    ("503", "resource", 503, False, Policy.RETRY),
    ("500", "token", None, False, Policy.RETRY),
    ("599", "authorization", 599, False, Policy.RETRY),
    ("429", "resource", 429, True, Policy.RETRY),
    ("401", "resource", 401, True, Policy.REAUTHORIZE),
    ("401", "resource", 401, False, Policy.REFRESH),
    ("401", "token", 401, True, Policy.FIX_CONFIG),
    ("401", "introspection", 401, False, Policy.FIX_CONFIG),
    ("403", "resource", 403, True, Policy.FAIL),
    ("400", "token", 400, False, Policy.FIX_CONFIG),
    ("400", "resource", 400, False, Policy.FIX_CONFIG),
    ("404", "resource", 404, False, Policy.FAIL),
    ("302", "token", 302, False, Policy.FAIL),
    ("", "resource", 401, True, Policy.REAUTHORIZE),
    ("", "token", 503, False, Policy.RETRY),
    ("", "token", None, False, Policy.FAIL),
    # unregistered codes: by status
    ("weird_error", "token", 400, False, Policy.FAIL),
    # rule 7: an unknown code at a resource with 401 is a refused token
    ("weird_error", "resource", 401, True, Policy.REFRESH),
    ("weird_error", "resource", 403, False, Policy.FAIL),
    ("weird_error", "resource", 429, False, Policy.RETRY),
    ("weird_error", "token", 502, False, Policy.RETRY),
    ("weird_error", "authorization", None, False, Policy.FAIL),
]


@pytest.mark.parametrize(("code", "endpoint", "status", "challenged", "expected"), POLICIES)
def test_policy(
    code: str, endpoint: str, status: int | None, challenged: bool, expected: Policy
) -> None:
    assert policy_for(code, endpoint, status_code=status, challenged=challenged) is expected
    assert policy_for(code, Endpoint(endpoint), status_code=status, challenged=challenged) is (
        expected
    )
    challenges = [Challenge("Bearer", {"realm": "api"})] if challenged else []
    err = error_class(code)(code, endpoint=endpoint, status_code=status, challenges=challenges)
    assert err.policy is expected
    assert err.hint and "{" not in err.hint


# -- lookups --------------------------------------------------------------------------------


def test_aliases_and_lenient_matching() -> None:
    info = lookup("unsupported_responce_type")
    assert info is not None and info.code == "unsupported_response_type"
    assert error_class("unsupported_responce_type") is _errors.UnsupportedResponseTypeError
    assert lookup(" invalid_grant\n") is lookup("invalid_grant")
    assert lookup("Invalid_Grant") is lookup("invalid_grant")
    assert error_class("INVALID_TOKEN") is _errors.InvalidTokenError
    assert policy_for("unsupported_responce_type", "authorization") is Policy.FIX_CONFIG


@pytest.mark.parametrize("code", ["", "   ", "nope", "invalid grant", "503x", "invalid_grant2"])
def test_unregistered_codes(code: str) -> None:
    assert lookup(code) is None
    assert error_class(code) is UnknownOAuthError


@pytest.mark.parametrize("code", ["503", "429", "401", "400", "500", " 404 "])
def test_numeric_codes(code: str) -> None:
    assert lookup(code) is None
    assert error_class(code) is HTTPStatusError


def test_all_codes_is_a_fresh_list() -> None:
    codes = all_codes()
    codes.clear()
    assert all_codes()


# -- hints ----------------------------------------------------------------------------------


def test_hint_names_the_missing_scope_from_the_challenge() -> None:
    err = _errors.InsufficientScopeError(
        endpoint="resource",
        status_code=403,
        challenges=[Challenge("Bearer", {"error": "insufficient_scope", "scope": "read write"})],
    )
    assert err.policy is Policy.STEP_UP
    assert '"read write"' in err.hint


def test_hint_prefers_the_challenge_for_this_code() -> None:
    err = _errors.InsufficientScopeError(
        endpoint="resource",
        status_code=403,
        challenges=[
            Challenge("Basic", {"realm": "x", "scope": "nope"}),
            Challenge("DPoP", {"error": "invalid_token", "scope": "other"}),
            Challenge("Bearer", {"error": "insufficient_scope", "scope": "files.read"}),
        ],
    )
    assert "files.read" in err.hint and "other" not in err.hint


def test_hint_scope_from_params_and_without_scope() -> None:
    err = _errors.InsufficientScopeError(
        endpoint="resource", status_code=403, params={"scope": ["a", "b"]}
    )
    assert '"a b"' in err.hint
    bare = _errors.InsufficientScopeError(endpoint="resource", status_code=403)
    assert "{" not in bare.hint and "scope" in bare.hint


def test_hint_step_up_with_acr_values_and_max_age() -> None:
    both = Challenge(
        "Bearer",
        {"error": "insufficient_user_authentication", "acr_values": "myACR", "max_age": "5"},
    )
    err = _errors.InsufficientUserAuthenticationError(
        endpoint="resource", status_code=401, challenges=[both]
    )
    assert 'acr_values="myACR"' in err.hint and "max_age=5" in err.hint
    acr = Challenge("Bearer", {"error": "insufficient_user_authentication", "acr_values": "x"})
    err = _errors.InsufficientUserAuthenticationError(endpoint="resource", challenges=[acr])
    assert 'acr_values="x"' in err.hint and "max_age" not in err.hint
    age = Challenge("Bearer", {"error": "insufficient_user_authentication", "max_age": "60"})
    err = _errors.InsufficientUserAuthenticationError(endpoint="resource", challenges=[age])
    assert "max_age=60" in err.hint
    bad = Challenge("Bearer", {"error": "insufficient_user_authentication", "max_age": "-1"})
    err = _errors.InsufficientUserAuthenticationError(endpoint="resource", challenges=[bad])
    assert "-1" not in err.hint and "{" not in err.hint


@pytest.mark.parametrize(
    "make",
    [
        lambda after: _errors.TemporarilyUnavailableError(
            endpoint="token", status_code=503, retry_after=after
        ),
        lambda after: _errors.ServerErrorError(endpoint="authorization", retry_after=after),
        lambda after: HTTPStatusError(
            "503", endpoint="resource", status_code=503, retry_after=after
        ),
        lambda after: HTTPStatusError("429", endpoint="token", status_code=429, retry_after=after),
        lambda after: UnknownOAuthError(
            "rate_limited", endpoint="resource", status_code=429, retry_after=after
        ),
    ],
)
def test_retry_hints_mention_the_delay(make: object) -> None:
    err = make(30.2)  # type: ignore[operator]
    assert err.policy is Policy.RETRY
    assert "30 seconds" in err.hint
    without = make(None)  # type: ignore[operator]
    assert "seconds" not in without.hint and "back-off" in without.hint


def test_hint_polling_interval() -> None:
    err = _errors.SlowDownError(endpoint="token", status_code=400, params={"interval": 15})
    assert "15 seconds" in err.hint
    err = _errors.SlowDownError(endpoint="token", status_code=400)
    assert "5 seconds" in err.hint
    pending = _errors.AuthorizationPendingError(endpoint="token", params={"interval": "10"})
    assert "10 seconds" in pending.hint


def test_hint_is_endpoint_specific() -> None:
    at_resource = _errors.InvalidTokenError(endpoint="resource", status_code=401)
    at_token = _errors.InvalidTokenError(endpoint="token", status_code=400)
    assert at_resource.hint != at_token.hint
    grant = _errors.InvalidGrantError(description="bad code", endpoint="token", status_code=400)
    assert "authorization again" in grant.hint
    client = _errors.InvalidClientError(endpoint="introspection", status_code=401)
    assert "introspection endpoint" in client.hint


def test_status_hints() -> None:
    bare = [Challenge("Bearer", {"realm": "api"})]
    err = HTTPStatusError("401", endpoint="resource", status_code=401, challenges=bare)
    assert "Authorize" in err.hint
    err = HTTPStatusError("418", endpoint="token", status_code=418)
    assert "HTTP 418" in err.hint and err.policy is Policy.FAIL
    err = HTTPStatusError(endpoint="token")
    assert err.hint and "{" not in err.hint


def test_unknown_code_hint() -> None:
    err = UnknownOAuthError(
        "vendor_oops",
        "desc",
        "https://docs.example.com/errors#oops",
        endpoint="token",
        status_code=400,
    )
    assert "not a standard OAuth" in err.hint
    assert '"vendor_oops"' in err.hint
    assert "https://docs.example.com/errors#oops" in err.hint
    unsafe_link = UnknownOAuthError("vendor_oops", uri="javascript:alert(1)", status_code=400)
    assert "javascript" not in unsafe_link.hint and "documentation" in unsafe_link.hint
    weird = UnknownOAuthError("bad code\u202e<script>", status_code=400)
    assert "not a standard OAuth" in weird.hint
    assert "script" not in weird.hint and "\u202e" not in weird.hint


@pytest.mark.parametrize("bad", HOSTILE)
def test_hostile_server_text_never_reaches_a_hint(bad: str) -> None:
    text = f"read{bad}write"
    errors: list[OAuthError] = [
        _errors.InsufficientScopeError(
            description=text,
            endpoint="resource",
            status_code=403,
            challenges=[Challenge("Bearer", {"error": "insufficient_scope", "scope": text})],
        ),
        _errors.InsufficientUserAuthenticationError(
            description=text,
            endpoint="resource",
            challenges=[Challenge("Bearer", {"acr_values": text, "max_age": text})],
        ),
        _errors.UnmetAuthenticationRequirementsError(
            description=text, endpoint="authorization", params={"acr_values": text}
        ),
        _errors.SlowDownError(description=text, params={"interval": text}),
        UnknownOAuthError(f"x{bad}", text, f"https://e.example/{bad}", status_code=400),
        UnknownOAuthError(text, text, status_code=503),
        HTTPStatusError("503", text, status_code=503),
    ]
    for err in errors:
        for hint in (err.hint, hint_for(err)):
            assert bad not in hint
            assert "\x1b" not in hint and "\u202e" not in hint and "\n" not in hint


@given(st.text(max_size=2000), st.text(max_size=200))
def test_hints_are_always_safe_and_capped(scope: str, acr: str) -> None:
    err = _errors.InsufficientUserAuthenticationError(
        endpoint="resource",
        challenges=[Challenge("Bearer", {"scope": scope, "acr_values": acr})],
    )
    hint = hint_for(err)
    assert len(hint) <= 600
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", hint)
    scoped = _errors.InsufficientScopeError(
        endpoint="resource", challenges=[Challenge("Bearer", {"scope": scope})]
    )
    assert len(hint_for(scoped)) <= 600
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", hint_for(scoped))


def test_lookups_of_none_and_other_non_strings_answer_not_raise() -> None:
    for value in (None, 5, b"invalid_grant", ["invalid_grant"]):
        assert lookup(value) is None  # type: ignore[arg-type]
        assert error_class(value) is UnknownOAuthError  # type: ignore[arg-type]
