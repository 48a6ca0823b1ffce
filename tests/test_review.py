"""python -m scripts review BASE [HEAD] (scripts/editor/review.py): a commit sequence in a
throw-away copy of the repository, one case per commit, and the report a
reviewer reads for each commit, plus the report over the whole sequence."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SESSION_DAY, copy_repo, git



def review(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scripts", "review", *args], cwd=repo, capture_output=True,
                          text=True, env={**os.environ, "KC_TODAY": SESSION_DAY})


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def bump(path: Path, version: str, new: str, note: str) -> None:
    """Raise the version and add the change entry, as python -m scripts bump writes them.
    `version` and `new` are "MAJOR.MINOR", or "x.y" and "x.y+1" for a minor step from
    whatever version the page has now (the pages get versions of their own over time)."""
    if version == "x.y":
        version = re.search(r'^version: "([0-9.]+)"', path.read_text(encoding="utf-8"), re.M)[1]
        major, minor = version.split(".")
        new = f"{major}.{int(minor) + 1}"
    edit(path, f'version: "{version}"', f'version: "{new}"')
    edit(path, "changes:\n", f'changes:\n  - version: "{new}"\n    date: 2026-12-01\n    note: "{note}"\n')


def commit(repo: Path, tag: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", tag, date="2026-12-01")
    git(repo, "tag", tag)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    repo = copy_repo(tmp_path_factory.mktemp("review") / "repo", date="2026-11-30")
    git(repo, "tag", "start")
    sv, en = repo / "docs/sv", repo / "docs/en"

    # A change in substance, with a raised version and a change note.
    page = sv / "roller/skatteverket.md"
    edit(page, "\n## ", "\nSkatteverket svarar på frågor om folkbokföring.\n\n## ")
    bump(page, "2.0", "3.0", "Ny mening om frågor till Skatteverket.")
    commit(repo, "bump")

    # A typo fixed: one word, no version or change entry (CONTRIBUTING, "Major and minor changes").
    edit(sv / "roller/skatteverket.md", "En avhoppare kan vara hotad.", "En avhopare kan vara hotad.")
    commit(repo, "typo")

    # A change in substance without a raised version.
    edit(sv / "roller/sis.md", "SiS arbetar med unga", "SiS arbetar bara med unga")
    commit(repo, "nobump")

    # White space only: a line re-wrapped, blank lines added.
    edit(sv / "roller/polisen.md", "\n## ", "\n\n\n## ")
    text = (sv / "roller/polisen.md").read_text(encoding="utf-8")
    body_start = text.index("\n# ")
    first_para = text.index(". ", body_start)
    (sv / "roller/polisen.md").write_text(text[:first_para + 1] + "\n" + text[first_para + 2:], encoding="utf-8")
    commit(repo, "space")

    # A page moved with redirect_from (both languages).
    for lang in ("sv", "en"):
        git(repo, "mv", f"docs/{lang}/stod/boende.md", f"docs/{lang}/stod/bostad.md")
        edit(repo / f"docs/{lang}/stod/bostad.md", "\nchanges:", "\nredirect_from: [stod/boende.md]\nchanges:")
    commit(repo, "move_ok")

    # A page moved without redirect_from (Swedish only).
    git(repo, "mv", "docs/sv/stod/ekonomi-och-skulder.md", "docs/sv/stod/pengar-och-skulder.md")
    commit(repo, "move_bad")

    # A page deleted in both languages, with nothing redirecting from it.
    git(repo, "rm", "-q", "docs/sv/stod/arbete-och-studier.md", "docs/en/stod/arbete-och-studier.md")
    commit(repo, "delete")

    # A checklist item id removed, without a new version or a migration.
    checklist = repo / "data/checklists/forsta-motet.yml"
    text = checklist.read_text(encoding="utf-8")
    start = text.index("      - id: tid-och-plats")
    end = text.index("  - id: klargor")
    checklist.write_text(text[:start] + text[end:], encoding="utf-8")
    commit(repo, "checklist")

    # A source key that is not in the bibliography.
    page = sv / "roller/kriminalvarden.md"
    edit(page, "sources: [", "sources: [ingen-sadan-kalla, ")
    commit(repo, "unknown_source")

    # A citation of a key the bibliography does not have, and a statement to re-check.
    page = sv / "roller/socialtjansten.md"
    edit(page, "\n## ", "\nKommunen ska svara inom en vecka [@okand-nyckel] [kontrollera 2027-06-01].\n\n## ")
    bump(page, "x.y", "x.y+1", "En mening om svarstid.")
    commit(repo, "unknown_cite")

    # The English page changed without its Swedish page.
    page = en / "roller/socialstyrelsen.md"
    edit(page, "\n## ", "\nSocialstyrelsen publishes guidance for social services.\n\n## ")
    bump(page, "x.y", "x.y+1", "A sentence on published guidance.")
    commit(repo, "en_only")
    return repo


def report_of(repo: Path, tag: str) -> subprocess.CompletedProcess:
    return review(repo, f"{tag}~1", tag)


def test_a_change_in_substance_with_a_bump_is_listed_with_its_version_note_and_translation(repo):
    result = report_of(repo, "bump")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    row = next(line for line in out.splitlines() if "docs/sv/roller/skatteverket.md" in line and line.startswith("|"))
    assert "Skatteverket" in row and "2.0 → 3.0" in row and "Ny mening om frågor till Skatteverket." in row
    assert "innehåll / content" in row and "utkast" in row
    # The English page was current and now is not: the reviewer gets the command that shows what changed.
    assert "`docs/en/roller/skatteverket.md` blir inaktuell / becomes outdated" in out
    assert "`python -m scripts translations --diff roller/skatteverket.md`" in out
    assert re.search(r"\| `docs/sv/roller/skatteverket.md` \| [\d.]+ \| [\d.]+ \| 40 \|", out)  # LIX before/after, and the limit
    assert "skatteverket-granskare: `docs/sv/roller/skatteverket.md`" in out
    assert "Inga fel. / No errors." in out
    assert out.splitlines()[4] == "**review: 1 page(s) (sv: 1 changed); no errors**"


def test_a_typo_fix_needs_no_bump_and_shows_the_words(repo):
    result = report_of(repo, "typo")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "stavning eller länk / typo or link only (`avhoppare` → `avhopare`)" in result.stdout
    # The Swedish text changed all the same: its translation is outdated.
    assert "`docs/en/roller/skatteverket.md` var redan inaktuell" in result.stdout


@pytest.mark.parametrize("old, new, minor", [
    ("Kriminalvårdn gör det.", "Kriminalvården gör det.", True),
    ("se [polisen](a.md) nu", "se [polisen](b.md) nu", True),
    ("inom 18 dagar", "inom 21 dagar", False),          # a figure
    ("SiS arbetar med unga", "SiS arbetar bara med unga", False),  # a word added
    ("får göra", "för göra", False),                    # a short word: another word
    ("a b c d e", "a1 b1 c1 d1 e1", False),              # too many words
])
def test_what_counts_as_a_typo(old, new, minor):
    from scripts.editor.review import minor_edits
    assert (minor_edits(old, new) is not None) is minor


def test_a_change_in_substance_without_a_bump_fails_with_file_and_line(repo):
    result = report_of(repo, "nobump")
    assert result.returncode == 1
    line = 1 + next(i for i, text in enumerate((repo / "docs/sv/roller/sis.md").read_text().splitlines())
                    if text.startswith("version:"))
    assert f"docs/sv/roller/sis.md:{line}: ERROR field 'version': the text readers read changed" in result.stderr
    assert f"`docs/sv/roller/sis.md:{line}`" in result.stdout
    assert "1 error(s)" in result.stdout
    # In CI (--github) each error is an annotation on the file and line.
    annotated = review(repo, "nobump~1", "nobump", "--github")
    assert annotated.returncode == 1
    assert f"::error file=docs/sv/roller/sis.md,line={line}::the text readers read changed" in annotated.stderr


def test_white_space_only_needs_no_bump(repo):
    result = report_of(repo, "space")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "bara blanksteg / whitespace only" in result.stdout
    assert "Ingen påverkan. / No effect." in result.stdout  # the translation stays current


def test_a_move_with_redirect_from_is_a_move_not_a_delete(repo):
    result = report_of(repo, "move_ok")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "`docs/sv/stod/boende.md` → `docs/sv/stod/bostad.md`" in result.stdout
    assert "`docs/en/stod/boende.md` → `docs/en/stod/bostad.md`" in result.stdout
    assert "flyttad / moved" in result.stdout and "borttagen / deleted" not in result.stdout


def test_a_move_without_redirect_from_fails_naming_the_new_file(repo):
    result = report_of(repo, "move_bad")
    assert result.returncode == 1
    assert re.search(r"docs/sv/stod/pengar-och-skulder.md:\d+: ERROR field 'redirect_from': moved from "
                     r"docs/sv/stod/ekonomi-och-skulder.md", result.stderr)
    assert "redirect_from: [stod/ekonomi-och-skulder.md]" in result.stderr


def test_a_deleted_page_without_a_redirect_fails_in_each_language(repo):
    result = report_of(repo, "delete")
    assert result.returncode == 1
    for lang in ("sv", "en"):
        assert f"docs/{lang}/stod/arbete-och-studier.md:1: ERROR field 'redirect_from': deleted" in result.stderr
    assert result.stdout.count("borttagen / deleted") == 2


def test_a_removed_checklist_item_id_fails_and_is_named(repo):
    result = report_of(repo, "checklist")
    assert result.returncode == 1
    assert re.search(r"data/checklists/forsta-motet.yml:\d+: ERROR field 'version': item id 'tid-och-plats'",
                     result.stderr)
    assert "`tid-och-plats`: **borta utan migrering: bockarna försvinner" in result.stdout


def test_an_unknown_source_key_fails(repo):
    result = report_of(repo, "unknown_source")
    assert result.returncode == 1
    assert re.search(r"docs/sv/roller/kriminalvarden.md:\d+: ERROR field 'sources': source key "
                     r"'ingen-sadan-kalla' is not in", result.stderr)
    assert "`docs/sv/roller/kriminalvarden.md`: + `ingen-sadan-kalla`" in result.stdout


def test_an_unknown_citation_fails_with_its_line_and_a_new_recheck_date_is_listed(repo):
    result = report_of(repo, "unknown_cite")
    assert result.returncode == 1
    line = 1 + next(i for i, text in enumerate((repo / "docs/sv/roller/socialtjansten.md").read_text().splitlines())
                    if "[@okand-nyckel]" in text)
    assert f"docs/sv/roller/socialtjansten.md:{line}: ERROR unknown source key 'okand-nyckel'" in result.stderr
    assert (f"- `docs/sv/roller/socialtjansten.md:{line}` kontrollera efter / re-check after 2027-06-01: "
            "Kommunen ska svara inom en vecka") in result.stdout
    assert result.stdout.count("kontrollera efter") == 1  # only the new one, not the page's earlier dates


def test_an_english_only_change_is_listed(repo):
    result = report_of(repo, "en_only")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "`docs/en/roller/socialstyrelsen.md` ändrad utan sin svenska sida / changed without its Swedish page" \
        in result.stdout
    assert "Läsbarhet" in result.stdout and "Ingen svensk text ändrad." in result.stdout


def test_the_whole_sequence_in_one_report_lists_every_case(repo):
    result = review(repo, "start", "en_only")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": ERROR " in line]
    assert len(errors) == 7, result.stderr  # nobump, move_bad, 2 x delete, checklist, unknown source, unknown cite
    summary = result.stdout.splitlines()[4]
    assert summary == ("**review: 11 page(s) (sv: 5 changed, 2 moved, 1 deleted; en: 1 changed, 1 moved, "
                       "1 deleted), 1 checklist(s); 7 error(s)**")
    assert review(repo, "start", "en_only", "--summary").stdout.strip() == summary.strip("*")


def test_the_working_tree_is_the_default_head_and_untracked_pages_count(repo, tmp_path):
    new = repo / "docs/sv/stod/ny-sida.md"
    new.write_text((repo / "docs/sv/stod/index.md").read_text(encoding="utf-8"), encoding="utf-8")
    try:
        result = review(repo, "HEAD")
        assert "`docs/sv/stod/ny-sida.md`" in result.stdout and "ny / added" in result.stdout
        assert "`docs/sv/stod/ny-sida.md` har ingen engelsk sida" in result.stdout
        assert "?? docs/sv/stod/ny-sida.md" in git(repo, "status", "--porcelain")  # the index is untouched
    finally:
        new.unlink()


def test_values_from_the_pull_request_cannot_add_markup_to_the_report(repo):
    page = repo / "docs/sv/roller/socialstyrelsen.md"
    original = page.read_text(encoding="utf-8")
    try:
        edit(page, 'title: "Socialstyrelsen"', 'title: "<img src=x onerror=alert(1)> [länk](https://example.org)"')
        result = review(repo, "HEAD")
        assert not re.search(r"(?<!\\)<img", result.stdout) and not re.search(r"(?<!\\)\]\(", result.stdout)
        assert "\\<img src=x onerror=alert(1)\\> \\[länk\\](https://example.org)" in result.stdout
    finally:
        page.write_text(original, encoding="utf-8")


def test_a_revision_that_cannot_be_read_is_a_clear_error(repo):
    for rev in ("no-such-branch", "--output=/tmp/x"):
        result = review(repo, "--", rev, "HEAD")
        assert result.returncode == 2
        assert f"cannot read the git revision {rev!r}" in result.stderr and "Traceback" not in result.stderr
