"""The outbox's rules as pure functions: quiet hours, back-off, rate limits, schedules."""
