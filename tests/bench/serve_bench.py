#!/usr/bin/env python3
"""Time `tebiki serve` from a save to the rebuilt page being served.

    python3 tests/bench/serve_bench.py TEBIKI CORPUS [--runs 10] [--pdf] [--interval 3]

Starts `tebiki serve --port 0` in the corpus repository, keeps one page's
event stream open as a browser's EventSource does, and then, run after run,
saves one document with a new sentence in it and measures

  reload   save -> the `reload` event on the stream
  served   save -> the document's page fetched with the new sentence in it

With --pdf, also

  pdf      save -> the document's own PDF (all/pdf/<id>.pdf) fetched with
           the new sentence in it (pdftotext), and
  rebuild  save -> serve's report that the PDFs are up to date (binders
           included); the next save waits for it, so that no save queues
           behind the last one's binders.

The document is restored at the end. Prints the figures; never fails on
time (only when serve fails or the page never shows the edit).
Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

PATIENCE_S = 120.0  # bounds a hang; never what is measured


def pick_document(content: Path) -> tuple[Path, str]:
    """The first document (by path) that every audience's site carries."""
    for path in sorted(content.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        ident = re.search(r"^id:\s*(\S+)\s*$", text, re.M)
        audience = re.search(r"^audience:\s*(.*)$", text, re.M)
        if ident and (audience is None or "all" in audience.group(1)):
            return path, ident.group(1)
    raise SystemExit("serve_bench: no document for audience 'all' in " + str(content))


class EventStream:
    """One open /__tebiki/events stream, read line by line."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=PATIENCE_S)
        self.conn.request("GET", "/__tebiki/events")
        self.response = self.conn.getresponse()
        self.wait_for(": connected")

    def wait_for(self, marker: str) -> None:
        while True:
            line = self.response.fp.readline()
            if not line:
                raise SystemExit(f"serve_bench: the event stream ended before '{marker}'")
            if line.decode("utf-8").rstrip("\r\n") == marker:
                return

    def close(self) -> None:
        self.conn.close()


def fetch_bytes(port: int, url: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=PATIENCE_S)
    conn.request("GET", url)
    body = conn.getresponse().read()
    conn.close()
    return body


def fetch(port: int, url: str) -> str:
    return fetch_bytes(port, url).decode("utf-8")


def pdf_text(pdf: bytes) -> str:
    """The PDF's text without white space (a line may break anywhere)."""
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=False).stdout
    return re.sub(r"\s+", "", out.decode("utf-8", "replace"))


class RebuildReports:
    """Counts serve's "... and PDFs updated in N ms" lines on its stderr."""

    def __init__(self, stream) -> None:
        self.count = 0
        self.last_ms = 0.0
        self.cond = threading.Condition()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            match = re.search(r"and PDFs updated in (\d+) ms", line)
            if match:
                with self.cond:
                    self.count += 1
                    self.last_ms = float(match.group(1))
                    self.cond.notify_all()

    def wait_beyond(self, count: int) -> None:
        with self.cond:
            if not self.cond.wait_for(lambda: self.count > count, timeout=PATIENCE_S):
                raise SystemExit("serve_bench: serve never reported its PDFs up to date")


def start_serve(tebiki: str, corpus: Path, with_pdf: bool) -> tuple[subprocess.Popen, int]:
    # With PDFs, serve reports each rebuild on stderr (not --quiet).
    args = [os.path.abspath(tebiki), "serve", "--port", "0", "--content", "content"] + (["--pdf"] if with_pdf else ["--quiet"])
    proc = subprocess.Popen(args, cwd=corpus, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE if with_pdf else subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    started = time.monotonic()
    for line in proc.stdout:
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if match:
            print(f"first build and start: {time.monotonic() - started:.2f} s")
            return proc, int(match.group(1))
    raise SystemExit(f"serve_bench: tebiki serve exited with {proc.wait()} before serving")


def summary(name: str, values_ms: list[float]) -> str:
    values = sorted(values_ms)
    p90 = values[min(len(values) - 1, int(round(0.9 * (len(values) - 1))))]
    return (f"{name:<8} median {statistics.median(values):7.1f} ms   min {values[0]:7.1f} ms   "
            f"p90 {p90:7.1f} ms   max {values[-1]:7.1f} ms")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("tebiki")
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--pdf", action="store_true", help="serve with --pdf")
    ap.add_argument("--interval", type=float, default=3.0,
                    help="seconds between saves, as a writer reads the page before saving again (default 3): "
                         "the search index of one save is finished before the next")
    args = ap.parse_args()

    doc, ident = pick_document(args.corpus / "content")
    original = doc.read_bytes()
    url = f"/all/docs/{ident}.html"
    proc, port = start_serve(args.tebiki, args.corpus, args.pdf)
    reports = RebuildReports(proc.stderr) if args.pdf else None
    pdf_url = f"/all/pdf/{ident}.pdf"
    reload_ms: list[float] = []
    served_ms: list[float] = []
    pdf_ms: list[float] = []
    rebuild_ms: list[float] = []
    try:
        for run in range(args.runs + 1):  # run 0 warms the cache up
            time.sleep(args.interval)
            done = reports.count if reports else 0
            old_pdf = fetch_bytes(port, pdf_url) if args.pdf else b""
            stream = EventStream(port)
            sentence = f"計測用の追記その{run}です。"
            with open(doc, "wb") as out:
                out.write(original + f"\n{sentence}\n".encode("utf-8"))
            saved = time.monotonic()
            stream.wait_for("event: reload")
            reloaded = time.monotonic()
            stream.close()
            if sentence not in fetch(port, url):
                raise SystemExit(f"serve_bench: {url} does not show the edit of run {run}")
            served = time.monotonic()
            if args.pdf:
                # Polled: the PDF is written after the pages, beside the binders.
                while True:
                    pdf = fetch_bytes(port, pdf_url)
                    fetched = time.monotonic()
                    if pdf != old_pdf and pdf.startswith(b"%PDF") and sentence in pdf_text(pdf):
                        break
                    if fetched - saved > PATIENCE_S:
                        raise SystemExit(f"serve_bench: {pdf_url} never showed the edit of run {run}")
                    time.sleep(0.002)
                reports.wait_beyond(done)
                if run > 0:
                    pdf_ms.append((fetched - saved) * 1000)
                    rebuild_ms.append(reports.last_ms)
            if run > 0:
                reload_ms.append((reloaded - saved) * 1000)
                served_ms.append((served - saved) * 1000)
    finally:
        doc.write_bytes(original)
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=PATIENCE_S)
        except subprocess.TimeoutExpired:
            proc.kill()
    print(f"document {doc.relative_to(args.corpus)} ({ident}), {args.runs} saves after one warm-up"
          f"{', with PDFs' if args.pdf else ''}")
    print(summary("reload", reload_ms))
    print(summary("served", served_ms))
    if args.pdf:
        print(summary("pdf", pdf_ms))
        print(summary("rebuild", rebuild_ms) + "   (serve's own report: save seen to PDFs and binders done)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
