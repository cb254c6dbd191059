"""Ratio-based benchmarks for postmortem-tui: `python -m bench` (see bench/README.md)."""
