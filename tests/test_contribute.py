"""The contributor workflow (issue 11): edit and report links on every page,
CODEOWNERS generated from the pages and checked against them, the page
scaffolder, the version bump, the agency report, the fast link check behind the
pre-commit hook, the issue forms and pull request template, and a walk-through
of CONTRIBUTING.md from a fresh clone that runs the commands the document lists."""
from __future__ import annotations

import csv
import io
import os
import re
import shlex
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, git, html_pages, page_url, run_build
from scripts.editor import contribute, owners, scaffold
from scripts.content import data, schema
from scripts.content.pages import FRONT_MATTER_RE

REPO_URL = "https://example.invalid/org/repo"  # .invalid: a reserved name that never resolves
EDIT_URI = "edit/main/docs/"
NEW_PAGE = "for-kommuner/ny-sida.md"
NEW_ARGS = ["new", NEW_PAGE, "--title", "Ny sida", "--title-en", "New page", "--responsible", "socialstyrelsen",
            "--audience", "socialtjanst,samordnare", "--type", "guide"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def cli(repo: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """python -m scripts <args> with the repository's own copy of the scripts package."""
    return subprocess.run([sys.executable, "-m", "scripts", *args], cwd=repo, capture_output=True, text=True,
                          env={**ENV, **(env or {})})


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def front_matter(path: Path) -> dict:
    """A page's front matter read with plain YAML, independently of scripts/."""
    m = FRONT_MATTER_RE.match(path.read_text(encoding="utf-8"))
    return yaml.load(m.group(1), Loader=yaml.BaseLoader) if m else {}


# -- a temporary repository with a scaffolded page, built with a repository address --

@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory):
    """(repo, site, output of new): the repository with a page made by the scaffolder,
    built the way the deploy workflow builds it (REPO_URL and EDIT_URI set)."""
    from conftest import copy_repo
    repo = copy_repo(tmp_path_factory.mktemp("contribute") / "repo")
    made = cli(repo, *NEW_ARGS)
    assert made.returncode == 0, made.stdout + made.stderr
    result = run_build(repo, env={"REPO_URL": REPO_URL, "EDIT_URI": EDIT_URI})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return repo, repo / "site", made.stdout


def test_scaffolded_page_passes_every_check(scaffolded):
    repo, _, _ = scaffolded
    result = cli(repo, "check")
    assert result.returncode == 0, result.stdout[-3000:]
    assert not re.search(r"ERROR", result.stdout)
    # The one thing left to do is reported: the placeholder sources.
    assert re.search(rf"docs/sv/{NEW_PAGE}:\d+: WARNING field 'sources': still the placeholder", result.stdout)
    assert cli(repo, "check", "--links", f"docs/sv/{NEW_PAGE}", f"docs/en/{NEW_PAGE}").returncode == 0


def test_scaffolded_page_has_valid_front_matter_and_the_guide_shape(scaffolded):
    repo, _, _ = scaffolded
    today = schema.today()
    sv, en = front_matter(repo / "docs/sv" / NEW_PAGE), front_matter(repo / "docs/en" / NEW_PAGE)
    for meta, title in ((sv, "Ny sida"), (en, "New page")):
        assert meta["title"] == title
        assert (meta["status"], meta["version"], meta["responsible"], meta["type"]) == \
            ("utkast", "1.0", "socialstyrelsen", "guide")
        assert meta["audience"] == ["socialtjanst", "samordnare"]
        assert meta["reviewed"] == today.isoformat()
        assert meta["review_by"] == scaffold.one_year_after(today).isoformat()
        assert meta["changes"] == [{"version": "1.0", "date": today.isoformat(), "note": meta["changes"][0]["note"]}]
        assert all(key in data.bibliography() for key in meta["sources"])
    assert "translation" not in sv and set(en["translation"]) == {"source_hash", "source_version"}
    state = cli(repo, "translations").stdout
    assert re.search(rf"^{re.escape(NEW_PAGE)}\s+socialstyrelsen\s+1\.0\s+current\b", state, re.M), state
    sv_text = (repo / "docs/sv" / NEW_PAGE).read_text(encoding="utf-8")
    en_text = (repo / "docs/en" / NEW_PAGE).read_text(encoding="utf-8")
    assert re.findall(r"^## (.+)$", sv_text, re.M) == ["Det här behöver du veta", "Så här gör du", "Läs mer"]
    assert re.findall(r"^## (.+)$", en_text, re.M) == ["What you need to know", "What to do", "Read more"]
    assert "# TODO(sources)" in sv_text and "# TODO(sources)" in en_text


def test_scaffolded_page_is_in_the_nav_and_codeowners(scaffolded):
    repo, _, output = scaffolded
    nav = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    original = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # One line added, right after the last page of the same folder; everything else as it was.
    assert nav.replace(f"      - {NEW_PAGE}\n", "", 1) == original
    assert "      - for-kommuner/statligt-stod-for-enskilda-arenden.md\n      - for-kommuner/ny-sida.md\n" in nav
    codeowners = (repo / ".github/CODEOWNERS").read_text(encoding="utf-8")
    team = owners.team_of("socialstyrelsen")
    for lang in ("sv", "en"):
        assert f"/docs/{lang}/{NEW_PAGE} {team}\n" in codeowners
    assert "under För kommuner" in output


def test_scaffolded_page_builds_in_both_languages_and_appears_in_the_nav(scaffolded):
    _, site, _ = scaffolded
    for prefix, title, section, headings in (
            ("", "Ny sida", "För kommuner", ["Det här behöver du veta", "Så här gör du", "Läs mer"]),
            ("en/", "New page", "For municipalities", ["What you need to know", "What to do", "Read more"])):
        page = soup(site / prefix / "for-kommuner/ny-sida/index.html")
        assert page.html["lang"] == ("en" if prefix else "sv")
        assert page.select_one("article h1").get_text(strip=True) == title
        h2 = [h.get_text(strip=True) for h in page.select("article h2")]
        assert [h for h in h2 if h in headings] == headings, h2
        assert page.select_one(".kc-notice--fallback") is None and page.select_one(".kc-notice--outdated") is None
        # The navigation of another page of the section links to the new page.
        other = soup(site / prefix / "for-kommuner/index.html")
        links = [a for a in other.select("nav.md-nav--primary a.md-nav__link")
                 if a.get_text(strip=True) == title]
        assert links, f"{title} is not in the navigation of /{prefix}for-kommuner/"
        item = links[0].find_parent("li", class_="md-nav__item--nested")
        assert item is not None and section in item.get_text(" ", strip=True)


def test_new_refuses_to_overwrite_and_explains_a_folder_without_a_nav_section(scaffolded):
    repo, _, _ = scaffolded
    before = (repo / "docs/sv" / NEW_PAGE).read_text(encoding="utf-8")
    again = cli(repo, *NEW_ARGS)
    assert again.returncode == 1
    assert "already exist" in again.stderr and "Nothing was written" in again.stderr
    assert (repo / "docs/sv" / NEW_PAGE).read_text(encoding="utf-8") == before
    nav_before = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    args = [*NEW_ARGS]
    args[1] = "ny-mapp/sida.md"
    orphan = cli(repo, *args)
    assert orphan.returncode == 1
    assert "no section of nav in mkdocs.yml lists pages in ny-mapp/" in orphan.stderr
    assert not (repo / "docs/sv/ny-mapp").exists() and not (repo / "docs/en/ny-mapp").exists()
    assert (repo / "mkdocs.yml").read_text(encoding="utf-8") == nav_before
    bad = cli(repo, "new", "for-kommuner/x.md", "--title", "X", "--title-en", "X", "--responsible", "nobody",
              "--audience", "socialtjanst")
    assert bad.returncode == 1 and "--responsible: unknown value(s) 'nobody'" in bad.stderr


# -- edit and report links ----------------------------------------------------------

def expected_source(url: str) -> str | None:
    """The docs/ file a built page comes from, from its address alone (None: no file)."""
    lang, rest = ("en", url[3:]) if url.startswith("en/") else ("sv", url)
    if not rest.endswith("/") and rest:
        return None  # 404.html and the like
    stem = rest.rstrip("/")
    candidates = [f"{stem}.md", f"{stem}/index.md"] if stem else ["index.md"]
    for cand_lang in (lang, "sv"):
        for cand in candidates:
            if (ROOT / "docs" / cand_lang / cand).is_file():
                return f"{cand_lang}/{cand}"
    return None


def test_every_edit_link_points_at_the_pages_own_source_file(scaffolded):
    _, site, _ = scaffolded
    linked, content_pages = set(), 0
    for path in html_pages(site):
        url = page_url(site, path)
        page = soup(path)
        edits = [a["href"] for a in page.select('a[data-kc="edit-link"]')]
        if url.startswith(("for-kommuner/ny-sida/", "en/for-kommuner/ny-sida/")):
            assert edits == [f"{REPO_URL}/edit/main/docs/{url[:3] if url.startswith('en/') else 'sv/'}{NEW_PAGE}"]
            continue
        source = expected_source(url)
        if source is None:
            assert edits == [], f"{url} has no source file but links to {edits}"
            continue
        content_pages += 1
        assert edits == [f"{REPO_URL}/edit/main/docs/{source}"], url
        linked.add(source)
        labels = [a.get_text(strip=True) for a in page.select(".kc-contribute a")]
        assert labels[:2] == (["Suggest a change", "Report a problem"] if url.startswith("en/")
                              else ["Föreslå ändring", "Rapportera ett fel"]), url
        # Material's own icon-only edit button stays off.
        assert page.select("a.md-content__button") == [] and page.select('a[rel="edit"]') == []
    every_file = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    assert linked == every_file, sorted(every_file ^ linked)
    assert content_pages >= len(every_file)


def test_report_link_opens_the_error_form_with_the_page_address(scaffolded):
    _, site, _ = scaffolded
    forms = ROOT / ".github/ISSUE_TEMPLATE"
    for url in ("roller/sis/", "en/roller/sis/"):
        link = soup(site / url / "index.html").select_one('a[data-kc="report-link"]')
        parts = urlsplit(link["href"])
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPO_URL}/issues/new"
        query = parse_qs(parts.query)
        assert query["template"] == [contribute.ERROR_FORM] and (forms / contribute.ERROR_FORM).is_file()
        assert query[contribute.PAGE_FIELD][0].endswith("/" + url)
    # Archived versions have no source file to edit, but problems can still be reported.
    archived = [p for p in html_pages(site) if page_url(site, p).startswith("arkiv/") and soup(p).select("article")]
    for path in archived:
        assert soup(path).select('a[data-kc="edit-link"]') == []


