"""Labelled benchmark of personal-data detection: generator (generate.py) and its pools."""
