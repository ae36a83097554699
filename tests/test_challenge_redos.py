"""The WWW-Authenticate parser stays linear on the inputs that broke other parsers.

Each case is named after the incident it replays. The header is built at 8 KiB and at
32 KiB (both under ``MAX_HEADER_BYTES``); a linear parser takes about 4 times as long on the
second, a quadratic one about 16 times, a backtracking regex astronomically longer. The
bound is generous so that only super-linear growth fails: the 32 KiB time must stay under
``RATIO`` times the 8 KiB time, or under ``FLOOR`` seconds in absolute terms (so scheduler
noise on tiny timings cannot fail the test). A hard deadline turns a catastrophic blow-up
into a failure instead of a hung test run.

The growth ratio is what decides, so the test can fail on a parser that gives every right
answer in quadratic time, where no functional test can: the test of the test,
``test_the_timing_test_fails_a_quadratic_parser_that_passes_functional_tests``, runs the
same measurement on such a parser and requires it to fail.

Times are this process's CPU time (``time.process_time``), best of several runs with the
two sizes interleaved, so that other processes on a busy machine do not skew the ratio.
"""

from __future__ import annotations

import contextlib
import gc
import signal
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from oauth_client_errors._errors import MalformedResponseError
from oauth_client_errors._wire.challenge import (
    _POSSESSIVE,
    MAX_CHALLENGES,
    MAX_HEADER_BYTES,
    MAX_PARAMS,
    _fast_line,
    parse_www_authenticate,
)

SMALL = 8 * 1024
LARGE = 32 * 1024
RATIO = 10.0  # linear: ~4, quadratic: ~16
FLOOR = 0.05  # seconds, for the 32 KiB batch (about 4 * BATCH when linear)
DEADLINE = 5.0  # seconds for one parse: far beyond any linear time, fails a hang fast
REPEAT = 5
# Both sizes are timed over the same number of parses, chosen so that the 8 KiB batch takes
# at least BATCH seconds: long enough for timer noise not to matter, and it lets a
# quadratic slowdown show even where one linear parse takes microseconds.
BATCH = 0.01

assert LARGE < MAX_HEADER_BYTES


class Timeout(Exception):
    pass


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise Timeout in this thread after ``seconds`` (SIGALRM; a no-op where unavailable).

    The regex engine checks for signals while matching, so this also stops a backtracking
    regex.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def bounded(size: int, number: int = 1) -> Iterator[None]:
    """Fail the test (rather than hang) if the block takes over DEADLINE seconds."""
    try:
        with deadline(DEADLINE):
            yield
    except Timeout:
        pytest.fail(f"{number} parse(s) of {size} characters took over {DEADLINE} s")


Parser = Callable[[str], object]


def run(header: str, number: int, *, expect_cap: bool, parse: Parser | None = None) -> float:
    """Seconds for ``number`` parses of ``header`` (under the hard deadline)."""
    parse = parse or parse_www_authenticate
    gc_was_enabled = gc.isenabled()
    gc.disable()  # as timeit does: a collection of the whole test session's heap is noise
    start = time.process_time()
    try:
        with bounded(len(header), number):
            for _ in range(number):
                try:
                    parse(header)
                except MalformedResponseError:
                    if not expect_cap:
                        raise
                else:
                    assert not expect_cap, "the size cap was not hit"
        return time.process_time() - start
    finally:
        if gc_was_enabled:
            gc.enable()


def calibrate(header: str, *, expect_cap: bool, parse: Parser | None = None) -> int:
    """How many parses of ``header`` take at least BATCH seconds (like timeit.autorange)."""
    number = 1
    while number < 100_000:
        if run(header, number, expect_cap=expect_cap, parse=parse) >= BATCH:
            break
        number *= 2
    return number


