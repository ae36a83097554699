"""The WWW-Authenticate parser (RFC 9110 §11.6.1) and the typed challenge views."""

from __future__ import annotations

import base64
import copy
import dataclasses
import json
import pickle
import weakref
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oauth_client_errors._errors import MalformedResponseError
from oauth_client_errors._wire.challenge import (
    _POSSESSIVE,
    MAX_CHALLENGES,
    MAX_HEADER_BYTES,
    MAX_PARAMS,
    Challenge,
    _fast_line,
    _parse_www_authenticate_scanner,
    parse_www_authenticate,
)

# An expected challenge: (scheme as sent, params with lower-cased names, token68).
Expected = tuple[str, dict[str, str], "str | None"]


def shape(challenges: list[Challenge]) -> list[Expected]:
    return [(c.scheme, dict(c.params), c.token68) for c in challenges]


def check(value: Any, expected: list[Expected]) -> None:
    challenges = parse_www_authenticate(value)
    assert shape(challenges) == expected
    for challenge in challenges:
        assert isinstance(challenge.params, MappingProxyType)


MS_CLAIMS = "eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiYzEifX19"
MS_AUTHORIZE = "https://login.microsoftonline.com/common/oauth2/authorize"
PRM = "https://resource.example.com/.well-known/oauth-protected-resource"

# -- the specifications' own examples -----------------------------------------------------

SPEC_EXAMPLES = [
    pytest.param(
        'Basic realm="simple", Newauth realm="apps", type=1, title="Login to \\"apps\\""',
        [
            ("Basic", {"realm": "simple"}, None),
            ("Newauth", {"realm": "apps", "type": "1", "title": 'Login to "apps"'}, None),
        ],
        id="rfc9110-11.6.1",
    ),
    pytest.param(
        'Bearer realm="example"',
        [("Bearer", {"realm": "example"}, None)],
        id="rfc6750-3-no-token",
    ),
    pytest.param(
        'Bearer realm="example", error="invalid_token", '
        'error_description="The access token expired"',
        [
            (
                "Bearer",
                {
                    "realm": "example",
                    "error": "invalid_token",
                    "error_description": "The access token expired",
                },
                None,
            )
        ],
        id="rfc6750-3-expired",
    ),
    pytest.param(
        'Bearer realm="example", error="insufficient_scope", '
        'error_description="The request requires higher privileges than provided by the '
        'access token", scope="photos:read photos:write"',
        [
            (
                "Bearer",
                {
                    "realm": "example",
                    "error": "insufficient_scope",
                    "error_description": "The request requires higher privileges than "
                    "provided by the access token",
                    "scope": "photos:read photos:write",
                },
                None,
            )
        ],
        id="rfc6750-3.1-insufficient-scope",
    ),
    pytest.param(
        'DPoP algs="ES256 PS256"',
        [("DPoP", {"algs": "ES256 PS256"}, None)],
        id="rfc9449-7.1-algs",
    ),
    pytest.param(
        'DPoP error="invalid_token", error_description="Invalid DPoP key binding", algs="ES256"',
        [
            (
                "DPoP",
                {
                    "error": "invalid_token",
                    "error_description": "Invalid DPoP key binding",
                    "algs": "ES256",
                },
                None,
            )
        ],
        id="rfc9449-7.1-invalid-token",
    ),
    pytest.param(
        'DPoP error="use_dpop_nonce", '
        'error_description="Resource server requires nonce in DPoP proof"',
        [
            (
                "DPoP",
                {
                    "error": "use_dpop_nonce",
                    "error_description": "Resource server requires nonce in DPoP proof",
                },
                None,
            )
        ],
        id="rfc9449-9-use-dpop-nonce",
    ),
    pytest.param(
        'Bearer error="insufficient_user_authentication", '
        'error_description="A different authentication level is required", '
        'acr_values="myACR"',
        [
            (
                "Bearer",
                {
                    "error": "insufficient_user_authentication",
                    "error_description": "A different authentication level is required",
                    "acr_values": "myACR",
                },
                None,
            )
        ],
        id="rfc9470-3-acr-values",
    ),
    pytest.param(
        'Bearer error="insufficient_user_authentication", '
        'error_description="More recent authentication is required", max_age="5"',
        [
            (
                "Bearer",
                {
                    "error": "insufficient_user_authentication",
                    "error_description": "More recent authentication is required",
                    "max_age": "5",
                },
                None,
            )
        ],
        id="rfc9470-3-max-age",
    ),
    pytest.param(
        # As printed in the RFC, folded over two lines (obs-fold is accepted).
        f'Bearer resource_metadata=\r\n  "{PRM}"',
        [("Bearer", {"resource_metadata": PRM}, None)],
        id="rfc9728-5.1-resource-metadata",
    ),
    pytest.param(
        f'Bearer error="insufficient_scope", scope="files:read files:write", '
        f'resource_metadata="{PRM}"',
        [
            (
                "Bearer",
                {
                    "error": "insufficient_scope",
                    "scope": "files:read files:write",
                    "resource_metadata": PRM,
                },
                None,
            )
        ],
        id="rfc9728-5.3-insufficient-scope",
    ),
    pytest.param(
        f'Bearer realm="", authorization_uri="{MS_AUTHORIZE}", error="insufficient_claims", '
        f'claims="{MS_CLAIMS}"',
        [
            (
                "Bearer",
                {
                    "realm": "",
                    "authorization_uri": MS_AUTHORIZE,
                    "error": "insufficient_claims",
                    "claims": MS_CLAIMS,
                },
                None,
            )
        ],
        id="microsoft-claims-challenge",
    ),
]


@pytest.mark.parametrize(("header", "expected"), SPEC_EXAMPLES)
def test_specification_examples(header: str, expected: list[Expected]) -> None:
    check(header, expected)


def test_microsoft_claims_challenge_decodes() -> None:
    header = (
        f'Bearer realm="", authorization_uri="{MS_AUTHORIZE}", error="insufficient_claims", '
        f'claims="{MS_CLAIMS}"'
    )
    (challenge,) = parse_www_authenticate(header)
    assert challenge.claims == {"access_token": {"acrs": {"essential": True, "value": "c1"}}}
    assert challenge.error == "insufficient_claims"
    assert challenge.realm == ""
    assert challenge.is_oauth


