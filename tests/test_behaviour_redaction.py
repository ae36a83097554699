"""What secret redaction keeps out of sight, stated one behaviour per test (issue 17).

Written against ``oauth_client_errors._ground.redact``, the one routine every layer uses.
"""

from __future__ import annotations

from typing import Any

import pytest

from oauth_client_errors._ground import redact
from oauth_client_errors._ground.redact import (
    REDACTED,
    is_secret_name,
    scrub,
    secret_strings,
    split_secrets,
)


@pytest.mark.parametrize(
    "name",
    ["access_token", "accessToken", "ACCESS-TOKEN", "api_key", "apiKey", "device_code",
     "code_verifier", "auth_req_id", "client_secret", "mfa_token", "login_hint_token",
     "x_vendor_token", "mySecret", "user.password", "client_assertion", "token"],
)  # fmt: skip
def test_secret_names_in_any_spelling(name: str) -> None:
    assert is_secret_name(name) is True
    assert is_secret_name(name, authorization=True) is True


@pytest.mark.parametrize("name", ["error", "state", "scope", "token_type", "expires_in", "codes"])
def test_other_names_are_not_secret(name: str) -> None:
    assert is_secret_name(name) is False


@pytest.mark.parametrize("name", [42, None, b"access_token", ("token",)])
def test_a_name_that_is_no_string_is_not_secret(name: object) -> None:
    assert is_secret_name(name) is False


def test_code_is_secret_only_in_an_authorization_response() -> None:
    assert is_secret_name("code") is False  # vendors' error numbers stay visible
    assert is_secret_name("code", authorization=False) is False
    assert is_secret_name("code", authorization=True) is True
    assert secret_strings({"code": "abcd"}) == []
    assert secret_strings({"code": "abcd"}, authorization=True) == ["abcd"]
    assert split_secrets({"code": "abcd"}) == ({"code": "abcd"}, {})


def test_split_secrets_redacts_by_name_and_returns_the_raw_values() -> None:
    shown, raw = split_secrets({"access_token": "t-1", "error": "x", "n": 1})
    assert shown == {"access_token": REDACTED, "error": "x", "n": 1}
    assert raw == {"access_token": "t-1"}


def test_a_value_already_redacted_is_not_a_secret_again() -> None:
    shown, raw = split_secrets({"access_token": REDACTED})
    assert shown == {"access_token": REDACTED}
    assert raw == {}


def test_a_nested_object_holding_a_secret_is_redacted_whole() -> None:
    params = {"data": {"inner": [{"refresh_token": "r-1"}]}, "plain": {"x": "y"}, "l": ["a"]}
    shown, raw = split_secrets(params)
    assert shown == {"data": REDACTED, "plain": {"x": "y"}, "l": ["a"]}
    assert raw == {"data": {"inner": [{"refresh_token": "r-1"}]}}


def test_the_screening_cache_never_hides_an_authorization_code() -> None:
    # The names judged not secret are remembered per kind of response: "code" judged
    # harmless in a token response must stay a secret in an authorization response.
    for _ in range(2):
        assert split_secrets({"code": "1234", "zz_state_cache": "s"}) == (
            {"code": "1234", "zz_state_cache": "s"},
            {},
        )
        shown, raw = split_secrets({"code": "abcd", "zz_state_cache": "s"}, authorization=True)
        assert shown == {"code": REDACTED, "zz_state_cache": "s"}
        assert raw == {"code": "abcd"}


def test_the_screening_cache_never_hides_a_nested_secret() -> None:
    for _ in range(2):
        shown, _raw = split_secrets({"zz_nest_cache": {"id_token": "i-1"}})
        assert shown == {"zz_nest_cache": REDACTED}


def test_secret_strings_finds_every_string_under_a_secret_name() -> None:
    secrets = {
        "access_token": "t-1",
        "token": {"a": "t-2", "b": ["t-3", 7]},
        "data": {"refresh_token": "r-1", "x": "not secret"},
    }
    assert sorted(secret_strings(secrets)) == ["r-1", "t-1", "t-2", "t-3"]


def test_secret_strings_are_bounded() -> None:
    values = [f"s{i:03d}" for i in range(150)]
    assert len(secret_strings({"access_token": values})) == redact._MAX_FOUND


def test_scrub_replaces_every_occurrence_longest_secret_first() -> None:
    text = "abcdef and abcd and ABCD"
    assert scrub(text, ["abcd", "abcdef"]) == f"{REDACTED} and {REDACTED} and ABCD"


@pytest.mark.parametrize(
    ("secrets", "expected"),
    [
        pytest.param(["abc"], "abc abcd", id="three-characters-ignored"),
        pytest.param(["abcd"], f"abc {REDACTED}", id="four-characters-scrubbed"),
        pytest.param(["  abcd  "], f"abc {REDACTED}", id="stripped-first"),
        pytest.param([" abc "], "abc abcd", id="short-once-stripped"),
        pytest.param([None, ""], "abc abcd", id="nothing"),
        pytest.param([None, "abcd"], f"abc {REDACTED}", id="none-among-secrets"),
    ],
)
def test_scrub_ignores_secrets_too_short_to_hide_anything(
    secrets: list[str | None], expected: str
) -> None:
    assert scrub("abc abcd", secrets) == expected


