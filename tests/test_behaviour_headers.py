"""What the header reader gives back, stated one behaviour per test (issue 17).

Written against ``oauth_client_errors._wire.headers``, the reader every response goes
through: which fields are kept, in which shapes headers are accepted, ``Retry-After``,
``DPoP-Nonce``, ``Content-Type`` and the status.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from typing import Any

import httpx
import pytest

from oauth_client_errors import MalformedResponseError
from oauth_client_errors._wire import headers as h
from oauth_client_errors._wire.headers import (
    MAX_NONCE_LENGTH,
    MAX_RETRY_AFTER,
    content_type,
    dpop_nonce,
    first,
    header_fields,
    retry_after,
    status_code,
)


def _fresh(prefix: str = "X-Other-") -> str:
    """A header name no earlier call (nor mutmut's parent process) has looked up."""
    return f"{prefix}{uuid.uuid4().hex}"


# -- which fields, in which shapes --------------------------------------------------------------


@pytest.mark.parametrize("shape", ["dict", "pairs", "mapping", "httpx"])
def test_only_the_wanted_fields_are_kept_with_every_value_in_order(shape: str) -> None:
    items = [
        ("Retry-After", "5"),
        (_fresh(), "ignored"),
        ("WWW-Authenticate", 'Bearer error="invalid_token"'),
        ("content-TYPE", "application/json"),
        ("DPoP-Nonce", "n-1"),
    ]
    given: Any = {
        "dict": dict(items),
        "pairs": list(items),
        "mapping": OrderedDict(items),
        "httpx": httpx.Headers(items),
    }[shape]
    assert header_fields(given) == {
        "retry-after": ["5"],
        "www-authenticate": ['Bearer error="invalid_token"'],
        "content-type": ["application/json"],
        "dpop-nonce": ["n-1"],
    }


def test_repeated_fields_keep_every_value_from_pairs_and_httpx_headers() -> None:
    items = [("WWW-Authenticate", "Basic"), (_fresh(), "x"), ("www-authenticate", "Bearer")]
    expected = {"www-authenticate": ["Basic", "Bearer"]}
    assert header_fields(items) == expected
    assert header_fields(httpx.Headers(items)) == expected  # read through multi_items()


@pytest.mark.parametrize("given", [{"Retry-After": ["5", "6"]}, [("Retry-After", ["5", b"6"])]])
def test_a_list_of_values_is_every_value(given: Any) -> None:
    assert header_fields(given) == {"retry-after": ["5", "6"]}


@pytest.mark.parametrize(
    "given",
    [{"Retry-After": 5}, [("Retry-After", 5)], {b"Retry-After": b"5"}, [(b"retry-after", 5)]],
)
def test_values_and_names_that_are_not_text_are_read_as_text(given: Any) -> None:
    assert header_fields(given) == {"retry-after": ["5"]}


def test_bytes_are_latin_1() -> None:
    assert header_fields({"DPoP-Nonce": b"caf\xe9"}) == {"dpop-nonce": ["café"]}


def test_no_headers_is_no_fields() -> None:
    assert header_fields(None) == {}
    assert header_fields({}) == {}
    assert header_fields([]) == {}


@pytest.mark.parametrize("given", ["ab", b"ab", 5, object()])
def test_text_or_a_non_iterable_is_refused(given: Any) -> None:
    with pytest.raises(
        MalformedResponseError, match=r"^headers must be a mapping or \(name, value\) pairs$"
    ):
        header_fields(given)


@pytest.mark.parametrize("pair", ["ab", ("a", "b", "c"), ("a",), 5])
def test_a_pair_that_is_not_a_name_and_a_value_is_refused(pair: Any) -> None:
    with pytest.raises(MalformedResponseError, match=r"^headers must be \(name, value\) pairs$"):
        header_fields([("Retry-After", "1"), pair])


def test_fields_after_an_unwanted_one_are_still_read() -> None:
    assert header_fields([(_fresh(), "x"), ("Retry-After", "7")]) == {"retry-after": ["7"]}


# -- the cache of judged names (a speed aid that must give the same answers) --------------------


def test_a_new_name_is_judged_once_and_remembered() -> None:
    wanted, other = "Retry-After", _fresh()
    h._KEYS.pop(wanted, None)
    header_fields({wanted: "1", other: "2"})
    assert h._KEYS[wanted] == "retry-after"
    assert h._KEYS[other] == ""  # remembered as unwanted
    assert header_fields([(other, "2"), (wanted, "1")]) == {"retry-after": ["1"]}


def test_long_names_are_not_remembered_and_the_cache_is_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(h, "_KEYS", {})
    monkeypatch.setattr(h, "_MAX_KEYS", 2)
    name64, name65 = "x" * 64, "y" * 65
    header_fields({name64: "1", name65: "2"})
    assert {name64: ""} == h._KEYS
    header_fields({"a": "1"})
    assert {name64: "", "a": ""} == h._KEYS
    header_fields({"b": "1"})  # full: emptied, then the new name
    assert h._KEYS == {"b": ""}


# -- one field each -------------------------------------------------------------------------------


def test_first_is_the_first_value_or_none() -> None:
    assert first({"retry-after": ["1", "2"]}, "retry-after") == "1"
    assert first({"retry-after": []}, "retry-after") is None
    assert first({}, "retry-after") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("application/json", "application/json"),
        (" Application/JSON ; charset=utf-8; q=1", "application/json"),
        ("application/json;charset=utf-8", "application/json"),
        (None, ""),
        ("", ""),
    ],
)
def test_content_type_is_the_media_type_alone(raw: str | None, expected: str) -> None:
    fields = {"content-type": [raw]} if raw is not None else {}
    assert content_type(fields) == expected


