"""The page metadata model: every bad input gives file, line, field, what was
expected, and fails the build while the last good site survives."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import run_build
from scripts.content import pages, schema
from scripts.content.site import Site

GOOD = textwrap.dedent("""\
    ---
    title: Testsida
    description: En sida för tester.
    type: guide
    audience: [socialtjanst]
    responsible: socialstyrelsen
    status: utkast
    version: "1.1"
    reviewed: 2026-11-01
    review_by: 2027-11-01
    sources: [kunskapsguiden-om-avhopparverksamhet]
    changes:
      - version: "1.1"
        date: 2026-11-01
        note: Förtydligande.
      - version: "1.0"
        date: 2026-10-01
        note: Första versionen.
    ---

    # Testsida

    Text.
    """)

BIB = {"kunskapsguiden-om-avhopparverksamhet": {"title": "T", "publisher": "P", "kind": "web", "language": "sv"}}


def problems_for(text: str, lang: str = "sv") -> list[schema.Problem]:
    page = pages.parse(text, Path("x.md"), f"docs/{lang}/test.md", lang, "test.md")
    if page.problems:
        return page.problems
    return schema.validate_meta(page.meta, page.lines, page.rel, lang, BIB)


def only(problems: list[schema.Problem]) -> schema.Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(needle))


def test_a_good_page_has_no_problems():
    assert problems_for(GOOD) == []


def test_missing_front_matter():
    p = only(problems_for("# Bara text\n"))
    assert (p.file, p.line) == ("docs/sv/test.md", 1)
    assert "missing front matter" in p.problem and "---" in p.expected and "python -m scripts new" in p.fix


def test_invalid_yaml_names_the_line():
    text = GOOD.replace("type: guide", "type: [guide")
    p = only(problems_for(text))
    assert "invalid YAML" in p.problem
    assert p.line in (line_of(text, "type:"), line_of(text, "type:") + 1)
    assert "indentation" in p.fix


def test_unknown_field():
    text = GOOD.replace("type: guide", "type: guide\nforfattare: Någon")
    p = only(problems_for(text))
    assert (p.field, p.line) == ("forfattare", line_of(text, "forfattare"))
    assert "unknown field" in p.problem and "title" in p.expected


def test_missing_required_field():
    text = GOOD.replace("responsible: socialstyrelsen\n", "")
    p = only(problems_for(text))
    assert p.field == "responsible" and "missing required field" in p.problem
    assert "socialstyrelsen" in p.expected and p.line == 2


@pytest.mark.parametrize("field,bad,listed", [
    ("status", "klar", "fastställd"),
    ("responsible", "polisen", "polismyndigheten"),
])
def test_unknown_choice(field, bad, listed):
    original = {"status": "status: utkast", "responsible": "responsible: socialstyrelsen"}[field]
    text = GOOD.replace(original, f"{field}: {bad}")
    p = only(problems_for(text))
    assert p.field == field and p.line == line_of(text, field + ":")
    assert repr(bad) in p.problem and listed in p.expected


def test_unknown_audience():
    text = GOOD.replace("audience: [socialtjanst]", "audience: [socialtjanst, journalister]")
    p = only(problems_for(text))
    assert p.field == "audience" and "'journalister'" in p.problem and "anhorig" in p.expected


@pytest.mark.parametrize("bad", ['"1"', '"1.2.3"', '"v1.0"', "1.1"])
def test_malformed_version(bad):
    text = GOOD.replace('version: "1.1"\n', f"version: {bad}\n", 1)
    found = problems_for(text)
    if bad == "1.1":  # unquoted 1.1 is still read as written, so it is fine
        assert found == []
        return
    p = only(found)
    assert p.field == "version" and "malformed version" in p.problem and "MAJOR.MINOR" in p.expected


def test_impossible_date():
    text = GOOD.replace("reviewed: 2026-11-01", "reviewed: 2026-02-30")
    p = only(problems_for(text))
    assert p.field == "reviewed" and "impossible date '2026-02-30'" in p.problem
    assert p.line == line_of(text, "reviewed:")


def test_wrongly_formatted_date():
    text = GOOD.replace("review_by: 2027-11-01", "review_by: 1/11/2027")
    p = only(problems_for(text))
    assert p.field == "review_by" and "wrongly formatted date" in p.problem and "YYYY-MM-DD" in p.expected


def test_review_by_before_reviewed():
    text = GOOD.replace("review_by: 2027-11-01", "review_by: 2026-10-01")
    p = only(problems_for(text))
    assert p.field == "review_by" and "not after reviewed (2026-11-01)" in p.problem


def test_source_key_not_in_bibliography():
    text = GOOD.replace("sources: [kunskapsguiden-om-avhopparverksamhet]", "sources: [finns-inte-2020]")
    p = only(problems_for(text))
    assert p.field == "sources" and "'finns-inte-2020' is not in the bibliography" in p.problem
    assert "data/bibliography.yml" in p.fix and p.line == line_of(text, "sources:")


def test_change_history_newest_version_must_be_the_page_version():
    text = GOOD.replace('version: "1.1"\nreviewed', 'version: "1.2"\nreviewed')
    p = only(problems_for(text))
    assert p.field == "changes" and "newest version in the change history is 1.1" in p.problem
    assert "page's version is 1.2" in p.problem


def test_translation_marker_belongs_on_english_pages_only():
    text = GOOD.replace("type: guide", "type: guide\ntranslation: {source_hash: 0123456789ab}")
    p = only(problems_for(text, "sv"))
    assert p.field == "translation" and "only belongs on en pages" in p.problem


def test_message_format_names_file_line_field_expected_and_fix():
    text = GOOD.replace("status: utkast", "status: klar")
    message = str(only(problems_for(text)))
    assert message.startswith(f"docs/sv/test.md:{line_of(text, 'status:')}: ERROR field 'status':")
    assert "Expected: one of utkast" in message and "How to fix:" in message


def test_unused_bibliography_entries_are_warnings_that_do_not_fail(make_repo):
    repo = make_repo()
    bib = repo / "data/bibliography.yml"
    bib.write_text(bib.read_text() + "\noanvand-kalla:\n  title: T\n  publisher: P\n"
                   "  url: https://example.org/t\n  kind: web\n  language: sv\n")
    problems = Site.load(repo).problems()
    unused = [p for p in problems if p.field == "oanvand-kalla"]
    assert len(unused) == 1 and unused[0].severity == "warning"
    assert "not cited by any page" in unused[0].problem
    assert unused[0].line == len(bib.read_text().splitlines()) - 5
    assert not [p for p in problems if p.severity == "error"]


def test_malformed_bibliography_entries():
    bib = {"Bad Key": {"title": "T", "publisher": "P", "kind": "blog", "language": "sv", "url": "www.x"}}
    found = {(p.field, p.problem.split(" ")[0]) for p in
             schema.validate_bibliography(bib, {"Bad Key": 3}, "data/bibliography.yml")}
    assert ("Bad Key", "key") in found
    assert ("Bad Key.kind", "unknown") in found
    assert ("Bad Key.url", "malformed") in found


def test_every_page_in_the_repository_passes_the_schema():
    errors = [str(p) for p in Site.load().problems() if p.severity == "error"]
    assert errors == []


def test_bad_pages_fail_the_build_with_every_message_and_the_old_site_survives(make_repo):
    repo = make_repo()
    assert run_build(repo).returncode == 0
    good = (repo / "site/index.html").read_text()
    cases = {
        "utan-front-matter.md": "# Ingen front matter\n",
        "trasig-yaml.md": GOOD.replace("type: guide", "type: [guide"),
        "okant-falt.md": GOOD.replace("type: guide", "type: guide\nforfattare: X"),
        "saknat-falt.md": GOOD.replace("responsible: socialstyrelsen\n", ""),
        "okand-status.md": GOOD.replace("status: utkast", "status: klar"),
        "okand-malgrupp.md": GOOD.replace("[socialtjanst]", "[journalister]"),
        "okand-ansvarig.md": GOOD.replace("responsible: socialstyrelsen", "responsible: polisen"),
        "fel-version.md": GOOD.replace('version: "1.1"\nreviewed', 'version: "1.2.3"\nreviewed'),
        "omojligt-datum.md": GOOD.replace("reviewed: 2026-11-01", "reviewed: 2026-02-30"),
        "fel-datumformat.md": GOOD.replace("review_by: 2027-11-01", "review_by: 1/11/2027"),
        "granskning-fore.md": GOOD.replace("review_by: 2027-11-01", "review_by: 2026-10-01"),
        "okand-kalla.md": GOOD.replace("[kunskapsguiden-om-avhopparverksamhet]", "[finns-inte-2020]"),
        "fel-historik.md": GOOD.replace('version: "1.1"\nreviewed', 'version: "1.2"\nreviewed'),
    }
    for name, text in cases.items():
        (repo / "docs/sv" / name).write_text(text)
    result = run_build(repo)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for name in cases:
        assert f"docs/sv/{name}" in output, name
    for part in ["missing front matter", "invalid YAML", "unknown field", "missing required field",
                 "unknown value 'klar'", "'journalister'", "unknown value 'polisen'",
                 "malformed version", "impossible date", "wrongly formatted date", "is not after reviewed",
                 "'finns-inte-2020' is not in the bibliography", "newest version in the change history"]:
        assert part in output, part
    assert (repo / "site/index.html").read_text() == good


def test_a_page_must_name_at_least_one_source():
    text = GOOD.replace("sources: [kunskapsguiden-om-avhopparverksamhet]", "sources: []")
    p = only(problems_for(text))
    assert p.field == "sources" and "at least one source" in p.problem


def test_every_page_names_a_source_and_every_source_url_is_well_formed():
    site = Site.load()
    assert all(page.meta.get("sources") for page in site.pages)
    from scripts.content import data
    bib = data.bibliography()
    assert all(schema.URL_RE.match(entry["url"]) for entry in bib.values() if entry.get("url"))
