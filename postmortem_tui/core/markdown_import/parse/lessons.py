"""Lessons learned: what went well, what could be improved, what we will do differently (a
`###` heading each, or by hand a bold line such as `**What went well:**` over its list)."""

from __future__ import annotations

from ..reader import Block, Part
from .common import Context, list_field, subsection_key, subsections, wordings

_SUBSECTIONS = {
    "went_well": wordings("What Went Well", "What went well", "Went well", "Good",
                          "What worked"),
    "could_improve": wordings("What Could Be Improved", "What could be improved",
                              "What went wrong", "Could be improved", "To improve",
                              "Improvements", "What didn't go well"),
    "do_differently": wordings("What We Will Do Differently", "What we will do differently",
                               "Do differently", "Next time", "What we'll do differently"),
}
_FIELDS = {
    "went_well": "What went well",
    "could_improve": "What could be improved",
    "do_differently": "What we will do differently",
}


def _by_labels(blocks: list[Block]) -> dict[str, list[Block]]:
    """Blocks under bold label lines (`**What went well:**`), by the label's key."""
    found: dict[str, list[Block]] = {"": []}
    current = ""
    for block in blocks:
        key = subsection_key(block.text, _SUBSECTIONS) if block.kind in (
            "paragraph", "heading") else None
        if key is not None and key not in found:
            current = key
            found[key] = []
        else:
            found[current].append(block)
    return found


def parse(part: Part, ctx: Context) -> None:
    ll = ctx.doc.lessons
    subs = subsections(part, ctx, _SUBSECTIONS)
    if subs[""]:
        labelled = _by_labels(subs.pop(""))
        for key, blocks in labelled.items():
            subs[key] = [*subs.get(key, []), *blocks]
    loose = subs.pop("", [])
    if loose:
        ctx.report.add(loose[0].line, "value", "lessons outside the template's three lists: "
                       "read as what could be improved")
        subs["could_improve"] = [*loose, *subs.get("could_improve", [])]
    for key, name in _FIELDS.items():
        setattr(ll, key, list_field(subs.get(key, []), ctx, name))
