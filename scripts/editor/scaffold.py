"""Editor tools that write pages, so that front matter is hard to get wrong.

    python -m scripts new for-kommuner/ny-sida.md --title "Ny sida" --title-en "New page" \\
        --responsible socialstyrelsen --audience socialtjanst,samordnare --type guide

creates docs/sv/<path> and docs/en/<path> with valid front matter (status
utkast, version "1.0", reviewed today, review due in a year, a first change
entry; the English page carries the translation marker for the new Swedish
text), the guide shape of the editorial guide (Det här behöver du veta / Så här
gör du / Läs mer), adds the page to `nav` in mkdocs.yml under the section that
lists its folder (editing the text, so comments and order stay), and adds both
files to .github/CODEOWNERS. It never overwrites a page.

Sources: a new page cites the site's general source
(kunskapsguiden-om-avhopparverksamhet) with a `# TODO(sources)` comment on the
line above, so the page passes every check and builds, and `check` warns until
an editor replaces the placeholder with the sources the text rests on. No
bibliography entry is invented for it.

    python -m scripts bump docs/sv/roller/sis.md --minor --note "Förtydligat vem som kontaktar SiS."

raises the page's version (--major for a change in substance, --minor for a
clarification) and adds the change entry with today's date, touching only those
lines. The entry is what the feed and the version archive show.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

import yaml

from ..content import data, schema, translations, yamlio
from . import owners
from ..content.pages import FRONT_MATTER_RE, KEY_RE, parse
from ..content.schema import Problem
from ..content.site import Site
from ..content.translations import resolve

GENERAL_SOURCE = "kunskapsguiden-om-avhopparverksamhet"
SOURCES_TODO = "# TODO(sources)"

TEXTS = {
    "sv": {
        "description": "Sidan är under arbete.",
        "note": "Första versionen.",
        "todo": f"{SOURCES_TODO}: byt mot nycklarna (data/bibliography.yml) till de källor sidan bygger på.",
        "guide": "<!-- Skriv enligt redaktionens guide: du-form, korta meningar, en tanke per stycke. "
                 "Ta bort den här kommentaren. -->",
        "sections": ("Det här behöver du veta", "Så här gör du", "Läs mer"),
        "placeholder": "Avsnittet skrivs.",
    },
    "en": {
        "description": "This page is being written.",
        "note": "First version.",
        "todo": f"{SOURCES_TODO}: replace with the keys (data/bibliography.yml) of the sources the page rests on.",
        "guide": "<!-- Write as the editorial guide says: address the reader, short sentences, one idea per "
                 "paragraph. Remove this comment. -->",
        "sections": ("What you need to know", "What to do", "Read more"),
        "placeholder": "This section is being written.",
    },
}


class ScaffoldError(Exception):
    """A reason not to write anything, worded for the editor."""


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def normalise_key(raw: str) -> str:
    key = raw.strip().replace("\\", "/").removeprefix("./")
    for prefix in ("docs/sv/", "docs/en/", "sv/", "en/"):
        if key.startswith(prefix):
            key = key[len(prefix):]
            break
    if not key.endswith(".md"):
        key += ".md"
    if not KEY_RE.match(key):
        raise ScaffoldError(f"{raw!r} is not a page path: use lower-case letters, digits and hyphens, "
                            "folders separated by /, e.g. for-kommuner/ny-sida.md.")
    return key


def page_text(lang: str, key: str, title: str, description: str, page_type: str, audience: list[str],
              responsible: str, today: dt.date) -> str:
    t = TEXTS[lang]
    front = [
        "---",
        f"title: {_q(title)}",
        f"description: {_q(description)}",
        f"type: {page_type}",
        f"audience: [{', '.join(audience)}]",
        f"responsible: {responsible}",
        "status: utkast",
        'version: "1.0"',
        f"reviewed: {today.isoformat()}",
        f"review_by: {one_year_after(today).isoformat()}",
        t["todo"],
        f"sources: [{GENERAL_SOURCE}]",
        "changes:",
        '  - version: "1.0"',
        f"    date: {today.isoformat()}",
        f"    note: {t['note']}",
        "---",
    ]
    body = [f"# {title}", "", t["guide"]]
    for heading in t["sections"]:
        body += ["", f"## {heading}", "", t["placeholder"]]
    return "\n".join(front) + "\n\n" + "\n".join(body) + "\n"


# -- the navigation -------------------------------------------------------------

NAV_ENTRY_RE = re.compile(r"""^(?P<indent>\s*)-\s+(?:(?:"[^"]*"|'[^']*'|[^:#"']+):\s+)?(?P<path>[^\s#:'"]+\.md)\s*(?:#.*)?$""")
SECTION_RE = re.compile(r"""^(?P<indent>\s*)-\s+(?P<title>"[^"]*"|'[^']*'|[^:#"']+):\s*(?:#.*)?$""")


