"""What another process saves while the interface is open, shown in it.

A mixin of :class:`~reader.tui.screens.main.MainScreen`. Users run ``reader`` commands
in a shell beside the app on the same database: an import, an annotation, an entity
renamed or merged. The app's watch (:meth:`ReaderApp._watch_store
<reader.tui.app.ReaderApp._watch_store>`) reads SQLite's ``data_version`` every two
seconds, which moves only when another connection commits, and then calls
:meth:`OutsideChanges.store_changed_elsewhere`. Each part asks a small question of
the store before redrawing anything: whether an open article has a new version,
whether an open pane's annotations differ from those drawn, whether a stamp of all
annotations (for the list's counts) or a digest of the user's entity curation moved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.screen import Screen

from reader.errors import ReaderError
from reader.tui.safe_text import printable

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp
    from reader.tui.widgets.reading_pane import ReadingPane


class OutsideChanges(Screen):
    """New versions, annotations and curation saved by another process."""

    # provided by MainScreen and its other mixins
    reader: ReaderApp
    panes: list[ReadingPane]

    def _count_all(self) -> None:
        raise NotImplementedError

    def entities_changed(self, *, recount: bool = True) -> None:
        raise NotImplementedError

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: The annotations as last counted (see :meth:`annotations_changed_elsewhere`).
        self._annotations_seen: tuple[object, ...] | None = None
        #: The user's curation as last seen (see :meth:`curation_changed_elsewhere`).
        self._curation_seen: str | None = None

    def store_changed_elsewhere(self) -> None:
        """Another process saved something: show new versions of the open articles,
        and redraw the open panes' annotations and the entity views if it changed
        them."""
        self._show_new_versions()
        self.annotations_changed_elsewhere()
        self.curation_changed_elsewhere()

    def _show_new_versions(self) -> None:
        """A pane whose article another import gave a new version shows that version,
        at the same passage: its annotations were carried to it, and the old version
        the pane showed would have lost them from view."""
        from reader.anchoring import carry_offsets
        from reader.store.annotations import current_version_id
        from reader.store.articles import get_article

        for pane in self.panes:
            shown = pane.article
            try:
                if current_version_id(self.reader.db, shown.id) in (None, shown.version_id):
                    continue
                article = get_article(self.reader.db, shown.id)
            except ReaderError:
                continue  # the next write looks again
            place = pane.place()
            top, cursor = carry_offsets(
                shown.clean_text, article.clean_text, [place.offset, place.cursor]
            )
            pane.load(article, pane.mode, top, cursor=cursor)
            title = printable(article.summary.title)
            self.notify(Content(f"Updated by an import: {title}"), timeout=5)

    def annotations_changed_elsewhere(self) -> None:
        """Redraw the open panes' annotations another process changed (a ``reader
        annotate`` in a shell), and count again if any count may have moved."""
        from reader.store.annotations import annotations_stamp

        for pane in self.panes:
            pane.reload_annotations(only_if_changed=True)
        try:
            stamp = annotations_stamp(self.reader.db)
        except ReaderError:
            return  # the next write looks again
        if stamp != self._annotations_seen:
            self._annotations_seen = stamp
            self._count_all()

    def remember_curation(self) -> None:
        """Note the user's curation as it is now, to notice another process's."""
        from reader.store import entities as entity_store

        self._curation_seen = entity_store.curation_digest(self.reader.db)

    def curation_changed_elsewhere(self) -> None:
        """If another process curated entities (a ``reader entity-merge`` in a shell),
        redraw every entity view as after curation here."""
        from reader.store import entities as entity_store

        try:
            digest = entity_store.curation_digest(self.reader.db)
        except ReaderError:
            return  # the next write looks again
        if digest != self._curation_seen:
            self._curation_seen = digest
            self.entities_changed()
