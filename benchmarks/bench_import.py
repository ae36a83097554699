"""Import cost of ``oauth_client_errors`` against the standard modules it builds on.

Each round starts two fresh interpreters with ``-X importtime``: one imports
``oauth_client_errors``, the other ``json, re, dataclasses, enum, typing`` together (the
floor: what any pure-Python parser of this kind needs). The figure per interpreter is
the sum of the cumulative microseconds of the top-level imports the command itself makes
(interpreter start-up excluded); the best of the interleaved rounds is kept, and the
ratio ours / floor is reported. As after an install (pip compiles the package), modules
are read from their bytecode: the interpreters run with a private bytecode cache
(``PYTHONPYCACHEPREFIX``, a temporary directory) even when the environment sets
``PYTHONDONTWRITEBYTECODE``, and one warm-up round fills it first; otherwise the figure
would be that of compiling the package's source on every import. A third interpreter
checks which heavy modules the import loads (it must load none of them).

    python benchmarks/bench_import.py --repeat 15
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from typing import Any

OURS = "import oauth_client_errors"
FLOOR = "import json, re, dataclasses, enum, typing"
HEAVY = ("asyncio", "urllib.request", "http.client", "httpx", "requests", "tenacity")


_CACHE = tempfile.mkdtemp(prefix="bench-import-pycache-")
_ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPYCACHEPREFIX": _CACHE,
}


def import_us(statement: str) -> float:
    """Microseconds the statement's own top-level imports took, in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        capture_output=True,
        text=True,
        check=True,
        env=_ENV,
    )
    total = 0
    for line in result.stderr.splitlines():
        # "import time: self [us] | cumulative | imported package"; top level = no indent.
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = (part for part in line[len("import time:") :].split("|"))
        if name.startswith(" ") and not name.startswith("  "):
            total += int(cumulative)
    return float(total)


def heavy_modules_loaded() -> list[str]:
    """The heavy modules ``import oauth_client_errors`` loads (should be none)."""
    code = f"import sys; {OURS}; print(__import__('json').dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(result.stdout))
    return [name for name in HEAVY if name in loaded]


def run(repeat: int = 11) -> list[dict[str, Any]]:
    """Rows for ``report.py``: ours, the floor, the ratio and the heavy modules loaded."""
    ours: list[float] = []
    floor: list[float] = []
    import_us(OURS)  # warm-up: fills the bytecode cache
    import_us(FLOOR)
    for _ in range(repeat):
        ours.append(import_us(OURS))
        floor.append(import_us(FLOOR))
    shutil.rmtree(_CACHE, ignore_errors=True)
    best_ours, best_floor = min(ours), min(floor)
    return [
        {
            "section": "import",
            "case": OURS,
            "impl": FLOOR,
            "ours_us": best_ours,
            "theirs_us": best_floor,
            "ratio": best_ours / best_floor,
            "heavy_loaded": heavy_modules_loaded(),
            "bytecode": "cached (as installed)",
        }
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()
    for row in run(args.repeat):
        heavy = ", ".join(row["heavy_loaded"]) or "none"
        print(
            f"{row['case']}: {row['ours_us']:.0f} µs; {row['impl']}: {row['theirs_us']:.0f} µs; "
            f"ratio {row['ratio']:.2f}× (target ≤ 1.5×); heavy modules loaded: {heavy}"
        )


if __name__ == "__main__":
    main()
