"""The personal-data guard: no personal identity numbers, coordination numbers,
e-mail addresses or private phone numbers in the content or the built site.

What is scanned: every file name and every text file (any file without a NUL
byte: Markdown, YAML, SVG, TSV, ...) under docs/ and data/, the allow-list
included, and, when asked (python -m scripts check --site DIR), the text of
every built HTML page. Symbolic links are not followed (the build refuses them).
Before matching, typographic look-alikes are folded to plain characters
(`normalise`): en and em dashes, minus signs, non-breaking and figure dashes
become "-", non-breaking, narrow and thin spaces become " ", fullwidth @ and
digits become @ and 0-9, so 850315–1238 (as Word writes it) counts as
850315-1238; invisible characters (soft hyphen, zero-width space) are dropped. The build hook runs the source scan before anything is built, so a
personal identity number in a page fails the build. Test fixtures
(tests/fixtures/) are never scanned: Skatteverket's published test numbers
belong there and nowhere else.

What counts:
- Personal identity number (personnummer): YYMMDD-NNNC or YYYYMMDD-NNNC, with
  "-", "+" (the year a person turns 100), a space or no separator (and the date
  may be written YY.MM.DD); the date must exist
  and the last digit must be the Luhn check digit over the ten digits
  (Skatteverket: "modulus-10-metoden med vikterna 1 och 2").
- Coordination number (samordningsnummer): the same, with 60 added to the day.
- E-mail address: anything@domain.tld (also written name[at]domain.tld),
  except the reserved example domains (example.com/.org/.net, *.example,
  *.invalid, *.test, localhost).
- Phone number: a Swedish number written from 0, +46 or 0046 (also
  +46 (0)70 ... and 070/123 45 67) that is not on the allow-list
  data/allowed-numbers.yml. Every allowed number names its source in
  data/bibliography.yml, and that source's entry must list the number under
  `numbers:` (the numbers the source itself shows), so adding a number takes a
  source a reviewer can open and find it in.
"""
from __future__ import annotations

import bisect
import html as htmllib
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..content import data, yamlio
from ..content.numbers import ALLOW_FILE, _allow_entries, allowed_numbers, normalise, phone_digits  # noqa: F401
from ..content.schema import Problem

SOURCE_DIRS = ("docs", "data")

# Invisible characters that split a number without showing: soft hyphen, zero-width
# space, non-joiner and joiner, word joiner, zero-width no-break space.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")


# 12 or 10 digits, optionally split before the last four by "-", "+" or a
# space (the date may be written with dots: 85.03.15-1238). Not part of a
# longer number, word or hash. (The leading lookaheads only say what the match
# starts with; they let the scan skip most positions quickly.)
ID_RE = re.compile(r"(?=\d\d)(?<![\w+\-.])((?:18|19|20)?\d{2}(?:\d{4}|\.\d{2}\.\d{2}))([-+ ]?)(\d{4})(?![\w\-]|[.,:]\d)")
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?![\w-])")
# The same, with the @ written out: name[at]domain.se, name (at) domain.se.
EMAIL_AT_RE = re.compile(r"(?<![\w.+-])[\w.+-]+ ?[\[(]at[\])] ?(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?![\w-])", re.I)
# A Swedish phone number: 0, +46 or 0046 (+46 (0)70 too), then 6 to 10 more
# digits in groups split by spaces or hyphens, or by a slash after the area code
# (070/123 45 67). phone_digits() then holds it to 7 to 11 digits.
PHONE_RE = re.compile(r"(?=[+0])(?<![\w/:.,+\-])(?:(?:\+|00)[ -]?46[ -]?(?:\(0\)[ -]?)?|0)"
                      r"(?:\d{1,3}/ ?)?\d(?:[ -]?\d){4,9}(?![\w/\-]|[.,:]\d)")
EXAMPLE_DOMAINS = re.compile(r"(^|\.)(example(\.(com|org|net))?|invalid|test|localhost)$", re.I)
# Lines that carry machine values, not content: hashes recorded by the translation workflow.
SKIP_LINE_RE = re.compile(r"^\s*source_hash\s*:")


@dataclass(frozen=True)
class Finding:
    kind: str          # "personnummer", "samordningsnummer", "e-mail", "phone"
    text: str
    line: int


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _date_ok(century: str | None, yy: int, month: int, day: int) -> bool:
    years = [int(century) * 100 + yy] if century else [1900 + yy, 2000 + yy]
    for year in years:
        try:
            dt.date(year, month, day)
            return True
        except ValueError:
            continue
    return False


