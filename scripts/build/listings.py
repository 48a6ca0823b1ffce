"""Pages generated from metadata: the bibliography, pages by audience and by
responsible body, the glossary and the who-does-what matrix (scripts/content/matrix.py).
Each generator returns Markdown that the hook appends to the page that asks
for it with `generate:` in its front matter, so the page's own text (an
introduction) stays editable."""
from __future__ import annotations

from ..content import data, matrix as matrix_mod
from ..checks.htmlpolicy import md_text, md_texts
from ..content.site import Site, md_link


# Swedish alphabetical order puts å, ä and ö after z (and treats é as e);
# plain code-point order would not.
_SV_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})  # { | } follow z


def sort_key(text: str, lang: str) -> str:
    """A key that sorts text the way a reader of `lang` expects ("[" and quotes ignored)."""
    folded = text.lower().lstrip("[\"'”“«")
    return folded.translate(_SV_ORDER) if lang == "sv" else folded


def _page_link(site: Site, from_key: str, key: str, lang: str) -> str:
    page = site.page(lang, key)
    return f"[{md_text(page.meta.get('title', key))}]({md_link(from_key, key)})"


def bibliography(site: Site, from_key: str, lang: str) -> str:
    ui = md_texts(data.strings(lang))
    bib = data.bibliography()
    out = []
    for key, entry in sorted(bib.items(), key=lambda kv: sort_key(str(kv[1].get("title", "")), lang)):
        kind = md_text(data.label("source_kinds", entry.get("kind", ""), lang))
        line = f"**{md_text(entry['title'])}**. {md_text(entry.get('publisher', ''))}"
        if entry.get("date"):
            line += f", {md_text(entry['date'])}"
        line += f". {ui['kind']}: {kind}."
        note = data.bibliography_note(entry, lang)
        if note:
            line += f" {md_text(note)}"
        if entry.get("url"):
            line += f" <{entry['url']}>"
        citing = site.citing_pages(key, lang)
        cited = ", ".join(_page_link(site, from_key, p.key, lang) for p in citing)
        block = [f'<div class="kc-source" id="src-{key}" markdown>', "", line, ""]
        if cited:
            # Page titles here would make the bibliography match every title word in search.
            block += ['<div class="kc-source__cited" data-pagefind-ignore="all" markdown>', "",
                      f"{ui['cited_by']}: {cited}", "", "</div>", ""]
        block.append("</div>")
        out.append("\n".join(block))
    return "\n\n".join(out) + "\n"


def _grouped(site: Site, from_key: str, lang: str, list_name: str, field: str) -> str:
    out = []
    for group in data.list_keys(list_name):
        keys = [k for k in site.keys()
                if (p := site.page(lang, k)) and not p.meta.get("generate")
                and (group in (p.meta.get(field) or []) if isinstance(p.meta.get(field), list)
                     else p.meta.get(field) == group)]
        if not keys:
            continue
        out.append(f"## {md_text(data.label(list_name, group, lang))} {{#{group}}}\n")
        out.extend(f"- {_page_link(site, from_key, k, lang)}" for k in keys)
        out.append("")
    return "\n".join(out) + "\n"


def by_audience(site: Site, from_key: str, lang: str) -> str:
    return _grouped(site, from_key, lang, "audiences", "audience")


def by_responsible(site: Site, from_key: str, lang: str) -> str:
    return _grouped(site, from_key, lang, "responsible", "responsible")


def glossary_entries(lang: str) -> list[dict]:
    try:
        entries = data.load("glossary.yml") or []
    except FileNotFoundError:
        return []
    return [e for e in entries if lang in e]


def glossary(site: Site, from_key: str, lang: str) -> str:
    out = []
    for entry in sorted(glossary_entries(lang), key=lambda e: sort_key(e[lang]["term"], lang)):
        item = entry[lang]
        term = md_text(item["term"])
        if item.get("expansion"):
            term += f" ({md_text(item['expansion'])})"
        out.append(f"{term}\n:   {md_text(item['definition'])}\n")
    return "\n".join(out)


def abbreviations(lang: str) -> str:
    """Markdown abbreviation lines for every page, so terms get a tooltip everywhere."""
    lines = []
    for entry in glossary_entries(lang):
        item = entry[lang]
        if item.get("expansion"):
            lines.append(f"*[{item['term']}]: {item['expansion']}")
    return "\n".join(lines)


def matrix(site: Site, from_key: str, lang: str) -> str:
    """The who-does-what table: actors in rows, case phases in columns (see scripts/content/matrix.py)."""
    return matrix_mod.render(site, from_key, lang)
