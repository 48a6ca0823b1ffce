"""python -m scripts review BASE [HEAD]: what a change does for readers, as one
Markdown report for the pull request's reviewers (CI writes it to the job summary).

HEAD defaults to the working tree (untracked files included). BASE is compared
from where HEAD left it (git merge-base), as a pull request is. Every answer
comes from the module that owns it: front matter from scripts/content/pages.py, the
translation state from scripts/content/translations.py, git from scripts/content/history.py,
checklist item ids from scripts/content/checklists.py, review teams from
scripts/editor/owners.py, LIX from scripts/checks/readability.py.

Errors (the command exits 1 and prints each as file:line: ERROR …):
- a substantive change (title, description or body, other than white space:
  translations.normalise) without a raised version or without a new change note;
- a page moved (git's rename detection, -M) whose new page does not list the
  old path in `redirect_from`, or a deleted page that no page redirects from;
- a checklist item id that is gone without a raised version and a migration
  (checklists.compare_with_base: readers' saved ticks would be lost).
"""
from __future__ import annotations

import argparse
import difflib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..content import checklists, claims, data, history, translations, yamlio
from . import owners
from ..checks import readability
from ..content.pages import Page, parse
from ..content.schema import Problem, check_version, version_tuple

ADDED, CHANGED, MOVED, DELETED = "added", "changed", "moved", "deleted"
KIND_SV = {ADDED: "ny", CHANGED: "ändrad", MOVED: "flyttad", DELETED: "borttagen"}
BIBLIOGRAPHY = "data/bibliography.yml"


@dataclass
class PageChange:
    lang: str
    kind: str
    old: Page | None
    new: Page | None
    similarity: int = 0

    @property
    def key(self) -> str:
        return (self.new or self.old).key

    @property
    def rel(self) -> str:
        return (self.new or self.old).rel

    @property
    def substantive(self) -> bool:
        """A change to what a reader reads, other than white space."""
        if self.old is None or self.new is None:
            return True
        return translations.normalise(self.old) != translations.normalise(self.new)

    @property
    def minor_edits(self) -> list[tuple[str, str]] | None:
        """The words changed when the change is only a typo or a link address
        (CONTRIBUTING: "Major and minor changes"), else None. See minor_edits()."""
        if self.old is None or self.new is None or not self.substantive:
            return None
        return minor_edits(translations.normalise(self.old), translations.normalise(self.new))

    @property
    def needs_bump(self) -> bool:
        return self.kind in (CHANGED, MOVED) and self.substantive and self.minor_edits is None

    @property
    def what(self) -> str:
        if self.kind in (ADDED, DELETED):
            return ""
        if self.minor_edits:
            pairs = ", ".join(f"{code(a)} → {code(b)}" for a, b in self.minor_edits)
            return f"stavning eller länk / typo or link only ({pairs})"
        if self.substantive:
            return "innehåll / content"
        if self.old.meta != self.new.meta:
            return "bara metadata / metadata only"
        if self.kind == MOVED:
            return "samma innehåll / same content"
        return "bara blanksteg / whitespace only"

    def new_notes(self) -> list[dict]:
        """Change entries in the new page that the old page did not have."""
        if self.new is None:
            return []
        before = {str(c.get("version")) for c in _changes(self.old)}
        return [c for c in _changes(self.new) if str(c.get("version")) not in before]


# A typo fix or a new link address needs no version or change entry (CONTRIBUTING,
# "Major and minor changes"). Counted as one: at most MINOR_WORDS words replaced one
# for one (none added or removed), each either the same word misspelt (similar at
# least MINOR_SIMILARITY, same digits) or the same link with another address.
MINOR_WORDS = 3
MINOR_SIMILARITY = 0.8
_DIGITS = re.compile(r"\d+")
_LINK = re.compile(r"^(.*\]\()[^)]*(\).*)$")


def minor_edits(old: str, new: str) -> list[tuple[str, str]] | None:
    """The (old, new) words of a change that is only typos or link addresses, else None."""
    a, b = old.split(), new.split()
    pairs = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op != "replace" or i2 - i1 != j2 - j1:
            return None
        pairs += list(zip(a[i1:i2], b[j1:j2]))
    if not pairs or len(pairs) > MINOR_WORDS:
        return None
    for x, y in pairs:
        link_x, link_y = _LINK.match(x), _LINK.match(y)
        if link_x and link_y and link_x.groups() == link_y.groups():
            continue  # the same link text, another address
        if _DIGITS.findall(x) != _DIGITS.findall(y):
            return None
        if difflib.SequenceMatcher(None, x.lower(), y.lower()).ratio() < MINOR_SIMILARITY:
            return None
    return pairs


