"""Review rules for the action items: can each one be checked off, by whom, and when?"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache

from ..model import ActionItem, ActionStatus, Category
from .rules import Context, Hit, Rule
from .words import content_stems, fold, listed, normalized, quote, stem, words

VAGUE_PHRASES = (
    "investigate", "look into", "look at", "be more careful", "be careful", "improve",
    "monitor", "review", "consider", "explore", "discuss", "think about", "revisit",
    "follow up", "try to", "make sure", "ensure", "keep an eye on", "double check",
)
"""Verbs that say an activity, not a result; an item using one needs an outcome too."""

_THRESHOLD_WORDS = frozenset(
    stem(w) for w in listed("""
    until when whenever within exceed exceeds above below under threshold before after
    """)
)
"""A number or one of these anywhere is a threshold or a trigger: an outcome."""
_CONCRETE_VERBS = frozenset(
    stem(w) for w in listed("""
    add remove write create automate alert page block reject define replace migrate move delete
    enable disable document deploy fix rotate renew limit cap set configure implement build
    install upgrade patch switch schedule publish require rename split merge test retire
    """)
)
"""A concrete change, where a verb stands (first, or after `and`, `then`, `to`): an outcome."""
_VERB_BEFORE = frozenset({"and", "then", "to", "so", "or"})

TEAM_ALIASES = (
    "team", "squad", "crew", "group", "guild", "ops", "devops", "sre", "noc", "on-call",
    "oncall", "platform", "desk", "everyone", "all", "tbd", "unassigned", "nobody", "department",
    "engineering", "support", "owners",
)
_ALIAS_MARKS = re.compile(r"[@#/]|^[a-z0-9]+(?:[-_.][a-z0-9]+)+$")

_CODE_VERBS = frozenset(
    stem(w) for w in listed("""
    fix patch refactor rewrite implement migrate deploy upgrade configure code automate add
    build change remove replace enable disable set
    """)
)
_TRAINING_VERBS = frozenset(stem(w) for w in listed("train teach educate onboard coach mentor"))
_TRAINING_WORDS = frozenset(
    stem(w) for w in listed("""
    train training workshop session teach walk walkthrough onboard onboarding share
    knowledge present presentation drill learn course tutorial explain demo rotation mentor
    coach
    """)
)
DUPLICATE_OVERLAP = 0.7
"""Two actions sharing this share of their content words say the same thing."""


def _label(i: int, a: ActionItem) -> str:
    return f"Action item {a.id}"


def _filled(ctx: Context) -> Iterator[tuple[int, ActionItem]]:
    for i, a in enumerate(ctx.doc.actions):
        if a.action.strip():
            yield i, a


def vague_phrase(text: str, extra: tuple[str, ...] = ()) -> str | None:
    """The vague verb `text` relies on, if it names no outcome (a number, a threshold, a
    trigger or a concrete change); None when the action can be checked off."""
    tokens = words(text)
    stems = [stem(w) for w in tokens]
    said = f" {normalized(text)} "
    known = set(stems)
    phrase = next((p for p in (*VAGUE_PHRASES, *extra) if _says(p, known, said)), None)
    if phrase is None or any(c.isdigit() for c in text):
        return None
    if any(s in _THRESHOLD_WORDS for s in stems) or " so that " in said:
        return None
    for n, s in enumerate(stems):
        if (n == 0 or fold(tokens[n - 1]) in _VERB_BEFORE) and s in _CONCRETE_VERBS:
            return None
    return phrase


def _says(phrase: str, stems: set[str], said: str) -> bool:
    one_word, looked_for = _looked_for(phrase)
    return looked_for in stems if one_word else looked_for in said


@lru_cache(maxsize=256)
def _looked_for(phrase: str) -> tuple[bool, str]:
    """A phrase as `_says` looks for it: a word's stem, or several words normalized and
    spaced (worked out once a phrase, not once an action item)."""
    parts = phrase.split()
    if len(parts) == 1:
        return True, stem(parts[0])
    return False, f" {normalized(phrase)} "


def _vague(ctx: Context) -> Iterator[Hit]:
    for i, a in _filled(ctx):
        phrase = vague_phrase(a.action, ctx.config.vague_phrases)
        if phrase:
            yield Hit(
                ("actions", i, "action"),
                f"{_label(i, a)} ({quote(a.action)}) says '{phrase}' with no outcome",
            )


def team_alias(owner: str, extra: tuple[str, ...] = ()) -> bool:
    """Whether `owner` names a group or a placeholder rather than a person."""
    text = re.sub(r"\([^)]*\)", " ", owner).strip()
    if not text:
        return False
    if _ALIAS_MARKS.search(text):
        return True
    tokens = {fold(w) for w in re.split(r"[\s,;&+]+", text) if w}
    aliases = {fold(a) for a in (*TEAM_ALIASES, *extra)}
    return bool(tokens & aliases) or (text.isupper() and len(text) <= 5)


def _alias(ctx: Context) -> Iterator[Hit]:
    for i, a in enumerate(ctx.doc.actions):
        if a.owner.strip() and team_alias(a.owner, ctx.config.team_aliases):
            yield Hit(
                ("actions", i, "owner"),
                f"{_label(i, a)}'s owner {quote(a.owner, 30)} reads as a team, not a person",
            )


def deadline_base(ctx: Context) -> dt.date | None:
    """Deadlines run from the incident's date (else the date written). Never from today: the
    finding must not change with the day (listings cache it)."""
    return ctx.doc.header.date or ctx.doc.signoff.author.date_written


def _deadline(ctx: Context) -> Iterator[Hit]:
    base = deadline_base(ctx)
    if base is None:
        return
    for i, a in enumerate(ctx.doc.actions):
        if a.due is None or a.priority is None or a.status is ActionStatus.DONE:
            continue
        weeks = ctx.config.deadline_weeks.get(a.priority.value)
        if weeks is None:
            continue
        limit = base + dt.timedelta(weeks=weeks)
        if a.due > limit:
            yield Hit(
                ("actions", i, "due"),
                f"{_label(i, a)} is due {a.due.isoformat()}, after its {a.priority.value} "
                f"deadline {limit.isoformat()} ({weeks} weeks from the incident)",
            )


def _duplicate(ctx: Context) -> Iterator[Hit]:
    filled = list(_filled(ctx))
    for n, m in duplicate_pairs(tuple(a.action for _, a in filled)):
        (_, a), (j, b) = filled[n], filled[m]
        yield Hit(
            ("actions", j, "action"),
            f"{_label(j, b)} says the same as action item {a.id} ({quote(a.action)})",
        )


@lru_cache(maxsize=8)
def duplicate_pairs(texts: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """(earlier, later) for each text that says the same as an earlier one; cached, as the
    wizard reviews the same items after every edit elsewhere (100 items: 5,000 pairs)."""
    stem_sets = [content_stems(t) for t in texts]
    norms = [normalized(t) for t in texts]
    # Each set of stems as the bits of an int: the overlap of two is then two bit counts (the
    # same counts as the sets', so the same ratio).
    bit_of: dict[str, int] = {}
    masks = [
        sum(1 << bit_of.setdefault(s, len(bit_of)) for s in stems) for stems in stem_sets
    ]
    sizes = [len(stems) for stems in stem_sets]
    pairs: list[tuple[int, int]] = []
    reported: set[int] = set()
    for n, (mask_a, size_a, norm_a) in enumerate(zip(masks, sizes, norms, strict=True)):
        for m in range(n + 1, len(texts)):
            if m in reported:
                continue
            size_b = sizes[m]
            small, large = (size_a, size_b) if size_a <= size_b else (size_b, size_a)
            same = norm_a == norms[m] or (
                small >= 2
                and small >= DUPLICATE_OVERLAP * large  # else the overlap cannot reach it
                and (mask_a & masks[m]).bit_count() / (mask_a | masks[m]).bit_count()
                >= DUPLICATE_OVERLAP
            )
            if same:
                reported.add(m)
                pairs.append((n, m))
    return tuple(pairs)


def _lead_stem(text: str) -> str:
    first = words(text)[:1]
    return stem(first[0]) if first else ""


def _category(ctx: Context) -> Iterator[Hit]:
    for i, a in _filled(ctx):
        lead = _lead_stem(a.action)
        stems = {stem(w) for w in words(a.action)}
        if a.category is Category.TRAINING:
            if lead in _CODE_VERBS and not stems & _TRAINING_WORDS:
                yield Hit(
                    ("actions", i, "category"),
                    f"{_label(i, a)} is Training but changes the system ({quote(a.action)})",
                    "choose Prevent Recurrence, Improve Detection or Reduce Impact, or make it "
                    "a knowledge-sharing item",
                )
        elif a.category is not None and lead in _TRAINING_VERBS:
            yield Hit(
                ("actions", i, "category"),
                f"{_label(i, a)} is {a.category.value} but reads as Training "
                f"({quote(a.action)})",
                "choose Training, or say what will change in the system or process",
            )


RULES: tuple[Rule, ...] = (
    Rule(
        "action-vague", "actions", "actions[].action",
        "An action with a vague verb (investigate, look into, improve, monitor, be more "
        "careful) and no outcome",
        "say what will be true when it is done: a threshold, a trigger or a concrete change",
        _vague,
    ),
    Rule(
        "action-team-owner", "actions", "actions[].owner",
        "An owner that is a team alias where the template asks for a name (a note)",
        "name the one person who will drive it; the team can still do the work",
        _alias,
    ),
    Rule(
        "action-deadline", "actions", "actions[].due",
        "A due date past the priority's deadline (weeks from the incident: P0 "
        "{config.deadline_weeks[P0]}, P1 {config.deadline_weeks[P1]}, P2 "
        "{config.deadline_weeks[P2]})",
        "bring the date forward, or lower the priority if it can wait",
        _deadline,
    ),
    Rule(
        "action-duplicate", "actions", "actions[].action",
        "Two action items that say the same thing",
        "merge them, or say how they differ",
        _duplicate,
    ),
    Rule(
        "action-category", "actions", "actions[].category",
        "A category that contradicts the text (a Training item that changes code)",
        "choose the category the action's result belongs to",
        _category,
    ),
)
