"""The ``collector-sim`` command line: serve, users, seed, grade, eval, llm, catalog, migrate."""
