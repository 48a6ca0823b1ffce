"""Site search: Pagefind over the finished site, one index per language.

Pagefind reads `<html lang>` and writes a separate index for Swedish and for
English into site/pagefind/, with Swedish stemming for the Swedish pages. Only
pages whose template marks a region with `data-pagefind-body` are indexed;
overrides/partials/content.html does that when `kc.searchable` is true
(scripts/build/facts.py), so English fallback copies of untranslated pages, archived
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

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..content import data
from . import listings

# Generated pages that only list other pages' titles: indexing them would put
# a list page beside (or above) the page a reader is looking for.
LIST_GENERATORS = frozenset({"by_audience", "by_responsible", "translation_status", "to_check"})

BUNDLE_DIR = "pagefind"
SEARCH_MARKER = b"data-pagefind-body"   # set by overrides/partials/content.html
# Pagefind's ready-made interfaces: our own (kc-search.js) uses only
# pagefind.js, its worker (for a large index), the wasm and the index, so these
# are not published.
UNUSED_BUNDLE_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                       "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


# Pagefind searches in the page for a small index (no worker script to fetch
# and start), and in its web worker for a large one, where searching in the
# page would hold up typing. make bench's Search table shows both for 1,056
# pages per language: in the page, a first search typed at once ran one task of
# 50-63 ms and its results came no sooner than in the worker (2026-12-02;
# earlier runs saw 90-230 ms). With 56 pages there is no long task.
WORKER_FROM_PAGES = 500


def indexed_count(site, lang: str) -> int:
    """How many pages of `lang` the index will hold, known before Pagefind runs
    (the same as its page_count: tests/test_search.py)."""
    return sum(1 for page in site.by_lang.get(lang, {}).values() if is_searchable(page.meta, False))


def uses_worker(site, lang: str) -> bool:
    """Whether the search script runs Pagefind in its worker for `lang`; the
    template writes the answer into the search form, so the script needs no
    request of its own to decide."""
    return indexed_count(site, lang) >= WORKER_FROM_PAGES


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
    """The pinned Pagefind binary (scripts/build/pagefind_release.py)."""
    from . import pagefind_release
    return pagefind_release.executable()


def index_site(site, site_dir: Path, site_url: str = "/") -> dict:
    """Run Pagefind over the finished site; returns the page count per language.

    Called after the last language build (scripts/build/postbuild.py), so it runs in
    `mkdocs build` and on every rebuild of `mkdocs serve`."""
    shadow = _prepared.pop(_copies_key(site_dir), None)
    site_dir = Path(site_dir).resolve()
    # Pagefind reads every HTML file it is given in full, and most of a large
    # site is never indexed (archived versions, fallback copies) while most of
    # each page is its menu. Pagefind is given folders with only the pages
    # that mark a search region, one folder per language, each page at its
    # path in the site (so the addresses in the index are the same), without
    # its menus (see search_copy). The build makes these copies as it renders
    # the pages (add_copy); otherwise they are made from the finished site here.
    try:
        if shadow is None:
            shadow = _new_copies_folder(site_dir)
            _write_search_copies(site_dir, shadow)
        languages = sorted(folder.name for folder in shadow.iterdir() if folder.name in data.LANGS)
        bundles = _run_pagefind(shadow, languages)
        merge_bundles(bundles, site_dir / BUNDLE_DIR)
    finally:
        if shadow is not None:
            shutil.rmtree(shadow, ignore_errors=True)
    for name in UNUSED_BUNDLE_FILES:
        (site_dir / BUNDLE_DIR / name).unlink(missing_ok=True)
    shorten_ready_poll(site_dir / BUNDLE_DIR)
    write_index_files(site_dir)
    return indexed_pages(site_dir)


# Pagefind fetches a first search's files one after the other: pagefind.js,
# then the entry file, then the language's meta file and WebAssembly. The build
# writes their names into the site's kc-search.js (in place of INDEX_FILES_MARK),
# so that the script can ask for all of them at once when the reader reaches
# for the box: one round trip instead of three (on a phone line, hundreds of
# ms). The entry file's address carries a tag that changes with its content
# (Pagefind's metaCacheTag; Pagefind's own default is the time of the visit).
SEARCH_SCRIPT = "assets/kc-search.js"
INDEX_FILES_MARK = "var INDEX_FILES = {};"
# The mark, or the line written in its place by an earlier indexing of the
# same site (mkdocs serve --dirty keeps the copied script; make bench re-indexes).
INDEX_FILES_LINE = re.compile(r"^([ \t]*)var INDEX_FILES = \{.*\};$", re.M)


def index_files(bundle_dir: Path) -> dict:
    """{"tag": .., "languages": {lang: [meta file, wasm file]}} of a bundle."""
    raw = (bundle_dir / ENTRY_FILE).read_bytes()
    entry = json.loads(raw)
    return {"tag": hashlib.sha256(raw).hexdigest()[:12],
            "languages": {lang: [f"pagefind.{info['hash']}.pf_meta", f"wasm.{info.get('wasm') or 'unknown'}.pagefind"]
                          for lang, info in sorted(entry.get("languages", {}).items())}}


def write_index_files(site_dir: Path) -> None:
    """Write index_files() into the site's search script (INDEX_FILES_MARK)."""
    script_path = Path(site_dir) / SEARCH_SCRIPT
    if not script_path.is_file():
        return   # a site without the search script (the offline edition)
    script = script_path.read_text(encoding="utf-8")
    if len(INDEX_FILES_LINE.findall(script)) != 1:
        raise RuntimeError(f"{script_path}: `{INDEX_FILES_MARK}` must appear once, on a line of its own, in "
                           "overrides/assets/kc-search.js; the build writes the search index's first files there "
                           "(scripts/build/search.py).")
    files = json.dumps(index_files(Path(site_dir) / BUNDLE_DIR), separators=(",", ":"))
    script = INDEX_FILES_LINE.sub(lambda match: f"{match.group(1)}var INDEX_FILES = {files};", script)
    script_path.write_text(script, encoding="utf-8")


