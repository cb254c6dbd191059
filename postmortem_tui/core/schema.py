"""The draft file format's version, apart from the model so that reading a draft's raw data
(the wizard's first frame) does not load pydantic."""

SCHEMA_VERSION = 1
"""Written into every draft; storage migrates older drafts up to it (`storage.MIGRATIONS`)."""
