"""WWW-Authenticate challenges (RFC 9110 §11.6.1) and their OAuth views.

The parser, :func:`parse_www_authenticate`, has two stages, both linear in time on any input
(no ReDoS, see ``tests/test_challenge_redos.py``):

* for the common, well-formed header: one ``findall`` of a regex that reads the line
  item after item (:data:`_FAST_ITEM`). Every
  repetition in them is possessive, so the regex engine never backtracks into what it
  has read;
* when the fast path finds anything it does not read exactly as the scanner would (junk,
  CR/LF, an unterminated quoted-string, a parameter before any scheme, more items than
  :data:`MAX_CHALLENGES`), the hand-written single-pass scanner, :func:`_scan_line`, which
  reads each character a bounded number of times and never backtracks. On Python 3.10,
  which has no possessive repetitions, the scanner reads everything.

Both give the same result on every input the fast path accepts (a hypothesis property in
``tests/test_challenge.py`` checks it). The parser is lenient, as a client reading what
servers send has to be: malformed pieces are skipped and everything that can be recovered
is kept. Only the size caps (:data:`MAX_HEADER_BYTES`, :data:`MAX_CHALLENGES`,
:data:`MAX_PARAMS`) make it raise.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, cast

from .._ground.exceptions import MalformedResponseError
from .claims import decode_claims

__all__ = [
    "MAX_CHALLENGES",
    "MAX_HEADER_BYTES",
    "MAX_PARAMS",
    "Challenge",
    "parse_www_authenticate",
]

#: Most characters (bytes, for ``bytes`` input) accepted across all header lines, counting
#: one separator between lines as if they were joined with commas.
MAX_HEADER_BYTES = 64 * 1024
#: Most challenges accepted across all header lines.
MAX_CHALLENGES = 64
#: Most auth-params accepted in one challenge (every occurrence counts, repeats included).
MAX_PARAMS = 256


def _split_list(value: str | None) -> list[str]:
    return value.split() if value else []


class _WeakReferenceable:
    # Challenge has slots but stays weak-referenceable, as it was before it had them
    # (dataclass's weakref_slot=True would do the same, from Python 3.11 only).
    __slots__ = ("__weakref__",)


# Slots: smaller instances.
@dataclass(frozen=True, slots=True)
class Challenge(_WeakReferenceable):
    """One authentication challenge from a ``WWW-Authenticate`` header.

    Attributes:
        scheme: The auth-scheme as sent (compare with :meth:`is_scheme`).
        params: The auth-params, names lower-cased, values unquoted and unescaped. When a
            parameter is repeated, the first occurrence wins.
        token68: The token68 form (``Negotiate abc==``), or None.
    """

    scheme: str
    params: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    token68: str | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # A mappingproxy cannot be pickled or deep-copied: rebuild it from a plain dict, so
        # that errors holding challenges survive pickle (multiprocessing, caches).
        # Rebuilt by oauth_client_errors._rebuild_challenge, a stable public path.
        return (_rebuild_challenge, (self.scheme, dict(self.params), self.token68))

    def __hash__(self) -> int:
        # The generated __hash__ would hash the mappingproxy, which is unhashable.
        return hash((self.scheme, frozenset(self.params.items()), self.token68))

    def is_scheme(self, name: str) -> bool:
        """Return True if this challenge's scheme is ``name`` (case-insensitive)."""
        return self.scheme.lower() == name.lower()

    @property
    def is_oauth(self) -> bool:
        """True for the schemes that carry OAuth errors: Bearer (RFC 6750) and DPoP (RFC 9449)."""
        return self.scheme.lower() in ("bearer", "dpop")

    @property
    def realm(self) -> str | None:
        """The ``realm`` parameter."""
        return self.params.get("realm")

    @property
    def error(self) -> str | None:
        """The ``error`` code (RFC 6750 §3)."""
        return self.params.get("error")

    @property
    def error_description(self) -> str | None:
        """The ``error_description`` (raw, not display-safe)."""
        return self.params.get("error_description")

    @property
    def error_uri(self) -> str | None:
        """The ``error_uri`` as received."""
        return self.params.get("error_uri")

    @property
    def scope(self) -> list[str]:
        """The space-delimited ``scope`` parameter as a list (RFC 6750 §3)."""
        return _split_list(self.params.get("scope"))

    @property
    def algs(self) -> list[str]:
        """The DPoP ``algs`` the server accepts (RFC 9449 §7.1)."""
        return _split_list(self.params.get("algs"))

    @property
    def acr_values(self) -> list[str]:
        """The ``acr_values`` required for step-up (RFC 9470 §3)."""
        return _split_list(self.params.get("acr_values"))

    @property
    def max_age(self) -> int | None:
        """The ``max_age`` in seconds required for step-up (RFC 9470 §3), or None."""
        raw = self.params.get("max_age")
        if raw is None:
            return None
        value = raw.strip(" \t")  # OWS; anything else (a control character) is invalid
        if not value.isascii() or not value.isdigit() or len(value) > 12:
            return None
        return int(value)

    @property
    def resource_metadata(self) -> str | None:
        """The protected resource metadata URL (RFC 9728 §5.1), as received."""
        return self.params.get("resource_metadata")

    @property
    def claims(self) -> dict[str, Any] | None:
        """Microsoft Entra's claims challenge: base64-decoded JSON object, or None."""
        return decode_claims(self.params.get("claims") or None)


