"""Properties that state what must come out of the readers, not only that nothing raises.

* The WWW-Authenticate reader: challenges generated as data, rendered as RFC 9110 §11.6.1
  says a server may send them (tokens or quoted-strings with quoted-pairs, optional white
  space, empty list elements, several lines), then read back: the same challenges come out,
  from the public reader and from the scanner alone.
* The link rule as a predicate: ``safe_link(uri)`` is ``uri`` itself exactly when the rule
  below holds, else None.
* The description cap as an exact length.
"""

from __future__ import annotations

import json
import string
import unicodedata
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oauth_client_errors import parse_response, parse_www_authenticate

try:  # the modules after the core's layering (issue 11), then before it
    from oauth_client_errors._ground.sanitize import MAX_DISPLAY, display_text, safe_link
    from oauth_client_errors._wire.challenge import _parse_www_authenticate_scanner
except ImportError:
    from oauth_client_errors._challenge import _parse_www_authenticate_scanner
    from oauth_client_errors._sanitize import MAX_DISPLAY, display_text, safe_link

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- the challenge reader: a reference rendering and back ------------------------------------

TCHAR = "!#$%&'*+-.^_`|~" + string.digits + string.ascii_letters
T68CHAR = string.ascii_letters + string.digits + "-._~+/"
# qdtext and quoted-pair may hold HTAB, SP, VCHAR and obs-text (RFC 9110 §5.6.4); a str
# header may hold any other non-ASCII text too (it was decoded from UTF-8).
VALUE_CHARS = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"), include_characters="\t")

tokens = st.text(TCHAR, min_size=1, max_size=8)


@dataclass(frozen=True)
class Param:
    name: str
    value: str
    quote: bool  # send as a quoted-string even where a token would do
    escapes: tuple[bool, ...]  # which characters to send as a quoted-pair


@dataclass(frozen=True)
class Spec:
    scheme: str
    token68: str | None
    params: tuple[Param, ...]


@st.composite
def params(draw: st.DrawFn) -> Param:
    name = draw(tokens)
    value = draw(st.one_of(tokens, st.text(VALUE_CHARS, max_size=12)))
    escapes = tuple(draw(st.lists(st.booleans(), min_size=len(value), max_size=len(value))))
    return Param(name, value, draw(st.booleans()), escapes)


@st.composite
def specs(draw: st.DrawFn) -> Spec:
    scheme = draw(tokens)
    if draw(st.booleans()):
        token68 = draw(st.text(T68CHAR, min_size=1, max_size=10)) + "=" * draw(st.integers(0, 2))
        return Spec(scheme, token68, ())
    return Spec(scheme, None, tuple(draw(st.lists(params(), max_size=5))))


ows = st.sampled_from(["", " ", "\t", "  ", " \t"])
separators = st.sampled_from([", ", ",", " , ", ",\t", ", , ", ",,"])


def quoted(param: Param) -> str:
    out = []
    for char, escape in zip(param.value, param.escapes, strict=True):
        out.append("\\" + char if escape or char in '"\\' else char)
    return '"' + "".join(out) + '"'


@st.composite
def rendered(draw: st.DrawFn, challenges: list[Spec]) -> str:
    """One header line for ``challenges``, as RFC 9110 §11.6.1 lets a server write it."""
    parts = []
    for spec in challenges:
        text = spec.scheme
        if spec.token68 is not None:
            text += draw(st.sampled_from([" ", "  ", "\t"])) + spec.token68
        elif spec.params:
            items = []
            for param in spec.params:
                bare = param.value and all(c in TCHAR for c in param.value) and not param.quote
                value = param.value if bare else quoted(param)
                items.append(f"{param.name}{draw(ows)}={draw(ows)}{value}")
            text += draw(st.sampled_from([" ", "  ", "\t"]))
            text += "".join(item + (draw(separators) if n < len(items) - 1 else "")
                            for n, item in enumerate(items))  # fmt: skip
        parts.append(text)
    line = draw(ows) + "".join(
        part + (draw(separators) if n < len(parts) - 1 else "") for n, part in enumerate(parts)
    )
    return line + draw(st.sampled_from(["", " ", ",", ", "]))


