"""Guided sessions: definitions, answer rules, the engine, saved sessions, providers.

- definition.py: the model of a studio and its steps, loaded from YAML
- values.py: checking and parsing one answer; the answer context
- sessions.py: ``sessions/<id>.yaml`` read and written as answers are given
- engine.py: which step comes next, validation, review, ``--answers``
- progress.py, providers.py, feature.py: what the studios add to status and documents
"""