def add_to_nav(text: str, key: str) -> tuple[str, str]:
    """(new mkdocs.yml text, section title): `key` listed after the last page of its folder."""
    folder = key.rpartition("/")[0]
    if not folder:
        raise ScaffoldError(f"{key} would sit at the top of the site, which has no section to put it in: "
                            "create it in a folder (e.g. for-kommuner/...) or add it to nav in mkdocs.yml by hand.")
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(r"^nav:\s*(#.*)?$", line)), None)
    if start is None:
        raise ScaffoldError("mkdocs.yml has no nav: section.")
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith((" ", "\t", "#", "-"))):
        end += 1
    last = None
    for i in range(start + 1, end):
        m = NAV_ENTRY_RE.match(lines[i].rstrip("\n"))
        if m and m.group("path").rpartition("/")[0] == folder:
            if m.group("path") == key:
                raise ScaffoldError(f"{key} is already in nav in mkdocs.yml.")
            last = (i, m.group("indent"))
    if last is None:
        raise ScaffoldError(f"no section of nav in mkdocs.yml lists pages in {folder}/, so the page has no place "
                            f"in the navigation. Put it in a folder that has a section (e.g. for-kommuner/), or "
                            f"add a section for {folder}/ to nav in mkdocs.yml first.")
    i, indent = last
    section = ""
    for j in range(i - 1, start, -1):
        m = SECTION_RE.match(lines[j].rstrip("\n"))
        if m and len(m.group("indent")) < len(indent):
            section = m.group("title").strip("\"'")
            break
    newline = "\n" if lines[i].endswith("\n") else ""
    if not newline:
        lines[i] += "\n"
    lines.insert(i + 1, f"{indent}- {key}\n")
    return "".join(lines), section


def nav_line(text: str, key: str) -> tuple[int, str, str] | None:
    """(line number in mkdocs.yml, the line, its section) that add_to_nav would
    insert for `key`, or None when the page's folder has no section."""
    try:
        new_text, section = add_to_nav(text, key)
    except ScaffoldError:
        return None
    old, new = text.splitlines(), new_text.splitlines()
    n = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), len(old))
    return n + 1, new[n], section


def nav_problems(site) -> list[Problem]:
    """Every page (by its Swedish file, or its English one when there is no
    Swedish) that nav in mkdocs.yml does not list, with the line to add."""
    mkdocs_yml = site.root / "mkdocs.yml"
    if not mkdocs_yml.exists():
        return []
    text = mkdocs_yml.read_text(encoding="utf-8")
    listed = set(_nav_keys(text))
    problems = []
    for key in site.keys():
        if key in listed or not KEY_RE.match(key):  # a bad file name is reported by the page check
            continue
        page = site.by_lang[data.DEFAULT_LANG].get(key) or site.by_lang["en"][key]
        where = nav_line(text, key)
        if where:
            n, line, section = where
            fix = (f"add this line to mkdocs.yml as line {n} (under {section!r}, after the section's last "
                   f"page):\n{line}\n(python -m scripts new does this for new pages.)")
        else:
            fix = (f"add a line '- {key}' to nav in mkdocs.yml, in the section where readers should find "
                   "the page (no section lists pages of this folder yet).")
        problems.append(Problem(page.rel, 1, None,
                                "the page is not in the navigation (nav in mkdocs.yml): readers could not "
                                "find it in the menu, and the build stops.",
                                f"a line '- {key}' in nav in mkdocs.yml", fix))
    return problems


def _nav_keys(text: str) -> list[str]:
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    keys: list[str] = []

    def walk(node):
        if isinstance(node, str):
            keys.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
    walk((yaml.load(text, Loader=Loader) or {}).get("nav"))
    return keys


# -- new --------------------------------------------------------------------------

