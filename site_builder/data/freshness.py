"""The freshness policy, declared once: a profile reviewed, or a cited source retrieved, longer ago
than this is reported (a warning; an error under --strict). Every path that validates reads it:
`validate`, `build`, `serve` and `diff`, unless told otherwise with --max-age. A module of its own,
with no imports, so the command line can show the default without loading the model."""

from __future__ import annotations

MAX_AGE_DAYS = 365
# How the pages word a profile's age: "current" for FRESH_DAYS after a person last checked it
# against its sources, "ageing" until MAX_AGE_DAYS, "stale" after that (when validation warns).
FRESH_DAYS = 180
