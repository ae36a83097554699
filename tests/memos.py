"""What the readers remember or compile on first use, forgotten (see tests/conftest.py)."""

from __future__ import annotations

import sys
from typing import Any


def forget_interpretations() -> None:
    """Empty what the interpretation remembers: its next verdicts are computed afresh.

    The pattern the WWW-Authenticate reader compiles with the first header line it reads
    is dropped too, so the next line read compiles it again.
    """
    interpret: Any = sys.modules.get("oauth_client_errors._interpret")  # not imported: nothing kept
    if interpret is not None:
        interpret._VERDICTS.clear()
        interpret._KNOWN_CLASSES.clear()
        interpret._CODE_ENDPOINTS.clear()
        interpret._path_endpoints = None
    challenge: Any = sys.modules.get("oauth_client_errors._wire.challenge")
    if challenge is not None:
        challenge._find_items = None
