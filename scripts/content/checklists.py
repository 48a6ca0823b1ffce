"""Interactive checklists: written once as data in data/checklists/<id>.yml,
validated here, and rendered for both languages by one template
(overrides/partials/kc-checklist.html) and one script (overrides/assets/checklist.js).

A checklist page says `generate: checklist` and `checklist: <id>` in its front
matter. The rendered list is plain HTML that works without JavaScript: real
checkboxes with labels, the "why and how" in <details>, and a relative link to
the guidance page. The script adds saving in the browser (localStorage, one
entry per checklist id, shared by both languages), progress, a note, reset,
print and export. Data format and rules: data/checklists/README.md.

Item ids are what readers' saved ticks hang on. A checklist's `migrations:`
say what became of ids that are gone (renamed to another id, or removed, with
the removed item's text so readers can be told which ticks went), the page
carries them to the script, and `python -m scripts check` compares every
checklist's item ids with a base revision (`--base`, or KC_CHECKLIST_BASE,
HEAD by default): an id that disappears needs a raised version and a
migration entry.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import data, schema, yamlio
from .pages import relative_url as pages_relative_url
from .schema import Problem

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TOP_KEYS = {"version": True, "title": True, "sections": True, "migrations": False}
MIGRATION_KEYS = {"version": True, "renamed": False, "removed": False}
REMOVED_KEYS = {"id": True, "text": True}
BASE_ENV = "KC_CHECKLIST_BASE"
SECTION_KEYS = {"id": True, "title": True, "items": True}
ITEM_KEYS = {"id": True, "text": True, "detail": False, "link": True}
STRING_PREFIX = "checklist_"


@dataclass
class Item:
    id: str
    text: dict
    link: str
    detail: dict | None = None
    line: int = 0


@dataclass
class Migration:
    """What became of item ids that are gone, as of one version."""
    version: str
    renamed: dict[str, str] = field(default_factory=dict)   # old id -> new id
    removed: dict[str, dict] = field(default_factory=dict)  # old id -> its text {sv, en}
    line: int = 0


@dataclass
class Section:
    id: str
    title: dict
    items: list[Item] = field(default_factory=list)


@dataclass
class Checklist:
    id: str
    file: str
    version: str
    title: dict
    sections: list[Section] = field(default_factory=list)
    migrations: list[Migration] = field(default_factory=list)
    lines: dict = field(default_factory=dict)  # top-level key -> line

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    def fate(self, old_id: str, after: str) -> tuple[str, Migration] | None:
        """What a migration newer than version `after` says became of `old_id`:
        ("renamed", m) or ("removed", m), or None when no migration covers it."""
        for m in self.migrations:
            if schema.check_version(after) is None and schema.version_tuple(m.version) <= schema.version_tuple(after):
                continue
            if old_id in m.renamed:
                return "renamed", m
            if old_id in m.removed:
                return "removed", m
        return None


# -- reading ---------------------------------------------------------------

def checklist_dir() -> Path:
    return data.data_dir() / "checklists"


def checklist_files() -> list[Path]:
    folder = checklist_dir()
    return sorted(folder.glob("*.yml")) if folder.is_dir() else []


def _rel(path: Path) -> str:
    try:
        return path.relative_to(data.root_dir()).as_posix()
    except ValueError:
        return path.as_posix()


def _lines(node, path: tuple, out: dict) -> None:
    """Record the 1-based line of every value in the YAML node tree, keyed by
    its path (keys and list indexes). (Keys written twice are refused by yamlio.)"""
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            out[path + (key,)] = key_node.start_mark.line + 1
            _lines(value_node, path + (key,), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _lines(item, path + (i,), out)


def _field(path: tuple) -> str:
    """sections[2].items[3].text.en: list positions counted from 1, as editors count."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse(text: str, file: str, cid: str, page_keys: set[str] | None = None) -> tuple[Checklist | None, list[Problem]]:
    """A checklist from YAML text, and every problem found in it.

    `page_keys` are the page keys that links may point to (the Swedish pages);
    None skips that check. The checklist is None when problems make it unusable.
    """
    problems: list[Problem] = []
    try:
        node, value = yamlio.load_node(text)
    except yaml.YAMLError as exc:
        return None, [yamlio.problem(exc, file)]
    lines: dict[tuple, int] = {}
    if node is not None:
        _lines(node, (), lines)

    def line(*path) -> int | None:
        while path and path not in lines:
            path = path[:-1]
        return lines.get(path, 1)

    def add(path: tuple, problem: str, expected: str = "", fix: str = "") -> None:
        problems.append(Problem(file, line(*path), _field(path) or None, problem, expected, fix))

    if not ID_RE.match(cid):
        add((), f"the file name {cid!r} is not a valid checklist id.", "lower-case letters, digits and hyphens",
            "rename the file, e.g. forsta-motet.yml.")
    if not isinstance(value, dict):
        add((), "the file must be a set of key: value lines.", "version:, title: and sections:",
            "copy the layout of another checklist file.")
        return None, problems

    _unknown_and_missing(value, (), TOP_KEYS, add)
    version = value.get("version")
    if "version" in value and schema.check_version(version):
        add(("version",), f"malformed version {version!r}.", 'MAJOR.MINOR in quotes, e.g. "1.0"',
            'write version: "1.1"; raise it whenever items are added, removed or changed in substance.')
    title = value.get("title")
    if "title" in value:
        _check_texts(title, ("title",), add)

    sections_value = value.get("sections")
    sections: list[Section] = []
    seen_items: dict[str, tuple] = {}
    seen_sections: dict[str, tuple] = {}
    if "sections" in value and (not isinstance(sections_value, list) or not sections_value):
        add(("sections",), "must be a list with at least one section.", "- id:, title:, items:",
            "copy a section from another checklist file.")
        sections_value = []
    for si, sec in enumerate(sections_value or []):
        spath = ("sections", si)
        if not isinstance(sec, dict):
            add(spath, "a section must be a set of key: value lines.", "id:, title: and items:", "")
            continue
        _unknown_and_missing(sec, spath, SECTION_KEYS, add)
        sid = _check_id(sec.get("id"), spath + ("id",), "section", seen_sections, add, lines) if "id" in sec else None
        if "title" in sec:
            _check_texts(sec["title"], spath + ("title",), add)
        section = Section(id=sid or "", title=sec.get("title") if isinstance(sec.get("title"), dict) else {})
        items_value = sec.get("items")
        if "items" in sec and (not isinstance(items_value, list) or not items_value):
            add(spath + ("items",), "must be a list with at least one item.", "- id:, text:, link:", "")
            items_value = []
        for ii, raw in enumerate(items_value or []):
            ipath = spath + ("items", ii)
            if not isinstance(raw, dict):
                add(ipath, "an item must be a set of key: value lines.", "id:, text:, link: and optionally detail:", "")
                continue
            _unknown_and_missing(raw, ipath, ITEM_KEYS, add)
            iid = _check_id(raw.get("id"), ipath + ("id",), "item", seen_items, add, lines) if "id" in raw else None
            if "text" in raw:
                _check_texts(raw["text"], ipath + ("text",), add)
            if "detail" in raw:
                _check_texts(raw["detail"], ipath + ("detail",), add)
            link = raw.get("link")
            if "link" in raw:
                _check_link(link, ipath + ("link",), page_keys, add)
            if iid:
                section.items.append(Item(id=iid, text=raw.get("text") or {}, link=str(link or ""),
                                          detail=raw.get("detail") if isinstance(raw.get("detail"), dict) else None,
                                          line=lines.get(ipath + ("id",), 0)))
        sections.append(section)

    migrations = _parse_migrations(value.get("migrations"), version, seen_items, add, line) \
        if "migrations" in value else []

    if any(p.severity == "error" for p in problems):
        return None, problems
    top_lines = {k[0]: v for k, v in lines.items() if len(k) == 1}
    return Checklist(id=cid, file=file, version=version, title=title, sections=sections,
                     migrations=migrations, lines=top_lines), problems


