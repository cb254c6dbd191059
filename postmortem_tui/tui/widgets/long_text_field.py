"""A labelled multi-line text (prose or code) bound to one attribute of a document part."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tempfile
from pathlib import Path

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Label, Static, TextArea
from textual.widgets.text_area import Document

from ...core.record import Record
from .. import paste_secrets
from .document_field import DocumentField

LARGE_TEXT = 200_000
"""Characters above which a text is shown rather than edited in place."""
PREVIEW_LINES = 200


def _line_endings(text: str) -> str:
    """The kinds of line break in `text`, e.g. `\\r\\n and \\n`."""
    crlf = text.count("\r\n")
    kinds = [("\\r\\n", crlf), ("\\r", text.count("\r") - crlf), ("\\n", text.count("\n") - crlf)]
    names = [name for name, count in kinds if count]
    if any(c in text for c in "\v\f\x1c\x1d\x1e\x85\u2028\u2029"):
        names.append("other line breaks")
    return " and ".join(names)


_LONE_CR = re.compile("\r(?!\n)")


class ExactTextArea(TextArea):
    """A TextArea that never rewrites the line endings of a paste to its own.

    A TextArea holds one kind of line ending and converts what is pasted to it: `\\r\\n` or a lone
    `\\r` in pasted logs would be lost. A paste that leaves one kind in the whole text is taken
    as the text's kind; one that would mix kinds, or make the text too large to edit here, is
    handed to the field as `Unfit`.

    Takes the paste before TextArea does by defining TextArea's own (private) handler name,
    `_on_paste`, which stops TextArea's when it prevents the default; checked against Textual
    8.2.0 to 8.2.8 (`tests/test_textual_internals.py`).
    """

    class Unfit(Message):
        """A paste made a text a TextArea cannot hold as it is (mixed line endings, or large)."""

        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    async def _on_paste(self, event: events.Paste) -> None:
        if self.read_only:
            return
        if paste_secrets.hold(self, event):  # secrets in it: the wizard asks before it lands
            return
        document = self.document
        start, end = sorted(self.selection)
        text = event.text
        if "\r" in text:
            # Terminals send every pasted line break as a lone CR (a CRLF pasted raw stays as it
            # is): stored as the text's own line ending, the draft diffs and displays as lines.
            newline = document.newline if document.line_count > 1 else "\n"
            text = _LONE_CR.sub(newline, text)
        before = document.get_text_range(document.start, start) + text
        result = before + document.get_text_range(end, document.end)
        exact = None if len(result) > LARGE_TEXT else Document(result)
        as_is = exact is not None and exact.text == result and exact.newline == document.newline
        if as_is and text is event.text:
            return  # the TextArea's own paste keeps it exactly
        event.prevent_default()
        if exact is None or exact.text != result:
            self.post_message(self.Unfit(result))
            return
        self.load_text(result)
        self.move_cursor(exact.get_location_from_index(len(before)))


class LongTextField(DocumentField):
    """Long text in a TextArea: soft-wrapped prose, or code highlighted for its language.

    Tab leaves the field (keyboard users move on); F4 opens the text in `$VISUAL`/`$EDITOR`.
    """

    BINDINGS = [Binding("f4", "edit_externally", "Open in $EDITOR", show=True)]

    DEFAULT_CSS = """
    LongTextField > TextArea {
        height: 8;
    }
    LongTextField.-code > TextArea {
        height: 10;
    }
    LongTextField > .field--large-note {
        color: $text-warning;
    }
    LongTextField > #field-large {
        height: 10;
        background: $boost;
    }
    """

    def __init__(
        self,
        target: Record,
        attr: str,
        *,
        label: str | None = None,
        language: str | None = None,
        code: bool = False,
        hint: str = "",
        id: str | None = None,  # noqa: A002 (Textual's keyword)
    ) -> None:
        """Args:
        target: the part of the document that holds the text.
        attr: the attribute of `target` this field edits.
        label: shown above; the model field's title when None.
        language: highlight as this language (bash, yaml, python, ...) where Textual knows it.
        code: show as code (no wrapping, line numbers) rather than prose.
        hint: a line under the text, e.g. what a good answer looks like.
        id: the widget's id (`core.sections.field_id`).
        """
        super().__init__(target, attr, label=label, id=id)
        self.attr: str = attr
        self.language = language
        self.code = code
        self.hint = hint
        self.set_class(code, "-code")

    @property
    def value(self) -> str:
        return str(getattr(self.target, self.attr))

    @property
    def large(self) -> bool:
        """Not edited in place, only shown (F4 edits it in $EDITOR): too large to edit without
        lag (pasted logs), or with mixed line endings a TextArea would rewrite."""
        text = self.value
        return len(text) > LARGE_TEXT or Document(text).text != text

    def compose(self) -> ComposeResult:
        yield Label(self.label)
        if self.large:
            yield from self._compose_large()
        else:
            area = ExactTextArea(
                self.value,
                soft_wrap=not self.code,
                show_line_numbers=self.code,
                tab_behavior="focus",
                id="field-text",
            )
            self._apply_language(area, self.language)
            yield area
        if self.hint:
            yield Static(self.hint, classes="field--hint", markup=False)

    def _compose_large(self) -> ComposeResult:
        text = self.value
        lines = text.count("\n") + 1
        size = len(text.encode("utf-8", "surrogatepass")) / 1_000_000
        head = "\n".join(text.split("\n", PREVIEW_LINES)[:PREVIEW_LINES])
        why = (
            f"{size:.1f} MB, {lines:,} lines: too large to edit here without lag."
            if len(text) > LARGE_TEXT
            else f"Mixed line endings ({_line_endings(text)}): editing here would change them."
        )
        yield Static(
            f"{why} F4 opens it in $EDITOR; the draft and the export keep all of it. "
            f"The first {min(lines, PREVIEW_LINES)} lines:",
            classes="field--large-note", markup=False,
        )
        with VerticalScroll(id="field-large", can_focus=True):
            yield Static(head, markup=False)

    @property
    def text_area(self) -> TextArea:
        return self.query_one(TextArea)

    @staticmethod
    def _apply_language(area: TextArea, language: str | None) -> None:
        aliases = {"sh": "bash", "shell": "bash", "console": "bash", "yml": "yaml", "py": "python"}
        name = aliases.get(language or "", language or "")
        area.language = name if name in area.available_languages else None

    def set_language(self, language: str | None) -> None:
        """Highlight for another language (the author changed the snippet's language)."""
        self.language = language
        if not self.large:
            self._apply_language(self.text_area, language)

    async def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        if text == self.value:
            return
        setattr(self.target, self.attr, text)
        self.post_message(self.Changed(self))
        # Text from the TextArea has its line endings already; only a huge paste matters here,
        # and checking the length keeps this per-keystroke path free of a copy of the text.
        if len(text) > LARGE_TEXT:
            await self.recompose()

    async def on_exact_text_area_unfit(self, event: ExactTextArea.Unfit) -> None:
        # Kept exactly, and shown rather than edited here (see `large`).
        event.stop()
        setattr(self.target, self.attr, event.text)
        self.post_message(self.Changed(self))
        await self.recompose()
        self.focus(scroll_visible=False)

    def refresh_from_model(self) -> None:
        if self.large or self.query("#field-large"):
            self.call_later(self.recompose)
        else:
            self.text_area.load_text(self.value)

    def focus(self, scroll_visible: bool = True) -> LongTextField:
        target = self.query_one("#field-large") if self.large else self.text_area
        self.focus_part(target, scroll_visible)
        return self

    def action_edit_externally(self) -> None:
        """Edit the text in the author's own editor, then take the result back."""
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        suffix = {"bash": ".sh", "yaml": ".yaml", "python": ".py"}.get(self.language or "", ".md")
        with tempfile.TemporaryDirectory(prefix="postmortem-") as folder:
            # A private folder: incident text is sensitive and never left behind.
            path = Path(folder) / f"{self.attr}{suffix}"
            path.write_text(self.value, encoding="utf-8", errors="surrogatepass", newline="")
            try:
                with self.app.suspend():
                    result = subprocess.run([*shlex.split(editor), str(path)], check=False)
            except (OSError, ValueError) as exc:
                self.notify(f"Could not start {editor}: {exc}", severity="error", markup=False)
                return
            if result.returncode != 0:
                self.notify(f"{editor} exited with {result.returncode}; text unchanged",
                            severity="warning", markup=False)
                return
            with path.open(encoding="utf-8", errors="replace", newline="") as edited:
                text = edited.read()  # newline="" keeps the \r\n of pasted logs
        if text == self.value:
            return
        setattr(self.target, self.attr, text)
        self.post_message(self.Changed(self))
        if self.large or self.query("#field-large"):
            self.call_later(self.recompose)
        else:
            self.text_area.load_text(text)
