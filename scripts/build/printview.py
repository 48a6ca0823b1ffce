"""Section print views: every page of one menu section on one page, with a
table of contents, for the workshops and binders municipalities still print.

One print view per menu section (a nav entry with a list of pages whose first
page is the section's index) and language, at <section folder>/skriv-ut/
(English /en/<section folder>/skriv-ut/). The build adds each as a generated
page outside the menu (files_for), so it has the site's header, footer and
styles; after the last language build, fill() puts the finished pages' text
in it: what overrides/partials/content.html marks between <!--kc-print-->
and <!--/kc-print--> (title, facts line, text, citations and source list),
headings one level down, ids and #anchors prefixed per page, relative links
rebased to the print view's address, the search markers and the checklists'
saving taken out. It is not in the sitemap (scripts/build/postbuild.py lists the
pages of docs/ only) or the search index (kc.searchable is false), and is
marked noindex. Each section's index page links to it ("Skriv ut hela avsnittet").
"""
from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from ..content import data
from ..content.pages import key_to_url, url_relative
from ..content.site import lang_prefix

PRINT_NAME = "skriv-ut"
BODY_MARKER = "<!-- kc-print-body -->"
START, END = "<!--kc-print-->", "<!--/kc-print-->"


@dataclass(frozen=True)
class Section:
    index_key: str          # the section's index page, e.g. for-kommuner/index.md
    keys: tuple[str, ...]   # its pages in menu order, the index first

    @property
    def print_key(self) -> str:
        folder = posixpath.dirname(self.index_key)
        return f"{folder}/{PRINT_NAME}.md" if folder else f"{PRINT_NAME}.md"


def _strip_lang(path: str) -> str:
    first, _, rest = path.partition("/")
    return rest if first in data.LANGS and rest else path


def sections(nav) -> list[Section]:
    """The menu sections of mkdocs.yml's nav: an entry whose value is a list
    of pages, the first of them an index page."""
    found = []
    for item in nav or []:
        if not isinstance(item, dict) or len(item) != 1:
            continue
        children = next(iter(item.values()))
        if not isinstance(children, list):
            continue
        keys = []
        for child in children:
            value = next(iter(child.values())) if isinstance(child, dict) and len(child) == 1 else child
            if isinstance(value, str) and value.endswith(".md"):
                keys.append(_strip_lang(value))
        if keys and posixpath.basename(keys[0]) == "index.md":
            found.append(Section(keys[0], tuple(keys)))
    return found


_state: dict = {"sections": []}


def configure(nav) -> None:
    """Remember the menu sections (from on_config; a language build whose
    configuration carries no menu keeps the ones found before)."""
    found = sections(nav)
    if found:
        _state["sections"] = found


def lookup(key: str) -> Section | None:
    """The section whose print view has the key `key`, else None."""
    return next((s for s in _state["sections"] if s.print_key == key), None)


def of_index(key: str) -> Section | None:
    """The section whose index page is `key`, else None."""
    return next((s for s in _state["sections"] if s.index_key == key), None)


def _title(site, section: Section, lang: str) -> str:
    page = site.page(lang, section.index_key)
    name = page.meta.get("title", section.index_key) if page else section.index_key
    return data.strings(lang)["print_title"].replace("{section}", str(name))