def test_a_local_build_shows_no_contribute_links(site_dir):
    """Without REPO_URL (local builds) no page invents a repository address."""
    for path in html_pages(site_dir):
        assert soup(path).select(".kc-contribute") == [], page_url(site_dir, path)


def test_edit_url_is_joined_like_mkdocs():
    assert contribute.edit_url(REPO_URL, EDIT_URI, "sv/roller/sis.md") == f"{REPO_URL}/edit/main/docs/sv/roller/sis.md"
    assert contribute.edit_url(REPO_URL + "/", "edit/main/docs", "en/index.md") == f"{REPO_URL}/edit/main/docs/en/index.md"
    assert contribute.edit_url("", EDIT_URI, "sv/index.md") is None
    assert contribute.edit_url(REPO_URL, "", "sv/index.md") is None
    assert contribute.issue_url("") is None


# -- CODEOWNERS -------------------------------------------------------------------

def test_codeowners_in_the_repository_matches_the_pages():
    from scripts.content.site import Site
    problems = [p for p in owners.check(Site.load(ROOT)) if p.severity == "error"]
    assert problems == [], "\n".join(map(str, problems))
    text = (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8")
    for path in (ROOT / "docs").rglob("*.md"):
        meta = front_matter(path)
        team = owners.team_of(meta["responsible"])
        assert f"/{path.relative_to(ROOT).as_posix()} {team}\n" in text
    editorial = owners.handle(yaml.safe_load((ROOT / "data/owners.yml").read_text())["editorial"])
    for folder in ("/data/", "/scripts/", "/overrides/"):
        assert f"{folder} {editorial}\n" in text


def test_every_responsible_body_has_a_review_team_named_by_role():
    config = yaml.safe_load((ROOT / "data/owners.yml").read_text(encoding="utf-8"))
    assert set(config["teams"]) == set(data.list_keys("responsible"))
    assert config["organisation"] == owners.PLACEHOLDER  # never an invented organisation
    for body, team in config["teams"].items():
        assert body in team  # named after the body and its role, not after a person


def test_codeowners_disagreeing_with_front_matter_fails_check(make_repo):
    repo = make_repo()
    page = repo / "docs/sv/roller/polisen.md"
    page.write_text(page.read_text(encoding="utf-8").replace("responsible: polismyndigheten",
                                                             "responsible: kriminalvarden", 1), encoding="utf-8")
    result = cli(repo, "check")
    assert result.returncode == 1
    lines = (repo / ".github/CODEOWNERS").read_text(encoding="utf-8").splitlines()
    n = lines.index(f"/docs/sv/roller/polisen.md {owners.team_of('polismyndigheten')}") + 1
    assert re.search(rf"^\.github/CODEOWNERS:{n}: ERROR line {n} gives docs/sv/roller/polisen\.md to "
                     rf"{re.escape(owners.team_of('polismyndigheten'))}, but the page says responsible: kriminalvarden",
                     result.stdout, re.M), result.stdout[-3000:]
    assert "python -m scripts owners --write" in result.stdout

    # A page added by hand, without regenerating: the page is named.
    extra = repo / "docs/sv/roller/ny-roll.md"
    extra.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    result = cli(repo, "check")
    assert re.search(r"^docs/sv/roller/ny-roll\.md:\d+: ERROR field 'responsible': \.github/CODEOWNERS has no "
                     r"line for this page", result.stdout, re.M), result.stdout[-3000:]
    extra.unlink()

    written = cli(repo, "owners", "--write")
    assert written.returncode == 0 and "wrote .github/CODEOWNERS" in written.stdout
    assert cli(repo, "check").returncode == 0
    assert f"/docs/sv/roller/polisen.md {owners.team_of('kriminalvarden')}" in \
        (repo / ".github/CODEOWNERS").read_text(encoding="utf-8")

    # Edited by hand (a line moved): caught even though every page still has its line.
    codeowners = repo / ".github/CODEOWNERS"
    lines = codeowners.read_text(encoding="utf-8").splitlines(keepends=True)
    first_page = next(i for i, line in enumerate(lines) if line.startswith("/docs/"))
    lines.append(lines.pop(first_page))
    codeowners.write_text("".join(lines), encoding="utf-8")
    result = cli(repo, "check")
    assert result.returncode == 1 and re.search(r"\.github/CODEOWNERS:\d+: ERROR .*differs", result.stdout)

    # A responsible body without a review team.
    config = repo / "data/owners.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  sis: sis-granskare\n", ""), encoding="utf-8")
    result = cli(repo, "check")
    assert result.returncode == 1 and "field 'teams.sis': missing review team" in result.stdout