def _rebuild_challenge(scheme: str, params: dict[str, str], token68: str | None) -> Challenge:
    """A challenge from its pickled parts (``oauth_client_errors._rebuild_challenge``)."""
    return Challenge(scheme, MappingProxyType(params), token68)


# Pickles name the package, not this module, so that they load after the modules move.
Challenge.__module__ = _rebuild_challenge.__module__ = "oauth_client_errors"


# ---------------------------------------------------------------------------------------
# The grammar, RFC 9110 §11.6.1 (WWW-Authenticate), §11.2 (auth-param), §11.3 (token68),
# §5.6.2 (token), §5.6.3 (whitespace), §5.6.4 (quoted-string), §5.6.1 (lists):
#
#   WWW-Authenticate = #challenge
#
#   challenge      = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
#   auth-scheme    = token
#   auth-param     = token BWS "=" BWS ( token / quoted-string )
#   token68        = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
#
#   token          = 1*tchar
#   tchar          = "!" / "#" / "$" / "%" / "&" / "'" / "*"
#                  / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
#                  / DIGIT / ALPHA
#                  ; any VCHAR, except delimiters
#
#   OWS            = *( SP / HTAB )
#   BWS            = OWS
#                  ; "bad" whitespace
#
#   quoted-string  = DQUOTE *( qdtext / quoted-pair ) DQUOTE
#   qdtext         = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
#   quoted-pair    = "\" ( HTAB / SP / VCHAR / obs-text )
#   obs-text       = %x80-FF
#
#   #element       => [ element ] *( OWS "," OWS [ element ] )
#                  ; empty list elements are allowed and ignored (§5.6.1.2)
#
# The one ambiguity of the grammar, RFC 9110 §11.6.1: after a comma, a token followed by
# BWS "=" is another auth-param of the current challenge; any other token starts a new
# challenge. Everything here is ASCII-only on purpose (no \w, no \s: they match Unicode).
# ---------------------------------------------------------------------------------------

# The type of a bound ``Pattern.match`` whose pattern also matches the empty string, so it
# never returns None.
_AlwaysMatch = Callable[[str, int], "re.Match[str]"]

# Every pattern is a single character class (plus a run of "=" for token68): a match reads
# each character once and cannot backtrack, so each call is linear in what it consumes.
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+").match
# OWS; CR and LF are accepted too, for obsolete line folding (RFC 9112 §5.2) left in a value.
_WS = cast("_AlwaysMatch", re.compile(r"[ \t\r\n]*").match)
_TOKEN68 = re.compile(r"[A-Za-z0-9._~+/-]+=*").match
# Lenient unquoted value: a token by the grammar, but servers also send "=" (base64
# padding), "/" and ":" (URLs) unquoted, so take everything up to a delimiter.
_BARE_VALUE = cast("_AlwaysMatch", re.compile(r'[^ \t\r\n,"]*').match)
# Text inside a quoted-string up to the next DQUOTE or backslash.
_QDTEXT = cast("_AlwaysMatch", re.compile(r'[^"\\]*').match)
# Recovery: skip anything that cannot start an element, or is glued to a token, up to the
# next delimiter (the same class as an unquoted value).
_JUNK = _BARE_VALUE

# OWS and commas: the gap between two non-empty list elements.
_SEPARATORS = cast("_AlwaysMatch", re.compile(r"[ \t\r\n,]*").match)

_SPACE = " \t\r\n"
_DELIMITERS = " \t\r\n,"

