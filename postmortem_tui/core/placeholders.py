"""The template's words for what is not written yet, apart from the Markdown writer
(`markdown`) so that the section declarations, which the wizard's outline loads, import them
without it."""

# Asterisks, not underscores: the template's footer sets the emphasis style (MD049).
NOT_YET = "*Not recorded yet.*"
NONE = "*None.*"
EMPTY_CELL = "—"
