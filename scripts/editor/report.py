"""The agency report: one responsible body's pages, for its reviewers.

    python -m scripts report --responsible polismyndigheten [--format text|csv]

One row per page file the body is responsible for (Swedish and English: each
file's own `responsible` field), with status, version, reviewed, review_by,
whether the review is overdue, the translation state of the page
(scripts/content/translations.py: current, outdated, missing, ...), and how many of
its statements are past their re-check date or still to be confirmed
(scripts/content/claims.py), each listed with file and line in the text report. Text is a table
for people; CSV (UTF-8, comma-separated, one header row) is for spreadsheets.
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import Counter

from ..content import claims, data, schema

COLUMNS = ("file", "lang", "key", "title", "status", "version", "reviewed", "review_by", "overdue",
           "translation", "translation_since", "approved_by", "approved", "recheck_due", "to_confirm")


def due(site, responsible: str) -> list:
    """The body's statements past their re-check date or to be confirmed."""
    return [d for d in claims.due(site.pages) if d.responsible == responsible]


def rows(site, responsible: str) -> list[dict[str, str]]:
    out = []
    items = due(site, responsible)
    for page in site.pages:
        if not page.meta or page.meta.get("responsible") != responsible:
            continue
        state = site.translation.get(page.key)
        out.append({
            "file": page.rel,
            "lang": page.lang,
            "key": page.key,
            "title": str(page.meta.get("title", "")),
            "status": str(page.meta.get("status", "")),
            "version": str(page.meta.get("version", "")),
            "reviewed": str(page.meta.get("reviewed", "")),
            "review_by": str(page.meta.get("review_by", "")),
            "overdue": "yes" if schema.is_overdue(page.meta) else "no",
            "translation": state.status if state else "",
            "translation_since": (state.since or "") if state else "",
            "approved_by": str(page.meta.get("approved_by", "")),
            "approved": str(page.meta.get("approved", "")),
            "recheck_due": str(sum(d.page is page and d.marker.kind == "recheck" for d in items)),
            "to_confirm": str(sum(d.page is page and d.marker.kind == "unconfirmed" for d in items)),
        })
    out.sort(key=lambda r: (r["key"], data.LANGS.index(r["lang"]) if r["lang"] in data.LANGS else 9))
    return out


def as_csv(table: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    return buffer.getvalue()


def as_text(table: list[dict[str, str]], responsible: str, items: list | None = None) -> str:
    name = data.label("responsible", responsible, "en")
    keys = {r["key"] for r in table}
    lines = [f"Pages {name} is responsible for: {len(keys)} page(s), {len(table)} file(s), "
             f"as of {schema.today().isoformat()}.", ""]
    if not table:
        return "\n".join(lines + ["No pages."]) + "\n"
    shown = ("file", "status", "version", "reviewed", "review_by", "overdue", "translation")
    cells = [[("OVERDUE" if r[c] == "yes" else "-") if c == "overdue" else (r[c] or "-") for c in shown]
             for r in table]
    widths = [max(len(str(x)) for x in col) for col in zip(shown, *cells)]
    fmt = "  ".join(f"{{:{w}}}" for w in widths)
    lines += [fmt.format(*shown).rstrip(), fmt.format(*("-" * w for w in widths))]
    lines += [fmt.format(*row).rstrip() for row in cells]
    statuses = Counter(r["status"] for r in table)
    overdue = [r["file"] for r in table if r["overdue"] == "yes"]
    translations = Counter({r["key"]: r["translation"] for r in table}.values())
    lines += ["",
              "Status: " + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())) + ".",
              f"Overdue reviews: {len(overdue)}" + (" (" + ", ".join(overdue) + ")." if overdue else "."),
              "Translations (per page): " + ", ".join(f"{n} {s}" for s, n in sorted(translations.items())) + "."]
    for kind, heading in (("recheck", "Statements past their re-check date"),
                          ("unconfirmed", "Statements to be confirmed")):
        mine = [d for d in items or [] if d.marker.kind == kind]
        lines += ["", f"{heading}: {len(mine)}" + (":" if mine else ".")]
        lines += [f"  {claims.due_text(d)}" for d in mine]
    return "\n".join(lines) + "\n"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--responsible", required=True, choices=data.list_keys("responsible"),
                   help="the body, as a key from data/lists.yml")
    p.add_argument("--format", choices=("text", "csv"), default="text", help="text table (default) or CSV")


def run(site, args) -> int:
    table = rows(site, args.responsible)
    sys.stdout.write(as_csv(table) if args.format == "csv"
                     else as_text(table, args.responsible, due(site, args.responsible)))
    return 0
