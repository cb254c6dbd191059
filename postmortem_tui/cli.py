"""The `postmortem` command line.

The headless commands (list, check, export, demo) import only the core; the wizard (Textual) and
the prompts (questionary) are imported inside the commands that start them, so scripts start
fast and never need a terminal. Exit codes: 0 success, 1 the document is incomplete or a check
failed, 2 bad usage or unreadable/invalid input (one line on stderr, never a traceback).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import click

from . import __version__

if TYPE_CHECKING:
    from .core.completeness import Finding, SectionReport
    from .core.model import PostMortem
    from .core.store import DraftStore
    from .core.summary_cache import DraftSummary

PROG = "postmortem"
EXIT_INCOMPLETE = 1
EXIT_BAD_INPUT = 2
# How many findings `check` shows for a section not started yet, and `export` lists on refusal.
SHOWN_WHEN_EMPTY = 3
SHOWN_ON_REFUSAL = 10
# The longest title `list` and `check` show (a pasted 10 MB title must not flood the screen).
TITLE_MAX = 100


# --- output helpers -------------------------------------------------------------------------

def _dumb_terminal() -> bool:
    return os.environ.get("TERM") == "dumb"


def _color() -> bool | None:
    """False when NO_COLOR is set (no-color.org) or the terminal is dumb; else click colours
    only a terminal."""
    return False if os.environ.get("NO_COLOR") or _dumb_terminal() else None


def _stdout_failed(exc: OSError | None) -> CommandError:
    """The error for a standard output that is closed (`>&-`) or cannot be written."""
    # Nothing more goes to it: Python would otherwise report the failed flush again at exit.
    sys.stdout = None
    reason = "it is closed" if exc is None else exc.strerror or str(exc)
    return CommandError(f"cannot write to standard output: {reason}")


def _out(text: str = "", *, err: bool = False) -> None:
    if err:
        click.echo(text, err=True, color=_color())
        return
    if sys.stdout is None:  # started with it closed
        raise _stdout_failed(None)
    try:
        click.echo(text, color=_color())
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise  # click ends quietly on a closed pipe (`postmortem list | head`)
        raise _stdout_failed(exc) from None


def _style(text: str, **styles: Any) -> str:
    return click.style(text, **styles)


class CommandError(click.ClickException):
    """Bad usage or unreadable input: one line on stderr, exit 2."""

    exit_code = EXIT_BAD_INPUT

    def show(self, file: Any = None) -> None:
        from .core.text import one_line

        _out(f"{PROG}: error: {one_line(self.message)}", err=True)


@contextlib.contextmanager
def _reported() -> Iterator[None]:
    """Turn the core's and the OS's errors into one line and exit 2."""
    from .core.errors import DraftError

    try:
        yield
    except DraftError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise  # click ends quietly on a closed pipe (`postmortem list | head`)
        where = f"{exc.filename}: " if exc.filename else ""
        raise CommandError(f"{where}{exc.strerror or exc}") from None


def _write_stdout(text: str) -> None:
    """Exact UTF-8 bytes, whatever the locale; the Markdown and JSON are data, not messages."""
    if sys.stdout is None:  # started with it closed
        raise _stdout_failed(None)
    buffer: BinaryIO | None = getattr(sys.stdout, "buffer", None)
    try:
        if buffer is None:  # a replaced stdout (tests, embedding) takes text
            sys.stdout.write(text)
            sys.stdout.flush()
            return
        sys.stdout.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise
        raise _stdout_failed(exc) from None


# --- context --------------------------------------------------------------------------------


def _store(ctx: click.Context) -> DraftStore:
    from .core.store import DraftStore

    folder: Path | None = ctx.find_root().obj
    return DraftStore(folder)


def _load(store: DraftStore, ref: str) -> tuple[Path, PostMortem]:
    with _reported():
        path = store.resolve(ref)
        return path, store.load(path)


def _dir_option(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    if value is None:
        return None
    if not value.strip():
        raise click.BadParameter("the drafts folder cannot be empty", ctx=ctx, param=param)
    return Path(value)


class _InOrder(click.Group):
    """Lists the commands in the product brief's order, not A-Z."""

    ORDER = ("new", "open", "quick", "list", "check", "export", "demo")

    def list_commands(self, ctx: click.Context) -> list[str]:
        known = {name: i for i, name in enumerate(self.ORDER)}
        return sorted(self.commands, key=lambda n: (known.get(n, len(known)), n))


