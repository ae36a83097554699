"""What the redirect reader gives back, stated one behaviour per test (issue 17).

Written against ``oauth_client_errors._wire.redirects``, the reader every authorization
redirect goes through: where the parameters are read from, what is refused (and with
which message), and the ``state`` and ``iss`` checks.
"""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pytest

from oauth_client_errors import (
    SKIP_STATE_CHECK,
    IssuerMismatchError,
    MalformedResponseError,
    StateMismatchError,
    parse_redirect,
)
from oauth_client_errors._wire import redirects as r
from oauth_client_errors._wire.redirects import (
    MAX_REDIRECT_PARAMS,
    check_issuer,
    check_state,
    redirect_params,
)

# -- where the parameters are read from -----------------------------------------------------------


def test_a_question_mark_inside_the_query_belongs_to_the_query() -> None:
    url = "https://app.example/cb?error=access_denied&next=/a?b=c&state=s"
    assert redirect_params(url) == {"error": "access_denied", "next": "/a?b=c", "state": "s"}


@pytest.mark.parametrize(
    "url",
    ["https://app.example/cb=x", "https://app.example/a=b/c", "app://cb/error=x"],
)
def test_a_url_without_query_or_fragment_has_no_parameters_even_with_an_equals_sign(
    url: str,
) -> None:
    assert redirect_params(url) == {}


def test_a_bare_query_string_is_the_query() -> None:
    assert redirect_params("error=access_denied&state=s") == {
        "error": "access_denied",
        "state": "s",
    }


def test_only_c0_controls_and_space_around_the_url_are_stripped() -> None:
    url = "\x00\x01 https://app.example/cb?error=access_denied&state=s\x1f\x02 "
    assert redirect_params(url) == {"error": "access_denied", "state": "s"}
    # No-break space and other non-C0 white space are part of the value.
    assert redirect_params("https://app.example/cb?state=s\u00a0") == {"state": "s\u00a0"}
    assert redirect_params("https://app.example/cb?state=s\x85") == {"state": "s\x85"}


def test_a_fragment_without_response_parameters_leaves_the_query_response() -> None:
    url = "https://app.example/cb?code=c-1&state=s#section=2"
    assert redirect_params(url) == {"code": "c-1", "state": "s"}
    url = "https://app.example/cb?utm=1#error=access_denied&state=s"
    assert redirect_params(url) == {"error": "access_denied", "state": "s"}
    assert redirect_params("https://app.example/cb?code=c-1&state=s#") == {
        "code": "c-1",
        "state": "s",
    }


def test_response_parameters_in_both_query_and_fragment_are_refused() -> None:
    with pytest.raises(MalformedResponseError) as caught:
        redirect_params("https://app.example/cb?code=c-1#error=access_denied")
    assert str(caught.value) == (
        "both the query and the fragment carry authorization response parameters; "
        "the response is ambiguous and was not trusted"
    )


def test_bytes_are_utf8() -> None:
    url = b"https://app.example/cb?error=x&state=\xc3\xa9\xff"
    assert redirect_params(url) == {"error": "x", "state": "é\ufffd"}
    assert redirect_params(bytearray(b"error=x")) == {"error": "x"}


@pytest.mark.parametrize("url", [None, 12, ["error=x"]])
def test_a_url_that_is_not_text_is_refused(url: Any) -> None:
    with pytest.raises(MalformedResponseError) as caught:
        redirect_params(url)
    assert str(caught.value) == "the redirect URL must be str or bytes"


# -- repeated and too many parameters: refused, named by where they are ---------------------------


@pytest.mark.parametrize(("sign", "where"), [("?", "query"), ("#", "fragment")])
def test_a_repeated_parameter_is_refused_naming_it_and_where(sign: str, where: str) -> None:
    with pytest.raises(MalformedResponseError) as caught:
        redirect_params(f"https://app.example/cb{sign}state=a&state=b")
    assert str(caught.value) == (
        f"parameter 'state' appears more than once in the {where} (RFC 6749 §3.1); "
        "the response was not trusted"
    )


def test_a_repeated_parameter_is_named_shortened_and_safe_to_print() -> None:
    name = "\x1b[31m" + "n" * 100
    with pytest.raises(MalformedResponseError) as caught:
        redirect_params(f"https://app.example/cb?{name}=1&{name}=2")
    assert str(caught.value).startswith(f"parameter '{'n' * 39}…' appears more than once in")


