"""Translation state: which English pages are current, outdated, missing or orphaned.

Swedish is the source language. Each English page records, in its front matter,
which state of its Swedish page it translates:

    translation:
      source_hash: 0123456789ab   # hash of the Swedish text the translation was made from
      source_version: "1.2"       # the Swedish page's version then (for people; not compared)

`python -m scripts translations --mark PAGE` writes both fields.

What counts as a change (the hash)
----------------------------------
The hash covers what a reader reads: the Swedish page's `title`, its
`description` and its body, with every run of white space folded to one space.

- A change that DOES make the translation outdated: any changed, added or
  removed character in the title, the description or the body other than white
  space: words, numbers, punctuation, links and their addresses, headings,
  Markdown markup (emphasis, list markers, tables), admonitions, HTML and HTML
  comments in the body.
- A change that does NOT: white space anywhere in those three (re-wrapped
  lines, indentation, added or removed blank lines, trailing spaces), and every
  other front-matter field: `reviewed`, `review_by`, `status`, `version`,
  `changes`, `sources`, `audience`, `responsible`, `type`, `keywords`,
  `generate`, `checklist`, `hide`, `redirect_from`. The English page keeps its
  own copy of those fields; editors update them without re-translating.
  Content generated from data/ (the bibliography, glossary, checklists) is
  translated in data/, not here.

Statuses
--------
- current:  the recorded hash is the hash of the Swedish page now.
- outdated: the Swedish page changed in substance since the recorded state.
- missing:  a Swedish page has no English page (readers get the Swedish text with a notice).
- orphan:   an English page has no Swedish page at the same path.
- unmarked: an English page records no translation state.
- broken:   the marker is malformed, or its hash is neither the Swedish page's
            hash now nor the hash of any committed version of the Swedish file
            (so nothing can say what changed since).

"Since" is, for outdated: the date of the first commit after the last commit
whose Swedish text still had the recorded hash (today when the change is not
committed yet); for current and orphan: the date of the English file's last
commit; for missing: the date of the Swedish file's first commit.

Policy (CI)
-----------
`check` (and so `make test`) fails on broken markers, orphans and unmarked
English pages. The build fails on broken markers and orphans, and reports
unmarked pages without failing, so a translator can preview a new page before
marking it. Missing and outdated translations are reported by `check`, the
`translations` table and the translation status page, and never block a build:
a Swedish change must be publishable before its translation is.

History comes from git (scripts/content/history.py). Without usable history (no git
repository, or a shallow clone) an outdated page stays "outdated" without a
date, and a marker is never judged broken on history alone.
"""
from __future__ import annotations

import argparse
import difflib
import hashlib
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import data, history, schema
from .pages import FRONT_MATTER_RE, Page, parse
from .schema import Problem
from .text import format_date, md_link, md_text, md_texts

CURRENT, OUTDATED, MISSING, ORPHAN, UNMARKED, BROKEN = (
    "current", "outdated", "missing", "orphan", "unmarked", "broken")
# The order in which statuses are listed: what needs work first.
STATUSES = (BROKEN, ORPHAN, UNMARKED, OUTDATED, MISSING, CURRENT)


def normalise(page: Page) -> str:
    title = str(page.meta.get("title", ""))
    description = str(page.meta.get("description", ""))
    return " ".join(f"{title}\n{description}\n{page.body}".split())


def source_hash(page: Page) -> str:
    return hashlib.sha256(normalise(page).encode("utf-8")).hexdigest()[:12]


def translatable_text(page: Page) -> str:
    """The part of a Swedish page the hash covers, as lines a translator can diff."""
    return (f"title: {page.meta.get('title', '')}\n"
            f"description: {page.meta.get('description', '')}\n\n{page.body}")


def recorded_hash(page: Page) -> str | None:
    """The well-formed source_hash an English page records, or None."""
    marker = page.meta.get("translation")
    value = marker.get("source_hash") if isinstance(marker, dict) else None
    return value if isinstance(value, str) and schema.HASH_RE.match(value) else None


@dataclass
class State:
    key: str
    status: str
    sv: Page | None
    en: Page | None
    since: str | None = None     # ISO date; see the module docstring
    base: str | None = None      # the commit whose Swedish text had the recorded hash
    malformed: bool = False      # the marker itself is invalid (the schema reports it)

    @property
    def recorded(self) -> str | None:
        return recorded_hash(self.en) if self.en else None

    @property
    def responsible(self) -> str:
        return str((self.sv or self.en).meta.get("responsible", ""))

    @property
    def sv_version(self) -> str:
        return str(self.sv.meta.get("version", "")) if self.sv else ""

    @property
    def source_version(self) -> str:
        marker = self.en.meta.get("translation") if self.en else None
        return str(marker.get("source_version", "")) if isinstance(marker, dict) else ""


