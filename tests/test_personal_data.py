"""The personal-data guard (scripts/privacy.py): personal identity numbers and
coordination numbers (date and Luhn checks, 10 or 12 digits, "-", "+" or no
separator), e-mail addresses and phone numbers not on the allow-list, in the
sources and in the built site. A planted number fails `python -m scripts check`,
the pre-commit hook and the build, each naming the file and line."""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT, run_build
from scripts import privacy

FIXTURES = yaml.safe_load((ROOT / "tests/fixtures/personal-data.yml").read_text(encoding="utf-8"))
PNR = FIXTURES["personnummer"][0]          # Skatteverket test number, 12 digits
SAMO = FIXTURES["samordningsnummer"][0]    # Skatteverket's coordination number example


@pytest.mark.parametrize("number", FIXTURES["personnummer"])
def test_personal_identity_numbers_are_recognised_in_every_form(number):
    assert privacy.identity_kind(number) == "personnummer"
    assert [f.kind for f in privacy.scan_text(f"Personnummer {number}.", {})] == ["personnummer"]


@pytest.mark.parametrize("number", FIXTURES["samordningsnummer"])
def test_coordination_numbers_are_recognised_with_day_plus_60(number):
    assert privacy.identity_kind(number) == "samordningsnummer"
    assert [f.kind for f in privacy.scan_text(f"Samordningsnummer: {number}", {})] == ["samordningsnummer"]


@pytest.mark.parametrize("number", FIXTURES["not_valid"])
def test_numbers_failing_the_date_or_luhn_check_are_not_flagged(number):
    assert privacy.identity_kind(number) is None
    assert privacy.scan_text(f"Diarienummer {number}", {}) == []


def test_ordinary_numbers_in_the_content_are_not_flagged():
    text = ("Lag (2018:1937), dnr S2025/01090, Ju2021/03331, version 1.0, 2026-11-23, 1 juli 2025, "
            "source_hash 0123456789ab, 60 ärenden 2021, 12 000 kronor, SFS 2001:453.")
    assert privacy.scan_text(text, {}) == []
    assert privacy.scan_text("  source_hash: 201701012393", {}) == []


def test_email_addresses_are_flagged_except_reserved_example_domains():
    found = privacy.scan_text("Skriv till handlaggare.namn@kommun.se eller namn@example.invalid.", {})
    assert [(f.kind, f.text) for f in found] == [("e-mail", "handlaggare.namn@kommun.se")]


def test_phone_numbers_need_a_place_on_the_allow_list():
    text = "CVE:s stödtelefon 08-527 44 290, eller +46 8 527 44 290. Ring 112 eller 114 14."
    assert [f.text for f in privacy.scan_text(text, {})] == ["08-527 44 290", "+46 8 527 44 290"]
    assert privacy.scan_text(text, privacy.allowed_numbers(ROOT)) == []


def test_every_allowed_number_names_a_bibliography_source(tmp_path):
    assert privacy.check_allow_list(ROOT) == []
    (tmp_path / "data").mkdir()
    shutil.copy2(ROOT / "data/bibliography.yml", tmp_path / "data/bibliography.yml")
    (tmp_path / "data/allowed-numbers.yml").write_text(
        'numbers:\n  - number: "08-527 44 290"\n    source: no-such-source\n', encoding="utf-8")
    problems = privacy.check_allow_list(tmp_path)
    assert len(problems) == 1 and problems[0].line == 2 and "no-such-source" in str(problems[0])


def test_the_real_sources_and_built_site_hold_no_personal_data(site_dir):
    problems = privacy.scan_sources(ROOT) + privacy.scan_site(site_dir, ROOT)
    assert not problems, "\n".join(map(str, problems))


def test_a_number_in_a_built_page_is_found_with_file_and_line(site_dir, tmp_path):
    site = tmp_path / "site"
    page = site / "en/roller/sis/index.html"
    page.parent.mkdir(parents=True)
    html = (site_dir / "en/roller/sis/index.html").read_text(encoding="utf-8")
    lines = html.splitlines()
    lines.insert(40, f"<p>Coordination number {SAMO}, ask <a href=\"mailto:person@kommun.se\">us</a></p>")
    page.write_text("\n".join(lines), encoding="utf-8")
    problems = [str(p) for p in privacy.scan_site(site, ROOT)]
    assert len(problems) == 2, problems
    assert problems[0].startswith("site/en/roller/sis/index.html:41: ERROR") and SAMO in problems[0]
    assert "samordningsnummer" in problems[0]
    assert "person@kommun.se" in problems[1]
    cli = subprocess.run([sys.executable, "-m", "scripts", "check", "--site", str(site)], cwd=ROOT,
                         capture_output=True, text=True)
    assert cli.returncode == 1 and "site/en/roller/sis/index.html:41: ERROR" in cli.stdout, cli.stdout[-2000:]


def _pre_commit_command() -> list[str]:
    """The entry of the pre-commit hook in .pre-commit-config.yaml, run with this Python."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [h for repo in config["repos"] if repo["repo"] == "local" for h in repo["hooks"]]
    entry = shlex.split(next(h["entry"] for h in hooks if "scripts check" in h["entry"]))
    assert entry[0].endswith("python") and entry[1:] == ["-m", "scripts", "check"]
    return [sys.executable, *entry[1:]]


def test_planted_numbers_fail_check_pre_commit_and_build_naming_file_and_line(make_repo):
    repo = make_repo()
    sv = repo / "docs/sv/roller/sis.md"
    sv.write_text(sv.read_text(encoding="utf-8") + f"\nExempel: personnummer {PNR}.\n", encoding="utf-8")
    sv_line = len(sv.read_text(encoding="utf-8").splitlines())
    en = repo / "docs/en/roller/polisen.md"
    en.write_text(en.read_text(encoding="utf-8") + f"\nCoordination number {SAMO}.\n", encoding="utf-8")
    en_line = len(en.read_text(encoding="utf-8").splitlines())

    check = subprocess.run(_pre_commit_command(), cwd=repo, capture_output=True, text=True)
    assert check.returncode == 1
    assert re.search(rf"docs/sv/roller/sis.md:{sv_line}: ERROR .*personnummer.*{PNR}", check.stdout), check.stdout
    assert re.search(rf"docs/en/roller/polisen.md:{en_line}: ERROR .*samordningsnummer.*{SAMO}", check.stdout)

    build = run_build(repo)
    output = build.stdout + build.stderr
    assert build.returncode != 0
    assert f"docs/sv/roller/sis.md:{sv_line}" in output and f"docs/en/roller/polisen.md:{en_line}" in output
    assert not (repo / "site").exists(), "nothing may be built"
