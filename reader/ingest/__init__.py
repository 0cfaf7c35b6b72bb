"""Ingestion core: files to :class:`~reader.models.ParsedArticle` (no UI, no SQL).

* :mod:`.plausibility` — how much a decoded text looks like real text of its language;
* :mod:`.decode` — binary detection and encoding detection (BOM, UTF-16 without BOM,
  UTF-8, GB18030, Big5/cp950, Big5-HKSCS; charset-normalizer only breaks ties);
* :mod:`.normalize` — NFC, newlines, terminal escapes, control and bidi characters;
* :mod:`.metadata` — front matter (python-frontmatter), header lines, field choice;
* :mod:`.clean` — :func:`clean_body`, the cleanup into paragraphs;
* :mod:`.paragraphs` — the kept lines joined into paragraphs (prose, wrapped, transcripts);
* :mod:`.charsets` — the encoding of a web page or feed, by its declaration;
* :mod:`.html_tree` — HTML trees made ready for reading, fragments as paragraphs;
* :mod:`.html` — saved web pages: the article and its metadata by trafilatura;
* :mod:`.feeds` — RSS and Atom files, one article per item;
* :mod:`.documents` — which of the readings a file gets;
* :mod:`.files` — :func:`collect_paths` and :func:`parse_file`.
"""

from reader.ingest.clean import clean_body
from reader.ingest.files import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    collect_paths,
    describe_os_error,
    parse_file,
    read_file,
)
from reader.ingest.normalize import normalize_text
from reader.ingest.parse import CLEANER_VERSION, parse_bytes

__all__ = [
    "CLEANER_VERSION",
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "clean_body",
    "collect_paths",
    "describe_os_error",
    "normalize_text",
    "parse_bytes",
    "parse_file",
    "read_file",
]
