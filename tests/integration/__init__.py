"""Integration tests: use cases on real SQLite and PostgreSQL, peers faked at the network edge."""
