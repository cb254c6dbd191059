"""The commands that need a person at a terminal: the wizard (`new`, `open`, no command) and the
plain prompts (`quick`). Textual and questionary are imported only here, when they start."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from .group import cli, collect_again, load, store_of
from .output import PROG, CommandError, dumb_terminal, reported


def _on_a_tty() -> bool:
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))


def _served() -> bool:
    """Started by `postmortem serve`: Textual's web driver draws in a browser, over pipes."""
    return os.environ.get("TEXTUAL_DRIVER", "").endswith(":WebDriver")


def _is_terminal() -> bool:
    """A terminal the wizard can run in: not a dumb one (no cursor movement, no colours)."""
    return _served() or (_on_a_tty() and not dumb_terminal())


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


def run_wizard(
    ctx: click.Context,
    *,
    new_title: str | None = None,
    open_path: Path | None = None,
    start_new: bool = False,
    data: dict[str, Any] | None = None,
) -> None:
    """Start the wizard on the command's drafts folder; its exit code ends the command."""
    _need_terminal()
    store = store_of(ctx)
    try:
        from ..tui.app import run_app
    except ImportError as exc:
        raise CommandError(f"the wizard cannot start: {exc}") from None
    collect_again()  # the app runs as long as the person works (Textual imported without it)
    with reported():
        code = run_app(
            store, new_title=new_title, open_path=open_path, start_new=start_new, data=data
        )
    ctx.exit(code)


@cli.command()
@click.option("--title", metavar="TEXT", help="The incident's title.")
@click.pass_context
def new(ctx: click.Context, title: str | None) -> None:
    """Start a new post-mortem in the wizard."""
    run_wizard(ctx, new_title=title, start_new=True)


@cli.command("open")
@click.argument("ref")
@click.pass_context
def open_cmd(ctx: click.Context, ref: str) -> None:
    """Resume a draft in the wizard."""
    from ..core.draft_file import read_draft_data

    store = store_of(ctx)
    if not _is_terminal():
        load(store, ref)  # no wizard to start: say first what is wrong with the draft, if any
        _need_terminal()
    with reported():
        # A missing, unreadable or non-TOML draft is reported before the UI starts; the model's
        # checks run while the wizard shows the draft's outline (they take longer than a frame).
        path = store.resolve(ref)
        data = read_draft_data(path)
    run_wizard(ctx, open_path=path, data=data)


@cli.command()
@click.option("--resume", "ref", metavar="REF", help="Continue a draft instead of starting one.")
@click.pass_context
def quick(ctx: click.Context, ref: str | None) -> None:
    """Capture the essentials with plain prompts and save a draft."""
    store = store_of(ctx)
    resume = load(store, ref)[0] if ref is not None else None
    try:
        from ..prompts.quick import run_quick
    except ImportError as exc:
        raise CommandError(f"the prompts cannot start: {exc}") from None
    with reported():
        code = run_quick(store, resume=resume)
    ctx.exit(code)
