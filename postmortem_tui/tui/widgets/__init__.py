"""Widgets of the wizard, one per module."""