# -- the agency report -----------------------------------------------------------------

def pages_of(body: str) -> set[str]:
    """Every page file whose front matter names `body`, read without scripts/."""
    return {p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").rglob("*.md")
            if front_matter(p).get("responsible") == body}


@pytest.mark.parametrize("body", ["polismyndigheten", "sis", "redaktionen"])
def test_agency_report_lists_exactly_the_bodys_pages(body):
    expected = pages_of(body)
    assert expected
    text = cli(ROOT, "report", "--responsible", body)
    assert text.returncode == 0, text.stderr
    listed = {line.split()[0] for line in text.stdout.splitlines() if line.startswith("docs/")}
    assert listed == expected
    table = list(csv.DictReader(io.StringIO(cli(ROOT, "report", "--responsible", body, "--format", "csv").stdout)))
    assert {row["file"] for row in table} == expected
    assert len(table) == len(expected)
    states = {line.split()[0]: line.split()[3] for line in cli(ROOT, "translations").stdout.splitlines()
              if line.split() and line.split()[0].endswith(".md")}
    for row in table:
        meta = front_matter(ROOT / row["file"])
        assert (row["status"], row["version"], row["reviewed"], row["review_by"]) == \
            (meta["status"], meta["version"], meta["reviewed"], meta["review_by"])
        assert row["lang"] == row["file"].split("/")[1]
        assert row["translation"] == states[row["key"]]
        assert row["overdue"] == "no"


