"""A draft opens on its header's title field before the rest of the header is mounted, when
the author left it there (as on no field); left on another field, the form is built whole."""

from __future__ import annotations

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
