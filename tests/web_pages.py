"""Web pages written to look like Chinese outlets' markup, for the import tests.

Each page has the furniture real pages carry (navigation, header, footer, scripts,
share bars, comments, advertisements and related-article boxes, some of them between
the article's paragraphs). ``FURNITURE_*`` lists text that must never reach an
article; the ``*_PARAGRAPHS`` lists are the article bodies, in order.
"""

from __future__ import annotations

SIMPLIFIED_PARAGRAPHS = [
    "新华社北京3月5日电 第十四届全国人民代表大会第二次会议5日上午在人民大会堂开幕，"
    "国务院总理在会上作政府工作报告。",
    "报告指出，过去一年，我国经济总体回升向好，高质量发展扎实推进，现代化产业体系建设取得"
    "重要进展，科技创新实现新的突破。",
    "报告提出，今年发展主要预期目标是：国内生产总值增长5%左右，城镇新增就业1200万人以上，"
    "城镇调查失业率5.5%左右。",
    "专家认为，这一目标综合考虑了促进就业增收、防范化解风险等需要，与中长期规划目标相衔接，"
    "也考虑了经济增长潜力和支撑条件。",
    "会议期间，代表们将审议政府工作报告和计划报告、预算报告等文件，并将听取全国人大常委会"
    "工作报告。",
]

TRADITIONAL_PARAGRAPHS = [
    "（中央社記者王小明台北5日電）行政院今天通過明年度中央政府總預算案，歲出規模創下歷史"
    "新高，其中社會福利支出占比最大。",
    "主計總處官員表示，明年歲入預估將較今年成長約百分之六，主要來自所得稅與營業稅收入增加，"
    "整體財政狀況維持穩健。",
    "在各項支出中，國防預算持續成長，教育科學文化支出亦有所增加，經濟發展支出則著重於"
    "數位轉型與淨零排放。",
    "行政院長在院會中強調，政府將落實財政紀律，並確保各項施政計畫都能如期推動，回應民眾期待。",
    "總預算案將於近日送交立法院審議，朝野立委預料將就部分項目展開激烈攻防。",
]

FURNITURE_SIMPLIFIED = [
    "首页",
    "国内新闻",
    "科技频道",
    "娱乐频道",
    "分享到",
    "限时优惠",
    "立即下单",
    "相关阅读",
    "房地产市场出现新变化",
    "央行宣布降准",
    "网友评论",
    "这篇报道写得太好了",
    "热门排行",
    "明星婚礼现场曝光",
    "关于我们",
    "京ICP备",
    "统计代码",
    "广告脚本",
    "扫码下载客户端",
]

FURNITURE_TRADITIONAL = [
    "首頁",
    "政治新聞",
    "生活頻道",
    "分享至",
    "訂閱電子報",
    "延伸閱讀",
    "颱風假明天各縣市",
    "股市今天收盤",
    "熱門新聞",
    "藝人婚禮",
    "廣告刊登",
    "隱私權政策",
    "讀者留言",
    "政府加油",
    "本網站統計",
]


def simplified_page(
    paragraphs: list[str] = SIMPLIFIED_PARAGRAPHS, *, charset: str = "utf-8"
) -> str:
    """A mainland portal's article page: ``<article>``, an ad and a related-news box
    between paragraphs, comments and a sidebar after it."""
    body: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        body.append(f"<p>{paragraph}</p>")
        if index == 1:
            body.append(
                '<div class="ad-box" id="ad_mid"><a href="https://ad.example.com/x">'
                "限时优惠 立即下单，满300减50</a></div>"
            )
        if index == 3:
            body.append(
                '<div class="related-news"><h3>相关阅读</h3><ul>'
                '<li><a href="/a/1.html">房地产市场出现新变化</a></li>'
                '<li><a href="/a/2.html">央行宣布降准0.5个百分点</a></li></ul></div>'
            )
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{charset}">
<title>政府工作报告提出今年经济增长目标_新闻中心_示例网</title>
<meta property="og:site_name" content="示例新闻网">
<meta property="og:title" content="政府工作报告提出今年经济增长目标">
<meta name="author" content="王小明">
<meta property="article:published_time" content="2024-03-05T10:20:00+08:00">
<link rel="canonical" href="https://news.example.com/2024/03/05/a123.html">
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.nav {{ color: red }}</style>
</head>
<body>
<div class="header">
  <a href="/">首页</a> <a href="/china">国内新闻</a> <a href="/world">国际</a>
  <div class="app-download">扫码下载客户端</div>
