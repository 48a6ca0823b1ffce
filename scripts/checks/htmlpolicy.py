"""What HTML a page may contain: one allow-list, for the build and for check.

Every pull request is untrusted input, and a reviewer reads Markdown, not the
built page. Markdown lets a contributor write raw HTML, and Python-Markdown
passes it through as it is, so a page could carry a script, a frame, a
redirect, a request to another web site, or a `javascript:` link. This module
is the one place that says what the guidance may contain.

How it works: the HTML of a page's body, as Markdown and our extensions
rendered it (the build: `on_page_content` in scripts/hooks.py; check: the
same extensions over each page's Markdown, scripts/checks/mdlinks.py), is parsed
with Python's HTML parser and every element, attribute and address is held
against the lists below. Anything not on them is refused with the page, the
line of the Markdown source it comes from (found by looking for the offending
text; the first line of the body when it cannot be found) and how to fix it.
Raw HTML written in Markdown, HTML written through attr_list (`{: onclick=…}`)
and Markdown links (`[x](javascript:…)`) all end up in that HTML, so one check
covers them all; entity-encoded addresses (`jav&#x61;script:`) are decoded
first, as a browser does.

Allowed: the elements the guidance and our Markdown extensions produce
(paragraphs, headings, lists, tables, definition lists, details/summary,
admonitions, abbr, footnotes, sup/sub, br, code, images from this site, the
checklists' form controls), global attributes id, class, title, lang, dir,
role, hidden, aria-* and data-*, and a few attributes per element (below).
Links may go to pages of this site, #anchors, https:, http:, mailto: and
tel:. Images and other sub-resources must come from this site (a relative
address): a request to another origin tells that site who reads what.

Refused, and why: <script> and event handlers (on…) run code; <style> and
style attributes restyle or hide the page (the only style allowed is the
text-align that table column alignment writes); <iframe>, <object>, <embed>,
<svg>, <math> embed other documents or code; <form> sends what a reader types
elsewhere; <base>, <meta> and <link> change where the page's own scripts come
from or redirect the reader; javascript:, data:, vbscript: and every other
scheme in an address; HTML comments holding markup or ending oddly (<!-->),
which a browser may end earlier than this parser does.

The build also checks every earlier version the archive publishes (it comes
from the git history, so HTML added in one commit and removed in the next
would otherwise be published). tests/test_untrusted_input.py holds the cases,
and a differential test loads what Markdown makes of parser-confusing inputs
into Chromium: what Chromium would treat as active markup must be refused.

Data values that generators place into Markdown (titles, notes, definitions,
UI strings) go through md_text first, so they are shown as text.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from . import mdlinks
from ..content.schema import Problem
from ..content.text import md_text, md_texts  # noqa: F401  (as the build imports them)

ELEMENTS = {
    # text and structure
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "section", "aside",
    "a", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sup", "sub", "q", "cite",
    "abbr", "time", "blockquote", "code", "pre", "kbd", "samp", "var",
    # lists, tables, definitions, disclosure
    "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
    "caption", "colgroup", "col", "details", "summary", "figure", "figcaption",
    # images from this site
    "img",
    # the checklists (scripts/content/checklists.py) and pymdownx.tasklist
    "input", "label", "button", "textarea",
}
# Why an element is refused, for the elements a contributor is most likely to try.
REFUSED_WHY = {
    "script": "it runs code in every reader's browser",
    "noscript": "it hides content from the checks",
    "style": "it restyles or hides the page",
    "iframe": "it embeds another web site in the page",
    "frame": "it embeds another web site in the page",
    "object": "it embeds code or another document",
    "embed": "it embeds code or another document",
    "svg": "inline SVG can carry scripts and event handlers",
    "math": "it can carry scripts and links the checks do not see",
    "form": "it sends what a reader types to another address",
    "base": "it makes the page load its own scripts from another web site",
    "meta": "it can redirect the reader to another web site",
    "link": "it loads files from elsewhere into the page",
    "video": "it loads media, possibly from another web site",
    "audio": "it loads media, possibly from another web site",
    "source": "it loads media, possibly from another web site",
    "template": "its content is not checked",
}
GLOBAL_ATTRIBUTES = {"id", "class", "title", "lang", "dir", "role", "hidden", "tabindex"}
GLOBAL_PREFIXES = ("aria-", "data-")
ATTRIBUTES = {
    "a": {"href", "hreflang", "rel", "type"},
    "img": {"src", "alt", "width", "height", "loading", "srcset"},
    "abbr": {"title"},
    "time": {"datetime"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "th": {"scope", "colspan", "rowspan", "style", "abbr"},
    "td": {"colspan", "rowspan", "style"},
    "col": {"span"}, "colgroup": {"span"},
    "details": {"open"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "input": {"type", "checked", "disabled", "name", "value"},
    "label": {"for"},
    "button": {"type", "disabled"},
    "textarea": {"rows", "cols", "name", "placeholder"},
}
INPUT_TYPES = {"checkbox"}
BUTTON_TYPES = {"button"}
# Table column alignment (Python-Markdown's tables) is the only style needed.
ALLOWED_STYLE_RE = re.compile(r"^\s*text-align:\s*(left|right|center)\s*;?\s*$", re.I)
# Attributes that hold an address: links may leave the site, resources may not.
LINK_ATTRIBUTES = {"href", "cite"}
RESOURCE_ATTRIBUTES = {"src", "srcset"}
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# A browser drops these from an address before it reads the scheme.
URL_STRIP_RE = re.compile(r"[\x00-\x20\x7f]+")
TAG_IN_TEXT_RE = re.compile(r"<[a-zA-Z!/?]")


@dataclass(frozen=True)
class Violation:
    what: str       # what is wrong, for the editor
    fix: str        # how to fix it
    needles: tuple  # texts to look for in the Markdown source, best first


def _url_problem(value: str, attribute: str) -> str | None:
    """Why an address may not be used in `attribute`, or None."""
    url = URL_STRIP_RE.sub("", value)
    m = SCHEME_RE.match(url)
    scheme = m.group(1).lower() if m else None
    if attribute in RESOURCE_ATTRIBUTES:
        if scheme or url.startswith(("//", "\\\\", "/\\", "\\/")):
            return "loads a file from another web site (or through a scheme)"
        return None
    if scheme and scheme not in LINK_SCHEMES:
        return f"uses the scheme {scheme}:, which can run code or hide content"
    return None


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.found: list[Violation] = []

    def _add(self, what: str, fix: str, *needles: str) -> None:
        # The start tag exactly as written is the best clue to the source line
        # (raw HTML reaches the output unchanged); then the offending text.
        raw = (self.get_starttag_text() or "").strip() if self._in_tag else ""
        self.found.append(Violation(what, fix, tuple(n for n in (raw, *needles) if n)))

    _in_tag = False
    _pending: Violation | None = None

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs)

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_tag = True
        try:
            self._check_tag(tag, attrs)
        finally:
            self._in_tag = False

    def _check_tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ELEMENTS:
            why = REFUSED_WHY.get(tag, "it is not on the list of HTML the guidance uses")
            self._add(f"the HTML element <{tag}> is not allowed: {why}.",
                      f"remove the <{tag}> element; write the content in Markdown (CONTRIBUTING.md, "
                      "section 'HTML in pages' (CONTRIBUTING.sv.md: 'HTML i sidor'), lists what is allowed).", f"<{tag}")
            if tag in ("script", "style"):
                self._pending = self.found[-1]  # its text tells identical tags apart
            return
        if tag in ("input", "button") and "type" not in dict(attrs):
            self._add(f"<{tag}> without a type is not allowed.", f"remove the {tag}.", f"<{tag}")
        allowed = GLOBAL_ATTRIBUTES | ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._add(f"the attribute {name} on <{tag}> is an event handler: it runs code in the "
                          "reader's browser.", f"remove {name}=… (also from a {{: …}} attribute list).", name)
                continue
            if name == "style":
                if tag in ("th", "td") and ALLOWED_STYLE_RE.match(value):
                    continue
                self._add(f"the style attribute on <{tag}> is not allowed ({value!r}): pages are styled "
                          "by the site's stylesheet only.", "remove style=…; for table column alignment "
                          "use the colons of the Markdown table (|:---|---:|).", value, "style=")
                continue
            if name not in allowed and not name.startswith(GLOBAL_PREFIXES):
                self._add(f"the attribute {name} on <{tag}> is not allowed.",
                          f"remove {name}=….", name)
                continue
            if name in LINK_ATTRIBUTES or name in RESOURCE_ATTRIBUTES:
                urls = [part.strip().split()[0] for part in value.split(",") if part.strip()] \
                    if name == "srcset" else [value]
                for url in urls:
                    why = _url_problem(url, name)
                    if why:
                        fix = ("link to a page of this site, an #anchor or an https:// address."
                               if name in LINK_ATTRIBUTES else
                               "put the file in the docs/ folder of the repository and link it with a "
                               "relative path, e.g. ![Text](../bilder/karta.png).")
                        self._add(f"the address {url!r} in {name} on <{tag}> {why}.", fix,
                                  url, url.split(":", 1)[-1], name)
            if tag == "input" and name == "type" and value.lower() not in INPUT_TYPES:
                self._add(f"<input type={value!r}> is not allowed.", "remove the input.", "<input")
            if tag == "button" and name == "type" and value.lower() not in BUTTON_TYPES:
                self._add(f"<button type={value!r}> is not allowed.", "remove the button.", "<button")

    def handle_endtag(self, tag):
        self._pending = None

    def handle_data(self, data):
        if self._pending is not None:
            text = data.strip().splitlines()[0][:60] if data.strip() else ""
            v = self._pending
            self.found[self.found.index(v)] = Violation(v.what, v.fix, (text, *v.needles) if text else v.needles)
            self._pending = None
            return  # script or style text is not markup
        # html.parser left text that a browser would read as a tag (an
        # unfinished tag at the end, for instance): refuse it rather than guess.
        m = TAG_IN_TEXT_RE.search(data)
        if m:
            snippet = data[m.start():m.start() + 40]
            self._add(f"the text {snippet!r} would be read as HTML by a browser.",
                      "finish or remove the tag, or write &lt; for a literal <.", snippet[:12])

    def handle_comment(self, data):
        # Browsers end a comment where Python's parser may not (<!-->, <!--->,
        # --!>): markup inside or around a comment could run in the browser
        # while the check saw a comment. Plain comments (<!-- generated -->) pass.
        if "<" in data or ">" in data or data.startswith("-") or data.endswith("-") or "--!" in data:
            self._add(f"the HTML comment <!--{data[:30]}--> holds markup or an unusual ending.",
                      "write a plain comment, <!-- like this -->, or remove it.", "<!--" + data[:12], "<!--")

    def handle_pi(self, data):
        self._add(f"the processing instruction <?{data[:30]}> is not allowed.", "remove it.", "<?")

    def unknown_decl(self, data):
        self._add(f"the declaration <![{data[:30]}> is not allowed.", "remove it.", "<![")


def violations(page_html: str) -> list[Violation]:
    """Everything in this HTML that the policy does not allow (empty: all fine)."""
    checker = _Checker()
    checker.feed(page_html)
    checker.close()
    return checker.found


def locate(body: str, body_line: int, needles: tuple) -> int:
    """The file line of the first needle found in the Markdown body (case-insensitive);
    `body_line` (the body's first line) when none is found."""
    lines = body.splitlines()
    for needle in needles:
        for variant in dict.fromkeys((needle.lower(), html.escape(needle, quote=False).lower())):
            for i, line in enumerate(lines):
                if variant and variant in line.lower():
                    return body_line + i
    return body_line


def check_html(page_html: str, rel: str, body: str, body_line: int) -> list[Problem]:
    """Problems for one page: `rel` is the file shown to the editor, `body` its
    Markdown (where lines are looked up), `body_line` the line the body starts on."""
    problems, seen = [], set()
    for v in violations(page_html):
        line = locate(body, body_line, v.needles)
        if (line, v.what) in seen:
            continue
        seen.add((line, v.what))
        problems.append(Problem(rel, line, None, v.what, "only the HTML the guidance needs", v.fix))
    return problems


def check(site, args=None) -> list[Problem]:
    """`python -m scripts check` step: every page's Markdown, rendered with the
    extensions of mkdocs.yml, against the policy."""
    problems = []
    for page in site.pages:
        if page.problems and not page.meta:
            continue  # no front matter to split off: check reports that first
        problems += check_html(mdlinks.render(page, site.root), page.rel, page.body, page.body_line)
    return problems