# -- Julian Reschke's test cases, https://greenbytes.de/tech/tc/httpauth/ ------------------
# The expected results follow RFC 9110; where the header is invalid the parser is lenient
# and the result says what is recovered (noted per case).

GREENBYTES = [
    pytest.param('Basic realm="foo"', [("Basic", {"realm": "foo"}, None)], id="simplebasic"),
    pytest.param('Basic\r\n realm="foo"', [("Basic", {"realm": "foo"}, None)], id="simplebasiclf"),
    pytest.param('BASIC REALM="foo"', [("BASIC", {"realm": "foo"}, None)], id="simplebasicucase"),
    pytest.param("Basic realm=foo", [("Basic", {"realm": "foo"}, None)], id="simplebasictok"),
    # Invalid: backslash is not a tchar. Recovered: the unquoted value taken as is (no
    # unescaping outside a quoted-string).
    pytest.param(
        "Basic realm=\\f\\o\\o", [("Basic", {"realm": "\\f\\o\\o"}, None)], id="simplebasictokbs"
    ),
    # A single quote is a tchar, not a quote: the quotes are part of the value.
    pytest.param("Basic realm='foo'", [("Basic", {"realm": "'foo'"}, None)], id="simplebasicsq"),
    pytest.param(
        'Basic realm="foo%20bar"', [("Basic", {"realm": "foo%20bar"}, None)], id="simplebasicpct"
    ),
    pytest.param('Basic , realm="foo"', [("Basic", {"realm": "foo"}, None)], id="simplebasiccomma"),
    # Invalid (no SP after the scheme); recovered: the parameter can only belong to Basic.
    pytest.param('Basic, realm="foo"', [("Basic", {"realm": "foo"}, None)], id="simplebasiccomma2"),
    pytest.param("Basic", [("Basic", {}, None)], id="simplebasicnorealm"),
    # Repeated parameter: the first occurrence wins.
    pytest.param(
        'Basic realm="foo", realm="bar"',
        [("Basic", {"realm": "foo"}, None)],
        id="simplebasic2realms",
    ),
    pytest.param(
        'Basic realm = "foo"', [("Basic", {"realm": "foo"}, None)], id="simplebasicwsrealm"
    ),
    pytest.param(
        'Basic realm="\\f\\o\\o"', [("Basic", {"realm": "foo"}, None)], id="simplebasicrealmsqc"
    ),
    pytest.param(
        'Basic realm="\\"foo\\""', [("Basic", {"realm": '"foo"'}, None)], id="simplebasicrealmsqc2"
    ),
    pytest.param(
        'Basic realm="foo", bar="xyz",, a=b,,,c=d',
        [("Basic", {"realm": "foo", "bar": "xyz", "a": "b", "c": "d"}, None)],
        id="simplebasicnewparam1",
    ),
    pytest.param(
        'Basic bar="xyz", realm="foo"',
        [("Basic", {"bar": "xyz", "realm": "foo"}, None)],
        id="simplebasicnewparam2",
    ),
    pytest.param(
        b'Basic realm="foo-\xe4"',
        [("Basic", {"realm": "foo-ä"}, None)],
        id="simplebasicrealmiso88591",
    ),
    pytest.param(
        b'Basic realm="foo-\xc3\xa4"',
        [("Basic", {"realm": "foo-ä"}, None)],
        id="simplebasicrealmutf8",
    ),
    # RFC 2047 encoded-words do not apply to quoted-strings: the realm is literal.
    pytest.param(
        'Basic realm="=?ISO-8859-1?Q?foo-=E4?="',
        [("Basic", {"realm": "=?ISO-8859-1?Q?foo-=E4?="}, None)],
        id="simplebasicrealmrfc2047",
    ),
    pytest.param(
        'Basic realm="basic", Newauth realm="newauth"',
        [("Basic", {"realm": "basic"}, None), ("Newauth", {"realm": "newauth"}, None)],
        id="multibasicunknown",
    ),
    pytest.param(
        'Basic realm="basic", Newauth',
        [("Basic", {"realm": "basic"}, None), ("Newauth", {}, None)],
        id="multibasicunknownnoparam",
    ),
    pytest.param(
        'Newauth realm="newauth", Basic realm="basic"',
        [("Newauth", {"realm": "newauth"}, None), ("Basic", {"realm": "basic"}, None)],
        id="multibasicunknown2",
    ),
    pytest.param(
        'Newauth, Basic realm="basic"',
        [("Newauth", {}, None), ("Basic", {"realm": "basic"}, None)],
        id="multibasicunknown2np",
    ),
    pytest.param(
        ['Newauth realm="newauth"', 'Basic realm="basic"'],
        [("Newauth", {"realm": "newauth"}, None), ("Basic", {"realm": "basic"}, None)],
        id="multibasicunknown2mf",
    ),
    pytest.param(
        ',Basic realm="basic"', [("Basic", {"realm": "basic"}, None)], id="multibasicempty"
    ),
    pytest.param(
        'Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple" ',
        [
            ("Newauth", {"realm": "apps", "type": "1", "title": 'Login to "apps"'}, None),
            ("Basic", {"realm": "simple"}, None),
        ],
        id="multibasicqs",
    ),
    # "basic=foo" is a parameter of Newauth (token then "="), not a Basic challenge.
    pytest.param(
        'Newauth realm="Newauth Realm", basic=foo, Basic realm="Basic Realm" ',
        [
            ("Newauth", {"realm": "Newauth Realm", "basic": "foo"}, None),
            ("Basic", {"realm": "Basic Realm"}, None),
        ],
        id="multidisgscheme",
    ),
    pytest.param(
        'Newauth realm="newauth"', [("Newauth", {"realm": "newauth"}, None)], id="unknown"
    ),
    pytest.param("A, B", [("A", {}, None), ("B", {}, None)], id="parametersnotrequired"),
    pytest.param(
        'Basic foo="realm=nottherealm", realm="basic"',
        [("Basic", {"foo": "realm=nottherealm", "realm": "basic"}, None)],
        id="disguisedrealm",
    ),
    pytest.param(
        'Basic nottherealm="nottherealm", realm="basic"',
        [("Basic", {"nottherealm": "nottherealm", "realm": "basic"}, None)],
        id="disguisedrealm2",
    ),
    # Invalid (unterminated quoted-string); recovered: it takes the rest of the line.
    pytest.param('Basic realm="basic', [("Basic", {"realm": "basic"}, None)], id="missingquote"),
]


