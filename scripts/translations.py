"""Translation state: which English pages are current, outdated, missing or orphaned.

An English page records, in `translation.source_hash`, the hash of the Swedish
page it translates. The hash covers what a reader reads: the title, the
description and the body, with all runs of white space folded to one space.
So re-wrapping lines, adding blank lines or changing other front-matter fields
(review dates, status, keywords, sources, version history) never makes a
translation outdated; any change to a word, a number, a link or a heading does.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .pages import Page

CURRENT, OUTDATED, MISSING, ORPHAN, UNMARKED = "current", "outdated", "missing", "orphan", "unmarked"


def normalise(page: Page) -> str:
    title = str(page.meta.get("title", ""))
    description = str(page.meta.get("description", ""))
    return " ".join(f"{title}\n{description}\n{page.body}".split())


def source_hash(page: Page) -> str:
    return hashlib.sha256(normalise(page).encode("utf-8")).hexdigest()[:12]


@dataclass
class State:
    key: str
    status: str
    sv: Page | None
    en: Page | None


def state(sv: Page | None, en: Page | None) -> State:
    key = (sv or en).key
    if sv is None:
        return State(key, ORPHAN, sv, en)
    if en is None:
        return State(key, MISSING, sv, en)
    marker = en.meta.get("translation")
    if not isinstance(marker, dict) or "source_hash" not in marker:
        return State(key, UNMARKED, sv, en)
    return State(key, CURRENT if marker["source_hash"] == source_hash(sv) else OUTDATED, sv, en)


def states(by_lang: dict[str, dict[str, Page]]) -> dict[str, State]:
    keys = sorted(set(by_lang["sv"]) | set(by_lang["en"]))
    return {k: state(by_lang["sv"].get(k), by_lang["en"].get(k)) for k in keys}
