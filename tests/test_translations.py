"""Translation management on throw-away git repositories with their own dated
commits: outdated translations get a dated notice and show up in the
`translations` table and on the status page, `--diff` shows what changed in
Swedish, `--mark` makes a page current again, changes that do not alter the
meaning leave translations current, and broken markers and orphan pages fail
`check` and the build."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO_PARTS, ROOT, git, run_build
from scripts.content import data, translations
from scripts.build import facts
from scripts.content.pages import parse

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def cli(repo: Path, *args: str) -> subprocess.CompletedProcess:
    """python -m scripts <args> with the repository's own copy of the scripts package."""
    return subprocess.run([sys.executable, "-m", "scripts", *args], cwd=repo,
                          capture_output=True, text=True, env=ENV)


def edit(path: Path, pattern: str, replacement: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(pattern, replacement, text, count=count, flags=re.M)
    assert n, f"{pattern!r} not found in {path}"
    path.write_text(new, encoding="utf-8")


def commit(repo: Path, message: str, date: str) -> None:
    git(repo, "add", "-A")
    # --allow-empty: marking may change nothing when every translation is already current.
    git(repo, "commit", "-q", "--allow-empty", "-m", message, date=date)


def rows(table: str) -> dict[str, list[str]]:
    """The CLI table as {page key: [columns...]}."""
    return {cols[0]: cols for line in table.splitlines() if (cols := line.split()) and cols[0].endswith(".md")}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def outdated_notice(site: Path, url: str):
    return soup(site / url / "index.html").select_one(".kc-notice--outdated")


SUBSTANCE_DATE, WHITESPACE_DATE, MISSING_DATE = "2026-02-10", "2026-02-01", "2026-02-12"


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    """A repository where, after every translation was marked: one Swedish page changed
    in substance, one only in white space, one only in metadata, and one English page
    was deleted. Built once."""
    repo = tmp_path_factory.mktemp("translations") / "repo"
    repo.mkdir()
    for part in REPO_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, repo / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, repo / part)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Initial state", "2026-01-15")
    assert cli(repo, "translations", "--mark-all").returncode == 0
    commit(repo, "Mark every translation", "2026-01-20")

    sv = repo / "docs/sv"
    # White space only: extra blank lines, trailing spaces.
    polisen = sv / "roller/polisen.md"
    head, body = polisen.read_text(encoding="utf-8").split("\n---\n", 1)
    body = "\n".join(line + " " if line.strip() else line for line in body.split("\n"))
    polisen.write_text(head + "\n---\n\n" + body.replace("\n\n", "\n\n\n") + "\n", encoding="utf-8")
    # Metadata only: review dates and keywords.
    social = sv / "roller/socialtjansten.md"
    edit(social, r"^reviewed: .*$", "reviewed: 2026-02-01")
    edit(social, r"^review_by: .*$", "review_by: 2027-02-01")
    edit(social, r"^keywords: .*$", "keywords: [testord]")  # the page has keywords: a second line would be a duplicate key
    commit(repo, "Re-wrap and review, no change in substance", WHITESPACE_DATE)

    sis = sv / "roller/sis.md"
    edit(sis, r"^description: (?![>|]).*$", "description: En helt ny beskrivning av SiS.")
    sis.write_text(sis.read_text(encoding="utf-8") + "\nEn ny mening som ändrar innehållet.\n", encoding="utf-8")
    commit(repo, "Change the SiS page in substance", SUBSTANCE_DATE)

    (repo / "docs/en/roller/skatteverket.md").unlink()
    commit(repo, "Drop an English page", MISSING_DATE)

    result = run_build(repo)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return repo


