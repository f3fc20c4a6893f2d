"""Documents: rendering templates in a sandbox (render.py), writing docs/ and the one
staleness rule shared by ``render --check`` and ``status`` (output.py).
"""
