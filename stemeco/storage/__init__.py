"""Files: safe, bounded YAML reads with line numbers (read.py, cache.py), comment-keeping
round-trip writes (roundtrip.py), atomic writes (files.py), record files (records.py).
"""