@pytest.mark.parametrize(("header", "expected"), GREENBYTES)
def test_greenbytes_httpauth(header: Any, expected: list[Expected]) -> None:
    check(header, expected)


# -- grammar details -----------------------------------------------------------------------

GRAMMAR = [
    pytest.param("Bearer", [("Bearer", {}, None)], id="scheme-only"),
    pytest.param("bearer", [("bearer", {}, None)], id="lowercase-scheme-kept-as-sent"),
    pytest.param(
        'bearer error="invalid_token"',
        [("bearer", {"error": "invalid_token"}, None)],
        id="lowercase-bearer-with-error",
    ),
    pytest.param(
        'Bearer ERROR="invalid_token", Error_Description="x"',
        [("Bearer", {"error": "invalid_token", "error_description": "x"}, None)],
        id="param-names-lower-cased",
    ),
    pytest.param(", ,Bearer", [("Bearer", {}, None)], id="empty-elements-before"),
    pytest.param("Bearer, ,", [("Bearer", {}, None)], id="empty-elements-after"),
    pytest.param(
        'Bearer realm="a",,, ,error="b"',
        [("Bearer", {"realm": "a", "error": "b"}, None)],
        id="empty-elements-between-params",
    ),
    pytest.param(" \t,\t ", [], id="only-ows-and-commas"),
    pytest.param("", [], id="empty"),
    pytest.param(
        '\tBearer\trealm\t=\t"a"\t,\terror\t=\tinvalid_token\t',
        [("Bearer", {"realm": "a", "error": "invalid_token"}, None)],
        id="ows-and-bws-tabs",
    ),
    pytest.param(
        'Bearer realm="a" , error="b"  ,  Basic realm="c"',
        [("Bearer", {"realm": "a", "error": "b"}, None), ("Basic", {"realm": "c"}, None)],
        id="ows-around-commas",
    ),
    pytest.param("Negotiate abc==", [("Negotiate", {}, "abc==")], id="token68-padding"),
    pytest.param("Negotiate abc=", [("Negotiate", {}, "abc=")], id="token68-one-equals"),
    pytest.param(
        "Basic dXNlcjpwYXNz", [("Basic", {}, "dXNlcjpwYXNz")], id="token68-basic-credentials"
    ),
    pytest.param(
        "Negotiate a-._~+/Z09=  ", [("Negotiate", {}, "a-._~+/Z09=")], id="token68-all-chars"
    ),
    pytest.param(
        'Negotiate YII=, Basic realm="x"',
        [("Negotiate", {}, "YII="), ("Basic", {"realm": "x"}, None)],
        id="token68-then-challenge",
    ),
    pytest.param(
        'Basic realm="x", Negotiate YII=',
        [("Basic", {"realm": "x"}, None), ("Negotiate", {}, "YII=")],
        id="challenge-then-token68",
    ),
    pytest.param(
        "Bearer error=invalid_token",
        [("Bearer", {"error": "invalid_token"}, None)],
        id="unquoted-value-is-not-token68",
    ),
    pytest.param(
        'Basic realm="x", Bearer error="invalid_token"',
        [("Basic", {"realm": "x"}, None), ("Bearer", {"error": "invalid_token"}, None)],
        id="param-goes-to-its-own-challenge",
    ),
    pytest.param(
        'Bearer error="invalid_token", Basic realm="x"',
        [("Bearer", {"error": "invalid_token"}, None), ("Basic", {"realm": "x"}, None)],
        id="param-goes-to-its-own-challenge-reversed",
    ),
    pytest.param(
        'Bearer error="a, b", error_description="c=d, Basic realm=e"',
        [("Bearer", {"error": "a, b", "error_description": "c=d, Basic realm=e"}, None)],
        id="commas-and-schemes-inside-quoted-string",
    ),
    pytest.param(
        'Bearer error_description="The token \\"abc\\" expired"',
        [("Bearer", {"error_description": 'The token "abc" expired'}, None)],
        id="escaped-quotes",
    ),
    pytest.param(
        'Bearer a="back\\\\slash", b="\\\\"',
        [("Bearer", {"a": "back\\slash", "b": "\\"}, None)],
        id="escaped-backslash",
    ),
    pytest.param('Bearer realm=""', [("Bearer", {"realm": ""}, None)], id="empty-quoted"),
    pytest.param('Bearer a=, b="x"', [("Bearer", {"a": "", "b": "x"}, None)], id="empty-unquoted"),
    pytest.param(
        "Bearer realm=, , error=invalid_token",
        [("Bearer", {"realm": "", "error": "invalid_token"}, None)],
        id="empty-unquoted-first-is-not-token68",
    ),
    pytest.param("Bearer realm=", [("Bearer", {}, "realm=")], id="lone-name-equals-is-token68"),
    pytest.param(
        "Negotiate abc, error=x",
        [("Negotiate", {"error": "x"}, "abc")],
        id="params-after-token68-kept-on-it",
    ),
    pytest.param(
        'Bearer error="first", error="second"',
        [("Bearer", {"error": "first"}, None)],
        id="repeated-param-first-wins",
    ),
    pytest.param(
        'Bearer Error="first", ERROR="second"',
        [("Bearer", {"error": "first"}, None)],
        id="repeated-param-case-insensitive",
    ),
    pytest.param(
        'Bearer error="a", Bearer error="b"',
        [("Bearer", {"error": "a"}, None), ("Bearer", {"error": "b"}, None)],
        id="same-scheme-twice",
    ),
    pytest.param(
        f"Bearer resource_metadata={PRM}, claims={MS_CLAIMS}==",
        [("Bearer", {"resource_metadata": PRM, "claims": MS_CLAIMS + "=="}, None)],
        id="unquoted-url-and-base64-lenient",
    ),
    pytest.param(
        'Bearer error_description="caf\u00e9 \u2603 \U0001f600"',
        [("Bearer", {"error_description": "caf\u00e9 \u2603 \U0001f600"}, None)],
        id="non-ascii-in-quoted-string",
    ),
]


