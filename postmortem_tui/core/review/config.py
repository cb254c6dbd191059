"""The team's review settings: one TOML file in the drafts folder (`review.toml`).

Every threshold of the review rules, the words the team adds to the built-in lists, and, per
rule, whether it runs and whether it blocks a final export. Everything is optional; a missing
file means the defaults. A bad file is refused as a whole with its name and line
(`review.toml:7: ...`), never half applied.

The settings are a property of the drafts folder, and a process works on one folder: the
command or the wizard that opened the folder reads them (`DraftStore.review_config`) and makes
them the active ones (`use`); `assess`, wherever it is called from, reviews with `active()`.

    [deadlines]                  # weeks from the incident date, by priority
    P0 = 2
    P1 = 4
    P2 = 8

    [timeline]
    max_gap_minutes = 30         # during the response, a gap longer than this is a finding
    header_tolerance_minutes = 5 # start/end vs first symptom/service restored

    [summary]
    max_sentence_words = 35
    acronyms = ["BVC", "OMS"]    # known to the readers, on top of the built-in list

    [actions]
    vague_phrases = ["sort out"] # on top of the built-in ones
    team_aliases = ["risk-ops"]  # owners that name a group, not a person

    [secrets]
    emails = true                # e-mail addresses count as secrets (off by default)

    [rules.summary-acronym]      # any rule by name (`postmortem check REF --rules`)
    enabled = false
    [rules.action-vague]
    severity = "blocking"        # "hint" (the default) or "blocking"
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import DraftError

FILE_NAME = "review.toml"
Severity = Literal["hint", "blocking"]
SEVERITIES: tuple[Severity, ...] = ("hint", "blocking")


class ReviewConfigError(DraftError):
    """The review settings file cannot be used: says the file and the line."""


@dataclass(frozen=True)
class RuleSetting:
    """What the settings say of one rule: whether it runs, and how much it weighs."""

    enabled: bool = True
    severity: Severity | None = None  # None: the rule's own


def _weeks() -> dict[str, int]:
    return {"P0": 2, "P1": 4, "P2": 8}


@dataclass(frozen=True)
class ReviewConfig:
    """The team's review settings (`review.toml`), or the defaults."""

    deadline_weeks: dict[str, int] = field(default_factory=_weeks)
    max_gap_minutes: int = 30
    header_tolerance_minutes: int = 5
    max_sentence_words: int = 35
    acronyms: frozenset[str] = frozenset()
    vague_phrases: tuple[str, ...] = ()
    team_aliases: tuple[str, ...] = ()
    secret_emails: bool = False
    rules: dict[str, RuleSetting] = field(default_factory=dict)
    source: str = ""  # the file it came from; "" for the defaults

    def setting(self, rule: str) -> RuleSetting:
        return self.rules.get(rule, _DEFAULT_SETTING)


_DEFAULT_SETTING = RuleSetting()
DEFAULT = ReviewConfig()
_active = DEFAULT


def use(config: ReviewConfig) -> None:
    """Review with `config` from now on, in this process (the folder's settings)."""
    global _active
    _active = config


def active() -> ReviewConfig:
    return _active


# --- reading the file -------------------------------------------------------------------------

# Compiled for a bad file's message only.
@functools.cache
def _toml_where() -> re.Pattern[str]:
    return re.compile(r"\s*\(at line (\d+), column \d+\)$")


@functools.cache
def _table_re() -> re.Pattern[str]:
    return re.compile(r"^\s*\[\s*([^\]]+?)\s*\]\s*(?:#.*)?$")


def _line_of(text: str, table: str, key: str | None = None) -> int:
    """The line that sets `key` in `[table]` (or the table's header): for a message."""
    current, header = "", 0
    for number, line in enumerate(text.splitlines(), 1):
        m = _table_re().match(line)
        if m:
            current = m.group(1).replace('"', "").replace("'", "").replace(" ", "")
            if current == table:
                header = number
            continue
        if key is not None and current == table:
            name = line.split("=", 1)[0].strip().strip("\"'")
            if "=" in line and name == key:
                return number
    return header or 1


