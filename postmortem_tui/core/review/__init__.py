"""The built-in reviewer: rules a demanding reviewer applies beyond the template's required
fields, as data (`RULES`), run by `review` and shown by `check`, the wizard's sidebar and each
section's hint line as hints. A hint never blocks an export; the team can make a rule blocking,
or switch it off, in `review.toml` (see `config`).

Families, one module each: `summary`, `consistency`, `timeline`, `whys`, `actions`, and
`pasted` (secrets in logs, snippets, configuration and commands, found by `core/secrets.py`).

The rules and `review` are in `registry` (it loads the model); `config` alone stays light, so a
command that only reads the settings does not pay for the model.
"""