@pytest.mark.parametrize(("header", "expected"), GRAMMAR)
def test_grammar(header: str, expected: list[Expected]) -> None:
    check(header, expected)


# -- several header lines ------------------------------------------------------------------

LINES = [
    pytest.param(
        ['Basic realm="legacy"', 'DPoP algs="ES256", error="invalid_dpop_proof"'],
        [
            ("Basic", {"realm": "legacy"}, None),
            ("DPoP", {"algs": "ES256", "error": "invalid_dpop_proof"}, None),
        ],
        id="two-lines",
    ),
    pytest.param(
        ('Bearer realm="a"', "", "Negotiate", 'DPoP algs="ES256"'),
        [
            ("Bearer", {"realm": "a"}, None),
            ("Negotiate", {}, None),
            ("DPoP", {"algs": "ES256"}, None),
        ],
        id="tuple-with-empty-line",
    ),
    pytest.param(
        [b'Basic realm="x"', 'Bearer error="invalid_token"'],
        [("Basic", {"realm": "x"}, None), ("Bearer", {"error": "invalid_token"}, None)],
        id="bytes-and-str-lines",
    ),
    pytest.param(
        # Each line is parsed on its own: a line that starts with a parameter does not add
        # to the previous line's challenge.
        ["Bearer", 'error="invalid_token"'],
        [("Bearer", {}, None)],
        id="param-never-crosses-lines",
    ),
    pytest.param(
        # An unterminated quoted-string ends with its line.
        ['Bearer realm="a', 'Basic realm="b"'],
        [("Bearer", {"realm": "a"}, None), ("Basic", {"realm": "b"}, None)],
        id="unterminated-quote-ends-with-line",
    ),
    pytest.param([], [], id="no-lines"),
    # One-shot iterables are made afresh for each run (a factory, called by the test): a
    # shared iter() would be empty from the second run in the same process on.
    pytest.param(
        lambda: iter(["Negotiate", "Basic"]),
        [("Negotiate", {}, None), ("Basic", {}, None)],
        id="iterator",
    ),
    pytest.param(
        lambda: (line for line in ["Negotiate", b"Basic"]),
        [("Negotiate", {}, None), ("Basic", {}, None)],
        id="generator",
    ),
]


@pytest.mark.parametrize(("lines", "expected"), LINES)
def test_several_header_lines(lines: Any, expected: list[Expected]) -> None:
    check(lines() if callable(lines) else lines, expected)


def test_several_header_lines_cases_run_again_in_one_process() -> None:
    # Every case above, twice more in this process: none may depend on running only once.
    for _ in range(2):
        for case in LINES:
            test_several_header_lines(*case.values)  # type: ignore[attr-defined]


def test_bytes_decoding() -> None:
    # UTF-8 when valid, otherwise ISO-8859-1: decoding never fails.
    assert parse_www_authenticate(b'Bearer d="\xe2\x98\x83"')[0].params["d"] == "\u2603"
    assert parse_www_authenticate(b'Bearer d="\xff\xfe"')[0].params["d"] == "\xff\xfe"
    assert parse_www_authenticate(bytearray(b"Negotiate YII="))[0].token68 == "YII="


@pytest.mark.parametrize("value", [None, 42, [b"ok", 3.0], [None]])
def test_wrong_type_is_a_type_error(value: Any) -> None:
    with pytest.raises(TypeError, match="str, bytes"):
        parse_www_authenticate(value)


# -- lenient recovery on garbage -----------------------------------------------------------

GARBAGE = [
    pytest.param(
        'Bearer error="invalid_token", error_description="never closed, error=x',
        [
            (
                "Bearer",
                {"error": "invalid_token", "error_description": "never closed, error=x"},
                None,
            )
        ],
        id="unterminated-quoted-string-takes-the-rest",
    ),
    pytest.param(
        'Bearer realm="x\\', [("Bearer", {"realm": "x\\"}, None)], id="lone-backslash-at-end"
    ),
    pytest.param(
        # A token that is not followed by "=" starts a challenge, as if a comma were missing.
        'Basic realm="a" Bearer error="invalid_token"',
        [("Basic", {"realm": "a"}, None), ("Bearer", {"error": "invalid_token"}, None)],
        id="missing-comma-between-challenges",
    ),
    pytest.param(
        'Digest realm="r", nonce="n" opaque="o"',
        [("Digest", {"realm": "r", "nonce": "n", "opaque": "o"}, None)],
        id="missing-comma-between-params",
    ),
    pytest.param(
        'Bearer realm="x", stray, error="invalid_token"',
        [("Bearer", {"realm": "x"}, None), ("stray", {"error": "invalid_token"}, None)],
        id="stray-token-after-comma-is-a-scheme-rfc9110",
    ),
    pytest.param(
        'Bearer error="invalid_token" trailing',
        [("Bearer", {"error": "invalid_token"}, None), ("trailing", {}, None)],
        id="stray-token-at-end",
    ),
    pytest.param(
        'Bearer @@@ error="invalid_token"',
        [("Bearer", {"error": "invalid_token"}, None)],
        id="junk-word-skipped",
    ),
    pytest.param(
        'Bearer \xa0\xa0\xa0, error="invalid_token"',
        [("Bearer", {"error": "invalid_token"}, None)],
        id="nbsp-is-junk-not-whitespace",
    ),
    pytest.param(
        'Bearer "lost, words" error="invalid_token"',
        [("Bearer", {"error": "invalid_token"}, None)],
        id="stray-quoted-string-skipped-whole",
    ),
    pytest.param(
        'Bearer realm="a"glued, error="b"',
        [("Bearer", {"realm": "a", "error": "b"}, None)],
        id="text-glued-to-closing-quote-skipped",
    ),
    pytest.param(
        'Basic/1.0 realm="x", Bearer error="y"',
        [("Bearer", {"error": "y"}, None)],
        id="token-glued-to-junk-is-no-scheme",
    ),
    pytest.param(
        'realm="orphan", Bearer error="y"',
        [("Bearer", {"error": "y"}, None)],
        id="param-before-any-scheme-dropped",
    ),
    pytest.param('=, ==, "=", Bearer', [("Bearer", {}, None)], id="bare-equals"),
    pytest.param("\x00\x01\x7f Bearer \x00", [("Bearer", {}, None)], id="control-characters"),
    pytest.param('"""""', [], id="only-quotes"),
    pytest.param('Bearer a="""b"', [("Bearer", {"a": ""}, None)], id="quotes-glued"),
    pytest.param("Bearer\r\n\r\n error=x", [("Bearer", {"error": "x"}, None)], id="crlf-as-ows"),
    pytest.param("Bearer a=b=c", [("Bearer", {"a": "b=c"}, None)], id="equals-in-unquoted-value"),
]


