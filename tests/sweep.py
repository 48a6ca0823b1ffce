"""One pass of Chromium over built pages: axe-core at two widths, and every
request, failed response, console error, cookie and browser-storage key
recorded on the way.

test_accessibility.py, test_privacy.py and test_clean_load.py read the same
pass (`shared_sweep` remembers it for the session), so each page is loaded
once per width. Redirect stubs are loaded too (the clean-load gate follows
them to where they lead); axe runs on the other pages. The planted-defect
tests run the same functions over a copy of the site.

Speed: one browser, one page per width, reused for every URL; the two widths
run side by side (one page's axe run overlaps the other's load); axe is added
to each page as an init script (no extra round trip); nothing waits beyond
the load event.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

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


def axe_violations(page) -> list:
    """axe's violations on the page as it is now (AXE_TAGS, no rule switched off):
    [{'id': ..., 'nodes': [selector, ...]}, ...]."""
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate("""async (tags) => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))}));
    }""", AXE_TAGS)


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
    failed: list[str] = field(default_factory=list)     # "404 <address>", "net::ERR_… <address>"
    console: list[str] = field(default_factory=list)    # console errors and uncaught exceptions
    redirect: bool = False                              # a redirect stub: followed, not checked by axe


@dataclass
class Sweep:
    visits: list[Visit]
    cookies: dict[int, list]       # width -> cookies the browser holds after the pass


def watch(page, current) -> set:
    """Record on the Visit that `current()` returns what `page` does: every
    request, every response with status >= 400, every request that fails
    (refused, blocked; not one the browser drops because the next page is
    opened), every console error and every uncaught exception. A response is
    booked to the visit that made its request. Returns the set of requests
    still waiting for an answer (see `settle`)."""
    owner: dict = {}
    pending: set = set()

    def on_request(request):
        visit = current()
        if visit is not None:
            visit.requests.append(request.url)
            owner[request] = visit
            # A page's own document is waited for by goto; a redirect's target is
            # swept on its own (follow_redirect). Chromium may never report either
            # as finished once the next page is opened.
            if not request.is_navigation_request():
                pending.add(request)

    def on_response(response):
        visit = owner.get(response.request)
        if visit is not None and response.status >= 400:
            visit.failed.append(f"{response.status} {response.url}")

    def on_failed(request):
        pending.discard(request)
        visit, failure = owner.get(request), request.failure or "failed"
        if visit is not None and "ERR_ABORTED" not in failure:
            visit.failed.append(f"{failure} {request.url}")

    def on_console(message):
        visit = current()
        if visit is not None and message.type == "error":
            where = message.location or {}
            at = f"{where.get('url') or visit.url}:{where.get('lineNumber', 0)}"
            visit.console.append(f"console error at {at}: {message.text}")

    def on_pageerror(error):
        visit = current()
        if visit is not None:
            visit.console.append(f"uncaught exception at {page.url}: {error}")

    page.on("request", on_request)
    page.on("response", on_response)
    page.on("requestfinished", lambda request: pending.discard(request))
    page.on("requestfailed", on_failed)
    page.on("console", on_console)
    page.on("pageerror", on_pageerror)
    return pending


def settle(page, pending: set, rounds: int = 100) -> None:
    """Let the page's own requests (fetches started after the load event) get
    their answers before the next page is opened, so that each answer is
    booked to the page that asked. Waits at most rounds x 20 ms, then forgets
    what has not come: one request that never ends must not hold up every
    later page (it cost 2 s a page: make test took 51 minutes, 18 without)."""
    for _ in range(rounds):
        if not pending:
            return
        page.wait_for_timeout(20)
    pending.clear()


def redirect_target(path: Path, url: str) -> str | None:
    """Where a redirect stub's meta refresh leads, as an absolute address."""
    from scripts.checks.linkcheck import REFRESH_URL_RE
    meta = REFRESH_CONTENT_RE.search(path.read_text(encoding="utf-8", errors="replace")[:2000])
    match = meta and REFRESH_URL_RE.search(meta.group(1))
    return urljoin(url, match.group(1).strip()) if match else None


