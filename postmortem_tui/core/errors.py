"""The error every drafts-folder operation raises: one line a person can read."""

from __future__ import annotations


class DraftError(Exception):
    """A draft or the drafts folder cannot be used; the message is one line for a person."""