def state(sv: Page | None, en: Page | None) -> State:
    """The status from the pages alone (no history: never broken by history)."""
    key = (sv or en).key
    if sv is None:
        return State(key, ORPHAN, sv, en)
    if en is None:
        return State(key, MISSING, sv, en)
    if "translation" not in en.meta:
        return State(key, UNMARKED, sv, en)
    wanted = recorded_hash(en)
    if wanted is None:
        return State(key, BROKEN, sv, en, malformed=True)
    return State(key, CURRENT if wanted == source_hash(sv) else OUTDATED, sv, en)


def _versions(root: Path, sv: Page):
    """(commit, date, page) for each commit that touched the Swedish page, under any
    path it has had, newest first; page is None where the commit deleted the file."""
    for sha, date, path in history.page_commits(root, sv):
        text = history.file_at(root, sha, path)
        page = parse(text, root / path, path, "sv", sv.key) if text is not None else None
        yield sha, date, page


def _find_base(root: Path, st: State) -> tuple[str | None, str | None]:
    """(commit with the recorded hash, date of the next change); (None, None) when never seen."""
    later = None
    for sha, date, page in _versions(root, st.sv):
        if page is not None and source_hash(page) == st.recorded:
            return sha, later or schema.today().isoformat()
        later = date
    return None, None


def _add_history(st: State, root: Path) -> None:
    log = history.log(root)
    today = schema.today().isoformat()
    sv_commits = log.get(f"docs/sv/{st.key}", [])
    en_commits = log.get(f"docs/en/{st.key}", [])
    if st.status == OUTDATED:
        st.base, st.since = _find_base(root, st)
        if st.base is None:
            st.status = BROKEN
    elif st.status in (CURRENT, ORPHAN):
        st.since = en_commits[0][1] if en_commits else today
    elif st.status == MISSING:
        st.since = sv_commits[-1][1] if sv_commits else today


def states(by_lang: dict[str, dict[str, Page]], root: Path | None = None) -> dict[str, State]:
    """The state of every page key; with `root`, dates and broken markers from git history."""
    keys = sorted(set(by_lang["sv"]) | set(by_lang["en"]))
    out = {k: state(by_lang["sv"].get(k), by_lang["en"].get(k)) for k in keys}
    if root is not None and history.available(root):
        for st in out.values():
            _add_history(st, root)
    return out


# -- the gate: check and build ---------------------------------------------

def check(site, args=None, building: bool = False) -> list[Problem]:
    """Translation problems. Errors: broken markers and orphans (build and check),
    unmarked English pages and current translations citing other sources than
    their Swedish page (check only; warnings in the build). Warnings: outdated
    and missing translations, which never block."""
    problems: list[Problem] = []
    for key, st in site.translation.items():
        cmd = f"python -m scripts translations --mark {key}"
        sv_rel = f"docs/sv/{key}"
        if st.status == BROKEN and not st.malformed:  # a malformed marker is a schema error already
            problems.append(Problem(
                st.en.rel, st.en.lines.get("translation"), "translation",
                f"source_hash {st.recorded} points at nothing: it is not the hash of {sv_rel} now, "
                "nor of any committed version of it, so nobody can tell what the translation is missing.",
                f"the hash of a state {sv_rel} has had, as written by --mark",
                f"compare this page with {sv_rel}, bring the English text up to date, then run {cmd}."))
        elif st.status == ORPHAN:
            problems.append(Problem(
                st.en.rel, 1, None,
                f"English page without a Swedish source: {sv_rel} does not exist.",
                "every English page translates the Swedish page at the same path under docs/sv/",
                f"move the page to the path of the Swedish page it translates, write {sv_rel} first, "
                "or delete the English page."))
        elif st.status == UNMARKED:
            first = min(st.en.lines.values()) if st.en.lines else 1
            problems.append(Problem(
                st.en.rel, first, "translation",
                "missing: the page does not record which state of the Swedish page it translates.",
                "translation: {source_hash: ...}, written by --mark",
                f"check the page against {sv_rel}, then run {cmd}.",
                severity="warning" if building else "error"))
        elif st.status == OUTDATED:
            when = f"on {st.since}" if st.since else "since it was translated"
            problems.append(Problem(
                st.en.rel, st.en.lines.get("translation"), "translation",
                f"the Swedish page changed {when}; this translation may be out of date "
                "(readers see a notice).", "",
                f"see python -m scripts translations --diff {key}, update the English text, then run {cmd}.",
                severity="warning"))
        elif st.status == CURRENT and st.sv is not None and st.en is not None:
            problems += _source_mismatch(st, sv_rel, building)
        elif st.status == MISSING:
            problems.append(Problem(
                sv_rel, None, None,
                "no English translation yet; English readers get the Swedish text with a notice.", "",
                f"translate it into docs/en/{key}, then run {cmd}.", severity="warning"))
    return problems


