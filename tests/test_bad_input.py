"""Malformed input from an untrusted pull request (the hostile-input review of
December 2026, ../shared/reviews/bad-input-2026-12.md): each case is planted in
a throw-away copy of the repository, and `python -m scripts check` must fail
with the file, the line and how to fix it, never a traceback; where the review
says so, the build fails too and the last good site survives.

The cases run one after the other in one copy (restored with git after each).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SESSION_DAY, copy_repo, git, run_build

# The run's day, not a fixed one: the real content's dates (reviewed, changes)
# must never be after "today", whatever day an editor adds them.
TODAY = SESSION_DAY
SIS = "docs/sv/roller/sis.md"


@pytest.fixture(scope="module")
def _repo(tmp_path_factory) -> Path:
    return copy_repo(tmp_path_factory.mktemp("bad-input") / "repo")


@pytest.fixture
def repo(_repo):
    yield _repo
    git(_repo, "checkout", "-q", "--", ".")
    git(_repo, "clean", "-qfd")


def check(repo: Path) -> tuple[int, str]:
    env = {**os.environ, "KC_TODAY": TODAY}
    result = subprocess.run([sys.executable, "-m", "scripts", "check"], cwd=repo, capture_output=True,
                            text=True, env=env)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-3000:]
    return result.returncode, output


def edit(repo: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_no(repo: Path, rel: str, needle: str, nth: int = 1) -> int:
    lines = [i for i, line in enumerate((repo / rel).read_text(encoding="utf-8").splitlines(), 1)
             if line.startswith(needle)]
    return lines[nth - 1]


def build_keeps_old_site(repo: Path) -> str:
    """Build into a site folder holding a marker; the build must fail and leave it."""
    site = repo / "site"
    site.mkdir(exist_ok=True)
    (site / "marker.txt").write_text("the last good site", encoding="utf-8")
    result = run_build(repo, env={"KC_TODAY": TODAY})
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    assert (site / "marker.txt").read_text(encoding="utf-8") == "the last good site"
    assert not any(repo.glob(".site-new-*")), "the half-built site must be removed"
    return output


# -- 1: strict YAML ----------------------------------------------------------

def test_a_duplicate_front_matter_key_fails_check_and_build_naming_both_lines(repo):
    """1d: `status: utkast` then `status: fastställd` published a draft as approved."""
    edit(repo, SIS, "status: utkast\n", "status: utkast\nstatus: fastställd\n")
    first, second = line_no(repo, SIS, "status:"), line_no(repo, SIS, "status:", 2)
    code, out = check(repo)
    assert code == 1
    assert (f"{SIS}:{second}: ERROR the key 'status' is written twice: first on line {first}, "
            f"again on line {second}") in out, out
    assert "delete the one that is wrong" in out
    build = build_keeps_old_site(repo)
    assert f"{SIS}:{second}" in build and "written twice" in build


def test_a_duplicate_bibliography_key_is_an_error_not_a_silent_substitution(repo):
    """5g / B7: a second entry with an existing key replaced the source on every citing page."""
    bib = "data/bibliography.yml"
    first = line_no(repo, bib, "sis-2023-uppdraget-delredovisat:")
    with open(repo / bib, "a", encoding="utf-8") as f:
        f.write("\nsis-2023-uppdraget-delredovisat:\n  title: En helt annan källa\n  publisher: Någon annan\n"
                "  url: https://example.org/annan\n  kind: web\n  language: sv\n")
    second = line_no(repo, bib, "sis-2023-uppdraget-delredovisat:", 2)
    code, out = check(repo)
    assert code == 1
    assert (f"{bib}:{second}: ERROR the key 'sis-2023-uppdraget-delredovisat' is written twice: "
            f"first on line {first}, again on line {second}") in out, out


def test_a_duplicate_key_in_a_checklist_or_the_matrix_names_both_lines(repo):
    edit(repo, "data/matrix.yml", "  - id: kontakt\n", "  - id: kontakt\n    id: kontakten\n")
    first = line_no(repo, "data/matrix.yml", "  - id: kontakt")
    code, out = check(repo)
    assert code == 1 and f"data/matrix.yml:{first + 1}: ERROR the key 'id' is written twice" in out, out


def test_a_tab_in_front_matter_is_called_a_tab(repo):
    """1c: the message said 'found character that cannot start any token'."""
    edit(repo, SIS, "  - version: \"1.0\"\n    date: 2026-11-23", "  - version: \"1.0\"\n\tdate: 2026-11-23")
    line = line_no(repo, SIS, "\tdate:")
    code, out = check(repo)
    assert code == 1
    assert re.search(rf"{SIS}:{line}: ERROR invalid YAML: a tab character .*replace the tab with spaces", out), out


def test_a_byte_order_mark_before_the_front_matter_is_accepted(repo):
    """3b: an invisible BOM gave 'missing front matter'."""
    path = repo / SIS
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, out = check(repo)
    assert code == 0, out


def test_a_missing_closing_line_says_so(repo):
    """1b: 'missing front matter' while the front matter is visibly there."""
    edit(repo, SIS, "    note: Första versionen.\n---\n", "    note: Första versionen.\n")
    code, out = check(repo)
    assert code == 1 and f"{SIS}:1: ERROR the front matter has no closing --- line" in out, out


@pytest.mark.parametrize("rel", [
    SIS,
    "data/glossary.yml",
    "data/checklists/forsta-motet.yml",
    "data/strings.yml",
])
def test_latin_1_bytes_name_the_file_the_byte_offset_and_the_line(repo, rel):
    """3d / B9: a UnicodeDecodeError traceback that never named the file."""
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    raw = text.encode("latin-1", errors="replace")
    path.write_bytes(raw)
    first_bad = next(i for i, (a, b) in enumerate(zip(raw, text.encode("utf-8"))) if a != b)
    line = raw[:first_bad].count(b"\n") + 1
    code, out = check(repo)
    assert code == 1
    assert f"{rel}:{line}: ERROR the file is not UTF-8: byte 0x{raw[first_bad]:02x} at byte offset {first_bad}" in out, out
    assert "save the file as UTF-8" in out


def test_latin_1_in_a_page_and_a_data_file_fails_the_build_with_their_names(repo):
    for rel in (SIS, "data/glossary.yml"):
        path = repo / rel
        path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    out = build_keeps_old_site(repo)
    assert f"{SIS}:" in out and "data/glossary.yml:" in out and "save the file as UTF-8" in out, out[-3000:]


def test_two_change_entries_with_one_version_are_an_error(repo):
    """1q."""
    edit(repo, SIS, "    note: Första versionen.\n",
         "    note: Första versionen.\n  - version: \"1.0\"\n    date: 2026-11-20\n    note: Igen.\n")
    code, out = check(repo)
    assert code == 1
    assert re.search(rf"{SIS}:{line_no(repo, SIS, 'changes:')}: ERROR field 'changes': entries \d+ and \d+ both "
                     r"have version 1\.0", out), out  # the page's first version, now an older entry


# -- 2: dates after today -----------------------------------------------------------

def test_a_review_date_after_today_is_an_error(repo):
    """1m: the page said 'Senast granskad 1 juni 2027' on 1 December 2026."""
    edit(repo, SIS, "reviewed: 2026-11-23", "reviewed: 2027-06-01")
    edit(repo, SIS, "review_by: 2027-11-23", "review_by: 2028-06-01")
    code, out = check(repo)
    assert code == 1
    assert (f"{SIS}:{line_no(repo, SIS, 'reviewed:')}: ERROR field 'reviewed': 2027-06-01 is after today "
            f"({TODAY})") in out, out


def test_a_change_note_dated_after_today_is_an_error(repo):
    """1p: a change dated 2030 topped the feed and 'Nytt och ändrat' until 2030."""
    edit(repo, SIS, 'version: "1.0"\n', 'version: "1.1"\n')
    edit(repo, SIS, "changes:\n", 'changes:\n  - version: "1.1"\n    date: 2030-01-01\n    note: Senare.\n')
    code, out = check(repo)
    assert code == 1
    assert (f"{SIS}:{line_no(repo, SIS, 'changes:')}: ERROR field 'changes': entry 1, date: 2030-01-01 is "
            f"after today ({TODAY})") in out, out


# -- 3: data/strings.yml ----------------------------------------------------------------

def test_a_removed_interface_text_is_an_error_naming_the_key(repo):
    """5f: every facts box got an empty heading."""
    edit(repo, "data/strings.yml", "facts_heading: {sv: Om den här sidan, en: About this page}\n", "")
    code, out = check(repo)
    assert code == 1
    assert re.search(r"data/strings.yml: ERROR field 'facts_heading': missing, but overrides/\S+ shows this text",
                     out), out


def test_an_interface_text_without_english_fails_check_and_build_without_a_traceback(repo):
    """5f2: check passed and the build crashed with KeyError: 'en'."""
    edit(repo, "data/strings.yml", "facts_heading: {sv: Om den här sidan, en: About this page}",
         "facts_heading: {sv: Om den här sidan}")
    line = line_no(repo, "data/strings.yml", "facts_heading:")
    code, out = check(repo)
    assert code == 1 and f"data/strings.yml:{line}: ERROR field 'facts_heading.en': missing the en text" in out, out
    out = build_keeps_old_site(repo)
    assert f"data/strings.yml:{line}" in out and "KeyError" not in out


def test_an_empty_interface_text_is_an_error(repo):
    edit(repo, "data/strings.yml", "status: {sv: Status, en: Status}", 'status: {sv: "", en: Status}')
    code, out = check(repo)
    line = line_no(repo, "data/strings.yml", "status:")
    assert code == 1 and f"data/strings.yml:{line}: ERROR field 'status.sv': empty text" in out, out


# -- 4: messages ----------------------------------------------------------------------------

def _new_page(repo: Path, key: str) -> None:
    for lang in ("sv", "en"):
        text = (repo / f"docs/{lang}/roller/sis.md").read_text(encoding="utf-8")
        target = repo / f"docs/{lang}/{key}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def test_a_page_missing_from_nav_fails_check_with_the_line_to_add(repo):
    """3g: check passed, and the build blamed 'en' without a fix."""
    _new_page(repo, "roller/ej-i-nav.md")
    after = line_no(repo, "mkdocs.yml", "      - roller/civilsamhalle-och-utforare.md")
    code, out = check(repo)
    assert code == 1
    assert ("docs/sv/roller/ej-i-nav.md:1: ERROR the page is not in the navigation (nav in mkdocs.yml)" in out), out
    assert f"add this line to mkdocs.yml as line {after + 1} (under 'Roller och ansvar'" in out
    assert "\n      - roller/ej-i-nav.md\n" in out
    # Following the advice fixes it (CODEOWNERS then only wants its line, as for any new page).
    edit(repo, "mkdocs.yml", "      - roller/civilsamhalle-och-utforare.md\n",
         "      - roller/civilsamhalle-och-utforare.md\n      - roller/ej-i-nav.md\n")
    assert "not in the navigation" not in check(repo)[1]


def test_a_page_file_name_that_is_not_a_page_path_fails_check(repo):
    """3f: served at /roller/Ny%20Sida%20%C3%A5%C3%A4%C3%B6/."""
    _new_page(repo, "roller/Ny Sida åäö.md")
    code, out = check(repo)
    assert code == 1
    assert "docs/sv/roller/Ny Sida åäö.md: ERROR the file name 'roller/Ny Sida åäö.md' is not a page path" in out, out


def test_a_matrix_cell_check_rejects_fails_the_build_too(repo):
    """5e2: check failed, the build published the table without the cell."""
    edit(repo, "data/matrix.yml", "      kontakt:\n", "      kontakten:\n")
    line = line_no(repo, "data/matrix.yml", "      kontakten:")
    code, out = check(repo)
    assert code == 1 and f"data/matrix.yml:{line}: ERROR" in out and "kontakten" in out, out
    out = build_keeps_old_site(repo)
    assert f"data/matrix.yml:{line}: ERROR" in out, out[-3000:]


def test_unreadable_front_matter_gives_no_codeowners_advice_that_would_delete_a_review_line(repo):
    """B13: 'matches no page … run owners --write', which deleted the SiS reviewers' line."""
    edit(repo, SIS, "description: \"SiS hittar", "description: SiS: hittar")
    code, out = check(repo)
    assert code == 1 and f"{SIS}:3: ERROR invalid YAML" in out
    assert "matches no page" not in out and ".github/CODEOWNERS:" not in out, out
    codeowners = (repo / ".github/CODEOWNERS").read_text(encoding="utf-8")
    owners = subprocess.run([sys.executable, "-m", "scripts", "owners", "--write"], cwd=repo,
                            capture_output=True, text=True)
    assert owners.returncode == 1 and f"{SIS}: ERROR the page's responsible body cannot be read" in owners.stderr
    assert (repo / ".github/CODEOWNERS").read_text(encoding="utf-8") == codeowners


def test_a_cited_source_without_an_address_fails_check_naming_its_line(repo):
    """Issue #19 point 5: "Nytt tema om avhopparverksamheter", with no address or date,
    once backed a claim on 13 pages. A source a reader cannot look up is an error."""
    bib = "data/bibliography.yml"
    with open(repo / bib, "a", encoding="utf-8") as f:
        f.write("\nnyhet-utan-adress:\n  title: En nyhet utan adress\n  publisher: Någon\n"
                "  kind: news\n  language: sv\n")
    line = line_no(repo, bib, "nyhet-utan-adress:")
    edit(repo, SIS, "sources: [", "sources: [nyhet-utan-adress, ")
    code, out = check(repo)
    assert code == 1
    assert f"{bib}:{line}: ERROR field 'nyhet-utan-adress.url': a reader cannot check this source" in out, out
    assert "cite the publication the source reports" in out
