#!/usr/bin/python3
"""Print every glyph of a PDF as a reader's viewer places it, as JSON.

Used by the PDF tests (PyMuPDF, Debian's python3-fitz): for each page its
size and, for each character of the text layer, the character, its box
(x0, y0, x1, y1, y down from the page's top), its origin (the pen position
on the baseline), its font size and font name; and the box of each picture.
"""
import json
import sys

import fitz

doc = fitz.open(sys.argv[1])
pages = []
for page in doc:
    chars = []
    # No spaces made up from gaps; ligatures and white space as they are.
    raw = page.get_text("rawdict", flags=fitz.TEXT_INHIBIT_SPACES | fitz.TEXT_PRESERVE_LIGATURES | fitz.TEXT_PRESERVE_WHITESPACE)
    for block in raw["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                for ch in span["chars"]:
                    x0, y0, x1, y1 = ch["bbox"]
                    chars.append({"c": ch["c"], "x0": x0, "y0": y0, "x1": x1, "y1": y1,
                                  "ox": ch["origin"][0], "oy": ch["origin"][1],
                                  "size": span["size"], "font": span["font"]})
    # MuPDF 1.21 gives a character outside the BMP that is one of several
    # in a ToUnicode entry as its two UTF-16 halves: put them together.
    merged = []
    for ch in chars:
        if merged and 0xD800 <= ord(merged[-1]["c"][-1]) <= 0xDBFF and 0xDC00 <= ord(ch["c"][0]) <= 0xDFFF:
            high, low = ord(merged[-1]["c"][-1]), ord(ch["c"][0])
            merged[-1]["c"] = merged[-1]["c"][:-1] + chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            continue
        merged.append(ch)
    chars = merged
    images = [list(info["bbox"]) for info in page.get_image_info()]
    pages.append({"width": page.rect.width, "height": page.rect.height, "chars": chars, "images": images})
json.dump({"pages": pages}, sys.stdout, ensure_ascii=False)
