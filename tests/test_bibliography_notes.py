"""Bibliography notes are for readers, in the reader's language (issue #19):
the bibliography page (kunskap/kallor) shows each entry's Swedish note on the
Swedish page and its English note on the English page, never the other
language's, and no rendered note is an editor's working remark (seed files,
"Title supplied", "URL not captured"). `check` warns about a one-language
note and rejects a malformed one. Every source can be followed: it has an
address, or it is a law with its number in the title."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from scripts.content import data, schema
from scripts.content.site import lang_prefix

WORKING_NOTES = re.compile(r"Title supplied|URL not captured|title not recorded|\bSeed\b|fact base|\.txt\b", re.I)


def _entries(site_dir, lang) -> dict[str, str]:
    page = site_dir / lang_prefix(lang) / "kunskap/kallor/index.html"
    doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return {div["id"].removeprefix("src-"): re.sub(r"\s+", " ", div.get_text())
            for div in doc.select("div.kc-source")}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_each_note_shows_in_its_own_language_only(site_dir, lang):
    other = "en" if lang == "sv" else "sv"
    shown = _entries(site_dir, lang)
    notes = {k: e["note"] for k, e in data.bibliography().items() if isinstance(e.get("note"), dict)}
    assert len(notes) > 50
    wrong = [k for k, n in notes.items() if n[lang] not in shown[k] or n[other] in shown[k]]
    assert not wrong, f"{lang}: entries showing the wrong note: {wrong[:10]}"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_working_note_reaches_a_reader(site_dir, lang):
    found = {k: WORKING_NOTES.search(text).group(0) for k, text in _entries(site_dir, lang).items()
             if WORKING_NOTES.search(text)}
    assert not found, f"{lang}: working notes on the bibliography page: {found}"


def _problems(note):
    entry = {"title": "T", "publisher": "P", "url": "https://example.org/t", "kind": "web", "language": "sv",
             "note": note}
    return [(p.severity, p.field) for p in schema.validate_bibliography({"k": entry}, {"k": 1}, "b.yml")]


def test_check_warns_about_one_language_notes_and_rejects_malformed_ones():
    assert _problems({"sv": "Svensk.", "en": "English."}) == []
    assert _problems("Only one language.") == [("warning", "k.note")]
    assert _problems({"sv": "Svensk."}) == [("error", "k.note")]
    assert _problems({"sv": "Svensk.", "en": ""}) == [("error", "k.note")]


def _address_problems(entry):
    base = {"title": "T", "publisher": "P", "kind": "web", "language": "sv"}
    return [(p.severity, p.field) for p in
            schema.validate_bibliography({"k": {**base, **entry}}, {"k": 1}, "b.yml")]


def test_a_source_without_an_address_is_an_error_unless_it_is_a_numbered_law():
    assert _address_problems({"url": "https://example.org/a"}) == []
    assert _address_problems({"kind": "news"}) == [("error", "k.url")]
    assert _address_problems({"kind": "report", "title": "Handbok om avhopparverksamhet"}) == [("error", "k.url")]
    assert _address_problems({"kind": "law", "title": "Socialtjänstlag (2025:400)"}) == []
    assert _address_problems({"kind": "law", "title": "Dataskyddsförordningen (EU) 2016/679 (GDPR)"}) == []
    assert _address_problems({"kind": "law", "title": "En lag utan nummer"}) == [("error", "k.url")]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_listed_source_links_to_where_a_reader_can_check_it(site_dir, lang):
    """The bibliography page: each entry either links out or names a numbered law."""
    page = site_dir / lang_prefix(lang) / "kunskap/kallor/index.html"
    doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    entries = doc.select("div.kc-source")
    assert len(entries) > 100
    unfollowable = []
    for div in entries:
        own = div.find("p")  # the entry itself, not its "used on" list
        linked = any(a.get("href", "").startswith(("https://", "http://")) for a in own.find_all("a"))
        if not linked and not schema.LAW_NUMBER_RE.search(own.get_text()):
            unfollowable.append(div["id"])
    assert not unfollowable, f"{lang}: sources a reader cannot follow: {unfollowable}"
