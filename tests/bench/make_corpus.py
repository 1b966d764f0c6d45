#!/usr/bin/env python3
"""Make a synthetic content repository for tebiki's benchmarks.

    python3 tests/bench/make_corpus.py OUTDIR [--docs 1000] [--revisions 1]

Writes a git repository at OUTDIR with content/tebiki.yml (audiences all,
ward-5w and it) and N Japanese documents of about 8 KB each under
content/<category>/, with valid front matter, ## and ### headings with
explicit ids, paragraphs, bullet and numbered lists, a GFM table, sometimes a
task list, a footnote or an image, and 2-4 links to other documents with
fragments that exist in them.

The output is deterministic: a fixed seed, fixed dates, fixed author and
committer, and git isolated from the user's configuration, so the same
parameters give the same commit id on every run and every machine with the
same git. With --revisions R > 1, R-1 further commits revise a few documents
each and rename some (links to them are updated), to give the documents a
revision history.

If OUTDIR already holds the corpus these parameters (and this script's
source) make, it is left as it is. An OUTDIR that holds something else is
never overwritten: only an empty directory or an earlier corpus of this
script (recognised by its stamp in .git/) is replaced.

Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import posixpath
import random
import shutil
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

STAMP_NAME = "tebiki-corpus-stamp.json"   # kept in OUTDIR/.git/, outside the work tree
DEFAULT_SEED = 20260401
TARGET_BYTES = 8192
BASE_DATE = dt.datetime(2026, 4, 1, 9, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))

# ----------------------------------------------------------------- vocabulary

CATEGORIES = [
    # slug (directory), id prefix, Japanese category, weight
    ("general", "GEN", "総則", 8),
    ("operations", "OPS", "運用管理規程", 20),
    ("security", "SEC", "情報セキュリティ", 14),
    ("nursing", "NUR", "看護業務手順", 20),
    ("devices", "DEV", "医療機器管理", 12),
    ("infection", "INF", "感染対策", 10),
    ("emergency", "EMG", "災害・緊急時対応", 8),
    ("records", "REC", "診療録管理", 8),
]

OWNERS = {
    "GEN": ["総務課", "医療安全管理室", "経営企画課"],
    "OPS": ["医療情報部", "医療情報管理部"],
    "SEC": ["医療情報部", "情報セキュリティ委員会"],
    "NUR": ["看護部", "5階西病棟", "看護部 業務委員会"],
    "DEV": ["臨床工学室", "医療機器安全管理室"],
    "INF": ["感染制御室", "感染対策委員会"],
    "EMG": ["災害対策委員会", "総務課"],
    "REC": ["診療情報管理室", "医事課"],
}
APPROVERS = ["病院長", "副院長", "看護部長", "医療情報部長", "事務部長", "医療安全管理責任者"]

TOPICS = {
    "GEN": ["文書管理", "委員会運営", "職員研修", "院内掲示物の管理", "外部委託先の管理", "個人情報の取扱い", "患者相談窓口", "院内通知の配信"],
    "OPS": ["バックアップ取得", "電子カルテの定期保守", "端末の設置と撤去", "利用者アカウント管理", "夜間バッチ処理の監視", "システム障害時の連絡",
            "サーバ室の入退室", "ソフトウェア更新の適用", "ネットワーク機器の点検", "印刷サーバの運用", "部門システムとの連携監視", "復元訓練"],
    "SEC": ["パスワード管理", "USBメモリの使用", "ウイルス対策ソフトの運用", "サイバー攻撃発生時の初動", "外部ネットワーク接続", "アクセスログの点検",
            "標的型メールへの対応", "リモート保守の受付", "情報機器の廃棄", "持ち出し端末の管理"],
    "NUR": ["与薬", "輸液ポンプの使用", "転倒転落の防止", "入院時の受け入れ", "退院指導", "夜勤の申し送り", "褥瘡予防", "検体採取",
            "患者誤認の防止", "身体抑制の実施", "急変時の初期対応", "経管栄養の管理"],
    "DEV": ["人工呼吸器の始業点検", "輸液ポンプの定期点検", "除細動器の日常点検", "医療機器の貸出", "生体情報モニタの設定", "医療機器の修理依頼",
            "医療ガス設備の点検"],
    "INF": ["手指衛生", "個人防護具の着脱", "針刺し事故の対応", "感染性廃棄物の処理", "環境清掃", "アウトブレイク時の対応", "職員の健康管理"],
    "EMG": ["停電時の対応", "火災発生時の避難", "大規模地震発生時の初動", "電子カルテ停止時の紙運用", "断水時の対応", "災害時の安否確認"],
    "REC": ["診療録の記載", "診療録の開示請求", "紙記録のスキャン取込", "退院サマリの作成", "診療情報の二次利用", "記録の保存期間"],
}
DOC_KINDS = ["規程", "手順書", "要領", "マニュアル", "基準", "細則"]

TAGS = ["バックアップ", "サイバー攻撃", "電子カルテ", "夜間", "当直", "医療安全", "個人情報", "停電", "災害", "点検", "記録",
        "感染対策", "看護", "医療機器", "アカウント", "ネットワーク", "研修", "委託", "監査", "連絡体制"]

ROLES = ["当直看護師", "病棟管理者", "医療情報部の担当者", "システム管理者", "各部署の責任者", "夜間当直医", "臨床工学技士",
         "感染管理認定看護師", "看護師長", "主治医", "事務当直者", "委託業者の作業員", "リーダー看護師", "医療安全管理者"]
TIMINGS = ["毎日始業時に", "毎週月曜日に", "月に一度", "四半期ごとに", "年度末までに", "作業の前に", "作業の終了後速やかに",
           "異常を認めた時点で直ちに", "夜勤帯の開始時に", "申し送りの際に", "点検表に定める時期に", "必要に応じて随時"]
OBJECTS = ["バックアップの取得状況", "電子カルテ端末のログイン記録", "医療機器の点検記録", "患者情報の持ち出し申請",
           "停電時の代替手順", "ウイルス対策ソフトの定義ファイル", "輸液ポンプの設定値", "サーバ室の温度と湿度",
           "無停電電源装置の警報", "利用者アカウントの一覧", "アクセスログ", "紙カルテの保管場所", "与薬カート",
           "救急カートの物品", "感染性廃棄物の容器", "非常用電源の切替手順", "連絡網", "夜間バッチ処理の結果",
           "復元したデータの整合性", "外部媒体の使用記録", "患者リストバンド", "指示簿", "作業報告書", "研修の受講状況"]
PREDICATES = ["を確認する", "を点検表に記録する", "の状況を医療情報部へ報告する", "について所属長の承認を得る",
              "を点検し、結果を記録簿に残す", "を関係部署と共有する", "を所定の場所に保管する", "を二人で読み合わせて確認する",
              "の確認結果を電子カルテに記載する", "を期限までに見直す", "に異常がないことを確かめる",
              "の写しを医療安全管理室へ提出する"]
CONDITIONS = ["異常を認めた", "作業が予定時刻までに終わらない", "警報が鳴った", "患者の状態が変化した", "記録に不備があった",
              "手順どおりに実施できない", "システムにログインできない", "停電が発生した", "不審なメールを受信した",
              "機器が起動しない", "データの欠落が疑われる", "担当者が不在である"]
REACTIONS = ["作業を中断し、{role}に連絡して指示を受ける", "内線で{role}に連絡し、状況を報告する",
             "その場を離れずに{role}の到着を待つ", "直ちに{role}へ報告し、経過を記録する",
             "別表の連絡網に従い、{role}に連絡する", "予備の手順に切り替え、{role}に報告する"]
CONNECTIVES = ["ただし、緊急時はこの限りではない。", "詳細は別表に定める。", "判断に迷う場合は、必ず上位者に相談すること。",
               "実施した内容は、当日中に記録を完了させる。", "この手順は、夜間および休日にも同様に適用する。",
               "記録は改ざんを防ぐため、訂正の履歴が残る方法で行う。", "口頭での指示を受けた場合は、復唱して内容を確認する。",
               "複数の職員で確認した場合は、双方が署名する。", "患者の安全を最優先とし、業務の継続は二次的に扱う。",
               "委託業者が作業する場合も、病院職員が立ち会う。"]
PURPOSES = ["本{kind}は、{topic}に関する業務を適切かつ確実に行うため、必要な事項を定める。",
            "本{kind}は、{topic}における役割分担と手順を明確にし、医療の安全と診療の継続を確保することを目的とする。",
            "{topic}について、職員が同じ手順で業務を行えるよう、標準的な方法を示す。"]
SCOPES = ["本{kind}は、当院に勤務するすべての職員に適用する。",
          "本{kind}は、{owner}が所管する業務および関係する部署に適用する。",
          "本{kind}は、病棟、外来および中央部門で{topic}に携わる職員に適用する。委託業者の職員にも準用する。"]
TERMS = [("電子カルテ", "当院の電子カルテシステムおよびその端末をいう。"),
         ("部門システム", "検査、放射線、薬剤など各部門で用いる情報システムをいう。"),
         ("所属長", "各部署の長をいう。夜間および休日は当直責任者が代行する。"),
         ("記録簿", "本手順で定める点検および作業の記録をいう。電子または紙で保存する。"),
         ("外部媒体", "USBメモリ、外付けディスク、光ディスクなどの可搬記録媒体をいう。"),
         ("インシデント", "患者に影響を及ぼした、または及ぼすおそれのあった事象をいう。"),
         ("バックアップ", "障害や攻撃に備えて取得するデータの複製をいう。"),
         ("当直責任者", "夜間および休日に病院を代表して判断を行う職員をいう。")]
STEP_TITLES = ["事前準備", "実施前の確認", "作業の実施", "実施後の確認", "記録と報告", "引き継ぎ", "物品の補充", "定期点検"]
TASKS = ["作業に必要な物品がそろっていることを確認する", "対象となる患者または機器を二つの識別子で確認する",
         "作業の開始を{role}に伝える", "点検表の該当欄に記入する", "異常の有無を確かめる", "結果を{role}に報告する",
         "使用した物品を所定の場所に戻す", "次の勤務帯へ申し送る"]
FOOTNOTES = ["厚生労働省「医療情報システムの安全管理に関するガイドライン」を参照。", "院内の医療安全管理指針による。",
             "感染対策委員会の決定に基づく。", "夜間および休日の連絡先は当直表による。"]


# ----------------------------------------------------------------- model

@dataclass
class Doc:
    index: int
    id: str
    category_slug: str
    category: str
    title: str
    topic: str
    kind: str
    owner: str
    status: str
    approver: str | None
    effective: dt.date
    review: tuple[str, str]               # ("review_by", "YYYY-MM-DD") or ("review_months", "12")
    audience: list[str]
    tags: list[str]
    steps: list[tuple[str, str]]          # (### heading text, explicit id)
    image: str | None
    task_list: bool
    footnote: bool
    path: str = ""                        # path under content/, posix
    edition: int = 0
    links: list[tuple[int, str]] = field(default_factory=list)   # (target index, fragment)

    def sections(self) -> list[tuple[str, str]]:
        """Every heading that links may target: (text, id)."""
        out = [("目的", "purpose"), ("適用範囲", "scope"), ("手順", "steps")]
        out += self.steps
        out += [("異常時の対応", "incidents"), ("記録と保管", "records")]
        return out


def sites_of(audience: list[str]) -> set[str]:
    return {"all", "ward-5w", "it"} if "all" in audience else set(audience)


def add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    return dt.date(d.year + y, m + 1, min(d.day, 28))


def plan(n_docs: int, seed: int) -> list[Doc]:
    rng = random.Random(seed)
    counters: dict[str, int] = {}
    weights = [c[3] for c in CATEGORIES]
    docs: list[Doc] = []
    for i in range(n_docs):
        slug, prefix, category, _ = rng.choices(CATEGORIES, weights=weights)[0]
        counters[prefix] = counters.get(prefix, 0) + 1
        doc_id = f"{prefix}-{counters[prefix]:04d}"
        topic = rng.choice(TOPICS[prefix])
        kind = rng.choice(DOC_KINDS)
        r = rng.random()
        status = "approved" if r < 0.85 else "draft" if r < 0.93 else "review" if r < 0.97 else "obsolete"
        approver = rng.choice(APPROVERS) if status in ("approved", "obsolete") else None
        effective = dt.date(2023, 4, 1) + dt.timedelta(days=rng.randrange(0, 3 * 365))
        if rng.random() < 0.25:
            review = ("review_months", str(rng.choice([12, 24, 36])))
        else:
            review = ("review_by", (add_months(effective, rng.choice([12, 24, 36])) - dt.timedelta(days=1)).isoformat())
        if prefix == "NUR" and rng.random() < 0.6:
            audience = ["ward-5w"]
        elif prefix in ("OPS", "SEC") and rng.random() < 0.3:
            audience = ["it"]
        elif rng.random() < 0.03:
            audience = ["ward-5w", "it"]
        else:
            audience = ["all"]
        n_steps = rng.randint(2, 4)
        step_titles = rng.sample(STEP_TITLES, n_steps)
        steps = [(f"{k + 1}. {t}", f"steps-{k + 1}") for k, t in enumerate(step_titles)]
        docs.append(Doc(
            index=i, id=doc_id, category_slug=slug, category=category,
            title=f"{topic}{rng.choice(['に関する', 'の'])}{kind}", topic=topic, kind=kind,
            owner=rng.choice(OWNERS[prefix]), status=status, approver=approver,
            effective=effective, review=review, audience=audience,
            tags=sorted(set(rng.sample(TAGS, rng.randint(1, 3))), key=TAGS.index),
            steps=steps,
            image=f"images/figure-{rng.randint(1, 3)}.png" if rng.random() < 0.1 else None,
            task_list=rng.random() < 0.3, footnote=rng.random() < 0.3,
            path=f"{slug}/{doc_id.lower()}.md",
        ))
    # Links: only to approved documents present in every site the source is in,
    # so no audience's site has a dangling link.
    approved = [d for d in docs if d.status == "approved"]
    for d in docs:
        src_sites = sites_of(d.audience)
        candidates = [t for t in approved if t.index != d.index and src_sites <= sites_of(t.audience)]
        for t in rng.sample(candidates, min(len(candidates), rng.randint(2, 4))):
            d.links.append((t.index, rng.choice(t.sections())[1]))
    return docs


# ----------------------------------------------------------------- rendering

class Prose:
    def __init__(self, rng: random.Random, doc: Doc):
        self.rng, self.doc = rng, doc

    def role(self) -> str:
        return self.rng.choice(ROLES)

    def sentence(self) -> str:
        r, k = self.rng, self.rng.random()
        if k < 0.45:
            return f"{self.role()}は、{r.choice(TIMINGS)}{r.choice(OBJECTS)}{r.choice(PREDICATES)}。"
        if k < 0.75:
            return f"{r.choice(CONDITIONS)}場合は、{r.choice(REACTIONS).format(role=self.role())}。"
        if k < 0.9:
            return r.choice(CONNECTIVES)
        return f"{r.choice(OBJECTS)}は、{self.doc.owner}が{r.choice(TIMINGS)}見直す。"

    def paragraph(self, n: tuple[int, int] = (3, 5)) -> str:
        return "".join(self.sentence() for _ in range(self.rng.randint(*n)))


def link_markdown(src: Doc, target: Doc, fragment: str) -> str:
    rel = posixpath.relpath(target.path, posixpath.dirname(src.path))
    heading = dict((i, t) for t, i in target.sections())[fragment]
    heading = heading.split(". ", 1)[-1]
    return f"[{target.title}「{heading}」]({rel}#{fragment})"


def render(doc: Doc, docs: list[Doc], seed: int, target_bytes: int) -> str:
    rng = random.Random(f"{seed}:{doc.id}:{doc.edition}")
    p = Prose(rng, doc)
    effective = doc.effective + dt.timedelta(days=30 * doc.edition)

    fm = ["---", f"id: {doc.id}", f"title: {doc.title}", f"status: {doc.status}", f"owner: {doc.owner}"]
    if doc.approver:
        fm.append(f"approver: {doc.approver}")
    fm.append(f"effective: {effective.isoformat()}")
    if doc.review[0] == "review_by":
        review_by = dt.date.fromisoformat(doc.review[1]) + dt.timedelta(days=30 * doc.edition)
        fm.append(f"review_by: {review_by.isoformat()}")
    else:
        fm.append(f"review_months: {doc.review[1]}")
    fm += [f"audience: [{', '.join(doc.audience)}]", f"category: {doc.category}",
           f"tags: [{', '.join(doc.tags)}]", "---", ""]

    links = [link_markdown(doc, docs[t], frag) for t, frag in doc.links]
    fmt = dict(kind=doc.kind, topic=doc.topic, owner=doc.owner)

    head: list[str] = []
    head += ["## 目的 {#purpose}", "", rng.choice(PURPOSES).format(**fmt) + p.paragraph((1, 2)), ""]
    head += ["## 適用範囲 {#scope}", "", rng.choice(SCOPES).format(**fmt), ""]
    head += ["### 用語の定義", ""]
    for term, meaning in rng.sample(TERMS, 3):
        head.append(f"- **{term}**: {meaning}")
    head += ["", "## 手順 {#steps}", "",
             f"{doc.topic}は、次の手順で行う。各手順の実施者は、{links[0] if links else '関連する規程'}もあわせて確認する。", ""]

    # Each step subsection: a paragraph, a numbered list, and room to grow.
    steps: list[list[str]] = []
    for k, (text, sid) in enumerate(doc.steps):
        block = [f"### {text} {{#{sid}}}", "", p.paragraph(), ""]
        tasks = sorted(rng.sample(range(len(TASKS)), rng.randint(3, 6)))
        block += [f"{n}. {TASKS[t].format(role=p.role())}。" for n, t in enumerate(tasks, start=1)]
        block.append("")
        if k == 0 and doc.image:
            block += [f"![{doc.topic}の概要図]({posixpath.relpath(doc.image, posixpath.dirname(doc.path))})", ""]
        steps.append(block)

    incidents = ["## 異常時の対応 {#incidents}", "", p.paragraph(), ""]
    incidents += [f"- {rng.choice(CONDITIONS)}場合: {rng.choice(REACTIONS).format(role=p.role())}。" for _ in range(3)]
    incidents.append("")
    if len(links) > 1:
        incidents += [f"連絡体制の詳細は{links[1]}による。", ""]

    records = ["## 記録と保管 {#records}", "", p.paragraph((2, 3)), "",
               "| 記録 | 作成者 | 保存期間 | 保管場所 |", "| --- | --- | ---: | --- |"]
    for obj in rng.sample(OBJECTS, 4):
        records.append(f"| {obj} | {p.role()} | {rng.choice([1, 3, 5, 10])}年 | {rng.choice(['電子カルテ', '部署の書庫', '医療情報部', '共有フォルダ'])} |")
    records.append("")
    if doc.task_list:
        records += ["### 点検チェックリスト", ""]
        records += [f"- [{'x' if rng.random() < 0.5 else ' '}] {TASKS[t].format(role=p.role())}"
                    for t in sorted(rng.sample(range(len(TASKS)), 4))]
        records.append("")
    if doc.footnote:
        records += [f"記録の保存期間は法令および院内規程に基づく[^1]。", ""]

    related = ["## 関連文書 {#related}", ""] + [f"- {l}" for l in links] + [""]
    tail = [f"[^1]: {rng.choice(FOOTNOTES)}", ""] if doc.footnote else []

    def assemble() -> str:
        body = head + [line for b in steps for line in b] + incidents + records + related + tail
        return "\n".join(fm + body)

    # Grow the steps and the incidents section with paragraphs until the
    # document reaches about target_bytes.
    text, turn = assemble(), 0
    while len(text.encode("utf-8")) < target_bytes - 200:
        para = p.paragraph()
        where = turn % (len(steps) + 1)
        (steps[where] if where < len(steps) else incidents).extend([para, ""])
        turn += 1
        text = assemble()
    return text


def tebiki_yml() -> str:
    return """organisation: さくら市立総合病院
