"""The wizard's footer: the keys that matter most first, so they show at any width."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer

FOOTER_FIRST = ("help", "quit", "export", "save")
"""The footer's keys in this order before any other: Textual's footer cuts what does not fit at
the right, and a focused table brings keys of its own (all in the palette, Ctrl+P, too)."""


class WizardFooter(Footer):
    """Textual's footer with Help, Quit, Export and Save first, at any width."""

    def compose(self) -> ComposeResult:
        # The wizard's bindings use no groups: the footer yields its keys one by one.
        keys = list(super().compose())

        def rank(widget: Widget) -> int:
            action = getattr(widget, "action", "")  # a FooterKey's (its class is private)
            return FOOTER_FIRST.index(action) if action in FOOTER_FIRST else len(FOOTER_FIRST)

        yield from sorted(keys, key=rank)