def test_agency_report_flags_overdue_reviews():
    """With today pinned after every review date, every row is overdue, in text and CSV."""
    later = {"KC_TODAY": "2099-01-01"}
    table = list(csv.DictReader(io.StringIO(
        cli(ROOT, "report", "--responsible", "polismyndigheten", "--format", "csv", env=later).stdout)))
    assert table and all(row["overdue"] == "yes" for row in table)
    text = cli(ROOT, "report", "--responsible", "polismyndigheten", env=later).stdout
    assert all("OVERDUE" in line for line in text.splitlines() if line.startswith("docs/"))
    assert f"Overdue reviews: {len(table)}" in text


def test_agency_report_refuses_an_unknown_body():
    result = cli(ROOT, "report", "--responsible", "nobody")
    assert result.returncode != 0 and "invalid choice" in result.stderr


# -- bump --------------------------------------------------------------------------------

def test_bump_raises_the_version_and_adds_the_change_entry_only():
    import datetime as dt
    text = ('---\ntitle: "Sida"\nversion: "1.2"  # a comment\nchanges:\n  - version: "1.2"\n    date: 2026-01-01\n'
            "    note: Förra.\nsources: [a]\n---\n\n# Sida\n")
    minor, old, new = scaffold.bump_text(text, "minor", "Förtydligat: vem som gör vad.", dt.date(2026, 12, 1))
    assert (old, new) == ("1.2", "1.3")
    assert minor == text.replace('version: "1.2"  # a comment', 'version: "1.3"').replace(
        "changes:\n", 'changes:\n  - version: "1.3"\n    date: 2026-12-01\n    note: "Förtydligat: vem som gör vad."\n')
    meta = yaml.safe_load(FRONT_MATTER_RE.match(minor).group(1))
    assert meta["changes"][0]["note"] == "Förtydligat: vem som gör vad."
    major, _, new = scaffold.bump_text(text, "major", "Ny text.", dt.date(2026, 12, 1))
    assert new == "2.0" and 'version: "2.0"' in major
    with pytest.raises(scaffold.ScaffoldError):
        scaffold.bump_text("---\ntitle: x\n---\n", "minor", "x", dt.date(2026, 12, 1))


