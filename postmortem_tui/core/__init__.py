"""The core: document model, drafts on disk, Markdown export and checks.

Plain Python on pydantic, rtoml (tomllib when it is missing) and tomli-w; it never imports
Textual or questionary.
"""
