"""Drafts that two people changed: git's merge driver for them, the other side kept beside a
conflicted draft (`INC-….theirs.toml`), and the author's choice (`resolve`).

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
    (state / f"{stem}.json").write_text(
        json.dumps([d.__dict__ for d in differences], ensure_ascii=False), encoding="utf-8"
    )
    return 1


# --- after the driver stopped git ------------------------------------------------------------


def keep_other_sides(repo: GitRepo, paths: list[str]) -> list[DraftConflict] | None:
    """For drafts the driver stopped on: the other side beside each (`INC-….theirs.toml`) and
    the draft (local values kept) marked resolved; None if one of `paths` is a conflict the
    driver did not handle (a draft deleted on one side and changed on the other...)."""
    state = _state_dir(repo)
    stems = [Path(p).stem for p in paths]
    if not all("/" not in p and (state / f"{Path(p).stem}.other.toml").is_file() for p in paths):
        return None
    from .atomic import write_atomic

    conflicts = []
    for path, stem in zip(paths, stems, strict=True):
        draft = repo.folder / path
        other = state / f"{stem}.other.toml"
        write_atomic(side_path(draft), other.read_text(encoding="utf-8"))
        other.unlink()
        repo.run("add", "--", path)
        conflicts.append(_conflict(repo, draft))
    return conflicts


def _conflict(repo: GitRepo, draft: Path) -> DraftConflict:
    record = _state_dir(repo) / f"{draft.stem}.json"
    try:
        rows = json.loads(record.read_text(encoding="utf-8"))
        differences = tuple(Difference(**row) for row in rows)
    except (OSError, ValueError, TypeError):
        differences = ()
    return DraftConflict(draft.stem, draft, side_path(draft), differences)


def pending(repo: GitRepo) -> list[DraftConflict]:
    """The drafts with the other side still beside them, waiting for `resolve`."""
    sides = sorted(repo.folder.glob(f"INC-*{SIDE_SUFFIX}"))
    drafts = [s.with_name(s.name.removesuffix(SIDE_SUFFIX) + ".toml") for s in sides]
    return [_conflict(repo, d) for d in drafts]


def forget(repo: GitRepo, draft: Path) -> None:
    state = _state_dir(repo)
    for suffix in (".base.toml", ".other.toml", ".json"):
        (state / f"{draft.stem}{suffix}").unlink(missing_ok=True)
    side_path(draft).unlink(missing_ok=True)


# --- the author's choice ---------------------------------------------------------------------


def resolve(repo: GitRepo, draft: Path, take: str) -> DraftConflict:
    """Settle a conflicted draft: `take` "mine" keeps the draft as it is (the local values at
    the conflicting fields, the rest merged, and whatever the author changed since); "theirs"
    gives the conflicting fields the other side's values. Removes the side file and commits."""
    from .draft_file import parse_toml
    from .draft_merge import merge3
    from .locking import DraftLock
    from .store import DraftStore

    side = side_path(draft)
    if not side.is_file():
        raise DraftError(f"{draft.stem} has no conflict to resolve (no {side.name} beside it)")
    conflict = _conflict(repo, draft)
    store = DraftStore(repo.folder)
    lock = DraftLock(draft)
    lock.acquire()
    try:
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
        forget(repo, draft)
    finally:
        lock.release()
    repo.run("add", "--", draft.name)
    labels = ", ".join(d.label for d in conflict.differences) or "the differing fields"
    # Empty with --mine (the draft as committed): the decision is recorded all the same.
    repo.run("commit", "--quiet", "--allow-empty", "-m",
             f"Resolve {draft.stem}: take {take} at {labels}", "--", draft.name)
    return conflict


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    """A snapshot as `tomllib` reads its text back (dates stay dates, times become text)."""
    import tomllib

    from .toml_writer import render

    return tomllib.loads(render(data))