@click.group(
    cls=_InOrder,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False),
    callback=_dir_option,
    metavar="DIR",
    help="Drafts folder. Default: $POSTMORTEM_DIR, else the user data folder.",
)
@click.version_option(
    __version__, "-V", "--version", prog_name=PROG, message="%(prog)s %(version)s"
)
@click.pass_context
def cli(ctx: click.Context, folder: Path | None) -> None:
    """Write blameless incident post-mortems in the terminal.

    Without a command, opens the wizard: resume a draft or start a new one.

    REF is an incident ID (INC-20250303-001), a unique prefix of one (INC-20250303-0), or the
    path to a draft file.
    """
    ctx.obj = folder
    if ctx.invoked_subcommand is None:
        _run_wizard(ctx)


# --- list -----------------------------------------------------------------------------------


def _info_record(info: DraftSummary) -> dict[str, Any]:
    summary = info.summary
    return {
        "id": info.incident_id,
        "path": str(info.path),
        "modified": info.modified.isoformat(timespec="seconds"),
        "title": summary.title,
        "date": summary.date,
        "severity": summary.severity,
        "status": summary.status,
        "percent_complete": summary.percent_complete,
        "ready": summary.ready,
        "missing": summary.missing,
        "weak": summary.weak,
        "error": summary.error,
    }


@cli.command("list", short_help="Drafts: ID, title, severity, status, completeness, saved.")
@click.option("--json", "as_json", is_flag=True, help="A JSON array, for scripts.")
@click.pass_context
def list_cmd(ctx: click.Context, as_json: bool) -> None:
    """Drafts, newest first: ID, title, severity, status, completeness, last saved."""
    from .core.text import one_line

    store = _store(ctx)
    with _reported():
        if store.folder.exists() and not store.folder.is_dir():
            raise CommandError(f"{store.folder}: is not a folder")
        infos = store.summaries()
    records = [_info_record(info) for info in infos]
    if as_json:
        import json

        _write_stdout(json.dumps(records, indent=2, ensure_ascii=False) + "\n")
        return
    if not records:
        _out(f"No drafts in {one_line(str(store.folder))}.")
        _out(f"Start one with `{PROG} new`, or see an example with `{PROG} demo`.")
        return
    _print_table(records)


_SEVERITY_STYLE: dict[str, dict[str, Any]] = {
    "P0": {"fg": "red", "bold": True},
    "P1": {"fg": "yellow"},
}
_STATE_STYLE: dict[str, dict[str, Any]] = {
    "done": {"fg": "green"},
    "partial": {"fg": "yellow"},
    "empty": {"dim": True},
}
_STATE_TEXT = {"done": "done", "partial": "partial", "empty": "not started"}


def _print_table(records: list[dict[str, Any]]) -> None:
    from .core.text import cut, display_width, fit, one_line

    head = ("ID", "TITLE", "SEV", "STATUS", "DONE", "SAVED")
    rows: list[tuple[str, ...]] = []
    for r in records:
        saved = r["modified"][:16].replace("T", " ")
        if r["error"] is not None:  # the reason follows the table, in full
            rows.append((one_line(r["id"]), "(unreadable, see below)", "-", "broken", "-", saved))
        else:
            rows.append(
                (
                    one_line(r["id"]),
                    one_line(cut(r["title"], TITLE_MAX)) or "(untitled)",
                    r["severity"] or "-",
                    r["status"],
                    f"{r['percent_complete']}%",
                    saved,
                )
            )
    widths = [max(display_width(row[i]) for row in [head, *rows]) for i in range(len(head))]
    if sys.stdout is not None and sys.stdout.isatty():
        # Only the title gives way, so a line fits the terminal (at least 12 columns of it).
        other = sum(w for i, w in enumerate(widths) if i != 1) + 2 * (len(head) - 1)
        widths[1] = max(12, min(widths[1], shutil.get_terminal_size().columns - other))

    def line(cells: tuple[str, ...], styles: list[dict[str, Any]]) -> str:
        parts = []
        for i, cell in enumerate(cells):
            text = fit(cell, widths[i]) if i < len(cells) - 1 else cell
            if i == 4:  # right-align the percentage
                text = " " * (widths[i] - display_width(cell)) + cell
            parts.append(_style(text, **styles[i]) if styles[i] else text)
        return "  ".join(parts).rstrip()

    _out(line(head, [{"bold": True} for _ in head]))
    for row, r in zip(rows, records, strict=True):
        styles: list[dict[str, Any]] = [{} for _ in head]
        if r["error"] is not None:
            styles[3] = {"fg": "red", "bold": True}
        else:
            styles[2] = _SEVERITY_STYLE.get(row[2], {})
            styles[4] = {"fg": "green"} if r["ready"] else {}
        _out(line(row, styles))
    broken = [r for r in records if r["error"] is not None]
    if broken:
        _out()
        _out(f"{len(broken)} draft{'s' if len(broken) > 1 else ''} cannot be read:")
        for r in broken:
            _out(f"  {one_line(r['error'])}")


