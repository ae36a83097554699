"""One redaction routine: secret-bearing names matched after normalising case and separators."""

from __future__ import annotations

import json
import pickle

import pytest

from oauth_client_errors import parse_response
from oauth_client_errors._ground.redact import REDACTED, is_secret_name, scrub

JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize(
    "name",
    [
        "mfa_token",
        "auth_req_id",
        "token",
        "pre-authorized_code",
        "login_hint_token",
        "accessToken",
        "refreshToken",
        "clientSecret",
        "ACCESS_TOKEN",
        "Client-Secret",
        "id_token",
        "device_code",
        "code_verifier",
        "password",
        "client_assertion",
    ],
)
def test_secret_names_in_any_spelling(name: str) -> None:
    assert is_secret_name(name)
    secret = "s3cr3t-value-0123456789"
    body = {"error": "invalid_request", "error_description": f"bad {secret}", name: secret}
    err = parse_response(400, JSON, json.dumps(body))
    assert err is not None
    assert err.params[name] == REDACTED
    assert err.secret_params[name] == secret
    for text in (str(err), repr(err), json.dumps(err.to_dict()), err.hint):
        assert secret not in text
    assert secret.encode() not in pickle.dumps(err)


@pytest.mark.parametrize(
    "name", ["error", "error_description", "scope", "state", "code", "error_codes", "interval"]
)
def test_other_names_stay_visible(name: str) -> None:
    assert not is_secret_name(name)
    assert is_secret_name("code", authorization=True)


def test_every_string_field_is_scrubbed_vendor_code_too() -> None:
    body = {"error": "leaky_vendor_code_SECRETVALUE", "error_description": "SECRETVALUE"}
    err = parse_response(400, JSON, json.dumps(body), provider="github")
    assert err is not None
    err._redact(["SECRETVALUE"])
    for value in (err.code, err.received_code, err.description, err.vendor_code):
        assert value is None or "SECRETVALUE" not in value
    assert "SECRETVALUE" not in err.hint and "SECRETVALUE" not in json.dumps(err.to_dict())


def test_scrub_removes_the_longest_secret_first() -> None:
    assert scrub({"a": ["xx-abcd-yy"]}, ["abcd", "abcd-yy"]) == {"a": [f"xx-{REDACTED}"]}
    assert scrub("abc", ["abc"]) == "abc"  # too short to be worth hiding