def test_outdated_page_carries_a_dated_notice_linking_to_the_swedish_page(story):
    site = story / "site"
    notice = outdated_notice(site, "en/roller/sis")
    assert notice is not None, "the changed page must say its translation is out of date"
    assert notice.get("role") == "note"
    text = notice.get_text(" ", strip=True)
    assert "Swedish original of this page changed on" in text
    assert facts.format_date(SUBSTANCE_DATE, "en") in text
    assert notice.select_one("time")["datetime"] == SUBSTANCE_DATE
    link = notice.select_one("a[hreflang=sv]")
    assert link["href"].endswith("/roller/sis/") and "/en/" not in link["href"]
    # Unchanged meaning: no notice. The Swedish page never has one.
    for url in ("en/roller/polisen", "en/roller/socialtjansten", "en/roller/kriminalvarden", "roller/sis"):
        assert outdated_notice(site, url) is None, url


def test_cli_table_lists_each_status_with_its_date(story):
    result = cli(story, "translations")
    assert result.returncode == 0, result.stderr
    table = rows(result.stdout)
    assert table["roller/sis.md"][3:5] == ["outdated", SUBSTANCE_DATE]
    # White-space-only and metadata-only changes leave the translation current.
    assert table["roller/polisen.md"][3] == "current"
    assert table["roller/socialtjansten.md"][3] == "current"
    assert table["roller/skatteverket.md"][3:5] == ["missing", "2026-01-15"]
    # page, responsible body, Swedish version
    sis = parse((story / "docs/sv/roller/sis.md").read_text(), Path(), "", "sv", "roller/sis.md")
    assert table["roller/sis.md"][1:3] == [sis.meta["responsible"], sis.meta["version"]]
    only = rows(cli(story, "translations", "--status", "outdated").stdout)
    assert list(only) == ["roller/sis.md"]


def test_status_page_lists_outdated_and_missing_pages_in_each_language(story):
    site = story / "site"
    for lang, prefix in (("en", "en/"), ("sv", "")):
        ui = data.strings(lang)
        doc = soup(site / prefix / "om/oversattningsstatus/index.html")
        content = doc.select_one("article") or doc
        status_of = {}
        for tr in content.select("tr"):
            cells = tr.select("td")
            link = tr.select_one("td a[href]")
            if link and len(cells) == 4:
                status_of[link["href"].split("#")[0]] = cells[2].get_text(strip=True)
        assert status_of["../../roller/sis/"] == ui["translation_outdated"], lang
        assert status_of["../../roller/skatteverket/"] == ui["translation_missing"], lang
        assert status_of["../../roller/polisen/"] == ui["translation_current"], lang
        # The summary counts one outdated and one missing page.
        table = next(t for t in content.select("table") if ui["translation_meaning"] in t.get_text())
        summary = {tr.select("td")[0].get_text(strip=True): tr.select("td")[-1].get_text(strip=True)
                   for tr in table.select("tbody tr")}
        assert summary[ui["translation_outdated"]] == "1", lang
        assert summary[ui["translation_missing"]] == "1", lang
        # Grouped by responsible body, in the page's language.
        headings = [h.get_text(strip=True) for h in content.select("h2")]
        assert data.label("responsible", "sis", lang) in headings, lang


def test_diff_shows_what_changed_in_swedish_since_the_translation(story):
    result = cli(story, "translations", "--diff", "docs/en/roller/sis.md")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert re.search(r"^-description: ", out, re.M)
    assert "+description: En helt ny beskrivning av SiS." in out
    assert "+En ny mening som ändrar innehållet." in out
    assert "2026-01-15" in out and SUBSTANCE_DATE in out  # the translated state and the change
    assert "reviewed:" not in out  # metadata is not part of what is translated
    current = cli(story, "translations", "--diff", "roller/polisen.md")
    assert "translation is current" in current.stdout


def test_outdated_and_missing_are_reported_by_check_but_do_not_fail_it(story):
    result = cli(story, "check")
    out = result.stdout
    assert "docs/en/roller/sis.md" in out and f"changed on {SUBSTANCE_DATE}" in out
    assert re.search(r"docs/sv/roller/skatteverket\.md: WARNING .*no English translation", out)
    assert not re.search(r"ERROR.*translation", out), out


