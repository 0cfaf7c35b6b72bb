"""Bytes to text: binary detection and encoding detection for Chinese text files.

The order of evidence, strongest first:

1. known file signatures (PNG, PDF, ZIP, ELF, JPEG, gzip …): binary;
2. a byte-order mark (UTF-32 LE/BE, UTF-8, UTF-16 LE/BE);
3. NUL bytes: UTF-16/UTF-32 without a BOM when the NULs all fall at one position of
   the code unit and the decoded text is plausible; a few stray NULs (at most one in
   4,096 bytes, or 8) are damage in a text, which is judged on by the steps below;
   otherwise binary (a NUL byte is not a character of UTF-8, GB18030 or Big5 text);
4. more than 5% control bytes (other than tab, newlines, form feed and ESC): binary,
   unless the bytes read as Han-only UTF-16 without BOM (which has no NUL bytes);
5. strict UTF-8 (a very short, Han-free UTF-8 reading loses to a clearly Chinese
   GB18030/Big5 reading: short GBK text can be valid UTF-8 by accident);
6. EUC-TW (CNS 11643), recognised by the shape of its bytes: rejected with a reason,
   since no codec reads it (its GB18030 reading is gibberish);
7. GB18030, cp950 (Big5 with the ETEN extensions, where 裏 and 恒 live) and, only when
   cp950 fails, Big5-HKSCS, then Korean (cp949, a superset of EUC-KR) and Japanese
   (EUC-JP, Shift_JIS, cp932), each decoded strictly and scored for the plausibility
   of its own language (see :mod:`.plausibility`; Korean and Japanese carry a small
   handicap). Every one of these encodings reads the others' bytes as *some* CJK
   text, so the best score wins, and charset-normalizer is asked only to break a
   near tie; a reading giving the same characters as a preferred one is not a rival
   (English in GBK reads the same as cp949);
8. otherwise "cannot decode".

Statistical detectors are unreliable on short Chinese text (a ten-character Big5 file
is routinely reported as something else), so GB18030 and Big5 are told apart with a
plausibility score: the ~1000 most frequent Han characters of either script and
CJK/full-width punctuation count fully, the rest of the GB2312/Big5 "level 1" frequent
character tables half, other ideographs little, and the characters a wrong guess
produces (private-use code points, kana, box drawing, Greek or Cyrillic letters,
extension ideographs, U+FFFD) count against. GB2312 text read as Big5 gives real but
rarer traditional characters, and Big5 read as GBK gives private-use characters and
kana, so the right reading wins even on two or three characters.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

from reader.errors import RejectedFile
from reader.ingest.plausibility import (
    japanese_plausibility,
    korean_plausibility,
    plausibility,
)

CANNOT_DECODE = "cannot decode: not UTF-8, GB18030 or Big5"
EUC_TW = "cannot decode: looks like EUC-TW (CNS 11643), which is not supported; save it as UTF-8"
BINARY = "binary file, not text"

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# File signatures that can never start a text file.
_MAGIC: tuple[bytes, ...] = (
    b"\x89PNG\r\n\x1a\n",
    b"%PDF-",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"PK\x07\x08",
    b"\x7fELF",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",  # JPEG
    b"\x1f\x8b",  # gzip
    b"BZh91AY&SY",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"SQLite format 3\x00",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # OLE (old Office)
    b"\xca\xfe\xba\xbe",  # Java class / Mach-O fat
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\x00asm",
    b"OggS\x00",
    b"fLaC",
    b"wOFF",
    b"wOF2",
    b"\x00\x00\x01\x00",  # ICO
    b"II*\x00",  # TIFF
    b"MM\x00*",
)

# Control bytes that do not occur in text (tab, LF, VT, FF, CR and ESC are allowed:
# ESC starts the terminal escape sequences that normalisation strips).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
_CONTROL_SHARE_LIMIT = 0.05
#: NUL bytes a text may hold and still be read as text, when they are not UTF-16/32
#: code units: a few (a damaged save, a stray byte) at most one per this many bytes.
_STRAY_NULS = 8
_STRAY_NUL_SPACING = 4096
_SAMPLE_BYTES = 65536
_SCORE_SAMPLE_CHARS = 8192

# Minimum plausibility for a non-UTF-8 guess to be accepted, and the margin under which
# GB18030 and Big5 are considered tied.
_PLAUSIBLE = 0.45
_TIE = 0.05
# A short, Han-free UTF-8 reading loses to a legacy reading at least this plausible.
_SHORT_UTF8_OVERRIDE = 0.7
# Plausibility needed to accept NUL-free UTF-16 (Han characters only, no BOM).
_UTF16_HAN_ONLY = 0.9
# Big5-HKSCS is tried only when cp950 fails; its extra code points are rare in news
# text, so its score carries a small handicap against GB18030.
_HKSCS_HANDICAP = 0.1
# Korean and Japanese readings carry a small handicap against Chinese ones, larger on
# a few characters (a two-character Chinese word often reads as a Korean one too).
_FOREIGN_HANDICAP = 0.05
_SHORT_FOREIGN_HANDICAP = 0.4
# EUC-TW: the byte sequences of the encoding, the share of Han pairs allowed in lead
# rows A7–C3, the Han count that settles it, and below it the least count and the
# GB18030 plausibility under which the GB18030 reading is doubted.
_EUC_SEQUENCE = re.compile(rb"\x8e[\xa1-\xb0][\xa1-\xfe]{2}|[\xa1-\xfe]{2}")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_EUC_TW_LOW_ROWS = 0.03
_EUC_TW_SURE = 12
_EUC_TW_MIN = 4
_EUC_TW_DOUBT = 0.5


def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)`` or raise :class:`RejectedFile`.

    ``encoding`` is the name of a Python codec as it decodes this file: decoding
    ``data`` with it gives back ``text`` exactly (a BOM-marked file reports
    ``utf-8-sig``/``utf-16``/``utf-32``, whose codecs drop the BOM).
    """
    if not data:
        raise RejectedFile("empty file")
    if data.startswith(_MAGIC):
        raise RejectedFile(BINARY)
    if encoding is not None:
        return _decode_forced(data, encoding)
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                break  # a false BOM: judge the bytes on their own
    if b"\x00" in data:
        found = _decode_wide_without_bom(data)
        if found is not None:
            return found
        if data.count(0) > max(_STRAY_NULS, len(data) // _STRAY_NUL_SPACING):
            raise RejectedFile(BINARY)
        # a few stray NULs in text (a damaged save): judged as the rest of the bytes;
        # cleaning removes them, and no word around them is lost
    sample = data[:_SAMPLE_BYTES]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > _CONTROL_SHARE_LIMIT * len(sample):
        # Han-only UTF-16 has no NUL bytes but many bytes below 0x20.
        found = _decode_utf16_han(data)
        if found is None:
            raise RejectedFile(BINARY)
        return found
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _check_short_utf8(data, text)
    try:
        return _decode_legacy(data)
    except RejectedFile:
        found = _decode_utf16_han(data)
        if found is None:
            raise
        return found


def _decode_forced(data: bytes, encoding: str) -> tuple[str, str]:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise RejectedFile(f"unknown encoding {encoding!r}") from None
    if b"\x00" in data and not name.startswith(("utf-16", "utf-32")):
        raise RejectedFile(BINARY)
    try:
        return data.decode(name), name
    except UnicodeDecodeError as error:
        raise RejectedFile(
            f"cannot decode as {name}: invalid bytes at offset {error.start}"
        ) from None
    except (LookupError, TypeError, ValueError):
        # codecs that are not text encodings (e.g. "base64", "rot13")
        raise RejectedFile(f"unknown encoding {encoding!r}") from None


def _decode_wide_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-32 or UTF-16 without a BOM, told apart by where the NUL bytes fall.

    In UTF-16LE text every ASCII character (newlines, digits, spaces) has a NUL high
    byte at an odd offset, and only the rare Han characters U+xx00 (一 among them) put
    a NUL at an even one; so the parity holding more NULs gives the byte order to try
    first. The decoded text must contain no control characters and be plausible, which
    random bytes and the wrong byte order are not.
    """
    size = len(data)
    candidates: list[str] = []
    if size % 4 == 0:
        if data[2::4].count(0) + data[3::4].count(0) == size // 2:
            candidates.append("utf-32-le")
        if data[0::4].count(0) + data[1::4].count(0) == size // 2:
            candidates.append("utf-32-be")
    if size % 2 == 0:
        if data[1::2].count(0) >= data[0::2].count(0):
            candidates += ["utf-16-le", "utf-16-be"]
        else:
            candidates += ["utf-16-be", "utf-16-le"]
    for name in candidates:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        sample = text[:_SCORE_SAMPLE_CHARS]
        if _has_controls(sample):
            continue
        if _non_ascii_count(sample) == 0 or plausibility(sample) >= _PLAUSIBLE:
            return text, name
    return None


def _has_controls(text: str) -> bool:
    return any(ch < " " and ch not in "\t\n\r\x0b\x0c\x1b" for ch in text)


def _decode_utf16_han(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without BOM and without NUL bytes: text of Han characters only.

    Tried only after every other reading failed; the decoded text must be clearly
    Chinese (plausibility at least 0.9), which random bytes or a legacy encoding read
    as UTF-16 never are.
    """
    if len(data) % 2:
        return None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        sample = text[:_SCORE_SAMPLE_CHARS]
        if not _has_controls(sample) and plausibility(sample) >= _UTF16_HAN_ONLY:
            return text, name
    return None


def _non_ascii_count(text: str) -> int:
    return len(text) - len(text.encode("ascii", "ignore"))


def _check_short_utf8(data: bytes, text: str) -> tuple[str, str]:
    """Valid UTF-8 is nearly proof, except for a handful of non-ASCII bytes.

    A very short GBK or Big5 file can be valid UTF-8 by accident (and then decodes to
    Latin, Greek or Hebrew letters); when the UTF-8 reading contains no Han character
    at all and a legacy reading is clearly Chinese, the legacy reading wins.
    """
    non_ascii = _non_ascii_count(text)
    if non_ascii == 0 or non_ascii > 8 or _HAN.search(text):
        return text, "utf-8"
    try:
        legacy_text, legacy_name = _decode_legacy(data)
    except RejectedFile:
        return text, "utf-8"
    legacy_score = plausibility(legacy_text)
    if legacy_score >= _SHORT_UTF8_OVERRIDE and legacy_score > plausibility(text):
        return legacy_text, legacy_name
    return text, "utf-8"


# The legacy readings tried, in order of preference: Chinese first (the corpus is
# Chinese news), then Korean and Japanese, each scored by the plausibility of its
# language. A fallback is tried only when the encoding before it fails (Big5-HKSCS
# after cp950, cp932 after Shift_JIS).
_READINGS: tuple[tuple[str, Callable[[str], float], str | None], ...] = (
    ("gb18030", plausibility, None),
    ("cp950", plausibility, None),
    ("big5hkscs", plausibility, "cp950"),
    ("cp949", korean_plausibility, None),
    ("euc_jp", japanese_plausibility, None),
    ("shift_jis", japanese_plausibility, None),
    ("cp932", japanese_plausibility, "shift_jis"),
)
_CHINESE = frozenset(("gb18030", "cp950", "big5hkscs"))


def _decode_legacy(data: bytes) -> tuple[str, str]:
    if _looks_like_euc_tw(data):
        raise RejectedFile(EUC_TW)
    candidates: list[tuple[float, str, str]] = []
    decoded: set[str] = set()
    seen_texts: set[str] = set()
    for name, score_text, only_if_failed in _READINGS:
        if only_if_failed is not None and only_if_failed in decoded:
            continue
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        decoded.add(name)
        if text in seen_texts:
            continue  # the same characters as a preferred reading
        seen_texts.add(text)
        sample = text[:_SCORE_SAMPLE_CHARS]
        score = score_text(sample)
        if name == "big5hkscs":
            score -= _HKSCS_HANDICAP
        elif name not in _CHINESE:
            score -= _FOREIGN_HANDICAP + _SHORT_FOREIGN_HANDICAP / max(1, _non_ascii_count(sample))
        candidates.append((score, name, text))
    candidates = [c for c in candidates if c[0] >= _PLAUSIBLE]
    if not candidates:
        raise RejectedFile(CANNOT_DECODE)
    candidates.sort(key=lambda c: -c[0])
    tied = [c for c in candidates if candidates[0][0] - c[0] < _TIE]
    if len(tied) > 1:
        preferred = _charset_normalizer_choice(data, [c[1] for c in tied])
        for candidate in tied:
            if candidate[1] == preferred:
                return candidate[2], candidate[1]
    return candidates[0][2], candidates[0][1]


def _looks_like_euc_tw(data: bytes) -> bool:
    """EUC-TW (CNS 11643), which no Python codec reads, by the shape of its bytes.

    Its characters are byte pairs A1–FE A1–FE, like GB2312 and EUC-KR, but its Han
    characters start at lead byte C4 (row 0x44 of plane 1), while the most frequent
    characters of GB2312 text (的 是 不 了 国 …) and all Hangul of EUC-KR have lead
    bytes B0–C3; planes 2 and up are four bytes, 8E A1–B0 and a pair. A text with
    enough Han pairs, none of them with a lead byte A7–C3, is EUC-TW. With fewer pairs
    the GB18030 reading must also be doubtful.
    """
    sample = data[:_SAMPLE_BYTES]
    if len(data) > _SAMPLE_BYTES:
        sample = sample[: sample.rfind(b"\n") + 1]  # no sequence cut in two
    if _HIGH_BYTE.search(_EUC_SEQUENCE.sub(b"", sample)):
        return False  # a byte outside the EUC-TW sequences
    pairs = 0
    low_rows = 0
    planes = 0
    for match in _EUC_SEQUENCE.finditer(sample):
        sequence = match.group(0)
        if len(sequence) == 4:
            planes += 1
        elif sequence[0] >= 0xA7:
            pairs += 1
            if sequence[0] <= 0xC3:
                low_rows += 1
    if low_rows > _EUC_TW_LOW_ROWS * pairs:
        return False
    han = pairs + planes
    if han >= _EUC_TW_SURE:
        return True
    if han < _EUC_TW_MIN:
        return False
    try:
        return plausibility(data.decode("gb18030")[:_SCORE_SAMPLE_CHARS]) < _EUC_TW_DOUBT
    except UnicodeDecodeError:
        return True


def _charset_normalizer_choice(data: bytes, names: list[str]) -> str | None:
    """Ask charset-normalizer which of ``names`` fits; used only to break ties."""
    from charset_normalizer import from_bytes  # imported lazily: it is slow to load

    try:
        best = from_bytes(data[:_SAMPLE_BYTES], cp_isolation=names).best()
    except Exception:  # a tie-breaker must never break the import
        return None
    if best is None:
        return None
    found = codecs.lookup(best.encoding).name
    if found in names:
        return found
    if found in ("gbk", "gb2312") and "gb18030" in names:
        return "gb18030"
    if found == "big5" and "cp950" in names:
        return "cp950"
    return None
