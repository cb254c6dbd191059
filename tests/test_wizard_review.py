"""The review in the wizard: every weak point of a deliberately weak draft counted in the
sidebar and listed in its section's hint line (the focused field's first); the demo shows none;
a paste holding secrets is shown masked before it lands."""

from __future__ import annotations

import pytest
from kit import make_app, wait_for, wait_for_draft
from textual import events
from textual.widgets import Button, TextArea
from weak_draft import weak_draft

from postmortem_tui.core.completeness import assess
from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.sections import SECTION_KEYS, field_id
from postmortem_tui.core.store import DraftStore
from postmortem_tui.tui.screens.paste_secrets import PasteSecretsScreen
from postmortem_tui.tui.screens.wizard import WizardScreen
from postmortem_tui.tui.widgets.long_text_field import LongTextField
from postmortem_tui.tui.widgets.section_hints import SectionHints
from postmortem_tui.tui.widgets.section_sidebar import SectionSidebar

SIZE = (120, 40)


async def opened(pilot) -> WizardScreen:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    assert isinstance(screen, WizardScreen)
    await wait_for(pilot, lambda: pilot.app.focused is not None)
    await wait_for(pilot, lambda: not screen.states_pending, what="the first review")
    return screen


def hint_lines(screen: WizardScreen) -> list[str]:
    return str(screen.query_one(SectionHints).render()).splitlines()


async def test_every_weak_point_is_in_the_sidebar_and_its_section(
    store: DraftStore, clock
) -> None:  # type: ignore[no-untyped-def]
    doc = weak_draft(clock.today)
    app = make_app(store, doc=doc, section="header", save_delay=60)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        reports = {r.key: r for r in assess(doc)}
        sidebar = screen.query_one(SectionSidebar)
        assert sidebar.hints == {k: len(r.weak) for k, r in reports.items() if r.weak}
        prompts = {o.id: str(o.prompt) for o in sidebar.options}
        for key, n in sidebar.hints.items():
            assert prompts[key].endswith(f"!{n}"), prompts[key]
        hints = screen.query_one(SectionHints)
        for key in SECTION_KEYS:
            await screen.show_section(key)
            await wait_for(pilot, lambda key=key: screen.current == key)
            assert set(hints.findings) == set(reports[key].weak), key
            assert hints.display == bool(reports[key].weak), key
            for finding in reports[key].weak:
                # Going to a weak point's field puts it first in the hint line.
                await screen.jump_to(key, finding.path)
                here = field_id(finding.path)
                await wait_for(
                    pilot, lambda here=here: field_id(hints.findings[0].path) == here,
                    what=f"{finding.message} first in the hint line",
                )
                assert hint_lines(screen)[0].startswith("! " + hints.findings[0].message[:30])


async def test_the_demo_shows_no_hint(store: DraftStore, clock) -> None:  # type: ignore[no-untyped-def]
    doc = demo_document(today=clock.today)
    doc.header.incident_id = store.next_incident_id(doc.header.date)
    app = make_app(store, doc=doc, section="actions", save_delay=60)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        assert screen.query_one(SectionSidebar).hints == {}
        for key in SECTION_KEYS:
            await screen.show_section(key)
            assert not screen.query_one(SectionHints).display, key


LEAK = "10:19:40 INFO login user=svc password=hunter22\r10:19:41 INFO token: 8f14e45fceea167a\r"


async def pasted_into_logs(store: DraftStore, clock):  # type: ignore[no-untyped-def]
    doc = demo_document(today=clock.today)
    doc.header.incident_id = store.next_incident_id(doc.header.date)
    doc.appendix.logs = "before\n"
    app = make_app(store, doc=doc, section="appendix", field="appendix-logs")
    return app, doc


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("enter", "before\n10:19:40 INFO login user=svc password=<redacted:password>\n"
                  "10:19:41 INFO token: <redacted:token>\n"),
        ("k", "before\n" + LEAK.replace("\r", "\n")),
        ("escape", "before\n"),
    ],
)
async def test_a_paste_with_secrets_is_shown_before_it_lands(
    store: DraftStore, clock, key: str, expected: str
) -> None:  # type: ignore[no-untyped-def]
    app, doc = await pasted_into_logs(store, clock)
    path = store.path_for(doc.header.incident_id)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await wait_for(pilot, lambda: isinstance(app.focused, TextArea))
        area = app.focused
        assert isinstance(area, TextArea)
        area.move_cursor(area.document.end)
        rows = len(doc.history)
        app.post_message(events.Paste(LEAK))
        await wait_for(pilot, lambda: isinstance(app.screen, PasteSecretsScreen))
        await wait_for(pilot, lambda: isinstance(app.focused, Button))  # the dialog is up
        assert doc.appendix.logs == "before\n"  # nothing landed yet
        await pilot.press(key)
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen))
        field = app.screen.query_one("#appendix-logs", LongTextField)
        await wait_for(pilot, lambda: field.value == expected)
        kept = key == "k"
        assert len(doc.history) == rows + kept
        if kept:
            assert doc.history[-1].changes == (
                "Kept 2 secrets (1 password, 1 token) as pasted into the relevant logs"
            )
        if key != "escape":
            await wait_for_draft(pilot, path, lambda d: d.appendix.logs == expected)


async def test_a_paste_without_secrets_lands_at_once(store: DraftStore, clock) -> None:  # type: ignore[no-untyped-def]
    app, _ = await pasted_into_logs(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await wait_for(pilot, lambda: isinstance(app.focused, TextArea))
        area = app.focused
        assert isinstance(area, TextArea)
        area.move_cursor(area.document.end)
        app.post_message(events.Paste("commit 3f9a2b7c1d4e5f60718293a4b5c6d7e8f9012345\r"))
        field = app.screen.query_one("#appendix-logs", LongTextField)
        await wait_for(pilot, lambda: field.value.endswith("8f9012345\n"))
        assert isinstance(app.screen, WizardScreen)
