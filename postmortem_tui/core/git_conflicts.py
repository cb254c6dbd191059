"""Drafts that two people changed: git's merge driver for them, the other side kept beside a
conflicted draft (`INC-….theirs.toml`), and the author's choice (`resolve`).

A draft deleted on one side and changed on the other (which git stops on before any driver)
is settled the same way: the local state kept (deleted, the other version beside it; or kept,
the deletion recorded), until `resolve` says which side wins.

A conflict never leaves markers in a draft: the driver writes the merged document with the
local author's values where both sides differ, and exits 1 so git stops; `sync` puts the other
version beside the draft and finishes the rebase. In a rebase git's "ours" is the upstream and
"theirs" the local commit: `sync` says so in `MINE_ENV`, so "mine" is always the local author's.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import DraftError
from .git_repo import GitRepo
from .git_setup import MERGE_STATE_DIR, SIDE_SUFFIX

MINE_ENV = "POSTMORTEM_MERGE_MINE"
"""`theirs` while `sync` rebases: the local author's version is git's "theirs" (`%B`)."""

_WHOLE = "The whole document"

FIELDS = "fields"
"""Both sides changed the same fields (the draft has the local values)."""
DELETED_HERE = "deleted here"
"""Deleted here, changed on the remote: no draft, the remote's version beside where it was."""
DELETED_THERE = "deleted there"
"""Changed here, deleted on the remote: the draft as changed here, nothing beside it."""


@dataclass(frozen=True)
class Difference:
    """A field both sides changed: its label and the two values, short."""

    label: str
    mine: str
    theirs: str


@dataclass(frozen=True)
class DraftConflict:
    """A draft whose merge kept the local author's values where the other side differs."""

    incident: str
    path: Path
    side: Path
    differences: tuple[Difference, ...]
    kind: str = FIELDS
    """`FIELDS`, `DELETED_HERE` or `DELETED_THERE`."""


def side_path(draft: Path) -> Path:
    return draft.with_name(f"{draft.stem}{SIDE_SUFFIX}")


def _state_dir(repo: GitRepo) -> Path:
    return repo.git_dir() / MERGE_STATE_DIR


def _shown(value: Any) -> str:
    from .draft_merge import MISSING

    if value is MISSING:
        return "(deleted)"
    if isinstance(value, dict | list):
        return "(a row)" if isinstance(value, dict) else f"({len(value)} rows)"
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:59] + "…"


# --- the driver --------------------------------------------------------------------------------


def run_driver(base: Path, current: Path, other: Path, name: str, *, export: bool = False) -> int:
    """git's merge driver: merge the drafts `%O %A %B` into `%A` (`%P` is `name`); 0 when clean,
    1 when both sides changed a field differently (the local author's value kept).

    For a Markdown export (`export`), the local author's file is kept: `sync` writes the export
    again from the merged draft."""
    swapped = _mine_is_theirs()
    if export:
        if swapped:
            current.write_bytes(other.read_bytes())
        return 0
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in (base, current, other)]
    base_text, mine_text, other_text = (
        (texts[0], texts[2], texts[1]) if swapped else (texts[0], texts[1], texts[2])
    )
    from .draft_file import from_data, parse_toml
    from .draft_merge import merge3
    from .toml_writer import render, snapshot

    try:
        base_data = parse_toml(base_text, f"{name} (base)") if base_text.strip() else {}
        mine_data = parse_toml(mine_text, f"{name} (yours)")
        other_data = parse_toml(other_text, f"{name} (theirs)")
    except DraftError as exc:
        return _stop(current, mine_text, name, base_text, other_text,
                     [Difference(_WHOLE, "", f"cannot be merged: {exc}")])
    result = merge3(base_data, mine_data, other_data)
    try:
        text = render(snapshot(from_data(result.merged, name)))
    except DraftError as exc:
        return _stop(current, mine_text, name, base_text, other_text,
                     [Difference(_WHOLE, "", f"the merge does not make a valid draft: {exc}")])
    if result.clean:
        current.write_text(text, encoding="utf-8")
        return 0
    differences = [Difference(c.label, _shown(c.ours), _shown(c.theirs)) for c in result.conflicts]
    return _stop(current, text, name, base_text, other_text, differences)


def _mine_is_theirs() -> bool:
    """Whether the local author's version is git's "theirs" (`%B`): in a rebase, which `sync`
    says in `MINE_ENV` and a rebase run by hand shows in the git folder."""
    said = os.environ.get(MINE_ENV)
    if said:
        return said == "theirs"
    git_dir = GitRepo(Path.cwd()).git_dir()
    return (git_dir / "rebase-merge").exists() or (git_dir / "rebase-apply").exists()


def _stop(
    current: Path, text: str, name: str, base_text: str, other_text: str,
    differences: list[Difference],
) -> int:
    """Write `text` (the local author's values kept) where git takes the result, and leave the
    base and the other side for `sync`; 1, so git stops on this draft."""
    current.write_text(text, encoding="utf-8")
    state = _state_dir(GitRepo(Path.cwd()))
    state.mkdir(parents=True, exist_ok=True)
    stem = Path(name).stem
    (state / f"{stem}.base.toml").write_text(base_text, encoding="utf-8")
    (state / f"{stem}.other.toml").write_text(other_text, encoding="utf-8")
    _record(state / f"{stem}.json", FIELDS, differences)
    return 1