@pytest.mark.parametrize(("header", "expected"), GARBAGE)
def test_lenient_recovery(header: str, expected: list[Expected]) -> None:
    check(header, expected)


# -- size caps -----------------------------------------------------------------------------


def test_header_size_cap_str() -> None:
    ok = "Bearer realm=" + "a" * (MAX_HEADER_BYTES - len("Bearer realm="))
    assert parse_www_authenticate(ok)[0].realm == "a" * (MAX_HEADER_BYTES - 13)
    with pytest.raises(MalformedResponseError, match="MAX_HEADER_BYTES") as info:
        parse_www_authenticate(ok + "a")
    assert "aaaa" not in str(info.value)


def test_header_size_cap_bytes_and_lines() -> None:
    with pytest.raises(MalformedResponseError, match="MAX_HEADER_BYTES"):
        parse_www_authenticate(b"x" * (MAX_HEADER_BYTES + 1))
    # Lines count as if joined with one separator.
    half = "a" * (MAX_HEADER_BYTES // 2)
    with pytest.raises(MalformedResponseError, match="MAX_HEADER_BYTES"):
        parse_www_authenticate([half, half])
    assert parse_www_authenticate([half[1:], half]) == [Challenge(half[1:]), Challenge(half)]


def test_challenge_cap() -> None:
    at_cap = ", ".join(f"S{i}" for i in range(MAX_CHALLENGES))
    assert len(parse_www_authenticate(at_cap)) == MAX_CHALLENGES
    with pytest.raises(MalformedResponseError, match="MAX_CHALLENGES") as info:
        parse_www_authenticate(at_cap + ", Secret-Scheme")
    assert "Secret" not in str(info.value)
    # The cap is for all lines together.
    with pytest.raises(MalformedResponseError, match="MAX_CHALLENGES"):
        parse_www_authenticate([at_cap, "One-More"])


def test_param_cap() -> None:
    at_cap = "Bearer " + ", ".join(f"p{i}=v" for i in range(MAX_PARAMS))
    assert len(parse_www_authenticate(at_cap)[0].params) == MAX_PARAMS
    with pytest.raises(MalformedResponseError, match="MAX_PARAMS") as info:
        parse_www_authenticate(at_cap + ', secret="hunter2"')
    assert "hunter2" not in str(info.value)
    # Repeats count too: the cap bounds the work, not the size of the result.
    repeats = "Bearer " + ", ".join(["a=b"] * (MAX_PARAMS + 1))
    with pytest.raises(MalformedResponseError, match="MAX_PARAMS"):
        parse_www_authenticate(repeats)
    # The cap is per challenge.
    two = at_cap + ", Basic " + ", ".join(f"q{i}=v" for i in range(MAX_PARAMS))
    assert [len(c.params) for c in parse_www_authenticate(two)] == [MAX_PARAMS, MAX_PARAMS]


def test_cap_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="WWW-Authenticate"):
        parse_www_authenticate("x" * (MAX_HEADER_BYTES + 1))


# -- the Challenge value object and its typed views ----------------------------------------


def one(header: str) -> Challenge:
    (challenge,) = parse_www_authenticate(header)
    return challenge


def test_params_is_read_only() -> None:
    challenge = one('Bearer error="invalid_token"')
    assert isinstance(challenge.params, MappingProxyType)
    with pytest.raises(TypeError):
        challenge.params["error"] = "x"  # type: ignore[index]


def test_challenge_pickles_copies_and_hashes() -> None:
    challenge = one('Bearer error="invalid_token", scope="a b"')
    for clone in (pickle.loads(pickle.dumps(challenge)), copy.deepcopy(challenge)):
        assert clone == challenge
        assert isinstance(clone.params, MappingProxyType)
    assert hash(challenge) == hash(Challenge("Bearer", {"error": "invalid_token", "scope": "a b"}))
    assert len({challenge, copy.copy(challenge)}) == 1


