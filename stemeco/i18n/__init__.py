"""The language stemeco speaks: the project's, English by default.

A project's ``language:`` (``stemeco.yaml``) is made the *current language*
when the project is located (:class:`stemeco.project.folder.Project`), once
per command; every message the program prints goes through :func:`_` (or
:func:`ngettext` when it counts), which looks it up in the compiled catalog
``locale/<lang>/LC_MESSAGES/stemeco.mo`` with the standard :mod:`gettext`
module. English is the source language: its messages are the code's own.

Messages name their values, never glue translated pieces together::

    _("Saved {count} answers in {path}").format(count=n, path=shown)

A string defined at import time (a module constant, a label of
:mod:`stemeco.vocab`) is marked with :func:`N_` so the extractor finds it, and
translated with :func:`_` where it is shown. The ``documents`` domain holds the
templates' strings; :func:`translations` gives any domain's catalog for Jinja.

Standard library only: Babel (dates, numbers, the catalog tools) is imported
by :mod:`stemeco.i18n.formatting` and by the tests, never here.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

#: The languages stemeco ships, English (the source) first.
SUPPORTED: tuple[str, ...] = ("en", "es", "he")
DEFAULT = "en"
#: Each language's name in itself, for messages and ``stemeco language``.
NAMES: dict[str, str] = {"en": "English", "es": "español", "he": "עברית"}
#: Languages written right to left.
RIGHT_TO_LEFT = frozenset({"he"})
#: The program's messages; ``documents`` is the templates' domain.
DOMAIN = "stemeco"
DOMAINS: tuple[str, ...] = ("stemeco", "documents")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_current = DEFAULT


def set_language(code: str) -> None:
    """Make ``code`` the language of every message from now on (an unknown code is English)."""
    global _current
    _current = code if code in SUPPORTED else DEFAULT


def current_language() -> str:
    return _current


def direction(code: str | None = None) -> str:
    """``"rtl"`` for a language written right to left (Hebrew), else ``"ltr"``."""
    return "rtl" if (code or _current) in RIGHT_TO_LEFT else "ltr"


def language_problem(value: object) -> str | None:
    """Why ``value`` is not a language code stemeco speaks, and what to write; else None."""
    if isinstance(value, str) and value in SUPPORTED:
        return None
    if isinstance(value, str) and value.strip().lower() in SUPPORTED:
        return _("'{value}' is not a language code: write it in lower case, '{code}'").format(
            value=value, code=value.strip().lower()
        )
    choices = ", ".join(f"{code} ({NAMES[code]})" for code in SUPPORTED)
    return _("'{value}' is not a language stemeco speaks; the languages are {choices}").format(
        value=_shown(value), choices=choices
    )


def _shown(value: object) -> str:
    """A value read from YAML as its writer wrote it: ``[he, es]``, not ``['he', 'es']``."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "[" + ", ".join(map(_shown, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_shown(k)}: {_shown(v)}" for k, v in value.items()) + "}"
    return str(value)


def translations(code: str | None = None, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The catalog of ``domain`` in language ``code`` (default: the current one).

    English, and a language whose catalog is missing, give the messages as written
    (``gettext.NullTranslations``). The object has ``gettext``, ``ngettext``,
    ``pgettext`` and ``npgettext``, as Jinja's i18n extension wants.
    """
    return _catalog(code or _current, domain)


@cache
def _catalog(code: str, domain: str) -> gettext.NullTranslations:
    if code == DEFAULT or code not in SUPPORTED:
        return gettext.NullTranslations()
    return gettext.translation(domain, LOCALE_DIR, languages=[code], fallback=True)


def _(message: str) -> str:
    """``message`` in the current language."""
    if _current == DEFAULT:
        return message
    return _catalog(_current, DOMAIN).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of ``singular``/``plural`` for ``count`` in the current language's plural rules.

    Both forms name ``{count}`` (or another placeholder) and are formatted by the caller:
    ``ngettext("{count} answer", "{count} answers", n).format(count=n)``.
    """
    if _current == DEFAULT:
        return singular if count == 1 else plural
    return _catalog(_current, DOMAIN).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, where the same English word needs a context."""
    if _current == DEFAULT:
        return message
    return _catalog(_current, DOMAIN).pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 - the name every gettext tool looks for
    """Mark ``message`` for translation without translating it (a constant, read at import)."""
    return message


def NC_(context: str, message: str) -> str:  # noqa: N802 - N_ with a context, for pgettext
    """Mark ``message`` for :func:`pgettext` in ``context`` without translating it."""
    del context
    return message
