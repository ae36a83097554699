"""A fresh virtual environment with this package installed from a wheel, for tests that
must see what a user gets after ``pip install`` (console script, package data, extras).

The wheel is built once per test session without build isolation (``hatchling`` comes from
the ``test`` extra) and installed into a venv made without pip. The venv sees the running
environment's site-packages through a ``.pth`` file, so the extras' dependencies that are
already installed are not fetched again; the package itself is imported from the venv.
Subprocesses run in a temporary directory, so the source tree is never on ``sys.path``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_cache: dict[str, Venv] = {}
_wheels: dict[str, Path] = {}


@dataclass(frozen=True)
class Venv:
    """An installed environment: its interpreter, scripts directory and a scratch cwd."""

    root: Path
    python: Path
    bin: Path
    cwd: Path

    def env(self, **extra: str) -> dict[str, str]:
        """Environment variables for a subprocess in this venv (no PYTHONPATH leaks in)."""
        base = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        base["PATH"] = f"{self.bin}{os.pathsep}{base.get('PATH', '')}"
        base["VIRTUAL_ENV"] = str(self.root)
        base["NO_PROXY"] = "127.0.0.1,localhost"
        base["PYTHONDONTWRITEBYTECODE"] = "1"
        return {**base, **extra}

    def run(
        self, argv: list[str], *, input: bytes | None = None, timeout: float = 120, **env: str
    ) -> subprocess.CompletedProcess[bytes]:
        """Run ``argv`` (a script name from the venv, or a path) in the venv."""
        return subprocess.run(
            argv,
            input=input,
            cwd=self.cwd,
            env=self.env(**env),
            capture_output=True,
            timeout=timeout,
            check=False,
        )


def _check(argv: list[str]) -> None:
    result = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"{argv} failed:\n{result.stdout}\n{result.stderr}")


def _wheel(workdir: Path) -> Path:
    if "wheel" not in _wheels:
        out = workdir / "wheel"
        _check(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "--no-build-isolation",
                "--wheel-dir",
                str(out),
                str(ROOT),
            ]
        )
        (wheel,) = out.glob("oauth_client_errors-*.whl")
        _wheels["wheel"] = wheel
    return _wheels["wheel"]


def installed(workdir: Path, extras: str = "") -> Venv:
    """Return a venv (made once per session and ``extras``) with the package installed.

    Args:
        workdir: A directory that lives as long as the test session.
        extras: The extras to install with it, e.g. ``"examples"``.
    """
    key = f"venv[{extras}]"
    if key in _cache:
        return _cache[key]
    wheel = _wheel(workdir)
    root = workdir / f"venv-{extras or 'plain'}"
    _check([sys.executable, "-m", "venv", "--without-pip", str(root)])
    python = root / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    outer = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib, "_outer_environment.pth").write_text("\n".join(sorted(outer)) + "\n")
    target = f"{wheel}[{extras}]" if extras else str(wheel)
    _check(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-build-isolation",
            "--no-warn-script-location",
            target,
        ]
    )
    cwd = workdir / f"cwd-{extras or 'plain'}"
    cwd.mkdir()
    venv = Venv(root, python, root / "bin", cwd)
    location = venv.run([str(python), "-c", "import oauth_client_errors as m; print(m.__file__)"])
    where = location.stdout.decode().strip()
    if location.returncode != 0 or not where.startswith(str(root)):
        raise RuntimeError(f"the package is not imported from the venv: {location!r}")
    _cache[key] = venv
    return venv