def identity_kind(number: str) -> str | None:
    """'personnummer', 'samordningsnummer' or None for 10 or 12 digits with an optional separator."""
    digits = re.sub(r"[-+ .]", "", normalise(number))
    if len(digits) not in (10, 12):
        return None
    century = digits[:2] if len(digits) == 12 else None
    if century and century not in ("18", "19", "20"):
        return None
    ten = digits[-10:]
    yy, month, day = int(ten[0:2]), int(ten[2:4]), int(ten[4:6])
    kind = "personnummer"
    if day > 60:
        kind, day = "samordningsnummer", day - 60
    if not _date_ok(century, yy, month, day) or not luhn_ok(ten):
        return None
    return kind


def scan_text(text: str, allowed: dict[str, dict] | None = None) -> list[Finding]:
    """Every personal identity or coordination number, e-mail address and phone
    number not on the allow-list in `text` (look-alike characters folded first);
    each finding quotes the text as written."""
    allowed = allowed_numbers() if allowed is None else allowed
    original, text = text, normalise(text)
    kept = None  # positions in `original` of the characters left in `text`
    if _INVISIBLE_RE.search(text):  # dropped, not blanked: 850315\u00ad-1238 is 850315-1238
        kept = [i for i, ch in enumerate(text) if ch not in INVISIBLE]
        text = _INVISIBLE_RE.sub("", text)
    # Each pattern runs once over the whole text (none of them crosses a line
    # break), and line numbers are worked out only for what it finds: line by
    # line, the scan was most of the build's checking time on a large site.
    starts: list[int] = []

    def line_of(pos: int) -> int:
        if not starts:
            starts.extend([0] + [m.end() for m in re.finditer("\n", text)])
        return bisect.bisect_right(starts, pos)

    def skipped(lineno: int) -> bool:
        begin = starts[lineno - 1]
        end = text.find("\n", begin)
        return bool(SKIP_LINE_RE.match(text[begin:] if end < 0 else text[begin:end]))

    found: list[tuple[int, int, int, Finding]] = []   # (line, pattern, position, finding)
    taken: list[tuple[int, int]] = []
    def written(m: re.Match) -> str:
        if kept is None:
            return original[m.start():m.end()]
        return original[kept[m.start()]:kept[m.end() - 1] + 1]

    for m in ID_RE.finditer(text):
        kind = identity_kind(m.group(0))
        if kind:
            lineno = line_of(m.start())
            if not skipped(lineno):
                found.append((lineno, 0, m.start(), Finding(kind, written(m), lineno)))
                taken.append(m.span())
    lowered = text.lower()
    emails = [*(EMAIL_RE.finditer(text) if "@" in text else ()),
              *(EMAIL_AT_RE.finditer(text) if "at]" in lowered or "at)" in lowered else ())]
    for m in emails:
        domain = re.split(r"@|[\[(]at[\])] ?", m.group(0), flags=re.I)[-1]
        if not EXAMPLE_DOMAINS.search(domain):
            lineno = line_of(m.start())
            if not skipped(lineno):
                found.append((lineno, 1, m.start(), Finding("e-mail", written(m), lineno)))
    for m in PHONE_RE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        digits = phone_digits(m.group(0))
        if 7 <= len(digits) <= 11 and digits not in allowed:
            lineno = line_of(m.start())
            if not skipped(lineno):
                found.append((lineno, 2, m.start(), Finding("phone", written(m), lineno)))
    return [finding for *_, finding in sorted(found, key=lambda row: row[:3])]


_WHAT = {
    "personnummer": ("a valid-looking personal identity number (personnummer)",
                     "Remove it. Never put a real person's number in the content; examples belong only "
                     "in tests/fixtures/, using Skatteverket's published test numbers."),
    "samordningsnummer": ("a valid-looking coordination number (samordningsnummer)",
                          "Remove it. Examples belong only in tests/fixtures/, using Skatteverket's "
                          "published test numbers."),
    "e-mail": ("an e-mail address",
               "Remove it. The site publishes no e-mail addresses; for an example use name@example.invalid."),
    "phone": ("a phone number that is not on the list of public service numbers",
              "Remove it, or, if it is a public service number, add it to data/allowed-numbers.yml "
              "with the key of the source in data/bibliography.yml that shows it, and list it under "
              "numbers: in that source's entry."),
}


def _problem(rel: str, f: Finding, in_name: bool = False) -> Problem:
    what, fix = _WHAT[f.kind]
    if in_name:
        return Problem(rel, None, None, f"the file name contains {what}: {f.text!r}. File names become web "
                       "addresses and show in the sitemap.",
                       "no personal data in the content (editorial guide: safety and personal data)",
                       "Rename the file (git mv) without it, and change nav in mkdocs.yml and links to match.")
    return Problem(rel, f.line, None, f"contains {what}: {f.text!r}.",
                   "no personal data in the content (editorial guide: safety and personal data)", fix)


def _files(folder: Path):
    """Every file under `folder`, without following symbolic links."""
    for path in sorted(folder.rglob("*")):
        if not path.is_symlink() and path.is_file() and not any(
                parent.is_symlink() for parent in path.relative_to(folder).parents if parent != Path(".")):
            yield path


