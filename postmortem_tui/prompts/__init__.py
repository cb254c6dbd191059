"""Plain prompts: `postmortem quick` asks the essentials one question at a time.

The command (`quick.py`) runs the question flow (`flow.py`), which talks only to the small
`Prompter` protocol (`base.py`). Two backends implement it: questionary in a capable terminal
(`interactive.py`) and plain lines of text everywhere else -- piped input, a dumb terminal, a
screen reader (`plain.py`); `backend.py` chooses one. `signals.py`: a `kill` or a closed
terminal stops the run as Ctrl+C does.
"""

from __future__ import annotations

from .base import Choice, Prompter

__all__ = ["Choice", "Prompter"]
