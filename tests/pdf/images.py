#!/usr/bin/python3
"""Print the pictures of a PDF and of PNG files as JSON, for the PDF tests.

For the PDF: each image XObject's size, filter, /DecodeParms predictor and
the SHA-256 of its pixels as PyMuPDF (Debian's python3-fitz) decodes them
(RGB or grey, no alpha). For each PNG given after it: the same digest of its
pixels and of its IDAT data, so a test can tell that a picture shows the
same pixels in the PDF and whether its compressed rows were carried as they are.
"""
import hashlib
import json
import sys

import fitz


def pixels(pixmap):
    if pixmap.alpha:
        pixmap = fitz.Pixmap(pixmap, 0)  # drop alpha
    return {"width": pixmap.width, "height": pixmap.height, "components": pixmap.n,
            "sha256": hashlib.sha256(pixmap.samples).hexdigest()}


doc = fitz.open(sys.argv[1])
images = []
for xref in range(1, doc.xref_length()):
    if doc.xref_get_key(xref, "Subtype")[1] != "/Image":
        continue
    entry = pixels(fitz.Pixmap(doc, xref))
    entry["filter"] = doc.xref_get_key(xref, "Filter")[1]
    entry["predictor"] = doc.xref_get_key(xref, "DecodeParms/Predictor")[1]
    entry["raw_sha256"] = hashlib.sha256(doc.xref_stream_raw(xref)).hexdigest()
    images.append(entry)
def idat_sha256(path):
    """The digest of a PNG's IDAT chunks' data, joined (its zlib stream)."""
    data = open(path, "rb").read()
    at, joined = 8, b""
    while at + 12 <= len(data):
        length = int.from_bytes(data[at:at + 4], "big")
        if data[at + 4:at + 8] == b"IDAT":
            joined += data[at + 8:at + 8 + length]
        at += 12 + length
    return hashlib.sha256(joined).hexdigest()


sources = [dict(pixels(fitz.Pixmap(path)), idat_sha256=idat_sha256(path)) for path in sys.argv[2:]]
print(json.dumps({"images": images, "sources": sources}))
