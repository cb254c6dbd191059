"""Three-way merge of drafts: two people's edits of one post-mortem, on the plain TOML data.

Works on what `tomllib` reads from a draft (`draft_file.parse_toml`), so git's merge driver and
the wizard's reload of a draft changed on disk merge the same way:

- tables are merged key by key; a value changed on one side takes that side, changed on both
  to different values is a conflict;
- lists (timeline rows, action items, factors, reviewers, bullets...) are merged as a diff3 over
  whole rows: a row edited on one side takes the edit; rows added by both sides at the same
  place are all kept, ours first; a row edited on both sides is merged field by field; a row
  edited on one side and deleted on the other is a conflict;
- the timeline is put back in time order (as the model keeps it) when both sides added to it;
- the document history is the union of both sides' rows, in date order;
- where the wizard was (`wizard`) is ours, whatever theirs says: each author's own.

At a conflict the merged document keeps ours; `MergeResult.conflicts` says where, with a label
the author knows ("Impact › Financial impact amount").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

__all__ = ["Conflict", "MergeResult", "label_of", "merge3"]

Path = tuple[str | int, ...]


class _Missing:
    """A key one side does not have (deleted, or never set)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

# Whose value wins without a conflict: where each author's wizard stands is their own.
_OURS_ALWAYS = frozenset({"wizard", "schema_version"})
_HISTORY = "history"
_TIMELINE = "timeline"
_ACTIONS = "actions"


@dataclass(frozen=True)
class Conflict:
    """One place both sides changed differently."""

    path: Path
    """Where, in the data: `("impact", "financial_amount")`, `("actions", 2, "status")` (a row's
    index is its index in the base, or on the side that added it)."""
    label: str
    """The place as the author knows it: "Impact › Financial impact amount"."""
    base: Any
    ours: Any
    theirs: Any
    """The three values (`MISSING` where a side has none: deleted, or not there yet)."""


@dataclass
class MergeResult:
    """The merged data (ours at each conflict) and the conflicts."""

    merged: dict[str, Any]
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


def _key(value: Any) -> Any:
    """TOML data as a hashable key: equal keys, equal data (`True` and `1` differ)."""
    if isinstance(value, dict):
        return (dict, tuple(sorted((k, _key(item)) for k, item in value.items())))
    if isinstance(value, list):
        return (list, tuple(_key(item) for item in value))
    return (type(value), value)


def _same(a: Any, b: Any) -> bool:
    if a is MISSING or b is MISSING:
        return a is b
    return bool(_key(a) == _key(b))


def merge3(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]) -> MergeResult:
    """Merge `ours` and `theirs`, both edited from `base` (drafts as plain TOML data)."""
    conflicts: list[Conflict] = []
    merged = _copy(_merge_tables((), base, ours, theirs, conflicts))
    rows = merged.get(_TIMELINE)
    if not _same(rows, ours.get(_TIMELINE, MISSING)) and not _same(
        rows, theirs.get(_TIMELINE, MISSING)
    ):
        merged = in_time_order(merged)  # rows from both sides: put back in time order
    return MergeResult(merged=merged, conflicts=conflicts)


def _merge(path: Path, base: Any, ours: Any, theirs: Any, conflicts: list[Conflict]) -> Any:
    if len(path) == 1 and path[0] in _OURS_ALWAYS and ours is not MISSING:
        return ours
    if _same(ours, theirs):
        return ours
    if _same(base, ours):
        return theirs
    if _same(base, theirs):
        return ours
    if isinstance(ours, list) or isinstance(theirs, list):
        # An empty list is left out of a draft: missing is empty.
        base, ours, theirs = (
            [] if value is MISSING else value for value in (base, ours, theirs)
        )
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return _merge_tables(path, base if isinstance(base, dict) else {}, ours, theirs, conflicts)
    if isinstance(ours, list) and isinstance(theirs, list):
        rows = base if isinstance(base, list) else []
        if path == (_HISTORY,):
            return _union_history(rows, ours, theirs)
        return _merge_lists(path, rows, ours, theirs, conflicts)
    conflicts.append(Conflict(path, label_of(path), base, ours, theirs))
    return ours


