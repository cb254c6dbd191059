"""postmortem-tui: a terminal wizard for blameless incident post-mortems."""

__version__ = "0.1.0"
