"""The team's review settings (`review.toml` in the drafts folder): thresholds, word lists, and
each rule on or off, hint or blocking; a bad file names its line."""

from __future__ import annotations

import datetime as dt

import pytest

from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.review.config import (
    DEFAULT,
    ReviewConfig,
    ReviewConfigError,
    parse_config,
)
from postmortem_tui.core.review.registry import RULE_NAMES, review

TODAY = dt.date(2025, 3, 4)


def parse(text: str) -> ReviewConfig:
    return parse_config(text, "drafts/review.toml", RULE_NAMES)


def error(text: str) -> str:
    with pytest.raises(ReviewConfigError) as caught:
        parse(text)
    return str(caught.value)


def test_an_empty_file_is_the_defaults() -> None:
    config = parse("")
    assert config.deadline_weeks == DEFAULT.deadline_weeks == {"P0": 2, "P1": 4, "P2": 8}
    assert (config.max_gap_minutes, config.max_sentence_words) == (30, 35)
    assert config.setting("action-vague").enabled


def test_every_setting() -> None:
    config = parse(
        """
        [deadlines]
        P0 = 1
        [timeline]
        max_gap_minutes = 45
        header_tolerance_minutes = 0
        [summary]
        max_sentence_words = 25
        acronyms = ["BVC", "OMS"]
        [actions]
        vague_phrases = ["sort out"]
        team_aliases = ["riskops"]
        [secrets]
        emails = true
        [rules.action-vague]
        severity = "blocking"
        [rules."summary-acronym"]
        enabled = false
        """
    )
    assert config.deadline_weeks == {"P0": 1, "P1": 4, "P2": 8}
    assert (config.max_gap_minutes, config.header_tolerance_minutes) == (45, 0)
    assert config.max_sentence_words == 25
    assert config.acronyms == {"BVC", "OMS"}
    assert config.vague_phrases == ("sort out",)
    assert config.team_aliases == ("riskops",)
    assert config.secret_emails
    assert config.setting("action-vague").severity == "blocking"
    assert not config.setting("summary-acronym").enabled


def test_a_rule_made_blocking_blocks_and_one_switched_off_is_silent() -> None:
    doc = demo_document(today=TODAY)
    doc.actions[0].action = "Investigate the feed"
    (hint,) = review(doc, TODAY)["actions"]
    assert not hint.blocking
    blocking = parse('[rules.action-vague]\nseverity = "blocking"\n')
    (found,) = review(doc, TODAY, blocking)["actions"]
    assert found.blocking and found.message == hint.message
    off = parse("[rules.action-vague]\nenabled = false\n")
    assert review(doc, TODAY, off) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[timeline]\nmax_gap = 3\n",
         "drafts/review.toml:2: unknown setting 'max_gap' in [timeline]"),
        ("\n\n[deadlines]\nP1 = 'four'\n", "drafts/review.toml:4: P1 must be a whole number >= 1"),
        ("[deadlines]\nP1 = 0\n", "drafts/review.toml:2: P1 must be a whole number >= 1"),
        ("[summary]\nacronyms = 'BVC'\n", "drafts/review.toml:2: acronyms must be a list of words"),
        ("[secrets]\nemails = 1\n", "drafts/review.toml:2: emails must be true or false"),
        ("[colours]\n", "drafts/review.toml:1: unknown table [colours]"),
        ("# rules\n[rules.no-such-rule]\nenabled = false\n",
         "drafts/review.toml:2: unknown rule 'no-such-rule'"),
        ("[rules.action-vague]\nseverity = 'fatal'\n",
         "drafts/review.toml:2: severity must be \"hint\" or \"blocking\""),
        ("[rules.action-vague]\ncolour = 'red'\n",
         "drafts/review.toml:2: unknown setting 'colour' in [rules.action-vague]"),
        ("[timeline]\nmax_gap_minutes = = 3\n", "drafts/review.toml:2: not valid TOML: "),
        ("[timeline\n", "drafts/review.toml:1: not valid TOML: "),
    ],
)
def test_a_bad_file_names_the_line(text: str, expected: str) -> None:
    assert error(text).startswith(expected)
