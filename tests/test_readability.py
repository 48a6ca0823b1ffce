"""Plain language: the project's own LIX and Flesch measures, and the limits
that every Swedish guidance page must meet."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from scripts.checks import readability
from scripts.content.pages import parse
from scripts.content.site import Site


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


def test_the_gate_numbers_are_those_of_the_issue():
    assert (readability.LIX_LIMIT, readability.LIX_MEDIAN_LIMIT, readability.PLAIN_LIX_LIMIT) == (40, 36, 25)


# Ten words, one sentence, so LIX = 10 + 10 * (long words): 4 long words give 50,
# 3 give 40, 2 give 30, 1 gives 20.
def _ten_words(long_words: int) -> str:
    words = ["ansvarar"] * long_words + ["du"] * (10 - long_words)
    return " ".join(words).capitalize() + ".\n"


def test_a_planted_guidance_page_above_40_breaks_the_gate_and_one_at_40_does_not():
    assert readability.lix(_ten_words(4)) == 50.0 and readability.lix(_ten_words(3)) == 40.0
    hard, fine = _page(_ten_words(4)), _page(_ten_words(3))
    assert readability.score(hard).too_hard and not readability.score(fine).too_hard
    broken = readability.gate(readability.report([hard, fine]))
    assert broken[0] == "docs/sv/x.md: LIX 50 is above the limit 40"


def test_a_plain_language_page_above_25_breaks_the_gate_by_name_or_by_audience():
    for page in (_page(_ten_words(2), audience=["individ"]), _named("vill-lamna.md", _ten_words(2)),
                 _named("anhoriga.md", _ten_words(2))):
        score = readability.score(page)
        assert score.plain and score.value == 30.0 and score.too_hard, page.key
        assert readability.gate([score]) == [f"{page.rel}: LIX 30 is above the plain-language limit 25"]
    assert not readability.score(_page(_ten_words(1), audience=["individ"])).too_hard


def test_a_median_above_36_breaks_the_gate_though_every_page_is_within_40():
    # Three pages at LIX 40 and two at 30: median 40. Plain-language pages do not count.
    pages = [_page(_ten_words(3)) for _ in range(3)] + [_page(_ten_words(2)) for _ in range(2)]
    scores = readability.report(pages)
    assert not any(s.too_hard for s in scores)
    assert readability.median(scores) == 40.0
    assert readability.gate(scores) == ["median LIX of the Swedish guidance pages is 40, above 36"]
    easy = scores[3:] + readability.report([_page(_ten_words(3))])
    assert readability.median(easy) == 30.0 and not readability.gate(easy)
    plain = [readability.score(_page(_ten_words(1), audience=["individ"])) for _ in range(5)]
    assert readability.median(scores + plain) == 40.0


def _named(key: str, body: str) -> object:
    page = parse("---\ntitle: T\n---\n" + body, Path(key), f"docs/sv/{key}", "sv", key)
    page.meta.update({"type": "guide", "audience": ["socialtjanst"]})
    return page


def test_english_pages_get_flesch():
    page = _page("You can get help. Call us when you want.\n", lang="en")
    s = readability.score(page)
    assert s.measure == "Flesch" and s.value > 60


def test_the_real_swedish_pages_pass_the_gate():
    scores = readability.report(list(Site.load().by_lang["sv"].values()))
    assert len(readability.median_scores(scores)) > 20
    assert {s.page.key for s in scores if s.plain} >= readability.PLAIN_PAGES
    broken = readability.gate(scores)
    assert not broken, "Rewrite in plainer Swedish:\n" + "\n".join(broken)


def test_the_command_prints_the_median_and_fails_on_a_planted_hard_page(make_repo):
    repo = make_repo()
    run = lambda: subprocess.run([sys.executable, "-m", "scripts", "readability", "--lang", "sv", "--fail"],
                                 cwd=repo, capture_output=True, text=True)
    ok = run()
    assert ok.returncode == 0, ok.stdout[-2000:]
    assert re.search(r"^Median LIX of \d+ Swedish guidance pages: [\d.]+ \(limit 36", ok.stdout, re.M)
    path = repo / "docs/sv/roller/sis.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + _ten_words(4) * 40, encoding="utf-8")
    failed = run()
    assert failed.returncode == 1
    assert re.search(r"^FAIL docs/sv/roller/sis.md: LIX [\d.]+ is above the limit 40$", failed.stdout, re.M)
