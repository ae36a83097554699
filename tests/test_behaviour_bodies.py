"""What the body reader gives back, stated one behaviour per test (issue 17).

Written against ``oauth_client_errors._wire.bodies``, the reader every response body goes
through: which bodies are read as JSON or as a form, the bounds (size, nesting, numbers,
parameters), percent-decoding, and the helpers that turn members into text.
"""

from __future__ import annotations

import codecs
import json
from typing import Any

import pytest

from oauth_client_errors import MalformedResponseError
from oauth_client_errors._wire import bodies as b
from oauth_client_errors._wire.bodies import (
    MAX_BODY_BYTES,
    MAX_JSON_DEPTH,
    as_code,
    as_text,
    body_message,
    body_params,
    form_pairs,
    interval,
    percent_decode,
    read_json,
    unwrap_list,
)

# -- which bodies are read, and as what ---------------------------------------------------------


@pytest.mark.parametrize(
    "media_type", ["application/json", "application/problem+json", "application/vnd.x+json"]
)
def test_a_json_media_type_with_a_body_that_is_no_object_is_refused_when_strict(
    media_type: str,
) -> None:
    assert body_params("oops", media_type, 400) is None
    with pytest.raises(MalformedResponseError) as caught:
        body_params("oops", media_type, 400, strict=True)
    assert str(caught.value) == "the error response body is not a JSON object"


def test_a_body_that_is_no_json_under_another_media_type_is_not_refused() -> None:
    for media_type in ("text/html", "application/problem+JSON", "application/jsonx"):
        assert body_params("oops", media_type, 400, strict=True) is None


@pytest.mark.parametrize(
    "media_type",
    ["", "text/plain", "application/octet-stream", "application/x-www-form-urlencoded"],
)
@pytest.mark.parametrize("body", ["error=invalid_grant&x=1", "x=1&error=invalid_grant"])
def test_a_form_naming_an_error_is_read_under_a_plain_media_type(
    media_type: str, body: str
) -> None:
    assert body_params(body, media_type, 400) == {"error": "invalid_grant", "x": "1"}


@pytest.mark.parametrize("media_type", ["text/html", "TEXT/PLAIN", "application/xml"])
def test_a_form_naming_an_error_is_not_read_under_another_media_type(media_type: str) -> None:
    assert body_params("error=invalid_grant&x=1", media_type, 400) is None


@pytest.mark.parametrize("media_type", ["", "text/plain", "application/octet-stream"])
def test_a_form_without_an_error_is_read_only_when_it_says_it_is_a_form(media_type: str) -> None:
    for body in ("a=1&b=2", "a=1&xerror=2", "a=1&ERROR=2"):
        assert body_params(body, media_type, 400) is None
    assert body_params("a=1&b=2", "application/x-www-form-urlencoded", 400) == {"a": "1", "b": "2"}


def test_a_repeated_form_parameter_keeps_its_first_value_and_every_other_parameter() -> None:
    body = "error=invalid_grant&error=other&x=1&x=2&y=3"
    assert body_params(body, "", 400) == {"error": "invalid_grant", "x": "1", "y": "3"}


def test_a_repeated_form_parameter_is_refused_when_strict_and_named_shortened() -> None:
    with pytest.raises(MalformedResponseError) as caught:
        body_params("error=a&error=b", "", 400, strict=True)
    assert str(caught.value) == "parameter 'error' is repeated in the body"
    name = "n" * 100
    with pytest.raises(MalformedResponseError) as caught:
        body_params(f"error=a&{name}=1&{name}=2", "", 400, strict=True)
    assert str(caught.value) == f"parameter '{'n' * 39}…' is repeated in the body"


def test_a_json_array_error_body_is_its_first_error_object() -> None:
    entry = {"message": "Session expired", "errorCode": "INVALID_SESSION_ID"}
    assert unwrap_list([entry, {"message": "x", "errorCode": "Y"}]) == entry
    assert body_params('[{"message": "Session expired", "errorCode": "INVALID_SESSION_ID"}]',
                       "application/json", 401) == entry  # fmt: skip
    for status in (400, 500):
        assert body_params(json.dumps([entry]), "application/json", status) == entry
    for no_error in (None, 200, 399):  # not an error: an array is not an error document
        assert body_params(json.dumps([entry]), "application/json", no_error) is None
    assert unwrap_list([{"errorCode": "X"}]) is None  # both members are needed
    assert unwrap_list([{"message": "m"}]) is None
    assert unwrap_list([{"errorCode": 1, "message": "m"}]) is None
    assert unwrap_list([]) is None


