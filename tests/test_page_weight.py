"""The page-weight budget, checked on every page of the built site from the
files on disk (size, not time: deterministic and without a browser).

Budget (issue #23; BENCHMARKS.md has the browser's figures): a first visit,
meaning the page's HTML plus every same-origin CSS, JS, font and image it
loads, at most 65 KB gzip-compressed, 55 KB on the median page; the HTML of a
page at most 15 KB compressed, 6 KB on the median page.
scripts/checks/pageweight.py computes them.
"""
from __future__ import annotations

import os
from pathlib import Path

from scripts.checks import pageweight

# Pages allowed more HTML than the 15 KB budget, each with its reason and its
# own, still bounded, limit. Remove an entry when the page fits again.
HTML_EXCEPTIONS = {
    # The bibliography is one page by design: every source has an anchor
    # (#src-<key>) that the sources box of every page links to, and each
    # source lists the pages citing it. About 120 sources make ~100 KB of
    # HTML that compresses to ~16-20 KB. Its first visit stays within 100 KB.
    # Split it by source type only if it outgrows this limit.
    "kunskap/kallor/": 30 * 1024,
    "en/kunskap/kallor/": 30 * 1024,
    # The overview of the laws quotes and cites many provisions: the English
    # one ~15.6 KB compressed (the Swedish one, ~14.8 KB, fits). Split it (for
    # example by law) if it outgrows this limit.
    "en/om-avhopparverksamhet/lagar-och-regler/": 20 * 1024,
}


# Section print views have their own limits (pageweight.PRINT_VIEW_*: why, there).


def _print_views(site_dir) -> list[str]:
    return [pageweight.url_of(site_dir, p) for p in pageweight.pages(site_dir)
            if pageweight.is_print_view(pageweight.url_of(site_dir, p))]


def test_every_page_is_within_the_budget(site_dir):
    views = _print_views(site_dir)
    problems = [p for p in pageweight.over_budget(site_dir, {**HTML_EXCEPTIONS, **dict.fromkeys(views, pageweight.PRINT_VIEW_HTML)})
                if not (" first visit " in p and p.split(":", 1)[0].lstrip("/") in views)]
    for url in views:
        weight = pageweight.weigh(site_dir, site_dir / pageweight.file_of(url))
        if weight.first_visit > pageweight.PRINT_VIEW_FIRST_VISIT:
            problems.append(f"/{url}: first visit {weight.first_visit / 1024:.1f} KB compressed, print view "
                            f"budget {pageweight.PRINT_VIEW_FIRST_VISIT / 1024:.0f} KB")
    assert not problems, "Pages over the page-weight budget:\n" + "\n".join(problems)


def test_every_page_is_weighed(site_dir):
    """The check sees the pages and what they load: CSS, JS and icons, one by one."""
    pages = pageweight.pages(site_dir)
    assert len(pages) > 50
    urls = {pageweight.url_of(site_dir, p) for p in pages}
    assert {"", "en/", "roller/sis/", "en/roller/sis/"} <= urls
    home = pageweight.weigh(site_dir, site_dir / "index.html")
    kinds = {Path(name).suffix for name in home.assets}
    assert {".css", ".js"} <= kinds, home.assets
    assert any(name.startswith("assets/stylesheets/main.") for name in home.assets)
    assert "assets/kc-theme.js" in home.assets  # in place of Material's bundle
    assert home.first_visit > home.html + 25 * 1024  # Material's CSS is counted


def test_scripts_load_only_where_needed(site_dir):
    """Material's 35 KB bundle is not loaded (assets/kc-theme.js does what the
    site uses); the checklist's script and style load on checklist pages only."""
    for url in ("", "roller/sis/", "en/", "checklistor/forsta-motet/"):
        assets = pageweight.weigh(site_dir, site_dir / pageweight.file_of(url)).assets
        assert not any(name.startswith("assets/javascripts/bundle.") for name in assets), url
        checklist = url.startswith("checklistor/forsta")
        assert ("assets/checklist.js" in assets) == checklist, url
        assert ("assets/checklist.css" in assets) == checklist, url


def test_exceptions_are_still_needed(site_dir):
    """An exception for a page that fits the normal budget, or no longer exists, must go."""
    for url, limit in HTML_EXCEPTIONS.items():
        path = site_dir / pageweight.file_of(url)
        assert path.exists(), f"/{url} has a page-weight exception but no longer exists"
        html = pageweight.weigh(site_dir, path).html
        assert html > pageweight.HTML_BUDGET, f"/{url} fits the budget again: remove its exception"
        assert limit > pageweight.HTML_BUDGET


# -- the gate fails when it should ----------------------------------------------


