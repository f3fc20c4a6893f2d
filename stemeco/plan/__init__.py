"""The plan feature: business plan, indicators and measurements, launches,
self-assessment and the Leadership Team's approval. feature.py says what it adds.
"""
