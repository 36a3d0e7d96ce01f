"""Corpora unlike the sample page, built from People's Daily 1998 articles the kit ships.

Researchers bring corpora with their own column names, without metadata, in
other encodings and scripts, with dates of mixed precision.  The tests build
such corpora here, deterministically, from the reference corpus:

- ``folder/``: one .txt file per article (first line the headline), no
  metadata at all, three of them in Traditional characters encoded as Big5;
- ``table/articles.csv``: columns ``id, headline, content, published,
  outlet`` and an unrelated ``text`` column (an editor's note); dates spread
  over January–April 1998, some year-only or month-only, some missing;
- ``table/articles.jsonl``: the same records, in the same folder.

Run ``python tests/own_corpora.py DIR`` to build them for a look by hand.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

N_ARTICLES = 30
N_TRADITIONAL = 3


def choose_articles(n: int = N_ARTICLES) -> pd.DataFrame:
    """``n`` articles of People's Daily 1998 with a headline, a few hundred
    characters and at least one formula of the bundled lexicon, spread over
    the month (every k-th such article in corpus order)."""
    import kit

    reference = kit.reference_corpus()
    docs = reference.docs
    length = docs["text"].str.len()
    titled = docs["title"].str.len().between(4, 40)
    hits = kit.count(reference, kit.load_lexicon(), by="doc_id")
    with_formula = set(hits.loc[hits["frequency"] > 0, "doc_id"])
    pool = docs[length.between(300, 1400) & titled & docs["doc_id"].isin(with_formula)]
    # four in five dated (by dateline), the rest undated, each group spread over the month
    dated, undated = pool[pool["date"].notna()], pool[pool["date"].isna()]
    n_dated = n * 4 // 5
    chosen = pd.concat([_spread(dated, n_dated), _spread(undated, n - n_dated)])
    return chosen.sort_values("doc_id", kind="mergesort").reset_index(drop=True)


def _spread(frame: pd.DataFrame, n: int) -> pd.DataFrame:
    step = max(1, len(frame) // max(n, 1))
    return frame.iloc[::step].head(n)


def build(root: str | Path) -> dict[str, Path]:
    """Build the corpora under ``root``; return their paths by name."""
    from kit.text import to_simplified_chinese  # noqa: F401  (OpenCC must be there)
    import opencc

    root = Path(root)
    articles = choose_articles()
    to_traditional = opencc.OpenCC("s2tw")  # Taiwan forms: they are in Big5

    folder = root / "folder"
    folder.mkdir(parents=True, exist_ok=True)
    traditional = []
    for i, row in articles.iterrows():
        text = f"{row['title']}\n{row['text']}\n"
        path = folder / f"article{i + 1:02d}.txt"
        converted = to_traditional.convert(text)
        if len(traditional) < N_TRADITIONAL and i % 4 == 1 and _big5(converted):
            path.write_bytes(converted.encode("big5"))
            traditional.append(path.stem)
        else:
            path.write_text(text, encoding="utf-8")

    table = root / "table"
    table.mkdir(parents=True, exist_ok=True)
    records = []
    for i, row in articles.iterrows():
        date = row["date"]
        if pd.notna(date):
            # spread over four months, so that the corpus has a trend of its own (by month)
            date = date.replace(year=1998, month=1 + i % 4, day=min(date.day, 28))
        if pd.isna(date) or i % 10 == 9:
            published = ""                           # undated
        elif i % 10 == 4:
            published = f"{date.year}"               # year only
        elif i % 10 == 7 or row.get("date_precision") == "month":
            published = f"{date.year}-{date.month:02d}"  # month only
        else:
            published = date.strftime("%Y-%m-%d")
        outlet = "新华社" if str(row.get("dateline", "")).startswith("新华社") else "人民日报"
        records.append({"id": f"pd{i + 1:03d}", "headline": row["title"], "content": row["text"],
                        "published": published, "outlet": outlet,
                        "text": f"编辑备注：第{i + 1}篇"})
    frame = pd.DataFrame(records, columns=["id", "headline", "content", "published", "outlet", "text"])
    frame.to_csv(table / "articles.csv", index=False)
    with open(table / "articles.jsonl", "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return {"folder": folder, "csv": table / "articles.csv", "jsonl": table / "articles.jsonl",
            "table": table, "traditional": traditional, "articles": articles}


def _big5(text: str) -> bool:
    try:
        text.encode("big5")
    except UnicodeEncodeError:
        return False
    return True


if __name__ == "__main__":
    built = build(sys.argv[1])
    print({k: str(v) for k, v in built.items() if k != "articles"})