def _tiny_site(root: Path) -> Path:
    (root / "assets").mkdir(parents=True)
    (root / "sub").mkdir()
    (root / "assets/site.css").write_text("body{background:url(img/bg.svg)}\n@import 'more.css';\n")
    (root / "assets/more.css").write_text("p{color:red}\n")
    (root / "assets/img").mkdir()
    (root / "assets/img/bg.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (root / "assets/app.js").write_text("console.log(1)\n")
    page = ('<!doctype html><html><head><link rel="stylesheet" href="../assets/site.css">'
            '<link rel="alternate" href="../feed.xml"><link rel="stylesheet" href="https://example.org/x.css">'
            '<script src="../assets/app.js"></script></head><body><p>{}</p>'
            '<img src="data:image/png;base64,AAAA"></body></html>')
    (root / "sub/index.html").write_text(page.format("Hej"))
    return root


def test_weigh_follows_css_and_skips_other_origins(tmp_path):
    site = _tiny_site(tmp_path / "site")
    weight = pageweight.weigh(site, site / "sub/index.html")
    assert set(weight.assets) == {"assets/site.css", "assets/img/bg.svg", "assets/more.css", "assets/app.js"}
    assert weight.missing == []
    assert pageweight.over_budget(site) == []


def test_planted_heavy_page_and_heavy_script_fail(tmp_path):
    site = _tiny_site(tmp_path / "site")
    # HTML that does not compress below 15 KB, and a script of noise (> 65 KB compressed).
    noise = os.urandom(120 * 1024).hex()
    assert pageweight.FIRST_VISIT_BUDGET < 120 * 1024
    (site / "heavy.html").write_text(f"<!doctype html><html><body><p>{noise[:40000]}</p></body></html>")
    (site / "assets/app.js").write_text(f"var x='{noise}';\n")
    problems = pageweight.over_budget(site)
    assert any(p.startswith("/heavy.html: HTML") for p in problems), problems
    assert any(p.startswith("/sub/: first visit") and "assets/app.js" in p for p in problems), problems
    # A per-page exception lifts only that page's HTML limit.
    assert not any(p.startswith("/heavy.html: HTML")
                   for p in pageweight.over_budget(site, {"heavy.html": 100 * 1024}))


def test_missing_referenced_file_is_reported(tmp_path):
    site = _tiny_site(tmp_path / "site")
    (site / "assets/app.js").unlink()
    problems = pageweight.over_budget(site)
    assert any("not in the site: assets/app.js" in p for p in problems), problems


def test_planted_median_over_budget_fails(tmp_path):
    """A script every page loads that keeps each page under the 65 KB maximum
    but the median page over 55 KB fails the median budget."""
    site = _tiny_site(tmp_path / "site")
    (site / "assets/app.js").write_text(f"var x='{os.urandom(52 * 1024).hex()}';\n")  # ~58 KB compressed
    problems = pageweight.over_budget(site)
    assert any(p.startswith("median page: first visit") for p in problems), problems
    assert not any(p.startswith("/sub/: first visit") for p in problems), problems


# -- compact(): the build folds template whitespace, never code's -------------------


def test_compact_folds_template_whitespace_and_keeps_code_as_written():
    """scripts/hooks.py writes every page through pageweight.compact: the
    indentation and blank lines of the templates go, what is kept as written
    (code blocks, inline code, which Material prints with pre-wrap, text
    areas, scripts) stays byte for byte."""
    kept = ["<pre><code>a:\n\n    b: 1\n  c\n</code></pre>",
            "<code>x\n    y</code>",
            "<textarea>one\n\n  two</textarea>",
            "<script>var a = 1;\n\n  var b;</script>"]
    page = (f"<div>\n    <p>\n      Run {kept[1]} now.\n    </p>\n\n  {kept[0]}\n  {kept[2]}\n"
            f"    {kept[3]}\n</div>\n")
    out = pageweight.compact(page)
    for element in kept:
        assert element in out, element
    assert out.startswith("<div>\n<p>\nRun <code>") and "</p>\n<pre>" in out and out.endswith("</script>\n</div>\n")


def test_the_code_blocks_of_the_built_site_are_as_written(site_dir):
    """The YAML example of the contributing page, indentation and all, comes
    out as docs/sv/bidra/index.md writes it."""
    import re

    from bs4 import BeautifulSoup
    source = (Path(__file__).resolve().parent.parent / "docs/sv/bidra/index.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", source, re.S | re.M)
    assert blocks and any("\n  " in block for block in blocks)  # indented lines to keep
    doc = BeautifulSoup((site_dir / "bidra/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [code.get_text() for code in doc.select("pre > code")] == blocks


def test_archived_versions_list_the_menus_sections_as_links_without_their_pages(site_dir):
    # Two thirds of the pages are archived versions and their changes, out of
    # the menu: their menu links each section to its section page (Material's
    # pruned section) instead of listing every page (nav-item.html, kc: 6).
    # A current page keeps the whole menu.
    import re
    for rel in ("arkiv/roller/vem-gor-vad/1.0/index.html", "en/arkiv/kunskap/internationellt/1.1/andringar/index.html"):
        html = (site_dir / rel).read_text(encoding="utf-8")
        menu = html[html.index("md-nav--primary"):html.index("md-sidebar--secondary")]
        assert 'data-md-level="1"' not in menu, f"{rel}: the menu lists the sections' pages"
        sections = re.findall(r'<li class="md-nav__item md-nav__item--pruned md-nav__item--nested">\s*<a href="([^"]+)"',
                              menu)
        assert len(sections) >= 6, (rel, sections)
        assert any(href.endswith("/roller/") for href in sections), sections
    current = (site_dir / "roller/vem-gor-vad/index.html").read_text(encoding="utf-8")
    menu = current[current.index("md-nav--primary"):current.index("md-sidebar--secondary")]
    assert menu.count('data-md-level="1"') >= 6 and "md-nav__item--pruned" not in menu