</div>
<nav class="main-nav"><ul>
  <li><a href="/tech">科技频道</a></li><li><a href="/ent">娱乐频道</a></li>
</ul></nav>
<div class="breadcrumb"><a href="/">示例网</a> &gt; <a href="/news">新闻中心</a> &gt; 正文</div>
<div class="main">
<article>
<h1>政府工作报告提出今年经济增长目标</h1>
<div class="info"><span class="time">2024-03-05 10:20</span>
<span class="source">来源：新华社</span> <span class="author">作者：王小明</span></div>
<div class="share-bar">分享到：<a>微信</a><a>微博</a><a>QQ空间</a></div>
<div class="article-content" id="content">
{chr(10).join(body)}
</div>
</article>
<div class="comments" id="comment"><h3>网友评论</h3>
<div class="comment-item">这篇报道写得太好了，点赞支持！</div>
<div class="comment-item">经济增长目标很务实。</div></div>
<aside class="sidebar"><h3>热门排行</h3><ol>
<li><a href="/b/1.html">明星婚礼现场曝光</a></li><li><a href="/b/2.html">某地突发暴雨预警</a></li>
</ol></aside>
</div>
<div class="footer">关于我们 | 联系我们 | 广告服务 | 版权所有 © 2024 示例网 京ICP备12345678号</div>
<script>console.log("广告脚本加载");</script>
</body>
</html>
"""


def gbk_portal_page(paragraphs: list[str] = SIMPLIFIED_PARAGRAPHS) -> str:
    """An older portal layout declaring GB2312 by http-equiv: tables and divs, no
    ``<article>``, the body in ``#artibody`` with an ad block inside it."""
    body: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        body.append(f'<p style="text-indent:2em">{paragraph}</p>')
        if index == 2:
            body.append(
                '<div class="ad_content" id="ad_pic_2">'
                "<script>ad_show('限时优惠');</script>限时优惠 立即下单</div>"
            )
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>政府工作报告提出今年经济增长目标|国内新闻_示例网</title>
<meta name="keywords" content="政府工作报告,经济" />
<meta name="publishdate" content="2024-03-05" />
<script type="text/javascript">var page_config = {{channel: "news"}};</script>
</head>
<body>
<div id="top_bar"><a href="/">首页</a> | <a href="/news">国内新闻</a> |
<a href="/tech">科技频道</a> | <a href="/ent">娱乐频道</a></div>
<table width="950" class="nav"><tr><td><a href="/">示例网</a></td>
<td>扫码下载客户端</td></tr></table>
<div class="blkContainer">
<h1 id="artibodyTitle">政府工作报告提出今年经济增长目标</h1>
<div class="artInfo"><span id="pub_date">2024年03月05日10:20</span> <span>来源：新华社</span></div>
<div class="share">分享到：<a>微博</a><a>微信</a></div>
<div class="blkContainerSblkCon" id="artibody">
{chr(10).join(body)}
<div class="related"><h3>相关阅读</h3><ul><li><a href="/n/1.shtml">房地产市场出现新变化</a></li>
<li><a href="/n/2.shtml">央行宣布降准0.5个百分点</a></li></ul></div>
</div>
<div class="comment"><h3>网友评论</h3><p>这篇报道写得太好了，点赞支持！</p></div>
</div>
<div class="rank"><h3>热门排行</h3><a href="/c/1">明星婚礼现场曝光</a></div>
<div id="footer"><a>关于我们</a> | <a>广告服务</a> Copyright &copy; 示例网 京ICP备0000001号</div>
<script>document.write('<img src="/stat.gif">');var x="统计代码";</script>
</body>
</html>
"""


def big5_news_page(paragraphs: list[str] = TRADITIONAL_PARAGRAPHS) -> str:
    """A Taiwanese news site's page declaring Big5 by http-equiv: the story split by an
    in-story ad and a 延伸閱讀 box, a share bar, reader comments, a footer."""
    body: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        body.append(f"<p>{paragraph}</p>")
        if index == 1:
            body.append('<div class="ad_in_story"><ins class="adsbygoogle">廣告刊登</ins></div>')
        if index == 2:
            body.append(
                '<div class="also-read"><h4>延伸閱讀</h4><ul>'
                '<li><a href="/news/1">颱風假明天各縣市最新消息</a></li>'
                '<li><a href="/news/2">股市今天收盤上漲百點</a></li></ul></div>'
            )
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=big5">
<title>總預算案創新高 社福支出占最大宗 - 示例新聞網</title>
<meta property="og:site_name" content="示例新聞網">
<meta name="author" content="王小明">
<meta name="pubdate" content="2024-08-22T16:30:00+08:00">
<link rel="canonical" href="https://www.example.com.tw/news/aipl/202408220123.aspx">
<script>window.dataLayer = []; var s = "本網站統計";</script>
</head>
<body>
<header class="site-header"><a href="/">首頁</a> <a href="/politics">政治新聞</a>
<a href="/life">生活頻道</a> <a href="/subscribe">訂閱電子報</a></header>
<div class="container">
<div class="centralContent">
<h1><span>總預算案創新高 社福支出占最大宗</span></h1>
<div class="updatetime"><span>2024/08/22 16:30</span></div>
<div class="shareBar">分享至：<a>Facebook</a><a>LINE</a></div>
<div class="paragraph">
{chr(10).join(body)}
<p class="editor">（編輯：李四）1130822</p>
</div>
</div>
<div class="comments"><h3>讀者留言</h3><div class="comment">政府加油，預算要用在刀口上。</div></div>
<div class="sideBar"><h3>熱門新聞</h3><a href="/h/1">藝人婚禮現場直擊</a></div>
</div>
<footer><a>廣告刊登</a> <a>隱私權政策</a> &copy; 示例新聞網</footer>
</body>
</html>
"""


