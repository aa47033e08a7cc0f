"""SMS channels: one module per provider (webhook blueprint and sending transport)."""