def run_sweep(browser, site: Path, base_url: str, pages: list[Path] | None = None,
              viewports=VIEWPORTS) -> Sweep:
    """Every page at every width. One browser page per width, each in its own
    context; the widths take turns, so one page's axe run overlaps the other's
    page load. A redirect stub is opened and followed to the page it leads
    to, without axe (that page is checked on its own)."""
    from conftest import html_pages, page_url
    pages = html_pages(site) if pages is None else pages
    visits: list[Visit] = []
    slots = []
    try:
        for width, height in viewports:
            context = browser.new_context(viewport={"width": width, "height": height})
            context.add_init_script(path=str(AXE_JS))
            page = context.new_page()
            slot = {"width": width, "context": context, "page": page, "visit": None}
            slot["pending"] = watch(page, lambda slot=slot: slot["visit"])
            slots.append(slot)
        for path in pages:
            rel, url = path.relative_to(site).as_posix(), base_url + page_url(site, path)
            redirect = is_redirect(path)
            for slot in slots:
                slot["visit"] = Visit(rel, url, slot["width"], redirect=redirect)
                visits.append(slot["visit"])
                if redirect:
                    open_redirect(slot["page"], slot["visit"])
                else:
                    slot["page"].goto(url, wait_until="load")
                    start_axe(slot["page"])
            for slot in slots:
                if redirect:
                    follow_redirect(slot["page"], slot["visit"], redirect_target(path, url))
                else:
                    result = collect_axe(slot["page"])
                    slot["visit"].violations = result["violations"]
                    slot["visit"].storage = result["storage"]
                    settle(slot["page"], slot["pending"])
        cookies = {slot["width"]: slot["context"].cookies() for slot in slots}
    finally:
        for slot in slots:
            slot["context"].close()
    return Sweep(visits, cookies)


def open_redirect(page, visit: Visit) -> None:
    """Start opening a redirect stub; `follow_redirect` waits for where it leads."""
    from playwright.sync_api import Error
    try:
        page.goto(visit.url, wait_until="commit")
    except Error as error:  # the refresh may replace the stub at once
        if "interrupted by another navigation" not in str(error):
            raise


def follow_redirect(page, visit: Visit, target: str | None) -> None:
    """Wait until the stub's refresh has reached `target` and its answer is in.
    The target page's own files are not waited for: that page is swept on
    its own, and what it still loads is booked to this visit."""
    from playwright.sync_api import Error
    if target is None:
        visit.failed.append(f"no refresh target in {visit.url}")
        return
    try:
        page.wait_for_url(target, wait_until="commit", timeout=15_000)
    except Error:
        visit.failed.append(f"did not lead to {target} (stayed at {page.url})")


REFRESH_RE = re.compile(r"<meta\s+http-equiv=[\"']?refresh", re.I)
REFRESH_CONTENT_RE = re.compile(r"<meta\s+http-equiv=[\"']?refresh[\"']?\s+content=[\"']([^\"']*)", re.I)


def is_redirect(path: Path) -> bool:
    """A redirect stub (such as an archive address for a page's current version):
    the browser leaves it at once, so axe has no page to check; the sweep
    follows it to its target. The link check (scripts/checks/linkcheck.py) proves
    where it points, and vnu checks its HTML."""
    return bool(REFRESH_RE.search(path.read_text(encoding="utf-8", errors="replace")[:2000]))


_SHARED: dict = {}


def shared_sweep(browser, site: Path, base_url: str) -> Sweep:
    """The pass over the real site, run once per test session whichever test asks first."""
    key = (str(site), base_url)
    if key not in _SHARED:
        _SHARED[key] = run_sweep(browser, site, base_url)
    return _SHARED[key]


@dataclass
class Interactions:
    """What a reader does beyond opening pages, played once at 1280 px: one
    Visit per step (named by page and step), what the browser stores, its cookies."""
    visits: list[Visit]
    done: list[str]
    storage: set[str]
    cookies: list


def switch_language(page, lang: str) -> None:
    page.locator(".md-select .md-header__button").first.hover()
    page.locator(f'.md-select__link[hreflang="{lang}"]').click()
    page.wait_for_load_state("load")


