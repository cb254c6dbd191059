"""The 5 Whys as a chain: each question is asked from the answer before it."""

from __future__ import annotations

import builtins
from collections.abc import MutableSequence
from itertools import pairwise

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from ...core.model import Why, next_why_question
from .document_field import DocumentField
from .editable_table import Column, EditableTable

COLUMNS = (
    Column("#", "#", kind="index", width=2),
    Column("question", "Why…?", ratio=1, min_width=12, placeholder="Why did … happen?",
           hint="The first question starts from the symptom; the others follow from the "
                "answer above."),
    Column("because", "Because…", ratio=1, min_width=12,
           hint="Saving the answer asks the next Why from it."),
)


def _row_key(why: Why) -> int:
    """A row by identity: rows move and are added, and two rows may hold the same text."""
    return builtins.id(why)


class WhyChain(DocumentField):
    """The chain of whys in an editable table, and the root cause it leads to.

    Saving an answer fills the next row's question with "Why did <answer> happen?" unless the
    author has written that question themselves; a row added after an answer starts with the
    question asked from it. The chain may be shorter or longer than five; its last answer is
    shown as the root cause candidate.
    """

    DEFAULT_CSS = """
    WhyChain {
        margin-bottom: 0;
    }
    WhyChain > EditableTable {
        margin-bottom: 0;
    }
    WhyChain > #whys-candidate {
        height: auto;
        margin-bottom: 1;
        padding: 0 1;
        border-left: outer $accent;
    }
    """

    # `id` is Textual's keyword for a widget's id: the builtin is `builtins.id` in this module.
    def __init__(self, whys: MutableSequence[Why], *, id: str | None = None) -> None:  # noqa: A002 (Textual's keyword)
        """Args:
        whys: the document's list of whys, edited in place.
        id: the widget's id (`core.sections.field_id`); the table inside reports the edits.
        """
        super().__init__(whys, label="5 Whys", id=id)
        self.whys = whys
        # Questions the chain wrote (by row), so it never overwrites one the author wrote.
        self._asked: dict[int, str] = {}
        for before, why in pairwise(whys):
            if why.question and why.question == next_why_question(before.because):
                self._asked[_row_key(why)] = why.question

    def compose(self) -> ComposeResult:
        yield EditableTable(
            self.whys, COLUMNS,
            label=self.label,
            new_row=self._new_why,
            keys_hint="a new Why is asked from the answer above it",
            empty_text="No whys yet: Ctrl+A adds the first.",
            describe=self._describe,
            wrap=3,
            id="whys-table",
        )
        yield Static("", id="whys-candidate")

    def on_mount(self) -> None:
        self._show_candidate()

    @property
    def table(self) -> EditableTable:
        return self.query_one(EditableTable)

    def _describe(self, index: int, why: Why, column: Column) -> str:
        # The other half of the pair, so the whole step reads under the table.
        if column.attr == "because" and why.question:
            return f"asked: {why.question}"
        if column.attr == "question" and why.because:
            return f"Because: {why.because}"
        return ""

    def _new_why(self, index: int) -> Why:
        if index == 0:
            return Why()
        question = next_why_question(self.whys[index - 1].because)
        why = Why(question=question)
        if question:
            self._asked[_row_key(why)] = question
        return why

    def candidate(self) -> str:
        """The last answer of the chain: the root cause it points at."""
        return next((w.because.strip() for w in reversed(self.whys) if w.because.strip()), "")

    def _show_candidate(self) -> None:
        text = self.candidate()
        line = self.query_one("#whys-candidate", Static)
        if text:
            line.update(Content.assemble(("Root cause candidate", "bold"),
                                         " (the last answer): ", text))
        else:
            line.update(Content("Root cause candidate: answer the whys; the last answer is it."))

    def _ask_next(self, index: int) -> None:
        """After answer `index` was saved, ask the next question from it."""
        following = index + 1
        if following >= len(self.whys):
            return
        nxt = self.whys[following]
        question = next_why_question(self.whys[index].because)
        mine = not nxt.question.strip() or self._asked.get(_row_key(nxt)) == nxt.question
        if mine and question and question != nxt.question:
            nxt.question = question
            self._asked[_row_key(nxt)] = question
            self.table.refresh_row(following)

    @on(DocumentField.Changed, "#whys-table")
    def _changed(self, event: DocumentField.Changed) -> None:
        # The event goes on to the wizard, which saves the draft.
        if event.action == "commit" and event.attr == "because" and event.index is not None:
            self._ask_next(event.index)
        if event.action != "edit" or event.attr == "because":
            self._show_candidate()

    def refresh_from_model(self) -> None:
        self.table.refresh_from_model()
        self._show_candidate()

    def goto(self, index: int | None = None, attr: str | None = None) -> None:
        self.table.goto(index, attr)

    def focus(self, scroll_visible: bool = True) -> WhyChain:
        self.table.focus(scroll_visible)
        return self
