"""The "Suggest a change" and "Report a problem" links on every page.

The repository's address is never written into the project: mkdocs.yml reads
`repo_url` and `edit_uri` from the environment (REPO_URL, EDIT_URI), and the
deploy workflow sets them from the GitHub context. Locally both are empty and
pages show no links.

- The edit link opens the page's own source file in the repository's editor:
  repo_url + edit_uri + the file's path under docs/ ("sv/roller/sis.md",
  "en/roller/sis.md"; an English page that falls back to Swedish edits the
  Swedish file). Generated pages (archived versions, comparisons) have no
  source file and get no edit link.
- The report link opens the repository's issue form for errors (GitHub issue
  forms: /issues/new?template=...), with the page's address filled in.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode, urljoin

from ..content.pages import key_to_url

# The issue forms in .github/ISSUE_TEMPLATE/ (their file names are part of the URL).
ERROR_FORM = "fel.yml"
NEW_GUIDANCE_FORM = "ny-vagledning.yml"
TRANSLATION_FORM = "oversattning.yml"
# The id of the field in the error form that holds the page's address.
PAGE_FIELD = "page"


def edit_url(repo_url: str | None, edit_uri: str | None, src_uri: str | None) -> str | None:
    """The address of the edit view of `src_uri` (a path under docs/), or None.

    Joined the way MkDocs joins page.edit_url, so an absolute edit_uri works too."""
    if not repo_url or not edit_uri or not src_uri:
        return None
    edit_uri = edit_uri if edit_uri.endswith("/") or edit_uri.startswith(("?", "#")) else edit_uri + "/"
    base = repo_url if repo_url.endswith("/") or edit_uri.startswith(("?", "#")) else repo_url + "/"
    return urljoin(base, edit_uri + src_uri)


def issue_url(repo_url: str | None, form: str = ERROR_FORM, **fields: str) -> str | None:
    """The address of a new issue from `form`, with form fields filled in, or None."""
    if not repo_url:
        return None
    query = urlencode({"template": form, **{k: v for k, v in fields.items() if v}})
    return f"{repo_url.rstrip('/')}/issues/new?{query}"


def page_links(config, page, link_to, lang_prefix: str, editable: bool = True) -> dict:
    """Template context for overrides/partials/kc-contribute.html.

    `editable` is False for generated pages without a source file; `link_to`
    makes a relative link from the page to a URL given from the site root."""
    repo_url = config.get("repo_url") or ""
    if not repo_url:
        return {"edit_url": None, "report_url": None, "contribute_url": None}
    address = (config.get("site_url") or "") + page.url
    src_uri = page.file.src_uri
    # Only a file that exists in docs/ can be edited (a generated page has none).
    editable = editable and not getattr(page.file, "generated_by", None) and \
        (Path(config.get("docs_dir") or "docs") / src_uri).is_file()
    return {
        "edit_url": edit_url(repo_url, config.get("edit_uri"), src_uri) if editable else None,
        "report_url": issue_url(repo_url, ERROR_FORM, **{PAGE_FIELD: address}),
        "contribute_url": link_to(lang_prefix + key_to_url("bidra/index.md")),
    }
