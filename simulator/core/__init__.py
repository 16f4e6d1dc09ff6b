"""Shared infrastructure with no domain in it: security (argon2, sealed tokens), logging, observability, metrics and the domain errors services raise."""