def _source_mismatch(st: State, sv_rel: str, building: bool) -> list[Problem]:
    """A translation marked current cites the same sources as its Swedish page.

    The translation hash covers the text, not the source list (a new source
    alone need not send a page back to the translator), so this is checked
    apart: a current translation that cites other sources misleads one of
    its readers."""
    sv_sources = [str(k) for k in st.sv.meta.get("sources") or []]
    en_sources = [str(k) for k in st.en.meta.get("sources") or []]
    only_sv = [k for k in sv_sources if k not in en_sources]
    only_en = [k for k in en_sources if k not in sv_sources]
    if not only_sv and not only_en:
        return []
    parts = ([f"only in Swedish: {', '.join(only_sv)}"] if only_sv else []) + \
            ([f"only in English: {', '.join(only_en)}"] if only_en else [])
    return [Problem(
        st.en.rel, st.en.lines.get("sources"), "sources",
        f"cites other sources than {sv_rel}, which it is marked as translating ({'; '.join(parts)}).",
        f"the same keys as the sources of {sv_rel}",
        "give both pages the same sources (keys in data/bibliography.yml); if the Swedish text changed "
        "with them, translate the change too.",
        severity="warning" if building else "error")]


# -- marking ---------------------------------------------------------------

MARKER_RE = re.compile(r"^translation[ \t]*:")


def marker_lines(sv: Page) -> list[str]:
    return ["translation:\n",
            f"  source_hash: {source_hash(sv)}\n",
            f'  source_version: "{sv.meta.get("version", "")}"\n']


def with_marker(text: str, sv: Page) -> str:
    """`text` (an English page) with its translation marker set to `sv`'s state.

    Only the `translation:` block changes; every other line stays as written.
    """
    m = FRONT_MATTER_RE.match(text)
    if not m:
        raise ValueError("the page has no front matter")
    if m.group(1) is None:                    # an empty block: ---, then ---
        head_end = closing = text.index("\n") + 1
    else:
        head_end, closing = m.start(1), m.end(1)
    lines = text[head_end:closing].splitlines(keepends=True)
    new = marker_lines(sv)
    for i, line in enumerate(lines):
        if MARKER_RE.match(line):
            end = i + 1
            while end < len(lines) and lines[end][:1] in (" ", "\t"):
                end += 1
            lines[i:end] = new
            break
    else:
        lines += new
    return text[:head_end] + "".join(lines) + text[closing:]


def mark(site, key: str) -> str:
    """Record that the English page at `key` translates the Swedish page as it is now."""
    st = site.translation.get(key)
    if st is None or st.sv is None:
        raise LookupError(f"docs/sv/{key} does not exist; an English page can only translate a Swedish one.")
    if st.en is None:
        raise LookupError(f"docs/en/{key} does not exist yet: translate docs/sv/{key} there first.")
    text = st.en.path.read_text(encoding="utf-8")
    new = with_marker(text, st.sv)
    if new != text:
        st.en.path.write_text(new, encoding="utf-8")
    return (f"{st.en.rel}: marked as translating {st.sv.rel} version {st.sv_version} "
            f"(source_hash {source_hash(st.sv)})" + ("" if new != text else ", unchanged"))


# -- diff ------------------------------------------------------------------

def diff(site, key: str) -> str:
    """Unified diff of the Swedish text from the translated state to now."""
    st = site.translation.get(key)
    if st is None or st.sv is None or st.en is None:
        raise LookupError(f"{key}: needs both docs/sv/{key} and docs/en/{key} to compare.")
    if st.status == CURRENT:
        return f"{key}: the translation is current; the Swedish text has not changed since it was marked.\n"
    if st.status in (UNMARKED, BROKEN):
        raise LookupError(f"{key}: the English page records no usable translation state ({st.status}); "
                          "compare the pages by hand, then run --mark.")
    if st.base is None:
        raise LookupError(f"{key}: no git history to find the translated state in "
                          "(not a git repository, or a shallow clone: git fetch --unshallow).")
    old, old_date = next((page, date) for sha, date, page in _versions(site.root, st.sv) if sha == st.base)
    lines = difflib.unified_diff(
        translatable_text(old).splitlines(keepends=True), translatable_text(st.sv).splitlines(keepends=True),
        fromfile=f"{st.sv.rel} as translated (commit {st.base[:10]}, {old_date})",
        tofile=f"{st.sv.rel} now (changed {st.since})")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


