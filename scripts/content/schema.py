"""The page metadata model: the one definition of what front matter may hold.

The build hook, the command-line tool and the tests all validate through
`validate_page`, and every problem is reported through `Problem`, so an editor
sees the same message (file, line, field, what was expected, how to fix it)
wherever the check runs.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable

from . import data
from .problem import Problem  # noqa: F401  (the schema's Problem, as every check imports it)

VERSION_RE = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HASH_RE = re.compile(r"^[0-9a-f]{12}$")


@dataclass(frozen=True)
class Field:
    name: str
    required: bool
    check: Callable[[Any], str | None]  # returns a problem text, or None when fine
    expected: str
    fix: str
    only_lang: str | None = None


def _choice(list_name: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        keys = data.list_keys(list_name)
        if not isinstance(value, str) or value not in keys:
            return f"unknown value {value!r}."
        return None

    return check


def _choice_list(list_name: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if not isinstance(value, list) or not value:
            return "must be a list with at least one value."
        keys = data.list_keys(list_name)
        unknown = [v for v in value if v not in keys]
        if unknown:
            return f"unknown value(s) {', '.join(map(repr, unknown))}."
        return None

    return check


def _text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty text."
    return None


def _text_list(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return "must be a list of texts."
    return None


def _nonempty_text_list(value: Any) -> str | None:
    """Every page lists at least one source: the site makes no claim without one."""
    return _text_list(value) or (None if value else "must name at least one source.")


def check_version(value: Any) -> str | None:
    if not isinstance(value, str) or not VERSION_RE.match(value):
        return f"malformed version {value!r}."
    return None


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, str) and DATE_RE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def check_date(value: Any) -> str | None:
    if not isinstance(value, str) or not DATE_RE.match(value):
        return f"wrongly formatted date {value!r}."
    if parse_date(value) is None:
        return f"impossible date {value!r} (no such day in the calendar)."
    return None


def _check_changes(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return "must be a list with at least one entry."
    for i, entry in enumerate(value, 1):
        if not isinstance(entry, dict) or set(entry) != {"version", "date", "note"}:
            return f"entry {i} must have exactly the keys version, date and note."
        for key, checker in (("version", check_version), ("date", check_date), ("note", _text)):
            msg = checker(entry[key])
            if msg:
                return f"entry {i}, {key}: {msg}"
        day = parse_date(entry["date"])
        if day > today():
            return (f"entry {i}, date: {entry['date']} is after today ({today().isoformat()}). A change note "
                    "is dated when the change is published; a future date would put it first in "
                    "'Nytt och ändrat' and the feed until then.")
    versions = [entry["version"] for entry in value]
    for i, version in enumerate(versions, 1):
        if version in versions[: i - 1]:
            return (f"entries {versions.index(version) + 1} and {i} both have version {version}: each version "
                    "has one entry.")
    return None


def _check_translation(value: Any) -> str | None:
    if not isinstance(value, dict) or "source_hash" not in value:
        return "must be a mapping with source_hash (and optionally source_version)."
    extra = set(value) - {"source_hash", "source_version"}
    if extra:
        return f"unknown key(s) {', '.join(sorted(extra))}."
    if not isinstance(value["source_hash"], str) or not HASH_RE.match(value["source_hash"]):
        return f"source_hash {value['source_hash']!r} is not a 12-character hash."
    return None


GENERATORS = ("bibliography", "by_audience", "by_responsible", "translation_status",
              "whats_new", "latest_changes", "glossary", "checklist", "matrix", "to_check")


def _check_generate(value: Any) -> str | None:
    if value not in GENERATORS:
        return f"unknown generator {value!r}."
    return None


# An earlier page path: relative to the language folder, inside docs/, a .md
# file; no "..", no scheme, no absolute path, no backslash (scripts/build/changes.py
# writes a redirect page for each, inside the site folder).
OLD_PATH_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*"
                         r"(?:/[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*)*\.md$")


def _check_redirect_from(value: Any) -> str | None:
    msg = _text_list(value)
    if msg:
        return msg
    bad = [v for v in value if not OLD_PATH_RE.match(v)]
    if bad:
        return (f"not a page path inside docs/: {', '.join(map(repr, bad))} (a path is relative to the "
                "language folder and ends in .md, without '..', a scheme such as https: or a leading /).")
    return None


def _check_hide(value: Any) -> str | None:
    allowed = {"toc", "navigation", "footer", "path", "tags"}
    if not isinstance(value, list) or not set(value) <= allowed:
        return f"must be a list of {', '.join(sorted(allowed))}."
    return None


def _fields() -> dict[str, Field]:
    lists = data.lists()
    def choices(name: str) -> str:
        return "one of " + ", ".join(lists[name])
    return {f.name: f for f in [
        Field("title", True, _text, "a short page title", "write the title as text, e.g. title: Vem gör vad?"),
        Field("description", True, _text, "one sentence that sums up the page",
              "add description: followed by one sentence."),
        Field("type", True, _choice("types"), choices("types"),
              "use one of the listed types; the list is in data/lists.yml."),
        Field("audience", True, _choice_list("audiences"), "a list of " + choices("audiences"),
              "write audience: [socialtjanst, polis] with keys from data/lists.yml."),
        Field("responsible", True, _choice("responsible"), choices("responsible"),
              "name the body that should approve the page, with a key from data/lists.yml."),
        Field("status", True, _choice("statuses"), choices("statuses"),
              "new and unapproved pages are utkast."),
        Field("version", True, check_version, 'MAJOR.MINOR in quotes, e.g. "1.2"',
              'write version: "1.0"; raise MAJOR for a change in substance, MINOR for clarifications.'),
        # The editors' check of the sources ("Redaktionen kontrollerade källorna"),
        # not the responsible body's approval (approved_by and approved).
        Field("reviewed", True, check_date, "a real date written YYYY-MM-DD",
              "write the date the editors last checked the page against its sources, e.g. reviewed: 2026-11-20."),
        Field("review_by", True, check_date, "a real date written YYYY-MM-DD",
              "write the date the next review is due, e.g. review_by: 2027-11-20."),
        Field("approved_by", False, _choice("responsible"), choices("responsible"),
              "name the body that approved the page, with a key from data/lists.yml (only with status: fastställd)."),
        Field("approved", False, check_date, "a real date written YYYY-MM-DD",
              "write the date the responsible body approved the page (only with status: fastställd)."),
        Field("sources", True, _nonempty_text_list, "a list of at least one key from data/bibliography.yml",
              "add sources: [key] and make sure each key is in data/bibliography.yml."),
        Field("changes", True, _check_changes,
              "a list of {version, date, note}, newest first, one entry per version, dated today or "
              "earlier, whose newest version is the page's version",
              "correct the entry named; a new entry looks like - {version: \"1.0\", date: 2026-11-20, "
              "note: Första versionen.} (python -m scripts bump writes it)."),
        Field("translation", False, _check_translation, "source_hash: a 12-character hash",
              "run python -m scripts translations --mark PAGE to record it.", only_lang="en"),
        Field("keywords", False, _text_list, "a list of search words and synonyms",
              "write keywords: [SiS, Statens institutionsstyrelse]."),
        Field("generate", False, _check_generate, "one of " + ", ".join(GENERATORS),
              "remove the field or use a listed generator."),
        Field("checklist", False, _text, "the id of a checklist in data/checklists/",
              "use the file name of a checklist without .yml."),
        Field("hide", False, _check_hide, "a list such as [toc]", "use toc, navigation, footer or path."),
        Field("redirect_from", False, _check_redirect_from,
              "a list of old page paths such as om/gammal-sida.md",
              "list the page's earlier paths, relative to the language folder (roller/gammal.md, not "
              "../roller/gammal.md, /roller/gammal/ or an address); a page that still exists cannot be one."),
    ]}


def field_names() -> list[str]:
    return list(_fields())


def validate_meta(meta: dict, lines: dict[str, int], file: str, lang: str,
                  bibliography: dict | None = None) -> list[Problem]:
    """Check one page's front matter. `lines` maps field names to line numbers."""
    fields = _fields()
    problems: list[Problem] = []
    first_line = min(lines.values()) if lines else 1

    for name in meta:
        if name not in fields:
            problems.append(Problem(file, lines.get(name), name, "unknown field.",
                                    "one of " + ", ".join(fields),
                                    "remove the field or correct its spelling."))
    for f in fields.values():
        if f.only_lang and f.only_lang != lang and f.name in meta:
            problems.append(Problem(file, lines.get(f.name), f.name,
                                    f"only belongs on {f.only_lang} pages.", "", "remove the field."))
            continue
        if f.name not in meta:
            if f.required:
                problems.append(Problem(file, first_line, f.name, "missing required field.", f.expected, f.fix))
            continue
        msg = f.check(meta[f.name])
        if msg:
            problems.append(Problem(file, lines.get(f.name), f.name, msg, f.expected, f.fix))

    ok = {p.field for p in problems}
    reviewed, review_by = parse_date(meta.get("reviewed")), parse_date(meta.get("review_by"))
    if reviewed and "reviewed" not in ok and reviewed > today():
        problems.append(Problem(file, lines.get("reviewed"), "reviewed",
                                f"{meta['reviewed']} is after today ({today().isoformat()}): a review cannot "
                                "have happened in the future, and the page would say it was reviewed then.",
                                "the date of the last content review, today or earlier",
                                "write the date the page was actually reviewed."))
    if reviewed and review_by and "reviewed" not in ok and "review_by" not in ok and review_by <= reviewed:
        problems.append(Problem(file, lines.get("review_by"), "review_by",
                                f"{meta['review_by']} is not after reviewed ({meta['reviewed']}).",
                                "a date after the reviewed date",
                                "set review_by to when the next review is due, usually a year after reviewed."))

    # Approval belongs to the responsible body and only to an approved page: a
    # draft never shows an approval date, an approved page always names who and when.
    approved_status = "fastställd"
    if "status" not in ok and "status" in meta:
        for name in ("approved_by", "approved"):
            if meta.get("status") == approved_status and name not in meta:
                problems.append(Problem(file, lines.get("status"), name,
                                        f"status {approved_status} needs {name}.",
                                        "approved_by: a key from the responsible list, approved: YYYY-MM-DD",
                                        f"add {name}: with who approved the page and when, or set status: utkast."))
            elif meta.get("status") != approved_status and name in meta:
                problems.append(Problem(file, lines.get(name), name,
                                        f"only a page with status {approved_status} is approved "
                                        f"(this page is {meta['status']}).", "",
                                        f"remove {name}:, or set status: {approved_status} once the body has approved it."))

    if "changes" not in ok and "version" not in ok and "changes" in meta and "version" in meta:
        newest = max(meta["changes"], key=lambda c: version_tuple(c["version"]))["version"]
        if newest != meta["version"]:
            problems.append(Problem(file, lines.get("changes"), "changes",
                                    f"the newest version in the change history is {newest}, "
                                    f"but the page's version is {meta['version']}.",
                                    "an entry for the page's version",
                                    f"add a change entry for version {meta['version']} or correct version."))

    if bibliography is not None and "sources" not in ok and "sources" in meta:
        for key in meta["sources"]:
            if key not in bibliography:
                problems.append(Problem(file, lines.get("sources"), "sources",
                                        f"source key {key!r} is not in the bibliography.",
                                        "a key from data/bibliography.yml",
                                        f"add an entry {key}: to data/bibliography.yml or correct the key."))
    return problems


