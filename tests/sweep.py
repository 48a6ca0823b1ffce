"""One pass of Chromium over built pages: axe-core at two widths, and every
request, cookie and browser-storage key recorded on the way.

test_accessibility.py and test_privacy.py read the same pass (`shared_sweep`
remembers it for the session), so each page is loaded once per width.
The planted-defect tests run the same function over a copy of the site.

Speed: one browser, one page per width, reused for every URL; the two widths
run side by side (one page's axe run overlaps the other's load); axe is added
to each page as an init script (no extra round trip); nothing waits beyond
the load event.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.0, 2.1 and 2.2 A and AA, plus Deque's best practices. axe tags are
# per WCAG version, not cumulative, so every level is listed.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Rules switched off, rule id -> reason. Empty: every rule of the tags runs.
DISABLED_RULES: dict[str, str] = {}

# Elements left out of the check, CSS selector -> reason. Empty: whole pages are checked.
EXCLUDED: dict[str, str] = {}

# Desktop and a small phone.
VIEWPORTS = [(1280, 900), (375, 812)]

# Starts axe and returns at once; _COLLECT waits for the result. Split in two
# so that both widths' pages run axe at the same time (two renderer processes).
_START_AXE = """([tags, disabled, exclude]) => {
  const context = exclude.length ? {exclude: exclude.map(s => [s])} : document;
  const rules = Object.fromEntries(disabled.map(id => [id, {enabled: false}]));
  window.__kcAxe = axe.run(context, {runOnly: {type: 'tag', values: tags}, rules,
                                     resultTypes: ['violations']}).then(result => ({
    violations: result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary || ''})),
    })),
    storage: [...Object.keys(localStorage).map(k => 'localStorage:' + k),
              ...Object.keys(sessionStorage).map(k => 'sessionStorage:' + k)],
  }));
  return true;
}"""
_COLLECT = "() => window.__kcAxe"


def start_axe(page) -> None:
    page.evaluate(_START_AXE, [AXE_TAGS, list(DISABLED_RULES), list(EXCLUDED)])


def collect_axe(page) -> dict:
    """{'violations': [...], 'storage': [...]} of the axe run started on `page`."""
    return page.evaluate(_COLLECT)


@dataclass
class Visit:
    """One built page at one width."""

    file: str                      # path in the built site, e.g. "roller/sis/index.html"
    url: str
    width: int
    violations: list[dict] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    storage: list[str] = field(default_factory=list)


@dataclass
class Sweep:
    visits: list[Visit]
    cookies: dict[int, list]       # width -> cookies the browser holds after the pass


def run_sweep(browser, site: Path, base_url: str, pages: list[Path] | None = None,
              viewports=VIEWPORTS) -> Sweep:
    """Every page at every width. One browser page per width, each in its own
    context; the widths take turns, so one page's axe run overlaps the other's
    page load."""
    from conftest import html_pages, page_url
    pages = [p for p in (html_pages(site) if pages is None else pages) if not is_redirect(p)]
    visits: list[Visit] = []
    slots = []
    try:
        for width, height in viewports:
            context = browser.new_context(viewport={"width": width, "height": height})
            context.add_init_script(path=str(AXE_JS))
            page = context.new_page()
            slot = {"width": width, "context": context, "page": page, "visit": None}
            page.on("request", lambda request, slot=slot: slot["visit"] and slot["visit"].requests.append(request.url))
            slots.append(slot)
        for path in pages:
            rel, url = path.relative_to(site).as_posix(), base_url + page_url(site, path)
            for slot in slots:
                slot["visit"] = Visit(rel, url, slot["width"])
                visits.append(slot["visit"])
                slot["page"].goto(url, wait_until="load")
                start_axe(slot["page"])
            for slot in slots:
                result = collect_axe(slot["page"])
                slot["visit"].violations = result["violations"]
                slot["visit"].storage = result["storage"]
        cookies = {slot["width"]: slot["context"].cookies() for slot in slots}
    finally:
        for slot in slots:
            slot["context"].close()
    return Sweep(visits, cookies)


REFRESH_RE = re.compile(r"<meta\s+http-equiv=[\"']?refresh", re.I)


def is_redirect(path: Path) -> bool:
    """A redirect stub (such as an archive address for a page's current version):
    the browser leaves it at once, so there is no page to check in the browser.
    The link check (scripts/linkcheck.py) proves where it points, and vnu checks its HTML."""
    return bool(REFRESH_RE.search(path.read_text(encoding="utf-8", errors="replace")[:2000]))


_SHARED: dict = {}


def shared_sweep(browser, site: Path, base_url: str) -> Sweep:
    """The pass over the real site, run once per test session whichever test asks first."""
    key = (str(site), base_url)
    if key not in _SHARED:
        _SHARED[key] = run_sweep(browser, site, base_url)
    return _SHARED[key]


def axe_report(visits: list[Visit]) -> list[str]:
    """One line per violation: the file, the width, the rule and where on the page."""
    lines = []
    for visit in visits:
        for v in visit.violations:
            targets = "; ".join(n["target"] for n in v["nodes"][:5])
            detail = v["nodes"][0]["summary"].replace("\n", " ") if v["nodes"] else ""
            lines.append(f"{visit.file} at {visit.width} px: {v['id']} ({v['impact']}) {v['help']} "
                         f"[{len(v['nodes'])} element(s): {targets}] {detail[:300]}")
    return lines


def is_local(url: str) -> bool:
    """A request that stays on this machine.

    The host is compared, not the port: the test build's site_url is the dev
    server's address (http://127.0.0.1:8000/), and Material fetches a
    sitemap.xml next to every hreflang alternate, which are absolute URLs.
    Any other host is a request to another origin and fails.
    """
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname == "127.0.0.1"


def foreign_requests(visits: list[Visit]) -> list[str]:
    seen, lines = set(), []
    for visit in visits:
        for url in visit.requests:
            if not is_local(url) and (visit.file, url) not in seen:
                seen.add((visit.file, url))
                lines.append(f"{visit.file} at {visit.width} px: request to another origin: {url}")
    return lines


def sweep_with_planted(browser, site_dir: Path, tmp_path: Path, target: str, snippet: str,
                       others: list[str], viewports) -> Sweep:
    """Copy the built site, put `snippet` after the first heading of `target`,
    and sweep that page and `others` (paths relative to the site): how a test
    proves that a gate fails on a planted defect and names the file."""
    import shutil
    from conftest import serve
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    page = site / target
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", "</h1>" + snippet, 1), encoding="utf-8")
    httpd = serve(site)
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        return run_sweep(browser, site, base, pages=[page, *(site / o for o in others)], viewports=viewports)
    finally:
        httpd.shutdown()