def _parse_migrations(value, version, current_ids: dict, add, line) -> list[Migration]:
    """`migrations:` — a list of {version, renamed: {old: new}, removed: [{id, text}]}."""
    path = ("migrations",)
    example = ('- version: "1.1"  then  renamed: {old-id: new-id}  and/or  '
               'removed: [{id: old-id, text: {sv: …, en: …}}]')
    if not isinstance(value, list) or not value:
        add(path, "must be a list of migration entries.", example, "copy the example in data/checklists/README.md.")
        return []
    out: list[Migration] = []
    gone: dict[str, tuple] = {}  # old id -> where it was first named
    valid_version = schema.check_version(version) is None
    for mi, raw in enumerate(value):
        mpath = path + (mi,)
        if not isinstance(raw, dict):
            add(mpath, "a migration entry must be a set of key: value lines.", example, "")
            continue
        _unknown_and_missing(raw, mpath, MIGRATION_KEYS, add, "migration entry")
        mversion = raw.get("version")
        if "version" in raw and schema.check_version(mversion):
            add(mpath + ("version",), f"malformed version {mversion!r}.", 'MAJOR.MINOR in quotes, e.g. "1.1"',
                "write the checklist version in which the items were renamed or removed.")
            mversion = None
        elif mversion and valid_version and schema.version_tuple(mversion) > schema.version_tuple(version):
            add(mpath + ("version",), f"version {mversion} is newer than the checklist's version {version}.",
                "a version no newer than the checklist's", "raise the checklist's version or correct this one.")
        if "renamed" not in raw and "removed" not in raw:
            add(mpath, "says neither what was renamed nor what was removed.", "renamed: and/or removed:", example)
        migration = Migration(version=mversion or "", line=line(*mpath))

        def claim(old, where):
            if not isinstance(old, str) or not ID_RE.match(old):
                add(where, f"item id {old!r} is not valid.", "the old item id, as it was in the checklist", "")
                return False
            if old in current_ids:
                add(where, f"item id {old!r} is still an item of the checklist.",
                    "only ids that are no longer in the checklist",
                    "remove this entry, or give the current item another id (ids are never reused).")
                return False
            if old in gone:
                add(where, f"item id {old!r} is already named on line {line(*gone[old])}.",
                    "each old id in one migration entry", "remove one of the two.")
                return False
            gone[old] = where
            return True

        renamed = raw.get("renamed")
        if "renamed" in raw:
            if not isinstance(renamed, dict) or not renamed:
                add(mpath + ("renamed",), "must be old-id: new-id lines.", "renamed: {old-id: new-id}", "")
            else:
                for old, new in renamed.items():
                    where = mpath + ("renamed", old)
                    if claim(old, where):
                        if not isinstance(new, str) or not ID_RE.match(new):
                            add(where, f"new item id {new!r} is not valid.", "the id of an item in the checklist", "")
                        else:
                            migration.renamed[old] = new
        removed = raw.get("removed")
        if "removed" in raw:
            if not isinstance(removed, list) or not removed:
                add(mpath + ("removed",), "must be a list of the removed items.",
                    "removed: [{id: old-id, text: {sv: …, en: …}}]", "")
            else:
                for ri, entry in enumerate(removed):
                    rpath = mpath + ("removed", ri)
                    if not isinstance(entry, dict):
                        add(rpath, "must give the removed item's id and text.",
                            "{id: old-id, text: {sv: …, en: …}}",
                            "copy the item's id and text from the previous version (check prints them).")
                        continue
                    _unknown_and_missing(entry, rpath, REMOVED_KEYS, add, "removed item")
                    if "text" in entry:
                        _check_texts(entry["text"], rpath + ("text",), add)
                    if "id" in entry and claim(entry["id"], rpath + ("id",)) and isinstance(entry.get("text"), dict):
                        migration.removed[entry["id"]] = entry["text"]
        out.append(migration)
    # A renamed item's new id must be an item now, or be renamed or removed later.
    for m in out:
        for old, new in m.renamed.items():
            target = new
            for _ in range(len(out) + 1):
                later = next((n.renamed[target] for n in out if target in n.renamed), None)
                if later is None:
                    break
                target = later
            if target not in current_ids and not any(target in n.removed for n in out):
                add(("migrations", out.index(m), "renamed", old), f"new item id {new!r} is not an item of the checklist.",
                    "the id the item has now", "correct the new id.")
    out.sort(key=lambda m: schema.version_tuple(m.version) if m.version else (0, 0))
    return out