def _copy(value: Any) -> Any:
    """Tables and lists copied (the merge shares them with its inputs), scalars as they are."""
    if isinstance(value, dict):
        return {k: _copy(item) for k, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _merge_tables(
    path: Path,
    base: dict[str, Any],
    ours: dict[str, Any],
    theirs: dict[str, Any],
    conflicts: list[Conflict],
) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for key in _key_order(ours, theirs):
        value = _merge(
            (*path, key),
            base.get(key, MISSING),
            ours.get(key, MISSING),
            theirs.get(key, MISSING),
            conflicts,
        )
        if value is not MISSING:
            merged[key] = value
    return merged


def _key_order(ours: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    """Ours' keys, with theirs' new keys after the key they follow there: both sides keep the
    model's order, so the merge does too (and the draft writes back the same bytes)."""
    keys = list(ours)
    seen = set(keys)
    previous: str | None = None
    for key in theirs:
        if key not in seen:
            at = 0 if previous is None else keys.index(previous) + 1
            keys.insert(at, key)
            seen.add(key)
        previous = key
    return keys


# --- lists -----------------------------------------------------------------------------------

_KEEP, _EDIT, _DELETE = "keep", "edit", "delete"


@dataclass
class _Side:
    """What one side did to the base list: each base row's fate, and the rows inserted before
    each base row (index `len(base)`: at the end)."""

    fate: list[tuple[str, Any]]
    inserts: dict[int, list[Any]]


def _changes(base: list[Any], side: list[Any]) -> _Side:
    keys_base = [_key(row) for row in base]
    keys_side = [_key(row) for row in side]
    fate: list[tuple[str, Any]] = [(_KEEP, row) for row in base]
    inserts: dict[int, list[Any]] = {}
    matcher = SequenceMatcher(None, keys_base, keys_side, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            # Rows edited in place: the same rows, changed.
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                fate[i] = (_EDIT, side[j])
            continue
        # Rows deleted and added: a base row still much like one of the new ones (in order)
        # was edited, not deleted (a row edited and the one after it deleted, say).
        j = j1
        for i in range(i1, i2):
            match = next((k for k in range(j, j2) if _similar(base[i], side[k])), None)
            if match is None:
                fate[i] = (_DELETE, None)
                continue
            if match > j:
                inserts.setdefault(i, []).extend(side[j:match])
            fate[i] = (_EDIT, side[match])
            j = match + 1
        if j < j2:
            inserts.setdefault(i2, []).extend(side[j:j2])
    return _Side(fate, inserts)


def _similar(a: Any, b: Any) -> bool:
    """Whether `b` reads as an edit of `a`: half the fields of a row alike, or a bullet's text
    mostly the same."""
    if isinstance(a, dict) and isinstance(b, dict):
        keys = a.keys() | b.keys()
        alike = sum(1 for k in keys if _same(a.get(k, MISSING), b.get(k, MISSING)))
        return bool(keys) and alike * 2 >= len(keys)
    if isinstance(a, str) and isinstance(b, str):
        matcher = SequenceMatcher(None, a, b, autojunk=False)
        return matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6 and (
            matcher.ratio() >= 0.6)
    return False


def _merge_lists(
    path: Path, base: list[Any], ours: list[Any], theirs: list[Any], conflicts: list[Conflict]
) -> list[Any]:
    mine, other = _changes(base, ours), _changes(base, theirs)
    merged: list[Any] = []
    from_theirs: list[Any] = []  # rows only theirs added
    for i in range(len(base) + 1):
        added = list(mine.inserts.get(i, ()))
        shared = list(added)  # a row both sides added is kept once
        for row in other.inserts.get(i, ()):
            twin = next((k for k, kept in enumerate(shared) if _same(row, kept)), None)
            if twin is not None:
                del shared[twin]
                continue
            added.append(row)
            from_theirs.append(row)
        merged.extend(added)
        if i == len(base):
            break
        (o_op, o_row), (t_op, t_row) = mine.fate[i], other.fate[i]
        row_path = (*path, i)
        if o_op == _KEEP and t_op == _KEEP:
            merged.append(base[i])
        elif _DELETE in (o_op, t_op) and _EDIT not in (o_op, t_op):
            continue  # deleted (on one side or both)
        elif o_op == _EDIT and t_op == _EDIT:
            merged.append(_merge(row_path, base[i], o_row, t_row, conflicts))
        elif o_op == _EDIT and t_op == _KEEP:
            merged.append(o_row)
        elif t_op == _EDIT and o_op == _KEEP:
            merged.append(t_row)
        else:  # edited on one side, deleted on the other: ours stands
            ours_value = o_row if o_op == _EDIT else MISSING
            theirs_value = t_row if t_op == _EDIT else MISSING
            conflicts.append(
                Conflict(row_path, label_of(row_path), base[i], ours_value, theirs_value)
            )
            if o_op == _EDIT:
                merged.append(o_row)
    if path == (_ACTIONS,):
        _renumber_actions(merged, from_theirs)
    return merged


def _renumber_actions(rows: list[Any], from_theirs: list[Any]) -> None:
    """Action items added on both sides may share an ID: theirs take the next free ones."""
    taken: set[int] = set()
    fresh = {id(row) for row in from_theirs}
    for row in rows:
        if isinstance(row, dict) and id(row) not in fresh and isinstance(row.get("id"), int):
            taken.add(row["id"])
    for index, row in enumerate(rows):
        if id(row) in fresh and isinstance(row, dict) and isinstance(row.get("id"), int):
            if row["id"] in taken:
                new_id = max(taken) + 1
                rows[index] = {**row, "id": new_id}
            taken.add(rows[index]["id"])


def _union_history(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    """Both sides' rows (a row one side deleted stays deleted), in date order."""
    base_keys = {_key(row) for row in base}
    theirs_keys = {_key(row) for row in theirs}
    ours_keys = {_key(row) for row in ours}
    rows = [r for r in ours if _key(r) in theirs_keys or _key(r) not in base_keys]
    rows += [r for r in theirs if _key(r) not in ours_keys and _key(r) not in base_keys]

    def when(indexed: tuple[int, Any]) -> tuple[dt.date, int]:
        index, row = indexed
        day = row.get("date") if isinstance(row, dict) else None
        return (day if isinstance(day, dt.date) else dt.date.min, index)

    # A row without a date stays after the row above it, as in the timeline.
    last = dt.date.min
    keyed: list[tuple[dt.date, int, Any]] = []
    for index, row in enumerate(rows):
        day, _ = when((index, row))
        if day != dt.date.min:
            last = day
        keyed.append((last, index, row))
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [row for _, _, row in keyed]


def _time_of(value: Any) -> dt.time | None:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str):
        from .validators import parse_hhmm

        try:
            return parse_hhmm(value, "Time")
        except ValueError:
            return None
    return None


def in_time_order(data: dict[str, Any]) -> dict[str, Any]:
    """`data` with its timeline in chronological order, as `PostMortem.sorted_timeline` puts it
    (a row without a time stays after the row above it)."""
    rows = data.get(_TIMELINE)
    if not isinstance(rows, list) or not rows:
        return data
    from .timeutil import DAY_MINUTES, offset_from

    header = data.get("header")
    times = [_time_of(row.get("time")) if isinstance(row, dict) else None for row in rows]
    anchor = _time_of(header.get("start_time")) if isinstance(header, dict) else None
    anchor = anchor or next((t for t in times if t is not None), None)
    if anchor is None:
        return data
    keyed: list[tuple[int, int, Any]] = []
    last = -DAY_MINUTES
    for index, (row, t) in enumerate(zip(rows, times, strict=True)):
        if t is not None:
            last = offset_from(anchor, t)
        keyed.append((last, index, row))
    keyed.sort(key=lambda item: (item[0], item[1]))
    return {**data, _TIMELINE: [row for _, _, row in keyed]}


# --- labels ----------------------------------------------------------------------------------


def label_of(path: Path) -> str:
    """A place in a draft as the author knows it: "Impact › Financial impact amount",
    "Action Items › row 3 › Status"."""
    if not path:
        return "The whole document"
    from .sections import SECTION_KEYS, section

    head = path[0]
    parts: list[str] = []
    if isinstance(head, str) and head in SECTION_KEYS:
        parts.append(section(head).title)
    else:
        parts.append(str(head).replace("_", " ").capitalize())
    model: Any = _model_of(head)
    for step in path[1:]:
        if isinstance(step, int):
            parts.append(f"row {step + 1}")
            continue
        title, model = _field_title(model, step)
        parts.append(title)
    return " › ".join(parts)


def _model_of(key: str | int) -> Any:
    from .model import PostMortem

    return _field_title(PostMortem, key)[1] if isinstance(key, str) else None


def _field_title(model: Any, name: str | int) -> tuple[str, Any]:
    """The field's title on `model` (a pydantic class) and the model of its value, if any."""
    text = str(name).replace("_", " ").capitalize()
    fields = getattr(model, "model_fields", None)
    if not isinstance(name, str) or not fields or name not in fields:
        return text, None
    info = fields[name]
    inner: Any = None
    annotation = info.annotation
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if hasattr(candidate, "model_fields"):
            inner = candidate
            break
    return info.title or text, inner
