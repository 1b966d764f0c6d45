#!/usr/bin/python3
"""Print the bytes a PDF spends on embedded pictures (image XObjects' streams
as stored). The PDF size target of issue 19 counts tebiki's own bytes: a
writer's photograph is embedded as it was given and is not ours to shrink."""
import sys

import fitz  # PyMuPDF, Debian's python3-fitz

document = fitz.open(sys.argv[1])
total = 0
for xref in range(1, document.xref_length()):
    if document.xref_is_stream(xref) and document.xref_get_key(xref, "Subtype")[1] == "/Image":
        total += len(document.xref_stream_raw(xref))
print(total)
