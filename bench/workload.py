"""The benchmark workload, generated deterministically: same arguments, same bytes.

- the large draft: 500 timeline rows, 100 action items, 50 contributing factors, 30 reviewers
  and 30 follow-ups, 1 MB of pasted logs in the appendix (`scale` multiplies every count and
  the log size, so `scale=0.1` is the tenth-size draft the growth figures compare against);
- a folder of ordinary drafts, each the size of the demo post-mortem (1,000 by default);
- the demo draft itself.

Everything is built from the project's own model and written with its own storage code, so the
files are exactly what the app writes. Dates are fixed (`TODAY`), never the real today.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from postmortem_tui.core.atomic import write_atomic
from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.model import (
    ActionItem,
    ActionStatus,
    Author,
    Category,
    ContributingFactor,
    FollowUp,
    HistoryEntry,
    Milestone,
    PostMortem,
    Priority,
    Reviewer,
    TimelineEvent,
)
from postmortem_tui.core.toml_writer import render, snapshot

TODAY = dt.date(2025, 3, 4)
SEED = 20250304
LARGE_TITLE = "Bench large incident zq"
"""The large draft's title: visible in the first frame; typing appends to it."""
LARGE_ID = "INC-20250301-001"
SMALL_ID = "INC-20250301-002"
DEMO_ID = "INC-20250301-003"
TIMELINE_ID = "INC-20250301-004"

LARGE_COUNTS = {"timeline": 500, "actions": 100, "factors": 50, "reviewers": 30, "follow_ups": 30}
LOG_BYTES = 1_000_000

_SERVICES = ("risk-gateway", "order-gateway", "limits-loader", "md-feed", "fix-engine", "oms")
_LEVELS = ("INFO", "INFO", "INFO", "WARN", "DEBUG", "ERROR")
_WORDS = (
    "order", "accepted", "rejected", "limits", "cache", "miss", "refresh", "latency", "venue",
    "session", "quote", "fill", "cancel", "retry", "timeout", "heartbeat", "reconnect", "book",
)


def _log_line(rng: random.Random, n: int, start: dt.datetime) -> str:
    """One pasted log line: mostly plain, some with what real terminals paste (quotes, JSON,
    Windows paths, tabs, ANSI colours, non-ASCII)."""
    when = start + dt.timedelta(milliseconds=n * 37)
    service = rng.choice(_SERVICES)
    level = rng.choice(_LEVELS)
    words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 9)))
    kind = n % 20
    acct = f"ACC-{rng.randint(10000, 99999)}"
    if kind == 0:
        extra = f' payload={{"acct": "{acct}", "qty": {rng.randint(1, 900)}}}'
    elif kind == 1:
        extra = f" path=C:\\trading\\{service}\\logs\\run-{n}.log"
    elif kind == 2:
        extra = f"\tthread=worker-{rng.randint(1, 16)}"
    elif kind == 3:
        level = f"\x1b[31m{level}\x1b[0m"  # a coloured level, as pasted from a terminal
        extra = f" id={7_700_000 + n}"
    elif kind == 4:
        extra = " cliente=Bogotá señal=ok ✓"
    else:
        extra = f" id={7_700_000 + n} acct={acct}"
    return f"{when:%Y-%m-%d %H:%M:%S.%f}"[:-3] + f" {level:5} {service} {words}{extra}"


def make_logs(size: int, seed: int = SEED) -> str:
    """About `size` bytes (UTF-8) of log lines, deterministic."""
    rng = random.Random(seed)
    start = dt.datetime(2025, 3, 1, 8, 0)
    lines: list[str] = []
    total = 0
    n = 0
    while total < size:
        line = _log_line(rng, n, start)
        lines.append(line)
        total += len(line.encode("utf-8")) + 1
        n += 1
    return "\n".join(lines)


