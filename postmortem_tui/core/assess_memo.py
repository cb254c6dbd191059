"""The completeness pass again after an edit, re-running only what read what changed.

`Assessor.assess(doc)` equals `completeness.assess(doc)` for any document, but keeps, from its
last passes, each section check's and each review rule's result with exactly what it read:
an edit of the title re-runs the header's check alone, an edit of a timeline cell the checks
and rules that read the timeline.

Never stale, by construction:
- The checks and rules run on a *snapshot* of the document (each part copied when it changed,
  its leaf values shared: they are immutable), never on the live one, which the UI thread may
  be editing meanwhile. A result is a pure function of the snapshot, the day and the review
  settings.
- What a check or rule read is recorded as it runs, through a reader standing for the
  document (`_DocReader`): the parts it touched (`doc.timeline`) and, of a part that is one
  model, the fields (`doc.header.start_time`). Methods and properties of the model run on the
  reader, so what they read is recorded too; anything else counts as reading the whole part
  (or the whole document).
- A result is reused only when every value it read is equal to the current snapshot's, with
  the same day and settings; else it runs again. Values are compared through fingerprints:
  a part's leaf values as nested tuples, so equal fingerprints mean equal content.
"""

from __future__ import annotations

import dataclasses
import threading
import types
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from . import timeutil
from .completeness import section_report
from .findings import Checks, Finding, SectionReport
from .record import Record
from .review.config import active
from .review.registry import RULES
from .review.rules import Context, Rule
from .sections import SECTIONS

if TYPE_CHECKING:
    from .model import PostMortem
    from .review.config import ReviewConfig
    from .sections.declaration import Section

_WHOLE = "*"
"""A read of a whole part (not one of its fields)."""
_ALL = "**"
"""A read the reader cannot follow: the whole document."""

Cell = tuple[str, str]
"""(part, field), or (part, _WHOLE), or (_ALL, _ALL)."""


# --- fingerprints and snapshots -------------------------------------------------------------

_flat: dict[type, bool] = {}


def _is_flat(cls: type[Record]) -> bool:
    """Whether every field of `cls` holds a leaf value (no list, no model)."""
    flat = _flat.get(cls)
    if flat is None:
        import typing

        def leaf(t: Any) -> bool:
            if isinstance(t, type):
                return not issubclass(t, (Record, list, dict, set, tuple))
            origin = typing.get_origin(t)
            if origin is None:
                return False
            if origin in (typing.Union, types.UnionType):
                return all(leaf(a) for a in typing.get_args(t))
            if origin is typing.Annotated:
                return leaf(typing.get_args(t)[0])
            return False

        flat = all(leaf(f.annotation) for f in cls.model_fields.values())
        _flat[cls] = flat
    return flat


def fingerprint(value: Any) -> Any:
    """`value`'s content as nested tuples of its leaf values (str, numbers, dates, enums)."""
    if isinstance(value, Record):
        cls = type(value)
        if _is_flat(cls):
            return (cls, *value.__dict__.values())
        return (cls, *map(fingerprint, value.__dict__.values()))
    if type(value) is list:
        if all(_flat.get(cls) for cls in set(map(type, value))):  # rows of flat models
            return tuple([(type(row), *row.__dict__.values()) for row in value])
        return tuple(map(fingerprint, value))
    if isinstance(value, (list, dict, set, tuple)):  # never in the model: never equal
        return ("?", object())
    return value


_set = object.__setattr__


def _copy(value: Any) -> Any:
    """A copy of a part that nothing else will change: models and lists copied, leaves shared."""
    if isinstance(value, Record):
        cls = type(value)
        m = value.__copy__()
        if not _is_flat(cls):
            d = m.__dict__
            for k, v in d.items():
                d[k] = _copy(v)
        return m
    if type(value) is list:
        return [_copy(v) for v in value]
    return value


