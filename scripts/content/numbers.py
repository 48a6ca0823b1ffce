"""Numbers as pages write them, shared by the model and the privacy check:
look-alike characters folded to ASCII, and the allow-list of public service
numbers (data/allowed-numbers.yml), which the citation check reads too (a
service number on the list needs no citation of its own)."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from . import data, yamlio

ALLOW_FILE = "allowed-numbers.yml"

# Look-alikes folded before matching, one character for one (so positions and
# line numbers stay those of the file): dashes, spaces, fullwidth @, + and digits.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_FOLD = str.maketrans({**{c: "-" for c in _DASHES}, **{c: " " for c in _SPACES},
                       "\uff20": "@", "\ufe6b": "@", "\uff0b": "+",
                       **{chr(0xFF10 + i): str(i) for i in range(10)}})


def normalise(text: str) -> str:
    """`text` with typographic dashes and spaces, fullwidth @, + and digits as
    plain ASCII; the same length, so every position is the same."""
    return text.translate(_FOLD)


def _allow_entries(root: Path) -> list[tuple[dict, int | None]]:
    """(entry, line) for every number in data/allowed-numbers.yml of `root`
    (a file that cannot be read allows nothing; the allow-list check says why)."""
    path = root / "data" / ALLOW_FILE
    if not path.exists():
        return []
    try:
        node, loaded = yamlio.load_node(yamlio.read_text(path))
    except yaml.YAMLError:
        return []
    numbers = loaded.get("numbers") if isinstance(loaded, dict) else None
    if not isinstance(numbers, list):
        return []
    seq = next((v for k, v in node.value if k.value == "numbers"), None)
    lines = [n.start_mark.line + 1 for n in seq.value] if isinstance(seq, yaml.SequenceNode) else []
    return [(entry if isinstance(entry, dict) else {}, lines[i] if i < len(lines) else None)
            for i, entry in enumerate(numbers)]


def allowed_numbers(root: Path | None = None) -> dict[str, dict]:
    """Digits (0-prefixed) -> entry, from data/allowed-numbers.yml."""
    root = Path(root or data.root_dir())
    return {phone_digits(str(e.get("number", ""))): e for e, _ in _allow_entries(root)}


def phone_digits(text: str) -> str:
    """The digits of a Swedish number as dialled at home: +46 / 0046 and (0) become 0."""
    text = normalise(text).strip().replace("(0)", "")
    digits = re.sub(r"\D", "", text)
    if text.startswith("+46"):
        return "0" + digits[2:]
    if text.startswith("00") and digits.startswith("0046"):
        return "0" + digits[4:]
    return digits