def _unknown_and_missing(mapping: dict, path: tuple, keys: dict[str, bool], add, what: str = "") -> None:
    what = what or ("item" if "link" in keys else "section" if "items" in keys else "file")
    for key in mapping:
        if key not in keys:
            add(path + (key,), "unknown field.", "one of " + ", ".join(keys), "remove the field or correct its spelling.")
    for key, required in keys.items():
        if required and key not in mapping:
            add(path, f"missing required field {key!r}.", ", ".join(k for k, r in keys.items() if r),
                f"add {key}: to this {what}.")


def _check_texts(value, path: tuple, add) -> None:
    if not isinstance(value, dict):
        add(path, "must give the text in both languages.", "sv: and en: lines under it", "write sv: … and en: ….")
        return
    for lang in data.LANGS:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            add(path + (lang,) if lang in value else path, f"the {lang} text is missing or empty.",
                "a non-empty text in sv and en", f"add {lang}: with the text in that language.")
    for lang in value:
        if lang not in data.LANGS:
            add(path + (lang,), f"unknown language {lang!r}.", "sv and en", "remove it or correct the key.")


def _check_id(value, path: tuple, what: str, seen: dict, add, lines: dict) -> str | None:
    if not isinstance(value, str) or not ID_RE.match(value):
        add(path, f"{what} id {value!r} is not valid.", "lower-case letters, digits and hyphens, e.g. samverkansavtal",
            "write a short id; never change it later, saved progress depends on it.")
        return None
    if value in seen:
        first = lines.get(seen[value])
        add(path, f"duplicate {what} id {value!r}; it is already used on line {first}.",
            f"every {what} id once in the checklist",
            "give the new item an id of its own; keep the old id on the item it has always named.")
        return None
    seen[value] = path
    return value


