#!/usr/bin/env python3
"""Make the search-quality corpus and its ground truth (issue 20).

    python3 tests/bench/make_quality_corpus.py OUTDIR [--docs 300]

Writes a git repository at OUTDIR with content/tebiki.yml (one audience,
all) and N Japanese documents written the way hospital writers write them:

- one sentence per line, and some sentences hard-wrapped between two
  Japanese characters (text pasted from Word): soft line breaks that a
  reader does not see;
- katakana words with and without the final long vowel (サーバー/サーバ,
  ユーザー/ユーザ, プリンター/プリンタ…), as vendors and JIS disagree;
- doses and measurements with a unit right after the digits (5mL,
  120mmHg, 42px), some in full-width characters (５ｍＬ);
- kanji words a reader may type in hiragana (復旧 ふっきゅう, 点滴 てんてき…);
- ordinary words and phrases, and Latin words that hold a unit's letters
  without being one (html, mgmt: a reader looking for mL or mg does not
  want them).

Then it reads the Markdown back and computes, from the text alone, which
documents a reader would expect each query of each class to find: it joins a
soft break between two East Asian characters (what the page shows), treats
the long-vowel variants listed below as one word, finds a unit after digits
or on its own, and finds a kanji word for its reading (the pairs below). The
queries and their relevant documents go to OUTDIR/ground_truth.json:

    {"documents": N, "queries": [{"class": "soft-break", "query": "…",
      "relevant": ["Q-0001", …], "note": "…"}, …]}

The ground truth never asks tebiki: tests/bench/search_quality_bench.mjs
compares the site's search with it (recall and precision per class).
Deterministic (fixed seed, dates, author). Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

SEED = 20261205
STAMP = "2026-04-01T09:00:00+09:00"

# ----------------------------------------------------------------- vocabulary

# Katakana words written with or without the final long vowel: one word to a reader.
LONG_VOWEL_WORDS = [
    ("サーバー", "サーバ"), ("ユーザー", "ユーザ"), ("プリンター", "プリンタ"), ("モニター", "モニタ"),
    ("コンピューター", "コンピュータ"), ("ルーター", "ルータ"), ("スキャナー", "スキャナ"), ("フィルター", "フィルタ"),
]
# Kanji words with the reading a reader types in hiragana (unambiguous in this corpus).
READING_WORDS = [
    ("復旧", "ふっきゅう"), ("点滴", "てんてき"), ("消毒", "しょうどく"), ("採血", "さいけつ"),
    ("搬送", "はんそう"), ("褥瘡", "じょくそう"), ("誤嚥", "ごえん"), ("吸引", "きゅういん"),
]
# Units after digits: (as written, how a reader types it).
UNITS = [("mL", "ml"), ("mmHg", "mmhg"), ("mg", "mg"), ("px", "px"), ("kg", "kg"), ("L/分", None)]
DRUGS = ["生理食塩液", "ブドウ糖液", "ヘパリン", "インスリン", "鎮痛薬", "抗菌薬"]
ROLES = ["当直看護師", "病棟管理者", "システム管理者", "臨床工学技士", "看護師長", "主治医", "医療安全管理者"]
# Phrases that writers break across lines; a reader searches them as one phrase.
PHRASES = ["速やかに報告する", "記録を確認する", "電源を切り替える", "患者の状態を観察する", "担当者に連絡する",
           "手順書に従って実施する", "二人で読み合わせる", "異常の有無を確かめる"]
ORDINARY = ["手順", "停電", "点検表", "電子カルテ", "申し送り", "インシデント", "夜勤", "感染対策", "バックアップ", "連絡網"]
DISTRACTORS = ["html", "xml", "mgmt", "pxe", "kgb"]
TOPICS = ["輸液管理", "病棟の機器管理", "情報システムの運用", "感染対策", "夜間の体制", "災害時の対応", "検体の取扱い", "患者の移送"]

# ----------------------------------------------------------------- writing


def sentence(rng: random.Random) -> str:
    kind = rng.randrange(8)
    role = rng.choice(ROLES)
    if kind == 0:
        word = rng.choice(rng.choice(LONG_VOWEL_WORDS))
        return f"{word}の設定を変更したときは、{role}が{rng.choice(PHRASES)}。"
    if kind == 1:
        unit, _ = rng.choice(UNITS)
        n = rng.choice([5, 10, 20, 42, 100, 120, 500])
        amount = f"{n}{unit}"
        if rng.random() < 0.2:
            amount = unicodedata.normalize("NFKC", amount).translate(FULLWIDTH)
        if unit == "mmHg":
            return f"収縮期血圧が{amount}を下回った場合は、{role}に連絡する。"
        if unit == "px":
            return f"画面の文字は{amount}以上の大きさで表示する。"
        return f"{rng.choice(DRUGS)}は{amount}を目安とし、{role}の指示に従う。"
    if kind == 2:
        kanji, _ = rng.choice(READING_WORDS)
        return f"{kanji}の手順は、{role}が{rng.choice(PHRASES)}。"
    if kind == 3:
        return f"{rng.choice(ORDINARY)}について、{role}は{rng.choice(PHRASES)}。"
    if kind == 4:
        return f"異常を認めた場合は、{role}が{rng.choice(PHRASES)}。"
    if kind == 5:
        return f"{rng.choice(ORDINARY)}の結果は、{rng.choice(ORDINARY)}とあわせて保存する。"
    if kind == 6:
        return f"作業の前後に{rng.choice(PHRASES)}ことを徹底する。"
    # Latin words that hold a unit's letters but are not units (precision).
    return f"設定は{rng.choice(DISTRACTORS)}形式のファイルで{role}が確認する。"


FULLWIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}


def is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F", "H")


def wrap(sentence_text: str, rng: random.Random) -> str:
    """Sometimes hard-wraps a sentence at a place between two wide characters."""
    if rng.random() >= 0.45:
        return sentence_text
    places = [i for i in range(3, len(sentence_text) - 2) if is_wide(sentence_text[i - 1]) and is_wide(sentence_text[i])]
    inside = [i for phrase in PHRASES if phrase in sentence_text
              for i in range(sentence_text.index(phrase) + 1, sentence_text.index(phrase) + len(phrase))]
    if inside and rng.random() < 0.5:
        places = inside
    if not places:
        return sentence_text
    at = rng.choice(places)
    return sentence_text[:at] + "\n" + sentence_text[at:]


def paragraph(rng: random.Random) -> str:
    # One sentence per line, as writers keep them for small diffs in git.
    return "\n".join(wrap(sentence(rng), rng) for _ in range(rng.randint(2, 4)))


def document(number: int, rng: random.Random) -> tuple[str, str]:
    doc_id = f"Q-{number:04d}"
    topic = rng.choice(TOPICS)
    title = f"{topic}の手引き その{number}"
    lines = ["---", f"id: {doc_id}", f"title: {title}", "status: approved", "owner: 看護部", "approver: 病院長",
             "effective: 2026-04-01", "review_by: 2027-03-31", "audience: [all]", "tags: [品質評価]", "---", ""]
    for s in range(rng.randint(2, 3)):
        lines += [f"## {rng.choice(['目的', '手順', '注意事項', '記録', '連絡体制'])}{s + 1}", ""]
        for _ in range(rng.randint(1, 2)):
            lines += [paragraph(rng), ""]
    return doc_id, "\n".join(lines)

# ----------------------------------------------------------------- ground truth


def reader_text(markdown: str) -> str:
    """The document's searchable text as a reader sees it: title, tags,
    headings and paragraphs; a line break inside a paragraph vanishes
    between two wide characters and is a space otherwise."""
    _, front, body = markdown.split("---\n", 2)
    fields = []
    for line in front.splitlines():
        key, _, value = line.partition(": ")
        if key in ("id", "title"):
            fields.append(value)
        if key == "tags":
            fields.append(value.strip("[]"))
    for block in body.split("\n\n"):
        block = block.strip()
        if not block:
            continue
        block = re.sub(r"^#+ ", "", block)
        out = block[0]
        for i in range(1, len(block)):
            ch = block[i]
            if ch == "\n":
                continue
            if block[i - 1] == "\n":
                before, after = block[i - 2], ch
                if not (is_wide(before) and is_wide(after)):
                    out += " "
            out += ch
        fields.append(out)
    # Full-width letters and digits read as their ordinary forms.
    return "\n".join(unicodedata.normalize("NFKC", f) for f in fields)


def ground_truth(docs: dict[str, str]) -> list[dict]:
    texts = {doc_id: reader_text(md) for doc_id, md in docs.items()}
    raw = dict(docs)

    def containing(*forms: str) -> list[str]:
        return sorted(d for d, t in texts.items() if any(f in t for f in forms))

    queries = []
    for phrase in PHRASES:
        broken = sum(1 for d in containing(phrase) if phrase not in raw[d])
        queries.append({"class": "soft-break", "query": phrase, "relevant": containing(phrase),
                        "note": f"broken across a line in {broken} of them"})
    for long_form, short_form in LONG_VOWEL_WORDS:
        for q in (long_form, short_form):
            queries.append({"class": "long-vowel", "query": q, "relevant": containing(long_form, short_form)})
    for written, typed in UNITS:
        if typed is None:
            continue
        unit_re = re.compile(r"(?<![A-Za-z])" + re.escape(typed) + r"(?![A-Za-z])", re.IGNORECASE)
        relevant = sorted(d for d, t in texts.items() if unit_re.search(t))
        for q in dict.fromkeys((typed, written)):
            queries.append({"class": "unit", "query": q, "relevant": relevant})
    for kanji, reading in READING_WORDS:
        katakana = "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in reading)
        queries.append({"class": "reading", "query": reading, "relevant": containing(kanji, reading, katakana)})
    for word in ORDINARY:
        queries.append({"class": "ordinary", "query": word, "relevant": containing(word)})
    for kanji, _ in READING_WORDS[:4]:
        queries.append({"class": "ordinary", "query": kanji, "relevant": containing(kanji)})
    return queries

# ----------------------------------------------------------------- repository


def git(repo: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
                "GIT_AUTHOR_NAME": "文書管理 担当", "GIT_AUTHOR_EMAIL": "bunsho@example.invalid",
                "GIT_COMMITTER_NAME": "文書管理 担当", "GIT_COMMITTER_EMAIL": "bunsho@example.invalid",
                "GIT_AUTHOR_DATE": STAMP, "GIT_COMMITTER_DATE": STAMP})
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, stdout=subprocess.DEVNULL)


CONFIG = """organisation: さくら市立総合病院
site_title: 検索品質評価用 文書集
theme: default
audiences:
  - key: all
    name: 全職員
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--docs", type=int, default=300)
    args = parser.parse_args()
    out: Path = args.outdir
    if out.exists():
        if any(out.iterdir()) and not (out / "ground_truth.json").exists():
            print(f"make_quality_corpus: {out} holds something else; give an empty or new directory", file=sys.stderr)
            return 2
        shutil.rmtree(out)
    (out / "content" / "manuals").mkdir(parents=True)
    rng = random.Random(SEED)
    docs = {}
    for n in range(1, args.docs + 1):
        doc_id, text = document(n, rng)
        docs[doc_id] = text
        (out / "content" / "manuals" / f"{doc_id.lower()}.md").write_text(text + "\n", encoding="utf-8")
    (out / "content" / "tebiki.yml").write_text(CONFIG, encoding="utf-8")
    git(out, "init", "-q", "-b", "main")
    git(out, "add", "-A")
    git(out, "commit", "-q", "-m", "検索品質評価用の文書集")
    queries = ground_truth(docs)
    (out / "ground_truth.json").write_text(
        json.dumps({"documents": len(docs), "queries": queries}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"make_quality_corpus: {len(docs)} documents, {len(queries)} queries in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
