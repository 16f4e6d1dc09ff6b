"""The review pages: the trainer's queue and session review, grading an uploaded call."""
