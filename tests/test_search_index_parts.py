"""The search index is built from lighter copies of the pages, one Pagefind
process per language, merged into one bundle (scripts/build/search.py). None of
that may change what a reader can find: the bundle must be the one a single
Pagefind run over the whole built site writes."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from scripts.build import search


def _bundle(folder):
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}


def test_the_merged_bundle_is_what_one_pagefind_run_over_the_site_writes(site_dir, tmp_path):
    # One run over every HTML file of the built site, menus and all.
    whole_site = tmp_path / "site"
    shutil.copytree(site_dir, whole_site, ignore=shutil.ignore_patterns(search.BUNDLE_DIR))
    one_run = tmp_path / "one-run"
    subprocess.run([str(search.executable()), "--site", str(whole_site), "--output-path", str(one_run), "--quiet"],
                   check=True, capture_output=True, env=search.pagefind_env())
    for name in search.UNUSED_BUNDLE_FILES:
        (one_run / name).unlink(missing_ok=True)
    search.shorten_ready_poll(one_run)   # the build's one change to Pagefind's scripts

    merged, single = _bundle(site_dir / search.BUNDLE_DIR), _bundle(one_run)
    assert merged.keys() == single.keys()
    assert sum(1 for name in merged if name.startswith("fragment/")) >= 90, "both languages' pages are indexed"
    entry = json.loads(merged[search.ENTRY_FILE].read_text())
    assert set(entry["languages"]) == {"sv", "en"}
    assert entry == json.loads(single[search.ENTRY_FILE].read_text())
    different = [name for name in merged if name != search.ENTRY_FILE
                 and merged[name].read_bytes() != single[name].read_bytes()]
    assert not different, different[:5]


def test_search_copies_drop_the_menus_and_keep_everything_pagefind_reads():
    body = b'<div class="md-content"><article data-pagefind-body>Text</article></div>'
    menus = b'<div class="md-sidebar md-sidebar--primary"><nav>Menu</nav></div>'
    page = b"<html><head><title>T</title></head><body><header>H</header>" + menus + body + b"</body></html>"
    assert search.search_copy(page) == page.replace(menus, b"")
    # A page without a search region is not given to Pagefind at all.
    assert search.search_copy(page.replace(b" data-pagefind-body", b"")) is None
    # Menus that hold a Pagefind attribute, or come after the region, stay.
    flagged = page.replace(b"<nav>", b'<nav data-pagefind-filter="x">')
    assert search.search_copy(flagged) == flagged
    late = b"<html><body>" + body + menus + b"</body></html>"
    assert search.search_copy(late) == late


def test_bundles_that_disagree_on_a_shared_file_are_not_merged(tmp_path):
    for lang, script in (("sv", "a"), ("en", "b")):
        bundle = tmp_path / lang
        (bundle / "index").mkdir(parents=True)
        (bundle / "index" / f"{lang}_1.pf_index").write_text(lang)
        (bundle / "pagefind.js").write_text(script)
        (bundle / search.ENTRY_FILE).write_text(json.dumps({"version": "1", "languages": {lang: {}}}))
    with pytest.raises(RuntimeError, match="pagefind.js"):
        search.merge_bundles([tmp_path / "sv", tmp_path / "en"], tmp_path / "out")


def test_pagefinds_scripts_wait_5_ms_not_50_for_their_webassembly(site_dir):
    old, new = search.READY_POLL
    for name in search.READY_POLL_FILES:
        script = (site_dir / search.BUNDLE_DIR / name).read_text(encoding="utf-8")
        assert script.count(new) == 1 and old not in script, name


def test_a_pagefind_release_that_waits_otherwise_stops_the_build_and_says_where(tmp_path):
    old, _ = search.READY_POLL
    for name in search.READY_POLL_FILES:
        (tmp_path / name).write_text("let a=1;" + old, encoding="utf-8")
    changed = tmp_path / search.READY_POLL_FILES[1]
    changed.write_text(old.replace("asyncSleep(50)", "asyncSleep(40)"), encoding="utf-8")
    with pytest.raises(RuntimeError) as raised:
        search.shorten_ready_poll(tmp_path)
    message = str(raised.value)
    assert str(changed) in message and "READY_POLL" in message and "scripts/build/search.py" in message
    # Nothing is half changed: the script that matched is left as it was.
    assert (tmp_path / search.READY_POLL_FILES[0]).read_text(encoding="utf-8") == "let a=1;" + old


def test_the_search_script_names_each_languages_first_files_and_the_entry_files_tag(site_dir):
    import hashlib
    import re
    script = (site_dir / search.SEARCH_SCRIPT).read_text(encoding="utf-8")
    assert search.INDEX_FILES_MARK not in script
    files = json.loads(re.search(r"var INDEX_FILES = (\{.*?\});\n", script).group(1))
    bundle = site_dir / search.BUNDLE_DIR
    assert files["tag"] == hashlib.sha256((bundle / search.ENTRY_FILE).read_bytes()).hexdigest()[:12]
    assert set(files["languages"]) == {"sv", "en"}
    for lang, names in files["languages"].items():
        assert len(names) == 2 and all((bundle / name).is_file() for name in names), (lang, names)


def test_a_search_script_without_the_mark_stops_the_build_and_says_where(tmp_path):
    (tmp_path / search.BUNDLE_DIR).mkdir()
    (tmp_path / search.BUNDLE_DIR / search.ENTRY_FILE).write_text('{"languages": {"sv": {"hash": "sv_1", "wasm": "sv"}}}')
    script = tmp_path / search.SEARCH_SCRIPT
    search.write_index_files(tmp_path)   # no script (the offline edition): nothing to do
    script.parent.mkdir()
    script.write_text("var INDEX_FILES = {a: 1}; var b;", encoding="utf-8")
    with pytest.raises(RuntimeError) as raised:
        search.write_index_files(tmp_path)
    assert str(script) in str(raised.value) and search.INDEX_FILES_MARK in str(raised.value)
    assert script.read_text(encoding="utf-8") == "var INDEX_FILES = {a: 1}; var b;"
    # Indexing the same site again (mkdocs serve --dirty, make bench) writes the line anew.
    script.write_text("x;\n  " + search.INDEX_FILES_MARK + "\ny;\n", encoding="utf-8")
    search.write_index_files(tmp_path)
    once = script.read_text(encoding="utf-8")
    search.write_index_files(tmp_path)
    assert script.read_text(encoding="utf-8") == once and '"sv":["pagefind.sv_1.pf_meta","wasm.sv.pagefind"]' in once
