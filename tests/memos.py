"""The interpretation's memos, emptied (see tests/conftest.py)."""

from __future__ import annotations

import sys
from typing import Any


def forget_interpretations() -> None:
    """Empty what the interpretation remembers: its next verdicts are computed afresh."""
    interpret: Any = sys.modules.get("oauth_client_errors._interpret")  # not imported: nothing kept
    if interpret is None:
        return
    interpret._VERDICTS.clear()
    interpret._KNOWN_CLASSES.clear()
    interpret._CODE_ENDPOINTS.clear()
    interpret._path_endpoints = None
