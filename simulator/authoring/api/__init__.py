"""The authoring JSON API: /api/authoring, /api/trainer/rubrics and rule packs, /api/hr/approvals."""