@pytest.mark.parametrize(("sign", "where"), [("?", "query"), ("#", "fragment")])
def test_too_many_parameters_are_refused_naming_where(sign: str, where: str) -> None:
    at_bound = "&".join(["state=s"] + [f"p{i}=v" for i in range(1, MAX_REDIRECT_PARAMS)])
    assert len(redirect_params(f"https://app.example/cb{sign}{at_bound}")) == MAX_REDIRECT_PARAMS
    assert at_bound.count("&") == MAX_REDIRECT_PARAMS - 1
    for extra in ("&x=1", "&"):  # one separator more
        with pytest.raises(MalformedResponseError) as caught:
            redirect_params(f"https://app.example/cb{sign}{at_bound}{extra}")
        assert str(caught.value) == f"more than {MAX_REDIRECT_PARAMS} parameters in the {where}"


# -- state ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["s-1", "é-état", "\ud800-lone-surrogate", ""])
def test_the_same_state_passes_in_any_script(state: str) -> None:
    check_state({"state": state}, state)
    url = f"https://app.example/cb?error=access_denied&state={state}"
    err = parse_redirect(url, expected_state=state)
    assert err is not None and err.code == "access_denied"


_STATE_MISMATCH = (
    "the redirect's state is missing or does not match the state sent; the response may be "
    "forged (CSRF) and was not trusted"
)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "s-2"}, "s-1"),
        ({"state": "abc"}, "abç"),  # one side ASCII, the other not
        ({"state": "abç"}, "abc"),
        ({"state": "\ud800"}, "\ud801"),
        ({}, "s-1"),
    ],
)
def test_a_different_or_missing_state_is_refused(params: dict[str, str], expected: str) -> None:
    with pytest.raises(StateMismatchError) as caught:
        check_state(params, expected)
    assert str(caught.value) == _STATE_MISMATCH


def test_the_state_check_works_the_first_time_in_a_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(r, "_compare", None)  # as in a process that never compared yet
    check_state({"state": "s-1"}, "s-1")
    with pytest.raises(StateMismatchError):
        check_state({"state": "s-2"}, "s-1")


def test_skip_state_check_skips_and_anything_else_that_is_no_text_is_refused() -> None:
    check_state({}, SKIP_STATE_CHECK)
    for expected in (None, b"s-1", 1):
        with pytest.raises(TypeError) as caught:
            check_state({"state": "s-1"}, expected)
        assert str(caught.value) == (
            "expected_state must be the state sent (a str), or SKIP_STATE_CHECK to skip the check"
        )


def test_skip_state_check_is_one_object_that_names_itself() -> None:
    assert repr(SKIP_STATE_CHECK) == "SKIP_STATE_CHECK"
    assert pickle.loads(pickle.dumps(SKIP_STATE_CHECK)) is SKIP_STATE_CHECK
    assert copy.deepcopy(SKIP_STATE_CHECK) is SKIP_STATE_CHECK


# -- iss ----------------------------------------------------------------------------------------


def test_the_same_issuer_passes_and_none_skips_the_check() -> None:
    check_issuer({"iss": "https://as.example"}, "https://as.example")
    check_issuer({"iss": "https://ás.example"}, "https://ás.example")
    check_issuer({}, None)
    check_issuer({"iss": "https://evil.example"}, None)


def test_a_missing_issuer_is_refused_saying_how_to_skip_the_check() -> None:
    with pytest.raises(IssuerMismatchError) as caught:
        check_issuer({}, "https://as.example")
    assert str(caught.value) == (
        "the redirect has no iss parameter although an issuer was expected (RFC 9207); "
        "pass expected_issuer=None only if the server does not send iss"
    )


@pytest.mark.parametrize(
    "iss", ["https://evil.example", "https://as.example/", "https://ás.example"]
)
def test_a_different_issuer_is_refused_as_a_mix_up(iss: str) -> None:
    with pytest.raises(IssuerMismatchError) as caught:
        check_issuer({"iss": iss}, "https://as.example")
    assert str(caught.value) == (
        "the redirect's iss names a different authorization server (RFC 9207 mix-up "
        "defence); the response was not trusted"
    )