# -- how the JSON is decoded -----------------------------------------------------------------


_NAN_BODY = '{"error": "invalid_grant", "n": NaN}'


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(_NAN_BODY.encode("utf-16-le"), id="utf-16-le"),
        pytest.param(_NAN_BODY.encode("utf-16-be"), id="utf-16-be"),
        pytest.param(_NAN_BODY.encode("utf-32-le"), id="utf-32-le"),
        pytest.param(_NAN_BODY.encode("utf-32-be"), id="utf-32-be"),
        pytest.param(_NAN_BODY.encode("utf-16"), id="utf-16-bom"),
        pytest.param(codecs.BOM_UTF8 + _NAN_BODY.encode(), id="utf-8-bom"),
        pytest.param(_NAN_BODY.encode(), id="utf-8"),
        pytest.param(_NAN_BODY, id="str"),
    ],
)
def test_nan_is_text_when_lenient_and_refused_when_strict_in_every_encoding(raw: Any) -> None:
    assert body_params(raw, "application/json", 400) == {"error": "invalid_grant", "n": "NaN"}
    with pytest.raises(MalformedResponseError):
        body_params(raw, "application/json", 400, strict=True)


def test_read_json_is_lenient_unless_asked() -> None:
    assert read_json(_NAN_BODY) == {"error": "invalid_grant", "n": "NaN"}
    assert read_json(_NAN_BODY.encode()) == {"error": "invalid_grant", "n": "NaN"}
    assert read_json(_NAN_BODY, strict=True) is None
    assert read_json(_NAN_BODY.encode(), strict=True) is None


def test_json_is_the_whole_body_between_json_white_space() -> None:
    assert read_json(' \t\n\r{"error": "x"} \r\n') == {"error": "x"}
    assert read_json('{"error": "x"} and more') is None
    assert read_json('{"error": "x"}{}') is None
    for space in ("\x0c", "\x0b", "\u00a0", "\u2028"):  # white space, but not JSON's
        assert read_json(space + '{"error": "x"}') is None
        assert read_json('{"error": "x"}' + space) is None
    assert body_params('{"error": "x"} and more', "application/json", 400) is None


@pytest.mark.parametrize("status", [None, 200, 400, 500])
@pytest.mark.parametrize("body", ["5", '"text"', "null", "true", "[]", "[1]"])
def test_json_that_is_no_object_gives_no_parameters(status: int | None, body: str) -> None:
    assert body_params(body, "application/json", status) is None


def test_invalid_utf8_in_json_bytes_becomes_the_replacement_character() -> None:
    assert read_json(b'{"error": "bad\xff"}') == {"error": "bad\ufffd"}


@pytest.mark.parametrize("digits", [1, 999, 1000])
def test_numbers_up_to_1000_digits_are_numbers(digits: int) -> None:
    text = "7" * digits
    assert read_json(f'{{"n": {text}}}') == {"n": int(text)}


def test_a_longer_number_is_kept_as_its_digits_and_the_body_still_read() -> None:
    text = "7" * 1001
    assert read_json(f'{{"error": "x", "n": {text}}}') == {"error": "x", "n": text}


# -- nesting: deeper than MAX_JSON_DEPTH is refused, never a RecursionError ---------------------


