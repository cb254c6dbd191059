"""Markdown in the template's format back to a post-mortem: `import_markdown`."""

from .document import Imported, NotAPostMortem, import_markdown
from .files import file_as_new_draft, read_file
from .report import Finding

__all__ = [
    "Finding", "Imported", "NotAPostMortem", "file_as_new_draft", "import_markdown", "read_file",
]