def test_mark_makes_the_translation_current_again_and_the_notice_goes(story, tmp_path):
    repo = tmp_path / "clone"
    git(story, "clone", "-q", str(story), str(repo))
    page = repo / "docs/en/roller/sis.md"
    before = page.read_text(encoding="utf-8")
    result = cli(repo, "translations", "--mark", "roller/sis")
    assert result.returncode == 0, result.stderr
    assert "docs/en/roller/sis.md" in result.stdout
    # Only the marker lines changed: the rest of the file is as the translator wrote it.
    changed = [line for line in git(repo, "diff", "-U0", "--", "docs/en/roller/sis.md").splitlines()
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed and all(re.match(r"^[+-]  source_hash: [0-9a-f]{12}$", line) for line in changed), changed
    after = page.read_text(encoding="utf-8")
    assert after.replace(re.search(r"source_hash: \w+", after).group(0), "") == \
        before.replace(re.search(r"source_hash: \w+", before).group(0), "")
    assert rows(cli(repo, "translations").stdout)["roller/sis.md"][3] == "current"
    result = run_build(repo)
    assert result.returncode == 0, result.stderr[-3000:]
    assert outdated_notice(repo / "site", "en/roller/sis") is None


def test_broken_marker_orphan_and_unmarked_page_fail_with_clear_messages(make_repo):
    repo = make_repo()
    assert cli(repo, "translations", "--mark-all").returncode == 0
    commit(repo, "Mark every translation", "2026-01-20")
    en = repo / "docs/en"
    broken = en / "roller/polisen.md"
    edit(broken, r"source_hash: \w+", "source_hash: 0123456789ab")  # a state that never existed
    broken_line = broken.read_text().splitlines().index("translation:") + 1
    shutil.copy(en / "roller/sis.md", en / "roller/ingen-svensk-sida.md")  # an orphan
    unmarked = en / "roller/kriminalvarden.md"
    edit(unmarked, r"^translation:\n(  .*\n)+", "")
    malformed = en / "roller/sis.md"
    edit(malformed, r"source_hash: \w+", "source_hash: inte-en-hash")

    result = cli(repo, "check")
    out = result.stdout
    assert result.returncode == 1
    assert (f"docs/en/roller/polisen.md:{broken_line}: ERROR field 'translation': "
            "source_hash 0123456789ab points at nothing") in out
    assert "translations --mark roller/polisen.md" in out
    assert re.search(r"docs/en/roller/ingen-svensk-sida\.md:1: ERROR .*without a Swedish source: "
                     r"docs/sv/roller/ingen-svensk-sida\.md does not exist", out)
    assert re.search(r"docs/en/roller/kriminalvarden\.md:\d+: ERROR field 'translation': missing.*"
                     r"--mark roller/kriminalvarden\.md", out)
    assert re.search(r"docs/en/roller/sis\.md:\d+: ERROR field 'translation': source_hash 'inte-en-hash'", out)
    table = rows(cli(repo, "translations").stdout)
    assert table["roller/polisen.md"][3] == "broken"
    assert table["roller/ingen-svensk-sida.md"][3] == "orphan"
    assert table["roller/kriminalvarden.md"][3] == "unmarked"

    build = run_build(repo)
    log = build.stdout + build.stderr
    assert build.returncode != 0
    assert not (repo / "site").exists()
    assert "docs/en/roller/polisen.md" in log and "points at nothing" in log
    assert "docs/en/roller/ingen-svensk-sida.md" in log
    # An unmarked page is reported by check, but does not stop a preview build.
    assert not re.search(r"kriminalvarden\.md:\d+: ERROR", log)


def test_a_current_translation_citing_other_sources_fails_check_but_not_the_build(make_repo):
    repo = make_repo()
    en = repo / "docs/en/roller/sis.md"
    page = parse(en.read_text(), en, "docs/en/roller/sis.md", "en", "roller/sis.md")
    listed = ", ".join(page.meta["sources"])
    # A source list is not part of the translated text: the page stays current.
    # (One source more, so every key the text cites stays listed.)
    edit(en, r"^sources: \[[^\]]*\]", f"sources: [{listed}, sou23-forebyggande-socialtjanstlag]")
    sources_line = en.read_text().splitlines().index(f"sources: [{listed}, sou23-forebyggande-socialtjanstlag]") + 1

    result = cli(repo, "check")
    assert result.returncode == 1
    assert re.search(rf"docs/en/roller/sis\.md:{sources_line}: ERROR field 'sources': cites other sources than "
                     r"docs/sv/roller/sis\.md.*only in English: sou23-forebyggande-socialtjanstlag", result.stdout), result.stdout
    build = run_build(repo)
    assert build.returncode == 0, build.stderr[-2000:]


def test_without_git_history_an_outdated_page_is_outdated_not_broken(tmp_path):
    repo = tmp_path / "export"
    for part in REPO_PARTS:
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, repo / part)
    assert cli(repo, "translations", "--mark", "roller/sis.md").returncode == 0
    edit(repo / "docs/sv/roller/sis.md", r"^description: .*$", "description: Ändrad.")
    table = rows(cli(repo, "translations").stdout)
    assert table["roller/sis.md"][3] == "outdated"
    assert table["roller/sis.md"][4] == "-"  # no history, no date
    assert "ERROR" not in "\n".join(line for line in cli(repo, "check").stdout.splitlines()
                                    if "roller/sis.md" in line)


