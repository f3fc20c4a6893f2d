"""stemeco: guide a municipality's design team through building a STEM Learning Ecosystem."""

__version__ = "0.1.0"