def _check_link(value, path: tuple, page_keys: set[str] | None, add) -> None:
    if not isinstance(value, str) or not value.strip():
        add(path, "must name the guidance page.", "a page path such as roller/polisen.md", "")
        return
    key = value.split("#", 1)[0]
    if not key.endswith(".md") or key.startswith("/"):
        add(path, f"{value!r} is not a page path.", "a page path relative to docs/sv, such as roller/polisen.md",
            "write the path of the page file without the language folder.")
    elif page_keys is not None and key not in page_keys:
        add(path, f"no page {key!r}.", "a page that exists in docs/sv/",
            "correct the path, or create the page first.")


def parse_file(path: Path, cid: str, page_keys: set[str] | None = None) -> tuple[Checklist | None, list[Problem]]:
    """parse() of a checklist file; a file that is not UTF-8 is a problem, not a crash."""
    try:
        text = yamlio.read_text(path)
    except yamlio.InputError as exc:
        return None, [yamlio.problem(exc, _rel(path))]
    return parse(text, _rel(path), cid, page_keys)


def load(cid: str, page_keys: set[str] | None = None) -> Checklist:
    """The checklist with this id; raises ValueError listing the problems if it is broken."""
    path = checklist_dir() / f"{cid}.yml"
    if not path.is_file():
        raise ValueError(f"no checklist {cid!r}: {_rel(path)} does not exist.")
    checklist, problems = parse_file(path, cid, page_keys)
    if checklist is None:
        raise ValueError("\n".join(str(p) for p in problems))
    return checklist


# -- checking --------------------------------------------------------------

def check(site, args=None) -> list[Problem]:
    """Every checklist file, and every page that shows a checklist."""
    problems: list[Problem] = []
    page_keys = set(site.by_lang.get(data.DEFAULT_LANG, {}))
    ids = set()
    for path in checklist_files():
        cid = path.stem
        ids.add(cid)
        _, found = parse_file(path, cid, page_keys)
        problems.extend(found)
    used = set()
    for page in site.pages:
        meta = page.meta or {}
        cid = meta.get("checklist")
        if meta.get("generate") == "checklist" and not cid:
            problems.append(Problem(page.rel, page.lines.get("generate"), "checklist",
                                    "the page shows a checklist but does not say which.",
                                    "checklist: <id>, the name of a file in data/checklists/ without .yml",
                                    f"add checklist: {Path(page.key).stem} (if that is the checklist's file name)."))
        if cid is None:
            continue
        if not isinstance(cid, str) or cid not in ids:
            problems.append(Problem(page.rel, page.lines.get("checklist"), "checklist",
                                    f"no checklist {cid!r} in data/checklists/.",
                                    "one of " + (", ".join(sorted(ids)) or "(none yet)"),
                                    "correct the id or add the file data/checklists/<id>.yml."))
            continue
        used.add(cid)
        if meta.get("generate") != "checklist":
            problems.append(Problem(page.rel, page.lines.get("checklist"), "checklist",
                                    "the checklist is named but never shown.", "generate: checklist",
                                    "add generate: checklist to the front matter.", severity="warning"))
    for cid in sorted(ids - used):
        problems.append(Problem(_rel(checklist_dir() / f"{cid}.yml"), 1, None,
                                "no page shows this checklist.", "",
                                f"add checklist: {cid} and generate: checklist to a page.", severity="warning"))
    if args is not None:  # python -m scripts check, not the build
        problems += compare_with_base(data.root_dir(), *base_revision(args))
    return problems


