"""Reading guidance pages: where they are, their front matter, their body."""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import claims, data, glossary, schema, yamlio
from .schema import Problem

FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.S)
OPENING_RE = re.compile(r"\A---[ \t]*\n")
# A page path (its key, the same under docs/sv and docs/en): what python -m
# scripts new accepts and the check requires of every page file.
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*\.md$")


@dataclass
class Page:
    path: Path                 # the file on disk
    rel: str                   # path shown to editors, e.g. docs/sv/roller/sis.md
    lang: str                  # "sv" or "en"
    key: str                   # the language-independent path, e.g. roller/sis.md
    meta: dict = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1         # file line on which the body starts
    problems: list[Problem] = field(default_factory=list)

    @property
    def url(self) -> str:
        """The page's address relative to the language root (see key_to_url)."""
        return key_to_url(self.key)

    def line_of(self, needle: str) -> int | None:
        for i, line in enumerate(self.body.splitlines(), self.body_line):
            if needle in line:
                return i
        return None


# Every address our code builds goes through key_to_url and relative_url, so
# the site and the offline edition (use_directory_urls: false, read from
# file://) link alike. scripts/hooks.py sets the style from mkdocs.yml.
_URLS = {"directory": True}


def use_directory_urls(directory: bool) -> None:
    """Directory URLs (roller/sis/, the default) or file URLs (roller/sis.html)."""
    _URLS["directory"] = bool(directory)


def key_to_url(key: str) -> str:
    """A page's address from its key (roller/sis.md), relative to the language
    root: roller/sis/ and roller/ (directory URLs), or roller/sis.html and
    roller/index.html (file URLs, the offline edition)."""
    stem = key[:-3] if key.endswith(".md") else key
    if not _URLS["directory"]:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def url_relative(from_url: str, to_url: str) -> str:
    """A relative link from the page at `from_url` to `to_url`, both addresses
    from the same root (as key_to_url gives them); an #anchor is kept."""
    path, _, anchor = to_url.partition("#")
    base = from_url if not from_url or from_url.endswith("/") else posixpath.dirname(from_url)
    rel = posixpath.relpath(path or ".", base or ".")
    if not path or path.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{anchor}" if anchor else "")


def relative_url(from_key: str, to_key: str) -> str:
    """The link from one page to another by their keys (roller/sis.md#roll)."""
    to_key, _, anchor = to_key.partition("#")
    return url_relative(key_to_url(from_key), key_to_url(to_key) + (f"#{anchor}" if anchor else ""))


def docs_dir(root: Path | None = None) -> Path:
    return (root or data.root_dir()) / "docs"


def read_page(path: Path, docs: Path) -> Page:
    rel_to_docs = path.relative_to(docs).as_posix()
    lang, _, key = rel_to_docs.partition("/")
    try:
        rel = path.relative_to(docs.parent).as_posix()
    except ValueError:
        rel = rel_to_docs
    try:
        text = yamlio.read_text(path)
    except yamlio.InputError as exc:
        page = Page(path=path, rel=rel, lang=lang, key=key)
        page.problems.append(yamlio.problem(exc, rel))
        return page
    except OSError as exc:  # a dangling symbolic link, a folder named *.md
        page = Page(path=path, rel=rel, lang=lang, key=key)
        page.problems.append(Problem(rel, None, None, f"the file cannot be read ({exc.strerror}).",
                                     "a page file in the repository",
                                     "if it is a symbolic link, replace it with the file itself."))
        return page
    return parse(text, path, rel, lang, key)


def parse(text: str, path: Path, rel: str, lang: str, key: str) -> Page:
    """A page from its text; problems with the front matter are kept on the page."""
    page = Page(path=path, rel=rel, lang=lang, key=key)
    text = text[1:] if text.startswith(yamlio.BOM) else text
    m = FRONT_MATTER_RE.match(text)
    if not m:
        page.body = text
        if OPENING_RE.match(text):
            page.problems.append(Problem(rel, 1, None, "the front matter has no closing --- line: it starts "
                                         "with --- on line 1, but no later line is ---.",
                                         "a line with only --- after the last field",
                                         "add a line with only --- after the last front-matter field "
                                         "(before the page's first heading)."))
            return page
        page.problems.append(Problem(rel, 1, None, "missing front matter.",
                                     "a block between two lines of --- at the top of the file",
                                     "copy the front matter of a similar page, or run python -m scripts new."))
        return page
    raw = m.group(1) or ""
    page.body = text[m.end():]
    page.body_line = text[: m.end()].count("\n") + 1
    try:
        meta, lines = yamlio.load_with_lines(raw, first_line=2)
    except yaml.YAMLError as exc:
        page.problems.append(yamlio.problem(exc, rel))
        return page
    if not isinstance(meta, dict):
        page.problems.append(Problem(rel, 2, None, "front matter is not a set of key: value lines.",
                                     "key: value lines", "write each field as key: value."))
        return page
    page.meta, page.lines = meta, lines
    return page