site_title: 病院業務マニュアル 文書集(ベンチマーク用)
theme: default
allow_raw_html: false
review_warning_days: 30
audiences:
  - key: all
    name: 全職員
  - key: ward-5w
    name: 5階西病棟
  - key: it
    name: 医療情報部
"""


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain, deterministic PNG with a border."""
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            edge = x < 2 or y < 2 or x >= width - 2 or y >= height - 2
            row += bytes((40, 40, 40) if edge else rgb)
        rows.append(bytes(row))
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")


# ----------------------------------------------------------------- git

def git_env(when: dt.datetime) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    stamp = when.isoformat()
    env.update({
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "文書管理 担当", "GIT_AUTHOR_EMAIL": "bunsho@example.invalid",
        "GIT_COMMITTER_NAME": "文書管理 担当", "GIT_COMMITTER_EMAIL": "bunsho@example.invalid",
        "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp,
        "LC_ALL": "C", "TZ": "UTC",
    })
    return env


def git(repo: Path, *args: str, when: dt.datetime = BASE_DATE, capture: bool = False) -> str:
    cmd = ["git", "-c", "user.name=文書管理 担当", "-c", "user.email=bunsho@example.invalid",
           "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", "-c", "core.fileMode=true",
           "-c", "init.defaultBranch=main", *args]
    res = subprocess.run(cmd, cwd=repo, env=git_env(when), check=True, text=True,
                         stdout=subprocess.PIPE if capture else subprocess.DEVNULL)
    return res.stdout.strip() if capture else ""


