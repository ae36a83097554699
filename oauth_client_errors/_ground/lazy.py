"""Names a package loads on first use (PEP 562), for packages that keep their import light."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    package: str, modules: Mapping[str, str], namespace: dict[str, Any]
) -> Callable[[str], Any]:
    """Return a module ``__getattr__`` that imports each name's module on first use.

    Args:
        package: The package's ``__name__`` (relative module names resolve against it).
        modules: Each lazy name -> the module that defines it (``".model"``).
        namespace: The package's ``globals()``: a loaded name is kept there, so the next
            access is a plain attribute lookup.
    """

    def __getattr__(name: str) -> Any:
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        import importlib

        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value
        return value

    return __getattr__
