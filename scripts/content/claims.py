"""Claims a reader can check: the inline markers in page bodies.

    [@key]                     cite a key of data/bibliography.yml
    [@key, s. 12]              the same, with a locator after a comma
    [@key1; @key2, 3 kap. 5 §] two sources for one claim
    [kontrollera 2026-11-06]   re-check the statement after that date ([check …] in English)
    [bekräftas] / [bekräftas: skäl]
                               not yet confirmed ([to be confirmed], [to be confirmed: reason])

A marker goes at the end of the sentence or list item it belongs to, before
the full stop, after a space. Markers in code spans and code blocks are text.

One module serves every use of the markers:

- `scan` / `blocks` read them from a page's Markdown source, with line numbers,
  for `check` (`check_page`), the agency report and the editors' page (`due`);
- `ClaimsExtension` renders them (a Python-Markdown inline processor, so code
  spans and fenced code are left alone), registered by scripts/hooks.py; what it
  rendered on each page (`references`) feeds the page's source list
  (scripts/build/facts.py, overrides/partials/kc-sources.html).

The uncited-claims check: `UNCITED_SEVERITY` below is the one switch, and
`CHECKED_TYPES` / `EXEMPT_PAGES` the one list of what it covers and why.
"""
from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

import yaml
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from . import data, matrix, numbers, schema
from .text import format_date, md_link, md_text, md_texts
from .schema import Problem

# -- the uncited-claims check: one switch, one list -----------------------

# "error" since the corpus was cited (tracker issue #19, 2026-12-01): `check` and
# the build fail on a checkable fact without a source. ("warning" reports only.)
UNCITED_SEVERITY = "error"

# Page types whose paragraphs and list items must cite their checkable facts.
CHECKED_TYPES = {
    "guide": "guidance tells readers what the rules are",
    "role": "role pages state who must do what under which law",
    "topic": "overviews state figures, dates and laws",
}
# Pages of a checked type that are exempt, page key -> reason. Pages of the other
# types (checklist, glossary, news, about) are not checked: checklists link
# every item to a guidance page that cites, the glossary cites per entry in
# data/glossary.yml, news and about pages state no rules.
EXEMPT_PAGES = {
    "vill-lamna.md": "plain-language page for people who want to leave: short sentences, "
                     "no reference apparatus; each fact is cited on the guidance page it links to",
    "anhoriga.md": "plain-language page for relatives: as vill-lamna.md",
    "dolj-ditt-besok.md": "plain-language page on hiding a visit: generic browser advice (cited where "
                          "it names a product's steps) and the help box's emergency number",
}
EXEMPT_GENERATED = "generated pages list other pages; their text is not a claim"


def uncited_check_applies(page) -> str | None:
    """None when the page's facts must be cited, else the reason it is exempt."""
    meta = page.meta or {}
    if meta.get("generate"):
        return EXEMPT_GENERATED
    if page.key in EXEMPT_PAGES:
        return EXEMPT_PAGES[page.key]
    if meta.get("type") not in CHECKED_TYPES:
        return f"page type {meta.get('type')!r} is not checked"
    return None


# -- the marker grammar (one regular expression for reading and rendering) --

KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MARKER_PATTERN = (
    r"(?P<space>[ \t]?)\[(?:"
    r"@(?P<cite>[^\]\n]*)"
    # "[kontrollera …]" is always a marker (a missing or wrong date is an error);
    # "[check …]" only with a date, so English prose in brackets stays text.
    r"|(?P<recheck>(?i:kontrollera)(?=[ \t\]])|(?i:check)(?=[ \t]+\d))[ \t]*(?P<date>[^\]\n]*)"
    r"|(?P<unconfirmed>(?i:bekräftas|to be confirmed))(?:[ \t]*:[ \t]*(?P<reason>[^\]\n]*))?"
    # Not a link text ([x](url), [x][ref]). A marker may end a sentence that
    # introduces a list ("… [@key]:"); a reference definition ([x]: url) starts
    # its line and is left to Python-Markdown and to SKIP_LINE_RE below.
    r")\](?![(\[])"
)
MARKER_RE = re.compile(MARKER_PATTERN)
# Today's free text for the same thing, which the marker replaces.
FREE_TEXT_RE = re.compile(r"\b(behöver bekräftas|to be confirmed)\b", re.I)
# The words in quotation marks name the label readers see ('står det "Behöver
# bekräftas" vid den'); that is not an unmarked statement.
QUOTED_RE = re.compile(r'"[^"\n]*"|“[^”\n]*”|”[^”\n]*”|«[^»\n]*»')
FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
CODE_SPAN_RE = re.compile(r"(`+)(.+?)\1", re.S)


@dataclass(frozen=True)
class Cite:
    key: str
    locator: str = ""


@dataclass
class Marker:
    kind: str                  # "cite", "recheck" or "unconfirmed"
    line: int                  # file line
    raw: str                   # the marker as written
    cites: tuple[Cite, ...] = ()
    date: dt.date | None = None
    reason: str = ""
    error: str = ""            # what is wrong with a malformed marker
    statement: str = ""        # the paragraph or list item it belongs to, as plain text


def parse_match(m: re.Match) -> Marker:
    """One marker from a MARKER_RE match (line 0: the caller knows the line)."""
    raw = m.group(0).strip()
    if m.group("cite") is not None:
        cites, error = [], ""
        for i, part in enumerate(m.group("cite").split(";")):
            part = part.strip()
            if i:
                if not part.startswith("@"):
                    error = f"each source after ';' starts with @ (found {part!r})."
                    continue
                part = part[1:]
            key, _, locator = part.partition(",")
            key = key.strip()
            if not key:
                error = "a citation needs a bibliography key after @."
                continue
            cites.append(Cite(key, locator.strip()))
        return Marker("cite", 0, raw, cites=tuple(cites), error=error)
    if m.group("recheck") is not None:
        value = m.group("date").strip()
        date = schema.parse_date(value)
        error = "" if date else f"{value!r} is not a date written YYYY-MM-DD."
        return Marker("recheck", 0, raw, date=date, error=error)
    return Marker("unconfirmed", 0, raw, reason=(m.group("reason") or "").strip())


def _blank_code_spans(line: str) -> str:
    """The line with code spans replaced by spaces (columns kept)."""
    return CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), line)


@dataclass
class Block:
    """A paragraph, list item, heading, table or HTML line of a page body."""

    kind: str                  # "text", "item", "heading", "table", "html"
    line: int
    lines: list[str] = field(default_factory=list)   # code spans blanked
    markers: list[Marker] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(s.strip() for s in self.lines)


ITEM_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
SKIP_LINE_RE = re.compile(r"^\s*(?:\*\[.*\]:|\[[^\]]+\]:\s|<!--|(?:!!!|\?\?\?\+?)\s)")


def blocks(body: str, first_line: int = 1) -> list[Block]:
    """The body's blocks with their markers; fenced code is left out."""
    out: list[Block] = []
    current: Block | None = None
    fence = ""
    for number, raw in enumerate(body.splitlines(), first_line):
        if fence:
            if raw.strip().startswith(fence):
                fence = ""
            continue
        m = FENCE_RE.match(raw)
        if m:
            fence, current = m.group(1)[0] * len(m.group(1)), None
            continue
        line = _blank_code_spans(raw)
        stripped = line.strip()
        if not stripped:
            current = None
            continue
        if SKIP_LINE_RE.match(line):
            current = None
            continue
        kind = ("heading" if stripped.startswith("#") else "table" if stripped.startswith("|")
                else "html" if stripped.startswith("<") else "item" if ITEM_RE.match(line) else None)
        if kind or current is None or current.kind not in ("text", "item"):
            current = Block(kind or "text", number)
            out.append(current)
        current.lines.append(line)
        for mm in MARKER_RE.finditer(line):
            marker = parse_match(mm)
            marker.line = number
            current.markers.append(marker)
        if kind in ("heading", "table", "html"):
            current = None if kind != "table" else current
    for block in out:
        statement = plain_text(block.text)
        for marker in block.markers:
            marker.statement = statement
    return out


