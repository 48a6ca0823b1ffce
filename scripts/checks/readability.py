"""Readability of the running text: LIX for Swedish, Flesch reading ease for English.

LIX (Björnsson) = words per sentence + 100 × share of words longer than six
letters. Computed here rather than with textstat, which drops short sentences
and needs a download for English. What counts as text: paragraphs and list
items; headings, tables, code, HTML tags, link targets and abbreviation
definitions are left out. Every paragraph or list item ends a sentence even
without a full stop, because a list item is read as one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..content.claims import MARKER_RE
from ..content.pages import Page

# The readability gate (tracker issue #19 point 8), the one place for its numbers.
# `python -m scripts readability --fail` and tests/test_readability.py apply it:
# - no Swedish guidance page above LIX_LIMIT;
# - the median of the Swedish guidance pages (plain-language pages not counted:
#   they have their own, lower limit) at or below LIX_MEDIAN_LIMIT;
# - no plain-language page above PLAIN_LIX_LIMIT.
LIX_LIMIT = 40
LIX_MEDIAN_LIMIT = 36
PLAIN_LIX_LIMIT = 25
# Plain-language pages: these two by name, and any page written only for
# individuals and relatives (its audience holds nothing else).
PLAIN_PAGES = {"vill-lamna.md", "anhoriga.md"}
PLAIN_AUDIENCES = {"individ", "anhorig"}
GUIDANCE_TYPES = {"guide", "role", "topic", "checklist"}

WORD_RE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+(?:[-'][A-Za-zÀ-ÖØ-öø-ÿ]+)*")
SENTENCE_END_RE = re.compile(r"[.!?]+(?=\s|$)")


def prose(markdown: str) -> str:
    """The running text of a Markdown body, one paragraph or list item per line."""
    text = re.sub(r"^(```|~~~).*?^\1\s*$", "", markdown, flags=re.S | re.M)   # fenced code
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"^\*\[[^\]]+\]:.*$", "", text, flags=re.M)                  # abbreviations
    text = re.sub(r"^\s*\|.*$", "", text, flags=re.M)                          # table rows
    text = re.sub(r"^\s*#{1,6}\s.*$", "", text, flags=re.M)                    # headings
    text = re.sub(r"^\s*(!!!|\?\?\?\+?)\s.*$", "", text, flags=re.M)           # admonition titles
    text = re.sub(r"\{[:#.][^}]*\}", "", text)                                 # attribute lists
    text = MARKER_RE.sub("", text)                                             # [@key], [kontrollera …]
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)                      # images
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)                       # links
    text = re.sub(r"<https?://[^>]+>", "", text)
    text = re.sub(r"https?://\S+", "", text)
    text = re.sub(r"<[^>]+>", " ", text)                                        # html tags
    text = re.sub(r"`[^`]*`", "", text)
    # Citation and re-check markers: a reader sees a number, or nothing until the
    # date, not the key. ([bekräftas: …] is read as text, so it stays.)
    text = re.sub(r" ?\[(?:@[^\]]+|kontrollera \d{4}-\d{2}-\d{2}|check \d{4}-\d{2}-\d{2})\]", "", text)
    paragraphs, current = [], []
    for line in text.splitlines():
        stripped = line.strip()
        is_item = re.match(r"^([-*+]|\d+[.)])\s+", stripped)
        if not stripped or is_item:
            if current:
                paragraphs.append(" ".join(current))
            current = [re.sub(r"^([-*+]|\d+[.)])\s+(\[[ xX]\]\s+)?", "", stripped)] if stripped else []
        else:
            current.append(re.sub(r"^(:\s+|>\s*)", "", stripped))
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(p for p in paragraphs if WORD_RE.search(p))


def _sentences(text: str) -> int:
    count = 0
    for paragraph in text.splitlines():
        parts = [p for p in SENTENCE_END_RE.split(paragraph) if WORD_RE.search(p)]
        count += max(1, len(parts))
    return count


def lix(text: str) -> float | None:
    words = WORD_RE.findall(text)
    if not words:
        return None
    long_words = sum(1 for w in words if len(w.replace("-", "")) > 6)
    return round(len(words) / _sentences(text) + 100 * long_words / len(words), 1)


def _syllables(word: str) -> int:
    word = word.lower()
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and count > 1 and not word.endswith(("le", "ee")):
        count -= 1
    return max(1, count)


def flesch(text: str) -> float | None:
    """Flesch reading ease for English: higher is easier (60–70 is plain English)."""
    words = WORD_RE.findall(text)
    if not words:
        return None
    syllables = sum(_syllables(w) for w in words)
    return round(206.835 - 1.015 * len(words) / _sentences(text) - 84.6 * syllables / len(words), 1)


@dataclass
class Score:
    page: Page
    measure: str        # "LIX" or "Flesch"
    value: float | None
    words: int
    limit: float | None  # the value that fails the test (LIX only)
    target: float | None
    plain: bool = False  # a plain-language page (PLAIN_LIX_LIMIT)

    @property
    def too_hard(self) -> bool:
        return self.measure == "LIX" and self.value is not None and self.limit is not None \
            and self.value > self.limit


def is_plain(page: Page) -> bool:
    audience = set(page.meta.get("audience") or [])
    return page.key in PLAIN_PAGES or (bool(audience) and audience <= PLAIN_AUDIENCES)


def score(page: Page) -> Score:
    text = prose(page.body)
    words = len(WORD_RE.findall(text))
    if page.lang == "sv":
        plain = is_plain(page)
        applies = page.meta.get("type") in GUIDANCE_TYPES and not page.meta.get("generate")
        limit = PLAIN_LIX_LIMIT if plain else (LIX_LIMIT if applies else None)
        return Score(page, "LIX", lix(text), words, limit, limit, plain)
    return Score(page, "Flesch", flesch(text), words, None, None)


def report(pages: list[Page]) -> list[Score]:
    return [score(p) for p in pages if p.meta]


def median_scores(scores: list[Score]) -> list[Score]:
    """The scores the median is taken over: Swedish guidance pages with a
    value, plain-language pages left out."""
    return [s for s in scores if s.measure == "LIX" and s.limit is not None and not s.plain
            and s.value is not None]


def median(scores: list[Score]) -> float | None:
    """The median LIX of the Swedish guidance pages among `scores`."""
    values = sorted(s.value for s in median_scores(scores))
    if not values:
        return None
    mid = len(values) // 2
    return round(values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2, 1)


def gate(scores: list[Score]) -> list[str]:
    """What breaks the gate, one line each: every page above its limit, and a
    median above LIX_MEDIAN_LIMIT. Empty when the pages pass."""
    out = [f"{s.page.rel}: LIX {s.value:g} is above the {'plain-language ' if s.plain else ''}limit {s.limit:g}"
           for s in scores if s.too_hard]
    value = median(scores)
    if value is not None and value > LIX_MEDIAN_LIMIT:
        out.append(f"median LIX of the Swedish guidance pages is {value:g}, above {LIX_MEDIAN_LIMIT:g}")
    return out
