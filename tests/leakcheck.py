"""Shared by the secrets tests: every exception an error can drag along."""

from __future__ import annotations

from collections.abc import Iterator

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
