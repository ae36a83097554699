"""What a person is shown of server text, stated one behaviour per test.

Each test here pins down a behaviour of the display sanitiser that a mutation run found
untested (issue 17): the exact text that comes out, not only that nothing bad does. Most
tests go through the public surface (``OAuthError.safe_description``, ``OAuthError.link``,
``repr``); the rules the public surface cannot reach (a ``limit`` of 1 or 2, the bound on
the work done for a huge value) use the sanitiser's functions, imported from wherever the
core's layering (issue 11) puts them.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from oauth_client_errors import OAuthError, parse_response

try:  # the sanitiser's module after the core's layering (issue 11), then before it
    from oauth_client_errors._ground.sanitize import MAX_DISPLAY, display_text, safe_link
except ImportError:
    from oauth_client_errors._sanitize import MAX_DISPLAY, display_text, safe_link

JSON = {"Content-Type": "application/json"}


def error_with(**fields: Any) -> OAuthError:
    err = parse_response(400, JSON, json.dumps({"error": "invalid_request", **fields}))
    assert err is not None
    return err


# -- the description cap --------------------------------------------------------------------


def test_the_cap_is_300_characters() -> None:
    assert MAX_DISPLAY == 300


def test_a_description_over_the_cap_is_shortened_to_exactly_the_cap() -> None:
    description = "".join(chr(ord("a") + i % 26) for i in range(400))
    shown = error_with(error_description=description).safe_description
    assert shown is not None
    assert len(shown) == 300  # shortened, not dropped and not passed whole
    assert shown == description[:299] + "…"


def test_a_description_of_exactly_the_cap_is_shown_whole() -> None:
    description = "d" * 300
    assert error_with(error_description=description).safe_description == description


def test_a_description_one_over_the_cap_loses_one_character_and_gains_an_ellipsis() -> None:
    assert error_with(error_description="d" * 301).safe_description == "d" * 299 + "…"


def test_white_space_before_the_cut_is_dropped_before_the_ellipsis() -> None:
    description = "a" * 297 + "  " + "b" * 10  # the cut falls right after the spaces
    shown = error_with(error_description=description).safe_description
    assert shown == "a" * 297 + " " + "b" + "…"  # the run of spaces became one
    description = "a" * 298 + " " + "b" * 10  # the cut falls right after a space
    assert error_with(error_description=description).safe_description == "a" * 298 + "…"


def test_the_cap_applies_after_cleaning() -> None:
    # 300 characters once the leading space and the controls are gone: not shortened.
    description = " " + "a" * 150 + "\x00\u202e" + "b" * 150 + " "
    assert error_with(error_description=description).safe_description == "a" * 150 + "b" * 150


def test_repr_caps_the_description_at_120() -> None:
    err = error_with(error_description="r" * 500)
    assert f"description='{'r' * 119}…'" in repr(err)


@pytest.mark.parametrize(
    ("limit", "expected"), [(1, "…"), (2, "a…"), (3, "ab…"), (4, "abcd"), (5, "abcd")]
)
def test_small_limits(limit: int, expected: str) -> None:
    assert display_text("abcd", limit) == expected
    assert len(display_text("abcd", limit)) == min(limit, 4)


def test_only_a_bounded_prefix_is_read() -> None:
    # A huge value costs no more than a short one: only its first 4 * limit + 64 characters
    # are looked at, so text hidden behind that many invisible characters is never shown.
    hidden = "\x00" * (4 * MAX_DISPLAY + 63)
    assert display_text(hidden + "ab") == "a"
    assert display_text(hidden[:-1] + "ab") == "ab"
    assert display_text("\x00" * (4 * 10 + 63) + "xyz", 10) == "x"


# -- the fast path and the slow path give the same text ------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        pytest.param("plain text", "plain text", id="plain"),
        pytest.param(" leading", "leading", id="leading-space"),
        pytest.param("trailing ", "trailing", id="trailing-space"),
        pytest.param("two  spaces", "two spaces", id="double-space"),
        pytest.param("tab\there", "tab here", id="tab"),
        pytest.param("line\r\nbreak", "line break", id="crlf"),
        pytest.param(" \t\r\n ", "", id="only-white-space"),
        pytest.param("", "", id="empty"),
        pytest.param("café ☃", "café ☃", id="non-ascii-printable"),
        pytest.param("a\ud800b", "a\ufffdb", id="lone-surrogate"),
        pytest.param("a\x00b\x7fc\x9fd", "abcd", id="c0-del-c1"),
    ],
)
def test_display_text_exact_output(raw: str, shown: str) -> None:
    assert display_text(raw) == shown


@pytest.mark.parametrize(
    ("value", "shown"), [(42, "42"), (None, "None"), (b"ab", "b'ab'"), (["a b"], "['a b']")]
)
def test_non_strings_are_shown_as_their_str(value: object, shown: str) -> None:
    assert display_text(value) == shown


def test_no_description_is_none_and_an_empty_one_is_none_too() -> None:
    assert error_with().safe_description is None
    assert error_with(error_description="").safe_description is None
    assert error_with(error_description="\x1b[2J\u202e").safe_description is None


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        pytest.param("\x1b[31mred\x1b[0m", "red", id="csi-colour"),
        pytest.param("\x1b[?25lx", "x", id="csi-private"),
        pytest.param("\x1b[1 qx", "x", id="csi-intermediate"),
        pytest.param("x\x1b[31", "x", id="csi-unterminated"),
        pytest.param("\x1b]8;;https://evil.example\x07click\x1b]8;;\x07", "click", id="osc-8-bel"),
        pytest.param("\x1b]0;title\x1b\\x", "x", id="osc-st"),
        pytest.param("x\x1b]0;never ends", "x", id="osc-unterminated"),
        pytest.param("\x9b31mred", "red", id="8-bit-csi"),
        pytest.param("\x9d0;title\x9cx", "x", id="8-bit-osc"),
        pytest.param("\x1bMx", "x", id="two-character-escape"),
        pytest.param("x\x1b", "x", id="lone-esc"),
    ],
)
def test_terminal_escapes_are_removed_whole(raw: str, shown: str) -> None:
    assert display_text(raw) == shown


# The table of dropped characters: each range's ends, and a neighbour that stays.
DROPPED = [
    "\x00", "\x08", "\x0b", "\x1f", "\x7f", "\x80", "\x9f", "\xad", "\u034f", "\u061c",
    "\u180e", "\u200b", "\u200f", "\u2028", "\u202e", "\u2060", "\u2069", "\ufeff",
    "\ufff9", "\ufffb", "\U000e0000", "\U000e0041", "\U000e007f",
]  # fmt: skip
KEPT = ["\xa0", "\xae", "\u034e", "\u2010", "\u2027", "\u202f", "\u206a", "\ufffc", "\U000e0100"]


@pytest.mark.parametrize("char", DROPPED, ids=[f"U+{ord(c):04X}" for c in DROPPED])
def test_invisible_and_control_characters_are_dropped(char: str) -> None:
    assert display_text(f"a{char}b") == "ab"


@pytest.mark.parametrize("char", KEPT, ids=[f"U+{ord(c):04X}" for c in KEPT])
def test_visible_neighbours_are_kept(char: str) -> None:
    assert display_text(f"a{char}b") == f"a{char}b"


# -- the link rule --------------------------------------------------------------------------


def test_markup_in_a_link_is_never_offered() -> None:
    uri = 'https://as.example/"><script>'
    err = error_with(error_uri=uri)
    assert err.link is None
    assert safe_link(uri) is None
    assert err.uri == uri  # kept raw for programs


@pytest.mark.parametrize("char", [*'"<>\\^`{|}', "\x7f", " ", "\x00", "\x1f", "\t"], ids=repr)
def test_each_forbidden_character_refuses_a_link(char: str) -> None:
    assert safe_link("https://as.example/a") == "https://as.example/a"
    assert safe_link(f"https://as.example/a{char}b") is None


@pytest.mark.parametrize(
    "uri",
    [
        "https://as.example/a@b",  # "@" in the path is no user info
        "https://as.example/~x/!$&'()*+,;=:%20?q=[1]#f",
        "https://[2001:db8::1]:8443/e",
        "HTTPS://AS.EXAMPLE/E",
        "hTtPs://as.example",
    ],
)
def test_https_links_with_other_characters_are_offered_unchanged(uri: str) -> None:
    assert safe_link(uri) == uri
    assert error_with(error_uri=uri).link == uri


@pytest.mark.parametrize(
    "uri",
    [
        "https://@as.example/",  # empty user info
        "https://:443/",  # no host
        "https://as.example:abc/",  # a port that is no number
        "https://as.example:65536/",
        "http://as.example/",
        "ftp://as.example/",
        "https//as.example/",
    ],
)
def test_links_without_a_plain_https_host_are_refused(uri: str) -> None:
    assert safe_link(uri) is None


@pytest.mark.parametrize("value", [None, 42, b"https://as.example/", ["https://as.example/"]])
def test_a_link_that_is_no_string_is_refused(value: object) -> None:
    assert safe_link(value) is None


def test_the_link_length_limit_is_2048() -> None:
    base = "https://as.example/"
    longest = base + "a" * (2048 - len(base))
    assert safe_link(longest) == longest
    assert safe_link(longest + "a") is None
