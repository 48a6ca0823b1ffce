"""Task-first reading (issue #21), in Chromium on the built site:

- the first paragraph of guidance starts in the top 60 % of the first screen on
  every guidance page at 1280 x 800 and 375 x 667; on the pages for people at
  risk the help box is the first thing after the title;
- the quick exit replaces the page with the neutral site (a click, or Escape
  twice), leaves no entry for the page in the back-button history, stores
  nothing, and is the only request to another origin; axe finds nothing;
- every menu section has a print view in both languages; its PDF holds every
  page title of the section and no menu text; an ordinary page's PDF holds its
  source list and no search box;
- at 320 px nothing in the header is cut off or overlaps.

Each gate has a planted-defect test beside it.
"""
from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import serve
from scripts.content import data, pages
from scripts.build import printview
from scripts.content.site import Site, lang_prefix
from sweep import axe_report, run_sweep, same_origin

pytestmark = pytest.mark.browser

GUIDANCE_TYPES = {"guide", "role", "topic"}
SCREENS = [(1280, 800), (375, 667)]
AT_RISK = ["vill-lamna.md", "anhoriga.md"]

# The top of the first paragraph of the article text, not counting the facts
# line or the facts box; the help box's paragraphs count (they are guidance),
# and so does the first item of a page that opens with its summary as a list
# ("Det här behöver du veta": the answer first, as bullets). KC_FIRST_BLOCK=p
# measures only <p> (the brief's first count; README gives both).
_FIRST_PARAGRAPH = """(blocks) => {
  const p = document.querySelector(blocks.split(',').map(b =>
    `.kc-page-text ${b.trim()}:not(.kc-facts-line):not(.kc-facts *)`).join(', '));
  return p ? Math.round(p.getBoundingClientRect().top + window.scrollY) : null;
}"""


def guidance_urls(site: Site) -> list[str]:
    """Every guidance page (guide, role, topic) in both languages, as built."""
    urls = []
    for lang in data.LANGS:
        for key in site.keys():
            page = site.page(lang, key)
            if page and page.meta.get("type") in GUIDANCE_TYPES:
                urls.append(lang_prefix(lang) + pages.key_to_url(key))
    return urls


def past_the_line(browser, base_url: str, urls: list[str], screens=SCREENS, share: float = 0.6) -> list[str]:
    """One line per page and screen where the first paragraph starts below `share` of the screen."""
    problems = []
    for width, height in screens:
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        try:
            for url in urls:
                page.goto(base_url + url, wait_until="load")
                top = page.evaluate(_FIRST_PARAGRAPH, os.environ.get("KC_FIRST_BLOCK", "p, li"))
                if top is None or top > share * height:
                    problems.append(f"/{url} at {width} x {height}: first paragraph at {top} px, "
                                    f"line at {share * height:.0f} px")
        finally:
            context.close()
    return problems


@pytest.fixture(scope="module")
def site():
    return Site.load()


def test_the_first_paragraph_is_in_the_top_60_percent_of_every_guidance_page(browser, site, site_dir, base_url):
    urls = guidance_urls(site)
    assert len(urls) > 60, urls
    problems = past_the_line(browser, base_url, urls)
    assert not problems, f"{len(problems)} of {2 * len(urls)} page x screen pairs:\n" + "\n".join(problems)


