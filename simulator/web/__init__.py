"""The web layer shared by every domain: templating, translation, middleware (body limit, security headers, edge checks) and the role dependencies of routes. It imports no domain package."""