def test_hash_ignores_white_space_and_other_fields_but_not_words():
    text = ("---\ntitle: Sida\ndescription: Om något.\nreviewed: 2026-01-01\n---\n\n"
            "# Sida\n\nEn mening om något.\n\n- punkt\n")
    def h(t):
        return translations.source_hash(parse(t, Path(), "", "sv", "x.md"))
    base = h(text)
    assert h(text.replace("En mening", "En\n   mening").replace("\n\n", "\n\n\n")) == base
    assert h(text.replace("reviewed: 2026-01-01", "reviewed: 2026-06-01\nstatus: remiss")) == base
    for changed in (text.replace("mening", "men ing"), text.replace("Sida\ndesc", "Sidan\ndesc"),
                    text.replace("Om något.", "Om annat."), text.replace("- punkt", "* punkt")):
        assert h(changed) != base, changed


def test_mark_edits_only_the_marker_and_keeps_the_rest_as_written():
    sv = parse("---\ntitle: T\nversion: \"1.2\"\n---\n\nText.\n", Path(), "", "sv", "x.md")
    new_marker = f"translation:\n  source_hash: {translations.source_hash(sv)}\n  source_version: \"1.2\"\n"
    # No marker yet: appended at the end of the front matter, nothing else moves.
    en = "---\ntitle:   'T'   # a comment\nchanges:\n  - {version: \"1.0\"}\n---\n\n# T\n"
    assert translations.with_marker(en, sv) == en.replace("\n---\n\n", "\n" + new_marker + "---\n\n")
    # An old marker in flow style or block style is replaced in place.
    for old in ("translation: {source_hash: 000000000000}\n",
                "translation:\n  source_hash: 000000000000\n  source_version: \"1.0\"\n"):
        en = f"---\ntitle: T\n{old}keywords: [a]\n---\nBody\n"
        assert translations.with_marker(en, sv) == f"---\ntitle: T\n{new_marker}keywords: [a]\n---\nBody\n"


def test_every_english_page_in_the_repository_records_a_valid_translation_state():
    """The CI gate on the real content: no unmarked, broken or orphan English page."""
    from scripts.content.site import Site
    problems = [p for p in translations.check(Site.load(ROOT)) if p.severity == "error"]
    assert not problems, (f"{len(problems)} English page(s) without a valid translation state; "
                          "python -m scripts check lists them:\n" + "\n".join(map(str, problems[:5])))