def best_times(
    small: str, large: str, number: int, *, expect_cap: bool, parse: Parser | None = None
) -> tuple[float, float]:
    """Best of REPEAT timings of ``number`` parses of each header, runs interleaved."""
    t_small = t_large = float("inf")
    for _ in range(REPEAT):
        t_small = min(t_small, run(small, number, expect_cap=expect_cap, parse=parse))
        t_large = min(t_large, run(large, number, expect_cap=expect_cap, parse=parse))
    return t_small, t_large


def growth(build: Builder, parse: Parser | None = None) -> tuple[bool, str]:
    """Whether ``parse`` grows at most linearly on ``build``'s headers, and the figures.

    The test is the growth ratio between the two sizes (under RATIO: linear ~4, quadratic
    ~16); FLOOR only forgives timings too small to measure.
    """
    small, large = build(SMALL), build(LARGE)
    assert SMALL // 2 < len(small) <= SMALL and LARGE // 2 < len(large) <= LARGE
    number = calibrate(small, expect_cap=False, parse=parse)
    t_small, t_large = best_times(small, large, number, expect_cap=False, parse=parse)
    figures = (
        f"{number} x {len(small)} chars in {t_small * 1e3:.1f} ms, "
        f"{number} x {len(large)} chars in {t_large * 1e3:.1f} ms "
        f"(ratio {t_large / max(t_small, 1e-9):.1f})"
    )
    return t_large <= max(RATIO * t_small, FLOOR), figures


def fill(prefix: str, unit: str, size: int, suffix: str = "") -> str:
    """``prefix + unit * k + suffix`` as long as possible within ``size`` characters."""
    count = (size - len(prefix) - len(suffix)) // len(unit)
    return prefix + unit * count + suffix