# Pagefind's search waits for its WebAssembly to start by polling every 50 ms
# (getPtr in pagefind.js and its worker). A first search begins while the index
# loads, so its results came up to 50 ms after Pagefind was ready (make bench:
# about 20 ms of the median, typed at once). Polling every 5 ms costs nothing
# measurable and ends the wait within 5 ms. The text
# is Pagefind 1.6.0's (pagefind_release.py pins it); if a release changes it,
# the build stops here rather than ship a slower search unnoticed.
READY_POLL = ("while(this.raw_ptr===null){if(this.initError){throw this.initError;}await asyncSleep(50);}",
              "while(this.raw_ptr===null){if(this.initError){throw this.initError;}await asyncSleep(5);}")
READY_POLL_FILES = ("pagefind.js", "pagefind-worker.js")


def shorten_ready_poll(bundle_dir: Path) -> None:
    """Make Pagefind's scripts in `bundle_dir` poll for their WebAssembly every
    5 ms, not 50 (READY_POLL); all of them or, if one differs, none."""
    old, new = READY_POLL
    scripts = {}
    for name in READY_POLL_FILES:
        path = bundle_dir / name
        scripts[path] = path.read_text(encoding="utf-8")
        if scripts[path].count(old) != 1:
            raise RuntimeError(
                f"{path}: Pagefind's wait for its WebAssembly (getPtr, `asyncSleep(50)`) was not found once; "
                "this Pagefind release differs from the one READY_POLL in scripts/build/search.py was written "
                "for. Check its getPtr and update READY_POLL, or remove the step if the release no longer polls.")
    for path, script in scripts.items():
        path.write_text(script.replace(old, new), encoding="utf-8")


# Pagefind cuts a language's index into chunks of words in alphabetical order,
# and a search fetches the chunks that hold its words and the words they begin.
# At Pagefind's default (20,000) a chunk is 30-35 KB here and a first search
# fetches one or two; at 2,000 the Swedish first search is 93-97 KB, not
# 116 KB, today, and 130 KB, not 197 KB, with 1,000 more pages per
# language (make bench). Pagefind 1.6 reads the size from an environment
# variable it calls unstable: pagefind_release.py pins the release it is
# measured with, and tests/test_search.py fails if the chunks grow back.
INDEX_CHUNK_SIZE = 2000


def pagefind_env() -> dict:
    """The environment every Pagefind run gets (the build's and the tests')."""
    return {**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK_SIZE)}


