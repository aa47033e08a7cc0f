"""The monitoring report: SQL aggregates, pure assembly and the report's data shape."""
