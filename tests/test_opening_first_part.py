"""A draft opens on its header's title field before the rest of the header is mounted, when
the author left it there (as on no field); left on another field, the form is built whole."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from kit import make_app, wait_for

from postmortem_tui.core.draft_file import read_draft_data
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui.sections.base import SectionForm
from postmortem_tui.tui.widgets.field_input import FieldInput


@pytest.mark.parametrize(
    ("field", "deferred"),
    [("", True), ("header-title", True), ("header-date", False)],
)
async def test_the_header_mounts_its_title_first_unless_resumed_further_down(
    store: DraftStore, monkeypatch: pytest.MonkeyPatch, field: str, deferred: bool
) -> None:
    doc, path = store.new(title="Quote feed stalled")
    doc.wizard.section, doc.wizard.field = "header", field
    store.save(doc, path)
    severity_there_at_focus: list[bool] = []
    real = SectionForm.mount_rest

    def recording(self: SectionForm):  # type: ignore[no-untyped-def]
        severity_there_at_focus.append(bool(self.query("#header-severity")))
        return real(self)

    monkeypatch.setattr(SectionForm, "mount_rest", recording)
    app = make_app(store, path, data=read_draft_data(path))
    async with app.run_test(size=(100, 30)) as pilot:
        # The whole form, its selects' own children too (ended before, the app crashes).
        await wait_for(pilot, lambda: bool(app.screen.query("#header-status SelectCurrent #label")))
        await pilot.pause()
        await wait_for(pilot, lambda: isinstance(app.focused, FieldInput) or (
            app.focused is not None and isinstance(app.focused.parent, FieldInput)))
        focused = app.focused
        assert focused is not None
        holder = focused if isinstance(focused, FieldInput) else focused.parent
        assert isinstance(holder, FieldInput)
        assert holder.id == (field or "header-title")
    assert severity_there_at_focus == [not deferred]


def test_the_title_is_the_header_forms_first_part() -> None:
    from postmortem_tui.tui.sections.header import HeaderForm

    assert HeaderForm.first_part_fields == ("header-title",)


def test_the_ui_thread_imports_nothing_of_the_app_between_the_document_and_the_form(
    tmp_path: Path,
) -> None:
    """The opening thread loads what the wizard's first frame needs (the modules, the form of
    the section it opens on), so the UI thread imports none of the app's modules from
    `DraftBuilt` until the form's field has the focus."""
    script = textwrap.dedent(
        """
        import asyncio, json, sys, threading
        from pathlib import Path
        from postmortem_tui.core.draft_file import read_draft_data
        from postmortem_tui.core.store import DraftStore
        from postmortem_tui.tui.app import PostmortemApp

        path = Path(sys.argv[1])
        window, imported, at_focus = [], [], []

        class Seen:  # what the UI thread imports while the window is open
            def find_spec(self, name, path=None, target=None):
                if window and threading.current_thread() is threading.main_thread():
                    if name.startswith("postmortem_tui") and name not in sys.modules:
                        imported.append(name)
                return None

        sys.meta_path.insert(0, Seen())
        real = PostmortemApp.on_postmortem_app_draft_built

        def built(self, event):
            window.append(True)
            from postmortem_tui.tui.screens.wizard import WizardScreen  # the thread's import

            deliver = WizardScreen._deliver_typed_ahead

            def focused(screen, target):  # the form's first field has the focus
                window.clear()
                at_focus.append(True)
                deliver(screen, target)

            WizardScreen._deliver_typed_ahead = focused
            real(self, event)

        PostmortemApp.on_postmortem_app_draft_built = built

        async def main():
            app = PostmortemApp(DraftStore(path.parent), open_path=path,
                                data=read_draft_data(path))
            async with app.run_test(size=(100, 30)) as pilot:
                for _ in range(500):
                    await pilot.pause(0.01)
                    if at_focus and app.screen.query("#header-status SelectCurrent #label"):
                        break
                await pilot.pause()
            print(json.dumps(sorted(imported)))

        asyncio.run(main())
        """
    )
    store = DraftStore(tmp_path)
    doc, path = store.new(title="Feed")
    doc.wizard.section, doc.wizard.field = "header", "header-title"
    store.save(doc, path)
    proc = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True,
        timeout=60,
    )
    assert json.loads(proc.stdout.splitlines()[-1]) == []
