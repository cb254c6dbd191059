"""A reviewer's edited export merged back into its draft, field by field.

The draft's own export, read back, is the baseline: a field of the edited file that reads as
the baseline does was not edited, and the draft keeps its value exactly as typed (with what
the export does not show: control characters, blank items, the timeline's order and
milestones, the wizard's place). A field that reads differently takes the file's value; rows
and items are matched in order (`difflib`), so an added or removed row is one change, not a
shift of every row after it.

The status is not merged: it changes through the review workflow (`postmortem status`), which
checks what each step needs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import Enum
from typing import Any

from .. import markdown as md
from ..model import PostMortem
from ..record import Record
from ..text import cut, one_line

__all__ = ["Change", "merge"]

# Fields the merge leaves as the draft has them: the status (the review workflow's), a
# timeline row's milestone (read back from the wording, the draft knows it for sure), and
# what the export never shows.
_KEPT = frozenset({"status", "milestone", "wizard", "schema_version"})
SHOWN_WIDTH = 60
# Rows an edited file cannot remove: the document history the tool keeps up (a file exported
# before the tool added a row lacks it).
_APPEND_ONLY = frozenset({"Document history"})


@dataclass(frozen=True)
class Change:
    """One field, row or item the file changes: where, and the old and new values shown."""

    where: str
    old: str
    new: str

    def describe(self) -> str:
        return f"{self.where}: {self.old} → {self.new}"


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()[:5] if isinstance(value, dt.time) else value.isoformat()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Record):
        parts = [_shown(v) for k, v in value if k not in _KEPT and v not in (None, "", [])]
        return cut(" | ".join(parts), SHOWN_WIDTH) if parts else "(empty)"
    return repr(cut(one_line(str(value)), SHOWN_WIDTH))


def _visible(item: Any) -> bool:
    """Whether the export shows a list item at all: it leaves out bullets, Whys, factors and
    links with no text (table rows it always shows)."""
    from ..model import ContributingFactor, Link, Why

    def has_text(*texts: str) -> bool:
        return any(md.text_lines(t) for t in texts)

    if isinstance(item, str):
        return has_text(item)
    if isinstance(item, Why):
        return has_text(item.question, item.because)
    if isinstance(item, ContributingFactor):
        return has_text(item.title, item.description, item.contribution)
    if isinstance(item, Link):
        return has_text(item.label, item.target)
    return True


class _Merger:
    def __init__(self) -> None:
        self.changes: list[Change] = []

    def value(self, where: str, draft: Any, base: Any, edited: Any) -> Any:
        if isinstance(draft, Record):
            return self.model(where, draft, base, edited)
        if isinstance(draft, list):
            return self.items(where, draft, base, edited)
        if base == edited:
            return draft
        self.changes.append(Change(where, _shown(draft), _shown(edited)))
        return edited

    def model(self, where: str, draft: Record, base: Record, edited: Record) -> Any:
        values = {}
        for name, info in type(draft).model_fields.items():
            old = getattr(draft, name)
            if name in _KEPT:
                values[name] = old
                continue
            label = info.title or name.replace("_", " ").capitalize()
            values[name] = self.value(f"{where} > {label}" if where else label, old,
                                      getattr(base, name), getattr(edited, name))
        return type(draft).model_validate(values)

    def items(self, where: str, draft: list[Any], base: list[Any], edited: list[Any]) -> Any:
        if base == edited:
            return draft
        shown = [item for item in draft if _visible(item)]
        base = [item for item in base if _visible(item)]
        edited = [item for item in edited if _visible(item)]
        kind = "row" if any(isinstance(i, Record) for i in (*base, *edited)) else "item"
        if len(shown) != len(base):  # should not happen: then the file's list as it is
            self.changes.append(Change(where, f"{len(draft)} items", f"{len(edited)} items"))
            return list(edited)
        out: list[Any] = []
        matcher = SequenceMatcher(None, _keys(base), _keys(edited), autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                out += shown[i1:i2]
            elif op == "replace" and i2 - i1 == j2 - j1:
                for k in range(i2 - i1):
                    out.append(self.value(f"{where}, {kind} {j1 + k + 1}", shown[i1 + k],
                                          base[i1 + k], edited[j1 + k]))
            elif op == "delete" and where in _APPEND_ONLY:
                out += shown[i1:i2]  # a row the tool added since that export
            else:
                for k in range(i1, i2):
                    self.changes.append(Change(f"{where}, {kind} {k + 1}", _shown(shown[k]),
                                               "(removed)"))
                for k in range(j1, j2):
                    self.changes.append(Change(f"{where}, {kind} {k + 1}", "(added)",
                                               _shown(edited[k])))
                out += edited[j1:j2]
        return out


def _keys(items: Sequence[Any]) -> list[str]:
    return [item.model_dump_json() if isinstance(item, Record) else repr(item)
            for item in items]


def merge(
    draft: PostMortem, edited: PostMortem,
    read_back: Callable[[PostMortem], PostMortem] | None = None,
) -> tuple[PostMortem, list[Change]]:
    """The draft with the fields `edited` changes, and the changes; the draft untouched.

    `read_back`: the draft as its export reads back (default: export, then import)."""
    if read_back is None:
        from ..export import to_markdown
        from .document import import_markdown

        def read_back(doc: PostMortem) -> PostMortem:
            return import_markdown(to_markdown(doc)).doc

    base = read_back(draft)
    merger = _Merger()
    timeline = draft.sorted_timeline()  # as the export lists the rows
    start = draft.model_copy(update={"timeline": timeline})
    merged = merger.model("", start, base, edited)
    if merged.timeline == timeline and not any(c.where.startswith("Timeline") for c in
                                               merger.changes):
        merged.timeline = list(draft.timeline)  # unchanged: the draft's own order
    whys = merged.root_cause.whys
    if len(whys) < len(draft.root_cause.whys):  # the empty Whys a new draft starts with
        merged.root_cause.whys = whys + [type(w)() for w in draft.root_cause.whys[len(whys) :]]
    return PostMortem.model_validate(merged.model_dump()), merger.changes