# --- check ----------------------------------------------------------------------------------


def _section_lines(report: SectionReport, show_all: bool) -> list[str]:
    from .core.sections import section
    from .core.text import display_width, one_line

    title = one_line(report.title)
    state = _STATE_TEXT[report.state]
    if report.state == "empty" and section(report.key).optional:
        state = "nothing yet (optional)"
    lines = [
        f"{title} {'.' * max(2, 26 - display_width(title))} "
        + _style(state, **_STATE_STYLE[report.state])
    ]
    findings = sorted(report.findings, key=lambda f: not f.blocking)
    limit = len(findings) if show_all or report.state != "empty" else SHOWN_WHEN_EMPTY
    for f in findings[:limit]:
        label = _style("missing", fg="red") if f.blocking else _style("weak   ", fg="yellow")
        lines.append(f"  - {label}  {one_line(f.message)}")
    if len(findings) > limit:
        lines.append(f"  ... and {len(findings) - limit} more (--all shows them)")
    return lines


@cli.command(short_help="What is missing or weak; exit 1 if anything blocks.")
@click.argument("ref")
@click.option(
    "--all", "show_all", is_flag=True, help="Also list every item of sections not started."
)
@click.pass_context
def check(ctx: click.Context, ref: str, show_all: bool) -> None:
    """What is missing or weak in a draft; exit 1 if anything blocks a final export."""
    from .core.completeness import assess_with_percent
    from .core.text import cut, one_line

    path, doc = _load(_store(ctx), ref)
    reports, percent = assess_with_percent(doc)
    h = doc.header
    ident = h.incident_id or path.stem
    title = f"  {one_line(cut(h.title, TITLE_MAX))}" if h.title.strip() else ""
    _out(_style(one_line(ident), bold=True) + title)
    facts = [
        f"Severity {h.severity.value}" if h.severity else "Severity not set",
        f"Status {h.status.value}",
        f"{percent}% complete",
    ]
    _out(" | ".join(facts))
    _out()
    for report in reports:
        for text in _section_lines(report, show_all):
            _out(text)
    missing = sum(len(r.blocking) for r in reports)
    weak = sum(len(r.weak) for r in reports)
    _out()
    if missing:
        _out(
            _style(f"Not ready for a final export: {missing} missing", fg="red", bold=True)
            + f", {weak} weak."
        )
        ctx.exit(EXIT_INCOMPLETE)
    if weak:
        _out(
            _style("Ready for a final export", fg="green", bold=True) + f"; {weak} weak point"
            f"{'s' if weak > 1 else ''} worth a look."
        )
    else:
        _out(_style("Ready for a final export.", fg="green", bold=True))


# --- export ---------------------------------------------------------------------------------


def _refuse_incomplete(ref: str, ident: str, missing: list[Finding]) -> None:
    from .core.sections import section
    from .core.text import one_line

    _out(f"{PROG}: {one_line(ident)} is not ready for a final export; missing:", err=True)
    for f in missing[:SHOWN_ON_REFUSAL]:
        _out(f"  - {section(f.section).title}: {one_line(f.message)}", err=True)
    if len(missing) > SHOWN_ON_REFUSAL:
        _out(f"  ... and {len(missing) - SHOWN_ON_REFUSAL} more", err=True)
    _out(
        f"Fill them in (`{PROG} check {one_line(ref)}` lists everything), "
        "or export anyway with --draft.",
        err=True,
    )


@cli.command(short_help="The Markdown; refuses an incomplete one unless --draft.")
@click.argument("ref")
@click.option(
    "-o",
    "--output",
    default="-",
    metavar="FILE|-",
    help="Where to write the Markdown; - (the default) is standard output.",
)
@click.option("--draft", is_flag=True, help="Export even if the document is incomplete.")
@click.pass_context
def export(ctx: click.Context, ref: str, output: str, draft: bool) -> None:
    """The Markdown of a post-mortem; refuses an incomplete one unless --draft."""
    from .core.completeness import blocking_findings
    from .core.text import one_line

    store = _store(ctx)
    path, doc = _load(store, ref)
    ident = doc.header.incident_id or path.stem
    missing = blocking_findings(doc)
    if missing and not draft:
        _refuse_incomplete(ref, ident, missing)
        ctx.exit(EXIT_INCOMPLETE)

    from .core.export import to_markdown

    text = to_markdown(doc)
    if output == "-":
        with _reported():
            _write_stdout(text)
        return
    from .core.atomic import write_export

    with _reported():
        # Into a device, FIFO or /dev/stdout as it is; never into the drafts folder.
        written = write_export(Path(output), text, store.folder, path)
    note = f" (a draft: {len(missing)} missing)" if missing else ""
    _out(f"{PROG}: wrote {one_line(str(written))}{note}", err=True)