def scan(body: str, first_line: int = 1) -> list[Marker]:
    """Every marker of a page body, in order, with its file line."""
    return [m for b in blocks(body, first_line) for m in b.markers]


_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG_RE = re.compile(r"<[^>]*>")
_ATTR_RE = re.compile(r"\{[:#.][^}]*\}")


def plain_text(text: str) -> str:
    """A block's words without markers, link targets, HTML tags or list bullets."""
    text = MARKER_RE.sub("", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _TAG_RE.sub(" ", text)
    text = _ATTR_RE.sub("", text)
    text = ITEM_RE.sub("", text)
    text = re.sub(r"[*_]{1,3}", "", text).lstrip("#").strip()
    return re.sub(r"\s+", " ", text)


# -- what counts as a checkable fact --------------------------------------

_MONTHS = ("januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|"
           "January|February|March|April|May|June|July|August|September|October|November|December")
FACT_PATTERNS = [
    ("a law reference", re.compile(r"\b(?:SFS\s*)?(?:18|19|20)\d{2}:\d{1,4}\b")),
    ("a law reference", re.compile(r"\b\d+\s*kap\.|\bkap\.")),
    ("a law reference", re.compile(r"§")),
    ("a law reference", re.compile(r"\b[Pp]rop\.\s*\d{4}")),
    ("a law reference", re.compile(r"\bDir\.\s*\d{4}:\d+")),
    ("a law reference", re.compile(r"\bSOU\s*\d{4}:\d+")),
    ("a law reference", re.compile(r"\bDs\s*\d{4}:\d+")),
    # A government or agency case number (diarienummer): Ju2021/03331, S2025/01090,
    # Ju2019/02027/KRIM. A reference like a law's: it is cited where it is stated.
    ("a case reference (diarienummer)",
     re.compile(r"\b[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,3}(?:19|20)\d{2}/\d{3,6}(?:/[A-ZÅÄÖ]+)?\b")),
    ("a date", re.compile(rf"\b\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b", re.I)),
    ("a year", re.compile(r"\b(?:19|20)\d{2}\b")),
    ("a figure", re.compile(r"\b\d+(?:[ ,.]\d+)*\s*(?:%|procent\b|percent\b|kronor\b|kr\b|SEK\b)|\b\d{2,}\b")),
]


def service_numbers_re(allowed: dict[str, dict] | None = None) -> re.Pattern | None:
    """The public service numbers of data/allowed-numbers.yml (read by
    scripts/content/numbers.py, the one reader of that list) as pages write them: the
    digits, with or without spaces or hyphens between them (112, 114 14,
    08-527 44 290). None when the list is empty."""
    allowed = numbers.allowed_numbers() if allowed is None else allowed
    alternatives = [r"[ -]?".join(digits) for digits in sorted(allowed, key=len, reverse=True) if digits]
    if not alternatives:
        return None
    return re.compile(r"(?<![\d+])(?:" + "|".join(alternatives) + r")(?![\d])")


def checkable_fact(text: str, service_numbers: re.Pattern | None = None) -> tuple[str, str] | None:
    """(what kind of fact, the words) of the first checkable fact in plain text.

    A number on the allow-list of public service numbers (`service_numbers`,
    from `service_numbers_re`) is not a figure: 112 and 114 14 are given on
    many pages, each time from the source the allow-list names, so a mention
    needs no citation of its own. Every other number still does, and so do the
    words around a service number (opening hours, who answers)."""
    if service_numbers is not None:
        text = service_numbers.sub(" ", numbers.normalise(text))
    for kind, pattern in FACT_PATTERNS:
        m = pattern.search(text)
        if m:
            return kind, m.group(0).strip()
    return None


# -- checks ---------------------------------------------------------------

def generated_sources(page) -> set[str]:
    """The sources the generated part of a page rests on: they count as cited
    for "listed but no claim cites it". Only the who-does-what matrix
    (generate: matrix) is data-driven content with its own sources: the keys of
    `sources:` in data/matrix.yml, which scripts/content/matrix.py already requires in
    the page's sources:. Its cells are short and carry no markers, so the page
    lists the sources the table rests on instead of numbering each cell."""
    if (page.meta or {}).get("generate") != "matrix":
        return set()
    try:
        table, _ = matrix.load()
    except (OSError, yaml.YAMLError):   # matrix.check says what is wrong
        return set()
    sources = table.get("sources") if isinstance(table, dict) else None
    return {s for s in sources if isinstance(s, str)} if isinstance(sources, list) else set()


def check_page(page, bibliography: dict) -> list[Problem]:
    """The markers of one page: malformed markers and unknown keys (errors),
    sources listed but not cited, checkable facts without a citation, and
    free text that should be a [bekräftas] marker (reported)."""
    if not page.meta:
        return []
    problems: list[Problem] = []
    listed = page.meta.get("sources") if isinstance(page.meta.get("sources"), list) else []
    page_blocks = blocks(page.body, page.body_line)
    cited: set[str] = set(generated_sources(page))
    any_cite = False
    for block in page_blocks:
        for marker in block.markers:
            if marker.error:
                problems.append(Problem(page.rel, marker.line, None, f"malformed marker {marker.raw}: {marker.error}",
                                        "[@key], [@key, s. 12], [@key1; @key2], [kontrollera YYYY-MM-DD] "
                                        "or [bekräftas: reason]",
                                        "correct the marker (CONTRIBUTING describes the syntax)."))
            for cite in marker.cites:
                any_cite = True
                cited.add(cite.key)
                if cite.key not in bibliography:
                    problems.append(Problem(page.rel, marker.line, None,
                                            f"unknown source key {cite.key!r} in {marker.raw}.",
                                            "a key from data/bibliography.yml",
                                            f"correct the key, or add an entry {cite.key}: to data/bibliography.yml."))
                elif cite.key not in listed:
                    problems.append(Problem(page.rel, marker.line, None,
                                            f"source key {cite.key!r} is cited but not listed in sources:.",
                                            "every cited key in the page's sources: list",
                                            f"add {cite.key} to sources: in the front matter."))
        if block.kind in ("text", "item") and not any(m.kind == "unconfirmed" for m in block.markers):
            words = QUOTED_RE.sub(" ", plain_text(block.text))
            for m in FREE_TEXT_RE.finditer(words):
                problems.append(Problem(page.rel, block.line, None,
                                        f"free text {m.group(0)!r}: write it as a marker.",
                                        "[bekräftas] or [bekräftas: reason] (English: [to be confirmed])",
                                        "replace the words with the marker at the end of the statement.",
                                        severity="warning"))
    exempt = uncited_check_applies(page)
    if exempt is None:
        service_numbers = service_numbers_re()
        for block in page_blocks:
            if block.kind not in ("text", "item") or any(m.kind in ("cite", "unconfirmed") for m in block.markers):
                continue
            fact = checkable_fact(plain_text(block.text), service_numbers)
            if fact:
                problems.append(Problem(page.rel, block.line, None,
                                        f"states {fact[0]} ({fact[1]!r}) without a citation.",
                                        "a citation [@key] at the end of the sentence or list item",
                                        "cite the source, mark it [bekräftas: reason], or leave the fact out.",
                                        severity=UNCITED_SEVERITY))
    # Sources no claim cites: reported once the page cites at all, and on every
    # page the uncited check covers once citations are required. (Checklists and
    # the glossary cite in their data files; their sources: list what those rest on.)
    if any_cite or (UNCITED_SEVERITY == "error" and exempt is None):
        for key in listed:
            if key not in cited:
                problems.append(Problem(page.rel, page.lines.get("sources"), "sources",
                                        f"source {key!r} is listed but no claim cites it.", "",
                                        f"cite it as [@{key}] where the page relies on it, or remove it.",
                                        severity="warning"))
    return problems


# -- statements to check: expired re-check dates and [bekräftas] ------------

@dataclass
class Due:
    page: object               # scripts.content.pages.Page
    marker: Marker

    @property
    def responsible(self) -> str:
        return str(self.page.meta.get("responsible", ""))

    @property
    def where(self) -> str:
        return f"{self.page.rel}:{self.marker.line}"


def expired(marker: Marker, today: dt.date | None = None) -> bool:
    """A re-check date that has passed (the day after it, by scripts.content.schema.today)."""
    return marker.kind == "recheck" and marker.date is not None and marker.date < (today or schema.today())


def due(pages, today: dt.date | None = None) -> list[Due]:
    """Every expired re-check marker and every [bekräftas] marker of `pages`."""
    today = today or schema.today()
    out = []
    for page in pages:
        if not page.meta:
            continue
        for marker in scan(page.body, page.body_line):
            if marker.kind == "unconfirmed" or expired(marker, today):
                out.append(Due(page, marker))
    return out


def due_text(item: Due, lang: str = "en") -> str:
    """One line for people: what is due, for `check` and the agency report."""
    m = item.marker
    if m.kind == "recheck":
        what = f"re-check date {m.date.isoformat()} has passed"
    else:
        what = "to be confirmed" + (f": {m.reason}" if m.reason else "")
    excerpt = m.statement if len(m.statement) <= 90 else m.statement[:87] + "..."
    return f"{item.where} ({what}) {excerpt}"


def _md_escape(text: str) -> str:
    text = html.escape(text, quote=False)
    return re.sub(r"([\\`*_\[\]|{}#])", r"\\\1", text)


def to_check_page(site, from_key: str, lang: str) -> str:
    """The editors' page "Uppgifter att kontrollera": by responsible body, every
    expired re-check marker and every [bekräftas] marker of the pages in `lang`."""
    ui = md_texts(data.strings(lang))  # data values are text in the generated Markdown
    items = due(site.by_lang[lang].values())
    if not items:
        return f"{ui['claims_none']}\n"
    out = []
    for body in data.list_keys("responsible"):
        mine = [i for i in items if i.responsible == body]
        if not mine:
            continue
        out += [f"## {md_text(data.label('responsible', body, lang))} {{#{body}}}", "",
                f"| {ui['claims_col_page']} | {ui['claims_col_statement']} | {ui['claims_col_what']} |",
                "|---|---|---|"]
        for item in sorted(mine, key=lambda i: (i.page.key, i.marker.line)):
            m = item.marker
            link = f"[{_md_escape(str(item.page.meta.get('title', item.page.key)))}]({md_link(from_key, item.page.key)})"
            where = f"{link}<br>`{item.where}`"
            if m.kind == "recheck":
                what = ui["claims_expired"].format(date=format_date(m.date.isoformat(), lang))
            else:
                what = ui["unconfirmed"] + (f": {_md_escape(m.reason)}" if m.reason else "")
            out.append(f"| {where} | {_md_escape(m.statement)} | {what} |")
        out.append("")
    return "\n".join(out) + "\n"


# -- rendering: the Markdown extension --------------------------------------

@dataclass
class PageRender:
    """What one page's rendering needs, and what it rendered (its references)."""

    lang: str
    sources: list[str]
    refs: dict[str, list[dict]] = field(default_factory=dict)  # key -> [{id, locator}]


_pages: dict[str, PageRender] = {}
_current: dict[str, PageRender | None] = {"page": None}


def begin_page(page_id: str, lang: str, meta: dict) -> None:
    """Called before a page is rendered (scripts/hooks.py on_page_markdown)."""
    render = PageRender(lang=lang, sources=[s for s in (meta.get("sources") or []) if isinstance(s, str)])
    _pages[page_id] = render
    _current["page"] = render


def references(page_id: str) -> dict[str, list[dict]]:
    """{source key: [{"id", "locator"}, ...]} of the citations rendered on a page."""
    render = _pages.get(page_id)
    return render.refs if render else {}


def source_anchor(key: str) -> str:
    """The id of a source's entry in the page's source list."""
    return f"kc-src-{key}"


def source_label(ui: dict, number: int, title: str, locator: str = "") -> str:
    return ui["cite_label"].format(number=number, title=title + (f", {locator}" if locator else ""))


class _ClaimsInline(InlineProcessor):
    def handleMatch(self, m, data_):  # noqa: N802 (Python-Markdown's name)
        render = _current["page"]
        if render is None:
            return None, None, None
        marker = parse_match(m)
        ui = data.strings(render.lang)
        if marker.kind == "cite":
            return self._cites(marker, render, ui, m), m.start(0), m.end(0)
        if marker.kind == "recheck":
            if marker.error or not expired(marker):
                return "", m.start(0), m.end(0)
            text = ui["claims_stale"].format(date=format_date(marker.date.isoformat(), render.lang))
            el = etree.Element("span", {"class": "kc-claim-note kc-claim-note--stale", "data-kc-claim": "stale"})
            el.text = f"({text})"
            el.tail = None
            return self._spaced(el, m), m.start(0), m.end(0)
        el = etree.Element("span", {"class": "kc-claim-note kc-claim-note--unconfirmed",
                                    "data-kc-claim": "unconfirmed"})
        el.text = f"({ui['unconfirmed']}" + (f": {marker.reason}" if marker.reason else "") + ")"
        return self._spaced(el, m), m.start(0), m.end(0)

    @staticmethod
    def _spaced(el, m):
        if not m.group("space"):
            return el
        wrapper = etree.Element("span")
        wrapper.text = m.group("space")
        wrapper.append(el)
        # An element without attributes still renders as <span>; keep it plain.
        wrapper.set("class", "kc-claim")
        return wrapper

    def _cites(self, marker: Marker, render: PageRender, ui: dict, m):
        """The numbered references, as raw HTML: MkDocs would check a link to
        #kc-src-… against the page text, and the source list is in the template."""
        bib = data.bibliography()
        parts = []
        for cite in marker.cites:
            entry = bib.get(cite.key)
            if cite.key not in render.sources or not entry:
                # Only an archived state can get here (check refuses it on current
                # pages): the key as text, no link to an entry that is not there.
                parts.append(f'<sup class="kc-ref kc-ref--unknown">[{html.escape(cite.key)}]</sup>')
                continue
            number = render.sources.index(cite.key) + 1
            uses = render.refs.setdefault(cite.key, [])
            ref_id = f"kc-ref-{number}-{len(uses) + 1}"
            uses.append({"id": ref_id, "locator": cite.locator})
            label = html.escape(source_label(ui, number, str(entry["title"]), cite.locator), quote=True)
            parts.append(f'<sup class="kc-ref" id="{ref_id}"><a href="#{html.escape(source_anchor(cite.key))}" '
                         f'aria-label="{label}" title="{label}">[{number}]</a></sup>')
        return self.md.htmlStash.store('<span class="kc-refs" data-pagefind-ignore>' + "".join(parts) + "</span>")


class ClaimsExtension(Extension):
    """The claim markers, rendered for the page set by `begin_page`."""

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        # Above the reference-link pattern (170), which would take [text] first;
        # below backticks (190), so code spans are left alone.
        md.inlinePatterns.register(_ClaimsInline(MARKER_PATTERN, md), "kc_claims", 172)