def files_for(site, lang: str, config) -> list:
    """MkDocs File objects for this language build's print views."""
    from mkdocs.structure.files import File, InclusionLevel
    ui = data.strings(lang)
    files = []
    for section in _state["sections"]:
        if not site.page(lang, section.index_key):
            continue
        title = _title(site, section, lang)
        quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
        content = (f"---\ntitle: {quoted}\nsearch:\n  exclude: true\n---\n\n"
                   f"# {html.escape(title)}\n\n"
                   f'<p class="kc-print__intro">{html.escape(ui["print_intro"])}</p>\n\n{BODY_MARKER}\n')
        files.append(File.generated(config, lang_prefix(lang) + section.print_key, content=content,
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def page_context(section: Section, lang: str) -> dict:
    """Template context of a print view: no facts, not searchable, noindex."""
    return {
        "lang": lang, "ui": data.strings(lang), "key": section.print_key, "is_fallback": False,
        "outdated": None, "overdue": False, "alternates": [], "history": [], "searchable": False,
        "search_keywords": [], "noindex": True, "sv_url": "", "print_view": True,
    }


# -- filling in the finished pages ---------------------------------------------

_ID_ATTR = re.compile(r'\b(id|for|aria-labelledby|aria-describedby|aria-controls|headers)="([^"]*)"')
_LINK_ATTR = re.compile(r'\b(href|src)="([^"]*)"')
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_SEARCH_ATTR = re.compile(r'\s(data-pagefind-body|data-pagefind-meta="[^"]*")')


def _file(site_dir: Path, url: str) -> Path:
    return site_dir / (url + "index.html" if url == "" or url.endswith("/") else url)


def _rebase(value: str, from_url: str, to_url: str) -> str:
    """A relative address written on the page at `from_url`, as seen from `to_url`."""
    if not value or value.startswith(("#", "/", "data:", "mailto:", "tel:")) or "://" in value:
        return value
    path, hash_, fragment = value.partition("#")
    folder = posixpath.dirname(from_url)
    base = from_url if not from_url or from_url.endswith("/") else (folder + "/" if folder else "")
    target = posixpath.normpath(posixpath.join(base, path)) if path else from_url
    if target == ".":
        target = ""
    if path.endswith("/") and target and not target.endswith("/"):
        target += "/"
    return url_relative(to_url, target + (hash_ + fragment if hash_ else ""))


def page_part(text: str, n: int, from_url: str, to_url: str) -> str:
    """One finished page's printable part, fitted into the print view at `to_url`."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        return ""
    part = text[start + len(START):end]
    prefix = f"kc-p{n}-"
    ids = set(re.findall(r'\bid="([^"]*)"', part))

    def fix_ids(m: re.Match) -> str:
        return f'{m.group(1)}="' + " ".join(prefix + token for token in m.group(2).split()) + '"'

    def fix_link(m: re.Match) -> str:
        attr, value = m.group(1), html.unescape(m.group(2))
        if value.startswith("#") and value[1:] in ids:
            return f'{attr}="#{html.escape(prefix + value[1:])}"'
        if value.startswith("#"):   # an anchor outside the printed part: the page itself
            value = url_relative(to_url, from_url + value)
            return f'{attr}="{html.escape(value)}"'
        return f'{attr}="{html.escape(_rebase(value, from_url, to_url))}"'

    part = _ID_ATTR.sub(fix_ids, part)
    part = _LINK_ATTR.sub(fix_link, part)
    part = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", part)
    part = _SEARCH_ATTR.sub("", part)
    # A printed checklist is a list to tick on paper: its saving script
    # (assets/checklist.js, which looks for data-checklist-id) leaves it alone.
    part = part.replace("data-checklist-id=", "data-kc-printed-checklist=")
    # ... and its notes about saving in this browser do not apply here.
    part = re.sub(r'<p class="kc-checklist__(?:nojs|privacy)"[^>]*>.*?</p>', "", part, flags=re.S)
    # Each page's source list is a region named "Källor" on its own page; here
    # there are several, so they are plain sections under their page's heading.
    part = re.sub(r'(<section class="kc-sources") aria-labelledby="[^"]*"', r"\1", part)
    return part


def fill(site, site_dir: Path, site_url: str) -> None:
    """Put the finished pages into every print view of both languages."""
    for lang in data.LANGS:
        ui = data.strings(lang)
        root = site_dir / lang_prefix(lang)
        for section in _state["sections"]:
            to_url = key_to_url(section.print_key)
            target = _file(root, to_url)
            if not target.exists():
                continue
            toc, parts = [], []
            for n, key in enumerate(section.keys, 1):
                page = site.page(lang, key)
                from_url = key_to_url(key)
                source = _file(root, from_url)
                if not page or not source.exists():
                    continue
                title = html.escape(str(page.meta.get("title", key)))
                toc.append(f'<li><a href="#kc-p{n}">{title}</a></li>')
                address = html.escape(site_url + lang_prefix(lang) + from_url)
                parts.append(f'<section class="kc-print__page" id="kc-p{n}">\n'
                             + page_part(source.read_text(encoding="utf-8"), n, from_url, to_url)
                             + f'\n<p class="kc-print__address">{html.escape(ui["print_original"])}: '
                               f'<a href="{html.escape(url_relative(to_url, from_url))}">{address}</a></p>\n</section>')
            body = (f'<div class="kc-print" data-pagefind-ignore="all">\n'
                    f'<nav class="kc-print__toc" aria-labelledby="kc-print-toc">'
                    f'<h2 id="kc-print-toc">{html.escape(ui["print_toc"])}</h2>\n<ol>\n'
                    + "\n".join(toc) + "\n</ol>\n</nav>\n" + "\n".join(parts) + "\n</div>")
            text = target.read_text(encoding="utf-8")
            target.write_text(text.replace(BODY_MARKER, body, 1), encoding="utf-8")
