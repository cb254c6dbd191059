"""The Textual wizard: it sits on top of the core and never touches files itself."""
