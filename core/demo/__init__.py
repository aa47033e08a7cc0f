"""A demonstration programme: seeded, realistic data to try every command on."""
