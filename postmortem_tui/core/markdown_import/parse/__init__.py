"""One parser per section of the template: `parse(part, ctx)` fills the section's fields of
`ctx.doc` from a `## ` section of the file (the header's: from the `#` title and the labels
under it), reporting in `ctx.report` what it could not map."""
