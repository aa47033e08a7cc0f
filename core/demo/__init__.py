"""A demonstration programme dated from today: seeded, realistic data to try every command on."""