VIEWS = [
    pytest.param(
        'Bearer scope="openid  profile\temail"', "scope", ["openid", "profile", "email"], id="scope"
    ),
    pytest.param("Bearer", "scope", [], id="scope-missing"),
    pytest.param('Bearer scope=""', "scope", [], id="scope-empty"),
    pytest.param('DPoP algs="ES256 PS256"', "algs", ["ES256", "PS256"], id="algs"),
    pytest.param(
        'Bearer acr_values="urn:a urn:b"', "acr_values", ["urn:a", "urn:b"], id="acr_values"
    ),
    pytest.param('Bearer max_age="5"', "max_age", 5, id="max_age"),
    pytest.param("Bearer max_age=0", "max_age", 0, id="max_age-zero-unquoted"),
    pytest.param('Bearer max_age="-5"', "max_age", None, id="max_age-negative"),
    pytest.param('Bearer max_age="5s"', "max_age", None, id="max_age-garbage"),
    pytest.param('Bearer max_age=""', "max_age", None, id="max_age-empty"),
    pytest.param('Bearer max_age="\u0665"', "max_age", None, id="max_age-non-ascii-digit"),
    pytest.param('Bearer max_age="9999999999999"', "max_age", None, id="max_age-too-long"),
    pytest.param("Bearer", "max_age", None, id="max_age-missing"),
    pytest.param(
        f'Bearer resource_metadata="{PRM}"', "resource_metadata", PRM, id="resource_metadata"
    ),
    pytest.param('Bearer realm="r"', "realm", "r", id="realm"),
    pytest.param('Bearer error="e"', "error", "e", id="error"),
    pytest.param('Bearer error_description="d"', "error_description", "d", id="error_description"),
    pytest.param('Bearer error_uri="https://e/x"', "error_uri", "https://e/x", id="error_uri"),
    pytest.param(
        f'Bearer claims="{MS_CLAIMS}"',
        "claims",
        {"access_token": {"acrs": {"essential": True, "value": "c1"}}},
        id="claims-base64url",
    ),
    pytest.param(
        'Bearer claims="' + base64.urlsafe_b64encode(b'{"id_token":{}}').decode().rstrip("=") + '"',
        "claims",
        {"id_token": {}},
        id="claims-unpadded",
    ),
    pytest.param(
        "Bearer claims=" + json.dumps(json.dumps({"a": 1})),
        "claims",
        {"a": 1},
        id="claims-plain-json",
    ),
    pytest.param('Bearer claims="!!!not base64!!!"', "claims", None, id="claims-bad-base64"),
    pytest.param(
        'Bearer claims="' + base64.b64encode(b"[1, 2]").decode() + '"',
        "claims",
        None,
        id="claims-not-an-object",
    ),
    pytest.param(
        'Bearer claims="' + base64.b64encode(b"\xff\xfe{").decode() + '"',
        "claims",
        None,
        id="claims-not-utf8-json",
    ),
    pytest.param("Bearer", "claims", None, id="claims-missing"),
    pytest.param('Bearer error="x"', "is_oauth", True, id="is_oauth-bearer"),
    pytest.param("dpop", "is_oauth", True, id="is_oauth-dpop-lowercase"),
    pytest.param('Basic realm="x"', "is_oauth", False, id="is_oauth-basic"),
    pytest.param("Negotiate YII=", "is_oauth", False, id="is_oauth-negotiate"),
]


@pytest.mark.parametrize(("header", "attribute", "expected"), VIEWS)
def test_typed_views(header: str, attribute: str, expected: Any) -> None:
    assert getattr(one(header), attribute) == expected


@pytest.mark.parametrize(
    ("header", "name", "expected"),
    [
        ("bearer", "Bearer", True),
        ("BEARER", "bearer", True),
        ("DPoP", "dpop", True),
        ("Bearer", "DPoP", False),
        ("Bearerx", "Bearer", False),
    ],
)
def test_is_scheme(header: str, name: str, expected: bool) -> None:
    assert one(header).is_scheme(name) is expected


# -- properties ----------------------------------------------------------------------------

TCHAR = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
TOKEN68_RE = r"[A-Za-z0-9._~+/-]+=*"

tokens = st.text(alphabet=TCHAR, min_size=1, max_size=16)
printable = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
ows = st.sampled_from(["", " ", "\t", "  ", " \t "])
one_sp = st.sampled_from([" ", "  ", "\t"])
header_values = st.one_of(
    st.text(),
    st.binary(),
    st.lists(st.one_of(st.text(), st.binary()), max_size=5),
    st.text(alphabet=' \t\r\n,="\\' + "aB=\xa0", max_size=200),
)


@given(header_values)
def test_never_raises_anything_but_the_caps(value: Any) -> None:
    try:
        challenges = parse_www_authenticate(value)
    except MalformedResponseError:
        return
    assert isinstance(challenges, list)
    for challenge in challenges:
        assert isinstance(challenge, Challenge) and challenge.scheme
        assert isinstance(challenge.params, MappingProxyType)
        assert all(k == k.lower() and isinstance(v, str) for k, v in challenge.params.items())
        _ = (challenge.scope, challenge.algs, challenge.acr_values, challenge.max_age)
        _ = (challenge.claims, challenge.is_oauth, challenge.resource_metadata)


def quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@st.composite
def challenge_lists(draw: st.DrawFn) -> tuple[str, list[Expected]]:
    pieces: list[str] = []
    expected: list[Expected] = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        scheme = draw(tokens)
        params = draw(st.lists(st.tuples(tokens, printable), max_size=5))
        first_wins: dict[str, str] = {}
        for name, value in params:
            first_wins.setdefault(name.lower(), value)
        expected.append((scheme, first_wins, None))
        items = [f"{name}{draw(ows)}={draw(ows)}{quote(value)}" for name, value in params]
        separator = f"{draw(ows)},{draw(ows)}"
        pieces.append(scheme + (draw(one_sp) + separator.join(items) if items else ""))
    return f"{draw(ows)},{draw(ows)}".join(pieces), expected


@given(challenge_lists())
def test_round_trip(case: tuple[str, list[Expected]]) -> None:
    header, expected = case
    assert shape(parse_www_authenticate(header)) == expected
    assert shape(parse_www_authenticate(header.encode())) == expected


@given(tokens, st.from_regex(TOKEN68_RE, fullmatch=True), ows)
def test_token68_round_trip(scheme: str, token68: str, trailing: str) -> None:
    header = f"{scheme} {token68}{trailing}"
    assert shape(parse_www_authenticate(header)) == [(scheme, {}, token68)]
    # ... and followed by another challenge.
    followed = f'{header}, Basic realm="x"'
    assert shape(parse_www_authenticate(followed)) == [
        (scheme, {}, token68),
        ("Basic", {"realm": "x"}, None),
    ]


# -- the fast path and the scanner ---------------------------------------------------------
#
# parse_www_authenticate reads well-formed lines with a regex fast path (_fast_line, and
# reading the line item after item), and falls back
# to the scanner (_scan_line) for anything else. The escape hatch
# _parse_www_authenticate_scanner runs the scanner alone: both must always agree, down to
# the order of the parameters and the cap that is hit.

needs_fast_path = pytest.mark.skipif(
    not _POSSESSIVE, reason="the fast path needs possessive regex repetitions (Python 3.11+)"
)


def ordered(challenges: list[Challenge]) -> list[tuple[str, list[tuple[str, str]], str | None]]:
    return [(c.scheme, list(c.params.items()), c.token68) for c in challenges]


