"""The core: document model, drafts storage, Markdown export and checks.

Plain Python on pydantic, tomllib and tomli-w; it never imports Textual or questionary.
"""
