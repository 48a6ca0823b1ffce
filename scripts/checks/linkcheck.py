"""Links in the built site: every internal link and anchor must resolve.

MkDocs' strict build already checks links between Markdown pages; this reads
the finished HTML, so it also covers what templates, hooks and generators
write (footer, facts box, sources, archive redirects, sitemaps are not HTML
and are left out). For every .html file under the site folder:

- every href (a, area, link), src (img, script, iframe, source, audio, video)
  and meta refresh target is resolved against the page's own address;
- a directory address means its index.html; a path must exist in the site;
- a #fragment must exist as an id (or an <a name>) in the target page.

Addresses under the site's own published address (site_url, read from the
start page's canonical link) count as internal. Other http(s) addresses are
external: `python -m scripts links --external` asks each one with HTTP HEAD
and reports what answers badly. That check needs the network, never fails the
command and never runs in the tests.
"""
from __future__ import annotations

import concurrent.futures
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from ..content.schema import Problem

LINK_ATTRS = {"a": "href", "area": "href", "link": "href", "img": "src", "script": "src",
              "iframe": "src", "source": "src", "audio": "src", "video": "src", "embed": "src"}
SKIP_SCHEMES = {"mailto", "tel", "javascript", "data", "blob", "about"}
REFRESH_URL_RE = re.compile(r"url\s*=\s*['\"]?([^'\"]+)", re.I)


@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, int]] = field(default_factory=list)   # (address, line)
    canonical: str | None = None


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        line = self.getpos()[0]
        if a.get("id"):
            self.page.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.page.ids.add(a["name"])
        if tag == "link" and (a.get("rel") or "").lower() == "canonical" and a.get("href"):
            self.page.canonical = a["href"]
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            m = REFRESH_URL_RE.search(a.get("content") or "")
            if m:
                self.page.links.append((m.group(1).strip(), line))
        attr = LINK_ATTRS.get(tag)
        if attr and a.get(attr) is not None:
            self.page.links.append((a[attr].strip(), line))

    handle_startendtag = handle_starttag


def parse(path: Path) -> ParsedPage:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser.page


def site_url_of(site: Path) -> str | None:
    """The published address the site was built for: the start page's canonical link."""
    index = site / "index.html"
    if not index.exists():
        return None
    canonical = parse(index).canonical
    return canonical if canonical and urlsplit(canonical).scheme in ("http", "https") else None


class LinkCheck:
    """Reads each page once; `internal_problems` and `external_links` work from that."""

    def __init__(self, site: Path, site_url: str | None = None):
        self.site = Path(site)
        self.site_url = site_url if site_url is not None else site_url_of(self.site)
        self.pages: dict[str, ParsedPage] = {}
        for path in sorted(self.site.rglob("*.html")):
            self.pages[path.relative_to(self.site).as_posix()] = parse(path)

    def _classify(self, rel: str, address: str) -> tuple[str, str | None, str]:
        """('skip'|'external'|'internal', target file or None, fragment)."""
        if not address or address.startswith("#") and len(address) == 1:
            return "skip", None, ""
        parts = urlsplit(address)
        if parts.scheme in SKIP_SCHEMES:
            return "skip", None, ""
        if parts.scheme in ("http", "https") or address.startswith("//"):
            if self.site_url and address.startswith(self.site_url):
                address = "/" + address[len(self.site_url):]
                parts = urlsplit(address)
            else:
                return "external", None, ""
        elif parts.scheme:
            return "external", None, ""
        resolved = urlsplit(urljoin("/" + rel, address))
        path = unquote(resolved.path).lstrip("/")
        if path == "" or path.endswith("/"):
            path += "index.html"
        elif (self.site / path).is_dir():
            path += "/index.html"
        return "internal", path, unquote(resolved.fragment)

    def internal_problems(self) -> list[Problem]:
        problems = []
        for rel, page in self.pages.items():
            for address, line in page.links:
                kind, target, fragment = self._classify(rel, address)
                if kind != "internal":
                    continue
                where = f"{self.site.name}/{rel}"
                if not (self.site / target).is_file():
                    problems.append(Problem(where, line, None, f"links to {address!r}, which does not exist "
                                            f"(looked for {target}).", "a page or file in the built site",
                                            "Correct the link in the page's Markdown, template or data file."))
                elif fragment and target.endswith(".html"):
                    ids = self.pages[target].ids if target in self.pages else parse(self.site / target).ids
                    if fragment not in ids:
                        problems.append(Problem(where, line, None, f"links to {address!r}, but {target} has no "
                                                f"element with id {fragment!r}.", "an id in the target page",
                                                "Link to a heading that exists, or give the heading that id."))
        return problems

    def external_links(self) -> dict[str, list[str]]:
        """External address -> the pages that link to it."""
        found: dict[str, list[str]] = {}
        for rel, page in self.pages.items():
            for address, _ in page.links:
                if self._classify(rel, address)[0] == "external":
                    url = address if not address.startswith("//") else "https:" + address
                    found.setdefault(url.split("#", 1)[0], []).append(rel)
        return found


def check_internal(site: Path, site_url: str | None = None) -> list[Problem]:
    return LinkCheck(site, site_url).internal_problems()


def head(url: str, timeout: float = 15.0) -> str | None:
    """None when the address answers well; otherwise what went wrong."""
    headers = {"User-Agent": "kunskapscentrum-linkcheck (python urllib)"}
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                return None
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue  # some servers refuse HEAD; ask once more with GET
            return f"HTTP {exc.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            return f"no answer ({getattr(exc, 'reason', exc)})"
    return None


def check_external(links: dict[str, list[str]], workers: int = 8) -> dict[str, str]:
    """External address -> problem, for those that do not answer well."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        results = dict(zip(links, pool.map(head, links)))
    return {url: problem for url, problem in results.items() if problem}


def main(site: Path, external: bool = False) -> int:
    """python -m scripts links: internal problems fail (exit 1); external ones are only reported."""
    if not (site / "index.html").exists():
        print(f"{site} holds no built site: run python -m scripts build first.")
        return 2
    check = LinkCheck(site)
    problems = check.internal_problems()
    for p in problems:
        print(p)
    count = sum(len(page.links) for page in check.pages.values())
    print(f"{len(check.pages)} pages, {count} links and addresses: {len(problems)} broken internal link(s).")
    if external:
        links = check.external_links()
        print(f"\nChecking {len(links)} external addresses with HTTP HEAD (reported, not failing)...")
        bad = check_external(links)
        for url, problem in sorted(bad.items()):
            pages = sorted(set(links[url]))
            more = f" and {len(pages) - 3} more" if len(pages) > 3 else ""
            print(f"  {problem}: {url}  (on {', '.join(pages[:3])}{more})")
        print(f"{len(links) - len(bad)} answered, {len(bad)} did not.")
    return 1 if problems else 0
