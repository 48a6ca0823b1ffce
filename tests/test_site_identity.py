"""What the site says about itself, as a reader sees it in the built site
(issue #19, fact check R3): every page says in its footer, in the page's own
language, that the site is an independent knowledge base and not a public
authority; and the 404 page speaks the language of its site half (Material's
own 404 template is in English only)."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from conftest import html_pages
from scripts.content import data
from sweep import is_redirect


class _Footer(HTMLParser):
    """The <html lang>, the h1 text and the footer disclaimer's text of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang, self.h1, self.disclaimer = None, "", ""
        self._in = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "h1" and not self.h1:
            self._in = "h1"
        if tag == "p" and "kc-footer__disclaimer" in (a.get("class") or ""):
            self._in = "disclaimer"

    def handle_endtag(self, tag):
        if (tag, self._in) in (("h1", "h1"), ("p", "disclaimer")):
            self._in = None

    def handle_data(self, text):
        if self._in == "h1":
            self.h1 += text
        elif self._in == "disclaimer":
            self.disclaimer += text


def _read(path) -> _Footer:
    parser = _Footer()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_every_page_says_it_is_independent_and_not_an_authority_in_its_language(site_dir):
    expected = {lang: _norm(data.strings(lang)["footer_disclaimer"]) for lang in ("sv", "en")}
    # The status words themselves, so that a softened string fails too.
    assert "ingen myndighet" in expected["sv"] and "oberoende" in expected["sv"]
    assert "not a public authority" in expected["en"] and "independent" in expected["en"]
    wrong = []
    for path in html_pages(site_dir):
        if is_redirect(path):
            continue
        page = _read(path)
        lang = "en" if page.lang == "en" else "sv"
        if _norm(page.disclaimer) != expected[lang]:
            wrong.append(f"{path.relative_to(site_dir)} (lang {page.lang}): {page.disclaimer!r}")
    assert not wrong, "pages without the site-status line in their footer:\n" + "\n".join(wrong[:20])


def test_404_pages_speak_their_own_language(site_dir):
    for lang, rel in (("sv", "404.html"), ("en", "en/404.html")):
        page = _read(site_dir / rel)
        ui = data.strings(lang)
        assert page.lang == lang, f"{rel}: <html lang={page.lang!r}>"
        assert _norm(page.h1) == ui["not_found_heading"], f"{rel}: heading {page.h1!r}"
        text = (site_dir / rel).read_text(encoding="utf-8")
        assert ui["not_found_home"] in text, f"{rel}: no link home"
    assert "Not found" not in (site_dir / "404.html").read_text(encoding="utf-8")