def _text(path: Path) -> str | None:
    """The file's text, or None for a binary file (one with a NUL byte: images, fonts)."""
    raw = path.read_bytes()
    if b"\0" in raw:
        return None
    return raw.decode("utf-8", errors="replace")


def scan_sources(root: Path | None = None) -> list[Problem]:
    """Every file name and every text file under docs/ and data/ of `root`
    (default: the current checkout), the allow-list too, and the allow-list's sources."""
    root = Path(root or data.root_dir())
    allowed = allowed_numbers(root)
    problems = []
    for name in SOURCE_DIRS:
        folder = root / name
        if not folder.is_dir():
            continue
        for path in _files(folder):
            rel = path.relative_to(root).as_posix()
            # In a file name, -, _, . and / separate words: anna-850315-1238.md holds 850315 1238.
            problems += [_problem(rel, f, in_name=True) for f in scan_text(re.sub(r"[-_./]", " ", rel), allowed)]
            text = _text(path)
            if text is not None:
                problems += [_problem(rel, f) for f in scan_text(text, allowed)]
    return problems + check_allow_list(root)


_DROP_RE = re.compile(r"<(script|style|svg)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_TAG_RE = re.compile(r"<[^>]*>", re.S)
_MAILTO_RE = re.compile(r"""href=["']mailto:([^"'?]+)""", re.I)


def html_text(html: str) -> str:
    """The readable text of an HTML page, line for line (tags, scripts, styles and
    SVG become blank space, newlines are kept so line numbers match the file)."""
    def blank(m: re.Match) -> str:
        return re.sub(r"[^\n]", " ", m.group(0))
    text = _TAG_RE.sub(blank, _DROP_RE.sub(blank, html))
    text = "\n".join(htmllib.unescape(line) for line in text.split("\n"))  # &nbsp;, &#8209;, ...
    # Addresses in mailto: links count too, on the line where the link is.
    lines = text.split("\n")
    for i, raw in enumerate(html.split("\n")):
        found = _MAILTO_RE.findall(raw)
        if found:
            lines[i] += " " + " ".join(found)
    return "\n".join(lines)


def scan_site(site_dir: Path, root: Path | None = None) -> list[Problem]:
    """The text of every built HTML page (allow-list from `root`, default the current checkout)."""
    site_dir = Path(site_dir)
    allowed = allowed_numbers(root)
    problems = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        text = html_text(path.read_text(encoding="utf-8", errors="replace"))
        problems += [_problem(f"{site_dir.name}/{rel}", f) for f in scan_text(text, allowed)]
    return problems


def check_allow_list(root: Path) -> list[Problem]:
    """Every allowed number names a source in the bibliography, and that
    source's entry lists the number under `numbers:` (what the source shows)."""
    bib_path = root / "data" / "bibliography.yml"
    try:
        bibliography = (yamlio.load_file(bib_path)[0] or {}) if bib_path.exists() else {}
    except yaml.YAMLError:
        return []  # the bibliography's own check names what is wrong with it
    problems = []
    allow = f"data/{ALLOW_FILE}"
    try:
        if (root / allow).exists():
            yamlio.load_file(root / allow)
    except yaml.YAMLError as exc:
        return [yamlio.problem(exc, allow)]
    for entry, line in _allow_entries(root):
        number, source = str(entry.get("number", "")), entry.get("source")
        if not isinstance(source, str) or source not in bibliography:
            problems.append(Problem(allow, line, "source",
                                    f"the number {number!r} names the source {source!r}, which is not in "
                                    "data/bibliography.yml.",
                                    "a key from data/bibliography.yml",
                                    "Add the source that gives the number, or remove the number."))
            continue
        listed = (bibliography[source] or {}).get("numbers") if isinstance(bibliography[source], dict) else None
        shown = {phone_digits(str(n)) for n in listed} if isinstance(listed, list) else set()
        if phone_digits(number) not in shown:
            problems.append(Problem(allow, line, "source",
                                    f"the number {number!r} names the source {source!r}, but that source's "
                                    "entry in data/bibliography.yml does not list it under numbers:, so "
                                    "nothing shows that the source gives this number.",
                                    "the number in the source entry's numbers: list, as the source writes it",
                                    f"open the source's address, find the number there, and add it to "
                                    f"numbers: [..] of {source} in data/bibliography.yml; if the source does "
                                    "not show it, name a source that does, or remove the number."))
    return problems


def check(site, args) -> list[Problem]:
    """Called by python -m scripts check: the sources, and the built site with --site DIR."""
    problems = scan_sources(site.root)
    site_dir = getattr(args, "site", None)
    if site_dir:
        problems += scan_site(Path(site_dir), site.root)
    return problems
