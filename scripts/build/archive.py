"""Archived versions of pages, from git.

Every page keeps every version it was published in: the state of the file in
the last commit that carried that `version`, for each version its change
history lists. Versions other than the current
one are built as read-only pages at /arkiv/<page>/<version>/ (English:
/en/arkiv/...), and each version after the first gets a comparison page at
/arkiv/<page>/<version>/andringar/ listing what was added and removed.

All of it comes from one read of the git log and one batch read of the file
contents (scripts/content/history.py), however many pages and versions there are.
"""
from __future__ import annotations

import difflib
import html
import posixpath
import re

from ..content import data
from . import facts
from ..content.pages import key_to_url
from ..content.text import lang_prefix, md_text, md_texts
from ..content.versions import ARCHIVE_DIR, Version, archived, comparisons, page_versions  # noqa: F401

# -- rendering --------------------------------------------------------------

LINK_RE = re.compile(r"\[([^\]]*)\]\(([^)\s#]+\.md)(#[^)\s]*)?\)")


def rebase_links(body: str, from_key: str, to_key: str, site, lang: str) -> str:
    """Make an old page's relative links work from its archive address.

    A link to a page that no longer exists keeps its text and loses the link;
    fragments are dropped, because the anchor may have changed since."""
    def fix(m: re.Match) -> str:
        text, target = m.group(1), m.group(2)
        if "://" in target:
            return m.group(0)
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(from_key), target))
        if resolved not in site.by_lang["sv"] and resolved not in site.by_lang.get(lang, {}):
            return text
        return f"[{text}]({posixpath.relpath(resolved, posixpath.dirname(to_key) or '.')})"
    return LINK_RE.sub(fix, body)


def archive_markdown(v: Version, site) -> str:
    """The Markdown of an archived version's page: its old body, links rebased."""
    body = rebase_links(v.page.body, v.key, v.archive_key, site, v.lang)
    return _front(v, v.page.meta.get("title", v.key)) + body


def _front(v: Version, title: str) -> str:
    # Only what MkDocs itself reads; our hooks take the rest from the Version.
    return f"---\ntitle: {_yaml_text(title)}\nsearch:\n  exclude: true\n---\n\n"


def _yaml_text(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def diff_html(old: str, new: str, lang: str) -> str:
    """Line-by-line differences, marked with words (not colour alone)."""
    ui = md_texts(data.strings(lang))
    old_lines = [line for line in old.splitlines() if line.strip()]
    new_lines = [line for line in new.splitlines() if line.strip()]
    rows = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        for line in old_lines[a1:a2]:
            rows.append(f'<li class="kc-diff__removed"><span class="kc-diff__label">{ui["diff_removed"]}:</span> '
                        f'<del>{html.escape(line)}</del></li>')
        for line in new_lines[b1:b2]:
            rows.append(f'<li class="kc-diff__added"><span class="kc-diff__label">{ui["diff_added"]}:</span> '
                        f'<ins>{html.escape(line)}</ins></li>')
    if not rows:
        return f'<p>{ui["diff_none"]}</p>'
    return '<ul class="kc-diff">\n' + "\n".join(rows) + "\n</ul>"


def comparison_markdown(v: Version, site) -> str:
    ui = data.strings(v.lang)
    prev = v.previous
    title = ui["diff_title"].format(version=v.version, previous=prev.version)
    intro = md_text(ui["diff_intro"]).format(version=v.version, previous=prev.version,
                                             title=md_text(v.page.meta.get("title", v.key)))
    old = f"{prev.page.meta.get('title', '')}\n{prev.page.meta.get('description', '')}\n{prev.page.body}"
    new = f"{v.page.meta.get('title', '')}\n{v.page.meta.get('description', '')}\n{v.page.body}"
    return (_front(v, title) + f"# {md_text(title)}\n\n{intro}\n\n" + diff_html(old, new, v.lang) + "\n")


def lookup(site, lang: str, key: str) -> tuple[str, Version] | None:
    """("archive" | "compare", Version) for a generated key in `lang`, else None."""
    return site.generated_index.get((lang, key))


def files_for(site, lang: str, config) -> list:
    """MkDocs File objects for this language build's archive and comparison pages.

    Added after the i18n plugin has sorted the files per language (it would
    drop generated content), so the source path already carries the
    language's output folder."""
    from mkdocs.structure.files import File, InclusionLevel
    prefix = "" if lang == data.DEFAULT_LANG else f"{lang}/"
    files = []
    for (page_lang, key), (kind, v) in sorted(site.generated_index.items()):
        if page_lang != lang:
            continue
        content = archive_markdown(v, site) if kind == "archive" else comparison_markdown(v, site)
        files.append(File.generated(config, prefix + key, content=content,
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def page_context(site, kind: str, v: Version, lang: str, link_to) -> dict:
    """Template context for an archive or comparison page. `link_to(target)`
    makes a relative link to a URL given from the site root."""
    ui = data.strings(lang)
    current_url = link_to(lang_prefix(v.lang) + key_to_url(v.key))
    ctx = {
        "lang": lang, "ui": ui, "key": v.archive_key, "is_fallback": False, "outdated": None,
        "overdue": False, "alternates": [], "history": [], "searchable": False, "search_keywords": [],
        "noindex": True, "sv_url": current_url,
    }
    if kind == "archive":
        ctx.update(facts.meta_facts(v.page.meta, lang, status="arkiverad"))
        ctx["archived"] = {
            "text": ui["archived_notice"].format(version=v.version,
                                                 **{"from": facts.format_date(v.valid_from, lang),
                                                    "to": facts.format_date(v.valid_to, lang)}),
            "current_url": current_url,
        }
    else:
        ctx["compare"] = {"current_url": current_url}
    return ctx


def history_links(site, lang: str, key: str, link_to) -> dict[str, dict]:
    """{version: {"url", "compare_url"}} for the version history table of a page."""
    versions = site.versions.get((lang, key)) or site.versions.get((data.DEFAULT_LANG, key)) or []
    links = {}
    for v in versions:
        prefix = lang_prefix(v.lang)
        links[v.version] = {
            "url": None if v.current else link_to(prefix + key_to_url(v.archive_key)),
            "compare_url": link_to(prefix + key_to_url(v.compare_key)) if v.previous else None,
        }
    return links