# -- the fast link check and the pre-commit hooks -------------------------------------------

def pre_commit_hooks() -> dict[str, dict]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return {h["id"]: h for repo in config["repos"] if repo["repo"] == "local" for h in repo["hooks"]}


def run_hook(repo: Path, hook: dict, changed: list[str]) -> subprocess.CompletedProcess:
    """Run a hook the way pre-commit does: its entry, plus the changed files its pattern selects."""
    entry = shlex.split(hook["entry"])
    assert entry[0] == ".venv/bin/python"
    files = [f for f in changed if re.search(hook.get("files", ""), f)]
    args = [sys.executable, *entry[1:]] + (files if hook.get("pass_filenames", True) else [])
    return subprocess.run(args, cwd=repo, capture_output=True, text=True, env=ENV)


def test_pre_commit_runs_the_fast_checks_and_stops_broken_links(make_repo):
    hooks = pre_commit_hooks()
    assert {"kc-check", "kc-links"} <= set(hooks)
    repo = make_repo()
    page = "docs/sv/roller/sis.md"
    clean = [run_hook(repo, hook, [page]) for hook in hooks.values()]
    assert all(r.returncode == 0 for r in clean), [r.stdout[-2000:] for r in clean]

    path = repo / page
    path.write_text(path.read_text(encoding="utf-8") + "\nSe [polisen](polisen.md#finns-inte), [saknas](saknas.md) "
                    "och [rubriken](#finns-inte-heller).\n\n```\n[kod](inte-en-lank.md)\n```\n", encoding="utf-8")
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("Se [polisen]"))
    result = run_hook(repo, hooks["kc-links"], [page, "README.md"])
    assert result.returncode == 1
    out = result.stdout
    assert f"{page}:{line}: ERROR link 'polisen.md#finns-inte': docs/sv/roller/polisen.md has no heading or id" in out
    assert f"{page}:{line}: ERROR link 'saknas.md': no such file" in out
    assert "'#finns-inte-heller'" in out and "inte-en-lank" not in out
    assert "1 page(s) checked for links: 3 broken link(s)." in out

    # An English page may link to a page that exists only in Swedish (the reader gets the fallback).
    (repo / "docs/en/roller/skatteverket.md").unlink(missing_ok=True)
    en = repo / "docs/en/roller/sis.md"
    en.write_text(en.read_text(encoding="utf-8") + "\n[Tax](skatteverket.md) [Police](polisen.md#what-the-police-are-responsible-for)\n",
                  encoding="utf-8")
    result = cli(repo, "check", "--links", "docs/en/roller/sis.md")
    assert result.returncode == 0, result.stdout

    # CODEOWNERS drift is caught by the kc-check hook when CODEOWNERS itself is edited.
    codeowners = repo / ".github/CODEOWNERS"
    codeowners.write_text(codeowners.read_text(encoding="utf-8").replace("sis-granskare", "someone-else"),
                          encoding="utf-8")
    assert run_hook(repo, hooks["kc-check"], [".github/CODEOWNERS"]).returncode == 1


