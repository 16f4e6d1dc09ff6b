"""The review JSON API: /api/trainer sessions and the grader (/api/grade)."""
