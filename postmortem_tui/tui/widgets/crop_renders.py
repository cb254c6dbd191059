"""A partial repaint renders only the lines it updates: Textual renders every widget whose clip
touches the dirty region, whole.

Textual's compositor builds a partial update (a key in a field, a status line changing) from
the widgets whose *clip* overlaps the dirty region, and asks each of them for all its lines.
The clip of a widget is its container's region, so in a form every field, its label and hint,
every container up to the screen, the sidebar and the docked bars render in full for a key
that changes one line of one input: on the wizard, 19 widgets and about 150 lines a key, where
the one line shown is kept. Here each widget renders the rows of the update that it covers, and
a widget with no cell in the update renders nothing; the update written to the terminal holds
the same cells (only the lines in the update and the pieces of them inside it are written, as
before). A full update (the first frame, a layout, a screenshot) renders every widget whole, as
Textual does.

The pieces a line is cut into where widgets meet are not kept: Textual's `Strip.divide` stores
them in the strip, which a widget keeps for as long as the line does not change, so every
line on screen held its pieces (about a third of the screen's strips, with their own caches)
for a result only the next update of an unchanged line could reuse.

Relies on the private `Compositor._get_renders` (its arguments and what `_render_chops` does
with what it yields: the region to paint, as the intersection of the first two items, and its
lines). Checked against Textual 8.2.0 to 8.2.8 (the range pinned in pyproject.toml);
`tests/test_crop_renders.py` fails, naming what changed, when Textual changes underneath.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import cast

from rich.segment import Segment
from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip

_textual_render_chops = Compositor._render_chops


def _divide(strip: Strip, cuts: list[int]) -> list[Strip]:
    """`Strip.divide`, the pieces not kept in the strip's cache (only the compositor divides)."""
    cell_length = strip.cell_length
    cuts = [cut for cut in cuts if cut <= cell_length]
    if cuts == [cell_length]:
        return [strip]
    pieces: list[Strip] = []
    start = 0
    for segments, cut in zip(Segment.divide(strip, cuts), cuts, strict=False):
        pieces.append(Strip(segments, cut - start))
        start = cut
    return pieces


def _row_runs(crop: Region, is_rendered_line: Callable[[int], bool]) -> list[tuple[int, int]]:
    """The rows of `crop` the update writes, as runs `(top, bottom)`."""
    runs: list[tuple[int, int]] = []
    for y in crop.line_range:
        if is_rendered_line(y):
            if runs and runs[-1][1] == y:
                runs[-1] = (runs[-1][0], y + 1)
            else:
                runs.append((y, y + 1))
    return runs


def _renders(
    self: Compositor, crop: Region, runs: list[tuple[int, int]]
) -> Iterator[tuple[Region, list[Strip]]]:
    """Each visible widget's lines in the rows `runs` of `crop`, front to back, with the region
    of the screen they paint; widgets with no cell in `crop` are left out."""
    crop_x, _, crop_width, _ = crop
    crop_right = crop_x + crop_width
    intersection = Region.intersection
    for widget, (region, clip) in self.visible_widgets.items():
        x, y, width, height = intersection(region, clip)
        if not width or x >= crop_right or x + width <= crop_x:
            continue
        for top, bottom in runs:
            top = max(top, y)
            bottom = min(bottom, y + height)
            if top < bottom:
                # The whole width of what shows of the widget, so every piece of a line (cut
                # where widgets meet) that reaches into the update is there.
                yield Region(x, top, width, bottom - top), widget.render_lines(
                    Region(x - region.x, top - region.y, width, bottom - top)
                )


def _render_chops(
    self: Compositor, crop: Region, is_rendered_line: Callable[[int], bool]
) -> Sequence[Mapping[int, Strip]]:
    """Textual's `_render_chops`, with each widget rendering only the rows it paints."""
    renders: Iterable[tuple[Region, list[Strip]]]
    if crop == self.size.region:  # a full update: every widget whole, as Textual renders it
        intersection = Region.intersection
        renders = (
            (intersection(region, clip), strips)
            for region, clip, strips in self._get_renders(crop)
        )
    else:
        renders = _renders(self, crop, _row_runs(crop, is_rendered_line))
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    for render_region, strips in renders:
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips, strict=False):
            if not is_rendered_line(y):
                continue
            chops_line = chops[y]
            final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
            # Painted front to back: the first strip for a cut wins, so a line that is all
            # behind what is painted already is not cut (its pieces would all be dropped).
            get_chops_line = chops_line.get
            if None not in map(get_chops_line, final_cuts[:-1]):
                continue
            cut_strips = _divide(strip, [cut - render_x for cut in final_cuts[1:]])
            for cut, cut_strip in zip(final_cuts, cut_strips, strict=False):
                if get_chops_line(cut) is None:
                    chops_line[cut] = cut_strip
    return cast("Sequence[Mapping[int, Strip]]", chops)


def install() -> None:
    """Render partial updates by the rows they update (once; the app's whole life)."""
    Compositor._render_chops = _render_chops  # type: ignore[method-assign]
