"""Appendix (optional): logs, metrics and graphs, configuration changes, related incidents,
references."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..placeholders import NONE, NOT_YET
from .declaration import Blocks, Section
from .template import date_text

if TYPE_CHECKING:
    from datetime import date

    from ..findings import Checks
    from ..markdown_import.parse.common import Context as ImportContext
    from ..markdown_import.reader import Part
    from ..model import PostMortem


def check(doc: PostMortem, today: date, c: Checks) -> bool:
    from ..findings import count_filled

    ap = doc.appendix
    p = "appendix"
    for i, link in enumerate(ap.metrics_links):
        if link.label.strip() and not link.target.strip():
            c.weak((p, "metrics_links", i, "target"), f"Dashboard link {i + 1} has no link")
        elif link.target.strip() and not link.label.strip():
            c.weak((p, "metrics_links", i, "label"), f"Dashboard link {i + 1} has no label")
    if ap.config_before.strip() and not ap.config_after.strip():
        c.weak((p, "config_after"), "Configuration change has a before but no after")
    elif ap.config_after.strip() and not ap.config_before.strip():
        c.weak((p, "config_before"), "Configuration change has an after but no before")
    for i, rel in enumerate(ap.related):
        parts = {
            "incident_id": bool(rel.incident_id),
            "date": rel.date is not None,
            "similarity": bool(rel.similarity.strip()),
        }
        if any(parts.values()):
            names = {"incident_id": "incident ID", "date": "date", "similarity": "similarity"}
            for key, ok in parts.items():
                if not ok:
                    c.weak((p, "related", i, key), f"Related incident {i + 1} has no {names[key]}")
    c.blank_items(ap.references, (p, "references"), "External references")
    return bool(
        ap.logs.strip()
        or ap.metrics_note.strip()
        or any(link.label.strip() or link.target.strip() for link in ap.metrics_links)
        or ap.config_before.strip()
        or ap.config_after.strip()
        or any(r.incident_id or r.date or r.similarity.strip() for r in ap.related)
        or count_filled(ap.references)
    )


def _link(label: str, target: str) -> str:
    from .. import markdown as md

    label_text = md.one_line(label, block_start=True)
    target_text = md.one_line(target, block_start=not label_text) or NOT_YET
    return f"- {label_text}: {target_text}" if label_text else f"- {target_text}"


def _config_change(doc: PostMortem) -> str:
    from .. import markdown as md

    ap = doc.appendix
    before, after = md.code_text(ap.config_before), md.code_text(ap.config_after)
    if not before and not after:
        return NONE
    body = f"# Before\n{before or '# (none)'}\n\n# After\n{after or '# (none)'}"
    return md.fence(body, ap.config_language)


def export(doc: PostMortem) -> Blocks:
    from .. import markdown as md

    ap = doc.appendix
    links = [_link(link.label, link.target) for link in ap.metrics_links
             if md.text_lines(link.label) or md.text_lines(link.target)]
    metrics = [md.paragraphs(ap.metrics_note)] if md.text_lines(ap.metrics_note) else []
    related = [
        [r.incident_id, date_text(r.date), md.cell(r.similarity)] for r in ap.related
    ]
    return [
        md.heading(2, "Appendix"),
        md.heading(3, "A. Relevant Logs"),
        md.code(ap.logs, "text"),
        md.heading(3, "B. Metrics and Graphs"),
        *metrics,
        "\n".join(links) if links else NONE,
        md.heading(3, "C. Configuration Changes"),
        _config_change(doc),
        md.heading(3, "D. Related Incidents"),
        md.table(["Incident ID", "Date", "Similarity"], related),
        md.heading(3, "E. External References"),
        md.bullets(ap.references, empty=NONE),
    ]


def parse(part: Part, ctx: ImportContext) -> None:
    """The section read back from the template's Markdown (`markdown_import`)."""
    from ..markdown_import.parse.appendix import parse as read

    read(part, ctx)


SECTION = Section(
    key="appendix",
    title="Appendix",
    guidance=(
        "Optional supporting material: relevant logs (sanitize sensitive data), links to "
        "dashboards and graphs, configuration changes before and after, related incidents "
        "and external references."
    ),
    export=export,
    check=check,
    parse=parse,
    optional=True,
    blocks=False,
)