# -- the fast path ------------------------------------------------------------------------
#
# One item of a header line, for re.findall: an auth-scheme (with its token68, if any) or
# an auth-param, followed by the separators up to the next item. findall reads the line
# from left to right, item after item, each match starting where the previous one ended;
# anything the pattern does not take as an item ends up in the catch-all last alternative,
# which takes the rest of the line: the line then goes to the scanner instead.
#
# Each item is read exactly as _scan_line reads it (the property test
# test_fast_path_agrees_with_the_scanner checks this on generated headers):
#
# * the same token (a run of tchar), then "=" after optional SP/HTAB means an auth-param;
# * its value: a quoted-string (escapes are undone afterwards) or, as in the scanner, the
#   lenient unquoted value, everything up to a delimiter or DQUOTE, possibly empty;
# * otherwise an auth-scheme, with a token68 when one follows after SP/HTAB, under the
#   scanner's conditions (then only OWS and a comma or the end; a token68 ending in "="
#   is not one when the comma is followed by `name =`, see _param_follows);
# * after every item, at least one separator (SP, HTAB, comma) or the end of the line.
#
# What this does not cover goes to the scanner (the catch-all alternative matches):
# CR or LF outside a quoted-string, an unterminated quoted-string, text glued to a value or
# a scheme, junk characters. So do lines whose first item is a parameter (the scanner drops
# it) and lines with more than _FAST_MAX_ITEMS items (see _fast_line). Separators before
# the first item are read at the start of the line only (\A).
#
# Linear time: every repetition is possessive (*+, ++, ?+), so the engine never gives back
# what a repetition has taken, and never retries an item in another way once it has
# matched. When an alternative fails, the next one starts over no further back than the
# OWS after the token ("=" or a token68 after it; DQUOTE or not), and the two branches of
# the quoted-string loop start with different characters. A lookahead reads at most OWS,
# a comma, separators and one token past the item, text that the next items read again.
# So each character is read a bounded number of times. A failed item costs a read of its
# own length (and of one lookahead), and the catch-all then ends the findall. findall
# lists the items before anything is decided, at most one per two characters: for a line
# at MAX_HEADER_BYTES, a few milliseconds and megabytes at worst.
#
# Possessive repetitions are Python 3.11+: on 3.10 the fast-path patterns are replaced by
# one that never matches (_NEVER), and the scanner reads every line.
_NEVER = r"(?!)"
_POSSESSIVE = sys.version_info >= (3, 11)
_TCHAR = r"[!#$%&'*+.^_`|~0-9A-Za-z-]"
_T68CHAR = r"[A-Za-z0-9._~+/-]"
_FAST_ITEM = (
    rf"""
    (?:\A[ \t,]*+)?+                       # OWS and empty elements at the start
    ({_TCHAR}++)                           # 1: auth-scheme or auth-param name
    (?:
        [ \t]*+ (=) [ \t]*+                 # 2: "=": an auth-param, whose value is
        (?: " ( (?:[^"\\]++|\\[\s\S])*+ ) "   # 3: a quoted-string (its inside), or
          | ( [^ \t\r\n,"]*+ )              # 4: unquoted, maybe empty
        )
      | [ \t]++ ( {_T68CHAR}++             # 5: a token68 after the auth-scheme, if
            (?: =++ (?= [ \t]*+ (?: \Z        #    ending in "=": then the end, or a comma
                  | ,(?! [ \t\r\n,]*+ {_TCHAR}++ [ \t\r\n]*+ = ) ) )  # not before `name =`
              | (?= [ \t]*+ (?: , | \Z ) )     #    else: then a comma or the end
            )
        )
    )?+
    (?: [ \t,]++ | \Z )                    # separators up to the next item, or the end
    | [\s\S]++                              # anything else: the rest, for the scanner
    """
    if _POSSESSIVE
    else _NEVER
)
# The pattern is compiled with the first header line read, not with the package.
_find_items: Callable[[str], list[tuple[str, str, str, str, str]]] | None = None


def _fast_items(s: str) -> list[tuple[str, str, str, str, str]]:
    """The items of a header line as :data:`_FAST_ITEM` reads them (re.findall)."""
    global _find_items
    find = _find_items
    if find is None:
        find = _find_items = re.compile(_FAST_ITEM, re.VERBOSE).findall
    return find(s)


# Undo the quoted-pairs of a quoted-string (whose backslashes all come in pairs): split
# keeps the escaped characters (the group) and drops their backslashes.
_split_quoted_pairs = re.compile(r"\\([\s\S])").split


