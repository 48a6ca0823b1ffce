"""Page weight from the built files: what a reader's browser downloads for a
page, compressed, without a browser.

For each HTML page: its gzip size, and the first-visit total, which adds the
gzip size of every same-origin file the page references and a browser loads
with it: stylesheets, scripts, images, icons, and the fonts and images the
stylesheets reference (url(...), followed through @import). Feeds, hreflang
alternates and links to other pages are not loaded and do not count; neither
does the search index, which loads only when the reader searches.

The budgets (tracker issue #23, lowered from quality.md §3.2's 100 KB): a
first visit at most 65 KB compressed on every page and 55 KB on the median
page; a page's HTML at most 15 KB compressed, and 6 KB on the median page
(5.2 KB in December 2026, down from 6.9 KB before issue #23).
tests/test_page_weight.py checks every page; make bench measures the same in
Chromium (scripts/benchmarks/sitebench.py).
"""
from __future__ import annotations

import functools
import gzip
import posixpath
import re
import statistics
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

GZIP_LEVEL = 6          # the usual default of static hosts and of gzip itself
FIRST_VISIT_BUDGET = 65 * 1024
FIRST_VISIT_MEDIAN_BUDGET = 55 * 1024
HTML_BUDGET = 15 * 1024
HTML_MEDIAN_BUDGET = 6 * 1024
# Section print views (scripts/build/printview.py, /<section>/skriv-ut/) hold a whole
# menu section on one page, for printing: a reader opens one from its section's
# index page on purpose, to print it, instead of opening every page. They are
# not indexed, not in the sitemap and not in the menu. Their own limits:
PRINT_VIEW_SUFFIX = "/skriv-ut/"
PRINT_VIEW_HTML = 60 * 1024
PRINT_VIEW_FIRST_VISIT = 160 * 1024


def is_print_view(url: str) -> bool:
    return ("/" + url).endswith(PRINT_VIEW_SUFFIX)
SKIP_DIRS = ("pagefind", "assets", "search")

# Whitespace the browser folds anyway: a run holding a line break becomes one
# line break, except inside elements whose text is kept as written (<code> too:
# Material prints code with white-space: pre-wrap). Dropping the line breaks
# between tags as well saves next to nothing compressed (6 bytes on the median
# page, issue #23), so they stay.
_KEPT_RE = re.compile(r"(<(pre|textarea|script|style|code)\b.*?</\2\s*>)", re.S | re.I)
_FOLD_RE = re.compile(r"[ \t]*\n\s*")

CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
LOADED_LINKS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "manifest"}


@dataclass
class Weight:
    html: int                                   # gzip bytes of the page's HTML
    assets: dict[str, int] = field(default_factory=dict)   # site path -> gzip bytes
    missing: list[str] = field(default_factory=list)      # referenced, not in the site

    @property
    def first_visit(self) -> int:
        return self.html + sum(self.assets.values())


def compact(html: str) -> str:
    """`html` with the blank lines and indentation of its templates folded
    (about a tenth of a page's compressed size); what a browser renders is
    unchanged, and <pre>, <code>, <textarea>, <script> and <style> are left as written."""
    parts = _KEPT_RE.split(html)
    # split() returns text, kept element, its tag name, text, ...
    return "".join(_FOLD_RE.sub("\n", part) if i % 3 == 0 else part
                   for i, part in enumerate(parts) if i % 3 != 2)


def pages(site_dir: Path) -> list[Path]:
    """Every HTML page of a built site (not the search bundle or theme assets)."""
    site_dir = Path(site_dir)
    return sorted(p for p in site_dir.rglob("*.html") if p.relative_to(site_dir).parts[0] not in SKIP_DIRS)


def is_redirect(path: Path) -> bool:
    """A redirect stub (an old or stable address that leads on), not a page."""
    return 'http-equiv="refresh"' in path.read_text(encoding="utf-8", errors="replace")[:2000]


def url_of(site_dir: Path, path: Path) -> str:
    rel = path.relative_to(site_dir).as_posix()
    return rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel


def file_of(url: str) -> str:
    return url + "index.html" if not url or url.endswith("/") else url


def gzip_size(path: Path) -> int:
    stat = path.stat()
    return _gzip_size(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4096)