def all_pages(root: Path | None = None) -> list[Page]:
    docs = docs_dir(root)
    pages = []
    for lang in data.LANGS:
        for path in sorted((docs / lang).rglob("*.md")):
            if path.is_symlink():
                continue  # never followed; scripts/checks/repofiles.py reports it
            pages.append(read_page(path, docs))
    return pages


def by_lang(pages: list[Page]) -> dict[str, dict[str, Page]]:
    out: dict[str, dict[str, Page]] = {lang: {} for lang in data.LANGS}
    for p in pages:
        out.setdefault(p.lang, {})[p.key] = p
    return out


def validate(pages: list[Page]) -> list[Problem]:
    """All schema problems of all pages, plus bibliography problems and warnings."""
    bib = data.bibliography()
    bib_file = data.bibliography_path().relative_to(data.root_dir()).as_posix()
    problems = schema.validate_bibliography(bib, data.bibliography_lines(), bib_file)
    cited: set[str] = set()
    for page in pages:
        if not KEY_RE.match(page.key):
            problems.append(Problem(page.rel, None, None,
                                    f"the file name {page.key!r} is not a page path: it becomes the page's web "
                                    "address, which must be plain lower-case.",
                                    "lower-case letters a-z, digits and hyphens, folders separated by / "
                                    "(no spaces, capitals or å, ä, ö), e.g. roller/ny-sida.md",
                                    "rename the file under both docs/sv and docs/en with git mv (å, ä, ö "
                                    "become a, a, o; spaces become hyphens) and change the line in nav in "
                                    "mkdocs.yml and .github/CODEOWNERS to match."))
        problems.extend(page.problems)
        if page.meta:
            problems.extend(schema.validate_meta(page.meta, page.lines, page.rel, page.lang, bib))
            # The inline markers: citations, re-check dates, [bekräftas] (scripts/content/claims.py).
            problems.extend(claims.check_page(page, bib))
            if isinstance(page.meta.get("sources"), list):
                cited.update(page.meta["sources"])
    problems.extend(_redirect_collisions(pages))
    problems.extend(glossary.validate(bib))
    problems.extend(data.strings_problems())
    cited.update(glossary.cited_sources())
    lines = data.bibliography_lines()
    for key in bib:
        if key not in cited:
            problems.append(Problem(bib_file, lines.get(key), key, "this source is not cited by any page.",
                                    "", "cite it from a page's sources, or remove it.", severity="warning"))
    return problems


def _redirect_collisions(pages: list[Page]) -> list[Problem]:
    """A `redirect_from` path that is the address of a page that exists, or that
    another page claims too: a redirect there would be skipped or would win."""
    addresses = {key_to_url(p.key): p.key for p in pages}
    claimed: dict[str, str] = {}
    problems = []
    for page in pages:
        olds = page.meta.get("redirect_from") if page.meta else None
        if not isinstance(olds, list) or any(not (isinstance(o, str) and schema.OLD_PATH_RE.match(o)) for o in olds):
            continue  # the schema reports a malformed list
        line = page.lines.get("redirect_from")
        for old in olds:
            url = key_to_url(old)
            if url in addresses:
                problems.append(Problem(page.rel, line, "redirect_from",
                                        f"{old!r} is the address of an existing page ({addresses[url]}).",
                                        "a path no page has any more",
                                        "remove the entry: a page that still exists needs no redirect."))
            elif claimed.get(url, page.key) != page.key:
                problems.append(Problem(page.rel, line, "redirect_from",
                                        f"{old!r} is also listed by {claimed[url]}.",
                                        "each old path listed by one page only",
                                        "keep the entry on the page that now has that content."))
            else:
                claimed[url] = page.key
    return problems

