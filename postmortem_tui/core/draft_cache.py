"""A per-draft cache in one hidden file of the drafts folder: what a command needs of each draft,
kept under the draft's file name and stat (as `summary_cache` keeps what `list` shows), so a
folder of a thousand drafts is read again only where a file changed.

    {"stamp": {"<kind>_format": N, "schema_version": ..., "version": ..., "code": [...]},
     "drafts": {file name: {"stat": [...], **to_row(item)} | {"stat": [...], "error": ...}}}

What is cached must not depend on the day (work that out when it is shown), so a row lasts
exactly as long as its file is unchanged. `action_cache` and `stats_cache` are its users.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from .draft_file import parse_draft, read_bytes
from .errors import DraftError
from .summary_cache import code_stamp, read_cache, stat_key, write_cache

if TYPE_CHECKING:
    from .model import PostMortem


class _Item(Protocol):
    @property
    def error(self) -> str | None: ...


T = TypeVar("T", bound=_Item)


class DraftCache(Generic[T]):
    """One kind of per-draft row, cached in `file_name`.

    Args:
        kind: names the format in the stamp (`actions` -> `actions_format`).
        file_name: the hidden cache file in the drafts folder (never taken for a draft).
        row_format: bump when what a row holds changes: older caches are ignored.
        compute: the item of a readable draft.
        failed: the item of a draft that cannot be read, with the reason.
        to_row: the item as JSON data (without its path).
        from_row: the item back from its row; `ValueError` for a row it cannot use.
    """

    def __init__(
        self,
        *,
        kind: str,
        file_name: str,
        row_format: int,
        compute: Callable[[PostMortem, Path], T],
        failed: Callable[[Path, str], T],
        to_row: Callable[[T], dict[str, Any]],
        from_row: Callable[[dict[str, Any], Path], T],
    ) -> None:
        self.kind = kind
        self.file_name = file_name
        self.row_format = row_format
        self.compute = compute
        self.failed = failed
        self.to_row = to_row
        self.from_row = from_row

    def stamp(self) -> dict[str, Any]:
        """The release, schema and core code, as the summaries' (a changed model or reader may
        read a draft otherwise); without loading the model, which a warm cache never needs."""
        from .. import __version__
        from .schema import SCHEMA_VERSION

        return {
            f"{self.kind}_format": self.row_format,
            "schema_version": SCHEMA_VERSION,
            "version": __version__,
            "code": code_stamp(),
        }

    def items(self, folder: Path, paths: Iterable[Path]) -> list[T]:
        """The items of the drafts `paths` of `folder`, in no order.

        A cache that cannot be read, or that other code wrote, is ignored and rewritten; one
        that cannot be written (a read-only folder) is done without.
        """
        cache = folder / self.file_name
        stamp = self.stamp()
        cached = read_cache(cache, stamp)
        rows: dict[str, Any] = {}
        found: list[T] = []
        for path in paths:
            try:
                key = stat_key(path.stat())
            except OSError:
                continue
            row = cached.get(path.name)
            item = self._cached(row, key, path)
            if item is not None:
                rows[path.name] = row
            else:
                item, lasting = self.read(path)
                if lasting:
                    rows[path.name] = self._row(item, key, path)
            found.append(item)
        if rows != cached and folder.is_dir():
            write_cache(cache, stamp, rows)
        return found

    def read(self, path: Path) -> tuple[T, bool]:
        """A draft's item, and whether it lasts as long as the file is unchanged (not when the
        file could not be read: permissions and I/O errors pass)."""
        try:
            raw = read_bytes(path)
        except DraftError as exc:
            return self.failed(path, str(exc)), False
        try:
            doc = parse_draft(raw, path)
        except DraftError as exc:
            return self.failed(path, str(exc)), str(exc).startswith(f"{path}: ")
        return self.compute(doc, path), True

    def _row(self, item: T, key: list[int], path: Path) -> dict[str, Any]:
        if item.error is not None:
            # Without the path, which depends on how the folder is named.
            return {"stat": key, "error": item.error.removeprefix(f"{path}: ")}
        return {"stat": key, **self.to_row(item)}

    def _cached(self, row: Any, key: list[int], path: Path) -> T | None:
        """The cached item of an unchanged file; None to read the file."""
        if not isinstance(row, dict) or row.get("stat") != key:
            return None
        rest = {k: v for k, v in row.items() if k != "stat"}
        if set(rest) == {"error"}:
            error = rest["error"]
            return self.failed(path, f"{path}: {error}") if isinstance(error, str) else None
        try:
            return self.from_row(rest, path)
        except ValueError:
            return None
