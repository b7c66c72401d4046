"""Exit statuses and the one exception commands raise to fail with a one-line explanation."""

from __future__ import annotations

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3


class CommandError(Exception):
    """A failure the command explains in one line (no traceback for the operator)."""

    def __init__(self, message: str, status: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.status = status