def _unescape(quoted: str) -> str:
    return "".join(_split_quoted_pairs(quoted)) if "\\" in quoted else quoted


# A line with at most this many items (counting the challenges of the lines before) cannot
# reach a cap, since each item adds one challenge or one parameter: no need to count them.
_FAST_MAX_ITEMS = min(MAX_CHALLENGES, MAX_PARAMS)


def _cap_error(name: str, limit: int, what: str) -> MalformedResponseError:
    # The message names the cap only: server text never goes into an exception.
    return MalformedResponseError(
        f"WWW-Authenticate header exceeds {name} ({limit} {what}); refusing to parse it"
    )


def _type_error(value: object) -> TypeError:
    return TypeError(
        "WWW-Authenticate value must be str, bytes or an iterable of them, "
        f"not {type(value).__name__}"
    )


def _decode(raw: bytes | bytearray) -> str:
    # UTF-8 when the bytes are valid UTF-8 (what servers send in practice), else ISO-8859-1,
    # the historical encoding of HTTP field values (RFC 9110 §5.5), which maps every byte to
    # one character and so cannot fail. UnicodeDecodeError never escapes.
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _quoted_string(s: str, i: int, n: int) -> tuple[str, int]:
    """Read the quoted-string whose DQUOTE is at ``s[i]``; return (value, index after it).

    An unterminated quoted-string takes the rest of the line. A backslash escapes any one
    character (``quoted-pair``); a lone backslash at the very end is kept literally.
    """
    close = s.find('"', i + 1)
    if close < 0:
        close = n
    if s.find("\\", i + 1, close) < 0:
        # Fast path, no quoted-pair: the value is a plain slice.
        return s[i + 1 : close], close + 1 if close < n else n
    parts: list[str] = []
    pos = i + 1
    while pos < n:
        match = _QDTEXT(s, pos)
        parts.append(match.group())
        pos = match.end()
        if pos >= n:
            break
        if s[pos] == '"':
            pos += 1
            break
        # quoted-pair
        if pos + 1 < n:
            parts.append(s[pos + 1])
            pos += 2
        else:
            parts.append("\\")
            pos += 1
    return "".join(parts), pos


def _param_follows(s: str, i: int, n: int) -> bool:
    """Return True if the next non-empty list element from ``s[i]`` is ``token BWS "="``."""
    i = _SEPARATORS(s, i).end()
    match = _TOKEN(s, i)
    if match is None:
        return False
    i = _WS(s, match.end()).end()
    return i < n and s[i] == "="


def _scan_line(s: str, out: list[Challenge]) -> None:
    """Append the challenges of one header line to ``out``: the scanner, for any input.

    One left-to-right pass. At each step the scanner is between list elements or between
    the items of a challenge; it reads one item (an auth-param, a new auth-scheme with its
    optional token68, a stray quoted-string or a run of junk) and moves strictly forward.
    Single characters are tested with ``in`` before calling a regex: most gaps are one
    space or none, and the test is several times cheaper than a regex call.
    """
    n = len(s)
    token = _TOKEN
    ws = _WS
    space = _SPACE
    delimiters = _DELIMITERS
    separators = _SEPARATORS
    params: dict[str, str] | None = None  # the current challenge's params, being filled
    count = 0  # auth-params seen in the current challenge, repeats included
    i = 0
    while i < n:
        char = s[i]
        if char in delimiters:  # OWS, or commas: a run of commas is a run of empty elements
            i = separators(s, i + 1).end()
            continue
        if char == '"':  # a quoted-string where a name should be: skip it whole
            i = _quoted_string(s, i, n)[1]
            continue
        match = token(s, i)
        if match is None:  # junk ("@", "\xa0", "=value"): skip up to a delimiter
            i = _JUNK(s, i + 1).end()
            continue
        j = match.end()
        name = s[i:j]
        k = j
        if k < n and s[k] in space:
            k = ws(s, k + 1).end()

        if k < n and s[k] == "=":
            # auth-param = token BWS "=" BWS ( token / quoted-string )
            k += 1
            if k < n and s[k] in space:
                k = ws(s, k + 1).end()
            if k < n and s[k] == '"':
                close = s.find('"', k + 1)
                if close < 0:  # unterminated: the value is the rest of the line
                    close = n
                if s.find("\\", k + 1, close) < 0:  # no quoted-pair: a plain slice
                    value = s[k + 1 : close]
                    i = close + 1
                else:
                    value, i = _quoted_string(s, k, n)
                if i < n and s[i] not in delimiters:
                    i = _JUNK(s, i).end()  # text glued to the closing DQUOTE
            else:
                i = _BARE_VALUE(s, k).end()
                value = s[k:i]
            if params is None:
                continue  # a parameter before any auth-scheme belongs to no challenge
            count += 1
            if count > MAX_PARAMS:
                raise _cap_error("MAX_PARAMS", MAX_PARAMS, "parameters in one challenge")
            key = name.lower()
            if key not in params:  # a repeated parameter: the first occurrence wins
                params[key] = value
            continue

        if k == j and k < n and s[k] != ",":
            # A token glued to junk ("Basic/x", "a@b"): not a plausible auth-scheme.
            i = _JUNK(s, j).end()
            continue

        # A token without "=": a new challenge. After a comma this is the RFC 9110 rule;
        # with no comma before it (`Basic realm="a" Bearer error="b"`) it is read as if the
        # comma were missing, so a parameter always belongs to the scheme just before it.
        token68: str | None = None
        i = k
        if k > j and k < n and s[k] != ",":
            # challenge = auth-scheme 1*SP token68, only if nothing but a delimiter follows
            t68 = _TOKEN68(s, k)
            if t68 is not None:
                after = t68.end()
                if after < n and s[after] in space:
                    after = ws(s, after + 1).end()
                if after >= n or (
                    s[after] == ","
                    # `Bearer name=, more=x`: an auth-param with an empty value, not a
                    # token68 (which cannot be followed by auth-params).
                    and not (s[t68.end() - 1] == "=" and _param_follows(s, after + 1, n))
                ):
                    token68 = t68.group()
                    i = after
        if len(out) >= MAX_CHALLENGES:
            raise _cap_error("MAX_CHALLENGES", MAX_CHALLENGES, "challenges")
        params = {}
        count = 0
        # The proxy is a live read-only view: params keeps filling in as the scan goes on.
        out.append(Challenge(name, MappingProxyType(params), token68))