def version_tuple(version: str) -> tuple[int, int]:
    major, minor = version.split(".")
    return int(major), int(minor)


def today() -> dt.date:
    """Today's date; KC_TODAY=YYYY-MM-DD pins it (tests and reproducible builds)."""
    import os
    pinned = os.environ.get("KC_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


def is_overdue(meta: dict) -> bool:
    review_by = parse_date(meta.get("review_by"))
    return bool(review_by and review_by < today())


# -- bibliography ---------------------------------------------------------

BIB_FIELDS = {"title": True, "publisher": True, "date": False, "url": False, "kind": True,
              "language": True, "note": False, "numbers": False}
# A web address: https:// or http://, a host name with a dot, then a path. No
# white space, quotes, angle brackets, backslashes or other characters that
# could end an attribute or start markup where the address is written.
URL_RE = re.compile(r"^https?://[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
                    r"\.?(?::[0-9]{1,5})?(?:[/?#][^\s\"'<>\\`{}|^]*)?$")
BIB_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# A law without an address is still one a reader can find: by the number it is
# published under (SFS 2025:400, MDFFS 2019:2, (EU) 2016/679), written in its title.
LAW_NUMBER_RE = re.compile(r"\b\d{4}:\d+\b|\(EU\) \d{4}/\d+")


def validate_bibliography(entries: dict, lines: dict[str, int], file: str) -> list[Problem]:
    problems: list[Problem] = []
    kinds = data.list_keys("source_kinds")
    for key, entry in entries.items():
        line = lines.get(key)
        if not re.match(r"^[a-z0-9][a-z0-9-]*$", str(key)):
            problems.append(Problem(file, line, str(key), "key must be lower-case letters, digits and hyphens.",
                                    "a key like brå-2016 written bra-2016", "rename the key."))
        if not isinstance(entry, dict):
            problems.append(Problem(file, line, str(key), "entry must be a mapping.", "title:, publisher:, kind:, language:", ""))
            continue
        for name, required in BIB_FIELDS.items():
            if required and not entry.get(name):
                problems.append(Problem(file, line, f"{key}.{name}", "missing required field.",
                                        "a value", f"add {name}: to the entry."))
        for name in entry:
            if name not in BIB_FIELDS:
                problems.append(Problem(file, line, f"{key}.{name}", "unknown field.",
                                        "one of " + ", ".join(BIB_FIELDS), "remove or rename it."))
        if entry.get("kind") and entry["kind"] not in kinds:
            problems.append(Problem(file, line, f"{key}.kind", f"unknown kind {entry['kind']!r}.",
                                    "one of " + ", ".join(kinds), "use a listed kind."))
        if entry.get("url") and not URL_RE.match(str(entry["url"])):
            problems.append(Problem(file, line, f"{key}.url", f"malformed URL {entry['url']!r}.",
                                    "an address starting with https:// or http://, without spaces, quotes, "
                                    "angle brackets or backslashes",
                                    "copy the full address from the browser's address bar; write a space as %20."))
        if not entry.get("url") and not (entry.get("kind") == "law"
                                         and LAW_NUMBER_RE.search(str(entry.get("title", "")))):
            # Issue #19: a source a reader cannot look up does not back a claim.
            problems.append(Problem(file, line, f"{key}.url", "a reader cannot check this source: it has no "
                                    "address (a law needs its number in the title instead).",
                                    "url: https://… where a reader can read the source",
                                    "add the address; if there is none, cite the publication the source reports, "
                                    "or remove the claims that rest on it and then this entry."))
        if entry.get("date") and not BIB_DATE_RE.match(str(entry["date"])):
            problems.append(Problem(file, line, f"{key}.date", f"malformed date {entry['date']!r}.",
                                    "YYYY, YYYY-MM or YYYY-MM-DD", "write the publication date."))
        if "numbers" in entry and _text_list(entry["numbers"]):
            problems.append(Problem(file, line, f"{key}.numbers", "must be a list of phone numbers.",
                                    'the public numbers the source shows, e.g. numbers: ["114 14"]',
                                    "write each number in quotes, as the source writes it."))
        # Readers see the note on the bibliography page and beside the page's
        # sources, so it is written for them in each language; working notes
        # for editors belong in a YAML comment above the entry.
        note = entry.get("note")
        if isinstance(note, str) and note.strip():
            problems.append(Problem(file, line, f"{key}.note", "the note is in one language only, so one "
                                    "language's readers see it in the other language.",
                                    "note: {sv: Svensk text., en: English text.}",
                                    "write the note for readers in Swedish and English, or move an editor's "
                                    "remark into a # comment.", severity="warning"))
        elif note is not None and not (
                isinstance(note, dict) and set(note) == {"sv", "en"}
                and all(isinstance(v, str) and v.strip() for v in note.values())):
            problems.append(Problem(file, line, f"{key}.note", "malformed note.",
                                    "note: {sv: Svensk text., en: English text.}",
                                    "write the note in Swedish and English, or remove it."))
        if entry.get("language") and entry["language"] not in ("sv", "en", "da", "no", "de"):
            problems.append(Problem(file, line, f"{key}.language", f"unknown language {entry['language']!r}.",
                                    "sv, en, da, no or de", "use a two-letter code."))
    return problems
