"""Texts that stress a segmenter: the stress set its output is compared with pkuseg's on.

Shared by tests/test_fastseg.py and benchmarks/bench_segmenter.py.  Seeded,
so every run builds the same texts.
"""
from __future__ import annotations

import random

HAN = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后"
    "多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合"
    "还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只"
    "没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边"
    "流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研群众最后一米急难愁盼"
)
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
# ASCII and full-width digits, and the characters pkuseg counts as numbers
DIGITS = "0123456789０１２３４５６７８９几二三四五六七八九十千万亿兆零％"
# full-width letters (pkuseg's letter class; it lists ｇ twice and not ｊ) and their neighbours
FULL_WIDTH = "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ／・－＆"
# pkuseg renames -._,|/*: to &
PUNCTUATION = "，。、；：？！“”‘’（）《》【】-._,|/*:&@#%^+=~`'\"<>[]{}\\…—·"
WHITESPACE = " \t\n\r\u3000\xa0\u2003\x1c\x85\u2028"
# characters the model never saw: other scripts, private use, controls, zero width, CJK extensions
RARE = (
    "\U00020000\U0002a6d6\U0002b740㐀䶵\ue000\uf8ff\u200b\ufeff\x00\x7f"
    "\u0e01\u05d0\u0627\u0416\u3042\uac00"
)
EMOJI = "😀😂👍🇨🇳🎉❤️\u200d🔥👨\u200d👩\u200d👧😘"
POOLS = (HAN, LATIN, DIGITS, FULL_WIDTH, PUNCTUATION, WHITESPACE, RARE, EMOJI)

FIXED = [
    "",
    " ",
    "\n\t\u3000 ",
    "\u3000",
    "a",
    "。",
    "１",
    "**Num",
    "**Letter",
    "**noWord",
    "ww.l.*",
    "\ud800",  # a lone surrogate: Python strings may hold one
    "a\udfffb中国",
    "１９９８年１２月３１日，ＧＤＰ增长７．８％。",
    "COVID-19疫情防控，A.B.C公司，www.people.com.cn，3.14159，1/2，a|b，x*y，10:30",
    "新华社北京１月１日电　国家主席江泽民发表了题为《迈向充满希望的新世纪》的新年讲话。",
]


def stress_texts(n_random: int = 1500, n_long: int = 2, long_length: int = 10_000, seed: int = 1998) -> list[str]:
    """The stress set: fixed cases, random mixtures of the pools, and long runs without punctuation.

    Parameters
    ----------
    n_random : int
        Random texts, each drawn from a random mixture of the character pools.
    n_long : int
        Long runs of Han characters, Latin letters and digits without punctuation.
    long_length : int
        Characters in each long run.
    seed : int

    Returns
    -------
    list of str

    Example
    -------
    >>> len(stress_texts(10, 1, 100)) == len(FIXED) + 10 + 1 + 3
    True
    """
    rng = random.Random(seed)
    texts = list(FIXED)
    for _ in range(n_random):
        weights = [rng.random() ** 2 for _ in POOLS]
        length = rng.choice([1, 2, 3, 5, 8, 13, 40, 120])
        texts.append("".join(rng.choice(rng.choices(POOLS, weights)[0]) for _ in range(length)))
    for _ in range(n_long):
        texts.append("".join(rng.choice(HAN + LATIN + DIGITS) for _ in range(long_length)))
    texts.append(HAN * 3)
    texts.append("中" * 2000)
    texts.append("1" * 1000 + "Ａ" * 1000 + "a" * 1000)
    return texts
