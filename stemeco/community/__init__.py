"""The community feature (milestone 1): teams, design calendar, asset map with its
importer and gap analysis, interviews. feature.py says what it adds to stemeco.
"""
