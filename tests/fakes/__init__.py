"""Local servers that impersonate Twilio, Telegram and the Android gateway, recording requests."""