def br_layout_page(paragraphs: list[str] = SIMPLIFIED_PARAGRAPHS) -> str:
    """An old portal: the story in a table cell, paragraphs as text between ``<br>``
    runs, indented with ``&nbsp;`` or full-width spaces; a copyright bar below."""
    body = "<br><br>".join(
        ("&nbsp;" * 4 if index % 2 else "\u3000\u3000") + paragraph
        for index, paragraph in enumerate(paragraphs)
    )
    return f"""<html><head><meta charset="gbk">
<title>政府工作报告提出今年经济增长目标</title></head><body>
<div class="nav"><a href="/">首页</a> | <a href="/news">国内新闻</a></div>
<table width="760"><tr><td width="560"><h2>政府工作报告提出今年经济增长目标</h2>
<div id="content">{body}<br></div></td>
<td width="200"><div class="rank"><a href="/r/1">明星婚礼现场曝光</a></div></td></tr></table>
<div class="copyright">关于我们 版权所有 京ICP备12345678号</div></body></html>
"""


def wechat_page(paragraphs: list[str] = SIMPLIFIED_PARAGRAPHS) -> str:
    """A WeChat official-account article as saved from a browser: paragraphs as
    ``<section><span>`` without ``<p>``, a hidden-until-scripted body, a QR-code box
    and a toolbar after it."""
    sections = "\n".join(
        f"<section><span>{p}</span></section>"
        if index % 2 == 0
        else f"<section><p><span>{p}</span></p></section>"
        for index, p in enumerate(paragraphs)
    )
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<meta property="og:title" content="政府工作报告提出今年经济增长目标">
<meta property="og:site_name" content="微信公众平台"><title>政府工作报告提出今年经济增长目标</title>
<script>var biz = "统计代码";</script></head><body id="activity-detail">
<div class="rich_media_wrp"><h1 class="rich_media_title">政府工作报告提出今年经济增长目标</h1>
<div id="meta_content"><span>原创</span> <a id="js_name">某某公众号</a>
<em id="publish_time">2024-03-05 10:20</em></div>
<div class="rich_media_content" id="js_content" style="visibility: hidden;">
{sections}
<p><img data-src="https://mmbiz.qpic.cn/x.png"></p>
</div></div>
<div id="js_pc_qr_code" class="qr_code_pc"><p>扫码下载客户端<br>关注该公众号</p></div>
<div class="rich_media_tool" id="js_toobar3"><span>阅读</span> <span>在看</span></div>
</body></html>
"""
