"""Pure transforms from parsed records to warehouse rows: Arabic text, dates, sources, relevance.

Every function here is a pure function of its arguments (the only file access is reading the
CSV dictionaries bundled in `transforms/data/`). Modules import only `schemas/`, each other and
third-party libraries.
"""