def test_a_tall_block_before_the_text_fails_the_60_percent_gate(browser, site_dir, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    target = copy / "roller/sis/index.html"
    target.write_text(target.read_text().replace("</h1>", "</h1>" + "<div><br></div>" * 30, 1))
    httpd = serve(copy)
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        problems = past_the_line(browser, base, ["roller/sis/", "roller/polisen/"])
    finally:
        httpd.shutdown()
    assert len(problems) == 2 and all(p.startswith("/roller/sis/") for p in problems), problems


def test_on_pages_for_people_at_risk_the_help_box_comes_first_and_the_facts_line_last(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": 667})
    page = context.new_page()
    try:
        for lang in data.LANGS:
            for key in AT_RISK + ["dolj-ditt-besok.md"]:
                page.goto(base_url + lang_prefix(lang) + pages.key_to_url(key))
                after_title = page.evaluate("() => document.querySelector('.kc-page-text h1').nextElementSibling.className")
                assert "admonition" in after_title, (lang, key, after_title)
                last = page.evaluate("() => document.querySelector('.kc-page-text').lastElementChild.className")
                assert "kc-facts-line" in last, (lang, key, last)
                # The draft status stays in the line, and in the page's metadata.
                assert page.locator(".kc-facts-line strong").inner_text() == data.label(
                    "statuses", "utkast", lang, "short")
                assert page.locator('meta[name="kc-status"]').get_attribute("content") == "utkast"
    finally:
        context.close()


def test_the_start_page_starts_with_the_five_routes(site_dir):
    for lang, routes in (("sv", "Hitta rätt"), ("en", "Find your way")):
        html = (site_dir / lang_prefix(lang) / "index.html").read_text()
        text = html.split("<h1", 1)[1]
        first_h2 = text.split("<h2", 1)[1].split("</h2>", 1)[0]
        assert routes in first_h2, (lang, first_h2)
        # Then the help box, then the latest changes (three entries).
        assert text.index(routes) < text.index("admonition warning")
        latest = text.split("admonition warning", 1)[1].split("<ul>", 1)[1].split("</ul>", 1)[0]
        assert latest.count("<li>") == 3, latest


# -- quick exit -----------------------------------------------------------------

STAND_IN = "<!doctype html><html lang='sv'><title>Väder</title><p>Väder i dag.</p></html>"


def exit_problems(browser, base_url: str, how: str) -> list[str]:
    """Open the start page, then a page for people at risk, then leave it
    quickly (`how`: "click" or "escape"). The neutral site is a local stand-in
    (Playwright answers its address, nothing leaves the machine)."""
    problems = []
    context = browser.new_context(viewport={"width": 375, "height": 667})
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append((r.url, r.is_navigation_request())))
    try:
        page.goto(base_url)
        page.goto(base_url + "vill-lamna/")
        target = page.locator("[data-kc-exit]").get_attribute("href")
        context.route(target + "**", lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=STAND_IN))
        if how == "click":
            page.locator("[data-kc-exit]").click()
        else:
            page.keyboard.press("Escape")
            page.keyboard.press("Escape")
        page.wait_for_url(target, timeout=10000)
        if page.title() != "Väder":
            problems.append(f"the neutral site was not shown: {page.url}")
        page.go_back(wait_until="load")  # what history.back() does
        if "vill-lamna" in page.url:
            problems.append(f"history.back() returned to the page: {page.url}")
        if page.url.rstrip("/") != base_url.rstrip("/"):
            problems.append(f"history.back() went to {page.url}, not the page before")
        stored = page.evaluate("() => localStorage.length + sessionStorage.length")
        if stored:
            problems.append(f"{stored} storage key(s) written")
        if context.cookies():
            problems.append(f"cookies set: {context.cookies()}")
        foreign = [(url, nav) for url, nav in requests if not same_origin(url, base_url)]
        if foreign != [(target, True)]:
            problems.append(f"requests to other origins other than the one navigation to {target}: {foreign}")
    finally:
        context.close()
    return problems


@pytest.mark.parametrize("how", ["click", "escape"])
def test_the_quick_exit_leaves_no_history_entry_and_stores_nothing(browser, base_url, how):
    assert exit_problems(browser, base_url, how) == []


