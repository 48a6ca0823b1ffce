"""Small text helpers of the model for generated Markdown: relative links
between page sources, the language's URL prefix, data values escaped as text,
and dates as readers of each language write them. Used by the model's own
generated pages (translation status, the to-check list) and by the build."""
from __future__ import annotations

import html
import posixpath

from . import data, schema


def md_link(from_key: str, to_key: str) -> str:
    """A relative Markdown link target from one page source to another."""
    return posixpath.relpath(to_key, posixpath.dirname(from_key) or ".")


def lang_prefix(lang: str) -> str:
    return "" if lang == data.DEFAULT_LANG else f"{lang}/"


def md_text(value) -> str:
    """A data value (a title, a note, a definition) for generated Markdown:
    &, < and > become entities, so Markdown shows them as text, never as HTML."""
    return html.escape(str(value), quote=False)


def md_texts(values: dict) -> dict:
    """md_text of every value: UI strings (data/strings.yml) for generated Markdown."""
    return {key: md_text(value) for key, value in values.items()}


def format_date(value: str | None, lang: str) -> str:
    """A date as readers of `lang` write it: 23 november 2026 / 23 November 2026."""
    parsed = schema.parse_date(value)
    if not parsed:
        return value or ""
    from babel.dates import format_date as babel_format
    # British English writes the day first, as Swedish does: 23 November 2026.
    return babel_format(parsed, format="long", locale={"en": "en_GB"}.get(lang, lang))