def test_scrub_reaches_keys_values_lists_and_tuples() -> None:
    value = {"k-secret1": ["secret1", ("x secret1 y", 3)], "n": None}
    assert scrub(value, ["secret1"]) == {
        f"k-{REDACTED}": [REDACTED, (f"x {REDACTED} y", 3)],
        "n": None,
    }


def nest(kind: str, depth: int) -> Any:
    value: Any = "the secret1 here"
    for _ in range(depth):
        value = {"k": value} if kind == "dict" else [value] if kind == "list" else (value,)
    return value


def leaf(value: Any) -> Any:
    while not isinstance(value, str):
        value = value["k"] if isinstance(value, dict) else value[0]
    return value


@pytest.mark.parametrize("kind", ["dict", "list", "tuple"])
def test_scrub_goes_as_deep_as_its_bound_and_hides_what_lies_deeper(kind: str) -> None:
    deepest = redact._MAX_DEPTH + 1  # containers above a string that is still scrubbed
    assert leaf(scrub(nest(kind, deepest), ["secret1"])) == f"the {REDACTED} here"
    # Deeper than that is not walked, so not kept: the container is redacted whole.
    assert leaf(scrub(nest(kind, deepest + 1), ["secret1"])) == REDACTED
    assert leaf(scrub(nest(kind, deepest + 1), ["other1"])) == REDACTED


def test_a_tuple_key_is_scrubbed_and_counts_towards_the_depth_bound_like_a_value() -> None:
    # A key is one level below its dict, like the value beside it (err.args and the
    # params a caller builds may hold tuples, and a tuple can be a key).
    deepest = redact._MAX_DEPTH + 1
    assert scrub({("x", "secret1"): "secret1"}, ["secret1"]) == {("x", REDACTED): REDACTED}
    (key,) = scrub({nest("tuple", deepest - 1): "v"}, ["secret1"])
    assert leaf(key) == f"the {REDACTED} here"
    (key,) = scrub({nest("tuple", deepest): "v"}, ["secret1"])
    assert leaf(key) == REDACTED  # deeper than the bound: hidden whole


def test_a_secret_containing_another_is_scrubbed_whole_whatever_their_order() -> None:
    # "aabcd" sorts before "abcd" yet contains it: the longer one must go first.
    assert scrub("x aabcd y", ["abcd", "aabcd"]) == f"x {REDACTED} y"
    assert scrub("x aabcd y", ["aabcd", "abcd"]) == f"x {REDACTED} y"


def test_a_secret_name_without_a_string_value_still_hides_its_object() -> None:
    secrets = {"data": {"access_token": 12345}}
    shown, raw = split_secrets(secrets)
    assert shown == {"data": REDACTED} and raw == secrets
    # ... and contributes no text to scrub: other text stays as it is.
    assert scrub("XXXX text 12345", secret_strings(raw)) == "XXXX text 12345"


def deep_secret(kind: str, depth: int) -> Any:
    value: Any = {"access_token": "deep-1"}
    for _ in range(depth):
        value = {"k": value} if kind == "dict" else [value]
    return value


@pytest.mark.parametrize("kind", ["dict", "list"])
def test_nested_secrets_are_found_as_deep_as_the_bound_and_deeper_is_hidden(kind: str) -> None:
    bound = redact._MAX_DEPTH  # the deepest container still searched
    assert secret_strings({"d": deep_secret(kind, bound)}) == ["deep-1"]
    assert split_secrets({"d": deep_secret(kind, bound)})[0] == {"d": REDACTED}
    # Deeper than the bound is not searched: it counts as holding a secret, so the value
    # around it is redacted whole, and it adds no text to scrub.
    deeper = {"d": deep_secret(kind, bound + 1)}
    assert split_secrets(deeper) == ({"d": REDACTED}, deeper)
    assert secret_strings(deeper) == [""]
    plain = {"d": deep_secret(kind, bound + 1)}
    plain_value = plain["d"]
    for _ in range(bound + 1):
        plain_value = plain_value["k"] if kind == "dict" else plain_value[0]
    plain_value.clear()
    plain_value["x"] = "not secret"
    assert split_secrets(plain)[0] == {"d": REDACTED}


def test_the_nested_search_stops_after_its_bound() -> None:
    many = {"d": [{"access_token": f"s{i:03d}"} for i in range(150)]}
    # It stops once it holds more than _MAX_FOUND strings.
    assert len(secret_strings(many)) == redact._MAX_FOUND + 1


def deep_plain(kind: str, depth: int) -> Any:
    value: Any = {"x": "not secret", "n": 7}
    for _ in range(depth):
        value = {"k": value} if kind == "dict" else [value]
    return value