def _nested(depth: int, inner: str = "1", *, kind: str = "arrays") -> str:
    opens = {"arrays": "[" * depth, "objects": '{"a":' * depth}
    if kind == "mixed":
        return '{"a":[' * (depth // 2) + inner + "]}" * (depth // 2)
    return opens[kind] + inner + ("]" if kind == "arrays" else "}") * depth


@pytest.mark.parametrize("kind", ["arrays", "objects", "mixed"])
def test_json_nested_deeper_than_the_bound_is_refused_with_its_reason(kind: str) -> None:
    text = _nested(MAX_JSON_DEPTH + 2, kind=kind)
    with pytest.raises(MalformedResponseError) as caught:
        read_json(text)
    assert str(caught.value) == f"the JSON body nests deeper than {MAX_JSON_DEPTH} levels"
    assert body_params(text, "application/json", 400) is None  # leniently: left unread
    with pytest.raises(MalformedResponseError):
        body_params(text, "application/json", 400, strict=True)


def test_json_nested_exactly_to_the_bound_is_read_even_with_more_brackets() -> None:
    # 65 opening brackets, at most 64 open at once.
    text = "[" * (MAX_JSON_DEPTH - 1) + "[],[]" + "]" * (MAX_JSON_DEPTH - 1)
    assert text.count("[") > MAX_JSON_DEPTH
    value = read_json(text)
    for _ in range(MAX_JSON_DEPTH - 2):  # down to the array at depth 63
        value = value[0]
    assert value == [[], []]


def test_json_nested_deeper_than_the_bound_is_refused_with_white_space_and_strings() -> None:
    depth = MAX_JSON_DEPTH + 6
    text = "[ " * depth + '"a", "b", "c"' + " ]" * depth
    with pytest.raises(MalformedResponseError):
        read_json(text)


_MANY = 3 * MAX_JSON_DEPTH  # enough brackets, and characters, to be measured


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('{"a": "' + "[{" * _MANY + '"}', {"a": "[{" * _MANY}, id="brackets"),
        pytest.param(
            '{"a": "\\"' + "[" * _MANY + '"}', {"a": '"' + "[" * _MANY}, id="escaped-quote"
        ),
        pytest.param(
            '{"a": "x\\\\", "b": "' + "[" * _MANY + '"}',
            {"a": "x\\", "b": "[" * _MANY},
            id="escaped-backslash",
        ),
        pytest.param(
            '{"a": "a", "b": "c", "d": "' + "{" * _MANY + '"}',
            {"a": "a", "b": "c", "d": "{" * _MANY},
            id="several-strings",
        ),
    ],
)
def test_brackets_inside_strings_do_not_nest(text: str, expected: dict[str, str]) -> None:
    assert read_json(text) == expected


def test_a_json_string_of_nothing_but_brackets_is_that_string() -> None:
    text = "[" * _MANY
    assert read_json(f'"{text}"') == text


@pytest.mark.parametrize("size", [MAX_JSON_DEPTH + 1, 2 * MAX_JSON_DEPTH])
def test_text_too_short_to_nest_past_the_bound_is_never_refused_as_too_deep(size: int) -> None:
    # Nesting past the bound takes more than twice as many characters (each bracket opened
    # is closed): shorter text is read or not as JSON, never refused for its depth.
    assert read_json("[" * size) is None
    assert body_params("[" * size, "application/json", 200, strict=True) is None


# -- the size bound -----------------------------------------------------------------------------


def test_a_body_over_the_size_bound_is_not_read_and_refused_when_strict() -> None:
    body = b'{"error": "x", "pad": "' + b" " * MAX_BODY_BYTES + b'"}'
    assert body_params(body, "application/json", 400) is None
    with pytest.raises(MalformedResponseError) as caught:
        body_params(body, "application/json", 400, strict=True)
    assert str(caught.value) == f"the body is larger than {MAX_BODY_BYTES} bytes and was not read"


def test_a_text_body_is_measured_in_utf8_bytes_not_characters() -> None:
    head = '{"error": "invalid_grant", "pad": "'
    fits = head + "a" * (MAX_BODY_BYTES - len(head) - 2) + '"}'
    assert len(fits) == MAX_BODY_BYTES
    assert body_params(fits, "application/json", 400) == {
        "error": "invalid_grant",
        "pad": fits[len(head) : -2],
    }
    over = fits[:-3] + 'é"}'  # as many characters, one byte more
    assert len(over) == MAX_BODY_BYTES
    assert body_params(over, "application/json", 400) is None


@pytest.mark.parametrize("body", [12, ["error=x"], {"error": "x"}])
def test_a_body_that_is_not_bytes_nor_text_is_refused(body: Any) -> None:
    with pytest.raises(MalformedResponseError) as caught:
        body_params(body, "application/json", 400)
    assert str(caught.value) == "the body must be bytes, str or None"


