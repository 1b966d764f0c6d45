#!/usr/bin/python3
"""Writes the seed corpus of the fuzz targets (tests/fuzz/corpus/<target>/).

Run from anywhere: python3 tests/fuzz/make_corpus.py. The files are
committed; run it again only to change the seeds. Documents come from the
sample content (content/) with their links pointed at what the fuzz
targets' content tree holds (tests/fuzz/fuzz_targets.cpp: doc.md beside
other.md and images/), so that the renderers' targets start from bodies the
catalog accepts. Bundles are made small here and signed with the fuzzing
key (tests/fuzz/bundle-key/, a key for these tests only) through openssl.
"""

import hashlib
import json
import pathlib
import re
import shutil
import subprocess
import tempfile
import zipfile

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent.parent
CORPUS = FUZZ / "corpus"


def pointed_at_fuzz_tree(markdown: str) -> str:
    """Links to other documents lead to other.md, images to images/."""
    markdown = re.sub(r"\]\((?:\.\./)?images/([^)\s]+)\)", r"](images/\1)", markdown)
    markdown = re.sub(r"\]\((?:\.\./[a-z]+/)?[a-z0-9-]+\.md#[^)\s]+\)", "](other.md#verify)", markdown)
    return re.sub(r"\]\((?:\.\./[a-z]+/)?[a-z0-9-]+\.md\)", "](other.md)", markdown)


def body_of(markdown: str) -> str:
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end >= 0:
            return markdown[end + 5:]
    return markdown


FRONT = ("---\nid: FUZZ-002\ntitle: 試験文書\nstatus: {status}\nowner: 医療情報部\napprover: 病院長\n"
         "effective: 2026-04-01\nreview_by: 2099-03-31\naudience: [all]\n---\n")

# Small documents that reach the corners: the limits (docs/content-format.md),
# GFM extensions, and front matter the catalog must refuse clearly.
HANDMADE_BODIES = {
    "nesting-at-limit.md": "> " * 16 + "引用\n\n" + "".join("  " * i + "- 項目\n" for i in range(16)),
    "nesting-past-limit.md": "> " * 17 + "深すぎる引用\n",
    "emphasis.md": "*強調* **太字** ~~取消~~ `コード` ***両方*** [リンク](other.md) ![図](images/flow.svg)\n",
    "table.md": "| 状況 | 対応 |\n| --- | :---: |\n| 停電 | 連絡する |\n| 断線 |\n",
    "wide-table.md": "|" + "a|" * 65 + "\n|" + "-|" * 65 + "\n",
    "footnotes-tasks.md": "本文[^1]。\n\n- [ ] 未了\n- [x] 済み\n\n[^1]: 注記。\n",
    "code.md": "```sh\npg_restore -d emr backup.dump\n```\n\n    インデントしたコード\n",
    "heading-ids.md": "# 見出し\n\n## 手順 {#step}\n\n## 手順\n\n## 手順\n\n### {#empty}\n",
    "long-line.md": "あ" * 1000 + "\n\n" + "a" * 3000 + "\n",
    "raw-html.md": "<div>生のHTML</div>\n\n<script>alert(1)</script>\n",
    "links.md": "[同じ文書](#手順) [他の文書](other.md#verify) [外部](https://www.mhlw.go.jp/) <https://example.jp/>\n"
                "[壊れた](missing.md) [外](../../etc/passwd) ![画像](images/backup-layout.png)\n",
    "kinsoku.md": "「括弧」、句読点。」。ー…‥！？" * 40 + "\n",
    "emoji-rare.md": "😀 𠮷野家 ﾊﾝｶｸ ①②③ ㈱ 髙\n",
    "empty.md": "",
}

HANDMADE_FILES = {
    "no-front-matter.md": "# 見出しだけ\n",
    "unclosed-front-matter.md": "---\nid: X-1\ntitle: 閉じていない\n",
    "tab-in-front-matter.md": "---\nid: X-1\n\ttitle: タブ\n---\n本文\n",
    "bad-yaml.md": "---\nid: [X-1\ntitle: {\n---\n本文\n",
    "bad-values.md": "---\nid: x 1\ntitle: \"\"\nstatus: done\nowner: 1\napprover: []\neffective: 2026-13-40\n"
                     "review_by: 1999-01-01\naudience: [nobody]\ntags: 5\n---\n本文\n",
    "review-months.md": FRONT.format(status="review").replace("review_by: 2099-03-31", "review_months: 9999")
                        + "本文\n",
    "draft.md": FRONT.format(status="draft") + "{{ 目的を書く }}\n",
    "obsolete.md": FRONT.format(status="obsolete") + "廃止。\n",
    "duplicate-id.md": FRONT.format(status="approved").replace("FUZZ-002", "OTHER-001") + "本文\n",
}


