"""Resolution: the immediate fix, the commands run, the verification steps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .declaration import Blocks, Section

if TYPE_CHECKING:
    from datetime import date

    from ..findings import Checks
    from ..markdown_import.parse.common import Context as ImportContext
    from ..markdown_import.reader import Part
    from ..model import PostMortem


def check(doc: PostMortem, today: date, c: Checks) -> bool:
    from ..findings import count_filled

    r = doc.resolution
    c.require(
        bool(r.immediate_fix.strip()), ("resolution", "immediate_fix"), "Immediate fix is missing"
    )
    c.require_count(
        count_filled(r.verification),
        1,
        ("resolution", "verification"),
        "Verification: no step says how the fix was verified",
    )
    c.blank_items(r.verification, ("resolution", "verification"), "Verification")
    return bool(r.immediate_fix.strip() or r.commands.strip() or count_filled(r.verification))


NO_COMMANDS = "*No commands recorded.*"


def export(doc: PostMortem) -> Blocks:
    from .. import markdown as md

    res = doc.resolution
    commands = md.code_text(res.commands)
    return [
        md.heading(2, "Resolution"),
        md.heading(3, "Immediate Fix"),
        md.paragraphs(res.immediate_fix),
        md.fence("# Commands or steps taken\n" + commands, "bash") if commands else NO_COMMANDS,
        md.heading(3, "Verification"),
        md.bullets(res.verification),
    ]


def parse(part: Part, ctx: ImportContext) -> None:
    """The section read back from the template's Markdown (`markdown_import`)."""
    from ..markdown_import.parse.resolution import parse as read

    read(part, ctx)


SECTION = Section(
    key="resolution",
    title="Resolution",
    guidance=(
        "What was done to restore service, the commands or steps taken, and how the fix was "
        "verified."
    ),
    export=export,
    check=check,
    parse=parse,
)
