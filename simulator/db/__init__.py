"""The database: engine and migrations, the tables (``models``), the repository of queries, the catalog's published versions and the audit log."""