def _refreshed(live: Any, live_fp: Any, known: _Part | None) -> tuple[Any, Any]:
    """A snapshot of `live` and its fingerprint, reusing the known snapshot's rows that are
    unchanged (an edit of one timeline cell copies that row alone)."""
    if (
        known is not None
        and type(live) is list
        and type(known.snapshot) is list
        and len(live) == len(live_fp)  # else it changed while read: copied whole
    ):
        rows: list[Any] = []
        fps: list[Any] = []
        old_rows, old_fps = known.snapshot, known.fp
        for i, (item, fp) in enumerate(zip(live, live_fp, strict=False)):
            if i < len(old_fps) and (old_fps[i] is fp or old_fps[i] == fp):
                rows.append(old_rows[i])  # its content is `fp`, as read just now
                fps.append(old_fps[i])
            else:
                row = _copy(item)
                rows.append(row)
                fps.append(fingerprint(row))
        return rows, tuple(fps)
    snap = _copy(live)
    return snap, fingerprint(snap)


# --- the reader that records what a check reads ---------------------------------------------


class _PartReader:
    """Stands for a part that is one model (`doc.header`): records the fields read."""

    __slots__ = ("_name", "_part", "_reads")

    def __init__(self, part: Record, name: str, reads: set[Cell]) -> None:
        object.__setattr__(self, "_part", part)
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_reads", reads)

    def __getattr__(self, attr: str) -> Any:
        part = self._part
        if attr in type(part).model_fields:
            self._reads.add((self._name, attr))
            return getattr(part, attr)
        return _bound(type(part), attr, self, lambda: self._whole(attr))

    def _whole(self, attr: str) -> Any:
        self._reads.add((self._name, _WHOLE))
        return getattr(self._part, attr)

    def __setattr__(self, attr: str, value: object) -> None:
        raise TypeError("a check never edits the document")


class _DocReader:
    """Stands for the document under review: records the parts and fields read."""

    __slots__ = ("_doc", "_reads")

    def __init__(self, doc: PostMortem, reads: set[Cell]) -> None:
        object.__setattr__(self, "_doc", doc)
        object.__setattr__(self, "_reads", reads)

    def __getattr__(self, attr: str) -> Any:
        doc = self._doc
        if attr in type(doc).model_fields:
            value = getattr(doc, attr)
            if isinstance(value, Record):
                return _PartReader(value, attr, self._reads)
            self._reads.add((attr, _WHOLE))
            return value
        return _bound(type(doc), attr, self, lambda: self._everything(attr))

    def _everything(self, attr: str) -> Any:
        self._reads.add((_ALL, _ALL))
        return getattr(self._doc, attr)

    def __setattr__(self, attr: str, value: object) -> None:
        raise TypeError("a check never edits the document")


def _bound(cls: type, attr: str, reader: object, otherwise: Callable[[], Any]) -> Any:
    """A method or property of the model run on the reader (so its reads are recorded)."""
    # Only the model's own (the record's methods read `__dict__` and more: they get the model).
    owner = next((k for k in cls.__mro__ if attr in vars(k)), None)
    if owner is None or owner is Record or owner is object:
        return otherwise()
    found = vars(owner)[attr]
    if isinstance(found, types.FunctionType):
        return types.MethodType(found, reader)
    if isinstance(found, property) and found.fget is not None:
        return found.fget(reader)
    return otherwise()


# --- the memo -------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Entry:
    """A check's or rule's result, with what it was worked out from."""

    day: date
    config: ReviewConfig
    reads: tuple[tuple[Cell, Any], ...]  # each cell read, with its fingerprint then
    result: Any


@dataclasses.dataclass(frozen=True)
class _Part:
    """A part of the snapshot (`timeline`), with its fingerprint."""

    fp: Any
    snapshot: Any
    fields: dict[str, Any]  # field -> its fingerprint, for a part that is one model