# -- item ids against the previous revision ----------------------------------

def add_arguments(p) -> None:
    """check --base REV (scripts/cli.py)."""
    p.add_argument("--base", metavar="REV",
                   help=f"the git revision whose checklist item ids must survive or be migrated "
                        f"(default: ${BASE_ENV}, else HEAD; CI on a pull request passes the base branch)")


def base_revision(args) -> tuple[str, bool]:
    """The revision to compare with, and whether it was asked for explicitly."""
    chosen = getattr(args, "base", None) or os.environ.get(BASE_ENV, "").strip()
    return (chosen, True) if chosen else ("HEAD", False)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, errors="replace")


def _next_version(version: str) -> str:
    if schema.check_version(version):
        return "1.1"
    major, minor = schema.version_tuple(version)
    return f"{major}.{minor + 1}"


def compare_with_base(root: Path, base: str = "HEAD", explicit: bool = True,
                      head: str | None = None) -> list[Problem]:
    """Every item id a checklist had at `base` must still be an item, or be
    covered by a migration newer than the version it had there, with the
    checklist's version raised. Readers' saved ticks depend on it.
    `head` (a commit or tree) is the state compared; None is the working tree."""
    where = "data/checklists"
    resolved = _git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    if resolved.returncode != 0:
        problem = Problem(where, None, None, f"cannot read the git revision {base!r}, so checklist item ids "
                          "were not compared with it.", "a commit of this repository",
                          f"fetch the full history (fetch-depth: 0) or correct --base / {BASE_ENV}.",
                          severity="error" if explicit else "warning")
        return [problem]
    sha = resolved.stdout.strip()
    listed = _git(root, "ls-tree", "--name-only", sha, f"{where}/")
    problems: list[Problem] = []
    for name in listed.stdout.splitlines():
        if not name.endswith(".yml"):
            continue
        cid = Path(name).stem
        current_path = root / name
        if head is None:
            if not current_path.is_file():
                continue  # a checklist removed as a whole takes its page with it
            try:
                new_text = yamlio.read_text(current_path)
            except (yamlio.InputError, OSError):
                continue  # an unreadable file is reported with its line by the file's own check
        else:
            shown = _git(root, "show", f"{head}:{name}")
            if shown.returncode != 0:
                continue
            new_text = shown.stdout
        old_text = _git(root, "show", f"{sha}:{name}")
        if old_text.returncode != 0:
            continue
        old, _ = parse(old_text.stdout, name, cid)
        new, _ = parse(new_text, name, cid)
        if old is None or new is None:
            continue  # a broken file is reported by parse() on its own
        problems += _compare(old, new, base, name)
    return problems