# --- after the driver stopped git ------------------------------------------------------------


def keep_other_sides(
    repo: GitRepo, paths: list[str], *, rebasing: bool = True
) -> list[DraftConflict] | None:
    """Settle the files git stopped on, the local state kept each time: a draft the driver
    merged gets the other side beside it (`INC-….theirs.toml`); a draft deleted on one side and
    changed on the other keeps the local state (`keep_local_state`); an export follows its
    draft. All marked resolved; None, with nothing changed, if one of `paths` is anything else.
    `rebasing`: git's "theirs" is the local side (a rebase), not its "ours" (a merge)."""
    state = _state_dir(repo)
    stages = repo.unmerged_stages()
    merged: list[str] = []
    one_sided: list[str] = []
    for path in paths:
        have = stages.get(path, set())
        if "/" in path or not path.startswith("INC-"):
            return None
        if have == {1, 2, 3} and (state / f"{Path(path).stem}.other.toml").is_file():
            merged.append(path)
        elif 1 in have and len(have) == 2 and path.endswith((".toml", ".md")):
            one_sided.append(path)
        else:
            return None
    from .atomic import write_atomic

    conflicts = []
    for path in merged:
        draft = repo.folder / path
        other = state / f"{draft.stem}.other.toml"
        write_atomic(side_path(draft), other.read_text(encoding="utf-8"))
        other.unlink()
        repo.run("add", "--", path)
        conflicts.append(_conflict(repo, draft))
    mine, theirs = (3, 2) if rebasing else (2, 3)
    for path in one_sided:
        found = keep_local_state(repo, path, mine if mine in stages[path] else None, theirs)
        if found is not None:
            conflicts.append(found)
    return conflicts


def keep_local_state(
    repo: GitRepo, path: str, mine: int | None, theirs: int
) -> DraftConflict | None:
    """A file deleted on one side and changed on the other, at the local state: deleted
    (`mine` None; a draft's other version beside it) or as changed here. A draft's conflict
    is recorded for `resolve`; an export (None) follows its draft when sync writes it again."""
    from .atomic import write_atomic

    draft = repo.folder / path
    base = repo.show(":1", path) or ""
    if mine is None:
        other = repo.show(f":{theirs}", path) or ""
        repo.run("rm", "--quiet", "--force", "--", path)
    else:
        other = ""
        write_atomic(draft, repo.show(f":{mine}", path) or "")
        repo.run("add", "--", path)
    if not path.endswith(".toml"):
        return None
    if mine is None:
        write_atomic(side_path(draft), other)
        kind, changed = DELETED_HERE, _changes(base, other, path)
    else:
        kind = DELETED_THERE
        changed = [Difference(d.label, d.theirs, "")
                   for d in _changes(base, draft.read_text(encoding="utf-8"), path)]
    state = _state_dir(repo)
    state.mkdir(parents=True, exist_ok=True)
    (state / f"{draft.stem}.base.toml").write_text(base, encoding="utf-8")
    _record(state / f"{draft.stem}.json", kind, changed)
    return _conflict(repo, draft)


def _changes(base_text: str, text: str, name: str) -> list[Difference]:
    """The fields `text` changed from `base_text` (one a section, or a list as a whole), with
    their new values: what the side that kept the draft did to it."""
    from .draft_file import parse_toml
    from .draft_merge import MISSING, label_of

    try:
        base, new = parse_toml(base_text, name), parse_toml(text, name)
    except DraftError as exc:
        return [Difference(_WHOLE, "", f"cannot be read: {exc}")]
    found: list[Difference] = []
    for key in [*new, *(k for k in base if k not in new)]:
        if key in ("wizard", "schema_version") or base.get(key) == new.get(key):
            continue
        old_value, value = base.get(key, MISSING), new.get(key, MISSING)
        if isinstance(old_value, dict) and isinstance(value, dict):
            for sub in value.keys() | old_value.keys():
                if old_value.get(sub, MISSING) != value.get(sub, MISSING):
                    found.append(Difference(label_of((key, sub)), "",
                                            _shown(value.get(sub, MISSING))))
        else:
            found.append(Difference(label_of((key,)), "", _shown(value)))
    return found


def _record(path: Path, kind: str, differences: list[Difference]) -> None:
    path.write_text(
        json.dumps({"kind": kind, "differences": [d.__dict__ for d in differences]},
                   ensure_ascii=False),
        encoding="utf-8",
    )


def _read_record(record: Path) -> tuple[str, tuple[Difference, ...]]:
    """What `_record` wrote: the conflict's kind and its differences (`FIELDS` and none for a
    record missing or spoilt)."""
    try:
        said = json.loads(record.read_text(encoding="utf-8"))
        return (str(said.get("kind", FIELDS)),
                tuple(Difference(**row) for row in said.get("differences", [])))
    except (OSError, ValueError, TypeError, AttributeError):
        return FIELDS, ()


