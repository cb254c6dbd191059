"""Resolution: the immediate fix (its text, and the commands' code block without the
template's `# Commands or steps taken` line), and the verification steps."""

from __future__ import annotations

from ..reader import Part
from .common import (
    Context,
    code_of,
    is_marker,
    list_field,
    paragraphs_of,
    subsections,
    without_placeholder_lines,
    wordings,
)

COMMANDS_HEADER = "# Commands or steps taken"
NO_COMMANDS = "*No commands recorded.*"
_SUBSECTIONS = {
    "fix": wordings("Immediate Fix", "Fix", "Mitigation", "Immediate fix", "What we did",
                    "Remediation", "Commands"),
    "verification": wordings("Verification", "How it was verified", "Verification steps",
                             "Validation"),
}


def _commands(code: str) -> tuple[str, int]:
    """The commands without the template's first line, and how many lines that took off."""
    first, _, rest = code.partition("\n")
    if first.strip() == COMMANDS_HEADER:
        return rest, 1
    return code, 0


def parse(part: Part, ctx: Context) -> None:
    res = ctx.doc.resolution
    subs = subsections(part, ctx, _SUBSECTIONS)
    fix = [*subs[""], *subs.get("fix", [])]
    if len(subs) == 1:  # no subsections, by hand: lists are the verification
        fix = [b for b in subs[""] if b.kind not in ("bullets", "ordered")]
        subs["verification"] = [b for b in subs[""] if b.kind in ("bullets", "ordered")]
    if fix and is_marker(fix[-1], NO_COMMANDS):
        fix = fix[:-1]
    commands = []
    for block in fix:
        if block.kind == "code":
            code, skipped = _commands(code_of(block))
            code = without_placeholder_lines(code, block.line + skipped, ctx, "Commands run")
            if code.strip():
                commands.append(code)
    if len(commands) > 1:
        ctx.report.add(fix[0].line, "kept", "several code blocks: kept one after the other "
                       "in the commands run")
    res.commands = "\n\n".join(commands)
    res.immediate_fix = paragraphs_of([b for b in fix if b.kind != "code"], ctx,
                                      "Immediate fix")
    res.verification = list_field(subs.get("verification", []), ctx, "Verification steps")