def _compare(old: Checklist, new: Checklist, base: str, file: str) -> list[Problem]:
    problems = []
    current = {item.id for item in new.items}
    raised = schema.version_tuple(new.version) > schema.version_tuple(old.version)
    for item in old.items:
        if item.id in current:
            continue
        gone = f"item id {item.id!r} (line {item.line} in {base}) is no longer in the checklist"
        fate = new.fate(item.id, old.version)
        if raised and fate:
            continue
        suggestion = new.version if raised else _next_version(old.version)
        entry = (f'migrations: [{{version: "{suggestion}", removed: [{{id: {item.id}, text: '
                 f'{{sv: {json.dumps(item.text.get("sv", ""), ensure_ascii=False)}, '
                 f'en: {json.dumps(item.text.get("en", ""), ensure_ascii=False)}}}}}]}}]')
        rename = f'or, if it has a new id, migrations: [{{version: "{suggestion}", renamed: {{{item.id}: <new id>}}}}]'
        if not raised:
            problems.append(Problem(file, new.lines.get("version"), "version",
                                    f"{gone}, but the version is still {new.version} (as in {base}). Readers' "
                                    "saved ticks for it would vanish without a word.",
                                    "a raised version and a migration entry for every item id that is gone",
                                    f'keep the old id if the item is only reworded; otherwise write version: '
                                    f'"{suggestion}" (and a change entry on the page) and add {entry}, {rename}.'))
        else:
            any_fate = new.fate(item.id, "0.0")
            problems.append(Problem(
                file, any_fate[1].line if any_fate else new.lines.get("migrations", new.lines.get("version")),
                "migrations",
                f"{gone}, and " + (f"its migration has version {any_fate[1].version}, not newer than "
                                   f"{old.version} in {base}: readers who saved {old.version} would never get it."
                                   if any_fate else f"no migration says what became of it."),
                "a migration entry newer than the previous version for every item id that is gone",
                f"add {entry}, {rename}."))
    return problems


# -- rendering -------------------------------------------------------------

def relative_url(from_key: str, to_key: str) -> str:
    """The link from one page to another as the browser resolves it, with
    directory URLs: checklistor/forsta-motet.md -> roller/polisen.md gives
    ../../roller/polisen/. An #anchor on to_key is kept."""
    return pages_relative_url(from_key, to_key)  # also right for the offline edition's file URLs


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#+!|<>])")


def _md_escape(text: str) -> str:
    """Plain text made safe as Markdown heading text (HTML escaping follows in the template)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def _environment():
    import jinja2
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(data.root_dir() / "overrides")),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["md_escape"] = _md_escape
    return env


def strings_for_script(lang: str) -> dict[str, str]:
    ui = data.strings(lang)
    return {k[len(STRING_PREFIX):]: v for k, v in ui.items() if k.startswith(STRING_PREFIX)}


def context(site, key: str, lang: str, checklist: Checklist) -> dict:
    ui = data.strings(lang)
    sections = []
    for section in checklist.sections:
        items = []
        for item in section.items:
            target = site.page(lang, item.link.split("#", 1)[0])
            items.append({
                "id": item.id,
                "text": item.text[lang],
                "detail": item.detail[lang] if item.detail else "",
                "href": relative_url(key, item.link),
                "link_title": (target.meta.get("title") if target and target.meta else None) or item.link,
            })
        sections.append({"id": section.id, "title": section.title[lang], "entries": items})
    return {
        "checklist": checklist,
        "title": checklist.title[lang],
        "lang": lang,
        "ui": ui,
        "sections": sections,
        "total": len(checklist.items),
        "strings_json": json.dumps(strings_for_script(lang), ensure_ascii=False, sort_keys=True),
        "migrations_json": json.dumps(migrations_for_script(checklist, lang), ensure_ascii=False),
    }


def migrations_for_script(checklist: Checklist, lang: str) -> list[dict]:
    """The migrations, oldest first, with removed items' texts in the page's language
    (overrides/assets/checklist.js moves renamed ticks and names the removed ones)."""
    return [{"version": m.version, "renamed": m.renamed,
             "removed": {old: text[lang] for old, text in m.removed.items()}}
            for m in checklist.migrations]


def _tidy(html: str) -> str:
    """No blank lines inside the HTML, exactly one around each Markdown heading."""
    out: list[str] = []
    for line in html.splitlines():
        if not line.strip():
            continue
        if line.startswith("#"):
            out += ["", line, ""]
        else:
            out.append(line)
    return "\n".join(out).replace("\n\n\n", "\n\n")


def render(site, key: str, lang: str) -> str:
    """The checklist named by the page's `checklist:` field, as Markdown with HTML."""
    page = site.page(lang, key)
    cid = (page.meta or {}).get("checklist") if page else None
    if not cid:
        return ""  # check() reports the missing field and fails the build
    checklist = load(cid, set(site.by_lang.get(data.DEFAULT_LANG, {})))
    template = _environment().get_template("partials/kc-checklist.html")
    return _tidy(template.render(**context(site, key, lang, checklist))) + "\n"