@dataclass
class Report:
    base: str
    head: str
    pages: list[PageChange] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)            # every changed path (both sides of a move)
    checklists: list[dict] = field(default_factory=list)
    translation: dict[str, list] = field(default_factory=dict)
    sources: dict[str, list] = field(default_factory=dict)
    readability: list[tuple] = field(default_factory=list)
    reviewers: dict[str, list[str]] = field(default_factory=dict)

    def summary(self) -> str:
        parts = []
        for lang in data.LANGS:
            counts = {kind: 0 for kind in (ADDED, CHANGED, MOVED, DELETED)}
            for c in self.pages:
                if c.lang == lang:
                    counts[c.kind] += 1
            counts = {k: n for k, n in counts.items() if n}
            if counts:
                parts.append(f"{lang}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
        pages = f"{len(self.pages)} page(s)" + (f" ({'; '.join(parts)})" if parts else "")
        extra = f", {len(self.checklists)} checklist(s)" if self.checklists else ""
        errors = f"{len(self.errors)} error(s)" if self.errors else "no errors"
        return f"review: {pages}{extra}; {errors}"


# -- reading the two states ----------------------------------------------------

def _changes(page: Page | None) -> list[dict]:
    value = page.meta.get("changes") if page and page.meta else None
    return [c for c in value if isinstance(c, dict)] if isinstance(value, list) else []


def _page_at(texts: dict, rev: str, path: str | None) -> Page | None:
    if path is None:
        return None
    text = texts.get((rev, path))
    if text is None:
        return None
    lang, _, key = path[len("docs/"):].partition("/")
    return parse(text, data.root_dir() / path, path, lang, key)


def _page_path(path: str | None) -> bool:
    if not path or not path.startswith("docs/") or not path.endswith(".md"):
        return False
    lang = path.split("/")[1]
    return lang in data.LANGS and path.count("/") >= 2


def build(root: Path, base_rev: str, head_rev: str | None = None) -> Report:
    """The report comparing `base_rev` with `head_rev` (None: the working tree).
    Raises ValueError naming a revision that cannot be read."""
    base_commit = history.resolve(root, base_rev)
    if base_commit is None:
        raise ValueError(f"cannot read the git revision {base_rev!r}: name a commit or branch of this "
                         "repository (in CI, fetch the full history with fetch-depth: 0).")
    if head_rev is None:
        head = history.worktree_tree(root)
        head_commit = history.resolve(root, "HEAD")
        if head is None:
            raise ValueError("cannot read the working tree into git (is this a git repository?).")
    else:
        head = head_commit = history.resolve(root, head_rev)
        if head is None:
            raise ValueError(f"cannot read the git revision {head_rev!r}.")
    base = history.merge_base(root, base_commit, head_commit) if head_commit else base_commit
    report = Report(base=base, head=head_rev or "working tree")
    changed = history.changed_files(root, base, head)
    report.files = sorted({p for _, old, new, _ in changed for p in (old, new) if p})

    # Every text needed, read through one git process.
    wanted = set()
    for _, old, new, _ in changed:
        if _page_path(old):
            wanted.add((base, old))
        if _page_path(new):
            wanted.add((head, new))
            counterpart = _counterpart(new)
            wanted |= {(base, counterpart), (head, counterpart)}
        if _page_path(old):
            wanted |= {(base, _counterpart(old)), (head, _counterpart(old))}
    for rev in (base, head):
        wanted |= {(rev, owners.CODEOWNERS), (rev, BIBLIOGRAPHY)}
    texts = history.read_many(root, sorted(wanted))

    for status, old, new, similarity in changed:
        if not (_page_path(old) or _page_path(new)):
            continue
        kind = {"A": ADDED, "M": CHANGED, "D": DELETED, "R": MOVED}[status]
        if kind == MOVED and not (_page_path(old) and _page_path(new)):
            kind = ADDED if _page_path(new) else DELETED
            old, new = (None, new) if kind == ADDED else (old, None)
        change = PageChange(lang=(new or old).split("/")[1], kind=kind,
                            old=_page_at(texts, base, old if _page_path(old) else None),
                            new=_page_at(texts, head, new if _page_path(new) else None), similarity=similarity)
        report.pages.append(change)
    report.pages.sort(key=lambda c: (data.LANGS.index(c.lang), c.key))

    _version_errors(report)
    _redirect_errors(report)
    _checklists(report, root, base, head)
    _translation(report, texts, base, head)
    _sources(report, texts, base, head)
    _readability(report)
    _reviewers(report, texts, base, head)
    return report


def _counterpart(path: str) -> str:
    lang, _, key = path[len("docs/"):].partition("/")
    other = next(lg for lg in data.LANGS if lg != lang)
    return f"docs/{other}/{key}"


# -- the errors ----------------------------------------------------------------

def _version_errors(report: Report) -> None:
    for c in report.pages:
        if not c.needs_bump or not c.new.meta:
            continue
        old_v, new_v = str(c.old.meta.get("version", "")), str(c.new.meta.get("version", ""))
        raised = not check_version(old_v) and not check_version(new_v) and version_tuple(new_v) > version_tuple(old_v)
        if not raised:
            report.errors.append(Problem(
                c.rel, c.new.lines.get("version"), "version",
                f"the text readers read changed, but the version is still {new_v} (as in the base).",
                "a raised version and a change note for a change in substance",
                f"run python -m scripts bump {c.rel} (--major for a change in substance, --minor for a "
                "clarification) and write what changed in the note; a change of white space only needs none."))
        elif not c.new_notes():
            report.errors.append(Problem(
                c.rel, c.new.lines.get("changes"), "changes",
                f"the version was raised to {new_v}, but no change note was added for it.",
                f"a new entry in changes for version {new_v}",
                f'add - {{version: "{new_v}", date: …, note: …}} saying what changed for readers.'))
    for c in report.pages:
        page = c.new
        for p in page.problems if page else []:
            if p.severity == "error":
                report.errors.append(p)


def _redirect_errors(report: Report) -> None:
    head_pages = {(c.new.lang, c.new.key): c.new for c in report.pages if c.new is not None}

    def redirects_to(key: str) -> list[Page]:
        found = []
        for page in head_pages.values():
            olds = page.meta.get("redirect_from") if page.meta else None
            if isinstance(olds, list) and key in olds:
                found.append(page)
        return found

    for c in report.pages:
        if c.kind == MOVED:
            # Site.old_keys: either language's page may name the old path.
            if any(p.key == c.new.key for p in redirects_to(c.old.key)):
                continue
            line = c.new.lines.get("redirect_from") or (min(c.new.lines.values()) if c.new.lines else 1)
            report.errors.append(Problem(
                c.rel, line, "redirect_from",
                f"moved from {c.old.rel} without redirect_from: links and bookmarks to the old address "
                "would end on a missing page.", f"redirect_from: [{c.old.key}]",
                f"add {c.old.key} to redirect_from in {c.rel} (and in the other language's page)."))
        elif c.kind == DELETED:
            if redirects_to(c.old.key):
                continue
            report.errors.append(Problem(
                c.old.rel, 1, "redirect_from",
                "deleted, and no page redirects from its address: links and bookmarks to it would end on a "
                "missing page.", f"redirect_from: [{c.old.key}] on the page that replaces it",
                f"add {c.old.key} to redirect_from of the page readers should find instead, or keep the page."))


def _checklists(report: Report, root: Path, base: str, head: str) -> None:
    names = [p for p in report.files if p.startswith("data/checklists/") and p.endswith(".yml")]
    if not names:
        return
    texts = history.read_many(root, [(rev, p) for p in names for rev in (base, head)])
    for name in names:
        cid = Path(name).stem
        old = checklists.parse(texts[(base, name)], name, cid)[0] if texts.get((base, name)) else None
        new = checklists.parse(texts[(head, name)], name, cid)[0] if texts.get((head, name)) else None
        old_ids = [i.id for i in old.items] if old else []
        new_ids = [i.id for i in new.items] if new else []
        gone = []
        for item_id in old_ids:
            if item_id in new_ids:
                continue
            fate = new.fate(item_id, old.version) if new else None
            gone.append((item_id, fate[0] if fate else None,
                         fate[1].renamed.get(item_id) if fate and fate[0] == "renamed" else None))
        report.checklists.append({
            "file": name, "id": cid,
            "version": (old.version if old else "–", new.version if new else "–"),
            "added": [i for i in new_ids if i not in old_ids], "gone": gone,
        })
    report.errors += [p for p in checklists.compare_with_base(root, base[:12], True, head=head)
                      if p.severity == "error"]


# -- translation, sources, readability, reviewers --------------------------------

def _translation(report: Report, texts: dict, base: str, head: str) -> None:
    out = {"outdated_now": [], "still_outdated": [], "updated": [], "new": [], "missing": [], "english_only": []}
    sv_changed = {c.key: c for c in report.pages if c.lang == "sv"}
    en_changed = {c.key: c for c in report.pages if c.lang == "en"}
    for key, c in sv_changed.items():
        if c.new is None or not c.substantive:
            continue
        en_new = en_changed[key].new if key in en_changed else _page_at(texts, head, f"docs/en/{key}")
        after = translations.state(c.new, en_new).status
        if after == translations.MISSING:
            out["missing"].append(key)
            continue
        en_old = en_changed[key].old if key in en_changed else _page_at(
            texts, base, f"docs/en/{(c.old or c.new).key}")
        before = translations.state(c.old, en_old).status if c.old and en_old else None
        if after == translations.OUTDATED:
            out["outdated_now" if before != translations.OUTDATED else "still_outdated"].append(key)
        elif after == translations.CURRENT:
            out["new" if key in en_changed and en_changed[key].kind == ADDED else "updated"].append(key)
    for key, c in en_changed.items():
        if c.new is not None and c.substantive and key not in sv_changed and c.kind != ADDED:
            out["english_only"].append(key)
    report.translation = out


def _bibliography(texts: dict, rev: str) -> dict:
    text = texts.get((rev, BIBLIOGRAPHY))
    try:
        value = yamlio.load_with_lines(text)[0] if text else {}
    except Exception:  # a broken file is check's to report, with its line
        value = {}
    return value if isinstance(value, dict) else {}


def _sources(report: Report, texts: dict, base: str, head: str) -> None:
    old_bib, new_bib = _bibliography(texts, base), _bibliography(texts, head)
    out = {"bib_added": sorted(set(new_bib) - set(old_bib)), "bib_removed": sorted(set(old_bib) - set(new_bib)),
           "pages": [], "unknown": []}
    for c in report.pages:
        old = _source_list(c.old)
        new = _source_list(c.new)
        added, removed = [k for k in new if k not in old], [k for k in old if k not in new]
        if added or removed:
            out["pages"].append((c, added, removed))
        for k in added:
            if k not in new_bib:
                out["unknown"].append((c.rel, c.new.lines.get("sources"), k))
    out["titles"] = {k: str((new_bib.get(k) or old_bib.get(k) or {}).get("title", ""))
                     for k in out["bib_added"] + out["bib_removed"] if isinstance(new_bib.get(k) or old_bib.get(k), dict)}
    # Inline markers (scripts/content/claims.py): citation errors the change brings, and new statements to re-check.
    out["recheck"] = []
    for c in report.pages:
        if c.new is None or not c.new.meta:
            continue
        before = {p.problem for p in claims.check_page(c.old, old_bib)} if c.old is not None else set()
        for p in claims.check_page(c.new, new_bib):
            if p.severity == "error" and p.problem not in before:
                report.errors.append(p)
        seen = {(m.kind, m.raw, m.statement) for m in claims.scan(c.old.body, c.old.body_line)} if c.old else set()
        for m in claims.scan(c.new.body, c.new.body_line):
            if m.kind in ("recheck", "unconfirmed") and (m.kind, m.raw, m.statement) not in seen:
                out["recheck"].append((c, m))
    report.sources = out
    for rel, line, key in out["unknown"]:
        report.errors.append(Problem(rel, line, "sources", f"source key {key!r} is not in {BIBLIOGRAPHY}.",
                                     f"a key of {BIBLIOGRAPHY}", f"add {key}: to {BIBLIOGRAPHY} or correct the key."))


def _source_list(page: Page | None) -> list[str]:
    value = page.meta.get("sources") if page and page.meta else None
    return [str(k) for k in value] if isinstance(value, list) else []


def _readability(report: Report) -> None:
    for c in report.pages:
        if c.lang != "sv" or c.new is None or not c.new.meta or not c.substantive:
            continue
        before = readability.score(c.old).value if c.old is not None and c.old.meta else None
        after = readability.score(c.new)
        report.readability.append((c, before, after))


def _reviewers(report: Report, texts: dict, base: str, head: str) -> None:
    """The teams the base's CODEOWNERS asks for (what GitHub requests), and the
    ones the change's own CODEOWNERS adds for new paths."""
    base_rules = owners.rules(texts.get((base, owners.CODEOWNERS)) or "")
    head_rules = owners.rules(texts.get((head, owners.CODEOWNERS)) or "")
    teams: dict[str, list[str]] = {}
    for path in report.files:
        found = owners.owners_of(path, base_rules)
        found += [o for o in owners.owners_of(path, head_rules) if o not in found]
        for team in found or ["(ingen / none)"]:
            teams.setdefault(team, []).append(path)
    report.reviewers = dict(sorted(teams.items()))


# -- the Markdown ------------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>#+!|~"})


def md(value) -> str:
    """A value from the pull request made inert as Markdown text: one line, every
    character that could start markup or HTML escaped (the job summary renders it)."""
    return " ".join(str(value).split()).translate(_MD_SPECIAL)


def code(value) -> str:
    text = " ".join(str(value).split()).replace("`", "'")
    return f"`{text}`"


def _label(list_name: str, key) -> str:
    if not isinstance(key, str) or not key:
        return "–"
    try:
        return data.label(list_name, key, "sv")
    except Exception:
        return key


def _arrow(before, after) -> str:
    before, after = md(before if before not in (None, "") else "–"), md(after if after not in (None, "") else "–")
    return after if before == after else f"{before} → {after}"


def render(report: Report) -> str:
    out = [f"# Granskningsrapport / Review report", "",
           f"Jämför {code(report.base[:12])} med {code(report.head[:12])}. / "
           f"Compares {code(report.base[:12])} with {code(report.head[:12])}.", "",
           f"**{md(report.summary())}**", ""]

    out += ["## Fel att åtgärda / Errors", ""]
    if report.errors:
        out += [f"- {code(f'{p.file}:{p.line}' if p.line else p.file)} {md(p.problem)} "
                f"Åtgärd / Fix: {md(p.fix)}" for p in report.errors]
    else:
        out.append("Inga fel. / No errors.")
    out.append("")

    out += ["## Sidor / Pages", ""]
    if not report.pages:
        out += ["Inga sidor ändrade. / No pages changed.", ""]
    for lang in data.LANGS:
        rows = [c for c in report.pages if c.lang == lang]
        if not rows:
            continue
        out += [f"### {'Svenska' if lang == 'sv' else 'English'} ({lang})", "",
                "| Sida / Page | Ändring / Change | Ansvarig / Responsible | Status | Version | Ändringsnot / Change note |",
                "|---|---|---|---|---|---|"]
        for c in rows:
            meta_new, meta_old = (c.new.meta if c.new else {}), (c.old.meta if c.old else {})
            title = meta_new.get("title") or meta_old.get("title") or c.key
            where = code(c.rel) if c.kind != MOVED else f"{code(c.old.rel)} → {code(c.new.rel)}"
            kind = f"{KIND_SV[c.kind]} / {c.kind}" + (f" ({c.similarity} %)" if c.kind == MOVED else "")
            if c.what:
                kind += f"; {c.what}"
            notes = "; ".join(f"{md(n.get('version'))}: {md(n.get('note'))}" for n in c.new_notes()) or "–"
            out.append(f"| {md(title)}<br>{where} | {kind} | "
                       f"{md(_label('responsible', meta_new.get('responsible') or meta_old.get('responsible')))} | "
                       f"{_arrow(meta_old.get('status'), meta_new.get('status'))} | "
                       f"{_arrow(meta_old.get('version'), meta_new.get('version'))} | {notes} |")
        out.append("")

    if report.checklists:
        out += ["## Checklistor / Checklists", "",
                "Sparade bockar hänger på punkternas id. / Readers' saved ticks hang on item ids.", ""]
        for cl in report.checklists:
            out.append(f"- {code(cl['file'])}: version {_arrow(*cl['version'])}"
                       + (f"; nya punkter / new items: {', '.join(map(code, cl['added']))}" if cl["added"] else ""))
            for item_id, fate, new_id in cl["gone"]:
                what = {"renamed": f"bytt namn till / renamed to {code(new_id)}: bockarna flyttas / ticks move",
                        "removed": "borttagen med migrering: läsaren får veta / removed with a migration: "
                                   "readers are told"}.get(fate, "**borta utan migrering: bockarna försvinner / "
                                                                 "gone without a migration: ticks are lost**")
                out.append(f"  - {code(item_id)}: {what}")
        out.append("")

    t = report.translation
    out += ["## Översättning / Translation", ""]
    lines = []
    for key in t.get("outdated_now", []):
        lines.append(f"- {code('docs/en/' + key)} blir inaktuell / becomes outdated: "
                     f"{code('python -m scripts translations --diff ' + key)}")
    for key in t.get("still_outdated", []):
        lines.append(f"- {code('docs/en/' + key)} var redan inaktuell / was already outdated: "
                     f"{code('python -m scripts translations --diff ' + key)}")
    for key in t.get("updated", []):
        lines.append(f"- {code('docs/en/' + key)} är uppdaterad i samma ändring / updated in the same change")
    for key in t.get("new", []):
        lines.append(f"- {code('docs/en/' + key)} är en ny översättning / is a new translation")
    for key in t.get("missing", []):
        lines.append(f"- {code('docs/sv/' + key)} har ingen engelsk sida / has no English page yet")
    for key in t.get("english_only", []):
        lines.append(f"- {code('docs/en/' + key)} ändrad utan sin svenska sida / changed without its Swedish page")
    out += (lines or ["Ingen påverkan. / No effect."]) + [""]

    s = report.sources
    out += ["## Källor / Sources", ""]
    lines = []
    for key in s.get("bib_added", []):
        lines.append(f"- ny i / added to {code(BIBLIOGRAPHY)}: {code(key)} {md(s['titles'].get(key, ''))}")
    for key in s.get("bib_removed", []):
        lines.append(f"- borttagen ur / removed from {code(BIBLIOGRAPHY)}: {code(key)} {md(s['titles'].get(key, ''))}")
    for c, added, removed in s.get("pages", []):
        lines.append(f"- {code(c.rel)}: " + "; ".join(
            ([f"+ {', '.join(map(code, added))}"] if added else []) +
            ([f"− {', '.join(map(code, removed))}"] if removed else [])))
    out += (lines or ["Inga ändrade källor. / No sources changed."]) + [""]

    out += ["### Nya uppgifter att kontrollera / New statements to re-check", ""]
    lines = []
    for c, m in s.get("recheck", []):
        when = (f"kontrollera efter / re-check after {m.date.isoformat()}" if m.kind == "recheck" and m.date
                else "behöver bekräftas / to be confirmed" + (f": {md(m.reason)}" if m.reason else ""))
        statement = m.statement if len(m.statement) <= 160 else m.statement[:157] + "…"
        lines.append(f"- {code(f'{c.rel}:{m.line}')} {when}: {md(statement)}")
    out += (lines or ["Inga. / None."]) + [""]

    out += ["## Läsbarhet / Readability (LIX)", ""]
    if report.readability:
        out += ["| Sida / Page | LIX före / before | LIX efter / after | Gräns / Limit |", "|---|---:|---:|---:|"]
        for c, before, after in report.readability:
            flag = " **för svår / too hard**" if after.too_hard else ""
            out.append(f"| {code(c.rel)} | {'–' if before is None else f'{before:.1f}'} | "
                       f"{'–' if after.value is None else f'{after.value:.1f}'}{flag} | "
                       f"{'–' if after.limit is None else f'{after.limit:g}'} |")
    else:
        out.append("Ingen svensk text ändrad. / No Swedish text changed.")
    out.append("")

    out += ["## Granskare / Reviewers", "", "Enligt / From `.github/CODEOWNERS`.", ""]
    for team, paths in report.reviewers.items():
        shown = ", ".join(map(code, paths[:8])) + (f" (+{len(paths) - 8})" if len(paths) > 8 else "")
        out.append(f"- {md(team)}: {shown}")
    if not report.reviewers:
        out.append("Inga filer ändrade. / No files changed.")
    out.append("")
    return "\n".join(out)


# -- the command ---------------------------------------------------------------------

def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("base", metavar="BASE", help="the revision the change is compared with (e.g. origin/main)")
    p.add_argument("head", metavar="HEAD", nargs="?",
                   help="the revision with the change (default: the working tree, untracked files included)")
    p.add_argument("--summary", action="store_true", help="print only the one-line summary")
    p.add_argument("--github", action="store_true",
                   help="also print each error as a GitHub Actions annotation (::error file=…,line=…::)")


def _annotation(p: Problem) -> str:
    def esc(text: str) -> str:
        return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    where = f"file={esc(p.file).replace(',', '%2C').replace(':', '%3A')}" + (f",line={p.line}" if p.line else "")
    return f"::error {where}::{esc(p.problem + ' How to fix: ' + p.fix)}"


def run(args) -> int:
    try:
        report = build(data.root_dir(), args.base, args.head)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write((report.summary() + "\n") if args.summary else render(report))
    for p in report.errors:
        print(_annotation(p) if args.github else str(p), file=sys.stderr)
    return 1 if report.errors else 0