# -- the command -----------------------------------------------------------

def resolve(site, name: str) -> str:
    """A page key from a key (roller/sis.md) or a path to either language's file."""
    raw = name.strip()
    path = Path(raw)
    if path.is_absolute():
        try:
            raw = path.resolve().relative_to(site.root.resolve()).as_posix()
        except ValueError:
            pass
    raw = raw.replace("\\", "/").removeprefix("./").strip("/")
    for prefix in ("docs/sv/", "docs/en/", "sv/", "en/"):
        if raw.startswith(prefix):
            raw = raw[len(prefix):]
            break
    candidates = [raw, raw + ".md", raw + "/index.md"] if not raw.endswith(".md") else [raw]
    for candidate in candidates:
        if candidate in site.translation:
            return candidate
    raise LookupError(f"no page {name!r}: give a key such as roller/sis.md or a path such as docs/en/roller/sis.md.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    action = p.add_mutually_exclusive_group()
    action.add_argument("--diff", metavar="PAGE",
                        help="show how the Swedish text changed since the English page was translated")
    action.add_argument("--mark", metavar="PAGE", nargs="+",
                        help="record that the English page now translates the current Swedish page")
    action.add_argument("--mark-all", action="store_true",
                        help="mark every English page that has a Swedish source as current "
                             "(first-time setup, or after reviewing every translation)")
    p.add_argument("--status", choices=STATUSES, action="append",
                   help="list only pages with this status (repeatable)")


def table(site, only: list[str] | None = None) -> str:
    head = ("page", "responsible", "sv version", "en status", "since", "translated from")
    rows = []
    for st in sorted(site.translation.values(), key=lambda s: (STATUSES.index(s.status), s.key)):
        if only and st.status not in only:
            continue
        rows.append((st.key, st.responsible, st.sv_version or "-", st.status, st.since or "-",
                     st.source_version or "-"))
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    fmt = "  ".join(f"{{:{w}}}" for w in widths)
    lines = [fmt.format(*head).rstrip(), fmt.format(*("-" * w for w in widths))]
    lines += [fmt.format(*r).rstrip() for r in rows]
    counts = Counter(st.status for st in site.translation.values())
    lines.append("")
    lines.append(", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s]) or "no pages")
    return "\n".join(lines) + "\n"


def run(site, args) -> int:
    try:
        if args.diff:
            sys.stdout.write(diff(site, resolve(site, args.diff)))
            return 0
        if args.mark or args.mark_all:
            keys = ([resolve(site, name) for name in args.mark] if args.mark else
                    [k for k, st in site.translation.items() if st.sv and st.en])
            for key in keys:
                print(mark(site, key))
            return 0
    except (LookupError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(table(site, args.status))
    return 0


# -- the generated status page -------------------------------------------------

def _cell(text: str) -> str:
    return md_text(text).replace("|", "\\|")


def status_page(site, from_key: str, lang: str) -> str:
    """Counts per status and a table per responsible body, in the page's language."""
    ui = md_texts(data.strings(lang))  # texts, never HTML, in the generated Markdown
    all_states = list(site.translation.values())
    counts = Counter(st.status for st in all_states)
    shown = [s for s in STATUSES if counts[s] or s in (CURRENT, OUTDATED, MISSING)]
    out = [f"| {ui['translation_status']} | {ui['translation_meaning']} | {ui['translation_count']} |",
           "|---|---|---:|"]
    out += [f"| {ui['translation_' + s]} | {ui['translation_' + s + '_help']} | {counts[s]} |" for s in shown]
    out.append("")
    bodies = data.list_keys("responsible")
    extra = sorted({st.responsible for st in all_states} - set(bodies))
    for body in bodies + extra:
        group = sorted((st for st in all_states if st.responsible == body),
                       key=lambda st: (STATUSES.index(st.status), st.key))
        if not group:
            continue
        out.append(f"## {md_text(data.label('responsible', body, lang))} {{#translations-{body}}}\n")
        out.append(f"| {ui['translation_page']} | {ui['translation_sv_version']} | "
                   f"{ui['translation_status']} | {ui['translation_since']} |")
        out.append("|---|---|---|---|")
        for st in group:
            page = site.page(lang, st.key) or st.en
            title = _cell(page.meta.get("title", st.key))
            # A page that does not exist in this language's build gets no link.
            linked = st.sv is not None or lang != data.DEFAULT_LANG
            name = f"[{title}]({md_link(from_key, st.key)})" if linked else title
            since = format_date(st.since, lang) if st.since else "–"
            out.append(f"| {name} | {st.sv_version or '–'} | {ui['translation_' + st.status]} | {since} |")
        out.append("")
    return "\n".join(out) + "\n"
