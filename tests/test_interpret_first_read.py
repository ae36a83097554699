"""Errors whose class a registered code fixes are decided on the first read of a field.

``parse_response`` and ``parse_redirect`` hand back the typed error as soon as the body is
read when its ``error`` is a registered RFC 6749 code read as such (no envelope that reads
a vendor's own code applies); recognition, classification, the hint and the secret screen
run when a field is first read. These tests state that this changes nothing a program can
see: the same class and fields as deciding at once, decided once, whatever the threads,
with writes kept, and no secret reachable before the first read either.
"""

from __future__ import annotations

import json
import pickle
import threading
import traceback
from typing import Any

import pytest

import oauth_client_errors._interpret as interpret
from oauth_client_errors import (
    InvalidGrantError,
    InvalidTokenError,
    OAuthError,
    Policy,
    parse_redirect,
    parse_response,
)
from oauth_client_errors._registry import all_codes
from oauth_client_errors.testing import samples

JSON = {"Content-Type": "application/json"}
SECRET = "sentinel-refresh-3f9a1c"


def _fields(err: OAuthError) -> dict[str, Any]:
    data = err.to_dict()
    data["class"] = type(err)
    data["str"] = str(err)
    data["repr"] = repr(err)
    data["secret_params"] = dict(err.secret_params)
    data["vendor_code"] = err.vendor_code
    data["challenges"] = err.challenges
    data["dpop_nonce"] = err.dpop_nonce
    return data