def outcome(parse: Any, value: Any) -> object:
    try:
        return ordered(parse(value))
    except MalformedResponseError as error:
        return str(error)


def assert_agree(value: Any) -> object:
    """Both parsers give the same challenges (or the same cap error); return it."""
    ours = outcome(parse_www_authenticate, value)
    assert ours == outcome(_parse_www_authenticate_scanner, value), value
    return ours


def takes_fast_path(header: str) -> bool:
    out: list[Challenge] = []
    taken = _fast_line(header, out)
    assert taken or not out, "the fast path appended challenges, then gave up"
    return taken


FAST_PATH_CASES = [
    # (header, expected, read by _fast_line)
    pytest.param("Bearer", [("Bearer", {}, None)], True, id="scheme-alone"),
    pytest.param("Bearer,, ,", [("Bearer", {}, None)], True, id="scheme-empty-elements"),
    pytest.param(" ,Bearer", [("Bearer", {}, None)], True, id="leading-separators"),
    pytest.param("Negotiate abc==", [("Negotiate", {}, "abc==")], True, id="token68"),
    pytest.param("Negotiate\tabc== \t", [("Negotiate", {}, "abc==")], True, id="token68-tab"),
    pytest.param(
        "Negotiate a+/b, Basic realm=x",
        [("Negotiate", {}, "a+/b"), ("Basic", {"realm": "x"}, None)],
        True,
        id="token68-then-challenge",
    ),
    pytest.param(
        "Scheme abc=, x=y",
        [("Scheme", {"abc": "", "x": "y"}, None)],
        True,
        id="token68-like-then-param-is-an-empty-param",
    ),
    pytest.param(
        "Scheme abc=,\r\n x=y",
        [("Scheme", {"abc": "", "x": "y"}, None)],
        False,
        id="token68-like-then-crlf-param",
    ),
    pytest.param(
        "Scheme abc, x=y",
        [("Scheme", {"x": "y"}, "abc")],
        True,
        id="token68-then-param-kept",
    ),
    pytest.param(
        "Scheme abc==x",
        [("Scheme", {"abc": "=x"}, None)],
        True,
        id="equals-inside-is-a-param",
    ),
    pytest.param("Scheme abc def", [("Scheme", {}, None), ("abc", {}, "def")], True, id="words"),
    pytest.param(
        'Bearer realm = "a\\"b\\\\c", REALM="ignored", Error=x',
        [("Bearer", {"realm": 'a"b\\c', "error": "x"}, None)],
        True,
        id="ows-escapes-first-wins-lower-case",
    ),
    pytest.param(
        'Bearer realm="a, b"',
        [("Bearer", {"realm": "a, b"}, None)],
        True,
        id="one-param-with-comma",
    ),
    pytest.param(
        'Bearer realm="x" error="y"',
        [("Bearer", {"realm": "x", "error": "y"}, None)],
        True,
        id="params-without-comma",
    ),
    pytest.param(
        'Bearer a=b\\c, d=""',
        [("Bearer", {"a": "b\\c", "d": ""}, None)],
        True,
        id="backslash-in-unquoted-value-is-data",
    ),
    pytest.param(
        'Bearer realm="\r\n"',
        [("Bearer", {"realm": "\r\n"}, None)],
        True,
        id="crlf-inside-quoted-string",
    ),
    # left to the scanner
    pytest.param('realm="x", Bearer', [("Bearer", {}, None)], False, id="param-before-scheme"),
    pytest.param('Bearer realm="x', [("Bearer", {"realm": "x"}, None)], False, id="unterminated"),
    pytest.param('Bearer realm="x\\', [("Bearer", {"realm": "x\\"}, None)], False, id="lone-bs"),
    pytest.param('Bearer realm="x"y', [("Bearer", {"realm": "x"}, None)], False, id="glued"),
    pytest.param("Bearer\r\n realm=x", [("Bearer", {"realm": "x"}, None)], False, id="crlf"),
    pytest.param("Basic/x, Bearer", [("Bearer", {}, None)], False, id="junk"),
    pytest.param("Bearer \xa0", [("Bearer", {}, None)], False, id="nbsp"),
    pytest.param("Negotiate abc\r\n", [("Negotiate", {}, "abc")], False, id="token68-crlf"),
    pytest.param(" ,", [], False, id="separators-only"),
    pytest.param("", [], False, id="empty"),
]


@needs_fast_path
@pytest.mark.parametrize(("header", "expected", "fast"), FAST_PATH_CASES)
def test_fast_path_cases(header: str, expected: list[Expected], fast: bool) -> None:
    assert takes_fast_path(header) is fast
    check(header, expected)
    assert_agree(header)
    assert_agree([header, header.encode()])


@pytest.mark.parametrize(
    "header",
    [
        pytest.param("Negotiate YIIBzgYGKwYBBQUCoIIBwjCCAb6gMDAu+/-._~==", id="lone-token68"),
        pytest.param("Negotiate\t YII= \t", id="lone-token68-ows"),
        pytest.param('Bearer realm="example"', id="one-quoted-param"),
        pytest.param('Bearer  ReaLM \t=\t "a \\"b\\" \\\\" ', id="one-quoted-param-escapes"),
        pytest.param('Bearer realm=""', id="one-empty-quoted-param"),
    ],
)
def test_whole_line_shapes(header: str) -> None:
    (challenge,) = parse_www_authenticate(header)
    assert assert_agree(header) == ordered([challenge])
    assert challenge == Challenge(challenge.scheme, dict(challenge.params), challenge.token68)
    assert isinstance(challenge.params, MappingProxyType)


def test_shapes_that_are_not_whole_line_shapes() -> None:
    # Each would be read differently by the scanner than by a naive "scheme param" reading.
    for header in ["Bearer abc=", "Bearer abc==", 'Bearer realm="x', "Bearer\r\nabc"]:
        assert_agree(header)