@pytest.mark.parametrize("kind", ["dict", "list"])
def test_plain_values_as_deep_as_the_bound_are_kept(kind: str) -> None:
    params = {"d": deep_plain(kind, redact._MAX_DEPTH)}
    assert split_secrets(params) == (params, {})
    # A plain value right past the deepest scrubbed container is kept as it is too.
    ints = nest(kind, redact._MAX_DEPTH + 1)
    inner = ints
    for _ in range(redact._MAX_DEPTH):
        inner = inner["k"] if kind == "dict" else inner[0]
    if kind == "dict":
        inner["k"] = 7
    else:
        inner[0] = 7
    assert scrub(ints, ["secret1"]) == ints


# -- the cache of names judged not secret-bearing (a speed aid that must not forget or grow) --


def _fresh(prefix: str) -> str:
    """A name no earlier test (nor mutmut's parent process) can have judged already."""
    import uuid

    return f"{prefix}{uuid.uuid4().hex}"


def test_a_new_plain_name_is_judged_once_and_remembered() -> None:
    name = _fresh("plain_")
    received, secrets = split_secrets({"error": "invalid_grant", name: "v"})
    assert received == {"error": "invalid_grant", name: "v"} and secrets == {}
    assert name in redact._JUDGED  # the next response with it skips the check
    assert name not in redact._JUDGED_AUTHORIZATION  # each endpoint kind keeps its own


def test_a_secret_name_is_never_remembered_as_plain() -> None:
    name = _fresh("x") + "_token"
    received, secrets = split_secrets({name: "s3cret"})
    assert received == {name: REDACTED} and secrets == {name: "s3cret"}
    assert name not in redact._JUDGED
    again, _ = split_secrets({name: "s3cret"})  # and it stays secret the second time
    assert again == {name: REDACTED}


def test_the_cache_never_grows_past_its_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(redact, "_JUDGED", {"error"})
    monkeypatch.setattr(redact, "_MAX_JUDGED", 3)
    names = [_fresh(f"n{i}_") for i in range(5)]
    received, _ = split_secrets(dict.fromkeys(names, "v"))
    assert received == dict.fromkeys(names, "v")
    assert {"error", *names[:2]} == redact._JUDGED  # the first new names, up to the bound
    split_secrets({_fresh("more_"): "v"})
    assert len(redact._JUDGED) == 3  # full: nothing more is remembered


def test_names_seen_before_still_have_their_lists_searched_for_secrets() -> None:
    # Every top-level name already judged plain: the values are still searched for names
    # inside (a list holding an object or a list), and only plain values pass untouched.
    name = _fresh("items_")
    for _ in range(2):
        params = {name: [{"x": 1}, [{"refresh_token": "r-1"}]], "n": 7, "s": "v", "e": []}
        assert split_secrets(params) == (
            {name: REDACTED, "n": 7, "s": "v", "e": []},
            {name: [{"x": 1}, [{"refresh_token": "r-1"}]]},
        )
    plain = {name: ["a", 1, None], "n": 7, "f": 1.5, "z": 0, "none": None, "b": True}
    for _ in range(2):  # numbers, None and lists of plain values: returned as they came
        assert split_secrets(plain) == (plain, {})


# -- own=: whose dict is written to ------------------------------------------------------------


@pytest.mark.parametrize("secret", [False, True])
def test_the_callers_params_are_never_changed_nor_handed_back(secret: bool) -> None:
    name = _fresh("mine_")
    for _ in range(2):  # the second time every plain name is known already
        params = {"error": "invalid_grant", name: "v", "n": 1}
        if secret:
            params["access_token"] = "t-1"
        given = dict(params)
        received, secrets = split_secrets(params)
        assert received is not params
        assert params == given  # the caller's dict as it was, secret included
        received["error"] = "changed"
        assert params["error"] == "invalid_grant"
        assert secrets == ({"access_token": "t-1"} if secret else {})


def test_a_dict_handed_over_is_returned_itself_or_redacted_in_place() -> None:
    name = _fresh("own_")
    for _ in range(2):  # judged the first time, known the second
        params = {"error": "invalid_grant", name: "v"}
        received, secrets = split_secrets(params, own=True)
        assert received is params and secrets == {}
        assert params == {"error": "invalid_grant", name: "v"}
    params = {"error": "invalid_grant", name: "v", "id_token": "i-1"}
    received, secrets = split_secrets(params, own=True)
    assert received is params
    assert params == {"error": "invalid_grant", name: "v", "id_token": REDACTED}
    assert secrets == {"id_token": "i-1"}


@pytest.mark.parametrize("secret", [False, True])
def test_a_mapping_handed_over_that_is_no_plain_dict_is_copied(secret: bool) -> None:
    from types import MappingProxyType

    name = _fresh("proxy_")
    for _ in range(2):
        inner = {"error": "invalid_grant", name: "v"}
        if secret:
            inner["client_secret"] = "cs-1"
        received, secrets = split_secrets(MappingProxyType(inner), own=True)
        assert type(received) is dict
        assert received == {**inner, **({"client_secret": REDACTED} if secret else {})}
        assert secrets == ({"client_secret": "cs-1"} if secret else {})
        assert inner.get("client_secret", "cs-1") == "cs-1"  # never written to
