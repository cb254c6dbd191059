"""The review workflow: Draft -> Reviewed -> Closed and back, each step's refusals saying exactly
what is missing, each step's history row; a Closed post-mortem read-only; follow-up reviews
missed; the tracker link in the exported action cell."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from kit import FrozenClock
from test_cli import one_error_line, run
from test_export import render, rendered_tables

from postmortem_tui.cli import cli
from postmortem_tui.core.completeness import assess
from postmortem_tui.core.export import to_markdown
from postmortem_tui.core.locking import DraftLock
from postmortem_tui.core.model import HistoryEntry, PostMortem, Reviewer, Status
from postmortem_tui.core.read_only import (
    ClosedError,
    ensure_editable,
    ensure_editable_data,
    is_closed_data,
)
from postmortem_tui.core.review_workflow import (
    WorkflowRefused,
    check_move,
    missed_follow_ups,
    move,
)
from postmortem_tui.core.store import DraftStore

DAY = dt.date(2025, 3, 20)


@pytest.fixture
def draft(complete_doc: PostMortem) -> PostMortem:
    """Complete, a Draft at 0.1, one reviewer who approved on 2025-03-04."""
    assert complete_doc.header.status is Status.DRAFT
    return complete_doc


def refusal(doc: PostMortem, target: Status, **kw: object) -> tuple[str, ...]:
    found = check_move(doc, target, today=DAY, **kw)  # type: ignore[arg-type]
    assert found is not None
    return found.missing


# --- Reviewed ---------------------------------------------------------------------------------


def test_reviewed_is_version_1_0_with_who_approved(draft: PostMortem) -> None:
    entry = move(draft, Status.REVIEWED, DAY, author="Luis Pérez")
    assert draft.header.status is Status.REVIEWED
    assert entry is not None and entry is draft.history[-1]
    assert (entry.version, entry.date, entry.author) == ("1.0", DAY, "Luis Pérez")
    assert entry.changes == "Final version after review (approved by Luis)"


def test_reviewed_needs_a_complete_document(draft: PostMortem) -> None:
    draft.summary = ""
    draft.actions[0].owner = ""
    assert refusal(draft, Status.REVIEWED) == (
        "Executive Summary: Executive summary is missing",
        "Action Items: Action item 1 has no owner",
    )
    with pytest.raises(WorkflowRefused) as raised:
        move(draft, Status.REVIEWED, DAY)
    assert str(raised.value) == (
        "INC-20250303-001 cannot be marked Reviewed yet: Executive Summary: Executive summary "
        "is missing; Action Items: Action item 1 has no owner"
    )
    assert draft.header.status is Status.DRAFT and len(draft.history) == 1  # nothing changed


def test_reviewed_needs_an_approval_with_a_date(draft: PostMortem) -> None:
    reviewer = draft.signoff.reviewers[0]
    reviewer.date_reviewed = None
    assert refusal(draft, Status.REVIEWED) == (
        "Sign-off: a reviewer approved but without a review date; set their Date reviewed",)
    reviewer.approved = None
    assert refusal(draft, Status.REVIEWED) == (
        "Sign-off: Status is Reviewed but reviewer 1 (Luis) has not approved",
        "Sign-off: no reviewer has approved yet (a reviewer with Approved Yes and the Date "
        "reviewed)",
    )
    # Every listed reviewer approves before the document is Reviewed, as `check` then says.
    reviewer.approved = True
    reviewer.date_reviewed = DAY
    draft.signoff.reviewers.append(Reviewer(name="Eva", role="Risk", approved=False))
    assert refusal(draft, Status.REVIEWED) == (
        "Sign-off: Status is Reviewed but reviewer 2 (Eva) did not approve",)


# --- Closed -----------------------------------------------------------------------------------


def test_closed_needs_reviewed_first(draft: PostMortem) -> None:
    assert refusal(draft, Status.CLOSED) == ("it must be Reviewed before it is Closed",)


def test_closed_needs_every_p0_done_or_accepted_by_id(draft: PostMortem) -> None:
    move(draft, Status.REVIEWED, DAY)
    found = check_move(draft, Status.CLOSED, today=DAY)
    assert found is not None and found.open_p0 == (1,)
    assert found.missing == (
        "P0 action item 1 is Open, not Done: finish it, or accept it as open by its ID",)
    assert refusal(draft, Status.CLOSED, accept_open=[1, 4]) == (
        "action item 4 is not an open P0 item, so it cannot be accepted as open",)
    entry = move(draft, Status.CLOSED, DAY, accept_open=[1], reason="Owned by the infra team")
    assert entry is not None and entry.version == "1.1"
    assert entry.changes == "Closed; P0 action item 1 accepted as open: Owned by the infra team"
    assert draft.header.status is Status.CLOSED


def test_closed_when_every_p0_is_done(draft: PostMortem) -> None:
    move(draft, Status.REVIEWED, DAY)
    draft.actions[0].status = "Done"  # type: ignore[assignment]
    entry = move(draft, Status.CLOSED, DAY)
    assert entry is not None and (entry.version, entry.changes) == ("1.1", "Closed")


# --- reopening --------------------------------------------------------------------------------


def test_reopening_needs_a_reason_and_is_recorded(draft: PostMortem) -> None:
    move(draft, Status.REVIEWED, DAY)
    draft.actions[0].status = "Done"  # type: ignore[assignment]
    move(draft, Status.CLOSED, DAY)
    found = check_move(draft, Status.DRAFT, today=DAY)
    assert found is not None and found.needs_reason
    assert found.missing == ("going back from Closed to Draft is reopening, and needs a reason "
                             "(it is recorded in the document history)",)
    with pytest.raises(WorkflowRefused):
        move(draft, Status.DRAFT, DAY, reason="  ")
    entry = move(draft, Status.DRAFT, DAY, reason="The root cause\nwas wrong")
    assert entry is not None and (entry.version, entry.changes) == (
        "1.2", "Reopened as Draft (was Closed): The root cause was wrong")
    # Reviewed again: a minor version (1.0 was the first review).
    entry = move(draft, Status.REVIEWED, DAY)
    assert entry is not None and entry.version == "1.3"
    assert [h.version for h in draft.history] == ["0.1", "1.0", "1.1", "1.2", "1.3"]


def test_the_same_status_changes_nothing(draft: PostMortem) -> None:
    assert move(draft, Status.DRAFT, DAY) is None and len(draft.history) == 1


# --- read-only ------------------------------------------------------------------------------


def test_a_closed_post_mortem_is_read_only(draft: PostMortem) -> None:
    ensure_editable(draft)
    draft.header.status = Status.CLOSED
    with pytest.raises(ClosedError) as raised:
        ensure_editable(draft)
    assert str(raised.value) == (
        "INC-20250303-001 is Closed, so it is read-only; reopen it first with `postmortem "
        "status INC-20250303-001 Draft --reason TEXT` (its action items stay updatable: "
        "`postmortem actions set`)"
    )
    assert is_closed_data({"header": {"status": "Closed"}})
    assert not is_closed_data({"header": {"status": "Reviewed"}}) and not is_closed_data({})
    with pytest.raises(ClosedError):
        ensure_editable_data({"header": {"status": "closed"}}, "INC-20250303-001")


def test_timeline_add_refuses_a_closed_post_mortem(
    store: DraftStore, draft: PostMortem
) -> None:
    draft.header.status = Status.CLOSED
    path = store.save(draft)
    before = path.read_bytes()
    proc = run("timeline", "add", "INC-20250303-001", "Restarted the feed", folder=store.folder)
    assert one_error_line(proc).endswith("INC-20250303-001 is Closed, so it is read-only; "
                                         "reopen it first with `postmortem status "
                                         "INC-20250303-001 Draft --reason TEXT` (its action "
                                         "items stay updatable: `postmortem actions set`)")
    assert path.read_bytes() == before


def test_timeline_import_refuses_a_closed_post_mortem(
    tmp_path: Path, store: DraftStore, draft: PostMortem
) -> None:
    from timeline_samples import write_app_log

    draft.header.status = Status.CLOSED
    path = store.save(draft)
    before = path.read_bytes()
    log = write_app_log(tmp_path / "gw.log")
    proc = run("timeline", "import", "INC-20250303-001", str(log), folder=store.folder)
    assert one_error_line(proc).endswith("INC-20250303-001 is Closed, so it is read-only; "
                                         "reopen it first with `postmortem status "
                                         "INC-20250303-001 Draft --reason TEXT` (its action "
                                         "items stay updatable: `postmortem actions set`)")
    assert path.read_bytes() == before


# --- follow-up reviews ------------------------------------------------------------------------


def test_a_follow_up_whose_date_passed_with_nothing_recorded_is_reported(
    draft: PostMortem,
) -> None:
    # Due 2025-03-17; the history's last row is 2025-03-03.
    assert missed_follow_ups(draft, dt.date(2025, 3, 17)) == []
    ((index, fu),) = missed_follow_ups(draft, dt.date(2025, 3, 18))
    assert index == 0 and fu.review_type == "Action items check"
    messages = [f.message for r in assess(draft, dt.date(2025, 3, 18)) for f in r.findings
                if f.path[:2] == ("signoff", "follow_ups")]
    assert messages == ["Follow-up 1 (Action items check) was due 2025-03-17 and nothing is "
                        "recorded since: add a document history row saying what it found, or "
                        "move its date"]
    finding = next(f for r in assess(draft, dt.date(2025, 3, 18)) for f in r.findings
                   if f.path[:2] == ("signoff", "follow_ups"))
    assert not finding.blocking and finding.path == ("signoff", "follow_ups", 0, "date")
    # A row dated on or after it records it.
    draft.history.append(HistoryEntry(version="0.2", date=dt.date(2025, 3, 17), author="Ana",
                                      changes="Action items check: 1 of 1 on track"))
    assert missed_follow_ups(draft, dt.date(2025, 3, 18)) == []
    # Closed: the reviews are over.
    draft.history.pop()
    draft.header.status = Status.CLOSED
    assert missed_follow_ups(draft, dt.date(2025, 3, 18)) == []


# --- the tracker link in the export -----------------------------------------------------------


def test_the_tracker_link_is_a_link_in_the_action_cell(draft: PostMortem) -> None:
    draft.actions[0].link = "https://jira.example.com/browse/RISK-12"
    markdown = to_markdown(draft)
    row = next(line for line in markdown.splitlines() if line.startswith("| 1 "))
    assert ("Move the gateway certificate to cert-manager (Prevent Recurrence) · "
            "[RISK-12](https://jira.example.com/browse/RISK-12)") in row
    html = render(markdown)
    assert '<a href="https://jira.example.com/browse/RISK-12">RISK-12</a>' in html


@pytest.mark.parametrize(
    ("url", "label", "href"),
    [
        ("https://github.com/o/r/issues/45", "#45", "https://github.com/o/r/issues/45"),
        ("https://gitlab.example.com/", "gitlab.example.com", "https://gitlab.example.com/"),
        ("https://x.example/a|b`c(d)*e*_f_?q=1&r=2", "a|b`c(d)*e*_f_",
         "https://x.example/a%7Cb%60c(d)*e*_f_?q=1&amp;r=2"),
    ],
)
def test_a_hostile_link_stays_one_link_in_one_cell(
    draft: PostMortem, url: str, label: str, href: str
) -> None:
    draft.actions[0].link = url
    html = render(to_markdown(draft))
    tables = rendered_tables(html)
    assert all(len(set(rows)) == 1 for rows in tables)  # every row as many cells as its header
    anchor = re.search(r'<a href="([^"]*)">([^<]*)</a>', html.split("Action Items")[1])
    assert anchor is not None
    assert anchor.group(1) == href
    import html as html_module

    assert html_module.unescape(anchor.group(2)) == label


def test_drafts_without_links_load_and_export_as_before(store: DraftStore, draft: PostMortem
                                                        ) -> None:
    path = store.save(draft)
    text = path.read_text()
    assert 'link = ""' in text
    old = path.with_name("INC-20250303-002.toml")
    old.write_text(text.replace('link = ""\n', "").replace("INC-20250303-001",
                                                             "INC-20250303-002"))
    loaded = store.load(old)
    assert loaded.actions[0].link == ""
    assert to_markdown(loaded) == to_markdown(draft).replace("INC-20250303-001",
                                                             "INC-20250303-002")


# --- postmortem status ----------------------------------------------------------------------


@pytest.fixture
def saved(store: DraftStore, draft: PostMortem, clock: FrozenClock) -> Path:
    clock.set(DAY)
    return store.save(draft)


def pm(store: DraftStore, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--dir", str(store.folder), *args])
    return result.exit_code, result.output


def test_status_walks_the_workflow(store: DraftStore, saved: Path) -> None:
    assert pm(store, "status", "INC-20250303-001") == (0, (
        "INC-20250303-001 is Draft (version 0.1).\n"
        "Ready for Reviewed: `postmortem status INC-20250303-001 Reviewed`.\n"))
    code, said = pm(store, "status", "INC-20250303-001", "reviewed", "--author", "Luis")
    assert (code, said) == (0, "INC-20250303-001 is Reviewed: v1.0 Final version after review "
                               "(approved by Luis)\n")
    code, said = pm(store, "status", "INC-20250303-001", "Closed")
    assert code == 1
    assert said == (
        "postmortem: INC-20250303-001 cannot be marked Closed yet; missing:\n"
        "  - P0 action item 1 is Open, not Done: finish it, or accept it as open by its ID\n"
        "To close with it still open, say so: `postmortem status INC-20250303-001 Closed "
        "--accept-open 1`.\n"
    )
    code, said = pm(store, "status", "INC-20250303-001", "Closed", "--accept-open", "1")
    assert code == 0 and said.startswith("INC-20250303-001 is Closed: v1.1 Closed; P0 action "
                                         "item 1 accepted as open\n")
    assert "Reopen it with `postmortem status INC-20250303-001 Draft --reason TEXT`" in said
    # Closed: the action items stay updatable, and each change is recorded.
    assert pm(store, "actions", "set", "INC-20250303-001", "1", "--status", "Done")[0] == 0
    code, said = pm(store, "status", "INC-20250303-001", "Draft")
    assert code == 2 and said == (
        "postmortem: error: INC-20250303-001: going back from Closed to Draft is reopening, and "
        "needs a reason (it is recorded in the document history); give it with --reason TEXT\n")
    assert pm(store, "status", "INC-20250303-001", "Draft", "--reason", "New evidence")[0] == 0
    doc = store.load(saved)
    assert doc.header.status is Status.DRAFT
    assert [(h.version, h.date, h.changes) for h in doc.history[1:]] == [
        ("1.0", DAY, "Final version after review (approved by Luis)"),
        ("1.1", DAY, "Closed; P0 action item 1 accepted as open"),
        ("1.2", DAY, "Action item 1: status Open → Done"),
        ("1.3", DAY, "Reopened as Draft (was Closed): New evidence"),
    ]


def test_status_refusal_lists_everything_missing(store: DraftStore, saved: Path) -> None:
    doc = store.load(saved)
    doc.summary = ""
    doc.signoff.reviewers[0].approved = None
    store.save(doc, saved)
    before = saved.read_bytes()
    code, said = pm(store, "status", "INC-20250303-001", "Reviewed")
    assert code == 1
    assert said.splitlines() == [
        "postmortem: INC-20250303-001 cannot be marked Reviewed yet; missing:",
        "  - Executive Summary: Executive summary is missing",
        "  - Sign-off: Status is Reviewed but reviewer 1 (Luis) has not approved",
        "  - Sign-off: no reviewer has approved yet (a reviewer with Approved Yes and the Date "
        "reviewed)",
    ]
    assert saved.read_bytes() == before
    assert pm(store, "status", "INC-20250303-001")[1].splitlines()[1:] == [
        "Before it can be Reviewed:",
        "  - Executive Summary: Executive summary is missing",
        "  - Sign-off: Status is Reviewed but reviewer 1 (Luis) has not approved",
        "  - Sign-off: no reviewer has approved yet (a reviewer with Approved Yes and the Date "
        "reviewed)",
    ]


def test_status_bad_usage(store: DraftStore, saved: Path) -> None:
    assert pm(store, "status", "INC-20250303-001", "Done")[0] == 2
    proc = run("status", "INC-20250303-001", "Reviewed", "--accept-open", "x",
               folder=store.folder)
    assert proc.returncode == 2


def test_status_is_refused_while_the_draft_is_open_elsewhere(
    store: DraftStore, saved: Path
) -> None:
    before = saved.read_bytes()
    lock = DraftLock(saved)
    lock.acquire()
    try:
        proc = run("status", "INC-20250303-001", "Reviewed", folder=store.folder)
    finally:
        lock.release()
    assert "is open in another terminal" in one_error_line(proc)
    assert saved.read_bytes() == before
