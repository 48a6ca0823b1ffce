"""The accessibility statement (Tillgänglighetsredogörelse / Accessibility
statement) holds what DIGG requires (../shared/facts/quality.md §1.2), in
both languages, and every page's footer links to it in its own language."""
from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest

from conftest import ROOT, html_pages
from scripts.content.pages import read_page
from sweep import is_redirect

STATEMENT = {"sv": "om/tillganglighet/index.html", "en": "en/om/tillganglighet/index.html"}
SOURCE = {"sv": ROOT / "docs/sv/om/tillganglighet.md", "en": ROOT / "docs/en/om/tillganglighet.md"}
MONTHS = {"sv": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
                 "oktober", "november", "december"],
          "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                 "October", "November", "December"]}

# DIGG's required contents, as the reader sees them on the page.
REQUIRED = {
    "sv": {
        # Who runs the site, without presenting it as an authority (fact check R3).
        "the actor": "Kunskapscentrumets redaktion står bakom webbplatsen",
        "not an authority": "Webbplatsen är en oberoende kunskapsbank och ingen myndighet",
        "missing contact route is a shortcoming": "Ingen egen kontaktväg.",
        "the service": "webbplatsen Nationellt kunskapscentrum för avhopparverksamhet",
        "conformance in DIGG's words": "Webbplatsen är delvis förenlig med lag (2018:1937) om tillgänglighet "
                                       "till digital offentlig service",
        "known shortcomings": "Brister vi känner till",
        "how it was assessed": "egen bedömning med automatiska tester",
        "axe at two widths": "1280 pixlar bred som på en dator och 375 pixlar bred som på en mobil",
        "HTML validation": "Nu Html Checker",
        "link check": "länkkontroll",
        "no manual review yet": "Ingen har granskat den för hand",
        "feedback": "Berätta för oss om du hittar brister",
        "no invented contact": "kommer att publicera en kontaktväg här",
        "supervisory authority": "Myndigheten för digital förvaltning (DIGG) har tillsyn",
        "disproportionate burden": "Vi har inte undantagit något innehåll",
        "content outside the law": "Vi ansvarar inte för hur tillgängliga de är",
    },
    "en": {
        "the actor": "The knowledge centre's editorial team is responsible for the website",
        "not an authority": "The site is an independent knowledge base, not a public authority",
        "missing contact route is a shortcoming": "No contact route of our own.",
        "the service": "the website National Knowledge Centre for Defector Support",
        "conformance in DIGG's words": "The site is partially compliant with the Act (2018:1937)",
        "known shortcomings": "Shortcomings we know of",
        "how it was assessed": "our own assessment with automated tests",
        "axe at two widths": "1280 pixels wide like a computer, and 375 pixels wide like a mobile phone",
        "HTML validation": "Nu Html Checker",
        "link check": "link check",
        "no manual review yet": "Nobody has reviewed it by hand yet",
        "feedback": "Tell us if you find problems",
        "no invented contact": "will publish a contact route here",
        "supervisory authority": "(Myndigheten för digital förvaltning, DIGG) supervises the Act",
        "disproportionate burden": "We have not exempted any content",
        "content outside the law": "We are not responsible for how accessible they are",
    },
}
DATES = {"sv": {"assessed": r"Bedömningen gjordes den (\d{1,2} \w+ \d{4})\.",
                "updated": r"Redogörelsen uppdaterades senast den (\d{1,2} \w+ \d{4})\."},
         "en": {"assessed": r"The assessment was made on (\d{1,2} \w+ \d{4})\.",
                "updated": r"This statement was last updated on (\d{1,2} \w+ \d{4})\."}}
REASON = {"sv": "Orsak:", "en": "Reason:"}


