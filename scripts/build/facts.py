"""What the templates show about a page: the facts box, notices, sources,
version history and language alternates. Computed here, rendered by
overrides/partials/kc-*.html, the same templates for both languages."""
from __future__ import annotations

from ..content import claims, data, schema, translations
from . import search
from ..content.site import Site, lang_prefix
from ..content.text import format_date  # noqa: F401  (as the templates' callers import it)


def valid_since(meta: dict) -> str | None:
    for change in meta.get("changes") or []:
        if change.get("version") == meta.get("version"):
            return change.get("date")
    return None


def last_changed(meta: dict) -> str | None:
    """"Senast ändrad": the date of the newest change entry. A change with an
    entry is a major change (GOV.UK's rule: it has a change note, and it is in
    "Nytt och ändrat" and the feeds); a commit without one (a typo, a link) is
    minor and moves no date a reader sees."""
    dates = [str(c.get("date")) for c in meta.get("changes") or [] if isinstance(c, dict) and c.get("date")]
    return max(dates) if dates else None


def sources(site: Site, meta: dict, lang: str, bib_url: str, refs: dict | None = None) -> list[dict]:
    """The page's source list. `refs` (scripts/content/claims.py references) holds the
    citations rendered in the text: each entry gets the number its citations
    show and links back to each of them."""
    bib = data.bibliography()
    ui = data.strings(lang)
    out = []
    for number, key in enumerate(meta.get("sources") or [], 1):
        entry = bib.get(key)
        if not entry:
            continue
        uses = (refs or {}).get(key, [])
        out.append({
            "key": key,
            "number": number,
            "id": claims.source_anchor(key),
            "refs": [{"id": r["id"], "n": n, "locator": r["locator"],
                      "label": ui["cited_back"].format(n=n, number=number)} for n, r in enumerate(uses, 1)],
            "anchor": f"{bib_url}#src-{key}",
            "title": entry["title"],
            "publisher": entry.get("publisher", ""),
            "date": entry.get("date", ""),
            "url": entry.get("url", ""),
            "note": data.bibliography_note(entry, lang),
        })
    return out


def history(meta: dict, lang: str) -> list[dict]:
    changes = sorted(meta.get("changes") or [], key=lambda c: schema.version_tuple(c["version"]), reverse=True)
    return [{"version": c["version"], "date": format_date(c["date"], lang), "iso": c["date"], "note": c["note"]}
            for c in changes]


def meta_facts(meta: dict, lang: str, status: str | None = None) -> dict:
    """The facts box values of one state of a page (current or archived)."""
    status = status or meta.get("status", "")
    # The responsible body's approval is shown only on an approved page
    # (scripts/content/schema.py refuses approved_by and approved on any other).
    approved = status == "fastställd" and meta.get("approved_by") and meta.get("approved")
    return {
        "review_by_text": format_date(meta.get("review_by"), lang),
        "status_key": status,
        "status_text": data.label("statuses", status, lang),
        "status_short": data.label("statuses", status, lang, "short"),
        "status_icon": data.lists()["statuses"].get(status, {}).get("icon", ""),
        "responsible": data.label("responsible", meta.get("responsible", ""), lang),
        "audience": [data.label("audiences", a, lang) for a in meta.get("audience") or []],
        "version": meta.get("version", ""),
        "valid_since": format_date(valid_since(meta), lang),
        "reviewed": format_date(meta.get("reviewed"), lang),
        "review_by": format_date(meta.get("review_by"), lang),
        "approved_by": data.label("responsible", meta["approved_by"], lang) if approved else "",
        "approved": format_date(meta["approved"], lang) if approved else "",
        "updated": format_date(last_changed(meta), lang),
    }


# Audiences of people at risk: a page meant only for them (and their relatives)
# puts its help box first, its facts line at the foot, and offers the quick exit.
AT_RISK_AUDIENCES = frozenset({"individ", "anhorig"})


def at_risk(meta: dict) -> bool:
    """A page for people who want to leave and their relatives, and no one else."""
    audience = meta.get("audience") or []
    return bool(audience) and set(audience) <= AT_RISK_AUDIENCES


def page_context(site: Site, key: str, lang: str, site_url: str) -> dict:
    """Everything our templates need for the page at `key` in the `lang` build."""
    page = site.page(lang, key)
    meta = page.meta if page else {}
    ui = data.strings(lang)
    state = site.translation.get(key)
    alternates = []
    for alt_lang in data.LANGS:
        if key in site.by_lang.get(alt_lang, {}):
            alternates.append({"lang": alt_lang, "href": site_url + lang_prefix(alt_lang) + page.url})
    if key in site.by_lang[data.DEFAULT_LANG]:
        alternates.append({"lang": "x-default", "href": site_url + page.url})

    fallback = site.is_fallback(lang, key)
    outdated = None
    if lang != data.DEFAULT_LANG and not fallback and state and state.status == translations.OUTDATED:
        changed = state.since  # scripts/content/translations.py dates the change from git
        outdated = {"date": format_date(changed, lang) if changed else "", "iso": changed or ""}

    return {
        "lang": lang,
        "ui": ui,
        "key": key,
        "is_fallback": fallback,
        # A fallback copy shows the Swedish text: marked as Swedish inside an English page.
        "text_lang": data.DEFAULT_LANG if fallback else lang,
        "outdated": outdated,
        "overdue": schema.is_overdue(meta),
        **meta_facts(meta, lang),
        "history": history(meta, lang),
        "at_risk": at_risk(meta),
        # The facts line goes to the foot where the reader's task must come first:
        # pages for people at risk, and the start page (its routes come first).
        "facts_at_foot": at_risk(meta) or key == "index.md",
        "alternates": alternates,
        "sv_url": site_url + page.url if page else site_url,
        # One condition for the search index (scripts/build/search.py): not a fallback copy,
        # not archived, not a generated list of page titles.
        "searchable": search.is_searchable(meta, fallback),
        "search_keywords": search.keywords(meta, page.body, lang) if page and not fallback else [],
    }
