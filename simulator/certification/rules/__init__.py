"""Certification rules: programmes, requirements, progress, certificates, trends and exports.

Pure logic only (no web framework, no database): services hand in graded attempts and get back
progress, certificate decisions and export rows. ``tests/unit/test_architecture.py`` keeps it so.
"""