def params_under_caps(size: int) -> str:
    """Thousands of parameters, spread over challenges so that no cap is hit."""
    per = MAX_PARAMS - 6
    challenge = "Bearer " + ", ".join(f"p{i}=v" for i in range(per))
    header = ", ".join([challenge] * (size // (len(challenge) + 2)))
    assert header.count("=") >= size // 10 and header.count("Bearer") < MAX_CHALLENGES
    return header


def challenges_under_cap(size: int) -> str:
    """As many challenges as the cap allows, each with one long quoted parameter."""
    unit_len = size // MAX_CHALLENGES - len('Newauth realm="", ')
    return ", ".join([f'Newauth realm="{"r" * unit_len}"'] * MAX_CHALLENGES)


def long_items_under_cap(size: int, unit: str = "r") -> str:
    """MAX_CHALLENGES // 2 challenges, each with one long quoted value made of ``unit``.

    MAX_CHALLENGES items (schemes and parameters): the fast path reads them without
    counting them against the caps.
    """
    count = MAX_CHALLENGES // 2
    units = (size // count - len('Newauth realm="", ')) // len(unit)
    return ", ".join([f'Newauth realm="{unit * units}"'] * count)


Builder = Callable[[int], str]

LINEAR_CASES: list[object] = [
    pytest.param(
        lambda size: fill("Basic ", ",", size),
        id="CVE-2020-8492 urllib AbstractBasicAuthHandler: run of commas",
    ),
    pytest.param(
        lambda size: fill('Basic realm="x"', ", ", size, " y"),
        id="CVE-2020-8492 variant: comma-space run between a challenge and a token",
    ),
    pytest.param(
        lambda size: fill('Basic realm="', ",x", size),
        id="CVE-2021-3733 urllib: ',x' run inside an unterminated quoted-string",
    ),
    pytest.param(
        lambda size: fill("Basic ", "\xa0", size, "x"),
        id="CVE-2021-21240 httplib2: run of NBSP after the scheme",
    ),
    pytest.param(
        lambda size: fill("Basic realm=", "\xa0", size, ", x=y"),
        id="CVE-2021-21240 httplib2 variant: run of NBSP as a value",
    ),
    pytest.param(
        lambda size: fill('Basic realm="', "\\", size),
        id="werkzeug #2904: unterminated quoted-string full of backslashes",
    ),
    pytest.param(
        lambda size: fill('Bearer realm="', '\\"', size),
        id="escaped quotes in an unterminated quoted-string",
    ),
    pytest.param(
        lambda size: fill("Bearer ", "a", size, " b"),
        id="long token with no '=' (token68 attempt then rescan)",
    ),
    pytest.param(
        lambda size: fill("", "a", size),
        id="one long token, nothing else",
    ),
    pytest.param(
        lambda size: fill("Bearer realm=", "=", size),
        id="run of '=' as a value",
    ),
    pytest.param(
        lambda size: fill("Bearer ", '"', size),
        id="run of DQUOTE (empty quoted-strings)",
    ),
    pytest.param(
        lambda size: fill("Bearer a=", "a=", size),
        id="'a=a=a=...' unquoted value",
    ),
    pytest.param(
        lambda size: fill("Bearer ", " \t", size, "x=y"),
        id="run of OWS",
    ),
    pytest.param(
        lambda size: fill("Bearer ", "a@", size),
        id="tokens glued to junk",
    ),
    pytest.param(params_under_caps, id="thousands of params spread over challenges"),
    pytest.param(challenges_under_cap, id="MAX_CHALLENGES challenges with long values"),
]

# The regex fast path (see _FAST_ITEM in _challenge.py) on long inputs that it reads whole,
# and on long inputs that it reads far before giving up to the scanner. Each builder comes
# with the path that reads the header: "items" (_fast_line) or "scanner" (the fast path
# gave up).
FAST_PATH_CASES: list[tuple[str, Builder, str]] = [
    ("long lone token68", lambda size: fill("Negotiate ", "A", size, "=="), "items"),
    ("one long quoted param", lambda size: fill('Bearer realm="', "r", size, '"'), "items"),
    (
        "one quoted param full of escapes",
        lambda size: fill('Bearer realm="', '\\"', size, '"'),
        "items",
    ),
    (
        "long quoted values full of escapes and CR/LF",
        lambda size: long_items_under_cap(size, '\\"\r\n'),
        "items",
    ),
    ("long quoted values", long_items_under_cap, "items"),
    ("token68-like then a run of commas", lambda size: fill("Bearer abc=", ",", size), "items"),
    (
        "token68-like then a run of separators before a param",
        lambda size: fill("Bearer abc=", ", ", size, "x=y"),
        "items",
    ),
    ("run of leading separators", lambda size: fill("", " ,", size, "Basic"), "items"),
    (
        "junk after a long quoted param",
        lambda size: fill('Bearer realm="', "r", size, '" @'),
        "scanner",
    ),
    (
        "unterminated quoted-string after long well-formed params",
        lambda size: long_items_under_cap(size)[: -len('r"')],
        "scanner",
    ),
    (
        "CR after a long token68",
        lambda size: fill("Negotiate ", "A", size, "==\r"),
        "scanner",
    ),
]
LINEAR_CASES += [pytest.param(build, id=f"fast path: {name}") for name, build, _ in FAST_PATH_CASES]


@pytest.mark.parametrize("build", LINEAR_CASES)
def test_linear_time(build: Builder) -> None:
    linear, figures = growth(build)
    assert linear, f"super-linear: {figures}"


def quadratic_parse(header: str) -> object:
    """The real parser, plus a classic quadratic slip: at every character, a count over
    everything read so far (``s.count(",", 0, i)`` in a scanning loop).

    Its results are the real parser's, so every functional test passes with it.
    """
    commas = 0
    for i in range(len(header)):
        commas += header.count(",", 0, i)
    del commas
    return parse_www_authenticate(header)


QUADRATIC_PROBES = [
    pytest.param(lambda size: fill("Basic ", ",", size), id="run of commas"),
    pytest.param(lambda size: fill('Bearer realm="', "r", size, '"'), id="one long quoted param"),
]


@pytest.mark.parametrize("build", QUADRATIC_PROBES)
def test_the_timing_test_fails_a_quadratic_parser_that_passes_functional_tests(
    build: Builder,
) -> None:
    # The timing test must be able to fail where no functional test can: on a parser that
    # gives the right answers in quadratic time.
    for header in (build(SMALL), build(LARGE), *FUNCTIONAL_SAMPLES):
        assert quadratic_parse(header) == parse_www_authenticate(header)
    linear, figures = growth(build, quadratic_parse)
    assert not linear, f"the timing test missed a quadratic parser: {figures}"
    linear, figures = growth(build)
    assert linear, f"super-linear: {figures}"


FUNCTIONAL_SAMPLES = [
    'Bearer realm="api", error="invalid_token", error_description="expired"',
    'Basic realm="x", Negotiate abc==, DPoP algs="ES256 PS256"',
    'Bearer error="invalid_token", error_description="a\\"b',
]


@pytest.mark.skipif(not _POSSESSIVE, reason="the fast path needs Python 3.11+")
@pytest.mark.parametrize(
    ("build", "path"),
    [pytest.param(build, path, id=name) for name, build, path in FAST_PATH_CASES],
)
def test_fast_path_cases_take_their_path(build: Builder, path: str) -> None:
    # So that the timings above do measure the fast path (or its giving up late).
    for header in (build(SMALL), build(LARGE)):
        taken = "items" if _fast_line(header, []) else "scanner"
        assert taken == path


CAP_CASES: list[object] = [
    pytest.param(
        lambda size: fill("Basic ", ",x", size),
        "MAX_CHALLENGES",
        id="CVE-2021-3733 urllib AbstractBasicAuthHandler: ',x' run -> MAX_CHALLENGES",
    ),
    pytest.param(
        lambda size: fill("", "S, ", size),
        "MAX_CHALLENGES",
        id="thousands of challenges -> MAX_CHALLENGES",
    ),
    pytest.param(
        lambda size: fill("Bearer ", "a=b, ", size),
        "MAX_PARAMS",
        id="thousands of params in one challenge -> MAX_PARAMS",
    ),
    pytest.param(
        lambda size: fill("Bearer ", ",x=", size),
        "MAX_PARAMS",
        id="CVE-2021-3733 variant: ',x=' run -> MAX_PARAMS",
    ),
    pytest.param(
        lambda size: fill("", "S abc=, ", size),
        "MAX_CHALLENGES",
        id="thousands of token68-like challenges (fast path lookaheads) -> MAX_CHALLENGES",
    ),
]


@pytest.mark.parametrize(("build", "cap"), CAP_CASES)
def test_caps_raise_quickly(build: Builder, cap: str) -> None:
    small, large = build(SMALL), build(LARGE)
    for header in (small, large):
        with pytest.raises(MalformedResponseError, match=cap), bounded(len(header)):
            parse_www_authenticate(header)
    number = calibrate(small, expect_cap=True)
    t_small, t_large = best_times(small, large, number, expect_cap=True)
    assert t_large <= max(RATIO * t_small, FLOOR)
    # The cap stops the scan early: one parse costs about the same at any size.
    assert min(run(large, 1, expect_cap=True) for _ in range(REPEAT)) < FLOOR


@pytest.mark.parametrize(
    "header",
    [
        pytest.param("," * (16 * MAX_HEADER_BYTES), id="1 MiB of commas"),
        pytest.param('Basic realm="' + "\\" * (16 * MAX_HEADER_BYTES), id="1 MiB of backslashes"),
        pytest.param(["a" * 1024] * 1024, id="1024 lines of 1 KiB"),
    ],
)
def test_oversized_header_refused_before_scanning(header: str | list[str]) -> None:
    start = time.perf_counter()
    with pytest.raises(MalformedResponseError, match="MAX_HEADER_BYTES"), bounded(len(header)):
        parse_www_authenticate(header)
    assert time.perf_counter() - start < FLOOR