class _Reader:
    def __init__(self, text: str, source: str, rule_names: Iterable[str]) -> None:
        self.text = text
        self.source = source
        self.rule_names = frozenset(rule_names)

    def fail(self, table: str, key: str | None, message: str) -> ReviewConfigError:
        return ReviewConfigError(f"{self.source}:{_line_of(self.text, table, key)}: {message}")

    def table(self, data: Mapping[str, Any], name: str, keys: Iterable[str]) -> dict[str, Any]:
        value = data.get(name, {})
        if not isinstance(value, dict):
            raise self.fail("", None, f"[{name}] must be a table")
        allowed = tuple(keys)
        for key in value:
            if key not in allowed:
                raise self.fail(
                    name, key, f"unknown setting {key!r} in [{name}] (known: {', '.join(allowed)})"
                )
        return value

    def count(self, table: str, values: Mapping[str, Any], key: str, default: int,
              *, lowest: int = 0) -> int:
        if key not in values:
            return default
        value = values[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < lowest:
            raise self.fail(table, key, f"{key} must be a whole number >= {lowest}, got {value!r}")
        return value

    def strings(self, table: str, values: Mapping[str, Any], key: str) -> tuple[str, ...]:
        value = values.get(key, [])
        if not isinstance(value, list) or not all(
            isinstance(v, str) and v.strip() for v in value
        ):
            raise self.fail(table, key, f"{key} must be a list of words, e.g. [\"BVC\"]")
        return tuple(v.strip() for v in value)

    def flag(self, table: str, values: Mapping[str, Any], key: str, default: bool) -> bool:
        value = values.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(table, key, f"{key} must be true or false, got {value!r}")
        return value

    def read(self, data: Mapping[str, Any]) -> ReviewConfig:
        known = ("deadlines", "timeline", "summary", "actions", "secrets", "rules")
        for name in data:
            if name not in known:
                raise self.fail(name, None, f"unknown table [{name}] (known: {', '.join(known)})")
        deadlines = self.table(data, "deadlines", ("P0", "P1", "P2"))
        timeline = self.table(data, "timeline", ("max_gap_minutes", "header_tolerance_minutes"))
        summary = self.table(data, "summary", ("max_sentence_words", "acronyms"))
        actions = self.table(data, "actions", ("vague_phrases", "team_aliases"))
        secrets = self.table(data, "secrets", ("emails",))
        weeks = {
            p: self.count("deadlines", deadlines, p, w, lowest=1) for p, w in _weeks().items()
        }
        return ReviewConfig(
            deadline_weeks=weeks,
            max_gap_minutes=self.count(
                "timeline", timeline, "max_gap_minutes", DEFAULT.max_gap_minutes, lowest=1
            ),
            header_tolerance_minutes=self.count(
                "timeline", timeline, "header_tolerance_minutes",
                DEFAULT.header_tolerance_minutes,
            ),
            max_sentence_words=self.count(
                "summary", summary, "max_sentence_words", DEFAULT.max_sentence_words, lowest=5
            ),
            acronyms=frozenset(self.strings("summary", summary, "acronyms")),
            vague_phrases=self.strings("actions", actions, "vague_phrases"),
            team_aliases=self.strings("actions", actions, "team_aliases"),
            secret_emails=self.flag("secrets", secrets, "emails", False),
            rules=self.rules(data.get("rules", {})),
            source=self.source,
        )

    def rules(self, value: Any) -> dict[str, RuleSetting]:
        if not isinstance(value, dict):
            raise self.fail("", None, "[rules] must be a table of rules, e.g. [rules.action-vague]")
        out: dict[str, RuleSetting] = {}
        for name, setting in value.items():
            table = f"rules.{name}"
            if name not in self.rule_names:
                raise self.fail(
                    table, None,
                    f"unknown rule {name!r} (`postmortem check REF --rules` lists them)",
                )
            if not isinstance(setting, dict):
                raise self.fail("rules", name, f"[rules.{name}] must be a table")
            values = self.table({table: setting}, table, ("enabled", "severity"))
            severity = values.get("severity")
            if severity is not None and severity not in SEVERITIES:
                raise self.fail(
                    table, "severity", f'severity must be "hint" or "blocking", got {severity!r}'
                )
            out[name] = RuleSetting(self.flag(table, values, "enabled", True), severity)
        return out


def parse_config(text: str, source: str, rule_names: Iterable[str]) -> ReviewConfig:
    """The settings `text` holds (`source` names it in messages); `rule_names` are the rules a
    `[rules.NAME]` table may name."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _toml_where().search(message)
        line = m.group(1) if m else "1"
        raise ReviewConfigError(
            f"{source}:{line}: not valid TOML: {_toml_where().sub('', message)}"
        ) from None
    return _Reader(text, source, rule_names).read(data)
