"""Clean load: every built page opens without a failed request, without a
console error and without asking any origin but its own.

Read from the one browser pass over the site (tests/sweep.py, shared with
the accessibility and privacy checks): every built page, archived versions
and redirect stubs included (a stub is followed to where it leads), at
1280 px and 375 px. The gate (sweep.load_problems) is zero of each:
- responses with status >= 400, and requests that fail (refused, blocked);
- console errors and uncaught exceptions;
- requests to another origin (scheme, host and port) than the page's own.
The same gate reads the interactions (sweep.shared_interactions): the
language switcher both ways, search in both languages, a checklist ticked,
reloaded and exported, and its page in print media.

The site is built for one address (SITE_URL, conftest.site_url) and served
from another port of the same host, so a request built from the configured
address instead of the page's own is caught: that is how Material's script
asked for a sitemap.xml beside every hreflang address (overrides/main.html).
Planted defects (a missing file, a console error, an uncaught exception, a
request to another port, a redirect stub that leads to a missing page) each
fail the gate naming the page and the address.
"""
from __future__ import annotations

import re

import pytest

from conftest import html_pages, serve
from sweep import (VIEWPORTS, foreign_requests, is_redirect, load_problems, origin, planted_copy,
                   run_sweep, shared_interactions, shared_sweep)

pytestmark = pytest.mark.browser


def test_the_site_is_served_from_another_port_than_its_site_url(site_dir, site_url, base_url):
    assert origin(site_url)[:2] == origin(base_url)[:2] and origin(site_url) != origin(base_url)
    assert site_url in (site_dir / "roller" / "polisen" / "index.html").read_text(encoding="utf-8")


def test_every_page_loads_clean_at_both_widths(browser, site_dir, base_url):
    sweep = shared_sweep(browser, site_dir, base_url)
    pages = html_pages(site_dir)
    expected = {(p.relative_to(site_dir).as_posix(), w) for p in pages for w, _ in VIEWPORTS}
    assert {(v.file, v.width) for v in sweep.visits} == expected
    assert any(v.redirect for v in sweep.visits), "no redirect stub was followed"
    assert any("/arkiv/" in "/" + v.file and not v.redirect for v in sweep.visits), "no archived version"
    problems = load_problems(sweep.visits)
    assert not problems, f"{len(problems)} problem(s) loading the built pages:\n" + "\n".join(problems)


def test_search_language_switch_checklist_and_print_load_clean(browser, site_dir, base_url):
    played = shared_interactions(browser, site_dir, base_url)
    assert played.done == ["language switch", "search", "checklist"]
    problems = load_problems(played.visits)
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def planted(browser, site_dir, tmp_path_factory):
    """One copy of the site with a defect planted in each of five pages, swept
    at 1280 px with a sixth page left as it is."""
    tmp = tmp_path_factory.mktemp("planted")
    other = serve(tmp_path_factory.mktemp("other-origin"))  # answers 200: only the origin is wrong
    other_url = f"http://127.0.0.1:{other.server_address[1]}/"
    site = planted_copy(site_dir, tmp, {
        "roller/sis/index.html": '<img src="kc-planted-missing.png" alt="" width="1" height="1">',
        "roller/polisen/index.html": '<script>console.error("kc planted console error")</script>',
        "roller/skatteverket/index.html": '<script>throw new Error("kc planted exception")</script>',
        "roller/kriminalvarden/index.html": f'<img src="{other_url}" alt="" width="1" height="1">',
    })
    stub = next(p for p in html_pages(site) if is_redirect(p))
    html = stub.read_text(encoding="utf-8")
    stub.write_text(re.sub(r'url=[^"]+', "url=kc-planted-missing/", html, count=1), encoding="utf-8")
    pages = [site / rel for rel in ("roller/sis/index.html", "roller/polisen/index.html",
                                    "roller/skatteverket/index.html", "roller/kriminalvarden/index.html",
                                    "roller/socialtjansten/index.html")] + [stub]
    httpd = serve(site)
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        sweep = run_sweep(browser, site, base, pages=pages, viewports=VIEWPORTS[:1])
    finally:
        httpd.shutdown()
        other.shutdown()
    return {"visits": {v.file: v for v in sweep.visits}, "base": base, "other": other_url,
            "stub": stub.relative_to(site).as_posix()}


def _problems(planted, file: str) -> list[str]:
    problems = load_problems([planted["visits"][file]])
    assert problems, f"the planted defect in {file} did not fail the gate"
    assert all(p.startswith(f"{file} at 1280 px: ") for p in problems), problems
    return problems


def test_a_planted_missing_file_fails_and_names_page_and_address(planted):
    address = planted["base"] + "roller/sis/kc-planted-missing.png"
    problems = _problems(planted, "roller/sis/index.html")
    assert f"roller/sis/index.html at 1280 px: failed response: 404 {address}" in problems, problems


def test_a_planted_console_error_fails_and_names_page_and_address(planted):
    problems = _problems(planted, "roller/polisen/index.html")
    assert any(re.fullmatch(rf"roller/polisen/index\.html at 1280 px: console error at "
                            rf"{re.escape(planted['base'])}roller/polisen/:\d+: kc planted console error", p)
               for p in problems), problems


def test_a_planted_uncaught_exception_fails_and_names_page_and_address(planted):
    problems = _problems(planted, "roller/skatteverket/index.html")
    assert any(p.startswith("roller/skatteverket/index.html at 1280 px: uncaught exception at "
                            f"{planted['base']}roller/skatteverket/: ") and "kc planted exception" in p
               for p in problems), problems


def test_a_planted_request_to_another_port_fails_and_names_page_and_address(planted):
    """Same host, another port: the check compares origins, not host names."""
    line = f"roller/kriminalvarden/index.html at 1280 px: request to another origin: {planted['other']}"
    assert line in _problems(planted, "roller/kriminalvarden/index.html")
    # The privacy gate reads the same comparison, which alone fails it (the
    # server there answers; the browser may refuse to show the answer).
    assert foreign_requests([planted["visits"]["roller/kriminalvarden/index.html"]]) == [line]


def test_a_redirect_stub_to_a_missing_page_fails_and_names_stub_and_address(planted):
    stub = planted["stub"]
    address = planted["base"] + stub[: -len("index.html")] + "kc-planted-missing/"
    problems = _problems(planted, stub)
    assert f"{stub} at 1280 px: failed response: 404 {address}" in problems, problems


def test_the_page_left_as_it_is_passes(planted):
    assert load_problems([planted["visits"]["roller/socialtjansten/index.html"]]) == []
