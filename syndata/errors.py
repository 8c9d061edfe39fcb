"""The one error type of :mod:`syndata`."""

from __future__ import annotations

__all__ = ["SyndataError"]


class SyndataError(ValueError):
    """Bad input to a syndata function or command.

    The message names the argument, the bad value and what is allowed. The CLI prints it
    after ``error:`` and exits with status 2.
    """
