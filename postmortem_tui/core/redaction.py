"""Masking the secrets of a post-mortem's pasted text (logs, snippet, configuration, commands):
what `postmortem redact` shows and does. Pure functions on the document; the secrets are found
by `core/secrets.py`, as `check` and the wizard's paste find them."""

from __future__ import annotations

from dataclasses import dataclass

from .model import PostMortem
from .secrets import Secret, find_secrets, kinds, line_of, redact

PASTED_FIELDS: tuple[tuple[tuple[str, str], str], ...] = (
    (("root_cause", "snippet"), "The root cause snippet"),
    (("resolution", "commands"), "The commands run"),
    (("appendix", "logs"), "The relevant logs"),
    (("appendix", "config_before"), "The configuration before"),
    (("appendix", "config_after"), "The configuration after"),
)
"""The fields text is pasted into (section, attribute; label), in the template's order."""


def pasted_text(doc: PostMortem, path: tuple[str, str]) -> str:
    section, name = path
    return str(getattr(getattr(doc, section), name))


@dataclass(frozen=True)
class FieldSecrets:
    """The secrets of one field."""

    path: tuple[str, str]
    label: str
    text: str
    secrets: tuple[Secret, ...]

    def lines(self) -> list[tuple[int, str, str]]:
        """(line number, kind, the line with its secrets masked) for each secret: what can be
        shown of it without showing it."""
        return [(line_of(self.text, s), s.kind, masked_line(self.text, s, self.secrets))
                for s in self.secrets]


def secrets_in(doc: PostMortem, *, emails: bool = False) -> list[FieldSecrets]:
    """The pasted fields that hold secrets, with them."""
    out = []
    for path, label in PASTED_FIELDS:
        text = pasted_text(doc, path)
        found = find_secrets(text, emails=emails)
        if found:
            out.append(FieldSecrets(path, label, text, found))
    return out


def mask_document(doc: PostMortem, *, emails: bool = False) -> list[FieldSecrets]:
    """Mask every secret of the pasted fields in place; what was masked."""
    found = secrets_in(doc, emails=emails)
    for field in found:
        section, name = field.path
        setattr(getattr(doc, section), name, redact(field.text, field.secrets))
    return found


def count(found: list[FieldSecrets]) -> int:
    return sum(len(f.secrets) for f in found)


def summary(found: list[FieldSecrets]) -> str:
    """`3 secrets (2 password, 1 jwt) in the relevant logs and the commands run`."""
    n = count(found)
    every = tuple(s for f in found for s in f.secrets)
    labels = [f.label[0].lower() + f.label[1:] for f in found]
    where = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    return f"{n} secret{'s' if n != 1 else ''} ({kinds(every)}) in {where}"


def shown_around(line: str, mask: str, width: int) -> str:
    """`line` on one line within `width` columns, cut so that `mask` (its first) stays in view:
    `…ER login user=svc password=<redacted:password> ok`."""
    from .text import cut, display_width, one_line

    line = one_line(line.strip())
    if display_width(line) <= width:
        return line
    at = line.find(mask)
    start = max(0, at - width // 3) if at > 0 else 0
    if start:
        line = "…" + line[start + 1:]
    return cut(line, width)


def masked_line(text: str, secret: Secret, secrets: tuple[Secret, ...]) -> str:
    """The line `secret` starts on, every secret on it masked."""
    start = text.rfind("\n", 0, secret.start) + 1
    end = text.find("\n", secret.start)
    end = len(text) if end == -1 else end
    parts: list[str] = []
    at = start
    for s in secrets:
        if s.end <= start or s.start >= end:
            continue
        parts.append(text[at:max(at, s.start)])
        parts.append(s.mask)
        at = max(at, min(s.end, end))
    parts.append(text[at:end])
    return "".join(parts)
