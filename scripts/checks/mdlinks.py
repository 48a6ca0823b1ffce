"""A fast link check on Markdown sources, without a build.

    python -m scripts check --links docs/sv/roller/sis.md docs/en/roller/sis.md
    python -m scripts check --links          (every page)

For the pre-commit hook: every relative link in the given pages must point at a
file that exists (an English page may link to a page that exists only in
Swedish: the reader gets the Swedish fallback), and every #anchor at a heading
or id on the target page. Pages are rendered with the Markdown extensions of
mkdocs.yml, so links inside code are ignored and heading ids are the ones the
site will have. Anchors on pages whose body is generated (`generate:` in the
front matter) are left to the build, which knows the generated headings.
Links to other sites are not fetched. The full build (`python -m scripts build`,
strict) remains the complete check.
"""
from __future__ import annotations

import functools
import html
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

import markdown
import yaml

from ..content import data
from ..content.pages import Page, read_page
from ..content.schema import Problem

HREF_RE = re.compile(r"""<(?:a|img)\s[^>]*?(?:href|src)="([^"]*)\"""", re.I)
ID_RE = re.compile(r"""\sid="([^"]+)\"""")
SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
SKIP_EXTENSIONS = {"pymdownx.snippets"}  # needs the build's base path; the build checks it


@functools.lru_cache(maxsize=None)
def _extensions(root: str) -> tuple[list, dict]:
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((Path(root) / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader) or {}
    names, configs = [], {}
    for item in config.get("markdown_extensions") or []:
        name, options = (next(iter(item.items())) if isinstance(item, dict) else (item, None))
        if name in SKIP_EXTENSIONS:
            continue
        names.append(name)
        if options:
            configs[name] = options
    return names, configs


def render(page: Page, root: Path) -> str:
    names, configs = _extensions(str(root))
    return markdown.Markdown(extensions=names, extension_configs=configs).convert(page.body)


class _Pages:
    """Pages read once each, rendered on demand."""

    def __init__(self, root: Path):
        self.root = root
        self.docs = root / "docs"
        self._pages: dict[Path, Page] = {}
        self._html: dict[Path, str] = {}

    def page(self, path: Path) -> Page:
        if path not in self._pages:
            self._pages[path] = read_page(path, self.docs)
        return self._pages[path]

    def html(self, path: Path) -> str:
        if path not in self._html:
            self._html[path] = render(self.page(path), self.root)
        return self._html[path]

    def ids(self, path: Path) -> set[str]:
        return set(ID_RE.findall(self.html(path)))


def _target(pages: _Pages, page: Page, path: str) -> Path | None:
    """The file a relative link resolves to, with the English→Swedish fallback."""
    key = posixpath.normpath(posixpath.join(posixpath.dirname(page.key), path))
    if key.startswith("../") or key == "..":
        return None
    for lang in (page.lang, data.DEFAULT_LANG):
        candidate = pages.docs / lang / key
        if candidate.is_file():
            return candidate
    return None


def check_page(pages: _Pages, path: Path) -> list[Problem]:
    page = pages.page(path)
    problems: list[Problem] = []
    seen = set()
    for raw in HREF_RE.findall(pages.html(path)):
        href = html.unescape(raw)
        if href in seen or not href or SCHEME_RE.match(href) or href.startswith("//"):
            continue
        seen.add(href)
        line = page.line_of(href) or page.line_of(raw)

        def problem(text: str, expected: str, fix: str) -> None:
            problems.append(Problem(page.rel, line, None, f"link {href!r}: {text}", expected, fix))

        target_part, _, anchor = href.partition("#")
        target_part = unquote(target_part)
        if target_part.startswith("/"):
            problem("absolute link; the site may live in a sub-folder and the English site is under /en/.",
                    "a relative link to the page's .md file", "write the path relative to this page, "
                    "e.g. ../roller/sis.md.")
            continue
        if not target_part:
            target = path
        else:
            if target_part.endswith("/") or not posixpath.splitext(target_part)[1]:
                problem("links to a folder or an address, not to a file.", "a link to the .md file",
                        "link to the page's file, e.g. ../roller/index.md for a section's first page.")
                continue
            target = _target(pages, page, target_part)
            if target is None:
                problem(f"no such file in docs/{page.lang}/" + (" or docs/sv/" if page.lang != "sv" else "") + ".",
                        "the path of an existing page, relative to this one",
                        "correct the path (python -m scripts check --links checks it again).")
                continue
        if anchor and target.suffix == ".md":
            target_page = pages.page(target)
            if target_page.meta.get("generate"):
                continue
            if anchor not in pages.ids(target):
                rel = target.relative_to(pages.root).as_posix()
                problem(f"{rel} has no heading or id {anchor!r}.",
                        "the id of a heading on that page (lower case, hyphens, å/ä/ö written a/a/o)",
                        f"check the heading in {rel} and the part after # in the link.")
    return problems


def check(files: list[str] | None, root: Path | None = None) -> tuple[list[Problem], int]:
    """(problems, number of pages checked) for the given files; None or [] checks every page."""
    root = root or data.root_dir()
    pages = _Pages(root)
    if files:
        paths = []
        for name in files:
            p = Path(name)
            p = p if p.is_absolute() else (Path.cwd() / p)
            try:
                rel = p.resolve().relative_to(pages.docs.resolve())
            except ValueError:
                continue
            if rel.parts and rel.parts[0] in data.LANGS and p.suffix == ".md" and p.is_file():
                paths.append(pages.docs / rel)
    else:
        paths = [p for lang in data.LANGS for p in sorted((pages.docs / lang).rglob("*.md"))]
    problems = []
    for p in paths:
        problems.extend(check_page(pages, p))
    return problems, len(paths)