def _fast_line(s: str, out: list[Challenge]) -> bool:
    """Append the challenges of one header line to ``out`` if the fast path can read it.

    Return False, having appended nothing, when the line holds anything the fast path
    does not read exactly as :func:`_scan_line` (see :data:`_FAST_ITEM`), or would reach a
    cap: the caller then runs the scanner, which raises the cap error where it belongs.
    """
    items = _fast_items(s)
    if not (
        items
        and items[-1][0]  # the last match is an item, not the catch-all (no group 1)
        and not items[0][1]  # the first item is an auth-scheme (a parameter would be lost)
    ):
        return False
    if len(out) + len(items) > _FAST_MAX_ITEMS:
        # A cap could be reached (rare: a long line): count as the scanner does.
        challenges = len(out)
        count = 0  # auth-params of the current challenge, repeats included
        for item in items:
            if item[1]:
                count += 1
                if count > MAX_PARAMS:
                    return False
            else:
                challenges += 1
                if challenges > MAX_CHALLENGES:
                    return False
                count = 0
    params: dict[str, str] = {}
    for name, equals, quoted, bare, token68 in items:
        if equals:
            key = name.lower()
            if key not in params:  # a repeated parameter: the first occurrence wins
                # quoted is "" for an unquoted value (and for an empty quoted-string)
                params[key] = _unescape(quoted) if quoted else bare
        else:
            params = {}
            out.append(Challenge(name, MappingProxyType(params), token68 or None))
    return True


def _parse_line(s: str, out: list[Challenge]) -> None:
    """Append the challenges of one header line to ``out``: fast path, else the scanner."""
    if not _fast_line(s, out):
        _scan_line(s, out)


