"""The template's sections, in order: the one list the wizard, the checks and the export share."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    guidance: str
    optional: bool = False


SECTIONS: tuple[Section, ...] = (
    Section(
        "header",
        "Header",
        "The incident's title, ID, date, start and end time (COT) and severity. "
        "A good title names the system and the symptom: \"Quote feed stalled on the FX "
        "gateway\". The duration is computed from start and end; an end earlier than the "
        "start is the next day.",
    ),
    Section(
        "summary",
        "Executive Summary",
        "One paragraph: what happened, the impact, and how it was resolved. It should be "
        "understandable by non-technical stakeholders: no jargon, no blame.",
    ),
    Section(
        "impact",
        "Impact",
        "Quantitative impact in trading terms (downtime in minutes, missed and erroneous "
        "trades, financial impact, users/systems affected, data loss) and qualitative impact: "
        "team confidence/morale, stakeholder trust, compliance implications.",
    ),
    Section(
        "timeline",
        "Timeline",
        "What happened when, in COT (Colombia time, UTC-5). Start from the nine standard "
        "milestones, from first symptom to incident closed, and add the key discoveries and "
        "actions between them.",
    ),
    Section(
        "root_cause",
        "Root Cause Analysis",
        "A detailed technical explanation of what went wrong, specific about the sequence of "
        "events and the components involved; why it happened (the 5 Whys: each question "
        "follows from the previous answer); and why it wasn't caught earlier (gaps in "
        "monitoring, testing or process). Systems and processes, not people.",
    ),
    Section(
        "factors",
        "Contributing Factors",
        "Every factor that contributed to the incident, even if it wasn't the primary cause: "
        "what the factor was and how it contributed.",
    ),
    Section(
        "resolution",
        "Resolution",
        "What was done to restore service, the commands or steps taken, and how the fix was "
        "verified.",
    ),
    Section(
        "actions",
        "Action Items",
        "Concrete follow-ups, each with an owner, a priority (P0-P2) and a due date, in the "
        "template's five categories: prevent recurrence, improve detection, reduce impact, "
        "process changes, training.",
    ),
    Section(
        "lessons",
        "Lessons Learned",
        "What went well (e.g. \"Alert fired within 2 minutes\"), what could be improved "
        "(e.g. \"Runbook was missing steps for this scenario\") and what we will do "
        "differently.",
    ),
    Section(
        "appendix",
        "Appendix",
        "Optional supporting material: relevant logs (sanitize sensitive data), links to "
        "dashboards and graphs, configuration changes before and after, related incidents "
        "and external references.",
        optional=True,
    ),
    Section(
        "signoff",
        "Sign-off",
        "The post-mortem's author, its reviewers and whether they approved, and the follow-up "
        "schedule (action items check, 30-day retrospective, final close-out).",
    ),
    Section(
        "history",
        "Document History",
        "Versions of this document: the tool adds a row on the first save and on each status "
        "change; edit them as you like.",
    ),
)

SECTION_KEYS: tuple[str, ...] = tuple(s.key for s in SECTIONS)


def section(key: str) -> Section:
    for s in SECTIONS:
        if s.key == key:
            return s
    raise KeyError(key)
