"""Export from the wizard: what is still missing, where to write the Markdown, or copy it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...core.completeness import Finding, assess
from ...core.errors import DraftError
from ...core.export import to_markdown
from ...core.model import PostMortem


@runtime_checkable
class ExportWriter(Protocol):
    """What writes an export for the dialog: the app (screens never write files)."""

    def write_export(self, path: Path, text: str) -> Path:
        """Write the Markdown to `path`; the file written, or `DraftError` with a message for
        the author."""
        ...


@dataclass(frozen=True)
class JumpTo:
    """The author chose a finding: show its section and focus its field."""

    section: str
    path: tuple[str | int, ...]


class ExportDialog(ModalScreen[JumpTo | None]):
    """The completeness check, then the export.

    Each finding is listed under its section; Enter on one closes the dialog and goes to the
    field. A complete post-mortem gets the final export; an incomplete one can still be
    exported as a draft. The file is written by the app (`write`), never by this screen.
    """

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("ctrl+y", "copy", "Copy Markdown"),
    ]

    DEFAULT_CSS = """
    ExportDialog {
        align: center middle;
    }
    ExportDialog > #export-box {
        width: 90%;
        max-width: 96;
        height: auto;
        max-height: 95%;
        border: thick $accent;
        background: $surface;
        padding: 0 2;
    }
    ExportDialog #export-title {
        text-style: bold;
    }
    ExportDialog #export-status.-ready {
        color: $text-success;
    }
    ExportDialog #export-status.-missing {
        color: $text-warning;
    }
    ExportDialog #export-findings {
        height: auto;
        max-height: 40vh;
    }
    ExportDialog #export-path {
        background: $boost;
    }
    ExportDialog #export-message {
        height: auto;
        color: $text-muted;
    }
    ExportDialog #export-message.-error {
        color: $text-error;
    }
    ExportDialog #export-buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    ExportDialog Button {
        margin-left: 2;
    }
    """

    def __init__(
        self,
        doc: PostMortem,
        *,
        default_path: Path,
        write: Callable[[Path, str], Path],
        today: dt.date | None = None,
    ) -> None:
        """Args:
        doc: the post-mortem to export.
        default_path: the file offered; the author may type another.
        write: writes the Markdown to a path and returns the file written
            (`ExportWriter.write_export`); raises `DraftError` with a message for the author.
        today: the day (COT) that dates overdue action items; today when None.
        """
        super().__init__()
        self.doc = doc
        self.default_path = default_path
        self.write = write
        self.reports = assess(doc, today)
        self.findings: list[Finding] = []
        self.missing = sum(len(r.blocking) for r in self.reports)
        self.weak = sum(len(r.weak) for r in self.reports)

    @property
    def complete(self) -> bool:
        return self.missing == 0

    def compose(self) -> ComposeResult:
        ident = self.doc.header.incident_id or "this post-mortem"
        with Vertical(id="export-box"):
            yield Static(Content(f"Export {ident} as Markdown"), id="export-title")
            if self.complete:
                status = "Ready for the final export" + (
                    f"; {self.weak} point(s) worth a look:" if self.weak else "."
                )
            else:
                status = (
                    f"Not complete: {self.missing} thing(s) missing. Enter on one goes to it; "
                    "or export anyway as a draft."
                )
            yield Static(Content(status), id="export-status",
                         classes="-ready" if self.complete else "-missing")
            yield OptionList(*self._options(), id="export-findings")
            yield Label("Write to")
            yield Input(str(self.default_path), id="export-path", select_on_focus=False,
                        compact=True)
            yield Static("", id="export-message")
            with Horizontal(id="export-buttons"):
                if self.complete:
                    yield Button("Export", id="export-final", variant="success", compact=True)
                else:
                    yield Button("Export anyway as a draft", id="export-draft",
                                 variant="warning", compact=True)
                yield Button("Copy Markdown (^Y)", id="export-copy", compact=True)
                yield Button("Close", id="export-close", compact=True)

    def _options(self) -> list[Option]:
        options: list[Option] = []
        for report in self.reports:
            if not report.findings:
                continue
            counts = []
            if report.blocking:
                counts.append(f"{len(report.blocking)} missing")
            if report.weak:
                counts.append(f"{len(report.weak)} to check")
            options.append(Option(
                Content.assemble((report.title, "bold"), f"  ({', '.join(counts)})"),
                disabled=True,
            ))
            # What blocks first, then what is only worth a look.
            for finding in (*report.blocking, *report.weak):
                # Plain marks that every terminal font has.
                mark = "[$text-error]×[/]" if finding.blocking else "[$text-warning]![/]"
                options.append(Option(
                    # The message goes in as a variable: it may quote text the author typed.
                    Content.from_markup(f"  {mark} $message", message=finding.message),
                    id=f"finding-{len(self.findings)}",
                ))
                self.findings.append(finding)
        if not options:
            options.append(Option("Nothing missing, nothing to check.", disabled=True))
        return options

    def on_mount(self) -> None:
        if self.complete:
            self.query_one("#export-final", Button).focus()
        else:
            self.query_one("#export-findings", OptionList).focus()

    # --- choosing -----------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith("finding-"):
            finding = self.findings[int(option_id.removeprefix("finding-"))]
            self.dismiss(JumpTo(finding.section, finding.path))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id in ("export-final", "export-draft"):
            self.export()
        elif event.button.id == "export-copy":
            self.action_copy()
        else:
            self.action_close()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.export()

    # --- doing --------------------------------------------------------------------------

    def _say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#export-message", Static)
        message.update(Content(text))
        message.set_class(error, "-error")

    def export(self) -> None:
        """Write the Markdown where the path box says (a draft if anything is missing)."""
        typed = self.query_one("#export-path", Input).value.strip()
        if not typed:
            self._say("Type the file to write, e.g. INC-20250303-001.md", error=True)
            return
        try:
            written = self.write(Path(typed), to_markdown(self.doc))
        except DraftError as exc:
            self._say(str(exc), error=True)
            return
        note = f" (a draft: {self.missing} missing)" if self.missing else ""
        self.app.notify(f"Exported to {written}{note}", title="Exported", timeout=6,
                        markup=False)
        self.dismiss(None)

    def action_copy(self) -> None:
        text = to_markdown(self.doc)
        self.app.copy_to_clipboard(text)
        self._say(
            f"Copied {len(text):,} characters of Markdown to the clipboard (through the "
            "terminal; if nothing arrives, your terminal does not pass it on: export a file)."
        )

    def action_close(self) -> None:
        self.dismiss(None)
