"""The documents' own words written in Python: the ``documents`` catalog's, in the
language the documents are being written in (the current language while
:func:`stemeco.documents.render.speaking`).

``D_("...")`` marks a word for the extractor (:mod:`stemeco.documents.catalog`);
:func:`say` gives it in the current language with its ``%(name)s`` filled.
"""

from __future__ import annotations

from typing import Any


def D_(message: str) -> str:  # noqa: N802 - the marker the documents extractor looks for
    """Mark a document word written in Python (the ``documents`` catalog has it)."""
    return message


def say(message: str, **values: Any) -> str:
    """``message`` (marked with :func:`D_`) in the documents' language, values filled in."""
    from stemeco.i18n import current_language, translations

    text = translations(current_language(), "documents").gettext(message)
    return text % values if values else text


def say_count(singular: str, plural: str, count: int, **values: Any) -> str:
    """The form of ``singular``/``plural`` for ``count``, values (and ``num``) filled in."""
    from stemeco.i18n import current_language, translations

    text = translations(current_language(), "documents").ngettext(singular, plural, count)
    return text % {"num": count, **values}
