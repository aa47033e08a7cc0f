"""End-to-end tests: the app, the CLI and the bot against local fake providers."""
