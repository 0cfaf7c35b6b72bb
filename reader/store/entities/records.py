"""The values entity queries return, and the shape of one analysed occurrence."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.entities.kinds import EntityKind

#: One occurrence as analysis produces it:
#: (start, end, surface, surface_key, key, kind, declared). ``declared`` is 1 when the
#: text declares the surface an abbreviation of the name with that key (海發會 of
#: 海濱發展委員會), a link that then holds in every article.
Occurrence = tuple[int, int, str, str, str, str, int]


@dataclass(frozen=True)
class EntitySummary:
    """One entity as a list or the side panel shows it."""

    id: int
    name: str
    kind: EntityKind
    #: Articles whose current version mentions the entity.
    articles: int
    #: Mentions in all those articles.
    mentions: int
    hidden: bool = False
    #: Mentions in the article asked about (entities_for_article, shared_entities,
    #: list_entities with article_id); 0 otherwise.
    article_mentions: int = 0

    @property
    def other_articles(self) -> int:
        """Articles other than the one asked about that mention the entity."""
        return self.articles - 1 if self.article_mentions else self.articles

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind.value,
            "articles": self.articles,
            "mentions": self.mentions,
            "hidden": self.hidden,
        }


@dataclass(frozen=True)
class EntityDetail:
    """An entity with every surface form seen and its articles (for ``entities --json``)."""

    summary: EntitySummary
    aliases: list[str]
    #: (article_id, mentions in it), by article id.
    articles: list[tuple[int, int]] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.summary.id,
            "name": self.summary.name,
            "kind": self.summary.kind.value,
            "aliases": self.aliases,
            "articles": [{"article_id": a, "count": n} for a, n in self.articles],
        }


@dataclass(frozen=True)
class Mention:
    """A mention: offsets in the current version's clean original text."""

    article_id: int
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class ArticleMention:
    """A mention in a known article, with the entity it resolves to (for highlighting)."""

    start: int
    end: int
    entity_id: int


@dataclass(frozen=True)
class EntityCounts:
    """How many visible entities an article mentions, and how many of those other
    articles mention too (the ones that link it to the rest of the corpus)."""

    entities: int
    linked: int


@dataclass(frozen=True)
class ConcordanceLine:
    """A mention with the text around it on its line (original script)."""

    start: int
    end: int
    left: str
    keyword: str
    right: str


@dataclass(frozen=True)
class ConcordanceGroup:
    article_id: int
    title: str
    lines: list[ConcordanceLine]
