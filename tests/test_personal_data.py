"""The personal-data guard (scripts/checks/privacy.py): personal identity numbers and
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
from scripts.checks import privacy

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


# -- Typographic forms (hostile-input review, rows 6b and 6-scan) ------------------------------

# Fictional phone numbers: the Swedish Post and Telecom Authority (PTS) keeps
# 070-1740605 to 070-1740699 for use in fiction, so no real person has them.
FICTION = "070-174 06 05"
FICTION_FORMS = ["+46 (0)70 174 06 05", "+46 (0) 70-174 06 05", "0046701740605", "0046 70 174 06 05",
                 "070/174 06 05", "070/1740605", "070\u2013174\u00a006\u00a005", "+46\u00a070\u2011174 06 05",
                 "\uff10\uff17\uff10-\uff11\uff17\uff14\uff10\uff16\uff10\uff15"]
DASHES = ["\u2013", "\u2014", "\u2212", "\u2011", "\u2012", "\u2010"]
SPACES = [" ", "\u00a0", "\u202f", "\u2009", "\u2007"]


@pytest.mark.parametrize("sep", DASHES + SPACES, ids=lambda c: f"U+{ord(c):04X}")
def test_identity_numbers_with_any_dash_or_space_are_found(sep):
    """850315–1238 (Word's en dash), 850315 1238 (a non-breaking space) were published."""
    short, long = SAMO.replace("-", sep), "19" + SAMO.replace("-", sep)
    pnr = PNR[2:8] + sep + PNR[8:]
    for number, kind in ((short, "samordningsnummer"), (long, "samordningsnummer"), (pnr, "personnummer")):
        found = privacy.scan_text(f"Nummer {number} här.", {})
        assert [(f.kind, f.text) for f in found] == [(kind, number)], number


@pytest.mark.parametrize("invisible", list(privacy.INVISIBLE), ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_characters_inside_a_number_do_not_hide_it(invisible):
    hidden = SAMO[:3] + invisible + SAMO[3:]
    found = privacy.scan_text(f"Rad ett.\nNummer {hidden} och namn@kommun{invisible}.se.\n", {})
    assert [(f.kind, f.text, f.line) for f in found] == [("samordningsnummer", hidden, 2),
                                                         ("e-mail", f"namn@kommun{invisible}.se", 2)]


def test_fullwidth_digits_and_dotted_dates_are_found():
    fullwidth = "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in SAMO)
    dotted = f"{PNR[2:4]}.{PNR[4:6]}.{PNR[6:8]}-{PNR[8:]}"
    assert [f.text for f in privacy.scan_text(f"{fullwidth} och {dotted}", {})] == [fullwidth, dotted]


@pytest.mark.parametrize("number", FICTION_FORMS)
def test_phone_numbers_in_every_written_form_are_found(number):
    found = privacy.scan_text(f"Ring {number} i dag.", {})
    assert [(f.kind, f.text) for f in found] == [("phone", number)]
    allowed = {privacy.phone_digits(FICTION): {}}
    assert privacy.scan_text(f"Ring {number} i dag.", allowed) == [], "the same number, allowed, is allowed"


@pytest.mark.parametrize("address", ["namn.efternamn\uff20kommun.se", "namn.efternamn\ufe6bkommun.se",
                                     "namn.efternamn[at]kommun.se", "namn.efternamn (at) kommun.se"])
def test_email_addresses_with_a_look_alike_at_are_found(address):
    assert [(f.kind, f.text) for f in privacy.scan_text(f"Skriv till {address}.", {})] == [("e-mail", address)]
    assert privacy.scan_text(address.replace("kommun.se", "example.invalid"), {}) == []


def test_no_false_positives_on_the_ordinary_numbers_of_the_guidance():
    text = ("SFS 2025:400, Dir. 2025:53, 2026-11-23, 1 juli 2025, den 1.7.2025, Prop. 2024/25:89, SOU 2024:12, "
            "Ju2021/03331, ISBN 978-91-86027-12-3, organisationsnummer 202100-6297, 12 000 kronor, "
            "1 500 000 kr, 1998–2001, 2021\u20132025, Dnr 3.1.2-1234/2024, 112, 114 14, 1177, bankgiro 5050-1055, "
            "0–17 år, 0\u201317 år, 08.00–16.00, kl. 9–15, 08.00\u00a0–\u00a016.00, 01/02/2024, 2026 01 15, "
            "version 1.10, lag (2018:1937), S2025/01090, art.nr 2024-3-8989, 13 + 16 kommuner.")
    assert privacy.scan_text(text, {}) == []


def test_typographic_personal_data_in_a_built_page_is_found(tmp_path):
    """6b: `check --site` found nothing in the built page."""
    en_dash = SAMO.replace("-", "\u2013")
    html = f"<p>Nummer {en_dash}, ring +46&nbsp;(0)70&nbsp;174&nbsp;06&nbsp;05.</p>\n<p>x&#8209;y</p>"
    (tmp_path / "site").mkdir()
    (tmp_path / "site/index.html").write_text(html, encoding="utf-8")
    found = [str(p) for p in privacy.scan_site(tmp_path / "site", ROOT)]
    assert len(found) == 2 and en_dash in found[0] and "+46\\xa0(0)70\\xa0174" in found[1], found


def test_file_names_svg_tsv_and_the_allow_list_are_scanned_and_allowed_numbers_need_their_source(make_repo):
    """6c, 6d, 6e, 6f: a number in a file name, in an SVG or TSV file, in a note of the
    allow-list, and a private number on the allow-list under an unrelated source."""
    repo = make_repo()
    name = f"docs/sv/bilder/anna-{SAMO}.md"
    (repo / "docs/sv/bilder").mkdir()
    (repo / name).write_text("x\n", encoding="utf-8")
    (repo / "docs/sv/bilder/karta.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg">\n<text x="1" y="2">{PNR}</text>\n</svg>\n', encoding="utf-8")
    (repo / "docs/sv/bilder/lista.tsv").write_text("namn\tadress\nAnna\tanna.svensson@kommun.se\n", encoding="utf-8")
    allow = repo / "data/allowed-numbers.yml"
    allow.write_text(allow.read_text(encoding="utf-8") + (
        f'  - number: "{FICTION}"\n    source: cve-om-cve\n    note: Annas mobil, personnummer {SAMO}.\n'),
        encoding="utf-8")
    allow_line = len(allow.read_text(encoding="utf-8").splitlines())
    page = repo / "docs/sv/roller/sis.md"  # 6b: as Word writes them
    en_dash = SAMO.replace("-", "\u2013")
    page.write_text(page.read_text(encoding="utf-8") + f"\nNummer {en_dash}, ring +46\u00a0(0)70 174 06 06.\n",
                    encoding="utf-8")
    page_line = len(page.read_text(encoding="utf-8").splitlines())
    check = subprocess.run([sys.executable, "-m", "scripts", "check"], cwd=repo, capture_output=True, text=True)
    out = check.stdout
    assert check.returncode == 1
    assert f"{name}: ERROR the file name contains a valid-looking coordination number" in out, out
    assert "docs/sv/bilder/karta.svg:2: ERROR contains a valid-looking personal identity number" in out
    assert "docs/sv/bilder/lista.tsv:2: ERROR contains an e-mail address: 'anna.svensson@kommun.se'" in out
    assert f"data/allowed-numbers.yml:{allow_line}: ERROR contains a valid-looking coordination number" in out
    assert f"docs/sv/roller/sis.md:{page_line}: ERROR contains a valid-looking coordination number" in out
    assert f"docs/sv/roller/sis.md:{page_line}: ERROR contains a phone number" in out
    assert re.search(rf"data/allowed-numbers.yml:{allow_line - 2}: ERROR field 'source': the number '{FICTION}' "
                     r"names the source 'cve-om-cve', but that source's entry in data/bibliography.yml does "
                     r"not list it under numbers:", out), out
