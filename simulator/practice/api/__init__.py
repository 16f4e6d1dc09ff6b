"""The practice JSON API: /api/scenarios and /api/sessions."""
