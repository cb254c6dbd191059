"""The review workflow in the wizard: the command palette's steps (mark reviewed, close,
reopen) with the same checks and refusals as `postmortem status` (core/review_workflow.py), and
the read-only mode of a Closed post-mortem."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core import timeutil
from ..core.model import Status
from ..core.read_only import is_closed, reopen_command
from ..core.review_workflow import check_move, is_reopening, move

if TYPE_CHECKING:
    from .screens.wizard import WizardScreen

PALETTE = "Ctrl+P"


def closed_notice(ident: str) -> str:
    """What a refused edit of a Closed post-mortem says in the wizard."""
    return (
        "This post-mortem is Closed, so it is read-only. Reopen it from the command palette "
        f"({PALETTE}, \"Review: Reopen as draft\") or with `{reopen_command(ident)}`; its "
        "action items stay updatable with `postmortem actions set`."
    )


def steps(status: Status) -> list[tuple[str, Status, str]]:
    """The palette's review steps from `status`: (name, target, help)."""
    if status is Status.DRAFT:
        return [
            ("Review: Mark reviewed", Status.REVIEWED,
             "Needs a complete document and a reviewer who approved, with a date"),
            ("Review: Close", Status.CLOSED, "Needs Reviewed first"),
        ]
    if status is Status.REVIEWED:
        return [
            ("Review: Close", Status.CLOSED,
             "Read-only from then on; every P0 action item Done or accepted as open"),
            ("Review: Back to draft…", Status.DRAFT, "Asks why; recorded in the history"),
        ]
    return [
        ("Review: Reopen as draft…", Status.DRAFT, "Asks why; recorded in the history"),
        ("Review: Reopen as reviewed…", Status.REVIEWED, "Asks why; recorded in the history"),
    ]


def apply_status(screen: WizardScreen) -> None:
    """Show the document's status as it is now: a Closed one read-only (its forms disabled,
    nothing saved: the file stays as it was closed), another one editable unless the draft is
    open elsewhere."""
    from .sections.base import SectionForm

    closed = is_closed(screen.doc)
    screen.closed = closed
    screen.session.draft.read_only = screen.read_only or closed
    for form in screen.query(SectionForm):
        form.disabled = closed or screen.read_only
    screen.refresh_field("header-status")
    screen.history_changed()


async def take_step(screen: WizardScreen, target: Status) -> bool:
    """Move the document to `target` as `postmortem status` would, asking for a reason to
    reopen and for the P0 items to accept as open to close; True if it moved."""
    from .screens.confirm import ConfirmScreen
    from .screens.reason_dialog import ReasonDialog

    doc = screen.doc
    ident = doc.header.incident_id or "This post-mortem"
    if screen.read_only:
        screen.notify(
            "This draft is open for writing in another terminal: change its status there.",
            title="Read-only", severity="warning", markup=False,
        )
        return False
    old = doc.header.status
    if target is old:
        screen.notify(f"{ident} is {old.value} already.", markup=False)
        return False
    today = timeutil.today_cot()
    reason = ""
    if is_reopening(old, target):
        asked = await screen.app.push_screen_wait(ReasonDialog(
            f"{ident} is {old.value}. Why go back to {target.value}? The reason is recorded "
            "in the document history.", go=f"Reopen as {target.value}",
        ))
        if not asked:
            return False
        reason = asked
    accept: tuple[int, ...] = ()
    refusal = check_move(doc, target, reason=reason, today=today)
    if refusal is not None and refusal.open_p0 and check_move(
        doc, target, reason=reason, accept_open=refusal.open_p0, today=today
    ) is None:
        items = refusal.open_p0
        named = ", ".join(str(n) for n in items)
        s = "s" if len(items) > 1 else ""
        ok = await screen.app.push_screen_wait(ConfirmScreen(
            f"P0 action item{s} {named} {'are' if s else 'is'} not Done. Close anyway, "
            f"recording in the document history that {'they are' if s else 'it is'} accepted "
            "as open?",
            yes=f"Close, accept {named} as open", no="Go back", danger=False,
        ))
        if not ok:
            return False
        accept, refusal = items, None
    if refusal is not None:
        lines = "\n".join(f"• {text}" for text in refusal.missing)
        screen.notify(f"Missing:\n{lines}", title=f"Cannot mark {target.value} yet",
                      severity="error", timeout=20, markup=False)
        return False
    entry = move(doc, target, today, reason=reason, accept_open=accept)
    # Saved at once, before a Closed document stops being saved.
    screen.session.draft.read_only = False
    screen.session.save_sync()  # a failure is shown and retried by the session
    apply_status(screen)
    said = f"{ident} is {target.value}" + (f" (version {entry.version})" if entry else "")
    if target is Status.CLOSED:
        said += ": read-only from now on. Reopen it from the command palette if needed."
    screen.notify(said, title="Status", markup=False)
    return True
