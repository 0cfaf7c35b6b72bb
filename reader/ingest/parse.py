"""From bytes to a :class:`~reader.models.ParsedArticle`."""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from reader.conversion import detect_script
from reader.errors import RejectedFile
from reader.ingest.clean import analyse
from reader.ingest.decode import decode_bytes
from reader.ingest.metadata import choose_metadata, one_line, split_front_matter
from reader.ingest.normalize import normalize_text
from reader.models import ParsedArticle

MARKDOWN_SUFFIXES = (".md", ".markdown")
# Bump whenever a rule in normalize.py, clean.py, metadata.py or html.py changes its output.
CLEANER_VERSION = 4


def parse_bytes(data: bytes, *, path: str, encoding: str | None = None) -> ParsedArticle:
    """Decode, normalise, read metadata from and clean one file's bytes.

    ``path`` is recorded as given (its stem is the title of last resort). Raises
    :class:`~reader.errors.RejectedFile` with a one-line reason.
    """
    raw_text, found_encoding = decode_bytes(data, encoding)
    if not _is_storable(raw_text):
        raise RejectedFile(
            f"cannot decode as {found_encoding}: the text holds lone surrogates, not characters"
        )
    text = normalize_text(raw_text)
    if not text:
        raise RejectedFile("empty file")
    if not text.strip():
        raise RejectedFile("only whitespace")
    front_matter, body = split_front_matter(text)
    # A .md file is Markdown; any other text is Markdown only when it shows it (front
    # matter, images, links, headings): plain text keeps characters such as *, ~~, >.
    is_markdown_file = PurePath(path).suffix.lower() in MARKDOWN_SUFFIXES
    markdown = True if is_markdown_file or front_matter else None
    analysis = analyse(body, title_hint=one_line(front_matter.get("title"), 200), markdown=markdown)
    if not analysis.text:
        raise RejectedFile("no article text after the front matter")
    metadata = choose_metadata(
        front_matter, analysis.header, analysis.title_line, PurePath(path).stem
    )
    return ParsedArticle(
        path=path,
        raw_sha256=hashlib.sha256(data).hexdigest(),
        encoding=found_encoding,
        raw_text=raw_text,
        clean_text=analysis.text,
        title=metadata.title,
        source=metadata.source,
        author=metadata.author,
        date=metadata.date,
        url=metadata.url,
        script=detect_script(analysis.text),
        cleaner_version=CLEANER_VERSION,
    )


def _is_storable(text: str) -> bool:
    """Whether ``text`` is made of characters only: a codec such as ``unicode_escape``
    can decode ``\\udce9`` to a lone surrogate, which no UTF-8 store can hold."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