def _choices(values: list[str], list_name: str, flag: str) -> None:
    keys = data.list_keys(list_name)
    unknown = [v for v in values if v not in keys]
    if unknown or not values:
        raise ScaffoldError(f"{flag}: unknown value(s) {', '.join(map(repr, unknown)) or '(none given)'}; "
                            f"use {', '.join(keys)} (data/lists.yml).")


def new_page(root: Path, key: str, title: str, title_en: str, responsible: str, audience: list[str],
             page_type: str = "guide", description: str | None = None,
             description_en: str | None = None) -> list[str]:
    """Create the page in both languages; returns lines to show the editor."""
    key = normalise_key(key)
    _choices([responsible], "responsible", "--responsible")
    _choices(audience, "audiences", "--audience")
    _choices([page_type], "types", "--type")
    for flag, value in (("--title", title), ("--title-en", title_en)):
        if not value or not value.strip():
            raise ScaffoldError(f"{flag}: give the page's title.")
    paths = {lang: root / "docs" / lang / key for lang in data.LANGS}
    existing = [p.relative_to(root).as_posix() for p in paths.values() if p.exists()]
    if existing:
        raise ScaffoldError(f"{' and '.join(existing)} already exist(s); new never overwrites a page. "
                            "Choose another path, or edit the existing page.")
    mkdocs_yml = root / "mkdocs.yml"
    nav_text, section = add_to_nav(mkdocs_yml.read_text(encoding="utf-8"), key)
    if key not in _nav_keys(nav_text):
        raise ScaffoldError("could not add the page to nav in mkdocs.yml; add it by hand.")

    today = schema.today()
    sv_text = page_text("sv", key, title.strip(), description or TEXTS["sv"]["description"], page_type,
                        audience, responsible, today)
    en_text = page_text("en", key, title_en.strip(), description_en or TEXTS["en"]["description"], page_type,
                        audience, responsible, today)
    sv_page = parse(sv_text, paths["sv"], f"docs/sv/{key}", "sv", key)
    en_text = translations.with_marker(en_text, sv_page)
    for lang, text in (("sv", sv_text), ("en", en_text)):
        paths[lang].parent.mkdir(parents=True, exist_ok=True)
        paths[lang].write_text(text, encoding="utf-8")
    mkdocs_yml.write_text(nav_text, encoding="utf-8")
    site = Site.load(root)
    owners_msg = owners.write(site)
    return [
        f"Created docs/sv/{key} and docs/en/{key} (status utkast, version 1.0, review due "
        f"{one_year_after(today).isoformat()}).",
        f"Added {key} to nav in mkdocs.yml" + (f", under {section}." if section else "."),
        f"{owners_msg} {owners.team_of(responsible)} reviews both files.",
        "Next: write the Swedish text; replace the placeholder sources (the TODO(sources) line) in both "
        f"files; translate the English page, then run python -m scripts translations --mark {key}; "
        "run python -m scripts check.",
    ]


# -- bump -------------------------------------------------------------------------

def bump_text(text: str, part: str, note: str, today: dt.date) -> tuple[str, str, str]:
    """(new text, old version, new version): version raised, change entry added first."""
    m = FRONT_MATTER_RE.match(text)
    if not m or m.group(1) is None:
        raise ScaffoldError("the page has no front matter.")
    head = m.group(1)
    vm = re.search(r'^version:[ \t]*["\']?(\d+)\.(\d+)["\']?[ \t]*(#.*)?$', head, re.M)
    if not vm:
        raise ScaffoldError('no version: "MAJOR.MINOR" line in the front matter.')
    major, minor = int(vm.group(1)), int(vm.group(2))
    old = f"{major}.{minor}"
    new = f"{major + 1}.0" if part == "major" else f"{major}.{minor + 1}"
    head = head[:vm.start()] + f'version: "{new}"' + head[vm.end():]
    cm = re.search(r"^changes:[ \t]*\n(?P<indent>[ \t]*)-", head, re.M)
    if not cm:
        raise ScaffoldError("no changes: list (one entry per line block) in the front matter; "
                            "add the entry by hand.")
    indent = cm.group("indent")
    entry = (f'{indent}- version: "{new}"\n{indent}  date: {today.isoformat()}\n'
             f"{indent}  note: {_q(note.strip())}\n")
    at = cm.start("indent")
    head = head[:at] + entry + head[at:]
    return text[:m.start(1)] + head + text[m.end(1):], old, new