def test_links_in_every_page_resolve():
    result = cli(ROOT, "check", "--links")
    assert result.returncode == 0, result.stdout[-3000:]


# -- issue forms and the pull request template ----------------------------------------

def test_issue_forms_are_bilingual_and_match_the_links_and_lists():
    forms = ROOT / ".github/ISSUE_TEMPLATE"
    config = yaml.safe_load((forms / "config.yml").read_text(encoding="utf-8"))
    assert config["blank_issues_enabled"] is False
    names = {contribute.ERROR_FORM, contribute.NEW_GUIDANCE_FORM, contribute.TRANSLATION_FORM}
    assert names <= {p.name for p in forms.glob("*.yml")}
    for name in names:
        form = yaml.safe_load((forms / name).read_text(encoding="utf-8"))
        assert " / " in form["name"] and " / " in form["description"]
        for item in form["body"]:
            attrs = item["attributes"]
            if item["type"] == "markdown":
                assert "public" in attrs["value"] and "offentligt" in attrs["value"]
                # Swedish first.
                assert attrs["value"].index("offentligt") < attrs["value"].index("public")
            else:
                assert " / " in attrs["label"], attrs["label"]
    error = yaml.safe_load((forms / contribute.ERROR_FORM).read_text(encoding="utf-8"))
    assert contribute.PAGE_FIELD in {item.get("id") for item in error["body"]}
    proposal = yaml.safe_load((forms / contribute.NEW_GUIDANCE_FORM).read_text(encoding="utf-8"))
    options = {item["id"]: " | ".join(item["attributes"]["options"]) for item in proposal["body"]
               if item["type"] == "dropdown"}
    for key in data.list_keys("audiences"):
        assert data.label("audiences", key, "sv") in options["audience"]
    for key in data.list_keys("responsible"):
        assert data.label("responsible", key, "sv") in options["responsible"]