class Assessor:
    """`completeness.assess` for one document edited over time (the wizard's): see the module.

    One pass at a time (a second thread waits, then finds the first's results)."""

    def __init__(self) -> None:
        self._parts: dict[str, _Part] = {}
        self._doc: PostMortem | None = None  # the snapshot of `_parts`
        self._memo: dict[str, _Entry] = {}
        self._lock = threading.Lock()
        self.ran: list[str] = []
        """What the last pass ran again (`section:<key>`, `rule:<name>`): tests, measuring."""

    def assess(self, doc: PostMortem, today: date | None = None) -> list[SectionReport]:
        """One report per section, in the template's order: `completeness.assess(doc, today)`."""
        day = today or timeutil.today_cot()
        config = active()
        with self._lock:
            self.ran = []
            snap, parts = self._snapshot(doc)
            reviewed: dict[str, list[Finding]] = {}
            for r in RULES:
                found = self._run("rule:" + r.name, day, config, parts, snap, _rule(r, day, config))
                for finding in found:
                    reviewed.setdefault(finding.section, []).append(finding)
            out: list[SectionReport] = []
            for sec in SECTIONS:
                has, own, met, total = self._run(
                    "section:" + sec.key, day, config, parts, snap, _check(sec, day)
                )
                found = tuple(reviewed.get(sec.key, ()))
                out.append(section_report(sec, has, own, met, total, found).report)
            return out

    def _snapshot(self, doc: PostMortem) -> tuple[PostMortem, dict[str, _Part]]:
        """A copy of `doc` that nothing changes, each part that did not change since the last
        pass the same object as then (and its fingerprint too)."""
        parts: dict[str, _Part] = {}
        changed = self._doc is None
        for name in type(doc).model_fields:
            live = getattr(doc, name)
            fp = fingerprint(live)
            known = self._parts.get(name)
            if known is not None and (known.fp is fp or known.fp == fp):
                parts[name] = known
                continue
            changed = True
            snap, snap_fp = _refreshed(live, fp, known)
            fields = (
                {k: fingerprint(v) for k, v in snap.__dict__.items()}
                if isinstance(snap, Record)
                else {}
            )
            parts[name] = _Part(snap_fp, snap, fields)
        if changed or self._doc is None:
            self._doc = type(doc).model_construct(**{k: p.snapshot for k, p in parts.items()})
            self._parts = parts
        return self._doc, self._parts

    def _run(self, key: str, day: date, config: ReviewConfig, parts: dict[str, _Part],
             doc: PostMortem, run: Callable[[PostMortem], Any]) -> Any:
        """`run(doc)`, or its result from an earlier pass if all it read then is the same."""
        entry = self._memo.get(key)
        if entry is not None and _valid(entry, day, config, parts):
            return entry.result
        reads: set[Cell] = set()
        result = run(cast("PostMortem", _DocReader(doc, reads)))
        self._memo[key] = _Entry(day, config, tuple((c, _value(c, parts)) for c in reads), result)
        self.ran.append(key)
        return result


def _rule(r: Rule, day: date, config: ReviewConfig) -> Callable[[PostMortem], Any]:
    # A Context of its own: what one rule's Context works out once (`people`) is read
    # through the reader of the rule that reads it.
    return lambda d: tuple(r.findings(Context(d, day, config)))


def _check(sec: Section, day: date) -> Callable[[PostMortem], Any]:
    def check(d: PostMortem) -> tuple[bool, tuple[Finding, ...], int, int]:
        checks = Checks(sec.key)
        has = sec.check(d, day, checks)
        return has, tuple(checks.findings), checks.met, checks.total

    return check


def _value(cell: Cell, parts: dict[str, _Part]) -> Any:
    part, attr = cell
    if part == _ALL:
        return tuple(p.fp for p in parts.values())
    if attr == _WHOLE:
        return parts[part].fp
    return parts[part].fields[attr]


def _valid(entry: _Entry, day: date, config: ReviewConfig, parts: dict[str, _Part]) -> bool:
    if entry.day != day or (entry.config is not config and entry.config != config):
        return False
    for cell, then in entry.reads:
        now = _value(cell, parts)
        if now is not then and now != then:
            return False
    return True