def write(path: pathlib.Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())


def documents() -> None:
    samples = sorted(ROOT.glob("content/**/*.md")) + [ROOT / "tests/fixtures/pdf-torture/docs/torture.md"]
    for sample in samples:
        text = pointed_at_fuzz_tree(sample.read_text())
        name = sample.stem + ".md"
        write(CORPUS / "catalog" / name, text)
        for target in ("html_page", "pdf_layout"):
            write(CORPUS / target / name, body_of(text))
    for name, body in HANDMADE_BODIES.items():
        write(CORPUS / "catalog" / name, FRONT.format(status="approved") + body)
        for target in ("html_page", "pdf_layout"):
            write(CORPUS / target / name, body)
    for name, text in HANDMADE_FILES.items():
        write(CORPUS / "catalog" / name, text)


def queries() -> None:
    found = re.findall(r"^- query: (.*)$", (ROOT / "tests/search/queries.yml").read_text(), re.M)
    extra = ['"EMR サーバ"', "“非常時 用”", '"閉じない', "　", "ＥＭＲ　ｻｰﾊﾞ", "第3条 2026年", "\"\"", "a" * 300,
             "𠮷野家 😀", "バックアップ -復元 OR login*"]
    for i, query in enumerate(sorted(set(q.strip().strip("'\"") or q for q in found)) + extra):
        write(CORPUS / "search_query" / f"query-{i:03d}.txt", query)


ZIP_TIME = (2026, 5, 1, 0, 0, 0)


def sign(message: bytes, key: pathlib.Path) -> bytes:
    with tempfile.NamedTemporaryFile() as m:
        m.write(message)
        m.flush()
        return subprocess.run(["openssl", "pkeyutl", "-sign", "-rawin", "-inkey", str(key), "-in", m.name],
                              check=True, capture_output=True).stdout


def manifest_of(files: dict) -> bytes:
    listed = [{"path": p, "sha256": hashlib.sha256(b).hexdigest(), "size": len(b)} for p, b in sorted(files.items())]
    manifest = {"audience": "all", "audience_name": "全職員", "edition": "edition/2026-05", "files": listed,
                "format": 1, "published_at": 1777593600, "source_commit": "a" * 40, "tebiki_version": "0.1.0"}
    return (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def zip_of(entries: list) -> bytes:
    """entries: (name, bytes) or (name, bytes, unix mode)."""
    with tempfile.SpooledTemporaryFile() as out:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for entry in entries:
                info = zipfile.ZipInfo(entry[0], ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = (entry[2] if len(entry) > 2 else 0o100644) << 16
                z.writestr(info, entry[1])
        out.seek(0)
        return out.read()


def bundles() -> None:
    key = FUZZ / "bundle-key/tebiki-signing.key"
    site = {"index.html": "<!DOCTYPE html><title>文書一覧</title>\n".encode(),
            "docs/OPS-001.html": "<p>本文</p>\n".encode(),
            "assets/media/images/構成図.png": b"\x89PNG\r\n\x1a\n"}
    manifest = manifest_of(site)
    signature = sign(manifest, key)
    files = [(p, b) for p, b in sorted(site.items())]
    whole = files + [("manifest.json", manifest), ("manifest.sig", signature)]
    out = CORPUS / "bundle_verify"
    write(out / "good-small.zip", zip_of(whole))
    write(out / "unsigned-small.zip", zip_of(files + [("manifest.json", manifest)]))
    tampered = [(p, b"<p>changed</p>\n" if p == "docs/OPS-001.html" else b) for p, b in whole]
    write(out / "bad-tampered.zip", zip_of(tampered))
    write(out / "bad-missing-file.zip", zip_of([(p, b) for p, b in whole if p != "docs/OPS-001.html"]))
    write(out / "bad-extra-entry.zip", zip_of(whole + [("extra.html", b"x")]))
    write(out / "bad-traversal.zip", zip_of(whole + [("../escape.html", b"x")]))
    write(out / "bad-symlink.zip", zip_of(whole + [("link", b"/etc/passwd", 0o120777)]))
    write(out / "bad-manifest-json.zip", zip_of(files + [("manifest.json", b"{\"format\": 1, \"files\": [")]))
    write(out / "bad-truncated.zip", zip_of(whole)[:300])
    with tempfile.TemporaryDirectory() as other:
        other_key = pathlib.Path(other) / "other.key"
        subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", str(other_key)], check=True)
        write(out / "bad-foreign-key.zip", zip_of(files + [("manifest.json", manifest),
                                                            ("manifest.sig", sign(manifest, other_key))]))


def main() -> None:
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    documents()
    queries()
    bundles()


if __name__ == "__main__":
    main()
