"""Per-character tables applied to long texts as arrays of code points.

``str.translate`` with a list table costs about 25 ns a character: 130 µs for a
5,000-character article, paid by every import (the fold) and again by script
detection. The same look-up done by numpy over the text's UTF-32 code units costs
about a fifth of that, but a fixed ~3 µs a call, so short texts (sentences, queries,
names) keep ``str.translate`` and only texts of at least :data:`LONG_TEXT` characters
take the array path. numpy is imported on first use of the array path only: the
interface folds nothing long before its first paint.

Lone surrogates (text decoded with ``surrogateescape``) pass through unchanged, as
they do through ``str.translate``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

#: From this many characters a text is mapped as an array (timed: below ~200
#: characters numpy's fixed cost per call loses to ``str.translate``).
LONG_TEXT = 256


def code_points(text: str) -> np.ndarray:
    """``text`` as an array of its code points (a view of its UTF-32 encoding)."""
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def array_table(table: tuple[int, ...] | list[int | str]) -> np.ndarray:
    """A ``str.translate`` list table (every entry one character) as a code point array."""
    import numpy as np

    return np.fromiter(
        (entry if isinstance(entry, int) else ord(entry) for entry in table),
        dtype=np.uint32,
        count=len(table),
    )


def translate_long(text: str, table: np.ndarray) -> str:
    """``text`` with each code point below ``len(table)`` replaced by its entry, the
    rest left as they are: what ``str.translate`` does with the list ``table`` came
    from, when every entry is one character."""
    points = code_points(text)
    if not points.size:
        return text
    if int(points.max()) < table.size:
        mapped = table[points]
    else:
        mapped = points.copy()
        inside = points < table.size
        mapped[inside] = table[points[inside]]
    return mapped.tobytes().decode("utf-32-le", "surrogatepass")


def count_classes(text: str, classes: np.ndarray, number: int) -> list[int]:
    """How many characters of ``text`` fall in each of ``number`` classes, where
    ``classes`` gives each code point below its length a class (0 to number − 1) and
    every code point past it is class 0."""
    import numpy as np

    points = code_points(text)
    inside = points[points < classes.size]
    counts = np.bincount(classes[inside], minlength=number)
    counts[0] += points.size - inside.size
    return [int(count) for count in counts]


def class_table(size: int, classes: dict[int, int]) -> np.ndarray:
    """An array of ``size`` class numbers, 0 but where ``classes`` says otherwise, for
    :func:`count_classes`."""
    import numpy as np

    table = np.zeros(size, dtype=np.uint8)
    table[list(classes)] = list(classes.values())
    return table
