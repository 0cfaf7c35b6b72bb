"""What names look like, character by character: surnames, transliterations, endings.

Rules that need no dictionary and no statistics, shared by the word-level rules
(:mod:`reader.entities.words`), the extractor and the reference resolver: a person's
name starts with a surname or is transliterated, a place ends like one.
"""

from __future__ import annotations

#: The dots of transliterated names (埃隆·马斯克).
DOTS = frozenset("·・‧•･")
#: Common Chinese surnames, and the 小/老/阿 of nicknames (小扎, 老黄, 阿苏): a word the
#: HMM calls a person must start with one of them or be a transliteration.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章"
    "鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉"
    "骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦"
    "戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄"
    "丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼"
    "盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云"
    "容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜赖羊阿小老"
)
#: Characters that make up transliterated foreign names (马斯克, 奥特曼, 贝尼奥夫),
#: leaving out those common in ordinary words too (高, 安, 比, 多, 金…).
TRANSLITERATION = frozenset(
    "阿埃艾奥巴拜班邦贝波伯布戴黛迪蒂杜厄恩尔菲费芬弗盖冈戈格贡哈豪赫亨霍基吉加迦杰卡"
    "凯坎柯科克肯库夸奎昆拉莱兰朗劳勒雷里丽利莉列林琳卢鲁伦罗洛马玛迈麦曼梅蒙米莫姆穆"
    "纳娜奈内尼涅诺帕派佩彭皮珀普乔切琼萨塞桑瑟莎索塔泰坦特提图托瓦威维韦沃乌伍锡扎詹"
    "佐斯德亚伊拿"
)


#: The compound surnames of the classic lists still in use (司徒 and 欧阳 in Hong Kong as
#: much as 诸葛 in the classics), simplified like every key.
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳", "司马", "诸葛", "上官", "慕容", "东方", "皇甫", "尉迟", "公孙", "令狐", "夏侯",
        "司徒", "司空", "端木", "澹台", "宇文", "长孙", "南宫", "西门", "东郭", "轩辕", "钟离",
        "呼延", "闻人", "申屠", "万俟", "独孤", "百里", "太史", "公冶", "濮阳", "淳于", "单于",
    ]
)  # fmt: skip
#: Last characters of place names: administrative units and geography.
PLACE_ENDINGS = frozenset("省市县区州镇乡村岛湾港湖江河山岭峰洲海")
#: Last characters of organisation names (…部, …院, …集团, …银行, …社): jieba tags
#: phrases such as 新进展 or 普通员工 nt too.
ORGANISATION_ENDINGS = frozenset("部局院会所社团党军队校学司行厂委办处组署府馆台报网盟联厅协")


def person_like(word: str) -> bool:
    """A person's name starts with a surname (or 小, 老, 阿), or is transliterated or
    dotted: the tagger's "person" 算力 is neither."""
    return (
        word[0] in SURNAMES
        or word[:2] in COMPOUND_SURNAMES
        or transliterated(word.replace("·", ""))
        or any(ch in DOTS for ch in word)
    )


def transliterated(word: str) -> bool:
    return all(ch in TRANSLITERATION for ch in word)


def person_shaped(word: str, unknown: bool) -> bool:
    """A transliteration (贝尼奥夫) or a Chinese full name (梁文锋); for words the HMM
    found, also a two-character name or nickname (傅盛, 小扎)."""
    if transliterated(word):
        return True
    if unknown:
        return word[0] in SURNAMES and len(word) <= 4
    if word[:2] in COMPOUND_SURNAMES:
        return len(word) in (3, 4)
    return len(word) == 3 and word[0] in SURNAMES and word[0] not in "小老阿"


def place_shaped(word: str, unknown: bool) -> bool:
    """A transliteration (休斯敦) or a word ending like a place (淄博市, 洞庭湖)."""
    return transliterated(word) or (len(word) >= 3 and word[-1] in PLACE_ENDINGS)
