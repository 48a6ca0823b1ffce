"""The who-does-what matrix (issue 5): data/matrix.yml and its checks, the table
in the built site in both languages, and how it reads on a phone and to a screen
reader in Chromium. A planted defect in the data must fail `python -m scripts
check` with the file and line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from scripts.content import data, matrix
from scripts.build import generators
from scripts.content.site import Site

PAGE = "roller/vem-gor-vad/"

GOOD = """\
phases:
  - id: kontakt
    sv: Första kontakt
    en: First contact
  - id: skydd
    sv: Skydd
    en: Protection
actors:
  - page: roller/polisen.md
    sv: Polisen
    en: Police
    cells:
      kontakt: {sv: "Nås på 114 14.", en: "Reached on 114 14."}
      skydd: {sv: "–", en: "–"}
sources: [polisen-vad-ar-avhopparverksamhet]
"""
PAGES = {"roller/polisen.md"}
BIB = {"polisen-vad-ar-avhopparverksamhet": {}}


def problems(text: str, cited=None):
    table, lines = matrix.parse(text)
    return matrix.validate(table, lines, PAGES, BIB, cited)


@pytest.fixture
def real_root():
    data.use_root(ROOT)
    yield ROOT
    data.use_root(ROOT)


# -- the data and its checks ---------------------------------------------------

def test_the_real_matrix_has_no_errors(real_root):
    errors = [p for p in matrix.check(Site.load(ROOT)) if p.severity == "error"]
    assert errors == [], "\n".join(map(str, errors))


def test_the_real_matrix_covers_six_phases_and_every_role_page(real_root):
    table, _ = matrix.load(ROOT)
    assert [p["id"] for p in table["phases"]] == [
        "kontakt", "bedomning", "skydd", "stod", "aterintegrering", "uppfoljning"]
    role_pages = {f"roller/{p.name}" for p in (ROOT / "docs/sv/roller").glob("*.md")} - {
        "roller/index.md", "roller/vem-gor-vad.md"}
    assert {a["page"] for a in table["actors"]} == role_pages


def test_a_well_formed_matrix_has_no_problems():
    assert problems(GOOD) == []


@pytest.mark.parametrize("change, field, line, words", [
    # an unknown phase id in a cell
    (("      skydd: {sv", "      skyd: {sv"), "cells", 14, "unknown phase 'skyd'"),
    # a cell without its English text
    ((', en: "Reached on 114 14."}', "}"), "en", 13, "no en text"),
    # a phase without its Swedish name
    (("    sv: Skydd\n", ""), "sv", 5, "no sv name"),
    # an actor whose role page does not exist
    (("roller/polisen.md", "roller/polis.md"), "page", 9, "does not exist"),
    # an actor without an English name
    (("    en: Police\n", ""), "en", 9, "no en name"),
    # a source that is not in the bibliography
    (("[polisen-vad-ar-avhopparverksamhet]", "[okand-kalla]"), "sources", 15, "unknown source"),
    # text in one language and a dash in the other
    (('{sv: "–", en: "–"}', '{sv: "–", en: "Protects."}'), "skydd", 14, "one language only"),
])
def test_each_defect_is_reported_with_file_line_and_field(change, field, line, words):
    text = GOOD.replace(*change)
    assert text != GOOD
    found = [p for p in problems(text) if p.severity == "error"]
    assert found, f"no error for {change}"
    p = found[0]
    assert (p.file, p.line, p.field) == ("data/matrix.yml", line, field), str(p)
    assert words in p.problem
    assert p.expected and p.fix


def test_a_missing_cell_is_a_warning_that_says_to_write_a_dash():
    text = GOOD.replace('      skydd: {sv: "–", en: "–"}\n', "")
    found = problems(text)
    assert [(p.severity, p.field) for p in found] == [("warning", "cells")]
    assert '"–"' in found[0].fix


def test_the_matrix_page_must_cite_every_source_of_the_matrix():
    found = problems(GOOD, cited={"docs/sv/roller/vem-gor-vad.md": set()})
    assert len(found) == 1 and "does not cite" in found[0].problem
    assert "docs/sv/roller/vem-gor-vad.md" in found[0].fix
    assert problems(GOOD, cited={"docs/sv/roller/vem-gor-vad.md": {"polisen-vad-ar-avhopparverksamhet"}}) == []


def test_a_planted_defect_fails_python_m_scripts_check(make_repo):
    repo = make_repo()
    path = repo / "data/matrix.yml"
    text = path.read_text(encoding="utf-8")
    assert "    cells:\n      kontakt:" in text
    path.write_text(text.replace("    cells:\n      kontakt:", "    cells:\n      kontak:", 1), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "scripts", "check"], cwd=repo,
                            capture_output=True, text=True)
    assert result.returncode == 1, result.stdout
    line = next(i for i, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if l.strip() == "kontak:")
    assert f"data/matrix.yml:{line}: ERROR field 'cells'" in result.stdout, result.stdout[-3000:]
    assert "unknown phase 'kontak'" in result.stdout


# -- placing generated content ---------------------------------------------------

def test_generated_content_goes_where_the_page_puts_the_marker():
    page = "# T\n\nIntro.\n\n<!-- generated -->\n\n## Läs mer\n"
    out = generators.place(page, "TABLE\n")
    assert out.index("Intro.") < out.index("TABLE") < out.index("## Läs mer")
    assert generators.MARKER not in out
    assert generators.place("# T\n\nText.\n", "TABLE\n") == "# T\n\nText.\n\nTABLE\n"


# -- the built table -----------------------------------------------------------

def built(site_dir: Path, lang: str) -> BeautifulSoup:
    prefix = "en/" if lang == "en" else ""
    return BeautifulSoup((site_dir / prefix / PAGE / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("lang", data.LANGS)
def test_the_matrix_is_a_real_table_with_caption_and_headers(site_dir, lang, real_root):
    table_data, _ = matrix.load(ROOT)
    soup = built(site_dir, lang)
    tables = soup.select("table.kc-matrix__table")
    assert len(tables) == 1
    table = tables[0]
    # The table and its scroll box are named by the visible caption.
    caption = soup.find(id=table["aria-labelledby"])
    assert caption is not None and caption.get_text(strip=True) == data.strings(lang)["matrix_caption"]
    wrapper = table.find_parent("div", class_="kc-matrix")
    assert wrapper["role"] == "region" and wrapper["tabindex"] == "0"
    assert wrapper["aria-labelledby"] == table["aria-labelledby"]
    # Column headers: the actor column, then one per phase, in order.
    heads = [th.get_text(strip=True) for th in table.select("thead th[scope=col]")]
    assert heads == [data.strings(lang)["matrix_actor"]] + [p[lang] for p in table_data["phases"]]
    # One row per actor; its first cell is a row header linking to the role page.
    rows = table.select("tbody tr")
    assert len(rows) == len(table_data["actors"])
    for row, actor in zip(rows, table_data["actors"]):
        first = row.find(["th", "td"])
        assert first.name == "th" and first["scope"] == "row"
        link = first.find("a")
        assert link.get_text(strip=True) == actor[lang]
        target = (site_dir / ("en/" if lang == "en" else "") / PAGE / link["href"] / "index.html").resolve()
        assert target.exists(), f"{actor[lang]} links to {link['href']}, which was not built"
        assert target.parent.name == Path(actor["page"]).stem
        assert len(row.find_all("td")) == len(table_data["phases"])


@pytest.mark.parametrize("lang", data.LANGS)
def test_a_dash_tells_screen_readers_that_the_sources_say_nothing(site_dir, lang):
    cells = built(site_dir, lang).select("table.kc-matrix__table td.kc-matrix__none")
    assert cells, "the real matrix has cells where the sources say nothing"
    for cell in cells:
        assert cell.find("span", attrs={"aria-hidden": "true"}).get_text() == "–"
        assert cell.find("span", class_="kc-matrix__sr").get_text() == data.strings(lang)["matrix_none"]


def test_the_table_sits_between_the_page_text_and_read_more(site_dir):
    text = built(site_dir, "sv").select_one("article").get_text(" ")
    assert text.index("Så här använder du tabellen") < text.index("Uppföljning och avslut") < text.index("Läs mer")


# -- in the browser ------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("lang", data.LANGS)
def test_on_a_phone_the_table_scrolls_in_its_own_box_and_keeps_the_actor_in_view(browser, base_url, lang):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    try:
        page = context.new_page()
        page.goto(base_url + ("en/" if lang == "en" else "") + PAGE)
        box = page.locator(".kc-matrix")
        sizes = box.evaluate("w => ({sw: w.scrollWidth, cw: w.clientWidth,"
                             " page: document.documentElement.scrollWidth, vw: window.innerWidth})")
        assert sizes["page"] <= sizes["vw"], f"the page itself scrolls sideways: {sizes}"
        assert sizes["sw"] > sizes["cw"], f"the table should scroll inside its box: {sizes}"
        # A keyboard user reaches the box and scrolls it with the arrow keys.
        box.focus()
        assert page.evaluate("document.activeElement.classList.contains('kc-matrix')")
        assert box.evaluate("w => getComputedStyle(w).outlineStyle") != "none"
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("document.querySelector('.kc-matrix').scrollLeft > 0")
        # Scrolled to the end, the actor name is still in view at the left edge.
        box.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
        left = box.evaluate("w => w.getBoundingClientRect().left")
        header = page.locator("tbody th[scope=row]").first.bounding_box()
        assert abs(header["x"] - left) < 3, (header, left)
    finally:
        context.close()


@pytest.mark.browser
def test_a_screen_reader_gets_a_named_table_with_row_and_column_headers(page, base_url):
    page.goto(base_url + "en/" + PAGE)
    tree = page.locator("table.kc-matrix__table").aria_snapshot()
    assert tree.startswith('- table "Who does what in each phase of a defector case"')
    assert '- columnheader "Actor"' in tree
    assert '- rowheader "Social services"' in tree
    assert 'cell "The sources used say nothing about this."' in tree
