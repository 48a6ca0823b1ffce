"""The who-does-what matrix: data/matrix.yml, its checks and its table.

One file holds the case phases (columns), the actors (rows, each linked to its
role page) and one short, sourced cell per actor and phase in both languages.
`render` turns it into a real HTML table for the page that has
`generate: matrix`: a caption, column headers, the actor name as the row
header, and a dash (with a text for screen readers) where the sources say
nothing. The table sits in a focusable wrapper that scrolls sideways on a
narrow screen. `check` is run by `python -m scripts check`.
"""
from __future__ import annotations

import html
from pathlib import Path

import yaml

from . import data, yamlio
from .schema import Problem
from .text import md_link

FILE = "matrix.yml"
REL = "data/" + FILE
DASHES = {"–", "-", "—", ""}
CAPTION_ID = "kc-matrix-caption"


# --------------------------------------------------------------------------
# Reading, with the line of every node for error messages
# --------------------------------------------------------------------------

def _lines(node: yaml.Node, path: tuple = (), out: dict | None = None) -> dict[tuple, int]:
    """{path: 1-based line} for every node, e.g. ("actors", 0, "cells", "kontakt", "sv")."""
    out = {} if out is None else out
    out.setdefault(path, node.start_mark.line + 1)  # a key's own line wins over its value's
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            out[path + (str(key_node.value),)] = key_node.start_mark.line + 1
            _lines(value_node, path + (str(key_node.value),), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _lines(item, path + (i,), out)
    return out


def parse(text: str) -> tuple[object, dict[tuple, int]]:
    """The matrix in `text` and its line map. Raises yaml.YAMLError."""
    node, value = yamlio.load_node(text)
    return value, (_lines(node) if node is not None else {})


def load(root: Path | None = None) -> tuple[object, dict[tuple, int]]:
    """data/matrix.yml and its line map. Raises FileNotFoundError or yaml.YAMLError."""
    path = (root / "data" if root else data.data_dir()) / FILE
    return parse(yamlio.read_text(path))


# --------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------

def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def validate(table: object, lines: dict[tuple, int], page_keys: set[str], bibliography: dict,
             cited: dict[str, set[str]] | None = None) -> list[Problem]:
    """Every problem in the matrix data. `page_keys` are the Swedish pages that exist;
    `cited` maps each page that shows the matrix to the sources it lists."""
    problems: list[Problem] = []

    def add(path: tuple, field: str, problem: str, expected: str = "", fix: str = "",
            severity: str = "error") -> None:
        line = None
        for n in range(len(path), -1, -1):
            line = lines.get(path[:n])
            if line:
                break
        problems.append(Problem(REL, line, field, problem, expected, fix, severity))

    if not isinstance(table, dict):
        add((), None, "the file must be a mapping with phases, actors and sources.",
            "phases: [...], actors: [...], sources: [...]", "start from the layout in the file's comment.")
        return problems
    for name in sorted(set(table) - {"phases", "actors", "sources"}):
        add((name,), name, "unknown key.", "phases, actors or sources", "remove the key or correct its spelling.")

    # Phases: the columns.
    phases = table.get("phases")
    phase_ids: list[str] = []
    if not isinstance(phases, list) or not phases:
        add(("phases",), "phases", "must be a list with at least one phase.",
            "- {id: kontakt, sv: Första kontakt, en: First contact}", "list the case phases in order.")
        phases = []
    for i, phase in enumerate(phases):
        where = ("phases", i)
        if not isinstance(phase, dict):
            add(where, "phases", f"phase {i + 1} must be a mapping with id, sv and en.",
                "{id: kontakt, sv: Första kontakt, en: First contact}", "write the phase as a mapping.")
            continue
        pid = phase.get("id")
        if not _text(pid):
            add(where, "id", f"phase {i + 1} has no id.", "a short key such as kontakt",
                "add id: followed by a short key.")
        elif pid in phase_ids:
            add(where + ("id",), "id", f"phase id {pid!r} is used twice.", "a unique id per phase",
                "rename one of the phases.")
        else:
            phase_ids.append(pid)
        for lang in data.LANGS:
            if not _text(phase.get(lang)):
                add(where + (lang,), lang, f"phase {pid or i + 1!r} has no {lang} name.",
                    f"the phase name in {lang}", f"add {lang}: followed by the name.")

    # Actors: the rows.
    actors = table.get("actors")
    if not isinstance(actors, list) or not actors:
        add(("actors",), "actors", "must be a list with at least one actor.",
            "- {page: roller/socialtjansten.md, sv: ..., en: ..., cells: {...}}", "list the actors.")
        actors = []
    for i, actor in enumerate(actors):
        where = ("actors", i)
        if not isinstance(actor, dict):
            add(where, "actors", f"actor {i + 1} must be a mapping with page, sv, en and cells.",
                "{page: roller/sis.md, sv: SiS, en: SiS, cells: {...}}", "write the actor as a mapping.")
            continue
        name = actor.get("sv") or actor.get("page") or f"actor {i + 1}"
        for key in sorted(set(actor) - {"page", "sv", "en", "cells"}):
            add(where + (key,), key, f"unknown key in {name!r}.", "page, sv, en or cells",
                "remove the key or correct its spelling.")
        page = actor.get("page")
        if not _text(page):
            add(where, "page", f"{name!r} has no page.", "the role page, e.g. roller/sis.md",
                "add page: with the path of the actor's role page under docs/sv/.")
        elif page not in page_keys:
            add(where + ("page",), "page", f"{name!r} links to {page!r}, which does not exist.",
                "a page under docs/sv/, written without docs/sv/, e.g. roller/sis.md",
                "correct the path or create the page.")
        for lang in data.LANGS:
            if not _text(actor.get(lang)):
                add(where + (lang,), lang, f"{name!r} has no {lang} name.", f"the actor's name in {lang}",
                    f"add {lang}: followed by the name.")
        cells = actor.get("cells")
        if not isinstance(cells, dict):
            add(where + ("cells",), "cells", f"{name!r} has no cells.",
                "a mapping from phase id to {sv: ..., en: ...}", "add cells: with one entry per phase.")
            continue
        for pid, cell in cells.items():
            cell_where = where + ("cells", str(pid))
            if pid not in phase_ids:
                add(cell_where, "cells", f"{name!r} has a cell for the unknown phase {pid!r}.",
                    "one of " + ", ".join(phase_ids), "use a phase id from phases: or correct the spelling.")
                continue
            if not isinstance(cell, dict):
                add(cell_where, pid, f"the cell {name!r} × {pid!r} must be a mapping with sv and en.",
                    '{sv: "...", en: "..."}', 'write "–" in both languages where the sources say nothing.')
                continue
            for lang in data.LANGS:
                if not isinstance(cell.get(lang), str):
                    add(cell_where + (lang,), lang, f"the cell {name!r} × {pid!r} has no {lang} text.",
                        f"a short text in {lang}, or \"–\"",
                        f'add {lang}: "…"; write "–" where the sources say nothing.')
            if isinstance(cell.get("sv"), str) and isinstance(cell.get("en"), str) and \
                    (cell["sv"].strip() in DASHES) != (cell["en"].strip() in DASHES):
                add(cell_where, pid, f"the cell {name!r} × {pid!r} says something in one language only.",
                    "text in both languages, or a dash in both", "translate the text, or use \"–\" in both.")
        for pid in phase_ids:
            if pid not in cells:
                add(where + ("cells",), "cells", f"{name!r} has no cell for the phase {pid!r}.",
                    "one cell per phase", f'add {pid}: {{sv: "–", en: "–"}} if the sources say nothing.',
                    severity="warning")

    # Sources: every claim in the table rests on these.
    sources = table.get("sources")
    if not isinstance(sources, list) or not sources or not all(_text(s) for s in sources):
        add(("sources",), "sources", "must be a list of bibliography keys.",
            "sources: [key, ...]", "list the sources the cells rest on.")
        sources = []
    for i, key in enumerate(sources):
        if key not in bibliography:
            add(("sources", i), "sources", f"unknown source {key!r}.", "a key from data/bibliography.yml",
                "correct the key or add the source to data/bibliography.yml.")
            continue
        for rel, keys in sorted((cited or {}).items()):
            if key not in keys:
                add(("sources", i), "sources", f"the matrix rests on {key!r}, but {rel} does not cite it.",
                    "every matrix source in the sources: of each page with generate: matrix",
                    f"add {key} to the sources: of {rel}.")
    return problems


def check(site: Site, args=None) -> list[Problem]:
    """The check step for `python -m scripts check`."""
    users = [p for p in site.pages if p.meta.get("generate") == "matrix"]
    try:
        table, lines = load(site.root)
    except FileNotFoundError:
        if not users:
            return []
        return [Problem(REL, None, None, "the file is missing, but " + users[0].rel + " shows the matrix.",
                        "data/matrix.yml with phases, actors and sources", "create the file.")]
    except yaml.YAMLError as exc:
        return [yamlio.problem(exc, REL)]
    cited = {p.rel: set(p.meta.get("sources") or []) for p in users}
    return validate(table, lines, set(site.by_lang.get(data.DEFAULT_LANG, {})), data.bibliography(), cited)


# --------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------

def _esc(text: str) -> str:
    return html.escape(str(text).strip(), quote=False)


def render(site: Site, from_key: str, lang: str) -> str:
    """The matrix as an HTML table whose cells are Markdown (md_in_html), so links are
    checked and rewritten by MkDocs like any other link."""
    try:
        table, _ = load(site.root)
    except (FileNotFoundError, yaml.YAMLError):
        return ""  # python -m scripts check reports what is wrong
    if not isinstance(table, dict):
        return ""
    ui = data.strings(lang)
    phases = [p for p in table.get("phases") or [] if isinstance(p, dict) and p.get("id")]
    none_text = _esc(ui["matrix_none"])
    out = [
        f'<div class="kc-matrix" role="region" tabindex="0" aria-labelledby="{CAPTION_ID}" markdown="1">',
        f'<p class="kc-matrix__caption" id="{CAPTION_ID}" markdown="span">{_esc(ui["matrix_caption"])}</p>',
        f'<table class="kc-matrix__table" aria-labelledby="{CAPTION_ID}" markdown="1">',
        '<thead markdown="1">',
        '<tr markdown="1">',
        f'<th scope="col" markdown="span">{_esc(ui["matrix_actor"])}</th>',
        *(f'<th scope="col" markdown="span">{_esc(p.get(lang, p["id"]))}</th>' for p in phases),
        "</tr>",
        "</thead>",
        '<tbody markdown="1">',
    ]
    for actor in table.get("actors") or []:
        if not isinstance(actor, dict):
            continue
        name = _esc(actor.get(lang) or actor.get("sv") or "")
        if actor.get("page"):
            name = f"[{name}]({md_link(from_key, actor['page'])})"
        out += ['<tr markdown="1">', f'<th scope="row" markdown="span">{name}</th>']
        cells = actor.get("cells") or {}
        for phase in phases:
            cell = cells.get(phase["id"]) or {}
            text = str(cell.get(lang, "") if isinstance(cell, dict) else "").strip()
            if text in DASHES:
                out.append(f'<td class="kc-matrix__none"><span aria-hidden="true">–</span>'
                           f'<span class="kc-matrix__sr">{none_text}</span></td>')
            else:
                out.append(f'<td markdown="span">{_esc(text)}</td>')
        out.append("</tr>")
    out += ["</tbody>", "</table>", "</div>"]
    return "\n".join(out) + "\n"
