"""The registry of generated page content: a page with `generate: NAME` in its
front matter gets the Markdown returned by the function registered for NAME,
placed where its text has the marker line `<!-- generated -->`, or else appended
after its own text. The names are the ones schema.GENERATORS allows."""
from __future__ import annotations

import importlib

from ..content import schema

# name -> "module:function"; each function takes (site, page_key, lang) and returns Markdown.
REGISTRY = {
    "bibliography": "build.listings:bibliography",
    "by_audience": "build.listings:by_audience",
    "by_responsible": "build.listings:by_responsible",
    "glossary": "build.listings:glossary",
    "matrix": "build.listings:matrix",
    "translation_status": "content.translations:status_page",
    "whats_new": "build.changes:whats_new",
    "latest_changes": "build.changes:latest_changes",
    "checklist": "content.checklists:render",
    "to_check": "content.claims:to_check_page",
}
assert set(REGISTRY) == set(schema.GENERATORS), "keep the registry and the schema in step"


# A page may put this line where the generated content belongs (for instance
# before its "Läs mer" section); without it the content goes at the end.
MARKER = "<!-- generated -->"


def place(markdown: str, generated: str) -> str:
    """The page's Markdown with the generated content at the marker, or at the end."""
    if MARKER in markdown:
        return markdown.replace(MARKER, generated.rstrip() + "\n", 1)
    return markdown.rstrip() + "\n\n" + generated


def render(name: str, site, key: str, lang: str) -> str:
    module_name, func_name = REGISTRY[name].split(":")
    module = importlib.import_module(f"scripts.{module_name}")
    return getattr(module, func_name)(site, key, lang)
