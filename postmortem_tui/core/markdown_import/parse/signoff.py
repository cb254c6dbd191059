"""Sign-off: the author (a Field / Value table), the reviewers and the follow-up schedule."""

from __future__ import annotations

from ...model import Author, FollowUp, Reviewer
from .. import values
from ..inline_text import cell_text
from ..reader import Block, Part
from .common import (
    NONE,
    NOT_YET,
    Context,
    TableRow,
    block_text,
    cell,
    is_marker,
    parse_value,
    subsections,
    table_rows,
    text_cell,
    title_key,
    value_cell,
    with_extra,
    wordings,
)

_SUBSECTIONS = {
    "author": wordings("Post-Mortem Author", "Author", "Postmortem author", "Written by"),
    "reviewers": wordings("Reviewers", "Reviewed by", "Approvals", "Review"),
    "follow_ups": wordings("Follow-up Schedule", "Follow-up", "Follow-ups", "Follow up schedule",
                           "Schedule"),
}
_AUTHOR_FIELDS = {
    "name": wordings("Name", "Author", "Author name"),
    "role": wordings("Role", "Title", "Team", "Author role"),
    "date_written": wordings("Date Written", "Date", "Written", "Written on"),
}
_REVIEWER_COLUMNS = {
    "name": wordings("Name", "Reviewer"),
    "role": wordings("Role", "Title", "Team"),
    "date_reviewed": wordings("Date Reviewed", "Date", "Reviewed", "Reviewed on"),
    "approved": wordings("Approved", "Approval", "Status", "Decision"),
}
_FOLLOW_UP_COLUMNS = {
    "date": wordings("Date", "When"),
    "review_type": wordings("Review Type", "Review", "Type", "What"),
    "owner": wordings("Owner", "Who"),
}


def _author(blocks: list[Block], ctx: Context) -> None:
    from .header import split_label

    author = ctx.doc.signoff.author
    pairs: list[tuple[int, str, str]] = []  # line, field key, value source
    for block in blocks:
        if block.kind == "table" and block.rows:
            header = [title_key(c) for c in block.rows[0].cells]
            labelled = header[:1] == ["field"] or (
                len(header) == 2 and header[0] in _AUTHOR_FIELDS["name"]
            )
            if labelled:
                for row in block.rows[1:] if header[:1] == ["field"] else block.rows:
                    pairs.append((row.line, title_key(row.cells[0]),
                                  row.cells[1] if len(row.cells) > 1 else ""))
            else:  # `| Name | Role | Date |` with one row, by hand
                for table_row in table_rows(block, ctx, _AUTHOR_FIELDS, "Author")[:1]:
                    for key, source in table_row.cells.items():
                        pairs.append((table_row.line, _AUTHOR_FIELDS[key][0], source))
        elif block.kind in ("paragraph", "bullets"):
            sources = [(block.line, block.text)] if block.kind == "paragraph" else [
                (i.line, i.blocks[0].text) for i in block.items
                if i.blocks and i.blocks[0].kind == "paragraph"]
            for line, text in sources:
                for n, physical in enumerate(text.split("\n")):
                    split = split_label(physical.rstrip("\\ "))
                    if split is not None:
                        pairs.append((line + n, *split))
                    elif physical.strip() and not is_marker(block, NONE, NOT_YET):
                        ctx.keep(line + n, "text about the author", cell_text(physical))
        elif not is_marker(block, NONE):
            ctx.keep(block.line, "text about the author", block_text(block))
    for line, words, source in pairs:
        field_key = next((k for k, w in _AUTHOR_FIELDS.items() if words in w), None)
        value = TableRow(line, {"value": source}, [])
        if field_key == "name":
            author.name = text_cell(value, "value", ctx, "Author name", NOT_YET)
        elif field_key == "role":
            author.role = text_cell(value, "value", ctx, "Author role", NOT_YET)
        elif field_key == "date_written":
            author.date_written = parse_value(cell(value, "value"), line, ctx, "Date written",
                                              values.date)
        else:
            ctx.keep(line, f"author field {words!r} is not the template's",
                     f"{words}: {cell_text(source)}")
    ctx.doc.signoff.author = Author.model_validate(author.model_dump())


def _table_rows(
    blocks: list[Block], ctx: Context, columns: dict[str, tuple[str, ...]], what: str
) -> list[TableRow]:
    rows = []
    for block in blocks:
        if block.kind == "table":
            rows += table_rows(block, ctx, columns, what)
        elif not is_marker(block, NONE, NOT_YET):
            ctx.keep(block.line, f"text among the {what.lower()}s", block_text(block))
    return rows


def parse(part: Part, ctx: Context) -> None:
    so = ctx.doc.signoff
    subs = subsections(part, ctx, _SUBSECTIONS)
    if subs[""]:
        ctx.keep(subs[""][0].line, "text at the top of the sign-off",
                 "\n".join(block_text(b) for b in subs[""]))
    _author(subs.get("author", []), ctx)
    so.reviewers = [
        Reviewer(
            name=text_cell(row, "name", ctx, "Reviewer name"),
            role=with_extra(text_cell(row, "role", ctx, "Reviewer role"), row),
            date_reviewed=value_cell(row, "date_reviewed", ctx, "Date reviewed", values.date),
            approved=value_cell(row, "approved", ctx, "Approved", values.approved),
        )
        for row in _table_rows(subs.get("reviewers", []), ctx, _REVIEWER_COLUMNS, "Reviewer")
    ]
    so.follow_ups = [
        FollowUp(
            date=value_cell(row, "date", ctx, "Follow-up date", values.date),
            review_type=with_extra(text_cell(row, "review_type", ctx, "Review type"), row),
            owner=text_cell(row, "owner", ctx, "Follow-up owner"),
        )
        for row in _table_rows(subs.get("follow_ups", []), ctx, _FOLLOW_UP_COLUMNS,
                               "Follow-up")
    ]
