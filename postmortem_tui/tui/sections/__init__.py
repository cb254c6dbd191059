"""One form per section of the template, built lazily by the wizard."""
