"""What kind of thing a Chinese name is, from the evidence around it.

jieba's part-of-speech tag is the weakest evidence there is: it calls 青山環保協會 a
place and a streaming show a person. So a name's kind is decided by, in order:

1. the shipped gazetteer (the dictionary and alias table know 英伟达 is a company);
2. its brackets: a title in 《》 is a work — a show, a book, a game — so a product,
   unless it is a newspaper or magazine (《某某日報》), an organisation;
3. its ending: a name ending 委員會, 公司, 銀行, 政府… is an organisation, one ending
   大廈, 廣場, 機場… a place;
4. for names jieba calls an organisation or other proper noun, the word after it:
   手機, 芯片, 模型, 平台, 節目… make it a product, 公司, 集團… an organisation (the cues
   Latin names use too);
5. for names jieba does not call a person, a last character that ends place or
   organisation names (…港, …省; …局, …署);
6. jieba's tag.

Names whose key was rewritten to another name's (a surname, a gloss, an abbreviation)
keep the kind of the name they refer to.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from reader.entities.kinds import EntityKind
from reader.entities.latin import ORGANISATION_CUES, PRODUCT_CUES
from reader.entities.lexicon import Lexicon
from reader.entities.linking import normalise_key

if TYPE_CHECKING:
    from reader.entities.extract import Candidate

_HAN = re.compile(r"[\u3400-\u9fff]")

#: Endings of organisation names (normalised: simplified script).
ORGANISATION_SUFFIXES = (
    "政府", "公署", "委员会", "公司", "集团", "银行", "大学", "学院", "中学", "小学", "医院",
    "协会", "商会", "工会", "总会", "学会", "基金会", "法院", "议会", "电台", "电视台",
    "新闻台", "报社", "通讯社", "日报", "晚报", "时报", "周刊", "事务所", "管理局", "研究所",
    "研究院", "实验室", "俱乐部", "联合会", "联盟", "警署", "控股", "部门", "办公室", "党",
    "超市", "超级市场", "检测中心", "研究中心", "控制中心", "防护中心", "服务中心", "管理中心",
    "指挥中心", "检验中心", "化验中心", "监测中心", "协调中心", "调查中心", "资讯中心",
)  # fmt: skip
#: Endings of place names that are no organisation's.
PLACE_SUFFIXES = (
    "大厦", "广场", "花园", "公园", "机场", "码头", "车站", "隧道", "大桥", "大道", "街道",
    "屋邨", "屋苑", "商场", "球场", "体育馆",
)  # fmt: skip
#: What a periodical's title ends with: 《某某日報》 is the paper, an organisation.
PERIODICAL_SUFFIXES = ("报", "刊", "杂志", "周刊", "日报", "晚报", "时报")
#: Last characters that end place or organisation names (as the extractor uses them).
_PLACE_ENDINGS = frozenset("省市县区州镇乡村岛湾港湖江河山岭峰洲海邨苑")
_ORGANISATION_ENDINGS = frozenset("部局院会所社团党军队校学司行厂委办处组署府馆台报网盟联厅协")


def assign_kinds(text: str, candidates: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """``candidates`` with the kind of each Chinese name decided by the evidence."""
    result = []
    for candidate in candidates:
        if candidate.key == candidate.surface_key:
            kind = kind_of(text, candidate, lex)
            if kind is not candidate.kind:
                candidate = replace(candidate, kind=kind)
        result.append(candidate)
    return result


def kind_of(text: str, candidate: Candidate, lex: Lexicon) -> EntityKind:
    key = candidate.key
    known = lex.kinds.get(key)
    if known is not None:
        return known
    if _in_title_marks(text, candidate):
        return EntityKind.ORGANISATION if key.endswith(PERIODICAL_SUFFIXES) else EntityKind.PRODUCT
    if not _HAN.search(candidate.surface) or _HAN.search(candidate.surface[-1]) is None:
        return candidate.kind  # Latin names: reader.entities.latin weighs their context
    if len(key) > 2 and key.endswith(ORGANISATION_SUFFIXES):
        return EntityKind.ORGANISATION
    if len(key) > 2 and key.endswith(PLACE_SUFFIXES):
        return EntityKind.PLACE
    if candidate.kind in (EntityKind.ORGANISATION, EntityKind.PRODUCT):
        after = normalise_key(text[candidate.end : candidate.end + 5])
        if after.startswith(PRODUCT_CUES):
            return EntityKind.PRODUCT
        if after.startswith(ORGANISATION_CUES):
            return EntityKind.ORGANISATION
    if candidate.kind is not EntityKind.PERSON and len(key) > 1:
        if key[-1] in _ORGANISATION_ENDINGS:
            return EntityKind.ORGANISATION
        if key[-1] in _PLACE_ENDINGS:
            return EntityKind.PLACE
    return candidate.kind


def _in_title_marks(text: str, candidate: Candidate) -> bool:
    """Whether the name is the whole of a title in 《》 or 〈〉."""
    before = text[candidate.start - 1 : candidate.start]
    after = text[candidate.end : candidate.end + 1]
    return (before, after) in (("《", "》"), ("〈", "〉"))
