"""Accounts: users and passwords, login and its rate limits, cohorts, and which cohorts see which scenario. Routes: /api/auth, /login, /logout."""
