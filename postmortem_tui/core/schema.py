"""The draft file format's version, apart from the model so that reading a draft's raw data
(the wizard's first frame) does not load pydantic."""

SCHEMA_VERSION = 1
"""Written into every draft; older drafts are migrated up to it (`draft_file.MIGRATIONS`)."""
