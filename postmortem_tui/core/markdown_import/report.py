"""What an import found that the document does not say plainly: each finding with its line."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Finding", "Report"]


@dataclass(frozen=True)
class Finding:
    """One thing worth the author's attention.

    `kind` is one of: `placeholder` (the template's text left in: read as empty), `kept`
    (something with no field of its own, kept in the place named), `cells` (a table row with
    the wrong number of cells), `value` (a value that could not be read, or was read loosely),
    `missing` (a section of the template not in the file), `order` (rows out of order).
    """

    line: int  # 1-based; 0 when the finding is about the document as a whole
    section: str  # the section's title as the template names it, or ""
    kind: str
    message: str

    def describe(self) -> str:
        where = f"line {self.line}" if self.line else "document"
        section = f" ({self.section})" if self.section else ""
        return f"{where}{section}: {self.message}"


@dataclass
class Report:
    """The findings of one import, in the order they were made."""

    findings: list[Finding] = field(default_factory=list)
    section: str = ""  # the section being read, named in each finding

    def add(self, line: int, kind: str, message: str) -> None:
        self.findings.append(Finding(line, self.section, kind, message))

    def placeholder(self, line: int, text: str, field_name: str, read_as: str = "empty") -> None:
        shown = text.strip()
        if len(shown) > 60:
            shown = shown[:59] + "…"
        self.add(line, "placeholder", f"template placeholder {shown!r} left in: {field_name} "
                 f"is {read_as}")

    def sorted(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: f.line)
