"""What the WWW-Authenticate reader must give back, stated one behaviour per test.

Each test here was written to kill a mutant that survived a mutation run (issue 17): the
behaviour was right, but no test said so. The tests use the public reader,
``oauth_client_errors.parse_www_authenticate``; where Python 3.10 reads every line with the
scanner alone (no possessive repetitions for the fast path), the same header is also read
with the scanner through the test hook ``_parse_www_authenticate_scanner``, so both paths are
pinned down on every Python.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from oauth_client_errors import Challenge, MalformedResponseError, parse_www_authenticate

try:  # the reader's module after the core's layering (issue 11), then before it
    from oauth_client_errors._wire.challenge import _parse_www_authenticate_scanner
except ImportError:
    from oauth_client_errors._challenge import _parse_www_authenticate_scanner

Reader = Callable[[Any], list[Challenge]]
Shape = tuple[str, dict[str, str], "str | None"]

READERS = [
    pytest.param(parse_www_authenticate, id="public"),
    pytest.param(_parse_www_authenticate_scanner, id="scanner"),
]


def shapes(challenges: Iterable[Challenge]) -> list[Shape]:
    return [(c.scheme, dict(c.params), c.token68) for c in challenges]


@pytest.mark.parametrize("read", READERS)
def test_unterminated_quoted_string_with_an_escape_takes_the_rest_unescaped(read: Reader) -> None:
    # The quoted-pair \" is undone, and the unterminated string ends with the line: no
    # IndexError, nothing lost, nothing extra.
    header = 'Bearer error="invalid_token", error_description="a\\"b'
    assert shapes(read(header)) == [
        ("Bearer", {"error": "invalid_token", "error_description": 'a"b'}, None)
    ]


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize(
    ("header", "value"),
    [
        pytest.param('Bearer d="a\\', "a\\", id="lone-backslash-at-the-end-is-kept"),
        pytest.param('Bearer d="\\', "\\", id="only-a-backslash"),
        pytest.param('Bearer d="a\\\\', "a\\", id="escaped-backslash-then-the-end"),
        pytest.param('Bearer d="a\\b\\', "ab\\", id="escape-then-lone-backslash"),
        pytest.param('Bearer d="\\"\\"', '""', id="only-escaped-quotes"),
    ],
)
def test_unterminated_quoted_string_ending_in_escapes(
    read: Reader, header: str, value: str
) -> None:
    assert shapes(read(header)) == [("Bearer", {"d": value}, None)]


@pytest.mark.parametrize("read", READERS)
def test_escaped_quoted_string_then_more_params(read: Reader) -> None:
    # The closing DQUOTE after the escapes ends the value; the next param is read.
    header = 'Bearer d="x\\"y\\\\", e=f'
    assert shapes(read(header)) == [("Bearer", {"d": 'x"y\\', "e": "f"}, None)]


@pytest.mark.parametrize("read", READERS)
def test_stray_quoted_string_cannot_forge_a_bearer_challenge(read: Reader) -> None:
    # A quoted-string where a name should be is skipped whole: the "Bearer error=x" inside it
    # is data, never a challenge, and Basic gets no parameter from it.
    assert shapes(read('Basic "a, Bearer error=x"')) == [("Basic", {}, None)]
    assert shapes(read('Basic "a, Bearer error=x", realm="r"')) == [("Basic", {"realm": "r"}, None)]
    # The same with an escaped quote inside: still one string, still skipped whole.
    assert shapes(read('Basic "a\\", Bearer error=x"')) == [("Basic", {}, None)]


@pytest.mark.parametrize("read", READERS)
def test_leading_junk_token_keeps_the_error(read: Reader) -> None:
    header = '@ Bearer error="invalid_token"'
    [challenge] = read(header)
    assert challenge.scheme == "Bearer"
    assert challenge.error == "invalid_token"
    assert shapes([challenge]) == [("Bearer", {"error": "invalid_token"}, None)]


@pytest.mark.parametrize("read", READERS)
def test_token68_like_value_before_a_lone_token(read: Reader) -> None:
    # `abc=` followed by a comma and a token that is not `name =`: a token68, then a new
    # challenge. (On Python 3.10 only the scanner runs; a mutant there made this crash.)
    assert shapes(read("@ Bearer abc=, x")) == [("Bearer", {}, "abc="), ("x", {}, None)]
    assert shapes(read("Bearer abc=, x")) == [("Bearer", {}, "abc="), ("x", {}, None)]
    # ... and `abc=` before `name=` is an empty parameter instead.
    assert shapes(read("Bearer abc=, x=1")) == [("Bearer", {"abc": "", "x": "1"}, None)]
    assert shapes(read("Bearer abc= , x =1")) == [("Bearer", {"abc": "", "x": "1"}, None)]
    assert shapes(read("Bearer abc=,x=1")) == [("Bearer", {"abc": "", "x": "1"}, None)]
    assert shapes(read("Bearer abc==,x=1")) == [("Bearer", {"abc": "=", "x": "1"}, None)]
    assert shapes(read("Bearer abc=,x")) == [("Bearer", {}, "abc="), ("x", {}, None)]


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param("Bearer abc=", [("Bearer", {}, "abc=")], id="token68-at-the-end"),
        pytest.param("Bearer abc= ", [("Bearer", {}, "abc=")], id="token68-then-space"),
        pytest.param("Bearer abc=,", [("Bearer", {}, "abc=")], id="token68-then-comma"),
        pytest.param("Bearer abc==,  ", [("Bearer", {}, "abc==")], id="token68-comma-space"),
        pytest.param(
            "Bearer abc, x=1", [("Bearer", {"x": "1"}, "abc")], id="token68-without-padding"
        ),
        pytest.param("Bearer abc def", [("Bearer", {}, None), ("abc", {}, "def")], id="no-comma"),
        pytest.param("Bearer a@b", [("Bearer", {}, None)], id="token-glued-to-junk"),
        pytest.param("Basic/x, Bearer", [("Bearer", {}, None)], id="scheme-glued-to-junk"),
        pytest.param("Bearer abc=x", [("Bearer", {"abc": "x"}, None)], id="param-not-token68"),
        pytest.param(
            'Bearer e="x", realm=', [("Bearer", {"e": "x", "realm": ""}, None)], id="empty-last"
        ),
        pytest.param("Bearer\tabc", [("Bearer", {}, "abc")], id="tab-before-token68"),
        pytest.param(
            'Bearer a="b"c, d=e', [("Bearer", {"a": "b", "d": "e"}, None)], id="glued-after-quote"
        ),
        pytest.param('Bearer a = "b" , d = e', [("Bearer", {"a": "b", "d": "e"}, None)], id="bws"),
        pytest.param(
            "Bearer a=\r\n b, c", [("Bearer", {"a": "b"}, None), ("c", {}, None)], id="folded-line"
        ),
        pytest.param('x=1, Bearer e="y"', [("Bearer", {"e": "y"}, None)], id="param-first"),
        pytest.param(
            'Bearer A="1", a="2"', [("Bearer", {"a": "1"}, None)], id="first-occurrence-wins"
        ),
        pytest.param('"lone quoted"', [], id="only-a-quoted-string"),
        pytest.param("=== , ,", [], id="only-junk"),
    ],
)
def test_recovery_shapes(read: Reader, header: str, expected: list[Shape]) -> None:
    assert shapes(read(header)) == expected


# -- Microsoft Entra claims challenges -------------------------------------------------------

CLAIMS = {"access_token": {"acrs": {"essential": True, "value": "c1"}}}


def encoded(value: dict[str, Any], *, strip: bool) -> str:
    raw = base64.urlsafe_b64encode(json.dumps(value).encode()).decode()
    return raw.rstrip("=") if strip else raw


@pytest.mark.parametrize("pad", [0, 1, 2], ids=["len%4=0", "len%4=3", "len%4=2"])
def test_unpadded_base64url_claims_decode(pad: int) -> None:
    # Sizes chosen so the unpadded text is 0, 3 or 2 characters past a multiple of 4.
    value = {**CLAIMS, "x": "y" * pad}
    raw = encoded(value, strip=True)
    header = f'Bearer error="insufficient_claims", claims="{raw}"'
    assert parse_www_authenticate(header)[0].claims == value


def test_each_padding_residue_is_covered() -> None:
    # The test above really covers the three residues an unpadded value can have.
    residues = {len(encoded({**CLAIMS, "x": "y" * pad}, strip=True)) % 4 for pad in (0, 1, 2)}
    assert residues == {0, 2, 3}


def test_padded_and_standard_alphabet_claims_decode() -> None:
    value = {"id_token": {"k": "\u00ff\u00fe>>>???"}}
    standard = base64.b64encode(json.dumps(value).encode()).decode()
    assert "+" in standard or "/" in standard  # the standard alphabet is exercised
    for raw in (standard, standard.rstrip("="), encoded(value, strip=False)):
        header = f'Bearer claims="{raw}"'
        assert parse_www_authenticate(header)[0].claims == value


def test_claims_with_surrounding_white_space_decode() -> None:
    raw = encoded(CLAIMS, strip=True)
    assert parse_www_authenticate(f'Bearer claims=" {raw} "')[0].claims == CLAIMS


def test_claims_sent_as_plain_json_decode() -> None:
    challenge = Challenge("Bearer", {"claims": json.dumps(CLAIMS)})
    assert challenge.claims == CLAIMS


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("", id="empty"),
        pytest.param(encoded({"a": 1}, strip=True)[:-1] + "!", id="not-base64-not-json"),
        pytest.param(base64.urlsafe_b64encode(b"[1, 2]").decode(), id="a-list-not-an-object"),
        pytest.param("[1, 2]", id="plain-json-list"),
        pytest.param("A" * 16385, id="too-long"),
    ],
)
def test_claims_that_are_not_an_object_are_none(raw: str) -> None:
    assert Challenge("Bearer", {"claims": raw}).claims is None


def test_claims_at_the_size_cap_still_decode() -> None:
    value = {"k": "v" * 100}
    raw = encoded(value, strip=False)
    text = raw + " " * (16384 - len(raw))  # padded with spaces to exactly the cap
    assert len(text) == 16384
    assert Challenge("Bearer", {"claims": text}).claims == value
    assert Challenge("Bearer", {"claims": text + " "}).claims is None


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param('Basic "", realm="r"', [("Basic", {"realm": "r"}, None)], id="empty"),
        pytest.param(
            'Basic "x"Bearer error="e"',
            [("Basic", {}, None), ("Bearer", {"error": "e"}, None)],
            id="glued-to-a-scheme",
        ),
        pytest.param(
            'Basic ""Bearer', [("Basic", {}, None), ("Bearer", {}, None)], id="empty-glued"
        ),
        pytest.param('"a"b=c, Bearer', [("Bearer", {}, None)], id="before-any-scheme"),
    ],
)
def test_a_stray_quoted_string_is_skipped_exactly(
    read: Reader, header: str, expected: list[Shape]
) -> None:
    # Skipped up to its closing DQUOTE, no further: what follows is read as usual.
    assert shapes(read(header)) == expected


@pytest.mark.parametrize(
    ("value", "kind"),
    [(42, "int"), (None, "NoneType"), (["ok", 3.0], "float"), ([b"a", None], "NoneType")],
)
def test_a_value_of_the_wrong_type_is_named_in_the_type_error(value: Any, kind: str) -> None:
    with pytest.raises(TypeError) as raised:
        parse_www_authenticate(value)
    assert str(raised.value) == (
        f"WWW-Authenticate value must be str, bytes or an iterable of them, not {kind}"
    )


def test_challenges_hash_by_their_content() -> None:
    headers = [
        'Bearer realm="a"',
        'Bearer realm="b"',
        "Negotiate abc==",
        "Negotiate abd==",
        'DPoP algs="ES256"',
        'Basic realm="a"',
        "Bearer",
        "Basic",
    ]
    challenges = [parse_www_authenticate(h)[0] for h in headers]
    again = [parse_www_authenticate(h)[0] for h in headers]
    # Equal challenges hash alike (usable as set members and dict keys) ...
    assert [hash(c) for c in challenges] == [hash(c) for c in again]
    assert len(set(challenges) | set(again)) == len(headers)
    # ... and different ones spread over different hashes, as the content decides.
    assert len({hash(c) for c in challenges}) == len(headers)


# -- the size caps: what the error says ------------------------------------------------------

CAP_MESSAGES = {
    "bytes": "WWW-Authenticate header exceeds MAX_HEADER_BYTES (65536 characters); refusing "
    "to parse it",
    "params": "WWW-Authenticate header exceeds MAX_PARAMS (256 parameters in one challenge); "
    "refusing to parse it",
    "challenges": "WWW-Authenticate header exceeds MAX_CHALLENGES (64 challenges); refusing to "
    "parse it",
}


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize(
    ("header", "cap"),
    [
        pytest.param("a" * 65537, "bytes", id="one-line-over-64-KiB"),
        pytest.param(b"a" * 65537, "bytes", id="bytes-over-64-KiB"),
        pytest.param(["a" * 40000, "b" * 25536], "bytes", id="two-lines-over-64-KiB"),
        pytest.param(
            "Bearer " + ", ".join(f"p{i}=v" for i in range(257)), "params", id="257-params"
        ),
        pytest.param("Bearer " + ", ".join(["p=v"] * 257), "params", id="257-repeats"),
        pytest.param(", ".join(["Basic"] * 65), "challenges", id="65-challenges"),
        pytest.param([", ".join(["Basic"] * 33)] * 2, "challenges", id="65-over-two-lines"),
    ],
)
def test_a_header_over_a_cap_is_refused_naming_the_cap(
    read: Reader, header: object, cap: str
) -> None:
    with pytest.raises(MalformedResponseError) as raised:
        read(header)
    assert str(raised.value) == CAP_MESSAGES[cap]


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize(
    "header",
    [
        pytest.param("a" * 65536, id="one-line-of-64-KiB"),
        pytest.param(["a" * 40000, "b" * 25535], id="two-lines-of-64-KiB-with-a-separator"),
        pytest.param("Bearer " + ", ".join(f"p{i}=v" for i in range(256)), id="256-params"),
        pytest.param(", ".join(["Basic"] * 64), id="64-challenges"),
    ],
)
def test_a_header_at_a_cap_is_read(read: Reader, header: object) -> None:
    assert read(header)


# -- which challenge speaks for an error ------------------------------------------------------


def pick(header: str, code: str | None = None) -> Shape | None:
    from oauth_client_errors._wire.challenge import select_challenge

    chosen = select_challenge(parse_www_authenticate(header), code)
    return None if chosen is None else shapes([chosen])[0]


def test_no_challenge_selects_nothing() -> None:
    assert pick("") is None


def test_a_lone_challenge_of_any_scheme_is_selected() -> None:
    assert pick('Basic realm="r"') == ("Basic", {"realm": "r"}, None)


def test_the_challenge_naming_the_code_is_selected_first() -> None:
    header = 'Bearer error="invalid_token", Basic error="b", DPoP error="c"'
    assert pick(header, "b") == ("Basic", {"error": "b"}, None)
    assert pick(header, "c") == ("DPoP", {"error": "c"}, None)
    assert pick(header, "invalid_token") == ("Bearer", {"error": "invalid_token"}, None)


def test_without_a_code_a_challenge_carrying_an_error_is_selected() -> None:
    assert pick('Bearer realm="a", Basic error="x"') == ("Basic", {"error": "x"}, None)
    assert pick('Basic realm="a", Basic error="x"') == ("Basic", {"error": "x"}, None)


def test_an_unmatched_code_falls_back_to_a_challenge_with_an_error() -> None:
    assert pick('Bearer realm="a", Basic error="x"', "other") == ("Basic", {"error": "x"}, None)


def test_bearer_or_dpop_is_preferred_among_equals() -> None:
    assert pick('Basic realm="a", Bearer realm="b"') == ("Bearer", {"realm": "b"}, None)
    assert pick('Basic error="x", DPoP error="y"') == ("DPoP", {"error": "y"}, None)
    assert pick('Newauth realm="a", Basic realm="b"') == ("Newauth", {"realm": "a"}, None)


def test_the_first_sent_is_preferred_among_equals() -> None:
    header = 'Bearer realm="1", Bearer realm="2", Bearer error="e", Bearer error="f"'
    assert pick(header) == ("Bearer", {"error": "e"}, None)
    assert pick('Bearer realm="1", Bearer realm="2"') == ("Bearer", {"realm": "1"}, None)
    header = 'Bearer error="x", realm="1", Bearer error="x", realm="2"'
    assert pick(header, "x") == ("Bearer", {"error": "x", "realm": "1"}, None)
