"""The `cdm` command: one entry point for the project's operator tasks (index, search, eval, ...)."""
