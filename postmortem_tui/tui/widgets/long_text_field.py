"""A labelled multi-line text (prose or code) bound to one attribute of a document part."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from pydantic import BaseModel
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, Static, TextArea


class LongTextField(Vertical):
    """Long text in a TextArea: soft-wrapped prose, or code highlighted for its language.

    Tab leaves the field (keyboard users move on); F4 opens the text in `$VISUAL`/`$EDITOR`.
    """

    BINDINGS = [Binding("f4", "edit_externally", "Open in $EDITOR", show=True)]

    DEFAULT_CSS = """
    LongTextField {
        height: auto;
        margin-bottom: 1;
    }
    LongTextField > Label {
        color: $text-muted;
        text-style: bold;
    }
    LongTextField > TextArea {
        height: 8;
    }
    LongTextField.-code > TextArea {
        height: 10;
    }
    LongTextField > .field--hint {
        color: $text-muted;
        height: auto;
    }
    """

    class Changed(Message):
        """The text changed (text is always valid)."""

        def __init__(self, field: LongTextField) -> None:
            self.field = field
            super().__init__()

        @property
        def control(self) -> LongTextField:
            return self.field

    def __init__(
        self,
        target: BaseModel,
        attr: str,
        *,
        label: str | None = None,
        language: str | None = None,
        code: bool = False,
        hint: str = "",
        id: str | None = None,
    ) -> None:
        """Args:
        target: the part of the document that holds the text.
        attr: the attribute of `target` this field edits.
        label: shown above; the model field's title when None.
        language: highlight as this language (bash, yaml, python, ...) where Textual knows it.
        code: show as code (no wrapping, line numbers) rather than prose.
        hint: a line under the text, e.g. what a good answer looks like.
        id: the widget's id; the wizard uses it to return to this field on resume.
        """
        super().__init__(id=id)
        self.target = target
        self.attr = attr
        self.label = label or type(target).model_fields[attr].title or attr
        self.language = language
        self.code = code
        self.hint = hint
        self.set_class(code, "-code")

    def compose(self) -> ComposeResult:
        yield Label(self.label)
        area = TextArea(
            str(getattr(self.target, self.attr)),
            soft_wrap=not self.code,
            show_line_numbers=self.code,
            tab_behavior="focus",
            id="field-text",
        )
        self._apply_language(area, self.language)
        yield area
        if self.hint:
            yield Static(self.hint, classes="field--hint", markup=False)

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
        self._apply_language(self.text_area, language)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        if text == getattr(self.target, self.attr):
            return
        setattr(self.target, self.attr, text)
        self.post_message(self.Changed(self))

    def refresh_from_model(self) -> None:
        self.text_area.load_text(str(getattr(self.target, self.attr)))

    def focus(self, scroll_visible: bool = True) -> LongTextField:
        self.text_area.focus(scroll_visible)
        return self

    def action_edit_externally(self) -> None:
        """Edit the text in the author's own editor, then take the result back."""
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        suffix = {"bash": ".sh", "yaml": ".yaml", "python": ".py"}.get(self.language or "", ".md")
        with tempfile.TemporaryDirectory(prefix="postmortem-") as folder:
            # A private folder: incident text is sensitive and never left behind.
            path = Path(folder) / f"{self.attr}{suffix}"
            path.write_text(self.text_area.text, encoding="utf-8", newline="")
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
            text = path.read_text(encoding="utf-8", errors="replace")
        self.text_area.load_text(text)
        if text != getattr(self.target, self.attr):
            setattr(self.target, self.attr, text)
            self.post_message(self.Changed(self))