def test_pull_request_template_is_bilingual_and_asks_for_approval():
    text = (ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    for sv, en in (("Vad ändras?", "What changes?"), ("Granskning och status", "Review and status"),
                   ("Inga personuppgifter", "No personal data")):
        assert sv in text and en in text and text.index(sv) < text.index(en)
    assert "fastställd" in text and "python -m scripts bump" in text


# -- the site's Contribute page ------------------------------------------------------------

def test_contribute_page_explains_the_process_in_both_languages(site_dir):
    # "Var länkarna finns" / "Where the links are": the links exist only when the
    # build knows the repository, and the page says so (issue #19).
    for url, h2s in (("bidra/", ["Var länkarna finns", "Rapportera ett fel", "Föreslå en ändring",
                                 "Så granskas en ändring", "Vad statusen betyder", "Översättningar"]),
                     ("en/bidra/", ["Where the links are", "Report a problem", "Suggest a change",
                                    "How a change is reviewed", "What the statuses mean", "Translations"])):
        page = soup(site_dir / url / "index.html")
        headings = [h.get_text(strip=True) for h in page.select("article h2")]
        assert all(h in headings for h in h2s), headings
        assert page.select_one('[data-source="ju2021-03331-pressmeddelande"]') is not None
    meta = front_matter(ROOT / "docs/sv/bidra/index.md")
    assert (meta["version"], meta["responsible"], meta["changes"][0]["version"]) == ("1.1", "redaktionen", "1.1")


# -- CONTRIBUTING, followed from a fresh clone ------------------------------------------------

WALKTHROUGH_RE = re.compile(r"<!-- walkthrough: (\w+) -->\n```(?:sh|bash)\n(.*?)```", re.S)


def walkthroughs(path: Path) -> dict[str, str]:
    """{name: the commands of every block marked <!-- walkthrough: name -->} of a document."""
    blocks: dict[str, str] = {}
    for name, body in WALKTHROUGH_RE.findall(path.read_text(encoding="utf-8")):
        blocks[name] = blocks.get(name, "") + body
    return blocks


def commands(script: str) -> list[str]:
    return [line for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def fresh_clone(tmp_path: Path, name: str) -> Path:
    """A clone of a 'remote' that is itself a clone of this repository's history,
    so `git push` in the walk-through goes to the temporary remote."""
    remote = tmp_path / f"{name}-remote.git"
    if not remote.exists():
        subprocess.run(["git", "clone", "-q", "--bare", str(ROOT), str(remote)], check=True, capture_output=True)
    clone = tmp_path / name
    subprocess.run(["git", "clone", "-q", str(remote), str(clone)], check=True, capture_output=True)
    return clone


def walk(clone: Path, script: str) -> subprocess.CompletedProcess:
    """Run the commands with `python` being this project's .venv Python (what
    `make install` and `. .venv/bin/activate` give a contributor)."""
    env = {**ENV, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid"}
    return subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=clone, capture_output=True,
                          text=True, env=env)


def test_contributing_walkthroughs_are_the_same_in_both_languages():
    en, sv = walkthroughs(ROOT / "CONTRIBUTING.md"), walkthroughs(ROOT / "CONTRIBUTING.sv.md")
    assert set(en) == {"change", "new"} and set(sv) == set(en)
    for name in en:
        assert commands(en[name]) == commands(sv[name]), name


def test_following_contributing_from_a_fresh_clone_changes_a_page(tmp_path):
    script = walkthroughs(ROOT / "CONTRIBUTING.md")["change"]
    assert "python -m scripts bump" in script and "python -m scripts check" in script
    clone = fresh_clone(tmp_path, "change")
    before = front_matter(clone / "docs/sv/roller/sis.md")
    result = walk(clone, script)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    after = front_matter(clone / "docs/sv/roller/sis.md")
    major, minor = map(int, before["version"].split("."))
    assert after["version"] == f"{major}.{minor + 1}"
    assert after["changes"][0]["version"] == after["version"]
    assert (clone / "site/roller/sis/index.html").is_file()
    assert git(clone, "status", "--porcelain", "--", "docs").strip() == ""
    assert git(clone, "log", "-1", "--name-only", "--format=").split() == ["docs/sv/roller/sis.md"]
    branch = re.search(r"git switch -c (\S+)", script).group(1)
    assert git(tmp_path / "change-remote.git", "branch", "--list", branch).strip().endswith(branch)


def test_following_contributing_from_a_fresh_clone_creates_a_page(tmp_path):
    script = walkthroughs(ROOT / "CONTRIBUTING.md")["new"]
    clone = fresh_clone(tmp_path, "new")
    result = walk(clone, script)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    committed = set(git(clone, "log", "-1", "--name-only", "--format=").split())
    assert committed == {f"docs/sv/{NEW_PAGE}", f"docs/en/{NEW_PAGE}", "mkdocs.yml", ".github/CODEOWNERS"}
    assert git(clone, "status", "--porcelain").strip() == ""


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", unicodedata.normalize("NFC", heading.strip().lower()))
    return text.replace(" ", "-")


@pytest.mark.parametrize("name", ["CONTRIBUTING.md", "CONTRIBUTING.sv.md"])
def test_contributing_links_resolve(name):
    anchors: dict[str, set[str]] = {}

    def anchors_of(file: str) -> set[str]:
        if file not in anchors:
            text = re.sub(r"```.*?```", "", (ROOT / file).read_text(encoding="utf-8"), flags=re.S)
            anchors[file] = {github_slug(h) for h in re.findall(r"^#+ (.+)$", text, re.M)}
        return anchors[file]

    text = (ROOT / name).read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)\s]+)\)", re.sub(r"```.*?```", "", text, flags=re.S))
    assert links
    for link in links:
        if re.match(r"^[a-z]+://", link):
            continue
        file, _, anchor = link.partition("#")
        file = file or name
        assert (ROOT / file).is_file(), link
        if anchor and file.endswith(".md"):
            assert anchor in anchors_of(file), f"{name}: {link}"
