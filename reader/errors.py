"""Errors a user can cause and understand.

Every exception derived from :class:`ReaderError` carries a one-line message meant for
the person at the keyboard; the shells print it (CLI) or show it (TUI) and never a
traceback.
"""


class ReaderError(Exception):
    """A problem the user can act on; ``str(error)`` is a one-line message."""


class StoreError(ReaderError):
    """The database cannot be opened, read or written."""


class RejectedFile(ReaderError):
    """A file that cannot be imported; the message says why."""


class NotFound(ReaderError):
    """An id or name that is not in the store."""