def bump(root: Path, name: str, part: str, note: str) -> list[str]:
    if not note or not note.strip():
        raise ScaffoldError("--note: say in one line what changed; readers see it in the version history and feed.")
    raw = name.strip().replace("\\", "/").removeprefix("./")
    lang = "en" if raw.startswith(("docs/en/", "en/")) else "sv"
    site = Site.load(root)
    try:
        key = resolve(site, raw)
    except LookupError as exc:
        raise ScaffoldError(str(exc)) from None
    page = site.by_lang[lang].get(key)
    if page is None:
        raise ScaffoldError(f"docs/{lang}/{key} does not exist.")
    try:
        text = yamlio.read_text(page.path)
    except yamlio.InputError as exc:
        raise ScaffoldError(str(yamlio.problem(exc, page.rel))) from None
    new_text, old, new = bump_text(text, part, note, schema.today())
    page.path.write_text(new_text, encoding="utf-8")
    lines = [f"{page.rel}: version {old} -> {new}, change entry added ({schema.today().isoformat()})."]
    status = page.meta.get("status")
    if status == "fastställd":
        lines.append("The page is fastställd: the responsible body must approve this change in the pull request. "
                     "If it does not, set status: remiss (out for comment) or utkast.")
    if lang == "sv" and key in site.by_lang["en"]:
        lines.append(f"If the Swedish text changed, update docs/en/{key} too (or leave it: English readers "
                     f"see a notice until someone runs python -m scripts translations --mark {key}).")
    return lines


# -- the check: placeholders left by `new` ----------------------------------------

def check(site, args=None) -> list[Problem]:
    """Pages missing from nav; a warning for every page whose sources are still
    the scaffold's placeholder."""
    problems = nav_problems(site)
    for page in site.pages:
        try:
            text = yamlio.read_text(page.path) if page.path.exists() else ""
        except yamlio.InputError:
            continue  # reported by the page check (file, byte offset, "save the file as UTF-8")
        m = FRONT_MATTER_RE.match(text)
        if m and m.group(1) and SOURCES_TODO in m.group(1):
            problems.append(Problem(
                page.rel, page.lines.get("sources"), "sources",
                f"still the placeholder written by python -m scripts new ({SOURCES_TODO}).",
                "the keys of the sources this page rests on",
                f"list the page's sources from data/bibliography.yml (add an entry there if needed) "
                f"and delete the {SOURCES_TODO} line.", severity="warning"))
    return problems


# -- the commands -----------------------------------------------------------------

def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", help="the page's path under the language folder, e.g. for-kommuner/ny-sida.md")
    p.add_argument("--title", required=True, help="the Swedish title")
    p.add_argument("--title-en", required=True, help="the English title")
    p.add_argument("--responsible", required=True, help="the body that approves the page (data/lists.yml)")
    p.add_argument("--audience", required=True, help="reader groups, comma-separated (data/lists.yml)")
    p.add_argument("--type", default="guide", help="page type (data/lists.yml); default guide")
    p.add_argument("--description", help="one Swedish sentence that sums up the page")
    p.add_argument("--description-en", help="the same sentence in English")


def run(args) -> int:
    try:
        lines = new_page(data.root_dir(), args.path, args.title, args.title_en, args.responsible,
                         [a.strip() for a in args.audience.split(",") if a.strip()], args.type,
                         args.description, args.description_en)
    except ScaffoldError as exc:
        print(f"error: {exc} Nothing was written.", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def add_bump_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("page", help="the page: docs/sv/roller/sis.md, docs/en/roller/sis.md or roller/sis.md (Swedish)")
    part = p.add_mutually_exclusive_group(required=True)
    part.add_argument("--major", dest="part", action="store_const", const="major",
                      help="a change in substance: 1.2 -> 2.0")
    part.add_argument("--minor", dest="part", action="store_const", const="minor",
                      help="a clarification: 1.2 -> 1.3")
    p.add_argument("--note", required=True, help="one line on what changed, in the page's language")


def run_bump(args) -> int:
    try:
        lines = bump(data.root_dir(), args.page, args.part, args.note)
    except ScaffoldError as exc:
        print(f"error: {exc} Nothing was written.", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0