def _gzip_size(path: Path, mtime_ns: int, size: int) -> int:
    return len(gzip.compress(path.read_bytes(), GZIP_LEVEL, mtime=0))


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link":
            rels = set((a.get("rel") or "").lower().split())
            if rels & LOADED_LINKS and a.get("href"):
                self.refs.append(a["href"])
        elif tag in ("script", "img", "iframe", "embed", "audio", "video", "source", "track") and a.get("src"):
            self.refs.append(a["src"])
        if a.get("srcset"):
            self.refs += [part.strip().split()[0] for part in a["srcset"].split(",") if part.strip()]
        if tag == "video" and a.get("poster"):
            self.refs.append(a["poster"])
        if tag == "object" and a.get("data"):
            self.refs.append(a["data"])


def _resolve(site_dir: Path, from_file: Path, ref: str) -> Path | None:
    """The site file a same-origin reference points at, or None for another origin or data:."""
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or ref.startswith(("#", "data:")) or not parts.path:
        return None
    if parts.path.startswith("/"):
        rel = parts.path.lstrip("/")
    else:
        base = from_file.parent.relative_to(site_dir).as_posix()
        rel = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    if rel.startswith(".."):
        return site_dir / "__outside__" / rel
    target = site_dir / rel
    return target / "index.html" if target.is_dir() else target


def _referenced(site_dir: Path, from_file: Path, refs: list[str], seen: set[Path]) -> list[Path]:
    """The files `refs` point at from `from_file`, and, for style sheets, the files
    they import in turn (fonts, images), each once."""
    found = []
    for ref in refs:
        target = _resolve(site_dir, from_file, ref)
        if target is None or target in seen:
            continue
        seen.add(target)
        found.append(target)
        if target.suffix == ".css" and target.is_file():
            text = target.read_text(encoding="utf-8", errors="replace")
            css_refs = [(m.group(2) or m.group(4) or "").strip() for m in CSS_URL_RE.finditer(text)]
            found += _referenced(site_dir, target, css_refs, seen)
    return found


def weigh(site_dir: Path, page: Path) -> Weight:
    site_dir = Path(site_dir)
    parser = _Refs()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    weight = Weight(html=gzip_size(page))
    targets = _referenced(site_dir, page, parser.refs, set())
    for target in targets:
        key = target.relative_to(site_dir).as_posix() if target.is_relative_to(site_dir) else str(target)
        if target.is_file():
            weight.assets[key] = gzip_size(target)
        else:
            weight.missing.append(key)
    return weight


def over_budget(site_dir: Path, html_limits: dict[str, int] | None = None) -> list[str]:
    """One line per page over budget (or with a referenced file missing).
    `html_limits` gives single pages a larger HTML budget: {url: bytes}."""
    site_dir = Path(site_dir)
    html_limits = html_limits or {}
    problems = []
    first_visits, htmls = [], []
    for page in pages(site_dir):
        url = url_of(site_dir, page)
        weight = weigh(site_dir, page)
        if not is_redirect(page):
            first_visits.append(weight.first_visit)
            htmls.append(weight.html)
        html_limit = html_limits.get(url, HTML_BUDGET)
        if weight.html > html_limit:
            problems.append(f"/{url}: HTML {weight.html / 1024:.1f} KB compressed, budget {html_limit / 1024:.0f} KB")
        if weight.first_visit > FIRST_VISIT_BUDGET:
            biggest = sorted(weight.assets.items(), key=lambda kv: kv[1], reverse=True)[:3]
            problems.append(f"/{url}: first visit {weight.first_visit / 1024:.1f} KB compressed, budget "
                            f"{FIRST_VISIT_BUDGET / 1024:.0f} KB (largest files: "
                            + ", ".join(f"{name} {size / 1024:.1f} KB" for name, size in biggest) + ")")
        if weight.missing:
            problems.append(f"/{url}: references files that are not in the site: {', '.join(weight.missing)}")
    for name, values, budget in (("first visit", first_visits, FIRST_VISIT_MEDIAN_BUDGET),
                                 ("HTML", htmls, HTML_MEDIAN_BUDGET)):
        if values and statistics.median(values) > budget:
            problems.append(f"median page: {name} {statistics.median(values) / 1024:.1f} KB compressed, "
                            f"budget {budget / 1024:.1f} KB for the median of {len(values)} pages")
    return problems
