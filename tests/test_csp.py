"""The security headers the build writes (scripts/build/headers.py), and the site
working under them.

The browser tests serve the built site from 127.0.0.1 with exactly the
headers of the generated `_headers` file, visit every page, and use search,
a checklist and the language switcher, listening for Content-Security-Policy
violations (the `securitypolicyviolation` event and Chromium's "Refused to"
console messages). A planted inline script proves the listener hears them.
"""
from __future__ import annotations

import re

import pytest

from conftest import headers_handler
from scripts.build import headers
from scripts.checks import pageweight

REQUIRED = {
    "Content-Security-Policy", "Strict-Transport-Security", "Referrer-Policy", "X-Content-Type-Options",
    "Permissions-Policy", "Cross-Origin-Opener-Policy",
}


@pytest.fixture(scope="module")
def rules(site_dir):
    return headers.parse_headers_file((site_dir / headers.HEADERS_FILE).read_text(encoding="utf-8"))


def _csp(rules) -> dict[str, list[str]]:
    value = dict(headers.for_path(rules, "/"))["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in value.split(";") if d.strip()}


# -- the files ------------------------------------------------------------------


def test_headers_file_has_every_header_for_every_path(rules):
    assert list(rules) == ["/*"]
    names = {name for name, _ in headers.for_path(rules, "/roller/sis/")}
    assert REQUIRED <= names, REQUIRED - names
    sent = dict(headers.for_path(rules, "/"))
    assert sent["Strict-Transport-Security"].startswith("max-age=63072000")
    assert sent["X-Content-Type-Options"] == "nosniff"
    assert sent["Referrer-Policy"] in ("strict-origin-when-cross-origin", "no-referrer")
    assert "camera=()" in sent["Permissions-Policy"] and "geolocation=()" in sent["Permissions-Policy"]


def test_csp_allows_no_inline_script_and_frames_nobody(rules):
    csp = _csp(rules)
    assert csp["default-src"] == ["'self'"]
    script = csp["script-src"]
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
    assert "'self'" in script and "'wasm-unsafe-eval'" in script  # Pagefind's WebAssembly
    assert script == ["'self'", "'wasm-unsafe-eval'"]  # no hash: the site has no inline script
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"] and csp["connect-src"] == ["'self'"]


def test_no_page_has_an_inline_script(site_dir, rules):
    """Nothing in the built HTML goes into the policy (a planted script would
    otherwise be allowed by its own hash): the site has no inline script at
    all, not even Material's (overrides/partials/javascripts/)."""
    assert set(_csp(rules)["style-src"]) == {"'self'", "'unsafe-hashes'",
                                            *(headers._sha256(s) for s in headers.ALLOWED_STYLE_ATTRIBUTES)}
    pages = headers.html_files(site_dir)
    assert len(pages) > 50
    found = {}
    for path in pages:
        for script in headers.inline_scripts(path.read_text(encoding="utf-8")):
            found[path.relative_to(site_dir).as_posix()] = script[:80]
    assert not found, found


@pytest.mark.parametrize("planted,named", [
    ("<script>alert('body-script')</script>", "inline script \"alert('body-script')\""),
    ("<style>body{display:none}</style>", "<style> block 'body{display:none}'"),
    ('<p style="color: red">x</p>', "style attribute 'color: red'"),
])
def test_an_inline_script_or_style_outside_the_allow_list_fails_naming_the_page(tmp_path, planted, named):
    (tmp_path / "roller" / "sis").mkdir(parents=True)
    ok = ('<html><script src="x.js"></script><script type="application/json">{"a": 1}</script>'
          '<td style="text-align: right;">1</td></html>')
    (tmp_path / "index.html").write_text(ok, encoding="utf-8")
    assert headers.collect(tmp_path) == {headers._sha256(s) for s in headers.ALLOWED_STYLE_ATTRIBUTES}
    (tmp_path / "roller" / "sis" / "index.html").write_text(ok.replace("</html>", planted + "</html>"),
                                                          encoding="utf-8")
    with pytest.raises(headers.NotAllowed) as caught:
        headers.collect(tmp_path)
    assert named + " on 1 page(s): roller/sis/index.html" in str(caught.value), str(caught.value)


def test_nginx_snippet_sends_the_same_headers(site_dir, rules):
    conf = (site_dir / headers.NGINX_FILE).read_text(encoding="utf-8")
    assert headers.parse_nginx_conf(conf) == headers.for_path(rules, "/")
    assert f"location = /{headers.HEADERS_FILE}" in conf  # the files themselves are not served


def test_json_data_and_external_scripts_need_no_hash():
    page = ('<script id="__config" type="application/json">{"a": 1}</script>'
            '<script src="x.js"></script><script>var a = 1;</script>'
            '<script type="module">import "./m.js";</script><p style="text-align: right;">1</p>')
    assert headers.inline_scripts(page) == ["var a = 1;", 'import "./m.js";']
    assert headers.style_attributes(page) == ["text-align: right;"]
    csp = headers.csp({headers._sha256("text-align: right;")})
    assert "script-src 'self' 'wasm-unsafe-eval';" in csp and "'unsafe-hashes' 'sha256-" in csp


# -- in the browser -----------------------------------------------------------------


@pytest.fixture(scope="module")
def csp_base_url(server, base_url, site_dir, rules):
    """The session's server (the site is built for its origin, so the theme's
    absolute links stay same-origin, as on a real host), sending the headers
    of `_headers` with every response while this module runs."""
    original = server.RequestHandlerClass
    server.RequestHandlerClass = headers_handler(rules, site_dir)
    yield base_url
    server.RequestHandlerClass = original


LISTEN = """
document.addEventListener('securitypolicyviolation', e => {
  window.__kcViolation && window.__kcViolation(
    e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' in ' + e.documentURI + ' ' + (e.sample || ''));
});
"""
CONSOLE_RE = re.compile(r"Refused to|Content Security Policy|Content-Security-Policy|Permissions-Policy")


@pytest.fixture
def watched(context):
    """A page that records every CSP violation and header complaint."""
    found: list[str] = []
    context.expose_function("__kcViolation", lambda text: found.append(text))
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.on("console", lambda msg: found.append(f"console: {msg.text}") if CONSOLE_RE.search(msg.text) else None)
    page.on("pageerror", lambda err: found.append(f"page error: {err}"))
    return page, found


@pytest.mark.browser
def test_headers_reach_the_browser(watched, csp_base_url):
    page, _ = watched
    response = page.goto(csp_base_url)
    assert "'wasm-unsafe-eval'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.browser
def test_no_page_violates_the_policy(watched, csp_base_url, site_dir):
    page, found = watched
    urls = [pageweight.url_of(site_dir, p) for p in pageweight.pages(site_dir) if not pageweight.is_redirect(p)]
    assert len(urls) > 50
    for url in urls:
        page.goto(csp_base_url + url, wait_until="load")
        # Styles are applied: Material's stylesheet and ours load under style-src 'self'.
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static", url
    page.wait_for_timeout(200)
    assert not found, "\n".join(found[:20])


@pytest.mark.browser
def test_a_planted_inline_script_is_caught(watched, csp_base_url):
    page, found = watched

    def plant(route):
        response = route.fetch()
        body = response.text().replace("</body>", "<script>document.title = 'planted';</script></body>")
        route.fulfill(response=response, body=body)

    page.route(csp_base_url + "roller/", plant)
    page.goto(csp_base_url + "roller/", wait_until="load")
    page.wait_for_timeout(300)
    assert page.title() != "planted"
    assert any("script-src" in f or "Refused to execute inline script" in f for f in found), found


@pytest.mark.browser
@pytest.mark.parametrize("path,query", [("", "avhoppare"), ("en/", "defector")])
def test_search_works_under_the_policy(watched, csp_base_url, path, query):
    page, found = watched
    page.goto(csp_base_url + path, wait_until="load")
    box = page.locator("#kc-search-input")
    box.click()
    box.fill(query)
    box.press("Enter")
    page.locator(".kc-search__list li").first.wait_for(timeout=20000)
    assert page.locator(".kc-search__list li").count() > 0
    page.wait_for_timeout(200)
    assert not found, found


@pytest.mark.browser
def test_checklist_ticks_survive_a_reload_under_the_policy(watched, csp_base_url):
    page, found = watched
    page.goto(csp_base_url + "checklistor/forsta-motet/", wait_until="load")
    item = page.locator("input[data-item-id]").first
    item.check()
    page.reload(wait_until="load")
    assert page.locator("input[data-item-id]").first.is_checked()
    assert not found, found


@pytest.mark.browser
def test_language_switcher_works_under_the_policy(watched, csp_base_url):
    page, found = watched
    page.goto(csp_base_url + "roller/sis/", wait_until="load")
    page.locator(".md-select .md-header__button").first.hover()
    page.locator('.md-select__link[hreflang="en"]').click()
    page.wait_for_load_state("load")
    assert page.url == csp_base_url + "en/roller/sis/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert not found, found