def test_a_quick_exit_that_keeps_the_page_in_history_fails(browser, site_dir, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    script = copy / "assets/kc-exit.js"
    script.write_text(script.read_text().replace("window.location.replace(target)", "window.location.assign(target)"))
    httpd = serve(copy)
    try:
        problems = exit_problems(browser, f"http://127.0.0.1:{httpd.server_address[1]}/", "click")
    finally:
        httpd.shutdown()
    assert any("returned to the page" in p for p in problems), problems


def test_the_quick_exit_is_only_on_pages_for_people_at_risk(site, site_dir):
    for lang in data.LANGS:
        for key in site.keys():
            html = (site_dir / lang_prefix(lang) / pages.key_to_url(key) / "index.html").read_text()
            from scripts.build.facts import at_risk
            assert ("data-kc-exit" in html) == at_risk(site.page(lang, key).meta), (lang, key)
            assert ("kc-exit.js" in html) == ("data-kc-exit" in html), (lang, key)


def test_no_axe_violations_with_the_quick_exit_and_the_print_view_at_three_widths(browser, site_dir, base_url):
    chosen = ["vill-lamna/index.html", "en/anhoriga/index.html", "dolj-ditt-besok/index.html",
              "roller/skriv-ut/index.html", "en/checklistor/skriv-ut/index.html", "index.html"]
    sweep = run_sweep(browser, site_dir, base_url, pages=[site_dir / p for p in chosen],
                      viewports=[(1280, 800), (375, 667), (320, 640)])
    assert len(sweep.visits) == 3 * len(chosen)
    problems = axe_report(sweep.visits)
    assert not problems, "\n".join(problems)


# -- print ---------------------------------------------------------------------

def sections(site):
    import yaml

    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    nav = yaml.load((Path(__file__).resolve().parent.parent / "mkdocs.yml").read_text(), Loader=Loader)["nav"]
    return printview.sections(nav)


def test_every_menu_section_has_a_print_view_in_both_languages(site, site_dir):
    found = sections(site)
    assert len(found) >= 7, found
    for lang in data.LANGS:
        sitemap = (site_dir / lang_prefix(lang) / "sitemap.xml").read_text()
        for section in found:
            view = site_dir / lang_prefix(lang) / pages.key_to_url(section.print_key) / "index.html"
            html = view.read_text()
            assert "data-pagefind-body" not in html and 'name="robots" content="noindex"' in html, view
            assert "skriv-ut/" not in sitemap
            assert html.count('class="kc-print__page"') == len(section.keys), view
            index = (site_dir / lang_prefix(lang) / pages.key_to_url(section.index_key) / "index.html").read_text()
            link = re.search(r'<a href="([^"]*)" data-kc="print-section">([^<]*)</a>', index)
            assert link and link.group(2) == data.strings(lang)["print_section"], section
            assert posixpath.normpath(posixpath.join(lang_prefix(lang) + pages.key_to_url(section.index_key),
                                                     link.group(1))) == \
                posixpath.normpath(lang_prefix(lang) + pages.key_to_url(section.print_key)), (section, link.group(1))


def pdf_text(browser, url: str, tmp_path: Path, name: str) -> str:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        pdf = tmp_path / f"{name}.pdf"
        page.pdf(path=str(pdf))
    finally:
        context.close()
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def print_problems(browser, site, base_url: str, lang: str, folder: str, tmp_path: Path) -> list[str]:
    """What is wrong with the PDF of one section's print view: a page title
    missing, or menu text (a menu entry not in the printed pages' own text)."""
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: make test installs poppler-utils.")
    section = next(s for s in sections(site) if s.index_key == f"{folder}/index.md")
    url = base_url + lang_prefix(lang) + f"{folder}/skriv-ut/"
    text = " ".join(pdf_text(browser, url, tmp_path, f"{lang}-{folder}").split())
    problems = [f"page title missing: {t}" for t in
                (" ".join(str(site.page(lang, k).meta["title"]).split()) for k in section.keys) if t not in text]
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(url)
        # The printed pages and the view's own facts line (it names the responsible
        # body, which may also be a menu entry), closed details included, as the PDF has them.
        page.emulate_media(media="print")
        body = " ".join(" ".join(page.locator(".kc-print, .kc-facts-line").all_text_contents()).split())
        page.emulate_media(media="screen")
        menu = {" ".join(t.split()) for t in page.locator(".md-sidebar--primary .md-nav__link").all_inner_texts()}
    finally:
        context.close()
    menu_only = [t for t in menu if t and t not in body]
    assert len(menu_only) > 10, menu_only
    problems += [f"menu text printed: {t}" for t in menu_only if t in text]
    if data.strings(lang)["search_label"] in text:
        problems.append("the search box printed")
    return problems


@pytest.mark.parametrize("lang, folder", [("sv", "for-kommuner"), ("en", "checklistor")])
def test_a_section_print_view_prints_every_page_title_and_no_menu(browser, site, base_url, tmp_path, lang, folder):
    assert print_problems(browser, site, base_url, lang, folder, tmp_path) == []


def test_an_ordinary_page_prints_its_sources_and_no_search_box(browser, base_url, tmp_path):
    text = pdf_text(browser, base_url + "roller/sis/", tmp_path, "sis")
    ui = data.strings("sv")
    assert ui["sources_heading"] in text and "Statens institutionsstyrelse" in text
    assert ui["search_label"] not in text and ui["search_button"] + "\n" not in text
    assert "Utkast" in text  # the facts line prints
    exit_text = pdf_text(browser, base_url + "vill-lamna/", tmp_path, "vill-lamna")
    assert ui["quick_exit"] not in exit_text and "Ring 112" in exit_text


def test_a_printed_menu_would_fail_the_print_check(browser, site_dir, site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    view = copy / "for-kommuner/skriv-ut/index.html"
    html = view.read_text()
    # The menu as the printed text would carry it: Material's primary menu, moved into the page.
    menu = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', html, re.S).group(0)
    view.write_text(html.replace('<p class="kc-print__intro">', menu + '<p class="kc-print__intro">', 1))
    httpd = serve(copy)
    try:
        problems = print_problems(browser, site, f"http://127.0.0.1:{httpd.server_address[1]}/", "sv",
                                  "for-kommuner", tmp_path)
    finally:
        httpd.shutdown()
    assert any(p.startswith("menu text printed: ") for p in problems), problems


# -- header at 320 px -------------------------------------------------------------

_HEADER_BOXES = """() => {
  const visible = e => { const s = getComputedStyle(e), r = e.getBoundingClientRect();
    return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 2 && r.height > 2; };
  const parts = ['.md-header__button', '.md-header__topic:first-child .md-ellipsis',
                 '.kc-search__input', '.kc-search__submit', '.kc-exit__button', '.kc-exit__hide'];
  const boxes = [], seen = new Set();
  for (const sel of parts) for (const e of document.querySelectorAll('.md-header ' + sel)) {
    if (!visible(e) || seen.has(e)) continue;
    seen.add(e);
    const r = e.getBoundingClientRect();
    boxes.push({sel, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                cut: e.scrollWidth > e.clientWidth + 1});
  }
  return {boxes, width: document.documentElement.clientWidth,
          full: document.querySelector('.kc-site-name--full') ? document.querySelector('.kc-site-name--full').textContent.trim() : ''};
}"""


def header_problems(page) -> list[str]:
    info = page.evaluate(_HEADER_BOXES)
    problems = []
    boxes = info["boxes"]
    if not any(b["sel"].startswith(".md-header__topic") for b in boxes):
        problems.append("the site name is not shown")
    for b in boxes:
        if b["left"] < 0 or b["right"] > info["width"] + 0.5:
            problems.append(f"{b['sel']} runs off the screen ({b['left']:.0f}–{b['right']:.0f})")
        if b["cut"]:
            problems.append(f"{b['sel']} is cut off")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a["left"] < b["right"] - 0.5 and b["left"] < a["right"] - 0.5 and \
               a["top"] < b["bottom"] - 0.5 and b["top"] < a["bottom"] - 0.5:
                problems.append(f"{a['sel']} overlaps {b['sel']}")
    return problems


HEADER_PAGES = ["", "roller/sis/", "vill-lamna/", "en/anhoriga/", "en/for-kommuner/skriv-ut/"]


def test_nothing_in_the_header_is_cut_off_or_overlaps_at_320_px(browser, base_url):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        for url in HEADER_PAGES:
            page.goto(base_url + url)
            assert header_problems(page) == [], url
            # The full name stays for assistive technology.
            lang = "en" if url.startswith("en/") else "sv"
            assert page.evaluate(_HEADER_BOXES)["full"] == data.strings(lang)["site_name"]
    finally:
        context.close()


def test_the_full_site_name_at_320_px_would_fail(browser, base_url):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        page.goto(base_url + "roller/sis/")
        page.add_style_tag(content=".kc-site-name--full { position: static !important; width: auto !important; "
                                   "height: auto !important; clip: auto !important; margin: 0 !important; }"
                                   ".kc-site-name--short { display: none !important; }")
        assert any("cut off" in p for p in header_problems(page))
    finally:
        context.close()


def test_the_facts_line_is_one_line_of_text_under_the_title(site_dir):
    """Responsible body, status, version, last change and the link to the box, as
    text (no markup printed as text), right after the title."""
    from bs4 import BeautifulSoup
    for lang, path in (("sv", "roller/sis/index.html"), ("en", "en/roller/sis/index.html")):
        doc = BeautifulSoup((site_dir / path).read_text(encoding="utf-8"), "html.parser")
        line = doc.select_one(".kc-page-text h1").find_next_sibling()
        assert "kc-facts-line" in line.get("class", []), line
        text = line.get_text(" ", strip=True)
        ui = data.strings(lang)
        assert "<" not in text and "aria-hidden" not in text, text
        for part in (data.label("responsible", "sis", lang), data.label("statuses", "utkast", lang, "short"),
                     ui["version"], ui["updated"], ui["facts_line_more"]):
            assert part in text, (part, text)
        assert line.select_one('a[href="#kc-facts"]') and doc.select_one("aside#kc-facts")