class _Page(HTMLParser):
    """The article's text and links, the list items under each h2, and the footer links.
    (The 404 pages have absolute footer links: they are served at any address.)"""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.links, self.footer_links, self.stack = [], [], [], []
        self.in_article = self.in_footer_links = 0
        self.items: list[list[str]] = []
        self.after_heading: str | None = None
        self.heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self.in_article += 1
        if tag == "ul" and "kc-footer__links" in (a.get("class") or ""):
            self.in_footer_links = 1
        if tag == "a" and a.get("href"):
            (self.footer_links if self.in_footer_links else self.links).append(a["href"])
        if tag == "h2" and self.in_article:
            self.heading = []
        if tag == "li" and self.after_heading:
            self.items.append([self.after_heading])

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article -= 1
        if tag == "ul" and self.in_footer_links:
            self.in_footer_links = 0
        if tag == "h2" and self.heading is not None:
            self.after_heading = "".join(self.heading).strip()
            self.heading = None

    def handle_data(self, data):
        if self.in_article:
            self.text.append(data)
        if self.heading is not None:
            self.heading.append(data)
        if self.items and self.after_heading:
            self.items[-1].append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.full_text = re.sub(r"\s+", " ", "".join(page.text))
    return page


@pytest.fixture(scope="module")
def statements(site_dir):
    return {lang: parse((site_dir / rel).read_text(encoding="utf-8")) for lang, rel in STATEMENT.items()}


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("item", list(REQUIRED["sv"]))
def test_the_statement_holds_each_required_part(statements, lang, item):
    assert REQUIRED[lang][item] in statements[lang].full_text, f"{STATEMENT[lang]} lacks {item}"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_conformance_is_worded_once_and_honestly(statements, lang):
    text = statements[lang].full_text.lower()
    phrases = {"sv": ["helt förenlig", "delvis förenlig", "inte förenlig"],
               "en": ["fully compliant", "partially compliant", "not compliant"]}[lang]
    assert [p for p in phrases if p in text] == [phrases[1]]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_known_shortcoming_gives_its_reason(statements, lang):
    heading = REQUIRED[lang]["known shortcomings"]
    items = ["".join(i[1:]) for i in statements[lang].items if i[0] == heading]
    assert len(items) >= 3
    without = [i[:60] for i in items if REASON[lang] not in i]
    assert not without, f"shortcomings without a reason: {without}"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_assessment_date_is_the_review_date_and_update_date_the_newest_change(statements, lang):
    """The assessment date is the page's `reviewed`; the statement's update date
    is the date of its newest change entry (a correction of the text is not a
    new assessment)."""
    page = read_page(SOURCE[lang], ROOT / "docs")

    def spoken(value) -> str:
        day = dt.date.fromisoformat(value) if isinstance(value, str) else value
        return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"

    expected = {"assessed": spoken(page.meta["reviewed"]), "updated": spoken(page.meta["changes"][0]["date"])}
    for what, pattern in DATES[lang].items():
        found = re.search(pattern, statements[lang].full_text)
        assert found, f"{STATEMENT[lang]}: no {what} date"
        assert found.group(1) == expected[what], f"{what} date {found.group(1)!r} is not {expected[what]!r}"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_feedback_route_and_diggs_notification_service_are_linked(statements, lang):
    links = statements[lang].links
    assert "https://www.digg.se/tdosanmalan" in links
    assert any(href.rstrip("/").endswith("bidra") for href in links), links
    assert not any(href.startswith("mailto:") for href in links), "no invented e-mail address"


def test_every_page_links_to_the_statement_in_its_language_from_the_footer(site_dir):
    pages = [p for p in html_pages(site_dir) if not is_redirect(p)]
    missing = []
    for path in pages:
        rel = path.relative_to(site_dir).as_posix()
        lang = "en" if rel.startswith("en/") else "sv"
        want = "/" + STATEMENT[lang].removesuffix("index.html")
        hrefs = parse(path.read_text(encoding="utf-8")).footer_links
        if not any(urljoin("/" + rel, href) == want for href in hrefs):
            missing.append(f"{rel}: footer links {hrefs}")
    assert len(pages) > 80
    assert not missing, "pages without the accessibility statement in the footer:\n" + "\n".join(missing)
