"""`postmortem import`: a post-mortem in the template's Markdown back to a draft, or a
reviewer's edits to an export merged into its draft (`--update`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .group import cli, store_of
from .output import EXIT_INCOMPLETE, PROG, CommandError, out, reported, style, write_stdout

if TYPE_CHECKING:
    from ..core.markdown_import import Finding, Imported
    from ..core.markdown_import.merge import Change
    from ..core.model import PostMortem
    from ..core.store import DraftStore

# How many findings and changes the text output lists (--json lists them all).
SHOWN = 40


def _import(file: str) -> Imported:
    """The file read (`-`: standard input); one line and exit 2 if it cannot be, or is not
    a post-mortem."""
    from ..core.markdown_import import import_markdown, read_file
    from ..core.markdown_import.files import decode

    with reported():
        if file != "-":
            return read_file(Path(file))
        try:
            data = sys.stdin.buffer.read()
        except OSError as exc:
            raise CommandError(f"standard input: {exc.strerror or exc}") from None
        return import_markdown(decode(data, "standard input"))


def _finding_line(file: str, f: Finding) -> str:
    from ..core.text import one_line

    where = f"{file}:{f.line}" if f.line else file
    section = f"{f.section}: " if f.section else ""
    return f"{one_line(where)}: {style(f.kind, fg='yellow')}: {section}{one_line(f.message)}"


def _list(lines: list[str]) -> None:
    for text in lines[:SHOWN]:
        out(text, err=True)
    if len(lines) > SHOWN:
        out(f"... and {len(lines) - SHOWN} more (--json lists them all)", err=True)


def _findings_record(findings: list[Finding]) -> list[dict[str, Any]]:
    return [
        {"line": f.line or None, "section": f.section, "kind": f.kind, "message": f.message}
        for f in findings
    ]


def _missing(doc: PostMortem) -> list[str]:
    from ..core.completeness import blocking_findings
    from ..core.sections import section

    return [f"{section(f.section).title}: {f.message}" for f in blocking_findings(doc)]


def _choose_id(store: DraftStore, doc: PostMortem, incident_id: str | None, file: str) -> None:
    from ..core import timeutil
    from ..core.validators import parse_incident_id

    if incident_id is not None:
        try:
            doc.header.incident_id = parse_incident_id(incident_id, "--id")
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--id") from None
        if doc.header.incident_id in store.ids():
            raise CommandError(f"{doc.header.incident_id} already exists in {store.folder}")
        return
    own = doc.header.incident_id
    if own and own in store.ids():
        raise CommandError(
            f"{file} is {own}, which already exists in {store.folder}: import it under another "
            f"ID with --id, or merge it into that draft with --update {own}"
        )
    if not own:
        doc.header.incident_id = store.next_incident_id(doc.header.date or timeutil.today_cot())


@cli.command("import", short_help="A post-mortem's Markdown back to a draft.")
@click.argument("file", metavar="FILE.md")
@click.option("--id", "incident_id", metavar="ID",
              help="The new draft's incident ID (default: the file's own, if free).")
@click.option("--update", "ref", metavar="REF",
              help="Merge the file (an export edited by a reviewer) into this draft.")
@click.option("--dry-run", is_flag=True, help="Show what would be imported; write nothing.")
@click.option("-y", "--yes", is_flag=True, help="With --update: apply without asking.")
@click.option("--json", "as_json", is_flag=True, help="The report as JSON, for scripts.")
@click.pass_context
def import_cmd(
    ctx: click.Context, file: str, incident_id: str | None, ref: str | None, dry_run: bool,
    yes: bool, as_json: bool,
) -> None:
    """Read FILE.md, a post-mortem in the template's Markdown (written by hand, or an export),
    into a new draft and print its ID. What could not be mapped is listed with its line and
    kept in the draft (an extra section goes to the appendix's external references).

    Exit 0 with warnings listed, 1 if the draft is incomplete (as `check`), 2 if the file is
    not a post-mortem. With --update REF, the file's changes to that draft are shown field by
    field and applied after a prompt (or --yes), with a document history row.
    """
    store = store_of(ctx)
    if ref is not None:
        if incident_id is not None:
            raise click.UsageError("--id and --update cannot go together")
        _update(ctx, store, file, ref, dry_run=dry_run, yes=yes, as_json=as_json)
        return
    result = _import(file)
    doc = result.doc
    with reported():
        _choose_id(store, doc, incident_id, file)
        path = None if dry_run else store.create(doc)
    missing = _missing(doc)
    ident = doc.header.incident_id
    if as_json:
        import json

        record = {
            "id": ident, "path": str(path) if path else None, "written": path is not None,
            "complete": not missing, "missing": missing,
            "findings": _findings_record(result.findings),
        }
        write_stdout(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    else:
        from ..core.text import one_line

        _list([_finding_line(file, f) for f in result.findings])
        out(ident)
        what = f"{'would import' if dry_run else 'imported'} {one_line(file)} as"
        where = "" if path is None else f" into {one_line(str(path))}"
        warned = f"; {len(result.findings)} to look at above" if result.findings else ""
        out(f"{PROG}: {what} {ident}{where}{warned}", err=True)
        if missing:
            out(f"{PROG}: {ident} is incomplete: {len(missing)} missing (`{PROG} check {ident}` "
                "lists them)", err=True)
    if missing:
        ctx.exit(EXIT_INCOMPLETE)


def _update(
    ctx: click.Context, store: DraftStore, file: str, ref: str, *, dry_run: bool, yes: bool,
    as_json: bool,
) -> None:
    from ..core.locking import DraftLock
    from ..core.read_only import ensure_editable
    from ..core.text import one_line

    with reported():
        path = store.resolve(ref)
    result = _import(file)
    lock = DraftLock(path)
    try:
        with reported():
            lock.acquire()
    except CommandError as exc:
        raise CommandError(f"{exc.message}: close it there first") from None
    try:
        with reported():
            draft = store.load(path)
            if not dry_run:
                ensure_editable(draft)
        ident = draft.header.incident_id or path.stem
        own = result.doc.header.incident_id
        if own and own != draft.header.incident_id:
            raise CommandError(f"{file} is {own}, not {ident}: nothing merged")
        from ..core.markdown_import.merge import merge

        merged, changes = merge(draft, result.doc)
        notes = _status_note(draft, result.doc)
        if not as_json:
            _list([_finding_line(file, f) for f in result.findings])
            _show_changes(ident, changes, notes)
        applied = bool(changes) and not dry_run and _confirmed(ident, len(changes), yes)
        if applied:
            _record(merged, file, len(changes))
            with reported():
                store.save(merged, path)
        if as_json:
            _update_json(result.findings, changes, notes, merged, ident, applied=applied)
        elif applied:
            out(f"{PROG}: {ident}: {_count(len(changes))} applied from {one_line(file)}",
                err=True)
        elif changes and not dry_run:
            out(f"{PROG}: nothing changed", err=True)
    finally:
        lock.release()
    if _missing(merged if applied else draft):
        ctx.exit(EXIT_INCOMPLETE)


def _count(n: int) -> str:
    return f"{n} change{'s' if n != 1 else ''}"


def _confirmed(ident: str, count: int, yes: bool) -> bool:
    if yes:
        return True
    try:
        return click.confirm(f"Apply {_count(count)} to {ident}?", default=False, err=True)
    except click.Abort:  # no answer (the end of the input): as a no
        return False


def _status_note(draft: PostMortem, edited: PostMortem) -> list[str]:
    if edited.header.status is draft.header.status:
        return []
    ident = draft.header.incident_id or "REF"
    return [f"the file says Status {edited.header.status.value}, the draft "
            f"{draft.header.status.value}: the status changes through `{PROG} status {ident}`"]


def _show_changes(ident: str, changes: list[Change], notes: list[str]) -> None:
    from ..core.text import one_line

    for note in notes:
        out(f"{PROG}: {one_line(note)}", err=True)
    if not changes:
        out(f"{PROG}: {one_line(ident)}: the file changes nothing", err=True)
        return
    out(style(f"{one_line(ident)}: {_count(len(changes))}", bold=True))
    lines = [f"  {one_line(c.where)}: {one_line(c.old)} → {one_line(c.new)}" for c in changes]
    for text in lines[:SHOWN]:
        out(text)
    if len(lines) > SHOWN:
        out(f"  ... and {len(lines) - SHOWN} more (--json lists them all)")


def _update_json(
    findings: list[Finding], changes: list[Change], notes: list[str], merged: PostMortem,
    ident: str, *, applied: bool,
) -> None:
    import json

    record = {
        "id": ident,
        "applied": applied,
        "changes": [{"where": c.where, "old": c.old, "new": c.new} for c in changes],
        "notes": notes,
        "findings": _findings_record(findings),
        "missing": _missing(merged),
    }
    write_stdout(json.dumps(record, indent=2, ensure_ascii=False) + "\n")


def _record(doc: PostMortem, file: str, count: int) -> None:
    """The document history row of a merge."""
    from ..core import timeutil
    from ..core.history import next_version, os_user_name
    from ..core.model import HistoryEntry

    author = os_user_name() or doc.signoff.author.name.strip()
    name = Path(file).name if file != "-" else "standard input"
    doc.history.append(HistoryEntry(
        version=next_version(doc), date=timeutil.today_cot(), author=author,
        changes=f"Review edits merged from {name} ({_count(count)})",
    ))
