"""Interactive checklists: written once as data in data/checklists/<id>.yml,
validated here, and rendered for both languages by one template
(overrides/partials/kc-checklist.html) and one script (overrides/assets/checklist.js).

A checklist page says `generate: checklist` and `checklist: <id>` in its front
matter. The rendered list is plain HTML that works without JavaScript: real
checkboxes with labels, the "why and how" in <details>, and a relative link to
the guidance page. The script adds saving in the browser (localStorage, one
entry per checklist id, shared by both languages), progress, a note, reset,
print and export. Data format and rules: data/checklists/README.md.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import data, schema, yamlio
from .pages import relative_url as pages_relative_url
from .schema import Problem

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TOP_KEYS = {"version": True, "title": True, "sections": True}
SECTION_KEYS = {"id": True, "title": True, "items": True}
ITEM_KEYS = {"id": True, "text": True, "detail": False, "link": True}
STRING_PREFIX = "checklist_"


@dataclass
class Item:
    id: str
    text: dict
    link: str
    detail: dict | None = None


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

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]


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
                                          detail=raw.get("detail") if isinstance(raw.get("detail"), dict) else None))
        sections.append(section)

    if any(p.severity == "error" for p in problems):
        return None, problems
    return Checklist(id=cid, file=file, version=version, title=title, sections=sections), problems


def _unknown_and_missing(mapping: dict, path: tuple, keys: dict[str, bool], add) -> None:
    for key in mapping:
        if key not in keys:
            add(path + (key,), "unknown field.", "one of " + ", ".join(keys), "remove the field or correct its spelling.")
    for key, required in keys.items():
        if required and key not in mapping:
            add(path, f"missing required field {key!r}.", ", ".join(k for k, r in keys.items() if r),
                f"add {key}: to this {'item' if 'link' in keys else 'section' if 'items' in keys else 'file'}.")


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
    }


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
