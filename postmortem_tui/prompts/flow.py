"""The questions of `postmortem quick`: the essentials of a post-mortem, one at a time.

The questions, in order:

1. Header: title; incident date (default today, COT); start time (no default: "now" typed
   gives the current time, which the hint shows; Enter leaves it unknown); "Has the incident
   ended?" and, if so, the end time (as the start; not asked without a start time) -- if not, it
   is still ongoing: the status stays Draft and the resolution questions are skipped; severity
   (with its meaning; no default, the author picks one).
2. The executive summary, one paragraph.
3. The nine timeline milestones, each time skippable (the key discovery also asks what it was);
   "Service restored" and "Incident closed" are resolution questions. Every time question takes
   "now" for the current time, and shows the time it stands for as the answer.
4. Extra timeline events in a loop: "Add another?", then the event, its time and its actor;
   each is placed in the timeline where its time falls.
5. The impact metrics, each skippable; what the financial impact is only when it has an
   amount.
6. The 5 Whys, as far as the author can go: the first question is pre-filled from the title,
   each next one derived from the previous answer; an empty answer ends the chain.
7. Resolution: the immediate fix (a resolution question: skipped while ongoing).
8. Action items in a loop: action, owner, priority (with its meaning, no default), due date
   (suggested from the priority), category (with its meaning, or later); IDs are the next
   free ones.

Then the draft's ID and path, its completeness and the command that opens it in the wizard.

Every answer is assigned to the model -- the one place that validates -- and a refused answer is
asked again with the model's message. Every accepted answer is saved at once, so an interruption
loses nothing already answered. A new draft's file is created with the first answer, as the
wizard's new draft is (`store.new`), and from then on it is saved as the wizard saves it, through
`core.draft_session.DraftSession`: the first history row, an ID derived from the incident date
following the date, the file named after the ID. The draft is locked as the wizard locks it, from
the first answer (or from the start when resuming) to the end of the run, so the two never write
over each other. Ctrl+C, `kill` and a closed terminal stop
the run alike (exit 130, 143, 129): the terminal's mode is put back and the lock released.

Resuming (`--resume REF`) asks only what is still unanswered, judged from the draft itself:

- text fields are answered when not blank, numbers/times/choices when set;
- the date counts as answered together with the start time (a new draft's date is pre-filled,
  so a date without a start time is offered again, with its value as the default);
- the end time is answered when set; while it is empty "Has the incident ended?" is asked again;
- a milestone is answered when its row has a time (the key discovery also needs its event);
- a Why is answered when it has a "because"; the chain resumes at the first one without;
- an event of the author's own is answered when it has a time and an actor, an action item when
  it has action, owner, priority and due date; what an existing one lacks is asked for;
- the two loops (extra events, action items) always offer one more, defaulting to "no" once
  there are entries;
- a skipped question is unanswered, so resuming offers it again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from pydantic_core import ValidationError

from postmortem_tui.core import timeutil
from postmortem_tui.core.draft_session import DraftSession
from postmortem_tui.core.model import (
    ActionItem,
    Category,
    Milestone,
    Part,
    PostMortem,
    Priority,
    Severity,
    TimelineEvent,
    Why,
    error_message,
    next_why_question,
)
from postmortem_tui.core.store import DraftStore
from postmortem_tui.core.timeutil import format_hhmm, minutes_between

from .base import Choice, Prompter
from .signals import raise_if_signalled

# Milestones that only happen once the incident is over: skipped while it is still ongoing.
RESOLUTION_MILESTONES = frozenset({Milestone.SERVICE_RESTORED, Milestone.INCIDENT_CLOSED})

SEVERITY_CHOICES = tuple(Choice(s.value, f"{s.value}  {s.meaning}") for s in Severity)
PRIORITY_CHOICES = tuple(Choice(p.value, f"{p.value}  {p.meaning}") for p in Priority)
LATER = Choice("", "decide later (check will ask)")
CATEGORY_CHOICES = (*(Choice(c.value, f"{c.value}: {c.meaning}") for c in Category), LATER)
# Suggested due date by priority: within the week, this sprint, this month.
DUE_IN_DAYS = {Priority.P0: 7, Priority.P1: 14, Priority.P2: 30}

SKIP = "Enter to skip"

# (field, question, hint) of the quantitative impact, each skippable.
IMPACT_QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("trading_downtime_minutes", "Trading downtime, in minutes", f"a whole number; {SKIP}"),
    ("missed_trades", "Missed trades", f"how many; {SKIP}"),
    ("erroneous_trades", "Erroneous trades", f"how many; {SKIP}"),
    ("financial_amount", "Financial impact: amount", f"e.g. $41,250 or 0; {SKIP}"),
    ("financial_description", "Financial impact: what is it", f"e.g. slippage on fills; {SKIP}"),
    ("users_affected", "Users/systems affected", f"who or what; {SKIP}"),
    ("data_loss", "Data loss", f"None, or what was lost; {SKIP}"),
)


def short(text: str, limit: int = 40) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis, at a word if one ends
    late enough."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "\u2026"


def is_set(value: object) -> bool:
    return bool(value.strip()) if isinstance(value, str) else value is not None


class QuickFlow:
    """The questions of `postmortem quick` over one draft, asked through a `Prompter`."""

    def __init__(
        self,
        store: DraftStore,
        prompter: Prompter,
        doc: PostMortem,
        draft: DraftSession | None = None,
        *,
        today: date | None = None,
    ) -> None:
        """Args:
        store: the drafts folder.
        prompter: the prompt backend.
        doc: the document; a new one has no incident ID yet.
        draft: the draft open for editing (its file and lock), or None until the first answer
            creates it.
        today: the day (COT) the defaults are based on; today when None.
        """
        self.store = store
        self.prompter = prompter
        self.doc = doc
        self.draft = draft
        self.today = today or timeutil.today_cot()
        self.saved: list[str] = []  # what each save of this run stored, in order
        self.saving = ""  # what the save under way stores, for the message if it fails
        self.ended = False  # "Has the incident ended?" was answered yes in this run

    # --- asking and saving -------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        """The draft's file (it follows the incident ID); None until the first save."""
        return self.draft.path if self.draft is not None else None

    @property
    def ongoing(self) -> bool:
        return self.doc.header.end_time is None and not self.ended

    def save(self, what: str) -> None:
        """Write the draft now, as the wizard saves it; the first save of a new document files
        it as the wizard's new draft is filed: the next free ID, its file, its lock."""
        self.saving = what
        if self.draft is None:
            created, path = self.store.new(when=self.doc.header.date or self.today)
            self.doc.header.incident_id = created.header.incident_id
            self.draft = DraftSession.open(self.store, self.doc, path)
        prepared = self.draft.prepare()
        if prepared.not_renamed:
            self.prompter.say(f"{prepared.not_renamed}; saved as {self.draft.path.name}")
        self.draft.save()
        self.saved.append(what)
        self.saving = ""

    def release(self) -> None:
        """Let go of the draft's lock (however the run ends)."""
        if self.draft is not None:
            self.draft.release()

    def ask(self, part: Part, name: str, question: Callable[[], str]) -> str:
        """Ask until the model accepts the answer; it is assigned, not yet saved."""
        while True:
            answer = question().strip()
            raise_if_signalled()  # a kill that the answer beat to the prompt stops the run
            try:
                setattr(part, name, answer)
            except ValidationError as exc:
                self.prompter.error(error_message(exc))
                continue
            return answer

    def text(
        self,
        part: Part,
        name: str,
        message: str,
        *,
        default: str = "",
        hint: str = "",
        what: str = "",
    ) -> str:
        """Ask for a text answer to `part.name`, then save it."""
        answer = self.ask(
            part, name, partial(self.prompter.text, message, default=default, hint=hint)
        )
        self.save(what or part.label_of(name))
        return answer

    def select(
        self, part: Part, name: str, message: str, choices: tuple[Choice, ...],
        *, what: str = "",
    ) -> str:
        """Ask for one of `choices` (the author picks: there is no default), then save it."""
        answer = self.ask(
            part, name, partial(self.prompter.select, message, choices, default=None)
        )
        self.save(what or part.label_of(name))
        return answer

    # --- the questions -----------------------------------------------------------------------

    def run(self) -> None:
        self.header()
        self.summary()
        self.milestones()
        self.extra_events()
        self.impact()
        self.whys()
        self.resolution()
        self.actions()

    def header(self) -> None:
        h = self.doc.header
        if not is_set(h.title):
            self.text(
                h, "title", "Title",
                hint="the system and the symptom, e.g. Quote feed stalled on the FX gateway",
            )
        if h.date is None or h.start_time is None:
            self.text(
                h, "date", "Incident date",
                default=(h.date or self.today).isoformat(), hint="YYYY-MM-DD, COT",
            )
        if h.start_time is None:
            self.ask_time(h, "start_time", "Start time", "HH:MM, COT")
        if h.end_time is None:
            if not self.prompter.confirm("Has the incident ended?", default=True):
                self.prompter.say(
                    "Still ongoing: the status stays Draft and the resolution questions are "
                    "skipped. Resume later with --resume to add the end."
                )
            elif h.start_time is None:
                self.ended = True
                self.prompter.say(
                    "The end time is asked once the start time is known (--resume, or the "
                    "wizard)."
                )
            else:
                self.ended = True
                self.ask_time(
                    h, "end_time", "End time",
                    "HH:MM, COT; earlier than the start means the next day",
                )
        if h.severity is None:
            self.select(h, "severity", "Severity", SEVERITY_CHOICES)

    def ask_time(self, part: Part, name: str, message: str, hint: str) -> None:
        """A header time, with no default: "now" gives the current time, which the hint shows,
        and Enter alone leaves it unknown -- so a stray Enter never stores the time of
        writing."""
        self.ask(part, name, self._time_question(message, hint, show_now=True))
        self.save(part.label_of(name))

    def _time_question(self, message: str, hint: str, *, show_now: bool) -> Callable[[], str]:
        """Asks for a time; "now" is the current time (said in the hint when `show_now`)."""

        def question() -> str:
            now = format_hhmm(timeutil.now_cot().time())
            shown = f'{hint}; type "now" for {now}; {SKIP}' if show_now else hint
            return self.prompter.text(message, hint=shown, aliases={"now": now})

        return question

    def summary(self) -> None:
        if not is_set(self.doc.summary):
            self.text(
                self.doc, "summary", "Executive summary",
                hint="one paragraph for non-technical readers: what happened, the impact, "
                "how it was resolved",
            )

    def milestones(self) -> None:
        pending: list[tuple[Milestone, TimelineEvent]] = []
        for milestone in Milestone:
            if self.ongoing and milestone in RESOLUTION_MILESTONES:
                continue
            row = next((r for r in self.doc.timeline if r.milestone is milestone), None)
            if row is None:
                continue  # the author removed it in the wizard
            if row.time is None or (
                milestone is Milestone.KEY_DISCOVERY and not is_set(row.event)
            ):
                pending.append((milestone, row))
        if not pending:
            return
        self.prompter.say("Timeline milestones, in COT. Enter skips one you don't know yet.")
        for milestone, row in pending:
            if row.time is None:
                self.ask(
                    row, "time",
                    self._time_question(milestone.label, f"HH:MM; {SKIP}", show_now=False),
                )
                self.save(f"{milestone.label} time")
            if milestone is Milestone.KEY_DISCOVERY and not is_set(row.event):
                self.text(
                    row, "event", "What was the key discovery or action",
                    hint=f"e.g. Stale quotes traced to the feed handler; {SKIP}",
                    what="Key discovery",
                )

    def extra_events(self) -> None:
        timeline = self.doc.timeline
        for row in [r for r in timeline if r.milestone is None and is_set(r.event)]:
            self._finish_event(row, f" ({short(row.event)})")
        while True:
            extra = sum(1 for row in timeline if row.milestone is None)
            message = (
                "Add another timeline event?" if extra
                else "Add a timeline event of your own (a discovery, an action, a message)?"
            )
            if not self.prompter.confirm(message, default=False):
                return
            row = TimelineEvent()
            event = self.ask(
                row, "event",
                partial(self.prompter.text, "Event: what happened", hint="Enter to stop adding"),
            )
            if not event:
                return
            timeline.append(row)
            self.save("Timeline event")
            self._finish_event(row, "")

    def _finish_event(self, row: TimelineEvent, about: str) -> None:
        """Ask what an event of the author's own still lacks: its time and its actor."""
        if row.time is None:
            self.ask(row, "time",
                     self._time_question(f"Event time{about}", "HH:MM, COT", show_now=False))
            self._place(row)
            self.save("Timeline event time")
        if not is_set(row.actor):
            self.text(row, "actor", f"Event actor{about}", hint="who or what acted: a system, "
                      "team or role", what="Timeline event actor")

    def _place(self, row: TimelineEvent) -> None:
        """Move `row` to just after the last timed row at or before its time (so before any
        untimed rows that follow it, such as milestones not reached yet); the other rows keep
        their order."""
        timeline = self.doc.timeline
        anchor = self.doc.timeline_anchor()
        if anchor is None or row.time is None:
            return
        offset = minutes_between(anchor, row.time)
        timeline.pop(next(i for i, other in enumerate(timeline) if other is row))
        there = 0
        for index, other in enumerate(timeline):
            if other.time is not None and minutes_between(anchor, other.time) <= offset:
                there = index + 1
        timeline.insert(there, row)

    def impact(self) -> None:
        impact = self.doc.impact
        pending = [q for q in IMPACT_QUESTIONS if not is_set(getattr(impact, q[0]))]
        if not pending:
            return
        self.prompter.say("Impact, in trading terms. Enter skips what you don't know yet.")
        lasted = self.doc.header.duration
        for name, message, hint in pending:
            if name == "financial_description" and not is_set(impact.financial_amount):
                continue  # what an amount is, without an amount
            if name == "trading_downtime_minutes" and lasted:
                hint = f"the incident lasted {lasted}; {hint}"
            self.text(impact, name, message, hint=hint)

    def whys(self) -> None:
        whys = self.doc.root_cause.whys
        if all(is_set(w.because) for w in whys):
            return
        self.prompter.say(
            "Why did it happen? The 5 Whys, as far as you can go: each question follows from "
            "the answer before. Leave an answer empty to stop."
        )
        previous = ""
        for number, why in enumerate(whys, 1):
            if is_set(why.because):
                previous = why.because
                continue
            if not self._ask_why(number, why, previous):
                return
            previous = why.because

    def _ask_why(self, number: int, why: Why, previous: str) -> bool:
        """One Why; False when the author stops the chain here."""
        question = why.question.strip()
        if not question and number == 1:
            title = self.doc.header.title.strip()
            suggested = next_why_question(title) if title else "Why did the incident happen?"
            question = self.text(
                why, "question", "Why 1: the question to start from", default=suggested,
                what="Why 1 question",
            )
            if not question:
                return False
        elif not question:
            question = next_why_question(previous)
        because = self.ask(
            why, "because",
            partial(
                self.prompter.text, f"Why {number}: {question}",
                hint="Because ...; Enter to stop here",
            ),
        )
        if not because:
            return False
        why.question = question
        self.save(f"Why {number}")
        return True

    def resolution(self) -> None:
        fix = self.doc.resolution
        if self.ongoing or is_set(fix.immediate_fix):
            return
        self.text(
            fix, "immediate_fix", "Resolution: what was done to restore service",
            hint=f"the immediate fix, a sentence or two; {SKIP}",
        )

    def actions(self) -> None:
        actions = self.doc.actions
        unfinished = [
            a for a in actions
            if is_set(a.action)
            and not (
                is_set(a.owner) and a.priority is not None and a.due is not None
                and a.category is not None
            )
        ]
        if unfinished or not actions:
            self.prompter.say(
                "Action items: what will keep this from happening again, or catch it sooner."
            )
        for item in unfinished:
            self._finish_action(item, f" ({short(item.action)})")
        while self.prompter.confirm(
            "Add another action item?" if actions else "Add an action item?",
            default=not actions,
        ):
            item = ActionItem(id=self.doc.next_action_id())
            message = f"Action {item.id}: what will be done"
            action = self.ask(
                item, "action",
                partial(self.prompter.text, message, hint="Enter to stop adding"),
            )
            if not action:
                return
            actions.append(item)
            self.save(f"Action {item.id}")
            self._finish_action(item, "")

    def _finish_action(self, item: ActionItem, about: str) -> None:
        """Ask what an action item still lacks: owner, priority, due date, category."""
        name = f"Action {item.id}"
        if not is_set(item.owner):
            self.text(item, "owner", f"{name}: owner{about}", hint="a person or team",
                      what=f"{name} owner")
        if item.priority is None:
            self.select(item, "priority", f"{name}: priority{about}", PRIORITY_CHOICES,
                        what=f"{name} priority")
        if item.due is None:
            days = DUE_IN_DAYS.get(item.priority) if item.priority else None
            self.text(
                item, "due", f"{name}: due date{about}",
                default=(self.today + timedelta(days=days)).isoformat() if days else "",
                hint="YYYY-MM-DD", what=f"{name} due date",
            )
        if item.category is None:
            # The one choice with a default: "later" is a visible choice, and check asks again.
            self.ask(item, "category", partial(
                self.prompter.select, f"{name}: category{about}", CATEGORY_CHOICES,
                default=LATER.value,
            ))
            self.save(f"{name} category")