# --- demo -----------------------------------------------------------------------------------


@cli.command(short_help="Write an example post-mortem and print its ID.")
@click.pass_context
def demo(ctx: click.Context) -> None:
    """Write a complete example post-mortem into the drafts folder and print its ID."""
    from .core import timeutil
    from .core.demo import demo_document
    from .core.text import one_line

    store = _store(ctx)
    doc = demo_document()
    with _reported():
        store.ensure_folder()
        doc.header.incident_id = store.next_incident_id(doc.header.date or timeutil.today_cot())
        path = store.save(doc)
    ident = doc.header.incident_id
    _out(ident)
    _out(f"{PROG}: wrote {one_line(str(path))}; try `{PROG} check {ident}`", err=True)


# --- the interactive UIs --------------------------------------------------------------------


def _on_a_tty() -> bool:
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))


def _is_terminal() -> bool:
    """A terminal the wizard can run in: not a dumb one (no cursor movement, no colours)."""
    return _on_a_tty() and not _dumb_terminal()


def _need_terminal() -> None:
    if _is_terminal():
        return
    if _on_a_tty():
        raise CommandError(
            f"the wizard needs a capable terminal, and TERM=dumb is not one; use `{PROG} "
            "quick` for plain prompts"
        )
    raise CommandError(
        f"the wizard needs a terminal; use `{PROG} quick` for plain prompts, or "
        f"`{PROG} list`, `check` and `export` in scripts"
    )


def _run_wizard(
    ctx: click.Context,
    *,
    new_title: str | None = None,
    open_path: Path | None = None,
    start_new: bool = False,
    data: dict[str, Any] | None = None,
) -> None:
    _need_terminal()
    store = _store(ctx)
    try:
        from .tui.app import run_app
    except ImportError as exc:
        raise CommandError(f"the wizard cannot start: {exc}") from None
    with _reported():
        code = run_app(
            store, new_title=new_title, open_path=open_path, start_new=start_new, data=data
        )
    ctx.exit(code)


@cli.command()
@click.option("--title", metavar="TEXT", help="The incident's title.")
@click.pass_context
def new(ctx: click.Context, title: str | None) -> None:
    """Start a new post-mortem in the wizard."""
    _run_wizard(ctx, new_title=title, start_new=True)


@cli.command("open")
@click.argument("ref")
@click.pass_context
def open_cmd(ctx: click.Context, ref: str) -> None:
    """Resume a draft in the wizard."""
    from .core.draft_file import read_draft_data

    store = _store(ctx)
    if not _is_terminal():
        _load(store, ref)  # no wizard to start: say first what is wrong with the draft, if any
        _need_terminal()
    with _reported():
        # A missing, unreadable or non-TOML draft is reported before the UI starts; the model's
        # checks run while the wizard shows the draft's outline (they take longer than a frame).
        path = store.resolve(ref)
        data = read_draft_data(path)
    _run_wizard(ctx, open_path=path, data=data)


@cli.command()
@click.option("--resume", "ref", metavar="REF", help="Continue a draft instead of starting one.")
@click.pass_context
def quick(ctx: click.Context, ref: str | None) -> None:
    """Capture the essentials with plain prompts and save a draft."""
    store = _store(ctx)
    resume = _load(store, ref)[0] if ref is not None else None
    try:
        from .prompts.quick import run_quick
    except ImportError as exc:
        raise CommandError(f"the prompts cannot start: {exc}") from None
    with _reported():
        code = run_quick(store, resume=resume)
    ctx.exit(code)


def main() -> None:
    """The `postmortem` console script."""
    # Pydantic otherwise scans every installed distribution for plugins at start-up (~0.2 s);
    # this tool uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # A title with emoji must not crash a terminal whose encoding cannot show it.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            with contextlib.suppress(Exception):
                stream.reconfigure(errors="replace")
    cli.main(prog_name=PROG)
