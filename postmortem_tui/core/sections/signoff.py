"""Sign-off: the author, the reviewers, the follow-up schedule."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..placeholders import NOT_YET
from .declaration import Blocks, Section
from .template import date_text, or_not_yet

if TYPE_CHECKING:
    from datetime import date

    from ..findings import Checks, Path
    from ..markdown_import.parse.common import Context as ImportContext
    from ..markdown_import.reader import Part
    from ..model import PostMortem


def check(doc: PostMortem, today: date, c: Checks) -> bool:
    from ..findings import shorten

    # The model's enumerations at run time only: the declarations load before pydantic.
    from ..model import Status

    so = doc.signoff
    au = so.author
    p = "signoff"
    c.require(bool(au.name.strip()), (p, "author", "name"), "Author name is missing")
    c.require(bool(au.role.strip()), (p, "author", "role"), "Author role is missing")
    c.require(au.date_written is not None, (p, "author", "date_written"), "Date written is missing")
    if au.date_written and doc.header.date and au.date_written < doc.header.date:
        c.weak((p, "author", "date_written"), "Date written is before the incident date")

    final = doc.header.status is not Status.DRAFT
    complete = 0
    for i, r in enumerate(so.reviewers):
        n = i + 1
        if not (r.name.strip() or r.role.strip() or r.date_reviewed or r.approved is not None):
            c.weak((p, "reviewers", i), f"Reviewer {n} is empty")
            continue
        who = f" ({shorten(r.name, 30)})" if r.name.strip() else ""
        complete += c.require_all(
            f"Reviewer {n}{who}",
            [
                (bool(r.name.strip()), (p, "reviewers", i, "name"), "name"),
                (bool(r.role.strip()), (p, "reviewers", i, "role"), "role"),
            ],
        )
        if r.approved is not True:
            not_yet = "has not approved" if r.approved is None else "did not approve"
            path: Path = (p, "reviewers", i, "approved")
            if final:
                status = doc.header.status.value
                c.block(path, f"Status is {status} but reviewer {n}{who} {not_yet}")
            else:
                c.weak(
                    path, f"Reviewer {n}{who} {not_yet}" + (" yet" if r.approved is None else "")
                )
        elif r.date_reviewed is None:
            c.weak((p, "reviewers", i, "date_reviewed"), f"Reviewer {n}{who} has no review date")
    c.require_count(min(complete, 1), 1, (p, "reviewers"), "No reviewer with a name and role")

    if not so.follow_ups:
        c.weak(
            (p, "follow_ups"),
            "No follow-up schedule (action items check, 30-day retrospective, final close-out)",
        )
    for i, fu in enumerate(so.follow_ups):
        missing = [
            label
            for label, ok in (
                ("date", fu.date is not None),
                ("review type", bool(fu.review_type.strip())),
                ("owner", bool(fu.owner.strip())),
            )
            if not ok
        ]
        if missing:
            c.weak((p, "follow_ups", i), f"Follow-up {i + 1} has no {' or '.join(missing)}")
    from ..review_workflow import missed_follow_ups

    for i, fu in missed_follow_ups(doc, today):
        kind = f" ({shorten(fu.review_type)})" if fu.review_type.strip() else ""
        c.weak(
            (p, "follow_ups", i, "date"),
            f"Follow-up {i + 1}{kind} was due {fu.date} and nothing is recorded since: add a "
            "document history row saying what it found, or move its date",
        )
    return bool(
        au.name.strip()
        or au.role.strip()
        or au.date_written
        or any(
            r.name.strip() or r.role.strip() or r.date_reviewed or r.approved is not None
            for r in so.reviewers
        )
        or any(f.date or f.review_type.strip() or f.owner.strip() for f in so.follow_ups)
    )


def _approved(value: bool | None) -> str:
    return "Pending" if value is None else ("Yes" if value else "No")


def export(doc: PostMortem) -> Blocks:
    from .. import markdown as md

    so = doc.signoff
    author = [
        ["Name", or_not_yet(md.cell(so.author.name))],
        ["Role", or_not_yet(md.cell(so.author.role))],
        ["Date Written", date_text(so.author.date_written) or NOT_YET],
    ]
    reviewers = [
        [md.cell(r.name), md.cell(r.role), date_text(r.date_reviewed), _approved(r.approved)]
        for r in so.reviewers
    ]
    follow_ups = [
        [date_text(f.date), md.cell(f.review_type), md.cell(f.owner)] for f in so.follow_ups
    ]
    return [
        md.heading(2, "Sign-off"),
        md.heading(3, "Post-Mortem Author"),
        md.table(["Field", "Value"], author),
        md.heading(3, "Reviewers"),
        md.table(["Name", "Role", "Date Reviewed", "Approved"], reviewers),
        md.heading(3, "Follow-up Schedule"),
        md.table(["Date", "Review Type", "Owner"], follow_ups),
    ]


def parse(part: Part, ctx: ImportContext) -> None:
    """The section read back from the template's Markdown (`markdown_import`)."""
    from ..markdown_import.parse.signoff import parse as read

    read(part, ctx)


SECTION = Section(
    key="signoff",
    title="Sign-off",
    guidance=(
        "The post-mortem's author, its reviewers and whether they approved, and the follow-up "
        "schedule (action items check, 30-day retrospective, final close-out)."
    ),
    export=export,
    check=check,
    parse=parse,
)
