"""The glossary: one data file (data/glossary.yml) gives the glossary page in both
languages and a tooltip for every abbreviation on every page; the check catches
entries that lack a language, cite unknown sources or would tooltip ordinary words."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

from scripts.content import data, glossary

ROOT = data.ROOT

BAD = """\
- sv: {term: SoL, expansion: socialtjänstlagen, definition: "Lagen."}
  en: {term: SoL, expansion: Social Services Act, definition: "The act."}
  sources: [sol-2025-400]

- sv: {term: avhoppare, definition: "En person."}
  sources: [no-such-source]

- sv: {term: socialtjänsten, expansion: kommunens sociala verksamhet, definition: "Kommunen."}
  en: {term: social services, definition: "The municipality."}
  sources: [sol-2025-400]
"""


def _plant(tmp_path, text: str):
    (tmp_path / "data").mkdir()
    for name in ("bibliography.yml", "lists.yml"):
        shutil.copy(ROOT / "data" / name, tmp_path / "data" / name)
    (tmp_path / "data" / "glossary.yml").write_text(text, encoding="utf-8")
    data.use_root(tmp_path)
    return glossary.validate(data.bibliography())


def test_the_real_glossary_has_no_problems():
    assert glossary.validate(data.bibliography()) == []


def test_missing_language_unknown_source_and_expanded_word_are_problems_with_lines(tmp_path):
    problems = _plant(tmp_path, BAD)
    found = {(p.line, p.field): p.problem for p in problems}
    assert all(p.file == "data/glossary.yml" for p in problems)
    assert "missing the en part" in found[(5, "avhoppare.en")]
    assert "'no-such-source' is not in the bibliography" in found[(6, "avhoppare.sources")]
    assert "not an abbreviation" in found[(8, "socialtjänsten.sv.expansion")]
    assert len(problems) == 3  # the well-formed SoL entry passes


def test_check_command_reports_a_planted_glossary_defect(make_repo):
    repo = make_repo()
    path = repo / "data" / "glossary.yml"
    path.write_text(path.read_text(encoding="utf-8") + "\n- sv: {term: X, definition: Y}\n  sources: [nope]\n",
                    encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "scripts", "check"], cwd=repo, capture_output=True, text=True)
    assert out.returncode == 1
    assert re.search(r"data/glossary\.yml:\d+: ERROR field 'X\.en': missing the en part", out.stdout)
    assert re.search(r"data/glossary\.yml:\d+: ERROR field 'X\.sources': source key 'nope'", out.stdout)


def test_glossary_page_lists_terms_in_each_language(site_dir):
    sv = (site_dir / "ordlista" / "index.html").read_text(encoding="utf-8")
    en = (site_dir / "en" / "ordlista" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<dt>avhoppare</dt>\s*<dd>En person som har valt", sv)
    assert re.search(r"<dt>defector \(avhoppare\)</dt>\s*<dd>A person who has chosen", en)
    terms = len(data.load("glossary.yml"))
    for html, first in ((sv, "<dt>avhoppare</dt>"), (en, "<dt>assumed identity")):
        lists = [dl for dl in re.findall(r"<dl>.*?</dl>", html, re.S) if first in dl]
        assert len(lists) == 1 and lists[0].count("<dt>") == terms


def test_abbreviations_get_a_tooltip_on_other_pages_in_their_language(site_dir):
    sv = (site_dir / "om-avhopparverksamhet" / "lagar-och-regler" / "index.html").read_text(encoding="utf-8")
    en = (site_dir / "en" / "om-avhopparverksamhet" / "lagar-och-regler" / "index.html").read_text(encoding="utf-8")
    assert '<abbr title="socialtjänstlagen">SoL</abbr>' in sv
    assert '<abbr title="Social Services Act (socialtjänstlagen)">SoL</abbr>' in en
    # ordinary words are never wrapped, only abbreviations
    assert not re.search(r"<abbr[^>]*>avhopp", sv)


def test_swedish_lists_sort_a_ring_a_umlaut_and_o_umlaut_after_z():
    from scripts.build.listings import sort_key
    words = ["öppen", "ärende", "zon", "åtgärd", "avhoppare", "Ekonomi"]
    assert sorted(words, key=lambda w: sort_key(w, "sv")) == \
        ["avhoppare", "Ekonomi", "zon", "åtgärd", "ärende", "öppen"]
