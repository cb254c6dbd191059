"""`python -m postmortem_tui`: the same as the `postmortem` command."""

from postmortem_tui.cli import main

if __name__ == "__main__":
    main()
