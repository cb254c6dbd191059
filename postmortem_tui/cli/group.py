"""The `postmortem` command group: the drafts folder option, the order of the commands, and
how a command finds its store and its draft."""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .. import __version__
from .output import PROG, reported

if TYPE_CHECKING:
    from ..core.model import PostMortem
    from ..core.store import DraftStore


def store_of(ctx: click.Context) -> DraftStore:
    """The drafts folder the command works on (`--dir`, else the default), its review
    settings in use."""
    from ..core.store import DraftStore

    folder: Path | None = ctx.find_root().obj
    store = DraftStore(folder)
    _use_review_settings(store)
    return store


def _use_review_settings(store: DraftStore) -> None:
    """Review with the folder's `review.toml` from now on; a bad one ends the command (exit 2,
    its file and line)."""
    from ..core.review.config import use

    with reported():
        use(store.review_config())


def load(store: DraftStore, ref: str) -> tuple[Path, PostMortem]:
    """The draft REF names, read and validated; a bad REF or draft ends the command (exit 2)."""
    with reported():
        path = store.resolve(ref)
        return path, store.load(path)


def _dir_option(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    if value is None:
        return None
    if not value.strip():
        raise click.BadParameter("the drafts folder cannot be empty", ctx=ctx, param=param)
    return Path(value)


COMMAND_MODULES = {
    "new": "interactive", "open": "interactive", "quick": "interactive", "list": "list_drafts",
    "check": "check", "export": "export", "demo": "demo", "timeline": "timeline",
    "metrics": "metrics", "stats": "stats", "actions": "actions", "status": "status",
    "import": "import_md", "redact": "redact", "init": "init", "sync": "sync",
    "merge-driver": "sync", "resolve": "resolve", "serve": "serve",
}
"""The module of this package that registers each command on the group when imported."""

ONE_DRAFT = frozenset({"check", "export", "metrics", "status", "redact", "demo", "new", "open"})
"""The commands that read or write one draft and end, or start the wizard (which turns the
collector back on itself, `interactive.run_wizard`): they run with cyclic garbage collection
paused as `main` starts them. Their imports and models allocate a lot and free little, so the
collector's passes were wasted work (20-30 ms of `check`); one draft's cycles are few (peak RSS
of check/export of the bench's large draft the same within 0.3 MiB)."""


def collect_again() -> None:
    """Cyclic garbage collection back on if `main` paused it, the objects of the start-up
    frozen so that its passes skip them (the collector stays on in a process that never paused
    it, e.g. tests)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


class _InOrder(click.Group):
    """Lists the commands in the product brief's order, not A-Z; imports a command's module
    when the command is looked up, so `check` does not import the other commands' modules
    (5 ms of every command's start)."""

    ORDER = (
        "new", "open", "quick", "list", "check", "export", "demo", "timeline", "metrics",
        "stats", "actions", "status", "import", "redact", "init", "sync", "resolve", "serve",
    )

    def _register(self, names: Iterable[str]) -> None:
        for module in dict.fromkeys(COMMAND_MODULES[n] for n in names):
            importlib.import_module(f"{__package__}.{module}")

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            # A name of no command: all of them, for click's "did you mean".
            known = cmd_name in COMMAND_MODULES
            self._register([cmd_name] if known else COMMAND_MODULES)
        if cmd_name not in ONE_DRAFT:
            collect_again()  # a command that may read every draft, serve, or prompt a person
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._register(COMMAND_MODULES)
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
        from .interactive import run_wizard

        run_wizard(ctx)
