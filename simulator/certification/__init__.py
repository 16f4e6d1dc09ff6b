"""Certification and HR: programmes, progress, certificates, cohort dashboards, exports, re-assessment and
training records. The pure rules are in ``certification.rules``; the rest reads and writes the database."""