# ----------------------------------------------------------------- main

def write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def generate(out: Path, n_docs: int, revisions: int, seed: int, target_bytes: int) -> str:
    docs = plan(n_docs, seed)
    content = out / "content"
    write(content / "tebiki.yml", tebiki_yml())
    for k, colour in enumerate([(200, 220, 240), (220, 240, 200), (240, 220, 200)], start=1):
        write(content / "images" / f"figure-{k}.png", png(320, 180, colour))
    for d in docs:
        write(content / d.path, render(d, docs, seed, target_bytes))
    write(out / "README.md", f"Synthetic tebiki content for benchmarks: {n_docs} documents, made by tests/bench/make_corpus.py.\n")

    git(out, "init", "-q", "--template=")
    git(out, "add", "-A")
    git(out, "commit", "-q", "-m", f"文書集を登録({n_docs}件)")

    # Further revisions: a few documents revised (edition + 1), and a few
    # renamed; every document that links to a renamed one is rewritten too.
    rng = random.Random(f"{seed}:revisions")
    for r in range(2, revisions + 1):
        when = BASE_DATE + dt.timedelta(days=7 * (r - 1))
        revised = sorted(rng.sample(range(n_docs), max(1, n_docs // 20)))
        renamed = sorted(rng.sample(range(n_docs), max(1, n_docs // 100)))
        for i in revised:
            docs[i].edition += 1
        old_paths = {i: docs[i].path for i in renamed}
        for i in renamed:
            d = docs[i]
            d.path = f"{d.category_slug}/{d.id.lower()}-{r}.md"
        touched = set(revised) | set(renamed)
        touched |= {d.index for d in docs if any(t in old_paths for t, _ in d.links)}
        for i, old in old_paths.items():
            (content / old).unlink()
        for i in sorted(touched):
            write(content / docs[i].path, render(docs[i], docs, seed, target_bytes))
        git(out, "add", "-A", when=when)
        names = "、".join(docs[i].id for i in revised[:3])
        git(out, "commit", "-q", "-m", f"{names} ほか{len(revised)}件を改訂、{len(renamed)}件を移動", when=when)

    return git(out, "rev-parse", "HEAD", capture=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--docs", type=int, default=1000, help="number of documents (default 1000)")
    ap.add_argument("--revisions", type=int, default=1, help="commits in the history (default 1)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--bytes", type=int, default=TARGET_BYTES, help="approximate size of a document (default 8192)")
    ap.add_argument("--force", action="store_true", help="regenerate even if the stamp matches")
    a = ap.parse_args()
    if a.docs < 5 or a.revisions < 1 or a.bytes < 1000:
        ap.error("--docs must be at least 5, --revisions at least 1, --bytes at least 1000")

    out: Path = a.outdir.resolve()
    params = {
        "docs": a.docs, "revisions": a.revisions, "seed": a.seed, "bytes": a.bytes,
        "generator_sha256": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
    }
    stamp_path = out / ".git" / STAMP_NAME

    if stamp_path.is_file():
        try:
            stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stamp = {}
        if not a.force and stamp.get("params") == params:
            try:
                head = git(out, "rev-parse", "HEAD", capture=True)
                dirty = git(out, "status", "--porcelain", capture=True)
            except subprocess.CalledProcessError:
                head, dirty = "", "?"
            if head == stamp.get("commit") and not dirty:
                print(f"make_corpus: {out} is up to date ({a.docs} documents, commit {head})")
                return 0
        shutil.rmtree(out)
    elif out.exists() and (not out.is_dir() or any(out.iterdir())):
        print(f"make_corpus: {out} exists and is not a corpus made by this script; not touching it", file=sys.stderr)
        return 3

    out.mkdir(parents=True, exist_ok=True)
    commit = generate(out, a.docs, a.revisions, a.seed, a.bytes)
    stamp_path.write_text(json.dumps({"params": params, "commit": commit}, indent=2) + "\n", encoding="utf-8")
    print(f"make_corpus: wrote {a.docs} documents to {out}/content, commit {commit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
