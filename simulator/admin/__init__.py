"""Operations for admins: health and readiness, metrics, the LLM provider's status and usage, the audit log's API."""
