"""Choosing a catalogue for a locale, and loading it (standard library ``gettext`` only).

A catalogue is loaded from the package's data on first use and kept; nothing is read when
``oauth_client_errors`` is imported.
"""

from __future__ import annotations

import gettext
import re
import threading
from importlib import resources

__all__ = ["DOMAIN", "LOCALES", "resolve_locale", "translations"]

#: The gettext domain: ``locales/<lang>/LC_MESSAGES/<DOMAIN>.mo``.
DOMAIN = "oauth_client_errors"

#: The catalogues shipped, by their gettext locale name.
LOCALES: tuple[str, ...] = ("en", "de", "es", "fr", "ja", "pt_BR", "zh_CN", "zh_TW")

_DEFAULT = "en"
# The catalogue any variant of a language gets; Chinese is chosen by script below.
_BY_LANGUAGE = {name.split("_")[0]: name for name in LOCALES if name != "zh_TW"}
# Chinese: the Traditional catalogue for the Traditional script, or for a region that
# writes it when no script is given; the Simplified one otherwise (zh, zh-CN, zh-SG).
_TRADITIONAL = "zh_TW"
_TRADITIONAL_REGIONS = frozenset({"tw", "hk", "mo"})
_TAG = re.compile(r"[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*")
_cache: dict[str, gettext.NullTranslations] = {}
_lock = threading.Lock()


def resolve_locale(locale: object) -> str:
    """Return the catalogue name for ``locale``, or ``"en"`` when none fits.

    Accepted: a language (``de``), a BCP 47 tag (``de-DE``, ``pt-BR``, ``zh-Hans-CN``), a
    POSIX name (``de_DE``, ``de_DE.UTF-8``, ``de_DE@euro``), or an ``Accept-Language``
    value (``fr-CH, fr;q=0.9, en;q=0.8``), whose entries are tried by preference. Case is
    ignored. A region the catalogues do not distinguish gets its language's catalogue
    (``de-AT`` -> ``de``, ``pt-PT`` -> ``pt_BR``). Chinese goes by script: Traditional
    (``zh-Hant``, ``zh-Hant-HK``, or no script and the region ``TW``, ``HK`` or ``MO``:
    ``zh-TW``, ``zh_TW.UTF-8``) gets ``zh_TW``, written as Taiwan writes it; Simplified
    (``zh-Hans``, ``zh-CN``, ``zh-SG``, plain ``zh``) gets ``zh_CN``. Anything else,
    ``None`` and non-strings included, gives English.
    """
    if not isinstance(locale, str) or not locale:
        return _DEFAULT
    for tag in _preferences(locale[:1000]):
        found = _match(tag)
        if found is not None:
            return found
    return _DEFAULT


def _preferences(value: str) -> list[str]:
    """The tags of an ``Accept-Language``-like value, most preferred first."""
    ranked: list[tuple[float, int, str]] = []
    for index, item in enumerate(value.split(",")[:20]):
        tag, _, params = item.partition(";")
        quality = 1.0
        name, _, number = params.partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(number.strip())
            except ValueError:
                quality = 0.0
        if quality > 0 and quality == quality:  # drops q=0 and NaN
            ranked.append((-quality, index, tag.strip()))
    return [tag for _, _, tag in sorted(ranked)]


def _match(tag: str) -> str | None:
    """The catalogue for one tag, or None."""
    tag = tag.split(".", 1)[0].split("@", 1)[0]  # POSIX encoding and modifier
    if not _TAG.fullmatch(tag):
        return None
    parts = tag.replace("-", "_").lower().split("_")
    language, subtags = parts[0], parts[1:]
    if language in ("c", "posix"):
        return _DEFAULT
    found = _BY_LANGUAGE.get(language)
    if found is None:
        return None
    if language == "zh":
        script = next((s for s in subtags if len(s) == 4), None)
        region = next((s for s in subtags if len(s) in (2, 3) and s != script), None)
        if script == "hant" or (script is None and region in _TRADITIONAL_REGIONS):
            return _TRADITIONAL
    return found


def translations(name: str) -> gettext.NullTranslations:
    """Return the catalogue ``name`` (one of :data:`LOCALES`), loading it on first use.

    A catalogue that is missing or unreadable gives the English message ids unchanged
    (``NullTranslations``); this never raises.
    """
    found = _cache.get(name)
    if found is not None:
        return found
    with _lock:
        found = _cache.get(name)
        if found is None:
            found = _load(name)
            _cache[name] = found
    return found


def _load(name: str) -> gettext.NullTranslations:
    if name not in LOCALES:
        return gettext.NullTranslations()
    try:
        data = (
            resources.files(__package__)
            .joinpath("locales")
            .joinpath(name)
            .joinpath("LC_MESSAGES")
            .joinpath(f"{DOMAIN}.mo")
            .read_bytes()
        )
        return _from_bytes(data)
    except Exception:  # a broken install must not break an error message
        return gettext.NullTranslations()


def _from_bytes(data: bytes) -> gettext.GNUTranslations:
    import io

    return gettext.GNUTranslations(io.BytesIO(data))