def parse_www_authenticate(value: str | bytes | Iterable[str | bytes]) -> list[Challenge]:
    """Parse ``WWW-Authenticate`` header field values into challenges.

    Implements RFC 9110 §11.6.1: a comma-separated list of challenges, each an auth-scheme
    followed by either a token68 or a comma-separated list of auth-params; several header
    lines; empty list elements; optional whitespace; quoted-strings with backslash escapes.

    The grammar (RFC 9110, see the comments above for the full ABNF)::

        WWW-Authenticate = #challenge
        challenge        = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
        auth-param       = token BWS "=" BWS ( token / quoted-string )

    Semantics:

    * The scheme is kept as sent (compare with :meth:`Challenge.is_scheme`); parameter
      names are lower-cased; values are unquoted and unescaped.
    * A repeated parameter within one challenge: the first occurrence wins.
    * After a comma, ``name=`` continues the current challenge, any other token starts a
      new one (RFC 9110 §11.6.1), so in ``Basic realm="x", Bearer error="invalid_token"``
      the error belongs to Bearer.
    * ``Scheme word`` (one token68 and nothing else) is a token68: ``Negotiate abc==``.
      ``Scheme name=, other=x`` is read as an empty ``name`` parameter, since a token68
      cannot be followed by auth-params; auth-params after a real token68 (``Scheme abc,
      other=x``, invalid) are still kept on that challenge.
    * Each header line is parsed on its own and the challenges are concatenated: a line
      starting with ``name=value`` never adds to the previous line's last challenge.
    * ``bytes`` are decoded as UTF-8 when valid, otherwise as ISO-8859-1 (every byte maps
      to one character), so decoding never fails.

    Lenient recovery (a client must read whatever servers send): an unterminated
    quoted-string takes the rest of the line; whitespace around ``=`` and obsolete line
    folding (CR/LF) are accepted; unquoted values may contain ``=``, ``/`` and ``:``;
    ``Bearer, error="x"`` (no space before the comma) still gives the error to Bearer;
    a token not followed by ``=`` always starts a new challenge, even with no comma before
    it; junk characters, stray quoted-strings and tokens glued to junk are skipped; a
    parameter before any scheme is dropped. Backslashes outside quoted-strings are data.

    Linear time on every input: a possessive-only regex for well-formed lines, otherwise
    one forward pass with single-character-class regexes.

    Args:
        value: One header field value, or an iterable of values (one per header line), as
            ``str`` or ``bytes``.

    Returns:
        The challenges in order (possibly empty). ``Challenge.params`` is a read-only
        ``MappingProxyType``.

    Raises:
        MalformedResponseError: The input exceeds :data:`MAX_HEADER_BYTES` characters in
            total, or holds more than :data:`MAX_CHALLENGES` challenges, or a challenge has
            more than :data:`MAX_PARAMS` parameters. The message names the cap, never the
            server's text. Nothing else is raised for any ``str`` or ``bytes`` content.
        TypeError: ``value`` (or one of its items) is neither ``str`` nor ``bytes``.
    """
    if isinstance(value, str):  # the common case, one header line
        if len(value) > MAX_HEADER_BYTES:
            raise _cap_error("MAX_HEADER_BYTES", MAX_HEADER_BYTES, "characters")
        out: list[Challenge] = []
        if not _fast_line(value, out):
            _scan_line(value, out)
        return out
    return _parse_lines(value, _parse_line)


def _parse_www_authenticate_scanner(
    value: str | bytes | Iterable[str | bytes],
) -> list[Challenge]:
    """:func:`parse_www_authenticate` with the scanner alone, no fast path.

    The escape hatch for tests (the fast path must agree with it) and for the benchmark.
    """
    return _parse_lines((value,) if isinstance(value, str) else value, _scan_line)


def _parse_lines(
    value: bytes | Iterable[str | bytes], parse_line: Callable[[str, list[Challenge]], None]
) -> list[Challenge]:
    """Parse one bytes value or an iterable of lines with ``parse_line``, under the caps."""
    lines: Iterable[object] = (value,) if isinstance(value, (bytes, bytearray)) else value
    if not isinstance(lines, Iterable):
        raise _type_error(lines)
    out: list[Challenge] = []
    total = -1  # lines are counted as if joined with one separator between them
    for line in lines:
        if not isinstance(line, (str, bytes, bytearray)):
            raise _type_error(line)
        total += len(line) + 1
        if total > MAX_HEADER_BYTES:  # checked before decoding or scanning anything
            raise _cap_error("MAX_HEADER_BYTES", MAX_HEADER_BYTES, "characters")
        parse_line(line if isinstance(line, str) else _decode(line), out)
    return out


def select_challenge(challenges: Iterable[Challenge], code: str | None = None) -> Challenge | None:
    """Return the challenge that speaks for an error: the one selector every layer uses.

    In order of preference: one whose ``error`` is ``code`` (when given), one carrying any
    error, then one without; within each, a Bearer or DPoP challenge (RFC 6750, RFC 9449)
    before other schemes, and the first sent before later ones. None for no challenge.
    """
    best: Challenge | None = None
    best_rank = (-1, -1, -1)
    for challenge in challenges:
        error = challenge.error
        rank = (
            int(code is not None and error == code),
            int(error is not None),
            int(challenge.is_oauth),
        )
        if rank > best_rank:
            best, best_rank = challenge, rank
    return best