def test_bytes_like_bodies_are_read_as_bytes() -> None:
    raw = b'{"error": "invalid_grant"}'
    for body in (bytearray(raw), memoryview(raw)):
        assert body_params(body, "application/json", 400) == {"error": "invalid_grant"}  # type: ignore[arg-type]


# -- form bodies ------------------------------------------------------------------------------


def test_the_parameter_bound_counts_separators() -> None:
    assert form_pairs("a&b&c", limit=3) == [("a", ""), ("b", ""), ("c", "")]
    with pytest.raises(MalformedResponseError) as caught:
        form_pairs("a&b&c", limit=2)
    assert str(caught.value) == "more than 2 parameters"


def test_percent_decoding_works_the_first_time_in_a_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(b, "_escapes", None)  # as in a process that never decoded yet
    assert percent_decode("a%20b+c%zz%") == "a b c%zz%"
    assert percent_decode("%41%42%4") == "AB%4"


def test_escape_runs_decode_as_utf8_with_other_digits_and_percent_signs_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(b, "_RUNS", {})  # each run decoded here, not remembered from before
    assert percent_decode("%41%42") == "AB"
    assert percent_decode("%c3%A9") == "é"
    assert percent_decode("%FF%41") == "\ufffdA"
    assert percent_decode("%414%") == "A4%"
    # Runs a multiple of three long that are not escapes alone: "%" and digits kept.
    assert percent_decode("%4A1%1") == "J1%1"
    assert percent_decode("%41%%4") == "A%%4"
    assert percent_decode("%41" * 10 + "%%4") == "A" * 10 + "%%4"  # too long to remember


def test_short_escape_runs_are_remembered_and_the_memory_is_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(b, "_RUNS", {})
    monkeypatch.setattr(b, "_MAX_RUNS", 2)
    run16, run17 = "%41" * 5 + "4", "%41" * 5 + "44"
    assert percent_decode(run17) == "AAAAA44"
    assert b._RUNS == {}  # over 16 characters: not remembered
    assert percent_decode(run16) == "AAAAA4"
    assert {run16: "AAAAA4"} == b._RUNS
    assert percent_decode("x%42") == "xB"
    assert {run16: "AAAAA4", "%42": "B"} == b._RUNS
    assert percent_decode("%43") == "C"  # full: emptied, then the new run
    assert b._RUNS == {"%43": "C"}
    assert percent_decode("%43%43") == "CC"


# -- the members read as text ------------------------------------------------------------------


def test_body_message_takes_the_first_non_blank_message_member() -> None:
    assert body_message({"title": "T", "detail": "D"}) == "D"
    assert body_message({"detail": " ", "message": 5, "Message": "M"}) == "M"
    assert body_message({"errors": [{"message": "first"}, {"message": "second"}]}) == "first"
    assert body_message({"errors": [{"message": "  "}]}) is None
    assert body_message({"errors": [{"message": 89}]}) is None
    assert body_message({"errors": []}) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("invalid_grant", "invalid_grant"), (89, "89"), (0, "0"), (True, ""), (1.5, ""),
     (None, ""), (["x"], "")],
)  # fmt: skip
def test_an_error_code_is_text_or_digits_else_empty(value: Any, expected: str) -> None:
    assert as_code(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("Token expired", "Token expired"),
        ("", ""),
        (42, "42"),
        (1.5, "1.5"),
        (float("inf"), "inf"),
        (True, "true"),
        ({"é": [1, None]}, '{"é": [1, null]}'),
        (["a"], '["a"]'),
    ],
)
def test_a_description_is_text_a_number_printed_anything_else_json(
    value: Any, expected: str | None
) -> None:
    assert as_text(value) == expected


def test_a_description_dumped_as_json_is_cut_to_4096_characters() -> None:
    assert as_text(["a" * 5000]) == '["' + "a" * 4094
    assert as_text({1j: 2}) is None  # not JSON at all


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, 0.0), (5, 5.0), (86400, 86400.0), (86401, None), (-1, None), (True, None),
     (5.0, None), ("5", None)],
)  # fmt: skip
def test_the_polling_interval_is_whole_seconds_up_to_a_day(
    value: Any, expected: float | None
) -> None:
    assert interval({"interval": value}) == expected
    assert interval({}) is None