def _conflict(repo: GitRepo, draft: Path) -> DraftConflict:
    kind, differences = _read_record(_state_dir(repo) / f"{draft.stem}.json")
    if kind == DELETED_THERE and side_path(draft).is_file():
        kind = FIELDS  # a later field conflict of the same draft, its side beside it
    return DraftConflict(draft.stem, draft, side_path(draft), differences, kind)


def pending(repo: GitRepo) -> list[DraftConflict]:
    """The drafts waiting for `resolve`: the other side beside them, or deleted on the remote."""
    sides = sorted(repo.folder.glob(f"INC-*{SIDE_SUFFIX}"))
    drafts = {s.with_name(s.name.removesuffix(SIDE_SUFFIX) + ".toml") for s in sides}
    state = _state_dir(repo)
    if state.is_dir():
        for record in state.glob("INC-*.json"):
            draft = repo.folder / f"{record.stem}.toml"
            if draft not in drafts and draft.is_file() and _read_record(record)[0] == DELETED_THERE:
                drafts.add(draft)
    return [_conflict(repo, d) for d in sorted(drafts)]


def forget(repo: GitRepo, draft: Path) -> None:
    state = _state_dir(repo)
    for suffix in (".base.toml", ".other.toml", ".json"):
        (state / f"{draft.stem}{suffix}").unlink(missing_ok=True)
    side_path(draft).unlink(missing_ok=True)


# --- the author's choice ---------------------------------------------------------------------


def resolve(repo: GitRepo, draft: Path, take: str) -> DraftConflict:
    """Settle a conflicted draft and commit: `take` "mine" keeps the draft as it is (the local
    values at the conflicting fields, the rest merged, and whatever the author changed since;
    or deleted, or kept, when one side deleted it); "theirs" gives the conflicting fields the
    other side's values (or restores the remote's version, or deletes it as the remote did)."""
    from .locking import DraftLock

    conflict = _conflict(repo, draft)
    side = side_path(draft)
    if conflict.kind != DELETED_THERE and not side.is_file():
        raise DraftError(f"{draft.stem} has no conflict to resolve (no {side.name} beside it)")
    lock = DraftLock(draft)
    lock.acquire()
    try:
        if conflict.kind == FIELDS:
            what = _settle_fields(repo, draft, take, conflict)
        elif conflict.kind == DELETED_HERE:
            what = _settle_deleted_here(repo, draft, take)
        else:
            what = _settle_deleted_there(repo, draft, take)
        forget(repo, draft)
    finally:
        lock.release()
    # Empty with --mine (the draft as committed): the decision is recorded all the same.
    known = draft.exists() or repo.show("HEAD", draft.name) is not None
    repo.run("commit", "--quiet", "--allow-empty", "--only", "-m",
             f"Resolve {draft.stem}: {what}", *(("--", draft.name) if known else ()))
    return conflict


def _settle_fields(repo: GitRepo, draft: Path, take: str, conflict: DraftConflict) -> str:
    from .draft_file import parse_toml
    from .draft_merge import merge3
    from .store import DraftStore

    store = DraftStore(repo.folder)
    side = side_path(draft)
    doc = store.load(draft)  # the draft as it is now must be readable, whichever is taken
    if take == "theirs":
        from .draft_file import from_data, read_draft_data
        from .toml_writer import snapshot

        theirs = read_draft_data(side)
        base_file = _state_dir(repo) / f"{draft.stem}.base.toml"
        base_text = base_file.read_text(encoding="utf-8") if base_file.is_file() else ""
        # Without the base (removed by hand), theirs is taken whole.
        base = parse_toml(base_text, str(base_file)) if base_text.strip() else None
        mine = _plain(snapshot(doc))
        merged = theirs if base is None else merge3(base, theirs, mine).merged
        merged["wizard"] = mine.get("wizard", {})  # where this author was in the wizard
        doc = from_data(merged, str(side))
        store.save(doc, draft)
    repo.run("add", "--", draft.name)
    labels = ", ".join(d.label for d in conflict.differences) or "the differing fields"
    return f"take {take} at {labels}"


def _settle_deleted_here(repo: GitRepo, draft: Path, take: str) -> str:
    if take == "mine":
        return "keep it deleted (it was changed on the remote)"
    from .store import DraftStore

    store = DraftStore(repo.folder)
    store.save(store.load(side_path(draft)), draft)  # readable, and private as drafts are
    repo.run("add", "--", draft.name)
    return "restore it as changed on the remote (it was deleted here)"


def _settle_deleted_there(repo: GitRepo, draft: Path, take: str) -> str:
    if not draft.is_file():
        raise DraftError(f"{draft.stem} has no conflict to resolve (no {draft.name})")
    if take == "mine":
        return "keep it as changed here (it was deleted on the remote)"
    repo.run("rm", "--quiet", "--force", "--ignore-unmatch", "--", draft.name)
    draft.unlink(missing_ok=True)
    return "delete it, as on the remote (it was changed here)"


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    """A snapshot as `tomllib` reads its text back (dates stay dates, times become text)."""
    import tomllib

    from .toml_writer import render

    return tomllib.loads(render(data))