def run_interactions(browser, site: Path, base_url: str) -> Interactions:
    """The language switcher both ways, search in both languages (axe on the
    open results), a checklist ticked, reloaded and exported as CSV and
    Markdown, and its page in print media. Every step is watched as a page
    of the sweep is (`watch`), so `load_problems` and `foreign_requests`
    read it the same way."""
    from conftest import page_url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.add_init_script(path=str(AXE_JS))
    page = context.new_page()
    state = {"visit": None}
    pending = watch(page, lambda: state["visit"])
    visits, done = [], []

    def step(path: str, what: str) -> Visit:
        settle(page, pending)
        state["visit"] = Visit(f"{path} ({what})", base_url + path, 1280)
        visits.append(state["visit"])
        return state["visit"]

    try:
        step("roller/sis/", "language switch to English and back")
        page.goto(base_url + "roller/sis/", wait_until="load")
        switch_language(page, "en")
        assert page.url == base_url + "en/roller/sis/", page.url
        switch_language(page, "sv")
        assert page.url == base_url + "roller/sis/", page.url
        done.append("language switch")

        if 'role="search"' in (site / "index.html").read_text(encoding="utf-8"):
            for start, query in (("", "polis"), ("en/", "police")):
                visit = step(start, f"search for {query!r}")
                page.goto(base_url + start, wait_until="load")
                box = page.locator("input[type=search]").first
                box.fill(query)
                box.press("Enter")
                page.wait_for_load_state("networkidle")
                # The search interface, results open, is checked by axe as well.
                start_axe(page)
                visit.violations = collect_axe(page)["violations"]
            done.append("search")

        checklist = site / "checklistor" / "forsta-motet" / "index.html"
        if "kc-checklist__box" in checklist.read_text(encoding="utf-8"):
            path = page_url(site, checklist)
            step(path, "checklist: tick, reload, export, print media")
            page.goto(base_url + path, wait_until="load")
            page.locator("input.kc-checklist__box").first.check()
            page.reload(wait_until="load")
            assert page.locator("input.kc-checklist__box").first.is_checked(), "progress was not kept"
            for action in ("csv", "markdown"):
                with page.expect_download() as download:
                    page.locator(f'[data-kc-action="{action}"]').click()
                assert download.value.suggested_filename, action
            page.emulate_media(media="print")
            page.locator("[data-kc-printinfo]").wait_for(state="visible")
            page.emulate_media(media="screen")
            done.append("checklist")

        settle(page, pending)
        state["visit"] = None
        storage = set(page.evaluate("() => [...Object.keys(localStorage).map(k => 'localStorage:' + k),"
                                    " ...Object.keys(sessionStorage).map(k => 'sessionStorage:' + k)]"))
        cookies = context.cookies()
    finally:
        context.close()
    return Interactions(visits, done, storage, cookies)


def shared_interactions(browser, site: Path, base_url: str) -> Interactions:
    """The interactions on the real site, played once per test session."""
    key = ("interactions", str(site), base_url)
    if key not in _SHARED:
        _SHARED[key] = run_interactions(browser, site, base_url)
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


def origin(url: str) -> tuple:
    """Scheme, host and port of an address (a blob: address has the origin of
    the page that made it)."""
    if url.startswith("blob:"):
        url = url[len("blob:"):]
    parts = urlsplit(url)
    return parts.scheme, parts.hostname, parts.port or {"http": 80, "https": 443}.get(parts.scheme)


def same_origin(url: str, page: str) -> bool:
    """A request that stays on the origin (scheme, host and port) of `page`,
    the address the browser opened. data: and about: addresses load nothing."""
    if urlsplit(url).scheme in ("data", "about"):
        return True
    return origin(url) == origin(page)


def foreign_requests(visits: list[Visit]) -> list[str]:
    """One line per page and address of another origin than the page's own.

    No exception: the one navigation to another origin the site makes is the
    quick exit on pages for people at risk, and only when the reader presses it
    (or Escape twice). The sweep never does; tests/test_task_first.py presses it
    and allows exactly that one navigation, to the configured neutral site."""
    seen, lines = set(), []
    for visit in visits:
        for url in visit.requests:
            if not same_origin(url, visit.url) and (visit.file, url) not in seen:
                seen.add((visit.file, url))
                lines.append(f"{visit.file} at {visit.width} px: request to another origin: {url}")
    return lines


def load_problems(visits: list[Visit]) -> list[str]:
    """The clean-load gate, one line per problem naming the page, the width
    and the address: responses with status >= 400 and failed requests,
    console errors and uncaught exceptions, requests to another origin."""
    lines = []
    for visit in visits:
        where = f"{visit.file} at {visit.width} px"
        lines += [f"{where}: failed response: {failure}" for failure in visit.failed]
        lines += [f"{where}: {message}" for message in visit.console]
    return lines + foreign_requests(visits)


def planted_copy(site_dir: Path, tmp_path: Path, snippets: dict[str, str]) -> Path:
    """A copy of the built site with each snippet put after the first heading
    of its page (paths relative to the site)."""
    import shutil
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    for target, snippet in snippets.items():
        page = site / target
        page.write_text(page.read_text(encoding="utf-8").replace("</h1>", "</h1>" + snippet, 1), encoding="utf-8")
    return site


def sweep_with_planted(browser, site_dir: Path, tmp_path: Path, target: str, snippet: str,
                       others: list[str], viewports) -> Sweep:
    """Copy the built site, put `snippet` after the first heading of `target`,
    and sweep that page and `others` (paths relative to the site): how a test
    proves that a gate fails on a planted defect and names the file."""
    from conftest import serve
    site = planted_copy(site_dir, tmp_path, {target: snippet})
    httpd = serve(site)
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        return run_sweep(browser, site, base, pages=[site / target, *(site / o for o in others)], viewports=viewports)
    finally:
        httpd.shutdown()
