"""The personal-data guard: no personal identity numbers, coordination numbers,
e-mail addresses or private phone numbers in the content or the built site.

What is scanned: every text file under docs/ and data/ (the sources), and,
when asked (python -m scripts check --site DIR), the text of every built
HTML page. The build hook runs the source scan before anything is built, so a
personal identity number in a page fails the build. Test fixtures
(tests/fixtures/) are never scanned: Skatteverket's published test numbers
belong there and nowhere else.

What counts:
- Personal identity number (personnummer): YYMMDD-NNNC or YYYYMMDD-NNNC, with
  "-", "+" (the year a person turns 100) or no separator; the date must exist
  and the last digit must be the Luhn check digit over the ten digits
  (Skatteverket: "modulus-10-metoden med vikterna 1 och 2").
- Coordination number (samordningsnummer): the same, with 60 added to the day.
- E-mail address: anything@domain.tld, except the reserved example domains
  (example.com/.org/.net, *.example, *.invalid, *.test, localhost).
- Phone number: a Swedish number written from 0 or +46 that is not on the
  allow-list data/allowed-numbers.yml, where every public service number
  names its source in data/bibliography.yml.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import data
from .schema import Problem

SOURCE_DIRS = ("docs", "data")
TEXT_SUFFIXES = {".md", ".yml", ".yaml", ".txt", ".csv", ".json", ".html", ".htm"}
ALLOW_FILE = "allowed-numbers.yml"

# 12 or 10 digits, optionally split before the last four by "-" or "+".
# Not part of a longer number, word or hash.
# (The leading lookaheads only say what the match starts with; they let the
# scan skip most positions quickly.)
ID_RE = re.compile(r"(?=\d{6})(?<![\w+\-])((?:18|19|20)?\d{6})([-+]?)(\d{4})(?![\w\-])")
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?![\w-])")
# A Swedish phone number: 0 or +46, then 6 to 10 more digits in groups split by spaces or hyphens.
PHONE_RE = re.compile(r"(?=[+0])(?<![\w/:.,+\-])(?:\+46[ -]?|0)\d(?:[ -]?\d){5,9}(?![\w/\-]|[.,:]\d)")
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
    digits = re.sub(r"[-+]", "", number)
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


def _allow_entries(root: Path) -> list[tuple[dict, int | None]]:
    """(entry, line) for every number in data/allowed-numbers.yml of `root`."""
    path = root / "data" / ALLOW_FILE
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    loaded = yaml.safe_load(text) or {}
    lines = text.splitlines()
    result = []
    for entry in loaded.get("numbers") or []:
        number = str(entry.get("number", ""))
        line = next((n for n, t in enumerate(lines, 1) if number and f'"{number}"' in t), None)
        result.append((entry, line))
    return result


def allowed_numbers(root: Path | None = None) -> dict[str, dict]:
    """Digits (0-prefixed) -> entry, from data/allowed-numbers.yml."""
    root = Path(root or data.root_dir())
    return {_phone_digits(str(e.get("number", ""))): e for e, _ in _allow_entries(root)}


def _phone_digits(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return "0" + digits[2:] if text.strip().startswith("+46") else digits


def scan_text(text: str, allowed: dict[str, dict] | None = None) -> list[Finding]:
    allowed = allowed_numbers() if allowed is None else allowed
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
    for m in ID_RE.finditer(text):
        kind = identity_kind(m.group(0))
        if kind:
            lineno = line_of(m.start())
            if not skipped(lineno):
                found.append((lineno, 0, m.start(), Finding(kind, m.group(0), lineno)))
                taken.append(m.span())
    for m in EMAIL_RE.finditer(text) if "@" in text else ():
        domain = m.group(0).rsplit("@", 1)[1]
        if not EXAMPLE_DOMAINS.search(domain):
            lineno = line_of(m.start())
            if not skipped(lineno):
                found.append((lineno, 1, m.start(), Finding("e-mail", m.group(0), lineno)))
    for m in PHONE_RE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        if _phone_digits(m.group(0)) not in allowed:
            lineno = line_of(m.start())
            if not skipped(lineno):
                found.append((lineno, 2, m.start(), Finding("phone", m.group(0), lineno)))
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
              "with the key of the source in data/bibliography.yml that gives it."),
}


def _problem(rel: str, f: Finding) -> Problem:
    what, fix = _WHAT[f.kind]
    return Problem(rel, f.line, None, f"contains {what}: {f.text!r}.",
                   "no personal data in the content (editorial guide: safety and personal data)", fix)


def _text_files(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in TEXT_SUFFIXES:
            yield path


def scan_sources(root: Path | None = None) -> list[Problem]:
    """Every text file under docs/ and data/ of `root` (default: the current checkout)."""
    root = Path(root or data.root_dir())
    allowed = allowed_numbers(root)
    problems = []
    for name in SOURCE_DIRS:
        folder = root / name
        if not folder.is_dir():
            continue
        for path in _text_files(folder):
            rel = path.relative_to(root).as_posix()
            if rel == f"data/{ALLOW_FILE}":
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
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
    text = text.replace("&nbsp;", " ").replace("&#43;", "+").replace("&#45;", "-")
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
    """Every allowed number names a source that exists in the bibliography."""
    bib_path = root / "data" / "bibliography.yml"
    bibliography = (yaml.safe_load(bib_path.read_text(encoding="utf-8")) or {}) if bib_path.exists() else {}
    problems = []
    for entry, line in _allow_entries(root):
        number, source = str(entry.get("number", "")), entry.get("source")
        if source not in bibliography:
            problems.append(Problem(f"data/{ALLOW_FILE}", line, "source",
                                    f"the number {number!r} names the source {source!r}, which is not in "
                                    "data/bibliography.yml.",
                                    "a key from data/bibliography.yml",
                                    "Add the source that gives the number, or remove the number."))
    return problems


def check(site, args) -> list[Problem]:
    """Called by python -m scripts check: the sources, and the built site with --site DIR."""
    problems = scan_sources(site.root)
    site_dir = getattr(args, "site", None)
    if site_dir:
        problems += scan_site(Path(site_dir), site.root)
    return problems
