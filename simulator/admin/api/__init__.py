"""The admin JSON API: /healthz, /readyz, /metrics, /api/admin/llm, /api/audit."""
