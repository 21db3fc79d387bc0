"""Finding `{placeholders}` and `@element` references in a prompt.

The rules (shared by composition and the editor's highlighting, so what is coloured is what is
expanded):

* A placeholder is `{name}` where name is letters, digits and underscores (`{time_of_day}`).
  Braces around anything else (`{ a b }`) are ordinary text.
* An element reference is `@` followed by an element's name. Element names are one word (the
  Element model refuses spaces), so there is no quoting syntax: `@Mara`, `@RedCar`. A known name
  is matched case-insensitively, longest first, and must not run on into more letters
  (`@Marah` is not `@Mara`); what follows may be punctuation (`@Mara's`, `@Mara.`). A word after
  `@` that names no element is reported as unknown. An `@` right after a letter or digit (an
  e-mail address such as `me@example.com`) is not a reference.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_WORD_AFTER_AT = re.compile(r"\w[\w-]*")


@dataclass(frozen=True)
class Reference:
    """One `{placeholder}` or `@element` in a text: where it is and what it names. For an
    element, `name` is the element's own spelling when known, else the word as typed."""

    start: int
    end: int
    kind: str  # "placeholder" | "element"
    name: str
    known: bool = True


def find_placeholders(text: str) -> list[Reference]:
    return [Reference(m.start(), m.end(), "placeholder", m.group(1))
            for m in _PLACEHOLDER.finditer(text)]


def placeholder_names(text: str) -> list[str]:
    """Each placeholder name once, in order of first use."""
    seen: list[str] = []
    for ref in find_placeholders(text):
        if ref.name not in seen:
            seen.append(ref.name)
    return seen


def _runs_on(text: str, index: int) -> bool:
    """Whether a name ending just before `index` continues into more of a word."""
    return index < len(text) and (text[index].isalnum() or text[index] in "_-")


def find_element_refs(text: str, element_names: Iterable[str]) -> list[Reference]:
    names = sorted({n for n in element_names if n}, key=len, reverse=True)
    lowered = [(n, n.lower()) for n in names]
    low_text = text.lower()
    refs: list[Reference] = []
    i = text.find("@")
    while i != -1:
        start = i
        if start > 0 and text[start - 1].isalnum():
            i = text.find("@", start + 1)
            continue  # an e-mail address, not a reference
        body = start + 1
        match = next((n for n, low in lowered
                      if low_text.startswith(low, body) and not _runs_on(text, body + len(n))),
                     None)
        if match is not None:
            end = body + len(match)
            refs.append(Reference(start, end, "element", match, True))
        else:
            word = _WORD_AFTER_AT.match(text, body)
            if word is None:
                i = text.find("@", body)
                continue
            typed = word.group(0).rstrip("-")
            end = body + len(typed)
            refs.append(Reference(start, end, "element", typed, False))
        i = text.find("@", end)
    return refs
