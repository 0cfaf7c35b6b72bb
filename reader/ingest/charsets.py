"""Which encoding a web page or a feed is in.

Chinese sites still serve GBK and Big5 and say so: a page declares its charset in a
``<meta charset>`` or ``<meta http-equiv="Content-Type">``, a feed in its XML
declaration, and a server in its ``Content-Type`` header. The declaration is trusted
when the bytes decode strictly by it, except that bytes that are valid UTF-8 are read
as UTF-8 whatever the page claims (a page saved by a browser keeps its old
``charset``); otherwise the project's decoder (:mod:`reader.ingest.decode`) decides.
"""

from __future__ import annotations

import codecs
import re

from reader.errors import RejectedFile
from reader.ingest.decode import decode_bytes

#: How far into a page its charset declaration is looked for (pages put long scripts
#: and styles before their ``<meta>``).
_PRESCAN_BYTES = 16384
_META_CHARSET = re.compile(rb"<meta\s[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"\A\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)[\"']")

_GB_FAMILY = frozenset(
    {"gb2312", "gbk", "gb18030", "cp936", "euc_cn", "hz", "x-gbk", "gb_2312-80", "csgb2312"}
)
_BIG5_FAMILY = frozenset({"big5", "big5hkscs", "cp950", "x-x-big5", "cn-big5", "csbig5"})


def declared_charset(data: bytes) -> str | None:
    """The Python codec a page declares for itself, or None (unknown names included)."""
    head = data[:_PRESCAN_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    return codec_for_label(match.group(1).decode("ascii"))


def codec_for_label(label: str | None) -> str | None:
    """The Python codec for a charset label as the web uses them, or None."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _GB_FAMILY:
        return "gb18030"  # GB2312 and GBK pages use GBK's extra characters freely
    if label in _BIG5_FAMILY:
        return "cp950"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_markup(
    data: bytes, encoding: str | None = None, *, served_as: str | None = None
) -> tuple[str, str]:
    """Decode a page or feed: ``(text, codec)``, or :class:`RejectedFile`.

    ``encoding`` (the user's) wins; then a byte-order mark and valid UTF-8 with
    non-ASCII bytes; then the declaration, if the bytes decode strictly by it (a Big5
    declaration also accepts Big5-HKSCS bytes), or else the charset the document was
    served with (``served_as``, from an HTTP header); then the project's decoder.

    A single-byte declaration (``iso-8859-1``, ``windows-1252`` …) is what old servers
    and templates claim whatever the page holds, and almost any bytes decode by it: it
    yields to the project's decoder when that reads the bytes as plausible Chinese.
    """
    if encoding is not None or not data:
        return decode_bytes(data, encoding)
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data)
    if not data.isascii():
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    declared = declared_charset(data) or codec_for_label(served_as)
    if declared in ("utf-8", "ascii"):
        declared = None
    if declared is not None and not data.isascii() and _single_byte(declared):
        try:
            return decode_bytes(data)
        except RejectedFile:
            pass
    candidates = [declared, "big5hkscs"] if declared == "cp950" else [declared]
    for codec in candidates:
        if codec is None:
            continue
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    try:
        return decode_bytes(data)
    except RejectedFile:
        if declared is not None:
            return data.decode(declared, errors="replace"), declared
        raise


def _single_byte(codec: str) -> bool:
    """Whether ``codec`` reads every byte as a character of its own (Latin and other
    single-byte codecs), unlike GBK, Big5 or Shift-JIS, which read 你 from two."""
    try:
        return len(b"\xc4\xe3".decode(codec, errors="replace")) == 2
    except (LookupError, TypeError, ValueError):
        return False
