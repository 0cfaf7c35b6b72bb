"""Page debris that must never yield an entity: URLs, e-mail, file names, hashes.

Articles saved from the web keep image links, tracking URLs, WeChat ids and content
hashes. Their letters look like names to a pattern (``mmbiz_png``, ``8cu01Kavc5…``),
so they are blanked out before anything else looks at the text. Blanking replaces each
character with a space, which keeps every offset valid.
"""

from __future__ import annotations

import re

_PATTERNS = [
    # Markdown images, alt text included: ![cover_image](https://…)
    r"!\[[^\]\n]*\]\([^)\n]*\)",
    # The target of a Markdown link (the link text stays readable): [text](https://…)
    r"(?<=\])\([^)\n]*\)",
    # URLs with a scheme, or starting with www.
    r"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"'()（）\u3000-\u303f\uff01-\uff0f]+",
    # E-mail addresses and @handles (an @ before Han text is kept: @马斯克 is a name).
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    r"@[A-Za-z0-9_]+",
    # Bare domains and paths: example.com, imarena.ai/leaderboard
    r"\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|net|org|cn|io|ai|co|gov|edu|info|me|tv|"
    r"hk|tw|jp|uk|de|fr|app|dev|xyz|top|html?|php|aspx?)\b(?:/[^\s]*)?",
    # File names
    r"\b[\w-]+\.(?:jpe?g|png|gif|webp|svg|bmp|pdf|docx?|xlsx?|pptx?|txt|md|csv|json|xml|"
    r"zip|rar|7z|gz|mp[34]|mov|avi|exe|dmg|apk|py|js|ts|css)\b",
    # key=value query debris (wx_fmt=png, from=appmsg)
    r"\b\w+=[\w%.-]*",
    # Hashes and ids: long runs mixing letters and digits (d98721091214a611, 8cu01Kav…)
    r"\b(?=[A-Za-z0-9_]*\d)(?=[A-Za-z0-9_]*[A-Za-z])[A-Za-z0-9_]{12,}\b",
    # Hex strings of 8 or more with at least one digit and one letter a-f
    r"\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b",
]
_DEBRIS = re.compile("|".join(f"(?:{pattern})" for pattern in _PATTERNS), re.IGNORECASE)


#: Debris is written in printable ASCII without spaces (a Markdown image's alt text
#: aside, which is harmless words), so only such runs are searched: Chinese text is
#: skipped at C speed.
_ASCII_RUN = re.compile(r"[!-~]{2,}")


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


#: A run without these cannot hold debris (every pattern needs one), and most runs
#: are short words and numbers: GPT-4o, 2025, 66%.
_MAYBE = re.compile(r"[/@=.!\[(]|[A-Za-z0-9_]{8}")


def _mask_run(run: re.Match[str]) -> str:
    text = run.group()
    return _DEBRIS.sub(_blank, text) if _MAYBE.search(text) else text


def mask_debris(text: str) -> str:
    """``text`` with every piece of debris replaced by spaces of the same length."""
    return _ASCII_RUN.sub(_mask_run, text)
