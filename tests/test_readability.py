"""Plain language: the project's own LIX and Flesch measures, and the limits
that every Swedish guidance page must meet."""
from __future__ import annotations

from pathlib import Path

from scripts import readability
from scripts.pages import parse
from scripts.site import Site


def _page(body: str, lang: str = "sv", **meta) -> object:
    page = parse("---\ntitle: T\n---\n" + body, Path("x.md"), "docs/sv/x.md", lang, "x.md")
    page.meta.update({"type": "guide", "audience": ["socialtjanst"], **meta})
    return page


def test_lix_counts_words_sentences_and_long_words():
    # 8 words, 2 sentences, 4 words longer than six letters
    # (polisen, Socialtjänsten, hjälper, boendet): 8/2 + 100*4/8 = 54.0
    assert readability.lix("Du ringer polisen. Socialtjänsten hjälper dig med boendet.") == 54.0
    assert readability.lix("Kort text här.") == 3.0


def test_prose_leaves_out_headings_tables_code_and_link_targets():
    body = ("# Rubrik med väldigt långa ord\n\n| kolumnrubrik | tabellinnehåll |\n|---|---|\n"
            "```\nkodblock\n```\n\nSe [sidan](https://exempel.invalid/mycket-lång-adress).\n")
    assert readability.prose(body) == "Se sidan."


def test_citation_and_recheck_markers_are_not_read_as_words():
    body = "Lagen gäller sedan 2025 [@sol-2025-400, 2 kap. 1 §] [kontrollera 2026-12-01].\n"
    assert readability.prose(body) == "Lagen gäller sedan 2025."


def test_list_items_count_as_sentences():
    # 4 words in 2 items with no full stop: 2 sentences, no long words
    assert readability.lix("- Ring nu\n- Kom hit\n") == 2.0


def test_a_hard_guidance_page_is_flagged_and_an_easy_one_is_not():
    hard = _page("Myndighetsgemensamma samverkansöverenskommelser förutsätter "
                 "organisationsövergripande informationsutbyten mellan verksamhetsansvariga.\n")
    easy = _page("Du kan få hjälp. Ring oss när du vill. Vi lyssnar på dig.\n")
    assert readability.score(hard).too_hard
    assert not readability.score(easy).too_hard


def test_plain_language_pages_have_the_stricter_limit():
    page = _page("Text.\n", audience=["individ", "anhorig"])
    assert readability.score(page).limit == readability.PLAIN_LIX_LIMIT


def test_english_pages_get_flesch():
    page = _page("You can get help. Call us when you want.\n", lang="en")
    s = readability.score(page)
    assert s.measure == "Flesch" and s.value > 60


def test_every_swedish_guidance_page_is_within_its_lix_limit():
    site = Site.load()
    too_hard = [f"{s.page.rel}: LIX {s.value} (limit {s.limit})"
                for s in readability.report(site.by_lang["sv"].values()) if s.too_hard]
    assert not too_hard, "Rewrite in plainer Swedish:\n" + "\n".join(too_hard)