def large_document(scale: float = 1.0, *, title: str = LARGE_TITLE,
                   incident_id: str = LARGE_ID) -> PostMortem:
    """The demo post-mortem grown to the large draft's size (times `scale`); complete, so
    `check` passes and `export` does not refuse it."""
    rng = random.Random(SEED)
    counts = {k: max(1, round(n * scale)) for k, n in LARGE_COUNTS.items()}
    doc = demo_document(TODAY, incident_id=incident_id)
    doc.header.title = title
    incident = doc.header.date or TODAY
    # Timeline: 11 hours from 08:00 (under the 12-hour "probably a typo" mark), chronological,
    # the nine milestones spread through it.
    rows = counts["timeline"]
    span = 660
    milestones = list(Milestone)
    at = {round(i * (rows - 1) / (len(milestones) - 1)): m for i, m in enumerate(milestones)}
    timeline = []
    for i in range(rows):
        minute = 8 * 60 + (i * span) // max(1, rows)
        m = at.get(i)
        event = (f"{m.label}: " if m else "") + f"step {i + 1}: " + " ".join(
            rng.choice(_WORDS) for _ in range(rng.randint(4, 12))
        )
        timeline.append(TimelineEvent(
            time=dt.time(minute // 60, minute % 60), event=event,
            actor=rng.choice(("System", "Monitoring", "On-call SRE", "Risk platform",
                              "Incident commander", "Equities desk")),
            milestone=m,
        ))
    doc.timeline = timeline
    doc.header.start_time = timeline[0].time
    doc.header.end_time = timeline[-1].time
    doc.factors = [
        ContributingFactor(
            title=f"Factor {i + 1}: " + " ".join(rng.choice(_WORDS) for _ in range(4)),
            description=" ".join(rng.choice(_WORDS) for _ in range(25)),
            contribution=" ".join(rng.choice(_WORDS) for _ in range(20)),
        )
        for i in range(counts["factors"])
    ]
    categories = list(Category)
    doc.actions = [
        ActionItem(
            id=i + 1,
            action=f"Action {i + 1}: " + " ".join(rng.choice(_WORDS) for _ in range(12)),
            owner=rng.choice(("Ana Restrepo", "Julián Ortiz", "Carlos Mejía", "Laura Gómez")),
            priority=list(Priority)[i % 3],
            due=TODAY + dt.timedelta(days=7 + i % 60),
            status=list(ActionStatus)[i % 3],
            category=categories[i % len(categories)],
        )
        for i in range(counts["actions"])
    ]
    doc.signoff.author = Author(name="Ana Restrepo", role="SRE", date_written=incident)
    doc.signoff.reviewers = [
        Reviewer(name=f"Reviewer {i + 1}", role="Trading technology",
                 date_reviewed=TODAY, approved=True)
        for i in range(counts["reviewers"])
    ]
    doc.signoff.follow_ups = [
        FollowUp(date=TODAY + dt.timedelta(days=7 * (i + 1)), review_type="Action items check",
                 owner="Carlos Mejía")
        for i in range(counts["follow_ups"])
    ]
    doc.history = [*doc.history, HistoryEntry(version="1.1", date=TODAY, author="Bench",
                                              changes="Grown for the benchmark")]
    doc.appendix.logs = make_logs(int(LOG_BYTES * scale))
    return doc


def ordinary_document(n: int) -> PostMortem:
    """The n-th draft of the folder: the demo post-mortem with its own ID and title."""
    day = dt.date(2024, 1, 1) + dt.timedelta(days=n // 3)
    doc = demo_document(day + dt.timedelta(days=3), incident_id=f"INC-{day:%Y%m%d}-{n % 3 + 1:03d}")
    doc.header.title = f"Ordinary incident {n}: " + doc.header.title
    return doc


@dataclass(frozen=True)
class Workload:
    root: Path
    large: Path
    """The large draft, in `drafts/`."""
    small: Path
    """The tenth-size draft (growth figures), in `growth/`."""
    demo: Path
    """The demo draft, in `demo/`."""
    timeline: Path
    """The large draft again, saved while on its timeline (it opens there), in `timeline/`."""
    folder: Path
    """The folder of ordinary drafts (`list`)."""
    n_drafts: int
    scale: float


def _write(path: Path, doc: PostMortem) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, render(snapshot(doc)))
    return path


def generate(root: Path, *, scale: float = 1.0, n_drafts: int = 1000) -> Workload:
    """Write the workload under `root` (which must exist)."""
    large = _write(root / "drafts" / f"{LARGE_ID}.toml", large_document(scale))
    small = _write(root / "growth" / f"{SMALL_ID}.toml",
                   large_document(scale / 10, incident_id=SMALL_ID))
    demo = _write(root / "demo" / f"{DEMO_ID}.toml", demo_document(TODAY, incident_id=DEMO_ID))
    on_timeline = large_document(scale, incident_id=TIMELINE_ID)
    on_timeline.wizard.section = "timeline"
    on_timeline.wizard.field = "timeline-rows"
    timeline = _write(root / "timeline" / f"{TIMELINE_ID}.toml", on_timeline)
    folder = root / "folder"
    folder.mkdir(parents=True, exist_ok=True)
    base = ordinary_document(0)
    base_text = render(snapshot(base))
    for n in range(n_drafts):
        doc_id = f"INC-{dt.date(2024, 1, 1) + dt.timedelta(days=n // 3):%Y%m%d}-{n % 3 + 1:03d}"
        # Same shape as the demo, its own ID and title; written plainly (no fsync: set-up only).
        text = base_text.replace(base.header.incident_id, doc_id).replace(
            "Ordinary incident 0:", f"Ordinary incident {n}:")
        (folder / f"{doc_id}.toml").write_text(text, encoding="utf-8")
    return Workload(root=root, large=large, small=small, demo=demo, timeline=timeline,
                    folder=folder,
                    n_drafts=n_drafts, scale=scale)