def expected(challenges: list[Spec]) -> list[tuple[str, dict[str, str], str | None]]:
    out = []
    for spec in challenges:
        values: dict[str, str] = {}
        for param in spec.params:
            values.setdefault(param.name.lower(), param.value)  # the first occurrence wins
        out.append((spec.scheme, values, spec.token68))
    return out


def read(challenges: list[object]) -> list[tuple[str, dict[str, str], str | None]]:
    return [(c.scheme, dict(c.params), c.token68) for c in challenges]  # type: ignore[attr-defined]


@PROPERTY
@given(st.data(), st.lists(specs(), max_size=4))
def test_challenges_round_trip_through_their_rendering(
    data: st.DataObject, challenges: list[Spec]
) -> None:
    line = data.draw(rendered(challenges), label="header")
    want = expected(challenges)
    assert read(parse_www_authenticate(line)) == want
    assert read(_parse_www_authenticate_scanner(line)) == want
    assert read(parse_www_authenticate(line.encode("utf-8"))) == want


@settings(PROPERTY, max_examples=100)
@given(st.data(), st.lists(st.lists(specs(), max_size=3), max_size=3))
def test_several_lines_read_as_their_challenges_in_order(
    data: st.DataObject, lines: list[list[Spec]]
) -> None:
    header = [data.draw(rendered(line), label="line") for line in lines]
    want = [shape for line in lines for shape in expected(line)]
    assert read(parse_www_authenticate(header)) == want
    assert read(_parse_www_authenticate_scanner(header)) == want


# -- the link rule --------------------------------------------------------------------------

FORBIDDEN = set('\x7f"<>\\^`{|}')


def link_rule(uri: str) -> bool:
    """The rule, stated without urllib: when may ``uri`` be offered as a link?

    An ASCII string of 1 to 2,048 characters with no white space, control character or any
    of ``"<>\\^`{|}``; starting with ``https://`` (any case); whose authority (up to the
    first ``/``, ``?`` or ``#``) has no ``@``, and a non-empty host before its first ``:``,
    after which the port, if any, is digits only, at most 65535. (An authority with ``[`` or
    ``]``, an IPv6 literal, is left to urllib: see ``has_ipv6_literal``.)
    """
    if not 0 < len(uri) <= 2048 or not uri.isascii():
        return False
    if any(ord(c) <= 0x20 or c in FORBIDDEN for c in uri):
        return False
    if uri[:8].lower() != "https://":
        return False
    authority = uri[8:]
    for end in "/?#":
        authority = authority.split(end, 1)[0]
    if "@" in authority:
        return False
    host, _, port = authority.partition(":")
    if port and (not port.isdigit() or int(port) > 65535):
        return False
    return bool(host)


def has_ipv6_literal(uri: str) -> bool:
    authority = uri.partition("://")[2]
    for end in "/?#":
        authority = authority.split(end, 1)[0]
    return "[" in authority or "]" in authority


HOST = st.text(string.ascii_lowercase + string.digits + "-.", min_size=0, max_size=12)
PIECE = st.text(
    string.ascii_letters + string.digits + "-._~!$&'()*+,;=:@%/?#" + '"<>\\^`{|} \t\x7f\x00é',
    max_size=12,
)


@st.composite
def uris(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["https", "HTTPS", "hTtPs", "http", "javascript", "ftp", ""]))
    sep = draw(st.sampled_from(["://", "://", "://", ":", ":/", "//", ""]))
    userinfo = draw(st.sampled_from(["", "", "", "user@", "@", "a:b@"]))
    host = draw(HOST)
    port = draw(
        st.sampled_from(["", "", ":", ":443", ":65535", ":65536", ":0080", ":x1", "::", ":1:2"])
    )
    path = draw(st.sampled_from(["", "/", "/e/"])) + draw(PIECE)
    return scheme + sep + userinfo + host + port + path


