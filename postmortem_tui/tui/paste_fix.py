"""Bracketed pastes reach the app exactly as the terminal sent them.

Textual's input parser (8.x, `textual._xterm_parser.XTermParser`) reads a paste one character at
a time and takes an ESC inside it for the start of a key sequence: what follows the ESC leaves
the paste as key presses (the ESC itself as `^`) and the paste loses its last character. Pasted
terminal output (`ESC[31m`) is exactly that. Textual offers no hook for this, so `install` wraps
the parser's `feed`: the text between the paste markers is taken out of the stream here and
only the markers are passed on, so the parser still reports the paste (a `Paste` event, in its
place among the keys), now carrying the text. Nothing else the parser does is changed.

Relies on (private): `XTermParser.feed(self, data)` and `XTermParser.tick(self)` being where all
terminal input goes, `BRACKETED_PASTE_START` / `END`, and the parser reporting one `Paste` for
an empty paste. Checked against Textual 8.2.0 to 8.2.8 (the range pinned in pyproject.toml):
`tests/test_paste.py` fails if what this relies on changes in Textual, and
`tests/test_textual_internals.py` if Textual no longer needs it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from textual import events
from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser
from textual.message import Message

START = BRACKETED_PASTE_START
END = BRACKETED_PASTE_END

ORIGINAL_FEED = XTermParser.feed
ORIGINAL_TICK = XTermParser.tick


class _PasteState:
    """Where one parser is in the stream, as far as pastes go."""

    __slots__ = ("chunks", "pending", "tail")

    def __init__(self) -> None:
        self.chunks: list[str] | None = None
        """The paste read so far; None outside a paste."""
        self.tail = ""
        """The last characters passed on outside a paste (a start marker split by a read)."""
        self.pending = ""
        """What may be the start of the end marker, held back until the next read."""


def _state(parser: XTermParser) -> _PasteState:
    state = parser.__dict__.get("_paste_state")
    if state is None:
        state = parser.__dict__["_paste_state"] = _PasteState()
    return state


def _held_back(text: str) -> int:
    """How many characters at the end of `text` could begin the end marker."""
    for size in range(min(len(END) - 1, len(text)), 0, -1):
        if END.startswith(text[-size:]):
            return size
    return 0


def feed(self: XTermParser, data: str) -> Iterable[Message]:
    """`XTermParser.feed`, with the text of bracketed pastes kept whole."""
    if not data:  # the end of input
        return ORIGINAL_FEED(self, data)
    return _feed(self, data)


def _feed(parser: XTermParser, data: str) -> Iterator[Message]:
    state = _state(parser)
    while data:
        if state.chunks is None:
            probe = state.tail + data
            found = probe.find(START)
            if found < 0:
                state.tail = probe[-(len(START) - 1):]
                yield from ORIGINAL_FEED(parser, data)
                return
            # The parser sees the start marker (it expects a paste now); the text is kept here.
            cut = found + len(START) - len(state.tail)
            state.tail, state.chunks = "", []
            yield from ORIGINAL_FEED(parser, data[:cut])
            data = data[cut:]
        else:
            probe = state.pending + data
            found = probe.find(END)
            if found < 0:
                keep = _held_back(probe)
                state.chunks.append(probe[: len(probe) - keep])
                state.pending = probe[len(probe) - keep:]
                return
            state.chunks.append(probe[:found])
            # NULs are dropped, as Textual does (some terminals pad pastes with them).
            text = "".join(state.chunks).replace("\x00", "")
            state.chunks, state.pending = None, ""
            data = probe[found + len(END):]
            reported = False
            for token in ORIGINAL_FEED(parser, END):
                if isinstance(token, events.Paste) and not reported:
                    token, reported = events.Paste(text), True
                yield token
            if not reported:  # the parser had not taken the start marker for one
                yield events.Paste(text)


def tick(self: XTermParser) -> Iterable[Message]:
    """`XTermParser.tick`; a timed-out escape sequence cannot be the start of a paste marker."""
    for token in ORIGINAL_TICK(self):
        _state(self).tail = ""
        yield token


def install() -> None:
    """Route every terminal's input through `feed` (idempotent)."""
    XTermParser.feed = feed  # type: ignore[method-assign]
    XTermParser.tick = tick  # type: ignore[method-assign, assignment]
