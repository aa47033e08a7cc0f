"""qoncha's tests, a package so that tiers and fakes import each other by name."""
