"""Making server-supplied text safe to show a person.

Server text (``error_description``, ``error_uri``, vendor messages) is attacker-controlled:
it may carry ANSI/OSC terminal escapes, bidi overrides (CVE-2021-42574 "Trojan Source"),
CR/LF for log injection, or be megabytes long. Programs keep the raw value; people see only
the output of :func:`display_text` and :func:`safe_link`.
"""

from __future__ import annotations

import re

__all__ = ["MAX_DISPLAY", "display_text", "safe_link"]

#: Longest piece of server text ever shown to a person, in characters.
MAX_DISPLAY = 300

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and
# two-character escapes. Each alternative is linear: no nested quantifiers.
_ANSI_SOURCE = (
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC (hyperlinks, titles)
    r"|\x9b[0-?]*[ -/]*[@-~]?"  # 8-bit CSI
    r"|\x9d[^\x07\x1b\x9c]*(?:\x07|\x9c)?"  # 8-bit OSC
    r"|\x1b[@-_]?"  # other ESC sequences and a lone ESC
)

# C0 and C1 controls, DEL, bidi embeddings/overrides/isolates, zero-width and line/para
# separators, BOM, and other invisible format characters: soft hyphen, combining grapheme
# joiner, Mongolian vowel separator, and the Unicode tag characters U+E0000-E007F (invisible
# "ASCII smuggling"). Tabs and newlines are folded to a space rather than removed.
_CONTROL_SOURCE = (
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u034f\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2069\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
_SPACE_SOURCE = r"[\t\n\r ]+"
_SURROGATE_SOURCE = "[\ud800-\udfff]"


class _Patterns:
    """The patterns above, compiled on first use (most text takes the fast path)."""

    # Not mutated: built once per process, so mutmut's parent has built it before it
    # forks a mutant, which then never runs; the patterns are pinned through display_text
    # (tests/test_behaviour_display.py).
    def __init__(self) -> None:
        self.ansi = re.compile(_ANSI_SOURCE)  # pragma: no mutate
        self.control = re.compile(_CONTROL_SOURCE)  # pragma: no mutate
        self.space = re.compile(_SPACE_SOURCE)  # pragma: no mutate
        self.surrogate = re.compile(_SURROGATE_SOURCE)  # pragma: no mutate


_patterns: _Patterns | None = None


def _compiled() -> _Patterns:
    global _patterns
    if _patterns is None:
        _patterns = _Patterns()
    return _patterns


def display_text(value: object, limit: int = MAX_DISPLAY) -> str:
    """Return ``value`` as one line of text that is safe to print, log or put in a page.

    It is plain text, not markup: a page HTML-escapes it like any other text.

    Terminal escapes are removed, other control and bidi characters are dropped, runs of
    white space (including CR/LF) become one space, lone surrogates become U+FFFD, and the
    result is cut to ``limit`` characters with an ellipsis.

    Args:
        value: Any server-supplied value; non-strings are converted with ``str``.
        limit: Maximum length of the result.

    Returns:
        The neutralised text (possibly empty).
    """
    text = value if isinstance(value, str) else str(value)
    # Fast path: short printable ASCII with single spaces needs no work (the common case).
    if (
        len(text) <= limit
        and text.isascii()
        and text.isprintable()
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
    ):
        return text
    # Work on a bounded prefix so a 50 MB description costs no more than a short one.
    text = text[: limit * 4 + 64]
    patterns = _compiled()
    text = patterns.surrogate.sub("\ufffd", text)
    text = patterns.ansi.sub("", text)
    text = patterns.control.sub("", text)
    text = patterns.space.sub(" ", text).strip()
    if len(text) > limit:
        text = text[: max(limit - 1, 0)].rstrip() + "…"
    return text


def safe_link(uri: object) -> str | None:
    """Return ``uri`` if it may be offered to a person as a link, else None.

    Only an absolute ``https`` URL with a host, no user info, no white space or control
    characters, only ASCII (RFC 6749 §5.2 allows nothing else in ``error_uri``; a non-ASCII
    host name can be a homograph of a real one) and at most 2,048 characters qualifies;
    ``javascript:``, ``data:``, ``http:`` and ``https://user@host`` do not.

    Args:
        uri: The ``error_uri`` (or similar) as received.

    Returns:
        The URL unchanged, or None.
    """
    if not isinstance(uri, str) or not uri or len(uri) > 2048 or not uri.isascii():
        return None
    if any(ch <= " " or ch in '\x7f"<>\\^`{|}' or "\x80" <= ch <= "\x9f" for ch in uri):
        return None
    if _compiled().control.search(uri):
        return None
    try:
        import urllib.parse  # loaded on first use, not with the package

        parts = urllib.parse.urlsplit(uri)
        port = parts.port
    except ValueError:
        return None
    del port
    if parts.scheme.lower() != "https" or not parts.hostname:
        return None
    if "@" in parts.netloc:
        return None
    return uri
