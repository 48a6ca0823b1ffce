"""Claims a reader can check (scripts/content/claims.py): citations at the claim,
statements that know when they go stale, [bekräftas] markers, the review
model (editors' check vs approval) and major vs minor changes.

The build tests plant pages into one throw-away repository with KC_TODAY
pinned, build it as the offline edition (page.html addresses, opened from
file:// in Chromium, as readers of the zip do) and read what comes out."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import git, run_build
from scripts.content import claims, data, schema
from scripts.build import facts, offline
from scripts.content.pages import parse

TODAY, YESTERDAY, TOMORROW = "2027-01-10", "2027-01-09", "2027-01-11"
MINOR_DATE, MAJOR_DATE = "2027-01-07", "2027-01-05"


def page_of(text: str, key: str = "roller/test.md", lang: str = "sv", **meta):
    front = {"title": "T", "description": "D", "type": "role", "audience": "[polis]", "responsible": "sis",
             "status": "utkast", "version": '"1.0"', "reviewed": "2026-11-01", "review_by": "2027-11-01",
             "sources": "[lvu-1990-52, polislagen]",
             "changes": '[{version: "1.0", date: 2026-11-01, note: Första versionen.}]', **meta}
    head = "---\n" + "".join(f"{k}: {v}\n" for k, v in front.items()) + "---\n"
    return parse(head + text, Path(key), f"docs/{lang}/{key}", lang, key)


def problems_of(page):
    return claims.check_page(page, data.bibliography())


# -- reading the markers ------------------------------------------------------

def test_markers_are_read_with_their_lines_and_code_is_left_alone():
    body = ("Lagen gäller [@lvu-1990-52, 3 kap. 5 §]. Kod `[@inte-en-nyckel]` här.\n"
            "\n"
            "- Två källor [@lvu-1990-52; @polislagen, s. 12].\n"
            "- Gammal uppgift [kontrollera 2026-11-06].\n"
            "- Osäker uppgift [bekräftas: datumet saknas].\n"
            "\n```\n[@inte-heller]\n```\n")
    found = claims.scan(body, 20)
    assert [(m.kind, m.line) for m in found] == [("cite", 20), ("cite", 22), ("recheck", 23), ("unconfirmed", 24)]
    assert found[0].cites == (claims.Cite("lvu-1990-52", "3 kap. 5 §"),)
    assert found[1].cites == (claims.Cite("lvu-1990-52"), claims.Cite("polislagen", "s. 12"))
    assert found[2].date.isoformat() == "2026-11-06"
    assert found[3].reason == "datumet saknas"
    assert found[3].statement == "Osäker uppgift."
    english = claims.scan("It applies [check 2026-11-06]. Unsure [to be confirmed].\n")
    assert [m.kind for m in english] == ["recheck", "unconfirmed"]


def test_a_citation_before_the_colon_of_a_list_intro_is_a_marker_and_a_reference_definition_is_not():
    found = claims.scan("Propositionen säger [@lvu-1990-52]:\n\n- Ett villkor.\n\n[@polislagen]: https://example.org\n")
    assert [(m.kind, m.line, m.cites) for m in found] == [("cite", 1, (claims.Cite("lvu-1990-52"),))]
    assert not uncited("År 2023 sa regeringen [@lvu-1990-52]:\n\n- Något.\n")


def test_an_unknown_key_is_an_error_naming_file_line_and_key():
    page = page_of("Intro.\n\nLagen gäller [@finns-inte].\n")
    errors = [p for p in problems_of(page) if p.severity == "error"]
    assert len(errors) == 1
    text = str(errors[0])
    assert text.startswith(f"docs/sv/roller/test.md:{page.body_line + 2}: ERROR") and "'finns-inte'" in text


def test_a_cited_key_missing_from_sources_and_a_bad_date_are_errors():
    page = page_of("Lagen gäller [@folkbokforingslagen-1991-481]. Gäller [kontrollera 2026-13-01].\n")
    errors = [str(p) for p in problems_of(page) if p.severity == "error"]
    assert any("not listed in sources" in e and "folkbokforingslagen-1991-481" in e for e in errors), errors
    assert any("not a date" in e for e in errors), errors


def test_an_uncited_law_reference_on_a_role_page_is_reported_with_file_and_line():
    page = page_of("# Rubrik\n\nDet står i 3 kap. 5 § socialtjänstlagen.\n\n"
                   "- Med källa 2025 [@lvu-1990-52].\n- Osäker sedan 2025 [bekräftas].\n- Utan fakta.\n")
    uncited = [p for p in problems_of(page) if "without a citation" in p.problem]
    assert [(p.file, p.line, p.severity) for p in uncited] == [
        ("docs/sv/roller/test.md", page.body_line + 2, claims.UNCITED_SEVERITY)]
    assert "a law reference" in uncited[0].problem


def test_the_one_switch_makes_uncited_facts_errors_and_reports_every_uncited_source(monkeypatch):
    page = page_of("Det står i 3 kap. 5 § socialtjänstlagen.\n")
    monkeypatch.setattr(claims, "UNCITED_SEVERITY", "warning")
    assert [p.severity for p in problems_of(page) if "without a citation" in p.problem] == ["warning"]
    assert not [p for p in problems_of(page) if "no claim cites" in p.problem]
    monkeypatch.setattr(claims, "UNCITED_SEVERITY", "error")
    found = problems_of(page)
    assert [p.severity for p in found if "without a citation" in p.problem] == ["error"]
    assert len([p for p in found if "no claim cites" in p.problem]) == 2
    # A checklist cites in its data file: its sources: are not reported.
    assert not [p for p in problems_of(page_of("Text.\n", type="checklist")) if "no claim cites" in p.problem]


def test_the_gate_is_flipped_and_an_uncited_law_reference_on_a_guidance_page_fails_check(make_repo):
    assert claims.UNCITED_SEVERITY == "error"
    repo = make_repo()
    # Checked as of the run's day (conftest.SESSION_DAY): the real content is never after it.
    check = lambda: subprocess.run([sys.executable, "-m", "scripts", "check"], cwd=repo, capture_output=True,
                                   text=True)
    real = check()
    assert real.returncode == 0, real.stdout[-3000:]
    assert "without a citation" not in real.stdout
    path = repo / "docs/sv/stod/boende.md"
    text = path.read_text(encoding="utf-8").rstrip() + "\n"
    path.write_text(text + "\nReglerna finns i 2 kap. 1 § socialtjänstlagen.\n", encoding="utf-8")
    line = len(text.splitlines()) + 2
    planted = check()
    assert planted.returncode == 1
    assert (f"docs/sv/stod/boende.md:{line}: ERROR states a law reference ('2 kap.') without a citation."
            in planted.stdout), planted.stdout[-3000:]


def test_plain_language_generated_and_about_pages_are_exempt_each_with_a_reason():
    text = "Ring 112 om någon är i fara. Lagen från 2025 gäller.\n"
    assert not [p for p in problems_of(page_of(text, key="vill-lamna.md", type="guide"))
                if "without a citation" in p.problem]
    assert not [p for p in problems_of(page_of(text, type="about")) if "without a citation" in p.problem]
    assert [p for p in problems_of(page_of(text, type="guide")) if "without a citation" in p.problem]
    assert all(reason.strip() for reason in [*claims.EXEMPT_PAGES.values(), *claims.CHECKED_TYPES.values(),
                                              claims.EXEMPT_GENERATED])
    assert claims.UNCITED_SEVERITY in ("warning", "error")


def test_a_listed_source_no_claim_cites_is_reported():
    found = [p for p in problems_of(page_of("Text [@lvu-1990-52].\n")) if "no claim cites" in p.problem]
    assert len(found) == 1 and "'polislagen'" in found[0].problem and found[0].severity == "warning"


def uncited(text: str, **meta) -> list:
    return [p for p in problems_of(page_of(text, **meta)) if "without a citation" in p.problem]


def test_an_allow_listed_service_number_is_not_a_figure_but_any_other_number_is():
    # 112, 114 14 and CVE's line are on data/allowed-numbers.yml, each with its source.
    assert not uncited("Ring 112 om någon är i fara.\n\n- Ring 114 14 och fråga efter avhopparsamordningen.\n"
                       "- Yrkesverksamma kan ringa 08-527 44 290.\n- Eller 08‑527 44 290, skrivet med ett annat streck.\n")
    # A number not on the list is a figure, also next to a listed one.
    assert [p.problem for p in uncited("Ring 112. Det fanns 45 kommuner med.\n")] == [
        "states a figure ('45') without a citation."]
    assert [p.problem for p in uncited("Ring 113 13 och fråga efter samordnaren.\n")] == [
        "states a figure ('113') without a citation."]
    # Part of a longer number is not the listed number.
    assert uncited("Det kom in 1120 ansökningar.\n")


def test_a_diarienummer_is_a_reference_that_needs_a_citation():
    found = uncited("Uppdraget har diarienummer Ju2021/03331.\n\n- Och S2025/01090 för direktivet.\n")
    assert [p.problem for p in found] == [
        "states a case reference (diarienummer) ('Ju2021/03331') without a citation.",
        "states a case reference (diarienummer) ('S2025/01090') without a citation."]
    assert not uncited("Uppdraget har diarienummer Ju2021/03331 [@lvu-1990-52].\n")


def test_the_matrix_sources_count_as_cited_on_the_page_that_shows_the_matrix():
    # dir-2025-53 is one of data/matrix.yml's sources; lvu-1990-52 is not.
    page = page_of("Text [@polislagen].\n\n<!-- generated -->\n", key="roller/vem-gor-vad.md", type="guide",
                   generate="matrix", sources="[polislagen, dir-2025-53, lvu-1990-52]")
    assert "dir-2025-53" in claims.generated_sources(page)
    found = [p.problem for p in problems_of(page) if "no claim cites" in p.problem]
    assert found == ["source 'lvu-1990-52' is listed but no claim cites it."]
    # The same sources on a page without the matrix are reported.
    other = page_of("Text [@polislagen].\n", sources="[polislagen, dir-2025-53]")
    assert [p.problem for p in problems_of(other) if "no claim cites" in p.problem] == [
        "source 'dir-2025-53' is listed but no claim cites it."]


def test_free_text_to_be_confirmed_is_reported_as_a_marker_to_write():
    page = page_of("Datumet behöver bekräftas.\n")
    found = [p for p in problems_of(page) if "free text" in p.problem]
    assert len(found) == 1 and found[0].line == page.body_line
    assert not [p for p in problems_of(page_of("Datumet [bekräftas].\n")) if "free text" in p.problem]
    # Naming the label readers see, in quotation marks, is not a statement to mark.
    label = page_of('Är en uppgift osäker står det "Behöver bekräftas" vid den. Och «to be confirmed».\n')
    assert not [p for p in problems_of(label) if "free text" in p.problem]


def test_due_uses_the_pinned_date(monkeypatch):
    page = page_of(f"Gammal [kontrollera {YESTERDAY}].\n\nNy [kontrollera {TOMORROW}].\n\nIdag [kontrollera {TODAY}].\n")
    monkeypatch.setenv("KC_TODAY", TODAY)
    first = page.body_line
    assert [d.marker.line for d in claims.due([page])] == [first]
    monkeypatch.setenv("KC_TODAY", TOMORROW)
    assert [d.marker.line for d in claims.due([page])] == [first, first + 4]


# -- the review model in the schema ---------------------------------------------

def meta_problems(**change):
    page = page_of("Text.\n", **change)
    return [p for p in schema.validate_meta(page.meta, page.lines, page.rel, "sv", data.bibliography())]


def test_approval_is_required_with_status_faststalld_and_refused_otherwise():
    assert not meta_problems()
    assert not meta_problems(status="fastställd", approved_by="sis", approved="2026-11-20")
    missing = meta_problems(status="fastställd")
    assert {p.field for p in missing} == {"approved_by", "approved"}
    assert all(p.severity == "error" for p in missing)
    draft = meta_problems(approved_by="sis", approved="2026-11-20")
    assert {p.field for p in draft} == {"approved_by", "approved"}
    assert meta_problems(status="fastställd", approved_by="ingen", approved="2026-11-20")[0].field == "approved_by"


def test_facts_show_an_approval_only_on_an_approved_page():
    draft = facts.meta_facts({"status": "utkast", "approved_by": "sis", "approved": "2026-11-20"}, "sv")
    assert draft["approved"] == "" and draft["approved_by"] == ""
    approved = facts.meta_facts({"status": "fastställd", "approved_by": "sis", "approved": "2026-11-20"}, "en")
    assert approved["approved"] == "20 November 2026"
    assert approved["approved_by"] == data.label("responsible", "sis", "en")


def test_a_faststalld_page_without_approver_and_date_fails_check(make_repo):
    repo = make_repo()
    path = repo / "docs/sv/roller/sis.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: utkast", "status: fastställd", 1), encoding="utf-8")
    line = text.splitlines().index("status: utkast") + 1
    result = subprocess.run([sys.executable, "-m", "scripts", "check"], cwd=repo, capture_output=True,
                            text=True, env={**os.environ, "KC_TODAY": TODAY})
    assert result.returncode == 1
    assert f"docs/sv/roller/sis.md:{line}: ERROR field 'approved_by'" in result.stdout
    assert f"docs/sv/roller/sis.md:{line}: ERROR field 'approved'" in result.stdout


def test_an_unknown_citation_key_fails_the_build_naming_file_line_and_key(make_repo, tmp_path):
    repo = make_repo()
    path = repo / "docs/sv/roller/sis.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nSiS har ett uppdrag [@sis-finns-inte].\n", encoding="utf-8")
    line = len((text + "\nSiS").splitlines())
    result = run_build(repo, tmp_path / "out", env={"KC_TODAY": TODAY})
    assert result.returncode != 0
    assert f"docs/sv/roller/sis.md:{line}: ERROR unknown source key 'sis-finns-inte'" in result.stdout + result.stderr
    assert not (tmp_path / "out").exists()


# -- one planted build: the offline edition ---------------------------------------

def _bump(repo: Path, page: str, date: str) -> None:
    subprocess.run([sys.executable, "-m", "scripts", "bump", page, "--minor", "--note", "Ny uppgift om SiS."],
                   cwd=repo, check=True, capture_output=True, env={**os.environ, "KC_TODAY": date})


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """A repository with three citations and three dated markers on roller/sis.md
    (sv and en), a citation on roller/kriminalvarden.md followed by a change entry
    (a major change), and a typo fix on roller/polisen.md (a minor change)."""
    from scripts.benchmarks.workspace import copy_repo
    root = Path(__file__).resolve().parent.parent
    repo = copy_repo(root, tmp_path_factory.mktemp("claims") / "repo", "2026-12-01")
    texts = {
        "sv": ("SiS tar emot unga [@lvu-1990-52, 3 §]. SiS har ett uppdrag [@sis-2023-uppdraget-delredovisat]. "
               "Uppdraget gäller fyra myndigheter [@ju2021-03331-pressmeddelande].",
               "Uppgift A [kontrollera {y}].", "Uppgift B [kontrollera {t}].", "Uppgift C [bekräftas: testskäl]."),
        "en": ("SiS takes in young people [@lvu-1990-52, 3 §]. SiS has an assignment [@sis-2023-uppdraget-delredovisat]. "
               "The assignment covers four agencies [@ju2021-03331-pressmeddelande].",
               "Statement A [check {y}].", "Statement B [check {t}].", "Statement C [to be confirmed: test reason]."),
    }
    lines = {}
    for lang, paragraphs in texts.items():
        path = repo / f"docs/{lang}/roller/sis.md"
        text = path.read_text(encoding="utf-8")
        # Only the planted claims: the real page's own citations would add numbers.
        text = text[:text.index("\n---\n", 4) + 5] + "\n# SiS\n"
        lines[lang] = len(text.splitlines()) + 4  # the line of "Uppgift A"
        text += "\n" + "\n\n".join(p.format(y=YESTERDAY, t=TOMORROW) for p in paragraphs) + "\n"
        path.write_text(text, encoding="utf-8")
    krim = repo / "docs/sv/roller/kriminalvarden.md"
    krim.write_text(krim.read_text(encoding="utf-8").rstrip()
                    + "\n\nUppdraget gäller fyra myndigheter [@ju2021-03331-pressmeddelande].\n", encoding="utf-8")
    git(repo, "commit", "-qam", "Citations", date="2027-01-02")
    archived = re.search(r'^version: "([^"]+)"', krim.read_text(encoding="utf-8"), re.M).group(1)
    _bump(repo, "docs/sv/roller/kriminalvarden.md", MAJOR_DATE)
    git(repo, "commit", "-qam", "A major change", date=MAJOR_DATE)
    polisen = repo / "docs/sv/roller/polisen.md"
    polisen.write_text(polisen.read_text(encoding="utf-8").rstrip() + " \n", encoding="utf-8")
    git(repo, "commit", "-qam", "A typo", date=MINOR_DATE)
    out = repo.parent / "site"
    result = run_build(repo, out, env={**offline.ENV, "KC_TODAY": TODAY})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return {"repo": repo, "site": out, "lines": lines, "archived": archived}


def planted_refs(doc: BeautifulSoup, start: str) -> list:
    """The reference links of the planted paragraph that starts with `start`
    (the real page cites its own sources too)."""
    para = next(p for p in doc.select(".kc-page-text p") if p.get_text().startswith(start))
    return para.select("sup.kc-ref a")


def html(planted, rel: str) -> BeautifulSoup:
    return BeautifulSoup((planted["site"] / rel).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("lang", data.LANGS)
def test_three_citations_render_three_references_linking_to_their_entries(planted, lang):
    doc = html(planted, ("" if lang == "sv" else "en/") + "roller/sis.html")
    refs = planted_refs(doc, "SiS tar emot unga" if lang == "sv" else "SiS takes in young people")
    assert len(refs) == 3
    bib = data.bibliography()
    for a, key in zip(refs, ["lvu-1990-52", "sis-2023-uppdraget-delredovisat", "ju2021-03331-pressmeddelande"]):
        entry = doc.select_one(a["href"])
        assert entry is not None and entry.name == "li" and entry["data-source"] == key
        number = len(entry.find_previous_siblings("li")) + 1
        assert a.get_text() == f"[{number}]"
        assert bib[key]["title"] in a["aria-label"] and a["aria-label"].startswith(
            ("Källa" if lang == "sv" else "Source") + f" {number}:")
        back = entry.select_one(f'.kc-sources__refs a[href="#{a.parent["id"]}"]')
        assert back is not None and back.get("aria-label")
    assert "3 §" in refs[0]["aria-label"]
    assert "(3 §)" in doc.select_one('li[data-source="lvu-1990-52"] .kc-sources__refs').get_text()


def test_an_archived_version_keeps_its_references(planted):
    doc = html(planted, f"arkiv/roller/kriminalvarden/{planted['archived']}.html")
    refs = doc.select(".kc-page-text sup.kc-ref a")
    # The planted citation is the page's last; every reference finds its entry.
    assert refs and all(doc.select_one(a["href"]) is not None for a in refs)
    assert doc.select_one(refs[-1]["href"])["data-source"] == "ju2021-03331-pressmeddelande"


@pytest.mark.parametrize("lang", data.LANGS)
def test_a_statement_past_its_date_shows_a_note_and_one_ahead_shows_nothing(planted, lang):
    doc = html(planted, ("" if lang == "sv" else "en/") + "roller/sis.html")
    notes = doc.select("[data-kc-claim=stale]")
    word = {"sv": "Uppgiften gällde 9 januari 2027 och kan ha ändrats",
            "en": "This was correct on 9 January 2027 and may have changed"}[lang]
    assert [n.get_text() for n in notes] == [f"({word})"]
    text = doc.select_one(".kc-page-text").get_text()
    assert ("Uppgift A" if lang == "sv" else "Statement A") in notes[0].parent.parent.get_text()
    assert TOMORROW not in text and "[kontrollera" not in text and "[check" not in text
    ahead = [p for p in doc.select(".kc-page-text p") if "B" in p.get_text() and p.get_text().startswith(
        "Uppgift B" if lang == "sv" else "Statement B")]
    assert [p.get_text() for p in ahead] == ["Uppgift B." if lang == "sv" else "Statement B."]
    unconfirmed = [n for n in doc.select("[data-kc-claim=unconfirmed]")
                   if n.find_parent("p").get_text().startswith("Uppgift C" if lang == "sv" else "Statement C")]
    assert [n.get_text() for n in unconfirmed] == [
        {"sv": "(Behöver bekräftas: testskäl)", "en": "(To be confirmed: test reason)"}[lang]]


def test_check_report_and_the_editors_page_list_the_expired_statement(planted):
    repo, line = planted["repo"], planted["lines"]["sv"]
    env = {**os.environ, "KC_TODAY": TODAY}
    check = subprocess.run([sys.executable, "-m", "scripts", "check"], cwd=repo, capture_output=True,
                           text=True, env=env).stdout
    expired = check.split("Statements past their re-check date")[1].split("Statements to be confirmed")[0]
    assert f"docs/sv/roller/sis.md:{line} (re-check date {YESTERDAY} has passed)" in expired
    assert TOMORROW not in check
    report = subprocess.run([sys.executable, "-m", "scripts", "report", "--responsible", "sis"], cwd=repo,
                            capture_output=True, text=True, env=env).stdout
    assert f"docs/sv/roller/sis.md:{line} (re-check date {YESTERDAY}" in report
    assert "docs/en/roller/sis.md" in report.split("Statements to be confirmed")[1]
    other = subprocess.run([sys.executable, "-m", "scripts", "report", "--responsible", "polismyndigheten"],
                           cwd=repo, capture_output=True, text=True, env=env).stdout
    assert "docs/sv/roller/sis.md:" not in other
    for lang, prefix in (("sv", ""), ("en", "en/")):
        doc = html(planted, prefix + "om/att-kontrollera.html")
        section = doc.select_one("h2#sis").find_next("table")
        rows = section.get_text(" ", strip=True)
        assert f"docs/{lang}/roller/sis.md:{planted['lines'][lang]}" in rows
        assert ("Uppgift A" if lang == "sv" else "Statement A") in rows
        assert ("Uppgift B" if lang == "sv" else "Statement B") not in rows
        assert ("testskäl" if lang == "sv" else "test reason") in rows


def test_a_minor_change_moves_no_date_and_a_major_change_moves_both(planted):
    site = planted["site"]
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    whats_new = html(planted, "nytt.html").get_text()

    def updated(rel):
        box = html(planted, rel).select_one('[data-kc="updated"]')
        return box.get_text(strip=True)

    polisen_newest = max(c["date"] for c in parse((planted["repo"] / "docs/sv/roller/polisen.md").read_text(
        encoding="utf-8"), Path("x"), "x", "sv", "roller/polisen.md").meta["changes"])
    # Minor: the commit of 7 January appears nowhere a reader sees a date.
    assert updated("roller/polisen.html") == facts.format_date(polisen_newest, "sv")
    assert MINOR_DATE not in feed and "7 januari 2027" not in whats_new
    assert "md-source-file" not in (site / "roller/polisen.html").read_text(encoding="utf-8")
    # Major: the change entry of 5 January is "Senast ändrad", in the feed and in "Nytt och ändrat".
    assert updated("roller/kriminalvarden.html") == "5 januari 2027"
    assert f"<updated>{MAJOR_DATE}T00:00:00Z</updated>" in feed and "Ny uppgift om SiS." in feed
    assert "5 januari 2027" in whats_new and "Ny uppgift om SiS." in whats_new


def test_a_draft_shows_no_approval_date(planted):
    doc = html(planted, "roller/sis.html")
    assert doc.select_one('[data-kc="approved"]') is None and doc.select_one('[data-kc="approved-by"]') is None
    assert doc.select_one('[data-kc="reviewed"]').find_previous_sibling("dt").get_text() == \
        "Redaktionen kontrollerade källorna"


# -- in Chromium, from file:// as the offline edition is read ------------------------

from sweep import axe_violations as _axe  # noqa: E402


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", data.LANGS)
def test_the_cited_page_has_no_axe_violations(browser, planted, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto((planted["site"] / ("" if lang == "sv" else "en/") / "roller/sis.html").as_uri())
    assert _axe(page) == []
    context.close()


@pytest.mark.browser
def test_a_reference_works_with_the_keyboard_and_has_its_name(browser, planted):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto((planted["site"] / "roller/sis.html").as_uri())
    ref = page.locator(".kc-page-text p", has_text="SiS tar emot unga").locator("sup.kc-ref a").nth(1)
    key = "sis-2023-uppdraget-delredovisat"
    title = data.bibliography()[key]["title"]
    number = parse((planted["repo"] / "docs/sv/roller/sis.md").read_text(encoding="utf-8"), Path("x"), "x", "sv",
                   "roller/sis.md").meta["sources"].index(key) + 1
    name = f"Källa {number}: {title}"
    assert ref.get_attribute("aria-label") == name
    assert page.get_by_role("link", name=name, exact=True).count() >= 1
    ref_id = ref.evaluate("a => a.parentElement.id")
    ref.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#kc-src-sis-2023-uppdraget-delredovisat"
    back = page.locator(f'#kc-src-sis-2023-uppdraget-delredovisat .kc-sources__ref[href="#{ref_id}"]')
    back.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == f"#{ref_id}"
    context.close()


@pytest.mark.browser
def test_the_printed_pdf_has_the_numbers_and_the_source_list(browser, planted):
    from pypdf import PdfReader
    context = browser.new_context()
    page = context.new_page()
    page.goto((planted["site"] / "roller/sis.html").as_uri())
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf())).pages)
    context.close()
    flat = re.sub(r"\s+", " ", text)
    for n in (1, 2, 3):
        assert f"[{n}]" in flat
    assert "Källor" in flat and "Hänvisningar i texten" in flat
    assert data.bibliography()["sis-2023-uppdraget-delredovisat"]["title"] in flat
    assert "Uppgiften gällde 9 januari 2027" in flat


def test_the_cited_pages_are_valid_html(planted, tmp_path):
    import shutil
    from test_html_valid import report, run_vnu
    for rel in ("roller/sis.html", "en/roller/sis.html", "arkiv/roller/kriminalvarden/1.0.html",
                "om/att-kontrollera.html"):
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(planted["site"] / rel, target)
    problems = report(run_vnu(tmp_path), tmp_path)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("doc", ["README.md", "CONTRIBUTING.md", "CONTRIBUTING.sv.md"])
def test_the_documentation_shows_each_marker_with_a_real_key(doc):
    text = (Path(__file__).resolve().parent.parent / doc).read_text(encoding="utf-8")
    # The examples stand in code (spans and ```markdown blocks) so that they show as written.
    text = re.sub(r"(?m)^\s*```.*$", "", re.sub(r"`([^`\n]*\[[^`\n]*)`", r"\1", text))
    examples = claims.scan(text)
    kinds = {m.kind for m in examples if not m.error}
    assert kinds == {"cite", "recheck", "unconfirmed"}, kinds
    bib = data.bibliography()
    cited = [c.key for m in examples for c in m.cites if c.key not in ("key", "a", "b", "nyckel", "key1", "key2")]
    assert cited and all(key in bib for key in cited), cited
