"""Shared by the secrets tests: every exception an error can drag along."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pickle
import traceback
from collections.abc import Iterable, Iterator
from types import TracebackType

import tenacity


def chain(exc: BaseException) -> Iterator[BaseException]:
    """Yield ``exc`` and every exception reachable from it: causes, contexts, and the last
    attempt's exception inside a tenacity ``RetryError``."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        item = todo.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        todo += [item.__cause__, item.__context__]
        if isinstance(item, tenacity.RetryError):
            todo.append(item.last_attempt.exception())


# -- one thorough check ---------------------------------------------------------------------------

#: Files whose frames are the tests' own (they built the sentinels; their locals are not leaks).
_TESTS_DIR = os.path.dirname(os.path.abspath(__file__))


def _foreign_tb(tb: TracebackType | None) -> TracebackType | None:
    """``tb`` without its leading frames that belong to the tests (the catching frames)."""
    while tb is not None and os.path.abspath(tb.tb_frame.f_code.co_filename).startswith(
        _TESTS_DIR + os.sep
    ):
        tb = tb.tb_next
    return tb


def _pickled(obj: object) -> str:
    try:
        return pickle.dumps(obj).decode("latin-1")
    except Exception as exc:  # a third-party object that cannot pickle leaks nothing that way
        from oauth_client_errors import OAuthClientError

        assert not isinstance(obj, OAuthClientError), f"{type(obj).__name__} does not pickle: {exc}"
        return ""


def leak_views(obj: object) -> Iterator[tuple[str, str]]:
    """Every text an object (an exception with its chain, an error, a token) can show.

    For anything: ``str``, ``repr`` and ``to_dict()`` (also as JSON). For an exception,
    also ``args``, ``__notes__``, ``vars()`` and the pickle of every exception in the
    chain (``__cause__`` / ``__context__``, tenacity's last attempt),
    ``traceback.format_exception`` and
    ``traceback.TracebackException(..., capture_locals=True)`` over the traceback without
    the tests' own leading frames.
    """
    items = list(chain(obj)) if isinstance(obj, BaseException) else [obj]
    for i, item in enumerate(items):
        where = f"chain[{i}] {type(item).__name__}"
        yield f"{where} str", str(item)
        yield f"{where} repr", repr(item)
        if isinstance(item, BaseException):
            yield f"{where} args", repr(item.args)
            yield f"{where} __notes__", repr(getattr(item, "__notes__", None))
        if isinstance(item, BaseException):  # a Token's attributes are its secrets, of course
            with contextlib.suppress(TypeError):
                yield f"{where} vars", repr(vars(item))
            yield f"{where} pickle", _pickled(item)
        to_dict = getattr(item, "to_dict", None)
        if callable(to_dict):
            data = to_dict()
            yield f"{where} to_dict", repr(data)
            yield f"{where} to_dict json", json.dumps(data, default=repr)
    if isinstance(obj, BaseException):
        yield "format_exception", "".join(traceback.format_exception(obj))
        tb = traceback.TracebackException(
            type(obj), obj, _foreign_tb(obj.__traceback__), capture_locals=True
        )
        yield "capture_locals", "".join(tb.format())


def assert_no_secret(
    obj: object, *sentinels: str, logs: Iterable[str] = (), texts: Iterable[str] = ()
) -> None:
    """Fail if any sentinel appears in anything ``obj`` shows or carries, in ``logs``
    (formatted log lines) or in ``texts`` (a command's output, say)."""
    assert sentinels, "no sentinel to look for"
    found: list[tuple[str, str]] = []
    if obj is not None:
        found += leak_views(obj)
    found += [(f"log line {n}", line) for n, line in enumerate(logs)]
    found += [(f"text {n}", text) for n, text in enumerate(texts)]
    for where, text in found:
        for secret in sentinels:
            assert secret not in text, f"{secret!r} leaked in {where}:\n{text[:3000]}"


class RootLogs(logging.Handler):
    """A DEBUG handler on the root logger keeping every record, formatted (with exc_info)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(
            logging.Formatter("%(name)s %(levelname)s %(message)s args=%(args)r", validate=False)
        )
        self.lines: list[str] = []
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.lines.append(self.format(record))

    @contextlib.contextmanager
    def installed(self) -> Iterator[RootLogs]:
        root = logging.getLogger()
        loggers = [root] + [
            lg for lg in logging.root.manager.loggerDict.values() if isinstance(lg, logging.Logger)
        ]
        saved = [(lg, lg.level, lg.disabled) for lg in loggers]
        for lg in loggers:  # every logger at DEBUG, none disabled
            lg.setLevel(logging.DEBUG)
            lg.disabled = False
        root.addHandler(self)
        try:
            yield self
        finally:
            root.removeHandler(self)
            for lg, level, disabled in saved:
                lg.setLevel(level)
                lg.disabled = disabled