def _at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the parsers decide every error at once (no class is known beforehand)."""
    monkeypatch.setattr(interpret, "known_class", lambda error, params: None)


def _pending(err: OAuthError | None) -> bool:
    assert err is not None
    return err._pending is not None


def test_a_registered_code_is_typed_before_anything_else_is_decided() -> None:
    body = b'{"error":"invalid_grant","error_description":"The refresh token has expired"}'
    err = parse_response(400, JSON, body)
    assert type(err) is InvalidGrantError
    assert _pending(err)
    assert err is not None and err.policy is Policy.REAUTHORIZE
    assert not _pending(err)


@pytest.mark.parametrize(
    ("status", "body", "why"),
    [
        (400, b'{"error":"bad_verification_code"}', "not a registered code"),
        (401, b'{"ok":false,"error":"invalid_auth"}', "Slack's envelope reads its own code"),
        (400, b'{"error":{"code":"InvalidAuthenticationToken"}}', "an error object"),
        (503, b"", "told by the status alone"),
        (400, b'{"error":"invalid_grant","errorCode":"E1","errorSummary":"x"}', "Okta members"),
    ],
)
def test_other_errors_are_decided_at_once(status: int, body: bytes, why: str) -> None:
    err = parse_response(status, JSON, body)
    assert err is not None and not _pending(err), why


def test_a_challenge_or_strict_reading_decides_at_once() -> None:
    challenged = parse_response(401, {"WWW-Authenticate": 'Bearer error="invalid_token"'}, None)
    assert type(challenged) is InvalidTokenError and not _pending(challenged)
    strict = parse_response(400, JSON, b'{"error":"invalid_grant"}', strict=True)
    assert strict is not None and not _pending(strict)


def _every_sample() -> list[Any]:
    return list(samples())


@pytest.mark.parametrize("sample", _every_sample(), ids=repr)
def test_every_known_provider_error_reads_the_same_decided_later_or_at_once(
    sample: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    later = sample.parse()
    with monkeypatch.context() as patch:
        _at_once(patch)
        now = sample.parse()
    assert later is not None and now is not None
    assert _fields(later) == _fields(now)


@pytest.mark.parametrize("info", list(all_codes()), ids=lambda info: info.code)
@pytest.mark.parametrize("status", [200, 400, 401, 403, 429, 503])
def test_every_registered_code_gets_the_class_the_full_decision_gives(
    info: Any, status: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = json.dumps(
        {"error": f" {info.code} ", "error_description": "d", "error_uri": "https://x.example/e"}
    ).encode()
    later = parse_response(status, JSON, body, token_sent=True, grant="refresh_token")
    redirect = f"https://app.example/cb?error={info.code}&state=s"
    later_redirect = parse_redirect(redirect, expected_state="s")
    with monkeypatch.context() as patch:
        _at_once(patch)
        now = parse_response(status, JSON, body, token_sent=True, grant="refresh_token")
        now_redirect = parse_redirect(redirect, expected_state="s")
    assert later is not None and now is not None
    assert _pending(later)  # the registered code fixed the class
    assert _fields(later) == _fields(now)
    assert later_redirect is not None and now_redirect is not None
    assert _fields(later_redirect) == _fields(now_redirect)


def test_the_fields_are_decided_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    decide = interpret._decide_response

    def counted(*evidence: Any) -> tuple[Any, ...]:
        calls.append(1)
        return decide(*evidence)

    monkeypatch.setattr(interpret, "_decide_response", counted)
    err = parse_response(400, JSON, b'{"error":"invalid_grant"}')
    assert err is not None and calls == []
    first = (err.code, err.policy, err.hint, dict(err.params), str(err))
    assert calls == [1]
    again = (err.code, err.policy, err.hint, dict(err.params), str(err))
    assert again == first and first[1] is Policy.REAUTHORIZE
    assert calls == [1]


def test_threads_reading_a_new_error_all_see_one_decision(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    decide = interpret._decide_response
    gate = threading.Event()

    def slow(*evidence: Any) -> tuple[Any, ...]:
        calls.append(1)
        gate.wait(0.2)  # the other threads arrive while this one decides
        return decide(*evidence)

    monkeypatch.setattr(interpret, "_decide_response", slow)
    err = parse_response(400, JSON, b'{"error":"invalid_grant","error_description":"x"}')
    assert err is not None
    names = ["code", "policy", "situation", "params", "description", "endpoint", "hint", "uri"]
    start = threading.Barrier(len(names) * 2)
    seen: dict[tuple[str, int], Any] = {}

    def read(name: str, turn: int) -> None:
        start.wait()
        seen[name, turn] = getattr(err, name)

    threads = [
        threading.Thread(target=read, args=(name, turn)) for name in names for turn in (0, 1)
    ]
    for thread in threads:
        thread.start()
    gate.set()
    for thread in threads:
        thread.join(10)
    assert calls == [1]
    for name in names:
        assert seen[name, 0] == seen[name, 1] == getattr(err, name)
    assert seen["policy", 0] is Policy.REAUTHORIZE


def test_a_field_written_before_any_read_is_kept() -> None:
    err = parse_response(400, JSON, b'{"error":"invalid_grant"}')
    assert err is not None
    err.status_code = None  # as the CLI does when the status was only assumed
    assert err.policy is Policy.REAUTHORIZE  # decided from what was read (HTTP 400)
    assert err.status_code is None
    assert "HTTP" not in str(err)
    err.policy = Policy.FAIL
    assert err.policy is Policy.FAIL


def _secret_body() -> bytes:
    return json.dumps(
        {
            "error": "invalid_grant",
            "error_description": f"refresh token {SECRET} is revoked",
            "refresh_token": SECRET,
        }
    ).encode()


def test_no_secret_is_reachable_before_the_first_read() -> None:
    err = parse_response(400, JSON, _secret_body())
    assert err is not None
    pickled = pickle.dumps(err)  # pickling reads the fields: decided, screened
    assert SECRET.encode() not in pickled
    fresh = parse_response(400, JSON, _secret_body())
    assert fresh is not None and _pending(fresh)
    try:
        raise fresh
    except OAuthError as exc:
        shown = "".join(
            traceback.TracebackException.from_exception(exc, capture_locals=True).format()
        )
    assert SECRET not in shown
    assert SECRET not in repr(fresh) and SECRET not in str(fresh)
    assert dict(fresh.secret_params) == {"refresh_token": SECRET}
    assert fresh.params["refresh_token"] == "[redacted]"
    assert fresh.description is not None and SECRET not in fresh.description


def test_a_new_error_is_pickled_with_its_decided_fields() -> None:
    err = parse_redirect(
        "https://app.example/cb?error=access_denied&error_description=no&state=s",
        expected_state="s",
    )
    assert err is not None and _pending(err)
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is type(err)
    assert back.to_dict() == err.to_dict()


def test_copies_of_a_new_error_carry_its_decided_fields() -> None:
    import copy

    body = b'{"error":"invalid_grant","error_description":"x","refresh_token":"' + SECRET.encode()
    body += b'"}'
    for clone in (copy.copy, copy.deepcopy):
        err = parse_response(400, JSON, body)
        assert err is not None and _pending(err)
        twin = clone(err)
        assert type(twin) is type(err) and twin is not err
        assert twin.to_dict() == err.to_dict()
        assert SECRET not in repr(twin.to_dict())
        assert twin.args == err.args and SECRET not in str(twin.args)
