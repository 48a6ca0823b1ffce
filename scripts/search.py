"""Site search: Pagefind over the finished site, one index per language.

Pagefind reads `<html lang>` and writes a separate index for Swedish and for
English into site/pagefind/, with Swedish stemming for the Swedish pages. Only
pages whose template marks a region with `data-pagefind-body` are indexed;
overrides/partials/content.html does that when `kc.searchable` is true
(scripts/facts.py), so English fallback copies of untranslated pages, archived
pages and generated lists of page titles stay out of the results.

Editors add search words in front matter (`keywords: [..]`); this module adds
the glossary's long forms of the abbreviations a page uses (and the
abbreviation when a page writes the long form), so "Statens
institutionsstyrelse" finds the page that only says "SiS". They reach Pagefind
as page metadata (`data-pagefind-meta="keywords:..."`), which Pagefind
searches and the browser script weights (overrides/assets/kc-search.js).

The browser side is overrides/partials/kc-search.html and
overrides/assets/kc-search.js: one template and one script for both languages.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import listings

# Generated pages that only list other pages' titles: indexing them would put
# a list page beside (or above) the page a reader is looking for.
LIST_GENERATORS = frozenset({"by_audience", "by_responsible", "translation_status"})

BUNDLE_DIR = "pagefind"
SEARCH_MARKER = b"data-pagefind-body"   # set by overrides/partials/content.html
# Pagefind's ready-made interfaces: our own (kc-search.js) uses only
# pagefind.js, its worker, the wasm and the index, so these are not published.
UNUSED_BUNDLE_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                       "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


def is_searchable(meta: dict, is_fallback: bool) -> bool:
    """Whether a page belongs in its language's search index."""
    if is_fallback:
        return False
    if meta.get("status") == "arkiverad":
        return False
    return meta.get("generate") not in LIST_GENERATORS


def _occurs(term: str, text: str, lowered: str | None = None) -> bool:
    """`term` as a whole word in `text`; abbreviations (two or more capitals) match case-sensitively.
    `lowered` is text.lower(), when the caller asks about many terms."""
    flags = 0 if sum(ch.isupper() for ch in term) >= 2 else re.IGNORECASE
    # A plain substring test first: most glossary terms are not on a given
    # page, and it is far cheaper than the regular expression (make bench).
    if (term.lower() not in (lowered if lowered is not None else text.lower())) if flags else term not in text:
        return False
    return re.search(r"(?<!\w)" + re.escape(term) + r"(?!\w)", text, flags) is not None


def keywords(meta: dict, body: str, lang: str) -> list[str]:
    """The page's search words: its own `keywords`, then, for every glossary
    abbreviation the page uses, the long form (and the other way round)."""
    words = [str(k) for k in meta.get("keywords") or []]
    text = f"{meta.get('title', '')}\n{body}\n" + "\n".join(words)
    lowered = text.lower()

    def add(word: str) -> None:
        if word.casefold() not in {w.casefold() for w in words}:
            words.append(word)

    for entry in listings.glossary_entries(lang):
        item = entry.get(lang) or {}
        term, expansion = str(item.get("term") or ""), str(item.get("expansion") or "")
        if not term or not expansion:
            continue
        if _occurs(term, text, lowered):
            add(expansion)
        elif _occurs(expansion, text, lowered):
            add(term)
    return words


def executable() -> Path:
    """The Pagefind binary that requirements.txt installs (pagefind[bin])."""
    import pagefind_bin
    return pagefind_bin.get_executable()


def index_site(site, site_dir: Path, site_url: str = "/") -> dict:
    """Run Pagefind over the finished site; returns the page count per language.

    Called after the last language build (scripts/postbuild.py), so it runs in
    `mkdocs build` and on every rebuild of `mkdocs serve`."""
    site_dir = Path(site_dir).resolve()
    # Pagefind reads every HTML file it is given in full, and most of a large
    # site is never indexed (archived versions, fallback copies) while most of
    # each page is its menu. Pagefind is given a folder with only the pages
    # that mark a search region, at the same relative paths (so the addresses
    # in the index are the same), without their menus (see search_copy).
    shadow = Path(tempfile.mkdtemp(prefix=".kc-search-", dir=site_dir.parent))
    try:
        _write_search_copies(site_dir, shadow)
        result = subprocess.run(
            [str(executable()), "--site", str(shadow), "--output-path", str(site_dir / BUNDLE_DIR), "--quiet"],
            capture_output=True, text=True)
    finally:
        shutil.rmtree(shadow, ignore_errors=True)
    if result.returncode != 0:
        raise RuntimeError("Pagefind could not index the site:\n" + result.stdout + result.stderr)
    for name in UNUSED_BUNDLE_FILES:
        (site_dir / BUNDLE_DIR / name).unlink(missing_ok=True)
    return indexed_pages(site_dir)


# Material's two sidebars (the menu and the table of contents) come before the
# content and carry no Pagefind attributes.
MENU_START, MENU_END = b'<div class="md-sidebar md-sidebar--primary"', b'<div class="md-content"'


def search_copy(page: bytes) -> bytes | None:
    """What Pagefind needs of a built page: None for a page without a search
    region; otherwise the page without its sidebars, when they lie before the
    region and hold nothing Pagefind reads (else the page as it is). The text
    of the region and every data-pagefind attribute are kept, so the index is
    the same as from the whole page, only made faster (make bench)."""
    marker = page.find(SEARCH_MARKER)
    if marker < 0:
        return None
    start = page.find(MENU_START)
    end = page.find(MENU_END, start + 1) if start >= 0 else -1
    if 0 <= start < end < marker and page.find(b"data-pagefind", start, end) < 0:
        return page[:start] + page[end:]
    return page


def _write_search_copies(site_dir: Path, shadow: Path) -> int:
    """search_copy() of every HTML page of the site into `shadow`, at the same
    relative paths; returns their number."""
    count = 0
    for folder, dirs, names in os.walk(site_dir):
        if Path(folder) == site_dir and BUNDLE_DIR in dirs:
            dirs.remove(BUNDLE_DIR)
        for name in names:
            if not name.endswith(".html"):
                continue
            source = Path(folder, name)
            with open(source, "rb") as page:
                copy = search_copy(page.read())
            if copy is None:
                continue
            target = shadow / source.relative_to(site_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(copy)
            count += 1
    return count


def indexed_pages(site_dir: Path) -> dict[str, int]:
    entry = Path(site_dir) / BUNDLE_DIR / "pagefind-entry.json"
    if not entry.exists():
        return {}
    languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {})
    return {lang: info.get("page_count", 0) for lang, info in languages.items()}