def _run_pagefind(shadow: Path, languages: list[str]) -> list[Path]:
    """One Pagefind process per language, side by side (Pagefind keeps the
    languages of a site apart anyway: their index files are named by
    language); returns their bundle folders."""
    runs = []
    for lang in languages:
        log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        bundle = shadow / f"bundle-{lang}"
        process = subprocess.Popen([str(executable()), "--site", str(shadow / lang), "--output-path", str(bundle),
                                    "--quiet"], stdout=log, stderr=subprocess.STDOUT, text=True,
                                   env=pagefind_env())
        runs.append((lang, process, log, bundle))
    failed = []
    for lang, process, log, _ in runs:
        if process.wait() != 0:
            log.seek(0)
            failed.append(f"{lang}: {log.read()}")
        log.close()
    if failed:
        raise RuntimeError("Pagefind could not index the site:\n" + "\n".join(failed))
    return [bundle for *_, bundle in runs]


ENTRY_FILE = "pagefind-entry.json"


def merge_bundles(bundles: list[Path], dest: Path) -> None:
    """One search bundle from per-language ones: the union of their files (the
    files they share must be the same) and one entry file listing every
    language. The result is what one Pagefind run over all languages writes
    (tests/test_search_index_parts.py compares the two)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    entry: dict = {}
    for bundle in bundles:
        for path in sorted(bundle.rglob("*")):
            if path.is_dir():
                continue
            rel = path.relative_to(bundle)
            target = dest / rel
            if rel.as_posix() == ENTRY_FILE:
                part = json.loads(path.read_text(encoding="utf-8"))
                if not entry:
                    entry = {**part, "languages": {}}   # Pagefind's own key order
                elif _without_languages(entry) != _without_languages(part):
                    raise RuntimeError(f"Pagefind's {ENTRY_FILE} differs between languages beyond the "
                                       "language list; index the site in one run.")
                entry["languages"].update(part.get("languages", {}))
            elif target.exists():
                if target.read_bytes() != path.read_bytes():
                    raise RuntimeError(f"Pagefind wrote two different {rel.as_posix()} for two languages; "
                                       "index the site in one run.")
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
    if entry:
        (dest / ENTRY_FILE).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                       encoding="utf-8")


def _without_languages(entry: dict) -> dict:
    return {key: value for key, value in entry.items() if key != "languages"}


# Search copies made while the pages are rendered: {site folder: copies folder}.
_prepared: dict[str, Path] = {}


def _copies_key(site_dir) -> str:
    return os.path.abspath(site_dir)


def _new_copies_folder(site_dir) -> Path:
    # Beside the site folder, so that it is on the same file system and a
    # failed build's leftovers are easy to see (make clean removes them).
    return Path(tempfile.mkdtemp(prefix=".kc-search-", dir=Path(site_dir).resolve().parent))


def prepare_copies(site_dir) -> None:
    """Start the search copies of a build into `site_dir`: every page rendered
    after this goes through add_copy(), in each language's process."""
    discard_copies()
    _prepared[_copies_key(site_dir)] = _new_copies_folder(site_dir)


def add_copy(site_dir, lang: str, dest_uri: str, page: str) -> None:
    """Keep search_copy() of one rendered page, if the build prepared copies."""
    folder = _prepared.get(_copies_key(site_dir))
    if folder is not None:
        _store_copy(folder, lang, dest_uri, page.encode("utf-8"))


def _store_copy(folder: Path, lang: str, rel, page: bytes) -> bool:
    """Write search_copy(page) to folder/<lang>/<rel>; False for a page that
    has no search region."""
    copy = search_copy(page)
    if copy is None:
        return False
    target = folder / lang / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(copy)
    return True


def discard_copies() -> None:
    """Throw away prepared copies that no index will read (a failed build)."""
    for folder in _prepared.values():
        shutil.rmtree(folder, ignore_errors=True)
    _prepared.clear()


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
    """search_copy() of every HTML page of the site into `shadow`/<language>/,
    at the same relative paths; returns their number."""
    count = 0
    for folder, dirs, names in os.walk(site_dir):
        if Path(folder) == site_dir and BUNDLE_DIR in dirs:
            dirs.remove(BUNDLE_DIR)
        for name in names:
            if not name.endswith(".html"):
                continue
            source = Path(folder, name)
            rel = source.relative_to(site_dir)
            lang = rel.parts[0] if len(rel.parts) > 1 and rel.parts[0] in data.LANGS else data.DEFAULT_LANG
            with open(source, "rb") as page:
                count += _store_copy(shadow, lang, rel, page.read())
    return count


def indexed_pages(site_dir: Path) -> dict[str, int]:
    entry = Path(site_dir) / BUNDLE_DIR / "pagefind-entry.json"
    if not entry.exists():
        return {}
    languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {})
    return {lang: info.get("page_count", 0) for lang, info in languages.items()}

