"""The database: engines for SQLite and PostgreSQL, the few statements that differ by driver,
and the unit of work every use case opens its transaction with.
"""
