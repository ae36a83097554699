"""What every test starts from.

The interpretation remembers what it decided (the verdict for the same evidence, the class
a code fixes, the endpoint a code points to): that only saves time, and a test must check
what is computed, not what an earlier test left behind. So each test starts with those
memos empty (tests/test_interpret_evidence.py checks that what is remembered reads as what
is computed) and the WWW-Authenticate reader's pattern not compiled yet. This also keeps
the mutation run fair: mutmut forks every mutant from a process that ran the whole test
selection once, its memos filled and its patterns compiled (docs/contributing.md).
"""

from __future__ import annotations

import pytest
from memos import forget_interpretations


@pytest.fixture(autouse=True)
def _interpretation_memos_empty() -> None:
    forget_interpretations()
