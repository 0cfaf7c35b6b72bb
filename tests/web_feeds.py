"""Feeds in the formats and encodings the import tests read, built as real feeds are."""

from __future__ import annotations

from xml.sax.saxutils import escape

BIG5_ITEMS = [
    (
        "https://tw.example.com/n/1",
        "颱風逼近 氣象署發布海上警報",
        "記者陳大文",
        "2024-08-22T16:30:00+08:00",
        ["中央氣象署今天上午發布海上颱風警報。", "預計明天起東部地區將有豪雨，請民眾注意防範。"],
    ),
    (
        "https://tw.example.com/n/2",
        "股市收盤上漲百點",
        "",
        "2024-08-22T14:00:00+08:00",
        ["台股今天收盤上漲百點，成交量溫和放大。"],
    ),
]

GB_ITEMS = [
    (
        "cn-1001",
        "央行宣布下调存款准备金率",
        "王小明",
        "Tue, 05 Mar 2024 10:20:00 +0800",
        ["中国人民银行决定下调存款准备金率0.5个百分点。", "此次降准将释放长期资金约1万亿元。"],
    ),
    (
        "cn-1002",
        "全国两会在京开幕",
        "李华",
        "Tue, 05 Mar 2024 09:00:00 +0800",
        ["第十四届全国人民代表大会第二次会议在北京开幕，代表王堃、李镕先后发言。"],
    ),
]


def rss10_big5(items=BIG5_ITEMS, title: str = "示例新聞網") -> bytes:
    """RSS 1.0 (RDF), Big5, the text as escaped HTML in ``description``."""
    parts = [
        '<?xml version="1.0" encoding="big5"?>',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        f'<channel rdf:about="https://tw.example.com/"><title>{title}</title>'
        "<link>https://tw.example.com/</link><description>即時新聞</description>"
        "<items><rdf:Seq>"
        + "".join(f'<rdf:li rdf:resource="{link}"/>' for link, *_ in items)
        + "</rdf:Seq></items></channel>",
    ]
    for link, headline, author, date, paragraphs in items:
        html = "".join(f"<p>{p}</p>" for p in paragraphs)
        creator = f"<dc:creator>{author}</dc:creator>" if author else ""
        parts.append(
            f'<item rdf:about="{link}"><title>{headline}</title><link>{link}</link>'
            f"<description>{escape(html)}</description>{creator}<dc:date>{date}</dc:date></item>"
        )
    parts.append("</rdf:RDF>")
    return "\n".join(parts).encode("big5")


def rss20_gb2312(items=GB_ITEMS, *, summary: str = "摘要：{}") -> bytes:
    """RSS 2.0 declaring GB2312, full text in ``content:encoded`` (CDATA, with a script
    and an undeclared ``&nbsp;``) and a short ``description``."""
    parts = [
        '<?xml version="1.0" encoding="gb2312"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        "<channel><title>示例新闻</title><link>https://cn.example.com/</link>"
        "<description>要闻</description>",
    ]
    for guid, headline, author, date, paragraphs in items:
        html = "".join(f"<p>{p}&nbsp;</p>" for p in paragraphs) + "<script>alert(1)</script>"
        parts.append(
            f"<item><title>{headline}</title><link>https://cn.example.com/a/{guid}</link>"
            f'<guid isPermaLink="false">{guid}</guid><author>{author}</author>'
            f"<pubDate>{date}</pubDate>"
            f"<description>{summary.format(headline)}</description>"
            f"<content:encoded><![CDATA[{html}]]></content:encoded></item>"
        )
    parts.append("</channel></rss>")
    return "\n".join(parts).encode("gb18030")


def atom_utf8(entries: list[tuple[str, str, str, list[str]]]) -> bytes:
    """Atom 1.0 in UTF-8: ``(id, title, updated, paragraphs)`` entries, HTML content."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>原子新聞</title>'
        "<id>urn:example:feed</id><updated>2024-08-22T00:00:00Z</updated>"
        '<link href="https://atom.example.com/"/>',
    ]
    for ident, headline, updated, paragraphs in entries:
        html = "".join(f"<p>{p}</p>" for p in paragraphs)
        parts.append(
            f"<entry><id>{ident}</id><title>{headline}</title><updated>{updated}</updated>"
            f'<link href="https://atom.example.com/{ident.rsplit(":", 1)[-1]}"/>'
            f"<author><name>張三</name></author>"
            f'<content type="html">{escape(html)}</content></entry>'
        )
    parts.append("</feed>")
    return "\n".join(parts).encode("utf-8")


def rss091(items: list[tuple[str, str, str]]) -> bytes:
    """RSS 0.91: ``(title, link, description)`` items, no guid and no date."""
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><description>{d}</description></item>"
        for t, link, d in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="0.91"><channel>'
        f"<title>旧式频道</title><link>https://old.example.com/</link>{body}</channel></rss>"
    ).encode()


def rss20_summaries(items: list[tuple[str, str, str, str]], title: str = "新闻摘要") -> bytes:
    """RSS 2.0 in UTF-8 whose items carry only a ``description`` summary and a link:
    ``(guid, title, link, summary)`` items, as most news feeds are."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://news.example.com/</link>"
        "<description>要闻</description>"
    ]
    for guid, headline, link, summary in items:
        parts.append(
            f"<item><title>{headline}</title><link>{escape(link)}</link>"
            f'<guid isPermaLink="false">{guid}</guid>'
            "<pubDate>Tue, 05 Mar 2024 10:20:00 +0800</pubDate>"
            f"<description>{escape(summary)}</description></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


SIMPLIFIED_FURNITURE = ("首页", "国际", "示例网")


def article_page(
    headline: str, paragraphs: list[str], furniture: tuple[str, str, str] = SIMPLIFIED_FURNITURE
) -> str:
    """A news site's article page: navigation, the story in ``<article>``, a footer
    (``furniture``: two links and the site's name)."""
    home, world, site = furniture
    story = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><title>{headline} - {site}</title></head><body>"
        f'<nav><a href="/">{home}</a> <a href="/world">{world}</a></nav>'
        f"<article><h1>{headline}</h1>{story}</article>"
        f"<footer>{site}</footer></body></html>"
    )


#: Paragraphs of a story long enough for a page extractor to find it.
PAGE_STORY = [
    "国家统计局今天发布数据，上月全国居民消费价格同比上涨百分之零点七，涨幅比前一个月略有扩大。",
    "其中，食品价格由降转涨，鲜菜和鲜果价格受天气影响明显上升，猪肉价格则继续小幅回落。",
    "分析人士认为，随着消费需求逐步恢复，物价水平有望保持温和回升，但仍需关注输入性因素。",
    "统计局有关负责人表示，下一阶段将密切跟踪市场变化，为宏观政策提供及时准确的数据支持。",
]

#: The same kind of story in traditional characters, for a Big5 page.
BIG5_STORY = [
    "中央氣象署今天上午發布颱風警報，預計颱風中心將於明天清晨通過東部海面。",
    "受颱風外圍環流影響，北部及東北部地區今晚起將有豪雨，山區須嚴防坍方與落石。",
    "交通部門提醒，東部鐵路與部分國內航線可能停駛或停飛，旅客出發前應先查詢最新資訊。",
    "各縣市政府已成立災害應變中心，並呼籲民眾減少外出，做好防颱準備工作。",
]
