"""Keys act in the order they were typed, however many arrive at once.

Textual's app hands each key to the focused widget's queue and goes on to the next key. A key
the widget takes itself (a letter in a field) is done there; any other key climbs from queue to
queue through every container up to the app, whose bindings run only then (Tab's focus_next,
an input's Backspace, the screen's F3). Keys read together (tmux send-keys, a script, typing
ahead while the screen is busy) overtook it: the letters after a Tab went into the field being
left, those after a Backspace were deleted by it.

`KeyOrder` holds the keys that follow such a key until it has been handled. A key known done
(stopped by a widget, or back at the app and through its bindings) holds nothing; one that may
still be on its way when the next key comes gets a `KeySettled` marker behind it, which climbs
the same queues and comes back to the app once the key has been handled; then the next key is
handed on, to whatever has the focus by then. Every key keeps its usual path and handlers, so
each widget's own keys (a table's Tab, a text box's Enter, a dialog's Esc) act as Textual
defines them; only when they act changes. A letter the focused widget takes
(`check_consume_key`), or one a table takes from its grid, sends no marker: typing one key at a
time costs what it did.

Holding keys rather than handling them in the app's queue (priority bindings) also keeps the
keys in flight where they were going: a priority Tab would move the focus before the letters
typed just before it had reached their field. The held keys wait in a list of the app's, never
in its queue, where the marker they wait for arrives: no deadlock. A marker dropped on the way
(the widget it was at removed, as Esc closing a dialog does) is noticed and the keys go on.

Relies on Textual's private `Message._bubble_to` and `_stop_propagation`, and on the app
forwarding a key (`App.on_event`) to `app.focused or app.screen`: checked against Textual 8.2.0
to 8.2.8; `tests/test_key_bursts.py` fails, naming what changed, when Textual changes (and
when Textual keeps keys in order itself).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from time import monotonic
from typing import Any

from textual import events
from textual.app import App, ReturnType
from textual.message import Message
from textual.message_pump import MessagePump
from textual.timer import Timer

HOLD_LIMIT = 2.0
"""Seconds after which held keys go on anyway: a slow action still lets typing through."""
CHECK_EVERY = 0.05
"""Seconds between checks, while keys are held, that their marker is still on its way."""

KeyInput = events.Key | events.Paste


class KeySettled(Message, verbose=True):
    """Follows a key up the DOM: back at the app, the key has been handled everywhere."""

    def __init__(self, key: KeyInput, at: MessagePump, app: KeyOrder[Any]) -> None:
        """Args:
        key: the key (or paste) it follows.
        at: where it is posted first (where the key went).
        app: the app it returns to.
        """
        super().__init__()
        self.key = key
        self.at = at
        self.owner = app

    def _bubble_to(self, widget: MessagePump) -> None:
        # Past the widget that stopped the key, nothing is left to wait for: straight back.
        if self.key._stop_propagation or not widget.post_message(self):
            self.at = self.owner
            self.owner.post_message(self)
        else:
            self.at = widget

    @property
    def lost(self) -> bool:
        """Dropped on the way: where it waits will never pass it on."""
        at = self.at
        return at is not self.owner and (
            at._closing or at._closed or not at.is_attached or not at.is_parent_active
        )


class KeyOrder(App[ReturnType]):
    """App mixin: a key waits until the one before it has been handled, when that one might
    act anywhere but in the focused widget (see the module)."""

    _unsettled: KeyInput | None = None
    """The last key handed on that the focused widget may not take itself, until known done."""
    _unsettled_at: MessagePump | None = None
    _key_marker: KeySettled | None = None
    _keys_held: deque[KeyInput] | None = None
    _key_holds: set[object] | None = None
    _held_since = 0.0
    _held_check: Timer | None = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, KeyInput) and not event.is_forwarded:
            if self._keys_held or self._key_marker is not None or self._key_holds or (
                self._must_wait()
            ):
                self._hold(event)
            else:
                await self._hand_on(event)
            return
        await super().on_event(event)

    def _must_wait(self) -> bool:
        """Whether the key before may still be on its way; if so, a marker follows it."""
        before, at = self._unsettled, self._unsettled_at
        if before is None or at is None:
            return False
        # Stopped by a widget (not by Textual at the app's door, for a key the app sent): done
        # there, as a handler's work after `stop()` runs before the app's turn comes. So typing
        # sends no marker even where the table, not its grid, takes the letters.
        if before._stop_propagation and before._sender is not self:
            self._unsettled = None
            return False
        marker = KeySettled(before, at, self)
        if not at.post_message(marker):
            self._unsettled = None  # gone with where it was
            return False
        self._key_marker = marker
        return True

    async def _hand_on(self, event: KeyInput) -> None:
        """What Textual does with a key (priority bindings, else to the focused widget); a key
        the widget may not take itself is remembered, for the next key to wait on."""
        await super().on_event(event)
        if not event.is_forwarded:
            return  # handled here: a priority binding
        target = self.focused or self.screen
        if isinstance(event, events.Key) and event.is_printable and target.check_consume_key(
            event.key, event.character
        ):
            return
        self._unsettled, self._unsettled_at = event, target

    async def _on_key(self, event: events.Key) -> None:
        # A key back at the app. Textual calls each class's own `_on_key`, this one before
        # App's, which runs the bindings: by the time the app reads its next message, the key
        # has done all it does.
        if event is self._unsettled:
            self._unsettled = None

    def on_key_settled(self, message: KeySettled) -> None:
        message.stop()
        if message is self._key_marker:
            self._key_marker = None
            if message.key is self._unsettled:
                self._unsettled = None
            # After what handling the key queued here (a focus() call, a screen pushed).
            self.call_later(self._release)

    def hold_keys(self) -> Callable[[], None]:
        """Hold the keys typed from now until the function returned is called (or for at most
        `HOLD_LIMIT` seconds): for an action whose effect on the focus comes later."""
        token = object()
        if self._key_holds is None:
            self._key_holds = set()
        self._key_holds.add(token)

        def release() -> None:
            if self._key_holds is not None and token in self._key_holds:
                self._key_holds.discard(token)
                self.call_later(self._release)

        return release

    def _hold(self, event: KeyInput) -> None:
        if self._keys_held is None:
            self._keys_held = deque()
        if not self._keys_held:
            self._held_since = monotonic()
        self._keys_held.append(event)
        if self._held_check is None:
            self._held_check = self.set_interval(CHECK_EVERY, self._check_held)

    async def _release(self) -> None:
        held = self._keys_held
        while held and self._key_marker is None and not self._key_holds:
            if self._must_wait():
                break
            await self._hand_on(held.popleft())
        if held:
            self._held_since = monotonic()  # the next one has waited from now
        elif self._held_check is not None:
            self._held_check.stop()
            self._held_check = None

    def _check_held(self) -> None:
        # On the timer's task: only decides; the keys go on from the app's queue.
        marker = self._key_marker
        if (marker is not None and marker.lost) or monotonic() - self._held_since > HOLD_LIMIT:
            self._key_marker = self._unsettled = None
            if self._key_holds:
                self._key_holds.clear()
            self.call_later(self._release)
