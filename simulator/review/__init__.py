"""Trainer review: the sessions of coached trainees, comments on turns, grade overrides, and grading an uploaded real call."""
