"""Use cases: each owns its transaction through a unit of work and takes the time as a parameter."""
