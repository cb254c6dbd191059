"""Review rule for pasted text: a secret in the logs, the snippet, the configuration or the
commands (the template: "sanitize any sensitive data"). Found by `core/secrets.py`, the same
detector `postmortem redact` and the wizard's paste use, so what this rule reports is what they
mask."""

from __future__ import annotations

from collections.abc import Iterator

from ..redaction import PASTED_FIELDS, pasted_text
from ..secrets import find_secrets
from .rules import Context, Hit, Rule


def _secrets(ctx: Context) -> Iterator[Hit]:
    for path, label in PASTED_FIELDS:
        found = find_secrets(pasted_text(ctx.doc, path), emails=ctx.config.secret_emails)
        if not found:
            continue
        first = found[0]
        what = f"'{first.key}=...'" if first.key else first.kind
        # The message the section checks gave before this rule took them over.
        yield Hit(path, f"{label} may contain a secret ({what}); sanitize it", "")


RULES: tuple[Rule, ...] = (
    Rule(
        "secret-in-text", "root_cause, resolution, appendix",
        "root_cause.snippet, resolution.commands, appendix.logs, appendix.config_before, "
        "appendix.config_after",
        "A secret pasted into logs, a snippet, configuration or commands (password=/token: "
        "pairs, bearer tokens, JWTs, AWS keys, private keys, URLs with a password; e-mail "
        "addresses if review.toml says so)",
        "`postmortem redact REF` masks them as <redacted:kind>",
        _secrets,
    ),
)
