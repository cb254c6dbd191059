"""What the checks find, and the tools every section's checks are written with.

A finding is either *blocking* (the final export refuses the document until it is fixed) or
*weak* (worth a look; never stops anything). Each section's rules are its `check` function
(`core/sections/<key>.py`), written with `Checks`; the thresholds are the constants below.
Free text is also read for the team's blameless rule (`_BLAME`: "human error", "should
have", ...): weak findings. The review rules beyond the template's (`core/review/`, secrets in
pasted text among them) add theirs to the same reports.

Pure Python, and light to import: the sections (and so the wizard's outline) load it before the
model.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from .text import cut

Path = tuple[str | int, ...]
"""Where a finding is, in the document: `("header", "title")`, `("timeline", 3, "time")`."""
State = Literal["done", "partial", "empty"]

SHORT_SUMMARY_WORDS = 20

SHORT_WHAT_HAPPENED_WORDS = 25

MIN_WHYS = 3

# A row or an end time this far after the start is more likely a typo than a long incident.
SUSPICIOUS_MINUTES = 12 * 60


@dataclass(frozen=True)
class Finding:
    """Something missing (`blocking`) or weak in a section, and where to fix it."""

    section: str
    path: Path
    message: str
    blocking: bool


@dataclass(frozen=True)
class SectionReport:
    """A section's state (done, partial, empty) and its findings."""

    key: str
    title: str
    state: State
    findings: tuple[Finding, ...]

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.blocking)

    @property
    def weak(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.blocking)


# --- phrases --------------------------------------------------------------------------------

_BLAME = (
    r"\b(?:human error|operator error|user error|pilot error"
    r"|should(?:n't| not)? have|should've|shouldn't've"
    r"|careless(?:ness|ly)?|fault of|(?:his|her|their|my|your|our) fault|at fault"
    r"|blam(?:e|ed|es|ing)|negligen(?:ce|t|tly)|incompeten(?:ce|t)"
    r"|sloppy|stupid|screwed up|dropped the ball)\b"
)


@functools.cache
def _blame_re() -> re.Pattern[str]:
    # Compiled when first used (5 ms): the sections, and so the wizard's outline, import this.
    return re.compile(_BLAME, re.IGNORECASE)


# A word of every phrase of `_BLAME`: an ASCII text holding none of them (lowered) holds no
# phrase, and skips the pattern (and its compiling, when no text holds one).
_BLAME_WORDS = ("error", "should", "careless", "fault", "blam", "negligen", "incompeten",
                "sloppy", "stupid", "screwed", "dropped")


def _blame_phrases(text: str) -> list[str]:
    """Every blaming phrase in `text`, once each, in order: a reviewer fixes them all at once."""
    if text.isascii():
        lowered = text.lower()
        if not any(word in lowered for word in _BLAME_WORDS):
            return []
    return list(dict.fromkeys(m.group(0).lower() for m in _blame_re().finditer(text)))


def count_words(text: str) -> int:
    return len(text.split())


def count_filled(items: Iterable[str]) -> int:
    return sum(1 for item in items if item.strip())


def shorten(text: str, limit: int = 40) -> str:
    one = " ".join(text.split())
    return cut(one, limit)


# --- the checks of one section --------------------------------------------------------------


@dataclass
class Checks:
    """Findings of one section, plus how many required things are met (for the percentage)."""

    key: str
    findings: list[Finding] = field(default_factory=list)
    met: int = 0
    total: int = 0

    def require(self, ok: bool, path: Path, message: str) -> bool:
        self.total += 1
        if ok:
            self.met += 1
        else:
            self.findings.append(Finding(self.key, path, message, True))
        return ok

    def require_all(self, subject: str, parts: list[tuple[bool, Path, str]]) -> bool:
        """One finding for everything a row lacks: `Action item 3 has no owner or due date`."""
        self.total += len(parts)
        missing = [(path, label) for ok, path, label in parts if not ok]
        self.met += len(parts) - len(missing)
        if missing:
            labels = [label for _, label in missing]
            said = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]
            self.findings.append(Finding(self.key, missing[0][0], f"{subject} has no {said}", True))
        return not missing

    def require_count(self, have: int, need: int, path: Path, message: str) -> None:
        self.total += need
        self.met += min(have, need)
        if have < need:
            self.findings.append(Finding(self.key, path, message, True))

    def block(self, path: Path, message: str) -> None:
        """A blocking finding that is not one of the counted requirements."""
        self.total += 1
        self.findings.append(Finding(self.key, path, message, True))

    def weak(self, path: Path, message: str) -> None:
        self.findings.append(Finding(self.key, path, message, False))

    def blameless(self, path: Path, label: str, text: str) -> None:
        phrases = _blame_phrases(text)
        if phrases:
            quoted = ", ".join(f"'{phrase}'" for phrase in phrases)
            self.weak(
                path,
                f"Blameless: {quoted} in {label} — describe the system or process that "
                "allowed it",
            )

    def blank_items(self, items: list[str], path: Path, label: str) -> None:
        for i, item in enumerate(items):
            if not item.strip():
                self.weak((*path, i), f"{label}: item {i + 1} is empty")

