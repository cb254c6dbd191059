"""Markdown in the template's format back to a post-mortem: `import_markdown`."""

from .document import Imported, NotAPostMortem, import_markdown
from .report import Finding

__all__ = ["Finding", "Imported", "NotAPostMortem", "import_markdown"]
