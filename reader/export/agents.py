"""Who made an export and with what: the W3C model's ``creator`` and ``generator``.

The creator is the person using reader: ``--creator`` on the command line, else the
``READER_CREATOR`` environment variable, else the operating system's user name (none
if that cannot be found). A creator that is an IRI (``https://…``, ``mailto:…``,
``acct:…``) identifies the person; anything else is their name. The generator is
reader itself, with its version, so a file says which program wrote it.
"""

from __future__ import annotations

import getpass
import os
import re
from dataclasses import dataclass
from urllib.parse import quote

from reader import __version__

CREATOR_VARIABLE = "READER_CREATOR"
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")


@dataclass(frozen=True)
class Creator:
    """The person an export names as creator: an IRI that identifies them, or a name."""

    value: str

    @property
    def is_iri(self) -> bool:
        return _IRI.fullmatch(self.value) is not None

    def agent(self) -> dict[str, object]:
        """The W3C model's Agent for this person."""
        if self.is_iri:
            return {"id": self.value, "type": "Person"}
        return {"type": "Person", "name": self.value}

    def account(self) -> str:
        """The person as a Hypothesis ``user`` (``acct:name@authority``)."""
        if self.value.startswith("acct:"):
            return self.value
        return f"acct:{quote(self.value, safe='')}@localhost"


def default_creator(environ: dict[str, str] | None = None) -> Creator | None:
    """The creator when none is given: ``READER_CREATOR``, else the OS user name."""
    environ = os.environ if environ is None else environ  # type: ignore[assignment]
    chosen = (environ.get(CREATOR_VARIABLE) or "").strip()
    if chosen:
        return Creator(chosen)
    try:
        name = getpass.getuser().strip()
    except (OSError, KeyError, ImportError):  # no login name and no passwd entry
        return None
    return Creator(name) if name else None


def generator() -> dict[str, object]:
    """The W3C model's Agent for reader itself."""
    return {"type": "Software", "name": f"reader {__version__}"}
