"""A partial repaint renders only the rows it updates (`tui/widgets/crop_renders.py`): the same
cells reach the terminal as with Textual's own rendering, and a key renders the line it changed
of the widgets under it, not every widget of the screen whole."""

from __future__ import annotations

import gc
import inspect
from collections import Counter

import pytest
from kit import make_app, type_text, wait_for
from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from postmortem_tui.core.model import PostMortem
from postmortem_tui.tui.app import PostmortemApp
from postmortem_tui.tui.screens.confirm import ConfirmScreen
from postmortem_tui.tui.screens.wizard import WizardScreen
from postmortem_tui.tui.widgets import crop_renders

SIZE = (100, 30)


def changed(what: str) -> str:
    return (f"Textual changed: {what}. Review postmortem_tui/tui/widgets/crop_renders.py "
            "before widening the pin.")


def test_textual_still_has_what_crop_renders_replaces() -> None:
    original = crop_renders._textual_render_chops
    assert list(inspect.signature(original).parameters) == [
        "self", "crop", "is_rendered_line"], changed("Compositor._render_chops' arguments")
    source = inspect.getsource(original)
    # What the replacement copies: the widgets' lines painted front to back into the chops.
    for line in ("renders = self._get_renders(crop)",
                 "render_region = intersection(region, clip)",
                 "if get_chops_line(cut) is None:"):
        assert line in source, changed(f"Compositor._render_chops no longer does {line!r}")
    partial = inspect.getsource(Compositor.render_partial_update)
    assert "self._render_chops(crop, is_rendered_line)" in partial, changed(
        "render_partial_update no longer renders through _render_chops")
    assert Compositor._render_chops is crop_renders._render_chops  # installed by the wizard
    divide = inspect.getsource(Strip.divide)  # what `_divide` copies, less the cache
    for line in ("cuts = [cut for cut in cuts if cut <= cell_length]",
                 "if cuts == [cell_length]:",
                 "Segment.divide(self._segments, cuts), cuts",
                 "Strip(segments, cut - pos)"):
        assert line in divide, changed(f"Strip.divide no longer does {line!r}")


def written(app: PostmortemApp, regions: list[Region], *, textual: bool) -> str:
    """What a partial update of `regions` writes to the terminal."""
    compositor = app.screen._compositor
    compositor._dirty_regions.clear()
    compositor._dirty_regions.update(regions)
    if textual:
        Compositor._render_chops = crop_renders._textual_render_chops  # type: ignore[method-assign]
    try:
        update = compositor.render_partial_update()
    finally:
        crop_renders.install()
    assert update is not None
    return update.render_segments(app.console)


def regions_to_try() -> list[list[Region]]:
    width, height = SIZE
    tried: list[list[Region]] = []
    for y in range(height):
        for x, w in ((0, width), (0, 1), (5, 30), (29, 3), (31, 64), (81, 19), (99, 1)):
            tried.append([Region(x, y, w, 1)])
    tried.append([Region(0, 0, width, 1), Region(81, 28, 19, 1)])  # title bar and save status
    tried.append([Region(3, 2, 40, 6), Region(60, 20, 30, 3)])
    tried.append([Region(10, 5, 70, 15)])
    return tried


@pytest.mark.parametrize("section", ["header", "timeline", "dialog"])
async def test_a_partial_update_writes_what_textual_writes(store, demo_doc, section) -> None:
    app = make_app(store, doc=demo_doc, section="header" if section == "dialog" else section,
                   save_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        await wait_for(pilot, lambda: not screen.states_pending)
        if section == "dialog":  # a modal screen over the wizard, which shows through it
            await app.push_screen(ConfirmScreen("Delete row 3?", yes="Delete it", no="Keep it"))
        elif section == "timeline":
            await pilot.press("right")
            await type_text(pilot, "Quotes")  # the edit box open over the table
        else:
            await type_text(pilot, " again")
        await pilot.pause()
        app.notify("A toast over the form")  # a layer in front
        await pilot.pause()
        for regions in regions_to_try():
            assert written(app, regions, textual=False) == written(app, regions, textual=True), (
                regions)


def full_frame(app: PostmortemApp, *, textual: bool) -> list[list[tuple[object, ...]]]:
    """The whole screen as a full update renders it, segment by segment."""
    if textual:
        Compositor._render_chops = crop_renders._textual_render_chops  # type: ignore[method-assign]
    try:
        strips = app.screen._compositor.render_strips()
    finally:
        crop_renders.install()
    return [[tuple(segment) for segment in strip] for strip in strips]


@pytest.mark.parametrize("section", ["header", "timeline"])
async def test_a_full_update_renders_what_textual_renders_and_keeps_no_pieces(
    store, demo_doc, section
) -> None:
    app = make_app(store, doc=demo_doc, section=section, save_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        await wait_for(pilot, lambda: not screen.states_pending)
        await type_text(pilot, " again")
        await pilot.pause()
        ours = full_frame(app, textual=False)
        gc.collect()
        kept = [strip for strip in gc.get_objects()
                if isinstance(strip, Strip) and strip._divide_cache]
        assert ours == full_frame(app, textual=True)
        assert not kept  # the lines on screen hold no pieces of themselves


async def test_a_key_in_the_title_renders_its_line_of_the_widgets_under_it(
    store, demo_doc: PostMortem, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bench's keystroke: a key at the end of the title repaints one line of the input and
    of its containers (7 widgets), then the title bar's line; Textual alone rendered every
    widget whose container touches that line, whole (19 widgets, ~150 lines a key); and the
    status line's, once, for "Saving…"."""
    app = make_app(store, doc=demo_doc, section="header", save_delay=3600)
    rendered: Counter[Widget] = Counter()
    lines: Counter[Widget] = Counter()
    real = Widget.render_lines

    def counting(self: Widget, crop: Region) -> list:  # type: ignore[type-arg]
        rendered[self] += 1
        lines[self] += crop.height
        return real(self, crop)

    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        await wait_for(pilot, lambda: not screen.states_pending)
        await pilot.press("end")
        await pilot.pause()
        title = screen.query_one("#header-title #field-input")
        monkeypatch.setattr(Widget, "render_lines", counting)
        for key in "abcd":
            await pilot.press(key)
            await pilot.pause()
        monkeypatch.undo()
        status = screen.query_one("#wizard-status")  # "Saving…" after the first key
        under = {*title.ancestors_with_self, screen.query_one("#wizard-title"), status,
                 *status.children}
        assert set(rendered) <= under, [w for w in rendered if w not in under]
        assert all(lines[w] == n for w, n in rendered.items()), lines  # one line each time
        assert demo_doc.header.title.endswith("abcd")