def test_a_content_type_never_seen_is_its_media_type_alone_every_time() -> None:
    # A media type no earlier call (nor mutmut's parent process) has remembered, with
    # parameters after it: the first ";" ends it, whatever follows; case is folded.
    tag = uuid.uuid4().hex
    raw = f" Application/VND.{tag.upper()}+JSON ; charset=utf-8; q=1"
    for _ in range(2):  # read, then remembered: the same answer
        assert content_type({"content-type": [raw, "text/html"]}) == f"application/vnd.{tag}+json"
    spaced = f"text/x-{tag} ; a=b"
    assert content_type({"content-type": [spaced]}) == f"text/x-{tag}"


def test_content_types_are_remembered_only_when_short_and_the_memory_is_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(h, "_MEDIA", {})
    tag = uuid.uuid4().hex
    long256 = f"application/x-{tag}".ljust(256, "a")
    long257 = long256 + "a"
    assert content_type({"content-type": [long257]}) == long257
    assert content_type({"content-type": [long256 + ";q=1"]}) == long256
    assert content_type({"content-type": [long256]}) == long256
    assert {long256: long256} == h._MEDIA  # over 256 characters: not remembered
    values = [f"Text/X-{i}-{tag}; v=1" for i in range(255)]
    for value in values:
        content_type({"content-type": [value]})
    assert len(h._MEDIA) == 256
    assert h._MEDIA[values[-1]] == f"text/x-254-{tag}"
    assert content_type({"content-type": ["Image/PNG"]}) == "image/png"
    assert h._MEDIA == {"Image/PNG": "image/png"}  # full: emptied, then the new value


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("5", 5.0),
        (" \t5\t ", 5.0),
        ("0000000000005", 5.0),
        ("0", 0.0),
        ("000", 0.0),
        ("86401", MAX_RETRY_AFTER),
        ("9" * 5000, MAX_RETRY_AFTER),
        ("\n5", None),  # only SP and HTAB are white space around a field value
        ("X5", None),
        ("-5", None),
        ("1.5", None),
        ("", None),
        (None, None),
        ("soon", None),
    ],
)
def test_retry_after_seconds(raw: str | None, expected: float | None) -> None:
    assert retry_after(raw) == expected


def test_retry_after_http_date_in_the_past_is_now_and_the_length_bound_is_64() -> None:
    date = "Wed, 21 Oct 2015 07:28:00 GMT"
    padded64 = date.replace(", ", "," + " " * (64 - len(date) + 1), 1)
    assert len(padded64) == 64
    assert retry_after(padded64) == 0.0
    padded65 = date.replace(", ", "," + " " * (65 - len(date) + 1), 1)
    assert len(padded65) == 65
    assert retry_after(padded65) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("n", "n"),
        (" abc ", "abc"),
        ("a" * MAX_NONCE_LENGTH, "a" * MAX_NONCE_LENGTH),
        ("a" * (MAX_NONCE_LENGTH + 1), None),
        ("", None),
        ("  ", None),
        ('a"b', None),
        ("a b", None),
        (None, None),
    ],
)
def test_dpop_nonce(raw: str | None, expected: str | None) -> None:
    assert dpop_nonce(raw) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [(0, 0), (401, 401), (999, 999), (" 401 ", 401), (b"503", 503), (b"\xe9", None)],
)
def test_status_code_reads_0_to_999(given: Any, expected: int | None) -> None:
    if expected is None:
        with pytest.raises(MalformedResponseError, match=r"^the HTTP status must be an integer$"):
            status_code(given)
    else:
        assert status_code(given) == expected


@pytest.mark.parametrize("given", ["4O1", "", True, 4.0, None, "１２３"])
def test_status_code_refuses_what_is_not_digits(given: Any) -> None:
    with pytest.raises(MalformedResponseError, match=r"^the HTTP status must be an integer$"):
        status_code(given)


@pytest.mark.parametrize("given", [1000, -1, "1000"])
def test_status_code_refuses_more_than_three_digits(given: Any) -> None:
    with pytest.raises(
        MalformedResponseError, match=r"^the HTTP status must be a three-digit number$"
    ):
        status_code(given)


def test_a_name_that_cannot_be_a_key_is_ignored() -> None:
    assert header_fields([(["Retry-After"], "1"), ("Retry-After", "2")]) == {"retry-after": ["2"]}