def test_fast_path_caps() -> None:
    # The fast path reads lines up to the caps (counting items only on long lines) and
    # leaves those that reach one to the scanner, which raises where it should.
    fast = _POSSESSIVE
    at_cap = ", ".join(["Basic"] * MAX_CHALLENGES)
    assert len(parse_www_authenticate(at_cap)) == MAX_CHALLENGES
    assert takes_fast_path(at_cap) is fast
    assert not takes_fast_path(at_cap + ", Basic")
    assert "MAX_CHALLENGES" in str(assert_agree(at_cap + ", Basic"))
    many_params = "Bearer " + ", ".join(f"p{i}={i}" for i in range(MAX_PARAMS))
    assert takes_fast_path(many_params) is fast
    assert assert_agree(many_params) == ordered(
        [Challenge("Bearer", {f"p{i}": str(i) for i in range(MAX_PARAMS)})]
    )
    assert not takes_fast_path(many_params + ", p0=again")  # repeats count too
    assert "MAX_PARAMS" in str(assert_agree(many_params + ", p0=again"))
    # Both caps on one line: the scanner raises the one it meets first.
    assert "MAX_PARAMS" in str(assert_agree(f"{many_params}, q=1, {at_cap}"))
    assert "MAX_CHALLENGES" in str(assert_agree(f"{at_cap}, {many_params}, q=1"))
    # Long lines under the caps.
    long_line = ", ".join(f"S{c} " + ", ".join(f"p{i}=v" for i in range(20)) for c in range(20))
    assert takes_fast_path(long_line) is fast
    assert len(parse_www_authenticate(long_line)) == 20
    assert_agree(long_line)
    # Across lines: the challenges of the lines before count.
    lines = [", ".join(["Basic"] * (MAX_CHALLENGES - 2)), "Bearer, DPoP"]
    out: list[Challenge] = []
    assert _fast_line(lines[0], out) is fast
    assert _fast_line(lines[1], out if fast else []) is fast
    assert len(parse_www_authenticate(lines)) == MAX_CHALLENGES
    assert_agree(lines)
    assert not _fast_line("Basic", out)
    assert "MAX_CHALLENGES" in str(assert_agree([*lines, "Basic"]))
    assert "MAX_CHALLENGES" in str(assert_agree([lines[0], "Bearer, DPoP, Basic"]))


def test_parser_built_challenges_behave_like_constructed_ones() -> None:
    for header in ["Negotiate abc==", 'Bearer realm="x"', 'Bearer realm="x", error="y"']:
        (parsed,) = parse_www_authenticate(header)
        built = Challenge(parsed.scheme, MappingProxyType(dict(parsed.params)), parsed.token68)
        assert parsed == built and hash(parsed) == hash(built) and repr(parsed) == repr(built)
        for clone in (pickle.loads(pickle.dumps(parsed)), copy.deepcopy(parsed)):
            assert clone == parsed and isinstance(clone.params, MappingProxyType)
        assert weakref.ref(parsed)() is parsed
        with pytest.raises(dataclasses.FrozenInstanceError):
            parsed.scheme = "x"  # type: ignore[misc]
    assert [f.name for f in dataclasses.fields(Challenge)] == ["scheme", "params", "token68"]
    assert Challenge("A") == Challenge("A", {}, None)


# Near-well-formed headers: grammar fragments and the characters that make the fast path
# give up (CR, LF, NBSP, DQUOTE, backslash, "@", "/"), glued in any order.
FRAGMENTS = [
    "Bearer", "Basic", "a", "B", "realm", "=", "==", " ", "  ", "\t", ",", ", ", '"', "\\",
    '"v"', '"a\\"b"', '""', "abc=", "ab/c", "+/", "\r\n", "\xa0", "@", "é", "Negotiate YII=",
    "q=1", ":", "=x",
]  # fmt: skip

fragment_headers = st.lists(st.sampled_from(FRAGMENTS), max_size=14).map("".join)


@st.composite
def well_formed_items(draw: st.DrawFn, strict: bool = True) -> str:
    """A header of challenges as servers send them: auth-schemes, each with a token68 or
    auth-params (quoted, unquoted, empty values), comma-separated.

    Not ``strict``: parameters may follow a token68, and items may be separated by
    whitespace alone, which is not the grammar but is what the parsers also read.
    """
    separators = [", ", ",", " , ", ",\t", ",, "] + ([] if strict else [" ", "\t"])
    items: list[str] = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        scheme = draw(tokens)
        if draw(st.integers(min_value=0, max_value=3)) == 0:
            token68 = draw(st.from_regex(TOKEN68_RE, fullmatch=True))
            items.append(f"{scheme}{draw(one_sp)}{token68}")
            if strict:
                continue
        else:
            items.append(scheme)
        for _ in range(draw(st.integers(min_value=0, max_value=4))):
            value = draw(
                st.one_of(
                    printable.map(quote),
                    tokens,
                    st.from_regex(r"[A-Za-z0-9/:=.+-]{0,12}", fullmatch=True),
                )
            )
            items.append(f"{draw(tokens)}{draw(ows)}={draw(ows)}{value}")
    header = items[0]
    for item in items[1:]:
        header += draw(st.sampled_from(separators)) + item
    return header


@st.composite
def mutated(draw: st.DrawFn, headers: st.SearchStrategy[str]) -> str:
    """A header with one character inserted, replaced or deleted somewhere."""
    header = draw(headers)
    at = draw(st.integers(min_value=0, max_value=len(header)))
    cut = draw(st.integers(min_value=0, max_value=1))
    glue = draw(st.sampled_from(['"', "\\", "\r", "\n", "=", ",", " ", "@", "\xa0", "a", ""]))
    return header[:at] + glue + header[at + cut :]


@given(
    st.one_of(
        well_formed_items(strict=False),
        mutated(well_formed_items(strict=False)),
        fragment_headers,
        challenge_lists().map(lambda case: case[0]),
        mutated(challenge_lists().map(lambda case: case[0])),
    )
)
@settings(max_examples=400)
def test_fast_path_agrees_with_the_scanner(header: str) -> None:
    assert_agree(header)
    assert_agree(header.encode())
    assert_agree([header, header])


@needs_fast_path
@given(st.one_of(well_formed_items(), challenge_lists().map(lambda case: case[0])))
def test_fast_path_reads_well_formed_headers(header: str) -> None:
    # The fast path does not silently give up on what servers commonly send.
    assert takes_fast_path(header)
