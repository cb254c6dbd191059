"""Who the document names as people: the timeline's actors that read as a person, and everyone
in the sign-off. The blameless rule looks for them in the 5 Whys' answers.

An actor is a person when, once a role in brackets is dropped (`Ana Restrepo (on-call SRE)`),
it is one to four capitalised words of which none names a system or a group (`Monitoring`,
`Equities desk`, `Risk platform team`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import PostMortem
from .words import fold, listed, words

NOT_A_PERSON = frozenset(
    listed("""
    system systems monitoring alert alerts alerting alertmanager pagerduty opsgenie grafana
    prometheus datadog nagios zabbix sentry splunk kibana jenkins ci cd cron scheduler bot
    automation automated script job service services gateway exchange vendor vendors broker
    desk team teams squad group crew guild ops devops sre noc soc support helpdesk on-call
    oncall engineering platform client clients customer customers user users trader traders
    everyone all unknown n/a tbd none nobody management committee board operations
    infrastructure infra network database db cluster server servers app application
    """)
)
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
MIN_PART = 3  # a name part shorter than this (`Al`, `Li`) is matched only as a whole name


@lru_cache(maxsize=1024)
def person_parts(name: str) -> tuple[str, ...]:
    """The words of `name` if it reads as a person's name, else none."""
    text = _BRACKETS.sub(" ", name).strip()
    parts = words(text)
    if not parts or len(parts) > 4:
        return ()
    if any(fold(p) in NOT_A_PERSON for p in parts):
        return ()
    if not all(p[0].isupper() and not p.isupper() for p in parts):
        return ()
    return tuple(parts)


def names_in_document(doc: PostMortem) -> dict[str, str]:
    """Folded full name or name part -> the full name, for every person the document names."""
    so = doc.signoff
    candidates = [row.actor for row in doc.timeline]
    candidates += [so.author.name, *(r.name for r in so.reviewers)]
    candidates += [f.owner for f in so.follow_ups]
    found: dict[str, str] = {}
    for candidate in candidates:
        parts = person_parts(candidate)
        if not parts:
            continue
        full = " ".join(parts)
        found.setdefault(fold(full), full)
        for part in parts:
            if len(part) >= MIN_PART:
                found.setdefault(fold(part), full)
    return found


def people_named(text: str, people: dict[str, str]) -> list[str]:
    """The people of `people` that `text` names (a capitalised name part, or the full name in
    any case), once each, in order."""
    if not people or not text.strip():
        return []
    named: list[str] = []
    tokens = words(text)
    folded = [fold(t) for t in tokens]
    joined = " " + " ".join(folded) + " "
    for key, full in people.items():
        if " " in key:
            hit = f" {key} " in joined
        else:
            hit = any(f == key and t[0].isupper() for t, f in zip(tokens, folded, strict=True))
        if hit and full not in named:
            named.append(full)
    return named