@PROPERTY
@given(st.one_of(uris(), st.text(max_size=40)))
def test_safe_link_is_the_uri_exactly_when_the_rule_holds(uri: str) -> None:
    if has_ipv6_literal(uri):
        assert safe_link(uri) in (uri, None)
    else:
        assert safe_link(uri) == (uri if link_rule(uri) else None)


@settings(max_examples=60, deadline=None)
@given(uris())
def test_an_errors_link_follows_the_rule(uri: str) -> None:
    body = json.dumps({"error": "invalid_request", "error_uri": uri})
    err = parse_response(400, {"Content-Type": "application/json"}, body)
    assert err is not None
    assert err.link == (uri if link_rule(uri) else None)


@given(st.integers(2030, 2060))
def test_safe_link_length_bound(size: int) -> None:
    uri = "https://as.example/" + "a" * (size - len("https://as.example/"))
    assert safe_link(uri) == (uri if size <= 2048 else None)


# -- the description cap --------------------------------------------------------------------

VISIBLE = st.characters(
    exclude_categories=("Cc", "Cf", "Cs", "Zs", "Zl", "Zp", "Co", "Cn", "Mn", "Me")
)


@PROPERTY
@given(st.text(VISIBLE, max_size=700))
def test_visible_text_is_cut_to_exactly_the_cap(text: str) -> None:
    shown = display_text(text)
    if len(text) <= MAX_DISPLAY:
        assert shown == text
    else:
        assert shown == text[: MAX_DISPLAY - 1] + "…"
        assert len(shown) == MAX_DISPLAY


@PROPERTY
@given(st.lists(st.text(VISIBLE, min_size=1, max_size=30), min_size=1, max_size=40))
def test_words_are_cut_to_the_cap_without_a_space_before_the_ellipsis(words: list[str]) -> None:
    text = " ".join(words)  # single spaces, none at either end: nothing to clean
    shown = display_text(text)
    if len(text) <= MAX_DISPLAY:
        assert shown == text
    else:
        assert shown == text[: MAX_DISPLAY - 1].rstrip(" ") + "…"
        assert len(shown) == MAX_DISPLAY - (text[MAX_DISPLAY - 2] == " ")


@settings(PROPERTY, max_examples=50)
@given(st.text(VISIBLE, min_size=MAX_DISPLAY + 1, max_size=400))
def test_safe_description_is_shortened_to_exactly_the_cap(text: str) -> None:
    body = json.dumps({"error": "invalid_request", "error_description": text})
    err = parse_response(400, {"Content-Type": "application/json"}, body)
    assert err is not None
    assert err.description == text
    assert err.safe_description == text[: MAX_DISPLAY - 1] + "…"


@PROPERTY
@given(st.text(max_size=400), st.integers(1, 350))
def test_display_text_is_one_clean_line_within_the_limit(text: str, limit: int) -> None:
    shown = display_text(text, limit)
    assert len(shown) <= limit
    assert shown == shown.strip(" ")
    assert "  " not in shown
    # No control character, surrogate, or bidi / zero-width / line-separator format character.
    assert not any(unicodedata.category(c) in ("Cc", "Cs") for c in shown)
    assert not any(c in INVISIBLE for c in shown)
    assert display_text(shown, limit) == shown  # cleaning twice changes nothing


INVISIBLE = set("\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e")
INVISIBLE |= set("\u2066\u2067\u2068\u2069\u061c\ufeff\xad")


@PROPERTY
@given(st.text(max_size=80))
def test_what_survives_cleaning_keeps_its_order(text: str) -> None:
    # Cleaning only removes, folds white space and replaces lone surrogates: what comes out
    # is, spaces aside, a subsequence of what went in.
    shown = display_text(text, 1000)
    source = iter("\ufffd" if unicodedata.category(c) == "Cs" else c for c in text)
    assert all(any(c == s for s in source) for c in shown if c != " ")
